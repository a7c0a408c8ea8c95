//! Deadline phrases as real remediation plans write them ("Trước ngày 15/11/2023", "Quý
//! III/2023", "Thường xuyên", …), read into the dates an item falls due in the plan's year.
//!
//! One-off deadlines are a single date; recurring ones are expanded to their occurrences up
//! to the end of the plan's year (so the calendar lists each one, and the status looks at the
//! next one): "Thường xuyên" (continuous) and the quarterly reports at each quarter's end,
//! "6 tháng, năm" at 30/6 and 31/12, monthly meetings at each month's end, "hàng năm" once.
//! A phrase without a year takes the plan's year.

use chrono::NaiveDate;

use crate::text::fold;

/// How often an item falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Repeat {
    /// Once, on its date.
    Once,
    /// Every year on the same day ("Trước ngày 25/12 hàng năm").
    Yearly,
    /// At each half-year's end ("6 tháng, năm").
    HalfYearly,
    /// At each quarter's end (quarterly reports; "Thường xuyên", checked each quarter).
    Quarterly,
    /// At each month's end (monthly and quarterly meetings).
    Monthly,
}

impl Repeat {
    pub fn key(self) -> &'static str {
        match self {
            Repeat::Once => "once",
            Repeat::Yearly => "yearly",
            Repeat::HalfYearly => "half_yearly",
            Repeat::Quarterly => "quarterly",
            Repeat::Monthly => "monthly",
        }
    }

    pub fn label(self, lang: crate::number::Lang) -> &'static str {
        use crate::i18n::tr;
        match self {
            Repeat::Once => tr(lang, "một lần", "once"),
            Repeat::Yearly => tr(lang, "hàng năm", "yearly"),
            Repeat::HalfYearly => tr(lang, "6 tháng, năm", "half-yearly"),
            Repeat::Quarterly => tr(lang, "hàng quý", "quarterly"),
            Repeat::Monthly => tr(lang, "hàng tháng", "monthly"),
        }
    }
}

/// A deadline read from its phrase: the dates it falls due, in order (at least one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub repeat: Repeat,
    pub dates: Vec<NaiveDate>,
}

impl Deadline {
    /// The first date on or after `day`, if any is left in the year.
    pub fn next_on_or_after(&self, day: NaiveDate) -> Option<NaiveDate> {
        self.dates.iter().copied().find(|d| *d >= day)
    }

    /// The last date before `day`, if one has passed.
    pub fn last_before(&self, day: NaiveDate) -> Option<NaiveDate> {
        self.dates.iter().copied().rev().find(|d| *d < day)
    }
}

/// Why a phrase cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhraseError {
    /// No deadline pattern recognised.
    Unknown,
    /// A date that does not exist (31/02/2023), a month or quarter out of range: what was read,
    /// in Vietnamese and in English.
    BadDate(String, String),
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt())
}

fn ends(year: i32, months: &[u32]) -> Vec<NaiveDate> {
    months.iter().filter_map(|m| month_end(year, *m)).collect()
}

/// Digits at the start of `s`, as a number, and the rest.
fn number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 9 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// The year of `/yyyy` (or ` năm yyyy`) at the start of `s` (spaces allowed around the slash), else the plan's
/// year; a slash followed by anything but a four-digit year (`/23`) is an error.
fn year_suffix(s: &str, plan_year: i32) -> Result<(i32, &str), PhraseError> {
    let s = s.trim_start();
    let Some(rest) = s.strip_prefix(['/', '-']).or_else(|| s.strip_prefix("năm")) else {
        return Ok((plan_year, s));
    };
    match number(rest.trim_start()) {
        Some((y, after)) if (1000..=9998).contains(&y) => Ok((y as i32, after)),
        _ => Err(PhraseError::BadDate(
            format!("năm `{}`", rest.trim()),
            format!("year `{}`", rest.trim()),
        )),
    }
}

/// Whether the text after a phrase's date says nothing more than "every year": anything else
/// (a second date, `abc`, markup) would be silently left out, so the phrase is not read.
fn tail_ok(rest: &str) -> bool {
    matches!(rest.trim(), "" | "hàng năm" | "hằng năm")
}

