//! Word documents in the Vietnamese administrative format (Nghị định 30/2020/NĐ-CP), built
//! with `docx-rs`: the frame every document shares (A4 page and margins, Times New Roman,
//! the two-column header with the agencies on the left and the national motto on the right,
//! the number and date line, the title, the signature block with "Nơi nhận"), and the two
//! documents made in it: the remediation plan ([`plan`]) and the score report ([`score`]).
//!
//! The bytes are deterministic: paragraph ids are numbered here (docx-rs would draw them
//! from a per-thread counter), the core properties carry the document's own date, and the
//! zip entries carry no clock time.

mod plan;
mod score;

pub use plan::plan;
pub use score::score;

use docx_rs::{
    AlignmentType, BorderType, DocGrid, Docx, Header, LineSpacing, PageMargin, PageNum, PageOrientationType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, Table, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType,
    WidthType,
};

use crate::document::DocumentInfo;
use crate::i18n::tr;
use crate::number::Lang;

/// The typeface the decree prescribes.
pub const FONT: &str = "Times New Roman";

/// A4 in twentieths of a point (twips): 210 × 297 mm.
const A4_SHORT: u32 = 11_906;
const A4_LONG: u32 = 16_838;
/// Margins of the decree (top and bottom 20 mm, left 30 mm, right 15 mm), in twips.
const MARGIN_TOP: i32 = 1_134;
const MARGIN_BOTTOM: i32 = 1_134;
const MARGIN_LEFT: i32 = 1_701;
const MARGIN_RIGHT: i32 = 851;

/// Font sizes in half-points, as Word stores them.
pub(crate) const BODY: usize = 28; // 14 pt
pub(crate) const HEAD: usize = 26; // 13 pt
pub(crate) const TABLE: usize = 24; // 12 pt
pub(crate) const SMALL: usize = 22; // 11 pt

/// What a Word document could not be built from: the text of the zip writer's error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DocxError(pub String);

/// How a run of text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Look {
    pub size: usize,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
}

impl Look {
    pub const fn size(size: usize) -> Look {
        Look {
            size,
            bold: false,
            italic: false,
            underline: false,
        }
    }
    pub const fn bold(self) -> Look {
        Look { bold: true, ..self }
    }
    pub const fn italic(self) -> Look {
        Look { italic: true, ..self }
    }
}

/// Text from the criteria or the evidence made safe for a Word document: control and bidi
/// characters shown as escapes (XML 1.0 cannot carry most of them at all) and the two
/// non-characters XML refuses replaced.
pub(crate) fn clean(text: &str) -> String {
    crate::text::visible(text).replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}")
}

/// A run in the document's font.
pub(crate) fn run(text: &str, look: Look) -> Run {
    let mut r = Run::new().add_text(clean(text)).fonts(fonts()).size(look.size);
    if look.bold {
        r = r.bold();
    }
    if look.italic {
        r = r.italic();
    }
    if look.underline {
        r = r.underline("single");
    }
    r
}

fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT)
}

/// The page of a document: its orientation and the width between the margins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Page {
    Portrait,
    Landscape,
}

impl Page {
    /// Width of the text area in twips.
    pub fn text_width(self) -> usize {
        let page = match self {
            Page::Portrait => A4_SHORT,
            Page::Landscape => A4_LONG,
        };
        (page as usize) - (MARGIN_LEFT + MARGIN_RIGHT) as usize
    }
}

/// A document being built: paragraphs and tables in order, with paragraph ids numbered
/// from 1 so that the same content gives the same bytes.
pub(crate) struct Doc {
    docx: Docx,
    next_id: u32,
    pub page: Page,
    pub lang: Lang,
}

impl Doc {
    pub fn new(page: Page, lang: Lang) -> Doc {
        let (w, h) = match page {
            Page::Portrait => (A4_SHORT, A4_LONG),
            Page::Landscape => (A4_LONG, A4_SHORT),
        };
        let mut docx = Docx::new()
            .page_size(w, h)
            .page_margin(
                PageMargin::new()
                    .top(MARGIN_TOP)
                    .bottom(MARGIN_BOTTOM)
                    .left(MARGIN_LEFT)
                    .right(MARGIN_RIGHT)
                    .header(567)
                    .footer(567),
            )
            .default_fonts(fonts())
            .default_size(BODY);
        if page == Page::Landscape {
            docx = docx.page_orient(PageOrientationType::Landscape);
        }
        // No character grid: docx-rs's default snaps lines to an East Asian grid.
        docx.document = docx.document.doc_grid(DocGrid::with_empty());
        let mut doc = Doc {
            docx,
            next_id: 1,
            page,
            lang,
        };
        // The page number at the top centre from the second page on, as the decree places it.
        let number = doc
            .p()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .fonts(fonts())
            .size(HEAD);
        let blank = doc.p();
        doc.docx = std::mem::take(&mut doc.docx)
            .header(Header::new().add_paragraph(number))
            .first_header(Header::new().add_paragraph(blank));
        doc
    }

