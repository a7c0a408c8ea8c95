//! Tracking the remediation plan (kế hoạch khắc phục) to its deadlines: the plan as `parcalc
//! plan` writes it, with the status columns the agencies fill in (trạng thái, ngày hoàn
//! thành, tài liệu kiểm chứng), read by the evidence readers; each item's status on a day;
//! counts and points per agency; the score secured by the current evidence and the score if
//! every open item is completed.

pub mod phrase;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::code::CriterionCode;
use crate::diag::{Code, Diagnostic, Failed, Location};
use crate::evidence::{Columns, Schema, Source, read_source_tables};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, show};
use crate::score::ScoreResult;
use crate::text::{fold, nfc};

pub use phrase::{Deadline, Repeat};

const COLUMNS: [(&str, &[&str]); 10] = [
    ("stt", &["stt", "no.", "no", "số thứ tự"]),
    ("code", &["mã", "code", "mã tiêu chí", "tiêu chí", "criterion"]),
    ("content", &["nội dung khắc phục", "content to fix", "nội dung"]),
    ("lead", &["cơ quan chủ trì", "lead agencies", "chủ trì", "lead"]),
    (
        "cooperating",
        &["cơ quan phối hợp", "cooperating agencies", "phối hợp", "cooperating"],
    ),
    ("deadline", &["thời gian hoàn thành", "deadline", "thời hạn", "thời gian thực hiện"]),
    ("points", &["điểm bị trừ", "points at stake", "điểm"]),
    ("status", &["trạng thái", "status", "tình trạng"]),
    ("done_on", &["ngày hoàn thành", "date done", "done on"]),
    ("proof", &["tài liệu kiểm chứng", "proof", "evidence document"]),
];

/// The columns of a plan file, as `parcalc plan` writes them (in either language).
pub(crate) const PLAN: Schema = Schema {
    columns: &COLUMNS,
    ignored: &["ghi chú", "note"],
    required: &["code", "lead", "deadline"],
    example: "Mã,Nội dung khắc phục,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành,Điểm bị trừ,Trạng thái",
    noun: ("kế hoạch khắc phục", "remediation plan"),
    flag: "--plan",
    required_help: (
        "dòng tiêu đề cần các cột `Mã`, `Cơ quan chủ trì` và `Thời gian hoàn thành` như `parcalc plan` ghi",
        "the header row needs `Code`, `Lead agencies` and `Deadline` columns as `parcalc plan` writes them",
    ),
    title_rows: 5,
    declared: Vec::new(),
};

/// What the agency reported in the status column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reported {
    NotStarted,
    InProgress,
    Done,
}

impl Reported {
    pub fn key(self) -> &'static str {
        match self {
            Reported::NotStarted => "not_started",
            Reported::InProgress => "in_progress",
            Reported::Done => "done",
        }
    }

    fn parse(text: &str) -> Option<Reported> {
        Some(match fold(text).as_str() {
            "" | "chưa thực hiện" | "chưa" | "not started" | "chua thuc hien" => Reported::NotStarted,
            "đang thực hiện" | "đang" | "in progress" | "dang thuc hien" => Reported::InProgress,
            "hoàn thành" | "đã hoàn thành" | "done" | "completed" | "hoan thanh" => Reported::Done,
            _ => return None,
        })
    }
}

/// An item's status on the day tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    Done,
    OnTrack,
    DueSoon,
    Overdue,
}

impl State {
    pub const ALL: [State; 4] = [State::Done, State::OnTrack, State::DueSoon, State::Overdue];

    pub fn label(self, lang: crate::number::Lang) -> &'static str {
        use crate::i18n::tr;
        match self {
            State::Done => tr(lang, "hoàn thành", "done"),
            State::OnTrack => tr(lang, "đúng tiến độ", "on track"),
            State::DueSoon => tr(lang, "sắp đến hạn", "due soon"),
            State::Overdue => tr(lang, "quá hạn", "overdue"),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            State::Done => "done",
            State::OnTrack => "on_track",
            State::DueSoon => "due_soon",
            State::Overdue => "overdue",
        }
    }
}

