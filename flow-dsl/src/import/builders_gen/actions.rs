//! Actions as builder calls: `navigate(handle).with(key, value)…`, `complete()`, …; an action
//! the builders cannot write exactly goes through `Action::from_json`.

use std::collections::HashMap;

use flow_model::DynExpr;
use serde_json::{Map, Value};

use super::code::Code;
use super::json_code::json;
use super::refs::Scope;
use crate::import::rust_lit::string as str_lit;

/// The Rust code of the action `v` (an object).
pub(crate) fn action(v: &Value, scope: &Scope, handles: &HashMap<String, String>) -> Code {
    typed(v, scope, handles).unwrap_or_else(|| {
        Code::call("Action::from_json", vec![json(v)]).commented(vec![
            "no action builder writes this exactly; kept as JSON".to_owned(),
        ])
    })
}

fn typed(v: &Value, scope: &Scope, handles: &HashMap<String, String>) -> Option<Code> {
    let obj = v.as_object()?;
    let name = obj.get("name")?.as_str()?;
    let only = |keys: &[&str]| obj.keys().all(|k| keys.contains(&k.as_str()));
    let base = match name {
        "navigate" if only(&["name", "next", "payload"]) => {
            let next = obj.get("next")?.as_object()?;
            if next.len() != 2 || next.get("type")?.as_str()? != "screen" {
                return None;
            }
            let target = handles.get(next.get("name")?.as_str()?)?;
            Code::atom(format!("navigate({target})"))
        }
        "data_exchange" if only(&["name", "payload"]) => Code::atom("data_exchange()"),
        "complete" if only(&["name", "payload"]) => Code::atom("complete()"),
        "update_data" if only(&["name", "payload"]) => Code::atom("update_data()"),
        "open_url" if only(&["name", "url"]) => {
            return Some(Code::call(
                "open_url",
                vec![Code::atom(str_lit(obj.get("url")?.as_str()?))],
            ));
        }
        _ => return None,
    };
    match obj.get("payload") {
        None => Some(base.method("no_payload", vec![])),
        Some(Value::Object(p)) => Some(with_payload(base, p, scope)),
        Some(_) => None,
    }
}

/// One `.with(key, value)` per payload member: references typed, literals as Rust literals.
fn with_payload(mut code: Code, payload: &Map<String, Value>, scope: &Scope) -> Code {
    for (k, v) in payload {
        code = code.method(
            "with",
            vec![Code::atom(str_lit(k)), payload_value(v, scope)],
        );
    }
    code
}

pub(crate) fn payload_value(v: &Value, scope: &Scope) -> Code {
    match v {
        Value::String(s) if DynExpr::is_dynamic(s) => scope.payload_reference(s),
        Value::String(s) => Code::atom(str_lit(s)),
        Value::Bool(b) => Code::atom(b.to_string()),
        Value::Number(n) => match n.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => Code::atom(i.to_string()),
            Some(i) => Code::atom(format!("{i}_i64")),
            None if n.is_f64() => Code::atom(format!("{:?}_f64", n.as_f64().unwrap_or(0.0))),
            None => json(v),
        },
        _ => json(v),
    }
}
