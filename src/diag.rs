//! Diagnostics: every problem parcalc reports about its inputs, with a stable kebab-case
//! code, a location (file, line, column, and the CSV header where there is one), the bad
//! value, and a hint. Loaders collect all diagnostics instead of stopping at the first.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::i18n::Msg;
use crate::number::Lang;

/// Stable diagnostic codes. Documented one heading each in `docs/checks.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    // reading files
    FileRead,
    NotUtf8,
    // criteria files
    TomlSyntax,
    TomlSchema,
    InvalidNumber,
    InvalidCode,
    DuplicateCode,
    MissingParent,
    MaxMismatch,
    TotalMismatch,
    MissingRule,
    RuleOnParent,
    InvalidRule,
    PointsAboveMax,
    TierOverlap,
    TierGap,
    TierOrder,
    InvalidInterval,
    InvalidDate,
    FormulaSyntax,
    FormulaUnknownVariable,
    UnknownAgency,
    DuplicateAgency,
    BandOrder,
    InvalidRounding,
    InvalidSetting,
    MaxPrecision,
    InvalidSurvey,
    // evidence files
    CsvSyntax,
    MissingColumn,
    UnknownColumn,
    UnknownCriterion,
    InvalidValue,
    AmbiguousNumber,
    RatioOutOfRange,
    ConflictingRows,
    MissingDocument,
    NotApplicableForbidden,
    YearMismatch,
    UnitAmbiguous,
    DivisionByZero,
    ValueAboveMax,
    EmptyEvidence,
    // survey answer files (`--answers`)
    InvalidAnswer,
    SurveyTwice,
    NoEvidence,
    // remediation plan files (`track --plan`)
    InvalidPlan,
    // output files (`-o`)
    OutputIsInput,
    OutputFormat,
    OutputExists,
}

impl Code {
    pub const ALL: [Code; 50] = [
        Code::FileRead,
        Code::NotUtf8,
        Code::TomlSyntax,
        Code::TomlSchema,
        Code::InvalidNumber,
        Code::InvalidCode,
        Code::DuplicateCode,
        Code::MissingParent,
        Code::MaxMismatch,
        Code::TotalMismatch,
        Code::MissingRule,
        Code::RuleOnParent,
        Code::InvalidRule,
        Code::PointsAboveMax,
        Code::TierOverlap,
        Code::TierGap,
        Code::TierOrder,
        Code::InvalidInterval,
        Code::InvalidDate,
        Code::FormulaSyntax,
        Code::FormulaUnknownVariable,
        Code::UnknownAgency,
        Code::DuplicateAgency,
        Code::BandOrder,
        Code::InvalidRounding,
        Code::InvalidSetting,
        Code::MaxPrecision,
        Code::InvalidSurvey,
        Code::CsvSyntax,
        Code::MissingColumn,
        Code::UnknownColumn,
        Code::UnknownCriterion,
        Code::InvalidValue,
        Code::AmbiguousNumber,
        Code::RatioOutOfRange,
        Code::ConflictingRows,
        Code::MissingDocument,
        Code::NotApplicableForbidden,
        Code::YearMismatch,
        Code::UnitAmbiguous,
        Code::DivisionByZero,
        Code::ValueAboveMax,
        Code::EmptyEvidence,
        Code::InvalidAnswer,
        Code::SurveyTwice,
        Code::NoEvidence,
        Code::InvalidPlan,
        Code::OutputIsInput,
        Code::OutputFormat,
        Code::OutputExists,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::FileRead => "file-read",
            Code::NotUtf8 => "not-utf8",
            Code::TomlSyntax => "toml-syntax",
            Code::TomlSchema => "toml-schema",
            Code::InvalidNumber => "invalid-number",
            Code::InvalidCode => "invalid-code",
            Code::DuplicateCode => "duplicate-code",
            Code::MissingParent => "missing-parent",
            Code::MaxMismatch => "max-mismatch",
            Code::TotalMismatch => "total-mismatch",
            Code::MissingRule => "missing-rule",
            Code::RuleOnParent => "rule-on-parent",
            Code::InvalidRule => "invalid-rule",
            Code::PointsAboveMax => "points-above-max",
            Code::TierOverlap => "tier-overlap",
            Code::TierGap => "tier-gap",
            Code::TierOrder => "tier-order",
            Code::InvalidInterval => "invalid-interval",
            Code::InvalidDate => "invalid-date",
            Code::FormulaSyntax => "formula-syntax",
            Code::FormulaUnknownVariable => "formula-unknown-variable",
            Code::UnknownAgency => "unknown-agency",
            Code::DuplicateAgency => "duplicate-agency",
            Code::BandOrder => "band-order",
            Code::InvalidRounding => "invalid-rounding",
            Code::InvalidSetting => "invalid-setting",
            Code::MaxPrecision => "max-precision",
            Code::InvalidSurvey => "invalid-survey",
            Code::CsvSyntax => "csv-syntax",
            Code::MissingColumn => "missing-column",
            Code::UnknownColumn => "unknown-column",
            Code::UnknownCriterion => "unknown-criterion",
            Code::InvalidValue => "invalid-value",
            Code::AmbiguousNumber => "ambiguous-number",
            Code::RatioOutOfRange => "ratio-out-of-range",
            Code::ConflictingRows => "conflicting-rows",
            Code::MissingDocument => "missing-document",
            Code::NotApplicableForbidden => "not-applicable-forbidden",
            Code::YearMismatch => "year-mismatch",
            Code::UnitAmbiguous => "unit-ambiguous",
            Code::DivisionByZero => "division-by-zero",
            Code::ValueAboveMax => "value-above-max",
            Code::EmptyEvidence => "empty-evidence",
            Code::InvalidAnswer => "invalid-answer",
            Code::SurveyTwice => "survey-twice",
            Code::NoEvidence => "no-evidence",
            Code::InvalidPlan => "invalid-plan",
            Code::OutputIsInput => "output-is-input",
            Code::OutputFormat => "output-format",
            Code::OutputExists => "output-exists",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A source file kept in memory so diagnostics can quote the offending line.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: Arc<str>,
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            name: name.into(),
            text,
            line_starts: starts.into(),
        }
    }

    /// The location of a byte range: 1-based line and column (in characters).
    pub fn locate(&self, span: Range<usize>) -> Location {
        let start = span.start.min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&start) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts[line_idx];
        let line_end = self.text[line_start..].find('\n').map_or(self.text.len(), |i| line_start + i);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let start = floor_char(&self.text, start);
        let column = self.text[line_start..start.max(line_start)].chars().count() + 1;
        let end = floor_char(&self.text, span.end.min(line_start + line_text.len()).max(start));
        Location {
            file: self.name.clone(),
            line: line_idx + 1,
            column,
            field: None,
            excerpt: Some(Excerpt::new(line_text, start - line_start, end - line_start)),
        }
    }

    /// The location of a whole line (1-based), caret under its first character.
    pub fn locate_line(&self, line: usize) -> Location {
        match self.line_starts.get(line.saturating_sub(1)) {
            Some(&start) => {
                let mut loc = self.locate(start..start);
                let len = loc.excerpt.as_ref().map_or(0, |e| e.line.len());
                if let Some(e) = loc.excerpt.as_mut() {
                    e.end = len;
                }
                loc
            }
            None => Location::file_line(self.name.clone(), line),
        }
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The quoted source line and the byte range in it to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub line: String,
    pub start: usize,
    pub end: usize,
}

