//! Typed parse and canonical serialization of Flow JSON, each beside `serde_json::Value` doing the
//! same work on the same text in the same run.
//!
//! Documents:
//! - `pywa_synthetic`: the ~1.15 MB, 100-screen × 20-component flow written by
//!   `../shared/bench/pywa_baseline.py` (kept as generated, 4-space indent, in `fixtures/`);
//! - `health_insurance`: the ~2.7 MB Health Insurance example of the shared corpus (inline
//!   images), read from `../shared/corpus` at bench time; the bench fails if it is missing.
//!
//! Run: `cargo bench -p flow-model --bench model -- --measurement-time 3 --warm-up-time 1`.
//! Targets: typed parse ≤ 1.5× Value parse; typed pretty serialize ≤ 1.0× Value pretty serialize.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group};
use flow_model::FlowJson;
use serde_json::Value;

/// The documents benchmarked, with their names.
fn documents() -> Vec<(&'static str, String)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let synthetic = manifest.join("benches/fixtures/pywa_synthetic.json");
    let health = manifest.join("../../shared/corpus/limalb01_endpoint-flow/Health_Insurance.json");
    let read = |p: &Path| {
        std::fs::read_to_string(p).unwrap_or_else(|e| {
            panic!(
                "benchmark input {} is missing or unreadable ({e}); the corpus must sit in \
                 ../shared beside the project",
                p.display()
            )
        })
    };
    vec![
        ("pywa_synthetic", read(&synthetic)),
        ("health_insurance", read(&health)),
    ]
}

fn bench_model(c: &mut Criterion) {
    for (name, text) in documents() {
        let flow = FlowJson::from_str(&text).expect("benchmark documents are JSON objects");
        let value: Value = serde_json::from_str(&text).expect("benchmark documents are JSON");
        // Both sides must describe the same document, or the comparison means nothing.
        assert_eq!(flow.to_value(), value, "{name}: typed model lost data");

        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function("parse/typed", |b| {
            b.iter(|| FlowJson::from_str(black_box(&text)).expect("parses"))
        });
        g.bench_function("parse/value", |b| {
            b.iter(|| serde_json::from_str::<Value>(black_box(&text)).expect("parses"))
        });
        g.bench_function("pretty/typed", |b| {
            b.iter(|| black_box(&flow).to_string_pretty())
        });
        g.bench_function("pretty/value", |b| {
            b.iter(|| serde_json::to_string_pretty(black_box(&value)).expect("serializes"))
        });
        g.bench_function("compact/typed", |b| {
            b.iter(|| black_box(&flow).to_string_compact())
        });
        g.bench_function("compact/value", |b| {
            b.iter(|| serde_json::to_string(black_box(&value)).expect("serializes"))
        });
        g.finish();
    }
}

criterion_group!(benches, bench_model);

#[path = "support/paired.rs"]
mod paired;

/// Typed/Value ratios measured in interleaved pairs (see `support/paired.rs`).
fn paired_ratios() {
    const ROUNDS: usize = 150;
    use paired::time;
    println!("\npaired typed/Value ratios (minimum of {ROUNDS} interleaved rounds):");
    for (name, text) in documents() {
        let flow = FlowJson::from_str(&text).expect("parses");
        let value: Value = serde_json::from_str(&text).expect("parses");
        let parse = paired::min_pair(
            ROUNDS,
            &|| time(|| FlowJson::from_str(black_box(&text))),
            &|| time(|| serde_json::from_str::<Value>(black_box(&text))),
        );
        paired::report(&format!("{name} parse"), "typed", "value", parse);
        let pretty = paired::min_pair(
            ROUNDS,
            &|| time(|| black_box(&flow).to_string_pretty()),
            &|| time(|| serde_json::to_string_pretty(black_box(&value))),
        );
        paired::report(&format!("{name} pretty"), "typed", "value", pretty);
        let compact = paired::min_pair(
            ROUNDS,
            &|| time(|| black_box(&flow).to_string_compact()),
            &|| time(|| serde_json::to_string(black_box(&value))),
        );
        paired::report(&format!("{name} compact"), "typed", "value", compact);
    }
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Only when benchmarking: `cargo test --all-targets` runs each benchmark once as a test.
    if std::env::args().any(|a| a == "--bench") {
        paired_ratios();
    }
}
