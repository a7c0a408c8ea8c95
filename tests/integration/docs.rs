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
fn provincial_shapes_example_in_the_format_doc_scores() {
    let doc = std::fs::read_to_string(root().join("docs/criteria-format.md")).unwrap();
    let heading = "### Example: shapes from provincial tables";
    let dir = Dir::new();
    let c = dir.file("c.toml", &block_after(&doc, heading, "toml"));
    let csv = block_after(&doc, heading, "csv");
    let e = dir.file("e.csv", &csv);
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let points = |code: &str| v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == code).unwrap()["awarded"].clone();
    // As the text under the example says.
    assert_eq!(points("1.1"), "0.5");
    assert_eq!(points("1.2"), "0.625");
    assert_eq!(points("2"), "0.5");
    assert_eq!(v["total"]["awarded"], "1.625");
    assert!(doc.contains("1.625 of 3"));
    let (code, out, _) = run(&["--lang", "en", "check", "-c", &c, "-e", &e, "--deny", "warnings"]);
    assert_eq!(code, 0, "{out}");
    // "A `2` for an item, or a date for 1.1, is refused."
    let two = dir.file("two.csv", &csv.replace("2,truyen-thong,không,", "2,truyen-thong,2,"));
    let (code, out, _) = run(&["--lang", "en", "check", "-c", &c, "-e", &two]);
    assert_eq!(code, 1);
    assert!(out.contains("error[invalid-value]: 2: `2` is not yes/no"), "{out}");
    let date = dir.file("date.csv", &csv.replace("không kịp thời", "20/01/2022"));
    let (code, out, _) = run(&["--lang", "en", "check", "-c", &c, "-e", &date]);
    assert_eq!(code, 1);
    assert!(out.contains("`20/01/2022` is a date, but the rule has no due date"), "{out}");
}

#[test]
fn rounds_example_in_the_format_doc_scores_as_stated() {
    let doc = std::fs::read_to_string(root().join("docs/criteria-format.md")).unwrap();
    let dir = Dir::new();
    let set = block_after(&doc, "## A complete example", "toml").replacen(
        "total = 10",
        "rounds = [\"self\", \"explanation\", \"appraisal-1\", \"appraisal-2\"]\ntotal = 10",
        1,
    );
    let c = dir.file("c.toml", &set);
    let e = dir.file("e.csv", &block_after(&doc, "## Rounds and explanations", "csv"));
    for (round, total) in [
        ("self", "8.26"),
        ("explanation", "8.26"),
        ("appraisal-1", "6.26"),
        ("appraisal-2", "6.26"),
    ] {
        let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--round", round, "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["total"]["awarded"], total, "{round}");
        let n = v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == "1.2").unwrap();
        let listed = if round == "self" {
            serde_json::json!([])
        } else {
            serde_json::json!([{
                "round": "explanation",
                "text": "18 hồ sơ trễ hạn do lỗi phần mềm liên thông",
                "document": "Công văn 12/UBND"
            }])
        };
        assert_eq!(n["explanations"], listed, "{round}");
    }
    let (code, out, err) = run(&["compare", "--stages", "-c", &c, "-e", &e, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{out}");
    assert_eq!(changes[0]["code"], "1.2");
    assert_eq!(
        (changes[0]["from_points"].as_str(), changes[0]["to_points"].as_str()),
        (Some("4"), Some("2"))
    );
    assert_eq!(changes[0]["change"], "-2");
    assert_eq!(
        changes[0]["explanations"][0],
        "18 hồ sơ trễ hạn do lỗi phần mềm liên thông (Công văn 12/UBND)"
    );
    // An explanation given in the `from` round is listed too.
    let (code, out, err) = run(&[
        "compare",
        "--stages",
        "-c",
        &c,
        "-e",
        &e,
        "--from",
        "explanation",
        "--to",
        "appraisal-1",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["changes"][0]["code"], "1.2");
    assert_eq!(
        v["changes"][0]["explanations"][0],
        "18 hồ sơ trễ hạn do lỗi phần mềm liên thông (Công văn 12/UBND)"
    );
}

#[test]
fn the_proportional_reason_of_a_fraction_is_as_the_format_doc_says() {
    let doc = std::fs::read_to_string(root().join("docs/criteria-format.md")).unwrap();
    let from = doc.find("`tỷ lệ 66,67% (2/3)").expect("the sentence");
    let quoted: String = doc[from + 1..]
        .split('`')
        .next()
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let dir = Dir::new();
    let c = dir.file("c.toml", &super::support::small_criteria(""));
    let e = dir.file("e.csv", "criterion,value\n1.1,có\n1.2,95%\n2,2/3\n");
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--format", "csv", "--lang", "vi"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&quoted), "{quoted} not in\n{out}");
    assert!(out.contains(",2.667,1.333,"), "{out}");
}

#[test]
fn readme_round_comparison_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.contains("compare --stages -c examples/rounds-2022"))
        .expect("the README shows the four-round example");
    let start = line.find("parcalc compare").unwrap() + "parcalc ".len();
    let command = line[start..].trim_end_matches(['`', '.']);
    let args: Vec<String> = command
        .split_whitespace()
        .map(|a| {
            if a.starts_with("examples/") {
                root().join(a).to_string_lossy().into_owned()
            } else {
                a.to_string()
            }
        })
        .collect();
    let (code, out, err) = super::support::run_owned(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Tiêu chí thay đổi điểm từ tự đánh giá đến thẩm định lần 2\n"),
        "{out}"
    );
    assert!(out.contains("Điểm bị trừ theo cơ quan: tự đánh giá → thẩm định lần 2"), "{out}");
}

