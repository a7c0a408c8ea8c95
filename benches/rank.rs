//! `cargo bench --bench rank` — national-scale ranking against the speed of reading the CSV
//! and against the tools a user would pick instead.
//!
//! In one run, on the same generated files (about 1 M and 10 M evidence rows for the
//! synthetic 100-criterion set), it times a plain `csv` ByteRecord read as the baseline,
//! `parcalc rank` (the release binary as it ships, built by `scripts/pgo --build`, and the
//! plain cargo build beside it), and, when `python3` has them, two
//! peers run the same way: a polars group-by (`benches/peers/polars_groupby.py`) and the same
//! exact scoring in pandas with `Decimal` (`benches/peers/pandas_decimal.py`, whose per-unit
//! totals are checked against parcalc's). It prints medians with their spread, peak memory,
//! the ratios between them, and times `parcalc check` of a 5,000-node criteria set as a
//! command. Options: `--quick` (1 M rows only), `--runs N` (default 5), `--pandas-runs-10m N`
//! (default 1: pandas takes minutes at 10 M rows). See benches/README.md.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rust_decimal::Decimal;

/// Timings of one item: the median and the spread.
struct Stats {
    times: Vec<Duration>,
}

impl Stats {
    fn new(mut times: Vec<Duration>) -> Stats {
        times.sort();
        Stats { times }
    }
    fn median(&self) -> f64 {
        let n = self.times.len();
        let mid = if n % 2 == 1 {
            self.times[n / 2]
        } else {
            (self.times[n / 2 - 1] + self.times[n / 2]) / 2
        };
        mid.as_secs_f64()
    }
    fn min(&self) -> f64 {
        self.times[0].as_secs_f64()
    }
    fn max(&self) -> f64 {
        self.times[self.times.len() - 1].as_secs_f64()
    }
    /// `0.313 (0.301–0.342)` in seconds, or milliseconds with `ms`.
    fn show(&self, ms: bool) -> String {
        let k = if ms { 1000.0 } else { 1.0 };
        let p = if ms { 1 } else { 3 };
        if self.times.len() == 1 {
            format!("{:.p$} (1 run)", self.median() * k)
        } else {
            format!("{:.p$} ({:.p$}–{:.p$})", self.median() * k, self.min() * k, self.max() * k)
        }
    }
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

/// Runs a command (standard output discarded, standard error to `log`) and returns its wall
/// time and peak resident memory (KiB) from wait4, or why it failed.
fn run_measured(cmd: &mut Command, log: &Path) -> Result<(Duration, i64), String> {
    let err = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let start = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err)
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child and fills a zeroed rusage.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    // The child is reaped by wait4; dropping it would not wait again, but forget it anyway.
    std::mem::forget(child);
    if r != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(3).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!("exit status {status:#x}: {}", tail.join(" / ")));
    }
    Ok((elapsed, usage.ru_maxrss))
}

/// Writes out every file's pending data (`sync(2)`), so that what the build or an earlier
/// step left unwritten is not flushed during a timed run.
fn sync_disks() {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
}

/// Runs a command `runs` times: the timings and the largest peak memory (KiB).
fn measure(runs: usize, log: &Path, mut make: impl FnMut() -> Command) -> Result<(Stats, i64), String> {
    let mut times = Vec::with_capacity(runs);
    let mut rss = 0;
    for _ in 0..runs {
        let (t, r) = run_measured(&mut make(), log)?;
        times.push(t);
        rss = rss.max(r);
    }
    Ok((Stats::new(times), rss))
}

/// The release binary as `scripts/pgo --build` makes it (the profile recorded afresh from
/// its training runs, which never see the files measured here), and what was measured. `None`
/// when it cannot be built (scripts/pgo exits 3 without `llvm-profdata` or in a target folder
/// whose path has a space): the cargo build is measured instead.
fn shipped_build(root: &Path) -> (Option<String>, String) {
    let out = Command::new("bash")
        .arg(root.join("scripts/pgo"))
        .arg("--build")
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let path = String::from_utf8_lossy(&o.stdout).lines().last().unwrap_or("").trim().to_string();
            if Path::new(&path).is_file() {
                return (
                    Some(path),
                    "the release build (fat LTO + profile recorded by scripts/pgo), as shipped; the cargo build measured beside it".into(),
                );
            }
            (None, format!("cargo build (scripts/pgo gave no binary: `{path}`)"))
        }
        Ok(o) => (
            None,
            format!(
                "cargo build (scripts/pgo --build exited with {}: no profile-guided build)",
                o.status
            ),
        ),
        Err(e) => (None, format!("cargo build (scripts/pgo could not run: {e})")),
    }
}

