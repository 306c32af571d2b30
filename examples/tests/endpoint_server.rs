//! Runs examples/endpoint_server.rs end to end over loopback: a client encrypting like WhatsApp
//! sends INIT, two data_exchange requests, and gets the booking back as the flow's completion.

#[allow(dead_code)]
#[path = "../examples/endpoint_server.rs"]
mod endpoint_server;

use flow_dsl::endpoint::{ClientSimulator, FlowPrivateKey};
use flow_dsl::webhook::sign_body;
use serde_json::{Value, json};

const SECRET: &str = "example-app-secret";

struct Phone {
    http: reqwest::Client,
    url: String,
    crypto: ClientSimulator,
}

impl Phone {
    /// Sends one request as WhatsApp would; returns the status and the decrypted answer.
    async fn send(&self, plain: Value) -> (u16, Option<Value>) {
        let (envelope, pending) = self
            .crypto
            .encrypt_request(plain.to_string().as_bytes())
            .expect("encrypt");
        let body = serde_json::to_vec(&envelope).expect("json");
        let resp = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", sign_body(&body, SECRET.as_bytes()))
            .body(body)
            .send()
            .await
            .expect("server answers");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        if status != 200 {
            return (status, None);
        }
        let answer = pending.decrypt_response(&text).expect("answer decrypts");
        (
            status,
            Some(serde_json::from_slice(&answer).expect("json answer")),
        )
    }
}

#[tokio::test]
async fn two_screen_flow_over_loopback() {
    let key = FlowPrivateKey::generate().expect("keygen");
    let crypto = ClientSimulator::new(&key.public_key_pem().expect("pem")).expect("client");
    let endpoint = endpoint_server::build_endpoint(key, Some(SECRET.to_owned())).expect("endpoint");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("addr"));
    let server = tokio::spawn(endpoint_server::serve(listener, endpoint));
    let phone = Phone {
        http: reqwest::Client::new(),
        url,
        crypto,
    };

    let (status, ping) = phone
        .send(json!({"version": "3.0", "action": "ping"}))
        .await;
    assert_eq!(
        (status, ping),
        (200, Some(json!({"data": {"status": "active"}})))
    );

    let token = "booking-42";
    let (status, init) = phone
        .send(json!({"version": "3.0", "action": "INIT", "flow_token": token, "data": {}}))
        .await;
    assert_eq!(status, 200);
    let init = init.expect("INIT answer");
    assert_eq!(init["screen"], "PICK_SLOT");
    assert_eq!(
        init["data"]["slots"][1],
        json!({"id": "tue-14", "title": "Tuesday 14:00"})
    );

    let (_, unknown) = phone
        .send(
            json!({"version": "3.0", "action": "data_exchange", "screen": "PICK_SLOT",
                     "flow_token": token, "data": {"slot": "sun-23"}}),
        )
        .await;
    let unknown = unknown.expect("answer");
    assert_eq!(unknown["screen"], "PICK_SLOT");
    assert_eq!(
        unknown["data"]["error_message"],
        "That slot is no longer available"
    );

    let (_, confirm) = phone
        .send(
            json!({"version": "3.0", "action": "data_exchange", "screen": "PICK_SLOT",
                     "flow_token": token, "data": {"slot": "tue-14"}}),
        )
        .await;
    assert_eq!(
        confirm.expect("answer"),
        json!({"screen": "CONFIRM", "data": {
            "slot": "tue-14", "summary": "Your visit: Tuesday 14:00", "price": 25}})
    );

    let (_, done) = phone
        .send(
            json!({"version": "3.0", "action": "data_exchange", "screen": "CONFIRM",
                     "flow_token": token, "data": {"slot": "tue-14"}}),
        )
        .await;
    assert_eq!(
        done.expect("answer"),
        json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {
            "flow_token": token, "slot": "tue-14", "booking_reference": "BK-0001"}}}})
    );

    // No flow token: the example rejects it with 427.
    let (status, _) = phone
        .send(json!({"version": "3.0", "action": "INIT", "data": {}}))
        .await;
    assert_eq!(status, 427);

    server.abort();
}
