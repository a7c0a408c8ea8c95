//! `check`: every problem in criteria and evidence files, for CI. Criteria files are
//! loaded and validated; evidence files are read, and their good rows are scored against
//! each criteria set, for every unit and every declared round, so that a value of the wrong kind,
//! an impossible ratio or a missing document is found before anyone runs `score`.

use std::path::PathBuf;

use crate::criteria::{CriteriaSet, load_file};
use crate::diag::{Code, Diagnostic, Severity, sort};
use crate::evidence::{Evidence, ReadOptions, Source, read_sources_with};
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
    check_sources(criteria, &sources, decimal_mark)
}

/// [`check`] with evidence from files or standard input.
pub fn check_sources(criteria: &[PathBuf], evidence: &[Source], decimal_mark: Option<NumberFormat>) -> CheckReport {
    let mut report = CheckReport::default();
    let mut sets = Vec::new();
    for path in criteria {
        report.files.push(path.display().to_string());
        match load_file(path) {
            Ok(set) => {
                report.findings.extend(set.warnings.iter().cloned());
                sets.push(set);
            }
            Err(f) => report.findings.extend(f.0),
        }
    }
    if !evidence.is_empty() {
        report.files.extend(evidence.iter().map(Source::name));
        // The evidence is read once per number convention and rounds the sets declare
        // (usually once).
        let mut readings: Vec<(Option<NumberFormat>, crate::round::Rounds)> = Vec::new();
        for s in &sets {
            if !readings.iter().any(|(f, r)| *f == s.number_format && *r == s.rounds) {
                readings.push((s.number_format, s.rounds.clone()));
            }
        }
        readings.sort_by_key(|(f, _)| *f);
        if readings.is_empty() {
            readings.push((None, crate::round::Rounds::default()));
        }
        for (format, rounds) in readings {
            let (ev, diags) = read_sources_with(evidence, ReadOptions::for_run(decimal_mark, format).with_rounds(&rounds));
            report.findings.extend(diags);
            report.findings.extend(ev.warnings.iter().cloned());
            for set in sets
                .iter()
                .filter(|s| sets.len() == 1 || (s.number_format == format && s.rounds == rounds))
            {
                report.findings.extend(check_evidence(set, &ev));
            }
        }
    }
    sort(&mut report.findings);
    report
}

/// Scores the evidence for every unit it covers, in every declared round, and returns every
/// diagnostic the scoring produced.
pub fn check_evidence(set: &CriteriaSet, ev: &Evidence) -> Vec<Diagnostic> {
    let mut units: Vec<Option<String>> = ev.rows.iter().filter_map(|r| r.unit.clone()).map(Some).collect();
    units.sort();
    units.dedup();
    if units.is_empty() {
        units.push(None);
    }
    let mut out = Vec::new();
    for unit in units {
        for round in set.rounds.all() {
            match score(
                set,
                ev,
                &Options {
                    round: Some(round),
                    unit: unit.clone(),
                },
            ) {
                Ok(r) => out.extend(r.warnings),
                Err(f) => out.extend(f.0),
            }
        }
    }
    sort(&mut out);
    out
}
