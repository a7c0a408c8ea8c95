//! Fitting terminal text to a width: display widths, word wrapping, and the column widths of
//! a table.
//!
//! Widths are display columns (`unicode-width`, as comfy-table measures cells): a composed
//! Vietnamese letter is one column, a CJK character two, a combining mark none.
//!
//! Tables keep numbers whole: a column holding a number, or only short text such as a
//! criterion code, a date or a rank change, is never narrower than its widest cell (its
//! header may wrap at spaces). Long text (titles, reasons, agencies) wraps at spaces, and a
//! word longer than its column is cut. When the whole table cannot fit even so, the caller
//! lays each row out as a record instead (see [`crate::render::sheet::Sheet::table_at`]).

use unicode_width::UnicodeWidthStr;

/// Display width of `text` in terminal columns.
pub fn width(text: &str) -> usize {
    text.width()
}

/// Text columns narrower than this read badly; a table that cannot give each text column
/// this much (or its whole content, if shorter) is shown as records.
pub const TEXT_MIN: usize = 18;

/// A text column whose cells are all at most this wide is kept whole, like a number column.
pub const SHORT: usize = 16;

/// `text` broken into lines of at most `width` columns, at spaces; a word wider than
/// `width` is cut between characters. Text that fits is returned as it is; when it is
/// wrapped, runs of spaces between words become one. Never empty: empty text is one empty
/// line. A single character wider than `width` (a CJK character at width 1) still gets a
/// line of its own.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_hanging(text, width, "", "")
}

/// Like [`wrap`], with `first` before the first line and `rest` before the others (a label
/// and a hanging indent). The prefixes count towards `width`. A label after which not even
/// the first word fits goes on a line of its own (wrapped itself if need be), with the text
/// below it; an indent that leaves no room is dropped.
pub fn wrap_hanging(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    if self::width(first) + self::width(text) <= width {
        return vec![format!("{first}{text}")];
    }
    let rest = if self::width(rest) < width { rest } else { "" };
    let first_word = text.split(' ').find(|w| !w.is_empty()).map_or(0, self::width);
    if self::width(first) + first_word > width && !first.trim().is_empty() {
        let label = first.trim();
        let indent = &first[..first.len() - first.trim_start().len()];
        let indent = if self::width(indent) < width { indent } else { "" };
        let mut lines = fill(label, width, indent, indent);
        lines.extend(fill(text, width, rest, rest));
        return lines;
    }
    let first = if self::width(first) < width { first } else { "" };
    fill(text, width, first, rest)
}

/// The greedy filling of [`wrap_hanging`], once the prefixes are settled.
fn fill(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = self::width(first);
    let mut empty = true;
    let room = |prefix: &str| width.saturating_sub(self::width(prefix)).max(1);
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = self::width(word);
        let limit = used + w + usize::from(!empty);
        if limit <= width {
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            used = limit;
            empty = false;
            continue;
        }
        if !empty {
            lines.push(std::mem::take(&mut line));
            line = rest.to_string();
            used = self::width(rest);
            empty = true;
        }
        if w <= room(if lines.is_empty() { first } else { rest }) {
            line.push_str(word);
            used += w;
            empty = false;
            continue;
        }
        // A word wider than a whole line: cut it into pieces that fill each line.
        for c in word.chars() {
            let cw = c.to_string().width();
            if used + cw > width && !empty {
                lines.push(std::mem::take(&mut line));
                line = rest.to_string();
                used = self::width(rest);
            }
            line.push(c);
            used += cw;
            empty = false;
        }
    }
    lines.push(line);
    lines
}

/// `text` cut to at most `width` columns, with `…` marking the cut.
pub fn truncate(text: &str, width: usize) -> String {
    if self::width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = c.to_string().width();
        if used + cw + 1 > width {
            break;
        }
        out.push(c);
        used += cw;
    }
    // Cut at a space when that keeps at least half the room, so words stay whole.
    if let Some(space) = out.rfind(' ')
        && self::width(&out[..space]) * 2 >= width
    {
        out.truncate(space);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if width > 0 {
        out.push('…');
    }
    out
}

