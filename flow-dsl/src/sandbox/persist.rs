//! Saving the state to a JSON file atomically (temporary file in the same directory, then rename)
//! and loading it back, and the lock that keeps one sandbox per state file.

use std::path::Path;
use std::time::Duration;

use super::SandboxError;
use super::state::{STATE_FORMAT, SandboxState};
use crate::file_lock::{self, FileLock, LockError};

/// An exclusive lock on `<state file>.lock`, held for as long as the sandbox runs.
///
/// Each sandbox keeps the whole state in memory and rewrites the file after every change, so
/// two sandboxes on one file (two `flow-dsl deploy` runs at once, or a deploy beside a running
/// `flow-dsl sandbox`) would each erase what the other saved.
pub(crate) type StateLock = FileLock;

/// Creates the state file's directory and takes its lock, waiting at most `wait` for another
/// sandbox to let go.
pub(crate) async fn acquire(path: &Path, wait: Duration) -> Result<StateLock, SandboxError> {
    let fail = |reason: String| SandboxError::State {
        path: path.to_owned(),
        reason,
    };
    file_lock::acquire(path, wait).await.map_err(|e| match e {
        LockError::Busy => fail(format!(
            "another sandbox has used this file for over {} s (a `flow-dsl sandbox` \
             server or another command); wait for it, point --base-url at the running \
             sandbox, or pass --sandbox-state with another file",
            wait.as_secs()
        )),
        LockError::Io(reason) => fail(reason),
    })
}

/// Loads the state file; a missing file is an empty state.
pub(crate) fn load(path: &Path) -> Result<SandboxState, SandboxError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SandboxState::default()),
        Err(e) => {
            return Err(SandboxError::State {
                path: path.to_owned(),
                reason: e.to_string(),
            });
        }
    };
    let state: SandboxState = serde_json::from_str(&text).map_err(|e| SandboxError::State {
        path: path.to_owned(),
        reason: format!("not a sandbox state file: {e}"),
    })?;
    if state.format != STATE_FORMAT {
        return Err(SandboxError::State {
            path: path.to_owned(),
            reason: format!(
                "state format {} is not supported (expected {STATE_FORMAT})",
                state.format
            ),
        });
    }
    Ok(state)
}

/// Writes the state so that the file is always either the old or the new complete version
/// (rename over the old file). There is no fsync: the guarantee holds against the sandbox being
/// killed, not against power loss, which keeps saving cheap enough to do after every change.
pub(crate) fn save(path: &Path, state: &SandboxState) -> std::io::Result<()> {
    let mut text = serde_json::to_vec_pretty(state)?;
    text.push(b'\n');
    crate::atomic_file::replace(path, &text, crate::atomic_file::Durability::NoSync)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_sandbox_per_state_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/state.json");
        let held = acquire(&path, Duration::ZERO).await.unwrap();
        assert!(dir.path().join("nested/state.json.lock").exists());
        let busy = acquire(&path, Duration::from_millis(120))
            .await
            .unwrap_err();
        assert!(busy.to_string().contains("another sandbox"), "{busy}");
        drop(held);
        acquire(&path, Duration::ZERO).await.unwrap();
    }

    #[test]
    fn round_trip_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert_eq!(load(&path).unwrap(), SandboxState::default());
        let mut s = SandboxState::default();
        s.encryption_keys.insert("1".into(), "PEM".into());
        save(&path, &s).unwrap();
        assert_eq!(load(&path).unwrap(), s);
        std::fs::write(&path, "{").unwrap();
        assert!(load(&path).is_err());
        std::fs::write(
            &path,
            r#"{"format":99,"next_id":1,"flows":{},"encryption_keys":{},"messages":[]}"#,
        )
        .unwrap();
        assert!(load(&path).unwrap_err().to_string().contains("99"));
    }
}
