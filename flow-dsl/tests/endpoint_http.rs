//! The endpoint through the axum router, in process, with a client that encrypts exactly as
//! WhatsApp does: round trip, status codes 421 / 427 / 432 / 500, ping, error notifications,
//! flow_token_signature and flow-definition checks.
#![cfg(feature = "axum")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use flow_dsl::endpoint::{
    ClientSimulator, Endpoint, EndpointBuilder, FlowPrivateKey, FlowRequest, FlowResponse,
    HandlerError, PendingResponse, sign_flow_token,
};
use flow_dsl::webhook::sign_body;
use serde_json::{Value, json};
use tower::ServiceExt as _;

const SECRET: &[u8] = b"app-secret-new";
const OLD_SECRET: &[u8] = b"app-secret-old";

/// One key for the whole file: RSA key generation is the slow part of these tests.
fn key_pem() -> &'static str {
    static PEM: OnceLock<String> = OnceLock::new();
    PEM.get_or_init(|| {
        FlowPrivateKey::generate()
            .expect("keygen")
            .to_pkcs8_pem()
            .expect("pem")
            .to_string()
    })
}

fn client() -> ClientSimulator {
    let key = FlowPrivateKey::from_pem(key_pem()).expect("key");
    ClientSimulator::new(&key.public_key_pem().expect("public")).expect("client")
}

fn builder() -> EndpointBuilder {
    Endpoint::builder(FlowPrivateKey::from_pem(key_pem()).expect("key"))
        .app_secret(OLD_SECRET)
        .app_secret(SECRET)
}

fn two_screen_flow() -> Value {
    json!({
        "version": "7.3",
        "data_api_version": "3.0",
        "routing_model": {"PICK": ["CONFIRM"], "CONFIRM": []},
        "screens": [
            {"id": "PICK", "data": {
                "cities": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "string"}, "title": {"type": "string"}}},
                    "__example__": [{"id": "lis", "title": "Lisbon"}]}},
             "layout": {"type": "SingleColumnLayout", "children": []}},
            {"id": "CONFIRM", "terminal": true, "data": {
                "city": {"type": "string", "__example__": "Lisbon"},
                "seats": {"type": "number", "__example__": 2}},
             "layout": {"type": "SingleColumnLayout", "children": []}}
        ]
    })
}

/// The endpoint of the two-screen flow used by most tests.
fn shop() -> Endpoint {
    builder()
        .flow_definition(two_screen_flow())
        .on_init(|_req: FlowRequest| async {
            Ok(FlowResponse::next_screen("PICK").with(
                "cities",
                json!([{"id": "lis", "title": "Lisbon"}, {"id": "opo", "title": "Porto"}]),
            ))
        })
        .on_data_exchange("PICK", |req: FlowRequest| async move {
            if req.flow_token() == "expired-token" {
                return Err(HandlerError::invalid_flow_token(Some(
                    "This offer has ended",
                )));
            }
            if req.flow_token() == "silent-reject" {
                return Err(HandlerError::invalid_flow_token(None));
            }
            let city = req.data.get("city").cloned().unwrap_or(Value::Null);
            Ok(FlowResponse::next_screen("CONFIRM")
                .with("city", city)
                .with("seats", 2))
        })
        .on_data_exchange("CONFIRM", |req: FlowRequest| async move {
            Ok(FlowResponse::finish().with("city", req.data["city"].clone()))
        })
        .on_back("CONFIRM", |_req: FlowRequest| async {
            Ok(FlowResponse::next_screen("PICK").with("cities", json!([])))
        })
        .build()
        .expect("endpoint")
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: String,
}

async fn post(endpoint: Endpoint, body: Vec<u8>, signature: Option<String>) -> Answer {
    let mut req = Request::post("/").header(header::CONTENT_TYPE, "application/json");
    if let Some(sig) = signature {
        req = req.header("X-Hub-Signature-256", sig);
    }
    let resp = flow_dsl::endpoint::axum::router(endpoint)
        .oneshot(req.body(Body::from(body)).expect("request"))
        .await
        .expect("infallible");
    let status = resp.status();
    let content_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = to_bytes(resp.into_body(), 1 << 20).await.expect("body");
    Answer {
        status,
        content_type,
        body: String::from_utf8(bytes.to_vec()).expect("utf-8"),
    }
}

