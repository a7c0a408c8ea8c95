//! Where evidence comes from, as people type it on the command line: a file is read as
//! named; a folder means every evidence file directly in it, sorted by name; `-` means
//! standard input (CSV or tab-separated text, read whole within the size limit of a file).
//!
//! Patterns (`hồ-sơ\*.csv`) are expanded before parcalc sees them: by the shell on Linux and
//! macOS, by the binary itself on Windows (`main.rs`). Both pass a pattern that matches
//! nothing through unchanged, so an argument that names no file and holds `*`, `?` or `[`
//! is reported as a pattern that matched nothing, not as a missing file called `*.csv`.
//!
//! Problems with the arguments themselves (a pattern that matched nothing, a folder with no
//! evidence file, `-` given twice, a workbook on standard input) are `file-read` errors that
//! name the argument as it was given. Office lock files (`~$báo cáo.xlsx`, which Excel keeps
//! beside a file it has open) are never evidence: they are skipped with a warning, so that
//! `*.xlsx` still works while the workbook is open.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, Location};
use crate::msg;

/// How standard input is named in locations (`<stdin>:3:5`).
pub const STDIN_NAME: &str = "<stdin>";

/// The extensions (lower case) of the files a folder contributes: the text formats the
/// reader takes (`.txt` is Excel's "Unicode text") and every workbook format.
pub const FOLDER_EXTENSIONS: [&str; 8] = ["csv", "tsv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods"];

/// The extensions as a list for messages: `.csv, .tsv, … or .ods`.
pub fn extension_list() -> String {
    extension_list_in(crate::number::Lang::En)
}

/// [`extension_list`] in `lang`: `.csv, .tsv … hoặc .ods`.
pub fn extension_list_in(lang: crate::number::Lang) -> String {
    let dotted: Vec<String> = FOLDER_EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
    let (last, rest) = dotted.split_last().map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
    let or = crate::i18n::tr(lang, "hoặc", "or");
    format!("{} {or} {last}", rest.join(", "))
}

/// One evidence input, ready to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file, named as given (or as its folder was given, joined with its name).
    File(PathBuf),
    /// Standard input, already read whole.
    Stdin(Arc<[u8]>),
}

impl Source {
    /// The name used in locations: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin(_) => STDIN_NAME.to_string(),
        }
    }

    /// The file, if this is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::File(p) => Some(p),
            Source::Stdin(_) => None,
        }
    }
}

impl<P: AsRef<Path>> From<&P> for Source {
    fn from(p: &P) -> Source {
        Source::File(p.as_ref().to_path_buf())
    }
}

/// One `--evidence` argument once folders are listed: a file, or standard input (not read
/// yet, so that `-o` is checked before anything is consumed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// Resolves the evidence arguments of one run, across all of its options (`compare` has
/// three), so that `-` is seen once in all of them.
#[derive(Debug, Default)]
pub struct Resolver {
    /// The option that named `-` first.
    stdin: Option<&'static str>,
    /// The folders given, with their option.
    pub folders: Vec<(&'static str, PathBuf)>,
    /// Errors and warnings, in the order found.
    pub problems: Vec<Diagnostic>,
}

impl Resolver {
    pub fn new() -> Resolver {
        Resolver::default()
    }

    /// The inputs `args` stand for, in the order given (a folder's files in name order).
    /// Problems are kept in [`Resolver::problems`]; an argument with a problem gives no input.
    pub fn resolve(&mut self, flag: &'static str, args: &[PathBuf]) -> Vec<Input> {
        let mut out = Vec::new();
        for arg in args {
            if arg.as_os_str() == "-" {
                match self.stdin {
                    Some(first) => self.problems.push(stdin_twice(first, flag)),
                    None => {
                        self.stdin = Some(flag);
                        out.push(Input::Stdin);
                    }
                }
                continue;
            }
            match std::fs::metadata(arg) {
                Ok(m) if m.is_dir() => {
                    self.folders.push((flag, arg.clone()));
                    match folder_files(arg) {
                        Ok(files) => out.extend(files.into_iter().map(Input::File)),
                        Err(d) => self.problems.push(d),
                    }
                }
                Ok(_) if is_lock_file(arg) => self.problems.push(lock_file(arg)),
                Ok(_) => out.push(Input::File(arg.clone())),
                Err(_) => match unmatched(arg) {
                    Some(d) => self.problems.push(d),
                    // The reader says why the file cannot be read.
                    None => out.push(Input::File(arg.clone())),
                },
            }
        }
        out
    }

