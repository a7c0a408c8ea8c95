//! Exact numbers: parsing decimals as Vietnamese and English offices write them, reading
//! TOML number literals from their source text, ratios kept as exact fractions, named
//! rounding strategies, and display.
//!
//! Nothing here goes through `f32`/`f64`: `4.855` stays `4.855` from the input file to the
//! output, and `0.1 + 0.2` is `0.3`.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy as DecStrategy};

use crate::i18n::Msg;

/// Largest magnitude accepted for any number read from a criteria or evidence file. Keeping
/// inputs far below `Decimal::MAX` (about 7.9e28) means sums and products of two inputs can
/// never overflow, so scoring does not need a fallible step for every addition.
pub const LIMIT: Decimal = Decimal::from_parts(0xA764_0000, 0x0DE0_B6B3, 0, false, 0); // 1e18

/// Why a text is not a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("`{0}` is not a number")]
    NotANumber(String),
    #[error("`{0}` is too large (the limit is 10^18)")]
    TooLarge(String),
    #[error("`{0}` has a zero denominator")]
    ZeroDenominator(String),
    #[error("`{0}` is negative")]
    Negative(String),
    #[error(
        "`{0}` is not a number: a number has at most one decimal mark, and a separator used more than once must group digits in threes (1.234.567)"
    )]
    BadGrouping(String),
    /// More significant digits than an exact decimal holds.
    #[error("`{0} (more than 28 significant digits)` is not a number")]
    TooManyDigits(String),
}

impl NumberError {
    /// The message in both languages (the `Display` text is the English one).
    pub fn msg(&self) -> Msg {
        match self {
            NumberError::NotANumber(t) => crate::msg!("`{t}` không phải là số", "`{t}` is not a number"),
            NumberError::TooLarge(t) => crate::msg!("`{t}` quá lớn (giới hạn là 10^18)", "`{t}` is too large (the limit is 10^18)"),
            NumberError::ZeroDenominator(t) => crate::msg!("`{t}` có mẫu số bằng 0", "`{t}` has a zero denominator"),
            NumberError::Negative(t) => crate::msg!("`{t}` là số âm", "`{t}` is negative"),
            NumberError::BadGrouping(t) => crate::msg!(
                "`{t}` không phải là số: một số có nhiều nhất một dấu thập phân, và dấu phân cách dùng nhiều lần phải chia chữ số thành từng nhóm ba (1.234.567)",
                "`{t}` is not a number: a number has at most one decimal mark, and a separator used more than once must group digits in threes (1.234.567)"
            ),
            NumberError::TooManyDigits(t) => crate::msg!(
                "`{t}` không phải là số (quá 28 chữ số có nghĩa)",
                "`{t} (more than 28 significant digits)` is not a number"
            ),
        }
    }
}

/// Parses a decimal written by a person: `4.855`, `4,855`, `1.234,5`, `1,234.5`, `-0,25`.
///
/// A single comma is a decimal comma (Vietnamese style). When both `.` and `,` appear, the
/// last one is the decimal separator and the other groups digits. A separator that appears
/// more than once groups digits (`1.234.567`). Exponents, `NaN` and infinities are refused.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    use crate::number_format::{NumberFormat, Reading, read_as, readings};
    if let Some(d) = parse_simple(text.as_bytes()) {
        return Ok(d);
    }
    let raw = text.trim();
    let bad = || NumberError::NotANumber(raw.to_string());
    let (negative, body) = match raw.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, raw.strip_prefix('+').unwrap_or(raw).trim_start()),
    };
    if body.is_empty()
        || !body.starts_with(|c: char| c.is_ascii_digit())
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}'))
    {
        return Err(bad());
    }
    // One separator is the decimal mark; otherwise the number must read the same way under
    // every convention that reads it at all (groups of three, one decimal mark).
    let read = match (body.matches('.').count(), body.matches(',').count()) {
        (1, 0) => read_as(body, NumberFormat::En),
        (0, 1) => read_as(body, NumberFormat::Vi),
        _ => match readings(body) {
            Reading::Either(d) | Reading::Only(_, d) => Some(Ok(d)),
            // Out of range under a reading that is otherwise well formed: say so.
            Reading::Neither => read_as(body, NumberFormat::En)
                .filter(Result::is_err)
                .or_else(|| read_as(body, NumberFormat::Vi).filter(Result::is_err)),
            Reading::Ambiguous { .. } => None,
        },
    };
    match read {
        Some(Ok(d)) => Ok(if negative { -d } else { d }),
        Some(Err(e)) => Err(e),
        None if body.contains(['.', ',']) => Err(NumberError::BadGrouping(raw.to_string())),
        None => Err(bad()),
    }
}

