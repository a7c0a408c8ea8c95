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
    // Problems with the arguments (an empty folder, `-` twice) are findings like the others.
    let (given, mut problems) = super::evidence_args::resolve_all(&[("--evidence", &args.evidence), ("--answers", &args.answers)]);
    let (sources, mut unread) = given.read_all();
    problems.append(&mut unread);
    let (mut report, first_lang, sets) = crate::check::check_sources_lang(
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
    // The command ends once the report is written: the sets are left to the operating system
    // rather than freed node by node (a tenth of the time of checking a 5,000-node set).
    std::mem::forget(sets);
    if !problems.is_empty() {
        report.findings.append(&mut problems);
        crate::diag::sort(&mut report.findings);
    }
    // Findings are in the chosen language, else the first criteria set's: the language of a
    // set that loaded is known already, a file that did not load is read for it once more.
    let lang = match (args.criteria.first(), ui.lang, first_lang) {
        (Some(_), None, Some(declared)) => declared,
        (Some(first), _, _) => ui.settle_lang(first).msg_lang(),
        (None, _, _) => ui.msg_lang(),
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Ui;

    const SET: &str = "[set]\nid = \"s\"\ntitle = \"S\"\nyear = 2022\nlevel = \"commune\"\nlanguage = \"LANG\"\ntotal = 1\n\n[[node]]\ncode = \"1\"\ntitle = \"A\"\nmax = 1\n\n[[node]]\ncode = \"1.1\"\ntitle = \"B\"\nmax = 1\nrule = { kind = \"binary\" }\n";

    fn args(criteria: Vec<std::path::PathBuf>) -> Args {
        Args {
            criteria,
            evidence: Vec::new(),
            answers: Vec::new(),
            format: CheckFormat::Json,
            deny: None,
            partial: false,
            decimal_mark: None,
        }
    }

    /// The findings are in the language the first criteria file declares (read from the set
    /// when it loads, from the file when it does not), unless one was chosen: as when the
    /// file was always read for it first.
    #[test]
    fn findings_speak_the_first_sets_language() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: String| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let en = write("en.toml", SET.replace("LANG", "en"));
        let vi = write("vi.toml", SET.replace("LANG", "vi"));
        let en_broken = write("en-broken.toml", SET.replace("LANG", "en").replace("total = 1", "total = 2"));
        let en_bad_toml = write("en-bad.toml", SET.replace("LANG", "en").replace("title = \"B\"", "title = B"));
        let missing = dir.path().join("missing.toml");
        let cases = [
            vec![en.clone()],
            vec![vi.clone()],
            vec![en_broken.clone()],
            vec![en_bad_toml.clone()],
            vec![missing.clone()],
            vec![vi.clone(), en.clone()],
            vec![en_broken.clone(), vi.clone()],
            vec![missing, en.clone()],
        ];
        for files in cases {
            for chosen in [None, Some(crate::number::Lang::Vi), Some(crate::number::Lang::En)] {
                let ui = Ui {
                    lang: chosen,
                    ..Ui::default()
                };
                let a = args(files.clone());
                let mut out = Vec::new();
                run(&a, &mut out, &mut Vec::new(), ui).unwrap();
                let report = crate::check::check_sources(&files, &[], &[], None, crate::check::Coverage::Complete);
                let lang = ui.settle_lang(&files[0]).msg_lang();
                assert_eq!(String::from_utf8(out).unwrap(), json(&report, lang), "{files:?} {chosen:?}");
            }
        }
        // The broken English set is reported in English, the Vietnamese one in Vietnamese.
        let mut out = Vec::new();
        run(&args(vec![en_broken]), &mut out, &mut Vec::new(), Ui::default()).unwrap();
        assert!(String::from_utf8(out).unwrap().contains("the set's total is 2"));
    }
}
