//! Endpoint cost per request, on the known-answer vector of ../shared/vectors/flow-endpoint.json:
//! (a) the bare RSA-OAEP-SHA256 unwrapping of the AES key (the floor: one per request);
//! (b) the whole path: signature check, envelope parse, RSA + AES-GCM decryption, request
//!     parse, dispatch to an INIT handler, response serialisation and encryption;
//! (c) / (d) the same path for one `data_exchange` (payload read into a struct, next screen's
//!     data written from a struct), untyped (`on_data_exchange` + `data_as`) and on the typed
//!     endpoint `flow!` generates: the typed path must cost no more than the untyped one.
//! Run: `cargo bench -p flow-dsl --bench endpoint -- --measurement-time 3`.

use std::hint::black_box;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use criterion::{Criterion, criterion_group, criterion_main};
use flow_dsl::endpoint::typed::Ctx;
use flow_dsl::endpoint::{
    ClientSimulator, Endpoint, FlowPrivateKey, FlowRequest, FlowResponse, HandlerError,
    unwrap_aes_key,
};
use flow_dsl::flow;
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

flow! {
    <Flow name=Bench version="7.3" data_api_version="3.0">
        <Screen id="START" title="Start">
            <TextInput name="city" label="City" required />
            <TextInput name="seats" label="Seats" input-type="number" required />
            <Footer label="Next"
                on-click-action={data_exchange({city: form.city, seats: form.seats}, [DETAILS])} />
        </Screen>
        <Screen id="DETAILS" title="Details" terminal success
            data={ city: String = "Lisbon", seats: i64 = 2 }>
            <TextBody text={"City: " + data.city} />
            <Footer label="Done" on-click-action={complete({city: data.city})} />
        </Screen>
    </Flow>
}

/// The payload the untyped handler reads (what `BenchStartExchange` is for the typed one).
#[derive(serde::Deserialize)]
struct Pick {
    city: String,
    seats: i64,
}

/// The data the untyped handler writes (what `BenchDetailsData` is for the typed one).
#[derive(serde::Serialize)]
struct Details {
    city: String,
    seats: i64,
}

async fn typed_start(_ctx: Ctx, pick: BenchStartExchange) -> Result<BenchStartNext, HandlerError> {
    Ok(BenchStartNext::Details(BenchDetailsData {
        city: pick.city,
        seats: pick.seats + 1,
    }))
}

fn exchange_benches(c: &mut Criterion, v: &Value, rt: &tokio::runtime::Runtime) {
    let untyped = Endpoint::builder(key(v))
        .app_secret(SECRET)
        .on_data_exchange("START", |req: FlowRequest| async move {
            let pick: Pick = req.data_as()?;
            FlowResponse::next_screen("DETAILS").with_data(&Details {
                city: pick.city,
                seats: pick.seats + 1,
            })
        })
        .build()
        .expect("endpoint");
    let typed = Bench::endpoint(key(v))
        .app_secret(SECRET)
        .on_start(typed_start)
        .build()
        .expect("endpoint");
    let client = ClientSimulator::new(&key(v).public_key_pem().expect("public")).expect("client");
    let (request, _) = client
        .encrypt_request(
            br#"{"version":"3.0","action":"data_exchange","screen":"START","flow_token":"t-1","data":{"city":"Lisbon","seats":2}}"#,
        )
        .expect("encrypts");
    let body = serde_json::to_vec(&request).expect("body");
    let signature = sign_body(&body, SECRET);
    for (name, endpoint) in [
        ("c_exchange_untyped", &untyped),
        ("d_exchange_typed", &typed),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                let reply = rt.block_on(endpoint.handle(black_box(&body), Some(&signature)));
                assert_eq!(reply.status, 200);
                reply
            });
        });
    }
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
    exchange_benches(c, &v, &rt);
}

criterion_group!(benches, bench);
criterion_main!(benches);
