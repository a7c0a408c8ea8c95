//! Evidence in spreadsheets: `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and `.ods`, with the same
//! columns as the CSV, on one or several sheets (a sheet whose header has no `criterion`
//! column, such as an instructions sheet, is skipped). Locations name the file, sheet and
//! cell: `evidence.xlsx › Nội vụ › C7`.
//!
//! Numbers, percentages and dates may be stored as spreadsheet numbers or typed as text.
//!
//! Sheets are read cell by cell (xlsx, xlsm, xlsb) or, for the formats calamine reads
//! whole (ods, xls), after checking the rectangle it will allocate, so a hostile file ends
//! in an error within the documented limits of [`super::limits`], never in an abort.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};

use super::limits::{self, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES, Refusal, ZipKind};
use super::load::{EVIDENCE, Record, Schema, Table, build_row, header_columns};
use super::{Row, column_letters};
use crate::diag::{Code, Diagnostic, Location};
use crate::i18n::{Msg, tr};
use crate::msg;
use crate::number::Lang;
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
fn cell_text(d: &Data) -> Result<(String, bool), Msg> {
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
        Data::Error(e) => return Err(msg!("ô chứa lỗi bảng tính {e}", "the cell holds the spreadsheet error {e}")),
    })
}

/// A workbook opened by calamine, one variant per format.
enum Book<R: Read + Seek> {
    Xlsx(Xlsx<R>),
    Xlsb(Xlsb<R>),
    Xls(Xls<R>),
    Ods(Ods<R>),
}

/// The filled cells of one sheet: absolute (row, column), value.
type Cells = Vec<(u32, u32, Data)>;

/// A problem met while reading a sheet's cells: a limit, or calamine's error.
enum SheetError {
    Refused(Refusal),
    Read(String),
    /// A cell whose text breaks [`MAX_CELL_CHARS`]: (row, column, characters).
    LongCell(u32, u32, usize),
}

/// What one workbook may still spend; shared by its sheets.
struct Budget {
    text: u64,
    cells: u64,
}

impl Budget {
    /// Takes one filled cell, or says which limit it breaks.
    fn take(&mut self, cells: &mut Cells, row: u32, col: u32, value: DataRef<'_>) -> Result<(), SheetError> {
        if value == DataRef::Empty {
            return Ok(());
        }
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            let cell = format!("{}{}", column_letters(col as usize), u64::from(row) + 1);
            return Err(SheetError::Refused(Refusal {
                place: None,
                message: msg!(
                    "trang tính có một ô tại {cell}, nằm ngoài phạm vi {MAX_ROWS} dòng × {MAX_COLUMNS} cột của bảng tính",
                    "the sheet has a cell at {cell}, outside a spreadsheet's {MAX_ROWS} rows × {MAX_COLUMNS} columns"
                ),
                help: msg!(
                    "lưu lại trang tính từ Excel hoặc LibreOffice, hoặc xuất trang tính ra CSV UTF-8",
                    "save the sheet again from Excel or LibreOffice, or export it as CSV UTF-8"
                ),
            }));
        }
        let text = match &value {
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.as_str(),
            DataRef::SharedString(s) => s,
            _ => "",
        };
        if text.len() > MAX_CELL_CHARS {
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                return Err(SheetError::LongCell(row, col, chars));
            }
        }
        self.text = self.text.saturating_add(text.len() as u64);
        if self.text > MAX_TEXT_BYTES {
            return Err(SheetError::Refused(Refusal {
                place: None,
                message: limits::too_much_text(),
                help: msg!(
                    "chỉ giữ các dòng số liệu kiểm chứng trong tệp bảng tính, hoặc xuất trang tính số liệu kiểm chứng ra CSV UTF-8",
                    "keep only the evidence rows in the workbook, or export the evidence sheet as CSV UTF-8"
                ),
            }));
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(SheetError::Refused(Refusal {
                place: None,
                message: msg!(
                    "tệp bảng tính có hơn {MAX_CELLS} ô có dữ liệu; tệp bảng tính chỉ được chứa tối đa mức đó",
                    "the workbook has more than {MAX_CELLS} filled cells; a workbook may hold at most that"
                ),
                help: msg!(
                    "tách số liệu kiểm chứng ra nhiều trang tính hoặc nhiều tệp, hoặc xuất ra CSV UTF-8",
                    "split the evidence into several sheets or files, or export it as CSV UTF-8"
                ),
            }));
        }
        cells.push((row, col, value.into()));
        Ok(())
    }
}

