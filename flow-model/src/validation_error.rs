//! Meta's `validation_errors` entry: the one shape shared by the local validator, the API client
//! (errors returned by create/upload/get) and the sandbox.

use serde::{Deserialize, Serialize};

/// One entry of Meta's `validation_errors` array (spec §F.1).
///
/// The local validator emits this exact shape, so findings computed before upload and errors
/// returned by Meta after upload can be handled by the same code.
///
/// ```
/// use flow_model::ValidationError;
/// let raw = r#"{"error":"INVALID_PROPERTY_VALUE","error_type":"FLOW_JSON_ERROR",
///   "message":"Invalid value found for property 'type'.",
///   "line_start":10,"line_end":10,"column_start":21,"column_end":34,
///   "pointers":[{"line_start":10,"line_end":10,"column_start":21,"column_end":34,
///                "path":"screens[0].layout.children[0].type"}]}"#;
/// let e: ValidationError = serde_json::from_str(raw).unwrap();
/// assert_eq!(e.error, "INVALID_PROPERTY_VALUE");
/// assert_eq!(e.pointers[0].path, "screens[0].layout.children[0].type");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationError {
    /// Meta's error code, e.g. `INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME`.
    pub error: String,
    /// Meta's error type; `FLOW_JSON_ERROR` for everything the validator reports.
    #[serde(default = "default_error_type")]
    pub error_type: String,
    /// What is wrong and, for local findings, how to fix it.
    #[serde(default)]
    pub message: String,
    /// 1-based line where the offending value starts, when source text is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_start: Option<u32>,
    /// 1-based line where the offending value ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_end: Option<u32>,
    /// 1-based column (in characters) where the offending value starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_start: Option<u32>,
    /// 1-based column one past the offending value's last character.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_end: Option<u32>,
    /// Where in the document; Meta gives one pointer per location involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pointers: Vec<Pointer>,
}

/// A location inside the Flow JSON document (spec §F.1 `pointers[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pointer {
    /// A path such as `screens[1].layout.children[3].label`.
    #[serde(default)]
    pub path: String,
    /// 1-based start line, when source text is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_start: Option<u32>,
    /// 1-based end line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_end: Option<u32>,
    /// 1-based start column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_start: Option<u32>,
    /// 1-based end column (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_end: Option<u32>,
}

fn default_error_type() -> String {
    ERROR_TYPE_FLOW_JSON.to_owned()
}

/// The `error_type` Meta uses for Flow JSON problems.
pub const ERROR_TYPE_FLOW_JSON: &str = "FLOW_JSON_ERROR";

impl ValidationError {
    /// A finding with a code, a message and one path, without line/column information.
    pub fn new(error: impl Into<String>, message: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            error_type: default_error_type(),
            message: message.into(),
            line_start: None,
            line_end: None,
            column_start: None,
            column_end: None,
            pointers: vec![Pointer {
                path: path.into(),
                line_start: None,
                line_end: None,
                column_start: None,
                column_end: None,
            }],
        }
    }

    /// The first pointer's path, if any.
    pub fn path(&self) -> Option<&str> {
        self.pointers.first().map(|p| p.path.as_str())
    }
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.message)?;
        if let Some(p) = self.path() {
            write!(f, " (at {p}")?;
            if let (Some(l), Some(c)) = (self.line_start, self.column_start) {
                write!(f, ", line {l}, column {c}")?;
            }
            write!(f, ")")?;
        }
        Ok(())
    }
}
