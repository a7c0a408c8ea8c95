//! Workbooks that print and calculate: each [`Sheet`] becomes a worksheet with its title
//! above a bordered table, the header row frozen, filtered and repeated on every printed
//! page, columns fitted to their content and to an A4 page, rows tall enough for their
//! wrapped text (LibreOffice does not fit rows of a generated file on its own), numbers
//! stored as numbers and shown with a fixed number of decimals per column, and a total row
//! where the table has one.
//!
//! Widths are in Excel's unit, the width of a digit of the default font (Calibri 11, seven
//! pixels at 96 dpi), so a column of width `w` takes `7w + 5` pixels. Text is measured in
//! characters, which over-counts proportional text slightly: rows come out a little tall
//! rather than clipped.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet};

use super::fit;
use super::sheet::{Sheet, Total, Value};
use crate::i18n::{Label, tr};
use crate::number::{Lang, plain};
use crate::score::{ScoreResult, Status};

/// The widest a text column grows before its text wraps.
const MAX_WIDTH: usize = 50;
/// The narrowest a text column is made to fit the page (when its content is wider).
const TEXT_MIN: usize = 12;
/// The width of a column left empty for people to fill.
const FILL_WIDTH: usize = 20;
/// The narrowest such a column is made on a landscape page that the text needs.
const FILL_NARROW: usize = 11;
/// The most decimals a column shows.
const MAX_DECIMALS: u32 = 6;
/// Room for the autofilter button beside a header.
const FILTER_BUTTON: usize = 2;
/// Height of one line of text in points (Calibri 11).
const LINE: f64 = 15.0;
/// The most lines a row is made tall for: Excel's tallest row is 409 points.
const MAX_LINES: usize = 27;
/// Left and right margins in inches.
const SIDE_MARGIN: f64 = 0.5;
/// A4 in inches.
const A4: (f64, f64) = (8.27, 11.69);
/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;

type Result<T> = std::result::Result<T, String>;

/// Most UTF-16 code units a cell holds (Excel's limit, which the writer enforces).
const CELL_LIMIT: usize = 32_767;

/// A text cell's content ([`super::sheet::spreadsheet_text`]) cut to Excel's limit, ending in
/// `…` when cut: an explanation may be longer than a cell holds (CSV and JSON keep it whole).
fn cell_text(text: &str) -> String {
    let text = super::sheet::spreadsheet_text(text);
    if text.encode_utf16().count() <= CELL_LIMIT {
        return text;
    }
    let mut out = String::new();
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > CELL_LIMIT - 1 {
            break;
        }
        units += c.len_utf16();
        out.push(c);
    }
    out.push('…');
    out
}

fn err(e: rust_xlsxwriter::XlsxError) -> String {
    e.to_string()
}