    /// True when an error was found (warnings aside).
    pub fn failed(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }
}

/// The evidence files directly in `dir`: the [`FOLDER_EXTENSIONS`] in any case, sorted by
/// the bytes of their names, without hidden files and Office lock files. A folder with none
/// is an error naming it.
pub fn folder_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let name = dir.display().to_string();
    let cannot = |e: std::io::Error| {
        let why = crate::i18n::io_error(&e);
        Diagnostic::error(
            Code::FileRead,
            crate::i18n::Msg::by(|l| match l {
                crate::number::Lang::Vi => format!("không đọc được danh sách tệp trong thư mục `{name}`: {}", why.get(l)),
                crate::number::Lang::En => format!("cannot list the folder `{name}`: {}", why.get(l)),
            }),
        )
        .at(Location::file_only(name.as_str().into()))
        .help(msg!(
            "hãy kiểm tra thư mục đưa vào --evidence và quyền đọc thư mục đó",
            "check the folder given to --evidence and that you may read it"
        ))
    };
    let mut files: Vec<(OsString, PathBuf)> = Vec::new();
    let mut others = 0usize;
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let entry = entry.map_err(cannot)?;
        let file_name = entry.file_name();
        let path = dir.join(&file_name);
        // Symlinks are followed. Only files count: a pipe or device named `x.csv` would block
        // or never end. An entry that cannot be examined (a broken link) is kept, so that the
        // reader says what is wrong with it rather than it silently disappearing.
        let not_file = std::fs::metadata(&path).is_ok_and(|m| !m.is_file());
        if not_file || is_hidden(&path, &file_name) || is_lock_file(&path) || !has_evidence_extension(&path) {
            others += 1;
            continue;
        }
        files.push((file_name, path));
    }
    if files.is_empty() {
        let what = match others {
            0 => msg!("thư mục trống", "it is empty"),
            1 => msg!(
                "mục duy nhất trong đó không phải tệp số liệu kiểm chứng",
                "its only entry is not an evidence file"
            ),
            n => msg!(
                "không mục nào trong {n} mục là tệp số liệu kiểm chứng",
                "none of its {n} entries is an evidence file"
            ),
        };
        let (vi, en) = (what.vi(), what.en());
        let (list_vi, list_en) = (extension_list_in(crate::number::Lang::Vi), extension_list());
        return Err(Diagnostic::error(
            Code::FileRead,
            msg!(
                "thư mục `{name}` không có tệp số liệu kiểm chứng nào ({vi})",
                "the folder `{name}` holds no evidence file ({en})"
            ),
        )
        .at(Location::file_only(name.as_str().into()))
        .help(msg!(
            "thư mục đưa vào --evidence chỉ góp các tệp nằm ngay trong nó có đuôi {list_vi} (không đọc thư mục con, tệp ẩn, tệp khóa); tệp có đuôi khác thì ghi rõ từng tệp",
            "a folder given to --evidence contributes the files directly in it that end in {list_en} (not sub-folders, hidden files or lock files); name other files one by one"
        )));
    }
    // Byte order of the names: the same on every run and every system (`OsStr` compares
    // bytes on Unix, and the names' WTF-8 bytes on Windows).
    files.sort();
    Ok(files.into_iter().map(|(_, p)| p).collect())
}

/// Whether a folder given to `--evidence` would read `path` (an evidence extension, and not
/// hidden), so that a report written there would be read as evidence on the next run.
pub fn would_read(path: &Path) -> bool {
    has_evidence_extension(path) && path.file_name().is_some_and(|n| !is_hidden(path, n) && !is_lock_file(path))
}

fn has_evidence_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| FOLDER_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A dot file (and LibreOffice's `.~lock.x.ods#`), or a file Windows marks hidden.
fn is_hidden(path: &Path, name: &std::ffi::OsStr) -> bool {
    if name.as_encoded_bytes().starts_with(b".") {
        return true;
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::MetadataExt;
        const FILE_ATTRIBUTE_HIDDEN: u32 = 0x2;
        if std::fs::metadata(path).is_ok_and(|m| m.file_attributes() & FILE_ATTRIBUTE_HIDDEN != 0) {
            return true;
        }
    }
    #[cfg(not(windows))]
    let _ = path;
    false
}

/// The owner file Excel and Word keep beside a file they have open: `~$` and the file's name.
fn is_lock_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.as_encoded_bytes().starts_with(b"~$"))
}

