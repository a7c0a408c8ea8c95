//! Versioned JSON. Every decimal is a string (`"24.607"`) so no reader turns it into a
//! float; field order is fixed; `schema` changes when a field changes meaning.

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::criteria::Band;
use crate::diag::Diagnostic;
use crate::number::{Lang, plain};
use crate::score::{ScoreResult, Status};

/// The schema version of `parcalc score --format json`.
/// Version 2 adds `round_used` (the round whose rows were used, when earlier than `stage`,
/// the round scored) and each node's `explanations` (giải trình): a list of
/// `{ "round": id, "text": …, "document": … }` in round order.
pub const SCORE_SCHEMA: &str = "parcalc.score/2";

/// Serializes a decimal as its plain string.
pub fn decimal<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&plain(*d))
}

pub(crate) fn opt_decimal<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&plain(*d)),
        None => s.serialize_none(),
    }
}

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    set: SetInfo<'a>,
    stage: &'a str,
    round_used: Option<&'a str>,
    unit: Option<&'a str>,
    lang: &'static str,
    total: Total<'a>,
    nodes: Vec<Node<'a>>,
    losses: Vec<String>,
    agencies: Vec<Agency<'a>>,
    adjustments: Vec<Adjustment<'a>>,
    what_if: Option<WhatIfJson<'a>>,
    warnings: Vec<Warning>,
}

#[derive(Serialize)]
struct WhatIfJson<'a> {
    #[serde(serialize_with = "decimal")]
    baseline: Decimal,
    changes: Vec<WhatIfChangeJson<'a>>,
    #[serde(serialize_with = "decimal")]
    combined_gain: Decimal,
}

#[derive(Serialize)]
struct WhatIfChangeJson<'a> {
    set: &'a str,
    code: String,
    #[serde(serialize_with = "decimal")]
    before: Decimal,
    #[serde(serialize_with = "decimal")]
    after: Decimal,
    #[serde(serialize_with = "decimal")]
    gain: Decimal,
}

#[derive(Serialize)]
struct SetInfo<'a> {
    id: &'a str,
    title: &'a str,
    year: i32,
}

#[derive(Serialize)]
struct Total<'a> {
    #[serde(serialize_with = "decimal")]
    max: Decimal,
    #[serde(serialize_with = "decimal")]
    applicable_max: Decimal,
    #[serde(serialize_with = "decimal")]
    awarded: Decimal,
    #[serde(serialize_with = "decimal")]
    lost: Decimal,
    #[serde(serialize_with = "opt_decimal")]
    index_percent: Option<Decimal>,
    band: Option<&'a Band>,
}

#[derive(Serialize)]
struct Node<'a> {
    code: String,
    title: &'a str,
    #[serde(serialize_with = "decimal")]
    max: Decimal,
    #[serde(serialize_with = "decimal")]
    applicable_max: Decimal,
    #[serde(serialize_with = "decimal")]
    awarded: Decimal,
    #[serde(serialize_with = "decimal")]
    lost: Decimal,
    status: Status,
    rule: Option<&'static str>,
    reason: Option<&'a str>,
    explanations: Vec<ExplanationJson<'a>>,
    responsible: &'a [String],
    documents: &'a [String],
}

/// One explanation (giải trình): the round's id, the text as written, and the explanation
/// row's document (`null` without one).
#[derive(Serialize)]
struct ExplanationJson<'a> {
    round: &'a str,
    text: &'a str,
    document: Option<&'a str>,
}

#[derive(Serialize)]
struct Agency<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(serialize_with = "decimal")]
    sole: Decimal,
    #[serde(serialize_with = "decimal")]
    shared: Decimal,
    #[serde(serialize_with = "decimal")]
    total: Decimal,
    criteria: Vec<String>,
}

#[derive(Serialize)]
struct Adjustment<'a> {
    id: &'a str,
    kind: crate::criteria::AdjustmentKind,
    title: &'a str,
    #[serde(serialize_with = "decimal")]
    cap: Decimal,
    #[serde(serialize_with = "decimal")]
    points: Decimal,
    reason: &'a str,
}

#[derive(Serialize)]
pub(crate) struct Warning {
    pub code: &'static str,
    pub severity: crate::diag::Severity,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<String>,
}

