//! `/_sandbox/…` control routes: state, request log, faults and system status changes.

use axum::Json;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{App, Faults, FlowStatus};

/// `/_sandbox/…` control routes: no faults, not logged, and no auth unless the sandbox has a
/// fixed token ([`super::Auth::Token`]), which they then require like the API.
pub(crate) async fn control(
    app: &App,
    method: &Method,
    rest: &str,
    req: Request<Body>,
) -> Response {
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let bad = |m: String| (StatusCode::BAD_REQUEST, Json(json!({ "error": m }))).into_response();
    match (method.as_str(), segs.as_slice()) {
        ("GET", ["state"]) => Json(app.read(Clone::clone)).into_response(),
        ("GET", ["requests"]) => Json(app.requests()).into_response(),
        ("DELETE", ["requests"]) => {
            app.clear_requests();
            StatusCode::NO_CONTENT.into_response()
        }
        ("GET", ["faults"]) => Json(app.lock_faults().current()).into_response(),
        ("DELETE", ["faults"]) => {
            app.lock_faults().set(Faults::default());
            StatusCode::NO_CONTENT.into_response()
        }
        ("PUT", ["faults"]) => {
            let body = match axum::body::to_bytes(req.into_body(), 1024 * 1024).await {
                Ok(b) => b,
                Err(e) => return bad(format!("cannot read body: {e}")),
            };
            let faults: Faults = match serde_json::from_slice(&body) {
                Ok(f) => f,
                Err(e) => return bad(format!("not a faults object: {e}")),
            };
            match app.set_faults(faults) {
                Ok(()) => Json(app.lock_faults().current()).into_response(),
                Err(e) => bad(e.to_string()),
            }
        }
        ("PUT", ["flows", id, "status"]) => {
            let body = match axum::body::to_bytes(req.into_body(), 64 * 1024).await {
                Ok(b) => b,
                Err(e) => return bad(format!("cannot read body: {e}")),
            };
            let status: FlowStatus =
                match serde_json::from_slice::<Value>(&body)
                    .ok()
                    .and_then(|v| serde_json::from_value(v["status"].clone()).ok())
                {
                    Some(s) => s,
                    None => return bad(
                        "expected {\"status\": \"DRAFT|PUBLISHED|DEPRECATED|BLOCKED|THROTTLED\"}"
                            .into(),
                    ),
                };
            match app.set_status(id, status) {
                Ok(true) => StatusCode::NO_CONTENT.into_response(),
                Ok(false) => (
                    StatusCode::NOT_FOUND,
                    Json(json!({ "error": "unknown flow id" })),
                )
                    .into_response(),
                Err(e) => (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({ "error": e.message })),
                )
                    .into_response(),
            }
        }
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "unknown sandbox control route" })),
        )
            .into_response(),
    }
}
