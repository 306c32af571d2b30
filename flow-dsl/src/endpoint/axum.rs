//! axum integration (feature `axum`).
//!
//! The handler reads the raw body (the signature covers the exact bytes), verifies
//! `X-Hub-Signature-256`, decrypts, dispatches, encrypts and answers `text/plain` with the
//! status codes of §H.4 of the spec.

use std::sync::Arc;

use ::axum::Router;
use ::axum::body::Bytes;
use ::axum::extract::State;
use ::axum::http::{HeaderMap, StatusCode, header};
use ::axum::response::{IntoResponse, Response};
use ::axum::routing::post;

use super::dispatch::{Endpoint, EndpointReply};
use crate::webhook::SIGNATURE_HEADER;

/// A router serving `endpoint` on `POST /`; nest or merge it to mount it elsewhere.
///
/// ```no_run
/// use flow_dsl::endpoint::{Endpoint, FlowPrivateKey, FlowRequest, FlowResponse};
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let key = FlowPrivateKey::from_pem(&std::fs::read_to_string("private_key.pem")?)?;
/// let endpoint = Endpoint::builder(key)
///     .app_secret(std::env::var("META_APP_SECRET")?)
///     .on_init(|_req: FlowRequest| async { Ok(FlowResponse::next_screen("WELCOME")) })
///     .build()?;
/// let app = axum::Router::new().nest("/flow", flow_dsl::endpoint::axum::router(endpoint));
/// let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
/// axum::serve(listener, app).await?;
/// # Ok(()) }
/// ```
pub fn router(endpoint: Endpoint) -> Router {
    Router::new()
        .route("/", post(handle))
        .with_state(Arc::new(endpoint))
}

/// The axum handler behind [`router`], for mounting with your own `Router`:
/// `.route("/flow", post(handle)).with_state(Arc::new(endpoint))`.
pub async fn handle(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    into_response(endpoint.handle(&body, signature).await)
}

fn into_response(reply: EndpointReply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, reply.content_type)],
        reply.body,
    )
        .into_response()
}
