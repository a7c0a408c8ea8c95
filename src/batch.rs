//! Streaming batch scoring for `rank` at national scale (10,000 units × 100 criteria ×
//! years). What is specific to ranking many units lives here, and only that: splitting a
//! file between the cores at a unit boundary, gathering each unit's rows, and handing any
//! unit out of the ordinary to the complete scorer. Records come from the one tokenizer
//! (`evidence::records`), the header from the one header mapping, cells are normalised and
//! numbers read by the same functions as every other command, and each leaf and block is
//! scored by the same code as `score` (`score::unit`), without building reasons.
//!
//! Memory stays proportional to one unit's rows per thread plus one total per unit.
//! Anything this path cannot vouch for (an error, a conflicting or repeated fact, an input
//! whose units are not grouped, a value whose number convention only the whole file
//! settles, a workbook or another encoding) makes the caller run the complete `rank`, which
//! gives exactly the results and diagnostics of scoring each unit alone.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use rust_decimal::Decimal;

use crate::criteria::{CriteriaSet, Node};
use crate::evidence::records::{Fields, Records};
use crate::evidence::{Columns, Evidence, Row};
use crate::i18n::Msg;
use crate::number_format::{Convention, NumberFormat, Unresolved, Votes, resolve};
use crate::rank::RankRow;
use crate::round::Round;
use crate::score::{Options, score};
use crate::text::{fold, trim};

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
    /// The header is not one the complete reader accepts as it is.
    Header,
    /// A record the complete reader looks at closely: a quote never closed, a value over
    /// several lines, a record over the cell limit.
    Irregular(u64),
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

/// A unit's total, as the ranking needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitTotal {
    pub unit: String,
    /// The unit's name folded ([`crate::text::fold`]): units are told apart and ordered by it.
    pub key: String,
    pub awarded: Decimal,
    pub applicable_max: Decimal,
    pub index_percent: Option<Decimal>,
}

/// Where a `criterion` cell points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Leaf(usize),
    Adjustment(usize),
}

/// The criteria set prepared once for fast dispatch: leaves in order with their codes as
/// written canonically, and every code and block id by text.
struct Prepared<'a> {
    set: &'a CriteriaSet,
    leaves: Vec<&'a Node>,
    codes: Vec<String>,
    targets: HashMap<String, Target>,
    year: String,
}

impl<'a> Prepared<'a> {
    fn new(set: &'a CriteriaSet) -> Prepared<'a> {
        let leaves: Vec<&Node> = set.leaves().collect();
        let codes: Vec<String> = leaves.iter().map(|n| n.code.to_string()).collect();
        let mut targets = HashMap::new();
        for (i, c) in codes.iter().enumerate() {
            targets.insert(c.clone(), Target::Leaf(i));
        }
        for (i, a) in set.adjustments.iter().enumerate() {
            targets.entry(a.id.clone()).or_insert(Target::Adjustment(i));
        }
        Prepared {
            set,
            leaves,
            codes,
            targets,
            year: set.year.to_string(),
        }
    }

    /// The target of a `criterion` cell, and whether the cell is the leaf's code exactly as
    /// [`Prepared::codes`] holds it; `next` is the leaf after the previous row's, which
    /// the next row almost always is.
    fn target(&self, text: &str, next: usize) -> Option<(Target, bool)> {
        if self.codes.get(next).is_some_and(|c| crate::text::same(c, text)) {
            return Some((Target::Leaf(next), true));
        }
        // Or the same leaf again (one row per item).
        if let Some(same) = next.checked_sub(1)
            && self.codes.get(same).is_some_and(|c| crate::text::same(c, text))
        {
            return Some((Target::Leaf(same), true));
        }
        if let Some(t) = self.targets.get(text) {
            return Some((*t, false));
        }
        // Written otherwise (`01.2`): the code as the complete reader parses it.
        let code: crate::code::CriterionCode = text.parse().ok()?;
        self.targets
            .get(&code.to_string())
            .copied()
            .filter(|t| matches!(t, Target::Leaf(_)))
            .map(|t| (t, false))
    }
}

/// Column positions of one CSV file.
#[derive(Debug, Clone, Copy)]
struct Layout {
    width: usize,
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

/// A row filled from a record: the same normalisation as the complete reader's rows (trim
/// and NFC), into strings reused from unit to unit.
fn set_cell(slot: &mut String, text: &str) {
    let text = trim(text);
    // The previous unit's row often holds the same text: a slot only ever holds composed
    // text, so equal text is composed already.
    if !crate::text::same(slot, text) {
        slot.clear();
        crate::text::nfc_into(text, slot);
    }
}

fn set_opt_cell(slot: &mut Option<String>, spare: &mut String, text: &str) {
    let t = trim(text);
    if t.is_empty() {
        if let Some(s) = slot.take() {
            *spare = s;
        }
        return;
    }
    let s = slot.get_or_insert_with(|| std::mem::take(spare));
    set_cell(s, t);
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

/// One unit's rows, reused from unit to unit.
struct Unit {
    name: String,
    key: String,
    rows: Vec<Row>,
    /// Spare strings for optional cells that went empty.
    spares: Vec<[String; 4]>,
    targets: Vec<Target>,
    /// Rows whose criterion cell is their leaf's code exactly: their `target` is not filled
    /// (the quick scorer never reads it) and [`full_score`] takes the code.
    coded: Vec<bool>,
    len: usize,
    /// The unit cannot be scored here (unknown criterion, year, round or agency): the
    /// complete scorer decides.
    odd: bool,
}

impl Unit {
    /// One more row to fill, kept from unit to unit.
    #[inline(never)]
    fn grow(&mut self, columns: &Arc<Columns>) {
        self.rows.push(blank_row(columns));
        self.spares.push(Default::default());
        self.targets.push(Target::Leaf(0));
        self.coded.push(false);
    }

    fn new() -> Unit {
        Unit {
            name: String::new(),
            key: String::new(),
            rows: Vec::new(),
            spares: Vec::new(),
            targets: Vec::new(),
            coded: Vec::new(),
            len: 0,
            odd: false,
        }
    }
}

/// A unit whose numbers wait for the file's convention.
struct Waiting {
    name: String,
    key: String,
    rows: Vec<Row>,
    targets: Vec<Target>,
    coded: Vec<bool>,
    odd: bool,
}

/// A unit's rows by leaf and by block, reused from unit to unit, and the leaf results kept
/// across units.
#[derive(Default)]
struct Index {
    per_leaf: Vec<Vec<u32>>,
    adjustments: Vec<Vec<u32>>,
    results: Results,
}

/// Leaf results (awarded, applicable maximum) kept by leaf and by what its rule reads of
/// the rows it is scored on ([`crate::rules::push_scoring_key`]): across thousands of units
/// most leaves come with the same few values, and scoring a leaf is the costly part of a
/// unit. Only results are kept; a leaf that fails is scored again (and the unit handed to
/// the complete scorer).
#[derive(Default)]
struct Results {
    key: Vec<u8>,
    kept: Slots<(Decimal, Decimal), LEAF_SLOTS, LEAF_TEXT>,
    /// Per leaf: how many times its results were looked up, and found.
    tried: Vec<(u32, u32)>,
}

impl Results {
    /// Leaf `l` (`node`) scored on `chosen`, as [`crate::score::unit_leaf`] scores it.
    fn leaf(&mut self, set: &CriteriaSet, l: usize, node: &Node, chosen: &[&Row]) -> Option<(Decimal, Decimal)> {
        if self.tried.len() <= l {
            self.tried.resize(l + 1, (0, 0));
        }
        let (looked, found) = self.tried[l];
        let keep = worth_keeping(looked, found);
        self.key.clear();
        let keyed = keep
            && u16::try_from(l)
                .ok()
                .map(|l| self.key.extend_from_slice(&l.to_le_bytes()))
                .and_then(|()| chosen.iter().try_for_each(|r| crate::rules::push_scoring_key(r, &mut self.key)))
                .is_some();
        if keyed {
            self.tried[l].0 = looked.saturating_add(1);
            if let Some(&kept) = self.kept.get(&self.key) {
                self.tried[l].1 = found.saturating_add(1);
                return Some(kept);
            }
        }
        let leaf = crate::score::unit_leaf(set, node, chosen, false).ok()?;
        let result = (leaf.awarded, leaf.applicable_max);
        if keyed {
            self.kept.put(&self.key, &result);
        }
        Some(result)
    }
}

/// Whether a leaf's results are still looked up and kept, after `looked` lookups that
/// found `found`: for its first [`PROBE`] lookups, then while at least one in eight finds
/// its result. A leaf whose results seldom come again (a ratio each unit writes its own
/// way) costs a key and a lookup for nothing, and its results would push out those that do
/// come again.
fn worth_keeping(looked: u32, found: u32) -> bool {
    looked < PROBE || u64::from(found) * 8 >= u64::from(looked)
}

/// Lookups of a leaf's results before its share of results found decides whether they are
/// kept.
const PROBE: u32 = 256;

/// Rows of one unit at most, per leaf or block of the set (one row per fact, or a few with
/// items and explanations).
const MAX_UNIT_ROWS_PER_FACT: usize = 64;

/// Units held back at most while the file's number convention is open; more sends the run
/// to the complete path, which holds the whole file anyway.
const MAX_WAITING: usize = 256;

/// Most bytes of one record on this path (the complete reader reports larger cells).
const MAX_RECORD: usize = crate::evidence::MAX_FIELD_BYTES;

/// Files smaller than this are read by one thread; larger ones in pieces of a quarter of it.
const SPLIT_AT: u64 = 4 * 1024 * 1024;

/// Most pieces of one file.
const MAX_PIECES: u64 = 4096;

/// One thread's reading and scoring of a byte range of a file.
struct Worker<'a> {
    prep: &'a Prepared<'a>,
    round: Round,
    layout: Layout,
    columns: Arc<Columns>,
    declared: Convention,
    votes: Votes,
    relied_on: Option<NumberFormat>,
    waiting: Vec<Waiting>,
    agencies: HashMap<String, bool>,
    unit: Unit,
    index: Index,
    memo: Memo,
    /// The number conventions each value votes for, by its text.
    voted: Slots<[bool; 2]>,
    last_year: (String, Option<i32>),
    last_stage: (String, Round),
    totals: Vec<UnitTotal>,
    rows: u64,
}

impl<'a> Worker<'a> {
    fn new(prep: &'a Prepared<'a>, round: Round, layout: Layout, columns: Arc<Columns>, declared: Convention) -> Worker<'a> {
        Worker {
            prep,
            round,
            layout,
            columns,
            declared,
            votes: Votes::default(),
            relied_on: None,
            waiting: Vec::new(),
            agencies: HashMap::new(),
            unit: Unit::new(),
            index: Index::default(),
            memo: Memo::default(),
            voted: Slots::default(),
            last_year: (String::new(), None),
            last_stage: (String::new(), prep.set.rounds.first()),
            totals: Vec::new(),
            rows: 0,
        }
    }

