//! `flow!` flows deployed from a two-line `main`: categories come from each flow's
//! `categories=[..]`, the endpoint flow's URI from its `endpoint_uri="…"`, and every flow is validated
//! once on its way to the request.
//!
//! ```text
//! cargo run -p flow-dsl-examples --example deploy_flows     # the embedded sandbox
//! WHATSAPP_TOKEN=... WHATSAPP_WABA_ID=... cargo run -p flow-dsl-examples --example deploy_flows
//! ```
//!
//! The lockfile (`flow-dsl.lock.sandbox.json`) and the sandbox state (`.flow-dsl/`) go to the
//! current directory, like `flow-dsl deploy`; run it twice and the second deploy does nothing.

use flow_dsl_examples::macro_flows::{Booking, Loan, Survey};

// `pub`: tests/examples.rs compiles this file as a module and runs `main`.
#[tokio::main]
pub async fn main() -> std::process::ExitCode {
    flow_dsl::deploy::deploy_main([Survey::source(), Booking::source(), Loan::source()]).await
}
