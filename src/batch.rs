//! Streaming batch scoring for `rank` at national scale (10,000 units × 100 criteria ×
//! years). The evidence CSV is read as a stream of byte records; the rows of one unit are
//! gathered into a reused buffer and scored as soon as the next unit starts, on a second
//! thread, so memory stays proportional to one unit's facts plus one result per unit.
//!
//! Scoring uses the same rules as `score` but skips building reasons. Anything out of the
//! ordinary for a unit (an error, a conflicting or repeated fact, a not-applicable
//! criterion that may not be) sends that unit through the full scorer, and any error there
//! makes the caller fall back to the complete `rank` path, so results and diagnostics are
//! exactly those of scoring each unit alone. Input whose units are not grouped (a unit that
//! comes back after another) also falls back.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use rust_decimal::Decimal;

use crate::code::CriterionCode;
use crate::criteria::{AdjustmentKind, CriteriaSet, MissingDocumentPolicy, MissingEvidencePolicy, NotApplicablePolicy};
use crate::evidence::{Columns, Evidence, Row};
use crate::i18n::Msg;
use crate::number_format::{Convention, NumberFormat, Unresolved, Votes, resolve};
use crate::rank::RankRow;
use crate::round::Round;
use crate::rules::Input;
use crate::score::{Options, score};
use crate::text::fold;
use crate::value::is_not_applicable;

/// Why the streaming path gave up; the caller then runs the complete `rank`, which reports
/// any problem itself with full diagnostics, so these reasons are not shown to users (the
/// `Io` text and unit names are kept for tests and debugging only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    NotCsv,
    /// A value needs the file's number convention, which only the whole file settles.
    NumberConvention(Msg),
    /// A row whose field count differs from the header's; the complete path reports it.
    FieldCount(u64),
    NotUtf8,
    NoUnitColumn,
    UnitsNotGrouped(String),
    UnitFailed(String),
    Io(String),
}

/// Progress of a streaming run: rows and bytes read so far, and the total bytes to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub rows: u64,
    pub bytes: u64,
    pub total_bytes: u64,
}

/// One evidence fact as text ranges into a unit's arena.
#[derive(Debug, Clone, Copy, Default)]
struct Fact {
    criterion: (u32, u32),
    item: (u32, u32),
    value: (u32, u32),
    agency: (u32, u32),
    document: (u32, u32),
    note: (u32, u32),
    explanation: (u32, u32),
    stage: (u32, u32),
    year: (u32, u32),
}

/// The facts of one unit.
#[derive(Debug, Default)]
struct UnitBuf {
    name: String,
    arena: String,
    facts: Vec<Fact>,
}

impl UnitBuf {
    fn push(&mut self, s: &str) -> (u32, u32) {
        let start = self.arena.len() as u32;
        self.arena.push_str(trim(s));
        (start, self.arena.len() as u32)
    }

    fn get(&self, r: (u32, u32)) -> &str {
        &self.arena[r.0 as usize..r.1 as usize]
    }

    fn clear(&mut self) {
        self.name.clear();
        self.arena.clear();
        self.facts.clear();
    }
}

/// A unit's total, as the ranking needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitTotal {
    pub unit: String,
    pub awarded: Decimal,
    pub applicable_max: Decimal,
    pub index_percent: Option<Decimal>,
}

/// `str::trim`, skipped when both ends are plain ASCII (nearly always).
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Where each criterion cell points.
#[derive(Debug, Clone, Copy)]
enum Target {
    Leaf(usize),
    Adjustment(usize),
}

/// The criteria set prepared for fast scoring.
struct Plan<'a> {
    set: &'a CriteriaSet,
    leaves: Vec<&'a crate::criteria::Node>,
    targets: HashMap<String, Target>,
}

