//! `survey`: points imported from a sociological survey (officials' survey, SIPAS), not
//! self-scored. Without `scale` the value is the points themselves (at most the maximum);
//! with `scale = 100` a survey result of 81.25 becomes 81.25/100 of the maximum.

use rust_decimal::Decimal;

use super::{Input, Outcome, Text, of_max};
use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::RawRule;
use crate::diag::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, show};
use crate::value::parse_number;

#[derive(Debug, Clone)]
pub struct Survey {
    pub measure: Text,
    pub scale: Option<Decimal>,
}

impl Survey {
    pub fn build(raw: &RawRule, code: &CriterionCode, cx: &mut Ctx) -> Option<Survey> {
        let scale = match &raw.scale {
            Some(l) => {
                let s = cx.points(l, &Msg::same("scale"))?;
                if s.is_zero() {
                    cx.error(
                        Code::InvalidRule,
                        l.span(),
                        msg!("{code}: thang điểm điều tra (`scale`) bằng 0", "{code}: the survey scale is 0"),
                        msg!(
                            "dùng thang điểm mà cuộc điều tra công bố, như 100",
                            "use the scale the survey reports on, such as 100"
                        ),
                    );
                    return None;
                }
                Some(s)
            }
            None => None,
        };
        Some(Survey {
            measure: Text::from_raw(raw.measure.as_ref(), "kết quả điều tra", "survey result"),
            scale,
        })
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        let row = input.single()?;
        let value = super::row_number(row, parse_number, || {
            msg!(
                "ghi kết quả điều tra dạng số, như 81,25",
                "write the survey result as a number, such as 81,25"
            )
        })?;
        let limit = self.scale.unwrap_or(input.max);
        if value > limit || value < Decimal::ZERO {
            return Err(vec![
                Diagnostic::error(
                    Code::ValueAboveMax,
                    Msg::by(|l| match l {
                        Lang::Vi => format!(
                            "{}: kết quả điều tra {} nằm ngoài khoảng 0–{}",
                            row.target,
                            show(value, l),
                            show(limit, l)
                        ),
                        Lang::En => format!(
                            "{}: survey value {} is outside 0–{}",
                            row.target,
                            show(value, Lang::En),
                            show(limit, Lang::En)
                        ),
                    }),
                )
                .at(row.loc("value"))
                .help(msg!(
                    "kiểm tra kết quả điều tra và thang điểm (`scale`) của quy tắc",
                    "check the survey result and the rule's scale"
                )),
            ]);
        }
        let points = match self.scale {
            Some(s) => value.checked_mul(input.max).and_then(|p| p.checked_div(s)).unwrap_or(Decimal::ZERO),
            None => value,
        };
        if !input.explain {
            return Ok(Outcome {
                points,
                reason: Text::default(),
            });
        }
        let of = of_max(points, input.max);
        let scale = |lang| self.scale.map(|s| format!("/{}", show(s, lang))).unwrap_or_default();
        Ok(Outcome {
            points,
            reason: Text::new(
                format!("{} {}{} → {}", self.measure.vi, show(value, Lang::Vi), scale(Lang::Vi), of.vi),
                format!("{} {}{} → {}", self.measure.en, show(value, Lang::En), scale(Lang::En), of.en),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{eval, points, rule};

    #[test]
    fn imported_points_and_scaled_results() {
        let r = rule("kind = \"survey\"", "10");
        assert_eq!(points(&r, "10", &[("", "8,125")]), "8.125");
        assert_eq!(points(&r, "10", &[("", "10")]), "10");
        assert!(eval(&r, "10", &[("", "10.001")]).is_err());
        let r = rule("kind = \"survey\"\nscale = 100", "8");
        assert_eq!(points(&r, "8", &[("", "78.4")]), "6.272");
        assert_eq!(
            eval(&r, "8", &[("", "78.4")]).unwrap().reason.en,
            "survey result 78.4/100 → 6.272 of 8"
        );
        assert!(eval(&r, "8", &[("", "101")]).is_err());
    }
}
