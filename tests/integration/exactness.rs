//! Exactness: numbers pass through TOML and CSV unchanged; no float anywhere.

use super::support::{Dir, run};

fn criteria(max_a: &str, max_b: &str, total: &str) -> String {
    format!(
        r#"[set]
id = "exact"
title = "Exact"
year = 2022
level = "province"
language = "en"
total = {total}

[set.rounding]
places = 7

[[node]]
code = "1"
title = "A"
max = {max_a}
rule = {{ kind = "survey" }}

[[node]]
code = "2"
title = "B"
max = {max_b}
rule = {{ kind = "survey" }}
"#
    )
}

fn score(criteria: &str, evidence: &str) -> serde_json::Value {
    let dir = Dir::new();
    let c = dir.file("c.toml", criteria);
    let e = dir.file("e.csv", evidence);
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn point_one_plus_point_two() {
    let v = score(&criteria("0.1", "0.2", "0.3"), "criterion,value\n1,0.1\n2,\"0,2\"\n");
    assert_eq!(v["total"]["max"], "0.3");
    assert_eq!(v["total"]["awarded"], "0.3");
    assert_eq!(v["total"]["lost"], "0");
}

#[test]
fn values_survive_toml_and_csv_unchanged() {
    let v = score(
        &criteria("4.855", "1234567.1234567", "1234571.9784567"),
        // A Vietnamese file: `1.234.567,1234567` settles that `4,855` is four point eight.
        "criterion,value\n1,\"4,855\"\n2,\"1.234.567,1234567\"\n",
    );
    assert_eq!(v["nodes"][0]["max"], "4.855");
    assert_eq!(v["nodes"][0]["awarded"], "4.855");
    assert_eq!(v["nodes"][1]["max"], "1234567.1234567");
    assert_eq!(v["nodes"][1]["awarded"], "1234567.1234567");
    assert_eq!(v["total"]["awarded"], "1234571.9784567");
}

#[test]
fn float_literal_that_f64_would_change() {
    // 0.1 + 0.7 is 0.7999999999999999 in f64.
    let v = score(&criteria("0.1", "0.7", "0.8"), "criterion,value\n1,0.1\n2,0.7\n");
    assert_eq!(v["total"]["awarded"], "0.8");
}
