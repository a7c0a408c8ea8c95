//! Who carries each loss. A leaf's loss belongs to the agencies named in its evidence rows'
//! `agency` column, or else to its lead agencies (inherited from the nearest ancestor that
//! names some). One agency carries a loss alone; several share it.
//!
//! **Splitting rule.** A shared loss is split in equal shares, each rounded *down* to the
//! criteria set's decimal places; the few thousandths left over go to the first agency in
//! the criteria file's registry order (normally the lead). So 0.5 shared by three agencies
//! is 0.168 + 0.166 + 0.166, and the agency table always adds up exactly to the total lost.
//! A loss with no agency at all is listed under the id `unassigned`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::NodeScore;
use crate::code::CriterionCode;
use crate::criteria::CriteriaSet;
use crate::number::{Rounding, RoundingStrategy};

/// Id under which losses with no responsible agency are listed.
pub const UNASSIGNED: &str = "unassigned";

/// One agency's losses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyLoss {
    pub id: String,
    pub name: String,
    /// The English name, when the criteria set gives one.
    pub name_en: Option<String>,
    pub short: String,
    /// Losses this agency carries alone.
    pub sole: Decimal,
    /// Its shares of losses carried with other agencies.
    pub shared: Decimal,
    pub total: Decimal,
    /// Criteria it is responsible for, in code order.
    pub criteria: Vec<CriterionCode>,
}

impl AgencyLoss {
    /// The agency's name in a report in `lang`; losses no agency answers for are listed as
    /// such in the report's language.
    pub fn name_in(&self, lang: crate::number::Lang) -> &str {
        match (lang, &self.name_en) {
            _ if self.id == UNASSIGNED => crate::i18n::tr(lang, "(chưa xác định cơ quan)", "(no agency named)"),
            (crate::number::Lang::En, Some(en)) => en,
            _ => &self.name,
        }
    }
}

/// Splits `lost` among `n` agencies: equal shares rounded down to `places`, the remainder
/// to the first. The shares always add up to `lost` exactly.
pub fn split_loss(lost: Decimal, n: usize, places: u32) -> Vec<Decimal> {
    if n == 0 {
        return Vec::new();
    }
    let down = Rounding {
        places,
        strategy: RoundingStrategy::Down,
    };
    let share = down.apply(lost / Decimal::from(n as u64));
    let mut shares = vec![share; n];
    shares[0] = lost - share * Decimal::from((n - 1) as u64);
    shares
}

pub(super) fn agency_losses(set: &CriteriaSet, nodes: &[NodeScore]) -> Vec<AgencyLoss> {
    let mut table: BTreeMap<String, AgencyLoss> = BTreeMap::new();
    for leaf in nodes.iter().filter(|n| n.is_leaf && n.lost > Decimal::ZERO) {
        let ids: Vec<String> = if leaf.responsible.is_empty() {
            vec![UNASSIGNED.to_string()]
        } else {
            leaf.responsible.clone()
        };
        let places = set.rounding.places.max(leaf.lost.scale());
        let shares = split_loss(leaf.lost, ids.len(), places);
        for (id, share) in ids.iter().zip(shares) {
            let entry = table.entry(id.clone()).or_insert_with(|| {
                let (name, name_en, short) = set.agency(id).map_or_else(
                    || (String::new(), None, "—".to_string()),
                    |a| (a.name.clone(), a.name_en.clone(), a.short.clone()),
                );
                AgencyLoss {
                    id: id.clone(),
                    name,
                    name_en,
                    short,
                    sole: Decimal::ZERO,
                    shared: Decimal::ZERO,
                    total: Decimal::ZERO,
                    criteria: Vec::new(),
                }
            });
            if ids.len() == 1 {
                entry.sole += share;
            } else {
                entry.shared += share;
            }
            entry.total += share;
            entry.criteria.push(leaf.code.clone());
        }
    }
    let mut out: Vec<AgencyLoss> = table.into_values().collect();
    out.sort_by(|a, b| {
        b.total
            .cmp(&a.total)
            .then_with(|| set.agency_rank(&a.id).cmp(&set.agency_rank(&b.id)))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn shares_add_up_exactly() {
        assert_eq!(split_loss(d("0.5"), 3, 3), [d("0.168"), d("0.166"), d("0.166")]);
        assert_eq!(split_loss(d("2"), 4, 3), [d("0.5"), d("0.5"), d("0.5"), d("0.5")]);
        assert_eq!(split_loss(d("4.855"), 1, 3), [d("4.855")]);
        assert_eq!(split_loss(d("0.001"), 2, 3), [d("0.001"), d("0")]);
        for n in 1..9 {
            assert_eq!(split_loss(d("0.33"), n, 3).iter().sum::<Decimal>(), d("0.33"));
        }
        assert!(split_loss(d("1"), 0, 3).is_empty());
    }
}
