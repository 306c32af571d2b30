//! Events of the `flows` webhook field (§G.8 of the spec).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::envelope::{WebhookError, WebhookPayload};

/// Whether an alert started or ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlertState {
    /// The threshold was crossed.
    Activated,
    /// Back under the threshold.
    Deactivated,
    /// A value this library does not know.
    #[serde(other)]
    Unknown,
}

/// `FLOW_STATUS_CHANGE`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowStatusChange {
    /// The flow.
    #[serde(deserialize_with = "string_or_number")]
    pub flow_id: String,
    /// Human-readable description.
    #[serde(default)]
    pub message: Option<String>,
    /// Status before (absent when the flow was just created).
    #[serde(default)]
    pub old_status: Option<String>,
    /// Status after (`DRAFT`, `PUBLISHED`, `DEPRECATED`, `BLOCKED`, `THROTTLED`).
    pub new_status: String,
}

/// One error type inside an error-rate alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRateEntry {
    /// e.g. `INVALID_SCREEN_TRANSITION`, `TIMEOUT_ERROR`.
    pub error_type: String,
    /// Share of requests with this error, in percent.
    #[serde(default)]
    pub error_rate: Option<f64>,
    /// Number of such errors in the window.
    #[serde(default)]
    pub error_count: Option<u64>,
}

/// `CLIENT_ERROR_RATE` and `ENDPOINT_ERROR_RATE`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRateAlert {
    /// The flow.
    #[serde(deserialize_with = "string_or_number")]
    pub flow_id: String,
    /// Human-readable description.
    #[serde(default)]
    pub message: Option<String>,
    /// Started or ended.
    #[serde(default)]
    pub alert_state: Option<AlertState>,
    /// The crossed threshold, in percent (5, 10, 50).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Overall error rate, in percent.
    #[serde(default)]
    pub error_rate: Option<f64>,
    /// Breakdown by error type.
    #[serde(default)]
    pub errors: Vec<ErrorRateEntry>,
}

/// `ENDPOINT_LATENCY`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndpointLatencyAlert {
    /// The flow.
    #[serde(deserialize_with = "string_or_number")]
    pub flow_id: String,
    /// Human-readable description.
    #[serde(default)]
    pub message: Option<String>,
    /// Started or ended.
    #[serde(default)]
    pub alert_state: Option<AlertState>,
    /// The crossed threshold in milliseconds (1000, 5000, 7000).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Median latency in milliseconds.
    #[serde(default)]
    pub p50_latency: Option<f64>,
    /// 90th percentile latency in milliseconds.
    #[serde(default)]
    pub p90_latency: Option<f64>,
    /// Requests in the window.
    #[serde(default)]
    pub requests_count: Option<u64>,
}

/// `ENDPOINT_AVAILABILITY`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndpointAvailabilityAlert {
    /// The flow.
    #[serde(deserialize_with = "string_or_number")]
    pub flow_id: String,
    /// Human-readable description.
    #[serde(default)]
    pub message: Option<String>,
    /// Started or ended.
    #[serde(default)]
    pub alert_state: Option<AlertState>,
    /// The threshold in percent (90).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Measured availability in percent.
    #[serde(default)]
    pub availability: Option<f64>,
}

/// `FLOW_VERSION_EXPIRY_WARNING`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowVersionExpiryWarning {
    /// The flow.
    #[serde(deserialize_with = "string_or_number")]
    pub flow_id: String,
    /// Human-readable description.
    #[serde(default)]
    pub message: Option<String>,
    /// The warning text or code.
    #[serde(default)]
    pub warning: Option<String>,
}

/// One `flows` webhook event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FlowEvent {
    /// The flow's status changed.
    FlowStatusChange(FlowStatusChange),
    /// Errors reported by WhatsApp clients crossed a threshold.
    ClientErrorRate(ErrorRateAlert),
    /// Errors of the endpoint crossed a threshold.
    EndpointErrorRate(ErrorRateAlert),
    /// Endpoint p90 latency crossed a threshold.
    EndpointLatency(EndpointLatencyAlert),
    /// Endpoint availability fell below (or recovered above) the threshold.
    EndpointAvailability(EndpointAvailabilityAlert),
    /// The flow's JSON version is about to expire.
    FlowVersionExpiryWarning(FlowVersionExpiryWarning),
    /// An event this library does not know, kept verbatim.
    Unknown {
        /// The `event` value.
        event: String,
        /// The whole change value.
        value: Value,
    },
}

impl FlowEvent {
    /// Reads one `flows` change value.
    ///
    /// ```
    /// use flow_dsl::webhook::FlowEvent;
    /// let ev = FlowEvent::from_value(&serde_json::json!({
    ///     "event": "FLOW_STATUS_CHANGE", "flow_id": "42",
    ///     "old_status": "DRAFT", "new_status": "PUBLISHED"}))?;
    /// assert!(matches!(ev, FlowEvent::FlowStatusChange(c) if c.new_status == "PUBLISHED"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    ///
    /// # Errors
    /// The serde error when a known event lacks its required fields.
    pub fn from_value(value: &Value) -> Result<Self, serde_json::Error> {
        let event = value
            .get("event")
            .and_then(Value::as_str)
            .unwrap_or_default();
        Ok(match event {
            "FLOW_STATUS_CHANGE" => Self::FlowStatusChange(Deserialize::deserialize(value)?),
            "CLIENT_ERROR_RATE" => Self::ClientErrorRate(Deserialize::deserialize(value)?),
            "ENDPOINT_ERROR_RATE" => Self::EndpointErrorRate(Deserialize::deserialize(value)?),
            "ENDPOINT_LATENCY" => Self::EndpointLatency(Deserialize::deserialize(value)?),
            "ENDPOINT_AVAILABILITY" => Self::EndpointAvailability(Deserialize::deserialize(value)?),
            "FLOW_VERSION_EXPIRY_WARNING" => {
                Self::FlowVersionExpiryWarning(Deserialize::deserialize(value)?)
            }
            other => Self::Unknown {
                event: other.to_owned(),
                value: value.clone(),
            },
        })
    }
}

/// A `flows` event with its envelope data.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowWebhookEvent {
    /// The WhatsApp Business Account id (entry id).
    pub waba_id: String,
    /// Unix time of the entry, when present.
    pub time: Option<i64>,
    /// The event.
    pub event: FlowEvent,
}

impl WebhookPayload {
    /// Every event in the `flows` changes of this payload.
    ///
    /// # Errors
    /// [`WebhookError::Value`] when a known event lacks required fields.
    pub fn flow_events(&self) -> Result<Vec<FlowWebhookEvent>, WebhookError> {
        self.changes("flows")
            .map(|(entry, change)| {
                Ok(FlowWebhookEvent {
                    waba_id: entry.id.clone(),
                    time: entry.time,
                    event: FlowEvent::from_value(&change.value).map_err(|source| {
                        WebhookError::Value {
                            field: "flows".into(),
                            source,
                        }
                    })?,
                })
            })
            .collect()
    }
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or number id, found {other}"
        ))),
    }
}
