//! The canonical JSON writer: byte for byte what `serde_json::to_string_pretty` (2-space indent)
//! and `serde_json::to_string` write, but faster on what Flow JSON is made of.
//!
//! Two costs dominate serde_json's output of a flow, and this writer removes both:
//! - **String escaping.** serde_json looks every byte of every string up in a table. Flows carry
//!   megabytes of inline base64 images (the Health Insurance example: ten strings of 269 KB), so
//!   here a string is scanned eight bytes at a time ([`find_escape`]) and copied in runs.
//! - **Indentation.** `PrettyFormatter` writes the indent one level at a time, and a component
//!   property sits six to ten levels deep. Here a line break plus its indent is one slice of a
//!   static buffer.
//!
//! It is a `serde::Serializer`, so every `Serialize` value (model types and the free-form
//! `serde_json::Value`s they hold) goes through it. Floats are rare in Flow JSON and are handed to
//! serde_json, so their digits are exactly serde_json's.

use serde::Serialize;
use serde::ser::{self, Error as _, Impossible};

type Error = serde_json::Error;

/// Deeper than this, the indent is written in pieces; no real Flow JSON gets near it.
const INLINE_LEVELS: usize = 64;

/// `",\n"` followed by enough spaces for [`INLINE_LEVELS`] levels of indentation.
static COMMA_BREAK: [u8; 2 + 2 * INLINE_LEVELS] = {
    let mut b = [b' '; 2 + 2 * INLINE_LEVELS];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// Appends `value` as canonical pretty JSON (2-space indent) to `out`.
pub(crate) fn write_pretty<T: ?Sized + Serialize>(out: &mut Vec<u8>, value: &T) {
    write(out, value, true);
}

/// `value` as canonical pretty JSON.
pub(crate) fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> String {
    to_string(value, true)
}

/// `value` as canonical compact JSON.
pub(crate) fn to_string_compact<T: ?Sized + Serialize>(value: &T) -> String {
    to_string(value, false)
}

fn to_string<T: ?Sized + Serialize>(value: &T, pretty: bool) -> String {
    let mut out = Vec::with_capacity(128);
    write(&mut out, value, pretty);
    into_string(out)
}

fn write<T: ?Sized + Serialize>(out: &mut Vec<u8>, value: &T, pretty: bool) {
    let mut w = Writer {
        out,
        pretty,
        level: 0,
    };
    value
        .serialize(&mut w)
        .expect("model values always serialize: string keys, no failing Serialize impls");
}

/// The writer's output as a `String`, without a second pass over every byte.
///
/// `String::from_utf8` would re-validate the whole document, a measurable share of printing a
/// flow that carries megabytes of inline images; serde_json's own `to_string` skips it too.
#[allow(unsafe_code)]
fn into_string(out: Vec<u8>) -> String {
    debug_assert!(std::str::from_utf8(&out).is_ok());
    // SAFETY: every byte comes from `Writer`: `str` contents copied whole or split only before
    // and after ASCII bytes (the escaped ones), escapes, digits, literals, punctuation and
    // indentation in ASCII, and serde_json's own float output. A concatenation of UTF-8
    // sequences is UTF-8.
    unsafe { String::from_utf8_unchecked(out) }
}

/// A JSON serializer into a byte buffer, pretty (2-space indent) or compact.
struct Writer<'o> {
    out: &'o mut Vec<u8>,
    pretty: bool,
    level: usize,
}

impl<'o> Writer<'o> {
    /// Before a container's element: the separating comma, and in pretty mode a line break and
    /// the indent of the current level.
    #[inline]
    fn element(&mut self, first: bool) {
        if !self.pretty {
            if !first {
                self.out.push(b',');
            }
            return;
        }
        let start = usize::from(first);
        let width = 2 * self.level;
        if width <= 2 * INLINE_LEVELS {
            self.out.extend_from_slice(&COMMA_BREAK[start..2 + width]);
        } else {
            self.out.extend_from_slice(&COMMA_BREAK[start..2]);
            for _ in 0..self.level {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    #[inline]
    fn open(&mut self, bracket: u8) {
        self.level += 1;
        self.out.push(bracket);
    }

    /// Closes a container; a non-empty one puts its bracket on its own line, as serde_json does.
    #[inline]
    fn close(&mut self, bracket: u8, empty: bool) {
        self.level -= 1;
        if self.pretty && !empty {
            // `element(true)` writes the line break without a comma.
            self.element(true);
        }
        self.out.push(bracket);
    }

    #[inline]
    fn key_separator(&mut self) {
        if self.pretty {
            self.out.extend_from_slice(b": ");
        } else {
            self.out.push(b':');
        }
    }

    fn integer(&mut self, v: impl itoa::Integer) -> Result<(), Error> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    /// Floats go through serde_json so their digits (and `null` for non-finite values) are its own.
    fn float<F: Serialize>(&mut self, v: F) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v)
    }

    fn compound(&mut self, bracket: u8, variant: Option<&'static str>) -> Compound<'_, 'o> {
        if let Some(name) = variant {
            self.open(b'{');
            self.element(true);
            write_str(self.out, name);
            self.key_separator();
        }
        self.open(bracket);
        Compound {
            w: self,
            first: true,
            close: if bracket == b'[' { b']' } else { b'}' },
            variant: variant.is_some(),
        }
    }
}

/// The ten integer methods of a `Serializer`, each handing its value to `self.integer`.
macro_rules! integers {
    () => {
        integers!(
            serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
            serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
            serialize_u64: u64, serialize_u128: u128
        );
    };
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            self.integer(v)
        }
    )*};
}

