//! Sheets and JSON for the analysts' reports: ranking, comparison, stage differences,
//! remediation plan, and what-if gains.

use rust_decimal::Decimal;
use serde::Serialize;

use super::json::decimal;
use super::sheet::{Sheet, Total, Value};
use crate::compare::{Comparison, Delta, Presence, RoundComparison};
use crate::criteria::{Agency, Band};
use crate::i18n::tr;
use crate::number::{Lang, plain, show};
use crate::plan::PlanRow;
use crate::rank::{RankRow, Ranking};
use crate::whatif::WhatIfChange;

pub const RANK_SCHEMA: &str = "parcalc.rank/1";
/// Version 2: an agency's change is `lost_reduced` (A − B of points lost, positive =
/// better), where version 1 had `change` (B − A, positive = worse).
pub const COMPARE_SCHEMA: &str = "parcalc.compare/2";
/// Version 2 adds each row's `explanation` (giải trình).
pub const PLAN_SCHEMA: &str = "parcalc.plan/2";
pub const STAGES_SCHEMA: &str = "parcalc.stages/2";

fn json<T: Serialize>(doc: &T) -> String {
    let mut s = super::json::escape_hidden(serde_json::to_string_pretty(doc).unwrap_or_default());
    s.push('\n');
    s
}

fn opt_dec<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&plain(*d)),
        None => s.serialize_none(),
    }
}

/// "↑3", "↓2", "=" for a rank change (positive = places gained).
pub fn arrow(change: i64) -> String {
    match change {
        0 => "=".to_string(),
        c if c > 0 => format!("↑{c}"),
        c => format!("↓{}", -c),
    }
}

/// "+2.15" / "−0.5" for a points change (the minus is U+2212, as [`show`] writes it).
pub fn signed(d: Decimal, lang: Lang) -> String {
    if d > Decimal::ZERO {
        format!("+{}", show(d, lang))
    } else {
        show(d, lang)
    }
}

/// The header of a change in points. Every comparison reads one way, positive = better for
/// the unit; the headers say what a sign means, and [`better_line`] says it in a sentence.
fn change_points(lang: Lang) -> &'static str {
    tr(lang, "Điểm tăng (+)/giảm (−)", "Points up (+)/down (−)")
}

/// The sentence under a comparison's title that says which way its changes read.
fn better_line(lang: Lang) -> String {
    tr(
        lang,
        "Số dương (+): tốt hơn cho đơn vị; số âm (−): kém hơn.",
        "Positive (+): better for the unit; negative (−): worse.",
    )
    .into()
}

fn agency_names(ids: &[String], registry: &[Agency], lang: Lang) -> String {
    ids.iter()
        .map(|id| {
            registry
                .iter()
                .find(|a| &a.id == id)
                .map_or(id.clone(), |a| a.name_in(lang).to_string())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

// ---- ranking ----------------------------------------------------------------------------

pub fn rank_sheet(r: &Ranking, lang: Lang) -> Sheet {
    Sheet {
        name: tr(lang, "Xếp hạng", "Ranking").into(),
        title: vec![format!(
            "{} ({}, {}) · {}",
            r.set_title,
            r.set_id,
            r.year,
            r.rounds.name(r.round, lang)
        )],
        headers: rank_headers(r, lang),
        rows: r.rows.iter().map(|x| rank_row(x, r.against_previous, lang)).collect(),
        total: Total::None,
    }
}

/// The ranking's column headings.
fn rank_headers(r: &Ranking, lang: Lang) -> Vec<String> {
    // The columns depend on the flags given, never on the data: with `--previous`, the
    // change columns are there even when no unit matched it.
    let mut headers: Vec<String> = [
        tr(lang, "Hạng", "Rank"),
        tr(lang, "Đơn vị", "Unit"),
        tr(lang, "Điểm đạt", "Awarded"),
        tr(lang, "Điểm tối đa", "Max"),
        tr(lang, "Chỉ số (%)", "Index (%)"),
        tr(lang, "Xếp loại", "Band"),
    ]
    .map(String::from)
    .to_vec();
    if r.against_previous {
        headers.push(tr(lang, "Thay đổi hạng", "Rank change").into());
        headers.push(change_points(lang).into());
    }
    headers
}

/// One unit's row of the ranking sheet.
fn rank_row(x: &RankRow, with_prev: bool, lang: Lang) -> Vec<Value> {
    let mut row = vec![
        Value::Int(x.rank as i64),
        x.unit.clone().into(),
        x.awarded.into(),
        x.applicable_max.into(),
        x.index_percent.into(),
        x.band.as_ref().map_or(Value::Empty, |b| b.label(lang).to_string().into()),
    ];
    if with_prev {
        row.push(
            x.rank_change()
                .map_or(Value::Text(tr(lang, "mới", "new").into()), |c| Value::Text(arrow(c))),
        );
        row.push(x.points_change().map_or(Value::Empty, Value::Delta));
    }
    row
}

/// `rank --format csv` written row by row: the same bytes as the CSV of [`rank_sheet`],
/// without the sheet.
pub fn write_rank_csv(r: &Ranking, lang: Lang, dialect: super::csv::Dialect, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let rows = r.rows.iter().map(|x| rank_row(x, r.against_previous, lang));
    super::sheet::write_csv(w, dialect, &rank_headers(r, lang), rows)
}

#[derive(Serialize)]
struct RankDoc<'a> {
    schema: &'static str,
    set: SetRef<'a>,
    stage: &'a str,
    units: RankUnits<'a>,
}

/// The units of a ranking, serialized one by one as they are written.
struct RankUnits<'a>(&'a [RankRow]);

impl Serialize for RankUnits<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|x| RankUnit {
            rank: x.rank,
            unit: &x.unit,
            awarded: x.awarded,
            applicable_max: x.applicable_max,
            index_percent: x.index_percent,
            band: x.band.as_deref(),
            previous_rank: x.previous.as_ref().map(|p| p.rank),
            rank_change: x.rank_change(),
            points_change: x.points_change(),
        }))
    }
}