fn lock_file(path: &Path) -> Diagnostic {
    let name = path.display().to_string();
    Diagnostic::warning(
        Code::FileRead,
        msg!(
            "bỏ qua `{name}`: đây là tệp khóa Excel tạo khi bảng tính đang mở, không phải số liệu kiểm chứng",
            "skipped `{name}`: it is the lock file Excel keeps while a workbook is open, not evidence"
        ),
    )
    .at(Location::file_only(name.into()))
    .help(msg!(
        "không cần làm gì; bảng tính vẫn được đọc nếu được đưa vào (đóng bảng tính trong Excel thì tệp khóa sẽ mất)",
        "nothing to do; the workbook itself is read if it is given (close it in Excel to remove the lock file)"
    ))
}

fn stdin_twice(first: &str, flag: &str) -> Diagnostic {
    let message = if first == flag {
        msg!(
            "`-` (đầu vào chuẩn) được đưa hai lần; đầu vào chuẩn chỉ đọc được một lần",
            "`-` (standard input) is given twice; standard input can be read only once"
        )
    } else {
        msg!(
            "`-` (đầu vào chuẩn) được đưa cho {first} và cho {flag}; đầu vào chuẩn chỉ đọc được một lần",
            "`-` (standard input) is given to {first} and to {flag}; standard input can be read only once"
        )
    };
    Diagnostic::error(Code::FileRead, message)
        .at(Location::file_only(STDIN_NAME.into()))
        .help(msg!(
            "chỉ đưa `-` một lần, các số liệu kiểm chứng khác đưa dưới dạng tệp",
            "give `-` once, and the other evidence as files"
        ))
}

/// The error for an argument that names nothing and looks like a pattern: the shell (or, on
/// Windows, parcalc) found no file for it and passed it on as typed.
fn unmatched(arg: &Path) -> Option<Diagnostic> {
    let text = arg.to_string_lossy();
    let name = arg.display().to_string();
    let at = Location::file_only(name.as_str().into());
    // `"C:\Hồ sơ\"` in cmd.exe: the last backslash escapes the closing quote, which then
    // ends up in the argument (no file name can hold `"` on Windows).
    if text.contains('"') {
        return Some(
            Diagnostic::error(
                Code::FileRead,
                msg!("không có tệp hay thư mục nào tên `{name}`", "no file or folder is named `{name}`"),
            )
            .at(at)
            .help(msg!(
                "trên Windows, thư mục trong dấu nháy không được kết thúc bằng dấu `\\`: viết \"C:\\Hồ sơ\" thay vì \"C:\\Hồ sơ\\\"",
                "on Windows, a quoted folder must not end with a backslash: write \"C:\\Hồ sơ\" rather than \"C:\\Hồ sơ\\\""
            )),
        );
    }
    if !text.contains(['*', '?', '[']) {
        return None;
    }
    let matches = pattern_matches(&text);
    let (message, help) = if matches == 0 {
        (
            msg!("không có tệp nào khớp mẫu `{name}`", "no file matches the pattern `{name}`"),
            msg!(
                "hãy kiểm tra thư mục và mẫu (`*` thay cho dãy ký tự bất kỳ, `?` cho một ký tự); hoặc đưa chính thư mục để đọc mọi tệp số liệu kiểm chứng trong đó",
                "check the folder and the pattern (`*` stands for any characters, `?` for one); or give the folder itself to read every evidence file in it"
            ),
        )
    } else {
        (
            msg!(
                "không có tệp nào tên `{name}`, và mẫu chưa được mở rộng (nó khớp {matches} tệp)",
                "no file is named `{name}`, and the pattern was not expanded (it matches {matches} files)"
            ),
            msg!(
                "shell chỉ mở rộng mẫu không nằm trong dấu nháy: hãy bỏ dấu nháy, hoặc đưa chính thư mục",
                "the shell expands a pattern only without quotes: leave the quotes off, or give the folder itself"
            ),
        )
    };
    Some(Diagnostic::error(Code::FileRead, message).at(at).help(help))
}

