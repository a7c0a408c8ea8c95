//! Values as offices write them in evidence and criteria files: ratios (`83,3%`, `5/6`),
//! counts, yes/no in Vietnamese and English, dates (`22/10/2022`, `2022-10-22`) and the
//! not-applicable markers (`không phát sinh`, `n/a`). Each parser returns a message that
//! says what was expected, so callers can attach a location.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::i18n::Msg;
use crate::msg;
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
    let t = crate::text::trim(text);
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
pub fn parse_yes_no(text: &str) -> Result<bool, Msg> {
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
        let t = text.trim();
        Err(msg!("`{t}` không phải là có/không", "`{t}` is not yes/no"))
    }
}

/// A help text fixed at compile time, in both languages; it becomes a [`Msg`] where a
/// diagnostic takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Help {
    pub vi: &'static str,
    pub en: &'static str,
}

impl From<Help> for Msg {
    fn from(h: Help) -> Msg {
        Msg::new(h.vi, h.en)
    }
}

pub const YES_NO_HELP: Help = Help {
    vi: "ghi `có` hoặc `không` (cũng chấp nhận: yes/no, đạt/không đạt, 1/0)",
    en: "write `có` or `không` (also accepted: yes/no, đạt/không đạt, 1/0)",
};
pub const RATIO_HELP: Help = Help {
    vi: "ghi tỷ lệ phần trăm như `83,3%` hoặc `83.3%`, hoặc phân số như `5/6`",
    en: "write a percentage such as `83,3%` or `83.3%`, or a fraction such as `5/6`",
};
pub const DATE_HELP: Help = Help {
    vi: "ghi ngày theo dạng dd/mm/yyyy (22/10/2022) hoặc yyyy-mm-dd (2022-10-22)",
    en: "write a date as dd/mm/yyyy (22/10/2022) or yyyy-mm-dd (2022-10-22)",
};

/// A ratio: `83.3%`, `83,3 %`, `5/6`, `2346/3000`. A bare number is refused because
/// `83` and `0.83` would both be plausible readings.
pub fn parse_ratio(text: &str) -> Result<Ratio, Msg> {
    let t = crate::text::trim(text);
    let negative = || {
        msg!(
            "`{t}` là số âm: tỷ lệ là một phần từ 0% đến 100% (0/n đến n/n)",
            "`{t}` is negative: a ratio is a share from 0% to 100% (0/n to n/n)"
        )
    };
    if let Some(p) = t.strip_suffix('%') {
        if crate::text::trim(p).is_empty() {
            return Err(msg!("`{t}` không có số trước dấu `%`", "`{t}` has no number before the `%`"));
        }
        let p = parse_decimal(p).map_err(|e| e.msg())?;
        if p.is_sign_negative() && !p.is_zero() {
            return Err(negative());
        }
        return Ok(Ratio::from_percent(p));
    }
    if let Some((a, b)) = t.split_once('/') {
        let num = parse_decimal(a).map_err(|e| e.msg())?;
        let den = parse_decimal(b).map_err(|e| e.msg())?;
        if den.is_zero() {
            return Err(NumberError::ZeroDenominator(t.to_string()).msg());
        }
        if (num.is_sign_negative() && !num.is_zero()) || den.is_sign_negative() {
            return Err(negative());
        }
        return Ratio::new(num, den).ok_or_else(|| NumberError::ZeroDenominator(t.to_string()).msg());
    }
    if parse_decimal(t).is_ok() {
        return Err(msg!(
            "`{t}` chỉ là một số; tỷ lệ cần có dấu `%` hoặc viết dạng phân số",
            "`{t}` is a bare number; a ratio needs a `%` sign or a fraction"
        ));
    }
    Err(msg!("`{t}` không phải là tỷ lệ", "`{t}` is not a ratio"))
}

/// A whole, non-negative count (`2`, `02`).
pub fn parse_count(text: &str) -> Result<Decimal, Msg> {
    let d = parse_decimal(text).map_err(|e| e.msg())?;
    let t = text.trim();
    if d.is_sign_negative() && !d.is_zero() {
        return Err(NumberError::Negative(t.to_string()).msg());
    }
    if d.fract() != Decimal::ZERO {
        return Err(msg!("`{t}` không phải là số nguyên", "`{t}` is not a whole number"));
    }
    Ok(d)
}

/// A plain number (`8,125`, `78.4`).
pub fn parse_number(text: &str) -> Result<Decimal, Msg> {
    parse_decimal(text).map_err(|e| e.msg())
}

