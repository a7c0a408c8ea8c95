//! `parcalc completions SHELL` and `parcalc man`, both generated from the clap definitions.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<i32> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "parcalc", &mut buf);
    out.write_all(&buf)?;
    Ok(EXIT_OK)
}

pub fn man(out: &mut dyn Write) -> anyhow::Result<i32> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    out.write_all(&buf)?;
    Ok(EXIT_OK)
}
