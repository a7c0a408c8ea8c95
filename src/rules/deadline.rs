//! `deadline`: a document due by a date. On time → `on_time` (default the maximum); late →
//! `late` points, or `on_time` minus `late_per_day` for each day late; not issued →
//! `missing` (0 by default, may be negative). No result goes below `floor`.
//!
//! Evidence: the date issued (`10/01/2022`), or `đúng hạn`/`on time`, `chậm`/`late`,
//! `không ban hành`/`missing`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Input, Outcome, Text, of_max};
use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::RawRule;
use crate::diag::{Code, Diagnostic};
use crate::number::{Lang, show};
use crate::text::fold;
use crate::value::{parse_date, show_date};

#[derive(Debug, Clone)]
pub struct Deadline {
    pub measure: Text,
    pub due: NaiveDate,
    pub on_time: Decimal,
    pub late: Option<Decimal>,
    pub late_per_day: Option<Decimal>,
    pub missing: Decimal,
    pub floor: Decimal,
}

#[derive(Clone, Copy)]
enum Status {
    Issued(NaiveDate),
    OnTime,
    Late,
    Missing,
}

const ON_TIME: [&str; 4] = ["đúng hạn", "dung han", "on time", "on-time"];
const LATE: [&str; 4] = ["chậm", "cham", "late", "trễ hạn"];
const MISSING: [&str; 7] = [
    "không ban hành",
    "chưa ban hành",
    "missing",
    "not issued",
    "không",
    "khong ban hanh",
    "no",
];

impl Deadline {
    pub fn build(raw: &RawRule, max: Decimal, code: &CriterionCode, cx: &mut Ctx) -> Option<Deadline> {
        let Some(due_lit) = &raw.due else {
            cx.error(
                Code::InvalidRule,
                raw.kind.span(),
                format!("{code}: a deadline rule needs `due`"),
                "add `due = \"25/12/2021\"`",
            );
            return None;
        };
        let due = cx.date(due_lit, &format!("due date of {code}"));
        let on_time = match &raw.on_time {
            Some(l) => cx.number(l, "on_time")?,
            None => max,
        };
        let late = raw.late.as_ref().and_then(|l| cx.number(l, "late"));
        let late_per_day = raw.late_per_day.as_ref().and_then(|l| cx.points(l, "late_per_day"));
        if late.is_some() && late_per_day.is_some() {
            cx.error(
                Code::InvalidRule,
                raw.kind.span(),
                format!("{code}: give either `late` or `late_per_day`, not both"),
                "",
            );
        }
        let missing = match &raw.missing {
            Some(l) => cx.number(l, "missing")?,
            None => Decimal::ZERO,
        };
        let floor = match &raw.floor {
            Some(l) => cx.number(l, "floor")?,
            None => missing.min(Decimal::ZERO),
        };
        let span = raw.on_time.as_ref().map_or(raw.kind.span(), |l| l.span());
        if on_time > max {
            cx.error(
                Code::PointsAboveMax,
                span,
                format!(
                    "{code}: on_time gives {} but the maximum is {}",
                    show(on_time, Lang::En),
                    show(max, Lang::En)
                ),
                "on_time must not exceed the node's max",
            );
        }
        if let (Some(l), Some(lit)) = (late, &raw.late)
            && l > on_time
        {
            cx.error(
                Code::PointsAboveMax,
                lit.span(),
                format!("{code}: late ({l}) gives more than on time ({on_time})"),
                "late points must not exceed on_time",
            );
        }
        if missing < floor {
            let s = raw.missing.as_ref().map_or(raw.kind.span(), |l| l.span());
            cx.error(
                Code::InvalidRule,
                s,
                format!("{code}: missing ({missing}) is below the floor ({floor})"),
                "raise `missing` or lower `floor`",
            );
        }
        Some(Deadline {
            measure: Text::from_raw(raw.measure.as_ref(), "ban hành", "issued"),
            due: due?,
            on_time,
            late,
            late_per_day,
            missing,
            floor,
        })
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        let row = input.single()?;
        // A date needs no keyword matching (and no Unicode folding).
        let starts_with_digit = row.value.trim_start().starts_with(|c: char| c.is_ascii_digit());
        let f = if starts_with_digit { String::new() } else { fold(&row.value) };
        let status = if starts_with_digit {
            None
        } else if ON_TIME.contains(&f.as_str()) {
            Some(Status::OnTime)
        } else if LATE.contains(&f.as_str()) {
            Some(Status::Late)
        } else if MISSING.contains(&f.as_str()) {
            Some(Status::Missing)
        } else {
            None
        };
        let status = match status {
            Some(s) => s,
            None => match parse_date(&row.value) {
                Ok(d) => Status::Issued(d),
                Err(m) => {
                    return Err(vec![row.invalid(
                        format!("{}: {m}", row.target),
                        "write the date issued (dd/mm/yyyy), or `đúng hạn`, `chậm`, `không ban hành`",
                    )]);
                }
            },
        };
        if !input.explain {
            let points = match status {
                Status::OnTime => Some(self.on_time),
                Status::Issued(d) if d <= self.due => Some(self.on_time),
                Status::Issued(d) => self.late_points(Some((d - self.due).num_days())),
                Status::Late => self.late_points(None),
                Status::Missing => Some(self.missing),
            };
            // Without points for this case the explaining run reports the error.
            return points
                .map(|p| Outcome {
                    points: p.max(self.floor),
                    reason: Text::default(),
                })
                .ok_or_else(Vec::new);
        }
        let due = show_date(self.due);
        let (points, vi, en) = match status {
            Status::OnTime => (
                self.on_time,
                format!("{} đúng hạn ({due})", self.measure.vi),
                format!("{} on time (due {due})", self.measure.en),
            ),
            Status::Issued(d) if d <= self.due => (
                self.on_time,
                format!("{} ngày {}, đúng hạn {due}", self.measure.vi, show_date(d)),
                format!("{} {}, on time (due {due})", self.measure.en, show_date(d)),
            ),
            Status::Issued(d) => {
                let days = (d - self.due).num_days();
                let points = self.late_points(Some(days)).ok_or_else(|| {
                    vec![row.invalid(
                        format!("{}: the rule has no points for a late document", row.target),
                        "add `late` or `late_per_day` to the rule",
                    )]
                })?;
                (
                    points,
                    format!("{} ngày {}, chậm {days} ngày so với hạn {due}", self.measure.vi, show_date(d)),
                    format!("{} {}, {days} days after the due date {due}", self.measure.en, show_date(d)),
                )
            }
            Status::Late => {
                let points = self.late_points(None).ok_or_else(|| {
                    vec![row.invalid(
                        format!("{}: `{}` needs the date issued, to count the days late", row.target, row.value),
                        "write the date issued (dd/mm/yyyy)",
                    )]
                })?;
                (
                    points,
                    format!("{} chậm so với hạn {due}", self.measure.vi),
                    format!("{} late (due {due})", self.measure.en),
                )
            }
            Status::Missing => (
                self.missing,
                format!("không {} (hạn {due})", self.measure.vi),
                format!("not {} (due {due})", self.measure.en),
            ),
        };
        let points = points.max(self.floor);
        if !input.explain {
            return Ok(Outcome {
                points,
                reason: Text::default(),
            });
        }
        let of = of_max(points, input.max);
        Ok(Outcome {
            points,
            reason: Text::new(format!("{vi} → {}", of.vi), format!("{en} → {}", of.en)),
        })
    }