#[derive(Serialize)]
struct SetRef<'a> {
    id: &'a str,
    title: &'a str,
    year: i32,
}

#[derive(Serialize)]
struct RankUnit<'a> {
    rank: usize,
    unit: &'a str,
    #[serde(serialize_with = "decimal")]
    awarded: Decimal,
    #[serde(serialize_with = "decimal")]
    applicable_max: Decimal,
    #[serde(serialize_with = "opt_dec")]
    index_percent: Option<Decimal>,
    band: Option<&'a Band>,
    previous_rank: Option<usize>,
    rank_change: Option<i64>,
    #[serde(serialize_with = "opt_dec")]
    points_change: Option<Decimal>,
}

fn rank_doc(r: &Ranking) -> RankDoc<'_> {
    RankDoc {
        schema: RANK_SCHEMA,
        set: SetRef {
            id: &r.set_id,
            title: &r.set_title,
            year: r.year,
        },
        stage: r.rounds.id(r.round),
        units: RankUnits(&r.rows),
    }
}

pub fn rank_json(r: &Ranking) -> String {
    json(&rank_doc(r))
}

/// [`rank_json`] written to `w` as it is serialized, never held whole in memory.
/// `rank --format json` written unit by unit: the bytes of [`rank_json`] (serde_json's
/// pretty form), each unit put together in one buffer: a national ranking has tens of
/// thousands of units, and serde's writes token by token cost more than ranking them.
///
/// Every text goes through `push_str`, which escapes hidden
/// characters itself: the output needs no pass of `escape_hidden` over the whole.
pub fn write_rank_json(r: &Ranking, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use super::json::{push_int, push_str};
    let mut b: Vec<u8> = Vec::with_capacity(1024);
    b.extend_from_slice(b"{\n  \"schema\": ");
    push_str(&mut b, RANK_SCHEMA);
    b.extend_from_slice(b",\n  \"set\": {\n    \"id\": ");
    push_str(&mut b, &r.set_id);
    b.extend_from_slice(b",\n    \"title\": ");
    push_str(&mut b, &r.set_title);
    b.extend_from_slice(b",\n    \"year\": ");
    push_int(&mut b, Some(r.year));
    b.extend_from_slice(b"\n  },\n  \"stage\": ");
    push_str(&mut b, r.rounds.id(r.round));
    b.extend_from_slice(if r.rows.is_empty() {
        b",\n  \"units\": []"
    } else {
        b",\n  \"units\": ["
    });
    w.write_all(&b)?;
    b.clear();
    // Units rendered a block at a time, two blocks at once (the second on another
    // core), and written in their order: the same bytes as one loop, in bounded memory.
    let mut other: Vec<u8> = Vec::new();
    for (k, pair) in r.rows.chunks(2 * JSON_BLOCK).enumerate() {
        let (one, two) = pair.split_at(pair.len().min(JSON_BLOCK));
        let first = k == 0;
        std::thread::scope(|scope| {
            let second = (!two.is_empty()).then(|| {
                let other = &mut other;
                scope.spawn(move || {
                    other.clear();
                    push_rank_units(other, two, false);
                })
            });
            push_rank_units(&mut b, one, first);
            // A thread that stopped (it cannot: it only formats) leaves its block empty,
            // and the output is refused below rather than written short.
            second.map(|h| h.join().is_ok()).unwrap_or(true)
        })
        .then_some(())
        .ok_or_else(|| std::io::Error::other("a formatting thread stopped"))?;
        w.write_all(&b)?;
        b.clear();
        if !two.is_empty() {
            w.write_all(&other)?;
        }
    }
    if !r.rows.is_empty() {
        b.extend_from_slice(b"\n  ]");
    }
    b.extend_from_slice(b"\n}\n");
    w.write_all(&b)?;
    w.flush()
}

