//! A report table independent of its output: a title, headers and typed cells, rendered as
//! a terminal table, Markdown, CSV or an xlsx worksheet. Reports that offices forward as
//! spreadsheets (`rank`, `plan`, `compare`) are built as sheets.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use rust_decimal::Decimal;

use crate::number::{Lang, plain, show};

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
    fn shown(&self, lang: Lang) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Num(d) => show(*d, lang),
            Value::Int(i) => i.to_string(),
            Value::Delta(d) if *d > Decimal::ZERO => format!("+{}", show(*d, lang)),
            Value::Delta(d) => show(*d, lang),
            Value::Empty => String::new(),
        }
    }

    fn is_number(&self) -> bool {
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

/// A titled table.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Worksheet name (at most 31 characters in xlsx).
    pub name: String,
    /// Lines printed above the table.
    pub title: Vec<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Text that a spreadsheet would run as a formula gets a leading `'`, so a criterion title
/// or note such as `=HYPERLINK(…)` or `-0,5 điểm` stays text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

impl Sheet {
    pub fn table(&self, lang: Lang) -> String {
        let mut out = String::new();
        for t in &self.title {
            out.push_str(t);
            out.push('\n');
        }
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(160)
            .set_header(self.headers.clone());
        for row in &self.rows {
            t.add_row(row.iter().map(|v| {
                let c = Cell::new(v.shown(lang));
                if v.is_number() { c.set_alignment(CellAlignment::Right) } else { c }
            }));
        }
        out.push_str(&t.to_string());
        out.push('\n');
        out
    }

    pub fn markdown(&self, lang: Lang) -> String {
        let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
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
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(&self.headers);
        for row in &self.rows {
            let rec: Vec<String> = row
                .iter()
                .map(|v| match v {
                    Value::Text(t) => neutralise(t),
                    Value::Num(d) | Value::Delta(d) => plain(*d),
                    Value::Int(i) => i.to_string(),
                    Value::Empty => String::new(),
                })
                .collect();
            let _ = w.write_record(&rec);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// An xlsx workbook with one worksheet per sheet. Numbers are written as numbers (from
/// their exact decimal text), text always as text, so no cell is ever a formula.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for sheet in sheets {
        let ws = wb.add_worksheet();
        let name: String = sheet.name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        ws.set_name(if name.is_empty() { "Sheet" } else { &name })
            .map_err(|e| e.to_string())?;
        let mut row: u32 = 0;
        for t in &sheet.title {
            ws.write_string_with_format(row, 0, t, &bold).map_err(|e| e.to_string())?;
            row += 1;
        }
        if !sheet.title.is_empty() {
            row += 1;
        }
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, h, &bold).map_err(|e| e.to_string())?;
        }
        row += 1;
        for r in &sheet.rows {
            for (c, v) in r.iter().enumerate() {
                let col = c as u16;
                match v {
                    Value::Text(t) => ws.write_string_with_format(row, col, neutralise(t), &wrap).map(|_| ()),
                    // A spreadsheet number cell; the exact value is also what CSV and JSON carry.
                    Value::Num(d) | Value::Delta(d) => ws.write(row, col, d.normalize()).map(|_| ()),
                    Value::Int(i) => ws.write(row, col, Decimal::from(*i)).map(|_| ()),
                    Value::Empty => Ok(()),
                }
                .map_err(|e| e.to_string())?;
            }
            row += 1;
        }
        for (c, h) in sheet.headers.iter().enumerate() {
            let widest = sheet
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|v| v.shown(Lang::En).chars().count())
                .max()
                .unwrap_or(0);
            let width = widest.max(h.chars().count()).clamp(6, 60);
            ws.set_column_width(c as u16, u16::try_from(width + 2).unwrap_or(60))
                .map_err(|e| e.to_string())?;
        }
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        };
        assert_eq!(s.csv(), "a,b\n'=cmd|' /C calc'!A0,-0.5\n");
    }
}
