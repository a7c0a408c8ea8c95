//! `proportional`: below a floor ratio → `below_floor` points (0 by default); from the floor
//! up → ratio ÷ target × max, at most the max. With the default target of 100% this is
//! "ratio × max"; a target of 40% gives the maximum at 40% and 6.25% → 6.25/40 of it.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::{Input, Outcome, Text, of_max};
use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::RawRule;
use crate::diag::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, Ratio, show, show_ratio};

#[derive(Debug, Clone)]
pub struct Proportional {
    pub measure: Text,
    /// Lowest ratio (inclusive) that earns proportional points.
    pub floor: Decimal,
    pub target: Decimal,
    pub below_floor: Decimal,
}

impl Proportional {
    pub fn build(raw: &RawRule, max: Decimal, code: &CriterionCode, cx: &mut Ctx) -> Option<Proportional> {
        let floor = match &raw.floor {
            Some(l) => cx.share(l, &Msg::same("floor"))?,
            None => Decimal::ZERO,
        };
        let target = match &raw.target {
            Some(l) => cx.share(l, &Msg::same("target"))?,
            None => Decimal::ONE,
        };
        let below_floor = match &raw.below_floor {
            Some(l) => cx.number(l, &Msg::same("below_floor"))?,
            None => Decimal::ZERO,
        };
        if target <= Decimal::ZERO || target > Decimal::ONE {
            let span = raw.target.as_ref().map_or(raw.kind.span(), |l| l.span());
            cx.error(
                Code::InvalidRule,
                span,
                msg!(
                    "{code}: mục tiêu (`target`) phải lớn hơn 0% và không quá 100%",
                    "{code}: target must be above 0% and at most 100%"
                ),
                msg!("ghi mục tiêu như \"100%\"", "write a target such as \"100%\""),
            );
            return None;
        }
        if floor < Decimal::ZERO || floor > Decimal::ONE {
            let span = raw.floor.as_ref().map_or(raw.kind.span(), |l| l.span());
            cx.error(
                Code::InvalidRule,
                span,
                msg!(
                    "{code}: ngưỡng (`floor`) phải từ 0% đến 100%",
                    "{code}: floor must be between 0% and 100%"
                ),
                msg!("ghi ngưỡng như \"80%\"", "write a floor such as \"80%\""),
            );
            return None;
        }
        if floor > target {
            let span = raw.floor.as_ref().map_or(raw.kind.span(), |l| l.span());
            cx.error(
                Code::InvalidRule,
                span,
                Msg::by(|l| {
                    let (floor, target) = (show(floor * Decimal::ONE_HUNDRED, l), show(target * Decimal::ONE_HUNDRED, l));
                    match l {
                        Lang::Vi => format!("{code}: ngưỡng {floor}% cao hơn mục tiêu {target}%"),
                        Lang::En => format!("{code}: the floor {floor}% is above the target {target}%"),
                    }
                }),
                msg!(
                    "tỷ lệ đạt mục tiêu thì được điểm tối đa; hãy giảm `floor` xuống không quá `target`",
                    "a ratio that reaches the target earns the maximum; lower `floor` to at most `target`"
                ),
            );
            return None;
        }
        // `below_floor` may be negative (a penalty), but never more than the maximum.
        if let Some(lit) = &raw.below_floor
            && !super::check_range(
                cx,
                code,
                lit.span(),
                "below_floor",
                below_floor,
                below_floor.min(Decimal::ZERO),
                max,
            )
        {
            return None;
        }
        Some(Proportional {
            measure: Text::from_raw(raw.measure.as_ref(), "tỷ lệ", "rate"),
            floor,
            target,
            below_floor,
        })
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        let row = input.single()?;
        let r = super::row_ratio(row)?;
        super::tiers::check_ratio(row, &r)?;
        let pct = |d: Decimal, lang| format!("{}%", show(d * Decimal::ONE_HUNDRED, lang));
        let below_floor = r.cmp_decimal(self.floor) == Ordering::Less;
        if below_floor && !input.explain {
            return Ok(Outcome {
                points: self.below_floor,
                reason: Text::default(),
            });
        }
        let explained = |r: &crate::number::Ratio| {
            if input.explain {
                (show_ratio(r, Lang::Vi), show_ratio(r, Lang::En))
            } else {
                Default::default()
            }
        };
        let (vi_value, en_value) = explained(&r);
        if below_floor {
            let of = of_max(self.below_floor, input.max);
            return Ok(Outcome {
                points: self.below_floor,
                reason: Text::new(
                    format!(
                        "{} {vi_value} dưới ngưỡng {} → {}",
                        self.measure.vi,
                        pct(self.floor, Lang::Vi),
                        of.vi
                    ),
                    format!(
                        "{} {en_value} is below the floor {} → {}",
                        self.measure.en,
                        pct(self.floor, Lang::En),
                        of.en
                    ),
                ),
            });
        }
        let capped = r.cmp_decimal(self.target) != Ordering::Less;
        // Whether ratio ÷ target × max terminates: a fraction such as 2/3 gives points that
        // a decimal cannot hold whole, shown cut short with `…` (the points themselves keep
        // the decimal's full precision, rounded only where the set says).
        let mut exact = true;
        let points = if capped {
            input.max
        } else {
            // ratio / target × max = num × max / (den × target), exact for terminating results.
            let den = r.denominator().checked_mul(self.target);
            let scaled = den.and_then(|den| Ratio::new(r.numerator(), den)).and_then(|q| q.times(input.max));
            // A quotient that does not terminate fills the decimal's 28 digits; a terminating
            // one of numbers parcalc reads (at most 10^18, a few decimals) ends far sooner.
            // (Only the reasons show it.)
            if let Some(q) = scaled
                && input.explain
            {
                exact = q.normalize().scale() <= 20;
            }
            scaled.ok_or_else(|| {
                vec![row.invalid(
                    msg!(
                        "{}: giá trị quá lớn, không chấm điểm được",
                        "{}: the value is too large to score",
                        row.target
                    ),
                    msg!("kiểm tra lại giá trị", "check the value"),
                )]
            })?
        };
        if !input.explain {
            return Ok(Outcome {
                points,
                reason: Text::default(),
            });
        }
        let of = if exact {
            of_max(points, input.max)
        } else {
            // Four places, or four significant digits of a tiny share (`0,0000003333…`).
            let mut places = CUT_PLACES;
            while places < 28 && points.trunc_with_scale(places - CUT_PLACES + 1).is_zero() {
                places += 1;
            }
            let cut = |lang| format!("{}…", show(points.trunc_with_scale(places), lang));
            Text::new(
                format!("{}/{} điểm", cut(Lang::Vi), show(input.max, Lang::Vi)),
                format!("{} of {}", cut(Lang::En), show(input.max, Lang::En)),
            )
        };
        let (vi, en) = if self.target == Decimal::ONE {
            (
                format!("{} {vi_value} × {} = {}", self.measure.vi, show(input.max, Lang::Vi), of.vi),
                format!("{} {en_value} × {} → {}", self.measure.en, show(input.max, Lang::En), of.en),
            )
        } else if capped {
            (
                format!(
                    "{} {vi_value} đạt mục tiêu {} → {}",
                    self.measure.vi,
                    pct(self.target, Lang::Vi),
                    of.vi
                ),
                format!(
                    "{} {en_value} meets the {} target → {}",
                    self.measure.en,
                    pct(self.target, Lang::En),
                    of.en
                ),
            )
        } else {
            (
                format!(
                    "{} {vi_value} so với mục tiêu {} → {}",
                    self.measure.vi,
                    pct(self.target, Lang::Vi),
                    of.vi
                ),
                format!(
                    "{} {en_value} of the {} target → {}",
                    self.measure.en,
                    pct(self.target, Lang::En),
                    of.en
                ),
            )
        };
        Ok(Outcome {
            points,
            reason: Text::new(vi, en),
        })
    }
}

