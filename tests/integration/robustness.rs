//! No input makes parcalc panic: a corpus of malformed files, each with the diagnostic it
//! must produce, and property tests feeding arbitrary bytes to every loader and the scorer.

use proptest::prelude::*;

use parcalc::criteria::CriteriaSet;
use parcalc::score::{Options, score};

use super::support::{CRITERIA, Dir, evidence, root, run, run_owned};

#[test]
fn malformed_corpus_gives_the_expected_diagnostics() {
    let dir = root().join("tests/malformed");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let criteria = root().join(CRITERIA).to_string_lossy().into_owned();
    let mut seen = 0;
    for line in expected.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (file, code) = line.split_once(' ').unwrap();
        let path = dir.join(file).to_string_lossy().into_owned();
        let (exit, out, err) = if file.ends_with(".toml") {
            run(&["--lang", "en", "check", "--criteria", &path])
        } else {
            // (each file holds a few rows: `--partial`, or every other leaf is `no-evidence`)
            run(&["--lang", "en", "check", "--partial", "--criteria", &criteria, "--evidence", &path])
        };
        assert!(err.is_empty(), "{file}: {err}");
        if code == "none" {
            assert_eq!(exit, 0, "{file}: {out}");
            assert!(out.ends_with("0 error(s), 0 warning(s)\n"), "{file}: {out}");
        } else {
            assert!(out.contains(&format!("[{code}]")), "{file} should produce {code}:\n{out}");
            assert_ne!(exit, 2, "{file}");
        }
        seen += 1;
    }
    let files = std::fs::read_dir(&dir).unwrap().count() - 1;
    assert_eq!(seen, files, "every corpus file is listed in expected.txt");
}

#[test]
fn a_file_of_a_few_megabytes() {
    let mut text = String::from("criterion,value,note\n");
    let note = "ghi chú dài, có dấu phẩy; ".repeat(2000);
    for code in ["1.4.1", "1.5.1", "1.5.3", "2.2.1", "3.3", "3.4.1", "3.4.2", "3.4.3", "3.5", "4.1"] {
        for i in 0..6 {
            text.push_str(&format!("{code},có,\"{note}{i}\"\n"));
        }
    }
    assert!(text.len() > 3_000_000);
    let dir = Dir::new();
    let e = dir.file("big.csv", &text);
    let (code, out, _) = run(&["check", "-c", &root().join(CRITERIA).to_string_lossy(), "-e", &e]);
    assert_eq!(code, 0, "{}", &out[out.len().saturating_sub(400)..]);
    assert!(out.contains("[conflicting-rows]"), "repeated facts are reported as warnings");
}

fn reference_set() -> CriteriaSet {
    parcalc::criteria::load_file(&root().join(CRITERIA)).unwrap()
}

/// Bytes that look a little like evidence, so the fuzzing reaches the rules.
fn evidence_like() -> impl Strategy<Value = Vec<u8>> {
    let cell = prop_oneof![
        Just("1.7".to_string()),
        Just("3.4.4".to_string()),
        Just("7.2".to_string()),
        Just("5.7.4".to_string()),
        Just("n/a".to_string()),
        Just("có".to_string()),
        Just("1/0".to_string()),
        Just("31/02/2022".to_string()),
        Just("tong_ho_so".to_string()),
        Just("vi-pham".to_string()),
        Just("\"".to_string()),
        "[0-9.,%/-]{0,12}",
        ".{0,8}",
    ];
    (prop::collection::vec(prop::collection::vec(cell, 0..6), 0..12), any::<bool>()).prop_map(|(rows, semicolon)| {
        let sep = if semicolon { ";" } else { "," };
        let mut s = ["criterion", "item", "value", "agency", "document", "stage"].join(sep);
        s.push('\n');
        for r in rows {
            s.push_str(&r.join(sep));
            s.push('\n');
        }
        s.into_bytes()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn criteria_loader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Err(f) = parcalc::criteria::load_bytes("fuzz.toml", &bytes) {
            let _ = (parcalc::diag::render_all(&f.0, parcalc::number::Lang::En), parcalc::diag::render_all(&f.0, parcalc::number::Lang::Vi));
        }
    }

    #[test]
    fn criteria_loader_never_panics_on_edited_reference(cut in 0usize..20_000, insert in ".{0,6}") {
        let text = std::fs::read_to_string(root().join(CRITERIA)).unwrap();
        let at = text.char_indices().map(|(i, _)| i).take_while(|i| *i <= cut).last().unwrap_or(0);
        let edited = format!("{}{insert}{}", &text[..at], &text[at..]);
        match parcalc::criteria::load_str("edited.toml", &edited) {
            Ok(_) => {}
            Err(f) => { let _ = (parcalc::diag::render_all(&f.0, parcalc::number::Lang::En), parcalc::diag::render_all(&f.0, parcalc::number::Lang::Vi)); }
        }
    }

    #[test]
    fn evidence_loader_and_scorer_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(ev) = parcalc::evidence::load_bytes("fuzz.csv", &bytes) {
            let _ = score(&reference_set(), &ev, &Options::default());
        }
    }

    #[test]
    fn scorer_never_panics_on_evidence_like_input(bytes in evidence_like()) {
        let set = reference_set();
        match parcalc::evidence::load_bytes("fuzz.csv", &bytes) {
            Ok(ev) => {
                for stage in set.rounds.all() {
                    match score(&set, &ev, &Options { round: Some(stage), unit: None }) {
                        Ok(r) => { let _ = parcalc::render::score(&r, parcalc::render::Format::Table, parcalc::number::Lang::Vi); }
                        Err(f) => { let _ = (parcalc::diag::render_all(&f.0, parcalc::number::Lang::En), parcalc::diag::render_all(&f.0, parcalc::number::Lang::Vi)); }
                    }
                }
            }
            Err(f) => { let _ = (parcalc::diag::render_all(&f.0, parcalc::number::Lang::En), parcalc::diag::render_all(&f.0, parcalc::number::Lang::Vi)); }
        }
    }
}

