//! Planning: compare the flows at hand with the lockfile (and, when needed, the server's list)
//! and decide one [`Action`] per flow, without changing anything.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

use flow_model::validate::codes::LOCAL_ENDPOINT_URI_MISSING;
use flow_model::validate::{ValidateOptions, validate, validate_parsed_with};
use flow_model::{FlowJson, ValidationError};
use serde::Serialize;

use super::hash::{content_hash, content_hash_of_value, source_metadata_hash};
use super::lockfile::{LockedFlow, Lockfile};
use super::{DeployError, DeployOptions, FlowDocument, FlowSource, InvalidFlow, Target};
use crate::api::{Category, Flow, FlowStatus, Provider};

/// What deploy will do to one flow.
///
/// ```
/// use flow_dsl::deploy::Action;
/// assert_eq!(Action::Create.to_string(), "create");
/// assert!(!Action::Unchanged.is_mutating());
/// assert_eq!(serde_json::to_value(Action::Unchanged).unwrap()["kind"], "unchanged");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// A new flow: one create request carrying the Flow JSON (Meta, Turn.io); SERPRO and Dreams
    /// need create + upload. If the name turns out to exist (the create is refused as a
    /// duplicate, or an ambiguous failure is reconciled), that flow is adopted instead.
    Create,
    /// No lockfile entry, but the server has a flow of this name: take it over instead of
    /// duplicating it. A DRAFT gets the JSON uploaded; a PUBLISHED flow is compared with the
    /// downloaded JSON and follows the published-flow policy if it differs.
    Adopt {
        /// The flow found.
        id: String,
        /// Its status.
        status: FlowStatus,
    },
    /// Upload the new JSON and/or metadata to a DRAFT.
    Update {
        /// The Flow JSON changed.
        json: bool,
        /// Categories or endpoint URI changed.
        metadata: bool,
    },
    /// Nothing changed but the name (`renamed_from` in the manifest): one metadata update that
    /// renames the flow in place, whatever its status.
    Rename {
        /// The flow's name on the server until now.
        from: String,
    },
    /// Nothing to do (and nothing is asked of the server).
    Unchanged,
    /// An unchanged DRAFT, published because `publish` is set.
    Publish,
    /// The flow is PUBLISHED (or DEPRECATED) and its content changed: a new flow
    /// `NAME (vN)` is created; the old one is left exactly as it is.
    NewVersion {
        /// The flow being superseded.
        from_id: String,
        /// The new version number.
        version: u32,
    },
    /// The flow is PUBLISHED, its content changed, and `allow_edit_published` is set: upload to
    /// it, which moves it back to DRAFT on Meta until it is published again.
    EditPublished {
        /// The Flow JSON changed.
        json: bool,
        /// Categories or endpoint URI changed.
        metadata: bool,
    },
}

impl Action {
    /// Whether applying this action sends a mutating request (all but [`Action::Unchanged`]).
    pub fn is_mutating(&self) -> bool {
        !matches!(self, Action::Unchanged)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = |json: bool, metadata: bool| match (json, metadata) {
            (true, true) => "json+metadata",
            (true, false) => "json",
            _ => "metadata",
        };
        match self {
            Action::Create => f.write_str("create"),
            Action::Adopt { id, status } => write!(f, "adopt {id} ({status})"),
            Action::Update { json, metadata } => write!(f, "update {}", what(*json, *metadata)),
            Action::Rename { from } => write!(f, "rename from {from:?}"),
            Action::Unchanged => f.write_str("unchanged"),
            Action::Publish => f.write_str("publish"),
            Action::NewVersion { from_id, version } => {
                write!(f, "new version v{version} (replaces {from_id})")
            }
            Action::EditPublished { json, metadata } => {
                write!(
                    f,
                    "edit published {} (moves it to DRAFT)",
                    what(*json, *metadata)
                )
            }
        }
    }
}

/// The decision for one flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedFlow {
    /// Logical name (lockfile key).
    pub name: String,
    /// What will happen.
    pub action: Action,
    /// Whether a publish follows the action (`publish` set and the flow not yet published).
    pub publish: bool,
    /// The existing flow's id, if known.
    pub id: Option<String>,
    /// Its status, as the lockfile (or the server's list) says.
    pub status: Option<FlowStatus>,
    /// The name the flow has (or will get) on the server.
    pub remote_name: String,
    /// Version number (`N` of `NAME (vN)`; 1 for the first).
    pub version: u32,
    /// Content hash of the JSON to deploy.
    pub hash: String,
    /// Hash of the metadata to deploy.
    pub metadata_hash: String,
    /// Local validation errors, present only when deploying with `force`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_errors: Vec<ValidationError>,
    /// What gets uploaded.
    #[serde(skip)]
    pub(crate) source: Prepared,
    /// The lockfile entry it was planned from.
    #[serde(skip)]
    pub(crate) locked: Option<LockedFlow>,
    /// The flow of the same name found on the server (for adoption).
    #[serde(skip)]
    pub(crate) remote: Option<Flow>,
}

