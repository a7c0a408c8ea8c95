//! `-o FILE` loses nothing: an input is never overwritten (by any path to it), an extension
//! the command cannot write is refused, `init` and `template` keep existing files, and written
//! files get the mode a user expects (the umask for new files, the old mode for replaced ones).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::support::{Dir, root, run_owned, small_criteria};

const EVIDENCE: &str = "criterion,value,stage\n1.1,yes,self\n1.1,no,appraisal\n1.2,95%,self\n2,50%,self\n";
const UNITS: &str = "unit,criterion,value\nX,1.1,yes\nX,1.2,95%\nX,2,50%\nY,1.1,no\nY,1.2,50%\nY,2,20%\n";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A directory with a criteria set, evidence, a ranking and two score results.
fn inputs() -> Dir {
    let dir = Dir::new();
    let c = dir.file("c.toml", &small_criteria(""));
    let e = dir.file("e.csv", EVIDENCE);
    dir.file("e2.csv", "criterion,value\n1.1,no\n1.2,50%\n2,20%\n");
    dir.file("units.csv", UNITS);
    dir.file("map.csv", "old,new\n1.1,1.1\n");
    let p = dir.path();
    for (stage, name) in [("self", "a.json"), ("appraisal", "b.json")] {
        let out = p.join(name).to_string_lossy().into_owned();
        let (code, _, err) = run_owned(&args(&["score", "-c", &c, "-e", &e, "--stage", stage, "-o", &out]));
        assert_eq!(code, 0, "{err}");
    }
    let prev = p.join("prev.json").to_string_lossy().into_owned();
    let (code, _, err) = run_owned(&args(&[
        "rank",
        "-c",
        &c,
        "-e",
        &p.join("units.csv").to_string_lossy(),
        "-o",
        &prev,
    ]));
    assert_eq!(code, 0, "{err}");
    dir
}

/// Every command that takes `-o`, with the input each one reads, as (arguments, inputs).
fn commands(p: &Path) -> Vec<(Vec<String>, Vec<String>)> {
    let f = |n: &str| p.join(n).to_string_lossy().into_owned();
    let (c, e, u) = (f("c.toml"), f("e.csv"), f("units.csv"));
    vec![
        (args(&["score", "-c", &c, "-e", &e]), vec![c.clone(), e.clone()]),
        (args(&["plan", "-c", &c, "-e", &e]), vec![c.clone(), e.clone()]),
        (
            args(&["rank", "-c", &c, "-e", &u, "--previous", &f("prev.json")]),
            vec![c.clone(), u.clone(), f("prev.json")],
        ),
        (args(&["compare", "--stages", "-c", &c, "-e", &e]), vec![c.clone(), e.clone()]),
        (
            args(&["compare", &f("a.json"), &f("b.json"), "--map", &f("map.csv")]),
            vec![f("a.json"), f("b.json"), f("map.csv")],
        ),
        (
            args(&[
                "compare",
                "--a-criteria",
                &c,
                "--a-evidence",
                &e,
                "--b-criteria",
                &c,
                "--b-evidence",
                &f("e2.csv"),
            ]),
            vec![c.clone(), e.clone(), f("e2.csv")],
        ),
        (args(&["template", "-c", &c, "--force"]), vec![c.clone()]),
    ]
}

