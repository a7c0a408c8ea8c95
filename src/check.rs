//! `check`: every problem in criteria and evidence files, for CI. Criteria files are
//! loaded and validated; evidence files are read, and their good rows are scored against
//! each criteria set, for every unit and every declared round, so that a value of the wrong kind,
//! an impossible ratio or a missing document is found before anyone runs `score`.
//!
//! With evidence, every scored leaf without an evidence row is a `no-evidence` warning (per
//! unit), and so is every row that names a leaf but leaves its value empty: a file that
//! lost rows fails `check --deny warnings` instead of scoring them 0 in silence. `--partial`
//! turns this off for files that cover only some criteria.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::code::CriterionCode;
use crate::msg;
use crate::text::fold;

use crate::criteria::{CriteriaSet, load_file_unrecorded};
use crate::diag::{Code, Diagnostic, Severity, sort};
use crate::evidence::{Evidence, ReadOptions, Source, read_sources_with};
use crate::number::Lang;
use crate::number_format::NumberFormat;
use crate::score::{Options, score};

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every file checked, in the order given.
    pub files: Vec<String>,
    /// Findings sorted by file, line and column.
    pub findings: Vec<Diagnostic>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// True when a file could not be read at all (an I/O problem, not a finding).
    pub fn has_io_error(&self) -> bool {
        self.findings.iter().any(|d| d.code == Code::FileRead)
    }
}

/// Checks criteria files and, if given, evidence files against each criteria set.
pub fn check(criteria: &[PathBuf], evidence: &[PathBuf], decimal_mark: Option<NumberFormat>) -> CheckReport {
    let sources: Vec<Source> = evidence.iter().map(Source::from).collect();
    check_sources(criteria, &sources, &[], decimal_mark, Coverage::Complete)
}

/// Whether the evidence is expected to cover every scored leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Every scored leaf needs a row: leaves without one, and rows with an empty value,
    /// are `no-evidence` warnings.
    Complete,
    /// The files cover only some criteria (`check --partial`): no `no-evidence` warnings.
    Partial,
}

/// [`check`] with evidence from files or standard input, and survey answers (`--answers`),
/// which are checked against every set that loads and cover the survey leaves they feed.
pub fn check_sources(
    criteria: &[PathBuf],
    evidence: &[Source],
    answers: &[Source],
    decimal_mark: Option<NumberFormat>,
    coverage: Coverage,
) -> CheckReport {
    check_sources_lang(criteria, evidence, answers, decimal_mark, coverage).0
}

/// [`check_sources`], and the language the first criteria file declares when it loaded (what
/// [`crate::criteria::declared_language`] reads from it, known without parsing it again);
/// `None` when it did not load, and the caller must ask that function. The sets that loaded come
/// last, for a caller about to exit to leave them unfreed.
pub(crate) fn check_sources_lang(
    criteria: &[PathBuf],
    evidence: &[Source],
    answers: &[Source],
    decimal_mark: Option<NumberFormat>,
    coverage: Coverage,
) -> (CheckReport, Option<Lang>, Vec<CriteriaSet>) {
    let mut report = CheckReport::default();
    let mut sets = Vec::new();
    let mut first_lang = None;
    for (i, path) in criteria.iter().enumerate() {
        report.files.push(path.display().to_string());
        // The file's digest is for reports that name it; a check names none.
        match load_file_unrecorded(path) {
            (Ok(set), declares) => {
                if i == 0 && declares {
                    first_lang = Some(set.language);
                }
                report.findings.extend(set.warnings.iter().cloned());
                sets.push(set);
            }
            (Err(f), _) => report.findings.extend(f.0),
        }
    }
    if !evidence.is_empty() || !answers.is_empty() {
        report.files.extend(evidence.iter().map(Source::name));
        report.files.extend(answers.iter().map(Source::name));
        // The evidence is read once per number convention and rounds the sets declare
        // (usually once).
        let mut readings: Vec<(Option<NumberFormat>, crate::round::Rounds)> = Vec::new();
        for s in &sets {
            if !readings.iter().any(|(f, r)| *f == s.number_format && *r == s.rounds) {
                readings.push((s.number_format, s.rounds.clone()));
            }
        }
        readings.sort_by_key(|(f, _)| *f);
        // The answers are read against each set: a problem found at the same place with the
        // same message for several sets is reported once (the first set's help kept).
        let mut answer_problems: Vec<(Option<crate::diag::Location>, crate::diag::Code, String)> = Vec::new();
        if readings.is_empty() {
            readings.push((None, crate::round::Rounds::default()));
        }
        for (format, rounds) in readings {
            let (ev, diags) = read_sources_with(evidence, ReadOptions::for_run(decimal_mark, format).with_rounds(&rounds));
            // A row refused while reading may have been a leaf's only row: leaves without
            // rows are then not reported (the errors fail the check already).
            let refused = diags.iter().any(Diagnostic::is_error);
            report.findings.extend(diags);
            report.findings.extend(ev.warnings.iter().cloned());
            for set in sets
                .iter()
                .filter(|s| sets.len() == 1 || (s.number_format == format && s.rounds == rounds))
            {
                let (scored, problems) = with_answers(set, &ev, answers);
                let refused = refused || problems.iter().any(Diagnostic::is_error);
                for p in problems {
                    let key = (p.location.clone(), p.code, p.message.en().to_string());
                    if !answer_problems.contains(&key) {
                        answer_problems.push(key);
                        report.findings.push(p);
                    }
                }
                report.findings.extend(check_evidence(set, &scored));
                if coverage == Coverage::Complete {
                    // The survey leaves the answers computed are rows of `scored`, for each unit they
                    // answered: a leaf (or a unit) the answers leave out is still reported.
                    report.findings.extend(unevidenced(set, &scored, &BTreeSet::new(), refused));
                }
            }
        }
    }
    sort(&mut report.findings);
    (report, first_lang, sets)
}

