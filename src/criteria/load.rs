//! Reading and validating a criteria file. Syntax and unknown keys are reported by the
//! TOML reader; everything else (codes, tree shape, maxima, rules, agencies, bands,
//! rounding) is checked here, and every problem found is reported, not just the first.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;

use super::raw::{RawFile, RawNode, RawRounding};
use super::{
    Adjustment, AdjustmentItem, AdjustmentKind, Agency, Band, CriteriaSet, Ctx, MissingDocumentPolicy, MissingEvidencePolicy, Node,
    NotApplicablePolicy, Policy, UnitLevel,
};
use crate::code::CriterionCode;
use crate::diag::{Code, Diagnostic, Failed, Location, SourceFile};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, Rounding, RoundingStrategy, show};
use crate::number_format::NumberFormat;
use crate::rules::{self, Text};
use crate::text::{nearest, nfc};

/// Largest criteria file accepted; real sets are a few hundred kilobytes.
const MAX_BYTES: usize = 16 * 1024 * 1024;

/// Reads and validates a criteria file.
pub fn load_file(path: &Path) -> Result<CriteriaSet, Failed> {
    let (name, bytes) = read(path)?;
    let mut set = load_bytes(&name, &bytes)?;
    set.file = Some(crate::provenance::InputFile::of(name, &bytes));
    Ok(set)
}

/// [`load_file`] without the file's record (`file` is `None`): no SHA-256 of the bytes, for
/// callers that only validate the set (`check`), never name the file's digest. Also tells
/// whether [`declared_language`] would see the file (it is at most [`MAX_BYTES`] long), so that
/// the set's own language can stand for what that function would read.
pub(crate) fn load_file_unrecorded(path: &Path) -> (Result<CriteriaSet, Failed>, bool) {
    match read(path) {
        Ok((name, bytes)) => (load_bytes(&name, &bytes), bytes.len() <= MAX_BYTES),
        Err(f) => (Err(f), false),
    }
}

/// What [`declared_language`] reads from the file `set` was loaded from ([`load_file`]),
/// without reading it again: the set's own language (read the same way), when that function
/// would see the file.
pub fn language_declared_by(set: &CriteriaSet) -> Option<Lang> {
    set.file.as_ref().is_some_and(|f| f.len <= MAX_BYTES as u64).then_some(set.language)
}

/// The bytes of a criteria file, and its name for diagnostics.
fn read(path: &Path) -> Result<(String, Vec<u8>), Failed> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Failed(vec![
            Diagnostic::error(Code::FileRead, io_error(&name, &e))
                .at(Location::file_only(name.as_str().into()))
                .help(msg!("kiểm tra đường dẫn ghi sau --criteria", "check the path given to --criteria")),
        ])
    })?;
    Ok((name, bytes))
}

/// The language a criteria file declares (`[set] language`), read as leniently as possible
/// so that the diagnostics about a broken file can still be in its language: `None` when
/// the file cannot be read or declares no known language.
pub fn declared_language(path: &Path) -> Option<Lang> {
    let bytes = std::fs::read(path).ok().filter(|b| b.len() <= MAX_BYTES)?;
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes)).into_owned();
    if let Ok(table) = text.parse::<toml::Table>() {
        let lang = table.get("set")?.get("language")?.as_str()?;
        return Lang::parse(lang.trim());
    }
    // Not valid TOML: the first `language = "…"` line after a `[set]` header.
    let mut in_set = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_set = line == "[set]";
        } else if in_set && let Some(value) = line.strip_prefix("language").map(str::trim_start) {
            let value = value.strip_prefix('=')?.trim().trim_matches('"');
            return Lang::parse(value);
        }
    }
    None
}

/// Reads a criteria set from raw bytes (UTF-8, with or without BOM).
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<CriteriaSet, Failed> {
    // UTF-8 (the usual case) is read in place; anything else is left to `decode_utf8`, which
    // also says what is wrong with it.
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if !utf16 && let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)) {
        return load_str(name, text);
    }
    let text = crate::evidence::decode_utf8(name, bytes).map_err(|d| Failed(vec![d]))?;
    load_str(name, &text)
}

/// Validates criteria text; `name` is used in diagnostics.
pub fn load_str(name: &str, text: &str) -> Result<CriteriaSet, Failed> {
    let src = SourceFile::new(name, text);
    if text.len() > MAX_BYTES {
        return Err(Failed(vec![
            Diagnostic::error(Code::FileRead, msg!("`{name}` lớn hơn 16 MiB", "`{name}` is larger than 16 MiB"))
                .at(Location::file_only(name.into()))
                .help(msg!(
                    "một bộ tiêu chí chỉ vài trăm kilobyte; có đúng tệp không?",
                    "a criteria set is a few hundred kilobytes at most; is this the right file?"
                )),
        ]));
    }
    let mut cx = Ctx::new(&src);
    let mut set = None;
    if let Some((raw, tables)) = super::fast::read_criteria(text) {
        #[cfg(test)]
        let tables = same_as_toml(text, &raw, tables);
        set = build(raw, tables, &mut cx).ok();
    }
    let set = match set {
        Some(set) => set,
        // Not read by the fast reader (or a node table it left): the toml crate reads it all.
        None => {
            cx = Ctx::new(&src);
            let mut raw: RawFile = match toml::from_str(text) {
                Ok(raw) => raw,
                Err(e) => return Err(Failed(vec![toml_error(&src, &e)])),
            };
            let nodes = std::mem::take(&mut raw.node);
            build(raw, nodes.into_iter().map(Some), &mut cx).expect("every node is read")
        }
    };
    let mut diags = cx.diags;
    crate::diag::sort(&mut diags);
    match set {
        Some(mut set) if !diags.iter().any(Diagnostic::is_error) => {
            set.warnings = diags;
            Ok(set)
        }
        _ => Err(Failed(diags)),
    }
}

/// Every criteria text of the unit tests that the fast reader reads is also read by the toml
/// crate, to the same `RawFile` (spans included); the node tables are then given as read.
#[cfg(test)]
fn same_as_toml(text: &str, raw: &RawFile, tables: super::fast::NodeTables<'_>) -> std::vec::IntoIter<Option<RawNode>> {
    let nodes: Vec<Option<RawNode>> = tables.collect();
    if nodes.iter().all(Option::is_some) {
        let mut slow: RawFile = toml::from_str(text).expect("the toml crate refuses a text the fast reader read");
        let slow_nodes: Vec<Option<RawNode>> = std::mem::take(&mut slow.node).into_iter().map(Some).collect();
        assert_eq!(format!("{raw:?}"), format!("{slow:?}"), "different readings of:\n{text}");
        assert_eq!(format!("{nodes:?}"), format!("{slow_nodes:?}"), "different readings of:\n{text}");
    }
    nodes.into_iter()
}

