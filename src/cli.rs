//! The command line: clap definitions and the entry point the binary calls. The library
//! never prints; `run` writes to the streams it is given and returns the exit code.
//!
//! Exit codes: 0 success; 1 findings (`check`); 2 usage or input error (bad arguments,
//! unreadable files, invalid criteria or evidence, an invalid `PARCALC_LANG` or
//! `PARCALC_COLOR`). A closed pipe is not an error.
//!
//! Two settings can be made once in the environment: `PARCALC_LANG` (vi, en) and
//! `PARCALC_COLOR` (auto, always, never); `NO_COLOR` turns colour off. A flag on the command
//! line wins over a variable: `--lang` over `PARCALC_LANG`, `--color` over `PARCALC_COLOR`
//! over `NO_COLOR`.

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};

use clap::{FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::cmd;
use crate::number::Lang;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code when `check` reports findings.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code for usage errors and unusable input.
pub const EXIT_INPUT: i32 = 2;

/// The variable that sets the language when `--lang` is not given.
pub const LANG_VAR: &str = "PARCALC_LANG";
/// The variable that sets the colour choice when `--color` is not given.
pub const COLOR_VAR: &str = "PARCALC_COLOR";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Parser)]
#[command(
    name = "parcalc",
    version,
    about = "PAR INDEX score calculator and deduction analyzer (Chỉ số cải cách hành chính)",
    long_about = "parcalc reads a criteria set (TOML) and evidence (CSV, TSV, xlsx, xls, ods), computes awarded and lost points with exact decimals, and shows where points were lost and which agency is responsible."
)]
pub struct Cli {
    /// Language of reports, messages and help: vi or en [default: PARCALC_LANG, else the
    /// criteria set's language; help in English].
    #[arg(long, value_enum, value_name = "LANG", global = true)]
    pub lang: Option<Lang>,
    /// When to use colours: auto (on a terminal, unless NO_COLOR is set), always or never
    /// [default: PARCALC_COLOR, else auto].
    #[arg(long, value_enum, value_name = "WHEN", global = true)]
    pub color: Option<ColorChoice>,
    /// Width of terminal reports in columns, 40 or more [default: the terminal's width; 100
    /// in a pipe or an -o file].
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(i64::from(crate::terminal::MIN_WIDTH)..))]
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
    /// Track the remediation plan to its deadlines: status by lead agency, points at stake,
    /// the score secured and the score the plan leads to; `-o deadlines.ics` for calendars.
    Track(cmd::track::Args),
    /// Write an evidence template (xlsx or CSV) for the criteria set, or for one agency.
    Template(cmd::template::Args),
    /// Survey report from raw answers: points per question, answers, groups that cost points.
    Survey(cmd::survey::Args),
    /// Write a commented starter criteria set for a level.
    Init(cmd::init::Args),
    /// Print shell completions.
    Completions(cmd::completions::Args),
    /// Print the manual page (roff): every command, examples, exit status, environment.
    Man,
}

/// What the binary knows about its streams and its environment. Tests build one to run
/// parcalc under any environment without touching the process's own variables.
#[derive(Debug, Clone, Default)]
pub struct Terminal {
    pub stdout_is_tty: bool,
    pub stderr_is_tty: bool,
    /// NO_COLOR is set to a non-empty value.
    pub no_color: bool,
    /// The value of PARCALC_LANG, if set.
    pub lang: Option<OsString>,
    /// The value of PARCALC_COLOR, if set.
    pub color: Option<OsString>,
    /// The width of the terminal on standard output ([`crate::terminal::stdout_columns`]),
    /// used when `stdout_is_tty`.
    pub columns: Option<u16>,
}

impl Terminal {
    /// This process's variables (`NO_COLOR`, `PARCALC_LANG`, `PARCALC_COLOR`), with no stream
    /// a terminal.
    pub fn from_env() -> Terminal {
        Terminal {
            stdout_is_tty: false,
            stderr_is_tty: false,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            lang: std::env::var_os(LANG_VAR),
            color: std::env::var_os(COLOR_VAR),
            columns: None,
        }
    }
}

