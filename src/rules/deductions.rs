//! `deductions`: start from the maximum and deduct per item by kind (−0.25 per late report,
//! −0.5 per missing quarterly report, −1 for a missing annual report), never below `floor`
//! (0 by default). Evidence: one row per item kind, `item` = the kind's id, `value` = how
//! many; a row without `item` and value 0 (or `không`) says there was nothing to deduct.

use rust_decimal::Decimal;

use super::{Input, Outcome, Text, of_max};
use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::RawRule;
use crate::diag::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, show};
use crate::text::{fold, nearest, nfc};
use crate::value::{parse_count, parse_yes_no};

#[derive(Debug, Clone)]
pub struct DeductionItem {
    pub id: String,
    pub label: Text,
    /// Points deducted per item (positive).
    pub points: Decimal,
}

#[derive(Debug, Clone)]
pub struct Deductions {
    pub items: Vec<DeductionItem>,
    pub floor: Decimal,
}

impl Deductions {
    pub fn build(raw: &RawRule, max: Decimal, code: &CriterionCode, cx: &mut Ctx) -> Option<Deductions> {
        let Some(raw_items) = raw.items.as_ref().filter(|i| !i.is_empty()) else {
            cx.error(
                Code::InvalidRule,
                raw.kind.span(),
                msg!(
                    "{code}: quy tắc trừ điểm cần khóa `items`",
                    "{code}: a deductions rule needs `items`"
                ),
                msg!(
                    "thêm `items = [{{ id = \"late-report\", points = 0.25 }}]`",
                    "add `items = [{{ id = \"late-report\", points = 0.25 }}]`"
                ),
            );
            return None;
        };
        let mut items: Vec<DeductionItem> = Vec::new();
        let mut spans = Vec::new();
        for it in raw_items {
            let id = cx.text(&it.id);
            if let Some(min) = &it.min {
                cx.error(
                    Code::InvalidRule,
                    min.span(),
                    msg!(
                        "{code}: mục trừ điểm `{id}` không dùng khóa `min`",
                        "{code}: deduction item `{id}` does not use `min`"
                    ),
                    msg!(
                        "bỏ `min`; `min` chỉ dùng cho biến của quy tắc công thức",
                        "remove `min`; `min` is only for formula variables"
                    ),
                );
            }
            if items.iter().any(|i| fold(&i.id) == fold(&id)) {
                cx.error(
                    Code::InvalidRule,
                    it.id.span(),
                    msg!("{code}: mục `{id}` được liệt kê hai lần", "{code}: item `{id}` is listed twice"),
                    Msg::default(),
                );
                continue;
            }
            let Some(points) = it
                .points
                .as_ref()
                .and_then(|p| cx.points(p, &|| msg!("điểm của mục {id}", "points of item {id}")))
            else {
                if it.points.is_none() {
                    cx.error(
                        Code::InvalidRule,
                        it.id.span(),
                        msg!("{code}: mục `{id}` chưa có điểm", "{code}: item `{id}` has no points"),
                        msg!(
                            "thêm `points = 0.25` (số điểm trừ cho mỗi lần)",
                            "add `points = 0.25` (deducted per item)"
                        ),
                    );
                }
                continue;
            };
            let label = Text::new(
                it.vi.as_deref().map(nfc).unwrap_or_else(|| id.clone()),
                it.en.as_deref().map(nfc).unwrap_or_else(|| id.clone()),
            );
            spans.push(it.points.as_ref().map_or(it.id.span(), |l| l.span()));
            items.push(DeductionItem { id, label, points });
        }
        let floor = super::floor(raw, Decimal::ZERO, max, code, cx)?;
        // One item may take the points from the maximum down to the floor, no more: a larger
        // deduction could never be applied in full.
        for (span, item) in spans.into_iter().zip(&items).filter(|(_, i)| i.points > max - floor) {
            cx.error(
                Code::PointsAboveMax,
                span,
                Msg::by(|l| match l {
                    Lang::Vi => format!(
                        "{code}: mục `{}` trừ {} điểm, nhiều hơn khoảng từ điểm tối đa {} xuống mức sàn {}",
                        item.id,
                        show(item.points, l),
                        show(max, l),
                        show(floor, l)
                    ),
                    Lang::En => format!(
                        "{code}: item `{}` deducts {} points, more than the range from the maximum {} down to the floor {}",
                        item.id,
                        show(item.points, Lang::En),
                        show(max, Lang::En),
                        show(floor, Lang::En)
                    ),
                }),
                msg!(
                    "mỗi mục trừ nhiều nhất max − floor; hãy giảm điểm của mục, hoặc giảm `floor`",
                    "an item deducts at most max − floor; lower its points, or lower `floor`"
                ),
            );
        }
        Some(Deductions { items, floor })
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut found: Vec<(&DeductionItem, Decimal)> = Vec::new();
        for row in input.rows {
            let Some(item) = &row.item else {
                let nothing = parse_yes_no(&row.value).is_ok_and(|b| !b) || parse_count(&row.value).is_ok_and(|n| n.is_zero());
                if !nothing {
                    errors.push(row.invalid(
                        msg!(
                            "{}: dòng trừ điểm cần ghi `item` (một trong: {})",
                            "{}: a deduction row needs an `item` (one of: {})",
                            row.target,
                            self.ids()
                        ),
                        msg!(
                            "ghi loại vi phạm ở cột `item` và số lần ở cột `value`; ghi giá trị 0 nếu \"không có nội dung bị trừ\"",
                            "put the kind of item in the `item` column and how many in `value`; use value 0 for \"nothing to deduct\""
                        ),
                    ));
                }
                continue;
            };
            let Some(kind) = self
                .items
                .iter()
                .find(|i| i.id == *item)
                .or_else(|| self.items.iter().find(|i| fold(&i.id) == fold(item)))
            else {
                let hint = nearest(item, self.items.iter().map(|i| i.id.as_str()))
                    .map(|s| msg!("có phải là `{s}`? ", "did you mean `{s}`? "))
                    .unwrap_or_default();
                errors.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        msg!("{}: mục `{item}` không có trong quy tắc", "{}: unknown item `{item}`", row.target),
                    )
                    .at(row.loc("item"))
                    .help(Msg::by(|l| {
                        format!("{}{}: {}", hint.get(l), crate::i18n::tr(l, "các mục", "items"), self.ids())
                    })),
                );
                continue;
            };
            match parse_count(&row.value) {
                Ok(n) => found.push((kind, n)),
                Err(m) => errors.push(row.invalid(
                    super::at_target(row, &m),
                    msg!("ghi số lần, như 2", "write how many items, such as 2"),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        found.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let too_large = || {
            vec![input.rows[0].invalid(
                msg!("{}: số lần quá lớn", "{}: the counts are too large", input.code),
                msg!("kiểm tra lại các giá trị", "check the values"),
            )]
        };
        let deducted = found
            .iter()
            .try_fold(Decimal::ZERO, |acc, (k, n)| {
                k.points.checked_mul(*n).and_then(|d| acc.checked_add(d))
            })
            .ok_or_else(too_large)?;
        let remaining = input.max.checked_sub(deducted).ok_or_else(too_large)?;
        let points = remaining.max(self.floor);
        if !input.explain {
            return Ok(Outcome {
                points,
                reason: Text::default(),
            });
        }
        let of = of_max(points, input.max);
        let listed: Vec<(String, String)> = found
            .iter()
            .filter(|(_, n)| !n.is_zero())
            .map(|(k, n)| {
                (
                    format!("{} × {} (−{})", show(*n, Lang::Vi), k.label.vi, show(k.points, Lang::Vi)),
                    format!("{} × {} (−{})", show(*n, Lang::En), k.label.en, show(k.points, Lang::En)),
                )
            })
            .collect();
        let reason = if listed.is_empty() {
            Text::new(
                format!("không có nội dung bị trừ → {}", of.vi),
                format!("nothing to deduct → {}", of.en),
            )
        } else {
            let floor_note = |lang| {
                if remaining < self.floor {
                    format!(
                        ", {} {}",
                        if lang == Lang::Vi { "không thấp hơn" } else { "floored at" },
                        show(self.floor, lang)
                    )
                } else {
                    String::new()
                }
            };
            Text::new(
                format!(
                    "{}{} → {}",
                    listed.iter().map(|l| l.0.as_str()).collect::<Vec<_>>().join(", "),
                    floor_note(Lang::Vi),
                    of.vi
                ),
                format!(
                    "{}{} → {}",
                    listed.iter().map(|l| l.1.as_str()).collect::<Vec<_>>().join(", "),
                    floor_note(Lang::En),
                    of.en
                ),
            )
        };
        Ok(Outcome { points, reason })
    }

    fn ids(&self) -> String {
        self.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Code;
    use crate::rules::testing::{build_errors, eval, points, rule};

    const REPORTS: &str = r#"kind = "deductions"
items = [
  { id = "late", vi = "báo cáo chậm", en = "late report", points = 0.25 },
  { id = "missing-quarterly", vi = "thiếu báo cáo quý", en = "missing quarterly report", points = 0.5 },
  { id = "missing-annual", vi = "thiếu báo cáo năm", en = "missing annual report", points = 1 },
]"#;

    #[test]
    fn deducts_per_item_and_stops_at_the_floor() {
        let r = rule(REPORTS, "1");
        assert_eq!(points(&r, "1", &[("", "0")]), "1");
        assert_eq!(points(&r, "1", &[("late", "1")]), "0.75");
        assert_eq!(points(&r, "1", &[("late", "2"), ("missing-quarterly", "1")]), "0");
        assert_eq!(points(&r, "1", &[("missing-annual", "1"), ("late", "3")]), "0");
        let out = eval(&r, "1", &[("late", "1")]).unwrap();
        assert_eq!(out.reason.en, "1 × late report (−0.25) → 0.75 of 1");
        let out = eval(&r, "1", &[("missing-annual", "1"), ("late", "1")]).unwrap();
        assert_eq!(
            out.reason.en,
            "1 × late report (−0.25), 1 × missing annual report (−1), floored at 0 → 0 of 1"
        );
        let e = eval(&r, "1", &[("lat", "1")]).unwrap_err();
        assert!(
            e[0].help
                .as_ref()
                .map(crate::i18n::Msg::en)
                .unwrap()
                .starts_with("did you mean `late`?")
        );
    }

    #[test]
    fn negative_floor() {
        let r = rule(&format!("{REPORTS}\nfloor = -1"), "1");
        assert_eq!(points(&r, "1", &[("missing-annual", "1"), ("missing-quarterly", "2")]), "-1");
        assert_eq!(points(&r, "1", &[("missing-annual", "1"), ("late", "2")]), "-0.5");
    }

    fn errors(fields: &str, max: &str) -> Vec<Code> {
        build_errors(&format!("kind = \"deductions\"\n{fields}"), max)
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn min_belongs_to_formula_variables_only() {
        let e = build_errors("kind = \"deductions\"\nitems = [{ id = \"late\", points = 0.25, min = 1 }]", "1");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, Code::InvalidRule);
        assert_eq!(e[0].message.en(), "9.9: deduction item `late` does not use `min`");
        assert_eq!(e[0].message.vi(), "9.9: mục trừ điểm `late` không dùng khóa `min`");
        assert_eq!(
            e[0].help.as_ref().unwrap().en(),
            "remove `min`; `min` is only for formula variables"
        );
    }

    #[test]
    fn floor_above_the_maximum_is_an_error() {
        // (with the floor at the maximum nothing can be deducted, so the item deducts 0)
        let items = "items = [{ id = \"late\", points = 0 }]";
        assert_eq!(errors(&format!("{items}\nfloor = 1.5"), "1"), [Code::PointsAboveMax]);
        assert_eq!(errors(&format!("{items}\nfloor = 1"), "1"), []);
    }

    #[test]
    fn an_item_deducts_at_most_max_minus_floor() {
        assert_eq!(errors("items = [{ id = \"x\", points = 1.5 }]", "1"), [Code::PointsAboveMax]);
        assert_eq!(errors("items = [{ id = \"x\", points = 1 }]", "1"), []);
        assert_eq!(errors("items = [{ id = \"x\", points = 2 }]\nfloor = -1", "1"), []);
        assert_eq!(
            errors("items = [{ id = \"x\", points = 2.5 }]\nfloor = -1", "1"),
            [Code::PointsAboveMax]
        );
        let e = build_errors(
            "kind = \"deductions\"\nitems = [{ id = \"y\", points = 0 }, { id = \"x\", points = 1.5 }]",
            "1",
        );
        assert_eq!(e[0].location.as_ref().unwrap().column, 57, "{:?}", e[0]);
    }

    #[test]
    fn a_row_without_an_item_says_nothing_to_deduct() {
        let r = rule(REPORTS, "1");
        assert_eq!(points(&r, "1", &[("", "không")]), "1");
        assert_eq!(points(&r, "1", &[("", "0")]), "1");
        assert_eq!(eval(&r, "1", &[("", "không")]).unwrap().reason.en, "nothing to deduct → 1 of 1");
        for value in ["có", "2"] {
            let e = eval(&r, "1", &[("", value)]).unwrap_err();
            assert_eq!(e[0].code, Code::InvalidValue);
            assert!(e[0].message.en().contains("needs an `item`"), "{}", e[0].message);
        }
    }
}
