//! Survey results into the one scorer: each tallied survey becomes its leaf's evidence row
//! (the points, or the result on the rule's `scale`), so rounding, roll-up, agencies and
//! every report stay the scorer's; the leaf's reason is then replaced by the computation.
//! A leaf that has both an evidence row and answers is refused: never pick one silently.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::tally::SurveyTally;
use crate::criteria::CriteriaSet;
use crate::diag::{Code, Diagnostic, Failed};
use crate::evidence::{Columns, Evidence, Row, Source};
use crate::msg;
use crate::rules::fraction::Fraction;
use crate::score::ScoreResult;
use crate::text::fold;

/// Reads the answers of `sources`, tallies them and adds each survey's result to
/// `evidence`. Warnings (repeated answers) join the evidence's warnings.
pub fn from_sources(sources: &[Source], set: &CriteriaSet, evidence: &mut Evidence) -> Result<Vec<SurveyTally>, Failed> {
    let answers = super::answers::read(sources, set)?;
    let tallies = super::tally::tally(set, &answers)?;
    evidence.warnings.extend(answers.warnings);
    evidence.files.extend(answers.files);
    apply(set, evidence, &tallies)?;
    Ok(tallies)
}

/// The value the survey rule turns back into exactly `points`: the points themselves, or
/// `points × scale ÷ max`. A value that does not end is rounded up at 24 places, so the
/// rule's result is never below the points (and the leaf's rounding, even `down`, gives
/// them back).
fn rule_value(points: Decimal, scale: Option<Decimal>, max: Decimal) -> Decimal {
    let Some(s) = scale else { return points };
    let f = Fraction::from_decimal(points)
        .checked_mul(Fraction::from_decimal(s))
        .and_then(|f| f.checked_div(Fraction::from_decimal(max)));
    let Some(f) = f else { return points };
    let up = crate::number::Rounding {
        places: 24,
        strategy: crate::number::RoundingStrategy::Down,
    };
    match f.round(up) {
        Some((d, true)) => d,
        Some((d, false)) => d + Decimal::new(1, 24),
        None => points,
    }
}

/// Adds one evidence row per tally; refuses a leaf that the evidence also gives.
pub fn apply(set: &CriteriaSet, evidence: &mut Evidence, tallies: &[SurveyTally]) -> Result<(), Failed> {
    let mut diags = Vec::new();
    let columns = Arc::new(Columns::default());
    for t in tallies {
        let def = t.def(set);
        let same_unit = |r: &Row| match (&t.unit, &r.unit) {
            (Some(a), Some(b)) => fold(a) == fold(b),
            _ => true,
        };
        for r in evidence
            .rows
            .iter()
            .filter(|r| r.code.as_ref() == Some(&def.criterion) && same_unit(r))
        {
            let (code, id, file) = (def.criterion.clone(), def.id.clone(), t.file.clone());
            diags.push(
                Diagnostic::error(
                    Code::SurveyTwice,
                    msg!(
                        "tiêu chí {code} có cả kết quả trong số liệu kiểm chứng và câu trả lời khảo sát `{id}` (trong `{file}`)",
                        "criterion {code} has both a result in the evidence and answers to the survey `{id}` (in `{file}`)"
                    ),
                )
                .at(r.loc("value"))
                .help(msg!(
                    "giữ một nguồn: xóa dòng này để tính điểm từ câu trả lời, hoặc bỏ câu trả lời của khảo sát `{id}`",
                    "keep one source: delete this row to score from the answers, or leave out the answers to `{id}`"
                )),
            );
        }
        evidence.rows.push(Row {
            file: t.file.clone(),
            line: 0,
            line_text: "".into(),
            columns: columns.clone(),
            target: def.criterion.to_string(),
            code: Some(def.criterion.clone()),
            item: None,
            value: crate::number::plain(rule_value(t.points, def.rule_scale, def.max)),
            agencies: Vec::new(),
            document: None,
            note: None,
            explanation: None,
            round: set.rounds.first(),
            round_text: None,
            unit: t.unit.clone(),
            year: None,
            spreadsheet: false,
            value_is_number: false,
        });
    }
    if diags.is_empty() {
        Ok(())
    } else {
        crate::diag::sort(&mut diags);
        Err(Failed(diags))
    }
}

/// Puts each survey's computation in its leaf's reason (when the scorer scored the leaf
/// from it: same unit, same points).
pub fn annotate(set: &CriteriaSet, result: &mut ScoreResult, tallies: &[SurveyTally]) {
    for t in tallies {
        let def = t.def(set);
        let unit_matches = match (&t.unit, &result.unit) {
            (Some(a), Some(b)) => fold(a) == fold(b),
            (None, _) => true,
            (Some(_), None) => tallies.iter().filter(|o| o.survey == t.survey).count() == 1,
        };
        if !unit_matches {
            continue;
        }
        if let Some(node) = result.nodes.iter_mut().find(|n| n.code == def.criterion && n.awarded == t.points) {
            node.reason = Some(t.reason.clone());
        }
    }
}

/// A `--set` on a survey leaf fed by answers replaces the computed row (a what-if): the
/// leaf's reason then says so, with the points the answers give, so the figure is never
/// taken for the survey's. Call instead of [`annotate`] for those leaves.
pub fn mark_what_if(set: &CriteriaSet, result: &mut ScoreResult, tallies: &[SurveyTally], overrides: &[crate::whatif::Override]) {
    for ov in overrides {
        let Some(t) = tallies.iter().find(|t| t.def(set).criterion == ov.code) else {
            continue;
        };
        let Some(node) = result.nodes.iter_mut().find(|n| n.code == ov.code) else {
            continue;
        };
        let (vi_from, en_from) = (
            crate::number::show(t.points, crate::number::Lang::Vi),
            crate::number::show(t.points, crate::number::Lang::En),
        );
        // The scorer already says the reason is a what-if value (`--set …`); say what it
        // replaces.
        let Some(reason) = node.reason.as_ref() else {
            continue;
        };
        node.reason = Some(crate::rules::Text::new(
            format!("{} (thay cho {vi_from} điểm tính từ câu trả lời khảo sát)", reason.vi),
            format!(
                "{} (instead of the {en_from} {} computed from the survey answers)",
                reason.en,
                if t.points == rust_decimal::Decimal::ONE {
                    "point"
                } else {
                    "points"
                }
            ),
        ));
    }
}
