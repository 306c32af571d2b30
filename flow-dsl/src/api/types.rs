//! Typed requests and responses of the Flows management API (spec §G.1), shared by every provider.

use std::fmt;

use flow_model::ValidationError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the library does not know, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// The wire spelling, e.g. `"DRAFT"`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Unknown(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => Self::$variant, )+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self::from(s.as_str())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(Self::from(s))
            }
        }
    };
}

open_enum! {
    /// Status of a flow (spec §G.2). Open: an unknown status is kept as [`FlowStatus::Unknown`].
    ///
    /// ```
    /// use flow_dsl::api::FlowStatus;
    /// assert_eq!(FlowStatus::from("DRAFT"), FlowStatus::Draft);
    /// assert_eq!(FlowStatus::from("ARCHIVED"), FlowStatus::Unknown("ARCHIVED".into()));
    /// ```
    FlowStatus {
        /// Initial status; editable, deletable, sendable with `mode: draft` only.
        Draft => "DRAFT",
        /// Live; can be sent to customers.
        Published => "PUBLISHED",
        /// Retired; terminal.
        Deprecated => "DEPRECATED",
        /// Blocked by health monitoring; cannot be sent or opened.
        Blocked => "BLOCKED",
        /// Throttled by health monitoring; 10 sends per hour.
        Throttled => "THROTTLED",
    }
}

/// Flow category (spec §G.1); defined in `flow-model`, the one list of Meta's rules.
pub use flow_model::Category;

/// Parameters of [`FlowsClient::create_flow`](crate::api::FlowsClient::create_flow) (§G.1 #1).
///
/// ```
/// use flow_dsl::api::{Category, CreateFlow};
/// let req = CreateFlow::new("Appointment booking", [Category::AppointmentBooking])
///     .flow_json(r#"{"version":"7.2","screens":[]}"#)
///     .publish(false);
/// assert_eq!(req.name, "Appointment booking");
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreateFlow {
    /// Flow name, unique per WABA.
    pub name: String,
    /// At least one category (Turn.io defaults to `OTHER` when empty).
    pub categories: Vec<Category>,
    /// The Flow JSON text, uploaded as is (keep it pretty-printed so error positions map back).
    pub flow_json: Option<String>,
    /// Publish right away; only valid together with `flow_json`.
    pub publish: bool,
    /// Clone this existing flow.
    pub clone_flow_id: Option<String>,
    /// Data-exchange endpoint (Flow JSON ≥ 3.0).
    pub endpoint_uri: Option<String>,
}

impl CreateFlow {
    /// A draft named `name` with the given categories and nothing else.
    pub fn new(name: impl Into<String>, categories: impl IntoIterator<Item = Category>) -> Self {
        Self {
            name: name.into(),
            categories: categories.into_iter().collect(),
            ..Self::default()
        }
    }
    /// Sets the Flow JSON text sent with the create call.
    pub fn flow_json(mut self, json: impl Into<String>) -> Self {
        self.flow_json = Some(json.into());
        self
    }
    /// Publishes at creation (needs `flow_json`).
    pub fn publish(mut self, publish: bool) -> Self {
        self.publish = publish;
        self
    }
    /// Clones an existing flow.
    pub fn clone_flow_id(mut self, id: impl Into<String>) -> Self {
        self.clone_flow_id = Some(id.into());
        self
    }
    /// Sets the data-exchange endpoint URI.
    pub fn endpoint_uri(mut self, uri: impl Into<String>) -> Self {
        self.endpoint_uri = Some(uri.into());
        self
    }
}

/// Result of a create call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedFlow {
    /// The new flow's id.
    pub id: String,
    /// `success` as answered; absent in the response (Meta omits it without `flow_json`) means
    /// `true`, the HTTP call having succeeded.
    #[serde(default = "yes")]
    pub success: bool,
    /// Validation errors of the uploaded Flow JSON, in the local validator's type.
    #[serde(default, deserialize_with = "null_as_default")]
    pub validation_errors: Vec<ValidationError>,
}

fn yes() -> bool {
    true
}

pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Metadata update (§G.1 #2). Only the fields set are sent.
///
/// ```
/// use flow_dsl::api::{Category, UpdateMetadata};
/// let upd = UpdateMetadata::default().name("New name").categories([Category::Survey]);
/// assert!(upd.endpoint_uri.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateMetadata {
    /// New name.
    pub name: Option<String>,
    /// New categories (at least one when set).
    pub categories: Option<Vec<Category>>,
    /// New endpoint URI.
    pub endpoint_uri: Option<String>,
    /// Meta app to link (required for endpoint flows).
    pub application_id: Option<String>,
}

