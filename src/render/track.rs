//! `parcalc track` reports: the items with their status, the per-agency counts and points,
//! the JSON document (`parcalc.track/1`) and the iCalendar file of deadlines.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::json::decimal;
use super::sheet::{Sheet, Total, Value};
use crate::i18n::tr;
use crate::number::{Lang, show};
use crate::track::{State, Tracking};

pub const TRACK_SCHEMA: &str = "parcalc.track/1";

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The lead agency's name, or "(chưa giao)" for items without one.
pub fn agency_label(name: &str, lang: Lang) -> String {
    if name.is_empty() {
        tr(lang, "(chưa giao)", "(unassigned)").to_string()
    } else {
        name.to_string()
    }
}

/// The title lines: the day, the scores secured and projected, and the totals per state.
pub fn title(t: &Tracking, set_title: &str, lang: Lang) -> Vec<String> {
    let mut lines = vec![format!(
        "{set_title} — {} {} ({} {})",
        tr(lang, "theo dõi kế hoạch khắc phục đến ngày", "remediation plan tracked on"),
        date(t.as_of),
        tr(lang, "năm kế hoạch", "plan year"),
        t.plan_year
    )];
    if let Some(s) = &t.scores {
        lines.push(format!(
            "{}: {}/{} · {}: {}/{}",
            tr(lang, "Điểm đã đạt theo số liệu hiện tại", "Score secured on current evidence"),
            show(s.secured, lang),
            show(s.max, lang),
            tr(
                lang,
                "Điểm dự kiến nếu hoàn thành mọi nội dung còn lại",
                "Projected score if every open item is completed"
            ),
            show(s.projected, lang),
            show(s.max, lang)
        ));
    }
    lines.push(
        State::ALL
            .iter()
            .map(|s| {
                let i = *s as usize;
                format!(
                    "{}: {} ({} {})",
                    s.label(lang),
                    t.total.count[i],
                    show(t.total.points[i], lang),
                    tr(lang, "điểm", "points")
                )
            })
            .collect::<Vec<_>>()
            .join(" · "),
    );
    let flagged = t.items.iter().filter(|i| i.unconfirmed).count();
    if flagged > 0 {
        lines.push(format!(
            "{}: {flagged}",
            tr(
                lang,
                "Báo hoàn thành nhưng số liệu chưa cho thấy đạt",
                "Reported done but the evidence does not yet show the criterion met"
            )
        ));
    }
    lines
}

/// One row per item, in code order.
pub fn items_sheet(t: &Tracking, title: Vec<String>, lang: Lang) -> Sheet {
    Sheet {
        name: tr(lang, "Theo dõi", "Tracking").into(),
        title,
        headers: [
            tr(lang, "Mã", "Code"),
            tr(lang, "Nội dung khắc phục", "Content to fix"),
            tr(lang, "Cơ quan chủ trì", "Lead agencies"),
            tr(lang, "Cơ quan phối hợp", "Cooperating agencies"),
            tr(lang, "Thời gian hoàn thành", "Deadline"),
            tr(lang, "Hạn", "Due"),
            tr(lang, "Tình trạng", "Status"),
            tr(lang, "Điểm bị trừ", "Points at stake"),
            tr(lang, "Ghi chú", "Note"),
        ]
        .map(String::from)
        .to_vec(),
        rows: t
            .items
            .iter()
            .map(|x| {
                let note = if x.unconfirmed {
                    format!(
                        "{} ({} {})",
                        tr(lang, "số liệu chưa cho thấy đạt", "evidence does not yet show it met"),
                        tr(lang, "vẫn bị trừ", "still loses"),
                        show(x.lost_now.unwrap_or_default(), lang)
                    )
                } else {
                    String::new()
                };
                vec![
                    x.item.code.to_string().into(),
                    x.item.content.clone().into(),
                    x.item.lead.join("; ").into(),
                    x.item.cooperating.join("; ").into(),
                    x.item.deadline_text.clone().into(),
                    x.due.map(date).unwrap_or_default().into(),
                    x.state.label(lang).into(),
                    x.item.points.into(),
                    note.into(),
                ]
            })
            .collect(),
        total: Total::Sum {
            label: crate::i18n::Label::SumRow.text(lang).into(),
            at: 1,
            columns: vec![7],
        },
    }
}

