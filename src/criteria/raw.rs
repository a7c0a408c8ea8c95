//! The criteria file as written: serde structs that mirror the TOML, with spans on every
//! value a diagnostic may need to point at. Nothing here is checked beyond TOML syntax and
//! known keys; `criteria::load` turns these into validated types.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use toml::Spanned;

/// A scalar whose exact source text matters: numbers are re-read from the file by span so
/// a TOML float never passes through `f64`; strings allow `"50%"`, `"0,25"` or dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Number,
    Text(String),
    Bool(bool),
}

impl<'de> Deserialize<'de> for Lit {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct LitVisitor;
        impl<'de> Visitor<'de> for LitVisitor {
            type Value = Lit;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, a string or a date")
            }
            fn visit_i64<E>(self, _: i64) -> Result<Lit, E> {
                Ok(Lit::Number)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Lit, E> {
                Ok(Lit::Number)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Lit, E> {
                Ok(Lit::Number)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Lit, E> {
                Ok(Lit::Bool(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Lit, E> {
                Ok(Lit::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Lit, E> {
                Ok(Lit::Text(v))
            }
            // TOML dates (`due = 2021-12-25`) arrive as a one-entry map holding their text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Lit, A::Error> {
                let mut text = None;
                while let Some((_, v)) = map.next_entry::<String, String>()? {
                    text = Some(v);
                }
                text.map(Lit::Text)
                    .ok_or_else(|| de::Error::custom("expected a number, a string or a date"))
            }
        }
        d.deserialize_any(LitVisitor)
    }
}

/// A sequence read into a vector as long as the reader says: serde's own `Vec` trusts a length
/// only up to 1 MiB, and the nodes of a big set (a kilobyte each) then grow their vector several
/// times. Both TOML readers give the real length of a sequence they hold.
fn exact_vec<'de, D: de::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct ExactVec<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ExactVec<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(ExactVec(std::marker::PhantomData))
}

pub type SLit = Spanned<Lit>;
pub type SStr = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub set: RawSet,
    #[serde(default)]
    pub band: Vec<RawBand>,
    #[serde(default)]
    pub agency: Vec<RawAgency>,
    #[serde(default, deserialize_with = "exact_vec")]
    pub node: Vec<RawNode>,
    #[serde(default)]
    pub adjustment: Vec<RawAdjustment>,
    /// Rounds the set defines itself, beside the known ones (see [`crate::round`]).
    #[serde(default)]
    pub round: Vec<RawRound>,
    /// The particulars of documents made from this set (see [`crate::document`]).
    pub document: Option<RawDocument>,
    /// Surveys whose answers score `survey` leaves (see [`crate::survey`]).
    #[serde(default)]
    pub survey: Vec<crate::survey::raw::RawSurvey>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    pub parent: Option<String>,
    pub issuer: Option<String>,
    pub number: Option<String>,
    pub place: Option<String>,
    pub signer: Option<String>,
    pub signer_title: Option<String>,
    #[serde(default)]
    pub recipients: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSet {
    pub id: SStr,
    pub title: SStr,
    pub title_en: Option<String>,
    pub year: SLit,
    pub level: SStr,
    pub language: SStr,
    pub number_format: Option<SStr>,
    /// The scoring rounds, in order (default `["self", "appraisal"]`).
    pub rounds: Option<Spanned<Vec<SStr>>>,
    pub total: SLit,
    pub rounding: Option<RawRounding>,
    pub policy: Option<RawPolicy>,
}

/// A `[[round]]` table: a round the set names itself, or new names for a known one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRound {
    pub id: SStr,
    pub vi: SStr,
    pub en: SStr,
    #[serde(default)]
    pub aliases: Vec<SStr>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRounding {
    pub places: Option<SLit>,
    pub strategy: Option<SStr>,
    pub index_places: Option<SLit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    pub not_applicable: Option<SStr>,
    pub missing_evidence: Option<SStr>,
    pub missing_document: Option<SStr>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub min: SLit,
    pub vi: String,
    pub en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgency {
    pub id: SStr,
    pub name: SStr,
    pub short: Option<String>,
    pub name_en: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    pub code: SStr,
    pub title: SStr,
    pub title_en: Option<String>,
    pub max: SLit,
    #[serde(default)]
    pub lead: Vec<SStr>,
    #[serde(default)]
    pub cooperating: Vec<SStr>,
    pub deadline: Option<String>,
    #[serde(default)]
    pub document_required: bool,
    #[serde(default)]
    pub may_be_not_applicable: bool,
    pub rounding: Option<RawRounding>,
    pub rule: Option<RawRule>,
    pub note: Option<String>,
}

/// Labels for what a rule measures ("tỷ lệ giải quyết đúng hẹn" / "on-time rate").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLabel {
    pub vi: String,
    pub en: String,
}

/// Every field any rule kind may use; `rules::build` checks which ones a kind accepts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub kind: SStr,
    pub measure: Option<RawLabel>,
    pub on: Option<SStr>,
    pub tiers: Option<Vec<RawTier>>,
    pub due: Option<SLit>,
    pub on_time: Option<SLit>,
    pub late: Option<SLit>,
    pub late_per_day: Option<SLit>,
    pub missing: Option<SLit>,
    pub floor: Option<SLit>,
    pub target: Option<SLit>,
    pub below_floor: Option<SLit>,
    pub expr: Option<SStr>,
    pub variables: Option<Vec<RawItem>>,
    pub when_undefined: Option<SLit>,
    pub items: Option<Vec<RawItem>>,
    pub per_item: Option<SLit>,
    pub cap: Option<SLit>,
    pub levels: Option<Vec<RawLevel>>,
    pub scale: Option<SLit>,
}

impl RawRule {
    /// Names of the optional fields that are present, for the "not used by this kind" check.
    pub fn present(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut add = |name, present: bool| {
            if present {
                out.push(name);
            }
        };
        add("measure", self.measure.is_some());
        add("on", self.on.is_some());
        add("tiers", self.tiers.is_some());
        add("due", self.due.is_some());
        add("on_time", self.on_time.is_some());
        add("late", self.late.is_some());
        add("late_per_day", self.late_per_day.is_some());
        add("missing", self.missing.is_some());
        add("floor", self.floor.is_some());
        add("target", self.target.is_some());
        add("below_floor", self.below_floor.is_some());
        add("expr", self.expr.is_some());
        add("variables", self.variables.is_some());
        add("when_undefined", self.when_undefined.is_some());
        add("items", self.items.is_some());
        add("per_item", self.per_item.is_some());
        add("cap", self.cap.is_some());
        add("levels", self.levels.is_some());
        add("scale", self.scale.is_some());
        out
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    pub when: SStr,
    pub points: SLit,
}

/// A named item: a formula variable, a deduction kind, a checklist item, or a
/// bonus/penalty kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: SStr,
    pub vi: Option<String>,
    pub en: Option<String>,
    pub points: Option<SLit>,
    /// The least value a formula variable takes (`min = 1` declares a divisor positive).
    /// Only formula variables use it; every other item refuses it.
    pub min: Option<SLit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub vi: SStr,
    pub en: Option<String>,
    pub share: SLit,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdjustment {
    pub id: SStr,
    pub kind: SStr,
    pub title: String,
    pub title_en: Option<String>,
    pub cap: SLit,
    pub items: Vec<RawItem>,
    #[serde(default)]
    pub lead: Vec<SStr>,
}
