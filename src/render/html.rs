//! A self-contained HTML report an officer can attach: who issues it and when, which unit,
//! year, stage and criteria set it scores, the evidence files it read (name and SHA-256),
//! the summary, one bar per area (awarded vs lost), every table the terminal report shows
//! (areas, losses with the evidence documents, agencies with their total row), bonus and
//! penalty lines, and a signature block. No network, fonts or scripts.
//!
//! One page reads three ways: on a wide screen; on a phone (a `width=device-width`
//! viewport; below 640 px each table row becomes a card of label–value lines, so nothing
//! is wider than the screen and nothing needs zooming); and printed on A4 portrait with
//! page numbers in the margin, header rows repeated on every page, and rows never split.
//! Numbers in a column line up on the decimal mark: the integer and fraction parts are
//! separate boxes, every fraction box of a column as wide as the column's longest.
//!
//! The analysts' reports (`rank`, `plan`, `compare`) are pages of their tables ([`sheets`]).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::sheet::{Sheet, Value};
use crate::document::DocumentInfo;
use crate::i18n::{Label, tr};
use crate::number::{Lang, show};
use crate::provenance::InputFile;
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

/// Where a score report's data came from and who issues it: what the report's header and
/// signature block print.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The criteria file read, with its SHA-256.
    pub criteria: Option<InputFile>,
    /// The evidence files (and standard input) read, in the order read.
    pub evidence: Vec<InputFile>,
    /// The document's particulars: issuer, number, place, date, signer, recipients.
    pub document: DocumentInfo,
}

impl Origin {
    /// The origin of a run over `set` and `evidence`: the particulars are the set's
    /// `[document]` table with every field `flags` gives (the command line) replacing its own.
    pub fn new(set: &crate::criteria::CriteriaSet, evidence: &crate::evidence::Evidence, flags: Option<&DocumentInfo>) -> Origin {
        Origin {
            criteria: set.file.clone(),
            evidence: evidence.files.clone(),
            document: set.document.clone().overridden_by(flags.cloned().unwrap_or_default()),
        }
    }
}

