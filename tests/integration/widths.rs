//! Report widths and the score summary: `--width`, the terminal's width, the fixed width of
//! pipes and files, a summary that opens and closes the report, and `--brief`. Exact small
//! layouts are CLI cases (`tests/cases/score-width-*`, `score-brief-*`, `rank-width-40`);
//! the real terminal is in `terminal.rs`.

use unicode_width::UnicodeWidthStr;

use super::support::{Dir, reference_args, run_owned, small_criteria};

/// Runs parcalc in-process as if standard output were a terminal of `columns`.
fn run_tty(args: &[String], columns: u16, no_color: bool) -> (i32, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = std::iter::once("parcalc".to_string()).chain(args.iter().cloned()).map(Into::into);
    let term = parcalc::cli::Terminal {
        stdout_is_tty: true,
        stderr_is_tty: true,
        no_color,
        columns: Some(columns),
        ..Default::default()
    };
    let code = parcalc::cli::run_in(argv, &mut out, &mut err, term);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

fn widest(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

#[test]
fn the_report_opens_and_ends_with_its_brief_summary() {
    for lang in ["vi", "en"] {
        for width in ["40", "60", "80", "100", "120", "200"] {
            let (code, full, err) = run_owned(&reference_args(&["--lang", lang, "--width", width]));
            assert_eq!(code, 0, "{err}");
            let (_, brief, _) = run_owned(&reference_args(&["--lang", lang, "--width", width, "--brief"]));
            assert!(full.starts_with(&format!("{brief}\n")), "{lang} at {width}:\n{full}");
            let rule = "─".repeat(width.parse::<usize>().unwrap().min(80));
            assert!(full.ends_with(&format!("\n{rule}\n{brief}")), "{lang} at {width}:\n{full}");
            let w: usize = width.parse().unwrap();
            assert!(widest(&full) <= w, "{lang} at {width}: a line is {} wide", widest(&full));
            // The summary fits a first screen, even on a narrow terminal.
            let most = if w >= 80 { 12 } else { 20 };
            assert!(brief.lines().count() <= most, "{lang} at {width}:\n{brief}");
        }
    }
}

#[test]
fn markdown_opens_with_the_brief_summary_and_ends_with_it_again() {
    let (code, full, err) = run_owned(&reference_args(&["--format", "markdown"]));
    assert_eq!(code, 0, "{err}");
    let (_, brief, _) = run_owned(&reference_args(&["--format", "markdown", "--brief"]));
    assert!(full.starts_with(&format!("{brief}\n## Điểm theo lĩnh vực")), "{full}");
    // The closing copy is a second-level section after a rule.
    assert!(full.ends_with(&format!("\n---\n\n#{brief}")), "{full}");
}

#[test]
fn brief_is_refused_for_formats_that_carry_everything() {
    for format in ["json", "csv", "html"] {
        let (code, out, err) = run_owned(&reference_args(&["--brief", "--format", format, "--lang", "en"]));
        assert_eq!((code, out.as_str()), (2, ""), "{format}");
        assert_eq!(
            err,
            "error: --brief prints the summary of a table or Markdown report; JSON, CSV and HTML always carry everything\n"
        );
        let (code, _, err) = run_owned(&reference_args(&["--brief", "--format", format]));
        assert_eq!(code, 2, "{format}");
        assert_eq!(
            err,
            "error: --brief chỉ in phần tóm tắt của báo cáo dạng bảng hoặc Markdown; JSON, CSV và HTML luôn có đủ mọi phần\n"
        );
    }
    // Through the -o extension too, before anything is written.
    let dir = Dir::new();
    let file = dir.path().join("r.json");
    let (code, _, _) = run_owned(&reference_args(&["--brief", "-o", &file.to_string_lossy()]));
    assert_eq!(code, 2);
    assert!(!file.exists());
}

#[test]
fn width_must_be_a_positive_number_of_columns() {
    for bad in ["0", "-3", "39", "wide", "70000"] {
        let (code, out, err) = run_owned(&reference_args(&[&format!("--width={bad}"), "--lang", "en"]));
        assert_eq!((code, out.as_str()), (2, ""), "{bad}");
        assert!(
            err.starts_with(&format!("error: invalid value '{bad}' for '--width <COLUMNS>'")),
            "{err}"
        );
        // The reference set is Vietnamese: so is the mistake without --lang.
        let (code, _, err) = run_owned(&reference_args(&[&format!("--width={bad}")]));
        assert_eq!(code, 2, "{bad}");
        assert!(
            err.starts_with(&format!("error: giá trị `{bad}` cho `--width <COLUMNS>` không hợp lệ")),
            "{err}"
        );
    }
    // A global option: before the subcommand too.
    let mut args = vec!["--width".to_string(), "70".into()];
    args.extend(reference_args(&[]));
    let (code, out, _) = run_owned(&args);
    assert_eq!(code, 0);
    assert_eq!(widest(&out), 70);
}

#[test]
fn standard_output_takes_the_terminal_width_and_files_the_fixed_one() {
    // Not a terminal: 100 columns.
    let (_, piped, _) = run_owned(&reference_args(&[]));
    assert_eq!(widest(&piped), 100);
    // A terminal of 80 columns.
    let (code, shown, err) = run_tty(&reference_args(&[]), 80, true);
    assert_eq!(code, 0, "{err}");
    assert_eq!(widest(&shown), 80);
    assert_ne!(shown, piped);
    // The same run written to a file: as in a pipe, whatever the terminal.
    let dir = Dir::new();
    let file = dir.path().join("Đắk Nông 2022.txt");
    let (code, out, _) = run_tty(&reference_args(&["-o", &file.to_string_lossy()]), 80, false);
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), piped, "no colour, fixed width");
    // --width sets both.
    let (_, shown, _) = run_tty(&reference_args(&["--width", "120"]), 80, true);
    assert_eq!(widest(&shown), 120);
    run_tty(&reference_args(&["--width", "64", "-o", &file.to_string_lossy()]), 80, true);
    assert_eq!(widest(&std::fs::read_to_string(&file).unwrap()), 64);
    // Other commands follow the same rule.
    let mut plan = vec!["plan".to_string()];
    plan.extend(reference_args(&[]).into_iter().skip(1));
    let (code, shown, err) = run_tty(&plan, 80, true);
    assert_eq!(code, 0, "{err}");
    assert!(widest(&shown) <= 80);
    let (_, piped, _) = run_owned(&plan);
    assert!(widest(&piped) > 80 && widest(&piped) <= 100);
}

