//! The minimum supported Rust version is a checked claim, not a wish: the README states
//! `rust-version` from Cargo.toml, no dependency in Cargo.lock needs a newer Rust, and
//! clippy's `incompatible_msrv` lint, which reads `rust-version` and refuses standard library
//! items stabilised after it, stays on (CI runs clippy with `-D warnings`).

use super::support::root;

/// `rust-version` from Cargo.toml.
pub fn rust_version() -> String {
    let manifest: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    manifest["package"]["rust-version"]
        .as_str()
        .expect("Cargo.toml sets package.rust-version")
        .to_string()
}

/// `1.88` and `1.88.0` are the same version.
fn key(version: &str) -> (u64, u64, u64) {
    let mut parts = version
        .split('.')
        .map(|p| p.parse::<u64>().unwrap_or_else(|_| panic!("version {version:?}")));
    let major = parts.next().unwrap();
    (major, parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn versions_compare_by_number() {
    assert_eq!(key("1.88"), key("1.88.0"));
    assert!(key("1.9") < key("1.88"));
    assert!(key("1.89") > key("1.88.0"));
}

#[test]
fn no_dependency_needs_a_newer_rust_than_ours() {
    let ours = rust_version();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let declared: Vec<(&str, &str, &str)> = packages
        .iter()
        .filter_map(|p| Some((p["name"].as_str()?, p["version"].as_str()?, p["rust_version"].as_str()?)))
        .collect();
    let newer: Vec<String> = declared
        .iter()
        .filter(|(_, _, rv)| key(rv) > key(&ours))
        .map(|(name, version, rv)| format!("{name} {version} needs Rust {rv}"))
        .collect();
    assert!(
        newer.is_empty(),
        "rust-version is {ours}, but {}; raise rust-version (and the README) or pin an older version",
        newer.join(", ")
    );
    // The check has something to check: most of the lock file declares a rust-version, and
    // parcalc itself is one of them.
    assert!(
        declared.len() * 2 > packages.len(),
        "{} of {} packages declare a rust-version",
        declared.len(),
        packages.len()
    );
    assert!(declared.iter().any(|&(name, _, rv)| name == "parcalc" && rv == ours));
}

#[test]
fn the_incompatible_msrv_lint_stays_on() {
    // No allow in the code or the manifest, and no clippy.toml overriding the MSRV it reads.
    for name in ["clippy.toml", ".clippy.toml"] {
        assert!(!root().join(name).exists(), "{name} would override rust-version for clippy");
    }
    let mut files = vec![root().join("Cargo.toml")];
    let mut dirs = vec![
        root().join("src"),
        root().join("tests"),
        root().join("benches"),
        root().join("examples"),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
    }
    let this = root().join("tests/integration/msrv.rs");
    let allowed: Vec<String> = files
        .iter()
        .filter(|p| **p != this)
        .filter(|p| std::fs::read_to_string(p).unwrap().contains("incompatible_msrv"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(allowed.is_empty(), "incompatible_msrv is configured in {allowed:?}");
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(ci.contains("\ncargo clippy --all-targets -- -D warnings\n"));
}
