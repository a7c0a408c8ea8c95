//! What-if scoring: re-score with some evidence overridden (`--set 3.4.4=95%`) and show
//! what each change gains, so officers can pick the fixes that pay most.

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::code::CriterionCode;
use crate::criteria::CriteriaSet;
use crate::diag::{Code, Diagnostic, Failed, Location};
use crate::evidence::{Columns, Evidence, Row};
use crate::msg;
use crate::number_format::{Convention, NumberFormat, Unresolved, resolve};
use crate::round::Round;
use crate::score::{Options, score};
use crate::text::{fold, nfc};

/// `CODE=VALUE` or `CODE:ITEM=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub code: CriterionCode,
    pub item: Option<String>,
    pub value: String,
    pub text: String,
}

impl FromStr for Override {
    type Err = String;

    fn from_str(s: &str) -> Result<Override, String> {
        let (target, value) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}` is not CODE=VALUE (for example 3.4.4=95%)"))?;
        let (code, item) = match target.split_once(':') {
            Some((c, i)) => (c, Some(nfc(i))),
            None => (target, None),
        };
        let code = code.trim().parse().map_err(|e| format!("`{code}` is not a criterion code: {e}"))?;
        Ok(Override {
            code,
            item,
            value: nfc(value),
            text: s.to_string(),
        })
    }
}

/// The overrides with their numbers in canonical text, read under the declared convention
/// (`--set 7.2:tong_ho_so=2.000` needs one: it is two thousand or two).
pub fn resolve_numbers(set: &CriteriaSet, overrides: &[Override], declared: Option<NumberFormat>) -> Result<Vec<Override>, Failed> {
    let convention = declared.map_or(Convention::Unsettled, Convention::Declared);
    let mut diags = Vec::new();
    let mut out = Vec::with_capacity(overrides.len());
    for (i, ov) in overrides.iter().enumerate() {
        // Two values for one fact: which one would be scored is a guess, as with two evidence
        // rows (`conflicting-rows`).
        if let Some(first) = overrides[..i]
            .iter()
            .find(|o| o.code == ov.code && item_key(set, o) == item_key(set, ov))
        {
            diags.push(
                Diagnostic::error(
                    Code::ConflictingRows,
                    crate::msg!(
                        "--set {} và --set {} cho cùng một số liệu hai giá trị",
                        "--set {} and --set {} give the same fact two values",
                        first.text,
                        ov.text
                    ),
                )
                .at(Location::file_only("--set".into()))
                .help(crate::msg!(
                    "giữ một giá trị; để so sánh hai giả định, chạy hai lần",
                    "keep one value; to compare two what-ifs, run twice"
                )),
            );
            continue;
        }
        match resolve(&ov.value, convention) {
            Ok(v) => out.push(Override {
                value: v.into_owned(),
                ..ov.clone()
            }),
            Err(u) => diags.push(
                Diagnostic::error(
                    match u {
                        Unresolved::Ambiguous { .. } => Code::AmbiguousNumber,
                        Unresolved::Invalid { .. } => Code::InvalidValue,
                    },
                    {
                        let why = u.message(crate::msg!("dòng lệnh", "the command line"));
                        crate::i18n::Msg::by(|l| format!("--set {}: {}", ov.text, why.get(l)))
                    },
                )
                .at(Location::file_only("--set".into()))
                .help(u.help()),
            ),
        }
    }
    if diags.is_empty() { Ok(out) } else { Err(Failed(diags)) }
}

/// The override's item as a key (see [`crate::rules::Rule::item_key`]): a checklist item
/// named by id or by name is the same item.
fn item_key(set: &CriteriaSet, ov: &Override) -> Option<String> {
    let written = ov.item.as_deref()?;
    Some(row_item_key(set, &ov.code, written))
}

fn row_item_key(set: &CriteriaSet, code: &CriterionCode, written: &str) -> String {
    match set.node(code).and_then(|n| n.rule.as_ref()) {
        Some(rule) => rule.item_key(written),
        None => fold(written),
    }
}

/// The gain of one override applied alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIfChange {
    pub text: String,
    pub code: CriterionCode,
    /// The criterion's points before and after.
    pub before: Decimal,
    pub after: Decimal,
    /// Change of the unit's total.
    pub gain: Decimal,
}

/// Evidence with the overrides applied: an override replaces the rows of its criterion
/// (and item) in the round the run would read, keeping their agencies and documents. An item
/// is matched however the row spelled it (a checklist item by id or by name), so the override
/// replaces that row rather than adding a second one.
pub fn apply(set: &CriteriaSet, evidence: &Evidence, overrides: &[Override], round: Round) -> Evidence {
    let mut ev = evidence.clone();
    let columns = Arc::new(Columns {
        present: vec![
            ("criterion", "criterion".into(), 0),
            ("item", "item".into(), 1),
            ("value", "value".into(), 2),
        ],
        delimiter: 0,
        ..Columns::default()
    });
    for (i, ov) in overrides.iter().enumerate() {
        let of_code = |r: &Row| r.code.as_ref() == Some(&ov.code);
        let of_code: Vec<&Row> = ev.rows.iter().filter(|r| of_code(r)).collect();
        // The round the scorer would read for this criterion; with no row yet, the round run.
        let used = crate::score::select(&of_code, round).1.unwrap_or(round);
        let key = item_key(set, ov);
        let hit = |r: &Row| {
            r.code.as_ref() == Some(&ov.code)
                && r.round == used
                && !r.is_explanation_only()
                && key
                    .as_deref()
                    .is_none_or(|k| r.item.as_deref().map(|it| row_item_key(set, &ov.code, it)).as_deref() == Some(k))
        };
        let replaced: Vec<Row> = ev.rows.iter().filter(|r| hit(r)).cloned().collect();
        ev.rows.retain(|r| !hit(r));
        let mut agencies: Vec<String> = replaced.iter().flat_map(|r| r.agencies.clone()).collect();
        agencies.dedup();
        ev.rows.push(Row {
            file: "--set".into(),
            line: i + 1,
            line_text: ov.text.as_str().into(),
            columns: columns.clone(),
            target: ov.code.to_string(),
            code: Some(ov.code.clone()),
            item: ov.item.clone(),
            value: ov.value.clone(),
            agencies,
            document: replaced.iter().find_map(|r| r.document.clone()),
            note: Some(format!("what-if: {}", ov.text)),
            explanation: None,
            round: used,
            round_text: None,
            unit: replaced.first().and_then(|r| r.unit.clone()),
            year: replaced.first().and_then(|r| r.year),
            spreadsheet: false,
            value_is_number: false,
        });
    }
    ev
}

/// Scores each override alone against the baseline; returns the baseline total and the
/// changes. Unknown codes are refused.
pub fn gains(
    set: &CriteriaSet,
    evidence: &Evidence,
    options: &Options,
    overrides: &[Override],
) -> Result<(Decimal, Vec<WhatIfChange>), Failed> {
    let mut unknown = Vec::new();
    for ov in overrides {
        if !set.node(&ov.code).is_some_and(|n| n.is_leaf()) {
            unknown.push(
                Diagnostic::error(
                    Code::UnknownCriterion,
                    msg!(
                        "--set {}: {} không phải tiêu chí thành phần của `{}`",
                        "--set {}: {} is not a leaf criterion of `{}`",
                        ov.text,
                        ov.code,
                        set.id
                    ),
                )
                .help(msg!(
                    "hãy dùng mã của một tiêu chí thành phần có quy tắc chấm điểm",
                    "use the code of a sub-criterion that has a rule"
                )),
            );
        }
    }
    if !unknown.is_empty() {
        return Err(Failed(unknown));
    }
    let round = options.round.unwrap_or_else(|| set.rounds.last());
    let base = score(set, evidence, options)?;
    let points =
        |r: &crate::score::ScoreResult, c: &CriterionCode| r.nodes.iter().find(|n| &n.code == c).map_or(Decimal::ZERO, |n| n.awarded);
    let mut out = Vec::new();
    for ov in overrides {
        let changed = score(set, &apply(set, evidence, std::slice::from_ref(ov), round), options)?;
        out.push(WhatIfChange {
            text: ov.text.clone(),
            code: ov.code.clone(),
            before: points(&base, &ov.code),
            after: points(&changed, &ov.code),
            gain: changed.totals.awarded - base.totals.awarded,
        });
    }
    Ok((base.totals.awarded, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_overrides() {
        let o: Override = "3.4.4=95%".parse().unwrap();
        assert_eq!(
            (o.code.to_string(), o.item, o.value),
            ("3.4.4".to_string(), None, "95%".to_string())
        );
        let o: Override = "7.2:muc_do_4=500".parse().unwrap();
        assert_eq!(o.item.as_deref(), Some("muc_do_4"));
        assert!("3.4.4".parse::<Override>().is_err());
        assert!("x=1".parse::<Override>().is_err());
    }
}