fn toml_error(src: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_string();
    let unknown = message.starts_with("unknown field");
    let code = if unknown || message.starts_with("missing field") || message.starts_with("invalid type") {
        Code::TomlSchema
    } else {
        Code::TomlSyntax
    };
    let mut help = match code {
        Code::TomlSchema => msg!(
            "xem docs/criteria-format.md để biết các khóa mỗi bảng chấp nhận",
            "see docs/criteria-format.md for the keys each table accepts"
        ),
        _ => msg!(
            "sửa cú pháp TOML tại chỗ này (dấu nháy, dấu ngoặc, dấu `=` giữa khóa và giá trị)",
            "fix the TOML syntax at this place (quotes, brackets, `=` between key and value)"
        ),
    };
    if unknown && let (Some(field), Some(list)) = (message.split('`').nth(1), message.split("expected").nth(1)) {
        let options: Vec<&str> = list.split('`').skip(1).step_by(2).collect();
        if let Some(s) = nearest(field, options.iter().copied()) {
            help = msg!("có phải là `{s}`?", "did you mean `{s}`?");
        }
    }
    let d = Diagnostic::error(code, toml_message(&message)).help(help);
    match e.span() {
        Some(span) => d.at(src.locate(span)),
        None => d.at(Location::file_only(src.name.clone())),
    }
}

/// The TOML reader's message (always English) in both languages: the usual schema
/// messages are translated, and any other is a syntax error quoted after a Vietnamese lead.
fn toml_message(en: &str) -> Msg {
    let vi = if let Some(rest) = en.strip_prefix("unknown field ") {
        match rest.split_once(", expected ") {
            Some((field, expected)) => {
                let expected = expected.strip_prefix("one of ").unwrap_or(expected);
                format!("khóa {field} không có ở đây; các khóa được dùng: {expected}")
            }
            None => format!("khóa {rest} không có ở đây"),
        }
    } else if let Some(field) = en.strip_prefix("missing field ") {
        format!("thiếu khóa {field}")
    } else if let Some(rest) = en.strip_prefix("invalid type: ") {
        match rest.split_once(", expected ") {
            Some((found, expected)) => format!("sai kiểu giá trị: {}, cần {}", serde_kind(found), serde_kind(expected)),
            None => format!("sai kiểu giá trị: {rest}"),
        }
    } else if let Some(rest) = en.strip_prefix("duplicate key ") {
        format!("khóa {rest} được khai báo hai lần")
    } else {
        format!("lỗi cú pháp TOML: {en}")
    };
    Msg::new(vi, en)
}

/// A kind of value as the TOML reader names it (`integer `1``, `a string`), in Vietnamese;
/// a kind not listed is kept as written.
fn serde_kind(en: &str) -> String {
    const KINDS: [(&str, &str); 12] = [
        ("a number, a string or a date", "một số, một chuỗi chữ hoặc một ngày"),
        ("a string", "một chuỗi chữ"),
        ("a sequence", "một danh sách"),
        ("a boolean", "true hoặc false"),
        ("a map", "một bảng"),
        ("integer", "số nguyên"),
        ("floating point", "số thập phân"),
        ("string", "chuỗi chữ"),
        ("boolean", "giá trị true/false"),
        ("sequence", "danh sách"),
        ("map", "bảng"),
        ("struct", "bảng"),
    ];
    for (word, vi) in KINDS {
        if en == word {
            return vi.to_string();
        }
        if let Some(rest) = en.strip_prefix(word).filter(|r| r.starts_with(' ')) {
            return format!("{vi}{rest}");
        }
    }
    en.to_string()
}

/// Why a text is not a criterion code, in Vietnamese.
fn code_error(e: &crate::code::CodeError) -> String {
    use crate::code::CodeError;
    match e {
        CodeError::Empty => "mã đang để trống".to_string(),
        CodeError::NotANumber(s) => format!("phần `{s}` không phải là số (mã có dạng `3.4.4`)"),
        CodeError::EmptySegment => "mã có một phần trống (hai dấu chấm liền nhau, hoặc dấu chấm ở đầu hay cuối)".to_string(),
        CodeError::TooLarge(s) => format!("phần `{s}` quá lớn (tối đa 9999)"),
        CodeError::TooDeep => {
            let en = e.to_string();
            let levels = en.trim_start_matches("the code has more than ").trim_end_matches(" levels");
            format!("mã có nhiều hơn {levels} cấp")
        }
    }
}

/// `cannot read `name`: error` in both languages.
fn io_error(name: &str, e: &std::io::Error) -> Msg {
    let vi = match e.kind() {
        std::io::ErrorKind::NotFound => "không tìm thấy tệp".to_string(),
        std::io::ErrorKind::PermissionDenied => "không có quyền đọc tệp".to_string(),
        std::io::ErrorKind::IsADirectory => "đây là thư mục, không phải tệp".to_string(),
        _ => e.to_string(),
    };
    msg!("không đọc được `{name}`: {vi}", "cannot read `{name}`: {e}")
}

/// The set from its tables; the `[[node]]` tables come one by one from `raw_nodes` (`raw.node`
/// is not read), and a `None` among them (a table the fast reader cannot read) stops the build
/// with `Err`. `Ok(None)` when errors were found.
fn build(raw: RawFile, raw_nodes: impl ExactSizeIterator<Item = Option<RawNode>>, cx: &mut Ctx) -> Result<Option<CriteriaSet>, ()> {
    let mut unread = false;
    let set = build_set(raw, raw_nodes, cx, &mut unread);
    if unread { Err(()) } else { Ok(set) }
}

