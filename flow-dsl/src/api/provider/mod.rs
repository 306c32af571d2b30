//! One module per provider. Each implements [`Backend`]; an operation a provider lacks keeps the
//! default body, which returns [`ApiError::Unsupported`] naming the provider.

use flow_model::ValidationError;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::parse_graph_error;
use super::send::{FlowAction, SendFlow, SendMode, SentMessage};
use super::template::{CreatedTemplate, FlowTemplate, SendFlowTemplate};
use super::transport::{Req, Resp, Transport};
use super::types::*;
use super::{ApiError, Provider};

pub(crate) mod dreams;
pub(crate) mod jelou;
pub(crate) mod meta;
pub(crate) mod serpro;
pub(crate) mod turn;

pub(crate) fn unsupported(provider: Provider, operation: impl Into<String>) -> ApiError {
    ApiError::Unsupported {
        provider,
        operation: operation.into(),
    }
}

/// The operations of spec §G.1, §G.5 and §G.6. Defaults refuse with `Unsupported`.
#[allow(unused_variables)]
pub(crate) trait Backend {
    const PROVIDER: Provider;

    async fn create_flow(&self, t: &Transport, req: &CreateFlow) -> Result<CreatedFlow, ApiError> {
        Err(unsupported(Self::PROVIDER, "create_flow"))
    }
    async fn update_metadata(
        &self,
        t: &Transport,
        flow_id: &str,
        upd: &UpdateMetadata,
    ) -> Result<(), ApiError> {
        Err(unsupported(Self::PROVIDER, "update_metadata"))
    }
    async fn upload_flow_json(
        &self,
        t: &Transport,
        flow_id: &str,
        json: &str,
    ) -> Result<Vec<ValidationError>, ApiError> {
        Err(unsupported(Self::PROVIDER, "upload_flow_json"))
    }
    async fn list_assets(&self, t: &Transport, flow_id: &str) -> Result<Vec<FlowAsset>, ApiError> {
        Err(unsupported(Self::PROVIDER, "list_assets"))
    }
    async fn download_flow_json(&self, t: &Transport, flow_id: &str) -> Result<String, ApiError> {
        Err(unsupported(Self::PROVIDER, "download_flow_json"))
    }
    async fn publish(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        Err(unsupported(Self::PROVIDER, "publish"))
    }
    async fn deprecate(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        Err(unsupported(Self::PROVIDER, "deprecate"))
    }
    async fn delete_flow(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        Err(unsupported(Self::PROVIDER, "delete_flow"))
    }
    async fn get_flow(
        &self,
        t: &Transport,
        flow_id: &str,
        fields: &[FlowField],
    ) -> Result<Flow, ApiError> {
        Err(unsupported(Self::PROVIDER, "get_flow"))
    }
    async fn list_flows(&self, t: &Transport, page: &ListFlows) -> Result<Page<Flow>, ApiError> {
        Err(unsupported(Self::PROVIDER, "list_flows"))
    }
    async fn migrate_flows(
        &self,
        t: &Transport,
        req: &MigrateFlows,
    ) -> Result<MigrationResult, ApiError> {
        Err(unsupported(Self::PROVIDER, "migrate_flows"))
    }
    async fn metrics(
        &self,
        t: &Transport,
        flow_id: &str,
        q: &MetricsQuery,
    ) -> Result<FlowMetric, ApiError> {
        Err(unsupported(Self::PROVIDER, "metrics"))
    }
    async fn get_business_public_key(&self, t: &Transport) -> Result<BusinessPublicKey, ApiError> {
        Err(unsupported(Self::PROVIDER, "get_business_public_key"))
    }
    async fn set_business_public_key(&self, t: &Transport, pem: &str) -> Result<(), ApiError> {
        Err(unsupported(Self::PROVIDER, "set_business_public_key"))
    }
    async fn send_flow(&self, t: &Transport, msg: &SendFlow) -> Result<SentMessage, ApiError> {
        Err(unsupported(Self::PROVIDER, "send_flow"))
    }
    async fn create_flow_template(
        &self,
        t: &Transport,
        tpl: &FlowTemplate,
    ) -> Result<CreatedTemplate, ApiError> {
        Err(unsupported(Self::PROVIDER, "create_flow_template"))
    }
    async fn send_flow_template(
        &self,
        t: &Transport,
        msg: &SendFlowTemplate,
    ) -> Result<SentMessage, ApiError> {
        Err(unsupported(Self::PROVIDER, "send_flow_template"))
    }
}

