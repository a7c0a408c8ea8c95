//! Output of `parcalc check`: human diagnostics, versioned JSON, or GitHub annotations.

use serde::Serialize;

use super::json::Warning;
use crate::check::CheckReport;
use crate::diag::Severity;

/// Output format of `parcalc check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Github,
}

/// The schema version of `parcalc check --format json`.
pub const CHECK_SCHEMA: &str = "parcalc.check/1";

fn summary(r: &CheckReport) -> String {
    format!(
        "checked {} file(s): {} error(s), {} warning(s)\n",
        r.files.len(),
        r.errors(),
        r.warnings()
    )
}

/// Diagnostics like a compiler's, then a one-line summary.
pub fn human(r: &CheckReport, color: bool) -> String {
    let mut out = String::new();
    for d in &r.findings {
        out.push_str(&d.render_with(color));
        out.push_str("\n\n");
    }
    out.push_str(&summary(r));
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

pub fn json(r: &CheckReport) -> String {
    let doc = Doc {
        schema: CHECK_SCHEMA,
        files: &r.files,
        errors: r.errors(),
        warnings: r.warnings(),
        findings: r.findings.iter().map(Warning::from).collect(),
    };
    let mut s = super::json::escape_hidden(serde_json::to_string_pretty(&doc).unwrap_or_default());
    s.push('\n');
    s
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(r: &CheckReport) -> String {
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
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        out.push_str(&format!("::{level} {}::{}\n", props.join(","), escape_data(&message)));
    }
    out.push_str(&summary(r));
    crate::text::visible_bidi(&out).into_owned()
}
