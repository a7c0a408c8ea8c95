//! Markdown report, for pasting into documents and issue trackers.

use crate::i18n::Label;
use crate::number::Lang;
use crate::score::ScoreResult;

fn cell(text: &str) -> String {
    super::sheet::markdown_text(text)
}

/// `parcalc score --format markdown`.
pub fn score(r: &ScoreResult, lang: Lang) -> String {
    let lines = super::table::summary(r, lang);
    let mut out = format!("# {}\n\n", cell(&lines[0]));
    for l in &lines[1..] {
        out.push_str(&format!("{}  \n", cell(l)));
    }
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
        for line in adj.lines() {
            out.push_str(&cell(line));
            out.push_str("  \n");
        }
    }
    out
}
