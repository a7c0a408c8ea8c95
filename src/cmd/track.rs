//! `parcalc track`: the remediation plan against its deadlines on a day, by lead agency,
//! with the score secured and the score the plan leads to; `-o deadlines.ics` for calendars.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::EXIT_OK;
use crate::msg;
use crate::score::{Options, score};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Criteria set (TOML).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub criteria: PathBuf,
    /// The remediation plan as `parcalc plan` writes it (csv or xlsx), with its status columns
    /// filled in (Trạng thái, Ngày hoàn thành, Tài liệu kiểm chứng).
    #[arg(long, value_name = "PATH", num_args = 1.., required = true)]
    pub plan: Vec<PathBuf>,
    // The current evidence: the score secured, the projected score, and the items marked done
    // that the evidence does not yet show met.
    #[arg(long, short = 'e', value_name = "PATH", num_args = 1.., help = crate::help::EVIDENCE)]
    pub evidence: Vec<PathBuf>,
    /// The day to track on, dd/mm/yyyy or yyyy-mm-dd [default: today in Vietnam, or SOURCE_DATE_EPOCH].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// An open item is "due soon" when its next deadline is at most this many days away.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub due_within: u32,
    /// The plan's year, for deadlines written without one [default: the year after the criteria set's].
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// Output format [default: from the -o extension, else table].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// The unit to score when the evidence covers several.
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
}

/// What `track` writes: the analysts' report formats and an iCalendar file of deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
    Xlsx,
    Ics,
}

const FORMATS: super::output::Formats<Format> = super::output::Formats {
    command: "track",
    by_extension: &[
        ("txt", Format::Table),
        ("csv", Format::Csv),
        ("json", Format::Json),
        ("md", Format::Markdown),
        ("markdown", Format::Markdown),
        ("xlsx", Format::Xlsx),
        ("ics", Format::Ics),
    ],
    bare: Format::Table,
    has_flag: true,
};

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    let ui = ui.settle_lang(&args.criteria);
    let as_of = match &args.as_of {
        None => crate::document::DocumentInfo::default().date_or_today(),
        Some(text) => crate::track::parse_date(text).ok_or_else(|| {
            super::fail(
                ui,
                msg!(
                    "--as-of `{text}` không phải ngày: ghi dạng 30/09/2023 hoặc 2023-09-30",
                    "--as-of `{text}` is not a date: write it as 30/09/2023 or 2023-09-30"
                ),
            )
        })?,
    };
    let output = super::output::target(args.output.as_deref());
    let given = or_report!(
        super::evidence_args::resolve(&[("--plan", &args.plan), ("--evidence", &args.evidence)], output),
        err,
        ui
    );
    let plan_files = given.files(0);
    let evidence_files = given.files(1);
    let mut inputs = super::output::run_inputs(&args.criteria, &evidence_files);
    inputs.extend(plan_files.iter().map(|p| ("--plan", p.as_path())));
    let format = or_report!(super::output::Preflight::report(FORMATS, args.format, output, inputs), err, ui);
    let set = or_report!(crate::criteria::load_file(&args.criteria), err, ui);
    let lang = ui.lang.unwrap_or(set.language);
    let plan_year = args.year.unwrap_or(set.year + 1);
    if !(1000..=9999).contains(&plan_year) {
        return Err(super::fail(
            ui,
            msg!("--year {plan_year} không phải năm", "--year {plan_year} is not a year"),
        ));
    }
    let sources = or_report!(given.read(err, ui)?, err, ui);
    let (items, warnings) = or_report!(crate::track::read_plan(&sources[0], plan_year), err, ui);
    let mut warnings = warnings;
    warnings.extend(crate::track::check_items(&items, &set, as_of));
    if warnings.iter().any(crate::diag::Diagnostic::is_error) {
        crate::diag::sort(&mut warnings);
        return super::report_failure(&crate::diag::Failed(warnings), err, ui);
    }
    for w in &warnings {
        writeln!(err, "{}\n", crate::text::visible_bidi(&w.render_with(ui.color_err, lang)))?;
    }
    let result = match sources.get(1).filter(|s| !s.is_empty()) {
        None => None,
        Some(evidence) => {
            let evidence = or_report!(super::load_evidence(evidence, &set, args.decimal_mark), err, ui);
            let result = match score(
                &set,
                &evidence,
                &Options {
                    round: None,
                    unit: args.unit.clone(),
                },
            ) {
                Ok(r) => r,
                Err(f) => return super::report_failure(&f, err, ui),
            };
            for w in &result.warnings {
                writeln!(err, "{}\n", crate::text::visible_bidi(&w.render_with(ui.color_err, lang)))?;
            }
            Some(result)
        }
    };
    let tracking = crate::track::track(items, result.as_ref(), as_of, i64::from(args.due_within), plan_year);
    let set_title = set.title(lang);
    if format == Format::Ics {
        let text = crate::render::track::ics(&tracking, set_title, lang);
        match output {
            Some(path) => super::write_atomic(path, &text).map_err(|e| super::fail_in(lang, crate::i18n::cannot_write(path, &e)))?,
            None => out.write_all(text.as_bytes())?,
        }
        return Ok(EXIT_OK);
    }
    let report = match format {
        Format::Table => super::ReportFormat::Table,
        Format::Csv => super::ReportFormat::Csv,
        Format::Json => super::ReportFormat::Json,
        Format::Markdown => super::ReportFormat::Markdown,
        Format::Xlsx | Format::Ics => super::ReportFormat::Xlsx,
    };
    let title = crate::render::track::title(&tracking, set_title, lang);
    let sheets = [
        crate::render::track::items_sheet(&tracking, title, lang),
        crate::render::track::agencies_sheet(&tracking, lang),
    ];
    super::emit(
        report,
        output,
        &sheets,
        None,
        || crate::render::track::json(&tracking, &set.id, set_title, set.year),
        super::Look::new(lang, ui, args.output.as_deref()).with_csv(args.csv_dialect),
        out,
    )?;
    Ok(EXIT_OK)
}
