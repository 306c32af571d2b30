//! Loan application: an endpoint flow (`data_exchange`, Data API 3.0) whose routing model is
//! derived from its actions, and its endpoint on the typed API `flow!` generates
//! (`flow_dsl_examples::loan_endpoint`).
//!
//! `cargo run -p flow-dsl-examples --example loan` prints the routing model and the Flow JSON;
//! `cargo run -p flow-dsl-examples --example loan -- serve` serves the endpoint on
//! `127.0.0.1:$PORT` (3000 by default) with an ephemeral key (its public key is printed) or
//! `FLOW_PRIVATE_KEY`, checking signatures when `META_APP_SECRET` is set.

use flow_dsl::endpoint::FlowPrivateKey;
use flow_dsl::endpoint::axum::{HttpLimits, serve};

// `pub`: tests/examples.rs compiles this file as a module and runs `main`.
pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::args().nth(1).as_deref() == Some("serve") {
        return serve_endpoint();
    }
    let flow = flow_dsl_examples::flows::loan::loan_application();
    match flow.build() {
        Ok(json) => {
            let routing = json.routing_model.clone().unwrap_or_default();
            for (from, to) in &routing {
                println!("{from} -> {to:?}");
            }
            println!("{}", json.to_string_pretty());
            println!(
                "generated file: {}",
                flow_dsl_examples::generated_path("loan").display()
            );
            Ok(())
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

#[tokio::main]
async fn serve_endpoint() -> Result<(), Box<dyn std::error::Error>> {
    let key = match std::env::var_os("FLOW_PRIVATE_KEY") {
        Some(path) => {
            let pass = std::env::var("FLOW_PRIVATE_KEY_PASSPHRASE").ok();
            FlowPrivateKey::from_pem_file(
                std::path::Path::new(&path),
                pass.as_deref().map(str::as_bytes),
            )?
        }
        None => {
            let key = FlowPrivateKey::generate()?;
            println!("no FLOW_PRIVATE_KEY: ephemeral key; its public key is:");
            println!("{}", key.public_key_pem()?);
            key
        }
    };
    let secret = std::env::var("META_APP_SECRET").ok();
    let endpoint = flow_dsl_examples::loan_endpoint::build_endpoint(key, secret.as_deref())?;
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("loan endpoint on http://{}/", listener.local_addr()?);
    serve(listener, endpoint, HttpLimits::default()).await?;
    Ok(())
}
