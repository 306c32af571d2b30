//! Where the integration tests find the workspace, its target directory and the shared corpus.

use std::path::{Path, PathBuf};

/// The workspace root (flow-dsl's parent directory).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("flow-dsl/ is inside the workspace")
        .to_owned()
}

/// The target directory of this workspace's build (`CARGO_TARGET_DIR`, else `target/`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
}

/// `../shared/corpus` beside the workspace.
pub fn corpus_root() -> PathBuf {
    workspace().join("../shared/corpus")
}

/// Every `*.json` of the shared corpus (175 documents), sorted. A missing or incomplete corpus
/// fails the test: it is never skipped.
pub fn corpus_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    let root = corpus_root();
    assert!(
        root.is_dir(),
        "the shared corpus is missing at {}: tests need ../shared beside the project",
        root.display()
    );
    let mut out = Vec::new();
    walk(&root, &mut out);
    out.sort();
    assert_eq!(
        out.len(),
        175,
        "expected the 175 corpus documents in {}",
        root.display()
    );
    out
}