/// Why a workbook could not be opened.
enum OpenError {
    /// The file cannot be opened: why.
    Open(Msg),
    /// It cannot be read: why, and how to fix it when that is known.
    Read(Msg, Option<Msg>),
    /// A limit refuses it.
    Refused(Refusal),
}

fn resave_sheet() -> Msg {
    msg!(
        "lưu lại từ Excel hoặc LibreOffice dưới dạng .xlsx, hoặc xuất trang tính ra CSV UTF-8",
        "save it again from Excel or LibreOffice as .xlsx, or export the sheet as CSV UTF-8"
    )
}

/// `` `book.xlsx` cannot be read: `` followed by `why`.
fn cannot_be_read(name: &str, why: &Msg) -> Msg {
    Msg::by(|lang| match lang {
        Lang::Vi => format!("không đọc được `{name}`: {}", why.get(lang)),
        Lang::En => format!("`{name}` cannot be read: {}", why.get(lang)),
    })
}

/// Opens a workbook after the checks that do not need calamine: the file's size and, for
/// the zip formats, the central directory and the parts calamine sizes its memory from.
fn open(path: &Path) -> Result<Book<BufReader<File>>, OpenError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let refused = OpenError::Refused;
    let file = File::open(path).map_err(|e| OpenError::Open(super::load::io_reason(&e)))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    limits::check_file_size(len).map_err(refused)?;
    let mut reader = BufReader::new(file);
    let kind = match ext.as_str() {
        "xlsb" => Some(ZipKind::Xlsb),
        "ods" => Some(ZipKind::Ods),
        "xls" => None,
        _ => Some(ZipKind::Xlsx),
    };
    match kind {
        Some(kind) => limits::check_zip(&mut reader, kind).map_err(refused)?,
        None => {
            let mut bytes = Vec::new();
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| OpenError::Read(super::load::io_reason(&e), None))?;
            limits::check_xls(&bytes).map_err(refused)?;
        }
    }
    reader.rewind().map_err(|e| OpenError::Read(super::load::io_reason(&e), None))?;
    let cannot = |e: String| OpenError::Read(Msg::same(e), Some(resave_sheet()));
    Ok(match ext.as_str() {
        "xlsb" => Book::Xlsb(Xlsb::new(reader).map_err(|e| cannot(e.to_string()))?),
        "ods" => Book::Ods(Ods::new(reader).map_err(|e| cannot(e.to_string()))?),
        "xls" => Book::Xls(Xls::new(reader).map_err(|e| cannot(e.to_string()))?),
        _ => Book::Xlsx(Xlsx::new(reader).map_err(|e| cannot(e.to_string()))?),
    })
}

impl<R: Read + Seek> Book<R> {
    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xlsb(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    /// The filled cells of a sheet, streamed where calamine can stream them.
    fn cells(&mut self, sheet: &str, budget: &mut Budget) -> Result<Cells, SheetError> {
        let mut cells = Vec::new();
        let read = |e: &dyn std::fmt::Display| SheetError::Read(e.to_string());
        match self {
            Book::Xlsx(b) => {
                let mut r = match b.worksheet_cells_reader(sheet) {
                    Ok(r) => r,
                    // A chart sheet has no cells.
                    Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(cells),
                    Err(e) => return Err(read(&e)),
                };
                while let Some(c) = r.next_cell().map_err(|e| read(&e))? {
                    let (row, col) = c.get_position();
                    budget.take(&mut cells, row, col, c.get_value().clone())?;
                }
            }
            Book::Xlsb(b) => {
                let mut r = b.worksheet_cells_reader(sheet).map_err(|e| read(&e))?;
                while let Some(c) = r.next_cell().map_err(|e| read(&e))? {
                    let (row, col) = c.get_position();
                    budget.take(&mut cells, row, col, c.get_value().clone())?;
                }
            }
            // Read whole when opened, within the rectangle checked before.
            Book::Xls(b) => dense(&b.worksheet_range(sheet).map_err(|e| read(&e))?, &mut cells, budget)?,
            Book::Ods(b) => dense(&b.worksheet_range(sheet).map_err(|e| read(&e))?, &mut cells, budget)?,
        }
        // Rows in sheet order, then columns: the order of the XML is not promised.
        cells.sort_by_key(|c| (c.0, c.1));
        Ok(cells)
    }
}

/// The filled cells of a range calamine has already built.
fn dense(range: &calamine::Range<Data>, cells: &mut Cells, budget: &mut Budget) -> Result<(), SheetError> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, d) in range.used_cells() {
        let value = match d {
            Data::Empty => DataRef::Empty,
            Data::Int(i) => DataRef::Int(*i),
            Data::Float(f) => DataRef::Float(*f),
            Data::String(s) => DataRef::SharedString(s),
            Data::Bool(b) => DataRef::Bool(*b),
            Data::DateTime(t) => DataRef::DateTime(*t),
            Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
            Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
            Data::Error(e) => DataRef::Error(e.clone()),
        };
        budget.take(cells, r0 + r as u32, c0 + c as u32, value)?;
    }
    Ok(())
}