/// The evidence with a row for each survey leaf (and unit) the `answers` compute (none given:
/// the evidence as read), and the answers' problems (including a leaf the evidence gives too,
/// which `score` refuses).
fn with_answers(set: &CriteriaSet, ev: &Evidence, answers: &[Source]) -> (Evidence, Vec<Diagnostic>) {
    let mut scored = ev.clone();
    if answers.is_empty() {
        return (scored, Vec::new());
    }
    let mut problems = Vec::new();
    match crate::survey::answers::read(answers, set) {
        Ok(a) => match crate::survey::tally::tally(set, &a) {
            Ok(tallies) => {
                problems.extend(a.warnings);
                if let Err(f) = crate::survey::apply::apply(set, &mut scored, &tallies) {
                    problems.extend(f.0);
                }
            }
            Err(f) => problems.extend(f.0),
        },
        Err(f) => problems.extend(f.0),
    }
    (scored, problems)
}

/// Scores the evidence for every unit it covers, in every declared round, and returns every
/// diagnostic the scoring produced (the reading warnings of `ev` are the caller's to report).
pub fn check_evidence(set: &CriteriaSet, ev: &Evidence) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut score_all = |part: &Evidence, unit: Option<String>| {
        for round in set.rounds.all() {
            match score(
                set,
                part,
                &Options {
                    round: Some(round),
                    unit: unit.clone(),
                },
            ) {
                Ok(r) => out.extend(r.warnings),
                Err(f) => out.extend(f.0),
            }
        }
    };
    // Each unit is scored on its own rows and the rows without a unit, split once: scoring
    // every unit against all the rows would grow with the square of the units.
    let mut common = Vec::new();
    let mut by_unit: std::collections::BTreeMap<String, (String, Vec<usize>)> = Default::default();
    for (i, row) in ev.rows.iter().enumerate() {
        match &row.unit {
            Some(u) => by_unit.entry(fold(u)).or_insert_with(|| (u.clone(), Vec::new())).1.push(i),
            None => common.push(i),
        }
    }
    if by_unit.is_empty() {
        score_all(ev, None);
    } else {
        for (_, (name, mut picked)) in by_unit {
            // The rows in the evidence's own (canonical) order.
            picked.extend(&common);
            picked.sort_unstable();
            let part = Evidence {
                rows: picked.iter().map(|&i| ev.rows[i].clone()).collect(),
                ..Evidence::default()
            };
            score_all(&part, Some(name));
        }
    }
    sort(&mut out);
    out
}

