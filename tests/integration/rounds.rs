//! Rounds of a scoring year (self-assessment, explanation, appraisal rounds 1 and 2): the
//! set declares them, evidence names them, scoring at a round takes each criterion's latest
//! round up to it, explanations are shown and never count as facts.

use serde_json::Value;

use super::support::{Dir, root, run, small_criteria};

const FOUR: &str = r#"rounds = ["self", "explanation", "appraisal-1", "appraisal-2"]"#;

/// The small set with the four usual rounds.
fn four(extra: &str) -> String {
    small_criteria(extra).replacen("total = 10", &format!("{FOUR}\ntotal = 10"), 1)
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn node<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == code).unwrap()
}

/// `score --format json` of `evidence` against `criteria`, with `extra` flags.
fn score(criteria: &str, evidence: &str, extra: &[&str]) -> (i32, Value, String) {
    let dir = Dir::new();
    let c = dir.file("c.toml", criteria);
    let e = dir.file("e.csv", evidence);
    let mut args = vec!["score", "-c", &c, "-e", &e, "--format", "json"];
    args.extend(extra);
    let (code, out, err) = run(&args);
    let v = if code == 0 { json(&out) } else { Value::Null };
    (code, v, err)
}

fn example() -> (String, String) {
    let r = root().join("examples/rounds-2022");
    (
        r.join("criteria.toml").to_string_lossy().into_owned(),
        r.join("evidence").to_string_lossy().into_owned(),
    )
}

