//! Comparing two score results: two years of one unit, two units, or the self-assessment
//! against the appraisal. Criteria sets are renumbered between years, so a mapping of old
//! codes to new ones can be applied to the first side before matching.
//!
//! Every change reads one way: **positive means the unit did better on side B**. Points
//! and percentages are B − A of the points awarded; for an agency, whose figure is the
//! points it lost, the change is the points *no longer* lost, A − B (fewer points lost is
//! positive). The stage comparison reads the same way: appraisal − self-assessment.
//!
//! **Change in %** is the change of the share of the maximum achieved, in percentage
//! points (B's awarded ÷ applicable max − A's), so it stays defined when A scored 0.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::code::CriterionCode;
use crate::diag::{Code, Diagnostic, Failed, Location};
use crate::msg;
use crate::number::{Lang, Rounding, RoundingStrategy};
use crate::score::{ScoreResult, Status};

/// One node of one side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideNode {
    pub title: String,
    pub is_leaf: bool,
    pub applicable_max: Decimal,
    pub awarded: Decimal,
    pub lost: Decimal,
    pub reason: Option<String>,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub label: String,
    pub set_id: String,
    pub year: i32,
    pub awarded: Decimal,
    pub applicable_max: Decimal,
    pub index_percent: Option<Decimal>,
    pub nodes: BTreeMap<CriterionCode, SideNode>,
    /// Agency id → (name, points lost).
    pub agencies: BTreeMap<String, (String, Decimal)>,
}

impl Side {
    pub fn from_result(r: &ScoreResult, lang: Lang, label: &str) -> Side {
        Side {
            label: label.to_string(),
            set_id: r.set_id.clone(),
            year: r.year,
            awarded: r.totals.awarded,
            applicable_max: r.totals.applicable_max,
            index_percent: r.totals.index_percent,
            nodes: r
                .nodes
                .iter()
                .map(|n| {
                    let node = SideNode {
                        title: n.title(lang).to_string(),
                        is_leaf: n.is_leaf,
                        applicable_max: n.applicable_max,
                        awarded: n.awarded,
                        lost: n.lost,
                        reason: n.reason.as_ref().map(|t| t.get(lang).to_string()),
                    };
                    (n.code.clone(), node)
                })
                .collect(),
            agencies: r
                .agencies
                .iter()
                .map(|a| (a.id.clone(), (a.name_in(lang).to_string(), a.total)))
                .collect(),
        }
    }

    /// Reads `parcalc score --format json` output.
    pub fn from_json(name: &str, text: &str, label: &str) -> Result<Side, Failed> {
        let fail = |message: crate::i18n::Msg| {
            Failed(vec![
                Diagnostic::error(Code::InvalidValue, message)
                    .at(Location::file_only(name.into()))
                    .help(msg!(
                        "hãy đưa kết quả của `parcalc score --format json`, hoặc một tệp bộ tiêu chí và số liệu kiểm chứng",
                        "give the output of `parcalc score --format json`, or a criteria file and evidence"
                    )),
            ])
        };
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| fail(msg!("`{name}` không phải JSON: {e}", "`{name}` is not JSON: {e}")))?;
        // Version 2 only added fields (`round_used`, explanations): both read the same.
        if v["schema"] != crate::render::json::SCORE_SCHEMA && v["schema"] != "parcalc.score/1" {
            let schema = crate::render::json::SCORE_SCHEMA;
            return Err(fail(msg!(
                "`{name}` không phải kết quả chấm điểm của parcalc (lược đồ `{schema}`)",
                "`{name}` is not a parcalc score result (schema `{schema}`)"
            )));
        }
        // Scores are bounded like every number parcalc reads (10^18), so that differences
        // and percentages of any two results are exact and never overflow.
        let dec = |x: &serde_json::Value, what: &str| -> Result<Decimal, Failed> {
            x.as_str()
                .and_then(|s| Decimal::from_str_exact(s).ok())
                .filter(|d| d.abs() <= crate::number::LIMIT)
                .ok_or_else(|| {
                    fail(msg!(
                        "`{name}`: `{what}` không phải chuỗi số thập phân từ −10^18 đến 10^18",
                        "`{name}`: `{what}` is not a decimal string from −10^18 to 10^18"
                    ))
                })
        };
        let mut nodes = BTreeMap::new();
        let no_nodes = || fail(msg!("`{name}` không có `nodes`", "`{name}` has no `nodes`"));
        for n in v["nodes"].as_array().ok_or_else(no_nodes)? {
            let code: CriterionCode = n["code"].as_str().and_then(|c| c.parse().ok()).ok_or_else(|| {
                fail(msg!(
                    "`{name}`: có mục không có `code` hợp lệ",
                    "`{name}`: a node has no valid `code`"
                ))
            })?;
            nodes.insert(
                code,
                SideNode {
                    title: n["title"].as_str().unwrap_or_default().to_string(),
                    is_leaf: true,
                    applicable_max: dec(&n["applicable_max"], "applicable_max")?,
                    awarded: dec(&n["awarded"], "awarded")?,
                    lost: dec(&n["lost"], "lost")?,
                    reason: n["reason"].as_str().map(str::to_string),
                },
            );
        }
        let parents: BTreeSet<CriterionCode> = nodes.keys().filter_map(CriterionCode::parent).collect();
        for (code, node) in nodes.iter_mut() {
            node.is_leaf = !parents.contains(code);
        }
        let mut agencies = BTreeMap::new();
        for a in v["agencies"].as_array().into_iter().flatten() {
            let id = a["id"].as_str().unwrap_or_default().to_string();
            agencies.insert(
                id,
                (
                    a["name"].as_str().unwrap_or_default().to_string(),
                    dec(&a["total"], "agency total")?,
                ),
            );
        }
        let t = &v["total"];
        Ok(Side {
            label: label.to_string(),
            set_id: v["set"]["id"].as_str().unwrap_or_default().to_string(),
            year: v["set"]["year"].as_i64().and_then(|y| i32::try_from(y).ok()).unwrap_or(0),
            awarded: dec(&t["awarded"], "total.awarded")?,
            applicable_max: dec(&t["applicable_max"], "total.applicable_max")?,
            index_percent: t["index_percent"].as_str().and_then(|s| Decimal::from_str_exact(s).ok()),
            nodes,
            agencies,
        })
    }
}