    fn convention(&self) -> Convention {
        match self.declared {
            Convention::Declared(_) => self.declared,
            _ => self.votes.settled().map_or(Convention::Unsettled, Convention::Settled),
        }
    }

    /// Takes one record. `Ok(false)`: blank, nothing taken.
    fn take(&mut self, fields: &Fields) -> Result<bool, Fallback> {
        let l = self.layout;
        if fields.len() != l.width {
            if fields.is_blank() {
                return Ok(false);
            }
            return Err(Fallback::FieldCount(self.rows));
        }
        let cell = |i: usize| fields.get(i).unwrap_or("");
        let opt = |i: Option<usize>| i.and_then(|i| fields.get(i)).unwrap_or("");
        let unit = trim(cell(l.unit));
        if unit.is_empty() {
            if fields.is_blank() {
                return Ok(false);
            }
            return Err(Fallback::NoUnitColumn);
        }
        self.rows += 1;
        if !crate::text::same(unit, &self.unit.name) {
            self.next_unit(unit)?;
        }
        let value = trim(cell(l.value));
        if !matches!(self.declared, Convention::Declared(_)) {
            let rows = self.rows;
            // Without a comma a value votes for nothing unless a dot groups digits, and
            // `votes` answers canonical text at once; values with a comma are read once.
            let v = if value.contains(',') {
                self.voted.get_or(value, crate::number_format::votes)
            } else if value.contains('.') {
                crate::number_format::votes(value)
            } else {
                [false; 2]
            };
            if v.contains(&true) {
                self.add_votes(value, v, rows);
            }
        }
        let explanation = trim(opt(l.explanation));
        let (document, note) = (trim(opt(l.document)), trim(opt(l.note)));
        // An unfilled template row is no fact (the complete reader sets it aside). An
        // explanation (giải trình) without a value is kept, checked like any row, and never
        // chosen for scoring.
        if value.is_empty() && explanation.is_empty() && document.is_empty() && note.is_empty() {
            return Ok(true);
        }
        let year = trim(opt(l.year));
        if !crate::text::same(year, &self.last_year.0) {
            self.read_year(year)?;
        }
        let row_year = self.last_year.1;
        // A row of another year: the complete scorer reports it.
        self.unit.odd |= row_year.is_some_and(|y| y != self.prep.set.year);
        let u = &mut self.unit;
        let i = u.len;
        if u.rows.len() == i {
            // Far more rows than a unit's facts (the same criteria again and again): the
            // complete path reports them, without this path holding them all first.
            if i >= MAX_UNIT_ROWS_PER_FACT * (self.prep.leaves.len() + self.prep.set.adjustments.len() + 1) {
                return Err(Fallback::UnitFailed(u.name.clone()));
            }
            u.grow(&self.columns);
        }
        u.len += 1;
        let row = &mut u.rows[i];
        if !Arc::ptr_eq(&row.columns, &self.columns) {
            row.columns = self.columns.clone();
        }
        let criterion = trim(cell(l.criterion));
        let next = match i.checked_sub(1).map(|p| u.targets[p]) {
            Some(Target::Leaf(p)) => p + 1,
            _ => 0,
        };
        u.coded[i] = match self.prep.target(criterion, next) {
            Some((t, coded)) => {
                u.targets[i] = t;
                coded
            }
            None => {
                u.odd = true;
                false
            }
        };
        if !u.coded[i] {
            set_cell(&mut row.target, criterion);
        }
        set_cell(&mut row.value, value);
        let [s0, s1, s2, s3] = &mut u.spares[i];
        set_opt_cell(&mut row.item, s0, opt(l.item));
        set_opt_cell(&mut row.document, s1, document);
        set_opt_cell(&mut row.note, s2, note);
        set_opt_cell(&mut row.explanation, s3, explanation);
        row.year = row_year;
        let stage = trim(opt(l.stage));
        if !crate::text::same(stage, &self.last_stage.0) {
            self.read_stage(stage)?;
        }
        let row = &mut self.unit.rows[i];
        row.round = self.last_stage.1;
        row.agencies.clear();
        // Most rows name no agency.
        let agency = opt(l.agency);
        if !agency.is_empty() {
            self.take_agencies(i, agency);
        }
        Ok(true)
    }

    /// A record of another unit, or of the same one written otherwise. Out of line, as
    /// what follows: once per unit (or per run of equal cells), not per row.
    #[inline(never)]
    fn next_unit(&mut self, unit: &str) -> Result<(), Fallback> {
        let key = fold(unit);
        if key != self.unit.key {
            self.finish_unit()?;
            self.unit.key = key;
            set_cell(&mut self.unit.name, unit);
        } else if crate::text::nfc(unit) != self.unit.name {
            // One unit written two ways (`Xã A`, `XÃ A`): the complete path reports it.
            return Err(Fallback::UnitFailed(self.unit.name.clone()));
        }
        Ok(())
    }

    #[inline(never)]
    fn add_votes(&mut self, value: &str, v: [bool; 2], rows: u64) {
        self.votes.add_votes(value, v, || crate::msg!("dòng {rows}", "row {rows}"));
    }

    /// The year of the rows from here on (until the year cell changes).
    #[inline(never)]
    fn read_year(&mut self, year: &str) -> Result<(), Fallback> {
        self.last_year.1 = match year {
            "" => None,
            y if y == self.prep.year => Some(self.prep.set.year),
            // The complete reader reports a year that is no number.
            y => Some(y.parse::<i32>().map_err(|_| Fallback::UnitFailed(self.unit.name.clone()))?),
        };
        self.last_year.0.clear();
        self.last_year.0.push_str(year);
        Ok(())
    }

    /// The round of the rows from here on (until the stage cell changes).
    #[inline(never)]
    fn read_stage(&mut self, stage: &str) -> Result<(), Fallback> {
        match self.prep.set.rounds.parse(stage) {
            Ok(r) => {
                self.last_stage.0.clear();
                self.last_stage.0.push_str(stage);
                self.last_stage.1 = r;
                Ok(())
            }
            // The complete reader reports a round the set does not declare.
            Err(_) => Err(Fallback::UnitFailed(self.unit.name.clone())),
        }
    }

