//! Reading evidence CSV files.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::{Columns, Evidence, Row, Stage};
use crate::diag::{Code, Diagnostic, Excerpt, Failed, Location};
use crate::text::{fold, nearest, nfc};

/// Canonical columns and the headers accepted for each (compared after NFC + lower case).
const COLUMNS: [(&str, &[&str]); 9] = [
    ("criterion", &["criterion", "code", "tiêu chí", "mã", "mã tiêu chí", "tieu chi"]),
    ("item", &["item", "variable", "mục", "biến", "loại"]),
    ("value", &["value", "giá trị", "số liệu", "kết quả", "gia tri"]),
    ("agency", &["agency", "cơ quan", "cơ quan chịu trách nhiệm", "co quan"]),
    ("document", &["document", "tài liệu kiểm chứng", "tài liệu", "văn bản", "tai lieu"]),
    ("note", &["note", "ghi chú", "giải trình", "ghi chu"]),
    ("stage", &["stage", "giai đoạn", "giai doan"]),
    ("unit", &["unit", "đơn vị", "don vi"]),
    ("year", &["year", "năm", "nam"]),
];

/// Columns that describe a row for people (templates carry them) and are not read.
const IGNORED: [&str; 10] = [
    "title",
    "tên tiêu chí",
    "hint",
    "gợi ý",
    "example",
    "ví dụ",
    "max",
    "tối đa",
    "kind",
    "loại giá trị",
];

/// Largest evidence file accepted.
const MAX_BYTES: usize = 512 * 1024 * 1024;

/// Decodes UTF-8 (with or without BOM). Other encodings get a diagnostic that says what the
/// bytes look like and how to re-save the file.
pub fn decode_utf8(name: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let file: Arc<str> = name.into();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            Diagnostic::error(Code::NotUtf8, format!("`{name}` is UTF-16 text (Excel's \"Unicode text\")"))
                .at(Location::file_only(file))
                .help("re-save it from Excel as \"CSV UTF-8 (Comma delimited)\""),
        );
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = body[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let high = body.iter().filter(|b| **b >= 0x80).count();
            let guess = if high > 0 {
                "it looks like a legacy 8-bit encoding such as Windows-1258 (Vietnamese) or TCVN3"
            } else {
                "it is not UTF-8"
            };
            Err(Diagnostic::error(
                Code::NotUtf8,
                format!("`{name}` is not UTF-8: invalid byte 0x{:02X} at byte {at}; {guess}", body[at]),
            )
            .at(Location::file_line(file, line))
            .help("open it in Excel or LibreOffice and save as \"CSV UTF-8\""))
        }
    }
}

/// Reads and merges evidence files. All problems in all files are reported together.
pub fn load_files(paths: &[impl AsRef<Path>]) -> Result<Evidence, Failed> {
    strict(read_files(paths))
}

/// Reads what can be read: the good rows of every file, plus every problem found. Used by
/// `check`, which goes on to check the good rows against the criteria.
pub fn read_files(paths: &[impl AsRef<Path>]) -> (Evidence, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut all = Evidence::default();
    for path in paths {
        let path = path.as_ref();
        let name = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                diags.push(
                    Diagnostic::error(Code::FileRead, format!("cannot read `{name}`: {e}"))
                        .at(Location::file_only(name.as_str().into()))
                        .help("check the paths given to --evidence"),
                );
                continue;
            }
        };
        if bytes.len() > MAX_BYTES {
            diags.push(
                Diagnostic::error(Code::FileRead, format!("`{name}` is larger than 512 MiB")).at(Location::file_only(name.as_str().into())),
            );
            continue;
        }
        if super::workbook::is_workbook(path) {
            let (rows, mut d) = super::workbook::read(path);
            all.rows.extend(rows);
            diags.append(&mut d);
            continue;
        }
        match super::encoding::decode(&name, &bytes).map(|(text, _)| text) {
            Ok(text) => {
                let (rows, mut d) = read_rows(&name, &text);
                all.rows.extend(rows);
                diags.append(&mut d);
            }
            Err(d) => diags.push(d),
        }
    }
    finish(all, diags)
}

fn strict((ev, diags): (Evidence, Vec<Diagnostic>)) -> Result<Evidence, Failed> {
    if diags.iter().any(Diagnostic::is_error) {
        Err(Failed(diags))
    } else {
        Ok(ev)
    }
}

