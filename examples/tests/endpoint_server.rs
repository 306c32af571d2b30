//! Runs examples/endpoint_server.rs end to end over loopback: a client encrypting like WhatsApp
//! sends INIT, two data_exchange requests, and gets the booking back as the flow's completion.

#[allow(dead_code)]
#[path = "../examples/endpoint_server.rs"]
mod example;

use crate::support::Phone;
use flow_dsl::endpoint::{ClientSimulator, FlowPrivateKey};
use serde_json::json;

const SECRET: &str = "example-app-secret";

#[tokio::test]
async fn two_screen_flow_over_loopback() {
    let key = FlowPrivateKey::generate().expect("keygen");
    let crypto = ClientSimulator::new(&key.public_key_pem().expect("pem")).expect("client");
    let endpoint = example::build_endpoint(key, Some(SECRET.to_owned())).expect("endpoint");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("addr"));
    let server = tokio::spawn(example::serve(listener, endpoint));
    let phone = Phone {
        http: reqwest::Client::new(),
        url,
        crypto,
        secret: SECRET,
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
