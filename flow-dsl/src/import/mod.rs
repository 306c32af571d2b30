//! Import: an existing Flow JSON document becomes Rust source — a `flow!` invocation
//! ([`Style::Macro`], the default) or builder calls ([`Style::Builders`]) — that produces the same
//! Flow JSON value.
//!
//! Nothing is dropped: what the DSL has no syntax for goes through the `raw:` escape hatch with a
//! comment, and an invalid document still imports, with the validator's findings as comments at
//! the place they concern, so the generated code fails to compile where Meta would reject the
//! flow.
//!
//! ```
//! use flow_dsl::import::{import, ImportOptions, Style};
//!
//! let json = r#"{"version":"7.0","screens":[{"id":"WELCOME","title":"Hi","terminal":true,
//!   "layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done",
//!   "on-click-action":{"name":"complete","payload":{}}}]}}]}"#;
//! let out = import(json, &ImportOptions::new().style(Style::Macro)).unwrap();
//! assert!(out.rust.contains("flow!"));
//! ```

use flow_model::validate::Finding;

mod builders_gen;
// Shared analysis used by both generators (crate-internal). Each generator uses a part of
// it, so what one of them leaves unused is not dead code.
#[allow(dead_code)]
pub(crate) mod expr;
#[allow(dead_code)]
pub(crate) mod findings;
mod macro_gen;
#[allow(dead_code)]
pub(crate) mod names;
#[allow(dead_code)]
pub(crate) mod rust_lit;
#[allow(dead_code)]
pub(crate) mod screen_data;

/// Which kind of Rust the importer writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// One `flow!` invocation (the default).
    #[default]
    Macro,
    /// Builder calls (`flow_dsl::builder`).
    Builders,
}

/// What to import and how. Built with [`ImportOptions::new`] and its setters.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ImportOptions {
    /// Macro or builders.
    pub style: Style,
    /// The Rust type name of the flow (`Booking`); derived from `file_name` when absent.
    pub type_name: Option<String>,
    /// The JSON file's name, used for the default type name and in comments.
    pub file_name: Option<String>,
}

impl ImportOptions {
    /// Defaults: `flow!`, type name from the file name (or `ImportedFlow`).
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the style.
    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }
    /// Sets the Rust type name.
    pub fn type_name(mut self, name: impl Into<String>) -> Self {
        self.type_name = Some(name.into());
        self
    }
    /// Sets the source file name.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }
}

/// The generated Rust module and what the validator said about the input.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Imported {
    /// The Rust source: a complete module (uses, the flow, a doc comment), formatted.
    pub rust: String,
    /// The Rust type name used.
    pub type_name: String,
    /// The validator's findings on the input (errors become comments and compile errors).
    pub findings: Vec<Finding>,
}

/// Why a document could not be imported at all (it is not Flow JSON). Invalid flows import;
/// these are inputs with no flow to import.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Not JSON, or JSON that is not a Flow JSON object; with line/column.
    #[error("{path}: line {line}, column {column}: {message}")]
    Parse {
        /// JSON path of the problem.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong and what would fix it.
        message: String,
    },
    /// The requested type name is not a Rust identifier.
    #[error("`{0}` is not a Rust type name; use UpperCamelCase letters, digits and `_`")]
    TypeName(String),
}

/// Imports Flow JSON text as Rust source.
///
/// # Errors
/// [`ImportError`] when the text is not a Flow JSON document or the type name is invalid.
pub fn import(json: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let type_name = match &options.type_name {
        Some(name) => {
            names::check_type_name(name)?;
            name.clone()
        }
        None => names::type_name_from_file(options.file_name.as_deref()),
    };
    let flow = flow_model::FlowJson::from_str(json).map_err(|e| ImportError::Parse {
        path: e.path.clone().unwrap_or_default(),
        line: e.line,
        column: e.column,
        message: e.message.clone(),
    })?;
    // The generators walk the model's canonical key order (unknown keys after known ones, in
    // their order): importing the JSON the generated code writes gives the same text.
    let value = flow.to_value();
    let placed = findings::place(&flow, json, &value);
    let rust = match options.style {
        Style::Macro => macro_gen::generate(&macro_gen::Input {
            json: &value,
            type_name: &type_name,
            file_name: options.file_name.as_deref(),
            placed: &placed,
        }),
        Style::Builders => {
            let canonical = match value {
                serde_json::Value::Object(m) => m,
                _ => serde_json::Map::new(),
            };
            builders_gen::generate(
                &canonical,
                &placed,
                &type_name,
                options.file_name.as_deref(),
            )
        }
    };
    Ok(Imported {
        rust,
        type_name,
        findings: placed.all,
    })
}