/// `no-evidence` warnings: every leaf of `set` with no evidence row for a unit (rows without
/// a unit count for every unit), except the leaves in `covered` (fed by something other than
/// evidence rows, such as survey answers), and every row that names a leaf but leaves its
/// value empty, at that row. A leaf whose only rows are empty is named at those rows. Under
/// the `missing_evidence = "error"` policy scoring already refuses a leaf without rows, so
/// only the empty rows are reported then, and so they are when `rows_refused` (some rows
/// could not be read, and may have been the leaves' own).
pub fn unevidenced(set: &CriteriaSet, ev: &Evidence, covered: &BTreeSet<CriterionCode>, rows_refused: bool) -> Vec<Diagnostic> {
    use crate::criteria::MissingEvidencePolicy;

    let mut out = Vec::new();
    let is_leaf = |code: &Option<CriterionCode>| {
        code.as_ref()
            .and_then(|c| set.node(c))
            .is_some_and(|n| n.is_leaf() && !covered.contains(&n.code))
    };
    // An empty row whose fact another row gives (a template row filled in elsewhere) is moot.
    // A checklist item may be named by its id or either name.
    let item_key = |r: &crate::evidence::Row| {
        let rule = r.code.as_ref().and_then(|c| set.node(c)).and_then(|n| n.rule.as_ref());
        r.item.as_deref().map(|i| match rule {
            Some(crate::rules::Rule::Checklist(c)) => c.item_id(i).map_or_else(|| fold(i), str::to_string),
            _ => fold(i),
        })
    };
    // The facts given, by (criterion, item) and unit (`None`: a row without a unit), gathered
    // once so that each empty row is looked up, not compared with every row.
    let mut facts: BTreeSet<(&CriterionCode, Option<String>, Option<String>)> = BTreeSet::new();
    let mut facts_any_unit: BTreeSet<(&CriterionCode, Option<String>)> = BTreeSet::new();
    for r in ev.rows.iter().filter(|r| !r.is_explanation_only()) {
        if let Some(code) = &r.code {
            facts.insert((code, item_key(r), r.unit.as_deref().map(fold)));
            facts_any_unit.insert((code, item_key(r)));
        }
    }
    let given_elsewhere = |e: &crate::evidence::Row| {
        let Some(code) = &e.code else { return false };
        let item = item_key(e);
        match e.unit.as_deref().map(fold) {
            None => facts_any_unit.contains(&(code, item)),
            Some(u) => facts.contains(&(code, item.clone(), None)) || facts.contains(&(code, item, Some(u))),
        }
    };
    for row in ev.unfilled.iter().filter(|r| is_leaf(&r.code) && !given_elsewhere(r)) {
        let at = row.position_msg();
        let item = row.item.as_deref().map(|i| format!(" (item `{i}`)"));
        let item_vi = row.item.as_deref().map(|i| format!(" (mục `{i}`)"));
        out.push(
            Diagnostic::warning(
                Code::NoEvidence,
                crate::i18n::Msg::new(
                    format!(
                        "tiêu chí {}{} có dòng ở {} nhưng ô giá trị để trống",
                        row.target,
                        item_vi.unwrap_or_default(),
                        at.vi()
                    ),
                    format!(
                        "criterion {}{} has a row at {} but its value is empty",
                        row.target,
                        item.unwrap_or_default(),
                        at.en()
                    ),
                ),
            )
            .at(row.loc("value"))
            .help(msg!(
                "ghi giá trị vào dòng này (hoặc `không phát sinh` nếu tiêu chí không áp dụng): dòng để trống không phải là số liệu và không được chấm",
                "fill in the value (or `không phát sinh` if the criterion does not apply): a row left empty is no fact and is not scored"
            )),
        );
    }
    if rows_refused || set.policy.missing_evidence == MissingEvidencePolicy::Error {
        return out;
    }
    // The rows of each unit the evidence covers, split once (rows without a unit belong to
    // every unit): `true` marks an empty row.
    type Marked<'a> = Vec<(bool, &'a crate::evidence::Row)>;
    let mut common: Marked = Vec::new();
    let mut by_unit: std::collections::BTreeMap<String, (&str, Marked)> = Default::default();
    let all = ev.rows.iter().map(|r| (false, r)).chain(ev.unfilled.iter().map(|r| (true, r)));
    for (empty, r) in all {
        match r.unit.as_deref() {
            // The unit as the evidence first writes it, for the messages.
            Some(u) => by_unit.entry(fold(u)).or_insert_with(|| (u, Vec::new())).1.push((empty, r)),
            None => common.push((empty, r)),
        }
    }
    let parts: Vec<(Option<&str>, Marked)> = if by_unit.is_empty() {
        vec![(None, common)]
    } else {
        by_unit
            .into_values()
            .map(|(name, mut rows)| {
                rows.extend(common.iter().copied());
                (Some(name), rows)
            })
            .collect()
    };
    for (unit_name, rows) in &parts {
        // (an explanation alone is no fact)
        let given: BTreeSet<&CriterionCode> = rows
            .iter()
            .filter(|(empty, r)| !empty && !r.is_explanation_only())
            .filter_map(|(_, r)| r.code.as_ref())
            .collect();
        let empty: BTreeSet<&CriterionCode> = rows.iter().filter(|(e, _)| *e).filter_map(|(_, r)| r.code.as_ref()).collect();
        let (for_vi, for_en) = match unit_name {
            Some(u) => (format!(" của đơn vị `{u}`"), format!(" for unit `{u}`")),
            None => (String::new(), String::new()),
        };
        for node in set.leaves().filter(|n| !covered.contains(&n.code)) {
            if let Some(crate::rules::Rule::Checklist(list)) = &node.rule
                && given.contains(&node.code)
            {
                let unit = (for_vi.as_str(), for_en.as_str());
                out.extend(unreported_items(set, node, list, rows, unit, &item_key));
                continue;
            }
            if given.contains(&node.code) || empty.contains(&node.code) {
                continue;
            }
            let code = &node.code;
            let hint = node.rule.as_ref().map(crate::rules::Rule::value_hint).unwrap_or_default();
            out.push(
                Diagnostic::warning(
                    Code::NoEvidence,
                    crate::i18n::Msg::new(
                        format!("tiêu chí {code} không có dòng số liệu kiểm chứng nào{for_vi}: bị tính 0 điểm"),
                        format!("criterion {code} has no evidence row{for_en}: it scores 0"),
                    ),
                )
                .at(set.locate(node))
                .help(crate::i18n::Msg::new(
                    format!(
                        "thêm một dòng cho {code} ({}), ghi `không phát sinh` nếu tiêu chí không áp dụng, hoặc chạy `check --partial` với tệp chỉ gồm một phần các tiêu chí",
                        hint.vi
                    ),
                    format!(
                        "add a row for {code} ({}), write `không phát sinh` if it does not apply, or run `check --partial` on a file that covers only some criteria",
                        hint.en
                    ),
                )),
            );
        }
    }
    sort(&mut out);
    out
}

