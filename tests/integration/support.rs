//! Shared helpers: run parcalc in-process or as a process, and temporary input files.

use std::path::{Path, PathBuf};

pub const CRITERIA: &str = "criteria/dak-nong-district-2022.toml";

/// The reference evidence files, in a fixed order.
pub fn evidence() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("examples/dak-nong-2022"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the CLI in-process, with none of parcalc's variables set whatever the developer's
/// shell has (`PARCALC_LANG=en` must not change a test): (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = std::iter::once("parcalc").chain(args.iter().copied()).map(Into::into);
    let code = parcalc::cli::run_in(argv, &mut out, &mut err, parcalc::cli::Terminal::default());
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

/// Runs the real binary: (exit code, stdout, stderr).
pub fn bin(args: &[&str]) -> (i32, String, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_parcalc"))
        .args(args)
        .current_dir(root())
        .env_remove("PARCALC_LANG")
        .env_remove("PARCALC_COLOR")
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `score` arguments for the reference case plus `extra`.
pub fn reference_args(extra: &[&str]) -> Vec<String> {
    let mut v = vec![
        "score".to_string(),
        "--criteria".into(),
        root().join(CRITERIA).to_string_lossy().into_owned(),
        "--evidence".into(),
    ];
    v.extend(evidence());
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

pub fn run_owned(args: &[String]) -> (i32, String, String) {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&refs)
}

/// A temporary directory with files written into it.
pub struct Dir(pub tempfile::TempDir);

impl Dir {
    pub fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }

    pub fn file(&self, name: &str, text: &str) -> String {
        let p = self.0.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }

    pub fn bytes(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.0.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// A small criteria set used by several tests; `extra` is appended.
pub fn small_criteria(extra: &str) -> String {
    format!(
        r#"[set]
id = "small"
title = "Small set"
year = 2022
level = "commune"
language = "en"
total = 10

[[band]]
min = "80%"
vi = "Tốt"
en = "Good"

[[band]]
min = "0%"
vi = "Yếu"
en = "Weak"

[[agency]]
id = "a"
name = "Agency A"

[[agency]]
id = "b"
name = "Agency B"

[[node]]
code = "1"
title = "Area one"
max = 6
lead = ["a"]

[[node]]
code = "1.1"
title = "Plan issued"
max = 2
rule = {{ kind = "binary" }}

[[node]]
code = "1.2"
title = "On-time rate"
max = 4
may_be_not_applicable = true
rule = {{ kind = "tiers", tiers = [{{ when = "[90%, 100%]", points = 4 }}, {{ when = "[0%, 90%)", points = 1 }}] }}

[[node]]
code = "2"
title = "Area two"
max = 4
lead = ["b"]
rule = {{ kind = "proportional" }}
{extra}"#
    )
}
