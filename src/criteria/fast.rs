//! A fast reader for the plain TOML that criteria files are written in.
//!
//! It reads a strict subset of TOML: `[table]`, `[table.sub]` and `[[array]]` headers with bare
//! names, `key = value` lines with bare keys, basic strings with the TOML 1.0 escapes, literal
//! strings, decimal integers and floats, booleans, arrays (over several lines, with comments and a
//! trailing comma) and one-line inline tables, comments, LF or CRLF line ends. Its tree is then
//! deserialized into the same serde types, with the spans the `toml` crate gives for `Spanned`
//! values. Anything else (multi-line strings, dates, dotted or quoted keys, `inf`, hexadecimal,
//! duplicate keys, a type or key the serde types refuse, ...) makes it decline with `None`, and the
//! caller reads the text with `toml::from_str`, so every error message is the `toml` crate's.
//! Only a text both readers accept is read here, and it gives the same value.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::raw::{RawFile, RawNode};

/// Reads `text` into `T`, or `None` when the text is outside the subset or does not fit `T`.
#[cfg(test)]
pub(crate) fn from_str<T: de::DeserializeOwned>(text: &str) -> Option<T> {
    let root = Parser::new(text).document()?;
    T::deserialize(ItemDe(root)).ok()
}

/// Reads a criteria file but for its `[[node]]` tables, which are read one by one as the caller
/// goes (so the tables of a big set are never all held at once): `None` when the text is
/// outside the subset or the rest does not fit `RawFile`; a `None` from the tables when a node
/// table does not fit `RawNode` (the caller then starts again with the `toml` crate).
pub(crate) fn read_criteria(text: &str) -> Option<(RawFile, NodeTables<'_>)> {
    let Val::Tab(mut root) = Parser::new(text).document()?.val else {
        return None;
    };
    let tables = match root.find("node") {
        Some(i) => match root.entries.remove(i).1.val {
            Val::Tables(tables) => tables,
            _ => return None,
        },
        None => Vec::new(),
    };
    let raw = RawFile::deserialize(ItemDe(Item {
        start: NO_SPAN,
        end: NO_SPAN,
        val: Val::Tab(root),
    }))
    .ok()?;
    Some((raw, NodeTables(tables.into_iter())))
}

/// The `[[node]]` tables of [`read_criteria`], each read when asked for.
pub(crate) struct NodeTables<'a>(std::vec::IntoIter<Table<'a>>);

impl Iterator for NodeTables<'_> {
    type Item = Option<RawNode>;

    fn next(&mut self) -> Option<Option<RawNode>> {
        let table = self.0.next()?;
        Some(
            RawNode::deserialize(ItemDe(Item {
                start: NO_SPAN,
                end: NO_SPAN,
                val: Val::Tab(table),
            }))
            .ok(),
        )
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for NodeTables<'_> {}

/// No span: a table made by a header (the fast path does not say where it is).
const NO_SPAN: usize = usize::MAX;

#[derive(Debug)]
struct Item<'a> {
    start: usize,
    end: usize,
    val: Val<'a>,
}

#[derive(Debug)]
enum Val<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    /// Only for serde's data model, as the `toml` crate gives it: no criteria type keeps a
    /// float (`raw::Lit` keeps `Number` and every number is read again, exactly, from its
    /// span), so no point ever passes through `f64`.
    Float(f64),
    Bool(bool),
    Arr(Vec<Item<'a>>),
    /// An array of tables (`[[name]]`).
    Tables(Vec<Table<'a>>),
    Tab(Table<'a>),
}

#[derive(Debug, Default)]
struct Table<'a> {
    entries: Vec<(&'a str, Item<'a>)>,
    /// Made by a `[header]` (may receive `[header.sub]` tables), not written inline.
    header: bool,
}

impl<'a> Table<'a> {
    fn find(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|(k, _)| *k == key)
    }

    /// Adds an entry; `None` on a duplicate key.
    fn insert(&mut self, key: &'a str, item: Item<'a>) -> Option<()> {
        if self.find(key).is_some() {
            return None;
        }
        self.entries.push((key, item));
        Some(())
    }

    /// The table a header names below this one: a header table, or the last of an array of tables.
    fn header_table(&mut self, index: usize) -> Option<&mut Table<'a>> {
        match &mut self.entries[index].1.val {
            Val::Tab(t) if t.header => Some(t),
            Val::Tables(ts) => ts.last_mut(),
            _ => None,
        }
    }
}

/// Where `key = value` lines go: the root, a top-level table, or a table below one.
#[derive(Clone, Copy)]
enum Cur {
    Root,
    Top(usize),
    Sub(usize, usize),
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Arrays and inline tables open around the value being read.
    depth: u32,
}