#[test]
fn output_onto_an_input_is_refused_for_every_command() {
    let dir = inputs();
    let p = dir.path();
    let mut tried = 0;
    for (cmd, inputs) in commands(p) {
        for input in inputs {
            let before = std::fs::read(&input).unwrap();
            let before_mode = mode(Path::new(&input));
            let name = Path::new(&input).file_name().unwrap().to_string_lossy().into_owned();
            // The same file by its path, by another spelling, by a symlink and by a hard link.
            let sym = p.join(format!("sym-{name}"));
            let hard = p.join(format!("hard-{name}"));
            let _ = std::fs::remove_file(&sym);
            let _ = std::fs::remove_file(&hard);
            std::os::unix::fs::symlink(&input, &sym).unwrap();
            std::fs::hard_link(&input, &hard).unwrap();
            let dotted = p.join("sub").join("..").join(&name);
            std::fs::create_dir_all(p.join("sub")).unwrap();
            for out in [
                input.clone(),
                dotted.to_string_lossy().into_owned(),
                sym.to_string_lossy().into_owned(),
                hard.to_string_lossy().into_owned(),
            ] {
                let mut a = cmd.clone();
                a.extend(["-o".to_string(), out.clone()]);
                // Even when --format says what to write, an input is not a place for it.
                a.extend([
                    "--format".to_string(),
                    if cmd[0] == "template" { "csv" } else { "json" }.to_string(),
                ]);
                let (code, stdout, err) = run_owned(&a);
                tried += 1;
                assert_eq!(code, 2, "{a:?}: {err}");
                assert!(err.contains("error[output-is-input]"), "{a:?}: {err}");
                assert!(stdout.is_empty());
                assert_eq!(std::fs::read(&input).unwrap(), before, "{a:?} changed {input}");
                assert_eq!(mode(Path::new(&input)), before_mode);
                assert!(std::fs::symlink_metadata(&sym).unwrap().file_type().is_symlink(), "the link stays");
            }
        }
    }
    assert_eq!(tried, 4 * 16);
    // Refused before anything is read: a missing input named as the output is not a read error.
    let missing = p.join("missing.csv").to_string_lossy().into_owned();
    let (code, _, err) = run_owned(&args(&[
        "score",
        "-c",
        &p.join("c.toml").to_string_lossy(),
        "-e",
        &missing,
        "-o",
        &missing,
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("error[output-is-input]") && !err.contains("file-read"), "{err}");
    // Nothing was written: no report, no temporary file.
    let mut names: Vec<String> = std::fs::read_dir(p)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("sym-") && !n.starts_with("hard-"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "a.json",
            "b.json",
            "c.toml",
            "e.csv",
            "e2.csv",
            "map.csv",
            "prev.json",
            "sub",
            "units.csv"
        ]
    );
}

#[test]
fn output_next_to_an_input_is_written() {
    let dir = inputs();
    let p = dir.path();
    for (i, (mut cmd, _)) in commands(p).into_iter().enumerate() {
        let out = p.join(format!("report-{i}.csv"));
        cmd.extend(["-o".to_string(), out.to_string_lossy().into_owned()]);
        let (code, _, err) = run_owned(&cmd);
        assert_eq!(code, 0, "{cmd:?}: {err}");
        assert!(out.is_file());
    }
}

#[test]
fn an_extension_the_command_cannot_write_is_refused() {
    let dir = inputs();
    let p = dir.path();
    let f = |n: &str| p.join(n).to_string_lossy().into_owned();
    for (cmd, _) in commands(p) {
        let out = f("report.pdf");
        let mut a = cmd.clone();
        a.extend(["-o".to_string(), out.clone(), "--lang".into(), "en".into()]);
        let (code, _, err) = run_owned(&a);
        assert_eq!(code, 2, "{a:?}");
        assert!(err.contains("error[output-format]"), "{err}");
        assert!(
            err.contains(&format!("`parcalc {}` cannot write `.pdf` files; it writes .", cmd[0])),
            "{err}"
        );
        assert!(!Path::new(&out).exists());
        // --format says what to write, whatever the name.
        a.extend(["--format".to_string(), "csv".to_string()]);
        let (code, _, err) = run_owned(&a);
        assert_eq!(code, 0, "{a:?}: {err}");
        assert!(std::fs::read_to_string(&out).unwrap().contains(','));
        std::fs::remove_file(&out).unwrap();
    }
    let (c, e) = (f("c.toml"), f("e.csv"));
    // score writes no ods; template writes no table; init writes TOML only.
    for a in [
        args(&["score", "-c", &c, "-e", &e, "-o", &f("r.ods")]),
        args(&["template", "-c", &c, "-o", &f("t.txt")]),
        args(&["template", "-c", &c, "-o", &f("t.html")]),
        args(&["init", "-o", &f("criteria.json")]),
    ] {
        let (code, _, err) = run_owned(&a);
        assert_eq!(code, 2, "{a:?}");
        assert!(err.contains("error[output-format]"), "{err}");
    }
    let (_, _, err) = run_owned(&args(&["template", "-c", &c, "-o", &f("t.txt")]));
    assert!(err.contains("it writes .csv, .xlsx"), "{err}");
    assert!(
        err.contains("help: end the -o name with one of these, or say what to write with --format"),
        "{err}"
    );
    // No extension: what the command prints on standard output.
    let (code, _, err) = run_owned(&args(&["plan", "-c", &c, "-e", &e, "-o", &f("plan")]));
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(f("plan")).unwrap().contains("┌"));
    let (code, _, err) = run_owned(&args(&["template", "-c", &c, "-o", &f("template")]));
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(f("template")).unwrap().starts_with("\u{feff}criterion,"));
    let (code, _, err) = run_owned(&args(&["score", "-c", &c, "-e", &e, "-o", &f("score.TXT")]));
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(f("score.TXT"))
            .unwrap()
            .starts_with("Small set (small, 2022)\n")
    );
}

#[test]
fn plan_rank_and_compare_write_html_pages() {
    let dir = inputs();
    let p = dir.path();
    for (i, (mut cmd, _)) in commands(p).into_iter().enumerate().filter(|(_, (c, _))| c[0] != "template") {
        let out = p.join(format!("r{i}.html"));
        cmd.extend(["-o".to_string(), out.to_string_lossy().into_owned()]);
        let (code, _, err) = run_owned(&cmd);
        assert_eq!(code, 0, "{cmd:?}: {err}");
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>\n"), "{cmd:?}: {html}");
        assert!(html.contains("<table>") && html.ends_with("</html>\n"), "{html}");
        assert!(!html.contains('┌'), "not the terminal table: {html}");
    }
}