/// The common case without allocating: optional `-`, up to 18 digits, at most one `.` or
/// `,` followed by at least one digit. Anything else goes through the general parser.
fn parse_simple(b: &[u8]) -> Option<Decimal> {
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut mantissa: i64 = 0;
    let mut scale: u32 = 0;
    let mut seen_sep = false;
    let mut int_digits = 0;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i64::from(c - b'0');
                if seen_sep { scale += 1 } else { int_digits += 1 }
            }
            b'.' | b',' if !seen_sep && i > 0 && i + 1 < digits.len() => seen_sep = true,
            _ => return None,
        }
    }
    if int_digits == 0 {
        return None;
    }
    // Normalised here, on 64 bits, as `Decimal::normalize` would (no trailing zeros, zero
    // without sign or places), without its 96-bit division per digit.
    if mantissa == 0 {
        return Some(Decimal::ZERO);
    }
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    Some(Decimal::new(if negative { -mantissa } else { mantissa }, scale))
}

/// Parses the source text of a TOML number literal exactly (`4.855`, `1_000`, `+2`, `5e-1`).
/// TOML floats would otherwise pass through `f64`; reading the literal keeps every digit.
pub fn parse_toml_literal(text: &str) -> Result<Decimal, NumberError> {
    let raw = text.trim();
    let bad = || NumberError::NotANumber(raw.to_string());
    let cleaned: String = raw.chars().filter(|c| *c != '_').collect();
    let cleaned = cleaned.strip_prefix('+').unwrap_or(&cleaned).to_string();
    let lower = cleaned.to_ascii_lowercase();
    if lower.contains("inf") || lower.contains("nan") || lower.starts_with("0x") || lower.starts_with("0o") || lower.starts_with("0b") {
        return Err(bad());
    }
    if lower.contains('e') {
        // Exponents beyond ±28 cannot be represented exactly; refuse them before parsing.
        let exponent = lower.split('e').nth(1).unwrap_or("");
        let exp_ok = exponent.trim_start_matches(['+', '-']).parse::<u32>().is_ok_and(|e| e <= 28);
        if lower.len() > 64 || !exp_ok {
            return Err(NumberError::TooLarge(raw.to_string()));
        }
        let d = Decimal::from_scientific(&lower).map_err(|_| NumberError::TooLarge(raw.to_string()))?;
        return check_limit(d, raw);
    }
    finish(&cleaned, raw)
}

/// The exact decimal of canonical text (`-1234.5`), refusing values beyond the limits;
/// `raw` is what was written, for messages.
pub(crate) fn exact(normal: &str, raw: &str) -> Result<Decimal, NumberError> {
    finish(normal, raw)
}

fn finish(normal: &str, raw: &str) -> Result<Decimal, NumberError> {
    let digits = normal.trim_start_matches('-').replace('.', "");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber(raw.to_string()));
    }
    let significant = digits.trim_start_matches('0');
    let int_len = normal
        .trim_start_matches('-')
        .split('.')
        .next()
        .unwrap_or("")
        .trim_start_matches('0')
        .len();
    if int_len > 18 {
        return Err(NumberError::TooLarge(raw.to_string()));
    }
    if significant.len() > 28 {
        return Err(NumberError::TooManyDigits(raw.to_string()));
    }
    let d = Decimal::from_str_exact(normal).map_err(|_| NumberError::NotANumber(raw.to_string()))?;
    check_limit(d, raw)
}

fn check_limit(d: Decimal, raw: &str) -> Result<Decimal, NumberError> {
    if d.abs() > LIMIT {
        Err(NumberError::TooLarge(raw.to_string()))
    } else {
        Ok(d.normalize())
    }
}

/// A ratio kept as an exact fraction `num / den` (den > 0), so `5/6` compares exactly
/// against a tier bound of `83.33%` without any rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    num: Decimal,
    den: Decimal,
}

