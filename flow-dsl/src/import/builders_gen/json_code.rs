//! JSON values as Rust code for the builders' escape hatches: `json!(…)`, or nested
//! `serde_json::Value` constructors for values too large for the macro.

use serde_json::Value;

use super::code::Code;
use crate::import::rust_lit::{signed_number as num_lit, string as str_lit};

/// `json!`'s expansion recurses once per array item and a few times per object member; past
/// this cost a value is written as nested `Value` constructors so it still compiles.
const JSON_MACRO_BUDGET: usize = 100;

fn macro_cost(v: &Value) -> usize {
    match v {
        Value::Array(items) => items.len() + items.iter().map(macro_cost).max().unwrap_or(0),
        Value::Object(m) => 4 * m.len() + m.values().map(macro_cost).max().unwrap_or(0),
        _ => 1,
    }
}

/// Rust code producing the JSON value `v`: a `json!` invocation, or for values too large for
/// the macro's recursion limit, `serde_json::Value` constructors around smaller ones.
pub(crate) fn json(v: &Value) -> Code {
    if macro_cost(v) > JSON_MACRO_BUDGET {
        return match v {
            Value::Array(items) => Code::call(
                "serde_json::Value::Array",
                vec![Code::brackets("vec!", items.iter().map(json).collect())],
            ),
            Value::Object(m) => Code::call(
                "serde_json::Value::Object",
                vec![Code::call(
                    "serde_json::Map::from_iter",
                    vec![Code::brackets(
                        "",
                        m.iter()
                            .map(|(k, v)| {
                                Code::call(
                                    "",
                                    vec![Code::atom(format!("{}.to_owned()", str_lit(k))), json(v)],
                                )
                            })
                            .collect(),
                    )],
                )],
            ),
            _ => json_macro(v),
        };
    }
    json_macro(v)
}

fn json_macro(v: &Value) -> Code {
    match v {
        Value::Object(m) => Code::List {
            head: "json!(".into(),
            open: "{",
            close: "})",
            items: m
                .iter()
                .map(|(k, v)| Code::Prefixed(format!("{}: ", str_lit(k)), Box::new(json_inner(v))))
                .collect(),
        },
        Value::Array(items) => Code::List {
            head: "json!(".into(),
            open: "[",
            close: "])",
            items: items.iter().map(json_inner).collect(),
        },
        other => Code::call("json!", vec![json_inner(other)]),
    }
}

fn json_inner(v: &Value) -> Code {
    match v {
        Value::Null => Code::atom("null"),
        Value::Bool(b) => Code::atom(b.to_string()),
        Value::Number(n) => Code::atom(num_lit(n)),
        Value::String(s) => Code::atom(str_lit(s)),
        Value::Array(items) => Code::brackets("", items.iter().map(json_inner).collect()),
        Value::Object(m) => Code::List {
            head: String::new(),
            open: "{",
            close: "}",
            items: m
                .iter()
                .map(|(k, v)| Code::Prefixed(format!("{}: ", str_lit(k)), Box::new(json_inner(v))))
                .collect(),
        },
    }
}
