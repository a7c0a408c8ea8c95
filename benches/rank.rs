//! `cargo bench --bench rank` — national-scale ranking against the speed of reading the CSV.
//!
//! In one run, on the same generated files (about 1 M and 10 M evidence rows for the
//! synthetic 100-criterion set), it times a plain `csv` ByteRecord read as the baseline and
//! `parcalc rank` (the release binary, as a user runs it), and prints rows/s, MB/s, the
//! ratio to the baseline and peak memory. It also times loading and checking a criteria set
//! of 5,000 nodes. Options: `--quick` (1 M rows only), `--runs N` (default 5; medians).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Reads every record as bytes and touches every field: the floor for any CSV tool.
fn raw_read(path: &Path) -> (u64, u64) {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_path(path).unwrap();
    let mut rec = csv::ByteRecord::new();
    let (mut rows, mut bytes) = (0u64, 0u64);
    while rdr.read_byte_record(&mut rec).unwrap() {
        rows += 1;
        bytes += rec.as_slice().len() as u64;
    }
    (rows, bytes)
}

/// Runs a command and returns its wall time and peak resident memory (KiB), from wait4.
fn run_measured(cmd: &mut Command) -> (Duration, i64) {
    let start = Instant::now();
    let child = cmd.spawn().expect("spawn parcalc");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child and fills a zeroed rusage.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(r, pid);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "parcalc rank failed");
    std::mem::forget(child);
    (elapsed, usage.ru_maxrss)
}

fn generate(set: &parcalc::criteria::CriteriaSet, units: u64, path: &Path) -> u64 {
    if let Ok(text) = std::fs::read_to_string(path.with_extension("rows"))
        && let Ok(rows) = text.trim().parse()
        && path.exists()
    {
        return rows;
    }
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    let rows = parcalc::synth::write_evidence(set, units, 1, 42, &mut w).unwrap();
    std::io::Write::flush(&mut w).unwrap();
    std::fs::write(path.with_extension("rows"), rows.to_string()).unwrap();
    rows
}

fn big_criteria(nodes: usize) -> String {
    let mut s = String::from("[set]\nid = \"big\"\ntitle = \"big\"\nyear = 2025\nlevel = \"commune\"\nlanguage = \"en\"\n");
    let areas = nodes / 100;
    s.push_str(&format!("total = {}\n\n", areas * 99));
    for a in 1..=areas {
        s.push_str(&format!("[[node]]\ncode = \"{a}\"\ntitle = \"Area {a}\"\nmax = 99\n\n"));
        for l in 1..=99 {
            let rule = match l % 3 {
                0 => "rule = { kind = \"binary\" }".to_string(),
                1 => {
                    "rule = { kind = \"tiers\", tiers = [{ when = \"[90%, 100%]\", points = 1 }, { when = \"[0%, 90%)\", points = 0.5 }] }"
                        .to_string()
                }
                _ => "rule = { kind = \"formula\", expr = \"b / a\", when_undefined = 1 }".to_string(),
            };
            s.push_str(&format!(
                "[[node]]\ncode = \"{a}.{l}\"\ntitle = \"Criterion {a}.{l}\"\nmax = 1\n{rule}\n\n"
            ));
        }
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let criteria = root.join("criteria/synthetic-100.toml");
    let set = parcalc::criteria::load_file(&criteria).unwrap();
    let data = root.join("target/bench-data");
    std::fs::create_dir_all(&data).unwrap();
    let bin = env!("CARGO_BIN_EXE_parcalc");

    println!(
        "parcalc rank benchmark — {runs} runs each, medians; machine: {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();
    println!("| rows | MB | raw read (s) | parcalc rank (s) | ratio | rows/s | MB/s | peak RSS (MiB) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut one_m = None;
    let sizes: &[(u64, &str)] = if quick {
        &[(8_000, "1m")]
    } else {
        &[(8_000, "1m"), (80_000, "10m")]
    };
    for &(units, name) in sizes {
        let path = data.join(format!("evidence-{name}.csv"));
        let rows = generate(&set, units, &path);
        let mb = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        let _ = raw_read(&path); // warm the page cache
        let raw = median(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(raw_read(&path));
                    t.elapsed()
                })
                .collect(),
        );
        let mut rss = 0;
        let rank = median(
            (0..runs)
                .map(|_| {
                    let (t, r) = run_measured(
                        Command::new(bin)
                            .args(["rank", "--quiet", "-c"])
                            .arg(&criteria)
                            .arg("-e")
                            .arg(&path)
                            .args(["--format", "json", "-o"])
                            .arg(data.join("ranking.json")),
                    );
                    rss = rss.max(r);
                    t
                })
                .collect(),
        );
        let ratio = rank.as_secs_f64() / raw.as_secs_f64();
        println!(
            "| {rows} | {mb:.1} | {:.3} | {:.3} | {ratio:.2}× | {:.0} | {:.0} | {:.1} |",
            raw.as_secs_f64(),
            rank.as_secs_f64(),
            rows as f64 / rank.as_secs_f64(),
            mb / rank.as_secs_f64(),
            rss as f64 / 1024.0
        );
        match one_m {
            None => one_m = Some((rows, rank)),
            Some((r1, t1)) => println!(
                "\n10 M / 1 M: {:.2}× the time for {:.2}× the rows (linear would be {:.2}×)",
                rank.as_secs_f64() / t1.as_secs_f64(),
                rows as f64 / r1 as f64,
                rows as f64 / r1 as f64
            ),
        }
    }

    let text = big_criteria(5_000);
    let _ = parcalc::criteria::load_str("big.toml", &text).unwrap(); // warm-up
    let check = median(
        (0..runs.max(5))
            .map(|_| {
                let t = Instant::now();
                let set = parcalc::criteria::load_str("big.toml", &text).unwrap();
                assert_eq!(set.nodes.len(), 5_000);
                t.elapsed()
            })
            .collect(),
    );
    println!(
        "\nload + check of a 5,000-node criteria set: {:.1} ms",
        check.as_secs_f64() * 1000.0
    );
}
