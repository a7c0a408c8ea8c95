//! What a workbook may hold, and the checks that refuse a hostile one before calamine
//! allocates for it. A 5 KB xlsx can declare a cell at `XFD1048576`, a 2 MB zip can unzip
//! to gigabytes, a header can lie about a part's size, an ods row can repeat a filled cell
//! a hundred million times: each ends in an error naming the file, the sheet or part, the
//! limit and the fix, in bounded time and memory (`docs/criteria-format.md`, "Limits").
//!
//! The limits are far above real evidence (a province's evidence is a few thousand rows)
//! and far below what would exhaust a laptop: every one is a documented constant here.

use std::collections::HashMap;
use std::io::{Read, Seek};

use quick_xml::XmlVersion;
use quick_xml::events::Event;

/// A workbook file on disk. Evidence workbooks are kilobytes to a few megabytes.
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// One part of an xlsx/xlsb/ods zip (a sheet's XML, `content.xml`), unzipped.
pub const MAX_PART_BYTES: u64 = 64 << 20;
/// The shared strings part of an xlsx/xlsb, unzipped: calamine keeps every string in
/// memory, and a short `<si/>` costs far more as a string than as XML.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 32 << 20;
/// All parts of a workbook together, unzipped.
pub const MAX_UNZIPPED_BYTES: u64 = 256 << 20;
/// Parts in one zip. Excel writes a few dozen.
pub const MAX_PARTS: usize = 10_000;
/// The largest expansion a deflate stream can produce is 1032:1 (258-byte matches in
/// 2-bit codes); a part whose header claims more is lying about one of its sizes.
pub const MAX_DEFLATE_RATIO: u64 = 1_032;
/// Filled cells in one sheet (xlsx, xlsm, xlsb), and the rectangle from the first to the
/// last filled cell (ods and xls, which calamine reads whole, empty cells included).
pub const MAX_SHEET_CELLS: u64 = 2_000_000;
/// Shared strings declared by an xlsx (`uniqueCount`), which calamine reserves up front.
pub const MAX_SHARED_STRINGS: u64 = MAX_SHEET_CELLS;
/// Excel's grid: cells outside it cannot come from a spreadsheet program.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLUMNS: u32 = 16_384;
/// Excel's limit on the text of one cell, in characters.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The text of all the cells read from one workbook (a cell that repeats a long shared
/// string costs its full length each time).
pub const MAX_TEXT_BYTES: u64 = 128 << 20;

/// Why a workbook is refused: where (a sheet's or a part's name, if known), what, the fix.
#[derive(Debug)]
pub struct Refusal {
    pub place: Option<String>,
    pub message: String,
    pub help: String,
}

impl Refusal {
    fn new(place: Option<String>, message: String, help: &str) -> Refusal {
        Refusal {
            place,
            message,
            help: help.to_string(),
        }
    }
}

/// Sizes as people read them: `64 MiB`, `3.9 GiB`, `5120 bytes`.
pub fn show_bytes(n: u64) -> String {
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    if n >= GIB {
        format!("{}.{} GiB", n / GIB, n % GIB * 10 / GIB)
    } else if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{}.{} MiB", n / MIB, n % MIB * 10 / MIB)
    } else {
        format!("{n} bytes")
    }
}

const RESAVE: &str = "open it in Excel or LibreOffice and save it again as .xlsx, or export the evidence sheet as CSV UTF-8";
const SPLIT: &str = "keep only the evidence rows in the workbook (delete unused rows and columns, or split it into several files), or export the evidence sheet as CSV UTF-8";

/// The file on disk.
pub fn check_file_size(len: u64) -> Result<(), Refusal> {
    if len > MAX_FILE_BYTES {
        return Err(Refusal::new(
            None,
            format!(
                "the workbook is {}; a workbook may be at most {}",
                show_bytes(len),
                show_bytes(MAX_FILE_BYTES)
            ),
            SPLIT,
        ));
    }
    Ok(())
}