/// Decimal places shown of points that do not terminate (`2,6666…`).
const CUT_PLACES: u32 = 4;

#[cfg(test)]
mod tests {
    use crate::diag::Code;
    use crate::rules::testing::{build_errors, eval, points, rule};

    #[test]
    fn floor_then_proportional() {
        let r = rule("kind = \"proportional\"\nfloor = \"80%\"", "2");
        assert_eq!(points(&r, "2", &[("", "79.9%")]), "0");
        assert_eq!(points(&r, "2", &[("", "80%")]), "1.6");
        assert_eq!(points(&r, "2", &[("", "83.3%")]), "1.666");
        assert_eq!(points(&r, "2", &[("", "100%")]), "2");
        assert_eq!(points(&r, "2", &[("", "4/5")]), "1.6");
        let out = eval(&r, "2", &[("", "83,3%")]).unwrap();
        assert_eq!(out.reason.en, "rate 83.3% × 2 → 1.666 of 2");
    }

    #[test]
    fn points_of_a_fraction_that_do_not_terminate_are_cut_short_in_the_reason() {
        let r = rule("kind = \"proportional\"", "2");
        let out = eval(&r, "2", &[("", "5/6")]).unwrap();
        assert_eq!(out.reason.vi, "tỷ lệ 83,33% (5/6) × 2 = 1,6666…/2 điểm");
        assert_eq!(out.reason.en, "rate 83.33% (5/6) × 2 → 1.6666… of 2");
        // The points keep the decimal's precision; rounding is the set's business.
        assert_eq!(points(&r, "2", &[("", "5/6")]), "1.6666666666666666666666666667");
        // A fraction that terminates is shown whole.
        let out = eval(&r, "2", &[("", "1/1024")]).unwrap();
        assert_eq!(out.reason.en, "rate 0.1% (1/1024) × 2 → 0.001953125 of 2");
        // Below one point, and with a target.
        let r = rule("kind = \"proportional\"\ntarget = \"40%\"", "1");
        let out = eval(&r, "1", &[("", "1/9")]).unwrap();
        assert_eq!(out.reason.vi, "tỷ lệ 11,11% (1/9) so với mục tiêu 40% → 0,2777…/1 điểm");
        assert_eq!(out.reason.en, "rate 11.11% (1/9) of the 40% target → 0.2777… of 1");
        // A tiny share keeps four significant digits rather than showing `0.0000…`.
        let r = rule("kind = \"proportional\"", "1");
        let out = eval(&r, "1", &[("", "1/3000000")]).unwrap();
        assert_eq!(out.reason.en, "rate 0% (1/3000000) × 1 → 0.0000003333… of 1");
        assert_eq!(out.reason.vi, "tỷ lệ 0% (1/3000000) × 1 = 0,0000003333…/1 điểm");
    }

