//! The lockfile: per environment, what was deployed where.
//!
//! `flow-dsl.lock.<ENV>.json`:
//!
//! ```json
//! {
//!   "format": 1,
//!   "environment": "production",
//!   "target": "meta:102290129340398",
//!   "flows": {
//!     "survey": {
//!       "id": "1000000000000001",
//!       "remote_name": "survey",
//!       "hash": "sha256:…",
//!       "metadata_hash": "sha256:…",
//!       "status": "PUBLISHED",
//!       "version": 1,
//!       "previous_versions": []
//!     }
//!   }
//! }
//! ```
//!
//! `hash` is the [`content_hash`](super::content_hash) of the JSON last uploaded, `status` the
//! last status the deploy saw. `version` is 1 for the first flow and N for `NAME (vN)`; older
//! versions (still live on the server) are listed in `previous_versions`.
//!
//! The file is rewritten after every applied change, atomically: a temporary file in the same
//! directory, then a rename over the old one. A crash (or a cancelled deploy) leaves either the
//! previous or the next complete version, never a half-written one. There is no fsync: the
//! guarantee holds against the process dying, not against power loss.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::DeployError;
use crate::api::FlowStatus;

/// Version of the lockfile format this library writes.
pub const LOCKFILE_FORMAT: u32 = 1;

/// The lockfile path for an environment in `dir`: `dir/flow-dsl.lock.<env>.json`.
///
/// ```
/// use flow_dsl::deploy::lockfile_path;
/// assert_eq!(lockfile_path(".", "prod").to_str(), Some("./flow-dsl.lock.prod.json"));
/// ```
pub fn lockfile_path(dir: impl AsRef<Path>, environment: &str) -> PathBuf {
    dir.as_ref()
        .join(format!("flow-dsl.lock.{environment}.json"))
}

/// The whole lockfile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lockfile {
    /// [`LOCKFILE_FORMAT`].
    pub format: u32,
    /// Environment name.
    pub environment: String,
    /// The target this lockfile belongs to (provider and account), so that ids of one account are
    /// never used against another.
    pub target: String,
    /// Logical flow name → deployed flow.
    pub flows: BTreeMap<String, LockedFlow>,
}

/// One deployed flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockedFlow {
    /// Flow id on the server.
    pub id: String,
    /// Name on the server: the logical name, or `NAME (vN)`.
    pub remote_name: String,
    /// Content hash of the JSON last uploaded.
    pub hash: String,
    /// Hash of the categories and endpoint URI last sent.
    pub metadata_hash: String,
    /// Last status seen.
    pub status: FlowStatus,
    /// 1, or N for `NAME (vN)`.
    #[serde(default = "one")]
    pub version: u32,
    /// Earlier versions of this flow (left untouched on the server).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_versions: Vec<PreviousVersion>,
}

fn one() -> u32 {
    1
}

/// A flow replaced by a newer version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousVersion {
    /// Its id.
    pub id: String,
    /// Its name on the server.
    pub remote_name: String,
    /// Its version number.
    pub version: u32,
}

impl Lockfile {
    /// An empty lockfile.
    pub fn new(environment: impl Into<String>, target: impl Into<String>) -> Self {
        Self {
            format: LOCKFILE_FORMAT,
            environment: environment.into(),
            target: target.into(),
            flows: BTreeMap::new(),
        }
    }