/// Units of the rank JSON rendered together (a few hundred kilobytes).
const JSON_BLOCK: usize = 2048;

/// The rank JSON of `rows` appended to `b`, each unit after a comma but the very first.
fn push_rank_units(b: &mut Vec<u8>, rows: &[crate::rank::RankRow], first: bool) {
    use super::json::{push_decimal, push_int, push_str};
    for (i, x) in rows.iter().enumerate() {
        b.extend_from_slice(if first && i == 0 {
            b"\n    {\n      \"rank\": "
        } else {
            b",\n    {\n      \"rank\": "
        });
        push_int(b, Some(x.rank));
        b.extend_from_slice(b",\n      \"unit\": ");
        push_str(b, &x.unit);
        b.extend_from_slice(b",\n      \"awarded\": ");
        push_decimal(b, Some(x.awarded));
        b.extend_from_slice(b",\n      \"applicable_max\": ");
        push_decimal(b, Some(x.applicable_max));
        b.extend_from_slice(b",\n      \"index_percent\": ");
        push_decimal(b, x.index_percent);
        b.extend_from_slice(b",\n      \"band\": ");
        match &x.band {
            None => b.extend_from_slice(b"null"),
            Some(band) => {
                b.extend_from_slice(b"{\n        \"min\": ");
                push_decimal(b, Some(band.min));
                b.extend_from_slice(b",\n        \"vi\": ");
                push_str(b, &band.vi);
                b.extend_from_slice(b",\n        \"en\": ");
                push_str(b, &band.en);
                b.extend_from_slice(b"\n      }");
            }
        }
        b.extend_from_slice(b",\n      \"previous_rank\": ");
        push_int(b, x.previous.as_ref().map(|p| p.rank));
        b.extend_from_slice(b",\n      \"rank_change\": ");
        push_int(b, x.rank_change());
        b.extend_from_slice(b",\n      \"points_change\": ");
        push_decimal(b, x.points_change());
        b.extend_from_slice(b"\n    }");
    }
}

/// Reads a previous `rank --format json` into unit → (rank, awarded).
pub fn read_previous_rank(name: &str, text: &str) -> Result<std::collections::BTreeMap<String, crate::rank::Previous>, crate::i18n::Msg> {
    use crate::msg;
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| msg!("`{name}` không phải JSON: {e}", "`{name}` is not JSON: {e}"))?;
    if v["schema"] != RANK_SCHEMA {
        return Err(msg!(
            "`{name}` không phải bảng xếp hạng của parcalc (lược đồ `{RANK_SCHEMA}`)",
            "`{name}` is not a parcalc ranking (schema `{RANK_SCHEMA}`)"
        ));
    }
    let mut out = std::collections::BTreeMap::new();
    for u in v["units"].as_array().into_iter().flatten() {
        let unit = u["unit"]
            .as_str()
            .ok_or_else(|| msg!("`{name}`: có đơn vị không có tên", "`{name}`: a unit has no name"))?;
        let rank = u["rank"]
            .as_u64()
            .and_then(|r| usize::try_from(r).ok())
            .ok_or_else(|| msg!("`{name}`: {unit} không có thứ hạng", "`{name}`: {unit} has no rank"))?;
        let awarded = u["awarded"]
            .as_str()
            .and_then(|s| Decimal::from_str_exact(s).ok())
            .ok_or_else(|| msg!("`{name}`: {unit} không có điểm đạt", "`{name}`: {unit} has no awarded points"))?;
        out.insert(unit.to_string(), crate::rank::Previous { rank, awarded });
    }
    Ok(out)
}

// ---- plan -------------------------------------------------------------------------------

/// The plan as a sheet; `with_status` adds the three columns the agencies fill in for
/// `parcalc track` (Trạng thái, Ngày hoàn thành, Tài liệu kiểm chứng), left empty: the
/// spreadsheet and CSV forms have them, the printed forms do not.
pub fn plan_sheet(rows: &[PlanRow], registry: &[Agency], title: &str, lang: Lang, with_status: bool) -> Sheet {
    let mut sheet = Sheet {
        name: tr(lang, "Kế hoạch khắc phục", "Remediation plan").into(),
        title: vec![title.to_string()],
        headers: [
            tr(lang, "STT", "No."),
            tr(lang, "Mã", "Code"),
            tr(lang, "Nội dung khắc phục", "Content to fix"),
            tr(lang, "Cơ quan chủ trì", "Lead agencies"),
            tr(lang, "Cơ quan phối hợp", "Cooperating agencies"),
            tr(lang, "Thời gian hoàn thành", "Deadline"),
            tr(lang, "Điểm bị trừ", "Points at stake"),
            // Left empty for the agencies to fill in; `parcalc track` reads them back.
            tr(lang, "Trạng thái", "Status"),
            tr(lang, "Ngày hoàn thành", "Date done"),
            tr(lang, "Tài liệu kiểm chứng", "Proof"),
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|p| {
                vec![
                    Value::Int(p.stt as i64),
                    p.code.to_string().into(),
                    format!("{} ({})", p.title, p.reason_text(lang)).into(),
                    agency_names(&p.lead, registry, lang).into(),
                    agency_names(&p.cooperating, registry, lang).into(),
                    p.deadline.clone().unwrap_or_default().into(),
                    p.lost.into(),
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                ]
            })
            .collect(),
        total: Total::Sum {
            label: crate::i18n::Label::SumRow.text(lang).into(),
            at: 2,
            columns: vec![6],
        },
    };
    if !with_status {
        sheet.headers.truncate(7);
        for row in &mut sheet.rows {
            row.truncate(7);
        }
    }
    sheet
}