    #[test]
    fn target_scales_the_ratio() {
        let r = rule("kind = \"proportional\"\ntarget = \"40%\"", "0.5");
        assert_eq!(points(&r, "0.5", &[("", "6.25%")]), "0.078125");
        assert_eq!(points(&r, "0.5", &[("", "40%")]), "0.5");
        assert_eq!(points(&r, "0.5", &[("", "55%")]), "0.5");
        assert_eq!(points(&r, "0.5", &[("", "0%")]), "0");
        let out = eval(&r, "0.5", &[("", "6.25%")]).unwrap();
        assert_eq!(out.reason.en, "rate 6.25% of the 40% target → 0.078125 of 0.5");
    }

    #[test]
    fn below_floor_may_be_negative() {
        let r = rule("kind = \"proportional\"\nfloor = \"50%\"\nbelow_floor = -0.5", "1");
        assert_eq!(points(&r, "1", &[("", "49%")]), "-0.5");
        assert_eq!(points(&r, "1", &[("", "50%")]), "0.5");
    }

    fn errors(fields: &str, max: &str) -> Vec<Code> {
        build_errors(&format!("kind = \"proportional\"\n{fields}"), max)
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn below_floor_above_the_maximum_is_an_error() {
        assert_eq!(errors("floor = \"50%\"\nbelow_floor = 9", "4"), [Code::PointsAboveMax]);
        assert_eq!(errors("floor = \"50%\"\nbelow_floor = 4", "4"), []);
        assert_eq!(errors("floor = \"50%\"\nbelow_floor = -4", "4"), []);
        let e = build_errors("kind = \"proportional\"\nfloor = \"50%\"\nbelow_floor = 9", "4");
        assert_eq!(e[0].message.en(), "9.9: below_floor gives 9 points, above the maximum 4");
    }

    #[test]
    fn a_floor_above_the_target_is_an_error() {
        assert_eq!(errors("floor = \"60%\"\ntarget = \"50%\"", "1"), [Code::InvalidRule]);
        assert_eq!(errors("floor = \"50%\"\ntarget = \"50%\"", "1"), []);
        let r = rule("kind = \"proportional\"\nfloor = \"50%\"\ntarget = \"50%\"", "1");
        assert_eq!(points(&r, "1", &[("", "49%")]), "0");
        assert_eq!(points(&r, "1", &[("", "50%")]), "1");
    }

    #[test]
    fn target_and_floor_are_ratios_from_0_to_100_percent() {
        assert_eq!(errors("target = \"0%\"", "1"), [Code::InvalidRule]);
        assert_eq!(errors("target = \"101%\"", "1"), [Code::InvalidRule]);
        assert_eq!(errors("target = \"100%\"", "1"), []);
        assert_eq!(errors("floor = \"-5%\"", "1"), [Code::InvalidRule]);
        assert_eq!(errors("floor = \"101%\"", "1"), [Code::InvalidRule]);
        assert_eq!(errors("floor = \"100%\"", "1"), []);
        assert_eq!(errors("floor = \"0%\"", "1"), []);
    }
}
