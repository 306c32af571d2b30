//! The Flow JSON document (spec §A): parsing with located errors, canonical serialization.

use indexmap::IndexMap;
use serde_json::Value;

use crate::model_macro::model_struct;
use crate::screen::Screen;
use crate::table::p;
use crate::version::{DataApiVersion, FlowVersion, V3_0};

model_struct! {
    @streamed
    /// A whole Flow JSON document.
    ///
    /// ```
    /// use flow_model::FlowJson;
    /// let text = r#"{"version":"7.3","screens":[{"id":"START","terminal":true,
    ///   "layout":{"type":"SingleColumnLayout","children":[
    ///     {"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}],
    ///   "x-tool":"kept"}"#;
    /// let flow = FlowJson::from_str(text).unwrap();
    /// assert_eq!(flow.screens.as_ref().unwrap()[0].id.as_deref(), Some("START"));
    /// assert_eq!(flow.extra["x-tool"], "kept");
    /// let pretty = flow.to_string_pretty();
    /// assert!(pretty.starts_with("{\n  \"version\": \"7.3\""));
    /// ```
    FlowJson {
        /// The Flow JSON version.
        version: FlowVersion = "version" => p().req(),
        /// The Data API version; required when the flow uses an endpoint.
        data_api_version: DataApiVersion = "data_api_version" => p(),
        /// Screen id → screens it can move forward to; required with `data_api_version`.
        routing_model: IndexMap<String, Vec<String>> = "routing_model" => p(),
        /// The endpoint URL, only before 3.0.
        data_channel_uri: String = "data_channel_uri" => p().until(V3_0),
        /// The screens (1–100).
        screens: Vec<Screen> = "screens" => p().req(),
    }
}

/// Why a text could not be read as Flow JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at line {line}, column {column}{}", path.as_ref().map(|p| format!(" (in {p})")).unwrap_or_default())]
pub struct ParseError {
    /// What went wrong.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters (as in [`crate::LineCol`] and the validator's findings), of
    /// the byte where reading stopped; 0 when nothing of the line was read.
    pub column: usize,
    /// The JSON path of the innermost value being read, when known (`screens[1].layout`).
    pub path: Option<String>,
    /// What kind of failure.
    pub kind: ParseErrorKind,
}

/// The class of a [`ParseError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// Not JSON (syntax error, trailing comma, unterminated string...).
    Syntax,
    /// The text ended early.
    Eof,
    /// JSON, but the top level is not an object.
    NotAnObject,
    /// JSON, but an object has the same key twice, so a rewrite would keep only one value.
    /// [`FlowJson::from_str`] accepts such text (the last value wins, the validator warns);
    /// tools that rewrite the text, such as `flow-dsl fmt`, refuse it with this kind.
    DuplicateKey,
    /// JSON, but a number cannot be written back with the same value (it needs more than 64
    /// bits), so a rewrite would change it. [`FlowJson::from_str`] accepts such text; tools
    /// that rewrite it, such as `flow-dsl fmt`, refuse it with this kind.
    InexactNumber,
}

impl FlowJson {
    /// Parses Flow JSON text. Anything that is a JSON object is accepted; the validator says
    /// what is wrong with it. Text that is not JSON gives a [`ParseError`] with line, column and
    /// the JSON path reached.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str) -> Result<FlowJson, ParseError> {
        Self::from_slice(text.as_bytes())
    }

    /// Like [`FlowJson::from_str`], and whether some object of `text` writes a key twice (the
    /// model keeps the last value; [`crate::duplicate_keys`] then says where). Found during the
    /// one parse, so checking for duplicates costs a second scan only when there are some.
    ///
    /// ```
    /// use flow_model::FlowJson;
    /// let (_, dup) = FlowJson::from_str_noting_duplicates(r#"{"version": "7.3", "screens": []}"#).unwrap();
    /// assert!(!dup);
    /// let text = r#"{"version": "7.3", "screens": [{"id": "A", "data": {"x": 1, "x": 2}}]}"#;
    /// let (_, dup) = FlowJson::from_str_noting_duplicates(text).unwrap();
    /// assert!(dup);
    /// ```
    pub fn from_str_noting_duplicates(text: &str) -> Result<(FlowJson, bool), ParseError> {
        crate::read::take_duplicate_seen();
        let flow = Self::from_slice(text.as_bytes());
        let seen = crate::read::take_duplicate_seen();
        flow.map(|f| (f, seen))
    }

    /// Like [`FlowJson::from_str`], from bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<FlowJson, ParseError> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let result = <FlowJson as crate::read::ReadField>::read(&mut de).and_then(|r| {
            de.end()?;
            Ok(r)
        });
        match result {
            Ok(Ok(flow)) => Ok(flow),
            Ok(Err(other)) => Err(ParseError {
                message: format!(
                    "a Flow JSON document must be a JSON object, found {}",
                    crate::table::JsonTypes::of(&other)
                ),
                line: 1,
                column: 1,
                path: None,
                kind: ParseErrorKind::NotAnObject,
            }),
            Err(e) => Err(ParseError {
                path: crate::source_map::path_at(bytes, e.line(), e.column()),
                message: strip_position(&e.to_string()),
                line: e.line(),
                column: char_column(bytes, e.line(), e.column()),
                kind: if e.is_eof() {
                    ParseErrorKind::Eof
                } else {
                    ParseErrorKind::Syntax
                },
            }),
        }
    }

    /// Reads a document from a JSON value.
    pub fn from_value(v: Value) -> Result<FlowJson, Value> {
        <FlowJson as crate::read::ReadField>::read(v).expect("reading from a Value is infallible")
    }

    /// Canonical pretty JSON (2-space indent), as Meta's tools write it.
    pub fn to_string_pretty(&self) -> String {
        crate::write::to_string_pretty(self)
    }

    /// Canonical compact JSON.
    pub fn to_string_compact(&self) -> String {
        crate::write::to_string_compact(self)
    }

    /// Appends canonical pretty JSON to `out`.
    pub fn write_pretty(&self, out: &mut Vec<u8>) {
        crate::write::write_pretty(out, self);
    }

    /// The document as a JSON value.
    pub fn to_value(&self) -> Value {
        crate::json::to_value(self)
    }

    /// The screen with id `id`.
    pub fn screen(&self, id: &str) -> Option<&Screen> {
        self.screens
            .as_ref()?
            .iter()
            .find(|s| s.id.as_deref() == Some(id))
    }
}

