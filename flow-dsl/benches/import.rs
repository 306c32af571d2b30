//! `flow_dsl::import` of the largest flow of the shared corpus, the 2.7 MB Health Insurance
//! flow (`limalb01_endpoint-flow/Health_Insurance.json`), in both styles: `flow!` and builders.
//! Issue 18 asks for well under a second.
//!
//! Run: `cargo bench -p flow-dsl --features import --bench import -- --measurement-time 10`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use flow_dsl::import::{ImportOptions, Style, import};

/// The corpus' largest file; a missing corpus is an error, not an empty benchmark.
fn health_insurance() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/limalb01_endpoint-flow/Health_Insurance.json");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (the shared corpus is needed)", path.display()))
}

fn benches(c: &mut Criterion) {
    let json = health_insurance();
    let mut group = c.benchmark_group("import_health_insurance_2_7_mb");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for (style, name) in [(Style::Macro, "macro"), (Style::Builders, "builders")] {
        let options = ImportOptions::new()
            .style(style)
            .file_name("Health_Insurance.json");
        group.bench_function(name, |b| {
            b.iter(|| import(black_box(&json), &options).expect("imports"))
        });
    }
    group.finish();
}

criterion_group!(import_benches, benches);
criterion_main!(import_benches);
