//! Surveys from raw answers (`--answers`, `parcalc survey`): the reference case scored from
//! answers, the aggregation recomputed by hand, every boundary of the aggregation and of the
//! blank / "không biết" policies, hostile answer files, both languages and exit codes.

use rust_decimal::Decimal;
use serde_json::Value;

use super::support::{CRITERIA, Dir, root, run};

const FIXTURE: &str = "tests/fixtures/survey/c.toml";

fn path(p: &str) -> String {
    root().join(p).to_string_lossy().into_owned()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The reference evidence without khao-sat.csv (the survey results the answers replace).
fn evidence_without_results() -> Vec<String> {
    super::support::evidence()
        .into_iter()
        .filter(|f| !f.ends_with("khao-sat.csv"))
        .collect()
}

fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn node<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["nodes"].as_array().unwrap().iter().find(|n| n["code"] == code).unwrap()
}

/// The fixture set with `from` replaced by `to` (to vary a policy), in `dir`.
fn criteria_with(dir: &Dir, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    assert!(from.is_empty() || text.contains(from), "{from}");
    dir.file("c.toml", &text.replacen(from, to, 1))
}

/// `survey --format json` on `answers` (CSV text) with the criteria `c`: (exit, json or
/// stderr).
fn survey(c: &str, answers: &str, lang: &str) -> (i32, Result<Value, String>) {
    let dir = Dir::new();
    let a = dir.file("a.csv", answers);
    survey_file(c, &a, lang)
}

fn survey_file(c: &str, a: &str, lang: &str) -> (i32, Result<Value, String>) {
    let (code, out, err) = run(&["--lang", lang, "survey", "-c", c, "--answers", a, "-f", "json"]);
    (
        code,
        if code == 0 {
            Ok(serde_json::from_str(&out).unwrap())
        } else {
            Err(err)
        },
    )
}

