//! An in-process emulation of Meta's WhatsApp Flows Graph API, for development and tests.
//!
//! The sandbox is an axum HTTP server that speaks the Flows management API of spec §G.1 on the
//! same paths as `graph.facebook.com` (with any `/v{N}` version prefix, or none), applies the
//! lifecycle of §G.2 (DRAFT → PUBLISHED → DEPRECATED, delete only drafts, publish refused while
//! validation errors exist, names unique per WABA), answers errors in the Graph envelope with an
//! `fbtrace_id`, computes `validation_errors` with a pluggable [`Validator`], and injects faults
//! (latency, 429 with `Retry-After`, 5xx, dropped connections, dropped responses, stalls) under
//! test control.
//!
//! Ids: the sandbox knows the flow ids it issued; any other id in a path is taken as a WABA id or
//! a phone number id, so any string works as a WABA id.
//!
//! # Endpoints
//!
//! | Method and path | Notes |
//! |---|---|
//! | `POST /{WABA_ID}/flows` | JSON, form-urlencoded or multipart body; `name`, `categories` required; `flow_json`, `publish`, `clone_flow_id`, `endpoint_uri` optional |
//! | `GET /{WABA_ID}/flows` | `limit`, `after`, `before`, `fields`; newest first; `paging.cursors`, `next`, `previous` |
//! | `GET /{FLOW_ID}` | `fields` (default `id,name,status,categories,validation_errors`), incl. `preview.invalidate(…)`, `health_status`, `metric…` (always 139006) |
//! | `POST /{FLOW_ID}` | metadata: `name`, `categories`, `endpoint_uri`, `application_id` |
//! | `DELETE /{FLOW_ID}` | never-published drafts only |
//! | `POST /{FLOW_ID}/assets` | multipart exactly: `file`, `name=flow.json`, `asset_type=FLOW_JSON` |
//! | `GET /{FLOW_ID}/assets` | `download_url` served at `GET /sandbox/assets/{FLOW_ID}/flow.json` |
//! | `POST /{FLOW_ID}/publish`, `/deprecate` | |
//! | `POST /{DEST_WABA_ID}/migrate_flows` | `source_waba_id`, `source_flow_names` |
//! | `GET`/`POST /{PHONE_NUMBER_ID}/whatsapp_business_encryption` | PEM `business_public_key` |
//! | `POST /{PHONE_NUMBER_ID}/messages` | recorded in [`SandboxState::messages`]; flow messages are checked |
//! | `GET /sandbox/preview/{FLOW_ID}?token=…` | the `preview_url`: an HTML page showing the Flow JSON |
//!
//! # Choices where Meta's behaviour is not documented
//!
//! - `publish=true` on create when the JSON has validation errors (or another publishing check
//!   fails): the flow is created as a DRAFT and the response carries the `validation_errors`.
//! - Editing a PUBLISHED (or THROTTLED) flow's JSON or metadata makes it a DRAFT, but only when a
//!   value actually changes; the published JSON is kept in [`FlowRecord::published_json`], and such
//!   a draft cannot be deleted (139004). DEPRECATED and BLOCKED flows can't be edited (139001).
//! - Publishing checks the sandbox makes: DRAFT status, Flow JSON present, no validation errors,
//!   `endpoint_uri` set when the JSON has `data_api_version`. Phone numbers, keys, apps and
//!   webhooks are not checked.
//! - `endpoint_uri` must be `https://` (plain `http://` only for loopback hosts). Categories are
//!   Meta's eight plus `SHOPPING`.
//! - A `file` part with a content type other than `application/json` is refused; none is fine.
//! - `GET …/whatsapp_business_encryption` before any key was set gives error 100.
//! - Metrics always give 139006: the sandbox never has 250 endpoint requests.
//! - Injected rate limits use HTTP 429 and Graph code 80007 (see [`Faults::rate_limit_code`]);
//!   injected server errors use code 1.
//! - Create answers `{"id"}` alone when no `flow_json` was sent, as the spec describes.
//!
//! # Control routes
//!
//! Control routes (no faults, not logged; they need the token only when [`Auth::Token`] fixes
//! one): `GET /_sandbox/state`, `GET|DELETE /_sandbox/requests`, `GET|PUT|DELETE
//! /_sandbox/faults` (a [`Faults`] as JSON), `PUT /_sandbox/flows/{id}/status`
//! (`{"status":"THROTTLED"}`, the system transitions).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use flow_dsl::sandbox::{Faults, Sandbox, SandboxConfig};
//!
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?;
//! let client = reqwest::Client::new();
//! let created: serde_json::Value = client
//!     .post(format!("{}/v25.0/123/flows", sandbox.base_url()))
//!     .bearer_auth("any-token")
//!     .json(&serde_json::json!({
//!         "name": "signup",
//!         "categories": ["SIGN_UP"],
//!         "flow_json": r#"{"version":"7.2","screens":[{"id":"A"}]}"#,
//!         "publish": true,
//!     }))
//!     .send()
//!     .await?
//!     .json()
//!     .await?;
//! assert_eq!(created["success"], true);
//! assert_eq!(sandbox.requests().len(), 1);
//! sandbox.set_faults(Faults::latency(100))?;
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

