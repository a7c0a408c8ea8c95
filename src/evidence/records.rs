//! The one CSV tokenizer: every delimited text file parcalc reads (evidence, survey answers,
//! plans, templates read back, and `rank`'s streaming path) is split into records here, by
//! `csv_core` with the same settings everywhere (any of `\r\n`, `\n`, `\r` ends a record,
//! `"` quotes, `""` inside quotes, rows of any width). A record is handed out as a borrowed
//! view with its byte offsets: nothing is copied per field, and UTF-8 is checked once per
//! record. It reads from memory or streams from a file, optionally from a byte offset, so a
//! large file can be read by several threads at once (see `batch`).

use std::io::Read;

/// The fields of one record: one string holding every field, and where each ends. When the
/// tokenizer wrote the fields out they follow each other in `text` (`starts` is `None`);
/// when `text` is the record's own line, `starts` says where each begins.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields<'a> {
    text: &'a str,
    ends: &'a [usize],
    starts: Option<&'a [usize]>,
}

impl<'a> Fields<'a> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = match self.starts {
            Some(starts) => starts[i],
            None if i == 0 => 0,
            None => self.ends[i - 1],
        };
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }

    /// Some field holds a line break (a quoted value over several lines). A plain line
    /// (`starts` known) never does: it is handed out only when no quoted value holds one,
    /// and an unquoted break ends it.
    pub fn spans_lines(&self) -> bool {
        self.starts.is_none() && memchr::memchr2(b'\n', b'\r', self.text.as_bytes()).is_some()
    }

    /// Every field empty or blank (a blank line, or a row of separators only).
    pub fn is_blank(&self) -> bool {
        self.iter().all(|f| f.trim().is_empty())
    }
}

/// One record and where it is: `start` is the offset where the record's text starts (after
/// the previous record's terminator, so a CRLF's `\n` and blank lines come first) and `end`
/// the offset after its terminator, both counted from the start of the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    pub fields: Fields<'a>,
    pub start: u64,
    pub end: u64,
    /// How many `"` the record's raw text holds: an odd count is a quote never closed.
    pub quotes: u64,
    /// How many NUL bytes it holds (text has none; UTF-16 read as bytes has many).
    pub nuls: u64,
}

/// Why a record could not be handed out.
#[derive(Debug)]
pub(crate) enum RecordError {
    Io(std::io::Error),
    /// The record's text is not UTF-8 (at record offset `start`).
    NotUtf8 {
        start: u64,
    },
    /// The record grew beyond the reader's cap (at record offset `start`).
    TooLong {
        start: u64,
    },
}

/// Records of delimited text read from `R`.
pub(crate) struct Records<R> {
    source: R,
    core: csv_core::Reader,
    input: Vec<u8>,
    in_pos: usize,
    in_len: usize,
    eof: bool,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Where each field of a plain line starts.
    starts: Vec<usize>,
    delimiter: u8,
    /// The bytes that end an unquoted field or decline a plain line: the delimiter, line
    /// breaks, `"` and NUL.
    special: [bool; 256],
    /// The part of `input[..in_len]` known to be UTF-8, from `text_from` up to its last line
    /// break: plain lines are read from here without checking each record again.
    text: String,
    text_from: usize,
    /// Offset (from the start of the file) of `input[in_pos]`.
    consumed: u64,
    /// Most bytes one record may hold (its fields' text), or `usize::MAX`.
    cap: usize,
}

/// Bytes read from a file at a time. Any positive size gives the same records (only the
/// number of reads changes), so a smaller one such as `256 + 1024` is not a behaviour change.
const BLOCK: usize = 256 * 1024;

impl<R: Read> Records<R> {
    /// Records of `source`, separated by `delimiter`, whose first byte is at `offset` in its
    /// file. The first record starts at `offset` (a header, or a record boundary).
    pub fn new(source: R, delimiter: u8, offset: u64) -> Records<R> {
        Records {
            source,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            input: vec![0; BLOCK],
            in_pos: 0,
            in_len: 0,
            eof: false,
            out: vec![0; 4096],
            ends: vec![0; 64],
            starts: vec![0; 64],
            delimiter,
            special: std::array::from_fn(|b| [delimiter, b'\n', b'\r', b'"', 0].contains(&(b as u8))),
            text: String::new(),
            text_from: 0,
            consumed: offset,
            cap: usize::MAX,
        }
    }

