//! Analysts' commands: ranking with ties, comparison across a renumbered set, stage
//! differences, the remediation plan against the published one, what-if gains, and
//! spreadsheet-safe outputs.

use super::support::{Dir, reference_args, root, run, run_owned};

fn s(p: &str) -> String {
    root().join(p).to_string_lossy().into_owned()
}

fn glob(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn eight_districts_rank_the_reference_district_eighth_with_ties() {
    let (code, out, err) = run(&[
        "rank",
        "-c",
        &s("criteria/dak-nong-district-2022.toml"),
        "-e",
        &s("examples/districts-2022/evidence.csv"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "parcalc.rank/1");
    let units: Vec<(u64, String, String)> = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["rank"].as_u64().unwrap(),
                u["unit"].as_str().unwrap().to_string(),
                u["awarded"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        (1, "Huyện A", "89.288"),
        (2, "Huyện B", "86.728"),
        (3, "Huyện C", "82.408"),
        (3, "Huyện D", "82.408"),
        (5, "Huyện E", "77.748"),
        (6, "Huyện F", "75.918"),
        (7, "Huyện G", "75.528"),
        (8, "Huyện tham chiếu", "71.79"),
    ];
    let expected: Vec<(u64, String, String)> = expected.iter().map(|(r, u, a)| (*r, u.to_string(), a.to_string())).collect();
    assert_eq!(units, expected);
}

#[test]
fn rank_changes_against_a_previous_ranking() {
    let dir = Dir::new();
    let previous = dir.file(
        "prev.json",
        r#"{"schema": "parcalc.rank/1", "units": [
            {"rank": 8, "unit": "Huyện A", "awarded": "70"},
            {"rank": 1, "unit": "huyện tham chiếu", "awarded": "90.5"}]}"#,
    );
    let (code, out, err) = run(&[
        "rank",
        "-c",
        &s("criteria/dak-nong-district-2022.toml"),
        "-e",
        &s("examples/districts-2022/evidence.csv"),
        "--previous",
        &previous,
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("│    1 ┆ Huyện A          ┆  89.288 ┆ 100 ┆     89.29 ┆ Good ┆ ↑7          ┆            +19.288 │"),
        "{out}"
    );
    assert!(
        out.contains("│    8 ┆ Huyện tham chiếu ┆   71.79 ┆ 100 ┆     71.79 ┆ Fair ┆ ↓7          ┆             \u{2212}18.71 │"),
        "{out}"
    );
    assert!(out.contains("┆ new "), "{out}");
    // The points change reads positive = better, and its header says so.
    assert!(out.contains("┆ Points up (+)/down │\n"), "{out}");
    // A previous ranking none of whose units is ranked now: the change columns stay, every
    // unit is new; without --previous there are none. The CSV columns depend on the flags,
    // never on the data.
    let strangers = dir.file(
        "strangers.json",
        r#"{"schema": "parcalc.rank/1", "units": [{"rank": 1, "unit": "Huyện Z", "awarded": "99"}]}"#,
    );
    let rank_csv = |extra: &[&str]| {
        let c = s("criteria/dak-nong-district-2022.toml");
        let e = s("examples/districts-2022/evidence.csv");
        let mut args = vec!["rank", "-c", &c, "-e", &e, "-f", "csv", "--lang", "en"];
        args.extend(extra);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        out
    };
    let out = rank_csv(&["--previous", &strangers]);
    assert_eq!(
        out.lines().next(),
        Some("Rank,Unit,Awarded,Max,Index (%),Band,Rank change,Points up (+)/down (−)")
    );
    assert!(out.lines().skip(1).all(|l| l.ends_with(",new,")), "{out}");
    let out = rank_csv(&[]);
    assert_eq!(out.lines().next(), Some("Rank,Unit,Awarded,Max,Index (%),Band"));
}

#[test]
fn compare_2022_and_2023_through_the_code_mapping() {
    let mut args = vec![
        "compare".to_string(),
        "--a-criteria".into(),
        s("criteria/dak-nong-district-2022.toml"),
        "--a-evidence".into(),
    ];
    args.extend(glob("examples/dak-nong-2022"));
    args.extend([
        "--b-criteria".into(),
        s("criteria/dak-nong-district-2023.toml"),
        "--b-evidence".into(),
    ]);
    args.extend(glob("examples/dak-nong-2023"));
    args.extend(["--map".into(), s("criteria/codes-2022-2023.csv"), "--format".into(), "json".into()]);
    let (code, out, err) = run_owned(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "parcalc.compare/2");
    assert_eq!(v["a"]["awarded"], "71.79");
    assert_eq!(v["b"]["awarded"], "85.914");
    assert_eq!(v["change"], "14.124");
    let area = |code: &str| v["areas"].as_array().unwrap().iter().find(|a| a["code"] == code).unwrap().clone();
    assert_eq!(area("3")["change"], "5");
    assert_eq!(area("1")["change"], "3.75");
    assert_eq!(area("2")["change"], "0");
    let criteria = v["criteria"].as_array().unwrap();
    // Largest regression first: 3.2.2 fell from 0.5 to 0.
    assert_eq!(criteria[0]["code"], "3.2.2");
    assert_eq!(criteria[0]["change"], "-0.5");
    let renumbered = criteria.iter().find(|c| c["code"] == "3.8.3").unwrap();
    assert_eq!(renumbered["old_code"], "3.7.3");
    assert_eq!(renumbered["presence"], "both");
    assert_eq!(renumbered["change"], "0.5");
    // Agencies: the points no longer lost, largest regression first (none regressed).
    let agencies = v["agencies"].as_array().unwrap();
    assert_eq!(agencies[0]["id"], "tu-phap");
    assert_eq!(agencies[0]["lost_reduced"], "0.05");
    let noi_vu = agencies.iter().find(|a| a["id"] == "noi-vu").unwrap();
    assert_eq!(
        (&noi_vu["a_lost"], &noi_vu["b_lost"], &noi_vu["lost_reduced"]),
        (&"7.403".into(), &"3.692".into(), &"3.711".into())
    );
    // Without the mapping, 3.7.x are removed and 3.8.x added.
    let without: Vec<String> = args
        .iter()
        .take_while(|a| *a != "--map")
        .cloned()
        .chain(["--format".to_string(), "json".to_string()])
        .collect();
    let (_, out, _) = run_owned(&without);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let presence = |code: &str| v["criteria"].as_array().unwrap().iter().find(|c| c["code"] == code).unwrap()["presence"].clone();
    assert_eq!(presence("3.7.3"), "removed");
    assert_eq!(presence("3.8.3"), "added");
}

#[test]
fn compare_reads_score_json_files() {
    let dir = Dir::new();
    let a = dir.path().join("2022.json").to_string_lossy().into_owned();
    let mut args = reference_args(&["-o", &a]);
    assert_eq!(run_owned(&args).0, 0);
    let b = dir.path().join("2023.json").to_string_lossy().into_owned();
    args = vec![
        "score".into(),
        "-c".into(),
        s("criteria/dak-nong-district-2023.toml"),
        "-o".into(),
        b.clone(),
        "-e".into(),
    ];
    args.extend(glob("examples/dak-nong-2023"));
    assert_eq!(run_owned(&args).0, 0);
    let (code, out, err) = run(&["compare", &a, &b, "--map", &s("criteria/codes-2022-2023.csv"), "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Total: 2022 71.79 → 2023 85.914 (+14.124 points) · index: 71.79% → 85.91%"),
        "{out}"
    );
    assert!(out.contains("3.8.3 (← 3.7.3)"), "{out}");
    assert!(out.contains("Points lost by agency"), "{out}");
}

#[test]
fn stage_diff_lists_what_the_appraisal_changed() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &super::support::small_criteria(""));
    let e = dir.file(
        "e.csv",
        "criterion,value,stage,note\n1.1,có,self,\n1.1,không,appraisal,kế hoạch chưa đúng mẫu\n1.2,95%,self,\n1.2,85%,thẩm định,\n2,50%,,\n",
    );
    let (code, out, err) = run(&["compare", "--stages", "-c", &c, "-e", &e, "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    // The explanation column is there, empty, though nothing was explained.
    assert_eq!(
        out,
        "Code,Criterion,Self-assessment,Appraisal,Points up (+)/down (\u{2212}),Reason (self-assessment),Reason (appraisal),Explanations given\n\
         1.2,On-time rate,4,1,-3,rate 95% is in tier 90–100% → 4 of 4,rate 85% is in tier 0–<90% → 1 of 4,\n\
         1.1,Plan issued,2,0,-2,requirement met: yes → 2 of 2,requirement met: no → 0 of 2,\n"
    );
}

/// Fragments of the agency names as the published plan writes them.
const NAMES: [(&str, &[&str]); 11] = [
    ("noi-vu", &["Phòng Nội vụ"]),
    ("vp", &["Văn phòng HĐND&UBND"]),
    ("vhtt", &["Văn hóa và Thông tin"]),
    ("tckh", &["Tài chính – Kế hoạch"]),
    ("tu-phap", &["Tư pháp"]),
    ("tnmt", &["Tài nguyên và Môi trường"]),
    ("vpdkdd", &["Chi nhánh Văn phòng đăng ký đất đai"]),
    ("mot-cua", &["Một cửa"]),
    ("ubnd-xa", &["UBND các xã"]),
    ("ttvh", &["Trung tâm Văn hóa"]),
    ("phong-ban", &["phòng, ban", "phòng ban", "Các phòng"]),
];

fn ids_in(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = NAMES
        .iter()
        .filter(|(_, frags)| frags.iter().any(|f| text.contains(f)))
        .map(|(id, _)| id.to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn plan_reproduces_the_published_remediation_rows() {
    let (code, out, err) = run_owned(&reference_args(&[]).into_iter().skip(1).fold(vec!["plan".to_string()], |mut v, a| {
        v.push(a);
        v
    }));
    assert_eq!(code, 0, "{err}");
    // The title wraps at the report's width, at spaces.
    assert!(
        out.replace('\n', " ")
            .contains("21 nội dung khắc phục, 24,607 điểm bị trừ (chưa tính 3,603 điểm điều tra xã hội học)"),
        "{out}"
    );
    let mut args = vec!["plan".to_string()];
    args.extend(reference_args(&["--format", "json"]).into_iter().skip(1));
    let (_, out, _) = run_owned(&args);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 21);
    assert_eq!(v["total_at_stake"], "24.607");
    assert_eq!(rows[0]["code"], "3.4.4");
    assert_eq!(rows[0]["stt"], 1);
    let published = std::fs::read_to_string(root().join("tests/fixtures/dak-nong-district-2022-plan.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(published.as_bytes());
    let mut checked = 0;
    for rec in reader.records() {
        let rec = rec.unwrap();
        let (code, lost, lead, support, deadline) = (&rec[0], &rec[3], &rec[5], &rec[6], &rec[7]);
        let row = rows
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing from the plan"));
        assert_eq!(row["points_at_stake"], lost, "{code}");
        let ours = |key: &str| -> Vec<String> {
            let mut v: Vec<String> = row[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            v.sort();
            v
        };
        if !lead.is_empty() {
            assert_eq!(ours("lead"), ids_in(lead), "{code} lead: {lead}");
        }
        if !support.is_empty() {
            assert_eq!(ours("cooperating"), ids_in(support), "{code} cooperating: {support}");
        }
        if !deadline.is_empty() {
            assert_eq!(row["deadline"], deadline, "{code} deadline");
        }
        checked += 1;
    }
    assert_eq!(checked, 21);
}

#[test]
fn what_if_gains() {
    let (code, out, err) = run_owned(&reference_args(&[
        "--set",
        "3.4.4=95%",
        "--set",
        "1.7=3",
        "--set",
        "7.2:muc_do_4=500",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let w = &v["what_if"];
    assert_eq!(w["baseline"], "71.79");
    let gains: Vec<(String, String, String, String)> = w["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["set"].as_str().unwrap().into(),
                c["before"].as_str().unwrap().into(),
                c["after"].as_str().unwrap().into(),
                c["gain"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected = [
        ("3.4.4=95%", "1", "4", "3"),
        ("1.7=3", "0", "2", "2"),
        ("7.2:muc_do_4=500", "1.145", "2.3", "1.155"),
    ];
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(gains, expected);
    assert_eq!(w["combined_gain"], "6.155");
    assert_eq!(v["total"]["awarded"], "77.945");
    let (code, _, err) = run_owned(&reference_args(&["--set", "3.4=95%", "--lang", "en"]));
    assert_eq!(code, 2);
    assert!(err.contains("--set 3.4=95%: 3.4 is not a leaf criterion"), "{err}");
    // The criteria set's language when none is chosen.
    let (code, _, err) = run_owned(&reference_args(&["--set", "3.4=95%"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("--set 3.4=95%: 3.4 không phải tiêu chí thành phần của `dak-nong-district-2022`"),
        "{err}"
    );
}

#[test]
fn spreadsheet_outputs_neutralise_formulas() {
    let dir = Dir::new();
    let criteria = super::support::small_criteria("").replace("title = \"Plan issued\"", "title = \"=HYPERLINK(\\\"http://x\\\")\"");
    let c = dir.file("c.toml", &criteria);
    let e = dir.file("e.csv", "criterion,value\n1.1,không\n1.2,95%\n2,50%\n");
    let (code, out, err) = run(&["plan", "-c", &c, "-e", &e, "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\"'=HYPERLINK(\"\"http://x\"\") (requirement met: no → 0 of 2)\""),
        "{out}"
    );
    let x = dir.path().join("plan.xlsx");
    let (code, out, err) = run(&["plan", "-c", &c, "-e", &e, "-o", &x.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<Data> = sheet.rows().flat_map(|r| r.to_vec()).collect();
    assert!(
        cells.contains(&Data::String("'=HYPERLINK(\"http://x\") (requirement met: no → 0 of 2)".into())),
        "{cells:?}"
    );
    assert!(
        cells.iter().any(|c| matches!(c, Data::Float(f) if (*f - 2.0).abs() < 1e-9)),
        "points are numbers: {cells:?}"
    );
    // No text is a formula; the one formula is the total of the points column.
    let formulas = wb.worksheet_formula(&wb.sheet_names()[0].clone()).unwrap();
    let written: Vec<&String> = formulas.used_cells().map(|(_, _, f)| f).collect();
    assert_eq!(written, ["SUBTOTAL(9,G4:G5)"]);
    let (code, _, err) = run(&["plan", "-c", &c, "-e", &e, "--format", "xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("xlsx output needs a file"), "{err}");
}

#[test]
fn ranking_as_xlsx() {
    let dir = Dir::new();
    let x = dir.path().join("rank.xlsx");
    let (code, _, err) = run(&[
        "rank",
        "-c",
        &s("criteria/dak-nong-district-2022.toml"),
        "-e",
        &s("examples/districts-2022/evidence.csv"),
        "-o",
        &x.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    let sheet = wb.worksheet_range("Xếp hạng").unwrap();
    let last: Vec<Data> = sheet.rows().next_back().unwrap().to_vec();
    assert_eq!(last[0], Data::Float(8.0));
    assert_eq!(last[1], Data::String("Huyện tham chiếu".into()));
    assert_eq!(last[2], Data::Float(71.79));
}

/// Two values for one fact on the command line are refused, as two evidence rows are; a
/// total computed with `--set` says it is a what-if, with the actual total beside it.
#[test]
fn what_if_is_labelled_and_never_given_two_values_for_one_fact() {
    let (code, out, err) = run_owned(&reference_args(&["--set", "3.4.4=95%", "--set", "3.4.4=50%", "--lang", "en"]));
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("error[conflicting-rows]: --set 3.4.4=95% and --set 3.4.4=50% give the same fact two values\n"),
        "{err}"
    );
    let (code, _, err) = run_owned(&reference_args(&["--set", "7.2:muc_do_4=500", "--set", "7.2:MUC_DO_4=600"]));
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error[conflicting-rows]: --set 7.2:muc_do_4=500 và --set 7.2:MUC_DO_4=600 cho cùng một số liệu hai giá trị"),
        "{err}"
    );
    // Different items of one criterion are two facts.
    let (code, _, err) = run_owned(&reference_args(&[
        "--set",
        "7.2:muc_do_4=500",
        "--set",
        "7.2:muc_do_3=900",
        "--brief",
    ]));
    assert_eq!(code, 0, "{err}");
    for (lang, marker) in [
        ("vi", "GIẢ ĐỊNH, không phải điểm thật (--set 3.4.4=95%) · điểm thật: 71,79\n"),
        ("en", "WHAT-IF, not the actual score (--set 3.4.4=95%) · actual total: 71.79\n"),
    ] {
        let (code, out, _) = run_owned(&reference_args(&["--set", "3.4.4=95%", "--brief", "--lang", lang]));
        assert_eq!(code, 0);
        // The marker follows the round on the second line, or starts the third when the
        // round's label is too long to share the line.
        let line = out.lines().find(|l| l.contains(&marker[..8])).unwrap();
        let from = line.find(&marker[..8]).unwrap();
        assert_eq!(format!("{}\n", &line[from..]), marker, "{out}");
        // The full report carries it at both ends.
        let (_, full, _) = run_owned(&reference_args(&["--set", "3.4.4=95%", "--lang", lang]));
        assert_eq!(full.matches(marker.trim_end()).count(), 2, "{full}");
    }
    let (_, plain, _) = run_owned(&reference_args(&["--brief"]));
    assert!(!plain.contains("GIẢ ĐỊNH"), "{plain}");
}

/// A loss no agency answers for is listed in the report's language, never in both.
#[test]
fn a_loss_without_an_agency_is_named_in_the_reports_language() {
    let dir = super::support::Dir::new();
    let set = super::support::small_criteria("").replace("lead = [\"b\"]\n", "");
    let c = dir.file("c.toml", &set);
    let e = dir.file("e.csv", "criterion,value\n1.1,có\n1.2,95%\n2,50%\n");
    for (lang, name) in [("vi", "(chưa xác định cơ quan)"), ("en", "(no agency named)")] {
        for format in ["table", "json", "html", "markdown"] {
            let (code, out, err) = run_owned(&["score", "-c", &c, "-e", &e, "--lang", lang, "--format", format].map(String::from));
            assert_eq!(code, 0, "{err}");
            assert!(out.contains(name), "{lang} {format}: {out}");
            assert!(!out.contains("unassigned /") && !out.contains("/ unassigned"), "{out}");
        }
    }
}

/// An English report names agencies by the English names the criteria set gives.
#[test]
fn english_reports_use_the_agencies_english_names() {
    for (cmd, needles) in [
        ("score", &["│ District Office ", "│ Home Affairs Office "][..]),
        ("plan", &["Lead agencies: District Office; Commune people's committees"][..]),
    ] {
        let mut args = reference_args(&["--lang", "en"]);
        args[0] = cmd.to_string();
        let (code, out, err) = run_owned(&args);
        assert_eq!(code, 0, "{err}");
        for n in needles {
            assert!(out.contains(n), "{cmd}: `{n}` in\n{out}");
        }
        // The same run in Vietnamese keeps the names as written.
        args.truncate(args.len() - 2);
        let (_, vi, _) = run_owned(&args);
        assert!(vi.contains("Văn phòng HĐND&UBND huyện"), "{cmd}");
        assert!(!vi.contains("District Office"), "{cmd}");
    }
}

fn excerpts_what_if(sets: &[&str], lang: &str) -> (i32, serde_json::Value, String) {
    let mut args = vec![
        "score".to_string(),
        "-c".into(),
        s("criteria/provincial-excerpts-2022.toml"),
        "-e".into(),
        s("examples/provincial-excerpts/so-lieu.csv"),
        "--format".into(),
        "json".into(),
        "--lang".into(),
        lang.into(),
    ];
    for set in sets {
        args.push("--set".into());
        args.push(set.to_string());
    }
    let (code, out, err) = run_owned(&args);
    (code, serde_json::from_str(&out).unwrap_or(serde_json::Value::Null), err)
}

/// `--set` on a checklist item replaces the row that named the item, whether the row and the
/// override name it by id, Vietnamese or English name, in any case, NFC or NFD; it never
/// adds a second row (which would be a `conflicting-rows` error). The evidence names
/// `website` by its Vietnamese name and `truyen-thong` by id; 4.2 scores 0.5 of 1.
#[test]
fn what_if_checklist_item_by_any_name() {
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("4.2:Trang thông tin điện tử, mạng xã hội=không").collect();
    assert_ne!(nfd, "4.2:Trang thông tin điện tử, mạng xã hội=không");
    let cases: [(&str, &str, &str); 6] = [
        ("4.2:Website, SOCIAL network=không", "0.25", "-0.25"),
        ("4.2:WEBSITE=không", "0.25", "-0.25"),
        (nfd.as_str(), "0.25", "-0.25"),
        ("4.2:Traditional forms (meetings, leaflets…)=có", "1", "0.5"),
        ("4.2:hình thức truyền thống (hội nghị, tờ gấp…)=yes", "1", "0.5"),
        ("4.2:bang-dien-tu=có", "0.5", "0"),
    ];
    for (set, after, gain) in cases {
        for lang in ["vi", "en"] {
            let (code, v, err) = excerpts_what_if(&[set], lang);
            assert_eq!(code, 0, "{set}: {err}");
            let w = &v["what_if"];
            assert_eq!(w["baseline"], "7.075", "{set}");
            assert_eq!(w["changes"][0]["before"], "0.5", "{set}");
            assert_eq!(w["changes"][0]["after"], after, "{set}");
            assert_eq!(w["changes"][0]["gain"], gain, "{set}");
            let node = v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == "4.2").unwrap();
            assert_eq!(node["awarded"], after, "{set}");
            let reason = node["reason"].as_str().unwrap();
            let said = match lang {
                "vi" => format!("giá trị giả định (--set {set}): hình thức tuyên truyền: "),
                _ => format!("what-if value (--set {set}): communication forms: "),
            };
            assert!(reason.starts_with(&said), "{lang} {set}: {reason}");
        }
    }
    // Without --set the reason does not mention a what-if.
    let (code, v, _) = excerpts_what_if(&[], "en");
    assert_eq!(code, 0);
    let node = v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == "4.2").unwrap();
    assert_eq!(node["awarded"], "0.5");
    assert!(node["reason"].as_str().unwrap().starts_with("communication forms: met: "), "{node}");
}

/// Two overrides naming one checklist item by id and by name give one fact two values.
#[test]
fn what_if_one_checklist_item_twice_conflicts() {
    for (lang, said) in [
        (
            "en",
            "error[conflicting-rows]: --set 4.2:website=có and --set 4.2:Website, social network=không give the same fact two values",
        ),
        (
            "vi",
            "error[conflicting-rows]: --set 4.2:website=có và --set 4.2:Website, social network=không cho cùng một số liệu hai giá trị",
        ),
    ] {
        let (code, _, err) = excerpts_what_if(&["4.2:website=có", "4.2:Website, social network=không"], lang);
        assert_eq!(code, 2, "{err}");
        assert!(err.starts_with(said), "{err}");
    }
    // Two different items are two facts.
    let (code, v, err) = excerpts_what_if(&["4.2:website=không", "4.2:truyen-thong=có"], "en");
    assert_eq!(code, 0, "{err}");
    let node = v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == "4.2").unwrap();
    assert_eq!(node["awarded"], "0.75");
}
