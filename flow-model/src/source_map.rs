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
    text: &'a str,
    spans: HashMap<String, Span>,
    key_spans: HashMap<String, Span>,
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    /// Scans `text`.
    pub fn new(text: &'a str) -> Self {
        let mut sc = Scanner {
            b: text.as_bytes(),
            i: 0,
            out: Vec::new(),
            keys: Vec::new(),
            limit: usize::MAX,
        };
        let mut path = String::new();
        let _ = sc.value(&mut path);
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self {
            text,
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
            line_starts,
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
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(0, |s| s.chars().count());
        LineCol {
            line: line as u32,
            column: col as u32 + 1,
        }
    }

    /// Start and end (exclusive) positions of a span.
    pub fn line_cols(&self, span: Span) -> (LineCol, LineCol) {
        (self.line_col(span.start), self.line_col(span.end))
    }

    /// The source text.
    pub fn text(&self) -> &'a str {
        self.text
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
    let mut sc = Scanner {
        b: bytes,
        i: 0,
        out: Vec::new(),
        keys: Vec::new(),
        limit: offset,
    };
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
    out: Vec<(String, usize, usize)>,
    keys: Vec<(String, usize, usize)>,
    limit: usize,
}

type Scan = Result<(), ()>;

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self, path: &mut String) -> Scan {
        self.ws();
        let start = self.i;
        let slot = self.out.len();
        self.out.push((path.clone(), start, usize::MAX));
        let r = if self.i >= self.b.len() || self.i > self.limit {
            Err(())
        } else {
            match self.b[self.i] {
                b'{' => self.object(path),
                b'[' => self.array(path),
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
                    if self.i == start { Err(()) } else { Ok(()) }
                }
            }
        };
        self.out[slot].2 = if r.is_ok() {
            self.i
        } else {
            self.i.max(self.limit.min(self.b.len()))
        };
        r
    }

    fn object(&mut self, path: &mut String) -> Scan {
        self.i += 1;
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(());
        }
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
            self.keys.push((path.clone(), kstart, self.i));
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