#[derive(Serialize)]
struct PlanDoc<'a> {
    schema: &'static str,
    set: SetRef<'a>,
    #[serde(serialize_with = "decimal")]
    total_at_stake: Decimal,
    #[serde(serialize_with = "decimal")]
    survey_not_listed: Decimal,
    rows: Vec<PlanJsonRow<'a>>,
}

#[derive(Serialize)]
struct PlanJsonRow<'a> {
    stt: usize,
    code: String,
    title: &'a str,
    reason: &'a str,
    explanation: Option<&'a str>,
    lead: &'a [String],
    cooperating: &'a [String],
    deadline: Option<&'a str>,
    #[serde(serialize_with = "decimal")]
    points_at_stake: Decimal,
}

pub fn plan_json(rows: &[PlanRow], set_id: &str, set_title: &str, year: i32, survey: Decimal) -> String {
    json(&PlanDoc {
        schema: PLAN_SCHEMA,
        set: SetRef {
            id: set_id,
            title: set_title,
            year,
        },
        total_at_stake: rows.iter().map(|r| r.lost).sum(),
        survey_not_listed: survey,
        rows: rows
            .iter()
            .map(|p| PlanJsonRow {
                stt: p.stt,
                code: p.code.to_string(),
                title: &p.title,
                reason: &p.reason,
                explanation: p.explanation.as_deref(),
                lead: &p.lead,
                cooperating: &p.cooperating,
                deadline: p.deadline.as_deref(),
                points_at_stake: p.lost,
            })
            .collect(),
    })
}

// ---- comparison -------------------------------------------------------------------------

fn presence(p: Presence, lang: Lang) -> &'static str {
    match p {
        Presence::Both => "",
        Presence::Added => tr(lang, "mới", "added"),
        Presence::Removed => tr(lang, "bỏ", "removed"),
    }
}

fn delta_rows(ds: &[Delta], lang: Lang) -> Vec<Vec<Value>> {
    ds.iter()
        .map(|d| {
            let code = match &d.old_code {
                Some(old) => format!("{} (← {old})", d.code),
                None => d.code.to_string(),
            };
            vec![
                code.into(),
                d.title.clone().into(),
                d.a.into(),
                d.b.into(),
                Value::Delta(d.points),
                d.percent.map_or(Value::Empty, Value::Delta),
                presence(d.presence, lang).into(),
            ]
        })
        .collect()
}

