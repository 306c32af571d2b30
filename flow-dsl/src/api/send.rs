//! Sending an interactive flow message (spec §G.5). Templates are in `template`, the check
//! against the flow document in `check`.

use serde_json::{Map, Value, json};

use super::ApiError;

/// Which flow to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowRef {
    /// By id (every provider but Jelou).
    Id(String),
    /// By name (Meta Cloud API, Turn.io) or by Jelou slug.
    Name(String),
}

/// `mode`: which version of the flow is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SendMode {
    /// The current draft (testing; the device shows a banner).
    Draft,
    /// The last published version.
    #[default]
    Published,
}

/// `flow_action` and its payload.
#[derive(Debug, Clone, PartialEq)]
pub enum FlowAction {
    /// Open `screen` (an entry screen), optionally with its initial `data` (a non-empty object).
    Navigate {
        /// Entry screen id.
        screen: String,
        /// Initial data of the screen; `None` omits it.
        data: Option<Map<String, Value>>,
    },
    /// Ask the endpoint for the first screen (`INIT`); no payload is sent.
    DataExchange,
}

impl FlowAction {
    /// `Navigate` to `screen` without data.
    pub fn navigate(screen: impl Into<String>) -> Self {
        Self::Navigate {
            screen: screen.into(),
            data: None,
        }
    }
}

/// An interactive flow message (§G.5).
///
/// ```
/// use flow_dsl::api::{FlowAction, FlowRef, SendFlow};
/// let msg = SendFlow::new("5511999999999", FlowRef::Id("1234".into()), "Book!",
///         "Book your appointment", FlowAction::navigate("WELCOME"))
///     .header("Appointments")
///     .flow_token("booking-42")
///     .draft();
/// let v = msg.interactive_json().unwrap();
/// assert_eq!(v["action"]["parameters"]["flow_message_version"], "3");
/// assert_eq!(v["action"]["parameters"]["mode"], "draft");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SendFlow {
    /// Recipient (`wa_id` / phone number).
    pub to: String,
    /// The flow.
    pub flow: FlowRef,
    /// Button text (`flow_cta`; Meta advises ≤ 30 characters, no emoji).
    pub cta: String,
    /// Draft or published.
    pub mode: SendMode,
    /// `flow_token` (Meta defaults it to `"unused"` when absent).
    pub flow_token: Option<String>,
    /// Navigate or data exchange.
    pub action: FlowAction,
    /// Header text.
    pub header: Option<String>,
    /// Body text (required).
    pub body: String,
    /// Footer text.
    pub footer: Option<String>,
    /// Extra context returned with the reply (Jelou's `payload`); other providers refuse it.
    pub reply_context: Option<Map<String, Value>>,
    /// Jelou's `type` query parameter ("Type of WhatsApp Flow to send"; Jelou's default when
    /// absent); other providers refuse it.
    pub flow_type: Option<String>,
}

impl SendFlow {
    /// A published-mode message without header, footer or token.
    pub fn new(
        to: impl Into<String>,
        flow: FlowRef,
        cta: impl Into<String>,
        body: impl Into<String>,
        action: FlowAction,
    ) -> Self {
        Self {
            to: to.into(),
            flow,
            cta: cta.into(),
            mode: SendMode::Published,
            flow_token: None,
            action,
            header: None,
            body: body.into(),
            footer: None,
            reply_context: None,
            flow_type: None,
        }
    }
    /// Sends the draft.
    pub fn draft(mut self) -> Self {
        self.mode = SendMode::Draft;
        self
    }
    /// Sets the flow token.
    pub fn flow_token(mut self, token: impl Into<String>) -> Self {
        self.flow_token = Some(token.into());
        self
    }
    /// Sets the header text.
    pub fn header(mut self, text: impl Into<String>) -> Self {
        self.header = Some(text.into());
        self
    }
    /// Sets the footer text.
    pub fn footer(mut self, text: impl Into<String>) -> Self {
        self.footer = Some(text.into());
        self
    }
    /// Sets the reply context (Jelou only).
    pub fn reply_context(mut self, ctx: Map<String, Value>) -> Self {
        self.reply_context = Some(ctx);
        self
    }

