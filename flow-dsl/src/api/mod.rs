//! Async client for the WhatsApp Flows management API and for sending flows, over Meta's Graph
//! API and the providers that proxy it (Turn.io, SERPRO, Dreams, Jelou).
//!
//! One client type, [`FlowsClient`], built from any provider's config; one method per operation
//! of spec §G.1 (plus sending, §G.5–§G.6). Each provider maps the operation to its own paths,
//! auth and envelopes; an operation a provider lacks is [`ApiError::Unsupported`], never a
//! silent no-op.
//!
//! | Operation | Meta | Turn.io | SERPRO | Dreams | Jelou |
//! |---|---|---|---|---|---|
//! | create_flow | yes | needs flow_json; no clone/endpoint | no flow_json/publish | no flow_json/publish | — |
//! | update_metadata | yes | no endpoint_uri | yes (PUT) | no application_id | — |
//! | upload_flow_json | yes | yes | yes (PUT json-asset) | yes | — |
//! | list_assets | yes | yes | — | — | — |
//! | download_flow_json | yes | yes | yes | — | — |
//! | publish / deprecate / delete_flow | yes | yes | yes | yes (deprecate path configurable) | — |
//! | get_flow | yes, any fields | via list; its fields | seed 000's fields | seed 002's fields | — |
//! | list_flows | Graph paging | one page (`limit` met, cursors refused) | one page, no `limit` sent | one page (`limit` met, cursors refused) | — |
//! | migrate_flows, metrics, business public key, templates | yes | — | — | — | — |
//! | send_flow | yes | navigate only | — | id, navigate, published only | slug, navigate, published only; `payload`, `type` |
//!
//! [`FlowsClient::documented_fields`] is what a plain `get` asks each provider for. The
//! README's "Provider operations" table maps every seed operation to its CLI command.
//!
//! Retries: idempotent calls (GET, DELETE, publish, deprecate, update, upload) are retried per
//! [`RetryPolicy`]; creating a flow or a template and sending a message are never retried. After
//! an ambiguous create failure ([`ApiError::is_ambiguous`]) use [`FlowsClient::find_flow_by_name`]
//! before creating again. Publish and deprecate are safe to retry: when a retried attempt is
//! refused because an earlier one already changed the status, that is success; a refusal of a
//! single attempt (the flow was already published before the call) is returned as an error.
//!
//! Every request runs in a `tracing` span `flows_api` with `provider`, `operation`, `method` and
//! `path`; credentials are attached as sensitive headers and appear in no `Debug`, log or error.
//!
//! ```no_run
//! # async fn demo() -> Result<(), flow_dsl::api::ApiError> {
//! use flow_dsl::api::{Category, CreateFlow, FlowsClient, MetaConfig};
//! let client = FlowsClient::new(MetaConfig::new(std::env::var("WHATSAPP_TOKEN").unwrap_or_default())
//!     .waba_id("102290129340398"))?;
//! let created = client
//!     .create_flow(&CreateFlow::new("Sign up", [Category::SignUp]).flow_json(r#"{"version":"7.2","screens":[]}"#))
//!     .await?;
//! for e in &created.validation_errors {
//!     eprintln!("{e}");
//! }
//! client.publish(&created.id).await?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;

use flow_model::ValidationError;
use serde_json::Value;

mod check;
mod config;
mod error;
mod provider;
pub(crate) mod redact;
mod redirect;
mod retry;
mod send;
mod template;
mod transport;
mod types;

