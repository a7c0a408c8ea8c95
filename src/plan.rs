//! The remediation plan (kế hoạch khắc phục): for each criterion that lost points, what to
//! fix, the lead and cooperating agencies, the deadline from the criteria set, and the
//! points at stake, largest first. Survey criteria are left out by default: they are not
//! self-scored, so no agency can fix them directly.

use rust_decimal::Decimal;

use crate::code::CriterionCode;
use crate::criteria::CriteriaSet;
use crate::number::Lang;
use crate::score::ScoreResult;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// Số thứ tự, from 1.
    pub stt: usize,
    pub code: CriterionCode,
    pub title: String,
    pub reason: String,
    /// The unit's explanation (giải trình) of the loss, in the rounds up to the one planned.
    pub explanation: Option<String>,
    pub lost: Decimal,
    pub lead: Vec<String>,
    pub cooperating: Vec<String>,
    pub deadline: Option<String>,
}

impl PlanRow {
    /// The reason with the explanation beside it, as the plan's tables show them.
    pub fn reason_text(&self, lang: Lang) -> String {
        match &self.explanation {
            None => self.reason.clone(),
            Some(e) => {
                let label = crate::i18n::tr(lang, "giải trình", "explanation");
                if self.reason.is_empty() {
                    format!("{label}: {e}")
                } else {
                    format!("{} · {label}: {e}", self.reason)
                }
            }
        }
    }
}

/// The nearest deadline text declared on the node or an ancestor.
fn deadline_of(set: &CriteriaSet, code: &CriterionCode) -> Option<String> {
    let mut cur = Some(code.clone());
    while let Some(c) = cur {
        if let Some(d) = set.node(&c).and_then(|n| n.deadline.clone()) {
            return Some(d);
        }
        cur = c.parent();
    }
    None
}

/// Builds the plan from a score result of `set`.
pub fn plan(set: &CriteriaSet, result: &ScoreResult, lang: Lang, include_survey: bool) -> Vec<PlanRow> {
    result
        .losses()
        .into_iter()
        .filter(|n| include_survey || n.rule != Some("survey"))
        .enumerate()
        .map(|(i, n)| PlanRow {
            stt: i + 1,
            code: n.code.clone(),
            title: n.title(lang).to_string(),
            reason: n.reason.as_ref().map(|r| r.get(lang).to_string()).unwrap_or_default(),
            explanation: result.explanation_text(n, lang),
            lost: n.lost,
            lead: set.lead_of(&n.code),
            cooperating: set.node(&n.code).map(|x| x.cooperating.clone()).unwrap_or_default(),
            deadline: deadline_of(set, &n.code),
        })
        .collect()
}

/// Points at stake in survey criteria, which the plan leaves out unless asked.
pub fn survey_losses(result: &ScoreResult) -> Decimal {
    result.losses().iter().filter(|n| n.rule == Some("survey")).map(|n| n.lost).sum()
}
