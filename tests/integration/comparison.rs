//! Comparisons read one way: a positive change is better for the unit in every table and
//! format, an agency's change is the points it no longer loses, people read one minus sign
//! (U+2212) and programs ASCII `-`, and a stage comparison with nothing changed says so in
//! a sentence. Exact tables are in `tests/cases/compare-*`; these tests cover the formats a
//! case cannot show (HTML, xlsx) and the rules that hold across all of them.

use super::support::{CRITERIA, Dir, evidence, root, run, run_owned};

const MINUS: char = '\u{2212}';

fn case(name: &str, file: &str) -> String {
    root().join("tests/cases").join(name).join(file).to_string_lossy().into_owned()
}

/// `compare` of the `compare-sides` case (A: 1.2 at 85%, survey 3,5; B: 1.2 at 95%, survey
/// 2,5) with `extra` arguments.
fn sides(extra: &[&str]) -> (i32, String, String) {
    let (c, a, b) = (
        case("compare-sides", "c.toml"),
        case("compare-sides", "a.csv"),
        case("compare-sides", "b.csv"),
    );
    let mut args = vec![
        "compare",
        "--a-criteria",
        &c,
        "--a-evidence",
        &a,
        "--b-criteria",
        &c,
        "--b-evidence",
        &b,
    ];
    args.extend(extra);
    run(&args)
}

/// `compare --stages` on the reference case, whose appraisal changed nothing.
fn unchanged_stages(extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "compare".to_string(),
        "--stages".into(),
        "-c".into(),
        root().join(CRITERIA).to_string_lossy().into_owned(),
        "-e".into(),
    ];
    args.extend(evidence());
    args.extend(extra.iter().map(|s| s.to_string()));
    run_owned(&args)
}

/// A number written with an ASCII hyphen-minus in running text: `-` right before a digit,
/// not inside a word or a code range (`0–<90%` uses an en dash; `3.4.4` has no sign).
fn ascii_negatives(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|&i| chars[i] == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit) && (i == 0 || !chars[i - 1].is_alphanumeric()))
        .map(|i| chars[i.saturating_sub(12)..(i + 6).min(chars.len())].iter().collect())
        .collect()
}

#[test]
fn people_read_one_minus_sign_and_programs_ascii() {
    for lang in ["vi", "en"] {
        for format in ["table", "markdown", "html"] {
            let (code, out, err) = sides(&["--lang", lang, "--format", format]);
            assert_eq!(code, 0, "{err}");
            // (the style sheet's `grid-column: 1 / -1` is no number a person reads)
            let text = out.split("</style>").last().unwrap_or(&out);
            assert_eq!(ascii_negatives(text), Vec::<String>::new(), "{lang} {format}:\n{out}");
            // The survey fell by 1 point (25% of its max); the office lost 1 point more.
            assert_eq!(out.matches(&format!("{MINUS}1")).count(), 3, "{lang} {format}:\n{out}");
            assert_eq!(out.matches(&format!("{MINUS}25")).count(), 2, "{lang} {format}:\n{out}");
        }
        for format in ["csv", "json"] {
            let (code, out, err) = sides(&["--lang", lang, "--format", format]);
            assert_eq!(code, 0, "{err}");
            assert!(!out.contains(MINUS), "{lang} {format}:\n{out}");
            assert_eq!(
                out.matches("-1,").count() + out.matches("\"-1\"").count(),
                3,
                "{lang} {format}:\n{out}"
            );
        }
    }
    // The what-if table's gains and the diagnostics speak the same way.
    let (code, out, err) = run_owned(&super::support::reference_args(&["--set", "3.4.4=50%", "--lang", "en"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("│ 3.4.4=50%            ┆      1 ┆     0 ┆         −1 │"), "{out}");
    assert_eq!(ascii_negatives(&out), Vec::<String>::new(), "{out}");
}

/// The table rows of an HTML report as text: `| cell | cell |` per row, tags left out.
fn rows(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                if tag.starts_with("tr") {
                    out.push('|');
                } else if tag == "/td" {
                    out.push_str(" |");
                } else if tag.starts_with("td") {
                    out.push(' ');
                } else if tag == "/tr" {
                    out.push('\n');
                }
            }
            c if in_tag => tag.push(c),
            c => {
                if out.ends_with('\n') || out.is_empty() {
                    continue;
                }
                out.push(c);
            }
        }
    }
    out
}