pub use check::{SendCheckError, check_send, entry_screens};
pub use config::{
    ClientOptions, DreamsConfig, JelouConfig, MetaConfig, ProviderConfig, SerproAuth, SerproConfig,
    TurnConfig,
};
pub use error::{ApiError, GraphError, GraphErrorKind, TurnErrorItem};
pub use retry::RetryPolicy;
pub use send::{FlowAction, FlowRef, SendFlow, SendMode, SentMessage};
pub use template::{CreatedTemplate, FlowTemplate, SendFlowTemplate, TemplateFlow};
pub use types::{
    BusinessPublicKey, Category, CreateFlow, CreatedFlow, Cursors, DataPoint, FailedMigration,
    Flow, FlowAsset, FlowField, FlowMetric, FlowStatus, Granularity, HealthEntity, HealthError,
    HealthStatus, ListFlows, MetricName, MetricValue, MetricsQuery, MigrateFlows, MigratedFlow,
    MigrationResult, Page, Paging, Preview, PreviewParams, UpdateMetadata,
};

use provider::Backend;
use transport::{Auth, Transport};

/// The provider a client talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// Meta Graph API.
    Meta,
    /// Turn.io.
    Turn,
    /// SERPRO.
    Serpro,
    /// Dreams.
    Dreams,
    /// Jelou.
    Jelou,
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Provider::Meta => "Meta",
            Provider::Turn => "Turn.io",
            Provider::Serpro => "SERPRO",
            Provider::Dreams => "Dreams",
            Provider::Jelou => "Jelou",
        })
    }
}

#[derive(Debug)]
enum Kind {
    Meta(provider::meta::Meta),
    Turn(provider::turn::Turn),
    Serpro(provider::serpro::Serpro),
    Dreams(provider::dreams::Dreams),
    Jelou(provider::jelou::Jelou),
}

#[derive(Debug)]
struct Inner {
    transport: Transport,
    kind: Kind,
}

/// The Flows API client. Cheap to clone (an `Arc`); clones share the connection pool and the
/// cached OAuth2 token. Its `Debug` output never shows a credential.
///
/// ```
/// use flow_dsl::api::{FlowsClient, TurnConfig, Provider};
/// let client = FlowsClient::new(TurnConfig::new("secret-token")).unwrap();
/// assert_eq!(client.provider(), Provider::Turn);
/// assert!(!format!("{client:?}").contains("secret-token"));
/// ```
#[derive(Debug, Clone)]
pub struct FlowsClient {
    inner: Arc<Inner>,
}

macro_rules! dispatch {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {{
        let t = &$self.inner.transport;
        match &$self.inner.kind {
            Kind::Meta(b) => b.$method(t, $($arg),*).await,
            Kind::Turn(b) => b.$method(t, $($arg),*).await,
            Kind::Serpro(b) => b.$method(t, $($arg),*).await,
            Kind::Dreams(b) => b.$method(t, $($arg),*).await,
            Kind::Jelou(b) => b.$method(t, $($arg),*).await,
        }
    }};
}

/// Runs `call`, telling whether any of its requests was sent more than once.
async fn watch_retries<T>(call: impl std::future::Future<Output = T>) -> (T, bool) {
    transport::RETRIED
        .scope(std::cell::Cell::new(false), async {
            let out = call.await;
            (out, transport::RETRIED.with(std::cell::Cell::get))
        })
        .await
}

/// Most pages [`FlowsClient::list_all_flows`] follows before giving up (a loop guard).
const MAX_PAGES: usize = 1000;

impl FlowsClient {
    /// A client with default [`ClientOptions`]. Fails on a malformed base URL or on plain
    /// `http://` to a non-loopback host.
    pub fn new(config: impl Into<ProviderConfig>) -> Result<Self, ApiError> {
        Self::with_options(config, ClientOptions::default())
    }