/// Encrypts `plain` as WhatsApp does and signs the body with `secret`.
fn encrypted(plain: &Value, secret: &[u8]) -> (Vec<u8>, String, PendingResponse) {
    let (req, pending) = client()
        .encrypt_request(plain.to_string().as_bytes())
        .expect("encrypt");
    let body = serde_json::to_vec(&req).expect("body");
    let sig = sign_body(&body, secret);
    (body, sig, pending)
}

async fn exchange(endpoint: Endpoint, plain: Value) -> (StatusCode, Option<Value>) {
    let (body, sig, pending) = encrypted(&plain, SECRET);
    let answer = post(endpoint, body, Some(sig)).await;
    if answer.status != StatusCode::OK {
        return (answer.status, None);
    }
    assert_eq!(answer.content_type, "text/plain; charset=utf-8");
    let plain = pending
        .decrypt_response(&answer.body)
        .expect("response decrypts");
    (
        answer.status,
        Some(serde_json::from_slice(&plain).expect("json")),
    )
}

fn req(action: &str, screen: &str, data: Value, token: &str) -> Value {
    json!({"version": "3.0", "action": action, "screen": screen, "data": data, "flow_token": token})
}

#[tokio::test]
async fn round_trip_through_both_screens() {
    let (status, answer) = exchange(shop(), req("INIT", "", json!({}), "tok-1")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        answer.expect("answer"),
        json!({"screen": "PICK", "data": {"cities": [
            {"id": "lis", "title": "Lisbon"}, {"id": "opo", "title": "Porto"}]}})
    );
    let (_, answer) = exchange(
        shop(),
        req("data_exchange", "PICK", json!({"city": "Porto"}), "tok-1"),
    )
    .await;
    assert_eq!(
        answer.expect("answer"),
        json!({"screen": "CONFIRM", "data": {"city": "Porto", "seats": 2}})
    );
    let (_, answer) = exchange(
        shop(),
        req(
            "data_exchange",
            "CONFIRM",
            json!({"city": "Porto"}),
            "tok-1",
        ),
    )
    .await;
    assert_eq!(
        answer.expect("answer"),
        json!({"screen": "SUCCESS", "data": {"extension_message_response": {
            "params": {"flow_token": "tok-1", "city": "Porto"}}}})
    );
    let (_, answer) = exchange(shop(), req("BACK", "CONFIRM", json!({}), "tok-1")).await;
    assert_eq!(answer.expect("answer")["screen"], "PICK");
}

