//! Scoring rules: one file per rule shape seen in real criteria sets. Each file owns the
//! rule's validated type, how it is built from the criteria file (`build`), and how it
//! turns a criterion's evidence rows into points and a reason in both languages
//! (`evaluate`). The scorer applies rounding afterwards.
//!
//! | kind | file | evidence value |
//! |---|---|---|
//! | `binary` | `binary.rs` | yes / no |
//! | `deadline` | `deadline.rs` | date issued, or on time / late / missing |
//! | `tiers` | `tiers.rs` | ratio, count or number |
//! | `proportional` | `proportional.rs` | ratio |
//! | `formula` | `formula.rs` | one row per variable |
//! | `deductions` | `deductions.rs` | one row per item kind, with a count |
//! | `checklist` | `checklist.rs` | one yes/no row per item |
//! | `count` | `count.rs` | count(s) |
//! | `level` | `level.rs` | level name |
//! | `manual` | `manual.rs` | points, with a note |
//! | `survey` | `survey.rs` | survey result |
//!
//! `fraction.rs` holds the exact fractions formula rules are evaluated in.

pub mod binary;
pub mod checklist;
pub mod count;
pub mod deadline;
pub mod deductions;
pub mod formula;
pub mod fraction;
pub mod level;
pub mod manual;
pub mod proportional;
pub mod survey;
pub mod tiers;

use rust_decimal::Decimal;

use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::{RawLabel, RawRule};
use crate::diag::{Code, Diagnostic};
use crate::evidence::Row;
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, Rounding, show};
use crate::text::{nearest, nfc};

/// A text in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    fn from_raw(raw: Option<&RawLabel>, vi: &str, en: &str) -> Text {
        raw.map_or_else(|| Text::new(vi, en), |l| Text::new(nfc(&l.vi), nfc(&l.en)))
    }
}

/// A leaf's validated rule.
#[derive(Debug, Clone)]
pub enum Rule {
    Binary(binary::Binary),
    Deadline(deadline::Deadline),
    Tiers(tiers::Tiers),
    Proportional(proportional::Proportional),
    Formula(formula::Formula),
    Deductions(deductions::Deductions),
    Checklist(checklist::Checklist),
    Count(count::Count),
    Level(level::Levels),
    Manual(manual::Manual),
    Survey(survey::Survey),
}

/// Every rule kind with the optional fields it accepts.
pub const KINDS: [(&str, &[&str]); 11] = [
    ("binary", &["measure"]),
    (
        "deadline",
        &["measure", "due", "on_time", "late", "late_per_day", "missing", "floor"],
    ),
    ("tiers", &["measure", "on", "tiers"]),
    ("proportional", &["measure", "floor", "target", "below_floor"]),
    ("formula", &["measure", "expr", "variables", "when_undefined", "floor"]),
    ("deductions", &["measure", "items", "floor"]),
    ("checklist", &["measure", "items", "cap"]),
    ("count", &["measure", "per_item", "cap"]),
    ("level", &["measure", "levels"]),
    ("manual", &["floor"]),
    ("survey", &["measure", "scale"]),
];

/// What a rule produced before rounding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub points: Decimal,
    pub reason: Text,
}

/// Writes into `key` everything the leaf scorer (`score::unit::leaf`) and the rules read
/// from one evidence row when they succeed: the value as text, the item, whether the value
/// was a spreadsheet number, whether a document is given, and whether the note and the
/// explanation are absent, blank or written. The row's location and criterion cell only
/// ever reach error messages. Rows whose keys are equal score the same under the same
/// leaf, so batch ranking keeps leaf results by these keys: **a rule that comes to read
/// another field of a row must add it here**. The value and the item each come after their
/// length as one byte, so keys split one way only; `None`: a text of 255 bytes or more,
/// not keyed (the caller scores the leaf without keeping it).
pub(crate) fn push_scoring_key(row: &Row, key: &mut Vec<u8>) -> Option<()> {
    /// In place of an item's length: no item.
    const NO_ITEM: u8 = 255;
    fn text(key: &mut Vec<u8>, t: &str) -> Option<()> {
        key.push(u8::try_from(t.len()).ok().filter(|&n| n < NO_ITEM)?);
        key.extend_from_slice(t.as_bytes());
        Some(())
    }
    fn presence(t: &Option<String>) -> u8 {
        match t {
            None => 0,
            Some(t) if t.trim().is_empty() => 1,
            Some(_) => 2,
        }
    }
    text(key, &row.value)?;
    match &row.item {
        None => key.push(NO_ITEM),
        Some(item) => text(key, item)?,
    }
    key.push(
        u8::from(row.value_is_number) | u8::from(row.document.is_some()) << 1 | presence(&row.note) << 2 | presence(&row.explanation) << 4,
    );
    Some(())
}

