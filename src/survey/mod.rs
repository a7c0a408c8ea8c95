//! Surveys: points of a `survey` leaf computed from respondents' raw answers instead of a
//! result typed into the evidence. The criteria set declares each survey (`[[survey]]`:
//! its leaf, questions and their points, the answer scale and how answers aggregate);
//! [`answers`] reads the answer files through the evidence readers; [`tally`] aggregates
//! exactly and [`apply`] hands the result to the one scorer as the leaf's evidence.
//!
//! Arithmetic is exact (fractions of integers); the leaf's rounding is applied once, to
//! the criterion's points, never to a question's.

pub mod answers;
pub mod apply;
pub mod raw;
pub mod tally;

use rust_decimal::Decimal;

use crate::code::CriterionCode;
use crate::criteria::{Ctx, Node};
use crate::diag::Code;
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, Rounding, show};
use crate::text::{fold, nfc};

use raw::RawSurvey;

/// How the answers of a question become its share of the points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregation {
    /// Mean of the options' weights × the question's points (leaders' survey: A = 100 %,
    /// B = 60 %, C = 20 %, D = 0 %).
    MeanWeight,
    /// Share of answers at or above the satisfied level × the question's points (SIPAS).
    ShareSatisfied,
}

impl Aggregation {
    pub const NAMES: [&'static str; 2] = ["mean-weight", "share-satisfied"];

    pub fn name(self) -> &'static str {
        match self {
            Aggregation::MeanWeight => "mean-weight",
            Aggregation::ShareSatisfied => "share-satisfied",
        }
    }
}

/// What a blank answer or a "không biết" answer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// Left out: the question's mean is over the other answers.
    Exclude,
    /// Counted as an answer worth nothing (weight 0 %, not satisfied).
    Zero,
    /// Refused: the answer file must be fixed.
    Error,
}

impl Policy {
    pub const NAMES: [&'static str; 3] = ["exclude", "zero", "error"];

    fn parse(text: &str) -> Option<Policy> {
        match text.trim() {
            "exclude" => Some(Policy::Exclude),
            "zero" => Some(Policy::Zero),
            "error" => Some(Policy::Error),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Policy::Exclude => "exclude",
            Policy::Zero => "zero",
            Policy::Error => "error",
        }
    }
}

/// One answer option and its weight (a fraction from 0 to 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerOption {
    pub answer: String,
    pub weight: Decimal,
}

/// The answers a question accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scale {
    /// Lettered options, each with a weight.
    Options(Vec<AnswerOption>),
    /// Whole numbers from `min` to `max`; `satisfied` and above count as satisfied.
    Likert { min: i64, max: i64, satisfied: i64 },
    /// Yes (100 %, satisfied) or no (0 %).
    YesNo,
}

impl Scale {
    /// The answers as the report lists them, in scale order.
    pub fn labels(&self, lang: Lang) -> Vec<String> {
        match self {
            Scale::Options(o) => o.iter().map(|o| o.answer.clone()).collect(),
            Scale::Likert { min, max, .. } => (*min..=*max).map(|v| v.to_string()).collect(),
            Scale::YesNo => vec![
                crate::i18n::tr(lang, "có", "yes").into(),
                crate::i18n::tr(lang, "không", "no").into(),
            ],
        }
    }

    /// The answers accepted, for messages.
    pub fn accepted(&self) -> Msg {
        match self {
            Scale::Options(o) => {
                let list = o.iter().map(|o| o.answer.as_str()).collect::<Vec<_>>().join(", ");
                Msg::same(list)
            }
            Scale::Likert { min, max, .. } => msg!("số nguyên từ {min} đến {max}", "a whole number from {min} to {max}"),
            Scale::YesNo => msg!("có hoặc không", "yes or no (có, không)"),
        }
    }

