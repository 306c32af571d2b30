//! The pluggable Flow JSON validator used by create, upload and get.
//!
//! **Where the real validator goes:** once `flow_model` exposes its validate function, replace the
//! body of [`default_validator`] with
//! `Arc::new(|text| flow_model::validate_str(text))` (or whatever its name is). Everything else in
//! the sandbox only sees the [`Validator`] type.

use std::sync::Arc;

use flow_model::ValidationError;
use serde_json::Value;

/// A function from the uploaded Flow JSON text to Meta-shaped `validation_errors`.
///
/// ```
/// use std::sync::Arc;
/// use flow_dsl::sandbox::Validator;
/// // A validator that accepts everything.
/// let lenient: Validator = Arc::new(|_text: &str| Vec::new());
/// assert!(lenient("{}").is_empty());
/// ```
pub type Validator = Arc<dyn Fn(&str) -> Vec<ValidationError> + Send + Sync>;

/// The validator a [`SandboxConfig`](super::SandboxConfig) uses unless told otherwise.
///
/// Until the full `flow_model` validator lands this is [`basic_checks`].
pub fn default_validator() -> Validator {
    Arc::new(basic_checks)
}

/// Minimal checks: the text is JSON (`INVALID_FLOW_JSON`, with serde_json's line and column),
/// is an object with a `version` string (`MISSING_FLOW_JSON_VERSION`) and a non-empty `screens`
/// array (`MIN_ITEMS_REQUIRED`).
///
/// ```
/// use flow_dsl::sandbox::basic_checks;
/// assert!(basic_checks(r#"{"version":"7.2","screens":[{"id":"A"}]}"#).is_empty());
/// let errs = basic_checks("{\n  \"version\": 7.2,");
/// assert_eq!(errs[0].error, "INVALID_FLOW_JSON");
/// assert_eq!(errs[0].line_start, Some(2));
/// let errs = basic_checks(r#"{"screens":[]}"#);
/// let codes: Vec<_> = errs.iter().map(|e| e.error.as_str()).collect();
/// assert_eq!(codes, ["MISSING_FLOW_JSON_VERSION", "MIN_ITEMS_REQUIRED"]);
/// ```
pub fn basic_checks(text: &str) -> Vec<ValidationError> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let line = u32::try_from(e.line()).unwrap_or(u32::MAX).max(1);
            let column = u32::try_from(e.column()).unwrap_or(u32::MAX).max(1);
            let mut err = ValidationError::new("INVALID_FLOW_JSON", e.to_string(), "");
            err.pointers.clear();
            err.line_start = Some(line);
            err.line_end = Some(line);
            err.column_start = Some(column);
            err.column_end = Some(column.saturating_add(1));
            return vec![err];
        }
    };
    let Some(obj) = value.as_object() else {
        return vec![ValidationError::new(
            "INVALID_FLOW_JSON",
            "Flow JSON must be a JSON object.",
            "",
        )];
    };
    let mut errors = Vec::new();
    match obj.get("version") {
        None => errors.push(ValidationError::new(
            "MISSING_FLOW_JSON_VERSION",
            "Flow JSON version is missing: add a top-level \"version\", e.g. \"7.2\".",
            "version",
        )),
        Some(Value::String(_)) => {}
        Some(_) => errors.push(ValidationError::new(
            "INVALID_PROPERTY_TYPE",
            "Expected property 'version' to be of type 'string'.",
            "version",
        )),
    }
    match obj.get("screens") {
        Some(Value::Array(screens)) if !screens.is_empty() => {}
        Some(Value::Array(_)) | None => errors.push(ValidationError::new(
            "MIN_ITEMS_REQUIRED",
            "Property 'screens' should have at least 1 item.",
            "screens",
        )),
        Some(_) => errors.push(ValidationError::new(
            "INVALID_PROPERTY_TYPE",
            "Expected property 'screens' to be of type 'array'.",
            "screens",
        )),
    }
    errors
}

/// What the sandbox needs to know about a Flow JSON beyond its validation errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct JsonFacts {
    /// Top-level `version`, if it is a string.
    pub(crate) version: Option<String>,
    /// Top-level `data_api_version`, if it is a string.
    pub(crate) data_api_version: Option<String>,
}

impl JsonFacts {
    /// Reads the two top-level strings without building the whole document in memory.
    pub(crate) fn of(text: &str) -> Self {
        #[derive(serde::Deserialize)]
        struct Top {
            version: Option<Value>,
            data_api_version: Option<Value>,
        }
        let Ok(top) = serde_json::from_str::<Top>(text) else {
            return Self::default();
        };
        let s = |v: Option<Value>| match v {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        Self {
            version: s(top.version),
            data_api_version: s(top.data_api_version),
        }
    }

    /// Whether the version is below 3.0 (where `endpoint_uri` cannot be set through the API).
    /// Unknown or unparseable versions count as "not below".
    pub(crate) fn below_3_0(&self) -> bool {
        self.version
            .as_deref()
            .and_then(|v| v.split('.').next())
            .and_then(|major| major.parse::<u32>().ok())
            .is_some_and(|major| major < 3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_object_and_wrong_types() {
        assert_eq!(basic_checks("[1]")[0].error, "INVALID_FLOW_JSON");
        let errs = basic_checks(r#"{"version":7,"screens":{}}"#);
        assert_eq!(errs.len(), 2);
        assert!(errs.iter().all(|e| e.error == "INVALID_PROPERTY_TYPE"));
    }

    #[test]
    fn facts() {
        let f = JsonFacts::of(r#"{"version":"2.1","data_api_version":"3.0"}"#);
        assert!(f.below_3_0());
        assert_eq!(f.data_api_version.as_deref(), Some("3.0"));
        assert!(!JsonFacts::of(r#"{"version":"7.2"}"#).below_3_0());
        assert!(!JsonFacts::of("nope").below_3_0());
    }
}
