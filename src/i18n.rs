//! Report labels in Vietnamese and English. The criteria set's language is the default;
//! `--lang` overrides it. Criteria titles are shown as written in the criteria file.

use crate::number::Lang;

/// A label key; `Label::text` gives it in a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Total,
    Index,
    Band,
    Stage,
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
}

impl Label {
    pub fn text(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Label::Total => ("Tổng điểm", "Total"),
            Label::Index => ("Chỉ số", "Index"),
            Label::Band => ("Xếp loại", "Band"),
            Label::Stage => ("Giai đoạn", "Stage"),
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
            Label::LargestLosses => ("Bị trừ nhiều nhất", "Largest losses"),
            Label::ResponsibleShort => ("Chịu trách nhiệm", "Responsible"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// Stage names.
pub fn stage(stage: crate::evidence::Stage, lang: Lang) -> &'static str {
    use crate::evidence::Stage;
    match (stage, lang) {
        (Stage::SelfAssessment, Lang::Vi) => "tự đánh giá",
        (Stage::SelfAssessment, Lang::En) => "self-assessment",
        (Stage::Appraisal, Lang::Vi) => "thẩm định",
        (Stage::Appraisal, Lang::En) => "appraisal",
    }
}

/// A label given in both languages at the place it is used.
pub fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}