/// One plan item as read.
#[derive(Debug, Clone)]
pub struct Item {
    pub code: CriterionCode,
    pub content: String,
    pub lead: Vec<String>,
    pub cooperating: Vec<String>,
    pub deadline_text: String,
    pub deadline: Option<Deadline>,
    pub points: Decimal,
    pub reported: Reported,
    pub done_on: Option<NaiveDate>,
    pub proof: String,
    pub at: Location,
}

fn agencies(text: &str) -> Vec<String> {
    nfc(text)
        .split([';', '\n'])
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}

/// A date as officers write it: `30/09/2023`, `30-09-2023` or `2023-09-30`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .ok()
        .filter(|d| (1000..=9999).contains(&chrono::Datelike::year(d)))
}

/// Reads the plan files. Every problem in every file is reported at once; an item whose
/// deadline phrase cannot be read is an error with its row.
pub fn read_plan(sources: &[Source], plan_year: i32) -> Result<(Vec<Item>, Vec<Diagnostic>), Failed> {
    let mut diags = Vec::new();
    let mut items = Vec::new();
    for source in sources {
        let Some((_file, tables)) = read_source_tables(source, &PLAN, &mut diags) else {
            continue;
        };
        for table in &tables {
            for rec in &table.records {
                if let Some(item) = item(&table.columns, rec, plan_year, &mut diags) {
                    items.push(item);
                }
            }
        }
    }
    let mut seen: BTreeMap<CriterionCode, Location> = BTreeMap::new();
    for it in &items {
        if let Some(first) = seen.get(&it.code) {
            diags.push(
                Diagnostic::error(
                    Code::InvalidPlan,
                    msg!("tiêu chí {} có hai dòng trong kế hoạch", "criterion {} has two plan rows", it.code),
                )
                .at(it.at.clone())
                .help(msg!(
                    "giữ một dòng cho mỗi tiêu chí (dòng đầu ở {})",
                    "keep one row per criterion (the first is at {})",
                    first.file
                )),
            );
        } else {
            seen.insert(it.code.clone(), it.at.clone());
        }
    }
    if items.is_empty() && !diags.iter().any(Diagnostic::is_error) {
        let names: Vec<String> = sources.iter().map(Source::name).collect();
        let names = names.join(", ");
        diags.push(
            Diagnostic::warning(
                Code::InvalidPlan,
                msg!("kế hoạch `{names}` không có nội dung nào", "plan `{names}` has no items"),
            )
            .at(Location::file_only(names.as_str().into()))
            .help(msg!(
                "ghi kế hoạch bằng `parcalc plan -o ke-hoach.xlsx` rồi điền các cột tình trạng",
                "write the plan with `parcalc plan -o plan.xlsx`, then fill in its status columns"
            )),
        );
    }
    if diags.iter().any(Diagnostic::is_error) {
        crate::diag::sort(&mut diags);
        return Err(Failed(diags));
    }
    items.sort_by(|a, b| a.code.cmp(&b.code));
    Ok((items, diags))
}

