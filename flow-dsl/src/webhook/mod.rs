//! Webhooks that concern flows: completions (`nfm_reply` on the `messages` field, §G.7 of the
//! spec), events of the `flows` field (§G.8) and, with feature `endpoint`, the
//! `X-Hub-Signature-256` check.
//!
//! ```
//! use flow_dsl::webhook::WebhookPayload;
//!
//! #[derive(serde::Deserialize)]
//! struct Signup { email: String }
//!
//! let raw = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
//!   "value":{"messaging_product":"whatsapp","messages":[{"from":"351900000000","id":"wamid.X",
//!   "timestamp":"1700000000","type":"interactive","context":{"from":"15550000000","id":"wamid.SENT"},
//!   "interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent",
//!   "response_json":"{\"flow_token\":\"t-1\",\"email\":\"ana@example.com\"}"}}}]}}]}]}"#;
//! let payload = WebhookPayload::from_slice(raw)?;
//! let done = payload.flow_completions::<Signup>()?;
//! assert_eq!(done[0].flow_token.as_deref(), Some("t-1"));
//! assert_eq!(done[0].response.email, "ana@example.com");
//! assert_eq!(done[0].context_message_id.as_deref(), Some("wamid.SENT"));
//! # Ok::<(), flow_dsl::webhook::WebhookError>(())
//! ```

mod envelope;
mod flows;
mod nfm;
#[cfg(feature = "endpoint")]
mod signature;

pub use envelope::{WebhookChange, WebhookEntry, WebhookError, WebhookPayload};
pub use flows::{
    AlertState, EndpointAvailabilityAlert, EndpointLatencyAlert, ErrorRateAlert, ErrorRateEntry,
    FlowEvent, FlowStatusChange, FlowVersionExpiryWarning, FlowWebhookEvent,
};
pub use nfm::{FlowCompletion, NfmReply};
#[cfg(feature = "endpoint")]
pub use signature::{AppSecret, SIGNATURE_HEADER, SignatureError, sign_body, verify_signature};

/// Parses a raw webhook body and returns its flow completions (see
/// [`WebhookPayload::flow_completions`]).
///
/// # Errors
/// [`WebhookError`] when the body or a completion does not parse.
pub fn parse_flow_completions<T: serde::de::DeserializeOwned>(
    raw_body: &[u8],
) -> Result<Vec<FlowCompletion<T>>, WebhookError> {
    WebhookPayload::from_slice(raw_body)?.flow_completions()
}

/// Parses a raw webhook body and returns its `flows` events (see
/// [`WebhookPayload::flow_events`]).
///
/// # Errors
/// [`WebhookError`] when the body or an event does not parse.
pub fn parse_flow_events(raw_body: &[u8]) -> Result<Vec<FlowWebhookEvent>, WebhookError> {
    WebhookPayload::from_slice(raw_body)?.flow_events()
}
