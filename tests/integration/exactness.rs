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

/// A set with one formula leaf worth `max`, rounded to `places` with `strategy`.
fn formula_set(expr: &str, max: &str, places: u32, strategy: &str) -> String {
    format!(
        r#"[set]
id = "exact"
title = "Exact"
year = 2022
level = "province"
language = "en"
total = {max}

[set.rounding]
places = {places}
strategy = "{strategy}"

[[node]]
code = "1"
title = "A"
max = {max}
rule = {{ kind = "formula", expr = "{expr}", when_undefined = 0 }}
"#
    )
}

#[test]
fn formula_divides_and_multiplies_back_exactly() {
    // Decimal arithmetic made this 3.9999999999999999999999999999, rounded down to 3.99.
    for expr in ["a / 3 * 3", "(a / 3) * 3", "a * 3 / 3", "a / 7 * 7"] {
        let v = score(&formula_set(expr, "10", 2, "down"), "criterion,item,value\n1,a,4\n");
        assert_eq!(v["nodes"][0]["awarded"], "4", "{expr}");
        assert_eq!(v["total"]["awarded"], "4", "{expr}");
        assert_eq!(
            v["nodes"][0]["reason"],
            format!("{} with a = 4 → 4 of 10", expr.replace('*', "×")),
            "{expr}"
        );
    }
}

#[test]
fn formula_midpoint_rounds_from_the_exact_value() {
    // 1/12 + 1/24 = 0.125 exactly (Decimal: 0.1249999…, which rounds half-up to 0.12).
    let rows = "criterion,item,value\n1,a,12\n1,b,1\n1,c,1\n";
    let v = score(&formula_set("b / a + c / a / 2", "1", 2, "half-up"), rows);
    assert_eq!(v["nodes"][0]["awarded"], "0.13");
    assert_eq!(v["nodes"][0]["lost"], "0.87");
    let v = score(&formula_set("b / a + c / a / 2", "1", 2, "half-even"), rows);
    assert_eq!(v["nodes"][0]["awarded"], "0.12");
    // 5/12 + 5/24 = 0.625 exactly (Decimal: 0.6250…01, which rounds half-even to 0.63).
    let rows = "criterion,item,value\n1,a,12\n1,b,5\n1,c,5\n";
    let v = score(&formula_set("b / a + c / a / 2", "1", 2, "half-even"), rows);
    assert_eq!(v["nodes"][0]["awarded"], "0.62");
    assert_eq!(
        v["nodes"][0]["reason"],
        "b / a + c / a / 2 with b = 5, a = 12, c = 5 ≈ 0.62 (rounded half-even, 2 decimal places) → 0.62 of 1"
    );
}

#[test]
fn formula_beyond_exact_range_is_a_located_error() {
    let dir = Dir::new();
    let c = dir.file("c.toml", &formula_set("a * b * c", "1", 3, "half-up"));
    let big = "999999999999999999";
    let e = dir.file("e.csv", &format!("criterion,item,value\n1,a,{big}\n1,b,{big}\n1,c,{big}\n"));
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(&format!(
            "error[invalid-value]: 1: `a * b * c` is too large to compute exactly (a = {big}, b = {big}, c = {big})"
        )),
        "{err}"
    );
    assert!(err.contains("e.csv:2:"), "{err}");
    // Products that a Decimal could not hold but the fraction can are scored exactly.
    let e = dir.file("e.csv", &format!("criterion,item,value\n1,a,{big}\n1,b,{big}\n1,c,{big}\n"));
    let c = dir.file("c.toml", &formula_set("a * b / c / a", "1", 3, "half-up"));
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["nodes"][0]["awarded"], "1");
}