    /// The agencies of the unit's row `i` (`;`-separated names); an agency the set does not
    /// name leaves the unit to the complete scorer. Out of line: few rows name one.
    #[inline(never)]
    fn take_agencies(&mut self, i: usize, agency: &str) {
        let u = &mut self.unit;
        for a in agency.split(';') {
            let a = trim(a);
            if a.is_empty() {
                continue;
            }
            let known = match self.agencies.get(a) {
                Some(k) => *k,
                None => {
                    let k = self.prep.set.resolve_agency(a).is_some();
                    if self.agencies.len() < 4096 {
                        self.agencies.insert(a.to_string(), k);
                    }
                    k
                }
            };
            u.odd |= !known;
            u.rows[i].agencies.push(crate::text::nfc(a));
        }
    }

    /// Scores the unit gathered so far (or holds it back until the file's number
    /// convention settles) and starts the next. Out of line: once per unit, not per row.
    #[inline(never)]
    fn finish_unit(&mut self) -> Result<(), Fallback> {
        if self.unit.name.is_empty() {
            return Ok(());
        }
        let key = std::mem::take(&mut self.unit.key);
        let convention = self.convention();
        let n = self.unit.len;
        match resolve_values(&mut self.unit.rows[..n], convention, self.relied_on, &mut self.memo)? {
            Some(relied) => {
                if relied && let Convention::Settled(f) = convention {
                    self.relied_on = Some(f);
                }
                let unit = Gathered {
                    rows: &self.unit.rows[..n],
                    targets: &self.unit.targets[..n],
                    coded: &self.unit.coded[..n],
                    odd: self.unit.odd,
                };
                let total = score_unit(self.prep, &self.unit.name, unit, self.round, &mut self.index)?;
                self.totals.push(UnitTotal { key, ..total });
            }
            None => {
                if self.waiting.len() == MAX_WAITING {
                    return Err(Fallback::NumberConvention(crate::msg!(
                        "quá nhiều giá trị đọc được theo hai cách trước khi tệp cho biết là cách nào",
                        "too many values read two ways before the file settles which"
                    )));
                }
                self.waiting.push(Waiting {
                    name: self.unit.name.clone(),
                    key,
                    rows: self.unit.rows[..n].to_vec(),
                    targets: self.unit.targets[..n].to_vec(),
                    coded: self.unit.coded[..n].to_vec(),
                    odd: self.unit.odd,
                });
            }
        }
        self.unit.name.clear();
        self.unit.len = 0;
        self.unit.odd = false;
        if !self.waiting.is_empty() && self.convention() != Convention::Unsettled {
            self.release_waiting(self.convention())?;
        }
        Ok(())
    }

    /// Ends a piece: scores its last unit and gives what the piece gave, ready for the next.
    fn end_piece(&mut self) -> Result<PieceOut, Fallback> {
        self.finish_unit()?;
        Ok(PieceOut {
            totals: std::mem::take(&mut self.totals),
            waiting: std::mem::take(&mut self.waiting),
            votes: std::mem::take(&mut self.votes),
            relied_on: self.relied_on.take(),
            rows: std::mem::take(&mut self.rows),
        })
    }