impl Ratio {
    /// A fraction; `None` when the denominator is not positive.
    pub fn new(num: Decimal, den: Decimal) -> Option<Ratio> {
        (den > Decimal::ZERO).then_some(Ratio { num, den })
    }

    /// A ratio from a percentage (`83.3` → 83.3/100).
    pub fn from_percent(p: Decimal) -> Ratio {
        Ratio {
            num: p,
            den: Decimal::ONE_HUNDRED,
        }
    }

    pub fn from_decimal(d: Decimal) -> Ratio {
        Ratio { num: d, den: Decimal::ONE }
    }

    pub fn numerator(&self) -> Decimal {
        self.num
    }

    pub fn denominator(&self) -> Decimal {
        self.den
    }

    /// Exact comparison with a plain fraction bound (0.8 for 80%).
    pub fn cmp_decimal(&self, bound: Decimal) -> Ordering {
        // num/den ? bound  <=>  num ? bound*den  (den > 0): on the mantissas scaled to one
        // scale, in 128-bit integers, when they fit (office shares and bounds always do).
        let (n, d, b) = (self.num.mantissa(), self.den.mantissa(), bound.mantissa());
        let scale = self.num.scale().max(bound.scale() + self.den.scale());
        if let Some(lhs) = pow10(scale - self.num.scale()).and_then(|p| mul(n, p))
            && let Some(rhs) = pow10(scale - bound.scale() - self.den.scale()).and_then(|p| mul(mul(b, d)?, p))
        {
            return lhs.cmp(&rhs);
        }
        // Inputs are bounded by LIMIT so the product fits, but fall back to division rather
        // than panic if it ever does not.
        match bound.checked_mul(self.den) {
            Some(rhs) => self.num.cmp(&rhs),
            None => self.value().cmp(&bound),
        }
    }

    /// Whether the ratio lies in 0–1 (0% to 100%): `0 ≤ num ≤ den`, as the denominator is
    /// positive (what comparing it with 0 and 1 gives, without the products).
    pub fn is_share(&self) -> bool {
        (self.num.is_zero() || !self.num.is_sign_negative()) && self.num <= self.den
    }

    /// Exact comparison of two ratios.
    pub fn cmp_ratio(&self, other: &Ratio) -> Ordering {
        match (self.num.checked_mul(other.den), other.num.checked_mul(self.den)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.value().cmp(&other.value()),
        }
    }

    /// The ratio as a decimal fraction (28 significant digits for non-terminating fractions).
    pub fn value(&self) -> Decimal {
        self.num.checked_div(self.den).unwrap_or(Decimal::ZERO)
    }

    /// `self × factor`, computed as `num × factor / den` to keep terminating results exact.
    pub fn times(&self, factor: Decimal) -> Option<Decimal> {
        self.num.checked_mul(factor)?.checked_div(self.den)
    }

    /// The ratio as a percentage for display, at most `places` decimals, trailing zeros removed.
    pub fn percent(&self, places: u32) -> Decimal {
        self.times(Decimal::ONE_HUNDRED)
            .unwrap_or(Decimal::ZERO)
            .round_dp_with_strategy(places, DecStrategy::MidpointAwayFromZero)
            .normalize()
    }

    /// True when the fraction was written as `a/b` with a denominator other than 1 or 100.
    pub fn is_fraction(&self) -> bool {
        self.den != Decimal::ONE && self.den != Decimal::ONE_HUNDRED
    }
}

/// A named rounding strategy, as a criteria set declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundingStrategy {
    /// 0.0005 → 0.001 (away from zero at the midpoint): what people do by hand.
    HalfUp,
    /// 0.0005 → 0.000, 0.0015 → 0.002: banker's rounding.
    HalfEven,
    /// Truncate toward zero: 0.0789 → 0.078.
    Down,
}

impl RoundingStrategy {
    pub const NAMES: [&'static str; 3] = ["half-up", "half-even", "down"];

    pub fn parse(name: &str) -> Option<RoundingStrategy> {
        match name {
            "half-up" => Some(RoundingStrategy::HalfUp),
            "half-even" => Some(RoundingStrategy::HalfEven),
            "down" => Some(RoundingStrategy::Down),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            RoundingStrategy::HalfUp => "half-up",
            RoundingStrategy::HalfEven => "half-even",
            RoundingStrategy::Down => "down",
        }
    }
    /// How the strategy is said in a report: `làm tròn thông thường` / `rounded half-up`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RoundingStrategy::HalfUp, Lang::Vi) => "làm tròn thông thường",
            (RoundingStrategy::HalfUp, Lang::En) => "rounded half-up",
            (RoundingStrategy::HalfEven, Lang::Vi) => "làm tròn về số chẵn",
            (RoundingStrategy::HalfEven, Lang::En) => "rounded half-even",
            (RoundingStrategy::Down, Lang::Vi) => "bỏ phần thừa",
            (RoundingStrategy::Down, Lang::En) => "rounded down",
        }
    }
}

