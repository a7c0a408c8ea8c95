//! Number conventions: how an evidence file writes its numbers, and reading a written number
//! under a convention without guessing.
//!
//! Vietnamese offices write `1.234,5` (`.` groups thousands, `,` is the decimal mark);
//! English-style files write `1,234.5`. Most values read the same either way (`83,3%`,
//! `78.4`, `1.234.567`, `0.500`), but a value with one separator followed by exactly three
//! digits does not: `2.000` is two thousand in Vietnamese and two in English. The rule:
//!
//! 1. A convention declared for the run (`--decimal-mark`, or `number_format` in the criteria
//!    set) wins, and every number must be valid under it (`78.4` in a declared Vietnamese
//!    file is refused, not read as 784 or 78.4).
//! 2. Otherwise each file (each workbook sheet) settles its own convention from the values
//!    that can only be read one way: a file that writes `83,3%` reads `.` as grouping.
//! 3. A value whose reading depends on a convention that neither settles is an error that
//!    names both readings. A file that uses both conventions settles nothing.
//!
//! The reader turns every number it resolves into its canonical text (`.` decimal point, no
//! grouping: `1234.5`, `83.3%`, `2346/3000`), so the rules never see a convention again.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;

use crate::i18n::{Msg, tr};
use crate::msg;
use crate::number::{Lang, NumberError, plain, show};

/// A way of writing numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum NumberFormat {
    /// `1.234,5`: `,` is the decimal mark, `.` groups thousands.
    #[value(name = "vi", alias = ",")]
    Vi,
    /// `1,234.5`: `.` is the decimal mark, `,` groups thousands.
    #[value(name = "en", alias = ".")]
    En,
}

impl NumberFormat {
    /// `vi`/`en`, or the decimal mark itself (`,`/`.`).
    pub fn parse(name: &str) -> Option<NumberFormat> {
        match name.trim() {
            "vi" | "," | "comma" => Some(NumberFormat::Vi),
            "en" | "." | "point" | "dot" => Some(NumberFormat::En),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            NumberFormat::Vi => "vi",
            NumberFormat::En => "en",
        }
    }

    pub fn decimal_mark(self) -> char {
        match self {
            NumberFormat::Vi => ',',
            NumberFormat::En => '.',
        }
    }

    pub fn group_mark(self) -> char {
        match self {
            NumberFormat::Vi => '.',
            NumberFormat::En => ',',
        }
    }

    pub fn other(self) -> NumberFormat {
        match self {
            NumberFormat::Vi => NumberFormat::En,
            NumberFormat::En => NumberFormat::Vi,
        }
    }

    /// `Vietnamese (`,` decimal mark, `.` groups thousands)`, in `lang`.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            NumberFormat::Vi => tr(
                lang,
                "Việt Nam (`,` là dấu thập phân, `.` phân cách hàng nghìn)",
                "Vietnamese (`,` is the decimal mark, `.` groups thousands)",
            ),
            NumberFormat::En => tr(
                lang,
                "tiếng Anh (`.` là dấu thập phân, `,` phân cách hàng nghìn)",
                "English (`.` is the decimal point, `,` groups thousands)",
            ),
        }
    }

    /// Writes `d` the way this convention does, without grouping (`1234,5`).
    pub fn write(self, d: Decimal) -> String {
        let p = plain(d);
        match self {
            NumberFormat::Vi => p.replace('.', ","),
            NumberFormat::En => p,
        }
    }
}

impl fmt::Display for NumberFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Characters that group digits in either convention besides `.` and `,`: space, no-break
/// space, narrow no-break space (what Word and Excel insert).
fn is_space_group(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// The value of `body` (digits and separators, no sign) read under `format`, or `None` when
/// it is not a well-formed number there. Groups are 1–3 digits first (not starting with 0)
/// and exactly three digits after; the fraction has no grouping.
pub(crate) fn read_as(body: &str, format: NumberFormat) -> Option<Result<Decimal, NumberError>> {
    let dec = format.decimal_mark();
    let grp = format.group_mark();
    // A second decimal mark leaves a non-digit in the fraction, an empty body an empty group.
    let (int, frac) = match body.split_once(dec) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    // Validate the groups without allocating; most numbers are short and are built straight
    // into a Decimal, longer ones go through the checked text path.
    let mut groups = int.split(|c: char| c == grp || is_space_group(c));
    let first = groups.next().unwrap_or("");
    let mut count = 1;
    let mut ok = !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit());
    for g in groups {
        count += 1;
        ok &= g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit());
    }
    if !ok || (count > 1 && (first.len() > 3 || first.starts_with('0'))) {
        return None;
    }
    let frac = frac.unwrap_or("");
    let digit_count = int.bytes().filter(u8::is_ascii_digit).count() + frac.len();
    if digit_count <= 18 {
        let mut mantissa: i64 = 0;
        for b in int.bytes().chain(frac.bytes()).filter(u8::is_ascii_digit) {
            mantissa = mantissa * 10 + i64::from(b - b'0');
        }
        return Some(Ok(Decimal::new(mantissa, frac.len() as u32).normalize()));
    }
    let mut digits: String = int.chars().filter(char::is_ascii_digit).collect();
    if !frac.is_empty() {
        digits.push('.');
        digits.push_str(frac);
    }
    Some(crate::number::exact(&digits, body))
}