/// The evidence a rule sees: the rows of one criterion in the selected stage, none of them
/// "not applicable" (the scorer handles that before calling the rule).
pub struct Input<'a> {
    pub code: &'a CriterionCode,
    pub max: Decimal,
    pub rows: &'a [&'a Row],
    /// Build the reason text. Batch ranking only needs the points and skips it.
    pub explain: bool,
}

impl<'a> Input<'a> {
    /// The one row of a single-value rule.
    pub fn single(&self) -> Result<&'a Row, Vec<Diagnostic>> {
        match self.rows {
            [row] => Ok(row),
            [] => Err(vec![Diagnostic::error(
                Code::InvalidValue,
                msg!(
                    "tiêu chí {} không có dòng số liệu kiểm chứng nào",
                    "criterion {} has no evidence row",
                    self.code
                ),
            )]),
            [first, rest @ ..] => Err(rest
                .iter()
                .map(|r| {
                    r.invalid(
                        msg!(
                            "tiêu chí {} chỉ nhận một giá trị, nhưng {} cũng đã ghi một giá trị (`{}`)",
                            "criterion {} takes one value, but {} also gives one (`{}`)",
                            self.code,
                            first.position(),
                            first.value
                        ),
                        msg!(
                            "chỉ giữ một dòng cho tiêu chí này (cột `item` chỉ dùng cho quy tắc công thức, trừ điểm, danh mục và đếm số lượng)",
                            "keep one row for this criterion (the `item` column is only for formula, deduction, checklist and count rules)"
                        ),
                    )
                })
                .collect()),
        }
    }
}

/// `"0,5/1 điểm"` / `"0.5 of 1"`: points awarded out of the maximum.
pub fn of_max(points: Decimal, max: Decimal) -> Text {
    Text::new(
        format!("{}/{} điểm", show(points, Lang::Vi), show(max, Lang::Vi)),
        format!("{} of {}", show(points, Lang::En), show(max, Lang::En)),
    )
}

/// Load-time check that a rule parameter which becomes points lies in the leaf's range,
/// `floor ..= max`. A parameter above the maximum would let a leaf award more than it is
/// worth (an index above 100 %), one below the rule's floor would be silently raised to it;
/// both are `points-above-max` errors at the parameter. The bounds themselves are accepted.
/// `key` is the parameter's TOML key, quoted as is in both languages. Returns whether the
/// value is in range.
pub(crate) fn check_range(
    cx: &mut Ctx,
    code: &CriterionCode,
    span: std::ops::Range<usize>,
    key: &str,
    value: Decimal,
    floor: Decimal,
    max: Decimal,
) -> bool {
    if value > max {
        let (vi_value, vi_max) = (show(value, Lang::Vi), show(max, Lang::Vi));
        cx.error(
            Code::PointsAboveMax,
            span,
            Msg::new(
                format!("{code}: {key} cho {vi_value} điểm, vượt điểm tối đa {vi_max}"),
                format!(
                    "{code}: {key} gives {} points, above the maximum {}",
                    show(value, Lang::En),
                    show(max, Lang::En)
                ),
            ),
            msg!(
                "{key} không được vượt điểm tối đa của nút; hãy giảm giá trị này, hoặc tăng điểm tối đa của nút (và của các nút cha)",
                "{key} must not exceed the node's max; lower it, or raise the node's max (and its parents')"
            ),
        );
        false
    } else if value < floor {
        let (vi_value, vi_floor) = (show(value, Lang::Vi), show(floor, Lang::Vi));
        cx.error(
            Code::PointsAboveMax,
            span,
            Msg::new(
                format!("{code}: {key} cho {vi_value} điểm, thấp hơn mức sàn {vi_floor}"),
                format!(
                    "{code}: {key} gives {} points, below the floor {}",
                    show(value, Lang::En),
                    show(floor, Lang::En)
                ),
            ),
            msg!(
                "{key} không được thấp hơn mức sàn của quy tắc; hãy tăng giá trị này, hoặc giảm `floor`",
                "{key} must not be below the rule's floor; raise it, or lower `floor`"
            ),
        );
        false
    } else {
        true
    }
}

