//! The command line: exit codes, formats, and the error messages users see.

use super::support::{Dir, bin, reference_args, run, run_owned, small_criteria};

fn score_small(criteria: &str, evidence: &str, extra: &[&str]) -> (i32, String, String, Dir) {
    let dir = Dir::new();
    let c = dir.file("criteria.toml", criteria);
    let e = dir.file("evidence.csv", evidence);
    let mut args = vec!["score", "--criteria", &c, "--evidence", &e];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    (code, out, err.replace(&format!("{}/", dir.path().display()), ""), dir)
}

#[test]
fn exit_codes_of_the_real_binary() {
    let args = reference_args(&["--format", "json"]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(bin(&refs).0, 0);
    assert_eq!(bin(&[]).0, 2, "no subcommand is a usage error");
    assert_eq!(bin(&["score", "--criteria", "x.toml"]).0, 2, "missing --evidence");
    assert_eq!(bin(&["--help"]).0, 0);
    assert_eq!(bin(&["--version"]).0, 0);
    let (code, _, err) = bin(&["score", "--criteria", "missing.toml", "--evidence", "missing.csv"]);
    assert_eq!(code, 2);
    // No criteria set to take a language from: Vietnamese, the default.
    assert!(
        err.starts_with("error[file-read]: không đọc được `missing.toml`: không tìm thấy tệp"),
        "{err}"
    );
}

#[test]
fn scores_a_small_set() {
    let ev = "criterion,value\n1.1,có\n1.2,95%\n2,50%\n";
    let (code, out, err, _d) = score_small(&small_criteria(""), ev, &["--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "code,depth,title,max,applicable_max,awarded,lost,status,rule,reason,responsible,documents,explanation\n\
         1,1,Area one,6,6,6,0,scored,,,,,\n\
         1.1,2,Plan issued,2,2,2,0,scored,binary,requirement met: yes → 2 of 2,a,,\n\
         1.2,2,On-time rate,4,4,4,0,scored,tiers,rate 95% is in tier 90–100% → 4 of 4,a,,\n\
         2,1,Area two,4,4,2,2,scored,proportional,rate 50% × 4 → 2 of 4,b,,\n"
    );
}

#[test]
fn not_applicable_leaves_the_maximum() {
    let ev = "criterion,value\n1.1,có\n1.2,không phát sinh\n2,50%\n";
    let (code, out, err, _d) = score_small(&small_criteria(""), ev, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"]["max"], "10");
    assert_eq!(v["total"]["applicable_max"], "6");
    assert_eq!(v["total"]["awarded"], "4");
    assert_eq!(v["total"]["lost"], "2");
    assert_eq!(v["total"]["index_percent"], "66.67");
    let n12 = v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == "1.2").unwrap().clone();
    assert_eq!(n12["status"], "not_applicable");
    assert_eq!(n12["applicable_max"], "0");
}

#[test]
fn missing_evidence_is_reported_as_such() {
    let ev = "criterion,value\n1.1,có\n2,100%\n";
    let (code, out, _, _d) = score_small(&small_criteria(""), ev, &["--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let n12 = v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == "1.2").unwrap().clone();
    assert_eq!(n12["status"], "missing_evidence");
    assert_eq!(n12["awarded"], "0");
    assert_eq!(n12["lost"], "4");
    assert_eq!(n12["reason"], "no evidence → 0 of 4");
    assert_eq!(v["total"]["awarded"], "6");
}

#[test]
fn unknown_code_is_reported_at_its_line() {
    let ev = "criterion,value\n1.1,có\n9.9.9,1\n";
    let (code, _, err, _d) = score_small(&small_criteria(""), ev, &[]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error[unknown-criterion]: criterion 9.9.9 is not in the criteria set `small` (column `criterion`)\n \
         --> evidence.csv:3:1\n  |\n3 | 9.9.9,1\n  | ^^^^^\n  |\n  = help: did you mean 1.1? (the nearest code in the criteria set)\n\n1 error(s), 0 warning(s)\n"
    );
}

#[test]
fn every_bad_value_is_reported_at_once() {
    let ev = "criterion,value\n1.1,maybe\n1.2,95\n2,120%\n";
    let (code, _, err, _d) = score_small(&small_criteria(""), ev, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error[invalid-value]: 1.1: `maybe` is not yes/no (column `value`)\n --> evidence.csv:2:5"),
        "{err}"
    );
    assert!(err.contains("error[invalid-value]: 1.2: `95` is a bare number; a ratio needs a `%` sign or a fraction (column `value`)\n --> evidence.csv:3:5"), "{err}");
    assert!(
        err.contains(
            "error[ratio-out-of-range]: 2: ratio `120%` is impossible: it is outside 0–100% (column `value`)\n --> evidence.csv:4:3"
        ),
        "{err}"
    );
    assert!(err.ends_with("3 error(s), 0 warning(s)\n"), "{err}");
}

#[test]
fn conflicting_rows_name_both_lines() {
    let ev = "criterion,value\n1.1,có\n1.2,95%\n2,50%\n1.2,85%\n";
    let (code, _, err, _d) = score_small(&small_criteria(""), ev, &[]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error[conflicting-rows]: 1.2 has two different values in stage `self`: `95%` at evidence.csv:3 and `85%` at evidence.csv:5 (column `value`)\n --> evidence.csv:5:5"), "{err}");
}

#[test]
fn toml_syntax_error_names_file_line_and_column() {
    let bad = small_criteria("").replacen("level = \"commune\"", "level = commune", 1);
    let (code, _, err, _d) = score_small(&bad, "criterion,value\n", &[]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error[toml-syntax]: "), "{err}");
    assert!(err.contains("--> criteria.toml:5:9"), "{err}");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let bad = small_criteria("").replacen("lead = [\"b\"]", "laed = [\"b\"]", 1);
    let (code, _, err, _d) = score_small(&bad, "criterion,value\n", &[]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error[toml-schema]: unknown field `laed`"), "{err}");
    assert!(err.contains("= help: did you mean `lead`?"), "{err}");
}

#[test]
fn criteria_problems_are_all_reported() {
    let bad = small_criteria("")
        .replacen("title = \"Plan issued\"\nmax = 2", "title = \"Plan issued\"\nmax = 3", 1)
        .replacen("lead = [\"b\"]", "lead = [\"bb\"]", 1);
    let (code, _, err, _d) = score_small(&bad, "criterion,value\n", &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error[max-mismatch]: max of 1 is 6 but its children add up to 7 (difference \u{2212}1)"),
        "{err}"
    );
    // Raising 1.1 to 3 breaks area 1 (6 ≠ 7); the areas still add up to the total.
    assert!(!err.contains("total-mismatch"), "{err}");
    assert!(err.contains("error[unknown-agency]: unknown agency `bb`"), "{err}");
    assert!(err.contains("= help: did you mean `b`?"), "{err}");
    assert!(err.ends_with("2 error(s), 0 warning(s)\n"), "{err}");
}

#[test]
fn not_applicable_where_forbidden() {
    let ev = "criterion,value\n1.1,n/a\n1.2,95%\n2,50%\n";
    let (code, _, err, _d) = score_small(&small_criteria(""), ev, &[]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error[not-applicable-forbidden]: criterion 1.1 cannot be not applicable (`n/a`)"),
        "{err}"
    );
}

#[test]
fn year_and_unit_are_checked() {
    let ev = "criterion,value,year\n1.1,có,2021\n1.2,95%,2022\n2,50%,2022\n";
    let (code, _, err, _d) = score_small(&small_criteria(""), ev, &[]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error[year-mismatch]: row is for year 2021, but the criteria set is for 2022"),
        "{err}"
    );
    let ev = "criterion,value,unit\n1.1,có,Xã A\n1.1,không,Xã B\n";
    let (code, _, err, _d) = score_small(&small_criteria(""), ev, &[]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error[unit-ambiguous]: the evidence covers 2 units: Xã A, Xã B"),
        "{err}"
    );
    let (code, out, err, _d) = score_small(&small_criteria(""), ev, &["--unit", "xã b", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1.1,2,Plan issued,2,2,0,2,scored,binary,requirement met: no → 0 of 2,a,"),
        "{out}"
    );
}

#[test]
fn stages_pick_appraisal_rows_where_present() {
    let ev = "criterion,value,stage\n1.1,có,self\n1.1,không,thẩm định\n1.2,95%,\n2,50%,\n";
    let (_, out, _, _d) = score_small(&small_criteria(""), ev, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["stage"], "appraisal");
    assert_eq!(v["total"]["awarded"], "6");
    let (_, out, _, _d) = score_small(&small_criteria(""), ev, &["--format", "json", "--stage", "self"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"]["awarded"], "8");
}

#[test]
fn excel_style_csv_is_accepted() {
    let ev = "\u{feff}tiêu chí;giá trị;ghi chú\n1.1;Có;\n1.2;\"92,5%\";\n2;\"50,0%\";có dấu phẩy, trong ghi chú\n";
    let (code, out, err, _d) = score_small(&small_criteria(""), ev, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"]["awarded"], "8");
}

#[test]
fn non_utf8_evidence_is_explained() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &small_criteria(""));
    // "Phòng Nội vụ" in TCVN3 (ABC), which no decoder can tell from other 8-bit text.
    let e = dir.bytes("e.csv", b"criterion,value,agency\n1.1,c\xf3,Ph\xdfng N\xe9i v\xf4 \xb8\xac\n");
    let (code, _, err) = run(&["score", "-c", &c, "-e", &e]);
    assert_eq!(code, 2);
    assert!(err.contains("error[not-utf8]: cannot tell the encoding of"), "{err}");
    assert!(
        err.contains(
            "not UTF-8 (byte 0xF3 on line 2), not UTF-16, and does not read as Windows-1258 Vietnamese; it may be TCVN3 (ABC) or VNI"
        ),
        "{err}"
    );
    assert!(err.contains("save as \"CSV UTF-8 (Comma delimited)\""), "{err}");
    // The same text saved as Windows-1258 or UTF-16 is read.
    let e = dir.bytes("e1258.csv", b"criterion,value\n1.1,c\xf3\n1.2,95%\n2,50%\n");
    assert_eq!(run(&["score", "-c", &c, "-e", &e]).0, 0);
}

#[test]
fn header_row_forgotten() {
    let (code, _, err, _d) = score_small(&small_criteria(""), "1.1,có\n1.2,95%\n", &[]);
    assert_eq!(code, 2);
    assert!(err.contains("is the header missing?"), "{err}");
}

#[test]
fn output_file_format_from_extension() {
    let dir = Dir::new();
    let out_path = dir.path().join("report.json");
    let mut args = reference_args(&["-o"]);
    args.push(out_path.to_string_lossy().into_owned());
    let (code, out, err) = run_owned(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let text = std::fs::read_to_string(&out_path).unwrap();
    assert!(text.contains("\"schema\": \"parcalc.score/2\""));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no temporary file is left behind: {names:?}");
}

#[test]
fn markdown_report() {
    let (code, out, _) = run_owned(&reference_args(&["--format", "markdown", "--lang", "en"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("# Đắk Nông district PAR criteria 2022 (reconstructed) (dak-nong-district-2022, 2022)\n"),
        "{out}"
    );
    assert!(
        out.contains("| 7 | E-government and digital government | 15 | 7.315 | 7.685 | 48.77 |"),
        "{out}"
    );
}

#[test]
fn bonus_block_adds_points_up_to_its_cap() {
    let extra = r#"
[[adjustment]]
id = "bonus"
kind = "bonus"
title = "Bonus"
cap = 1
items = [{ id = "initiative", points = 0.75 }]
"#;
    let ev = "criterion,item,value\n1.1,,có\n1.2,,80%\n2,,50%\nbonus,initiative,2\n";
    let (code, out, err, _d) = score_small(&small_criteria(extra), ev, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["adjustments"][0]["points"], "1");
    assert_eq!(v["total"]["awarded"], "6");
}

#[test]
fn output_to_a_device_writes_in_place() {
    use std::os::unix::fs::FileTypeExt;
    // Renaming a temporary file over /dev/null would replace the device with a file.
    let (code, _, err) = run_owned(&reference_args(&["-o", "/dev/null"]));
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}