#[test]
fn an_html_comparison_says_which_way_its_changes_read() {
    let (code, vi, err) = sides(&["--format", "html"]);
    assert_eq!(code, 0, "{err}");
    for fragment in [
        "<div class=\"meta\">Số dương (+): tốt hơn cho đơn vị; số âm (−): kém hơn.</div>",
        "<th class=\"n\">Điểm tăng (+)/giảm (−)</th><th class=\"n\">Tỷ lệ % tăng (+)/giảm (−)</th>",
        "<div class=\"meta\">Số dương (+): cơ quan bị trừ ít điểm hơn ở B so với A; số âm (−): bị trừ nhiều hơn.</div>",
        "<th class=\"n\">Bị trừ A</th><th class=\"n\">Bị trừ B</th><th class=\"n\">Điểm bị trừ giảm (+)/tăng (−)</th>",
        "| Tư pháp | 0,5 | 1,5 | −1 |",
        "| Văn phòng | 3 | 0 | +3 |",
    ] {
        assert!(vi.contains(fragment) || rows(&vi).contains(fragment), "{fragment}\n{vi}");
    }
    let (_, en, _) = sides(&["--format", "html", "--lang", "en"]);
    for fragment in [
        "<div class=\"meta\">Positive (+): better for the unit; negative (−): worse.</div>",
        "<th class=\"n\">Points up (+)/down (−)</th><th class=\"n\">% of max up (+)/down (−)</th>",
        "<th class=\"n\">Lost A</th><th class=\"n\">Lost B</th><th class=\"n\">Lost points down (+)/up (−)</th>",
        "| Văn phòng | 3 | 0 | +3 |",
    ] {
        assert!(en.contains(fragment) || rows(&en).contains(fragment), "{fragment}\n{en}");
    }
}

#[test]
fn an_xlsx_comparison_holds_numbers_signed_one_way() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = Dir::new();
    let x = dir.path().join("so sánh 2022–2023.xlsx");
    let (code, out, err) = sides(&["-o", &x.to_string_lossy(), "--lang", "en"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    assert_eq!(wb.sheet_names(), ["Areas", "Criteria", "Agencies"]);
    let agencies = wb.worksheet_range("Agencies").unwrap();
    let rows: Vec<Vec<Data>> = agencies.rows().map(<[Data]>::to_vec).collect();
    let text = |s: &str| Data::String(s.into());
    assert_eq!(rows[0], [text("Points lost by agency"), Data::Empty, Data::Empty, Data::Empty]);
    assert_eq!(
        rows[3],
        [text("Agency"), text("Lost A"), text("Lost B"), text("Lost points down (+)/up (−)")]
    );
    assert_eq!(rows[4], [text("Tư pháp"), Data::Float(0.5), Data::Float(1.5), Data::Float(-1.0)]);
    assert_eq!(rows[5], [text("Văn phòng"), Data::Float(3.0), Data::Float(0.0), Data::Float(3.0)]);
    let areas = wb.worksheet_range("Areas").unwrap();
    let rows: Vec<Vec<Data>> = areas.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows[2][0], text("Positive (+): better for the unit; negative (−): worse."));
    assert_eq!(
        rows[5][..],
        [
            text("2"),
            text("Khảo sát"),
            Data::Float(3.5),
            Data::Float(2.5),
            Data::Float(-1.0),
            Data::Float(-25.0)
        ]
    );
}

