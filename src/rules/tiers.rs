//! `tiers`: points by the tier a ratio, count or number falls in. Each tier's bounds are
//! written as an interval, so inclusive and exclusive edges are explicit:
//! `[70%, 80%)` is "từ 70% đến dưới 80%", `(90%, 100%]` is "trên 90%", `[90%, )` has no
//! upper bound. Comparisons are exact: `5/6` is compared as a fraction, never as a float.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::{Input, Outcome, Text, of_max};
use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::RawRule;
use crate::diag::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, Ratio, parse_decimal, show, show_ratio};
use crate::value::{parse_count, parse_number};

/// What the tiers are measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierOn {
    Ratio,
    Count,
    Number,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub value: Decimal,
    pub inclusive: bool,
}

/// An interval with optional lower and upper bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
}

impl Interval {
    /// Parses `[a, b)`, `(a, b]`, `[a, )`, `(, b)`, or `>= a`, `> a`, `< b`, `<= b`, `= a`,
    /// `≥ a`, `≤ b`. Bounds are percentages (`70%`) or plain numbers. Use `;` between the
    /// bounds when they contain a decimal comma.
    pub fn parse(text: &str, on: TierOn) -> Result<Interval, Msg> {
        let t = text.trim();
        let bound = |s: &str| -> Result<Option<Decimal>, Msg> {
            let s = s.trim();
            if s.is_empty() || s == "∞" || s == "inf" {
                return Ok(None);
            }
            let value = if let Some(p) = s.strip_suffix('%') {
                if on != TierOn::Ratio {
                    return Err(if on == TierOn::Count {
                        msg!(
                            "`{s}` là tỷ lệ phần trăm nhưng các mức này tính theo số lượng",
                            "`{s}` is a percentage but these tiers are on a count"
                        )
                    } else {
                        msg!(
                            "`{s}` là tỷ lệ phần trăm nhưng các mức này tính theo số",
                            "`{s}` is a percentage but these tiers are on a number"
                        )
                    });
                }
                parse_decimal(p).map_err(|e| e.msg())? / Decimal::ONE_HUNDRED
            } else {
                parse_decimal(s).map_err(|e| e.msg())?
            };
            Ok(Some(value))
        };
        for (prefix, lower, inclusive) in [
            (">=", true, true),
            ("≥", true, true),
            ("<=", false, true),
            ("≤", false, true),
            (">", true, false),
            ("<", false, false),
        ] {
            if let Some(rest) = t.strip_prefix(prefix) {
                let b = bound(rest)?.ok_or_else(|| no_bound(t))?;
                let b = Some(Bound { value: b, inclusive });
                return Ok(if lower {
                    Interval { lower: b, upper: None }
                } else {
                    Interval { lower: None, upper: b }
                });
            }
        }
        if let Some(rest) = t.strip_prefix('=') {
            let b = bound(rest)?.ok_or_else(|| no_bound(t))?;
            let b = Some(Bound { value: b, inclusive: true });
            return Ok(Interval { lower: b, upper: b });
        }
        let open = t.chars().next();
        let close = t.chars().last();
        let (lower_incl, upper_incl) = match (open, close) {
            (Some('[' | '('), Some(']' | ')')) if t.len() >= 2 => (open == Some('['), close == Some(']')),
            _ => return Err(msg!("`{t}` không phải là khoảng giá trị", "`{t}` is not an interval")),
        };
        let inner = &t[1..t.len() - 1];
        let (a, b) = if inner.contains(';') {
            inner.split_once(';').unwrap_or((inner, ""))
        } else if inner.matches(',').count() == 1 {
            inner.split_once(',').unwrap_or((inner, ""))
        } else {
            return Err(msg!(
                "`{t}` cần đúng một dấu `,` (hoặc `;`) giữa hai cận",
                "`{t}` needs exactly one `,` (or `;`) between its bounds"
            ));
        };
        let lower = bound(a)?.map(|v| Bound {
            value: v,
            inclusive: lower_incl,
        });
        let upper = bound(b)?.map(|v| Bound {
            value: v,
            inclusive: upper_incl,
        });
        if let (Some(l), Some(u)) = (lower, upper)
            && (l.value > u.value || (l.value == u.value && !(l.inclusive && u.inclusive)))
        {
            return Err(msg!(
                "`{t}` là khoảng rỗng: cận dưới không nhỏ hơn cận trên",
                "`{t}` is empty: its lower bound is not below its upper bound"
            ));
        }
        Ok(Interval { lower, upper })
    }