/// A number with exactly one separator followed by exactly three digits (`02.000`,
/// `1234.567`, `12,345`) has the shape of a group of thousands in the convention whose group
/// mark it uses, even when it is not a well-formed one there. Returns its two readings, as
/// (the digits grouped, the separator as decimal mark, the separator), unless the integer part
/// is a lone `0` (`0.500` is never five hundred).
fn group_shaped(body: &str) -> Option<(Decimal, Decimal, char)> {
    let sep_at = body.find(['.', ','])?;
    let sep = body[sep_at..].chars().next()?;
    let (int, frac) = (&body[..sep_at], &body[sep_at + 1..]);
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if frac.len() != 3 || !digits(int) || !digits(frac) || int == "0" {
        return None;
    }
    let grouped = crate::number::exact(&format!("{int}{frac}"), body).ok()?;
    let decimal = crate::number::exact(&format!("{int}.{frac}"), body).ok()?;
    Some((grouped, decimal, sep))
}

/// How one written number (without sign) can be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// The same under both conventions (`1234`, `1 234`).
    Either(Decimal),
    /// Only one convention reads it (`83,3` is Vietnamese, `78.4` English).
    Only(NumberFormat, Decimal),
    /// Both read it, differently (`2.000`: 2000 or 2).
    Ambiguous { vi: Decimal, en: Decimal },
    /// Neither reads it (`1.23.4`, `95,5,5`), or it is out of range.
    Neither,
}

/// The readings of an unsigned number body.
pub fn readings(body: &str) -> Reading {
    let vi = read_as(body, NumberFormat::Vi).and_then(Result::ok);
    let en = read_as(body, NumberFormat::En).and_then(Result::ok);
    match (vi, en) {
        (Some(a), Some(b)) if a == b => Reading::Either(a),
        (Some(vi), Some(en)) => Reading::Ambiguous { vi, en },
        (Some(a), None) => Reading::Only(NumberFormat::Vi, a),
        (None, Some(b)) => Reading::Only(NumberFormat::En, b),
        (None, None) => Reading::Neither,
    }
}

/// One number inside a cell: its sign and its unsigned body.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    negative: bool,
    body: &'a str,
}

/// The numeric shapes a value cell can take: `n`, `n%`, `n/n`.
#[derive(Debug, Clone, Copy)]
enum Shape<'a> {
    Number(Token<'a>),
    Percent(Token<'a>),
    Fraction(Token<'a>, Token<'a>),
}

impl<'a> Shape<'a> {
    fn tokens(&self) -> impl Iterator<Item = Token<'a>> {
        let (a, b) = match *self {
            Shape::Number(t) | Shape::Percent(t) => (t, None),
            Shape::Fraction(n, d) => (n, Some(d)),
        };
        std::iter::once(a).chain(b)
    }
}

fn token(text: &str) -> Option<Token<'_>> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let (negative, body) = match t.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t).trim_start()),
    };
    let numeric = !body.is_empty()
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_space_group(c));
    numeric.then_some(Token { negative, body })
}

/// Text that cannot start a number, a percentage or a fraction (`có`, `Khá`): [`resolve`]
/// leaves it as written under every convention, as `shape` would leave it.
pub fn left_as_written(text: &str) -> bool {
    !text.contains('/') && !starts_like_number(text)
}

/// Whether `text` may start a number as [`token`] reads one (a digit after blanks and a sign).
fn starts_like_number(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '−' | '+'));
    t.starts_with(|c: char| c.is_ascii_digit())
}

fn shape(text: &str) -> Option<Shape<'_>> {
    let t = text.trim();
    if let Some(p) = t.strip_suffix('%') {
        return token(p).map(Shape::Percent);
    }
    if let Some((a, b)) = t.split_once('/') {
        return Some(Shape::Fraction(token(a)?, token(b)?));
    }
    token(t).map(Shape::Number)
}

/// The conventions a value shows, by the separator use distinctive of each: a decimal comma
/// or `.` grouping (`83,3`, `1.234.567`) is Vietnamese; `,` grouping (`1,234,567`,
/// `1,234.5`) is English. A plain decimal point (`95.5`) settles nothing: Vietnamese offices
/// type it too, beside `2.000` meaning two thousand. `1,5/1,234.5` shows both.
pub fn votes(text: &str) -> [bool; 2] {
    let mut out = [false; 2];
    // Without a comma, only a dot grouping digits can vote, and canonical text has none.
    // (A fast path only: the general path below finds no vote in such text either.)
    if !text.contains(',') && (!text.contains('.') || is_canonical_cell(text.as_bytes(), None)) {
        return out;
    }
    if let Some(s) = shape(text) {
        for t in s.tokens().filter(|t| group_shaped(t.body).is_none()) {
            match readings(t.body) {
                Reading::Only(NumberFormat::Vi, _) => out[NumberFormat::Vi as usize] = true,
                Reading::Only(NumberFormat::En, _) if t.body.contains(',') => out[NumberFormat::En as usize] = true,
                _ => {}
            }
        }
    }
    out
}

