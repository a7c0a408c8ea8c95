//! Streaming batch scoring gives exactly the per-unit results of scoring each unit alone.

use std::collections::BTreeMap;

use parcalc::batch::{Fallback, rank_stream};
use parcalc::score::{Options, score};

use super::support::{Dir, root, run_owned};

fn synthetic() -> parcalc::criteria::CriteriaSet {
    parcalc::criteria::load_file(&root().join("criteria/synthetic-100.toml")).unwrap()
}

#[test]
fn batch_equals_scoring_each_unit_alone() {
    let set = synthetic();
    let dir = Dir::new();
    let mut bytes = Vec::new();
    let rows = parcalc::synth::write_evidence(&set, 120, 1, 7, &mut bytes).unwrap();
    assert!(rows > 12_000);
    let path = dir.bytes("synthetic.csv", &bytes);
    for stage in set.rounds.all() {
        let batch = rank_stream(&set, &[&path], stage, None, &mut |_| {}).unwrap();
        assert_eq!(batch.len(), 120);
        // Each unit alone: its own rows, the full scorer, reasons and all.
        let ev = parcalc::evidence::load_files(&[&path]).unwrap();
        let mut by_unit: BTreeMap<String, parcalc::evidence::Evidence> = BTreeMap::new();
        for r in ev.rows {
            by_unit.entry(r.unit.clone().unwrap()).or_default().rows.push(r);
        }
        for row in &batch {
            let alone = score(
                &set,
                &by_unit[&row.unit],
                &Options {
                    round: Some(stage),
                    unit: None,
                },
            )
            .unwrap();
            assert_eq!(row.awarded, alone.totals.awarded, "{}", row.unit);
            assert_eq!(row.applicable_max, alone.totals.applicable_max, "{}", row.unit);
            assert_eq!(row.index_percent, alone.totals.index_percent, "{}", row.unit);
            assert_eq!(row.band, alone.totals.band, "{}", row.unit);
        }
        // And the ranking equals the complete path's.
        let full = parcalc::rank::rank(&set, &parcalc::evidence::load_files(&[&path]).unwrap(), stage).unwrap();
        assert_eq!(batch, full.rows);
    }
}

#[test]
fn the_eight_districts_rank_the_same_either_way() {
    let set = parcalc::criteria::load_file(&root().join("criteria/dak-nong-district-2022.toml")).unwrap();
    let path = root().join("examples/districts-2022/evidence.csv");
    let batch = rank_stream(&set, &[&path], set.rounds.last(), None, &mut |_| {}).unwrap();
    let full = parcalc::rank::rank(&set, &parcalc::evidence::load_files(&[&path]).unwrap(), set.rounds.last()).unwrap();
    assert_eq!(batch, full.rows);
    assert_eq!(batch[7].unit, "Huyện tham chiếu");
}

#[test]
fn ungrouped_input_falls_back_to_the_complete_path() {
    let set = synthetic();
    let dir = Dir::new();
    let mut bytes = Vec::new();
    parcalc::synth::write_evidence(&set, 30, 1, 3, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let first = lines.remove(0);
    lines.push(first); // the first unit now comes back after all the others
    let grouped = dir.file("grouped.csv", &text);
    let shuffled = dir.file("reversed.csv", &format!("{header}\n{}\n", lines.join("\n")));
    match rank_stream(&set, &[&shuffled], set.rounds.last(), None, &mut |_| {}) {
        Err(Fallback::UnitsNotGrouped(_)) => {}
        other => panic!("expected a fallback, got {other:?}"),
    }
    let c = root().join("criteria/synthetic-100.toml").to_string_lossy().into_owned();
    let json = |file: &str| {
        run_owned(&[
            "rank".into(),
            "-c".into(),
            c.clone(),
            "-e".into(),
            file.into(),
            "--format".into(),
            "json".into(),
        ])
        .1
    };
    assert_eq!(json(&grouped), json(&shuffled));
}

#[test]
fn a_unit_with_an_error_gets_the_full_diagnostics() {
    let dir = Dir::new();
    let set = synthetic();
    let mut bytes = Vec::new();
    parcalc::synth::write_evidence(&set, 5, 1, 9, &mut bytes).unwrap();
    let mut text = String::from_utf8(bytes).unwrap();
    text.push_str("Xã 00005,2025,1.1,,maybe,,\n");
    let file = dir.file("bad.csv", &text);
    let c = root().join("criteria/synthetic-100.toml").to_string_lossy().into_owned();
    let (code, _, err) = run_owned(&["rank".into(), "-c".into(), c, "-e".into(), file]);
    assert_eq!(code, 2);
    assert!(err.contains("[conflicting-rows]") || err.contains("[invalid-value]"), "{err}");
    assert!(err.contains("bad.csv:"), "located: {err}");
}

#[test]
fn progress_reports_rows_and_bytes_to_the_end() {
    let set = synthetic();
    let dir = Dir::new();
    let mut bytes = Vec::new();
    let rows = parcalc::synth::write_evidence(&set, 600, 1, 11, &mut bytes).unwrap();
    let size = bytes.len() as u64;
    let path = dir.bytes("p.csv", &bytes);
    let mut seen = Vec::new();
    rank_stream(&set, &[&path], set.rounds.last(), None, &mut |p| seen.push(p)).unwrap();
    assert!(seen.len() >= 2, "a report every 65,536 rows and one at the end");
    let last = seen.last().unwrap();
    assert_eq!((last.rows, last.bytes, last.total_bytes), (rows, size, size));
    assert!(seen.windows(2).all(|w| w[0].rows <= w[1].rows && w[0].bytes <= w[1].bytes));
}
