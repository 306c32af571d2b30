//! The pluggable Flow JSON validator used by create, upload and get.
//!
//! The default is flow-model's validator ([`flow_model::validate::meta_validation_errors`]): the
//! sandbox answers with the same `validation_errors` the local validator reports. Everything else
//! in the sandbox only sees the [`Validator`] type.

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
/// The full local validator, errors only, located in the uploaded text.
pub fn default_validator() -> Validator {
    Arc::new(flow_model::validate::meta_validation_errors)
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
    /// Text that is not a `MAJOR.MINOR` version counts as "not below".
    pub(crate) fn below_3_0(&self) -> bool {
        self.version
            .as_deref()
            .and_then(|v| flow_model::FlowVersion::parse(v).version())
            .is_some_and(|v| v < flow_model::V3_0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flow_model::validate::codes;

    /// An upload with thousands of errors costs the server a bounded answer: the validator's
    /// caps apply (100 of a code, then one "N more like this").
    #[test]
    fn uploads_get_the_validators_caps() {
        let screens: Vec<String> = (0..300)
            .map(|i| {
                format!(
                    r#"{{"id":"S{i}","terminal":true,"layout":{{"type":"SingleColumnLayout","children":[{{"type":"Footer","label":"Go","on-click-action":{{"name":"navigate","next":{{"type":"screen","name":"NOPE{i}"}},"payload":{{}}}}}}]}}}}"#
                )
            })
            .collect();
        let text = format!(r#"{{"version":"7.3","screens":[{}]}}"#, screens.join(","));
        let errs = default_validator()(&text);
        let nav: Vec<_> = errs
            .iter()
            .filter(|e| e.error == codes::INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME)
            .collect();
        assert_eq!(nav.len(), 101);
        assert!(nav[100].message.starts_with("200 more findings like this"));
    }

    #[test]
    fn non_object_and_wrong_types() {
        let validate = default_validator();
        assert_eq!(validate("[1]")[0].error, codes::INVALID_FLOW_JSON);
        let errs = validate(r#"{"version":7,"screens":{}}"#);
        assert!(
            errs.iter()
                .filter(|e| e.error == codes::INVALID_PROPERTY_TYPE)
                .count()
                == 2,
            "{errs:?}"
        );
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