impl Excerpt {
    /// Most bytes of a source line quoted around the underlined range: a line of megabytes
    /// is shown as the part that matters, never whole.
    pub const WINDOW: usize = 240;

    /// An excerpt of `line` underlining `start..end`, cut to a window around the range (cut
    /// ends are marked with `…`).
    pub fn new(line: &str, start: usize, end: usize) -> Excerpt {
        let start = floor_char(line, start.min(line.len()));
        let end = floor_char(line, end.min(line.len()).max(start));
        if line.len() <= Self::WINDOW {
            return Excerpt {
                line: line.to_string(),
                start,
                end,
            };
        }
        let from = floor_char(line, start.saturating_sub(Self::WINDOW / 4));
        let to = floor_char(line, (end.min(start + Self::WINDOW / 2) + Self::WINDOW / 4).min(line.len()));
        let to = if to < end {
            floor_char(line, (start + Self::WINDOW / 2).min(line.len()))
        } else {
            to
        };
        let prefix = if from > 0 { "…" } else { "" };
        let suffix = if to < line.len() { "…" } else { "" };
        let text = format!("{prefix}{}{suffix}", &line[from..to]);
        Excerpt {
            start: start - from + prefix.len(),
            end: end.min(to) - from + prefix.len(),
            line: text,
        }
    }
}

/// Where a problem is: file, line, column, and for CSV input the column header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: Arc<str>,
    pub line: usize,
    pub column: usize,
    pub field: Option<String>,
    pub excerpt: Option<Excerpt>,
}

impl Location {
    pub fn file_only(file: Arc<str>) -> Location {
        Location {
            file,
            line: 0,
            column: 0,
            field: None,
            excerpt: None,
        }
    }

    pub fn file_line(file: Arc<str>, line: usize) -> Location {
        Location {
            file,
            line,
            column: 0,
            field: None,
            excerpt: None,
        }
    }