    /// The position of an answer on the scale, `None` if it is not on it.
    pub fn position(&self, answer: &str) -> Option<usize> {
        let key = fold(answer);
        match self {
            Scale::Options(o) => o.iter().position(|o| fold(&o.answer) == key),
            Scale::Likert { min, max, .. } => {
                let d = crate::number::parse_decimal(&key).ok()?;
                if !d.fract().is_zero() {
                    return None;
                }
                let v = i64::try_from(d.trunc().mantissa() / 10i128.pow(d.scale())).ok()?;
                (*min..=*max).contains(&v).then(|| usize::try_from(v - min).ok()).flatten()
            }
            Scale::YesNo => match key.as_str() {
                "có" | "co" | "yes" | "y" | "đồng ý" => Some(0),
                "không" | "khong" | "no" | "n" | "không đồng ý" => Some(1),
                _ => None,
            },
        }
    }

    /// The credit of the answer at `position`: its weight, or 1 if satisfied and 0 if not.
    pub fn credit(&self, position: usize) -> Decimal {
        match self {
            Scale::Options(o) => o.get(position).map_or(Decimal::ZERO, |o| o.weight),
            Scale::Likert { min, satisfied, .. } => {
                let v = *min + i64::try_from(position).unwrap_or(i64::MAX - *min);
                if v >= *satisfied { Decimal::ONE } else { Decimal::ZERO }
            }
            Scale::YesNo => {
                if position == 0 {
                    Decimal::ONE
                } else {
                    Decimal::ZERO
                }
            }
        }
    }
}

/// One question and the points it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    pub vi: String,
    pub en: Option<String>,
    pub points: Decimal,
}

impl Question {
    pub fn text(&self, lang: Lang) -> &str {
        match (lang, &self.en) {
            (Lang::En, Some(t)) => t,
            _ => &self.vi,
        }
    }
}

/// A survey declared by the criteria set, checked against its leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyDef {
    pub id: String,
    pub criterion: CriterionCode,
    pub title: String,
    pub title_en: Option<String>,
    pub aggregation: Aggregation,
    pub blank: Policy,
    pub dont_know: Policy,
    /// The header of the answer files' respondent-group column (NFC), when declared;
    /// otherwise the fixed `group` column (`nhóm`, `đối tượng`…).
    pub group_column: Option<String>,
    pub scale: Scale,
    pub questions: Vec<Question>,
    /// The leaf's maximum (the sum of the questions' points).
    pub max: Decimal,
    /// The leaf's rounding, applied once to the criterion's points.
    pub rounding: Rounding,
    /// The survey rule's `scale` (a result out of 100): how the points go to the scorer.
    pub rule_scale: Option<Decimal>,
}

impl SurveyDef {
    pub fn title(&self, lang: Lang) -> &str {
        match (lang, &self.title_en) {
            (Lang::En, Some(t)) => t,
            _ => &self.title,
        }
    }
}

fn invalid(cx: &mut Ctx, span: std::ops::Range<usize>, message: Msg, help: Msg) {
    cx.error(Code::InvalidSurvey, span, message, help);
}

