//! What gets deployed: one named flow with its JSON text and metadata.

use std::panic::Location;
use std::path::{Path, PathBuf};

use flow_model::FlowJson;

use super::DeployError;
use crate::api::Category;

/// One flow to deploy, under a logical `name` (the key in the lockfile and, normally, the flow's
/// name on the server).
///
/// The JSON text is uploaded exactly as given (pretty-printed text keeps Meta's line/column in
/// `validation_errors` meaningful); its [`content_hash`](super::content_hash) decides whether
/// anything changed.
///
/// ```
/// use flow_dsl::api::Category;
/// use flow_dsl::deploy::FlowSource;
/// let src = FlowSource::from_text("survey", r#"{"version":"7.2","screens":[]}"#, [Category::Survey])
///     .endpoint_uri("https://example.com/flow");
/// assert_eq!(src.name, "survey");
/// assert_eq!(src.categories, vec![Category::Survey]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FlowSource {
    /// Logical name: lockfile key and flow name on the server (`NAME (vN)` for new versions).
    pub name: String,
    /// The Flow JSON text to upload.
    pub json: String,
    /// Categories sent at create and kept in sync; `OTHER` when none are given.
    pub categories: Vec<Category>,
    /// Data-exchange endpoint, for endpoint flows.
    pub endpoint_uri: Option<String>,
    /// Meta app connected to the flow (`application_id`; needed by flows with endpoints).
    pub application_id: Option<String>,
    /// Create the flow as a copy of this flow id (`clone_flow_id`), then upload the JSON.
    pub clone_flow_id: Option<String>,
    /// The logical name this flow had before: its lockfile entry (or the server's flow of that
    /// name) is renamed in place instead of a new flow being created.
    pub renamed_from: Option<String>,
    /// Where the text came from, for messages.
    pub origin: Option<PathBuf>,
    /// For a flow built in Rust ([`from_builder`](Self::from_builder)): the builder call behind
    /// each JSON path, so the server's validation errors point at the Rust source.
    pub rust_origins: RustOrigins,
}

/// JSON path → the Rust builder call that produced the node; empty for flows from files.
///
/// ```
/// use flow_dsl::builder::*;
/// use flow_dsl::deploy::FlowSource;
/// let mut flow = Flow::new("7.2");
/// let start = flow.screen("START");
/// let line = line!() + 1;
/// flow.at(start).title("Hi").terminal(true).child(Footer::new("Done", complete()));
/// let src = FlowSource::from_builder("hello", &flow, []).unwrap();
/// let at = src.rust_origins.locate("screens[0].layout.children[0].label").unwrap();
/// assert_eq!((at.file(), at.line()), (file!(), line));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RustOrigins(Vec<(String, &'static Location<'static>)>);

impl RustOrigins {
    /// The builder call of the node at `path`, or of its closest recorded ancestor.
    pub fn locate(&self, path: &str) -> Option<&'static Location<'static>> {
        crate::builder::locate(&self.0, path)
    }

    /// Whether nothing is recorded (a flow from a file or text).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FlowSource {
    /// A flow from JSON text. Empty `categories` become `[OTHER]` (Meta needs at least one).
    pub fn from_text(
        name: impl Into<String>,
        json: impl Into<String>,
        categories: impl IntoIterator<Item = Category>,
    ) -> Self {
        let mut categories: Vec<Category> = categories.into_iter().collect();
        if categories.is_empty() {
            categories.push(Category::Other);
        }
        Self {
            name: name.into(),
            json: json.into(),
            categories,
            endpoint_uri: None,
            application_id: None,
            clone_flow_id: None,
            renamed_from: None,
            origin: None,
            rust_origins: RustOrigins::default(),
        }
    }

    /// A flow from a typed document (for example `Flow::build()` of the builders), uploaded
    /// pretty-printed.
    ///
    /// ```
    /// use flow_dsl::api::Category;
    /// use flow_dsl::builder::*;
    /// use flow_dsl::deploy::FlowSource;
    /// let mut flow = Flow::new("7.2");
    /// let start = flow.screen("START");
    /// flow.at(start).title("Hi").terminal(true).child(Footer::new("Done", complete()));
    /// let src = FlowSource::from_flow_json("hello", &flow.build().unwrap(), [Category::Other]);
    /// assert!(src.json.contains("\"START\""));
    /// ```
    pub fn from_flow_json(
        name: impl Into<String>,
        flow: &FlowJson,
        categories: impl IntoIterator<Item = Category>,
    ) -> Self {
        Self::from_text(name, flow.to_string_pretty(), categories)
    }

