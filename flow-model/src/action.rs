//! Actions (spec §D): `navigate`, `data_exchange`, `complete`, `update_data`, `open_url`.

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::dynamic::references_in;
use crate::json::FromJson;
use crate::model_macro::model_struct;
use crate::read::PropValue;
use crate::table::{ActionSpec, p};
use crate::types::NextType;
use crate::version::{V2_1, V6_0};

/// An action payload: JSON whose string values may be bindings (`"${form.email}"`) or
/// expressions. Kept as ordered JSON so any payload shape survives.
pub type Payload = Map<String, Value>;

model_struct! {
    /// `navigate.next`: the screen to go to.
    Next {
        /// `"screen"` (pywa also knows `"plugin"`, UNCONFIRMED).
        kind: NextType = "type" => p().req(),
        /// The target screen id.
        name: String = "name" => p().req(),
    }
}

model_struct! {
    /// Go to the next screen; the payload becomes that screen's `${data.*}`.
    Navigate tag "name" = "navigate" {
        /// The target.
        next: Next = "next" => p().req(),
        /// Data for the target screen; must match its data model when there is no endpoint.
        payload: Payload = "payload" => p(),
    }
}

model_struct! {
    /// Send the payload to the business endpoint.
    DataExchange tag "name" = "data_exchange" {
        /// What the endpoint receives as `data`.
        payload: Payload = "payload" => p(),
    }
}

model_struct! {
    /// End the flow; the payload reaches the business in the `nfm_reply` webhook.
    Complete tag "name" = "complete" {
        /// The answers sent to the business.
        payload: Payload = "payload" => p(),
    }
}

model_struct! {
    /// Update the current screen's data without an endpoint call (6.0+).
    UpdateData tag "name" = "update_data" {
        /// Keys of the current screen's data model and their new values.
        payload: Payload = "payload" => p().req(),
    }
}

model_struct! {
    /// Open a URL in the device browser (6.0+; EmbeddedLink and OptIn only).
    OpenUrl tag "name" = "open_url" {
        /// The URL.
        url: String = "url" => p().req(),
    }
}

/// Every action Meta documents, with the version that introduced it.
pub const ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        name: "navigate",
        since: V2_1,
        props: Navigate::PROPS,
    },
    ActionSpec {
        name: "data_exchange",
        since: V2_1,
        props: DataExchange::PROPS,
    },
    ActionSpec {
        name: "complete",
        since: V2_1,
        props: Complete::PROPS,
    },
    ActionSpec {
        name: "update_data",
        since: V6_0,
        props: UpdateData::PROPS,
    },
    ActionSpec {
        name: "open_url",
        since: V6_0,
        props: OpenUrl::PROPS,
    },
];

/// An action object.
///
/// ```
/// use flow_model::{Action, FromJson};
/// let a = Action::from_json(serde_json::json!({
///     "name": "navigate", "next": {"type": "screen", "name": "DETAILS"}, "payload": {}
/// })).unwrap();
/// assert_eq!(a.name(), Some("navigate"));
/// assert_eq!(a.navigate_target(), Some("DETAILS"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Action {
    /// `navigate` (boxed: it is the widest action, and components hold up to three actions).
    Navigate(Box<Navigate>),
    /// `data_exchange`.
    DataExchange(DataExchange),
    /// `complete`.
    Complete(Complete),
    /// `update_data`.
    UpdateData(UpdateData),
    /// `open_url`.
    OpenUrl(OpenUrl),
    /// An object whose `name` is missing, not a string, or not an action Meta documents; kept whole.
    Unknown(Map<String, Value>),
}

impl Action {
    /// The action's `name`, when it is a string.
    pub fn name(&self) -> Option<&str> {
        Some(match self {
            Action::Navigate(_) => "navigate",
            Action::DataExchange(_) => "data_exchange",
            Action::Complete(_) => "complete",
            Action::UpdateData(_) => "update_data",
            Action::OpenUrl(_) => "open_url",
            Action::Unknown(m) => return m.get("name").and_then(Value::as_str),
        })
    }

    /// The payload, for actions that have one.
    pub fn payload(&self) -> Option<&Payload> {
        match self {
            Action::Navigate(a) => a.payload.as_ref(),
            Action::DataExchange(a) => a.payload.as_ref(),
            Action::Complete(a) => a.payload.as_ref(),
            Action::UpdateData(a) => a.payload.as_ref(),
            Action::OpenUrl(_) | Action::Unknown(_) => None,
        }
    }

    /// For `navigate`, the target screen id.
    pub fn navigate_target(&self) -> Option<&str> {
        match self {
            Action::Navigate(n) => n.next.as_ref()?.name.as_deref(),
            _ => None,
        }
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Action::Navigate(a) => a.serialize(s),
            Action::DataExchange(a) => a.serialize(s),
            Action::Complete(a) => a.serialize(s),
            Action::UpdateData(a) => a.serialize(s),
            Action::OpenUrl(a) => a.serialize(s),
            Action::Unknown(m) => m.serialize(s),
        }
    }
}

impl FromJson for Action {
    fn from_json(v: Value) -> Result<Self, Value> {
        let Value::Object(mut map) = v else {
            return Err(v);
        };
        let name = match map.get("name") {
            Some(Value::String(n)) => n.as_str(),
            _ => return Ok(Action::Unknown(map)),
        };
        let build = |map: Map<String, Value>| -> Value { Value::Object(map) };
        Ok(match name {
            "navigate" | "data_exchange" | "complete" | "update_data" | "open_url" => {
                let name = name.to_owned();
                map.shift_remove("name");
                let obj = build(map);
                let typed = match name.as_str() {
                    "navigate" => Navigate::from_json(obj).map(|n| Action::Navigate(Box::new(n))),
                    "data_exchange" => DataExchange::from_json(obj).map(Action::DataExchange),
                    "complete" => Complete::from_json(obj).map(Action::Complete),
                    "update_data" => UpdateData::from_json(obj).map(Action::UpdateData),
                    _ => OpenUrl::from_json(obj).map(Action::OpenUrl),
                };
                typed.expect("from_json of a model object accepts any JSON object")
            }
            _ => Action::Unknown(map),
        })
    }
}

impl PropValue for Action {}

/// Every `${…}` binding string inside a payload, with the JSON path suffix where it sits.
pub fn payload_strings(payload: &Payload) -> Vec<(String, &str)> {
    fn walk<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a str)>) {
        match v {
            Value::String(s) if !references_in(s).is_empty() => out.push((path, s)),
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, format!("{path}[{i}]"), out);
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    walk(x, format!("{path}.{k}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (k, v) in payload {
        walk(v, format!(".{k}"), &mut out);
    }
    out
}

impl crate::table::JsonShape for Action {
    const JSON: crate::table::JsonTypes = crate::table::JsonTypes::OBJECT;
}
