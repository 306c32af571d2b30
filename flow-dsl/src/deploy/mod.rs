//! Deploy flows as plan → apply, idempotently, with a lockfile per environment.
//!
//! One deploy per lockfile at a time: [`Deployer::deploy`] and [`Deployer::apply`] hold an
//! advisory lock on `<lockfile>.lock` (released by the OS even if the process is killed), so a
//! second deploy of the same environment waits for the first, up to
//! [`DeployOptions::lock_wait`]. A plan made before another deploy changed the lockfile is
//! refused by `apply` (plan again) rather than applied over the newer lockfile. The lock is
//! local to one machine (or one shared file system that supports `flock`); deploys from
//! different machines to one account still need serializing, e.g. a CI concurrency group.
//!
//! ```no_run
//! # async fn demo() -> Result<(), flow_dsl::deploy::DeployError> {
//! use flow_dsl::api::Category;
//! use flow_dsl::deploy::{DeployOptions, Deployer, FlowSource, Target};
//!
//! let target = Target::from_env_or_sandbox(".flow-dsl/sandbox.json".as_ref()).await?;
//! let flows = vec![FlowSource::from_file("flows/survey.json", None, [Category::Survey])?];
//! let deployer = Deployer::new(target, DeployOptions::new("dev").publish(true));
//! let plan = deployer.plan(&flows).await?;
//! println!("{plan}");
//! let report = deployer.apply(plan).await?;
//! println!("{report}");
//! # Ok(()) }
//! ```
//!
//! # Plan
//!
//! Every flow is validated locally first; invalid flows stop the deploy with the validator's
//! findings ([`DeployError::Invalid`]) unless [`DeployOptions::force`] is set. Then each flow
//! gets one [`Action`]:
//!
//! | Lockfile says | Content (JSON or metadata) | Action |
//! |---|---|---|
//! | nothing | — | [`Action::Create`] (or [`Action::Adopt`] when a listing shows the name exists) |
//! | DRAFT | changed | [`Action::Update`] (+ publish with `publish`) |
//! | DRAFT | same | [`Action::Unchanged`], or [`Action::Publish`] with `publish` |
//! | PUBLISHED (or THROTTLED, BLOCKED, DEPRECATED) | same | [`Action::Unchanged`] |
//! | PUBLISHED | changed | [`Action::NewVersion`]; [`Action::EditPublished`] with `allow_edit_published` |
//!
//! # Requests
//!
//! - A flow unchanged since the lockfile costs **no request**: a no-op deploy makes none at all
//!   (with [`DeployOptions::verify`], exactly one list call that checks the lockfile against the
//!   server).
//! - A new flow costs **one request** on Meta and Turn.io: the create carries the Flow JSON.
//!   SERPRO and Dreams take no JSON at create: create, then upload.
//! - A missing lockfile does not duplicate flows. On Meta, names are unique per WABA: the create
//!   is refused (error 100) and the existing flow of that name is adopted after listing flows by
//!   name. On other providers, planning lists the flows once and adopts by name.
//! - A create is never blindly retried. After an ambiguous failure (timeout, dropped connection,
//!   5xx) flows are listed by name: found → adopted, not found → created again.
//! - Before uploading to a flow the lockfile believes is a DRAFT, one GET checks its status
//!   (skipped with `verify`, whose listing already did), so a flow published by hand since the
//!   last deploy is not altered silently.
//! - Flows are applied concurrently ([`DeployOptions::concurrency`], default 8). The client
//!   honours `Retry-After` per call; rate limits that still surface pause every task, with a
//!   doubling pause (0.5 s up to 30 s).
//!
//! # The published-flow policy
//!
//! A PUBLISHED flow is never altered silently. By default a changed published flow gets a **new
//! flow** named `NAME (v2)` (then `v3`, …) carrying the new JSON, published too when `publish` is
//! set; the lockfile then points the logical name at the new flow and keeps the old ids in
//! `previous_versions`. The old flow stays exactly as it was: PUBLISHED and sendable.
//!
//! Why this default: editing a published flow in place moves it back to DRAFT on Meta until it
//! is published again, so a deploy without `publish` would take a live flow out of service;
//! flows created before 2024-11 and WABAs with On-Prem numbers can't be edited at all (139001);
//! and publishing is irreversible, so a bad edit cannot be rolled back, whereas with a new
//! version the old flow keeps serving until you deprecate it. The cost is a new flow id, which
//! the report and the lockfile show. [`DeployOptions::allow_edit_published`] opts into editing
//! in place instead (the flow keeps its id; it is a DRAFT until published again).
//!
//! # Lockfile
//!
//! See [`Lockfile`]: `flow-dsl.lock.<ENV>.json`, rewritten atomically after every change the
//! server confirmed, so a crash or a cancelled deploy leaves a whole file and the next deploy
//! picks up where this one stopped.

