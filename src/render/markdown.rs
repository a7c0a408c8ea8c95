//! Markdown report, for pasting into documents and issue trackers.

use crate::i18n::Label;
use crate::number::Lang;
use crate::score::ScoreResult;

fn cell(text: &str) -> String {
    super::sheet::markdown_text(text)
}

/// The summary as Markdown under a heading of `level`: the title, stage, the total line in
/// bold, and the largest losses as a list with their full titles.
fn summary(r: &ScoreResult, lang: Lang, level: usize) -> String {
    let s = super::table::summary(r, lang);
    let mut out = format!("{} {}\n\n", "#".repeat(level), cell(&s.title));
    for l in &s.context {
        out.push_str(&format!("{}  \n", cell(l)));
    }
    out.push_str(&format!("**{}**  \n", cell(&s.totals.join(" · "))));
    if let Some(a) = &s.applicable {
        out.push_str(&format!("{}  \n", cell(a)));
    }
    out.push('\n');
    if s.top.is_empty() {
        out.push_str(&format!("{}\n", cell(Label::NoLosses.text(lang))));
        return out;
    }
    out.push_str(&format!("{}:\n\n", cell(Label::LargestLosses.text(lang))));
    for l in &s.top {
        out.push_str(&format!("- **{}** −{} · {}", cell(&l.code), l.lost, cell(&l.title)));
        if !l.agencies.is_empty() {
            out.push_str(&format!(" · {}: {}", cell(Label::ResponsibleShort.text(lang)), cell(&l.agencies)));
        }
        out.push('\n');
    }
    if let Some(tie) = s.tie_line(lang) {
        out.push_str(&format!("- {}\n", cell(&tie)));
    }
    out
}

/// `parcalc score --format markdown`: the summary, the tables, bonus and penalty lines, and
/// the summary again after a rule.
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    let mut out = summary(r, lang, 1);
    for sheet in super::table::sheets(r, lang) {
        out.push('\n');
        if sheet.rows.is_empty() {
            out.push_str(&format!("## {}\n\n{}\n", cell(&sheet.title.join(" ")), Label::NoLosses.text(lang)));
        } else {
            out.push_str(&sheet.markdown(lang));
        }
    }
    let adj = super::table::adjustments(r, lang);
    if !adj.is_empty() {
        out.push('\n');
        for line in adj {
            out.push_str(&cell(&line));
            out.push_str("  \n");
        }
    }
    out.push_str("\n---\n\n");
    out.push_str(&summary(r, lang, 2));
    out
}

/// `parcalc score --format markdown --brief`: the summary alone.
pub fn brief(r: &ScoreResult, lang: Lang) -> String {
    summary(r, lang, 1)
}