#[test]
fn stages_that_agree_are_said_to_agree_in_every_format() {
    let (code, vi, err) = unchanged_stages(&[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        vi,
        "Tiêu chí bị hội đồng thẩm định điều chỉnh điểm\nKhông có: điểm thẩm định của mọi tiêu chí bằng điểm tự đánh giá.\n"
    );
    let (_, en, _) = unchanged_stages(&["--lang", "en"]);
    assert_eq!(
        en,
        "Criteria whose points the appraisal changed\nNone: the appraisal gave every criterion the points of the self-assessment.\n"
    );
    let (_, md, _) = unchanged_stages(&["--lang", "en", "--format", "markdown"]);
    assert_eq!(
        md,
        "## Criteria whose points the appraisal changed\n\nNone: the appraisal gave every criterion the points of the self-assessment.  \n\n"
    );
    let (_, html, _) = unchanged_stages(&["--format", "html"]);
    assert!(
        html.contains("<h1>Tiêu chí bị hội đồng thẩm định điều chỉnh điểm</h1>\n<div class=\"meta\">Không có: điểm thẩm định của mọi tiêu chí bằng điểm tự đánh giá.</div>\n"),
        "{html}"
    );
    assert!(!html.contains("<table"), "{html}");
    // Programs get the header row and no rows, or an empty list.
    let (_, csv, _) = unchanged_stages(&["--lang", "en", "--format", "csv"]);
    assert_eq!(
        csv,
        "Code,Criterion,Self-assessment,Appraisal,Points up (+)/down (−),Reason (self-assessment),Reason (appraisal),Explanations given\n"
    );
    let (_, json, _) = unchanged_stages(&["--format", "json"]);
    assert_eq!(
        json,
        "{\n  \"schema\": \"parcalc.stages/2\",\n  \"from\": \"self\",\n  \"to\": \"appraisal\",\n  \"changes\": [],\n  \"agencies\": []\n}\n"
    );
    // xlsx: the sentence under the title, no table.
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = Dir::new();
    let x = dir.path().join("stages.xlsx");
    let (code, _, err) = unchanged_stages(&["-o", &x.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    let cells: Vec<Data> = wb
        .worksheet_range_at(0)
        .unwrap()
        .unwrap()
        .rows()
        .flat_map(<[Data]>::to_vec)
        .collect();
    assert_eq!(
        cells,
        [
            Data::String("Tiêu chí bị hội đồng thẩm định điều chỉnh điểm".into()),
            Data::String("Không có: điểm thẩm định của mọi tiêu chí bằng điểm tự đánh giá.".into())
        ]
    );
}

#[test]
fn swapping_the_sides_swaps_every_sign() {
    let (c, a, b) = (
        case("compare-sides", "c.toml"),
        case("compare-sides", "a.csv"),
        case("compare-sides", "b.csv"),
    );
    let json = |first: &str, second: &str| {
        let (code, out, err) = run(&[
            "compare",
            "--a-criteria",
            &c,
            "--a-evidence",
            first,
            "--b-criteria",
            &c,
            "--b-evidence",
            second,
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let (ab, ba) = (json(&a, &b), json(&b, &a));
    let changes = |v: &serde_json::Value| -> Vec<(String, String)> {
        let mut out = vec![("total".to_string(), v["change"].as_str().unwrap().to_string())];
        for list in ["areas", "criteria"] {
            for d in v[list].as_array().unwrap() {
                out.push((format!("{list} {}", d["code"]), d["change"].as_str().unwrap().into()));
                out.push((format!("{list} {} %", d["code"]), d["change_percent"].as_str().unwrap().into()));
            }
        }
        for g in v["agencies"].as_array().unwrap() {
            out.push((format!("agency {}", g["id"]), g["lost_reduced"].as_str().unwrap().into()));
        }
        out.sort();
        out
    };
    let negated = |v: Vec<(String, String)>| -> Vec<(String, String)> {
        v.into_iter()
            .map(|(k, x)| {
                let flipped = match x.strip_prefix('-') {
                    Some(p) => p.to_string(),
                    None if x == "0" => x,
                    None => format!("-{x}"),
                };
                (k, flipped)
            })
            .collect()
    };
    let forward = changes(&ab);
    assert_eq!(forward.len(), 13, "{forward:?}");
    assert!(forward.contains(&("agency \"vp\"".into(), "3".into())), "{forward:?}");
    assert_eq!(negated(forward), changes(&ba));
}
