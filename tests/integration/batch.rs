//! Streaming batch scoring gives exactly the per-unit results of scoring each unit alone.

use std::collections::BTreeMap;

use parcalc::batch::{Fallback, rank_stream, rank_stream_split};
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
            assert_eq!(row.band.as_deref(), alone.totals.band.as_ref(), "{}", row.unit);
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

/// The complete path's rows for `path`, after checking that the streaming path gives the
/// same on one thread and in pieces.
fn streams_as_complete(set: &parcalc::criteria::CriteriaSet, path: &str) -> Vec<parcalc::rank::RankRow> {
    let full = complete(set, path, set.rounds.last()).unwrap();
    for split in [1, u64::MAX] {
        let rows = rank_stream_split(set, &[path], set.rounds.last(), None, &mut |_| {}, split).unwrap();
        assert_eq!(rows, full, "split at {split}");
    }
    full
}

/// The per-unit totals of the complete path (every unit scored alone by `score`).
fn complete(set: &parcalc::criteria::CriteriaSet, path: &str, stage: parcalc::round::Round) -> Option<Vec<parcalc::rank::RankRow>> {
    let ev = parcalc::evidence::load_files(&[path]).ok()?;
    parcalc::rank::rank(set, &ev, stage).ok().map(|r| r.rows)
}

#[test]
fn a_file_read_by_two_threads_ranks_as_one_thread_and_the_complete_path() {
    let set = synthetic();
    let dir = Dir::new();
    for units in [2, 3, 17, 64] {
        let mut bytes = Vec::new();
        parcalc::synth::write_evidence(&set, units, 1, units, &mut bytes).unwrap();
        let path = dir.bytes(&format!("s{units}.csv"), &bytes);
        let full = complete(&set, &path, set.rounds.last()).unwrap();
        let one = rank_stream_split(&set, &[&path], set.rounds.last(), None, &mut |_| {}, u64::MAX).unwrap();
        assert_eq!(one, full, "{units} units, one thread");
        // Pieces of a byte (thousands of pieces, most of them inside one unit and empty), of
        // about one unit, and of several units.
        for split in [1, 4 * 5_000, 4 * 40_000] {
            let two = rank_stream_split(&set, &[&path], set.rounds.last(), None, &mut |_| {}, split).unwrap();
            assert_eq!(two, full, "{units} units, two threads, split at {split}");
            assert_eq!(two.len() as u64, units);
        }
    }
}

