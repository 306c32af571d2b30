//! Helpers shared by the `api_*` contract tests: inspect exactly what reached the mock server.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use flow_dsl::api::{ClientOptions, RetryPolicy};
use serde_json::Value;
use wiremock::{MockServer, Request};

/// Client options for tests: fast retries, short timeout.
pub fn fast_options() -> ClientOptions {
    ClientOptions::default()
        .timeout(Duration::from_secs(5))
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
}

/// Options that never retry.
pub fn no_retry() -> ClientOptions {
    ClientOptions::default()
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
}

/// The single request the server received (fails otherwise).
pub async fn only_request(server: &MockServer) -> Request {
    let mut reqs = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(
        reqs.len(),
        1,
        "expected exactly one request, got {:#?}",
        reqs.iter().map(describe).collect::<Vec<_>>()
    );
    reqs.remove(0)
}

/// All requests the server received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

pub fn describe(r: &Request) -> String {
    format!("{} {}", r.method, r.url)
}

/// Query pairs in order.
pub fn query(r: &Request) -> Vec<(String, String)> {
    r.url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn header(r: &Request, name: &str) -> Option<String> {
    r.headers
        .get(name)
        .map(|v| v.to_str().expect("ascii header").to_owned())
}

/// Asserts method, path, empty query and the Authorization header.
pub fn assert_call(r: &Request, method: &str, path: &str, auth: &str) {
    assert_eq!(r.method.as_str(), method, "method of {}", describe(r));
    assert_eq!(r.url.path(), path, "path of {}", describe(r));
    assert_eq!(
        header(r, "authorization").as_deref(),
        Some(auth),
        "auth of {}",
        describe(r)
    );
}

/// The body as JSON, checking the content type.
pub fn json_body(r: &Request) -> Value {
    let ct = header(r, "content-type").unwrap_or_default();
    assert!(
        ct.starts_with("application/json"),
        "content-type {ct:?} of {}",
        describe(r)
    );
    serde_json::from_slice(&r.body).expect("JSON body")
}

/// The body as x-www-form-urlencoded pairs, checking the content type.
pub fn form_body(r: &Request) -> Vec<(String, String)> {
    let ct = header(r, "content-type").unwrap_or_default();
    assert_eq!(
        ct,
        "application/x-www-form-urlencoded",
        "content-type of {}",
        describe(r)
    );
    url::form_urlencoded::parse(&r.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn assert_empty_body(r: &Request) {
    assert!(
        r.body.is_empty(),
        "expected no body in {}, got {:?}",
        describe(r),
        String::from_utf8_lossy(&r.body)
    );
}

/// One part of a multipart/form-data body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub content: String,
}

/// Parses a multipart/form-data body (checking the content type).
pub fn multipart(r: &Request) -> Vec<Part> {
    let ct = header(r, "content-type").unwrap_or_default();
    let boundary = ct
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {ct:?}"))
        .trim_matches('"')
        .to_owned();
    let body = String::from_utf8(r.body.clone()).expect("utf-8 multipart body");
    let delim = format!("--{boundary}");
    let mut parts = Vec::new();
    let sections: Vec<&str> = body.split(delim.as_str()).collect();
    assert!(
        sections.last().expect("sections").starts_with("--"),
        "multipart body must end with the closing delimiter"
    );
    for section in &sections[1..sections.len() - 1] {
        let section = section.strip_prefix("\r\n").expect("CRLF after delimiter");
        let (head, content) = section.split_once("\r\n\r\n").expect("part headers");
        let content = content.strip_suffix("\r\n").expect("CRLF before delimiter");
        let mut name = None;
        let mut filename = None;
        let mut content_type = None;
        for line in head.split("\r\n") {
            let (k, v) = line.split_once(':').expect("header line");
            match k.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for attr in v.split(';').map(str::trim) {
                        if let Some(n) = attr.strip_prefix("name=") {
                            name = Some(n.trim_matches('"').to_owned());
                        } else if let Some(f) = attr.strip_prefix("filename=") {
                            filename = Some(f.trim_matches('"').to_owned());
                        }
                    }
                }
                "content-type" => content_type = Some(v.trim().to_owned()),
                _ => {}
            }
        }
        parts.push(Part {
            name: name.expect("part name"),
            filename,
            content_type,
            content: content.to_owned(),
        });
    }
    parts
}

/// A file of ../shared (the project's reference material); fails loudly when missing.
pub fn shared(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Asserts that a fixture is copied verbatim (modulo whitespace) from a seed document.
pub fn assert_in_seed(seed: &str, fixture: &str) {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let text = squash(&shared(&format!("seeds/{seed}")));
    assert!(
        text.contains(&squash(fixture)),
        "fixture not found in seed {seed}:\n{fixture}"
    );
}

/// `Basic base64(user:pass)` without pulling a base64 crate into the tests.
pub fn basic(user: &str, pass: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{user}:{pass}").into_bytes();
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    format!("Basic {out}")
}

/// A validation error example (spec §F.1 / Turn.io seed).
pub fn validation_error_json() -> Value {
    serde_json::json!({
        "error": "INVALID_PROPERTY_VALUE",
        "error_type": "FLOW_JSON_ERROR",
        "message": "Invalid value found for property 'type'.",
        "line_start": 10, "line_end": 10, "column_start": 21, "column_end": 34,
        "pointers": [{"line_start": 10, "line_end": 10, "column_start": 21, "column_end": 34,
                      "path": "screens[0].layout.children[0].type"}]
    })
}

pub fn assert_is_seed_validation_error(e: &flow_model::ValidationError) {
    assert_eq!(e.error, "INVALID_PROPERTY_VALUE");
    assert_eq!(e.error_type, "FLOW_JSON_ERROR");
    assert_eq!(e.line_start, Some(10));
    assert_eq!(e.column_end, Some(34));
    assert_eq!(e.path(), Some("screens[0].layout.children[0].type"));
}

pub const FLOW_JSON: &str = "{\n  \"version\": \"7.2\",\n  \"screens\": [\n    {\n      \"id\": \"WELCOME\",\n      \"terminal\": true,\n      \"layout\": {\"type\": \"SingleColumnLayout\", \"children\": []}\n    }\n  ]\n}\n";
