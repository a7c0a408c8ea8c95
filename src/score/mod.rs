//! Scoring: evaluates every leaf's rule on its evidence, applies the criteria set's
//! rounding, rolls points up the tree, applies bonus and penalty blocks, computes the index
//! and band, and assigns each loss to the agencies responsible (`agencies.rs`).
//!
//! Invariant (tested): at every node, `awarded + lost = applicable_max`, and a parent's
//! values are the sums of its children's.

mod agencies;
mod unit;

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

pub use agencies::{AgencyLoss, split_loss};
pub(crate) use unit::{adjustment as unit_adjustment, index as unit_index, leaf as unit_leaf};

use crate::code::CriterionCode;
use crate::criteria::{AdjustmentKind, Band, CriteriaSet, MissingDocumentPolicy, NotApplicablePolicy};
use crate::diag::{Code, Diagnostic, Failed};
use crate::evidence::{Evidence, Row};
use crate::msg;
use crate::number::{Lang, show};
use crate::round::{Round, Rounds};
use crate::rules::{Text, of_max};
use crate::text::{fold, nearest};

/// How a node was scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Scored,
    NotApplicable,
    MissingEvidence,
}

/// Options for one scoring run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The round to score (default: the set's last): each criterion is scored on the value
    /// rows of the latest round at or before it that has some.
    pub round: Option<Round>,
    /// Which unit to score when the evidence covers several.
    pub unit: Option<String>,
}

/// The score of one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeScore {
    pub code: CriterionCode,
    pub title: String,
    pub title_en: Option<String>,
    pub is_leaf: bool,
    pub max: Decimal,
    pub applicable_max: Decimal,
    pub awarded: Decimal,
    pub lost: Decimal,
    pub status: Status,
    pub reason: Option<Text>,
    pub rule: Option<&'static str>,
    /// Agency ids responsible for the loss (evidence `agency` column, else the lead).
    pub responsible: Vec<String>,
    pub documents: Vec<String>,
    /// The round whose rows scored this leaf (`None`: no rows, or a parent).
    pub round_used: Option<Round>,
    /// The unit's explanations (giải trình) of this leaf in the rounds up to the one scored,
    /// in round order.
    pub explanations: Vec<Explanation>,
}

/// An explanation (giải trình) of a criterion, given in a round.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Explanation {
    pub round: Round,
    pub text: String,
    /// The `document` of an explanation row (the value rows' documents are the node's
    /// `documents`): the written explanation the unit sent, shown with its text.
    pub document: Option<String>,
}

/// Explanations as reports list them: each text with its document in brackets
/// (`18 hồ sơ trễ hạn (Công văn 12/UBND)`), after its round's name only when explanations
/// come from several rounds (`giải trình: …`, `thẩm định lần 1: …`).
pub fn explanation_lines(rounds: &crate::round::Rounds, list: &[Explanation], lang: Lang) -> Vec<String> {
    let several = list.iter().any(|e| list.first().is_some_and(|f| f.round != e.round));
    list.iter()
        .map(|e| {
            let text = match &e.document {
                Some(d) => format!("{} ({d})", e.text),
                None => e.text.clone(),
            };
            if several {
                format!("{}: {text}", rounds.name(e.round, lang))
            } else {
                text
            }
        })
        .collect()
}

/// The rows a leaf is scored on at `round`: the value rows of the latest round at or before
/// it that has some (explanation-only rows are no facts), and that round.
pub fn select<'r>(rows: &[&'r Row], round: Round) -> (Vec<&'r Row>, Option<Round>) {
    let mut chosen = Vec::new();
    let used = select_into(rows.iter().copied(), round, &mut chosen);
    (chosen, used)
}

