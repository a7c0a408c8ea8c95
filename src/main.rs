//! The `parcalc` binary: a thin shell over the library.

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let code = parcalc::cli::run(std::env::args_os(), &mut out, &mut err);
    let code = match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => parcalc::cli::EXIT_INPUT,
        _ => code,
    };
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