/// `fields` joined with ` · ` into lines of at most `width` columns, breaking only between
/// fields; a field wider than a line is wrapped at its own spaces.
pub fn join_fields(fields: &[String], width: usize) -> Vec<String> {
    const SEP: &str = " · ";
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for f in fields {
        if line.is_empty() {
            line = f.clone();
        } else if self::width(&line) + self::width(SEP) + self::width(f) <= width {
            line.push_str(SEP);
            line.push_str(f);
        } else {
            lines.push(std::mem::take(&mut line));
            line = f.clone();
        }
        if self::width(&line) > width {
            let mut parts = wrap(&line, width);
            line = parts.pop().unwrap_or_default();
            lines.extend(parts);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// One column of a table to fit: its header and the widths of its cells.
#[derive(Debug, Clone)]
pub struct Column {
    /// Width of the whole header.
    pub header: usize,
    /// Width of the header's longest word (a kept-whole column's header may wrap at spaces).
    pub header_word: usize,
    /// Width of the widest cell (header excluded).
    pub widest: usize,
    /// The column holds numbers or only short text: it never wraps.
    pub whole: bool,
}

impl Column {
    fn natural(&self) -> usize {
        self.header.max(self.widest)
    }

    fn min(&self) -> usize {
        if self.whole {
            self.widest.max(self.header_word)
        } else {
            self.natural().min(TEXT_MIN)
        }
    }
}

/// Columns taken by borders and padding in a table of `n` columns (`│ a ┆ b │`).
pub fn overhead(n: usize) -> usize {
    3 * n + 1
}

/// The content width of each column so the table is at most `width` columns wide, or `None`
/// when it cannot be without narrowing a kept-whole column or a text column below
/// [`TEXT_MIN`].
///
/// Every column first gets its minimum; kept-whole columns then grow (so their headers stop
/// wrapping), then text columns one column at a time, each step going to the column whose
/// widest cell needs the most lines at its current width — which keeps rows short.
pub fn columns(cols: &[Column], width: usize) -> Option<Vec<usize>> {
    let fixed = overhead(cols.len());
    let natural: usize = cols.iter().map(Column::natural).sum();
    if fixed + natural <= width {
        return Some(cols.iter().map(Column::natural).collect());
    }
    let mut widths: Vec<usize> = cols.iter().map(Column::min).collect();
    let used: usize = widths.iter().sum();
    let mut spare = width.checked_sub(fixed + used)?;
    for (w, c) in widths.iter_mut().zip(cols).filter(|(_, c)| c.whole) {
        let grow = (c.natural() - *w).min(spare);
        *w += grow;
        spare -= grow;
    }
    while spare > 0 {
        // The text column with the largest natural/current ratio, compared without division.
        let next = widths
            .iter()
            .zip(cols)
            .enumerate()
            .filter(|(_, (w, c))| !c.whole && **w < c.natural())
            .max_by(|(i, (wi, ci)), (j, (wj, cj))| (ci.natural() * **wj).cmp(&(cj.natural() * **wi)).then_with(|| j.cmp(i)))
            .map(|(i, _)| i);
        let Some(i) = next else { break };
        widths[i] += 1;
        spare -= 1;
    }
    Some(widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("Cải cách thủ tục hành chính", 12), ["Cải cách thủ", "tục hành", "chính"]);
        assert_eq!(wrap("short", 10), ["short"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("abcdefghij xy", 4), ["abcd", "efgh", "ij", "xy"]);
        assert_eq!(wrap("a  b", 1), ["a", "b"]);
        // A wide character never shares a line it would overflow, and always gets a line.
        assert_eq!(wrap("中文字", 3), ["中", "文", "字"]);
        assert_eq!(wrap("中文", 1), ["中", "文"]);
    }

    #[test]
    fn hanging_lines_carry_their_prefixes() {
        assert_eq!(
            wrap_hanging("tỷ lệ đúng hẹn 78,2% thuộc mức 70–<80%", 20, "Lý do: ", "  "),
            ["Lý do: tỷ lệ đúng", "  hẹn 78,2% thuộc", "  mức 70–<80%"]
        );
        // A label after which the first word does not fit stands alone.
        assert_eq!(
            wrap_hanging("abc def", 4, "Label: ", "  "),
            ["Labe", "l:", "  ab", "  c", "  de", "  f"]
        );
        assert_eq!(
            wrap_hanging("VP HĐND&UBND; Nội vụ", 20, "  Chịu trách nhiệm: ", "    "),
            ["  Chịu trách nhiệm:", "    VP HĐND&UBND;", "    Nội vụ"]
        );
        // Indents that leave no room are dropped.
        assert_eq!(wrap_hanging("ab cd", 2, "  ", "  "), ["ab", "cd"]);
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("Việc cung cấp dịch vụ công", 12), "Việc cung…");
        assert_eq!(truncate("Việc cung cấp", 13), "Việc cung cấp");
        assert_eq!(truncate("abc", 1), "…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn fields_break_only_between_fields() {
        let f: Vec<String> = ["Tổng điểm: 71,79 / 100", "Bị trừ: 28,21", "Chỉ số: 71,79%"]
            .map(String::from)
            .to_vec();
        assert_eq!(join_fields(&f, 80), ["Tổng điểm: 71,79 / 100 · Bị trừ: 28,21 · Chỉ số: 71,79%"]);
        assert_eq!(join_fields(&f, 40), ["Tổng điểm: 71,79 / 100 · Bị trừ: 28,21", "Chỉ số: 71,79%"]);
        assert_eq!(
            join_fields(&f, 14),
            ["Tổng điểm:", "71,79 / 100", "Bị trừ: 28,21", "Chỉ số: 71,79%"]
        );
    }

    fn col(header: &str, widest: usize, whole: bool) -> Column {
        Column {
            header: width(header),
            header_word: header.split(' ').map(width).max().unwrap_or(0),
            widest,
            whole,
        }
    }

    #[test]
    fn numbers_keep_their_width_and_text_shares_the_rest() {
        let cols = [
            col("Mã", 5, true),
            col("Tiêu chí", 70, false),
            col("Bị trừ", 5, true),
            col("Lý do", 140, false),
        ];
        // Everything fits: natural widths.
        assert_eq!(columns(&cols, 300), Some(vec![5, 70, 6, 140]));
        // 80 columns: 13 of borders, 5 + 6 for the numbers, 56 for the text, shared so the
        // longer reason gets about twice the title's width.
        let w = columns(&cols, 80).unwrap();
        assert_eq!(w, vec![5, 19, 6, 37]);
        assert_eq!(overhead(4) + w.iter().sum::<usize>(), 80);
        // The header of a number column wraps before text drops below its minimum.
        assert_eq!(columns(&cols, 13 + 5 + 5 + 2 * TEXT_MIN), Some(vec![5, TEXT_MIN, 5, TEXT_MIN]));
        assert_eq!(columns(&cols, 13 + 5 + 5 + 2 * TEXT_MIN - 1), None);
    }
}