/// An xlsx workbook with one worksheet per sheet. Text is always written as text, so no
/// text from an input becomes a formula; the only formulas are the sums of a total row,
/// written with their exact value.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created()?));
    let mut names: Vec<String> = Vec::new();
    for sheet in sheets {
        let ws = wb.add_worksheet();
        let name = unique_name(&sheet.name, &names);
        ws.set_name(&name).map_err(err)?;
        names.push(name);
        write_sheet(ws, sheet)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// `parcalc score -o report.xlsx`: one sheet per part of the report: the summary, points
/// by area, the criteria that lost points, points lost by agency, the what-if gains when
/// `--set` was given, and every criterion.
pub fn score(r: &ScoreResult, lang: Lang) -> Result<Vec<u8>> {
    let mut sheets = vec![summary_sheet(r, lang)];
    sheets.extend(super::table::sheets(r, lang));
    sheets.push(criteria_sheet(r, lang));
    workbook(&sheets)
}

/// The summary as a two-column table: what was scored, the totals as numbers, and the
/// bonus and penalty blocks.
fn summary_sheet(r: &ScoreResult, lang: Lang) -> Sheet {
    let t = &r.totals;
    let text = |label: &str, value: String| vec![Value::Text(label.to_string()), Value::Text(value)];
    let number = |label: &str, value: Decimal| vec![Value::Text(label.to_string()), Value::Num(value)];
    let mut rows = vec![
        text(
            tr(lang, "Bộ tiêu chí", "Criteria set"),
            format!("{} ({}, {})", r.title(lang), r.set_id, r.year),
        ),
        text(Label::Round.text(lang), r.round_label(lang)),
    ];
    if let Some(u) = &r.unit {
        rows.push(text(Label::Unit.text(lang), u.clone()));
    }
    if let Some(w) = &r.what_if {
        let sets: Vec<String> = w.changes.iter().map(|c| format!("--set {}", c.text)).collect();
        rows.push(text(Label::Hypothetical.text(lang), sets.join(", ")));
        rows.push(number(Label::ActualTotal.text(lang), w.baseline));
    }
    rows.push(number(Label::Total.text(lang), t.awarded));
    rows.push(number(Label::ApplicableMax.text(lang), t.applicable_max));
    if t.applicable_max != t.max {
        rows.push(number(tr(lang, "Điểm tối đa của bộ tiêu chí", "The set's maximum"), t.max));
    }
    rows.push(number(Label::Lost.text(lang), t.lost));
    match t.index_percent {
        Some(i) => rows.push(number(tr(lang, "Chỉ số (%)", "Index (%)"), i)),
        None => rows.push(text(tr(lang, "Chỉ số (%)", "Index (%)"), "—".into())),
    }
    rows.push(text(
        Label::Band.text(lang),
        t.band.as_ref().map_or("—", |b| b.label(lang)).to_string(),
    ));
    for a in &r.adjustments {
        let title = match (lang, &a.title_en) {
            (Lang::En, Some(t)) => t.as_str(),
            _ => a.title.as_str(),
        };
        rows.push(number(&format!("{}: {title}", Label::Adjustments.text(lang)), a.points));
    }
    Sheet {
        name: tr(lang, "Tóm tắt", "Summary").into(),
        title: vec![format!("{} ({}, {})", r.title(lang), r.set_id, r.year)],
        headers: vec![tr(lang, "Nội dung", "Item").into(), tr(lang, "Giá trị", "Value").into()],
        rows,
        total: Total::None,
    }
}

fn status(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Scored => tr(lang, "đã chấm", "scored"),
        Status::NotApplicable => Label::NotApplicable.text(lang),
        Status::MissingEvidence => tr(lang, "thiếu số liệu", "missing evidence"),
    }
}

/// Every criterion, areas and groups included, in code order.
fn criteria_sheet(r: &ScoreResult, lang: Lang) -> Sheet {
    Sheet {
        name: tr(lang, "Tất cả tiêu chí", "All criteria").into(),
        title: vec![tr(lang, "Tất cả tiêu chí", "All criteria").into()],
        headers: [
            Label::Code.text(lang),
            Label::Title.text(lang),
            Label::Max.text(lang),
            Label::ApplicableMax.text(lang),
            Label::Awarded.text(lang),
            Label::Lost.text(lang),
            tr(lang, "Trạng thái", "Status"),
            Label::Reason.text(lang),
            Label::Responsible.text(lang),
            Label::Document.text(lang),
        ]
        .map(String::from)
        .to_vec(),
        rows: r
            .nodes
            .iter()
            .map(|n| {
                vec![
                    n.code.to_string().into(),
                    n.title(lang).to_string().into(),
                    n.max.into(),
                    n.applicable_max.into(),
                    n.awarded.into(),
                    n.lost.into(),
                    status(n.status, lang).into(),
                    r.reason_text(n, lang).into(),
                    super::agency_names(r, &n.responsible).into(),
                    n.documents.join("; ").into(),
                ]
            })
            .collect(),
        total: Total::None,
    }
}

/// The workbook's creation time: `SOURCE_DATE_EPOCH` when set (reproducible bytes), else
/// the start of today in Vietnam, so that runs on one day give the same bytes.
fn created() -> Result<ExcelDateTime> {
    use chrono::Datelike;
    let day = crate::document::DocumentInfo::default().date_or_today();
    let (y, m, d) = (day.year(), day.month(), day.day());
    let year = u16::try_from(y.clamp(1900, 9999)).unwrap_or(1970);
    ExcelDateTime::from_ymd(year, u8::try_from(m).unwrap_or(1), u8::try_from(d).unwrap_or(1)).map_err(err)
}

/// A worksheet name Excel accepts: without `[]:*?/\'` and control characters, at most 31
/// characters, and unlike the names already taken (Excel compares them ignoring case).
fn unique_name(wanted: &str, taken: &[String]) -> String {
    let base: String = wanted
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c) && !crate::text::is_hidden_control(*c))
        .take(31)
        .collect();
    let base = if base.trim().is_empty() { "Sheet".to_string() } else { base };
    let free = |n: &str| !taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    if free(&base) {
        return base;
    }
    (2..)
        .map(|i| {
            let suffix = format!(" ({i})");
            let keep = 31 - suffix.chars().count();
            format!("{}{suffix}", base.chars().take(keep).collect::<String>())
        })
        .find(|n| free(n))
        .unwrap_or(base)
}