/// Builds a rule from the criteria file, checking that the kind exists and that only the
/// fields it uses are present. `max` is the node's maximum, `rounding` the leaf's rounding
/// (a formula rounds its exact result once, itself).
pub fn build(raw: &RawRule, max: Decimal, rounding: Rounding, code: &CriterionCode, cx: &mut Ctx) -> Option<Rule> {
    let kind = raw.kind.get_ref().trim();
    let Some((_, allowed)) = KINDS.iter().find(|(k, _)| *k == kind) else {
        let names: Vec<&str> = KINDS.iter().map(|k| k.0).collect();
        let all = names.join(", ");
        let help = match nearest(kind, names.iter().copied()) {
            Some(s) => msg!("có phải là `{s}`? (các loại quy tắc: {all})", "did you mean `{s}`? (kinds: {all})"),
            None => msg!("các loại quy tắc: {all}", "kinds: {all}"),
        };
        cx.error(
            Code::InvalidRule,
            raw.kind.span(),
            msg!("{code}: loại quy tắc `{kind}` không xác định", "{code}: unknown rule kind `{kind}`"),
            help,
        );
        return None;
    };
    let mut ok = true;
    for field in raw.present() {
        if !allowed.contains(&field) {
            ok = false;
            cx.error(
                Code::InvalidRule,
                raw.kind.span(),
                msg!(
                    "{code}: quy tắc loại `{kind}` không dùng khóa `{field}`",
                    "{code}: field `{field}` is not used by rule kind `{kind}`"
                ),
                msg!(
                    "bỏ `{field}`; `{kind}` dùng các khóa: {}",
                    "remove `{field}`; `{kind}` uses: {}",
                    allowed.join(", ")
                ),
            );
        }
    }
    let rule = match kind {
        "binary" => Some(Rule::Binary(binary::Binary::build(raw))),
        "deadline" => deadline::Deadline::build(raw, max, code, cx).map(Rule::Deadline),
        "tiers" => tiers::Tiers::build(raw, max, code, cx).map(Rule::Tiers),
        "proportional" => proportional::Proportional::build(raw, max, code, cx).map(Rule::Proportional),
        "formula" => formula::Formula::build(raw, max, rounding, code, cx).map(Rule::Formula),
        "deductions" => deductions::Deductions::build(raw, max, code, cx).map(Rule::Deductions),
        "checklist" => checklist::Checklist::build(raw, max, code, cx).map(Rule::Checklist),
        "count" => count::Count::build(raw, max, code, cx).map(Rule::Count),
        "level" => level::Levels::build(raw, code, cx).map(Rule::Level),
        "manual" => manual::Manual::build(raw, max, code, cx).map(Rule::Manual),
        "survey" => survey::Survey::build(raw, code, cx).map(Rule::Survey),
        _ => None,
    };
    if ok { rule } else { None }
}

impl Rule {
    /// What an evidence `item` cell names, as one key: two cells naming the same item give the
    /// same key (a checklist item by its id or its Vietnamese or English name, any case, NFC or
    /// NFD; other items by their id in any case). Used by what-if to replace the row naming an
    /// item however it was spelled.
    pub fn item_key(&self, written: &str) -> String {
        match self {
            Rule::Checklist(c) => c
                .item_id(written)
                .map_or_else(|| crate::text::fold(written), |id| format!("\u{0}{id}")),
            _ => crate::text::fold(written),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Binary(_) => "binary",
            Rule::Deadline(_) => "deadline",
            Rule::Tiers(_) => "tiers",
            Rule::Proportional(_) => "proportional",
            Rule::Formula(_) => "formula",
            Rule::Deductions(_) => "deductions",
            Rule::Checklist(_) => "checklist",
            Rule::Count(_) => "count",
            Rule::Level(_) => "level",
            Rule::Manual(_) => "manual",
            Rule::Survey(_) => "survey",
        }
    }

    /// Scores one criterion's evidence.
    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        match self {
            Rule::Binary(r) => r.evaluate(input),
            Rule::Deadline(r) => r.evaluate(input),
            Rule::Tiers(r) => r.evaluate(input),
            Rule::Proportional(r) => r.evaluate(input),
            Rule::Formula(r) => r.evaluate(input),
            Rule::Deductions(r) => r.evaluate(input),
            Rule::Checklist(r) => r.evaluate(input),
            Rule::Count(r) => r.evaluate(input),
            Rule::Level(r) => r.evaluate(input),
            Rule::Manual(r) => r.evaluate(input),
            Rule::Survey(r) => r.evaluate(input),
        }
    }

    /// What the evidence value should look like, with an example (for help texts).
    pub fn value_hint(&self) -> Text {
        match self {
            Rule::Binary(_) => Text::new("có/không", "yes/no"),
            Rule::Deadline(d) if d.due.is_none() => Text::new("đúng hạn / chậm / không ban hành", "on time / late / not issued"),
            Rule::Deadline(_) => Text::new(
                "ngày ban hành dd/mm/yyyy, hoặc \"không ban hành\"",
                "date issued dd/mm/yyyy, or \"missing\"",
            ),
            Rule::Tiers(t) => t.value_hint(),
            Rule::Proportional(_) => Text::new("tỷ lệ (%) hoặc phân số", "ratio (%) or fraction"),
            Rule::Formula(_) => Text::new("một dòng cho mỗi biến (cột item)", "one row per variable (item column)"),
            Rule::Deductions(_) => Text::new(
                "một dòng cho mỗi loại vi phạm, giá trị là số lần",
                "one row per item kind, value = count",
            ),
            Rule::Checklist(_) => Text::new("một dòng cho mỗi mục, giá trị là có/không", "one row per item, value = yes/no"),
            Rule::Count(_) => Text::new("số lượng", "count"),
            Rule::Level(_) => Text::new("mức đánh giá", "level name"),
            Rule::Manual(_) => Text::new("số điểm, kèm ghi chú lý do", "points, with a note giving the reason"),
            Rule::Survey(_) => Text::new("kết quả điều tra", "survey result"),
        }
    }
}

