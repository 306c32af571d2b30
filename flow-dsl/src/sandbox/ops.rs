//! One function per Graph operation: parameter checks, then a call into the state.

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Value, json};

use super::fields::{Field, parse_fields};
use super::params::{BodyKind, Params};
use super::render::{DEFAULT_FIELDS, now_unix, render_flow};
use super::state::{MetadataUpdate, NewFlow};
use super::{App, FlowStatus, GraphError};
use flow_model::table::{CATEGORIES, category_spec};

/// Largest flow.json (spec §G.1).
const MAX_FLOW_JSON: usize = 10 * 1024 * 1024;
/// `GET /{WABA_ID}/flows` page size when `limit` is absent, and the largest allowed.
const DEFAULT_LIMIT: usize = 25;
const MAX_LIMIT: usize = 1000;

/// `{"success":true}`.
pub(crate) fn success() -> Value {
    json!({ "success": true })
}

fn require_text(params: &Params, name: &str) -> Result<String, GraphError> {
    match params.text(name)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(GraphError::invalid_parameter(format!(
            "The parameter {name} is required"
        ))),
    }
}

fn categories(params: &Params, required: bool) -> Result<Option<Vec<String>>, GraphError> {
    let Some(list) = params.list("categories")? else {
        return if required {
            Err(GraphError::invalid_parameter(
                "The parameter categories is required",
            ))
        } else {
            Ok(None)
        };
    };
    if list.is_empty() {
        return Err(GraphError::invalid_parameter(
            "Param categories must have at least 1 item.",
        ));
    }
    for (i, c) in list.iter().enumerate() {
        // Every category of the table, SHOPPING (AWS only) included: the sandbox is lenient
        // where Meta's answer is UNCONFIRMED.
        if category_spec(c).is_none() {
            let names: Vec<&str> = CATEGORIES.iter().map(|c| c.name).collect();
            return Err(GraphError::invalid_parameter(format!(
                "Param categories[{i}] must be one of {{{}}}, got '{c}'.",
                names.join(", ")
            )));
        }
    }
    Ok(Some(list))
}

/// `endpoint_uri` must be an https URL (plain http is accepted for loopback hosts only).
fn endpoint_uri(params: &Params) -> Result<Option<String>, GraphError> {
    let Some(raw) = params.text("endpoint_uri")? else {
        return Ok(None);
    };
    let ok = url::Url::parse(&raw).is_ok_and(|u| match u.scheme() {
        "https" => u.host().is_some(),
        "http" => matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]")),
        _ => false,
    });
    if !ok {
        return Err(GraphError::invalid_parameter(format!(
            "Invalid endpoint URI '{raw}': it must be an https:// URL."
        )));
    }
    Ok(Some(raw))
}

fn not_a_flow(app: &App, id: &str, method: &str) -> Result<(), GraphError> {
    if app.read(|s| s.is_flow_id(id)) {
        return Err(GraphError::unknown_object(method, id));
    }
    Ok(())
}

fn must_be_flow(app: &App, id: &str, method: &str) -> Result<(), GraphError> {
    if !app.read(|s| s.is_flow_id(id)) {
        return Err(GraphError::unknown_object(method, id));
    }
    Ok(())
}

pub(crate) fn create_flow(app: &App, waba: &str, params: &Params) -> Result<Value, GraphError> {
    not_a_flow(app, waba, "POST")?;
    let name = require_text(params, "name")?;
    let categories = categories(params, true)?.unwrap_or_default();
    let clone_flow_id = params.text("clone_flow_id")?;
    if clone_flow_id.is_some() && params.has("clone_template") {
        return Err(GraphError::invalid_parameter(
            "clone_flow_id and clone_template can't be used together.",
        ));
    }
    let endpoint_uri = endpoint_uri(params)?;
    let publish = params.boolean("publish")?.unwrap_or(false);
    let flow_json = params.text("flow_json")?;
    let flow_json = flow_json.map(|text| {
        let errors = (app.validator)(&text);
        (text, errors)
    });
    let new = NewFlow {
        name,
        categories,
        flow_json,
        publish,
        clone_flow_id,
        endpoint_uri,
    };
    let had_json = new.flow_json.is_some();
    let flow = app.mutate(|s| s.create_flow(waba, new, now_unix()))?;
    Ok(if had_json {
        json!({ "id": flow.id, "success": true, "validation_errors": flow.validation_errors })
    } else {
        json!({ "id": flow.id })
    })
}