/// The number convention in force for a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// Declared for the run: every number must be valid under it.
    Declared(NumberFormat),
    /// Settled by the file's own values: it decides the numbers that read both ways; a number
    /// that reads only one way is read that way.
    Settled(NumberFormat),
    /// Nothing settles it: numbers that read both ways are refused.
    Unsettled,
}

/// Why a value could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// `number` reads as `vi` in Vietnamese and `en` in English, and nothing settles which.
    Ambiguous { number: String, vi: Decimal, en: Decimal },
    /// `number` is not a number under the convention in force (`as_other`: its reading under
    /// the other convention, when it has one).
    Invalid {
        number: String,
        format: NumberFormat,
        as_other: Option<Decimal>,
    },
}

impl Unresolved {
    /// The message, naming the source of the convention (`declared by --decimal-mark`).
    /// Readings are shown in the message's language (`8,125` in Vietnamese, `8.125` in
    /// English).
    pub fn message(&self, source: impl Into<Msg>) -> Msg {
        let source = source.into();
        match self {
            Unresolved::Ambiguous { number, vi, en } => Msg::by(|lang| {
                // What the one separator in the number does in each convention.
                let comma = number.contains(',');
                match lang {
                    Lang::Vi => {
                        let (as_vi, as_en) = if comma {
                            ("`,` là dấu thập phân", "`,` phân cách hàng nghìn")
                        } else {
                            ("`.` phân cách hàng nghìn", "`.` là dấu thập phân")
                        };
                        format!(
                            "`{number}` là {} theo cách viết Việt Nam ({as_vi}) nhưng là {} theo cách viết tiếng Anh ({as_en}), và {} không cho biết là cách nào",
                            show(*vi, lang),
                            show(*en, lang),
                            source.get(lang)
                        )
                    }
                    Lang::En => {
                        let (as_vi, as_en) = if comma {
                            ("`,` is the decimal mark", "`,` groups thousands")
                        } else {
                            ("`.` groups thousands", "`.` is the decimal point")
                        };
                        format!(
                            "`{number}` is {} in Vietnamese ({as_vi}) but {} in English ({as_en}), and {} does not settle which",
                            show(*vi, lang),
                            show(*en, lang),
                            source.get(lang)
                        )
                    }
                }
            }),
            Unresolved::Invalid { number, format, as_other } => Msg::by(|lang| {
                let mut m = match lang {
                    Lang::Vi => format!(
                        "`{number}` không phải là số theo cách viết số {} {}",
                        format.describe(lang),
                        source.get(lang)
                    ),
                    Lang::En => format!(
                        "`{number}` is not a number in the {} number format {}",
                        format.describe(lang),
                        source.get(lang)
                    ),
                };
                if let Some(d) = as_other {
                    let other = format.other().name();
                    m.push_str(&match lang {
                        Lang::Vi => format!("; theo cách viết `{other}` thì là {}", show(*d, lang)),
                        Lang::En => format!("; in the {other} format it would be {}", show(*d, lang)),
                    });
                }
                m
            }),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> Msg {
        match self {
            Unresolved::Ambiguous { vi, en, .. } => {
                // One reading is a whole number, which needs no separator at all; the other
                // has a fraction, whose mark only a declared convention can settle.
                let (whole, fraction) = if vi.fract().is_zero() { (*vi, *en) } else { (*en, *vi) };
                let whole = plain(whole);
                let (fraction_vi, fraction_en) = (show(fraction, Lang::Vi), plain(fraction));
                msg!(
                    "nếu là {whole} thì ghi {whole}, không phân cách hàng nghìn; nếu là {fraction_vi} thì khai báo cách viết số của tệp: `number_format = \"vi\"` (hoặc \"en\") trong bộ tiêu chí, hoặc `--decimal-mark ,` (hoặc `.`)",
                    "for {whole}, write {whole} without grouping; for {fraction_en}, say which convention the file uses: `number_format = \"vi\"` (or \"en\") in the criteria set, or `--decimal-mark ,` (or `.`)"
                )
            }
            Unresolved::Invalid { format, as_other, .. } => match as_other {
                Some(d) => {
                    let (written, name) = (format.write(*d), format.name());
                    msg!(
                        "ghi là {written} (theo cách viết `{name}`), hoặc đổi cách viết số đã khai báo",
                        "write it as {written} (the {name} way), or change the declared number format"
                    )
                }
                None => {
                    let mark = format.decimal_mark();
                    msg!(
                        "ghi chữ số với `{mark}` làm dấu thập phân và không dùng dấu phân cách nào khác",
                        "write digits with `{mark}` as the decimal mark and no other separators"
                    )
                }
            },
        }
    }
}

/// Resolves a value cell: numbers (`n`, `n%`, `n/n`) come back in canonical text, other
/// values unchanged.
pub fn resolve(text: &str, convention: Convention) -> Result<Cow<'_, str>, Unresolved> {
    let (format, settled) = match convention {
        Convention::Declared(f) => (Some(f), None),
        Convention::Settled(f) => (None, Some(f)),
        Convention::Unsettled => (None, None),
    };
    if left_as_written(text) {
        return Ok(Cow::Borrowed(text));
    }
    // Plain digits, and one `.` followed by other than three digits, are canonical already.
    if is_canonical_cell(text.as_bytes(), format) {
        return Ok(Cow::Borrowed(text));
    }
    let Some(s) = shape(text) else {
        return Ok(Cow::Borrowed(text));
    };
    let resolve_token = |t: Token| -> Result<Option<Decimal>, Unresolved> {
        let value = match format {
            Some(f) => match read_as(t.body, f) {
                Some(Ok(d)) => Some(d),
                // Out of range: left as written for the rule to report.
                Some(Err(_)) => None,
                None => {
                    // A date such as 22.10.2022 is no number in either convention: leave it.
                    let as_other = read_as(t.body, f.other()).and_then(Result::ok);
                    if as_other.is_none() && !looks_numeric(t.body) {
                        return Ok(None);
                    }
                    return Err(Unresolved::Invalid {
                        number: t.body.to_string(),
                        format: f,
                        as_other,
                    });
                }
            },
            None => match readings(t.body) {
                Reading::Either(d) => Some(d),
                // `02.000`, `1234.567`: the decimal reading is the only well-formed one, but
                // the writer may have meant a group of thousands. Refused unless the file
                // uses that separator as its decimal mark.
                Reading::Only(_, d) => match group_shaped(t.body) {
                    Some((grouped, decimal, sep)) if settled.is_none_or(|s| s.group_mark() == sep) => {
                        return Err(match settled {
                            Some(s) => Unresolved::Invalid {
                                number: t.body.to_string(),
                                format: s,
                                as_other: Some(decimal),
                            },
                            None => {
                                let (vi, en) = if sep == '.' { (grouped, decimal) } else { (decimal, grouped) };
                                Unresolved::Ambiguous {
                                    number: t.body.to_string(),
                                    vi,
                                    en,
                                }
                            }
                        });
                    }
                    _ => Some(d),
                },
                Reading::Ambiguous { vi, .. } if settled == Some(NumberFormat::Vi) => Some(vi),
                Reading::Ambiguous { en, .. } if settled == Some(NumberFormat::En) => Some(en),
                Reading::Ambiguous { vi, en } => {
                    return Err(Unresolved::Ambiguous {
                        number: t.body.to_string(),
                        vi,
                        en,
                    });
                }
                Reading::Neither => None,
            },
        };
        Ok(value.map(|d| if t.negative { -d } else { d }))
    };
    let canon = |d: Decimal| plain(d);
    Ok(match s {
        Shape::Number(t) => match resolve_token(t)? {
            Some(d) => Cow::Owned(canon(d)),
            None => Cow::Borrowed(text),
        },
        Shape::Percent(t) => match resolve_token(t)? {
            Some(d) => Cow::Owned(format!("{}%", canon(d))),
            None => Cow::Borrowed(text),
        },
        Shape::Fraction(n, d) => match (resolve_token(n)?, resolve_token(d)?) {
            (Some(a), Some(b)) => Cow::Owned(format!("{}/{}", canon(a), canon(b))),
            _ => Cow::Borrowed(text),
        },
    })
}

/// Digits with separators that could be a number in some convention (as opposed to a date
/// such as `22.10.2022`): used to tell "not a number in the declared format" from "not a
/// number at all".
fn looks_numeric(body: &str) -> bool {
    // A date has three parts, the last of four digits; anything else with separators is
    // taken as an attempt at a number.
    let parts: Vec<&str> = body.split(['.', ',']).collect();
    !(parts.len() == 3 && parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2)
}

/// Whether `text` is canonical already under `convention`, which [`resolve`] then leaves as
/// written: plain digits, and one `.` followed by other than three digits (or any number of
/// digits when English is declared), as a number, a percentage or a fraction such as
/// `597/695`. Cheap: no table, no parsing.
pub fn canonical_under(text: &str, convention: Convention) -> bool {
    let format = match convention {
        Convention::Declared(f) => Some(f),
        Convention::Settled(_) | Convention::Unsettled => None,
    };
    is_canonical_cell(text.as_bytes(), format)
}

/// [`is_canonical`] for a whole cell: a number, a percentage or a fraction of two numbers.
fn is_canonical_cell(b: &[u8], format: Option<NumberFormat>) -> bool {
    let b = b.strip_suffix(b"%").unwrap_or(b);
    match b.iter().position(|c| *c == b'/') {
        Some(i) => is_canonical(&b[..i], format) && is_canonical(&b[i + 1..], format),
        None => is_canonical(b, format),
    }
}

/// True when the bytes are already canonical under `format`: optional `-`, digits, and at
/// most one `.` followed by a number of digits that cannot be a group of three (or any
/// number of digits when the convention in force is English).
fn is_canonical(b: &[u8], format: Option<NumberFormat>) -> bool {
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    if digits.is_empty() || !digits[0].is_ascii_digit() {
        return false;
    }
    let mut dot = None;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => {}
            b'.' if dot.is_none() => dot = Some(i),
            _ => return false,
        }
    }
    match dot {
        None => true,
        Some(i) => {
            let after = digits.len() - i - 1;
            after > 0
                && match format {
                    Some(NumberFormat::En) => true,
                    Some(NumberFormat::Vi) => false,
                    None => after != 3 || (i == 1 && digits[0] == b'0'),
                }
        }
    }
}

