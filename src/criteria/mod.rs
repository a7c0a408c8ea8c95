//! The criteria set: the tree of areas, criteria and sub-criteria with their maxima, rules,
//! agencies and remediation deadlines, plus the set-wide settings (rounding, bands,
//! not-applicable policy). `load` reads a TOML file into these validated types.

mod ctx;
pub(crate) mod fast;
mod load;
pub mod raw;
mod rounds;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::code::CriterionCode;
use crate::diag::{Location, SourceFile};
use crate::number::{Lang, Rounding};
use crate::rules::{Rule, Text};

pub(crate) use ctx::Ctx;
pub use load::language_declared_by;
pub(crate) use load::load_file_unrecorded;
pub use load::{declared_language, load_bytes, load_file, load_str};

/// The administrative level a criteria set scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitLevel {
    Province,
    Department,
    District,
    Commune,
}

impl UnitLevel {
    pub const NAMES: [&'static str; 4] = ["province", "department", "district", "commune"];

    pub fn parse(name: &str) -> Option<UnitLevel> {
        match name {
            "province" => Some(UnitLevel::Province),
            "department" => Some(UnitLevel::Department),
            "district" => Some(UnitLevel::District),
            "commune" => Some(UnitLevel::Commune),
            _ => None,
        }
    }
}

/// What a not-applicable criterion does to the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotApplicablePolicy {
    /// The criterion leaves both the score and the applicable maximum (the usual rule).
    Exclude,
    /// The criterion is awarded its maximum.
    FullMarks,
}

/// What a leaf without any evidence row scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingEvidencePolicy {
    /// Zero points, reported as missing evidence (the default).
    Zero,
    /// Refuse to score: every leaf must have evidence.
    Error,
}

/// What happens when a criterion requires a document and no row cites one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingDocumentPolicy {
    /// Score as usual, with a warning.
    Warn,
    /// Zero points: unsupported self-scores are not accepted.
    Zero,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub not_applicable: NotApplicablePolicy,
    pub missing_evidence: MissingEvidencePolicy,
    pub missing_document: MissingDocumentPolicy,
}

/// A classification band: `min` is the inclusive lower bound of the index, in percent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Band {
    #[serde(serialize_with = "crate::render::json::decimal")]
    pub min: Decimal,
    pub vi: String,
    pub en: String,
}

impl Band {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    pub id: String,
    pub name: String,
    pub short: String,
    pub name_en: Option<String>,
}

impl Agency {
    /// The agency's name in a report in `lang`: its English name in English when the set
    /// gives one, else the name as written.
    pub fn name_in(&self, lang: Lang) -> &str {
        match (lang, &self.name_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.name,
        }
    }
}

/// One node of the tree. Leaves carry a rule; a parent's maximum is its children's sum.
#[derive(Debug, Clone)]
pub struct Node {
    pub code: CriterionCode,
    pub title: String,
    pub title_en: Option<String>,
    pub max: Decimal,
    pub lead: Vec<String>,
    pub cooperating: Vec<String>,
    pub deadline: Option<String>,
    pub document_required: bool,
    pub may_be_not_applicable: bool,
    pub rounding: Option<Rounding>,
    pub rule: Option<Rule>,
    pub children: Vec<CriterionCode>,
    /// Byte range of the node's `code` value in the criteria file; see [`CriteriaSet::locate`].
    pub span: std::ops::Range<usize>,
}

impl Node {
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }

    pub fn title(&self, lang: Lang) -> &str {
        match (lang, &self.title_en) {
            (Lang::En, Some(t)) => t,
            _ => &self.title,
        }
    }
}

/// Bonus or penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AdjustmentKind {
    Bonus,
    Penalty,
}

/// A kind of bonus or penalty item and the points each one is worth.
#[derive(Debug, Clone)]
pub struct AdjustmentItem {
    pub id: String,
    pub label: Text,
    pub points: Decimal,
}

/// A bonus or penalty block outside the tree, capped in total.
#[derive(Debug, Clone)]
pub struct Adjustment {
    pub id: String,
    pub kind: AdjustmentKind,
    pub title: String,
    pub title_en: Option<String>,
    pub cap: Decimal,
    pub items: Vec<AdjustmentItem>,
    pub lead: Vec<String>,
}