fn build_set(
    raw: RawFile,
    raw_nodes: impl ExactSizeIterator<Item = Option<RawNode>>,
    cx: &mut Ctx,
    unread: &mut bool,
) -> Option<CriteriaSet> {
    let set = &raw.set;
    let id = cx.text(&set.id);
    if id.is_empty() {
        cx.error(
            Code::InvalidSetting,
            set.id.span(),
            msg!("mã bộ tiêu chí (`id`) đang để trống", "the set id is empty"),
            msg!(
                "đặt cho bộ tiêu chí một mã như \"dak-nong-district-2022\"",
                "give the set an id such as \"dak-nong-district-2022\""
            ),
        );
    }
    let title = cx.text(&set.title);
    let year = cx.integer(&set.year, &msg!("năm (`year`)", "year"), 1900..2201).map(|y| y as i32);
    let level = UnitLevel::parse(set.level.get_ref().trim());
    if level.is_none() {
        let hint = suggest(set.level.get_ref(), &UnitLevel::NAMES);
        cx.error(
            Code::InvalidSetting,
            set.level.span(),
            msg!("cấp `{}` không xác định", "unknown level `{}`", set.level.get_ref()),
            hint,
        );
    }
    let language = Lang::parse(set.language.get_ref().trim());
    if language.is_none() {
        cx.error(
            Code::InvalidSetting,
            set.language.span(),
            msg!("ngôn ngữ `{}` không xác định", "unknown language `{}`", set.language.get_ref()),
            msg!("dùng \"vi\" hoặc \"en\"", "use \"vi\" or \"en\""),
        );
    }
    let number_format = set.number_format.as_ref().and_then(|f| {
        let parsed = NumberFormat::parse(f.get_ref());
        if parsed.is_none() {
            cx.error(
                Code::InvalidSetting,
                f.span(),
                msg!("cách ghi số `{}` không xác định", "unknown number format `{}`", f.get_ref()),
                msg!(
                    "dùng \"vi\" (1.234,5: dấu thập phân là `,`) hoặc \"en\" (1,234.5: dấu thập phân là `.`)",
                    "use \"vi\" (1.234,5: `,` is the decimal mark) or \"en\" (1,234.5: `.` is the decimal point)"
                ),
            );
        }
        parsed
    });
    let total = cx.points(&set.total, &msg!("tổng điểm (`total`)", "total"));

    let default_rounding = Rounding {
        places: 3,
        strategy: RoundingStrategy::HalfUp,
    };
    let (rounding, index_rounding) = match &set.rounding {
        Some(r) => {
            let points = rounding(r, default_rounding, cx);
            let index = match &r.index_places {
                Some(lit) => cx
                    .integer(lit, &Msg::same("index_places"), 0..i64::from(Rounding::MAX_PLACES) + 1)
                    .map(|p| Rounding {
                        places: p as u32,
                        strategy: points.strategy,
                    }),
                None => Some(Rounding {
                    places: 2,
                    strategy: points.strategy,
                }),
            };
            (points, index.unwrap_or(default_rounding))
        }
        None => (
            default_rounding,
            Rounding {
                places: 2,
                strategy: RoundingStrategy::HalfUp,
            },
        ),
    };
    let policy = policy(&raw, cx);

    // Agencies: unique ids, declared once.
    let mut agencies: Vec<Agency> = Vec::new();
    for a in &raw.agency {
        let aid = cx.text(&a.id);
        if aid.is_empty() || aid.chars().any(char::is_whitespace) {
            cx.error(
                Code::InvalidSetting,
                a.id.span(),
                msg!("mã cơ quan `{aid}` phải là một từ", "agency id `{aid}` must be one word"),
                msg!("dùng mã ngắn như \"noi-vu\"", "use a short id such as \"noi-vu\""),
            );
            continue;
        }
        if agencies.iter().any(|x| x.id == aid) {
            cx.error(
                Code::DuplicateAgency,
                a.id.span(),
                msg!("cơ quan `{aid}` được khai báo hai lần", "agency `{aid}` is declared twice"),
                msg!("mỗi mã chỉ giữ một bảng [[agency]]", "keep one [[agency]] table per id"),
            );
            continue;
        }
        let name = cx.text(&a.name);
        agencies.push(Agency {
            short: a.short.as_deref().map(nfc).unwrap_or_else(|| name.clone()),
            id: aid,
            name,
            name_en: a.name_en.as_deref().map(nfc),
        });
    }
    let known: Vec<String> = agencies.iter().map(|a| a.id.clone()).collect();

    // Bands: written from the highest down, each lower bound strictly below the previous.
    let mut bands = Vec::new();
    let mut previous: Option<Decimal> = None;
    for b in &raw.band {
        let Some(min) = cx.share(&b.min, &msg!("mức dưới của xếp loại", "band min")) else {
            continue;
        };
        let min_percent = min * Decimal::ONE_HUNDRED;
        if !(Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&min_percent) {
            cx.error(
                Code::BandOrder,
                b.min.span(),
                Msg::new(
                    format!("mức dưới của xếp loại {}% nằm ngoài khoảng 0–100%", show(min_percent, Lang::Vi)),
                    format!("band lower bound {}% is outside 0–100%", show(min_percent, Lang::En)),
                ),
                msg!("ghi mức như \"90%\"", "write bounds such as \"90%\""),
            );
            continue;
        }
        if let Some(p) = previous
            && min_percent >= p
        {
            cx.error(
                Code::BandOrder,
                b.min.span(),
                Msg::by(|l| match l {
                    Lang::Vi => format!(
                        "xếp loại `{}` bắt đầu từ {}%, không thấp hơn xếp loại liền trước ({}%)",
                        b.vi,
                        show(min_percent, l),
                        show(p, l)
                    ),
                    Lang::En => format!(
                        "band `{}` starts at {}%, not below the band before it ({}%)",
                        b.vi,
                        show(min_percent, Lang::En),
                        show(p, Lang::En)
                    ),
                }),
                msg!(
                    "liệt kê các xếp loại từ mức dưới cao nhất trở xuống, mỗi mức thấp hơn mức trước",
                    "list bands from the highest lower bound down, each bound lower than the one before"
                ),
            );
            continue;
        }
        previous = Some(min_percent);
        bands.push(Band {
            min: min_percent.normalize(),
            vi: nfc(&b.vi),
            en: nfc(&b.en),
        });
    }

    // Nodes: built in declaration order, then put in code order by a stable sort, which keeps
    // the first of several nodes with one code before the others.
    let mut built: Vec<(CriterionCode, Node, bool)> = Vec::with_capacity(raw_nodes.len());
    // The codes declared with a rule whose node did not build (they still have a rule).
    let mut ruled_unbuilt: Vec<CriterionCode> = Vec::new();
    for rn in raw_nodes {
        let Some(rn) = rn else {
            *unread = true;
            return None;
        };
        let rn = &rn;
        let code = rn.code.get_ref().parse::<CriterionCode>();
        let ruled = rn.rule.is_some();
        match node(rn, code, rounding, &known, cx) {
            Ok(node) => built.push((node.code.clone(), node, ruled)),
            Err(Some(code)) if ruled => ruled_unbuilt.push(code),
            Err(_) => {}
        }
    }
    built.sort_by(|a, b| a.0.cmp(&b.0));
    ruled_unbuilt.sort();
    // Each code once, and whether any of its declarations (duplicates and nodes that failed to
    // build included) has a rule.
    built.dedup_by(|(code, node, ruled), (first_code, first, first_ruled)| {
        if code != first_code {
            return false;
        }
        *first_ruled |= *ruled;
        let line = cx.loc(first.span.clone()).line;
        cx.error(
            Code::DuplicateCode,
            node.span.clone(),
            msg!(
                "mã `{}` được khai báo hai lần (lần đầu ở dòng {line})",
                "code `{}` is declared twice (first on line {line})",
                node.code
            ),
            msg!(
                "đặt cho mỗi nút một mã riêng, hoặc gộp hai nút",
                "give each node its own code, or merge the two"
            ),
        );
        true
    });
    if !ruled_unbuilt.is_empty() {
        for (code, _, ruled) in &mut built {
            *ruled |= ruled_unbuilt.binary_search(code).is_ok();
        }
    }
    let nodes = tree(built, total, set, cx);

    let adjustments = adjustments(&raw, &known, cx);
    let rounds = super::rounds::rounds(&raw, cx);
    let surveys = crate::survey::build_all(&raw.survey, &nodes, rounding, cx);

    Some(CriteriaSet {
        id,
        title,
        title_en: set.title_en.as_deref().map(nfc),
        year: year?,
        level: level?,
        language: language?,
        number_format,
        total: total?,
        rounding,
        index_rounding,
        policy,
        bands,
        agencies,
        nodes,
        adjustments,
        document: raw_document(raw.document.as_ref()),
        rounds,
        source: cx.src.clone(),
        file: None,
        warnings: Vec::new(),
        surveys,
    })
}