/// Whether two files hold the same bytes, read a block at a time (the bench process stays
/// small: every process it spawns afterwards inherits its peak memory).
fn same_file(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let (mut a, mut b) = (File::open(a)?, File::open(b)?);
    if a.metadata()?.len() != b.metadata()?.len() {
        return Ok(false);
    }
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            return Ok(true);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

fn generate(set: &parcalc::criteria::CriteriaSet, units: u64, path: &Path) -> u64 {
    if let Ok(text) = std::fs::read_to_string(path.with_extension("rows"))
        && let Ok(rows) = text.trim().parse()
        && path.exists()
    {
        return rows;
    }
    let mut w = std::io::BufWriter::with_capacity(1 << 20, File::create(path).unwrap());
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

/// `git rev-parse --short HEAD`, with `+dirty` when `git status --porcelain` lists anything;
/// `unknown` without git or outside a repository.
fn commit(root: &Path) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(root)
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    match (git(&["rev-parse", "--short", "HEAD"]), git(&["status", "--porcelain"])) {
        (Some(hash), Some(status)) if !hash.is_empty() => {
            if status.is_empty() {
                hash
            } else {
                format!("{hash}+dirty")
            }
        }
        _ => "unknown".to_string(),
    }
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock (days to civil date).
fn today() -> String {
    let days = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whether `python3` can import `module`; otherwise why not.
fn python_with(module: &str) -> Result<(), String> {
    match Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Err(_) => Err(format!(
            "python3 with {module} not found: no python3; then python3 -m pip install -r benches/peers/requirements.txt"
        )),
        Ok(s) if !s.success() => Err(format!(
            "python3 with {module} not found: python3 -m pip install -r benches/peers/requirements.txt"
        )),
        Ok(_) => Ok(()),
    }
}

/// Compares pandas' `unit,awarded,applicable_max` with the ranking JSON: (equal, units).
fn same_totals(pandas_csv: &Path, ranking_json: &Path) -> Result<(usize, usize), String> {
    let json: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(File::open(ranking_json).map_err(|e| e.to_string())?))
        .map_err(|e| e.to_string())?;
    let dec = |v: &serde_json::Value| v.as_str().and_then(|s| s.parse::<Decimal>().ok());
    let mut parcalc: HashMap<String, (Option<Decimal>, Option<Decimal>)> = HashMap::new();
    for u in json["units"].as_array().ok_or("no units in the ranking")? {
        let name = u["unit"].as_str().unwrap_or_default().to_string();
        parcalc.insert(name, (dec(&u["awarded"]), dec(&u["applicable_max"])));
    }
    let mut rdr = csv::Reader::from_path(pandas_csv).map_err(|e| e.to_string())?;
    let (mut equal, mut seen) = (0, 0);
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        seen += 1;
        let mine = (rec[1].parse::<Decimal>().ok(), rec[2].parse::<Decimal>().ok());
        if parcalc.get(&rec[0]) == Some(&mine) && mine.0.is_some() {
            equal += 1;
        }
    }
    Ok((equal, seen.max(parcalc.len())))
}

/// 1005838 as `1,005,838`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

