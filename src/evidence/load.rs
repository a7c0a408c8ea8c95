//! Reading table files (evidence, and survey answers through the same code with their own [`Schema`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::lines::{LineIndex, field_spans};
use super::source::Source;
use super::{Columns, Evidence, Row};
use crate::diag::{Code, Diagnostic, Excerpt, Failed, Location};
use crate::i18n::{Msg, tr};
use crate::msg;
use crate::number::Lang;
use crate::number_format::{Convention, NumberFormat, Unresolved, Votes, resolve};
use crate::round::{NotARound, Rounds};
use crate::text::{fold, nearest, nfc};

/// Canonical columns and the headers accepted for each (compared after NFC + lower case).
const COLUMNS: [(&str, &[&str]); 10] = [
    ("criterion", &["criterion", "code", "tiêu chí", "mã", "mã tiêu chí", "tieu chi"]),
    ("item", &["item", "variable", "mục", "biến", "loại"]),
    ("value", &["value", "giá trị", "số liệu", "kết quả", "gia tri"]),
    ("agency", &["agency", "cơ quan", "cơ quan chịu trách nhiệm", "co quan"]),
    ("document", &["document", "tài liệu kiểm chứng", "tài liệu", "văn bản", "tai lieu"]),
    ("note", &["note", "ghi chú", "ghi chu"]),
    ("explanation", &["explanation", "giải trình", "giai trinh", "nội dung giải trình"]),
    ("stage", &["stage", "round", "giai đoạn", "giai doan", "vòng", "vòng chấm", "vong"]),
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

/// What one kind of table file holds (evidence, survey answers): its columns by canonical
/// name with the headers accepted for each, the columns it cannot do without, and the words
/// its messages use. Every kind is read by the same code below, so dialects, encodings,
/// locations and limits never differ between them.
pub(crate) struct Schema {
    pub columns: &'static [(&'static str, &'static [&'static str])],
    pub ignored: &'static [&'static str],
    pub required: &'static [&'static str],
    /// A header row to show in messages, such as `criterion,value,document`.
    pub example: &'static str,
    /// The kind of file in messages: (Vietnamese, English), such as ("số liệu kiểm chứng", "evidence").
    pub noun: (&'static str, &'static str),
    /// The option that names these files, for messages (`--evidence`).
    pub flag: &'static str,
    /// The help when a required column is missing.
    pub required_help: (&'static str, &'static str),
    /// Headers the criteria set declares (a survey's `group_column`), kept in
    /// [`Columns::declared`] instead of being refused as unknown.
    pub declared: Vec<String>,
    /// Rows a workbook sheet may have above its header (the title of a report parcalc wrote).
    pub title_rows: usize,
}

/// The evidence file's columns.
pub(crate) const EVIDENCE: Schema = Schema {
    columns: &COLUMNS,
    ignored: &IGNORED,
    required: &["criterion", "value"],
    example: "criterion,value,document",
    noun: ("số liệu kiểm chứng", "evidence"),
    flag: "--evidence",
    required_help: (
        "dòng tiêu đề cần ít nhất các cột `criterion` và `value` (hoặc `tiêu chí` và `giá trị`)",
        "the header row needs at least `criterion` and `value` (or `tiêu chí` and `giá trị`)",
    ),
    declared: Vec::new(),
    title_rows: 0,
};

/// The records of one CSV file or one workbook sheet, with its header's columns.
pub(crate) struct Table {
    pub columns: Arc<Columns>,
    pub records: Vec<Record>,
}

/// Largest text evidence file accepted (and the most read from standard input).
pub(crate) const MAX_BYTES: usize = 512 * 1024 * 1024;

/// Most columns an evidence file may have (far more than the nine it can use).
pub const MAX_COLUMNS: usize = 1024;

/// Largest cell, in bytes (Excel's own limit is 32,767 characters).
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;

/// Decodes UTF-8 (with or without BOM). Other encodings get a diagnostic that says what the
/// bytes look like and how to re-save the file.
pub fn decode_utf8(name: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let file: Arc<str> = name.into();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(
            Code::NotUtf8,
            msg!(
                "`{name}` là văn bản UTF-16 (\"Unicode text\" của Excel)",
                "`{name}` is UTF-16 text (Excel's \"Unicode text\")"
            ),
        )
        .at(Location::file_only(file))
        .help(msg!(
            "lưu lại từ Excel dưới dạng \"CSV UTF-8 (Comma delimited)\"",
            "re-save it from Excel as \"CSV UTF-8 (Comma delimited)\""
        )));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = body[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let high = body.iter().filter(|b| **b >= 0x80).count();
            let guess = if high > 0 {
                msg!(
                    "có vẻ là bảng mã 8 bit cũ như Windows-1258 (tiếng Việt) hoặc TCVN3",
                    "it looks like a legacy 8-bit encoding such as Windows-1258 (Vietnamese) or TCVN3"
                )
            } else {
                msg!("tệp không ở bảng mã UTF-8", "it is not UTF-8")
            };
            let byte = body[at];
            Err(Diagnostic::error(
                Code::NotUtf8,
                Msg::by(|lang| match lang {
                    Lang::Vi => format!(
                        "`{name}` không phải là UTF-8: byte 0x{byte:02X} không hợp lệ ở byte thứ {at}; {}",
                        guess.get(lang)
                    ),
                    Lang::En => format!("`{name}` is not UTF-8: invalid byte 0x{byte:02X} at byte {at}; {}", guess.get(lang)),
                }),
            )
            .at(Location::file_line(file, line))
            .help(msg!(
                "mở tệp bằng Excel hoặc LibreOffice và lưu dưới dạng \"CSV UTF-8\"",
                "open it in Excel or LibreOffice and save as \"CSV UTF-8\""
            )))
        }
    }
}

/// How to read evidence.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The number convention declared for the run, and by what (for messages); without one,
    /// each file (each sheet) settles its own (see [`crate::number_format`]).
    pub number_format: Option<(NumberFormat, DeclaredBy)>,
    /// The criteria set's rounds, which the `stage`/`round` cells must name.
    pub rounds: Rounds,
}

/// What declared the number convention of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredBy {
    /// `--decimal-mark`.
    Flag,
    /// The criteria set's `number_format`.
    CriteriaSet,
}

impl DeclaredBy {
    /// `declared by --decimal-mark`, as messages name it.
    pub fn msg(self) -> Msg {
        match self {
            DeclaredBy::Flag => msg!("do --decimal-mark quy định", "declared by --decimal-mark"),
            DeclaredBy::CriteriaSet => msg!(
                "do `number_format` của bộ tiêu chí quy định",
                "declared by the criteria set's `number_format`"
            ),
        }
    }
}