mod apply;
mod hash;
mod lockfile;
mod manifest;
mod plan;
mod quick;
mod source;
mod target;

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use flow_model::ValidationError;
use serde::Serialize;

pub use hash::{content_hash, content_hash_of_value, metadata_hash};
pub(crate) use lockfile::hold as hold_lockfile;
pub use lockfile::{LOCKFILE_FORMAT, LockedFlow, Lockfile, PreviousVersion, lockfile_path};
pub use manifest::{Manifest, ManifestFlow};
pub use plan::{Action, Plan, PlannedFlow, versioned_name};
pub use quick::{SANDBOX_STATE, deploy, deploy_main};
pub use source::{FlowDocument, FlowSource, RustOrigins};
pub use target::{SANDBOX_PHONE_NUMBER_ID, SANDBOX_WABA_ID, Target};

use crate::api::{ApiError, FlowStatus};

/// Default number of flows applied at the same time.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// Default [`DeployOptions::lock_wait`].
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(30);

/// Settings of a deploy.
///
/// ```
/// use flow_dsl::deploy::DeployOptions;
/// let opts = DeployOptions::new("prod").publish(true).concurrency(4).lockfile_dir("deploy");
/// assert_eq!(opts.lockfile_path().to_str(), Some("deploy/flow-dsl.lock.prod.json"));
/// assert!(!opts.allow_edit_published);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployOptions {
    /// Environment name: selects the lockfile.
    pub environment: String,
    /// Directory of the lockfile (default: the current directory).
    pub lockfile_dir: PathBuf,
    /// Explicit lockfile path, overriding `lockfile_dir` + environment.
    pub lockfile: Option<PathBuf>,
    /// Publish drafts after uploading (irreversible; never the default).
    pub publish: bool,
    /// Deploy flows with local validation errors anyway.
    pub force: bool,
    /// Upload to a changed PUBLISHED flow (moving it to DRAFT) instead of creating `NAME (vN)`.
    pub allow_edit_published: bool,
    /// Flows applied at the same time (at least 1).
    pub concurrency: usize,
    /// List the server's flows once while planning and trust it over the lockfile.
    pub verify: bool,
    /// How long to wait for another deploy of the same lockfile to finish (default 30 s).
    pub lock_wait: Duration,
}

impl DeployOptions {
    /// Defaults for an environment: lockfile in the current directory, no publish, concurrency
    /// [`DEFAULT_CONCURRENCY`].
    pub fn new(environment: impl Into<String>) -> Self {
        Self {
            environment: environment.into(),
            lockfile_dir: PathBuf::from("."),
            lockfile: None,
            publish: false,
            force: false,
            allow_edit_published: false,
            concurrency: DEFAULT_CONCURRENCY,
            verify: false,
            lock_wait: DEFAULT_LOCK_WAIT,
        }
    }
    /// Sets `publish`.
    pub fn publish(mut self, yes: bool) -> Self {
        self.publish = yes;
        self
    }
    /// Sets `force`.
    pub fn force(mut self, yes: bool) -> Self {
        self.force = yes;
        self
    }
    /// Sets `allow_edit_published`.
    pub fn allow_edit_published(mut self, yes: bool) -> Self {
        self.allow_edit_published = yes;
        self
    }
    /// Sets `concurrency`.
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }
    /// Sets `verify`.
    pub fn verify(mut self, yes: bool) -> Self {
        self.verify = yes;
        self
    }
    /// Sets `lock_wait`.
    pub fn lock_wait(mut self, wait: Duration) -> Self {
        self.lock_wait = wait;
        self
    }
    /// Sets the lockfile directory.
    pub fn lockfile_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.lockfile_dir = dir.into();
        self
    }
    /// Sets an explicit lockfile path.
    pub fn lockfile(mut self, path: impl Into<PathBuf>) -> Self {
        self.lockfile = Some(path.into());
        self
    }
    /// The lockfile this deploy reads and writes.
    pub fn lockfile_path(&self) -> PathBuf {
        self.lockfile
            .clone()
            .unwrap_or_else(|| lockfile_path(&self.lockfile_dir, &self.environment))
    }
}