#[test]
fn the_example_is_cut_by_round_one_and_partly_restored_by_round_two() {
    let (c, e) = example();
    let mut totals = Vec::new();
    for round in ["self", "explanation", "appraisal-1", "appraisal-2"] {
        let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--round", round, "-f", "json"]);
        assert_eq!(code, 0, "{err}");
        let v = json(&out);
        assert_eq!(v["schema"], "parcalc.score/2");
        assert_eq!(v["stage"], round);
        totals.push((v["total"]["awarded"].as_str().unwrap().to_string(), v["round_used"].clone()));
    }
    // Self-assessment 77.12; the explanation round gives no value, so it scores the
    // self-assessment; round 1 cuts to 67.95; round 2 restores to the published 71.79.
    assert_eq!(
        totals,
        [
            ("77.12".to_string(), Value::from("self")),
            ("77.12".to_string(), Value::from("self")),
            ("67.95".to_string(), Value::from("appraisal-1")),
            ("71.79".to_string(), Value::from("appraisal-2")),
        ]
    );
    // Without --round: the last round, the reference case's exact score.
    let (code, out, _) = run(&["score", "-c", &c, "-e", &e, "-f", "json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["total"]["awarded"], "71.79");
    assert_eq!(v["total"]["lost"], "28.21");
    // 3.4.4 keeps round 1's value: the explanation given before it changed nothing.
    assert_eq!(node(&v, "3.4.4")["awarded"], "1");
    assert_eq!(
        node(&v, "3.4.4")["explanations"],
        serde_json::json!([{
            "round": "explanation",
            "text": "hồ sơ đất đai trễ hạn do phần mềm liên thông của tỉnh gián đoạn tháng 8/2022",
            "document": null
        }])
    );
    // 2.1.1's explanation row cites a document: it is listed with the text, never dropped.
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--round", "appraisal-1", "-f", "csv", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    let line = out.lines().find(|l| l.starts_with("2.1.1,")).unwrap();
    assert!(
        line.ends_with(",Kế hoạch đã ban hành ngày 20/01/2022; bổ sung bản chụp văn bản (Kế hoạch 12/KH-UBND ngày 20/01/2022)"),
        "{line}"
    );
    // The plan of the last round still itemises the reference case's 24.607 points.
    let (code, out, err) = run(&["plan", "-c", &c, "-e", &e, "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let p = json(&out);
    assert_eq!(p["schema"], "parcalc.plan/2");
    assert_eq!(p["total_at_stake"], "24.607");
    let row = p["rows"].as_array().unwrap().iter().find(|r| r["code"] == "7.1.2").unwrap();
    assert_eq!(row["explanation"], "nhiệm vụ thứ 6 chuyển sang năm 2023 theo chỉ đạo của tỉnh");
}

#[test]
fn compare_self_to_round_two_lists_changes_explanations_and_agency_totals() {
    let (c, e) = example();
    let (code, out, err) = run(&[
        "compare",
        "--stages",
        "-c",
        &c,
        "-e",
        &e,
        "--from",
        "self",
        "--to",
        "appraisal-2",
        "-f",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["schema"], "parcalc.stages/2");
    assert_eq!((v["from"].as_str(), v["to"].as_str()), (Some("self"), Some("appraisal-2")));
    let changes: Vec<(String, String, String, String, Vec<String>)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            let ex = c["explanations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            (s("code"), s("from_points"), s("to_points"), s("change"), ex)
        })
        .collect();
    let t = |a: &str, b: &str, c: &str, d: &str, e: &[&str]| {
        (
            a.to_string(),
            b.to_string(),
            c.to_string(),
            d.to_string(),
            e.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        changes,
        [
            t(
                "3.4.4",
                "4",
                "1",
                "-3",
                &["hồ sơ đất đai trễ hạn do phần mềm liên thông của tỉnh gián đoạn tháng 8/2022"]
            ),
            t("1.7", "1", "0", "-1", &[]),
            t("4.4.2", "0.5", "0", "-0.5", &[]),
            t("7.1.6", "1", "0.5", "-0.5", &[]),
            t(
                "7.1.2",
                "2",
                "1.67",
                "-0.33",
                &["nhiệm vụ thứ 6 chuyển sang năm 2023 theo chỉ đạo của tỉnh"]
            ),
        ]
    );
    // Both reasons are given: the self-assessment's claim and the appraised fact.
    assert_eq!(
        v["changes"][0]["from_reason"],
        "tỷ lệ giải quyết đúng hẹn 95% (2850/3000) thuộc mức 95–<100% → 4/6 điểm"
    );
    assert_eq!(
        v["changes"][0]["to_reason"],
        "tỷ lệ giải quyết đúng hẹn 78,2% (2346/3000) thuộc mức 70–<80% → 1/6 điểm"
    );
    // By agency: each one's losses in both rounds; the changes add up to the total change.
    let agencies: Vec<(String, String, String, String)> = v["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let s = |k: &str| a[k].as_str().unwrap().to_string();
            (s("id"), s("from_lost"), s("to_lost"), s("change"))
        })
        .collect();
    let a = |id: &str, f: &str, t: &str, c: &str| (id.to_string(), f.to_string(), t.to_string(), c.to_string());
    assert_eq!(
        agencies,
        [
            a("noi-vu", "5.903", "7.403", "-1.5"),
            a("ubnd-xa", "2.082", "3.082", "-1"),
            a("vp", "8.491", "9.491", "-1"),
            a("vpdkdd", "1.832", "2.832", "-1"),
            a("vhtt", "2.55", "3.38", "-0.83"),
        ]
    );
    // 77.12 − 71.79 = 5.33, the sum of the criteria's and of the agencies' changes.
    // The English report names the rounds in English and keeps the criteria's titles.
    let (code, out, _) = run(&["compare", "--stages", "-c", &c, "-e", &e, "--from", "self", "--lang", "en"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Criteria whose points changed from self-assessment to appraisal round 2\n"),
        "{out}"
    );
    assert!(
        out.contains("Explanations given: nhiệm vụ thứ 6 chuyển sang năm 2023 theo chỉ đạo của tỉnh"),
        "{out}"
    );
    assert!(out.contains("Points lost by agency: self-assessment → appraisal round 2"), "{out}");
    assert!(out.contains("│ Total "), "{out}");
}

#[test]
fn compare_round_one_to_two_lists_what_the_explanations_restored() {
    let (c, e) = example();
    // Vietnamese round names, any case, with dashes for spaces.
    let (code, out, err) = run(&["compare", "--stages", "-c", &c, "-e", &e, "--from", "Thẩm-định-lần-1", "-f", "csv"]);
    assert_eq!(code, 0, "{err}");
    // Each restore carries the explanation that earned it, though it was given in the
    // explanation round, before `--from`.
    assert_eq!(
        out,
        "Mã,Tiêu chí,Thẩm định lần 1,Thẩm định lần 2,Điểm tăng (+)/giảm (−),Lý do (thẩm định lần 1),Lý do (thẩm định lần 2),Nội dung giải trình\n\
         7.1.2,Mức độ thực hiện Kế hoạch chuyển đổi số phát triển Chính quyền số trong năm,1.33,1.67,0.34,\"mức độ thực hiện kế hoạch 66,7% × 2 = 1,334/2 điểm ≈ 1,33 (làm tròn thông thường, 2 chữ số thập phân)\",\"mức độ thực hiện kế hoạch 83,3% × 2 = 1,666/2 điểm ≈ 1,67 (làm tròn thông thường, 2 chữ số thập phân)\",nhiệm vụ thứ 6 chuyển sang năm 2023 theo chỉ đạo của tỉnh\n\
         2.1.1,Ban hành Kế hoạch xây dựng VBQPPL năm,0,1,1,không ban hành (hạn 31/01/2022) → 0/1 điểm,\"ban hành ngày 20/01/2022, đúng hạn 31/01/2022 → 1/1 điểm\",Kế hoạch đã ban hành ngày 20/01/2022; bổ sung bản chụp văn bản (Kế hoạch 12/KH-UBND ngày 20/01/2022)\n\
         5.4,\"Đào tạo, bồi dưỡng cán bộ, công chức, viên chức\",0,2.5,2.5,\"mức độ hoàn thành kế hoạch đào tạo 75% dưới ngưỡng 80% → 0/2,5 điểm\",\"mức độ hoàn thành kế hoạch đào tạo 100% × 2,5 = 2,5/2,5 điểm\",báo cáo 6 tháng ghi 75%; cả năm hoàn thành 100% kế hoạch đào tạo\n"
    );
    // The same in JSON, and in English.
    let (code, out, _) = run(&[
        "compare",
        "--stages",
        "-c",
        &c,
        "-e",
        &e,
        "--from",
        "appraisal-1",
        "--to",
        "appraisal-2",
        "-f",
        "json",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0);
    let v = json(&out);
    let restored: Vec<(&str, &str, Vec<&str>)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let ex = c["explanations"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
            (c["code"].as_str().unwrap(), c["change"].as_str().unwrap(), ex)
        })
        .collect();
    assert_eq!(
        restored,
        [
            ("7.1.2", "0.34", vec!["nhiệm vụ thứ 6 chuyển sang năm 2023 theo chỉ đạo của tỉnh"]),
            (
                "2.1.1",
                "1",
                vec!["Kế hoạch đã ban hành ngày 20/01/2022; bổ sung bản chụp văn bản (Kế hoạch 12/KH-UBND ngày 20/01/2022)"]
            ),
            (
                "5.4",
                "2.5",
                vec!["báo cáo 6 tháng ghi 75%; cả năm hoàn thành 100% kế hoạch đào tạo"]
            ),
        ]
    );
}

#[test]
fn explanations_of_several_rounds_are_labelled_by_round_and_none_leaves_the_column_empty() {
    let d = Dir::new();
    let c = d.file("c.toml", &four(""));
    let e = d.file(
        "e.csv",
        "criterion,value,round,explanation\n1.1,có,,\n1.1,,explanation,đã có kế hoạch\n1.1,không,appraisal-1,\n1.1,,appraisal-2,bổ sung bản chụp\n1.1,có,appraisal-2,\n1.2,95%,,\n1.2,80%,appraisal-1,\n2,50%,,\n",
    );
    let (code, out, err) = run(&[
        "compare",
        "--stages",
        "-c",
        &c,
        "-e",
        &e,
        "--from",
        "appraisal-1",
        "-f",
        "csv",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Code,Criterion,Appraisal round 1,Appraisal round 2,Points up (+)/down (−),Reason (appraisal round 1),Reason (appraisal round 2),Explanations given\n\
         1.1,Plan issued,0,2,2,requirement met: no → 0 of 2,requirement met: yes → 2 of 2,explanation: đã có kế hoạch; appraisal round 2: bổ sung bản chụp\n"
    );
    // No criterion changed: the header row keeps its explanation column.
    let (code, out, err) = run(&[
        "compare",
        "--stages",
        "-c",
        &c,
        "-e",
        &e,
        "--from",
        "self",
        "--to",
        "explanation",
        "-f",
        "csv",
        "--lang",
        "vi",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Mã,Tiêu chí,Tự đánh giá,Giải trình,Điểm tăng (+)/giảm (−),Lý do (tự đánh giá),Lý do (giải trình),Nội dung giải trình\n"
    );
    // A change without any explanation has the column, empty.
    let (code, out, err) = run(&[
        "compare",
        "--stages",
        "-c",
        &c,
        "-e",
        &e,
        "--to",
        "appraisal-1",
        "-f",
        "csv",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines().any(|l| l.starts_with("1.2,On-time rate,4,1,-3,") && l.ends_with(",")),
        "{out}"
    );
}

#[test]
fn a_criterion_with_rows_in_round_two_only_is_missing_before_it() {
    let ev = "criterion,value,round\n1.1,có,\n1.2,95%,appraisal-2\n2,50%,\n";
    for (round, status, awarded) in [
        ("self", "missing_evidence", "0"),
        ("appraisal-1", "missing_evidence", "0"),
        ("appraisal-2", "scored", "4"),
    ] {
        let (code, v, err) = score(&four(""), ev, &["--round", round]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            (node(&v, "1.2")["status"].as_str(), node(&v, "1.2")["awarded"].as_str()),
            (Some(status), Some(awarded))
        );
    }
    // The report names the round scored when it had rows, else the round used.
    let (_, v, _) = score(&four(""), ev, &[]);
    assert_eq!(
        (v["stage"].as_str(), v["round_used"].as_str()),
        (Some("appraisal-2"), Some("appraisal-2"))
    );
    let (_, v, _) = score(&four(""), "criterion,value\n1.1,có\n", &[]);
    assert_eq!((v["stage"].as_str(), v["round_used"].as_str()), (Some("appraisal-2"), Some("self")));
    let (_, v, _) = score(&four(""), "criterion,value\n", &[]);
    assert_eq!(v["round_used"], Value::Null);
}

#[test]
fn an_explanation_row_is_no_fact() {
    // 1.1: a value in self, only an explanation in round 1: round 1 scores the self value.
    // 1.2: only an explanation: still missing evidence, with its explanation shown.
    let ev = "criterion,value,round,explanation\n1.1,không,,\n1.1,,appraisal-1,đã ban hành ngày 05/01\n1.2,,explanation,chưa có số liệu\n2,50%,,\n";
    let (code, v, err) = score(&four(""), ev, &["--round", "appraisal-1"]);
    assert_eq!(code, 0, "{err}");
    let n = node(&v, "1.1");
    assert_eq!((n["status"].as_str(), n["awarded"].as_str()), (Some("scored"), Some("0")));
    assert_eq!(n["reason"], "requirement met: no → 0 of 2");
    assert_eq!(n["explanations"][0]["text"], "đã ban hành ngày 05/01");
    assert_eq!(v["round_used"], "self");
    let n = node(&v, "1.2");
    assert_eq!(n["status"], "missing_evidence");
    assert_eq!(n["explanations"][0]["text"], "chưa có số liệu");
    // Before the explanation's round it is not shown.
    let (_, v, _) = score(&four(""), ev, &["--round", "self"]);
    assert_eq!(node(&v, "1.1")["explanations"], serde_json::json!([]));
    // Explanations of several rounds are named by round; two explanations of one round are
    // no conflict, and one repeated is shown once.
    let ev = "criterion,value,round,explanation\n1.1,không,,lý do 1\n1.1,,explanation,lý do 2\n1.1,,explanation,lý do 2\n1.1,,explanation,lý do 3\n1.2,95%,,\n2,50%,,\n";
    let (code, v, err) = score(&four(""), ev, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        node(&v, "1.1")["explanations"],
        serde_json::json!([
            { "round": "self", "text": "lý do 1", "document": null },
            { "round": "explanation", "text": "lý do 2", "document": null },
            { "round": "explanation", "text": "lý do 3", "document": null }
        ])
    );
    // The table shows it beside the reason, in both languages; CSV has its own column.
    let dir = Dir::new();
    let c = dir.file("c.toml", &four(""));
    let e = dir.file(
        "e.csv",
        "criterion,value,round,giải trình\n1.1,không,,\n1.1,,giải trình,đã ban hành\n1.2,95%,,\n2,50%,,\n",
    );
    let (_, out, _) = run(&["score", "-c", &c, "-e", &e, "--width", "200"]);
    assert!(out.contains("requirement met: no → 0 of 2 · explanation: đã ban hành"), "{out}");
    let (_, out, _) = run(&["score", "-c", &c, "-e", &e, "--width", "200", "--lang", "vi"]);
    assert!(out.contains("đạt yêu cầu: không → 0/2 điểm · giải trình: đã ban hành"), "{out}");
    let (_, out, _) = run(&["score", "-c", &c, "-e", &e, "-f", "csv"]);
    assert!(out.starts_with("code,depth,title,max,applicable_max,awarded,lost,status,rule,reason,responsible,documents,explanation\n"));
    assert!(
        out.contains("1.1,2,Plan issued,2,2,0,2,scored,binary,requirement met: no → 0 of 2,a,,đã ban hành\n"),
        "{out}"
    );
}

#[test]
fn an_undeclared_round_is_an_error_at_its_cell_in_both_languages() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &four(""));
    let e = dir.file("e.csv", "criterion,value,round\n1.1,có,\n1.2,95%,thẩm định\n2,50%,appraisal-3\n");
    let (code, _, err) = run(&["score", "-c", &c, "-e", &e]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error[invalid-value]: the criteria set declares no round `thẩm định` (column `round`)"),
        "{err}"
    );
    assert!(err.contains("e.csv:3:9"), "{err}");
    assert!(
        err.contains("error[invalid-value]: the criteria set declares no round `appraisal-3` (column `round`)"),
        "{err}"
    );
    assert!(
        err.contains("help: write a round the criteria set declares (`rounds`): self (self-assessment), explanation, appraisal-1 (appraisal round 1), appraisal-2 (appraisal round 2); empty is the first round"),
        "{err}"
    );
    let (code, _, err) = run(&["score", "-c", &c, "-e", &e, "--lang", "vi"]);
    assert_eq!(code, 2);
    assert!(err.contains("vòng `thẩm định` không có trong bộ tiêu chí (cột `round`)"), "{err}");
    assert!(
        err.contains("self (tự đánh giá), explanation (giải trình), appraisal-1 (thẩm định lần 1)"),
        "{err}"
    );
    // On the command line: an `invalid-value` error whose fix lists the rounds, before any
    // evidence is scored, in both languages.
    let e = dir.file("ok.csv", "criterion,value\n1.1,có\n");
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--round", "appraisal-3", "--lang", "en"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error[invalid-value]: --stage/--round `appraisal-3`: the criteria set declares no such round\n |\n = help: give --stage/--round the id or name of a declared round: self (self-assessment), explanation, appraisal-1 (appraisal round 1), appraisal-2 (appraisal round 2)\n\n1 error(s), 0 warning(s)\n"
    );
    let (code, _, err) = run(&["plan", "-c", &c, "-e", &e, "--stage", "thẩm định", "--lang", "vi"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error[invalid-value]: --stage/--round `thẩm định`: bộ tiêu chí không khai báo vòng này\n"),
        "{err}"
    );
    assert!(
        err.contains("= gợi ý: ghi mã hoặc tên một vòng đã khai báo sau --stage/--round: self (tự đánh giá), explanation (giải trình), appraisal-1 (thẩm định lần 1), appraisal-2 (thẩm định lần 2)\n"),
        "{err}"
    );
    // An empty flag is no round (an empty cell is the first one): refused, not defaulted.
    for flags in [["score", "--round"], ["rank", "--stage"]] {
        let (code, out, err) = run(&[flags[0], "-c", &c, "-e", &e, flags[1], " ", "--lang", "en"]);
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert!(
            err.starts_with("error[invalid-value]: --stage/--round ` `: the criteria set declares no such round"),
            "{err}"
        );
    }
    // --from and --to: both problems at once.
    let (code, _, err) = run(&[
        "compare", "--stages", "-c", &c, "-e", &e, "--from", "", "--to", "final-3", "--lang", "vi",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error[invalid-value]: --from ``: bộ tiêu chí không khai báo vòng này"),
        "{err}"
    );
    assert!(
        err.contains("error[invalid-value]: --to `final-3`: bộ tiêu chí không khai báo vòng này"),
        "{err}"
    );
    assert!(
        err.contains("gợi ý: ghi mã hoặc tên một vòng đã khai báo sau --to: self (tự đánh giá)"),
        "{err}"
    );
    let (code, _, err) = run(&["compare", "--stages", "-c", &c, "-e", &e, "--to", "final-3"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error[invalid-value]: --to `final-3`: the criteria set declares no such round"),
        "{err}"
    );
    let (code, _, err) = run(&["rank", "-c", &c, "-e", &e, "--round", "x"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn round_names_match_whatever_their_spelling() {
    for (cell, id) in [
        ("tự đánh giá", "self"),
        ("TU DANH GIA", "self"),
        ("Giải trình", "explanation"),
        ("tham dinh lan 1", "appraisal-1"),
        ("Thẩm định lần 1", "appraisal-1"),
        ("appraisal round 2", "appraisal-2"),
        ("hội đồng thẩm định", "appraisal-2"),
        ("APPRAISAL_2", "appraisal-2"),
    ] {
        let ev = format!("criterion,giai đoạn,value\n1.1,{cell},có\n1.2,,95%\n2,,50%\n");
        let (code, v, err) = score(&four(""), &ev, &["--round", id]);
        assert_eq!(code, 0, "{cell}: {err}");
        assert_eq!(node(&v, "1.1")["awarded"], "2", "{cell}");
        // The flag takes the same spellings.
        let (code, v2, _) = score(&four(""), &ev, &["--stage", cell]);
        assert_eq!(code, 0, "{cell}");
        assert_eq!(v2["stage"], id, "{cell}");
    }
}

#[test]
fn sets_without_rounds_keep_self_and_appraisal() {
    let ev = "criterion,value,stage\n1.1,có,self\n1.1,không,thẩm định\n1.2,95%,\n2,50%,Appraisal\n2,40%,tự đánh giá\n";
    let (code, v, err) = score(&small_criteria(""), ev, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (v["stage"].as_str(), v["total"]["awarded"].as_str()),
        (Some("appraisal"), Some("6"))
    );
    let (_, v, _) = score(&small_criteria(""), ev, &["--stage", "self"]);
    assert_eq!((v["stage"].as_str(), v["total"]["awarded"].as_str()), (Some("self"), Some("7.6")));
    let (code, _, err) = score(&small_criteria(""), ev, &["--round", "appraisal-1"]);
    assert_eq!(code, 2);
    assert!(err.contains("a declared round: self (self-assessment), appraisal\n"), "{err}");
}

#[test]
fn conflicts_key_on_the_round() {
    // Two values in one round: an error naming both rows.
    let ev = "criterion,value,round\n1.1,có,appraisal-1\n1.1,không,thẩm định lần 1\n1.2,95%,\n2,50%,\n";
    let (code, _, err) = score(&four(""), ev, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("1.1 has two different values in stage `appraisal-1`"), "{err}");
    // One value per round: no conflict.
    let ev = "criterion,value,round\n1.1,có,self\n1.1,không,appraisal-1\n1.1,có,appraisal-2\n1.2,95%,\n2,50%,\n";
    let (code, v, err) = score(&four(""), ev, &["--round", "appraisal-1"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(node(&v, "1.1")["awarded"], "0");
}

#[test]
fn the_criteria_file_declares_rounds_or_is_refused() {
    let dir = Dir::new();
    let e = dir.file("e.csv", "criterion,value,round\n1.1,có,hoi dong\n1.2,95%,\n2,50%,\n");
    // A round of the set's own, with its names and another spelling.
    let custom = small_criteria("\n[[round]]\nid = \"council\"\nvi = \"hội đồng\"\nen = \"council\"\naliases = [\"hoi-dong-tinh\"]\n")
        .replacen("total = 10", "rounds = [\"self\", \"council\"]\ntotal = 10", 1);
    let c = dir.file("custom.toml", &custom);
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["stage"], "council");
    let (code, out, _) = run(&["score", "-c", &c, "-e", &e, "--round", "Hội-đồng-tỉnh", "--brief"]);
    assert_eq!(code, 0);
    assert!(out.contains("Round: council\n"), "{out}");
    for (rounds, extra, message) in [
        ("[\"self\", \"apraisal\"]", "", "unknown round `apraisal`"),
        ("[\"self\", \"self\"]", "", "round `self` is listed twice in `rounds`"),
        ("[]", "", "`rounds` lists 0 rounds; give 1 to 16"),
        (
            "",
            "\n[[round]]\nid = \"x\"\nvi = \"x\"\nen = \"x\"\n",
            "a [[round]] table is given but `[set]` declares no `rounds`",
        ),
        (
            "[\"self\"]",
            "\n[[round]]\nid = \"council\"\nvi = \"hội đồng\"\nen = \"council\"\n",
            "round `council` is defined but not listed in `rounds`",
        ),
        (
            "[\"self\"]",
            "\n[[round]]\nid = \"two words\"\nvi = \"x\"\nen = \"\"\n",
            "round `two words` needs a one-word id, a Vietnamese name (`vi`) and an English name (`en`)",
        ),
    ] {
        let mut text = small_criteria(extra);
        if !rounds.is_empty() {
            text = text.replacen("total = 10", &format!("rounds = {rounds}\ntotal = 10"), 1);
        }
        let c = dir.file("bad.toml", &text);
        let (code, out, _) = run(&["check", "-c", &c]);
        assert_eq!(code, 1, "{message}: {out}");
        assert!(out.contains(&format!("error[invalid-setting]: {message}")), "{message}: {out}");
    }
    let c = dir.file(
        "typo.toml",
        &small_criteria("").replacen("total = 10", "rounds = [\"self\", \"apraisal\"]\ntotal = 10", 1),
    );
    let (_, out, _) = run(&["check", "-c", &c, "--lang", "vi"]);
    assert!(out.contains("vòng `apraisal` không xác định"), "{out}");
    assert!(out.contains("có phải là `appraisal`?"), "{out}");
}

#[test]
fn check_scores_every_declared_round() {
    // Round 1's value is of the wrong kind: check finds it although the last round is fine.
    let dir = Dir::new();
    let c = dir.file("c.toml", &four(""));
    let e = dir.file(
        "e.csv",
        "criterion,value,round\n1.1,có,\n1.1,maybe,appraisal-1\n1.1,có,appraisal-2\n1.2,95%,\n2,50%,\n",
    );
    let (code, out, _) = run(&["check", "-c", &c, "-e", &e]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("`maybe`"), "{out}");
    let (code, _, _) = run(&["score", "-c", &c, "-e", &e]);
    assert_eq!(code, 0);
}

#[test]
fn explanations_move_from_note_and_manual_points_take_them_as_their_reason() {
    let extra = "\n[[node]]\ncode = \"3\"\ntitle = \"Council\"\nmax = 1\nrule = { kind = \"manual\" }\n";
    let crit = small_criteria(extra).replace("total = 10", "total = 11");
    let ev = "criterion,value,ghi chú,giải trình\n1.1,có,ghi chú 1,\n1.2,95%,,\n2,50%,,\n3,\"0,5\",,\"hội đồng trừ 0,5 điểm\"\n";
    let (code, v, err) = score(&crit, ev, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(node(&v, "3")["reason"], "set by the council: hội đồng trừ 0,5 điểm → 0.5 of 1");
    assert_eq!(node(&v, "1.1")["explanations"], serde_json::json!([]));
}

#[test]
fn hostile_round_cells() {
    // BOM, `;`, CRLF, Vietnamese headers, a decimal comma, blank and spaced round cells.
    let ev =
        "\u{feff}tiêu chí;vòng;giá trị;giải trình\r\n1.1;  ;có;\r\n1.2; Thẩm   định lần 2 ;95%;\r\n1.2;giải trình;;  \r\n2;;50,0%;\r\n";
    let (code, v, err) = score(&four(""), ev, &["--round", "appraisal-1"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(node(&v, "1.2")["status"], "missing_evidence");
    // An empty explanation is no explanation: the row is blank and skipped.
    assert_eq!(node(&v, "1.2")["explanations"], serde_json::json!([]));
    let (_, v, _) = score(&four(""), ev, &[]);
    assert_eq!(node(&v, "1.2")["awarded"], "4");
    // A round cell with control characters or a huge name is refused at its cell, quoted
    // safely and cut.
    let long = "x".repeat(5000);
    let (code, _, err) = score(
        &four(""),
        &format!("criterion,value,round\n1.1,có,{long}\n1.2,95%,\u{202e}self\n"),
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("more characters"), "{err}");
    assert!(err.contains("\\u{202e}"), "{err}");
}

#[test]
fn streaming_rank_reads_rounds_and_explanations_like_the_complete_path() {
    let set = parcalc::criteria::load_str("c.toml", &four("")).unwrap();
    let dir = Dir::new();
    let mut csv = String::from("unit,criterion,value,round,explanation,document\n");
    for (i, u) in ["Xã A", "Xã B", "Xã C"].iter().enumerate() {
        csv += &format!("{u},1.1,có,,,\n{u},1.1,không,thẩm định lần 1,,\n{u},1.1,,giải trình,đã ban hành,Kế hoạch 1\n");
        csv += &format!("{u},1.2,{}%,,,\n{u},2,{}%,appraisal-2,,\n", 80 + i * 5, 40 + i * 10);
    }
    let path = dir.file("e.csv", &csv);
    let read = parcalc::evidence::ReadOptions::default().with_rounds(&set.rounds);
    for round in set.rounds.all() {
        let streamed = parcalc::batch::rank_stream(&set, &[&path], round, None, &mut |_| {}).unwrap();
        let ev = parcalc::evidence::load_files_with(&[&path], read.clone()).unwrap();
        let full = parcalc::rank::rank(&set, &ev, round).unwrap();
        assert_eq!(streamed, full.rows, "{}", set.rounds.id(round));
    }
}

#[test]
fn workbook_rows_name_their_rounds_and_bad_ones_are_located_by_cell() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &four(""));
    let book = |name: &str, last_round: &str| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let sheet = wb.add_worksheet();
        sheet.set_name("Thẩm định").unwrap();
        let rows = [
            ["tiêu chí", "giá trị", "vòng", "giải trình", "tài liệu kiểm chứng"],
            ["1.1", "có", "", "", "KH 5"],
            ["1.1", "", "Giải trình", "đã ban hành", "Công văn 9/UBND"],
            ["1.1", "không", "Thẩm định lần 1", "", ""],
            ["1.2", "95%", "", "", ""],
            ["2", "50%", last_round, "", ""],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (col, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, col as u16, *cell).unwrap();
                }
            }
        }
        let path = dir.path().join(name);
        wb.save(&path).unwrap();
        path.to_string_lossy().into_owned()
    };
    let e = book("bad.xlsx", "lần 3");
    let (code, _, err) = run(&["score", "-c", &c, "-e", &e]);
    assert_eq!(code, 2);
    assert!(err.contains("the criteria set declares no round `lần 3` (column `vòng`)"), "{err}");
    assert!(err.contains("bad.xlsx › Thẩm định › C6"), "{err}");
    // Without the bad round: round 1 scores 1.1 at 0, with the explanation beside it.
    let e = book("good.xlsx", "");
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--round", "appraisal-1", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(node(&v, "1.1")["awarded"], "0");
    assert_eq!(
        node(&v, "1.1")["explanations"],
        serde_json::json!([{ "round": "explanation", "text": "đã ban hành", "document": "Công văn 9/UBND" }])
    );
}

#[test]
fn the_order_of_rows_and_files_never_changes_a_round_comparison() {
    let (c, e) = example();
    let (_, expected, _) = run(&["compare", "--stages", "-c", &c, "-e", &e, "-f", "json"]);
    let dir = Dir::new();
    let mut files: Vec<String> = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&e).unwrap().map(|f| f.unwrap().path()).collect();
    names.sort();
    for (i, path) in names.iter().rev().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        let header = lines.remove(0);
        lines.reverse();
        let name = format!("{i}-{}", path.file_name().unwrap().to_string_lossy());
        files.push(dir.file(&name, &format!("{header}\n{}\n", lines.join("\n"))));
    }
    let mut args = vec!["compare", "--stages", "-c", &c, "-f", "json", "-e"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected);
}

#[test]
fn documents_and_workbooks_show_the_explanation_beside_the_reason() {
    use calamine::Reader;
    let (c, e) = example();
    let dir = Dir::new();
    let explained = "giải trình: hồ sơ đất đai trễ hạn do phần mềm liên thông của tỉnh gián đoạn tháng 8/2022";
    for cmd in ["score", "plan"] {
        let docx = dir.path().join(format!("{cmd}.docx")).to_string_lossy().into_owned();
        let (code, _, err) = run(&[cmd, "-c", &c, "-e", &e, "--date", "2023-03-20", "-o", &docx]);
        assert_eq!(code, 0, "{err}");
        let text = super::documents::docx_text(&std::fs::read(&docx).unwrap());
        assert!(text.contains(explained), "{cmd}: {text}");
        assert!(
            !cmd.eq("score") || text.contains("Kết quả thẩm định lần 2 Chỉ số cải cách hành chính năm 2022"),
            "{text}"
        );
        let xlsx = dir.path().join(format!("{cmd}.xlsx"));
        let (code, _, err) = run(&[cmd, "-c", &c, "-e", &e, "-o", &xlsx.to_string_lossy()]);
        assert_eq!(code, 0, "{err}");
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
        let mut cells = String::new();
        for name in wb.sheet_names() {
            for row in wb.worksheet_range(&name).unwrap().rows() {
                for cell in row {
                    cells.push_str(&cell.to_string());
                    cells.push('\n');
                }
            }
        }
        assert!(cells.contains(explained), "{cmd}: {cells}");
    }
}

#[test]
fn templates_have_the_explanation_column_and_the_round_column_of_sets_with_more_rounds() {
    let d = Dir::new();
    let header = |criteria: &str, lang: &str| {
        let c = d.file("t.toml", criteria);
        let (code, out, err) = run(&["template", "-c", &c, "--lang", lang]);
        assert_eq!(code, 0, "{err}");
        out.trim_start_matches('\u{feff}').lines().next().unwrap().to_string()
    };
    // The default two rounds: an explanation column, no round column.
    assert_eq!(
        header(&small_criteria(""), "en"),
        "criterion,title,item,hint,example,max,value,document,note,explanation"
    );
    assert_eq!(
        header(&four(""), "vi"),
        "tiêu chí,tên tiêu chí,mục,gợi ý,ví dụ,tối đa,giá trị,tài liệu kiểm chứng,ghi chú,giải trình,vòng"
    );
    assert_eq!(
        header(&four(""), "en"),
        "criterion,title,item,hint,example,max,value,document,note,explanation,round"
    );
    // Round trip: the unfilled template is no fact at all.
    let c = d.file("c.toml", &four(""));
    let blank = d.path().join("blank.csv");
    let (code, _, err) = run(&["template", "-c", &c, "-o", blank.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, v, err) = score(&four(""), &std::fs::read_to_string(&blank).unwrap(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["total"]["awarded"], "0");
    for leaf in ["1.1", "1.2", "2"] {
        assert_eq!(node(&v, leaf)["status"], "missing_evidence", "{leaf}");
    }
    // Filled in: a value in the first round (round left empty), a row whose only content
    // is an explanation and a round (no fact), and a later round's value.
    let text = std::fs::read_to_string(&blank).unwrap();
    let mut lines = text.lines();
    let mut filled = format!("{}\n", lines.next().unwrap());
    for line in lines {
        // The five columns to fill come last: value, document, note, explanation, round.
        let rest = line.strip_suffix(",,,,,").unwrap();
        match line.split(',').next().unwrap() {
            "1.1" => {
                filled.push_str(&format!("{rest},có,,,,\n"));
                filled.push_str(&format!("{rest},,,,đã ban hành ngày 05/01,giải trình\n"));
            }
            "1.2" => {
                filled.push_str(&format!("{rest},95%,,,,\n"));
                filled.push_str(&format!("{rest},85%,,,,thẩm định lần 1\n"));
            }
            _ => filled.push_str(&format!("{line}\n")),
        }
    }
    let (code, v, err) = score(&four(""), &filled, &["--round", "appraisal-2"]);
    assert_eq!(code, 0, "{err}\n{filled}");
    assert_eq!(node(&v, "1.1")["awarded"], "2");
    assert_eq!(node(&v, "1.1")["explanations"][0]["text"], "đã ban hành ngày 05/01");
    assert_eq!(node(&v, "1.2")["awarded"], "1");
    assert_eq!(node(&v, "2")["status"], "missing_evidence");
    // The workbook template reads back the same way: no facts until filled.
    let x = d.path().join("blank.xlsx");
    let (code, _, err) = run(&["template", "-c", &c, "-o", x.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["score", "-c", &c, "-e", x.to_str().unwrap(), "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["total"]["awarded"], "0");
}

#[test]
fn score_json_lists_explanations_with_their_round_and_document() {
    // Two explanations of one round (no round names), one with a document; then a second
    // round's explanation (each named by its round); `; ` inside a text stays inside it.
    let e = "criterion,value,round,explanation,document\n1.1,không,,,KH 1\n1.1,,explanation,\"a; b\",\n1.1,,explanation,c,CV 7/UBND\n1.2,95%,,,\n2,50%,,,\n";
    let (code, v, err) = score(&four(""), e, &["--round", "explanation"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        node(&v, "1.1")["explanations"],
        serde_json::json!([
            { "round": "explanation", "text": "a; b", "document": null },
            { "round": "explanation", "text": "c", "document": "CV 7/UBND" }
        ])
    );
    // The value row's document stays in `documents` only.
    assert_eq!(node(&v, "1.1")["documents"], serde_json::json!(["KH 1"]));
    assert_eq!(node(&v, "1.2")["explanations"], serde_json::json!([]));
    let d = Dir::new();
    let c = d.file("c.toml", &four(""));
    let one = d.file("one.csv", e);
    let ev = d.file("e.csv", &format!("{e}1.1,,appraisal-1,d,\n1.1,có,appraisal-1,,\n"));
    for lang in ["en", "vi"] {
        let (code, out, err) = run(&["score", "-c", &c, "-e", &one, "--round", "explanation", "-f", "csv", "--lang", lang]);
        assert_eq!(code, 0, "{err}");
        let line = out.lines().find(|l| l.starts_with("1.1,")).unwrap();
        assert!(line.ends_with(",a; b; c (CV 7/UBND)"), "{line}");
    }
    for (lang, want) in [
        ("en", "explanation: a; b; explanation: c (CV 7/UBND); appraisal round 1: d"),
        ("vi", "giải trình: a; b; giải trình: c (CV 7/UBND); thẩm định lần 1: d"),
    ] {
        let (code, out, err) = run(&["score", "-c", &c, "-e", &ev, "--round", "appraisal-1", "-f", "csv", "--lang", lang]);
        assert_eq!(code, 0, "{err}");
        let line = out.lines().find(|l| l.starts_with("1.1,")).unwrap();
        assert!(line.ends_with(&format!(",{want}")), "{line}");
    }
    // The plan shows the document too.
    let (code, out, err) = run(&["plan", "-c", &c, "-e", &one, "--round", "explanation", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let p = json(&out);
    assert_eq!(p["rows"][0]["code"], "1.1");
    assert_eq!(p["rows"][0]["explanation"], "a; b; c (CV 7/UBND)");
    let (code, out, err) = run(&[
        "compare",
        "--stages",
        "-c",
        &c,
        "-e",
        &ev,
        "--to",
        "appraisal-1",
        "-f",
        "json",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    let s = json(&out);
    let ch = s["changes"].as_array().unwrap().iter().find(|x| x["code"] == "1.1").unwrap();
    assert_eq!(
        ch["explanations"],
        serde_json::json!(["explanation: a; b", "explanation: c (CV 7/UBND)", "appraisal round 1: d"])
    );
}

#[test]
fn markdown_shows_explanations_as_literal_text() {
    let d = Dir::new();
    let c = d.file("c.toml", &four(""));
    let hostile = r#"**đậm** _nghiêng_ ~~gạch~~ [x](http://y) | `mã` <b>"#;
    let e = d.file(
        "e.csv",
        &format!(
            "criterion,value,round,explanation,document\n1.1,không,,,\n1.1,,explanation,\"{hostile}\",*CV*\n1.1,có,appraisal-1,,\n1.2,95%,,,\n2,50%,,,\n"
        ),
    );
    let want = r"\*\*đậm\*\* \_nghiêng\_ \~\~gạch\~\~ \[x\](http://y) \| \`mã\` &lt;b&gt; (\*CV\*)";
    for args in [
        &["score", "--round", "explanation"][..],
        &["plan", "--round", "explanation"][..],
        &["compare", "--stages"][..],
    ] {
        for lang in ["vi", "en"] {
            let mut all = args.to_vec();
            all.extend(["-c", &c, "-e", &e, "-f", "markdown", "--lang", lang]);
            let (code, out, err) = run(&all);
            assert_eq!(code, 0, "{args:?} {err}");
            assert!(out.contains(want), "{args:?} {lang}: {out}");
            assert!(!out.contains("**đậm**") && !out.contains("[x](") && !out.contains("<b>"), "{out}");
        }
    }
}

#[test]
fn round_spellings_that_collide_or_hold_no_letter_are_refused_when_the_set_loads() {
    let dir = Dir::new();
    let table = |id: &str, vi: &str, en: &str, aliases: &str| {
        format!("\n[[round]]\nid = \"{id}\"\nvi = \"{vi}\"\nen = \"{en}\"\naliases = [{aliases}]\n")
    };
    let set = |rounds: &str, extra: &str| small_criteria(extra).replacen("total = 10", &format!("rounds = {rounds}\ntotal = 10"), 1);
    for (rounds, extra, en, vi) in [
        // A custom alias equal to a built-in round's alias.
        (
            r#"["self", "appraisal-1", "hoi-dong"]"#,
            table("hoi-dong", "hội đồng", "council", r#""Lần 1""#),
            "rounds `hoi-dong` (`Lần 1`) and `appraisal-1` (`lần 1`) are spelled alike",
            "vòng `hoi-dong` (`Lần 1`) và vòng `appraisal-1` (`lần 1`) được viết giống nhau",
        ),
        // A custom name equal to another round's name, diacritics aside.
        (
            r#"["self", "appraisal-1", "hoi-dong"]"#,
            table("hoi-dong", "tham dinh lan 1", "council", ""),
            "rounds `hoi-dong` (`tham dinh lan 1`) and `appraisal-1` (`thẩm định lần 1`) are spelled alike",
            "vòng `hoi-dong` (`tham dinh lan 1`) và vòng `appraisal-1` (`thẩm định lần 1`)",
        ),
        // Two custom rounds sharing an alias; an alias equal to another's id.
        (
            r#"["a", "b"]"#,
            table("a", "vòng a", "round a", r#""chung""#) + &table("b", "vòng b", "round b", r#""chung""#),
            "rounds `b` (`chung`) and `a` (`chung`) are spelled alike",
            "vòng `b` (`chung`) và vòng `a` (`chung`)",
        ),
        (
            r#"["self", "b"]"#,
            table("b", "vòng b", "round b", r#""SELF""#),
            "rounds `b` (`SELF`) and `self` (`self`) are spelled alike",
            "vòng `b` (`SELF`) và vòng `self` (`self`)",
        ),
        // A renamed built-in round clashing with another.
        (
            r#"["appraisal-1", "appraisal-2"]"#,
            table("appraisal-2", "thẩm định lần 1", "second appraisal", ""),
            "rounds `appraisal-2` (`thẩm định lần 1`) and `appraisal-1` (`thẩm định lần 1`) are spelled alike",
            "vòng `appraisal-2` (`thẩm định lần 1`) và vòng `appraisal-1` (`thẩm định lần 1`)",
        ),
        // Spellings without a letter or digit.
        (
            r#"["self", "hoi-dong"]"#,
            table("hoi-dong", "---", "___", ""),
            "round `hoi-dong`: `vi` = \"---\" has no letter or digit",
            "vòng `hoi-dong`: `vi` = \"---\" không có chữ cái hay chữ số nào",
        ),
        (
            r#"["self", "hoi-dong"]"#,
            table("hoi-dong", "hội đồng", "council", r#""""#),
            "round `hoi-dong`: `aliases` = \"\" has no letter or digit",
            "vòng `hoi-dong`: `aliases` = \"\" không có chữ cái hay chữ số nào",
        ),
        (
            r#"["self", "-_-"]"#,
            table("-_-", "hội đồng", "council", ""),
            "round `-_-`: `id` = \"-_-\" has no letter or digit",
            "vòng `-_-`: `id` = \"-_-\" không có chữ cái hay chữ số nào",
        ),
    ] {
        let c = dir.file("bad.toml", &set(rounds, &extra));
        let (code, out, _) = run(&["check", "-c", &c, "--lang", "en"]);
        assert_eq!(code, 1, "{en}: {out}");
        assert!(out.contains(&format!("error[invalid-setting]: {en}")), "{en}: {out}");
        assert!(out.contains("bad.toml:"), "located: {out}");
        let (code, out, _) = run(&["check", "-c", &c, "--lang", "vi"]);
        assert_eq!(code, 1);
        assert!(out.contains(&format!("error[invalid-setting]: {vi}")), "{vi}: {out}");
        // Refused by every command, not only by check.
        let e = dir.file("e.csv", "criterion,value\n1.1,có\n1.2,95%\n2,50%\n");
        let (code, _, err) = run(&["score", "-c", &c, "-e", &e]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("error[invalid-setting]"), "{err}");
    }
    // Built-in spellings two declared built-in rounds share (`final`, `hội đồng thẩm định`
    // of appraisal-2 and appraisal) load cleanly; a cell or flag using one is refused as
    // ambiguous, the round's id or name is read.
    let c = dir.file("shared.toml", &set(r#"["self", "appraisal-2", "appraisal"]"#, ""));
    let (code, out, _) = run(&["check", "-c", &c, "--deny", "warnings", "--lang", "en"]);
    assert_eq!(code, 0, "{out}");
    let e = dir.file("e.csv", "criterion,value,round\n1.1,có,final\n1.2,95%,appraisal\n2,50%,\n");
    let (code, _, err) = run(&["score", "-c", &c, "-e", &e, "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("`final` could be several rounds: appraisal-2, appraisal"), "{err}");
    let ok = dir.file("ok.csv", "criterion,value,round\n1.1,có,appraisal-2\n1.2,95%,appraisal\n2,50%,\n");
    let (code, out, err) = run(&["score", "-c", &c, "-e", &ok, "--round", "Appraisal", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["total"]["awarded"], "8");
    let (code, _, err) = run(&["score", "-c", &c, "-e", &ok, "--round", "hội đồng thẩm định", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--stage/--round `hội đồng thẩm định` could be several rounds (appraisal-2, appraisal)"),
        "{err}"
    );
}