/// One row per lead agency: the count and points in each state.
pub fn agencies_sheet(t: &Tracking, lang: Lang) -> Sheet {
    let mut headers = vec![tr(lang, "Cơ quan chủ trì", "Lead agency").to_string()];
    for s in State::ALL {
        headers.push(format!("{} ({})", s.label(lang), tr(lang, "số", "items")));
        headers.push(format!("{} ({})", s.label(lang), tr(lang, "điểm", "points")));
    }
    Sheet {
        name: tr(lang, "Theo cơ quan", "By agency").into(),
        title: vec![format!(
            "{} ({} {} {})",
            tr(lang, "Theo cơ quan chủ trì", "By lead agency"),
            tr(lang, "sắp đến hạn: trong", "due soon: within"),
            t.within,
            tr(lang, "ngày", "days")
        )],
        headers,
        rows: t
            .agencies
            .iter()
            .map(|(name, tally)| {
                let mut row: Vec<Value> = vec![agency_label(name, lang).into()];
                for s in State::ALL {
                    row.push(Value::Int(tally.count[s as usize] as i64));
                    row.push(tally.points[s as usize].into());
                }
                row
            })
            .collect(),
        total: Total::None,
    }
}

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    set: SetRef<'a>,
    as_of: String,
    plan_year: i32,
    due_within_days: i64,
    scores: Option<Scores>,
    totals: Counts,
    agencies: Vec<AgencyDoc>,
    items: Vec<ItemDoc<'a>>,
}

#[derive(Serialize)]
struct SetRef<'a> {
    id: &'a str,
    title: &'a str,
    year: i32,
}

#[derive(Serialize)]
struct Scores {
    #[serde(serialize_with = "decimal")]
    secured: Decimal,
    #[serde(serialize_with = "decimal")]
    projected: Decimal,
    #[serde(serialize_with = "decimal")]
    max: Decimal,
}

#[derive(Serialize)]
struct Count {
    items: usize,
    #[serde(serialize_with = "decimal")]
    points: Decimal,
}

#[derive(Serialize)]
struct Counts {
    done: Count,
    on_track: Count,
    due_soon: Count,
    overdue: Count,
}

fn counts(t: &crate::track::Tally) -> Counts {
    let c = |s: State| Count {
        items: t.count[s as usize],
        points: t.points[s as usize],
    };
    Counts {
        done: c(State::Done),
        on_track: c(State::OnTrack),
        due_soon: c(State::DueSoon),
        overdue: c(State::Overdue),
    }
}