impl ReadOptions {
    /// The options for a run: `--decimal-mark` wins over the criteria set's `number_format`.
    pub fn for_run(flag: Option<NumberFormat>, set: Option<NumberFormat>) -> ReadOptions {
        ReadOptions {
            number_format: flag.map(|f| (f, DeclaredBy::Flag)).or(set.map(|f| (f, DeclaredBy::CriteriaSet))),
            rounds: Rounds::default(),
        }
    }

    /// These options with the criteria set's rounds.
    #[must_use]
    pub fn with_rounds(self, rounds: &Rounds) -> ReadOptions {
        ReadOptions {
            rounds: rounds.clone(),
            ..self
        }
    }
}

/// Reads and merges evidence files. All problems in all files are reported together.
pub fn load_files(paths: &[impl AsRef<Path>]) -> Result<Evidence, Failed> {
    load_files_with(paths, ReadOptions::default())
}

/// [`load_files`] with options.
pub fn load_files_with(paths: &[impl AsRef<Path>], options: ReadOptions) -> Result<Evidence, Failed> {
    strict(read_files_with(paths, options))
}

/// Reads what can be read: the good rows of every file, plus every problem found. Used by
/// `check`, which goes on to check the good rows against the criteria.
pub fn read_files(paths: &[impl AsRef<Path>]) -> (Evidence, Vec<Diagnostic>) {
    read_files_with(paths, ReadOptions::default())
}

/// [`read_files`] with options.
pub fn read_files_with(paths: &[impl AsRef<Path>], options: ReadOptions) -> (Evidence, Vec<Diagnostic>) {
    let sources: Vec<Source> = paths.iter().map(Source::from).collect();
    read_sources_with(&sources, options)
}

/// Reads and merges evidence from files and standard input; see [`load_files`].
pub fn load_sources_with(sources: &[Source], options: ReadOptions) -> Result<Evidence, Failed> {
    strict(read_sources_with(sources, options))
}

/// [`read_files_with`] for files and standard input.
pub fn read_sources_with(sources: &[Source], options: ReadOptions) -> (Evidence, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut all = Evidence::default();
    for source in sources {
        let before = diags.len();
        let Some((file, tables)) = read_source_tables(source, &EVIDENCE, &mut diags) else {
            continue;
        };
        let name = file.name.clone();
        all.files.push(file);
        let mut rows = Vec::new();
        let text = !source.path().is_some_and(super::workbook::is_workbook);
        for table in &tables {
            rows_of(table, &options.rounds, &mut rows, &mut diags);
        }
        if text && !tables.is_empty() && rows.iter().all(Row::is_unfilled) && diags.len() == before {
            diags.push(no_rows(&name));
        }
        all.rows.extend(resolve_numbers(rows, &options, &mut diags));
    }
    finish(all, diags, &options.rounds)
}

/// Reads one source (a file, a workbook or standard input) as tables of `schema`: the file
/// read (with its SHA-256) and its tables, or `None` when it cannot be read at all. Problems
/// go to `diags`. Shared by every kind of table file.
pub(crate) fn read_source_tables(
    source: &Source,
    schema: &Schema,
    diags: &mut Vec<Diagnostic>,
) -> Option<(crate::provenance::InputFile, Vec<Table>)> {
    let mut records: Vec<Vec<Record>> = Vec::new();
    let (file, columns) = read_source_each(source, schema, diags, &mut |t, _, rec| {
        if records.len() <= t {
            records.resize_with(t + 1, Vec::new);
        }
        records[t].push(rec);
    })?;
    records.resize_with(columns.len(), Vec::new);
    let tables = columns
        .into_iter()
        .zip(records)
        .map(|(columns, records)| Table { columns, records })
        .collect();
    Some((file, tables))
}

/// Some lines of a text source read again (for the excerpts of diagnostics found after
/// reading, when the lines were not kept): line number → text. Nothing for a workbook or a
/// source that no longer reads.
pub(crate) fn source_lines(source: &Source, wanted: &std::collections::BTreeSet<usize>) -> BTreeMap<usize, String> {
    let bytes: Cow<[u8]> = match source {
        Source::File(path) if super::workbook::is_workbook(path) => return BTreeMap::new(),
        Source::File(path) => match read_capped(path) {
            Ok(Some(b)) => Cow::Owned(b),
            _ => return BTreeMap::new(),
        },
        Source::Stdin(bytes) => Cow::Borrowed(bytes),
    };
    let Ok((text, _)) = super::encoding::decode(&source.name(), &bytes) else {
        return BTreeMap::new();
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines = LineIndex::new(text);
    wanted.iter().map(|&l| (l, lines.text(l).to_string())).collect()
}

/// [`read_source_tables`] handing each record to `each` (with its table's index and columns)
/// as it is read, so that a large file's records are never all held at once: the file read
/// and every table's columns (a table without records included).
pub(crate) fn read_source_each(
    source: &Source,
    schema: &Schema,
    diags: &mut Vec<Diagnostic>,
    each: &mut dyn FnMut(usize, &Arc<Columns>, Record),
) -> Option<(crate::provenance::InputFile, Vec<Arc<Columns>>)> {
    let name = source.name();
    let bytes: Cow<[u8]> = match source {
        Source::Stdin(bytes) if super::source::looks_like_workbook(bytes) => {
            diags.push(super::source::workbook_on_stdin());
            return None;
        }
        Source::Stdin(bytes) => Cow::Borrowed(bytes),
        Source::File(path) => match read_capped(path) {
            Ok(Some(b)) => Cow::Owned(b),
            Ok(None) => {
                diags.push(
                    Diagnostic::error(Code::FileRead, msg!("`{name}` lớn hơn 512 MiB", "`{name}` is larger than 512 MiB"))
                        .at(Location::file_only(name.as_str().into())),
                );
                return None;
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(Code::FileRead, io_error(&name, &e))
                        .at(Location::file_only(name.as_str().into()))
                        .help(msg!(
                            "kiểm tra các đường dẫn đã truyền cho {}",
                            "check the paths given to {}",
                            schema.flag
                        )),
                );
                return None;
            }
        },
    };
    let file = crate::provenance::InputFile::of(name.as_str(), &bytes);
    if let Some(path) = source.path().filter(|p| super::workbook::is_workbook(p)) {
        let (tables, mut d) = super::workbook::read_tables(path, schema);
        diags.append(&mut d);
        let mut columns = Vec::with_capacity(tables.len());
        for (t, table) in tables.into_iter().enumerate() {
            for rec in table.records {
                each(t, &table.columns, rec);
            }
            columns.push(table.columns);
        }
        return Some((file, columns));
    }
    let decoded = super::encoding::decode(&name, &bytes).map(|(text, _)| text);
    // The text is read from here on: the bytes are not kept beside it.
    drop(bytes);
    match decoded {
        Ok(text) => {
            let (columns, mut d) = read_table_each(&name, &text, schema, &mut |columns, rec| each(0, columns, rec));
            diags.append(&mut d);
            Some((file, columns.into_iter().collect()))
        }
        Err(d) => {
            diags.push(d);
            Some((file, Vec::new()))
        }
    }
}

