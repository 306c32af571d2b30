//! Sending flows (spec §G.5), flow templates (§G.6), and the check that the opening screen is an
//! entry screen of the flow document and receives the data it declares.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::ApiError;
use super::transport::Resp;

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
    pub(crate) fn from_cloud_api(_resp: &Resp, v: Value) -> Self {
        Self::from_value(v)
    }
}

/// Which flow a template's FLOW button opens (exactly one, §G.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateFlow {
    /// `flow_id`
    Id(String),
    /// `flow_name` (Cloud API only)
    Name(String),
    /// `flow_json`: the Flow JSON text (Cloud API only)
    Json(String),
}

/// A template with a body and one FLOW button (§G.6).
///
/// ```
/// use flow_dsl::api::{FlowTemplate, TemplateFlow};
/// let t = FlowTemplate::new("book_now", "en_US", "MARKETING", "Book your slot",
///     "Book!", TemplateFlow::Id("1234".into())).navigate_screen("WELCOME");
/// let v = t.to_json().unwrap();
/// assert_eq!(v["components"][1]["buttons"][0]["type"], "FLOW");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowTemplate {
    /// Template name.
    pub name: String,
    /// Language code, e.g. `en_US`.
    pub language: String,
    /// `MARKETING`, `UTILITY`...
    pub category: String,
    /// BODY text.
    pub body_text: String,
    /// Button text (≤ 25 characters).
    pub button_text: String,
    /// The flow.
    pub flow: TemplateFlow,
    /// `flow_action`: `navigate` (default) or `data_exchange`.
    pub data_exchange: bool,
    /// `navigate_screen` (default: the first entry screen).
    pub navigate_screen: Option<String>,
    /// `icon` (`DOCUMENT`, `PROMOTION`, `REVIEW`; UNCONFIRMED in Meta's docs).
    pub icon: Option<String>,
}

impl FlowTemplate {
    /// A navigate template.
    pub fn new(
        name: impl Into<String>,
        language: impl Into<String>,
        category: impl Into<String>,
        body_text: impl Into<String>,
        button_text: impl Into<String>,
        flow: TemplateFlow,
    ) -> Self {
        Self {
            name: name.into(),
            language: language.into(),
            category: category.into(),
            body_text: body_text.into(),
            button_text: button_text.into(),
            flow,
            data_exchange: false,
            navigate_screen: None,
            icon: None,
        }
    }
    /// Sets `navigate_screen`.
    pub fn navigate_screen(mut self, screen: impl Into<String>) -> Self {
        self.navigate_screen = Some(screen.into());
        self
    }
    /// Uses `flow_action: data_exchange`.
    pub fn data_exchange(mut self) -> Self {
        self.data_exchange = true;
        self
    }
    /// Sets the button icon.
    pub fn icon(mut self, icon: impl Into<String>) -> Self {
        self.icon = Some(icon.into());
        self
    }

    /// The `message_templates` request body.
    pub fn to_json(&self) -> Result<Value, ApiError> {
        for (label, v) in [
            ("name", &self.name),
            ("language", &self.language),
            ("category", &self.category),
            ("body text", &self.body_text),
        ] {
            if v.trim().is_empty() {
                return Err(ApiError::InvalidRequest(format!(
                    "a flow template needs a {label}"
                )));
            }
        }
        let n = self.button_text.chars().count();
        if n == 0 || n > 25 {
            return Err(ApiError::InvalidRequest(
                "a FLOW button text must be 1 to 25 characters".into(),
            ));
        }
        if self.data_exchange && self.navigate_screen.is_some() {
            return Err(ApiError::InvalidRequest(
                "navigate_screen only goes with the navigate action".into(),
            ));
        }
        let mut button = Map::new();
        button.insert("type".into(), "FLOW".into());
        button.insert("text".into(), self.button_text.as_str().into());
        match &self.flow {
            TemplateFlow::Id(s) => button.insert("flow_id".into(), s.as_str().into()),
            TemplateFlow::Name(s) => button.insert("flow_name".into(), s.as_str().into()),
            TemplateFlow::Json(s) => {
                super::provider::check_flow_json(s)?;
                button.insert("flow_json".into(), s.as_str().into())
            }
        };
        button.insert(
            "flow_action".into(),
            if self.data_exchange {
                "data_exchange"
            } else {
                "navigate"
            }
            .into(),
        );
        if let Some(s) = &self.navigate_screen {
            button.insert("navigate_screen".into(), s.as_str().into());
        }
        if let Some(i) = &self.icon {
            button.insert("icon".into(), i.as_str().into());
        }
        Ok(json!({
            "name": self.name,
            "language": self.language,
            "category": self.category,
            "components": [
                {"type": "BODY", "text": self.body_text},
                {"type": "BUTTONS", "buttons": [Value::Object(button)]},
            ],
        }))
    }
}

