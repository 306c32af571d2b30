//! Each API request runs in a `tracing` span that names the provider, operation, method and
//! path, and never the token.
//!
//! Alone in its own test binary on purpose: tracing caches per-callsite interest process-wide,
//! so a span first hit by a test on another thread with no subscriber could be cached as
//! disabled and this test would see the event without its span (it did, intermittently).

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use flow_dsl::api::*;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "SUPER-SECRET-CREDENTIAL-42";

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_request_has_a_tracing_span_without_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "F1"})))
        .mount(&server)
        .await;
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("first subscriber of this process");
    let client = FlowsClient::with_options(
        MetaConfig::new(SECRET).base_url(server.uri()),
        fast_options(),
    )
    .unwrap();
    client.get_flow("F1", &[]).await.unwrap();
    let log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("flows_api"), "{log}");
    assert!(log.contains("provider=Meta"), "{log}");
    assert!(log.contains("operation=\"get_flow\""), "{log}");
    assert!(log.contains("method=GET"), "{log}");
    assert!(log.contains("path=\"/v25.0/F1\""), "{log}");
    assert!(log.contains("retrying"), "{log}");
    assert!(!log.contains(SECRET), "{log}");
}
