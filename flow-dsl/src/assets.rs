//! build.rs support: write each flow as `NAME.json` (canonical pretty JSON), atomically, and
//! only when its content changed; fail the build with the validator's report when a flow is
//! invalid.
//!
//! Writing only on change keeps file modification times stable, so a `rerun-if-changed` on the
//! output (or a checked-in `flows/` directory) never triggers a rebuild loop.
//!
//! ```
//! use flow_dsl::assets::FlowAssets;
//! use flow_dsl::builder::*;
//!
//! let mut flow = Flow::new("7.3");
//! let s = flow.screen("DONE");
//! flow.at(s).terminal(true).child(Footer::new("Done", complete()));
//!
//! let dir = tempfile::tempdir().unwrap();
//! let written = FlowAssets::new(dir.path()).add("hello", &flow).write().unwrap();
//! assert!(written[0].changed);
//! assert!(written[0].path.ends_with("hello.json"));
//! // Same content: the file is left alone.
//! let again = FlowAssets::new(dir.path()).add("hello", &flow).write().unwrap();
//! assert!(!again[0].changed);
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use flow_model::FlowJson;
use flow_model::validate::{Severity, ValidateOptions, validate, validate_parsed_with};

use crate::builder::BuildError;

pub use crate::source::{FlowDocument, FlowSource};

/// One written (or already up-to-date) file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// The flow name.
    pub name: String,
    /// `DIR/NAME.json`.
    pub path: PathBuf,
    /// Whether the file was (re)written; `false` when it already had this content.
    pub changed: bool,
}

/// Why the flows could not be written. `Display` is the full report, one line per finding.
#[derive(Debug)]
pub enum AssetsError {
    /// At least one flow has validation errors (valid flows were still written).
    Invalid(Vec<(String, String)>),
    /// A file could not be written.
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// A flow name that is not a plain file name.
    BadName(String),
}

impl fmt::Display for AssetsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssetsError::Invalid(flows) => {
                for (name, report) in flows {
                    writeln!(f, "flow `{name}` is invalid:")?;
                    for line in report.lines() {
                        writeln!(f, "  {line}")?;
                    }
                }
                Ok(())
            }
            AssetsError::Io { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            AssetsError::BadName(n) => write!(
                f,
                "flow name `{n}` must be a plain file name (letters, digits, `_`, `-`, `.`)"
            ),
        }
    }
}

impl std::error::Error for AssetsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AssetsError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A set of flows to write into one directory.
#[derive(Debug)]
pub struct FlowAssets {
    dir: PathBuf,
    flows: Vec<FlowSource>,
}

impl FlowAssets {
    /// Flows to be written into `dir` (created if missing).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FlowAssets {
            dir: dir.into(),
            flows: Vec::new(),
        }
    }

    /// Adds a flow (a builder, a document or JSON text), written as `NAME.json`.
    pub fn add(mut self, name: impl Into<String>, flow: impl Into<FlowDocument>) -> Self {
        self.flows.push(FlowSource::new(name, flow));
        self
    }

    /// Adds a [`FlowSource`], written as `NAME.json` (e.g. `MyFlow::source()` of `flow!`).
    ///
    /// ```
    /// use flow_dsl::assets::FlowAssets;
    /// flow_dsl::flow! {
    ///     <Flow name=Hello version="7.3" categories=[SURVEY]>
    ///         <Screen id="DONE" terminal>
    ///             <Footer label="Done" on-click-action={complete({})} />
    ///         </Screen>
    ///     </Flow>
    /// }
    /// let dir = tempfile::tempdir().unwrap();
    /// let written = FlowAssets::new(dir.path()).source(Hello::source()).write().unwrap();
    /// assert!(written[0].path.ends_with("Hello.json"));
    /// ```
    pub fn source(mut self, source: FlowSource) -> Self {
        self.flows.push(source);
        self
    }

    /// Builds, validates and writes every flow. Every invalid flow is reported at once.
    pub fn write(&self) -> Result<Vec<WrittenFile>, AssetsError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| AssetsError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let mut written = Vec::new();
        let mut invalid = Vec::new();
        for source in &self.flows {
            let name = &source.name;
            if !is_plain_name(name) {
                return Err(AssetsError::BadName(name.clone()));
            }
            let json = match checked(&source.document) {
                Ok(json) => json,
                Err(report) => {
                    invalid.push((name.clone(), report));
                    continue;
                }
            };
            let path = self.dir.join(format!("{name}.json"));
            let mut text = json.to_string_pretty();
            text.push('\n');
            let changed = write_if_changed(&path, text.as_bytes())?;
            written.push(WrittenFile {
                name: name.clone(),
                path,
                changed,
            });
        }
        if invalid.is_empty() {
            Ok(written)
        } else {
            Err(AssetsError::Invalid(invalid))
        }
    }
}

/// Writes `flows` into `dir` (see [`FlowAssets`]).
///
/// ```
/// use flow_dsl::assets::{FlowSource, write_flows};
/// use flow_dsl::builder::*;
/// let mut flow = Flow::new("7.3");
/// let s = flow.screen("DONE");
/// flow.at(s).terminal(true).child(Footer::new("Done", complete()));
/// let dir = tempfile::tempdir().unwrap();
/// let files = write_flows(dir.path(), [FlowSource::new("hello", &flow)]).unwrap();
/// assert_eq!(files.len(), 1);
/// ```
pub fn write_flows(
    dir: impl AsRef<Path>,
    flows: impl IntoIterator<Item = FlowSource>,
) -> Result<Vec<WrittenFile>, AssetsError> {
    let mut assets = FlowAssets::new(dir.as_ref());
    for flow in flows {
        assets = assets.source(flow);
    }
    assets.write()
}

/// For build scripts: writes the flows; on failure prints every report line as
/// `cargo:warning=` (and the report on stderr) and exits with status 1, failing the build.
pub fn build_rs_main(assets: &FlowAssets) -> Vec<WrittenFile> {
    match assets.write() {
        Ok(files) => files,
        Err(e) => {
            for line in e.to_string().lines() {
                println!("cargo:warning={line}");
            }
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

/// The document, or the report of its errors.
fn checked(document: &FlowDocument) -> Result<FlowJson, String> {
    let report = |v: flow_model::validate::Validation| -> String {
        v.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("{f}\n"))
            .collect()
    };
    match document {
        // `build` consumes its builder; the caller keeps theirs.
        FlowDocument::Builder(flow) => flow.clone().build().map_err(|e: BuildError| e.to_string()),
        FlowDocument::Json(json) => {
            let v = validate(json);
            if v.has_errors() {
                Err(report(v))
            } else {
                Ok(json.clone())
            }
        }
        FlowDocument::Text(text) => {
            let json = FlowJson::from_str(text).map_err(|e| format!("{e}\n"))?;
            let v = validate_parsed_with(&json, text, &ValidateOptions::default());
            if v.has_errors() {
                Err(report(v))
            } else {
                Ok(json)
            }
        }
    }
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// Replaces `path` with `bytes` through a temporary file in the same directory (so the rename
/// is atomic), unless it already holds exactly these bytes.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, AssetsError> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let io = |source| AssetsError::Io {
        path: path.to_owned(),
        source,
    };
    crate::atomic_file::replace(path, bytes, crate::atomic_file::Durability::Sync).map_err(io)?;
    Ok(true)
}
