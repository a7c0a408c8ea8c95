//! `parcalc check`: a CI gate for criteria and evidence files.
//!
//! Exit codes: 0 clean (warnings allowed unless `--deny warnings`), 1 findings, 2 a file
//! could not be read or the arguments are wrong.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::{EXIT_FINDINGS, EXIT_INPUT, EXIT_OK};
use crate::render::check::{CheckFormat, github, human, json};

/// What may be turned into errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Criteria sets (TOML) to check.
    #[arg(long, short = 'c', value_name = "FILE", num_args = 1.., required = true)]
    pub criteria: Vec<PathBuf>,
    #[arg(long, short = 'e', value_name = "PATH", num_args = 1.., help = crate::help::EVIDENCE_CHECK)]
    pub evidence: Vec<PathBuf>,
    #[arg(long, value_name = "PATH", num_args = 1.., help = crate::help::ANSWERS_CHECK)]
    pub answers: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// Fail on warnings too.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// The evidence covers only some criteria: do not warn (`no-evidence`) about criteria
    /// without rows or rows left empty.
    #[arg(long)]
    pub partial: bool,
    /// How evidence writes numbers: `vi` (1.234,5) or `en` (1,234.5); also `,` or `.` for
    /// the decimal mark [default: the criteria set's `number_format`, else each file's own].
    #[arg(long, value_enum, value_name = "MARK")]
    pub decimal_mark: Option<crate::number_format::NumberFormat>,
}

pub fn run(args: &Args, out: &mut dyn Write, _err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    // Findings are in the chosen language, else the first criteria set's.
    let lang = match args.criteria.first() {
        Some(first) => ui.settle_lang(first).msg_lang(),
        None => ui.msg_lang(),
    };
    // Problems with the arguments (an empty folder, `-` twice) are findings like the others.
    let (given, mut problems) = super::evidence_args::resolve_all(&[("--evidence", &args.evidence), ("--answers", &args.answers)]);
    let (sources, mut unread) = given.read_all();
    problems.append(&mut unread);
    let mut report = crate::check::check_sources(
        &args.criteria,
        &sources[0],
        sources.get(1).map_or(&[][..], |a| &a[..]),
        args.decimal_mark,
        if args.partial {
            crate::check::Coverage::Partial
        } else {
            crate::check::Coverage::Complete
        },
    );
    if !problems.is_empty() {
        report.findings.append(&mut problems);
        crate::diag::sort(&mut report.findings);
    }
    let text = match args.format {
        CheckFormat::Human => human(&report, ui.color_out, lang),
        CheckFormat::Json => json(&report, lang),
        CheckFormat::Github => github(&report, lang),
    };
    out.write_all(text.as_bytes())?;
    let failing = report.errors() > 0 || (args.deny == Some(Deny::Warnings) && report.warnings() > 0);
    Ok(if report.has_io_error() {
        EXIT_INPUT
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
