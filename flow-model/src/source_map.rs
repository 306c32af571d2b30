//! Maps JSON paths (`screens[1].layout.children[3].label`) to spans in source text.
//!
//! Built only when a finding needs a location, so typed parsing stays as fast as possible.
//! The scanner is tolerant: on malformed text it records what it read up to the error.

use std::collections::HashMap;

/// A region of source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// A line/column position (1-based; columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
}

impl LineCol {
    /// The position of byte `offset` of `text` (clamped to its length), for one lookup; a
    /// [`SourceMap`] indexes the text for many. Columns count UTF-8 characters, so the bytes
    /// before `offset` must be UTF-8; what follows does not matter.
    ///
    /// ```
    /// use flow_model::LineCol;
    /// let text = "{\n  \"é\": x}".as_bytes();
    /// assert_eq!(LineCol::at(text, text.len() - 2), LineCol { line: 2, column: 8 });
    /// ```
    pub fn at(text: &[u8], offset: usize) -> LineCol {
        let before = &text[..offset.min(text.len())];
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let newlines = before.iter().filter(|b| **b == b'\n').count();
        LineCol {
            line: 1 + newlines as u32,
            column: 1 + lead_bytes(&before[line_start..]) as u32,
        }
    }
}

/// Path → span index over one source text.
///
/// ```
/// use flow_model::SourceMap;
/// let text = "{\n  \"screens\": [\n    {\"id\": \"A\"}\n  ]\n}";
/// let map = SourceMap::new(text);
/// let span = map.span("screens[0].id").unwrap();
/// assert_eq!(&text[span.start..span.end], "\"A\"");
/// let (start, _) = map.line_cols(span);
/// assert_eq!((start.line, start.column), (3, 12));
/// ```
#[derive(Debug, Clone)]
pub struct SourceMap<'a> {
    spans: HashMap<String, Span>,
    key_spans: HashMap<String, Span>,
    lines: LineIndex<'a>,
}

/// Byte offsets to line/column positions over one text.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Characters before every [`Self::CHUNK`]-th byte: a column then costs at most one chunk
    /// of counting, even on a one-line (minified) document with thousands of findings.
    chars_before_chunk: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    const CHUNK: usize = 1024;

    pub(crate) fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars = 0;
        let mut chars_before_chunk = vec![0];
        for chunk in text.as_bytes().chunks(Self::CHUNK) {
            chars += lead_bytes(chunk);
            chars_before_chunk.push(chars);
        }
        LineIndex {
            text,
            line_starts,
            chars_before_chunk,
        }
    }

    /// Characters (UTF-8 lead bytes) before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let k = offset / Self::CHUNK;
        self.chars_before_chunk[k] + lead_bytes(&self.text.as_bytes()[k * Self::CHUNK..offset])
    }

    /// Line/column of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> LineCol {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self
            .chars_before(offset)
            .saturating_sub(self.chars_before(start));
        LineCol {
            line: line as u32,
            column: col as u32 + 1,
        }
    }
}

