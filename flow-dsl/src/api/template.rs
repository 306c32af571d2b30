//! Message templates with a FLOW button (spec §G.6): creating one and sending it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::ApiError;

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
