//! Output of `parcalc check`: human diagnostics, versioned JSON, or GitHub annotations.

use serde::Serialize;

use super::json::Warning;
use crate::check::CheckReport;
use crate::diag::Severity;
use crate::number::Lang;

/// Output format of `parcalc check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Github,
}

/// The schema version of `parcalc check --format json`.
pub const CHECK_SCHEMA: &str = "parcalc.check/1";

fn summary(r: &CheckReport, lang: Lang) -> String {
    let tally = crate::diag::tally(lang, r.errors(), r.warnings());
    let files = r.files.len();
    match lang {
        Lang::Vi => format!("đã kiểm tra {files} tệp: {tally}\n"),
        Lang::En => format!("checked {files} file(s): {tally}\n"),
    }
}

/// Diagnostics like a compiler's, then a one-line summary, in `lang`.
pub fn human(r: &CheckReport, color: bool, lang: Lang) -> String {
    let mut out = String::new();
    for d in &r.findings {
        out.push_str(&d.render_with(color, lang));
        out.push_str("\n\n");
    }
    out.push_str(&summary(r, lang));
    crate::text::visible_bidi(&out).into_owned()
}

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    files: &'a [String],
    errors: usize,
    warnings: usize,
    findings: Vec<Warning>,
}

pub fn json(r: &CheckReport, lang: Lang) -> String {
    let doc = Doc {
        schema: CHECK_SCHEMA,
        files: &r.files,
        errors: r.errors(),
        warnings: r.warnings(),
        findings: r.findings.iter().map(|d| Warning::new(d, lang)).collect(),
    };
    let mut s = super::json::escape_hidden(serde_json::to_string_pretty(&doc).unwrap_or_default());
    s.push('\n');
    s
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(r: &CheckReport, lang: Lang) -> String {
    fn escape_data(s: &str) -> String {
        s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
    }
    fn escape_prop(s: &str) -> String {
        escape_data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for d in &r.findings {
        let level = if d.severity == Severity::Error { "error" } else { "warning" };
        let mut props = Vec::new();
        if let Some(l) = &d.location {
            props.push(format!("file={}", escape_prop(&l.file)));
            if l.line > 0 {
                props.push(format!("line={}", l.line));
            }
            if l.column > 0 {
                props.push(format!("col={}", l.column));
            }
        }
        props.push(format!("title={}", escape_prop(d.code.as_str())));
        let mut message = d.message_in(lang);
        if let Some(h) = &d.help {
            message.push_str(crate::i18n::tr(lang, "\ngợi ý: ", "\nhelp: "));
            message.push_str(h.get(lang));
        }
        out.push_str(&format!("::{level} {}::{}\n", props.join(","), escape_data(&message)));
    }
    out.push_str(&summary(r, lang));
    crate::text::visible_bidi(&out).into_owned()
}
