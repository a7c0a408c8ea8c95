//! The survey report (`parcalc survey`): per criterion its points and loss, per question
//! the points and the answers' distribution, and the respondent groups ranked by the points
//! they cost — the lever an office has. Built as sheets (table, Markdown, CSV, xlsx, HTML)
//! and as versioned JSON with decimals as strings.

use rust_decimal::Decimal;
use serde::Serialize;

use super::sheet::{Sheet, Total, Value};
use crate::criteria::CriteriaSet;
use crate::i18n::tr;
use crate::number::{Lang, plain};
use crate::survey::tally::{SurveyTally, approx, percent, percent_of};

/// The JSON schema of the survey report.
pub const SURVEY_SCHEMA: &str = "parcalc.survey/1";

/// Places shown for a question's points and a group's loss: the leaf's places, plus three
/// so that the parts are visibly exact or marked `≈`.
const EXTRA_PLACES: u32 = 3;

fn unit_suffix(t: &SurveyTally) -> String {
    t.unit.as_ref().map(|u| format!(" · {u}")).unwrap_or_default()
}

/// A fraction as a number with the leaf's places + 3 (JSON carries the exact fraction).
fn shown(f: crate::rules::fraction::Fraction, places: u32) -> Value {
    Value::Num(approx(f, places + EXTRA_PLACES))
}

/// The distribution of a question's answers: `A 20 · B 8 · C 3 · D 1 · trống 2`.
fn distribution(set: &CriteriaSet, t: &SurveyTally, q: usize, lang: Lang) -> String {
    let def = t.def(set);
    let tally = &t.questions[q];
    let mut parts: Vec<String> = def
        .scale
        .labels(lang)
        .iter()
        .zip(&tally.counts)
        .map(|(l, n)| format!("{l}: {n}"))
        .collect();
    if tally.blank > 0 {
        parts.push(format!("{}: {}", tr(lang, "trống", "blank"), tally.blank));
    }
    if tally.dont_know > 0 {
        parts.push(format!("{}: {}", tr(lang, "không biết", "don't know"), tally.dont_know));
    }
    parts.join(" · ")
}

/// The report's sheets: criteria, questions, groups.
pub fn sheets(set: &CriteriaSet, tallies: &[SurveyTally], lang: Lang) -> Vec<Sheet> {
    let title = format!("{} ({}, {})", set.title(lang), set.id, set.year);
    let criteria = Sheet {
        name: tr(lang, "Khảo sát", "Surveys").into(),
        title: vec![title.clone()],
        headers: [
            tr(lang, "Mã", "Code"),
            tr(lang, "Khảo sát", "Survey"),
            tr(lang, "Số phiếu", "Respondents"),
            tr(lang, "Tối đa", "Max"),
            tr(lang, "Đạt", "Points"),
            tr(lang, "Bị trừ", "Lost"),
            tr(lang, "Cách tính", "Computation"),
        ]
        .map(String::from)
        .to_vec(),
        rows: tallies
            .iter()
            .map(|t| {
                let def = t.def(set);
                vec![
                    Value::Text(def.criterion.to_string()),
                    Value::Text(format!("{}{}", def.title(lang), unit_suffix(t))),
                    Value::Int(i64::try_from(t.respondents).unwrap_or(i64::MAX)),
                    Value::Num(def.max),
                    Value::Num(t.points),
                    Value::Num(def.max - t.points),
                    Value::Text(t.reason.get(lang).to_string()),
                ]
            })
            .collect(),
        total: Total::None,
    };
    let mut questions = Sheet {
        name: tr(lang, "Câu hỏi", "Questions").into(),
        title: vec![tr(lang, "Điểm theo câu hỏi", "Points by question").into()],
        headers: [
            tr(lang, "Mã", "Code"),
            tr(lang, "Câu", "Question"),
            tr(lang, "Nội dung", "Text"),
            tr(lang, "Tối đa", "Max"),
            tr(lang, "Đạt", "Points"),
            tr(lang, "Bị trừ", "Lost"),
            tr(lang, "Kết quả", "Result"),
            tr(lang, "Câu trả lời", "Answers"),
        ]
        .map(String::from)
        .to_vec(),
        ..Sheet::default()
    };
    let mut groups = Sheet {
        name: tr(lang, "Nhóm", "Groups").into(),
        title: vec![
            tr(
                lang,
                "Nhóm người trả lời, theo số điểm bị trừ do nhóm (phần câu trả lời thiếu điểm của nhóm)",
                "Respondent groups, by the points they cost (their answers' missing credit)",
            )
            .into(),
        ],
        headers: [
            tr(lang, "Mã", "Code"),
            tr(lang, "Hạng", "Rank"),
            tr(lang, "Nhóm", "Group"),
            tr(lang, "Số phiếu", "Respondents"),
            tr(lang, "Kết quả của nhóm", "Group's result"),
            tr(lang, "Điểm bị trừ do nhóm", "Points lost to the group"),
        ]
        .map(String::from)
        .to_vec(),
        ..Sheet::default()
    };
    for t in tallies {
        let def = t.def(set);
        let places = def.rounding.places;
        for (i, (q, question)) in t.questions.iter().zip(&def.questions).enumerate() {
            let lost = crate::rules::fraction::Fraction::from_decimal(question.points)
                .checked_sub(q.points)
                .unwrap_or(crate::rules::fraction::Fraction::ZERO);
            let share = q
                .credit
                .checked_div(
                    crate::rules::fraction::Fraction::new(i128::from(q.counted), 1).unwrap_or(crate::rules::fraction::Fraction::ZERO),
                )
                .unwrap_or(crate::rules::fraction::Fraction::ZERO);
            questions.rows.push(vec![
                Value::Text(format!("{}{}", def.criterion, unit_suffix(t))),
                Value::Text(question.id.clone()),
                Value::Text(question.text(lang).to_string()),
                Value::Num(question.points),
                shown(q.points, places),
                shown(lost, places),
                Value::Text(format!(
                    "{} ({} {})",
                    percent(share, lang),
                    q.counted,
                    tr(lang, "câu tính", "counted")
                )),
                Value::Text(distribution(set, t, i, lang)),
            ]);
        }
        for (rank, g) in t.groups.iter().enumerate() {
            let name = if g.name.is_empty() {
                tr(lang, "(không ghi nhóm)", "(no group)").to_string()
            } else {
                g.name.clone()
            };
            groups.rows.push(vec![
                Value::Text(format!("{}{}", def.criterion, unit_suffix(t))),
                Value::Int(i64::try_from(rank + 1).unwrap_or(i64::MAX)),
                Value::Text(name),
                Value::Int(i64::try_from(g.respondents).unwrap_or(i64::MAX)),
                Value::Text(g.score.map(|s| percent_of(s, lang)).unwrap_or_default()),
                Value::Num(g.lost.round_dp(places + EXTRA_PLACES).normalize()),
            ]);
        }
    }
    vec![criteria, questions, groups]
}

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    set: SetRef<'a>,
    surveys: Vec<JsonSurvey<'a>>,
}