pub(crate) fn update_flow(app: &App, id: &str, params: &Params) -> Result<Value, GraphError> {
    must_be_flow(app, id, "POST")?;
    let name = match params.text("name")? {
        Some(n) if n.trim().is_empty() => {
            return Err(GraphError::invalid_parameter(
                "Param name must be non-empty.",
            ));
        }
        other => other,
    };
    let update = MetadataUpdate {
        name,
        categories: categories(params, false)?,
        endpoint_uri: endpoint_uri(params)?,
        application_id: params.text("application_id")?,
    };
    app.mutate(|s| s.update_metadata(id, update, now_unix()))?;
    Ok(success())
}

pub(crate) fn upload_asset(app: &App, id: &str, params: &Params) -> Result<Value, GraphError> {
    must_be_flow(app, id, "POST")?;
    if params.kind != BodyKind::Multipart {
        return Err(GraphError::invalid_parameter(
            "Upload flow.json as multipart/form-data with the fields file, name=flow.json and \
             asset_type=FLOW_JSON.",
        ));
    }
    match params.text("asset_type")?.as_deref() {
        Some("FLOW_JSON") => {}
        Some(other) => {
            return Err(GraphError::invalid_parameter(format!(
                "Param asset_type must be FLOW_JSON, got '{other}'."
            )));
        }
        None => {
            return Err(GraphError::invalid_parameter(
                "The parameter asset_type is required",
            ));
        }
    }
    match params.text("name")?.as_deref() {
        Some("flow.json") => {}
        Some(other) => {
            return Err(GraphError::invalid_parameter(format!(
                "Param name must be flow.json, got '{other}'."
            )));
        }
        None => {
            return Err(GraphError::invalid_parameter(
                "The parameter name is required",
            ));
        }
    }
    let file = params.file("file").ok_or_else(|| {
        GraphError::invalid_parameter(
            "The parameter file is required (a file part holding flow.json)",
        )
    })?;
    if let Some(ct) = &file.content_type {
        let mime = ct.split(';').next().unwrap_or("").trim();
        if !mime.eq_ignore_ascii_case("application/json") {
            return Err(GraphError::invalid_parameter(format!(
                "The file must be sent as application/json, got '{mime}'."
            )));
        }
    }
    if file.data.len() > MAX_FLOW_JSON {
        return Err(GraphError::invalid_parameter(
            "The file is larger than the 10 MB limit.",
        ));
    }
    let text = String::from_utf8(file.data.clone())
        .map_err(|_| GraphError::invalid_parameter("The file must be UTF-8 encoded JSON."))?;
    let errors = (app.validator)(&text);
    let errors = app.mutate(|s| s.upload_json(id, text, errors, now_unix()))?;
    Ok(json!({ "success": true, "validation_errors": errors }))
}

pub(crate) fn list_assets(app: &App, id: &str) -> Result<Value, GraphError> {
    let has_json = app
        .read(|s| s.flow(id).map(|f| f.flow_json.is_some()))
        .ok_or_else(|| GraphError::unknown_object("GET", id))?;
    let data = if has_json {
        vec![json!({
            "name": "flow.json",
            "asset_type": "FLOW_JSON",
            "download_url": format!("{}/sandbox/assets/{id}/flow.json", app.base_url),
        })]
    } else {
        Vec::new()
    };
    let cursor = encode_cursor(id);
    Ok(json!({ "data": data, "paging": { "cursors": { "before": cursor, "after": cursor } } }))
}