    /// `file:line:col`, leaving out parts that are unknown.
    pub fn position(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.file.to_string(),
            (l, 0) => format!("{}:{l}", self.file),
            (l, c) => format!("{}:{l}:{c}", self.file),
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: Msg,
    pub location: Option<Location>,
    pub help: Option<Msg>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<Msg>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into().map_lang(one_line),
            location: None,
            help: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<Msg>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    pub fn at_opt(mut self, location: Option<Location>) -> Diagnostic {
        self.location = location;
        self
    }

    pub fn help(mut self, help: impl Into<Msg>) -> Diagnostic {
        self.help = Some(help.into().map_lang(one_line));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (String, usize, usize, Severity, Code, Msg) {
        let loc = self.location.as_ref();
        (
            loc.map_or(String::new(), |l| l.file.to_string()),
            loc.map_or(0, |l| l.line),
            loc.map_or(0, |l| l.column),
            self.severity,
            self.code,
            self.message.clone(),
        )
    }

    /// Rendered like a compiler error in `lang`: `error[code]: message`, `--> file:line:col`,
    /// the source line with carets under the problem, and `= help: …`. The code and the
    /// word before it stay the same in both languages, so scripts and searches find them.
    pub fn render(&self, lang: Lang) -> String {
        self.render_with(false, lang)
    }

    /// The message in `lang`, with the CSV column it is about.
    pub fn message_in(&self, lang: Lang) -> String {
        let mut message = self.message.get(lang).to_string();
        if let Some(field) = self.location.as_ref().and_then(|l| l.field.as_ref()) {
            let column = crate::i18n::tr(lang, "cột", "column");
            let _ = write!(message, " ({column} `{field}`)");
        }
        message
    }

    /// Like [`Diagnostic::render`], with ANSI colours when `color` is set.
    pub fn render_with(&self, color: bool, lang: Lang) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = self.message_in(lang);
        let title = level.clone().primary_title(message.as_str()).id(self.code.as_str());
        // File names come from the command line and from folders: nothing in them may drive
        // a terminal either.
        let position = self.location.as_ref().map(|l| crate::text::visible(&l.position()).into_owned());
        let file = self
            .location
            .as_ref()
            .map_or(String::new(), |l| crate::text::visible(&l.file).into_owned());
        let mut group = match (&self.location, &position) {
            (
                Some(Location {
                    excerpt: Some(ex), line, ..
                }),
                Some(_),
            ) if *line > 0 => {
                // Clamp to the line and to character boundaries: a bad range must never
                // turn a diagnostic into a crash.
                let text = printable(&ex.line);
                let start = floor_char(&text, ex.start.min(text.len()));
                let end = floor_char(&text, ex.end.min(text.len()));
                let end = if end > start { end } else { next_char_end(&text, start) };
                title.element(
                    Snippet::source(text)
                        .line_start(*line)
                        .path(file.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )
            }
            (_, Some(pos)) => title.element(annotate_snippets::Origin::path(pos.as_str())),
            _ => annotate_snippets::Group::with_title(title),
        };
        if let Some(help) = &self.help {
            let level = match lang {
                Lang::Vi => Level::HELP.with_name("gợi ý"),
                Lang::En => Level::HELP,
            };
            group = group.element(level.message(help.get(lang)));
        }
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        renderer.render(&[group]).to_string()
    }
}

/// Messages quote user input; line breaks and control characters in it are escaped so a
/// diagnostic stays one line and cannot drive the terminal, and a quoted value longer than
/// [`QUOTE_LIMIT`] characters is cut (a 100 MB cell is never echoed whole).
fn one_line(lang: Lang, text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * QUOTE_LIMIT));
    let mut quoted = 0usize; // characters inside the current `…` quote
    let mut inside = false;
    let mut cut = 0usize; // characters left out of the current quote
    for c in text.chars() {
        if c == '`' {
            if inside && cut > 0 {
                out.push_str(&more_characters(lang, cut));
            }
            inside = !inside;
            quoted = 0;
            cut = 0;
            out.push(c);
            continue;
        }
        if inside {
            quoted += 1;
            if quoted > QUOTE_LIMIT {
                cut += 1;
                continue;
            }
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    if inside && cut > 0 {
        out.push_str(&more_characters(lang, cut));
    }
    out
}

fn more_characters(lang: Lang, cut: usize) -> String {
    match lang {
        Lang::Vi => format!("… (còn {cut} ký tự)"),
        Lang::En => format!("… ({cut} more characters)"),
    }
}

/// Most characters of a value quoted in a message.
pub const QUOTE_LIMIT: usize = 120;

/// Bidirectional overrides and isolates, which can make a line read differently from its
/// bytes; they are shown escaped.
fn is_bidi_control(c: char) -> bool {
    crate::text::is_hidden_control(c)
}

/// A source line made safe to print: control characters become spaces of the same byte
/// length, so byte ranges into the line stay valid.
fn printable(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                " ".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn next_char_end(line: &str, start: usize) -> usize {
    line[start.min(line.len())..].chars().next().map_or(start, |c| start + c.len_utf8())
}

/// Sorts diagnostics by file, line, column, then severity and code, and removes repeats.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by_key(Diagnostic::sort_key);
    diags.dedup();
}

/// All diagnostics rendered in `lang`, separated by blank lines, with a one-line summary.
pub fn render_all(diags: &[Diagnostic], lang: Lang) -> String {
    render_all_with(diags, false, lang)
}

/// Like [`render_all`], with ANSI colours when `color` is set.
pub fn render_all_with(diags: &[Diagnostic], color: bool, lang: Lang) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.render_with(color, lang));
        out.push_str("\n\n");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    out.push_str(&tally(lang, errors, warnings));
    out.push('\n');
    out
}