    /// A new empty paragraph with the next id, single-spaced with no space after.
    pub fn p(&mut self) -> Paragraph {
        let id = format!("{:08X}", self.next_id);
        self.next_id += 1;
        Paragraph::new().id(id).line_spacing(LineSpacing::new().before(0).after(0))
    }

    /// A paragraph of one run.
    pub fn text(&mut self, text: &str, look: Look, align: AlignmentType) -> Paragraph {
        self.p().align(align).add_run(run(text, look))
    }

    pub fn push(&mut self, p: Paragraph) {
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
    }

    pub fn push_table(&mut self, t: Table) {
        self.docx = std::mem::take(&mut self.docx).add_table(t);
    }

    /// An empty line of `size`.
    pub fn gap(&mut self, size: usize) {
        let p = self.p().size(size);
        self.push(p);
    }

    /// A body paragraph: justified, first line indented 1 cm, 6 pt after.
    pub fn body(&mut self, runs: Vec<Run>) {
        let p = self.body_paragraph(runs);
        self.push(p);
    }

    /// The last body paragraph, kept on the page of the signature block that follows.
    pub fn closing(&mut self, runs: Vec<Run>) {
        let p = self.body_paragraph(runs).keep_next(true).keep_lines(true);
        self.push(p);
    }

    fn body_paragraph(&mut self, runs: Vec<Run>) -> Paragraph {
        let mut p = self
            .p()
            .align(AlignmentType::Both)
            .indent(None, Some(docx_rs::SpecialIndentType::FirstLine(567)), None, None)
            .line_spacing(LineSpacing::new().before(0).after(120));
        for r in runs {
            p = p.add_run(r);
        }
        p
    }

    /// A section heading (`I. KẾT QUẢ CHUNG`): bold, 6 pt before and after.
    pub fn heading(&mut self, text: &str) {
        let p = self
            .p()
            .align(AlignmentType::Left)
            .indent(Some(567), None, None, None)
            .keep_next(true)
            .line_spacing(LineSpacing::new().before(120).after(120))
            .add_run(run(text, Look::size(BODY).bold()));
        self.push(p);
    }

    /// The packed document; its core properties carry `date` as created and modified.
    pub fn finish(self, date: chrono::NaiveDate) -> Result<Vec<u8>, DocxError> {
        let stamp = format!("{}T00:00:00Z", date.format("%Y-%m-%d"));
        let mut xml = self.docx.created_at(&stamp).updated_at(&stamp).build();
        xml.document = repeat_header_rows(&xml.document);
        let mut out = std::io::Cursor::new(Vec::new());
        xml.pack(&mut out).map_err(|e| DocxError(e.to_string()))?;
        Ok(out.into_inner())
    }
}

/// The least height of a header row, in twips (7 mm): also what marks a header row for
/// [`repeat_header_rows`], so no other row may use it.
const HEADER_HEIGHT: f32 = 397.0;