/// A checklist leaf with rows, but none for some of its items (and no row saying that no
/// item was met): each such item counts as not met, which a file that lost the row would
/// hide. Items whose row is left empty are reported at that row already.
fn unreported_items(
    set: &CriteriaSet,
    node: &crate::criteria::Node,
    list: &crate::rules::checklist::Checklist,
    unit_rows: &[(bool, &crate::evidence::Row)],
    (for_vi, for_en): (&str, &str),
    item_key: &dyn Fn(&crate::evidence::Row) -> Option<String>,
) -> Vec<Diagnostic> {
    let rows: Vec<&crate::evidence::Row> = unit_rows
        .iter()
        .map(|(_, r)| *r)
        .filter(|r| r.code.as_ref() == Some(&node.code) && !r.is_explanation_only())
        .collect();
    if rows.iter().any(|r| r.item.is_none()) {
        return Vec::new();
    }
    let named: BTreeSet<String> = rows.iter().filter_map(|r| item_key(r)).collect();
    let code = &node.code;
    list.items
        .iter()
        .filter(|i| !named.contains(&i.id))
        .map(|i| {
            let id = &i.id;
            Diagnostic::warning(
                Code::NoEvidence,
                msg!(
                    "tiêu chí {code}: mục `{id}` không có dòng số liệu nào{for_vi}: được tính là không đạt",
                    "criterion {code}: item `{id}` has no row{for_en}: it counts as not met"
                ),
            )
            .at(set.locate(node))
            .help(msg!(
                "thêm một dòng có item `{id}` và giá trị `có` hoặc `không`",
                "add a row with item `{id}` and the value `có` or `không`"
            ))
        })
        .collect()
}