/// A rule's `floor` (else `default`). A floor above the node's maximum is a
/// `points-above-max` error, and gives `None` like an invalid number.
pub(crate) fn floor(raw: &RawRule, default: Decimal, max: Decimal, code: &CriterionCode, cx: &mut Ctx) -> Option<Decimal> {
    let floor = match &raw.floor {
        Some(l) => cx.number(l, &Msg::same("floor"))?,
        None => default,
    };
    if floor > max {
        cx.error(
            Code::PointsAboveMax,
            raw.floor.as_ref().map_or(raw.kind.span(), |l| l.span()),
            Msg::by(|l| match l {
                Lang::Vi => format!("{code}: mức sàn {} cao hơn điểm tối đa {}", show(floor, l), show(max, l)),
                Lang::En => format!(
                    "{code}: floor {} is above the maximum {}",
                    show(floor, Lang::En),
                    show(max, Lang::En)
                ),
            }),
            msg!(
                "mức sàn không được vượt điểm tối đa của nút",
                "the floor must not exceed the node's max"
            ),
        );
        return None;
    }
    Some(floor)
}

/// Parses a row's value as a ratio. A spreadsheet percentage cell stores 83.3% as the
/// number 0.833, so a number from a spreadsheet between 0 and 1 is that fraction; a larger
/// spreadsheet number is refused rather than guessed.
pub(crate) fn row_ratio(row: &Row) -> Result<crate::number::Ratio, Vec<Diagnostic>> {
    if row.value_is_number
        && let Ok(d) = crate::number::parse_decimal(&row.value)
    {
        if (Decimal::ZERO..=Decimal::ONE).contains(&d) {
            return Ok(crate::number::Ratio::from_decimal(d));
        }
        return Err(vec![row.invalid(
            msg!(
                "{}: ô chứa số {}, không phải tỷ lệ phần trăm",
                "{}: the cell holds the number {}, not a percentage",
                row.target,
                row.value
            ),
            msg!(
                "định dạng ô là tỷ lệ phần trăm (95%) hoặc gõ giá trị dạng \"95%\"",
                "format the cell as a percentage (95%) or type the value as \"95%\""
            ),
        )]);
    }
    crate::value::parse_ratio(&row.value).map_err(|m| vec![row.invalid(at_target(row, &m), crate::value::RATIO_HELP)])
}

/// Parses a row's value as a number, or reports it at the value cell with `help` (built only
/// then: a message is two strings, and rows are many).
pub(crate) fn row_number(
    row: &Row,
    parse: fn(&str) -> Result<Decimal, Msg>,
    help: impl FnOnce() -> Msg,
) -> Result<Decimal, Vec<Diagnostic>> {
    parse(&row.value).map_err(|msg| vec![row.invalid(at_target(row, &msg), help())])
}

/// `target: why` for a value parser's error on a row, in both languages.
pub(crate) fn at_target(row: &Row, why: &Msg) -> Msg {
    Msg::by(|l| format!("{}: {}", row.target, why.get(l)))
}