/// The kinds of zip workbook, which differ in where the cells are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    /// xlsx and xlsm: `xl/worksheets/*.xml`, `xl/sharedStrings.xml`.
    Xlsx,
    /// xlsb: binary parts in the same layout.
    Xlsb,
    /// ods: every sheet in `content.xml`.
    Ods,
}

/// Inspects a zip workbook's central directory and the parts calamine sizes its memory
/// from, without decompressing more than a few kilobytes of any part (the ods
/// `content.xml` is scanned whole, once, within [`MAX_PART_BYTES`]).
///
/// The declared sizes checked here also bound the bytes actually read: the `zip` crate
/// fails a part that inflates past its declared size ("File is larger than its declared
/// uncompressed size"), so a header that lies ends in a read error, not in gigabytes.
pub fn check_zip<R: Read + Seek>(reader: R, kind: ZipKind) -> Result<(), Refusal> {
    let mut zip =
        zip::ZipArchive::new(reader).map_err(|e| Refusal::new(None, format!("the workbook is not a readable zip archive: {e}"), RESAVE))?;
    if zip.len() > MAX_PARTS {
        return Err(Refusal::new(
            None,
            format!(
                "the workbook's zip holds {} parts; a workbook may hold at most {MAX_PARTS}",
                zip.len()
            ),
            RESAVE,
        ));
    }
    let sheets = if kind == ZipKind::Xlsx {
        sheet_names(&mut zip)
    } else {
        HashMap::new()
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_data(i)
            .map_err(|e| Refusal::new(None, format!("the workbook's zip directory is damaged: {e}"), RESAVE))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("part {}", i + 1));
        let place = Some(sheets.get(&name).cloned().unwrap_or_else(|| name.clone()));
        let size = entry.size();
        let packed = entry.compressed_size();
        let limit = if name.to_ascii_lowercase().ends_with("sharedstrings.xml") || name.to_ascii_lowercase().ends_with("sharedstrings.bin")
        {
            MAX_SHARED_STRINGS_BYTES
        } else {
            MAX_PART_BYTES
        };
        if size > limit {
            return Err(Refusal::new(
                place,
                format!(
                    "the part `{name}` unzips to {} ({} in the file); a part may unzip to at most {}",
                    show_bytes(size),
                    show_bytes(packed),
                    show_bytes(limit)
                ),
                SPLIT,
            ));
        }
        if size > 1 << 20 && size / packed.max(1) > MAX_DEFLATE_RATIO {
            return Err(Refusal::new(
                place,
                format!(
                    "the part `{name}` claims to unzip from {} to {}, more than any zip compression can expand (at most {MAX_DEFLATE_RATIO}:1)",
                    show_bytes(packed),
                    show_bytes(size)
                ),
                RESAVE,
            ));
        }
        total = total.saturating_add(size);
        if total > MAX_UNZIPPED_BYTES {
            return Err(Refusal::new(
                None,
                format!(
                    "the workbook unzips to more than {}; a workbook may unzip to at most that",
                    show_bytes(MAX_UNZIPPED_BYTES)
                ),
                SPLIT,
            ));
        }
    }
    match kind {
        ZipKind::Xlsx => check_shared_strings(&mut zip),
        ZipKind::Xlsb => Ok(()),
        ZipKind::Ods => check_ods_content(&mut zip),
    }
}

/// Sheet names by part path (`xl/worksheets/sheet1.xml` → `Nội vụ`), to name the sheet in
/// a refusal. Best effort: a workbook whose names cannot be read is named by its parts.
fn sheet_names<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut ids = Vec::new();
    for_each_start(zip, "xl/workbook.xml", 1 << 20, |e| {
        if e.local_name().as_ref() == "sheet" {
            let mut name = None;
            let mut id = None;
            for a in e.attributes().flatten() {
                let value = a.normalized_value(XmlVersion::Implicit1_0).map(|v| v.into_owned()).ok();
                match a.key.local_name().as_ref() {
                    "name" => name = value,
                    "id" if a.key.as_ref() != "sheetId" => id = value,
                    _ => {}
                }
            }
            if let (Some(n), Some(i)) = (name, id) {
                ids.push((i, n));
            }
        }
        true
    });
    let mut targets = HashMap::new();
    for_each_start(zip, "xl/_rels/workbook.xml.rels", 1 << 20, |e| {
        if e.local_name().as_ref() == "Relationship" {
            let get = |key: &str| {
                e.attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == key)
                    .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
            };
            if let (Some(id), Some(target)) = (get("Id"), get("Target")) {
                let target = target.strip_prefix('/').map_or_else(|| format!("xl/{target}"), str::to_string);
                targets.insert(id, target);
            }
        }
        true
    });
    for (id, name) in ids {
        if let Some(path) = targets.remove(&id) {
            out.insert(path, name);
        }
    }
    out
}

