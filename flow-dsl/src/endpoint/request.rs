//! The decrypted request (§H.2 of the spec).

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::redact::{MapShape, Redacted, ScreenId, Version, client_error_key};
use flow_model::table::JsonTypes;

/// What triggered a request. `Debug` shows an unknown action's size, not its text (it comes
/// from the decrypted request).
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Action {
    /// The user opened a flow sent with `flow_action: data_exchange`.
    Init,
    /// BACK pressed on a screen with `refresh_on_back: true`.
    Back,
    /// A `data_exchange` action (including `on-select-action`).
    DataExchange,
    /// Health check; answered by the library.
    Ping,
    /// An action this library does not know yet, kept verbatim.
    Other(String),
}

impl Action {
    /// The wire name (`INIT`, `BACK`, `data_exchange`, `ping`).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Init => "INIT",
            Self::Back => "BACK",
            Self::DataExchange => "data_exchange",
            Self::Ping => "ping",
            Self::Other(s) => s,
        }
    }
}

impl fmt::Debug for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Init => f.write_str("Init"),
            Self::Back => f.write_str("Back"),
            Self::DataExchange => f.write_str("DataExchange"),
            Self::Ping => f.write_str("Ping"),
            Self::Other(s) => f.debug_tuple("Other").field(&Redacted(s.len())).finish(),
        }
    }
}

impl Action {
    /// The wire name when it is one of Meta's actions, else `"other"`: what logs show.
    pub(crate) fn log_name(&self) -> &'static str {
        match self {
            Self::Init => "INIT",
            Self::Back => "BACK",
            Self::DataExchange => "data_exchange",
            Self::Ping => "ping",
            Self::Other(_) => "other",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.as_str() {
            "INIT" => Self::Init,
            "BACK" => Self::Back,
            "data_exchange" => Self::DataExchange,
            "ping" => Self::Ping,
            _ => Self::Other(s),
        })
    }
}

/// A decrypted endpoint request.
///
/// Its `Debug` output is safe to log: it shows the action, the screen, the keys of `data`
/// with the kind and size of each value, and the size of the flow token, never a value.
///
/// ```
/// use flow_dsl::endpoint::{Action, FlowRequest};
///
/// let req: FlowRequest = serde_json::from_str(r#"{
///   "version": "3.0", "action": "data_exchange", "screen": "PICK",
///   "data": {"city": "Lisbon"}, "flow_token": "t-1"
/// }"#)?;
/// assert_eq!(req.action, Action::DataExchange);
/// #[derive(serde::Deserialize)]
/// struct Pick { city: String }
/// assert_eq!(req.data_as::<Pick>()?.city, "Lisbon");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowRequest {
    /// The Data API version (`"3.0"`, presumably `"4.0"` with Data API 4.0).
    #[serde(default)]
    pub version: String,
    /// What triggered the request.
    pub action: Action,
    /// The screen the request comes from (empty for INIT and ping).
    #[serde(default, deserialize_with = "null_as_default")]
    pub screen: String,
    /// The payload sent by the screen's action.
    #[serde(default, deserialize_with = "null_as_default")]
    pub data: Map<String, Value>,
    /// The flow token given when the flow was sent (absent for ping).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_token: Option<String>,
    /// JWT signing the flow token (Data API 4.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_token_signature: Option<String>,
}

impl fmt::Debug for FlowRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlowRequest")
            .field("version", &Version(&self.version))
            .field("action", &self.action)
            .field("screen", &ScreenId(&self.screen))
            .field("data", &MapShape(&self.data))
            .field(
                "flow_token",
                &self.flow_token.as_ref().map(|t| Redacted(t.len())),
            )
            .field(
                "flow_token_signature",
                &self
                    .flow_token_signature
                    .as_ref()
                    .map(|t| Redacted(t.len())),
            )
            .finish()
    }
}

/// Why a decrypted body is not a Flows request. It names the field and the JSON kinds, never
/// a value: the body is personal data and this error is logged.
///
/// ```
/// use flow_dsl::endpoint::FlowRequest;
///
/// let err = FlowRequest::from_decrypted(br#"{"action":"INIT","data":"Ana Silva"}"#).unwrap_err();
/// assert_eq!(err.to_string(), "`data` must be an object or null, found a string (9 bytes)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RequestShapeError(String);

