//! The fast reader against the `toml` crate: on every text it reads, the same `RawFile`,
//! spans included (`Spanned`'s `Debug` shows them).

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::from_str;
use crate::criteria::raw::RawFile;

/// `Some(true)` when the fast reader read `text` (and gave what the `toml` crate gives),
/// `None` when it declined. Both ways of reading are compared: the whole file at once, and the
/// file but for its node tables, then the node tables one by one.
fn compare(text: &str) -> Option<bool> {
    if let Some((mut raw, tables)) = super::read_criteria(text)
        && let Some(nodes) = tables.collect::<Option<Vec<_>>>()
    {
        raw.node = nodes;
        let slow: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => panic!("the fast reader read a text the toml crate refuses ({e}):\n{text}"),
        };
        assert_eq!(format!("{raw:#?}"), format!("{slow:#?}"), "different readings of:\n{text}");
    }
    let fast: RawFile = from_str(text)?;
    let slow: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => panic!("the fast reader read a text the toml crate refuses ({e}):\n{text}"),
    };
    assert_eq!(format!("{fast:#?}"), format!("{slow:#?}"), "different readings of:\n{text}");
    Some(true)
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if name != "target" && name != ".git" {
                toml_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// The criteria set of `scripts/gen_big_criteria.py` (and of the rank benchmark).
fn big_criteria(nodes: usize) -> String {
    let areas = nodes / 100;
    let mut out = format!(
        "[set]\nid = \"big\"\ntitle = \"big\"\nyear = 2025\nlevel = \"commune\"\nlanguage = \"en\"\ntotal = {}\n\n",
        areas * 99
    );
    for a in 1..=areas {
        out.push_str(&format!("[[node]]\ncode = \"{a}\"\ntitle = \"Area {a}\"\nmax = 99\n\n"));
        for leaf in 1..100 {
            let rule = match leaf % 3 {
                0 => "rule = { kind = \"binary\" }",
                1 => {
                    "rule = { kind = \"tiers\", tiers = [{ when = \"[90%, 100%]\", points = 1 }, { when = \"[0%, 90%)\", points = 0.5 }] }"
                }
                _ => "rule = { kind = \"formula\", expr = \"b / a\", when_undefined = 1 }",
            };
            out.push_str(&format!(
                "[[node]]\ncode = \"{a}.{leaf}\"\ntitle = \"Criterion {a}.{leaf}\"\nmax = 1\n{rule}\n\n"
            ));
        }
    }
    out
}

#[test]
fn every_toml_file_of_the_repository_reads_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    toml_files(root, &mut files);
    assert!(files.len() > 50, "{files:?}");
    let mut read = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes)) else {
            continue;
        };
        for text in [text.to_string(), text.replace('\n', "\r\n")] {
            if compare(&text).is_some() {
                read.push(path.clone());
            }
        }
    }
    // The shipped sets are plain enough for the fast reader, but for TOML dates (`due =
    // 2023-01-31`), which it leaves to the toml crate.
    for name in std::fs::read_dir(root.join("criteria")).unwrap().flatten() {
        let path = name.path();
        if path.extension().is_some_and(|e| e == "toml") && !std::fs::read_to_string(&path).unwrap().contains("due = 20") {
            assert!(read.contains(&path), "{} is not read by the fast reader", path.display());
        }
    }
    assert!(read.len() > 60, "{read:?}");
}

#[test]
fn the_examples_of_the_format_document_read_the_same() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/criteria-format.md")).unwrap();
    let blocks: Vec<&str> = doc.split("```toml").skip(1).filter_map(|b| b.split("```").next()).collect();
    assert!(!blocks.is_empty());
    for block in blocks {
        compare(block);
    }
}

#[test]
fn the_big_set_reads_the_same() {
    assert_eq!(compare(&big_criteria(5000)), Some(true));
}

#[test]
fn spans_and_escapes() {
    let text = "[set]\r\nid = \"a\\u00e9\\\"b\" # note\r\ntitle = 'lit \\ eral'\nyear = 2_022\nlevel = \"x\"\nlanguage = \"vi\"\n\
                rounds = [\n  \"self\", # first\n  'appraisal',\n]\ntotal = +1.5e2\n\n[set.rounding]\nplaces = 0.25\n\n\
                [[node]]\ncode = \"1\"\ntitle = \"Tiêu chí \\U0001F600\"\nmax = -3\nlead = []\n\
                rule = { kind = \"tiers\", tiers = [{ when = \"[0, 1]\", points = 1 }] }\n\n\
                [[node]]\ncode = \"1.1\"\ntitle = \"x\"\nmax = 0\n[node.rule]\nkind = \"binary\"\n\
                [[survey]]\nid = \"s\"\ncriterion = \"1.1\"\naggregation = \"mean\"\n\
                scale = { kind = \"likert\", min = 1, max = 5 }\nquestions = [{ id = \"q\", vi = \"Câu\", points = 1 }]\n";
    assert_eq!(compare(text), Some(true));
}

