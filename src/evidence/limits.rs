//! What a workbook may hold, and the checks that refuse a hostile one before calamine
//! allocates for it. A 5 KB xlsx can declare a cell at `XFD1048576`, a 2 MB zip can unzip
//! to gigabytes, a header can lie about a part's size, an ods row can repeat a filled cell
//! a hundred million times: each ends in an error naming the file, the sheet or part, the
//! limit and the fix, in bounded time and memory (`docs/criteria-format.md`, "Limits on
//! workbooks").
//!
//! The limits are far above real evidence (a province's evidence is a few thousand rows)
//! and far below what would exhaust a laptop: every one is a documented constant here.

use std::collections::HashMap;
use std::io::{Read, Seek};

use quick_xml::XmlVersion;
use quick_xml::events::Event;

use crate::i18n::{Msg, tr};
use crate::msg;
use crate::number::Lang;

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
/// Filled cells in one workbook, all sheets together (xlsx, xlsm, xlsb), and the
/// rectangles from the first to the last filled cell of each sheet, added up (ods and
/// xls, which calamine reads whole, empty cells included, when it opens them).
pub const MAX_CELLS: u64 = 2_000_000;
/// Shared strings declared by an xlsx (`uniqueCount`), which calamine reserves up front.
pub const MAX_SHARED_STRINGS: u64 = MAX_CELLS;
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
    pub message: Msg,
    pub help: Msg,
}

impl Refusal {
    fn new(place: Option<String>, message: Msg, help: Msg) -> Refusal {
        Refusal { place, message, help }
    }
}

/// Sizes as people read them: `64 MiB`, `3.9 GiB`, `5120 bytes` (in English; see
/// [`show_bytes_in`]).
pub fn show_bytes(n: u64) -> String {
    show_bytes_in(n, Lang::En)
}

/// Sizes as people read them in `lang`: `3,9 GiB`, `5120 byte` in Vietnamese.
pub fn show_bytes_in(n: u64, lang: Lang) -> String {
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    let mark = tr(lang, ",", ".");
    if n >= GIB {
        format!("{}{mark}{} GiB", n / GIB, n % GIB * 10 / GIB)
    } else if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{}{mark}{} MiB", n / MIB, n % MIB * 10 / MIB)
    } else {
        format!("{n} {}", tr(lang, "byte", "bytes"))
    }
}

/// Sizes in a message: each language shows them its own way.
fn sizes(sizes: &[u64], f: impl Fn(Lang, &[String]) -> String) -> Msg {
    Msg::by(|lang| {
        let shown: Vec<String> = sizes.iter().map(|n| show_bytes_in(*n, lang)).collect();
        f(lang, &shown)
    })
}

fn resave() -> Msg {
    msg!(
        "mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx, hoặc xuất trang tính số liệu kiểm chứng ra CSV UTF-8",
        "open it in Excel or LibreOffice and save it again as .xlsx, or export the evidence sheet as CSV UTF-8"
    )
}

fn split() -> Msg {
    msg!(
        "chỉ giữ các dòng số liệu kiểm chứng trong tệp bảng tính (xóa các dòng và cột không dùng, hoặc tách thành nhiều tệp), hoặc xuất trang tính số liệu kiểm chứng ra CSV UTF-8",
        "keep only the evidence rows in the workbook (delete unused rows and columns, or split it into several files), or export the evidence sheet as CSV UTF-8"
    )
}

/// The text limit of a workbook, shared by the xls check and the cell reader.
pub(crate) fn too_much_text() -> Msg {
    sizes(&[MAX_TEXT_BYTES], |lang, s| match lang {
        Lang::Vi => format!(
            "các ô của tệp bảng tính chứa hơn {} văn bản; tệp bảng tính chỉ được chứa tối đa mức đó",
            s[0]
        ),
        Lang::En => format!(
            "the workbook's cells hold more than {} of text; a workbook may hold at most that",
            s[0]
        ),
    })
}