/// Calls `f` on each start tag of a part, read through at most `cap` bytes, until `f`
/// returns false. A missing or malformed part is left to calamine to report.
fn for_each_start<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    part: &str,
    cap: u64,
    mut f: impl FnMut(&quick_xml::events::BytesStart<'_>) -> bool,
) {
    let Ok(file) = zip.by_name(part) else { return };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(file.take(cap)));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if !f(&e) {
                    return;
                }
            }
            Ok(Event::Eof) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// calamine reserves room for the shared strings' declared `uniqueCount` before reading
/// any: a one-line part can ask for terabytes.
fn check_shared_strings<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<(), Refusal> {
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(|n| n.into_owned())
        .collect();
    for part in names {
        let mut declared = None;
        for_each_start(zip, &part, 64 << 10, |e| {
            if e.local_name().as_ref() != "sst" {
                return true;
            }
            declared = e
                .attributes()
                .flatten()
                .find(|a| a.key.as_ref() == "uniqueCount")
                .map(|a| a.value.into_owned());
            false
        });
        // calamine reads the count as plain digits; anything else reserves nothing.
        let Some(text) = declared.filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())) else {
            continue;
        };
        let count = text.parse::<u64>().unwrap_or(u64::MAX);
        if count > MAX_SHARED_STRINGS {
            return Err(Refusal::new(
                Some(part),
                format!("the shared strings table declares {text} strings; a workbook may hold at most {MAX_SHARED_STRINGS}"),
                SPLIT,
            ));
        }
    }
    Ok(())
}

