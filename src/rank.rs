//! Ranking many units scored against one criteria set, as a province publishes it.
//!
//! **Ordering.** Units are ranked by their index (the percentage rounded as the criteria
//! set says), highest first. Units with the same index share a rank and the next rank is
//! skipped (1, 2, 2, 4); within a tie they are listed by name. A unit whose index cannot be
//! computed (nothing applicable) ranks last.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::criteria::{Band, CriteriaSet};
use crate::diag::{Code, Diagnostic, Failed};
use crate::evidence::Evidence;
use crate::msg;
use crate::round::{Round, Rounds};
use crate::score::{Options, ScoreResult, score};
use crate::text::fold;

/// A unit's place in a previous ranking, for "tăng/giảm N bậc".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    pub rank: usize,
    pub awarded: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankRow {
    pub rank: usize,
    pub unit: String,
    pub awarded: Decimal,
    pub applicable_max: Decimal,
    pub index_percent: Option<Decimal>,
    /// Shared with every row in the band (a national ranking has few bands, many rows).
    pub band: Option<Arc<Band>>,
    pub previous: Option<Previous>,
}

impl RankRow {
    /// Places gained (positive) or lost since the previous ranking.
    pub fn rank_change(&self) -> Option<i64> {
        self.previous.as_ref().map(|p| p.rank as i64 - self.rank as i64)
    }

    pub fn points_change(&self) -> Option<Decimal> {
        self.previous.as_ref().map(|p| self.awarded - p.awarded)
    }
}

#[derive(Debug, Clone)]
pub struct Ranking {
    pub set_id: String,
    pub set_title: String,
    pub year: i32,
    /// The round ranked, among the set's rounds.
    pub round: Round,
    pub rounds: Rounds,
    pub rows: Vec<RankRow>,
    /// Whether a previous ranking was given (`--previous`): the change columns are then
    /// there even when no unit of it is ranked now (every unit is new).
    pub against_previous: bool,
    /// Each unit's full result, by unit name.
    pub results: BTreeMap<String, ScoreResult>,
}

/// Splits evidence by its `unit` column. Rows without a unit are refused: in a ranking
/// every fact must say which unit it belongs to.
pub fn split_units(evidence: &Evidence) -> Result<BTreeMap<String, Evidence>, Failed> {
    let mut units: BTreeMap<String, (String, Evidence)> = BTreeMap::new();
    let mut diags = Vec::new();
    for row in &evidence.rows {
        match &row.unit {
            Some(u) => units
                .entry(fold(u))
                .or_insert_with(|| (u.clone(), Evidence::default()))
                .1
                .rows
                .push(row.clone()),
            None => diags.push(
                Diagnostic::error(
                    Code::UnitAmbiguous,
                    msg!(
                        "xếp hạng cần biết đơn vị của mọi dòng, mà dòng này không có",
                        "a ranking needs the unit of every row, and this row has none"
                    ),
                )
                .at(row.loc("criterion"))
                .help(msg!(
                    "hãy thêm cột `unit` (đơn vị) ghi tên huyện, xã hoặc sở, ngành",
                    "add a `unit` (đơn vị) column naming the district, commune or department"
                )),
            ),
        }
    }
    if !diags.is_empty() {
        return Err(Failed(diags));
    }
    if units.is_empty() {
        return Err(Failed(vec![
            Diagnostic::error(
                Code::EmptyEvidence,
                msg!(
                    "số liệu kiểm chứng không có dòng nào để xếp hạng",
                    "the evidence has no rows to rank"
                ),
            )
            .help(msg!(
                "hãy đưa các tệp số liệu kiểm chứng có cột `unit`",
                "give evidence files with a `unit` column"
            )),
        ]));
    }
    for (_, ev) in units.values_mut() {
        ev.warnings = evidence.warnings.iter().filter(|w| w.location.is_some()).cloned().collect();
    }
    Ok(units.into_values().collect())
}

/// Scores every unit and ranks them.
pub fn rank(set: &CriteriaSet, evidence: &Evidence, round: Round) -> Result<Ranking, Failed> {
    let units = split_units(evidence)?;
    let mut results = BTreeMap::new();
    let mut diags = Vec::new();
    for (name, ev) in &units {
        match score(
            set,
            ev,
            &Options {
                round: Some(round),
                unit: None,
            },
        ) {
            Ok(mut r) => {
                r.unit = Some(name.clone());
                results.insert(name.clone(), r);
            }
            Err(f) => diags.extend(f.0),
        }
    }
    if !diags.is_empty() {
        crate::diag::sort(&mut diags);
        return Err(Failed(diags));
    }
    Ok(Ranking {
        set_id: set.id.clone(),
        set_title: set.title.clone(),
        year: set.year,
        round,
        rounds: set.rounds.clone(),
        rows: order(&results),
        against_previous: false,
        results,
    })
}

