//! Reports in a real terminal: the binary runs inside a pseudo-terminal of 80 and 120
//! columns (opened with `openpty`, no tool to install), finds the terminal's width itself,
//! and every line it prints fits; the score report's first screen carries the answer.

#![cfg(unix)]

use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use unicode_width::UnicodeWidthStr;

use super::support::{CRITERIA, evidence, root};

/// What the binary printed to a terminal of `cols` × 24: standard output as the terminal
/// shows it (line breaks as `\n`), and standard error (a pipe).
fn in_terminal(args: &[String], cols: u16) -> (i32, String, String) {
    in_terminal_with(args, cols, None)
}

/// [`in_terminal`], with `COLUMNS` set to `columns` (else unset).
fn in_terminal_with(args: &[String], cols: u16, columns: Option<&str>) -> (i32, String, String) {
    let size = libc::winsize {
        ws_row: 24,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty writes two descriptors, which are owned below; the name and termios
    // pointers may be null, the window size is read only.
    let rc = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size) };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors are open and owned by nobody else.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    for fd in [&master, &slave] {
        // Processes that other tests start at the same time must not keep the terminal open.
        // SAFETY: setting a flag on a descriptor we own.
        unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_parcalc"));
    // Colour on, as a newcomer's terminal has it; the width from the terminal alone.
    command.args(args).current_dir(root()).env_remove("NO_COLOR").env_remove("COLUMNS");
    if let Some(c) = columns {
        command.env("COLUMNS", c);
    }
    let mut child = command
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 1 << 16];
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let mut pfd = libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut pfd, 1, 100) };
        if ready > 0 {
            // SAFETY: reading into a buffer of the given length.
            let n = unsafe { libc::read(master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            match usize::try_from(n) {
                Ok(n) if n > 0 => {
                    out.extend_from_slice(&buf[..n]);
                    continue;
                }
                // End of output, or EIO once the program's side of the terminal is closed.
                _ => break,
            }
        }
        // Nothing to read: done once the program has exited.
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("parcalc {args:?} did not finish in a terminal");
        }
    }
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    // The terminal turns each line break into CR LF.
    let text = String::from_utf8_lossy(&out).replace("\r\n", "\n");
    (status.code().unwrap_or(-1), text, err)
}

/// `text` without SGR sequences (`ESC [ … m`): what the terminal shows.
fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn path(p: &str) -> String {
    root().join(p).to_string_lossy().into_owned()
}