    /// A flow built in Rust with the builders: uploaded pretty-printed, and the server's
    /// validation errors are mapped back to the builder calls (`file:line:column` in the
    /// [`DeployReport`](super::DeployReport)). Fails with the build's own findings.
    pub fn from_builder(
        name: impl Into<String>,
        flow: &crate::builder::Flow,
        categories: impl IntoIterator<Item = Category>,
    ) -> Result<Self, crate::builder::BuildError> {
        let origins = RustOrigins(flow.origins());
        let json = flow.clone().build()?;
        let mut src = Self::from_flow_json(name, &json, categories);
        src.rust_origins = origins;
        Ok(src)
    }

    /// A flow read from a `flow.json` file. The name defaults to the file stem.
    ///
    /// ```no_run
    /// use flow_dsl::deploy::FlowSource;
    /// let src = FlowSource::from_file("flows/survey.json", None, [])?;
    /// assert_eq!(src.name, "survey");
    /// # Ok::<(), flow_dsl::deploy::DeployError>(())
    /// ```
    pub fn from_file(
        path: impl AsRef<Path>,
        name: Option<String>,
        categories: impl IntoIterator<Item = Category>,
    ) -> Result<Self, DeployError> {
        let path = path.as_ref();
        let input = |reason: String| DeployError::Input {
            path: path.to_owned(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|e| input(e.to_string()))?;
        let json = crate::decode::decode(&bytes)
            .map_err(|d| input(format!("{}: {}", d.parse, d.help)))?
            .to_owned();
        let name = match name {
            Some(n) => n,
            None => path
                .file_stem()
                .and_then(|s| s.to_str())
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    input(
                        "cannot derive a flow name from the file name; name it in a manifest"
                            .into(),
                    )
                })?
                .to_owned(),
        };
        let mut src = Self::from_text(name, json, categories);
        src.origin = Some(path.to_owned());
        Ok(src)
    }

    /// Sets the data-exchange endpoint URI.
    pub fn endpoint_uri(mut self, uri: impl Into<String>) -> Self {
        self.endpoint_uri = Some(uri.into());
        self
    }

    /// Sets the Meta app connected to the flow.
    pub fn application_id(mut self, id: impl Into<String>) -> Self {
        self.application_id = Some(id.into());
        self
    }

    /// Creates the flow as a copy of `flow_id` (then uploads this JSON).
    pub fn clone_flow_id(mut self, flow_id: impl Into<String>) -> Self {
        self.clone_flow_id = Some(flow_id.into());
        self
    }

    /// Renames the flow deployed under `old_name` to this name, in place.
    ///
    /// ```
    /// use flow_dsl::deploy::FlowSource;
    /// let src = FlowSource::from_text("Customer survey", "{}", []).renamed_from("survey");
    /// assert_eq!(src.renamed_from.as_deref(), Some("survey"));
    /// ```
    pub fn renamed_from(mut self, old_name: impl Into<String>) -> Self {
        self.renamed_from = Some(old_name.into());
        self
    }

    /// Where this flow came from: the file, or its name.
    pub fn describe(&self) -> String {
        match &self.origin {
            Some(p) => format!("{} ({})", self.name, p.display()),
            None => self.name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason_for(bytes: &[u8]) -> String {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("survey.json");
        std::fs::write(&path, bytes).expect("write");
        match FlowSource::from_file(&path, None, []) {
            Err(DeployError::Input { path: p, reason }) => {
                assert_eq!(p, path);
                reason
            }
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn a_file_that_is_not_json_text_says_where_and_how_to_fix_it() {
        let bom = reason_for(b"\xEF\xBB\xBF{\"version\": \"7.3\", \"screens\": []}");
        assert!(
            bom.contains("byte order mark") && bom.contains("line 1, column 1"),
            "{bom}"
        );
        let latin1 = reason_for(b"{\"version\": \"7.3\",\n\"screens\": [{\"id\": \"\xC9\"}]}");
        assert!(
            latin1.contains("not valid UTF-8 at line 2, column 21"),
            "{latin1}"
        );
        assert!(latin1.contains("iconv"), "{latin1}");
    }

    #[test]
    fn a_utf8_file_is_read_and_named_after_its_stem() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("survey.json");
        std::fs::write(&path, "{\"version\": \"7.3\", \"screens\": []}").expect("write");
        let src = FlowSource::from_file(&path, None, []).expect("readable");
        assert_eq!(src.name, "survey");
        assert_eq!(src.origin.as_deref(), Some(path.as_path()));
    }
}
