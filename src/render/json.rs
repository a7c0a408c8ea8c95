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

/// `doc` as pretty JSON with a final line break, written to `w` as it is serialized, hidden
/// characters escaped as [`escape_hidden`] does: the same bytes as `to_string_pretty`
/// followed by [`escape_hidden`], without the whole text in memory.
pub(crate) fn write_pretty<T: Serialize + ?Sized>(doc: &T, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut e = EscapeHidden::new(w);
    {
        // serde_json writes token by token: gather them, so the escaping sees large pieces.
        let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, &mut e);
        serde_json::to_writer_pretty(&mut buffered, doc)?;
        std::io::Write::write_all(&mut buffered, b"\n")?;
        std::io::Write::flush(&mut buffered)?;
    }
    e.finish()
}

/// A writer that escapes what [`escape_hidden`] escapes in the UTF-8 text written through
/// it. A character split between two writes is held back until it is whole.
pub(crate) struct EscapeHidden<'w> {
    inner: &'w mut dyn std::io::Write,
    /// The start of a character whose last bytes have not been written yet (at most 3 bytes).
    pending: Vec<u8>,
}

impl<'w> EscapeHidden<'w> {
    pub(crate) fn new(inner: &'w mut dyn std::io::Write) -> Self {
        EscapeHidden {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes out anything held back (only an unfinished character, which valid UTF-8 never
    /// leaves) and flushes.
    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        self.inner.write_all(&pending)?;
        self.inner.flush()
    }

    fn text(&mut self, text: &str) -> std::io::Result<()> {
        // Every hidden character starts with one of these bytes (C0 controls, DEL, C1 as
        // C2 xx, U+061C as D8 9C, the U+2000 block as E2 xx): text without them passes as is.
        let may_hide = |b: &u8| (*b < 0x20 && *b != b'\n') || matches!(*b, 0x7F | 0xC2 | 0xD8 | 0xE2);
        if !text.as_bytes().iter().any(may_hide) {
            return self.inner.write_all(text.as_bytes());
        }
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c != '\n' && crate::text::is_hidden_control(c) {
                self.inner.write_all(&text.as_bytes()[start..i])?;
                write!(self.inner, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        self.inner.write_all(&text.as_bytes()[start..])
    }

    fn bytes(&mut self, mut buf: &[u8]) -> std::io::Result<()> {
        while !buf.is_empty() {
            match std::str::from_utf8(buf) {
                Ok(text) => return self.text(text),
                Err(e) => {
                    let (valid, rest) = buf.split_at(e.valid_up_to());
                    self.text(std::str::from_utf8(valid).unwrap_or_default())?;
                    match e.error_len() {
                        // An unfinished character: wait for its last bytes.
                        None => {
                            self.pending.extend_from_slice(rest);
                            return Ok(());
                        }
                        // Not UTF-8 (serde_json never writes it): passed on as it is.
                        Some(n) => {
                            self.inner.write_all(&rest[..n])?;
                            buf = &rest[n..];
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

impl std::io::Write for EscapeHidden<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            self.bytes(buf)?;
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(buf);
            self.bytes(&joined)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// serde_json escapes C0 controls but leaves DEL, C1 controls and bidi characters as they
/// are. They can only occur inside strings, where `\uXXXX` means the same character, so
/// escaping them keeps the data and lets a JSON report be shown on a terminal safely.
pub(crate) fn escape_hidden(json: String) -> String {
    // Pretty JSON is full of line breaks, which are no reason to copy it.
    let hidden = |c: char| c != '\n' && crate::text::is_hidden_control(c);
    if !json.chars().any(hidden) {
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
    use std::io::Write;

    use super::*;

    /// Text with every kind of hidden character, multi-byte letters around them.
    const HIDDEN: &str = "{\n  \"a\": \"Xã\u{7f} Đảo\u{85}\u{9f} \u{202e}bidi\u{202c} \u{2066}ì\u{2069}\u{2028}\u{61c}ế\u{1f600}\"\n}";

    #[test]
    fn streamed_escaping_matches_whole_text_at_every_split() {
        let whole = escape_hidden(HIDDEN.to_string());
        assert!(whole.contains("\\u0085") && whole.contains("\\u202e") && whole.contains('\n'));
        let bytes = HIDDEN.as_bytes();
        for split in 0..=bytes.len() {
            for second in split..=bytes.len() {
                let mut out = Vec::new();
                let mut e = EscapeHidden::new(&mut out);
                e.write_all(&bytes[..split]).unwrap();
                e.write_all(&bytes[split..second]).unwrap();
                e.write_all(&bytes[second..]).unwrap();
                e.finish().unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), whole, "split at {split} and {second}");
            }
        }
    }

    #[test]
    fn streamed_pretty_json_matches_the_string() {
        let doc = serde_json::json!({ "units": [HIDDEN, "plain", 1, null], "empty": [], "map": {} });
        let mut expected = escape_hidden(serde_json::to_string_pretty(&doc).unwrap());
        expected.push('\n');
        let mut out = Vec::new();
        write_pretty(&doc, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
