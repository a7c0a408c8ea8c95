//! What a handed-in document says about itself, in the Vietnamese administrative format
//! (Nghị định 30/2020/NĐ-CP): the issuing agency and the one above it, the document's number,
//! place and date, who signs it and with what title, and who receives it.
//!
//! Each field comes from the command line (`--issuer`, `--doc-number`, `--date`, …), else
//! from the criteria set's `[document]` table, else is left blank, as a printed form leaves
//! it for the hand. The date, when neither gives it, is today (or `SOURCE_DATE_EPOCH`, so a
//! build can make the same bytes twice).

use chrono::NaiveDate;

/// The document's own particulars; `None` or empty is a blank to fill by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentInfo {
    /// The agency above the issuer (`UBND TỈNH ĐẮK NÔNG`), the first header line.
    pub parent: Option<String>,
    /// The issuing agency (`UBND HUYỆN ĐẮK GLONG`).
    pub issuer: Option<String>,
    /// The number and symbol (`125/KH-UBND`), without the leading `Số:`.
    pub number: Option<String>,
    /// The place in the date line (`Đắk Glong`).
    pub place: Option<String>,
    pub date: Option<NaiveDate>,
    /// Who signs (`Nguyễn Văn A`).
    pub signer: Option<String>,
    /// The signer's title as printed above the signature (`KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`,
    /// lines separated by `\n`).
    pub signer_title: Option<String>,
    /// `Nơi nhận`: one recipient per item.
    pub recipients: Vec<String>,
}

impl DocumentInfo {
    /// `self` with every field `over` gives replacing its own (command line over criteria).
    pub fn overridden_by(self, over: DocumentInfo) -> DocumentInfo {
        DocumentInfo {
            parent: over.parent.or(self.parent),
            issuer: over.issuer.or(self.issuer),
            number: over.number.or(self.number),
            place: over.place.or(self.place),
            date: over.date.or(self.date),
            signer: over.signer.or(self.signer),
            signer_title: over.signer_title.or(self.signer_title),
            recipients: if over.recipients.is_empty() {
                self.recipients
            } else {
                over.recipients
            },
        }
    }

    /// The date the document carries: the one given, else `SOURCE_DATE_EPOCH` (seconds since
    /// 1970, for reproducible output), else today in Vietnam.
    pub fn date_or_today(&self) -> NaiveDate {
        if let Some(d) = self.date {
            return d;
        }
        let from_epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            // The day it is in Vietnam (UTC+7) at that moment.
            .and_then(|secs| chrono::DateTime::from_timestamp(secs.saturating_add(7 * 3600), 0))
            .map(|t| t.date_naive());
        from_epoch.unwrap_or_else(|| {
            // Today in Vietnam (UTC+7), whatever the machine's zone.
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
            chrono::DateTime::from_timestamp(secs + 7 * 3600, 0).map_or(NaiveDate::MIN, |t| t.date_naive())
        })
    }

    /// `Đắk Glong, ngày 25 tháng 11 năm 2026` — the date line of an administrative document,
    /// with a blank place kept as dots to fill in.
    pub fn date_line_vi(&self) -> String {
        let d = self.date_or_today();
        let place = self.place.as_deref().filter(|p| !p.trim().is_empty()).unwrap_or("……………");
        // Days and months below 10 are written with a leading zero only for 1 and 2 in
        // months (tháng 01, 02) by the decree; days 1–9 take a leading zero too.
        use chrono::Datelike;
        let month = if d.month() < 3 {
            format!("{:02}", d.month())
        } else {
            d.month().to_string()
        };
        format!("{place}, ngày {:02} tháng {month} năm {}", d.day(), d.year())
    }

    /// `Đắk Glong, 25 Nov 2026` for an English document.
    pub fn date_line_en(&self) -> String {
        let d = self.date_or_today();
        let place = self.place.as_deref().filter(|p| !p.trim().is_empty()).unwrap_or("……………");
        format!("{place}, {}", d.format("%-d %b %Y"))
    }
}