/// A validated criteria set.
#[derive(Debug, Clone)]
pub struct CriteriaSet {
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    pub year: i32,
    pub level: UnitLevel,
    pub language: Lang,
    /// How evidence writes numbers, when the set declares it (`number_format = "vi"`);
    /// otherwise each evidence file settles its own (see [`crate::number_format`]).
    pub number_format: Option<crate::number_format::NumberFormat>,
    pub total: Decimal,
    pub rounding: Rounding,
    pub index_rounding: Rounding,
    pub policy: Policy,
    /// Highest band first.
    pub bands: Vec<Band>,
    /// In declaration order, which is also the order agencies are listed in.
    pub agencies: Vec<Agency>,
    pub nodes: BTreeMap<CriterionCode, Node>,
    pub adjustments: Vec<Adjustment>,
    /// The `[document]` table: particulars of the Word and HTML documents made from the set.
    pub document: crate::document::DocumentInfo,
    /// The scoring rounds, in order (`rounds = [...]`; default self-assessment, appraisal).
    pub rounds: crate::round::Rounds,
    pub source: SourceFile,
    /// The file read, with its SHA-256 ([`load_file`] sets it; sets made from text have none).
    pub file: Option<crate::provenance::InputFile>,
    /// Warnings found while loading (for example a formula that may divide by zero).
    pub warnings: Vec<crate::diag::Diagnostic>,
    /// The `[[survey]]` tables: how raw answers score the survey leaves.
    pub surveys: Vec<crate::survey::SurveyDef>,
}

impl CriteriaSet {
    /// Where a node is declared in the criteria file (for diagnostics).
    pub fn locate(&self, node: &Node) -> Location {
        self.source.locate(node.span.clone())
    }

    pub fn node(&self, code: &CriterionCode) -> Option<&Node> {
        self.nodes.get(code)
    }

    /// Areas (depth-1 nodes) in code order.
    pub fn areas(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values().filter(|n| n.code.depth() == 1)
    }

    pub fn leaves(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values().filter(|n| n.is_leaf())
    }

    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == id)
    }

    /// Position of an agency in the registry, for stable ordering.
    pub fn agency_rank(&self, id: &str) -> usize {
        self.agencies.iter().position(|a| a.id == id).unwrap_or(usize::MAX)
    }

    /// Resolves an agency written as its id, full name or short name (NFC, any case).
    pub fn resolve_agency(&self, written: &str) -> Option<&Agency> {
        let f = crate::text::fold(written);
        self.agencies.iter().find(|a| {
            crate::text::fold(&a.id) == f
                || crate::text::fold(&a.name) == f
                || crate::text::fold(&a.short) == f
                || a.name_en.as_deref().is_some_and(|n| crate::text::fold(n) == f)
        })
    }

    /// The lead agencies of a node, inherited from the nearest ancestor that names some.
    pub fn lead_of(&self, code: &CriterionCode) -> Vec<String> {
        let mut cur = Some(code.clone());
        while let Some(c) = cur {
            if let Some(n) = self.nodes.get(&c)
                && !n.lead.is_empty()
            {
                return n.lead.clone();
            }
            cur = c.parent();
        }
        Vec::new()
    }

    /// The band an index (in percent) falls in.
    pub fn band_for(&self, index_percent: Decimal) -> Option<&Band> {
        self.band_at(index_percent).map(|k| &self.bands[k])
    }

    /// The position in `bands` of [`Self::band_for`].
    pub fn band_at(&self, index_percent: Decimal) -> Option<usize> {
        self.bands.iter().position(|b| index_percent >= b.min)
    }

    pub fn title(&self, lang: Lang) -> &str {
        match (lang, &self.title_en) {
            (Lang::En, Some(t)) => t,
            _ => &self.title,
        }
    }

    pub fn adjustment(&self, id: &str) -> Option<&Adjustment> {
        self.adjustments.iter().find(|a| a.id == id)
    }
}
