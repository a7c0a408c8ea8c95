//! Arguments as officers type them: a folder for `--evidence`, `-` for standard input and
//! standard output, patterns that matched nothing, and paths with Vietnamese letters and
//! spaces (composed and decomposed).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use unicode_normalization::UnicodeNormalization;

use super::support::{CRITERIA, Dir, evidence, root, small_criteria};

/// Runs the binary in `cwd` with `stdin` piped in (or nothing): (exit code, stdout, stderr).
fn bin_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> (i32, Vec<u8>, String) {
    // These tests read the English messages; the Vietnamese ones are asserted where noted.
    let mut child = Command::new(env!("CARGO_BIN_EXE_parcalc"))
        .args(args)
        .env("PARCALC_LANG", "en")
        .env_remove("PARCALC_COLOR")
        .current_dir(cwd)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        // A run that stops early closes its end; the rest of the input is not needed.
        let _ = child.stdin.take().unwrap().write_all(bytes);
    }
    let o = child.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        o.stdout,
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

fn criteria() -> String {
    root().join(CRITERIA).to_string_lossy().into_owned()
}

fn example_dir() -> String {
    root().join("examples/dak-nong-2022").to_string_lossy().into_owned()
}

/// `score` of the reference case with the evidence given as `ev`, in `format`.
fn score(ev: &[&str], format: &str) -> (i32, Vec<u8>, String) {
    let c = criteria();
    let mut a = vec!["score", "-c", &c, "-f", format, "-e"];
    a.extend(ev);
    bin_in(&root(), &a, None)
}

fn reference(format: &str) -> Vec<u8> {
    let files = evidence();
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, out, err) = score(&refs, format);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn a_folder_scores_exactly_as_its_files_named_one_by_one() {
    let dir = example_dir();
    for format in ["json", "table", "csv", "markdown"] {
        let (code, out, err) = score(&[&dir], format);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(out, reference(format), "{format}");
    }
    // With a trailing separator too.
    let (code, out, _) = score(&[&format!("{dir}/")], "json");
    assert_eq!((code, out), (0, reference("json")));
}

#[test]
fn the_order_of_files_and_folders_does_not_change_the_result() {
    let mut files = evidence();
    files.reverse();
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, out, _) = score(&refs, "json");
    assert_eq!((code, out), (0, reference("json")));
    // Two folders holding the files in two halves, given in either order.
    let a = Dir::new();
    let b = Dir::new();
    for (i, f) in evidence().iter().enumerate() {
        let to = if i % 2 == 0 { a.path() } else { b.path() };
        std::fs::copy(f, to.join(Path::new(f).file_name().unwrap())).unwrap();
    }
    let (pa, pb) = (a.path().to_str().unwrap(), b.path().to_str().unwrap());
    for pair in [[pa, pb], [pb, pa]] {
        let (code, out, err) = score(&pair, "json");
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(out, reference("json"));
    }
}

