//! Applying a plan: per-flow state machines run concurrently, each change written through to
//! the lockfile as soon as the server confirmed it.
//!
//! Per flow the states are `Create → (Adopt →) Existing → done`: a create refused as a
//! duplicate, or failing ambiguously (timeout, dropped connection, 5xx) and then found by
//! listing flows by name, continues as an adoption; an adopted or stale flow that turns out to
//! be published continues as a new version. Creates are never blindly repeated: a second
//! create is sent only after the listing showed the first one did not happen.

use std::future::Future;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;

use super::hash::content_hash;
use super::lockfile::{LockStore, LockedFlow, PreviousVersion};
use super::plan::{Action, Plan, PlannedFlow, versioned_name};
use super::{DeployError, DeployOptions, DeployReport, FlowOutcome, Step, Target};
use crate::api::{
    ApiError, CreateFlow, Flow, FlowField, FlowStatus, FlowsClient, GraphErrorKind, Provider,
    UpdateMetadata,
};

/// Attempts of one create when failures are ambiguous and the listing shows no flow.
const MAX_CREATE_ATTEMPTS: u32 = 4;
/// Retries of one call refused by a rate limit, on top of the client's own retries.
const MAX_RATE_LIMIT_RETRIES: u32 = 6;
/// Highest `NAME (vN)` deploy will create: a guard against a loop of versions.
const MAX_VERSION: u32 = 1000;
/// State transitions of one flow before giving up (create, adopt, existing, ... is ~4).
const MAX_TRANSITIONS: usize = 12;

/// A pause shared by every task of a deploy. The client already honours `Retry-After` for each
/// call; when rate limits still surface (a create, which the client never retries, or a call
/// whose retries ran out), every task waits, with the pause doubling while limits keep coming,
/// so that eight tasks do not keep hammering a limited account.
#[derive(Debug)]
struct RateGate {
    until: Mutex<Option<Instant>>,
    strikes: AtomicU32,
}

impl RateGate {
    const FIRST_PAUSE: Duration = Duration::from_millis(500);
    const MAX_PAUSE: Duration = Duration::from_secs(30);

    fn new() -> Self {
        Self {
            until: Mutex::new(None),
            strikes: AtomicU32::new(0),
        }
    }

    fn deadline(&self) -> Option<Instant> {
        *self
            .until
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn wait(&self) {
        while let Some(t) = self.deadline() {
            if t <= Instant::now() {
                break;
            }
            tokio::time::sleep_until(t.into()).await;
        }
    }

    fn hit(&self) {
        let n = self.strikes.fetch_add(1, Ordering::SeqCst).min(16);
        let pause = Self::FIRST_PAUSE
            .saturating_mul(1 << n)
            .min(Self::MAX_PAUSE);
        let mut until = self
            .until
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let t = Instant::now() + pause;
        if until.is_none_or(|u| u < t) {
            *until = Some(t);
        }
    }

    fn ok(&self) {
        self.strikes.store(0, Ordering::SeqCst);
    }
}

fn is_rate_limited(e: &ApiError) -> bool {
    e.status() == Some(429) || e.graph_kind() == Some(GraphErrorKind::RateLimited)
}

/// A refusal that may mean "name already taken" (Graph error 100 covers that case among others;
/// listing by name tells them apart).
fn may_be_duplicate_name(e: &ApiError) -> bool {
    e.graph_kind() == Some(GraphErrorKind::InvalidParameter) || matches!(e.status(), Some(409))
}

/// Whether the provider accepts `flow_json` in the create call (one request per new flow).
fn json_in_create(p: Provider) -> bool {
    matches!(p, Provider::Meta | Provider::Turn)
}

fn same_categories(a: &[crate::api::Category], b: &[crate::api::Category]) -> bool {
    let mut a: Vec<&str> = a.iter().map(|c| c.as_str()).collect();
    let mut b: Vec<&str> = b.iter().map(|c| c.as_str()).collect();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// Where one flow's state machine is.
enum State {
    /// Create `NAME (vN)` (`N` = `version`).
    Create {
        version: u32,
        previous: Vec<PreviousVersion>,
    },
    /// A flow of the right name exists; bring it in line.
    Adopt {
        flow: Box<Flow>,
        version: u32,
        previous: Vec<PreviousVersion>,
    },
    /// Ask the server for the status of a flow the lockfile says is a DRAFT.
    Check {
        locked: LockedFlow,
        json: bool,
        metadata: bool,
    },
    /// A flow whose status is known.
    Existing(Existing),
    Done,
}

struct Existing {
    id: String,
    remote_name: String,
    version: u32,
    previous: Vec<PreviousVersion>,
    status: FlowStatus,
    json: bool,
    metadata: bool,
    /// Metadata hash currently on the server, as far as known.
    metadata_hash: String,
    /// Content hash currently on the server, as far as known.
    hash: String,
}

struct Ctx<'a> {
    client: &'a FlowsClient,
    options: &'a DeployOptions,
    store: &'a LockStore,
    gate: RateGate,
}

impl Ctx<'_> {
    /// Runs one API call through the shared rate-limit gate.
    async fn call<T, F, Fut>(&self, mut f: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut attempt = 0;
        loop {
            self.gate.wait().await;
            match f().await {
                Err(e) if is_rate_limited(&e) && attempt < MAX_RATE_LIMIT_RETRIES => {
                    attempt += 1;
                    self.gate.hit();
                }
                r => {
                    if r.is_ok() {
                        self.gate.ok();
                    }
                    return r;
                }
            }
        }
    }

