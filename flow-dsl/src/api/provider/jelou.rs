//! Jelou (seed 003): send only. Flows live in Jelou and are referred to by slug
//! (`parameters.flow_name`); every management call is [`ApiError::Unsupported`]. The optional
//! `type` query parameter is sent only when [`SendFlow::flow_type`] is set.

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::*;
use crate::api::send::{FlowRef, SendFlow, SentMessage};
use crate::api::transport::Req;

#[derive(Debug)]
pub(crate) struct Jelou {
    pub bot_id: String,
}

const P: Provider = Provider::Jelou;

impl Backend for Jelou {
    const PROVIDER: Provider = P;

    async fn send_flow(&self, t: &Transport, msg: &SendFlow) -> Result<SentMessage, ApiError> {
        msg.validate()?;
        let FlowRef::Name(slug) = &msg.flow else {
            return Err(unsupported(
                P,
                "send_flow by flow id (Jelou refers to flows by slug: FlowRef::Name)",
            ));
        };
        let screen = plain_navigate_screen(P, msg)?;
        let (Some(title), Some(caption)) = (&msg.header, &msg.footer) else {
            return Err(ApiError::InvalidRequest(
                "Jelou requires header (title) and footer (caption) texts".into(),
            ));
        };
        let user = msg.to.trim().trim_start_matches('+');
        if user.is_empty() || !user.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ApiError::InvalidRequest(format!(
                "Jelou needs the recipient as a phone number, got {:?}",
                msg.to
            )));
        }
        let mut body = Map::new();
        body.insert("title".into(), title.as_str().into());
        body.insert("text".into(), msg.body.as_str().into());
        body.insert("caption".into(), caption.as_str().into());
        body.insert(
            "parameters".into(),
            json!({ "flow_name": slug, "flow_cta": msg.cta, "flow_action_payload": { "screen": screen } }),
        );
        if let Some(ctx) = &msg.reply_context {
            body.insert("payload".into(), Value::Object(ctx.clone()));
        }
        let url = t.url(
            "/v1/bots/{bot}/users/{user}/flow_message",
            &[("bot", &self.bot_id), ("user", user)],
        )?;
        let mut req = Req::new("send_flow", Method::POST, url)
            .json(Value::Object(body))
            .idempotent(false);
        // Seed 003: "Parâmetros de consulta: type — Type of WhatsApp Flow to send."
        if let Some(t) = &msg.flow_type {
            req = req.query("type", t.clone());
        }
        let resp = t.execute(&req).await?;
        let v = graph_json(P, "send_flow", &resp)?;
        Ok(SentMessage::from_value(v))
    }
}