/// calamine reads an ods whole when it opens it, expanding `number-rows-repeated` and
/// `number-columns-repeated` into a rectangle of cells. This scan computes that rectangle
/// for each table, as calamine will, and refuses it before it is allocated.
fn check_ods_content<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<(), Refusal> {
    let Ok(file) = zip.by_name("content.xml") else { return Ok(()) };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(file.take(MAX_PART_BYTES)));
    // calamine's settings, so both readers see the same elements.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut table: Option<OdsTable> = None;
    // Depth inside the current cell: a cell with any child element holds a value.
    let mut cell: Option<(u64, bool, u32)> = None;
    loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) => return Ok(()),
            // calamine reads the same bytes with the same settings and reports the error.
            Err(_) => return Ok(()),
            Ok(e) => e,
        };
        match event {
            Event::Start(e) => {
                let name = e.name();
                if let Some((_, filled, depth)) = &mut cell {
                    *filled = true;
                    *depth += 1;
                    continue;
                }
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .map(|a| a.value.into_owned())
                };
                match name.as_ref() {
                    "table:table" => {
                        let name = attr("table:name").unwrap_or_default();
                        table = Some(OdsTable::new(name));
                    }
                    "table:table-row" => {
                        if let Some(t) = &mut table {
                            let repeats = attr("table:number-rows-repeated").and_then(|v| parse_count(&v)).unwrap_or(1);
                            t.start_row(repeats);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if table.is_some() => {
                        let repeats = attr("table:number-columns-repeated").and_then(|v| parse_count(&v)).unwrap_or(1);
                        let valued = attr("office:value-type").is_some() || attr("table:formula").is_some();
                        cell = Some((repeats, valued, 0));
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if let Some((repeats, filled, depth)) = &mut cell {
                    if *depth > 0 {
                        *depth -= 1;
                        continue;
                    }
                    let (repeats, filled) = (*repeats, *filled);
                    cell = None;
                    if let Some(t) = &mut table {
                        t.cell(repeats, filled);
                    }
                    continue;
                }
                match e.name().as_ref() {
                    "table:table-row" => {
                        if let Some(t) = &mut table {
                            t.end_row()?;
                        }
                    }
                    "table:table" => table = None,
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

fn parse_count(v: &str) -> Option<u64> {
    v.trim().parse().ok()
}

/// The rectangle calamine will allocate for one ods table, grown row by row.
struct OdsTable {
    name: String,
    /// Rows so far, repeats expanded, capped at [`MAX_ROWS`] as calamine caps them.
    rows: u64,
    /// The current row: its repeats, its width so far, its first and last filled column.
    row_repeats: u64,
    col: u64,
    first: Option<u64>,
    last: u64,
    /// Filled rows: first row, end of the last one (repeats included), columns.
    first_row: Option<u64>,
    end_row: u64,
    min_col: u64,
    max_col: u64,
    /// Cells calamine stores before it builds the rectangle (a row's cells up to its last
    /// filled one, once per row element).
    stored: u64,
}

impl OdsTable {
    fn new(name: String) -> OdsTable {
        OdsTable {
            name,
            rows: 0,
            row_repeats: 1,
            col: 0,
            first: None,
            last: 0,
            first_row: None,
            end_row: 0,
            min_col: u64::MAX,
            max_col: 0,
            stored: 0,
        }
    }

    fn start_row(&mut self, repeats: u64) {
        self.row_repeats = repeats.min(u64::from(MAX_ROWS).saturating_sub(self.rows));
        self.col = 0;
        self.first = None;
        self.last = 0;
    }

    fn cell(&mut self, repeats: u64, filled: bool) {
        let repeats = repeats.min(u64::from(MAX_COLUMNS).saturating_sub(self.col));
        if filled && repeats > 0 {
            self.first.get_or_insert(self.col);
            self.last = self.col + repeats - 1;
        }
        self.col += repeats;
    }

    fn end_row(&mut self) -> Result<(), Refusal> {
        if let Some(first) = self.first {
            self.first_row.get_or_insert(self.rows);
            self.end_row = self.rows + self.row_repeats;
            self.min_col = self.min_col.min(first);
            self.max_col = self.max_col.max(self.last);
            self.stored += self.last + 1;
        }
        self.rows += self.row_repeats;
        let area = self.first_row.map_or(0, |f| {
            (self.end_row - f).saturating_mul(self.max_col + 1 - self.min_col.min(self.max_col))
        });
        if area > MAX_SHEET_CELLS || self.stored > MAX_SHEET_CELLS {
            let rows = self.first_row.map_or(0, |f| self.end_row - f);
            let cols = self.max_col + 1 - self.min_col.min(self.max_col);
            return Err(Refusal::new(
                Some(self.name.clone()),
                format!(
                    "the sheet's filled cells span {rows} rows × {cols} columns (repeated rows and columns expanded); a sheet may span at most {MAX_SHEET_CELLS} cells"
                ),
                SPLIT,
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(show_bytes(64 << 20), "64 MiB");
        assert_eq!(show_bytes(5 * (1 << 30) + (1 << 29)), "5.5 GiB");
        assert_eq!(show_bytes(1536 << 10), "1.5 MiB");
        assert_eq!(show_bytes(5120), "5120 bytes");
    }

    #[test]
    fn an_ods_rectangle_counts_repeats_as_calamine_expands_them() {
        let mut t = OdsTable::new("S".into());
        t.start_row(1);
        t.cell(2, false);
        t.cell(3, true);
        t.end_row().unwrap();
        t.start_row(10);
        t.cell(1, false);
        t.end_row().unwrap();
        t.start_row(4);
        t.cell(6, true);
        t.end_row().unwrap();
        // Rows 0..15 (1 + 10 + 4), columns 0..=5.
        assert_eq!((t.first_row, t.end_row, t.min_col, t.max_col), (Some(0), 15, 0, 5));
        assert_eq!(t.stored, 5 + 6);
        t.start_row(1_000_000);
        t.cell(16_384, true);
        assert!(t.end_row().is_err());
    }
}
