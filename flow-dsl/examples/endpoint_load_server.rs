//! A load-test target for the axum endpoint: serves a one-handler endpoint on loopback and
//! writes a `wrk` script posting one fixed, validly encrypted and signed INIT request (every
//! request still costs one RSA decryption, as with WhatsApp's fresh per-request keys).
//!
//! ```text
//! cargo run --release -p flow-dsl --example endpoint_load_server -- 8787 /tmp/flow-load
//! wrk -t1 -c8 -d10s -s /tmp/flow-load/post.lua http://127.0.0.1:8787/
//! ```

use flow_dsl::endpoint::{ClientSimulator, Endpoint, FlowPrivateKey, FlowRequest, FlowResponse};
use flow_dsl::webhook::sign_body;

const SECRET: &[u8] = b"load-test-app-secret";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().as_deref().unwrap_or("8787").parse()?;
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "flow-load".into()));

    let key = FlowPrivateKey::generate()?;
    let client = ClientSimulator::new(&key.public_key_pem()?)?;
    let (request, _) = client.encrypt_request(
        br#"{"version":"3.0","action":"INIT","screen":"","data":{},"flow_token":"load-test"}"#,
    )?;
    let body = serde_json::to_string(&request)?;
    let signature = sign_body(body.as_bytes(), SECRET);
    std::fs::create_dir_all(&dir)?;
    let body_path = dir.join("body.json");
    std::fs::write(&body_path, &body)?;
    let script = format!(
        "local f = assert(io.open({body:?}, \"rb\"))\n\
         wrk.method = \"POST\"\n\
         wrk.body = f:read(\"*a\")\n\
         f:close()\n\
         wrk.headers[\"Content-Type\"] = \"application/json\"\n\
         wrk.headers[\"X-Hub-Signature-256\"] = \"{signature}\"\n",
        body = body_path.display().to_string(),
    );
    std::fs::write(dir.join("post.lua"), script)?;

    let endpoint = Endpoint::builder(key)
        .app_secret(SECRET)
        .on_init(|req: FlowRequest| async move {
            Ok(FlowResponse::next_screen("WELCOME").with("token", req.flow_token().to_owned()))
        })
        .build()?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "serving on http://{}/ ; wrk script in {}",
        listener.local_addr()?,
        dir.display()
    );
    // The hardened accept loop, so that load tests measure what production runs.
    let limits = flow_dsl::endpoint::axum::HttpLimits::default();
    flow_dsl::endpoint::axum::serve(listener, endpoint, limits).await?;
    Ok(())
}