/// `check --format json` lists the files it read: a folder's evidence files in byte order of
/// their names, whatever the case of the extension; no hidden file, lock file, sub-folder or
/// other file.
#[test]
fn a_folder_contributes_its_evidence_files_sorted_by_name() {
    let dir = Dir::new();
    let row = "criterion,value\n1.1,có\n";
    for name in [
        "b.csv",
        "A.CSV",
        "a.tsv",
        "c.Txt",
        ".hidden.csv",
        "~$b.csv",
        "notes.md",
        "b.csv.bak",
        "Ð.csv",
        "Đ.csv",
    ] {
        dir.file(name, row);
    }
    std::fs::create_dir(dir.path().join("sub.csv")).unwrap();
    dir.file("sub.csv/inner.csv", row);
    let c = dir.file("c.toml", &small_criteria(""));
    let d = dir.path().to_str().unwrap();
    let (code, out, err) = bin_in(dir.path(), &["check", "-c", &c, "-e", d, "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let files: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    let expected: Vec<String> = std::iter::once(c.clone())
        // `A` < `a` < `b` < `c` < `Ð` (U+00D0) < `Đ` (U+0110), by the bytes of the names.
        .chain(["A.CSV", "a.tsv", "b.csv", "c.Txt", "Ð.csv", "Đ.csv"].map(|n| format!("{d}/{n}")))
        .collect();
    assert_eq!(files, expected);
    // The same rows five times over: repeats are warnings, and nothing else is wrong.
    assert_eq!((v["errors"].as_u64(), code), (Some(0), 0), "{err}");
}

#[test]
fn an_empty_folder_is_an_error_naming_it_and_the_extensions() {
    let dir = Dir::new();
    let empty = dir.path().join("Hồ sơ trống");
    std::fs::create_dir(&empty).unwrap();
    let e = empty.to_str().unwrap();
    let c = criteria();
    let help = " = help: a folder given to --evidence contributes the files directly in it that end in .csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls or .ods (not sub-folders, hidden files or lock files); name other files one by one\n";
    for cmd in ["score", "plan", "rank"] {
        let (code, out, err) = bin_in(dir.path(), &[cmd, "-c", &c, "-e", e], None);
        assert_eq!(code, 2, "{cmd}");
        assert!(out.is_empty());
        assert_eq!(
            err,
            format!("error[file-read]: the folder `{e}` holds no evidence file (it is empty)\n--> {e}\n{help}\n1 error(s), 0 warning(s)\n"),
            "{cmd}"
        );
    }
    // Entries that are not evidence are counted.
    std::fs::write(empty.join("ghi chú.docx"), "x").unwrap();
    std::fs::write(empty.join("~$báo cáo.xlsx"), "x").unwrap();
    std::fs::create_dir(empty.join("cũ")).unwrap();
    let (code, _, err) = bin_in(dir.path(), &["score", "-c", &c, "-e", e], None);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!(
            "error[file-read]: the folder `{e}` holds no evidence file (none of its 3 entries is an evidence file)\n"
        )),
        "{err}"
    );
    // In Vietnamese.
    let (code, _, err) = bin_in(dir.path(), &["--lang", "vi", "score", "-c", &c, "-e", e], None);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!(
            "error[file-read]: thư mục `{e}` không có tệp số liệu kiểm chứng nào (không mục nào trong 3 mục là tệp số liệu kiểm chứng)\n--> {e}\n = gợi ý: thư mục đưa vào --evidence chỉ góp các tệp nằm ngay trong nó có đuôi .csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls hoặc .ods"
        )),
        "{err}"
    );
    // `check` reports it as a finding, with the exit code of an unreadable input.
    let (code, out, _) = bin_in(dir.path(), &["check", "-c", &c, "-e", e], None);
    assert_eq!(code, 2);
    assert!(
        text(out).contains(&format!("error[file-read]: the folder `{e}` holds no evidence file")),
        "check"
    );
}