    /// Sets Jelou's flow `type` (a query parameter).
    ///
    /// ```
    /// use flow_dsl::api::{FlowAction, FlowRef, SendFlow};
    /// let msg = SendFlow::new("593987654321", FlowRef::Name("welcome".into()), "Start", "Hi",
    ///     FlowAction::navigate("RECOMMEND")).flow_type("standard");
    /// assert_eq!(msg.flow_type.as_deref(), Some("standard"));
    /// ```
    pub fn flow_type(mut self, t: impl Into<String>) -> Self {
        self.flow_type = Some(t.into());
        self
    }

    /// Checks required fields and the payload rules of §G.5.
    pub fn validate(&self) -> Result<(), ApiError> {
        let bad = |m: &str| Err(ApiError::InvalidRequest(m.to_owned()));
        if self.to.trim().is_empty() {
            return bad("send_flow needs a recipient");
        }
        match &self.flow {
            FlowRef::Id(s) | FlowRef::Name(s) if s.trim().is_empty() => {
                return bad("send_flow needs a flow id or name");
            }
            _ => {}
        }
        if self.cta.trim().is_empty() {
            return bad("send_flow needs a CTA text");
        }
        if self.body.trim().is_empty() {
            return bad("send_flow needs a body text");
        }
        if let FlowAction::Navigate { screen, data } = &self.action {
            if screen.trim().is_empty() {
                return bad("navigate needs a screen");
            }
            if data.as_ref().is_some_and(Map::is_empty) {
                return bad("navigate data, when given, must be a non-empty object");
            }
        }
        Ok(())
    }

    /// The Cloud API `interactive` object (type `flow`, `flow_message_version` "3").
    pub fn interactive_json(&self) -> Result<Value, ApiError> {
        self.validate()?;
        if self.reply_context.is_some() {
            return Err(ApiError::InvalidRequest(
                "reply_context is a Jelou feature; the Cloud API has no such field".into(),
            ));
        }
        if self.flow_type.is_some() {
            return Err(ApiError::InvalidRequest(
                "flow_type is Jelou's `type` parameter; the Cloud API has no such field".into(),
            ));
        }
        let mut params = Map::new();
        params.insert("flow_message_version".into(), "3".into());
        match &self.flow {
            FlowRef::Id(id) => params.insert("flow_id".into(), id.as_str().into()),
            FlowRef::Name(n) => params.insert("flow_name".into(), n.as_str().into()),
        };
        params.insert("flow_cta".into(), self.cta.as_str().into());
        params.insert(
            "mode".into(),
            if self.mode == SendMode::Draft {
                "draft"
            } else {
                "published"
            }
            .into(),
        );
        if let Some(t) = &self.flow_token {
            params.insert("flow_token".into(), t.as_str().into());
        }
        match &self.action {
            FlowAction::Navigate { screen, data } => {
                params.insert("flow_action".into(), "navigate".into());
                let mut payload = Map::new();
                payload.insert("screen".into(), screen.as_str().into());
                if let Some(d) = data {
                    payload.insert("data".into(), Value::Object(d.clone()));
                }
                params.insert("flow_action_payload".into(), Value::Object(payload));
            }
            FlowAction::DataExchange => {
                params.insert("flow_action".into(), "data_exchange".into());
            }
        }
        let mut obj = Map::new();
        obj.insert("type".into(), "flow".into());
        if let Some(h) = &self.header {
            obj.insert("header".into(), json!({"type": "text", "text": h}));
        }
        obj.insert("body".into(), json!({"text": self.body}));
        if let Some(f) = &self.footer {
            obj.insert("footer".into(), json!({"text": f}));
        }
        obj.insert(
            "action".into(),
            json!({"name": "flow", "parameters": params}),
        );
        Ok(Value::Object(obj))
    }
}

/// What a provider answered to a send.
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    /// The message id (`messages[0].id`), when the provider gives one.
    pub id: Option<String>,
    /// The whole answer.
    pub raw: Value,
}

impl SentMessage {
    pub(crate) fn from_value(v: Value) -> Self {
        let id = v
            .pointer("/messages/0/id")
            .or_else(|| v.get("id"))
            .or_else(|| v.get("message_id"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Self { id, raw: v }
    }
}