/// Every file of the hostile corpus (`tests/corpus/expected.txt`) gives its exit code and
/// message, and is left unchanged.
#[test]
fn hostile_corpus_gives_the_expected_exit_and_message() {
    let corpus = root().join("tests/corpus");
    let expected = std::fs::read_to_string(corpus.join("expected.txt")).unwrap();
    let criteria = root().join(CRITERIA).to_string_lossy().into_owned();
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in expected.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, command, exit, needle] = cols[..] else {
            panic!("bad line in expected.txt: {line}");
        };
        let path = corpus.join(file).to_string_lossy().into_owned();
        let before = std::fs::read(&path).unwrap();
        let args: Vec<String> = match command {
            "check" => vec![
                "check".into(),
                "--partial".into(),
                "-c".into(),
                criteria.clone(),
                "-e".into(),
                path.clone(),
            ],
            "score" => vec!["score".into(), "-c".into(), criteria.clone(), "-e".into(), path.clone()],
            "score-as-van-phong" => {
                let mut a = vec![
                    "score".to_string(),
                    "-c".into(),
                    criteria.clone(),
                    "--format".into(),
                    "json".into(),
                    "-e".into(),
                ];
                a.extend(evidence().into_iter().filter(|f| !f.ends_with("van-phong.csv")));
                a.push(path.clone());
                a
            }
            other => panic!("unknown command {other}"),
        };
        // Run in both languages: the exit code is the same in each, and the expected text
        // (written in either language) is in one of them.
        let mut outputs = Vec::new();
        for lang in ["vi", "en"] {
            let args: Vec<String> = ["--lang".to_string(), lang.into()]
                .into_iter()
                .chain(args.iter().cloned())
                .collect();
            let (code, out, err) = run_owned(&args);
            outputs.push((code, format!("{out}{err}")));
        }
        let found = outputs.iter().any(|(_, all)| all.contains(needle));
        for (code, all) in &outputs {
            if code.to_string() != exit || !found {
                failures.push(format!(
                    "{file} ({command}): exit {code}, expected {exit} and `{needle}` in:\n{all}"
                ));
            }
        }
        assert_eq!(std::fs::read(&path).unwrap(), before, "{file} was changed");
        cases += 1;
    }
    assert!(cases >= 30, "{cases}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs the real binary under a 1 GiB address-space limit (and a generous time limit that
/// only catches a hang): (exit code, stdout + stderr).
fn bounded(args: &[&str]) -> (i32, String) {
    let mut script = String::from("ulimit -v 1048576; exec timeout 120");
    for a in std::iter::once(env!("CARGO_BIN_EXE_parcalc")).chain(args.iter().copied()) {
        script.push_str(&format!(" '{}'", a.replace('\'', "'\\''")));
    }
    let o = std::process::Command::new("sh").args(["-c", &script]).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(
        !text.contains("panicked") && !text.contains("memory allocation"),
        "{}",
        &text[..text.len().min(2000)]
    );
    (o.status.code().unwrap_or(-1), text)
}

#[test]
fn small_hostile_csv_files_end_in_located_errors_within_bounded_memory() {
    let dir = Dir::new();
    let criteria = root().join(CRITERIA).to_string_lossy().into_owned();
    let columns: String = (0..100_000).map(|i| format!(",c{i}")).collect();
    let cases = [
        // 100,000 columns in a 700 KB header.
        (
            "wide-header.csv",
            format!("criterion,value{columns}\n1.4.1,có\n"),
            "tệp số liệu kiểm chứng có tối đa 1024 cột",
        ),
        // 100,000 fields on one row.
        (
            "wide-row.csv",
            format!("criterion,value\n1.4.1{columns}\n"),
            "dòng có 100001 trường nhưng dòng tiêu đề có 2",
        ),
        // One 3 MB cell.
        (
            "huge-cell.csv",
            format!("criterion,value\n1.4.1,\"{}\"\n", "x".repeat(3 << 20)),
            "một ô chứa tối đa 1048576 byte",
        ),
        // A quote opened on line 2 of a 4 MB file.
        (
            "open-quote.csv",
            format!("criterion,value,note\n1.4.1,có,\"{}", "1.5.1,có,ghi chú\n".repeat(200_000)),
            "dấu ngoặc kép mở ở dòng 2 không được đóng",
        ),
    ];
    for (name, text, needle) in cases {
        assert!(text.len() < 5 << 20, "{name} is under 5 MB");
        let e = dir.file(name, &text);
        for command in ["check", "score", "rank", "plan"] {
            let (code, out) = bounded(&[command, "-c", &criteria, "-e", &e]);
            let expected = if command == "check" { 1 } else { 2 };
            assert_eq!(code, expected, "{command} {name}: {}", &out[..out.len().min(1000)]);
            assert!(out.contains(needle), "{command} {name}: {}", &out[..out.len().min(1000)]);
            assert!(
                out.contains(&format!("{name}:")) || out.contains(&format!("{name}`")),
                "{command} {name}: located"
            );
            assert!(out.len() < 64 * 1024, "{command} {name}: {} bytes of output", out.len());
        }
    }
}