/// The plan of a deploy: one entry per flow, in input order.
///
/// Serialized (`--json`) as `{environment, target, lockfile, requests, flows: [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Environment name.
    pub environment: String,
    /// Target label.
    pub target: String,
    /// The lockfile read and written.
    pub lockfile: PathBuf,
    /// Requests made while planning (0, or 1 list call when flows had to be looked up).
    pub requests: usize,
    /// One entry per flow.
    pub flows: Vec<PlannedFlow>,
    /// Flows in the lockfile that this deploy does not mention: left alone (deploy never
    /// deletes or deprecates; use `flow-dsl deprecate`/`delete`).
    pub untracked: Vec<String>,
    #[serde(skip)]
    pub(crate) base: Lockfile,
}

impl Plan {
    /// How many flows get each kind of action, e.g. `2 create, 1 unchanged`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), flow_dsl::deploy::DeployError> {
    /// use flow_dsl::deploy::{DeployOptions, Deployer, FlowSource, Target};
    /// let dir = tempfile::tempdir().unwrap();
    /// let deployer = Deployer::new(
    ///     Target::embedded_sandbox(None).await?,
    ///     DeployOptions::new("doc").lockfile_dir(dir.path()).force(true),
    /// );
    /// let flows = [FlowSource::from_text("a", "{}", []), FlowSource::from_text("b", "{}", [])];
    /// assert_eq!(deployer.plan(&flows).await?.summary(), "2 create");
    /// # Ok(()) }
    /// ```
    pub fn summary(&self) -> String {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for f in &self.flows {
            let k = match f.action {
                Action::Create => "create",
                Action::Adopt { .. } => "adopt",
                Action::Update { .. } => "update",
                Action::Rename { .. } => "rename",
                Action::Unchanged => "unchanged",
                Action::Publish => "publish",
                Action::NewVersion { .. } => "new version",
                Action::EditPublished { .. } => "edit published",
            };
            match counts.iter_mut().find(|(n, _)| *n == k) {
                Some((_, c)) => *c += 1,
                None => counts.push((k, 1)),
            }
        }
        if counts.is_empty() {
            return "no flows".into();
        }
        counts
            .iter()
            .map(|(k, c)| format!("{c} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether applying the plan would send no mutating request.
    pub fn is_noop(&self) -> bool {
        self.flows
            .iter()
            .all(|f| !f.action.is_mutating() && !f.publish)
    }
}

impl fmt::Display for Plan {
    /// One line per flow, then the summary.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "plan for {} ({}), lockfile {}:",
            self.environment,
            self.target,
            self.lockfile.display()
        )?;
        for p in &self.flows {
            let id = p.id.as_deref().unwrap_or("new");
            let publish = if p.publish && p.action != Action::Publish {
                " + publish"
            } else {
                ""
            };
            let forced = if p.local_errors.is_empty() {
                String::new()
            } else {
                format!(" [forced: {} local errors]", p.local_errors.len())
            };
            writeln!(
                f,
                "  {:<28} {}{publish}  [{id}]{forced}",
                p.remote_name, p.action
            )?;
        }
        if !self.untracked.is_empty() {
            writeln!(
                f,
                "  (in the lockfile but not in this deploy, left alone: {})",
                self.untracked.join(", ")
            )?;
        }
        write!(f, "  = {}", self.summary())
    }
}

/// A flow made ready for upload: its body serialized once, its hash, its metadata.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Prepared {
    /// The Flow JSON text sent to the server.
    pub(crate) json: String,
    /// [`content_hash`] of it.
    pub(crate) hash: String,
    /// Categories sent (never empty).
    pub(crate) categories: Vec<Category>,
    /// Endpoint URI sent.
    pub(crate) endpoint_uri: Option<String>,
    /// Meta app connected to the flow.
    pub(crate) application_id: Option<String>,
    /// Create as a copy of this flow id.
    pub(crate) clone_flow_id: Option<String>,
    /// The flow's previous logical name (renamed in place).
    pub(crate) renamed_from: Option<String>,
    /// Builder call behind each JSON path (flows built in Rust), for server errors.
    pub(crate) rust_origins: super::RustOrigins,
}

