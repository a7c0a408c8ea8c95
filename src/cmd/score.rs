//! `parcalc score`: score one unit's evidence and print the report.

use std::io::Write;

use std::path::PathBuf;

use super::output::Formats;
use crate::cli::EXIT_OK;
use crate::render::{self, Format};
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
    /// Output format [default: from the -o extension, else table].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Round to score (also --round), one the criteria set declares (`self`, `appraisal-2`,
    /// `thẩm định lần 2`…): each criterion's rows of the latest round up to it [default: the
    /// last round].
    #[arg(long, alias = "round", value_name = "ROUND")]
    pub stage: Option<String>,
    /// The unit to score when the evidence covers several (`unit` column).
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    /// What-if: override a criterion's evidence (`3.4.4=95%`, `7.2:muc_do_4=500`), show the
    /// gain of each change, and score with all of them.
    #[arg(long = "set", value_name = "CODE=VALUE")]
    pub set: Vec<crate::whatif::Override>,
    /// Print only the summary: total, index, band and the three largest losses with their
    /// agencies (table and Markdown formats).
    #[arg(long)]
    pub brief: bool,
    /// Write the report to FILE (atomically) instead of standard output (`-`: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How evidence writes numbers: `vi` (1.234,5) or `en` (1,234.5); also `,` or `.` for
    /// the decimal mark [default: the criteria set's `number_format`, else each file's own].
    #[arg(long, value_enum, value_name = "MARK")]
    pub decimal_mark: Option<crate::number_format::NumberFormat>,
    #[arg(long, value_enum, value_name = "DIALECT", default_value = "plain", help = crate::help::CSV_DIALECT)]
    pub csv_dialect: render::csv::Dialect,
    #[command(flatten)]
    pub document: crate::document::DocumentArgs,
}

/// What `score -o` may name; a name without an extension gets the terminal table.
const FORMATS: Formats<Format> = Formats {
    command: "score",
    by_extension: &[
        ("txt", Format::Table),
        ("json", Format::Json),
        ("csv", Format::Csv),
        ("md", Format::Markdown),
        ("markdown", Format::Markdown),
        ("html", Format::Html),
        ("htm", Format::Html),
        ("xlsx", Format::Xlsx),
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
    if args.brief && !matches!(format, Format::Table | Format::Markdown) {
        return Err(super::fail(
            ui,
            crate::msg!(
                "--brief chỉ in phần tóm tắt của báo cáo dạng bảng hoặc Markdown; JSON, CSV và HTML luôn có đủ mọi phần",
                "--brief prints the summary of a table or Markdown report; JSON, CSV and HTML always carry everything"
            ),
        ));
    }
    if format == Format::Xlsx && output.is_none() {
        return Err(super::fail(
            ui,
            crate::msg!(
                "định dạng xlsx cần ghi ra tệp: hãy thêm `-o bao-cao.xlsx`",
                "xlsx output needs a file: add `-o report.xlsx`"
            ),
        ));
    }
    let set = or_report!(crate::criteria::load_file(&args.criteria), err, ui);
    let sources = or_report!(given.read(err, ui)?, err, ui);
    let mut evidence = or_report!(super::load_evidence(&sources[0], &set, args.decimal_mark), err, ui);
    let surveys = match sources.get(1).filter(|s| !s.is_empty()) {
        Some(answers) => or_report!(crate::survey::apply::from_sources(answers, &set, &mut evidence), err, ui),
        None => Vec::new(),
    };
    // What an HTML report names as its sources; the particulars' flags are not options of
    // `score` yet, so the set's `[document]` table gives them alone.
    let origin = render::html::Origin::new(&set, &evidence, Some(&particulars));
    let round = or_report!(super::round_flag(&set, args.stage.as_deref()), err, ui);
    let options = Options {
        round: Some(round),
        unit: args.unit.clone(),
    };
    let overrides = or_report!(
        crate::whatif::resolve_numbers(&set, &args.set, args.decimal_mark.or(set.number_format)),
        err,
        ui
    );
    let (evidence, what_if) = if overrides.is_empty() {
        (evidence, None)
    } else {
        let (baseline, gains) = or_report!(crate::whatif::gains(&set, &evidence, &options, &overrides), err, ui);
        (crate::whatif::apply(&set, &evidence, &overrides, round), Some((baseline, gains)))
    };
    let mut result = or_report!(score(&set, &evidence, &options), err, ui);
    let (set_by_hand, computed): (Vec<_>, Vec<_>) = surveys
        .into_iter()
        .partition(|t| overrides.iter().any(|o| o.code == t.def(&set).criterion));
    crate::survey::apply::annotate(&set, &mut result, &computed);
    crate::survey::apply::mark_what_if(&set, &mut result, &set_by_hand, &overrides);
    if let Some((baseline, changes)) = what_if {
        result.what_if = Some(crate::score::WhatIf { baseline, changes });
    }
    let lang = ui.lang.unwrap_or(set.language);
    if format == Format::Docx {
        for w in &result.warnings {
            writeln!(err, "{}\n", crate::text::visible_bidi(&w.render_with(ui.color_err, lang)))?;
        }
        let info = set.document.clone().overridden_by(particulars.clone());
        let bytes = crate::render::docx::score(&result, &info, lang).map_err(|e| super::docx_failed(lang, &e))?;
        super::write_binary(output, &bytes, lang)?;
        return Ok(EXIT_OK);
    }
    let width = ui.width_for(output);
    let layout = render::Layout {
        width,
        brief: args.brief,
        csv: args.csv_dialect,
    };
    let mut text = if format == Format::Html {
        render::html::score_report(&result, lang, &origin)
    } else {
        render::score_with(&result, format, lang, layout)
    };
    if matches!(format, Format::Table | Format::Markdown) {
        // The renderers show control characters escaped cell by cell; this pass makes sure
        // nothing else that came from the inputs can drive a terminal.
        text = crate::text::visible_lines(&text).into_owned();
    }
    if ui.color_out && format == Format::Table && output.is_none() {
        text = emphasise(&text, &render::total_lines(&result, lang, width));
    }
    for w in &result.warnings {
        writeln!(err, "{}\n", crate::text::visible_bidi(&w.render_with(ui.color_err, lang)))?;
    }
    let bytes = match format {
        Format::Xlsx => render::score_bytes(&result, format, lang, layout)
            .map_err(|e| super::fail_in(lang, crate::msg!("không tạo được tệp xlsx: {e}", "cannot build the xlsx file: {e}")))?,
        _ => text.into_bytes(),
    };
    match output {
        Some(path) => {
            super::write_atomic_bytes(path, &bytes).map_err(|e| super::fail_in(lang, crate::i18n::cannot_write(path, &e)))?;
        }
        None => out.write_all(&bytes)?,
    }
    Ok(EXIT_OK)
}

/// Bold for the total line(s) of a terminal report (total, lost, index, band), wherever the
/// summary shows them: at the top and again at the end.
fn emphasise(text: &str, total: &[String]) -> String {
    text.lines()
        .map(|l| {
            if total.iter().any(|t| t == l) {
                format!("\x1b[1m{l}\x1b[0m")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