pub fn compare_sheets(c: &Comparison, lang: Lang, all: bool) -> Vec<Sheet> {
    let headers = |first: &str| -> Vec<String> {
        vec![
            tr(lang, "Mã", "Code").into(),
            first.into(),
            c.a.label.clone(),
            c.b.label.clone(),
            change_points(lang).into(),
            tr(lang, "Tỷ lệ % tăng (+)/giảm (−)", "% of max up (+)/down (−)").into(),
            String::new(),
        ]
    };
    let total_line = format!(
        "{}: {} {} → {} {} ({} {}){}",
        tr(lang, "Tổng điểm", "Total"),
        c.a.label,
        show(c.a.awarded, lang),
        c.b.label,
        show(c.b.awarded, lang),
        signed(c.b.awarded - c.a.awarded, lang),
        tr(lang, "điểm", "points"),
        match (c.a.index_percent, c.b.index_percent) {
            (Some(x), Some(y)) => format!(" · {}: {}% → {}%", tr(lang, "chỉ số", "index"), show(x, lang), show(y, lang)),
            _ => String::new(),
        }
    );
    let areas = Sheet {
        name: tr(lang, "Lĩnh vực", "Areas").into(),
        title: vec![
            format!("{} {} → {}", tr(lang, "So sánh", "Comparison"), c.a.label, c.b.label),
            total_line,
            better_line(lang),
        ],
        headers: headers(tr(lang, "Lĩnh vực", "Area")),
        rows: delta_rows(&c.areas, lang),
        total: Total::None,
    };
    let shown: Vec<Delta> = c
        .criteria
        .iter()
        .filter(|d| all || d.points != Decimal::ZERO || d.presence != Presence::Both)
        .cloned()
        .collect();
    let hidden = c.criteria.len() - shown.len();
    let mut title = vec![
        tr(
            lang,
            "Theo tiêu chí (giảm nhiều nhất trước)",
            "By criterion (largest regression first)",
        )
        .to_string(),
    ];
    if hidden > 0 {
        title.push(format!(
            "{hidden} {}",
            tr(
                lang,
                "tiêu chí không thay đổi không được liệt kê (--all để xem)",
                "unchanged criteria not listed (--all shows them)"
            )
        ));
    }
    let mut criteria = Sheet {
        name: tr(lang, "Tiêu chí", "Criteria").into(),
        title,
        headers: headers(tr(lang, "Tiêu chí", "Criterion")),
        rows: delta_rows(&shown, lang),
        total: Total::None,
    };
    if criteria.rows.is_empty() {
        // A sentence, not an empty table.
        criteria.title.insert(
            1,
            tr(lang, "Không có tiêu chí nào thay đổi điểm.", "No criterion's points changed.").into(),
        );
        criteria.headers.clear();
    }
    let (a, b) = (&c.a.label, &c.b.label);
    let mut agencies = Sheet {
        name: tr(lang, "Cơ quan", "Agencies").into(),
        title: vec![
            tr(lang, "Điểm bị trừ theo cơ quan", "Points lost by agency").into(),
            match lang {
                Lang::Vi => format!("Số dương (+): cơ quan bị trừ ít điểm hơn ở {b} so với {a}; số âm (−): bị trừ nhiều hơn."),
                Lang::En => format!("Positive (+): the agency lost fewer points in {b} than in {a}; negative (−): more."),
            },
        ],
        headers: vec![
            tr(lang, "Cơ quan", "Agency").into(),
            format!("{} {a}", tr(lang, "Bị trừ", "Lost")),
            format!("{} {b}", tr(lang, "Bị trừ", "Lost")),
            tr(lang, "Điểm bị trừ giảm (+)/tăng (−)", "Lost points down (+)/up (−)").into(),
        ],
        rows: c
            .agencies
            .iter()
            .map(|x| {
                vec![
                    x.name.clone().into(),
                    x.a_lost.into(),
                    x.b_lost.into(),
                    Value::Delta(x.lost_reduced),
                ]
            })
            .collect(),
        total: Total::None,
    };
    if agencies.rows.is_empty() {
        agencies.title.truncate(1);
        agencies.title.push(
            tr(
                lang,
                "Không vế nào ghi cơ quan chịu trách nhiệm.",
                "Neither side names responsible agencies.",
            )
            .into(),
        );
        agencies.headers.clear();
    }
    let mut sheets = vec![areas, criteria, agencies];
    // The presence column only matters when a criterion was added or removed.
    for s in sheets.iter_mut().take(2) {
        if s.rows.iter().all(|r| r.last().is_none_or(|v| *v == Value::Text(String::new()))) {
            s.headers.pop();
            for r in &mut s.rows {
                r.pop();
            }
        }
    }
    sheets
}

/// One tidy table for CSV: level, code, old code, title, A, B, change, change %, presence.
/// `change` is positive when B is better throughout: B − A of points awarded, and for
/// `agency_lost` rows (whose A and B are points lost) A − B, the points no longer lost.
/// Numbers are plain, with an ASCII `-`.
pub fn compare_csv_sheet(c: &Comparison) -> Sheet {
    let mut rows = Vec::new();
    rows.push(vec![
        "total".into(),
        Value::Empty,
        Value::Empty,
        Value::Empty,
        c.a.awarded.into(),
        c.b.awarded.into(),
        (c.b.awarded - c.a.awarded).into(),
        Value::Empty,
        Value::Empty,
    ]);
    for (level, ds) in [("area", &c.areas), ("criterion", &c.criteria)] {
        for d in ds {
            rows.push(vec![
                level.into(),
                d.code.to_string().into(),
                d.old_code.as_ref().map_or(Value::Empty, |o| o.to_string().into()),
                d.title.clone().into(),
                d.a.into(),
                d.b.into(),
                d.points.into(),
                d.percent.into(),
                format!("{:?}", d.presence).to_lowercase().into(),
            ]);
        }
    }
    for a in &c.agencies {
        rows.push(vec![
            "agency_lost".into(),
            a.id.clone().into(),
            Value::Empty,
            a.name.clone().into(),
            a.a_lost.into(),
            a.b_lost.into(),
            a.lost_reduced.into(),
            Value::Empty,
            Value::Empty,
        ]);
    }
    Sheet {
        name: "compare".into(),
        title: vec![],
        headers: [
            "level",
            "code",
            "old_code",
            "title",
            "a",
            "b",
            "change",
            "change_percent",
            "presence",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        total: Total::None,
    }
}

#[derive(Serialize)]
struct CompareDoc<'a> {
    schema: &'static str,
    a: SideRef<'a>,
    b: SideRef<'a>,
    #[serde(serialize_with = "decimal")]
    change: Decimal,
    areas: Vec<DeltaJson<'a>>,
    criteria: Vec<DeltaJson<'a>>,
    agencies: Vec<AgencyJson<'a>>,
}

