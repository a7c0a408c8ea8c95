//! The context that turns raw TOML values into exact, validated ones while collecting
//! every diagnostic on the way.

use std::ops::Range;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::criteria::raw::{Lit, SLit, SStr};
use crate::diag::{Code, Diagnostic, Location, SourceFile};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, parse_decimal, parse_toml_literal, plain, show};
use crate::text::nfc;
use crate::value::parse_date;

/// What a value is called in messages (`max of 1.2`): a [`Msg`], or a closure that makes
/// one, so that the name is only written out when a message needs it.
pub trait Label {
    fn label(&self) -> Msg;
}

impl Label for Msg {
    fn label(&self) -> Msg {
        self.clone()
    }
}

impl<F: Fn() -> Msg> Label for F {
    fn label(&self) -> Msg {
        self()
    }
}

pub struct Ctx<'a> {
    pub src: &'a SourceFile,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(src: &'a SourceFile) -> Ctx<'a> {
        Ctx { src, diags: Vec::new() }
    }

    pub fn loc(&self, span: Range<usize>) -> Location {
        self.src.locate(span)
    }

    /// Records an error at `span`; an empty `help` adds none.
    pub fn error(&mut self, code: Code, span: Range<usize>, message: impl Into<Msg>, help: impl Into<Msg>) {
        let d = Diagnostic::error(code, message).at(self.loc(span));
        let help = help.into();
        self.diags.push(if help.is_empty() { d } else { d.help(help) });
    }

    pub fn warn(&mut self, code: Code, span: Range<usize>, message: impl Into<Msg>, help: impl Into<Msg>) {
        let d = Diagnostic::warning(code, message).at(self.loc(span));
        let help = help.into();
        self.diags.push(if help.is_empty() { d } else { d.help(help) });
    }

    /// NFC text of a spanned string.
    pub fn text(&self, s: &SStr) -> String {
        nfc(s.get_ref())
    }

    /// An exact decimal from a TOML number (read from its source text) or a numeric string.
    /// `what` names the value in messages (a TOML key such as `floor`, or "max of 1.2").
    pub fn number(&mut self, lit: &SLit, what: &(impl Label + ?Sized)) -> Option<Decimal> {
        let span = lit.span();
        let parsed = match lit.get_ref() {
            Lit::Number => {
                let text = &self.src.text[span.clone()];
                plain_literal(text).map_or_else(|| parse_toml_literal(text).map_err(|e| e.msg()), Ok)
            }
            Lit::Text(t) if t.trim().ends_with('%') => {
                let what = what.label();
                Err(Msg::by(|l| {
                    let what = what.get(l);
                    match l {
                        Lang::Vi => format!("`{t}` là tỷ lệ phần trăm; {what} cần số điểm"),
                        Lang::En => format!("`{t}` is a percentage; {what} takes points"),
                    }
                }))
            }
            Lit::Text(t) => unambiguous(t).and_then(|()| parse_decimal(t).map_err(|e| e.msg())),
            Lit::Bool(b) => Err(msg!("`{b}` không phải là số", "`{b}` is not a number")),
        };
        match parsed {
            Ok(d) => Some(d),
            Err(msg) => {
                let what = what.label();
                self.error(
                    Code::InvalidNumber,
                    span,
                    Msg::by(|l| format!("{}: {}", what.get(l), msg.get(l))),
                    msg!(
                        "ghi một số chính xác như 2.5 (hoặc \"2,5\")",
                        "write an exact number such as 2.5 (or \"2,5\")"
                    ),
                );
                None
            }
        }
    }

    /// A non-negative number.
    pub fn points(&mut self, lit: &SLit, what: &(impl Label + ?Sized)) -> Option<Decimal> {
        let d = self.number(lit, what)?;
        if d.is_sign_negative() && !d.is_zero() {
            let what = what.label();
            self.error(
                Code::InvalidNumber,
                lit.span(),
                Msg::by(|l| match l {
                    Lang::Vi => format!("{} là số âm ({})", what.get(l), show(d, l)),
                    Lang::En => format!("{} is negative ({})", what.get(l), show(d, l)),
                }),
                msg!("điểm ở đây phải từ 0 trở lên", "points here must be zero or more"),
            );
            return None;
        }
        Some(d)
    }

    /// A share written as a percentage (`"75%"`) or a fraction (`0.75`), returned as the
    /// fraction.
    pub fn share(&mut self, lit: &SLit, what: &(impl Label + ?Sized)) -> Option<Decimal> {
        if let Lit::Text(t) = lit.get_ref()
            && let Some(p) = t.trim().strip_suffix('%')
        {
            return match unambiguous(p).and_then(|()| parse_decimal(p).map_err(|e| e.msg())) {
                Ok(d) => Some(d / Decimal::ONE_HUNDRED),
                Err(e) => {
                    let what = what.label();
                    self.error(
                        Code::InvalidNumber,
                        lit.span(),
                        Msg::by(|l| format!("{}: {}", what.get(l), e.get(l))),
                        msg!("ghi tỷ lệ phần trăm như \"80%\"", "write a percentage such as \"80%\""),
                    );
                    None
                }
            };
        }
        self.number(lit, what)
    }

    /// A whole number within `range`.
    pub fn integer(&mut self, lit: &SLit, what: &(impl Label + ?Sized), range: Range<i64>) -> Option<i64> {
        let d = self.number(lit, what)?;
        let ok = d.fract().is_zero() && d >= Decimal::from(range.start) && d < Decimal::from(range.end);
        if !ok {
            let (from, to) = (range.start, range.end - 1);
            let what = what.label();
            self.error(
                Code::InvalidNumber,
                lit.span(),
                Msg::by(|l| match l {
                    Lang::Vi => format!("{} phải là số nguyên từ {from} đến {to}, không phải {}", what.get(l), show(d, l)),
                    Lang::En => format!("{} must be a whole number from {from} to {to}, not {}", what.get(l), show(d, l)),
                }),
                Msg::default(),
            );
            return None;
        }
        i64::try_from(d.trunc().mantissa()).ok()
    }

    /// A date (`"25/12/2021"`, `"2021-12-25"` or a TOML date).
    pub fn date(&mut self, lit: &SLit, what: &(impl Label + ?Sized)) -> Option<NaiveDate> {
        let text = match lit.get_ref() {
            Lit::Text(t) => t.clone(),
            _ => self.src.text[lit.span()].to_string(),
        };
        match parse_date(&text) {
            Ok(d) => Some(d),
            Err(msg) => {
                let what = what.label();
                self.error(
                    Code::InvalidDate,
                    lit.span(),
                    Msg::by(|l| format!("{}: {}", what.get(l), msg.get(l))),
                    crate::value::DATE_HELP,
                );
                None
            }
        }
    }
}

