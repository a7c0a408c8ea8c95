//! `parcalc survey`: the survey report from raw answers — per criterion its points and
//! loss, per question its points and answer distribution, and the respondent groups ranked
//! by the points they cost.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::EXIT_OK;
use crate::render::survey::{json, sheets};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Criteria set (TOML) with [[survey]] tables.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub criteria: PathBuf,
    #[arg(long, value_name = "PATH", num_args = 1.., required = true, help = crate::help::ANSWERS)]
    pub answers: Vec<PathBuf>,
    /// Output format [default: from the -o extension, else table].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<super::ReportFormat>,
    /// Only this unit's answers when the answers cover several (`unit` column).
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    /// Write to FILE (atomically) instead of standard output (`-`: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, value_name = "DIALECT", default_value = "plain", help = crate::help::CSV_DIALECT)]
    pub csv_dialect: crate::render::csv::Dialect,
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    let ui = ui.settle_lang(&args.criteria);
    let output = super::output::target(args.output.as_deref());
    let given = or_report!(super::evidence_args::resolve(&[("--answers", &args.answers)], output), err, ui);
    let files = given.files(0);
    let inputs = super::output::flagged_inputs(&args.criteria, &[("--answers", &files)]);
    let format = or_report!(
        super::output::Preflight::report(super::report_formats("survey"), args.format, output, inputs),
        err,
        ui
    );
    let set = or_report!(crate::criteria::load_file(&args.criteria), err, ui);
    let sources = or_report!(given.read(err, ui)?, err, ui);
    let answers = or_report!(crate::survey::answers::read(&sources[0], &set), err, ui);
    let mut tallies = or_report!(crate::survey::tally::tally(&set, &answers), err, ui);
    let lang = ui.lang.unwrap_or(set.language);
    if let Some(unit) = &args.unit {
        let key = crate::text::fold(unit);
        tallies.retain(|t| t.unit.as_deref().map(crate::text::fold) == Some(key.clone()));
        if tallies.is_empty() {
            return Err(super::fail(
                ui,
                crate::msg!(
                    "không có câu trả lời nào của đơn vị `{unit}` (cột `unit`)",
                    "no answers of the unit `{unit}` (`unit` column)"
                ),
            ));
        }
    }
    for w in &answers.warnings {
        writeln!(err, "{}\n", crate::text::visible_bidi(&w.render_with(ui.color_err, lang)))?;
    }
    if tallies.is_empty() {
        return Err(super::fail(
            ui,
            crate::msg!(
                "không có câu trả lời nào cho các khảo sát của bộ tiêu chí",
                "no answers to any of the criteria set's surveys"
            ),
        ));
    }
    let sheets = sheets(&set, &tallies, lang);
    super::emit(
        format,
        output,
        &sheets,
        sheets.get(1),
        || json(&set, &tallies, lang),
        super::Look::new(lang, ui, args.output.as_deref()).with_csv(args.csv_dialect),
        out,
    )?;
    Ok(EXIT_OK)
}