/// The fields of a request and the JSON kinds each accepts (null means absent).
const FIELDS: &[(&str, &[&str], &str)] = &[
    ("version", &["string"], "a string"),
    ("action", &["string"], "a string"),
    ("screen", &["string", "null"], "a string or null"),
    ("data", &["object", "null"], "an object or null"),
    ("flow_token", &["string", "null"], "a string or null"),
    (
        "flow_token_signature",
        &["string", "null"],
        "a string or null",
    ),
];

impl FlowRequest {
    /// Parses a decrypted request body. Unlike `serde_json::from_slice`, the error never
    /// quotes the body (see [`RequestShapeError`]).
    ///
    /// # Errors
    /// A [`RequestShapeError`] naming the offending field, or the position of a JSON syntax
    /// error.
    pub fn from_decrypted(plaintext: &[u8]) -> Result<Self, RequestShapeError> {
        let value: Value = serde_json::from_slice(plaintext).map_err(|e| {
            // Syntax and EOF messages name a token class and a position, not input text.
            RequestShapeError(format!(
                "not JSON: {} error at line {} column {}",
                match e.classify() {
                    serde_json::error::Category::Eof => "unexpected end",
                    _ => "syntax",
                },
                e.line(),
                e.column()
            ))
        })?;
        let Value::Object(map) = &value else {
            return Err(RequestShapeError(format!(
                "the request must be a JSON object, found {}",
                kind_with_size(&value)
            )));
        };
        if !map.contains_key("action") {
            return Err(RequestShapeError("`action` is missing".into()));
        }
        for (name, accepted, expected) in FIELDS {
            if let Some(v) = map.get(*name)
                && !accepted.contains(&JsonTypes::name_of(v))
            {
                return Err(RequestShapeError(format!(
                    "`{name}` must be {expected}, found {}",
                    kind_with_size(v)
                )));
            }
        }
        serde_json::from_value(value).map_err(|e| {
            RequestShapeError(format!("the request does not fit ({:?})", e.classify()))
        })
    }
}

fn kind_with_size(v: &Value) -> String {
    match v {
        Value::String(s) => format!("a string ({} bytes)", s.len()),
        Value::Array(a) => format!("an array ({} items)", a.len()),
        Value::Object(o) => format!("an object ({} keys)", o.len()),
        other => format!("a {}", JsonTypes::name_of(other)),
    }
}

fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

impl FlowRequest {
    /// Deserialises `data` into a typed struct.
    ///
    /// # Errors
    /// The serde error when `data` does not fit `T`.
    pub fn data_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_value(Value::Object(self.data.clone()))
    }

    /// The flow token, or `""` when absent.
    pub fn flow_token(&self) -> &str {
        self.flow_token.as_deref().unwrap_or_default()
    }

    /// The client's error notification carried by this request, if it is one (§H.3: `data`
    /// holds `error` or `error_key`).
    pub fn error_notification(&self) -> Option<ErrorNotification> {
        let key = self
            .data
            .get("error")
            .or_else(|| self.data.get("error_key"))
            .and_then(Value::as_str)?;
        Some(ErrorNotification {
            error_key: key.to_owned(),
            error_message: self
                .data
                .get("error_message")
                .and_then(Value::as_str)
                .map(str::to_owned),
            screen: self.screen.clone(),
            action: self.action.clone(),
            flow_token: self.flow_token.clone(),
        })
    }
}

/// A client notification that a previous response was invalid; the library answers it with
/// `{"data":{"acknowledged":true}}`.
///
/// `Debug` shows the error key when it is one of Meta's (§H.5), the message's size, never
/// the message or the flow token.
#[derive(Clone, PartialEq, Eq)]
pub struct ErrorNotification {
    /// The error key, e.g. `invalid-screen-transition` (from `error` or `error_key`).
    pub error_key: String,
    /// The human-readable message, when present.
    pub error_message: Option<String>,
    /// The screen the client was on.
    pub screen: String,
    /// The action of the notifying request.
    pub action: Action,
    /// The flow token.
    pub flow_token: Option<String>,
}

impl fmt::Debug for ErrorNotification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorNotification")
            .field("error_key", &client_error_key(&self.error_key))
            .field(
                "error_message",
                &self.error_message.as_ref().map(|m| Redacted(m.len())),
            )
            .field("screen", &ScreenId(&self.screen))
            .field("action", &self.action)
            .field(
                "flow_token",
                &self.flow_token.as_ref().map(|t| Redacted(t.len())),
            )
            .finish()
    }
}