impl<'a> Plan<'a> {
    fn new(set: &'a CriteriaSet) -> Plan<'a> {
        let leaves: Vec<_> = set.leaves().collect();
        let mut targets = HashMap::new();
        for (i, n) in leaves.iter().enumerate() {
            targets.insert(n.code.to_string(), Target::Leaf(i));
        }
        for (i, a) in set.adjustments.iter().enumerate() {
            targets.insert(a.id.clone(), Target::Adjustment(i));
        }
        Plan { set, leaves, targets }
    }
}

/// Reusable scratch space for scoring units.
struct Scratch {
    rows: Vec<Row>,
    /// Strings kept from optional cells that went empty, reused when they fill again, so
    /// scoring a unit allocates nothing once the buffers have grown.
    spares: Vec<[String; 3]>,
    per_leaf: Vec<Vec<usize>>,
    adjustments: Vec<Vec<usize>>,
    agencies: HashMap<String, bool>,
    code: CriterionCode,
}

fn blank_row(columns: &Arc<Columns>) -> Row {
    Row {
        file: "".into(),
        line: 0,
        line_text: "".into(),
        columns: columns.clone(),
        target: String::new(),
        code: None,
        item: None,
        value: String::new(),
        agencies: Vec::new(),
        document: None,
        note: None,
        explanation: None,
        round: Round::default(),
        round_text: None,
        unit: None,
        year: None,
        spreadsheet: false,
        value_is_number: false,
    }
}

/// Like [`set_opt`], parking the string in `spare` when the cell is empty.
fn reuse_opt(slot: &mut Option<String>, spare: &mut String, text: &str) {
    if text.is_empty() {
        if let Some(s) = slot.take() {
            *spare = s;
        }
        return;
    }
    let s = slot.get_or_insert_with(|| std::mem::take(spare));
    s.clear();
    s.push_str(text);
}

fn set_opt(slot: &mut Option<String>, text: &str) {
    if text.is_empty() {
        *slot = None;
    } else if let Some(s) = slot {
        s.clear();
        s.push_str(text);
    } else {
        *slot = Some(text.to_string());
    }
}

/// Scores one unit without reasons; `None` when the unit needs the full scorer.
fn quick_score(plan: &Plan, unit: &UnitBuf, round: Round, scratch: &mut Scratch, columns: &Arc<Columns>) -> Option<UnitTotal> {
    let set = plan.set;
    for v in &mut scratch.per_leaf {
        v.clear();
    }
    for v in &mut scratch.adjustments {
        v.clear();
    }
    while scratch.rows.len() < unit.facts.len() {
        scratch.rows.push(blank_row(columns));
        scratch.spares.push(Default::default());
    }
    for (i, f) in unit.facts.iter().enumerate() {
        let target = match plan.targets.get(unit.get(f.criterion)) {
            Some(t) => *t,
            None => return None,
        };
        let year = unit.get(f.year);
        if !year.is_empty() && year.parse::<i32>().ok() != Some(set.year) {
            return None;
        }
        // An explanation (giải trình) without a value is no fact.
        if unit.get(f.value).is_empty() && !unit.get(f.explanation).trim().is_empty() {
            continue;
        }
        let row = &mut scratch.rows[i];
        row.round = set.rounds.parse(unit.get(f.stage)).ok()?;
        row.value.clear();
        row.value.push_str(unit.get(f.value));
        row.target.clear();
        row.target.push_str(unit.get(f.criterion));
        let [s0, s1, s2] = &mut scratch.spares[i];
        reuse_opt(&mut row.item, s0, unit.get(f.item));
        reuse_opt(&mut row.document, s1, unit.get(f.document));
        reuse_opt(&mut row.note, s2, unit.get(f.note));
        if row.value.is_empty() && row.document.is_none() && row.note.is_none() {
            continue; // an unfilled template row
        }
        let agency = unit.get(f.agency);
        if !agency.is_empty() {
            for a in agency.split(';').map(str::trim).filter(|a| !a.is_empty()) {
                let known = match scratch.agencies.get(a) {
                    Some(k) => *k,
                    None => {
                        let k = set.resolve_agency(a).is_some();
                        scratch.agencies.insert(a.to_string(), k);
                        k
                    }
                };
                if !known {
                    return None;
                }
            }
        }
        match target {
            Target::Leaf(l) => scratch.per_leaf[l].push(i),
            Target::Adjustment(a) => scratch.adjustments[a].push(i),
        }
    }
    let mut awarded = Decimal::ZERO;
    let mut applicable = Decimal::ZERO;
    let mut chosen: Vec<&Row> = Vec::with_capacity(4);
    for (l, node) in plan.leaves.iter().enumerate() {
        let idx = &scratch.per_leaf[l];
        // The latest round at or before the one ranked that has rows (see `score::select`).
        let wanted = idx.iter().map(|&i| scratch.rows[i].round).filter(|r| *r <= round).max();
        chosen.clear();
        chosen.extend(idx.iter().map(|&i| &scratch.rows[i]).filter(|r| Some(r.round) == wanted));
        // Two rows for the same fact: the full scorer decides (repeat or conflict).
        for (a, x) in chosen.iter().enumerate() {
            if chosen[..a].iter().any(|y| fold_eq(&x.item, &y.item)) {
                return None;
            }
        }
        if chosen.is_empty() {
            if set.policy.missing_evidence == MissingEvidencePolicy::Error {
                return None;
            }
            applicable += node.max;
            continue;
        }
        let na = chosen.iter().filter(|r| is_not_applicable(&r.value)).count();
        if na > 0 {
            if na != chosen.len() || !node.may_be_not_applicable {
                return None;
            }
            if set.policy.not_applicable == NotApplicablePolicy::FullMarks {
                awarded += node.max;
                applicable += node.max;
            }
            continue;
        }
        let rule = node.rule.as_ref()?;
        scratch.code.clone_from(&node.code);
        let outcome = rule
            .evaluate(&Input {
                code: &scratch.code,
                max: node.max,
                rows: &chosen,
                explain: false,
            })
            .ok()?;
        let rounding = node.rounding.unwrap_or(set.rounding);
        let mut points = rounding.apply(outcome.points);
        if node.document_required
            && set.policy.missing_document == MissingDocumentPolicy::Zero
            && chosen.iter().all(|r| r.document.is_none())
        {
            points = Decimal::ZERO;
        }
        awarded += points;
        applicable += node.max;
    }
    for (a, adj) in set.adjustments.iter().enumerate() {
        let mut total = Decimal::ZERO;
        let idx = &scratch.adjustments[a];
        let wanted = idx.iter().map(|&i| scratch.rows[i].round).filter(|r| *r <= round).max();
        for &i in idx {
            let row = &scratch.rows[i];
            if Some(row.round) != wanted {
                continue;
            }
            let item = adj
                .items
                .iter()
                .find(|x| row.item.as_deref().is_some_and(|it| fold(&x.id) == fold(it)))?;
            let n = crate::value::parse_count(&row.value).ok()?;
            total = item.points.checked_mul(n).and_then(|p| total.checked_add(p))?;
        }
        let capped = total.min(adj.cap);
        awarded += if adj.kind == AdjustmentKind::Penalty { -capped } else { capped };
    }
    let index_percent = (!applicable.is_zero()).then(|| set.index_rounding.apply(awarded * Decimal::ONE_HUNDRED / applicable));
    Some(UnitTotal {
        unit: unit.name.clone(),
        awarded,
        applicable_max: applicable,
        index_percent,
    })
}

fn fold_eq(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => x == y || fold(x) == fold(y),
        _ => false,
    }
}