    async fn apply_one(&self, p: PlannedFlow) -> FlowOutcome {
        let mut out = FlowOutcome::planned(&p);
        if let Err(e) = self.run(&p, &mut out).await {
            // A refusal that lists validation errors (Dreams' 422) shows them like an upload's.
            if let DeployError::Api(api) = &e
                && out.validation_errors.is_empty()
            {
                out.validation_errors = api.validation_errors().to_vec();
            }
            out.error = Some(e.to_string());
        }
        let origins = &p.source.rust_origins;
        if !origins.is_empty() {
            out.rust_locations = out
                .validation_errors
                .iter()
                .map(|e| {
                    let at = origins.locate(e.path()?)?;
                    Some(format!("{}:{}:{}", at.file(), at.line(), at.column()))
                })
                .collect();
        }
        out
    }

    fn initial(&self, p: &PlannedFlow) -> State {
        match (&p.action, p.locked.clone()) {
            (Action::Unchanged, _) => State::Done,
            (Action::Adopt { .. }, None) => match p.remote.clone() {
                Some(flow) => State::Adopt {
                    flow: Box::new(flow),
                    version: p.version,
                    previous: Vec::new(),
                },
                None => State::Create {
                    version: p.version,
                    previous: Vec::new(),
                },
            },
            (_, None) | (Action::Create, Some(_)) => State::Create {
                version: p.version,
                previous: Vec::new(),
            },
            (Action::NewVersion { version, .. }, Some(l)) => {
                let mut previous = l.previous_versions.clone();
                previous.push(PreviousVersion {
                    id: l.id.clone(),
                    remote_name: l.remote_name.clone(),
                    version: l.version,
                });
                State::Create {
                    version: *version,
                    previous,
                }
            }
            (Action::Update { json, metadata }, Some(l)) if !self.options.verify => State::Check {
                locked: l,
                json: *json,
                metadata: *metadata,
            },
            (Action::Update { json, metadata }, Some(l))
            | (Action::EditPublished { json, metadata }, Some(l)) => {
                State::Existing(existing_from(&l, *json, *metadata))
            }
            (Action::Publish | Action::Rename { .. }, Some(l)) => {
                State::Existing(existing_from(&l, false, false))
            }
            (Action::Adopt { .. }, Some(l)) => State::Existing(existing_from(&l, true, true)),
        }
    }