/// `2 error(s), 1 warning(s)` in `lang`.
pub fn tally(lang: Lang, errors: usize, warnings: usize) -> String {
    match lang {
        Lang::Vi => format!("{errors} lỗi, {warnings} cảnh báo"),
        Lang::En => format!("{errors} error(s), {warnings} warning(s)"),
    }
}

/// A failed load or score: the diagnostics that explain why.
#[derive(Debug, thiserror::Error)]
#[error("{}", render_all(.0, Lang::En))]
pub struct Failed(pub Vec<Diagnostic>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()))
        );
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn locates_lines_and_columns() {
        let src = SourceFile::new("a.toml", "x = 1\nmax = \"abc\"\n");
        let loc = src.locate(12..17);
        assert_eq!((loc.line, loc.column), (2, 7));
        assert_eq!(loc.position(), "a.toml:2:7");
        let d = Diagnostic::error(Code::InvalidNumber, Msg::same("`abc` is not a number"))
            .at(loc)
            .help(Msg::same("write a number such as 2.5"));
        assert_eq!(
            d.render(Lang::En),
            "error[invalid-number]: `abc` is not a number\n --> a.toml:2:7\n  |\n2 | max = \"abc\"\n  |       ^^^^^\n  |\n  = help: write a number such as 2.5"
        );
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(100_000);
        let d = Diagnostic::error(Code::InvalidValue, Msg::same(format!("`{long}` is not yes/no")));
        assert_eq!(
            d.message.en(),
            format!("`{}… (99880 more characters)` is not yes/no", "x".repeat(QUOTE_LIMIT))
        );
        let d = Diagnostic::error(Code::InvalidValue, Msg::same("`a\u{1b}]52;c;aGk=\u{7}\u{202e}b` bad"));
        assert_eq!(d.message.en(), "`a\\u{1b}]52;c;aGk=\\u{7}\\u{202e}b` bad");
        let line = format!("1.1,{long}");
        let e = Excerpt::new(&line, 4, line.len());
        assert!(e.line.len() <= Excerpt::WINDOW + 8, "{}", e.line.len());
        assert!(e.line.starts_with("1.1,x") && e.line.ends_with('…'));
        assert_eq!(&e.line[e.start..e.start + 1], "x");
        let e = Excerpt::new(&line, 90_000, 90_005);
        assert!(e.line.starts_with('…') && e.line.ends_with('…'));
        assert_eq!(e.end - e.start, 5);
    }

    #[test]
    fn file_names_cannot_drive_the_terminal() {
        let name = "x\u{1b}]52;c;aGk=\u{7}.csv";
        let d = Diagnostic::error(Code::FileRead, Msg::same("bad")).at(Location::file_only(name.into()));
        assert_eq!(d.render(Lang::En), "error[file-read]: bad\n--> x\\u{1b}]52;c;aGk=\\u{7}.csv");
        let src = SourceFile::new(name, "a,b\n");
        let d = Diagnostic::error(Code::CsvSyntax, Msg::same("bad")).at(src.locate(0..1));
        assert!(!d.render(Lang::Vi).contains('\u{1b}'), "{}", d.render(Lang::Vi));
    }

    #[test]
    fn renders_without_excerpt() {
        let d = Diagnostic::error(Code::FileRead, Msg::same("cannot read `x.csv`: not found")).at(Location::file_only("x.csv".into()));
        assert_eq!(d.render(Lang::En), "error[file-read]: cannot read `x.csv`: not found\n--> x.csv");
    }
}
