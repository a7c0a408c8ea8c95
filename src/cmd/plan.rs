//! `parcalc plan`: the remediation appendix for the criteria that lost points.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::EXIT_OK;
use crate::render::reports::{plan_json, plan_sheet};
use crate::score::{Options, score};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Criteria set (TOML).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub criteria: PathBuf,
    #[arg(long, short = 'e', value_name = "PATH", num_args = 1.., required = true, help = crate::help::EVIDENCE)]
    pub evidence: Vec<PathBuf>,
    #[arg(long, value_name = "PATH", num_args = 1.., help = crate::help::ANSWERS)]
    pub answers: Vec<PathBuf>,
    /// Include survey criteria (left out by default: no agency can fix them directly).
    #[arg(long)]
    pub include_survey: bool,
    /// Output format [default: from the -o extension, else table].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Round to plan from (also --round), one the criteria set declares [default: the last round].
    #[arg(long, alias = "round", value_name = "ROUND")]
    pub stage: Option<String>,
    /// The unit to plan for when the evidence covers several.
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    /// Write to FILE (atomically) instead of standard output (`-`: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How evidence writes numbers: `vi` (1.234,5) or `en` (1,234.5); also `,` or `.` for
    /// the decimal mark [default: the criteria set's `number_format`, else each file's own].
    #[arg(long, value_enum, value_name = "MARK")]
    pub decimal_mark: Option<crate::number_format::NumberFormat>,
    #[arg(long, value_enum, value_name = "DIALECT", default_value = "plain", help = crate::help::CSV_DIALECT)]
    pub csv_dialect: crate::render::csv::Dialect,
    #[command(flatten)]
    pub document: crate::document::DocumentArgs,
}

/// What `plan` writes: the analysts' report formats, and the plan as a Word document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
    Xlsx,
    Html,
    Docx,
}

impl Format {
    /// The report format of the other analysts' commands, `None` for a Word document.
    fn report(self) -> Option<super::ReportFormat> {
        use super::ReportFormat as R;
        Some(match self {
            Format::Table => R::Table,
            Format::Csv => R::Csv,
            Format::Json => R::Json,
            Format::Markdown => R::Markdown,
            Format::Xlsx => R::Xlsx,
            Format::Html => R::Html,
            Format::Docx => return None,
        })
    }
}

/// What `plan -o` may name; a name without an extension gets the terminal table.
const FORMATS: super::output::Formats<Format> = super::output::Formats {
    command: "plan",
    by_extension: &[
        ("txt", Format::Table),
        ("csv", Format::Csv),
        ("json", Format::Json),
        ("md", Format::Markdown),
        ("markdown", Format::Markdown),
        ("xlsx", Format::Xlsx),
        ("html", Format::Html),
        ("htm", Format::Html),
        ("docx", Format::Docx),
    ],
    bare: Format::Table,
    has_flag: true,
};

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    let ui = ui.settle_lang(&args.criteria);
    let particulars = args.document.info().map_err(|m| super::fail(ui, m))?;
    let output = super::output::target(args.output.as_deref());
    let given = or_report!(
        super::evidence_args::resolve(&[("--evidence", &args.evidence), ("--answers", &args.answers)], output),
        err,
        ui
    );
    let (evidence_files, answer_files) = (given.files(0), given.files(1));
    let inputs = super::output::flagged_inputs(&args.criteria, &[("--evidence", &evidence_files), ("--answers", &answer_files)]);
    let format = or_report!(super::output::Preflight::report(FORMATS, args.format, output, inputs), err, ui);
    let set = or_report!(crate::criteria::load_file(&args.criteria), err, ui);
    let sources = or_report!(given.read(err, ui)?, err, ui);
    let mut evidence = or_report!(super::load_evidence(&sources[0], &set, args.decimal_mark), err, ui);
    let surveys = match sources.get(1).filter(|s| !s.is_empty()) {
        Some(answers) => or_report!(crate::survey::apply::from_sources(answers, &set, &mut evidence), err, ui),
        None => Vec::new(),
    };
    let round = or_report!(super::round_flag(&set, args.stage.as_deref()), err, ui);
    let mut result = match score(
        &set,
        &evidence,
        &Options {
            round: Some(round),
            unit: args.unit.clone(),
        },
    ) {
        Ok(r) => r,
        Err(f) => return super::report_failure(&f, err, ui),
    };
    crate::survey::apply::annotate(&set, &mut result, &surveys);
    let lang = ui.lang.unwrap_or(set.language);
    let rows = crate::plan::plan(&set, &result, lang, args.include_survey);
    let survey = if args.include_survey {
        rust_decimal::Decimal::ZERO
    } else {
        crate::plan::survey_losses(&result)
    };
    let total: rust_decimal::Decimal = rows.iter().map(|r| r.lost).sum();
    let mut title = format!(
        "{} — {} {}, {} {}",
        set.title(lang),
        rows.len(),
        crate::i18n::tr(lang, "nội dung khắc phục", "items to fix"),
        crate::number::show(total, lang),
        crate::i18n::tr(lang, "điểm bị trừ", "points lost")
    );
    if !survey.is_zero() {
        title.push_str(&format!(
            " ({} {} {})",
            crate::i18n::tr(lang, "chưa tính", "not counting"),
            crate::number::show(survey, lang),
            crate::i18n::tr(lang, "điểm điều tra xã hội học", "survey points")
        ));
    }
    let Some(format) = format.report() else {
        let info = set.document.clone().overridden_by(particulars);
        let bytes = crate::render::docx::plan(&rows, &result, &info, lang, survey).map_err(|e| super::docx_failed(lang, &e))?;
        super::write_binary(output, &bytes, lang)?;
        return Ok(EXIT_OK);
    };
    // The spreadsheet forms carry the status columns `track` reads back.
    let with_status = matches!(format, super::ReportFormat::Csv | super::ReportFormat::Xlsx);
    let sheet = plan_sheet(&rows, &set.agencies, &title, lang, with_status);
    super::emit(
        format,
        output,
        std::slice::from_ref(&sheet),
        None,
        || plan_json(&rows, &set.id, set.title(lang), set.year, survey),
        super::Look::new(lang, ui, args.output.as_deref()).with_csv(args.csv_dialect),
        out,
    )?;
    Ok(EXIT_OK)
}
