//! flow-dsl.
pub use flow_model as model;