/// How many files a pattern matches, the way the platform's expansion matches (file names
/// ignore case on Windows only).
fn pattern_matches(pattern: &str) -> usize {
    let options = glob::MatchOptions {
        case_sensitive: !cfg!(windows),
        require_literal_separator: true,
        require_literal_leading_dot: !cfg!(windows),
    };
    glob::glob_with(pattern, options).map_or(0, |paths| paths.filter_map(Result::ok).take(10_000).count())
}

/// Reads `reader` whole, as [`STDIN_NAME`], within the size limit of a text evidence file.
pub fn read_stdin(reader: impl Read) -> Result<Arc<[u8]>, Diagnostic> {
    let at = || Location::file_only(STDIN_NAME.into());
    let mut bytes = Vec::new();
    reader
        .take(super::load::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            let why = crate::i18n::io_error(&e);
            Diagnostic::error(
                Code::FileRead,
                crate::i18n::Msg::by(|l| match l {
                    crate::number::Lang::Vi => format!("không đọc được đầu vào chuẩn: {}", why.get(l)),
                    crate::number::Lang::En => format!("cannot read standard input: {}", why.get(l)),
                }),
            )
            .at(at())
            .help(msg!(
                "hãy chuyển số liệu kiểm chứng vào: `parcalc score … --evidence - < so-lieu.csv`",
                "pipe the evidence in: `parcalc score … --evidence - < evidence.csv`"
            ))
        })?;
    if bytes.len() > super::load::MAX_BYTES {
        return Err(Diagnostic::error(
            Code::FileRead,
            msg!("`{STDIN_NAME}` lớn hơn 512 MiB", "`{STDIN_NAME}` is larger than 512 MiB"),
        )
        .at(at()));
    }
    Ok(bytes.into())
}

/// Whether bytes are a workbook (a zip: xlsx, xlsm, xlsb, ods; or an OLE file: xls), which
/// only a file can hold, because the reader needs to seek in it.
pub fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The error for a workbook on standard input.
pub fn workbook_on_stdin() -> Diagnostic {
    Diagnostic::error(
        Code::FileRead,
        msg!(
            "`{STDIN_NAME}` chứa bảng tính (xlsx, ods hoặc xls); đầu vào chuẩn chỉ nhận văn bản CSV hoặc phân tách bằng tab",
            "`{STDIN_NAME}` holds a workbook (xlsx, ods or xls); standard input takes CSV or tab-separated text only"
        ),
    )
    .at(Location::file_only(STDIN_NAME.into()))
    .help(msg!(
        "hãy lưu bảng tính thành tệp và đưa đường dẫn vào --evidence",
        "save the workbook to a file and give its path to --evidence"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_list_reads_as_a_sentence() {
        assert_eq!(extension_list(), ".csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls or .ods");
    }

    #[test]
    fn lock_files_and_hidden_files_are_recognised() {
        assert!(is_lock_file(Path::new("dir/~$báo cáo.xlsx")));
        assert!(!is_lock_file(Path::new("dir/báo ~$cáo.xlsx")));
        assert!(is_hidden(Path::new(".x.csv"), std::ffi::OsStr::new(".x.csv")));
        assert!(!is_hidden(Path::new("x.csv"), std::ffi::OsStr::new("x.csv")));
    }

    #[test]
    fn extensions_ignore_case() {
        assert!(has_evidence_extension(Path::new("a.CSV")));
        assert!(has_evidence_extension(Path::new("a.Xlsx")));
        assert!(!has_evidence_extension(Path::new("a.csv.bak")));
        assert!(!has_evidence_extension(Path::new("csv")));
    }

    #[test]
    fn standard_input_is_read_within_the_limit() {
        assert_eq!(&*read_stdin(&b"criterion,value\n"[..]).unwrap(), b"criterion,value\n");
        assert!(looks_like_workbook(b"PK\x03\x04rest"));
        assert!(!looks_like_workbook(b"PK,value"));
    }

    #[test]
    fn dash_twice_is_refused_naming_both_options() {
        let mut r = Resolver::new();
        let a = r.resolve("--a-evidence", &[PathBuf::from("-")]);
        let b = r.resolve("--b-evidence", &[PathBuf::from("-")]);
        assert_eq!(a, vec![Input::Stdin]);
        assert!(b.is_empty());
        assert_eq!(
            r.problems[0].message.en(),
            "`-` (standard input) is given to --a-evidence and to --b-evidence; standard input can be read only once"
        );
    }
}
