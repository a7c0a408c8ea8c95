//! CSV output: one row per node (a tidy layout for spreadsheets), plain `.` decimals with no
//! grouping, whatever the language.

use super::sheet::spreadsheet_text;
use crate::number::{Lang, plain};
use crate::score::{ScoreResult, Status};

const HEADER: [&str; 12] = [
    "code",
    "depth",
    "title",
    "max",
    "applicable_max",
    "awarded",
    "lost",
    "status",
    "rule",
    "reason",
    "responsible",
    "documents",
];

fn status(s: Status) -> &'static str {
    match s {
        Status::Scored => "scored",
        Status::NotApplicable => "not_applicable",
        Status::MissingEvidence => "missing_evidence",
    }
}

/// Text that a spreadsheet would run as a formula is prefixed with `'`.
pub fn neutralise(cell: &str) -> String {
    super::sheet::neutralise(cell)
}

/// `parcalc score --format csv`. Every text cell goes through [`spreadsheet_text`]; codes,
/// numbers and statuses are parcalc's own.
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for n in &r.nodes {
        let depth = n.code.depth().to_string();
        let rec = [
            n.code.to_string(),
            depth,
            spreadsheet_text(n.title(lang)),
            plain(n.max),
            plain(n.applicable_max),
            plain(n.awarded),
            plain(n.lost),
            status(n.status).to_string(),
            n.rule.unwrap_or("").to_string(),
            spreadsheet_text(n.reason.as_ref().map_or("", |t| t.get(lang))),
            spreadsheet_text(&n.responsible.join(";")),
            spreadsheet_text(&n.documents.join("; ")),
        ];
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