/// One parse (for text) and one validation per flow: the body, its hash, and the local errors.
/// An endpoint flow with no endpoint URI is an error here rather than at publish (139002).
fn prepare(src: &FlowSource) -> (Prepared, Vec<ValidationError>) {
    let (json, hash, mut errors, doc) = match &src.document {
        FlowDocument::Text(text) => match FlowJson::from_str(text) {
            Ok(doc) => {
                let v = validate_parsed_with(&doc, text, &ValidateOptions::default());
                let errors = v.split_validation_errors(Some(text)).0;
                let hash = content_hash_of_value(&flow_model::to_value(&doc));
                (text.clone(), hash, errors, Some(doc))
            }
            Err(e) => (
                text.clone(),
                content_hash(text),
                vec![e.to_validation_error()],
                None,
            ),
        },
        typed => {
            let doc = match typed {
                FlowDocument::Builder(b) => b.clone().build_unchecked(),
                FlowDocument::Json(j) => j.clone(),
                FlowDocument::Text(_) => unreachable!("handled above"),
            };
            let json = doc.to_string_pretty();
            let errors = validate(&doc).split_validation_errors(Some(&json)).0;
            let hash = content_hash_of_value(&flow_model::to_value(&doc));
            (json, hash, errors, Some(doc))
        }
    };
    if doc.is_some_and(|d| d.needs_endpoint_uri())
        && src
            .endpoint_uri
            .as_deref()
            .is_none_or(|u| u.trim().is_empty())
    {
        errors.push(ValidationError::new(
            LOCAL_ENDPOINT_URI_MISSING,
            "this is an endpoint flow (it has `data_api_version`) but no endpoint URI is set, \
             so Meta would refuse to publish it (139002). Set it with `--endpoint-uri URL`, \
             `\"endpoint_uri\"` in the manifest, or `FlowSource::endpoint_uri(URL)`",
            "data_api_version",
        ));
    }
    let prepared = Prepared {
        json,
        hash,
        categories: src.effective_categories(),
        endpoint_uri: src.endpoint_uri.clone(),
        application_id: src.application_id.clone(),
        clone_flow_id: src.clone_flow_id.clone(),
        renamed_from: src.renamed_from.clone(),
        rust_origins: src.rust_origins(),
    };
    (prepared, errors)
}