#[derive(Serialize)]
struct SideRef<'a> {
    label: &'a str,
    set: &'a str,
    year: i32,
    #[serde(serialize_with = "decimal")]
    awarded: Decimal,
    #[serde(serialize_with = "decimal")]
    applicable_max: Decimal,
    #[serde(serialize_with = "opt_dec")]
    index_percent: Option<Decimal>,
}

#[derive(Serialize)]
struct DeltaJson<'a> {
    code: String,
    old_code: Option<String>,
    title: &'a str,
    #[serde(serialize_with = "opt_dec")]
    a: Option<Decimal>,
    #[serde(serialize_with = "opt_dec")]
    b: Option<Decimal>,
    #[serde(serialize_with = "decimal")]
    change: Decimal,
    #[serde(serialize_with = "opt_dec")]
    change_percent: Option<Decimal>,
    presence: Presence,
}

#[derive(Serialize)]
struct AgencyJson<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(serialize_with = "decimal")]
    a_lost: Decimal,
    #[serde(serialize_with = "decimal")]
    b_lost: Decimal,
    /// `a_lost − b_lost`: positive when the agency lost fewer points on side B.
    #[serde(serialize_with = "decimal")]
    lost_reduced: Decimal,
}

pub fn compare_json(c: &Comparison) -> String {
    let side = |s: &'_ crate::compare::Side| SideRef {
        label: "",
        set: "",
        year: s.year,
        awarded: s.awarded,
        applicable_max: s.applicable_max,
        index_percent: s.index_percent,
    };
    let mut a = side(&c.a);
    a.label = &c.a.label;
    a.set = &c.a.set_id;
    let mut b = side(&c.b);
    b.label = &c.b.label;
    b.set = &c.b.set_id;
    fn deltas(ds: &[Delta]) -> Vec<DeltaJson<'_>> {
        ds.iter()
            .map(|d| DeltaJson {
                code: d.code.to_string(),
                old_code: d.old_code.as_ref().map(ToString::to_string),
                title: &d.title,
                a: d.a,
                b: d.b,
                change: d.points,
                change_percent: d.percent,
                presence: d.presence,
            })
            .collect()
    }
    json(&CompareDoc {
        schema: COMPARE_SCHEMA,
        a,
        b,
        change: c.b.awarded - c.a.awarded,
        areas: deltas(&c.areas),
        criteria: deltas(&c.criteria),
        agencies: c
            .agencies
            .iter()
            .map(|x| AgencyJson {
                id: &x.id,
                name: &x.name,
                a_lost: x.a_lost,
                b_lost: x.b_lost,
                lost_reduced: x.lost_reduced,
            })
            .collect(),
    })
}

// ---- stages -----------------------------------------------------------------------------

