//! What a handler returns (§H.3 of the spec).

use serde::Serialize;
use serde_json::{Map, Value, json};

pub use flow_model::table::SUCCESS_SCREEN;

/// A handler's answer.
///
/// ```
/// use flow_dsl::endpoint::FlowResponse;
/// use serde_json::json;
///
/// // Show the next screen with data.
/// let next = FlowResponse::next_screen("CONFIRM").with("total", 42);
/// assert_eq!(next.to_json("tok"), json!({"screen": "CONFIRM", "data": {"total": 42}}));
///
/// // Stay on a screen and show a snackbar.
/// let err = FlowResponse::next_screen("PICK").with_error_message("Sold out");
/// assert_eq!(err.to_json("tok")["data"]["error_message"], "Sold out");
///
/// // Finish: params reach the nfm_reply webhook; the flow token is added automatically.
/// let done = FlowResponse::finish().with("order", "A-1");
/// assert_eq!(done.to_json("tok"), json!({"screen": "SUCCESS", "data": {
///     "extension_message_response": {"params": {"flow_token": "tok", "order": "A-1"}}}}));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum FlowResponse {
    /// Show `screen` with `data` (which may include `error_message` for a snackbar).
    Screen {
        /// Target screen id.
        screen: String,
        /// Data for the target screen; must match its `data` declaration.
        data: Map<String, Value>,
    },
    /// Close the flow; `params` become `response_json` of the `nfm_reply` webhook.
    Finish {
        /// Completion parameters (`flow_token` is added when missing).
        params: Map<String, Value>,
    },
}

impl FlowResponse {
    /// Navigate to `screen` with empty data; add data with [`with`](Self::with) or
    /// [`with_data`](Self::with_data).
    pub fn next_screen(screen: impl Into<String>) -> Self {
        Self::Screen {
            screen: screen.into(),
            data: Map::new(),
        }
    }

    /// Finish the flow with empty params.
    pub fn finish() -> Self {
        Self::Finish { params: Map::new() }
    }

    /// Adds one key to the screen data or the finish params.
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.map_mut().insert(key.into(), value.into());
        self
    }

    /// Merges a serialisable struct (it must serialise to a JSON object) into the screen data
    /// or the finish params.
    ///
    /// ```
    /// #[derive(serde::Serialize)]
    /// struct Offer { price: u32, available: bool }
    /// let r = flow_dsl::endpoint::FlowResponse::next_screen("OFFER")
    ///     .with_data(&Offer { price: 10, available: true })?;
    /// # let _ = r;
    /// # Ok::<(), flow_dsl::endpoint::HandlerError>(())
    /// ```
    ///
    /// # Errors
    /// [`HandlerError::Internal`] when `data` does not serialise to an object.
    pub fn with_data<T: Serialize>(mut self, data: &T) -> Result<Self, HandlerError> {
        match serde_json::to_value(data)? {
            Value::Object(map) => {
                self.map_mut().extend(map);
                Ok(self)
            }
            other => Err(HandlerError::internal(format!(
                "response data must serialise to a JSON object, got {}",
                flow_model::table::JsonTypes::name_of(&other)
            ))),
        }
    }

    /// Adds `error_message`, shown by the client as a snackbar on the target screen.
    #[must_use]
    pub fn with_error_message(self, message: impl Into<String>) -> Self {
        self.with("error_message", message.into())
    }

    /// The target screen id (`SUCCESS` for [`FlowResponse::Finish`]).
    pub fn screen(&self) -> &str {
        match self {
            Self::Screen { screen, .. } => screen,
            Self::Finish { .. } => SUCCESS_SCREEN,
        }
    }

    fn map_mut(&mut self) -> &mut Map<String, Value> {
        match self {
            Self::Screen { data, .. } => data,
            Self::Finish { params } => params,
        }
    }

    /// The JSON sent (encrypted) to the client; `flow_token` fills a missing
    /// `params.flow_token` of a finish.
    pub fn to_json(&self, flow_token: &str) -> Value {
        match self {
            Self::Screen { screen, data } => json!({"screen": screen, "data": data}),
            Self::Finish { params } => {
                let mut params = params.clone();
                params
                    .entry("flow_token")
                    .or_insert_with(|| Value::String(flow_token.to_owned()));
                json!({"screen": SUCCESS_SCREEN,
                       "data": {"extension_message_response": {"params": params}}})
            }
        }
    }
}

/// Why a handler did not produce a response.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HandlerError {
    /// The flow token is not (or no longer) valid: HTTP 427, the CTA is disabled and
    /// `message` (if any) is shown to the user.
    #[error("flow token rejected{}", .message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    InvalidFlowToken {
        /// Optional `error_msg` for the user.
        message: Option<String>,
    },
    /// Anything else: HTTP 500.
    #[error("handler failed: {0}")]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl HandlerError {
    /// Rejects the flow token (HTTP 427) with an optional message for the user.
    pub fn invalid_flow_token(message: Option<&str>) -> Self {
        Self::InvalidFlowToken {
            message: message.map(str::to_owned),
        }
    }

    /// Wraps any error or message as an internal failure (HTTP 500).
    pub fn internal(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal(error.into())
    }
}

impl From<serde_json::Error> for HandlerError {
    fn from(e: serde_json::Error) -> Self {
        Self::Internal(Box::new(e))
    }
}