/// Deeper nesting is left to the `toml` crate (criteria files nest three levels).
const MAX_DEPTH: u32 = 8;

fn is_key_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// A control character TOML refuses in strings and comments (tab is allowed).
fn is_control(c: u8) -> bool {
    (c < 0x20 && c != b'\t') || c == 0x7f
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            b: text.as_bytes(),
            pos: 0,
            depth: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    /// After a comment's `#`: up to the line end (not consumed).
    fn comment(&mut self) -> Option<()> {
        while let Some(c) = self.peek() {
            if c == b'\n' || c == b'\r' {
                break;
            }
            if is_control(c) {
                return None;
            }
            self.pos += 1;
        }
        Some(())
    }

    /// A line end (LF or CRLF) or the end of the text.
    fn newline(&mut self) -> Option<()> {
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                Some(())
            }
            Some(b'\r') if self.b.get(self.pos + 1) == Some(&b'\n') => {
                self.pos += 2;
                Some(())
            }
            _ => None,
        }
    }

    /// Spaces, an optional comment and the line end.
    fn line_end(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() == Some(b'#') {
            self.pos += 1;
            self.comment()?;
        }
        self.newline()
    }

    /// Whitespace, line ends and comments inside an array.
    fn skip_array_space(&mut self) -> Option<()> {
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'#') => {
                    self.pos += 1;
                    self.comment()?;
                    self.newline()?;
                }
                Some(b'\n' | b'\r') => self.newline()?,
                _ => return Some(()),
            }
        }
    }

    fn key(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while self.peek().is_some_and(is_key_byte) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.text[start..self.pos])
    }

    fn document(mut self) -> Option<Item<'a>> {
        let mut root = Table::default();
        let mut cur = Cur::Root;
        loop {
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(b'\n' | b'\r') => self.newline()?,
                Some(b'#') => self.line_end()?,
                Some(b'[') => {
                    cur = self.header(&mut root)?;
                    self.line_end()?;
                }
                Some(_) => {
                    let key = self.key()?;
                    self.skip_ws();
                    if self.peek() != Some(b'=') {
                        return None;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    let item = self.value()?;
                    self.line_end()?;
                    let table = match cur {
                        Cur::Root => &mut root,
                        Cur::Top(i) => root.header_table(i)?,
                        Cur::Sub(i, j) => root.header_table(i)?.header_table(j)?,
                    };
                    table.insert(key, item)?;
                }
            }
        }
        Some(Item {
            start: NO_SPAN,
            end: NO_SPAN,
            val: Val::Tab(root),
        })
    }

    /// A `[name]`, `[name.sub]` or `[[name]]` header; the table it opens.
    fn header(&mut self, root: &mut Table<'a>) -> Option<Cur> {
        self.pos += 1;
        let array = self.peek() == Some(b'[');
        if array {
            self.pos += 1;
        }
        self.skip_ws();
        let name = self.key()?;
        self.skip_ws();
        let sub = if !array && self.peek() == Some(b'.') {
            self.pos += 1;
            self.skip_ws();
            let sub = self.key()?;
            self.skip_ws();
            Some(sub)
        } else {
            None
        };
        let close: &[u8] = if array { b"]]" } else { b"]" };
        if !self.b[self.pos..].starts_with(close) {
            return None;
        }
        self.pos += close.len();
        let new_table = || Table {
            entries: Vec::new(),
            header: true,
        };
        let table_item = |val| Item {
            start: NO_SPAN,
            end: NO_SPAN,
            val,
        };
        let found = root.find(name);
        match (array, sub, found) {
            (true, _, Some(i)) => match &mut root.entries[i].1.val {
                Val::Tables(ts) => {
                    ts.push(new_table());
                    Some(Cur::Top(i))
                }
                _ => None,
            },
            (true, _, None) => {
                root.entries.push((name, table_item(Val::Tables(vec![new_table()]))));
                Some(Cur::Top(root.entries.len() - 1))
            }
            (false, None, Some(_)) => None,
            (false, None, None) => {
                root.entries.push((name, table_item(Val::Tab(new_table()))));
                Some(Cur::Top(root.entries.len() - 1))
            }
            // A sub-table of a table not declared yet: left to the `toml` crate.
            (false, Some(_), None) => None,
            (false, Some(sub), Some(i)) => {
                let parent = root.header_table(i)?;
                parent.insert(sub, table_item(Val::Tab(new_table())))?;
                Some(Cur::Sub(i, parent.entries.len() - 1))
            }
        }
    }

    fn value(&mut self) -> Option<Item<'a>> {
        let start = self.pos;
        let val = match self.peek()? {
            b'"' => Val::Str(self.basic_string()?),
            b'\'' => Val::Str(Cow::Borrowed(self.literal_string()?)),
            b't' if self.b[self.pos..].starts_with(b"true") => {
                self.pos += 4;
                Val::Bool(true)
            }
            b'f' if self.b[self.pos..].starts_with(b"false") => {
                self.pos += 5;
                Val::Bool(false)
            }
            b'[' | b'{' if self.depth >= MAX_DEPTH => return None,
            b'[' => {
                self.depth += 1;
                let arr = self.array()?;
                self.depth -= 1;
                arr
            }
            b'{' => {
                self.depth += 1;
                let table = self.inline_table()?;
                self.depth -= 1;
                Val::Tab(table)
            }
            b'0'..=b'9' | b'+' | b'-' => self.number()?,
            _ => return None,
        };
        // A scalar must end here: `true_x`, `2021-12-25` or `1.5.3` are not read.
        if let Some(c) = self.peek()
            && !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'#' | b',' | b']' | b'}')
        {
            return None;
        }
        Some(Item { start, end: self.pos, val })
    }

    fn basic_string(&mut self) -> Option<Cow<'a, str>> {
        self.pos += 1;
        if self.b[self.pos..].starts_with(b"\"\"") {
            return None; // a multi-line string
        }
        let start = self.pos;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let c = self.peek()?;
            match c {
                b'"' => {
                    let s = match owned {
                        None => Cow::Borrowed(&self.text[start..self.pos]),
                        Some(mut s) => {
                            s.push_str(&self.text[run..self.pos]);
                            Cow::Owned(s)
                        }
                    };
                    self.pos += 1;
                    return Some(s);
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    let e = self.peek()?;
                    self.pos += 1;
                    let ch = match e {
                        b'b' => '\u{8}',
                        b't' => '\t',
                        b'n' => '\n',
                        b'f' => '\u{c}',
                        b'r' => '\r',
                        b'"' => '"',
                        b'\\' => '\\',
                        b'u' => self.hex_char(4)?,
                        b'U' => self.hex_char(8)?,
                        _ => return None,
                    };
                    s.push(ch);
                    run = self.pos;
                }
                c if is_control(c) => return None,
                _ => self.pos += 1,
            }
        }
    }

    fn hex_char(&mut self, digits: usize) -> Option<char> {
        let hex = self.b.get(self.pos..self.pos + digits)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let code = u32::from_str_radix(&self.text[self.pos..self.pos + digits], 16).ok()?;
        self.pos += digits;
        char::from_u32(code)
    }

    fn literal_string(&mut self) -> Option<&'a str> {
        self.pos += 1;
        if self.b[self.pos..].starts_with(b"''") {
            return None; // a multi-line string
        }
        let start = self.pos;
        loop {
            match self.peek()? {
                b'\'' => {
                    let s = &self.text[start..self.pos];
                    self.pos += 1;
                    return Some(s);
                }
                c if is_control(c) => return None,
                _ => self.pos += 1,
            }
        }
    }

    /// Digits with single underscores between them; at least one digit.
    fn digits(&mut self) -> Option<()> {
        if !self.peek()?.is_ascii_digit() {
            return None;
        }
        self.pos += 1;
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_digit() => self.pos += 1,
                Some(b'_') => {
                    self.pos += 1;
                    if !self.peek()?.is_ascii_digit() {
                        return None;
                    }
                }
                _ => return Some(()),
            }
        }
    }

    /// A decimal integer or float (no `inf`, `nan`, hexadecimal, octal or binary).
    fn number(&mut self) -> Option<Val<'a>> {
        let start = self.pos;
        if let Some(b'+' | b'-') = self.peek() {
            self.pos += 1;
        }
        if self.peek()? == b'0' {
            self.pos += 1;
            if self
                .peek()
                .is_some_and(|c| (c.is_ascii_alphanumeric() && c != b'e' && c != b'E') || c == b'_')
            {
                return None; // a leading zero, `0x…`, `0o…`, `0b…`
            }
        } else {
            self.digits()?;
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.digits()?;
            float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
            float = true;
        }
        let written = &self.text[start..self.pos];
        let clean: Cow<str> = if written.contains('_') {
            Cow::Owned(written.replace('_', ""))
        } else {
            Cow::Borrowed(written)
        };
        if float {
            let v: f64 = clean.parse().ok()?;
            v.is_finite().then_some(Val::Float(v))
        } else {
            clean.parse().ok().map(Val::Int)
        }
    }

    fn array(&mut self) -> Option<Val<'a>> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_array_space()?;
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(Val::Arr(items));
            }
            items.push(self.value()?);
            self.skip_array_space()?;
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(Val::Arr(items));
                }
                _ => return None,
            }
        }
    }

    /// A one-line inline table without a trailing comma.
    fn inline_table(&mut self) -> Option<Table<'a>> {
        self.pos += 1;
        let mut table = Table::default();
        self.skip_ws();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(table);
        }
        loop {
            self.skip_ws();
            let key = self.key()?;
            self.skip_ws();
            if self.peek()? != b'=' {
                return None;
            }
            self.pos += 1;
            self.skip_ws();
            let item = self.value()?;
            table.insert(key, item)?;
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(table);
                }
                _ => return None,
            }
        }
    }
}

