//! One file per subcommand. Each `run` takes its parsed arguments and the output streams
//! and returns the exit code; I/O errors on the streams are passed up.

/// Unwraps a result whose error is a [`Failed`] load: on failure the diagnostics go to
/// `err` and the command returns the input-error exit code.
macro_rules! or_report {
    ($result:expr, $err:expr, $ui:expr) => {
        match $result {
            Ok(value) => value,
            Err(failed) => return super::report_failure(&failed, $err, $ui),
        }
    };
}

pub mod check;
pub mod compare;
pub mod completions;
pub mod evidence_args;
pub mod init;
pub mod man;
pub mod output;
pub mod plan;
pub mod rank;
pub mod score;
pub mod survey;
pub mod template;
pub mod track;

use std::io::{self, Write};
use std::path::Path;

use crate::diag::Failed;

/// Writes `text` to `path` atomically, replacing an existing file (see [`output::write`]).
pub fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    write_atomic_bytes(path, text.as_bytes())
}

/// Reads the evidence of a run under the number convention in force: `--decimal-mark`, else
/// the criteria set's `number_format`, else each file's own.
pub fn load_evidence(
    sources: &[crate::evidence::Source],
    set: &crate::criteria::CriteriaSet,
    decimal_mark: Option<crate::number_format::NumberFormat>,
) -> Result<crate::evidence::Evidence, Failed> {
    crate::evidence::load_sources_with(
        sources,
        crate::evidence::ReadOptions::for_run(decimal_mark, set.number_format).with_rounds(&set.rounds),
    )
}

/// The round `--stage`/`--round` names among the set's rounds, or the last one; an
/// undeclared round is a usage error listing the declared ones.
pub fn round_flag(set: &crate::criteria::CriteriaSet, text: Option<&str>) -> Result<crate::round::Round, Failed> {
    set.rounds.flag_or_last("--stage/--round", text).map_err(|d| Failed(vec![d]))
}

/// Prints diagnostics of a failed load to `err` and returns the input-error exit code.
/// A fatal error for the run, in the run's language (`error: …` on standard error).
pub fn fail(ui: crate::cli::Ui, message: crate::i18n::Msg) -> anyhow::Error {
    fail_in(ui.msg_lang(), message)
}

/// A fatal error in `lang`.
pub fn fail_in(lang: crate::number::Lang, message: crate::i18n::Msg) -> anyhow::Error {
    anyhow::anyhow!(message.get(lang).to_string())
}

pub fn report_failure(f: &Failed, err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    // Diagnostics escape the control characters they quote; bidi overrides are escaped here.
    let text = crate::diag::render_all_with(&f.0, ui.color_err, ui.msg_lang());
    err.write_all(crate::text::visible_bidi(&text).as_bytes())?;
    Ok(crate::cli::EXIT_INPUT)
}

/// Output format of the analysts' reports (`rank`, `compare`, `plan`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
    Markdown,
    Xlsx,
    Html,
}

/// What `-o` may name for the analysts' reports; a name without an extension gets the table.
pub fn report_formats(command: &'static str) -> output::Formats<ReportFormat> {
    output::Formats {
        command,
        by_extension: &[
            ("txt", ReportFormat::Table),
            ("csv", ReportFormat::Csv),
            ("json", ReportFormat::Json),
            ("md", ReportFormat::Markdown),
            ("markdown", ReportFormat::Markdown),
            ("xlsx", ReportFormat::Xlsx),
            ("html", ReportFormat::Html),
            ("htm", ReportFormat::Html),
        ],
        bare: ReportFormat::Table,
        has_flag: true,
    }
}

/// The language of a report, and its width when it is a terminal table.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub lang: crate::number::Lang,
    pub width: usize,
    /// How CSV is written.
    pub csv: crate::render::csv::Dialect,
}

impl Look {
    /// `lang` at the width of a report written to `output` (or standard output).
    pub fn new(lang: crate::number::Lang, ui: crate::cli::Ui, output: Option<&Path>) -> Look {
        Look {
            lang,
            width: ui.width_for(output),
            csv: crate::render::csv::Dialect::Plain,
        }
    }