/// `thẩm định lần 2` → `Thẩm định lần 2`, for headers.
fn capital(text: &str) -> String {
    let mut c = text.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A fixed set of columns whatever the data: the explanation column is there (empty) when
/// no criterion was explained. It is headed "Nội dung giải trình"/"Explanations given" so
/// that it is not mistaken for the column of the explanation round (`giải trình`).
fn stages_headers(r: &RoundComparison, lang: Lang) -> Vec<String> {
    let (from, to) = (&r.from.1, &r.to.1);
    vec![
        tr(lang, "Mã", "Code").to_string(),
        tr(lang, "Tiêu chí", "Criterion").to_string(),
        capital(from),
        capital(to),
        change_points(lang).to_string(),
        format!("{} ({from})", tr(lang, "Lý do", "Reason")),
        format!("{} ({to})", tr(lang, "Lý do", "Reason")),
        tr(lang, "Nội dung giải trình", "Explanations given").to_string(),
    ]
}

/// The criteria whose points changed between the two rounds; when there are none, a
/// sentence saying so under the title and no table (a sheet without headers is shown as its
/// title only). A second sheet totals the change by agency.
pub fn stages_sheets(r: &RoundComparison, lang: Lang) -> Vec<Sheet> {
    let changes = &r.changes;
    let default_pair = r.from.0 == "self" && r.to.0 == "appraisal";
    let (from, to) = (&r.from.1, &r.to.1);
    let mut title = vec![if default_pair {
        tr(
            lang,
            "Tiêu chí bị hội đồng thẩm định điều chỉnh điểm",
            "Criteria whose points the appraisal changed",
        )
        .to_string()
    } else {
        match lang {
            Lang::Vi => format!("Tiêu chí thay đổi điểm từ {from} đến {to}"),
            Lang::En => format!("Criteria whose points changed from {from} to {to}"),
        }
    }];
    if !changes.is_empty() {
        title.push(better_line(lang));
    }
    if changes.is_empty() {
        title.push(if default_pair {
            tr(
                lang,
                "Không có: điểm thẩm định của mọi tiêu chí bằng điểm tự đánh giá.",
                "None: the appraisal gave every criterion the points of the self-assessment.",
            )
            .into()
        } else {
            match lang {
                Lang::Vi => format!("Không có: điểm {to} của mọi tiêu chí bằng điểm {from}."),
                Lang::En => format!("None: {to} gave every criterion the points of {from}."),
            }
        });
    }
    let criteria = Sheet {
        name: capital(to),
        title,
        headers: if changes.is_empty() { Vec::new() } else { stages_headers(r, lang) },
        rows: changes
            .iter()
            .map(|s| {
                vec![
                    s.code.to_string().into(),
                    s.title.clone().into(),
                    s.from_points.into(),
                    s.to_points.into(),
                    Value::Delta(s.change),
                    s.from_reason.clone().unwrap_or_default().into(),
                    s.to_reason.clone().unwrap_or_default().into(),
                    s.explanations.join("; ").into(),
                ]
            })
            .collect(),
        total: Total::None,
    };
    if changes.is_empty() || r.agencies.is_empty() {
        return vec![criteria];
    }
    let mut rows: Vec<Vec<Value>> = r
        .agencies
        .iter()
        .map(|a| vec![a.name.clone().into(), a.from_lost.into(), a.to_lost.into(), Value::Delta(a.change)])
        .collect();
    let sum = |f: fn(&crate::compare::AgencyRoundChange) -> Decimal| r.agencies.iter().map(f).sum::<Decimal>();
    rows.push(vec![
        tr(lang, "Tổng", "Total").into(),
        sum(|a| a.from_lost).into(),
        sum(|a| a.to_lost).into(),
        Value::Delta(sum(|a| a.change)),
    ]);
    let agencies = Sheet {
        name: tr(lang, "Theo cơ quan", "By agency").into(),
        title: vec![
            match lang {
                Lang::Vi => format!("Điểm bị trừ theo cơ quan: {from} → {to}"),
                Lang::En => format!("Points lost by agency: {from} → {to}"),
            },
            match lang {
                Lang::Vi => format!("Số dương (+): cơ quan bị trừ ít điểm hơn ở {to} so với {from}; số âm (−): bị trừ nhiều hơn."),
                Lang::En => format!("Positive (+): the agency lost fewer points in {to} than in {from}; negative (−): more."),
            },
        ],
        headers: vec![
            tr(lang, "Cơ quan", "Agency").to_string(),
            format!("{} ({from})", tr(lang, "Bị trừ", "Lost")),
            format!("{} ({to})", tr(lang, "Bị trừ", "Lost")),
            tr(lang, "Điểm bị trừ giảm (+)/tăng (−)", "Lost points down (+)/up (−)").into(),
        ],
        rows,
        total: Total::LastRow,
    };
    vec![criteria, agencies]
}

/// The round changes as CSV reads them: the criteria table, with its header row even when
/// no criterion changed.
pub fn stages_csv_sheet(r: &RoundComparison, lang: Lang) -> Sheet {
    let mut sheets = stages_sheets(r, lang);
    Sheet {
        headers: stages_headers(r, lang),
        ..sheets.swap_remove(0)
    }
}

#[derive(Serialize)]
struct StageJson<'a> {
    code: String,
    title: &'a str,
    #[serde(serialize_with = "decimal")]
    from_points: Decimal,
    #[serde(serialize_with = "decimal")]
    to_points: Decimal,
    #[serde(serialize_with = "decimal")]
    change: Decimal,
    from_status: crate::score::Status,
    to_status: crate::score::Status,
    from_reason: Option<&'a str>,
    to_reason: Option<&'a str>,
    explanations: &'a [String],
}

#[derive(Serialize)]
struct AgencyRoundJson<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(serialize_with = "decimal")]
    from_lost: Decimal,
    #[serde(serialize_with = "decimal")]
    to_lost: Decimal,
    #[serde(serialize_with = "decimal")]
    change: Decimal,
}

