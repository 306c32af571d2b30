//! A window of a source file for miette reports, so that a minified multi-megabyte document
//! (what Meta's API hands back) is not printed whole under every error; line and column
//! numbers stay those of the file.

use flow_model::LineCol;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// The lines around a span of a file, at most [`Excerpt::MAX_BYTES_EACH_SIDE`] bytes beyond it.
#[derive(Debug)]
pub(super) struct Excerpt {
    name: String,
    text: String,
    /// Byte offset of the window in the file.
    start: usize,
    /// Lines of the file before the window.
    lines_before: usize,
    /// Characters of the window's first line that precede the window.
    first_line_chars_before: usize,
}

impl Excerpt {
    const CONTEXT_LINES: usize = 2;
    pub(super) const MAX_BYTES_EACH_SIDE: usize = 160;

    /// The window around one byte offset. `line_col` locates a byte offset of `text`.
    pub(super) fn around(
        name: &str,
        text: &str,
        offset: usize,
        line_col: &dyn Fn(usize) -> LineCol,
    ) -> Excerpt {
        Self::covering(name, text, offset, offset, line_col)
    }

    /// The window around `start..end`: two lines of context each side, but not more than
    /// [`Self::MAX_BYTES_EACH_SIDE`] bytes. `line_col` locates a byte offset of `text`: with
    /// an index built once per file, a report of many findings costs no rescan of the text
    /// before each one. Control characters in the window are shown as visible characters of
    /// the same length ([`super::escape::same_length`]), and so is the file name.
    pub(super) fn covering(
        name: &str,
        text: &str,
        start: usize,
        end: usize,
        line_col: &dyn Fn(usize) -> LineCol,
    ) -> Excerpt {
        let offset = start.min(text.len());
        let end_offset = end.clamp(offset, text.len());
        let mut start = offset;
        let mut newlines = 0;
        for (i, b) in text.as_bytes()[..offset].iter().enumerate().rev() {
            if *b == b'\n' {
                newlines += 1;
                if newlines > Self::CONTEXT_LINES {
                    start = i + 1;
                    break;
                }
            }
            start = i;
        }
        start = start.max(offset.saturating_sub(Self::MAX_BYTES_EACH_SIDE));
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = end_offset;
        let mut newlines = 0;
        for (i, b) in text.as_bytes()[end_offset..].iter().enumerate() {
            end = end_offset + i + 1;
            if *b == b'\n' {
                newlines += 1;
                if newlines > Self::CONTEXT_LINES {
                    end = end_offset + i;
                    break;
                }
            }
        }
        end = end
            .min(end_offset + Self::MAX_BYTES_EACH_SIDE)
            .min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let at = line_col(start);
        Excerpt {
            name: super::escape::value(name).into_owned(),
            text: super::escape::same_length(&text[start..end]).into_owned(),
            start,
            lines_before: at.line.saturating_sub(1) as usize,
            first_line_chars_before: at.column.saturating_sub(1) as usize,
        }
    }

    /// Byte offset of the window in the file: subtract it from file offsets to get label spans.
    pub(super) fn start(&self) -> usize {
        self.start
    }

    /// Whether the file's `start..end` lies inside the window.
    pub(super) fn contains(&self, start: usize, end: usize) -> bool {
        start >= self.start && end <= self.start + self.text.len()
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        let column = if inner.line() == 0 {
            inner.column() + self.first_line_chars_before
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.lines_before,
            column,
            inner.line_count(),
        )))
    }
}

/// Byte offset in `text` of a 1-based line and column in characters (a [`flow_model::ParseError`]
/// position), clamped to the text; column 0 is the line start.
pub(super) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = text[start.min(text.len())..].lines().next().unwrap_or("");
    start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_of_character_columns() {
        let text = "{\n  \"é🙂\": x}";
        assert_eq!(&text[offset_of(text, 2, 9)..], "x}");
        assert_eq!(offset_of(text, 2, 0), 2);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }

    #[test]
    fn excerpt_of_a_long_line_is_a_window() {
        let text = format!("{{\"a\": \"{}\", ]", "x".repeat(5000));
        let off = text.len() - 1;
        let ex = Excerpt::around("f", &text, off, &|o| LineCol::at(text.as_bytes(), o));
        assert!(ex.text.len() <= 2 * Excerpt::MAX_BYTES_EACH_SIDE);
        assert!(ex.text.ends_with(']'));
        assert_eq!(ex.lines_before, 0);
        assert_eq!(ex.first_line_chars_before, ex.start);
    }

    #[test]
    fn a_span_is_covered_whole_with_context_on_both_sides() {
        let text = format!(
            "{}\n{}\nmiddle\n{}",
            "a".repeat(400),
            "b".repeat(10),
            "c".repeat(400)
        );
        let (s, e) = (
            text.find("middle").unwrap(),
            text.find("middle").unwrap() + 6,
        );
        let ex = Excerpt::covering("f", &text, s, e, &|o| LineCol::at(text.as_bytes(), o));
        assert!(ex.contains(s, e));
        assert!(ex.text.contains("bbbbbbbbbb\nmiddle\n"));
        assert!(ex.text.len() <= 6 + 2 * Excerpt::MAX_BYTES_EACH_SIDE);
        assert_eq!(
            ex.lines_before + 1,
            1 + text[..ex.start].matches('\n').count()
        );
        assert!(!ex.contains(0, 1));
    }
}
