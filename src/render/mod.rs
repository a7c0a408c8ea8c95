//! Output formats for score results: a terminal table (comfy-table), Markdown, CSV (plain
//! `.` decimals, no grouping), versioned JSON (decimals as strings), HTML, and Word
//! documents in the administrative format ([`docx`]).

pub mod check;
pub mod csv;
pub mod docx;
pub mod fit;
pub mod html;
pub mod json;
pub mod markdown;
pub mod reports;
pub mod sheet;
pub mod survey;
pub mod table;
pub mod track;
pub mod xlsx;

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
    // A workbook, one sheet per part of the report (binary: see `score_bytes`).
    Xlsx,
    // A Word document (`docx::score`): bytes, not text, so `score_with` has none.
    Docx,
}

/// Renders a score result (a terminal table at [`crate::terminal::DEFAULT_WIDTH`]).
pub fn score(result: &ScoreResult, format: Format, lang: Lang) -> String {
    score_with(result, format, lang, Layout::default())
}

/// How a score report is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Width of the terminal table in columns (other formats have none).
    pub width: usize,
    /// Only the summary: total, index, band and the largest losses (table and Markdown).
    pub brief: bool,
    /// How CSV is written.
    pub csv: csv::Dialect,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            width: crate::terminal::DEFAULT_WIDTH,
            brief: false,
            csv: csv::Dialect::Plain,
        }
    }
}

/// Renders a score result as `layout` says. `brief` applies to the table and Markdown
/// formats; the others always carry everything. A workbook is not text: for
/// [`Format::Xlsx`] this gives the empty string, and [`score_bytes`] the workbook.
pub fn score_with(result: &ScoreResult, format: Format, lang: Lang, layout: Layout) -> String {
    match format {
        Format::Table if layout.brief => table::brief_at(result, lang, layout.width),
        Format::Table => table::score_at(result, lang, layout.width),
        Format::Json => json::score(result, lang),
        Format::Csv => csv::score_in(result, lang, layout.csv),
        Format::Markdown if layout.brief => markdown::brief(result, lang),
        Format::Markdown => markdown::score(result, lang),
        Format::Html => html::score(result, lang),
        Format::Xlsx => String::new(),
        // A Word document is bytes and needs the document's particulars: `parcalc score`
        // builds it with `docx::score`.
        Format::Docx => String::new(),
    }
}

/// The bytes of a score report in any format: the workbook for [`Format::Xlsx`], else the
/// text of [`score_with`].
pub fn score_bytes(result: &ScoreResult, format: Format, lang: Lang, layout: Layout) -> Result<Vec<u8>, String> {
    match format {
        Format::Xlsx => xlsx::score(result, lang),
        _ => Ok(score_with(result, format, lang, layout).into_bytes()),
    }
}

/// The line(s) of a terminal score report at `width` that carry the total: shown in bold on
/// a colour terminal.
pub fn total_lines(result: &ScoreResult, lang: Lang, width: usize) -> Vec<String> {
    table::summary(result, lang).total_lines(width)
}

/// Agency ids shown by short name, joined with "; ".
pub(crate) fn agency_names(result: &ScoreResult, ids: &[String]) -> String {
    ids.iter().map(|id| result.agency_short(id)).collect::<Vec<_>>().join("; ")
}
