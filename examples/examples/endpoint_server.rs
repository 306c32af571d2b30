//! A two-screen data_exchange flow served end to end: the user picks a time slot (loaded by
//! the endpoint on INIT), confirms the booking (details computed by the endpoint), and the
//! endpoint finishes the flow with the booking reference.
//!
//! Run it with
//!
//! ```text
//! FLOW_PRIVATE_KEY=private_key.pem META_APP_SECRET=... cargo run -p flow-dsl-examples --example endpoint_server
//! ```
//!
//! `FLOW_PRIVATE_KEY` is a PEM made by `flow-dsl keygen` (`FLOW_PRIVATE_KEY_PASSPHRASE` if it is
//! encrypted); without it an ephemeral key is generated and its public key printed. `PORT`
//! defaults to 3000. Without `META_APP_SECRET` request signatures are not checked.

use flow_dsl::endpoint::{Endpoint, FlowPrivateKey, FlowRequest, FlowResponse, HandlerError};
use serde_json::{Value, json};

/// The Flow JSON this endpoint serves; responses are checked against it.
pub fn flow_json() -> Value {
    json!({
        "version": "7.3",
        "data_api_version": "3.0",
        "routing_model": {"PICK_SLOT": ["CONFIRM"], "CONFIRM": []},
        "screens": [
            {
                "id": "PICK_SLOT",
                "title": "Book a visit",
                "data": {
                    "slots": {
                        "type": "array",
                        "items": {"type": "object", "properties": {
                            "id": {"type": "string"}, "title": {"type": "string"}}},
                        "__example__": [{"id": "mon-10", "title": "Monday 10:00"}]
                    }
                },
                "layout": {"type": "SingleColumnLayout", "children": [
                    {"type": "Form", "name": "form", "children": [
                        {"type": "RadioButtonsGroup", "name": "slot", "label": "Time",
                         "required": true, "data-source": "${data.slots}"},
                        {"type": "Footer", "label": "Continue", "on-click-action": {
                            "name": "data_exchange",
                            "payload": {"slot": "${form.slot}"}}}
                    ]}
                ]}
            },
            {
                "id": "CONFIRM",
                "title": "Confirm",
                "terminal": true,
                "data": {
                    "slot": {"type": "string", "__example__": "mon-10"},
                    "summary": {"type": "string", "__example__": "Monday 10:00"},
                    "price": {"type": "number", "__example__": 25}
                },
                "layout": {"type": "SingleColumnLayout", "children": [
                    {"type": "TextBody", "text": "${data.summary}"},
                    {"type": "Footer", "label": "Book", "on-click-action": {
                        "name": "data_exchange", "payload": {"slot": "${data.slot}"}}}
                ]}
            }
        ]
    })
}

const SLOTS: [(&str, &str); 3] = [
    ("mon-10", "Monday 10:00"),
    ("tue-14", "Tuesday 14:00"),
    ("wed-09", "Wednesday 09:00"),
];

fn slot_title(id: &str) -> Option<&'static str> {
    SLOTS.iter().find(|(s, _)| *s == id).map(|(_, t)| *t)
}

/// The payload of the PICK_SLOT footer.
#[derive(serde::Deserialize)]
struct SlotChoice {
    slot: String,
}

/// Builds the endpoint of this flow.
pub fn build_endpoint(
    key: FlowPrivateKey,
    app_secret: Option<String>,
) -> Result<Endpoint, flow_dsl::endpoint::EndpointConfigError> {
    let mut builder = Endpoint::builder(key).flow_definition(flow_json());
    if let Some(secret) = app_secret {
        builder = builder.app_secret(secret);
    }
    builder
        .on_init(|req: FlowRequest| async move {
            if req.flow_token().is_empty() {
                return Err(HandlerError::invalid_flow_token(Some(
                    "This link has expired",
                )));
            }
            let slots: Vec<Value> = SLOTS
                .iter()
                .map(|(id, title)| json!({"id": id, "title": title}))
                .collect();
            Ok(FlowResponse::next_screen("PICK_SLOT").with("slots", slots))
        })
        .on_data_exchange("PICK_SLOT", |req: FlowRequest| async move {
            let choice: SlotChoice = req.data_as()?;
            match slot_title(&choice.slot) {
                Some(title) => Ok(FlowResponse::next_screen("CONFIRM")
                    .with("slot", choice.slot)
                    .with("summary", format!("Your visit: {title}"))
                    .with("price", 25)),
                None => Ok(FlowResponse::next_screen("PICK_SLOT")
                    .with_error_message("That slot is no longer available")),
            }
        })
        .on_data_exchange("CONFIRM", |req: FlowRequest| async move {
            let choice: SlotChoice = req.data_as()?;
            Ok(FlowResponse::finish()
                .with("slot", choice.slot)
                .with("booking_reference", "BK-0001"))
        })
        .build()
}

/// Serves `endpoint` on `listener` until the task is dropped, with the default limits: 10 s
/// for the headers and for the body, 30 s idle, 16 MiB bodies, 1024 connections (see
/// `flow_dsl::endpoint::axum::HttpLimits`), so a slow or hostile client cannot hold sockets.
pub async fn serve(listener: tokio::net::TcpListener, endpoint: Endpoint) -> std::io::Result<()> {
    use flow_dsl::endpoint::axum::HttpLimits;
    flow_dsl::endpoint::axum::serve(listener, endpoint, HttpLimits::default()).await
}

fn load_key() -> Result<FlowPrivateKey, Box<dyn std::error::Error>> {
    match std::env::var_os("FLOW_PRIVATE_KEY") {
        Some(path) => {
            let pass = std::env::var("FLOW_PRIVATE_KEY_PASSPHRASE").ok();
            Ok(FlowPrivateKey::from_pem_file(
                std::path::Path::new(&path),
                pass.as_deref().map(str::as_bytes),
            )?)
        }
        None => {
            let key = FlowPrivateKey::generate()?;
            println!("no FLOW_PRIVATE_KEY: generated an ephemeral key; its public key is:");
            println!("{}", key.public_key_pem()?);
            Ok(key)
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = build_endpoint(load_key()?, std::env::var("META_APP_SECRET").ok())?;
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("flow endpoint on http://{}/", listener.local_addr()?);
    serve(listener, endpoint).await?;
    Ok(())
}
