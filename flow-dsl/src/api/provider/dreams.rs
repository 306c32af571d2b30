//! Dreams (seed 002): `/api/whatsapp/{waba}/flows...` with `Authorization: AccessKey <key>`.
//! Answers may be wrapped in `{success, message, data}`; `success` is not trusted alone, and the
//! upload's errors are read under both `validation_errors` and `validations_errors` (sic).

use flow_model::ValidationError;
use reqwest::Method;
use serde_json::{Map, Value};

use super::*;
use crate::api::send::{FlowRef, SendFlow, SentMessage};
use crate::api::transport::{Field, Req};

#[derive(Debug)]
pub(crate) struct Dreams {
    pub waba_id: String,
    pub deprecate_path: String,
}

const P: Provider = Provider::Dreams;

/// Seed 002, "Retrieve Flow Details": id, name, status, categories, json_version,
/// data_api_version, endpoint_uri, preview, whatsapp_business_account, application,
/// health_status (and json_content, which is not a Graph field).
pub(crate) const FIELDS: &[FlowField] = &[
    FlowField::Id,
    FlowField::Name,
    FlowField::Status,
    FlowField::Categories,
    FlowField::JsonVersion,
    FlowField::DataApiVersion,
    FlowField::EndpointUri,
    FlowField::Preview { invalidate: None },
    FlowField::WhatsappBusinessAccount,
    FlowField::Application,
    FlowField::HealthStatus { phone_number: None },
];

/// The payload of a Dreams answer: `data` of the envelope when there is one, else the body.
/// `success: true` alone is not trusted: callers still read validation errors from the payload.
/// Non-2xx answers and `success: false` become [`ApiError::Dreams`].
pub(crate) fn dreams_json(op: &'static str, resp: &Resp) -> Result<Value, ApiError> {
    let parsed = resp.json(P, op);
    let v = match (&parsed, resp.is_success()) {
        (Ok(v), _) => v.clone(),
        (Err(_), false) => Value::Null,
        (Err(_), true) => return parsed,
    };
    // An envelope's payload is `data`; without one (or with a null `data`) the body itself.
    let data = match v.get("data") {
        Some(d) if !d.is_null() && v.get("success").is_some_and(Value::is_boolean) => d.clone(),
        _ => v.clone(),
    };
    if resp.is_success() && v.get("success") != Some(&Value::Bool(false)) {
        return Ok(data);
    }
    let mut message = v
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    // A field-error map (`"errors": {"file": ["must be JSON"]}`) is kept in the message, so
    // nothing the server said is lost.
    if let Some(fields) = v.get("errors").and_then(Value::as_object) {
        for (field, said) in fields {
            let said = match said {
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(" "),
                other => other
                    .as_str()
                    .map_or_else(|| other.to_string(), str::to_owned),
            };
            message.push_str(&format!("; {field}: {said}"));
        }
    }
    let validation_errors = [&data, &v]
        .into_iter()
        .find_map(|o| {
            validation_errors_in(P, op, resp, o)
                .ok()
                .filter(|e| !e.is_empty())
        })
        .unwrap_or_default();
    Err(ApiError::Dreams {
        status: resp.status,
        message,
        validation_errors,
        raw: resp.text(),
    })
}

async fn call(t: &Transport, req: Req) -> Result<(Resp, Value), ApiError> {
    let resp = t.execute(&req).await?;
    let v = dreams_json(req.operation, &resp)?;
    Ok((resp, v))
}

impl Dreams {
    fn url(&self, t: &Transport, template: &str, flow_id: &str) -> Result<url::Url, ApiError> {
        t.url(template, &[("waba", &self.waba_id), ("flow_id", flow_id)])
    }
}

impl Backend for Dreams {
    const PROVIDER: Provider = P;

    /// Dreams documents `{name, clone_flow_id?, endpoint_uri?}`; `categories` is sent too
    /// (Meta requires it and Dreams' update accepts it).
    async fn create_flow(&self, t: &Transport, req: &CreateFlow) -> Result<CreatedFlow, ApiError> {
        if req.flow_json.is_some() || req.publish {
            return Err(unsupported(
                P,
                "create_flow with flow_json or publish (create, then upload_flow_json)",
            ));
        }
        check_create(req, false)?;
        let body = create_body(req);
        let url = self.url(t, "/api/whatsapp/{waba}/flows", "-")?;
        let (resp, v) = call(
            t,
            Req::new("create_flow", Method::POST, url)
                .json(Value::Object(body))
                .idempotent(false),
        )
        .await?;
        decode(P, "create_flow", &resp, v)
    }

    async fn update_metadata(
        &self,
        t: &Transport,
        flow_id: &str,
        upd: &UpdateMetadata,
    ) -> Result<(), ApiError> {
        if upd.application_id.is_some() {
            return Err(unsupported(P, "update_metadata with application_id"));
        }
        let url = self.url(t, "/api/whatsapp/{waba}/flows/{flow_id}", flow_id)?;
        call(
            t,
            Req::new("update_metadata", Method::POST, url)
                .json(upd.to_json()?)
                .idempotent(true),
        )
        .await
        .map(drop)
    }

