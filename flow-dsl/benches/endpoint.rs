//! Endpoint cost per request, on the known-answer vector of ../shared/vectors/flow-endpoint.json:
//! (a) the bare RSA-OAEP-SHA256 unwrapping of the AES key (the floor: one per request);
//! (b) the whole path: signature check, envelope parse, RSA + AES-GCM decryption, request
//!     parse, dispatch to an INIT handler, response serialisation and encryption.
//! Run: `cargo bench -p flow-dsl --bench endpoint -- --measurement-time 3`.

use std::hint::black_box;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use criterion::{Criterion, criterion_group, criterion_main};
use flow_dsl::endpoint::{Endpoint, FlowPrivateKey, FlowRequest, FlowResponse, unwrap_aes_key};
use flow_dsl::webhook::sign_body;
use serde_json::Value;

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/vectors/flow-endpoint.json"
);
const SECRET: &[u8] = b"bench-app-secret";

fn vectors() -> Value {
    let text = std::fs::read_to_string(VECTORS)
        .unwrap_or_else(|e| panic!("known-answer vectors missing at {VECTORS}: {e}"));
    serde_json::from_str(&text).expect("vectors JSON")
}

fn key(v: &Value) -> FlowPrivateKey {
    FlowPrivateKey::from_pem_with_passphrase(
        v["rsa_private_key_pem"].as_str().expect("pem"),
        v["rsa_private_key_password"].as_str().expect("password"),
    )
    .expect("vector key")
}

fn bench(c: &mut Criterion) {
    let v = vectors();
    let wrapped = STANDARD
        .decode(v["request"]["encrypted_aes_key"].as_str().expect("key"))
        .expect("b64");
    let rsa_key = key(&v);
    c.bench_function("a_rsa_oaep_unwrap", |b| {
        b.iter(|| unwrap_aes_key(&rsa_key, black_box(&wrapped)).expect("unwraps"));
    });

    let endpoint = Endpoint::builder(key(&v))
        .app_secret(SECRET)
        .on_init(|req: FlowRequest| async move {
            Ok(FlowResponse::next_screen("SUCCESS").with("key", req.flow_token().to_owned()))
        })
        .build()
        .expect("endpoint");
    let body = serde_json::to_vec(&v["request"]).expect("body");
    let signature = sign_body(&body, SECRET);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    c.bench_function("b_full_request", |b| {
        b.iter(|| {
            let reply = rt.block_on(endpoint.handle(black_box(&body), Some(&signature)));
            assert_eq!(reply.status, 200);
            reply
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