/// [`select`] into a reused vector: the one choice of rows, for `score` and for `rank`'s
/// streaming path.
pub(crate) fn select_into<'r, I>(rows: I, round: Round, chosen: &mut Vec<&'r Row>) -> Option<Round>
where
    I: Iterator<Item = &'r Row> + Clone,
{
    chosen.clear();
    // One row (most leaves): the same choice without going over the rows twice.
    let mut two = rows.clone();
    if let (Some(row), None) = (two.next(), two.next()) {
        if row.is_explanation_only() || row.round > round {
            return None;
        }
        chosen.push(row);
        return Some(row.round);
    }
    let facts = rows.filter(|r| !r.is_explanation_only());
    let used = facts.clone().map(|r| r.round).filter(|r| *r <= round).max();
    chosen.extend(facts.filter(|r| Some(r.round) == used));
    used
}

/// The explanations given in the rounds up to `round`, in round order, each once.
fn explanations(rows: &[&Row], round: Round) -> Vec<Explanation> {
    let mut out: Vec<Explanation> = rows
        .iter()
        .filter(|r| r.round <= round)
        .filter_map(|r| {
            r.explanation.as_ref().map(|t| Explanation {
                round: r.round,
                text: t.clone(),
                document: r.document.clone().filter(|_| r.is_explanation_only()),
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

impl NodeScore {
    pub fn title(&self, lang: Lang) -> &str {
        match (lang, &self.title_en) {
            (Lang::En, Some(t)) => t,
            _ => &self.title,
        }
    }
}

/// A bonus or penalty block's result; `points` is positive for a bonus, negative for a penalty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjustmentScore {
    pub id: String,
    pub kind: AdjustmentKind,
    pub title: String,
    pub title_en: Option<String>,
    pub cap: Decimal,
    pub points: Decimal,
    pub reason: Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// The set's declared total.
    pub max: Decimal,
    /// The total less not-applicable criteria.
    pub applicable_max: Decimal,
    pub awarded: Decimal,
    pub lost: Decimal,
    /// awarded ÷ applicable maximum × 100, rounded as the set says; `None` if nothing applies.
    pub index_percent: Option<Decimal>,
    pub band: Option<Band>,
}

/// Everything one scoring run produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreResult {
    pub set_id: String,
    pub set_title: String,
    pub set_title_en: Option<String>,
    pub year: i32,
    pub language: Lang,
    /// The round scored, among the set's rounds.
    pub round: Round,
    pub rounds: Rounds,
    /// The latest round whose rows scored some leaf (`None`: no rows at all); earlier than
    /// `round` when the later rounds gave no value rows.
    pub round_used: Option<Round>,
    pub unit: Option<String>,
    pub totals: Totals,
    /// Every node, in code order.
    pub nodes: Vec<NodeScore>,
    pub agencies: Vec<AgencyLoss>,
    pub adjustments: Vec<AdjustmentScore>,
    pub warnings: Vec<Diagnostic>,
    /// The criteria set's agency registry, for names in reports.
    pub registry: Vec<crate::criteria::Agency>,
    /// Set when the run overrode evidence (`--set`): the total before, and each change's gain.
    pub what_if: Option<WhatIf>,
}

/// What-if results attached to a score: the total without overrides and each override's gain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIf {
    pub baseline: Decimal,
    pub changes: Vec<crate::whatif::WhatIfChange>,
}

impl ScoreResult {
    /// An agency's short name (its id if it is not in the registry).
    pub fn agency_short(&self, id: &str) -> String {
        self.registry
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.short.clone())
    }

    /// An agency's full name (its id if it is not in the registry).
    pub fn agency_name(&self, id: &str) -> String {
        self.registry
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    }

    pub fn node(&self, code: &str) -> Option<&NodeScore> {
        let code: CriterionCode = code.parse().ok()?;
        self.nodes.iter().find(|n| n.code == code)
    }

    pub fn areas(&self) -> impl Iterator<Item = &NodeScore> {
        self.nodes.iter().filter(|n| n.code.depth() == 1)
    }

    /// Leaves that lost points, largest loss first, then by code.
    pub fn losses(&self) -> Vec<&NodeScore> {
        let mut v: Vec<&NodeScore> = self.nodes.iter().filter(|n| n.is_leaf && n.lost > Decimal::ZERO).collect();
        v.sort_by(|a, b| b.lost.cmp(&a.lost).then_with(|| a.code.cmp(&b.code)));
        v
    }

    pub fn title(&self, lang: Lang) -> &str {
        match (lang, &self.set_title_en) {
            (Lang::En, Some(t)) => t,
            _ => &self.set_title,
        }
    }

    /// The round scored, as reports name it: `thẩm định lần 2`; when no later round gave a
    /// value row, the round actually used and why: `tự đánh giá (chưa có số liệu thẩm định)`.
    pub fn round_label(&self, lang: Lang) -> String {
        let asked = self.rounds.name(self.round, lang);
        match self.round_used {
            Some(used) if used < self.round => {
                let used = self.rounds.name(used, lang);
                match lang {
                    Lang::Vi => format!("{used} (chưa có số liệu {asked})"),
                    Lang::En => format!("{used} (no {asked} values yet)"),
                }
            }
            _ => asked.to_string(),
        }
    }

    /// The name of the round whose rows were used (the round scored when none were), for
    /// document titles: `Kết quả thẩm định lần 2 …`.
    pub fn round_used_name(&self, lang: Lang) -> &str {
        self.rounds.name(self.round_used.unwrap_or(self.round), lang)
    }

    /// A node's reason with its explanation beside it, as reports show them:
    /// `đạt yêu cầu: không → 0/2 điểm · giải trình: …`.
    pub fn reason_text(&self, node: &NodeScore, lang: Lang) -> String {
        let reason = node.reason.as_ref().map_or("", |t| t.get(lang));
        match self.explanation_text(node, lang) {
            // A manual score's reason may be the explanation itself: say it once.
            Some(e) if !reason.is_empty() && reason.contains(e.as_str()) => reason.to_string(),
            None => reason.to_string(),
            Some(e) => {
                let label = crate::i18n::tr(lang, "giải trình", "explanation");
                if reason.is_empty() {
                    format!("{label}: {e}")
                } else {
                    format!("{reason} · {label}: {e}")
                }
            }
        }
    }

    /// A node's explanations as one text for tables: [`explanation_lines`] joined by `; `
    /// (`giải trình: …; thẩm định lần 1: …`). JSON lists them instead.
    pub fn explanation_text(&self, node: &NodeScore, lang: Lang) -> Option<String> {
        match node.explanations.as_slice() {
            [] => None,
            list => Some(explanation_lines(&self.rounds, list, lang).join("; ")),
        }
    }
}

/// The leaf whose code is closest to `code`: same parent first, then by edit distance.
fn nearest_leaf(set: &CriteriaSet, code: &CriterionCode) -> Option<String> {
    let text = code.to_string();
    set.leaves()
        .map(|n| {
            let shared = n.code.segments().iter().zip(code.segments()).take_while(|(a, b)| a == b).count();
            (
                std::cmp::Reverse(shared),
                strsim::levenshtein(&text, &n.code.to_string()),
                n.code.clone(),
            )
        })
        .min()
        .map(|(_, _, c)| c.to_string())
}

/// Scores `evidence` against `set`. Every problem with the evidence is reported at once.
pub fn score(set: &CriteriaSet, evidence: &Evidence, options: &Options) -> Result<ScoreResult, Failed> {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut warnings = evidence.warnings.clone();
    let round = options.round.unwrap_or_else(|| set.rounds.last());

    // Which unit.
    let units: BTreeSet<String> = evidence.rows.iter().filter_map(|r| r.unit.clone()).collect();
    let unit = match &options.unit {
        Some(u) => {
            if !units.iter().any(|x| fold(x) == fold(u)) {
                let hint = if units.is_empty() {
                    msg!(
                        "số liệu kiểm chứng không có cột `unit`; hãy bỏ --unit",
                        "the evidence has no `unit` column; leave out --unit"
                    )
                } else {
                    let list = units.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
                    msg!("các đơn vị trong số liệu kiểm chứng: {list}", "units in the evidence: {list}")
                };
                return Err(Failed(vec![
                    Diagnostic::error(
                        Code::UnitAmbiguous,
                        msg!("không có dòng số liệu nào của đơn vị `{u}`", "no evidence row is for unit `{u}`"),
                    )
                    .help(hint),
                ]));
            }
            Some(units.iter().find(|x| fold(x) == fold(u)).cloned().unwrap_or_else(|| u.clone()))
        }
        None if units.len() > 1 => {
            let list = units.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
            let n = units.len();
            return Err(Failed(vec![
                Diagnostic::error(
                    Code::UnitAmbiguous,
                    msg!("số liệu kiểm chứng gồm {n} đơn vị: {list}", "the evidence covers {n} units: {list}"),
                )
                .help(msg!("hãy chọn một đơn vị bằng --unit TÊN", "pick one with --unit NAME")),
            ]));
        }
        None => units.into_iter().next(),
    };
    let rows: Vec<&Row> = evidence
        .rows
        .iter()
        .filter(|r| match (&unit, &r.unit) {
            (Some(u), Some(ru)) => fold(u) == fold(ru),
            (Some(_), None) => true,
            (None, _) => true,
        })
        .collect();

    // Rows: right year, known target, known agencies.
    let mut by_leaf: BTreeMap<CriterionCode, Vec<&Row>> = BTreeMap::new();
    let mut by_adjustment: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    let mut resolved_agencies: BTreeMap<(String, usize), Vec<String>> = BTreeMap::new();
    for row in &rows {
        if let Some(y) = row.year
            && y != set.year
        {
            diags.push(
                Diagnostic::error(
                    Code::YearMismatch,
                    msg!(
                        "dòng này thuộc năm {y}, nhưng bộ tiêu chí là của năm {}",
                        "row is for year {y}, but the criteria set is for {}",
                        set.year
                    ),
                )
                .at(row.loc("year"))
                .help(msg!(
                    "hãy dùng bộ tiêu chí cùng năm, hoặc sửa cột `year`",
                    "use the criteria set of the same year, or fix the `year` column"
                )),
            );
            continue;
        }
        let mut ids = Vec::new();
        for a in &row.agencies {
            match set.resolve_agency(a) {
                Some(ag) => {
                    if !ids.contains(&ag.id) {
                        ids.push(ag.id.clone());
                    }
                }
                None => {
                    let names = set.agencies.iter().flat_map(|x| [x.id.as_str(), x.name.as_str(), x.short.as_str()]);
                    let hint = nearest(a, names).map_or_else(
                        || {
                            msg!(
                                "hãy dùng mã, tên hoặc tên viết tắt của một cơ quan trong tệp bộ tiêu chí",
                                "use an agency id, name or short name from the criteria file"
                            )
                        },
                        |s| msg!("có phải là `{s}`?", "did you mean `{s}`?"),
                    );
                    diags.push(
                        Diagnostic::error(
                            Code::UnknownAgency,
                            msg!("cơ quan `{a}` không có trong bộ tiêu chí", "unknown agency `{a}`"),
                        )
                        .at(row.loc("agency"))
                        .help(hint),
                    );
                }
            }
        }
        ids.sort_by_key(|id| set.agency_rank(id));
        resolved_agencies.insert((row.file.to_string(), row.line), ids);
        match &row.code {
            Some(code) => match set.node(code) {
                Some(node) if node.is_leaf() => by_leaf.entry(code.clone()).or_default().push(row),
                Some(node) => {
                    let children: Vec<String> = node.children.iter().map(ToString::to_string).collect();
                    diags.push(
                        Diagnostic::error(
                            Code::UnknownCriterion,
                            msg!(
                                "{code} có tiêu chí thành phần; số liệu kiểm chứng ghi cho tiêu chí thành phần",
                                "{code} has sub-criteria; evidence goes on its leaves"
                            ),
                        )
                        .at(row.loc("criterion"))
                        .help(msg!("hãy dùng một trong: {}", "use one of: {}", children.join(", "))),
                    );
                }
                None => {
                    let hint = nearest_leaf(set, code).map_or_else(
                        || msg!("hãy đối chiếu mã với tệp bộ tiêu chí", "check the code against the criteria file"),
                        |s| {
                            msg!(
                                "có phải là {s}? (mã gần nhất trong bộ tiêu chí)",
                                "did you mean {s}? (the nearest code in the criteria set)"
                            )
                        },
                    );
                    diags.push(
                        Diagnostic::error(
                            Code::UnknownCriterion,
                            msg!(
                                "tiêu chí {code} không có trong bộ tiêu chí `{}`",
                                "criterion {code} is not in the criteria set `{}`",
                                set.id
                            ),
                        )
                        .at(row.loc("criterion"))
                        .help(hint),
                    );
                }
            },
            None => match set.adjustment(&row.target) {
                Some(_) => by_adjustment.entry(row.target.clone()).or_default().push(row),
                None => {
                    let ids: Vec<&str> = set.adjustments.iter().map(|a| a.id.as_str()).collect();
                    let hint = nearest(&row.target, ids.iter().copied()).map_or_else(
                        || {
                            msg!(
                                "hãy ghi mã tiêu chí như 3.4.4, hoặc mã của một khối điểm thưởng/điểm trừ",
                                "write a criterion code such as 3.4.4, or the id of a bonus/penalty block"
                            )
                        },
                        |s| msg!("có phải là `{s}`?", "did you mean `{s}`?"),
                    );
                    diags.push(
                        Diagnostic::error(
                            Code::UnknownCriterion,
                            msg!(
                                "`{}` không phải mã tiêu chí, cũng không phải khối điểm thưởng/điểm trừ",
                                "`{}` is neither a criterion code nor a bonus/penalty block",
                                row.target
                            ),
                        )
                        .at(row.loc("criterion"))
                        .help(hint),
                    );
                }
            },
        }
    }

    // Leaves.
    let mut round_used: Option<Round> = None;
    let mut scores: BTreeMap<CriterionCode, NodeScore> = BTreeMap::new();
    for node in set.leaves() {
        let all = by_leaf.get(&node.code).map(Vec::as_slice).unwrap_or(&[]);
        let (chosen, used) = select(all, round);
        round_used = round_used.max(used);
        let mut responsible: Vec<String> = Vec::new();
        for r in &chosen {
            for id in resolved_agencies.get(&(r.file.to_string(), r.line)).into_iter().flatten() {
                if !responsible.contains(id) {
                    responsible.push(id.clone());
                }
            }
        }
        responsible.sort_by_key(|id| set.agency_rank(id));
        if responsible.is_empty() {
            responsible = set.lead_of(&node.code);
        }
        let mut documents: Vec<String> = chosen.iter().filter_map(|r| r.document.clone()).collect();
        documents.sort();
        documents.dedup();
        let base = NodeScore {
            code: node.code.clone(),
            title: node.title.clone(),
            title_en: node.title_en.clone(),
            is_leaf: true,
            max: node.max,
            applicable_max: node.max,
            awarded: Decimal::ZERO,
            lost: node.max,
            status: Status::Scored,
            reason: None,
            rule: node.rule.as_ref().map(crate::rules::Rule::kind),
            responsible,
            documents,
            round_used: used,
            explanations: explanations(all, round),
        };
        let leaf = match unit::leaf(set, node, &chosen, true) {
            Ok(l) => l,
            Err(mut e) => {
                diags.append(&mut e);
                continue;
            }
        };
        let score = match (leaf.status, leaf.rule) {
            (Status::MissingEvidence, _) => {
                let of = of_max(Decimal::ZERO, node.max);
                NodeScore {
                    status: Status::MissingEvidence,
                    reason: Some(Text::new(
                        format!("không có tài liệu kiểm chứng → {}", of.vi),
                        format!("no evidence → {}", of.en),
                    )),
                    ..base
                }
            }
            (Status::NotApplicable, _) => match set.policy.not_applicable {
                NotApplicablePolicy::Exclude => NodeScore {
                    applicable_max: leaf.applicable_max,
                    awarded: leaf.awarded,
                    lost: Decimal::ZERO,
                    status: Status::NotApplicable,
                    reason: Some(Text::new(
                        "không phát sinh → không tính vào điểm tối đa",
                        "not applicable → left out of the maximum",
                    )),
                    responsible: Vec::new(),
                    ..base
                },
                NotApplicablePolicy::FullMarks => NodeScore {
                    awarded: leaf.awarded,
                    lost: Decimal::ZERO,
                    status: Status::NotApplicable,
                    reason: Some(Text::new("không phát sinh → đạt điểm tối đa", "not applicable → full marks")),
                    ..base
                },
            },
            (Status::Scored, None) => continue,
            (Status::Scored, Some((points, mut reason))) => {
                let rounding = node.rounding.unwrap_or(set.rounding);
                let rounded = rounding.apply(points);
                if rounded != points.normalize() {
                    reason.vi.push_str(&rounding.note(rounded, Lang::Vi));
                    reason.en.push_str(&rounding.note(rounded, Lang::En));
                }
                // A value given by `--set` is not evidence: the reason says so.
                let what_if: Vec<&str> = chosen.iter().filter(|r| &*r.file == "--set").map(|r| &*r.line_text).collect();
                if !what_if.is_empty() {
                    let sets = what_if.iter().map(|t| format!("--set {t}")).collect::<Vec<_>>().join(", ");
                    reason.vi = format!("giá trị giả định ({sets}): {}", reason.vi);
                    reason.en = format!("what-if value ({sets}): {}", reason.en);
                }
                if leaf.no_document {
                    let d = Diagnostic::warning(
                        Code::MissingDocument,
                        msg!(
                            "tiêu chí {} cần tài liệu kiểm chứng, nhưng không dòng nào ghi tài liệu",
                            "criterion {} requires an evidence document, and no row cites one",
                            node.code
                        ),
                    )
                    .at(chosen[0].loc("document"))
                    .help(msg!(
                        "hãy điền cột `document`, ví dụ \"Báo cáo 209/BC-TKT ngày 22/10/2022\"",
                        "fill the `document` column, e.g. \"Báo cáo 209/BC-TKT ngày 22/10/2022\""
                    ));
                    warnings.push(d);
                    if set.policy.missing_document == MissingDocumentPolicy::Zero {
                        reason = Text::new("thiếu tài liệu kiểm chứng → 0 điểm", "no evidence document → 0 points");
                    }
                }
                NodeScore {
                    awarded: leaf.awarded,
                    lost: node.max - leaf.awarded,
                    reason: Some(reason),
                    ..base
                }
            }
        };
        scores.insert(node.code.clone(), score);
    }
    if diags.iter().any(Diagnostic::is_error) {
        crate::diag::sort(&mut diags);
        return Err(Failed(diags));
    }

    // Roll up: children sort after their parent, so walk codes from the end.
    for node in set.nodes.values().rev().filter(|n| !n.is_leaf()) {
        let kids: Vec<&NodeScore> = node.children.iter().filter_map(|c| scores.get(c)).collect();
        let sum = |f: fn(&NodeScore) -> Decimal| kids.iter().map(|k| f(k)).sum::<Decimal>();
        let status = if kids.iter().any(|k| k.status == Status::Scored) {
            Status::Scored
        } else if kids.iter().any(|k| k.status == Status::MissingEvidence) {
            Status::MissingEvidence
        } else {
            Status::NotApplicable
        };
        let mut responsible: Vec<String> = Vec::new();
        for k in kids.iter().filter(|k| k.lost > Decimal::ZERO) {
            for r in &k.responsible {
                if !responsible.contains(r) {
                    responsible.push(r.clone());
                }
            }
        }
        responsible.sort_by_key(|id| set.agency_rank(id));
        let s = NodeScore {
            code: node.code.clone(),
            title: node.title.clone(),
            title_en: node.title_en.clone(),
            is_leaf: false,
            max: node.max,
            applicable_max: sum(|k| k.applicable_max),
            awarded: sum(|k| k.awarded),
            lost: sum(|k| k.lost),
            status,
            reason: None,
            rule: None,
            responsible,
            documents: Vec::new(),
            round_used: None,
            explanations: Vec::new(),
        };
        scores.insert(node.code.clone(), s);
    }

    // Bonus and penalty blocks.
    let mut adjustments = Vec::new();
    for adj in &set.adjustments {
        let all = by_adjustment.get(&adj.id).map(Vec::as_slice).unwrap_or(&[]);
        let (rows, used) = select(all, round);
        round_used = round_used.max(used);
        let (points, parts) = match unit::adjustment(adj, &rows) {
            Ok(p) => p,
            Err(mut e) => {
                diags.append(&mut e);
                continue;
            }
        };
        let list = |lang: Lang| {
            parts
                .iter()
                .map(|(l, n)| format!("{} × {}", show(*n, lang), l.get(lang)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let reason = Text::new(
            format!(
                "{} → {} (tối đa {})",
                if parts.is_empty() {
                    "không có".to_string()
                } else {
                    list(Lang::Vi)
                },
                show(points, Lang::Vi),
                show(adj.cap, Lang::Vi)
            ),
            format!(
                "{} → {} (cap {})",
                if parts.is_empty() { "none".to_string() } else { list(Lang::En) },
                show(points, Lang::En),
                show(adj.cap, Lang::En)
            ),
        );
        adjustments.push(AdjustmentScore {
            id: adj.id.clone(),
            kind: adj.kind,
            title: adj.title.clone(),
            title_en: adj.title_en.clone(),
            cap: adj.cap,
            points,
            reason,
        });
    }
    if diags.iter().any(Diagnostic::is_error) {
        crate::diag::sort(&mut diags);
        return Err(Failed(diags));
    }

    let areas: Vec<&NodeScore> = scores.values().filter(|n| n.code.depth() == 1).collect();
    let applicable_max: Decimal = areas.iter().map(|a| a.applicable_max).sum();
    let awarded: Decimal = areas.iter().map(|a| a.awarded).sum::<Decimal>() + adjustments.iter().map(|a| a.points).sum::<Decimal>();
    let index_percent = unit::index(set, awarded, applicable_max);
    let band = index_percent.and_then(|i| set.band_for(i).cloned());
    let totals = Totals {
        max: set.total,
        applicable_max,
        awarded,
        lost: applicable_max - awarded,
        index_percent,
        band,
    };
    let nodes: Vec<NodeScore> = scores.into_values().collect();
    let agencies = agencies::agency_losses(set, &nodes);
    crate::diag::sort(&mut warnings);
    Ok(ScoreResult {
        set_id: set.id.clone(),
        set_title: set.title.clone(),
        set_title_en: set.title_en.clone(),
        year: set.year,
        language: set.language,
        round,
        rounds: set.rounds.clone(),
        round_used,
        unit,
        totals,
        nodes,
        agencies,
        adjustments,
        warnings,
        registry: set.agencies.clone(),
        what_if: None,
    })
}