#[test]
fn outside_the_subset_is_declined() {
    let head = "[set]\nid = \"a\"\ntitle = \"t\"\nyear = 2022\nlevel = \"x\"\nlanguage = \"vi\"\ntotal = 1\n";
    assert_eq!(compare(head), Some(true));
    for extra in [
        "due = 2021-12-25\n",
        "x = 1\n",
        "id = \"again\"\n",
        "title_en = \"\"\"multi\"\"\"\n",
        "a.b = 1\n",
        "\"quoted\" = 1\n",
        "total2 = inf\n",
        "[set.rounding]\nplaces = 0x10\n",
        "[set.rounding]\nplaces = 01\n",
        "[set.rounding]\nplaces = 1e400\n",
        "[set.rounding]\nplaces = 1__0\n",
        "[set.rounding]\nplaces = 9223372036854775808\n",
        "[set.policy]\nnot_applicable = \"\\e\"\n",
        "[set]\n",
        "[a.b.c]\n",
        "[[set]]\n",
        "\r",
        "title_en = \"a\u{1}\"\n",
    ] {
        let text = format!("{head}{extra}");
        assert_eq!(from_str::<RawFile>(&text).map(|_| ()), None, "{text}");
        compare(&text);
    }
}

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(options).prop_map(String::from)
}

fn ws() -> impl Strategy<Value = String> {
    pick(&["", "", " ", "  ", "\t"])
}

fn comment() -> impl Strategy<Value = String> {
    pick(&["", "", "", " # note", "\t# ghi chú ✓", "#", " #\"[]{}=#"])
}

fn text_value() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => pick(&[
            "a", "Tiêu chí", "1.1", " ", "\\n", "\\t", "\\\"", "\\\\", "\\u00e9", "\\U0001F600", "%", "#", "'", "[0%, 90%)", "\u{80}",
            "\t", "∑", "",
        ]),
        1 => pick(&["\\uD800", "\\e", "\\x41", "\u{7f}", "\\", "\\u12"]),
    ];
    let basic = proptest::collection::vec(piece, 0..4).prop_map(|p| format!("\"{}\"", p.concat()));
    let literal = pick(&["'a'", "''", "'C:\\dir'", "'Tiêu \"x\"'", "\"\"", "'''m'''", "\"\"\"m\"\"\""]);
    prop_oneof![6 => basic, 1 => literal]
}

fn number_value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => pick(&["0", "1", "2", "0.25", "1_000", "-3", "+1.5e2", "1e3", "1E-2", "-0", "+0.0", "0.5", "99", "0e5", "-9223372036854775808"]),
        1 => pick(&[
            "01", "1__0", "1_", "0x1F", "0o7", "0b1", "inf", "-nan", "3.", ".5", "1e400", "9223372036854775808", "2021-12-25",
            "1.5.3", "1e_5", "12:30:00",
        ]),
    ]
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![3 => text_value(), 3 => number_value(), 1 => pick(&["true", "false", "True", "truex"])]
}

fn array(inner: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (
        proptest::collection::vec((inner, pick(&[", ", ",", ",\n  ", ", # c\n", " ,\r\n"])), 0..4),
        pick(&["", ",", ",\n", "\n"]),
    )
        .prop_map(|(items, tail)| {
            let n = items.len();
            let mut out = String::from("[");
            for (i, (item, sep)) in items.into_iter().enumerate() {
                out.push_str(&item);
                if i + 1 < n {
                    out.push_str(&sep);
                }
            }
            if n > 0 {
                out.push_str(&tail);
            }
            out.push(']');
            out
        })
}

fn inline_table(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    let entry = proptest::sample::select(keys).prop_flat_map(|k| (Just(k), value_for(k), ws()));
    proptest::collection::vec(entry, 0..4).prop_map(|entries| {
        let body: Vec<String> = entries.into_iter().map(|(k, v, w)| format!("{k}{w}={w}{v}")).collect();
        format!("{{ {} }}", body.join(", "))
    })
}

const RULE_KEYS: &[&str] = &[
    "kind",
    "kind",
    "kind",
    "when_undefined",
    "expr",
    "due",
    "cap",
    "per_item",
    "scale",
    "on_time",
    "late",
    "bogus",
];
const NODE_KEYS: &[&str] = &[
    "title_en",
    "deadline",
    "note",
    "document_required",
    "may_be_not_applicable",
    "lead",
    "cooperating",
    "titel",
];

