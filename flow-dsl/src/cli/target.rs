//! Target selection shared by `deploy` and the flow commands: the provider from
//! [`ProviderArgs`], or — with no credentials at all — the embedded sandbox, said plainly.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::provider_args::{ProviderArgs, ProviderKind};
use crate::api::FlowStatus;
use crate::deploy::{Lockfile, Target, lockfile_path};

/// Why `--provider jelou` is refused by every command but `send`.
pub const JELOU_SEND_ONLY: &str = "Jelou only sends flows (`flow-dsl send --provider jelou`); it \
     has no API to create, upload, publish or list them, so this command cannot use it. Deploy \
     to Meta (or the provider behind your Jelou bot) and send with Jelou";

/// Where the embedded sandbox keeps its flows between runs.
pub const DEFAULT_SANDBOX_STATE: &str = ".flow-dsl/sandbox.json";

/// Provider flags plus the embedded sandbox's state file and the environment name.
#[derive(Debug, Clone, clap::Args)]
pub struct TargetArgs {
    /// Provider, base URL and account ids.
    #[command(flatten)]
    pub provider: ProviderArgs,
    /// Environment: selects the lockfile `flow-dsl.lock.<ENV>.json` (default `sandbox` on the
    /// embedded sandbox, `default` elsewhere).
    #[arg(long = "env", value_name = "NAME", value_parser = environment_name)]
    pub env: Option<String>,
    /// Lockfile to read flow names from and keep in step (default `flow-dsl.lock.<ENV>.json`
    /// here; for `deploy --manifest`, beside the manifest).
    #[arg(long, value_name = "FILE")]
    pub lockfile: Option<PathBuf>,
    /// State file of the embedded sandbox used when no credentials are set.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_SANDBOX_STATE)]
    pub sandbox_state: PathBuf,
}

/// Checks `--env`: the name becomes part of a file name (`flow-dsl.lock.<ENV>.json`), so it may
/// not reach another directory or hide the file.
fn environment_name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && !s.starts_with('.')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if ok {
        Ok(s.to_owned())
    } else {
        Err("use letters, digits, `_`, `-` and `.` (not first), at most 64, e.g. `prod`".into())
    }
}

/// Writes a line to stderr, ignoring a closed pipe.
pub(crate) fn note(msg: &str) {
    // Messages quote flow names, files and server answers: no control character gets through.
    let _ = writeln!(std::io::stderr(), "{}", super::escape::for_terminal(msg));
}

/// Writes a line to stdout, ignoring a closed pipe.
pub(crate) fn out(msg: &str) {
    let _ = writeln!(std::io::stdout(), "{msg}");
}

impl TargetArgs {
    /// Whether no credentials are configured, so the embedded sandbox is used: Meta (the
    /// default provider), no `WHATSAPP_TOKEN`, no `--base-url`.
    pub fn wants_embedded(&self, env: impl Fn(&str) -> Option<String>) -> bool {
        self.provider.wants_embedded(env)
    }

    /// The environment name.
    pub fn environment(&self, embedded: bool) -> String {
        self.env.clone().unwrap_or_else(|| {
            if embedded {
                "sandbox".into()
            } else {
                "default".into()
            }
        })
    }

    /// Builds the target; `verb` completes `"no WHATSAPP_TOKEN set: <verb> the embedded sandbox"`.
    pub async fn resolve(&self, verb: &str) -> Result<(Target, String), String> {
        self.resolve_with(verb, false).await
    }