/// Helpers for the rules' unit tests: build a rule from a TOML snippet and score rows.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::Arc;

    use rust_decimal::Decimal;

    use super::{Input, Outcome, Rule, build};
    use crate::criteria::Ctx;
    use crate::criteria::raw::RawRule;
    use crate::diag::{Diagnostic, Severity, SourceFile};
    use crate::evidence::{Columns, Row};
    use crate::number::{Rounding, RoundingStrategy};

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    pub fn build_all(body: &str, max: &str) -> (Option<Rule>, Vec<Diagnostic>) {
        let rounding = Rounding {
            places: 3,
            strategy: RoundingStrategy::HalfUp,
        };
        build_rounded(body, max, rounding)
    }

    fn build_rounded(body: &str, max: &str, rounding: Rounding) -> (Option<Rule>, Vec<Diagnostic>) {
        let src = SourceFile::new("test.toml", body);
        let raw: RawRule = toml::from_str(body).expect("rule TOML");
        let mut cx = Ctx::new(&src);
        let rule = build(&raw, dec(max), rounding, &"9.9".parse().unwrap(), &mut cx);
        (rule, cx.diags)
    }

    pub fn rule(body: &str, max: &str) -> Rule {
        let (rule, diags) = build_all(body, max);
        assert!(diags.iter().all(|d| d.severity == Severity::Warning), "{diags:#?}");
        rule.expect("rule")
    }

    /// Like [`rule`], on a leaf with the given rounding (the default is 3 places, half-up).
    pub fn rule_rounded(body: &str, max: &str, rounding: Rounding) -> Rule {
        let (rule, diags) = build_rounded(body, max, rounding);
        assert!(diags.iter().all(|d| d.severity == Severity::Warning), "{diags:#?}");
        rule.expect("rule")
    }

    pub fn build_errors(body: &str, max: &str) -> Vec<Diagnostic> {
        build_all(body, max)
            .1
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }

    pub fn build_warnings(body: &str, max: &str) -> Vec<Diagnostic> {
        build_all(body, max)
            .1
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect()
    }

    pub fn row(item: &str, value: &str, note: Option<&str>) -> Row {
        let columns = Columns {
            present: vec![
                ("criterion", "criterion".into(), 0),
                ("item", "item".into(), 1),
                ("value", "value".into(), 2),
                ("note", "note".into(), 3),
            ],
            delimiter: b',',
            ..Columns::default()
        };
        Row {
            file: "test.csv".into(),
            line: 2,
            line_text: format!("9.9,{item},{value},{}", note.unwrap_or("")).into(),
            columns: Arc::new(columns),
            target: "9.9".into(),
            code: "9.9".parse().ok(),
            item: (!item.is_empty()).then(|| item.to_string()),
            value: value.into(),
            agencies: Vec::new(),
            document: None,
            note: note.map(str::to_string),
            explanation: None,
            round: crate::round::Round::default(),
            round_text: None,
            unit: None,
            year: None,
            spreadsheet: false,
            value_is_number: false,
        }
    }

    fn run(rule: &Rule, max: &str, rows: Vec<Row>) -> Result<Outcome, Vec<Diagnostic>> {
        let refs: Vec<&Row> = rows.iter().collect();
        let code = "9.9".parse().unwrap();
        rule.evaluate(&Input {
            explain: true,
            code: &code,
            max: dec(max),
            rows: &refs,
        })
    }

    pub fn eval(rule: &Rule, max: &str, rows: &[(&str, &str)]) -> Result<Outcome, Vec<Diagnostic>> {
        run(rule, max, rows.iter().map(|(i, v)| row(i, v, None)).collect())
    }

    pub fn eval_noted(rule: &Rule, max: &str, value: &str, note: &str) -> Result<Outcome, Vec<Diagnostic>> {
        run(rule, max, vec![row("", value, Some(note))])
    }

    pub fn points(rule: &Rule, max: &str, rows: &[(&str, &str)]) -> String {
        crate::number::plain(eval(rule, max, rows).expect("evaluates").points)
    }
}

/// The Vietnamese texts of the diagnostics rules raise while building and scoring.
#[cfg(test)]
mod vietnamese {
    use super::testing::{build_errors, build_warnings, eval, eval_noted, rule};
    use crate::diag::{Code, Diagnostic};

    /// The code, Vietnamese message and Vietnamese help of the first diagnostic.
    fn first(d: &[Diagnostic]) -> (Code, &str, &str) {
        let d = &d[0];
        (d.code, d.message.vi(), d.help.as_ref().map_or("", |h| h.vi()))
    }