    /// Scores the units held back, now that `convention` is known.
    #[inline(never)]
    fn release_waiting(&mut self, convention: Convention) -> Result<(), Fallback> {
        for mut w in std::mem::take(&mut self.waiting) {
            match resolve_values(&mut w.rows, convention, self.relied_on, &mut self.memo)? {
                Some(relied) => {
                    if relied && let Convention::Settled(f) = convention {
                        self.relied_on = Some(f);
                    }
                }
                None => {
                    return Err(Fallback::NumberConvention(crate::msg!(
                        "một giá trị đọc được theo hai cách và tệp không cho biết là cách nào",
                        "a value reads two ways and the file does not settle which"
                    )));
                }
            }
            let total = score_unit(
                self.prep,
                &w.name,
                Gathered {
                    rows: &w.rows,
                    targets: &w.targets,
                    coded: &w.coded,
                    odd: w.odd,
                },
                self.round,
                &mut self.index,
            )?;
            self.totals.push(UnitTotal { key: w.key, ..total });
        }
        Ok(())
    }
}

/// Puts a unit's numbers in canonical text under `convention`, as the complete reader does.
/// `Ok(None)`: a value reads two ways and nothing settles it yet; `Ok(Some(relied))`: done,
/// `relied` when the file's settled convention decided a value.
fn resolve_values(
    rows: &mut [Row],
    convention: Convention,
    relied_on: Option<NumberFormat>,
    memo: &mut Memo,
) -> Result<Option<bool>, Fallback> {
    if memo.convention != Some(convention) {
        memo.values.clear();
        memo.convention = Some(convention);
    }
    // Once the file's convention has decided a value, whether it decides more changes nothing.
    let mut relied = matches!(convention, Convention::Settled(f) if relied_on == Some(f));
    // The canonical texts, side by side in one string reused from unit to unit, and the rows
    // they go to: written only once every value is read (a unit that waits stays as written).
    let Memo {
        values, texts, pending, ..
    } = memo;
    texts.clear();
    pending.clear();
    let mut keep = |i: usize, c: &str| {
        let at = texts.len();
        texts.push_str(c);
        pending.push((i, at..texts.len()));
    };
    for (i, row) in rows.iter().enumerate() {
        // Plain digits read the same under every convention, words are left as written, and
        // so is canonical text (a unit's own ratio such as `597/695`, which would only push
        // values met again out of the table).
        if row.value.bytes().all(|b| b.is_ascii_digit())
            || crate::number_format::left_as_written(&row.value)
            || crate::number_format::canonical_under(&row.value, convention)
        {
            continue;
        }
        let decided = match values.get(&row.value) {
            Some((text, decided)) => {
                if let Some(c) = text {
                    keep(i, c);
                }
                *decided
            }
            None => {
                let read = match resolve(&row.value, convention) {
                    Ok(Cow::Borrowed(_)) => (None, false),
                    Ok(Cow::Owned(c)) => {
                        let decided = matches!(convention, Convention::Settled(_)) && resolve(&row.value, Convention::Unsettled).is_err();
                        (Some(c), decided)
                    }
                    // Nothing rewritten yet: the unit waits whole.
                    Err(Unresolved::Ambiguous { .. }) if convention == Convention::Unsettled => return Ok(None),
                    Err(u) => return Err(Fallback::NumberConvention(u.message(crate::msg!("tệp", "the file")))),
                };
                values.put(&row.value, &read);
                if let Some(c) = &read.0 {
                    keep(i, c);
                }
                read.1
            }
        };
        relied |= decided;
    }
    for (i, at) in pending.drain(..) {
        rows[i].value.clear();
        rows[i].value.push_str(&texts[at]);
    }
    Ok(Some(relied))
}

/// Values already read under one convention, by their text: the canonical text (`None`:
/// as written) and whether only the file's settled convention decides it. Office values
/// repeat (`89,7%`, `0,5`), and reading a number is the costly part of a row.
#[derive(Default)]
struct Memo {
    convention: Option<Convention>,
    values: Slots<(Option<String>, bool)>,
    /// The canonical texts of the unit being resolved, and which row each goes to.
    texts: String,
    pending: Vec<(usize, std::ops::Range<usize>)>,
}

/// What values of text came to, kept in a fixed table of slots, one text per slot: a lookup
/// costs one hash and one comparison whatever the file holds, and a value not kept is
/// worked out again. A text found again is given a second chance: the next text that falls
/// in its slot is not kept, and only the one after that replaces it, so values met once
/// (a unit's own ratio) do not push out the values met in every unit (`có`, `100%`). `N`
/// slots (a power of two) of texts up to `K` bytes, kept in the slot itself: one memory
/// access finds both the text and its value.
struct Slots<V, const N: usize = SLOTS, const K: usize = SLOT_TEXT> {
    slots: Vec<Slot<V, K>>,
}

struct Slot<V, const K: usize> {
    len: u8,
    /// Found again since it was put or last spared.
    used: bool,
    text: [u8; K],
    value: Option<V>,
}

impl<V, const N: usize, const K: usize> Default for Slots<V, N, K> {
    fn default() -> Self {
        Slots { slots: Vec::new() }
    }
}

/// Slots of a table of values.
const SLOTS: usize = 4096;

/// Longest text a table of values keeps (longer values are rare and worked out each time).
const SLOT_TEXT: usize = 24;

/// Slots of the table of leaf results: a hundred leaves, each with the few dozen values
/// offices write most (`có`, `100%`, a date), and room for the values seen once.
const LEAF_SLOTS: usize = 8192;

/// Longest key of a leaf result kept: a leaf of three rows of short values fits.
const LEAF_TEXT: usize = 32;

impl<V: Clone, const N: usize, const K: usize> Slots<V, N, K> {
    fn slot(text: &(impl AsRef<[u8]> + ?Sized)) -> usize {
        let text = text.as_ref();
        // Eight bytes at a time (a lookup must cost less than the work it saves), the length
        // mixed in, and the slot taken from the well-mixed top bits of a last multiplication.
        const { assert!(N.is_power_of_two() && N > 1) };
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut words = text.chunks_exact(8);
        let mut h = text.len() as u64;
        for w in &mut words {
            h = (h.rotate_left(23) ^ u64::from_le_bytes(w.try_into().unwrap_or_default())).wrapping_mul(K);
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        h = (h.rotate_left(23) ^ u64::from_le_bytes(last)).wrapping_mul(K);
        (h >> (64 - N.trailing_zeros())) as usize
    }

    fn clear(&mut self) {
        self.slots.clear();
    }

    fn get(&mut self, text: &(impl AsRef<[u8]> + ?Sized)) -> Option<&V> {
        let text = text.as_ref();
        let slot = self.slots.get_mut(Self::slot(text))?;
        let kept = slot.text.get(..usize::from(slot.len))?;
        if slot.value.is_none() || !crate::text::same_bytes(kept, text) {
            return None;
        }
        slot.used = true;
        slot.value.as_ref()
    }

    fn put(&mut self, text: &(impl AsRef<[u8]> + ?Sized), value: &V) {
        let text = text.as_ref();
        let Ok(len) = u8::try_from(text.len()) else {
            return;
        };
        if text.len() > K {
            return;
        }
        if self.slots.is_empty() {
            self.slots.resize_with(N, || Slot {
                len: 0,
                used: false,
                text: [0; K],
                value: None,
            });
        }
        let slot = &mut self.slots[Self::slot(text)];
        if slot.used {
            // Its text was found again: spare it this time.
            slot.used = false;
            return;
        }
        slot.len = len;
        slot.text[..text.len()].copy_from_slice(text);
        match &mut slot.value {
            Some(old) => old.clone_from(value),
            empty => *empty = Some(value.clone()),
        }
    }

    /// The value for `text`, worked out by `work` when not kept.
    fn get_or(&mut self, text: &str, work: impl FnOnce(&str) -> V) -> V {
        if let Some(v) = self.get(text) {
            return v.clone();
        }
        let v = work(text);
        self.put(text, &v);
        v
    }
}

/// Scores one unit's rows: each leaf and block by the shared scoring code, without reasons.
/// A unit with anything out of the ordinary goes to the complete scorer.
fn score_unit(prep: &Prepared, name: &str, unit: Gathered, round: Round, index: &mut Index) -> Result<UnitTotal, Fallback> {
    if !unit.odd
        && let Some(t) = quick(prep, name, unit.rows, unit.targets, round, index)
    {
        return Ok(t);
    }
    full_score(prep, name, unit, round).map_err(Fallback::UnitFailed)
}

/// A unit's rows as the reader gathered them: each row's target, whether its criterion
/// cell is the leaf's code exactly (its `target` then left unfilled), and whether the unit
/// needs the complete scorer.
#[derive(Clone, Copy)]
struct Gathered<'u> {
    rows: &'u [Row],
    targets: &'u [Target],
    coded: &'u [bool],
    odd: bool,
}

/// `None` when the unit needs the complete scorer.
fn quick(prep: &Prepared, name: &str, rows: &[Row], targets: &[Target], round: Round, index: &mut Index) -> Option<UnitTotal> {
    index.per_leaf.resize_with(prep.leaves.len(), Vec::new);
    index.adjustments.resize_with(prep.set.adjustments.len(), Vec::new);
    for v in index.per_leaf.iter_mut().chain(index.adjustments.iter_mut()) {
        v.clear();
    }
    for (i, t) in targets.iter().enumerate() {
        match *t {
            Target::Leaf(l) => index.per_leaf[l].push(i as u32),
            Target::Adjustment(a) => index.adjustments[a].push(i as u32),
        }
    }
    quick_totals(prep, name, rows, round, index)
}

fn quick_totals(prep: &Prepared, name: &str, rows: &[Row], round: Round, index: &mut Index) -> Option<UnitTotal> {
    let set = prep.set;
    let mut chosen: Vec<&Row> = Vec::with_capacity(4);
    let mut awarded = Decimal::ZERO;
    let mut applicable = Decimal::ZERO;
    for (l, node) in prep.leaves.iter().enumerate() {
        choose(rows, &index.per_leaf[l], round, &mut chosen);
        // Two rows for the same fact: the complete scorer decides (repeat or conflict).
        for (a, x) in chosen.iter().enumerate() {
            if chosen[..a].iter().any(|y| fold_eq(&x.item, &y.item)) {
                return None;
            }
        }
        let (leaf_awarded, leaf_max) = index.results.leaf(set, l, node, &chosen)?;
        awarded += leaf_awarded;
        applicable += leaf_max;
    }
    for (a, adj) in set.adjustments.iter().enumerate() {
        choose(rows, &index.adjustments[a], round, &mut chosen);
        let (points, _) = crate::score::unit_adjustment(adj, &chosen).ok()?;
        awarded = awarded.checked_add(points)?;
    }
    Some(UnitTotal {
        unit: name.to_string(),
        key: String::new(),
        awarded,
        applicable_max: applicable,
        index_percent: crate::score::unit_index(set, awarded, applicable),
    })
}

/// The value rows of `idx` that a leaf is scored on at `round` ([`crate::score::select`]).
fn choose<'r>(rows: &'r [Row], idx: &[u32], round: Round, chosen: &mut Vec<&'r Row>) {
    crate::score::select_into(idx.iter().map(|&i| &rows[i as usize]), round, chosen);
}

fn fold_eq(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (None, None) => true,
        // Item names are short ASCII words (`a`, `late`): no folding needed to compare them.
        (Some(x), Some(y)) if x.is_ascii() && y.is_ascii() && !x.contains(char::is_whitespace) && !y.contains(char::is_whitespace) => {
            x.eq_ignore_ascii_case(y)
        }
        (Some(x), Some(y)) => x == y || fold(x) == fold(y),
        _ => false,
    }
}

/// The complete scorer for one unit, for the units the quick path hands over.
fn full_score(prep: &Prepared, name: &str, unit: Gathered, round: Round) -> Result<UnitTotal, String> {
    let set = prep.set;
    let mut all = Vec::with_capacity(unit.rows.len());
    for (i, r) in unit.rows.iter().enumerate() {
        let mut row = r.clone();
        // A cell that was its leaf's code exactly: that code, as the cell would have filled it.
        if unit.coded.get(i) == Some(&true)
            && let Some(Target::Leaf(l)) = unit.targets.get(i)
            && let Some(code) = prep.codes.get(*l)
        {
            row.target.clone_from(code);
        }
        row.code = row.target.parse().ok();
        // Distinct positions, in file order, for the settling of repeats and conflicts.
        row.line = i + 1;
        all.push(row);
    }
    // Repeated rows kept once and conflicting ones refused, as the complete reader does.
    let ev = Evidence {
        rows: crate::evidence::settle_rows(all, &set.rounds).map_err(|_| name.to_string())?,
        ..Evidence::default()
    };
    match score(
        set,
        &ev,
        &Options {
            round: Some(round),
            unit: None,
        },
    ) {
        Ok(r) => Ok(UnitTotal {
            unit: name.to_string(),
            key: String::new(),
            awarded: r.totals.awarded,
            applicable_max: r.totals.applicable_max,
            index_percent: r.totals.index_percent,
        }),
        Err(_) => Err(name.to_string()),
    }
}