/// The `[document]` table as particulars: texts in NFC, `|` in the signer's title as a line
/// break (`KT. CHỦ TỊCH|PHÓ CHỦ TỊCH`), blank texts as blanks.
fn raw_document(raw: Option<&super::raw::RawDocument>) -> crate::document::DocumentInfo {
    let Some(d) = raw else {
        return crate::document::DocumentInfo::default();
    };
    let text = |s: &Option<String>| s.as_deref().map(nfc).filter(|s| !s.trim().is_empty());
    crate::document::DocumentInfo {
        parent: text(&d.parent),
        issuer: text(&d.issuer),
        number: text(&d.number),
        place: text(&d.place),
        date: None,
        signer: text(&d.signer),
        signer_title: text(&d.signer_title).map(|t| t.replace('|', "\n")),
        recipients: d.recipients.iter().map(|r| nfc(r)).filter(|r| !r.trim().is_empty()).collect(),
    }
}

fn suggest(word: &str, options: &[&str]) -> Msg {
    let all = options.join(", ");
    match nearest(word, options.iter().copied()) {
        Some(s) => msg!("có phải là `{s}`? (một trong: {all})", "did you mean `{s}`? (one of: {all})"),
        None => msg!("dùng một trong: {all}", "use one of: {all}"),
    }
}

fn rounding(r: &RawRounding, inherited: Rounding, cx: &mut Ctx) -> Rounding {
    let places = match &r.places {
        Some(lit) => cx
            .integer(
                lit,
                &msg!("số chữ số thập phân khi làm tròn", "rounding places"),
                0..i64::from(Rounding::MAX_PLACES) + 1,
            )
            .map_or(inherited.places, |p| p as u32),
        None => inherited.places,
    };
    let strategy = match &r.strategy {
        Some(s) => match RoundingStrategy::parse(s.get_ref().trim()) {
            Some(st) => st,
            None => {
                let hint = suggest(s.get_ref(), &RoundingStrategy::NAMES);
                cx.error(
                    Code::InvalidRounding,
                    s.span(),
                    msg!("cách làm tròn `{}` không xác định", "unknown rounding strategy `{}`", s.get_ref()),
                    hint,
                );
                inherited.strategy
            }
        },
        None => inherited.strategy,
    };
    Rounding { places, strategy }
}

fn policy(raw: &RawFile, cx: &mut Ctx) -> Policy {
    let mut p = Policy {
        not_applicable: NotApplicablePolicy::Exclude,
        missing_evidence: MissingEvidencePolicy::Zero,
        missing_document: MissingDocumentPolicy::Warn,
    };
    let Some(rp) = &raw.set.policy else { return p };
    if let Some(s) = &rp.not_applicable {
        match s.get_ref().trim() {
            "exclude" => p.not_applicable = NotApplicablePolicy::Exclude,
            "full-marks" => p.not_applicable = NotApplicablePolicy::FullMarks,
            other => cx.error(
                Code::InvalidSetting,
                s.span(),
                msg!(
                    "giá trị `{other}` của `not_applicable` không xác định",
                    "unknown not_applicable policy `{other}`"
                ),
                suggest(other, &["exclude", "full-marks"]),
            ),
        }
    }
    if let Some(s) = &rp.missing_evidence {
        match s.get_ref().trim() {
            "zero" => p.missing_evidence = MissingEvidencePolicy::Zero,
            "error" => p.missing_evidence = MissingEvidencePolicy::Error,
            other => cx.error(
                Code::InvalidSetting,
                s.span(),
                msg!(
                    "giá trị `{other}` của `missing_evidence` không xác định",
                    "unknown missing_evidence policy `{other}`"
                ),
                suggest(other, &["zero", "error"]),
            ),
        }
    }
    if let Some(s) = &rp.missing_document {
        match s.get_ref().trim() {
            "warn" => p.missing_document = MissingDocumentPolicy::Warn,
            "zero" => p.missing_document = MissingDocumentPolicy::Zero,
            other => cx.error(
                Code::InvalidSetting,
                s.span(),
                msg!(
                    "giá trị `{other}` của `missing_document` không xác định",
                    "unknown missing_document policy `{other}`"
                ),
                suggest(other, &["warn", "zero"]),
            ),
        }
    }
    p
}

fn agency_list(list: &[crate::criteria::raw::SStr], known: &[String], cx: &mut Ctx) -> Vec<String> {
    let mut out = Vec::new();
    for a in list {
        let id = cx.text(a);
        if known.contains(&id) {
            if !out.contains(&id) {
                out.push(id);
            }
        } else {
            let hint = match nearest(&id, known.iter().map(String::as_str)) {
                Some(s) => msg!(
                    "có phải là `{s}`? Các cơ quan được khai báo trong bảng [[agency]]",
                    "did you mean `{s}`? Agencies are declared in [[agency]] tables"
                ),
                None => msg!(
                    "khai báo cơ quan này trong một bảng [[agency]], hoặc dùng một mã đã khai báo",
                    "declare it in an [[agency]] table, or use a declared id"
                ),
            };
            cx.error(
                Code::UnknownAgency,
                a.span(),
                msg!("cơ quan `{id}` chưa được khai báo", "unknown agency `{id}`"),
                hint,
            );
        }
    }
    out
}

