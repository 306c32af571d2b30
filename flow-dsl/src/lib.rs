//! flow-dsl: write WhatsApp Flows in Rust.
//!
//! Re-exports the data model ([`model`]) and holds the builders, build.rs helpers, the Flows API
//! client with its providers, deploy, the sandbox, the endpoint, and the CLI.
#![warn(missing_docs)]

pub use flow_model as model;

#[cfg(feature = "client")]
pub mod api;
pub mod assets;
mod atomic_file;
pub mod builder;
pub mod sim;
mod source;
pub use source::{FlowDocument, FlowSource, RustOrigins};

/// Writes a whole flow as markup, checked at compile time; see [`flow_dsl_macros`] for the
/// grammar.
pub use flow_dsl_macros::flow;

#[doc(hidden)]
#[path = "macro_support.rs"]
pub mod __private;

/// Everything needed to write a flow: `use flow_dsl::prelude::*;`.
pub mod prelude {
    pub use crate::builder::*;
    pub use crate::flow;
}

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(any(feature = "cli", feature = "deploy"))]
mod decode;
#[cfg(feature = "deploy")]
pub mod deploy;
#[cfg(any(feature = "sandbox", feature = "deploy"))]
mod file_lock;
#[cfg(feature = "sandbox")]
pub mod sandbox;

#[cfg(feature = "endpoint")]
pub mod endpoint;
#[cfg(feature = "import")]
pub mod import;
pub mod webhook;