/// Old code → new code, for criteria sets renumbered between years.
#[derive(Debug, Clone, Default)]
pub struct Mapping(pub BTreeMap<CriterionCode, CriterionCode>);

impl Mapping {
    /// Reads a CSV with `old,new` columns (a header row first).
    pub fn from_csv(name: &str, text: &str) -> Result<Mapping, Failed> {
        let mut map = BTreeMap::new();
        let mut diags = Vec::new();
        let src = crate::diag::SourceFile::new(name, text);
        for (i, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let mut cells = line.split([',', ';']).map(str::trim);
            let (old, new) = (cells.next().unwrap_or(""), cells.next().unwrap_or(""));
            match (old.parse::<CriterionCode>(), new.parse::<CriterionCode>()) {
                (Ok(o), Ok(n)) => {
                    if map.insert(o.clone(), n).is_some() {
                        diags.push(
                            Diagnostic::error(Code::DuplicateCode, msg!("mã {o} được ánh xạ hai lần", "code {o} is mapped twice"))
                                .at(src.locate_line(i + 1)),
                        );
                    }
                }
                _ => diags.push(
                    Diagnostic::error(
                        Code::InvalidCode,
                        msg!(
                            "`{line}` không phải một cặp mã `cũ,mới`",
                            "`{line}` is not an `old,new` pair of codes"
                        ),
                    )
                    .at(src.locate_line(i + 1))
                    .help(msg!(
                        "mỗi dòng ánh xạ một mã cũ sang một mã mới, ví dụ `3.7.3,3.8.3`",
                        "each row maps an old code to a new one, such as `3.7.3,3.8.3`"
                    )),
                ),
            }
        }
        if diags.is_empty() { Ok(Mapping(map)) } else { Err(Failed(diags)) }
    }

