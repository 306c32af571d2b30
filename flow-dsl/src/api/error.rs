//! Typed errors of the Flows API client. Every error coming from an HTTP answer keeps its status
//! and raw body; none ever contains a credential.

use std::fmt;

use flow_model::ValidationError;
use serde::Deserialize;
use serde_json::Value;

use super::Provider;

/// Everything that can go wrong talking to a provider.
///
/// ```
/// use flow_dsl::api::{ApiError, GraphErrorKind};
/// let raw = r#"{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"fbtrace_id":"A"}}"#;
/// let err = ApiError::from_graph_body(401, raw).unwrap();
/// assert_eq!(err.graph_kind(), Some(GraphErrorKind::InvalidToken));
/// assert_eq!(err.status(), Some(401));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The provider has no such operation (or not with these options). Never a silent no-op.
    #[error("{provider} does not support {operation}")]
    Unsupported {
        /// The provider.
        provider: Provider,
        /// What was asked, e.g. `"migrate_flows"` or `"send_flow with mode draft"`.
        operation: String,
    },
    /// The request was refused before sending: missing or inconsistent parameters.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A base or download URL is plain `http://` to a non-loopback host.
    #[error(
        "refusing plain http:// to {url}: only https, or http to loopback (127.0.0.0/8, ::1, localhost)"
    )]
    InsecureUrl {
        /// The URL refused.
        url: String,
    },
    /// A URL could not be parsed or used as a base.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A Graph API error envelope (`{"error":{"code",...}}`), from Meta or relayed by a provider.
    #[error("{provider} API error (HTTP {status}): {error}")]
    Graph {
        /// Which provider answered.
        provider: Provider,
        /// HTTP status.
        status: u16,
        /// The parsed envelope.
        error: Box<GraphError>,
        /// The raw body.
        raw: String,
    },
    /// Turn.io's own error shapes: `error{code: "...", message, type}` or `errors[{title, details}]`.
    #[error("Turn.io error (HTTP {status}): {}", turn_summary(.code, .message, .errors))]
    Turn {
        /// HTTP status.
        status: u16,
        /// `error.code` (e.g. `feature_not_enabled`), when the `error{}` shape was used.
        code: Option<String>,
        /// `error.message`.
        message: Option<String>,
        /// The `errors[]` shape's entries.
        errors: Vec<TurnErrorItem>,
        /// The raw body.
        raw: String,
    },
    /// Dreams' envelope `{success: false, message, data}` or a non-2xx answer.
    #[error("Dreams error (HTTP {status}): {message}{}", count_errors(.validation_errors))]
    Dreams {
        /// HTTP status.
        status: u16,
        /// `message`.
        message: String,
        /// `data.validation_errors` / `data.validations_errors`, if any.
        validation_errors: Vec<ValidationError>,
        /// The raw body.
        raw: String,
    },
    /// The flow is not in the provider's list (providers without a per-flow GET).
    #[error("{provider}: no flow with id {flow_id}")]
    FlowNotFound {
        /// The provider.
        provider: Provider,
        /// The id looked for.
        flow_id: String,
    },
    /// A 2xx answer saying `success: false`.
    #[error("{provider} answered {operation} with success=false (HTTP {status})")]
    Unsuccessful {
        /// The provider.
        provider: Provider,
        /// The operation.
        operation: &'static str,
        /// HTTP status.
        status: u16,
        /// The raw body.
        raw: String,
    },
    /// A non-2xx answer whose body is not a known error shape.
    #[error("{provider} answered HTTP {status}")]
    Http {
        /// The provider.
        provider: Provider,
        /// HTTP status.
        status: u16,
        /// The raw body.
        raw: String,
    },
    /// A 2xx answer whose body could not be decoded.
    #[error("{provider}: cannot decode the answer to {operation} (HTTP {status}): {reason}")]
    Decode {
        /// The provider.
        provider: Provider,
        /// The operation.
        operation: &'static str,
        /// HTTP status.
        status: u16,
        /// What did not fit.
        reason: String,
        /// The raw body.
        raw: String,
    },
    /// Fetching an OAuth2 token failed (SERPRO).
    #[error("{provider}: token request failed (HTTP {status})")]
    Auth {
        /// The provider.
        provider: Provider,
        /// HTTP status.
        status: u16,
        /// The raw body.
        raw: String,
    },
    /// The request timed out (connect or total). After a non-idempotent call (create) the
    /// outcome is unknown: reconcile with [`FlowsClient::find_flow_by_name`](crate::api::FlowsClient::find_flow_by_name).
    #[error("{provider}: request timed out")]
    Timeout {
        /// The provider.
        provider: Provider,
    },
    /// A network-level failure (DNS, TLS, connection reset...).
    #[error("{provider}: transport error: {source}")]
    Transport {
        /// The provider.
        provider: Provider,
        /// The underlying error (its text carries the URL, never a credential).
        #[source]
        source: reqwest::Error,
    },
    /// The send request does not fit the flow definition at hand (entry screen, data).
    #[error("send check failed: {0}")]
    SendCheck(#[from] crate::api::check::SendCheckError),
    /// A redirect was not followed: to another origin while carrying credentials, from the
    /// OAuth token request, or too many. Plain `http://` off loopback gives
    /// [`ApiError::InsecureUrl`] instead.
    #[error("{provider}: refused to follow a redirect to {location}: {reason}")]
    RedirectRefused {
        /// The provider.
        provider: Provider,
        /// Where the redirect pointed (without userinfo or query).
        location: String,
        /// Why it was refused.
        reason: String,
    },
}

