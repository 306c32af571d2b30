//! Request dispatch: Graph paths (with or without a `/v{N}` prefix), fault injection, the request
//! log and authentication. The operations themselves are in `ops`, control routes in `control`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::conn::ConnKill;
use super::faults::Action;
use super::params::Params;
use super::render::now_unix;
use super::{App, Auth, Fault, GraphError, Operation, Outcome, RequestRecord};
use super::{control, ops};

/// Largest accepted request body: flow.json may be 10 MB, plus multipart overhead.
const MAX_BODY: usize = 10 * 1024 * 1024 + 64 * 1024;

/// A resolved route: the operation and the id in the path (WABA, flow or phone number id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    pub(crate) op: Operation,
    pub(crate) id: String,
}

/// Whether a path segment is a Graph version such as `v25.0` or `v9`.
fn is_version(seg: &str) -> bool {
    let Some(rest) = seg.strip_prefix('v') else {
        return false;
    };
    let mut parts = rest.split('.');
    let major_ok = parts
        .next()
        .is_some_and(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()));
    let minor_ok = parts.all(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()));
    major_ok && minor_ok && rest.split('.').count() <= 2
}

/// Maps method and path to an operation. Ids are not checked here.
pub(crate) fn resolve(method: &Method, path: &str) -> Route {
    let mut segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segs.len() > 1 && is_version(segs[0]) {
        segs.remove(0);
    }
    let route = |op: Operation, id: &str| Route {
        op,
        id: id.to_owned(),
    };
    match (method.as_str(), segs.as_slice()) {
        ("GET", ["sandbox", "assets", id, "flow.json"]) => route(Operation::DownloadAsset, id),
        ("GET", ["sandbox", "preview", id]) => route(Operation::Preview, id),
        ("POST", [id, "flows"]) => route(Operation::CreateFlow, id),
        ("GET", [id, "flows"]) => route(Operation::ListFlows, id),
        ("POST", [id, "migrate_flows"]) => route(Operation::MigrateFlows, id),
        ("GET", [id, "whatsapp_business_encryption"]) => route(Operation::GetEncryptionKey, id),
        ("POST", [id, "whatsapp_business_encryption"]) => route(Operation::SetEncryptionKey, id),
        ("POST", [id, "messages"]) => route(Operation::SendMessage, id),
        ("GET", [id, "assets"]) => route(Operation::ListAssets, id),
        ("POST", [id, "assets"]) => route(Operation::UploadAsset, id),
        ("POST", [id, "publish"]) => route(Operation::Publish, id),
        ("POST", [id, "deprecate"]) => route(Operation::Deprecate, id),
        ("GET", [id]) => route(Operation::GetFlow, id),
        ("POST", [id]) => route(Operation::UpdateFlow, id),
        ("DELETE", [id]) => route(Operation::DeleteFlow, id),
        _ => route(Operation::Unknown, ""),
    }
}

/// The single axum handler: control routes, then faults, then the Graph operation.
pub(crate) async fn dispatch(
    State(app): State<Arc<App>>,
    ConnectInfo(conn): ConnectInfo<ConnKill>,
    req: Request,
) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    if let Some(rest) = path.strip_prefix("/_sandbox/") {
        // With a fixed token, the state (flows, public keys) and the faults are as private as
        // the API; without one, the sandbox is open by choice.
        if matches!(app.auth, Auth::Token(_))
            && let Err(e) = authenticate(&app.auth, req.headers(), query.as_deref())
        {
            return e.into_response();
        }
        return control::control(&app, &method, rest, req).await;
    }
    let route = resolve(&method, &path);
    let seq = app.next_seq();
    let decision = app.lock_faults().decide(route.op);
    let fault = decision.fault;
    let mut pending = PendingRecord {
        app: app.clone(),
        record: Some(RequestRecord {
            seq,
            method: method.to_string(),
            path: path.clone(),
            query: query.as_deref().map(redact_query),
            operation: route.op,
            status: None,
            outcome: Outcome::Cancelled,
            fault: (fault != Fault::Pass).then_some(fault),
        }),
    };
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    let response = match decision.action {
        Action::Handle => handle(&app, &route, &path, query.as_deref(), req).await,
        Action::Answer(error) => error.into_response(),
        Action::DropConnection => {
            pending.finish(None, Outcome::DroppedConnection);
            conn.kill();
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        Action::DropResponse => {
            let response = handle(&app, &route, &path, query.as_deref(), req).await;
            pending.finish(None, Outcome::DroppedResponse);
            conn.kill();
            return response;
        }
        Action::Stall(stall) => {
            let response = handle(&app, &route, &path, query.as_deref(), req).await;
            tokio::time::sleep(stall).await;
            response
        }
    };
    pending.finish(Some(response.status().as_u16()), Outcome::Responded);
    response
}

