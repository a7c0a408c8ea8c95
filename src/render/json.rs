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
