//! The `--evidence` arguments of a command, as people type them: files, folders and `-`
//! (see [`crate::evidence::source`]). Folders are listed before `-o` is checked, so `-o`
//! cannot name a file a folder contributes; standard input is read after that check, so a
//! refused `-o` consumes nothing.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Failed, Location};
use crate::evidence::Source;
use crate::evidence::source::{Input, Resolver, STDIN_NAME, read_stdin};
use crate::msg;

/// The evidence options of one run, resolved, in the order they were given.
#[derive(Debug)]
pub struct EvidenceArgs {
    lists: Vec<Vec<Input>>,
    warnings: Vec<Diagnostic>,
}

/// Resolves every evidence option of a run (`compare` has three); any error stops the run.
/// A new `-o` file that a folder given to `--evidence` would read is refused too: the report
/// would become evidence on the next run. (An existing one is an input, refused by the `-o`
/// check.)
pub fn resolve(options: &[(&'static str, &[PathBuf])], output: Option<&Path>) -> Result<EvidenceArgs, Failed> {
    let (args, mut problems, folders) = resolve_with_folders(options);
    if let Some(out) = output
        && let Some((flag, folder)) = folders.iter().find(|(_, f)| inside(out, f))
    {
        problems.push(report_in_folder(out, flag, folder));
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failed(problems));
    }
    Ok(EvidenceArgs {
        warnings: problems,
        ..args
    })
}

/// Resolves every evidence option and returns the problems beside what could be resolved
/// (`check` reports them with its other findings).
pub fn resolve_all(options: &[(&'static str, &[PathBuf])]) -> (EvidenceArgs, Vec<Diagnostic>) {
    let (args, problems, _) = resolve_with_folders(options);
    (args, problems)
}

type Folders = Vec<(&'static str, PathBuf)>;

fn resolve_with_folders(options: &[(&'static str, &[PathBuf])]) -> (EvidenceArgs, Vec<Diagnostic>, Folders) {
    let mut resolver = Resolver::new();
    let lists = options.iter().map(|(flag, args)| resolver.resolve(flag, args)).collect();
    let args = EvidenceArgs {
        lists,
        warnings: Vec::new(),
    };
    (args, resolver.problems, resolver.folders)
}

/// Whether `out` is a file directly in `folder` that the folder would contribute.
fn inside(out: &Path, folder: &Path) -> bool {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::evidence::source::would_read(out)
        && !std::fs::metadata(out).is_ok_and(|m| m.is_file())
        && matches!((std::fs::canonicalize(parent), std::fs::canonicalize(folder)), (Ok(a), Ok(b)) if a == b)
}

fn report_in_folder(out: &Path, flag: &str, folder: &Path) -> Diagnostic {
    let name = out.display().to_string();
    Diagnostic::error(
        Code::OutputIsInput,
        msg!(
            "`-o {name}` nằm trong thư mục `{}` đưa vào {flag}; lần chạy sau sẽ đọc báo cáo như số liệu kiểm chứng",
            "`-o {name}` is in the folder `{}` given to {flag}; the next run would read the report as evidence",
            folder.display()
        ),
    )
    .at(Location::file_only(name.into()))
    .help(msg!(
        "hãy ghi báo cáo vào thư mục khác, hoặc dạng .json, .html hay .md (thư mục số liệu kiểm chứng không đọc các tệp này)",
        "write the report to another folder, or as .json, .html or .md, which a folder of evidence does not read"
    ))
}

impl EvidenceArgs {
    /// The files of the `i`-th option, for the `-o` check (standard input is no file).
    pub fn files(&self, i: usize) -> Vec<PathBuf> {
        self.lists
            .get(i)
            .into_iter()
            .flatten()
            .filter_map(|input| match input {
                Input::File(p) => Some(p.clone()),
                Input::Stdin => None,
            })
            .collect()
    }

    /// Whether standard input is one of the inputs.
    pub fn uses_stdin(&self) -> bool {
        self.lists.iter().flatten().any(|i| *i == Input::Stdin)
    }

    /// Prints the warnings found while resolving (skipped lock files) to `err`, reads
    /// standard input if `-` was given, and returns the sources of each option.
    pub fn read(self, err: &mut dyn Write, ui: crate::cli::Ui) -> anyhow::Result<Result<Vec<Vec<Source>>, Failed>> {
        for w in &self.warnings {
            writeln!(err, "{}\n", crate::text::visible_bidi(&w.render_with(ui.color_err, ui.msg_lang())))?;
        }
        let (sources, problems) = self.read_all();
        Ok(if problems.is_empty() { Ok(sources) } else { Err(Failed(problems)) })
    }

    /// Reads standard input if `-` was given; the problems reading it are returned beside the
    /// sources (without standard input).
    pub fn read_all(self) -> (Vec<Vec<Source>>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let stdin = if self.uses_stdin() {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                problems.push(
                    Diagnostic::error(
                        Code::FileRead,
                        msg!(
                            "`-` đọc số liệu kiểm chứng từ đầu vào chuẩn, nhưng đầu vào chuẩn đang là cửa sổ dòng lệnh",
                            "`-` reads the evidence from standard input, but standard input is the terminal"
                        ),
                    )
                    .at(Location::file_only(STDIN_NAME.into()))
                    .help(msg!(
                        "hãy chuyển tệp CSV vào parcalc (`--evidence - < so-lieu.csv`), hoặc ghi đường dẫn tệp",
                        "pipe or redirect a CSV file into parcalc (`--evidence - < evidence.csv`), or give the file's path"
                    )),
                );
                None
            } else {
                read_stdin(stdin.lock()).map_err(|d| problems.push(d)).ok()
            }
        } else {
            None
        };
        let sources = self
            .lists
            .into_iter()
            .map(|list| {
                list.into_iter()
                    .filter_map(|input| match input {
                        Input::File(p) => Some(Source::File(p)),
                        Input::Stdin => stdin.clone().map(Source::Stdin),
                    })
                    .collect()
            })
            .collect();
        (sources, problems)
    }
}