mod conn;
mod control;
mod error;
mod faults;
mod fields;
mod ops;
mod params;
mod persist;
mod render;
mod requests;
mod routes;
mod state;
mod validate;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use error::GraphError;
pub use faults::{Fault, Faults};
/// The flow categories the sandbox accepts: flow-model's table (Meta's eight, and `SHOPPING`).
pub use flow_model::table::CATEGORIES;
pub use requests::{Operation, Outcome, RequestRecord};
pub use state::{FlowRecord, FlowStatus, Preview, STATE_FORMAT, SandboxState, SentMessage};
pub use validate::{Validator, default_validator};

use faults::FaultEngine;

/// How the sandbox checks access tokens.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Auth {
    /// Any non-empty bearer token (or `access_token` query parameter) is accepted; a missing one
    /// gives Graph error 190. The default.
    #[default]
    AnyToken,
    /// Only this token is accepted.
    Token(String),
    /// No token needed.
    Disabled,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AnyToken => f.write_str("AnyToken"),
            Self::Token(_) => f.write_str("Token(<redacted>)"),
            Self::Disabled => f.write_str("Disabled"),
        }
    }
}

/// Settings of [`Sandbox::start`].
///
/// ```
/// use flow_dsl::sandbox::{Auth, Faults, SandboxConfig};
/// let config = SandboxConfig {
///     auth: Auth::Token("secret".into()),
///     faults: Faults::latency(50),
///     ..SandboxConfig::default()
/// };
/// assert_eq!(config.addr.ip().to_string(), "127.0.0.1");
/// ```
#[derive(Clone)]
pub struct SandboxConfig {
    /// Where to listen; the default `127.0.0.1:0` picks a free port.
    pub addr: SocketAddr,
    /// Load the state from this JSON file at start (a missing file is an empty state) and save it
    /// atomically after every change.
    pub state_file: Option<PathBuf>,
    /// Faults active from the first request.
    pub faults: Faults,
    /// Token checking.
    pub auth: Auth,
    /// Computes `validation_errors` for uploaded Flow JSON; see [`default_validator`].
    pub validator: Validator,
    /// How long [`Sandbox::start`] waits for another sandbox using the same `state_file` to stop
    /// before it fails (default 10 s). Only one sandbox at a time may use a state file.
    pub state_lock_wait: std::time::Duration,
    /// With `state_file`: read it at start (a missing file is an empty state) but never lock,
    /// create or save it, so what happens to this sandbox leaves no file behind (what
    /// `deploy --dry-run` plans against).
    pub read_only_state: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            state_file: None,
            faults: Faults::default(),
            auth: Auth::default(),
            validator: default_validator(),
            state_lock_wait: std::time::Duration::from_secs(10),
            read_only_state: false,
        }
    }
}

impl std::fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("addr", &self.addr)
            .field("state_file", &self.state_file)
            .field("faults", &self.faults)
            .field("auth", &self.auth)
            .field("state_lock_wait", &self.state_lock_wait)
            .finish_non_exhaustive()
    }
}

/// Why the sandbox could not start or accept a setting.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The state file could not be read or parsed.
    #[error("sandbox state file {}: {reason}", path.display())]
    State {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A [`Faults`] value failed [`Faults::check`].
    #[error("invalid fault settings: {0}")]
    InvalidFaults(String),
}

/// The request log keeps at most this many entries; beyond it the oldest tenth is dropped, so a
/// long-running standalone sandbox does not grow without bound.
pub const MAX_LOGGED_REQUESTS: usize = 100_000;