impl Rounding {
    /// ` ≈ 0,078 (làm tròn thông thường, 3 chữ số thập phân)`: the note added to a reason
    /// whose points were rounded.
    pub fn note(self, rounded: Decimal, lang: Lang) -> String {
        let (strategy, places) = (self.strategy.label(lang), self.places);
        match lang {
            Lang::Vi => format!(" ≈ {} ({strategy}, {places} chữ số thập phân)", show(rounded, lang)),
            Lang::En => format!(" ≈ {} ({strategy}, {places} decimal places)", show(rounded, lang)),
        }
    }
}

/// Decimal places plus strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    pub places: u32,
    pub strategy: RoundingStrategy,
}

impl Rounding {
    /// Largest number of decimal places a criteria set may ask for.
    pub const MAX_PLACES: u32 = 10;

    pub fn apply(&self, value: Decimal) -> Decimal {
        let strategy = match self.strategy {
            RoundingStrategy::HalfUp => DecStrategy::MidpointAwayFromZero,
            RoundingStrategy::HalfEven => DecStrategy::MidpointNearestEven,
            RoundingStrategy::Down => DecStrategy::ToZero,
        };
        // A value with no more places than kept is its own rounding.
        let rounded = if value.scale() <= self.places {
            value
        } else {
            value.round_dp_with_strategy(self.places, strategy)
        };
        normalized(rounded)
    }
}

/// Display language for numbers and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn parse(name: &str) -> Option<Lang> {
        match name {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// The minus sign of numbers shown to a reader (U+2212), in every text a person reads:
/// terminal tables, Markdown, HTML, diagnostics. Machine formats (JSON, CSV, the numbers of
/// xlsx cells) keep ASCII `-`, which every parser reads; parcalc's own reader takes both.
pub const MINUS: char = '\u{2212}';

/// A decimal shown to a reader: trailing zeros removed, decimal comma in Vietnamese, a
/// negative with [`MINUS`] (`−0,5`), never `-0`. Machine formats (JSON, CSV) always use
/// [`plain`].
pub struct Shown(pub Decimal, pub Lang);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = plain(self.0);
        let text = match text.strip_prefix('-') {
            Some(digits) => format!("{MINUS}{digits}"),
            None => text,
        };
        match self.1 {
            Lang::Vi => f.pad(&text.replace('.', ",")),
            Lang::En => f.pad(&text),
        }
    }
}

/// `a · b`, `None` when it does not fit. Factors of 64 bits cannot overflow 128, so their
/// product needs no overflow check (a 128-bit checked product is a library call).
pub(crate) fn mul(a: i128, b: i128) -> Option<i128> {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(a), Ok(b)) => Some(i128::from(a) * i128::from(b)),
        _ => a.checked_mul(b),
    }
}

/// `10^k` as an `i128`, `None` past `10^38`: a table lookup, where `checked_pow` multiplies
/// and checks `k` times.
pub fn pow10(k: u32) -> Option<i128> {
    const TABLE: [i128; 39] = {
        let mut t = [1i128; 39];
        let mut i = 1;
        while i < 39 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    TABLE.get(k as usize).copied()
}

/// `d.normalize()` (no trailing zeros, zero without sign or places), on 64 bits when the
/// mantissa fits: `Decimal::normalize` divides 96 bits by ten per zero, and leaf points go
/// through it once each.
pub fn normalized(d: Decimal) -> Decimal {
    let Ok(mut m) = u64::try_from(d.mantissa().unsigned_abs()) else {
        return d.normalize();
    };
    if m == 0 {
        return Decimal::ZERO;
    }
    let mut scale = d.scale();
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale -= 1;
    }
    let m = i128::from(m);
    Decimal::from_i128_with_scale(if d.is_sign_negative() { -m } else { m }, scale)
}