/// Ranks scored results (see the module docs for the rules).
pub fn order(results: &BTreeMap<String, ScoreResult>) -> Vec<RankRow> {
    let mut rows: Vec<RankRow> = results
        .iter()
        .map(|(unit, r)| RankRow {
            rank: 0,
            unit: unit.clone(),
            awarded: r.totals.awarded,
            applicable_max: r.totals.applicable_max,
            index_percent: r.totals.index_percent,
            band: r.totals.band.clone().map(Arc::new),
            previous: None,
        })
        .collect();
    assign_ranks(&mut rows);
    rows
}

/// Sorts rows by index (highest first, then by name) and gives tied indexes one rank.
pub fn assign_ranks(rows: &mut Vec<RankRow>) {
    // Each name folded once (not once per comparison: a national ranking has many ties).
    let folded: Vec<String> = rows.iter().map(|r| fold(&r.unit)).collect();
    *rows = ranked(std::mem::take(rows), &folded);
}

/// [`assign_ranks`] with each row's name folded already (`folded[i]` is `fold(&rows[i].unit)`;
/// `rank`'s streaming path folds each unit's name as it reads it).
pub fn ranked(rows: Vec<RankRow>, folded: &[String]) -> Vec<RankRow> {
    let key = |i: usize| (std::cmp::Reverse(rows[i].index_percent), folded.get(i), &rows[i].unit, i);
    let names = |a: usize, b: usize| (folded.get(a), &rows[a].unit, a).cmp(&(folded.get(b), &rows[b].unit, b));
    let order: Vec<usize> = match places(&rows, folded) {
        // Indexes and the start of names compared as integers, side by side in memory; whole
        // names only between equal ones.
        Some(mut places) => {
            places.sort_unstable_by(|a, b| (a.index, a.name).cmp(&(b.index, b.name)).then_with(|| names(a.row, b.row)));
            places.into_iter().map(|p| p.row).collect()
        }
        None => {
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_unstable_by(|&a, &b| key(a).cmp(&key(b)));
            order
        }
    };
    // The rows moved into that order in place, one cycle of the permutation at a time (no
    // second copy of a national ranking): position `k` takes the row at `order[k]`.
    let mut out = rows;
    let mut placed = vec![false; out.len()];
    for start in 0..out.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            out.swap(k, from);
            k = from;
        }
    }
    for i in 0..out.len() {
        out[i].rank = if i > 0 && out[i].index_percent == out[i - 1].index_percent {
            out[i - 1].rank
        } else {
            i + 1
        };
    }
    out
}

/// A row's place in the ranking as integers that order as the row does, up to names that
/// begin alike: its index (highest first, none last) and the first 16 bytes of its folded
/// name (zero after its end, which orders as the name does unless the names begin alike).
struct Place {
    index: u64,
    name: [u64; 2],
    row: usize,
}

/// Each row's [`Place`]: the indexes scaled to the largest scale of them all. `None` when an
/// index would not fit in 63 bits once scaled.
fn places(rows: &[RankRow], folded: &[String]) -> Option<Vec<Place>> {
    let scale = rows.iter().filter_map(|r| r.index_percent).map(|d| d.scale()).max().unwrap_or(0);
    rows.iter()
        .enumerate()
        .map(|(row, r)| {
            let index = match r.index_percent {
                None => u64::MAX,
                Some(d) => {
                    let scaled = d.mantissa().checked_mul(crate::number::pow10(scale - d.scale())?)?;
                    // Highest first: the negated index, shifted so that i64 order is u64 order
                    // (below u64::MAX, which is no index, as |scaled| < i64::MAX).
                    let negated = i64::try_from(-scaled).ok().filter(|n| *n != i64::MIN && *n != i64::MAX)?;
                    (negated as u64) ^ (1 << 63)
                }
            };
            let mut start = [0u8; 16];
            let name = folded.get(row).map_or(&[][..], |f| f.as_bytes());
            let n = name.len().min(16);
            start[..n].copy_from_slice(&name[..n]);
            let word = |i: usize| u64::from_be_bytes(start[i * 8..i * 8 + 8].try_into().unwrap_or_default());
            Some(Place {
                index,
                name: [word(0), word(1)],
                row,
            })
        })
        .collect()
}