/// The command-line options that fill a document's particulars (`score` and `plan`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DocumentArgs {
    /// Issuing agency printed at the top left of a Word or HTML document (`UBND HUYỆN ĐẮK
    /// GLONG`) [default: the criteria set's `[document] issuer`].
    #[arg(long, value_name = "NAME")]
    pub issuer: Option<String>,
    /// The agency above the issuer, printed above it (`UBND TỈNH ĐẮK NÔNG`).
    #[arg(long, value_name = "NAME")]
    pub parent_agency: Option<String>,
    /// Document number and symbol (`125/KH-UBND`).
    #[arg(long, value_name = "NUMBER")]
    pub doc_number: Option<String>,
    /// Place in the date line (`Đắk Glong`).
    #[arg(long, value_name = "PLACE")]
    pub place: Option<String>,
    /// Date of the document, dd/mm/yyyy or yyyy-mm-dd [default: today, or SOURCE_DATE_EPOCH].
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Who signs the document.
    #[arg(long, value_name = "NAME")]
    pub signer: Option<String>,
    /// The signer's title (`CHỦ TỊCH`; `KT. CHỦ TỊCH|PHÓ CHỦ TỊCH` for two lines).
    #[arg(long, value_name = "TITLE")]
    pub signer_title: Option<String>,
    /// A recipient listed under "Nơi nhận" (repeat for each).
    #[arg(long = "recipient", value_name = "NAME")]
    pub recipients: Vec<String>,
}

impl DocumentArgs {
    /// The particulars the command line gives, or why `--date` is not a date.
    pub fn info(&self) -> Result<DocumentInfo, crate::i18n::Msg> {
        let text = |s: &Option<String>| s.as_deref().map(crate::text::nfc).filter(|s| !s.trim().is_empty());
        let date = match &self.date {
            Some(d) => Some(crate::value::parse_date(d).map_err(|why| {
                let help = crate::i18n::Msg::from(crate::value::DATE_HELP);
                crate::i18n::Msg::by(|l| format!("--date: {}; {}", why.get(l), help.get(l)))
            })?),
            None => None,
        };
        Ok(DocumentInfo {
            parent: text(&self.parent_agency),
            issuer: text(&self.issuer),
            number: text(&self.doc_number),
            place: text(&self.place),
            date,
            signer: text(&self.signer),
            signer_title: text(&self.signer_title).map(|t| t.replace('|', "\n")),
            recipients: self
                .recipients
                .iter()
                .map(|r| crate::text::nfc(r))
                .filter(|r| !r.trim().is_empty())
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_command_line_wins_field_by_field() {
        let from_set = DocumentInfo {
            issuer: Some("UBND HUYỆN A".into()),
            place: Some("A".into()),
            recipients: vec!["Sở Nội vụ".into()],
            ..DocumentInfo::default()
        };
        let from_flags = DocumentInfo {
            place: Some("B".into()),
            ..DocumentInfo::default()
        };
        let both = from_set.overridden_by(from_flags);
        assert_eq!(both.issuer.as_deref(), Some("UBND HUYỆN A"));
        assert_eq!(both.place.as_deref(), Some("B"));
        assert_eq!(both.recipients, ["Sở Nội vụ"]);
    }

    #[test]
    fn date_lines_follow_the_decree() {
        let mut d = DocumentInfo {
            place: Some("Đắk Glong".into()),
            date: Some(day(2023, 2, 5)),
            ..DocumentInfo::default()
        };
        assert_eq!(d.date_line_vi(), "Đắk Glong, ngày 05 tháng 02 năm 2023");
        assert_eq!(d.date_line_en(), "Đắk Glong, 5 Feb 2023");
        d.date = Some(day(2023, 11, 25));
        assert_eq!(d.date_line_vi(), "Đắk Glong, ngày 25 tháng 11 năm 2023");
        d.place = None;
        assert_eq!(d.date_line_vi(), "……………, ngày 25 tháng 11 năm 2023");
    }

    #[test]
    fn flags_become_particulars() {
        let args = DocumentArgs {
            signer_title: Some("KT. CHỦ TỊCH|PHÓ CHỦ TỊCH".into()),
            doc_number: Some("  ".into()),
            recipients: vec!["Sở Nội vụ".into(), "".into()],
            ..DocumentArgs::default()
        };
        let info = args.info().unwrap();
        let bad = DocumentArgs {
            date: Some("31/02/2024".into()),
            ..DocumentArgs::default()
        };
        let why = bad.info().unwrap_err();
        assert_eq!(
            why.vi(),
            "--date: `31/02/2024` không phải là ngày có thật; ghi ngày theo dạng dd/mm/yyyy (22/10/2022) hoặc yyyy-mm-dd (2022-10-22)"
        );
        assert!(
            why.en()
                .starts_with("--date: `31/02/2024` is not a real calendar date; write a date"),
            "{why}"
        );
        assert_eq!(info.signer_title.as_deref(), Some("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"));
        assert_eq!(info.number, None);
        assert_eq!(info.recipients, ["Sở Nội vụ"]);
    }
}
