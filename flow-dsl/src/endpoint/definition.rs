//! Optional checks of responses against the flow definition, so the endpoint never sends what
//! the client would reject (`invalid-screen-transition`, `payload-schema-error`).
//!
//! The flow is read from a `serde_json::Value` of its Flow JSON through the small
//! [`FlowDefinition`] trait, so a typed model can implement it later without touching the
//! dispatcher.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_json::{Map, Value};

use super::request::{Action, FlowRequest};
use super::response::{FlowResponse, json_kind};

/// What the dispatcher needs to know about a flow.
pub(crate) trait FlowDefinition: Send + Sync {
    /// Whether a screen with this id exists.
    fn has_screen(&self, id: &str) -> bool;
    /// Forward routes from `screen` per `routing_model`; `None` when the flow has no routing
    /// model (then transitions are not checked).
    fn routes_from(&self, screen: &str) -> Option<&[String]>;
    /// The screen's `data` declaration (field name → schema), when it has one.
    fn data_declaration(&self, screen: &str) -> Option<&Map<String, Value>>;
}

/// A flow definition read from Flow JSON.
#[derive(Debug, Clone)]
pub(crate) struct JsonFlowDefinition {
    screens: HashSet<String>,
    data: HashMap<String, Map<String, Value>>,
    routing: Option<HashMap<String, Vec<String>>>,
}

impl JsonFlowDefinition {
    /// Reads the parts of the Flow JSON the checks need.
    pub(crate) fn from_json(flow: &Value) -> Result<Self, String> {
        let screens_json = flow
            .get("screens")
            .and_then(Value::as_array)
            .ok_or("the flow JSON has no `screens` array")?;
        let mut screens = HashSet::new();
        let mut data = HashMap::new();
        for screen in screens_json {
            let id = screen
                .get("id")
                .and_then(Value::as_str)
                .ok_or("a screen has no string `id`")?;
            screens.insert(id.to_owned());
            if let Some(decl) = screen.get("data").and_then(Value::as_object) {
                data.insert(id.to_owned(), decl.clone());
            }
        }
        let routing = match flow.get("routing_model") {
            None | Some(Value::Null) => None,
            Some(Value::Object(model)) => {
                let mut routes = HashMap::new();
                for (from, to) in model {
                    let targets = to
                        .as_array()
                        .ok_or("routing_model values must be arrays")?
                        .iter()
                        .map(|t| t.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                        .ok_or("routing_model targets must be strings")?;
                    routes.insert(from.clone(), targets);
                }
                Some(routes)
            }
            Some(_) => return Err("`routing_model` must be an object".to_owned()),
        };
        Ok(Self {
            screens,
            data,
            routing,
        })
    }
}

impl FlowDefinition for JsonFlowDefinition {
    fn has_screen(&self, id: &str) -> bool {
        self.screens.contains(id)
    }

    fn routes_from(&self, screen: &str) -> Option<&[String]> {
        let routing = self.routing.as_ref()?;
        Some(routing.get(screen).map_or(&[][..], Vec::as_slice))
    }

    fn data_declaration(&self, screen: &str) -> Option<&Map<String, Value>> {
        self.data.get(screen)
    }
}

/// One way a response disagrees with the flow definition.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DefinitionViolation {
    /// The target screen does not exist.
    UnknownScreen {
        /// The target.
        screen: String,
    },
    /// `routing_model` has no route from the request's screen to the target.
    TransitionNotAllowed {
        /// The request's screen.
        from: String,
        /// The response's screen.
        to: String,
    },
    /// A data key the target screen does not declare.
    UndeclaredData {
        /// The target screen.
        screen: String,
        /// JSON path of the key, e.g. `items[0].id`.
        path: String,
    },
    /// A value whose type differs from the declaration.
    WrongType {
        /// The target screen.
        screen: String,
        /// JSON path of the value.
        path: String,
        /// Declared type.
        expected: String,
        /// Type found.
        found: &'static str,
    },
}

impl fmt::Display for DefinitionViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownScreen { screen } => write!(f, "screen `{screen}` does not exist"),
            Self::TransitionNotAllowed { from, to } => {
                write!(f, "routing_model has no route from `{from}` to `{to}`")
            }
            Self::UndeclaredData { screen, path } => {
                write!(
                    f,
                    "`{path}` is not declared in the data of screen `{screen}`"
                )
            }
            Self::WrongType {
                screen,
                path,
                expected,
                found,
            } => write!(
                f,
                "`{path}` of screen `{screen}` must be {expected}, found {found}"
            ),
        }
    }
}

/// A response that the client would reject; the endpoint answers HTTP 500 instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the response does not match the flow definition: {}", join(.violations))]
pub struct DefinitionError {
    /// Every problem found.
    pub violations: Vec<DefinitionViolation>,
}

