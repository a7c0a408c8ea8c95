//! The documentation's examples are real: the complete example in docs/criteria-format.md
//! scores as stated, the README's commands are the ones CI runs, and its sample outputs are
//! what parcalc prints.

use super::support::{Dir, root, run};

fn block_after(text: &str, heading: &str, lang: &str) -> String {
    let from = text.find(heading).expect("heading");
    let rest = &text[from..];
    let start = rest.find(&format!("```{lang}\n")).expect("block") + lang.len() + 4;
    let end = rest[start..].find("```").expect("end of block");
    rest[start..start + end].to_string()
}

#[test]
fn complete_example_in_the_format_doc_scores() {
    let doc = std::fs::read_to_string(root().join("docs/criteria-format.md")).unwrap();
    let dir = Dir::new();
    let c = dir.file("c.toml", &block_after(&doc, "## A complete example", "toml"));
    let e = dir.file("e.csv", &block_after(&doc, "## A complete example", "csv"));
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // 1.1 late → 1 of 2; 1.2 412/430 = 95.8% → 4; 2: 81.5/100 × 4 = 3.26.
    assert_eq!(v["total"]["awarded"], "8.26");
    assert_eq!(v["total"]["band"]["vi"], "Tốt");
}

#[test]
fn readme_commands_are_the_ones_ci_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(readme.contains("cargo test\n"));
    // CI runs the same command, in a session of its own.
    assert!(ci.contains("\nsetsid cargo test &\n"));
    let main = "score --criteria criteria/dak-nong-district-2022.toml --evidence examples/dak-nong-2022/*.csv";
    assert!(readme.contains(main));
    assert!(ci.contains(main));
}

/// The parts of a README sample between `…` lines, each found in `output` in order.
fn assert_sample(name: &str, sample: &str, output: &str) {
    let mut from = 0;
    for chunk in sample.split("…\n").filter(|c| !c.is_empty()) {
        match output[from..].find(chunk) {
            Some(at) => from += at + chunk.len(),
            None => panic!("the README's {name} sample is not what parcalc prints; this part:\n{chunk}\nis not in:\n{output}"),
        }
    }
}

fn reference_run(command: &str, extra: &[&str]) -> String {
    let mut args = super::support::reference_args(extra);
    args[0] = command.to_string();
    let (code, out, err) = super::support::run_owned(&args);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn readme_samples_are_what_parcalc_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let path = |p: &str| root().join(p).to_string_lossy().into_owned();
    // The score report in an 80-column terminal: its first lines, then its last.
    let report = reference_run("score", &["--width", "80"]);
    let first = block_after(&readme, "## Sample output", "text");
    assert!(report.starts_with(first.split("…\n").next().unwrap()), "{report}");
    assert_sample("first score", &first, &report);
    let rest = block_after(&readme, "closes with the summary again:", "text");
    assert!(report.ends_with(rest.rsplit("…\n").next().unwrap()), "{report}");
    assert_sample("second score", &rest, &report);
    // rank, compare and plan as a pipe or a file has them.
    let (code, rank, _) = run(&[
        "rank",
        "-c",
        &path(super::support::CRITERIA),
        "-e",
        &path("examples/districts-2022/evidence.csv"),
    ]);
    assert_eq!(code, 0);
    assert_sample("rank", &block_after(&readme, "documented in `src/rank.rs`", "text"), &rank);
    assert_sample(
        "plan",
        &block_after(&readme, "-o plan.xlsx\n```", "text"),
        &reference_run("plan", &[]),
    );
    let dir = Dir::new();
    let a = dir.path().join("2022.json").to_string_lossy().into_owned();
    let b = dir.path().join("2023.json").to_string_lossy().into_owned();
    reference_run("score", &["-o", &a]);
    let mut later = vec![
        "score".to_string(),
        "-c".into(),
        path("criteria/dak-nong-district-2023.toml"),
        "-e".into(),
    ];
    let mut files: Vec<String> = std::fs::read_dir(root().join("examples/dak-nong-2023"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".csv"))
        .collect();
    files.sort();
    later.extend(files);
    later.extend(["-o".to_string(), b.clone()]);
    assert_eq!(super::support::run_owned(&later).0, 0);
    let (code, compare, err) = run(&["compare", &a, &b, "--map", &path("criteria/codes-2022-2023.csv"), "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert_sample(
        "compare",
        &block_after(&readme, "parcalc compare 2022.json 2023.json", "text"),
        &compare,
    );
}
