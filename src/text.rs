//! Text normalisation. Vietnamese text arrives composed (NFC) from most editors and
//! decomposed (NFD) from some macOS and legacy tools; both must match the same codes,
//! agency names and level names, and must align in tables. Everything read is NFC.

use unicode_normalization::UnicodeNormalization;

/// NFC form of `text`, trimmed.
pub fn nfc(text: &str) -> String {
    let t = text.trim();
    // Most text is already composed (and ASCII always is): skip the rebuild.
    if t.is_ascii() || unicode_normalization::is_nfc_quick(t.chars()) == unicode_normalization::IsNormalized::Yes {
        return t.to_string();
    }
    t.nfc().collect()
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
