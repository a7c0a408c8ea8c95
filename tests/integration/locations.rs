//! Locations point at the same place whatever the file's encoding and line endings: every
//! diagnostic case in `tests/cases/` is checked again with its evidence saved as Excel and
//! other tools save it (CRLF, CR alone, a BOM, UTF-16 with and without a BOM, Windows-1258)
//! and its criteria file with CRLF; every finding must keep its code, line, column and message.

use encoding_rs::WINDOWS_1258;
use unicode_normalization::UnicodeNormalization;

use super::support::{Dir, root, run};

/// (code, file name, line, column, message) of every finding of `check --format json`.
fn findings(dir: &Dir, criteria: &str, evidence: &str) -> Vec<(String, String, u64, u64, String)> {
    let (_, out, err) = run(&["check", "--format", "json", "--criteria", criteria, "--evidence", evidence]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let base = format!("{}/", dir.path().display());
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap_or("").replace(&base, "");
            (
                f["code"].as_str().unwrap().to_string(),
                file,
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap().replace(&base, ""),
            )
        })
        .collect()
}

fn with_endings(text: &str, ending: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', ending)
}

/// The evidence variants: (name, bytes), leaving out the encodings that cannot hold the text.
fn variants(text: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (end_name, end) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let t = with_endings(text, end);
        out.push((format!("utf-8 {end_name}"), t.as_bytes().to_vec()));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(t.as_bytes());
        out.push((format!("utf-8 bom {end_name}"), bom));
        let le: Vec<u8> = t.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend(&le);
        out.push((format!("utf-16le bom {end_name}"), le_bom));
        let mut be_bom = vec![0xFE, 0xFF];
        be_bom.extend(t.encode_utf16().flat_map(u16::to_be_bytes));
        out.push((format!("utf-16be bom {end_name}"), be_bom));
        if t.is_ascii() || t.chars().filter(|c| !c.is_ascii()).count() * 20 < t.len() {
            out.push((format!("utf-16le no bom {end_name}"), le));
        }
        // Windows-1258 writes tone marks as combining characters.
        let decomposed: String = t.nfd().collect();
        let (bytes, _, unmappable) = WINDOWS_1258.encode(&decomposed);
        if !unmappable && !t.is_ascii() {
            out.push((format!("windows-1258 {end_name}"), bytes.into_owned()));
        }
    }
    out
}

#[test]
fn every_case_locates_the_same_in_every_encoding_and_line_ending() {
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("c.toml").is_file() && p.join("e.csv").is_file())
        .collect();
    dirs.sort();
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut located = 0;
    let mut legacy = 0;
    for case in &dirs {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let criteria = std::fs::read_to_string(case.join("c.toml")).unwrap();
        let Ok(evidence) = String::from_utf8(std::fs::read(case.join("e.csv")).unwrap()) else {
            continue; // the not-utf8 case is about its bytes
        };
        let evidence = with_endings(evidence.strip_prefix('\u{feff}').unwrap_or(&evidence), "\n");
        let dir = Dir::new();
        let c = dir.file("c.toml", &with_endings(&criteria, "\n"));
        let e = dir.file("e.csv", &evidence);
        let expected = findings(&dir, &c, &e);
        located += expected.iter().filter(|f| f.2 > 0).count();
        for (variant, bytes) in variants(&evidence) {
            legacy += usize::from(variant.starts_with("windows-1258"));
            let dir = Dir::new();
            let c = dir.file("c.toml", &with_endings(&criteria, "\n"));
            let e = dir.bytes("e.csv", &bytes);
            let got = findings(&dir, &c, &e);
            compared += 1;
            if got != expected {
                failures.push(format!("{name} / {variant}:\n  expected {expected:?}\n  got      {got:?}"));
            }
        }
        // The criteria file with CRLF, as Windows editors save it.
        let dir = Dir::new();
        let c = dir.file("c.toml", &with_endings(&criteria, "\r\n"));
        let e = dir.file("e.csv", &evidence);
        let got = findings(&dir, &c, &e);
        compared += 1;
        if got != expected {
            failures.push(format!("{name} / criteria crlf:\n  expected {expected:?}\n  got      {got:?}"));
        }
    }
    assert!(
        dirs.len() >= 20 && compared >= 300 && located >= 25 && legacy >= 3,
        "{} cases, {compared} comparisons ({legacy} in Windows-1258), {located} located findings",
        dirs.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Criteria-file diagnostics keep their place with CRLF line endings too.
#[test]
fn criteria_findings_keep_their_place_with_crlf() {
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("c.toml").is_file() && !p.join("e.csv").is_file())
        .collect();
    dirs.sort();
    let mut compared = 0;
    for case in &dirs {
        let criteria = with_endings(&std::fs::read_to_string(case.join("c.toml")).unwrap(), "\n");
        let at = |text: &str| {
            let dir = Dir::new();
            let c = dir.file("c.toml", text);
            let (_, out, _) = run(&["check", "--format", "json", "--criteria", &c]);
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| (f["code"].clone(), f["line"].clone(), f["column"].clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(at(&criteria), at(&with_endings(&criteria, "\r\n")), "{}", case.display());
        compared += 1;
    }
    assert!(compared >= 10, "{compared}");
}