/// Answer to a template creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedTemplate {
    /// Template id.
    pub id: String,
    /// e.g. `PENDING`.
    #[serde(default)]
    pub status: Option<String>,
    /// Category as accepted.
    #[serde(default)]
    pub category: Option<String>,
}

/// Sending an approved template whose button opens a flow (§G.6).
///
/// ```
/// use flow_dsl::api::SendFlowTemplate;
/// let m = SendFlowTemplate::new("5511999999999", "book_now", "en_US").flow_token("t-1");
/// let v = m.template_json().unwrap();
/// assert_eq!(v["components"][0]["sub_type"], "flow");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SendFlowTemplate {
    /// Recipient.
    pub to: String,
    /// Template name.
    pub template_name: String,
    /// Language code.
    pub language: String,
    /// Index of the FLOW button (0 for the first button).
    pub button_index: u32,
    /// `flow_token` (Meta defaults it to `"unused"`).
    pub flow_token: Option<String>,
    /// `flow_action_data`: initial data of the first screen.
    pub flow_action_data: Option<Map<String, Value>>,
    /// Other components (body parameters...), sent before the button component.
    pub components: Vec<Value>,
}

impl SendFlowTemplate {
    /// A template send with no parameters.
    pub fn new(
        to: impl Into<String>,
        template_name: impl Into<String>,
        language: impl Into<String>,
    ) -> Self {
        Self {
            to: to.into(),
            template_name: template_name.into(),
            language: language.into(),
            button_index: 0,
            flow_token: None,
            flow_action_data: None,
            components: Vec::new(),
        }
    }
    /// Sets the flow token.
    pub fn flow_token(mut self, t: impl Into<String>) -> Self {
        self.flow_token = Some(t.into());
        self
    }
    /// Sets `flow_action_data`.
    pub fn flow_action_data(mut self, data: Map<String, Value>) -> Self {
        self.flow_action_data = Some(data);
        self
    }

    /// The `template` object of the message.
    pub fn template_json(&self) -> Result<Value, ApiError> {
        if self.to.trim().is_empty()
            || self.template_name.trim().is_empty()
            || self.language.trim().is_empty()
        {
            return Err(ApiError::InvalidRequest(
                "a template send needs a recipient, a template name and a language".into(),
            ));
        }
        let mut action = Map::new();
        if let Some(t) = &self.flow_token {
            action.insert("flow_token".into(), t.as_str().into());
        }
        if let Some(d) = &self.flow_action_data {
            action.insert("flow_action_data".into(), Value::Object(d.clone()));
        }
        let mut components = self.components.clone();
        components.push(json!({
            "type": "button",
            "sub_type": "flow",
            "index": self.button_index.to_string(),
            "parameters": [{"type": "action", "action": Value::Object(action)}],
        }));
        Ok(
            json!({"name": self.template_name, "language": {"code": self.language}, "components": components}),
        )
    }
}

/// Why a send does not fit the flow document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SendCheckError {
    /// The document has no `screens` array of objects with ids.
    #[error("the flow document has no screens")]
    NoScreens,
    /// The screen does not exist.
    #[error("screen {screen:?} is not in the flow (screens: {known:?})")]
    UnknownScreen {
        /// The screen asked for.
        screen: String,
        /// The screens of the document.
        known: Vec<String>,
    },
    /// The screen has an inbound edge (routing model or navigate action).
    #[error("screen {screen:?} is not an entry screen (entry screens: {entry_screens:?})")]
    NotAnEntryScreen {
        /// The screen asked for.
        screen: String,
        /// The document's entry screens.
        entry_screens: Vec<String>,
    },
    /// The data has keys the screen does not declare.
    #[error("screen {screen:?} does not declare data {keys:?}")]
    UndeclaredData {
        /// The screen.
        screen: String,
        /// Keys sent but not declared.
        keys: Vec<String>,
    },
    /// The screen declares data the send does not give.
    #[error("screen {screen:?} declares data {keys:?} that the send does not give")]
    MissingData {
        /// The screen.
        screen: String,
        /// Keys declared but absent.
        keys: Vec<String>,
    },
    /// A value's JSON type differs from its declaration.
    #[error("data {key:?} of screen {screen:?} should be {expected}, got {found}")]
    DataType {
        /// The screen.
        screen: String,
        /// The key.
        key: String,
        /// Declared type.
        expected: String,
        /// JSON type sent.
        found: String,
    },
}

