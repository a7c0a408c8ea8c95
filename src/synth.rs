//! Synthetic evidence for benchmarks and tests: values of the right kind for every leaf of
//! a criteria set (ratios, dates, counts, yes/no, levels, survey results), with a few
//! not-applicable and missing rows and some quoted notes with commas, grouped by unit and
//! fully determined by the seed.

use std::io::Write;

use crate::criteria::CriteriaSet;
use crate::rules::Rule;
use crate::rules::tiers::TierOn;

/// SplitMix64: tiny, deterministic, good enough for test data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Writes evidence for `units` units and `years` years (the set's year and the ones before)
/// as CSV with `unit` and `year` columns. Returns the number of rows written.
pub fn write_evidence(set: &CriteriaSet, units: u64, years: i32, seed: u64, w: &mut dyn Write) -> std::io::Result<u64> {
    let args_seed = seed;
    let mut rng = Rng(args_seed);
    writeln!(w, "unit,year,criterion,item,value,document,note")?;
    let leaves: Vec<_> = set.leaves().collect();
    let mut rows = 0u64;
    for y in 0..years {
        let year = set.year - y;
        for u in 0..units {
            let unit = format!("Xã {:05}", u + 1);
            for leaf in &leaves {
                let Some(rule) = &leaf.rule else { continue };
                if rng.chance(1) {
                    continue; // missing evidence
                }
                let code = leaf.code.to_string();
                let note = if rng.chance(5) { "\"ghi chú, có dấu phẩy\"" } else { "" };
                let doc = if rng.chance(50) { "Báo cáo năm" } else { "" };
                let mut row = |item: &str, value: String| -> std::io::Result<()> {
                    rows += 1;
                    writeln!(w, "{unit},{year},{code},{item},{value},{doc},{note}")
                };
                if leaf.may_be_not_applicable && rng.chance(3) {
                    row("", "không phát sinh".into())?;
                    continue;
                }
                match rule {
                    Rule::Binary(_) => row("", (if rng.chance(85) { "có" } else { "không" }).into())?,
                    Rule::Deadline(d) => {
                        if rng.chance(3) {
                            row("", "không ban hành".into())?;
                        } else if let Some(due) = d.due {
                            let day = due + chrono::Duration::days(rng.below(20) as i64 - 12);
                            row("", day.format("%d/%m/%Y").to_string())?;
                        } else {
                            row("", (if rng.chance(80) { "đúng hạn" } else { "chậm" }).into())?;
                        }
                    }
                    Rule::Tiers(t) => match t.on {
                        TierOn::Ratio => {
                            let total = 100 + rng.below(900);
                            row("", format!("{}/{}", total - rng.below(total / 3), total))?;
                        }
                        TierOn::Count => row("", rng.below(5).to_string())?,
                        TierOn::Number => row("", format!("{}", rng.below(100)))?,
                    },
                    Rule::Proportional(_) => row("", format!("\"{},{}%\"", 40 + rng.below(60), rng.below(10)))?,
                    Rule::Formula(f) => {
                        let a = 1 + rng.below(50);
                        let b = rng.below(a + 1);
                        let c = rng.below(a - b + 1);
                        for (i, v) in f.variables.iter().enumerate() {
                            let value = [a, b, c].get(i).copied().unwrap_or_else(|| 1 + rng.below(100));
                            row(&v.id, value.to_string())?;
                        }
                    }
                    Rule::Deductions(d) => {
                        for item in &d.items {
                            row(&item.id, rng.below(3).to_string())?;
                        }
                    }
                    Rule::Checklist(c) => {
                        for item in &c.items {
                            row(&item.id, (if rng.chance(70) { "có" } else { "không" }).into())?;
                        }
                    }
                    Rule::Count(_) => row("", rng.below(6).to_string())?,
                    Rule::Level(l) => {
                        let i = rng.below(l.levels.len() as u64) as usize;
                        row("", l.levels[i].name.vi.clone())?;
                    }
                    Rule::Manual(_) => {
                        rows += 1;
                        let pts = crate::number::plain(
                            leaf.max * rust_decimal::Decimal::new(rng.below(5) as i64, 0) / rust_decimal::Decimal::new(4, 0),
                        );
                        writeln!(w, "{unit},{year},{code},,{pts},{doc},\"hội đồng chấm, có lý do\"")?;
                    }
                    Rule::Survey(s) => {
                        let scale = s.scale.unwrap_or(leaf.max);
                        let v = scale * rust_decimal::Decimal::new(600 + rng.below(401) as i64, 3);
                        row("", crate::number::plain(v.round_dp(2)))?;
                    }
                }
            }
        }
    }
    Ok(rows)
}
