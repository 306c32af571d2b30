//! The typed endpoint `flow!` generates, through the encrypted path (a client that encrypts
//! exactly as WhatsApp does, signed requests): INIT, every answer of every `…Next` enum, BACK,
//! payload decoding, and the answers checked against the flow's own definition.
#![cfg(feature = "endpoint")]

use std::sync::OnceLock;

use flow_dsl::endpoint::typed::{ChoiceItem, Ctx};
use flow_dsl::endpoint::{ClientSimulator, Endpoint, FlowPrivateKey, HandlerError};
use flow_dsl::flow;
use flow_dsl::webhook::sign_body;
use serde_json::{Value, json};

flow! {
    <Flow name=Shop version="7.3" data_api_version="3.0">
        <Screen id="START" title="Pick a city"
            data={ cities: Vec<Choice> = [{id: "lis", title: "Lisbon"}], note: String = "Hello" }>
            <TextBody text={data.note} />
            <Dropdown name="city" label="City" data-source={data.cities} required />
            <TextInput name="seats" label="Seats" input-type="number" />
            <Footer label="Next"
                on-click-action={data_exchange({city: form.city, seats: form.seats}, [DETAILS])} />
        </Screen>
        <Screen id="DETAILS" title="Details" refresh_on_back
            data={ city: String = "Lisbon", seats: i64 = 2, vip: bool = false }>
            <TextBody text={"City: " + data.city} />
            <Footer label="Book" on-click-action={data_exchange({city: data.city, vip: data.vip}, [DONE])} />
        </Screen>
        <Screen id="DONE" title="Done" terminal success data={ reference: String = "R-1" }>
            <TextBody text={"Reference: " + data.reference} />
            <Footer label="Close" on-click-action={data_exchange({reference: data.reference}, [])} />
        </Screen>
    </Flow>
}

const SECRET: &[u8] = b"typed-secret";

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

fn key() -> FlowPrivateKey {
    FlowPrivateKey::from_pem(key_pem()).expect("key")
}

fn cities() -> Vec<ChoiceItem> {
    vec![
        ChoiceItem::new("lis", "Lisbon"),
        ChoiceItem::new("opo", "Porto"),
    ]
}

async fn init(ctx: Ctx) -> Result<ShopInitNext, HandlerError> {
    if ctx.flow_token() == "expired" {
        return Err(HandlerError::invalid_flow_token(Some(
            "This link has expired",
        )));
    }
    Ok(ShopInitNext::Start(ShopStartData {
        cities: cities(),
        note: format!("Hello {}", ctx.flow_token()),
    }))
}

async fn start(_ctx: Ctx, pick: ShopStartExchange) -> Result<ShopStartNext, HandlerError> {
    Ok(match (pick.city.as_str(), pick.seats) {
        ("lis" | "opo", Some(seats)) if seats > 0 => ShopStartNext::Details(ShopDetailsData {
            city: pick.city,
            seats,
            vip: seats > 4,
        }),
        ("lis" | "opo", _) => ShopStartNext::Same(ShopStartData {
            cities: cities(),
            note: "How many seats?".to_owned(),
        }),
        _ => ShopStartNext::Error("We do not go there".to_owned()),
    })
}

async fn details(ctx: Ctx, booking: ShopDetailsExchange) -> Result<ShopDetailsNext, HandlerError> {
    let vip = if booking.vip { "V" } else { "S" };
    Ok(ShopDetailsNext::Done(ShopDoneData {
        reference: format!("{vip}-{}-{}", booking.city, ctx.flow_token()),
    }))
}

async fn back_from_details(_ctx: Ctx) -> Result<ShopDetailsBackNext, HandlerError> {
    Ok(ShopDetailsBackNext::Start(ShopStartData {
        cities: vec![ChoiceItem::new("lis", "Lisbon")],
        note: "Porto is sold out".to_owned(),
    }))
}

async fn done(_ctx: Ctx, done: ShopDoneExchange) -> Result<ShopDoneNext, HandlerError> {
    let mut params = serde_json::Map::new();
    params.insert("reference".into(), Value::String(done.reference));
    Ok(ShopDoneNext::Close(params))
}

/// The typed endpoint, whose answers the untyped definition check also sees: a typed answer
/// the client would reject would come back as HTTP 500.
fn endpoint() -> Endpoint {
    Shop::endpoint(key())
        .app_secret(SECRET)
        .configure(|b| b.flow_definition(Shop::flow().to_value()))
        .on_init(init)
        .on_start(start)
        .on_details(details)
        .on_back_from_details(back_from_details)
        .on_done(done)
        .build()
        .expect("endpoint")
}

struct Phone {
    endpoint: Endpoint,
    crypto: ClientSimulator,
}

impl Phone {
    fn new() -> Self {
        Self {
            endpoint: endpoint(),
            crypto: ClientSimulator::new(&key().public_key_pem().expect("public")).expect("client"),
        }
    }