/// Scores every unit of the CSV files in one pass, each large file read by two threads in
/// pieces that start and end at unit boundaries. `progress` is called every 64k rows and at the end. `number_format` is the
/// convention declared for the run (`--decimal-mark`, else the set's); without one, a value
/// that reads two ways waits for the file to settle it (the whole file, every piece).
pub fn rank_stream(
    set: &CriteriaSet,
    paths: &[impl AsRef<Path>],
    round: Round,
    number_format: Option<NumberFormat>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<RankRow>, Fallback> {
    rank_stream_split(set, paths, round, number_format, progress, SPLIT_AT)
}

/// [`rank_stream`], reading files of `split_at` bytes or more on two threads, in pieces of
/// a quarter of `split_at` (tests split small files with it).
#[doc(hidden)]
pub fn rank_stream_split(
    set: &CriteriaSet,
    paths: &[impl AsRef<Path>],
    round: Round,
    number_format: Option<NumberFormat>,
    progress: &mut dyn FnMut(Progress),
    split_at: u64,
) -> Result<Vec<RankRow>, Fallback> {
    let declared = number_format.map_or(Convention::Unsettled, Convention::Declared);
    let total_bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p.as_ref()).ok())
        .map(|m| m.len())
        .sum();
    let prep = Prepared::new(set);
    // Each piece's totals as it gave them: moved, never copied into one list before ranking.
    let mut totals: Vec<Vec<UnitTotal>> = Vec::new();
    let (mut rows, mut bytes_before) = (0u64, 0u64);
    for path in paths {
        let path = path.as_ref();
        let file = read_file(&prep, path, round, declared, split_at, &mut |r, b| {
            progress(Progress {
                rows: rows + r,
                bytes: bytes_before + b,
                total_bytes,
            });
        })?;
        rows += file.rows;
        bytes_before += file.bytes;
        totals.extend(file.totals);
    }
    progress(Progress {
        rows,
        bytes: bytes_before,
        total_bytes,
    });
    // A unit met twice (in two places of a file, or in two files): its rows were not
    // grouped, and the complete path gathers them.
    order(totals, set).ok_or_else(|| Fallback::UnitsNotGrouped(String::new()))
}

/// What one file gave.
struct FileTotals {
    /// By piece, in file order (units waiting for the convention last).
    totals: Vec<Vec<UnitTotal>>,
    rows: u64,
    bytes: u64,
}

/// The header: its columns (mapped by the one header mapping, strictly, as the complete
/// reader does), its separator and where the rows start.
fn header(path: &Path, file: &mut File) -> Result<(Arc<Columns>, u8, u64, usize), Fallback> {
    let mut head = vec![0u8; 64 * 1024];
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(Fallback::Io(e.to_string())),
        }
    }
    head.truncate(n);
    let bom = if head.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
    let body = &head[bom..];
    let line_end = body.iter().position(|b| matches!(b, b'\n' | b'\r')).ok_or(Fallback::Header)?;
    let first = std::str::from_utf8(&body[..line_end]).map_err(|_| Fallback::NotUtf8)?;
    // UTF-16 and legacy encodings, and a header after blank lines, take the complete path.
    if first.trim().is_empty() || head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || head.contains(&0) {
        return Err(Fallback::NotUtf8);
    }
    let delimiter = crate::evidence::sniff_delimiter(first);
    let mut records = Records::new(body, delimiter, bom as u64);
    let rec = match records.next_record() {
        Ok(Some(r)) if r.quotes == 0 => r,
        Ok(_) => return Err(Fallback::Header),
        Err(_) => return Err(Fallback::NotUtf8),
    };
    let cells: Vec<String> = rec.fields.iter().map(str::to_string).collect();
    let name = path.display().to_string();
    let columns = crate::evidence::evidence_header_columns(&name, &cells).map_err(|_| Fallback::Header)?;
    Ok((Arc::new(Columns { delimiter, ..columns }), delimiter, rec.end, cells.len()))
}

fn layout(columns: &Columns, width: usize) -> Result<Layout, Fallback> {
    Ok(Layout {
        width,
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
    })
}

/// The pieces of one file's rows, taken in order by whichever thread is free. Piece 0
/// starts with the rows; piece `k` starts at the first unit that begins after its guessed
/// offset (the unit the guess lands in belongs to the piece before) and ends where the next
/// piece that has a start begins. A start is found by whichever thread needs it first and
/// is the same whoever finds it.
struct Pieces<'p> {
    path: &'p Path,
    delimiter: u8,
    layout: Layout,
    data: u64,
    len: u64,
    /// Guessed offsets of pieces 1.. (piece 0 starts at `data`).
    guesses: Vec<u64>,
    starts: Vec<OnceLock<Result<Option<u64>, Fallback>>>,
    next: AtomicUsize,
    /// A piece failed: pieces not yet taken are left (the file takes the complete path).
    failed: AtomicBool,
    rows: AtomicU64,
    bytes: AtomicU64,
}

