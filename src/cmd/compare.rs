//! `parcalc compare`: two score results side by side (years, units), or with `--stages` the
//! rounds of one evidence set (self-assessment against the appraisal by default).

use std::io::Write;
use std::path::PathBuf;

use crate::cli::EXIT_OK;
use crate::compare::{Mapping, Side, compare, stage_changes};
use crate::number::Lang;
use crate::render::reports::{compare_csv_sheet, compare_json, compare_sheets, stages_csv_sheet, stages_json, stages_sheets};
use crate::score::{Options, score};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Side A: a `score --format json` result (or use --a-criteria/--a-evidence).
    #[arg(value_name = "A")]
    pub a: Option<PathBuf>,
    /// Side B: a `score --format json` result (or use --b-criteria/--b-evidence).
    #[arg(value_name = "B")]
    pub b: Option<PathBuf>,
    /// Side A's criteria set, scored with --a-evidence.
    #[arg(long, value_name = "FILE")]
    pub a_criteria: Option<PathBuf>,
    #[arg(long, value_name = "PATH", num_args = 1.., help = crate::help::EVIDENCE_A)]
    pub a_evidence: Vec<PathBuf>,
    /// Side B's criteria set, scored with --b-evidence.
    #[arg(long, value_name = "FILE")]
    pub b_criteria: Option<PathBuf>,
    #[arg(long, value_name = "PATH", num_args = 1.., help = crate::help::EVIDENCE_B)]
    pub b_evidence: Vec<PathBuf>,
    /// CSV mapping A's codes to B's (`old,new`), for renumbered criteria sets.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Compare two rounds of one evidence set (--from, --to): the criteria whose points
    /// changed, their reasons and explanations, and the change by agency.
    #[arg(long, requires = "criteria")]
    pub stages: bool,
    /// With --stages: the earlier round [default: the set's first round].
    #[arg(long, value_name = "ROUND", requires = "stages")]
    pub from: Option<String>,
    /// With --stages: the later round [default: the set's last round].
    #[arg(long, value_name = "ROUND", requires = "stages")]
    pub to: Option<String>,
    /// Criteria set for --stages.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub criteria: Option<PathBuf>,
    #[arg(long, short = 'e', value_name = "PATH", num_args = 1.., help = crate::help::EVIDENCE_STAGES)]
    pub evidence: Vec<PathBuf>,
    /// The unit, when the evidence covers several.
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    /// List unchanged criteria too.
    #[arg(long)]
    pub all: bool,
    /// Output format [default: from the -o extension, else table].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<super::ReportFormat>,
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

enum Loaded {
    Side(Side, Option<Lang>),
    Failed(crate::diag::Failed),
}

