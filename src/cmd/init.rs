//! `parcalc init`: write a starter criteria set; never overwrites a file.

use std::io::Write;
use std::path::PathBuf;

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
    /// The set's report language.
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: Lang,
    /// The year the set scores.
    #[arg(long, default_value_t = 2025)]
    pub year: i32,
    /// Where to write it.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "criteria.toml")]
    pub output: PathBuf,
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write, _ui: crate::cli::Ui) -> anyhow::Result<i32> {
    let level = match args.level {
        LevelArg::Province => UnitLevel::Province,
        LevelArg::Department => UnitLevel::Department,
        LevelArg::District => UnitLevel::District,
        LevelArg::Commune => UnitLevel::Commune,
    };
    if !(1900..=2200).contains(&args.year) {
        writeln!(err, "error: --year must be between 1900 and 2200")?;
        return Ok(EXIT_INPUT);
    }
    let text = crate::init::starter(level, args.lang, args.year);
    // `create_new` refuses an existing file atomically: no check-then-write race.
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&args.output);
    match file {
        Ok(mut f) => {
            f.write_all(text.as_bytes())?;
            writeln!(
                out,
                "wrote {} — check it with: parcalc check --criteria {}",
                args.output.display(),
                args.output.display()
            )?;
            Ok(EXIT_OK)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            writeln!(
                err,
                "error: `{}` already exists; parcalc init never overwrites a file (choose another path with -o)",
                args.output.display()
            )?;
            Ok(EXIT_INPUT)
        }
        Err(e) => Err(anyhow::anyhow!("cannot write `{}`: {e}", args.output.display())),
    }
}