/// Checks every `[[survey]]` of a criteria file against the tree (nodes already linked).
/// Every problem is reported; surveys with problems are left out.
pub fn build_all(
    raw: &[RawSurvey],
    nodes: &std::collections::BTreeMap<CriterionCode, Node>,
    set_rounding: Rounding,
    cx: &mut Ctx,
) -> Vec<SurveyDef> {
    let mut out: Vec<SurveyDef> = Vec::new();
    let mut ids: Vec<(String, usize)> = Vec::new();
    let mut questions: Vec<(String, String)> = Vec::new();
    for r in raw {
        let errors = cx.diags.len();
        let id = cx.text(&r.id);
        if id.is_empty() {
            invalid(
                cx,
                r.id.span(),
                msg!("mã khảo sát (`id`) đang để trống", "the survey id is empty"),
                msg!(
                    "đặt cho khảo sát một mã như \"lanh-dao\"",
                    "give the survey an id such as \"lanh-dao\""
                ),
            );
        } else if let Some((_, line)) = ids.iter().find(|(i, _)| fold(i) == fold(&id)) {
            let line = *line;
            invalid(
                cx,
                r.id.span(),
                msg!(
                    "mã khảo sát `{id}` bị trùng (lần đầu ở dòng {line})",
                    "survey id `{id}` is used twice (first on line {line})"
                ),
                msg!("đặt cho mỗi khảo sát một mã riêng", "give each survey its own id"),
            );
        } else {
            ids.push((id.clone(), cx.loc(r.id.span()).line));
        }
        if let Some(t) = &r.title
            && cx.text(t).trim().is_empty()
        {
            invalid(
                cx,
                t.span(),
                msg!("`title` của khảo sát `{id}` đang để trống", "the survey `{id}`'s `title` is empty"),
                msg!(
                    "ghi tên khảo sát, như \"Khảo sát lãnh đạo, quản lý\", hoặc bỏ khóa này để dùng tên tiêu chí",
                    "write the survey's name, such as \"Khảo sát lãnh đạo, quản lý\", or leave the key out to use the criterion's title"
                ),
            );
        }
        if r.title_en.as_deref().is_some_and(|t| t.trim().is_empty()) {
            invalid(
                cx,
                r.id.span(),
                msg!(
                    "`title_en` của khảo sát `{id}` đang để trống",
                    "the survey `{id}`'s `title_en` is empty"
                ),
                msg!(
                    "ghi tên tiếng Anh của khảo sát, hoặc bỏ khóa này",
                    "write the survey's English name, or leave the key out"
                ),
            );
        }
        let code_text = cx.text(&r.criterion);
        let node = match code_text.parse::<CriterionCode>() {
            Ok(code) => match nodes.get(&code) {
                Some(n) if n.is_leaf() && n.rule.as_ref().is_some_and(|r| r.kind() == "survey") => Some(n),
                Some(n) if !n.is_leaf() => {
                    invalid(
                        cx,
                        r.criterion.span(),
                        msg!(
                            "tiêu chí {code} có tiêu chí con, không phải là tiêu chí lá",
                            "criterion {code} has sub-criteria: it is not a leaf"
                        ),
                        msg!(
                            "ghi mã của tiêu chí con có `rule = {{ kind = \"survey\" }}`, như {code}.1",
                            "name the sub-criterion whose rule is `{{ kind = \"survey\" }}`, such as {code}.1"
                        ),
                    );
                    None
                }
                Some(n) => {
                    let kind = n.rule.as_ref().map_or("", crate::rules::Rule::kind);
                    invalid(
                        cx,
                        r.criterion.span(),
                        msg!(
                            "tiêu chí {code} không phải là tiêu chí lá có quy tắc `survey` (quy tắc: `{kind}`)",
                            "criterion {code} is not a leaf whose rule is `survey` (rule: `{kind}`)"
                        ),
                        msg!(
                            "khảo sát chỉ tính điểm cho tiêu chí lá có `rule = {{ kind = \"survey\" }}`",
                            "a survey scores a leaf with `rule = {{ kind = \"survey\" }}`"
                        ),
                    );
                    None
                }
                None => {
                    invalid(
                        cx,
                        r.criterion.span(),
                        msg!("không có tiêu chí {code}", "there is no criterion {code}"),
                        msg!(
                            "ghi mã của một tiêu chí lá có quy tắc `survey`, như 9.1",
                            "name a leaf whose rule is `survey`, such as 9.1"
                        ),
                    );
                    None
                }
            },
            Err(e) => {
                let why = e.msg();
                invalid(
                    cx,
                    r.criterion.span(),
                    Msg::by(|l| match l {
                        Lang::Vi => format!("`{code_text}` không phải là mã tiêu chí: {}", why.get(l)),
                        Lang::En => format!("`{code_text}` is not a criterion code: {}", why.get(l)),
                    }),
                    msg!("ghi mã như 9.1", "write a code such as 9.1"),
                );
                None
            }
        };
        if let Some(n) = node
            && let Some(other) = out.iter().find(|s| s.criterion == n.code)
        {
            let (code, other) = (n.code.clone(), other.id.clone());
            invalid(
                cx,
                r.criterion.span(),
                msg!(
                    "tiêu chí {code} đã có khảo sát `{other}`",
                    "criterion {code} already has the survey `{other}`"
                ),
                msg!(
                    "mỗi tiêu chí lá có một khảo sát; gộp các câu hỏi vào một khảo sát",
                    "one survey per leaf; put the questions in one survey"
                ),
            );
        }
        let aggregation = match r.aggregation.get_ref().trim() {
            "mean-weight" => Some(Aggregation::MeanWeight),
            "share-satisfied" => Some(Aggregation::ShareSatisfied),
            other => {
                let names = Aggregation::NAMES.join(", ");
                invalid(
                    cx,
                    r.aggregation.span(),
                    msg!("cách tổng hợp `{other}` không xác định", "unknown aggregation `{other}`"),
                    msg!("dùng một trong: {names}", "use one of: {names}"),
                );
                None
            }
        };
        let mut policy = |v: &Option<crate::criteria::raw::SStr>, key: &str| match v {
            None => Some(Policy::Error),
            Some(s) => Policy::parse(s.get_ref()).or_else(|| {
                let (bad, names) = (s.get_ref().clone(), Policy::NAMES.join(", "));
                invalid(
                    cx,
                    s.span(),
                    msg!("`{key}` = `{bad}` không xác định", "unknown `{key}` = `{bad}`"),
                    msg!("dùng một trong: {names}", "use one of: {names}"),
                );
                None
            }),
        };
        let blank = policy(&r.blank, "blank");
        let dont_know = policy(&r.dont_know, "dont_know");
        let group_column = group_column(r.group_column.as_ref(), cx);
        let scale = build_scale(r.scale.get_ref(), r.scale.span(), cx);
        match (aggregation, &scale) {
            (Some(Aggregation::MeanWeight), Some(Scale::Likert { .. })) => invalid(
                cx,
                r.aggregation.span(),
                msg!(
                    "thang `likert` không có trọng số cho cách tổng hợp `mean-weight`",
                    "a `likert` scale has no weights for `mean-weight`"
                ),
                msg!(
                    "dùng `aggregation = \"share-satisfied\"`, hoặc thang `options` có trọng số",
                    "use `aggregation = \"share-satisfied\"`, or an `options` scale with weights"
                ),
            ),
            (Some(Aggregation::ShareSatisfied), Some(Scale::Options(_))) => invalid(
                cx,
                r.aggregation.span(),
                msg!(
                    "thang `options` không nói phương án nào là hài lòng",
                    "an `options` scale does not say which options are satisfied"
                ),
                msg!(
                    "dùng `aggregation = \"mean-weight\"` (phương án hài lòng có trọng số 100%), hoặc thang `likert`",
                    "use `aggregation = \"mean-weight\"` (satisfied options weigh 100%), or a `likert` scale"
                ),
            ),
            _ => {}
        }
        let qs = build_questions(r.questions.get_ref(), r.questions.span(), &mut questions, &id, cx);
        if let (Some(n), Some(qs)) = (node, &qs) {
            let sum: Decimal = qs.iter().map(|q| q.points).sum();
            if sum != n.max {
                let (code, max) = (n.code.clone(), n.max);
                invalid(
                    cx,
                    r.questions.span(),
                    Msg::by(|l| match l {
                        Lang::Vi => format!(
                            "điểm các câu hỏi cộng lại bằng {}, nhưng tiêu chí {code} có tối đa {}",
                            show(sum, l),
                            show(max, l)
                        ),
                        Lang::En => format!(
                            "the questions' points add up to {}, but criterion {code} has a maximum of {}",
                            show(sum, l),
                            show(max, l)
                        ),
                    }),
                    msg!(
                        "sửa điểm của các câu hỏi cho tổng bằng điểm tối đa của tiêu chí",
                        "make the questions' points add up to the criterion's maximum"
                    ),
                );
            }
        }
        if cx.diags.len() != errors {
            continue;
        }
        let (Some(n), Some(aggregation), Some(blank), Some(dont_know), Some(scale), Some(questions)) =
            (node, aggregation, blank, dont_know, scale, qs)
        else {
            continue;
        };
        let rule_scale = match &n.rule {
            Some(crate::rules::Rule::Survey(s)) => s.scale,
            _ => None,
        };
        out.push(SurveyDef {
            id,
            criterion: n.code.clone(),
            title: r.title.as_ref().map_or_else(|| n.title.clone(), |t| cx.text(t)),
            title_en: r.title_en.as_deref().map(nfc).or_else(|| n.title_en.clone()),
            aggregation,
            blank,
            dont_know,
            group_column,
            scale,
            questions,
            max: n.max,
            rounding: n.rounding.unwrap_or(set_rounding),
            rule_scale,
        });
    }
    out
}