#[tokio::test]
async fn ping_is_answered_by_the_library() {
    let (status, answer) = exchange(shop(), json!({"version": "3.0", "action": "ping"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        answer.expect("answer"),
        json!({"data": {"status": "active"}})
    );
}

#[tokio::test]
async fn error_notifications_are_acknowledged_with_both_key_names() {
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&seen);
    let endpoint = || {
        let counter = Arc::clone(&counter);
        builder()
            .on_error_notification(move |note| {
                assert!(note.error_key.starts_with("invalid-screen-transition"));
                counter.fetch_add(1, Ordering::SeqCst);
            })
            .build()
            .expect("endpoint")
    };
    for key in ["error", "error_key"] {
        let data = json!({key: "invalid-screen-transition", "error_message": "bad screen"});
        let (status, answer) =
            exchange(endpoint(), req("data_exchange", "PICK", data, "tok")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            answer.expect("answer"),
            json!({"data": {"acknowledged": true}})
        );
    }
    assert_eq!(seen.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn tampered_or_undecryptable_bodies_get_421() {
    let (body, _, _) = encrypted(&req("INIT", "", json!({}), "tok"), SECRET);
    let mut envelope: Value = serde_json::from_slice(&body).expect("json");
    let mut data = STANDARD
        .decode(envelope["encrypted_flow_data"].as_str().expect("data"))
        .expect("b64");
    data[0] ^= 0x80;
    envelope["encrypted_flow_data"] = STANDARD.encode(&data).into();
    let tampered = serde_json::to_vec(&envelope).expect("json");
    let sig = sign_body(&tampered, SECRET);
    assert_eq!(post(shop(), tampered, Some(sig)).await.status.as_u16(), 421);

    // Encrypted for another key pair.
    let other = FlowPrivateKey::generate().expect("keygen");
    let (req_other, _) = ClientSimulator::new(&other.public_key_pem().expect("pem"))
        .expect("client")
        .encrypt_request(b"{}")
        .expect("encrypt");
    let body = serde_json::to_vec(&req_other).expect("json");
    let sig = sign_body(&body, SECRET);
    assert_eq!(post(shop(), body, Some(sig)).await.status.as_u16(), 421);

    // Not an envelope at all.
    let body = b"not json".to_vec();
    let sig = sign_body(&body, SECRET);
    assert_eq!(post(shop(), body, Some(sig)).await.status.as_u16(), 421);
}

#[tokio::test]
async fn bad_or_missing_signatures_get_432_and_rotation_works() {
    let plain = req("INIT", "", json!({}), "tok");
    let (body, _, _) = encrypted(&plain, SECRET);
    let wrong = sign_body(&body, b"someone-else");
    assert_eq!(
        post(shop(), body.clone(), Some(wrong))
            .await
            .status
            .as_u16(),
        432
    );
    assert_eq!(post(shop(), body.clone(), None).await.status.as_u16(), 432);
    assert_eq!(
        post(shop(), body.clone(), Some("sha256=nothex".into()))
            .await
            .status
            .as_u16(),
        432
    );
    // The old secret is still accepted during rotation.
    let old = sign_body(&body, OLD_SECRET);
    assert_eq!(post(shop(), body, Some(old)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn rejected_flow_tokens_get_427() {
    let (body, sig, _) = encrypted(
        &req(
            "data_exchange",
            "PICK",
            json!({"city": "Lisbon"}),
            "expired-token",
        ),
        SECRET,
    );
    let answer = post(shop(), body, Some(sig)).await;
    assert_eq!(answer.status.as_u16(), 427);
    assert_eq!(answer.content_type, "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(&answer.body).expect("json"),
        json!({"error_msg": "This offer has ended"})
    );
    let (body, sig, _) = encrypted(
        &req("data_exchange", "PICK", json!({}), "silent-reject"),
        SECRET,
    );
    let answer = post(shop(), body, Some(sig)).await;
    assert_eq!(answer.status.as_u16(), 427);
    assert_eq!(answer.body, "");
}

#[tokio::test]
async fn flow_token_signature_is_verified_when_configured() {
    let endpoint = || {
        builder()
            .verify_flow_token_signature()
            .on_init(|_r: FlowRequest| async { Ok(FlowResponse::next_screen("PICK")) })
            .build()
            .expect("endpoint")
    };
    let mut plain = req("INIT", "", json!({}), "tok-9");
    plain["flow_token_signature"] = sign_flow_token(&json!({"flow_token": "tok-9"}), SECRET).into();
    assert_eq!(exchange(endpoint(), plain.clone()).await.0, StatusCode::OK);

    plain["flow_token_signature"] =
        sign_flow_token(&json!({"flow_token": "tok-9"}), b"forged").into();
    assert_eq!(exchange(endpoint(), plain.clone()).await.0.as_u16(), 432);

    plain["flow_token_signature"] =
        sign_flow_token(&json!({"flow_token": "another"}), SECRET).into();
    assert_eq!(exchange(endpoint(), plain.clone()).await.0.as_u16(), 432);

    let unsigned = req("INIT", "", json!({}), "tok-9");
    assert_eq!(exchange(endpoint(), unsigned).await.0.as_u16(), 432);

    // Ping carries no token and is still answered.
    let ping = json!({"version": "3.0", "action": "ping"});
    assert_eq!(exchange(endpoint(), ping).await.0, StatusCode::OK);

    // exp / nbf / iat are RFC 7519 NumericDates: any JSON number, fractions and exponents
    // included; another type is refused rather than ignored.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs_f64();
    let cases = [
        (json!({"exp": 1_700_000_000.0}), 432),
        (json!({"exp": 1e3}), 432),
        (json!({"exp": "1700000000"}), 432),
        (json!({"exp": "9999999999"}), 432),
        (json!({"exp": true}), 432),
        (json!({"exp": {"at": 1}}), 432),
        (json!({"nbf": now + 3600.5}), 432),
        (json!({"nbf": "0"}), 432),
        (json!({"iat": now + 7200.0}), 432),
        (json!({"iat": null}), 432),
        (
            json!({"exp": now + 3600.5, "nbf": now - 10.25, "iat": now}),
            200,
        ),
        (json!({"exp": 4.1e9}), 200),
    ];
    for (claims, want) in cases {
        let mut claims = claims;
        claims["flow_token"] = "tok-9".into();
        plain["flow_token_signature"] = sign_flow_token(&claims, SECRET).into();
        let got = exchange(endpoint(), plain.clone()).await.0.as_u16();
        assert_eq!(got, want, "{claims}");
    }

    // The setting needs a secret.
    let no_secret = Endpoint::builder(FlowPrivateKey::from_pem(key_pem()).expect("key"))
        .verify_flow_token_signature()
        .build();
    assert!(no_secret.is_err());
}

#[tokio::test]
async fn responses_contradicting_the_definition_get_500() {
    let endpoint = |target: &'static str, data: Value| {
        builder()
            .flow_definition(two_screen_flow())
            .on_data_exchange("PICK", move |_r: FlowRequest| {
                let data = data.clone();
                async move {
                    let mut resp = FlowResponse::next_screen(target);
                    if let Value::Object(map) = data {
                        for (k, v) in map {
                            resp = resp.with(k, v);
                        }
                    }
                    Ok(resp)
                }
            })
            .on_data_exchange("CONFIRM", |_r: FlowRequest| async {
                Ok(FlowResponse::next_screen("PICK"))
            })
            .build()
            .expect("endpoint")
    };
    let pick = || req("data_exchange", "PICK", json!({}), "tok");
    // Allowed: declared keys with the declared types.
    let ok = endpoint("CONFIRM", json!({"city": "Lisbon", "seats": 1}));
    assert_eq!(exchange(ok, pick()).await.0, StatusCode::OK);
    // Wrong type.
    let bad = endpoint("CONFIRM", json!({"seats": "two"}));
    assert_eq!(exchange(bad, pick()).await.0.as_u16(), 500);
    // Undeclared key.
    let bad = endpoint("CONFIRM", json!({"price": 3}));
    assert_eq!(exchange(bad, pick()).await.0.as_u16(), 500);
    // Unknown screen.
    let bad = endpoint("NOWHERE", json!({}));
    assert_eq!(exchange(bad, pick()).await.0.as_u16(), 500);
    // CONFIRM -> PICK is not a forward route.
    let back = endpoint("CONFIRM", json!({}));
    let from_confirm = req("data_exchange", "CONFIRM", json!({}), "tok");
    assert_eq!(exchange(back, from_confirm).await.0.as_u16(), 500);
    // A malformed definition is refused when building.
    let err = builder().flow_definition(json!({"screens": "no"})).build();
    assert!(err.is_err());
}

#[tokio::test]
async fn unhandled_screens_and_malformed_requests() {
    let (status, _) = exchange(shop(), req("data_exchange", "ELSEWHERE", json!({}), "t")).await;
    assert_eq!(status.as_u16(), 500);
    // Decrypts, but is not a Flows request (no action).
    let (status, _) = exchange(shop(), json!({"version": "3.0"})).await;
    assert_eq!(status.as_u16(), 400);
    // A fallback handler takes what no specific handler does.
    let with_fallback = builder()
        .fallback(|r: FlowRequest| async move {
            Ok(FlowResponse::next_screen("ANY").with("from", r.screen))
        })
        .build()
        .expect("endpoint");
    let (status, answer) = exchange(
        with_fallback,
        req("data_exchange", "ELSEWHERE", json!({}), "t"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer.expect("answer")["data"]["from"], "ELSEWHERE");
}

#[tokio::test]
async fn handler_failures_get_500_without_leaking_details() {
    let endpoint = builder()
        .on_init(|_r: FlowRequest| async { Err(HandlerError::internal("database is down")) })
        .build()
        .expect("endpoint");
    let (body, sig, _) = encrypted(&req("INIT", "", json!({}), "t"), SECRET);
    let answer = post(endpoint, body, Some(sig)).await;
    assert_eq!(answer.status.as_u16(), 500);
    assert!(!answer.body.contains("database"));
}