/// Builds the plan (see [`Deployer::plan`](super::Deployer::plan)).
pub(crate) async fn plan(
    target: &Target,
    options: &DeployOptions,
    flows: &[FlowSource],
) -> Result<Plan, DeployError> {
    let mut seen = HashSet::new();
    for f in flows {
        if f.name.trim().is_empty() {
            return Err(DeployError::Input {
                path: f.origin.clone().unwrap_or_default(),
                reason: "a flow needs a non-empty name".into(),
            });
        }
        if !seen.insert(f.name.as_str()) {
            return Err(DeployError::DuplicateName(f.name.clone()));
        }
    }
    let mut prepared = Vec::with_capacity(flows.len());
    let mut invalid = Vec::new();
    for src in flows {
        let (p, errors) = prepare(src);
        if !errors.is_empty() {
            invalid.push(InvalidFlow {
                name: src.name.clone(),
                origin: src.origin.clone(),
                errors,
            });
        }
        prepared.push(p);
    }
    if !invalid.is_empty() && !options.force {
        return Err(DeployError::Invalid(invalid));
    }
    let mut local: HashMap<String, Vec<ValidationError>> =
        invalid.into_iter().map(|i| (i.name, i.errors)).collect();

    let lockfile = options.lockfile_path();
    let base = match Lockfile::read(&lockfile)? {
        Some(l) if l.target != target.label => {
            return Err(DeployError::TargetMismatch {
                lockfile,
                locked: l.target,
                target: target.label.clone(),
            });
        }
        Some(l) => l,
        None => Lockfile::new(&options.environment, &target.label),
    };

    // Meta refuses a duplicate name (error 100), so a flow missing from the lockfile can be
    // created optimistically and adopted if the create is refused: the first deploy costs one
    // request per flow. Other providers do not document unique names, so there we list once.
    let missing = flows.iter().any(|f| locked_entry(&base, f).is_none());
    // A renamed flow missing from the lockfile is looked for under its old name, which no
    // create refusal would reveal, so that needs the list on Meta too.
    let renamed_unknown = flows
        .iter()
        .any(|f| f.renamed_from.is_some() && locked_entry(&base, f).is_none());
    let must_list = options.verify
        || renamed_unknown
        || (missing && target.client.provider() != Provider::Meta);
    let (remote, requests) = if must_list {
        let all = super::list_all(&target.client).await?;
        (Some(all), 1)
    } else {
        (None, 0)
    };
    let by_id: Option<HashMap<&str, &Flow>> = remote
        .as_ref()
        .map(|all| all.iter().map(|f| (f.id.as_str(), f)).collect());
    let by_name: Option<HashMap<&str, &Flow>> = remote.as_ref().map(|all| {
        all.iter()
            .filter_map(|f| f.name.as_deref().map(|n| (n, f)))
            .collect()
    });

    let mut planned = Vec::with_capacity(flows.len());
    for (src, prepared) in flows.iter().zip(prepared) {
        let hash = prepared.hash.clone();
        let mhash = source_metadata_hash(&prepared);
        let mut locked = locked_entry(&base, src).cloned();
        // With a listing at hand, trust the server over the lockfile: a flow deleted elsewhere
        // is created again, a status changed elsewhere is taken into account.
        if let (Some(l), Some(by_id)) = (&mut locked, &by_id) {
            match by_id.get(l.id.as_str()) {
                Some(remote) => {
                    if let Some(s) = &remote.status {
                        l.status = s.clone();
                    }
                }
                None => locked = None,
            }
        }
        let mut p = PlannedFlow {
            name: src.name.clone(),
            action: Action::Create,
            publish: options.publish,
            id: None,
            status: None,
            remote_name: src.name.clone(),
            version: 1,
            hash: hash.clone(),
            metadata_hash: mhash.clone(),
            local_errors: local.remove(&src.name).unwrap_or_default(),
            source: prepared,
            locked: locked.clone(),
            remote: None,
        };
        match &locked {
            None => {
                // A renamed flow not in the lockfile is found under its old name and renamed.
                let found = by_name.as_ref().and_then(|m| {
                    m.get(src.name.as_str())
                        .or_else(|| src.renamed_from.as_deref().and_then(|old| m.get(old)))
                });
                if let Some(found) = found {
                    let status = found.status.clone().unwrap_or(FlowStatus::Draft);
                    p.publish = options.publish && status == FlowStatus::Draft;
                    p.id = Some(found.id.clone());
                    p.remote = Some((*found).clone());
                    p.status = Some(status.clone());
                    p.action = Action::Adopt {
                        id: found.id.clone(),
                        status,
                    };
                }
            }
            Some(l) => {
                p.id = Some(l.id.clone());
                p.status = Some(l.status.clone());
                p.remote_name = l.remote_name.clone();
                p.version = l.version;
                let json = l.hash != hash;
                let metadata = l.metadata_hash != mhash;
                let changed = json || metadata;
                match &l.status {
                    FlowStatus::Draft => {
                        p.action = match (changed, options.publish) {
                            (true, _) => Action::Update { json, metadata },
                            (false, true) => Action::Publish,
                            (false, false) => Action::Unchanged,
                        };
                    }
                    // Live, retired, or a status this library does not know: never edited
                    // silently.
                    status => {
                        p.publish = false;
                        if changed {
                            let editable = !matches!(status, FlowStatus::Deprecated);
                            if options.allow_edit_published && editable {
                                p.action = Action::EditPublished { json, metadata };
                                p.publish = options.publish;
                            } else {
                                let version = l.version + 1;
                                p.action = Action::NewVersion {
                                    from_id: l.id.clone(),
                                    version,
                                };
                                p.remote_name = versioned_name(&src.name, version);
                                p.version = version;
                                p.publish = options.publish;
                            }
                        } else {
                            p.action = Action::Unchanged;
                        }
                    }
                }
                // Renamed (in the manifest, with `renamed_from`): one metadata update in place,
                // riding along with whatever else the flow needs.
                let wanted = versioned_name(&src.name, l.version);
                if l.remote_name != wanted && !matches!(p.action, Action::NewVersion { .. }) {
                    p.remote_name = wanted;
                    if matches!(p.action, Action::Unchanged) {
                        p.action = Action::Rename {
                            from: l.remote_name.clone(),
                        };
                    }
                }
            }
        }
        planned.push(p);
    }
    let renamed: HashSet<&str> = flows
        .iter()
        .filter_map(|f| f.renamed_from.as_deref())
        .collect();
    let untracked = base
        .flows
        .keys()
        .filter(|k| !seen.contains(k.as_str()) && !renamed.contains(k.as_str()))
        .cloned()
        .collect();
    Ok(Plan {
        untracked,
        environment: options.environment.clone(),
        target: target.label.clone(),
        lockfile,
        requests,
        flows: planned,
        base,
    })
}

/// The lockfile entry of `src`: under its name, or under the name it was renamed from.
pub(crate) fn locked_entry<'a>(base: &'a Lockfile, src: &FlowSource) -> Option<&'a LockedFlow> {
    base.flows.get(&src.name).or_else(|| {
        src.renamed_from
            .as_deref()
            .filter(|old| *old != src.name)
            .and_then(|old| base.flows.get(old))
    })
}

/// `NAME (vN)`; version 1 is the bare name.
///
/// ```
/// assert_eq!(flow_dsl::deploy::versioned_name("survey", 2), "survey (v2)");
/// assert_eq!(flow_dsl::deploy::versioned_name("survey", 1), "survey");
/// ```
pub fn versioned_name(name: &str, version: u32) -> String {
    if version <= 1 {
        name.to_owned()
    } else {
        format!("{name} (v{version})")
    }
}
