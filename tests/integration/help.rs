//! Help for people: `--lang` and `--color` anywhere on the line with their variables,
//! examples in every command's help that really run, the manual page, and Vietnamese help.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

use parcalc::cli::Terminal;
use parcalc::number::Lang;

use super::support::{Dir, evidence, root};

const COMMANDS: [&str; 10] = [
    "score",
    "check",
    "rank",
    "compare",
    "plan",
    "template",
    "survey",
    "init",
    "completions",
    "man",
];

/// Runs parcalc in-process under `term` (its environment): (exit code, stdout, stderr).
fn run_env(args: &[&str], term: Terminal) -> (i32, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = std::iter::once("parcalc").chain(args.iter().copied()).map(OsString::from);
    let code = parcalc::cli::run_in(argv, &mut out, &mut err, term);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

fn env(lang: Option<&str>, color: Option<&str>) -> Terminal {
    Terminal {
        lang: lang.map(Into::into),
        color: color.map(Into::into),
        ..Terminal::default()
    }
}

/// The real binary, from `dir`, with none of parcalc's variables set unless `vars` says.
fn bin_in(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parcalc"));
    c.args(args).current_dir(dir);
    for v in ["PARCALC_LANG", "PARCALC_COLOR", "NO_COLOR"] {
        c.env_remove(v);
    }
    for (k, v) in vars {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn reference_score(extra: &[&str]) -> Vec<String> {
    let mut v = vec![
        "-c".to_string(),
        root().join(super::support::CRITERIA).to_string_lossy().into_owned(),
        "-e".into(),
    ];
    v.extend(evidence());
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

const EN_TITLE: &str = "Total: 71.79 / 100";
const VI_TITLE: &str = "Tổng điểm: 71,79 / 100";

#[test]
fn lang_is_one_option_for_every_command_before_or_after_it() {
    let tail = reference_score(&[]);
    let after: Vec<String> = ["score".to_string()]
        .into_iter()
        .chain(tail.iter().cloned())
        .chain(["--lang".into(), "en".into()])
        .collect();
    let before: Vec<String> = ["--lang".to_string(), "en".into(), "score".into()]
        .into_iter()
        .chain(tail.iter().cloned())
        .collect();
    let (code_a, out_a, err_a) = run_env(&refs(&after), Terminal::default());
    let (code_b, out_b, _) = run_env(&refs(&before), Terminal::default());
    assert_eq!((code_a, code_b), (0, 0), "{err_a}");
    assert_eq!(out_a, out_b);
    assert!(out_a.contains(EN_TITLE), "{out_a}");
    // Without the flag or the variable: the criteria set's language.
    let plain: Vec<String> = ["score".to_string()].into_iter().chain(tail.iter().cloned()).collect();
    let (_, out, _) = run_env(&refs(&plain), Terminal::default());
    assert!(out.contains(VI_TITLE), "{out}");
}

#[test]
fn parcalc_lang_sets_the_language_and_the_flag_wins() {
    let args: Vec<String> = ["score".to_string()].into_iter().chain(reference_score(&[])).collect();
    let (code, out, _) = run_env(&refs(&args), env(Some("en"), None));
    assert_eq!(code, 0);
    assert!(out.contains(EN_TITLE), "{out}");
    // Case and surrounding spaces do not matter; empty is unset.
    assert!(run_env(&refs(&args), env(Some(" EN "), None)).1.contains(EN_TITLE));
    assert!(run_env(&refs(&args), env(Some(""), None)).1.contains(VI_TITLE));
    let mut flagged = args.clone();
    flagged.extend(["--lang".into(), "vi".into()]);
    let (code, out, _) = run_env(&refs(&flagged), env(Some("en"), None));
    assert_eq!(code, 0);
    assert!(out.contains(VI_TITLE), "--lang wins over PARCALC_LANG: {out}");
    // The other commands follow it too.
    let (code, out, _) = run_env(
        &refs(&["plan".to_string()].into_iter().chain(reference_score(&[])).collect::<Vec<_>>()),
        env(Some("en"), None),
    );
    assert_eq!(code, 0);
    assert!(out.contains("items to fix"), "{out}");
}

#[test]
fn an_invalid_parcalc_lang_is_an_error_naming_it() {
    let args: Vec<String> = ["score".to_string()].into_iter().chain(reference_score(&[])).collect();
    let (code, out, err) = run_env(&refs(&args), env(Some("fr"), None));
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: PARCALC_LANG is `fr`, which parcalc does not know: set it to one of vi, en, or unset it\n\
         lỗi: PARCALC_LANG có giá trị `fr`, parcalc không hiểu giá trị này: hãy đặt một trong vi, en, hoặc bỏ biến này\n"
    );
    // A terminal escape in the variable is shown, not obeyed.
    let (code, _, err) = run_env(&refs(&args), env(Some("\u{1b}[2J"), None));
    assert_eq!(code, 2);
    assert!(err.starts_with("error: PARCALC_LANG is `\\u{1b}[2J`"), "{err}");
    // A long value is cut short.
    let long = "x".repeat(100_000);
    let (code, _, err) = run_env(&refs(&args), env(Some(&long), None));
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!("error: PARCALC_LANG is `{}…`, which", "x".repeat(40))),
        "{}",
        &err[..200]
    );
    assert!(err.len() < 400, "{}", err.len());
    // The flag wins, so the variable is not even read.
    let mut flagged = args.clone();
    flagged.extend(["--lang".into(), "en".into()]);
    let (code, out, _) = run_env(&refs(&flagged), env(Some("fr"), None));
    assert_eq!(code, 0);
    assert!(out.contains(EN_TITLE));
    // The binary reads the real variable.
    let (code, _, err) = bin_in(&root(), &["--version"], &[("PARCALC_LANG", "vi_VN.UTF-8")]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: PARCALC_LANG is `vi_VN.UTF-8`"), "{err}");
}

#[test]
fn parcalc_color_sits_between_the_flag_and_no_color() {
    let esc = "\u{1b}[";
    let table = |color_flag: Option<&str>, var: Option<&str>, no_color: bool| {
        let mut args: Vec<String> = Vec::new();
        if let Some(c) = color_flag {
            args.extend(["--color".to_string(), c.into()]);
        }
        args.push("score".into());
        args.extend(reference_score(&[]));
        let term = Terminal {
            stdout_is_tty: true,
            stderr_is_tty: true,
            no_color,
            color: var.map(Into::into),
            ..Terminal::default()
        };
        let (code, out, err) = run_env(&refs(&args), term);
        assert_eq!(code, 0, "{err}");
        out.contains(esc)
    };
    assert!(table(None, None, false), "a terminal gets colour");
    assert!(!table(None, None, true), "NO_COLOR turns it off");
    assert!(table(None, Some("always"), true), "PARCALC_COLOR wins over NO_COLOR");
    assert!(!table(None, Some("never"), false), "PARCALC_COLOR=never on a terminal");
    assert!(!table(None, Some("auto"), true), "auto still honours NO_COLOR");
    assert!(table(None, Some("ALWAYS"), false), "any case");
    assert!(!table(Some("never"), Some("always"), false), "the flag wins over PARCALC_COLOR");
    assert!(table(Some("always"), Some("never"), true), "the flag wins over both");
    assert!(table(Some("auto"), Some("never"), false), "an explicit auto wins too");
}

#[test]
fn an_invalid_parcalc_color_is_an_error_naming_it() {
    let args: Vec<String> = ["score".to_string()].into_iter().chain(reference_score(&[])).collect();
    let (code, out, err) = run_env(&refs(&args), env(None, Some("yes")));
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: PARCALC_COLOR is `yes`, which parcalc does not know: set it to one of auto, always, never, or unset it\n\
         lỗi: PARCALC_COLOR có giá trị `yes`, parcalc không hiểu giá trị này: hãy đặt một trong auto, always, never, hoặc bỏ biến này\n"
    );
    // Once the language is known, the message is in that language only.
    let (code, _, err) = run_env(&refs(&args), env(Some("vi"), Some("yes")));
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: PARCALC_COLOR có giá trị `yes`, parcalc không hiểu giá trị này: hãy đặt một trong auto, always, never, hoặc bỏ biến này\n"
    );
    let mut flagged = args.clone();
    flagged.extend(["--color".into(), "never".into()]);
    assert_eq!(run_env(&refs(&flagged), env(None, Some("yes"))).0, 0, "the flag wins");
}