    async fn send(&self, plain: Value) -> (u16, Option<Value>) {
        let (envelope, pending) = self
            .crypto
            .encrypt_request(plain.to_string().as_bytes())
            .expect("encrypt");
        let body = serde_json::to_vec(&envelope).expect("json");
        let reply = self
            .endpoint
            .handle(&body, Some(&sign_body(&body, SECRET)))
            .await;
        if reply.status != 200 {
            return (reply.status, None);
        }
        let answer = pending.decrypt_response(&reply.body).expect("decrypts");
        (200, Some(serde_json::from_slice(&answer).expect("json")))
    }

    async fn exchange(&self, screen: &str, data: Value) -> (u16, Option<Value>) {
        self.send(
            json!({"version": "3.0", "action": "data_exchange", "screen": screen,
                          "flow_token": "tok", "data": data}),
        )
        .await
    }
}

#[tokio::test]
async fn init_answers_with_the_entry_screen_and_its_data() {
    let phone = Phone::new();
    let (status, answer) = phone
        .send(json!({"version": "3.0", "action": "INIT", "flow_token": "tok", "data": {}}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        answer.unwrap(),
        json!({"screen": "START", "data": {
            "cities": [{"id": "lis", "title": "Lisbon"}, {"id": "opo", "title": "Porto"}],
            "note": "Hello tok"}})
    );
    // A handler error keeps its HTTP status.
    let (status, _) = phone
        .send(json!({"version": "3.0", "action": "INIT", "flow_token": "expired"}))
        .await;
    assert_eq!(status, 427);
}

#[tokio::test]
async fn exchange_answers_with_the_next_screen() {
    let phone = Phone::new();
    let (_, answer) = phone
        .exchange("START", json!({"city": "opo", "seats": 6}))
        .await;
    assert_eq!(
        answer.unwrap(),
        json!({"screen": "DETAILS", "data": {"city": "opo", "seats": 6, "vip": true}})
    );
}

#[tokio::test]
async fn exchange_updates_the_same_screen_when_an_optional_input_is_missing() {
    let phone = Phone::new();
    // `seats` is not required: the payload may lack it, the struct has an Option.
    let (_, answer) = phone.exchange("START", json!({"city": "lis"})).await;
    assert_eq!(
        answer.unwrap(),
        json!({"screen": "START", "data": {
            "cities": [{"id": "lis", "title": "Lisbon"}, {"id": "opo", "title": "Porto"}],
            "note": "How many seats?"}})
    );
}

#[tokio::test]
async fn exchange_error_stays_with_a_snackbar() {
    let phone = Phone::new();
    let (_, answer) = phone
        .exchange("START", json!({"city": "mars", "seats": 1}))
        .await;
    assert_eq!(
        answer.unwrap(),
        json!({"screen": "START", "data": {"error_message": "We do not go there"}})
    );
}

#[tokio::test]
async fn exchange_from_a_later_screen_reads_its_own_payload() {
    let phone = Phone::new();
    let (_, answer) = phone
        .exchange("DETAILS", json!({"city": "lis", "vip": false}))
        .await;
    assert_eq!(
        answer.unwrap(),
        json!({"screen": "DONE", "data": {"reference": "S-lis-tok"}})
    );
}

#[tokio::test]
async fn terminal_screen_closes_the_flow() {
    let phone = Phone::new();
    let (_, answer) = phone
        .exchange("DONE", json!({"reference": "S-lis-tok"}))
        .await;
    assert_eq!(
        answer.unwrap(),
        json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {
            "reference": "S-lis-tok", "flow_token": "tok"}}}})
    );
}

#[tokio::test]
async fn back_refreshes_the_previous_screen() {
    let phone = Phone::new();
    let (status, answer) = phone
        .send(
            json!({"version": "3.0", "action": "BACK", "screen": "DETAILS",
                     "flow_token": "tok"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        answer.unwrap(),
        json!({"screen": "START", "data": {
            "cities": [{"id": "lis", "title": "Lisbon"}], "note": "Porto is sold out"}})
    );
}

#[tokio::test]
async fn a_payload_that_does_not_fit_is_a_500_not_a_panic() {
    let phone = Phone::new();
    let (status, _) = phone
        .exchange("DETAILS", json!({"city": 12, "vip": "yes"}))
        .await;
    assert_eq!(status, 500);
    let (status, _) = phone.exchange("START", json!({})).await;
    assert_eq!(status, 500, "the required `city` is missing");
    let err = phone
        .endpoint
        .dispatch(
            serde_json::from_value(json!({"version": "3.0", "action": "data_exchange",
                "screen": "DETAILS", "flow_token": "tok", "data": {"city": "secret-value"}}))
            .unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), 500);
    assert!(
        !err.to_string().contains("secret-value"),
        "the error must not quote the request: {err}"
    );
}

#[test]
fn generated_types_follow_the_declarations() {
    // Data structs serialise every declared field under its JSON key.
    let data = ShopDetailsData {
        city: "lis".into(),
        seats: 1,
        vip: false,
    };
    assert_eq!(
        serde_json::to_value(&data).unwrap(),
        json!({"city": "lis", "seats": 1, "vip": false})
    );
    // Exchange structs read the payload the action sends.
    let x: ShopStartExchange = serde_json::from_value(json!({"city": "lis", "seats": 3})).unwrap();
    assert_eq!((x.city.as_str(), x.seats), ("lis", Some(3)));
}
