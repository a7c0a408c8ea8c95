//! The remediation plan as a Word document: an A4 landscape "Kế hoạch" whose table has the
//! columns of the appendix offices hand in (STT, nội dung khắc phục, cơ quan chủ trì, cơ
//! quan phối hợp, thời gian hoàn thành, điểm bị trừ), grouped by area with each area's
//! points, numbered 1… in the order printed, and closed by a total row.

use docx_rs::{AlignmentType, TableRow, VAlignType};
use rust_decimal::Decimal;

use super::{Doc, DocxError, Look, Page, SMALL, TABLE, cell, data_row, data_table, header, header_row, roman, run, signature, title};
use crate::document::DocumentInfo;
use crate::i18n::tr;
use crate::number::{Lang, show};
use crate::plan::PlanRow;
use crate::score::ScoreResult;

/// `parcalc plan --format docx`: `rows` from [`crate::plan::plan`] on `result`; `survey` is
/// the points of survey criteria the plan leaves out (zero when they are listed).
pub fn plan(rows: &[PlanRow], result: &ScoreResult, info: &DocumentInfo, lang: Lang, survey: Decimal) -> Result<Vec<u8>, DocxError> {
    let mut doc = Doc::new(Page::Landscape, lang);
    header(&mut doc, info, "KH-UBND");
    let subject = match lang {
        Lang::Vi => format!("Khắc phục các nội dung bị trừ điểm Chỉ số cải cách hành chính năm {}", result.year),
        Lang::En => format!(
            "Remedying the points lost in the {} Public Administration Reform Index",
            result.year
        ),
    };
    title(&mut doc, tr(lang, "KẾ HOẠCH", "PLAN"), &[subject]);

    let total: Decimal = rows.iter().map(|r| r.lost).sum();
    doc.body(vec![run(&intro(result, rows.len(), total, survey, lang), Look::size(super::BODY))]);

    let w = widths(doc.page.text_width());
    let labels = [
        tr(lang, "STT", "No."),
        tr(lang, "Nội dung khắc phục", "What to fix"),
        tr(lang, "Cơ quan chủ trì", "Lead agencies"),
        tr(lang, "Cơ quan phối hợp", "Cooperating agencies"),
        tr(lang, "Thời gian hoàn thành", "Deadline"),
        tr(lang, "Điểm bị trừ", "Points lost"),
    ];
    let mut table = vec![header_row(&mut doc, &w, &labels)];
    // Areas in code order, the criteria of each in code order.
    let mut sorted: Vec<&PlanRow> = rows.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    let mut stt = 0;
    let mut area_no = 0;
    let mut i = 0;
    while i < sorted.len() {
        let area = sorted[i].code.area();
        let end = sorted[i..]
            .iter()
            .position(|r| r.code.area() != area)
            .map_or(sorted.len(), |n| i + n);
        let group = &sorted[i..end];
        area_no += 1;
        let area_title = result
            .nodes
            .iter()
            .find(|n| n.code == area)
            .map_or_else(|| area.to_string(), |n| n.title(lang).to_string());
        let area_lost: Decimal = group.iter().map(|r| r.lost).sum();
        table.push(area_row(&mut doc, &w, &roman(area_no), &area_title, area_lost));
        for r in group {
            stt += 1;
            table.push(item_row(&mut doc, &w, stt, r, result, lang));
        }
        i = end;
    }
    if rows.is_empty() {
        let p = doc.text(
            tr(lang, "Không có nội dung nào bị trừ điểm.", "No criterion lost points."),
            Look::size(TABLE).italic(),
            AlignmentType::Center,
        );
        table.push(data_row(vec![cell(w.iter().sum(), vec![p]).grid_span(6)]));
    }
    let label = match lang {
        Lang::Vi => format!("Tổng cộng: {} nội dung", rows.len()),
        Lang::En => format!("Total: {} items", rows.len()),
    };
    table.push(total_row(&mut doc, &w, &label, total, lang));
    doc.push_table(data_table(&w, table));

    doc.gap(SMALL);
    doc.closing(vec![run(
        tr(
            lang,
            "Đề nghị các cơ quan, đơn vị có liên quan nghiêm túc triển khai, thực hiện Kế hoạch này; các nhiệm vụ hoàn thành phải có hồ sơ, tài liệu kiểm chứng./.",
            "The agencies concerned are asked to carry out this plan; every task completed must leave documents that prove it./.",
        ),
        Look::size(super::BODY),
    )]);
    signature(&mut doc, info);
    doc.finish(info.date_or_today())
}

/// Column widths in twips for a text area `width` wide: STT, content, lead, cooperating,
/// deadline, points (the content column takes what the others leave).
fn widths(width: usize) -> [usize; 6] {
    let fixed = [850, 0, 3000, 2700, 1900, 1150];
    let content = width - fixed.iter().sum::<usize>();
    [fixed[0], content, fixed[2], fixed[3], fixed[4], fixed[5]]
}