    async fn upload_flow_json(
        &self,
        t: &Transport,
        flow_id: &str,
        json: &str,
    ) -> Result<Vec<ValidationError>, ApiError> {
        check_flow_json(json)?;
        if flow_id.trim().is_empty() {
            return Err(ApiError::InvalidRequest("flow_id must not be empty".into()));
        }
        let url = self.url(t, "/api/whatsapp/{waba}/flows/upload-flow-json", flow_id)?;
        let fields = vec![
            Field::Text("flow_id", flow_id.to_owned()),
            Field::flow_json_file(json),
        ];
        let (resp, v) = call(
            t,
            Req::new("upload_flow_json", Method::POST, url)
                .multipart(fields)
                .idempotent(true),
        )
        .await?;
        validation_errors_in(P, "upload_flow_json", &resp, &v)
    }

    async fn publish(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = self.url(t, "/api/whatsapp/{waba}/flows/{flow_id}/publish", flow_id)?;
        call(t, Req::new("publish", Method::POST, url).idempotent(true))
            .await
            .map(drop)
    }

    async fn deprecate(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = self.url(t, &self.deprecate_path, flow_id)?;
        call(t, Req::new("deprecate", Method::POST, url).idempotent(true))
            .await
            .map(drop)
    }

    async fn delete_flow(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        if flow_id.trim().is_empty() {
            return Err(ApiError::InvalidRequest("flow_id must not be empty".into()));
        }
        let url = self.url(t, "/api/whatsapp/{waba}/flows", flow_id)?;
        call(
            t,
            Req::new("delete_flow", Method::DELETE, url).query("flowId", flow_id),
        )
        .await
        .map(drop)
    }

    /// Dreams answers a fixed, complete field set; Graph modifiers and custom fields are refused.
    async fn get_flow(
        &self,
        t: &Transport,
        flow_id: &str,
        fields: &[FlowField],
    ) -> Result<Flow, ApiError> {
        if let Some(f) = fields.iter().find(|f| {
            matches!(
                f,
                FlowField::Custom(_)
                    | FlowField::UpdatedAt
                    | FlowField::Preview {
                        invalidate: Some(_)
                    }
                    | FlowField::HealthStatus {
                        phone_number: Some(_)
                    }
            )
        }) {
            return Err(unsupported(
                P,
                format!("get_flow with field {}", f.to_expr()),
            ));
        }
        let url = self.url(t, "/api/whatsapp/{waba}/flows/{flow_id}", flow_id)?;
        let (resp, v) = call(t, Req::new("get_flow", Method::GET, url)).await?;
        decode(P, "get_flow", &resp, v)
    }

    async fn list_flows(&self, t: &Transport, page: &ListFlows) -> Result<Page<Flow>, ApiError> {
        // Seed 002: "Retrieve a list of Flows", no paging parameters. `limit` is a page-size
        // hint met trivially; cursors cannot be.
        if page.after.is_some() || page.before.is_some() {
            return Err(unsupported(
                P,
                "list_flows cursors (Dreams returns every flow at once)",
            ));
        }
        let url = self.url(t, "/api/whatsapp/{waba}/flows", "-")?;
        let (resp, v) = call(t, Req::new("list_flows", Method::GET, url)).await?;
        page_of(P, "list_flows", &resp, v)
    }

    async fn send_flow(&self, t: &Transport, msg: &SendFlow) -> Result<SentMessage, ApiError> {
        msg.validate()?;
        let FlowRef::Id(flow_id) = &msg.flow else {
            return Err(unsupported(P, "send_flow by flow name"));
        };
        if msg.reply_context.is_some() {
            return Err(unsupported(P, "send_flow with a reply context"));
        }
        if msg.flow_type.is_some() {
            return Err(unsupported(P, "send_flow with a flow type"));
        }
        let screen = plain_navigate_screen(P, msg)?;
        let mut body = Map::new();
        body.insert("to".into(), msg.to.as_str().into());
        body.insert("flow_id".into(), flow_id.as_str().into());
        if let Some(h) = &msg.header {
            body.insert("header_text".into(), h.as_str().into());
        }
        body.insert("body_text".into(), msg.body.as_str().into());
        if let Some(f) = &msg.footer {
            body.insert("footer_text".into(), f.as_str().into());
        }
        body.insert("flow_cta".into(), msg.cta.as_str().into());
        body.insert("screen".into(), screen.into());
        let url = self.url(t, "/api/whatsapp/{waba}/flows/send", "-")?;
        let (_resp, v) = call(
            t,
            Req::new("send_flow", Method::POST, url)
                .json(Value::Object(body))
                .idempotent(false),
        )
        .await?;
        Ok(SentMessage::from_value(v))
    }
}
