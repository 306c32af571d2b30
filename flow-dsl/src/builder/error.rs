//! What `build()` reports: every validator finding and every builder-level finding, each with
//! the Rust source location of the builder call that created the offending node.

use std::fmt;
use std::panic::Location;

use flow_model::validate::{Finding, Severity};

/// Codes of findings only the builder can make: what a JSON document cannot express (a handle
/// of another builder, a key declared twice). Every rule a document can break is the
/// validator's, reported with its code from [`flow_model::validate::codes`].
pub mod codes {
    /// A screen handle or reference from another [`Flow`](crate::builder::Flow) was used.
    pub const FOREIGN_HANDLE: &str = "FLOWDSL_FOREIGN_SCREEN_HANDLE";
    /// A builder method was used where it has no meaning (e.g. `field` on a literal).
    pub const MISUSE: &str = "FLOWDSL_BUILDER_MISUSE";
    /// A screen data key declared twice: the document keeps one declaration per key, so only
    /// the builder sees the second (Meta's code for bad data declarations).
    pub const DUPLICATE_DATA_KEY: &str = flow_model::validate::codes::INVALID_SCREEN_DATA;
}

/// Who found a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingSource {
    /// flow-model's validator, run on the built document.
    Validator,
    /// The builder itself (typed references, payload checks, handles).
    Builder,
}

/// One problem, located both in the JSON document and in the Rust source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildFinding {
    /// Meta's error code, or a `FLOWDSL_` code.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and how to fix it.
    pub message: String,
    /// JSON path of the offending value.
    pub path: String,
    /// The builder call that created the offending node (the constructor, `navigate(..)`,
    /// `flow.screen(..)`…), when known.
    pub location: Option<&'static Location<'static>>,
    /// Who found it.
    pub source: FindingSource,
}

impl BuildFinding {
    pub(crate) fn builder(
        code: &'static str,
        path: String,
        message: String,
        loc: &'static Location<'static>,
    ) -> Self {
        BuildFinding {
            code,
            severity: Severity::Error,
            message,
            path,
            location: Some(loc),
            source: FindingSource::Builder,
        }
    }

    pub(crate) fn from_validator(f: Finding) -> Self {
        BuildFinding {
            code: f.code,
            severity: f.severity,
            message: f.message,
            path: f.path,
            location: None,
            source: FindingSource::Validator,
        }
    }

    /// Whether this is an error (rather than a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `file:line:col: CODE path: message` (`warning: ` is prefixed to warnings).
impl fmt::Display for BuildFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(l) => write!(f, "{}:{}:{}: ", l.file(), l.line(), l.column())?,
            None => f.write_str("<unknown>: ")?,
        }
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        let path = if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        };
        write!(f, "{} {}: {}", self.code, path, self.message)
    }
}

/// `build()` failed: the flow has at least one error. Holds every finding (errors and warnings),
/// in document order with builder findings first.
///
/// ```
/// use flow_dsl::builder::*;
/// let mut flow = Flow::new("7.3");
/// let a = flow.screen("A");
/// let b = flow.screen("B");
/// flow.at(b).data::<String>("name", "Ana");
/// flow.at(a).child(Footer::new("Next", navigate(b))); // payload lacks `name`
/// flow.at(b).terminal(true).child(Footer::new("Done", complete()));
/// let err = flow.build().unwrap_err();
/// let text = err.to_string();
/// assert!(text.contains("INVALID_NAVIGATE_ACTION_PAYLOAD"), "{text}");
/// assert!(text.contains(file!()), "{text}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// Every finding.
    pub findings: Vec<BuildFinding>,
}

impl BuildError {
    /// The error-severity findings.
    pub fn errors(&self) -> impl Iterator<Item = &BuildFinding> {
        self.findings.iter().filter(|f| f.is_error())
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        writeln!(
            f,
            "the flow has {n} error{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}
