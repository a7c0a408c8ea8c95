//! The rule shapes real provincial tables use, expressed directly: the excerpt set
//! `criteria/provincial-excerpts-2022.toml` (Cà Mau 1.1–1.2, Tiền Giang 1.4, Xuân Lộc 4)
//! scored leaf by leaf, and what `check` says about bad checklist values, dates given to a
//! status-only deadline, a formula variable below its `min`, and rows lost or left empty.

use super::support::{Dir, root, run};

const EXCERPTS: &str = "criteria/provincial-excerpts-2022.toml";

fn excerpts() -> String {
    root().join(EXCERPTS).to_string_lossy().into_owned()
}

fn example() -> String {
    root().join("examples/provincial-excerpts").to_string_lossy().into_owned()
}

/// `score --format json` of the excerpt set on `evidence` (reasons in English).
fn score_json(evidence: &str) -> serde_json::Value {
    score_json_in("en", evidence)
}

fn score_json_in(lang: &str, evidence: &str) -> serde_json::Value {
    let (code, out, err) = run(&["--lang", lang, "score", "-c", &excerpts(), "-e", evidence, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn leaf<'a>(v: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == code).unwrap()
}

#[test]
fn the_excerpt_set_scores_every_leaf_as_its_table_says() {
    let v = score_json(&example());
    let expected = [
        // Cà Mau 1.1.1, status-only: "không kịp thời" → 0,5.
        ("1.1.1", "0.5"),
        ("1.1.2", "1"),
        ("1.1.3", "0"),
        // Cà Mau 1.1.4: 90% is not "> 90%" → the 70–90% tier.
        ("1.1.4", "1"),
        ("1.2.1", "1"),
        ("1.2.2", "1"),
        // Tiền Giang 1.4.1: 3/12 = 25% → 20–<30%.
        ("1.4.1", "0.5"),
        // Tiền Giang 1.4.2: 2/4 × 1 + 1/4 × 0,5.
        ("1.4.2", "0.625"),
        // Xuân Lộc 4.1: 19/20 = 95%, above the 90% floor → 0,95.
        ("4.1", "0.95"),
        // Xuân Lộc 4.2: boards 0,25 + website 0,25 (named by its Vietnamese name).
        ("4.2", "0.5"),
    ];
    for (code, points) in expected {
        assert_eq!(leaf(&v, code)["awarded"], points, "{code}");
        assert_eq!(leaf(&v, code)["status"], "scored", "{code}");
    }
    let leaves = v["nodes"].as_array().unwrap().iter().filter(|n| n["rule"].is_string()).count();
    assert_eq!(leaves, expected.len());
    assert_eq!(v["total"]["awarded"], "7.075");
    assert_eq!(v["total"]["lost"], "3.925");
    assert_eq!(v["total"]["index_percent"], "64.32");
    assert_eq!(leaf(&v, "1")["awarded"], "5.625");
    assert_eq!(leaf(&v, "4")["awarded"], "1.45");
    assert_eq!(leaf(&v, "4.2")["rule"], "checklist");
    assert_eq!(
        leaf(&v, "4.2")["reason"],
        "communication forms: met: electronic boards, screens (0.25), website, social network (0.25); not met: traditional forms (meetings, leaflets…) (0.5) → 0.5 of 1"
    );
    let vi = score_json_in("vi", &example());
    assert_eq!(vi["total"]["awarded"], "7.075");
    assert_eq!(
        leaf(&vi, "4.2")["reason"],
        "hình thức tuyên truyền: đạt: Bảng điện tử, màn hình (0,25), Trang thông tin điện tử, mạng xã hội (0,25); không đạt: Hình thức truyền thống (hội nghị, tờ gấp…) (0,5) → 0,5/1 điểm"
    );
    assert_eq!(leaf(&vi, "1.1.1")["reason"], "ban hành kế hoạch chậm → 0,5/1 điểm");
    assert_eq!(leaf(&v, "1.1.1")["reason"], "plan issued late → 0.5 of 1");
    // The example is clean, warnings included.
    let (code, out, _) = run(&["--lang", "en", "check", "-c", &excerpts(), "-e", &example(), "--deny", "warnings"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("0 error(s), 0 warning(s)\n"), "{out}");
}

/// The example's rows with `replace` lines swapped in (by their first two cells).
fn example_with(dir: &Dir, replace: &[&str]) -> String {
    let text = std::fs::read_to_string(root().join("examples/provincial-excerpts/so-lieu.csv")).unwrap();
    let key = |l: &str| l.splitn(3, ',').take(2).collect::<Vec<_>>().join(",");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for r in replace {
        match lines.iter().position(|l| key(l) == key(r)) {
            Some(i) => lines[i] = (*r).to_string(),
            None => lines.push((*r).to_string()),
        }
    }
    dir.file("e.csv", &(lines.join("\n") + "\n"))
}

fn check(lang: &str, evidence: &str, extra: &[&str]) -> (i32, String) {
    let c = excerpts();
    let mut args = vec!["--lang", lang, "check", "-c", &c, "-e", evidence];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert!(err.is_empty(), "{err}");
    (code, out)
}

#[test]
fn check_refuses_a_checklist_value_that_is_not_yes_or_no() {
    let dir = Dir::new();
    // (the caret is under the value, inside its quotes)
    for (value, shown, column) in [("2", "2", 18), ("\"0,5\"", "0,5", 19), ("x2", "x2", 18), ("0.25", "0.25", 18)] {
        let e = example_with(&dir, &[&format!("4.2,truyen-thong,{value},,")]);
        let (code, out) = check("en", &e, &[]);
        assert_eq!(code, 1, "{out}");
        assert!(
            out.contains(&format!("error[invalid-value]: 4.2: `{shown}` is not yes/no (column `value`)")),
            "{out}"
        );
        assert!(out.contains(&format!("e.csv:15:{column}")), "{out}");
        assert!(out.contains("the criteria set gives its points"), "{out}");
        let (code, out) = check("vi", &e, &[]);
        assert_eq!(code, 1);
        assert!(out.contains(&format!("4.2: `{shown}` không phải là có/không")), "{out}");
        assert!(out.contains("điểm của mục do bộ tiêu chí quy định"), "{out}");
    }
}

#[test]
fn check_names_checklist_items_it_does_not_know_and_items_given_twice() {
    let dir = Dir::new();
    let e = example_with(&dir, &["4.2,to-gap,có,,"]);
    let (code, out) = check("en", &e, &[]);
    assert_eq!(code, 1);
    assert!(out.contains("error[invalid-value]: 4.2: unknown checklist item `to-gap`"), "{out}");
    assert!(out.contains("items: bang-dien-tu, website, truyen-thong"), "{out}");
    // The same item by its id and by its English name.
    let e = example_with(&dir, &["4.2,\"Website, social network\",không,,"]);
    let (code, out) = check("en", &e, &[]);
    assert_eq!(code, 1);
    assert!(out.contains("4.2: item `website` is already given at"), "{out}");
    // Alias spellings alone score like the ids.
    let e = example_with(
        &dir,
        &[
            "4.2,bang-dien-tu,Có,Báo cáo tuyên truyền 2022,",
            "4.2,truyen-thong,x,Báo cáo tuyên truyền 2022,",
        ],
    );
    let v = score_json(&e);
    assert_eq!(leaf(&v, "4.2")["awarded"], "1");
}

#[test]
fn a_checklist_item_without_a_row_counts_as_not_met() {
    let dir = Dir::new();
    let text = std::fs::read_to_string(root().join("examples/provincial-excerpts/so-lieu.csv")).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("4.2,truyen"))
        .map(|l| format!("{l}\n"))
        .collect();
    let e = dir.file("e.csv", &without);
    let v = score_json(&e);
    assert_eq!(leaf(&v, "4.2")["awarded"], "0.5");
    assert!(
        leaf(&v, "4.2")["reason"]
            .as_str()
            .unwrap()
            .contains("not reported, counted as not met: traditional forms"),
        "{}",
        leaf(&v, "4.2")["reason"]
    );
    // check says so, at the criterion.
    let (code, out) = check("en", &e, &["--deny", "warnings"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("warning[no-evidence]: criterion 4.2: item `truyen-thong` has no row: it counts as not met"),
        "{out}"
    );
    assert!(out.ends_with("0 error(s), 1 warning(s)\n"), "{out}");
    let (_, out) = check("vi", &e, &[]);
    assert!(
        out.contains("tiêu chí 4.2: mục `truyen-thong` không có dòng số liệu nào: được tính là không đạt"),
        "{out}"
    );
    // A row saying that no item was met answers them all.
    let no_item: String = without
        .lines()
        .filter(|l| !l.starts_with("4.2,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let none = dir.file("none.csv", &(no_item + "4.2,,không,Báo cáo tuyên truyền 2022,\n"));
    let (code, out) = check("en", &none, &["--deny", "warnings"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(leaf(&score_json(&none), "4.2")["awarded"], "0");
}

#[test]
fn check_refuses_a_date_for_a_status_only_deadline() {
    let dir = Dir::new();
    let e = example_with(&dir, &["1.1.1,,20/01/2022,Kế hoạch 12/KH-UBND,"]);
    let (code, out) = check("en", &e, &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[invalid-value]: 1.1.1: `20/01/2022` is a date, but the rule has no due date (`due`) to compare it with"),
        "{out}"
    );
    assert!(out.contains("to score dates, declare `due` in the rule"), "{out}");
    assert!(out.contains(" --> "), "{out}");
    let (_, out) = check("vi", &e, &[]);
    assert!(
        out.contains("`20/01/2022` là một ngày, nhưng quy tắc không có hạn (`due`) để so sánh"),
        "{out}"
    );
    // Each status, in Vietnamese and English.
    for (status, points) in [
        ("kịp thời", "1"),
        ("on time", "1"),
        ("chậm", "0.5"),
        ("late", "0.5"),
        ("không ban hành", "0"),
        ("not issued", "0"),
        // A bare "không" / "no" answers "was it issued?" (documented).
        ("không", "0"),
        ("Không", "0"),
        ("no", "0"),
    ] {
        let e = example_with(&dir, &[&format!("1.1.1,,{status},Kế hoạch 12/KH-UBND,")]);
        assert_eq!(leaf(&score_json(&e), "1.1.1")["awarded"], points, "{status}");
    }
    // A bare "có" / "yes" says it was issued but not whether on time: refused, in both
    // languages, with the statuses to write.
    for (status, lang, want) in [
        ("có", "en", "error[invalid-value]: 1.1.1: `có` is not a status"),
        ("yes", "en", "error[invalid-value]: 1.1.1: `yes` is not a status"),
        ("có", "vi", "error[invalid-value]: 1.1.1: `có` không phải là tình trạng ban hành"),
    ] {
        let e = example_with(&dir, &[&format!("1.1.1,,{status},Kế hoạch 12/KH-UBND,")]);
        let (code, out) = check(lang, &e, &[]);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains(want), "{out}");
        let (code, _, err) = run(&["--lang", lang, "score", "-c", &excerpts(), "-e", &e]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(want), "{err}");
    }
}

#[test]
fn a_formula_variable_below_its_min_is_refused_at_its_cell() {
    let dir = Dir::new();
    let e = example_with(&dir, &["1.4.2,a,0,Báo cáo kiểm tra 88/BC-UBND,"]);
    let (code, out) = check("en", &e, &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[invalid-value]: 1.4.2: `0` is below the least value 1 of variable `a` (problems found)"),
        "{out}"
    );
    assert!(out.contains("e.csv:9:9"), "{out}");
    // No problem found: the criterion does not arise, and leaves the maximum.
    let text = std::fs::read_to_string(root().join("examples/provincial-excerpts/so-lieu.csv")).unwrap();
    let na: String = text
        .lines()
        .filter(|l| !l.starts_with("1.4.2,"))
        .map(|l| format!("{l}\n"))
        .chain(["1.4.2,,không phát sinh,,không có vấn đề nào được phát hiện\n".to_string()])
        .collect();
    let v = score_json(&dir.file("na.csv", &na));
    assert_eq!(leaf(&v, "1.4.2")["status"], "not_applicable");
    assert_eq!(v["total"]["applicable_max"], "10");
    // The set loads without a division-by-zero warning.
    let (code, out, _) = run(&["--lang", "en", "check", "-c", &excerpts(), "--deny", "warnings"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn check_warns_about_leaves_without_rows_and_rows_left_empty() {
    let dir = Dir::new();
    let text = std::fs::read_to_string(root().join("examples/provincial-excerpts/so-lieu.csv")).unwrap();
    // 1.2.2 lost; 1.1.3 left as a template leaves it; 1.1.2 a short row (no trailing cells
    // is a CSV error, so the row keeps its commas).
    let lost: String = text
        .lines()
        .filter(|l| !l.starts_with("1.2.2,"))
        .map(|l| match l {
            l if l.starts_with("1.1.3,") => "1.1.3,,,,\n".to_string(),
            l => format!("{l}\n"),
        })
        .collect();
    let e = dir.file("e.csv", &lost);
    let (code, out) = check("en", &e, &[]);
    assert_eq!(code, 0, "warnings only: {out}");
    assert!(out.contains("warning[no-evidence]: criterion 1.1.3 has a row at "), "{out}");
    assert!(out.contains("e.csv:4 but its value is empty (column `value`)"), "{out}");
    assert!(
        out.contains("warning[no-evidence]: criterion 1.2.2 has no evidence row: it scores 0"),
        "{out}"
    );
    assert!(out.ends_with("0 error(s), 2 warning(s)\n"), "{out}");
    let (code, out) = check("en", &e, &["--deny", "warnings"]);
    assert_eq!(code, 1, "{out}");
    let (code, out) = check("vi", &e, &["--deny", "warnings"]);
    assert_eq!(code, 1);
    assert!(out.contains("warning[no-evidence]: tiêu chí 1.1.3 có dòng ở "), "{out}");
    assert!(
        out.contains("tiêu chí 1.2.2 không có dòng số liệu kiểm chứng nào: bị tính 0 điểm"),
        "{out}"
    );
    // --partial: the file covers only some criteria.
    let (code, out) = check("en", &e, &["--deny", "warnings", "--partial"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("0 error(s), 0 warning(s)\n"), "{out}");
    // score is unchanged: both leaves are missing evidence, scored 0.
    let v = score_json(&e);
    assert_eq!(leaf(&v, "1.1.3")["status"], "missing_evidence");
    assert_eq!(leaf(&v, "1.2.2")["status"], "missing_evidence");
}

#[test]
fn check_warns_per_unit() {
    let dir = Dir::new();
    let text = std::fs::read_to_string(root().join("examples/provincial-excerpts/so-lieu.csv")).unwrap();
    let mut both = String::from("unit,criterion,item,value,document,note\n");
    for unit in ["Xã A", "Xã B"] {
        for l in text.lines().skip(1) {
            if unit == "Xã B" && (l.starts_with("4.1,") || l.starts_with("4.2,truyen-thong")) {
                continue;
            }
            both.push_str(&format!("{unit},{l}\n"));
        }
    }
    let e = dir.file("e.csv", &both);
    let (code, out) = check("en", &e, &["--deny", "warnings"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("criterion 4.1 has no evidence row for unit `Xã B`: it scores 0"),
        "{out}"
    );
    assert!(
        out.contains("criterion 4.2: item `truyen-thong` has no row for unit `Xã B`: it counts as not met"),
        "{out}"
    );
    assert!(out.ends_with("0 error(s), 2 warning(s)\n"), "{out}");
    let (_, out) = check("vi", &e, &[]);
    assert!(
        out.contains("tiêu chí 4.1 không có dòng số liệu kiểm chứng nào của đơn vị `Xã B`"),
        "{out}"
    );
}

#[test]
fn an_xlsx_row_whose_trailing_cells_are_missing_is_named_at_its_cell() {
    let dir = Dir::new();
    let path = dir.path().join("so-lieu.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Số liệu").unwrap();
    for (c, h) in ["tiêu chí", "mục", "giá trị", "tài liệu kiểm chứng"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let text = std::fs::read_to_string(root().join("examples/provincial-excerpts/so-lieu.csv")).unwrap();
    for (r, l) in (1..).zip(text.lines().skip(1)) {
        // (the one quoted item, a name holding a comma, is written by its id here)
        let l = l.replace("\"Trang thông tin điện tử, mạng xã hội\"", "website");
        let cells: Vec<&str> = l.splitn(4, ',').collect();
        sheet.write_string(r, 0, cells[0]).unwrap();
        // 1.2.2: only its code, the rest of the row missing.
        if cells[0] != "1.2.2" {
            if !cells[1].is_empty() {
                sheet.write_string(r, 1, cells[1]).unwrap();
            }
            sheet.write_string(r, 2, cells[2]).unwrap();
            sheet.write_string(r, 3, "Báo cáo 2022").unwrap();
        }
    }
    book.save(&path).unwrap();
    let p = path.to_string_lossy().into_owned();
    let (code, out) = check("en", &p, &["--deny", "warnings"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("warning[no-evidence]: criterion 1.2.2 has a row at "), "{out}");
    assert!(out.contains("so-lieu.xlsx › Số liệu › row 7 but its value is empty"), "{out}");
    assert!(out.ends_with("0 error(s), 1 warning(s)\n"), "{out}");
    assert!(out.contains("so-lieu.xlsx › Số liệu › C7"), "{out}");
    let (_, out) = check("vi", &p, &["--deny", "warnings"]);
    assert!(out.contains("so-lieu.xlsx › Số liệu › dòng 7 nhưng ô giá trị để trống"), "{out}");
}

#[test]
fn the_template_lists_checklist_items_and_deadline_statuses() {
    let dir = Dir::new();
    let out_path = dir.path().join("t.csv").to_string_lossy().into_owned();
    let (code, _, err) = run(&["--lang", "en", "template", "-c", &excerpts(), "-o", &out_path]);
    assert_eq!(code, 0, "{err}");
    let t = std::fs::read_to_string(&out_path).unwrap();
    let rows: Vec<&str> = t.lines().filter(|l| l.starts_with("4.2,")).collect();
    assert_eq!(rows.len(), 3, "{t}");
    assert!(rows[0].contains("bang-dien-tu") && rows[0].contains("(+0.25 points)"), "{t}");
    assert!(rows[2].contains("truyen-thong") && rows[2].contains("(+0.5 points)"), "{t}");
    let plan = t.lines().find(|l| l.starts_with("1.1.1,")).unwrap();
    assert!(plan.contains("on time / late / not issued"), "{plan}");
    // The template, left unfilled, is read back: no fact (`empty-evidence`), and each of its
    // 14 rows is a `no-evidence` warning at its value cell.
    let (code, out) = check("en", &out_path, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("criterion 4.2 (item `website`) has a row at"), "{out}");
    assert!(out.contains("warning[empty-evidence]"), "{out}");
    assert!(out.ends_with("0 error(s), 15 warning(s)\n"), "{out}");
}

#[test]
fn min_on_a_bonus_item_is_an_error_not_ignored() {
    let toml = r#"[set]
id = "x"
title = "X"
year = 2022
level = "commune"
language = "en"
total = 1

[[node]]
code = "1"
title = "One"
max = 1
rule = { kind = "binary" }

[[adjustment]]
id = "thuong"
kind = "bonus"
title = "Điểm thưởng"
cap = 1
items = [{ id = "sang-kien", points = 0.5, min = 1 }]
"#;
    let e = parcalc::criteria::load_str("c.toml", toml).unwrap_err();
    let d = &e.0[0];
    assert_eq!(d.code, parcalc::diag::Code::InvalidRule);
    assert_eq!(d.message.en(), "item `sang-kien` of a bonus/penalty block does not use `min`");
    assert_eq!(
        d.message.vi(),
        "mục `sang-kien` của khối điểm thưởng/điểm trừ không dùng khóa `min`"
    );
    assert_eq!(d.location.as_ref().unwrap().line, 20);
}

#[test]
fn hostile_spellings_of_the_new_shapes() {
    // BOM, CRLF, `;`, Vietnamese headers, a decimal comma, odd case and spaces, a
    // decomposed (NFD) item name.
    let dir = Dir::new();
    let nfd: String = "Bảng điện tử, màn hình"
        .chars()
        .flat_map(|c| match c {
            'ả' => vec!['a', '\u{309}'],
            'ệ' => vec!['e', '\u{323}', '\u{302}'],
            'ử' => vec!['u', '\u{31b}', '\u{309}'],
            'à' => vec!['a', '\u{300}'],
            c => vec![c],
        })
        .collect();
    let text = format!(
        "\u{feff}tiêu chí;mục;giá trị;tài liệu kiểm chứng\r\n1.1.1;; Không Kịp Thời ;KH\r\n4.2;WEBSITE ;CÓ;BC\r\n4.2;\"{nfd}\";x;BC\r\n4.2;truyen-thong;0,5;BC\r\n"
    );
    let e = dir.file("e.csv", &text);
    let (code, out) = check("en", &e, &["--partial"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("4.2: `0,5` is not yes/no (column `giá trị`)"), "{out}");
    assert!(out.ends_with("1 error(s), 0 warning(s)\n"), "{out}");
    let fixed = dir.file("f.csv", &text.replace("truyen-thong;0,5", "truyen-thong;không"));
    let v = score_json(&fixed);
    assert_eq!(leaf(&v, "1.1.1")["awarded"], "0.5");
    assert_eq!(leaf(&v, "4.2")["awarded"], "0.5");
}

#[test]
fn an_empty_row_whose_fact_another_file_gives_is_not_reported() {
    // A template row left empty in one file, the same fact filled in another.
    let dir = Dir::new();
    let filled = example();
    let template = dir.file("template.csv", "criterion,item,value,document\n1.1.3,,,\n4.2,website,,\n");
    let c = excerpts();
    let (code, out, _) = run(&["--lang", "en", "check", "-c", &c, "-e", &filled, &template]);
    assert_eq!(code, 0, "{out}");
    // (the template file alone holds no fact; the website is filled in by its name)
    assert!(out.contains("warning[empty-evidence]"), "{out}");
    assert!(out.ends_with("0 error(s), 1 warning(s)\n"), "{out}");
    // One the other file does not give is.
    let template = dir.file("t2.csv", "criterion,item,value,document\n4.2,khac,,\n");
    let (code, out, _) = run(&["--lang", "en", "check", "-c", &c, "-e", &filled, &template, "--deny", "warnings"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("criterion 4.2 (item `khac`) has a row at "), "{out}");
}

#[test]
fn under_the_error_policy_a_leaf_without_rows_is_reported_once() {
    let dir = Dir::new();
    let text = std::fs::read_to_string(root().join(EXCERPTS)).unwrap();
    let c = dir.file(
        "c.toml",
        &text.replace(
            "index_places = 2\n",
            "index_places = 2\n\n[set.policy]\nmissing_evidence = \"error\"\n",
        ),
    );
    let lines = std::fs::read_to_string(root().join("examples/provincial-excerpts/so-lieu.csv")).unwrap();
    let e = dir.file("e.csv", &lines.replace("1.2.2,,đạt,,\n", ""));
    let (code, out, _) = run(&["--lang", "en", "check", "-c", &c, "-e", &e]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[invalid-value]: criterion 1.2.2 has no evidence"), "{out}");
    assert!(!out.contains("no-evidence"), "{out}");
}

#[test]
fn an_explanation_alone_is_no_evidence() {
    let dir = Dir::new();
    let text = std::fs::read_to_string(root().join("examples/provincial-excerpts/so-lieu.csv")).unwrap();
    let with: String = text
        .lines()
        .map(|l| match l {
            "criterion,item,value,document,note" => "criterion,item,value,document,note,explanation\n".to_string(),
            l if l.starts_with("1.2.2,") => "1.2.2,,,,,báo cáo đang hoàn thiện\n".to_string(),
            l => format!("{l},\n"),
        })
        .collect();
    let e = dir.file("e.csv", &with);
    let (code, out) = check("en", &e, &["--deny", "warnings"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("warning[no-evidence]: criterion 1.2.2 has no evidence row: it scores 0"),
        "{out}"
    );
    assert!(out.ends_with("0 error(s), 1 warning(s)\n"), "{out}");
}
