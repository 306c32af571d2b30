//! [`FlowSource`]: one named flow with what the Flows API needs beside its JSON. The same type
//! feeds build.rs ([`assets`](crate::assets)) and, with the `deploy` feature, deploys; `flow!`
//! flows make one with `MyFlow::source()`.

use std::borrow::Cow;
use std::panic::Location;
use std::path::PathBuf;

use flow_model::{Category, FlowJson};

use crate::builder::Flow;

/// The flow itself: a builder, a typed document, or JSON text read from a file.
///
/// Builders and documents stay typed all the way to the HTTP body (serialized once); text is
/// uploaded exactly as given, so Meta's line/column in `validation_errors` point into the file.
#[derive(Debug, Clone)]
pub enum FlowDocument {
    /// A builder (built when written or deployed).
    Builder(Flow),
    /// A document.
    Json(FlowJson),
    /// Flow JSON text (parsed once when written or deployed).
    Text(String),
}

impl From<&Flow> for FlowDocument {
    fn from(f: &Flow) -> Self {
        FlowDocument::Builder(f.clone())
    }
}

impl From<Flow> for FlowDocument {
    fn from(f: Flow) -> Self {
        FlowDocument::Builder(f)
    }
}

impl From<&FlowJson> for FlowDocument {
    fn from(f: &FlowJson) -> Self {
        FlowDocument::Json(f.clone())
    }
}

impl From<FlowJson> for FlowDocument {
    fn from(f: FlowJson) -> Self {
        FlowDocument::Json(f)
    }
}

/// One flow under a logical `name` (the file name `NAME.json` in build.rs, the lockfile key
/// and the flow's name on the server in a deploy), with its categories and endpoint URI.
///
/// ```
/// use flow_dsl::FlowSource;
/// use flow_dsl::builder::*;
/// use flow_dsl::model::Category;
/// let mut flow = Flow::new("7.3");
/// let s = flow.screen("DONE");
/// flow.at(s).terminal(true).child(Footer::new("Done", complete()));
/// let src = FlowSource::new("hello", &flow)
///     .categories([Category::Survey])
///     .endpoint_uri("https://example.com/flow");
/// assert_eq!(src.name, "hello");
/// assert_eq!(src.effective_categories(), [Category::Survey]);
/// assert!(src.json_text().contains("\"DONE\""));
/// ```
#[derive(Debug, Clone)]
pub struct FlowSource {
    /// Logical name: file stem, lockfile key and flow name on the server (`NAME (vN)` for new
    /// versions).
    pub name: String,
    /// The flow.
    pub document: FlowDocument,
    /// Categories sent at create and kept in sync; `OTHER` when none are given.
    pub categories: Vec<Category>,
    /// Data-exchange endpoint, for endpoint flows (Flow JSON 3.0 and later).
    pub endpoint_uri: Option<String>,
    /// Meta app connected to the flow (`application_id`; needed by flows with endpoints).
    pub application_id: Option<String>,
    /// Create the flow as a copy of this flow id (`clone_flow_id`), then upload the JSON.
    pub clone_flow_id: Option<String>,
    /// The logical name this flow had before: its lockfile entry (or the server's flow of that
    /// name) is renamed in place instead of a new flow being created.
    pub renamed_from: Option<String>,
    /// Where the flow came from (a file), for messages.
    pub origin: Option<PathBuf>,
}

