//! Flow objects as Graph returns them, with field selection, and Graph-style timestamps.

use serde_json::{Map, Value, json};

use super::GraphError;
use super::error::CODE_METRICS_THRESHOLD;
use super::fields::Field;
use super::state::{FlowRecord, FlowStatus, SandboxState};
use super::validate::JsonFacts;

/// The fields `GET /{FLOW_ID}` and `GET /{WABA_ID}/flows` return when none are asked for.
pub(crate) const DEFAULT_FIELDS: [&str; 5] =
    ["id", "name", "status", "categories", "validation_errors"];

/// Renders one flow with the requested fields. `preview` and `metric` need the mutable state and
/// the base URL, so rendering happens under the state lock.
pub(crate) fn render_flow(
    state: &mut SandboxState,
    id: &str,
    fields: &[Field],
    base_url: &str,
    now: u64,
) -> Result<Value, GraphError> {
    let mut out = Map::new();
    out.insert("id".into(), json!(id));
    // Parsed at most once per flow, and only when a field needs it.
    let mut facts: Option<JsonFacts> = None;
    for field in fields {
        let flow = state
            .flow(id)
            .ok_or_else(|| GraphError::unknown_object("GET", id))?;
        let value = match field.name.as_str() {
            "id" => continue,
            "name" => json!(flow.name),
            "status" => json!(flow.status.as_str()),
            "categories" => json!(flow.categories),
            "validation_errors" => json!(flow.validation_errors),
            "json_version" => match &facts.get_or_insert_with(|| flow.facts()).version {
                Some(v) => json!(v),
                None => continue,
            },
            "data_api_version" => {
                match &facts.get_or_insert_with(|| flow.facts()).data_api_version {
                    Some(v) => json!(v),
                    None => continue,
                }
            }
            "endpoint_uri" => match &flow.endpoint_uri {
                Some(v) => json!(v),
                None => continue,
            },
            "application" => match &flow.application_id {
                Some(v) => json!({ "id": v }),
                None => continue,
            },
            "whatsapp_business_account" => json!({ "id": flow.waba_id }),
            "updated_at" => json!(graph_time(flow.updated_at)),
            "health_status" => health_status(flow),
            "preview" => {
                let invalidate = match field.modifier("invalidate") {
                    None | Some("false") => false,
                    Some("true") => true,
                    Some(other) => {
                        return Err(GraphError::invalid_parameter(format!(
                            "preview.invalidate expects true or false, got '{other}'."
                        )));
                    }
                };
                let p = state
                    .preview(id, invalidate, now)
                    .ok_or_else(|| GraphError::unknown_object("GET", id))?;
                json!({
                    "preview_url": format!("{base_url}/sandbox/preview/{id}?token={}", p.token),
                    "expires_at": graph_time(p.expires_at),
                })
            }
            "metric" => {
                return Err(GraphError::flow(
                    CODE_METRICS_THRESHOLD,
                    "Metrics threshold not reached",
                    "Metrics need at least 250 endpoint requests; the sandbox has not seen any.",
                ));
            }
            other => {
                return Err(GraphError::invalid_parameter(format!(
                    "Tried accessing nonexisting field ({other}) on node type (WhatsAppBusinessFlow)"
                )));
            }
        };
        out.insert(field.name.clone(), value);
    }
    Ok(Value::Object(out))
}

/// Spec §G.1 `health_status`: BLOCKED when deprecated, blocked or not publishable, LIMITED when
/// throttled, AVAILABLE otherwise.
fn health_status(flow: &FlowRecord) -> Value {
    let (can_send, errors) = match flow.status {
        FlowStatus::Throttled => ("LIMITED", vec![]),
        FlowStatus::Blocked | FlowStatus::Deprecated => (
            "BLOCKED",
            vec![json!({
                "error_code": 139002,
                "error_description": format!("The flow is {}.", flow.status.as_str()),
                "possible_solution": "Create or clone a new flow.",
            })],
        ),
        FlowStatus::Draft => match flow.publish_blocker() {
            Some(why) => (
                "BLOCKED",
                vec![json!({
                    "error_code": 139002,
                    "error_description": why,
                    "possible_solution": "Fix the flow and publish it.",
                })],
            ),
            None => ("AVAILABLE", vec![]),
        },
        FlowStatus::Published => ("AVAILABLE", vec![]),
    };
    json!({
        "can_send_message": can_send,
        "entities": [
            { "entity_type": "FLOW", "id": flow.id, "can_send_message": can_send, "errors": errors },
            { "entity_type": "WABA", "id": flow.waba_id, "can_send_message": "AVAILABLE" },
        ],
    })
}

/// Unix seconds as Graph prints times: `2024-03-01T12:00:00+0000`.
pub(crate) fn graph_time(unix: u64) -> String {
    let days = i64::try_from(unix / 86_400).unwrap_or(i64::MAX / 2);
    let secs = unix % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+0000",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Seconds since the Unix epoch.
pub(crate) fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_time_format() {
        assert_eq!(graph_time(0), "1970-01-01T00:00:00+0000");
        assert_eq!(graph_time(1_709_294_400), "2024-03-01T12:00:00+0000");
        assert_eq!(graph_time(951_782_400), "2000-02-29T00:00:00+0000");
    }
}