/// The full scorer for one unit, for the units the quick path hands over.
fn full_score(set: &CriteriaSet, unit: &UnitBuf, round: Round, columns: &Arc<Columns>) -> Result<UnitTotal, String> {
    let mut ev = Evidence::default();
    for f in &unit.facts {
        let mut row = blank_row(columns);
        row.target = unit.get(f.criterion).to_string();
        row.code = row.target.parse().ok();
        set_opt(&mut row.item, unit.get(f.item));
        row.value = unit.get(f.value).to_string();
        row.agencies = unit
            .get(f.agency)
            .split(';')
            .map(crate::text::nfc)
            .filter(|s| !s.is_empty())
            .collect();
        set_opt(&mut row.document, unit.get(f.document));
        set_opt(&mut row.note, unit.get(f.note));
        set_opt(&mut row.explanation, unit.get(f.explanation));
        row.round = set.rounds.parse(unit.get(f.stage)).map_err(|_| unit.name.clone())?;
        row.year = match unit.get(f.year) {
            "" => None,
            y => Some(y.parse().map_err(|_| unit.name.clone())?),
        };
        if row.value.is_empty() && row.document.is_none() && row.note.is_none() && row.explanation.is_none() {
            continue;
        }
        ev.rows.push(row);
    }
    match score(
        set,
        &ev,
        &Options {
            round: Some(round),
            unit: None,
        },
    ) {
        Ok(r) => Ok(UnitTotal {
            unit: unit.name.clone(),
            awarded: r.totals.awarded,
            applicable_max: r.totals.applicable_max,
            index_percent: r.totals.index_percent,
        }),
        Err(_) => Err(unit.name.clone()),
    }
}