impl UpdateMetadata {
    /// Sets the name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
    /// Sets the categories.
    pub fn categories(mut self, c: impl IntoIterator<Item = Category>) -> Self {
        self.categories = Some(c.into_iter().collect());
        self
    }
    /// Sets the endpoint URI.
    pub fn endpoint_uri(mut self, uri: impl Into<String>) -> Self {
        self.endpoint_uri = Some(uri.into());
        self
    }
    /// Sets the Meta application id.
    pub fn application_id(mut self, id: impl Into<String>) -> Self {
        self.application_id = Some(id.into());
        self
    }

    pub(crate) fn to_json(&self) -> Result<Value, crate::api::ApiError> {
        let mut m = Map::new();
        if let Some(n) = &self.name {
            m.insert("name".into(), Value::from(n.as_str()));
        }
        if let Some(c) = &self.categories {
            if c.is_empty() {
                return Err(crate::api::ApiError::InvalidRequest(
                    "categories, when set, must hold at least one value".into(),
                ));
            }
            m.insert("categories".into(), categories_json(c));
        }
        if let Some(u) = &self.endpoint_uri {
            m.insert("endpoint_uri".into(), Value::from(u.as_str()));
        }
        if let Some(a) = &self.application_id {
            m.insert("application_id".into(), Value::from(a.as_str()));
        }
        Ok(Value::Object(m))
    }
}

pub(crate) fn categories_json(c: &[Category]) -> Value {
    Value::Array(c.iter().map(|c| Value::from(c.as_str())).collect())
}

/// A flow as returned by get/list. Only `id` is always present; the rest depends on the fields
/// requested and on the provider. Fields this library does not model are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// Flow id.
    pub id: String,
    /// Flow name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FlowStatus>,
    /// Categories.
    #[serde(default, deserialize_with = "null_as_default")]
    pub categories: Vec<Category>,
    /// Validation errors of the current Flow JSON.
    #[serde(default, deserialize_with = "null_as_default")]
    pub validation_errors: Vec<ValidationError>,
    /// `version` of the uploaded Flow JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_version: Option<String>,
    /// `data_api_version` of the uploaded Flow JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_api_version: Option<String>,
    /// Endpoint URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_uri: Option<String>,
    /// Web preview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<Preview>,
    /// Owning WABA, as returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whatsapp_business_account: Option<Value>,
    /// Linked Meta application, as returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<Value>,
    /// Health status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_status: Option<HealthStatus>,
    /// Last update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Any other field (Dreams' `json_content`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `preview` of a flow: a public web preview URL and its expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The preview URL.
    pub preview_url: String,
    /// Expiry time, as returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

impl Preview {
    /// The preview URL with the parameters Meta accepts appended (spec §G.1 "Flow object").
    ///
    /// ```
    /// use flow_dsl::api::{FlowAction, Preview, PreviewParams};
    /// let p = Preview { preview_url: "https://business.facebook.com/wa/manage/flows/1/preview/?token=t".into(), expires_at: None };
    /// let url = p.url_with(&PreviewParams { interactive: true, flow_action: Some(FlowAction::navigate("WELCOME")), ..Default::default() }).unwrap();
    /// assert!(url.ends_with("token=t&interactive=true&flow_action=navigate&flow_action_payload=%7B%22screen%22%3A%22WELCOME%22%7D"));
    /// ```
    pub fn url_with(&self, params: &PreviewParams) -> Result<String, crate::api::ApiError> {
        use crate::api::{ApiError, FlowAction};
        if params.debug && !params.interactive {
            return Err(ApiError::InvalidRequest(
                "preview debug needs interactive".into(),
            ));
        }
        let mut url = url::Url::parse(&self.preview_url).map_err(|e| ApiError::InvalidUrl {
            url: self.preview_url.clone(),
            reason: e.to_string(),
        })?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair(
                "interactive",
                if params.interactive { "true" } else { "false" },
            );
            if let Some(t) = &params.flow_token {
                q.append_pair("flow_token", t);
            }
            match &params.flow_action {
                None => {}
                Some(FlowAction::DataExchange) => {
                    q.append_pair("flow_action", "data_exchange");
                }
                Some(FlowAction::Navigate { screen, data }) => {
                    let mut payload = Map::new();
                    payload.insert("screen".into(), Value::from(screen.as_str()));
                    if let Some(d) = data {
                        payload.insert("data".into(), Value::Object(d.clone()));
                    }
                    q.append_pair("flow_action", "navigate");
                    q.append_pair("flow_action_payload", &Value::Object(payload).to_string());
                }
            }
            if let Some(p) = &params.phone_number {
                q.append_pair("phone_number", p);
            }
            if params.debug {
                q.append_pair("debug", "true");
            }
        }
        Ok(url.into())
    }
}