    /// Reads `source` from here on, whose first byte is at `offset` in its file, as a new
    /// reader would (the first record starts at `offset`), keeping this one's buffers.
    pub fn restart(&mut self, source: R, offset: u64) {
        self.source = source;
        self.core.reset();
        self.in_pos = 0;
        self.in_len = 0;
        self.eof = false;
        self.text.clear();
        self.text_from = 0;
        self.consumed = offset;
    }

    /// Refuses records holding more than `cap` bytes ([`RecordError::TooLong`]), so that one
    /// unclosed quote in a stream read piece by piece never takes unbounded memory.
    pub fn with_cap(mut self, cap: usize) -> Records<R> {
        self.cap = cap;
        self
    }

    /// The next record, `None` at the end of the input.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, RecordError> {
        let start = self.consumed;
        if let Some((from, len, nends, quotes)) = self.plain_record() {
            let n = nends;
            return Ok(Some(Record {
                fields: Fields {
                    text: &self.text[from..from + len],
                    ends: &self.ends[..n],
                    starts: Some(&self.starts[..n]),
                },
                start,
                end: self.consumed,
                quotes,
                nuls: 0,
            }));
        }
        let (mut nout, mut nends, mut quotes, mut nuls) = (0, 0, 0u64, 0u64);
        loop {
            if self.in_pos == self.in_len && !self.eof {
                self.in_pos = 0;
                self.in_len = loop {
                    match self.source.read(&mut self.input) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(RecordError::Io(e)),
                    }
                };
                self.eof = self.in_len == 0;
                self.index_text();
            }
            let input = &self.input[self.in_pos..self.in_len];
            let (result, nin, no, ne) = self.core.read_record(input, &mut self.out[nout..], &mut self.ends[nends..]);
            // Quotes and NULs are rare: jump between them with vector instructions.
            for at in memchr::memchr2_iter(b'"', 0, &input[..nin]) {
                if input[at] == b'"' {
                    quotes += 1;
                } else {
                    nuls += 1;
                }
            }
            self.in_pos += nin;
            self.consumed += nin as u64;
            nout += no;
            nends += ne;
            match result {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    if self.out.len() >= self.cap {
                        self.skip_record();
                        return Err(RecordError::TooLong { start });
                    }
                    // Doubling keeps reading a long record linear; any growth gives the same record.
                    // `cap > out.len()` here (checked above), so `cap.max(out.len() + 1)` is `cap`.
                    let grown = (self.out.len() * 2).min(self.cap.max(self.out.len() + 1));
                    self.out.resize(grown, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() >= self.cap {
                        self.skip_record();
                        return Err(RecordError::TooLong { start });
                    }
                    // Doubling keeps a wide record linear; any growth gives the same record.
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
                csv_core::ReadRecordResult::Record => {
                    let text = std::str::from_utf8(&self.out[..nout]).map_err(|_| RecordError::NotUtf8 { start })?;
                    return Ok(Some(Record {
                        fields: Fields {
                            text,
                            ends: &self.ends[..nends],
                            starts: None,
                        },
                        start,
                        end: self.consumed,
                        quotes,
                        nuls,
                    }));
                }
                csv_core::ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// Copies the UTF-8 part of a block just read into `text`: from the first character
    /// that starts in it (a record may have begun in the previous block) to its last line
    /// break, or up to the first byte that is not UTF-8. One check per block instead of one
    /// per record. (Without it every record would go to `csv_core`, with the same results:
    /// `plain_lines_are_split_without_csv_core` checks that it is used.)
    fn index_text(&mut self) {
        self.text.clear();
        let block = &self.input[..self.in_len];
        let from = block.iter().take(3).take_while(|b| (0x80..0xC0).contains(*b)).count();
        let Some(last) = memchr::memrchr2(b'\n', b'\r', &block[from..]) else {
            return;
        };
        let part = &block[from..=from + last];
        let valid = match simdutf8::compat::from_utf8(part) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&part[..e.valid_up_to()]).unwrap_or_default(),
        };
        self.text.push_str(valid);
        self.text_from = from;
    }