/// Column positions of one CSV file.
struct Layout {
    unit: usize,
    criterion: usize,
    value: usize,
    item: Option<usize>,
    agency: Option<usize>,
    document: Option<usize>,
    note: Option<usize>,
    explanation: Option<usize>,
    stage: Option<usize>,
    year: Option<usize>,
}

/// Scores every unit of the CSV files in one pass. `progress` is called every 64k rows.
/// `number_format` is the convention declared for the run (`--decimal-mark`, else the set's);
/// without one, a value that reads two ways sends the run to the complete path, which
/// settles each file's convention from the whole file.
pub fn rank_stream(
    set: &CriteriaSet,
    paths: &[impl AsRef<Path>],
    round: Round,
    number_format: Option<NumberFormat>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<RankRow>, Fallback> {
    let convention = number_format.map_or(Convention::Unsettled, Convention::Declared);
    let total_bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p.as_ref()).ok())
        .map(|m| m.len())
        .sum();
    // Units travel in chunks, so the threads meet once per CHUNK units, not once per unit.
    let (to_scorer, from_reader): (SyncSender<Vec<UnitBuf>>, Receiver<Vec<UnitBuf>>) = sync_channel(8);
    let (recycle_tx, recycle_rx) = sync_channel::<Vec<UnitBuf>>(16);
    let columns = Arc::new(Columns::default());
    let from_reader = std::sync::Mutex::new(from_reader);
    std::thread::scope(|scope| {
        // Two scoring threads share the chunks: with two cores, the reader and the scorers
        // then keep both busy whichever side is slower.
        let scorers: Vec<_> = (0..SCORERS)
            .map(|_| {
                let columns = columns.clone();
                let from_reader = &from_reader;
                let recycle_tx = recycle_tx.clone();
                scope.spawn(move || -> Result<Vec<UnitTotal>, Fallback> {
                    let plan = Plan::new(set);
                    let mut scratch = Scratch {
                        rows: Vec::new(),
                        spares: Vec::new(),
                        per_leaf: vec![Vec::new(); plan.leaves.len()],
                        adjustments: vec![Vec::new(); set.adjustments.len()],
                        agencies: HashMap::new(),
                        code: CriterionCode::default_root(),
                    };
                    let mut totals = Vec::new();
                    loop {
                        let next = from_reader
                            .lock()
                            .map_err(|_| Fallback::Io("a scoring thread stopped".into()))?
                            .recv();
                        let Ok(mut chunk) = next else { break };
                        for unit in &mut chunk {
                            let total = match quick_score(&plan, unit, round, &mut scratch, &columns) {
                                Some(t) => t,
                                None => full_score(set, unit, round, &columns).map_err(Fallback::UnitFailed)?,
                            };
                            totals.push(total);
                            unit.clear();
                        }
                        let _ = recycle_tx.try_send(chunk);
                    }
                    Ok(totals)
                })
            })
            .collect();
        drop(recycle_tx);
        let read = read_units(paths, total_bytes, convention, to_scorer, recycle_rx, progress);
        let mut totals = Vec::new();
        let mut failed = None;
        for s in scorers {
            match s.join().unwrap_or_else(|_| Err(Fallback::Io("a scoring thread stopped".into()))) {
                Ok(mut t) => totals.append(&mut t),
                Err(f) => failed = Some(f),
            }
        }
        read?;
        if let Some(f) = failed {
            return Err(f);
        }
        Ok(order(totals, set))
    })
}

