//! Validation beside parsing of the same document: the pywa reference workload at 1×, 4× and
//! 16× size, and the 2.7 MB Health Insurance example; after the criterion groups, paired
//! validate/parse ratios and time per byte up to 64× (the linearity check). Run with `cargo bench -p flow-model --bench validate`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use flow_model::FlowJson;
use flow_model::validate::validate;

#[path = "support/paired.rs"]
mod paired;
#[path = "support/synthetic.rs"]
mod synthetic;

fn documents() -> Vec<(String, String)> {
    let mut docs: Vec<(String, String)> = [1usize, 4, 16]
        .iter()
        .map(|&k| {
            (
                format!("synthetic_{k}x"),
                serde_json::to_string_pretty(&synthetic::flow(100 * k)).unwrap(),
            )
        })
        .collect();
    let health = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/limalb01_endpoint-flow/Health_Insurance.json"
    );
    let text =
        std::fs::read_to_string(health).unwrap_or_else(|e| panic!("the bench needs {health}: {e}"));
    docs.push(("health_insurance".to_owned(), text));
    docs
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate_vs_parse");
    for (name, text) in documents() {
        let flow = FlowJson::from_str(&text).unwrap();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", &name), &text, |b, t| {
            b.iter(|| FlowJson::from_str(black_box(t)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("validate", &name), &flow, |b, f| {
            b.iter(|| validate(black_box(f)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);

/// Validate/parse ratios in interleaved pairs, and time per byte for the linearity check.
fn paired_ratios() {
    const ROUNDS: usize = 20;
    use paired::time;
    println!("\npaired validate/parse (minimum of {ROUNDS} interleaved rounds):");
    // 64× (48 MB) only here: far past the last-level cache, it shows whether time per byte
    // keeps growing with size or levels off.
    let mut docs = documents();
    docs.insert(
        3,
        (
            "synthetic_64x".to_owned(),
            serde_json::to_string_pretty(&synthetic::flow(6400)).unwrap(),
        ),
    );
    for (name, text) in docs {
        let flow = FlowJson::from_str(&text).unwrap();
        let pair = paired::min_pair(ROUNDS, &|| time(|| validate(black_box(&flow))), &|| {
            time(|| FlowJson::from_str(black_box(&text)))
        });
        paired::report(&name, "validate", "parse", pair);
        println!(
            "  {:<40} {} bytes: validate {:.2} ns/B, parse {:.2} ns/B",
            "",
            text.len(),
            pair.a_min * 1e9 / text.len() as f64,
            pair.b_min * 1e9 / text.len() as f64
        );
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
