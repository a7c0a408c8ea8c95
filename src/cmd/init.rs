//! `parcalc init`: write a starter criteria set; never overwrites a file (`output-exists`).

use std::io::Write;
use std::path::PathBuf;

use super::output::{self, Existing, Formats, Preflight};
use crate::cli::{EXIT_INPUT, EXIT_OK};
use crate::criteria::UnitLevel;
use crate::number::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LevelArg {
    Province,
    Department,
    District,
    Commune,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The level the set scores.
    #[arg(long, value_enum, default_value = "district")]
    pub level: LevelArg,
    /// The year the set scores.
    #[arg(long, default_value_t = 2025)]
    pub year: i32,
    /// Where to write it (`-`: standard output).
    #[arg(long, short = 'o', value_name = "FILE", default_value = "criteria.toml")]
    pub output: PathBuf,
}

/// `init` writes TOML, to a new file only.
const FORMATS: Formats<()> = Formats {
    command: "init",
    by_extension: &[("toml", ())],
    bare: (),
    has_flag: false,
};

const EXISTS: output::CreateOnly = output::CreateOnly {
    why: ("parcalc init không bao giờ ghi đè tệp", "parcalc init never overwrites a file"),
    help: ("hãy chọn đường dẫn khác bằng -o", "choose another path with -o"),
};

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    let target = output::target(Some(&args.output));
    or_report!(
        Preflight {
            formats: FORMATS,
            explicit: None,
            output: target,
            inputs: Vec::new(),
            create_only: Some(EXISTS),
        }
        .check(),
        err,
        ui
    );
    let level = match args.level {
        LevelArg::Province => UnitLevel::Province,
        LevelArg::Department => UnitLevel::Department,
        LevelArg::District => UnitLevel::District,
        LevelArg::Commune => UnitLevel::Commune,
    };
    if !(1900..=2200).contains(&args.year) {
        let message = crate::msg!("--year phải từ 1900 đến 2200", "--year must be between 1900 and 2200");
        writeln!(err, "error: {}", message.get(ui.msg_lang()))?;
        return Ok(EXIT_INPUT);
    }
    let text = crate::init::starter(level, ui.lang.unwrap_or(Lang::Vi), args.year);
    if target.is_none() {
        out.write_all(text.as_bytes())?;
        return Ok(EXIT_OK);
    }
    // Written whole and then linked into place without replacing anything: no
    // check-then-write race, no half-written criteria file, and the mode follows the umask.
    match output::write(&args.output, text.as_bytes(), Existing::Keep) {
        Ok(()) => {
            let path = args.output.display();
            let message = crate::msg!(
                "đã ghi {path} — hãy kiểm tra bằng: parcalc check --criteria {path}",
                "wrote {path} — check it with: parcalc check --criteria {path}"
            );
            writeln!(out, "{}", message.get(ui.msg_lang()))?;
            Ok(EXIT_OK)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            super::report_failure(&crate::diag::Failed(vec![output::exists(&args.output, EXISTS)]), err, ui)
        }
        Err(e) => Err(super::fail(ui, crate::i18n::cannot_write(&args.output, &e))),
    }
}