/// Scoring threads.
const SCORERS: usize = 2;

/// Units sent to the scoring thread at a time.
const CHUNK: usize = 32;

fn read_units(
    paths: &[impl AsRef<Path>],
    total_bytes: u64,
    convention: Convention,
    to_scorer: SyncSender<Vec<UnitBuf>>,
    recycle: Receiver<Vec<UnitBuf>>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), Fallback> {
    let mut spare: Vec<UnitBuf> = Vec::new();
    let mut chunk: Vec<UnitBuf> = Vec::with_capacity(CHUNK);
    let mut finished: HashSet<String> = HashSet::new();
    let mut current = UnitBuf::default();
    let mut current_key = String::new();
    let mut rows = 0u64;
    let mut bytes_before = 0u64;
    for path in paths {
        let path = path.as_ref();
        if crate::evidence::workbook::is_workbook(path) {
            return Err(Fallback::NotCsv);
        }
        let mut file = File::open(path).map_err(|e| Fallback::Io(e.to_string()))?;
        // The header decides the separator and the columns.
        let mut head = vec![0u8; 64 * 1024];
        let n = file.read(&mut head).map_err(|e| Fallback::Io(e.to_string()))?;
        head.truncate(n);
        let skip_bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
        let text = std::str::from_utf8(if skip_bom { &head[3..] } else { &head[..] }).map_err(|_| Fallback::NotUtf8);
        let header_line = match text {
            Ok(t) => t.lines().next().unwrap_or("").to_string(),
            // The 64 KiB cut can split a character; only the header line matters here.
            Err(_) => {
                let body = if skip_bom { &head[3..] } else { &head[..] };
                let end = body.iter().position(|b| *b == b'\n').unwrap_or(body.len());
                std::str::from_utf8(&body[..end]).map_err(|_| Fallback::NotUtf8)?.to_string()
            }
        };
        let delimiter = crate::evidence::sniff_delimiter(&header_line);
        let file = File::open(path).map_err(|e| Fallback::Io(e.to_string()))?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(BufReader::with_capacity(1 << 20, file));
        // A StringRecord checks UTF-8 once per record rather than once per field.
        let mut record = csv::StringRecord::new();
        if !reader.read_record(&mut record).map_err(|_| Fallback::NotUtf8)? {
            return Err(Fallback::Io("empty file".into()));
        }
        let cells: Vec<String> = record.iter().map(|c| c.trim_start_matches('\u{feff}').to_string()).collect();
        let loc = |_: usize, _: &str| crate::diag::Location::file_only(path.display().to_string().into());
        let columns = crate::evidence::load_header_columns(&path.display().to_string(), &cells, loc).map_err(|_| Fallback::NoUnitColumn)?;
        let layout = Layout {
            unit: columns.index("unit").ok_or(Fallback::NoUnitColumn)?,
            criterion: columns.index("criterion").ok_or(Fallback::NoUnitColumn)?,
            value: columns.index("value").ok_or(Fallback::NoUnitColumn)?,
            item: columns.index("item"),
            agency: columns.index("agency"),
            document: columns.index("document"),
            note: columns.index("note"),
            explanation: columns.index("explanation"),
            stage: columns.index("stage"),
            year: columns.index("year"),
        };
        let width = cells.len();
        let mut numbers = FileNumbers::new(convention);
        while reader.read_record(&mut record).map_err(|_| Fallback::NotUtf8)? {
            rows += 1;
            if rows.is_multiple_of(65_536) {
                let pos = reader.position().byte();
                progress(Progress {
                    rows,
                    bytes: bytes_before + pos,
                    total_bytes,
                });
            }
            if record.len() != width && !record.iter().all(|c| c.trim().is_empty()) {
                return Err(Fallback::FieldCount(rows));
            }
            let field = |i: usize| -> Result<&str, Fallback> { Ok(record.get(i).unwrap_or("")) };
            let opt = |i: Option<usize>| -> Result<&str, Fallback> { Ok(i.and_then(|i| record.get(i)).unwrap_or("")) };
            let unit = trim(field(layout.unit)?);
            if unit.is_empty() && record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if unit.is_empty() {
                return Err(Fallback::NoUnitColumn);
            }
            if unit != current.name {
                let key = fold(unit);
                if key != current_key {
                    if !current.name.is_empty() {
                        finished.insert(std::mem::take(&mut current_key));
                        if spare.is_empty()
                            && let Ok(back) = recycle.try_recv()
                        {
                            spare = back;
                        }
                        let done = std::mem::replace(&mut current, spare.pop().unwrap_or_default());
                        numbers.finish_unit(done, &mut chunk, &to_scorer)?;
                    }
                    if finished.contains(&key) {
                        return Err(Fallback::UnitsNotGrouped(unit.to_string()));
                    }
                    current_key = key;
                    current.name.clear();
                    current.name.push_str(unit);
                }
            }
            let value = trim(field(layout.value)?);
            numbers.vote(value, rows);
            let fact = Fact {
                criterion: current.push(field(layout.criterion)?),
                item: current.push(opt(layout.item)?),
                value: current.push(value),
                agency: current.push(opt(layout.agency)?),
                document: current.push(opt(layout.document)?),
                note: current.push(opt(layout.note)?),
                explanation: current.push(opt(layout.explanation)?),
                stage: current.push(opt(layout.stage)?),
                year: current.push(opt(layout.year)?),
            };
            current.facts.push(fact);
        }
        bytes_before += reader.position().byte();
        // A unit ends with its file: each file settles its own number convention (a unit
        // that goes on in the next file is not grouped, and takes the complete path).
        if !current.name.is_empty() {
            finished.insert(std::mem::take(&mut current_key));
            let done = std::mem::take(&mut current);
            numbers.finish_unit(done, &mut chunk, &to_scorer)?;
        }
        numbers.end_file()?;
    }
    if !chunk.is_empty() && to_scorer.send(chunk).is_err() {
        return Err(Fallback::Io("the scoring thread stopped".into()));
    }
    progress(Progress {
        rows,
        bytes: bytes_before,
        total_bytes,
    });
    Ok(())
}

