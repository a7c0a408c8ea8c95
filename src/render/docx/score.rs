//! The score report as a Word document (A4 portrait "Báo cáo"): the overall result (set,
//! stage, unit, total, index, band, bonus and penalty), the points of each area, every
//! criterion that lost points with the reason and the agencies responsible, and the points
//! lost by agency, each table closed by a total row.

use docx_rs::{AlignmentType, TableRow};
use rust_decimal::Decimal;

use super::{BODY, Doc, DocxError, Look, Page, SMALL, TABLE, cell, data_row, data_table, header, header_row, run, signature, title};
use crate::document::DocumentInfo;
use crate::i18n::{Label, tr};
use crate::number::{Lang, show};
use crate::score::ScoreResult;

/// `parcalc score --format docx`.
pub fn score(r: &ScoreResult, info: &DocumentInfo, lang: Lang) -> Result<Vec<u8>, DocxError> {
    let mut doc = Doc::new(Page::Portrait, lang);
    header(&mut doc, info, "BC-UBND");
    let mut subject = vec![match lang {
        Lang::Vi => format!("Kết quả {} Chỉ số cải cách hành chính năm {}", r.round_used_name(lang), r.year),
        Lang::En => format!("Public Administration Reform Index {}: {} results", r.year, r.round_used_name(lang)),
    }];
    if let Some(unit) = &r.unit {
        subject.push(unit.clone());
    }
    title(&mut doc, tr(lang, "BÁO CÁO", "REPORT"), &subject);

    overall(&mut doc, r);
    areas(&mut doc, r);
    losses(&mut doc, r);
    agencies(&mut doc, r);
    signature(&mut doc, info);
    doc.finish(info.date_or_today())
}

/// Section I: what was scored and the answer, one line each.
fn overall(doc: &mut Doc, r: &ScoreResult) {
    let lang = doc.lang;
    doc.heading(tr(lang, "I. KẾT QUẢ CHUNG", "I. OVERALL RESULT"));
    let s = crate::render::table::summary(r, lang);
    let mut lines = vec![format!("{}: {}", tr(lang, "Bộ chỉ số", "Criteria set"), s.title)];
    lines.extend(s.context);
    lines.extend(s.totals);
    lines.extend(s.applicable);
    // The bonus and penalty items, without the heading line the terminal report gives them.
    lines.extend(crate::render::table::adjustments(r, lang).into_iter().skip(1));
    for line in lines {
        doc.body(vec![run(&format!("- {line}"), Look::size(BODY))]);
    }
}

/// Section II: one row per area and their sums.
fn areas(doc: &mut Doc, r: &ScoreResult) {
    let lang = doc.lang;
    doc.heading(tr(lang, "II. ĐIỂM THEO LĨNH VỰC", "II. POINTS BY AREA"));
    let w = fill(doc.page.text_width(), [900, 0, 1200, 1350, 1200]);
    let labels = [Label::Code, Label::Area, Label::Max, Label::Awarded, Label::Lost].map(|l| l.text(lang));
    let mut rows = vec![header_row(doc, &w, &labels)];
    let look = Look::size(TABLE);
    let (mut max, mut awarded, mut lost) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for a in r.areas() {
        max += a.applicable_max;
        awarded += a.awarded;
        lost += a.lost;
        let cells = vec![
            doc.text(&a.code.to_string(), look, AlignmentType::Center),
            doc.text(a.title(lang), look, AlignmentType::Left),
            doc.text(&show(a.applicable_max, lang), look, AlignmentType::Center),
            doc.text(&show(a.awarded, lang), look, AlignmentType::Center),
            doc.text(&show(a.lost, lang), look, AlignmentType::Center),
        ];
        rows.push(row(&w, cells));
    }
    let bold = look.bold();
    let label = doc.text(tr(lang, "Tổng cộng", "Total"), bold, AlignmentType::Left);
    let sums = [max, awarded, lost].map(|d| doc.text(&show(d, lang), bold, AlignmentType::Center));
    let mut cells = vec![cell(w[0] + w[1], vec![label]).grid_span(2)];
    for (i, p) in sums.into_iter().enumerate() {
        cells.push(cell(w[i + 2], vec![p]));
    }
    rows.push(data_row(cells));
    doc.push_table(data_table(&w, rows));
}