impl<'p> Pieces<'p> {
    /// `count` pieces of about the same size, the last two cut further (see [`tail_guesses`]).
    fn new(path: &'p Path, delimiter: u8, layout: Layout, data: u64, len: u64, count: u64) -> Pieces<'p> {
        let body = len - data;
        let at = |k: u64| data + (u128::from(body) * u128::from(k) / u128::from(count)) as u64;
        let mut guesses: Vec<u64> = (1..count).map(at).collect();
        // The last two pieces, cut further when they are large enough.
        let tail = if count > 1 { tail_guesses(at(count - 2), len) } else { Vec::new() };
        if !tail.is_empty() {
            guesses.pop();
            guesses.extend(tail);
        }
        Pieces {
            path,
            delimiter,
            layout,
            data,
            len,
            starts: guesses.iter().map(|_| OnceLock::new()).collect(),
            guesses,
            next: AtomicUsize::new(0),
            failed: AtomicBool::new(false),
            rows: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    fn count(&self) -> usize {
        self.guesses.len() + 1
    }

    /// Where piece `k` starts (`None`: no unit begins after its guess; it is empty).
    fn start(&self, k: usize, reader: &mut Reader) -> Result<Option<u64>, Fallback> {
        match k.checked_sub(1) {
            None => Ok(Some(self.data)),
            Some(g) => self.starts[g]
                .get_or_init(|| {
                    let (found, covered) = self.find_start(self.guesses[g], reader);
                    // The later guesses that fall in the unit skipped here find the same
                    // start: a unit longer than many pieces is read through once, not once
                    // per piece.
                    for (later, start) in self.guesses.iter().zip(&self.starts).skip(g + 1) {
                        if *later >= covered {
                            break;
                        }
                        let _ = start.set(found.clone());
                    }
                    found
                })
                .clone(),
        }
    }

    /// Where piece `k` ends: where the next piece with a start begins, or the end of the file.
    fn end(&self, k: usize, reader: &mut Reader) -> Result<u64, Fallback> {
        for j in k + 1..self.count() {
            if let Some(s) = self.start(j, reader)? {
                return Ok(s);
            }
        }
        Ok(self.len)
    }

    /// The start of the first unit that begins after the line the offset `guess` falls in,
    /// skipping the unit found first; and the start of the last record of that unit read
    /// here (a guess before it falls in the same unit).
    fn find_start(&self, guess: u64, reader: &mut Reader) -> (Result<Option<u64>, Fallback>, u64) {
        let io = |e: std::io::Error| Fallback::Io(e.to_string());
        let mut covered = 0;
        let found = (|| {
            let mut f = File::open(self.path).map_err(io)?;
            let Some(at) = line_start_after(&mut f, guess).map_err(io)? else {
                return Ok(None);
            };
            // Most units are a few hundred rows: small reads, not whole blocks.
            let records = reader.open(f, self.delimiter, at, self.len, FIND_READS)?;
            let mut skipped: Option<(String, String)> = None;
            loop {
                let rec = match records.next_record() {
                    Ok(Some(r)) => r,
                    Ok(None) => return Ok(None),
                    // A record no reader takes (or a guess inside a quoted value): the file
                    // goes to the complete path, which reports it.
                    Err(_) => return Err(Fallback::Irregular(0)),
                };
                let unit = rec.fields.get(self.layout.unit).map(trim).unwrap_or("");
                if rec.fields.len() != self.layout.width || unit.is_empty() {
                    continue;
                }
                match &skipped {
                    Some((name, _)) if crate::text::same(unit, name) => {}
                    Some((_, key)) if fold(unit) == *key => {}
                    Some(_) => return Ok(Some(rec.start)),
                    None => skipped = Some((unit.to_string(), fold(unit))),
                }
                covered = rec.start;
            }
        })();
        (found, covered)
    }
}

/// Guesses that cut the end of a file from `from` on into pieces smaller and smaller, each
/// a third of what is left, down to [`TAIL_PIECE`]: a thread that takes the last large piece
/// is not left reading it while the other has nothing left to do.
fn tail_guesses(mut from: u64, len: u64) -> Vec<u64> {
    let mut guesses = Vec::new();
    while (len - from) / 3 >= TAIL_PIECE {
        from += (len - from) / 3;
        guesses.push(from);
    }
    guesses
}

/// The smallest piece cut at the end of a file.
const TAIL_PIECE: u64 = 64 * 1024;

/// One thread's record reader, reused from piece to piece.
#[derive(Default)]
struct Reader(Option<Records<Window>>);

impl Reader {
    /// Records of `file` from `at` up to `end`, read `chunk` bytes at a time at most.
    fn open(&mut self, mut file: File, delimiter: u8, at: u64, end: u64, chunk: usize) -> Result<&mut Records<Window>, Fallback> {
        file.seek(SeekFrom::Start(at)).map_err(|e| Fallback::Io(e.to_string()))?;
        let window = Window {
            file,
            left: end.saturating_sub(at),
            chunk,
        };
        Ok(match &mut self.0 {
            Some(r) => {
                r.restart(window, at);
                r
            }
            none => none.insert(Records::new(window, delimiter, at).with_cap(MAX_RECORD)),
        })
    }
}

/// A file read up to an offset (where the next piece starts: its records are never read
/// here), `chunk` bytes at a time at most.
struct Window {
    file: File,
    left: u64,
    chunk: usize,
}

impl Read for Window {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.chunk).min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.file.read(&mut buf[..n])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// Bytes read at a time while looking for where a piece starts.
const FIND_READS: usize = 16 * 1024;

/// A piece's number and what reading it gave.
type PieceRead = (usize, Result<Option<PieceOut>, Fallback>);

/// What one piece gave: its units' totals, its units waiting for the number convention,
/// the conventions its values voted for and the one its numbers relied on.
struct PieceOut {
    totals: Vec<UnitTotal>,
    waiting: Vec<Waiting>,
    votes: Votes,
    relied_on: Option<NumberFormat>,
    rows: u64,
}

fn read_file(
    prep: &Prepared,
    path: &Path,
    round: Round,
    declared: Convention,
    split_at: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<FileTotals, Fallback> {
    if crate::evidence::workbook::is_workbook(path) {
        return Err(Fallback::NotCsv);
    }
    let io = |e: std::io::Error| Fallback::Io(e.to_string());
    let mut file = File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let (columns, delimiter, data, width) = header(path, &mut file)?;
    let layout = layout(&columns, width)?;
    // A large file is cut in pieces of about a quarter of `split_at`, so that both threads
    // stay busy to the end whatever each piece costs.
    let body = len - data;
    let two = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let count = if two && body >= split_at.max(1) {
        (body / (split_at / 4).max(1)).clamp(2, MAX_PIECES)
    } else {
        1
    };
    let pieces = Pieces::new(path, delimiter, layout, data, len, count);
    let (mut first, mut outs) = std::thread::scope(|scope| {
        let helper = (count > 1).then(|| {
            let (pieces, columns) = (&pieces, columns.clone());
            scope.spawn(move || read_pieces(Worker::new(prep, round, layout, columns, declared), pieces, None).1)
        });
        let (first, mut outs) = read_pieces(Worker::new(prep, round, layout, columns.clone(), declared), &pieces, Some(progress));
        match helper.map(|h| h.join()) {
            Some(Ok(mut more)) => outs.append(&mut more),
            Some(Err(_)) => outs.push((usize::MAX, Err(Fallback::Io("a reading thread stopped".into())))),
            None => {}
        }
        (first, outs)
    });
    // In file order: the first piece that failed decides, and every piece must be there.
    outs.sort_by_key(|(k, _)| *k);
    let mut out = FileTotals {
        totals: Vec::new(),
        rows: 0,
        bytes: len,
    };
    let mut votes = Votes::default();
    let mut relied = Vec::with_capacity(outs.len());
    let mut waiting = Vec::new();
    // A piece left because another failed gives nothing; that one's failure decides.
    if let Some(f) = outs.iter().find_map(|(_, piece)| piece.as_ref().err()) {
        return Err(f.clone());
    }
    if outs.len() != pieces.count() {
        return Err(Fallback::Io("a piece was not read".into()));
    }
    for (i, (k, piece)) in outs.into_iter().enumerate() {
        let (true, Ok(Some(mut piece))) = (k == i, piece) else {
            return Err(Fallback::Io("a piece was not read".into()));
        };
        for f in 0..2 {
            if votes.first[f].is_none() {
                votes.first[f] = piece.votes.first[f].take();
            }
        }
        relied.push(piece.relied_on);
        waiting.append(&mut piece.waiting);
        out.rows += piece.rows;
        out.totals.push(std::mem::take(&mut piece.totals));
    }
    // The whole file's convention: what each piece relied on must be it.
    let convention = match declared {
        Convention::Declared(_) => declared,
        _ => votes.settled().map_or(Convention::Unsettled, Convention::Settled),
    };
    let settled = votes.settled();
    if !matches!(declared, Convention::Declared(_)) && relied.iter().flatten().any(|f| Some(*f) != settled) {
        return Err(Fallback::NumberConvention(crate::msg!(
            "tệp viết số theo cả hai cách",
            "the file writes numbers both ways"
        )));
    }
    if !waiting.is_empty() {
        first.waiting = waiting;
        first.release_waiting(convention)?;
        out.totals.push(std::mem::take(&mut first.totals));
    }
    Ok(out)
}

/// One thread's share: takes the next piece until none is left, and gives back what each
/// piece gave, by its number. The thread that reports `progress` passes it.
fn read_pieces<'a>(
    mut worker: Worker<'a>,
    pieces: &Pieces,
    mut progress: Option<&mut dyn FnMut(u64, u64)>,
) -> (Worker<'a>, Vec<PieceRead>) {
    let mut outs = Vec::new();
    let mut reported = 0;
    let mut reader = Reader::default();
    loop {
        let k = pieces.next.fetch_add(1, Ordering::Relaxed);
        if k >= pieces.count() || pieces.failed.load(Ordering::Relaxed) {
            break;
        }
        let out = read_piece(&mut worker, &mut reader, pieces, k, &mut |rows, bytes| {
            let rows = pieces.rows.fetch_add(rows, Ordering::Relaxed) + rows;
            let bytes = pieces.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
            if let Some(p) = progress.as_mut()
                && rows / 65_536 > reported
            {
                reported = rows / 65_536;
                p(rows, bytes);
            }
        });
        if out.is_err() {
            pieces.failed.store(true, Ordering::Relaxed);
        }
        outs.push((k, out));
    }
    (worker, outs)
}

/// Reads piece `k` with `worker`, telling `done` the rows and bytes read as it goes.
fn read_piece(
    worker: &mut Worker,
    reader: &mut Reader,
    pieces: &Pieces,
    k: usize,
    done: &mut dyn FnMut(u64, u64),
) -> Result<Option<PieceOut>, Fallback> {
    let Some(start) = pieces.start(k, reader)? else {
        return worker.end_piece().map(Some);
    };
    let end = pieces.end(k, reader)?;
    let file = File::open(pieces.path).map_err(|e| Fallback::Io(e.to_string()))?;
    // The piece is read up to the next one's start and no further. That start is a line
    // start; if it is no record start (it fell inside a quoted value over several lines), the
    // record cut there has a quote never closed, which takes the complete path.
    let records = reader.open(file, pieces.delimiter, start, end, usize::MAX)?;
    let (mut rows, mut at) = (0, start);
    loop {
        let rec = match records.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(_) => return Err(Fallback::Irregular(worker.rows)),
        };
        irregular(&rec, worker.rows)?;
        if worker.take(&rec.fields)? && worker.rows.is_multiple_of(4096) {
            done(worker.rows - rows, rec.end - at);
            (rows, at) = (worker.rows, rec.end);
            // Another piece failed: the file takes the complete path, whatever this one gives.
            if pieces.failed.load(Ordering::Relaxed) {
                return Ok(None);
            }
        }
    }
    let piece = worker.end_piece()?;
    done(piece.rows - rows, end.max(at) - at);
    Ok(Some(piece))
}

/// A record the complete reader looks at closely takes the complete path: a quote never
/// closed (an odd count), a value over several lines, NUL bytes (not UTF-8 text).
fn irregular(rec: &crate::evidence::records::Record, row: u64) -> Result<(), Fallback> {
    // Only a quoted field can hold a line break (unquoted, it ends the record), so
    // `rec.quotes >= 0` in place of `> 0` would decide the same.
    if rec.nuls > 0 || rec.quotes % 2 == 1 || (rec.quotes > 0 && rec.fields.spans_lines()) {
        return Err(Fallback::Irregular(row));
    }
    Ok(())
}

/// The offset just after the first line break at or after `from`, if any before the end.
fn line_start_after(file: &mut File, from: u64) -> std::io::Result<Option<u64>> {
    file.seek(SeekFrom::Start(from))?;
    let mut buf = vec![0u8; 64 * 1024];
    let n = file.read(&mut buf)?;
    Ok(buf[..n].iter().position(|b| *b == b'\n').map(|i| from + i as u64 + 1))
}

/// The ranking of the units in `totals`; `None` when a unit is met twice. That check runs
/// on the other core while a large ranking is ordered.
fn order(totals: Vec<Vec<UnitTotal>>, set: &CriteriaSet) -> Option<Vec<RankRow>> {
    let count = totals.iter().map(Vec::len).sum();
    // Every row of a band shares it.
    let bands: Vec<Arc<crate::criteria::Band>> = set.bands.iter().cloned().map(Arc::new).collect();
    let mut folded = Vec::with_capacity(count);
    let mut rows: Vec<RankRow> = Vec::with_capacity(count);
    rows.extend(totals.into_iter().flatten().map(|t| {
        folded.push(t.key);
        RankRow {
            rank: 0,
            band: t.index_percent.and_then(|i| set.band_at(i)).map(|k| bands[k].clone()),
            unit: t.unit,
            awarded: t.awarded,
            applicable_max: t.applicable_max,
            index_percent: t.index_percent,
            previous: None,
        }
    }));
    let twice = || {
        let mut keys: HashSet<&str> = HashSet::with_capacity(folded.len());
        !folded.iter().all(|k| keys.insert(k))
    };
    if count < PARALLEL_ORDER {
        return (!twice()).then(|| crate::rank::ranked(rows, &folded));
    }
    std::thread::scope(|scope| {
        let check = scope.spawn(twice);
        let ranked = crate::rank::ranked(rows, &folded);
        // A check that stopped (it cannot: it only compares) counts as a unit met twice.
        (!check.join().unwrap_or(true)).then_some(ranked)
    })
}

/// Units from which the check for a unit met twice runs beside the ordering.
const PARALLEL_ORDER: usize = 4096;

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// Whether each record of `text` takes the complete path.
    fn irregular_records(text: &str) -> Vec<bool> {
        let mut r = Records::new(text.as_bytes(), b',', 0);
        let mut out = Vec::new();
        while let Some(rec) = r.next_record().unwrap() {
            out.push(match irregular(&rec, 7) {
                Ok(()) => false,
                Err(f) => {
                    assert_eq!(f, Fallback::Irregular(7));
                    true
                }
            });
        }
        out
    }

    #[test]
    fn a_cell_is_kept_when_equal_and_composed_when_not() {
        let mut slot = String::new();
        set_cell(&mut slot, " Xa\u{303} A ");
        assert_eq!(slot, "Xã A");
        // The same text composed: kept as it is.
        set_cell(&mut slot, "Xã A");
        assert_eq!(slot, "Xã A");
        // Decomposed again after the composed text: composed again, not kept.
        set_cell(&mut slot, "Xa\u{303} B");
        assert_eq!(slot, "Xã B");
        set_cell(&mut slot, "");
        assert_eq!(slot, "");
    }

    #[test]
    fn a_table_slot_keeps_a_text_found_again_over_one_met_once() {
        let mut t: Slots<u32> = Slots::default();
        assert_eq!(t.get("0,5"), None);
        t.put("0,5", &1);
        assert_eq!(t.get("0,5"), Some(&1));
        assert_eq!(t.get("0,50"), None);
        // Texts in other slots stay side by side (the table is no single slot).
        let apart: Vec<String> = (0..100).map(|i| format!("{i},5")).collect();
        for (i, a) in apart.iter().enumerate() {
            t.put(a, &(i as u32 + 10));
        }
        let kept = apart
            .iter()
            .enumerate()
            .filter(|(i, a)| t.get(a) == Some(&(*i as u32 + 10)))
            .count();
        assert!(kept > 90, "{kept} of 100 kept");
        t.clear();
        t.put("0,5", &1);
        // Two texts in one slot.
        let other = (0..100_000)
            .map(|i| format!("{i}"))
            .find(|o| Slots::<u32>::slot(o) == Slots::<u32>::slot("0,5") && o != "0,5")
            .unwrap();
        t.put(&other, &2);
        // `0,5` was never found again: replaced.
        assert_eq!((t.get("0,5").copied(), t.get(&other).copied()), (None, Some(2)));
        // `other` was found again: spared once (`0,5` worked out, not kept), then replaced.
        assert_eq!(t.get_or("0,5", |_| 3), 3);
        assert_eq!(t.get_or("0,5", |_| 4), 4);
        assert_eq!((t.get("0,5").copied(), t.get(&other).copied()), (Some(4), None));
        assert_eq!(t.get_or("0,5", |_| 5), 4);
        // Long texts are never kept.
        let long = "1".repeat(SLOT_TEXT + 1);
        assert_eq!(t.get_or(&long, |_| 5), 5);
        assert_eq!(t.get(&long), None);
        let edge = "1".repeat(SLOT_TEXT);
        t.put(&edge, &6);
        assert_eq!(t.get(&edge), Some(&6));
        t.clear();
        assert_eq!(t.get(&edge), None);
        // A text kept in place of a longer one is read at its own length only.
        t.put(&other, &7);
        t.put("0,5", &8);
        assert_eq!((t.get("0,5").copied(), t.get(&other).copied()), (Some(8), None));
        // The table of leaf results keeps keys up to its own length.
        let mut leaves: Slots<u32, LEAF_SLOTS, LEAF_TEXT> = Slots::default();
        leaves.put(&"k".repeat(LEAF_TEXT), &1);
        leaves.put(&"k".repeat(LEAF_TEXT + 1), &2);
        assert_eq!(leaves.get(&"k".repeat(LEAF_TEXT)), Some(&1));
        assert_eq!(leaves.get(&"k".repeat(LEAF_TEXT + 1)), None);
    }

    #[test]
    fn a_leaf_whose_results_seldom_come_again_is_no_longer_kept() {
        // Kept while probing, whatever it found.
        assert!(worth_keeping(0, 0));
        assert!(worth_keeping(PROBE - 1, 0));
        // Then while one lookup in eight finds its result.
        assert!(!worth_keeping(PROBE, 0));
        assert!(!worth_keeping(PROBE, PROBE / 8 - 1));
        assert!(worth_keeping(PROBE, PROBE / 8));
        assert!(worth_keeping(800, 100));
        assert!(!worth_keeping(800, 99));
        // No overflow at the ends of the counters.
        assert!(worth_keeping(u32::MAX, u32::MAX));
        assert!(!worth_keeping(u32::MAX, u32::MAX / 8 - 1));
    }

    #[test]
    fn records_the_complete_reader_looks_at_closely() {
        // Plain, quoted (two quotes, four), a quote inside quotes, NUL, a value over two lines
        // (LF and CR).
        let text = "a,b\n\"a\",b\n\"a\",\"b,c\"\n\"x\"\"y\",z\na\0,b\n\"l1\nl2\",b\n\"l1\rl2\",b\n";
        assert_eq!(irregular_records(text), vec![false, false, false, false, true, true, true]);
        // A quote never closed: one quote in the last record.
        assert_eq!(irregular_records("a,b\n\"c,d"), vec![false, true]);
        // Three quotes, the last one never closed, on one line.
        assert_eq!(irregular_records("\"a\"\"b,c\n"), vec![true]);
    }

    #[test]
    fn criterion_cells_find_their_target_and_say_when_they_are_the_code_itself() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/synthetic-100.toml");
        let set = crate::criteria::load_file(&path).unwrap();
        let prep = Prepared::new(&set);
        let (first, second) = (prep.codes[0].clone(), prep.codes[1].clone());
        // The next leaf, or the same one again: the code exactly.
        assert_eq!(prep.target(&second, 1), Some((Target::Leaf(1), true)));
        assert_eq!(prep.target(&first, 1), Some((Target::Leaf(0), true)));
        // Any leaf by its code, and an adjustment by its id: found, though not where expected.
        assert_eq!(prep.target(&second, 7), Some((Target::Leaf(1), false)));
        assert_eq!(prep.target("thuong", 3), Some((Target::Adjustment(0), false)));
        // Written otherwise (`01.1`): the leaf, but not its code as written.
        assert_eq!(prep.target(&format!("0{first}"), 0), Some((Target::Leaf(0), false)));
        assert_eq!(prep.target("99.99", 0), None);
        assert_eq!(prep.target("", 0), None);
    }