/// The canonical text of a decimal: `.` separator, no grouping, no trailing zeros, no `-0`.
pub fn plain(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() { "0".to_string() } else { n.to_string() }
}

/// Shorthand for [`Shown`].
pub fn show(d: Decimal, lang: Lang) -> String {
    Shown(d, lang).to_string()
}

/// A ratio shown as a percentage: `83.3%`, `83,33% (5/6)` when written as a fraction.
pub fn show_ratio(r: &Ratio, lang: Lang) -> String {
    let pct = format!("{}%", show(r.percent(2), lang));
    if r.is_fraction() {
        format!("{pct} ({}/{})", show(r.numerator(), lang), show(r.denominator(), lang))
    } else {
        pct
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_errors_in_both_languages() {
        let t = "x".to_string();
        let all = [
            (NumberError::NotANumber(t.clone()), "`x` không phải là số"),
            (NumberError::TooLarge(t.clone()), "`x` quá lớn (giới hạn là 10^18)"),
            (NumberError::ZeroDenominator(t.clone()), "`x` có mẫu số bằng 0"),
            (NumberError::Negative(t.clone()), "`x` là số âm"),
        ];
        for (e, vi) in all {
            assert_eq!(e.msg().en(), e.to_string());
            assert_eq!(e.msg().vi(), vi);
        }
        assert_eq!(parse_decimal("1e5").unwrap_err().msg().vi(), "`1e5` không phải là số");
        assert_eq!(
            parse_decimal("1234567890123456789").unwrap_err().msg().en(),
            "`1234567890123456789` is too large (the limit is 10^18)"
        );
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn parses_office_decimals() {
        assert_eq!(parse_decimal("4.855"), Ok(d("4.855")));
        assert_eq!(parse_decimal("4,855"), Ok(d("4.855")));
        assert_eq!(parse_decimal("1.234,5"), Ok(d("1234.5")));
        assert_eq!(parse_decimal("1,234.5"), Ok(d("1234.5")));
        assert_eq!(parse_decimal("1.234.567"), Ok(d("1234567")));
        assert_eq!(parse_decimal(" -0,25 "), Ok(d("-0.25")));
        assert_eq!(parse_decimal("1234567.1234567"), Ok(d("1234567.1234567")));
        for bad in ["", "abc", "1e5", "NaN", "inf", "1.2.3,4,5", ",5", "5.", "--1", "1,2,3.4.5"] {
            assert!(parse_decimal(bad).is_err(), "{bad} should be refused");
        }
        assert!(matches!(
            parse_decimal("1234567890123456789012345678901234567890"),
            Err(NumberError::TooLarge(_))
        ));
    }

    #[test]
    fn fast_path_agrees_with_the_general_parser() {
        for s in [
            "0",
            "7",
            "-3",
            "4.855",
            "4,855",
            "0.1",
            "123456789012345678",
            "1234567890123456.5",
            "-0,25",
            "007",
            "1.0",
        ] {
            let fast = parse_simple(s.as_bytes());
            assert!(fast.is_some(), "{s}");
            assert_eq!(
                fast.unwrap(),
                Decimal::from_str_exact(&s.replace(',', ".")).unwrap().normalize(),
                "{s}"
            );
        }
        for s in ["", "-", ".5", "5.", "1.2.3", "1,2.3", " 1", "1e5", "+1", "1234567890123456789"] {
            assert!(parse_simple(s.as_bytes()).is_none(), "{s}");
        }
    }

    #[test]
    fn grouping_with_spaces_and_limits_of_size() {
        assert_eq!(parse_decimal("1 234,5"), Ok(d("1234.5")));
        assert_eq!(parse_decimal("1\u{a0}234,5"), Ok(d("1234.5")));
        assert_eq!(parse_decimal("1\u{202f}234.5"), Ok(d("1234.5")));
        assert_eq!(parse_decimal("12 34"), Err(NumberError::NotANumber("12 34".into())));
        let e = parse_decimal("1.23.4").unwrap_err();
        assert!(matches!(e, NumberError::BadGrouping(_)));
        assert_eq!(e.msg().en(), e.to_string());
        assert_eq!(
            e.msg().vi(),
            "`1.23.4` không phải là số: một số có nhiều nhất một dấu thập phân, và dấu phân cách dùng nhiều lần phải chia chữ số thành từng nhóm ba (1.234.567)"
        );
        assert!(matches!(parse_decimal("95,5,5"), Err(NumberError::BadGrouping(_))));
        assert!(matches!(parse_decimal("1,2.3"), Err(NumberError::BadGrouping(_))));
        // 18 integer digits with a fraction are accepted; 19 are too large.
        assert_eq!(parse_decimal("123456789012345678.5"), Ok(d("123456789012345678.5")));
        assert!(matches!(parse_decimal("1234567890123456789.5"), Err(NumberError::TooLarge(_))));
        // 28 significant digits are accepted, 29 refused.
        assert_eq!(
            parse_decimal("0.1234567890123456789012345678"),
            Ok(d("0.1234567890123456789012345678"))
        );
        let e = parse_decimal("0.12345678901234567890123456789").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`0.12345678901234567890123456789 (more than 28 significant digits)` is not a number"
        );
        assert_eq!(e.msg().en(), e.to_string());
        assert_eq!(
            e.msg().vi(),
            "`0.12345678901234567890123456789` không phải là số (quá 28 chữ số có nghĩa)"
        );
        assert_eq!(parse_toml_literal("1e18"), Ok(d("1000000000000000000")));
        assert!(matches!(parse_toml_literal("1e19"), Err(NumberError::TooLarge(_))));
        assert_eq!(parse_decimal("-1.234.567,5"), Ok(d("-1234567.5")));
        assert_eq!(parse_decimal("\u{2212}0,25"), Ok(d("-0.25")));
        assert_eq!(parse_decimal("+7"), Ok(d("7")));
    }

    #[test]
    fn rounding_strategies_by_name() {
        for name in RoundingStrategy::NAMES {
            assert_eq!(RoundingStrategy::parse(name).map(RoundingStrategy::name), Some(name));
        }
        assert_eq!(RoundingStrategy::parse("half-even"), Some(RoundingStrategy::HalfEven));
        assert_eq!(RoundingStrategy::parse("down"), Some(RoundingStrategy::Down));
        assert_eq!(RoundingStrategy::parse("up"), None);
    }

    #[test]
    fn point_one_plus_point_two_is_point_three() {
        assert_eq!(parse_decimal("0.1").unwrap() + parse_decimal("0,2").unwrap(), d("0.3"));
    }

    #[test]
    fn toml_literals_stay_exact() {
        assert_eq!(parse_toml_literal("4.855"), Ok(d("4.855")));
        assert_eq!(parse_toml_literal("1_000.5"), Ok(d("1000.5")));
        assert_eq!(parse_toml_literal("+2"), Ok(d("2")));
        assert_eq!(parse_toml_literal("5e-1"), Ok(d("0.5")));
        assert!(parse_toml_literal("1e999").is_err());
        assert!(parse_toml_literal("nan").is_err());
        assert!(parse_toml_literal("-inf").is_err());
        assert!(parse_toml_literal("0x10").is_err());
    }

    #[test]
    fn each_rounding_strategy() {
        let r = |places, strategy| Rounding { places, strategy };
        use RoundingStrategy::*;
        assert_eq!(r(3, HalfUp).apply(d("0.0785")), d("0.079"));
        assert_eq!(r(3, HalfEven).apply(d("0.0785")), d("0.078"));
        assert_eq!(r(3, HalfEven).apply(d("0.0775")), d("0.078"));
        assert_eq!(r(3, Down).apply(d("0.0789")), d("0.078"));
        assert_eq!(r(2, HalfUp).apply(d("1.665")), d("1.67"));
        assert_eq!(r(2, HalfUp).apply(d("-0.125")), d("-0.13"));
        assert_eq!(r(2, Down).apply(d("-0.129")), d("-0.12"));
        assert_eq!(r(0, HalfUp).apply(d("2.5")), d("3"));
        assert_eq!(r(0, HalfEven).apply(d("2.5")), d("2"));
    }

    #[test]
    fn ratios_compare_exactly() {
        let five_sixths = Ratio::new(d("5"), d("6")).unwrap();
        assert_eq!(five_sixths.cmp_decimal(d("0.8333")), Ordering::Greater);
        assert_eq!(five_sixths.cmp_decimal(d("0.8334")), Ordering::Less);
        let eighty = Ratio::from_percent(d("80"));
        assert_eq!(eighty.cmp_decimal(d("0.8")), Ordering::Equal);
        assert_eq!(Ratio::new(d("4"), d("5")).unwrap().cmp_ratio(&eighty), Ordering::Equal);
        assert!(Ratio::new(d("1"), Decimal::ZERO).is_none());
        assert_eq!(show_ratio(&five_sixths, Lang::Vi), "83,33% (5/6)");
        assert_eq!(show_ratio(&Ratio::from_percent(d("83.3")), Lang::En), "83.3%");
    }

    #[test]
    fn display_is_plain() {
        assert_eq!(plain(d("71.790")), "71.79");
        assert_eq!(plain(d("-0.000")), "0");
        assert_eq!(show(d("24.607"), Lang::Vi), "24,607");
        // A reader sees one minus sign, U+2212; machines get ASCII `-`.
        assert_eq!(show(d("-0.50"), Lang::Vi), "\u{2212}0,5");
        assert_eq!(show(d("-1234.5"), Lang::En), "\u{2212}1234.5");
        assert_eq!(show(d("-0.000"), Lang::Vi), "0");
        assert_eq!(format!("[{:>5}]", Shown(d("-1"), Lang::En)), "[   \u{2212}1]");
        assert_eq!(plain(d("-0.50")), "-0.5");
        assert_eq!(parse_decimal(&show(d("-2.25"), Lang::Vi)), Ok(d("-2.25")));
        assert_eq!(LIMIT, d("1000000000000000000"));
    }
}

#[cfg(test)]
mod fast_tests {
    use proptest::prelude::*;

    use super::*;

    fn dec() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
            (-1000i64..1000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m * 10i64.pow(s % 3), s)),
            (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
                .prop_map(|(a, b, c, n, s)| Decimal::from_parts(a, b, c, n, s)),
        ]
    }

    #[test]
    fn powers_of_ten() {
        for k in 0..=38 {
            assert_eq!(pow10(k), 10i128.checked_pow(k), "{k}");
        }
        assert_eq!(pow10(39), None);
        assert_eq!(10i128.checked_pow(39), None);
        assert_eq!(pow10(u32::MAX), None);
    }

    #[test]
    fn normalized_edges() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        for x in [
            "0",
            "-0",
            "0.000",
            "-0.00",
            "1.500",
            "-2.50",
            "100",
            "0.001",
            "12345678901234567890.1000",
            "79228162514264337593543950335",
        ] {
            let x = d(x);
            assert_eq!(normalized(x).to_string(), x.normalize().to_string(), "{x}");
        }
        assert_eq!(normalized(-Decimal::ZERO).to_string(), "0");
    }

    #[test]
    fn a_share_lies_between_zero_and_one() {
        let r = |n: &str, d: &str| Ratio::new(n.parse().unwrap(), d.parse().unwrap()).unwrap();
        assert!(r("0", "5").is_share());
        assert!(r("-0", "5").is_share());
        assert!(r("5", "5").is_share());
        assert!(r("100", "100").is_share());
        assert!(!r("-1", "5").is_share());
        assert!(!r("5.01", "5").is_share());
        assert!(!r("100.1", "100").is_share());
    }

    proptest! {
        #[test]
        fn normalized_is_normalize(x in dec()) {
            let (a, b) = (normalized(x), x.normalize());
            prop_assert_eq!(a, b);
            prop_assert_eq!(a.to_string(), b.to_string());
            prop_assert_eq!(a.scale(), b.scale());
        }

        #[test]
        fn a_share_is_what_comparing_with_zero_and_one_says(n in dec(), d in dec()) {
            if let Some(r) = Ratio::new(n, d) {
                prop_assert_eq!(
                    r.is_share(),
                    r.cmp_decimal(Decimal::ZERO) != Ordering::Less && r.cmp_decimal(Decimal::ONE) != Ordering::Greater
                );
            }
        }

        /// The comparison on integers orders as the decimal product does, whatever the scales.
        #[test]
        fn comparing_a_ratio_on_integers_is_comparing_decimals(n in dec(), d in dec(), bound in dec()) {
            if let Some(r) = Ratio::new(n, d)
                && let Some(rhs) = bound.checked_mul(d)
            {
                prop_assert_eq!(r.cmp_decimal(bound), n.cmp(&rhs));
            }
        }
    }
}