    /// The next record when it is a plain line already checked as UTF-8: its terminator is
    /// in `text`, it has no NUL, no line break inside quotes, each quoted field is quoted
    /// whole with no `""` inside, and it leaves room to spare in `out` and `ends` (so
    /// `csv_core` would neither grow them nor refuse it). Such a line splits exactly as
    /// `csv_core` splits it and is handed out as it stands. Consumes the record (with the
    /// blank lines and the CRLF `\n` before it, as `csv_core` does) and returns where its
    /// line starts in `text`, its length, its field count and its quotes; `None` leaves
    /// everything to `csv_core`, whose state between records is always that of a record
    /// start.
    fn plain_record(&mut self) -> Option<(usize, usize, usize, u64)> {
        let at = self.in_pos.checked_sub(self.text_from)?;
        let input = self.text.as_bytes().get(at..)?;
        let d = self.delimiter;
        let skip = input.iter().position(|&b| b != b'\n' && b != b'\r')?;
        let input = &input[skip..];
        let mut i = 0;
        let (mut n, mut quotes) = (0, 0);
        // Keep a spare slot: more than `csv_core` needs (it fills every slot before it asks for
        // more), so a line using the last one goes to `csv_core`, with the same result.
        let most = self.ends.len().min(self.starts.len()) - 1;
        loop {
            if n == most {
                return None;
            }
            let start;
            if input.get(i) == Some(&b'"') {
                i += 1;
                start = i;
                while *input.get(i)? != b'"' {
                    if matches!(input[i], b'\n' | b'\r' | 0) {
                        return None;
                    }
                    i += 1;
                }
                self.ends[n] = i;
                i += 1;
                quotes += 2;
                let &b = input.get(i)?;
                if b != d && b != b'\n' && b != b'\r' {
                    // `""` inside, or text after the closing quote.
                    return None;
                }
            } else {
                start = i;
                i += first_special(&input[i..], &self.special)?;
                if matches!(input[i], b'"' | 0) {
                    return None;
                }
                self.ends[n] = i;
            }
            self.starts[n] = start;
            n += 1;
            if input[i] != d {
                break;
            }
            i += 1;
        }
        if i >= self.out.len() {
            return None;
        }
        let used = skip + i + 1;
        self.in_pos += used;
        self.consumed += used as u64;
        Some((at + skip, i, n, quotes))
    }

    /// Reads on to the end of the current record without keeping its text.
    fn skip_record(&mut self) {
        let mut scratch = [0u8; 4096];
        let mut ends = [0usize; 64];
        loop {
            if self.in_pos == self.in_len && !self.eof {
                self.in_pos = 0;
                self.in_len = self.source.read(&mut self.input).unwrap_or(0);
                self.eof = self.in_len == 0;
                self.index_text();
            }
            let input = &self.input[self.in_pos..self.in_len];
            let (result, nin, _, _) = self.core.read_record(input, &mut scratch, &mut ends);
            self.in_pos += nin;
            self.consumed += nin as u64;
            match result {
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => return,
                _ => {}
            }
        }
    }
}