/// A flow refused by local validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvalidFlow {
    /// Logical name.
    pub name: String,
    /// Its file, if any.
    pub origin: Option<PathBuf>,
    /// The validator's errors, in Meta's `validation_errors` shape (with line and column).
    pub errors: Vec<ValidationError>,
}

/// Why a deploy could not run (per-flow failures are in the [`DeployReport`] instead).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeployError {
    /// Local validation found errors (deploy with `force` to send them anyway).
    #[error("{} invalid flow(s): {}", .0.len(), invalid_summary(.0))]
    Invalid(Vec<InvalidFlow>),
    /// Two flows have the same name.
    #[error("two flows are named {0:?}")]
    DuplicateName(String),
    /// An input file could not be read.
    #[error("{}: {reason}", path.display())]
    Input {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The lockfile could not be read or written.
    #[error("lockfile {}: {reason}", path.display())]
    Lockfile {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The lockfile belongs to another account.
    #[error(
        "lockfile {} belongs to {locked}, not {target}: use another --env (or lockfile) per account",
        lockfile.display()
    )]
    TargetMismatch {
        /// The lockfile.
        lockfile: PathBuf,
        /// Its target.
        locked: String,
        /// This deploy's target.
        target: String,
    },
    /// A draft was uploaded but not published because the server reported validation errors.
    #[error("{name}: not published: the server reported {errors} validation error(s)")]
    NotPublished {
        /// Logical name.
        name: String,
        /// How many errors.
        errors: usize,
    },
    /// The server kept the uploaded Flow JSON as a draft but reported validation errors in it
    /// (listed in [`FlowOutcome::validation_errors`]); the lockfile does not count the flow as
    /// deployed, so the next deploy uploads again.
    #[error(
        "{name}: the server reported {errors} validation error(s) in the uploaded Flow JSON; fix \
         them and deploy again"
    )]
    Rejected {
        /// Logical name.
        name: String,
        /// How many errors.
        errors: usize,
    },
    /// The API refused or failed.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The embedded sandbox could not start.
    #[error("embedded sandbox: {0}")]
    Sandbox(String),
    /// Inconsistent settings.
    #[error("{0}")]
    Config(String),
}

fn invalid_summary(flows: &[InvalidFlow]) -> String {
    flows
        .iter()
        .map(|f| format!("{} ({} errors)", f.name, f.errors.len()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One thing done to a flow during apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// A flow was created.
    Created {
        /// Its id.
        id: String,
    },
    /// An existing flow of the same name was taken over.
    Adopted {
        /// Its id.
        id: String,
    },
    /// The Flow JSON was uploaded.
    Uploaded,
    /// Categories / endpoint URI / application id were updated.
    MetadataUpdated,
    /// The flow was renamed in place.
    Renamed {
        /// Its new name on the server.
        name: String,
    },
    /// The flow was published.
    Published,
    /// A published flow differed and was left alone; a new version follows.
    Superseded,
}

/// What happened to one flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowOutcome {
    /// Logical name.
    pub name: String,
    /// The planned action.
    pub action: Action,
    /// What was done, in order.
    pub steps: Vec<Step>,
    /// The flow's id now (the new one after a create or a new version).
    pub id: Option<String>,
    /// Its name on the server.
    pub remote_name: String,
    /// Its status as far as this deploy knows.
    pub status: Option<FlowStatus>,
    /// `validation_errors` returned by the server for the uploaded JSON.
    pub validation_errors: Vec<ValidationError>,
    /// For a flow built in Rust: the builder call (`file:line:column`) behind each entry of
    /// `validation_errors`, in the same order (`None` where no path maps).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rust_locations: Vec<Option<String>>,
    /// Why this flow failed, if it did (the lockfile keeps whatever succeeded before).
    pub error: Option<String>,
}

impl FlowOutcome {
    fn planned(p: &PlannedFlow) -> Self {
        Self {
            name: p.name.clone(),
            action: p.action.clone(),
            steps: Vec::new(),
            id: p.id.clone(),
            remote_name: p.remote_name.clone(),
            status: p.status.clone(),
            validation_errors: Vec::new(),
            rust_locations: Vec::new(),
            error: None,
        }
    }

    /// Whether this flow ended without error.
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
}

/// The result of a deploy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeployReport {
    /// Environment name.
    pub environment: String,
    /// Target label.
    pub target: String,
    /// The lockfile written.
    pub lockfile: PathBuf,
    /// Wall time of the apply.
    pub elapsed_ms: u64,
    /// One entry per flow, in input order.
    pub flows: Vec<FlowOutcome>,
}