    pub fn apply(&self, code: &CriterionCode) -> CriterionCode {
        self.0.get(code).cloned().unwrap_or_else(|| code.clone())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Both,
    Removed,
    Added,
}

/// How one node changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    /// The code on side B (or A's, mapped, for removed criteria).
    pub code: CriterionCode,
    /// A's code when it differs (renumbered).
    pub old_code: Option<CriterionCode>,
    pub title: String,
    pub a: Option<Decimal>,
    pub b: Option<Decimal>,
    pub a_max: Option<Decimal>,
    pub b_max: Option<Decimal>,
    /// B − A in points (a missing side counts as 0).
    pub points: Decimal,
    /// Change of the share of the maximum achieved, in percentage points.
    pub percent: Option<Decimal>,
    pub presence: Presence,
    pub a_reason: Option<String>,
    pub b_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyDelta {
    pub id: String,
    pub name: String,
    pub a_lost: Decimal,
    pub b_lost: Decimal,
    /// A − B of the points lost: positive when the agency lost fewer points on side B, so
    /// that it reads like every other change (positive = better).
    pub lost_reduced: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    pub areas: Vec<Delta>,
    pub criteria: Vec<Delta>,
    pub agencies: Vec<AgencyDelta>,
}

/// The share of the maximum achieved, in percent; none for a zero maximum, or when a
/// result read from JSON is too far out of proportion to divide (a maximum of 10^-20).
fn rate(awarded: Decimal, max: Decimal) -> Option<Decimal> {
    let share = awarded.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(max)?;
    Some(
        Rounding {
            places: 2,
            strategy: RoundingStrategy::HalfUp,
        }
        .apply(share),
    )
}

fn deltas(a: &Side, b: &Side, mapping: &Mapping, leaves: bool) -> Vec<Delta> {
    let pick = |n: &SideNode, code: &CriterionCode| if leaves { n.is_leaf } else { code.depth() == 1 };
    let a_nodes: BTreeMap<CriterionCode, (&CriterionCode, &SideNode)> = a
        .nodes
        .iter()
        .filter(|(c, n)| pick(n, c))
        .map(|(c, n)| (mapping.apply(c), (c, n)))
        .collect();
    let mut out = Vec::new();
    for (code, bn) in b.nodes.iter().filter(|(c, n)| pick(n, c)) {
        let an = a_nodes.get(code);
        out.push(Delta {
            code: code.clone(),
            old_code: an.map(|(c, _)| (*c).clone()).filter(|c| c != code),
            title: bn.title.clone(),
            a: an.map(|(_, n)| n.awarded),
            b: Some(bn.awarded),
            a_max: an.map(|(_, n)| n.applicable_max),
            b_max: Some(bn.applicable_max),
            points: bn.awarded - an.map_or(Decimal::ZERO, |(_, n)| n.awarded),
            percent: match (
                an.and_then(|(_, n)| rate(n.awarded, n.applicable_max)),
                rate(bn.awarded, bn.applicable_max),
            ) {
                (Some(x), Some(y)) => Some(y - x),
                _ => None,
            },
            presence: if an.is_some() { Presence::Both } else { Presence::Added },
            a_reason: an.and_then(|(_, n)| n.reason.clone()),
            b_reason: bn.reason.clone(),
        });
    }
    for (code, (old, an)) in &a_nodes {
        if !b.nodes.contains_key(code) {
            out.push(Delta {
                code: code.clone(),
                old_code: Some((*old).clone()).filter(|c| c != code),
                title: an.title.clone(),
                a: Some(an.awarded),
                b: None,
                a_max: Some(an.applicable_max),
                b_max: None,
                points: -an.awarded,
                percent: None,
                presence: Presence::Removed,
                a_reason: an.reason.clone(),
                b_reason: None,
            });
        }
    }
    // Largest regression first; criteria only on one side after those on both.
    out.sort_by(|x, y| {
        x.presence
            .cmp(&y.presence)
            .then(x.points.cmp(&y.points))
            .then_with(|| x.code.cmp(&y.code))
    });
    out
}

/// Compares B against A (A is the earlier or reference side).
pub fn compare(a: &Side, b: &Side, mapping: &Mapping) -> Comparison {
    let mut ids: BTreeSet<&String> = a.agencies.keys().collect();
    ids.extend(b.agencies.keys());
    let mut agencies: Vec<AgencyDelta> = ids
        .into_iter()
        .map(|id| {
            let (an, al) = a.agencies.get(id).cloned().unwrap_or_default();
            let (bn, bl) = b.agencies.get(id).cloned().unwrap_or_default();
            AgencyDelta {
                id: id.clone(),
                name: if bn.is_empty() { an } else { bn },
                a_lost: al,
                b_lost: bl,
                lost_reduced: al - bl,
            }
        })
        .collect();
    // Agencies whose losses grew the most first, like criteria: largest regression first.
    agencies.sort_by(|x, y| x.lost_reduced.cmp(&y.lost_reduced).then_with(|| x.id.cmp(&y.id)));
    Comparison {
        a: a.clone(),
        b: b.clone(),
        areas: deltas(a, b, mapping, false),
        criteria: deltas(a, b, mapping, true),
        agencies,
    }
}

/// A criterion whose points (or status) changed between two rounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    pub code: CriterionCode,
    pub title: String,
    pub from_points: Decimal,
    pub to_points: Decimal,
    /// To − from: positive when the later round gave more points (better for the unit).
    pub change: Decimal,
    pub from_reason: Option<String>,
    pub to_reason: Option<String>,
    pub from_status: Status,
    pub to_status: Status,
    /// The explanations (giải trình) given in every round up to `to` (those before `from`
    /// too, so that comparing two appraisal rounds shows the explanation that restored the
    /// points), each after its round's name when several rounds gave one.
    pub explanations: Vec<String>,
}