/// The first `d/m[/yyyy]` in the text: (day, month, year, the text after it).
fn find_date(t: &str) -> Option<(u32, u32, Option<i32>, &str)> {
    for (i, c) in t.char_indices() {
        if !c.is_ascii_digit() || t[..i].ends_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Some((d, rest)) = number(&t[i..]) else { continue };
        let Some(rest) = rest.strip_prefix('/') else { continue };
        let Some((m, after)) = number(rest) else { continue };
        // Day and month have one or two digits: `6/2023` is a month and its year.
        if t.len() - i - rest.len() > 3 || rest.len() - after.len() > 2 {
            continue;
        }
        let rest = after;
        return match rest.strip_prefix('/').and_then(number) {
            Some((y, after)) => Some((d, m, Some(y as i32), after)),
            None => Some((d, m, None, rest)),
        };
    }
    None
}

fn roman(s: &str) -> Option<(u32, &str)> {
    for (word, n) in [("iv", 4), ("v", 5), ("iii", 3), ("ii", 2), ("i", 1)] {
        if let Some(rest) = s.strip_prefix(word)
            && !rest.starts_with(|c: char| c.is_alphanumeric())
        {
            return Some((n, rest));
        }
    }
    number(s)
}

/// Reads a deadline phrase; a phrase without a year takes `plan_year`. `Ok(None)` for a
/// blank phrase (no deadline).
pub fn parse(phrase: &str, plan_year: i32) -> Result<Option<Deadline>, PhraseError> {
    let t = fold(phrase.trim());
    let t = t.trim_end_matches(['.', ';']).trim();
    if t.is_empty() {
        return Ok(None);
    }
    let periodic = |repeat, months: &[u32]| {
        Ok(Some(Deadline {
            repeat,
            dates: ends(plan_year, months),
        }))
    };
    const QUARTERS: [u32; 4] = [3, 6, 9, 12];
    const MONTHS: [u32; 12] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    if t.contains("thường xuyên") {
        return periodic(Repeat::Quarterly, &QUARTERS);
    }
    if t.contains("giao ban") || t.contains("hàng tháng") || t.contains("tháng, quý") {
        return periodic(Repeat::Monthly, &MONTHS);
    }
    if t.contains("báo cáo quý") || t.contains("hàng quý") || t.contains("quý, 6 tháng") {
        return periodic(Repeat::Quarterly, &QUARTERS);
    }
    if t.contains("6 tháng, năm") || t.contains("6 tháng và năm") || t.contains("6 tháng, cả năm") {
        return periodic(Repeat::HalfYearly, &[6, 12]);
    }
    let bad = |what: String| Err(PhraseError::BadDate(what.clone(), what));
    let bad2 = |vi: String, en: String| Err(PhraseError::BadDate(vi, en));
    if let Some((d, m, y, after)) = find_date(t) {
        if !tail_ok(after) {
            return Err(PhraseError::Unknown);
        }
        let yearly = after.contains("hàng năm") || t.contains("hằng năm");
        let year = y.unwrap_or(plan_year);
        if y.is_some_and(|y| !(1000..=9998).contains(&y)) {
            return bad(format!("{d}/{m}/{year}"));
        }
        return match NaiveDate::from_ymd_opt(year, m, d) {
            Some(date) => Ok(Some(Deadline {
                repeat: if yearly && y.is_none() { Repeat::Yearly } else { Repeat::Once },
                dates: vec![date],
            })),
            None => bad(format!("{d}/{m}/{year}")),
        };
    }
    // "ngày 15 tháng 11 năm 2023", as administrative documents write dates.
    if let Some(i) = t.find("ngày") {
        let rest = t[i + "ngày".len()..].trim_start();
        if let Some((d, rest)) = number(rest)
            && let Some(rest) = rest.trim_start().strip_prefix("tháng")
            && let Some((m, rest)) = number(rest.trim_start())
        {
            let (year, rest) = year_suffix(rest, plan_year)?;
            if !tail_ok(rest) {
                return Err(PhraseError::Unknown);
            }
            let yearly = t.contains("hàng năm") || t.contains("hằng năm");
            return match NaiveDate::from_ymd_opt(year, m, d) {
                Some(date) => Ok(Some(Deadline {
                    repeat: if yearly { Repeat::Yearly } else { Repeat::Once },
                    dates: vec![date],
                })),
                None => bad(format!("{d}/{m}/{year}")),
            };
        }
    }
    // A digit before the quarter or month named is another date this reading would drop.
    let digit_before = |i: usize| t[..i].contains(|c: char| c.is_ascii_digit());
    if let Some(i) = t.find("quý") {
        if digit_before(i) {
            return Err(PhraseError::Unknown);
        }
        let rest = t[i + "quý".len()..].trim_start();
        if let Some((q, rest)) = roman(rest) {
            if !(1..=4).contains(&q) {
                return bad2(format!("quý {q}"), format!("quarter {q}"));
            }
            let (year, rest) = year_suffix(rest, plan_year)?;
            if !tail_ok(rest) {
                return Err(PhraseError::Unknown);
            }
            return Ok(Some(Deadline {
                repeat: Repeat::Once,
                dates: ends(year, &[q * 3]),
            }));
        }
    }
    if let Some(i) = t.find("tháng") {
        if digit_before(i) {
            return Err(PhraseError::Unknown);
        }
        let rest = t[i + "tháng".len()..].trim_start();
        if let Some((m, rest)) = number(rest) {
            // "tháng 9-10/2022": due at the end of the last month named.
            let (m, rest) = match rest.trim_start().strip_prefix(['-', '–']).map(str::trim_start).and_then(number) {
                Some((m2, rest2)) if m2 >= m => (m2, rest2),
                Some((m2, _)) => return bad2(format!("tháng {m}-{m2}"), format!("months {m}-{m2}")),
                None => (m, rest),
            };
            if !(1..=12).contains(&m) {
                return bad2(format!("tháng {m}"), format!("month {m}"));
            }
            let (year, rest) = year_suffix(rest, plan_year)?;
            if !tail_ok(rest) {
                return Err(PhraseError::Unknown);
            }
            return Ok(Some(Deadline {
                repeat: Repeat::Once,
                dates: ends(year, &[m]),
            }));
        }
    }
    if t.contains("hàng năm") || t.contains("hằng năm") || t == "năm" || t.contains("cuối năm") {
        return periodic(Repeat::Yearly, &[12]);
    }
    Err(PhraseError::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn read(p: &str) -> Deadline {
        parse(p, 2023).unwrap().unwrap()
    }

    #[test]
    fn seed_004_phrases_verbatim() {
        let q = vec![d(2023, 3, 31), d(2023, 6, 30), d(2023, 9, 30), d(2023, 12, 31)];
        assert_eq!(read("Trước ngày 15/11/2023").dates, vec![d(2023, 11, 15)]);
        assert_eq!(read("Trước ngày 15/11/2023").repeat, Repeat::Once);
        let annual = read("Trước ngày 25/12 hàng năm");
        assert_eq!((annual.repeat, annual.dates), (Repeat::Yearly, vec![d(2023, 12, 25)]));
        let cont = read("Thường xuyên");
        assert_eq!((cont.repeat, cont.dates.clone()), (Repeat::Quarterly, q.clone()));
        let reports = read("Theo quy định báo cáo quý, 6 tháng và năm");
        assert_eq!((reports.repeat, reports.dates), (Repeat::Quarterly, q));
        let meetings = read("Thông báo Kết luận cuộc họp giao ban tháng, quý của UBND huyện");
        assert_eq!(meetings.repeat, Repeat::Monthly);
        assert_eq!(meetings.dates.len(), 12);
        assert_eq!(meetings.dates[0], d(2023, 1, 31));
        assert_eq!(meetings.dates[1], d(2023, 2, 28));
        assert_eq!(meetings.dates[11], d(2023, 12, 31));
        assert_eq!(parse("", 2023), Ok(None));
    }

    #[test]
    fn other_phrases_of_real_plans() {
        assert_eq!(read("Quý III/2023").dates, vec![d(2023, 9, 30)]);
        assert_eq!(read("Quý III").dates, vec![d(2023, 9, 30)]);
        assert_eq!(read("Quý I/2024").dates, vec![d(2024, 3, 31)]);
        assert_eq!(read("Quý 2").dates, vec![d(2023, 6, 30)]);
        assert_eq!(read("Quý I năm 2024").dates, vec![d(2024, 3, 31)]);
        assert_eq!(read("Trước ngày 15 tháng 11 năm 2023").dates, vec![d(2023, 11, 15)]);
        assert_eq!(read("trước ngày 20 tháng 12 hàng năm").repeat, Repeat::Yearly);
        assert_eq!(
            parse("Trước ngày 31 tháng 4", 2023),
            Err(PhraseError::BadDate("31/4/2023".into(), "31/4/2023".into()))
        );
        assert_eq!(read("Trong tháng 7 năm 2024").dates, vec![d(2024, 7, 31)]);
        assert_eq!(read("quý IV").dates, vec![d(2023, 12, 31)]);
        assert_eq!(read("Tháng 6/2023").dates, vec![d(2023, 6, 30)]);
        assert_eq!(read("trong tháng 8/2022").dates, vec![d(2022, 8, 31)]);
        assert_eq!(read("tháng 9-10/2022").dates, vec![d(2022, 10, 31)]);
        assert_eq!(read("Tháng 2").dates, vec![d(2023, 2, 28)]);
        assert_eq!(read("trước ngày 20/6/2023").dates, vec![d(2023, 6, 20)]);
        assert_eq!(read("Trước ngày 20/6").dates, vec![d(2023, 6, 20)]);
        let half = read("6 tháng, năm");
        assert_eq!(
            (half.repeat, half.dates),
            (Repeat::HalfYearly, vec![d(2023, 6, 30), d(2023, 12, 31)])
        );
        assert_eq!(read("Hàng quý").repeat, Repeat::Quarterly);
        assert_eq!(read("  TRƯỚC NGÀY 15/11/2023.  ").dates, vec![d(2023, 11, 15)]);
    }

    #[test]
    fn unreadable_phrases_are_errors() {
        assert_eq!(parse("Sớm nhất có thể", 2023), Err(PhraseError::Unknown));
        // Text after the date is never dropped: a second date, letters, markup.
        for phrase in [
            "Quý III/2023abc",
            "<b>Quý III/2023</b>",
            "Trước ngày 15/11/2023 và 20/12/2023",
            "Tháng 6/2023; Tháng 9/2023",
            "Trước ngày 15/11/2023 xxx",
            "ngày 15 tháng 11 năm 2023 hoặc sớm hơn",
            "tháng 9-10/2022 và quý IV",
        ] {
            assert_eq!(parse(phrase, 2023), Err(PhraseError::Unknown), "{phrase}");
        }
        assert_eq!(
            parse("Trước ngày 31/02/2023", 2023),
            Err(PhraseError::BadDate("31/2/2023".into(), "31/2/2023".into()))
        );
        assert_eq!(
            parse("Quý V/2023", 2023),
            Err(PhraseError::BadDate("quý 5".into(), "quarter 5".into()))
        );
        assert_eq!(
            parse("Tháng 13/2023", 2023),
            Err(PhraseError::BadDate("tháng 13".into(), "month 13".into()))
        );
        assert_eq!(
            parse("Trước ngày 31/12/9999", 2023),
            Err(PhraseError::BadDate("31/12/9999".into(), "31/12/9999".into()))
        );
        assert_eq!(
            parse("Trước ngày 15/11/99999", 2023),
            Err(PhraseError::BadDate("15/11/99999".into(), "15/11/99999".into()))
        );
    }

    #[test]
    fn next_and_last_dates() {
        let cont = read("Thường xuyên");
        assert_eq!(cont.next_on_or_after(d(2023, 9, 30)), Some(d(2023, 9, 30)));
        assert_eq!(cont.next_on_or_after(d(2023, 10, 1)), Some(d(2023, 12, 31)));
        assert_eq!(cont.last_before(d(2023, 9, 30)), Some(d(2023, 6, 30)));
        assert_eq!(cont.next_on_or_after(d(2024, 1, 1)), None);
    }
}
