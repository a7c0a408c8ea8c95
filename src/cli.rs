//! The command line: clap definitions and the entry point the binary calls. The library
//! never prints; `run` writes to the streams it is given and returns the exit code.
//!
//! Exit codes: 0 success; 1 findings (`check`); 2 usage or input error (bad arguments,
//! unreadable files, invalid criteria or evidence). A closed pipe is not an error.

use std::ffi::OsString;
use std::io::{self, Write};

use clap::{Parser, Subcommand, ValueEnum};

use crate::cmd;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code when `check` reports findings.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code for usage errors and unusable input.
pub const EXIT_INPUT: i32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Parser)]
#[command(
    name = "parcalc",
    version,
    about = "PAR INDEX score calculator and deduction analyzer (Chỉ số cải cách hành chính)",
    long_about = "parcalc reads a criteria set (TOML) and evidence (CSV, xlsx), computes awarded and lost points with exact decimals, and shows where points were lost and which agency is responsible.\n\nExit codes: 0 success, 1 findings (check), 2 usage or input error."
)]
pub struct Cli {
    /// When to use colours: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value = "auto", global = true)]
    pub color: ColorChoice,
    /// Width of terminal reports in columns [default: the terminal's width; 100 in a pipe or
    /// an -o file].
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,
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
    /// Write an evidence template (xlsx or CSV) for the criteria set, or for one agency.
    Template(cmd::template::Args),
    /// Write a commented starter criteria set for a level.
    Init(cmd::init::Args),
    /// Print shell completions.
    Completions(cmd::completions::Args),
    /// Print the man page (roff).
    Man,
}

/// What the binary knows about its streams.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    pub stdout_is_tty: bool,
    pub stderr_is_tty: bool,
    /// NO_COLOR is set to a non-empty value.
    pub no_color: bool,
    /// The width of the terminal on standard output ([`crate::terminal::stdout_columns`]),
    /// used when `stdout_is_tty`.
    pub columns: Option<u16>,
}

/// Colour decisions for one run: an explicit `--color` wins over NO_COLOR; `auto` colours
/// only terminals. Files, CSV and JSON are never coloured. Widths as [`crate::terminal`]
/// says.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub color_out: bool,
    pub color_err: bool,
    /// Standard error is a terminal, so long batch runs may show a progress line.
    pub progress: bool,
    /// Width of reports written to standard output, in columns.
    pub width: usize,
    /// Width of reports written to a file (`-o`): `--width`, else the fixed default.
    pub file_width: usize,
}

impl Default for Ui {
    fn default() -> Ui {
        Ui {
            color_out: false,
            color_err: false,
            progress: false,
            width: crate::terminal::DEFAULT_WIDTH,
            file_width: crate::terminal::DEFAULT_WIDTH,
        }
    }
}

impl Ui {
    pub fn new(choice: ColorChoice, term: Terminal) -> Ui {
        let auto = |tty: bool| tty && !term.no_color;
        let base = Ui {
            progress: term.stderr_is_tty,
            width: term
                .columns
                .filter(|w| term.stdout_is_tty && *w > 0)
                .map_or(crate::terminal::DEFAULT_WIDTH, usize::from),
            ..Ui::default()
        };
        match choice {
            ColorChoice::Always => Ui {
                color_out: true,
                color_err: true,
                ..base
            },
            ColorChoice::Never => base,
            ColorChoice::Auto => Ui {
                color_out: auto(term.stdout_is_tty),
                color_err: auto(term.stderr_is_tty),
                ..base
            },
        }
    }

    /// `--width N` sets the width of standard output and files alike.
    pub fn with_width(self, width: Option<u16>) -> Ui {
        match width.filter(|w| *w > 0) {
            Some(w) => Ui {
                width: usize::from(w),
                file_width: usize::from(w),
                ..self
            },
            None => self,
        }
    }

    /// The width of a report written to `output` (`-o FILE`), or to standard output.
    pub fn width_for(&self, output: Option<&std::path::Path>) -> usize {
        if output.is_some() { self.file_width } else { self.width }
    }
}

/// Runs parcalc with `args` (including the program name), as if no stream were a terminal.
pub fn run(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    run_in(
        args,
        out,
        err,
        Terminal {
            no_color,
            ..Terminal::default()
        },
    )
}

/// Runs parcalc with `args`, given what the streams are. Returns the exit code.
pub fn run_in(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write, err: &mut dyn Write, term: Terminal) -> i32 {
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
    let ui = Ui::new(cli.color, term).with_width(cli.width);
    let result = match &cli.command {
        Command::Score(a) => cmd::score::run(a, out, err, ui),
        Command::Check(a) => cmd::check::run(a, out, err, ui),
        Command::Rank(a) => cmd::rank::run(a, out, err, ui),
        Command::Compare(a) => cmd::compare::run(a, out, err, ui),
        Command::Plan(a) => cmd::plan::run(a, out, err, ui),
        Command::Template(a) => cmd::template::run(a, out, err, ui),
        Command::Init(a) => cmd::init::run(a, out, err, ui),
        Command::Completions(a) => cmd::completions::run(a, out),
        Command::Man => cmd::completions::man(out),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`parcalc score … | head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            }) =>
        {
            EXIT_OK
        }
        Err(e) => {
            // Messages may quote paths and file contents: nothing in them may drive a terminal.
            let _ = writeln!(err, "error: {}", crate::text::visible_lines(&format!("{e:#}")));
            EXIT_INPUT
        }
    }
}
