//! Input bytes to JSON text, shared by everything that reads Flow JSON files (the `fmt` and
//! `validate` commands, deploy).
//!
//! Two kinds of bytes are refused before any JSON parsing, because the parser's own report for
//! them would mislead: a UTF-8 byte order mark (serde_json says "expected value at line 1
//! column 1", as if the document were empty) and bytes that are not UTF-8 (reading the file as
//! a `String` gives no position at all). Both become a located [`ParseError`], so every command
//! reports them like any other syntax error: `INVALID_FLOW_JSON` at a line and column.

use flow_model::{LineCol, ParseError, ParseErrorKind};

/// Why some bytes are not JSON text, where, and what would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError {
    /// Byte offset of the offending byte.
    pub(crate) offset: usize,
    /// The error as a parse error: 1-based line and column in characters.
    pub(crate) parse: ParseError,
    /// How to fix it.
    pub(crate) help: &'static str,
}

/// `bytes` as text, or why it cannot be JSON.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, DecodeError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err(located(
            bytes,
            0,
            "the file starts with a byte order mark (U+FEFF), which JSON does not allow",
            "save the file as UTF-8 without BOM",
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        located(
            bytes,
            e.valid_up_to(),
            "the text is not valid UTF-8",
            "JSON must be UTF-8: convert the file (for example with `iconv -t UTF-8`)",
        )
    })
}

fn located(bytes: &[u8], offset: usize, message: &str, help: &'static str) -> DecodeError {
    // The bytes before `offset` are UTF-8 (`valid_up_to`), so characters can be counted.
    let at = LineCol::at(bytes, offset);
    DecodeError {
        offset,
        parse: ParseError {
            message: message.to_owned(),
            line: at.line as usize,
            column: at.column as usize,
            path: None,
            kind: ParseErrorKind::Syntax,
        },
        help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_text_passes_through() {
        assert_eq!(
            decode("{\"a\": \"ünï\"}".as_bytes()),
            Ok("{\"a\": \"ünï\"}")
        );
        assert_eq!(decode(b""), Ok(""));
    }

    #[test]
    fn a_byte_order_mark_is_located_at_the_start() {
        let e = decode(b"\xEF\xBB\xBF{}").unwrap_err();
        assert_eq!((e.offset, e.parse.line, e.parse.column), (0, 1, 1));
        assert!(e.parse.message.contains("byte order mark"));
        assert!(e.help.contains("without BOM"));
    }

    #[test]
    fn invalid_utf8_is_located_at_the_first_bad_byte() {
        // Line 2, after the 11 characters (12 bytes) of `  "id": "éA`.
        let e = decode(b"{\n  \"id\": \"\xC3\xA9A\xFF\"}").unwrap_err();
        assert_eq!(e.offset, 14);
        assert_eq!((e.parse.line, e.parse.column), (2, 12));
        assert!(e.parse.message.contains("UTF-8"));
        assert!(e.help.contains("iconv"));
    }
}