/// Characters in UTF-8 `bytes` (the bytes that are not continuation bytes).
pub(crate) fn lead_bytes(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

impl<'a> SourceMap<'a> {
    /// Scans `text`, indexing every value and key.
    pub fn new(text: &'a str) -> Self {
        Self::scan(text, None)
    }

    /// Scans `text`, indexing only the values and keys at `paths` and at their ancestors (what
    /// [`Self::span_or_ancestor`] needs for them). Locating a few findings in a large document
    /// then costs one scan and memory for those paths, not a copy of every path of the document.
    ///
    /// ```
    /// use flow_model::SourceMap;
    /// let text = r#"{"screens": [{"id": "A", "layout": {}}, {"id": "B"}]}"#;
    /// let map = SourceMap::only(text, ["screens[1].id", "screens[0].layout.children"]);
    /// assert_eq!(&text[map.span("screens[1].id").unwrap().start..][..3], "\"B\"");
    /// assert!(map.span("screens[0].id").is_none());
    /// let layout = map.span_or_ancestor("screens[0].layout.children").unwrap();
    /// assert_eq!(&text[layout.start..layout.end], "{}");
    /// ```
    pub fn only<'p>(text: &'a str, paths: impl IntoIterator<Item = &'p str>) -> Self {
        let mut wanted = std::collections::HashSet::new();
        for path in paths {
            let mut p = path;
            while wanted.insert(p.to_owned()) && !p.is_empty() {
                p = &p[..p.rfind(['.', '[']).unwrap_or(0)];
            }
        }
        Self::scan(text, Some(wanted))
    }

    fn scan(text: &'a str, wanted: Option<std::collections::HashSet<String>>) -> Self {
        let mut sc = Scanner::new(text.as_bytes(), true);
        sc.wanted = wanted;
        let mut path = String::new();
        let _ = sc.value(&mut path);
        Self {
            spans: sc
                .out
                .into_iter()
                .map(|(p, s, e)| (p, Span { start: s, end: e }))
                .collect(),
            key_spans: sc
                .keys
                .into_iter()
                .map(|(p, s, e)| (p, Span { start: s, end: e }))
                .collect(),
            lines: LineIndex::new(text),
        }
    }

    /// The span of the value at `path` (`""` is the whole document).
    pub fn span(&self, path: &str) -> Option<Span> {
        self.spans.get(path).copied()
    }

    /// The span of the value at `path`, or of its nearest existing ancestor (for a missing
    /// property, the object that should hold it).
    pub fn span_or_ancestor(&self, path: &str) -> Option<Span> {
        let mut p = path;
        loop {
            if let Some(s) = self.spans.get(p) {
                return Some(*s);
            }
            if p.is_empty() {
                return None;
            }
            p = &p[..p.rfind(['.', '[']).unwrap_or(0)];
        }
    }

    /// The span of the key of the property at `path` (`"label"` with its quotes).
    pub fn key_span(&self, path: &str) -> Option<Span> {
        self.key_spans.get(path).copied()
    }

    /// Line/column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(offset)
    }

    /// Start and end (exclusive) positions of a span.
    pub fn line_cols(&self, span: Span) -> (LineCol, LineCol) {
        (self.line_col(span.start), self.line_col(span.end))
    }

    /// The source text.
    pub fn text(&self) -> &'a str {
        self.lines.text
    }
}

/// A key written twice in one JSON object.
///
/// JSON leaves the meaning open: most parsers (serde_json, and so [`crate::FlowJson`]) keep the
/// last value, some the first, some refuse the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Path of the property (`screens[0].layout.children[2].label`).
    pub path: String,
    /// The key, unescaped.
    pub key: String,
    /// The first occurrence of the key (with its quotes).
    pub first: Span,
    /// The later occurrence.
    pub second: Span,
}

/// Every key written more than once in the same object of `text`, in document order (a key
/// written three times gives two entries, each against the first). Stops where `text` stops
/// being JSON.
///
/// ```
/// use flow_model::duplicate_keys;
/// let text = r#"{"version": "7.3", "screens": [{"id": "A", "id": "B"}]}"#;
/// let dups = duplicate_keys(text);
/// assert_eq!(dups.len(), 1);
/// assert_eq!(dups[0].path, "screens[0].id");
/// assert_eq!(&text[dups[0].second.start..dups[0].second.end], "\"id\"");
/// assert!(dups[0].first.start < dups[0].second.start);
/// ```
pub fn duplicate_keys(text: &str) -> Vec<DuplicateKey> {
    let mut sc = Scanner::new(text.as_bytes(), false);
    sc.dups = Some(Vec::new());
    let _ = sc.value(&mut String::new());
    sc.dups.unwrap_or_default()
}

/// Numbers of `text` that any rewrite through the model ([`crate::FlowJson`] and serde_json,
/// which keep a number as a 64-bit integer or float) prints with a different value, in
/// document order: what [`changed_numbers`] finds between `text` and its rewrite, without the
/// rewrite and without indexing every value (one scan; memory in proportion to what it finds).
///
/// ```
/// use flow_model::inexact_numbers;
/// let text = r#"{"a": 1e2, "b": [0.5, 123456789012345678901234567890]}"#;
/// let found = inexact_numbers(text);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].path, "b[1]");
/// assert_eq!(found[0].after, "1.2345678901234568e+29");
/// ```
pub fn inexact_numbers(text: &str) -> Vec<ChangedNumber> {
    let mut sc = Scanner::new(text.as_bytes(), false);
    sc.inexact = Some(Vec::new());
    let _ = sc.value(&mut String::new());
    sc.inexact.unwrap_or_default()
}