fn item(columns: &Arc<Columns>, rec: &crate::evidence::Record, plan_year: i32, diags: &mut Vec<Diagnostic>) -> Option<Item> {
    if rec.cells.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let cell = |name: &str| {
        columns
            .index(name)
            .and_then(|i| rec.cells.get(i))
            .map(|c| nfc(c.trim()))
            .unwrap_or_default()
    };
    let at = |name: &str| crate::evidence::record_cell(columns, rec, name);
    let code_text = cell("code");
    if code_text.is_empty() {
        // The sum row a workbook plan ends with ("Cộng" under the content).
        let label = fold(&cell("content"));
        if label == "cộng" || label == "sum" || cell("lead").is_empty() {
            return None;
        }
    }
    let before = diags.len();
    let code: Option<CriterionCode> = match code_text.parse() {
        Ok(c) => Some(c),
        Err(_) => {
            diags.push(
                Diagnostic::error(
                    Code::InvalidPlan,
                    msg!("`{code_text}` không phải mã tiêu chí", "`{code_text}` is not a criterion code"),
                )
                .at(at("code"))
                .help(msg!(
                    "ghi mã tiêu chí như `parcalc plan` ghi, ví dụ 3.4.4",
                    "write the criterion code as `parcalc plan` writes it, such as 3.4.4"
                )),
            );
            None
        }
    };
    let deadline_text = cell("deadline");
    let deadline = match phrase::parse(&deadline_text, plan_year) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            diags.push(
                Diagnostic::warning(
                    Code::InvalidPlan,
                    msg!(
                        "tiêu chí {code_text} không có thời gian hoàn thành: chỉ theo dõi trạng thái, không tính hạn",
                        "criterion {code_text} has no deadline: its status is tracked, no due date"
                    ),
                )
                .at(at("deadline"))
                .help(msg!(
                    "ghi thời hạn, ví dụ `Trước ngày 15/11/{plan_year}`, `Quý III/{plan_year}` hoặc `Thường xuyên`",
                    "write a deadline such as `Trước ngày 15/11/{plan_year}`, `Quý III/{plan_year}` or `Thường xuyên`"
                )),
            );
            None
        }
        Err(phrase::PhraseError::BadDate(what_vi, what_en)) => {
            diags.push(
                Diagnostic::error(
                    Code::InvalidPlan,
                    msg!(
                        "thời hạn `{deadline_text}` nêu ngày không có thật ({what_vi})",
                        "deadline `{deadline_text}` names a date that does not exist ({what_en})"
                    ),
                )
                .at(at("deadline"))
                .help(msg!(
                    "sửa ngày, tháng hoặc quý (quý I–IV, tháng 1–12)",
                    "correct the day, month or quarter (quarters I–IV, months 1–12)"
                )),
            );
            None
        }
        Err(phrase::PhraseError::Unknown) => {
            diags.push(
                Diagnostic::error(
                    Code::InvalidPlan,
                    msg!("không đọc được thời hạn `{deadline_text}`", "cannot read deadline `{deadline_text}`"),
                )
                .at(at("deadline"))
                .help(msg!(
                    "ghi thời hạn như `Trước ngày 15/11/{plan_year}`, `Trước ngày 25/12 hàng năm`, `Quý III/{plan_year}`, `Tháng 6/{plan_year}`, `6 tháng, năm` hoặc `Thường xuyên`",
                    "write the deadline as `Trước ngày 15/11/{plan_year}`, `Trước ngày 25/12 hàng năm`, `Quý III/{plan_year}`, `Tháng 6/{plan_year}`, `6 tháng, năm` or `Thường xuyên`"
                )),
            );
            None
        }
    };
    let points_text = cell("points");
    let points = if points_text.is_empty() {
        Decimal::ZERO
    } else {
        match crate::number::parse_decimal(&points_text) {
            Ok(p) if p >= Decimal::ZERO => p,
            _ => {
                diags.push(
                    Diagnostic::error(
                        Code::InvalidPlan,
                        msg!(
                            "số điểm bị trừ `{points_text}` không phải số không âm",
                            "points at stake `{points_text}` is not a non-negative number"
                        ),
                    )
                    .at(at("points"))
                    .help(msg!("ghi số điểm như 0,5 hoặc 0.5", "write the points such as 0,5 or 0.5")),
                );
                Decimal::ZERO
            }
        }
    };
    let status_text = cell("status");
    let reported = Reported::parse(&status_text).unwrap_or_else(|| {
        diags.push(
            Diagnostic::error(
                Code::InvalidPlan,
                msg!("trạng thái `{status_text}` không rõ", "status `{status_text}` is not known"),
            )
            .at(at("status"))
            .help(msg!(
                "ghi một trong: chưa thực hiện, đang thực hiện, hoàn thành (để trống: chưa thực hiện)",
                "write one of: chưa thực hiện (not started), đang thực hiện (in progress), hoàn thành (done); blank is not started"
            )),
        );
        Reported::NotStarted
    });
    let done_text = cell("done_on");
    let done_on = if done_text.is_empty() {
        None
    } else {
        let d = parse_date(&done_text);
        if d.is_none() {
            diags.push(
                Diagnostic::error(
                    Code::InvalidPlan,
                    msg!(
                        "ngày hoàn thành `{done_text}` không phải ngày",
                        "date done `{done_text}` is not a date"
                    ),
                )
                .at(at("done_on"))
                .help(msg!("ghi ngày dạng 30/09/2023", "write the date as 30/09/2023")),
            );
        }
        d
    };
    let lead = agencies(&cell("lead"));
    if lead.is_empty() && diags.len() == before {
        diags.push(
            Diagnostic::warning(
                Code::InvalidPlan,
                msg!(
                    "tiêu chí {code_text} không có cơ quan chủ trì",
                    "criterion {code_text} has no lead agency"
                ),
            )
            .at(at("lead"))
            .help(msg!(
                "ghi cơ quan chủ trì; các dòng không có được xếp vào mục «(chưa giao)»",
                "name the lead agency; rows without one are listed under “(unassigned)”"
            )),
        );
    }
    if diags[before..].iter().any(Diagnostic::is_error) {
        return None;
    }
    Some(Item {
        code: code?,
        content: cell("content"),
        lead,
        cooperating: agencies(&cell("cooperating")),
        deadline_text,
        deadline,
        points,
        reported,
        done_on,
        proof: cell("proof"),
        at: at("code"),
    })
}