/// docx-rs 0.4.22 cannot mark a table row as a header repeated on every page
/// (`<w:tblHeader/>`). Header rows are the only rows given the height [`HEADER_HEIGHT`]
/// ([`header_row`]), so each such height is where a `tblHeader` belongs too.
fn repeat_header_rows(document: &[u8]) -> Vec<u8> {
    const MARK: &[u8] = br#"<w:trHeight w:val="397" w:hRule="atLeast" />"#;
    const WITH: &[u8] = br#"<w:trHeight w:val="397" w:hRule="atLeast" /><w:tblHeader />"#;
    let mut out = Vec::with_capacity(document.len() + 256);
    let mut rest = document;
    while let Some(at) = rest.windows(MARK.len()).position(|w| w == MARK) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(WITH);
        rest = &rest[at + MARK.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// A table cell of `width` twips holding `paragraphs`.
pub(crate) fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

/// A header row of a data table: bold, centred, repeated on every page, never split.
pub(crate) fn header_row(doc: &mut Doc, widths: &[usize], labels: &[&str]) -> TableRow {
    let cells = widths
        .iter()
        .zip(labels)
        .map(|(w, l)| {
            let p = doc.text(l, Look::size(TABLE).bold(), AlignmentType::Center);
            cell(*w, vec![p]).vertical_align(VAlignType::Center)
        })
        .collect();
    TableRow::new(cells)
        .cant_split()
        .row_height(HEADER_HEIGHT)
        .height_rule(docx_rs::HeightRule::AtLeast)
}

/// A data row: kept on one page, so a criterion is never cut in two.
pub(crate) fn data_row(cells: Vec<TableCell>) -> TableRow {
    TableRow::new(cells).cant_split()
}

/// A bordered data table of fixed column `widths` (twips) that fills the text width.
pub(crate) fn data_table(widths: &[usize], rows: Vec<TableRow>) -> Table {
    let total: usize = widths.iter().sum();
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(total, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(
            TableCellMargins::new()
                .margin_left(85, WidthType::Dxa)
                .margin_right(85, WidthType::Dxa)
                .margin_top(28, WidthType::Dxa)
                .margin_bottom(28, WidthType::Dxa),
        )
}

/// A borderless layout table (the header and the signature block).
fn layout_table(widths: &[usize], rows: Vec<TableRow>) -> Table {
    let total: usize = widths.iter().sum();
    Table::without_borders(rows)
        .set_grid(widths.to_vec())
        .width(total, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(
            TableCellMargins::new()
                .margin_left(0, WidthType::Dxa)
                .margin_right(0, WidthType::Dxa),
        )
}

/// A short centred rule under a header line: a paragraph border narrowed by its indents to
/// about `share` of the cell (`share` in percent).
fn rule(doc: &mut Doc, cell_width: usize, share: usize) -> Paragraph {
    let side = (cell_width * (100 - share) / 200) as i32;
    let mut p = doc.p().indent(Some(side), None, Some(side), None).size(4).line_spacing(
        LineSpacing::new()
            .before(0)
            .after(0)
            .line(80)
            .line_rule(docx_rs::LineSpacingType::Exact),
    );
    // Only the bottom border: docx-rs's default set draws all four sides.
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6)
                .space(0)
                .color("000000"),
        ),
    );
    p
}

/// A blank to fill by hand, as a printed form leaves it.
pub(crate) const BLANK: &str = "……………………";

fn or_blank(s: Option<&str>) -> String {
    s.filter(|s| !s.trim().is_empty()).map_or_else(|| BLANK.to_string(), str::to_string)
}

/// The header of every document: the agencies on the left and the national motto on the
/// right, then the number (`Số: 125/KH-UBND`) and the date line; `symbol` is the document
/// type's symbol (`KH-UBND`) used when no number is given.
pub(crate) fn header(doc: &mut Doc, info: &DocumentInfo, symbol: &str) {
    let lang = doc.lang;
    let width = doc.page.text_width();
    let left = width * 2 / 5;
    let right = width - left;
    let upper = |s: Option<&str>| or_blank(s).to_uppercase();
    let parent = doc.text(&upper(info.parent.as_deref()), Look::size(HEAD), AlignmentType::Center);
    let issuer = doc.text(&upper(info.issuer.as_deref()), Look::size(HEAD).bold(), AlignmentType::Center);
    let issuer_rule = rule(doc, left, 35);
    let nation = tr(lang, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM");
    let motto = tr(lang, "Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness");
    let nation = doc.text(nation, Look::size(HEAD).bold(), AlignmentType::Center);
    let motto = doc.text(motto, Look::size(BODY).bold(), AlignmentType::Center);
    let motto_rule = rule(doc, right, 45);
    let number = match info.number.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(n) => n.to_string(),
        // A real form leaves room for the number before the symbol.
        None => format!("        /{symbol}"),
    };
    let number = doc.text(
        &format!("{} {number}", tr(lang, "Số:", "No.:")),
        Look::size(HEAD),
        AlignmentType::Center,
    );
    let date_line = match lang {
        Lang::Vi => info.date_line_vi(),
        Lang::En => info.date_line_en(),
    };
    let date_line = doc.text(&date_line, Look::size(BODY).italic(), AlignmentType::Center);
    let gap_left = doc.p().size(8);
    let gap_right = doc.p().size(8);
    let rows = vec![
        TableRow::new(vec![
            cell(left, vec![parent, issuer, issuer_rule]),
            cell(right, vec![nation, motto, motto_rule]),
        ]),
        TableRow::new(vec![cell(left, vec![gap_left, number]), cell(right, vec![gap_right, date_line])]),
    ];
    let t = layout_table(&[left, right], rows);
    doc.push_table(t);
}

/// The title block: the document type in capitals (`KẾ HOẠCH`), the subject lines under
/// it, and a short rule.
pub(crate) fn title(doc: &mut Doc, kind: &str, subject: &[String]) {
    doc.gap(BODY);
    let p = doc.text(kind, Look::size(BODY).bold(), AlignmentType::Center).keep_next(true);
    doc.push(p);
    for line in subject {
        let p = doc.text(line, Look::size(BODY).bold(), AlignmentType::Center).keep_next(true);
        doc.push(p);
    }
    let width = doc.page.text_width();
    let r = rule(doc, width, 15).keep_next(true);
    doc.push(r);
    doc.gap(SMALL);
}

/// The signature block: "Nơi nhận" and the recipients on the left; the signer's title, room
/// for the signature and seal, and the signer's name on the right. A missing title or name
/// is left blank, as a printed form leaves it.
pub(crate) fn signature(doc: &mut Doc, info: &DocumentInfo) {
    let lang = doc.lang;
    let width = doc.page.text_width();
    let left = width * 2 / 5;
    let right = width - left;
    let mut recipients = vec![doc.text(
        tr(lang, "Nơi nhận:", "Recipients:"),
        Look::size(TABLE).bold().italic(),
        AlignmentType::Left,
    )];
    let names: Vec<String> = if info.recipients.is_empty() {
        vec![BLANK.to_string()]
    } else {
        info.recipients.clone()
    };
    for (i, name) in names.iter().enumerate() {
        let end = if i + 1 == names.len() { "." } else { ";" };
        recipients.push(doc.text(&format!("- {name}{end}"), Look::size(SMALL), AlignmentType::Left));
    }
    let mut signer = Vec::new();
    match info.signer_title.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => {
            for line in t.lines() {
                signer.push(doc.text(&line.to_uppercase(), Look::size(BODY).bold(), AlignmentType::Center));
            }
        }
        None => signer.push(doc.text(BLANK, Look::size(BODY).bold(), AlignmentType::Center)),
    }
    // Room for the signature and the seal.
    for _ in 0..4 {
        signer.push(doc.p().size(BODY));
    }
    signer.push(doc.text(&or_blank(info.signer.as_deref()), Look::size(BODY).bold(), AlignmentType::Center));
    let gap = doc.p().size(BODY).keep_next(true);
    doc.push(gap);
    let row = TableRow::new(vec![cell(left, recipients), cell(right, signer)]).cant_split();
    let t = layout_table(&[left, right], vec![row]);
    doc.push_table(t);
}

