//! The decrypted request (§H.2 of the spec).

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// What triggered a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