impl Warning {
    /// A finding with its texts in `lang`.
    pub(crate) fn new(d: &Diagnostic, lang: Lang) -> Warning {
        let loc = d.location.as_ref();
        Warning {
            code: d.code.as_str(),
            severity: d.severity,
            message: d.message.get(lang).to_string(),
            file: loc.map(|l| l.file.to_string()),
            line: loc.map(|l| l.line).filter(|l| *l > 0),
            column: loc.map(|l| l.column).filter(|c| *c > 0),
            help: d.help.as_ref().map(|h| h.get(lang).to_string()),
        }
    }
}

/// `parcalc score --format json`.
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    let doc = Doc {
        schema: SCORE_SCHEMA,
        set: SetInfo {
            id: &r.set_id,
            title: r.title(lang),
            year: r.year,
        },
        stage: r.rounds.id(r.round),
        round_used: r.round_used.map(|u| r.rounds.id(u)),
        unit: r.unit.as_deref(),
        lang: lang.code(),
        total: Total {
            max: r.totals.max,
            applicable_max: r.totals.applicable_max,
            awarded: r.totals.awarded,
            lost: r.totals.lost,
            index_percent: r.totals.index_percent,
            band: r.totals.band.as_ref(),
        },
        nodes: r
            .nodes
            .iter()
            .map(|n| Node {
                code: n.code.to_string(),
                title: n.title(lang),
                max: n.max,
                applicable_max: n.applicable_max,
                awarded: n.awarded,
                lost: n.lost,
                status: n.status,
                rule: n.rule,
                reason: n.reason.as_ref().map(|t| t.get(lang)),
                explanations: n
                    .explanations
                    .iter()
                    .map(|e| ExplanationJson {
                        round: r.rounds.id(e.round),
                        text: &e.text,
                        document: e.document.as_deref(),
                    })
                    .collect(),
                responsible: &n.responsible,
                documents: &n.documents,
            })
            .collect(),
        losses: r.losses().iter().map(|n| n.code.to_string()).collect(),
        agencies: r
            .agencies
            .iter()
            .map(|a| Agency {
                id: &a.id,
                name: a.name_in(lang),
                sole: a.sole,
                shared: a.shared,
                total: a.total,
                criteria: a.criteria.iter().map(ToString::to_string).collect(),
            })
            .collect(),
        adjustments: r
            .adjustments
            .iter()
            .map(|a| Adjustment {
                id: &a.id,
                kind: a.kind,
                title: &a.title,
                cap: a.cap,
                points: a.points,
                reason: a.reason.get(lang),
            })
            .collect(),
        what_if: r.what_if.as_ref().map(|w| WhatIfJson {
            baseline: w.baseline,
            changes: w
                .changes
                .iter()
                .map(|c| WhatIfChangeJson {
                    set: &c.text,
                    code: c.code.to_string(),
                    before: c.before,
                    after: c.after,
                    gain: c.gain,
                })
                .collect(),
            combined_gain: r.totals.awarded - w.baseline,
        }),
        warnings: r.warnings.iter().map(|w| Warning::new(w, lang)).collect(),
    };
    let mut out = escape_hidden(serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")));
    out.push('\n');
    out
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it and with hidden
/// characters written `\uXXXX` as [`escape_hidden`] writes them: JSON put together from
/// these strings needs no pass of [`escape_hidden`] over the whole.
pub(crate) fn push_str(out: &mut Vec<u8>, text: &str) {
    if !any_of(text.as_bytes(), &JSON_ESCAPED_OR_HIDING) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        return;
    }
    // Serializing a string cannot fail.
    let json = serde_json::to_string(text).unwrap_or_default();
    out.extend_from_slice(escape_hidden(json).as_bytes());
}

/// A set of bytes, as a table.
type ByteSet = [bool; 256];

/// The C0 controls and `others`.
const fn controls_and(others: &[u8]) -> ByteSet {
    let mut set = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        set[b] = true;
        b += 1;
    }
    let mut i = 0;
    while i < others.len() {
        set[others[i] as usize] = true;
        i += 1;
    }
    set
}

/// The bytes every hidden character starts with: C0 controls but the line break, DEL, C1
/// controls (C2 xx), U+061C (D8 9C) and the U+2000 block (E2 xx).
static MAY_HIDE: ByteSet = {
    let mut set = controls_and(&[0x7F, 0xC2, 0xD8, 0xE2]);
    set[b'\n' as usize] = false;
    set
};