    #[test]
    fn a_piece_starts_at_the_unit_after_the_one_its_guess_falls_in() {
        // Units A (offsets 21 and 29), B (37) and C (45 and 53) after a 21-byte header; a
        // guess at every byte of the rows.
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(b"unit,criterion,value\nA,1.1,1\nA,1.2,2\nB,1.1,3\nC,1.1,4\nC,1.2,5\n")
            .unwrap();
        let path = f.path();
        let (columns, delimiter, data, width) = header(path, &mut File::open(path).unwrap()).unwrap();
        assert_eq!((delimiter, data, width), (b',', 21, 3));
        let pieces = Pieces::new(path, delimiter, layout(&columns, width).unwrap(), data, 61, 40);
        assert_eq!(pieces.guesses, (22..=60).collect::<Vec<u64>>());
        let mut reader = Reader::default();
        let starts: Vec<Option<u64>> = (0..40).map(|k| pieces.start(k, &mut reader).unwrap()).collect();
        let ends: Vec<u64> = (0..40).map(|k| pieces.end(k, &mut reader).unwrap()).collect();
        // A guess inside A's first row finds A's second row and skips A; inside A's second,
        // B; from B on, no unit follows the one found.
        for k in 0..40 {
            let (start, end) = match k {
                0 => (Some(21), 37),
                1..=6 => (Some(37), 37),
                7 => (Some(37), 45),
                8..=14 => (Some(45), 45),
                15 => (Some(45), 61),
                _ => (None, 61),
            };
            assert_eq!((starts[k], ends[k]), (start, end), "piece {k}");
        }
        // Finding piece 1's start (B, after A's second row, the last of A) settles the pieces
        // whose guesses fall before that row; piece 8's guess falls in A's second row: B is
        // skipped, and the guesses up to B's row find C as well.
        let fresh = Pieces::new(path, delimiter, layout(&columns, width).unwrap(), data, 61, 40);
        assert_eq!(fresh.start(1, &mut reader).unwrap(), Some(37));
        let settled = |p: &Pieces| p.starts.iter().map(|s| s.get().is_some()).collect::<Vec<bool>>();
        assert_eq!(settled(&fresh), (22..=60).map(|g| g < 29).collect::<Vec<bool>>());
        let fresh = Pieces::new(path, delimiter, layout(&columns, width).unwrap(), data, 61, 40);
        assert_eq!(fresh.start(8, &mut reader).unwrap(), Some(45));
        assert_eq!(settled(&fresh), (22..=60).map(|g| (29..37).contains(&g)).collect::<Vec<bool>>());
        // A guess in C's first row: C is read to the end of the file, and every later guess
        // before C's last row has no start either.
        let fresh = Pieces::new(path, delimiter, layout(&columns, width).unwrap(), data, 61, 40);
        assert_eq!(fresh.start(24, &mut reader).unwrap(), None);
        assert_eq!(settled(&fresh), (22..=60).map(|g| (45..53).contains(&g)).collect::<Vec<bool>>());
        // A window reads up to its end and no further, in reads of its size at most.
        let mut window = Window {
            file: File::open(path).unwrap(),
            left: 10,
            chunk: 4,
        };
        let mut buf = [0u8; 64];
        let reads: Vec<usize> = std::iter::from_fn(|| Some(window.read(&mut buf).unwrap())).take(5).collect();
        assert_eq!(reads, [4, 4, 2, 0, 0]);
    }