/// Sends a unit to the scorers, a chunk at a time.
fn push_unit(unit: UnitBuf, chunk: &mut Vec<UnitBuf>, to_scorer: &SyncSender<Vec<UnitBuf>>) -> Result<(), Fallback> {
    chunk.push(unit);
    if chunk.len() == CHUNK {
        let full = std::mem::replace(chunk, Vec::with_capacity(CHUNK));
        if to_scorer.send(full).is_err() {
            return Err(Fallback::Io("the scoring thread stopped".into()));
        }
    }
    Ok(())
}

/// The number convention of the file being streamed, as the complete reader settles it: the
/// declared one, else the one the file's values settle. A unit holding a value that reads two
/// ways waits until the file settles; if it never does, or if it settled and then wrote
/// numbers both ways, the run takes the complete path, which reports the values.
struct FileNumbers {
    declared: Convention,
    votes: Votes,
    waiting: Vec<UnitBuf>,
    relied_on: Option<NumberFormat>,
}

impl FileNumbers {
    fn new(declared: Convention) -> FileNumbers {
        FileNumbers {
            declared,
            votes: Votes::default(),
            waiting: Vec::new(),
            relied_on: None,
        }
    }

    fn convention(&self) -> Convention {
        match self.declared {
            Convention::Declared(_) => self.declared,
            _ => self.votes.settled().map_or(Convention::Unsettled, Convention::Settled),
        }
    }