/// Reads every evidence sheet of a workbook.
///
/// The limits above keep every known hostile workbook from reaching the spreadsheet library,
/// but its parsers (xls above all) index damaged records without checks. A panic there is
/// caught and reported as a damaged file, so no input can end the process.
pub fn read(path: &Path, rounds: &crate::round::Rounds) -> (Vec<Row>, Vec<Diagnostic>) {
    let (tables, mut diags) = read_tables(path, &EVIDENCE);
    let mut rows = Vec::new();
    for table in &tables {
        for rec in &table.records {
            match build_row(&table.columns, rec, rounds) {
                Ok(Some(row)) => rows.push(row),
                Ok(None) => {}
                Err(mut d) => diags.append(&mut d),
            }
        }
    }
    (rows, diags)
}

/// The tables of `schema` in a workbook: one per sheet whose header has the required columns.
pub(crate) fn read_tables(path: &Path, schema: &Schema) -> (Vec<Table>, Vec<Diagnostic>) {
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_guarded(path, schema)));
    std::panic::set_hook(quiet);
    result.unwrap_or_else(|_| {
        let name = path.display().to_string();
        (
            Vec::new(),
            vec![
                Diagnostic::error(
                    Code::FileRead,
                    msg!(
                        "`{name}` bị hỏng: trình đọc bảng tính gặp lỗi bên trong tệp",
                        "`{name}` is damaged: the spreadsheet reader failed inside it"
                    ),
                )
                .at(Location::file_only(name.into()))
                .help(msg!(
                    "mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx, hoặc xuất từng trang tính ra CSV UTF-8",
                    "open it in Excel or LibreOffice and save it again as .xlsx, or export each sheet as CSV UTF-8"
                )),
            ],
        )
    })
}