    #[test]
    fn rows_without_a_unit_or_of_another_width_are_passed_over_when_finding_a_start() {
        // After the guess: a row with no unit, a short row, then A (once in lower case) and B.
        // The start is B's, whichever of A's rows the guess falls in.
        let text = "unit,criterion,value\nA,1.1,1\n,1.2,2\nA,1.3\nA,1.4,4\na,1.5,5\nB,1.1,3\n";
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        let path = f.path();
        let (columns, delimiter, data, width) = header(path, &mut File::open(path).unwrap()).unwrap();
        let len = text.len() as u64;
        let b = text.find("B,").unwrap() as u64;
        let pieces = Pieces::new(path, delimiter, layout(&columns, width).unwrap(), data, len, len - data);
        let mut reader = Reader::default();
        let last_a = text.find("A,1.4").unwrap() as u64;
        for k in 1..(last_a - data) as usize {
            assert_eq!(pieces.start(k, &mut reader).unwrap(), Some(b), "piece {k}");
        }
    }

    #[test]
    fn a_unit_met_twice_is_found_beside_the_ordering_of_many() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/synthetic-100.toml");
        let set = crate::criteria::load_file(&path).unwrap();
        let total = |name: &str, index: i64| UnitTotal {
            unit: name.to_string(),
            key: fold(name),
            awarded: Decimal::new(index, 1),
            applicable_max: Decimal::new(100, 0),
            index_percent: Some(Decimal::new(index, 1)),
        };
        // Below and above the count from which the check runs on another thread, in pieces.
        for count in [3, PARALLEL_ORDER - 1, PARALLEL_ORDER, PARALLEL_ORDER + 5] {
            let pieces = |twice: Option<usize>| -> Vec<Vec<UnitTotal>> {
                let all: Vec<UnitTotal> = (0..count)
                    .map(|i| {
                        let i = if Some(i) == twice { 0 } else { i };
                        total(&format!("Xã {i:05}"), (i * 7 % 1000) as i64)
                    })
                    .collect();
                all.chunks(1000).map(<[UnitTotal]>::to_vec).collect()
            };
            let ranked = order(pieces(None), &set).unwrap();
            assert_eq!(ranked.len(), count);
            assert!(ranked.windows(2).all(|w| w[0].index_percent >= w[1].index_percent), "{count}");
            // Each row's band is the set's band for its index, shared.
            for r in &ranked {
                assert_eq!(r.band.as_deref(), r.index_percent.and_then(|i| set.band_for(i)), "{count}");
            }
            // The first unit again at the end, written in capitals: met twice.
            let mut twice = pieces(Some(count - 1));
            let last = twice.last_mut().unwrap().last_mut().unwrap();
            last.unit = last.unit.to_uppercase();
            last.key = fold(&last.unit);
            assert!(order(twice, &set).is_none(), "{count}");
        }
    }

    #[test]
    fn the_end_of_a_file_is_cut_in_smaller_and_smaller_pieces() {
        const T: u64 = TAIL_PIECE;
        for (from, len) in [(0, 3 * T - 1), (0, 3 * T), (10, 10 + 3 * T + 2), (100, 2 << 20), (7, 7 + (1 << 30))] {
            let g = tail_guesses(from, len);
            if len - from < 3 * T {
                assert!(g.is_empty(), "{from} {len}");
                continue;
            }
            // Each piece a third of what was left, and what is left at the end between two
            // and three times the smallest piece.
            let mut at = from;
            for &next in &g {
                assert_eq!(next - at, (len - at) / 3, "{from} {len}");
                assert!(next - at >= T);
                at = next;
            }
            assert!((2 * T..3 * T).contains(&(len - at)), "{from} {len}: {}", len - at);
        }
        // The last two pieces of 1 MiB: seven pieces, the last of 180 KiB.
        assert_eq!(tail_guesses(0, 2 << 20).len(), 6);
        // A file of 8 pieces of 1 MiB: the first six as they were, the last two cut further.
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(b"unit,criterion,value\nA,1.1,1\n").unwrap();
        let path = f.path();
        let (columns, delimiter, data, width) = header(path, &mut File::open(path).unwrap()).unwrap();
        let len = data + (8 << 20);
        let pieces = Pieces::new(path, delimiter, layout(&columns, width).unwrap(), data, len, 8);
        let uniform: Vec<u64> = (1..=6).map(|k| data + (k << 20)).collect();
        assert_eq!(pieces.guesses[..6], uniform[..]);
        assert_eq!(pieces.guesses[6..], tail_guesses(data + (6 << 20), len)[..]);
        assert_eq!((pieces.count(), pieces.starts.len()), (13, 12));
    }

    #[test]
    fn the_line_after_an_offset() {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(b"ab\ncd\nef").unwrap();
        assert_eq!(line_start_after(&mut f, 0).unwrap(), Some(3));
        assert_eq!(line_start_after(&mut f, 1).unwrap(), Some(3));
        assert_eq!(line_start_after(&mut f, 4).unwrap(), Some(6));
        assert_eq!(line_start_after(&mut f, 6).unwrap(), None);
        assert_eq!(line_start_after(&mut f, 9).unwrap(), None);
    }
}
