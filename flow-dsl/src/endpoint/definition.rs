//! Optional checks of responses against the flow definition, so the endpoint never sends what
//! the client would reject (`invalid-screen-transition`, `payload-schema-error`).
//!
//! The flow is read into flow-model's typed document, and the data check is flow-model's
//! ([`flow_model::Screen::data_mismatches`]); the dispatcher sees only the small
//! [`FlowDefinition`] trait.

use std::fmt;

use flow_model::{DataFit, DataMismatch, FlowJson, Screen};
use serde_json::Value;

use super::request::{Action, FlowRequest};
use super::response::FlowResponse;

/// What the dispatcher needs to know about a flow.
pub(crate) trait FlowDefinition: Send + Sync {
    /// The screen with this id.
    fn screen(&self, id: &str) -> Option<&Screen>;
    /// Forward routes from `screen` per `routing_model`; `None` when the flow has no routing
    /// model (then transitions are not checked).
    fn routes_from(&self, screen: &str) -> Option<&[String]>;
}

/// A flow definition read from Flow JSON.
#[derive(Debug, Clone)]
pub(crate) struct JsonFlowDefinition {
    flow: FlowJson,
}

impl JsonFlowDefinition {
    /// Reads the Flow JSON; refuses a document whose screens, ids or routing model have the
    /// wrong shape, since nothing could be checked against it.
    pub(crate) fn from_json(flow: &Value) -> Result<Self, String> {
        let flow = FlowJson::from_value(flow.clone())
            .map_err(|_| "the flow JSON is not an object".to_owned())?;
        let Some(screens) = &flow.screens else {
            return Err("the flow JSON has no `screens` array".to_owned());
        };
        if screens.iter().any(|s| s.id.is_none()) {
            return Err("a screen has no string `id`".to_owned());
        }
        if flow.extra.contains_key("routing_model") {
            return Err("`routing_model` must be an object of arrays of screen ids".to_owned());
        }
        Ok(Self { flow })
    }
}

impl FlowDefinition for JsonFlowDefinition {
    fn screen(&self, id: &str) -> Option<&Screen> {
        self.flow.screen(id)
    }

    fn routes_from(&self, screen: &str) -> Option<&[String]> {
        let routing = self.flow.routing_model.as_ref()?;
        Some(routing.get(screen).map_or(&[][..], Vec::as_slice))
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
    let Some(target) = def.screen(screen) else {
        violations.push(DefinitionViolation::UnknownScreen {
            screen: screen.clone(),
        });
        return Err(DefinitionError { violations });
    };
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
    // `error_message` is the protocol's snackbar text, not screen data.
    if let Some(message) = data.get("error_message")
        && !message.is_string()
    {
        violations.push(DefinitionViolation::WrongType {
            screen: screen.clone(),
            path: "error_message".to_owned(),
            expected: "string".to_owned(),
            found: flow_model::table::JsonTypes::name_of(message),
        });
    }
    let mut screen_data = data.clone();
    screen_data.remove("error_message");
    for m in target.data_mismatches(&screen_data, DataFit::Partial) {
        violations.push(match m {
            DataMismatch::WrongType {
                path,
                expected,
                found,
            } => DefinitionViolation::WrongType {
                screen: screen.clone(),
                path,
                expected: expected.to_owned(),
                found,
            },
            other => DefinitionViolation::UndeclaredData {
                screen: screen.clone(),
                path: other.path().to_owned(),
            },
        });
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(DefinitionError { violations })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, json};

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
