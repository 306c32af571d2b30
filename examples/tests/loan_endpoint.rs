//! The loan flow's typed endpoint (`flow_dsl_examples::loan_endpoint`) end to end over
//! loopback HTTP, through the hardened server, with a client that encrypts and signs as
//! WhatsApp does: INIT, LOAN → OFFER, BACK from OFFER, OFFER → CONFIRM, errors.

use crate::support::Phone;
use flow_dsl::endpoint::axum::{HttpLimits, serve};
use flow_dsl::endpoint::{ClientSimulator, FlowPrivateKey};
use flow_dsl_examples::loan_endpoint::build_endpoint;
use serde_json::{Value, json};

const SECRET: &str = "loan-app-secret";

fn exchange(screen: &str, data: Value) -> Value {
    json!({"version": "3.0", "action": "data_exchange", "screen": screen,
           "flow_token": "lead-7", "data": data})
}

#[tokio::test]
async fn loan_flow_over_loopback() {
    let key = FlowPrivateKey::generate().expect("keygen");
    let crypto = ClientSimulator::new(&key.public_key_pem().expect("pem")).expect("client");
    let endpoint = build_endpoint(key, Some(SECRET)).expect("endpoint");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("addr"));
    let server = tokio::spawn(serve(listener, endpoint, HttpLimits::default()));
    let phone = Phone {
        http: reqwest::Client::new(),
        url,
        crypto,
        secret: SECRET,
    };

    let (status, init) = phone
        .send(json!({"version": "3.0", "action": "INIT", "flow_token": "lead-7", "data": {}}))
        .await;
    assert_eq!(status, 200);
    let init = init.expect("INIT answer");
    assert_eq!(init["screen"], "LOAN");
    assert_eq!(
        init["data"]["amounts"][2],
        json!({"id": "20000", "title": "€20,000"})
    );
    assert_eq!(
        init["data"]["tenures"][1],
        json!({"id": "24", "title": "24 months"})
    );

    // €10,000 over 24 months at 9 %/year: 10000 × 1.18 / 24 = 491.66…
    let (_, offer) = phone
        .send(exchange("LOAN", json!({"amount": "10000", "tenure": "24"})))
        .await;
    assert_eq!(
        offer.expect("answer"),
        json!({"screen": "OFFER", "data": {"monthly": "€491.66", "rate": 9, "approved": true}})
    );
    let (_, refused) = phone
        .send(exchange("LOAN", json!({"amount": "20000", "tenure": "12"})))
        .await;
    assert_eq!(refused.expect("answer")["data"]["approved"], false);
    let (_, bad) = phone
        .send(exchange("LOAN", json!({"amount": "10000", "tenure": "36"})))
        .await;
    assert_eq!(
        bad.expect("answer"),
        json!({"screen": "LOAN", "data": {"error_message": "Please pick a duration"}})
    );

    let (status, back) = phone
        .send(
            json!({"version": "3.0", "action": "BACK", "screen": "OFFER",
                     "flow_token": "lead-7"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(back.expect("answer")["screen"], "LOAN");

    let (_, confirm) = phone
        .send(exchange(
            "OFFER",
            json!({"name": "Ana Silva", "tax_id": 123456789}),
        ))
        .await;
    assert_eq!(
        confirm.expect("answer"),
        json!({"screen": "CONFIRM", "data": {"reference": "LN-6789-lead-7"}})
    );

    // A payload that does not fit the generated struct is a 500, not a panic.
    let (status, _) = phone
        .send(exchange("OFFER", json!({"name": "Ana Silva"})))
        .await;
    assert_eq!(status, 500);
    // No flow token: the example refuses it with 427.
    let (status, _) = phone
        .send(json!({"version": "3.0", "action": "INIT", "data": {}}))
        .await;
    assert_eq!(status, 427);

    server.abort();
}
