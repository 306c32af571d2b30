//! The WhatsApp Flow JSON data model.
#![doc = "See the crate README."]

mod validation_error;

pub use validation_error::{ERROR_TYPE_FLOW_JSON, Pointer, ValidationError};