/// The evidence rows of a table; rows that cannot be built are reported.
fn rows_of(table: &Table, rounds: &Rounds, rows: &mut Vec<Row>, diags: &mut Vec<Diagnostic>) {
    for rec in &table.records {
        match build_row(&table.columns, rec, rounds) {
            Ok(Some(row)) => rows.push(row),
            Ok(None) => {}
            Err(mut d) => diags.append(&mut d),
        }
    }
}

/// The warning for a text file with a header and no rows.
fn no_rows(name: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::EmptyEvidence,
        msg!(
            "`{name}` có dòng tiêu đề nhưng không có dòng số liệu nào",
            "`{name}` has a header row but no evidence rows"
        ),
    )
    .at(Location::file_only(name.into()))
    .help(msg!(
        "thêm mỗi số liệu một dòng bên dưới dòng tiêu đề, hoặc bỏ tệp này ra",
        "add one row per fact below the header, or leave the file out"
    ))
}

/// A file's bytes, or `None` when it holds more than [`MAX_BYTES`]: a regular file is
/// measured before it is read, anything else (a pipe, `/dev/stdin`) is read up to the limit.
fn read_capped(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    if file.metadata().is_ok_and(|m| m.is_file() && m.len() > MAX_BYTES as u64) {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= MAX_BYTES).then_some(bytes))
}

