//! flow-dsl: write WhatsApp Flows in Rust.
//!
//! Re-exports the data model ([`model`]) and holds the builders, build.rs helpers, the Flows API
//! client with its providers, deploy, the sandbox, the endpoint, and the CLI.

pub use flow_model as model;

#[cfg(feature = "client")]
pub mod api;
pub mod assets;
pub mod builder;

/// Everything needed to write a flow: `use flow_dsl::prelude::*;`.
pub mod prelude {
    pub use crate::builder::*;
}

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "deploy")]
pub mod deploy;
#[cfg(feature = "sandbox")]
pub mod sandbox;

#[cfg(feature = "endpoint")]
pub mod endpoint;
pub mod webhook;
