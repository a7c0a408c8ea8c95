//! Report labels in Vietnamese and English. The criteria set's language is the default;
//! `--lang` overrides it. Criteria titles are shown as written in the criteria file.

use crate::number::Lang;

/// A label key; `Label::text` gives it in a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Total,
    Index,
    Band,
    /// The round scored (vòng chấm).
    Round,
    Unit,
    Areas,
    Area,
    Code,
    Title,
    Max,
    Awarded,
    Lost,
    Percent,
    Losses,
    Reason,
    Document,
    Responsible,
    ByAgency,
    Agency,
    Sole,
    Shared,
    Criteria,
    Adjustments,
    Points,
    NoLosses,
    NotApplicable,
    Warnings,
    ApplicableMax,
    OfWhichItemised,
    SumRow,
    LargestLosses,
    ResponsibleShort,
    Hypothetical,
    ActualTotal,
}

impl Label {
    pub fn text(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Label::Total => ("Tổng điểm", "Total"),
            Label::Index => ("Chỉ số", "Index"),
            Label::Band => ("Xếp loại", "Band"),
            Label::Round => ("Vòng chấm", "Round"),
            Label::Unit => ("Đơn vị", "Unit"),
            Label::Areas => ("Điểm theo lĩnh vực", "Points by area"),
            Label::Area => ("Lĩnh vực", "Area"),
            Label::Code => ("Mã", "Code"),
            Label::Title => ("Tiêu chí", "Criterion"),
            Label::Max => ("Tối đa", "Max"),
            Label::Awarded => ("Đạt", "Awarded"),
            Label::Lost => ("Bị trừ", "Lost"),
            Label::Percent => ("%", "%"),
            Label::Losses => ("Các tiêu chí bị trừ điểm", "Criteria that lost points"),
            Label::Reason => ("Lý do", "Reason"),
            Label::Document => ("Tài liệu kiểm chứng", "Evidence document"),
            Label::Responsible => ("Cơ quan chịu trách nhiệm", "Responsible"),
            Label::ByAgency => ("Điểm bị trừ theo cơ quan", "Points lost by agency"),
            Label::Agency => ("Cơ quan", "Agency"),
            Label::Sole => ("Riêng", "Alone"),
            Label::Shared => ("Chia sẻ", "Shared"),
            Label::Criteria => ("Tiêu chí", "Criteria"),
            Label::Adjustments => ("Điểm thưởng / điểm trừ", "Bonus / penalty"),
            Label::Points => ("Điểm", "Points"),
            Label::NoLosses => ("Không có tiêu chí nào bị trừ điểm.", "No criterion lost points."),
            Label::NotApplicable => ("không phát sinh", "not applicable"),
            Label::Warnings => ("Cảnh báo", "Warnings"),
            Label::ApplicableMax => ("Điểm tối đa áp dụng", "Applicable maximum"),
            Label::OfWhichItemised => ("trong đó ở các tiêu chí có quy tắc chấm", "of which in rule-scored criteria"),
            Label::SumRow => ("Cộng", "Sum"),
            Label::Hypothetical => ("GIẢ ĐỊNH, không phải điểm thật", "WHAT-IF, not the actual score"),
            Label::ActualTotal => ("điểm thật", "actual total"),
            Label::LargestLosses => ("Bị trừ nhiều nhất", "Largest losses"),
            Label::ResponsibleShort => ("Chịu trách nhiệm", "Responsible"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// A label given in both languages at the place it is used.
pub fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// A text a user reads, in both languages: diagnostics and errors carry one and become
/// text in the chosen language only when rendered. Build one with [`msg!`](crate::msg)
/// (a Vietnamese and an English format string over the same arguments) or [`Msg::by`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Msg {
    vi: String,
    en: String,
}

impl Msg {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// A text built once per language, for messages composed of other bilingual parts:
    /// `Msg::by(|l| format!("{}: {}", what.get(l), why.get(l)))`.
    pub fn by(f: impl Fn(Lang) -> String) -> Msg {
        Msg {
            vi: f(Lang::Vi),
            en: f(Lang::En),
        }
    }

    /// The same text in both languages: values quoted as written (a file name, a number).
    pub fn same(text: impl Into<String>) -> Msg {
        let text = text.into();
        Msg {
            vi: text.clone(),
            en: text,
        }
    }

    pub fn en(&self) -> &str {
        &self.en
    }

    pub fn vi(&self) -> &str {
        &self.vi
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// Both texts changed by `f` (escaping, trimming).
    pub fn map(&self, f: impl Fn(&str) -> String) -> Msg {
        Msg {
            vi: f(&self.vi),
            en: f(&self.en),
        }
    }

    /// Both texts changed by `f`, told which language each is.
    pub fn map_lang(&self, f: impl Fn(Lang, &str) -> String) -> Msg {
        Msg {
            vi: f(Lang::Vi, &self.vi),
            en: f(Lang::En, &self.en),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.vi.is_empty() && self.en.is_empty()
    }
}

impl std::fmt::Display for Msg {
    /// English, for logs and `{}` in tests; reports render with [`Msg::get`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// A bilingual message: `msg!("không đọc được `{path}`", "cannot read `{path}`")`. Both
/// format strings see the same arguments (captured names or trailing expressions).
#[macro_export]
macro_rules! msg {
    ($vi:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        $crate::i18n::Msg::new(format!($vi $(, $arg)*), format!($en $(, $arg)*))
    };
}

/// An operating-system error in both languages: the system's own text in English, a
/// Vietnamese sentence for the kinds an officer meets (the system's text otherwise).
pub fn io_error(e: &std::io::Error) -> Msg {
    use std::io::ErrorKind as K;
    let vi = match e.kind() {
        K::NotFound => "không tìm thấy tệp hoặc thư mục".to_string(),
        K::PermissionDenied => "không có quyền truy cập".to_string(),
        K::AlreadyExists => "tệp đã tồn tại".to_string(),
        K::IsADirectory => "đây là một thư mục, không phải tệp".to_string(),
        K::NotADirectory => "một phần của đường dẫn không phải thư mục".to_string(),
        K::StorageFull => "ổ đĩa đã đầy".to_string(),
        K::ReadOnlyFilesystem => "ổ đĩa chỉ cho phép đọc".to_string(),
        K::InvalidData => format!("dữ liệu không hợp lệ ({e})"),
        _ => format!("lỗi hệ thống: {e}"),
    };
    Msg::new(vi, e.to_string())
}

/// `cannot read `path`: why`.
pub fn cannot_read(path: &std::path::Path, e: &std::io::Error) -> Msg {
    let (path, why) = (path.display(), io_error(e));
    Msg::by(|l| match l {
        Lang::Vi => format!("không đọc được `{path}`: {}", why.get(l)),
        Lang::En => format!("cannot read `{path}`: {}", why.get(l)),
    })
}

/// `cannot write `path`: why`.
pub fn cannot_write(path: &std::path::Path, e: &std::io::Error) -> Msg {
    let (path, why) = (path.display(), io_error(e));
    Msg::by(|l| match l {
        Lang::Vi => format!("không ghi được `{path}`: {}", why.get(l)),
        Lang::En => format!("cannot write `{path}`: {}", why.get(l)),
    })
}
