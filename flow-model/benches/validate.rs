//! Validation beside parsing of the same document: the pywa reference workload at 1×, 4× and
//! 16× size, and the 2.7 MB Health Insurance example. Measured: `validate_str` (what
//! `flow-dsl validate`, the sandbox and deploy run: parse, duplicate-key scan and rules) and
//! `validate(&flow)` (the rules alone), each beside a typed parse of the same text. After the
//! criterion groups: paired ratios and time per byte up to 64× (the linearity check), then the
//! worst cases of `support/worst.rs` at 1×/3×/9× (time per byte must stay flat). Run with
//! `cargo bench -p flow-model --bench validate`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use flow_model::FlowJson;
use flow_model::validate::{validate, validate_str};

#[path = "support/paired.rs"]
mod paired;
#[path = "support/synthetic.rs"]
mod synthetic;
#[path = "support/worst.rs"]
mod worst;

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
        group.bench_with_input(BenchmarkId::new("validate_str", &name), &text, |b, t| {
            b.iter(|| validate_str(black_box(t)).unwrap())
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
    println!(
        "\npaired validate_str/parse and validate/parse (minimum of {ROUNDS} interleaved rounds):"
    );
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
        let cli = paired::min_pair(ROUNDS, &|| time(|| validate_str(black_box(&text))), &|| {
            time(|| FlowJson::from_str(black_box(&text)))
        });
        paired::report(&name, "validate_str", "parse", cli);
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

/// `validate_str` on the worst cases at 1×, 3× and 9×: time per byte, and its growth.
fn worst_cases() {
    const ROUNDS: usize = 5;
    use paired::time;
    println!("\nworst cases, validate_str (minimum of {ROUNDS} runs):");
    let sizes = [1, 3, 9];
    let docs: Vec<Vec<(String, String)>> = sizes.iter().map(|&k| worst::all(k)).collect();
    for case in 0..docs[0].len() {
        let mut per_byte = Vec::new();
        for (k, doc) in sizes.iter().zip(&docs) {
            let (name, text) = &doc[case];
            let best = (0..ROUNDS)
                .map(|_| time(|| validate_str(black_box(text))))
                .fold(f64::MAX, f64::min);
            let ns = best * 1e9 / text.len() as f64;
            per_byte.push(ns);
            println!(
                "  {name:<28} {:>9} bytes {:>9.2} ms {ns:>7.2} ns/B  ({k}×)",
                text.len(),
                best * 1e3
            );
        }
        println!(
            "  {:<28} ns/B 9× / 1×: {:.2}",
            "",
            per_byte[2] / per_byte[0]
        );
    }
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Only when benchmarking: `cargo test --all-targets` runs each benchmark once as a test.
    if std::env::args().any(|a| a == "--bench") {
        paired_ratios();
        worst_cases();
    }
}