fn side(
    json: Option<&PathBuf>,
    criteria: Option<&PathBuf>,
    evidence: &[crate::evidence::Source],
    unit: Option<&String>,
    lang: Option<Lang>,
    label: &str,
    decimal_mark: Option<crate::number_format::NumberFormat>,
) -> anyhow::Result<Loaded> {
    let msg_lang = lang.unwrap_or(Lang::Vi);
    match (json, criteria) {
        (Some(path), None) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| super::fail_in(msg_lang, crate::i18n::cannot_read(path, &e)))?;
            Ok(match Side::from_json(&name, &text, label) {
                Ok(s) => Loaded::Side(s, None),
                Err(f) => Loaded::Failed(f),
            })
        }
        (None, Some(c)) => {
            let set = match crate::criteria::load_file(c) {
                Ok(s) => s,
                Err(f) => return Ok(Loaded::Failed(f)),
            };
            let ev = match super::load_evidence(evidence, &set, decimal_mark) {
                Ok(e) => e,
                Err(f) => return Ok(Loaded::Failed(f)),
            };
            Ok(
                match score(
                    &set,
                    &ev,
                    &Options {
                        round: None,
                        unit: unit.cloned(),
                    },
                ) {
                    Ok(r) => Loaded::Side(Side::from_result(&r, lang.unwrap_or(set.language), label), Some(set.language)),
                    Err(f) => Loaded::Failed(f),
                },
            )
        }
        _ => {
            let side = label.to_lowercase();
            Err(super::fail_in(
                msg_lang,
                crate::msg!(
                    "hãy đưa vế {label} dưới dạng tệp JSON kết quả chấm điểm, hoặc --{side}-criteria kèm --{side}-evidence (không cả hai)",
                    "give side {label} as a score JSON file, or as --{side}-criteria with --{side}-evidence (not both)"
                ),
            ))
        }
    }
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    let ui = match [&args.criteria, &args.b_criteria, &args.a_criteria].into_iter().flatten().next() {
        Some(criteria) => ui.settle_lang(criteria),
        None => ui,
    };
    let output = super::output::target(args.output.as_deref());
    let given = or_report!(
        super::evidence_args::resolve(
            &[
                ("--a-evidence", &args.a_evidence),
                ("--b-evidence", &args.b_evidence),
                ("--evidence", &args.evidence),
            ],
            output
        ),
        err,
        ui
    );
    let files = [given.files(0), given.files(1), given.files(2)];
    let mut inputs: Vec<super::output::Input> = Vec::new();
    for (flag, path) in [
        ("<A>", &args.a),
        ("<B>", &args.b),
        ("--a-criteria", &args.a_criteria),
        ("--b-criteria", &args.b_criteria),
        ("--map", &args.map),
        ("--criteria", &args.criteria),
    ] {
        inputs.extend(path.as_deref().map(|p| (flag, p)));
    }
    for (flag, paths) in [("--a-evidence", &files[0]), ("--b-evidence", &files[1]), ("--evidence", &files[2])] {
        inputs.extend(paths.iter().map(|p| (flag, p.as_path())));
    }
    let format = or_report!(
        super::output::Preflight::report(super::report_formats("compare"), args.format, output, inputs),
        err,
        ui
    );
    let sources = or_report!(given.read(err, ui)?, err, ui);
    if args.stages {
        let Some(criteria) = &args.criteria else {
            return Err(super::fail(
                ui,
                crate::msg!("--stages cần --criteria và --evidence", "--stages needs --criteria and --evidence"),
            ));
        };
        let set = or_report!(crate::criteria::load_file(criteria), err, ui);
        let ev = or_report!(super::load_evidence(&sources[2], &set, args.decimal_mark), err, ui);
        let lang = ui.lang.unwrap_or(set.language);
        // Both flags' problems at once.
        let from = args
            .from
            .as_deref()
            .map_or(Ok(set.rounds.first()), |t| set.rounds.parse_flag("--from", t));
        let to = set.rounds.flag_or_last("--to", args.to.as_deref());
        let (from, to) = match (from, to) {
            (Ok(f), Ok(t)) => (f, t),
            (f, t) => {
                let problems = [f.err(), t.err()].into_iter().flatten().collect();
                return super::report_failure(&crate::diag::Failed(problems), err, ui);
            }
        };
        let run = |round| {
            score(
                &set,
                &ev,
                &Options {
                    round: Some(round),
                    unit: args.unit.clone(),
                },
            )
        };
        let (earlier, later) = match (run(from), run(to)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(f), _) | (_, Err(f)) => return super::report_failure(&f, err, ui),
        };
        let changes = stage_changes(&earlier, &later, lang);
        let sheets = stages_sheets(&changes, lang);
        let csv = stages_csv_sheet(&changes, lang);
        super::emit(
            format,
            output,
            &sheets,
            Some(&csv),
            || stages_json(&changes),
            super::Look::new(lang, ui, args.output.as_deref()).with_csv(args.csv_dialect),
            out,
        )?;
        return Ok(EXIT_OK);
    }
    let a = side(
        args.a.as_ref(),
        args.a_criteria.as_ref(),
        &sources[0],
        args.unit.as_ref(),
        ui.lang,
        "A",
        args.decimal_mark,
    )?;
    let b = side(
        args.b.as_ref(),
        args.b_criteria.as_ref(),
        &sources[1],
        args.unit.as_ref(),
        ui.lang,
        "B",
        args.decimal_mark,
    )?;
    let (mut a, mut b, set_lang) = match (a, b) {
        (Loaded::Side(a, la), Loaded::Side(b, lb)) => (a, b, lb.or(la)),
        (Loaded::Failed(f), _) | (_, Loaded::Failed(f)) => return super::report_failure(&f, err, ui),
    };
    // Label each side by its year when the years differ, else by A/B.
    if a.year != b.year {
        a.label = a.year.to_string();
        b.label = b.year.to_string();
    }
    let mapping = match &args.map {
        Some(p) => {
            let name = p.display().to_string();
            let text = std::fs::read_to_string(p).map_err(|e| super::fail(ui, crate::i18n::cannot_read(p, &e)))?;
            or_report!(Mapping::from_csv(&name, &text), err, ui)
        }
        None => Mapping::default(),
    };
    let lang = ui.lang.or(set_lang).unwrap_or(Lang::Vi);
    let c = compare(&a, &b, &mapping);
    let sheets = compare_sheets(&c, lang, args.all);
    let tidy = compare_csv_sheet(&c);
    super::emit(
        format,
        output,
        &sheets,
        Some(&tidy),
        || compare_json(&c),
        super::Look::new(lang, ui, output).with_csv(args.csv_dialect),
        out,
    )?;
    Ok(EXIT_OK)
}