/// A TOML number literal of plain digits with at most one decimal point (`99`, `0.5`),
/// the usual maximum or points, read without the general reader's copies: the value
/// [`parse_toml_literal`] gives (normalized); `None` for any other form (signs, `_`,
/// exponents, more than 9 digits on a side), which that function reads.
fn plain_literal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (frac.is_empty() && text.len() != int.len()) {
        return None;
    }
    let mantissa = int.bytes().chain(frac.bytes()).fold(0i64, |m, b| m * 10 + i64::from(b - b'0'));
    Some(Decimal::new(mantissa, frac.len() as u32).normalize())
}

/// Refuses a number written as text that reads two ways (`"2.000"`: two thousand in
/// Vietnamese, two in English); a TOML number literal has one reading.
fn unambiguous(text: &str) -> Result<(), Msg> {
    match crate::number_format::resolve(text, crate::number_format::Convention::Unsettled) {
        Err(crate::number_format::Unresolved::Ambiguous { number, vi, en }) => {
            let (vi_toml, en_toml) = (plain(vi), plain(en));
            Err(Msg::new(
                format!(
                    "`{number}` đọc theo kiểu Việt Nam là {} nhưng theo kiểu tiếng Anh là {}; hãy ghi dạng số TOML ({vi_toml} hoặc {en_toml}) thay vì chuỗi chữ",
                    show(vi, Lang::Vi),
                    show(en, Lang::Vi)
                ),
                format!(
                    "`{number}` is {vi_toml} in Vietnamese but {en_toml} in English; write it as a TOML number ({vi_toml} or {en_toml}) instead of text"
                ),
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_literals_read_as_the_general_reader_does() {
        for text in [
            "0",
            "1",
            "99",
            "007",
            "0.5",
            "0.50",
            "1.000",
            "123456789",
            "123456789.123456789",
            "2.0004",
            " 3 ",
            "10.10",
        ] {
            let general = parse_toml_literal(text).unwrap();
            let plain = plain_literal(text).unwrap();
            assert_eq!(plain, general, "{text}");
            assert_eq!(plain.scale(), general.scale(), "{text}");
            assert_eq!(plain.to_string(), general.to_string(), "{text}");
        }
        // Everything else is left to the general reader.
        for text in [
            "",
            ".",
            "1.",
            ".5",
            "-1",
            "+1",
            "1_000",
            "1e3",
            "1.5E2",
            "inf",
            "nan",
            "0x10",
            "1234567890",
            "0.1234567890",
            "1.2.3",
        ] {
            assert_eq!(plain_literal(text), None, "{text}");
        }
    }
}