/// The declared group column: a header that is not blank and not one of the answer file's
/// other columns (a group column named `question` would hide the questions).
fn group_column(raw: Option<&crate::criteria::raw::SStr>, cx: &mut Ctx) -> Option<String> {
    let raw = raw?;
    let name = cx.text(raw).trim().to_string();
    if name.is_empty() {
        invalid(
            cx,
            raw.span(),
            msg!("`group_column` đang để trống", "`group_column` is empty"),
            msg!(
                "ghi tiêu đề cột nhóm của tệp câu trả lời, như \"đối tượng khảo sát\", hoặc bỏ khóa này",
                "write the header of the answer files' group column, such as \"đối tượng khảo sát\", or leave the key out"
            ),
        );
        return None;
    }
    let key = fold(&name);
    if let Some((canon, _)) = answers::ANSWERS
        .columns
        .iter()
        .find(|(canon, aliases)| *canon != "group" && aliases.contains(&key.as_str()))
    {
        invalid(
            cx,
            raw.span(),
            msg!(
                "`group_column` = `{name}` là tên của cột `{canon}` trong tệp câu trả lời",
                "`group_column` = `{name}` names the answer files' `{canon}` column"
            ),
            msg!(
                "ghi đúng tiêu đề cột nhóm đối tượng, như \"đối tượng khảo sát\"",
                "write the header of the respondent-group column, such as \"đối tượng khảo sát\""
            ),
        );
        return None;
    }
    Some(name)
}

