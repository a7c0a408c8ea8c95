//! Output formats for score results: a terminal table (comfy-table), Markdown, CSV (plain
//! `.` decimals, no grouping) and versioned JSON (decimals as strings).

pub mod check;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod reports;
pub mod sheet;
pub mod table;

use crate::number::Lang;
use crate::score::ScoreResult;

/// Output format of `parcalc score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
}

/// Renders a score result.
pub fn score(result: &ScoreResult, format: Format, lang: Lang) -> String {
    match format {
        Format::Table => table::score(result, lang),
        Format::Json => json::score(result, lang),
        Format::Csv => csv::score(result, lang),
        Format::Markdown => markdown::score(result, lang),
        Format::Html => html::score(result, lang),
    }
}

/// Agency ids shown by short name, joined with "; ".
pub(crate) fn agency_names(result: &ScoreResult, ids: &[String]) -> String {
    ids.iter().map(|id| result.agency_short(id)).collect::<Vec<_>>().join("; ")
}
