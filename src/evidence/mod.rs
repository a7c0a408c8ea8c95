//! Evidence: the facts offices gather, one CSV row per fact, usually one file per agency.
//! This module reads and merges the files (UTF-8 with or without BOM, `,` `;` or tab
//! separated, Vietnamese or English headers), keeps every row's file and line for
//! diagnostics, and refuses rows that contradict each other.
//!
//! What a value *means* depends on the criterion's rule; values are parsed when scored.

pub mod encoding;
pub mod limits;
mod lines;
mod load;
pub(crate) mod records;
pub mod source;
pub mod workbook;

use std::sync::Arc;

use crate::code::CriterionCode;
use crate::diag::{Code, Diagnostic, Excerpt, Location};
use crate::i18n::Msg;
use crate::round::Round;

pub(crate) use lines::field_spans;
pub use load::{
    DeclaredBy, MAX_FIELD_BYTES, ReadOptions, decode_utf8, load_bytes, load_files, load_files_with, load_sources_with, load_str,
    read_files, read_files_with, read_sources_with,
};
pub(crate) use load::{Record, Schema, read_source_each, read_source_tables, settle_rows, sniff_delimiter, source_lines};
pub use source::Source;

/// Maps a header row to columns, leniently (unknown columns are ignored), for readers
/// outside this module such as the streaming ranker.
pub fn load_header_columns(
    name: &str,
    cells: &[String],
    loc: impl Fn(usize, &str) -> crate::diag::Location,
) -> Result<Columns, Vec<crate::diag::Diagnostic>> {
    load::header_columns(
        name,
        cells,
        loc,
        crate::diag::Location::file_only(name.into()),
        false,
        &load::EVIDENCE,
    )
}

/// Maps an evidence file's header row to columns exactly as the complete reader does
/// (unknown columns refused): the streaming ranker reads only files this accepts as they are.
pub(crate) fn evidence_header_columns(name: &str, cells: &[String]) -> Result<Columns, Vec<crate::diag::Diagnostic>> {
    if cells.len() > load::MAX_COLUMNS {
        return Err(Vec::new());
    }
    load::header_columns(
        name,
        cells,
        |_, _| crate::diag::Location::file_only(name.into()),
        crate::diag::Location::file_only(name.into()),
        true,
        &load::EVIDENCE,
    )
}

/// The column headers of one evidence file, by canonical name, with their positions.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// (canonical name, header as written, 0-based index)
    pub present: Vec<(&'static str, String, usize)>,
    /// The separator of a CSV file (0 for a workbook sheet), to find a cell on its line.
    pub delimiter: u8,
    /// Columns named by the criteria set rather than the format (a survey's declared group
    /// column): (folded header, header as written, 0-based index).
    pub declared: Vec<(String, String, usize)>,
    /// Where the header row is, for problems with the header as a whole.
    pub header: Option<crate::diag::Location>,
}

impl Columns {
    pub fn index(&self, name: &str) -> Option<usize> {
        self.present.iter().find(|c| c.0 == name).map(|c| c.2)
    }

    pub fn written(&self, name: &str) -> String {
        self.present
            .iter()
            .find(|c| c.0 == name)
            .map_or_else(|| name.to_string(), |c| c.1.clone())
    }
}

/// One evidence row.
#[derive(Debug, Clone)]
pub struct Row {
    pub file: Arc<str>,
    pub line: usize,
    pub line_text: Arc<str>,
    pub columns: Arc<Columns>,
    /// The `criterion` cell as written (NFC): a code, or the id of a bonus/penalty block.
    pub target: String,
    pub code: Option<CriterionCode>,
    pub item: Option<String>,
    pub value: String,
    pub agencies: Vec<String>,
    pub document: Option<String>,
    pub note: Option<String>,
    /// The `explanation` (giải trình) cell: the unit's explanation of this criterion in
    /// this round. A row with an explanation and no value is an explanation, not a fact.
    pub explanation: Option<String>,
    /// The round, from the `stage`/`round` cell resolved against the criteria set's rounds
    /// (the first round when the cell is empty or absent).
    pub round: Round,
    /// The `stage`/`round` cell as written, for locations.
    pub round_text: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i32>,
    /// Read from a spreadsheet: `file` is "book.xlsx › Sheet", `line` the sheet row, and
    /// locations are cells such as `C7`.
    pub spreadsheet: bool,
    /// The value cell held a spreadsheet number (a percentage cell stores 83.3% as 0.833).
    pub value_is_number: bool,
}

/// The location of a cell of a record read with a [`Schema`] (the caret under the cell on a
/// CSV line; `book › Sheet › C7` in a workbook). A column the sheet lacks points at the row's
/// first column's cell, which reads the same in both languages.
pub(crate) fn record_cell(columns: &Columns, rec: &Record, column: &str) -> Location {
    let idx = columns.index(column);
    if rec.spreadsheet {
        let at = idx.or_else(|| columns.present.iter().map(|c| c.2).min()).unwrap_or(0);
        let cell = format!("{}{}", column_letters(at), rec.line);
        return Location {
            file: format!("{} › {cell}", rec.file).into(),
            line: 0,
            column: 0,
            field: idx.map(|_| columns.written(column)),
            excerpt: None,
        };
    }
    let line: &str = &rec.line_text;
    let span = idx
        .and_then(|i| lines::field_spans(line, columns.delimiter).get(i).copied())
        .unwrap_or((0, line.len()));
    Location {
        file: rec.file.clone(),
        line: rec.line,
        column: line[..span.0.min(line.len())].chars().count() + 1,
        field: idx.map(|_| columns.written(column)),
        excerpt: Some(Excerpt::new(line, span.0, span.1)),
    }
}