    /// This look with CSV written in `dialect`.
    pub fn with_csv(self, dialect: crate::render::csv::Dialect) -> Look {
        Look { csv: dialect, ..self }
    }
}

/// Renders sheets (or JSON) in `format` and writes them to `-o FILE` or standard output.
pub fn emit(
    format: ReportFormat,
    output: Option<&Path>,
    sheets: &[crate::render::sheet::Sheet],
    csv_sheet: Option<&crate::render::sheet::Sheet>,
    json: impl FnOnce() -> String,
    look: Look,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let lang = look.lang;
    let bytes: Vec<u8> = match format {
        ReportFormat::Table => {
            let text = sheets.iter().map(|s| s.table_at(lang, look.width)).collect::<Vec<_>>().join("\n");
            crate::text::visible_lines(&text).into_owned().into_bytes()
        }
        ReportFormat::Html => crate::render::html::sheets(sheets, lang).into_bytes(),
        ReportFormat::Markdown => sheets.iter().map(|s| s.markdown(lang)).collect::<Vec<_>>().join("\n").into_bytes(),
        ReportFormat::Csv => csv_sheet
            .or(sheets.first())
            .map(|s| s.csv_in(look.csv))
            .unwrap_or_default()
            .into_bytes(),
        ReportFormat::Json => json().into_bytes(),
        ReportFormat::Xlsx => {
            if output.is_none() {
                return Err(fail_in(
                    lang,
                    crate::msg!(
                        "định dạng xlsx cần ghi ra tệp: hãy thêm `-o bao-cao.xlsx`",
                        "xlsx output needs a file: add `-o report.xlsx`"
                    ),
                ));
            }
            crate::render::sheet::xlsx(sheets)
                .map_err(|e| fail_in(lang, crate::msg!("không tạo được tệp xlsx: {e}", "cannot build the xlsx file: {e}")))?
        }
    };
    match output {
        Some(path) => write_atomic_bytes(path, &bytes).map_err(|e| fail_in(lang, crate::i18n::cannot_write(path, &e))),
        None => Ok(out.write_all(&bytes)?),
    }
}

/// Writes a report that its writer streams (JSON, CSV) to `-o FILE` (atomically, as
/// [`emit`] does) or to standard output, through a buffer: the report is never held whole
/// in memory.
pub fn emit_streamed(
    output: Option<&Path>,
    lang: crate::number::Lang,
    out: &mut dyn Write,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            output::write_with(path, output::Existing::Replace, fill).map_err(|e| fail_in(lang, crate::i18n::cannot_write(path, &e)))
        }
        None => {
            let mut w = io::BufWriter::with_capacity(1 << 16, out);
            fill(&mut w)?;
            Ok(w.flush()?)
        }
    }
}

/// A Word document could not be packed (the zip writer failed).
pub fn docx_failed(lang: crate::number::Lang, e: &crate::render::docx::DocxError) -> anyhow::Error {
    fail_in(lang, crate::msg!("không tạo được tệp docx: {e}", "cannot build the docx file: {e}"))
}

/// Writes a binary document (docx) to `-o FILE`; standard output is refused, as for xlsx,
/// so that a document never lands on a terminal.
pub fn write_binary(output: Option<&Path>, bytes: &[u8], lang: crate::number::Lang) -> anyhow::Result<()> {
    let Some(path) = output else {
        return Err(fail_in(
            lang,
            crate::msg!(
                "định dạng docx cần ghi ra tệp: hãy thêm `-o bao-cao.docx`",
                "docx output needs a file: add `-o report.docx`"
            ),
        ));
    };
    write_atomic_bytes(path, bytes).map_err(|e| fail_in(lang, crate::i18n::cannot_write(path, &e)))
}

/// Like [`write_atomic`], for bytes.
pub fn write_atomic_bytes(path: &Path, bytes: &[u8]) -> io::Result<()> {
    output::write(path, bytes, output::Existing::Replace)
}