/// Parameters appended to a preview URL by [`Preview::url_with`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PreviewParams {
    /// `interactive=true`: the preview runs the flow (else it only shows it).
    pub interactive: bool,
    /// `flow_token` sent to the endpoint.
    pub flow_token: Option<String>,
    /// `flow_action` (and `flow_action_payload` for navigate).
    pub flow_action: Option<crate::api::FlowAction>,
    /// `phone_number`: required for endpoint flows (its public key is used).
    pub phone_number: Option<String>,
    /// `debug=true` (only with `interactive`).
    pub debug: bool,
}

/// `health_status` of a flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthStatus {
    /// `AVAILABLE`, `LIMITED` or `BLOCKED`.
    #[serde(default)]
    pub can_send_message: String,
    /// Per-entity detail (FLOW, WABA, BUSINESS, APP).
    #[serde(default, deserialize_with = "null_as_default")]
    pub entities: Vec<HealthEntity>,
}

/// One entity of [`HealthStatus`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthEntity {
    /// `FLOW`, `WABA`, `BUSINESS` or `APP`.
    #[serde(default)]
    pub entity_type: String,
    /// Entity id.
    #[serde(default)]
    pub id: String,
    /// `AVAILABLE`, `LIMITED` or `BLOCKED`.
    #[serde(default)]
    pub can_send_message: String,
    /// Problems found.
    #[serde(default, deserialize_with = "null_as_default")]
    pub errors: Vec<HealthError>,
    /// Extra information, as returned.
    #[serde(default, deserialize_with = "null_as_default")]
    pub additional_info: Vec<Value>,
}

/// A problem in [`HealthEntity::errors`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthError {
    /// Error code (number or string, as returned).
    #[serde(default)]
    pub error_code: Value,
    /// What is wrong.
    #[serde(default)]
    pub error_description: String,
    /// How to fix it.
    #[serde(default)]
    pub possible_solution: String,
}

/// One field of a get-flow request (§G.1 #8), including the modifiers Meta accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlowField {
    /// `id`
    Id,
    /// `name`
    Name,
    /// `status`
    Status,
    /// `categories`
    Categories,
    /// `validation_errors`
    ValidationErrors,
    /// `json_version`
    JsonVersion,
    /// `data_api_version`
    DataApiVersion,
    /// `endpoint_uri`
    EndpointUri,
    /// `preview`, or `preview.invalidate(true|false)`.
    Preview {
        /// `Some(true)` regenerates the preview URL.
        invalidate: Option<bool>,
    },
    /// `whatsapp_business_account`
    WhatsappBusinessAccount,
    /// `application`
    Application,
    /// `health_status`, or `health_status.phone_number(<id>)`.
    HealthStatus {
        /// Restrict the check to this phone number id.
        phone_number: Option<String>,
    },
    /// `updated_at`
    UpdatedAt,
    /// Any other field expression, sent verbatim.
    Custom(String),
}

impl FlowField {
    /// The Graph `fields` expression for this field.
    pub fn to_expr(&self) -> String {
        match self {
            Self::Id => "id".into(),
            Self::Name => "name".into(),
            Self::Status => "status".into(),
            Self::Categories => "categories".into(),
            Self::ValidationErrors => "validation_errors".into(),
            Self::JsonVersion => "json_version".into(),
            Self::DataApiVersion => "data_api_version".into(),
            Self::EndpointUri => "endpoint_uri".into(),
            Self::Preview { invalidate: None } => "preview".into(),
            Self::Preview {
                invalidate: Some(b),
            } => format!("preview.invalidate({b})"),
            Self::WhatsappBusinessAccount => "whatsapp_business_account".into(),
            Self::Application => "application".into(),
            Self::HealthStatus { phone_number: None } => "health_status".into(),
            Self::HealthStatus {
                phone_number: Some(p),
            } => format!("health_status.phone_number({p})"),
            Self::UpdatedAt => "updated_at".into(),
            Self::Custom(s) => s.clone(),
        }
    }