/// The points of each survey of a successful run, by criterion.
fn points(v: &Value) -> Vec<(String, String)> {
    v["surveys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["criterion"].as_str().unwrap().to_string(),
                s["points"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn leaders_points(c: &str, answers: &str) -> String {
    let (code, v) = survey(c, answers, "en");
    let v = v.unwrap_or_else(|e| panic!("exit {code}: {e}"));
    points(&v).into_iter().find(|(c, _)| c == "1.1").unwrap().1
}

#[test]
fn the_reference_case_scored_from_answers_gives_71_79_and_24_607_lost() {
    let mut args = vec!["score".to_string(), "-c".into(), path(CRITERIA), "-e".into()];
    args.extend(evidence_without_results());
    args.extend([
        "--answers".into(),
        path("examples/dak-nong-2022/khao-sat"),
        "-f".into(),
        "json".into(),
    ]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let doc = json(&refs);
    assert_eq!(doc["total"]["awarded"], "71.79");
    assert_eq!(doc["total"]["lost"], "28.21");
    assert_eq!(node(&doc, "9.1")["awarded"], "8.125");
    assert_eq!(node(&doc, "9.1")["reason"], "32 phiếu: trung bình 81,25% × 10 = 8,125");
    assert_eq!(node(&doc, "9.2")["awarded"], "6.272");
    assert_eq!(node(&doc, "9.2")["reason"], "125 phiếu: hài lòng 78,4% × 8 = 6,272");
    assert_eq!(node(&doc, "9")["lost"], "3.603");

    // The same total as the results typed into khao-sat.csv, node by node.
    let mut typed = vec!["score".to_string(), "-c".into(), path(CRITERIA), "-e".into()];
    typed.extend(super::support::evidence());
    typed.extend(["-f".into(), "json".into()]);
    let refs: Vec<&str> = typed.iter().map(String::as_str).collect();
    let from_results = json(&refs);
    let awarded = |d: &Value| {
        d["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["awarded"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(awarded(&doc), awarded(&from_results));

    // The plan: 24.607 points lost in 21 criteria, the survey part apart.
    args[0] = "plan".into();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let plan = json(&refs);
    assert_eq!(plan["total_at_stake"], "24.607");
    assert_eq!(plan["survey_not_listed"], "3.603");
    assert_eq!(plan["rows"].as_array().unwrap().len(), 21);
}

/// The example answers, recomputed here with explicit arithmetic from the files' rows.
#[test]
fn the_example_answers_recomputed_by_hand() {
    let leaders = std::fs::read_to_string(root().join("examples/dak-nong-2022/khao-sat/lanh-dao.csv")).unwrap();
    let mut counts = [0u32; 4]; // A, B, C, D
    for line in leaders.lines().skip(1) {
        let answer = line.rsplit(';').next().unwrap();
        counts["ABCD".find(answer).unwrap()] += 1;
    }
    assert_eq!(counts, [80, 38, 6, 4]);
    // Σ weights = 80 × 1 + 38 × 0.6 + 6 × 0.2 + 4 × 0 = 80 + 22.8 + 1.2 = 104 of 128 answers;
    // each of the 4 questions carries 2.5 points and has 32 answers, so the points are
    // 2.5 × 104 / 32 = 8.125, a mean of 104 / 128 = 81.25%.
    let weights = dec("80") * dec("1") + dec("38") * dec("0.6") + dec("6") * dec("0.2") + dec("4") * dec("0");
    assert_eq!(weights, dec("104"));
    assert_eq!(dec("2.5") * weights / dec("32"), dec("8.125"));
    assert_eq!(weights / dec("128"), dec("0.8125"));

    let sipas = std::fs::read_to_string(root().join("examples/dak-nong-2022/khao-sat/sipas.csv")).unwrap();
    let mut satisfied = [0u32; 5];
    let mut answered = [0u32; 5];
    for line in sipas.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let q: usize = cells[2].trim_start_matches('s').parse().unwrap();
        let a: u32 = cells[3].parse().unwrap();
        assert!((1..=5).contains(&a));
        answered[q - 1] += 1;
        if a >= 4 {
            satisfied[q - 1] += 1;
        }
    }
    assert_eq!(answered, [125; 5]);
    assert_eq!(satisfied, [100, 96, 99, 97, 98]);
    // 1.6 × (100 + 96 + 99 + 97 + 98) / 125 = 1.6 × 490 / 125 = 6.272; 490 / 625 = 78.4%.
    assert_eq!(dec("1.6") * dec("490") / dec("125"), dec("6.272"));
    assert_eq!(dec("490") / dec("625") * dec("100"), dec("78.4"));

    let v = json(&[
        "survey",
        "-c",
        &path(CRITERIA),
        "--answers",
        &path("examples/dak-nong-2022/khao-sat"),
        "-f",
        "json",
    ]);
    assert_eq!(
        points(&v),
        [("9.1".to_string(), "8.125".to_string()), ("9.2".into(), "6.272".into())]
    );
    assert_eq!(v["surveys"][0]["exact"], "65/8");
    assert_eq!(v["surveys"][1]["exact"], "784/125");
    // The groups' shares of the loss add up to it: 1.875 and 1.728.
    for (s, lost) in [(0, "1.875"), (1, "1.728")] {
        let sum: Decimal = v["surveys"][s]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| dec(g["lost"].as_str().unwrap()))
            .sum();
        assert_eq!(sum, dec(lost));
    }
    // Commune leaders cost the most points of 9.1: 14 A, 10 B, 4 C, 4 D over 32 answers.
    assert_eq!(v["surveys"][0]["groups"][0]["group"], "Lãnh đạo UBND xã");
    assert_eq!(v["surveys"][0]["groups"][0]["result"], "0.65");
    assert_eq!(v["surveys"][0]["groups"][0]["lost"], "0.875");
}

#[test]
fn all_a_all_d_and_one_respondent() {
    let c = path(FIXTURE);
    let all_a = "respondent,question,answer\nR1,q1,A\nR1,q2,A\nR2,q1,A\nR2,q2,A\n";
    assert_eq!(leaders_points(&c, all_a), "6");
    let all_d = "respondent,question,answer\nR1,q1,D\nR1,q2,D\nR2,q1,D\nR2,q2,D\n";
    assert_eq!(leaders_points(&c, all_d), "0");
    // One respondent: 4 × 60% + 2 × 20% = 2.4 + 0.4 = 2.8.
    let one = "respondent,question,answer\nR1,q1,B\nR1,q2,C\n";
    assert_eq!(leaders_points(&c, one), "2.8");
    // One respondent is singular in English ("1 respondent"), several are plural.
    let (_, v) = survey(&c, one, "en");
    let v = v.unwrap();
    assert_eq!(v["surveys"][0]["reason"], "1 respondent: mean ≈ 46.6667% × 6 = 2.8", "{v}");
    let (_, v) = survey(&c, all_a, "en");
    assert!(v.unwrap()["surveys"][0]["reason"].as_str().unwrap().starts_with("2 respondents: "));
    let (_, v) = survey(&c, one, "vi");
    assert!(v.unwrap()["surveys"][0]["reason"].as_str().unwrap().starts_with("1 phiếu: "));
    // Lower case answers are the options.
    assert_eq!(leaders_points(&c, "respondent,question,answer\nR1,q1,b\nR1,q2,c\n"), "2.8");
}

#[test]
fn blank_answers_under_each_policy() {
    // R1: q1 A, q2 B; R2: q1 blank, q2 A.
    let answers = "respondent,question,answer\nR1,q1,A\nR1,q2,B\nR2,q1,\nR2,q2,A\n";
    let dir = Dir::new();
    // exclude: q1 = 4 × 1/1 = 4; q2 = 2 × 1.6/2 = 1.6 → 5.6.
    let exclude = criteria_with(&dir, "", "");
    assert_eq!(leaders_points(&exclude, answers), "5.6");
    // zero: q1 = 4 × 1/2 = 2; q2 = 1.6 → 3.6.
    let zero = criteria_with(&dir, "blank = \"exclude\"", "blank = \"zero\"");
    assert_eq!(leaders_points(&zero, answers), "3.6");
    // error: refused at the blank cell, in both languages.
    let error = criteria_with(&dir, "blank = \"exclude\"", "blank = \"error\"");
    let (code, en) = survey(&error, answers, "en");
    assert_eq!(code, 2);
    let en = en.unwrap_err();
    assert!(
        en.contains("error[invalid-answer]: a blank answer: the survey `leaders` does not accept it (blank = \"error\")"),
        "{en}"
    );
    assert!(en.contains("a.csv:4:7"), "{en}");
    let (_, vi) = survey(&error, answers, "vi");
    let vi = vi.unwrap_err();
    assert!(
        vi.contains("câu trả lời trống: khảo sát `leaders` không chấp nhận (blank = \"error\")"),
        "{vi}"
    );
    assert!(vi.contains("gợi ý: điền câu trả lời theo phiếu"), "{vi}");
}

#[test]
fn dont_know_answers_under_each_policy() {
    let answers = "respondent,question,answer\nR1,q1,A\nR1,q2,A\nR2,q1,không biết\nR2,q2,A\n";
    let dir = Dir::new();
    // The fixture counts "không biết" as 0: q1 = 4 × 1/2 = 2; q2 = 2 → 4.
    let zero = criteria_with(&dir, "", "");
    assert_eq!(leaders_points(&zero, answers), "4");
    // exclude: q1 = 4; q2 = 2 → 6.
    let exclude = criteria_with(&dir, "dont_know = \"zero\"", "dont_know = \"exclude\"");
    assert_eq!(leaders_points(&exclude, answers), "6");
    // Other spellings of "don't know".
    assert_eq!(leaders_points(&exclude, &answers.replace("không biết", "KHÔNG BIẾT")), "6");
    assert_eq!(leaders_points(&exclude, &answers.replace("không biết", "don't know")), "6");
    // Only "không biết" answers to q1, left out: an error that counts them (mutation
    // testing found the count unasserted: `+= 1` → `*= 1` survived).
    let only = "respondent,question,answer\nR1,q1,không biết\nR1,q2,A\nR2,q1,don't know\nR2,q2,A\n";
    for (lang, said) in [
        (
            "en",
            "question q1 of the survey `leaders` has no counted answer (0 blank, 2 \"không biết\" left out)",
        ),
        (
            "vi",
            "câu q1 của khảo sát `leaders` không có câu trả lời nào được tính (0 trống, 2 \"không biết\" bị bỏ ra)",
        ),
    ] {
        let (code, err) = survey(&exclude, only, lang);
        assert_eq!(code, 2);
        let err = err.unwrap_err();
        assert!(err.contains(said), "{err}");
    }
    let error = criteria_with(&dir, "dont_know = \"zero\"", "dont_know = \"error\"");
    let (code, err) = survey(&error, answers, "en");
    assert_eq!(code, 2);
    assert!(
        err.unwrap_err()
            .contains("a \"không biết\" answer: the survey `leaders` does not accept it")
    );
}

#[test]
fn likert_at_the_satisfied_level_and_just_below() {
    let c = path(FIXTURE);
    let sipas = |answers: &[&str]| {
        let mut text = "respondent,question,answer\n".to_string();
        for (i, a) in answers.iter().enumerate() {
            text.push_str(&format!("C{i},s1,{a}\n"));
        }
        let (code, v) = survey(&c, &text, "en");
        let v = v.unwrap_or_else(|e| panic!("exit {code}: {e}"));
        points(&v).into_iter().find(|(c, _)| c == "1.2").unwrap().1
    };
    assert_eq!(sipas(&["4"]), "4"); // at the level: satisfied
    assert_eq!(sipas(&["3"]), "0"); // just below
    assert_eq!(sipas(&["5", "3"]), "2");
    // 2 of 3 satisfied: 4 × 2/3 = 2.666…, rounded once (3 places, half-up) to 2.667.
    assert_eq!(sipas(&["4", "5", "1"]), "2.667");
    // Numbers written as decimals are still whole answers; 4.5 and 0 are not on the scale.
    assert_eq!(sipas(&["4.0"]), "4");
    let (code, err) = survey(&c, "respondent,question,answer\nC1,s1,4.5\nC2,s1,0\n", "en");
    assert_eq!(code, 2);
    let err = err.unwrap_err();
    assert_eq!(
        err.matches("is not on the scale of question s1 (a whole number from 1 to 5)")
            .count(),
        2,
        "{err}"
    );
}

#[test]
fn rounding_happens_once_on_the_criterion_and_the_scorer_keeps_it() {
    // 2 of 3 satisfied on a leaf with `scale = 100`: the scorer receives 66.666…7 (rounded
    // up) and gives back exactly the survey's points, even when the set rounds down.
    let dir = Dir::new();
    let down = criteria_with(&dir, "strategy = \"half-up\"", "strategy = \"down\"");
    let answers = dir.file("a.csv", "respondent,question,answer\nC1,s1,4\nC2,s1,5\nC3,s1,1\nR1,q1,A\nR1,q2,A\n");
    let doc = json(&[
        "score",
        "-c",
        &down,
        "-e",
        &dir.file("e.csv", "criterion,value\n"),
        "--answers",
        &answers,
        "-f",
        "json",
    ]);
    assert_eq!(node(&doc, "1.2")["awarded"], "2.666");
    assert_eq!(
        node(&doc, "1.2")["reason"],
        "3 respondents: satisfied ≈ 66.6667% × 4 ≈ 2.666667, rounded to 2.666"
    );
    assert_eq!(doc["total"]["awarded"], "8.666");
    let half_up = criteria_with(&dir, "", "");
    let doc = json(&[
        "score",
        "-c",
        &half_up,
        "-e",
        &dir.file("e.csv", "criterion,value\n"),
        "--answers",
        &answers,
        "-f",
        "json",
    ]);
    assert_eq!(node(&doc, "1.2")["awarded"], "2.667");
}

#[test]
fn a_question_with_no_counted_answer_is_an_error_not_a_division_by_zero() {
    // q2's only answer is blank and blanks are left out.
    let (code, err) = survey(&path(FIXTURE), "respondent,question,answer\nR1,q1,A\nR1,q2,\n", "en");
    assert_eq!(code, 2);
    let err = err.unwrap_err();
    assert!(
        err.contains(
            "error[invalid-answer]: question q2 of the survey `leaders` has no counted answer (1 blank, 0 \"không biết\" left out)"
        ),
        "{err}"
    );
    assert!(err.contains("declare `blank = \"zero\"`"), "{err}");
    let (_, vi) = survey(&path(FIXTURE), "respondent,question,answer\nR1,q1,A\nR1,q2,\n", "vi");
    assert!(
        vi.unwrap_err()
            .contains("câu q2 của khảo sát `leaders` không có câu trả lời nào được tính")
    );
}

#[test]
fn hostile_answer_files_read_like_evidence() {
    let c = path(FIXTURE);
    let plain = "respondent,question,answer\nR1,q1,B\nR1,q2,C\n";
    assert_eq!(leaders_points(&c, plain), "2.8");
    // BOM, CRLF, `;` and Vietnamese headers.
    let excel = "\u{feff}Phiếu;Câu hỏi;Trả lời\r\nR1;q1;B\r\nR1;q2;C\r\n";
    assert_eq!(leaders_points(&c, excel), "2.8");
    // Tabs, blank lines, an ignored note column, spaces around cells.
    let tsv = "respondent\tquestion\tanswer\tghi chú\n\n R1 \t q1 \t B \tx\nR1\tq2\tC\t\n";
    assert_eq!(leaders_points(&c, tsv), "2.8");
    // UTF-16 from Excel's "Unicode text".
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "respondent\tquestion\tanswer\r\nR1\tq1\tB\r\nR1\tq2\tC\r\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let dir = Dir::new();
    let (_, v) = survey_file(&c, &dir.bytes("u16.txt", &utf16), "en");
    assert_eq!(points(&v.unwrap())[0].1, "2.8");
    // An unknown column, a missing column and an empty file: located, nothing counted.
    let (code, err) = survey(&c, "respondent,question,anwser\nR1,q1,B\n", "en");
    assert_eq!(code, 2);
    let err = err.unwrap_err();
    assert!(err.contains("error[unknown-column]: unknown column `anwser`"), "{err}");
    assert!(err.contains("did you mean `answer`?"), "{err}");
    assert!(err.contains("error[missing-column]"), "{err}");
    let (code, err) = survey(&c, "", "en");
    assert_eq!(code, 2);
    assert!(
        err.unwrap_err()
            .contains("a survey answer file starts with a header row such as `respondent,question,answer,group`")
    );
    // A quote left open.
    let (code, err) = survey(&c, "respondent,question,answer\nR1,q1,\"B\nR1,q2,C\n", "en");
    assert_eq!(code, 2);
    assert!(err.unwrap_err().contains("error[csv-syntax]"));
}

#[test]
fn answers_in_a_workbook_are_located_by_cell() {
    let dir = Dir::new();
    let book = dir.path().join("phieu.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    s.set_name("Lãnh đạo").unwrap();
    for (col, h) in ["phiếu", "nhóm", "câu hỏi", "trả lời"].iter().enumerate() {
        s.write_string(0, col as u16, *h).unwrap();
    }
    let rows = [("R1", "Xã", "q1", "B"), ("R1", "Xã", "q2", "C")];
    for (i, (r, g, q, a)) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        s.write_string(row, 0, *r).unwrap();
        s.write_string(row, 1, *g).unwrap();
        s.write_string(row, 2, *q).unwrap();
        s.write_string(row, 3, *a).unwrap();
    }
    let s2 = wb.add_worksheet();
    s2.set_name("SIPAS").unwrap();
    for (col, h) in ["respondent", "question", "answer"].iter().enumerate() {
        s2.write_string(0, col as u16, *h).unwrap();
    }
    // A number cell and a value off the scale.
    s2.write_string(1, 0, "C1").unwrap();
    s2.write_string(1, 1, "s1").unwrap();
    s2.write_number(1, 2, 4).unwrap();
    wb.save(&book).unwrap();
    let c = path(FIXTURE);
    let (_, v) = survey_file(&c, &book.to_string_lossy(), "en");
    assert_eq!(
        points(&v.unwrap()),
        [("1.1".to_string(), "2.8".to_string()), ("1.2".into(), "4".into())]
    );

    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    for (col, h) in ["respondent", "question", "answer"].iter().enumerate() {
        s.write_string(0, col as u16, *h).unwrap();
    }
    s.write_string(1, 0, "C1").unwrap();
    s.write_string(1, 1, "s1").unwrap();
    s.write_number(1, 2, 6).unwrap();
    let bad = dir.path().join("bad.xlsx");
    wb.save(&bad).unwrap();
    let (code, err) = survey_file(&c, &bad.to_string_lossy(), "en");
    assert_eq!(code, 2);
    let err = err.unwrap_err();
    assert!(err.contains("answer `6` is not on the scale of question s1"), "{err}");
    assert!(err.contains("bad.xlsx › Sheet1 › C2"), "{err}");
}

#[test]
fn one_answer_per_respondent_and_question() {
    let c = path(FIXTURE);
    // The same answer twice: a warning, counted once.
    let (code, out, err) = run(&[
        "survey",
        "-c",
        &c,
        "--answers",
        &Dir::new().file("a.csv", "respondent,question,answer\nR1,q1,B\nR1,q2,C\nr1,q1,B\n"),
        "-f",
        "json",
    ]);
    assert_eq!(code, 0);
    assert!(
        err.contains("warning[conflicting-rows]: respondent r1 answers question q1 twice alike"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(points(&v)[0].1, "2.8");
    // Two different answers: an error naming both places.
    let (code, err) = survey(&c, "respondent,question,answer\nR1,q1,B\nR1,q2,C\nR1,q1,A\n", "en");
    assert_eq!(code, 2);
    let err = err.unwrap_err();
    assert!(
        err.contains("error[conflicting-rows]: respondent R1 answers question q1 twice, differently (first at "),
        "{err}"
    );
    assert!(err.contains("a.csv:4:7"), "{err}");
}

#[test]
fn unknown_questions_and_answers_off_the_scale_are_all_reported() {
    let (code, err) = survey(
        &path(FIXTURE),
        "respondent,question,answer,year\nR1,q1,E,2022\nR1,q9,A,2022\nR2,q2,A,2021\n",
        "en",
    );
    assert_eq!(code, 2);
    let err = err.unwrap_err();
    assert!(err.contains("answer `E` is not on the scale of question q1 (A, B, C, D)"), "{err}");
    assert!(err.contains("question `q9` is in no survey"), "{err}");
    assert!(
        err.contains("error[year-mismatch]: year `2021` is not the criteria set's year (2022)"),
        "{err}"
    );
    assert!(err.ends_with("3 error(s), 0 warning(s)\n"), "{err}");
}

#[test]
fn a_leaf_with_both_a_result_and_answers_is_refused() {
    let dir = Dir::new();
    let (code, _, err) = run(&[
        "--lang",
        "en",
        "score",
        "-c",
        &path(CRITERIA),
        "-e",
        &path("examples/dak-nong-2022/khao-sat.csv"),
        "--answers",
        &path("examples/dak-nong-2022/khao-sat/sipas.csv"),
        "-o",
        &dir.path().join("r.json").to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error[survey-twice]: criterion 9.2 has both a result in the evidence and answers to the survey `sipas`"),
        "{err}"
    );
    assert!(err.contains("khao-sat.csv:3:5"), "{err}");
    assert!(!dir.path().join("r.json").exists());
}

#[test]
fn answers_need_a_set_with_surveys() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &super::support::small_criteria(""));
    let (code, err) = survey(&c, "respondent,question,answer\nR1,q1,A\n", "en");
    assert_eq!(code, 2);
    assert!(
        err.unwrap_err()
            .contains("error[invalid-survey]: the criteria set declares no survey")
    );
}

#[test]
fn the_order_of_rows_and_files_never_changes_the_report() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/survey/answers.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let dir = Dir::new();
    let reversed = dir.file("r.csv", &format!("{header}\n{}\n", lines.join("\n")));
    let (a, b) = (lines.len() / 2, lines.len());
    let first = dir.file("1.csv", &format!("{header}\n{}\n", lines[..a].join("\n")));
    let second = dir.file("2.csv", &format!("{header}\n{}\n", lines[a..b].join("\n")));
    let c = path(FIXTURE);
    let run_json = |answers: &[&str]| {
        let mut args = vec!["survey", "-c", &c, "--answers"];
        args.extend(answers);
        args.extend(["-f", "json"]);
        run(&args).1
    };
    let original = run_json(&[&path("tests/fixtures/survey/answers.csv")]);
    assert!(original.contains("\"schema\": \"parcalc.survey/1\""));
    assert_eq!(run_json(&[&reversed]), original);
    assert_eq!(run_json(&[&second, &first]), original);
}

#[test]
fn survey_definitions_are_checked_when_the_set_loads() {
    let base = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let errors = |from: &str, to: &str| {
        assert!(base.contains(from), "{from}");
        match parcalc::criteria::load_str("c.toml", &base.replacen(from, to, 1)) {
            Ok(_) => panic!("{to} accepted"),
            Err(f) => {
                f.0.iter()
                    .map(|d| (d.code.as_str(), d.message.en().to_string(), d.message.vi().to_string()))
                    .collect::<Vec<_>>()
            }
        }
    };
    let e = errors("aggregation = \"mean-weight\"", "aggregation = \"mean\"");
    assert_eq!(e[0].1, "unknown aggregation `mean`");
    assert_eq!(e[0].2, "cách tổng hợp `mean` không xác định");
    let e = errors("aggregation = \"share-satisfied\"", "aggregation = \"mean-weight\"");
    assert_eq!(e[0].1, "a `likert` scale has no weights for `mean-weight`");
    let e = errors("aggregation = \"mean-weight\"", "aggregation = \"share-satisfied\"");
    assert_eq!(e[0].1, "an `options` scale does not say which options are satisfied");
    let e = errors("satisfied = 4", "satisfied = 1.5");
    assert_eq!(e[0].0, "invalid-number");
    let e = errors("min = 1, max = 5", "min = 5, max = 5");
    assert!(e[0].1.starts_with("a `likert` scale needs min < max"), "{e:?}");
    let e = errors("criterion = \"1.2\"", "criterion = \"1.1\"");
    assert!(e.iter().any(|d| d.1 == "criterion 1.1 already has the survey `leaders`"), "{e:?}");
    let e = errors("criterion = \"1.2\"", "criterion = \"1\"");
    assert_eq!(e[0].1, "criterion 1 has sub-criteria: it is not a leaf");
    assert_eq!(e[0].2, "tiêu chí 1 có tiêu chí con, không phải là tiêu chí lá");
    // A question worth nothing, located at its points, in both languages.
    let e = errors(
        "en = \"Procedures\", points = 2 }",
        "en = \"Procedures\", points = 0 }, { id = \"q3\", vi = \"x\", points = 2 }",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, "invalid-survey");
    assert_eq!(e[0].1, "question q2 is worth 0 points");
    assert_eq!(e[0].2, "câu hỏi q2 có 0 điểm");
    let e = errors(
        "en = \"Procedures\", points = 2 }",
        "en = \"Procedures\", points = 0.000 }, { id = \"q3\", vi = \"x\", points = 2 }",
    );
    assert_eq!(e[0].1, "question q2 is worth 0 points");
    // An empty title (or only spaces), and an empty English title.
    let e = errors("id = \"leaders\"\n", "id = \"leaders\"\ntitle = \"  \"\n");
    assert_eq!(e[0].0, "invalid-survey");
    assert_eq!(e[0].1, "the survey `leaders`'s `title` is empty");
    assert_eq!(e[0].2, "`title` của khảo sát `leaders` đang để trống");
    let e = errors("id = \"leaders\"\n", "id = \"leaders\"\ntitle_en = \"\"\n");
    assert_eq!(e[0].1, "the survey `leaders`'s `title_en` is empty");
    let e = errors("criterion = \"1.2\"", "criterion = \"7.7\"");
    assert_eq!(e[0].1, "there is no criterion 7.7");
    let e = errors("points = 2 }", "points = 2.5 }");
    assert_eq!(e[0].1, "the questions' points add up to 6.5, but criterion 1.1 has a maximum of 6");
    assert_eq!(e[0].2, "điểm các câu hỏi cộng lại bằng 6,5, nhưng tiêu chí 1.1 có tối đa 6");
    let e = errors("weight = \"0%\"", "weight = \"-5%\"");
    assert_eq!(e[0].1, "the weight of option D is −5%, outside 0–100%");
    let e = errors("{ answer = \"D\"", "{ answer = \"không biết\"");
    assert_eq!(e[0].1, "option `không biết` cannot be used");
    let e = errors("id = \"s1\"", "id = \"Q1\"");
    assert_eq!(e[0].1, "question id `Q1` is already used in the survey `leaders`");
    let e = errors("id = \"citizens\"", "id = \"Leaders\"");
    assert!(e[0].1.starts_with("survey id `Leaders` is used twice (first on line "), "{e:?}");
    let e = errors("kind = \"likert\"", "kind = \"stars\"");
    assert_eq!(e[0].1, "unknown scale kind `stars`");
    let e = errors("blank = \"exclude\"", "blank = \"skip\"");
    assert_eq!(e[0].1, "unknown `blank` = `skip`");
    let e = errors("questions = [{ id = \"s1\"", "questions = [] #");
    assert!(e.iter().any(|d| d.1 == "the survey has no questions"), "{e:?}");
    let e = errors("aggregation = \"mean-weight\"", "aggregaton = \"mean-weight\"");
    assert_eq!(e[0].0, "toml-schema");
}

#[test]
fn yes_no_scale_and_units() {
    let dir = Dir::new();
    let c = criteria_with(
        &dir,
        "scale = { kind = \"likert\", min = 1, max = 5, satisfied = 4 }",
        "scale = { kind = \"yes-no\" }",
    );
    let answers = "respondent,question,answer,unit\nC1,s1,có,Xã A\nC2,s1,không,Xã A\nC3,s1,yes,Xã B\n";
    let (code, v) = survey(&c, answers, "en");
    let v = v.unwrap_or_else(|e| panic!("{code}: {e}"));
    let units: Vec<(String, String)> = v["surveys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["unit"].as_str().unwrap().to_string(), s["points"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(units, [("Xã A".to_string(), "2".to_string()), ("Xã B".into(), "4".into())]);
    let (code, out, _) = run(&[
        "survey",
        "-c",
        &c,
        "--answers",
        &dir.file("a.csv", answers),
        "--unit",
        "xã b",
        "-f",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("1.2 · Xã B,s1,Overall satisfaction,4,4,0,100% (1 counted),yes: 1 · no: 0"),
        "{out}"
    );
    let (code, _, err) = run(&["survey", "-c", &c, "--answers", &dir.file("a.csv", answers), "--unit", "Xã C"]);
    assert_eq!(code, 2);
    assert!(err.contains("no answers of the unit `Xã C`"), "{err}");
}

#[test]
fn the_report_in_both_languages_and_every_format() {
    let c = path(CRITERIA);
    let answers = path("examples/dak-nong-2022/khao-sat");
    let (code, vi, _) = run(&["--width", "200", "survey", "-c", &c, "--answers", &answers]);
    assert_eq!(code, 0);
    assert!(vi.contains("32 phiếu: trung bình 81,25% × 10 = 8,125"), "{vi}");
    assert!(vi.contains("Điểm bị trừ do nhóm"), "{vi}");
    let (code, en, _) = run(&["--width", "200", "--lang", "en", "survey", "-c", &c, "--answers", &answers]);
    assert_eq!(code, 0);
    assert!(en.contains("125 respondents: satisfied 78.4% × 8 = 6.272"), "{en}");
    assert!(en.contains("Points lost to the group"), "{en}");
    let (_, md, _) = run(&["--lang", "en", "survey", "-c", &c, "--answers", &answers, "-f", "markdown"]);
    assert!(
        md.contains("| 9.1 | Leaders' and managers' survey | 32 | 10 | 8.125 | 1.875 |"),
        "{md}"
    );
    let (_, csv, _) = run(&["survey", "-c", &c, "--answers", &answers, "-f", "csv"]);
    assert!(csv.starts_with("Mã,Câu,Nội dung,Tối đa,Đạt,Bị trừ,Kết quả,Câu trả lời\n"), "{csv}");
    assert!(
        csv.contains("9.2,s1,Tiếp cận dịch vụ,1.6,1.28,0.32,80% (125 câu tính),1: 9 · 2: 8 · 3: 8 · 4: 50 · 5: 50\n"),
        "{csv}"
    );
    let dir = Dir::new();
    let xlsx = dir.path().join("khao-sat.xlsx");
    let (code, _, err) = run(&["survey", "-c", &c, "--answers", &answers, "-o", &xlsx.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    // A report written into the answers' folder would be read as answers next time.
    let folder = dir.path().join("answers");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(root().join("tests/fixtures/survey/answers.csv"), folder.join("a.csv")).unwrap();
    let (code, _, err) = run(&[
        "survey",
        "-c",
        &path(FIXTURE),
        "--answers",
        &folder.to_string_lossy(),
        "-o",
        &folder.join("report.csv").to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("output-is-input"), "{err}");
    // `-o` onto an answer file names the option the file was given to, with `survey` and
    // with `score`, in both languages.
    let answers = dir.file(
        "a.csv",
        &std::fs::read_to_string(root().join("tests/fixtures/survey/answers.csv")).unwrap(),
    );
    for lang in ["en", "vi"] {
        let (code, _, err) = run(&[
            "--lang",
            lang,
            "survey",
            "-c",
            &path(FIXTURE),
            "--answers",
            &answers,
            "-o",
            &answers,
        ]);
        assert_eq!(code, 2, "{err}");
        let want = if lang == "en" {
            "is also an input (--answers);"
        } else {
            "cũng là tệp đầu vào (--answers);"
        };
        assert!(err.contains(want) && !err.contains("--evidence"), "{err}");
    }
    let ev = dir.file("e.csv", "criterion,value\n");
    let (code, _, err) = run(&["score", "-c", &path(FIXTURE), "-e", &ev, "--answers", &answers, "-o", &answers]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("also an input (--answers)") || err.contains("tệp đầu vào (--answers)"),
        "{err}"
    );
    let (code, _, err) = run(&["score", "-c", &path(FIXTURE), "-e", &ev, "--answers", &answers, "-o", &ev]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("(--evidence)"), "{err}");
}

#[test]
fn many_questions_with_different_counts_still_round_exactly() {
    // 30 questions of 0.2 points; question k is answered by 100 + k respondents, one D and
    // the rest A. The common denominator of the 30 fractions (lcm of 100..129, ≈ 6·10^38)
    // does not fit 128 bits, so parcalc bounds the sum instead of forming it.
    let base = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let questions: Vec<String> = (0..30)
        .map(|k| format!("  {{ id = \"k{k}\", vi = \"Câu {k}\", points = 0.2 }},"))
        .collect();
    let text = base.replacen(
        "questions = [\n  { id = \"q1\", vi = \"Chỉ đạo điều hành\", en = \"Direction\", points = 4 },\n  { id = \"q2\", vi = \"Thủ tục hành chính\", en = \"Procedures\", points = 2 },\n]",
        &format!("questions = [\n{}\n]", questions.join("\n")),
        1,
    );
    assert_ne!(text, base);
    let dir = Dir::new();
    let c = dir.file("c.toml", &text);
    let mut answers = "respondent,question,answer\n".to_string();
    let mut expected = Decimal::ZERO;
    for k in 0..30u32 {
        let n = 100 + k;
        for r in 0..n {
            answers.push_str(&format!("R{r},k{k},{}\n", if r == 0 { "D" } else { "A" }));
        }
        // 0.2 × (n − 1) / n, to 28 digits: far from any rounding edge at 3 places.
        expected += dec("0.2") * Decimal::from(n - 1) / Decimal::from(n);
    }
    let (code, v) = survey(&c, &answers, "en");
    let v = v.unwrap_or_else(|e| panic!("{code}: {e}"));
    assert_eq!(v["surveys"][0]["exact"], Value::Null);
    assert_eq!(v["surveys"][0]["points"].as_str().unwrap(), expected.round_dp(3).to_string());
    assert_eq!(v["surveys"][0]["points"], "5.947");
    assert!(
        v["surveys"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("129 respondents: mean ≈ 99.1216% × 6 ≈ 5.947296, rounded to 5.947"),
        "{}",
        v["surveys"][0]["reason"]
    );
}

#[test]
fn a_respondent_in_two_groups_and_a_weight_without_percent() {
    let (code, err) = survey(
        &path(FIXTURE),
        "respondent,group,question,answer\nR1,Xã,q1,A\nR1,Phòng,q2,B\n",
        "en",
    );
    assert_eq!(code, 2);
    let err = err.unwrap_err();
    assert!(
        err.contains("error[invalid-answer]: respondent R1 is in group `Phòng` on this row but in `Xã` on another"),
        "{err}"
    );
    assert!(err.contains("a.csv:3:"), "{err}");
    // `weight = 60` reads as 60 × 100 %, and is refused with the two ways to write it.
    let base = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let f = parcalc::criteria::load_str("c.toml", &base.replacen("weight = \"60%\"", "weight = 60", 1)).unwrap_err();
    assert_eq!(f.0[0].message.en(), "the weight of option B is 6000%, outside 0–100%");
    assert_eq!(
        f.0[0].help.as_ref().unwrap().en(),
        "write a weight from \"0%\" to \"100%\" (or from 0 to 1, such as 0.6)"
    );
    // 0.6 is the same as "60%".
    let ok = parcalc::criteria::load_str("c.toml", &base.replacen("weight = \"60%\"", "weight = 0.6", 1)).unwrap();
    assert_eq!(
        ok.surveys[0].scale,
        parcalc::criteria::load_str("c.toml", &base).unwrap().surveys[0].scale
    );
}

#[test]
fn answers_from_standard_input() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parcalc"))
        .args(["survey", "-c", FIXTURE, "--answers", "-", "-f", "csv"])
        .current_dir(root())
        .env_remove("PARCALC_LANG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"respondent;question;answer\r\nR1;q1;B\r\nR1;q2;C\r\nC1;s1;5\r\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("1.1,q1,Direction,4,2.4,1.6,60% (1 counted),A: 0 · B: 1 · C: 0 · D: 0\n"),
        "{out}"
    );
}

#[test]
fn a_header_without_answers_is_said_and_the_report_refused() {
    let dir = Dir::new();
    let a = dir.file("a.csv", "respondent,question,answer\n\n");
    let (code, out, err) = run(&["--lang", "en", "survey", "-c", &path(FIXTURE), "--answers", &a]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("warning[empty-evidence]: `"), "{err}");
    assert!(err.contains("a.csv` has a header row but no answers"), "{err}");
    assert!(err.ends_with("error: no answers to any of the criteria set's surveys\n"), "{err}");
    // `score` with it scores the survey leaves from the evidence, and says so.
    let e = dir.file("e.csv", "criterion,value\n1.1,6\n1.2,50\n");
    let (code, out, err) = run(&[
        "--lang",
        "en",
        "score",
        "-c",
        &path(FIXTURE),
        "-e",
        &e,
        "--answers",
        &a,
        "-f",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("has a header row but no answers"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"]["awarded"], "8");
}

#[test]
fn odd_answers_are_read_or_refused_never_guessed() {
    let c = path(FIXTURE);
    // A decimal comma, a sign and a leading zero still name a whole answer on the scale.
    let (code, v) = survey(&c, "respondent;question;answer\nR1;s1;4,0\nR2;s1;+4\nR3;s1;04\nR4;s1;3\n", "en");
    let v = v.unwrap_or_else(|e| panic!("{code}: {e}"));
    assert_eq!(points(&v), [("1.2".to_string(), "3".to_string())]);
    // Exponents, full-width letters and trailing punctuation are not answers.
    let (code, err) = survey(
        &c,
        "respondent;question;answer\nR1;s1;1e3\nR2;s1;Ａ\nR3;q1;Ａ\nR4;q1;A.\nR5;s1;4,5\n",
        "en",
    );
    assert_eq!(code, 2);
    let err = err.unwrap_err();
    for (value, line) in [("1e3", 2), ("Ａ", 3), ("Ａ", 4), ("A.", 5), ("4,5", 6)] {
        assert!(err.contains(&format!("answer `{value}` is not on the scale")), "{value}: {err}");
        assert!(err.contains(&format!("a.csv:{line}:")), "{line}: {err}");
    }
    // Control characters in a respondent id are shown escaped, not sent to the terminal.
    let (code, err) = survey(
        &c,
        "respondent,question,answer\n\"R\u{1b}[31m1\",q1,A\n\"R\u{1b}[31m1\",q1,B\n",
        "en",
    );
    assert_eq!(code, 2);
    let err = err.unwrap_err();
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("error[conflicting-rows]"), "{err}");
}

/// `group_column`: two surveys grouping the same file by different columns, the declared
/// header matched like any header, a missing declared column refused at the header, and
/// declarations that cannot work refused when the set loads.
#[test]
fn declared_group_columns() {
    let dir = Dir::new();
    // The leaders' survey groups by a declared column written in another case and in
    // decomposed Unicode (NFD) in the file; the citizens' by the fixed `group` column.
    let c = criteria_with(
        &dir,
        "aggregation = \"mean-weight\"\n",
        "aggregation = \"mean-weight\"\ngroup_column = \"Đối tượng khảo sát\"\n",
    );
    let header = "respondent,ĐỐI TƯỢNG KHẢO SÁT,group,question,answer\n"
        .chars()
        .flat_map(|ch| match ch {
            'Ố' => vec!['O', '\u{302}', '\u{301}'],
            _ => vec![ch],
        })
        .collect::<String>();
    let rows = "R1,Xã,Huyện,q1,A\nR2,Phòng,Huyện,q1,D\nR1,Xã,Huyện,q2,A\nR2,Phòng,Huyện,q2,B\nR1,,Huyện,s1,4\nR3,,Tỉnh,s1,2\n";
    for lang in ["vi", "en"] {
        let (code, v) = survey(&c, &format!("{header}{rows}"), lang);
        let v = v.unwrap();
        assert_eq!(code, 0);
        // q1: (100% + 0%) ÷ 2 × 4 = 2; q2: (100% + 60%) ÷ 2 × 2 = 1.6; 3.6 of 6.
        // s1: 1 of 2 at 4 or above, × 4 = 2.
        assert_eq!(points(&v), [("1.1".into(), "3.6".into()), ("1.2".into(), "2".into())]);
        let groups = |i: usize| -> Vec<(String, String)> {
            v["surveys"][i]["groups"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| (g["group"].as_str().unwrap().into(), g["lost"].as_str().unwrap().into()))
                .collect()
        };
        // Phòng lost (1 − 0) ÷ 2 × 4 + (1 − 0.6) ÷ 2 × 2 = 2 + 0.4 = 2.4; Xã nothing.
        assert_eq!(groups(0), [("Phòng".into(), "2.4".into()), ("Xã".into(), "0".into())]);
        // The citizens' groups come from `group`: Tỉnh (R3, a 2) lost 1 ÷ 2 × 4 = 2.
        assert_eq!(groups(1), [("Tỉnh".into(), "2".into()), ("Huyện".into(), "0".into())]);
    }

    // A file answering the leaders' survey without the declared column: an error at its
    // header naming the column, in both languages, exit 2; the scorer refuses it too.
    let answers = "respondent,group,question,answer\nR1,Xã,q1,A\nR1,Xã,q2,A\n";
    let (code, err) = survey(&c, answers, "en");
    let err = err.unwrap_err();
    assert_eq!(code, 2);
    assert!(
        err.contains("error[missing-column]: no group column `Đối tượng khảo sát`, which the survey `leaders` declares (group_column)"),
        "{err}"
    );
    assert!(err.contains("a.csv:1:1"), "{err}");
    assert!(
        err.contains("help: add a `Đối tượng khảo sát` column giving each respondent's group, or correct the survey `leaders`'s `group_column` to the file's header"),
        "{err}"
    );
    let (code, err) = survey(&c, answers, "vi");
    assert_eq!(code, 2);
    assert!(
        err.unwrap_err()
            .contains("error[missing-column]: không có cột nhóm `Đối tượng khảo sát` mà khảo sát `leaders` khai báo (group_column)")
    );
    // A file answering only the citizens' survey needs no such column.
    let (code, v) = survey(&c, "respondent,group,question,answer\nN1,Xã,s1,5\n", "en");
    assert_eq!(code, 0);
    assert_eq!(v.unwrap()["surveys"][0]["points"], "4");

    // The declared column may be one of the fixed group headers (`nhóm`): it is that column.
    let dir2 = Dir::new();
    let c2 = criteria_with(
        &dir2,
        "aggregation = \"mean-weight\"\n",
        "aggregation = \"mean-weight\"\ngroup_column = \"Nhóm\"\n",
    );
    let (code, v) = survey(&c2, "phiếu,nhóm,câu hỏi,trả lời\nR1,Xã,q1,A\nR1,Xã,q2,C\n", "en");
    assert_eq!(code, 0);
    assert_eq!(v.unwrap()["surveys"][0]["groups"][0]["group"], "Xã");

    // Both surveys declaring columns: two columns of one file, each read by its survey.
    let base = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let both = base
        .replacen(
            "aggregation = \"mean-weight\"\n",
            "aggregation = \"mean-weight\"\ngroup_column = \"cán bộ\"\n",
            1,
        )
        .replacen(
            "aggregation = \"share-satisfied\"\n",
            "aggregation = \"share-satisfied\"\ngroup_column = \"lĩnh vực\"\n",
            1,
        );
    let d = Dir::new();
    let c3 = d.file("c.toml", &both);
    let (code, v) = survey(
        &c3,
        "phiếu;cán bộ;lĩnh vực;câu hỏi;trả lời\r\nR1;Xã;;q1;A\r\nR1;Xã;;q2;A\r\nN1;;Đất đai;s1;1\r\nN2;;Hộ tịch;s1;5\r\n",
        "en",
    );
    let v = v.unwrap();
    assert_eq!(code, 0);
    assert_eq!(v["surveys"][0]["groups"][0]["group"], "Xã");
    assert_eq!(v["surveys"][1]["groups"][0]["group"], "Đất đai");
    assert_eq!(v["surveys"][1]["groups"][0]["lost"], "2");
    // The same declared column twice in a file is refused like any repeated column.
    let (code, err) = survey(&c3, "phiếu,cán bộ,Cán Bộ,câu hỏi,trả lời\nR1,Xã,Xã,q1,A\n", "en");
    assert_eq!(code, 2);
    assert!(
        err.unwrap_err()
            .contains("error[unknown-column]: column `Cán Bộ` appears twice (as `cán bộ`)")
    );

    // Declarations that cannot work are refused at load, at the key.
    for (value, message) in [
        ("\"  \"", "`group_column` is empty"),
        (
            "\"câu hỏi\"",
            "`group_column` = `câu hỏi` names the answer files' `question` column",
        ),
        ("\"Phiếu\"", "`group_column` = `Phiếu` names the answer files' `respondent` column"),
    ] {
        let text = base.replacen(
            "aggregation = \"mean-weight\"\n",
            &format!("aggregation = \"mean-weight\"\ngroup_column = {value}\n"),
            1,
        );
        let f = parcalc::criteria::load_str("c.toml", &text).unwrap_err();
        assert_eq!(f.0.len(), 1, "{value}");
        assert_eq!(f.0[0].code, parcalc::diag::Code::InvalidSurvey);
        assert_eq!(f.0[0].message.en(), message);
        assert!(f.0[0].location.as_ref().unwrap().line > 0);
    }
}

/// `--set` on a survey leaf fed by answers replaces the computed row: the what-if points,
/// and a reason saying it is a what-if and what the answers give.
#[test]
fn a_what_if_on_a_survey_leaf_fed_by_answers() {
    let mut args = vec!["score".to_string(), "-c".into(), path(CRITERIA), "-e".into()];
    args.extend(evidence_without_results());
    args.extend([
        "--answers".into(),
        path("examples/dak-nong-2022/khao-sat"),
        "--set".into(),
        "9.1=9,5".into(),
        "--set".into(),
        "9.2=80".into(),
        "-f".into(),
        "json".into(),
    ]);
    for lang in ["vi", "en"] {
        let mut a: Vec<&str> = vec!["--lang", lang];
        a.extend(args.iter().map(String::as_str));
        let doc = json(&a);
        // 9.1: 9.5 instead of 8.125 (+1.375); 9.2: 80/100 × 8 = 6.4 instead of 6.272 (+0.128).
        assert_eq!(node(&doc, "9.1")["awarded"], "9.5");
        assert_eq!(node(&doc, "9.2")["awarded"], "6.4");
        assert_eq!(doc["total"]["awarded"], "73.293");
        assert_eq!(doc["what_if"]["baseline"], "71.79");
        assert_eq!(doc["what_if"]["changes"][0]["before"], "8.125");
        assert_eq!(doc["what_if"]["changes"][0]["gain"], "1.375");
        assert_eq!(doc["what_if"]["combined_gain"], "1.503");
        let reason = |c: &str| node(&doc, c)["reason"].as_str().unwrap().to_string();
        if lang == "vi" {
            assert_eq!(
                reason("9.1"),
                "giá trị giả định (--set 9.1=9,5): kết quả điều tra 9,5 → 9,5/10 điểm (thay cho 8,125 điểm tính từ câu trả lời khảo sát)"
            );
            assert_eq!(
                reason("9.2"),
                "giá trị giả định (--set 9.2=80): chỉ số hài lòng 80/100 → 6,4/8 điểm (thay cho 6,272 điểm tính từ câu trả lời khảo sát)"
            );
        } else {
            assert_eq!(
                reason("9.1"),
                "what-if value (--set 9.1=9,5): survey result 9.5 → 9.5 of 10 (instead of the 8.125 points computed from the survey answers)"
            );
        }
    }
    // A what-if equal to the computed points still says it is a what-if.
    let mut same = args.clone();
    let i = same.iter().position(|a| a == "9.1=9,5").unwrap();
    same[i] = "9.1=8.1250".into();
    let refs: Vec<&str> = same.iter().map(String::as_str).collect();
    let doc = json(&refs);
    assert_eq!(node(&doc, "9.1")["awarded"], "8.125");
    assert!(
        node(&doc, "9.1")["reason"]
            .as_str()
            .unwrap()
            .starts_with("giá trị giả định (--set 9.1=8.1250): ")
    );
}

/// Survey answers belong to the set's first round: scoring at the last round uses them
/// when no later round has a row for the leaf; a later round's row for the leaf is refused
/// with the answers like any second source.
#[test]
fn answers_count_at_every_round() {
    let dir = Dir::new();
    let appraisal = dir.file("tham-dinh.csv", "criterion,value,stage\n1.7,3,thẩm định\n");
    let run_at = |stage: &str, extra: &[&str]| {
        let mut args = vec!["score".to_string(), "-c".into(), path(CRITERIA), "-e".into()];
        args.extend(evidence_without_results());
        args.extend(extra.iter().map(|s| s.to_string()));
        args.extend([
            "--answers".into(),
            path("examples/dak-nong-2022/khao-sat"),
            "--stage".into(),
            stage.into(),
            "-f".into(),
            "json".into(),
        ]);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&refs)
    };
    let (code, out, err) = run_at("self", &[&appraisal]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["total"]["awarded"], "71.79");
    // At the appraisal, 1.7 is 3 initiatives (2 points instead of 0) and the survey leaves
    // still come from the answers: 71.79 + 2 = 73.79.
    let (code, out, err) = run_at("appraisal", &[&appraisal]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["total"]["awarded"], "73.79");
    assert_eq!(doc["round_used"], "appraisal");
    assert_eq!(node(&doc, "9.1")["awarded"], "8.125");
    assert_eq!(node(&doc, "9.1")["reason"], "32 phiếu: trung bình 81,25% × 10 = 8,125");
    assert_eq!(node(&doc, "9.2")["awarded"], "6.272");
    // No appraisal row at all: the last round falls back to the first, answers included.
    let (code, out, err) = run_at("appraisal", &[]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["total"]["awarded"], "71.79");
    // An appraisal row for 9.1 besides the answers: two sources, refused.
    let twice = dir.file("9-1.csv", "criterion,value,stage\n9.1,9,thẩm định\n");
    let (code, _, err) = run_at("appraisal", &[&twice]);
    assert_eq!(code, 2);
    assert!(err.contains("error[survey-twice]"), "{err}");
}

fn check_reference(extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "--lang".to_string(),
        "en".into(),
        "check".into(),
        "-c".into(),
        path(CRITERIA),
        "-e".into(),
    ];
    args.extend(evidence_without_results());
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&refs)
}

/// `check --answers`: survey leaves fed by answers are covered; without the answers they
/// are `no-evidence`; answers with errors are located findings.
#[test]
fn check_with_answers() {
    let answers = path("examples/dak-nong-2022/khao-sat");
    let (code, out, err) = check_reference(&["--answers", &answers, "--deny", "warnings"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        format!("{out}{err}").contains("checked 8 file(s): 0 error(s), 0 warning(s)"),
        "{out}{err}"
    );

    let (code, out, err) = check_reference(&["--deny", "warnings"]);
    let all = format!("{out}{err}");
    assert_eq!(code, 1, "{all}");
    assert_eq!(all.matches("warning[no-evidence]").count(), 2, "{all}");
    assert!(
        all.contains("warning[no-evidence]: criterion 9.1 has no evidence row: it scores 0"),
        "{all}"
    );
    assert!(
        all.contains("warning[no-evidence]: criterion 9.2 has no evidence row: it scores 0"),
        "{all}"
    );
    // Without --deny warnings the warnings do not fail the check.
    assert_eq!(check_reference(&[]).0, 0);

    // Answers for 9.1 only: 9.2 would score 0, and check says so.
    let leaders = path("examples/dak-nong-2022/khao-sat/lanh-dao.csv");
    let (code, out, err) = check_reference(&["--answers", &leaders, "--deny", "warnings"]);
    let all = format!("{out}{err}");
    assert_eq!(code, 1, "{all}");
    assert_eq!(all.matches("warning[no-evidence]").count(), 1, "{all}");
    assert!(
        all.contains("warning[no-evidence]: criterion 9.2 has no evidence row: it scores 0"),
        "{all}"
    );
    // A header-only answer file feeds nothing: both survey leaves are reported.
    let empty_dir = Dir::new();
    let header_only = empty_dir.file("tra-loi.csv", "phiếu,nhóm,câu hỏi,trả lời\n");
    let (code, out, err) = check_reference(&["--answers", &header_only, "--deny", "warnings"]);
    let all = format!("{out}{err}");
    assert_eq!(code, 1, "{all}");
    assert_eq!(all.matches("warning[no-evidence]").count(), 2, "{all}");

    let dir = Dir::new();
    let bad = dir.file(
        "sai.csv",
        "phiếu;nhóm;câu hỏi;trả lời\nLD900;Xã;ld1;E\nLD900;Xã;ld99;A\nLD001;Đại biểu HĐND huyện;ld1;D\n",
    );
    let (code, out, err) = check_reference(&["--answers", &answers, &bad]);
    let all = format!("{out}{err}");
    assert_eq!(code, 1, "{all}");
    assert!(
        all.contains("error[invalid-answer]: answer `E` is not on the scale of question ld1"),
        "{all}"
    );
    assert!(all.contains("sai.csv:2:14"), "{all}");
    assert!(all.contains("error[invalid-answer]: question `ld99` is in no survey"), "{all}");
    assert!(all.contains("sai.csv:3:10"), "{all}");
    // LD001 answered ld1 with A in lanh-dao.csv: the conflict names both places.
    assert!(
        all.contains("error[conflicting-rows]: respondent LD001 answers question ld1 twice, differently (first at "),
        "{all}"
    );
    assert!(all.contains("sai.csv:4:31"), "{all}");
    assert!(all.contains("lanh-dao.csv:2:31"), "{all}");
}

/// Several criteria sets given to `check`: an answer problem found against each is
/// reported once.
#[test]
fn check_reports_an_answer_problem_once_for_several_sets() {
    let dir = Dir::new();
    let base = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let c1 = dir.file("c1.toml", &base);
    // A second set with another id and question s1 renamed: its help lists other questions.
    let c2 = dir.file(
        "c2.toml",
        &base
            .replacen("id = \"survey-case\"", "id = \"survey-case-2\"", 1)
            .replacen("id = \"s1\"", "id = \"s1b\"", 1),
    );
    let a = dir.file("a.csv", "respondent,group,question,answer\nR1,Xã,q9,A\nR2,Xã,q1,E\n");
    let (code, out, err) = run(&["--lang", "en", "check", "-c", &c1, "-c", &c2, "--answers", &a]);
    let all = format!("{out}{err}");
    assert_eq!(code, 1, "{all}");
    assert_eq!(
        all.matches("error[invalid-answer]: question `q9` is in no survey").count(),
        1,
        "{all}"
    );
    assert_eq!(
        all.matches("error[invalid-answer]: answer `E` is not on the scale").count(),
        1,
        "{all}"
    );
    assert!(all.contains("checked 3 file(s): 2 error(s), 0 warning(s)"), "{all}");
}

/// A declared group column in a workbook: read from the sheet that has it; a sheet
/// answering the survey without it is refused at its header row, by sheet name.
#[test]
fn declared_group_column_in_a_workbook() {
    let dir = Dir::new();
    let c = criteria_with(
        &dir,
        "aggregation = \"mean-weight\"\n",
        "aggregation = \"mean-weight\"\ngroup_column = \"Đối tượng khảo sát\"\n",
    );
    let sheet = |wb: &mut rust_xlsxwriter::Workbook, name: &str, header: &[&str], rows: &[&[&str]]| {
        let s = wb.add_worksheet();
        s.set_name(name).unwrap();
        for (col, h) in header.iter().enumerate() {
            s.write_string(0, col as u16, *h).unwrap();
        }
        for (i, row) in rows.iter().enumerate() {
            for (col, cell) in row.iter().enumerate() {
                s.write_string(i as u32 + 1, col as u16, *cell).unwrap();
            }
        }
    };
    let header = ["phiếu", "Đối tượng khảo sát", "câu hỏi", "trả lời"];
    let mut wb = rust_xlsxwriter::Workbook::new();
    sheet(&mut wb, "Lãnh đạo", &header, &[&["R1", "Xã", "q1", "B"], &["R1", "Xã", "q2", "C"]]);
    let good = dir.path().join("good.xlsx");
    wb.save(&good).unwrap();
    let (code, v) = survey_file(&c, &good.to_string_lossy(), "en");
    let v = v.unwrap();
    assert_eq!(code, 0);
    // 60% × 4 + 20% × 2 = 2.8.
    assert_eq!(points(&v), [("1.1".to_string(), "2.8".to_string())]);
    assert_eq!(v["surveys"][0]["groups"][0]["group"], "Xã");

    let mut wb = rust_xlsxwriter::Workbook::new();
    sheet(&mut wb, "Lãnh đạo", &header, &[&["R1", "Xã", "q1", "B"]]);
    sheet(
        &mut wb,
        "Thêm",
        &["phiếu", "nhóm", "câu hỏi", "trả lời"],
        &[&["R2", "Xã", "q2", "A"]],
    );
    let bad = dir.path().join("bad.xlsx");
    wb.save(&bad).unwrap();
    let (code, err) = survey_file(&c, &bad.to_string_lossy(), "en");
    assert_eq!(code, 2);
    let err = err.unwrap_err();
    assert!(err.contains("error[missing-column]: no group column `Đối tượng khảo sát`"), "{err}");
    assert!(err.contains("bad.xlsx › Thêm"), "{err}");
    assert_eq!(err.matches("error[missing-column]").count(), 1, "{err}");
}
