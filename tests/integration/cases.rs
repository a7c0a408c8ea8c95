//! CLI cases: each folder under `tests/cases/` holds input files, a `cmd` file with the
//! arguments, and the exit code, stdout and stderr expected in each language:
//! `expected.vi` (run with `PARCALC_LANG=vi`) and `expected.en` (`PARCALC_LANG=en`). Without
//! a chosen language a case must give the output of its criteria set's language. Run with
//! `PARCALC_BLESS=1 cargo test cases` to rewrite the expected files after a deliberate
//! change (and review the diff).
//!
//! Every diagnostic code has a case named after it, and a heading in `docs/checks.md`.

use std::path::Path;

use parcalc::diag::Code;
use parcalc::number::Lang;

use super::support::root;

/// The languages every case is run in, with the suffix of its expected file.
const LANGS: [(&str, Lang); 2] = [("vi", Lang::Vi), ("en", Lang::En)];

fn run_case(dir: &Path, lang: Option<&str>) -> String {
    let cmd = std::fs::read_to_string(dir.join("cmd")).unwrap();
    let args: Vec<&str> = cmd.split_whitespace().collect();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_parcalc"));
    command
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("PARCALC_LANG")
        .env_remove("PARCALC_COLOR");
    if let Some(lang) = lang {
        command.env("PARCALC_LANG", lang);
    }
    let o = command.output().unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn every_case_gives_its_expected_output() {
    let bless = std::env::var_os("PARCALC_BLESS").is_some();
    let mut failures = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= Code::ALL.len());
    for dir in dirs {
        for (suffix, _) in LANGS {
            let actual = run_case(&dir, Some(suffix));
            let expected_path = dir.join(format!("expected.{suffix}"));
            if bless {
                std::fs::write(&expected_path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if actual != expected {
                failures.push(format!(
                    "== {}\n-- expected\n{expected}\n-- actual\n{actual}",
                    expected_path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The language nobody chose is the criteria set's: a case run without `PARCALC_LANG`
/// gives the expected output of the language its criteria file declares.
#[test]
fn every_case_speaks_its_criteria_sets_language_by_default() {
    let mut checked = [0usize; 2];
    for entry in std::fs::read_dir(root().join("tests/cases")).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(cmd) = std::fs::read_to_string(dir.join("cmd")) else {
            continue;
        };
        let words: Vec<&str> = cmd.split_whitespace().collect();
        let criteria = words.iter().position(|w| *w == "--criteria").and_then(|i| words.get(i + 1));
        let declared = criteria.and_then(|c| parcalc::criteria::declared_language(&dir.join(c)));
        // Nothing declared (an unreadable criteria file): Vietnamese.
        let lang = declared.unwrap_or(Lang::Vi);
        let (suffix, _) = LANGS.iter().find(|(_, l)| *l == lang).unwrap();
        let expected = std::fs::read_to_string(dir.join(format!("expected.{suffix}"))).unwrap_or_default();
        assert_eq!(run_case(&dir, None), expected, "{} without PARCALC_LANG", dir.display());
        checked[usize::from(lang == Lang::En)] += 1;
    }
    // Both languages occur among the cases' criteria sets.
    assert!(checked[0] > 0 && checked[1] > 0, "{checked:?}");
}

/// Every case's two outputs differ wherever there is a message: a Vietnamese run is not
/// English text with Vietnamese headings, and the reverse.
#[test]
fn every_case_with_messages_reads_differently_in_each_language() {
    for entry in std::fs::read_dir(root().join("tests/cases")).unwrap() {
        let dir = entry.unwrap().path();
        let read = |s: &str| std::fs::read_to_string(dir.join(format!("expected.{s}"))).unwrap_or_default();
        let (vi, en) = (read("vi"), read("en"));
        if en.contains("error[") || en.contains("warning[") {
            assert_ne!(vi, en, "{}", dir.display());
            assert!(
                !vi.contains("= help:") && en.contains("= help:") == vi.contains("= gợi ý:"),
                "{}",
                dir.display()
            );
        }
    }
}

#[test]
fn every_code_has_a_case_and_a_documented_heading() {
    let doc = std::fs::read_to_string(root().join("docs/checks.md")).unwrap();
    let headings: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("## `"))
        .filter_map(|l| l.strip_suffix('`'))
        .collect();
    let mut sorted = headings.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), headings.len(), "a code is documented twice");
    for code in Code::ALL {
        let name = code.as_str();
        assert!(headings.contains(&name), "`{name}` has no heading in docs/checks.md");
        let case = root().join("tests/cases").join(name);
        assert!(case.join("cmd").is_file(), "`{name}` has no case in tests/cases");
        let expected = std::fs::read_to_string(case.join("expected.en")).unwrap_or_default();
        assert!(
            expected.contains(&format!("[{name}]")) || expected.contains(&format!("\"code\": \"{name}\"")),
            "the `{name}` case does not produce `{name}`"
        );
    }
    for h in &headings {
        assert!(
            Code::ALL.iter().any(|c| c.as_str() == *h),
            "docs/checks.md documents unknown code `{h}`"
        );
    }
}
