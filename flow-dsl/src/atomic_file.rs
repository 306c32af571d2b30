//! Replacing a user's file so that it is always either the old or the new complete version.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Whether to wait for the bytes to reach the disk before the rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Durability {
    /// `fsync` the temporary file first: survives power loss (user files, lockfiles).
    Sync,
    /// Only atomic against the process being killed: for files rewritten after every request.
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
    NoSync,
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename.
///
/// What a careful editor does, and what a bare `NamedTempFile::persist` does not:
/// - a symlink at `path` stays a link and the file it points to is replaced;
/// - an existing file keeps its permissions;
/// - a new file gets the permissions `File::create` would give (0666 less the umask), not the
///   0600 of a temporary file.
pub(crate) fn replace(path: &Path, bytes: &[u8], durability: Durability) -> std::io::Result<()> {
    let target = resolve(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let existing = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".flow-dsl.").suffix(".tmp");
    #[cfg(unix)]
    let new_file = {
        use std::os::unix::fs::PermissionsExt as _;
        // Given at creation, so the umask applies as it does for `File::create`.
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    if existing.is_none() {
        builder.permissions(new_file);
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Some(p) = existing {
        tmp.as_file().set_permissions(p)?;
    }
    if durability == Durability::Sync {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// The file a path names, through any symlinks; the path itself when it does not exist yet.
fn resolve(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_keeping_links_and_modes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        replace(&file, b"one", Durability::Sync).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::{PermissionsExt as _, symlink};
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_ne!(
                mode, 0o600,
                "a new file is not left private like a temporary file"
            );
            assert_eq!(mode & 0o600, 0o600);
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
            let link = dir.path().join("link.json");
            symlink(&file, &link).unwrap();
            replace(&link, b"two", Durability::NoSync).unwrap();
            assert!(
                std::fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(std::fs::read(&file).unwrap(), b"two");
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        let names = std::fs::read_dir(dir.path()).unwrap().count();
        assert!(names <= 2, "no temporary file left behind");
    }
}
