//! Numbers as Vietnamese offices write them: one rule in every path that reads evidence
//! (`score`, `check`, `plan`, `rank` streaming and complete, `--set`, workbooks). A value that
//! reads two ways (`2.000`) is scored only when the run or its file settles the convention.

use rust_xlsxwriter::Workbook;

use parcalc::batch::rank_stream;

use super::support::{CRITERIA, Dir, evidence, root, run_owned};

/// The reference evidence with van-phong.csv replaced by `van_phong` (text).
fn reference_with(dir: &Dir, van_phong: &str) -> Vec<String> {
    let mut files: Vec<String> = evidence().into_iter().filter(|f| !f.ends_with("van-phong.csv")).collect();
    files.push(dir.file("van-phong.csv", van_phong));
    files
}

fn van_phong() -> String {
    std::fs::read_to_string(root().join("examples/dak-nong-2022/van-phong.csv")).unwrap()
}

fn args(command: &str, files: &[String], extra: &[&str]) -> Vec<String> {
    let mut a = vec![
        command.to_string(),
        "-c".into(),
        root().join(CRITERIA).to_string_lossy().into_owned(),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
    a.push("-e".into());
    a.extend(files.iter().cloned());
    a
}

fn awarded(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["total"]["awarded"].as_str().unwrap().to_string()
}

#[test]
fn two_thousand_with_a_grouping_dot_is_never_read_as_two() {
    let dir = Dir::new();
    let text = van_phong().replace("7.2,tong_ho_so,2000,", "7.2,tong_ho_so,2.000,");
    let files = reference_with(&dir, &text);
    // The file writes `95.5%` and `2346/3000`: nothing settles what `2.000` means.
    for command in ["score", "plan"] {
        let (code, out, err) = run_owned(&args(command, &files, &[]));
        assert_eq!(code, 2, "{command}: {out}");
        assert!(
            err.contains("error[ambiguous-number]: 7.2: `2.000` là 2000 theo cách viết Việt Nam (`.` phân cách hàng nghìn) nhưng là 2 theo cách viết tiếng Anh"),
            "{err}"
        );
        assert!(err.contains("van-phong.csv:18:16"), "{err}");
        let (code, _, err) = run_owned(&args(command, &files, &["--lang", "en"]));
        assert_eq!(code, 2);
        assert!(err.contains("error[ambiguous-number]: 7.2: `2.000` is 2000 in Vietnamese"), "{err}");
    }
    let (code, out, _) = run_owned(&args("check", &files, &[]));
    assert_eq!(code, 1);
    assert!(out.contains("[ambiguous-number]"), "{out}");
    // Declared Vietnamese, `95.5%` is refused too: under a declaration every number must fit.
    let (code, _, err) = run_owned(&args("score", &files, &["--decimal-mark", "vi"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("`95.5` không phải là số theo cách viết số Việt Nam (`,` là dấu thập phân, `.` phân cách hàng nghìn) do --decimal-mark quy định; theo cách viết `en` thì là 95,5"),
        "{err}"
    );
    // Written the Vietnamese way throughout, it scores the reference exactly.
    let vi = text.replace("95.5%", "\"95,5%\"");
    let files = reference_with(&dir, &vi);
    for extra in [&[][..], &["--decimal-mark", "vi"][..], &["--decimal-mark", ","][..]] {
        let mut a = args("score", &files, extra);
        a.extend(["--format".into(), "json".into()]);
        let (code, out, err) = run_owned(&a);
        assert_eq!(code, 0, "{extra:?}: {err}");
        assert_eq!(awarded(&out), "71.79", "{extra:?}");
    }
    // Declared English, `2.000` is two: 7.2 then earns all 6 points, 4.855 more than with 2000.
    let alone = |text: &str, extra: &[&str]| {
        let dir = Dir::new();
        let mut a = args("score", &[dir.file("van-phong.csv", text)], extra);
        a.extend(["--format".into(), "json".into()]);
        let (code, out, err) = run_owned(&a);
        assert_eq!(code, 0, "{err}");
        awarded(&out).parse::<rust_decimal::Decimal>().unwrap()
    };
    let two = alone(&text, &["--decimal-mark", "en"]);
    assert_eq!(two, alone(&van_phong().replace("7.2,tong_ho_so,2000,", "7.2,tong_ho_so,2,"), &[]));
    assert_eq!(two - alone(&van_phong(), &[]), rust_decimal::Decimal::new(4855, 3));
}

#[test]
fn the_criteria_set_can_declare_the_convention() {
    let dir = Dir::new();
    let set = std::fs::read_to_string(root().join(CRITERIA)).unwrap().replacen(
        "language = \"vi\"",
        "language = \"vi\"\nnumber_format = \"vi\"",
        1,
    );
    assert!(set.contains("number_format"));
    let c = dir.file("c.toml", &set);
    let vi = van_phong()
        .replace("7.2,tong_ho_so,2000,", "7.2,tong_ho_so,2.000,")
        .replace("95.5%", "\"95,5%\"");
    let mut files: Vec<String> = evidence().into_iter().filter(|f| !f.ends_with("van-phong.csv")).collect();
    files.push(dir.file("vp.csv", &vi));
    let mut a = vec![
        "score".to_string(),
        "-c".into(),
        c.clone(),
        "--format".into(),
        "json".into(),
        "-e".into(),
    ];
    a.extend(files.iter().cloned());
    let (code, out, err) = run_owned(&a);
    assert_eq!(code, 0, "{err}");
    assert_eq!(awarded(&out), "71.79");
    // The flag wins over the set.
    a.extend(["--decimal-mark".into(), "en".into()]);
    let (code, _, err) = run_owned(&a);
    assert_eq!(code, 2);
    assert!(
        err.contains("`95,5` không phải là số theo cách viết số tiếng Anh (`.` là dấu thập phân, `,` phân cách hàng nghìn) do --decimal-mark quy định"),
        "{err}"
    );
    // Without the flag, the set's declaration is named.
    let declared = dir.file("vp-en.csv", &van_phong().replace("7.2,tong_ho_so,2000,", "7.2,tong_ho_so,2.000,"));
    let (code, _, err) = run_owned(&[
        "score".into(),
        "-c".into(),
        c.clone(),
        "--lang".into(),
        "en".into(),
        "-e".into(),
        declared,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`95.5` is not a number in the Vietnamese (`,` is the decimal mark, `.` groups thousands) number format declared by the criteria set's `number_format`; in the en format it would be 95.5"),
        "{err}"
    );
    // An unknown name is a located criteria error.
    let bad = dir.file("bad.toml", &set.replace("number_format = \"vi\"", "number_format = \"fr\""));
    let (code, out, _) = run_owned(&["check".into(), "-c".into(), bad]);
    assert_eq!(code, 1);
    assert!(out.contains("error[invalid-setting]: cách ghi số `fr` không xác định"), "{out}");
}

#[test]
fn what_if_values_follow_the_same_rule() {
    let dir = Dir::new();
    let files = reference_with(&dir, &van_phong().replace("95.5%", "\"95,5%\""));
    let (code, _, err) = run_owned(&args("score", &files, &["--set", "7.2:muc_do_4=1.000", "--lang", "en"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("[ambiguous-number]: --set 7.2:muc_do_4=1.000: `1.000` is 1000 in Vietnamese"),
        "{err}"
    );
    let (code, _, err) = run_owned(&args("score", &files, &["--set", "7.2:muc_do_4=1.000"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("[ambiguous-number]: --set 7.2:muc_do_4=1.000: `1.000` là 1000 theo cách viết Việt Nam (`.` phân cách hàng nghìn) nhưng là 1 theo cách viết tiếng Anh (`.` là dấu thập phân), và dòng lệnh không cho biết là cách nào"),
        "{err}"
    );
    let (code, out, err) = run_owned(&args(
        "score",
        &files,
        &["--set", "7.2:muc_do_4=1.000", "--decimal-mark", "vi", "--lang", "en"],
    ));
    assert_eq!(code, 0, "{err}");
    // 1000 procedures at level 4 (not 1): 7.2 rises from 1.145 to 3.8 points.
    assert!(out.contains("7.2:muc_do_4=1.000   ┆  1.145 ┆    3.8 ┆     +2.655"), "{out}");
}

#[test]
fn criteria_numbers_written_as_text_must_read_one_way() {
    let dir = Dir::new();
    let set = std::fs::read_to_string(root().join("tests/cases/invalid-value/c.toml"))
        .unwrap()
        .replace("total = 10", "total = \"10.000\"");
    let c = dir.file("c.toml", &set);
    let (code, out, _) = run_owned(&["check".into(), "-c".into(), c]);
    assert_eq!(code, 1);
    assert!(
        out.contains("`10.000` is 10000 in Vietnamese but 10 in English; write it as a TOML number"),
        "{out}"
    );
}

#[test]
fn each_workbook_sheet_settles_its_own_convention() {
    let dir = Dir::new();
    let mut wb = Workbook::new();
    // A Vietnamese sheet: `78,4` settles that `8,125` is eight point one two five.
    let vi = wb.add_worksheet();
    vi.set_name("Khảo sát").unwrap();
    for (r, row) in [["criterion", "value"], ["9.1", "8,125"], ["9.2", "78,4"]].iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            vi.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    // A sheet whose only number reads two ways, typed as text.
    let other = wb.add_worksheet();
    other.set_name("Văn phòng").unwrap();
    for (r, row) in [["criterion", "item", "value"], ["7.2", "tong_ho_so", "2.000"]].iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            other.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    let path = dir.path().join("evidence.xlsx");
    wb.save(&path).unwrap();
    let (code, out, _) = run_owned(&[
        "check".into(),
        "-c".into(),
        root().join(CRITERIA).to_string_lossy().into_owned(),
        "-e".into(),
        path.to_string_lossy().into_owned(),
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("evidence.xlsx › Văn phòng › C2"), "{out}");
    assert!(out.contains("`2.000` là 2000 theo cách viết Việt Nam"), "{out}");
    assert!(!out.contains("8,125"), "the Vietnamese sheet settles its own numbers: {out}");
}

#[test]
fn streaming_rank_settles_each_file_like_the_complete_path() {
    let set = parcalc::criteria::load_file(&root().join(CRITERIA)).unwrap();
    let original = std::fs::read_to_string(root().join("examples/districts-2022/evidence.csv")).unwrap();
    let dir = Dir::new();
    // Write every 3.4.4 fraction with grouping dots (`2.346/3.000`): the file's decimal commas
    // settle them, but only after the first units have been read.
    let grouped: String = original
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            match cells.iter().position(|c| c.contains('/') && c.len() > 6 && !c.contains(' ')) {
                Some(i) if l.contains(",3.4.4,") => {
                    let (a, b) = cells[i].split_once('/').unwrap();
                    let dot = |n: &str| {
                        if n.len() > 3 {
                            format!("{}.{}", &n[..n.len() - 3], &n[n.len() - 3..])
                        } else {
                            n.to_string()
                        }
                    };
                    let mut c: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
                    c[i] = format!("{}/{}", dot(a), dot(b));
                    c.join(",")
                }
                _ => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(grouped, original, "the example has 3.4.4 fractions to group");
    let path = dir.file("grouped.csv", &format!("{grouped}\n"));
    let streamed = rank_stream(&set, &[&path], set.rounds.last(), None, &mut |_| {}).unwrap();
    let reference = parcalc::rank::rank(
        &set,
        &parcalc::evidence::load_files(&[root().join("examples/districts-2022/evidence.csv")]).unwrap(),
        set.rounds.last(),
    )
    .unwrap();
    assert_eq!(streamed, reference.rows, "grouping dots change nothing once the file settles");
    // The first unit without its decimal commas: its `2.970/3.000` waits for the next unit's
    // `8,9` to settle the file, then scores as the complete path scores it.
    let late: String = grouped
        .lines()
        .filter(|l| !(l.starts_with("Huyện A,") && l.split(',').nth(3).is_some_and(|v| v.contains('"'))))
        .collect::<Vec<_>>()
        .join("\n");
    let path = dir.file("late.csv", &format!("{late}\n"));
    let streamed = rank_stream(&set, &[&path], set.rounds.last(), None, &mut |_| {}).unwrap();
    let complete = parcalc::rank::rank(&set, &parcalc::evidence::load_files(&[&path]).unwrap(), set.rounds.last()).unwrap();
    assert_eq!(streamed, complete.rows);
    // A unit that waited ranks where the complete path ranks it among its ties: by its
    // folded name (`huyện a` before `Huyện b`), not first nor by its name as written.
    let path = dir.file(
        "tie.csv",
        "unit,criterion,value\nHuyện b,3.4.4,2.970/3.000\nhuyện a,3.4.4,\"2,97/3\"\n",
    );
    let streamed = rank_stream(&set, &[&path], set.rounds.last(), None, &mut |_| {}).unwrap();
    let complete = parcalc::rank::rank(&set, &parcalc::evidence::load_files(&[&path]).unwrap(), set.rounds.last()).unwrap();
    assert_eq!(streamed, complete.rows);
    assert_eq!(
        streamed.iter().map(|r| (r.rank, r.unit.as_str())).collect::<Vec<_>>(),
        [(1, "huyện a"), (1, "Huyện b")]
    );
    // Nothing settles a file of only `2.970/3.000`: the stream hands over, and the complete
    // path reports the value.
    let path = dir.file(
        "unsettled.csv",
        "unit,criterion,value\nHuyện A,3.4.4,2.970/3.000\nHuyện A,3.4.5,95.5%\n",
    );
    assert!(rank_stream(&set, &[&path], set.rounds.last(), None, &mut |_| {}).is_err());
    let (code, _, err) = run_owned(&[
        "rank".into(),
        "-c".into(),
        root().join(CRITERIA).to_string_lossy().into_owned(),
        "-e".into(),
        path,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("[ambiguous-number]: 3.4.4: `2.970` là 2970 theo cách viết Việt Nam (`.` phân cách hàng nghìn) nhưng là 2,97 theo cách viết tiếng Anh"),
        "{err}"
    );
}