/// Section III: every criterion that lost points, largest loss first, with the reason under
/// its title and the agencies responsible.
fn losses(doc: &mut Doc, r: &ScoreResult) {
    let lang = doc.lang;
    let losses = r.losses();
    let heading = match lang {
        Lang::Vi => format!("III. CÁC TIÊU CHÍ BỊ TRỪ ĐIỂM ({})", losses.len()),
        Lang::En => format!("III. CRITERIA THAT LOST POINTS ({})", losses.len()),
    };
    doc.heading(&heading);
    if losses.is_empty() {
        doc.body(vec![run(Label::NoLosses.text(lang), Look::size(BODY))]);
        return;
    }
    let w = fill(doc.page.text_width(), [700, 900, 0, 2200, 900, 900]);
    let labels = [
        tr(lang, "STT", "No."),
        Label::Code.text(lang),
        Label::Title.text(lang),
        Label::Responsible.text(lang),
        Label::Max.text(lang),
        Label::Lost.text(lang),
    ];
    let mut rows = vec![header_row(doc, &w, &labels)];
    let look = Look::size(TABLE);
    let mut total = Decimal::ZERO;
    for (i, n) in losses.iter().enumerate() {
        total += n.lost;
        let mut what = vec![doc.text(n.title(lang), look, AlignmentType::Left)];
        let reason = r.reason_text(n, lang);
        if !reason.is_empty() {
            what.push(doc.text(&reason, Look::size(SMALL).italic(), AlignmentType::Left));
        }
        for d in &n.documents {
            let line = format!("{}: {d}", Label::Document.text(lang));
            what.push(doc.text(&line, Look::size(SMALL), AlignmentType::Left));
        }
        let names: Vec<String> = n.responsible.iter().map(|id| super::agency_name(&r.registry, id, lang)).collect();
        let cells = vec![
            cell(w[0], vec![doc.text(&(i + 1).to_string(), look, AlignmentType::Center)]),
            cell(w[1], vec![doc.text(&n.code.to_string(), look, AlignmentType::Center)]),
            cell(w[2], what),
            cell(w[3], vec![doc.text(&names.join("; "), look, AlignmentType::Left)]),
            cell(w[4], vec![doc.text(&show(n.max, lang), look, AlignmentType::Center)]),
            cell(w[5], vec![doc.text(&show(n.lost, lang), look, AlignmentType::Center)]),
        ];
        rows.push(data_row(cells));
    }
    let bold = look.bold();
    let label = doc.text(tr(lang, "Tổng cộng", "Total"), bold, AlignmentType::Left);
    let sum = doc.text(&show(total, lang), bold, AlignmentType::Center);
    rows.push(data_row(vec![
        cell(w[..5].iter().sum(), vec![label]).grid_span(5),
        cell(w[5], vec![sum]),
    ]));
    doc.push_table(data_table(&w, rows));
}

/// Section IV: points lost by agency (alone and shared), in the report's order, with the
/// criteria.
fn agencies(doc: &mut Doc, r: &ScoreResult) {
    let lang = doc.lang;
    if r.agencies.is_empty() {
        return;
    }
    doc.heading(tr(lang, "IV. ĐIỂM BỊ TRỪ THEO CƠ QUAN", "IV. POINTS LOST BY AGENCY"));
    let w = fill(doc.page.text_width(), [0, 1100, 1100, 1100, 2300]);
    let labels = [Label::Agency, Label::Sole, Label::Shared, Label::Lost, Label::Criteria].map(|l| l.text(lang));
    let mut rows = vec![header_row(doc, &w, &labels)];
    let look = Look::size(TABLE);
    let (mut sole, mut shared, mut total) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for a in &r.agencies {
        sole += a.sole;
        shared += a.shared;
        total += a.total;
        let codes: Vec<String> = a.criteria.iter().map(ToString::to_string).collect();
        let cells = vec![
            doc.text(a.name_in(lang), look, AlignmentType::Left),
            doc.text(&show(a.sole, lang), look, AlignmentType::Center),
            doc.text(&show(a.shared, lang), look, AlignmentType::Center),
            doc.text(&show(a.total, lang), look, AlignmentType::Center),
            doc.text(&codes.join(", "), Look::size(SMALL), AlignmentType::Left),
        ];
        rows.push(row(&w, cells));
    }
    let bold = look.bold();
    let cells = vec![
        doc.text(tr(lang, "Tổng cộng", "Total"), bold, AlignmentType::Left),
        doc.text(&show(sole, lang), bold, AlignmentType::Center),
        doc.text(&show(shared, lang), bold, AlignmentType::Center),
        doc.text(&show(total, lang), bold, AlignmentType::Center),
        doc.p(),
    ];
    rows.push(row(&w, cells));
    doc.push_table(data_table(&w, rows));
}

/// Column widths for a text area `width` wide: the one zero in `fixed` takes the rest.
fn fill<const N: usize>(width: usize, fixed: [usize; N]) -> [usize; N] {
    let rest = width.saturating_sub(fixed.iter().sum());
    fixed.map(|w| if w == 0 { rest } else { w })
}

/// A row of one paragraph per cell.
fn row(w: &[usize], cells: Vec<docx_rs::Paragraph>) -> TableRow {
    data_row(w.iter().zip(cells).map(|(w, p)| cell(*w, vec![p])).collect())
}