    async fn run(&self, p: &PlannedFlow, out: &mut FlowOutcome) -> Result<(), DeployError> {
        let mut state = self.initial(p);
        for _ in 0..MAX_TRANSITIONS {
            state = match state {
                State::Done => return Ok(()),
                State::Create { version, previous } => {
                    self.create(p, version, previous, out).await?
                }
                State::Adopt {
                    flow,
                    version,
                    previous,
                } => self.adopt(p, *flow, version, previous, out).await?,
                State::Check {
                    locked,
                    json,
                    metadata,
                } => self.check(locked, json, metadata).await?,
                State::Existing(e) => self.existing(p, e, out).await?,
            };
        }
        Err(DeployError::Config(format!(
            "{}: gave up after {MAX_TRANSITIONS} steps",
            p.name
        )))
    }

    fn record(
        &self,
        p: &PlannedFlow,
        flow: LockedFlow,
        out: &mut FlowOutcome,
    ) -> Result<(), DeployError> {
        out.id = Some(flow.id.clone());
        out.remote_name = flow.remote_name.clone();
        out.status = Some(flow.status.clone());
        self.store
            .record(p.source.renamed_from.as_deref(), &p.name, flow)
    }

    /// Takes the server's validation errors for an uploaded JSON: none → the upload counts;
    /// some → the flow is recorded as not in step (empty hash: the next deploy uploads again)
    /// and fails with [`DeployError::Rejected`].
    fn accept_upload(
        &self,
        p: &PlannedFlow,
        locked: &mut LockedFlow,
        errors: Vec<flow_model::ValidationError>,
        out: &mut FlowOutcome,
    ) -> Result<(), DeployError> {
        let count = errors.len();
        out.validation_errors = errors;
        if count == 0 {
            locked.hash = p.hash.clone();
            return self.record(p, locked.clone(), out);
        }
        locked.hash = String::new();
        self.record(p, locked.clone(), out)?;
        Err(DeployError::Rejected {
            name: p.name.clone(),
            errors: count,
        })
    }