    /// [`resolve`](Self::resolve); with `read_only`, an embedded sandbox reads its state file
    /// but creates and writes nothing (dry runs).
    pub async fn resolve_with(
        &self,
        verb: &str,
        read_only: bool,
    ) -> Result<(Target, String), String> {
        // Before any credential is looked at: Jelou has no flow management API.
        if self.provider.provider == ProviderKind::Jelou {
            return Err(JELOU_SEND_ONLY.into());
        }
        let env = |k: &str| std::env::var(k).ok();
        if self.wants_embedded(env) {
            let target = if read_only {
                Target::embedded_sandbox_read_only(&self.sandbox_state).await
            } else {
                Target::embedded_sandbox(Some(&self.sandbox_state)).await
            }
            .map_err(|e| e.to_string())?;
            let url = target.sandbox().map(|s| s.base_url()).unwrap_or_default();
            note(&format!(
                "no WHATSAPP_TOKEN set: {verb} the embedded sandbox at {url}; state in {}",
                self.sandbox_state.display()
            ));
            return Ok((target, self.environment(true)));
        }
        let client = self.provider.client().map_err(|e| e.to_string())?;
        let p = &self.provider;
        let mut label = format!(
            "{}:{}",
            client.provider(),
            p.waba_id.as_deref().unwrap_or("-")
        )
        .to_lowercase();
        if let Some(url) = &p.base_url {
            // The label is printed and stored in the lockfile: never with credentials.
            label.push('@');
            label.push_str(&crate::api::redact::label_url(url));
        }
        Ok((Target::new(client, label), self.environment(false)))
    }
}

/// Resolves `FLOW` (a logical name in the environment's lockfile, a flow id, or a name on the
/// server) to a flow id, with the lockfile entry's name when it came from there.
pub(crate) async fn resolve_flow(
    target: &Target,
    lockfile: &Path,
    flow: &str,
) -> Result<(String, Option<String>), String> {
    if let Ok(Some(lock)) = Lockfile::read(lockfile)
        && lock.target == target.label
        && let Some(entry) = lock.flows.get(flow)
    {
        return Ok((entry.id.clone(), Some(flow.to_owned())));
    }
    if !flow.is_empty() && flow.bytes().all(|b| b.is_ascii_digit()) {
        return Ok((flow.to_owned(), None));
    }
    match target.client.find_flow_by_name(flow).await {
        Ok(Some(f)) => Ok((f.id, None)),
        Ok(None) => Err(format!(
            "no flow {flow:?}: not in {} and not a name or id on the server",
            lockfile.display()
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// Keeps the lockfile in step after `publish`/`deprecate`/`delete` by hand (`None` = deleted).
///
/// Read-modify-write under the lockfile's lock, so that it cannot erase what a concurrent
/// deploy records; a deploy that holds the lock for longer than the default wait leaves the
/// entry stale (the next deploy or `--verify` corrects it) with a warning.
pub(crate) async fn update_lock(
    target: &Target,
    lockfile: &Path,
    id: &str,
    status: Option<FlowStatus>,
) {
    if !lockfile.exists() {
        return;
    }
    let _held = match crate::deploy::hold_lockfile(lockfile, crate::deploy::DEFAULT_LOCK_WAIT).await
    {
        Ok(h) => h,
        Err(e) => {
            note(&format!("warning: not updated: {e}"));
            return;
        }
    };
    let Ok(Some(mut lock)) = Lockfile::read(lockfile) else {
        return;
    };
    if lock.target != target.label {
        return;
    }
    let Some(name) = lock
        .flows
        .iter()
        .find(|(_, f)| f.id == id)
        .map(|(n, _)| n.clone())
    else {
        return;
    };
    match status {
        Some(s) => {
            if let Some(f) = lock.flows.get_mut(&name) {
                f.status = s;
            }
        }
        None => {
            lock.flows.remove(&name);
        }
    }
    if let Err(e) = lock.write(lockfile) {
        note(&format!("warning: {e}"));
    }
}

impl TargetArgs {
    /// `--lockfile`, or the lockfile of `environment` in the current directory.
    pub(crate) fn lockfile(&self, environment: &str) -> PathBuf {
        self.lockfile
            .clone()
            .unwrap_or_else(|| lockfile_path(".", environment))
    }
}

/// An API error as printed by the commands: its message, then one line per validation error
/// it carries (code, message, path, line/column), like `validate` prints local findings.
pub(crate) fn describe_api_error(e: &crate::api::ApiError) -> String {
    let mut s = e.to_string();
    for v in e.validation_errors() {
        s.push_str("\n  ");
        s.push_str(&v.to_string());
    }
    s
}

/// A runtime for one command.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}