    pub fn contains(&self, v: &Ratio) -> bool {
        let above = self.lower.is_none_or(|b| match v.cmp_decimal(b.value) {
            Ordering::Greater => true,
            Ordering::Equal => b.inclusive,
            Ordering::Less => false,
        });
        let below = self.upper.is_none_or(|b| match v.cmp_decimal(b.value) {
            Ordering::Less => true,
            Ordering::Equal => b.inclusive,
            Ordering::Greater => false,
        });
        above && below
    }

    /// Human form: `70–<80%`, `≥90%`, `<70%`, `=100%`.
    pub fn show(&self, on: TierOn, lang: Lang) -> String {
        let unit = if on == TierOn::Ratio { "%" } else { "" };
        let v = |b: Bound| {
            let x = if on == TierOn::Ratio {
                b.value * Decimal::ONE_HUNDRED
            } else {
                b.value
            };
            show(x, lang)
        };
        match (self.lower, self.upper) {
            (Some(l), Some(u)) if l.value == u.value => format!("={}{unit}", v(l)),
            (Some(l), Some(u)) => format!(
                "{}{}–{}{}{unit}",
                if l.inclusive { "" } else { ">" },
                v(l),
                if u.inclusive { "" } else { "<" },
                v(u)
            ),
            (Some(l), None) => format!("{}{}{unit}", if l.inclusive { "≥" } else { ">" }, v(l)),
            (None, Some(u)) => format!("{}{}{unit}", if u.inclusive { "≤" } else { "<" }, v(u)),
            (None, None) => "*".to_string(),
        }
    }
}

fn no_bound(t: &str) -> Msg {
    msg!("`{t}` không có cận", "`{t}` has no bound")
}

#[derive(Debug, Clone)]
pub struct Tier {
    pub interval: Interval,
    pub points: Decimal,
}

#[derive(Debug, Clone)]
pub struct Tiers {
    pub measure: Text,
    pub on: TierOn,
    pub tiers: Vec<Tier>,
}

/// Orders intervals by lower bound (unbounded first; inclusive before exclusive).
fn lower_key(i: &Interval) -> (bool, Decimal, bool) {
    match i.lower {
        None => (false, Decimal::ZERO, false),
        Some(b) => (true, b.value, !b.inclusive),
    }
}

