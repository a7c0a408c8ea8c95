//! The `-o FILE` of every command: which format a file name asks for, refusing to write over
//! an input, and writing the file so that nothing is lost.
//!
//! All checks run before any input is read, so a refused `-o` leaves every file as it was:
//!
//! - `-o` naming an input (the same path, or the same file through a symlink or a hard link)
//!   is refused with `output-is-input`;
//! - an extension the command cannot write is refused with `output-format`, unless
//!   `--format` says what to write; a name without an extension gets the command's
//!   standard-output format (the terminal table, or CSV for `template`);
//! - commands that create files (`init`, and `template` without `--force`) refuse an
//!   existing file with `output-exists`;
//! - `-o -` is standard output ([`target`]): no file, so it clashes with no input.
//!
//! Files are written atomically (a temporary file renamed over the target). A new file gets
//! the mode `0666` less the umask, like any file a shell redirection creates; a replaced file
//! keeps its mode; a symlink is followed so the link stays; a device or pipe is written in
//! place.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Failed, Location};
use crate::msg;

/// The formats a command writes: each extension (lower case, no dot) with its format, and the
/// format for a name without an extension (and for standard output).
#[derive(Debug, Clone, Copy)]
pub struct Formats<F: 'static> {
    /// The command, for messages (`score`, `plan` …).
    pub command: &'static str,
    pub by_extension: &'static [(&'static str, F)],
    pub bare: F,
    /// The command has a `--format` option that overrides the extension.
    pub has_flag: bool,
}

impl<F: Copy> Formats<F> {
    fn extensions(&self) -> String {
        self.by_extension
            .iter()
            .map(|(e, _)| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The format for `-o path`: the explicit `--format`, else the one its extension names.
    fn of(&self, explicit: Option<F>, output: Option<&Path>) -> Result<F, Diagnostic> {
        if let Some(f) = explicit {
            return Ok(f);
        }
        let Some(path) = output else { return Ok(self.bare) };
        // A device or pipe (`-o /dev/stdout`) has no meaningful name.
        if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            return Ok(self.bare);
        }
        let Some(ext) = path.extension() else { return Ok(self.bare) };
        let ext = ext.to_string_lossy().to_ascii_lowercase();
        if let Some((_, f)) = self.by_extension.iter().find(|(e, _)| *e == ext) {
            return Ok(*f);
        }
        let help = if self.has_flag {
            msg!(
                "hãy đặt tên tệp -o với một trong các đuôi này, hoặc chọn định dạng bằng --format",
                "end the -o name with one of these, or say what to write with --format"
            )
        } else {
            msg!("hãy đặt tên tệp -o với một trong các đuôi này", "end the -o name with one of these")
        };
        let (command, extensions) = (self.command, self.extensions());
        Err(Diagnostic::error(
            Code::OutputFormat,
            msg!(
                "`parcalc {command}` không ghi được tệp `.{ext}`; lệnh này ghi {extensions}",
                "`parcalc {command}` cannot write `.{ext}` files; it writes {extensions}"
            ),
        )
        .at(Location::file_only(path.display().to_string().into()))
        .help(help))
    }
}

/// The file `-o` names, or `None` for standard output: `-o -` means standard output, never a
/// file called `-` (write `./-` for that).
pub fn target(output: Option<&Path>) -> Option<&Path> {
    output.filter(|p| p.as_os_str() != "-")
}

/// One input file of a command, with the option that named it (`--evidence`).
pub type Input<'a> = (&'static str, &'a Path);

/// The inputs of a run: its criteria file and evidence files.
pub fn run_inputs<'a>(criteria: &'a Path, evidence: &'a [std::path::PathBuf]) -> Vec<Input<'a>> {
    flagged_inputs(criteria, &[("--evidence", evidence)])
}

/// The inputs of a run, each file with the option it was given to (`--evidence`,
/// `--answers`).
pub fn flagged_inputs<'a>(criteria: &'a Path, files: &[(&'static str, &'a [std::path::PathBuf])]) -> Vec<Input<'a>> {
    std::iter::once(("--criteria", criteria))
        .chain(
            files
                .iter()
                .flat_map(|(flag, files)| files.iter().map(move |f| (*flag, f.as_path()))),
        )
        .collect()
}

/// What to check about `-o` before a command reads anything.
pub struct Preflight<'a, F: 'static> {
    pub formats: Formats<F>,
    pub explicit: Option<F>,
    pub output: Option<&'a Path>,
    pub inputs: Vec<Input<'a>>,
    /// Refuse an existing file (`init`, `template` without `--force`): the end of the
    /// message and the help line.
    pub create_only: Option<CreateOnly>,
}

impl<'a, F: Copy> Preflight<'a, F> {
    /// The check of a report command: `-o` names a format the command writes and no input.
    pub fn report(formats: Formats<F>, explicit: Option<F>, output: Option<&'a Path>, inputs: Vec<Input<'a>>) -> Result<F, Failed> {
        Preflight {
            formats,
            explicit,
            output,
            inputs,
            create_only: None,
        }
        .check()
    }