/// Reads evidence from raw bytes (decoding them first); `name` is used in diagnostics.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Evidence, Failed> {
    match super::encoding::decode(name, bytes).map(|(text, _)| text) {
        Ok(text) => load_str(name, &text),
        Err(d) => Err(Failed(vec![d])),
    }
}

/// Reads evidence from text; `name` is used in diagnostics.
pub fn load_str(name: &str, text: &str) -> Result<Evidence, Failed> {
    let (rows, diags) = read_rows(name, text);
    strict(finish(
        Evidence {
            rows,
            warnings: Vec::new(),
        },
        diags,
    ))
}

fn finish(mut ev: Evidence, mut diags: Vec<Diagnostic>) -> (Evidence, Vec<Diagnostic>) {
    ev.rows
        .sort_by(|a, b| a.key().cmp(&b.key()).then_with(|| a.file.cmp(&b.file)).then(a.line.cmp(&b.line)));
    // Rows that give the same fact twice must agree; exact repeats are only a warning.
    let mut first: BTreeMap<_, usize> = BTreeMap::new();
    let mut keep = Vec::with_capacity(ev.rows.len());
    for (i, row) in ev.rows.iter().enumerate() {
        match first.get(&row.key()) {
            Some(&j) => {
                let other: &Row = &ev.rows[j];
                if fold(&other.value) == fold(&row.value) {
                    ev.warnings.push(
                        Diagnostic::warning(
                            Code::ConflictingRows,
                            format!("row repeats {} ({} = `{}`)", other.position(), row.target, row.value),
                        )
                        .at(row.loc("value"))
                        .help("delete one of the two rows"),
                    );
                } else {
                    let stage = row.stage.name();
                    diags.push(
                        Diagnostic::error(
                            Code::ConflictingRows,
                            format!(
                                "{}{} has two different values in stage `{stage}`: `{}` at {} and `{}` at {}",
                                row.target,
                                row.item.as_deref().map(|i| format!(" item `{i}`")).unwrap_or_default(),
                                other.value,
                                other.position(),
                                row.value,
                                row.position()
                            ),
                        )
                        .at(row.loc("value"))
                        .help("keep the correct row and delete the other (use the `stage` column for appraisal results)"),
                    );
                }
            }
            None => {
                first.insert(row.key(), i);
                keep.push(i);
            }
        }
    }
    // Conflicting facts cannot be scored: drop every row of a conflicting key.
    let conflicted: std::collections::BTreeSet<_> = diags
        .iter()
        .filter(|d| d.code == Code::ConflictingRows)
        .filter_map(|d| d.location.as_ref().map(|l| (l.file.clone(), l.line)))
        .collect();
    let bad_keys: std::collections::BTreeSet<_> = ev
        .rows
        .iter()
        .filter(|r| conflicted.contains(&(r.file.clone(), r.line)))
        .map(Row::key)
        .collect();
    let rows = std::mem::take(&mut ev.rows);
    ev.rows = keep
        .into_iter()
        .map(|i| rows[i].clone())
        .filter(|r| !bad_keys.contains(&r.key()))
        .collect();
    crate::diag::sort(&mut ev.warnings);
    crate::diag::sort(&mut diags);
    (ev, diags)
}

/// Picks the separator from the header line: the most frequent of `;`, `,` and tab outside
/// quotes (Excel on a Vietnamese locale writes `;`).
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in counts.iter_mut() {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|c| (c.1, c.0 == b','))
        .map_or(b',', |c| if c.1 == 0 { b',' } else { c.0 })
}