#[test]
fn template_keeps_an_existing_file_unless_forced() {
    let dir = inputs();
    let c = dir.path().join("c.toml").to_string_lossy().into_owned();
    for name in ["t.csv", "t.xlsx"] {
        let t = dir.file(name, "mine");
        let (code, _, err) = run_owned(&args(&["template", "-c", &c, "-o", &t]));
        assert_eq!(code, 2);
        assert!(
            err.contains(&format!(
                "error[output-exists]: `{t}` already exists; parcalc template does not replace a file without --force"
            )),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&t).unwrap(), "mine");
        let (code, _, err) = run_owned(&args(&["template", "-c", &c, "-o", &t, "--force"]));
        assert_eq!(code, 0, "{err}");
        assert_ne!(std::fs::read(&t).unwrap(), b"mine");
    }
    // A new file needs no --force.
    let (code, _, err) = run_owned(&args(&["template", "-c", &c, "-o", &dir.path().join("new.xlsx").to_string_lossy()]));
    assert_eq!(code, 0, "{err}");
    // Standard output and devices are not files to keep.
    let (code, out, err) = run_owned(&args(&["template", "-c", &c]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("\u{feff}criterion,"));
    let (code, _, err) = run_owned(&args(&["template", "-c", &c, "-o", "/dev/null"]));
    assert_eq!(code, 0, "{err}");
}

/// Runs the binary in `dir` with the given umask.
fn bin_with_umask(dir: &Path, umask: u32, a: &[String]) -> (i32, String) {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_parcalc"));
    cmd.args(a).current_dir(dir);
    // SAFETY: umask is async-signal-safe and touches only the child's own state.
    unsafe {
        cmd.pre_exec(move || {
            libc::umask(umask as libc::mode_t);
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
    let dir = inputs();
    let p = dir.path();
    let reference = root().join("criteria/dak-nong-district-2022.toml").to_string_lossy().into_owned();
    let cases: [(&str, Vec<String>); 6] = [
        ("score.json", args(&["score", "-c", "c.toml", "-e", "e.csv", "-o"])),
        ("score.html", args(&["score", "-c", "c.toml", "-e", "e.csv", "-o"])),
        ("plan.xlsx", args(&["plan", "-c", "c.toml", "-e", "e.csv", "-o"])),
        ("rank.csv", args(&["rank", "-c", "c.toml", "-e", "units.csv", "-o"])),
        ("template.xlsx", args(&["template", "--force", "-c", &reference, "-o"])),
        ("init.toml", args(&["init", "-o"])),
    ];
    let mut seen = Vec::new();
    for (umask, expected) in [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664), (0o027, 0o640)] {
        for (name, a) in &cases {
            let out = p.join(name);
            let _ = std::fs::remove_file(&out);
            let mut a = a.clone();
            a.push(name.to_string());
            let (code, err) = bin_with_umask(p, umask, &a);
            assert_eq!(code, 0, "{a:?}: {err}");
            assert_eq!(mode(&out), expected, "{name} under umask {umask:03o}");
            seen.push(format!("{name} {umask:03o} → {:03o}", mode(&out)));
        }
    }
    // A replaced file keeps its mode, whatever the umask.
    for (name, a) in cases.iter().filter(|(n, _)| *n != "init.toml") {
        let out = p.join(name);
        for kept in [0o640, 0o600, 0o604] {
            std::fs::set_permissions(&out, std::fs::Permissions::from_mode(kept)).unwrap();
            let mut a = a.clone();
            a.push(name.to_string());
            let (code, err) = bin_with_umask(p, 0o077, &a);
            assert_eq!(code, 0, "{a:?}: {err}");
            assert_eq!(mode(&out), kept, "{name} keeps {kept:03o}");
        }
    }
    assert_eq!(seen.len(), 24);
}

#[test]
fn a_symlinked_output_is_written_through() {
    let dir = inputs();
    let p = dir.path();
    let target = dir.file("target.json", "old");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = p.join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (c, e) = (p.join("c.toml"), p.join("e.csv"));
    let (code, _, err) = run_owned(&args(&[
        "score",
        "-c",
        &c.to_string_lossy(),
        "-e",
        &e.to_string_lossy(),
        "-o",
        &link.to_string_lossy(),
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("parcalc.score/2"));
    assert_eq!(mode(Path::new(&target)), 0o640);
}

#[test]
fn a_fifo_is_written_in_place() {
    let dir = inputs();
    let p = dir.path();
    let fifo = p.join("report.fifo");
    let c_path = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    // The extension names no format, and a pipe's name means nothing: the table is written.
    let (code, _, err) = run_owned(&args(&[
        "score",
        "-c",
        &p.join("c.toml").to_string_lossy(),
        "-e",
        &p.join("e.csv").to_string_lossy(),
        "-o",
        &fifo.to_string_lossy(),
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(reader.join().unwrap().starts_with("Small set (small, 2022)\n"));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a FIFO");
}
