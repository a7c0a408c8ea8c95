//! `parcalc completions SHELL`, generated from the clap definitions (descriptions in the
//! language of the help).

use std::io::Write;

use crate::cli::EXIT_OK;
use crate::number::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(args: &Args, out: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    let mut cmd = crate::help::command(ui.lang.unwrap_or(Lang::En));
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "parcalc", &mut buf);
    out.write_all(&buf)?;
    Ok(EXIT_OK)
}
