//! Graph API errors as the sandbox returns them: `{"error":{"message","type","code",
//! "error_subcode","error_user_title","error_user_msg","is_transient","fbtrace_id"}}` (spec §G.0).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// Graph error code for an invalid parameter or an unknown object (spec §G.4).
pub const CODE_INVALID_PARAMETER: u32 = 100;
/// Graph error code for an invalid or missing access token.
pub const CODE_INVALID_TOKEN: u32 = 190;
/// Graph error code for an unknown path.
pub const CODE_UNKNOWN_PATH: u32 = 2500;
/// Graph error code for "too many calls to this WhatsApp Business account" (rate limit).
pub const CODE_RATE_LIMIT: u32 = 80007;
/// Graph error code for "an unexpected error has occurred" (injected 5xx).
pub const CODE_UNKNOWN_ERROR: u32 = 1;
/// Flow can't be updated (spec §G.4).
pub const CODE_CANNOT_UPDATE: u32 = 139001;
/// Publishing failed (spec §G.4).
pub const CODE_PUBLISH_FAILED: u32 = 139002;
/// Cannot deprecate an unpublished or already deprecated flow (spec §G.4).
pub const CODE_CANNOT_DEPRECATE: u32 = 139003;
/// Cannot delete a flow that is not a never-published draft (spec §G.4).
pub const CODE_CANNOT_DELETE: u32 = 139004;
/// Metrics threshold not reached (spec §G.9).
pub const CODE_METRICS_THRESHOLD: u32 = 139006;

/// A Graph API error, turned into an HTTP response with a fresh `fbtrace_id`.
///
/// ```
/// use flow_dsl::sandbox::GraphError;
/// let e = GraphError::invalid_parameter("Param name must be non-empty.");
/// assert_eq!(e.code, 100);
/// assert_eq!(e.http_status, 400);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphError {
    /// HTTP status of the response.
    pub http_status: u16,
    /// `error.message`.
    pub message: String,
    /// `error.type`, e.g. `OAuthException`.
    pub kind: &'static str,
    /// `error.code`.
    pub code: u32,
    /// `error.error_subcode`, when Graph gives one.
    pub subcode: Option<u32>,
    /// `error.error_user_title`.
    pub user_title: Option<&'static str>,
    /// `error.error_user_msg`.
    pub user_msg: Option<String>,
    /// `error.is_transient`.
    pub is_transient: bool,
    /// Seconds for a `Retry-After` header (rate limits).
    pub retry_after: Option<u32>,
}

impl GraphError {
    fn new(http_status: u16, code: u32, message: impl Into<String>) -> Self {
        Self {
            http_status,
            message: message.into(),
            kind: "OAuthException",
            code,
            subcode: None,
            user_title: None,
            user_msg: None,
            is_transient: false,
            retry_after: None,
        }
    }

    /// Error 100 with Graph's `(#100) …` message style.
    pub fn invalid_parameter(detail: impl Into<String>) -> Self {
        Self::new(
            400,
            CODE_INVALID_PARAMETER,
            format!("(#100) {}", detail.into()),
        )
    }

    /// Error 100, subcode 33: the id is not an object of the right kind (unknown flow id).
    pub fn unknown_object(method: &str, id: &str) -> Self {
        let mut e = Self::new(
            400,
            CODE_INVALID_PARAMETER,
            format!(
                "Unsupported {} request. Object with ID '{id}' does not exist, cannot be loaded due \
                 to missing permissions, or does not support this operation.",
                method.to_ascii_lowercase()
            ),
        );
        e.kind = "GraphMethodException";
        e.subcode = Some(33);
        e
    }

    /// Error 2500 for a path the sandbox does not know.
    pub fn unknown_path(path: &str) -> Self {
        Self::new(
            400,
            CODE_UNKNOWN_PATH,
            format!("Unknown path components: {path}"),
        )
    }

    /// Error 190 for a missing or rejected access token.
    pub fn invalid_token(message: impl Into<String>) -> Self {
        Self::new(401, CODE_INVALID_TOKEN, message)
    }

    /// A flows error (139001–139006) with a short message and a user-facing explanation.
    pub fn flow(code: u32, title: &'static str, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        let mut e = Self::new(400, code, title.to_owned());
        e.user_title = Some(title);
        e.user_msg = Some(detail);
        e
    }

    /// Error 100 with a user title and message, the way Graph reports a duplicate flow name.
    pub fn invalid_parameter_user(title: &'static str, detail: impl Into<String>) -> Self {
        let mut e = Self::new(400, CODE_INVALID_PARAMETER, "Invalid parameter");
        e.user_title = Some(title);
        e.user_msg = Some(detail.into());
        e
    }

    /// HTTP 429 with `Retry-After` and a Graph rate-limit error: `code` 80007 (WABA), 4
    /// (application) or 130429 (throughput) get Meta's messages, others a generic one.
    pub fn rate_limited(code: u32, retry_after_secs: u64) -> Self {
        let message = match code {
            4 => "(#4) Application request limit reached".to_owned(),
            CODE_RATE_LIMIT => "(#80007) There have been too many calls to this WhatsApp Business \
                                account. Wait a bit and try again."
                .to_owned(),
            130_429 => "(#130429) Rate limit hit".to_owned(),
            other => format!("(#{other}) Rate limit reached"),
        };
        let mut e = Self::new(429, code, message);
        e.is_transient = true;
        e.retry_after = Some(u32::try_from(retry_after_secs).unwrap_or(u32::MAX));
        e
    }

    /// An injected server error with the given 5xx status.
    pub fn server_error(http_status: u16) -> Self {
        let mut e = Self::new(http_status, CODE_UNKNOWN_ERROR, "An unknown error occurred");
        e.is_transient = true;
        e
    }

    /// The state file could not be written, so the change was not made.
    pub fn state_not_saved(detail: impl std::fmt::Display) -> Self {
        Self::new(
            500,
            CODE_UNKNOWN_ERROR,
            format!("The sandbox could not save its state, nothing was changed: {detail}"),
        )
    }

    /// The JSON envelope, with the given trace id.
    pub fn to_json(&self, fbtrace_id: &str) -> Value {
        let mut inner = Map::new();
        inner.insert("message".into(), json!(self.message));
        inner.insert("type".into(), json!(self.kind));
        inner.insert("code".into(), json!(self.code));
        if let Some(s) = self.subcode {
            inner.insert("error_subcode".into(), json!(s));
        }
        inner.insert("is_transient".into(), json!(self.is_transient));
        if let Some(t) = &self.user_title {
            inner.insert("error_user_title".into(), json!(t));
        }
        if let Some(m) = &self.user_msg {
            inner.insert("error_user_msg".into(), json!(m));
        }
        inner.insert("fbtrace_id".into(), json!(fbtrace_id));
        json!({ "error": inner })
    }
}

impl std::fmt::Display for GraphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Graph error {}: {}", self.code, self.message)?;
        if let Some(m) = &self.user_msg {
            write!(f, " ({m})")?;
        }
        Ok(())
    }
}

impl std::error::Error for GraphError {}

/// A random Graph-looking trace id such as `AbC12dEf3Gh`.
pub(crate) fn fbtrace_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..11)
        .map(|_| char::from(ALPHABET[fastrand::usize(..ALPHABET.len())]))
        .collect()
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.http_status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut resp = (status, axum::Json(self.to_json(&fbtrace_id()))).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.code == CODE_INVALID_TOKEN {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("OAuth \"Facebook Platform\" \"invalid_token\""),
            );
        }
        resp
    }
}