fn count_errors(errors: &[ValidationError]) -> String {
    match errors.len() {
        0 => String::new(),
        1 => " (1 validation error)".into(),
        n => format!(" ({n} validation errors)"),
    }
}

fn turn_summary(
    code: &Option<String>,
    message: &Option<String>,
    errors: &[TurnErrorItem],
) -> String {
    let mut parts = Vec::new();
    if let Some(c) = code {
        parts.push(c.clone());
    }
    if let Some(m) = message {
        parts.push(m.clone());
    }
    for e in errors {
        parts.push(match &e.details {
            Some(d) => format!("{}: {d}", e.title),
            None => e.title.clone(),
        });
    }
    parts.join("; ")
}

impl ApiError {
    /// HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Graph { status, .. }
            | Self::Turn { status, .. }
            | Self::Dreams { status, .. }
            | Self::Unsuccessful { status, .. }
            | Self::Http { status, .. }
            | Self::Decode { status, .. }
            | Self::Auth { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The Flow JSON validation errors a refusal carries (Dreams' `data.validation_errors` /
    /// `validations_errors`), in Meta's shape; empty for other errors.
    ///
    /// ```
    /// use flow_dsl::api::ApiError;
    /// let err = ApiError::InvalidRequest("x".into());
    /// assert!(err.validation_errors().is_empty());
    /// ```
    pub fn validation_errors(&self) -> &[ValidationError] {
        match self {
            Self::Dreams {
                validation_errors, ..
            } => validation_errors,
            _ => &[],
        }
    }

    /// The raw body of the answer, when there was one.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Self::Graph { raw, .. }
            | Self::Turn { raw, .. }
            | Self::Dreams { raw, .. }
            | Self::Unsuccessful { raw, .. }
            | Self::Http { raw, .. }
            | Self::Decode { raw, .. }
            | Self::Auth { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// The Graph error class, when the answer was a Graph envelope.
    pub fn graph_kind(&self) -> Option<GraphErrorKind> {
        match self {
            Self::Graph { error, .. } => Some(error.kind()),
            _ => None,
        }
    }

    /// Whether the request may or may not have taken effect: timeouts, transport failures and
    /// 5xx answers. After an ambiguous create, list flows by name before creating again.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Self::Timeout { .. } | Self::Transport { .. } => true,
            other => other.status().is_some_and(|s| s >= 500),
        }
    }

    /// Parses a Graph error envelope (`{"error":{...}}`) into [`ApiError::Graph`] for Meta.
    /// Returns `None` when the body is not such an envelope.
    pub fn from_graph_body(status: u16, raw: &str) -> Option<ApiError> {
        parse_graph_error(raw).map(|error| ApiError::Graph {
            provider: Provider::Meta,
            status,
            error,
            raw: raw.to_owned(),
        })
    }
}

/// The Graph error envelope's `error` object.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GraphError {
    /// `message`
    #[serde(default)]
    pub message: String,
    /// `type`, e.g. `OAuthException`.
    #[serde(default, rename = "type")]
    pub error_type: Option<String>,
    /// `code`, e.g. 100, 190, 139002.
    pub code: i64,
    /// `error_subcode`
    #[serde(default)]
    pub error_subcode: Option<i64>,
    /// `error_user_title`
    #[serde(default)]
    pub error_user_title: Option<String>,
    /// `error_user_msg`
    #[serde(default)]
    pub error_user_msg: Option<String>,
    /// `error_data`, as returned.
    #[serde(default)]
    pub error_data: Option<Value>,
    /// `is_transient`
    #[serde(default)]
    pub is_transient: Option<bool>,
    /// `fbtrace_id`
    #[serde(default)]
    pub fbtrace_id: Option<String>,
}