/// Spreadsheet column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Row {
    /// Location of a cell, by canonical column name, with the caret under its text.
    pub fn loc(&self, column: &str) -> Location {
        let field_idx = self.columns.index(column);
        let year_text = self.year.map(|y| y.to_string());
        let cell = match column {
            "year" => year_text.as_deref(),
            "criterion" => Some(self.target.as_str()),
            "item" => self.item.as_deref(),
            "value" => Some(self.value.as_str()),
            "agency" => None,
            "document" => self.document.as_deref(),
            "note" => self.note.as_deref(),
            "explanation" => self.explanation.as_deref(),
            "stage" => self.round_text.as_deref(),
            "unit" => self.unit.as_deref(),
            _ => None,
        };
        if self.spreadsheet {
            // A column the sheet lacks: the row's criterion cell, which every evidence sheet has
            // (a cell reference reads the same in both languages).
            let at = field_idx.or_else(|| self.columns.index("criterion")).unwrap_or(0);
            let cell = format!("{}{}", column_letters(at), self.line);
            return Location {
                file: format!("{} › {cell}", self.file).into(),
                line: 0,
                column: 0,
                field: field_idx.map(|_| self.columns.written(column)),
                excerpt: None,
            };
        }
        let line: &str = &self.line_text;
        // Underline the cell: found by splitting the line like the reader did, else (a value
        // spanning lines) where its text appears, else the whole line.
        let by_field = field_idx
            .filter(|_| self.columns.delimiter != 0)
            .and_then(|i| lines::field_spans(line, self.columns.delimiter).get(i).copied());
        let by_text = || cell.filter(|c| !c.is_empty()).and_then(|c| line.find(c).map(|i| (i, i + c.len())));
        let (start, end) = by_field.or_else(by_text).unwrap_or((0, line.len()));
        Location {
            file: self.file.clone(),
            line: self.line,
            column: line[..start.min(line.len())].chars().count() + 1,
            field: field_idx.map(|_| self.columns.written(column)),
            excerpt: Some(Excerpt::new(line, start, end)),
        }
    }

    /// A row with a criterion but no value, document, note or explanation: no fact.
    pub fn is_unfilled(&self) -> bool {
        self.value.is_empty() && self.document.is_none() && self.note.is_none() && self.explanation.is_none()
    }

    /// An `invalid-value` diagnostic at this row's value cell.
    pub fn invalid(&self, message: impl Into<Msg>, help: impl Into<Msg>) -> Diagnostic {
        let mut message = message.into();
        // The reader turned numbers into canonical text (`1.234,5` → `1234.5`); quote the
        // value as the office wrote it.
        if let Some(written) = self.written_value().filter(|w| *w != self.value) {
            message = message.map(|m| m.replacen(&format!("`{}`", self.value), &format!("`{written}`"), 1));
        }
        Diagnostic::error(Code::InvalidValue, message).at(self.loc("value")).help(help)
    }

    /// The value cell as written on its CSV line (inside its quotes), when it can be found.
    pub fn written_value(&self) -> Option<&str> {
        if self.spreadsheet || self.columns.delimiter == 0 {
            return None;
        }
        let idx = self.columns.index("value")?;
        let (start, end) = *lines::field_spans(&self.line_text, self.columns.delimiter).get(idx)?;
        self.line_text.get(start..end).map(str::trim)
    }

    /// `file:line`, for messages that name a row (English; see [`Row::position_msg`]).
    pub fn position(&self) -> String {
        self.position_msg().en().to_string()
    }

    /// `file:line`, or `book.xlsx › Sheet › row 7` (`dòng 7`) for a spreadsheet row.
    pub fn position_msg(&self) -> Msg {
        if self.spreadsheet {
            let (file, line) = (&self.file, self.line);
            crate::msg!("{file} › dòng {line}", "{file} › row {line}")
        } else {
            Msg::same(format!("{}:{}", self.file, self.line))
        }
    }

    /// The key under which two rows must agree.
    pub(crate) fn key(&self) -> (String, Option<String>, String, Option<String>, Round) {
        (
            self.unit.as_deref().map(crate::text::fold).unwrap_or_default(),
            self.year.map(|y| y.to_string()),
            self.target.clone(),
            self.item.as_deref().map(crate::text::fold),
            self.round,
        )
    }

    /// A row that only explains (an explanation and an empty value): it gives no fact, so
    /// it neither replaces an earlier round's value nor counts as evidence.
    pub fn is_explanation_only(&self) -> bool {
        self.value.is_empty() && self.explanation.is_some()
    }
}

/// All evidence rows of a run, merged from every file and in a canonical order, so the
/// order of files and rows never changes a result.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub rows: Vec<Row>,
    /// Warnings found while reading (for example exact duplicate rows).
    pub warnings: Vec<Diagnostic>,
    /// The files (and standard input) the rows were read from, in the order read, with the
    /// SHA-256 of the bytes read.
    pub files: Vec<crate::provenance::InputFile>,
    /// Rows that name a criterion but give no value, document or note (a template row not
    /// filled in, an xlsx row whose trailing cells are missing, `1.1.1,,`): no fact, so not
    /// scored, but kept in file and line order for `check` to point at.
    pub unfilled: Vec<Row>,
}
