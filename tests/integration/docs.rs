//! The documentation's examples are real: the complete example in docs/criteria-format.md
//! scores as stated, and the README's commands are the ones CI runs.

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