    /// A client with explicit timeouts, retry policy and user agent.
    ///
    /// ```
    /// use std::time::Duration;
    /// use flow_dsl::api::{ClientOptions, FlowsClient, MetaConfig, RetryPolicy};
    /// let client = FlowsClient::with_options(
    ///     MetaConfig::new("token").waba_id("1"),
    ///     ClientOptions::default().timeout(Duration::from_secs(5)).retry(RetryPolicy::none()),
    /// ).unwrap();
    /// # let _ = client;
    /// ```
    pub fn with_options(
        config: impl Into<ProviderConfig>,
        options: ClientOptions,
    ) -> Result<Self, ApiError> {
        let (provider, base, auth, kind) = match config.into() {
            ProviderConfig::Meta(c) => {
                let base = format!(
                    "{}/{}",
                    c.base_url.trim_end_matches('/'),
                    c.graph_version.trim_matches('/')
                );
                let kind = Kind::Meta(provider::meta::Meta {
                    waba_id: c.waba_id,
                    phone_number_id: c.phone_number_id,
                });
                (Provider::Meta, base, Auth::Bearer(c.token), kind)
            }
            ProviderConfig::Turn(c) => (
                Provider::Turn,
                c.base_url,
                Auth::Bearer(c.token),
                Kind::Turn(provider::turn::Turn),
            ),
            ProviderConfig::Serpro(c) => {
                let auth = match c.auth {
                    SerproAuth::Token(t) => Auth::Bearer(t),
                    SerproAuth::ClientCredentials {
                        client_id,
                        client_secret,
                    } => {
                        let base = transport::parse_secure_url(&c.base_url)?;
                        let token_url = transport::build_url(&base, &c.token_path, &[])?;
                        Auth::ClientCredentials {
                            token_url,
                            client_id,
                            client_secret,
                            cache: Default::default(),
                        }
                    }
                };
                (
                    Provider::Serpro,
                    c.base_url,
                    auth,
                    Kind::Serpro(provider::serpro::Serpro { waba_id: c.waba_id }),
                )
            }
            ProviderConfig::Dreams(c) => {
                let kind = Kind::Dreams(provider::dreams::Dreams {
                    waba_id: c.waba_id,
                    deprecate_path: c.deprecate_path,
                });
                (
                    Provider::Dreams,
                    c.base_url,
                    Auth::AccessKey(c.access_key),
                    kind,
                )
            }
            ProviderConfig::Jelou(c) => {
                let auth = Auth::Basic {
                    user: c.client_id,
                    password: c.client_secret,
                };
                (
                    Provider::Jelou,
                    c.base_url,
                    auth,
                    Kind::Jelou(provider::jelou::Jelou { bot_id: c.bot_id }),
                )
            }
        };
        let transport = Transport::new(provider, &base, auth, &options)?;
        Ok(Self {
            inner: Arc::new(Inner { transport, kind }),
        })
    }

    /// Which provider this client talks to.
    pub fn provider(&self) -> Provider {
        self.inner.transport.provider
    }

    /// Creates a flow (§G.1 #1). **Never retried**: on an ambiguous failure
    /// ([`ApiError::is_ambiguous`]) call [`find_flow_by_name`](Self::find_flow_by_name) first.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// use flow_dsl::api::{Category, CreateFlow};
    /// let req = CreateFlow::new("Survey", [Category::Survey]);
    /// let id = match client.create_flow(&req).await {
    ///     Ok(created) => created.id,
    ///     Err(e) if e.is_ambiguous() => match client.find_flow_by_name(&req.name).await? {
    ///         Some(flow) => flow.id,
    ///         None => client.create_flow(&req).await?.id,
    ///     },
    ///     Err(e) => return Err(e),
    /// };
    /// # let _ = id; Ok(()) }
    /// ```
    pub async fn create_flow(&self, req: &CreateFlow) -> Result<CreatedFlow, ApiError> {
        dispatch!(self.create_flow(req))
    }