/// Where the first byte of `s` marked in `special` is: four bytes a round, as fields are
/// short and their bytes nearly all ordinary.
fn first_special(s: &[u8], special: &[bool; 256]) -> Option<usize> {
    let is = |b: u8| special[usize::from(b)];
    let mut chunks = s.chunks_exact(4);
    let mut at = 0;
    for c in &mut chunks {
        if is(c[0]) {
            return Some(at);
        }
        if is(c[1]) {
            return Some(at + 1);
        }
        if is(c[2]) {
            return Some(at + 2);
        }
        if is(c[3]) {
            return Some(at + 3);
        }
        at += 4;
    }
    chunks.remainder().iter().position(|&b| is(b)).map(|p| at + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, delimiter: u8) -> Vec<(Vec<String>, u64, u64)> {
        read_all(Records::new(text.as_bytes(), delimiter, 0), text)
    }

    /// Every record of `r` (reading `text`), checking its quote and NUL counts.
    fn read_all<R: Read>(mut r: Records<R>, text: &str) -> Vec<(Vec<String>, u64, u64)> {
        let mut out = Vec::new();
        while let Some(rec) = r.next_record().unwrap() {
            let raw = &text.as_bytes()[rec.start as usize..rec.end as usize];
            assert_eq!(rec.quotes, raw.iter().filter(|b| **b == b'"').count() as u64);
            assert_eq!(rec.nuls, raw.iter().filter(|b| **b == 0).count() as u64);
            out.push((rec.fields.iter().map(str::to_string).collect(), rec.start, rec.end));
        }
        out
    }

    /// A source handing out at most `step` bytes a read, after failing with `errors` (last
    /// first).
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
        errors: Vec<std::io::ErrorKind>,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if let Some(kind) = self.errors.pop() {
                return Err(kind.into());
            }
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn trickle(bytes: &[u8], step: usize) -> Trickle<'_> {
        Trickle {
            bytes,
            step,
            errors: Vec::new(),
        }
    }

    #[test]
    fn a_restarted_reader_reads_as_a_new_one() {
        // A reader restarted on another source reads it as a reader made for it: nothing of
        // the first source is left, neither its checked text nor its position.
        let second = "x,\"y\"\"z\"\r\n\r\nu,v";
        for first in ["a,b\nc,d\n", "a,\"b\nc\",d\ne,f\n"] {
            let mut r = Records::new(first.as_bytes(), b',', 0);
            assert_eq!(r.next_record().unwrap().unwrap().fields.get(0), Some("a"));
            let mut fresh = Records::new(second.as_bytes(), b',', 100);
            r.restart(second.as_bytes(), 100);
            loop {
                match (r.next_record().unwrap(), fresh.next_record().unwrap()) {
                    (Some(a), Some(b)) => {
                        assert_eq!(a.fields.iter().collect::<Vec<_>>(), b.fields.iter().collect::<Vec<_>>());
                        assert_eq!((a.start, a.end, a.quotes), (b.start, b.end, b.quotes));
                    }
                    (None, None) => break,
                    (a, b) => panic!("{:?} against {:?}", a.is_some(), b.is_some()),
                }
            }
        }
        // Restarted after a read failed half-way through a quoted value: the tokenizer starts
        // afresh.
        let failing = Trickle {
            bytes: b"",
            step: 1,
            errors: vec![std::io::ErrorKind::PermissionDenied],
        };
        let mut r = Records::new((&b"x,\"ab"[..]).chain(failing), b',', 0);
        assert!(matches!(r.next_record(), Err(RecordError::Io(_))));
        r.restart((&b"p,\"q\"\"r\"\n"[..]).chain(trickle(b"", 1)), 0);
        let rec = r.next_record().unwrap().unwrap();
        assert_eq!(rec.fields.iter().collect::<Vec<_>>(), ["p", "q\"r"]);
        assert_eq!((rec.start, rec.end, rec.quotes), (0, 9, 4));
    }

    #[test]
    fn records_with_their_offsets_whatever_the_line_ending() {
        let lf = all("a,b\n1,\"x,y\"\n", b',');
        assert_eq!(
            lf,
            vec![(vec!["a".into(), "b".into()], 0, 4), (vec!["1".into(), "x,y".into()], 4, 12)]
        );
        // CRLF: the `\n` belongs to the start of the next record, as in the csv crate.
        let crlf = all("a;b\r\n1;\"q\"\"r\"\r\n", b';');
        assert_eq!(crlf[0], (vec!["a".into(), "b".into()], 0, 4));
        assert_eq!(crlf[1], (vec!["1".into(), "q\"r".into()], 4, 14));
        let cr = all("a\tb\r1\t2", b'\t');
        assert_eq!(cr[1], (vec!["1".into(), "2".into()], 4, 7));
        // A quoted value spanning lines is one field.
        assert_eq!(all("v\n\"l1\nl2\"\n", b',')[1].0, vec!["l1\nl2".to_string()]);
    }

    #[test]
    fn the_same_records_as_the_csv_crate_read_by_blocks() {
        // More than one block, with records straddling the block boundary.
        let mut text = String::from("unit,criterion,value\n");
        for i in 0..40_000 {
            text.push_str(&format!("Xã {i},1.{},\"{i},5\"\r\n", i % 10));
        }
        let ours = all(&text, b',');
        let mut theirs = Vec::new();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rec = csv::StringRecord::new();
        while rdr.read_record(&mut rec).unwrap() {
            let start = rec.position().unwrap().byte();
            theirs.push((rec.iter().map(str::to_string).collect::<Vec<_>>(), start, rdr.position().byte()));
        }
        assert_eq!(ours.len(), 40_001);
        assert_eq!(ours, theirs);
    }

    /// Every record and error of `r`, as text.
    fn outcomes<R: Read>(mut r: Records<R>) -> Vec<String> {
        let mut out = Vec::new();
        loop {
            match r.next_record() {
                Ok(Some(rec)) => out.push(format!(
                    "{:?} {} {} {} {} {} {}",
                    rec.fields.iter().collect::<Vec<_>>(),
                    rec.start,
                    rec.end,
                    rec.quotes,
                    rec.nuls,
                    rec.fields.is_blank(),
                    rec.fields.spans_lines()
                )),
                Ok(None) => return out,
                Err(RecordError::NotUtf8 { start }) => out.push(format!("not utf-8 at {start}")),
                Err(RecordError::TooLong { start }) => out.push(format!("too long at {start}")),
                Err(RecordError::Io(e)) => panic!("{e}"),
            }
        }
    }

    #[test]
    fn plain_lines_are_split_without_csv_core() {
        // Lines handed out as they stand carry where each field starts; `csv_core`'s do not.
        // The first record of a read (nothing in the buffer yet) is always `csv_core`'s.
        let text = "a,b\nXã,\"1,5\",c\nd,\"e\"\"f\"\n";
        let mut r = Records::new(text.as_bytes(), b',', 0);
        let mut seen = Vec::new();
        while let Some(rec) = r.next_record().unwrap() {
            seen.push((rec.fields.starts.is_some(), rec.fields.iter().collect::<Vec<_>>().join("|")));
        }
        assert_eq!(
            seen,
            [(false, "a|b".to_string()), (true, "Xã|1,5|c".into()), (false, "d|e\"f".into())]
        );
        // A block that starts inside a character (its record began in the previous block):
        // that record goes to `csv_core`, and the plain lines after it, up to the block's
        // last line break, do not.
        let bytes = b"\xa3,b\nc,d\ne,f\n";
        let mut r = Records::new(&bytes[..], b',', 7);
        assert!(matches!(r.next_record(), Err(RecordError::NotUtf8 { start: 7 })));
        for (fields, start) in [("c|d", 11), ("e|f", 15)] {
            let rec = r.next_record().unwrap().unwrap();
            assert_eq!(
                (
                    rec.fields.starts.is_some(),
                    rec.fields.iter().collect::<Vec<_>>().join("|"),
                    rec.start
                ),
                (true, fields.to_string(), start)
            );
        }
    }

    #[test]
    fn lines_as_wide_as_the_cap_and_one_wider_read_the_same_both_ways() {
        // With a cap of 64, 64 fields fit the 64 end slots and 65 are refused, whichever
        // path reads the line.
        let text = format!("h\n{}\n{}\nz\n", ["a"; 64].join(","), ["b"; 65].join(","));
        for step in [text.len(), 1] {
            let out = outcomes(Records::new(trickle(text.as_bytes(), step), b',', 0).with_cap(64));
            assert_eq!(out.len(), 4, "step {step}");
            assert!(out[1].starts_with(&format!("{:?}", vec!["a"; 64])), "step {step}");
            assert_eq!(out[2], "too long at 130", "step {step}");
            assert!(out[3].starts_with("[\"z\"]"), "step {step}");
        }
    }

    #[test]
    fn blocks_that_end_inside_a_character_or_a_record_change_nothing() {
        // Vietnamese text, CRLF, quoted values, a NUL and bytes that are not UTF-8, read whole
        // (blocks of 256 KiB), in pieces of 1,000 and 997 bytes (a block boundary inside many
        // characters and records) and one byte at a time (`csv_core` for every record).
        let mut bytes = b"unit;criterion;value\r\n".to_vec();
        for i in 0..3_000 {
            bytes.extend(format!("Xã Đắk {i};1.{};\"{i},5\";ghi chú ễ\r\n", i % 10).as_bytes());
            match i % 700 {
                11 => bytes.extend(b"bad \xff\xfe;1.1;2\r\n"),
                12 => bytes.extend(b"nul \0;1.1;2\n"),
                13 => bytes.extend("\"hai\r\ndòng\";1.1;\"a\"\"b\"\r\n".as_bytes()),
                _ => {}
            }
        }
        let whole = outcomes(Records::new(&bytes[..], b';', 0));
        assert_eq!(whole.len(), 1 + 3_000 + 3 * 5);
        assert!(whole.iter().any(|o| o.starts_with("not utf-8")));
        for step in [1_000, 997, 1] {
            assert_eq!(outcomes(Records::new(trickle(&bytes, step), b';', 0)), whole, "step {step}");
        }
    }

    #[test]
    fn a_record_past_the_cap_is_refused_and_reading_goes_on() {
        let text = format!("a\n\"{}\"\nb\n", "x".repeat(10_000));
        // Read whole, and 100 bytes at a time (the record is skipped across reads).
        let mut whole = Records::new(text.as_bytes(), b',', 0).with_cap(4096);
        let mut trickled = Records::new(trickle(text.as_bytes(), 100), b',', 0).with_cap(4096);
        type Next<'r> = &'r mut dyn FnMut() -> Result<Option<(Option<String>, u64, u64)>, RecordError>;
        let readers: [Next; 2] = [
            &mut || {
                whole
                    .next_record()
                    .map(|r| r.map(|r| (r.fields.get(0).map(str::to_string), r.start, r.end)))
            },
            &mut || {
                trickled
                    .next_record()
                    .map(|r| r.map(|r| (r.fields.get(0).map(str::to_string), r.start, r.end)))
            },
        ];
        for next in readers {
            assert_eq!(next().unwrap(), Some((Some("a".to_string()), 0, 2)));
            assert!(matches!(next(), Err(RecordError::TooLong { start: 2 })));
            assert_eq!(next().unwrap(), Some((Some("b".to_string()), 10_005, 10_007)));
            assert!(next().unwrap().is_none());
        }
    }

    #[test]
    fn text_that_is_not_utf8_is_named_by_its_offset() {
        let bytes = b"a\n\xff,1\nb\n";
        let mut r = Records::new(&bytes[..], b',', 0);
        r.next_record().unwrap();
        assert!(matches!(r.next_record(), Err(RecordError::NotUtf8 { start: 2 })));
        assert_eq!(r.next_record().unwrap().unwrap().fields.get(0), Some("b"));
    }

    #[test]
    fn reading_from_an_offset_counts_from_the_file_start() {
        let text = "h\nr1\nr2\n";
        let mut r = Records::new(&text.as_bytes()[5..], b',', 5);
        let rec = r.next_record().unwrap().unwrap();
        assert_eq!((rec.fields.get(0), rec.start, rec.end), (Some("r2"), 5, 8));
    }

    #[test]
    fn read_in_small_pieces_the_records_are_the_same() {
        let mut text = String::from("unit;criterion;value\r\n");
        for i in 0..300 {
            text.push_str(&format!("X\0{i};\"1.{i}\"\"\";\"l1\nl2\"\r\n;;\n"));
        }
        let whole = all(&text, b';');
        assert_eq!(whole.len(), 601);
        assert_eq!(whole[1].0, vec!["X\u{0}0".to_string(), "1.0\"".into(), "l1\nl2".into()]);
        for step in [1, 7, 4096] {
            assert_eq!(
                read_all(Records::new(trickle(text.as_bytes(), step), b';', 0), &text),
                whole,
                "step {step}"
            );
        }
    }

    #[test]
    fn the_first_special_byte_wherever_it_is() {
        // Lengths on both sides of the 4-byte rounds, every special byte at every place, a
        // second one after it, and bytes that are not special (`\t`, `a`, the other
        // delimiter, a byte with the high bit set).
        for delimiter in [b',', b';', b'\t'] {
            let special: [bool; 256] = std::array::from_fn(|b| [delimiter, b'\n', b'\r', b'"', 0].contains(&(b as u8)));
            for len in 0..20 {
                for filler in [b'a', b'\t', b';', 0xE1] {
                    let filler = if filler == delimiter { b'x' } else { filler };
                    let mut text = vec![filler; len];
                    assert_eq!(first_special(&text, &special), None, "{len}");
                    for byte in [delimiter, b'\n', b'\r', b'"', 0] {
                        for at in 0..len {
                            text.fill(filler);
                            text[at] = byte;
                            if at + 1 < len {
                                text[at + 1] = delimiter;
                            }
                            assert_eq!(first_special(&text, &special), Some(at), "{len} {at} {byte}");
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Plain lines are split without `csv_core`; read one byte at a time every record
        /// goes through `csv_core`. Both give the same records, offsets, blanks and errors,
        /// whatever mix of delimiters, quotes, NULs, line endings and multi-byte text.
        #[test]
        fn plain_lines_split_as_csv_core_splits_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "bc", "quite a long field, past sixteen bytes", ",", ";", "\"", "\n", "\r", "\r\n", "\0", " ", "\t", "ễ", "\u{1ec5}", "\u{301}"]),
                0..200,
            ),
            bad in proptest::option::of(0usize..200),
            delimiter in proptest::sample::select(vec![b',', b';']),
        ) {
            let mut bytes = parts.concat().into_bytes();
            if let Some(at) = bad.filter(|&at| at < bytes.len()) {
                bytes[at] = 0xff;
            }
            let records = |step: usize| outcomes(Records::new(trickle(&bytes, step), delimiter, 3).with_cap(64));
            proptest::prop_assert_eq!(records(1), records(bytes.len().max(1)));
        }
    }

    #[test]
    fn quotes_and_nuls_are_counted_per_record() {
        let text = "a\0b,\"c\"\"\"\nd\n";
        let mut r = Records::new(text.as_bytes(), b',', 0);
        let rec = r.next_record().unwrap().unwrap();
        assert_eq!((rec.quotes, rec.nuls, rec.fields.get(1)), (4, 1, Some("c\"")));
        let rec = r.next_record().unwrap().unwrap();
        assert_eq!((rec.quotes, rec.nuls), (0, 0));
    }

    #[test]
    fn blank_records() {
        let mut r = Records::new("a,b\n,\n \t, \n\"\",x\n".as_bytes(), b',', 0);
        let mut blank = Vec::new();
        while let Some(rec) = r.next_record().unwrap() {
            blank.push(rec.fields.is_blank());
        }
        assert_eq!(blank, vec![false, true, true, false]);
    }

    #[test]
    fn long_and_wide_records_grow_the_buffers_up_to_the_cap() {
        let long = "x".repeat(10_000);
        let wide = vec!["w"; 200].join(",");
        let text = format!("{long}\n{wide}\n");
        let got = all(&text, b',');
        assert_eq!(got[0].0, vec![long.clone()]);
        assert_eq!(got[1].0.len(), 200);
        assert!(got[1].0.iter().all(|f| f == "w"));
        // A cap above the first buffer: a record under it is read, one over it refused.
        let text = format!("{}\n{}\nz\n", "y".repeat(4_500), "y".repeat(6_000));
        let mut r = Records::new(text.as_bytes(), b',', 0).with_cap(5_000);
        assert_eq!(r.next_record().unwrap().unwrap().fields.get(0).map(str::len), Some(4_500));
        assert!(matches!(r.next_record(), Err(RecordError::TooLong { start: 4_501 })));
        assert_eq!(r.next_record().unwrap().unwrap().fields.get(0), Some("z"));
    }

    #[test]
    fn an_interrupted_read_is_retried_and_another_error_reported() {
        let source = Trickle {
            bytes: b"a\n",
            step: 64,
            errors: vec![std::io::ErrorKind::Interrupted, std::io::ErrorKind::Interrupted],
        };
        let mut r = Records::new(source, b',', 0);
        assert_eq!(r.next_record().unwrap().unwrap().fields.get(0), Some("a"));
        let source = Trickle {
            bytes: b"a\n",
            step: 64,
            errors: vec![std::io::ErrorKind::PermissionDenied],
        };
        let mut r = Records::new(source, b',', 0);
        assert!(matches!(r.next_record(), Err(RecordError::Io(e)) if e.kind() == std::io::ErrorKind::PermissionDenied));
    }
}
