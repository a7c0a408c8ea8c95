//! `deadline`: a document due by a date. On time → `on_time` (default the maximum); late →
//! `late` points, or `on_time` minus `late_per_day` for each day late; not issued →
//! `missing` (0 by default, may be negative). No result goes below `floor`.
//!
//! Evidence: the date issued (`10/01/2022`), or `đúng hạn`/`on time`, `chậm`/`late`,
//! `không ban hành`/`missing`.
//!
//! Without `due` the rule is **status-only** (Cà Mau 1.1.1 "Ban hành kịp thời: 1; không
//! kịp thời: 0,5; không ban hành: 0"): the evidence is only a status, `late` is required
//! (there are no days to count), and a date in the evidence is refused, since there is no
//! due date to compare it with.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Input, Outcome, Text, of_max};
use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::RawRule;
use crate::diag::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, show};
use crate::text::fold;
use crate::value::{parse_date, show_date_in};

#[derive(Debug, Clone)]
pub struct Deadline {
    pub measure: Text,
    /// `None`: a status-only rule, scored from on time / late / not issued.
    pub due: Option<NaiveDate>,
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

const ON_TIME: [&str; 10] = [
    "đúng hạn",
    "dung han",
    "on time",
    "on-time",
    "kịp thời",
    "kip thoi",
    "ban hành kịp thời",
    "ban hành đúng hạn",
    "đúng thời hạn",
    "timely",
];
const LATE: [&str; 11] = [
    "chậm",
    "cham",
    "late",
    "trễ hạn",
    "trễ",
    "tre han",
    "quá hạn",
    "không kịp thời",
    "khong kip thoi",
    "ban hành chậm",
    "ban hành không kịp thời",
];
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
        if raw.due.is_none() {
            // Status-only: the evidence gives no date, so nothing counts days, and a late
            // document must have its points.
            if let Some(l) = &raw.late_per_day {
                cx.error(
                    Code::InvalidRule,
                    l.span(),
                    msg!(
                        "{code}: `late_per_day` cần hạn `due` để đếm số ngày chậm",
                        "{code}: `late_per_day` needs a `due` date to count the days late"
                    ),
                    msg!(
                        "thêm `due = \"25/12/2021\"`, hoặc thay `late_per_day` bằng `late = <điểm>`",
                        "add `due = \"25/12/2021\"`, or replace `late_per_day` with `late = <points>`"
                    ),
                );
                return None;
            }
            if raw.late.is_none() {
                cx.error(
                    Code::InvalidRule,
                    raw.kind.span(),
                    msg!(
                        "{code}: quy tắc thời hạn không có `due` (chỉ chấm theo tình trạng) cần khóa `late`",
                        "{code}: a deadline rule without `due` (scored by status) needs `late`"
                    ),
                    msg!(
                        "thêm `late = <điểm khi ban hành chậm>` (ví dụ `late = 0.5`), hoặc thêm `due = \"25/12/2021\"` để chấm theo ngày ban hành",
                        "add `late = <points for a late document>` (such as `late = 0.5`), or add `due = \"25/12/2021\"` to score dates"
                    ),
                );
                return None;
            }
        }
        let due = match &raw.due {
            Some(l) => Some(cx.date(l, &|| msg!("thời hạn của {code}", "due date of {code}"))?),
            None => None,
        };
        let on_time = match &raw.on_time {
            Some(l) => cx.number(l, &Msg::same("on_time"))?,
            None => max,
        };
        let late = raw.late.as_ref().and_then(|l| cx.number(l, &Msg::same("late")));
        let late_per_day = raw.late_per_day.as_ref().and_then(|l| cx.points(l, &Msg::same("late_per_day")));
        if late.is_some() && late_per_day.is_some() {
            cx.error(
                Code::InvalidRule,
                raw.kind.span(),
                msg!(
                    "{code}: chỉ ghi một trong hai khóa `late` hoặc `late_per_day`, không ghi cả hai",
                    "{code}: give either `late` or `late_per_day`, not both"
                ),
                Msg::default(),
            );
        }
        let missing = match &raw.missing {
            Some(l) => cx.number(l, &Msg::same("missing"))?,
            None => Decimal::ZERO,
        };
        let floor = super::floor(raw, missing.min(Decimal::ZERO), max, code, cx)?;
        // Every parameter that becomes points lies in `floor ..= max`, and late or missing
        // never score more than on time: `missing = 5` on a 2-point leaf would award 250 %.
        let at = |lit: &Option<crate::criteria::raw::SLit>| lit.as_ref().map_or(raw.kind.span(), |l| l.span());
        if on_time > max {
            cx.error(
                Code::PointsAboveMax,
                at(&raw.on_time),
                Msg::by(|l| match l {
                    Lang::Vi => format!(
                        "{code}: on_time cho {} điểm nhưng điểm tối đa là {}",
                        show(on_time, l),
                        show(max, l)
                    ),
                    Lang::En => format!("{code}: on_time gives {} but the maximum is {}", show(on_time, l), show(max, l)),
                }),
                msg!(
                    "on_time không được vượt điểm tối đa của nút",
                    "on_time must not exceed the node's max"
                ),
            );
        } else {
            super::check_range(cx, code, at(&raw.on_time), "on_time", on_time, floor, max);
        }
        if let (Some(l), Some(lit)) = (late, &raw.late) {
            if l > on_time {
                cx.error(
                    Code::PointsAboveMax,
                    lit.span(),
                    Msg::new(
                        format!(
                            "{code}: điểm nộp chậm (`late` = {}) cao hơn điểm đúng hạn ({})",
                            show(l, Lang::Vi),
                            show(on_time, Lang::Vi)
                        ),
                        format!(
                            "{code}: late ({}) gives more than on time ({})",
                            show(l, Lang::En),
                            show(on_time, Lang::En)
                        ),
                    ),
                    msg!("điểm `late` không được vượt on_time", "late points must not exceed on_time"),
                );
            } else {
                super::check_range(cx, code, lit.span(), "late", l, floor, max);
            }
        }
        if let (Some(per_day), Some(lit)) = (late_per_day, &raw.late_per_day)
            && per_day > on_time - floor
        {
            cx.error(
                Code::PointsAboveMax,
                lit.span(),
                Msg::by(|l| match l {
                    Lang::Vi => format!(
                        "{code}: late_per_day trừ {} điểm cho một ngày chậm, nhiều hơn khoảng từ on_time {} xuống mức sàn {}",
                        show(per_day, l),
                        show(on_time, l),
                        show(floor, l)
                    ),
                    Lang::En => format!(
                        "{code}: late_per_day deducts {} for one day, more than on_time {} down to the floor {} allows",
                        show(per_day, Lang::En),
                        show(on_time, Lang::En),
                        show(floor, Lang::En)
                    ),
                }),
                msg!(
                    "một ngày chậm trừ nhiều nhất on_time − floor; nếu nộp chậm được một số điểm cố định, dùng `late`",
                    "a day late takes at most on_time − floor; for \"late scores a fixed amount\" use `late`"
                ),
            );
        }
        if missing < floor {
            cx.error(
                Code::PointsAboveMax,
                at(&raw.missing),
                Msg::new(
                    format!(
                        "{code}: điểm khi không ban hành (`missing` = {}) thấp hơn mức sàn ({})",
                        show(missing, Lang::Vi),
                        show(floor, Lang::Vi)
                    ),
                    format!(
                        "{code}: missing ({}) is below the floor ({})",
                        show(missing, Lang::En),
                        show(floor, Lang::En)
                    ),
                ),
                msg!("tăng `missing` hoặc giảm `floor`", "raise `missing` or lower `floor`"),
            );
        } else if missing > on_time && on_time <= max {
            cx.error(
                Code::PointsAboveMax,
                at(&raw.missing),
                if on_time == max {
                    Msg::new(
                        format!(
                            "{code}: missing cho {} điểm, vượt điểm tối đa {}",
                            show(missing, Lang::Vi),
                            show(max, Lang::Vi)
                        ),
                        format!(
                            "{code}: missing gives {} points, above the maximum {}",
                            show(missing, Lang::En),
                            show(max, Lang::En)
                        ),
                    )
                } else {
                    Msg::new(
                        format!(
                            "{code}: điểm khi không ban hành (`missing` = {}) cao hơn điểm đúng hạn ({})",
                            show(missing, Lang::Vi),
                            show(on_time, Lang::Vi)
                        ),
                        format!(
                            "{code}: missing ({}) gives more than on time ({})",
                            show(missing, Lang::En),
                            show(on_time, Lang::En)
                        ),
                    )
                },
                msg!(
                    "văn bản không ban hành chỉ được tối đa bằng điểm on_time (mặc định là điểm tối đa của nút)",
                    "a document not issued must score at most on_time (by default the node's max)"
                ),
            );
        }
        Some(Deadline {
            measure: Text::from_raw(raw.measure.as_ref(), "ban hành", "issued"),
            due,
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
            None if self.due.is_none() => {
                let why = if parse_date(&row.value).is_ok() {
                    msg!(
                        "{}: `{}` là một ngày, nhưng quy tắc không có hạn (`due`) để so sánh",
                        "{}: `{}` is a date, but the rule has no due date (`due`) to compare it with",
                        row.target,
                        row.value
                    )
                } else {
                    msg!(
                        "{}: `{}` không phải là tình trạng ban hành",
                        "{}: `{}` is not a status",
                        row.target,
                        row.value
                    )
                };
                return Err(vec![row.invalid(
                    why,
                    msg!(
                        "ghi `đúng hạn` (kịp thời), `chậm` (không kịp thời) hoặc `không ban hành`; để chấm theo ngày ban hành, khai báo `due` trong quy tắc",
                        "write `đúng hạn` (on time), `chậm` (late) or `không ban hành` (not issued); to score dates, declare `due` in the rule"
                    ),
                )]);
            }
            None => match parse_date(&row.value) {
                Ok(d) => Status::Issued(d),
                Err(m) => {
                    return Err(vec![row.invalid(
                        super::at_target(row, &m),
                        msg!(
                            "ghi ngày ban hành (dd/mm/yyyy), hoặc `đúng hạn`, `chậm`, `không ban hành`",
                            "write the date issued (dd/mm/yyyy), or `đúng hạn`, `chậm`, `không ban hành`"
                        ),
                    )]);
                }
            },
        };
        // (a date is only parsed when the rule has a due date)
        let due = self.due.unwrap_or_default();
        if !input.explain {
            let points = match status {
                Status::OnTime => Some(self.on_time),
                Status::Issued(d) if d <= due => Some(self.on_time),
                Status::Issued(d) => self.late_points(Some((d - due).num_days())),
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
        // "(hạn 25/12/2021)" / "(due 25 Dec 2021)" after a status, when there is a due date.
        let (due_vi, due_en) = (show_date_in(due, Lang::Vi), show_date_in(due, Lang::En));
        let (paren_vi, paren_en) = match self.due {
            Some(_) => (format!(" ({due_vi})"), format!(" (due {due_en})")),
            None => (String::new(), String::new()),
        };
        let (points, vi, en) = match status {
            Status::OnTime => (
                self.on_time,
                format!("{} đúng hạn{paren_vi}", self.measure.vi),
                format!("{} on time{paren_en}", self.measure.en),
            ),
            Status::Issued(d) if d <= due => (
                self.on_time,
                format!("{} ngày {}, đúng hạn {due_vi}", self.measure.vi, show_date_in(d, Lang::Vi)),
                format!("{} {}, on time (due {due_en})", self.measure.en, show_date_in(d, Lang::En)),
            ),
            Status::Issued(d) => {
                let days = (d - due).num_days();
                let points = self.late_points(Some(days)).ok_or_else(|| {
                    vec![row.invalid(
                        msg!(
                            "{}: quy tắc không quy định điểm cho văn bản ban hành chậm",
                            "{}: the rule has no points for a late document",
                            row.target
                        ),
                        msg!(
                            "thêm `late` hoặc `late_per_day` vào quy tắc",
                            "add `late` or `late_per_day` to the rule"
                        ),
                    )]
                })?;
                (
                    points,
                    format!(
                        "{} ngày {}, chậm {days} ngày so với hạn {due_vi}",
                        self.measure.vi,
                        show_date_in(d, Lang::Vi)
                    ),
                    format!(
                        "{} {}, {days} days after the due date {due_en}",
                        self.measure.en,
                        show_date_in(d, Lang::En)
                    ),
                )
            }
            Status::Late => {
                let points = self.late_points(None).ok_or_else(|| {
                    vec![row.invalid(
                        msg!(
                            "{}: `{}` cần ghi ngày ban hành để tính số ngày chậm",
                            "{}: `{}` needs the date issued, to count the days late",
                            row.target,
                            row.value
                        ),
                        msg!("ghi ngày ban hành (dd/mm/yyyy)", "write the date issued (dd/mm/yyyy)"),
                    )]
                })?;
                (
                    points,
                    match self.due {
                        Some(_) => format!("{} chậm so với hạn {due_vi}", self.measure.vi),
                        None => format!("{} chậm", self.measure.vi),
                    },
                    format!("{} late{paren_en}", self.measure.en),
                )
            }
            Status::Missing => (
                self.missing,
                match self.due {
                    Some(_) => format!("không {} (hạn {due_vi})", self.measure.vi),
                    None => format!("không {}", self.measure.vi),
                },
                format!("not {}{paren_en}", self.measure.en),
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
    use crate::diag::Code;
    use crate::rules::testing::{build_errors, eval, points, rule};

    #[test]
    fn on_the_due_date_is_on_time() {
        let r = rule("kind = \"deadline\"\ndue = \"25/12/2021\"\nlate = 0.5\nmissing = -1", "1");
        assert_eq!(points(&r, "1", &[("", "25/12/2021")]), "1");
        assert_eq!(points(&r, "1", &[("", "24/12/2021")]), "1");
        assert_eq!(points(&r, "1", &[("", "26/12/2021")]), "0.5");
        assert_eq!(points(&r, "1", &[("", "không ban hành")]), "-1");
        assert_eq!(points(&r, "1", &[("", "đúng hạn")]), "1");
        let out = eval(&r, "1", &[("", "10/01/2022")]).unwrap();
        assert_eq!(
            out.reason.en,
            "issued 10 Jan 2022, 16 days after the due date 25 Dec 2021 → 0.5 of 1"
        );
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
                .en()
                .contains("not a real calendar date")
        );
    }

    /// The codes of the errors a deadline rule with `fields` on a leaf worth `max` gives.
    fn errors(fields: &str, max: &str) -> Vec<Code> {
        build_errors(&format!("kind = \"deadline\"\ndue = \"25/12/2021\"\n{fields}"), max)
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn points_outside_floor_and_max_are_errors() {
        let above = [Code::PointsAboveMax];
        // on_time: above the maximum is an error, the maximum itself is fine.
        assert_eq!(errors("on_time = 2.5", "2"), above);
        assert_eq!(errors("on_time = 2", "2"), []);
        // late: more than on_time is an error, as much as on_time is fine.
        assert_eq!(errors("on_time = 1\nlate = 1.5", "2"), above);
        assert_eq!(errors("on_time = 1\nlate = 1", "2"), []);
        assert_eq!(errors("late = 3", "2"), above);
        // missing: above the maximum (the reported 250 % case) or below the floor.
        assert_eq!(errors("missing = 5", "2"), above);
        assert_eq!(errors("missing = 2", "2"), []);
        assert_eq!(errors("on_time = 1\nmissing = 1.5", "2"), above);
        assert_eq!(errors("missing = -1\nfloor = -0.5", "2"), above);
        assert_eq!(errors("missing = -0.5\nfloor = -0.5", "2"), []);
        // late and on_time below the floor.
        assert_eq!(errors("late = 0.25\nfloor = 0.5\nmissing = 0.5", "2"), above);
        assert_eq!(errors("late = 0.5\nfloor = 0.5\nmissing = 0.5", "2"), []);
        // (missing then also scores more than on time)
        assert_eq!(errors("on_time = 0\nfloor = 0.5\nmissing = 0.5", "2"), [Code::PointsAboveMax; 2]);
        assert_eq!(errors("on_time = 0.5\nfloor = 0.5\nmissing = 0.5", "2"), []);
        // floor above the maximum.
        let e = build_errors("kind = \"deadline\"\ndue = \"25/12/2021\"\nfloor = 3\nmissing = 3", "2");
        assert_eq!(e[0].message.en(), "9.9: floor 3 is above the maximum 2");
        assert_eq!(errors("floor = 2\nmissing = 2", "2"), []);
        // late_per_day takes at most on_time − floor in one day.
        assert_eq!(errors("late_per_day = 2.75\nfloor = -0.5\nmissing = -0.5", "2"), above);
        assert_eq!(errors("late_per_day = 2.5\nfloor = -0.5\nmissing = -0.5", "2"), []);
    }

    /// Cà Mau 1880/QĐ-UBND, 1.1.1 "Ban hành kế hoạch CCHC năm" (max 1): "Ban hành kịp
    /// thời: 1; không kịp thời: 0,5; Không ban hành: 0", with no due date in the table.
    const CA_MAU: &str = "kind = \"deadline\"\nlate = 0.5";

    #[test]
    fn status_only_scores_each_status_and_its_aliases() {
        let r = rule(CA_MAU, "1");
        for on_time in [
            "đúng hạn",
            "Đúng hạn",
            "kịp thời",
            "Ban hành kịp thời",
            "on time",
            "dung han",
            "kip thoi",
        ] {
            assert_eq!(points(&r, "1", &[("", on_time)]), "1", "{on_time}");
        }
        for late in [
            "chậm",
            "không kịp thời",
            "Không kịp thời",
            "late",
            "trễ hạn",
            "quá hạn",
            "khong kip thoi",
        ] {
            assert_eq!(points(&r, "1", &[("", late)]), "0.5", "{late}");
        }
        for missing in ["không ban hành", "chưa ban hành", "not issued", "missing", "không"] {
            assert_eq!(points(&r, "1", &[("", missing)]), "0", "{missing}");
        }
        let out = eval(&r, "1", &[("", "không kịp thời")]).unwrap();
        assert_eq!(out.reason.vi, "ban hành chậm → 0,5/1 điểm");
        assert_eq!(out.reason.en, "issued late → 0.5 of 1");
        let out = eval(&r, "1", &[("", "kịp thời")]).unwrap();
        assert_eq!(out.reason.vi, "ban hành đúng hạn → 1/1 điểm");
        assert_eq!(out.reason.en, "issued on time → 1 of 1");
        let out = eval(&r, "1", &[("", "không ban hành")]).unwrap();
        assert_eq!(out.reason.vi, "không ban hành → 0/1 điểm");
        assert_eq!(out.reason.en, "not issued → 0 of 1");
        // Negative points for a plan not issued (Tiền Giang: "Không ban hành: -1 điểm").
        let r = rule("kind = \"deadline\"\nlate = 0\nmissing = -1", "1");
        assert_eq!(points(&r, "1", &[("", "không ban hành")]), "-1");
        assert_eq!(points(&r, "1", &[("", "trễ")]), "0");
    }

    #[test]
    fn status_only_refuses_a_date() {
        let r = rule(CA_MAU, "1");
        for date in ["10/01/2022", "2022-01-10"] {
            let e = eval(&r, "1", &[("", date)]).unwrap_err();
            assert_eq!(e.len(), 1);
            assert_eq!(e[0].code, Code::InvalidValue);
            assert_eq!(
                e[0].message.en(),
                format!("9.9: `{date}` is a date, but the rule has no due date (`due`) to compare it with")
            );
            assert_eq!(
                e[0].message.vi(),
                format!("9.9: `{date}` là một ngày, nhưng quy tắc không có hạn (`due`) để so sánh")
            );
            assert_eq!(
                e[0].help.as_ref().unwrap().en(),
                "write `đúng hạn` (on time), `chậm` (late) or `không ban hành` (not issued); to score dates, declare `due` in the rule"
            );
        }
        let e = eval(&r, "1", &[("", "sớm")]).unwrap_err();
        assert_eq!(e[0].message.en(), "9.9: `sớm` is not a status");
        assert_eq!(e[0].message.vi(), "9.9: `sớm` không phải là tình trạng ban hành");
    }

    #[test]
    fn status_only_needs_late_and_no_late_per_day() {
        let e = build_errors("kind = \"deadline\"", "1");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, Code::InvalidRule);
        assert_eq!(
            e[0].message.en(),
            "9.9: a deadline rule without `due` (scored by status) needs `late`"
        );
        assert_eq!(
            e[0].message.vi(),
            "9.9: quy tắc thời hạn không có `due` (chỉ chấm theo tình trạng) cần khóa `late`"
        );
        let e = build_errors("kind = \"deadline\"\nlate_per_day = 0.25", "1");
        assert_eq!(e[0].message.en(), "9.9: `late_per_day` needs a `due` date to count the days late");
        // The ranges are checked as with a due date.
        let codes = |f: &str| {
            build_errors(&format!("kind = \"deadline\"\n{f}"), "1")
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("late = 1.5"), [Code::PointsAboveMax]);
        assert_eq!(codes("late = 1"), []);
        assert_eq!(codes("late = 0.5\nmissing = 2"), [Code::PointsAboveMax]);
        assert_eq!(codes("late = 0.5\non_time = 1.5"), [Code::PointsAboveMax]);
    }

    #[test]
    fn on_time_above_the_maximum_names_both() {
        let e = build_errors("kind = \"deadline\"\ndue = \"25/12/2021\"\non_time = 2.5", "2");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].message.en(), "9.9: on_time gives 2.5 but the maximum is 2");
        assert_eq!(e[0].message.vi(), "9.9: on_time cho 2,5 điểm nhưng điểm tối đa là 2");
        let e = build_errors("kind = \"deadline\"\ndue = \"25/12/2021\"\non_time = 1\nlate = 1.5", "2");
        assert_eq!(e[0].message.en(), "9.9: late (1.5) gives more than on time (1)");
    }

    #[test]
    fn missing_above_the_maximum_is_located_at_missing() {
        let e = build_errors("kind = \"deadline\"\ndue = \"25/12/2021\"\nmissing = 5", "2");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].message.en(), "9.9: missing gives 5 points, above the maximum 2");
        let at = e[0].location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (3, 11));
    }
}
