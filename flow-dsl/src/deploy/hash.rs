//! Content hashes: what decides `Unchanged` without asking the server.
//!
//! The Flow JSON is hashed in a canonical form (object keys sorted, no insignificant
//! whitespace), so reformatting a file or reordering keys does not cause an upload; any change of
//! a value does. Metadata (categories, endpoint URI) has its own hash because changing it takes a
//! different request than changing the JSON.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// `sha256:<hex>` of the canonical form of a Flow JSON text. Text that is not JSON (only
/// deployable with `force`) is hashed as raw bytes.
///
/// ```
/// use flow_dsl::deploy::content_hash;
/// let a = content_hash(r#"{"version": "7.2", "screens": []}"#);
/// let b = content_hash("{\"screens\":[],\n  \"version\":\"7.2\"}");
/// assert_eq!(a, b);
/// assert!(a.starts_with("sha256:"));
/// assert_ne!(a, content_hash(r#"{"version": "7.3", "screens": []}"#));
/// ```
pub fn content_hash(json_text: &str) -> String {
    match serde_json::from_str::<Value>(json_text) {
        Ok(v) => {
            let mut out = String::with_capacity(json_text.len());
            write_canonical(&v, &mut out);
            digest(out.as_bytes())
        }
        Err(_) => digest(json_text.as_bytes()),
    }
}

/// [`content_hash`] of a JSON value already in memory (a typed document's
/// `flow_model::to_value`): the same hash as its text, without parsing the text again.
///
/// ```
/// use flow_dsl::deploy::{content_hash, content_hash_of_value};
/// let text = r#"{"version": "7.2", "screens": []}"#;
/// let value: serde_json::Value = serde_json::from_str(text).unwrap();
/// assert_eq!(content_hash_of_value(&value), content_hash(text));
/// ```
pub fn content_hash_of_value(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    digest(out.as_bytes())
}

/// `sha256:<hex>` of a flow's metadata: its categories (in the given order, which is how they
/// are sent) and endpoint URI.
///
/// ```
/// use flow_dsl::deploy::metadata_hash;
/// assert_ne!(metadata_hash(&["SURVEY"], None), metadata_hash(&["OTHER"], None));
/// assert_ne!(metadata_hash(&["SURVEY"], None), metadata_hash(&["SURVEY"], Some("https://x.example")));
/// ```
pub fn metadata_hash<S: AsRef<str>>(categories: &[S], endpoint_uri: Option<&str>) -> String {
    let v = serde_json::json!({
        "categories": categories.iter().map(|c| c.as_ref()).collect::<Vec<_>>(),
        "endpoint_uri": endpoint_uri,
    });
    let mut out = String::new();
    write_canonical(&v, &mut out);
    digest(out.as_bytes())
}

/// [`metadata_hash`] of a flow to deploy, covering its `application_id` too when it has one (so
/// lockfiles of flows without one keep their hashes).
pub(crate) fn source_metadata_hash(src: &super::plan::Prepared) -> String {
    let cats: Vec<&str> = src.categories.iter().map(|c| c.as_str()).collect();
    let base = metadata_hash(&cats, src.endpoint_uri.as_deref());
    match &src.application_id {
        None => base,
        Some(app) => digest(format!("{base}\napplication_id={app}").as_bytes()),
    }
}

fn digest(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// Serializes with object keys sorted at every level. Scalars use serde_json's own encoding,
/// which is deterministic for equal values.
fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(k.as_str()).to_string());
                out.push(':');
                write_canonical(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_key_order_and_whitespace_do_not_matter() {
        let a = r#"{"a":{"x":1,"y":[{"b":2,"a":1}]},"b":"s"}"#;
        let b = "{ \"b\": \"s\", \"a\": { \"y\": [ { \"a\": 1, \"b\": 2 } ], \"x\": 1 } }";
        assert_eq!(content_hash(a), content_hash(b));
        // Array order does matter: screens and children are ordered.
        assert_ne!(content_hash("[1,2]"), content_hash("[2,1]"));
        // Not JSON: hashed as bytes, still deterministic.
        assert_eq!(content_hash("{oops"), content_hash("{oops"));
        assert_ne!(content_hash("{oops"), content_hash("{oops "));
    }
}
