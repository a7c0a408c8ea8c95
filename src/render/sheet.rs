//! A report table independent of its output: a title, headers and typed cells, rendered as
//! a terminal table, Markdown, CSV or an xlsx worksheet. Reports that offices forward as
//! spreadsheets (`rank`, `plan`, `compare`) are built as sheets.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use rust_decimal::Decimal;

use super::fit;
use crate::number::{Lang, show};

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Num(Decimal),
    Int(i64),
    /// A change, shown with its sign (`+2,15`).
    Delta(Decimal),
    Empty,
}

impl Value {
    pub(crate) fn shown(&self, lang: Lang) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Num(d) => show(*d, lang),
            Value::Int(i) => i.to_string(),
            Value::Delta(d) if *d > Decimal::ZERO => format!("+{}", show(*d, lang)),
            Value::Delta(d) => show(*d, lang),
            Value::Empty => String::new(),
        }
    }

    pub(crate) fn is_number(&self) -> bool {
        matches!(self, Value::Num(_) | Value::Int(_) | Value::Delta(_))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<Decimal> for Value {
    fn from(d: Decimal) -> Value {
        Value::Num(d)
    }
}

impl From<Option<Decimal>> for Value {
    fn from(d: Option<Decimal>) -> Value {
        d.map_or(Value::Empty, Value::Num)
    }
}

/// A titled table. A sheet with no headers and no rows is its title alone: the way a
/// report says in a sentence that there is nothing to list, rather than draw an empty table.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Worksheet name (at most 31 characters in xlsx).
    pub name: String,
    /// Lines printed above the table.
    pub title: Vec<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// The table's total row, if it has one (shown in bold and kept out of the filter in
    /// a spreadsheet).
    pub total: Total,
}

/// A table's total row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Total {
    /// No total.
    #[default]
    None,
    /// The last row is the table's total (already in `rows`).
    LastRow,
    /// Spreadsheets add a row that sums `columns`, labelled `label` in column `at`; other
    /// renderings say the total elsewhere (in the title).
    Sum { label: String, at: usize, columns: Vec<usize> },
}

/// Text that a spreadsheet would run as a formula gets a leading `'`, so a criterion title
/// or note such as `=HYPERLINK(…)` or `-0,5 điểm` stays text. Leading spaces do not hide a
/// formula (` =1+1`), and a leading tab or line break is treated the same way. Numbers are
/// never passed here: they are written as numbers.
pub fn neutralise(cell: &str) -> String {
    let formula = cell.starts_with(['\t', '\r', '\n']) || cell.trim_start().starts_with(['=', '+', '-', '@']);
    if formula { format!("'{cell}") } else { cell.to_string() }
}

/// A spreadsheet text cell (CSV or xlsx): control characters shown escaped, then
/// neutralised.
pub fn spreadsheet_text(cell: &str) -> String {
    neutralise(&crate::text::visible(cell))
}

