//! CSV output: one row per node (a tidy layout for spreadsheets), plain `.` decimals with no
//! grouping, whatever the language — or, for people who open the file in Excel, a dialect
//! Excel reads as columns and numbers (see [`Dialect`]).

use super::sheet::spreadsheet_text;
use crate::number::{Lang, plain};
use crate::score::{ScoreResult, Status};

const HEADER: [&str; 13] = [
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
    "explanation",
];

fn status(s: Status) -> &'static str {
    match s {
        Status::Scored => "scored",
        Status::NotApplicable => "not_applicable",
        Status::MissingEvidence => "missing_evidence",
    }
}

/// How CSV is written: for programs, or for Excel.
///
/// Excel opens a CSV file by the computer's regional settings: it reads UTF-8 only after a
/// byte order mark (else Vietnamese letters come out garbled), splits fields at the
/// settings' list separator and reads numbers with their decimal mark. With Vietnamese
/// settings those are `;` and `,`, so a `,`-separated file opens as one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Dialect {
    // (Plain comments: clap would show doc comments as each value's help.)
    // Every dialect ends lines with `\n`, which Excel reads as well as `\r\n`.
    // For programs: `,` between fields, `.` decimals, no byte order mark.
    #[default]
    Plain,
    // For Excel with English (or other `.`-decimal) settings: UTF-8 with a byte order mark,
    // `,` between fields, `.` decimals.
    Excel,
    // For Excel with Vietnamese settings: UTF-8 with a byte order mark, `;` between fields,
    // `,` decimals (`4,855`).
    ExcelVi,
}

impl Dialect {
    /// A CSV writer in this dialect.
    pub(crate) fn writer(self) -> csv::Writer<Vec<u8>> {
        let mut out = Vec::new();
        if self != Dialect::Plain {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let mut b = csv::WriterBuilder::new();
        if self == Dialect::ExcelVi {
            b.delimiter(b';');
        }
        b.from_writer(out)
    }

    /// A CSV writer in this dialect on `out`, the byte order mark written already.
    pub(crate) fn writer_to<W: std::io::Write>(self, mut out: W) -> std::io::Result<csv::Writer<W>> {
        if self != Dialect::Plain {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut b = csv::WriterBuilder::new();
        if self == Dialect::ExcelVi {
            b.delimiter(b';');
        }
        Ok(b.from_writer(out))
    }

    /// A number as this dialect writes it: `-4.855`, or `-4,855` for Vietnamese Excel; never
    /// grouped.
    pub fn number(self, d: rust_decimal::Decimal) -> String {
        let text = plain(d);
        if self == Dialect::ExcelVi { text.replace('.', ",") } else { text }
    }

    /// The finished file's text.
    pub(crate) fn finish(w: csv::Writer<Vec<u8>>) -> String {
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// Text that a spreadsheet would run as a formula is prefixed with `'`.
pub fn neutralise(cell: &str) -> String {
    super::sheet::neutralise(cell)
}

/// `parcalc score --format csv`. Every text cell goes through [`spreadsheet_text`]; codes,
/// numbers and statuses are parcalc's own.
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    score_in(r, lang, Dialect::Plain)
}

/// [`score`] in a CSV dialect.
pub fn score_in(r: &ScoreResult, lang: Lang, dialect: Dialect) -> String {
    let plain = |d| dialect.number(d);
    let mut w = dialect.writer();
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
            spreadsheet_text(&r.explanation_text(n, lang).unwrap_or_default()),
        ];
        let _ = w.write_record(&rec);
    }
    Dialect::finish(w)
}
