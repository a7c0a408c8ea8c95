//! `parcalc template`: an evidence sheet to fill, one row per fact the criteria set needs.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::{EXIT_INPUT, EXIT_OK};
use crate::number::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Criteria set (TOML).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub criteria: PathBuf,
    /// Only the criteria this agency leads (id, name or short name).
    #[arg(long, value_name = "ID")]
    pub agency: Option<String>,
    /// Header and hint language [default: the criteria set's language].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Output file: .xlsx or .csv (CSV with a UTF-8 BOM so Excel opens it); CSV to
    /// standard output without it.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    let set = or_report!(crate::criteria::load_file(&args.criteria), err, ui);
    let lang = args.lang.unwrap_or(set.language);
    let rows = match crate::template::rows(&set, args.agency.as_deref(), lang) {
        Ok(r) => r,
        Err(msg) => {
            writeln!(err, "error: {msg}")?;
            return Ok(EXIT_INPUT);
        }
    };
    let sheet = crate::template::sheet(&rows, &set, lang);
    let xlsx = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx {
        crate::render::sheet::xlsx(std::slice::from_ref(&sheet)).map_err(|e| anyhow::anyhow!("cannot build the xlsx file: {e}"))?
    } else {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend(sheet.csv().into_bytes());
        b
    };
    match &args.output {
        Some(p) => super::write_atomic_bytes(p, &bytes).map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", p.display()))?,
        None => out.write_all(&bytes)?,
    }
    Ok(EXIT_OK)
}