/// Graph-style answer handling (Meta, SERPRO): 2xx → JSON; otherwise a Graph envelope if the
/// body is one, else [`ApiError::Http`].
pub(crate) fn graph_json(
    provider: Provider,
    op: &'static str,
    resp: &Resp,
) -> Result<Value, ApiError> {
    if !resp.is_success() {
        let raw = resp.text();
        return Err(match parse_graph_error(&raw) {
            Some(error) => ApiError::Graph {
                provider,
                status: resp.status,
                error,
                raw,
            },
            None => ApiError::Http {
                provider,
                status: resp.status,
                raw,
            },
        });
    }
    resp.json(provider, op)
}

/// Sends a Graph-style request (Meta, SERPRO): the JSON of a 2xx answer without
/// `success: false`, else the error.
pub(crate) async fn graph_call(t: &Transport, req: Req) -> Result<(Resp, Value), ApiError> {
    let resp = t.execute(&req).await?;
    let v = graph_json(t.provider, req.operation, &resp)?;
    check_success(t.provider, req.operation, &resp, &v)?;
    Ok((resp, v))
}

/// Fails with [`ApiError::Unsuccessful`] when the answer says `"success": false`.
pub(crate) fn check_success(
    provider: Provider,
    op: &'static str,
    resp: &Resp,
    v: &Value,
) -> Result<(), ApiError> {
    if v.get("success") == Some(&Value::Bool(false)) {
        return Err(ApiError::Unsuccessful {
            provider,
            operation: op,
            status: resp.status,
            raw: resp.text(),
        });
    }
    Ok(())
}

pub(crate) fn decode<T: DeserializeOwned>(
    provider: Provider,
    op: &'static str,
    resp: &Resp,
    v: Value,
) -> Result<T, ApiError> {
    serde_json::from_value(v).map_err(|e| resp.decode_error(provider, op, e.to_string()))
}

/// `validation_errors` (or Dreams' `validations_errors`) of an object, if any.
pub(crate) fn validation_errors_in(
    provider: Provider,
    op: &'static str,
    resp: &Resp,
    v: &Value,
) -> Result<Vec<ValidationError>, ApiError> {
    for key in ["validation_errors", "validations_errors"] {
        match v.get(key) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(items)) => return Ok(items.iter().map(lenient_error).collect()),
            Some(errs) => return decode(provider, op, resp, errs.clone()),
        }
    }
    Ok(Vec::new())
}

/// One `validation_errors` entry: Meta's shape, or — from a provider that words it otherwise
/// (a plain string, an object with other keys) — its text kept as the message, never dropped.
fn lenient_error(item: &Value) -> ValidationError {
    if let Ok(e) = serde_json::from_value::<ValidationError>(item.clone()) {
        return e;
    }
    let text = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
    let message = match item {
        Value::String(s) => s.clone(),
        _ => text("message").unwrap_or_else(|| item.to_string()),
    };
    let error = text("error")
        .or_else(|| text("code"))
        .unwrap_or_else(|| "PROVIDER_VALIDATION_ERROR".into());
    ValidationError {
        error,
        error_type: flow_model::ERROR_TYPE_FLOW_JSON.to_owned(),
        message,
        line_start: None,
        line_end: None,
        column_start: None,
        column_end: None,
        pointers: text("path")
            .map(|path| flow_model::Pointer {
                path,
                line_start: None,
                line_end: None,
                column_start: None,
                column_end: None,
            })
            .into_iter()
            .collect(),
    }
}

/// A list answer: `{"data": [...], "paging": ...}` or a bare array.
pub(crate) fn page_of<T: DeserializeOwned>(
    provider: Provider,
    op: &'static str,
    resp: &Resp,
    v: Value,
) -> Result<Page<T>, ApiError> {
    match v {
        Value::Array(_) => Ok(Page {
            data: decode(provider, op, resp, v)?,
            paging: None,
        }),
        other => decode(provider, op, resp, other),
    }
}

