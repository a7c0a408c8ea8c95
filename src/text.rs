//! Text normalisation. Vietnamese text arrives composed (NFC) from most editors and
//! decomposed (NFD) from some macOS and legacy tools; both must match the same codes,
//! agency names and level names, and must align in tables. Everything read is NFC.

use unicode_normalization::UnicodeNormalization;

/// NFC form of `text`, trimmed.
pub fn nfc(text: &str) -> String {
    let t = trim(text);
    // Most text is already composed (and ASCII always is): skip the rebuild.
    if is_composed(t) {
        return t.to_string();
    }
    t.nfc().collect()
}

/// `str::trim`, without its Unicode scan when both ends are visible ASCII (nearly always).
#[inline]
pub fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => text,
        (None, _) => text,
        _ => trim_other(text),
    }
}

/// [`trim`] of text with a space or a letter beyond ASCII at an end (`có`, `Khá`): the
/// Unicode scan only when an end can be white space.
#[inline(never)]
fn trim_other(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(&a), Some(&z)) if !may_start_space(a) && !may_end_space(z) => text,
        _ => text.trim(),
    }
}

/// Whether a character that starts with byte `b` in UTF-8 can be white space: the ASCII
/// spaces, and the lead bytes of U+0085, U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2) and
/// U+3000 (E3).
const fn may_start_space(b: u8) -> bool {
    matches!(b, 0x09..=0x0D | b' ' | 0xC2 | 0xE1..=0xE3)
}

/// Whether a character that ends with byte `b` in UTF-8 can be white space: the ASCII
/// spaces, and the last bytes of U+0085 and U+2000–U+200A (80–8A), U+205F (9F), U+00A0 (A0),
/// U+2028, U+2029 (A8, A9), U+202F (AF), U+1680 and U+3000 (80).
const fn may_end_space(b: u8) -> bool {
    matches!(b, 0x09..=0x0D | b' ' | 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF)
}

/// `a == b`, inline for the short texts of cells: the library comparison costs a call and
/// its own dispatch, more than comparing a few bytes.
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// [`same`] for bytes.
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or([0; 4]));
    match n {
        // Two overlapping words cover 8 to 16 bytes.
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        // The first, middle and last bytes cover 1 to 3 bytes, without a loop.
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        0 => true,
        _ => a == b,
    }
}

/// True when `t` is certainly in NFC: every character is below U+0300 or a precomposed
/// Latin letter of U+1E00–U+1EFF (all Vietnamese letters are one or the other), none of
/// which combines with what precedes it; anything else asks Unicode's quick check.
fn is_composed(t: &str) -> bool {
    if t.is_ascii() {
        return true;
    }
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0..=0x7F => i += 1,
            // U+0080–U+02FF.
            0xC2..=0xCB => i += 2,
            // U+1E00–U+1EFF: E1 B8..BB xx.
            0xE1 if matches!(b.get(i + 1), Some(0xB8..=0xBB)) => i += 3,
            _ => return unicode_normalization::is_nfc_quick(t.chars()) == unicode_normalization::IsNormalized::Yes,
        }
    }
    true
}

/// [`nfc`] appended to `out`, without allocating when the text is already composed.
pub fn nfc_into(text: &str, out: &mut String) {
    let t = trim(text);
    if is_composed(t) {
        out.push_str(t);
    } else {
        out.extend(t.nfc());
    }
}

/// Key for case- and form-insensitive matching: NFC, lower case, inner spaces collapsed.
pub fn fold(text: &str) -> String {
    let lowered: String = nfc(text).to_lowercase();
    if !lowered.contains(|c: char| c.is_whitespace() && c != ' ') && !lowered.contains("  ") {
        return lowered;
    }
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The candidate closest to `word` (by edit distance), if it is close enough to suggest.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = fold(word);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&word, &fold(c)), c))
        .filter(|(dist, c)| *dist <= (c.chars().count() / 3).max(2))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Whether `c` must not reach a terminal or a document as itself: C0 and C1 control
/// characters, DEL, and the bidirectional formatting characters that reorder what a reader
/// sees (`U+202E` makes `exe.txt` read `txt.exe`), and the Unicode line and paragraph
/// separators, which some terminals and documents treat as line breaks.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

