//! Markdown report, for pasting into documents and issue trackers.

use rust_decimal::Decimal;

use crate::i18n::Label;
use crate::number::{Lang, show};
use crate::score::ScoreResult;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

fn header(cells: &[&str], right: &[usize]) -> String {
    let mut s = row(&cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    let rules: Vec<String> = (0..cells.len())
        .map(|i| {
            if right.contains(&i) {
                "---:".to_string()
            } else {
                "---".to_string()
            }
        })
        .collect();
    s.push_str(&row(&rules));
    s
}

/// `parcalc score --format markdown`.
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    let lines = super::table::summary(r, lang);
    let mut out = format!("# {}\n\n", cell(&lines[0]));
    for l in &lines[1..] {
        out.push_str(&format!("{}  \n", cell(l)));
    }
    out.push_str(&format!("\n## {}\n\n", Label::Areas.text(lang)));
    out.push_str(&header(
        &[
            Label::Code.text(lang),
            Label::Area.text(lang),
            Label::Max.text(lang),
            Label::Awarded.text(lang),
            Label::Lost.text(lang),
            "%",
        ],
        &[2, 3, 4, 5],
    ));
    for a in r.areas() {
        let pct = super::table::percent(a.awarded, a.applicable_max)
            .map_or_else(|| Label::NotApplicable.text(lang).to_string(), |p| show(p, lang));
        out.push_str(&row(&[
            a.code.to_string(),
            cell(a.title(lang)),
            show(a.applicable_max, lang),
            show(a.awarded, lang),
            show(a.lost, lang),
            pct,
        ]));
    }
    let losses = r.losses();
    let lost_sum: Decimal = losses.iter().map(|n| n.lost).sum();
    out.push_str(&format!(
        "\n## {} ({}, {})\n\n",
        Label::Losses.text(lang),
        losses.len(),
        show(lost_sum, lang)
    ));
    if losses.is_empty() {
        out.push_str(Label::NoLosses.text(lang));
        out.push('\n');
    } else {
        out.push_str(&header(
            &[
                Label::Code.text(lang),
                Label::Title.text(lang),
                Label::Max.text(lang),
                Label::Awarded.text(lang),
                Label::Lost.text(lang),
                Label::Reason.text(lang),
                Label::Document.text(lang),
                Label::Responsible.text(lang),
            ],
            &[2, 3, 4],
        ));
        for n in losses {
            out.push_str(&row(&[
                n.code.to_string(),
                cell(n.title(lang)),
                show(n.max, lang),
                show(n.awarded, lang),
                show(n.lost, lang),
                cell(n.reason.as_ref().map_or("", |x| x.get(lang))),
                cell(&n.documents.join("; ")),
                cell(&super::agency_names(r, &n.responsible)),
            ]));
        }
    }
    if let Some(w) = &r.what_if {
        out.push('\n');
        out.push_str(&super::reports::whatif_sheet(&w.changes, w.baseline, r.totals.awarded, lang).markdown(lang));
    }
    if !r.agencies.is_empty() {
        out.push_str(&format!("\n## {}\n\n", Label::ByAgency.text(lang)));
        out.push_str(&header(
            &[
                Label::Agency.text(lang),
                Label::Sole.text(lang),
                Label::Shared.text(lang),
                Label::Lost.text(lang),
                Label::Criteria.text(lang),
            ],
            &[1, 2, 3],
        ));
        for a in &r.agencies {
            let codes: Vec<String> = a.criteria.iter().map(ToString::to_string).collect();
            out.push_str(&row(&[
                cell(&a.name),
                show(a.sole, lang),
                show(a.shared, lang),
                show(a.total, lang),
                codes.join(", "),
            ]));
        }
    }
    out
}
