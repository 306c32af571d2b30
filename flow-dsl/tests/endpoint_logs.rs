//! The decrypted request is personal data: nothing the endpoint logs, at any level, may carry a
//! value from it. Every case the endpoint logs (handler errors, malformed requests, client error
//! notifications, unknown screens and actions, definition violations) is driven with a marker
//! value, with a subscriber capturing everything at TRACE, and the marker must never show up.
//!
//! Alone in its own test binary: it installs the process-wide subscriber (see api_tracing.rs).
#![cfg(feature = "axum")]

use std::io::Write;
use std::sync::{Arc, Mutex};

use flow_dsl::endpoint::axum::{HttpLimits, serve};
use flow_dsl::endpoint::{
    ClientSimulator, Endpoint, FlowPrivateKey, FlowRequest, FlowResponse, HandlerError,
};
use flow_dsl::webhook::sign_body;
use serde_json::{Value, json};

const SECRET: &[u8] = b"app-secret";
/// Stands for a user's personal data; must never reach a log line.
const MARKER: &str = "PII-MARKER-7f3a9c";
/// The same, as a number and as a screen-id-shaped string.
const MARKER_NUMBER: u64 = 7_319_024_586_113;
const MARKER_SCREEN: &str = "PII_MARKER_SCREEN";

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

#[derive(serde::Deserialize)]
struct Order {
    #[allow(dead_code)]
    quantity: u32,
}

fn shop(key: FlowPrivateKey) -> Endpoint {
    Endpoint::builder(key)
        .app_secret(SECRET)
        .flow_definition(json!({
            "version": "7.3", "data_api_version": "3.0",
            "routing_model": {"ORDER": ["DONE"], "DONE": []},
            "screens": [
                {"id": "ORDER", "data": {}, "layout": {"type": "SingleColumnLayout", "children": []}},
                {"id": "DONE", "terminal": true, "data": {"note": {"type": "number", "__example__": 1}},
                 "layout": {"type": "SingleColumnLayout", "children": []}}
            ]
        }))
        .on_init(|_req: FlowRequest| async { Ok(FlowResponse::next_screen("ORDER")) })
        .on_data_exchange("ORDER", |req: FlowRequest| async move {
            // The usual handler: a typed payload; a wrong-typed value is a handler error.
            let _order: Order = req.data_as()?;
            Ok(FlowResponse::next_screen("DONE"))
        })
        .on_data_exchange("DONE", |req: FlowRequest| async move {
            // Echoes a request value into a field declared as a number: a definition violation.
            Ok(FlowResponse::next_screen("DONE")
                .with("note", req.data.get("note").cloned().unwrap_or(Value::Null)))
        })
        .on_back("ORDER", |_req: FlowRequest| async {
            Err(HandlerError::internal(format!("lookup failed for {MARKER}")))
        })
        .build()
        .expect("endpoint")
}