    /// Meta's default set: `id,name,status,categories,validation_errors`.
    pub fn defaults() -> Vec<FlowField> {
        vec![
            Self::Id,
            Self::Name,
            Self::Status,
            Self::Categories,
            Self::ValidationErrors,
        ]
    }

    /// Every documented field (with a fresh preview: `preview.invalidate(false)` is not implied).
    pub fn all() -> Vec<FlowField> {
        let mut v = Self::defaults();
        v.extend([
            Self::JsonVersion,
            Self::DataApiVersion,
            Self::EndpointUri,
            Self::Preview { invalidate: None },
            Self::WhatsappBusinessAccount,
            Self::Application,
            Self::HealthStatus { phone_number: None },
            Self::UpdatedAt,
        ]);
        v
    }
}

/// Joins fields into a `fields=` value.
pub(crate) fn fields_param(fields: &[FlowField]) -> String {
    fields
        .iter()
        .map(FlowField::to_expr)
        .collect::<Vec<_>>()
        .join(",")
}

/// One asset of a flow (§G.1 #4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowAsset {
    /// `flow.json`
    #[serde(default)]
    pub name: String,
    /// `FLOW_JSON`
    #[serde(default)]
    pub asset_type: String,
    /// Temporary download URL.
    #[serde(default)]
    pub download_url: String,
}

/// Paging parameters of a list call.
///
/// ```
/// use flow_dsl::api::ListFlows;
/// let first = ListFlows::default().limit(50);
/// assert_eq!(first.limit, Some(50));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListFlows {
    /// Page size.
    pub limit: Option<u32>,
    /// Cursor: the page after this one.
    pub after: Option<String>,
    /// Cursor: the page before this one.
    pub before: Option<String>,
}

impl ListFlows {
    /// Sets the page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
    /// Sets the `after` cursor.
    pub fn after(mut self, cursor: impl Into<String>) -> Self {
        self.after = Some(cursor.into());
        self
    }
    /// Sets the `before` cursor.
    pub fn before(mut self, cursor: impl Into<String>) -> Self {
        self.before = Some(cursor.into());
        self
    }
}

/// One page of results with Graph paging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items.
    #[serde(
        default = "Vec::new",
        bound(deserialize = "T: Deserialize<'de>"),
        deserialize_with = "null_as_default"
    )]
    pub data: Vec<T>,
    /// Paging cursors; `None` when the provider does not page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

impl<T> Page<T> {
    /// The cursor of the next page, if Graph says there is one.
    pub fn next_cursor(&self) -> Option<&str> {
        let p = self.paging.as_ref()?;
        p.next.as_ref()?;
        p.cursors.as_ref()?.after.as_deref()
    }
}

/// Graph `paging`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Paging {
    /// Cursors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursors: Option<Cursors>,
    /// URL of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// URL of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

/// Graph paging cursors.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cursors {
    /// Cursor before the first item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// Cursor after the last item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// Parameters of [`FlowsClient::migrate_flows`](crate::api::FlowsClient::migrate_flows)
/// (§G.1 #10). The destination is the client's WABA.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MigrateFlows {
    /// The WABA to copy from (same business).
    pub source_waba_id: String,
    /// Names to copy (max 100); empty copies every flow.
    pub source_flow_names: Vec<String>,
}

/// Result of a migration.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MigrationResult {
    /// Flows copied.
    #[serde(default, deserialize_with = "null_as_default")]
    pub migrated_flows: Vec<MigratedFlow>,
    /// Flows skipped, with why.
    #[serde(default, deserialize_with = "null_as_default")]
    pub failed_flows: Vec<FailedMigration>,
}

/// A flow copied by a migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigratedFlow {
    /// Name in the source WABA.
    pub source_name: String,
    /// Id in the source WABA.
    pub source_id: String,
    /// Id of the copy.
    pub migrated_id: String,
}

/// A flow a migration could not copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedMigration {
    /// Name in the source WABA.
    pub source_name: String,
    /// e.g. `"4233041"` (same name exists in the destination).
    #[serde(deserialize_with = "string_or_number")]
    pub error_code: String,
    /// Meta's explanation.
    #[serde(default)]
    pub error_message: String,
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or number, got {other}"
        ))),
    }
}