impl Tiers {
    pub fn build(raw: &RawRule, max: Decimal, code: &CriterionCode, cx: &mut Ctx) -> Option<Tiers> {
        let on = match raw.on.as_ref().map(|s| s.get_ref().trim()) {
            None | Some("ratio") => TierOn::Ratio,
            Some("count") => TierOn::Count,
            Some("number") => TierOn::Number,
            Some(other) => {
                let span = raw.on.as_ref().map_or(raw.kind.span(), |s| s.span());
                cx.error(
                    Code::InvalidRule,
                    span,
                    msg!(
                        "{code}: các mức không thể tính theo `{other}`",
                        "{code}: tiers cannot be on `{other}`"
                    ),
                    msg!(
                        "dùng `on = \"ratio\"`, \"count\" hoặc \"number\"",
                        "use `on = \"ratio\"`, \"count\" or \"number\""
                    ),
                );
                return None;
            }
        };
        let Some(raw_tiers) = raw.tiers.as_ref().filter(|t| !t.is_empty()) else {
            cx.error(
                Code::InvalidRule,
                raw.kind.span(),
                msg!("{code}: quy tắc theo mức cần khóa `tiers`", "{code}: a tiers rule needs `tiers`"),
                msg!(
                    "thêm `tiers = [{{ when = \"[90%, 100%]\", points = 2 }}, …]`",
                    "add `tiers = [{{ when = \"[90%, 100%]\", points = 2 }}, …]`"
                ),
            );
            return None;
        };
        let mut tiers = Vec::new();
        let mut ok = true;
        for rt in raw_tiers {
            let interval = match Interval::parse(rt.when.get_ref(), on) {
                Ok(i) => Some(i),
                Err(m) => {
                    cx.error(
                        Code::InvalidInterval,
                        rt.when.span(),
                        Msg::by(|l| format!("{code}: {}", m.get(l))),
                        msg!(
                            "ghi các mức dạng khoảng: \"[70%, 80%)\" là từ 70% đến dưới 80%",
                            "write tiers as intervals: \"[70%, 80%)\" is from 70% up to but not including 80%"
                        ),
                    );
                    None
                }
            };
            let points = cx.number(&rt.points, &|| msg!("điểm của mức {}", "points of tier {}", rt.when.get_ref()));
            if let Some(p) = points {
                if p > max {
                    cx.error(
                        Code::PointsAboveMax,
                        rt.points.span(),
                        Msg::new(
                            format!(
                                "{code}: mức {} cho {} điểm, vượt điểm tối đa {}",
                                rt.when.get_ref(),
                                show(p, Lang::Vi),
                                show(max, Lang::Vi)
                            ),
                            format!(
                                "{code}: tier {} gives {} points, above the maximum {}",
                                rt.when.get_ref(),
                                show(p, Lang::En),
                                show(max, Lang::En)
                            ),
                        ),
                        msg!(
                            "một mức không thể cho nhiều điểm hơn điểm tối đa của nút",
                            "a tier cannot award more than the node's max"
                        ),
                    );
                    ok = false;
                } else if p.is_sign_negative() && !p.is_zero() {
                    cx.error(
                        Code::PointsAboveMax,
                        rt.points.span(),
                        msg!(
                            "{code}: mức {} cho điểm âm",
                            "{code}: tier {} gives negative points",
                            rt.when.get_ref()
                        ),
                        msg!("các mức cho từ 0 điểm đến điểm tối đa", "tiers award from 0 up to the max"),
                    );
                    ok = false;
                }
            }
            match (interval, points) {
                (Some(interval), Some(points)) => tiers.push((rt.when.span(), Tier { interval, points })),
                _ => ok = false,
            }
        }
        if !ok {
            return None;
        }
        // Tiers must be listed in one direction (highest first or lowest first).
        let keys: Vec<_> = tiers.iter().map(|(_, t)| lower_key(&t.interval)).collect();
        let ascending = keys.windows(2).all(|w| w[0] <= w[1]);
        let descending = keys.windows(2).all(|w| w[0] >= w[1]);
        if !ascending && !descending {
            let span = tiers
                .iter()
                .skip(1)
                .zip(keys.windows(2))
                .find(|(_, w)| w[0] > w[1])
                .map_or(raw.kind.span(), |(t, _)| t.0.clone());
            cx.error(
                Code::TierOrder,
                span,
                msg!("{code}: các mức không theo thứ tự", "{code}: tiers are out of order"),
                msg!(
                    "liệt kê các mức từ cao xuống thấp (hoặc ngược lại), không xen kẽ",
                    "list tiers from the highest to the lowest (or the reverse) without mixing"
                ),
            );
        }
        let mut sorted: Vec<_> = tiers.iter().collect();
        sorted.sort_by_key(|(_, t)| lower_key(&t.interval));
        for pair in sorted.windows(2) {
            let (a, b) = (&pair[0].1.interval, &pair[1].1.interval);
            let span = pair[1].0.clone();
            // Built only when reported: most tiers meet without overlapping.
            let overlap = || {
                Msg::by(|l| match l {
                    Lang::Vi => format!("{code}: mức {} và mức {} chồng lên nhau", a.show(on, l), b.show(on, l)),
                    Lang::En => format!("{code}: tiers {} and {} overlap", a.show(on, l), b.show(on, l)),
                })
            };
            match (a.upper, b.lower) {
                (None, _) | (_, None) => {
                    cx.error(
                        Code::TierOverlap,
                        span,
                        overlap(),
                        msg!("mỗi giá trị phải thuộc đúng một mức", "each value must fall in exactly one tier"),
                    );
                }
                (Some(u), Some(l)) => {
                    if u.value > l.value || (u.value == l.value && u.inclusive && l.inclusive) {
                        cx.error(
                            Code::TierOverlap,
                            span,
                            overlap(),
                            msg!(
                                "để một cận là cận mở: \"[70%, 80%)\" rồi \"[80%, 90%)\"",
                                "make one bound exclusive: \"[70%, 80%)\" then \"[80%, 90%)\""
                            ),
                        );
                    } else if u.value < l.value || (!u.inclusive && !l.inclusive) {
                        let at = |l| {
                            if on == TierOn::Ratio {
                                format!("{}%", show(u.value * Decimal::ONE_HUNDRED, l))
                            } else {
                                show(u.value, l)
                            }
                        };
                        cx.error(
                            Code::TierGap,
                            span,
                            Msg::by(|l| match l {
                                Lang::Vi => format!(
                                    "{code}: không mức nào chứa các giá trị từ {} nằm giữa mức {} và mức {}",
                                    at(l),
                                    a.show(on, l),
                                    b.show(on, l)
                                ),
                                Lang::En => format!(
                                    "{code}: no tier covers values from {} between {} and {}",
                                    at(l),
                                    a.show(on, l),
                                    b.show(on, l)
                                ),
                            }),
                            msg!(
                                "cho các mức nối liền nhau: một mức kết thúc ở \"80%)\" thì mức sau bắt đầu từ \"[80%\"",
                                "make the tiers meet: one ends \"80%)\" where the next starts \"[80%\""
                            ),
                        );
                    }
                }
            }
        }
        // The lowest tier must reach the smallest possible value (0), the highest the largest.
        if let Some((span, first)) = sorted.first()
            && let Some(l) = first.interval.lower
            && (l.value > Decimal::ZERO || (l.value == Decimal::ZERO && !l.inclusive))
        {
            {
                cx.error(
                    Code::TierGap,
                    span.clone(),
                    Msg::by(|l| match l {
                        Lang::Vi => format!("{code}: không mức nào chứa các giá trị dưới mức {}", first.interval.show(on, l)),
                        Lang::En => format!("{code}: no tier covers values below {}", first.interval.show(on, l)),
                    }),
                    msg!(
                        "thêm một mức thấp nhất như \"[0%, 70%)\" với 0 điểm",
                        "add a lowest tier such as \"[0%, 70%)\" with 0 points"
                    ),
                );
            }
        }
        if let Some((span, last)) = sorted.last() {
            let top_ok = match (on, last.interval.upper) {
                (_, None) => true,
                (TierOn::Ratio, Some(u)) => u.value > Decimal::ONE || (u.value == Decimal::ONE && u.inclusive),
                _ => false,
            };
            if !top_ok {
                cx.error(
                    Code::TierGap,
                    span.clone(),
                    Msg::by(|l| match l {
                        Lang::Vi => format!("{code}: không mức nào chứa các giá trị trên mức {}", last.interval.show(on, l)),
                        Lang::En => format!("{code}: no tier covers values above {}", last.interval.show(on, l)),
                    }),
                    msg!(
                        "cho mức cao nhất đạt tới 100% (\"[90%, 100%]\") hoặc để mở (\"[90%, )\")",
                        "let the highest tier reach 100% (\"[90%, 100%]\") or be open (\"[90%, )\")"
                    ),
                );
            }
        }
        Some(Tiers {
            measure: Text::from_raw(raw.measure.as_ref(), default_measure(on).0, default_measure(on).1),
            on,
            tiers: tiers.into_iter().map(|(_, t)| t).collect(),
        })
    }