/// How serde_json writes back the number `lexeme` after reading it, when that is another value.
fn rewritten_if_changed(lexeme: &str) -> Option<String> {
    let digits = lexeme.strip_prefix('-').unwrap_or(lexeme);
    // An integer of up to 15 digits fits i64/u64 exactly, and is written back as is.
    if digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: serde_json::Number = serde_json::from_str(lexeme).ok()?;
    // As the model's output writes it.
    let after = serde_json::to_string(&n).ok()?;
    (decimal(lexeme) != decimal(&after)).then_some(after)
}

/// A number that a rewrite printed with a different value, because it does not fit a 64-bit
/// integer or float: `12345678901234567890123` becomes `1.2345678901234568e22`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedNumber {
    /// Path of the value (`screens[0].data.big.__example__`).
    pub path: String,
    /// Where it is in the original text.
    pub span: Span,
    /// As written.
    pub before: String,
    /// As rewritten.
    pub after: String,
}

/// Numbers of `before` whose value differs in `after`, a rewrite of the same document (the
/// same paths), in document order. Spelling alone does not count: `1e2` → `100.0` and `-0` →
/// `-0.0` are the same number; `0.1000000000000000055511151231257827` → `0.1` is not.
///
/// ```
/// use flow_model::changed_numbers;
/// let before = r#"{"a": 1e2, "b": 123456789012345678901234567890}"#;
/// let after = r#"{"a": 100.0, "b": 1.2345678901234568e29}"#;
/// let changed = changed_numbers(before, after);
/// assert_eq!(changed.len(), 1);
/// assert_eq!(changed[0].path, "b");
/// ```
pub fn changed_numbers(before: &str, after: &str) -> Vec<ChangedNumber> {
    fn numbers(text: &str) -> Vec<(String, usize, usize)> {
        let mut sc = Scanner::new(text.as_bytes(), true);
        let _ = sc.value(&mut String::new());
        sc.out
            .into_iter()
            .filter(|(_, s, e)| {
                *e != usize::MAX
                    && text
                        .as_bytes()
                        .get(*s)
                        .is_some_and(|b| *b == b'-' || b.is_ascii_digit())
            })
            .collect()
    }
    let rewritten: HashMap<String, (usize, usize)> = numbers(after)
        .into_iter()
        .map(|(p, s, e)| (p, (s, e)))
        .collect();
    numbers(before)
        .into_iter()
        .filter_map(|(path, s, e)| {
            let (s2, e2) = *rewritten.get(&path)?;
            let (old, new) = (&before[s..e], &after[s2..e2]);
            (decimal(old) != decimal(new)).then(|| ChangedNumber {
                path,
                span: Span { start: s, end: e },
                before: old.to_owned(),
                after: new.to_owned(),
            })
        })
        .collect()
}

/// A JSON number as sign, significant digits (no leading or trailing zeros) and the power of ten
/// of the first digit, so that equal values compare equal however they are spelled.
fn decimal(lexeme: &str) -> Option<(bool, String, i128)> {
    let (neg, rest) = match lexeme.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, lexeme),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i128>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: String = int.chars().chain(frac.chars()).collect();
    let lead = digits.len() - digits.trim_start_matches('0').len();
    let digits = digits.trim_matches('0').to_owned();
    // Value = 0.DIGITS × 10^(len(int) - lead + exp).
    let point = int.len() as i128 - lead as i128 + exp;
    Some(if digits.is_empty() {
        (neg, digits, 0)
    } else {
        (neg, digits, point)
    })
}

/// The keys of one object so far: a short list, a hash map once the object is large (a payload
/// or routing model with thousands of keys must not cost a quadratic scan).
#[derive(Default)]
struct KeySet {
    small: Vec<(String, Span)>,
    large: Option<HashMap<String, Span>>,
}

impl KeySet {
    const SMALL: usize = 32;

    /// Adds `key`; if it was already there, the span of its first occurrence.
    fn insert(&mut self, key: &str, span: Span) -> Option<Span> {
        if let Some(map) = &mut self.large {
            if let Some(first) = map.get(key) {
                return Some(*first);
            }
            map.insert(key.to_owned(), span);
            return None;
        }
        if let Some((_, first)) = self.small.iter().find(|(k, _)| k == key) {
            return Some(*first);
        }
        self.small.push((key.to_owned(), span));
        if self.small.len() > Self::SMALL {
            self.large = Some(self.small.drain(..).collect());
        }
        None
    }
}

