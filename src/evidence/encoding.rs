//! Text encodings of evidence files. Offices send UTF-8 (with or without a BOM), Excel's
//! "Unicode text" (UTF-16 with a BOM, tab-separated), and legacy Windows-1258 files. When
//! the bytes fit none of these with confidence, the error says what was tried and how to
//! re-save the file, rather than guessing.

use std::sync::Arc;

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1258};

use crate::diag::{Code, Diagnostic, Location};
use crate::i18n::Msg;
use crate::msg;

/// The encoding a file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1258,
}

fn resave() -> Msg {
    msg!(
        "mở tệp bằng Excel hoặc LibreOffice và lưu dưới dạng \"CSV UTF-8 (Comma delimited)\"",
        "open it in Excel or LibreOffice and save as \"CSV UTF-8 (Comma delimited)\""
    )
}

/// Decodes an evidence file.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(String, TextEncoding), Diagnostic> {
    let file: Arc<str> = name.into();
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(name, rest).map(|s| (s, TextEncoding::Utf8));
    }
    // UTF-32 first: its little-endian mark begins with UTF-16's.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) || looks_utf32(bytes) {
        return Err(Diagnostic::error(
            Code::NotUtf8,
            msg!(
                "`{name}` là văn bản UTF-32, bảng mã mà tệp số liệu kiểm chứng không được dùng",
                "`{name}` is UTF-32 text, which evidence files cannot be"
            ),
        )
        .at(Location::file_only(file))
        .help(resave()));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(name, rest, TextEncoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(name, rest, TextEncoding::Utf16Be);
    }
    // Text files hold no NUL bytes, yet UTF-16 text without a BOM is valid UTF-8 when it is
    // mostly ASCII: look for UTF-16 first when there are NULs.
    if !bytes.contains(&0)
        && let Ok(s) = std::str::from_utf8(bytes)
    {
        return Ok((s.to_string(), TextEncoding::Utf8));
    }
    // UTF-16 without a BOM: many NUL bytes, nearly all on one side of each pair.
    let (even, odd) = bytes.chunks(2).fold((0usize, 0usize), |(e, o), pair| {
        (e + usize::from(pair[0] == 0), o + usize::from(pair.get(1) == Some(&0)))
    });
    let pairs = bytes.len() / 2;
    if pairs > 0 && odd * 3 > pairs * 2 && even * 10 < pairs {
        return utf16(name, bytes, TextEncoding::Utf16Le);
    }
    if pairs > 0 && even * 3 > pairs * 2 && odd * 10 < pairs {
        return utf16(name, bytes, TextEncoding::Utf16Be);
    }
    if !bytes.contains(&0)
        && let Some(text) = WINDOWS_1258.decode_without_bom_handling_and_without_replacement(bytes)
        && looks_vietnamese(&text)
    {
        // Windows-1258 writes tone marks as combining characters; composing them here makes
        // columns count the same characters as in the UTF-8 file.
        use unicode_normalization::UnicodeNormalization;
        return Ok((text.nfc().collect(), TextEncoding::Windows1258));
    }
    let bad = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
    let line = bytes[..bad].iter().filter(|b| **b == b'\n').count() + 1;
    if bytes.contains(&0) {
        return Err(Diagnostic::error(
            Code::NotUtf8,
            msg!(
                "không xác định được bảng mã của `{name}`: tệp chứa byte NUL như văn bản UTF-16 không có dấu thứ tự byte (BOM), nhưng cũng không đọc được theo UTF-16",
                "cannot tell the encoding of `{name}`: it holds NUL bytes, as UTF-16 text without a byte-order mark does, but does not read as UTF-16 either"
            ),
        )
        .at(Location::file_line(file, line))
        .help(msg!(
            "lưu lại từ Excel dưới dạng \"CSV UTF-8 (Comma delimited)\", hoặc \"Unicode text\" (có ghi dấu thứ tự byte)",
            "save it again from Excel as \"CSV UTF-8 (Comma delimited)\", or as \"Unicode text\" (which writes a byte-order mark)"
        )));
    }
    Err(Diagnostic::error(
        Code::NotUtf8,
        msg!(
            "không xác định được bảng mã của `{name}`: tệp không phải UTF-8 (byte 0x{:02X} ở dòng {line}), không phải UTF-16, và không đọc được như tiếng Việt Windows-1258; có thể tệp dùng bảng mã TCVN3 (ABC) hoặc VNI",
            "cannot tell the encoding of `{name}`: it is not UTF-8 (byte 0x{:02X} on line {line}), not UTF-16, and does not read as Windows-1258 Vietnamese; it may be TCVN3 (ABC) or VNI",
            bytes.get(bad).copied().unwrap_or(0)
        ),
    )
    .at(Location::file_line(file, line))
    .help(resave()))
}

fn utf8(name: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    std::str::from_utf8(bytes).map(str::to_string).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        Diagnostic::error(
            Code::NotUtf8,
            msg!(
                "`{name}` bắt đầu bằng dấu UTF-8 (BOM) nhưng không phải UTF-8 (byte không hợp lệ ở dòng {line})",
                "`{name}` starts with a UTF-8 mark but is not UTF-8 (invalid byte on line {line})"
            ),
        )
        .at(Location::file_line(name.into(), line))
        .help(resave())
    })
}

