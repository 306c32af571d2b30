//! Turn.io (seed 001): `/v1/flows...` with a bearer token; answers wrapped with a `meta` block;
//! two error shapes (`error{}` and `errors[]`). Turn.io does not support flows with endpoints,
//! migration, metrics, the business public key or templates through this API.

use flow_model::ValidationError;
use reqwest::Method;
use serde_json::{Value, json};

use super::*;
use crate::api::error::{GraphError, TurnErrorItem};
use crate::api::send::{FlowAction, SendFlow, SentMessage};
use crate::api::transport::{Field, Req};

#[derive(Debug)]
pub(crate) struct Turn;

const P: Provider = Provider::Turn;

/// The fields of a flow in `GET /v1/flows` (seed 001: "data": [{"id", "name", "status",
/// "categories", "validation_errors"}]); Turn.io has no per-flow GET.
pub(crate) const FIELDS: &[FlowField] = &[
    FlowField::Id,
    FlowField::Name,
    FlowField::Status,
    FlowField::Categories,
    FlowField::ValidationErrors,
];

/// Maps a Turn.io answer: 2xx → the JSON minus `meta`; otherwise the `error{}` shape (a numeric
/// `code` is Meta's error relayed: [`ApiError::Graph`]) or the `errors[]` shape.
pub(crate) fn turn_json(op: &'static str, resp: &Resp) -> Result<Value, ApiError> {
    if resp.is_success() {
        let mut v = resp.json(P, op)?;
        if let Value::Object(m) = &mut v {
            m.remove("meta");
        }
        if v.get("success") == Some(&Value::Bool(false)) {
            return Err(ApiError::Unsuccessful {
                provider: P,
                operation: op,
                status: resp.status,
                raw: resp.text(),
            });
        }
        return Ok(v);
    }
    let raw = resp.text();
    let status = resp.status;
    let v: Value = serde_json::from_str(&raw).unwrap_or(Value::Null);
    if let Some(err) = v.get("error").filter(|e| e.is_object()) {
        if err.get("code").is_some_and(Value::is_i64)
            && let Ok(error) = serde_json::from_value::<GraphError>(err.clone())
        {
            return Err(ApiError::Graph {
                provider: P,
                status,
                error: Box::new(error),
                raw,
            });
        }
        let text = |k: &str| err.get(k).and_then(Value::as_str).map(str::to_owned);
        let code = text("code").or_else(|| err.get("code").map(Value::to_string));
        return Err(ApiError::Turn {
            status,
            code,
            message: text("message"),
            errors: Vec::new(),
            raw,
        });
    }
    if let Some(items) = v.get("errors").and_then(Value::as_array) {
        let errors = items
            .iter()
            .filter_map(|i| serde_json::from_value::<TurnErrorItem>(i.clone()).ok())
            .collect();
        return Err(ApiError::Turn {
            status,
            code: None,
            message: None,
            errors,
            raw,
        });
    }
    Err(ApiError::Http {
        provider: P,
        status,
        raw,
    })
}

async fn call(t: &Transport, req: Req) -> Result<(Resp, Value), ApiError> {
    let resp = t.execute(&req).await?;
    let v = turn_json(req.operation, &resp)?;
    Ok((resp, v))
}

impl Backend for Turn {
    const PROVIDER: Provider = P;

    async fn create_flow(&self, t: &Transport, req: &CreateFlow) -> Result<CreatedFlow, ApiError> {
        if req.clone_flow_id.is_some() {
            return Err(unsupported(P, "create_flow with clone_flow_id"));
        }
        if req.endpoint_uri.is_some() {
            return Err(unsupported(
                P,
                "create_flow with endpoint_uri (Turn.io has no endpoint flows)",
            ));
        }
        check_create(req, false)?;
        if req.flow_json.is_none() {
            return Err(ApiError::InvalidRequest(
                "Turn.io requires flow_json at creation".into(),
            ));
        }
        let mut body = create_body(req);
        body.insert("publish".into(), req.publish.into());
        let url = t.url("/v1/flows", &[])?;
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
        if upd.endpoint_uri.is_some() {
            return Err(unsupported(
                P,
                "update_metadata with endpoint_uri (Turn.io has no endpoint flows)",
            ));
        }
        let url = t.url("/v1/flows/{flow}", &[("flow", flow_id)])?;
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
        let url = t.url("/v1/flows/{flow}/assets", &[("flow", flow_id)])?;
        let file = Field::flow_json_file(json);
        let (resp, v) = call(
            t,
            Req::new("upload_flow_json", Method::POST, url)
                .multipart(vec![file])
                .idempotent(true),
        )
        .await?;
        validation_errors_in(P, "upload_flow_json", &resp, &v)
    }