/// The bytes serde_json escapes in a string (controls, the quote and the backslash) and
/// those of [`MAY_HIDE`].
static JSON_ESCAPED_OR_HIDING: ByteSet = controls_and(b"\"\\\x7F\xC2\xD8\xE2");

/// Whether any byte of `bytes` is in `set`, eight at a time (a branch per eight bytes).
fn any_of(bytes: &[u8], set: &ByteSet) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        if c.iter().fold(false, |found, &b| found | set[usize::from(b)]) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| set[usize::from(b)])
}

/// Appends a decimal as a JSON string of its plain form (`"74.348"`), or `null`.
pub(crate) fn push_decimal(out: &mut Vec<u8>, d: Option<Decimal>) {
    match d {
        Some(d) => {
            out.push(b'"');
            push_plain(out, d);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends [`plain`]`(d)` without building a string: the digits of the normalised mantissa,
/// zeros before them when the number is below 1, and the point `scale` digits from the end.
fn push_plain(out: &mut Vec<u8>, d: Decimal) {
    let mut digits = itoa::Buffer::new();
    // Normalised on 64 bits when the mantissa fits (points and percentages always do):
    // 96-bit division and formatting cost more than the rest of a unit's JSON.
    let (digits, scale, negative) = match u64::try_from(d.mantissa().unsigned_abs()) {
        Ok(mut m) => {
            let mut scale = d.scale();
            while scale > 0 && m % 10 == 0 {
                m /= 10;
                scale -= 1;
            }
            (digits.format(m).as_bytes(), scale, d.is_sign_negative() && m != 0)
        }
        Err(_) => {
            let n = d.normalize();
            (
                digits.format(n.mantissa().unsigned_abs()).as_bytes(),
                n.scale(),
                n.is_sign_negative() && !n.is_zero(),
            )
        }
    };
    if negative {
        out.push(b'-');
    }
    let scale = scale as usize;
    if scale == 0 {
        out.extend_from_slice(digits);
    } else if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.extend_from_slice(whole);
        out.push(b'.');
        out.extend_from_slice(fraction);
    } else {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + scale - digits.len(), b'0');
        out.extend_from_slice(digits);
    }
}

/// Appends a whole number, or `null`.
pub(crate) fn push_int(out: &mut Vec<u8>, n: Option<impl itoa::Integer>) {
    match n {
        Some(n) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
}

/// serde_json escapes C0 controls but leaves DEL, C1 controls and bidi characters as they
/// are. They can only occur inside strings, where `\uXXXX` means the same character, so
/// escaping them keeps the data and lets a JSON report be shown on a terminal safely.
pub(crate) fn escape_hidden(json: String) -> String {
    // Pretty JSON is full of line breaks, which are no reason to copy it.
    // Every hidden character starts with a byte of `MAY_HIDE`: text without them is kept.
    if !any_of(json.as_bytes(), &MAY_HIDE) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if crate::text::is_hidden_control(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {

    use super::*;

    proptest::proptest! {
        /// Decimals written without a string are written as [`plain`] writes them: any
        /// mantissa of 96 bits, any scale, either sign, minus zero.
        #[test]
        fn decimals_pushed_are_their_plain_text(lo in proptest::num::u32::ANY, mid in proptest::num::u32::ANY, hi in proptest::num::u32::ANY, negative in proptest::bool::ANY, scale in 0u32..=28, small in proptest::bool::ANY) {
            let d = if small {
                Decimal::from_parts(lo % 1000, 0, 0, negative, scale)
            } else {
                Decimal::from_parts(lo, mid, hi, negative, scale)
            };
            let mut out = b"x".to_vec();
            push_plain(&mut out, d);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), format!("x{}", plain(d)));
        }
    }

    #[test]
    fn decimals_pushed_at_their_edges() {
        for (text, shown) in [
            ("0", "0"),
            ("-0.000", "0"),
            ("0.05", "0.05"),
            ("-0.050", "-0.05"),
            ("71.790", "71.79"),
            ("100", "100"),
            ("1E+2", "100"),
            ("24.607", "24.607"),
            // The mantissa at the edge of 64 bits, and just past it.
            ("18446744073709551615", "18446744073709551615"),
            ("-1844674407370955161.5", "-1844674407370955161.5"),
            ("18446744073709551616", "18446744073709551616"),
            ("1844674407370955161.60", "1844674407370955161.6"),
            ("184467440737095516.1000", "184467440737095516.1"),
            ("0.000100", "0.0001"),
            ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
            ("-79228162514264337593543950335", "-79228162514264337593543950335"),
            ("7.9228162514264337593543950335", "7.9228162514264337593543950335"),
        ] {
            let d = Decimal::from_scientific(text).or_else(|_| Decimal::from_str_exact(text)).unwrap();
            let mut out = Vec::new();
            push_plain(&mut out, d);
            assert_eq!(String::from_utf8(out).unwrap(), shown, "{text}");
        }
    }

    /// Text with every kind of hidden character, multi-byte letters around them.
    const HIDDEN: &str = "{\n  \"a\": \"Xã\u{7f} Đảo\u{85}\u{9f} \u{202e}bidi\u{202c} \u{2066}ì\u{2069}\u{2028}\u{61c}ế\u{1f600}\"\n}";

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let texts = [
            "",
            "Xã 00001",
            "Khá",
            "\"Phường\", =1+1",
            "a\\b",
            "Huyện\n2",
            "tab\there",
            "\u{1}\u{1f}\u{7f}\u{85}\u{202e}",
            "exactly8",
            "eight b\"",
            "sixteen bytes ok",
            "sixteen bytes o\n",
            HIDDEN,
            "\u{85}",
            "a\u{2028}",
            "\u{61c}",
        ];
        for t in texts {
            let mut out = Vec::new();
            push_str(&mut out, t);
            let serde = serde_json::to_string(t).unwrap();
            // Hidden characters serde_json leaves as they are (it escapes C0 controls) are
            // written `\uXXXX` as the whole-text escaping writes them.
            let hides = t.chars().any(|c| c > '\u{7e}' && crate::text::is_hidden_control(c));
            let expected = if hides { escape_hidden(serde.clone()) } else { serde.clone() };
            assert_eq!(hides, expected != serde, "{t:?}");
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{t:?}");
        }
        let mut out = Vec::new();
        push_str(&mut out, "\u{202e}x");
        assert_eq!(out, b"\"\\u202ex\"");
    }

    /// Every hidden character but the line break starts with a byte of `MAY_HIDE`: text
    /// without one needs no escaping (the fast paths of `escape_hidden` and `push_str`).
    #[test]
    fn every_hidden_character_starts_with_a_byte_that_may_hide() {
        let mut hidden = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c != '\n' && crate::text::is_hidden_control(c) {
                let mut buf = [0u8; 4];
                assert!(MAY_HIDE[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])], "{:04x}", u32::from(c));
                hidden += 1;
            }
        }
        // C0 but the line break (31), DEL and C1 (33), U+061C, U+200E/F, U+202A–E, U+2066–9, U+2028/9.
        assert_eq!(hidden, 31 + 33 + 1 + 2 + 5 + 4 + 2);
    }

    #[test]
    fn a_byte_of_a_set_is_found_wherever_it_is() {
        for len in 0..24 {
            let plain = vec![b'a'; len];
            assert!(!any_of(&plain, &JSON_ESCAPED_OR_HIDING), "{len}");
            assert!(!any_of(&plain, &MAY_HIDE), "{len}");
            for at in 0..len {
                for b in [b'"', b'\\', 0, 0x1f, 0x7f, 0xc2, 0xd8, 0xe2] {
                    let mut t = plain.clone();
                    t[at] = b;
                    assert!(any_of(&t, &JSON_ESCAPED_OR_HIDING), "{len} {at} {b}");
                }
                for b in [0x7f, 0xc2, 0xd8, 0xe2, 0x01] {
                    let mut t = plain.clone();
                    t[at] = b;
                    assert!(any_of(&t, &MAY_HIDE), "{len} {at} {b}");
                }
            }
        }
        // The sets hold exactly their bytes.
        let hide: Vec<usize> = (0..256).filter(|&b| MAY_HIDE[b]).collect();
        let expected: Vec<usize> = (0..0x20).filter(|&b| b != 10).chain([0x7f, 0xc2, 0xd8, 0xe2]).collect();
        assert_eq!(hide, expected);
        let escaped: Vec<usize> = (0..256).filter(|&b| JSON_ESCAPED_OR_HIDING[b]).collect();
        let expected: Vec<usize> = (0..0x20).chain([0x22, 0x5c, 0x7f, 0xc2, 0xd8, 0xe2]).collect();
        assert_eq!(escaped, expected);
    }
}
