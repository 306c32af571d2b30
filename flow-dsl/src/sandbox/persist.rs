//! Saving the state to a JSON file atomically (temporary file in the same directory, then rename)
//! and loading it back.

use std::io::Write;
use std::path::Path;

use super::SandboxError;
use super::state::{STATE_FORMAT, SandboxState};

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
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer_pretty(&mut tmp, state)?;
    tmp.write_all(b"\n")?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
