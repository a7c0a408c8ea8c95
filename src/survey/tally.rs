//! Exact aggregation of survey answers. For every question: credit = the option's weight
//! (`mean-weight`) or 1 for an answer at or above the satisfied level and 0 below it
//! (`share-satisfied`); the question's points = Σ credit ÷ counted answers × its points.
//! The criterion's points are the sum over its questions, computed as a fraction and rounded
//! once with the leaf's rounding. Blank and "không biết" answers are left out (`exclude`) or
//! counted with credit 0 (`zero`); a question with no counted answer is an error, never a
//! division by zero.
//!
//! The loss is also split by respondent group: a group's share of a question's loss is
//! its counted answers' missing credit ÷ the question's counted answers × the points, so
//! the groups' shares add up to the criterion's loss (shown to 10 places).

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::answers::{Answer, Answers, Said};
use super::{Aggregation, SurveyDef};
use crate::criteria::CriteriaSet;
use crate::diag::{Code, Diagnostic, Failed, Location};
use crate::msg;
use crate::number::{Lang, Rounding, RoundingStrategy, show};
use crate::rules::Text;
use crate::rules::fraction::Fraction;
use crate::text::fold;

/// One group's answers to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub counted: u64,
    pub credit: Fraction,
}

/// The answers to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionTally {
    /// Answers per position on the scale.
    pub counts: Vec<u64>,
    pub blank: u64,
    pub dont_know: u64,
    /// Answers that count (on the scale, plus blank or "không biết" under `zero`).
    pub counted: u64,
    /// Σ credit of the counted answers.
    pub credit: Fraction,
    /// The question's points, exact.
    pub points: Fraction,
    /// Per respondent group ("" without a group column).
    pub groups: BTreeMap<String, Part>,
}

/// One respondent group's part in a survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupTally {
    pub name: String,
    pub respondents: u64,
    /// The group's own result: its points-weighted credit (0–1), as if it alone answered
    /// (to 10 places).
    pub score: Option<Decimal>,
    /// Its share of the criterion's loss (to 10 places; exact sums where they fit).
    pub lost: Decimal,
}

/// A survey's result for one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyTally {
    /// Index of the survey in the set's `surveys`.
    pub survey: usize,
    pub unit: Option<String>,
    pub respondents: u64,
    pub questions: Vec<QuestionTally>,
    /// The criterion's points before rounding, when the exact sum fits (it always does when
    /// the questions' counts share few factors; see [`certified`] otherwise).
    pub exact: Option<Fraction>,
    /// The criterion's points, rounded once with the leaf's rounding.
    pub points: Decimal,
    /// Largest loss first.
    pub groups: Vec<GroupTally>,
    /// Why: the computation in both languages.
    pub reason: Text,
    /// The first answer file, named as the source of the leaf's points.
    pub file: std::sync::Arc<str>,
}

impl SurveyTally {
    pub fn def<'a>(&self, set: &'a CriteriaSet) -> &'a SurveyDef {
        &set.surveys[self.survey]
    }
}

fn frac(d: Decimal) -> Fraction {
    Fraction::from_decimal(d)
}

fn count(n: u64) -> Fraction {
    Fraction::new(i128::from(n), 1).unwrap_or(Fraction::ZERO)
}

/// A fraction as a decimal with at most `places` places (half-up), for display.
pub fn approx(f: Fraction, places: u32) -> Decimal {
    f.round(Rounding {
        places,
        strategy: RoundingStrategy::HalfUp,
    })
    .map_or(Decimal::ZERO, |(d, _)| d)
}

/// A share (0–1) given as a decimal, as a percentage text (`≈` when cut at 4 places).
pub fn percent_of(d: Decimal, lang: Lang) -> String {
    let p = d * Decimal::ONE_HUNDRED;
    let shown = p.round_dp(4).normalize();
    if shown == p.normalize() {
        format!("{}%", show(shown, lang))
    } else {
        format!("≈ {}%", show(shown, lang))
    }
}

/// A share (0–1) as a percentage text: `81,25%`, `≈ 33,3333%` when not exact at 4 places.
pub fn percent(f: Fraction, lang: Lang) -> String {
    let hundred = f.checked_mul(count(100)).unwrap_or(Fraction::ZERO);
    let r = Rounding {
        places: 4,
        strategy: RoundingStrategy::HalfUp,
    };
    match hundred.round(r) {
        Some((d, true)) => format!("{}%", show(d, lang)),
        Some((d, false)) => format!("≈ {}%", show(d, lang)),
        None => "?".into(),
    }
}

