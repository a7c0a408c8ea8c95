//! The `[[survey]]` tables of a criteria file as written, with spans for diagnostics;
//! [`super::build_all`] turns them into checked [`super::SurveyDef`]s.

use serde::Deserialize;
use toml::Spanned;

use crate::criteria::raw::{SLit, SStr};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSurvey {
    pub id: SStr,
    pub criterion: SStr,
    pub title: Option<SStr>,
    pub title_en: Option<String>,
    pub aggregation: SStr,
    pub group_column: Option<SStr>,
    pub blank: Option<SStr>,
    pub dont_know: Option<SStr>,
    pub scale: Spanned<RawScale>,
    pub questions: Spanned<Vec<RawQuestion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    pub kind: SStr,
    #[serde(default)]
    pub options: Vec<RawOption>,
    pub min: Option<SLit>,
    pub max: Option<SLit>,
    pub satisfied: Option<SLit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub answer: SStr,
    pub weight: SLit,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: SStr,
    pub vi: SStr,
    pub en: Option<String>,
    pub points: SLit,
}