    async fn list_assets(&self, t: &Transport, flow_id: &str) -> Result<Vec<FlowAsset>, ApiError> {
        let url = t.url("/v1/flows/{flow}/assets", &[("flow", flow_id)])?;
        let (resp, v) = call(t, Req::new("list_assets", Method::GET, url)).await?;
        Ok(page_of::<FlowAsset>(P, "list_assets", &resp, v)?.data)
    }

    async fn download_flow_json(&self, t: &Transport, flow_id: &str) -> Result<String, ApiError> {
        download_via_assets(t, self.list_assets(t, flow_id).await?).await
    }

    async fn publish(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = t.url("/v1/flows/{flow}/publish", &[("flow", flow_id)])?;
        call(t, Req::new("publish", Method::POST, url).idempotent(true))
            .await
            .map(drop)
    }

    async fn deprecate(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = t.url("/v1/flows/{flow}/deprecate", &[("flow", flow_id)])?;
        call(t, Req::new("deprecate", Method::POST, url).idempotent(true))
            .await
            .map(drop)
    }

    async fn delete_flow(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = t.url("/v1/flows/{flow}", &[("flow", flow_id)])?;
        call(t, Req::new("delete_flow", Method::DELETE, url))
            .await
            .map(drop)
    }

    /// Turn.io has no per-flow GET: the flow is looked up in `GET /v1/flows` (its fixed field
    /// set: id, name, status, categories, validation_errors; `fields` cannot add more).
    async fn get_flow(
        &self,
        t: &Transport,
        flow_id: &str,
        fields: &[FlowField],
    ) -> Result<Flow, ApiError> {
        if let Some(f) = fields.iter().find(|f| !FIELDS.contains(f)) {
            return Err(unsupported(
                P,
                format!("get_flow with field {}", f.to_expr()),
            ));
        }
        if flow_id.trim().is_empty() {
            return Err(ApiError::InvalidRequest("flow must not be empty".into()));
        }
        let page = self.list_flows(t, &ListFlows::default()).await?;
        page.data
            .into_iter()
            .find(|f| f.id == flow_id)
            .ok_or_else(|| ApiError::FlowNotFound {
                provider: P,
                flow_id: flow_id.to_owned(),
            })
    }

    async fn list_flows(&self, t: &Transport, page: &ListFlows) -> Result<Page<Flow>, ApiError> {
        // Seed 001 documents no paging: every flow comes at once. A page size is only a hint,
        // so `limit` is met trivially; cursors cannot be.
        if page.after.is_some() || page.before.is_some() {
            return Err(unsupported(
                P,
                "list_flows cursors (Turn.io returns every flow at once)",
            ));
        }
        let url = t.url("/v1/flows", &[])?;
        let (resp, v) = call(t, Req::new("list_flows", Method::GET, url)).await?;
        page_of(P, "list_flows", &resp, v)
    }

    async fn send_flow(&self, t: &Transport, msg: &SendFlow) -> Result<SentMessage, ApiError> {
        if matches!(msg.action, FlowAction::DataExchange) {
            return Err(unsupported(
                P,
                "send_flow with data_exchange (Turn.io has no endpoint flows)",
            ));
        }
        let body =
            json!({ "to": msg.to, "type": "interactive", "interactive": msg.interactive_json()? });
        let url = t.url("/v1/messages", &[])?;
        let (_, v) = call(
            t,
            Req::new("send_flow", Method::POST, url)
                .json(body)
                .idempotent(false),
        )
        .await?;
        Ok(SentMessage::from_value(v))
    }
}
