//! The reference case: a real district's 2022 result (71.79 points, 24.607 lost in 21
//! itemised sub-criteria), reproduced to the last digit from the shipped files.

use parcalc::evidence::load_files;
use parcalc::number::plain;
use parcalc::score::{Options, ScoreResult, Status, score};

use super::support::{CRITERIA, evidence, reference_args, root, run_owned};

fn reference() -> ScoreResult {
    let set = parcalc::criteria::load_file(&root().join(CRITERIA)).expect("criteria load");
    let ev = load_files(&evidence()).expect("evidence loads");
    score(&set, &ev, &Options::default()).expect("scores")
}

/// The plan's 21 criteria, their losses and the agencies responsible.
const PLAN: [(&str, &str, &[&str]); 21] = [
    ("1.2.2", "0.5", &["noi-vu"]),
    ("1.5.4", "0.5", &["vp"]),
    ("1.7", "2", &["noi-vu"]),
    ("1.4.2", "0.5", &["vp"]),
    ("1.5.2", "0.25", &["noi-vu", "vp", "tckh", "tu-phap", "vhtt"]),
    ("3.1.1", "0.5", &["vp"]),
    ("3.2.1", "0.5", &["vp"]),
    ("3.4.4", "5", &["vp", "vpdkdd", "ubnd-xa"]),
    ("3.4.5", "0.5", &["vp", "ubnd-xa"]),
    ("3.6", "2", &["vp", "vpdkdd", "ubnd-xa"]),
    ("3.7.3", "0.5", &["vhtt"]),
    ("4.4.2", "0.5", &["noi-vu"]),
    ("4.4.3", "0.5", &["noi-vu"]),
    ("5.7.1", "0.25", &["noi-vu"]),
    ("5.7.4", "2", &["tnmt", "vpdkdd", "mot-cua", "ubnd-xa"]),
    ("7.1.2", "0.33", &["vhtt"]),
    ("7.1.3", "2", &["vhtt"]),
    ("7.1.6", "0.5", &["vhtt"]),
    ("7.2", "4.855", &["vp"]),
    ("8.3", "0.422", &["tckh"]),
    ("8.6", "0.5", &["tckh"]),
];

#[test]
fn total_index_and_band() {
    let r = reference();
    assert_eq!(plain(r.totals.awarded), "71.79");
    assert_eq!(plain(r.totals.max), "100");
    assert_eq!(plain(r.totals.applicable_max), "100");
    assert_eq!(plain(r.totals.lost), "28.21");
    assert_eq!(r.totals.index_percent.map(plain).as_deref(), Some("71.79"));
    assert_eq!(r.totals.band.as_ref().map(|b| b.vi.as_str()), Some("Khá"));
}