    async fn create(
        &self,
        p: &PlannedFlow,
        version: u32,
        previous: Vec<PreviousVersion>,
        out: &mut FlowOutcome,
    ) -> Result<State, DeployError> {
        if version > MAX_VERSION {
            return Err(DeployError::Config(format!(
                "{}: more than {MAX_VERSION} versions",
                p.name
            )));
        }
        let remote_name = versioned_name(&p.name, version);
        // A new version on a provider that takes no JSON at create is a copy of the flow it
        // replaces (SERPRO's seed 000: "especificando o ID do fluxo existente no parâmetro
        // clone_flow_id"); the manifest may name a flow to copy too.
        let clone_from = p.source.clone_flow_id.clone().or_else(|| {
            (!json_in_create(self.client.provider()))
                .then(|| previous.last().map(|v| v.id.clone()))
                .flatten()
        });
        let with_json = json_in_create(self.client.provider()) && clone_from.is_none();
        let mut req = CreateFlow::new(&remote_name, p.source.categories.iter().cloned());
        if with_json {
            req = req.flow_json(&p.source.json);
        }
        if let Some(c) = &clone_from {
            req = req.clone_flow_id(c);
        }
        if let Some(u) = &p.source.endpoint_uri {
            req = req.endpoint_uri(u);
        }
        let mut attempt = 0;
        let created = loop {
            attempt += 1;
            // `call` repeats a create only after a rate-limit refusal (429 / Graph 4, 80007…),
            // which is definite: the request was not processed. Anything ambiguous is
            // reconciled by listing below before another create is sent.
            match self.call(|| self.client.create_flow(&req)).await {
                Ok(c) => break c,
                Err(e) if e.is_ambiguous() || may_be_duplicate_name(&e) => {
                    // Did the create happen after all, or is the name taken? Ask by name.
                    match self
                        .call(|| super::find_by_name(self.client, &remote_name))
                        .await?
                    {
                        Some(flow) => {
                            return Ok(State::Adopt {
                                flow: Box::new(flow),
                                version,
                                previous,
                            });
                        }
                        None if e.is_ambiguous() && attempt < MAX_CREATE_ATTEMPTS => continue,
                        None => return Err(e.into()),
                    }
                }
                Err(e) => return Err(e.into()),
            }
        };
        out.steps.push(Step::Created {
            id: created.id.clone(),
        });
        let mut locked = LockedFlow {
            id: created.id.clone(),
            remote_name,
            // Without the JSON in the create, nothing is uploaded yet: an empty hash makes the
            // next deploy upload if this one stops here.
            hash: String::new(),
            // The application id is set by an update after the create (no create takes it).
            metadata_hash: if p.source.application_id.is_some() {
                String::new()
            } else {
                p.metadata_hash.clone()
            },
            status: FlowStatus::Draft,
            version,
            previous_versions: previous,
        };
        self.record(p, locked.clone(), out)?;
        let errors = if with_json {
            created.validation_errors
        } else {
            let errors = self
                .call(|| self.client.upload_flow_json(&created.id, &p.source.json))
                .await?;
            out.steps.push(Step::Uploaded);
            errors
        };
        self.accept_upload(p, &mut locked, errors, out)?;
        if let Some(app) = &p.source.application_id {
            let upd = UpdateMetadata::default().application_id(app);
            self.call(|| self.client.update_metadata(&created.id, &upd))
                .await?;
            out.steps.push(Step::MetadataUpdated);
            locked.metadata_hash = p.metadata_hash.clone();
            self.record(p, locked.clone(), out)?;
        }
        self.maybe_publish(p, locked, out)
            .await
            .map(|()| State::Done)
    }

    async fn adopt(
        &self,
        p: &PlannedFlow,
        flow: Flow,
        version: u32,
        previous: Vec<PreviousVersion>,
        out: &mut FlowOutcome,
    ) -> Result<State, DeployError> {
        out.steps.push(Step::Adopted {
            id: flow.id.clone(),
        });
        let status = flow.status.clone().unwrap_or(FlowStatus::Draft);
        let cats_same =
            !flow.categories.is_empty() && same_categories(&flow.categories, &p.source.categories);
        let e = |json: bool, metadata: bool| Existing {
            id: flow.id.clone(),
            remote_name: flow
                .name
                .clone()
                .unwrap_or_else(|| versioned_name(&p.name, version)),
            version,
            previous: previous.clone(),
            status: status.clone(),
            json,
            metadata,
            metadata_hash: String::new(),
            hash: String::new(),
        };
        if status == FlowStatus::Draft {
            // Uploading to a draft is idempotent and cheaper than downloading to compare.
            let metadata = !cats_same || p.source.endpoint_uri.is_some();
            return Ok(State::Existing(e(true, metadata)));
        }
        // A live flow is only touched if it differs: compare with what the server has.
        let remote_json = self
            .call(|| self.client.download_flow_json(&flow.id))
            .await?;
        let json = content_hash(&remote_json) != p.hash;
        let mut metadata = !cats_same;
        if let Some(want) = &p.source.endpoint_uri {
            let got = self
                .call(|| {
                    self.client
                        .get_flow(&flow.id, &[FlowField::Id, FlowField::EndpointUri])
                })
                .await?;
            metadata |= got.endpoint_uri.as_deref() != Some(want.as_str());
        }
        let mut ex = e(json, metadata);
        if !json {
            ex.hash = p.hash.clone();
        }
        if !metadata {
            ex.metadata_hash = p.metadata_hash.clone();
        }
        Ok(State::Existing(ex))
    }

