//! The request log: what reached the sandbox, which operation it was, and how it ended.

use serde::{Deserialize, Serialize};

/// The Graph operation a request was routed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// `POST /{WABA_ID}/flows`.
    CreateFlow,
    /// `GET /{WABA_ID}/flows`.
    ListFlows,
    /// `GET /{FLOW_ID}`.
    GetFlow,
    /// `POST /{FLOW_ID}`.
    UpdateFlow,
    /// `DELETE /{FLOW_ID}`.
    DeleteFlow,
    /// `POST /{FLOW_ID}/assets`.
    UploadAsset,
    /// `GET /{FLOW_ID}/assets`.
    ListAssets,
    /// `GET /sandbox/assets/{FLOW_ID}/flow.json` (the `download_url`).
    DownloadAsset,
    /// `GET /sandbox/preview/{FLOW_ID}` (the `preview_url`).
    Preview,
    /// `POST /{FLOW_ID}/publish`.
    Publish,
    /// `POST /{FLOW_ID}/deprecate`.
    Deprecate,
    /// `POST /{DEST_WABA_ID}/migrate_flows`.
    MigrateFlows,
    /// `GET /{PHONE_NUMBER_ID}/whatsapp_business_encryption`.
    GetEncryptionKey,
    /// `POST /{PHONE_NUMBER_ID}/whatsapp_business_encryption`.
    SetEncryptionKey,
    /// `POST /{PHONE_NUMBER_ID}/messages`.
    SendMessage,
    /// Anything else (answered with Graph error 2500 or 100).
    Unknown,
}

/// How the sandbox ended a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// An HTTP response was sent (its status is in [`RequestRecord::status`]).
    Responded,
    /// The connection was closed before the request was handled (no effect, no response).
    DroppedConnection,
    /// The request was handled (its effect is real) but the connection was closed instead of
    /// answering.
    DroppedResponse,
    /// The client went away before the sandbox answered (e.g. its timeout fired during injected
    /// latency or a stall); the effect happened only if the request got past the latency.
    Cancelled,
}

/// One entry of the request log.
///
/// ```
/// use flow_dsl::sandbox::{Operation, Outcome, RequestRecord};
/// let r = RequestRecord {
///     seq: 0,
///     method: "POST".into(),
///     path: "/v25.0/123/flows".into(),
///     query: None,
///     operation: Operation::CreateFlow,
///     status: Some(200),
///     outcome: Outcome::Responded,
///     fault: None,
/// };
/// assert!(r.is(Operation::CreateFlow));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// Arrival order, from 0.
    pub seq: u64,
    /// HTTP method.
    pub method: String,
    /// Path as received, including any `/v{N}` prefix.
    pub path: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// The operation it was routed to.
    pub operation: Operation,
    /// HTTP status sent, `None` when the connection was dropped.
    pub status: Option<u16>,
    /// How it ended.
    pub outcome: Outcome,
    /// The injected fault, if any.
    pub fault: Option<super::Fault>,
}

impl RequestRecord {
    /// Whether this request was routed to `op`.
    pub fn is(&self, op: Operation) -> bool {
        self.operation == op
    }
}