pub(crate) fn download(app: &App, id: &str) -> Response {
    match app.read(|s| s.flow(id).and_then(|f| f.flow_json.clone())) {
        Some(text) => ([(header::CONTENT_TYPE, "application/json")], text).into_response(),
        None => (StatusCode::NOT_FOUND, "no flow.json for this flow").into_response(),
    }
}

pub(crate) fn preview_page(app: &App, id: &str, params: &Params) -> Response {
    let token = params.text("token").ok().flatten();
    let now = now_unix();
    let found = app.read(|s| {
        let f = s.flow(id)?;
        let p = f.preview.as_ref()?;
        (Some(&p.token) == token.as_ref() && p.expires_at > now).then(|| {
            (
                f.name.clone(),
                f.status.as_str(),
                f.flow_json.clone().unwrap_or_default(),
            )
        })
    });
    match found {
        Some((name, status, json)) => Html(format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>{n} (sandbox preview)</title>\
             </head><body><h1>{n}</h1><p>Status: {status}. This is the flow-dsl sandbox: it shows \
             the Flow JSON, it does not render the flow.</p><pre>{j}</pre></body></html>",
            n = html_escape(&name),
            j = html_escape(&json),
        ))
        .into_response(),
        None => (StatusCode::NOT_FOUND, "preview link unknown or expired").into_response(),
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn requested_fields(params: &Params) -> Result<Vec<Field>, GraphError> {
    match params.text("fields")? {
        Some(raw) if !raw.trim().is_empty() => parse_fields(&raw),
        _ => Ok(DEFAULT_FIELDS
            .iter()
            .map(|n| Field {
                name: (*n).to_owned(),
                modifiers: Vec::new(),
            })
            .collect()),
    }
}

pub(crate) fn get_flow(app: &App, id: &str, params: &Params) -> Result<Value, GraphError> {
    must_be_flow(app, id, "GET")?;
    let fields = requested_fields(params)?;
    let base = app.base_url.clone();
    if fields.iter().any(|f| f.name == "preview") {
        app.mutate(|s| render_flow(s, id, &fields, &base, now_unix()))
    } else {
        app.inspect_mut(|s| render_flow(s, id, &fields, &base, now_unix()))
    }
}

/// Cursors are the hex of a flow id: opaque enough, stable across deletions.
fn encode_cursor(id: &str) -> String {
    id.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_cursor(c: &str) -> Result<String, GraphError> {
    let bad = || GraphError::invalid_parameter(format!("Invalid cursor '{c}'."));
    if !c.len().is_multiple_of(2) || c.is_empty() {
        return Err(bad());
    }
    let bytes = (0..c.len())
        .step_by(2)
        .map(|i| c.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(bad)?;
    String::from_utf8(bytes).map_err(|_| bad())
}

/// Where a page of `GET /{WABA_ID}/flows` sits in the whole list.
struct Page {
    first: Option<String>,
    last: Option<String>,
    more_before: bool,
    more_after: bool,
}

pub(crate) fn list_flows(
    app: &App,
    waba: &str,
    path: &str,
    params: &Params,
) -> Result<Value, GraphError> {
    not_a_flow(app, waba, "GET")?;
    let limit = match params.text("limit")? {
        None => DEFAULT_LIMIT,
        Some(l) => match l.trim().parse::<usize>() {
            Ok(n) if n > 0 => n.min(MAX_LIMIT),
            _ => {
                return Err(GraphError::invalid_parameter(format!(
                    "Param limit must be a positive integer, got '{l}'."
                )));
            }
        },
    };
    let after = params
        .text("after")?
        .map(|c| decode_cursor(&c))
        .transpose()?;
    let before = params
        .text("before")?
        .map(|c| decode_cursor(&c))
        .transpose()?;
    let fields = requested_fields(params)?;
    let base = app.base_url.clone();
    // Page selection and rendering under one lock, so a concurrent delete can't break the page.
    let render_page = |s: &mut super::SandboxState| {
        let ids: Vec<String> = s.flows_of(waba).iter().map(|f| f.id.clone()).collect();
        // Newest first; ids grow with time, so "after" means smaller ids.
        let (start, end) = if let Some(a) = &after {
            let start = ids
                .iter()
                .position(|id| id.as_str() < a.as_str())
                .unwrap_or(ids.len());
            (start, (start + limit).min(ids.len()))
        } else if let Some(b) = &before {
            let end = ids
                .iter()
                .position(|id| id.as_str() <= b.as_str())
                .unwrap_or(ids.len());
            (end.saturating_sub(limit), end)
        } else {
            (0, limit.min(ids.len()))
        };
        let slice = &ids[start..end];
        let data = slice
            .iter()
            .map(|id| render_flow(s, id, &fields, &base, now_unix()))
            .collect::<Result<Vec<_>, _>>()?;
        let page = Page {
            first: slice.first().cloned(),
            last: slice.last().cloned(),
            more_before: start > 0,
            more_after: end < ids.len(),
        };
        Ok((data, page))
    };
    // Preview links are state worth saving; other fields are read-only.
    let (data, page) = if fields.iter().any(|f| f.name == "preview") {
        app.mutate(render_page)?
    } else {
        app.inspect_mut(render_page)?
    };
    let mut out = json!({ "data": data });
    if let (Some(first), Some(last)) = (&page.first, &page.last) {
        let mut paging = json!({
            "cursors": { "before": encode_cursor(first), "after": encode_cursor(last) }
        });
        let link = |key: &str, cursor: String| {
            let mut q = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in params.query_pairs() {
                if k != "after" && k != "before" {
                    q.append_pair(k, v);
                }
            }
            q.append_pair(key, &cursor);
            format!("{}{path}?{}", app.base_url, q.finish())
        };
        if page.more_after {
            paging["next"] = json!(link("after", encode_cursor(last)));
        }
        if page.more_before {
            paging["previous"] = json!(link("before", encode_cursor(first)));
        }
        out["paging"] = paging;
    }
    Ok(out)
}

pub(crate) fn migrate(app: &App, dest: &str, params: &Params) -> Result<Value, GraphError> {
    not_a_flow(app, dest, "POST")?;
    let source = require_text(params, "source_waba_id")?;
    let names = params.list("source_flow_names")?;
    if names.as_ref().is_some_and(|n| n.len() > 100) {
        return Err(GraphError::invalid_parameter(
            "Param source_flow_names can hold at most 100 flow names.",
        ));
    }
    if source == dest {
        return Err(GraphError::invalid_parameter(
            "source_waba_id must be different from the destination WABA.",
        ));
    }
    let (migrated, failed) =
        app.mutate(|s| Ok(s.migrate(dest, &source, names.as_deref(), now_unix())))?;
    Ok(json!({ "migrated_flows": migrated, "failed_flows": failed }))
}

pub(crate) fn get_key(app: &App, phone: &str) -> Result<Value, GraphError> {
    not_a_flow(app, phone, "GET")?;
    let key = app.read(|s| s.encryption_keys.get(phone).cloned());
    match key {
        Some(k) => Ok(json!({
            "business_public_key": k,
            "business_public_key_signature_status": "VALID",
        })),
        None => Err(GraphError::invalid_parameter(format!(
            "No business public key has been set for phone number {phone}."
        ))),
    }
}

pub(crate) fn set_key(app: &App, phone: &str, params: &Params) -> Result<Value, GraphError> {
    not_a_flow(app, phone, "POST")?;
    let key = require_text(params, "business_public_key")?;
    let trimmed = key.trim();
    if !(trimmed.starts_with("-----BEGIN PUBLIC KEY-----")
        && trimmed.ends_with("-----END PUBLIC KEY-----"))
    {
        return Err(GraphError::invalid_parameter(
            "business_public_key must be a PEM public key (-----BEGIN PUBLIC KEY----- …).",
        ));
    }
    app.mutate(|s| {
        s.encryption_keys.insert(phone.to_owned(), key.clone());
        Ok(())
    })?;
    Ok(success())
}

/// `POST /{PHONE_NUMBER_ID}/messages`: checks the envelope and, for flow messages, that the flow
/// exists and can be sent in the requested mode; records the message.
pub(crate) fn send_message(
    app: &App,
    phone: &str,
    params: &Params,
    body: &[u8],
) -> Result<Value, GraphError> {
    not_a_flow(app, phone, "POST")?;
    if params.kind != BodyKind::Json {
        return Err(GraphError::invalid_parameter(
            "Send messages as a JSON body.",
        ));
    }
    let body: Value = serde_json::from_slice(body)
        .map_err(|e| GraphError::invalid_parameter(format!("Invalid JSON body: {e}")))?;
    if body["messaging_product"] != "whatsapp" {
        return Err(GraphError::invalid_parameter(
            "The parameter messaging_product is required and must be 'whatsapp'",
        ));
    }
    let to = body["to"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| GraphError::invalid_parameter("The parameter to is required"))?
        .to_owned();
    if body["type"] == "interactive" && body["interactive"]["type"] == "flow" {
        check_flow_message(app, &body["interactive"]["action"]["parameters"])?;
    }
    let id = app.mutate(|s| Ok(s.record_message(phone, &to, body.clone())))?;
    Ok(json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "input": to, "wa_id": to }],
        "messages": [{ "id": id }],
    }))
}

