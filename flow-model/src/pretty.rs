//! The canonical pretty formatter: byte for byte what `serde_json::to_string_pretty` writes
//! (2-space indent), with each line break and its indentation written in one copy.
//!
//! `serde_json::PrettyFormatter` writes the indent one level at a time: a component property sits
//! six to ten levels deep, so most lines of a Flow JSON cost a dozen tiny writes before their
//! first byte of content. Here a line break plus indent is a single slice of a static buffer.

use std::io::{self, Write};

use serde::Serialize;

/// `",\n"` followed by enough spaces for [`INLINE_LEVELS`] levels of indentation.
static COMMA_BREAK: [u8; 2 + 2 * INLINE_LEVELS] = {
    let mut b = [b' '; 2 + 2 * INLINE_LEVELS];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// Deeper than this, the indent is written in pieces; no real Flow JSON gets near it.
const INLINE_LEVELS: usize = 64;

/// Pretty formatter with the output of `serde_json::ser::PrettyFormatter::new()`.
#[derive(Debug, Default)]
pub(crate) struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    /// Writes a line break (after a comma when `comma`) and the indent of the current level.
    #[inline]
    fn line<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        let start = usize::from(!comma);
        let width = 2 * self.level;
        if width <= 2 * INLINE_LEVELS {
            w.write_all(&COMMA_BREAK[start..2 + width])
        } else {
            w.write_all(&COMMA_BREAK[start..2])?;
            for _ in 0..self.level {
                w.write_all(b"  ")?;
            }
            Ok(())
        }
    }

    #[inline]
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    #[inline]
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Pretty {
    #[inline]
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    #[inline]
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    #[inline]
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    #[inline]
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    #[inline]
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    #[inline]
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    #[inline]
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    #[inline]
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    #[inline]
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Appends `value` as canonical pretty JSON to `out`.
pub(crate) fn write_pretty<T: ?Sized + Serialize>(out: &mut Vec<u8>, value: &T) {
    let mut ser = serde_json::Serializer::with_formatter(out, Pretty::default());
    value
        .serialize(&mut ser)
        .expect("model values always serialize");
}

/// `value` as canonical pretty JSON.
pub(crate) fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> String {
    let mut out = Vec::with_capacity(128);
    write_pretty(&mut out, value);
    into_string(out)
}

/// The serializer's output as a `String`, without a second pass over every byte.
///
/// `String::from_utf8` re-validates the whole document, a measurable share of pretty printing
/// when a flow carries megabytes of inline base64 images; serde_json's own `to_string_pretty`
/// skips it for the same reason.
#[allow(unsafe_code)]
fn into_string(out: Vec<u8>) -> String {
    debug_assert!(std::str::from_utf8(&out).is_ok());
    // SAFETY: the bytes come only from serde_json's Serializer (whatever the `Serialize` value)
    // and from `Pretty`. The serializer copies `str` contents (valid UTF-8) with escapes that are ASCII,
    // and writes numbers, literals and punctuation in ASCII; `Pretty` writes ASCII only. The
    // concatenation of UTF-8 sequences is UTF-8.
    unsafe { String::from_utf8_unchecked(out) }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn matches_serde_json_pretty_at_every_shape() {
        let mut deep = json!("leaf");
        for i in 0..70 {
            deep = if i % 2 == 0 {
                json!([deep, {}, [], 1.5, null])
            } else {
                json!({ "k": deep, "e": {}, "a": [], "s": "x\"\n\u{1}é" })
            };
        }
        for v in [
            json!({}),
            json!([]),
            json!([[]]),
            json!({"a": {}}),
            json!(0),
            deep,
        ] {
            assert_eq!(
                super::to_string_pretty(&v),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }
}
