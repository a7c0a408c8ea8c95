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
    // One look at each row: how many say "not applicable", and the first that does.
    let (mut na, mut first) = (0, chosen[0]);
    for r in chosen.iter().rev() {
        if is_not_applicable(&r.value) {
            na += 1;
            first = *r;
        }
    }
    if na > 0 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::CriterionCode;
    use crate::evidence::Evidence;

    /// Three binary leaves (plain, may be not applicable, needs a document), a bonus block of
    /// two items and a penalty block, under `policy` (the body of `[set.policy]`).
    fn set(policy: &str) -> CriteriaSet {
        let text = format!(
            r#"[set]
id = "unit"
title = "Unit"
year = 2022
level = "commune"
language = "vi"
total = 6

[set.policy]
{policy}

[[agency]]
id = "vp"
name = "Văn phòng"

[[node]]
code = "1"
title = "Lĩnh vực"
max = 6

[[node]]
code = "1.1"
title = "Tiêu chí"
max = 2
rule = {{ kind = "binary" }}

[[node]]
code = "1.2"
title = "Có thể không phát sinh"
max = 2
may_be_not_applicable = true
rule = {{ kind = "binary" }}

[[node]]
code = "1.3"
title = "Cần văn bản"
max = 2
document_required = true
rule = {{ kind = "binary" }}

[[adjustment]]
id = "thuong"
kind = "bonus"
title = "Điểm thưởng"
cap = 2
items = [{{ id = "sang-kien", points = 0.5 }}, {{ id = "giai-thuong", points = 0.75 }}]

[[adjustment]]
id = "tru"
kind = "penalty"
title = "Điểm trừ"
cap = 1
items = [{{ id = "vi-pham", points = 0.25 }}]
"#
        );
        crate::criteria::load_str("unit.toml", &text).unwrap_or_else(|f| panic!("{:#?}", f.0))
    }

    /// Evidence rows of `criterion,item,value,document` lines.
    fn evidence(lines: &str) -> Evidence {
        crate::evidence::load_str("e.csv", &format!("criterion,item,value,document\n{lines}")).unwrap_or_else(|f| panic!("{:#?}", f.0))
    }

    fn rows<'e>(ev: &'e Evidence, target: &str) -> Vec<&'e Row> {
        ev.rows.iter().filter(|r| r.target == target).collect()
    }

    fn node<'s>(set: &'s CriteriaSet, code: &str) -> &'s Node {
        set.node(&code.parse::<CriterionCode>().unwrap()).unwrap()
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn scored(set: &CriteriaSet, code: &str, lines: &str) -> LeafScore {
        let ev = evidence(lines);
        leaf(set, node(set, code), &rows(&ev, code), false).unwrap()
    }

    fn refused(set: &CriteriaSet, code: &str, lines: &str) -> Vec<Diagnostic> {
        let ev = evidence(lines);
        leaf(set, node(set, code), &rows(&ev, code), false).unwrap_err()
    }

    #[test]
    fn a_leaf_scored_by_its_rule() {
        let s = set("");
        let got = scored(&s, "1.1", "1.1,,có,\n");
        assert_eq!(
            (got.status, got.awarded, got.applicable_max, got.no_document),
            (Status::Scored, dec("2"), dec("2"), false)
        );
        assert_eq!(got.rule.map(|r| r.0), Some(dec("2")));
        let got = scored(&s, "1.1", "1.1,,không,\n");
        assert_eq!((got.status, got.awarded, got.applicable_max), (Status::Scored, dec("0"), dec("2")));
    }

    #[test]
    fn a_leaf_without_rows_is_missing_evidence_or_an_error_as_the_policy_says() {
        let s = set("");
        let got = leaf(&s, node(&s, "1.1"), &[], false).unwrap();
        assert_eq!(
            (got.status, got.awarded, got.applicable_max),
            (Status::MissingEvidence, dec("0"), dec("2"))
        );
        assert!(got.rule.is_none());
        let s = set("missing_evidence = \"error\"");
        let err = leaf(&s, node(&s, "1.1"), &[], false).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].code, Code::InvalidValue);
        assert!(err[0].message.en().contains("criterion 1.1 has no evidence"), "{}", err[0].message);
    }

    #[test]
    fn not_applicable_as_the_policy_says_and_only_where_allowed() {
        let got = scored(&set(""), "1.2", "1.2,,không phát sinh,\n");
        assert_eq!(
            (got.status, got.awarded, got.applicable_max),
            (Status::NotApplicable, dec("0"), dec("0"))
        );
        let got = scored(
            &set("not_applicable = \"full-marks\""),
            "1.2",
            "1.2,,không phát sinh,\n1.2,,không phát sinh,\n",
        );
        assert_eq!(
            (got.status, got.awarded, got.applicable_max),
            (Status::NotApplicable, dec("2"), dec("2"))
        );
        assert!(got.rule.is_none());
        let err = refused(&set(""), "1.1", "1.1,,không phát sinh,\n");
        assert_eq!(err[0].code, Code::NotApplicableForbidden);
        let err = refused(&set(""), "1.2", "1.2,a,có,\n1.2,b,không phát sinh,\n");
        assert_eq!(err[0].code, Code::InvalidValue);
        assert!(err[0].message.en().contains("some rows say not applicable"), "{}", err[0].message);
    }

    #[test]
    fn a_missing_document_warns_or_zeroes_as_the_policy_says() {
        // Not required: no document is no problem.
        assert!(!scored(&set("missing_document = \"zero\""), "1.1", "1.1,,có,\n").no_document);
        // Required and cited: full points under either policy.
        let got = scored(&set("missing_document = \"zero\""), "1.3", "1.3,,có,QĐ 12\n");
        assert_eq!((got.awarded, got.no_document), (dec("2"), false));
        // Required, not cited: flagged; points kept under `warn`, 0 under `zero`.
        let got = scored(&set(""), "1.3", "1.3,,có,\n");
        assert_eq!((got.awarded, got.no_document), (dec("2"), true));
        let got = scored(&set("missing_document = \"zero\""), "1.3", "1.3,,có,\n");
        assert_eq!((got.awarded, got.no_document), (dec("0"), true));
        assert_eq!(got.rule.map(|r| r.0), Some(dec("2")));
    }

    fn block<'s>(set: &'s CriteriaSet, id: &str) -> &'s Adjustment {
        set.adjustments.iter().find(|a| a.id == id).unwrap()
    }

    #[test]
    fn a_bonus_adds_each_item_times_its_count_capped() {
        let s = set("");
        let ev = evidence("thuong,giai-thuong,1,\nthuong,Sang-Kien,1,\n");
        let (points, parts) = adjustment(block(&s, "thuong"), &rows(&ev, "thuong")).unwrap();
        assert_eq!(points, dec("1.25"));
        let parts: Vec<(String, Decimal)> = parts.iter().map(|(t, n)| (t.en.clone(), *n)).collect();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].1, parts[1].1), (dec("1"), dec("1")));
        let ev = evidence("thuong,giai-thuong,3,\n");
        assert_eq!(adjustment(block(&s, "thuong"), &rows(&ev, "thuong")).unwrap().0, dec("2"));
    }

    #[test]
    fn a_penalty_subtracts_capped() {
        let s = set("");
        let ev = evidence("tru,vi-pham,2,\n");
        assert_eq!(adjustment(block(&s, "tru"), &rows(&ev, "tru")).unwrap().0, dec("-0.5"));
        let ev = evidence("tru,vi-pham,9,\n");
        assert_eq!(adjustment(block(&s, "tru"), &rows(&ev, "tru")).unwrap().0, dec("-1"));
    }

    #[test]
    fn an_unknown_item_or_a_bad_count_is_refused() {
        let s = set("");
        let ev = evidence("thuong,khac,1,\nthuong,sang-kien,mot,\n");
        let err = adjustment(block(&s, "thuong"), &rows(&ev, "thuong")).unwrap_err();
        assert_eq!(err.len(), 2);
        assert!(
            err[0].message.en().contains("must be one of: sang-kien, giai-thuong"),
            "{}",
            err[0].message
        );
    }

    #[test]
    fn the_index_is_a_rounded_percent_of_the_applicable_maximum() {
        let s = set("");
        assert_eq!(index(&s, dec("3"), dec("4")), Some(dec("75")));
        assert_eq!(index(&s, dec("1"), dec("3")), Some(dec("33.33")));
        assert_eq!(index(&s, dec("0"), dec("0")), None);
    }
}