/// How a column's numbers are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Numbers {
    decimals: u32,
    /// Changes, shown with their sign (`+2.150`).
    signed: bool,
}

impl Numbers {
    fn of(rows: &[&Vec<Value>], col: usize) -> Numbers {
        let cells = || rows.iter().filter_map(|r| r.get(col));
        let decimals = cells()
            .filter_map(|v| match v {
                Value::Num(d) | Value::Delta(d) => Some(d.normalize().scale()),
                _ => None,
            })
            .max()
            .unwrap_or(0)
            .min(MAX_DECIMALS);
        Numbers {
            decimals,
            signed: cells().any(|v| matches!(v, Value::Delta(_))),
        }
    }

    /// The number format: `0.000`, or `+0.000;-0.000;0.000` for changes.
    fn code(self) -> String {
        let plain = if self.decimals == 0 {
            "0".to_string()
        } else {
            format!("0.{}", "0".repeat(self.decimals as usize))
        };
        if self.signed { format!("+{plain};-{plain};{plain}") } else { plain }
    }

    /// `d` as the format shows it (in characters; the decimal mark is one either way).
    fn shown(self, d: Decimal) -> String {
        // Padded by hand: rust_decimal's `{:.N}` panics on the largest values.
        let rounded = plain(d.round_dp(self.decimals));
        let have = rounded.split_once('.').map_or(0, |(_, f)| f.len());
        let missing = self.decimals as usize - have.min(self.decimals as usize);
        let point = if have == 0 && missing > 0 { "." } else { "" };
        let text = format!("{rounded}{point}{}", "0".repeat(missing));
        if self.signed && d > Decimal::ZERO {
            format!("+{text}")
        } else {
            text
        }
    }
}

/// The text a cell shows, for measuring.
fn shown(v: &Value, numbers: Numbers) -> String {
    match v {
        Value::Text(t) => cell_text(t),
        Value::Num(d) | Value::Delta(d) => numbers.shown(*d),
        Value::Int(i) => numbers.shown(Decimal::from(*i)),
        Value::Empty => String::new(),
    }
}

/// The widest line of `text`, in characters.
fn widest_line(text: &str) -> usize {
    text.lines().map(fit::width).max().unwrap_or(0)
}

/// Lines `text` takes in a column `width` wide. A column holds about a tenth more
/// characters of text than digits of its width (measured with Carlito, Calibri's metric
/// twin, in LibreOffice: 37 characters of Vietnamese text in a column 33 wide).
fn line_count(text: &str, width: usize) -> usize {
    if text.is_empty() {
        return 1;
    }
    let chars = (width * 11 / 10).max(1);
    text.split('\n').map(|l| fit::wrap(l, chars).len()).sum()
}

/// Pixels a column `width` wide takes.
fn pixels(width: usize) -> usize {
    7 * width + 5
}

/// Printable width of A4 in pixels (96 dpi), portrait or landscape.
fn page_pixels(landscape: bool) -> usize {
    let paper = if landscape { A4.1 } else { A4.0 };
    // Whole pixels of a page a few inches wide: the cast cannot truncate a real value.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    // A few percent short of the page: LibreOffice measures columns slightly wider.
    let px = ((paper - 2.0 * SIDE_MARGIN) * 96.0 * 0.95) as usize;
    px
}

/// A column's width wanted (`natural`) and the least it may be given (`min`).
#[derive(Debug, Clone, Copy)]
struct Want {
    natural: usize,
    min: usize,
    /// A column left empty for people to fill (the plan's status columns).
    fill: bool,
}