#[derive(Serialize)]
struct AgencyDoc {
    agency: Option<String>,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct ItemDoc<'a> {
    code: String,
    content: &'a str,
    lead: &'a [String],
    cooperating: &'a [String],
    deadline: &'a str,
    repeat: Option<&'static str>,
    due_dates: Vec<String>,
    due: Option<String>,
    status: &'static str,
    reported: &'static str,
    done_on: Option<String>,
    proof: Option<&'a str>,
    #[serde(serialize_with = "decimal")]
    points_at_stake: Decimal,
    #[serde(serialize_with = "super::json::opt_decimal")]
    lost_now: Option<Decimal>,
    unconfirmed: bool,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn json(t: &Tracking, set_id: &str, set_title: &str, year: i32) -> String {
    let doc = Doc {
        schema: TRACK_SCHEMA,
        set: SetRef {
            id: set_id,
            title: set_title,
            year,
        },
        as_of: iso(t.as_of),
        plan_year: t.plan_year,
        due_within_days: t.within,
        scores: t.scores.as_ref().map(|s| Scores {
            secured: s.secured,
            projected: s.projected,
            max: s.max,
        }),
        totals: counts(&t.total),
        agencies: t
            .agencies
            .iter()
            .map(|(name, tally)| AgencyDoc {
                agency: (!name.is_empty()).then(|| name.clone()),
                counts: counts(tally),
            })
            .collect(),
        items: t
            .items
            .iter()
            .map(|x| ItemDoc {
                code: x.item.code.to_string(),
                content: &x.item.content,
                lead: &x.item.lead,
                cooperating: &x.item.cooperating,
                deadline: &x.item.deadline_text,
                repeat: x.item.deadline.as_ref().map(|d| d.repeat.key()),
                due_dates: x.item.deadline.iter().flat_map(|d| d.dates.iter().copied().map(iso)).collect(),
                due: x.due.map(iso),
                status: x.state.key(),
                reported: x.item.reported.key(),
                done_on: x.item.done_on.map(iso),
                proof: (!x.item.proof.is_empty()).then_some(x.item.proof.as_str()),
                points_at_stake: x.item.points,
                lost_now: x.lost_now,
                unconfirmed: x.unconfirmed,
            })
            .collect(),
    };
    let mut s = super::json::escape_hidden(serde_json::to_string_pretty(&doc).unwrap_or_default());
    s.push('\n');
    s
}

/// A short stable hash of a text, for UIDs.
fn tag(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes()).iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The iCalendar file: one all-day event per open item, per date it falls due in the plan's
/// year (recurring deadlines expanded), per lead agency. UIDs are made from the criterion,
/// the date and the agency; DTSTAMP is the day tracked, so the file is the same on every run.
pub fn ics(t: &Tracking, set_title: &str, lang: Lang) -> String {
    use icalendar::{Calendar, Component, Event, EventLike};
    let mut cal = Calendar::new();
    cal.name(&format!("{set_title} — {}", tr(lang, "kế hoạch khắc phục", "remediation plan")));
    let stamp = t.as_of.and_hms_opt(0, 0, 0).map(|d| d.and_utc()).unwrap_or_default();
    for x in t.items.iter().filter(|x| x.state != State::Done) {
        let Some(deadline) = &x.item.deadline else { continue };
        let unassigned = [String::new()];
        let leads: &[String] = if x.item.lead.is_empty() { &unassigned } else { &x.item.lead };
        for lead in leads {
            for d in &deadline.dates {
                let agency = agency_label(lead, lang);
                let title = x.item.content.split(" (").next().unwrap_or_default();
                // Control characters are not allowed in iCalendar text: shown escaped as elsewhere.
                let agency = crate::text::visible(&agency).into_owned();
                let summary = crate::text::visible(&format!("{} {title} — {agency}", x.item.code)).into_owned();
                let mut description = format!(
                    "{}: {agency}\n{}: {}\n{}: {}\n{}: {}",
                    tr(lang, "Cơ quan chủ trì", "Lead agency"),
                    tr(lang, "Cơ quan phối hợp", "Cooperating agencies"),
                    x.item.cooperating.join("; "),
                    tr(lang, "Thời gian hoàn thành", "Deadline"),
                    x.item.deadline_text,
                    tr(lang, "Điểm bị trừ", "Points at stake"),
                    show(x.item.points, lang)
                );
                if !x.item.content.is_empty() {
                    description.push('\n');
                    description.push_str(&x.item.content);
                }
                let uid = format!(
                    "{}-{:04}{:02}{:02}-{}@parcalc",
                    x.item.code,
                    d.year(),
                    d.month(),
                    d.day(),
                    tag(lead)
                );
                let event = Event::new()
                    .uid(&uid)
                    .timestamp(stamp)
                    .summary(&summary)
                    .description(&crate::text::visible_lines(&description))
                    .starts(*d)
                    .ends(d.succ_opt().unwrap_or(*d))
                    .add_property("CATEGORIES", agency.as_str())
                    .done();
                cal.push(event);
            }
        }
    }
    fold(&cal.done().to_string())
}

/// The file with every content line folded at 75 octets (RFC 5545 §3.1), on character
/// boundaries, whatever the writer did: its own folding can leave a 76-octet line.
fn fold(ics: &str) -> String {
    const LIMIT: usize = 75;
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 64 * 3);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let mut room = LIMIT;
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > room {
                out.push_str("\r\n ");
                // The continuation's leading space counts.
                room = LIMIT - 1;
                used = 0;
            }
            out.push(c);
            used += c.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn lines_are_folded_at_75_octets_on_character_boundaries() {
        let long = format!("DESCRIPTION:{}", "Phòng Nội vụ; ".repeat(20));
        let text = format!("BEGIN:VCALENDAR\r\n{long}\r\nEND:VCALENDAR\r\n");
        let folded = fold(&text);
        assert!(folded.ends_with("END:VCALENDAR\r\n"));
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(folded.split("\r\n").filter(|l| l.starts_with(' ')).count() >= 4);
        // Unfolding gives the text back; folding twice changes nothing.
        assert_eq!(folded.replace("\r\n ", ""), text);
        assert_eq!(fold(&folded), folded);
        // A line of exactly 75 octets stays whole; 76 is folded.
        let exact = format!("X:{}\r\n", "a".repeat(73));
        assert_eq!(fold(&exact), exact);
        let over = format!("X:{}\r\n", "a".repeat(74));
        assert_eq!(fold(&over), format!("X:{}\r\n a\r\n", "a".repeat(73)));
    }
}