/// Votes of one file (or sheet): where each convention was first seen.
#[derive(Debug, Clone, Default)]
pub struct Votes {
    /// Indexed by `NumberFormat as usize`: the first value that can only be read that way,
    /// and where it is (`` `78,4` at e.csv:3 ``).
    pub first: [Option<Msg>; 2],
}

impl Votes {
    pub fn add(&mut self, text: &str, position: impl FnOnce() -> Msg) {
        self.add_votes(text, votes(text), position);
    }

    /// [`Votes::add`] when the value's [`votes`] are known already.
    pub fn add_votes(&mut self, text: &str, v: [bool; 2], position: impl FnOnce() -> Msg) {
        let mut position = Some(position);
        for f in [NumberFormat::Vi, NumberFormat::En] {
            if v[f as usize] && self.first[f as usize].is_none() {
                let at = position.take().map(|p| p()).unwrap_or_default();
                let text = text.trim();
                self.first[f as usize] = Some(Msg::by(|lang| format!("`{text}` {} {}", tr(lang, "tại", "at"), at.get(lang))));
            }
        }
    }

    /// The convention these values settle, if exactly one.
    pub fn settled(&self) -> Option<NumberFormat> {
        match (&self.first[0], &self.first[1]) {
            (Some(_), None) => Some(NumberFormat::Vi),
            (None, Some(_)) => Some(NumberFormat::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn readings_of_office_numbers() {
        use NumberFormat::*;
        assert_eq!(readings("2.000"), Reading::Ambiguous { vi: d("2000"), en: d("2") });
        assert_eq!(
            readings("8,125"),
            Reading::Ambiguous {
                vi: d("8.125"),
                en: d("8125")
            }
        );
        assert_eq!(
            readings("1,234"),
            Reading::Ambiguous {
                vi: d("1.234"),
                en: d("1234")
            }
        );
        assert_eq!(readings("83,3"), Reading::Only(Vi, d("83.3")));
        assert_eq!(readings("78.4"), Reading::Only(En, d("78.4")));
        assert_eq!(readings("1.234,5"), Reading::Only(Vi, d("1234.5")));
        assert_eq!(readings("1,234.5"), Reading::Only(En, d("1234.5")));
        assert_eq!(readings("1.234.567"), Reading::Only(Vi, d("1234567")));
        assert_eq!(readings("1,234,567"), Reading::Only(En, d("1234567")));
        assert_eq!(readings("0.500"), Reading::Only(En, d("0.5")));
        assert_eq!(readings("0,500"), Reading::Only(Vi, d("0.5")));
        assert_eq!(readings("1234.567"), Reading::Only(En, d("1234.567")));
        assert_eq!(readings("1 234,5"), Reading::Only(Vi, d("1234.5")));
        assert_eq!(readings("1\u{a0}234,5"), Reading::Only(Vi, d("1234.5")));
        assert_eq!(readings("1 234"), Reading::Either(d("1234")));
        assert_eq!(readings("2346"), Reading::Either(d("2346")));
        for bad in ["1.23.4", "95,5,5", "1,2.3", ".5", "5.", "12 34", "1..2", "1.234,5.6"] {
            assert_eq!(readings(bad), Reading::Neither, "{bad}");
        }
    }

    #[test]
    fn resolve_without_a_convention() {
        assert_eq!(resolve("83,3%", Convention::Unsettled).unwrap(), "83.3%");
        assert_eq!(resolve("2346/3000", Convention::Unsettled).unwrap(), "2346/3000");
        assert_eq!(resolve("1.234,5", Convention::Unsettled).unwrap(), "1234.5");
        assert_eq!(resolve(" -0,25 ", Convention::Unsettled).unwrap(), "-0.25");
        assert_eq!(resolve("78.4", Convention::Unsettled).unwrap(), "78.4");
        assert_eq!(resolve("có", Convention::Unsettled).unwrap(), "có");
        assert_eq!(resolve("22/10/2022", Convention::Unsettled).unwrap(), "22/10/2022");
        assert_eq!(resolve("22.10.2022", Convention::Unsettled).unwrap(), "22.10.2022");
        assert_eq!(resolve("1.23.4", Convention::Unsettled).unwrap(), "1.23.4");
        assert_eq!(
            resolve("2.000", Convention::Unsettled),
            Err(Unresolved::Ambiguous {
                number: "2.000".into(),
                vi: d("2000"),
                en: d("2")
            })
        );
        assert!(resolve("1.500/2.000", Convention::Unsettled).is_err());
        assert!(resolve("8,125%", Convention::Unsettled).is_err());
    }

    #[test]
    fn resolve_under_a_convention() {
        use NumberFormat::*;
        assert_eq!(resolve("2.000", Convention::Declared(Vi)).unwrap(), "2000");
        assert_eq!(
            crate::number::parse_decimal(&resolve("2.000", Convention::Declared(En)).unwrap()),
            Ok(d("2"))
        );
        assert!(resolve("01.000", Convention::Unsettled).is_err());
        assert_eq!(resolve("8,125", Convention::Declared(Vi)).unwrap(), "8.125");
        assert_eq!(resolve("1.234/2.000", Convention::Declared(Vi)).unwrap(), "1234/2000");
        assert_eq!(resolve("4.855", Convention::Declared(En)).unwrap(), "4.855");
        assert_eq!(
            resolve("78.4", Convention::Declared(Vi)),
            Err(Unresolved::Invalid {
                number: "78.4".into(),
                format: Vi,
                as_other: Some(d("78.4"))
            })
        );
        assert!(resolve("83,3%", Convention::Declared(En)).is_err());
        // Dates and words are not numbers in any convention and pass through.
        assert_eq!(resolve("22.10.2022", Convention::Declared(Vi)).unwrap(), "22.10.2022");
        assert_eq!(resolve("Hoàn thành tốt", Convention::Declared(En)).unwrap(), "Hoàn thành tốt");
    }

    #[test]
    fn canonical_fast_path_matches_the_general_path() {
        for (s, f) in [
            ("4.855", Some(NumberFormat::En)),
            ("4.85", None),
            ("0.500", None),
            ("1234.5678", None),
            ("12", None),
        ] {
            assert!(is_canonical(s.as_bytes(), f), "{s}");
        }
        for (s, f) in [
            ("4.855", None),
            ("1.5", Some(NumberFormat::Vi)),
            ("1.2.3", None),
            ("5.", None),
            ("1,5", None),
            ("", None),
            ("-", None),
        ] {
            assert!(!is_canonical(s.as_bytes(), f), "{s}");
        }
    }

    #[test]
    fn whole_cells_are_canonical_without_a_copy() {
        for s in ["83.3%", "2346/3000", "0/37", "-0.25", "99.9"] {
            assert!(is_canonical_cell(s.as_bytes(), None), "{s}");
            assert!(matches!(resolve(s, Convention::Unsettled), Ok(Cow::Borrowed(_))), "{s}");
        }
        for s in ["83,3%", "2.346/3000", "1/2/3", "8.125%", "%", "/", "5/"] {
            assert!(!is_canonical_cell(s.as_bytes(), None), "{s}");
        }
        // Short and long numbers read the same through both paths.
        assert_eq!(read_as("1.234.567,125", NumberFormat::Vi), Some(Ok(d("1234567.125"))));
        assert_eq!(
            read_as("123.456.789.012.345.678,5", NumberFormat::Vi),
            Some(Ok(d("123456789012345678.5")))
        );
        assert!(matches!(
            read_as("1.234.567.890.123.456.789", NumberFormat::Vi),
            Some(Err(NumberError::TooLarge(_)))
        ));
        assert_eq!(read_as("007", NumberFormat::En), Some(Ok(d("7"))));
    }

    #[test]
    fn names_and_marks() {
        for (name, f) in [("vi", NumberFormat::Vi), (",", NumberFormat::Vi), ("comma", NumberFormat::Vi)] {
            assert_eq!(NumberFormat::parse(name), Some(f), "{name}");
        }
        for name in ["en", ".", "point", "dot", " en "] {
            assert_eq!(NumberFormat::parse(name), Some(NumberFormat::En), "{name}");
        }
        assert_eq!(NumberFormat::parse("fr"), None);
        assert_eq!((NumberFormat::Vi.name(), NumberFormat::En.to_string()), ("vi", "en".to_string()));
        assert_eq!(NumberFormat::Vi.write(d("1234.5")), "1234,5");
        assert_eq!(NumberFormat::En.other(), NumberFormat::Vi);
    }

    #[test]
    fn group_shapes() {
        assert_eq!(group_shaped("02.000"), Some((d("2000"), d("2"), '.')));
        assert_eq!(group_shaped("12,345"), Some((d("12345"), d("12.345"), ',')));
        for not in ["0.500", "12.34", "1.2345", "1 2.000", ",000", "1.", "1.2.000"] {
            assert_eq!(group_shaped(not), None, "{not}");
        }
    }

    #[test]
    fn only_dates_pass_a_declared_convention_unread() {
        use NumberFormat::*;
        for date in ["22.10.2022", "1.1.2022"] {
            assert_eq!(resolve(date, Convention::Declared(Vi)).unwrap(), date);
            assert_eq!(resolve(date, Convention::Declared(En)).unwrap(), date);
        }
        for bad in ["1.23.4", "123.45.6789", "1.234.5678", "12.1.20222"] {
            assert!(
                matches!(resolve(bad, Convention::Declared(Vi)), Err(Unresolved::Invalid { .. })),
                "{bad}"
            );
        }
        // A number with spaces grouping and a decimal point reads English and votes nothing.
        assert_eq!(votes("1 234.5"), [false, false]);
        assert_eq!(resolve("1 234.5", Convention::Unsettled).unwrap(), "1234.5");
    }

    #[test]
    fn votes_settle_a_file() {
        let mut v = Votes::default();
        v.add("8,125", || Msg::same("l2"));
        assert_eq!(v.settled(), None);
        v.add("78,4", || msg!("dòng 3", "row 3"));
        assert_eq!(v.settled(), Some(NumberFormat::Vi));
        assert_eq!(
            v.first[0].as_ref().map(|m| (m.vi(), m.en())),
            Some(("`78,4` tại dòng 3", "`78,4` at row 3"))
        );
        // A plain decimal point settles nothing.
        v.add("0.5", || Msg::same("l4"));
        assert_eq!(v.settled(), Some(NumberFormat::Vi));
        v.add("1,234.5", || Msg::same("l5"));
        assert_eq!(v.settled(), None);
        assert_eq!(votes("1,5/1,234.5"), [true, true]);
        assert_eq!(votes("95.5%"), [false, false]);
        assert_eq!(votes("1.234.567"), [true, false]);
        assert_eq!(votes("1,234,567"), [false, true]);
        assert_eq!(votes("2.000"), [false, false]);
    }

    #[test]
    fn a_settled_convention_decides_only_what_reads_both_ways() {
        use NumberFormat::*;
        assert_eq!(resolve("2.000", Convention::Settled(Vi)).unwrap(), "2000");
        assert_eq!(resolve("2.000", Convention::Settled(En)).unwrap(), "2");
        assert_eq!(resolve("8,125", Convention::Settled(Vi)).unwrap(), "8.125");
        // Numbers that read one way keep that reading.
        assert_eq!(resolve("95.5%", Convention::Settled(Vi)).unwrap(), "95.5%");
        assert_eq!(resolve("83,3%", Convention::Settled(En)).unwrap(), "83.3%");
    }

    #[test]
    fn a_broken_group_of_thousands_is_never_read_as_a_decimal() {
        use NumberFormat::*;
        // Nothing settled: both readings named.
        assert_eq!(
            resolve("02.000", Convention::Unsettled),
            Err(Unresolved::Ambiguous {
                number: "02.000".into(),
                vi: d("2000"),
                en: d("2")
            })
        );
        assert!(resolve("1234.567", Convention::Unsettled).is_err());
        assert!(resolve("1234,567", Convention::Unsettled).is_err());
        // A Vietnamese file: `.` groups, so `02.000` is a malformed group, not two.
        assert_eq!(
            resolve("02.000", Convention::Settled(Vi)),
            Err(Unresolved::Invalid {
                number: "02.000".into(),
                format: Vi,
                as_other: Some(d("2"))
            })
        );
        // An English file: `.` is its decimal point.
        assert_eq!(resolve("02.000", Convention::Settled(En)).unwrap(), "2");
        assert_eq!(resolve("1234,567", Convention::Settled(Vi)).unwrap(), "1234.567");
        assert!(resolve("1234,567", Convention::Settled(En)).is_err());
        // `0.500` is never five hundred; `95.5` is no group.
        assert_eq!(resolve("0.500", Convention::Settled(Vi)).unwrap(), "0.500");
        assert_eq!(resolve("95.5", Convention::Settled(Vi)).unwrap(), "95.5");
        // Such values settle nothing.
        assert_eq!(votes("1234,567"), [false, false]);
        assert_eq!(votes("02.000"), [false, false]);
    }

    #[test]
    fn messages_name_both_readings() {
        let e = resolve("2.000", Convention::Unsettled).unwrap_err();
        let m = e.message(Msg::same("`e.csv`"));
        assert_eq!(
            m.en(),
            "`2.000` is 2000 in Vietnamese (`.` groups thousands) but 2 in English (`.` is the decimal point), and `e.csv` does not settle which"
        );
        assert_eq!(
            m.vi(),
            "`2.000` là 2000 theo cách viết Việt Nam (`.` phân cách hàng nghìn) nhưng là 2 theo cách viết tiếng Anh (`.` là dấu thập phân), và `e.csv` không cho biết là cách nào"
        );
        assert!(
            e.help()
                .en()
                .starts_with("for 2000, write 2000 without grouping; for 2, say which convention")
        );
        assert!(
            e.help()
                .vi()
                .starts_with("nếu là 2000 thì ghi 2000, không phân cách hàng nghìn; nếu là 2 thì khai báo")
        );
        // A reading with a fraction is shown with the message's decimal mark.
        let e = resolve("8,125", Convention::Unsettled).unwrap_err();
        assert!(
            e.message(Msg::same("x"))
                .vi()
                .starts_with("`8,125` là 8,125 theo cách viết Việt Nam")
        );
        // The comma's roles are named, and the help never suggests the ambiguous text again.
        assert_eq!(
            e.message(Msg::same("x")).en(),
            "`8,125` is 8.125 in Vietnamese (`,` is the decimal mark) but 8125 in English (`,` groups thousands), and x does not settle which"
        );
        assert_eq!(
            e.message(Msg::same("x")).vi(),
            "`8,125` là 8,125 theo cách viết Việt Nam (`,` là dấu thập phân) nhưng là 8125 theo cách viết tiếng Anh (`,` phân cách hàng nghìn), và x không cho biết là cách nào"
        );
        assert!(
            e.help()
                .en()
                .starts_with("for 8125, write 8125 without grouping; for 8.125, say which")
        );
        assert!(
            e.help()
                .vi()
                .starts_with("nếu là 8125 thì ghi 8125, không phân cách hàng nghìn; nếu là 8,125 thì")
        );
        let e = resolve("78.4", Convention::Declared(NumberFormat::Vi)).unwrap_err();
        let m = e.message(msg!("do --decimal-mark quy định", "declared by --decimal-mark"));
        assert_eq!(
            m.en(),
            "`78.4` is not a number in the Vietnamese (`,` is the decimal mark, `.` groups thousands) number format declared by --decimal-mark; in the en format it would be 78.4"
        );
        assert_eq!(
            m.vi(),
            "`78.4` không phải là số theo cách viết số Việt Nam (`,` là dấu thập phân, `.` phân cách hàng nghìn) do --decimal-mark quy định; theo cách viết `en` thì là 78,4"
        );
        assert_eq!(
            (e.help().vi(), e.help().en()),
            (
                "ghi là 78,4 (theo cách viết `vi`), hoặc đổi cách viết số đã khai báo",
                "write it as 78,4 (the vi way), or change the declared number format"
            )
        );
    }

    #[test]
    fn canonical_text_under_each_convention() {
        use Convention::*;
        use NumberFormat::*;
        for c in [Unsettled, Settled(Vi), Settled(En), Declared(Vi), Declared(En)] {
            for t in ["597/695", "100%", "-12", "0"] {
                assert!(canonical_under(t, c), "{t} {c:?}");
            }
            for t in ["89,7%", "24/01/2025", "1 234", "+5", "2,5/3", "", "có", "1.2.3", "5/"] {
                assert!(!canonical_under(t, c), "{t} {c:?}");
            }
        }
        // A point before three digits may group thousands, unless English is declared; and a
        // declared Vietnamese convention reads `.` only as grouping.
        assert!(!canonical_under("2.000", Unsettled));
        assert!(!canonical_under("2.000", Settled(En)));
        assert!(canonical_under("2.000", Declared(En)));
        assert!(canonical_under("0.5", Unsettled));
        assert!(canonical_under("0.5", Settled(Vi)));
        assert!(!canonical_under("0.5", Declared(Vi)));
    }

    proptest::proptest! {
        /// Text canonical under a convention is what `resolve` leaves as written.
        #[test]
        fn canonical_text_is_left_as_written(
            shaped in "-?[0-9]{1,4}([.,][0-9]{1,4})?%?(/[0-9]{1,3}([.,][0-9]{1,4})?)?",
            junk in proptest::collection::vec(proptest::sample::select(vec!["0", "1", "23", "456", ".", ",", "%", "/", "-", " ", "+"]), 0..9),
            pick in proptest::bool::ANY,
            c in proptest::sample::select(vec![
                Convention::Unsettled,
                Convention::Settled(NumberFormat::Vi),
                Convention::Settled(NumberFormat::En),
                Convention::Declared(NumberFormat::Vi),
                Convention::Declared(NumberFormat::En),
            ]),
        ) {
            let t = if pick { shaped } else { junk.concat() };
            if canonical_under(&t, c) {
                // Left as written: borrowed, not rewritten to the same text (which would also
                // say the file's convention decided it).
                let r = resolve(&t, c);
                proptest::prop_assert!(matches!(r, Ok(Cow::Borrowed(b)) if b == t), "{:?}", r);
            }
        }
    }
}