/// Version 2: the two rounds compared (`from`, `to`), `from_*`/`to_*` where version 1 had
/// `self_*`/`appraisal_*`, statuses, explanations, and the change by agency.
pub fn stages_json(r: &RoundComparison) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        schema: &'static str,
        from: &'a str,
        to: &'a str,
        changes: Vec<StageJson<'a>>,
        agencies: Vec<AgencyRoundJson<'a>>,
    }
    json(&Doc {
        schema: STAGES_SCHEMA,
        from: &r.from.0,
        to: &r.to.0,
        changes: r
            .changes
            .iter()
            .map(|s| StageJson {
                code: s.code.to_string(),
                title: &s.title,
                from_points: s.from_points,
                to_points: s.to_points,
                change: s.change,
                from_status: s.from_status,
                to_status: s.to_status,
                from_reason: s.from_reason.as_deref(),
                to_reason: s.to_reason.as_deref(),
                explanations: &s.explanations,
            })
            .collect(),
        agencies: r
            .agencies
            .iter()
            .map(|a| AgencyRoundJson {
                id: &a.id,
                name: &a.name,
                from_lost: a.from_lost,
                to_lost: a.to_lost,
                change: a.change,
            })
            .collect(),
    })
}

// ---- what-if ----------------------------------------------------------------------------

pub fn whatif_sheet(changes: &[WhatIfChange], baseline: Decimal, combined: Decimal, lang: Lang) -> Sheet {
    let mut rows: Vec<Vec<Value>> = changes
        .iter()
        .map(|w| vec![w.text.clone().into(), w.before.into(), w.after.into(), Value::Delta(w.gain)])
        .collect();
    rows.push(vec![
        tr(lang, "Tất cả thay đổi", "All changes together").into(),
        baseline.into(),
        combined.into(),
        Value::Delta(combined - baseline),
    ]);
    Sheet {
        name: "what-if".into(),
        title: vec![
            tr(
                lang,
                "Giả định (--set): điểm tăng thêm của từng thay đổi",
                "What-if (--set): the gain of each change",
            )
            .into(),
        ],
        headers: [
            tr(lang, "Thay đổi", "Change"),
            tr(lang, "Điểm trước", "Before"),
            tr(lang, "Điểm sau", "After"),
            tr(lang, "Tăng tổng điểm", "Total gain"),
        ]
        .map(String::from)
        .to_vec(),
        rows,
        total: Total::LastRow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::csv::Dialect;

    fn ranking(units: usize, against_previous: bool) -> Ranking {
        let bands = [
            Band {
                min: Decimal::new(80, 0),
                vi: "Tốt".into(),
                en: "Good".into(),
            },
            Band {
                min: Decimal::ZERO,
                vi: "Yếu, \"kém\"".into(),
                en: "=Weak".into(),
            },
        ];
        let names = [
            "Xã \u{202e}đảo\u{202c}",
            "\"Phường\", =1+1",
            "Thị trấn\u{85}\u{7f}",
            "Huyện\n2",
            "@cmd",
        ];
        let rows = (0..units)
            .map(|i| {
                let awarded = Decimal::new(10_000 - i as i64, 2);
                RankRow {
                    rank: i + 1 - i % 3 / 2,
                    unit: format!("{} {i:05}", names[i % names.len()]),
                    awarded,
                    applicable_max: Decimal::new(100, 0),
                    index_percent: (i % 7 != 0).then_some(awarded),
                    band: (i % 5 != 0).then(|| std::sync::Arc::new(bands[i % 2].clone())),
                    previous: (against_previous && i % 4 != 0).then(|| crate::rank::Previous {
                        rank: (i * 7) % units.max(1) + 1,
                        awarded: Decimal::new(9_000 + i as i64 * 3, 3),
                    }),
                }
            })
            .collect();
        Ranking {
            set_id: "set\u{202e}".into(),
            set_title: "Bộ \"chỉ số\"".into(),
            year: 2025,
            round: crate::round::Round::default(),
            rounds: crate::round::Rounds::default(),
            rows,
            against_previous,
            results: Default::default(),
        }
    }

    /// The streamed JSON and CSV are the bytes the whole string and the sheet give.
    #[test]
    fn streamed_rank_output_matches_the_built_one() {
        // Block edges of the JSON rendered two blocks at a time: one block, one and a bit,
        // two, two and a bit, and several pairs.
        let b = JSON_BLOCK;
        for units in [0, 1, 2, 3, 1000, b, b + 1, 2 * b, 2 * b + 1, 5 * b + 7] {
            for prev in [false, true] {
                let r = ranking(units, prev);
                let mut json = Vec::new();
                write_rank_json(&r, &mut json).unwrap();
                assert_eq!(String::from_utf8(json).unwrap(), rank_json(&r), "{units} units, previous {prev}");
                if units > 1000 {
                    continue;
                }
                for lang in [Lang::Vi, Lang::En] {
                    let sheet = rank_sheet(&r, lang);
                    for dialect in [Dialect::Plain, Dialect::Excel, Dialect::ExcelVi] {
                        let mut csv = Vec::new();
                        write_rank_csv(&r, lang, dialect, &mut csv).unwrap();
                        assert_eq!(
                            String::from_utf8(csv).unwrap(),
                            sheet.csv_in(dialect),
                            "{units} units, previous {prev}, {lang:?}, {dialect:?}"
                        );
                    }
                }
            }
        }
    }
}
