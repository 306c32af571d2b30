//! An exclusive advisory lock on `<file>.lock`, so that two commands never read-modify-write
//! the same file at once (the sandbox state, a deploy lockfile).
//!
//! The lock is `flock`/`LockFileEx` through [`std::fs::File::try_lock`]: it is released by the
//! OS when the holder exits, even on a crash or a kill, so a stale lock never needs cleaning up.
//! The `.lock` file itself is left in place (removing it would race with a waiter that has
//! already opened it).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Polling interval while another process holds the lock.
const POLL: Duration = Duration::from_millis(50);

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub(crate) struct FileLock {
    _file: File,
}

/// Why a lock was not taken.
#[derive(Debug)]
pub(crate) enum LockError {
    /// Another process still held it when the wait ran out.
    Busy,
    /// The lock file could not be opened or locked; the message names it.
    Io(String),
}

/// The lock file beside `path`: `sandbox.json` → `sandbox.json.lock`.
fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

/// Takes the lock of `path`, creating its directory if needed, waiting at most `wait` for
/// another process to let go; sleeps on the async runtime between attempts.
pub(crate) async fn acquire(path: &Path, wait: Duration) -> Result<FileLock, LockError> {
    let (file, lock) = open(path)?;
    let deadline = Instant::now() + wait;
    loop {
        if try_lock(&file, &lock)? {
            return Ok(FileLock { _file: file });
        }
        if Instant::now() >= deadline {
            return Err(LockError::Busy);
        }
        tokio::time::sleep(POLL).await;
    }
}

fn open(path: &Path) -> Result<(File, PathBuf), LockError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| LockError::Io(format!("cannot create {}: {e}", dir.display())))?;
    }
    let lock = lock_path(path);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|e| LockError::Io(format!("cannot open the lock file {}: {e}", lock.display())))?;
    Ok((file, lock))
}

/// `Ok(true)` when taken, `Ok(false)` when another process holds it.
fn try_lock(file: &File, lock: &Path) -> Result<bool, LockError> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(TryLockError::WouldBlock) => Ok(false),
        Err(TryLockError::Error(e)) => Err(LockError::Io(format!(
            "cannot lock {}: {e}",
            lock.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let held = acquire(&path, Duration::ZERO).await.unwrap();
        assert!(dir.path().join("state.json.lock").exists());
        assert!(matches!(
            acquire(&path, Duration::from_millis(120)).await,
            Err(LockError::Busy)
        ));
        drop(held);
        acquire(&path, Duration::ZERO).await.unwrap();
    }

    #[tokio::test]
    async fn a_waiter_gets_the_lock_when_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        let held = acquire(&path, Duration::ZERO).await.unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            drop(held);
        });
        acquire(&path, Duration::from_secs(10)).await.unwrap();
        release.join().unwrap();
    }

    #[tokio::test]
    async fn a_missing_directory_is_created_an_impossible_one_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/dir/f.json");
        acquire(&path, Duration::ZERO).await.unwrap();
        assert!(dir.path().join("no/such/dir/f.json.lock").exists());
        std::fs::write(dir.path().join("file"), "").unwrap();
        let under_a_file = dir.path().join("file/f.json");
        match acquire(&under_a_file, Duration::ZERO).await {
            Err(LockError::Io(m)) => assert!(m.contains("file"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