/// A node from its table; `code` is its `code` as read. A node that does not build gives its
/// code back when the code itself was readable.
fn node(
    rn: &RawNode,
    code: Result<CriterionCode, crate::code::CodeError>,
    set_rounding: Rounding,
    known: &[String],
    cx: &mut Ctx,
) -> Result<Node, Option<CriterionCode>> {
    let code: CriterionCode = match code {
        Ok(c) => c,
        Err(e) => {
            cx.error(
                Code::InvalidCode,
                rn.code.span(),
                Msg::new(
                    format!("`{}` không phải là mã hợp lệ: {}", rn.code.get_ref(), code_error(&e)),
                    format!("`{}` is not a valid code: {e}", rn.code.get_ref()),
                ),
                msg!(
                    "mã là các số nối với nhau bằng dấu chấm, như \"3.4.4\"",
                    "codes are numbers joined by dots, such as \"3.4.4\""
                ),
            );
            return Err(None);
        }
    };
    let title = cx.text(&rn.title);
    if title.is_empty() {
        cx.error(
            Code::InvalidSetting,
            rn.title.span(),
            msg!("nút {code} có tên (`title`) để trống", "node {code} has an empty title"),
            msg!(
                "ghi tên tiêu chí như trong văn bản bộ tiêu chí",
                "write the title as it appears in the criteria document"
            ),
        );
    }
    let max = cx.points(&rn.max, &|| msg!("điểm tối đa của {code}", "max of {code}"));
    let lead = agency_list(&rn.lead, known, cx);
    let cooperating = agency_list(&rn.cooperating, known, cx);
    let node_rounding = rn.rounding.as_ref().map(|r| rounding(r, set_rounding, cx));
    let rule = match (&rn.rule, max) {
        (Some(r), Some(m)) => {
            let rounding = node_rounding.unwrap_or(set_rounding);
            max_precision(&code, m, rounding, rn, cx);
            rules::build(r, m, rounding, &code, cx)
        }
        _ => None,
    };
    let Some(max) = max else {
        return Err(Some(code));
    };
    Ok(Node {
        span: rn.code.span(),
        code,
        title,
        title_en: rn.title_en.as_deref().map(nfc),
        max,
        lead,
        cooperating,
        deadline: rn.deadline.as_deref().map(nfc),
        document_required: rn.document_required,
        may_be_not_applicable: rn.may_be_not_applicable,
        rounding: node_rounding,
        rule,
        children: Vec::new(),
    })
}

/// Warns when a leaf's maximum has more decimals than its rounding keeps: the leaf's points
/// are rounded, so a criterion that is fully met could never reach its maximum
/// (`max = 1.0004567` with 3 places scores 1 and silently loses 0.0004567).
fn max_precision(code: &CriterionCode, max: Decimal, rounding: Rounding, rn: &RawNode, cx: &mut Ctx) {
    let rounded = rounding.apply(max);
    if rounded == max.normalize() {
        return;
    }
    cx.warn(
        Code::MaxPrecision,
        rn.max.span(),
        Msg::by(|l| match l {
            Lang::Vi => format!(
                "điểm tối đa của {code} là {} nhưng điểm được làm tròn đến {} chữ số thập phân: đạt trọn vẹn vẫn chỉ được {} và bị trừ {}",
                show(max, l),
                rounding.places,
                show(rounded, l),
                show(max - rounded, l)
            ),
            Lang::En => format!(
                "max of {code} is {} but its points are rounded to {} decimal place(s): fully met, it scores {} and loses {}",
                show(max, Lang::En),
                rounding.places,
                show(rounded, Lang::En),
                show(max - rounded, Lang::En)
            ),
        }),
        msg!(
            "ghi điểm tối đa với nhiều nhất {} chữ số thập phân, hoặc tăng `places` trong [set.rounding] (hoặc `rounding` của nút)",
            "write the max with at most {} decimals, or raise `places` in [set.rounding] (or the node's `rounding`)",
            rounding.places
        ),
    );
}