fn check_flow_message(app: &App, p: &Value) -> Result<(), GraphError> {
    let bad = |m: &str| Err(GraphError::invalid_parameter(m.to_owned()));
    if p["flow_message_version"].as_str() != Some("3") {
        return bad("flow_message_version is required and must be \"3\".");
    }
    if p["flow_cta"].as_str().is_none_or(str::is_empty) {
        return bad("flow_cta is required.");
    }
    let mode = p["mode"].as_str().unwrap_or("published");
    if mode != "published" && mode != "draft" {
        return bad("mode must be 'published' or 'draft'.");
    }
    let flow = match (p["flow_id"].as_str(), p["flow_name"].as_str()) {
        (Some(id), None) => app.read(|s| s.flow(id).cloned()),
        (None, Some(name)) => app.read(|s| s.flows.values().find(|f| f.name == name).cloned()),
        _ => return bad("Exactly one of flow_id and flow_name is required."),
    };
    let Some(flow) = flow else {
        return bad("The flow does not exist.");
    };
    if flow.status == FlowStatus::Blocked {
        return Err(GraphError::flow(
            132_068,
            "Flow is blocked",
            "The flow is blocked and can't be sent.",
        ));
    }
    let sendable = match mode {
        "draft" => flow.flow_json.is_some(),
        _ => flow.published_json.is_some() && flow.status != FlowStatus::Deprecated,
    };
    if !sendable {
        return bad(&format!(
            "The flow can't be sent in {mode} mode: it is {} and has {} published version.",
            flow.status.as_str(),
            if flow.published_json.is_some() {
                "a"
            } else {
                "no"
            }
        ));
    }
    // Since 2024-06 Meta checks at send time that a navigate opens an entry screen (spec
    // §G.5); the graph is flow-model's.
    let navigate = p["flow_action"].as_str().unwrap_or("navigate") == "navigate";
    let sent = match mode {
        "draft" => flow.flow_json.as_deref(),
        _ => flow.published_json.as_deref(),
    };
    if let (true, Some(screen), Some(text)) =
        (navigate, p["flow_action_payload"]["screen"].as_str(), sent)
        && let Ok(doc) = flow_model::FlowJson::from_str(text)
    {
        let entries = doc.entry_screens();
        if !entries.contains(&screen) {
            return bad(&format!(
                "flow_action_payload.screen '{screen}' is not an entry screen of the flow; entry screens: {}.",
                entries.join(", ")
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        assert_eq!(
            decode_cursor(&encode_cursor("1000000000000001")).unwrap(),
            "1000000000000001"
        );
        for bad in ["", "a", "zz", "ff"] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }
}