impl GraphError {
    /// The class of this error (spec §G.4).
    pub fn kind(&self) -> GraphErrorKind {
        GraphErrorKind::from_code(self.code)
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "code {}", self.code)?;
        if let Some(s) = self.error_subcode {
            write!(f, "/{s}")?;
        }
        write!(f, " ({:?}): {}", self.kind(), self.message)?;
        if let Some(m) = &self.error_user_msg {
            write!(f, " — {m}")?;
        }
        Ok(())
    }
}

/// Classes of Graph error codes the Flows API documents (spec §G.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GraphErrorKind {
    /// 100: invalid parameter (duplicate name, unknown flow id, bad version...).
    InvalidParameter,
    /// 190: invalid or expired access token.
    InvalidToken,
    /// 10 (and 200–299): permission denied.
    Permission,
    /// 4, 17, 32, 613, 80007: rate limited; retried for idempotent calls.
    RateLimited,
    /// 139000: blocked by integrity.
    BlockedByIntegrity,
    /// 139001: flow cannot be updated / JSON processing error.
    FlowNotUpdatable,
    /// 139002: publish failed.
    PublishFailed,
    /// 139003: cannot deprecate (not published, or already deprecated).
    CannotDeprecate,
    /// 139004: cannot delete a published flow.
    CannotDelete,
    /// 139005: undocumented Flows error in the 139000 range.
    FlowsOther,
    /// 139006: metrics threshold (250 requests) not reached.
    MetricsThresholdNotReached,
    /// 132068: the flow is blocked (send time).
    FlowBlocked,
    /// 132069: the flow is throttled (send time).
    FlowThrottled,
    /// 1, 2: temporary Graph failure.
    Transient,
    /// Any other code.
    Other(i64),
}

impl GraphErrorKind {
    /// Maps a Graph `code`.
    pub fn from_code(code: i64) -> Self {
        match code {
            100 => Self::InvalidParameter,
            190 => Self::InvalidToken,
            10 | 200..=299 => Self::Permission,
            4 | 17 | 32 | 613 | 80007 => Self::RateLimited,
            139000 => Self::BlockedByIntegrity,
            139001 => Self::FlowNotUpdatable,
            139002 => Self::PublishFailed,
            139003 => Self::CannotDeprecate,
            139004 => Self::CannotDelete,
            139005 => Self::FlowsOther,
            139006 => Self::MetricsThresholdNotReached,
            132068 => Self::FlowBlocked,
            132069 => Self::FlowThrottled,
            1 | 2 => Self::Transient,
            other => Self::Other(other),
        }
    }
}

/// One entry of Turn.io's `errors[]` shape.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TurnErrorItem {
    /// e.g. `Flow not found`.
    #[serde(default)]
    pub title: String,
    /// Detail.
    #[serde(default)]
    pub details: Option<String>,
}

#[derive(Deserialize)]
struct Envelope {
    error: GraphError,
}

/// `{"error":{"code": <number>, ...}}` → [`GraphError`].
pub(crate) fn parse_graph_error(raw: &str) -> Option<Box<GraphError>> {
    serde_json::from_str::<Envelope>(raw)
        .ok()
        .map(|e| Box::new(e.error))
}

/// Whether a body is a Graph error that is worth retrying (rate limits, transient failures).
pub(crate) fn graph_body_is_transient(raw: &[u8]) -> bool {
    let Ok(env) = serde_json::from_slice::<Envelope>(raw) else {
        return false;
    };
    env.error.is_transient == Some(true)
        || matches!(
            env.error.kind(),
            GraphErrorKind::RateLimited | GraphErrorKind::Transient
        )
}
