//! The `parcalc` binary: a thin shell over the library.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let stdout_is_tty = io::stdout().is_terminal();
    let term = parcalc::cli::Terminal {
        stdout_is_tty,
        stderr_is_tty: io::stderr().is_terminal(),
        columns: stdout_is_tty.then(parcalc::terminal::stdout_columns),
        ..parcalc::cli::Terminal::from_env()
    };
    // On Windows the shell leaves patterns (`hồ-sơ\*.csv`) to the program; elsewhere the
    // shell has expanded them and this is `std::env::args_os()`.
    let code = parcalc::cli::run_in(wild::args_os(), &mut out, &mut err, term);
    let code = match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => parcalc::cli::EXIT_INPUT,
        _ => code,
    };
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