fn utf16(name: &str, bytes: &[u8], enc: TextEncoding) -> Result<(String, TextEncoding), Diagnostic> {
    let codec = if enc == TextEncoding::Utf16Be { UTF_16BE } else { UTF_16LE };
    match codec.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((text.into_owned(), enc)),
        None => Err(Diagnostic::error(
            Code::NotUtf8,
            msg!(
                "`{name}` có vẻ là UTF-16 nhưng chứa dữ liệu UTF-16 không hợp lệ",
                "`{name}` looks like UTF-16 but holds invalid UTF-16 data"
            ),
        )
        .at(Location::file_only(name.into()))
        .help(resave())),
    }
}

/// UTF-32 without a mark: in nearly every 4-byte unit, three bytes are zero.
fn looks_utf32(bytes: &[u8]) -> bool {
    let units = bytes.len() / 4;
    units > 0
        && bytes.len().is_multiple_of(4)
        && bytes
            .chunks_exact(4)
            .filter(|u| u[1] == 0 && u[2] == 0 && (u[3] == 0 || u[0] == 0))
            .count()
            * 10
            >= units * 9
}

/// Windows-1258 decodes almost any byte string, so only accept text whose non-ASCII
/// characters are mostly Vietnamese letters and tone marks; TCVN3 and VNI files decoded as
/// Windows-1258 come out full of symbols such as `¸`, `¬`, `Ê` and are refused.
fn looks_vietnamese(text: &str) -> bool {
    let mut letters = 0usize;
    let mut other = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        let vietnamese = matches!(c,
            'À'..='Ã' | 'È'..='Ê' | 'Ì' | 'Í' | 'Ò'..='Õ' | 'Ù' | 'Ú' | 'Ý' | 'à'..='ã' | 'è'..='ê' | 'ì' | 'í' | 'ò'..='õ' | 'ù' | 'ú' | 'ý'
            | 'Ă' | 'ă' | 'Đ' | 'đ' | 'Ơ' | 'ơ' | 'Ư' | 'ư'
            | '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}');
        if vietnamese { letters += 1 } else { other += 1 }
    }
    letters > 0 && other * 10 <= letters
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("a", "có".as_bytes()).unwrap(), ("có".to_string(), TextEncoding::Utf8));
        assert_eq!(decode("a", b"\xEF\xBB\xBFc\xC3\xB3").unwrap().0, "có");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "tiêu chí\tgiá trị\n3.4.4\t95%\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&le);
        assert_eq!(decode("a", &bom).unwrap(), (text.to_string(), TextEncoding::Utf16Le));
        assert_eq!(decode("a", &le).unwrap(), (text.to_string(), TextEncoding::Utf16Le));
        assert_eq!(decode("a", &be).unwrap(), (text.to_string(), TextEncoding::Utf16Be));
    }

    #[test]
    fn windows_1258() {
        let text = "Phòng Nội vụ,có,Văn phòng HĐND&UBND huyện\n";
        // Windows-1258 writes vowels with their shape marks precomposed (ô, ơ, ă) and tone
        // marks as separate combining characters.
        let mut legacy: Vec<char> = Vec::new();
        for c in text.nfd() {
            if matches!(c, '\u{302}' | '\u{306}' | '\u{31B}')
                && let Some(base) = legacy
                    .iter()
                    .rposition(|b| unicode_normalization::char::canonical_combining_class(*b) == 0)
                && let Some(composed) = unicode_normalization::char::compose(legacy[base], c)
            {
                legacy[base] = composed;
            } else {
                legacy.push(c);
            }
        }
        let legacy: String = legacy.into_iter().collect();
        let (bytes, _, unmappable) = WINDOWS_1258.encode(&legacy);
        assert!(!unmappable);
        let (decoded, enc) = decode("a", &bytes).unwrap();
        assert_eq!(enc, TextEncoding::Windows1258);
        assert_eq!(decoded.nfc().collect::<String>(), text);
    }

    #[test]
    fn unsure_bytes_are_refused_with_what_was_tried() {
        // "Phòng Nội vụ" in TCVN3 (ABC): Phßng Néi vô.
        let tcvn3 = b"criterion,agency\n1.1,Ph\xdfng N\xe9i v\xf4 \xb8 \xac\n";
        let e = decode("x.csv", tcvn3).unwrap_err();
        assert!(
            e.message.en().contains("not UTF-8") && e.message.en().contains("not UTF-16") && e.message.en().contains("Windows-1258"),
            "{}",
            e.message
        );
        assert!(e.help.as_ref().unwrap().en().contains("CSV UTF-8"));
        assert_eq!(e.code, Code::NotUtf8);
        assert_eq!(
            e.message.vi(),
            "không xác định được bảng mã của `x.csv`: tệp không phải UTF-8 (byte 0xDF ở dòng 2), không phải UTF-16, và không đọc được như tiếng Việt Windows-1258; có thể tệp dùng bảng mã TCVN3 (ABC) hoặc VNI"
        );
        assert_eq!(
            e.help.unwrap().vi(),
            "mở tệp bằng Excel hoặc LibreOffice và lưu dưới dạng \"CSV UTF-8 (Comma delimited)\""
        );
        let e = decode("y.csv", b"\xEF\xBB\xBFa\n\xff").unwrap_err();
        assert_eq!(
            (e.message.vi(), e.message.en()),
            (
                "`y.csv` bắt đầu bằng dấu UTF-8 (BOM) nhưng không phải UTF-8 (byte không hợp lệ ở dòng 2)",
                "`y.csv` starts with a UTF-8 mark but is not UTF-8 (invalid byte on line 2)"
            )
        );
        let e = decode("z.csv", &[0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0]).unwrap_err();
        assert_eq!(
            e.message.vi(),
            "`z.csv` là văn bản UTF-32, bảng mã mà tệp số liệu kiểm chứng không được dùng"
        );
    }
}