/// Why the tree does not fit the serde types; the `toml` crate says it properly.
#[derive(Debug)]
struct Decline;

impl fmt::Display for Decline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not read by the fast path")
    }
}

impl std::error::Error for Decline {}

impl de::Error for Decline {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Decline
    }
}

/// The name and fields `serde_spanned::Spanned` asks for (its deserialization protocol).
const SPANNED: &str = "$__serde_spanned_private_Spanned";
const SPANNED_START: &str = "$__serde_spanned_private_start";
const SPANNED_END: &str = "$__serde_spanned_private_end";
const SPANNED_VALUE: &str = "$__serde_spanned_private_value";

struct ItemDe<'a>(Item<'a>);

impl<'de> de::Deserializer<'de> for ItemDe<'de> {
    type Error = Decline;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self.0.val {
            Val::Str(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Val::Str(Cow::Owned(s)) => visitor.visit_string(s),
            Val::Int(v) => visitor.visit_i64(v),
            Val::Float(v) => visitor.visit_f64(v),
            Val::Bool(v) => visitor.visit_bool(v),
            Val::Arr(items) => {
                let mut seq = SeqDe(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                if seq.0.len() == 0 { Ok(value) } else { Err(Decline) }
            }
            Val::Tables(tables) => {
                let mut seq = SeqDe(tables.into_iter().map(|t| Item {
                    start: NO_SPAN,
                    end: NO_SPAN,
                    val: Val::Tab(t),
                }));
                let value = visitor.visit_seq(&mut seq)?;
                if seq.0.len() == 0 { Ok(value) } else { Err(Decline) }
            }
            Val::Tab(table) => visitor.visit_map(MapDe {
                entries: table.entries.into_iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Decline> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(self, name: &'static str, _: &'static [&'static str], visitor: V) -> Result<V::Value, Decline> {
        if name == SPANNED {
            if self.0.start == NO_SPAN {
                return Err(Decline);
            }
            return visitor.visit_map(SpannedDe {
                start: self.0.start,
                end: self.0.end,
                value: Some(self),
                step: 0,
            });
        }
        // Only a table makes a struct (serde would also take a sequence).
        match self.0.val {
            Val::Tab(_) => self.deserialize_any(visitor),
            _ => Err(Decline),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], _: V) -> Result<V::Value, Decline> {
        Err(Decline)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

struct SeqDe<I>(I);

impl<'de, I: ExactSizeIterator<Item = Item<'de>>> SeqAccess<'de> for SeqDe<I> {
    type Error = Decline;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Decline> {
        match self.0.next() {
            Some(item) => seed.deserialize(ItemDe(item)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct MapDe<'a> {
    entries: std::vec::IntoIter<(&'a str, Item<'a>)>,
    value: Option<Item<'a>>,
}

impl<'de> MapAccess<'de> for MapDe<'de> {
    type Error = Decline;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Decline> {
        match self.entries.next() {
            Some((key, item)) => {
                self.value = Some(item);
                seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Decline> {
        let item = self.value.take().ok_or(Decline)?;
        seed.deserialize(ItemDe(item))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A value with its span, as `serde_spanned::Spanned` reads it: start, end, then the value.
struct SpannedDe<'a> {
    start: usize,
    end: usize,
    value: Option<ItemDe<'a>>,
    step: u8,
}

impl<'de> MapAccess<'de> for SpannedDe<'de> {
    type Error = Decline;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Decline> {
        let key = match self.step {
            0 => SPANNED_START,
            1 => SPANNED_END,
            2 => SPANNED_VALUE,
            _ => return Ok(None),
        };
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Decline> {
        self.step += 1;
        match self.step {
            1 => seed.deserialize(self.start.into_deserializer()),
            2 => seed.deserialize(self.end.into_deserializer()),
            3 => seed.deserialize(self.value.take().ok_or(Decline)?),
            _ => Err(Decline),
        }
    }
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
