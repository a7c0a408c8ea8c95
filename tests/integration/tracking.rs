//! `parcalc track`: the reference plan tracked at 30/09/2023 (examples/track-2023), checked
//! by hand; the plan read back in every form `plan` writes; the calendar read back by an
//! independent parser; unreadable deadlines refused with their row.

use super::support::{CRITERIA, Dir, evidence, root, run, run_owned};

fn s(p: &str) -> String {
    root().join(p).to_string_lossy().into_owned()
}

fn example_evidence() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("examples/track-2023/evidence"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".csv"))
        .collect();
    files.sort();
    files
}

fn track_example(extra: &[&str]) -> (i32, String, String) {
    let mut args: Vec<String> = vec![
        "track".into(),
        "-c".into(),
        s(CRITERIA),
        "--plan".into(),
        s("examples/track-2023/ke-hoach-2023.csv"),
        "-e".into(),
    ];
    args.extend(example_evidence());
    args.extend(extra.iter().map(|x| x.to_string()));
    if !extra.contains(&"--as-of") {
        args.extend(["--as-of".to_string(), "30/09/2023".to_string()]);
    }
    run_owned(&args)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

fn count(v: &serde_json::Value, state: &str) -> (u64, String) {
    (
        v[state]["items"].as_u64().unwrap(),
        v[state]["points"].as_str().unwrap().to_string(),
    )
}

fn c(n: u64, p: &str) -> (u64, String) {
    (n, p.to_string())
}

#[test]
fn the_example_by_hand() {
    let (code, out, err) = track_example(&["-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc = json(&out);
    assert_eq!(doc["schema"], "parcalc.track/1");
    assert_eq!(doc["as_of"], "2023-09-30");
    assert_eq!(doc["plan_year"], 2023);
    // Done: 1.5.4 (0.5) + 3.6 (2) + 4.4.2 (0.5) = 3 items, 3 points.
    // On track: 1.7 (2, 15/11 is 46 days off) + 3.1.1 (0.5, 25/12) + 3.2.1 (0.5, 25/12 yearly,
    // not yet due) + 4.4.3 (0.5, no deadline) = 4 items, 3.5 points.
    // Due within 30 days: 1.5.2 (0.25) + 3.4.4 (5) + 7.1.3 (2) + 7.2 (4.855), in progress and
    // "Thường xuyên", checked at the quarter's end 30/09 = 4 items, 12.105 points.
    // Overdue (not started, 31/03 passed): 1.2.2, 1.4.2, 3.4.5, 3.7.3 (0.5 each), 5.7.1 (0.25),
    // 5.7.4 (2), 7.1.2 (0.33), 7.1.6 (0.5), 8.3 (0.422), 8.6 (0.5) = 10 items, 6.002 points.
    let t = &doc["totals"];
    assert_eq!(count(t, "done"), c(3, "3"));
    assert_eq!(count(t, "on_track"), c(4, "3.5"));
    assert_eq!(count(t, "due_soon"), c(4, "12.105"));
    assert_eq!(count(t, "overdue"), c(10, "6.002"));
    // 3 + 3.5 + 12.105 + 6.002 = 24.607, the plan's total.
    let agency = |name: &str| {
        doc["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["agency"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    // Phòng Nội vụ leads 1.2.2, 1.5.2, 1.7, 4.4.2, 4.4.3, 5.7.1, 5.7.4.
    let nv = agency("Phòng Nội vụ");
    assert_eq!(count(&nv, "done"), c(1, "0.5")); // 4.4.2
    assert_eq!(count(&nv, "on_track"), c(2, "2.5")); // 1.7 + 4.4.3
    assert_eq!(count(&nv, "due_soon"), c(1, "0.25")); // 1.5.2
    assert_eq!(count(&nv, "overdue"), c(3, "2.75")); // 0.5 + 0.25 + 2
    // Văn phòng leads 1.4.2, 1.5.2, 1.5.4, 3.1.1, 3.2.1, 3.4.4, 3.4.5, 3.6, 5.7.4, 7.1.3, 7.2.
    let vp = agency("Văn phòng HĐND&UBND huyện");
    assert_eq!(count(&vp, "done"), c(2, "2.5")); // 1.5.4 + 3.6
    assert_eq!(count(&vp, "on_track"), c(2, "1")); // 3.1.1 + 3.2.1
    assert_eq!(count(&vp, "due_soon"), c(4, "12.105")); // 0.25 + 5 + 2 + 4.855
    assert_eq!(count(&vp, "overdue"), c(3, "3")); // 1.4.2 0.5 + 3.4.5 0.5 + 5.7.4 2
    // Secured: the reference 71.79, plus 1.5.4 now met (+0.5) and 3.6 now 37/37 (+2) = 74.29.
    // Projected: 74.29 + what the plan's criteria still lose, 24.607 − 0.5 − 2 = 22.107,
    // = 96.397 (4.4.2 is reported done but still loses its 0.5, so it is counted as open).
    assert_eq!(doc["scores"]["secured"], "74.29");
    assert_eq!(doc["scores"]["projected"], "96.397");
    assert_eq!(doc["scores"]["max"], "100");
    let items = doc["items"].as_array().unwrap();
    let flagged: Vec<&str> = items
        .iter()
        .filter(|i| i["unconfirmed"] == true)
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["4.4.2"]);
    let item = |code: &str| items.iter().find(|i| i["code"] == code).unwrap().clone();
    assert_eq!(item("1.7")["due"], "2023-11-15");
    assert_eq!(item("3.2.1")["repeat"], "yearly");
    assert_eq!(item("1.5.4")["done_on"], "2023-06-30");
    // The latest date missed.
    assert_eq!(item("1.2.2")["due"], "2023-06-30");
    assert_eq!(item("7.2")["due"], "2023-09-30");
    assert_eq!(item("1.5.4")["due_dates"].as_array().unwrap().len(), 12);
    // The table says the same, in both languages.
    let (_, vi, _) = track_example(&["--width", "300"]);
    assert!(vi.contains("Điểm đã đạt theo số liệu hiện tại: 74,29/100"), "{vi}");
    assert!(vi.contains("96,397/100"), "{vi}");
    assert!(vi.contains("quá hạn: 10 (6,002 điểm)"), "{vi}");
    assert!(vi.contains("Báo hoàn thành nhưng số liệu chưa cho thấy đạt: 1"), "{vi}");
    let (_, en, _) = track_example(&["--lang", "en", "--width", "300"]);
    assert!(en.contains("Score secured on current evidence: 74.29/100"), "{en}");
    assert!(en.contains("overdue: 10 (6.002 points)"), "{en}");
    assert!(en.contains("due soon: 4 (12.105 points)"), "{en}");
    // --due-within 0 leaves only what falls due on the day itself as due soon; 60 catches 1.7.
    let (_, out, _) = track_example(&["-f", "json", "--due-within", "60"]);
    assert_eq!(count(&json(&out)["totals"], "due_soon"), c(5, "14.105"));
    // The day before the first quarter's end nothing recurring is overdue yet.
    let (_, out, _) = track_example(&["-f", "json", "--as-of", "30/03/2023"]);
    assert_eq!(count(&json(&out)["totals"], "overdue"), c(0, "0"));
}

/// The plan as `plan` writes it, in every CSV dialect and in xlsx, is read back.
#[test]
fn the_plan_is_read_as_plan_writes_it() {
    let dir = Dir::new();
    for (name, extra) in [
        ("plan.csv", vec![]),
        ("plan-vi.csv", vec!["--csv-dialect", "excel-vi"]),
        ("plan-excel.csv", vec!["--csv-dialect", "excel"]),
        ("plan-en.csv", vec!["--lang", "en"]),
        ("plan.xlsx", vec![]),
    ] {
        let path = dir.path().join(name).to_string_lossy().into_owned();
        let mut args: Vec<String> = vec!["plan".into(), "-c".into(), s(CRITERIA), "-o".into(), path.clone()];
        args.extend(extra.iter().map(|x| x.to_string()));
        args.push("-e".into());
        args.extend(evidence());
        let (code, _, err) = run_owned(&args);
        assert_eq!(code, 0, "{name}: {err}");
        let (code, out, err) = run(&["track", "-c", &s(CRITERIA), "--plan", &path, "--as-of", "2023-09-30", "-f", "json"]);
        assert_eq!(code, 0, "{name}: {err}");
        let doc = json(&out);
        assert_eq!(doc["items"].as_array().unwrap().len(), 21, "{name}");
        // Nothing filled in: 17 recurring items missed 31/03; 1.7, 3.1.1, 3.2.1 not yet due,
        // 4.4.3 has no deadline (a warning names its row).
        assert_eq!(count(&doc["totals"], "overdue"), c(17, "21.107"), "{name}");
        assert_eq!(count(&doc["totals"], "on_track"), c(4, "3.5"), "{name}");
        assert!(doc["scores"].is_null(), "{name}");
        assert!(err.contains("warning[invalid-plan]") && err.contains("4.4.3"), "{name}: {err}");
    }
}

#[test]
fn the_calendar_reads_back_with_an_independent_parser() {
    let dir = Dir::new();
    let ics = dir.path().join("deadlines.ics").to_string_lossy().into_owned();
    let (code, _, err) = track_example(&["-o", &ics]);
    assert_eq!(code, 0, "{err}");
    let first = std::fs::read(&ics).unwrap();
    let (code, _, _) = track_example(&["-o", &ics]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read(&ics).unwrap(), first, "byte-identical across runs");
    let reader = ical::IcalParser::new(std::io::BufReader::new(first.as_slice()));
    let calendars: Vec<_> = reader.map(Result::unwrap).collect();
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    // 1.7 is led by Phòng Nội vụ alone, due once on 15/11/2023.
    let e17: Vec<_> = events.iter().filter(|e| prop(e, "SUMMARY").starts_with("1.7 ")).collect();
    assert_eq!(e17.len(), 1);
    assert_eq!(prop(e17[0], "DTSTART"), "20231115");
    assert_eq!(prop(e17[0], "DTEND"), "20231116");
    assert_eq!(
        prop(e17[0], "SUMMARY"),
        "1.7 Sáng kiến kinh nghiệm trong công tác cải cách hành chính — Phòng Nội vụ"
    );
    // (the `ical` crate drops the space where a long line was folded)
    let description = prop(e17[0], "DESCRIPTION").replace(' ', "");
    assert!(description.contains("Điểmbịtrừ:2"), "{description}");
    assert!(description.contains("Cơquanchủtrì:PhòngNộivụ"), "{description}");
    assert_eq!(prop(e17[0], "DTSTAMP"), "20230930T000000Z");
    // 7.2 ("Thường xuyên", Văn phòng) falls due at each quarter's end.
    let mut e72: Vec<String> = events
        .iter()
        .filter(|e| prop(e, "SUMMARY").starts_with("7.2 "))
        .map(|e| prop(e, "DTSTART"))
        .collect();
    e72.sort();
    assert_eq!(e72, ["20230331", "20230630", "20230930", "20231231"]);
    // 3.4.4 has two lead agencies: four dates each.
    let e344: Vec<String> = events
        .iter()
        .filter(|e| prop(e, "SUMMARY").starts_with("3.4.4 "))
        .map(|e| prop(e, "SUMMARY"))
        .collect();
    assert_eq!(e344.len(), 8);
    assert!(
        e344.iter()
            .any(|s| s.ends_with("— UBND các xã\\, thị trấn") || s.ends_with("— UBND các xã, thị trấn")),
        "{e344:?}"
    );
    // Done items get no reminder; UIDs are unique.
    assert!(!events.iter().any(|e| prop(e, "SUMMARY").starts_with("3.6 ")));
    let mut uids: Vec<String> = events.iter().map(|e| prop(e, "UID")).collect();
    let n = uids.len();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), n);
}

#[test]
fn unreadable_deadlines_are_refused_with_their_row() {
    let dir = Dir::new();
    let plan = dir.file(
        "plan.csv",
        "Mã,Cơ quan chủ trì,Thời gian hoàn thành,Điểm bị trừ,Trạng thái,Ngày hoàn thành\n\
         1.7,Phòng Nội vụ,Sớm nhất có thể,2,,\n\
         3.6,Văn phòng,Trước ngày 31/02/2023,2,,\n\
         7.2,Văn phòng,Thường xuyên,abc,xong rồi,32/13/2023\n\
         1.5.4,Văn phòng,Quý V/2023,0.5,,\n\
         3.4.4,Văn phòng,Trước ngày 15/11/2023 và 20/12/2023,5,,\n",
    );
    let (code, _, err) = run(&["track", "-c", &s(CRITERIA), "--plan", &plan, "--as-of", "30/09/2023"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error[invalid-plan]: không đọc được thời hạn `Sớm nhất có thể`"),
        "{err}"
    );
    assert!(err.contains("plan.csv:2:"), "{err}");
    assert!(err.contains("ngày không có thật (31/2/2023)"), "{err}");
    assert!(err.contains("plan.csv:3:"), "{err}");
    assert!(
        err.contains("`abc`") && err.contains("`xong rồi`") && err.contains("`32/13/2023`"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "track",
        "-c",
        &s(CRITERIA),
        "--plan",
        &plan,
        "--as-of",
        "30/09/2023",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read deadline `Sớm nhất có thể`"), "{err}");
    assert!(err.contains("names a date that does not exist"), "{err}");
    // Each language names what was read in its own words; a second date is not dropped.
    assert!(
        err.contains("deadline `Quý V/2023` names a date that does not exist (quarter 5)"),
        "{err}"
    );
    assert!(err.contains("cannot read deadline `Trước ngày 15/11/2023 và 20/12/2023`"), "{err}");
    let (_, _, vi) = run(&["track", "-c", &s(CRITERIA), "--plan", &plan, "--as-of", "30/09/2023"]);
    assert!(vi.contains("thời hạn `Quý V/2023` nêu ngày không có thật (quý 5)"), "{vi}");
    // A bad --as-of is refused.
    let (code, _, err) = run(&["track", "-c", &s(CRITERIA), "--plan", &plan, "--as-of", "31/02/2023"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--as-of `31/02/2023`"), "{err}");
}

#[test]
fn hostile_plan_files() {
    let dir = Dir::new();
    // BOM, CRLF, `;` separators, decimal comma, a duplicate row.
    let plan = dir.bytes(
        "plan.csv",
        "\u{feff}Mã;Cơ quan chủ trì;Thời gian hoàn thành;Điểm bị trừ;Trạng thái\r\n\
         1.7;Phòng Nội vụ;Quý IV;1,5;Đang thực hiện\r\n\
         1.7;Phòng Nội vụ;Quý IV;1,5;\r\n"
            .as_bytes(),
    );
    let (code, _, err) = run(&["track", "-c", &s(CRITERIA), "--plan", &plan, "--as-of", "30/09/2023"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("tiêu chí 1.7 có hai dòng trong kế hoạch"), "{err}");
    let plan = dir.bytes(
        "plan2.csv",
        "\u{feff}Mã;Cơ quan chủ trì;Thời gian hoàn thành;Điểm bị trừ;Trạng thái\r\n\
         1.7;Phòng Nội vụ;Quý IV;1,5;Đang thực hiện\r\n\
         ;;;;\r\n\
         -1;Phòng Nội vụ;Quý IV;-2;\r\n"
            .as_bytes(),
    );
    let (code, _, err) = run(&["track", "-c", &s(CRITERIA), "--plan", &plan, "--as-of", "30/09/2023", "-f", "json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`-1` không phải mã tiêu chí"), "{err}");
    assert!(err.contains("`-2`"), "{err}");
    // Without the bad row it reads: quarter IV of the plan year, 2,5 points.
    let plan = dir.bytes(
        "plan3.csv",
        "\u{feff}Mã;Cơ quan chủ trì;Thời gian hoàn thành;Điểm bị trừ;Trạng thái\r\n1.7;Phòng Nội vụ;Quý IV;1,5;Đang thực hiện\r\n"
            .as_bytes(),
    );
    let (code, out, err) = run(&[
        "track",
        "-c",
        &s(CRITERIA),
        "--plan",
        &plan,
        "--as-of",
        "30/09/2023",
        "-f",
        "json",
        "--year",
        "2024",
    ]);
    assert_eq!(code, 0, "{err}");
    let doc = json(&out);
    assert_eq!(doc["items"][0]["due"], "2024-12-31");
    assert_eq!(count(&doc["totals"], "on_track"), c(1, "1.5"));
    // A header and no rows: an empty report, with a warning.
    let header_only = dir.file("header.csv", "Mã,Cơ quan chủ trì,Thời gian hoàn thành\n");
    let (code, _, err) = run(&["track", "-c", &s(CRITERIA), "--plan", &header_only, "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[invalid-plan]") && err.contains("has no items"), "{err}");
    // An empty plan file is refused (no header).
    let empty = dir.file("empty.csv", "");
    let (code, _, _) = run(&["track", "-c", &s(CRITERIA), "--plan", &empty]);
    assert_eq!(code, 2);
}

#[test]
fn the_tracking_example_in_the_format_doc() {
    let doc = std::fs::read_to_string(root().join("docs/criteria-format.md")).unwrap();
    let from = doc.find("### Tracking example").unwrap();
    let rest = &doc[from..];
    let start = rest.find("```csv\n").unwrap() + 7;
    let end = rest[start..].find("```").unwrap();
    let dir = Dir::new();
    let plan = dir.file("plan.csv", &rest[start..start + end]);
    let (code, out, err) = run(&["track", "-c", &s(CRITERIA), "--plan", &plan, "--as-of", "30/09/2023", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc = json(&out);
    // As the text under the example says.
    assert_eq!(count(&doc["totals"], "done"), c(1, "2"));
    assert_eq!(count(&doc["totals"], "on_track"), c(2, "2.5"));
    assert_eq!(count(&doc["totals"], "due_soon"), c(0, "0"));
    assert_eq!(count(&doc["totals"], "overdue"), c(1, "4.855"));
}

/// The README's quarterly use runs as written (from the repository root) and prints its sample.
#[test]
fn the_readme_quarterly_use_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let from = readme.find("### Tracking the plan each quarter").expect("heading");
    let rest = &readme[from..];
    let start = rest.find("```sh\n").unwrap() + 6;
    let end = rest[start..].find("```").unwrap();
    let dir = Dir::new();
    let mut table = String::new();
    for line in rest[start..start + end].lines() {
        let mut words: Vec<String> = line.split_whitespace().skip(1).map(String::from).collect();
        // Shell patterns and relative paths, as a shell at the root would pass them.
        let mut args = Vec::new();
        let mut output = false;
        for w in words.drain(..) {
            if output {
                args.push(dir.path().join(&w).to_string_lossy().into_owned());
                output = false;
            } else if w == "-o" {
                output = true;
                args.push(w);
            } else if w.ends_with("*.csv") {
                args.extend(evidence());
            } else if w.starts_with("criteria/") || w.starts_with("examples/") {
                args.push(s(&w));
            } else {
                args.push(w);
            }
        }
        args.extend(["--width".into(), "100".into()]);
        let (code, out, err) = run_owned(&args);
        assert_eq!(code, 0, "{line}: {err}");
        if !line.contains(" -o ") {
            table = out;
        }
    }
    assert!(dir.path().join("ke-hoach-2023.xlsx").exists());
    assert!(dir.path().join("theo-doi-quy-3.xlsx").exists());
    let ics = std::fs::read_to_string(dir.path().join("deadlines.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    let sample = &rest[rest.find("```text\n").unwrap() + 8..];
    let sample = &sample[..sample.find("…").unwrap()];
    assert!(table.starts_with(sample), "README sample:\n{sample}\nprinted:\n{table}");
}

/// Every deadline phrase of seed 004's plan (the fixture keeps them verbatim) is read, or
/// (the blank one of 4.4.3) reported as no deadline.
#[test]
fn every_deadline_phrase_of_the_real_plan_is_read() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/dak-nong-district-2022-plan.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut read = 0;
    let mut blank = Vec::new();
    for rec in reader.records() {
        let rec = rec.unwrap();
        let (code, phrase) = (&rec[0], &rec[7]);
        match parcalc::track::phrase::parse(phrase, 2023) {
            Ok(Some(d)) => {
                assert!(!d.dates.is_empty(), "{code}: {phrase}");
                read += 1;
            }
            Ok(None) => blank.push(code.to_string()),
            Err(e) => panic!("{code}: `{phrase}`: {e:?}"),
        }
    }
    assert_eq!((read, blank), (20, vec!["4.4.3".to_string()]));
}

/// A plan workbook filled in by an agency in Excel: a title row, a real date cell, a number
/// cell for the points, "Hoàn thành" capitalised, and a bad status located by its cell.
#[test]
fn a_plan_workbook_filled_in_excel() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = Dir::new();
    let path = dir.path().join("kế hoạch.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "Kế hoạch khắc phục năm 2023").unwrap();
    let headers = [
        "STT",
        "Mã",
        "Cơ quan chủ trì",
        "Thời gian hoàn thành",
        "Điểm bị trừ",
        "Trạng thái",
        "Ngày hoàn thành",
    ];
    for (i, h) in headers.iter().enumerate() {
        sheet.write(2, i as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write(3, 0, 1).unwrap();
    sheet.write(3, 1, "1.7").unwrap();
    sheet.write(3, 2, "Phòng Nội vụ").unwrap();
    sheet.write(3, 3, "Quý III/2023").unwrap();
    sheet.write(3, 4, 2).unwrap();
    sheet.write(3, 5, "Hoàn thành").unwrap();
    sheet
        .write_with_format(3, 6, ExcelDateTime::from_ymd(2023, 9, 12).unwrap(), &date)
        .unwrap();
    sheet.write(4, 0, 2).unwrap();
    sheet.write(4, 1, "3.6").unwrap();
    sheet.write(4, 2, "Văn phòng HĐND&UBND huyện").unwrap();
    sheet.write(4, 3, "Tháng 6/2023").unwrap();
    sheet.write(4, 4, 0.5).unwrap();
    sheet.write(4, 5, "Đang thực hiện").unwrap();
    book.save(&path).unwrap();
    let p = path.to_string_lossy().into_owned();
    let (code, out, err) = run(&["track", "-c", &s(CRITERIA), "--plan", &p, "--as-of", "30/09/2023", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc = json(&out);
    assert_eq!(doc["items"][0]["code"], "1.7");
    assert_eq!(doc["items"][0]["done_on"], "2023-09-12");
    assert_eq!(count(&doc["totals"], "done"), c(1, "2"));
    // June passed while in progress: a one-off deadline missed is overdue.
    assert_eq!(count(&doc["totals"], "overdue"), c(1, "0.5"));
    assert_eq!(doc["items"][1]["due"], "2023-06-30");
    // A status no one can read is located by its cell.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (i, h) in headers.iter().enumerate() {
        sheet.write(0, i as u16, *h).unwrap();
    }
    for (i, v) in ["1", "1.7", "Phòng Nội vụ", "Quý III/2023", "2", "gần xong"].iter().enumerate() {
        sheet.write(1, i as u16, *v).unwrap();
    }
    let bad = dir.path().join("bad.xlsx");
    book.save(&bad).unwrap();
    let (code, _, err) = run(&[
        "track",
        "-c",
        &s(CRITERIA),
        "--plan",
        &bad.to_string_lossy(),
        "--as-of",
        "30/09/2023",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("trạng thái `gần xong` không rõ") && err.contains("bad.xlsx › Sheet1 › F2"),
        "{err}"
    );
}

#[test]
fn codes_outside_the_set_are_refused_and_dates_after_the_day_warned() {
    let dir = Dir::new();
    let plan = dir.file(
        "plan.csv",
        "Mã,Cơ quan chủ trì,Thời gian hoàn thành,Điểm bị trừ,Trạng thái,Ngày hoàn thành\n\
         9.9.9,Phòng Nội vụ,Quý IV,1,,\n\
         1.7,Phòng Nội vụ,Quý IV,2,hoàn thành,01/10/2023\n",
    );
    let (code, _, err) = run(&[
        "track",
        "-c",
        &s(CRITERIA),
        "--plan",
        &plan,
        "--as-of",
        "30/09/2023",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error[invalid-plan]: plan criterion 9.9.9 is not in the criteria set"),
        "{err}"
    );
    assert!(err.contains("plan.csv:2:1"), "{err}");
    assert!(
        err.contains("criterion 1.7 is marked done on 01/10/2023, after the day tracked 30/09/2023: it is tracked as in progress"),
        "{err}"
    );
    // Not done on the day tracked: 1.7 (2 points, due at the end of quarter IV) is on track.
    let known = dir.file(
        "known.csv",
        "Mã,Cơ quan chủ trì,Thời gian hoàn thành,Điểm bị trừ,Trạng thái,Ngày hoàn thành\n\
         1.7,Phòng Nội vụ,Quý IV,2,hoàn thành,01/10/2023\n",
    );
    let (code, out, err) = run(&["track", "-c", &s(CRITERIA), "--plan", &known, "--as-of", "30/09/2023", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[invalid-plan]"), "{err}");
    let doc = json(&out);
    assert_eq!(count(&doc["totals"], "done"), c(0, "0"));
    assert_eq!(count(&doc["totals"], "on_track"), c(1, "2"));
}

/// Points at stake above the criterion's maximum are refused, in both languages, with exit 2.
#[test]
fn points_above_the_criterions_maximum_are_refused() {
    let dir = Dir::new();
    let plan = dir.file(
        "plan.csv",
        "Mã,Cơ quan chủ trì,Thời gian hoàn thành,Điểm bị trừ,Trạng thái,Ngày hoàn thành\n\
         1.7,Phòng Nội vụ,Quý IV,100,,\n\
         3.6,Phòng Nội vụ,Quý IV,2,,\n",
    );
    for (lang, text) in [
        (
            "en",
            "error[invalid-plan]: criterion 1.7: 100 points at stake exceed its maximum of 2",
        ),
        (
            "vi",
            "error[invalid-plan]: tiêu chí 1.7: số điểm bị trừ 100 lớn hơn điểm tối đa 2 của tiêu chí",
        ),
    ] {
        let (code, out, err) = run(&[
            "track",
            "-c",
            &s(CRITERIA),
            "--plan",
            &plan,
            "--as-of",
            "30/09/2023",
            "--lang",
            lang,
        ]);
        assert_eq!(code, 2, "{err}");
        assert_eq!(out, "");
        assert!(err.contains(text), "{err}");
        assert!(err.contains("plan.csv:2:1"), "{err}");
        // 3.6 at its maximum is accepted.
        assert!(!err.contains("3.6"), "{err}");
    }
}

/// CSV and Markdown say the same, and the report does not depend on the order of the rows
/// or on how the plan is split into files.
#[test]
fn csv_markdown_and_any_row_order() {
    let (code, csv, err) = track_example(&["-f", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        csv.starts_with("Mã,Nội dung khắc phục,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành,Hạn,Tình trạng,Điểm bị trừ,Ghi chú\n"),
        "{csv}"
    );
    assert!(csv.contains(",Trước ngày 15/11/2023,15/11/2023,đúng tiến độ,2,\n"), "{csv}");
    assert!(
        csv.contains(",,hoàn thành,0.5,\"số liệu chưa cho thấy đạt (vẫn bị trừ 0,5)\"\n"),
        "{csv}"
    );
    let (code, md, _) = track_example(&["-f", "markdown", "--lang", "en"]);
    assert_eq!(code, 0);
    assert!(md.contains("| Code | Content to fix |"), "{md}");
    assert!(md.contains("Projected score if every open item is completed: 96.397/100"), "{md}");
    let (_, json_in_order, _) = track_example(&["-f", "json"]);
    // The same rows reversed, split over two files.
    let text = std::fs::read_to_string(root().join("examples/track-2023/ke-hoach-2023.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let dir = Dir::new();
    let a = dir.file("a.csv", &format!("{header}\n{}\n", lines[..10].join("\n")));
    let b = dir.file("b.csv", &format!("{header}\r\n{}\r\n", lines[10..].join("\r\n")));
    let mut args: Vec<String> = [
        "track",
        "-c",
        &s(CRITERIA),
        "--plan",
        &b,
        &a,
        "--as-of",
        "30/09/2023",
        "-f",
        "json",
        "-e",
    ]
    .map(String::from)
    .to_vec();
    args.extend(example_evidence().into_iter().rev());
    let (code, json_shuffled, err) = run_owned(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_shuffled, json_in_order);
}