fn build_scale(raw: &raw::RawScale, span: std::ops::Range<usize>, cx: &mut Ctx) -> Option<Scale> {
    let kind = raw.kind.get_ref().trim();
    let extra = |cx: &mut Ctx, present: bool, key: &str, kind: &str| {
        if present {
            invalid(
                cx,
                span.clone(),
                msg!("thang `{kind}` không dùng `{key}`", "a `{kind}` scale takes no `{key}`"),
                msg!("bỏ `{key}`", "remove `{key}`"),
            );
        }
    };
    match kind {
        "options" => {
            extra(cx, raw.min.is_some() || raw.max.is_some(), "min/max", kind);
            extra(cx, raw.satisfied.is_some(), "satisfied", kind);
            if raw.options.is_empty() {
                invalid(
                    cx,
                    span.clone(),
                    msg!("thang `options` không có phương án nào", "the `options` scale has no options"),
                    msg!(
                        "liệt kê các phương án: options = [{{ answer = \"A\", weight = \"100%\" }}, …]",
                        "list the options: options = [{{ answer = \"A\", weight = \"100%\" }}, …]"
                    ),
                );
                return None;
            }
            let mut options: Vec<AnswerOption> = Vec::new();
            let mut ok = true;
            for o in &raw.options {
                let answer = cx.text(&o.answer);
                let weight = cx.share(&o.weight, &msg!("trọng số của phương án {answer}", "the weight of option {answer}"));
                if answer.is_empty() || matches!(fold(&answer).as_str(), "không biết" | "khong biet" | "don't know" | "dont know") {
                    invalid(
                        cx,
                        o.answer.span(),
                        msg!("phương án `{answer}` không dùng được", "option `{answer}` cannot be used"),
                        msg!(
                            "đặt tên phương án như A, B, C; câu trả lời trống và \"không biết\" theo `blank` và `dont_know`",
                            "name options like A, B, C; blank and \"không biết\" answers follow `blank` and `dont_know`"
                        ),
                    );
                    ok = false;
                } else if options.iter().any(|p| fold(&p.answer) == fold(&answer)) {
                    invalid(
                        cx,
                        o.answer.span(),
                        msg!("phương án `{answer}` bị trùng", "option `{answer}` appears twice"),
                        msg!("mỗi phương án ghi một lần", "list each option once"),
                    );
                    ok = false;
                }
                match weight {
                    Some(w) if w >= Decimal::ZERO && w <= Decimal::ONE => options.push(AnswerOption { answer, weight: w }),
                    Some(w) => {
                        invalid(
                            cx,
                            o.weight.span(),
                            Msg::by(|l| match l {
                                Lang::Vi => format!(
                                    "trọng số của phương án {answer} là {}%, ngoài khoảng 0–100%",
                                    show(w * Decimal::ONE_HUNDRED, l)
                                ),
                                Lang::En => format!(
                                    "the weight of option {answer} is {}%, outside 0–100%",
                                    show(w * Decimal::ONE_HUNDRED, l)
                                ),
                            }),
                            msg!(
                                "ghi trọng số từ \"0%\" đến \"100%\" (hoặc từ 0 đến 1, như 0.6)",
                                "write a weight from \"0%\" to \"100%\" (or from 0 to 1, such as 0.6)"
                            ),
                        );
                        ok = false;
                    }
                    None => ok = false,
                }
            }
            ok.then_some(Scale::Options(options))
        }
        "likert" => {
            extra(cx, !raw.options.is_empty(), "options", kind);
            let mut bound = |lit: &Option<crate::criteria::raw::SLit>, key: &str| match lit {
                Some(l) => cx.integer(l, &Msg::same(format!("`{key}`")), -1000..1001),
                None => {
                    invalid(
                        cx,
                        span.clone(),
                        msg!("thang `likert` thiếu `{key}`", "the `likert` scale has no `{key}`"),
                        msg!(
                            "ghi scale = {{ kind = \"likert\", min = 1, max = 5, satisfied = 4 }}",
                            "write scale = {{ kind = \"likert\", min = 1, max = 5, satisfied = 4 }}"
                        ),
                    );
                    None
                }
            };
            let (min, max, satisfied) = (bound(&raw.min, "min"), bound(&raw.max, "max"), bound(&raw.satisfied, "satisfied"));
            let (min, max, satisfied) = (min?, max?, satisfied?);
            if min >= max || satisfied < min || satisfied > max {
                invalid(
                    cx,
                    span,
                    msg!(
                        "thang `likert` cần min < max và min ≤ satisfied ≤ max (đang là min = {min}, max = {max}, satisfied = {satisfied})",
                        "a `likert` scale needs min < max and min ≤ satisfied ≤ max (it has min = {min}, max = {max}, satisfied = {satisfied})"
                    ),
                    msg!("như min = 1, max = 5, satisfied = 4", "such as min = 1, max = 5, satisfied = 4"),
                );
                return None;
            }
            Some(Scale::Likert { min, max, satisfied })
        }
        "yes-no" => {
            extra(cx, !raw.options.is_empty(), "options", kind);
            extra(cx, raw.min.is_some() || raw.max.is_some(), "min/max", kind);
            extra(cx, raw.satisfied.is_some(), "satisfied", kind);
            Some(Scale::YesNo)
        }
        other => {
            invalid(
                cx,
                raw.kind.span(),
                msg!("thang `{other}` không xác định", "unknown scale kind `{other}`"),
                msg!("dùng một trong: options, likert, yes-no", "use one of: options, likert, yes-no"),
            );
            None
        }
    }
}