/// Column widths for the page, and whether it is landscape: portrait when the natural
/// widths fit A4 portrait, else landscape, with the widest columns narrowed (their text
/// wraps) until the table fits its width. Columns of numbers or short text are never
/// narrower than their widest cell; a table that still does not fit is scaled down to one
/// page wide when printed.
fn layout(wants: &[Want]) -> (Vec<usize>, bool) {
    let total = |ws: &[usize]| ws.iter().map(|w| pixels(*w)).sum::<usize>();
    let natural: Vec<usize> = wants.iter().map(|w| w.natural).collect();
    if total(&natural) <= page_pixels(false) {
        return (natural, false);
    }
    let budget = page_pixels(true);
    // Columns to fill give up their room first: the text beside them keeps its width.
    let capped = |cap: usize| -> Vec<usize> {
        wants
            .iter()
            .map(|w| {
                let cap = if w.fill { cap.min(FILL_NARROW) } else { cap };
                w.natural.min(cap.max(w.min))
            })
            .collect()
    };
    let widths = (0..=MAX_WIDTH)
        .rev()
        .map(capped)
        .find(|ws| total(ws) <= budget)
        .unwrap_or_else(|| capped(0));
    (widths, true)
}

fn wants(sheet: &Sheet, rows: &[&Vec<Value>], numbers: &[Numbers], n: usize) -> Vec<Want> {
    (0..n)
        .map(|c| {
            let header = sheet.headers.get(c).map_or("", String::as_str);
            let header_full = fit::width(header) + FILTER_BUTTON;
            let header_word = header.split(' ').map(fit::width).max().unwrap_or(0) + FILTER_BUTTON;
            let cells = || rows.iter().filter_map(|r| r.get(c));
            let widest = cells().map(|v| widest_line(&shown(v, numbers[c]))).max().unwrap_or(0) + 1;
            let whole = cells().any(Value::is_number) || widest <= fit::SHORT;
            let min = if whole {
                widest.max(header_word)
            } else {
                widest.min(TEXT_MIN).max(header_word)
            };
            // A column to fill (no value yet) gets room to write in.
            let to_fill = !rows.is_empty() && cells().all(|v| *v == Value::Empty);
            let room = if to_fill { FILL_WIDTH } else { 0 };
            Want {
                natural: widest.max(header_full).max(room).min(MAX_WIDTH).max(min).max(4),
                min: min.max(4),
                fill: to_fill,
            }
        })
        .collect()
}