#[test]
fn area_losses_match_the_plan() {
    let r = reference();
    let lost: Vec<(String, String, String)> = r.areas().map(|a| (a.code.to_string(), plain(a.max), plain(a.lost))).collect();
    let expected = [
        ("1", "13", "3.75"),
        ("2", "6", "0"),
        ("3", "17.5", "9"),
        ("4", "7.5", "1"),
        ("5", "15.5", "2.25"),
        ("6", "5", "0"),
        ("7", "15", "7.685"),
        ("8", "2.5", "0.922"),
        ("9", "18", "3.603"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(lost, expected);
}

#[test]
fn each_of_the_21_criteria_loses_what_the_plan_says() {
    let r = reference();
    let itemised: Vec<String> = r
        .losses()
        .iter()
        .filter(|n| n.code.segments()[0] != 9)
        .map(|n| n.code.to_string())
        .collect();
    assert_eq!(itemised.len(), 21, "{itemised:?}");
    let mut sum = rust_decimal::Decimal::ZERO;
    for (code, lost, responsible) in PLAN {
        let n = r.node(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(plain(n.lost), lost, "{code} lost");
        assert_eq!(
            n.responsible,
            responsible.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "{code} responsible"
        );
        assert_eq!(n.status, Status::Scored, "{code}");
        let reason = n.reason.as_ref().unwrap_or_else(|| panic!("{code} has no reason"));
        assert!(!reason.vi.is_empty() && !reason.en.is_empty());
        sum += n.lost;
    }
    assert_eq!(plain(sum), "24.607");
}

#[test]
fn reasons_state_the_evidence() {
    let r = reference();
    let en = |code: &str| r.node(code).unwrap().reason.clone().unwrap().en;
    let vi = |code: &str| r.node(code).unwrap().reason.clone().unwrap().vi;
    assert_eq!(
        vi("8.3"),
        "tỷ lệ doanh nghiệp thành lập mới 6,25% so với mục tiêu 40% → 0,078125/0,5 điểm ≈ 0,078 (làm tròn thông thường, 3 chữ số thập phân)"
    );
    assert_eq!(en("3.4.4"), "on-time rate 78.2% (2346/3000) is in tier 70–<80% → 1 of 6");
    assert_eq!(
        en("7.1.2"),
        "plan completion 83.3% × 2 → 1.666 of 2 ≈ 1.67 (rounded half-up, 2 decimal places)"
    );
    assert_eq!(en("7.1.6"), "official e-mail use 80% is in tier 80–<100% → 0.5 of 1");
    assert_eq!(
        en("8.3"),
        "new-business growth 6.25% of the 40% target → 0.078125 of 0.5 ≈ 0.078 (rounded half-up, 3 decimal places)"
    );
    assert_eq!(
        en("1.4.2"),
        "propaganda forms 2 (Phương tiện thông tin đại chúng của địa phương; Phổ biến văn bản liên quan CCHC) × 0.5 = 1 → 1 of 1.5"
    );
    assert_eq!(en("1.7"), "initiatives 0 is in tier 0–<1 → 0 of 2");
    assert_eq!(en("8.6"), "4 × target missed (−0.125) → 0.5 of 1");
    assert_eq!(
        en("7.2"),
        "min(6, [level-3 online files] / [all procedure files] × 2 + [level-4 online files] / [all procedure files] × 6) with all procedure files = 2000, level-3 online files = 800, level-4 online files = 115 → 1.145 of 6"
    );
    assert_eq!(
        en("3.1.1"),
        "plan issued 10 Jan 2022, 16 days after the due date 25 Dec 2021 → 0.5 of 1"
    );
    assert_eq!(r.node("5.7.4").unwrap().documents, ["Báo cáo 209 BC/TKT ngày 22/10/2022"]);
}

#[test]
fn agency_table_adds_up_to_the_total_lost() {
    let r = reference();
    let total: rust_decimal::Decimal = r.agencies.iter().map(|a| a.total).sum();
    assert_eq!(plain(total), "28.21");
    let vp = r.agencies.iter().find(|a| a.id == "vp").unwrap();
    // Alone: 1.4.2, 1.5.4, 3.1.1, 3.2.1, 7.2 = 0.5 + 0.5 + 0.5 + 0.5 + 4.855.
    assert_eq!(plain(vp.sole), "6.855");
    // Shared: 3.4.4 5/3 → 1.668 (first, takes the remainder), 3.6 2/3 → 0.668,
    // 3.4.5 0.5/2 → 0.25, 1.5.2 0.25/5 → 0.05.
    assert_eq!(plain(vp.shared), "2.636");
    for a in &r.agencies {
        assert_eq!(a.sole + a.shared, a.total, "{}", a.id);
    }
}

#[test]
fn json_carries_the_named_fields() {
    let (code, out, err) = run_owned(&reference_args(&["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "parcalc.score/2");
    assert_eq!(v["total"]["max"], "100");
    assert_eq!(v["total"]["applicable_max"], "100");
    assert_eq!(v["total"]["awarded"], "71.79");
    assert_eq!(v["total"]["lost"], "28.21");
    assert_eq!(v["total"]["index_percent"], "71.79");
    assert_eq!(v["total"]["band"]["vi"], "Khá");
    let nodes = v["nodes"].as_array().unwrap();
    let node = |code: &str| nodes.iter().find(|n| n["code"] == code).unwrap().clone();
    assert_eq!(node("7.2")["lost"], "4.855");
    assert_eq!(node("7.2")["awarded"], "1.145");
    assert_eq!(node("7.2")["status"], "scored");
    assert_eq!(node("3.4.4")["responsible"], serde_json::json!(["vp", "vpdkdd", "ubnd-xa"]));
    assert_eq!(node("7")["lost"], "7.685");
    for n in nodes {
        for key in ["max", "awarded", "lost"] {
            assert!(n[key].is_string(), "{key} of {} is not a string", n["code"]);
        }
        for key in ["code", "title", "status", "reason", "responsible"] {
            assert!(n.get(key).is_some(), "{key} missing");
        }
    }
}

#[test]
fn table_output_shows_the_summary() {
    let (code, out, _) = run_owned(&reference_args(&[]));
    assert_eq!(code, 0);
    assert!(
        out.contains("Tổng điểm: 71,79 / 100 · Bị trừ: 28,21 · Chỉ số: 71,79% · Xếp loại: Khá"),
        "{out}"
    );
    let (code, out, _) = run_owned(&reference_args(&["--lang", "en"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("Total: 71.79 / 100 · Lost: 28.21 · Index: 71.79% · Band: Fair"),
        "{out}"
    );
    assert!(out.contains("Points lost by agency"));
}
