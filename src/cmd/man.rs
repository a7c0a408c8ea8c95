//! `parcalc man`: the manual page (roff) on standard output, one complete page covering
//! every command (see [`crate::help::man`]).

use std::io::Write;

use crate::cli::EXIT_OK;
use crate::number::Lang;

pub fn run(out: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<i32> {
    out.write_all(crate::help::man::page(ui.lang.unwrap_or(Lang::En)).as_bytes())?;
    Ok(EXIT_OK)
}