/// Resolves the numbers of every value cell to canonical text under the convention in force:
/// the declared one, else the one each file (each sheet) settles by its own values. Rows
/// whose numbers cannot be resolved are reported and left out.
fn resolve_numbers(rows: Vec<Row>, options: &ReadOptions, diags: &mut Vec<Diagnostic>) -> Vec<Row> {
    let mut votes: BTreeMap<Arc<str>, Votes> = BTreeMap::new();
    if options.number_format.is_none() {
        for r in rows.iter().filter(|r| !r.value_is_number) {
            votes.entry(r.file.clone()).or_default().add(&r.value, || r.position_msg());
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for mut row in rows {
        // A spreadsheet number cell is stored canonically already.
        if row.value_is_number {
            out.push(row);
            continue;
        }
        let file_votes = votes.get(&row.file);
        let convention = match (options.number_format, file_votes.and_then(Votes::settled)) {
            (Some((f, _)), _) => Convention::Declared(f),
            (None, Some(f)) => Convention::Settled(f),
            (None, None) => Convention::Unsettled,
        };
        match resolve(&row.value, convention) {
            Ok(Cow::Borrowed(_)) => out.push(row),
            Ok(Cow::Owned(canonical)) => {
                row.value = canonical;
                out.push(row);
            }
            Err(u) => {
                let file = &row.file;
                let source = match (convention, file_votes) {
                    (Convention::Declared(_), _) => options.number_format.map(|f| f.1.msg()).unwrap_or_default(),
                    (Convention::Settled(f), Some(v)) => {
                        let first = v.first[f as usize].clone().unwrap_or_default();
                        Msg::by(|lang| match lang {
                            Lang::Vi => format!("mà `{file}` dùng (xác định từ {})", first.get(lang)),
                            Lang::En => format!("that `{file}` uses (settled by {})", first.get(lang)),
                        })
                    }
                    (
                        _,
                        Some(Votes {
                            first: [Some(vi), Some(en)],
                        }),
                    ) => Msg::by(|lang| match lang {
                        Lang::Vi => format!("`{file}`, tệp viết số theo cả hai cách ({}; {}),", vi.get(lang), en.get(lang)),
                        Lang::En => format!("`{file}`, which writes numbers both ways ({}; {}),", vi.get(lang), en.get(lang)),
                    }),
                    _ => msg!(
                        "`{file}`, tệp không có số nào dùng dấu phẩy thập phân hay phân cách hàng nghìn,",
                        "`{file}`, which writes no decimal comma and no grouped number,"
                    ),
                };
                let code = match u {
                    Unresolved::Ambiguous { .. } => Code::AmbiguousNumber,
                    Unresolved::Invalid { .. } => Code::InvalidValue,
                };
                diags.push(
                    Diagnostic::error(code, u.message(source).map(|m| format!("{}: {m}", row.target)))
                        .at(row.loc("value"))
                        .help(u.help()),
                );
            }
        }
    }
    out
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
    let (rows, mut diags) = read_rows(name, text, &Rounds::default());
    let rows = resolve_numbers(rows, &ReadOptions::default(), &mut diags);
    strict(finish(
        Evidence {
            rows,
            ..Evidence::default()
        },
        diags,
        &Rounds::default(),
    ))
}

/// The diagnostic for a `stage`/`round` cell that names no round of the set.
fn round_error(row: &Row, text: &str, error: NotARound, rounds: &Rounds) -> Diagnostic {
    let listed = rounds.listed();
    let message = match error {
        NotARound::Unknown => msg!(
            "vòng `{text}` không có trong bộ tiêu chí",
            "the criteria set declares no round `{text}`"
        ),
        NotARound::Ambiguous(ids) => msg!(
            "`{text}` có thể là nhiều vòng: {}",
            "`{text}` could be several rounds: {}",
            ids.join(", ")
        ),
    };
    Diagnostic::error(Code::InvalidValue, message)
        .at(row.loc("stage"))
        .help(Msg::by(|lang| match lang {
            Lang::Vi => format!(
                "ghi một vòng bộ tiêu chí khai báo (`rounds`): {}; để trống là vòng đầu",
                listed.get(lang)
            ),
            Lang::En => format!(
                "write a round the criteria set declares (`rounds`): {}; empty is the first round",
                listed.get(lang)
            ),
        }))
}

/// Rows read elsewhere (`rank`'s streaming path) settled exactly as the complete reader
/// settles a file's rows: exact repeats kept once, unfilled rows set aside, and conflicting
/// facts refused (`Err`). Rows need distinct `(file, line)` positions.
pub(crate) fn settle_rows(rows: Vec<Row>, rounds: &Rounds) -> Result<Vec<Row>, Vec<Diagnostic>> {
    let (ev, diags) = finish(
        Evidence {
            rows,
            ..Evidence::default()
        },
        Vec::new(),
        rounds,
    );
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok(ev.rows)
    }
}

fn finish(mut ev: Evidence, mut diags: Vec<Diagnostic>, rounds: &Rounds) -> (Evidence, Vec<Diagnostic>) {
    let (mut unfilled, rows): (Vec<Row>, Vec<Row>) = std::mem::take(&mut ev.rows).into_iter().partition(Row::is_unfilled);
    unfilled.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
    ev.unfilled.append(&mut unfilled);
    ev.rows = rows;
    ev.rows
        .sort_by(|a, b| a.key().cmp(&b.key()).then_with(|| a.file.cmp(&b.file)).then(a.line.cmp(&b.line)));
    // Rows that give the same fact twice must agree; exact repeats are only a warning.
    let mut first: BTreeMap<_, usize> = BTreeMap::new();
    let mut keep = Vec::with_capacity(ev.rows.len());
    for (i, row) in ev.rows.iter().enumerate() {
        // Explanations are not facts: several may be given, beside a value or alone.
        if row.is_explanation_only() {
            keep.push(i);
            continue;
        }
        match first.get(&row.key()) {
            Some(&j) => {
                let other: &Row = &ev.rows[j];
                if fold(&other.value) == fold(&row.value) {
                    ev.warnings.push(
                        Diagnostic::warning(
                            Code::ConflictingRows,
                            Msg::by(|lang| {
                                let repeats = tr(lang, "dòng lặp lại", "row repeats");
                                format!("{repeats} {} ({} = `{}`)", other.position_msg().get(lang), row.target, row.value)
                            }),
                        )
                        .at(row.loc("value"))
                        .help(msg!("xóa một trong hai dòng", "delete one of the two rows")),
                    );
                } else {
                    let stage = rounds.id(row.round).to_string();
                    diags.push(
                        Diagnostic::error(
                            Code::ConflictingRows,
                            Msg::by(|lang| {
                                let item = row
                                    .item
                                    .as_deref()
                                    .map(|i| format!(" {} `{i}`", tr(lang, "mục", "item")))
                                    .unwrap_or_default();
                                let (target, a, b) = (&row.target, &other.value, &row.value);
                                let (at_a, at_b) = (other.position_msg(), row.position_msg());
                                let (at_a, at_b) = (at_a.get(lang), at_b.get(lang));
                                match lang {
                                    Lang::Vi => format!(
                                        "{target}{item} có hai giá trị khác nhau ở giai đoạn `{stage}`: `{a}` tại {at_a} và `{b}` tại {at_b}"
                                    ),
                                    Lang::En => format!(
                                        "{target}{item} has two different values in stage `{stage}`: `{a}` at {at_a} and `{b}` at {at_b}"
                                    ),
                                }
                            }),
                        )
                        .at(row.loc("value"))
                        .help(msg!(
                            "giữ dòng đúng và xóa dòng còn lại (dùng cột `stage` cho kết quả thẩm định)",
                            "keep the correct row and delete the other (use the `stage` column for appraisal results)"
                        )),
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
pub(crate) fn sniff_delimiter(header: &str) -> u8 {
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

/// How a separator is named in messages.
fn separator_name(d: u8, lang: Lang) -> &'static str {
    match d {
        b';' => "`;`",
        b'\t' => tr(lang, "dấu tab", "tab"),
        _ => "`,`",
    }
}

/// A file that cannot be read: the reason in the reader's language where it is a common one
/// (the system's own text otherwise, which is English).
pub(crate) fn io_error(name: &str, e: &std::io::Error) -> Msg {
    let why = io_reason(e);
    Msg::by(|lang| format!("{} `{name}`: {}", tr(lang, "không đọc được", "cannot read"), why.get(lang)))
}

/// Why a file operation failed, in Vietnamese where the reason is a common one (the
/// system's own text otherwise); the English is the system's text.
pub(crate) fn io_reason(e: &std::io::Error) -> Msg {
    crate::i18n::io_error(e)
}

/// A location covering a whole line of a CSV file.
fn line_location(file: &Arc<str>, line: usize, text: &str) -> Location {
    Location {
        excerpt: Some(Excerpt::new(text, 0, text.len())),
        ..Location::file_line(file.clone(), line)
    }
}

/// Evidence rows of one text file (tests and [`load_str`]).
fn read_rows(name: &str, text: &str, rounds: &Rounds) -> (Vec<Row>, Vec<Diagnostic>) {
    let (table, mut diags) = read_table(name, text, &EVIDENCE);
    let mut rows = Vec::new();
    if let Some(t) = table {
        rows_of(&t, rounds, &mut rows, &mut diags);
        if rows.iter().all(Row::is_unfilled) && diags.is_empty() {
            diags.push(no_rows(name));
        }
    }
    (rows, diags)
}

/// The records of one text file of `schema`: CSV or TSV with `,` `;` or tab separators
/// (sniffed from the header), any line ending, with or without BOM.
pub(crate) fn read_table(name: &str, text: &str, schema: &Schema) -> (Option<Table>, Vec<Diagnostic>) {
    let mut records = Vec::new();
    let (columns, diags) = read_table_each(name, text, schema, &mut |_, rec| records.push(rec));
    (columns.map(|columns| Table { columns, records }), diags)
}

/// [`read_table`] handing each record to `each` as it is read instead of keeping them: the
/// header's columns (when the header could be read) and the problems.
pub(crate) fn read_table_each(
    name: &str,
    text: &str,
    schema: &Schema,
    each: &mut dyn FnMut(&Arc<Columns>, Record),
) -> (Option<Arc<Columns>>, Vec<Diagnostic>) {
    let file: Arc<str> = name.into();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    if text.trim().is_empty() {
        let (noun, example) = (schema.noun, schema.example);
        return (
            None,
            vec![
                Diagnostic::error(Code::EmptyEvidence, msg!("`{name}` trống", "`{name}` is empty"))
                    .at(Location::file_only(file))
                    .help(Msg::new(
                        format!("tệp {} bắt đầu bằng dòng tiêu đề như `{example}`", noun.0),
                        format!(
                            "{} {} file starts with a header row such as `{example}`",
                            if noun.1.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" },
                            noun.1
                        ),
                    )),
            ],
        );
    }
    // The header is the first line that is not blank.
    let header_line_no = (1..=text.len()).find(|&l| !lines.text(l).trim().is_empty()).unwrap_or(1);
    let header_text = lines.text(header_line_no);
    let delimiter = sniff_delimiter(header_text);
    let mut records = super::records::Records::new(text.as_bytes(), delimiter, 0);
    let mut diags = Vec::new();

    // Header row.
    let record = match records.next_record() {
        Ok(Some(r)) => r.fields,
        Ok(None) => {
            let d = Diagnostic::error(
                Code::EmptyEvidence,
                msg!("`{name}` không có dòng tiêu đề", "`{name}` has no header row"),
            )
            .at(Location::file_only(file));
            return (None, vec![d]);
        }
        Err(e) => return (None, vec![record_error(&file, &e, &lines)]),
    };
    if record.len() > MAX_COLUMNS {
        let (noun, all) = (schema.noun, schema.columns.iter().map(|c| c.0).collect::<Vec<_>>().join(", "));
        return (
            None,
            vec![
                Diagnostic::error(
                    Code::CsvSyntax,
                    Msg::new(
                        format!("dòng tiêu đề có {} cột; tệp {} có tối đa {MAX_COLUMNS} cột", record.len(), noun.0),
                        format!(
                            "the header row has {} columns; {} files have at most {MAX_COLUMNS}",
                            record.len(),
                            noun.1
                        ),
                    ),
                )
                .at(line_location(&file, header_line_no, header_text))
                .help(Msg::new(
                    format!("giữ các cột {} ({all}) và xóa các cột khác", noun.0),
                    format!("keep the {} columns ({all}) and delete the others", noun.1),
                )),
            ],
        );
    }
    let header_spans = field_spans(header_text, delimiter);
    let header_loc = |idx: usize, _cell: &str| {
        let (start, end) = header_spans.get(idx).copied().unwrap_or((0, header_text.len()));
        Location {
            file: file.clone(),
            line: header_line_no,
            column: header_text[..start].chars().count() + 1,
            field: None,
            excerpt: Some(Excerpt::new(header_text, start, end)),
        }
    };
    let whole_header = line_location(&file, header_line_no, header_text);
    let cells: Vec<String> = record.iter().map(str::to_string).collect();
    let width = record.len();
    let columns = match header_columns(name, &cells, header_loc, whole_header, true, schema) {
        Ok(mut c) => {
            c.delimiter = delimiter;
            Arc::new(c)
        }
        Err(d) => return (None, d),
    };

    let mut first_data_row = true;
    loop {
        let (record, start, end, quotes) = match records.next_record() {
            Ok(Some(r)) => (r.fields, r.start as usize, r.end as usize, r.quotes),
            Ok(None) => break,
            Err(e) => {
                diags.push(record_error(&file, &e, &lines));
                if matches!(e, super::records::RecordError::NotUtf8 { .. }) {
                    continue;
                }
                break;
            }
        };
        let line = lines.record_line(start);
        let line_text = lines.text(line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // A quote left open makes one cell swallow the lines after it. Quotes inside a
        // quoted cell are doubled, so an odd count means one never closed.
        let end = end.min(text.len());
        let last_line = lines.line_of(end.saturating_sub(1).max(start));
        // A line inside a quoted value that starts like a row (`1.2,`) is a row swallowed.
        let swallows_row = || {
            (line + 1..=last_line).any(|l| {
                let t = lines.text(l).trim_start();
                let code_len = t.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
                code_len > 0 && t.as_bytes().get(code_len) == Some(&delimiter)
            })
        };
        let unclosed = quotes % 2 == 1;
        if unclosed || (last_line > line && (record.len() != width || swallows_row())) {
            let until = if unclosed {
                msg!("trước cuối tệp", "before the end of the file")
            } else {
                msg!("cho đến dòng {last_line}", "until line {last_line}")
            };
            diags.push(
                Diagnostic::error(
                    Code::CsvSyntax,
                    Msg::by(|lang| match lang {
                        Lang::Vi => format!("dấu ngoặc kép mở ở dòng {line} không được đóng {}", until.get(lang)),
                        Lang::En => format!("a quote opened on line {line} is not closed {}", until.get(lang)),
                    }),
                )
                .at(line_location(&file, line, line_text))
                .help(msg!(
                    "thêm dấu `\"` đóng ở cuối giá trị trên dòng này (giá trị có chứa `\"` thì viết dấu đó hai lần: `\"\"`)",
                    "add the closing `\"` at the end of the value on this line (a value that contains `\"` writes it twice: `\"\"`)"
                )),
            );
            continue;
        }
        if let Some(long) = record.iter().position(|c| c.len() > MAX_FIELD_BYTES) {
            let bytes = record.get(long).map_or(0, str::len);
            diags.push(
                Diagnostic::error(
                    Code::CsvSyntax,
                    msg!(
                        "trường thứ {} chứa {bytes} byte; một ô chứa tối đa {MAX_FIELD_BYTES} byte (1 MiB)",
                        "field {} holds {bytes} bytes; a cell holds at most {MAX_FIELD_BYTES} (1 MiB)",
                        long + 1
                    ),
                )
                .at(line_location(&file, line, line_text))
                .help(if record.get(long).is_some_and(|c| c.contains(['\n', '\r'])) {
                    msg!(
                        "một dấu ngoặc kép chưa đóng làm một ô nuốt các dòng sau nó: hãy kiểm tra các dấu ngoặc kép trên dòng này",
                        "an unclosed quote makes one cell swallow the lines after it: check the quotes on this row"
                    )
                } else {
                    msg!(
                        "để phần giải trình dài trong chính tài liệu và ghi tài liệu đó ở cột `document`",
                        "keep long explanations in the document itself and cite it in the `document` column"
                    )
                }),
            );
            continue;
        }
        if record.len() != width {
            // A header separated differently from its rows: one error for the file.
            if first_data_row && record.len() == 1 && width > 1 {
                let row_sep = sniff_delimiter(line_text);
                if row_sep != delimiter && field_spans(line_text, row_sep).len() == width {
                    diags.push(
                        Diagnostic::error(
                            Code::CsvSyntax,
                            Msg::by(|lang| {
                                let (head, rows) = (separator_name(delimiter, lang), separator_name(row_sep, lang));
                                match lang {
                                    Lang::Vi => format!("dòng tiêu đề phân cách bằng {head} nhưng các dòng dữ liệu bằng {rows}"),
                                    Lang::En => format!("the header row is separated by {head} but the rows by {rows}"),
                                }
                            }),
                        )
                        .at(line_location(&file, line, line_text))
                        .help(Msg::by(|lang| {
                            let (head, rows) = (separator_name(delimiter, lang), separator_name(row_sep, lang));
                            match lang {
                                Lang::Vi => format!(
                                    "dùng một loại dấu phân cách cho cả tệp: lưu lại từ Excel, hoặc thay {head} trong dòng tiêu đề bằng {rows}"
                                ),
                                Lang::En => format!(
                                    "use one separator in the whole file: save it again from Excel, or replace the header's {head} with {rows}"
                                ),
                            }
                        })),
                    );
                    return (None, diags);
                }
            }
            diags.push(field_count_error(
                &file,
                line,
                line_text,
                &record,
                width,
                delimiter,
                columns.index("value"),
            ));
            first_data_row = false;
            continue;
        }
        first_data_row = false;
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        let rec = Record {
            file: file.clone(),
            line,
            line_text: line_text.into(),
            cells,
            value_is_number: false,
            spreadsheet: false,
        };
        each(&columns, rec);
    }
    (Some(columns), diags)
}

/// A row whose number of fields differs from the header's. With `,` separators the usual
/// cause is an unquoted decimal comma (`9.2,78,4,doc`), which is named when it is seen.
fn field_count_error(
    file: &Arc<str>,
    line: usize,
    line_text: &str,
    record: &super::records::Fields,
    width: usize,
    delimiter: u8,
    value_column: Option<usize>,
) -> Diagnostic {
    let n = record.len();
    let mut help = Msg::by(|lang| {
        let sep = separator_name(delimiter, lang);
        match lang {
            Lang::Vi => {
                format!("mỗi dòng cần đủ {width} trường như dòng tiêu đề; đặt trong ngoặc kép các giá trị có chứa dấu phân cách {sep}")
            }
            Lang::En => format!("every row needs the header's {width} fields; quote values that contain the separator {sep}"),
        }
    });
    if delimiter == b',' {
        let fields: Vec<&str> = record.iter().collect();
        let split_number =
            |w: &&[&str]| w[0].trim().ends_with(|c: char| c.is_ascii_digit()) && w[1].trim().starts_with(|c: char| c.is_ascii_digit());
        // The value column first: that is where a split number does harm.
        let at_value = value_column.and_then(|i| fields.get(i..i + 2)).filter(|w| split_number(w));
        if let Some(pair) = at_value.filter(|_| n > width) {
            let (a, b) = (pair[0].trim(), pair[1].trim());
            help = msg!(
                "`{a},{b}` có vẻ là một số có dấu phẩy thập phân không nằm trong ngoặc kép: hãy ghi \"{a},{b}\" trong ngoặc kép, hoặc lưu tệp với dấu phân cách `;`",
                "`{a},{b}` looks like a number with an unquoted decimal comma: write \"{a},{b}\" in quotes, or save the file with `;` separators"
            );
        }
    }
    let message = if n > width {
        msg!(
            "dòng có {n} trường nhưng dòng tiêu đề có {width} (nhiều trường hơn số cột)",
            "row has {n} fields but the header has {width} (more fields than columns)"
        )
    } else {
        msg!(
            "dòng có {n} trường nhưng dòng tiêu đề có {width} (ít trường hơn số cột)",
            "row has {n} fields but the header has {width} (fewer fields than columns)"
        )
    };
    Diagnostic::error(Code::CsvSyntax, message)
        .at(line_location(file, line, line_text))
        .help(help)
}

/// Maps header cells to canonical columns. `strict` reports unknown columns (CSV); a
/// workbook sheet without the required columns is simply not an evidence sheet.
pub(crate) fn header_columns(
    name: &str,
    cells: &[String],
    loc: impl Fn(usize, &str) -> Location,
    whole: Location,
    strict: bool,
    schema: &Schema,
) -> Result<Columns, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut columns = Columns {
        header: Some(whole.clone()),
        ..Columns::default()
    };
    for (idx, cell) in cells.iter().enumerate() {
        let written = nfc(cell.trim_start_matches('\u{feff}'));
        let key = fold(&written);
        if key.is_empty() {
            continue;
        }
        if let Some((canon, _)) = schema.columns.iter().find(|(_, aliases)| aliases.contains(&key.as_str())) {
            if columns.index(canon).is_some() {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownColumn,
                        msg!(
                            "cột `{written}` bị trùng (đã có cột `{}`)",
                            "column `{written}` appears twice (as `{}`)",
                            columns.written(canon)
                        ),
                    )
                    .at(loc(idx, cell))
                    .help(msg!("mỗi loại số liệu chỉ giữ một cột", "keep one column per kind of fact")),
                );
            } else {
                columns.present.push((canon, written, idx));
            }
        } else if schema.declared.iter().any(|d| fold(d) == key) {
            if let Some((_, first, _)) = columns.declared.iter().find(|d| d.0 == key) {
                let first = first.clone();
                diags.push(
                    Diagnostic::error(
                        Code::UnknownColumn,
                        msg!(
                            "cột `{written}` bị trùng (đã có cột `{first}`)",
                            "column `{written}` appears twice (as `{first}`)"
                        ),
                    )
                    .at(loc(idx, cell))
                    .help(msg!("mỗi loại số liệu chỉ giữ một cột", "keep one column per kind of fact")),
                );
            } else {
                columns.declared.push((key, written, idx));
            }
        } else if !schema.ignored.contains(&key.as_str()) && strict {
            let all = schema.columns.iter().map(|c| c.0).collect::<Vec<&str>>().join(", ");
            let known = msg!("các cột hợp lệ: {all}", "known columns: {all}");
            let example = schema.example;
            let help = if let Some(s) = nearest(&key, schema.columns.iter().flat_map(|c| c.1.iter().copied())) {
                Msg::by(|lang| format!("{} `{s}`? ({})", tr(lang, "có phải là", "did you mean"), known.get(lang)))
            } else if crate::code::CriterionCode::from_str_ok(&written) {
                Msg::by(|lang| {
                    let known = known.get(lang);
                    match lang {
                        Lang::Vi => {
                            format!("dòng 1 phải là dòng tiêu đề như `{example}`; có phải thiếu dòng tiêu đề? ({known})")
                        }
                        Lang::En => {
                            format!("row 1 must be a header row such as `{example}`; is the header missing? ({known})")
                        }
                    }
                })
            } else {
                known
            };
            diags.push(
                Diagnostic::error(
                    Code::UnknownColumn,
                    msg!("cột `{written}` không xác định", "unknown column `{written}`"),
                )
                .at(loc(idx, cell))
                .help(help),
            );
        }
    }
    for &required in schema.required {
        if columns.index(required).is_none() {
            diags.push(
                Diagnostic::error(
                    Code::MissingColumn,
                    msg!("`{name}` không có cột `{required}`", "`{name}` has no `{required}` column"),
                )
                .at(whole.clone())
                .help(Msg::new(schema.required_help.0, schema.required_help.1)),
            );
        }
    }
    if diags.is_empty() { Ok(columns) } else { Err(diags) }
}

/// One data record of a CSV file or a sheet, as text cells.
pub(crate) struct Record {
    pub file: Arc<str>,
    pub line: usize,
    pub line_text: Arc<str>,
    pub cells: Vec<String>,
    pub value_is_number: bool,
    pub spreadsheet: bool,
}

/// Turns a record into a row: `Ok(None)` for a blank record or one whose value is empty (a
/// template row not filled in is no fact), errors for a bad code, stage or year.
pub(super) fn build_row(columns: &Arc<Columns>, rec: &Record, rounds: &Rounds) -> Result<Option<Row>, Vec<Diagnostic>> {
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
        explanation: cell("explanation"),
        round: crate::round::Round::default(),
        round_text: cell("stage"),
        unit: cell("unit"),
        year: None,
        spreadsheet: rec.spreadsheet,
        value_is_number: rec.value_is_number,
    };
    if row.target.is_empty() {
        return Err(vec![
            Diagnostic::error(
                Code::InvalidCode,
                msg!("dòng không có mã tiêu chí", "the row has no criterion code"),
            )
            .at(row.loc("criterion"))
            .help(msg!("ghi mã tiêu chí, ví dụ 3.4.4", "write the criterion's code, such as 3.4.4")),
        ]);
    }
    row.code = row.target.parse().ok();
    if row.is_unfilled() {
        // No fact, but `check` names it where its criterion lacks evidence (`finish` sets
        // it aside): its round is read leniently, a bad code, round or year is not reported.
        if let Some(round) = row.round_text.as_deref().and_then(|t| rounds.parse(t).ok()) {
            row.round = round;
        }
        return Ok(Some(row));
    }
    if row.code.is_none() && row.target.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let e = row
            .target
            .parse::<crate::code::CriterionCode>()
            .err()
            .map(|e| e.msg())
            .unwrap_or_default();
        let target = &row.target;
        return Err(vec![
            Diagnostic::error(
                Code::InvalidCode,
                Msg::by(|lang| match lang {
                    Lang::Vi => format!("`{target}` không phải là mã tiêu chí hợp lệ: {}", e.get(lang)),
                    Lang::En => format!("`{target}` is not a valid criterion code: {}", e.get(lang)),
                }),
            )
            .at(row.loc("criterion"))
            .help(msg!(
                "mã gồm các số nối bằng dấu chấm, ví dụ 3.4.4",
                "codes are numbers joined by dots, such as 3.4.4"
            )),
        ]);
    }
    let mut diags = Vec::new();
    if let Some(text) = &row.round_text {
        match rounds.parse(text) {
            Ok(r) => row.round = r,
            Err(e) => diags.push(round_error(&row, text, e, rounds)),
        }
    }
    if let Some(year) = cell("year") {
        match year.parse::<i32>() {
            Ok(y) if (1900..=2200).contains(&y) => row.year = Some(y),
            _ => diags.push(
                Diagnostic::error(Code::InvalidValue, msg!("`{year}` không phải là năm", "`{year}` is not a year"))
                    .at(row.loc("year"))
                    .help(msg!(
                        "ghi năm bằng bốn chữ số, ví dụ 2022",
                        "write the year as four digits, such as 2022"
                    )),
            ),
        }
    }
    if diags.is_empty() { Ok(Some(row)) } else { Err(diags) }
}

fn record_error(file: &Arc<str>, e: &super::records::RecordError, lines: &LineIndex) -> Diagnostic {
    use super::records::RecordError;
    let line = match e {
        RecordError::NotUtf8 { start } | RecordError::TooLong { start } => lines.record_line(*start as usize),
        RecordError::Io(_) => 0,
    };
    let lt = lines.text(line);
    let (message, help) = match e {
        RecordError::NotUtf8 { .. } => (
            msg!("dòng không phải là văn bản hợp lệ", "the row is not valid text"),
            msg!("lưu lại tệp dưới dạng \"CSV UTF-8\"", "save the file again as \"CSV UTF-8\""),
        ),
        RecordError::Io(e) => (io_reason(e), msg!("kiểm tra tệp và đọc lại", "check the file and read it again")),
        RecordError::TooLong { .. } => (
            msg!("dòng CSV quá dài", "the CSV row is too long"),
            msg!(
                "kiểm tra các dấu ngoặc kép trên dòng này: giá trị mở ngoặc kép phải kết thúc bằng dấu `\"` đóng",
                "check the quotes on this row: a quoted value must end with a closing `\"`"
            ),
        ),
    };
    Diagnostic::error(Code::CsvSyntax, message)
        .at(line_location(file, line, lt))
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_rows_default(name: &str, text: &str) -> (Vec<Row>, Vec<Diagnostic>) {
        read_rows(name, text, &Rounds::default())
    }

    /// The diagnostics of reading `text`, each as (code, Vietnamese message, English message).
    fn read(text: &str) -> Vec<(Code, String, String)> {
        let (rows, mut diags) = read_rows("e.csv", text, &Rounds::default());
        let rows = resolve_numbers(rows, &ReadOptions::default(), &mut diags);
        let (ev, diags) = finish(
            Evidence {
                rows,
                ..Evidence::default()
            },
            diags,
            &Rounds::default(),
        );
        diags
            .iter()
            .chain(&ev.warnings)
            .map(|d| (d.code, d.message.vi().to_string(), d.message.en().to_string()))
            .collect()
    }

    fn one(text: &str) -> (Code, String, String) {
        let mut d = read(text);
        assert_eq!(d.len(), 1, "{d:?}");
        d.remove(0)
    }

    #[test]
    fn empty_files_and_headers() {
        assert_eq!(
            one("  \n"),
            (Code::EmptyEvidence, "`e.csv` trống".into(), "`e.csv` is empty".into())
        );
        assert_eq!(
            one("criterion,value\n"),
            (
                Code::EmptyEvidence,
                "`e.csv` có dòng tiêu đề nhưng không có dòng số liệu nào".into(),
                "`e.csv` has a header row but no evidence rows".into()
            )
        );
        assert_eq!(
            one("criterion,note\n1.1,x\n"),
            (
                Code::MissingColumn,
                "`e.csv` không có cột `value`".into(),
                "`e.csv` has no `value` column".into()
            )
        );
        let d = read("criterion,valeu,value,giá trị\n1.1,x,y,z\n");
        assert_eq!(
            d[0],
            (
                Code::UnknownColumn,
                "cột `valeu` không xác định".into(),
                "unknown column `valeu`".into()
            )
        );
        assert_eq!(
            d[1],
            (
                Code::UnknownColumn,
                "cột `giá trị` bị trùng (đã có cột `value`)".into(),
                "column `giá trị` appears twice (as `value`)".into()
            )
        );
    }

    #[test]
    fn header_help_suggests_a_column() {
        let (_, diags) = read_rows_default("e.csv", "criterion,valeu\n1.1,x\n");
        let help = diags[0].help.clone().unwrap();
        assert_eq!(
            help.vi(),
            "có phải là `value`? (các cột hợp lệ: criterion, item, value, agency, document, note, explanation, stage, unit, year)"
        );
        assert_eq!(
            help.en(),
            "did you mean `value`? (known columns: criterion, item, value, agency, document, note, explanation, stage, unit, year)"
        );
        let (_, diags) = read_rows_default("e.csv", "1.1,có\n");
        assert!(
            diags[0]
                .help
                .as_ref()
                .unwrap()
                .vi()
                .starts_with("dòng 1 phải là dòng tiêu đề như `criterion,value,document`; có phải thiếu dòng tiêu đề? (các cột hợp lệ:"),
            "{:?}",
            diags[0].help
        );
    }

    #[test]
    fn csv_syntax() {
        assert_eq!(
            one("criterion,value,note\n1.1,9.2,78,4,x\n"),
            (
                Code::CsvSyntax,
                "dòng có 5 trường nhưng dòng tiêu đề có 3 (nhiều trường hơn số cột)".into(),
                "row has 5 fields but the header has 3 (more fields than columns)".into()
            )
        );
        let (_, diags) = read_rows_default("e.csv", "criterion,value,note\n1.1,78,4,x\n");
        let help = diags[0].help.clone().unwrap();
        assert_eq!(
            help.vi(),
            "`78,4` có vẻ là một số có dấu phẩy thập phân không nằm trong ngoặc kép: hãy ghi \"78,4\" trong ngoặc kép, hoặc lưu tệp với dấu phân cách `;`"
        );
        let (_, diags) = read_rows_default("e.csv", "criterion,value,note\n1.1\n");
        assert_eq!(
            diags[0].message.vi(),
            "dòng có 1 trường nhưng dòng tiêu đề có 3 (ít trường hơn số cột)"
        );
        assert_eq!(
            diags[0].help.as_ref().unwrap().vi(),
            "mỗi dòng cần đủ 3 trường như dòng tiêu đề; đặt trong ngoặc kép các giá trị có chứa dấu phân cách `,`"
        );
        assert_eq!(
            one("criterion,value\n1.1,\"có\n"),
            (
                Code::CsvSyntax,
                "dấu ngoặc kép mở ở dòng 2 không được đóng trước cuối tệp".into(),
                "a quote opened on line 2 is not closed before the end of the file".into()
            )
        );
        assert_eq!(
            one("criterion\tvalue\tnote\n1.1;có;x\n"),
            (
                Code::CsvSyntax,
                "dòng tiêu đề phân cách bằng dấu tab nhưng các dòng dữ liệu bằng `;`".into(),
                "the header row is separated by tab but the rows by `;`".into()
            )
        );
    }

    #[test]
    fn bad_codes_stages_and_years() {
        assert_eq!(
            one("criterion,value\n1..2,có\n"),
            (
                Code::InvalidCode,
                "`1..2` không phải là mã tiêu chí hợp lệ: mã có một đoạn trống (hai dấu chấm liền nhau, hoặc dấu chấm ở đầu hay cuối)"
                    .into(),
                "`1..2` is not a valid criterion code: the code has an empty segment (two dots in a row, or a dot at either end)".into()
            )
        );
        assert_eq!(
            one("criterion,value\n,có\n"),
            (
                Code::InvalidCode,
                "dòng không có mã tiêu chí".into(),
                "the row has no criterion code".into()
            )
        );
        let d = read("criterion,value,stage,year\n1.1,có,final-ish,22\n");
        assert_eq!(
            d,
            vec![
                (
                    Code::InvalidValue,
                    "vòng `final-ish` không có trong bộ tiêu chí".into(),
                    "the criteria set declares no round `final-ish`".into()
                ),
                (Code::InvalidValue, "`22` không phải là năm".into(), "`22` is not a year".into()),
            ]
        );
    }

    #[test]
    fn numbers_and_conflicts() {
        assert_eq!(
            one("criterion,value\n7.2,2.000\n"),
            (
                Code::AmbiguousNumber,
                "7.2: `2.000` là 2000 theo cách viết Việt Nam (`.` phân cách hàng nghìn) nhưng là 2 theo cách viết tiếng Anh (`.` là dấu thập phân), và `e.csv`, tệp không có số nào dùng dấu phẩy thập phân hay phân cách hàng nghìn, không cho biết là cách nào".into(),
                "7.2: `2.000` is 2000 in Vietnamese (`.` groups thousands) but 2 in English (`.` is the decimal point), and `e.csv`, which writes no decimal comma and no grouped number, does not settle which".into()
            )
        );
        let (code, vi, en) = one("criterion,value\n7.1,\"78,4\"\n7.2,1234.567\n");
        assert_eq!(code, Code::InvalidValue);
        assert_eq!(
            vi,
            "7.2: `1234.567` không phải là số theo cách viết số Việt Nam (`,` là dấu thập phân, `.` phân cách hàng nghìn) mà `e.csv` dùng (xác định từ `78,4` tại e.csv:2); theo cách viết `en` thì là 1234,567"
        );
        assert_eq!(
            en,
            "7.2: `1234.567` is not a number in the Vietnamese (`,` is the decimal mark, `.` groups thousands) number format that `e.csv` uses (settled by `78,4` at e.csv:2); in the en format it would be 1234.567"
        );
        let d = read("criterion,value\n7.2,có\n7.2,có\n7.3,có\n7.3,không\n");
        assert_eq!(
            d,
            vec![
                (
                    Code::ConflictingRows,
                    "7.3 có hai giá trị khác nhau ở giai đoạn `self`: `có` tại e.csv:4 và `không` tại e.csv:5".into(),
                    "7.3 has two different values in stage `self`: `có` at e.csv:4 and `không` at e.csv:5".into()
                ),
                (
                    Code::ConflictingRows,
                    "dòng lặp lại e.csv:2 (7.2 = `có`)".into(),
                    "row repeats e.csv:2 (7.2 = `có`)".into()
                ),
            ]
        );
    }

    #[test]
    fn files_that_cannot_be_read() {
        let (_, diags) = read_files(&["/nonexistent/tệp có dấu cách.csv"]);
        assert_eq!(diags[0].code, Code::FileRead);
        assert_eq!(
            diags[0].message.vi(),
            "không đọc được `/nonexistent/tệp có dấu cách.csv`: không tìm thấy tệp hoặc thư mục"
        );
        assert!(
            diags[0]
                .message
                .en()
                .starts_with("cannot read `/nonexistent/tệp có dấu cách.csv`: No such file or directory")
        );
        let e = decode_utf8("x.csv", b"criterion,value\n1.1,c\xf3\n").unwrap_err();
        assert_eq!(
            e.message.vi(),
            "`x.csv` không phải là UTF-8: byte 0xF3 không hợp lệ ở byte thứ 21; có vẻ là bảng mã 8 bit cũ như Windows-1258 (tiếng Việt) hoặc TCVN3"
        );
        assert_eq!(
            e.message.en(),
            "`x.csv` is not UTF-8: invalid byte 0xF3 at byte 21; it looks like a legacy 8-bit encoding such as Windows-1258 (Vietnamese) or TCVN3"
        );
    }

    #[test]
    fn declared_conventions_are_named() {
        let o = ReadOptions::for_run(Some(NumberFormat::Vi), Some(NumberFormat::En));
        assert_eq!(
            o.number_format.map(|f| f.1.msg().vi().to_string()).as_deref(),
            Some("do --decimal-mark quy định")
        );
        let o = ReadOptions::for_run(None, Some(NumberFormat::En));
        assert_eq!(
            o.number_format.map(|f| f.1.msg().en().to_string()).as_deref(),
            Some("declared by the criteria set's `number_format`")
        );
    }
}
