//! `manual`: points set by the appraisal council (or the officer) with a written reason.
//! Evidence: the points as the value, the reason in `note` or `explanation` (required).

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
pub struct Manual {
    pub floor: Decimal,
}

impl Manual {
    pub fn build(raw: &RawRule, max: Decimal, code: &CriterionCode, cx: &mut Ctx) -> Option<Manual> {
        let floor = super::floor(raw, Decimal::ZERO, max, code, cx)?;
        Some(Manual { floor })
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        let row = input.single()?;
        let points = super::row_number(row, parse_number, || {
            msg!("ghi số điểm đạt, như 0,25", "write the points awarded, such as 0,25")
        })?;
        if points > input.max || points < self.floor {
            return Err(vec![
                Diagnostic::error(
                    Code::ValueAboveMax,
                    Msg::by(|l| match l {
                        Lang::Vi => format!(
                            "{}: {} điểm nằm ngoài khoảng {}–{}",
                            row.target,
                            show(points, l),
                            show(self.floor, l),
                            show(input.max, l)
                        ),
                        Lang::En => format!(
                            "{}: {} points is outside {}–{}",
                            row.target,
                            show(points, Lang::En),
                            show(self.floor, Lang::En),
                            show(input.max, Lang::En)
                        ),
                    }),
                )
                .at(row.loc("value"))
                .help(msg!(
                    "điểm chấm trực tiếp phải nằm giữa mức sàn của quy tắc và điểm tối đa của nút",
                    "manual points must lie between the rule's floor and the node's max"
                )),
            ]);
        }
        // The reason may come as an explanation (`giải trình`, once a header of `note`).
        let Some(note) = row.note.as_deref().or(row.explanation.as_deref()).filter(|n| !n.trim().is_empty()) else {
            return Err(vec![row.invalid(
                msg!(
                    "{}: điểm chấm trực tiếp cần ghi lý do ở cột `note`",
                    "{}: manual points need a reason in the `note` column",
                    row.target
                ),
                msg!(
                    "ghi lý do cho điểm này, theo biên bản của hội đồng",
                    "write why the points were set, as the council's minutes say"
                ),
            )]);
        };
        if !input.explain {
            return Ok(Outcome {
                points,
                reason: Text::default(),
            });
        }
        let of = of_max(points, input.max);
        Ok(Outcome {
            points,
            reason: Text::new(
                format!("chấm trực tiếp: {note} → {}", of.vi),
                format!("set by the council: {note} → {}", of.en),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{eval, eval_noted, rule};

    #[test]
    fn manual_points_need_a_reason_and_stay_within_max() {
        let r = rule("kind = \"manual\"", "0.5");
        let out = eval_noted(&r, "0.5", "0,25", "một phần").unwrap();
        assert_eq!(out.points.to_string(), "0.25");
        assert_eq!(out.reason.en, "set by the council: một phần → 0.25 of 0.5");
        assert!(
            eval(&r, "0.5", &[("", "0.25")]).unwrap_err()[0]
                .message
                .en()
                .contains("need a reason")
        );
        assert!(
            eval_noted(&r, "0.5", "0.75", "x").unwrap_err()[0]
                .message
                .en()
                .contains("outside 0–0.5")
        );
        assert!(eval_noted(&r, "0.5", "-0.1", "x").is_err());
        assert_eq!(eval_noted(&r, "0.5", "0.5", "x").unwrap().points.to_string(), "0.5");
    }
}