#[derive(Serialize)]
struct SetRef<'a> {
    id: &'a str,
    title: &'a str,
    year: i32,
}

#[derive(Serialize)]
struct JsonSurvey<'a> {
    id: &'a str,
    criterion: String,
    title: &'a str,
    unit: Option<&'a str>,
    aggregation: &'static str,
    respondents: u64,
    max: String,
    points: String,
    lost: String,
    /// The criterion's points before rounding, as a fraction `num/den` (null when too large).
    exact: Option<String>,
    reason: &'a str,
    questions: Vec<JsonQuestion<'a>>,
    groups: Vec<JsonGroup<'a>>,
}

#[derive(Serialize)]
struct JsonQuestion<'a> {
    id: &'a str,
    text: &'a str,
    max: String,
    /// Rounded to 10 places for reading; `exact` is the fraction.
    points: String,
    exact: String,
    counted: u64,
    blank: u64,
    dont_know: u64,
    answers: Vec<JsonCount>,
}

#[derive(Serialize)]
struct JsonCount {
    answer: String,
    count: u64,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    rank: usize,
    group: &'a str,
    respondents: u64,
    /// The group's own result, 0–1, rounded to 10 places.
    result: Option<String>,
    lost: String,
}

fn fraction_text(f: crate::rules::fraction::Fraction) -> String {
    if f.denominator() == 1 {
        f.numerator().to_string()
    } else {
        format!("{}/{}", f.numerator(), f.denominator())
    }
}

/// The report as JSON (`parcalc.survey/1`).
pub fn json(set: &CriteriaSet, tallies: &[SurveyTally], lang: Lang) -> String {
    let dec = |d: Decimal| plain(d);
    let doc = Doc {
        schema: SURVEY_SCHEMA,
        set: SetRef {
            id: &set.id,
            title: set.title(lang),
            year: set.year,
        },
        surveys: tallies
            .iter()
            .map(|t| {
                let def = t.def(set);
                JsonSurvey {
                    id: &def.id,
                    criterion: def.criterion.to_string(),
                    title: def.title(lang),
                    unit: t.unit.as_deref(),
                    aggregation: def.aggregation.name(),
                    respondents: t.respondents,
                    max: dec(def.max),
                    points: dec(t.points),
                    lost: dec(def.max - t.points),
                    exact: t.exact.map(fraction_text),
                    reason: t.reason.get(lang),
                    questions: t
                        .questions
                        .iter()
                        .zip(&def.questions)
                        .map(|(q, question)| JsonQuestion {
                            id: &question.id,
                            text: question.text(lang),
                            max: dec(question.points),
                            points: dec(approx(q.points, 10)),
                            exact: fraction_text(q.points),
                            counted: q.counted,
                            blank: q.blank,
                            dont_know: q.dont_know,
                            answers: def
                                .scale
                                .labels(lang)
                                .into_iter()
                                .zip(&q.counts)
                                .map(|(answer, &count)| JsonCount { answer, count })
                                .collect(),
                        })
                        .collect(),
                    groups: t
                        .groups
                        .iter()
                        .enumerate()
                        .map(|(i, g)| JsonGroup {
                            rank: i + 1,
                            group: &g.name,
                            respondents: g.respondents,
                            result: g.score.map(dec),
                            lost: dec(g.lost),
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    let mut s = super::json::escape_hidden(serde_json::to_string_pretty(&doc).unwrap_or_default());
    s.push('\n');
    s
}
