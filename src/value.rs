//! Values as offices write them in evidence and criteria files: ratios (`83,3%`, `5/6`),
//! counts, yes/no in Vietnamese and English, dates (`22/10/2022`, `2022-10-22`) and the
//! not-applicable markers (`không phát sinh`, `n/a`). Each parser returns a message that
//! says what was expected, so callers can attach a location.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::number::{NumberError, Ratio, parse_decimal};
use crate::text::fold;

/// Words that mark a criterion as not applicable for the unit this year.
pub const NOT_APPLICABLE: [&str; 8] = ["không phát sinh", "không áp dụng", "kps", "kad", "n/a", "na", "not applicable", "-"];

const YES: [&str; 9] = ["có", "co", "yes", "y", "true", "đạt", "dat", "x", "1"];
const NO: [&str; 9] = ["không", "khong", "no", "n", "false", "không đạt", "khong dat", "chưa", "0"];

/// True when `text` says "not applicable".
pub fn is_not_applicable(text: &str) -> bool {
    // Every marker starts with k, n or `-`; the Vietnamese ones are several words. So
    // numbers, dates, `có`, `không` and level names (`Khá`, `Kém`) are answered at once.
    let t = text.trim();
    match t.chars().next() {
        Some('k' | 'K') if t.is_ascii() => return t.eq_ignore_ascii_case("kps") || t.eq_ignore_ascii_case("kad"),
        Some('k' | 'K') if !t.contains(' ') => return false,
        Some('k' | 'K' | 'n' | 'N' | '-') => {}
        _ => return false,
    }
    let f = fold(text);
    NOT_APPLICABLE.contains(&f.as_str())
}

/// `có`/`không`, `yes`/`no`, `đạt`/`không đạt`, `x`, `1`/`0`.
pub fn parse_yes_no(text: &str) -> Result<bool, String> {
    // The spellings offices use most, without normalising.
    match text {
        "có" | "Có" | "yes" | "x" | "1" | "đạt" | "Đạt" => return Ok(true),
        "không" | "Không" | "no" | "0" => return Ok(false),
        _ => {}
    }
    let f = fold(text);
    if YES.contains(&f.as_str()) {
        Ok(true)
    } else if NO.contains(&f.as_str()) {
        Ok(false)
    } else {
        Err(format!("`{}` is not yes/no", text.trim()))
    }
}

pub const YES_NO_HELP: &str = "write `có` or `không` (also accepted: yes/no, đạt/không đạt, 1/0)";
pub const RATIO_HELP: &str = "write a percentage such as `83,3%` or `83.3%`, or a fraction such as `5/6`";
pub const DATE_HELP: &str = "write a date as dd/mm/yyyy (22/10/2022) or yyyy-mm-dd (2022-10-22)";

/// A ratio: `83.3%`, `83,3 %`, `5/6`, `2346/3000`. A bare number is refused because
/// `83` and `0.83` would both be plausible readings.
pub fn parse_ratio(text: &str) -> Result<Ratio, String> {
    let t = text.trim();
    let negative = || format!("`{t}` is negative: a ratio is a share from 0% to 100% (0/n to n/n)");
    if let Some(p) = t.strip_suffix('%') {
        if p.trim().is_empty() {
            return Err(format!("`{t}` has no number before the `%`"));
        }
        let p = parse_decimal(p).map_err(|e| e.to_string())?;
        if p.is_sign_negative() && !p.is_zero() {
            return Err(negative());
        }
        return Ok(Ratio::from_percent(p));
    }
    if let Some((a, b)) = t.split_once('/') {
        let num = parse_decimal(a).map_err(|e| e.to_string())?;
        let den = parse_decimal(b).map_err(|e| e.to_string())?;
        if den.is_zero() {
            return Err(NumberError::ZeroDenominator(t.to_string()).to_string());
        }
        if (num.is_sign_negative() && !num.is_zero()) || den.is_sign_negative() {
            return Err(negative());
        }
        return Ratio::new(num, den).ok_or_else(|| NumberError::ZeroDenominator(t.to_string()).to_string());
    }
    if parse_decimal(t).is_ok() {
        return Err(format!("`{t}` is a bare number; a ratio needs a `%` sign or a fraction"));
    }
    Err(format!("`{t}` is not a ratio"))
}