    /// A lockfile can be stale (a flow published or deleted by hand): before uploading to a
    /// flow believed to be a DRAFT, check, so a published flow is never altered silently.
    async fn check(
        &self,
        locked: LockedFlow,
        json: bool,
        metadata: bool,
    ) -> Result<State, DeployError> {
        let got = self
            .call(|| {
                self.client
                    .get_flow(&locked.id, &[FlowField::Id, FlowField::Status])
            })
            .await;
        match got {
            Ok(flow) => {
                let mut e = existing_from(&locked, json, metadata);
                if let Some(s) = flow.status {
                    e.status = s;
                }
                Ok(State::Existing(e))
            }
            // Unknown id: the flow was deleted; create it again under the same name.
            Err(err)
                if err.graph_kind() == Some(GraphErrorKind::InvalidParameter)
                    || matches!(err, ApiError::FlowNotFound { .. }) =>
            {
                Ok(State::Create {
                    version: locked.version,
                    previous: locked.previous_versions,
                })
            }
            Err(err) => Err(err.into()),
        }
    }

    async fn existing(
        &self,
        p: &PlannedFlow,
        e: Existing,
        out: &mut FlowOutcome,
    ) -> Result<State, DeployError> {
        let changed = e.json || e.metadata;
        let editable = self.options.allow_edit_published && e.status != FlowStatus::Deprecated;
        if e.status != FlowStatus::Draft && changed && !editable {
            // The published-flow policy: a new flow `NAME (vN+1)`, the old one untouched.
            let mut previous = e.previous;
            previous.push(PreviousVersion {
                id: e.id,
                remote_name: e.remote_name,
                version: e.version,
            });
            out.steps.push(Step::Superseded);
            return Ok(State::Create {
                version: e.version + 1,
                previous,
            });
        }
        let mut locked = LockedFlow {
            id: e.id.clone(),
            remote_name: e.remote_name.clone(),
            hash: e.hash.clone(),
            metadata_hash: e.metadata_hash.clone(),
            status: e.status.clone(),
            version: e.version,
            previous_versions: e.previous.clone(),
        };
        if !e.json {
            locked.hash = p.hash.clone();
        }
        if !e.metadata {
            locked.metadata_hash = p.metadata_hash.clone();
        }
        if e.json {
            let errors = self
                .call(|| self.client.upload_flow_json(&e.id, &p.source.json))
                .await?;
            out.steps.push(Step::Uploaded);
            // Editing a published flow makes it a DRAFT (spec §G.2).
            locked.status = FlowStatus::Draft;
            self.accept_upload(p, &mut locked, errors, out)?;
        }
        let wanted = versioned_name(&p.name, e.version);
        let rename = (e.remote_name != wanted).then_some(wanted);
        if e.metadata || rename.is_some() {
            let mut upd = UpdateMetadata::default();
            if e.metadata {
                upd = upd.categories(p.source.categories.iter().cloned());
                if let Some(u) = &p.source.endpoint_uri {
                    upd = upd.endpoint_uri(u);
                }
                if let Some(a) = &p.source.application_id {
                    upd = upd.application_id(a);
                }
            }
            if let Some(name) = &rename {
                upd = upd.name(name);
            }
            self.call(|| self.client.update_metadata(&e.id, &upd))
                .await?;
            if let Some(name) = rename {
                out.steps.push(Step::Renamed { name: name.clone() });
                locked.remote_name = name;
            }
            if e.metadata {
                out.steps.push(Step::MetadataUpdated);
                locked.metadata_hash = p.metadata_hash.clone();
                locked.status = FlowStatus::Draft;
            }
        }
        self.record(p, locked.clone(), out)?;
        self.maybe_publish(p, locked, out)
            .await
            .map(|()| State::Done)
    }

