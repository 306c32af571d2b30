//! Checks a send against the flow document at hand: the opening screen must be an entry screen
//! (spec §A.4 rule 4, §G.5) and receive the data it declares. Works on `serde_json::Value`, so any
//! document can be checked, typed model or not.

use std::collections::BTreeSet;

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
    /// The data has keys the screen does not declare.
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
        /// The key.
        key: String,
        /// Declared type.
        expected: String,
        /// JSON type sent.
        found: String,
    },
}

/// The entry screens of a Flow JSON document: screens with no inbound edge, edges being the
/// `routing_model` and every `navigate` action's `next.name` (spec §A.4 rule 4). Read from a
/// `serde_json::Value`, so it works on any document, typed model or not.
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
    let ids = screen_ids(doc);
    let mut targets = BTreeSet::new();
    if let Some(model) = doc.get("routing_model").and_then(Value::as_object) {
        for to in model
            .values()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(Value::as_str)
        {
            targets.insert(to.to_owned());
        }
    }
    for screen in doc
        .get("screens")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let own = screen.get("id").and_then(Value::as_str);
        collect_navigate_targets(screen, &mut |t| {
            if Some(t) != own {
                targets.insert(t.to_owned());
            }
        });
    }
    ids.into_iter().filter(|id| !targets.contains(id)).collect()
}

fn screen_ids(doc: &Value) -> Vec<String> {
    doc.get("screens")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

fn collect_navigate_targets(v: &Value, found: &mut impl FnMut(&str)) {
    match v {
        Value::Object(m) => {
            if m.get("name").and_then(Value::as_str) == Some("navigate")
                && let Some(t) = m
                    .get("next")
                    .and_then(|n| n.get("name"))
                    .and_then(Value::as_str)
            {
                found(t);
            }
            m.values().for_each(|c| collect_navigate_targets(c, found));
        }
        Value::Array(a) => a.iter().for_each(|c| collect_navigate_targets(c, found)),
        _ => {}
    }
}

/// Checks a send against the flow document: a navigate screen must be an entry screen, and its
/// data must match the screen's `data` declaration (keys and JSON types). `DataExchange` sends
/// are not checked (the endpoint picks the screen).
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
    let known = screen_ids(doc);
    if known.is_empty() {
        return Err(SendCheckError::NoScreens);
    }
    if !known.contains(screen) {
        return Err(SendCheckError::UnknownScreen {
            screen: screen.clone(),
            known,
        });
    }
    let entries = entry_screens(doc);
    if !entries.contains(screen) {
        return Err(SendCheckError::NotAnEntryScreen {
            screen: screen.clone(),
            entry_screens: entries,
        });
    }
    let decl = doc
        .get("screens")
        .and_then(Value::as_array)
        .and_then(|s| {
            s.iter()
                .find(|s| s.get("id").and_then(Value::as_str) == Some(screen))
        })
        .and_then(|s| s.get("data"))
        .and_then(Value::as_object);
    let empty = Map::new();
    let decl = decl.unwrap_or(&empty);
    let data = data.as_ref().unwrap_or(&empty);
    let undeclared: Vec<String> = data
        .keys()
        .filter(|k| !decl.contains_key(*k))
        .cloned()
        .collect();
    if !undeclared.is_empty() {
        return Err(SendCheckError::UndeclaredData {
            screen: screen.clone(),
            keys: undeclared,
        });
    }
    let missing: Vec<String> = decl
        .keys()
        .filter(|k| !data.contains_key(*k))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(SendCheckError::MissingData {
            screen: screen.clone(),
            keys: missing,
        });
    }
    for (key, value) in data {
        let Some(expected) = decl
            .get(key)
            .and_then(|d| d.get("type"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let ok = match expected {
            "string" => value.is_string(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => true,
        };
        if !ok {
            return Err(SendCheckError::DataType {
                screen: screen.clone(),
                key: key.clone(),
                expected: expected.to_owned(),
                found: json_type(value).to_owned(),
            });
        }
    }
    Ok(())
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