/// A whole, non-negative count (`2`, `02`).
pub fn parse_count(text: &str) -> Result<Decimal, String> {
    let d = parse_decimal(text).map_err(|e| e.to_string())?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(NumberError::Negative(text.trim().to_string()).to_string());
    }
    if d.fract() != Decimal::ZERO {
        return Err(format!("`{}` is not a whole number", text.trim()));
    }
    Ok(d)
}

/// A plain number (`8,125`, `78.4`).
pub fn parse_number(text: &str) -> Result<Decimal, String> {
    parse_decimal(text).map_err(|e| e.to_string())
}

/// A calendar date, `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` or ISO `yyyy-mm-dd`.
/// Impossible dates (31/02/2022) are refused.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let bad = || format!("`{t}` is not a valid date");
    let mut parts = ["", "", ""];
    let mut count = 0;
    for p in t.split(['/', '-', '.']) {
        if count == 3 || p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        parts[count] = p;
        count += 1;
    }
    if count != 3 {
        return Err(bad());
    }
    let n: [u32; 3] = parts.map(|p| p.parse().unwrap_or(0));
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if parts[2].len() == 4 {
        (n[2], n[1], n[0])
    } else {
        return Err(bad());
    };
    let y = i32::try_from(y).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("`{t}` is not a real calendar date"))
}

/// A date shown the Vietnamese way, dd/mm/yyyy (used in both languages, as in the source
/// documents).
pub fn show_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn yes_no_in_both_languages() {
        for y in ["có", "Có", "CÓ", "yes", "Đạt", "x", "1"] {
            assert_eq!(parse_yes_no(y), Ok(true), "{y}");
        }
        for n in ["không", "Không", "no", "không đạt", "0", "chưa"] {
            assert_eq!(parse_yes_no(n), Ok(false), "{n}");
        }
        assert!(parse_yes_no("maybe").is_err());
    }

    #[test]
    fn not_applicable_markers() {
        for t in ["không phát sinh", "Không Phát Sinh", "n/a", "N/A", "không áp dụng"] {
            assert!(is_not_applicable(t), "{t}");
        }
        assert!(!is_not_applicable("không"));
    }

    #[test]
    fn ratios() {
        let r = parse_ratio("83,3%").unwrap();
        assert_eq!(r.cmp_decimal(Decimal::new(833, 3)), Ordering::Equal);
        let r = parse_ratio("5/6").unwrap();
        assert_eq!(r.numerator(), Decimal::from(5));
        assert!(parse_ratio("5/0").unwrap_err().contains("zero denominator"));
        assert_eq!(
            parse_ratio("-1/2").unwrap_err(),
            "`-1/2` is negative: a ratio is a share from 0% to 100% (0/n to n/n)"
        );
        assert!(parse_ratio("1/-2").unwrap_err().starts_with("`1/-2` is negative"));
        assert!(parse_ratio("-5%").unwrap_err().starts_with("`-5%` is negative"));
        assert_eq!(parse_ratio("0/5").map(|r| r.numerator()), Ok(Decimal::ZERO));
        assert!(parse_ratio("83").unwrap_err().contains("bare number"));
        assert!(parse_ratio("abc").is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("22/10/2022"), Ok(NaiveDate::from_ymd_opt(2022, 10, 22).unwrap()));
        assert_eq!(parse_date("2022-10-22"), Ok(NaiveDate::from_ymd_opt(2022, 10, 22).unwrap()));
        assert_eq!(parse_date("1/2/2022"), Ok(NaiveDate::from_ymd_opt(2022, 2, 1).unwrap()));
        assert!(parse_date("31/02/2022").unwrap_err().contains("not a real calendar date"));
        assert!(parse_date("2022/10").is_err());
        assert!(parse_date("99999/1/1").is_err());
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("02"), Ok(Decimal::from(2)));
        assert!(parse_count("1,5").is_err());
        assert!(parse_count("-1").is_err());
    }
}