fn value_for(key: &'static str) -> BoxedStrategy<String> {
    match key {
        "lead" | "cooperating" => array(text_value()).boxed(),
        "document_required" | "may_be_not_applicable" => pick(&["true", "false", "1"]).boxed(),
        "rule" => {
            let tier = prop_oneof![
                4 => (text_value(), number_value()).prop_map(|(w, p)| format!("{{ when = {w}, points = {p} }}")),
                1 => inline_table(&["when", "points", "points"]),
            ];
            prop_oneof![
                2 => inline_table(RULE_KEYS),
                1 => array(tier).prop_map(|t| format!("{{ kind = \"tiers\", tiers = {t} }}")),
            ]
            .boxed()
        }
        "max" | "total" | "year" | "points" | "when_undefined" | "cap" | "per_item" | "scale" | "on_time" | "late" | "due" => {
            prop_oneof![8 => number_value(), 2 => text_value(), 1 => pick(&["true", "[1]", "{}"])].boxed()
        }
        _ => prop_oneof![6 => text_value(), 1 => scalar()].boxed(),
    }
}

/// A `key = value` line with random spacing and comment.
fn line(key: &'static str) -> impl Strategy<Value = String> {
    (ws(), ws(), ws(), value_for(key), comment()).prop_map(move |(a, b, c, v, note)| format!("{a}{key}{b}={c}{v}{note}\n"))
}

fn lines(keys: &'static [&'static str]) -> BoxedStrategy<String> {
    let strategies: Vec<BoxedStrategy<String>> = keys.iter().map(|k| line(k).boxed()).collect();
    strategies
        .into_iter()
        .fold(Just(String::new()).boxed(), |acc, s| (acc, s).prop_map(|(a, b)| a + &b).boxed())
}

fn node() -> impl Strategy<Value = String> {
    (
        pick(&[
            "[[node]]",
            "[[node]]",
            "[[node]]",
            "[[node]]",
            "[[ node ]]",
            "[node]",
            "[[node]] # n",
        ]),
        lines(&["code", "title", "max"]),
        proptest::collection::vec(proptest::sample::select(NODE_KEYS).prop_flat_map(line), 0..3),
        prop_oneof![
            2 => line("rule"),
            1 => (proptest::collection::vec(proptest::sample::select(RULE_KEYS).prop_flat_map(line), 1..3))
                .prop_map(|l| format!("[node.rule]\n{}", l.concat())),
            1 => Just(String::new()),
        ],
        pick(&["\n", "", "\n# end\n", "\n\n"]),
    )
        .prop_map(|(header, required, optional, rule, gap)| format!("{header}\n{required}{}{rule}{gap}", optional.concat()))
}

fn document() -> impl Strategy<Value = String> {
    (
        pick(&["", "# criteria\n", "\n"]),
        lines(&["id", "title", "year", "level", "language", "total"]),
        pick(&[
            "",
            "",
            "[set.rounding]\nplaces = 2\n",
            "[set.policy]\nnot_applicable = \"full-marks\"\n",
            "rounds = [\"self\"]\n",
        ]),
        proptest::collection::vec(node(), 0..4),
        pick(&[
            "",
            "[[agency]]\nid = \"vp\"\nname = \"Văn phòng\"\n",
            "[[band]]\nmin = \"50%\"\nvi = \"Đạt\"\nen = \"Pass\"\n",
        ]),
    )
        .prop_map(|(top, set, extra, nodes, tail)| format!("{top}[set]\n{set}{extra}\n{}{tail}", nodes.concat()))
}

/// A small edit that often breaks the syntax.
fn mutate(text: &str, at: usize, what: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return text.to_string();
    }
    let at = at % chars.len();
    const INSERTS: [&str; 12] = ["\"", "=", "[", "]", "{", "}", ",", "#", "\\", "'", "\r", "."];
    let mut out: String = chars[..at].iter().collect();
    match what % 3 {
        0 => {}
        1 => out.push_str(INSERTS[what / 3 % INSERTS.len()]),
        _ => {
            out.push_str(INSERTS[what / 3 % INSERTS.len()]);
            out.push(chars[at]);
        }
    }
    out.extend(&chars[at + 1..]);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_read_the_same(doc in document(), crlf in any::<bool>(), edit in proptest::option::weighted(0.3, (any::<usize>(), any::<usize>()))) {
        let mut doc = if crlf { doc.replace('\n', "\r\n") } else { doc };
        if let Some((at, what)) = edit {
            doc = mutate(&doc, at, what);
        }
        compare(&doc);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = from_str::<RawFile>(&text);
    }

    #[test]
    fn toml_like_noise_never_panics_and_reads_the_same(text in "[\\[\\]{}=,.#\"'\\\\ \t\r\nabsetidx0-9_+eE:-]{0,120}") {
        let text = format!("[set]\n{text}");
        compare(&text);
    }
}

/// The generator does make texts the fast reader reads (the property above is not empty).
#[test]
fn generated_documents_are_often_read() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = document();
    let mut read = 0;
    for _ in 0..300 {
        let doc = strategy.new_tree(&mut runner).unwrap().current();
        if compare(&doc).is_some() {
            read += 1;
        }
    }
    assert!(read >= 15, "only {read} of 300 generated documents read");
}
