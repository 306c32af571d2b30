//! The first thing to run: builds a two-screen flow in Rust, validates it, writes its
//! flow.json into `target/quickstart/`, deploys and publishes it, and prints what happened.
//!
//! ```text
//! cargo run --example quickstart            # no configuration: the embedded sandbox
//! WHATSAPP_TOKEN=... WHATSAPP_WABA_ID=... cargo run --example quickstart   # Meta
//! ```
//!
//! Run it twice: the second deploy finds nothing changed and sends no request.

use std::path::Path;

use flow_dsl::deploy::Target;

#[tokio::main]
async fn main() {
    // `target/quickstart/` of the workspace, wherever cargo is run from.
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = manifest_dir
        .parent()
        .unwrap_or(manifest_dir)
        .join("target/quickstart");
    let target = match Target::from_env_or_sandbox(&out_dir.join("sandbox.json")).await {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    if target.sandbox().is_some() {
        eprintln!(
            "no WHATSAPP_TOKEN set: using the embedded sandbox \
             (set WHATSAPP_TOKEN and WHATSAPP_WABA_ID to target Meta)"
        );
    }
    let mut stdout = std::io::stdout();
    match flow_dsl_examples::quickstart::run(target, &out_dir, &mut stdout).await {
        Ok(q) => {
            if q.plan.is_noop() {
                println!("nothing changed since the last run: the deploy sent no request");
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
