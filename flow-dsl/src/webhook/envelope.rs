//! The common webhook envelope: `{object, entry: [{id, time?, changes: [{field, value}]}]}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A webhook POST body from the WhatsApp Business Platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookPayload {
    /// `whatsapp_business_account`.
    #[serde(default)]
    pub object: String,
    /// One entry per WhatsApp Business Account.
    #[serde(default)]
    pub entry: Vec<WebhookEntry>,
}

/// One entry of a webhook payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookEntry {
    /// The WhatsApp Business Account id.
    #[serde(default)]
    pub id: String,
    /// Unix time of the event, when present (the `flows` field has it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    /// The changes.
    #[serde(default)]
    pub changes: Vec<WebhookChange>,
}

/// One change: the subscribed `field` and its `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookChange {
    /// `messages`, `flows`, …
    pub field: String,
    /// The field-specific value.
    pub value: Value,
}

/// Why a webhook could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is not a webhook envelope.
    #[error("the webhook body is not valid: {0}")]
    Envelope(#[source] serde_json::Error),
    /// A `messages` or `flows` value does not have the documented shape.
    #[error("a `{field}` webhook value is not valid: {source}")]
    Value {
        /// The webhook field.
        field: String,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
    /// `nfm_reply.response_json` is not a JSON object string.
    #[error("response_json of message {message_id} is not a JSON object: {reason}")]
    ResponseJson {
        /// The message id.
        message_id: String,
        /// What was wrong.
        reason: String,
    },
    /// The completion does not fit the requested type.
    #[error("the completion of message {message_id} does not fit the requested type: {source}")]
    Completion {
        /// The message id.
        message_id: String,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
}

impl WebhookPayload {
    /// Parses a raw webhook body.
    ///
    /// # Errors
    /// [`WebhookError::Envelope`] when it is not a webhook envelope.
    pub fn from_slice(raw_body: &[u8]) -> Result<Self, WebhookError> {
        serde_json::from_slice(raw_body).map_err(WebhookError::Envelope)
    }

    /// The changes of a given field, with the id and time of their entry.
    pub(crate) fn changes<'a>(
        &'a self,
        field: &'a str,
    ) -> impl Iterator<Item = (&'a WebhookEntry, &'a WebhookChange)> + 'a {
        self.entry.iter().flat_map(move |e| {
            e.changes
                .iter()
                .filter(move |c| c.field == field)
                .map(move |c| (e, c))
        })
    }
}