#[test]
fn a_split_inside_a_quoted_value_is_caught_and_the_result_is_the_same() {
    // The middle of the file falls inside a note spanning many lines, some of which look like
    // rows: the second thread's guess is wrong, and nothing may be counted twice or lost.
    let set = synthetic();
    let dir = Dir::new();
    let mut bytes = Vec::new();
    parcalc::synth::write_evidence(&set, 4, 1, 5, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let middle = lines.len() / 2;
    let fake: String = (0..400).map(|i| format!("Xã 00099,2025,1.{},,có,,\n", i % 10)).collect();
    lines[middle] = format!("{}\"{}\"", lines[middle].trim_end_matches(','), fake.trim_end());
    let path = dir.file("quoted.csv", &(lines.join("\n") + "\n"));
    // The complete reader reads the long note as one cell (or refuses the file).
    let full = complete(&set, &path, set.rounds.last());
    match rank_stream_split(&set, &[&path], set.rounds.last(), None, &mut |_| {}, 1) {
        Ok(rows) => assert_eq!(Some(rows), full),
        Err(Fallback::Irregular(_)) => {}
        Err(other) => panic!("unexpected fallback {other:?}"),
    }
}

#[test]
fn every_rule_kind_is_in_the_batch_test_set() {
    let set = synthetic();
    let kinds: std::collections::BTreeSet<&str> = set.leaves().filter_map(|n| n.rule.as_ref()).map(|r| r.kind()).collect();
    let all: std::collections::BTreeSet<&str> = parcalc::rules::KINDS.iter().map(|k| k.0).collect();
    assert_eq!(kinds, all);
    assert!(!set.adjustments.is_empty(), "a bonus or penalty block too");
}

mod random {
    use proptest::prelude::*;

    use super::*;

    /// synthetic-100 with another rounding, other policies and some criteria needing documents.
    fn variant(places: u32, strategy: &str, na: &str, doc: &str, needs_doc: &[bool]) -> String {
        let text = std::fs::read_to_string(root().join("criteria/synthetic-100.toml")).unwrap();
        let text = text
            .replace(
                "places = 3\nstrategy = \"half-up\"",
                &format!("places = {places}\nstrategy = \"{strategy}\""),
            )
            .replace(
                "[set.rounding]",
                &format!("[set.policy]\nnot_applicable = \"{na}\"\nmissing_document = \"{doc}\"\n\n[set.rounding]"),
            );
        let mut out = String::new();
        for (i, block) in text.split("[[node]]").enumerate() {
            if i > 0 {
                out.push_str("[[node]]");
            }
            if block.contains("rule =") && needs_doc.get(i % needs_doc.len()).copied().unwrap_or(false) {
                out.push_str(&block.replacen("max = 1\n", "max = 1\ndocument_required = true\n", 1));
            } else {
                out.push_str(block);
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

        /// Over random criteria variants and evidence, rank's streaming totals equal the
        /// complete path's (each unit scored alone by `score`), on one thread or two; a
        /// mutated file either ranks the same or is handed to the complete path.
        #[test]
        fn rank_totals_equal_score_per_unit(
            places in 0u32..4,
            strategy in prop::sample::select(vec!["half-up", "half-even", "down"]),
            na in prop::sample::select(vec!["exclude", "full-marks"]),
            doc in prop::sample::select(vec!["warn", "zero"]),
            needs_doc in prop::collection::vec(any::<bool>(), 1..7),
            units in 1u64..24,
            seed in any::<u64>(),
            mutations in prop::collection::vec((0usize..5, any::<prop::sample::Index>()), 0..4),
            split in prop::sample::select(vec![1u64, 4 * 5_000, u64::MAX]),
        ) {
            let dir = Dir::new();
            let toml = variant(places, strategy, na, doc, &needs_doc);
            let set = parcalc::criteria::load_str("variant.toml", &toml).unwrap();
            let mut bytes = Vec::new();
            parcalc::synth::write_evidence(&set, units, 1, seed, &mut bytes).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for (kind, at) in &mutations {
                let i = 1 + at.index(lines.len() - 1);
                let cells: Vec<String> = lines[i].splitn(5, ',').map(str::to_string).collect();
                match kind {
                    0 => { let l = lines[i].clone(); lines.insert(i, l); }
                    1 => { lines.remove(i); if lines.len() < 2 { lines.push(text.lines().nth(1).unwrap().to_string()); } }
                    2 => lines[i] = format!("{},{},{},,không phát sinh,,", cells[0], cells[1], cells[2]),
                    3 => lines[i] = format!("{},{},{},{},\"0,75\",,", cells[0], cells[1], cells[2], cells[3]),
                    _ => lines[i] = format!("{},{},{},{},2.000,,", cells[0], cells[1], cells[2], cells[3]),
                }
            }
            let path = dir.file("e.csv", &(lines.join("\n") + "\n"));
            let full = complete(&set, &path, set.rounds.last());
            match rank_stream_split(&set, &[&path], set.rounds.last(), None, &mut |_| {}, split) {
                Ok(rows) => prop_assert_eq!(Some(rows), full),
                Err(f) => prop_assert!(!mutations.is_empty(), "an unmutated file fell back: {:?}", f),
            }
        }
    }
}

#[test]
fn a_unit_written_two_ways_is_left_to_the_complete_path() {
    // `Xã 00001` and `XÃ 00001` are one unit to the grouping but two spellings to `score`,
    // which refuses them: the streaming path must not rank them silently.
    let set = synthetic();
    let dir = Dir::new();
    let mut bytes = Vec::new();
    parcalc::synth::write_evidence(&set, 3, 1, 4, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let changed: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 2 { l.replacen("Xã", "XÃ", 1) } else { l.to_string() })
        .collect();
    let path = dir.file("two-ways.csv", &(changed.join("\n") + "\n"));
    for split in [1, u64::MAX] {
        assert!(matches!(
            rank_stream_split(&set, &[&path], set.rounds.last(), None, &mut |_| {}, split),
            Err(Fallback::UnitFailed(_))
        ));
    }
    assert!(complete(&set, &path, set.rounds.last()).is_none());
}

#[test]
fn a_repeated_row_counts_once_as_in_the_complete_path() {
    // A deduction row given twice (an office pasting a block again) is one fact: the
    // complete reader keeps it once with a warning, and so must the streaming path.
    let set = synthetic();
    let dir = Dir::new();
    let mut bytes = Vec::new();
    parcalc::synth::write_evidence(&set, 6, 1, 21, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = lines.iter().position(|l| l.contains(",1.7,late,")).unwrap();
    lines.insert(at, lines[at].clone());
    let path = dir.file("repeat.csv", &(lines.join("\n") + "\n"));
    streams_as_complete(&set, &path);
}

#[test]
fn a_value_read_again_under_the_settled_convention_reads_the_same() {
    // Every unit gives variable `a` of formula 1.6 as `1.000`: a thousand once the file's
    // `83,3%` values settle the Vietnamese convention. From the second unit on, the value is
    // found in the table of values already read, and must be rewritten as the first was.
    let set = synthetic();
    let dir = Dir::new();
    let mut bytes = Vec::new();
    parcalc::synth::write_evidence(&set, 6, 1, 5, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|l| match l.split(',').collect::<Vec<_>>().as_slice() {
            [unit, year, "1.6", "a", _, rest @ ..] => format!("{unit},{year},1.6,a,1.000,{}", rest.join(",")),
            _ => l.to_string(),
        })
        .collect();
    assert_eq!(lines.iter().filter(|l| l.contains(",1.6,a,1.000,")).count(), 6);
    let path = dir.file("thousands.csv", &(lines.join("\n") + "\n"));
    let full = streams_as_complete(&set, &path);
    // Read as 1, `a` would give 1.6 its maximum in every unit: the thousand matters here.
    let ones = dir.file("ones.csv", &(lines.join("\n").replace(",1.6,a,1.000,", ",1.6,a,1,") + "\n"));
    let as_one = complete(&set, &ones, set.rounds.last()).unwrap();
    for (a, b) in full.iter().zip(&as_one) {
        assert!(a.awarded < b.awarded, "{}: {} against {}", a.unit, a.awarded, b.awarded);
    }
}

#[test]
fn a_unit_of_far_more_rows_than_facts_is_left_to_the_complete_path() {
    // A unit's rows pasted 60 times over (7,620 rows for 102 leaves and blocks): repeats the
    // complete path keeps once. The streaming path stops gathering such a unit (at 64 rows
    // per fact) and leaves it to the complete path, on one thread or in pieces.
    let set = synthetic();
    let dir = Dir::new();
    let mut bytes = Vec::new();
    parcalc::synth::write_evidence(&set, 3, 1, 8, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let first = rows[0].split(',').next().unwrap();
    let unit: Vec<&str> = rows.iter().copied().filter(|r| r.starts_with(&format!("{first},"))).collect();
    let rest: Vec<&str> = rows.iter().copied().filter(|r| !r.starts_with(&format!("{first},"))).collect();
    let mut out = vec![header.to_string()];
    for _ in 0..60 {
        out.extend(unit.iter().map(|r| r.to_string()));
    }
    out.extend(rest.iter().map(|r| r.to_string()));
    let path = dir.file("pasted.csv", &(out.join("\n") + "\n"));
    assert!(unit.len() * 60 > 64 * (set.leaves().count() + set.adjustments.len() + 1));
    let full = complete(&set, &path, set.rounds.last()).unwrap();
    assert_eq!(full.len(), 3);
    for split in [1, 4 * 5_000, u64::MAX] {
        assert!(
            matches!(
                rank_stream_split(&set, &[&path], set.rounds.last(), None, &mut |_| {}, split),
                Err(Fallback::UnitFailed(_))
            ),
            "split at {split}"
        );
    }
}

#[test]
fn units_alike_but_for_what_a_rule_reads_rank_apart() {
    // Leaf results are kept by what their rule reads: units whose rows differ only in which
    // item a value belongs to, or in whether a required document is given, must not share
    // them, while a document's title (which no rule reads) changes nothing.
    let text = std::fs::read_to_string(root().join("criteria/synthetic-100.toml")).unwrap();
    let text = text
        .replace("[set.rounding]", "[set.policy]\nmissing_document = \"zero\"\n\n[set.rounding]")
        .replace(
            "title = \"Tiêu chí 1.8 (count)\"\nmax = 1\n",
            "title = \"Tiêu chí 1.8 (count)\"\nmax = 1\ndocument_required = true\n",
        );
    let set = parcalc::criteria::load_str("docs.toml", &text).unwrap();
    let mut bytes = Vec::new();
    parcalc::synth::write_evidence(&set, 1, 1, 3, &mut bytes).unwrap();
    let base = String::from_utf8(bytes).unwrap();
    let mut lines = base.lines();
    let header = lines.next().unwrap().to_string();
    let rows: Vec<String> = lines.map(str::to_string).collect();
    let unit = rows[0].split(',').next().unwrap().to_string();
    // Each unit's rows: the formula leaf 1.6 given 14 and 6 on its first two rows, as `a`
    // and `b` or as `b` and `a` (the same values in the same order: only the items differ),
    // and the document of 1.8.
    let copy = |name: &str, swapped: bool, document: &str| -> String {
        let (first, second) = if swapped { ("b", "a") } else { ("a", "b") };
        let mut out = String::new();
        for r in &rows {
            let c: Vec<&str> = r.splitn(7, ',').collect();
            let line = match (c[2], c[3]) {
                ("1.6", "a") => format!("{name},{},1.6,{first},14,,", c[1]),
                ("1.6", "b") => format!("{name},{},1.6,{second},6,,", c[1]),
                ("1.8", _) => format!("{name},{},1.8,,4,{document},", c[1]),
                _ => r.replacen(&unit, name, 1),
            };
            out.push_str(&line);
            out.push('\n');
        }
        out
    };
    let file = format!(
        "{header}\n{}{}{}{}{}",
        copy("Xã 10001", false, "Báo cáo năm"),
        copy("Xã 10002", true, "Báo cáo năm"),
        copy("Xã 10003", false, ""),
        copy("Xã 10004", false, "Biên bản khác"),
        copy("Xã 10005", false, "Báo cáo năm"),
    );
    let dir = Dir::new();
    let path = dir.file("alike.csv", &file);
    let full = complete(&set, &path, set.rounds.last()).unwrap();
    let awarded = |rows: &[parcalc::rank::RankRow], name: &str| rows.iter().find(|r| r.unit == name).unwrap().awarded;
    for split in [1, u64::MAX] {
        let rows = rank_stream_split(&set, &[&path], set.rounds.last(), None, &mut |_| {}, split).unwrap();
        assert_eq!(rows, full, "split at {split}");
        let base = awarded(&rows, "Xã 10001");
        assert_eq!(awarded(&rows, "Xã 10005"), base);
        assert_eq!(awarded(&rows, "Xã 10004"), base, "a document's title changes nothing");
        assert_eq!(
            awarded(&rows, "Xã 10003"),
            base - rust_decimal::Decimal::ONE,
            "no document: 1.8 scores 0, not 4 × 0.25"
        );
        assert_ne!(awarded(&rows, "Xã 10002"), base, "a and b swapped");
    }
}