/// One item's status on the day tracked.
#[derive(Debug, Clone)]
pub struct Tracked {
    pub item: Item,
    pub state: State,
    /// The date that decides an open item's state: the next one due, or the one missed.
    pub due: Option<NaiveDate>,
    /// Points the criterion still loses on the current evidence (`None`: not in the set's result).
    pub lost_now: Option<Decimal>,
    /// Reported done, yet the current evidence still loses points on the criterion.
    pub unconfirmed: bool,
}

/// Counts and points per state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: [usize; 4],
    pub points: [Decimal; 4],
}

impl Tally {
    fn add(&mut self, state: State, points: Decimal) {
        let i = state as usize;
        self.count[i] += 1;
        self.points[i] += points;
    }
}

/// The whole tracking report.
#[derive(Debug, Clone)]
pub struct Tracking {
    pub as_of: NaiveDate,
    pub within: i64,
    pub plan_year: i32,
    pub items: Vec<Tracked>,
    /// Per lead agency (an item with several leads counts under each), by name.
    pub agencies: BTreeMap<String, Tally>,
    pub total: Tally,
    /// The scores, when the current evidence is given.
    pub scores: Option<Scores>,
}

/// The score secured by the current evidence and the one the plan leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scores {
    /// The score on the current evidence.
    pub secured: Decimal,
    /// The score if every plan item not yet met on the evidence is completed: the secured
    /// score plus the points each plan criterion still loses (capped at the maximum).
    pub projected: Decimal,
    pub max: Decimal,
}

/// The state of an open item: overdue once a due date has passed (a recurring item not
/// started misses its first occurrence; one in progress is overdue only when no occurrence is
/// left in the year), due soon when the next date is within `within` days.
pub fn state_of(item: &Item, as_of: NaiveDate, within: i64) -> (State, Option<NaiveDate>) {
    // Done on a day after the one tracked: not done yet on that day, so tracked as in progress.
    if item.reported == Reported::Done && item.done_on.is_none_or(|d| d <= as_of) {
        return (State::Done, None);
    }
    let Some(deadline) = &item.deadline else {
        return (State::OnTrack, None);
    };
    let next = deadline.next_on_or_after(as_of);
    let missed = deadline.last_before(as_of);
    let recurring = deadline.repeat != Repeat::Once;
    match (next, missed) {
        (_, Some(m)) if !recurring || item.reported == Reported::NotStarted => (State::Overdue, Some(m)),
        (None, m) => (State::Overdue, m),
        (Some(n), _) if (n - as_of).num_days() <= within => (State::DueSoon, Some(n)),
        (Some(n), _) => (State::OnTrack, Some(n)),
    }
}