/// The path of the innermost value open at `line`/`column` (1-based), for parse errors.
pub fn path_at(bytes: &[u8], line: usize, column: usize) -> Option<String> {
    let mut offset = 0;
    let mut l = 1;
    while l < line && offset < bytes.len() {
        if bytes[offset] == b'\n' {
            l += 1;
        }
        offset += 1;
    }
    offset = (offset + column.saturating_sub(1)).min(bytes.len());
    let mut sc = Scanner::new(bytes, true);
    sc.limit = offset;
    let mut path = String::new();
    let _ = sc.value(&mut path);
    sc.out
        .into_iter()
        .filter(|(_, s, e)| *s <= offset && offset <= *e)
        .max_by_key(|(_, s, _)| *s)
        .map(|(p, _, _)| p)
        .filter(|p| !p.is_empty())
}

struct Scanner<'b> {
    b: &'b [u8],
    i: usize,
    /// Whether to record value and key spans (`out`, `keys`).
    record: bool,
    out: Vec<(String, usize, usize)>,
    keys: Vec<(String, usize, usize)>,
    /// Keys seen twice in one object, when looked for.
    dups: Option<Vec<DuplicateKey>>,
    /// Numbers a rewrite would change, when looked for.
    inexact: Option<Vec<ChangedNumber>>,
    /// When recording, only these paths (`None`: all).
    wanted: Option<std::collections::HashSet<String>>,
    limit: usize,
    /// Containers open around the current value; past [`MAX_DEPTH`] the scan stops.
    depth: usize,
}

/// Nesting the scanner follows. The parser stops at 128 levels, so this only matters for text
/// handed to [`SourceMap::new`] without being parsed: it keeps the recursion off the end of the
/// stack (and the copied paths from growing quadratically) instead of aborting.
const MAX_DEPTH: usize = 512;

type Scan = Result<(), ()>;

impl<'b> Scanner<'b> {
    /// A scanner over the whole of `text`; `record` keeps every value's and key's span.
    fn new(text: &'b [u8], record: bool) -> Self {
        Scanner {
            b: text,
            i: 0,
            record,
            out: Vec::new(),
            keys: Vec::new(),
            dups: None,
            inexact: None,
            wanted: None,
            limit: usize::MAX,
            depth: 0,
        }
    }