/// Links children to parents and checks the tree: every parent exists, leaves have rules,
/// parents don't, each parent's maximum is its children's sum, the areas add up to the total.
fn tree(
    mut built: Vec<(CriterionCode, Node, bool)>,
    total: Option<Decimal>,
    set: &super::raw::RawSet,
    cx: &mut Ctx,
) -> BTreeMap<CriterionCode, Node> {
    // `built` is in code order, each code once: a parent is found by a binary search on the
    // segments, and each parent's children come in code order.
    let mut sums: Vec<Decimal> = vec![Decimal::ZERO; built.len()];
    for i in 0..built.len() {
        let segments = built[i].0.segments();
        if segments.len() < 2 {
            continue;
        }
        let parent = &segments[..segments.len() - 1];
        if let Ok(p) = built.binary_search_by(|(c, _, _)| c.segments().cmp(parent)) {
            let (child, max) = (built[i].0.clone(), built[i].1.max);
            built[p].1.children.push(child);
            sums[p] += max;
        } else {
            let code = &built[i].0;
            let parent = code.parent().expect("a code of two segments or more has a parent");
            let loc = cx.loc(built[i].1.span.clone());
            cx.diags.push(
                Diagnostic::error(
                    Code::MissingParent,
                    msg!(
                        "nút {code} không có nút cha: {parent} chưa được khai báo",
                        "node {code} has no parent: {parent} is not declared"
                    ),
                )
                .at(loc)
                .help(msg!(
                    "thêm một [[node]] có code = \"{parent}\", hoặc sửa lại mã",
                    "add a [[node]] with code = \"{parent}\", or fix the code"
                )),
            );
        }
    }
    let declared: Vec<bool> = built.iter().map(|(_, _, ruled)| *ruled).collect();
    // Already in order: the map is built at once, in the vector's place.
    let nodes: BTreeMap<CriterionCode, Node> = built.into_iter().map(|(c, n, _)| (c, n)).collect();
    for ((node, declared), sum) in nodes.values().zip(declared).zip(sums) {
        if node.is_leaf() && node.rule.is_none() && !declared {
            cx.diags.push(
                Diagnostic::error(
                    Code::MissingRule,
                    msg!("tiêu chí lá {} chưa có quy tắc chấm điểm", "leaf {} has no rule", node.code),
                )
                .at(cx.src.locate(node.span.clone()))
                .help(msg!(
                    "thêm `rule = {{ kind = \"binary\" }}` hoặc một loại quy tắc khác (xem docs/criteria-format.md)",
                    "add `rule = {{ kind = \"binary\" }}` or another rule kind (see docs/criteria-format.md)"
                )),
            );
        }
        if !node.is_leaf() && declared {
            cx.diags.push(
                Diagnostic::error(
                    Code::RuleOnParent,
                    msg!(
                        "{} vừa có tiêu chí thành phần vừa có quy tắc chấm điểm",
                        "{} has children and a rule",
                        node.code
                    ),
                )
                .at(cx.src.locate(node.span.clone()))
                .help(msg!(
                    "điểm của nút cha là tổng điểm các nút con; chuyển quy tắc xuống một tiêu chí lá",
                    "a parent's score is the sum of its children; move the rule to a leaf"
                )),
            );
        }
        if !node.is_leaf() && sum != node.max {
            let list = |l: Lang| {
                node.children
                    .iter()
                    .map(|c| format!("{c} = {}", show(nodes[c].max, l)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            cx.diags.push(
                Diagnostic::error(
                    Code::MaxMismatch,
                    Msg::by(|l| {
                        let (max, sum, diff) = (show(node.max, l), show(sum, l), show(node.max - sum, l));
                        match l {
                            Lang::Vi => format!(
                                "điểm tối đa của {} là {max} nhưng tổng điểm tối đa các nút con là {sum} (chênh lệch {diff})",
                                node.code
                            ),
                            Lang::En => format!("max of {} is {max} but its children add up to {sum} (difference {diff})", node.code),
                        }
                    }),
                )
                .at(cx.src.locate(node.span.clone()))
                .help(Msg::by(|l| match l {
                    Lang::Vi => format!("các nút con: {}; sửa điểm tối đa của nút cha hoặc của một nút con", list(l)),
                    Lang::En => format!("children: {}; fix the parent's max or a child's", list(l)),
                })),
            );
        }
    }
    if let Some(total) = total {
        let areas: Decimal = nodes.values().filter(|n| n.code.depth() == 1).map(|n| n.max).sum();
        if areas != total && !nodes.is_empty() {
            cx.error(
                Code::TotalMismatch,
                set.total.span(),
                Msg::by(|l| {
                    let (total, areas, diff) = (show(total, l), show(areas, l), show(total - areas, l));
                    match l {
                        Lang::Vi => {
                            format!("tổng điểm của bộ tiêu chí là {total} nhưng tổng điểm các lĩnh vực là {areas} (chênh lệch {diff})")
                        }
                        Lang::En => {
                            format!("the set's total is {total} but its areas add up to {areas} (difference {diff})")
                        }
                    }
                }),
                msg!(
                    "tổng điểm phải bằng tổng điểm tối đa của các lĩnh vực",
                    "the total must equal the sum of the areas' maxima"
                ),
            );
        }
        if nodes.is_empty() {
            cx.error(
                Code::MissingRule,
                set.total.span(),
                msg!("bộ tiêu chí không khai báo [[node]] nào", "the criteria set declares no [[node]]"),
                msg!(
                    "thêm các lĩnh vực và tiêu chí dưới dạng bảng [[node]]",
                    "add areas and criteria as [[node]] tables"
                ),
            );
        }
    }
    nodes
}

fn adjustments(raw: &RawFile, known: &[String], cx: &mut Ctx) -> Vec<Adjustment> {
    let mut out: Vec<Adjustment> = Vec::new();
    for ra in &raw.adjustment {
        let id = cx.text(&ra.id);
        if id.parse::<CriterionCode>().is_ok() || id.is_empty() {
            cx.error(
                Code::InvalidSetting,
                ra.id.span(),
                msg!(
                    "mã điểm thưởng/điểm trừ `{id}` phải là một từ, không phải mã tiêu chí",
                    "adjustment id `{id}` must be a word, not a code"
                ),
                msg!(
                    "dùng mã như \"bonus\" hoặc \"penalty\"",
                    "use an id such as \"bonus\" or \"penalty\""
                ),
            );
            continue;
        }
        if out.iter().any(|a| a.id == id) {
            cx.error(
                Code::DuplicateCode,
                ra.id.span(),
                msg!(
                    "mục điểm thưởng/điểm trừ `{id}` được khai báo hai lần",
                    "adjustment `{id}` is declared twice"
                ),
                Msg::default(),
            );
            continue;
        }
        let kind = match ra.kind.get_ref().trim() {
            "bonus" => AdjustmentKind::Bonus,
            "penalty" => AdjustmentKind::Penalty,
            other => {
                cx.error(
                    Code::InvalidSetting,
                    ra.kind.span(),
                    msg!(
                        "loại điểm thưởng/điểm trừ `{other}` không xác định",
                        "unknown adjustment kind `{other}`"
                    ),
                    suggest(other, &["bonus", "penalty"]),
                );
                continue;
            }
        };
        let Some(cap) = cx.points(&ra.cap, &msg!("mức trần điểm thưởng/điểm trừ", "adjustment cap")) else {
            continue;
        };
        let mut items = Vec::new();
        for it in &ra.items {
            let iid = cx.text(&it.id);
            if let Some(min) = &it.min {
                cx.error(
                    Code::InvalidRule,
                    min.span(),
                    msg!(
                        "mục `{iid}` của khối điểm thưởng/điểm trừ không dùng khóa `min`",
                        "item `{iid}` of a bonus/penalty block does not use `min`"
                    ),
                    msg!(
                        "bỏ `min`; `min` chỉ dùng cho biến của quy tắc công thức",
                        "remove `min`; `min` is only for formula variables"
                    ),
                );
            }
            let Some(points) = it
                .points
                .as_ref()
                .and_then(|p| cx.points(p, &|| msg!("điểm của mục {iid}", "points of item {iid}")))
            else {
                if it.points.is_none() {
                    cx.error(
                        Code::InvalidRule,
                        it.id.span(),
                        msg!("mục `{iid}` chưa có điểm", "item `{iid}` has no points"),
                        msg!("thêm `points = 0.5`", "add `points = 0.5`"),
                    );
                }
                continue;
            };
            items.push(AdjustmentItem {
                label: Text {
                    vi: it.vi.as_deref().map(nfc).unwrap_or_else(|| iid.clone()),
                    en: it.en.as_deref().map(nfc).unwrap_or_else(|| iid.clone()),
                },
                id: iid,
                points,
            });
        }
        out.push(Adjustment {
            id,
            kind,
            title: nfc(&ra.title),
            title_en: ra.title_en.as_deref().map(nfc),
            cap,
            items,
            lead: agency_list(&ra.lead, known, cx),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loaded_set_declares_the_language_its_file_declares() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/synthetic-100.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\nlanguage = \"vi\"\n"));
        for (written, lang) in [("\"vi\"", Lang::Vi), ("\"en\"", Lang::En), ("\" en \"", Lang::En)] {
            let mut file = tempfile::NamedTempFile::new().unwrap();
            std::io::Write::write_all(
                &mut file,
                text.replace("\nlanguage = \"vi\"\n", &format!("\nlanguage = {written}\n"))
                    .as_bytes(),
            )
            .unwrap();
            let set = load_file(file.path()).unwrap();
            assert_eq!(language_declared_by(&set), Some(lang), "{written}");
            assert_eq!(declared_language(file.path()), Some(lang), "{written}");
        }
        // A set not read from a file, or from one too large for `declared_language`: none.
        let mut set = load_file(&path).unwrap();
        set.file.as_mut().unwrap().len = MAX_BYTES as u64 + 1;
        assert_eq!(language_declared_by(&set), None);
        set.file = None;
        assert_eq!(language_declared_by(&set), None);
    }

    const HEAD: &str = r#"[set]
id = "case"
title = "Case"
year = 2022
level = "commune"
language = "vi"
total = 2

[[agency]]
id = "vp"
name = "Văn phòng"
"#;

    const LEAF: &str = r#"
[[node]]
code = "1"
title = "Lĩnh vực"
max = 2

[[node]]
code = "1.1"
title = "Tiêu chí"
max = 2
rule = { kind = "binary" }
"#;

    /// The diagnostics of a criteria text.
    fn diags(text: &str) -> Vec<Diagnostic> {
        match load_str("c.toml", text) {
            Ok(set) => set.warnings,
            Err(Failed(d)) => d,
        }
    }

    /// The one diagnostic with `code`, its Vietnamese message and help.
    fn vi(text: &str, code: Code) -> (String, String) {
        let all = diags(text);
        let found: Vec<&Diagnostic> = all.iter().filter(|d| d.code == code).collect();
        assert_eq!(found.len(), 1, "{all:#?}");
        let d = found[0];
        (
            d.message.vi().to_string(),
            d.help.as_ref().map_or(String::new(), |h| h.vi().to_string()),
        )
    }

    #[test]
    fn a_clean_set_loads() {
        assert!(diags(&format!("{HEAD}{LEAF}")).is_empty());
    }

    #[test]
    fn set_settings_in_vietnamese() {
        let text = format!("{HEAD}{LEAF}").replace("level = \"commune\"", "level = \"comune\"");
        assert_eq!(
            vi(&text, Code::InvalidSetting),
            (
                "cấp `comune` không xác định".to_string(),
                "có phải là `commune`? (một trong: province, department, district, commune)".to_string()
            )
        );
        let text = format!("{HEAD}{LEAF}").replace("year = 2022", "year = 2022.5");
        assert_eq!(
            vi(&text, Code::InvalidNumber).0,
            "năm (`year`) phải là số nguyên từ 1900 đến 2200, không phải 2022,5"
        );
        let text = format!("{HEAD}{LEAF}").replace("total = 2", "total = \"2.000\"");
        let (message, help) = vi(&text, Code::InvalidNumber);
        assert_eq!(
            message,
            "tổng điểm (`total`): `2.000` đọc theo kiểu Việt Nam là 2000 nhưng theo kiểu tiếng Anh là 2; hãy ghi dạng số TOML (2000 hoặc 2) thay vì chuỗi chữ"
        );
        assert_eq!(help, "ghi một số chính xác như 2.5 (hoặc \"2,5\")");
        // English unchanged.
        let d = diags(&text);
        assert_eq!(
            d[0].message.en(),
            "total: `2.000` is 2000 in Vietnamese but 2 in English; write it as a TOML number (2000 or 2) instead of text"
        );
        let text = format!("{HEAD}{LEAF}").replace("total = 2", "total = -2");
        assert_eq!(vi(&text, Code::InvalidNumber).0, "tổng điểm (`total`) là số âm (\u{2212}2)");
        let text = format!("{HEAD}\n[set.rounding]\nstrategy = \"half-upp\"\n{LEAF}");
        assert_eq!(vi(&text, Code::InvalidRounding).0, "cách làm tròn `half-upp` không xác định");
    }

    #[test]
    fn toml_errors_in_vietnamese() {
        let (message, help) = vi("[set]\nid = case\n", Code::TomlSyntax);
        assert!(message.starts_with("lỗi cú pháp TOML: "), "{message}");
        assert_eq!(
            help,
            "sửa cú pháp TOML tại chỗ này (dấu nháy, dấu ngoặc, dấu `=` giữa khóa và giá trị)"
        );
        let text = format!("{HEAD}{LEAF}").replace("title = \"Tiêu chí\"", "titel = \"Tiêu chí\"");
        let (message, help) = vi(&text, Code::TomlSchema);
        assert!(
            message.starts_with("khóa `titel` không có ở đây; các khóa được dùng: `code`, `title`"),
            "{message}"
        );
        assert_eq!(help, "có phải là `title`?");
        assert_eq!(toml_message("missing field `title`").vi(), "thiếu khóa `title`");
        assert_eq!(
            toml_message("invalid type: integer `1`, expected a string").vi(),
            "sai kiểu giá trị: số nguyên `1`, cần một chuỗi chữ"
        );
        assert_eq!(
            toml_message("invalid type: sequence, expected a number, a string or a date").vi(),
            "sai kiểu giá trị: danh sách, cần một số, một chuỗi chữ hoặc một ngày"
        );
    }

    #[test]
    fn tree_errors_in_vietnamese() {
        let text = format!("{HEAD}{LEAF}").replace("code = \"1.1\"", "code = \"1..1\"");
        assert_eq!(
            vi(&text, Code::InvalidCode).0,
            "`1..1` không phải là mã hợp lệ: mã có một phần trống (hai dấu chấm liền nhau, hoặc dấu chấm ở đầu hay cuối)"
        );
        let dup = format!("{HEAD}{LEAF}\n[[node]]\ncode = \"1.1\"\ntitle = \"x\"\nmax = 0\nrule = {{ kind = \"binary\" }}\n");
        assert_eq!(
            vi(&dup, Code::DuplicateCode).0,
            "mã `1.1` được khai báo hai lần (lần đầu ở dòng 19)"
        );
        let orphan = format!("{HEAD}{LEAF}\n[[node]]\ncode = \"2.1\"\ntitle = \"x\"\nmax = 0\nrule = {{ kind = \"binary\" }}\n");
        assert_eq!(
            vi(&orphan, Code::MissingParent),
            (
                "nút 2.1 không có nút cha: 2 chưa được khai báo".to_string(),
                "thêm một [[node]] có code = \"2\", hoặc sửa lại mã".to_string()
            )
        );
        let text = format!("{HEAD}{LEAF}").replace("max = 2\nrule", "max = 1.5\nrule");
        let (message, help) = vi(&text, Code::MaxMismatch);
        assert_eq!(
            message,
            "điểm tối đa của 1 là 2 nhưng tổng điểm tối đa các nút con là 1,5 (chênh lệch 0,5)"
        );
        assert_eq!(help, "các nút con: 1.1 = 1,5; sửa điểm tối đa của nút cha hoặc của một nút con");
        let text = format!("{HEAD}{LEAF}").replace("total = 2", "total = 3");
        assert_eq!(
            vi(&text, Code::TotalMismatch).0,
            "tổng điểm của bộ tiêu chí là 3 nhưng tổng điểm các lĩnh vực là 2 (chênh lệch 1)"
        );
        let text = format!("{HEAD}{LEAF}").replace("rule = { kind = \"binary\" }", "");
        assert_eq!(vi(&text, Code::MissingRule).0, "tiêu chí lá 1.1 chưa có quy tắc chấm điểm");
        let text = format!("{HEAD}{LEAF}").replace("max = 2\n\n", "max = 2\nrule = { kind = \"binary\" }\n\n");
        assert_eq!(
            vi(&text, Code::RuleOnParent).0,
            "1 vừa có tiêu chí thành phần vừa có quy tắc chấm điểm"
        );
        let text = format!("{HEAD}{LEAF}")
            .replace("max = 2\nrule", "max = 2.0004\nrule")
            .replace("max = 2\n\n", "max = 2.0004\n\n")
            .replace("total = 2", "total = 2.0004");
        assert_eq!(
            vi(&text, Code::MaxPrecision).0,
            "điểm tối đa của 1.1 là 2,0004 nhưng điểm được làm tròn đến 3 chữ số thập phân: đạt trọn vẹn vẫn chỉ được 2 và bị trừ 0,0004"
        );
    }

    /// A code declared with a rule counts as having one even where that declaration is a
    /// duplicate or its node does not build: the node kept is not also said to lack a rule.
    #[test]
    fn rules_of_duplicates_and_broken_nodes_still_count() {
        let bare = "\n[[node]]\ncode = \"1.2\"\ntitle = \"x\"\nmax = 0\n";
        let ruled = "\n[[node]]\ncode = \"1.2\"\ntitle = \"x\"\nmax = 0\nrule = { kind = \"binary\" }\n";
        let codes = |text: &str| diags(text).iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(codes(&format!("{HEAD}{LEAF}{bare}{ruled}")), [Code::DuplicateCode]);
        assert_eq!(codes(&format!("{HEAD}{LEAF}{ruled}{bare}")), [Code::DuplicateCode]);
        assert_eq!(codes(&format!("{HEAD}{LEAF}{bare}")), [Code::MissingRule]);
        // A parent whose duplicate carries a rule has children and a rule.
        let parent = "\n[[node]]\ncode = \"1\"\ntitle = \"x\"\nmax = 2\nrule = { kind = \"binary\" }\n";
        assert_eq!(codes(&format!("{HEAD}{LEAF}{parent}")), [Code::RuleOnParent, Code::DuplicateCode]);
        // A node that does not build (a bad max) but has a rule: its code still has one.
        let broken = "\n[[node]]\ncode = \"1.2\"\ntitle = \"x\"\nmax = -1\nrule = { kind = \"binary\" }\n";
        assert_eq!(codes(&format!("{HEAD}{LEAF}{broken}")), [Code::InvalidNumber]);
        assert_eq!(codes(&format!("{HEAD}{LEAF}{bare}{broken}")), [Code::InvalidNumber]);
        // A code that cannot be read is reported once, and declares nothing.
        let unreadable = "\n[[node]]\ncode = \"1..2\"\ntitle = \"x\"\nmax = 0\nrule = { kind = \"binary\" }\n";
        assert_eq!(codes(&format!("{HEAD}{LEAF}{unreadable}")), [Code::InvalidCode]);
    }

    #[test]
    fn agencies_and_bands_in_vietnamese() {
        let text = format!("{HEAD}{LEAF}").replace("max = 2\n\n", "max = 2\nlead = [\"vq\"]\n\n");
        assert_eq!(
            vi(&text, Code::UnknownAgency),
            (
                "cơ quan `vq` chưa được khai báo".to_string(),
                "có phải là `vp`? Các cơ quan được khai báo trong bảng [[agency]]".to_string()
            )
        );
        let text = format!("{HEAD}\n[[agency]]\nid = \"vp\"\nname = \"x\"\n{LEAF}");
        assert_eq!(vi(&text, Code::DuplicateAgency).0, "cơ quan `vp` được khai báo hai lần");
        let bands = "\n[[band]]\nmin = \"50%\"\nvi = \"Đạt\"\nen = \"Pass\"\n\n[[band]]\nmin = \"62,5%\"\nvi = \"Tốt\"\nen = \"Good\"\n";
        let text = format!("{HEAD}{bands}{LEAF}");
        assert_eq!(
            vi(&text, Code::BandOrder).0,
            "xếp loại `Tốt` bắt đầu từ 62,5%, không thấp hơn xếp loại liền trước (50%)"
        );
        assert_eq!(
            diags(&text)[0].message.en(),
            "band `Tốt` starts at 62.5%, not below the band before it (50%)"
        );
    }

    #[test]
    fn rules_in_a_set_speak_vietnamese() {
        let text = format!("{HEAD}{LEAF}").replace("{ kind = \"binary\" }", "{ kind = \"deadline\", due = \"31/02/2022\" }");
        assert_eq!(
            vi(&text, Code::InvalidDate),
            (
                "thời hạn của 1.1: `31/02/2022` không phải là ngày có thật".to_string(),
                "ghi ngày theo dạng dd/mm/yyyy (22/10/2022) hoặc yyyy-mm-dd (2022-10-22)".to_string()
            )
        );
    }

    #[test]
    fn unreadable_file_in_vietnamese() {
        let Err(Failed(d)) = load_file(Path::new("/nonexistent dir/bộ tiêu chí.toml")) else {
            panic!("loaded a missing file");
        };
        assert_eq!(d[0].code, Code::FileRead);
        assert_eq!(
            d[0].message.vi(),
            "không đọc được `/nonexistent dir/bộ tiêu chí.toml`: không tìm thấy tệp"
        );
        assert!(d[0].message.en().starts_with("cannot read `/nonexistent dir/bộ tiêu chí.toml`: "));
        assert_eq!(d[0].help.as_ref().unwrap().vi(), "kiểm tra đường dẫn ghi sau --criteria");
    }
}