#[test]
fn total_lines_are_bold_wherever_the_summary_puts_them() {
    let bold = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.strip_prefix("\u{1b}[1m").and_then(|l| l.strip_suffix("\u{1b}[0m")))
            .map(String::from)
            .collect()
    };
    let (code, out, err) = run_tty(&reference_args(&[]), 120, false);
    assert_eq!(code, 0, "{err}");
    let line = "Tổng điểm: 71,79 / 100 · Bị trừ: 28,21 · Chỉ số: 71,79% · Xếp loại: Khá";
    assert_eq!(bold(&out), [line, line]);
    // At 40 columns the total takes two lines, at the top and at the end.
    let (_, out, _) = run_tty(&reference_args(&["--width", "40"]), 120, false);
    let two = ["Tổng điểm: 71,79 / 100 · Bị trừ: 28,21", "Chỉ số: 71,79% · Xếp loại: Khá"];
    assert_eq!(bold(&out), [two, two].concat());
    // --brief keeps its bold line; NO_COLOR removes it.
    let (_, out, _) = run_tty(&reference_args(&["--brief"]), 120, false);
    assert_eq!(bold(&out), [line]);
    let (_, out, _) = run_tty(&reference_args(&["--brief"]), 120, true);
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn no_losses_and_fewer_than_three() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &small_criteria(""));
    let all = dir.file("all.csv", "criterion,value\n1.1,yes\n1.2,95%\n2,100%\n");
    let (code, out, err) = run_owned(&["score", "-c", &c, "-e", &all, "--brief"].map(String::from));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Small set (small, 2022)\nRound: self-assessment (no appraisal values yet)\nTotal: 10 / 10 · Lost: 0 · Index: 100% · Band: Good\nNo criterion lost points.\n"
    );
    let one = dir.file("one.csv", "criterion,value\n1.1,yes\n1.2,95%\n2,75%\n");
    let (_, out, _) = run_owned(&["score", "-c", &c, "-e", &one, "--brief", "--lang", "vi"].map(String::from));
    assert_eq!(
        out,
        "Small set (small, 2022)\nVòng chấm: tự đánh giá (chưa có số liệu thẩm định)\nTổng điểm: 9 / 10 · Bị trừ: 1 · Chỉ số: 90% · Xếp loại: Tốt\n\
         Bị trừ nhiều nhất:\n  2  −1  Area two\n         Chịu trách nhiệm: Agency B\n"
    );
}

#[test]
fn hostile_titles_neither_overflow_nor_drive_the_terminal() {
    let dir = Dir::new();
    // An escape sequence, a word longer than any terminal, wide characters, a right-to-left
    // override, and an agency name of 300 characters.
    let long_word = "x".repeat(150);
    let criteria = small_criteria("")
        .replace(
            "title = \"Plan issued\"",
            &format!("title = \"Kế hoạch \\u001b[31mđỏ {long_word} 計畫書計畫書計畫書 \\u202Eevil\""),
        )
        .replace(
            "name = \"Agency A\"",
            &format!("name = \"{}\"", "Phòng Nội vụ ".repeat(23).trim_end()),
        );
    let c = dir.file("c.toml", &criteria);
    let e = dir.file("e.csv", "criterion,value\n1.1,no\n1.2,95%\n2,50%\n");
    for width in ["40", "53", "80", "100"] {
        for format in ["table", "markdown"] {
            let (code, out, err) = run_owned(&["score", "-c", &c, "-e", &e, "--width", width, "--format", format].map(String::from));
            assert_eq!(code, 0, "{err}");
            assert!(!out.contains('\u{1b}') && !out.contains('\u{202E}'), "{out}");
            // The escape is shown, not obeyed (Markdown escapes the backslash and bracket).
            let shown = if format == "table" { "\\u{1b}[31m" } else { "\\\\u{1b}\\[31m" };
            assert!(out.contains(shown), "{out}");
            if format == "table" {
                let w: usize = width.parse().unwrap();
                assert!(widest(&out) <= w, "at {width}: a line is {} wide:\n{out}", widest(&out));
                // Every number survives whole.
                for number in ["Total: 6 / 10", "Lost: 4", "Index: 60%"] {
                    assert!(out.replace('\n', " ").contains(number), "at {width}: `{number}` lost:\n{out}");
                }
                for code in ["1.1", "2"] {
                    let line = out
                        .lines()
                        .find(|l| l.trim_start().starts_with(&format!("{code} ")) && l.contains(" −2"));
                    assert!(line.is_some(), "at {width}: the loss of {code} is lost:\n{out}");
                }
            }
        }
    }
}