fn bordered(f: Format) -> Format {
    f.set_border(FormatBorder::Thin).set_align(FormatAlign::Top)
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<()> {
    let n = sheet.headers.len().max(sheet.rows.iter().map(Vec::len).max().unwrap_or(0));
    let n_cols = u16::try_from(n.max(1)).map_err(|_| "too many columns".to_string())?;
    let last_col = n_cols - 1;
    // The total row (when it is the table's last row) is kept out of the filter's range.
    let (data, total_row): (Vec<&Vec<Value>>, Option<&Vec<Value>>) = match (&sheet.total, sheet.rows.split_last()) {
        (Total::LastRow, Some((last, rest))) => (rest.iter().collect(), Some(last)),
        _ => (sheet.rows.iter().collect(), None),
    };
    let all: Vec<&Vec<Value>> = sheet.rows.iter().collect();
    let numbers: Vec<Numbers> = (0..n).map(|c| Numbers::of(&all, c)).collect();
    let (widths, landscape) = layout(&wants(sheet, &all, &numbers, n));
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w as f64).map_err(err)?;
    }
    // Columns with no value at all are for people to fill (the template's value, document
    // and note): text, so that `95,5%` or `01/02` stays as typed.
    let to_fill: Vec<bool> = (0..n)
        .map(|c| !data.is_empty() && data.iter().all(|r| r.get(c).is_none_or(|v| *v == Value::Empty)))
        .collect();
    for (c, fill) in to_fill.iter().enumerate() {
        if *fill {
            ws.set_column_format(c as u16, &Format::new().set_num_format("@")).map_err(err)?;
        }
    }

    let table_width: usize = widths.iter().sum();
    let title_format = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top);
    let mut row: u32 = 0;
    for t in &sheet.title {
        let text = cell_text(t);
        if last_col == 0 {
            ws.write_string_with_format(row, 0, &text, &title_format).map_err(err)?;
        } else {
            ws.merge_range(row, 0, row, last_col, &text, &title_format).map_err(err)?;
        }
        set_lines(ws, row, line_count(&text, table_width))?;
        row += 1;
    }
    if !sheet.title.is_empty() {
        row += 1;
    }

    let header_row = row;
    let header_format = bordered(Format::new().set_bold().set_text_wrap().set_background_color(0x00D9_D9D9));
    let mut lines = 1;
    for (c, width) in widths.iter().enumerate() {
        let h = cell_text(sheet.headers.get(c).map_or("", String::as_str));
        ws.write_string_with_format(row, c as u16, &h, &header_format).map_err(err)?;
        lines = lines.max(line_count(&h, width.saturating_sub(FILTER_BUTTON)));
    }
    set_lines(ws, row, lines)?;
    row += 1;

    let number_formats: Vec<Format> = numbers.iter().map(|x| bordered(Format::new().set_num_format(x.code()))).collect();
    let text_format = bordered(Format::new().set_text_wrap());
    let fill_format = bordered(Format::new().set_num_format("@"));
    let plain_blank = bordered(Format::new());
    let write_row = |ws: &mut Worksheet, row: u32, cells: &[Value], bold: bool| -> Result<()> {
        let emphasis = |f: &Format| {
            if bold {
                f.clone().set_bold().set_background_color(0x00F2_F2F2)
            } else {
                f.clone()
            }
        };
        let mut lines = 1;
        for c in 0..n {
            let col = c as u16;
            match cells.get(c).unwrap_or(&Value::Empty) {
                Value::Text(t) => {
                    let text = cell_text(t);
                    lines = lines.max(line_count(&text, widths[c]));
                    ws.write_string_with_format(row, col, &text, &emphasis(&text_format))
                }
                // A spreadsheet number cell; the exact value is also what CSV and JSON carry.
                Value::Num(d) | Value::Delta(d) => ws.write_with_format(row, col, d.normalize(), &emphasis(&number_formats[c])),
                Value::Int(i) => ws.write_with_format(row, col, Decimal::from(*i), &emphasis(&number_formats[c])),
                Value::Empty if to_fill[c] => ws.write_blank(row, col, &emphasis(&fill_format)),
                Value::Empty => ws.write_blank(row, col, &emphasis(&plain_blank)),
            }
            .map_err(err)?;
        }
        set_lines(ws, row, lines)
    };
    for r in &data {
        write_row(ws, row, r, false)?;
        row += 1;
    }
    let last_data = row.saturating_sub(1).max(header_row);
    if let Some(t) = total_row {
        write_row(ws, row, t, true)?;
        row += 1;
    }
    if let Total::Sum { label, at, columns } = &sheet.total {
        let first = header_row + 1;
        let mut cells = vec![Value::Empty; n];
        if let Some(cell) = cells.get_mut(*at) {
            *cell = Value::Text(label.clone());
        }
        write_row(ws, row, &cells, true)?;
        for &c in columns.iter().filter(|c| **c < n) {
            let sum: Decimal = data
                .iter()
                .filter_map(|r| match r.get(c) {
                    Some(Value::Num(d) | Value::Delta(d)) => Some(*d),
                    Some(Value::Int(i)) => Some(Decimal::from(*i)),
                    _ => None,
                })
                .sum();
            let format = number_formats[c].clone().set_bold().set_background_color(0x00F2_F2F2);
            if data.is_empty() {
                ws.write_with_format(row, c as u16, sum, &format).map_err(err)?;
                continue;
            }
            // SUBTOTAL(9, …) sums the rows a filter shows: filtered by agency, the row
            // gives that agency's points. Its cached value is the exact sum.
            let column = rust_xlsxwriter::utility::column_number_to_name(c as u16);
            let formula =
                Formula::new(format!("=SUBTOTAL(9,{column}{}:{column}{})", first + 1, last_data + 1)).set_result(plain(sum.normalize()));
            ws.write_formula_with_format(row, c as u16, formula, &format).map_err(err)?;
        }
    }

    ws.set_freeze_panes(header_row + 1, 0).map_err(err)?;
    ws.autofilter(header_row, 0, last_data, last_col).map_err(err)?;
    ws.set_paper_size(PAPER_A4);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_margins(SIDE_MARGIN, SIDE_MARGIN, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row).map_err(err)?;
    // The sheet's name on the left, `page / pages` on the right: the same in both languages.
    ws.set_footer("&L&A&R&P / &N");
    Ok(())
}