/// Text for a Markdown heading, line or table cell: control characters shown escaped, line
/// breaks as spaces, HTML (`<`, `>`, `&`) as entities, and `|`, `[`, `]`, `` ` ``, `*`, `_`,
/// `~` and `\` backslash-escaped, so no title, reason or explanation can close a cell, open
/// a link or image, or turn into emphasis.
pub fn markdown_text(text: &str) -> String {
    let text = crate::text::visible(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Emphasis (`**`, `_`, `~~`) and links (`[x](y)`) are literal text, not markup.
            '\\' | '|' | '[' | ']' | '`' | '*' | '_' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

impl Sheet {
    /// No table to draw, only the title (see [`Sheet`]).
    pub fn is_title_only(&self) -> bool {
        self.headers.is_empty() && self.rows.is_empty()
    }

    /// The terminal table at the width of reports that do not go to a terminal
    /// ([`crate::terminal::DEFAULT_WIDTH`]).
    pub fn table(&self, lang: Lang) -> String {
        self.table_at(lang, crate::terminal::DEFAULT_WIDTH)
    }

    /// The terminal table, at most `width` columns wide (see [`super::fit`]): the title
    /// wrapped, numbers and short cells whole, long text wrapped. When even that cannot fit,
    /// each row is shown as a record: its numbers and short cells on one line
    /// (`Mã: 3.4.4 · Tối đa: 6 · Bị trừ: 5`), then each text cell as `Header: text`.
    pub fn table_at(&self, lang: Lang, width: usize) -> String {
        let mut out = String::new();
        // The one place terminal cells are made: control characters are shown escaped
        // before widths are measured, so columns stay aligned and nothing drives the terminal.
        let visible = |s: &str| crate::text::visible(s).into_owned();
        for t in &self.title {
            for line in fit::wrap(&visible(t), width) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        if self.is_title_only() {
            return out;
        }
        let headers: Vec<String> = self.headers.iter().map(|h| visible(h)).collect();
        let rows: Vec<Vec<(String, bool)>> = self
            .rows
            .iter()
            .map(|row| {
                (0..headers.len().max(row.len()))
                    .map(|i| {
                        row.get(i)
                            .map_or((String::new(), false), |v| (visible(&v.shown(lang)), v.is_number()))
                    })
                    .collect()
            })
            .collect();
        match fitted(&headers, &rows, width).filter(|t| t.lines().all(|l| fit::width(l) <= width)) {
            Some(table) => out.push_str(&table),
            None => {
                // Records are set apart from the title as they are from each other.
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&records(&headers, &rows, width));
            }
        }
        out
    }

    pub fn markdown(&self, lang: Lang) -> String {
        let esc = |s: &str| markdown_text(s);
        let mut out = String::new();
        if let Some((first, rest)) = self.title.split_first() {
            out.push_str(&format!("## {}\n\n", esc(first)));
            for l in rest {
                out.push_str(&format!("{}  \n", esc(l)));
            }
            if !rest.is_empty() {
                out.push('\n');
            }
        }
        if self.is_title_only() {
            return out;
        }
        out.push_str(&format!(
            "| {} |\n",
            self.headers.iter().map(|h| esc(h)).collect::<Vec<_>>().join(" | ")
        ));
        let numeric: Vec<bool> = (0..self.headers.len())
            .map(|i| self.rows.iter().any(|r| r.get(i).is_some_and(Value::is_number)))
            .collect();
        out.push_str(&format!(
            "| {} |\n",
            numeric
                .iter()
                .map(|n| if *n { "---:" } else { "---" })
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        for row in &self.rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter().map(|v| esc(&v.shown(lang))).collect::<Vec<_>>().join(" | ")
            ));
        }
        out
    }

    /// CSV with plain `.` decimals and formula-like text neutralised.
    pub fn csv(&self) -> String {
        self.csv_in(super::csv::Dialect::Plain)
    }

    /// CSV in `dialect`, formula-like text neutralised.
    pub fn csv_in(&self, dialect: super::csv::Dialect) -> String {
        let mut out = Vec::new();
        let _ = write_csv(&mut out, dialect, &self.headers, &self.rows);
        String::from_utf8(out).unwrap_or_default()
    }
}

/// A sheet's CSV ([`Sheet::csv_in`]) written to `w` row by row, from `headers` and `rows`
/// that need not be held in a [`Sheet`].
pub fn write_csv<R: AsRef<[Value]>>(
    w: &mut dyn std::io::Write,
    dialect: super::csv::Dialect,
    headers: &[String],
    rows: impl IntoIterator<Item = R>,
) -> std::io::Result<()> {
    let mut w = dialect.writer_to(w)?;
    w.write_record(headers.iter().map(|h| spreadsheet_text(h)))?;
    for row in rows {
        w.write_record(row.as_ref().iter().map(|v| match v {
            Value::Text(t) => spreadsheet_text(t),
            Value::Num(d) | Value::Delta(d) => dialect.number(*d),
            Value::Int(i) => i.to_string(),
            Value::Empty => String::new(),
        }))?;
    }
    w.flush()
}

/// Whether column `i` is kept whole: it holds a number, or only short cells.
fn whole(rows: &[Vec<(String, bool)>], i: usize) -> bool {
    let cells = || rows.iter().filter_map(|r| r.get(i));
    cells().any(|(_, number)| *number) || cells().all(|(text, _)| fit::width(text) <= fit::SHORT)
}

/// The table with its columns fitted to `width`, or `None` when they cannot be.
fn fitted(headers: &[String], rows: &[Vec<(String, bool)>], width: usize) -> Option<String> {
    let n = headers.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
    let header = |i: usize| headers.get(i).map_or("", String::as_str);
    let cols: Vec<fit::Column> = (0..n)
        .map(|i| fit::Column {
            header: fit::width(header(i)),
            header_word: header(i).split(' ').map(fit::width).max().unwrap_or(0),
            widest: rows.iter().filter_map(|r| r.get(i)).map(|(t, _)| fit::width(t)).max().unwrap_or(0),
            whole: whole(rows, i),
        })
        .collect();
    let widths = fit::columns(&cols, width)?;
    let wrapped = |text: &str, w: usize| fit::wrap(text, w.max(1)).join("\n");
    let mut t = Table::new();
    // Cells arrive wrapped to their column's width, so comfy-table only draws.
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header((0..n).map(|i| wrapped(header(i), widths[i])));
    for row in rows {
        t.add_row(row.iter().zip(&widths).map(|((text, number), w)| {
            let c = Cell::new(wrapped(text, *w));
            if *number { c.set_alignment(CellAlignment::Right) } else { c }
        }));
    }
    let mut text = t.to_string();
    text.push('\n');
    Some(text)
}

/// Each row as a record: numbers and short cells as `Header: value` joined on a line, then
/// each longer text cell on lines of its own with a hanging indent; a blank line between
/// records.
fn records(headers: &[String], rows: &[Vec<(String, bool)>], width: usize) -> String {
    let n = headers.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
    let whole: Vec<bool> = (0..n).map(|i| whole(rows, i)).collect();
    let labelled = |i: usize, text: &str| match headers.get(i).filter(|h| !h.is_empty()) {
        Some(h) => format!("{h}: {text}"),
        None => text.to_string(),
    };
    let mut out = Vec::new();
    for row in rows {
        if !out.is_empty() {
            out.push(String::new());
        }
        let cells = || row.iter().enumerate().filter(|(_, (text, _))| !text.is_empty());
        let short: Vec<String> = cells().filter(|(i, _)| whole[*i]).map(|(i, (text, _))| labelled(i, text)).collect();
        if !short.is_empty() {
            out.extend(fit::join_fields(&short, width));
        }
        for (i, (text, _)) in cells().filter(|(i, _)| !whole[*i]) {
            let label = headers.get(i).filter(|h| !h.is_empty()).map_or(String::new(), |h| format!("{h}: "));
            out.extend(fit::wrap_hanging(text, width, &label, "  "));
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// An xlsx workbook with one worksheet per sheet, laid out for print (see
/// [`super::xlsx`]).
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    super::xlsx::workbook(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn losses() -> Sheet {
        Sheet {
            name: "x".into(),
            title: vec!["Các tiêu chí bị trừ điểm (2, 9,855 điểm)".into()],
            headers: ["Mã", "Tiêu chí", "Bị trừ", "Lý do"].map(String::from).to_vec(),
            rows: vec![
                vec![
                    "3.4.4".into(),
                    "Tỷ lệ giải quyết thủ tục hành chính đúng hẹn".into(),
                    Value::Num(Decimal::new(5, 0)),
                    "tỷ lệ đúng hẹn 78,2% (2346/3000) thuộc mức 70–<80% → 1/6 điểm".into(),
                ],
                vec![
                    "7.2".into(),
                    "Dịch vụ công trực tuyến".into(),
                    Value::Num(Decimal::new(4855, 3)),
                    "min(6, muc_do_3 / tong_ho_so * 2) → 1,145/6 điểm".into(),
                ],
            ],
            total: Total::None,
        }
    }

    #[test]
    fn a_table_wraps_text_and_keeps_numbers_whole() {
        let t = losses().table_at(Lang::Vi, 60);
        // 13 columns of borders, 5 and 6 for code and points, 18 for each text column (less
        // where the wrapped text is narrower).
        assert_eq!(
            t,
            "Các tiêu chí bị trừ điểm (2, 9,855 điểm)
┌───────┬────────────────────┬────────┬───────────────────┐
│ Mã    ┆ Tiêu chí           ┆ Bị trừ ┆ Lý do             │
╞═══════╪════════════════════╪════════╪═══════════════════╡
│ 3.4.4 ┆ Tỷ lệ giải quyết   ┆      5 ┆ tỷ lệ đúng hẹn    │
│       ┆ thủ tục hành chính ┆        ┆ 78,2% (2346/3000) │
│       ┆ đúng hẹn           ┆        ┆ thuộc mức 70–<80% │
│       ┆                    ┆        ┆ → 1/6 điểm        │
│ 7.2   ┆ Dịch vụ công trực  ┆  4,855 ┆ min(6, muc_do_3 / │
│       ┆ tuyến              ┆        ┆ tong_ho_so * 2) → │
│       ┆                    ┆        ┆ 1,145/6 điểm      │
└───────┴────────────────────┴────────┴───────────────────┘
"
        );
        // Wide enough for every cell: natural widths.
        let wide = losses().table_at(Lang::Vi, 200);
        assert!(
            wide.contains("│ 3.4.4 ┆ Tỷ lệ giải quyết thủ tục hành chính đúng hẹn ┆      5 ┆ tỷ lệ đúng hẹn 78,2%"),
            "{wide}"
        );
    }

    #[test]
    fn a_table_too_wide_for_its_width_becomes_records() {
        let t = losses().table_at(Lang::Vi, 40);
        assert_eq!(
            t,
            "Các tiêu chí bị trừ điểm (2, 9,855 điểm)

Mã: 3.4.4 · Bị trừ: 5
Tiêu chí: Tỷ lệ giải quyết thủ tục hành
  chính đúng hẹn
Lý do: tỷ lệ đúng hẹn 78,2% (2346/3000)
  thuộc mức 70–<80% → 1/6 điểm

Mã: 7.2 · Bị trừ: 4,855
Tiêu chí: Dịch vụ công trực tuyến
Lý do: min(6, muc_do_3 / tong_ho_so * 2)
  → 1,145/6 điểm
"
        );
    }

    proptest::proptest! {
        /// At any width from 20 columns, no line is wider than the width and every number is
        /// printed whole on one line.
        #[test]
        fn tables_fit_and_keep_numbers(
            width in 20usize..200,
            rows in proptest::collection::vec(
                ("[0-9]{1,2}(\\.[0-9]{1,2}){0,3}", "[a-zà-ỹ ]{0,90}", -99_999_999i64..99_999_999, 0u32..4, "[A-Za-zĐđ;, ]{0,60}"),
                1..6,
            ),
        ) {
            let sheet = Sheet {
                name: "p".into(),
                title: vec!["Một tiêu đề khá dài cho bảng kiểm tra độ rộng của các cột".into()],
                headers: ["Mã", "Tiêu chí", "Điểm bị trừ", "Cơ quan chịu trách nhiệm"].map(String::from).to_vec(),
                rows: rows
                    .iter()
                    .map(|(code, title, n, scale, agencies)| {
                        vec![code.clone().into(), title.clone().into(), Value::Num(Decimal::new(*n, *scale)), agencies.clone().into()]
                    })
                    .collect(),
                total: Total::None,
            };
            let text = sheet.table_at(Lang::Vi, width);
            for line in text.lines() {
                proptest::prop_assert!(fit::width(line) <= width, "{} > {width}: {line}\n{text}", fit::width(line));
            }
            for (_, _, n, scale, _) in &rows {
                let shown = show(Decimal::new(*n, *scale), Lang::Vi);
                proptest::prop_assert!(text.lines().any(|l| l.contains(&shown)), "{shown} not whole:\n{text}");
            }
        }
    }

    #[test]
    fn formula_like_text_is_neutralised() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("+84 912"), "'+84 912");
        assert_eq!(neutralise("-0,5 điểm"), "'-0,5 điểm");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Phòng Nội vụ"), "Phòng Nội vụ");
        let s = Sheet {
            name: "x".into(),
            title: vec![],
            headers: vec!["a".into(), "b".into()],
            rows: vec![vec!["=cmd|' /C calc'!A0".into(), Value::Num(Decimal::new(-5, 1))]],
            total: Total::None,
        };
        assert_eq!(s.csv(), "a,b\n'=cmd|' /C calc'!A0,-0.5\n");
    }
}
