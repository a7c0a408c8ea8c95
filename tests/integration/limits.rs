//! Small hostile workbooks end in a located error, within seconds, under a 1 GB memory
//! limit: a cell at XFD1048576, zip bombs, a part that lies about its size, a huge shared
//! strings table, ods repeats, a truncated zip. Each file is built here, byte by byte,
//! and is at most a few megabytes on disk.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use flate2::{Compress, Compression, FlushCompress};

use crate::support::{Dir, root};

const CASE: &str = "tests/cases/clean/c.toml";

/// One zip part: its name, its bytes as stored, the method (0 stored, 8 deflate), the
/// CRC and the uncompressed size its headers declare.
struct Part {
    name: String,
    data: Vec<u8>,
    method: u16,
    crc: u32,
    size: u64,
}

fn crc(bytes: &[u8]) -> u32 {
    let mut c = flate2::Crc::new();
    c.update(bytes);
    c.sum()
}

fn stored(name: &str, text: &str) -> Part {
    Part {
        name: name.into(),
        data: text.as_bytes().to_vec(),
        method: 0,
        crc: crc(text.as_bytes()),
        size: text.len() as u64,
    }
}

/// Raw deflate of `data`, ending in a sync flush: byte-aligned and referring to nothing
/// before it, so copies of it can follow one another in one deflate stream.
fn deflate_block(data: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(data.len() / 100 + 1024);
    c.compress_vec(data, &mut out, FlushCompress::Sync).unwrap();
    assert_eq!(c.total_in(), data.len() as u64);
    out
}

/// A deflated part of `head`, `chunk` repeated `times`, then `tail`, compressed once:
/// gigabytes of XML in a few megabytes. The CRC is not computed (nothing gets that far).
fn bomb(name: &str, head: &str, chunk: &[u8], times: usize, tail: &str) -> Part {
    let mut data = deflate_block(head.as_bytes());
    let block = deflate_block(chunk);
    for _ in 0..times {
        data.extend_from_slice(&block);
    }
    let mut c = Compress::new(Compression::best(), false);
    let mut end = Vec::with_capacity(tail.len() + 64);
    c.compress_vec(tail.as_bytes(), &mut end, FlushCompress::Finish).unwrap();
    data.extend_from_slice(&end);
    Part {
        name: name.into(),
        data,
        method: 8,
        crc: 0,
        size: (head.len() + chunk.len() * times + tail.len()) as u64,
    }
}

/// A zip archive of `parts`, written by hand so that headers can lie.
fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let size = u32::try_from(p.size).unwrap();
        let packed = u32::try_from(p.data.len()).unwrap();
        let name = p.name.as_bytes();
        for (buf, sig) in [(&mut out, 0x0403_4b50u32), (&mut central, 0x0201_4b50)] {
            buf.extend_from_slice(&sig.to_le_bytes());
            if sig == 0x0201_4b50 {
                buf.extend_from_slice(&20u16.to_le_bytes()); // version made by
            }
            buf.extend_from_slice(&20u16.to_le_bytes()); // version needed
            buf.extend_from_slice(&0u16.to_le_bytes()); // flags
            buf.extend_from_slice(&p.method.to_le_bytes());
            buf.extend_from_slice(&0u16.to_le_bytes()); // time
            buf.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
            buf.extend_from_slice(&p.crc.to_le_bytes());
            buf.extend_from_slice(&packed.to_le_bytes());
            buf.extend_from_slice(&size.to_le_bytes());
            buf.extend_from_slice(&(name.len() as u16).to_le_bytes());
            buf.extend_from_slice(&0u16.to_le_bytes()); // extra
            if sig == 0x0201_4b50 {
                buf.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
                buf.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                buf.extend_from_slice(&offset.to_le_bytes());
            }
            buf.extend_from_slice(name);
        }
        out.extend_from_slice(&p.data);
    }
    let cd_offset = out.len() as u32;
    let cd_size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// The evidence of `tests/cases/clean` as sheet rows (inline strings and numbers).