struct Row {
    item: String,
    stats: Stats,
    rss_kib: Option<i64>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let opt = |name: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|n| n.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(default)
    };
    let runs = opt("--runs", 5);
    let pandas_runs_10m = opt("--pandas-runs-10m", 1).min(runs);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let criteria = root.join("criteria/synthetic-100.toml");
    let set = parcalc::criteria::load_file(&criteria).unwrap();
    let data = root.join("target/bench-data");
    std::fs::create_dir_all(&data).unwrap();
    // The binary as it ships (scripts/pgo: the release profile laid out by a recorded
    // profile), and the plain cargo build beside it for comparison.
    let cargo_bin = env!("CARGO_BIN_EXE_parcalc").to_string();
    let (shipped, shipped_note) = shipped_build(&root);
    let bin = shipped.as_deref().unwrap_or(&cargo_bin);
    let peers = root.join("benches/peers");
    let log = data.join("last-stderr.log");
    let polars = python_with("polars");
    let pandas = python_with("pandas");

    println!("parcalc rank benchmark");
    println!();
    println!("- commit: {}", commit(&root));
    println!("- date: {}", today());
    println!(
        "- machine: {} cores; {runs} runs per item (pandas: {runs} at 1 M rows, {pandas_runs_10m} at 10 M); seconds as median (min–max)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("- parcalc: {shipped_note}");
    println!();
    println!("| rows | MB | item | time (s) | rows/s | MB/s | peak RSS (MiB) |");
    println!("|---:|---:|---|---:|---:|---:|---:|");

    let sizes: &[(u64, &str)] = if quick {
        &[(8_000, "1m")]
    } else {
        &[(8_000, "1m"), (80_000, "10m")]
    };
    let mut notes = Vec::new();
    let mut compare = Vec::new();
    let mut same_bytes = Vec::new();
    let mut ratios = Vec::new();
    let mut rank_medians = Vec::new();
    for &(units, name) in sizes {
        let path = data.join(format!("evidence-{name}.csv"));
        let rows = generate(&set, units, &path);
        let mb = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        let label = if name == "1m" { "1 M" } else { "10 M" };
        let mut table = Vec::new();

        // Whatever the build or the previous peers left unwritten is written out first: rank
        // syncs its output, and on ext4 (ordered data) syncing one file also writes out what
        // other processes left pending, which would be counted as rank's time. One run of
        // rank then warms its binary's pages and its output file, as the raw read below
        // warms the page cache.
        sync_disks();
        let ranking = data.join(format!("ranking-{name}.json"));
        let rank_with = |bin: &str, out: &Path| {
            let mut c = Command::new(bin);
            c.args(["rank", "--quiet", "-c"])
                .arg(&criteria)
                .arg("-e")
                .arg(&path)
                .args(["--format", "json", "-o"])
                .arg(out);
            c
        };
        let rank_command = || rank_with(bin, &ranking);
        run_measured(&mut rank_command(), &log).unwrap_or_else(|e| panic!("parcalc rank failed: {e}"));
        let _ = raw_read(&path); // warm the page cache
        let raw = Stats::new(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(raw_read(&path));
                    t.elapsed()
                })
                .collect(),
        );
        table.push(Row {
            item: "raw csv read (in process)".into(),
            stats: raw,
            rss_kib: None,
        });

        let (rank, rss) = measure(runs, &log, rank_command).unwrap_or_else(|e| panic!("parcalc rank failed: {e}"));
        let rank_s = rank.median();
        rank_medians.push((label, rows, rank_s));
        ratios.push(format!(
            "{label}: parcalc rank / raw read = {:.2}× (target ≤ 2.0×)",
            rank_s / table[0].stats.median()
        ));
        if name == "10m" {
            ratios.push(format!(
                "10 M: parcalc rank peak RSS = {:.1} MiB (target ≤ 64 MiB)",
                rss as f64 / 1024.0
            ));
        }
        table.push(Row {
            item: if shipped.is_some() {
                "parcalc rank (release build)".into()
            } else {
                "parcalc rank".into()
            },
            stats: rank,
            rss_kib: Some(rss),
        });
        if shipped.is_some() {
            // The same command from `cargo build --release` (no recorded profile).
            let plain_ranking = data.join(format!("ranking-{name}-cargo.json"));
            run_measured(&mut rank_with(&cargo_bin, &plain_ranking), &log).unwrap_or_else(|e| panic!("parcalc rank failed: {e}"));
            let (plain, plain_rss) =
                measure(runs, &log, || rank_with(&cargo_bin, &plain_ranking)).unwrap_or_else(|e| panic!("parcalc rank failed: {e}"));
            // Compared at the end, as pandas' totals are.
            same_bytes.push((label, ranking.clone(), plain_ranking));
            ratios.push(format!(
                "{label}: cargo build's parcalc rank / raw read = {:.2}× (without the recorded profile)",
                plain.median() / table[0].stats.median()
            ));
            table.push(Row {
                item: "parcalc rank (cargo build)".into(),
                stats: plain,
                rss_kib: Some(plain_rss),
            });
        }

        match &polars {
            Ok(()) => {
                let r = measure(runs, &log, || {
                    let mut c = Command::new("python3");
                    c.arg(peers.join("polars_groupby.py")).arg(&path).arg("/dev/null");
                    c
                });
                match r {
                    Ok((stats, rss)) => {
                        ratios.push(format!(
                            "{label}: polars / parcalc = {:.2}× (target > 1: parcalc faster)",
                            stats.median() / rank_s
                        ));
                        table.push(Row {
                            item: "polars group-by".into(),
                            stats,
                            rss_kib: Some(rss),
                        });
                    }
                    Err(e) => notes.push(format!("{label}: polars group-by failed ({e})")),
                }
            }
            Err(why) => notes.push(format!("{label}: polars group-by skipped ({why})")),
        }

        match &pandas {
            Ok(()) => {
                let n = if name == "1m" { runs } else { pandas_runs_10m };
                let out = data.join(format!("pandas-{name}.csv"));
                let r = measure(n, &log, || {
                    let mut c = Command::new("python3");
                    c.arg(peers.join("pandas_decimal.py")).arg(&criteria).arg(&path).arg(&out);
                    c
                });
                match r {
                    Ok((stats, rss)) => {
                        ratios.push(format!("{label}: pandas (Decimal) / parcalc = {:.2}×", stats.median() / rank_s));
                        // Compared at the end: reading the ranking here would grow this process,
                        // whose peak memory every process it spawns afterwards inherits.
                        compare.push((label, out.clone(), ranking.clone()));
                        table.push(Row {
                            item: format!(
                                "pandas + Decimal, same rules{}",
                                if n < runs {
                                    format!(" ({n} run{})", if n == 1 { "" } else { "s" })
                                } else {
                                    String::new()
                                }
                            ),
                            stats,
                            rss_kib: Some(rss),
                        });
                    }
                    Err(e) => notes.push(format!("{label}: pandas + Decimal failed ({e})")),
                }
            }
            Err(why) => notes.push(format!("{label}: pandas + Decimal skipped ({why})")),
        }

        for row in &table {
            let m = row.stats.median();
            println!(
                "| {} | {mb:.1} | {} | {} | {} | {:.0} | {} |",
                grouped(rows),
                row.item,
                row.stats.show(false),
                grouped((rows as f64 / m) as u64),
                mb / m,
                row.rss_kib.map_or("—".to_string(), |k| format!("{:.1}", k as f64 / 1024.0))
            );
        }
    }
    if let [(_, r1, t1), (_, r10, t10)] = rank_medians[..] {
        ratios.push(format!(
            "parcalc rank 10 M / 1 M = {:.2}× the time for {:.2}× the rows (target ≤ 10.5×)",
            t10 / t1,
            r10 as f64 / r1 as f64
        ));
    }

    // `parcalc check` of a 5,000-node set, as a user runs it, and the load alone in process.
    let text = big_criteria(5_000);
    let big = data.join("big-5000.toml");
    std::fs::write(&big, &text).unwrap();
    let check_runs = runs.max(5);
    let _ = run_measured(Command::new(bin).args(["check", "-c"]).arg(&big), &log); // warm-up
    let check = measure(check_runs, &log, || {
        let mut c = Command::new(bin);
        c.args(["check", "-c"]).arg(&big);
        c
    });
    // A spawned process's ru_maxrss is at least this process's resident memory when it
    // spawned (the child shares or copies it until exec), so say what that floor was. (Not
    // ru_maxrss: that one starts at cargo's own peak, inherited the same way.)
    let own_hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l[6..].trim().to_string()));
    let _ = parcalc::criteria::load_str("big.toml", &text).unwrap(); // warm-up
    let load = Stats::new(
        (0..check_runs)
            .map(|_| {
                let t = Instant::now();
                let set = parcalc::criteria::load_str("big.toml", &text).unwrap();
                assert_eq!(set.nodes.len(), 5_000);
                t.elapsed()
            })
            .collect(),
    );
    println!();
    match check {
        Ok((stats, rss)) => {
            println!(
                "`parcalc check -c target/bench-data/big-5000.toml` (5,000 nodes, {} kB): {} ms, {:.1} MiB (target < 30 ms)",
                text.len() / 1000,
                stats.show(true),
                rss as f64 / 1024.0
            );
        }
        Err(e) => println!("`parcalc check` of 5,000 nodes failed: {e}"),
    }
    println!("load + check of the same set in process: {} ms", load.show(true));
    if let Some(hwm) = own_hwm {
        notes.push(format!(
            "peak resident memory of the bench process itself before the in-process load: {hwm} (VmHWM; no peak RSS above can be lower)"
        ));
    }
    for (label, release, cargo) in same_bytes {
        notes.push(match same_file(&release, &cargo) {
            Ok(true) => format!("{label}: the release build's ranking and the cargo build's are the same bytes"),
            Ok(false) => format!("{label}: the release build's ranking and the cargo build's DIFFER"),
            Err(e) => format!("{label}: the two builds' rankings not compared ({e})"),
        });
    }
    for (label, out, ranking) in compare {
        match same_totals(&out, &ranking) {
            Ok((equal, all)) => notes.push(format!(
                "{label}: pandas per-unit totals (awarded, applicable maximum) equal parcalc's for {} of {} units",
                grouped(equal as u64),
                grouped(all as u64)
            )),
            Err(e) => notes.push(format!("{label}: pandas totals not compared ({e})")),
        }
    }
    println!();
    for r in &ratios {
        println!("- {r}");
    }
    for n in &notes {
        println!("- {n}");
    }
}