/// Attaches a previous ranking (unit → (rank, awarded)), matching unit names in any case.
pub fn attach_previous(rows: &mut [RankRow], previous: &BTreeMap<String, Previous>) {
    let by_fold: BTreeMap<String, &Previous> = previous.iter().map(|(k, v)| (fold(k), v)).collect();
    for row in rows {
        row.previous = by_fold.get(&fold(&row.unit)).map(|p| (*p).clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(unit: &str, index: &str) -> RankRow {
        RankRow {
            rank: 0,
            unit: unit.into(),
            awarded: Decimal::from_str_exact(index).unwrap(),
            applicable_max: Decimal::ONE_HUNDRED,
            index_percent: Some(Decimal::from_str_exact(index).unwrap()),
            band: None,
            previous: None,
        }
    }

    proptest::proptest! {
        /// The rows in their order of index (highest first) and folded name, whatever order
        /// they come in: the permutation applied in place is the sort.
        #[test]
        fn ranked_rows_are_the_sorted_rows(
            units in proptest::collection::vec((proptest::option::of((-3i64..30, 0u32..4, proptest::bool::ANY)), "[a-cA-C ]{0,3}", proptest::bool::ANY), 0..60),
            huge in proptest::bool::ANY,
        ) {
            // Equal indexes at other scales (`1`, `1.0`, `0.10` × 10), negative ones and minus
            // zero; with `huge`, one index whose scaled integer would not fit (the comparison
            // of decimals then orders them).
            let index = |(m, scale, negative_zero): (i64, u32, bool)| match (m, negative_zero) {
                (0, true) => Decimal::from_parts(0, 0, 0, true, scale),
                _ => Decimal::new(m, scale),
            };
            let mut rows: Vec<RankRow> = units
                .iter()
                .enumerate()
                // Names that begin alike for 16 bytes and more (`Phường Hòa Bình …`) too.
                .map(|(i, (ix, name, long))| RankRow {
                    index_percent: ix.map(index),
                    ..row(&format!("{}{name}{i}", if *long { "Phường Hòa Bình " } else { "" }), "1")
                })
                .collect();
            if huge {
                rows.push(RankRow {
                    index_percent: Some(Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 0)),
                    ..row("huge", "1")
                });
                rows.push(RankRow {
                    index_percent: Some(Decimal::new(1, 28)),
                    ..row("tiny", "1")
                });
            }
            proptest::prop_assert_eq!(places(&rows, &[]).is_some(), !huge);
            let folded: Vec<String> = rows.iter().map(|r| fold(&r.unit)).collect();
            let mut expected = rows.clone();
            expected.sort_by_key(|r| (std::cmp::Reverse(r.index_percent), fold(&r.unit), r.unit.clone()));
            let got = ranked(rows, &folded);
            proptest::prop_assert_eq!(
                got.iter().map(|r| &r.unit).collect::<Vec<_>>(),
                expected.iter().map(|r| &r.unit).collect::<Vec<_>>()
            );
            for (i, r) in got.iter().enumerate() {
                let first = got.iter().position(|x| x.index_percent == r.index_percent).unwrap_or(i);
                proptest::prop_assert_eq!(r.rank, first + 1);
            }
        }
    }

    #[test]
    fn ties_share_a_rank_and_skip_the_next() {
        let mut rows = vec![row("D", "70"), row("C", "80.5"), row("B", "80.50"), row("A", "90"), row("E", "70")];
        rows.push(RankRow {
            index_percent: None,
            ..row("F", "0")
        });
        assign_ranks(&mut rows);
        let ranks: Vec<(usize, &str)> = rows.iter().map(|r| (r.rank, r.unit.as_str())).collect();
        assert_eq!(ranks, [(1, "A"), (2, "B"), (2, "C"), (4, "D"), (4, "E"), (6, "F")]);
    }

    #[test]
    fn indexes_at_the_edges_of_the_integer_keys() {
        // The lowest index that still has an integer key ranks before a row without an index
        // whose name comes first; one step further, the decimals themselves are compared.
        for (index, keyed) in [
            ("-9223372036854775806", true),
            ("-9223372036854775807", false),
            ("9223372036854775807", true),
        ] {
            let rows = vec![
                RankRow {
                    index_percent: None,
                    ..row("A", "0")
                },
                row("B", index),
                row("C", "0"),
            ];
            assert_eq!(places(&rows, &[]).is_some(), keyed, "{index}");
            let mut rows = rows;
            assign_ranks(&mut rows);
            let order: Vec<&str> = rows.iter().map(|r| r.unit.as_str()).collect();
            let expected = if index.starts_with('-') { ["C", "B", "A"] } else { ["B", "C", "A"] };
            assert_eq!(order, expected, "{index}");
        }
    }

    #[test]
    fn changes_against_a_previous_ranking() {
        let mut rows = vec![RankRow {
            rank: 2,
            ..row("A", "82.15")
        }];
        let prev: BTreeMap<String, Previous> = [(
            "a".to_string(),
            Previous {
                rank: 5,
                awarded: Decimal::from(80),
            },
        )]
        .into();
        attach_previous(&mut rows, &prev);
        assert_eq!(rows[0].rank_change(), Some(3));
        assert_eq!(rows[0].points_change(), Some(Decimal::from_str_exact("2.15").unwrap()));
    }
}
