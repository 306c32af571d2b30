//! What the endpoint may say about a decrypted request in logs and `Debug` output.
//!
//! The decrypted body is personal data (names, phone numbers, answers). Logs and `Debug` show
//! its shape (screen, action, keys, JSON kinds, sizes) and never a value. Strings that are
//! *usually* structural but come from the client (an action name, an error key, a screen id)
//! are shown only when they are known: one of Meta's names, or a screen this endpoint serves.

use std::fmt;

use serde_json::{Map, Value};

use flow_model::table::JsonTypes;

/// Client-side error keys of §H.5 of the spec: logged verbatim; any other key is not.
const CLIENT_ERROR_KEYS: &[&str] = &[
    "timeout_error",
    "missing_capability",
    "cannot_be_served",
    "no_http_response_error",
    "unexpected_http_status_code",
    "public-key-missing",
    "public-key-signiture-verification",
    "response-decryption-error",
    "invalid-screen-transition",
    "payload-schema-error",
    "business-decryption-error",
];

/// `key` when it is one of Meta's client error keys, else `"other"`.
pub(crate) fn client_error_key(key: &str) -> &str {
    CLIENT_ERROR_KEYS
        .iter()
        .find(|k| **k == key)
        .copied()
        .unwrap_or("other")
}

/// A value shown as `<kind, size>`: `<string, 17 bytes>`, `<object, 2 keys>`, `<number>`.
pub(crate) struct Shape<'a>(pub &'a Value);

impl fmt::Debug for Shape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::String(s) => write!(f, "<string, {} bytes>", s.len()),
            Value::Array(a) => write!(f, "<array, {} items>", a.len()),
            Value::Object(o) => write!(f, "<object, {} keys>", o.len()),
            other => write!(f, "<{}>", JsonTypes::name_of(other)),
        }
    }
}

/// A map shown with its keys and the [`Shape`] of each value.
pub(crate) struct MapShape<'a>(pub &'a Map<String, Value>);

impl fmt::Debug for MapShape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| (k, Shape(v))))
            .finish()
    }
}

/// A secret-like string shown as `<redacted, N bytes>`.
pub(crate) struct Redacted(pub usize);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<redacted, {} bytes>", self.0)
    }
}

/// A screen id shown as is when it has the shape of one (letters and underscores, at most 64),
/// else as its size; used by `Debug`, where the endpoint's screens are not known.
pub(crate) struct ScreenId<'a>(pub &'a str);

impl fmt::Debug for ScreenId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') {
            write!(f, "{s:?}")
        } else {
            Redacted(s.len()).fmt(f)
        }
    }
}

/// A Data API version shown as is when it looks like one (`3.0`), else as its size.
pub(crate) struct Version<'a>(pub &'a str);

impl fmt::Debug for Version<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s.len() <= 8 && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            write!(f, "{s:?}")
        } else {
            Redacted(s.len()).fmt(f)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn shapes_hide_values() {
        let map = json!({"a": "secret", "b": 12345, "c": [1, 2], "d": {"x": "y"}, "e": null});
        let shown = format!("{:?}", MapShape(map.as_object().unwrap()));
        assert_eq!(
            shown,
            r#"{"a": <string, 6 bytes>, "b": <number>, "c": <array, 2 items>, "d": <object, 1 keys>, "e": <null>}"#
        );
        assert_eq!(format!("{:?}", ScreenId("PICK_ONE")), r#""PICK_ONE""#);
        assert_eq!(format!("{:?}", ScreenId("a b")), "<redacted, 3 bytes>");
        assert_eq!(format!("{:?}", Version("3.0")), r#""3.0""#);
        assert_eq!(format!("{:?}", Version("Ana")), "<redacted, 3 bytes>");
        assert_eq!(
            client_error_key("payload-schema-error"),
            "payload-schema-error"
        );
        assert_eq!(client_error_key("Ana Silva"), "other");
    }
}