    #[test]
    fn building_rules() {
        let e = build_errors("kind = \"binry\"", "1");
        assert_eq!(
            first(&e),
            (
                Code::InvalidRule,
                "9.9: loại quy tắc `binry` không xác định",
                "có phải là `binary`? (các loại quy tắc: binary, deadline, tiers, proportional, formula, deductions, checklist, count, level, manual, survey)"
            )
        );
        let e = build_errors("kind = \"binary\"\ncap = 1", "1");
        assert_eq!(
            first(&e),
            (
                Code::InvalidRule,
                "9.9: quy tắc loại `binary` không dùng khóa `cap`",
                "bỏ `cap`; `binary` dùng các khóa: measure"
            )
        );
        let e = build_errors("kind = \"count\"\nper_item = 1.5", "1");
        assert_eq!(
            first(&e),
            (
                Code::PointsAboveMax,
                "9.9: per_item cho 1,5 điểm, vượt điểm tối đa 1",
                "per_item không được vượt điểm tối đa của nút; hãy giảm giá trị này, hoặc tăng điểm tối đa của nút (và của các nút cha)"
            )
        );
        assert_eq!(e[0].message.en(), "9.9: per_item gives 1.5 points, above the maximum 1");
        let e = build_errors("kind = \"deadline\"\ndue = \"25/12/2021\"\nfloor = 3\nmissing = 3", "2");
        assert_eq!(first(&e).1, "9.9: mức sàn 3 cao hơn điểm tối đa 2");
        let e = build_errors("kind = \"deadline\"\ndue = \"25/12/2021\"\nmissing = -1\nfloor = -0.5", "2");
        assert_eq!(
            first(&e).1,
            "9.9: điểm khi không ban hành (`missing` = \u{2212}1) thấp hơn mức sàn (\u{2212}0,5)"
        );
        assert_eq!(e[0].message.en(), "9.9: missing (\u{2212}1) is below the floor (\u{2212}0.5)");
        let e = build_errors("kind = \"proportional\"\nfloor = \"60,5%\"\ntarget = \"50%\"", "1");
        assert_eq!(first(&e).1, "9.9: ngưỡng 60,5% cao hơn mục tiêu 50%");
        let e = build_errors("kind = \"deductions\"\nitems = [{ id = \"x\", points = 1.5 }]", "1");
        assert_eq!(
            first(&e).1,
            "9.9: mục `x` trừ 1,5 điểm, nhiều hơn khoảng từ điểm tối đa 1 xuống mức sàn 0"
        );
        let e = build_errors(
            "kind = \"level\"\nlevels = [{ vi = \"Tốt\", share = \"75%\" }, { vi = \"tốt\", share = 1 }]",
            "1",
        );
        assert_eq!(first(&e).1, "9.9: mức `tốt` được liệt kê hai lần");
        let e = build_errors("kind = \"survey\"\nscale = 0", "1");
        assert_eq!(first(&e).1, "9.9: thang điểm điều tra (`scale`) bằng 0");
        let e = build_errors("kind = \"count\"\nper_item = \"50%\"", "1");
        assert_eq!(
            first(&e),
            (
                Code::InvalidNumber,
                "per_item: `50%` là tỷ lệ phần trăm; per_item cần số điểm",
                "ghi một số chính xác như 2.5 (hoặc \"2,5\")"
            )
        );
    }