open_enum! {
    /// A Flows metric name (§G.9).
    MetricName {
        /// `ENDPOINT_REQUEST_COUNT`
        EndpointRequestCount => "ENDPOINT_REQUEST_COUNT",
        /// `ENDPOINT_REQUEST_ERROR`
        EndpointRequestError => "ENDPOINT_REQUEST_ERROR",
        /// `ENDPOINT_REQUEST_ERROR_RATE`
        EndpointRequestErrorRate => "ENDPOINT_REQUEST_ERROR_RATE",
        /// `ENDPOINT_REQUEST_LATENCY_SECONDS_CEIL`
        EndpointRequestLatencySecondsCeil => "ENDPOINT_REQUEST_LATENCY_SECONDS_CEIL",
        /// `ENDPOINT_AVAILABILITY`
        EndpointAvailability => "ENDPOINT_AVAILABILITY",
    }
}

open_enum! {
    /// Granularity of a metric (§G.9).
    Granularity {
        /// Per day (90 days back).
        Day => "DAY",
        /// Per hour (30 days back).
        Hour => "HOUR",
        /// Whole lifetime.
        Lifetime => "LIFETIME",
    }
}

/// Parameters of [`FlowsClient::metrics`](crate::api::FlowsClient::metrics).
///
/// ```
/// use flow_dsl::api::{Granularity, MetricName, MetricsQuery};
/// let q = MetricsQuery::new(MetricName::EndpointRequestCount, Granularity::Day)
///     .since("2024-01-01").until("2024-01-31");
/// assert_eq!(q.to_field().unwrap(),
///   "metric.name(ENDPOINT_REQUEST_COUNT).granularity(DAY).since(2024-01-01).until(2024-01-31)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsQuery {
    /// Metric.
    pub name: MetricName,
    /// Granularity.
    pub granularity: Granularity,
    /// First day, `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub until: Option<String>,
}

impl MetricsQuery {
    /// A query without a date range.
    pub fn new(name: MetricName, granularity: Granularity) -> Self {
        Self {
            name,
            granularity,
            since: None,
            until: None,
        }
    }
    /// Sets the first day (`YYYY-MM-DD`).
    pub fn since(mut self, day: impl Into<String>) -> Self {
        self.since = Some(day.into());
        self
    }
    /// Sets the last day (`YYYY-MM-DD`).
    pub fn until(mut self, day: impl Into<String>) -> Self {
        self.until = Some(day.into());
        self
    }

    /// The Graph field expression; dates must be `YYYY-MM-DD`.
    pub fn to_field(&self) -> Result<String, crate::api::ApiError> {
        fn token_ok(s: &str) -> bool {
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        }
        fn day_ok(s: &str) -> bool {
            let b = s.as_bytes();
            b.len() == 10
                && b.iter().enumerate().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        *c == b'-'
                    } else {
                        c.is_ascii_digit()
                    }
                })
        }
        let (name, gran) = (self.name.as_str(), self.granularity.as_str());
        if !token_ok(name) || !token_ok(gran) {
            return Err(crate::api::ApiError::InvalidRequest(format!(
                "metric name and granularity must be identifiers, got {name:?} and {gran:?}"
            )));
        }
        let mut s = format!("metric.name({name}).granularity({gran})");
        for (label, v) in [("since", &self.since), ("until", &self.until)] {
            if let Some(d) = v {
                if !day_ok(d) {
                    return Err(crate::api::ApiError::InvalidRequest(format!(
                        "metric {label} must be YYYY-MM-DD, got {d:?}"
                    )));
                }
                s.push_str(&format!(".{label}({d})"));
            }
        }
        Ok(s)
    }
}

/// A metric series (§G.9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowMetric {
    /// Metric name.
    pub name: MetricName,
    /// Granularity.
    pub granularity: Granularity,
    /// Data points.
    #[serde(default, deserialize_with = "null_as_default")]
    pub data_points: Vec<DataPoint>,
}

/// One point of a [`FlowMetric`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataPoint {
    /// Timestamp, as returned.
    pub timestamp: String,
    /// Values.
    #[serde(default, deserialize_with = "null_as_default")]
    pub data: Vec<MetricValue>,
}

/// A key/value of a [`DataPoint`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricValue {
    /// e.g. `value`, or an error type.
    pub key: String,
    /// The number.
    pub value: f64,
}

/// The business public key registered for a phone number (§G.1 #12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessPublicKey {
    /// PEM of the RSA public key.
    #[serde(default)]
    pub business_public_key: String,
    /// `VALID` or `MISMATCH`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_public_key_signature_status: Option<String>,
}