/// The style sheet; `lang` gives the page-number text of the printed margin.
fn css(lang: Lang) -> String {
    let page = tr(lang, "Trang", "Page");
    format!(
        r#"
@page {{ size: A4 portrait; margin: 14mm 14mm 16mm; @bottom-right {{ content: "{page} " counter(page) " / " counter(pages); font: 9pt "Segoe UI", "Noto Sans", Arial, sans-serif; color: #52606d; }} }}
* {{ box-sizing: border-box; }}
body {{ font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1d2733; margin: 0 auto; max-width: 64rem; padding: 0 16px 8mm; font-size: 10.5pt; line-height: 1.35; overflow-wrap: anywhere; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
h1 {{ font-size: 16pt; margin: 4mm 0 2mm; }}
h2 {{ font-size: 12.5pt; margin: 7mm 0 2mm; border-bottom: 1px solid #c8d0da; padding-bottom: 1mm; break-after: avoid; }}
.meta {{ color: #52606d; margin-bottom: 4mm; }}
.doc {{ display: flex; justify-content: space-between; gap: 6mm; margin-top: 4mm; }}
.doc .issuer {{ text-align: center; }}
.doc .upper {{ text-transform: uppercase; }}
.doc .strong {{ font-weight: 700; }}
.doc .nation {{ text-align: center; }}
.doc .motto {{ text-decoration: underline; }}
.doc .date {{ font-style: italic; margin-top: 2mm; }}
.whatif {{ border: 1px solid #d64545; color: #a12626; padding: 2mm 3mm; font-weight: 600; }}
dl.facts {{ display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.8mm 4mm; margin: 2mm 0 3mm; }}
dl.facts dt {{ color: #52606d; }}
dl.facts dd {{ margin: 0; }}
code {{ font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.92em; }}
.summary {{ display: flex; flex-wrap: wrap; gap: 4mm; margin: 3mm 0; break-inside: avoid; }}
.card {{ flex: 1 1 auto; border: 1px solid #c8d0da; border-radius: 2mm; padding: 3mm; }}
.card .k {{ color: #52606d; font-size: 9pt; }}
.card .v {{ font-size: 17pt; font-weight: 600; white-space: nowrap; }}
.chart {{ display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) max-content; gap: 1.6mm 3mm; align-items: center; margin: 2mm 0; }}
.bar {{ display: contents; }}
.bar svg {{ display: block; width: 100%; height: 4mm; }}
.bar .v {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
.legend svg {{ width: 3mm; height: 3mm; margin: 0 1mm 0 3mm; vertical-align: middle; }}
table {{ width: 100%; border-collapse: collapse; font-size: 9pt; margin-bottom: 2mm; }}
thead {{ display: table-header-group; }}
th, td {{ border-bottom: 1px solid #e1e6ec; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }}
th {{ background: #f1f4f8; overflow-wrap: normal; }}
td.k {{ white-space: nowrap; }}
td.n, th.n {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
td.n .f {{ display: inline-block; text-align: left; }}
tr {{ break-inside: avoid; }}
tr.sum td {{ font-weight: 600; border-top: 1.5px solid #1d2733; }}
.sign {{ display: flex; justify-content: space-between; gap: 8mm; margin-top: 8mm; break-inside: avoid; }}
.sign .to {{ font-size: 9pt; }}
.sign .to .head {{ font-weight: 700; font-style: italic; }}
.sign .to ul {{ margin: 0; padding-left: 4mm; list-style: "- "; }}
.sign .by {{ text-align: center; min-width: 60mm; margin-left: auto; }}
.sign .title {{ font-weight: 700; text-transform: uppercase; }}
.sign .hint {{ font-style: italic; color: #52606d; font-size: 9pt; }}
.sign .space {{ height: 20mm; }}
.sign .name {{ font-weight: 700; }}
.blank {{ color: #8a96a3; }}
@media screen and (max-width: 640px) {{
  body {{ padding: 0 12px 6mm; font-size: 15px; }}
  h1 {{ font-size: 21px; }}
  h2 {{ font-size: 17px; }}
  .doc, .sign {{ flex-direction: column; gap: 3mm; }}
  .doc .nation {{ text-align: left; }}
  .sign .by {{ margin-left: 0; min-width: 0; }}
  dl.facts {{ grid-template-columns: minmax(0, 1fr); }}
  dl.facts dd {{ margin-bottom: 1.5mm; }}
  .card .k {{ font-size: 13px; }}
  .card .v {{ font-size: 20px; }}
  .chart {{ grid-template-columns: minmax(0, 1fr) max-content; row-gap: 1mm; }}
  .bar .l {{ grid-column: 1 / -1; }}
  table {{ font-size: 14px; }}
  table, tbody, tr, td {{ display: block; width: 100%; }}
  thead {{ display: none; }}
  tr {{ border: 1px solid #c8d0da; border-radius: 2mm; margin: 0 0 3mm; padding: 1.5mm 2.5mm; }}
  tr.sum td {{ border-top: 0; }}
  td, td.n {{ border: 0; display: flex; gap: 3mm; text-align: left; padding: 0.8mm 0; white-space: normal; }}
  td.n {{ justify-content: space-between; text-align: right; }}
  td::before {{ content: attr(data-label); color: #52606d; font-weight: 400; text-align: left; flex: 0 0 40%; }}
  td:empty {{ display: none; }}
  td.n .f {{ min-width: 0 !important; }}
}}
@media print {{
  body {{ max-width: none; padding: 0; }}
  a {{ color: inherit; text-decoration: none; }}
}}
"#
    )
}

/// The page up to `<body>`: language, viewport, title and style sheet.
fn head(h: &mut String, title: &str, lang: Lang) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        lang.code(),
        esc(title),
        css(lang)
    );
}

/// The last lines of every page: what made it.
fn foot(h: &mut String, lang: Lang) {
    let _ = writeln!(
        h,
        "<p class=\"meta\">{} {}.</p>",
        tr(lang, "Lập bằng parcalc", "Made with parcalc"),
        env!("CARGO_PKG_VERSION")
    );
    h.push_str("</body>\n</html>\n");
}

/// `parcalc score --format html` without the run's files and particulars (the date is
/// today, or `SOURCE_DATE_EPOCH`).
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    score_report(r, lang, &Origin::default())
}

/// `parcalc score --format html`: the report an officer attaches, with where it came from.
pub fn score_report(r: &ScoreResult, lang: Lang, origin: &Origin) -> String {
    let t = &r.totals;
    let doc = &origin.document;
    let title = tr(lang, "Kết quả chấm điểm Chỉ số cải cách hành chính", "PAR Index score report");
    let mut h = String::new();
    head(&mut h, &format!("{title} {}", r.year), lang);

    // The administrative heading, when the document has an issuer, a number or a place.
    if filled(&doc.parent).is_some() || filled(&doc.issuer).is_some() || filled(&doc.number).is_some() || filled(&doc.place).is_some() {
        h.push_str("<header class=\"doc\"><div class=\"issuer\">");
        if let Some(p) = filled(&doc.parent) {
            let _ = write!(h, "<div class=\"upper\">{}</div>", esc(p));
        }
        if let Some(i) = filled(&doc.issuer) {
            let _ = write!(h, "<div class=\"upper strong\">{}</div>", esc(i));
        }
        let number = filled(&doc.number).map_or_else(|| "<span class=\"blank\">……/……</span>".to_string(), esc);
        let _ = write!(h, "<div>{} {number}</div>", tr(lang, "Số:", "No.:"));
        let line = match lang {
            Lang::Vi => doc.date_line_vi(),
            Lang::En => doc.date_line_en(),
        };
        // The national heading on the right, over the date line (Nghị định 30/2020/NĐ-CP).
        let _ = writeln!(
            h,
            "</div><div class=\"nation\"><div class=\"strong\">{}</div><div class=\"strong motto\">{}</div><div class=\"date\">{}</div></div></header>",
            tr(lang, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
            tr(lang, "Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
            esc(&line)
        );
    }

    let _ = writeln!(h, "<h1>{title} {}</h1>", r.year);
    facts(&mut h, r, lang, origin);
    if let Some(w) = &r.what_if {
        let sets: Vec<String> = w.changes.iter().map(|c| format!("--set {}", c.text)).collect();
        let _ = writeln!(
            h,
            "<p class=\"whatif\">{} ({}) · {}: {}</p>",
            esc(Label::Hypothetical.text(lang)),
            esc(&sets.join(", ")),
            esc(Label::ActualTotal.text(lang)),
            show(w.baseline, lang)
        );
    }

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
    if t.applicable_max != t.max {
        let _ = writeln!(
            h,
            "<p class=\"meta\">{}: {} / {}</p>",
            Label::ApplicableMax.text(lang),
            show(t.applicable_max, lang),
            show(t.max, lang)
        );
    }

    for (i, sheet) in super::table::sheets(r, lang).iter().enumerate() {
        if let Some((first, rest)) = sheet.title.split_first() {
            let _ = writeln!(h, "<h2>{}</h2>", esc(first));
            for line in rest {
                let _ = writeln!(h, "<div class=\"meta\">{}</div>", esc(line));
            }
        }
        // The first table is the areas': their chart goes above it.
        if i == 0 {
            chart(&mut h, r, lang);
        }
        if sheet.rows.is_empty() {
            let _ = writeln!(h, "<p>{}</p>", Label::NoLosses.text(lang));
        } else {
            table(&mut h, sheet, lang);
        }
    }
    let adjustments = super::table::adjustments(r, lang);
    if let Some((head, items)) = adjustments.split_first() {
        let _ = writeln!(h, "<h2>{}</h2>\n<ul>", esc(head));
        for item in items {
            let _ = writeln!(h, "<li>{}</li>", esc(item));
        }
        h.push_str("</ul>\n");
    }
    signature(&mut h, doc, lang);
    foot(&mut h, lang);
    h
}

/// A particular that is given and not blank.
fn filled(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.trim().is_empty())
}

/// The particulars a reader needs to tell what was scored and from which data.
fn facts(h: &mut String, r: &ScoreResult, lang: Lang, origin: &Origin) {
    let blank = "<span class=\"blank\">—</span>".to_string();
    let mut rows: Vec<(&str, String)> = vec![
        (Label::Unit.text(lang), r.unit.as_deref().map_or_else(|| blank.clone(), esc)),
        (tr(lang, "Năm đánh giá", "Year assessed"), r.year.to_string()),
        (Label::Round.text(lang), esc(&r.round_label(lang))),
    ];
    let mut set = format!("{} (<code>{}</code>)", esc(r.title(lang)), esc(&r.set_id));
    if let Some(f) = &origin.criteria {
        let _ = write!(set, "<br>{}", file_line(f));
    }
    rows.push((tr(lang, "Bộ tiêu chí", "Criteria set"), set));
    let date = origin.document.date_or_today();
    let date = match lang {
        Lang::Vi => date.format("%d/%m/%Y").to_string(),
        Lang::En => date.format("%-d %b %Y").to_string(),
    };
    rows.push((tr(lang, "Ngày lập", "Date produced"), date));
    let files = if origin.evidence.is_empty() {
        blank
    } else {
        origin.evidence.iter().map(file_line).collect::<Vec<_>>().join("<br>")
    };
    rows.push((tr(lang, "Tệp số liệu kiểm chứng đã đọc", "Evidence files read"), files));
    h.push_str("<dl class=\"facts\">\n");
    for (k, v) in rows {
        let _ = writeln!(h, "<dt>{}</dt><dd>{v}</dd>", esc(k));
    }
    h.push_str("</dl>\n");
}

/// `tcdv.csv · SHA-256 3f1a…` with the whole hash in the tooltip.
fn file_line(f: &InputFile) -> String {
    format!(
        "{} · SHA-256 <code title=\"{}\">{}</code>",
        esc(f.file_name()),
        f.hex(),
        f.short_hex()
    )
}

/// One bar per area: awarded (green) and lost (red) in proportion to the area's maximum,
/// beside (on a phone: under) a label that wraps, never cut short, and the points. The
/// chart is one grid, so that every bar has the same length at 100%.
fn chart(h: &mut String, r: &ScoreResult, lang: Lang) {
    h.push_str("<div class=\"chart\">\n");
    for a in r.areas() {
        // Bar lengths in percent of the area's maximum, to one decimal, from exact decimals.
        let scale = |part: Decimal| -> Decimal {
            if a.applicable_max.is_zero() {
                Decimal::ZERO
            } else {
                ((part * Decimal::ONE_THOUSAND / a.applicable_max).round() / Decimal::TEN).clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
            }
        };
        let won = scale(a.awarded.max(Decimal::ZERO));
        let lost = scale(a.lost.max(Decimal::ZERO)).min(Decimal::ONE_HUNDRED - won);
        let label = format!("{} {}", a.code, a.title(lang));
        let _ = writeln!(
            h,
            "<div class=\"bar\"><div class=\"l\">{label}</div><svg viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{label}: {aw} / {max}\"><rect width=\"100\" height=\"6\" fill=\"#eef1f5\"/><rect width=\"{won}\" height=\"6\" fill=\"#2e8b57\"/><rect x=\"{won}\" width=\"{lost}\" height=\"6\" fill=\"#d64545\"/></svg><div class=\"v\">{aw} / {max}</div></div>",
            label = esc(&label),
            aw = show(a.awarded, lang),
            max = show(a.applicable_max, lang),
        );
    }
    let _ = writeln!(
        h,
        "</div>\n<div class=\"legend\"><svg viewBox=\"0 0 1 1\" aria-hidden=\"true\"><rect width=\"1\" height=\"1\" fill=\"#2e8b57\"/></svg>{}<svg viewBox=\"0 0 1 1\" aria-hidden=\"true\"><rect width=\"1\" height=\"1\" fill=\"#d64545\"/></svg>{}</div>",
        Label::Awarded.text(lang),
        Label::Lost.text(lang)
    );
}

/// The signature block: recipients on the left (when there are any), the signer's title,
/// room to sign and the signer's name on the right; a blank is left dotted, as a printed
/// form leaves it for the hand.
fn signature(h: &mut String, doc: &DocumentInfo, lang: Lang) {
    h.push_str("<section class=\"sign\">");
    if doc.recipients.is_empty() {
        h.push_str("<div class=\"to\"></div>");
    } else {
        let _ = write!(
            h,
            "<div class=\"to\"><div class=\"head\">{}</div><ul>",
            tr(lang, "Nơi nhận:", "To:")
        );
        for r in &doc.recipients {
            let _ = write!(h, "<li>{}</li>", esc(r));
        }
        h.push_str("</ul></div>");
    }
    h.push_str("<div class=\"by\">");
    match doc.signer_title.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(title) => {
            for line in title.lines() {
                let _ = write!(h, "<div class=\"title\">{}</div>", esc(line));
            }
        }
        None => h.push_str("<div class=\"title blank\">……………………………</div>"),
    }
    let _ = write!(
        h,
        "<div class=\"hint\">{}</div><div class=\"space\"></div>",
        tr(lang, "(Ký, ghi rõ họ tên, đóng dấu)", "(Signature, full name and seal)")
    );
    match doc.signer.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(name) => {
            let _ = write!(h, "<div class=\"name\">{}</div>", esc(name));
        }
        None => h.push_str("<div class=\"name blank\">……………………………</div>"),
    }
    h.push_str("</div></section>\n");
}

/// A sheet as a table: numeric columns right-aligned on the decimal mark, every cell
/// labelled with its header (the phone layout shows it beside the value), and a last row
/// that sums the others in bold.
fn table(h: &mut String, sheet: &Sheet, lang: Lang) {
    let columns = sheet.headers.len();
    let numeric: Vec<bool> = (0..columns)
        .map(|c| sheet.rows.iter().any(|r| r.get(c).is_some_and(Value::is_number)))
        .collect();
    // The widest fraction of each numeric column, in characters (the mark and the digits):
    // its fraction boxes' width.
    let fraction: Vec<usize> = (0..columns)
        .map(|c| {
            sheet
                .rows
                .iter()
                .filter_map(|r| r.get(c).filter(|v| v.is_number()))
                .map(|v| split_number(&v.shown(lang)).1.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    // Columns of codes (`3.4.4`: no spaces, short) are never broken across lines.
    let code: Vec<bool> = (0..columns)
        .map(|c| {
            !numeric[c]
                && sheet.rows.iter().all(|r| match r.get(c) {
                    Some(Value::Text(t)) => t.chars().count() <= 12 && !t.contains(char::is_whitespace),
                    _ => true,
                })
        })
        .collect();
    let sum = Value::Text(Label::SumRow.text(lang).to_string());
    h.push_str("<table><thead><tr>");
    for (c, head) in sheet.headers.iter().enumerate() {
        let class = if numeric[c] { " class=\"n\"" } else { "" };
        let _ = write!(h, "<th{class}>{}</th>", esc(head));
    }
    h.push_str("</tr></thead><tbody>\n");
    for (i, row) in sheet.rows.iter().enumerate() {
        let is_sum = i + 1 == sheet.rows.len() && sheet.rows.len() > 1 && row.contains(&sum);
        h.push_str(if is_sum { "<tr class=\"sum\">" } else { "<tr>" });
        for (c, v) in row.iter().enumerate() {
            let label = sheet.headers.get(c).map_or(String::new(), |s| esc(s));
            let shown = v.shown(lang);
            if shown.is_empty() {
                h.push_str("<td></td>");
            } else if numeric.get(c).copied().unwrap_or(false) {
                let _ = write!(h, "<td class=\"n\" data-label=\"{label}\">");
                if v.is_number() {
                    let (int, frac) = split_number(&shown);
                    // The fraction box holds the mark and the digits: 0.75 em each holds a
                    // digit of any common font, bold too (a total row), so that every box of
                    // the column is as wide and the marks line up. (`ch` would not do: it
                    // is wider in bold.)
                    let width = (Decimal::from(fraction[c]) * Decimal::new(75, 2)).normalize();
                    let _ = write!(
                        h,
                        "<span>{}<span class=\"f\" style=\"min-width:{width}em\">{}</span></span>",
                        esc(int),
                        esc(frac)
                    );
                } else {
                    h.push_str(&esc(&shown));
                }
                h.push_str("</td>");
            } else {
                let class = if code[c] { " class=\"k\"" } else { "" };
                let _ = write!(h, "<td{class} data-label=\"{label}\">{}</td>", esc(&shown));
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

/// `12,345` → (`12`, `,345`); `7` → (`7`, ``). The mark is the last `,` or `.` (numbers
/// are shown without grouping).
fn split_number(shown: &str) -> (&str, &str) {
    match shown.rfind([',', '.']) {
        Some(i) => shown.split_at(i),
        None => (shown, ""),
    }
}

/// `rank`, `plan` and `compare` as HTML: one table per sheet, under the sheet's title lines.
pub fn sheets(sheets: &[Sheet], lang: Lang) -> String {
    let title = sheets.iter().find_map(|s| s.title.first()).map_or("parcalc", String::as_str);
    let mut h = String::new();
    head(&mut h, title, lang);
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
        table(&mut h, sheet, lang);
    }
    foot(&mut h, lang);
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_split_at_the_decimal_mark() {
        assert_eq!(split_number("12,345"), ("12", ",345"));
        assert_eq!(split_number("-0.5"), ("-0", ".5"));
        assert_eq!(split_number("+2,15"), ("+2", ",15"));
        assert_eq!(split_number("7"), ("7", ""));
    }

    #[test]
    fn a_numeric_column_aligns_on_the_mark_and_sums_in_bold() {
        let sheet = Sheet {
            name: "x".into(),
            title: vec!["T".into()],
            headers: vec!["Cơ quan".into(), "Bị trừ".into()],
            rows: vec![
                vec!["Phòng Nội vụ".into(), Decimal::new(4855, 3).into()],
                vec!["Văn phòng".into(), Decimal::new(2, 0).into()],
                vec![Label::SumRow.text(Lang::Vi).into(), Decimal::new(6855, 3).into()],
            ],
            total: crate::render::sheet::Total::LastRow,
        };
        let mut h = String::new();
        table(&mut h, &sheet, Lang::Vi);
        assert!(
            h.contains("<td class=\"n\" data-label=\"Bị trừ\"><span>4<span class=\"f\" style=\"min-width:3em\">,855</span></span></td>")
        );
        assert!(h.contains("<span>2<span class=\"f\" style=\"min-width:3em\"></span></span>"));
        assert!(h.contains("<tr class=\"sum\"><td data-label=\"Cơ quan\">Cộng</td>"));
        assert_eq!(h.matches("<tr class=\"sum\">").count(), 1);
    }

    #[test]
    fn blanks_in_the_signature_block_are_left_to_fill() {
        let mut h = String::new();
        signature(&mut h, &DocumentInfo::default(), Lang::Vi);
        assert_eq!(h.matches("……………………………").count(), 2);
        assert!(!h.contains("Nơi nhận"));
        let doc = DocumentInfo {
            signer: Some("Nguyễn Văn <A>".into()),
            signer_title: Some("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".into()),
            recipients: vec!["Sở Nội vụ".into()],
            ..DocumentInfo::default()
        };
        let mut h = String::new();
        signature(&mut h, &doc, Lang::En);
        assert!(h.contains("<div class=\"title\">KT. CHỦ TỊCH</div><div class=\"title\">PHÓ CHỦ TỊCH</div>"));
        assert!(h.contains("<div class=\"name\">Nguyễn Văn &lt;A&gt;</div>"));
        assert!(h.contains("<div class=\"head\">To:</div><ul><li>Sở Nội vụ</li></ul>"));
    }
}