    /// The format to write, or every problem with `-o` at once.
    pub fn check(&self) -> Result<F, Failed> {
        let mut problems = Vec::new();
        let format = self.formats.of(self.explicit, self.output).map_err(|d| problems.push(d)).ok();
        if let Some(out) = self.output {
            let mut named = Vec::new();
            for (flag, input) in &self.inputs {
                if same_file(out, input) && !named.contains(flag) {
                    named.push(*flag);
                }
            }
            if !named.is_empty() {
                problems.push(
                    Diagnostic::error(
                        Code::OutputIsInput,
                        msg!(
                            "`-o {}` cũng là tệp đầu vào ({}); ghi báo cáo vào đó sẽ xóa mất tệp",
                            "`-o {}` is also an input ({}); writing the report there would destroy it",
                            out.display(),
                            named.join(", ")
                        ),
                    )
                    .at(Location::file_only(out.display().to_string().into()))
                    .help(msg!("hãy ghi báo cáo vào tệp khác", "write the report to another file")),
                );
            }
            if let Some(refusal) = self.create_only
                && fs::symlink_metadata(out).is_ok()
                && !is_device(out)
            {
                problems.push(exists(out, refusal));
            }
        }
        match format {
            Some(f) if problems.is_empty() => Ok(f),
            _ => Err(Failed(problems)),
        }
    }
}

/// Why a command refuses to replace a file, and what to do instead: `(vi, en)` pairs.
#[derive(Debug, Clone, Copy)]
pub struct CreateOnly {
    pub why: (&'static str, &'static str),
    pub help: (&'static str, &'static str),
}

/// The `output-exists` diagnostic: `why` ends the message, `help` says how to proceed.
pub fn exists(out: &Path, refusal: CreateOnly) -> Diagnostic {
    let ((why_vi, why_en), (help_vi, help_en)) = (refusal.why, refusal.help);
    Diagnostic::error(
        Code::OutputExists,
        msg!("`{}` đã có; {why_vi}", "`{}` already exists; {why_en}", out.display()),
    )
    .at(Location::file_only(out.display().to_string().into()))
    .help(crate::i18n::Msg::new(help_vi, help_en))
}

fn is_device(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Whether writing `output` would write over `input`. Files that exist are compared by
/// identity (device and inode on unix, so hard links and symlinks are seen through; the
/// canonical path elsewhere); otherwise the absolute paths are compared. A device or pipe is
/// written in place and never replaced, so it clashes with nothing.
pub fn same_file(output: &Path, input: &Path) -> bool {
    match (fs::metadata(output), fs::metadata(input)) {
        (Ok(o), _) if !o.is_file() => false,
        (Ok(o), Ok(i)) => identical(output, &o, input, &i),
        _ => lexical(output) == lexical(input),
    }
}

#[cfg(unix)]
fn identical(_: &Path, o: &fs::Metadata, _: &Path, i: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    o.dev() == i.dev() && o.ino() == i.ino()
}

#[cfg(not(unix))]
fn identical(output: &Path, _: &fs::Metadata, input: &Path, _: &fs::Metadata) -> bool {
    match (fs::canonicalize(output), fs::canonicalize(input)) {
        (Ok(o), Ok(i)) => o == i,
        _ => lexical(output) == lexical(input),
    }
}

/// The absolute path with `.` and `..` resolved by name.
fn lexical(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    Keep,
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory is renamed
/// over the target only once it is complete, so readers never see half a report. With
/// [`Existing::Keep`] an existing file is left alone and the error kind is `AlreadyExists`.
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    write_with(path, existing, |w| w.write_all(bytes))
}

/// Like [`write`], with the content written by `fill` into a buffered writer on the
/// temporary file (or on the device), so a large report is never held whole in memory. An
/// error from `fill` leaves the target as it was (the temporary file is removed).
pub fn write_with(path: &Path, existing: Existing, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    // A device or pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written in place:
    // renaming a temporary file over it would replace the device itself.
    if let Ok(meta) = fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut w = io::BufWriter::new(fs::OpenOptions::new().write(true).open(path)?);
        fill(&mut w)?;
        return w.flush();
    }
    // Through a symlink, the file it points to is replaced and the link stays.
    let target = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() && existing == Existing::Replace => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    };
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let previous = fs::metadata(&target).ok().filter(fs::Metadata::is_file);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".parcalc-");
    // tempfile creates 0600 files by default. A new file asks for 0666 and the kernel
    // applies the umask at creation, as for any new file (no umask read, so no race with
    // other threads). A replaced file keeps its mode (set-id bits are not carried over): the
    // temporary file is created with it (the umask may only narrow it) and set to it exactly
    // before any byte is written, so the report is never readable by more users than the
    // file it replaces.
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        let mode = previous.as_ref().map_or(0o666, |m| m.permissions().mode() & 0o777);
        builder.permissions(fs::Permissions::from_mode(mode));
        mode
    };
    let mut tmp = builder.tempfile_in(dir)?;
    #[cfg(unix)]
    if previous.is_some() {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    if let Some(prev) = &previous {
        tmp.as_file().set_permissions(prev.permissions())?;
    }
    {
        let mut w = io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        fill(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    match existing {
        Existing::Replace => tmp.persist(&target).map_err(|e| e.error)?,
        Existing::Keep => tmp.persist_noclobber(&target).map_err(|e| e.error)?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths_resolve_dots() {
        assert_eq!(lexical(Path::new("/a/./b/../c.csv")), PathBuf::from("/a/c.csv"));
        assert!(same_file(Path::new("/nonexistent/x/../e.csv"), Path::new("/nonexistent/e.csv")));
        assert!(!same_file(Path::new("/nonexistent/a.csv"), Path::new("/nonexistent/b.csv")));
    }

    #[test]
    fn devices_clash_with_nothing() {
        assert!(!same_file(Path::new("/dev/null"), Path::new("/dev/null")));
    }
}