#[test]
fn init_writes_its_set_in_the_chosen_language() {
    let dir = Dir::new();
    let en = dir.path().join("en.toml").to_string_lossy().into_owned();
    let vi = dir.path().join("vi.toml").to_string_lossy().into_owned();
    let var = dir.path().join("var.toml").to_string_lossy().into_owned();
    assert_eq!(run_env(&["--lang", "en", "init", "-o", &en], Terminal::default()).0, 0);
    assert_eq!(run_env(&["init", "-o", &vi], Terminal::default()).0, 0);
    assert_eq!(run_env(&["init", "-o", &var], env(Some("en"), None)).0, 0);
    let language = |p: &str| {
        let text = std::fs::read_to_string(p).unwrap();
        let line = text.lines().find(|l| l.starts_with("language = ")).unwrap().to_string();
        line[..line.find('#').unwrap_or(line.len())].trim_end().to_string()
    };
    assert_eq!(language(&en), "language = \"en\"");
    assert_eq!(language(&vi), "language = \"vi\"", "Vietnamese unless asked");
    assert_eq!(language(&var), "language = \"en\"");
}

/// The examples block of a help text: each example's comment and commands.
fn parse_examples(help: &str, heading: &str) -> Vec<(String, Vec<String>)> {
    let mut lines = help.lines().skip_while(|l| *l != heading);
    assert_eq!(lines.next(), Some(heading), "no `{heading}` in:\n{help}");
    let mut examples: Vec<(String, Vec<String>)> = Vec::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let Some(body) = line.strip_prefix("  ") else { break };
        if let Some(comment) = body.strip_prefix("# ") {
            examples.push((comment.to_string(), Vec::new()));
        } else {
            examples
                .last_mut()
                .expect("a comment before the first command")
                .1
                .push(body.to_string());
        }
    }
    examples
}

