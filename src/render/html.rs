//! A self-contained HTML report for leaders: summary, one bar per area (awarded vs lost,
//! inline SVG), the losses and the per-agency table. No network, fonts or scripts; prints
//! on A4 in portrait. The analysts' reports (`rank`, `plan`, `compare`) are pages of their
//! tables ([`sheets`]).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::sheet::Sheet;
use crate::i18n::{Label, stage, tr};
use crate::number::{Lang, show};
use crate::score::ScoreResult;

/// Text for HTML content or a quoted attribute: markup characters as entities, control and
/// bidi characters shown escaped. Every text from the criteria or evidence goes through here.
pub fn esc(s: &str) -> String {
    let s = crate::text::visible(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
@page { size: A4 portrait; margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Noto Sans", Arial, sans-serif; color: #1d2733; margin: 0 auto; max-width: 182mm; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; border-bottom: 1px solid #c8d0da; padding-bottom: 1mm; }
.meta { color: #52606d; margin-bottom: 4mm; }
.summary { display: flex; gap: 4mm; margin: 3mm 0; }
.card { flex: 1; border: 1px solid #c8d0da; border-radius: 2mm; padding: 3mm; }
.card .k { color: #52606d; font-size: 9pt; }
.card .v { font-size: 17pt; font-weight: 600; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
th, td { border-bottom: 1px solid #e1e6ec; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #f1f4f8; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
svg text { font-family: inherit; }
.legend span { display: inline-block; width: 3mm; height: 3mm; margin: 0 1mm 0 3mm; vertical-align: middle; }
"#;

/// `parcalc score --format html`.
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    let t = &r.totals;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang.code(),
        esc(r.title(lang))
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(r.title(lang)));
    let mut meta = format!("{} · {}: {}", r.year, Label::Stage.text(lang), stage(r.stage, lang));
    if let Some(u) = &r.unit {
        let _ = write!(meta, " · {}: {}", Label::Unit.text(lang), u);
    }
    let _ = writeln!(h, "<div class=\"meta\">{}</div>", esc(&meta));
    let index = t.index_percent.map_or("—".to_string(), |i| format!("{}%", show(i, lang)));
    let band = t.band.as_ref().map_or("—", |b| b.label(lang));
    let _ = writeln!(h, "<div class=\"summary\">");
    for (k, v) in [
        (
            Label::Total.text(lang),
            format!("{} / {}", show(t.awarded, lang), show(t.applicable_max, lang)),
        ),
        (Label::Lost.text(lang), show(t.lost, lang)),
        (Label::Index.text(lang), index),
        (Label::Band.text(lang), band.to_string()),
    ] {
        let _ = writeln!(
            h,
            "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div></div>",
            esc(k),
            esc(&v)
        );
    }
    let _ = writeln!(h, "</div>");

    // One bar per area: awarded (green) and lost (red) in proportion to the area's maximum.
    let _ = writeln!(h, "<h2>{}</h2>", Label::Areas.text(lang));
    let areas: Vec<_> = r.areas().collect();
    let row_h = 9u32;
    let height = row_h * areas.len() as u32 + 4;
    let _ = writeln!(
        h,
        "<svg viewBox=\"0 0 180 {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        esc(Label::Areas.text(lang))
    );
    for (i, a) in areas.iter().enumerate() {
        let y = i as u32 * row_h + 2;
        // Bar lengths in tenths of a millimetre on a 100 mm scale, from exact decimals.
        let scale = |part: Decimal| -> Decimal {
            if a.applicable_max.is_zero() {
                Decimal::ZERO
            } else {
                (part * Decimal::ONE_THOUSAND / a.applicable_max).round() / Decimal::TEN
            }
        };
        let won = scale(a.awarded.max(Decimal::ZERO));
        let lost = scale(a.lost.max(Decimal::ZERO)).min(Decimal::ONE_HUNDRED - won);
        let label = format!("{} {}", a.code, a.title(lang));
        let short: String = label.chars().take(34).collect::<String>() + if label.chars().count() > 34 { "…" } else { "" };
        let _ = writeln!(
            h,
            "<g><title>{}</title><text x=\"0\" y=\"{}\" font-size=\"3.4\">{}</text><rect x=\"62\" y=\"{y}\" width=\"{won}\" height=\"6\" fill=\"#2e8b57\"/><rect x=\"{}\" y=\"{y}\" width=\"{lost}\" height=\"6\" fill=\"#d64545\"/><text x=\"{}\" y=\"{}\" font-size=\"3.2\">{} / {}</text></g>",
            esc(&label),
            y + 4,
            esc(&short),
            Decimal::from(62) + won,
            Decimal::from(62) + won + lost + Decimal::ONE,
            y + 4,
            show(a.awarded, lang),
            show(a.applicable_max, lang),
        );
    }
    let _ = writeln!(h, "</svg>");
    let _ = writeln!(
        h,
        "<div class=\"legend\"><span style=\"background:#2e8b57\"></span>{}<span style=\"background:#d64545\"></span>{}</div>",
        Label::Awarded.text(lang),
        Label::Lost.text(lang)
    );

    let losses = r.losses();
    let _ = writeln!(h, "<h2>{} ({})</h2>", Label::Losses.text(lang), losses.len());
    if losses.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", Label::NoLosses.text(lang));
    } else {
        let _ = writeln!(
            h,
            "<table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            Label::Code.text(lang),
            Label::Title.text(lang),
            Label::Max.text(lang),
            Label::Lost.text(lang),
            Label::Reason.text(lang),
            Label::Responsible.text(lang)
        );
        for n in losses {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(&n.code.to_string()),
                esc(n.title(lang)),
                show(n.max, lang),
                show(n.lost, lang),
                esc(n.reason.as_ref().map_or("", |x| x.get(lang))),
                esc(&super::agency_names(r, &n.responsible))
            );
        }
        let _ = writeln!(h, "</tbody></table>");
    }

    if !r.agencies.is_empty() {
        let _ = writeln!(h, "<h2>{}</h2>", Label::ByAgency.text(lang));
        let _ = writeln!(
            h,
            "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            Label::Agency.text(lang),
            Label::Sole.text(lang),
            Label::Shared.text(lang),
            Label::Lost.text(lang)
        );
        for a in &r.agencies {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(a.name_in(lang)),
                show(a.sole, lang),
                show(a.shared, lang),
                show(a.total, lang)
            );
        }
        let _ = writeln!(h, "</tbody></table>");
    }
    let _ = writeln!(h, "<p class=\"meta\">{}</p>", tr(lang, "Lập bằng parcalc.", "Made with parcalc."));
    h.push_str("</body>\n</html>\n");
    h
}

/// `rank`, `plan` and `compare` as HTML: one table per sheet, under the sheet's title lines.
pub fn sheets(sheets: &[Sheet], lang: Lang) -> String {
    let title = sheets.iter().find_map(|s| s.title.first()).map_or("parcalc", String::as_str);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang.code(),
        esc(title)
    );
    for (i, sheet) in sheets.iter().enumerate() {
        let heading = if i == 0 { "h1" } else { "h2" };
        if let Some((first, rest)) = sheet.title.split_first() {
            let _ = writeln!(h, "<{heading}>{}</{heading}>", esc(first));
            for line in rest {
                let _ = writeln!(h, "<div class=\"meta\">{}</div>", esc(line));
            }
        }
        if sheet.is_title_only() {
            continue;
        }
        let numeric: Vec<bool> = (0..sheet.headers.len())
            .map(|c| sheet.rows.iter().any(|r| r.get(c).is_some_and(super::sheet::Value::is_number)))
            .collect();
        let class = |c: usize| {
            if numeric.get(c).copied().unwrap_or(false) {
                " class=\"n\""
            } else {
                ""
            }
        };
        h.push_str("<table><thead><tr>");
        for (c, head) in sheet.headers.iter().enumerate() {
            let _ = write!(h, "<th{}>{}</th>", class(c), esc(head));
        }
        h.push_str("</tr></thead><tbody>\n");
        for row in &sheet.rows {
            h.push_str("<tr>");
            for (c, v) in row.iter().enumerate() {
                let _ = write!(h, "<td{}>{}</td>", class(c), esc(&v.shown(lang)));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table>\n");
    }
    let _ = writeln!(h, "<p class=\"meta\">{}</p>", tr(lang, "Lập bằng parcalc.", "Made with parcalc."));
    h.push_str("</body>\n</html>\n");
    h
}