    fn wants(&self, path: &str) -> bool {
        self.wanted.as_ref().is_none_or(|w| w.contains(path))
    }

    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self, path: &mut String) -> Scan {
        self.ws();
        let start = self.i;
        let slot = self.out.len();
        let record = self.record && self.wants(path);
        if record {
            self.out.push((path.clone(), start, usize::MAX));
        }
        let r = if self.i >= self.b.len() || self.i > self.limit || self.depth >= MAX_DEPTH {
            Err(())
        } else {
            match self.b[self.i] {
                b'{' => self.nested(path, Self::object),
                b'[' => self.nested(path, Self::array),
                b'"' => self.string().map(drop),
                _ => {
                    while self.i < self.b.len()
                        && !matches!(
                            self.b[self.i],
                            b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                        )
                    {
                        self.i += 1;
                    }
                    if self.i == start {
                        Err(())
                    } else {
                        if let Some(found) = &mut self.inexact
                            && matches!(self.b[start], b'-' | b'0'..=b'9')
                            && let Ok(lexeme) = std::str::from_utf8(&self.b[start..self.i])
                            && let Some(after) = rewritten_if_changed(lexeme)
                        {
                            found.push(ChangedNumber {
                                path: path.clone(),
                                span: Span { start, end: self.i },
                                before: lexeme.to_owned(),
                                after,
                            });
                        }
                        Ok(())
                    }
                }
            }
        };
        if record {
            self.out[slot].2 = if r.is_ok() {
                self.i
            } else {
                self.i.max(self.limit.min(self.b.len()))
            };
        }
        r
    }

    fn nested(&mut self, path: &mut String, f: fn(&mut Self, &mut String) -> Scan) -> Scan {
        self.depth += 1;
        let r = f(self, path);
        self.depth -= 1;
        r
    }

    fn object(&mut self, path: &mut String) -> Scan {
        self.i += 1;
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(());
        }
        let mut seen = KeySet::default();
        loop {
            self.ws();
            if self.b.get(self.i) != Some(&b'"') {
                return Err(());
            }
            let kstart = self.i;
            let key = self.string()?;
            let base = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let span = Span {
                start: kstart,
                end: self.i,
            };
            if self.record && self.wants(path) {
                self.keys.push((path.clone(), kstart, self.i));
            }
            if let Some(dups) = &mut self.dups
                && let Some(first) = seen.insert(&key, span)
            {
                dups.push(DuplicateKey {
                    path: path.clone(),
                    key,
                    first,
                    second: span,
                });
            }
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                path.truncate(base);
                return Err(());
            }
            self.i += 1;
            let r = self.value(path);
            path.truncate(base);
            r?;
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(()),
            }
        }
    }

    fn array(&mut self, path: &mut String) -> Scan {
        self.i += 1;
        self.ws();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(());
        }
        let mut idx = 0;
        loop {
            let base = path.len();
            path.push('[');
            path.push_str(&idx.to_string());
            path.push(']');
            let r = self.value(path);
            path.truncate(base);
            r?;
            idx += 1;
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(()),
            }
        }
    }

    /// Reads a string starting at the opening quote; returns its unescaped content.
    fn string(&mut self) -> Result<String, ()> {
        let start = self.i + 1;
        self.i += 1;
        let mut escaped = false;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => {
                    escaped = true;
                    self.i += 2;
                    continue;
                }
                b'"' => {
                    let raw = &self.b[start..self.i];
                    self.i += 1;
                    if !escaped {
                        return Ok(String::from_utf8_lossy(raw).into_owned());
                    }
                    let quoted = &self.b[start - 1..self.i];
                    return serde_json::from_slice::<String>(quoted)
                        .or_else(|_| Ok(String::from_utf8_lossy(raw).into_owned()));
                }
                _ => self.i += 1,
            }
        }
        Err(())
    }
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn spellings_of_one_value_are_equal() {
        for (a, b) in [
            ("1e2", "100.0"),
            ("100", "100"),
            ("-0", "-0.0"),
            ("0.5", "5e-1"),
            ("0.000", "0"),
            ("123.4500", "1.2345E2"),
            ("007", "7"),
        ] {
            assert_eq!(decimal(a), decimal(b), "{a} {b}");
        }
        for (a, b) in [("1", "2"), ("0.1", "0.01"), ("-1", "1"), ("12", "1.2")] {
            assert_ne!(decimal(a), decimal(b), "{a} {b}");
        }
    }

    #[test]
    fn inexact_numbers_are_what_a_rewrite_changes() {
        let before = "{\"x\": [1.50, 9007199254740993.0, 12345678901234567, -0, 1e2, 5e-324, \
                      0.1000000000000000055511151231257827, 18446744073709551615, \
                      18446744073709551616], \"s\": \"12\"}";
        let value: serde_json::Value = serde_json::from_str(before).unwrap();
        let after = serde_json::to_string(&value).unwrap();
        let want = changed_numbers(before, &after);
        let got = inexact_numbers(before);
        let paths = |v: &[ChangedNumber]| v.iter().map(|c| c.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&got), paths(&want));
        assert_eq!(paths(&got), ["x[1]", "x[6]", "x[8]"]);
        assert_eq!(got[0].after, want[0].after);
    }

    #[test]
    fn only_changed_values_are_reported_at_their_place() {
        let before = "{\"x\": [1.50, 9007199254740993.0], \"s\": \"12\"}";
        let after = "{\"x\": [1.5, 9007199254740992.0], \"s\": \"13\"}";
        let c = changed_numbers(before, after);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].path, "x[1]");
        assert_eq!(
            &before[c[0].span.start..c[0].span.end],
            "9007199254740993.0"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_across_chunks_of_a_long_line() {
        // Multi-byte characters straddle the chunk boundaries of the index.
        let text: String = (0..3000)
            .map(|i| ["a", "é", "☕", "🙂"][i % 4])
            .collect::<String>()
            + "\nxé☕";
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices() {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = LineCol {
                line: 1 + text[..offset].matches('\n').count() as u32,
                column: 1 + text[line_start..offset].chars().count() as u32,
            };
            assert_eq!(index.line_col(offset), expected, "offset {offset}");
        }
        assert_eq!(index.line_col(text.len()).column, 4);
    }

    #[test]
    fn deep_nesting_stops_the_scan_instead_of_the_process() {
        let text = "[".repeat(100_000);
        let map = SourceMap::new(&text);
        assert!(map.span("").is_some());
        assert!(duplicate_keys(&text).is_empty());
        let deep_dup = format!(
            "{}{{\"a\": 1, \"a\": 2}}{}",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert_eq!(duplicate_keys(&deep_dup).len(), 1);
    }
}