/// A folder where the shipped `criteria/` and `examples/` are where the examples expect
/// them, so that what the examples write lands outside the repository; its name has spaces
/// and Vietnamese letters, as an office's folders do.
fn sandbox() -> (Dir, std::path::PathBuf) {
    let dir = Dir::new();
    let inner = dir.path().join("Hồ sơ CCHC 2022 (bản nháp)");
    std::fs::create_dir(&inner).unwrap();
    for name in ["criteria", "examples"] {
        std::os::unix::fs::symlink(root().join(name), inner.join(name)).unwrap();
    }
    (dir, inner)
}

#[test]
fn every_example_in_the_help_runs() {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_parcalc")).parent().unwrap().to_path_buf();
    let path =
        std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()))).unwrap();
    let mut ran = 0;
    for command in std::iter::once("").chain(COMMANDS) {
        let args: Vec<&str> = if command.is_empty() {
            vec!["--help"]
        } else {
            vec![command, "--help"]
        };
        let (code, help, _) = bin_in(&root(), &args, &[]);
        assert_eq!(code, 0);
        let examples = parse_examples(&help, "Examples:");
        assert!(!examples.is_empty(), "`parcalc {command} --help` shows no example");
        // The Vietnamese help shows the same commands.
        let (_, help_vi, _) = bin_in(&root(), &args, &[("PARCALC_LANG", "vi")]);
        let examples_vi = parse_examples(&help_vi, "Ví dụ:");
        let commands = |e: &[(String, Vec<String>)]| e.iter().map(|x| x.1.clone()).collect::<Vec<_>>();
        assert_eq!(commands(&examples), commands(&examples_vi), "{command}");
        for (comment, lines) in &examples {
            assert!(!lines.is_empty(), "{command}: `{comment}` has no command");
            // Each example in a fresh folder, as a user would type it (globs, redirections).
            let (_dir, inner) = sandbox();
            let script = format!("set -e\n{}\n", lines.join("\n"));
            let o = Command::new("sh")
                .arg("-c")
                .arg(&script)
                .current_dir(&inner)
                .env("PATH", &path)
                .env_remove("PARCALC_LANG")
                .env_remove("PARCALC_COLOR")
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(
                o.status.code(),
                Some(0),
                "`parcalc {command}` example `{comment}`:\n{script}\n{err}"
            );
            assert!(!err.contains("error"), "{script}\n{err}");
            ran += 1;
        }
    }
    assert!(ran >= 25, "{ran} examples");
}