    /// Updates name, categories, endpoint URI or application id (§G.1 #2).
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// client.update_metadata("1234", &flow_dsl::api::UpdateMetadata::default().name("New name")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_metadata(
        &self,
        flow_id: &str,
        update: &UpdateMetadata,
    ) -> Result<(), ApiError> {
        dispatch!(self.update_metadata(flow_id, update))
    }

    /// Uploads (replaces) the Flow JSON of a flow (§G.1 #3) and returns Meta's validation
    /// errors, in the local validator's type. An upload with errors is still saved as a draft.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// let errors = client.upload_flow_json("1234", r#"{"version":"7.2","screens":[]}"#).await?;
    /// assert!(errors.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn upload_flow_json(
        &self,
        flow_id: &str,
        json: &str,
    ) -> Result<Vec<ValidationError>, ApiError> {
        dispatch!(self.upload_flow_json(flow_id, json))
    }

    /// Lists a flow's assets (§G.1 #4).
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// for asset in client.list_assets("1234").await? { println!("{} {}", asset.name, asset.download_url); }
    /// # Ok(()) }
    /// ```
    pub async fn list_assets(&self, flow_id: &str) -> Result<Vec<FlowAsset>, ApiError> {
        dispatch!(self.list_assets(flow_id))
    }

    /// Downloads the current Flow JSON text (through the asset's temporary URL, fetched without
    /// credentials, or SERPRO's `json-asset`).
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// let json = client.download_flow_json("1234").await?;
    /// # let _ = json; Ok(()) }
    /// ```
    pub async fn download_flow_json(&self, flow_id: &str) -> Result<String, ApiError> {
        dispatch!(self.download_flow_json(flow_id))
    }

    /// Publishes a draft (§G.1 #5). Irreversible.
    ///
    /// Safe to retry: when an attempt's answer is lost (timeout, 5xx) and the retry is refused
    /// (HTTP 400/409/422, e.g. 139002 "not a draft") while the flow is now PUBLISHED, the earlier
    /// attempt did it and this is success. A refusal of the first and only attempt is returned
    /// as is, even for a flow published long ago: Turn.io answers 400 "Flow is not in DRAFT
    /// status", and that is what the caller must see.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// client.publish("1234").await?;
    /// # Ok(()) }
    /// ```
    pub async fn publish(&self, flow_id: &str) -> Result<(), ApiError> {
        let (result, retried) = watch_retries(async { dispatch!(self.publish(flow_id)) }).await;
        self.settle(flow_id, result, retried, FlowStatus::Published)
            .await
    }

    /// Deprecates a published flow (§G.1 #6). Safe to retry like [`publish`](Self::publish):
    /// a refused retry for a flow now DEPRECATED is success.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// client.deprecate("1234").await?;
    /// # Ok(()) }
    /// ```
    pub async fn deprecate(&self, flow_id: &str) -> Result<(), ApiError> {
        let (result, retried) = watch_retries(async { dispatch!(self.deprecate(flow_id)) }).await;
        self.settle(flow_id, result, retried, FlowStatus::Deprecated)
            .await
    }

    /// Turns a refusal (400, 409, 422) of a retried status change into success when the flow
    /// has the target status; otherwise returns `result` unchanged (a failed status read keeps
    /// the first error).
    async fn settle(
        &self,
        flow_id: &str,
        result: Result<(), ApiError>,
        retried: bool,
        target: FlowStatus,
    ) -> Result<(), ApiError> {
        let Err(err) = result else { return Ok(()) };
        if !retried || !matches!(err.status(), Some(400 | 409 | 422)) {
            return Err(err);
        }
        match self
            .get_flow(flow_id, &[FlowField::Id, FlowField::Status])
            .await
        {
            Ok(flow) if flow.status.as_ref() == Some(&target) => {
                tracing::info!(flow_id, status = %target, "already in the target status");
                Ok(())
            }
            _ => Err(err),
        }
    }

    /// Deletes a draft (§G.1 #7).
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// client.delete_flow("1234").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_flow(&self, flow_id: &str) -> Result<(), ApiError> {
        dispatch!(self.delete_flow(flow_id))
    }

    /// Gets a flow (§G.1 #8). Empty `fields` asks for the provider's defaults.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// use flow_dsl::api::FlowField;
    /// let flow = client.get_flow("1234", &[FlowField::Status, FlowField::Preview { invalidate: Some(true) }]).await?;
    /// println!("{:?} {:?}", flow.status, flow.preview.map(|p| p.preview_url));
    /// # Ok(()) }
    /// ```
    pub async fn get_flow(&self, flow_id: &str, fields: &[FlowField]) -> Result<Flow, ApiError> {
        dispatch!(self.get_flow(flow_id, fields))
    }

    /// The fields a plain [`get_flow`](Self::get_flow) shows on this provider: every field on
    /// Meta, and on the others the ones their documents list (Turn.io's list entries, SERPRO's
    /// default set, Dreams' detail answer). Asking for others is [`ApiError::Unsupported`].
    ///
    /// ```
    /// use flow_dsl::api::{FlowField, FlowsClient, SerproConfig};
    /// let client = FlowsClient::new(SerproConfig::with_token("t", "1")).unwrap();
    /// assert!(!client.documented_fields().contains(&FlowField::JsonVersion));
    /// ```
    pub fn documented_fields(&self) -> Vec<FlowField> {
        match &self.inner.kind {
            Kind::Meta(_) => FlowField::all(),
            Kind::Turn(_) => provider::turn::FIELDS.to_vec(),
            Kind::Serpro(_) => provider::serpro::FIELDS.to_vec(),
            Kind::Dreams(_) => provider::dreams::FIELDS.to_vec(),
            Kind::Jelou(_) => Vec::new(),
        }
    }

    /// The flow's web preview; `invalidate` asks Meta for a fresh URL (`preview.invalidate(true)`).
    /// `None` when the provider answers without a preview. Append parameters with
    /// [`Preview::url_with`].
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// use flow_dsl::api::PreviewParams;
    /// if let Some(p) = client.preview("1234", true).await? {
    ///     println!("{}", p.url_with(&PreviewParams { interactive: true, ..Default::default() })?);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn preview(
        &self,
        flow_id: &str,
        invalidate: bool,
    ) -> Result<Option<Preview>, ApiError> {
        let field = FlowField::Preview {
            invalidate: invalidate.then_some(true),
        };
        Ok(self
            .get_flow(flow_id, &[FlowField::Id, field])
            .await?
            .preview)
    }

    /// Lists one page of flows (§G.1 #9).
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// let page = client.list_flows(&flow_dsl::api::ListFlows::default()).await?;
    /// println!("{} flows, next: {:?}", page.data.len(), page.next_cursor());
    /// # Ok(()) }
    /// ```
    pub async fn list_flows(&self, page: &ListFlows) -> Result<Page<Flow>, ApiError> {
        dispatch!(self.list_flows(page))
    }

    /// Lists every flow, following Graph's `after` cursor while a `next` page exists.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// let all = client.list_all_flows().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub async fn list_all_flows(&self) -> Result<Vec<Flow>, ApiError> {
        let mut out = Vec::new();
        let mut req = ListFlows::default();
        for _ in 0..MAX_PAGES {
            let page = self.list_flows(&req).await?;
            let next = page.next_cursor().map(str::to_owned);
            let empty = page.data.is_empty();
            out.extend(page.data);
            match next {
                Some(cursor) if !empty && req.after.as_deref() != Some(cursor.as_str()) => {
                    req.after = Some(cursor)
                }
                _ => return Ok(out),
            }
        }
        Ok(out)
    }

    /// The flow named `name`, if any: how to reconcile after an ambiguous create failure.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// if let Some(flow) = client.find_flow_by_name("Survey").await? { println!("exists: {}", flow.id); }
    /// # Ok(()) }
    /// ```
    pub async fn find_flow_by_name(&self, name: &str) -> Result<Option<Flow>, ApiError> {
        Ok(self
            .list_all_flows()
            .await?
            .into_iter()
            .find(|f| f.name.as_deref() == Some(name)))
    }

    /// Copies flows from another WABA of the same business into this client's WABA (§G.1 #10).
    /// Not retried.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// use flow_dsl::api::MigrateFlows;
    /// let r = client.migrate_flows(&MigrateFlows { source_waba_id: "111".into(), source_flow_names: vec!["survey".into()] }).await?;
    /// println!("{} copied, {} failed", r.migrated_flows.len(), r.failed_flows.len());
    /// # Ok(()) }
    /// ```
    pub async fn migrate_flows(&self, req: &MigrateFlows) -> Result<MigrationResult, ApiError> {
        dispatch!(self.migrate_flows(req))
    }

    /// Reads an endpoint metric of a flow (§G.9).
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// use flow_dsl::api::{Granularity, MetricName, MetricsQuery};
    /// let m = client.metrics("1234", &MetricsQuery::new(MetricName::EndpointRequestCount, Granularity::Day)).await?;
    /// # let _ = m; Ok(()) }
    /// ```
    pub async fn metrics(
        &self,
        flow_id: &str,
        query: &MetricsQuery,
    ) -> Result<FlowMetric, ApiError> {
        dispatch!(self.metrics(flow_id, query))
    }

    /// Reads the business public key of the client's phone number (§G.1 #12).
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// let key = client.get_business_public_key().await?;
    /// println!("{:?}", key.business_public_key_signature_status);
    /// # Ok(()) }
    /// ```
    pub async fn get_business_public_key(&self) -> Result<BusinessPublicKey, ApiError> {
        dispatch!(self.get_business_public_key())
    }

    /// Registers the business public key (PEM) of the client's phone number (§G.1 #11).
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// client.set_business_public_key("-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n").await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_business_public_key(&self, pem: &str) -> Result<(), ApiError> {
        dispatch!(self.set_business_public_key(pem))
    }

    /// Sends an interactive flow message (§G.5). Not retried.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// use flow_dsl::api::{FlowAction, FlowRef, SendFlow};
    /// let sent = client.send_flow(&SendFlow::new("5511999999999", FlowRef::Id("1234".into()),
    ///     "Book!", "Book an appointment", FlowAction::navigate("WELCOME"))).await?;
    /// println!("{:?}", sent.id);
    /// # Ok(()) }
    /// ```
    pub async fn send_flow(&self, msg: &SendFlow) -> Result<SentMessage, ApiError> {
        dispatch!(self.send_flow(msg))
    }

    /// [`send_flow`](Self::send_flow) after [`check_send`] against the flow document at hand:
    /// the screen must be an entry screen and the data must match its declaration.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient, doc: serde_json::Value) -> Result<(), flow_dsl::api::ApiError> {
    /// use flow_dsl::api::{FlowAction, FlowRef, SendFlow};
    /// let msg = SendFlow::new("5511999999999", FlowRef::Id("1234".into()), "Book!", "Hi", FlowAction::navigate("WELCOME"));
    /// client.send_flow_checked(&msg, &doc).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_flow_checked(
        &self,
        msg: &SendFlow,
        flow_document: &Value,
    ) -> Result<SentMessage, ApiError> {
        check_send(msg, flow_document)?;
        self.send_flow(msg).await
    }

    /// Creates a message template with a FLOW button (§G.6). Not retried.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// use flow_dsl::api::{FlowTemplate, TemplateFlow};
    /// let t = FlowTemplate::new("book_now", "en_US", "MARKETING", "Book your slot", "Book!", TemplateFlow::Id("1234".into()));
    /// let created = client.create_flow_template(&t).await?;
    /// # let _ = created; Ok(()) }
    /// ```
    pub async fn create_flow_template(
        &self,
        template: &FlowTemplate,
    ) -> Result<CreatedTemplate, ApiError> {
        dispatch!(self.create_flow_template(template))
    }

    /// Sends a template whose button opens a flow (§G.6). Not retried.
    ///
    /// ```no_run
    /// # async fn demo(client: flow_dsl::api::FlowsClient) -> Result<(), flow_dsl::api::ApiError> {
    /// use flow_dsl::api::SendFlowTemplate;
    /// client.send_flow_template(&SendFlowTemplate::new("5511999999999", "book_now", "en_US")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_flow_template(
        &self,
        msg: &SendFlowTemplate,
    ) -> Result<SentMessage, ApiError> {
        dispatch!(self.send_flow_template(msg))
    }
}
