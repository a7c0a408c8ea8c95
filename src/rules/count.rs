//! `count`: `per_item` points for each item (initiative, document, propaganda form), up to
//! `cap` (default: the maximum). Several rows are added up, one per item if the `item`
//! column names them.

use rust_decimal::Decimal;

use super::{Input, Outcome, Text, of_max};
use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::RawRule;
use crate::diag::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, show};
use crate::value::parse_count;

#[derive(Debug, Clone)]
pub struct Count {
    pub measure: Text,
    pub per_item: Decimal,
    pub cap: Decimal,
}

impl Count {
    pub fn build(raw: &RawRule, max: Decimal, code: &CriterionCode, cx: &mut Ctx) -> Option<Count> {
        let Some(per) = &raw.per_item else {
            cx.error(
                Code::InvalidRule,
                raw.kind.span(),
                msg!(
                    "{code}: quy tắc đếm số lượng cần khóa `per_item`",
                    "{code}: a count rule needs `per_item`"
                ),
                msg!("thêm `per_item = 0.5`", "add `per_item = 0.5`"),
            );
            return None;
        };
        let per_item = cx.points(per, &Msg::same("per_item"))?;
        super::check_range(cx, code, per.span(), "per_item", per_item, Decimal::ZERO, max);
        let cap = match &raw.cap {
            Some(l) => {
                let c = cx.points(l, &Msg::same("cap"))?;
                if c > max {
                    cx.error(
                        Code::PointsAboveMax,
                        l.span(),
                        Msg::new(
                            format!("{code}: mức trần {} cao hơn điểm tối đa {}", show(c, Lang::Vi), show(max, Lang::Vi)),
                            format!("{code}: cap {} is above the maximum {}", show(c, Lang::En), show(max, Lang::En)),
                        ),
                        msg!(
                            "mức trần không được vượt điểm tối đa của nút",
                            "the cap must not exceed the node's max"
                        ),
                    );
                }
                c
            }
            None => max,
        };
        Some(Count {
            measure: Text::from_raw(raw.measure.as_ref(), "số lượng", "items"),
            per_item,
            cap,
        })
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        let mut total = Decimal::ZERO;
        let mut names = Vec::new();
        for row in input.rows {
            let n = super::row_number(row, parse_count, || {
                msg!("ghi một số nguyên như 2", "write a whole number such as 2")
            })?;
            total = total.checked_add(n).ok_or_else(|| vec![too_large(row, &row.target)])?;
            if let Some(item) = &row.item {
                names.push(item.clone());
            }
        }
        let raw_points = total
            .checked_mul(self.per_item)
            .ok_or_else(|| vec![too_large(input.rows[0], input.code)])?;
        let points = raw_points.min(self.cap);
        if !input.explain {
            return Ok(Outcome {
                points,
                reason: Text::default(),
            });
        }
        let of = of_max(points, input.max);
        let list = if names.is_empty() {
            String::new()
        } else {
            format!(" ({})", names.join("; "))
        };
        let cap_note = |lang| {
            if raw_points > self.cap {
                format!(
                    ", {} {}",
                    if lang == Lang::Vi { "tối đa" } else { "capped at" },
                    show(self.cap, lang)
                )
            } else {
                String::new()
            }
        };
        Ok(Outcome {
            points,
            reason: Text::new(
                format!(
                    "{} {}{list} × {} = {}{} → {}",
                    self.measure.vi,
                    show(total, Lang::Vi),
                    show(self.per_item, Lang::Vi),
                    show(raw_points, Lang::Vi),
                    cap_note(Lang::Vi),
                    of.vi
                ),
                format!(
                    "{} {}{list} × {} = {}{} → {}",
                    self.measure.en,
                    show(total, Lang::En),
                    show(self.per_item, Lang::En),
                    show(raw_points, Lang::En),
                    cap_note(Lang::En),
                    of.en
                ),
            ),
        })
    }
}

/// A count whose sum or points exceed a decimal.
fn too_large(row: &crate::evidence::Row, what: &dyn std::fmt::Display) -> Diagnostic {
    row.invalid(
        msg!("{what}: số lượng quá lớn", "{what}: the count is too large"),
        msg!("kiểm tra lại giá trị", "check the value"),
    )
}

#[cfg(test)]
mod tests {
    use crate::diag::Code;
    use crate::rules::testing::{build_errors, eval, points, rule};

    #[test]
    fn count_with_cap() {
        let r = rule("kind = \"count\"\nper_item = 0.5", "1.5");
        assert_eq!(points(&r, "1.5", &[("", "0")]), "0");
        assert_eq!(points(&r, "1.5", &[("", "2")]), "1");
        assert_eq!(points(&r, "1.5", &[("", "3")]), "1.5");
        assert_eq!(points(&r, "1.5", &[("", "7")]), "1.5");
        assert_eq!(points(&r, "1.5", &[("báo chí", "1"), ("hội nghị", "1")]), "1");
        let out = eval(&r, "1.5", &[("", "4")]).unwrap();
        assert_eq!(out.reason.en, "items 4 × 0.5 = 2, capped at 1.5 → 1.5 of 1.5");
        let r = rule("kind = \"count\"\nper_item = 1\ncap = 1", "2");
        assert_eq!(points(&r, "2", &[("", "5")]), "1");
        assert!(eval(&r, "2", &[("", "-1")]).is_err());
    }

    #[test]
    fn per_item_and_cap_above_the_maximum_are_errors() {
        let codes = |body: &str| build_errors(body, "1").iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(codes("kind = \"count\"\nper_item = 1.5"), [Code::PointsAboveMax]);
        assert_eq!(codes("kind = \"count\"\nper_item = 1"), []);
        assert_eq!(codes("kind = \"count\"\nper_item = 0.5\ncap = 1.5"), [Code::PointsAboveMax]);
        assert_eq!(codes("kind = \"count\"\nper_item = 0.5\ncap = 1"), []);
    }
}