    async fn maybe_publish(
        &self,
        p: &PlannedFlow,
        mut locked: LockedFlow,
        out: &mut FlowOutcome,
    ) -> Result<(), DeployError> {
        if !p.publish || locked.status != FlowStatus::Draft {
            return Ok(());
        }
        if !out.validation_errors.is_empty() {
            return Err(DeployError::NotPublished {
                name: p.name.clone(),
                errors: out.validation_errors.len(),
            });
        }
        self.call(|| self.client.publish(&locked.id)).await?;
        out.steps.push(Step::Published);
        locked.status = FlowStatus::Published;
        self.record(p, locked, out)
    }
}

fn existing_from(l: &LockedFlow, json: bool, metadata: bool) -> Existing {
    Existing {
        id: l.id.clone(),
        remote_name: l.remote_name.clone(),
        version: l.version,
        previous: l.previous_versions.clone(),
        status: l.status.clone(),
        json,
        metadata,
        metadata_hash: l.metadata_hash.clone(),
        hash: l.hash.clone(),
    }
}

/// Applies `plan` (see [`Deployer::apply`](super::Deployer::apply)).
pub(crate) async fn apply(
    target: &Target,
    options: &DeployOptions,
    plan: Plan,
    progress: Option<&(dyn Fn(&FlowOutcome) + Send + Sync)>,
) -> Result<DeployReport, DeployError> {
    let started = Instant::now();
    // Write the lockfile before the first request that changes anything: if it cannot be
    // written, stop now, not after flows were created that no lockfile remembers (the next run
    // would create them again).
    if plan
        .flows
        .iter()
        .any(|p| p.publish || !matches!(p.action, Action::Unchanged))
    {
        plan.base.write(&plan.lockfile)?;
    }
    let store = LockStore::new(plan.lockfile.clone(), plan.base.clone());
    let ctx = Ctx {
        client: &target.client,
        options,
        store: &store,
        gate: RateGate::new(),
    };
    let concurrency = options.concurrency.max(1);
    let ctx = &ctx;
    let mut results: Vec<(usize, FlowOutcome)> =
        futures::stream::iter(plan.flows.into_iter().enumerate())
            .map(|(i, p)| async move { (i, ctx.apply_one(p).await) })
            .buffer_unordered(concurrency)
            .inspect(|(_, o)| {
                if let Some(f) = progress {
                    f(o);
                }
            })
            .collect()
            .await;
    results.sort_by_key(|(i, _)| *i);
    Ok(DeployReport {
        environment: plan.environment,
        target: plan.target,
        lockfile: plan.lockfile,
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        flows: results.into_iter().map(|(_, o)| o).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Category;

    #[tokio::test(flavor = "current_thread")]
    async fn rate_gate_pauses_every_task_and_doubles() {
        let gate = RateGate::new();
        let t0 = tokio::time::Instant::now();
        gate.wait().await;
        assert!(
            t0.elapsed() < Duration::from_millis(100),
            "no pause before any limit"
        );
        gate.hit();
        gate.wait().await;
        assert!(t0.elapsed() >= Duration::from_millis(500));
        let t1 = tokio::time::Instant::now();
        gate.hit();
        gate.wait().await;
        assert!(
            t1.elapsed() >= Duration::from_millis(1000),
            "second strike doubles"
        );
        gate.ok();
        assert_eq!(gate.strikes.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn categories_compare_as_sets_and_errors_classify() {
        assert!(same_categories(
            &[Category::Survey, Category::Other],
            &[Category::Other, Category::Survey]
        ));
        assert!(!same_categories(&[Category::Survey], &[Category::Other]));
        let dup = ApiError::from_graph_body(
            400,
            r#"{"error":{"message":"Invalid parameter","code":100,"error_user_title":"Flow name not unique"}}"#,
        )
        .unwrap();
        assert!(may_be_duplicate_name(&dup) && !dup.is_ambiguous());
        let limited =
            ApiError::from_graph_body(429, r#"{"error":{"message":"x","code":80007}}"#).unwrap();
        assert!(is_rate_limited(&limited) && !may_be_duplicate_name(&limited));
        assert!(json_in_create(Provider::Meta) && !json_in_create(Provider::Serpro));
    }
}