/// Shared server state.
pub(crate) struct App {
    state: Mutex<SandboxState>,
    state_file: Option<PathBuf>,
    /// Held while the server runs; see [`persist::StateLock`].
    _state_lock: Option<persist::StateLock>,
    faults: Mutex<FaultEngine>,
    log: Mutex<Vec<RequestRecord>>,
    seq: AtomicU64,
    auth: Auth,
    validator: Validator,
    base_url: String,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the sandbox down with it.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl App {
    fn read<T>(&self, f: impl FnOnce(&SandboxState) -> T) -> T {
        f(&lock(&self.state))
    }

    /// Runs a change without saving (for reads that may touch derived data).
    fn inspect_mut<T>(
        &self,
        f: impl FnOnce(&mut SandboxState) -> Result<T, GraphError>,
    ) -> Result<T, GraphError> {
        f(&mut lock(&self.state))
    }

    /// Runs a change and, when it succeeds and a state file is configured, saves the state.
    /// Saving happens under the lock so the file always reflects the latest change. With a state
    /// file the change is made on a copy that replaces the state only once it is saved: a client
    /// never gets a success the next run would not remember.
    fn mutate<T>(
        &self,
        f: impl FnOnce(&mut SandboxState) -> Result<T, GraphError>,
    ) -> Result<T, GraphError> {
        let mut state = lock(&self.state);
        let Some(path) = &self.state_file else {
            return f(&mut state);
        };
        let mut next = state.clone();
        let out = f(&mut next)?;
        if let Err(e) = persist::save(path, &next) {
            tracing::error!("sandbox: cannot save state to {}: {e}", path.display());
            return Err(GraphError::state_not_saved(format!(
                "{}: {e}",
                path.display()
            )));
        }
        *state = next;
        Ok(out)
    }

    /// Whether the flow exists (and its new status is saved).
    fn set_status(&self, id: &str, status: FlowStatus) -> Result<bool, GraphError> {
        self.mutate(|s| Ok(s.set_status(id, status, render::now_unix())))
    }

    fn lock_faults(&self) -> MutexGuard<'_, FaultEngine> {
        lock(&self.faults)
    }

    /// Checks and installs fault settings (resetting the script and the generator).
    fn set_faults(&self, faults: Faults) -> Result<(), SandboxError> {
        faults.check().map_err(SandboxError::InvalidFaults)?;
        self.lock_faults().set(faults);
        Ok(())
    }

    fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::SeqCst)
    }

    fn log(&self, record: RequestRecord) {
        tracing::info!(
            target: "flow_dsl::sandbox",
            "{} {}{}{} -> {}{}",
            record.method,
            record.path,
            if record.query.is_some() { "?" } else { "" },
            record.query.as_deref().unwrap_or(""),
            record.status.map_or_else(|| "no response".to_owned(), |s| s.to_string()),
            record.fault.map_or_else(String::new, |f| format!(" (fault: {f:?})")),
        );
        let mut log = lock(&self.log);
        if log.len() >= MAX_LOGGED_REQUESTS {
            log.drain(..MAX_LOGGED_REQUESTS / 10);
        }
        log.push(record);
    }

    fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.log).clone()
    }

    fn clear_requests(&self) {
        lock(&self.log).clear();
    }
}

/// Entry point: [`Sandbox::start`].
#[derive(Debug)]
pub struct Sandbox;