fn join(v: &[DefinitionViolation]) -> String {
    v.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Checks `response` to `request` against `def`.
pub(crate) fn check(
    def: &dyn FlowDefinition,
    request: &FlowRequest,
    response: &FlowResponse,
) -> Result<(), DefinitionError> {
    let FlowResponse::Screen { screen, data } = response else {
        return Ok(());
    };
    let mut violations = Vec::new();
    if !def.has_screen(screen) {
        violations.push(DefinitionViolation::UnknownScreen {
            screen: screen.clone(),
        });
        return Err(DefinitionError { violations });
    }
    if request.action == Action::DataExchange
        && *screen != request.screen
        && let Some(routes) = def.routes_from(&request.screen)
        && !routes.iter().any(|r| r == screen)
    {
        violations.push(DefinitionViolation::TransitionNotAllowed {
            from: request.screen.clone(),
            to: screen.clone(),
        });
    }
    let empty = Map::new();
    let decl = def.data_declaration(screen).unwrap_or(&empty);
    for (key, value) in data {
        if key == "error_message" {
            if !value.is_string() {
                violations.push(wrong(screen, key, "string", value));
            }
            continue;
        }
        match decl.get(key) {
            Some(schema) => check_value(screen, key, value, schema, &mut violations),
            None => violations.push(DefinitionViolation::UndeclaredData {
                screen: screen.clone(),
                path: key.clone(),
            }),
        }
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(DefinitionError { violations })
    }
}

fn wrong(screen: &str, path: &str, expected: &str, value: &Value) -> DefinitionViolation {
    DefinitionViolation::WrongType {
        screen: screen.to_owned(),
        path: path.to_owned(),
        expected: expected.to_owned(),
        found: json_kind(value),
    }
}

fn check_value(
    screen: &str,
    path: &str,
    value: &Value,
    schema: &Value,
    out: &mut Vec<DefinitionViolation>,
) {
    let Some(ty) = schema.get("type").and_then(Value::as_str) else {
        // An undeclared or exotic type is the validator's business, not the dispatcher's.
        return;
    };
    let ok = match ty {
        "string" => value.is_string(),
        "number" | "integer" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        _ => return,
    };
    if !ok {
        out.push(wrong(screen, path, ty, value));
        return;
    }
    match value {
        Value::Object(map) => {
            let Some(props) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (k, v) in map {
                let sub = format!("{path}.{k}");
                match props.get(k) {
                    Some(s) => check_value(screen, &sub, v, s, out),
                    None => out.push(DefinitionViolation::UndeclaredData {
                        screen: screen.to_owned(),
                        path: sub,
                    }),
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items").filter(|s| s.is_object()) {
                for (i, item) in items.iter().enumerate() {
                    check_value(screen, &format!("{path}[{i}]"), item, item_schema, out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn def() -> JsonFlowDefinition {
        JsonFlowDefinition::from_json(&json!({
            "version": "7.3", "data_api_version": "3.0",
            "routing_model": {"A": ["B"], "B": []},
            "screens": [
                {"id": "A", "data": {}},
                {"id": "B", "terminal": true, "data": {
                    "name": {"type": "string", "__example__": "x"},
                    "count": {"type": "number", "__example__": 1},
                    "ok": {"type": "boolean", "__example__": true},
                    "items": {"type": "array", "items": {"type": "object",
                        "properties": {"id": {"type": "string"}, "title": {"type": "string"}}},
                        "__example__": []},
                    "extra": {"type": "object", "properties": {"n": {"type": "number"}},
                        "__example__": {"n": 1}}
                }}
            ]
        }))
        .expect("valid definition")
    }

    fn req(action: Action, screen: &str) -> FlowRequest {
        FlowRequest {
            version: "3.0".into(),
            action,
            screen: screen.into(),
            data: Map::new(),
            flow_token: Some("t".into()),
            flow_token_signature: None,
        }
    }

    #[test]
    fn accepts_matching_responses() {
        let d = def();
        let resp = FlowResponse::next_screen("B")
            .with("name", "n")
            .with("count", 2.5)
            .with("ok", false)
            .with("items", json!([{"id": "1", "title": "One"}]))
            .with("extra", json!({"n": 3}))
            .with_error_message("hi");
        assert_eq!(check(&d, &req(Action::DataExchange, "A"), &resp), Ok(()));
        assert_eq!(
            check(&d, &req(Action::DataExchange, "A"), &FlowResponse::finish()),
            Ok(())
        );
        // Staying on the same screen is always allowed.
        let stay = FlowResponse::next_screen("A").with_error_message("again");
        assert_eq!(check(&d, &req(Action::DataExchange, "A"), &stay), Ok(()));
    }

    #[test]
    fn reports_every_violation() {
        let d = def();
        let resp = FlowResponse::next_screen("A").with("x", 1);
        let err = check(&d, &req(Action::DataExchange, "B"), &resp).unwrap_err();
        assert_eq!(
            err.violations,
            vec![
                DefinitionViolation::TransitionNotAllowed {
                    from: "B".into(),
                    to: "A".into()
                },
                DefinitionViolation::UndeclaredData {
                    screen: "A".into(),
                    path: "x".into()
                },
            ]
        );
        let resp = FlowResponse::next_screen("B")
            .with("name", 1)
            .with("items", json!([{"id": 1, "zzz": "q"}]))
            .with("ok", Value::Null);
        let err = check(&d, &req(Action::DataExchange, "A"), &resp).unwrap_err();
        assert_eq!(err.violations.len(), 4, "{err}");
        assert!(
            err.to_string()
                .contains("`items[0].id` of screen `B` must be string")
        );
        let err = check(
            &d,
            &req(Action::Init, ""),
            &FlowResponse::next_screen("NOPE"),
        );
        assert_eq!(
            err.unwrap_err().violations,
            vec![DefinitionViolation::UnknownScreen {
                screen: "NOPE".into()
            }]
        );
    }

    #[test]
    fn rejects_malformed_definitions() {
        assert!(JsonFlowDefinition::from_json(&json!({})).is_err());
        assert!(JsonFlowDefinition::from_json(&json!({"screens": [{"id": 1}]})).is_err());
        assert!(
            JsonFlowDefinition::from_json(&json!({"screens": [], "routing_model": {"A": "B"}}))
                .is_err()
        );
    }
}