/// The methods that write what they wrap: a unit variant as its name, a newtype struct as its
/// content (serde_json does the same).
macro_rules! transparent {
    () => {
        fn serialize_unit_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
        ) -> Result<(), Error> {
            self.serialize_str(variant)
        }
        fn serialize_newtype_struct<T: ?Sized + Serialize>(
            self,
            _name: &'static str,
            value: &T,
        ) -> Result<(), Error> {
            value.serialize(self)
        }
    };
}

/// A sequence, map or struct being written.
struct Compound<'w, 'o> {
    w: &'w mut Writer<'o>,
    first: bool,
    close: u8,
    /// Wrapped in `{"Variant": ...}`, closed after the container itself.
    variant: bool,
}

impl Compound<'_, '_> {
    fn next(&mut self) {
        self.w.element(self.first);
        self.first = false;
    }

    fn finish(self) -> Result<(), Error> {
        self.w.close(self.close, self.first);
        if self.variant {
            self.w.close(b'}', false);
        }
        Ok(())
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.next();
        value.serialize(&mut *self.w)
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.next();
        write_str(self.w.out, key);
        self.w.key_separator();
        value.serialize(&mut *self.w)
    }
}

impl<'w, 'o> ser::Serializer for &'w mut Writer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 'o>;
    type SerializeTuple = Compound<'w, 'o>;
    type SerializeTupleStruct = Compound<'w, 'o>;
    type SerializeTupleVariant = Compound<'w, 'o>;
    type SerializeMap = Compound<'w, 'o>;
    type SerializeStruct = Compound<'w, 'o>;
    type SerializeStructVariant = Compound<'w, 'o>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    integers!();
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    /// As serde_json: an array of numbers.
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    transparent!();
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut m = self.compound(b'{', None);
        m.field(variant, value)?;
        m.finish()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w, 'o>, Error> {
        Ok(self.compound(b'[', None))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'w, 'o>, Error> {
        Ok(self.compound(b'[', None))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'o>, Error> {
        Ok(self.compound(b'[', None))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'o>, Error> {
        Ok(self.compound(b'[', Some(variant)))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w, 'o>, Error> {
        Ok(self.compound(b'{', None))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w, 'o>, Error> {
        Ok(self.compound(b'{', None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'o>, Error> {
        Ok(self.compound(b'{', Some(variant)))
    }
}

macro_rules! seq_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}
seq_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

macro_rules! struct_like {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}
struct_like!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.next();
        key.serialize(KeyWriter(self.w.out))
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.w.key_separator();
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// Writes a map key. JSON keys are strings; like serde_json, integers, booleans and chars are
/// written as strings too, and anything else is an error.
struct KeyWriter<'o>(&'o mut Vec<u8>);

impl KeyWriter<'_> {
    fn quoted(self, s: &str) -> Result<(), Error> {
        self.0.push(b'"');
        self.0.extend_from_slice(s.as_bytes());
        self.0.push(b'"');
        Ok(())
    }

    fn integer(self, v: impl itoa::Integer) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(v))
    }
}

fn key_must_be_a_string() -> Error {
    Error::custom("key must be a string")
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.0, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(if v { "true" } else { "false" })
    }
    integers!();
    transparent!();
    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