impl std::str::FromStr for FlowJson {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FlowJson::from_str(s)
    }
}

/// serde_json counts columns in bytes; a line with `é` or an emoji before the error would put
/// the column past it. Gives the position of the character that holds the byte instead.
fn char_column(bytes: &[u8], line: usize, byte_column: usize) -> usize {
    if byte_column == 0 {
        return 0;
    }
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(i, _)| i + 1)
    };
    // The character holding the stop byte: count lead bytes up to and including it (at the end
    // of the input that byte may be the continuation of a character begun before it).
    let end = (line_start + byte_column).min(bytes.len());
    let upto = &bytes[line_start.min(end)..end];
    crate::source_map::lead_bytes(upto).max(1)
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_columns_count_characters_not_bytes() {
        // `é` is two bytes and `🙂` four: serde_json says column 17, the 13th character (`}`).
        let e = FlowJson::from_str("{\"a\": \"é🙂\" ,}").unwrap_err();
        assert_eq!((e.line, e.column), (1, 13), "{e:?}");
        let e = FlowJson::from_str("{\n  \"a\": 1,\n  \"é\" 2}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 7), "{e:?}");
        // ASCII lines are unchanged.
        let e = FlowJson::from_str("{\"a\": 1,}").unwrap_err();
        assert_eq!((e.line, e.column), (1, 9), "{e:?}");
        // Input ending inside a string: serde_json stops on the last byte, which may be the
        // continuation of a multi-byte character; the column is that character's.
        for (text, column) in [("{\"a\":\"é", 7), ("{\"a\":\"x", 7), ("\"😀", 2)] {
            let e = FlowJson::from_str(text).unwrap_err();
            assert_eq!((e.line, e.column), (1, column), "{text}: {e:?}");
        }
    }

    #[test]
    fn numbers_survive_printing_and_reparsing_bit_for_bit() {
        // serde_json's default float parser may be one unit in the last place off; printing
        // then drifted a number on every `fmt` pass (found by fuzzing the corpus).
        for n in [
            "1.2343890346783457e+20",
            "123438903467834567890",
            "975953367878.4046",
            "2.2250738585072014e-308",
            "1.7976931348623157e308",
            "0.1",
            "-0.0",
            "5e-324",
        ] {
            let text = format!(r#"{{"version": "7.3", "screens": [], "x": {n}}}"#);
            let once = FlowJson::from_str(&text).unwrap();
            let expected: f64 = n.parse().unwrap();
            assert_eq!(
                once.extra["x"].as_f64().map(f64::to_bits),
                Some(expected.to_bits()),
                "{n}"
            );
            let printed = once.to_string_pretty();
            let twice = FlowJson::from_str(&printed).unwrap();
            assert_eq!(twice, once, "{n}");
            assert_eq!(twice.to_string_pretty(), printed, "{n}");
        }
    }

    #[test]
    fn a_key_written_twice_keeps_its_last_value_and_is_written_once() {
        // Same rule as serde_json's Value, whatever the types of the two values.
        for (text, screens) in [
            (r#"{"version":"7.3","screens":1,"screens":[]}"#, "[]"),
            (r#"{"version":"7.3","screens":[],"screens":1}"#, "1"),
        ] {
            let flow = FlowJson::from_str(text).unwrap();
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(flow.to_value(), value, "{text}");
            let compact = flow.to_string_compact();
            assert_eq!(compact.matches("\"screens\"").count(), 1, "{compact}");
            assert!(
                compact.ends_with(&format!("\"screens\":{screens}}}")),
                "{compact}"
            );
        }
        // A component whose `type` is written twice is the component the last one names.
        let layout = |children: &str| {
            format!(
                r#"{{"version":"7.3","screens":[{{"id":"A","layout":{{"type":"SingleColumnLayout","children":[{children}]}}}}]}}"#
            )
        };
        for children in [
            r#"{"type":1,"type":"TextBody","text":"Hi"}"#,
            r#"{"type":"TextHeading","text":"Hi","type":"TextBody"}"#,
            r#"{"text":"Hi","type":"TextHeading","type":"TextBody"}"#,
        ] {
            let text = layout(children);
            let flow = FlowJson::from_str(&text).unwrap();
            let c = &flow.screens.as_ref().unwrap()[0].children()[0];
            assert_eq!(c.type_name(), Some("TextBody"), "{children}");
            assert!(matches!(c, crate::Component::TextBody(_)), "{children}");
            let again = FlowJson::from_str(&flow.to_string_pretty()).unwrap();
            assert_eq!(again, flow, "{children}");
            let value: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(flow.to_value(), value, "{children}");
        }
    }
}
