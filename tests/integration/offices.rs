//! The offices' world: the reference evidence saved as xlsx, as Excel's `;`-separated CSV
//! with decimal commas and a BOM, and as UTF-16 gives byte-identical JSON.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::support::{CRITERIA, Dir, evidence, root, run_owned};

/// The reference rows: (file stem, [criterion, item, value, agency, document, note]).
fn reference_rows() -> Vec<(String, Vec<[String; 6]>)> {
    evidence()
        .iter()
        .map(|f| {
            let ev = parcalc::evidence::load_files(&[f]).unwrap();
            let stem = std::path::Path::new(f).file_stem().unwrap().to_string_lossy().into_owned();
            let rows = ev
                .rows
                .iter()
                .map(|r| {
                    [
                        r.target.clone(),
                        r.item.clone().unwrap_or_default(),
                        r.value.clone(),
                        r.agencies.join("; "),
                        r.document.clone().unwrap_or_default(),
                        r.note.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            (stem, rows)
        })
        .collect()
}

const HEADER: [&str; 6] = ["criterion", "item", "value", "agency", "document", "note"];

fn score_json(files: &[String]) -> String {
    let mut args = vec!["score".to_string(), "-c".into(), root().join(CRITERIA).to_string_lossy().into_owned(), "--format".into(), "json".into(), "-e".into()];
    args.extend(files.iter().cloned());
    let (code, out, err) = run_owned(&args);
    assert_eq!(code, 0, "{err}");
    out
}

fn decimal_comma(v: &str) -> String {
    // Numbers and percentages as a Vietnamese Excel writes them; fractions and dates stay.
    let body = v.trim_end_matches('%');
    if !v.contains('/') && body.parse::<f64>().is_ok() { v.replace('.', ",") } else { v.to_string() }
}

#[test]
fn xlsx_semicolon_csv_and_utf16_give_identical_json() {
    let original = score_json(&evidence());
    let rows = reference_rows();
    let dir = Dir::new();

    // One workbook, one sheet per agency; numbers, percentages and dates as spreadsheet cells.
    let mut wb = Workbook::new();
    let pct = Format::new().set_num_format("0.0%");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (stem, rs) in &rows {
        let ws = wb.add_worksheet();
        ws.set_name(stem).unwrap();
        for (c, h) in HEADER.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (i, r) in rs.iter().enumerate() {
            let row = i as u32 + 1;
            for (c, cell) in r.iter().enumerate() {
                let col = c as u16;
                let as_number = cell.replace(',', ".");
                if c == 2 && cell.ends_with('%') {
                    let n: f64 = as_number.trim_end_matches('%').parse().unwrap();
                    ws.write_number_with_format(row, col, n / 100.0, &pct).unwrap();
                } else if c == 2 && parcalc::value::parse_date(cell).is_ok() && cell.contains('/') {
                    let d = parcalc::value::parse_date(cell).unwrap();
                    use chrono::Datelike;
                    let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap();
                    ws.write_datetime_with_format(row, col, &dt, &date).unwrap();
                } else if c == 2 && as_number.parse::<f64>().is_ok() {
                    ws.write_number(row, col, as_number.parse::<f64>().unwrap()).unwrap();
                } else if !cell.is_empty() {
                    ws.write_string(row, col, cell).unwrap();
                }
            }
        }
    }
    // An instructions sheet without evidence columns is skipped.
    wb.add_worksheet().set_name("Hướng dẫn").unwrap().write_string(0, 0, "Điền mỗi dòng một số liệu").unwrap();
    let xlsx = dir.path().join("evidence.xlsx");
    wb.save(&xlsx).unwrap();
    assert_eq!(score_json(&[xlsx.to_string_lossy().into_owned()]), original, "xlsx");

    // Excel on a Vietnamese locale: `;`, decimal commas, a UTF-8 BOM.
    let mut semicolon = Vec::new();
    for (stem, rs) in &rows {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(vec![0xEF, 0xBB, 0xBF]);
        w.write_record(HEADER).unwrap();
        for r in rs {
            let mut r = r.clone();
            r[2] = decimal_comma(&r[2]);
            w.write_record(&r).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        semicolon.push(dir.bytes(&format!("{stem}-excel.csv"), &bytes));
    }
    assert_eq!(score_json(&semicolon), original, "semicolon CSV");

    // Excel's "Unicode text": UTF-16LE with a BOM, tab-separated.
    let mut utf16 = Vec::new();
    for (stem, rs) in &rows {
        let mut w = csv::WriterBuilder::new().delimiter(b'\t').from_writer(Vec::new());
        w.write_record(HEADER).unwrap();
        for r in rs {
            w.write_record(r).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        utf16.push(dir.bytes(&format!("{stem}.txt"), &bytes));
    }
    assert_eq!(score_json(&utf16), original, "UTF-16");
}

#[test]
fn workbook_errors_name_file_sheet_and_cell() {
    let dir = Dir::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Nội vụ").unwrap();
    for (c, h) in ["tiêu chí", "giá trị"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "1.7").unwrap();
    ws.write_number(1, 1, 2).unwrap();
    ws.write_string(6, 0, "3.4.4").unwrap();
    ws.write_number(6, 1, 95).unwrap();
    let path = dir.path().join("evidence.xlsx");
    wb.save(&path).unwrap();
    let args = vec!["check".to_string(), "-c".into(), root().join(CRITERIA).to_string_lossy().into_owned(), "-e".into(), path.to_string_lossy().into_owned()];
    let (code, out, _) = run_owned(&args);
    assert_eq!(code, 1);
    assert!(out.contains("error[invalid-value]: 3.4.4: the cell holds the number 95, not a percentage (column `giá trị`)"), "{out}");
    assert!(out.contains(&format!("--> {} › Nội vụ › B7", path.display())), "{out}");
}