impl DeployReport {
    /// Whether every flow succeeded.
    pub fn is_success(&self) -> bool {
        self.flows.iter().all(FlowOutcome::is_ok)
    }

    /// The flows that failed.
    pub fn failed(&self) -> impl Iterator<Item = &FlowOutcome> {
        self.flows.iter().filter(|f| !f.is_ok())
    }

    /// The outcome of the flow with this logical name.
    pub fn flow(&self, name: &str) -> Option<&FlowOutcome> {
        self.flows.iter().find(|f| f.name == name)
    }
}

impl fmt::Display for DeployReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "deployed to {} ({}) in {} ms:",
            self.environment, self.target, self.elapsed_ms
        )?;
        for o in &self.flows {
            let id = o.id.as_deref().unwrap_or("-");
            let status = o.status.as_ref().map_or("-", |s| s.as_str());
            let steps = if o.steps.is_empty() {
                if o.is_ok() { "unchanged" } else { "failed" }.to_owned()
            } else {
                o.steps
                    .iter()
                    .map(|s| match s {
                        Step::Created { .. } => "created",
                        Step::Adopted { .. } => "adopted",
                        Step::Uploaded => "uploaded",
                        Step::MetadataUpdated => "metadata updated",
                        Step::Renamed { .. } => "renamed",
                        Step::Published => "published",
                        Step::Superseded => "superseded",
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            writeln!(f, "  {:<28} {id:<18} {status:<10} {steps}", o.remote_name)?;
            for (i, e) in o.validation_errors.iter().enumerate() {
                writeln!(f, "      server: {e}")?;
                if let Some(Some(at)) = o.rust_locations.get(i) {
                    writeln!(f, "        built at {at}")?;
                }
            }
            if let Some(e) = &o.error {
                writeln!(f, "      error: {e}")?;
            }
        }
        let failed = self.failed().count();
        if failed == 0 {
            write!(f, "  = all {} flows ok", self.flows.len())
        } else {
            write!(f, "  = {failed} of {} flows failed", self.flows.len())
        }
    }
}

/// Called once per flow as soon as it is done (drives a progress bar).
pub type ProgressFn = Arc<dyn Fn(&FlowOutcome) + Send + Sync>;

/// Plans and applies deploys against one [`Target`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), flow_dsl::deploy::DeployError> {
/// use flow_dsl::api::Category;
/// use flow_dsl::deploy::{Action, DeployOptions, Deployer, FlowSource, Target};
/// let dir = tempfile::tempdir().unwrap();
/// let target = Target::embedded_sandbox(None).await?;
/// let deployer = Deployer::new(target, DeployOptions::new("test").lockfile_dir(dir.path()));
/// let json = r#"{"version":"7.2","screens":[{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#;
/// let flows = [FlowSource::from_text("hello", json, [Category::Other])];
/// let report = deployer.deploy(&flows).await?;
/// assert!(report.is_success());
/// let again = deployer.plan(&flows).await?;
/// assert_eq!(again.flows[0].action, Action::Unchanged);
/// # Ok(()) }
/// ```
pub struct Deployer {
    target: Target,
    options: DeployOptions,
    progress: Option<ProgressFn>,
}

impl fmt::Debug for Deployer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deployer")
            .field("target", &self.target)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Deployer {
    /// A deployer for `target` with `options`.
    pub fn new(target: Target, options: DeployOptions) -> Self {
        Self {
            target,
            options,
            progress: None,
        }
    }

    /// Calls `f` with each flow's outcome as soon as it is done.
    pub fn on_progress(mut self, f: impl Fn(&FlowOutcome) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// The target.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The options.
    pub fn options(&self) -> &DeployOptions {
        &self.options
    }

    /// Validates the flows and decides what to do with each, changing nothing. Makes no request
    /// unless a listing is needed (`verify`, or flows missing from the lockfile on a provider
    /// other than Meta), and then exactly one list call (more only if the list is paged).
    pub async fn plan(&self, flows: &[FlowSource]) -> Result<Plan, DeployError> {
        plan::plan(&self.target, &self.options, flows).await
    }

    /// Applies a plan from [`plan`](Self::plan). Per-flow failures are reported in the
    /// [`DeployReport`], not as an error; the lockfile keeps every change that succeeded.
    ///
    /// Waits for any other deploy of the same lockfile to finish, then refuses the plan if that
    /// deploy changed the lockfile since the plan was made.
    pub async fn apply(&self, plan: Plan) -> Result<DeployReport, DeployError> {
        let _held = self.hold_fresh(&plan).await?;
        apply::apply(&self.target, &self.options, plan, self.progress.as_deref()).await
    }

    /// [`apply`](Self::apply), calling `progress` with each flow's outcome as soon as it is done
    /// (instead of the callback set with [`on_progress`](Self::on_progress)).
    pub async fn apply_observed(
        &self,
        plan: Plan,
        progress: &(dyn Fn(&FlowOutcome) + Send + Sync),
    ) -> Result<DeployReport, DeployError> {
        let _held = self.hold_fresh(&plan).await?;
        apply::apply(&self.target, &self.options, plan, Some(progress)).await
    }

    /// [`plan`](Self::plan), then [`apply`](Self::apply), holding the lockfile's lock from
    /// before the plan to the end, so a concurrent deploy of the same environment waits rather
    /// than making the plan stale.
    pub async fn deploy(&self, flows: &[FlowSource]) -> Result<DeployReport, DeployError> {
        let _held = self.hold().await?;
        let plan = self.plan(flows).await?;
        self.apply_held(plan, self.progress.as_deref()).await
    }

    /// Takes the lock of this deploy's lockfile, for a plan and an
    /// [`apply_held`](Self::apply_held) made while it is held.
    pub(crate) async fn hold(&self) -> Result<crate::file_lock::FileLock, DeployError> {
        hold_lockfile(&self.options.lockfile_path(), self.options.lock_wait).await
    }

    /// Applies a plan made under [`hold`](Self::hold) (taking the lock again from the same
    /// process would wait for itself).
    pub(crate) async fn apply_held(
        &self,
        plan: Plan,
        progress: Option<&(dyn Fn(&FlowOutcome) + Send + Sync)>,
    ) -> Result<DeployReport, DeployError> {
        apply::apply(&self.target, &self.options, plan, progress).await
    }

    /// Takes the lock of the plan's lockfile and checks that the file is still what the plan
    /// was made from.
    async fn hold_fresh(&self, plan: &Plan) -> Result<crate::file_lock::FileLock, DeployError> {
        let held = hold_lockfile(&plan.lockfile, self.options.lock_wait).await?;
        let now = Lockfile::read(&plan.lockfile)?
            .unwrap_or_else(|| Lockfile::new(&plan.base.environment, &plan.base.target));
        if now != plan.base {
            return Err(DeployError::Lockfile {
                path: plan.lockfile.clone(),
                reason: "changed since this plan was made (another deploy of this environment \
                         ran meanwhile); make the plan again"
                    .into(),
            });
        }
        Ok(held)
    }

    /// Gives the target back (e.g. to shut the embedded sandbox down).
    pub fn into_target(self) -> Target {
        self.target
    }
}

/// Page size asked for when listing flows: large pages keep a verify or a reconciliation at one
/// request for accounts of up to this many flows (Graph caps the page size on its side).
const LIST_PAGE_SIZE: u32 = 100;

/// Every flow of the account, in pages of [`LIST_PAGE_SIZE`].
async fn list_all(client: &crate::api::FlowsClient) -> Result<Vec<crate::api::Flow>, ApiError> {
    let mut out = Vec::new();
    let mut req = crate::api::ListFlows::default().limit(LIST_PAGE_SIZE);
    // A loop guard: at most this many pages.
    for _ in 0..1000 {
        let page = client.list_flows(&req).await?;
        let next = page.next_cursor().map(str::to_owned);
        let empty = page.data.is_empty();
        out.extend(page.data);
        match next {
            Some(c) if !empty && req.after.as_deref() != Some(c.as_str()) => req.after = Some(c),
            _ => break,
        }
    }
    Ok(out)
}

/// The flow named `name`, listing with [`list_all`].
async fn find_by_name(
    client: &crate::api::FlowsClient,
    name: &str,
) -> Result<Option<crate::api::Flow>, ApiError> {
    Ok(list_all(client)
        .await?
        .into_iter()
        .find(|f| f.name.as_deref() == Some(name)))
}