    fn late_points(&self, days: Option<i64>) -> Option<Decimal> {
        match (self.late, self.late_per_day, days) {
            (Some(l), _, _) => Some(l),
            (None, Some(per_day), Some(days)) => Some(self.on_time - per_day * Decimal::from(days)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{eval, points, rule};

    #[test]
    fn on_the_due_date_is_on_time() {
        let r = rule("kind = \"deadline\"\ndue = \"25/12/2021\"\nlate = 0.5\nmissing = -1", "1");
        assert_eq!(points(&r, "1", &[("", "25/12/2021")]), "1");
        assert_eq!(points(&r, "1", &[("", "24/12/2021")]), "1");
        assert_eq!(points(&r, "1", &[("", "26/12/2021")]), "0.5");
        assert_eq!(points(&r, "1", &[("", "không ban hành")]), "-1");
        assert_eq!(points(&r, "1", &[("", "đúng hạn")]), "1");
        let out = eval(&r, "1", &[("", "10/01/2022")]).unwrap();
        assert_eq!(out.reason.en, "issued 10/01/2022, 16 days after the due date 25/12/2021 → 0.5 of 1");
        assert_eq!(
            out.reason.vi,
            "ban hành ngày 10/01/2022, chậm 16 ngày so với hạn 25/12/2021 → 0,5/1 điểm"
        );
    }

    #[test]
    fn per_day_deduction_stops_at_the_floor() {
        let r = rule(
            "kind = \"deadline\"\ndue = 2022-06-30\nlate_per_day = 0.25\nfloor = -0.5\nmissing = -0.5",
            "1",
        );
        assert_eq!(points(&r, "1", &[("", "01/07/2022")]), "0.75");
        assert_eq!(points(&r, "1", &[("", "04/07/2022")]), "0");
        assert_eq!(points(&r, "1", &[("", "05/07/2022")]), "-0.25");
        assert_eq!(points(&r, "1", &[("", "31/12/2022")]), "-0.5");
        assert!(eval(&r, "1", &[("", "chậm")]).is_err());
        assert!(
            eval(&r, "1", &[("", "31/02/2022")]).unwrap_err()[0]
                .message
                .contains("not a real calendar date")
        );
    }
}
