//! The WhatsApp Flow JSON data model: typed, lossless, versioned.
//!
//! - [`FlowJson`] is a whole document; [`Screen`], [`Layout`], [`Component`] and [`Action`] its
//!   parts. Component properties use Meta's kebab-case keys, top-level and screen keys
//!   snake_case, exactly as on the wire.
//! - **Lossless**: unknown components, properties, enum values and top-level keys are kept
//!   (`extra` maps, `Unknown` variants) and written back; so are known properties whose value has
//!   the wrong JSON type. The validator reports them.
//! - **Versions**: [`Version`] orders numerically (7.10 > 7.9); [`table`] is the single table of
//!   which version introduced each component, property and action, with its limits.
//! - **Canonical output**: [`FlowJson::to_string_pretty`] (2-space indent) and
//!   [`FlowJson::to_string_compact`] are deterministic. Key order: `version`,
//!   `data_api_version`, `routing_model`, `data_channel_uri`, `screens`; in a screen `id`,
//!   `title`, `terminal`, `success`, `refresh_on_back`, `sensitive`, `data`, `layout`; in a
//!   component `type` first, then its properties in the order of Meta's reference tables (the
//!   order of [`table::ComponentSpec::props`]); in an action `name` first. Unknown keys follow
//!   the known ones in their original order; free-form JSON (payloads, `__example__`) keeps its
//!   original order.
//!
//! ```
//! use flow_model::{Component, FlowJson};
//! let flow = FlowJson::from_str(r#"{"version": "7.3", "screens": [{"id": "A", "terminal": true,
//!   "layout": {"type": "SingleColumnLayout", "children": [
//!     {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email"},
//!     {"type": "Sparkles", "amount": 3}]}}]}"#).unwrap();
//! let screen = &flow.screens.as_ref().unwrap()[0];
//! assert!(matches!(screen.children()[0], Component::TextInput(_)));
//! assert!(matches!(screen.children()[1], Component::Unknown(_)));
//! assert!(flow.to_string_compact().contains(r#""type":"Sparkles","amount":3"#));
//! ```
#![warn(missing_docs)]

mod action;
mod category;
mod component;
mod deployment;
mod dynamic;
pub mod eval;
pub mod expr_text;
mod flow;
pub mod graph;
mod json;
mod model_macro;
mod open_enum;
mod read;
mod screen;
mod source_map;
pub mod suggest;
pub mod table;
mod types;
pub mod validate;
mod validation_error;
mod version;
mod write;

pub use action::{
    ACTIONS, Action, Complete, DataExchange, Navigate, Next, OpenUrl, Payload, UpdateData,
    payload_strings,
};
pub use category::{Category, CategoryError, categories};
pub use component::{COMPONENTS, Component, component_spec, defs::*};
pub use dynamic::{Binding, Dyn, DynExpr, DynKind, Reference, references_in};
pub use flow::{FlowJson, ParseError, ParseErrorKind};
pub use json::{Extra, FromJson, to_value};
pub use read::PropValue;
pub use screen::{DataFit, DataMismatch, DataSchema, Layout, SchemaItems, Screen};
pub use source_map::{
    ChangedNumber, DuplicateKey, LineCol, SourceMap, Span, changed_numbers, duplicate_keys,
    inexact_numbers,
};
pub use types::*;
pub use validation_error::{ERROR_TYPE_FLOW_JSON, Pointer, ValidationError};
pub use version::*;
