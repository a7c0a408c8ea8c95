//! CLI cases: each folder under `tests/cases/` holds input files, a `cmd` file with the
//! arguments, and an `expected` file with the exit code, stdout and stderr. Run with
//! `PARCALC_BLESS=1 cargo test cases` to rewrite the expected files after a deliberate
//! change (and review the diff).
//!
//! Every diagnostic code has a case named after it, and a heading in `docs/checks.md`.

use std::path::Path;

use parcalc::diag::Code;

use super::support::root;

fn run_case(dir: &Path) -> String {
    let cmd = std::fs::read_to_string(dir.join("cmd")).unwrap();
    let args: Vec<&str> = cmd.split_whitespace().collect();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_parcalc"))
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("PARCALC_LANG")
        .env_remove("PARCALC_COLOR")
        .output()
        .unwrap();
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
        let actual = run_case(&dir);
        let expected_path = dir.join("expected");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!("== {}\n-- expected\n{expected}\n-- actual\n{actual}", dir.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
        let expected = std::fs::read_to_string(case.join("expected")).unwrap_or_default();
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
