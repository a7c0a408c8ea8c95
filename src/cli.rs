//! The command line: clap definitions and the entry point the binary calls. The library
//! never prints; `run` writes to the streams it is given and returns the exit code.
//!
//! Exit codes: 0 success; 1 findings (`check`); 2 usage or input error (bad arguments,
//! unreadable files, invalid criteria or evidence).

use std::ffi::OsString;
use std::io::{self, Write};

use clap::{Parser, Subcommand};

use crate::cmd;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code when `check` reports findings.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code for usage errors and unusable input.
pub const EXIT_INPUT: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "parcalc",
    version,
    about = "PAR INDEX score calculator and deduction analyzer (Chỉ số cải cách hành chính)",
    long_about = "parcalc reads a criteria set (TOML) and evidence (CSV), computes awarded and lost points with exact decimals, and shows where points were lost and which agency is responsible.\n\nExit codes: 0 success, 1 findings (check), 2 usage or input error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score evidence against a criteria set: total, index, band, areas, losses, agencies.
    Score(cmd::score::Args),
    /// Check criteria and evidence files: every problem, located, with a fix (for CI).
    Check(cmd::check::Args),
    /// Score every unit in the evidence and rank them, with changes against a previous ranking.
    Rank(cmd::rank::Args),
    /// Compare two results (years, units, renumbered sets), or self-assessment vs appraisal.
    Compare(cmd::compare::Args),
    /// The remediation plan: what to fix, who leads, who cooperates, by when, points at stake.
    Plan(cmd::plan::Args),
}

/// Runs parcalc with `args` (including the program name). Returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            let code = e.exit_code();
            let stream: &mut dyn Write = if code == 0 { out } else { err };
            return match stream.write_all(text.as_bytes()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
                _ if code == 0 => EXIT_OK,
                _ => EXIT_INPUT,
            };
        }
    };
    let result = match &cli.command {
        Command::Score(a) => cmd::score::run(a, out, err),
        Command::Check(a) => cmd::check::run(a, out, err),
        Command::Rank(a) => cmd::rank::run(a, out, err),
        Command::Compare(a) => cmd::compare::run(a, out, err),
        Command::Plan(a) => cmd::plan::run(a, out, err),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`parcalc score … | head`) is not an error.
        Err(e)
            if e.downcast_ref::<io::Error>()
                .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe) =>
        {
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e:#}");
            EXIT_INPUT
        }
    }
}