/// The entry screens of a Flow JSON document: screens with no inbound edge, edges being the
/// `routing_model` and every `navigate` action's `next.name` (spec §A.4 rule 4). Read from a
/// `serde_json::Value`, so it works on any document, typed model or not.
///
/// ```
/// use serde_json::json;
/// let doc = json!({"version":"7.2","screens":[
///   {"id":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next",
///     "on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},
///   {"id":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[]}}]});
/// assert_eq!(flow_dsl::api::entry_screens(&doc), vec!["A".to_string()]);
/// ```
pub fn entry_screens(doc: &Value) -> Vec<String> {
    let ids = screen_ids(doc);
    let mut targets = BTreeSet::new();
    if let Some(model) = doc.get("routing_model").and_then(Value::as_object) {
        for to in model
            .values()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(Value::as_str)
        {
            targets.insert(to.to_owned());
        }
    }
    for screen in doc
        .get("screens")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let own = screen.get("id").and_then(Value::as_str);
        collect_navigate_targets(screen, &mut |t| {
            if Some(t) != own {
                targets.insert(t.to_owned());
            }
        });
    }
    ids.into_iter().filter(|id| !targets.contains(id)).collect()
}

fn screen_ids(doc: &Value) -> Vec<String> {
    doc.get("screens")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

fn collect_navigate_targets(v: &Value, found: &mut impl FnMut(&str)) {
    match v {
        Value::Object(m) => {
            if m.get("name").and_then(Value::as_str) == Some("navigate")
                && let Some(t) = m
                    .get("next")
                    .and_then(|n| n.get("name"))
                    .and_then(Value::as_str)
            {
                found(t);
            }
            m.values().for_each(|c| collect_navigate_targets(c, found));
        }
        Value::Array(a) => a.iter().for_each(|c| collect_navigate_targets(c, found)),
        _ => {}
    }
}

/// Checks a send against the flow document: a navigate screen must be an entry screen, and its
/// data must match the screen's `data` declaration (keys and JSON types). `DataExchange` sends
/// are not checked (the endpoint picks the screen).
///
/// ```
/// use flow_dsl::api::{check_send, FlowAction, FlowRef, SendFlow};
/// use serde_json::json;
/// let doc = json!({"screens":[{"id":"A","data":{"name":{"type":"string","__example__":"Ann"}}}]});
/// let send = |data| SendFlow::new("1", FlowRef::Id("9".into()), "Go", "Hi",
///     FlowAction::Navigate { screen: "A".into(), data });
/// assert!(check_send(&send(Some(json!({"name":"Bo"}).as_object().unwrap().clone())), &doc).is_ok());
/// assert!(check_send(&send(None), &doc).is_err());
/// ```
pub fn check_send(send: &SendFlow, doc: &Value) -> Result<(), SendCheckError> {
    let FlowAction::Navigate { screen, data } = &send.action else {
        return Ok(());
    };
    let known = screen_ids(doc);
    if known.is_empty() {
        return Err(SendCheckError::NoScreens);
    }
    if !known.contains(screen) {
        return Err(SendCheckError::UnknownScreen {
            screen: screen.clone(),
            known,
        });
    }
    let entries = entry_screens(doc);
    if !entries.contains(screen) {
        return Err(SendCheckError::NotAnEntryScreen {
            screen: screen.clone(),
            entry_screens: entries,
        });
    }
    let decl = doc
        .get("screens")
        .and_then(Value::as_array)
        .and_then(|s| {
            s.iter()
                .find(|s| s.get("id").and_then(Value::as_str) == Some(screen))
        })
        .and_then(|s| s.get("data"))
        .and_then(Value::as_object);
    let empty = Map::new();
    let decl = decl.unwrap_or(&empty);
    let data = data.as_ref().unwrap_or(&empty);
    let undeclared: Vec<String> = data
        .keys()
        .filter(|k| !decl.contains_key(*k))
        .cloned()
        .collect();
    if !undeclared.is_empty() {
        return Err(SendCheckError::UndeclaredData {
            screen: screen.clone(),
            keys: undeclared,
        });
    }
    let missing: Vec<String> = decl
        .keys()
        .filter(|k| !data.contains_key(*k))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(SendCheckError::MissingData {
            screen: screen.clone(),
            keys: missing,
        });
    }
    for (key, value) in data {
        let Some(expected) = decl
            .get(key)
            .and_then(|d| d.get("type"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let ok = match expected {
            "string" => value.is_string(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => true,
        };
        if !ok {
            return Err(SendCheckError::DataType {
                screen: screen.clone(),
                key: key.clone(),
                expected: expected.to_owned(),
                found: json_type(value).to_owned(),
            });
        }
    }
    Ok(())
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