/// Upload limit of the Flow JSON asset (10 MB, every provider).
const MAX_FLOW_JSON_BYTES: usize = 10 * 1024 * 1024;

/// For providers whose send carries only a screen (Dreams, Jelou): the navigate screen, or
/// `Unsupported` for draft mode, a flow token, data exchange or screen data.
pub(crate) fn plain_navigate_screen(provider: Provider, msg: &SendFlow) -> Result<&str, ApiError> {
    if msg.mode == SendMode::Draft {
        return Err(unsupported(provider, "send_flow with mode draft"));
    }
    if msg.flow_token.is_some() {
        return Err(unsupported(provider, "send_flow with a flow_token"));
    }
    match &msg.action {
        FlowAction::DataExchange => Err(unsupported(provider, "send_flow with data_exchange")),
        FlowAction::Navigate { data: Some(_), .. } => {
            Err(unsupported(provider, "send_flow with screen data"))
        }
        FlowAction::Navigate { screen, data: None } => Ok(screen),
    }
}

/// Requires a non-empty Flow JSON text that parses as a JSON object, before it is uploaded.
pub(crate) fn check_flow_json(json: &str) -> Result<(), ApiError> {
    if json.len() > MAX_FLOW_JSON_BYTES {
        return Err(ApiError::InvalidRequest(format!(
            "the Flow JSON is {} bytes; the limit is 10 MB",
            json.len()
        )));
    }
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(_)) => Ok(()),
        Ok(_) => Err(ApiError::InvalidRequest(
            "the Flow JSON must be a JSON object".into(),
        )),
        Err(e) => Err(ApiError::InvalidRequest(format!(
            "the Flow JSON does not parse: {e}"
        ))),
    }
}

/// The create body: `name`, `categories` (when any), `flow_json`, `publish` (when true),
/// `clone_flow_id`, `endpoint_uri` — each provider first refuses the fields it cannot take.
pub(crate) fn create_body(req: &CreateFlow) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("name".into(), req.name.as_str().into());
    if !req.categories.is_empty() {
        body.insert("categories".into(), categories_json(&req.categories));
    }
    if let Some(j) = &req.flow_json {
        body.insert("flow_json".into(), j.as_str().into());
    }
    if req.publish {
        body.insert("publish".into(), true.into());
    }
    if let Some(c) = &req.clone_flow_id {
        body.insert("clone_flow_id".into(), c.as_str().into());
    }
    if let Some(e) = &req.endpoint_uri {
        body.insert("endpoint_uri".into(), e.as_str().into());
    }
    body
}

/// `name` and categories sanity shared by create calls.
pub(crate) fn check_create(req: &CreateFlow, categories_required: bool) -> Result<(), ApiError> {
    if req.name.trim().is_empty() {
        return Err(ApiError::InvalidRequest(
            "a flow needs a non-empty name".into(),
        ));
    }
    if categories_required && req.categories.is_empty() {
        return Err(ApiError::InvalidRequest(
            "a flow needs at least one category".into(),
        ));
    }
    if req.publish && req.flow_json.is_none() {
        return Err(ApiError::InvalidRequest(
            "publish at creation needs flow_json".into(),
        ));
    }
    if let Some(j) = &req.flow_json {
        check_flow_json(j)?;
    }
    Ok(())
}

/// Fetches the FLOW_JSON asset through its temporary download URL (Meta, Turn.io).
pub(crate) async fn download_via_assets(
    t: &Transport,
    assets: Vec<FlowAsset>,
) -> Result<String, ApiError> {
    let provider = t.provider;
    let asset = assets
        .into_iter()
        .find(|a| a.asset_type == "FLOW_JSON" && !a.download_url.is_empty())
        .ok_or_else(|| {
            ApiError::InvalidRequest("the flow has no FLOW_JSON asset with a download URL".into())
        })?;
    let resp = t
        .download("download_flow_json", &asset.download_url)
        .await?;
    if !resp.is_success() {
        return Err(ApiError::Http {
            provider,
            status: resp.status,
            raw: resp.text(),
        });
    }
    String::from_utf8(resp.body.to_vec())
        .map_err(|e| resp.decode_error(provider, "download_flow_json", e.to_string()))
}
