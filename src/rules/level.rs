//! `level`: a qualitative level earns a share of the maximum (xuất sắc 100%, tốt 75%,
//! hoàn thành 50%). Evidence: the level's Vietnamese or English name, in any case.

use rust_decimal::Decimal;

use super::{Input, Outcome, Text, of_max};
use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::RawRule;
use crate::diag::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, show};
use crate::text::{fold, nfc};

#[derive(Debug, Clone)]
pub struct Level {
    pub name: Text,
    /// Fraction of the maximum, 0–1.
    pub share: Decimal,
}

#[derive(Debug, Clone)]
pub struct Levels {
    pub measure: Text,
    pub levels: Vec<Level>,
}

impl Levels {
    pub fn build(raw: &RawRule, code: &CriterionCode, cx: &mut Ctx) -> Option<Levels> {
        let Some(raw_levels) = raw.levels.as_ref().filter(|l| !l.is_empty()) else {
            cx.error(
                Code::InvalidRule,
                raw.kind.span(),
                msg!(
                    "{code}: quy tắc theo mức đánh giá cần khóa `levels`",
                    "{code}: a level rule needs `levels`"
                ),
                msg!(
                    "thêm `levels = [{{ vi = \"Tốt\", en = \"Good\", share = \"75%\" }}, …]`",
                    "add `levels = [{{ vi = \"Tốt\", en = \"Good\", share = \"75%\" }}, …]`"
                ),
            );
            return None;
        };
        let mut levels: Vec<Level> = Vec::new();
        for rl in raw_levels {
            let vi = cx.text(&rl.vi);
            let share = cx.share(&rl.share, &|| msg!("tỷ lệ điểm của mức {vi}", "share of level {vi}"));
            if levels.iter().any(|l| fold(&l.name.vi) == fold(&vi)) {
                cx.error(
                    Code::InvalidRule,
                    rl.vi.span(),
                    msg!("{code}: mức `{vi}` được liệt kê hai lần", "{code}: level `{vi}` is listed twice"),
                    Msg::default(),
                );
                continue;
            }
            if let Some(s) = share {
                if s < Decimal::ZERO || s > Decimal::ONE {
                    cx.error(
                        Code::PointsAboveMax,
                        rl.share.span(),
                        msg!(
                            "{code}: mức `{vi}` cho tỷ lệ điểm nằm ngoài khoảng 0–100%",
                            "{code}: level `{vi}` gives a share outside 0–100%"
                        ),
                        msg!(
                            "mỗi mức đạt từ 0% đến 100% điểm tối đa",
                            "a level earns between 0% and 100% of the max"
                        ),
                    );
                    continue;
                }
                let en = rl.en.as_deref().map(nfc).unwrap_or_else(|| vi.clone());
                levels.push(Level {
                    name: Text::new(vi, en),
                    share: s,
                });
            }
        }
        Some(Levels {
            measure: Text::from_raw(raw.measure.as_ref(), "mức độ", "level"),
            levels,
        })
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        let row = input.single()?;
        let exact = self.levels.iter().find(|l| l.name.vi == row.value || l.name.en == row.value);
        let f = if exact.is_some() { String::new() } else { fold(&row.value) };
        let Some(level) = exact.or_else(|| self.levels.iter().find(|l| fold(&l.name.vi) == f || fold(&l.name.en) == f)) else {
            let names: Vec<&str> = self.levels.iter().map(|l| l.name.vi.as_str()).collect();
            return Err(vec![row.invalid(
                msg!(
                    "{}: `{}` không phải là một trong các mức đánh giá",
                    "{}: `{}` is not one of the levels",
                    row.target,
                    row.value
                ),
                msg!("ghi một trong: {}", "write one of: {}", names.join(", ")),
            )]);
        };
        let points = level.share * input.max;
        if !input.explain {
            return Ok(Outcome {
                points,
                reason: Text::default(),
            });
        }
        let of = of_max(points, input.max);
        let pct = |lang| show(level.share * Decimal::ONE_HUNDRED, lang);
        Ok(Outcome {
            points,
            reason: Text::new(
                format!("{} “{}” = {}% → {}", self.measure.vi, level.name.vi, pct(Lang::Vi), of.vi),
                format!("{} “{}” = {}% → {}", self.measure.en, level.name.en, pct(Lang::En), of.en),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{eval, points, rule};

    #[test]
    fn levels_by_name() {
        let r = rule(
            r#"kind = "level"
levels = [
  { vi = "Xuất sắc", en = "Excellent", share = "100%" },
  { vi = "Tốt", en = "Good", share = "75%" },
  { vi = "Hoàn thành", en = "Completed", share = 0.5 },
  { vi = "Không hoàn thành", en = "Not completed", share = 0 },
]"#,
            "2",
        );
        assert_eq!(points(&r, "2", &[("", "tốt")]), "1.5");
        assert_eq!(points(&r, "2", &[("", "GOOD")]), "1.5");
        assert_eq!(points(&r, "2", &[("", "Hoàn thành")]), "1");
        assert_eq!(points(&r, "2", &[("", "không hoàn thành")]), "0");
        assert_eq!(points(&r, "2", &[("", "xuất sắc")]), "2");
        let e = eval(&r, "2", &[("", "khá")]).unwrap_err();
        assert!(e[0].help.as_ref().map(crate::i18n::Msg::en).unwrap().contains("Xuất sắc, Tốt"));
    }
}
