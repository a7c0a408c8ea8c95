//! `parcalc rank`: score every unit in the evidence and rank them.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::EXIT_OK;
use crate::render::reports::{rank_json, rank_sheet, read_previous_rank, write_rank_csv, write_rank_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Criteria set (TOML).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub criteria: PathBuf,
    #[arg(long, short = 'e', value_name = "PATH", num_args = 1.., required = true, help = crate::help::EVIDENCE_UNITS)]
    pub evidence: Vec<PathBuf>,
    /// A previous ranking (`rank --format json`) to show rank and point changes against.
    #[arg(long, value_name = "RESULT")]
    pub previous: Option<PathBuf>,
    /// Output format [default: from the -o extension, else table].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<super::ReportFormat>,
    /// Round to rank (also --round), one the criteria set declares [default: the last round].
    #[arg(long, alias = "round", value_name = "ROUND")]
    pub stage: Option<String>,
    /// No progress line, even on a terminal.
    #[arg(long, short = 'q')]
    pub quiet: bool,
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

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    // Before the set is loaded, a message reads its language from the file; after, the set's
    // own stands for it, and the file is read and parsed once.
    let early = |ui: crate::cli::Ui| ui.settle_lang(&args.criteria);
    let output = super::output::target(args.output.as_deref());
    let given = or_report!(
        super::evidence_args::resolve(&[("--evidence", &args.evidence)], output),
        err,
        early(ui)
    );
    let files = given.files(0);
    let mut inputs = super::output::run_inputs(&args.criteria, &files);
    inputs.extend(args.previous.iter().map(|p| ("--previous", p.as_path())));
    let format = or_report!(
        super::output::Preflight::report(super::report_formats("rank"), args.format, output, inputs),
        err,
        early(ui)
    );
    let set = or_report!(crate::criteria::load_file(&args.criteria), err, early(ui));
    let ui = ui.settle_lang_of(&set);
    let sources = or_report!(given.read(err, ui)?, err, ui);
    let sources = &sources[0];
    // The streaming path first: one pass, memory per unit, two threads. Anything it cannot
    // vouch for falls back to the complete path, which also gives the diagnostics.
    let started = std::time::Instant::now();
    let mut shown = false;
    let mut progress = |p: crate::batch::Progress| {
        // Integer arithmetic: a progress line needs no fractions.
        let ms = started.elapsed().as_millis().max(1);
        if ui.progress && !args.quiet && ms >= 1000 {
            let rate = u128::from(p.rows) * 1000 / ms;
            let percent = u128::from(p.bytes) * 100 / u128::from(p.total_bytes.max(1));
            let eta = if p.bytes > 0 {
                ms * u128::from(p.total_bytes.saturating_sub(p.bytes)) / u128::from(p.bytes) / 1000
            } else {
                0
            };
            let rows = p.rows;
            let line = crate::msg!(
                "\r{rows} dòng · {rate} dòng/giây · {percent}% · còn khoảng {eta} giây   ",
                "\r{rows} rows · {rate} rows/s · {percent}% · ETA {eta} s   "
            );
            let _ = write!(err, "{}", line.get(ui.msg_lang()));
            shown = true;
        }
    };
    let round = or_report!(super::round_flag(&set, args.stage.as_deref()), err, ui);
    // Standard input is read already: it takes the complete path.
    let streamed = if sources.len() == files.len() {
        crate::batch::rank_stream(&set, &files, round, args.decimal_mark.or(set.number_format), &mut progress)
    } else {
        Err(crate::batch::Fallback::NotCsv)
    };
    if shown {
        writeln!(err)?;
    }
    let mut ranking = match streamed {
        Ok(rows) => crate::rank::Ranking {
            set_id: set.id.clone(),
            set_title: set.title.clone(),
            year: set.year,
            round,
            rounds: set.rounds.clone(),
            rows,
            against_previous: false,
            results: Default::default(),
        },
        Err(_) => {
            let evidence = or_report!(super::load_evidence(sources, &set, args.decimal_mark), err, ui);
            or_report!(crate::rank::rank(&set, &evidence, round), err, ui)
        }
    };
    if let Some(prev) = &args.previous {
        let name = prev.display().to_string();
        let text = std::fs::read_to_string(prev).map_err(|e| super::fail(ui, crate::i18n::cannot_read(prev, &e)))?;
        let previous = read_previous_rank(&name, &text).map_err(|e| super::fail(ui, e))?;
        crate::rank::attach_previous(&mut ranking.rows, &previous);
        ranking.against_previous = true;
    }
    let lang = ui.lang.unwrap_or(set.language);
    let look = super::Look::new(lang, ui, args.output.as_deref()).with_csv(args.csv_dialect);
    match format {
        // Written as they are serialized: 80,000 units never make one string or sheet.
        super::ReportFormat::Json => super::emit_streamed(output, lang, out, |w| write_rank_json(&ranking, w))?,
        super::ReportFormat::Csv => {
            super::emit_streamed(output, lang, out, |w| write_rank_csv(&ranking, lang, look.csv, w))?;
        }
        _ => {
            let sheet = rank_sheet(&ranking, lang);
            super::emit(
                format,
                output,
                std::slice::from_ref(&sheet),
                None,
                || rank_json(&ranking),
                look,
                out,
            )?;
        }
    }
    // The process ends next and its memory goes back whole: freeing a national ranking one
    // name at a time would only add to the run's time.
    std::mem::forget(ranking);
    Ok(EXIT_OK)
}
