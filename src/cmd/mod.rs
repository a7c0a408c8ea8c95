//! One file per subcommand. Each `run` takes its parsed arguments and the output streams
//! and returns the exit code; I/O errors on the streams are passed up.

pub mod check;
pub mod score;

use std::io::{self, Write};
use std::path::Path;

use crate::diag::{Failed, render_all};

/// Writes `text` to `path` atomically: a temporary file in the same directory is renamed
/// over the target only once it is complete, so readers never see half a report.
pub fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Prints diagnostics of a failed load to `err` and returns the input-error exit code.
pub fn report_failure(f: &Failed, err: &mut dyn Write) -> anyhow::Result<i32> {
    err.write_all(render_all(&f.0).as_bytes())?;
    Ok(crate::cli::EXIT_INPUT)
}
