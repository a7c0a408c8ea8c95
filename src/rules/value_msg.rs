//! Bilingual forms of the value parsers' errors (`crate::value`, `crate::number`) for the
//! diagnostics the rules and the criteria loader raise. The parsers say what was wrong in
//! English, always as the quoted value followed by a fixed sentence; the Vietnamese is that
//! sentence's translation after the same quoted value.

use crate::i18n::Msg;
use crate::number::NumberError;

/// Sentences that follow the quoted value in a parser's error, English and Vietnamese.
/// Longest first where one ends another.
const SENTENCES: [(&str, &str); 13] = [
    (
        " is not a number: a number has at most one decimal mark, and a separator used more than once must group digits in threes (1.234.567)",
        " không phải là số: một số có nhiều nhất một dấu thập phân, và dấu phân cách dùng nhiều lần phải chia các chữ số thành nhóm ba (1.234.567)",
    ),
    (
        " is negative: a ratio is a share from 0% to 100% (0/n to n/n)",
        " là số âm: tỷ lệ là một phần từ 0% đến 100% (0/n đến n/n)",
    ),
    (
        " is a bare number; a ratio needs a `%` sign or a fraction",
        " là một số không kèm đơn vị; tỷ lệ cần có dấu `%` hoặc viết dạng phân số",
    ),
    (" is too large (the limit is 10^18)", " quá lớn (giới hạn là 10^18)"),
    (" has no number before the `%`", " không có số trước dấu `%`"),
    (" has a zero denominator", " có mẫu số bằng 0"),
    (" is not a real calendar date", " không phải là ngày có thật trên lịch"),
    (" is not a valid date", " không phải là ngày hợp lệ"),
    (" is not a whole number", " không phải là số nguyên"),
    (" is not a number", " không phải là số"),
    (" is not a ratio", " không phải là tỷ lệ"),
    (" is not yes/no", " không phải là có/không"),
    (" is negative", " là số âm"),
];

/// A value parser's English error in both languages. An error that is not one of the known
/// sentences is kept as it is in both.
pub(crate) fn value_error(en: &str) -> Msg {
    for (en_tail, vi_tail) in SENTENCES {
        if let Some(quoted) = en.strip_suffix(en_tail)
            && quoted.len() >= 2
            && quoted.starts_with('`')
            && quoted.ends_with('`')
        {
            return Msg::new(format!("{quoted}{vi_tail}"), en);
        }
    }
    Msg::same(en)
}

/// A number parser's error in both languages.
pub(crate) fn number_error(e: &NumberError) -> Msg {
    value_error(&e.to_string())
}

/// `crate::value::YES_NO_HELP` in both languages.
pub(crate) fn yes_no_help() -> Msg {
    Msg::new(
        "ghi `có` hoặc `không` (cũng chấp nhận: yes/no, đạt/không đạt, 1/0)",
        crate::value::YES_NO_HELP,
    )
}

/// `crate::value::RATIO_HELP` in both languages.
pub(crate) fn ratio_help() -> Msg {
    Msg::new(
        "ghi tỷ lệ phần trăm như `83,3%` hoặc `83.3%`, hoặc phân số như `5/6`",
        crate::value::RATIO_HELP,
    )
}

/// `crate::value::DATE_HELP` in both languages.
pub(crate) fn date_help() -> Msg {
    Msg::new(
        "ghi ngày dạng dd/mm/yyyy (22/10/2022) hoặc yyyy-mm-dd (2022-10-22)",
        crate::value::DATE_HELP,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{parse_count, parse_date, parse_number, parse_ratio, parse_yes_no};

    /// Every error the parsers give today has a Vietnamese form; a reworded parser error
    /// fails here instead of showing English in a Vietnamese report.
    #[test]
    fn every_parser_error_is_translated() {
        let errors = [
            parse_yes_no("maybe").unwrap_err(),
            parse_ratio("-5%").unwrap_err(),
            parse_ratio("%").unwrap_err(),
            parse_ratio("83").unwrap_err(),
            parse_ratio("abc").unwrap_err(),
            parse_ratio("5/0").unwrap_err(),
            parse_ratio("1.2.3,4%").unwrap_err(),
            parse_count("1,5").unwrap_err(),
            parse_count("-2").unwrap_err(),
            parse_number("x").unwrap_err(),
            parse_number("1234567890123456789012345").unwrap_err(),
            parse_date("2022-02-31").unwrap_err(),
            parse_date("hôm qua").unwrap_err(),
        ];
        for en in &errors {
            let m = value_error(en);
            assert_eq!(m.en(), en);
            assert_ne!(m.vi(), en, "no Vietnamese for {en}");
        }
        assert_eq!(value_error(&errors[0]).vi(), "`maybe` không phải là có/không");
        assert_eq!(value_error(&errors[4]).vi(), "`abc` không phải là tỷ lệ");
        assert_eq!(value_error(&errors[7]).vi(), "`1,5` không phải là số nguyên");
        assert_eq!(value_error(&errors[11]).vi(), "`2022-02-31` không phải là ngày có thật trên lịch");
        // A value that itself ends like a sentence is still quoted whole.
        assert_eq!(
            value_error("`a` is negative` is not a number").vi(),
            "`a` is negative` không phải là số"
        );
        assert_eq!(value_error("something else").vi(), "something else");
    }
}