/// The README's main command, with `args` added.
fn readme_score(extra: &[&str]) -> Vec<String> {
    let mut a = vec!["score".to_string(), "--criteria".into(), CRITERIA.into(), "--evidence".into()];
    a.extend(evidence());
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

fn assert_fits(what: &str, text: &str, cols: u16) {
    let shown = shown(text);
    assert!(shown.lines().count() >= 3, "{what} printed too little:\n{text}");
    for (i, line) in shown.lines().enumerate() {
        assert!(
            line.width() <= usize::from(cols),
            "{what}: line {} is {} columns wide in a {cols}-column terminal:\n{line}",
            i + 1,
            line.width()
        );
    }
}

#[test]
fn every_report_fits_the_terminal_it_runs_in() {
    let reference = path(CRITERIA);
    let plan = {
        let mut a = readme_score(&[]);
        a[0] = "plan".into();
        a
    };
    let rank: Vec<String> = ["rank", "-c", &reference, "-e", &path("examples/districts-2022/evidence.csv")]
        .map(String::from)
        .to_vec();
    let mut compare: Vec<String> = ["compare", "--map", &path("criteria/codes-2022-2023.csv")]
        .map(String::from)
        .to_vec();
    compare.extend(["--a-criteria".to_string(), reference.clone(), "--a-evidence".into()]);
    compare.extend(evidence());
    compare.extend([
        "--b-criteria".to_string(),
        path("criteria/dak-nong-district-2023.toml"),
        "--b-evidence".into(),
    ]);
    let mut b: Vec<String> = std::fs::read_dir(root().join("examples/dak-nong-2023"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".csv"))
        .collect();
    b.sort();
    compare.extend(b);
    // The reference case's appraisal changed nothing (a sentence says so); this case's did.
    let stages: Vec<String> = [
        "compare",
        "--stages",
        "-c",
        &path("tests/cases/compare-stages/c.toml"),
        "-e",
        &path("tests/cases/compare-stages/e.csv"),
    ]
    .map(String::from)
    .to_vec();
    let runs = [
        ("score", readme_score(&[])),
        ("score --lang en", readme_score(&["--lang", "en"])),
        ("score --set", readme_score(&["--set", "3.4.4=95%"])),
        ("plan", plan),
        ("rank", rank),
        ("compare", compare),
        ("compare --stages", stages),
        // Help is wrapped at word boundaries to the terminal.
        ("--help", vec!["--help".to_string()]),
        (
            "--lang vi score --help",
            ["--lang", "vi", "score", "--help"].map(String::from).to_vec(),
        ),
        ("rank --help", ["rank", "--help"].map(String::from).to_vec()),
    ];
    for cols in [80, 120] {
        for (what, args) in &runs {
            let (code, out, err) = in_terminal(args, cols);
            assert_eq!(code, 0, "{what} at {cols}: {err}");
            assert_fits(&format!("{what} at {cols} columns"), &out, cols);
        }
    }
}

#[test]
fn the_first_screen_shows_the_answer_and_the_last_lines_repeat_it() {
    for cols in [80, 120] {
        let (code, out, err) = in_terminal(&readme_score(&[]), cols);
        assert_eq!(code, 0, "{err}");
        let shown = shown(&out);
        let lines: Vec<&str> = shown.lines().collect();
        let first = lines[..24].join("\n");
        for part in [
            "Tổng điểm: 71,79 / 100",
            "Bị trừ: 28,21",
            "Chỉ số: 71,79%",
            "Xếp loại: Khá",
            "Bị trừ nhiều nhất:",
            "3.4.4      −5  Tỷ lệ giải quyết thủ tục hành chính",
            "Chịu trách nhiệm: VP HĐND&UBND; CN VPĐKĐĐ; UBND xã, thị trấn",
        ] {
            assert!(first.contains(part), "the first screen at {cols} columns lacks `{part}`:\n{first}");
        }
        // The same summary closes the report.
        let top = lines.iter().position(|l| l.is_empty()).unwrap();
        assert!(top <= 20, "the summary takes {top} lines at {cols} columns");
        assert_eq!(lines[lines.len() - top..], lines[..top], "at {cols} columns");
        // The report uses the terminal's width: tables grow with it.
        let widest = lines.iter().map(|l| l.width()).max().unwrap();
        assert!(widest > usize::from(cols) - 10, "at {cols} columns the widest line is {widest}");
        // Both total lines are bold, and only they are.
        let bold: Vec<&str> = out.lines().filter(|l| l.starts_with("\u{1b}[1m")).collect();
        assert_eq!(
            bold, ["\u{1b}[1mTổng điểm: 71,79 / 100 · Bị trừ: 28,21 · Chỉ số: 71,79% · Xếp loại: Khá\u{1b}[0m"; 2],
            "at {cols} columns"
        );
    }
}

#[test]
fn a_terminal_narrower_than_the_tables_gets_records_not_overflow() {
    for cols in [40, 60] {
        let (code, out, err) = in_terminal(&readme_score(&[]), cols);
        assert_eq!(code, 0, "{err}");
        assert_fits(&format!("score at {cols} columns"), &out, cols);
        let shown = shown(&out);
        // Every loss keeps its numbers, whole.
        assert!(shown.contains("Mã: 7.2 · Tối đa: 6 · Đạt: 1,145"), "{shown}");
        assert!(shown.contains("Bị trừ: 4,855"), "{shown}");
    }
}

#[test]
fn width_flag_and_files_ignore_the_terminal() {
    let dir = super::support::Dir::new();
    let file = dir.path().join("báo cáo 2022.txt").to_string_lossy().into_owned();
    let (code, out, err) = in_terminal(&readme_score(&["-o", &file]), 80);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let saved = std::fs::read_to_string(&file).unwrap();
    let (_, piped, _) = super::support::bin(&readme_score(&[]).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(saved, piped, "a file is laid out as a pipe is, whatever the terminal");
    assert_eq!(saved.lines().map(UnicodeWidthStr::width).max(), Some(100));
    // --width wins over the terminal.
    let (_, out, _) = in_terminal(&readme_score(&["--width", "120", "--color", "never"]), 80);
    assert_eq!(out.lines().map(UnicodeWidthStr::width).max(), Some(120));
}

#[test]
fn a_terminal_of_unknown_size_falls_back_to_columns_then_80() {
    // A pseudo-terminal nobody sized reports 0 columns.
    let args = readme_score(&["--color", "never"]);
    let widest = |out: &str| out.lines().map(UnicodeWidthStr::width).max().unwrap();
    let (code, out, err) = in_terminal_with(&args, 0, None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(widest(&out), 80);
    let (_, out, _) = in_terminal_with(&args, 0, Some("64"));
    assert_eq!(widest(&out), 64);
    // A real size wins over COLUMNS; a COLUMNS that is not a width is ignored.
    let (_, out, _) = in_terminal_with(&args, 120, Some("64"));
    assert!(widest(&out) > 100);
    let (_, out, _) = in_terminal_with(&args, 0, Some("wide"));
    assert_eq!(widest(&out), 80);
}