/// A sheet spanning too many cells: `rows × cols`, `with` the sheets before it if any,
/// `repeats` when an ods counted its repeated rows and columns.
fn too_many_cells(rows: u64, cols: u64, with: Option<u64>, repeats: bool) -> Msg {
    Msg::by(|lang| {
        let with = with.map_or(String::new(), |n| match lang {
            Lang::Vi => format!(", {n} khi tính cả các trang tính trước đó"),
            Lang::En => format!(", {n} with the sheets before it"),
        });
        match lang {
            Lang::Vi => format!(
                "các ô có dữ liệu của trang tính trải trên {rows} dòng × {cols} cột{}{with}; tệp bảng tính chỉ được trải trên tối đa {MAX_CELLS} ô",
                if repeats {
                    " (đã tính các dòng và cột lặp lại)"
                } else {
                    ""
                }
            ),
            Lang::En => format!(
                "the sheet's filled cells span {rows} rows × {cols} columns{}{with}; a workbook may span at most {MAX_CELLS} cells",
                if repeats { " (repeated rows and columns expanded)" } else { "" }
            ),
        }
    })
}

/// The file on disk.
pub fn check_file_size(len: u64) -> Result<(), Refusal> {
    if len > MAX_FILE_BYTES {
        return Err(Refusal::new(
            None,
            sizes(&[len, MAX_FILE_BYTES], |lang, s| match lang {
                Lang::Vi => format!("tệp bảng tính có dung lượng {}; tệp bảng tính chỉ được tối đa {}", s[0], s[1]),
                Lang::En => format!("the workbook is {}; a workbook may be at most {}", s[0], s[1]),
            }),
            split(),
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
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| {
        Refusal::new(
            None,
            msg!(
                "tệp bảng tính không phải là tệp nén zip đọc được: {e}",
                "the workbook is not a readable zip archive: {e}"
            ),
            resave(),
        )
    })?;
    if zip.len() > MAX_PARTS {
        return Err(Refusal::new(
            None,
            msg!(
                "tệp nén zip của bảng tính chứa {} thành phần; tệp bảng tính chỉ được chứa tối đa {MAX_PARTS}",
                "the workbook's zip holds {} parts; a workbook may hold at most {MAX_PARTS}",
                zip.len()
            ),
            resave(),
        ));
    }
    let sheets = if kind == ZipKind::Xlsx {
        sheet_names(&mut zip)
    } else {
        HashMap::new()
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_data(i).map_err(|e| {
            Refusal::new(
                None,
                msg!(
                    "thư mục của tệp nén zip trong bảng tính bị hỏng: {e}",
                    "the workbook's zip directory is damaged: {e}"
                ),
                resave(),
            )
        })?;
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
                sizes(&[size, packed, limit], |lang, s| match lang {
                    Lang::Vi => format!(
                        "thành phần `{name}` giải nén ra {} ({} trong tệp); mỗi thành phần chỉ được giải nén ra tối đa {}",
                        s[0], s[1], s[2]
                    ),
                    Lang::En => format!(
                        "the part `{name}` unzips to {} ({} in the file); a part may unzip to at most {}",
                        s[0], s[1], s[2]
                    ),
                }),
                split(),
            ));
        }
        if size > 1 << 20 && size / packed.max(1) > MAX_DEFLATE_RATIO {
            return Err(Refusal::new(
                place,
                sizes(&[packed, size], |lang, s| match lang {
                    Lang::Vi => format!(
                        "thành phần `{name}` khai báo giải nén từ {} thành {}, nhiều hơn mức mà bất kỳ kiểu nén zip nào có thể đạt (tối đa {MAX_DEFLATE_RATIO}:1)",
                        s[0], s[1]
                    ),
                    Lang::En => format!(
                        "the part `{name}` claims to unzip from {} to {}, more than any zip compression can expand (at most {MAX_DEFLATE_RATIO}:1)",
                        s[0], s[1]
                    ),
                }),
                resave(),
            ));
        }
        total = total.saturating_add(size);
        if total > MAX_UNZIPPED_BYTES {
            return Err(Refusal::new(
                None,
                sizes(&[MAX_UNZIPPED_BYTES], |lang, s| match lang {
                    Lang::Vi => format!(
                        "tệp bảng tính giải nén ra hơn {}; tệp bảng tính chỉ được giải nén ra tối đa mức đó",
                        s[0]
                    ),
                    Lang::En => format!("the workbook unzips to more than {}; a workbook may unzip to at most that", s[0]),
                }),
                split(),
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
                msg!(
                    "bảng chuỗi dùng chung khai báo {text} chuỗi; tệp bảng tính chỉ được chứa tối đa {MAX_SHARED_STRINGS}",
                    "the shared strings table declares {text} strings; a workbook may hold at most {MAX_SHARED_STRINGS}"
                ),
                split(),
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
    // The rectangles of the tables before the current one: calamine keeps them all.
    let mut before = 0u64;
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
                        before += table.take().map_or(0, |t| t.area());
                        table = Some(OdsTable::new(name, before));
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
                    "table:table" => before += table.take().map_or(0, |t| t.area()),
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
    /// The rectangles of the tables before this one.
    before: u64,
}

impl OdsTable {
    fn new(name: String, before: u64) -> OdsTable {
        OdsTable {
            name,
            before,
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
        if self.before.saturating_add(self.area()) > MAX_CELLS || self.stored > MAX_CELLS {
            let (rows, cols) = self.span();
            let with = (self.before > 0).then(|| self.before + self.area());
            return Err(Refusal::new(
                Some(self.name.clone()),
                too_many_cells(rows, cols, with, true),
                split(),
            ));
        }
        Ok(())
    }

    /// Rows and columns from the first to the last filled cell.
    fn span(&self) -> (u64, u64) {
        match self.first_row {
            Some(f) => (self.end_row - f, self.max_col + 1 - self.min_col.min(self.max_col)),
            None => (0, 0),
        }
    }

    fn area(&self) -> u64 {
        let (rows, cols) = self.span();
        rows.saturating_mul(cols)
    }
}

/// Checks an xls (a compound file holding BIFF records) as calamine will read it: the
/// sector chains it follows (a cycle would make it read forever), the `Workbook` stream,
/// and per sheet the rectangle its cell records span, the room its `DIMENSIONS` record
/// reserves, and the text its shared-string cells copy.
pub fn check_xls(bytes: &[u8]) -> Result<(), Refusal> {
    let stream = match cfb_workbook_stream(bytes)? {
        Some(s) => s,
        // Not a compound file calamine can open: it says why.
        None => return Ok(()),
    };
    check_biff(&stream)
}

fn damaged(what: Msg) -> Refusal {
    Refusal::new(
        None,
        Msg::by(|lang| format!("{}: {}", tr(lang, "tệp xls bị hỏng", "the xls file is damaged"), what.get(lang))),
        resave(),
    )
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const MINI_STREAM: (&str, &str) = ("luồng mini", "mini stream");
const DIF_SECTOR: u32 = 0xFFFF_FFFC;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;

/// The compound file's sectors, as calamine numbers them (after the header).
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
    header: usize,
}

impl Sectors<'_> {
    fn count(&self) -> usize {
        self.bytes.len().saturating_sub(self.header) / self.size + 1
    }

    fn get(&self, id: u32) -> &[u8] {
        let start = self.header.saturating_add((id as usize).saturating_mul(self.size));
        let end = start.saturating_add(self.size).min(self.bytes.len());
        self.bytes.get(start..end).unwrap_or(&[])
    }

    /// The bytes of a chain, up to `len`; a chain longer than the file has sectors, or one
    /// leaving the allocation table, is refused (calamine would loop or panic).
    /// `what` names the chain: (Vietnamese, English).
    fn chain(&self, mut id: u32, fat: &[u32], len: usize, what: (&str, &str)) -> Result<Vec<u8>, Refusal> {
        let (vi, en) = what;
        let mut out = Vec::new();
        let mut steps = 0usize;
        while id != END_OF_CHAIN && out.len() < len {
            steps += 1;
            if steps > self.count() + 1 {
                return Err(damaged(msg!("chuỗi sector của {vi} lặp vòng", "the {en} chain loops")));
            }
            let sector = self.get(id);
            out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
            if out.len() >= len {
                break;
            }
            id = *fat.get(id as usize).ok_or_else(|| {
                damaged(msg!(
                    "chuỗi sector của {vi} đi ra ngoài bảng cấp phát",
                    "the {en} chain leaves the allocation table"
                ))
            })?;
        }
        Ok(out)
    }
}

/// The `Workbook` (or `Book`) stream of a compound file, or None if calamine would refuse
/// the file by itself.
fn cfb_workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, Refusal> {
    if bytes.len() < 512 || !bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Ok(None);
    }
    let (size, header) = match u16_at(bytes, 30) {
        Some(9) => (512, 512),
        Some(12) => (4096, 4096),
        _ => return Ok(None),
    };
    let sectors = Sectors { bytes, size, header };
    let max = sectors.count();
    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
    let mut difat: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
    let mut id = u32_at(bytes, 68).unwrap_or(END_OF_CHAIN);
    let mut steps = 0;
    while id < RESERVED_SECTORS {
        steps += 1;
        if steps > max + 1 {
            return Ok(None); // calamine stops here with an error
        }
        difat.extend(
            sectors
                .get(id)
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        );
        id = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIF_SECTOR).collect();
    // Each listed FAT sector is copied: a sector listed again and again multiplies it.
    if fat_sectors.len() > max + 1 {
        return Err(damaged(msg!(
            "bảng cấp phát của tệp liệt kê nhiều sector hơn số sector tệp có",
            "its allocation table lists more sectors than the file has"
        )));
    }
    let fat: Vec<u32> = fat_sectors
        .iter()
        .flat_map(|id| {
            sectors
                .get(*id)
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        })
        .collect();
    let dirs = sectors.chain(
        u32_at(bytes, 48).unwrap_or(END_OF_CHAIN),
        &fat,
        usize::MAX,
        ("thư mục", "directory"),
    )?;
    let entries: Vec<(String, u32, u64)> = dirs
        .chunks_exact(128)
        .map(|d| {
            let units: Vec<u16> = d[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|u| *u != 0)
                .collect();
            let len = if size == 512 {
                u64::from(u32_at(d, 120).unwrap_or(0))
            } else {
                u64::from_le_bytes(d[120..128].try_into().unwrap_or([0; 8]))
            };
            (String::from_utf16_lossy(&units), u32_at(d, 116).unwrap_or(END_OF_CHAIN), len)
        })
        .collect();
    let Some(root) = entries.first() else { return Ok(None) };
    let as_len = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let mini_fat_len = as_len(u64::from(u32_at(bytes, 64).unwrap_or(0)));
    let (mini_fat, mini_stream) = if mini_fat_len > 0 {
        let stream = sectors.chain(root.1, &fat, as_len(root.2), MINI_STREAM)?;
        let table = sectors.chain(
            u32_at(bytes, 60).unwrap_or(END_OF_CHAIN),
            &fat,
            mini_fat_len.saturating_mul(size),
            ("bảng cấp phát mini", "mini allocation table"),
        )?;
        let table: Vec<u32> = table
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        (table, stream)
    } else {
        (Vec::new(), Vec::new())
    };
    let Some((_, start, len)) = entries
        .iter()
        .find(|e| e.0.eq_ignore_ascii_case("Workbook"))
        .or_else(|| entries.iter().find(|e| e.0.eq_ignore_ascii_case("Book")))
    else {
        return Ok(None);
    };
    if *len > MAX_PART_BYTES {
        return Err(Refusal::new(
            None,
            sizes(&[*len, MAX_PART_BYTES], |lang, s| match lang {
                Lang::Vi => format!(
                    "luồng workbook của tệp xls khai báo {}; tệp bảng tính chỉ được chứa tối đa {}",
                    s[0], s[1]
                ),
                Lang::En => format!("the xls workbook stream declares {}; a workbook may hold at most {}", s[0], s[1]),
            }),
            split(),
        ));
    }
    let stream = if *len < 4096 {
        let mini = Sectors {
            bytes: &mini_stream,
            size: 64,
            header: 0,
        };
        mini.chain(*start, &mini_fat, as_len(*len), MINI_STREAM)?
    } else {
        sectors.chain(*start, &fat, as_len(*len), ("luồng workbook", "workbook stream"))?
    };
    Ok(Some(stream))
}

/// BIFF records: (type, data with its CONTINUE records).
fn biff_records(mut s: &[u8]) -> impl Iterator<Item = (u16, Vec<&[u8]>)> {
    std::iter::from_fn(move || {
        let typ = u16_at(s, 0)?;
        let len = usize::from(u16_at(s, 2)?);
        let data = s.get(4..4 + len)?;
        s = &s[4 + len..];
        let mut parts = vec![data];
        while u16_at(s, 0) == Some(0x003C) {
            let len = usize::from(u16_at(s, 2)?);
            parts.push(s.get(4..4 + len)?);
            s = &s[4 + len..];
        }
        Some((typ, parts))
    })
}

/// The character counts of the shared strings (SST), read as calamine reads them.
fn sst_lengths(parts: &[&[u8]]) -> Vec<u64> {
    let mut out = Vec::new();
    let mut seg = 0;
    let mut data: &[u8] = parts.first().map_or(&[], |p| p.get(8..).unwrap_or(&[]));
    loop {
        if data.is_empty() {
            seg += 1;
            match parts.get(seg) {
                Some(p) => data = p,
                None => return out,
            }
            continue;
        }
        let (Some(cch), Some(&flags)) = (u16_at(data, 0), data.get(2)) else {
            return out;
        };
        out.push(u64::from(cch));
        data = &data[3..];
        let mut skip = 0usize;
        if flags & 0x8 != 0 {
            skip += usize::from(u16_at(data, 0).unwrap_or(0)) * 4;
            data = data.get(2..).unwrap_or(&[]);
        }
        if flags & 0x4 != 0 {
            skip += u32_at(data, 0).unwrap_or(0) as usize;
            data = data.get(4..).unwrap_or(&[]);
        }
        // The characters, which may go on in the next CONTINUE record behind a new flags byte.
        let mut left = usize::from(cch);
        let mut wide = flags & 0x1 != 0;
        while left > 0 {
            let take = (left * if wide { 2 } else { 1 }).min(data.len());
            data = &data[take..];
            left -= if wide { take / 2 } else { take };
            if left > 0 {
                seg += 1;
                let Some(p) = parts.get(seg) else { return out };
                let Some(&f) = p.first() else { return out };
                wide = f & 0x1 != 0;
                data = &p[1..];
            }
        }
        while skip > 0 {
            let take = skip.min(data.len());
            data = &data[take..];
            skip -= take;
            if skip > 0 {
                seg += 1;
                let Some(p) = parts.get(seg) else { return out };
                data = p;
            }
        }
    }
}

/// One sheet's records, as calamine turns them into cells.
fn check_biff(stream: &[u8]) -> Result<(), Refusal> {
    let mut sst = Vec::new();
    let mut sheets = Vec::new();
    for (typ, parts) in biff_records(stream) {
        match typ {
            0x00FC => sst = sst_lengths(&parts),
            0x0085 => sheets.push((u32_at(parts[0], 0).unwrap_or(0) as usize, bound_sheet_name(parts[0]))),
            0x000A => break,
            _ => {}
        }
    }
    let mut text: u64 = 0;
    let mut before = 0u64;
    for (pos, name) in sheets {
        check_sheet(stream, pos, &sst, &mut text, &mut before).map_err(|mut r| {
            r.place = r.place.or(name);
            r
        })?;
    }
    Ok(())
}

/// A sheet's name in its BoundSheet8 record (a short string, 8-bit or UTF-16).
fn bound_sheet_name(r: &[u8]) -> Option<String> {
    let cch = usize::from(*r.get(6)?);
    let wide = r.get(7)? & 1 != 0;
    let chars = r.get(8..)?;
    Some(if wide {
        let units: Vec<u16> = chars.chunks_exact(2).take(cch).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(cch).map(|b| char::from(*b)).collect()
    })
}

fn check_sheet(stream: &[u8], pos: usize, sst: &[u64], text: &mut u64, before: &mut u64) -> Result<(), Refusal> {
    {
        let Some(sheet) = stream.get(pos..) else {
            return Err(damaged(msg!(
                "một trang tính bắt đầu sau điểm cuối của luồng workbook",
                "a sheet starts beyond the end of the workbook stream"
            )));
        };
        let mut area = Area {
            before: *before,
            ..Area::default()
        };
        let mut depth = 0usize;
        let mut seen_bof = false;
        let mut formula_at = (0u32, 0u32);
        for (typ, parts) in biff_records(sheet) {
            let r = parts[0];
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = || (u32::from(u16_at(r, 0).unwrap_or(0)), u32::from(u16_at(r, 2).unwrap_or(0)));
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => {
                    let (first_row, last_row, first_col, last_col) = match r.len() {
                        10 => (
                            u32::from(u16_at(r, 0).unwrap_or(0)),
                            u32::from(u16_at(r, 2).unwrap_or(0)),
                            u16_at(r, 4).unwrap_or(0),
                            u16_at(r, 6).unwrap_or(0),
                        ),
                        14 | 16 => (
                            u32_at(r, 0).unwrap_or(0),
                            u32_at(r, 4).unwrap_or(0),
                            u16_at(r, 8).unwrap_or(0),
                            u16_at(r, 10).unwrap_or(0),
                        ),
                        _ => continue,
                    };
                    let first_col = if first_col > 0xFF || last_col < first_col { 0 } else { first_col };
                    let (end_row, end_col) = if last_row >= 1 && last_col >= 1 {
                        (last_row - 1, last_col - 1)
                    } else {
                        (first_row, first_col)
                    };
                    let rows = u64::from(end_row).saturating_sub(u64::from(first_row)) + 1;
                    let cols = u64::from(end_col).saturating_sub(u64::from(first_col)) + 1;
                    // calamine subtracts the start from the end before anything else.
                    if end_row < first_row || end_col < first_col {
                        return Err(damaged(msg!(
                            "kích thước khai báo của một trang tính kết thúc trước khi bắt đầu",
                            "a sheet's dimensions end before they start"
                        )));
                    }
                    if rows.saturating_mul(cols) > MAX_CELLS {
                        return Err(Refusal::new(
                            None,
                            msg!(
                                "một trang tính khai báo kích thước {rows} dòng × {cols} cột; tệp bảng tính chỉ được trải trên tối đa {MAX_CELLS} ô",
                                "a sheet declares its dimensions as {rows} rows × {cols} columns; a workbook may span at most {MAX_CELLS} cells"
                            ),
                            split(),
                        ));
                    }
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E => area.add(at(), 1)?,
                0x0207 => area.add(formula_at, 1)?,
                0x0006 => {
                    formula_at = at();
                    area.add(formula_at, 1)?;
                }
                0x00FD => {
                    let i = u32_at(r, 6).unwrap_or(u32::MAX) as usize;
                    if let Some(len) = sst.get(i) {
                        area.add(at(), 1)?;
                        *text = text.saturating_add(*len);
                    }
                }
                0x00BD if r.len() >= 6 => {
                    let (row, first) = at();
                    let last = u32::from(u16_at(r, r.len() - 2).unwrap_or(0));
                    if last < first {
                        return Err(damaged(msg!(
                            "một dòng số kết thúc trước khi bắt đầu",
                            "a row of numbers ends before it starts"
                        )));
                    }
                    area.add((row, first), 1)?;
                    area.add((row, last), last - first)?;
                }
                _ => {}
            }
            if *text > MAX_TEXT_BYTES {
                return Err(Refusal::new(None, too_much_text(), split()));
            }
        }
        *before += area.area();
    }
    Ok(())
}

/// The cells calamine stores for a sheet, and the rectangle it allocates for them.
#[derive(Default)]
struct Area {
    /// The rectangles of the sheets before this one: calamine keeps them all.
    before: u64,
    cells: u64,
    bounds: Option<(u32, u32, u32, u32)>,
}

impl Area {
    fn add(&mut self, (row, col): (u32, u32), cells: u32) -> Result<(), Refusal> {
        self.cells += u64::from(cells);
        let b = self.bounds.get_or_insert((row, row, col, col));
        *b = (b.0.min(row), b.1.max(row), b.2.min(col), b.3.max(col));
        let area = u64::from(b.1 - b.0 + 1) * u64::from(b.3 - b.2 + 1);
        if self.before + area > MAX_CELLS || self.cells > MAX_CELLS {
            let with = (self.before > 0).then(|| self.before + area);
            let (rows, cols) = (u64::from(b.1 - b.0 + 1), u64::from(b.3 - b.2 + 1));
            return Err(Refusal::new(None, too_many_cells(rows, cols, with, false), split()));
        }
        Ok(())
    }

    fn area(&self) -> u64 {
        self.bounds.map_or(0, |b| u64::from(b.1 - b.0 + 1) * u64::from(b.3 - b.2 + 1))
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
        assert_eq!(show_bytes_in(5 * (1 << 30) + (1 << 29), Lang::Vi), "5,5 GiB");
        assert_eq!(show_bytes_in(1536 << 10, Lang::Vi), "1,5 MiB");
        assert_eq!(show_bytes_in(64 << 20, Lang::Vi), "64 MiB");
        assert_eq!(show_bytes_in(5120, Lang::Vi), "5120 byte");
    }

    #[test]
    fn refusals_in_both_languages() {
        let r = check_file_size(MAX_FILE_BYTES + (1 << 19)).unwrap_err();
        assert_eq!(r.message.en(), "the workbook is 64.5 MiB; a workbook may be at most 64 MiB");
        assert_eq!(
            r.message.vi(),
            "tệp bảng tính có dung lượng 64,5 MiB; tệp bảng tính chỉ được tối đa 64 MiB"
        );
        assert!(r.help.vi().starts_with("chỉ giữ các dòng số liệu kiểm chứng trong tệp bảng tính"));
        let mut t = OdsTable::new("S".into(), 10);
        t.start_row(2_000_000);
        t.cell(2, true);
        let r = t.end_row().unwrap_err();
        assert_eq!(r.place.as_deref(), Some("S"));
        assert_eq!(
            r.message.en(),
            "the sheet's filled cells span 1048576 rows × 2 columns (repeated rows and columns expanded), 2097162 with the sheets before it; a workbook may span at most 2000000 cells"
        );
        assert_eq!(
            r.message.vi(),
            "các ô có dữ liệu của trang tính trải trên 1048576 dòng × 2 cột (đã tính các dòng và cột lặp lại), 2097162 khi tính cả các trang tính trước đó; tệp bảng tính chỉ được trải trên tối đa 2000000 ô"
        );
        let r = damaged(msg!(
            "một dòng số kết thúc trước khi bắt đầu",
            "a row of numbers ends before it starts"
        ));
        assert_eq!(r.message.en(), "the xls file is damaged: a row of numbers ends before it starts");
        assert_eq!(r.message.vi(), "tệp xls bị hỏng: một dòng số kết thúc trước khi bắt đầu");
    }

    #[test]
    fn an_ods_rectangle_counts_repeats_as_calamine_expands_them() {
        let mut t = OdsTable::new("S".into(), 0);
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
        // Sheets add up: 90 cells fit alone, not after 1,999,950 others.
        let mut t = OdsTable::new("T".into(), MAX_CELLS - 50);
        t.start_row(9);
        t.cell(10, true);
        assert!(t.end_row().is_err());
    }
}