/// The sentence that opens the plan: where the figures come from and what they add up to.
fn intro(result: &ScoreResult, items: usize, total: Decimal, survey: Decimal, lang: Lang) -> String {
    let t = &result.totals;
    let index = t.index_percent.map(|i| format!("{}%", show(i, lang)));
    match lang {
        Lang::Vi => {
            let unit = result.unit.as_deref().map_or_else(|| "đơn vị".to_string(), super::clean);
            let mut s = format!(
                "Căn cứ kết quả {} Chỉ số cải cách hành chính năm {} ({}), {unit} đạt {}/{} điểm",
                result.round_used_name(lang),
                result.year,
                super::clean(result.title(lang)),
                show(t.awarded, lang),
                show(t.applicable_max, lang),
            );
            if let Some(i) = index {
                s.push_str(&format!(", chỉ số {i}"));
            }
            s.push_str(&format!(
                "; số điểm bị trừ ở các nội dung cần khắc phục là {} điểm ({items} nội dung)",
                show(total, lang)
            ));
            if !survey.is_zero() {
                s.push_str(&format!(", chưa tính {} điểm điều tra xã hội học", show(survey, lang)));
            }
            s.push_str(". Các nội dung khắc phục, cơ quan chủ trì, cơ quan phối hợp và thời gian hoàn thành như sau:");
            s
        }
        Lang::En => {
            let unit = result.unit.as_deref().map_or_else(|| "the unit".to_string(), super::clean);
            let mut s = format!(
                "According to the {} of the {} Public Administration Reform Index ({}), {unit} scored {}/{} points",
                result.round_used_name(lang),
                result.year,
                super::clean(result.title(lang)),
                show(t.awarded, lang),
                show(t.applicable_max, lang),
            );
            if let Some(i) = index {
                s.push_str(&format!(", index {i}"));
            }
            s.push_str(&format!("; {} points were lost in {items} items to fix", show(total, lang)));
            if !survey.is_zero() {
                s.push_str(&format!(", not counting {} survey points", show(survey, lang)));
            }
            s.push_str(". The items to fix, their lead and cooperating agencies and deadlines are:");
            s
        }
    }
}

fn area_row(doc: &mut Doc, w: &[usize; 6], no: &str, title: &str, lost: Decimal) -> TableRow {
    let lang = doc.lang;
    let look = Look::size(TABLE).bold();
    // An area's row stays on the page of its first criterion.
    let no = doc.text(no, look, AlignmentType::Center).keep_next(true);
    let title = doc.text(title, look, AlignmentType::Left).keep_next(true);
    let lost = doc.text(&show(lost, lang), look, AlignmentType::Center).keep_next(true);
    data_row(vec![
        cell(w[0], vec![no]),
        cell(w[1] + w[2] + w[3] + w[4], vec![title]).grid_span(4),
        cell(w[5], vec![lost]),
    ])
}

fn item_row(doc: &mut Doc, w: &[usize; 6], stt: usize, r: &PlanRow, result: &ScoreResult, lang: Lang) -> TableRow {
    let look = Look::size(TABLE);
    let names = |ids: &[String]| {
        ids.iter()
            .map(|id| super::agency_name(&result.registry, id, lang))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let no = doc.text(&stt.to_string(), look, AlignmentType::Center);
    let mut content = vec![doc.text(&format!("{}. {}", r.code, r.title), look, AlignmentType::Left)];
    let reason = r.reason_text(lang);
    if !reason.is_empty() {
        content.push(doc.text(&reason, Look::size(SMALL).italic(), AlignmentType::Left));
    }
    let lead = doc.text(&names(&r.lead), look, AlignmentType::Left);
    let cooperating = doc.text(&names(&r.cooperating), look, AlignmentType::Left);
    let deadline = doc.text(r.deadline.as_deref().unwrap_or(""), look, AlignmentType::Left);
    let lost = doc.text(&show(r.lost, lang), look, AlignmentType::Center);
    data_row(vec![
        cell(w[0], vec![no]),
        cell(w[1], content),
        cell(w[2], vec![lead]),
        cell(w[3], vec![cooperating]),
        cell(w[4], vec![deadline]),
        cell(w[5], vec![lost]),
    ])
}

fn total_row(doc: &mut Doc, w: &[usize; 6], label: &str, total: Decimal, lang: Lang) -> TableRow {
    let look = Look::size(TABLE).bold();
    let label = doc.text(label, look, AlignmentType::Left);
    let total = doc.text(&show(total, lang), look, AlignmentType::Center);
    data_row(vec![
        cell(w[..5].iter().sum(), vec![label]).grid_span(5),
        cell(w[5], vec![total]).vertical_align(VAlignType::Center),
    ])
}
