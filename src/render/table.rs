//! The terminal report: the summary (total, index, band, largest losses), the area table,
//! losses with reasons and responsible agencies, the per-agency table, and the summary
//! again. The tables are [`Sheet`]s, shared with the Markdown report, laid out for a width
//! (see [`crate::terminal`]).

use rust_decimal::Decimal;

use crate::i18n::Label;
use crate::number::{Lang, Rounding, RoundingStrategy, show};
use crate::render::fit;
use crate::render::sheet::{Sheet, Total, Value};
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

/// The answer a report opens and ends with: what was scored, the total, index and band, and
/// the largest losses with the agencies responsible.
pub(crate) struct Summary {
    /// The set's title, id and year.
    pub title: String,
    /// Stage, and unit when one is named.
    pub context: Vec<String>,
    /// Total, lost, index, band — the fields of the emphasised line.
    pub totals: Vec<String>,
    /// The applicable maximum, when not-applicable criteria lower it.
    pub applicable: Option<String>,
    /// The largest losses, largest first.
    pub top: Vec<TopLoss>,
    /// Criteria that lost as much as the last of [`Summary::top`] but did not fit in it: a
    /// tie is said, not hidden.
    pub tied: Vec<String>,
}

/// One of the largest losses.
pub(crate) struct TopLoss {
    pub code: String,
    /// Points lost, as shown (`4,855`).
    pub lost: String,
    pub title: String,
    /// Responsible agencies by short name, `; `-separated; empty when none is named.
    pub agencies: String,
}

/// How many of the largest losses a summary names.
pub(crate) const TOP_LOSSES: usize = 3;

/// The summary of `r`. Every text is shown with its control characters escaped: titles,
/// units, band names and agencies come from the criteria and evidence files.
pub(crate) fn summary(r: &ScoreResult, lang: Lang) -> Summary {
    let visible = |s: &str| crate::text::visible(s).into_owned();
    let t = &r.totals;
    let mut context = vec![format!("{}: {}", Label::Round.text(lang), r.round_label(lang))];
    if let Some(u) = &r.unit {
        context.push(visible(&format!("{}: {u}", Label::Unit.text(lang))));
    }
    // A total computed with --set is not the unit's score: say so wherever it is shown.
    if let Some(w) = &r.what_if {
        let sets: Vec<String> = w.changes.iter().map(|c| format!("--set {}", c.text)).collect();
        context.push(visible(&format!(
            "{} ({}) · {}: {}",
            Label::Hypothetical.text(lang),
            sets.join(", "),
            Label::ActualTotal.text(lang),
            show(w.baseline, lang)
        )));
    }
    let index = t.index_percent.map_or_else(|| "—".to_string(), |i| format!("{}%", show(i, lang)));
    let band = t.band.as_ref().map_or("—", |b| b.label(lang));
    let totals = vec![
        format!(
            "{}: {} / {}",
            Label::Total.text(lang),
            show(t.awarded, lang),
            show(t.applicable_max, lang)
        ),
        format!("{}: {}", Label::Lost.text(lang), show(t.lost, lang)),
        format!("{}: {index}", Label::Index.text(lang)),
        visible(&format!("{}: {band}", Label::Band.text(lang))),
    ];
    let applicable = (t.applicable_max != t.max).then(|| {
        format!(
            "{}: {} / {}",
            Label::ApplicableMax.text(lang),
            show(t.applicable_max, lang),
            show(t.max, lang)
        )
    });
    let losses = r.losses();
    let tied = match losses.get(TOP_LOSSES - 1) {
        Some(last) => losses[TOP_LOSSES..]
            .iter()
            .take_while(|n| n.lost == last.lost)
            .map(|n| n.code.to_string())
            .collect(),
        None => Vec::new(),
    };
    let top = losses
        .into_iter()
        .take(TOP_LOSSES)
        .map(|n| TopLoss {
            code: n.code.to_string(),
            lost: show(n.lost, lang),
            title: visible(n.title(lang)),
            agencies: visible(&super::agency_names(r, &n.responsible)),
        })
        .collect();
    Summary {
        title: visible(&format!("{} ({}, {})", r.title(lang), r.set_id, r.year)),
        context,
        totals,
        applicable,
        top,
        tied,
    }
}

impl Summary {
    /// The total line(s) at `width`: the lines a terminal report shows in bold.
    pub(crate) fn total_lines(&self, width: usize) -> Vec<String> {
        fit::join_fields(&self.totals, width)
    }