#[test]
fn examples_that_write_files_write_them() {
    let (_dir, inner) = sandbox();
    let (code, _, err) = bin_in(
        &inner,
        &[
            "plan",
            "-c",
            "criteria/dak-nong-district-2022.toml",
            "-e",
            "examples/dak-nong-2022/khao-sat.csv",
            "-o",
            "plan.xlsx",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(inner.join("plan.xlsx")).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx file is a zip");
}

#[test]
fn every_help_text_has_a_vietnamese_translation() {
    let missing: Vec<String> = parcalc::help::english_texts()
        .into_iter()
        .filter(|t| parcalc::help::vietnamese(t).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "add to src/help/vi.rs:\n{}",
        missing.iter().map(|m| format!("    ({m:?}, \"\"),")).collect::<Vec<_>>().join("\n")
    );
    // The table has nothing else: each entry is used, once, and says something else.
    let used = parcalc::help::english_texts();
    let table = parcalc::help::table();
    for (i, (en, vi)) in table.iter().enumerate() {
        assert!(used.iter().any(|u| u == en), "unused translation: {en}");
        assert!(!table[..i].iter().any(|(e, _)| e == en), "twice: {en}");
        assert!(!vi.is_empty() && vi != en, "{en}");
    }
}

#[test]
fn vietnamese_help_has_no_english_sentence_left() {
    let clap_words = [
        "Usage:",
        "Options:",
        "Commands:",
        "Arguments:",
        "[default:",
        "[possible values:",
        "Possible values:",
        "Examples:",
        "Exit status:",
        "Environment:",
    ];
    let mut helps = Vec::new();
    for command in std::iter::once("").chain(COMMANDS) {
        for flag in ["-h", "--help"] {
            let mut args = vec!["--lang", "vi"];
            if !command.is_empty() {
                args.push(command);
            }
            args.push(flag);
            let (code, out, _) = run_env(&args, Terminal::default());
            assert_eq!(code, 0);
            helps.push((format!("{command} {flag}"), out));
        }
        // The variable does the same.
        let args: Vec<&str> = if command.is_empty() {
            vec!["--help"]
        } else {
            vec![command, "--help"]
        };
        helps.push((format!("PARCALC_LANG=vi {command}"), run_env(&args, env(Some("vi"), None)).1));
        // And `help COMMAND`, and the flag after the command.
        if !command.is_empty() {
            helps.push((
                format!("help {command}"),
                run_env(&["--lang", "vi", "help", command], Terminal::default()).1,
            ));
            helps.push((
                format!("{command} --lang=vi"),
                run_env(&[command, "--help", "--lang=vi"], Terminal::default()).1,
            ));
        }
    }
    for (what, help) in &helps {
        assert!(help.contains("Cách dùng: parcalc"), "{what}:\n{help}");
        assert!(help.contains("Ví dụ:") || help.contains("Tùy chọn:"), "{what}:\n{help}");
        for (en, _) in parcalc::help::table() {
            assert!(!help.contains(en), "{what}: English `{en}` in:\n{help}");
        }
        for w in clap_words {
            assert!(!help.contains(w), "{what}: `{w}` in:\n{help}");
        }
    }
    // Exactly: a translated option with its default and values said in Vietnamese.
    let (_, help, _) = run_env(&["--lang", "vi", "check", "-h"], Terminal::default());
    assert!(
        help.contains("  -f, --format <FORMAT>      Định dạng đầu ra [mặc định: human] [giá trị: human, json, github]\n"),
        "{help}"
    );
    // English help is unchanged by a Vietnamese criteria set: help is in English by default.
    let (_, help, _) = run_env(&["score", "-h"], Terminal::default());
    assert!(help.contains("  -c, --criteria <FILE>        Criteria set (TOML)\n"), "{help}");
}

#[test]
fn evidence_help_names_every_accepted_format() {
    let cmd = parcalc::help::command(Lang::En);
    let mut seen = 0;
    for sub in cmd.get_subcommands() {
        for arg in sub.get_arguments().filter(|a| a.get_id().as_str().contains("evidence")) {
            let help = arg.get_help().unwrap().to_string();
            let lower = help.to_lowercase();
            for format in ["csv", "tsv"].into_iter().chain(parcalc::evidence::workbook::EXTENSIONS) {
                assert!(
                    lower.contains(format),
                    "{} --{}: no {format} in `{help}`",
                    sub.get_name(),
                    arg.get_id()
                );
            }
            assert!(help.contains("a folder") && help.contains("`-` for standard input"), "{help}");
            seen += 1;
        }
    }
    assert_eq!(seen, 8, "score, check, rank, plan, track, and compare's three");
}

/// Every `name(section)` a roff page refers to, as `\fBname\fR(1)` or `.BR name (1)`.
fn references(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in page.lines() {
        if let Some(rest) = line.strip_prefix(".BR ").or_else(|| line.strip_prefix(".IR ")) {
            let mut words = rest.split_whitespace();
            if let (Some(name), Some(section)) = (words.next(), words.next())
                && section.starts_with('(')
            {
                found.push(format!("{}{}", name.trim_matches('"'), section.trim_end_matches(',')));
            }
            continue;
        }
        let plain = line.replace("\\fB", "").replace("\\fI", "").replace("\\fR", "").replace("\\-", "-");
        let mut rest = plain.as_str();
        while let Some(i) = rest.find("(1)").or_else(|| rest.find("(5)")).or_else(|| rest.find("(7)")) {
            let name: String = rest[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            found.push(format!("{}{}", name.chars().rev().collect::<String>(), &rest[i..i + 3]));
            rest = &rest[i + 3..];
        }
    }
    found
}

#[test]
fn the_manual_page_is_complete() {
    let (code, page, _) = run_env(&["man"], Terminal::default());
    assert_eq!(code, 0);
    assert!(page.contains(".TH PARCALC 1 \"\" \"parcalc "), "{page}");
    let sections: Vec<&str> = page.lines().filter_map(|l| l.strip_prefix(".SH ")).collect();
    assert_eq!(
        sections,
        [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "COMMANDS",
            "EXAMPLES",
            "\"EXIT STATUS\"",
            "ENVIRONMENT",
            "\"SEE ALSO\""
        ]
    );
    let section = |name: &str| {
        let start = page.find(&format!(".SH {name}\n")).unwrap();
        let rest = &page[start + 1..];
        rest[..rest.find("\n.SH ").unwrap_or(rest.len())].to_string()
    };
    let commands = section("COMMANDS");
    let examples = section("EXAMPLES");
    for c in COMMANDS {
        assert!(commands.contains(&format!(".SS \"parcalc {c}\"")), "{c} missing from COMMANDS");
        assert!(examples.contains(&format!(".SS \"parcalc {c}\"")), "{c} missing from EXAMPLES");
        for ex in parcalc::help::examples(c) {
            for line in ex.commands {
                assert!(examples.contains(&line.replace('-', "\\-")), "{line}");
            }
        }
    }
    // Every option of every command is there.
    assert!(commands.contains("\\fB\\-\\-include\\-survey\\fR"));
    assert!(commands.contains("\\fB\\-e\\fR, \\fB\\-\\-evidence\\fR \\fIPATH\\fR..."));
    let exit = section("\"EXIT STATUS\"");
    for code in ["0", "1", "2"] {
        assert!(exit.contains(&format!(".TP\n\\fB{code}\\fR\n")), "{exit}");
    }
    let environment = section("ENVIRONMENT");
    for v in ["PARCALC_LANG", "PARCALC_COLOR", "NO_COLOR"] {
        assert!(environment.contains(&format!(".TP\n\\fB{v}\\fR\n")), "{environment}");
    }
    // The page names no page but itself.
    for r in references(&page) {
        assert_eq!(r, "parcalc(1)", "reference to a page that does not exist");
    }
    assert_eq!(
        references("see \\fBparcalc\\-score\\fR(1) and\n.BR git (1),\n"),
        ["parcalc-score(1)", "git(1)"]
    );
}

#[test]
fn the_manual_page_renders_cleanly_in_both_languages() {
    let Ok(probe) = Command::new("groff").arg("--version").output() else {
        eprintln!("groff is not installed: rendering not checked");
        return;
    };
    assert!(probe.status.success());
    for lang in ["en", "vi"] {
        let (code, page, _) = run_env(&["--lang", lang, "man"], Terminal::default());
        assert_eq!(code, 0);
        let dir = Dir::new();
        let file = dir.file("parcalc.1", &page);
        // -ww: every warning; -k: UTF-8 input through preconv, as man does; -P-cbou: plain text.
        let o = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-k", "-P-cbou", &file])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success() && err.is_empty(), "{lang}: {err}");
        let text = String::from_utf8_lossy(&o.stdout);
        let heading = if lang == "en" { "\nEXIT STATUS\n" } else { "\nMÃ THOÁT\n" };
        assert!(text.contains(heading), "{lang}:\n{text}");
        assert!(text.contains("PARCALC_LANG"));
    }
}

#[test]
fn readme_documents_the_variables() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for v in ["PARCALC_LANG", "PARCALC_COLOR", "NO_COLOR"] {
        assert!(readme.contains(&format!("`{v}`")), "{v}");
    }
    assert!(readme.contains("parcalc --lang en score"));
}

/// Mistakes on the command line are told in Vietnamese when Vietnamese is chosen, or when
/// the criteria file named on the line is Vietnamese; English otherwise.
#[test]
fn command_line_mistakes_in_both_languages() {
    let vi = |args: &[&str]| run_env(args, env(Some("vi"), None));
    let en = |args: &[&str]| run_env(args, env(None, None));
    let more = "\n\nĐể xem cách dùng, hãy chạy '--help'.\n";
    let cases: [(&[&str], &str); 6] = [
        (&["score"], "error: thiếu tham số bắt buộc: --criteria <FILE>, --evidence <PATH>..."),
        (
            &["score", "-c", "a", "-e", "b", "--decimal-mark", "cuối"],
            "error: giá trị `cuối` không hợp lệ cho `--decimal-mark <MARK>`; các giá trị hợp lệ: vi, en",
        ),
        (&["scor"], "error: không có lệnh `scor`; có phải là `compare` hoặc `score`?"),
        (&["score", "--bogus"], "error: không có tùy chọn `--bogus`"),
        (
            &["score", "-c", "a", "-e", "b", "--width", "0"],
            "error: giá trị `0` cho `--width <COLUMNS>` không hợp lệ: phải từ 40 đến 65535",
        ),
        (
            &["score", "-c", "a", "-e", "b", "--width", "x"],
            "error: giá trị `x` cho `--width <COLUMNS>` không hợp lệ: không phải là số nguyên",
        ),
    ];
    for (args, first) in cases {
        let (code, out, err) = vi(args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert_eq!(err, format!("{first}{more}"), "{args:?}");
        let (code, _, err) = en(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.starts_with("error: ") && err.contains("For more information, try '--help'."),
            "{err}"
        );
    }
    // No language chosen: the criteria file on the line decides.
    let criteria = root().join(super::support::CRITERIA).to_string_lossy().into_owned();
    let (code, _, err) = en(&["score", "-c", &criteria, "-e", "x", "--decimal-mark", "cuối"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: giá trị `cuối` không hợp lệ cho `--decimal-mark <MARK>`"),
        "{err}"
    );
}