/// A calendar date, `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` or ISO `yyyy-mm-dd`.
/// Impossible dates (31/02/2022) are refused.
pub fn parse_date(text: &str) -> Result<NaiveDate, Msg> {
    let t = text.trim();
    let bad = || msg!("`{t}` không phải là ngày hợp lệ", "`{t}` is not a valid date");
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
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| msg!("`{t}` không phải là ngày có thật", "`{t}` is not a real calendar date"))
}

/// A date shown the Vietnamese way, dd/mm/yyyy (used in both languages, as in the source
/// documents).
pub fn show_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A date as a reader of `lang` reads it without doubt: `10/01/2022` in Vietnamese,
/// `10 Jan 2022` in English (where `10/01` could be October).
pub fn show_date_in(d: NaiveDate, lang: crate::number::Lang) -> String {
    match lang {
        crate::number::Lang::Vi => show_date(d),
        crate::number::Lang::En => d.format("%-d %b %Y").to_string(),
    }
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
        let e = parse_yes_no(" maybe ").unwrap_err();
        assert_eq!((e.vi(), e.en()), ("`maybe` không phải là có/không", "`maybe` is not yes/no"));
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
        let e = parse_ratio("5/0").unwrap_err();
        assert_eq!((e.vi(), e.en()), ("`5/0` có mẫu số bằng 0", "`5/0` has a zero denominator"));
        let e = parse_ratio("-1/2").unwrap_err();
        assert_eq!(e.en(), "`-1/2` is negative: a ratio is a share from 0% to 100% (0/n to n/n)");
        assert_eq!(e.vi(), "`-1/2` là số âm: tỷ lệ là một phần từ 0% đến 100% (0/n đến n/n)");
        assert!(parse_ratio("1/-2").unwrap_err().en().starts_with("`1/-2` is negative"));
        assert!(parse_ratio("-5%").unwrap_err().en().starts_with("`-5%` is negative"));
        assert_eq!(parse_ratio("0/5").map(|r| r.numerator()), Ok(Decimal::ZERO));
        let e = parse_ratio("83").unwrap_err();
        assert_eq!(e.en(), "`83` is a bare number; a ratio needs a `%` sign or a fraction");
        assert_eq!(e.vi(), "`83` chỉ là một số; tỷ lệ cần có dấu `%` hoặc viết dạng phân số");
        let e = parse_ratio(" %").unwrap_err();
        assert_eq!(
            (e.vi(), e.en()),
            ("`%` không có số trước dấu `%`", "`%` has no number before the `%`")
        );
        let e = parse_ratio("abc").unwrap_err();
        assert_eq!((e.vi(), e.en()), ("`abc` không phải là tỷ lệ", "`abc` is not a ratio"));
        assert_eq!(parse_ratio("abc%").unwrap_err().vi(), "`abc` không phải là số");
        let help = Msg::from(RATIO_HELP);
        assert_eq!(
            help.en(),
            "write a percentage such as `83,3%` or `83.3%`, or a fraction such as `5/6`"
        );
        assert_eq!(help.vi(), "ghi tỷ lệ phần trăm như `83,3%` hoặc `83.3%`, hoặc phân số như `5/6`");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("22/10/2022"), Ok(NaiveDate::from_ymd_opt(2022, 10, 22).unwrap()));
        assert_eq!(parse_date("2022-10-22"), Ok(NaiveDate::from_ymd_opt(2022, 10, 22).unwrap()));
        assert_eq!(parse_date("1/2/2022"), Ok(NaiveDate::from_ymd_opt(2022, 2, 1).unwrap()));
        let e = parse_date("31/02/2022").unwrap_err();
        assert_eq!(e.en(), "`31/02/2022` is not a real calendar date");
        assert_eq!(e.vi(), "`31/02/2022` không phải là ngày có thật");
        let e = parse_date("2022/10").unwrap_err();
        assert_eq!(
            (e.vi(), e.en()),
            ("`2022/10` không phải là ngày hợp lệ", "`2022/10` is not a valid date")
        );
        assert!(parse_date("99999/1/1").is_err());
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("02"), Ok(Decimal::from(2)));
        let e = parse_count("1,5").unwrap_err();
        assert_eq!((e.vi(), e.en()), ("`1,5` không phải là số nguyên", "`1,5` is not a whole number"));
        let e = parse_count(" -1").unwrap_err();
        assert_eq!((e.vi(), e.en()), ("`-1` là số âm", "`-1` is negative"));
        assert_eq!(
            Msg::from(YES_NO_HELP).vi(),
            "ghi `có` hoặc `không` (cũng chấp nhận: yes/no, đạt/không đạt, 1/0)"
        );
        assert_eq!(
            Msg::from(DATE_HELP).en(),
            "write a date as dd/mm/yyyy (22/10/2022) or yyyy-mm-dd (2022-10-22)"
        );
    }
}