#[test]
fn a_pattern_that_matched_nothing_is_named_as_a_pattern() {
    let c = criteria();
    let (code, _, err) = bin_in(&root(), &["score", "-c", &c, "-e", "examples/dak-nong-2099/*.csv"], None);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error[file-read]: no file matches the pattern `examples/dak-nong-2099/*.csv`\n--> examples/dak-nong-2099/*.csv\n = help: check the folder and the pattern (`*` stands for any characters, `?` for one); or give the folder itself to read every evidence file in it\n\n1 error(s), 0 warning(s)\n"
    );
    // A pattern the shell was not asked to expand (quoted) is told apart.
    if cfg!(unix) {
        let (code, _, err) = bin_in(&root(), &["score", "-c", &c, "-e", "examples/dak-nong-2022/*.csv"], None);
        assert_eq!(code, 2);
        assert!(
            err.starts_with(
                "error[file-read]: no file is named `examples/dak-nong-2022/*.csv`, and the pattern was not expanded (it matches 6 files)\n"
            ),
            "{err}"
        );
    }
    // A missing file that is no pattern keeps the reader's message.
    let (code, _, err) = bin_in(&root(), &["score", "-c", &c, "-e", "examples/không-có.csv"], None);
    assert_eq!(code, 2);
    assert!(err.starts_with("error[file-read]: cannot read `examples/không-có.csv`: "), "{err}");
    // cmd.exe's `"C:\Hồ sơ\"` leaves a quote in the argument.
    let (code, _, err) = bin_in(&root(), &["score", "-c", &c, "-e", "examples\\Hồ sơ\""], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("= help: on Windows, a quoted folder must not end with a backslash"),
        "{err}"
    );
}

#[test]
fn an_excel_lock_file_is_skipped_with_a_warning() {
    let dir = Dir::new();
    let lock = dir.bytes("~$noi-vu.csv", b"\x0bNguyen Van A\x00\x00");
    let mut files = evidence();
    files.push(lock.clone());
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, out, err) = score(&refs, "json");
    assert_eq!(code, 0);
    assert_eq!(out, reference("json"));
    assert_eq!(
        err,
        format!(
            "warning[file-read]: skipped `{lock}`: it is the lock file Excel keeps while a workbook is open, not evidence\n--> {lock}\n = help: nothing to do; the workbook itself is read if it is given (close it in Excel to remove the lock file)\n\n"
        )
    );
}

#[test]
fn standard_input_scores_exactly_as_the_file() {
    let files = evidence();
    let noi_vu = files.iter().find(|f| f.ends_with("noi-vu.csv")).unwrap();
    let mut args: Vec<&str> = files.iter().filter(|f| *f != noi_vu).map(String::as_str).collect();
    args.insert(2, "-");
    let c = criteria();
    let mut a = vec!["score", "-c", &c, "-f", "json", "-e"];
    a.extend(&args);
    let (code, out, err) = bin_in(&root(), &a, Some(&std::fs::read(noi_vu).unwrap()));
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, reference("json"));
}

#[test]
fn standard_input_goes_through_the_same_reader() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &small_criteria(""));
    // Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated, Vietnamese
    // headers, and a code that is not in the set on line 3.
    let mut csv = vec![0xFF, 0xFE];
    csv.extend(
        "tiêu chí\tgiá trị\r\n1.1\tcó\r\n9.9.9\t1\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let (code, out, err) = bin_in(dir.path(), &["score", "-c", &c, "-e", "-"], Some(&csv));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("\n --> <stdin>:3:1\n"), "{err}");
    assert!(err.contains("9.9.9"), "{err}");
    // `check` reads it too, once, however many times it reads the evidence.
    let (code, out, _) = bin_in(
        dir.path(),
        &["check", "-c", &c, "-e", "-", "--format", "json"],
        Some(b"criterion,value\n1.1,yes\n"),
    );
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["files"][1], "<stdin>");
    assert_eq!((code, v["errors"].as_u64()), (0, Some(0)));
}

#[test]
fn standard_input_refuses_a_workbook_and_a_second_dash() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &small_criteria(""));
    let (code, _, err) = bin_in(
        dir.path(),
        &["score", "-c", &c, "-e", "-"],
        Some(b"PK\x03\x04\x14\x00\x06\x00rest of a zip"),
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error[file-read]: `<stdin>` holds a workbook (xlsx, ods or xls); standard input takes CSV or tab-separated text only\n--> <stdin>\n = help: save the workbook to a file and give its path to --evidence\n\n1 error(s), 0 warning(s)\n"
    );
    let (code, _, err) = bin_in(
        dir.path(),
        &["score", "-c", &c, "-e", "-", "-"],
        Some(b"criterion,value\n1.1,yes\n"),
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error[file-read]: `-` (standard input) is given twice; standard input can be read only once\n--> <stdin>\n = help: give `-` once, and the other evidence as files\n\n1 error(s), 0 warning(s)\n"
    );
    let (code, _, err) = bin_in(
        dir.path(),
        &[
            "compare",
            "--a-criteria",
            &c,
            "--a-evidence",
            "-",
            "--b-criteria",
            &c,
            "--b-evidence",
            "-",
        ],
        Some(b"criterion,value\n1.1,yes\n"),
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error[file-read]: `-` (standard input) is given to --a-evidence and to --b-evidence;"),
        "{err}"
    );
}

#[test]
fn dash_output_is_standard_output_for_every_command() {
    let cwd = Dir::new();
    let c = criteria();
    let e = example_dir();
    let districts = root().join("examples/districts-2022").to_string_lossy().into_owned();
    let cases: Vec<Vec<&str>> = vec![
        vec!["score", "-c", &c, "-e", &e],
        vec!["score", "-c", &c, "-e", &e, "-f", "json"],
        vec!["plan", "-c", &c, "-e", &e, "-f", "csv"],
        vec!["rank", "-c", &c, "-e", &districts],
        vec!["compare", "--stages", "-c", &c, "-e", &e, "-f", "markdown"],
        vec!["template", "-c", &c],
        vec!["init"],
    ];
    for case in cases {
        let mut plain = case.clone();
        if case[0] == "init" {
            // `init` writes a file by default; `-o -` prints what it would write.
            plain = vec!["init", "-o", "starter.toml"];
        }
        let (code, expected, err) = bin_in(cwd.path(), &plain, None);
        assert_eq!(code, 0, "{case:?}: {err}");
        let expected = if case[0] == "init" {
            std::fs::read(cwd.path().join("starter.toml")).unwrap()
        } else {
            expected
        };
        let mut dashed = case.clone();
        dashed.extend(["-o", "-"]);
        let (code, out, err) = bin_in(cwd.path(), &dashed, None);
        assert_eq!((code, err.as_str()), (0, ""), "{case:?}");
        assert_eq!(out, expected, "{case:?}");
        assert!(!cwd.path().join("-").exists(), "{case:?} wrote a file named -");
    }
    // A file named `-` is still reachable as `./-`.
    let (code, out, _) = bin_in(cwd.path(), &["score", "-c", &c, "-e", &e, "-f", "json", "-o", "./-"], None);
    assert_eq!((code, out.len()), (0, 0));
    assert_eq!(std::fs::read(cwd.path().join("-")).unwrap(), reference("json"));
}

#[test]
fn dash_output_with_dash_evidence_is_no_clash_and_xlsx_needs_a_file() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &small_criteria(""));
    let csv: &[u8] = b"criterion,value,document\n1.1,yes,QD 1\n1.2,95%,BC 2\n2,80%,BC 3\n";
    let (code, out, err) = bin_in(dir.path(), &["score", "-c", &c, "-e", "-", "-o", "-", "-f", "json"], Some(csv));
    assert_eq!((code, err.as_str()), (0, ""));
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["total"]["awarded"], "9.2");
    let (code, out, err) = bin_in(dir.path(), &["plan", "-c", &c, "-e", "-", "-o", "-", "-f", "xlsx"], Some(csv));
    assert_eq!((code, out.len()), (2, 0));
    assert_eq!(err, "error: xlsx output needs a file: add `-o report.xlsx`\n");
}

#[test]
fn output_into_a_folder_given_as_evidence_is_refused_when_the_folder_would_read_it() {
    let dir = Dir::new();
    for f in evidence() {
        std::fs::copy(&f, dir.path().join(Path::new(&f).file_name().unwrap())).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let target = format!("{d}/noi-vu.csv");
    let before = std::fs::read(&target).unwrap();
    let (code, _, err) = bin_in(dir.path(), &["score", "-c", &criteria(), "-e", d, "-o", &target], None);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!(
            "error[output-is-input]: `-o {target}` is also an input (--evidence); writing the report there would destroy it\n"
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
    // A new report the folder would read on the next run is refused too; one it would not
    // read is written.
    let (code, _, err) = bin_in(dir.path(), &["plan", "-c", &criteria(), "-e", ".", "-o", "kế hoạch.xlsx"], None);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error[output-is-input]: `-o kế hoạch.xlsx` is in the folder `.` given to --evidence; the next run would read the report as evidence\n--> kế hoạch.xlsx\n = help: write the report to another folder, or as .json, .html or .md, which a folder of evidence does not read\n\n1 error(s), 0 warning(s)\n"
    );
    assert!(!dir.path().join("kế hoạch.xlsx").exists());
    let (code, _, err) = bin_in(dir.path(), &["plan", "-c", &criteria(), "-e", ".", "-o", "kế hoạch.html"], None);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(dir.path().join("kế hoạch.html").exists());
}

/// `Phòng Nội vụ/Hồ sơ 2022`, composed (NFC) or decomposed (NFD) as some systems and
/// copy tools write it.
fn vietnamese_dirs(base: &Path) -> Vec<PathBuf> {
    let name = "Phòng Nội vụ/Hồ sơ 2022";
    let mut dirs = vec![base.join(name.nfc().collect::<String>())];
    assert_ne!(name.nfc().collect::<String>(), name.nfd().collect::<String>());
    dirs.push(base.join("nfd").join(name.nfd().collect::<String>()));
    for d in &dirs {
        std::fs::create_dir_all(d).unwrap();
        for f in evidence() {
            std::fs::copy(&f, d.join(Path::new(&f).file_name().unwrap())).unwrap();
        }
    }
    dirs
}

#[test]
fn vietnamese_paths_with_spaces_work_for_files_and_folders() {
    let base = Dir::new();
    let c = criteria();
    for dir in vietnamese_dirs(base.path()) {
        let d = dir.to_str().unwrap();
        let mut files: Vec<String> = evidence()
            .iter()
            .map(|f| format!("{d}/{}", Path::new(f).file_name().unwrap().to_str().unwrap()))
            .collect();
        files.sort();
        let refs: Vec<&str> = files.iter().map(String::as_str).collect();
        // Files and the folder, as score, check and plan take them.
        assert_eq!(score(&refs, "json").1, reference("json"));
        assert_eq!(score(&[d], "json").1, reference("json"));
        let (code, out, err) = bin_in(&root(), &["check", "-c", &c, "-e", d, "--deny", "warnings"], None);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(text(out), "checked 7 file(s): 0 error(s), 0 warning(s)\n");
        // Reports named in Vietnamese, relative to a Vietnamese working folder.
        let parent = dir.parent().unwrap();
        let typed = dir.file_name().unwrap().to_str().unwrap();
        let (code, _, err) = bin_in(parent, &["plan", "-c", &c, "-e", typed, "-o", "Báo cáo điểm.xlsx"], None);
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(std::fs::read(parent.join("Báo cáo điểm.xlsx")).unwrap().starts_with(b"PK\x03\x04"));
        let (code, _, err) = bin_in(parent, &["score", "-c", &c, "-e", d, "-o", "Báo cáo điểm.json"], None);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(std::fs::read(parent.join("Báo cáo điểm.json")).unwrap(), reference("json"));
    }
}

#[test]
fn locations_show_a_vietnamese_path_as_it_was_given() {
    let base = Dir::new();
    let c = base.file("c.toml", &small_criteria(""));
    for dir in vietnamese_dirs(base.path()) {
        let bad = dir.join("Văn phòng UBND.csv");
        std::fs::write(&bad, "criterion,value\n1.1,yes\n9.9.9,1\n").unwrap();
        let given = bad.to_str().unwrap();
        let (code, _, err) = bin_in(base.path(), &["score", "-c", &c, "-e", given], None);
        assert_eq!(code, 2);
        assert!(err.contains(&format!("\n --> {given}:3:1\n")), "{err}");
        // Given as a relative folder, the location is the folder as typed joined with the name.
        let rel = dir.strip_prefix(base.path()).unwrap().to_str().unwrap().to_string();
        let only = base.path().join(&rel).join("only");
        std::fs::create_dir(&only).unwrap();
        std::fs::rename(&bad, only.join("Văn phòng UBND.csv")).unwrap();
        let typed = format!("{rel}/only");
        let (code, _, err) = bin_in(base.path(), &["score", "-c", &c, "-e", &typed], None);
        assert_eq!(code, 2);
        assert!(err.contains(&format!("\n --> {typed}/Văn phòng UBND.csv:3:1\n")), "{err}");
    }
}

#[test]
fn evidence_help_names_every_format_folders_and_dash() {
    let formats = [
        "CSV or TSV files",
        "xlsx, xlsm, xlsb, xls or ods workbooks",
        "a folder of them",
        "`-` for standard input",
    ];
    for (cmd, flags) in [
        ("score", &["--evidence"][..]),
        ("check", &["--evidence"]),
        ("plan", &["--evidence"]),
        ("rank", &["--evidence"]),
        ("compare", &["--a-evidence", "--b-evidence", "--evidence"]),
    ] {
        let (code, out, _) = bin_in(&root(), &[cmd, "--help"], None);
        assert_eq!(code, 0);
        let help = text(out);
        for flag in flags {
            // The option's paragraph, with its lines joined.
            let para = help
                .split("\n\n")
                .find(|p| p.trim_start().starts_with('-') && p.lines().next().unwrap().ends_with(&format!(" {flag} <PATH>...")))
                .unwrap_or_else(|| panic!("{cmd} {flag}"));
            let joined = para.split_whitespace().collect::<Vec<_>>().join(" ");
            for needle in formats {
                assert!(joined.contains(needle), "{cmd} {flag}: `{needle}` in {joined}");
            }
        }
    }
}

/// A pipe or device named like evidence in a folder would block the run or never end: a
/// folder contributes files only.
#[cfg(unix)]
#[test]
fn a_pipe_in_an_evidence_folder_is_not_read() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &small_criteria(""));
    let ev = dir.path().join("hồ sơ");
    std::fs::create_dir(&ev).unwrap();
    std::fs::write(
        ev.join("a.csv"),
        "criterion,value,document\n1.1,yes,QD 1\n1.2,95%,BC 2\n2,80%,BC 3\n",
    )
    .unwrap();
    let fifo = std::ffi::CString::new(ev.join("b.csv").to_string_lossy().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let (code, out, err) = bin_in(dir.path(), &["score", "-c", &c, "-e", "hồ sơ", "-f", "json"], None);
    assert_eq!((code, err.as_str()), (0, ""));
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["total"]["awarded"], "9.2");
}