    #[test]
    fn building_tiers() {
        let tiers = |t: &str| build_errors(&format!("kind = \"tiers\"\ntiers = [{t}]"), "2");
        let e = tiers(r#"{ when = "[80%, 100%]", points = 2 }, { when = "[0%; 80,5%]", points = 1 }"#);
        assert_eq!(
            first(&e),
            (
                Code::TierOverlap,
                "9.9: mức 0–80,5% và mức 80–100% chồng lên nhau",
                "để một cận là cận mở: \"[70%, 80%)\" rồi \"[80%, 90%)\""
            )
        );
        assert_eq!(e[0].message.en(), "9.9: tiers 0–80.5% and 80–100% overlap");
        let e = tiers(r#"{ when = "[80%, 100%]", points = 2 }, { when = "[0%; 70,5%)", points = 1 }"#);
        assert_eq!(
            first(&e).1,
            "9.9: không mức nào chứa các giá trị từ 70,5% nằm giữa mức 0–<70,5% và mức 80–100%"
        );
        let e = tiers(r#"{ when = "[10%, 100%]", points = 1 }"#);
        assert_eq!(first(&e).1, "9.9: không mức nào chứa các giá trị dưới mức 10–100%");
        let e = tiers(r#"{ when = "[50%, 80%)", points = 1 }, { when = "[80%, 100%]", points = 2 }, { when = "[0%, 50%)", points = 0 }"#);
        assert_eq!(
            first(&e),
            (
                Code::TierOrder,
                "9.9: các mức không theo thứ tự",
                "liệt kê các mức từ cao xuống thấp (hoặc ngược lại), không xen kẽ"
            )
        );
        let e = tiers(r#"{ when = "[80%, 70%)", points = 1 }"#);
        assert_eq!(
            first(&e),
            (
                Code::InvalidInterval,
                "9.9: `[80%, 70%)` là khoảng rỗng: cận dưới không nhỏ hơn cận trên",
                "ghi các mức dạng khoảng: \"[70%, 80%)\" là từ 70% đến dưới 80%"
            )
        );
        let e = tiers(r#"{ when = "[0%, 100%]", points = 2.5 }"#);
        assert_eq!(first(&e).1, "9.9: mức [0%, 100%] cho 2,5 điểm, vượt điểm tối đa 2");
    }

    #[test]
    fn building_formulas() {
        let e = build_errors("kind = \"formula\"\nexpr = \"a + * b\"", "1");
        assert_eq!(
            first(&e),
            (
                Code::FormulaSyntax,
                "9.9: `*` không hợp lệ ở đây",
                "công thức gồm các số, tên biến, + - * /, dấu ngoặc, min(…) và max(…)"
            )
        );
        let e = build_errors(
            "kind = \"formula\"\nexpr = \"a + bb\"\nvariables = [{ id = \"a\" }, { id = \"b\" }]",
            "1",
        );
        assert_eq!(
            first(&e),
            (
                Code::FormulaUnknownVariable,
                "9.9: biến `bb` trong công thức chưa được khai báo",
                "có phải là `b`?"
            )
        );
        let w = build_warnings("kind = \"formula\"\nexpr = \"a / b\"", "1");
        assert_eq!(
            first(&w),
            (
                Code::DivisionByZero,
                "9.9: công thức chia cho một biến có thể bằng 0",
                "thêm `when_undefined = <điểm>` để quy định số điểm khi mẫu số bằng 0"
            )
        );
    }

    #[test]
    fn scoring_evidence() {
        let binary = rule("kind = \"binary\"", "1");
        let e = eval(&binary, "1", &[("", "maybe")]).unwrap_err();
        assert_eq!(
            first(&e),
            (
                Code::InvalidValue,
                "9.9: `maybe` không phải là có/không",
                "ghi `có` hoặc `không` (cũng chấp nhận: yes/no, đạt/không đạt, 1/0)"
            )
        );
        let e = eval(&binary, "1", &[("", "có"), ("", "không")]).unwrap_err();
        assert_eq!(
            first(&e).1,
            "tiêu chí 9.9 chỉ nhận một giá trị, nhưng test.csv:2 cũng đã ghi một giá trị (`có`)"
        );
        let e = eval(&binary, "1", &[]).unwrap_err();
        assert_eq!(first(&e).1, "tiêu chí 9.9 không có dòng số liệu kiểm chứng nào");
        let ratio = rule("kind = \"proportional\"", "1");
        let e = eval(&ratio, "1", &[("", "7/5")]).unwrap_err();
        assert_eq!(
            first(&e),
            (
                Code::RatioOutOfRange,
                "9.9: tỷ lệ `7/5` không thể có: tử số lớn hơn mẫu số",
                "tỷ lệ nằm trong khoảng 0% đến 100%; hãy kiểm tra lại các số"
            )
        );
        let e = eval(&ratio, "1", &[("", "83")]).unwrap_err();
        assert_eq!(
            first(&e),
            (
                Code::InvalidValue,
                "9.9: `83` chỉ là một số; tỷ lệ cần có dấu `%` hoặc viết dạng phân số",
                "ghi tỷ lệ phần trăm như `83,3%` hoặc `83.3%`, hoặc phân số như `5/6`"
            )
        );
        let manual = rule("kind = \"manual\"", "0.5");
        let e = eval_noted(&manual, "0.5", "0.75", "x").unwrap_err();
        assert_eq!(first(&e).0, Code::ValueAboveMax);
        assert_eq!(first(&e).1, "9.9: 0,75 điểm nằm ngoài khoảng 0–0,5");
        let e = eval(&manual, "0.5", &[("", "0,25")]).unwrap_err();
        assert_eq!(first(&e).1, "9.9: điểm chấm trực tiếp cần ghi lý do ở cột `note`");
        let survey = rule("kind = \"survey\"\nscale = 100", "8");
        let e = eval(&survey, "8", &[("", "100,5")]).unwrap_err();
        assert_eq!(first(&e).1, "9.9: kết quả điều tra 100,5 nằm ngoài khoảng 0–100");
        let formula = rule("kind = \"formula\"\nexpr = \"a / b\"", "1");
        let e = eval(&formula, "1", &[("a", "1"), ("b", "0")]).unwrap_err();
        assert_eq!(
            first(&e),
            (
                Code::DivisionByZero,
                "9.9: phép chia cho 0 trong `a / b` (a = 1, b = 0): `b` bằng 0",
                "kiểm tra lại các giá trị, hoặc thêm `when_undefined = <điểm>` vào quy tắc"
            )
        );
        let e = eval(&formula, "1", &[("c", "1")]).unwrap_err();
        assert_eq!(first(&e).1, "9.9: biến `c` không có trong công thức");
        assert_eq!(first(&e).2, "có phải là `a`? các biến: a, b");
        let deadline = rule("kind = \"deadline\"\ndue = \"25/12/2021\"", "1");
        let e = eval(&deadline, "1", &[("", "26/12/2021")]).unwrap_err();
        assert_eq!(first(&e).1, "9.9: quy tắc không quy định điểm cho văn bản ban hành chậm");
        let tiers = rule("kind = \"tiers\"\non = \"number\"\ntiers = [{ when = \">= 0\", points = 1 }]", "1");
        let e = eval(&tiers, "1", &[("", "-3")]).unwrap_err();
        assert_eq!(first(&e).1, "9.9: `-3` không thuộc mức nào");
        let tiers = rule("kind = \"tiers\"\non = \"count\"\ntiers = [{ when = \">= 0\", points = 1 }]", "1");
        let e = eval(&tiers, "1", &[("", "2.5")]).unwrap_err();
        assert_eq!(first(&e).1, "9.9: `2.5` không phải là số nguyên");
    }
}

/// The key batch ranking keeps leaf results by: what a rule reads changes it, nothing else
/// does, and it splits one way only.
#[cfg(test)]
mod scoring_key {
    use super::push_scoring_key;
    use super::testing::row;
    use crate::evidence::Row;

    fn key(rows: &[Row]) -> Vec<u8> {
        let mut key = Vec::new();
        for r in rows {
            push_scoring_key(r, &mut key).unwrap();
        }
        key
    }

    #[test]
    fn what_a_rule_reads_changes_the_key() {
        let base = row("a", "12", Some("ghi chú"));
        let k = key(std::slice::from_ref(&base));
        let changed: Vec<(&str, Row)> = vec![
            (
                "value",
                Row {
                    value: "13".into(),
                    ..base.clone()
                },
            ),
            (
                "item",
                Row {
                    item: Some("b".into()),
                    ..base.clone()
                },
            ),
            (
                "no item",
                Row {
                    item: None,
                    ..base.clone()
                },
            ),
            (
                "empty item",
                Row {
                    item: Some(String::new()),
                    ..base.clone()
                },
            ),
            (
                "spreadsheet number",
                Row {
                    value_is_number: true,
                    ..base.clone()
                },
            ),
            (
                "document",
                Row {
                    document: Some("Báo cáo".into()),
                    ..base.clone()
                },
            ),
            (
                "no note",
                Row {
                    note: None,
                    ..base.clone()
                },
            ),
            (
                "blank note",
                Row {
                    note: Some(" ".into()),
                    ..base.clone()
                },
            ),
            (
                "explanation",
                Row {
                    explanation: Some("giải trình".into()),
                    ..base.clone()
                },
            ),
            (
                "blank explanation",
                Row {
                    explanation: Some("\u{3000}".into()),
                    ..base.clone()
                },
            ),
        ];
        let mut seen = std::collections::BTreeMap::new();
        seen.insert(k.clone(), "base");
        for (what, r) in &changed {
            let other = key(std::slice::from_ref(r));
            assert_ne!(other, k, "{what}");
            assert_eq!(seen.insert(other, *what), None, "{what} keys like another change");
        }
    }

    #[test]
    fn what_only_messages_read_leaves_the_key_alone() {
        let base = row("a", "12", Some("ghi chú"));
        let k = key(std::slice::from_ref(&base));
        let same = [
            Row {
                target: "01.2".into(),
                code: None,
                ..base.clone()
            },
            Row {
                line: 99,
                line_text: "other".into(),
                file: "other.csv".into(),
                ..base.clone()
            },
            Row {
                agencies: vec!["vp".into()],
                unit: Some("Xã A".into()),
                year: Some(2025),
                ..base.clone()
            },
            Row {
                note: Some("another reason".into()),
                ..base.clone()
            },
        ];
        for (i, r) in same.iter().enumerate() {
            assert_eq!(key(std::slice::from_ref(r)), k, "{i}");
        }
        // Only whether a document is given counts, not its title.
        let doc = |d: &str| {
            key(&[Row {
                document: Some(d.into()),
                ..base.clone()
            }])
        };
        assert_eq!(doc("Báo cáo"), doc("another document"));
    }

    #[test]
    fn keys_split_one_way_only() {
        // Two rows `1` + `2` against one row `12`, an item against a value ending with it.
        let two = key(&[row("", "1", None), row("", "2", None)]);
        let one = key(&[row("", "12", None)]);
        assert_ne!(two, one);
        assert_ne!(key(&[row("x", "1", None)]), key(&[row("", "x1", None)]));
        // A value too long to key is not keyed (the leaf is scored each time).
        let long = row("", &"9".repeat(255), None);
        assert_eq!(push_scoring_key(&long, &mut Vec::new()), None);
        assert!(push_scoring_key(&row("", &"9".repeat(254), None), &mut Vec::new()).is_some());
        let long_item = row(&"x".repeat(255), "1", None);
        assert_eq!(push_scoring_key(&long_item, &mut Vec::new()), None);
        assert!(push_scoring_key(&row(&"x".repeat(254), "1", None), &mut Vec::new()).is_some());
    }
}