/// `n` as a Roman numeral (area numbers in a plan: I, II, …), `n` from 1.
pub(crate) fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// An agency's name in `lang` from the registry (its id when the registry does not list it).
pub(crate) fn agency_name(registry: &[crate::criteria::Agency], id: &str, lang: Lang) -> String {
    registry
        .iter()
        .find(|a| a.id == id)
        .map_or_else(|| id.to_string(), |a| a.name_in(lang).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let shown: Vec<String> = [1, 2, 3, 4, 8, 9, 14, 40, 1994].into_iter().map(roman).collect();
        assert_eq!(shown, ["I", "II", "III", "IV", "VIII", "IX", "XIV", "XL", "MCMXCIV"]);
    }

    #[test]
    fn header_rows_and_only_they_repeat_on_every_page() {
        let mut doc = Doc::new(Page::Portrait, Lang::Vi);
        let head = header_row(&mut doc, &[1000, 2000], &["A", "B"]);
        let p = doc.p();
        let body = data_row(vec![cell(3000, vec![p])]);
        doc.push_table(data_table(&[1000, 2000], vec![head, body]));
        let xml = String::from_utf8(repeat_header_rows(&doc.docx.build().document)).unwrap();
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1, "{xml}");
        assert_eq!(xml.matches("<w:cantSplit />").count(), 2, "{xml}");
        // The mark is in the first row of the table, before the cell "A".
        let (mark, a) = (xml.find("<w:tblHeader />").unwrap(), xml.find(">A<").unwrap());
        assert!(mark < a && xml[mark..].matches("<w:tr>").count() == 1, "{xml}");
    }

    #[test]
    fn text_that_xml_cannot_carry_is_shown_escaped() {
        assert_eq!(clean("a\u{1b}[31mb\u{FFFF}"), "a\\u{1b}[31mb\u{FFFD}");
        assert_eq!(clean("Đắk Glong"), "Đắk Glong");
    }
}