impl Sandbox {
    /// Binds `config.addr`, loads the state file if any, and serves in the background until
    /// [`SandboxHandle::shutdown`] (or the handle is dropped).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), flow_dsl::sandbox::SandboxError> {
    /// use flow_dsl::sandbox::{Sandbox, SandboxConfig};
    /// let sandbox = Sandbox::start(SandboxConfig::default()).await?;
    /// assert!(sandbox.base_url().starts_with("http://127.0.0.1:"));
    /// sandbox.shutdown().await;
    /// # Ok(()) }
    /// ```
    pub async fn start(config: SandboxConfig) -> Result<SandboxHandle, SandboxError> {
        config.faults.check().map_err(SandboxError::InvalidFaults)?;
        // Lock before loading, so the state read is the last one saved; save once at start, so
        // an unwritable file fails here rather than after the first change is acknowledged.
        let (state, state_lock) = match &config.state_file {
            Some(path) if config.read_only_state => (persist::load(path)?, None),
            Some(path) => {
                let held = persist::acquire(path, config.state_lock_wait).await?;
                let state = persist::load(path)?;
                persist::save(path, &state).map_err(|e| SandboxError::State {
                    path: path.clone(),
                    reason: format!("cannot write it: {e}"),
                })?;
                (state, Some(held))
            }
            None => (SandboxState::default(), None),
        };
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| SandboxError::Bind {
                addr: config.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: config.addr,
            source,
        })?;
        let app = Arc::new(App {
            state: Mutex::new(state),
            state_file: config.state_file.filter(|_| !config.read_only_state),
            _state_lock: state_lock,
            faults: Mutex::new(FaultEngine::new(config.faults)),
            log: Mutex::new(Vec::new()),
            seq: AtomicU64::new(0),
            auth: config.auth,
            validator: config.validator,
            base_url: format!("http://{addr}"),
        });
        let router = Router::new()
            .fallback(routes::dispatch)
            .with_state(app.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let server = axum::serve(
            conn::KillableListener::new(listener),
            router.into_make_service_with_connect_info::<conn::ConnKill>(),
        )
        .with_graceful_shutdown(async move {
            let _ = rx.await;
        });
        let task = tokio::spawn(async move {
            if let Err(e) = server.await {
                tracing::error!("sandbox server stopped: {e}");
            }
        });
        Ok(SandboxHandle {
            app,
            addr,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

/// A running sandbox. Dropping it stops the server (without waiting); prefer
/// [`shutdown`](Self::shutdown).
#[derive(Debug)]
pub struct SandboxHandle {
    app: Arc<App>,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`, without a version prefix; Graph paths go after it, with or without
    /// `/v25.0`.
    pub fn base_url(&self) -> String {
        self.app.base_url.clone()
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A copy of the whole state (flows with name, status, JSON; keys; messages).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), flow_dsl::sandbox::SandboxError> {
    /// let sandbox = flow_dsl::sandbox::Sandbox::start(Default::default()).await?;
    /// assert!(sandbox.state().flows.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn state(&self) -> SandboxState {
        self.app.read(Clone::clone)
    }

    /// The flows, oldest first.
    pub fn flows(&self) -> Vec<FlowRecord> {
        self.app.read(|s| s.flows.values().cloned().collect())
    }

    /// The flow with this id.
    pub fn flow(&self, id: &str) -> Option<FlowRecord> {
        self.app.read(|s| s.flow(id).cloned())
    }

    /// Every logged request since start or the last [`clear_requests`](Self::clear_requests),
    /// in completion order. Control routes are not logged.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.app.requests()
    }

    /// How many logged requests were routed to `op`.
    pub fn count(&self, op: Operation) -> usize {
        self.app.requests().iter().filter(|r| r.is(op)).count()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        self.app.clear_requests();
    }

    /// Replaces the fault settings (resets the generator and the script).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), flow_dsl::sandbox::SandboxError> {
    /// use flow_dsl::sandbox::{Fault, Faults, Sandbox};
    /// let sandbox = Sandbox::start(Default::default()).await?;
    /// sandbox.set_faults(Faults::script([Fault::RateLimit, Fault::Pass, Fault::ServerError]))?;
    /// assert!(sandbox.set_faults(Faults { stall: 2.0, ..Faults::default() }).is_err());
    /// # Ok(()) }
    /// ```
    pub fn set_faults(&self, faults: Faults) -> Result<(), SandboxError> {
        self.app.set_faults(faults)
    }

    /// The current fault settings; `script` holds the part not consumed yet.
    pub fn faults(&self) -> Faults {
        self.app.lock_faults().current()
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.app.lock_faults().set(Faults::default());
    }

    /// Sets a flow's status directly, e.g. to THROTTLED or BLOCKED (system transitions that the
    /// API cannot cause). Returns false for an unknown id, and when the state file could not be
    /// saved (the status is then unchanged).
    pub fn set_flow_status(&self, id: &str, status: FlowStatus) -> bool {
        self.app.set_status(id, status).unwrap_or(false)
    }

    /// Stops accepting connections, lets in-flight requests finish (at most 5 s), and waits for
    /// the server task.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_can_cross_threads() {
        assert_send_sync::<SandboxHandle>();
        assert_send_sync::<SandboxConfig>();
        assert_send_sync::<SandboxError>();
        assert_send_sync::<GraphError>();
    }

    #[test]
    fn debug_never_shows_the_token() {
        let config = SandboxConfig {
            auth: Auth::Token("s3cr3t".into()),
            ..SandboxConfig::default()
        };
        assert!(!format!("{config:?}").contains("s3cr3t"));
    }
}
