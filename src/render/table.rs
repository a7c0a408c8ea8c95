//! The terminal report: summary line, area table, losses with reasons and responsible
//! agencies, and the per-agency table. The tables are [`Sheet`]s (fixed width, so the output
//! is the same on every terminal and in files), shared with the Markdown report.

use rust_decimal::Decimal;

use crate::i18n::{Label, stage};
use crate::number::{Lang, Rounding, RoundingStrategy, show};
use crate::render::sheet::{Sheet, Value};
use crate::score::ScoreResult;

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
    // Titles, unit and band names come from the criteria and evidence files.
    lines.into_iter().map(|l| crate::text::visible(&l).into_owned()).collect()
}

/// The report's tables, shared by the terminal, Markdown and spreadsheet renderings.
pub(crate) fn sheets(r: &ScoreResult, lang: Lang) -> Vec<Sheet> {
    let mut sheets = Vec::new();
    let mut areas: Vec<Vec<Value>> = r
        .areas()
        .map(|a| {
            let pct = percent(a.awarded, a.applicable_max).map_or_else(|| Value::Text(Label::NotApplicable.text(lang).into()), Value::Num);
            vec![
                a.code.to_string().into(),
                a.title(lang).to_string().into(),
                a.applicable_max.into(),
                a.awarded.into(),
                a.lost.into(),
                pct,
            ]
        })
        .collect();
    let areas_awarded: Decimal = r.areas().map(|a| a.awarded).sum();
    let areas_lost: Decimal = r.areas().map(|a| a.lost).sum();
    areas.push(vec![
        Value::Empty,
        Label::SumRow.text(lang).into(),
        r.totals.applicable_max.into(),
        areas_awarded.into(),
        areas_lost.into(),
        percent(areas_awarded, r.totals.applicable_max).into(),
    ]);
    sheets.push(Sheet {
        name: Label::Areas.text(lang).into(),
        title: vec![Label::Areas.text(lang).into()],
        headers: [Label::Code, Label::Area, Label::Max, Label::Awarded, Label::Lost, Label::Percent]
            .map(|l| l.text(lang).to_string())
            .to_vec(),
        rows: areas,
    });

    let losses = r.losses();
    let lost_sum: Decimal = losses.iter().map(|n| n.lost).sum();
    sheets.push(Sheet {
        name: Label::Lost.text(lang).into(),
        title: vec![format!(
            "{} ({}, {} {})",
            Label::Losses.text(lang),
            losses.len(),
            show(lost_sum, lang),
            Label::Points.text(lang).to_lowercase()
        )],
        headers: [
            Label::Code,
            Label::Title,
            Label::Max,
            Label::Awarded,
            Label::Lost,
            Label::Reason,
            Label::Document,
            Label::Responsible,
        ]
        .map(|l| l.text(lang).to_string())
        .to_vec(),
        rows: losses
            .iter()
            .map(|n| {
                vec![
                    n.code.to_string().into(),
                    n.title(lang).to_string().into(),
                    n.max.into(),
                    n.awarded.into(),
                    n.lost.into(),
                    n.reason.as_ref().map_or("", |x| x.get(lang)).to_string().into(),
                    n.documents.join("; ").into(),
                    super::agency_names(r, &n.responsible).into(),
                ]
            })
            .collect(),
    });

    if !r.agencies.is_empty() {
        let mut rows: Vec<Vec<Value>> = r
            .agencies
            .iter()
            .map(|a| {
                let codes: Vec<String> = a.criteria.iter().map(ToString::to_string).collect();
                vec![
                    a.name.clone().into(),
                    a.sole.into(),
                    a.shared.into(),
                    a.total.into(),
                    codes.join(", ").into(),
                ]
            })
            .collect();
        let sum = |f: fn(&crate::score::AgencyLoss) -> Decimal| r.agencies.iter().map(f).sum::<Decimal>();
        rows.push(vec![
            Label::SumRow.text(lang).into(),
            sum(|a| a.sole).into(),
            sum(|a| a.shared).into(),
            sum(|a| a.total).into(),
            Value::Empty,
        ]);
        sheets.push(Sheet {
            name: Label::Agency.text(lang).into(),
            title: vec![Label::ByAgency.text(lang).into()],
            headers: [Label::Agency, Label::Sole, Label::Shared, Label::Lost, Label::Criteria]
                .map(|l| l.text(lang).to_string())
                .to_vec(),
            rows,
        });
    }
    if let Some(w) = &r.what_if {
        sheets.push(super::reports::whatif_sheet(&w.changes, w.baseline, r.totals.awarded, lang));
    }
    sheets
}

/// Bonus and penalty lines, after the tables.
pub(crate) fn adjustments(r: &ScoreResult, lang: Lang) -> String {
    let mut out = String::new();
    if !r.adjustments.is_empty() {
        out.push_str(Label::Adjustments.text(lang));
        out.push('\n');
        for a in &r.adjustments {
            let title = match (lang, &a.title_en) {
                (Lang::En, Some(t)) => t.as_str(),
                _ => a.title.as_str(),
            };
            let line = format!("{title}: {}", a.reason.get(lang));
            out.push_str(&format!("  {}\n", crate::text::visible(&line)));
        }
    }
    out
}

/// `parcalc score` (default format).
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    let mut out = summary(r, lang).join("\n");
    out.push('\n');
    for sheet in sheets(r, lang) {
        out.push('\n');
        if sheet.rows.is_empty() {
            let title = sheet.title.iter().map(|t| crate::text::visible(t)).collect::<Vec<_>>().join("\n");
            out.push_str(&format!("{title}\n{}\n", Label::NoLosses.text(lang)));
        } else {
            out.push_str(&sheet.table(lang));
        }
    }
    let adj = adjustments(r, lang);
    if !adj.is_empty() {
        out.push('\n');
        out.push_str(&adj);
    }
    out
}