fn read_guarded(path: &Path, schema: &Schema) -> (Vec<Table>, Vec<Diagnostic>) {
    let name = path.display().to_string();
    let mut wb = match open(path) {
        Ok(wb) => wb,
        Err(e) => {
            let (place, message, help) = match e {
                OpenError::Open(why) => {
                    let message = Msg::by(|lang| match lang {
                        Lang::Vi => format!("không mở được tệp bảng tính `{name}`: {}", why.get(lang)),
                        Lang::En => format!("`{name}` cannot be read: cannot open the workbook: {}", why.get(lang)),
                    });
                    let help = msg!(
                        "kiểm tra các đường dẫn đã truyền cho {}",
                        "check the paths given to {}",
                        schema.flag
                    );
                    (None, message, Some(help))
                }
                OpenError::Read(why, help) => {
                    let message = Msg::by(|lang| {
                        let cannot = tr(lang, "không đọc được tệp bảng tính", "cannot read the workbook");
                        format!("{cannot} `{name}`: {}", why.get(lang))
                    });
                    (None, message, help)
                }
                OpenError::Refused(r) => (r.place, cannot_be_read(&name, &r.message), Some(r.help)),
            };
            let file = place.map_or_else(|| name.clone(), |p| format!("{name} › {p}"));
            let d = Diagnostic::error(Code::FileRead, message).at(Location::file_only(file.into()));
            return (
                Vec::new(),
                vec![match help {
                    Some(help) if !help.is_empty() => d.help(help),
                    _ => d,
                }],
            );
        }
    };
    let mut rows = Vec::new();
    let mut diags = Vec::new();
    let mut evidence_sheets = 0;
    let mut budget = Budget { text: 0, cells: 0 };
    for sheet in wb.sheet_names() {
        let file: Arc<str> = format!("{name} › {sheet}").into();
        let cells = match wb.cells(&sheet, &mut budget) {
            Ok(c) => c,
            Err(SheetError::Read(e)) => {
                diags.push(
                    Diagnostic::error(
                        Code::FileRead,
                        msg!(
                            "không đọc được trang tính `{sheet}` của `{name}`: {e}",
                            "cannot read sheet `{sheet}` of `{name}`: {e}"
                        ),
                    )
                    .at(Location::file_only(file.clone()))
                    .help(resave_sheet()),
                );
                continue;
            }
            Err(SheetError::Refused(r)) => {
                diags.push(
                    Diagnostic::error(Code::FileRead, cannot_be_read(&name, &r.message))
                        .at(Location::file_only(file.clone()))
                        .help(r.help),
                );
                // The budget is shared: a workbook over it stops here.
                break;
            }
            Err(SheetError::LongCell(row, col, chars)) => {
                diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        msg!(
                            "ô chứa {chars} ký tự; một ô bảng tính chứa tối đa {MAX_CELL_CHARS} ký tự",
                            "the cell holds {chars} characters; a spreadsheet cell holds at most {MAX_CELL_CHARS}"
                        ),
                    )
                    .at(Location::file_only(
                        format!("{file} › {}{}", column_letters(col as usize), u64::from(row) + 1).into(),
                    ))
                    .help(msg!(
                        "rút gọn nội dung ô, hoặc chuyển nội dung vào một tài liệu và ghi số hiệu tài liệu đó",
                        "shorten the cell's text, or move it to a document and give its number"
                    )),
                );
                continue;
            }
        };
        if read_sheet(&name, &sheet, &file, &cells, schema, &mut rows, &mut diags) {
            evidence_sheets += 1;
        }
    }
    if evidence_sheets == 0 && diags.is_empty() {
        let columns = schema.required.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>();
        let (vi, en) = (columns.join(" và "), columns.join(" and "));
        let (example, noun) = (schema.example.replace(',', " | "), schema.noun);
        let help = if schema.flag == EVIDENCE.flag {
            msg!(
                "đặt dòng tiêu đề như `criterion | value | document` (hoặc `tiêu chí | giá trị`) ở đầu mỗi trang tính số liệu kiểm chứng",
                "put a header row such as `criterion | value | document` (or `tiêu chí | giá trị`) at the top of each evidence sheet"
            )
        } else {
            Msg::new(
                format!("đặt dòng tiêu đề như `{example}` ở đầu mỗi trang tính {}", noun.0),
                format!("put a header row such as `{example}` at the top of each {} sheet", noun.1),
            )
        };
        diags.push(
            Diagnostic::error(
                Code::MissingColumn,
                Msg::new(
                    format!("không có trang tính nào của `{name}` có dòng tiêu đề với các cột {vi}"),
                    format!("no sheet of `{name}` has a header row with {en} columns"),
                ),
            )
            .at(Location::file_only(name.as_str().into()))
            .help(help),
        );
    }
    (rows, diags)
}