/// The decisions of one run: colour per stream (an explicit `--color` wins over
/// PARCALC_COLOR, which wins over NO_COLOR; `auto` colours only terminals; files, CSV and
/// JSON are never coloured), and the language the user asked for.
/// Widths as [`crate::terminal`] says.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub color_out: bool,
    pub color_err: bool,
    /// Standard error is a terminal, so long batch runs may show a progress line.
    pub progress: bool,
    /// `--lang`, else PARCALC_LANG; `None` lets each command use the criteria set's language.
    pub lang: Option<Lang>,
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
            lang: None,
            width: crate::terminal::DEFAULT_WIDTH,
            file_width: crate::terminal::DEFAULT_WIDTH,
        }
    }
}

impl Ui {
    /// The language of messages: the chosen one, else the one `criteria` declares, else
    /// Vietnamese (the language of the people parcalc is for).
    pub fn settle_lang(self, criteria: &std::path::Path) -> Ui {
        Ui {
            lang: Some(
                self.lang
                    .or_else(|| crate::criteria::declared_language(criteria))
                    .unwrap_or(Lang::Vi),
            ),
            ..self
        }
    }

    /// [`Self::settle_lang`] for a set already loaded from its file, without reading the file
    /// again ([`crate::criteria::language_declared_by`]).
    pub fn settle_lang_of(self, set: &crate::criteria::CriteriaSet) -> Ui {
        Ui {
            lang: Some(self.lang.or(crate::criteria::language_declared_by(set)).unwrap_or(Lang::Vi)),
            ..self
        }
    }

    /// The language of messages (Vietnamese when nothing chose one).
    pub fn msg_lang(self) -> Lang {
        self.lang.unwrap_or(Lang::Vi)
    }

