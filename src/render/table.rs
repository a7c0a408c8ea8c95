//! The terminal report: summary line, area table, losses with reasons and responsible
//! agencies, and the per-agency table. Tables have a fixed width so the output is the same
//! on every terminal and in files.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use rust_decimal::Decimal;

use crate::i18n::{Label, stage};
use crate::number::{Lang, Rounding, RoundingStrategy, show};
use crate::score::ScoreResult;

/// Width of the losses table; long titles and reasons wrap inside it.
const WIDTH: u16 = 160;

fn new_table(header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(WIDTH)
        .set_header(header);
    t
}

fn num(d: Decimal, lang: Lang) -> Cell {
    Cell::new(show(d, lang)).set_alignment(CellAlignment::Right)
}

pub(crate) fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| {
        Rounding {
            places: 2,
            strategy: RoundingStrategy::HalfUp,
        }
        .apply(part * Decimal::ONE_HUNDRED / whole)
    })
}

/// The summary lines shared by the table and Markdown reports.
pub(crate) fn summary(r: &ScoreResult, lang: Lang) -> Vec<String> {
    let t = &r.totals;
    let mut lines = vec![format!("{} ({}, {})", r.title(lang), r.set_id, r.year)];
    let mut context = format!("{}: {}", Label::Stage.text(lang), stage(r.stage, lang));
    if let Some(u) = &r.unit {
        context.push_str(&format!(" · {}: {u}", Label::Unit.text(lang)));
    }
    lines.push(context);
    let index = t.index_percent.map_or_else(|| "—".to_string(), |i| format!("{}%", show(i, lang)));
    let band = t.band.as_ref().map_or("—", |b| b.label(lang));
    lines.push(format!(
        "{}: {} / {} · {}: {} · {}: {index} · {}: {band}",
        Label::Total.text(lang),
        show(t.awarded, lang),
        show(t.applicable_max, lang),
        Label::Lost.text(lang),
        show(t.lost, lang),
        Label::Index.text(lang),
        Label::Band.text(lang),
    ));
    if t.applicable_max != t.max {
        lines.push(format!(
            "{}: {} / {}",
            Label::ApplicableMax.text(lang),
            show(t.applicable_max, lang),
            show(t.max, lang)
        ));
    }
    lines
}

/// `parcalc score` (default format).
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    let mut out = summary(r, lang).join("\n");
    out.push_str("\n\n");

    out.push_str(Label::Areas.text(lang));
    out.push('\n');
    let mut t = new_table(vec![
        Label::Code.text(lang),
        Label::Area.text(lang),
        Label::Max.text(lang),
        Label::Awarded.text(lang),
        Label::Lost.text(lang),
        Label::Percent.text(lang),
    ]);
    for a in r.areas() {
        let pct = percent(a.awarded, a.applicable_max).map_or_else(|| Label::NotApplicable.text(lang).to_string(), |p| show(p, lang));
        t.add_row(vec![
            Cell::new(a.code.to_string()),
            Cell::new(a.title(lang)),
            num(a.applicable_max, lang),
            num(a.awarded, lang),
            num(a.lost, lang),
            Cell::new(pct).set_alignment(CellAlignment::Right),
        ]);
    }
    let areas_awarded: Decimal = r.areas().map(|a| a.awarded).sum();
    let areas_lost: Decimal = r.areas().map(|a| a.lost).sum();
    let pct = percent(areas_awarded, r.totals.applicable_max).map_or_else(String::new, |p| show(p, lang));
    t.add_row(vec![
        Cell::new(""),
        Cell::new(Label::SumRow.text(lang)),
        num(r.totals.applicable_max, lang),
        num(areas_awarded, lang),
        num(areas_lost, lang),
        Cell::new(pct).set_alignment(CellAlignment::Right),
    ]);
    out.push_str(&t.to_string());
    out.push_str("\n\n");

    let losses = r.losses();
    let lost_sum: Decimal = losses.iter().map(|n| n.lost).sum();
    out.push_str(&format!(
        "{} ({}, {} {})\n",
        Label::Losses.text(lang),
        losses.len(),
        show(lost_sum, lang),
        Label::Points.text(lang).to_lowercase()
    ));
    if losses.is_empty() {
        out.push_str(Label::NoLosses.text(lang));
        out.push('\n');
    } else {
        let mut t = new_table(vec![
            Label::Code.text(lang),
            Label::Title.text(lang),
            Label::Max.text(lang),
            Label::Awarded.text(lang),
            Label::Lost.text(lang),
            Label::Reason.text(lang),
            Label::Document.text(lang),
            Label::Responsible.text(lang),
        ]);
        for n in &losses {
            let reason = n.reason.as_ref().map_or("", |x| x.get(lang));
            t.add_row(vec![
                Cell::new(n.code.to_string()),
                Cell::new(n.title(lang)),
                num(n.max, lang),
                num(n.awarded, lang),
                num(n.lost, lang),
                Cell::new(reason),
                Cell::new(n.documents.join("; ")),
                Cell::new(super::agency_names(r, &n.responsible)),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    out.push('\n');

    if !r.agencies.is_empty() {
        out.push_str(Label::ByAgency.text(lang));
        out.push('\n');
        let mut t = new_table(vec![
            Label::Agency.text(lang),
            Label::Sole.text(lang),
            Label::Shared.text(lang),
            Label::Lost.text(lang),
            Label::Criteria.text(lang),
        ]);
        for a in &r.agencies {
            let codes: Vec<String> = a.criteria.iter().map(ToString::to_string).collect();
            t.add_row(vec![
                Cell::new(&a.name),
                num(a.sole, lang),
                num(a.shared, lang),
                num(a.total, lang),
                Cell::new(codes.join(", ")),
            ]);
        }
        let total: Decimal = r.agencies.iter().map(|a| a.total).sum();
        let sole: Decimal = r.agencies.iter().map(|a| a.sole).sum();
        let shared: Decimal = r.agencies.iter().map(|a| a.shared).sum();
        t.add_row(vec![
            Cell::new(Label::SumRow.text(lang)),
            num(sole, lang),
            num(shared, lang),
            num(total, lang),
            Cell::new(""),
        ]);
        out.push_str(&t.to_string());
        out.push('\n');
    }

    if let Some(w) = &r.what_if {
        out.push('\n');
        out.push_str(&super::reports::whatif_sheet(&w.changes, w.baseline, r.totals.awarded, lang).table(lang));
    }
    if !r.adjustments.is_empty() {
        out.push('\n');
        out.push_str(Label::Adjustments.text(lang));
        out.push('\n');
        for a in &r.adjustments {
            let title = match (lang, &a.title_en) {
                (Lang::En, Some(t)) => t.as_str(),
                _ => a.title.as_str(),
            };
            out.push_str(&format!("  {title}: {}\n", a.reason.get(lang)));
        }
    }
    out
}
