//! `--watch`: run a command again whenever one of its files changes.
//!
//! Polling (size and modification time, twice a second) rather than OS notifications: it works
//! the same on every platform and file system (network mounts, containers), costs nothing
//! measurable for the few files a flow project has, and needs no dependency.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use super::target::note;

/// How often the files are looked at.
const INTERVAL: Duration = Duration::from_millis(500);

/// What the watch compares: each file with its size and modification time (`None` while it
/// cannot be read, e.g. between an editor's delete and rename).
type Stamp = Vec<(PathBuf, Option<(u64, SystemTime)>)>;

/// Runs `once`, then again after every change to `paths` (directories: the `*.json` files under
/// them, including new ones), until the process is interrupted.
pub(super) fn watch(paths: &[PathBuf], mut once: impl FnMut() -> u8) -> ExitCode {
    loop {
        once();
        let before = stamp(paths);
        note("watching for changes (Ctrl-C to stop)");
        loop {
            std::thread::sleep(INTERVAL);
            if stamp(paths) != before {
                break;
            }
        }
        note("changed; running again");
    }
}

fn stamp(paths: &[PathBuf]) -> Stamp {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let _ = super::validate::json_files_under(p, &mut files);
        } else {
            files.push(p.clone());
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let meta = meta(&f);
            (f, meta)
        })
        .collect()
}

fn meta(f: &Path) -> Option<(u64, SystemTime)> {
    let m = std::fs::metadata(f).ok()?;
    Some((m.len(), m.modified().ok()?))
}
