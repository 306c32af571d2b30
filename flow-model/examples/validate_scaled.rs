//! Validates the reference workload at `k` times its size (`k` screens × 100), once: the target
//! of `scripts/validate-instructions.sh`, which counts the instructions `validate` executes under
//! callgrind. Instruction counts do not depend on caches or on a noisy machine, so instructions
//! per byte across sizes show whether the validator's work is linear in the document.
//!
//! `cargo run --release -p flow-model --example validate_scaled -- 16`

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use flow_model::FlowJson;
use flow_model::validate::validate;

fn main() {
    let k: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let text = serde_json::to_string_pretty(&synthetic::flow(100 * k)).expect("serializes");
    let flow = FlowJson::from_str(&text).expect("the synthetic document parses");
    let report = run_validate(&flow);
    println!(
        "{k}x: {} bytes, {} findings",
        text.len(),
        report.findings.len()
    );
}

/// Kept out of line so callgrind's `--toggle-collect` can count exactly this call.
#[inline(never)]
fn run_validate(flow: &FlowJson) -> flow_model::validate::Validation {
    validate(std::hint::black_box(flow))
}