    pub fn value_hint(&self) -> Text {
        match self.on {
            TierOn::Ratio => Text::new("tỷ lệ (%) hoặc phân số", "ratio (%) or fraction"),
            TierOn::Count => Text::new("số lượng", "count"),
            TierOn::Number => Text::new("số", "number"),
        }
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        let row = input.single()?;
        let value = match self.on {
            TierOn::Ratio => {
                let r = super::row_ratio(row)?;
                check_ratio(row, &r)?;
                r
            }
            TierOn::Count | TierOn::Number => {
                let parse = if self.on == TierOn::Count { parse_count } else { parse_number };
                Ratio::from_decimal(super::row_number(row, parse, || {
                    msg!("ghi một số như 2", "write a number such as 2")
                })?)
            }
        };
        let shown = |lang| {
            if self.on == TierOn::Ratio {
                show_ratio(&value, lang)
            } else {
                show(value.numerator(), lang)
            }
        };
        let Some(tier) = self.tiers.iter().find(|t| t.interval.contains(&value)) else {
            return Err(vec![row.invalid(
                msg!("{}: `{}` không thuộc mức nào", "{}: `{}` falls in no tier", row.target, row.value),
                msg!(
                    "kiểm tra lại giá trị, hoặc các mức trong tệp bộ tiêu chí",
                    "check the value, or the tiers in the criteria file"
                ),
            )]);
        };
        if !input.explain {
            return Ok(Outcome {
                points: tier.points,
                reason: Text::default(),
            });
        }
        let of = of_max(tier.points, input.max);
        Ok(Outcome {
            points: tier.points,
            reason: Text::new(
                format!(
                    "{} {} thuộc mức {} → {}",
                    self.measure.vi,
                    shown(Lang::Vi),
                    tier.interval.show(self.on, Lang::Vi),
                    of.vi
                ),
                format!(
                    "{} {} is in tier {} → {}",
                    self.measure.en,
                    shown(Lang::En),
                    tier.interval.show(self.on, Lang::En),
                    of.en
                ),
            ),
        })
    }
}