    /// The summary as terminal lines of at most `width` columns (where a word or number
    /// fits at all): titles of the largest losses are shortened to fit their line, agencies
    /// wrap.
    pub(crate) fn lines(&self, lang: Lang, width: usize) -> Vec<String> {
        let mut out = fit::wrap(&self.title, width);
        out.extend(fit::join_fields(&self.context, width));
        out.extend(self.total_lines(width));
        if let Some(a) = &self.applicable {
            out.extend(fit::wrap(a, width));
        }
        if self.top.is_empty() {
            out.extend(fit::wrap(Label::NoLosses.text(lang), width));
            return out;
        }
        out.extend(fit::wrap(&format!("{}:", Label::LargestLosses.text(lang)), width));
        let code_w = self.top.iter().map(|l| fit::width(&l.code)).max().unwrap_or(0);
        let lost_w = self.top.iter().map(|l| fit::width(&l.lost)).max().unwrap_or(0) + 1;
        let lead = 2 + code_w + 2 + lost_w + 2;
        // The title shares the line when a few words of it fit; else it goes on the next.
        let beside = width >= lead + 20;
        let indent = " ".repeat(if beside { lead } else { 4.min(width / 4) });
        for l in &self.top {
            let lost = format!("−{}", l.lost);
            if beside {
                let pad = " ".repeat(code_w - fit::width(&l.code));
                let title = fit::truncate(&l.title, width - lead);
                out.push(format!("  {}{pad}  {lost:>lost_w$}  {title}", l.code));
            } else {
                out.extend(fit::wrap_hanging(&format!("{} {lost}", l.code), width, &indent, &indent));
                out.push(format!("{indent}{}", fit::truncate(&l.title, width.saturating_sub(indent.len()))));
            }
            if !l.agencies.is_empty() {
                let label = format!("{indent}{}: ", Label::ResponsibleShort.text(lang));
                out.extend(fit::wrap_hanging(&l.agencies, width, &label, &format!("{indent}  ")));
            }
        }
        if let Some(tie) = self.tie_line(lang) {
            out.extend(fit::wrap_hanging(&tie, width, "  ", "    "));
        }
        out
    }

    /// `và 3 tiêu chí khác cũng bị trừ 2: 3.6, 5.7.4, 7.1.3`, when the last largest loss is
    /// shared by criteria the summary has no room for.
    pub(crate) fn tie_line(&self, lang: Lang) -> Option<String> {
        let last = self.top.last()?;
        if self.tied.is_empty() {
            return None;
        }
        let (n, codes, lost) = (self.tied.len(), self.tied.join(", "), &last.lost);
        Some(match lang {
            Lang::Vi => format!("và {n} tiêu chí khác cũng bị trừ {lost}: {codes}"),
            Lang::En => format!("and {n} more also lost {lost}: {codes}"),
        })
    }
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
        total: Total::LastRow,
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
                    r.reason_text(n, lang).into(),
                    n.documents.join("; ").into(),
                    super::agency_names(r, &n.responsible).into(),
                ]
            })
            .collect(),
        total: Total::Sum {
            label: Label::SumRow.text(lang).into(),
            at: 1,
            columns: vec![2, 3, 4],
        },
    });

    if !r.agencies.is_empty() {
        let mut rows: Vec<Vec<Value>> = r
            .agencies
            .iter()
            .map(|a| {
                let codes: Vec<String> = a.criteria.iter().map(ToString::to_string).collect();
                vec![
                    a.name_in(lang).to_string().into(),
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
            total: Total::LastRow,
        });
    }
    if let Some(w) = &r.what_if {
        sheets.push(super::reports::whatif_sheet(&w.changes, w.baseline, r.totals.awarded, lang));
    }
    sheets
}

/// Bonus and penalty lines, after the tables.
pub(crate) fn adjustments(r: &ScoreResult, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if !r.adjustments.is_empty() {
        out.push(Label::Adjustments.text(lang).to_string());
        for a in &r.adjustments {
            let title = match (lang, &a.title_en) {
                (Lang::En, Some(t)) => t.as_str(),
                _ => a.title.as_str(),
            };
            let line = format!("{title}: {}", a.reason.get(lang));
            out.push(crate::text::visible(&line).into_owned());
        }
    }
    out
}

/// `parcalc score` (default format) at the width of reports that do not go to a terminal.
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    score_at(r, lang, crate::terminal::DEFAULT_WIDTH)
}

/// `parcalc score` (default format), at most `width` columns wide: the summary, the tables,
/// bonus and penalty lines, and the summary again as the last lines, so that neither the
/// first screen nor the end of a long report hides the answer.
pub fn score_at(r: &ScoreResult, lang: Lang, width: usize) -> String {
    let summary = summary(r, lang).lines(lang, width);
    let mut out = summary.join("\n");
    out.push('\n');
    for sheet in sheets(r, lang) {
        out.push('\n');
        if sheet.rows.is_empty() {
            for t in &sheet.title {
                out.push_str(&fit::wrap(&crate::text::visible(t), width).join("\n"));
                out.push('\n');
            }
            out.push_str(&fit::wrap(Label::NoLosses.text(lang), width).join("\n"));
            out.push('\n');
        } else {
            out.push_str(&sheet.table_at(lang, width));
        }
    }
    let adj = adjustments(r, lang);
    if let Some((head, items)) = adj.split_first() {
        out.push('\n');
        out.push_str(&fit::wrap(head, width).join("\n"));
        out.push('\n');
        for item in items {
            out.push_str(&fit::wrap_hanging(item, width, "  ", "    ").join("\n"));
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&"─".repeat(width.min(RULE)));
    out.push('\n');
    out.push_str(&summary.join("\n"));
    out.push('\n');
    out
}

/// `parcalc score --brief`: the summary alone.
pub fn brief_at(r: &ScoreResult, lang: Lang, width: usize) -> String {
    let mut out = summary(r, lang).lines(lang, width).join("\n");
    out.push('\n');
    out
}

/// The width of the rule above the repeated summary.
const RULE: usize = 80;