    pub fn new(choice: ColorChoice, lang: Option<Lang>, term: &Terminal) -> Ui {
        let auto = |tty: bool| tty && !term.no_color;
        let base = Ui {
            progress: term.stderr_is_tty,
            lang,
            width: term
                .columns
                .filter(|w| term.stdout_is_tty && *w > 0)
                .map_or(crate::terminal::DEFAULT_WIDTH, |w| usize::from(w.max(crate::terminal::MIN_WIDTH))),
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

/// Runs parcalc with `args` (including the program name), as if no stream were a terminal,
/// under this process's environment (see [`Terminal::from_env`]).
pub fn run(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    run_in(args, out, err, Terminal::from_env())
}

/// Runs parcalc with `args`, given what the streams and the environment are. Returns the
/// exit code.
pub fn run_in(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write, err: &mut dyn Write, term: Terminal) -> i32 {
    let args: Vec<OsString> = args.into_iter().collect();
    // The language must be known before parsing, since `--help` is answered while parsing.
    let lang = match flag_value(&args, "--lang") {
        Some(flag) => Lang::parse(&flag.to_string_lossy()),
        None => match env_value(term.lang.as_deref(), LANG_VAR, &["vi", "en"], None) {
            Ok(v) => v.and_then(Lang::parse),
            Err(message) => return fail(err, &message),
        },
    };
    // Help is wrapped at word boundaries to a terminal's width (clap's own measure); help
    // sent to a pipe or file keeps its lines whole, so example commands stay copyable.
    let mut command = crate::help::command(lang.unwrap_or(Lang::En));
    // (the command is built already: the width goes to every subcommand itself)
    fn wrapped_at(cmd: clap::Command, width: usize) -> clap::Command {
        cmd.term_width(width).mut_subcommands(|s| wrapped_at(s, width))
    }
    let width = match term.columns.filter(|_| term.stdout_is_tty) {
        Some(columns) => usize::from(columns.max(crate::terminal::MIN_WIDTH)),
        None => 0, // not wrapped
    };
    command = wrapped_at(command, width);
    let matches = match command.try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => return clap_error(&e, out, err, error_lang(lang, &args)),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e, out, err, error_lang(lang, &args)),
    };
    let lang = cli.lang.or(lang);
    let color = match cli.color {
        Some(c) => c,
        None => match env_value(term.color.as_deref(), COLOR_VAR, &["auto", "always", "never"], lang) {
            Ok(v) => v.and_then(|v| ColorChoice::from_str(v, true).ok()).unwrap_or(ColorChoice::Auto),
            Err(message) => return fail(err, &message),
        },
    };
    let ui = Ui::new(color, lang, &term).with_width(cli.width);
    let result = match &cli.command {
        Command::Score(a) => cmd::score::run(a, out, err, ui),
        Command::Check(a) => cmd::check::run(a, out, err, ui),
        Command::Rank(a) => cmd::rank::run(a, out, err, ui),
        Command::Compare(a) => cmd::compare::run(a, out, err, ui),
        Command::Plan(a) => cmd::plan::run(a, out, err, ui),
        Command::Track(a) => cmd::track::run(a, out, err, ui),
        Command::Template(a) => cmd::template::run(a, out, err, ui),
        Command::Survey(a) => cmd::survey::run(a, out, err, ui),
        Command::Init(a) => cmd::init::run(a, out, err, ui),
        Command::Completions(a) => cmd::completions::run(a, out, ui),
        Command::Man => cmd::man::run(out, ui),
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
        Err(e) => fail(err, &format!("{e:#}")),
    }
}

/// Writes clap's own message (help and version to `out`, errors to `err`).
/// The language of a command-line mistake: the chosen one, else the language of the
/// criteria file the line names, else English (like the help).
fn error_lang(chosen: Option<Lang>, args: &[OsString]) -> Lang {
    chosen
        .or_else(|| {
            flag_value(args, "--criteria")
                .or_else(|| flag_value(args, "-c"))
                .and_then(|c| crate::criteria::declared_language(std::path::Path::new(c)))
        })
        .unwrap_or(Lang::En)
}

/// A clap context value as text.
fn context(e: &clap::Error, kind: clap::error::ContextKind) -> Option<String> {
    use clap::error::ContextValue as V;
    match e.get(kind)? {
        V::String(s) => Some(s.clone()),
        V::Strings(v) => Some(v.join(", ")),
        V::StyledStr(s) => Some(s.to_string()),
        V::StyledStrs(v) => Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        V::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The Vietnamese form of the command-line mistakes people make most: a missing or unknown
/// option, a wrong value, an unknown command. Others keep clap's English.
fn clap_error_vi(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind as C, ErrorKind as K};
    let arg = || context(e, C::InvalidArg).unwrap_or_default();
    let message = match e.kind() {
        K::MissingRequiredArgument => format!("thiếu tham số bắt buộc: {}", arg()),
        K::InvalidValue => {
            let value = context(e, C::InvalidValue).unwrap_or_default();
            let valid = context(e, C::ValidValue)
                .map(|v| format!("; các giá trị hợp lệ: {v}"))
                .unwrap_or_default();
            format!("giá trị `{value}` không hợp lệ cho `{}`{valid}", arg())
        }
        K::ValueValidation => {
            let value = context(e, C::InvalidValue).unwrap_or_default();
            // clap's range check says `0 is not in 1..=65535`.
            let why = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
            let why = match why.split_once(" is not in ").and_then(|(_, r)| r.split_once("..=")) {
                Some((low, high)) => format!(": phải từ {low} đến {high}"),
                None if why == "invalid digit found in string" => ": không phải là số nguyên".to_string(),
                None if why.is_empty() => String::new(),
                None => format!(": {why}"),
            };
            format!("giá trị `{value}` cho `{}` không hợp lệ{why}", arg())
        }
        K::UnknownArgument => {
            let hint = context(e, C::SuggestedArg)
                .map(|s| format!("; có phải là `{s}`?"))
                .unwrap_or_default();
            format!("không có tùy chọn `{}`{hint}", arg())
        }
        K::InvalidSubcommand => {
            let name = context(e, C::InvalidSubcommand).unwrap_or_default();
            let hint = match e.get(C::SuggestedSubcommand) {
                Some(clap::error::ContextValue::Strings(v)) => format!("; có phải là `{}`?", v.join("` hoặc `")),
                _ => String::new(),
            };
            format!("không có lệnh `{name}`{hint}")
        }
        K::ArgumentConflict => {
            let prior = context(e, C::PriorArg).unwrap_or_default();
            format!("không dùng `{}` cùng với `{prior}`", arg())
        }
        _ => return None,
    };
    Some(format!("error: {message}\n\nĐể xem cách dùng, hãy chạy '--help'.\n"))
}

fn clap_error(e: &clap::Error, out: &mut dyn Write, err: &mut dyn Write, lang: Lang) -> i32 {
    let vietnamese = (lang == Lang::Vi && e.exit_code() != 0).then(|| clap_error_vi(e)).flatten();
    let text = vietnamese.unwrap_or_else(|| e.render().to_string());
    let code = e.exit_code();
    let stream: &mut dyn Write = if code == 0 { out } else { err };
    match stream.write_all(text.as_bytes()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        _ if code == 0 => EXIT_OK,
        _ => EXIT_INPUT,
    }
}

fn fail(err: &mut dyn Write, message: &str) -> i32 {
    // Messages may quote paths, file contents and variables: nothing in them may drive a
    // terminal.
    let _ = writeln!(err, "error: {}", crate::text::visible_lines(message));
    EXIT_INPUT
}

/// The value given to `flag` (`--lang vi` or `--lang=vi`) before any `--`, the last one if
/// repeated. Only used to choose the language of `--help`; clap parses the line itself.
fn flag_value<'a>(args: &'a [OsString], flag: &str) -> Option<&'a OsStr> {
    let mut found = None;
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let Some(text) = arg.to_str() else { continue };
        if text == "--" {
            break;
        }
        if text == flag {
            found = rest.next().map(OsString::as_os_str);
        } else if let Some(value) = text.strip_prefix(flag).and_then(|t| t.strip_prefix('=')) {
            found = Some(OsStr::new(value));
        }
    }
    found
}

