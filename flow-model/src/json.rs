//! Lossless conversion between JSON values and typed model fields.
//!
//! Every typed field is read with [`FromJson`]: a value that does not fit the field's type is
//! handed back unchanged, and the containing object keeps it in its `extra` map under the same
//! key. Nothing is dropped, and the validator reports it (`INVALID_PROPERTY_TYPE`).

use indexmap::IndexMap;
use serde_json::{Map, Number, Value};

/// Properties a typed object did not recognise, or recognised but could not type, in document
/// order. Written back after the known properties.
pub type Extra = Map<String, Value>;

/// Conversion from a JSON value that gives the value back when it does not fit.
pub trait FromJson: Sized {
    /// `Ok` with the typed value, or `Err` with the untouched input.
    fn from_json(v: Value) -> Result<Self, Value>;
}

impl FromJson for Value {
    fn from_json(v: Value) -> Result<Self, Value> {
        Ok(v)
    }
}

impl FromJson for String {
    fn from_json(v: Value) -> Result<Self, Value> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(other),
        }
    }
}

impl FromJson for bool {
    fn from_json(v: Value) -> Result<Self, Value> {
        match v {
            Value::Bool(b) => Ok(b),
            other => Err(other),
        }
    }
}

impl FromJson for i64 {
    fn from_json(v: Value) -> Result<Self, Value> {
        match &v {
            Value::Number(n) if n.is_i64() => Ok(n.as_i64().expect("checked is_i64")),
            _ => Err(v),
        }
    }
}

impl FromJson for Number {
    fn from_json(v: Value) -> Result<Self, Value> {
        match v {
            Value::Number(n) => Ok(n),
            other => Err(other),
        }
    }
}

impl FromJson for Map<String, Value> {
    fn from_json(v: Value) -> Result<Self, Value> {
        match v {
            Value::Object(m) => Ok(m),
            other => Err(other),
        }
    }
}

/// Boxed fields (large values kept out of line so the common case stays small) read like their
/// content.
impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: Value) -> Result<Self, Value> {
        T::from_json(v).map(Box::new)
    }
}

/// A list converts only when every element does; otherwise the whole list is handed back, so the
/// original array survives intact.
impl<T: FromJson + serde::Serialize> FromJson for Vec<T> {
    fn from_json(v: Value) -> Result<Self, Value> {
        let Value::Array(items) = v else {
            return Err(v);
        };
        let mut out = Vec::with_capacity(items.len());
        let mut iter = items.into_iter();
        while let Some(item) = iter.next() {
            match T::from_json(item) {
                Ok(t) => out.push(t),
                Err(bad) => {
                    // Rebuild the original array: converted items back to JSON, then the rest.
                    let mut back: Vec<Value> = out.into_iter().map(to_value).collect();
                    back.push(bad);
                    back.extend(iter);
                    return Err(Value::Array(back));
                }
            }
        }
        Ok(out)
    }
}

impl<T: FromJson + serde::Serialize> FromJson for IndexMap<String, T> {
    fn from_json(v: Value) -> Result<Self, Value> {
        let Value::Object(map) = v else { return Err(v) };
        let mut out = IndexMap::with_capacity(map.len());
        let mut iter = map.into_iter();
        while let Some((k, item)) = iter.next() {
            match T::from_json(item) {
                Ok(t) => {
                    out.insert(k, t);
                }
                Err(bad) => {
                    let mut back: Map<String, Value> =
                        out.into_iter().map(|(k, t)| (k, to_value(t))).collect();
                    back.insert(k, bad);
                    back.extend(iter);
                    return Err(Value::Object(back));
                }
            }
        }
        Ok(out)
    }
}

/// Serializes a model value into a JSON value.
///
/// Model types serialize infallibly (string keys only, finite numbers only), so this cannot fail.
pub fn to_value<T: serde::Serialize>(t: T) -> Value {
    serde_json::to_value(t).expect("model values always serialize to JSON")
}