/// `text` with bidi formatting characters shown escaped and everything else kept, for text
/// whose own control characters are already escaped or deliberate (coloured diagnostics).
pub fn visible_bidi(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| is_hidden_control(c) && !c.is_control()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden_control(c) && !c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` made safe to print as one line: tabs and line breaks become spaces, and every
/// other control or bidi character is shown as its escape (`\u{1b}`), so a title or agency
/// name can never move the cursor, set colours, write the clipboard (OSC 52) or reorder a
/// line. Text without such characters is returned as it is.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    escape_hidden(text, false)
}

/// Like [`visible`] for a multi-line output: line breaks are kept.
pub fn visible_lines(text: &str) -> std::borrow::Cow<'_, str> {
    escape_hidden(text, true)
}

fn escape_hidden(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_hidden_control(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_white_space_character_is_seen_at_either_end() {
        let mut buf = [0u8; 4];
        let mut spaces = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| c.is_whitespace()) {
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert!(may_start_space(b[0]), "{:?} starts with {:#x}", c, b[0]);
            assert!(may_end_space(b[b.len() - 1]), "{:?} ends with {:#x}", c, b[b.len() - 1]);
            spaces += 1;
        }
        assert_eq!(spaces, 25);
        // Vietnamese letters at the ends take the short way.
        for word in ["có", "Khá", "đủ", "Đạt", "năm"] {
            let b = word.as_bytes();
            assert!(!may_start_space(b[0]) && !may_end_space(b[b.len() - 1]), "{word}");
        }
    }

    proptest::proptest! {
        #[test]
        fn trim_is_the_library_trim(text in "[ \t\r\n\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}aàảạ\u{1ebb}Đ\u{300}\u{c2}-\u{ff}]{0,6}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn same_is_equality_at_every_length_and_position() {
        // Every length up to past the word path, and a difference at every position.
        for n in 0..40 {
            let a: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(same(&a, &a.clone()), "{n}");
            assert!(!same(&a, &format!("{a}x")), "{n}: longer");
            for at in 0..n {
                let mut b = a.clone().into_bytes();
                b[at] = b'Z';
                let b = String::from_utf8(b).unwrap();
                assert!(!same(&a, &b), "{n}: differs at {at}");
            }
        }
        assert!(same("Xã 00001", "Xã 00001"));
        assert!(!same("Xã 00001", "Xà 00001"));
    }

    proptest::proptest! {
        #[test]
        fn same_agrees_with_eq(a in "[aă0 ]{0,20}", b in "[aă0 ]{0,20}") {
            proptest::prop_assert_eq!(same(&a, &b), a == b);
        }
    }

    #[test]
    fn decomposed_matches_composed() {
        let decomposed = "Nội vụ".nfd().collect::<String>();
        assert_ne!(decomposed, "Nội vụ");
        assert_eq!(nfc(&decomposed), "Nội vụ");
        assert_eq!(fold(&decomposed), fold("  NỘI   VỤ "));
    }

    #[test]
    fn suggests_nearest() {
        assert_eq!(nearest("critrion", ["criterion", "value"]), Some("criterion"));
        assert_eq!(nearest("zzz", ["criterion", "value"]), None);
    }

    #[test]
    fn hidden_controls_are_shown_escaped() {
        assert_eq!(visible("Phòng Nội vụ"), "Phòng Nội vụ");
        assert_eq!(visible("Nội\u{2028}vụ\u{2029}"), "Nội\\u{2028}vụ\\u{2029}");
        assert_eq!(visible("a\x1b]52;c;aGk=\x07b"), "a\\u{1b}]52;c;aGk=\\u{7}b");
        assert_eq!(visible("\x1b[31mred"), "\\u{1b}[31mred");
        assert_eq!(visible("x\u{9b}y\u{7f}"), "x\\u{9b}y\\u{7f}");
        assert_eq!(visible("abc\u{202e}fdp.exe"), "abc\\u{202e}fdp.exe");
        assert_eq!(visible("two\nlines\tand\r"), "two lines and ");
        assert_eq!(visible_lines("one\ntwo\x1b"), "one\ntwo\\u{1b}");
        assert_eq!(visible_bidi("\x1b[1mbold\x1b[0m \u{202e}x"), "\x1b[1mbold\x1b[0m \\u{202e}x");
    }
}