fn build_questions(
    raw: &[raw::RawQuestion],
    span: std::ops::Range<usize>,
    seen: &mut Vec<(String, String)>,
    survey: &str,
    cx: &mut Ctx,
) -> Option<Vec<Question>> {
    if raw.is_empty() {
        invalid(
            cx,
            span,
            msg!("khảo sát không có câu hỏi nào", "the survey has no questions"),
            msg!(
                "liệt kê các câu hỏi: questions = [{{ id = \"q1\", vi = \"…\", points = 2.5 }}, …]",
                "list the questions: questions = [{{ id = \"q1\", vi = \"…\", points = 2.5 }}, …]"
            ),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for q in raw {
        let id = cx.text(&q.id);
        let mut points = cx.points(&q.points, &msg!("điểm của câu hỏi {id}", "the points of question {id}"));
        if points.is_some_and(|p| p.is_zero()) {
            invalid(
                cx,
                q.points.span(),
                msg!("câu hỏi {id} có 0 điểm", "question {id} is worth 0 points"),
                msg!(
                    "ghi số điểm (lớn hơn 0) câu hỏi đóng góp vào tiêu chí, hoặc bỏ câu hỏi không tính điểm",
                    "write the points (more than 0) the question gives the criterion, or leave out a question that scores nothing"
                ),
            );
            points = None;
        }
        if id.is_empty() {
            invalid(
                cx,
                q.id.span(),
                msg!("mã câu hỏi (`id`) đang để trống", "the question id is empty"),
                msg!("đặt mã như \"q1\"", "give an id such as \"q1\""),
            );
            ok = false;
        } else if let Some((_, other)) = seen.iter().find(|(i, _)| fold(i) == fold(&id)) {
            let other = other.clone();
            invalid(
                cx,
                q.id.span(),
                msg!(
                    "mã câu hỏi `{id}` đã dùng trong khảo sát `{other}`",
                    "question id `{id}` is already used in the survey `{other}`"
                ),
                msg!(
                    "mã câu hỏi là duy nhất trong cả bộ tiêu chí, vì tệp câu trả lời chỉ ghi mã câu hỏi",
                    "question ids are unique in the whole set: answer files name only the question"
                ),
            );
            ok = false;
        } else {
            seen.push((id.clone(), survey.to_string()));
        }
        let vi = cx.text(&q.vi);
        match points {
            Some(points) if ok => out.push(Question {
                id,
                vi,
                en: q.en.as_deref().map(nfc),
                points,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_placed_on_their_scale() {
        let likert = Scale::Likert {
            min: 1,
            max: 5,
            satisfied: 4,
        };
        assert_eq!(likert.position("1"), Some(0));
        assert_eq!(likert.position(" 5 "), Some(4));
        assert_eq!(likert.position("4.0"), Some(3));
        assert_eq!(likert.position("0"), None);
        assert_eq!(likert.position("6"), None);
        assert_eq!(likert.position("4.5"), None);
        assert_eq!(likert.position("-1"), None);
        assert_eq!(likert.position("bốn"), None);
        assert_eq!(likert.position("99999999999999999999999"), None);
        // At the satisfied level and just below.
        assert_eq!(likert.credit(3), Decimal::ONE);
        assert_eq!(likert.credit(2), Decimal::ZERO);
        let options = Scale::Options(vec![
            AnswerOption {
                answer: "A".into(),
                weight: Decimal::ONE,
            },
            AnswerOption {
                answer: "Đúng hạn".into(),
                weight: "0.6".parse().unwrap(),
            },
        ]);
        assert_eq!(options.position("a"), Some(0));
        assert_eq!(options.position("ĐÚNG  HẠN"), Some(1));
        assert_eq!(options.credit(1), "0.6".parse::<Decimal>().unwrap());
        assert_eq!(options.position("B"), None);
        assert_eq!(Scale::YesNo.position("Có"), Some(0));
        assert_eq!(Scale::YesNo.position("no"), Some(1));
        assert_eq!(Scale::YesNo.position("không biết"), None);
        assert_eq!(Scale::YesNo.labels(Lang::Vi), ["có", "không"]);
        assert_eq!(Scale::YesNo.labels(Lang::En), ["yes", "no"]);
    }
}
