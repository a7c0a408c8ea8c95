//! `parcalc template`: an evidence sheet to fill, one row per fact the criteria set needs.

use std::io::Write;
use std::path::PathBuf;

use super::output::{self, Existing, Formats, Preflight};
use crate::cli::{EXIT_INPUT, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Criteria set (TOML).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub criteria: PathBuf,
    /// Only the criteria this agency leads (id, name or short name).
    #[arg(long, value_name = "ID")]
    pub agency: Option<String>,
    /// Output file: .xlsx or .csv (CSV with a UTF-8 BOM so Excel opens it); CSV to
    /// standard output without it (also `-o -`). An existing file is kept unless --force.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// What to write [default: from the -o extension, else CSV].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<TemplateFormat>,
    /// Replace the -o file if it exists.
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_enum, value_name = "DIALECT", default_value = "excel", help = crate::help::CSV_DIALECT_TEMPLATE)]
    pub csv_dialect: crate::render::csv::Dialect,
}

/// What `template` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    Csv,
    Xlsx,
}

/// What `template -o` may name; a name without an extension gets CSV.
const FORMATS: Formats<TemplateFormat> = Formats {
    command: "template",
    by_extension: &[("csv", TemplateFormat::Csv), ("xlsx", TemplateFormat::Xlsx)],
    bare: TemplateFormat::Csv,
    has_flag: true,
};

const EXISTS: output::CreateOnly = output::CreateOnly {
    why: (
        "parcalc template không thay tệp đã có nếu không có --force",
        "parcalc template does not replace a file without --force",
    ),
    help: (
        "thêm --force để thay tệp, hoặc chọn đường dẫn khác bằng -o",
        "add --force to replace it, or choose another path with -o",
    ),
};

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    let ui = ui.settle_lang(&args.criteria);
    let target = output::target(args.output.as_deref());
    let format = or_report!(
        Preflight {
            formats: FORMATS,
            explicit: args.format,
            output: target,
            inputs: vec![("--criteria", args.criteria.as_path())],
            create_only: (!args.force).then_some(EXISTS),
        }
        .check(),
        err,
        ui
    );
    if format == TemplateFormat::Xlsx && target.is_none() {
        let message = crate::msg!(
            "định dạng xlsx cần ghi ra tệp: hãy thêm `-o mau-nhap.xlsx`",
            "xlsx output needs a file: add `-o template.xlsx`"
        );
        writeln!(err, "error: {}", message.get(ui.msg_lang()))?;
        return Ok(EXIT_INPUT);
    }
    let set = or_report!(crate::criteria::load_file(&args.criteria), err, ui);
    let lang = ui.lang.unwrap_or(set.language);
    let rows = match crate::template::rows(&set, args.agency.as_deref(), lang) {
        Ok(r) => r,
        Err(msg) => {
            writeln!(err, "error: {}", crate::text::visible(msg.get(ui.msg_lang())))?;
            return Ok(EXIT_INPUT);
        }
    };
    let sheet = crate::template::sheet(&rows, &set, lang);
    let bytes = match format {
        TemplateFormat::Xlsx => crate::render::sheet::xlsx(std::slice::from_ref(&sheet))
            .map_err(|e| super::fail(ui, crate::msg!("không tạo được tệp xlsx: {e}", "cannot build the xlsx file: {e}")))?,
        TemplateFormat::Csv => sheet.csv_in(args.csv_dialect).into_bytes(),
    };
    let Some(p) = target else {
        out.write_all(&bytes)?;
        return Ok(EXIT_OK);
    };
    let existing = if args.force { Existing::Replace } else { Existing::Keep };
    match output::write(p, &bytes, existing) {
        Ok(()) => Ok(EXIT_OK),
        // Created by someone else since the check above: still not replaced.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            super::report_failure(&crate::diag::Failed(vec![output::exists(p, EXISTS)]), err, ui)
        }
        Err(e) => Err(super::fail(ui, crate::i18n::cannot_write(p, &e))),
    }
}