#[test]
fn survey_example_in_the_format_doc_scores_as_stated() {
    let doc = std::fs::read_to_string(root().join("docs/criteria-format.md")).unwrap();
    let dir = Dir::new();
    let c = dir.file("khao-sat.toml", &block_after(&doc, "### Survey example", "toml"));
    let a = dir.file("tra-loi.csv", &block_after(&doc, "### Survey example", "csv"));
    let e = dir.file("so-lieu.csv", "criterion,value\n");
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--answers", &a, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let node = |code: &str| v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == code).unwrap().clone();
    assert_eq!(node("1.1")["awarded"], "3.8");
    assert_eq!(node("1.1")["reason"], "2 phiếu: trung bình ≈ 63,3333% × 6 = 3,8");
    assert_eq!(node("1.2")["awarded"], "2.667");
    assert_eq!(v["total"]["awarded"], "6.467");
    let (code, out, err) = run(&["survey", "-c", &c, "--answers", &a, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let groups = &v["surveys"][0]["groups"];
    assert_eq!(
        (groups[0]["group"].as_str(), groups[0]["lost"].as_str()),
        (Some("Phòng"), Some("1.8"))
    );
    assert_eq!((groups[1]["group"].as_str(), groups[1]["lost"].as_str()), (Some("Xã"), Some("0.4")));
    assert_eq!(v["surveys"][0]["lost"], "2.2");
    assert!(doc.contains("2 phiếu: trung bình\n≈ 63,3333% × 6 = 3,8"));
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

/// The fenced `sh` blocks of a README section (from its heading to the next `## `).
fn sh_blocks(text: &str, heading: &str) -> Vec<String> {
    let from = text.find(&format!("\n{heading}\n")).expect("heading");
    let rest = &text[from + heading.len() + 2..];
    let section = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    section
        .split("```sh\n")
        .skip(1)
        .map(|b| b[..b.find("```").expect("end of block")].to_string())
        .collect()
}

#[test]
fn the_two_commands_are_the_first_a_newcomer_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert_eq!(
        sh_blocks(&readme, "## The two commands"),
        [
            "cargo run --release -- score --criteria criteria/dak-nong-district-2022.toml --evidence examples/dak-nong-2022/*.csv\n",
            "cargo test\n",
        ]
    );
    // The install step comes first and uses the lock file.
    assert!(readme.find("## Install").unwrap() < readme.find("## The two commands").unwrap());
    assert_eq!(sh_blocks(&readme, "## Install"), ["cargo install --locked --path .\n"]);
    assert!(!readme.contains("cargo install --path"), "every install uses --locked");
}

#[test]
fn readme_states_the_minimum_rust_version_of_cargo_toml() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let ours = super::msrv::rust_version();
    assert!(
        readme.contains(&format!("Rust {ours} or newer (the minimum supported Rust version")),
        "README must state {ours}"
    );
    // No other version is claimed anywhere in the README.
    for (i, _) in readme.match_indices(" or newer") {
        let before = &readme[..i];
        let claimed = before.rsplit(' ').next().unwrap();
        assert!(
            !claimed.starts_with("1.") || claimed == ours,
            "README claims Rust {claimed}; Cargo.toml says {ours}"
        );
    }
}

/// The quick start shipped in the Windows zip.
fn huong_dan() -> String {
    std::fs::read_to_string(root().join("docs/HUONG-DAN.txt")).unwrap()
}

/// The commands of HUONG-DAN.txt as cmd or PowerShell users type them (`.\parcalc …`).
fn huong_dan_commands() -> Vec<Vec<String>> {
    huong_dan()
        .lines()
        .filter_map(|l| l.strip_prefix(".\\parcalc "))
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn the_vietnamese_quick_start_commands_work() {
    let commands = huong_dan_commands();
    let first: Vec<&str> = commands.iter().map(|c| c[0].as_str()).collect();
    assert_eq!(first, ["score", "score", "plan", "template", "check", "score", "--lang", "--lang"]);
    // Run from the unpacked folder, in the order given; on Linux `\` is `/`.
    let dir = Dir::new();
    copy_tree(&root().join("criteria"), &dir.path().join("criteria"));
    copy_tree(&root().join("examples/dak-nong-2022"), &dir.path().join("examples/dak-nong-2022"));
    let mut outputs = Vec::new();
    for command in &commands {
        for arg in command {
            assert!(!arg.contains('/'), "Windows paths use \\: {arg}");
        }
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_parcalc"))
            .args(command.iter().map(|a| a.replace('\\', "/")))
            .env_remove("PARCALC_LANG")
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{command:?}: {}", String::from_utf8_lossy(&o.stderr));
        outputs.push(String::from_utf8(o.stdout).unwrap());
    }
    // What the text says each command gives.
    assert!(outputs[0].contains("Tổng điểm: 71,79 / 100"), "{}", outputs[0]);
    let text = huong_dan();
    assert!(text.contains("tổng điểm (71,79 / 100)"));
    for written in ["bao-cao.html", "ke-hoach.xlsx", "so-lieu.xlsx"] {
        assert!(dir.path().join(written).is_file(), "{written}");
        assert!(text.contains(&format!("-o {written}")), "{written}");
    }
    assert!(
        std::fs::read_to_string(dir.path().join("bao-cao.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    // The template is checked before it is filled in: no error, but every row left empty
    // is a `no-evidence` warning at its cell.
    assert!(outputs[4].contains(" 0 lỗi, "), "{}", outputs[4]);
    assert!(
        outputs[4].contains("warning[no-evidence]: tiêu chí 1.1.1 có dòng ở so-lieu.xlsx › Số liệu › dòng 2 nhưng ô giá trị để trống"),
        "{}",
        outputs[4]
    );
    assert!(text.contains("cảnh báo (no-evidence) từng dòng chưa điền giá trị"));
    assert!(text.contains("--lang en"));
    assert!(
        text.contains("parcalc-{VERSION}-windows-x86_64.zip"),
        "scripts/release fills in the version"
    );
}

#[test]
fn readme_windows_section_matches_the_scripts() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert_eq!(
        sh_blocks(&readme, "## Windows"),
        [
            "rustup target add x86_64-pc-windows-gnu\nsudo apt-get install gcc-mingw-w64-x86-64 wine64\nscripts/release\nscripts/wine-test dist/parcalc-*-windows-x86_64.zip\n"
        ]
    );
    // CI builds the zip and tests it under Wine.
    assert!(ci.contains("\nscripts/release\n"));
    assert!(ci.contains("\nscripts/wine-test \"dist/parcalc-"));
    let release = std::fs::read_to_string(root().join("scripts/release")).unwrap();
    for shipped in ["parcalc.exe", "criteria/", "examples/", "HUONG-DAN.txt", "LICENSE"] {
        assert!(release.contains(shipped), "{shipped}");
    }
    let licence = std::fs::read_to_string(root().join("LICENSE")).unwrap();
    assert!(licence.starts_with("MIT License\n\nCopyright (c) "));
    assert!(licence.contains(" parcalc contributors\n"));
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\nlicense = \"MIT\"\n"));
    let ignored = std::fs::read_to_string(root().join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "/dist"), "dist/ is git-ignored");
}

#[test]
fn survey_group_column_example_in_the_format_doc_runs_as_stated() {
    let doc = std::fs::read_to_string(root().join("docs/criteria-format.md")).unwrap();
    let dir = Dir::new();
    let toml = block_after(&doc, "### Survey example", "toml").replacen(
        "id = \"lanh-dao\"\n",
        "id = \"lanh-dao\"\ngroup_column = \"Đối tượng khảo sát\"\n",
        1,
    );
    let c = dir.file("khao-sat.toml", &toml);
    let a = dir.file("tra-loi.csv", &block_after(&doc, "### Group columns", "csv"));
    let (code, out, err) = run(&["survey", "-c", &c, "--answers", &a, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["surveys"][0]["points"], "3.8");
    assert_eq!(v["surveys"][1]["points"], "2.667");
    let groups = |i: usize| -> Vec<(String, String)> {
        v["surveys"][i]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["group"].as_str().unwrap().into(), g["lost"].as_str().unwrap().into()))
            .collect()
    };
    assert_eq!(
        groups(0),
        [("Trưởng thôn".into(), "1.8".into()), ("Lãnh đạo xã".into(), "0.4".into())]
    );
    assert_eq!(groups(1)[0].0, "Đất đai");
    assert!(doc.contains("`parcalc survey` ranks Trưởng thôn first for\n1.1 (1.8 of the 2.2 points lost), then Lãnh đạo xã (0.4)"));
    // Without the declared column, answers to `lanh-dao` are refused at the header.
    let plain = dir.file("tron.csv", &block_after(&doc, "### Survey example", "csv"));
    let (code, _, err) = run(&["--lang", "en", "survey", "-c", &c, "--answers", &plain]);
    assert_eq!(code, 2);
    assert!(err.contains("error[missing-column]: no group column `Đối tượng khảo sát`"), "{err}");
}

/// The README's what-if example on a checklist item gives the figures it states.
#[test]
fn readme_what_if_on_a_checklist_item() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("--set \"4.2:Website, social network=không\"` replaces the row that named it `Trang thông tin điện tử, mạng xã hội`: 4.2 goes from 0,5 to 0,25"),
        "README lost the example"
    );
    let c = root().join("criteria/provincial-excerpts-2022.toml").to_string_lossy().into_owned();
    let e = root().join("examples/provincial-excerpts").to_string_lossy().into_owned();
    let (code, out, err) = run(&[
        "score",
        "-c",
        &c,
        "-e",
        &e,
        "--set",
        "4.2:Website, social network=không",
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let node = v["nodes"].as_array().unwrap().iter().find(|n| n["code"] == "4.2").unwrap();
    assert_eq!(node["awarded"], "0.25");
    assert!(
        node["reason"]
            .as_str()
            .unwrap()
            .starts_with("what-if value (--set 4.2:Website, social network=không): ")
    );
    assert_eq!(v["what_if"]["changes"][0]["before"], "0.5");
}
