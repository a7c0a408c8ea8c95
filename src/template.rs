//! Evidence templates: one row per fact a criteria set needs (one per leaf, one per formula
//! variable or deduction kind), with what to write and an example, for each agency to fill.
//! The template's columns are the evidence columns, so a filled template is read as is.

use rust_decimal::Decimal;

use crate::code::CriterionCode;
use crate::criteria::CriteriaSet;
use crate::i18n::tr;
use crate::number::{Lang, plain, show};
use crate::render::sheet::{Sheet, Total, Value};
use crate::rules::Rule;
use crate::rules::tiers::TierOn;
use crate::value::show_date;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRow {
    pub code: CriterionCode,
    pub title: String,
    pub item: Option<String>,
    pub hint: String,
    pub example: String,
    pub max: Decimal,
    /// Manual points need a reason in `note`.
    pub note_required: bool,
}

fn rows_for(code: &CriterionCode, title: &str, max: Decimal, rule: &Rule, lang: Lang) -> Vec<TemplateRow> {
    let row = |item: Option<String>, hint: String, example: String| TemplateRow {
        code: code.clone(),
        title: title.to_string(),
        item,
        hint,
        example,
        max,
        note_required: matches!(rule, Rule::Manual(_)),
    };
    let kind = rule.value_hint();
    let with_example = |ex: &str| format!("{}, {} {ex}", kind.get(lang), tr(lang, "ví dụ", "e.g."));
    match rule {
        Rule::Binary(_) => vec![row(None, with_example("có"), "có".into())],
        Rule::Deadline(d) => match d.due {
            Some(due) => vec![row(
                None,
                format!("{} ({} {})", with_example(&show_date(due)), tr(lang, "hạn", "due"), show_date(due)),
                show_date(due),
            )],
            None => vec![row(None, with_example(tr(lang, "đúng hạn", "on time")), "đúng hạn".into())],
        },
        Rule::Tiers(t) => {
            let ex = match t.on {
                TierOn::Ratio => "95%".to_string(),
                TierOn::Count => "2".to_string(),
                TierOn::Number => show(max, lang),
            };
            vec![row(None, with_example(&ex), ex)]
        }
        Rule::Proportional(_) => vec![row(None, with_example("95%"), "95%".into())],
        Rule::Formula(f) => f
            .variables
            .iter()
            .map(|v| {
                row(
                    Some(v.id.clone()),
                    format!(
                        "{}: {}, {} 10",
                        tr(lang, "biến", "variable"),
                        v.label.get(lang),
                        tr(lang, "ví dụ", "e.g.")
                    ),
                    "10".into(),
                )
            })
            .collect(),
        Rule::Deductions(d) => d
            .items
            .iter()
            .map(|i| {
                row(
                    Some(i.id.clone()),
                    format!(
                        "{}: {} (−{} {}), {} 0",
                        tr(lang, "số lần", "how many"),
                        i.label.get(lang),
                        show(i.points, lang),
                        tr(lang, "mỗi lần", "each"),
                        tr(lang, "ví dụ", "e.g.")
                    ),
                    "0".into(),
                )
            })
            .collect(),
        Rule::Checklist(c) => c
            .items
            .iter()
            .map(|i| {
                row(
                    Some(i.id.clone()),
                    format!(
                        "{}: {} (+{} {}), {} có",
                        tr(lang, "có/không", "yes/no"),
                        i.label.get(lang),
                        show(i.points, lang),
                        tr(lang, "điểm", "points"),
                        tr(lang, "ví dụ", "e.g.")
                    ),
                    "có".into(),
                )
            })
            .collect(),
        Rule::Count(_) => vec![row(None, with_example("2"), "2".into())],
        Rule::Level(l) => {
            let names: Vec<&str> = l.levels.iter().map(|x| x.name.get(lang)).collect();
            let first = l.levels.first().map(|x| x.name.vi.clone()).unwrap_or_default();
            vec![row(None, format!("{}: {}", kind.get(lang), names.join(" / ")), first)]
        }
        Rule::Manual(_) => vec![row(
            None,
            format!(
                "{} ({})",
                with_example(&show(max, lang)),
                tr(lang, "ghi lý do vào cột ghi chú", "write the reason in the note column")
            ),
            plain(max),
        )],
        Rule::Survey(s) => {
            let ex = plain(s.scale.unwrap_or(max));
            vec![row(None, with_example(&show(s.scale.unwrap_or(max), lang)), ex)]
        }
    }
}

/// Template rows for every leaf, or only the leaves `agency` leads.
pub fn rows(set: &CriteriaSet, agency: Option<&str>, lang: Lang) -> Result<Vec<TemplateRow>, crate::i18n::Msg> {
    let agency = match agency {
        Some(a) => Some(set.resolve_agency(a).map(|x| x.id.clone()).ok_or_else(|| {
            let ids = set.agencies.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", ");
            crate::msg!(
                "cơ quan `{a}` không có trong bộ tiêu chí; bộ tiêu chí khai báo: {ids}",
                "unknown agency `{a}`; the criteria set declares: {ids}"
            )
        })?),
        None => None,
    };
    Ok(set
        .leaves()
        .filter(|n| agency.as_ref().is_none_or(|a| set.lead_of(&n.code).contains(a)))
        .filter_map(|n| n.rule.as_ref().map(|r| rows_for(&n.code, n.title(lang), n.max, r, lang)))
        .flatten()
        .collect())
}

/// Whether the set declares rounds other than the default `self, appraisal`: its template
/// then has a round column (empty is the first round).
fn has_round_column(set: &CriteriaSet) -> bool {
    let ids: Vec<&str> = set.rounds.all().map(|r| set.rounds.id(r)).collect();
    ids != ["self", "appraisal"]
}

/// The template as a sheet; its headers are evidence columns in the chosen language. The
/// columns to fill are value, document, note and explanation (giải trình), and the round
/// when the set declares rounds other than the default two. A row left unfilled is blank
/// (value, document, note and explanation empty) and read back as no fact, even when its
/// round was filled in.
pub fn sheet(rows: &[TemplateRow], set: &CriteriaSet, lang: Lang) -> Sheet {
    let with_round = has_round_column(set);
    let mut headers: Vec<String> = [
        tr(lang, "tiêu chí", "criterion"),
        tr(lang, "tên tiêu chí", "title"),
        tr(lang, "mục", "item"),
        tr(lang, "gợi ý", "hint"),
        tr(lang, "ví dụ", "example"),
        tr(lang, "tối đa", "max"),
        tr(lang, "giá trị", "value"),
        tr(lang, "tài liệu kiểm chứng", "document"),
        tr(lang, "ghi chú", "note"),
        tr(lang, "giải trình", "explanation"),
    ]
    .map(String::from)
    .to_vec();
    if with_round {
        headers.push(tr(lang, "vòng", "round").into());
    }
    Sheet {
        name: tr(lang, "Số liệu", "Evidence").into(),
        title: vec![],
        headers,
        rows: rows
            .iter()
            .map(|r| {
                let mut row = vec![
                    r.code.to_string().into(),
                    r.title.clone().into(),
                    r.item.clone().map_or(Value::Empty, Value::Text),
                    r.hint.clone().into(),
                    r.example.clone().into(),
                    r.max.into(),
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                ];
                if with_round {
                    row.push(Value::Empty);
                }
                row
            })
            .collect(),
        total: Total::None,
    }
}
