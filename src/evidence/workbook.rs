//! Evidence in spreadsheets: `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and `.ods`, with the same
//! columns as the CSV, on one or several sheets (a sheet whose header has no `criterion`
//! column, such as an instructions sheet, is skipped). Locations name the file, sheet and
//! cell: `evidence.xlsx › Nội vụ › C7`.
//!
//! Numbers, percentages and dates may be stored as spreadsheet numbers or typed as text.

use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Reader, open_workbook_auto};

use super::load::{Record, build_row, header_columns};
use super::{Row, column_letters};
use crate::diag::{Code, Diagnostic, Location};
use crate::value::show_date;

/// File extensions read as workbooks.
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The text of a spreadsheet number. Spreadsheets store numbers as binary doubles; the
/// shortest text that reads back to the same double is the number the office typed
/// (`0.833`, `8.125`), so the exact decimal is recovered from that text.
fn number_text(n: f64) -> String {
    format!("{n}")
}

/// A cell as text, and whether it held a number.
fn cell_text(d: &Data) -> Result<(String, bool), String> {
    Ok(match d {
        Data::Empty => (String::new(), false),
        Data::String(s) => (s.clone(), false),
        Data::Int(i) => (i.to_string(), true),
        Data::Float(f) => (number_text(*f), true),
        Data::Bool(b) => ((if *b { "có" } else { "không" }).to_string(), false),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => (show_date(t.date()), false),
            _ => (number_text(dt.as_f64()), true),
        },
        Data::DateTimeIso(s) => match crate::value::parse_date(s.split('T').next().unwrap_or(s)) {
            Ok(d) => (show_date(d), false),
            Err(_) => (s.clone(), false),
        },
        Data::DurationIso(s) => (s.clone(), false),
        Data::Error(e) => return Err(format!("the cell holds the spreadsheet error {e}")),
    })
}

/// Reads every evidence sheet of a workbook.
pub fn read(path: &Path) -> (Vec<Row>, Vec<Diagnostic>) {
    let name = path.display().to_string();
    let mut wb = match open_workbook_auto(path) {
        Ok(wb) => wb,
        Err(e) => {
            return (
                Vec::new(),
                vec![
                    Diagnostic::error(Code::FileRead, format!("cannot read the workbook `{name}`: {e}"))
                        .at(Location::file_only(name.as_str().into()))
                        .help("save it again from Excel or LibreOffice as .xlsx, or export the sheet as CSV UTF-8"),
                ],
            );
        }
    };
    let mut rows = Vec::new();
    let mut diags = Vec::new();
    let mut evidence_sheets = 0;
    for sheet in wb.sheet_names() {
        let range = match wb.worksheet_range(&sheet) {
            Ok(r) => r,
            Err(e) => {
                diags.push(
                    Diagnostic::error(Code::FileRead, format!("cannot read sheet `{sheet}` of `{name}`: {e}"))
                        .at(Location::file_only(name.as_str().into())),
                );
                continue;
            }
        };
        let file: Arc<str> = format!("{name} › {sheet}").into();
        let (first_row, first_col) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let mut lines = range.rows().enumerate().filter(|(_, r)| r.iter().any(|c| *c != Data::Empty));
        let Some((header_idx, header)) = lines.next() else { continue };
        // Cell positions in the sheet, 1-based rows, with columns shifted by the range's start.
        let sheet_row = |i: usize| first_row + i + 1;
        let header_cells: Vec<String> = header.iter().map(|c| cell_text(c).map(|t| t.0).unwrap_or_default()).collect();
        let mut padded = vec![String::new(); first_col];
        padded.extend(header_cells);
        let at = |col: usize| Location::file_only(format!("{file} › {}{}", column_letters(col), sheet_row(header_idx)).into());
        let columns = match header_columns(&format!("{name} › {sheet}"), &padded, |i, _| at(i), at(first_col), false) {
            Ok(c) => Arc::new(c),
            Err(_) => continue, // not an evidence sheet
        };
        evidence_sheets += 1;
        let value_col = columns.index("value");
        for (i, r) in range.rows().enumerate().skip(header_idx + 1) {
            let mut cells = vec![String::new(); first_col];
            let mut value_is_number = false;
            let mut bad = None;
            for (j, c) in r.iter().enumerate() {
                match cell_text(c) {
                    Ok((t, number)) => {
                        if Some(first_col + j) == value_col {
                            value_is_number = number;
                        }
                        cells.push(t);
                    }
                    Err(msg) => {
                        bad = Some((first_col + j, msg));
                        cells.push(String::new());
                    }
                }
            }
            if let Some((col, msg)) = bad {
                diags.push(
                    Diagnostic::error(Code::InvalidValue, msg)
                        .at(Location::file_only(
                            format!("{file} › {}{}", column_letters(col), sheet_row(i)).into(),
                        ))
                        .help("replace the formula's error with a value"),
                );
                continue;
            }
            let record = Record {
                file: file.clone(),
                line: sheet_row(i),
                line_text: "".into(),
                cells,
                value_is_number,
                spreadsheet: true,
            };
            match build_row(&columns, record) {
                Ok(Some(row)) => rows.push(row),
                Ok(None) => {}
                Err(mut d) => diags.append(&mut d),
            }
        }
    }
    if evidence_sheets == 0 && diags.is_empty() {
        diags.push(
            Diagnostic::error(
                Code::MissingColumn,
                format!("no sheet of `{name}` has a header row with `criterion` and `value` columns"),
            )
            .at(Location::file_only(name.as_str().into()))
            .help("put a header row such as `criterion | value | document` (or `tiêu chí | giá trị`) at the top of each evidence sheet"),
        );
    }
    (rows, diags)
}
