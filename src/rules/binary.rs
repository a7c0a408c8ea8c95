//! `binary`: met → the maximum, not met → 0. Evidence: `có`/`không` (yes/no).

use rust_decimal::Decimal;

use super::{Input, Outcome, Text, of_max};
use crate::criteria::raw::RawRule;
use crate::diag::Diagnostic;
use crate::value::parse_yes_no;

#[derive(Debug, Clone)]
pub struct Binary {
    pub measure: Text,
}

impl Binary {
    pub fn build(raw: &RawRule) -> Binary {
        Binary {
            measure: Text::from_raw(raw.measure.as_ref(), "đạt yêu cầu", "requirement met"),
        }
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        let row = input.single()?;
        let met = parse_yes_no(&row.value).map_err(|m| vec![row.invalid(super::at_target(row, &m), crate::value::YES_NO_HELP)])?;
        let points = if met { input.max } else { Decimal::ZERO };
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
                format!("{}: {} → {}", self.measure.vi, if met { "có" } else { "không" }, of.vi),
                format!("{}: {} → {}", self.measure.en, if met { "yes" } else { "no" }, of.en),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{eval, rule};

    #[test]
    fn met_and_not_met() {
        let r = rule("kind = \"binary\"", "0.5");
        assert_eq!(eval(&r, "0.5", &[("", "có")]).unwrap().points.to_string(), "0.5");
        let out = eval(&r, "0.5", &[("", "không")]).unwrap();
        assert_eq!(out.points.to_string(), "0");
        assert_eq!(out.reason.en, "requirement met: no → 0 of 0.5");
        assert_eq!(out.reason.vi, "đạt yêu cầu: không → 0/0,5 điểm");
        let err = eval(&r, "0.5", &[("", "maybe")]).unwrap_err();
        assert!(err[0].message.en().contains("`maybe` is not yes/no"), "{}", err[0].message);
    }
}