/// Makes `row` tall enough for `lines` lines of text (a single line keeps the default).
fn set_lines(ws: &mut Worksheet, row: u32, lines: usize) -> Result<()> {
    if lines > 1 {
        let lines = u32::try_from(lines.min(MAX_LINES)).unwrap_or(1);
        ws.set_row_height(row, LINE * f64::from(lines)).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_longer_than_a_cell_holds_is_cut_to_excels_limit() {
        let fits = "ộ".repeat(CELL_LIMIT);
        assert_eq!(cell_text(&fits), fits);
        let long = "ộ".repeat(CELL_LIMIT + 1);
        let cut = cell_text(&long);
        assert_eq!(cut.encode_utf16().count(), CELL_LIMIT);
        assert!(cut.ends_with("ộ…"));
        // A character outside the BMP takes two units and is never split.
        let wide = "😀".repeat(20_000);
        let cut = cell_text(&wide);
        assert_eq!(cut.chars().count(), 16_384);
        assert_eq!(cut.encode_utf16().count(), CELL_LIMIT);
        assert!(cut.ends_with("😀…"));
    }

    #[test]
    fn number_formats_show_the_columns_decimals() {
        let rows = [
            vec![Value::Num(Decimal::new(5, 0))],
            vec![Value::Num(Decimal::new(4855, 3))],
            vec![Value::Num(Decimal::new(12500, 4))],
        ];
        let refs: Vec<&Vec<Value>> = rows.iter().collect();
        let n = Numbers::of(&refs, 0);
        assert_eq!(n.code(), "0.000");
        assert_eq!(n.shown(Decimal::new(5, 0)), "5.000");
        let deltas = [vec![Value::Delta(Decimal::new(215, 2))], vec![Value::Delta(Decimal::new(-5, 1))]];
        let refs: Vec<&Vec<Value>> = deltas.iter().collect();
        let d = Numbers::of(&refs, 0);
        assert_eq!(d.code(), "+0.00;-0.00;0.00");
        assert_eq!(d.shown(Decimal::new(215, 2)), "+2.15");
        let ints = [vec![Value::Int(3)]];
        let refs: Vec<&Vec<Value>> = ints.iter().collect();
        assert_eq!(Numbers::of(&refs, 0).code(), "0");
    }

    /// A table with no rows, one column, a huge value or a cell of thousands of lines still
    /// makes a workbook.
    #[test]
    fn odd_tables_make_workbooks() {
        let sheet = |headers: &[&str], rows: Vec<Vec<Value>>, total: Total| Sheet {
            name: "x".into(),
            title: vec!["A title\nwith a break and \u{1b}[31m an escape".into()],
            headers: headers.iter().map(|h| (*h).to_string()).collect(),
            rows,
            total,
        };
        let sum = Total::Sum {
            label: "Cộng".into(),
            at: 0,
            columns: vec![1, 9],
        };
        let tall = "dòng\n".repeat(5000);
        for s in [
            sheet(&["Nội dung", "Điểm"], vec![], sum.clone()),
            sheet(&["Một cột"], vec![vec!["x".into()]], Total::LastRow),
            sheet(&[], vec![], Total::LastRow),
            sheet(
                &["a", "b"],
                vec![
                    vec![tall.into(), Value::Num(Decimal::MAX)],
                    vec![Value::Empty, Value::Delta(Decimal::new(-1, 28))],
                ],
                sum,
            ),
        ] {
            let bytes = workbook(std::slice::from_ref(&s)).unwrap();
            assert!(bytes.starts_with(b"PK\x03\x04"), "{s:?}");
        }
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let taken = vec!["Bị trừ".to_string()];
        assert_eq!(unique_name("bị trừ", &taken), "bị trừ (2)");
        assert_eq!(unique_name("a/b:c*?", &[]), "abc");
        assert_eq!(unique_name("", &[]), "Sheet");
        let long = "x".repeat(40);
        let first = unique_name(&long, &[]);
        assert_eq!(first.chars().count(), 31);
        assert_eq!(unique_name(&long, &[first]), format!("{} (2)", "x".repeat(27)));
    }

    #[test]
    fn wide_tables_turn_landscape_and_narrow_their_text() {
        let narrow = [Want {
            natural: 10,
            min: 5,
            fill: false,
        }; 3];
        assert_eq!(layout(&narrow), (vec![10, 10, 10], false));
        let wide = [
            Want {
                natural: 6,
                min: 6,
                fill: false,
            },
            Want {
                natural: 50,
                min: 12,
                fill: false,
            },
            Want {
                natural: 50,
                min: 12,
                fill: false,
            },
            Want {
                natural: 50,
                min: 12,
                fill: false,
            },
            Want {
                natural: 10,
                min: 10,
                fill: false,
            },
        ];
        let (widths, landscape) = layout(&wide);
        assert!(landscape);
        assert_eq!(widths, vec![6, 39, 39, 39, 10]);
        assert!(widths.iter().map(|w| pixels(*w)).sum::<usize>() <= page_pixels(true));
    }
}
