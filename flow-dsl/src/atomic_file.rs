//! Replacing a user's file so that it is always either the old or the new complete version.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// Name of our temporary files: `.flow-dsl.<random>.tmp`, beside the file being replaced.
const TMP_PREFIX: &str = ".flow-dsl.";
const TMP_SUFFIX: &str = ".tmp";

/// A temporary file of ours older than this was left by a process killed mid-write (Ctrl-C,
/// the OOM killer): no write in flight lasts this long.
const STALE_AFTER: Duration = Duration::from_secs(3600);

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
    builder.prefix(TMP_PREFIX).suffix(TMP_SUFFIX);
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
    sweep_stale(dir);
    Ok(())
}

/// Creates `path` with `bytes`, complete or not at all, and never over an existing file (one
/// created meanwhile included: the error is then [`std::io::ErrorKind::AlreadyExists`]). The
/// new file gets the permissions `File::create` would give.
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TMP_PREFIX).suffix(TMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // Given at creation, so the umask applies as it does for `File::create`.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    sweep_stale(dir);
    Ok(())
}

/// Removes what killed writers left in `dir` (a temporary file's destructor does not run on a
/// signal), once per directory per process so that `fmt --write` over many files stays linear.
fn sweep_stale(dir: &Path) {
    static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    {
        let mut swept = SWEPT.lock().unwrap_or_else(PoisonError::into_inner);
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_owned());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = name
            .to_str()
            .is_some_and(|n| n.starts_with(TMP_PREFIX) && n.ends_with(TMP_SUFFIX));
        if !ours {
            continue;
        }
        // `DirEntry::metadata` does not follow symlinks: only plain files are removed.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let stale = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if meta.is_file() && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The file a path names, through any symlinks; the path itself when it does not exist yet.
fn resolve(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_new_never_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.rs");
        create_new(&file, b"first").unwrap();
        let e = create_new(&file, b"second").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&file).unwrap(), b"first");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x.rs"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            // The mode File::create gives (not a temporary file's 0600).
            let plain = dir.path().join("plain");
            std::fs::File::create(&plain).unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&file), mode(&plain));
        }
    }

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

    #[test]
    fn leftovers_of_killed_writers_are_swept_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let old = SystemTime::now() - 2 * STALE_AFTER;
        let leftover = dir.path().join(".flow-dsl.AbC123.tmp");
        let in_flight = dir.path().join(".flow-dsl.XyZ789.tmp");
        let user_file = dir.path().join(".flow-dsl.keep.json");
        for p in [&leftover, &in_flight, &user_file] {
            std::fs::write(p, "x").unwrap();
        }
        for p in [&leftover, &user_file] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        replace(&dir.path().join("a.json"), b"{}", Durability::NoSync).unwrap();
        assert!(!leftover.exists(), "an hour-old temporary file is removed");
        assert!(
            in_flight.exists(),
            "another process may still be writing it"
        );
        assert!(user_file.exists(), "only our temporary names are touched");
    }
}