fn default_measure(on: TierOn) -> (&'static str, &'static str) {
    match on {
        TierOn::Ratio => ("tỷ lệ", "rate"),
        TierOn::Count => ("số lượng", "count"),
        TierOn::Number => ("giá trị", "value"),
    }
}

/// A ratio must lie between 0% and 100%, and a numerator cannot exceed its denominator.
pub(crate) fn check_ratio(row: &crate::evidence::Row, r: &Ratio) -> Result<(), Vec<Diagnostic>> {
    if !r.is_share() {
        let message = if r.is_fraction() {
            msg!(
                "{}: tỷ lệ `{}` không thể có: tử số lớn hơn mẫu số",
                "{}: ratio `{}` is impossible: its numerator is above its denominator",
                row.target,
                row.value
            )
        } else {
            msg!(
                "{}: tỷ lệ `{}` không thể có: nằm ngoài khoảng 0–100%",
                "{}: ratio `{}` is impossible: it is outside 0–100%",
                row.target,
                row.value
            )
        };
        return Err(vec![Diagnostic::error(Code::RatioOutOfRange, message).at(row.loc("value")).help(
            msg!(
                "tỷ lệ nằm trong khoảng 0% đến 100%; hãy kiểm tra lại các số",
                "a ratio is between 0% and 100%; check the numbers"
            ),
        )]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{build_errors, eval, points, rule};

    const ON_TIME: &str = r#"kind = "tiers"
measure = { vi = "tỷ lệ đúng hạn", en = "on-time rate" }
tiers = [
  { when = "[100%, 100%]", points = 6 },
  { when = "[95%, 100%)", points = 4 },
  { when = "[90%, 95%)", points = 3 },
  { when = "[80%, 90%)", points = 2 },
  { when = "[70%, 80%)", points = 1 },
  { when = "[0%, 70%)", points = 0 },
]"#;

    #[test]
    fn boundaries_are_exact() {
        let r = rule(ON_TIME, "6");
        assert_eq!(points(&r, "6", &[("", "70%")]), "1");
        assert_eq!(points(&r, "6", &[("", "69,999%")]), "0");
        assert_eq!(points(&r, "6", &[("", "80%")]), "2");
        assert_eq!(points(&r, "6", &[("", "79.99%")]), "1");
        assert_eq!(points(&r, "6", &[("", "100%")]), "6");
        assert_eq!(points(&r, "6", &[("", "999/1000")]), "4");
        assert_eq!(points(&r, "6", &[("", "4/5")]), "2");
        assert_eq!(points(&r, "6", &[("", "0/7")]), "0");
        let out = eval(&r, "6", &[("", "78.2%")]).unwrap();
        assert_eq!(out.reason.en, "on-time rate 78.2% is in tier 70–<80% → 1 of 6");
        assert_eq!(out.reason.vi, "tỷ lệ đúng hạn 78,2% thuộc mức 70–<80% → 1/6 điểm");
    }

    #[test]
    fn impossible_ratios_are_refused() {
        let r = rule(ON_TIME, "6");
        let e = eval(&r, "6", &[("", "101%")]).unwrap_err();
        assert_eq!(e[0].code, Code::RatioOutOfRange);
        let e = eval(&r, "6", &[("", "7/5")]).unwrap_err();
        assert!(e[0].message.en().contains("numerator is above its denominator"));
        let e = eval(&r, "6", &[("", "5/0")]).unwrap_err();
        assert!(e[0].message.en().contains("zero denominator"), "{}", e[0].message);
    }

    #[test]
    fn exclusive_lower_bound() {
        let r = rule(
            r#"kind = "tiers"
tiers = [{ when = "(90%, 100%]", points = 2 }, { when = "[0%, 90%]", points = 0 }]"#,
            "2",
        );
        assert_eq!(points(&r, "2", &[("", "90%")]), "0");
        assert_eq!(points(&r, "2", &[("", "90.001%")]), "2");
    }

    #[test]
    fn count_tiers() {
        let r = rule(
            r#"kind = "tiers"
on = "count"
tiers = [{ when = ">= 2", points = 2 }, { when = "[1, 2)", points = 1 }, { when = "[0, 1)", points = 0 }]"#,
            "2",
        );
        assert_eq!(points(&r, "2", &[("", "0")]), "0");
        assert_eq!(points(&r, "2", &[("", "1")]), "1");
        assert_eq!(points(&r, "2", &[("", "3")]), "2");
        assert!(eval(&r, "2", &[("", "1,5")]).is_err());
    }

    #[test]
    fn overlaps_gaps_order_and_excess_are_reported() {
        let e = build_errors(
            r#"kind = "tiers"
tiers = [{ when = "[80%, 100%]", points = 2 }, { when = "[0%, 80%]", points = 1 }]"#,
            "2",
        );
        assert_eq!(e.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::TierOverlap]);
        let e = build_errors(
            r#"kind = "tiers"
tiers = [{ when = "[80%, 100%]", points = 2 }, { when = "[0%, 70%)", points = 1 }]"#,
            "2",
        );
        assert_eq!(e.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::TierGap]);
        assert!(e[0].message.en().contains("no tier covers values from 70%"), "{}", e[0].message);
        let e = build_errors(
            r#"kind = "tiers"
tiers = [{ when = "[50%, 80%)", points = 1 }, { when = "[80%, 100%]", points = 2 }, { when = "[0%, 50%)", points = 0 }]"#,
            "2",
        );
        assert_eq!(e.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::TierOrder]);
        let e = build_errors(
            r#"kind = "tiers"
tiers = [{ when = "[0%, 100%]", points = 3 }]"#,
            "2",
        );
        assert_eq!(e.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::PointsAboveMax]);
        let e = build_errors(
            r#"kind = "tiers"
tiers = [{ when = "[10%, 100%]", points = 1 }]"#,
            "2",
        );
        assert_eq!(e.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::TierGap]);
        let e = build_errors(
            r#"kind = "tiers"
tiers = [{ when = "[80%, 70%)", points = 1 }]"#,
            "2",
        );
        assert_eq!(e.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::InvalidInterval]);
    }

    #[test]
    fn interval_forms() {
        let i = Interval::parse("[70,5%; 80%)", TierOn::Ratio).unwrap();
        assert_eq!(i.show(TierOn::Ratio, Lang::Vi), "70,5–<80%");
        assert_eq!(
            Interval::parse("> 90%", TierOn::Ratio).unwrap().show(TierOn::Ratio, Lang::En),
            ">90%"
        );
        assert_eq!(
            Interval::parse("= 100%", TierOn::Ratio).unwrap().show(TierOn::Ratio, Lang::En),
            "=100%"
        );
        assert!(Interval::parse("70%", TierOn::Ratio).is_err());
        assert!(Interval::parse("[1%, 2)", TierOn::Count).is_err());
    }

    #[test]
    fn tier_points_lie_between_zero_and_the_maximum() {
        let codes = |points: &str| {
            let body = format!(
                "kind = \"tiers\"\ntiers = [{{ when = \"[90%, 100%]\", points = {points} }}, {{ when = \"[0%, 90%)\", points = 0 }}]"
            );
            build_errors(&body, "2").iter().map(|d| d.code).collect::<Vec<_>>()
        };
        assert_eq!(codes("-0.5"), [Code::PointsAboveMax]);
        assert_eq!(codes("2.001"), [Code::PointsAboveMax]);
        assert_eq!(codes("2"), []);
        assert_eq!(codes("0"), []);
    }
}