fn read_rows(name: &str, text: &str) -> (Vec<Row>, Vec<Diagnostic>) {
    let file: Arc<str> = name.into();
    let lines: Vec<&str> = text.lines().collect();
    let line_text = |line: usize| -> Arc<str> {
        lines
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or("")
            .trim_end_matches('\r')
            .into()
    };
    if text.trim().is_empty() {
        return (
            Vec::new(),
            vec![
                Diagnostic::error(Code::EmptyEvidence, format!("`{name}` is empty"))
                    .at(Location::file_only(file))
                    .help("an evidence file starts with a header row such as `criterion,value,document`"),
            ],
        );
    }
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut diags = Vec::new();

    // Header row.
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return (Vec::new(), vec![csv_error(&file, &e, &line_text)]),
        None => {
            let d = Diagnostic::error(Code::EmptyEvidence, format!("`{name}` has no header row")).at(Location::file_only(file));
            return (Vec::new(), vec![d]);
        }
    };
    let header_line = line_text(1);
    let header_loc = |_idx: usize, cell: &str| {
        let lt = &header_line;
        let (start, end) = match lt.find(cell).filter(|_| !cell.is_empty()) {
            Some(i) => (i, i + cell.len()),
            None => (0, lt.len()),
        };
        Location {
            file: file.clone(),
            line: 1,
            column: lt[..start].chars().count() + 1,
            field: None,
            excerpt: Some(Excerpt {
                line: lt.to_string(),
                start,
                end,
            }),
        }
    };
    let whole_header = Location {
        excerpt: Some(Excerpt {
            line: header_line.to_string(),
            start: 0,
            end: header_line.len(),
        }),
        ..Location::file_line(file.clone(), 1)
    };
    let cells: Vec<String> = header.iter().map(str::to_string).collect();
    let columns = match header_columns(name, &cells, header_loc, whole_header, true) {
        Ok(c) => Arc::new(c),
        Err(d) => return (Vec::new(), d),
    };
    let width = header.len();

    let mut rows = Vec::new();
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                diags.push(csv_error(&file, &e, &line_text));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() > width && rec.iter().skip(width).any(|c| !c.trim().is_empty()) {
            diags.push(
                Diagnostic::error(Code::CsvSyntax, format!("row has {} fields but the header has {width}", rec.len()))
                    .at(Location {
                        excerpt: Some(Excerpt {
                            line: line_text(line).to_string(),
                            start: 0,
                            end: line_text(line).len(),
                        }),
                        ..Location::file_line(file.clone(), line)
                    })
                    .help(format!(
                        "quote values that contain the separator `{}` (decimal commas: write \"83,3%\")",
                        delimiter as char
                    )),
            );
            continue;
        }
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        let record = Record {
            file: file.clone(),
            line,
            line_text: line_text(line),
            cells,
            value_is_number: false,
            spreadsheet: false,
        };
        match build_row(&columns, record) {
            Ok(Some(row)) => rows.push(row),
            Ok(None) => {}
            Err(mut d) => diags.append(&mut d),
        }
    }
    if rows.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::warning(Code::EmptyEvidence, format!("`{name}` has a header row but no evidence rows"))
                .at(Location::file_only(file))
                .help("add one row per fact below the header, or leave the file out"),
        );
    }
    (rows, diags)
}

/// Maps header cells to canonical columns. `strict` reports unknown columns (CSV); a
/// workbook sheet without the required columns is simply not an evidence sheet.
pub(super) fn header_columns(
    name: &str,
    cells: &[String],
    loc: impl Fn(usize, &str) -> Location,
    whole: Location,
    strict: bool,
) -> Result<Columns, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut columns = Columns::default();
    for (idx, cell) in cells.iter().enumerate() {
        let written = nfc(cell.trim_start_matches('\u{feff}'));
        let key = fold(&written);
        if key.is_empty() {
            continue;
        }
        if let Some((canon, _)) = COLUMNS.iter().find(|(_, aliases)| aliases.contains(&key.as_str())) {
            if columns.index(canon).is_some() {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownColumn,
                        format!("column `{written}` appears twice (as `{}`)", columns.written(canon)),
                    )
                    .at(loc(idx, cell))
                    .help("keep one column per kind of fact"),
                );
            } else {
                columns.present.push((canon, written, idx));
            }
        } else if !IGNORED.contains(&key.as_str()) && strict {
            let all: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
            let mut help = format!("known columns: {}", all.join(", "));
            if let Some(s) = nearest(&key, COLUMNS.iter().flat_map(|c| c.1.iter().copied())) {
                help = format!("did you mean `{s}`? ({help})");
            } else if crate::code::CriterionCode::from_str_ok(&written) {
                help = format!("row 1 must be a header row such as `criterion,value,document`; is the header missing? ({help})");
            }
            diags.push(
                Diagnostic::error(Code::UnknownColumn, format!("unknown column `{written}`"))
                    .at(loc(idx, cell))
                    .help(help),
            );
        }
    }
    for required in ["criterion", "value"] {
        if columns.index(required).is_none() {
            diags.push(
                Diagnostic::error(Code::MissingColumn, format!("`{name}` has no `{required}` column"))
                    .at(whole.clone())
                    .help("the header row needs at least `criterion` and `value` (or `tiêu chí` and `giá trị`)"),
            );
        }
    }
    if diags.is_empty() { Ok(columns) } else { Err(diags) }
}