fn overflow(def: &SurveyDef) -> Diagnostic {
    let id = &def.id;
    Diagnostic::error(
        Code::InvalidAnswer,
        msg!(
            "khảo sát `{id}`: không tính được chính xác (số quá lớn)",
            "survey `{id}`: cannot be computed exactly (numbers too large)"
        ),
    )
    .help(msg!(
        "chia câu trả lời theo đơn vị (cột `unit`)",
        "split the answers by unit (`unit` column)"
    ))
}

/// Aggregates every survey answered, per unit. Every problem is reported at once.
pub fn tally(set: &CriteriaSet, answers: &Answers) -> Result<Vec<SurveyTally>, Failed> {
    let mut by: BTreeMap<(String, usize), Vec<&Answer>> = BTreeMap::new();
    for a in &answers.answers {
        by.entry((a.unit.as_deref().map(fold).unwrap_or_default(), a.survey as usize))
            .or_default()
            .push(a);
    }
    let mut diags = Vec::new();
    let mut out = Vec::new();
    for ((_, s), list) in by {
        match one(set, s, &list) {
            Ok(t) => out.push(t),
            Err(mut d) => diags.append(&mut d),
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        crate::diag::sort(&mut diags);
        return Err(Failed(diags));
    }
    Ok(out)
}

fn one(set: &CriteriaSet, s: usize, list: &[&Answer]) -> Result<SurveyTally, Vec<Diagnostic>> {
    let def = &set.surveys[s];
    let width = def.scale.labels(Lang::En).len();
    let mut qs: Vec<QuestionTally> = def
        .questions
        .iter()
        .map(|_| QuestionTally {
            counts: vec![0; width],
            blank: 0,
            dont_know: 0,
            counted: 0,
            credit: Fraction::ZERO,
            points: Fraction::ZERO,
            groups: BTreeMap::new(),
        })
        .collect();
    let mut respondents: BTreeMap<u32, Arc<str>> = BTreeMap::new();
    let mut diags = Vec::new();
    for a in list {
        let Some(q) = qs.get_mut(a.question as usize) else {
            continue;
        };
        let group: Arc<str> = a.group.clone().unwrap_or_else(|| "".into());
        let first_group = respondents.entry(a.who).or_insert_with(|| group.clone());
        if fold(first_group) != fold(&group) {
            let (who, first) = (a.respondent.clone(), first_group.clone());
            diags.push(
                Diagnostic::error(
                    Code::InvalidAnswer,
                    msg!(
                        "phiếu {who} thuộc nhóm `{group}` ở dòng này nhưng thuộc nhóm `{first}` ở dòng khác",
                        "respondent {who} is in group `{group}` on this row but in `{first}` on another"
                    ),
                )
                .at(a.at.location())
                .help(msg!(
                    "mỗi phiếu thuộc một nhóm: sửa cột nhóm, hoặc đặt mã phiếu khác nhau",
                    "a respondent belongs to one group: correct the group column, or give different ids"
                )),
            );
            continue;
        }
        let credit = match a.said {
            Said::On(p) => {
                let p = p as usize;
                if let Some(c) = q.counts.get_mut(p) {
                    *c += 1;
                }
                Some(frac(def.scale.credit(p)))
            }
            Said::Blank => {
                q.blank += 1;
                (def.blank == super::Policy::Zero).then_some(Fraction::ZERO)
            }
            Said::DontKnow => {
                q.dont_know += 1;
                (def.dont_know == super::Policy::Zero).then_some(Fraction::ZERO)
            }
        };
        if let Some(c) = credit {
            q.counted += 1;
            let part = q.groups.entry(group.to_string()).or_insert(Part {
                counted: 0,
                credit: Fraction::ZERO,
            });
            part.counted += 1;
            match (q.credit.checked_add(c), part.credit.checked_add(c)) {
                (Some(total), Some(g)) => {
                    q.credit = total;
                    part.credit = g;
                }
                _ => return Err(vec![overflow(def)]),
            }
        }
    }
    let unit = list.first().and_then(|a| a.unit.as_deref().map(str::to_string));
    let first = list.first().map(|a| a.at.location());
    for (q, question) in qs.iter_mut().zip(&def.questions) {
        if q.counted == 0 {
            let (id, sid, blank, dk) = (question.id.clone(), def.id.clone(), q.blank, q.dont_know);
            let d = Diagnostic::error(
                Code::InvalidAnswer,
                msg!(
                    "câu {id} của khảo sát `{sid}` không có câu trả lời nào được tính ({blank} trống, {dk} \"không biết\" bị bỏ ra)",
                    "question {id} of the survey `{sid}` has no counted answer ({blank} blank, {dk} \"không biết\" left out)"
                ),
            )
            .help(msg!(
                "thêm câu trả lời cho câu {id}, hoặc khai báo `blank = \"zero\"` / `dont_know = \"zero\"` để tính chúng bằng 0",
                "add answers to question {id}, or declare `blank = \"zero\"` / `dont_know = \"zero\"` to count them as 0"
            ));
            diags.push(match &first {
                Some(at) => d.at(Location::file_only(at.file.clone())),
                None => d,
            });
            continue;
        }
        // One question's points always fit: its denominator divides counted × 10^scale.
        match q
            .credit
            .checked_div(count(q.counted))
            .and_then(|m| m.checked_mul(frac(question.points)))
        {
            Some(p) => q.points = p,
            None => return Err(vec![overflow(def)]),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let terms: Vec<Fraction> = qs.iter().map(|q| q.points).collect();
    let exact = terms.iter().try_fold(Fraction::ZERO, |acc, t| acc.checked_add(*t));
    let points = match exact {
        Some(e) => e.round(def.rounding).map(|r| r.0),
        None => certified(&terms, def.rounding),
    };
    let Some(points) = points else {
        return Err(vec![overflow(def)]);
    };
    let groups = groups(def, &qs, &respondents);
    let reason = reason(def, respondents.len() as u64, exact, &terms, points);
    Ok(SurveyTally {
        survey: s,
        unit,
        respondents: respondents.len() as u64,
        questions: qs,
        exact,
        points,
        groups,
        reason,
        file: list.first().map_or_else(|| "".into(), |a| a.at.file.clone()),
    })
}

/// The criterion's points rounded once, when the exact sum of the questions' fractions does not
/// fit in 128 bits (many questions with different counts): each term is cut to 20 places, so
/// the sum lies in [cut, cut + n × 10⁻²⁰]; rounding is monotone, so when both ends round alike
/// that is the exact sum's rounding. Otherwise `None` (reported, never guessed).
pub(crate) fn certified(terms: &[Fraction], rounding: Rounding) -> Option<Decimal> {
    let cut = Rounding {
        places: 20,
        strategy: RoundingStrategy::Down,
    };
    let mut low = Decimal::ZERO;
    let mut inexact = 0i64;
    for t in terms {
        let (d, exact) = t.round(cut)?;
        low = low.checked_add(d)?;
        inexact += i64::from(!exact);
    }
    let high = low.checked_add(Decimal::new(inexact, 20))?;
    let (a, b) = (rounding.apply(low), rounding.apply(high));
    (a == b).then_some(a)
}

/// Σ of fractions, exact when it fits, else to 12 places; then to 10 places.
fn sum10(parts: &[Fraction]) -> Decimal {
    match parts.iter().try_fold(Fraction::ZERO, |acc, t| acc.checked_add(*t)) {
        Some(f) => approx(f, 10),
        None => parts.iter().map(|p| approx(*p, 12)).sum::<Decimal>().round_dp(10).normalize(),
    }
}

fn groups(def: &SurveyDef, qs: &[QuestionTally], respondents: &BTreeMap<u32, Arc<str>>) -> Vec<GroupTally> {
    let mut names: BTreeMap<String, u64> = BTreeMap::new();
    for g in respondents.values() {
        *names.entry(g.to_string()).or_default() += 1;
    }
    let mut out = Vec::new();
    for (name, n) in names {
        let (mut lost, mut got) = (Vec::new(), Vec::new());
        let mut of = Decimal::ZERO;
        for (q, question) in qs.iter().zip(&def.questions) {
            let Some(part) = q.groups.get(&name).filter(|p| p.counted > 0) else {
                continue;
            };
            let points = frac(question.points);
            let term = |num: Fraction, den: u64| num.checked_div(count(den)).and_then(|f| f.checked_mul(points));
            if let Some(t) = count(part.counted).checked_sub(part.credit).and_then(|m| term(m, q.counted)) {
                lost.push(t);
            }
            if let Some(t) = term(part.credit, part.counted) {
                got.push(t);
            }
            of += question.points;
        }
        let score = (!of.is_zero()).then(|| {
            let got = sum10(&got);
            got.checked_div(of).map_or(Decimal::ZERO, |d| d.round_dp(10).normalize())
        });
        out.push(GroupTally {
            name,
            respondents: n,
            score,
            lost: sum10(&lost),
        });
    }
    out.sort_by(|a, b| b.lost.cmp(&a.lost).then_with(|| a.name.cmp(&b.name)));
    out
}

/// "32 phiếu: trung bình 81,25% × 10 = 8,125" and its English twin, with the rounding.
fn reason(def: &SurveyDef, respondents: u64, exact: Option<Fraction>, terms: &[Fraction], points: Decimal) -> Text {
    let exact_is_points = exact == Some(frac(points));
    let near = || terms.iter().map(|t| approx(*t, 12)).sum::<Decimal>();
    let text = |lang: Lang| {
        let what = match (def.aggregation, lang) {
            (Aggregation::MeanWeight, Lang::Vi) => "trung bình",
            (Aggregation::MeanWeight, Lang::En) => "mean",
            (Aggregation::ShareSatisfied, Lang::Vi) => "hài lòng",
            (Aggregation::ShareSatisfied, Lang::En) => "satisfied",
        };
        let who = match lang {
            Lang::Vi => format!("{respondents} phiếu"),
            Lang::En if respondents == 1 => "1 respondent".to_string(),
            Lang::En => format!("{respondents} respondents"),
        };
        let share = match exact.and_then(|e| e.checked_div(frac(def.max))) {
            Some(s) => percent(s, lang),
            None => {
                let p = near().checked_div(def.max).unwrap_or_default() * Decimal::ONE_HUNDRED;
                format!("≈ {}%", show(p.round_dp(4).normalize(), lang))
            }
        };
        let result = if exact_is_points {
            format!("= {}", show(points, lang))
        } else {
            let approx = match exact {
                Some(e) => approx(e, def.rounding.places + 3),
                None => near().round_dp(def.rounding.places + 3).normalize(),
            };
            let approx = show(approx, lang);
            match lang {
                Lang::Vi => format!("≈ {approx}, làm tròn {}", show(points, lang)),
                Lang::En => format!("≈ {approx}, rounded to {}", show(points, lang)),
            }
        };
        format!("{who}: {what} {share} × {} {result}", show(def.max, lang))
    };
    Text::new(text(Lang::Vi), text(Lang::En))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(n: i128, d: i128) -> Fraction {
        Fraction::new(n, d).unwrap()
    }

    fn places(places: u32, strategy: RoundingStrategy) -> Rounding {
        Rounding { places, strategy }
    }

    #[test]
    fn certified_rounding_is_given_only_when_both_bounds_agree() {
        // 1/3 + 2/3 = 1 exactly; cut at 20 places the sum is 0.999…9 and the bound 1.000…01.
        let terms = [f(1, 3), f(2, 3)];
        assert_eq!(certified(&terms, places(3, RoundingStrategy::HalfUp)), Some(Decimal::ONE));
        // Rounding down, 0.999…9 and 1.000…01 round apart: refused, never guessed.
        assert_eq!(certified(&terms, places(3, RoundingStrategy::Down)), None);
        // Terms that end are exact: 1/4 + 1/8 = 0.375, a midpoint at 2 places.
        let exact = [f(1, 4), f(1, 8)];
        assert_eq!(
            certified(&exact, places(2, RoundingStrategy::HalfUp)),
            Some("0.38".parse().unwrap())
        );
        assert_eq!(
            certified(&exact, places(2, RoundingStrategy::HalfEven)),
            Some("0.38".parse().unwrap())
        );
        assert_eq!(certified(&exact, places(2, RoundingStrategy::Down)), Some("0.37".parse().unwrap()));
        assert_eq!(certified(&[], places(3, RoundingStrategy::Down)), Some(Decimal::ZERO));
    }

    #[test]
    fn percentages_say_when_they_are_cut() {
        assert_eq!(percent(f(13, 16), Lang::Vi), "81,25%");
        assert_eq!(percent(f(1, 3), Lang::En), "≈ 33.3333%");
        assert_eq!(percent(f(2, 3), Lang::En), "≈ 66.6667%");
        assert_eq!(percent_of("0.784".parse().unwrap(), Lang::Vi), "78,4%");
        assert_eq!(percent_of("0.123456".parse().unwrap(), Lang::En), "12.3456%");
        assert_eq!(percent_of("0.1234567".parse().unwrap(), Lang::En), "≈ 12.3457%");
    }
}