/// Reads the rows of one sheet from its filled cells, sorted by row then column; false if
/// the sheet is not an evidence sheet.
fn read_sheet(
    name: &str,
    sheet: &str,
    file: &Arc<str>,
    cells: &[(u32, u32, Data)],
    schema: &Schema,
    tables: &mut Vec<Table>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let all: Vec<_> = cells.chunk_by(|a, b| a.0 == b.0).collect();
    let first_col = cells.iter().map(|c| c.1 as usize).min().unwrap_or(0);
    // The header is the first filled row; a schema may allow title rows above it (a report
    // written by parcalc has its title on top).
    let mut found = None;
    for (i, header) in all.iter().enumerate().take(schema.title_rows + 1) {
        // Cell positions in the sheet: 1-based rows, 0-based columns.
        let header_row = header[0].0 as usize + 1;
        // The header spans its own filled cells; cells of later rows beyond it are no column's.
        let width = header.last().map_or(0, |c| c.1 as usize + 1);
        let mut padded = vec![String::new(); width];
        for (_, col, d) in *header {
            padded[*col as usize] = cell_text(d).map(|t| t.0).unwrap_or_default();
        }
        let at = |col: usize| Location::file_only(format!("{file} › {}{}", column_letters(col), header_row).into());
        if let Ok(c) = header_columns(&format!("{name} › {sheet}"), &padded, |i, _| at(i), at(first_col), false, schema) {
            found = Some((i, Arc::new(c), width));
            break;
        }
    }
    // Otherwise not a sheet of this kind.
    let Some((header_at, columns, width)) = found else { return false };
    let lines = all.into_iter().skip(header_at + 1);
    let value_col = columns.index("value");
    let mut records = Vec::new();
    for line in lines {
        let sheet_row = line[0].0 as usize + 1;
        let mut cells = vec![String::new(); width];
        let mut value_is_number = false;
        let mut bad = None;
        for (_, col, d) in line {
            let col = *col as usize;
            let text = match cell_text(d) {
                Ok((t, number)) => {
                    if Some(col) == value_col {
                        value_is_number = number;
                    }
                    t
                }
                Err(msg) => {
                    bad = Some((col, msg));
                    String::new()
                }
            };
            match cells.get_mut(col) {
                Some(cell) => *cell = text,
                // Outside the header: no column reads it, but a row holding only such a
                // cell is still not blank.
                None => cells.push(text),
            }
        }
        if let Some((col, msg)) = bad {
            diags.push(
                Diagnostic::error(Code::InvalidValue, msg)
                    .at(Location::file_only(format!("{file} › {}{}", column_letters(col), sheet_row).into()))
                    .help(msg!(
                        "thay lỗi của công thức bằng một giá trị",
                        "replace the formula's error with a value"
                    )),
            );
            continue;
        }
        let record = Record {
            file: file.clone(),
            line: sheet_row,
            line_text: "".into(),
            cells,
            value_is_number,
            spreadsheet: true,
        };
        records.push(record);
    }
    tables.push(Table { columns, records });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_one(path: &Path) -> Diagnostic {
        let (rows, mut diags) = read(path, &crate::round::Rounds::default());
        assert!(rows.is_empty());
        assert_eq!(diags.len(), 1, "{diags:?}");
        diags.remove(0)
    }

    #[test]
    fn unreadable_workbooks_in_both_languages() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("thiếu tệp.xlsx");
        let d = read_one(&missing);
        let name = missing.display().to_string();
        assert_eq!(d.code, Code::FileRead);
        assert_eq!(
            d.message.vi(),
            format!("không mở được tệp bảng tính `{name}`: không tìm thấy tệp hoặc thư mục")
        );
        assert!(
            d.message
                .en()
                .starts_with(&format!("`{name}` cannot be read: cannot open the workbook: No such file"))
        );
        assert_eq!(d.help.unwrap().vi(), "kiểm tra các đường dẫn đã truyền cho --evidence");

        let garbage = dir.path().join("hỏng.xlsx");
        std::fs::write(&garbage, b"criterion,value\n1.1,c\n").unwrap();
        let d = read_one(&garbage);
        let name = garbage.display().to_string();
        assert!(
            d.message.vi().starts_with(&format!(
                "không đọc được `{name}`: tệp bảng tính không phải là tệp nén zip đọc được: "
            )),
            "{}",
            d.message.vi()
        );
        assert!(
            d.message
                .en()
                .starts_with(&format!("`{name}` cannot be read: the workbook is not a readable zip archive: ")),
            "{}",
            d.message.en()
        );
        assert!(
            d.help
                .unwrap()
                .vi()
                .starts_with("mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx")
        );
    }

    #[test]
    fn workbook_without_evidence_sheet_and_formula_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let s = wb.add_worksheet();
        s.write_string(0, 0, "Hướng dẫn").unwrap();
        wb.save(&path).unwrap();
        let d = read_one(&path);
        let name = path.display().to_string();
        assert_eq!(d.code, Code::MissingColumn);
        assert_eq!(
            d.message.vi(),
            format!("không có trang tính nào của `{name}` có dòng tiêu đề với các cột `criterion` và `value`")
        );
        assert_eq!(
            d.message.en(),
            format!("no sheet of `{name}` has a header row with `criterion` and `value` columns")
        );
        assert_eq!(
            cell_text(&Data::Error(calamine::CellErrorType::Div0)).unwrap_err(),
            msg!("ô chứa lỗi bảng tính #DIV/0!", "the cell holds the spreadsheet error #DIV/0!")
        );
    }
}