/// One data record of a CSV file or a sheet, as text cells.
pub(super) struct Record {
    pub file: Arc<str>,
    pub line: usize,
    pub line_text: Arc<str>,
    pub cells: Vec<String>,
    pub value_is_number: bool,
    pub spreadsheet: bool,
}

/// Turns a record into a row: `Ok(None)` for a blank record or one whose value is empty (a
/// template row not filled in is no fact), errors for a bad code, stage or year.
pub(super) fn build_row(columns: &Arc<Columns>, rec: Record) -> Result<Option<Row>, Vec<Diagnostic>> {
    if rec.cells.iter().all(|c| c.trim().is_empty()) {
        return Ok(None);
    }
    let cell = |name: &str| {
        columns
            .index(name)
            .and_then(|i| rec.cells.get(i))
            .map(|c| nfc(c))
            .filter(|s| !s.is_empty())
    };
    let mut row = Row {
        file: rec.file.clone(),
        line: rec.line,
        line_text: rec.line_text.clone(),
        columns: columns.clone(),
        target: cell("criterion").unwrap_or_default(),
        code: None,
        item: cell("item"),
        value: cell("value").unwrap_or_default(),
        agencies: cell("agency")
            .map(|a| a.split(';').map(nfc).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default(),
        document: cell("document"),
        note: cell("note"),
        stage: Stage::SelfAssessment,
        unit: cell("unit"),
        year: None,
        spreadsheet: rec.spreadsheet,
        value_is_number: rec.value_is_number,
    };
    if row.target.is_empty() {
        return Err(vec![
            Diagnostic::error(Code::InvalidCode, "the row has no criterion code")
                .at(row.loc("criterion"))
                .help("write the criterion's code, such as 3.4.4"),
        ]);
    }
    if row.value.is_empty() && row.document.is_none() && row.note.is_none() {
        return Ok(None);
    }
    row.code = row.target.parse().ok();
    if row.code.is_none() && row.target.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let e = row
            .target
            .parse::<crate::code::CriterionCode>()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        return Err(vec![
            Diagnostic::error(Code::InvalidCode, format!("`{}` is not a valid criterion code: {e}", row.target))
                .at(row.loc("criterion"))
                .help("codes are numbers joined by dots, such as 3.4.4"),
        ]);
    }
    let mut diags = Vec::new();
    if let Some(stage) = cell("stage") {
        match Stage::parse(&stage) {
            Some(s) => row.stage = s,
            None => diags.push(
                Diagnostic::error(Code::InvalidValue, format!("unknown stage `{stage}`"))
                    .at(row.loc("stage"))
                    .help("use `self` (tự đánh giá) or `appraisal` (thẩm định)"),
            ),
        }
    }
    if let Some(year) = cell("year") {
        match year.parse::<i32>() {
            Ok(y) if (1900..=2200).contains(&y) => row.year = Some(y),
            _ => diags.push(
                Diagnostic::error(Code::InvalidValue, format!("`{year}` is not a year"))
                    .at(row.loc("year"))
                    .help("write the year as four digits, such as 2022"),
            ),
        }
    }
    if diags.is_empty() { Ok(Some(row)) } else { Err(diags) }
}

fn csv_error(file: &Arc<str>, e: &csv::Error, line_text: &dyn Fn(usize) -> Arc<str>) -> Diagnostic {
    let line = e.position().map_or(0, |p| p.line() as usize);
    let lt = line_text(line);
    Diagnostic::error(Code::CsvSyntax, format!("cannot read the CSV row: {e}"))
        .at(Location {
            excerpt: Some(Excerpt {
                line: lt.to_string(),
                start: 0,
                end: lt.len(),
            }),
            ..Location::file_line(file.clone(), line)
        })
        .help("check the quotes on this row: a quoted value must end with a closing `\"`")
}
