//! Checks a send against the flow document at hand: the opening screen must be an entry screen
//! (spec §A.4 rule 4, §G.5) and receive the data it declares. Takes any `serde_json::Value`;
//! the rules (entry screens, data fit) are flow-model's.

use flow_model::{DataFit, DataMismatch, FlowJson};
use serde_json::{Map, Value};

use super::send::{FlowAction, SendFlow};

/// Why a send does not fit the flow document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SendCheckError {
    /// The document has no `screens` array of objects with ids.
    #[error("the flow document has no screens")]
    NoScreens,
    /// The screen does not exist.
    #[error("screen {screen:?} is not in the flow (screens: {known:?})")]
    UnknownScreen {
        /// The screen asked for.
        screen: String,
        /// The screens of the document.
        known: Vec<String>,
    },
    /// The screen has an inbound edge (routing model or navigate action).
    #[error("screen {screen:?} is not an entry screen (entry screens: {entry_screens:?})")]
    NotAnEntryScreen {
        /// The screen asked for.
        screen: String,
        /// The document's entry screens.
        entry_screens: Vec<String>,
    },
    /// The data has keys the screen does not declare (nested ones as paths, `item.zzz`).
    #[error("screen {screen:?} does not declare data {keys:?}")]
    UndeclaredData {
        /// The screen.
        screen: String,
        /// Keys sent but not declared.
        keys: Vec<String>,
    },
    /// The screen declares data the send does not give.
    #[error("screen {screen:?} declares data {keys:?} that the send does not give")]
    MissingData {
        /// The screen.
        screen: String,
        /// Keys declared but absent.
        keys: Vec<String>,
    },
    /// A value's JSON type differs from its declaration.
    #[error("data {key:?} of screen {screen:?} should be {expected}, got {found}")]
    DataType {
        /// The screen.
        screen: String,
        /// The key, or the path of a nested value (`items[0].id`).
        key: String,
        /// Declared type.
        expected: String,
        /// JSON type sent.
        found: String,
    },
}

/// The entry screens of a Flow JSON document: screens with no inbound edge, edges being the
/// `routing_model` and every `navigate` action's `next.name` (spec §A.4 rule 4). Works on any
/// JSON value (a document that is not an object has none); the graph is flow-model's
/// ([`flow_model::FlowJson::entry_screens`]).
///
/// ```
/// use serde_json::json;
/// let doc = json!({"version":"7.2","screens":[
///   {"id":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next",
///     "on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},
///   {"id":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[]}}]});
/// assert_eq!(flow_dsl::api::entry_screens(&doc), vec!["A".to_string()]);
/// ```
pub fn entry_screens(doc: &Value) -> Vec<String> {
    model(doc).map_or_else(Vec::new, |f| {
        f.entry_screens().into_iter().map(str::to_owned).collect()
    })
}

/// The typed document (lossless: nothing of `doc` is dropped, wrongly typed parts are kept
/// aside), or `None` when `doc` is not an object.
fn model(doc: &Value) -> Option<FlowJson> {
    FlowJson::from_value(doc.clone()).ok()
}

/// Checks a send against the flow document: a navigate screen must be an entry screen, and its
/// data must match the screen's `data` declaration (keys and JSON types, nested values
/// included). `DataExchange` sends are not checked (the endpoint picks the screen).
///
/// ```
/// use flow_dsl::api::{check_send, FlowAction, FlowRef, SendFlow};
/// use serde_json::json;
/// let doc = json!({"screens":[{"id":"A","data":{"name":{"type":"string","__example__":"Ann"}}}]});
/// let send = |data| SendFlow::new("1", FlowRef::Id("9".into()), "Go", "Hi",
///     FlowAction::Navigate { screen: "A".into(), data });
/// assert!(check_send(&send(Some(json!({"name":"Bo"}).as_object().unwrap().clone())), &doc).is_ok());
/// assert!(check_send(&send(None), &doc).is_err());
/// ```
pub fn check_send(send: &SendFlow, doc: &Value) -> Result<(), SendCheckError> {
    let FlowAction::Navigate { screen, data } = &send.action else {
        return Ok(());
    };
    let flow = model(doc).ok_or(SendCheckError::NoScreens)?;
    let known: Vec<String> = flow
        .screens
        .iter()
        .flatten()
        .filter_map(|s| s.id.clone())
        .collect();
    if known.is_empty() {
        return Err(SendCheckError::NoScreens);
    }
    let Some(target) = flow.screen(screen) else {
        return Err(SendCheckError::UnknownScreen {
            screen: screen.clone(),
            known,
        });
    };
    let entries = entry_screens(doc);
    if !entries.contains(screen) {
        return Err(SendCheckError::NotAnEntryScreen {
            screen: screen.clone(),
            entry_screens: entries,
        });
    }
    let empty = Map::new();
    let mismatches = target.data_mismatches(data.as_ref().unwrap_or(&empty), DataFit::Complete);
    let keys = |want: fn(&DataMismatch) -> bool| -> Vec<String> {
        mismatches
            .iter()
            .filter(|m| want(m))
            .map(|m| m.path().to_owned())
            .collect()
    };
    let undeclared = keys(|m| matches!(m, DataMismatch::Undeclared { .. }));
    if !undeclared.is_empty() {
        return Err(SendCheckError::UndeclaredData {
            screen: screen.clone(),
            keys: undeclared,
        });
    }
    let missing = keys(|m| matches!(m, DataMismatch::Missing { .. }));
    if !missing.is_empty() {
        return Err(SendCheckError::MissingData {
            screen: screen.clone(),
            keys: missing,
        });
    }
    match mismatches.into_iter().next() {
        Some(DataMismatch::WrongType {
            path,
            expected,
            found,
        }) => Err(SendCheckError::DataType {
            screen: screen.clone(),
            key: path,
            expected: expected.to_owned(),
            found: found.to_owned(),
        }),
        _ => Ok(()),
    }
}