/// JSON path → the Rust builder call that produced the node; empty for flows from files.
///
/// ```
/// use flow_dsl::FlowSource;
/// use flow_dsl::builder::*;
/// let mut flow = Flow::new("7.2");
/// let start = flow.screen("START");
/// let line = line!() + 1;
/// flow.at(start).title("Hi").terminal(true).child(Footer::new("Done", complete()));
/// let src = FlowSource::new("hello", &flow);
/// let at = src.rust_origins().locate("screens[0].layout.children[0].label").unwrap();
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
    /// A flow with no categories (deployed as `OTHER`) and no endpoint URI.
    pub fn new(name: impl Into<String>, document: impl Into<FlowDocument>) -> Self {
        Self {
            name: name.into(),
            document: document.into(),
            categories: Vec::new(),
            endpoint_uri: None,
            application_id: None,
            clone_flow_id: None,
            renamed_from: None,
            origin: None,
        }
    }

    /// A flow from JSON text, uploaded exactly as given.
    ///
    /// ```
    /// use flow_dsl::FlowSource;
    /// use flow_dsl::model::Category;
    /// let src = FlowSource::from_text("survey", r#"{"version":"7.3","screens":[]}"#, [Category::Survey]);
    /// assert_eq!(src.categories, [Category::Survey]);
    /// ```
    pub fn from_text(
        name: impl Into<String>,
        json: impl Into<String>,
        categories: impl IntoIterator<Item = Category>,
    ) -> Self {
        Self::new(name, FlowDocument::Text(json.into())).categories(categories)
    }

    /// A flow from a typed document (for example `Flow::build()` of the builders), uploaded
    /// pretty-printed.
    ///
    /// ```
    /// use flow_dsl::FlowSource;
    /// use flow_dsl::builder::*;
    /// use flow_dsl::model::Category;
    /// let mut flow = Flow::new("7.2");
    /// let start = flow.screen("START");
    /// flow.at(start).title("Hi").terminal(true).child(Footer::new("Done", complete()));
    /// let src = FlowSource::from_flow_json("hello", &flow.build().unwrap(), [Category::Other]);
    /// assert!(src.json_text().contains("\"START\""));
    /// ```
    pub fn from_flow_json(
        name: impl Into<String>,
        flow: &FlowJson,
        categories: impl IntoIterator<Item = Category>,
    ) -> Self {
        Self::new(name, flow).categories(categories)
    }

    /// Sets the categories (replacing any).
    pub fn categories(mut self, categories: impl IntoIterator<Item = Category>) -> Self {
        self.categories = categories.into_iter().collect();
        self
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

    /// Renames the flow deployed under `old_name` to this name, in place (a deploy updates
    /// the flow's name; it never creates a second flow).
    ///
    /// ```
    /// use flow_dsl::FlowSource;
    /// let src = FlowSource::from_text("Customer survey", "{}", []).renamed_from("survey");
    /// assert_eq!(src.renamed_from.as_deref(), Some("survey"));
    /// ```
    pub fn renamed_from(mut self, old_name: impl Into<String>) -> Self {
        self.renamed_from = Some(old_name.into());
        self
    }

    /// For a flow built with the builders: the builder call behind each JSON path, so the
    /// server's validation errors point at the Rust source. Empty for documents and text.
    pub fn rust_origins(&self) -> RustOrigins {
        match &self.document {
            FlowDocument::Builder(flow) => RustOrigins(flow.origins()),
            FlowDocument::Json(_) | FlowDocument::Text(_) => RustOrigins::default(),
        }
    }

    /// Renames the flow.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The categories sent to the Flows API: the given ones, or `[OTHER]` (Meta needs one).
    pub fn effective_categories(&self) -> Vec<Category> {
        if self.categories.is_empty() {
            vec![Category::Other]
        } else {
            self.categories.clone()
        }
    }

    /// The Flow JSON text: the text as given, or the document pretty-printed (a builder is
    /// built without validation).
    pub fn json_text(&self) -> Cow<'_, str> {
        match &self.document {
            FlowDocument::Text(t) => Cow::Borrowed(t),
            FlowDocument::Json(j) => Cow::Owned(j.to_string_pretty()),
            FlowDocument::Builder(b) => Cow::Owned(b.clone().build_unchecked().to_string_pretty()),
        }
    }

    /// Where this flow came from: the file, or its name.
    pub fn describe(&self) -> String {
        match &self.origin {
            Some(p) => format!("{} ({})", self.name, p.display()),
            None => self.name.clone(),
        }
    }
}
