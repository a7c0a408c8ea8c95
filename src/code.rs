//! Criterion codes: the dotted identifiers (`3`, `3.4`, `3.4.4`) that place a node in the
//! criteria tree. Codes order by numeric segments, so `1.2.10` sorts after `1.2.9`, and a
//! parent always sorts before its children.

use std::fmt;
use std::str::FromStr;

/// Deepest nesting a criteria set may use (area → criterion → sub-criterion → item …).
pub const MAX_DEPTH: usize = 6;

/// A validated dotted code such as `3.4.4`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CriterionCode(Vec<u16>);

/// Why a piece of text is not a criterion code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("the code is empty")]
    Empty,
    #[error("segment `{0}` is not a number (codes look like `3.4.4`)")]
    NotANumber(String),
    #[error("the code has an empty segment (two dots in a row, or a dot at either end)")]
    EmptySegment,
    #[error("segment `{0}` is too large (at most 9999)")]
    TooLarge(String),
    #[error("the code has more than {MAX_DEPTH} levels")]
    TooDeep,
}

impl CodeError {
    /// The message in both languages (the `Display` text is the English one).
    pub fn msg(&self) -> crate::i18n::Msg {
        match self {
            CodeError::Empty => crate::msg!("mã để trống", "the code is empty"),
            CodeError::NotANumber(p) => crate::msg!(
                "đoạn `{p}` không phải là số (mã có dạng `3.4.4`)",
                "segment `{p}` is not a number (codes look like `3.4.4`)"
            ),
            CodeError::EmptySegment => crate::msg!(
                "mã có một đoạn trống (hai dấu chấm liền nhau, hoặc dấu chấm ở đầu hay cuối)",
                "the code has an empty segment (two dots in a row, or a dot at either end)"
            ),
            CodeError::TooLarge(p) => crate::msg!("đoạn `{p}` quá lớn (tối đa 9999)", "segment `{p}` is too large (at most 9999)"),
            CodeError::TooDeep => crate::msg!("mã có quá {MAX_DEPTH} cấp", "the code has more than {MAX_DEPTH} levels"),
        }
    }
}

impl CriterionCode {
    /// The segments, `[3, 4, 4]` for `3.4.4`.
    pub fn segments(&self) -> &[u16] {
        &self.0
    }

    /// 1 for an area, 2 for a criterion, 3 for a sub-criterion.
    pub fn depth(&self) -> usize {
        self.0.len()
    }

    /// The code one level up, `None` for an area.
    pub fn parent(&self) -> Option<CriterionCode> {
        (self.0.len() > 1).then(|| CriterionCode(self.0[..self.0.len() - 1].to_vec()))
    }

    /// The area (first segment) this code belongs to.
    pub fn area(&self) -> CriterionCode {
        CriterionCode(vec![self.0[0]])
    }

    /// True when `self` is `other` or lies below it.
    pub fn is_within(&self, other: &CriterionCode) -> bool {
        self.0.starts_with(&other.0)
    }
}

impl CriterionCode {
    /// A placeholder code (`0`), for scratch space that is overwritten before use.
    pub fn default_root() -> CriterionCode {
        CriterionCode(vec![0])
    }

    /// True when `text` parses as a code (used to spot a missing header row).
    pub fn from_str_ok(text: &str) -> bool {
        text.parse::<CriterionCode>().is_ok()
    }
}

impl FromStr for CriterionCode {
    type Err = CodeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CodeError::Empty);
        }
        let mut segments = Vec::new();
        for part in text.split('.') {
            if part.is_empty() {
                return Err(CodeError::EmptySegment);
            }
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(CodeError::NotANumber(part.to_string()));
            }
            let n: u32 = part.parse().map_err(|_| CodeError::TooLarge(part.to_string()))?;
            if n > 9999 {
                return Err(CodeError::TooLarge(part.to_string()));
            }
            segments.push(n as u16);
        }
        if segments.len() > MAX_DEPTH {
            return Err(CodeError::TooDeep);
        }
        Ok(CriterionCode(segments))
    }
}

impl fmt::Display for CriterionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{s}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for CriterionCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_in_both_languages() {
        for bad in ["", "1.a", "1..2", "1.99999", "1.1.1.1.1.1.1"] {
            let e = bad.parse::<CriterionCode>().unwrap_err();
            assert_eq!(e.msg().en(), e.to_string(), "{bad}");
        }
        assert_eq!(
            "1.a".parse::<CriterionCode>().unwrap_err().msg().vi(),
            "đoạn `a` không phải là số (mã có dạng `3.4.4`)"
        );
        assert_eq!("1.1.1.1.1.1.1".parse::<CriterionCode>().unwrap_err().msg().vi(), "mã có quá 6 cấp");
    }

    fn code(s: &str) -> CriterionCode {
        s.parse().unwrap()
    }

    #[test]
    fn sorts_by_numeric_segments() {
        let mut codes = [code("1.2.10"), code("1.2.9"), code("1.2"), code("1.10"), code("2")];
        codes.sort();
        let shown: Vec<String> = codes.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["1.2", "1.2.9", "1.2.10", "1.10", "2"]);
    }

    #[test]
    fn parent_and_area() {
        assert_eq!(code("3.4.4").parent(), Some(code("3.4")));
        assert_eq!(code("3").parent(), None);
        assert_eq!(code("3.4.4").area(), code("3"));
        assert!(code("3.4.4").is_within(&code("3.4")));
        assert!(!code("3.44").is_within(&code("3.4")));
    }

    #[test]
    fn rejects_malformed_codes() {
        assert_eq!("".parse::<CriterionCode>(), Err(CodeError::Empty));
        assert_eq!("1..2".parse::<CriterionCode>(), Err(CodeError::EmptySegment));
        assert_eq!("1.2.".parse::<CriterionCode>(), Err(CodeError::EmptySegment));
        assert_eq!("1.a".parse::<CriterionCode>(), Err(CodeError::NotANumber("a".into())));
        assert_eq!("1.99999".parse::<CriterionCode>(), Err(CodeError::TooLarge("99999".into())));
        assert_eq!("1.2.3.4.5.6.7".parse::<CriterionCode>(), Err(CodeError::TooDeep));
        assert_eq!(code(" 7.2 ").to_string(), "7.2");
    }
}