/// Appends `s` as a JSON string literal, escaped as serde_json escapes it: `\"`, `\\`, `\b`, `\f`,
/// `\n`, `\r`, `\t`, and `\u00XX` (lowercase hex) for the other control characters.
#[inline]
fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    while let Some(at) = find_escape(bytes, start) {
        out.extend_from_slice(&bytes[start..at]);
        write_escape(out, bytes[at]);
        start = at + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The index of the first byte at or after `from` that JSON requires escaped.
///
/// Eight bytes at a time (SWAR): for each lane, "less than 0x20" and "equal to `"` or `\`" are
/// computed with the classic `(x - 0x01..) & !x & 0x80..` zero-byte test. Borrows only travel
/// towards higher lanes, so the lowest flagged lane is always a true hit; higher flags may be
/// false, and are never looked at.
#[inline]
fn find_escape(bytes: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = u64::from_ne_bytes([0x01; 8]);
    const HI: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let control = x.wrapping_sub(LO * 0x20) & !x;
        let q = x ^ (LO * u64::from(b'"'));
        let quote = q.wrapping_sub(LO) & !q;
        let b = x ^ (LO * u64::from(b'\\'));
        let backslash = b.wrapping_sub(LO) & !b;
        let hits = (control | quote | backslash) & HI;
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| needs_escape(b))
        .map(|p| i + p)
}

fn write_escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    fn both_ways(v: &Value) {
        assert_eq!(
            super::to_string_pretty(v),
            serde_json::to_string_pretty(v).unwrap()
        );
        assert_eq!(
            super::to_string_compact(v),
            serde_json::to_string(v).unwrap()
        );
    }

    #[test]
    fn matches_serde_json_at_every_shape() {
        let mut deep = json!("leaf");
        for i in 0..70 {
            deep = if i % 2 == 0 {
                json!([deep, {}, [], 1.5, null, -3, u64::MAX, 1e300, true])
            } else {
                json!({ "k": deep, "e": {}, "a": [], "s": "x\"\n\u{1}é", "f": false })
            };
        }
        for v in [
            json!({}),
            json!([]),
            json!([[]]),
            json!({"a": {}}),
            json!(0),
            json!(-0.0),
            json!(0.1),
            deep,
        ] {
            both_ways(&v);
        }
    }

    #[test]
    fn escapes_exactly_like_serde_json_at_every_offset() {
        // Every byte that needs escaping, and some that do not, at every position of strings
        // longer and shorter than one 8-byte chunk, beside multi-byte characters.
        let specials: Vec<char> = (0u8..0x20)
            .map(char::from)
            .chain([
                '"', '\\', '/', '\u{7f}', 'é', '€', '😀', ' ', '!', '#', ']', '^',
            ])
            .collect();
        for len in 0..20 {
            for pos in 0..len.max(1) {
                for &c in &specials {
                    let mut s: String = "ab💡cdefghijklmnopqrstuvwxyz".chars().take(len).collect();
                    let at = s.char_indices().nth(pos).map_or(s.len(), |(i, _)| i);
                    s.insert(at, c);
                    s.push(c);
                    both_ways(&Value::String(s.clone()));
                    both_ways(&json!({ s.clone(): s }));
                }
            }
        }
    }

    #[test]
    fn structs_and_enums_match_serde_json() {
        #[derive(serde::Serialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(i32, &'static str),
            Struct { a: Option<bool>, b: Vec<char> },
        }
        #[derive(serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
        enum K {
            A,
        }
        #[derive(serde::Serialize)]
        struct S {
            e: Vec<E>,
            bytes: serde_bytes_like::Bytes,
            map: std::collections::BTreeMap<i32, ()>,
            bool_keys: std::collections::BTreeMap<bool, u8>,
            char_keys: std::collections::BTreeMap<char, u8>,
            unit_keys: std::collections::BTreeMap<K, u8>,
            t: (),
            f: f32,
            nan: f64,
        }
        mod serde_bytes_like {
            pub struct Bytes(pub &'static [u8]);
            impl serde::Serialize for Bytes {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_bytes(self.0)
                }
            }
        }
        let v = S {
            e: vec![
                E::Unit,
                E::New(7),
                E::Tuple(-1, "x"),
                E::Struct {
                    a: None,
                    b: vec!['"', 'z'],
                },
                E::Struct {
                    a: Some(true),
                    b: vec![],
                },
            ],
            bytes: serde_bytes_like::Bytes(b"\x00\xff"),
            map: [(1, ()), (-2, ())].into(),
            bool_keys: [(true, 1), (false, 0)].into(),
            char_keys: [('"', 1), ('é', 2)].into(),
            unit_keys: [(K::A, 1)].into(),
            t: (),
            f: 0.3,
            nan: f64::NAN,
        };
        assert_eq!(
            super::to_string_pretty(&v),
            serde_json::to_string_pretty(&v).unwrap()
        );
        assert_eq!(
            super::to_string_compact(&v),
            serde_json::to_string(&v).unwrap()
        );
    }

    #[test]
    fn non_string_keys_are_rejected_like_serde_json() {
        let v: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        let mut out = Vec::new();
        let mut w = super::Writer {
            out: &mut out,
            pretty: true,
            level: 0,
        };
        assert!(serde::Serialize::serialize(&v, &mut w).is_err());
        assert!(serde_json::to_string(&v).is_err());
    }
}
