//! Access to the shared corpus. A missing corpus fails the test: it never skips.

use std::path::{Path, PathBuf};

/// `../shared/corpus` beside the workspace root.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

/// Every `.json` file of the corpus, sorted, with its path relative to the corpus.
pub fn corpus_files() -> Vec<(String, PathBuf)> {
    let dir = corpus_dir();
    assert!(
        dir.is_dir(),
        "the shared corpus is missing at {}: tests need ../shared beside the project",
        dir.display()
    );
    let mut out = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                let rel = p
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, p));
            }
        }
    }
    out.sort();
    assert_eq!(out.len(), 175, "expected the 175 corpus documents");
    out
}