const EVIDENCE_ROWS: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>criterion</t></is></c><c r="B1" t="inlineStr"><is><t>value</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>1.1</t></is></c><c r="B2" t="inlineStr"><is><t>yes</t></is></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>1.2</t></is></c><c r="B3" t="inlineStr"><is><t>95%</t></is></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>2</t></is></c><c r="B4"><v>3.5</v></c></row>"#;

/// An xlsx with one sheet, `Nội vụ`, whose part is `sheet`, plus `extra` parts.
fn xlsx(sheet: Part, extra: Vec<Part>) -> Vec<u8> {
    let mut parts = vec![
        stored(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        stored(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        stored(
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Nội vụ" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        stored(
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
    ];
    parts.push(sheet);
    parts.extend(extra);
    zip(&parts)
}

fn sheet(rows: &str, dimension: &str) -> Part {
    stored(
        "xl/worksheets/sheet1.xml",
        &format!(r#"{SHEET_HEAD}<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#),
    )
}

/// How a run of the real binary ended.
struct Ended {
    code: i32,
    out: String,
    err: String,
    took: Duration,
}

/// Runs the built binary under a 1 GB address-space limit, killed after 60 s.
fn bounded(args: &[&str]) -> Ended {
    let dir = Dir::new();
    let out_path = dir.0.path().join("out");
    let err_path = dir.0.path().join("err");
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v 1048576; exec "$0" "$@""#)
        .arg(env!("CARGO_BIN_EXE_parcalc"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("parcalc {args:?} ran for more than 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ended {
        code: status.code().unwrap_or(-1),
        out: std::fs::read_to_string(out_path).unwrap(),
        err: std::fs::read_to_string(err_path).unwrap(),
        took: start.elapsed(),
    }
}

/// `score` of a workbook (file `name`, `bytes`) against the small case's criteria.
fn score(name: &str, bytes: &[u8]) -> (Ended, String) {
    let dir = Dir::new();
    let path = dir.bytes(name, bytes);
    let ended = bounded(&["score", "-c", CASE, "-e", &path]);
    (ended, path)
}

/// Asserts a refusal: exit code 2, within seconds, each of `wanted` in the output.
fn refused(name: &str, bytes: &[u8], wanted: &[&str]) {
    assert!(bytes.len() < 5 << 20, "{name} is {} bytes on disk", bytes.len());
    let (e, path) = score(name, bytes);
    let all = format!("{}{}", e.out, e.err);
    assert_eq!(e.code, 2, "{name}: {all}");
    assert!(e.took < Duration::from_secs(20), "{name} took {:?}", e.took);
    for w in wanted {
        let w = w.replace("{path}", &path);
        assert!(all.contains(&w), "{name}: no `{w}` in:\n{all}");
    }
}

#[test]
fn a_styled_cell_at_xfd1048576_costs_one_cell() {
    // Excel writes such a cell when the last cell of the grid is formatted.
    let rows = format!(r#"{EVIDENCE_ROWS}<row r="1048576"><c r="XFD1048576" s="1"/></row>"#);
    let bytes = xlsx(sheet(&rows, "A1:XFD1048576"), vec![]);
    assert!(bytes.len() < 5 << 10);
    let dir = Dir::new();
    let path = dir.bytes("evidence.xlsx", &bytes);
    let score = |e: &str| bounded(&["score", "-c", CASE, "--format", "json", "-e", e]);
    let (from_xlsx, from_csv) = (score(&path), score("tests/cases/clean/e.csv"));
    assert_eq!(from_xlsx.code, 0, "{}", from_xlsx.err);
    assert_eq!(from_xlsx.out, from_csv.out);
}

#[test]
fn a_value_at_xfd1048576_is_a_located_row_error() {
    let rows = format!(r#"{EVIDENCE_ROWS}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#);
    refused(
        "evidence.xlsx",
        &xlsx(sheet(&rows, "A1:XFD1048576"), vec![]),
        &["the row has no criterion code", "{path} › Nội vụ › A1048576"],
    );
}

#[test]
fn a_cell_outside_the_grid_is_refused() {
    let rows = format!(r#"{EVIDENCE_ROWS}<row r="5"><c r="ZZZZ5"><v>1</v></c></row>"#);
    refused(
        "evidence.xlsx",
        &xlsx(sheet(&rows, "A1:B4"), vec![]),
        &["{path} › Nội vụ", "ZZZZ5, outside a spreadsheet's 1048576 rows × 16384 columns"],
    );
}

#[test]
fn a_zip_bomb_sheet_is_refused_from_its_declared_size() {
    // 2 GiB of empty rows in about 2 MB.
    let chunk = "<row></row>".repeat(1 << 20 >> 4);
    let part = bomb(
        "xl/worksheets/sheet1.xml",
        &format!("{SHEET_HEAD}<sheetData>{EVIDENCE_ROWS}"),
        chunk.as_bytes(),
        (2 << 30) / chunk.len(),
        "</sheetData></worksheet>",
    );
    refused(
        "evidence.xlsx",
        &xlsx(part, vec![]),
        &[
            "{path} › Nội vụ",
            "the part `xl/worksheets/sheet1.xml` unzips to 1.9 GiB",
            "a part may unzip to at most 64 MiB",
        ],
    );
}

#[test]
fn a_part_that_lies_about_its_size_stops_at_the_declared_size() {
    // The headers say 4 KiB; the deflate stream holds 1 GiB of whitespace.
    let mut part = bomb(
        "xl/worksheets/sheet1.xml",
        &format!("{SHEET_HEAD}<sheetData>{EVIDENCE_ROWS}"),
        &[b' '; 1 << 20],
        1024,
        "</sheetData></worksheet>",
    );
    part.size = 4096;
    refused(
        "evidence.xlsx",
        &xlsx(part, vec![]),
        &[
            "cannot read sheet `Nội vụ`",
            "{path} › Nội vụ",
            "larger than its declared uncompressed size",
        ],
    );
}

#[test]
fn a_ratio_no_deflate_stream_can_have_is_refused() {
    let mut part = sheet(EVIDENCE_ROWS, "A1:B4");
    part.method = 8;
    part.data = deflate_block(&[b' '; 2000]);
    part.size = 60 << 20;
    refused(
        "evidence.xlsx",
        &xlsx(part, vec![]),
        &["more than any zip compression can expand (at most 1032:1)", "{path} › Nội vụ"],
    );
}

#[test]
fn a_shared_strings_table_declaring_billions_is_refused() {
    let sst = stored(
        "xl/sharedStrings.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>criterion</t></si></sst>"#,
    );
    refused(
        "evidence.xlsx",
        &xlsx(sheet(EVIDENCE_ROWS, "A1:B4"), vec![sst]),
        &[
            "{path} › xl/sharedStrings.xml",
            "the shared strings table declares 4000000000 strings; a workbook may hold at most 2000000",
        ],
    );
}

#[test]
fn a_long_shared_string_repeated_in_every_cell_is_refused() {
    // One 30,000-character string, used by a million cells: 30 GB of text if copied.
    let long = "x".repeat(30_000);
    let sst = stored(
        "xl/sharedStrings.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="2"><si><t>{long}</t></si><si><t>1.1</t></si></sst>"#
        ),
    );
    let row = r#"<row><c t="s"><v>1</v></c><c t="s"><v>0</v></c></row>"#.repeat(1 << 10);
    let part = bomb(
        "xl/worksheets/sheet1.xml",
        &format!("{SHEET_HEAD}<sheetData>{EVIDENCE_ROWS}"),
        row.as_bytes(),
        512,
        "</sheetData></worksheet>",
    );
    refused(
        "evidence.xlsx",
        &xlsx(part, vec![sst]),
        &["{path} › Nội vụ", "the workbook's cells hold more than 128 MiB of text"],
    );
}

#[test]
fn a_cell_longer_than_excel_allows_is_located() {
    let long = "x".repeat(40_000);
    let rows = format!(
        r#"{EVIDENCE_ROWS}<row r="5"><c r="A5" t="inlineStr"><is><t>1.1</t></is></c><c r="C5" t="inlineStr"><is><t>{long}</t></is></c></row>"#
    );
    refused(
        "evidence.xlsx",
        &xlsx(sheet(&rows, "A1:C5"), vec![]),
        &[
            "{path} › Nội vụ › C5",
            "the cell holds 40000 characters; a spreadsheet cell holds at most 32767",
        ],
    );
}

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

const ODS_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Nội vụ">"#;
const ODS_TAIL: &str = "</table:table></office:spreadsheet></office:body></office:document-content>";

fn ods_cell(text: &str) -> String {
    format!(r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#)
}

fn ods_rows() -> String {
    [("criterion", "value"), ("1.1", "yes"), ("1.2", "95%"), ("2", "3.5")]
        .iter()
        .map(|(a, b)| format!("<table:table-row>{}{}</table:table-row>", ods_cell(a), ods_cell(b)))
        .collect()
}

fn ods(content: Part) -> Vec<u8> {
    zip(&[
        stored("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        stored("META-INF/manifest.xml", ODS_MANIFEST),
        content,
    ])
}

#[test]
fn an_ods_reads_like_the_csv() {
    let bytes = ods(stored("content.xml", &format!("{ODS_HEAD}{}{ODS_TAIL}", ods_rows())));
    let dir = Dir::new();
    let path = dir.bytes("evidence.ods", &bytes);
    let score = |e: &str| bounded(&["score", "-c", CASE, "--format", "json", "-e", e]);
    let (from_ods, from_csv) = (score(&path), score("tests/cases/clean/e.csv"));
    assert_eq!(from_ods.code, 0, "{}", from_ods.err);
    assert_eq!(from_ods.out, from_csv.out);
}

#[test]
fn an_ods_repeating_a_filled_cell_is_refused_before_it_is_expanded() {
    // One cell repeated over 6,000 rows × 16,384 columns: 98 million cells (3 GB once
    // expanded, under calamine's own limit of 100 million) in a few hundred bytes.
    let rows = format!(
        r#"{}<table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#,
        ods_rows()
    );
    refused(
        "evidence.ods",
        &ods(stored("content.xml", &format!("{ODS_HEAD}{rows}{ODS_TAIL}"))),
        &[
            "{path} › Nội vụ",
            "span 6004 rows × 16384 columns",
            "a workbook may span at most 2000000 cells",
        ],
    );
}

#[test]
fn ods_sheets_add_up_to_the_workbook_limit() {
    // Two sheets of 100 rows × 16,384 columns: each fits, both do not.
    let big = r#"<table:table-row table:number-rows-repeated="100"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
    let content = format!(
        r#"{ODS_HEAD}{}</table:table><table:table table:name="Tư pháp">{big}</table:table><table:table table:name="Tài chính">{big}{ODS_TAIL}"#,
        ods_rows()
    );
    refused(
        "evidence.ods",
        &ods(stored("content.xml", &content)),
        &[
            "{path} › Tài chính",
            "span 100 rows × 16384 columns (repeated rows and columns expanded), 3276808 with the sheets before it",
            "a workbook may span at most 2000000 cells",
        ],
    );
}

#[test]
fn an_ods_zip_bomb_is_refused() {
    // 2 GiB of whitespace between two rows, in about 2 MB.
    let part = bomb(
        "content.xml",
        &format!("{ODS_HEAD}{}", ods_rows()),
        &[b' '; 1 << 20],
        2048,
        ODS_TAIL,
    );
    refused(
        "evidence.ods",
        &ods(part),
        &["{path} › content.xml", "unzips to 2.0 GiB", "a part may unzip to at most 64 MiB"],
    );
}

#[test]
fn a_truncated_or_corrupt_zip_is_a_read_error() {
    let whole = xlsx(sheet(EVIDENCE_ROWS, "A1:B4"), vec![]);
    refused(
        "evidence.xlsx",
        &whole[..whole.len() / 2],
        &["{path}", "not a readable zip archive"],
    );
    // The sheet's deflate stream damaged: its first block has the reserved type 11.
    let mut part = sheet(EVIDENCE_ROWS, "A1:B4");
    part.method = 8;
    part.data = deflate_block(&part.data);
    part.data[0] |= 0b110;
    let corrupt = xlsx(part, vec![]);
    refused("evidence.xlsx", &corrupt, &["{path} › Nội vụ", "cannot read sheet `Nội vụ`"]);
    refused("evidence.ods", b"PK\x03\x04 not really", &["{path}", "not a readable zip archive"]);
}

#[test]
fn a_workbook_over_the_file_size_limit_is_refused_unread() {
    // Sparse on disk: 65 MiB of nothing.
    let dir = Dir::new();
    let path = dir.0.path().join("evidence.xls");
    std::fs::File::create(&path).unwrap().set_len(65 << 20).unwrap();
    let path = path.to_string_lossy().into_owned();
    let e = bounded(&["score", "-c", CASE, "-e", &path]);
    assert_eq!(e.code, 2, "{}", e.err);
    assert!(
        e.err.contains("the workbook is 65 MiB; a workbook may be at most 64 MiB"),
        "{}",
        e.err
    );
}

#[test]
fn the_documented_limits_are_the_ones_enforced() {
    use parcalc::evidence::limits::*;
    let doc = std::fs::read_to_string(root().join("docs/criteria-format.md")).unwrap();
    for row in [
        format!("| workbook file | {} |", show_bytes(MAX_FILE_BYTES)),
        format!("| one zip part, unzipped | {} |", show_bytes(MAX_PART_BYTES)),
        format!("| shared strings part, unzipped | {} |", show_bytes(MAX_SHARED_STRINGS_BYTES)),
        format!("| all zip parts, unzipped | {} |", show_bytes(MAX_UNZIPPED_BYTES)),
        format!("| zip parts | {MAX_PARTS} |"),
        format!("| compression ratio of a part over 1 MiB | {MAX_DEFLATE_RATIO}:1 |"),
        format!("| shared strings declared (`uniqueCount`) | {MAX_SHARED_STRINGS} |"),
        format!("| filled cells, all sheets together | {MAX_CELLS} |"),
        format!("| rectangles from each sheet's first to its last filled cell, added up | {MAX_CELLS} cells |"),
        format!("| cell position | {MAX_ROWS} rows × {MAX_COLUMNS} columns |"),
        format!("| text of one cell | {MAX_CELL_CHARS} characters |"),
        format!("| text of all cells read | {} |", show_bytes(MAX_TEXT_BYTES)),
    ] {
        assert!(doc.contains(&row), "docs/criteria-format.md has no row `{row}`");
    }
}

/// A BIFF record.
fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

/// A BIFF8 LABEL cell (an 8-bit string).
fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let mut d = [
        row.to_le_bytes(),
        col.to_le_bytes(),
        0u16.to_le_bytes(),
        (text.len() as u16).to_le_bytes(),
    ]
    .concat();
    d.push(0);
    d.extend_from_slice(text.as_bytes());
    record(0x0204, &d)
}

fn number(row: u16, col: u16, n: f64) -> Vec<u8> {
    let d = [&row.to_le_bytes()[..], &col.to_le_bytes(), &0u16.to_le_bytes(), &n.to_le_bytes()].concat();
    record(0x0203, &d)
}

const BOF: [u8; 16] = [0, 6, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/// The evidence of `tests/cases/clean` as BIFF8 cells.
fn xls_cells() -> Vec<u8> {
    [
        label(0, 0, "criterion"),
        label(0, 1, "value"),
        label(1, 0, "1.1"),
        label(1, 1, "yes"),
        label(2, 0, "1.2"),
        label(2, 1, "95%"),
        label(3, 0, "2"),
        number(3, 1, 3.5),
    ]
    .concat()
}

/// A Workbook stream: globals (`globals` records, then one sheet), then the sheet's
/// records, padded to a regular (not mini) stream.
fn biff(globals: &[u8], sheet: &[u8]) -> Vec<u8> {
    let name = "Nội vụ";
    let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let bound_len = 4 + 8 + units.len();
    let head = [record(0x0809, &BOF), globals.to_vec()].concat();
    let sheet_at = (head.len() + bound_len + 4) as u32;
    let mut bound = sheet_at.to_le_bytes().to_vec();
    bound.extend_from_slice(&[0, 0, name.chars().count() as u8, 1]);
    bound.extend_from_slice(&units);
    let mut s = [head, record(0x0085, &bound), record(0x000A, &[])].concat();
    assert_eq!(s.len(), sheet_at as usize);
    s.extend(record(0x0809, &BOF));
    s.extend_from_slice(sheet);
    s.extend(record(0x000A, &[]));
    s.resize(s.len().max(4096), 0);
    s
}

/// A compound file (512-byte sectors) holding `stream` as `Workbook`; `fat_edit` may
/// change the allocation table before it is written.
fn cfb(stream: &[u8], fat_edit: impl Fn(&mut Vec<u32>)) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    let n = stream.len().div_ceil(512);
    let fat_sectors = (n + 2).div_ceil(128);
    assert!(fat_sectors <= 109);
    // Sectors: FAT sectors, the directory, then the stream.
    let dir = fat_sectors as u32;
    let first = dir + 1;
    let mut fat = vec![0xFFFF_FFFDu32; fat_sectors];
    fat.push(END);
    fat.extend((0..n as u32).map(|i| if i + 1 == n as u32 { END } else { first + i + 1 }));
    fat_edit(&mut fat);
    fat.resize(fat_sectors * 128, 0xFFFF_FFFF);
    let mut h = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    h.resize(24, 0);
    h.extend_from_slice(&[0x3E, 0, 3, 0, 0xFE, 0xFF, 9, 0, 6, 0]);
    h.resize(44, 0);
    for v in [fat_sectors as u32, dir, 0, 4096, END, 0, END, 0] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    for i in 0..109 {
        h.extend_from_slice(&(if i < fat_sectors { i as u32 } else { 0xFFFF_FFFF }).to_le_bytes());
    }
    let entry = |name: &str, typ: u8, start: u32, size: u32| {
        let mut e: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e.resize(64, 0);
        e.extend_from_slice(&((name.len() as u16 + 1) * 2).to_le_bytes());
        e.extend_from_slice(&[typ, 1]);
        e.extend_from_slice(&[0xFF; 12]);
        e.resize(116, 0);
        e.extend_from_slice(&start.to_le_bytes());
        e.extend_from_slice(&size.to_le_bytes());
        e.resize(128, 0);
        e
    };
    let mut out = h;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(entry("Root Entry", 5, END, 0));
    out.extend(entry("Workbook", 2, first, stream.len() as u32));
    out.resize(out.len() + 256, 0);
    out.extend_from_slice(stream);
    out.resize(512 + (first as usize + n) * 512, 0);
    out
}

#[test]
fn an_xls_reads_like_the_csv() {
    let bytes = cfb(&biff(&[], &xls_cells()), |_| {});
    let dir = Dir::new();
    let path = dir.bytes("evidence.xls", &bytes);
    let score = |e: &str| bounded(&["score", "-c", CASE, "--format", "json", "-e", e]);
    let (from_xls, from_csv) = (score(&path), score("tests/cases/clean/e.csv"));
    assert_eq!(from_xls.code, 0, "{}", from_xls.err);
    assert_eq!(from_xls.out, from_csv.out);
}

#[test]
fn an_xls_declaring_billions_of_rows_is_refused() {
    let dims = [0u32.to_le_bytes(), u32::MAX.to_le_bytes(), [0, 0, 0, 1]].concat();
    let sheet = [record(0x0200, &[dims, vec![0, 0]].concat()), xls_cells()].concat();
    refused(
        "evidence.xls",
        &cfb(&biff(&[], &sheet), |_| {}),
        &[
            "{path} › Nội vụ",
            "declares its dimensions as 4294967295 rows × 256 columns",
            "a workbook may span at most 2000000 cells",
        ],
    );
}

#[test]
fn an_xls_whose_dimensions_end_before_they_start_is_refused() {
    // Rows 100 to 49: calamine would subtract and overflow.
    let dims = [100u32.to_le_bytes(), 50u32.to_le_bytes(), [0, 0, 2, 0]].concat();
    let sheet = [record(0x0200, &[dims, vec![0, 0]].concat()), xls_cells()].concat();
    refused(
        "evidence.xls",
        &cfb(&biff(&[], &sheet), |_| {}),
        &[
            "{path} › Nội vụ",
            "the xls file is damaged: a sheet's dimensions end before they start",
        ],
    );
}

#[test]
fn an_xls_cell_at_the_far_corner_is_refused() {
    let sheet = [xls_cells(), number(65_535, 255, 1.0)].concat();
    refused(
        "evidence.xls",
        &cfb(&biff(&[], &sheet), |_| {}),
        &[
            "{path} › Nội vụ",
            "span 65536 rows × 256 columns",
            "a workbook may span at most 2000000 cells",
        ],
    );
}

#[test]
fn an_xls_whose_directory_chain_loops_is_refused() {
    // The directory sector points to itself.
    refused(
        "evidence.xls",
        &cfb(&biff(&[], &xls_cells()), |fat| fat[1] = 1),
        &["{path}", "the xls file is damaged: the directory chain loops"],
    );
}

#[test]
fn an_xls_copying_a_long_shared_string_into_every_cell_is_refused() {
    // One 30,000-character shared string (an SST record and three CONTINUE records),
    // then 100,000 cells that each copy it: 3 GB of text from a 1.4 MB file.
    let long = vec![b'x'; 30_000];
    let mut sst = [1u32.to_le_bytes(), 1u32.to_le_bytes()].concat();
    sst.extend_from_slice(&30_000u16.to_le_bytes());
    sst.push(0);
    let mut chars = long.as_slice();
    let room = 8224 - sst.len();
    sst.extend_from_slice(&chars[..room]);
    chars = &chars[room..];
    let mut globals = record(0x00FC, &sst);
    while !chars.is_empty() {
        let take = chars.len().min(8223);
        globals.extend(record(0x003C, &[&[0u8][..], &chars[..take]].concat()));
        chars = &chars[take..];
    }
    let mut sheet = xls_cells();
    for row in 4..100_004u32 {
        let d = [
            &(row as u16).to_le_bytes()[..],
            &2u16.to_le_bytes(),
            &0u16.to_le_bytes(),
            &0u32.to_le_bytes(),
        ]
        .concat();
        sheet.extend(record(0x00FD, &d));
    }
    refused(
        "evidence.xls",
        &cfb(&biff(&globals, &sheet), |_| {}),
        &["{path} › Nội vụ", "the workbook's cells hold more than 128 MiB of text"],
    );
}

/// Damaged xls files (bytes flipped or cut anywhere) end in a diagnostic: the spreadsheet
/// library indexes some records without checks, and its panics are contained.
#[test]
fn damaged_xls_files_end_in_diagnostics() {
    let good = cfb(&biff(&[], &xls_cells()), |_| {});
    let dir = Dir::new();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut read, mut damaged) = (0, 0);
    for i in 0..400 {
        let mut bytes = good.clone();
        match i % 4 {
            0 => bytes.truncate(next() as usize % bytes.len()),
            1 => {
                let at = next() as usize % bytes.len();
                bytes[at] ^= 1 << (next() % 8);
            }
            _ => {
                for _ in 0..1 + next() % 8 {
                    let at = next() as usize % bytes.len();
                    bytes[at] = next() as u8;
                }
            }
        }
        let path = dir.bytes(&format!("d{i}.xls"), &bytes);
        let (_, diags) = parcalc::evidence::read_files(&[&path]);
        read += 1;
        damaged += usize::from(
            diags
                .iter()
                .any(|d| d.message.en().contains("the spreadsheet reader failed inside it")),
        );
    }
    // Without the guard, the library's panics (3 of these 400 files) would end this test.
    assert_eq!(read, 400, "{damaged} contained");
}