/// An agency's losses in the two rounds: `change` = from − to, positive when the later
/// round holds it responsible for fewer points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRoundChange {
    pub id: String,
    pub name: String,
    pub from_lost: Decimal,
    pub to_lost: Decimal,
    pub change: Decimal,
}

/// Two rounds of one evidence set compared: the criteria that changed and the change by
/// agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundComparison {
    /// The rounds' ids and names in the report's language.
    pub from: (String, String),
    pub to: (String, String),
    pub changes: Vec<StageChange>,
    /// Agencies whose losses changed, largest regression first.
    pub agencies: Vec<AgencyRoundChange>,
}

/// Leaves whose points or status differ between the `from` and `to` results (two rounds of
/// one evidence set), largest cut first, and the change of each agency's losses.
pub fn stage_changes(from: &ScoreResult, to: &ScoreResult, lang: Lang) -> RoundComparison {
    let mut changes: Vec<StageChange> = from
        .nodes
        .iter()
        .filter(|n| n.is_leaf)
        .filter_map(|s| {
            let a = to.nodes.iter().find(|n| n.code == s.code)?;
            let between: Vec<crate::score::Explanation> = a.explanations.iter().filter(|e| e.round <= to.round).cloned().collect();
            let explanations = crate::score::explanation_lines(&to.rounds, &between, lang);
            (a.awarded != s.awarded || a.status != s.status).then(|| StageChange {
                code: s.code.clone(),
                title: s.title(lang).to_string(),
                from_points: s.awarded,
                to_points: a.awarded,
                change: a.awarded - s.awarded,
                from_reason: s.reason.as_ref().map(|t| t.get(lang).to_string()),
                to_reason: a.reason.as_ref().map(|t| t.get(lang).to_string()),
                from_status: s.status,
                to_status: a.status,
                explanations,
            })
        })
        .collect();
    changes.sort_by(|x, y| x.change.cmp(&y.change).then_with(|| x.code.cmp(&y.code)));
    let lost = |r: &ScoreResult, id: &str| r.agencies.iter().find(|a| a.id == id).map_or(Decimal::ZERO, |a| a.total);
    let mut ids: Vec<&str> = from.agencies.iter().chain(&to.agencies).map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut agencies: Vec<AgencyRoundChange> = ids
        .into_iter()
        .map(|id| {
            let (f, t) = (lost(from, id), lost(to, id));
            let name = to
                .agencies
                .iter()
                .chain(&from.agencies)
                .find(|a| a.id == id)
                .map_or_else(|| id.to_string(), |a| a.name_in(lang).to_string());
            AgencyRoundChange {
                id: id.to_string(),
                name,
                from_lost: f,
                to_lost: t,
                change: f - t,
            }
        })
        .filter(|a| !a.change.is_zero())
        .collect();
    agencies.sort_by(|x, y| x.change.cmp(&y.change).then_with(|| x.id.cmp(&y.id)));
    let named = |r: &ScoreResult| (r.rounds.id(r.round).to_string(), r.rounds.name(r.round, lang).to_string());
    RoundComparison {
        from: named(from),
        to: named(to),
        changes,
        agencies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(label: &str, nodes: &[(&str, &str, &str)]) -> Side {
        Side {
            label: label.into(),
            set_id: "s".into(),
            year: 2022,
            awarded: Decimal::ZERO,
            applicable_max: Decimal::ZERO,
            index_percent: None,
            nodes: nodes
                .iter()
                .map(|(c, max, awarded)| {
                    let code: CriterionCode = c.parse().unwrap();
                    let m = Decimal::from_str_exact(max).unwrap();
                    let a = Decimal::from_str_exact(awarded).unwrap();
                    let leaf = code.depth() > 1;
                    (
                        code,
                        SideNode {
                            title: c.to_string(),
                            is_leaf: leaf,
                            applicable_max: m,
                            awarded: a,
                            lost: m - a,
                            reason: None,
                        },
                    )
                })
                .collect(),
            agencies: BTreeMap::new(),
        }
    }

    #[test]
    fn renumbered_codes_are_matched_through_the_mapping() {
        let a = side("2022", &[("3", "2", "1"), ("3.7", "1", "0"), ("3.1", "1", "1")]);
        let b = side("2023", &[("3", "2", "2"), ("3.8", "1", "1"), ("3.1", "1", "1")]);
        let mapping = Mapping::from_csv("m.csv", "old,new\n3.7,3.8\n").unwrap();
        let c = compare(&a, &b, &mapping);
        let d: Vec<(String, Option<String>, String, Presence)> = c
            .criteria
            .iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    d.old_code.as_ref().map(ToString::to_string),
                    d.points.to_string(),
                    d.presence,
                )
            })
            .collect();
        assert_eq!(
            d,
            [
                ("3.1".into(), None, "0".into(), Presence::Both),
                ("3.8".into(), Some("3.7".into()), "1".into(), Presence::Both)
            ]
        );
        let unmapped = compare(&a, &b, &Mapping::default());
        let p: Vec<(String, Presence)> = unmapped.criteria.iter().map(|d| (d.code.to_string(), d.presence)).collect();
        assert_eq!(
            p,
            [
                ("3.1".into(), Presence::Both),
                ("3.7".into(), Presence::Removed),
                ("3.8".into(), Presence::Added)
            ]
        );
        assert_eq!(c.areas[0].percent, Some(Decimal::from(50)));
    }

    #[test]
    fn regressions_come_first() {
        let a = side("a", &[("1", "3", "2"), ("1.1", "1", "1"), ("1.2", "1", "0"), ("1.3", "1", "1")]);
        let b = side("b", &[("1", "3", "1"), ("1.1", "1", "0.5"), ("1.2", "1", "0.5"), ("1.3", "1", "0")]);
        let c = compare(&a, &b, &Mapping::default());
        let order: Vec<String> = c.criteria.iter().map(|d| format!("{} {}", d.code, d.points)).collect();
        assert_eq!(order, ["1.3 -1", "1.1 -0.5", "1.2 0.5"]);
    }

    /// A side from generated leaves `(area, leaf, max, awarded)` and agency losses.
    fn generated(label: &str, leaves: &[(u8, u8, i64, i64)], agencies: &[(u8, i64)]) -> Side {
        let mut nodes = BTreeMap::new();
        for &(area, leaf, max, awarded) in leaves {
            let (max, awarded) = (Decimal::new(max, 2), Decimal::new(awarded.min(max), 2));
            let code: CriterionCode = format!("{area}.{leaf}").parse().unwrap();
            let node = |is_leaf| SideNode {
                title: String::new(),
                is_leaf,
                applicable_max: max,
                awarded,
                lost: max - awarded,
                reason: None,
            };
            nodes.insert(code, node(true));
            // Areas sum their leaves.
            let area: CriterionCode = area.to_string().parse().unwrap();
            let a = nodes.entry(area).or_insert_with(|| SideNode {
                applicable_max: Decimal::ZERO,
                awarded: Decimal::ZERO,
                lost: Decimal::ZERO,
                ..node(false)
            });
            a.applicable_max += max;
            a.awarded += awarded;
            a.lost += max - awarded;
        }
        let awarded = nodes.iter().filter(|(c, _)| c.depth() == 1).map(|(_, n)| n.awarded).sum();
        let applicable_max = nodes.iter().filter(|(c, _)| c.depth() == 1).map(|(_, n)| n.applicable_max).sum();
        Side {
            label: label.into(),
            set_id: "s".into(),
            year: 2022,
            awarded,
            applicable_max,
            index_percent: rate(awarded, applicable_max),
            nodes,
            agencies: agencies
                .iter()
                .map(|&(id, lost)| (format!("ag{id}"), (format!("Agency {id}"), Decimal::new(lost, 3))))
                .collect(),
        }
    }

    fn changes(c: &Comparison) -> BTreeMap<String, (Decimal, Option<Decimal>)> {
        c.areas
            .iter()
            .chain(&c.criteria)
            .map(|d| (d.code.to_string(), (d.points, d.percent)))
            .chain(c.agencies.iter().map(|a| (a.id.clone(), (a.lost_reduced, None))))
            .collect()
    }

    proptest::proptest! {
        /// Comparing A with B and B with A gives opposite changes for every area, criterion
        /// (points and percentage) and agency, and every change reads positive = better:
        /// a criterion's change has the sign of B's points minus A's, an agency's the sign of
        /// A's losses minus B's.
        #[test]
        fn swapping_the_sides_negates_every_change(
            a_leaves in proptest::collection::vec((1u8..4, 1u8..5, 0i64..1000, 0i64..1000), 0..10),
            b_leaves in proptest::collection::vec((1u8..4, 1u8..5, 0i64..1000, 0i64..1000), 0..10),
            a_agencies in proptest::collection::vec((0u8..5, 0i64..100_000), 0..5),
            b_agencies in proptest::collection::vec((0u8..5, 0i64..100_000), 0..5),
        ) {
            let a = generated("A", &a_leaves, &a_agencies);
            let b = generated("B", &b_leaves, &b_agencies);
            let ab = compare(&a, &b, &Mapping::default());
            let ba = compare(&b, &a, &Mapping::default());
            let (forward, backward) = (changes(&ab), changes(&ba));
            proptest::prop_assert_eq!(forward.keys().collect::<Vec<_>>(), backward.keys().collect::<Vec<_>>());
            for (key, (points, percent)) in &forward {
                let (back_points, back_percent) = backward[key];
                proptest::prop_assert_eq!(*points, -back_points, "{}", key);
                proptest::prop_assert_eq!(*percent, back_percent.map(|p| -p), "{}", key);
            }
            for d in ab.areas.iter().chain(&ab.criteria) {
                let (x, y) = (d.a.unwrap_or_default(), d.b.unwrap_or_default());
                proptest::prop_assert_eq!(d.points, y - x);
            }
            for g in &ab.agencies {
                proptest::prop_assert_eq!(g.lost_reduced.cmp(&Decimal::ZERO), g.a_lost.cmp(&g.b_lost));
            }
            // Regressions first in both directions.
            let order = |c: &Comparison| c.agencies.windows(2).all(|w| w[0].lost_reduced <= w[1].lost_reduced);
            proptest::prop_assert!(order(&ab) && order(&ba));
        }
    }

    #[test]
    fn fewer_points_lost_is_a_positive_change() {
        let a = generated("A", &[], &[(1, 3000), (2, 500)]);
        let b = generated("B", &[], &[(1, 0), (2, 1500)]);
        let c = compare(&a, &b, &Mapping::default());
        let got: Vec<(String, String)> = c.agencies.iter().map(|g| (g.id.clone(), g.lost_reduced.to_string())).collect();
        // ag2 lost 1 point more: it comes first, negative; ag1 lost 3 fewer: positive.
        assert_eq!(got, [("ag2".into(), "-1.000".into()), ("ag1".into(), "3.000".into())]);
    }

    #[test]
    fn results_out_of_bounds_are_refused_not_overflowed() {
        let doc = |awarded: &str, max: &str| {
            format!(
                r#"{{"schema":"parcalc.score/1","set":{{"id":"x","year":2022}},"total":{{"awarded":"{awarded}","applicable_max":"{max}"}},"nodes":[{{"code":"1","applicable_max":"{max}","awarded":"{awarded}","lost":"0"}}]}}"#
            )
        };
        let e = Side::from_json("a.json", &doc("1000000000000000001", "1"), "A").unwrap_err();
        assert_eq!(
            e.0[0].message.en(),
            "`a.json`: `awarded` is not a decimal string from −10^18 to 10^18"
        );
        // The largest results compare exactly; a share that cannot be divided is left out.
        let a = Side::from_json("a.json", &doc("1000000000000000000", "0.0000000000000000000000000001"), "A").unwrap();
        let b = Side::from_json("b.json", &doc("-1000000000000000000", "1"), "B").unwrap();
        let c = compare(&a, &b, &Mapping::default());
        assert_eq!(
            (c.areas[0].points.to_string(), c.areas[0].percent),
            ("-2000000000000000000".into(), None)
        );
    }

    #[test]
    fn mapping_errors_are_located() {
        let e = Mapping::from_csv("m.csv", "old,new\n3.7,3.8\n3.x,3.9\n3.7,4\n").unwrap_err();
        assert_eq!(e.0.len(), 2);
        assert_eq!(e.0[0].location.as_ref().unwrap().line, 3);
        assert_eq!(e.0[1].code, Code::DuplicateCode);
    }
}
