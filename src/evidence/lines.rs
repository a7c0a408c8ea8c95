//! Lines and fields of delimited text, for locations. Excel on Windows ends lines with CRLF,
//! old Mac tools with CR alone, everything else with LF; a location must name the same line
//! and column whichever was used, so lines are found here rather than by counting `\n`.

/// Where each line of a text starts. A line ends at `\n`, `\r\n` or a `\r` not followed by
/// `\n`.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { text, starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i.max(1),
        }
    }

    /// The 1-based line on which a record starting at byte `offset` begins. The CSV reader
    /// reports a record as starting after the previous record's `\r`, so the `\n` of a CRLF
    /// (and any blank lines) before the record are skipped first.
    pub fn record_line(&self, offset: usize) -> usize {
        let skip = self
            .text
            .as_bytes()
            .get(offset..)
            .map_or(0, |rest| rest.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count());
        let offset = offset + skip;
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i.max(1),
        }
    }

    /// The text of a 1-based line, without its line ending ("" past the end).
    pub fn text(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches('\n').trim_end_matches('\r')
    }
}

/// Byte ranges of the fields of one line split by `delimiter`, with quoted fields given by
/// their content (inside the quotes). A quoted field still open at the end of the line (a
/// value spanning lines) runs to the end of the line.
pub fn field_spans(line: &str, delimiter: u8) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    loop {
        if b.get(i) == Some(&b'"') {
            let start = i + 1;
            let mut j = start;
            let mut end = b.len();
            while j < b.len() {
                if b[j] == b'"' {
                    if b.get(j + 1) == Some(&b'"') {
                        j += 2;
                        continue;
                    }
                    end = j;
                    break;
                }
                j += 1;
            }
            spans.push((start, end));
            // Skip to the next delimiter after the closing quote.
            i = match b[end.min(b.len())..].iter().position(|c| *c == delimiter) {
                Some(p) => end + p + 1,
                None => return spans,
            };
        } else {
            match b[i..].iter().position(|c| *c == delimiter) {
                Some(p) => {
                    spans.push((i, i + p));
                    i += p + 1;
                }
                None => {
                    spans.push((i, b.len()));
                    return spans;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_ending() {
        for text in ["a\nb\nc", "a\r\nb\r\nc", "a\rb\rc", "a\r\nb\nc\r\n", "a\rb\r\nc\n"] {
            let idx = LineIndex::new(text);
            assert_eq!(idx.text(1), "a", "{text:?}");
            assert_eq!(idx.text(2), "b", "{text:?}");
            assert_eq!(idx.text(3), "c", "{text:?}");
            let c = text.find('c').unwrap();
            assert_eq!(idx.line_of(c), 3, "{text:?}");
            assert_eq!(idx.record_line(c - 1), 3, "{text:?}");
            assert_eq!(idx.line_of(0), 1);
        }
        assert_eq!(LineIndex::new("a").text(9), "");
        assert_eq!(LineIndex::new("a").text(0), "");
    }

    #[test]
    fn fields_with_quotes() {
        assert_eq!(field_spans("a,bc,,d", b','), vec![(0, 1), (2, 4), (5, 5), (6, 7)]);
        assert_eq!(field_spans("1.1,\"83,3%\",x", b','), vec![(0, 3), (5, 10), (12, 13)]);
        assert_eq!(field_spans("\"a\"\"b\";c", b';'), vec![(1, 5), (7, 8)]);
        assert_eq!(field_spans("a,\"open", b','), vec![(0, 1), (3, 7)]);
        assert_eq!(field_spans("", b','), vec![(0, 0)]);
        assert_eq!(field_spans("a,", b','), vec![(0, 1), (2, 2)]);
    }
}