    /// Reads a lockfile; `Ok(None)` when the file does not exist.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = flow_dsl::deploy::lockfile_path(dir.path(), "dev");
    /// assert!(flow_dsl::deploy::Lockfile::read(&path).unwrap().is_none());
    /// ```
    pub fn read(path: &Path) -> Result<Option<Self>, DeployError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(lock_err(path, e.to_string())),
        };
        let lock: Lockfile = serde_json::from_str(&text)
            .map_err(|e| lock_err(path, format!("not a flow-dsl lockfile: {e}")))?;
        if lock.format != LOCKFILE_FORMAT {
            return Err(lock_err(
                path,
                format!(
                    "lockfile format {} is not supported (expected {LOCKFILE_FORMAT})",
                    lock.format
                ),
            ));
        }
        Ok(Some(lock))
    }

    /// Writes the lockfile atomically (temporary file in the same directory, then rename).
    ///
    /// ```
    /// use flow_dsl::deploy::{Lockfile, lockfile_path};
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = lockfile_path(dir.path(), "dev");
    /// Lockfile::new("dev", "meta:1").write(&path).unwrap();
    /// assert_eq!(Lockfile::read(&path).unwrap().unwrap().target, "meta:1");
    /// ```
    pub fn write(&self, path: &Path) -> Result<(), DeployError> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let err = |e: std::io::Error| lock_err(path, e.to_string());
        std::fs::create_dir_all(dir).map_err(err)?;
        let mut text =
            serde_json::to_vec_pretty(self).map_err(|e| lock_err(path, e.to_string()))?;
        text.push(b'\n');
        crate::atomic_file::replace(path, &text, crate::atomic_file::Durability::Sync).map_err(err)
    }
}

/// Takes the exclusive lock of a lockfile (`<lockfile>.lock`) for the rest of a deploy, so that
/// two deploys of one environment run one after the other instead of each rewriting the
/// lockfile with its own view. Waits at most `wait` for a deploy that holds it.
pub(crate) async fn hold(
    path: &Path,
    wait: std::time::Duration,
) -> Result<crate::file_lock::FileLock, DeployError> {
    use crate::file_lock::{LockError, acquire};
    acquire(path, wait).await.map_err(|e| match e {
        LockError::Busy => lock_err(path, busy_reason(wait)),
        LockError::Io(reason) => lock_err(path, reason),
    })
}

/// What to say when another command still holds a lockfile after `wait`.
fn busy_reason(wait: std::time::Duration) -> String {
    let how_long = if wait.is_zero() {
        String::new()
    } else {
        format!(" for over {} s", wait.as_secs_f64())
    };
    format!(
        "another flow-dsl command has been deploying to this environment{how_long}; wait for it \
         to finish, or give `deploy` a longer --lock-wait (in CI, give deploys of one \
         environment a concurrency group)"
    )
}

fn lock_err(path: &Path, reason: String) -> DeployError {
    DeployError::Lockfile {
        path: path.to_owned(),
        reason,
    }
}

/// The lockfile shared by concurrent apply tasks: every change is written through at once.
#[derive(Debug)]
pub(crate) struct LockStore {
    path: PathBuf,
    state: Mutex<Lockfile>,
}

impl LockStore {
    pub(crate) fn new(path: PathBuf, lock: Lockfile) -> Self {
        Self {
            path,
            state: Mutex::new(lock),
        }
    }

    /// Records one flow under `name` and writes the file, dropping the entry of the flow's
    /// previous logical name `from` (a rename) in the same write. The write happens under the
    /// mutex, without an `.await`, so a cancelled deploy can't stop it halfway and concurrent
    /// tasks can't interleave: the file always holds every change recorded so far.
    pub(crate) fn record(
        &self,
        from: Option<&str>,
        name: &str,
        flow: LockedFlow,
    ) -> Result<(), DeployError> {
        let mut lock = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(old) = from.filter(|old| *old != name) {
            lock.flows.remove(old);
        }
        lock.flows.insert(name.to_owned(), flow);
        lock.write(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = lockfile_path(dir.path(), "t");
        let mut lock = Lockfile::new("t", "meta:1");
        lock.flows.insert(
            "a".into(),
            LockedFlow {
                id: "1".into(),
                remote_name: "a".into(),
                hash: "sha256:00".into(),
                metadata_hash: "sha256:11".into(),
                status: FlowStatus::Draft,
                version: 1,
                previous_versions: vec![],
            },
        );
        lock.write(&path).unwrap();
        assert_eq!(Lockfile::read(&path).unwrap(), Some(lock));
        std::fs::write(&path, "{\"format\":1,").unwrap();
        assert!(Lockfile::read(&path).is_err());
        std::fs::write(
            &path,
            r#"{"format":9,"environment":"t","target":"x","flows":{}}"#,
        )
        .unwrap();
        assert!(Lockfile::read(&path).unwrap_err().to_string().contains('9'));
    }
}