/// The query string with any `access_token` value replaced, so tokens never reach the log.
fn redact_query(q: &str) -> String {
    q.split('&')
        .map(|pair| {
            if pair.split('=').next() == Some("access_token") {
                "access_token=REDACTED"
            } else {
                pair
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Logs its request exactly once: when finished, or, if the client goes away first and hyper
/// drops the handler, on drop as [`Outcome::Cancelled`].
struct PendingRecord {
    app: Arc<App>,
    record: Option<RequestRecord>,
}

impl PendingRecord {
    fn finish(&mut self, status: Option<u16>, outcome: Outcome) {
        if let Some(mut record) = self.record.take() {
            record.status = status;
            record.outcome = outcome;
            self.app.log(record);
        }
    }
}

impl Drop for PendingRecord {
    fn drop(&mut self) {
        if let Some(record) = self.record.take() {
            self.app.log(record);
        }
    }
}

/// Authentication, body parsing and the operation itself.
async fn handle(
    app: &App,
    route: &Route,
    path: &str,
    query: Option<&str>,
    req: Request,
) -> Response {
    let public = matches!(route.op, Operation::DownloadAsset | Operation::Preview);
    if !public && let Err(e) = authenticate(&app.auth, req.headers(), query) {
        return e.into_response();
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match axum::body::to_bytes(req.into_body(), MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return GraphError::invalid_parameter(
                "The request body is too large or was cut short.",
            )
            .into_response();
        }
    };
    let params = match Params::parse(query, content_type.as_deref(), &body) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let id = route.id.as_str();
    let result = match route.op {
        Operation::CreateFlow => ops::create_flow(app, id, &params),
        Operation::ListFlows => ops::list_flows(app, id, path, &params),
        Operation::GetFlow => ops::get_flow(app, id, &params),
        Operation::UpdateFlow => ops::update_flow(app, id, &params),
        Operation::DeleteFlow => app.mutate(|s| s.delete(id)).map(|()| ops::success()),
        Operation::UploadAsset => ops::upload_asset(app, id, &params),
        Operation::ListAssets => ops::list_assets(app, id),
        Operation::Publish => app
            .mutate(|s| s.publish(id, now_unix()))
            .map(|()| ops::success()),
        Operation::Deprecate => app
            .mutate(|s| s.deprecate(id, now_unix()))
            .map(|()| ops::success()),
        Operation::MigrateFlows => ops::migrate(app, id, &params),
        Operation::GetEncryptionKey => ops::get_key(app, id),
        Operation::SetEncryptionKey => ops::set_key(app, id, &params),
        Operation::SendMessage => ops::send_message(app, id, &params, &body),
        Operation::DownloadAsset => return ops::download(app, id),
        Operation::Preview => return ops::preview_page(app, id, &params),
        Operation::Unknown => Err(GraphError::unknown_path(path)),
    };
    match result {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Checks the bearer token (header `Authorization: Bearer …` or `OAuth …`, or `access_token` in
/// the query). Token values never appear in errors.
pub(crate) fn authenticate(
    auth: &Auth,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Result<(), GraphError> {
    let expected = match auth {
        Auth::Disabled => return Ok(()),
        Auth::AnyToken => None,
        Auth::Token(t) => Some(t.as_str()),
    };
    let from_header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth"))
                .then(|| token.trim().to_owned())
        });
    let from_query = query.and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "access_token")
            .map(|(_, v)| v.into_owned())
    });
    let token = from_header.or(from_query).filter(|t| !t.is_empty());
    match (token, expected) {
        (None, _) => Err(GraphError::invalid_token(
            "An access token is required to request this resource. Send 'Authorization: Bearer <token>'.",
        )),
        (Some(got), Some(want)) if got != want => Err(GraphError::invalid_token(
            "Invalid OAuth access token - Cannot parse access token",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_routes() {
        assert!(
            is_version("v25.0")
                && is_version("v9")
                && !is_version("v1.2.3")
                && !is_version("v")
                && !is_version("123")
        );
        let post = Method::POST;
        assert_eq!(resolve(&post, "/v25.0/123/flows").op, Operation::CreateFlow);
        assert_eq!(resolve(&post, "/123/flows/").op, Operation::CreateFlow);
        assert_eq!(resolve(&Method::GET, "/v19.0/55").id, "55");
        assert_eq!(resolve(&Method::PUT, "/55").op, Operation::Unknown);
        assert_eq!(resolve(&Method::GET, "/a/b/c/d/e").op, Operation::Unknown);
    }

    #[test]
    fn tokens_are_redacted_from_logged_queries() {
        assert_eq!(
            redact_query("fields=name&access_token=secret&limit=2"),
            "fields=name&access_token=REDACTED&limit=2"
        );
        assert_eq!(redact_query("access_token"), "access_token=REDACTED");
        assert_eq!(redact_query("x=access_token"), "x=access_token");
    }

    #[test]
    fn auth_modes() {
        let mut h = HeaderMap::new();
        assert_eq!(
            authenticate(&Auth::AnyToken, &h, None).unwrap_err().code,
            190
        );
        assert!(authenticate(&Auth::Disabled, &h, None).is_ok());
        assert!(authenticate(&Auth::AnyToken, &h, Some("access_token=x")).is_ok());
        h.insert(header::AUTHORIZATION, "Bearer abc".parse().unwrap());
        assert!(authenticate(&Auth::AnyToken, &h, None).is_ok());
        assert!(authenticate(&Auth::Token("abc".into()), &h, None).is_ok());
        let e = authenticate(&Auth::Token("zzz".into()), &h, None).unwrap_err();
        assert!(!e.message.contains("abc"));
    }
}