    fn vote(&mut self, value: &str, row: u64) {
        if !matches!(self.declared, Convention::Declared(_)) {
            self.votes.add(value, || crate::msg!("dòng {row}", "row {row}"));
        }
    }

    fn finish_unit(&mut self, mut unit: UnitBuf, chunk: &mut Vec<UnitBuf>, to_scorer: &SyncSender<Vec<UnitBuf>>) -> Result<(), Fallback> {
        let convention = self.convention();
        match resolve_unit(&mut unit, convention)? {
            None => self.waiting.push(unit),
            Some(relied) => {
                if relied && let Convention::Settled(f) = convention {
                    self.relied_on = Some(f);
                }
                push_unit(unit, chunk, to_scorer)?;
            }
        }
        if !self.waiting.is_empty() && self.convention() != Convention::Unsettled {
            for unit in std::mem::take(&mut self.waiting) {
                self.finish_unit(unit, chunk, to_scorer)?;
            }
        }
        Ok(())
    }

    fn end_file(&mut self) -> Result<(), Fallback> {
        if !self.waiting.is_empty() {
            return Err(Fallback::NumberConvention(crate::msg!(
                "một giá trị đọc được theo hai cách và tệp không cho biết là cách nào",
                "a value reads two ways and the file does not settle which"
            )));
        }
        if self.relied_on.is_some() && self.relied_on != self.votes.settled() {
            return Err(Fallback::NumberConvention(crate::msg!(
                "tệp viết số theo cả hai cách",
                "the file writes numbers both ways"
            )));
        }
        *self = FileNumbers::new(self.declared);
        Ok(())
    }
}

/// Puts a unit's numbers in canonical text under `convention`. `Ok(None)`: a value reads two
/// ways and nothing settles it yet; `Ok(Some(relied))`: done, `relied` when the file's
/// settled convention decided a value.
fn resolve_unit(unit: &mut UnitBuf, convention: Convention) -> Result<Option<bool>, Fallback> {
    let mut relied = false;
    for i in 0..unit.facts.len() {
        let text = unit.get(unit.facts[i].value);
        let canonical = match resolve(text, convention) {
            Ok(Cow::Borrowed(_)) => continue,
            Ok(Cow::Owned(c)) => c,
            Err(Unresolved::Ambiguous { .. }) if convention == Convention::Unsettled => return Ok(None),
            Err(u) => return Err(Fallback::NumberConvention(u.message(crate::msg!("tệp", "the file")))),
        };
        if matches!(convention, Convention::Settled(_)) && resolve(text, Convention::Unsettled).is_err() {
            relied = true;
        }
        let start = unit.arena.len() as u32;
        unit.arena.push_str(&canonical);
        unit.facts[i].value = (start, unit.arena.len() as u32);
    }
    Ok(Some(relied))
}

fn order(totals: Vec<UnitTotal>, set: &CriteriaSet) -> Vec<RankRow> {
    let mut rows: Vec<RankRow> = totals
        .into_iter()
        .map(|t| RankRow {
            rank: 0,
            band: t.index_percent.and_then(|i| set.band_for(i).cloned()),
            unit: t.unit,
            awarded: t.awarded,
            applicable_max: t.applicable_max,
            index_percent: t.index_percent,
            previous: None,
        })
        .collect();
    crate::rank::assign_ranks(&mut rows);
    rows
}