/// A variable's value, one of `allowed` (in any case); unset or empty is `None`. Anything
/// else is an error that names the variable, in `lang`, or in both languages when the
/// language is not known yet.
fn env_value(value: Option<&OsStr>, name: &str, allowed: &[&'static str], lang: Option<Lang>) -> Result<Option<&'static str>, String> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    if let Some(found) = allowed.iter().find(|a| a.eq_ignore_ascii_case(text.trim())) {
        return Ok(Some(found));
    }
    // A value is shown as typed, escaped, and cut short: a variable can be very long.
    let cut: String = text.chars().take(40).collect();
    let mut shown = crate::text::visible(&cut).into_owned();
    if text.chars().count() > 40 {
        shown.push('…');
    }
    let list = allowed.join(", ");
    let en = format!("{name} is `{shown}`, which parcalc does not know: set it to one of {list}, or unset it");
    let vi = format!("{name} có giá trị `{shown}`, parcalc không hiểu giá trị này: hãy đặt một trong {list}, hoặc bỏ biến này");
    Err(match lang {
        Some(Lang::En) => en,
        Some(Lang::Vi) => vi,
        None => format!("{en}\nlỗi: {vi}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set loaded from its file settles the language of messages as its file does, and a
    /// chosen language still comes first.
    #[test]
    fn a_loaded_set_settles_the_language_as_its_file_does() {
        let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/synthetic-100.toml")).unwrap();
        for (written, lang) in [("vi", Lang::Vi), ("en", Lang::En)] {
            let mut file = tempfile::NamedTempFile::new().unwrap();
            let text = text.replace("\nlanguage = \"vi\"\n", &format!("\nlanguage = \"{written}\"\n"));
            std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
            let set = crate::criteria::load_file(file.path()).unwrap();
            let ui = Ui {
                width: 77,
                ..Ui::default()
            };
            let settled = ui.settle_lang_of(&set);
            assert_eq!(settled.lang, Some(lang));
            assert_eq!(settled.lang, ui.settle_lang(file.path()).lang);
            // Everything else as it was.
            assert_eq!(settled.width, 77);
            for chosen in [Lang::Vi, Lang::En] {
                let ui = Ui {
                    lang: Some(chosen),
                    ..Ui::default()
                };
                assert_eq!(ui.settle_lang_of(&set).lang, Some(chosen));
            }
        }
    }
}
