//! Validation beside parsing of the same document: the pywa reference workload at 1×, 4× and
//! 16× size, and the 2.7 MB Health Insurance example. Run with `cargo bench -p flow-model --bench validate`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use flow_model::FlowJson;
use flow_model::validate::validate;

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
criterion_main!(benches);
