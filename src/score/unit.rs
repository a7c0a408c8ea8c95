//! The scoring of one leaf and one bonus/penalty block on the rows chosen for them, and the
//! index of a unit's totals: the single implementation behind `score` (which builds reasons
//! and reports) and `rank`'s streaming path (which only adds points up and hands any unit
//! with a problem to `score`). Policies live here and nowhere else: missing evidence, "not
//! applicable", the rule, the criterion's rounding and the missing-document policy.

use rust_decimal::Decimal;

use super::Status;
use crate::criteria::{Adjustment, AdjustmentKind, CriteriaSet, MissingDocumentPolicy, MissingEvidencePolicy, Node, NotApplicablePolicy};
use crate::diag::{Code, Diagnostic};
use crate::evidence::Row;
use crate::i18n::Msg;
use crate::msg;
use crate::rules::{Input, Text};
use crate::text::fold;
use crate::value::is_not_applicable;

/// What a leaf comes to.
#[derive(Debug)]
pub(crate) struct LeafScore {
    pub status: Status,
    pub awarded: Decimal,
    pub applicable_max: Decimal,
    /// The rule's points before rounding, and its reason (empty unless explained).
    pub rule: Option<(Decimal, Text)>,
    /// The criterion needs a document and no chosen row cites one.
    pub no_document: bool,
}

/// Scores `node` on `chosen`, the value rows of the round selected for it (see
/// [`super::select`]). `explain` builds the rule's reason.
pub(crate) fn leaf(set: &CriteriaSet, node: &Node, chosen: &[&Row], explain: bool) -> Result<LeafScore, Vec<Diagnostic>> {
    if chosen.is_empty() {
        if set.policy.missing_evidence == MissingEvidencePolicy::Error {
            return Err(vec![
                Diagnostic::error(
                    Code::InvalidValue,
                    msg!("tiêu chí {} không có số liệu kiểm chứng", "criterion {} has no evidence", node.code),
                )
                .at(set.locate(node))
                .help(msg!(
                    "hãy thêm một dòng cho tiêu chí này, hoặc ghi `không phát sinh` nếu không áp dụng",
                    "add a row for it, or `không phát sinh` if it does not apply"
                )),
            ]);
        }
        return Ok(LeafScore {
            status: Status::MissingEvidence,
            awarded: Decimal::ZERO,
            applicable_max: node.max,
            rule: None,
            no_document: false,
        });
    }
    let na = chosen.iter().filter(|r| is_not_applicable(&r.value)).count();
    if na > 0 {
        let first = chosen.iter().find(|r| is_not_applicable(&r.value)).copied().unwrap_or(chosen[0]);
        if na != chosen.len() {
            return Err(vec![first.invalid(
                msg!(
                    "{}: có dòng ghi không phát sinh, có dòng ghi giá trị",
                    "{}: some rows say not applicable and others give values",
                    node.code
                ),
                msg!(
                    "một tiêu chí hoặc không phát sinh hoặc được chấm điểm; hãy bỏ một loại dòng",
                    "a criterion is either not applicable or scored; remove one kind of row"
                ),
            )]);
        }
        if !node.may_be_not_applicable {
            return Err(vec![
                Diagnostic::error(
                    Code::NotApplicableForbidden,
                    msg!(
                        "tiêu chí {} không được ghi không phát sinh (`{}`)",
                        "criterion {} cannot be not applicable (`{}`)",
                        node.code,
                        first.value
                    ),
                )
                .at(first.loc("value"))
                .help(msg!(
                    "hãy ghi giá trị; tệp bộ tiêu chí chỉ cho phép `không phát sinh` ở tiêu chí có `may_be_not_applicable = true`",
                    "give its value; the criteria file allows `không phát sinh` only where `may_be_not_applicable = true`"
                )),
            ]);
        }
        let (awarded, applicable_max) = match set.policy.not_applicable {
            NotApplicablePolicy::Exclude => (Decimal::ZERO, Decimal::ZERO),
            NotApplicablePolicy::FullMarks => (node.max, node.max),
        };
        return Ok(LeafScore {
            status: Status::NotApplicable,
            awarded,
            applicable_max,
            rule: None,
            no_document: false,
        });
    }
    // A leaf always has a rule (the criteria loader refuses one without).
    let Some(rule) = &node.rule else {
        return Err(Vec::new());
    };
    let outcome = rule.evaluate(&Input {
        explain,
        code: &node.code,
        max: node.max,
        rows: chosen,
    })?;
    let rounding = node.rounding.unwrap_or(set.rounding);
    let mut awarded = rounding.apply(outcome.points);
    let no_document = node.document_required && chosen.iter().all(|r| r.document.is_none());
    if no_document && set.policy.missing_document == MissingDocumentPolicy::Zero {
        awarded = Decimal::ZERO;
    }
    Ok(LeafScore {
        status: Status::Scored,
        awarded,
        applicable_max: node.max,
        rule: Some((outcome.points, outcome.reason)),
        no_document,
    })
}

/// Each item of a block given, with how many, for the reason.
pub(crate) type Parts<'s> = Vec<(&'s Text, Decimal)>;

/// A bonus or penalty block on its chosen rows: its signed points (capped) and, for the
/// reason, each item's label with its count.
pub(crate) fn adjustment<'s>(adj: &'s Adjustment, rows: &[&Row]) -> Result<(Decimal, Parts<'s>), Vec<Diagnostic>> {
    let mut total = Decimal::ZERO;
    let mut parts = Vec::new();
    let mut diags = Vec::new();
    for row in rows {
        let Some(item) = row
            .item
            .as_ref()
            .and_then(|i| adj.items.iter().find(|x| x.id == *i || fold(&x.id) == fold(i)))
        else {
            let ids: Vec<&str> = adj.items.iter().map(|i| i.id.as_str()).collect();
            diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    msg!(
                        "{}: cột `item` phải là một trong: {}",
                        "{}: the `item` must be one of: {}",
                        adj.id,
                        ids.join(", ")
                    ),
                )
                .at(row.loc("item"))
                .help(msg!(
                    "ghi loại điểm thưởng/điểm trừ ở `item` và số lần ở `value`",
                    "put the kind of bonus or penalty in `item` and how many in `value`"
                )),
            );
            continue;
        };
        match crate::value::parse_count(&row.value) {
            Ok(n) => match item.points.checked_mul(n).and_then(|p| total.checked_add(p)) {
                Some(t) => {
                    total = t;
                    parts.push((&item.label, n));
                }
                None => diags.push(row.invalid(
                    msg!("{}: số lần quá lớn", "{}: the count is too large", adj.id),
                    msg!("hãy kiểm tra giá trị", "check the value"),
                )),
            },
            Err(m) => diags.push(row.invalid(
                Msg::by(|l| format!("{}: {}", adj.id, m.get(l))),
                msg!("hãy ghi số lần, ví dụ 1", "write how many, such as 1"),
            )),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let capped = total.min(adj.cap);
    Ok((if adj.kind == AdjustmentKind::Penalty { -capped } else { capped }, parts))
}

/// The index (percent of the applicable maximum, rounded as the set says), if any maximum.
pub(crate) fn index(set: &CriteriaSet, awarded: Decimal, applicable_max: Decimal) -> Option<Decimal> {
    (!applicable_max.is_zero()).then(|| set.index_rounding.apply(awarded * Decimal::ONE_HUNDRED / applicable_max))
}