/// Tracks `items` on `as_of` against the score of the current evidence.
pub fn track(items: Vec<Item>, result: Option<&ScoreResult>, as_of: NaiveDate, within: i64, plan_year: i32) -> Tracking {
    let mut agencies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    let mut tracked = Vec::new();
    let mut gain = Decimal::ZERO;
    for item in items {
        let (state, due) = state_of(&item, as_of, within);
        let node = result.and_then(|r| r.nodes.iter().find(|n| n.code == item.code));
        let lost_now = node.map(|n| n.lost);
        if let Some(l) = lost_now {
            gain += l;
        }
        let unconfirmed = state == State::Done && lost_now.is_some_and(|l| l > Decimal::ZERO);
        total.add(state, item.points);
        if item.lead.is_empty() {
            agencies.entry(String::new()).or_default().add(state, item.points);
        }
        for lead in &item.lead {
            agencies.entry(lead.clone()).or_default().add(state, item.points);
        }
        tracked.push(Tracked {
            item,
            state,
            due,
            lost_now,
            unconfirmed,
        });
    }
    Tracking {
        as_of,
        within,
        plan_year,
        items: tracked,
        agencies,
        total,
        scores: result.map(|r| Scores {
            secured: r.totals.awarded,
            projected: (r.totals.awarded + gain).min(r.totals.applicable_max),
            max: r.totals.applicable_max,
        }),
    }
}

/// Warnings about items against the criteria set and the day tracked: a code the set does
/// not have (its points cannot be scored), a date done after the day tracked.
pub fn check_items(items: &[Item], set: &crate::criteria::CriteriaSet, as_of: NaiveDate) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for it in items {
        let code = &it.code;
        if let Some(node) = set.node(code)
            && it.points > node.max
        {
            let (p, max) = (it.points, node.max);
            diags.push(
                Diagnostic::error(
                    Code::InvalidPlan,
                    Msg::by(|l| match l {
                        Lang::Vi => format!(
                            "tiêu chí {code}: số điểm bị trừ {} lớn hơn điểm tối đa {} của tiêu chí",
                            show(p, l),
                            show(max, l)
                        ),
                        Lang::En => format!(
                            "criterion {code}: {} points at stake exceed its maximum of {}",
                            show(p, l),
                            show(max, l)
                        ),
                    }),
                )
                .at(it.at.clone())
                .help(msg!(
                    "ghi số điểm tiêu chí bị trừ theo kết quả chấm (như `parcalc plan` ghi)",
                    "write the points the criterion lost in the result (as `parcalc plan` writes them)"
                )),
            );
        }
        // Its points would go into the totals unscored: refused, not counted silently.
        if set.node(code).is_none() {
            diags.push(
                Diagnostic::error(
                    Code::InvalidPlan,
                    msg!(
                        "tiêu chí {code} của kế hoạch không có trong bộ tiêu chí: không tính được điểm của nó",
                        "plan criterion {code} is not in the criteria set: its points cannot be scored"
                    ),
                )
                .at(it.at.clone())
                .help(msg!(
                    "dùng bộ tiêu chí mà kế hoạch được lập theo (-c), hoặc sửa mã",
                    "use the criteria set the plan was made from (-c), or correct the code"
                )),
            );
        }
        if let Some(done) = it.done_on.filter(|d| *d > as_of) {
            let (d, a) = (done.format("%d/%m/%Y"), as_of.format("%d/%m/%Y"));
            diags.push(
                Diagnostic::warning(
                    Code::InvalidPlan,
                    msg!(
                        "tiêu chí {code} ghi ngày hoàn thành {d}, sau ngày theo dõi {a}: được theo dõi như đang thực hiện",
                        "criterion {code} is marked done on {d}, after the day tracked {a}: it is tracked as in progress"
                    ),
                )
                .at(it.at.clone())
                .help(msg!(
                    "kiểm tra ngày hoàn thành, hoặc theo dõi đến ngày sau hơn (--as-of)",
                    "check the date done, or track on a later day (--as-of)"
                )),
            );
        }
    }
    diags
}