#[tokio::test]
async fn decrypted_values_never_reach_the_logs() {
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("first subscriber of this process");

    let key = FlowPrivateKey::generate().expect("keygen");
    let phone = ClientSimulator::new(&key.public_key_pem().expect("pem")).expect("client");
    let pem = key.to_pkcs8_pem().expect("pem").to_string();
    let endpoint = shop(key);
    // The same endpoint over HTTP, so that the axum layer's logs are captured too.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("addr"));
    let served = shop(FlowPrivateKey::from_pem(&pem).expect("key"));
    tokio::spawn(serve(listener, served, HttpLimits::default()));
    let http = reqwest::Client::new();

    let cases: Vec<(&str, Value, u16)> = vec![
        (
            "handler error on a wrong-typed value",
            json!({"version": "3.0", "action": "data_exchange", "screen": "ORDER",
                   "flow_token": "t-1", "data": {"quantity": MARKER}}),
            500,
        ),
        (
            "handler error on a wrong-typed number",
            json!({"version": "3.0", "action": "data_exchange", "screen": "ORDER",
                   "flow_token": "t-1", "data": {"quantity": -(MARKER_NUMBER as i64)}}),
            500,
        ),
        (
            "handler error message built from request data",
            json!({"version": "3.0", "action": "BACK", "screen": "ORDER",
                   "flow_token": "t-1", "data": {}}),
            500,
        ),
        (
            "data is a string",
            json!({"version": "3.0", "action": "data_exchange", "screen": "ORDER",
                   "flow_token": "t-1", "data": MARKER}),
            400,
        ),
        (
            "flow_token is a number",
            json!({"version": "3.0", "action": "data_exchange", "screen": "ORDER",
                   "flow_token": MARKER_NUMBER, "data": {}}),
            400,
        ),
        (
            "version is an object",
            json!({"version": {"v": MARKER}, "action": "INIT", "flow_token": "t-1"}),
            400,
        ),
        (
            "client error notification",
            json!({"version": "3.0", "action": "data_exchange", "screen": "ORDER",
                   "flow_token": MARKER,
                   "data": {"error": "invalid-screen-transition", "error_message": MARKER}}),
            200,
        ),
        (
            "client error notification with an unknown key",
            json!({"version": "3.0", "action": "INIT", "screen": "ORDER", "flow_token": "t-1",
                   "data": {"error_key": MARKER}}),
            200,
        ),
        (
            "unknown screen",
            json!({"version": "3.0", "action": "data_exchange", "screen": MARKER_SCREEN,
                   "flow_token": "t-1", "data": {"x": MARKER}}),
            500,
        ),
        (
            "unknown action",
            json!({"version": "3.0", "action": MARKER, "screen": "ORDER",
                   "flow_token": "t-1", "data": {}}),
            500,
        ),
        (
            "response violates the definition",
            json!({"version": "3.0", "action": "data_exchange", "screen": "DONE",
                   "flow_token": "t-1", "data": {"note": MARKER}}),
            500,
        ),
    ];
    for (case, plain, want) in cases {
        let (request, _pending) = phone
            .encrypt_request(plain.to_string().as_bytes())
            .expect("encrypt");
        let body = serde_json::to_vec(&request).expect("json");
        let signature = sign_body(&body, SECRET);
        let reply = endpoint.handle(&body, Some(&signature)).await;
        assert_eq!(reply.status, want, "{case}: {}", reply.body);
        assert!(!reply.body.contains(MARKER), "{case}: reply {}", reply.body);
        let over_http = http
            .post(&url)
            .header("x-hub-signature-256", signature)
            .body(body)
            .send()
            .await
            .expect("answer");
        assert_eq!(over_http.status().as_u16(), want, "{case} over HTTP");
    }

    let log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    // The logs are still useful: they name the case without the value.
    assert!(log.contains("ERROR"), "{log}");
    assert!(log.contains("WARN"), "{log}");
    for marker in [
        MARKER.to_owned(),
        MARKER_NUMBER.to_string(),
        MARKER_SCREEN.to_owned(),
    ] {
        assert!(
            !log.contains(&marker),
            "a decrypted value ({marker}) reached the logs:\n{log}"
        );
    }
}

#[test]
fn request_debug_redacts_values() {
    let req: FlowRequest = serde_json::from_value(json!({
        "version": "3.0", "action": "data_exchange", "screen": "ORDER",
        "flow_token": MARKER, "flow_token_signature": format!("a.{MARKER}.c"),
        "data": {"name": MARKER, "nested": {"deep": [MARKER]}}
    }))
    .unwrap();
    let dbg = format!("{req:?} {req:#?}");
    assert!(!dbg.contains(MARKER), "{dbg}");
    assert!(
        dbg.contains("ORDER") && dbg.contains("DataExchange"),
        "{dbg}"
    );
    assert!(dbg.contains("name"), "data keys are shown: {dbg}");
    let note = FlowRequest {
        data: serde_json::from_value(
            json!({"error": "payload-schema-error", "error_message": MARKER}),
        )
        .unwrap(),
        ..req
    }
    .error_notification()
    .expect("a notification");
    let dbg = format!("{note:?}");
    assert!(!dbg.contains(MARKER), "{dbg}");
    assert!(dbg.contains("payload-schema-error"), "{dbg}");
}
