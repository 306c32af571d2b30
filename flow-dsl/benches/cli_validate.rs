//! `flow-dsl validate` end to end, as users run it: the release binary on files, human and
//! JSON output to a pipe. Inputs at 1×, 3× and 9×: the pywa reference flow with many findings
//! (every TextInput's `input-type` misspelt, every navigate target misspelt), and the worst
//! cases of `flow-model/benches/support/worst.rs` (many bad navigate targets, keys written
//! twice, unknown keys, long keys with newlines and control characters, a huge binding id).
//! Time per input byte must stay flat from 1× to 9×; the run prints it and the 9×/1× ratio.
//!
//! Run with `cargo bench -p flow-dsl --bench cli_validate`. The minimum of a few runs is kept
//! (process start included: inputs are ~0.1–10 MB so that it does not dominate).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "../../flow-model/benches/support/synthetic.rs"]
mod synthetic;
#[path = "../../flow-model/benches/support/worst.rs"]
mod worst;

/// The reference flow of `n` screens with findings everywhere.
fn many_findings(n: usize) -> String {
    serde_json::to_string_pretty(&synthetic::flow(n))
        .unwrap()
        .replace(r#""input-type": "text""#, r#""input-type": "txet""#)
        .replace(r#""name": "SCREEN_"#, r#""name": "SCREEN-"#)
}

fn run(file: &Path, args: &[&str]) -> f64 {
    let t = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
        .arg("validate")
        .args(args)
        .arg(file)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("flow-dsl runs");
    let elapsed = t.elapsed().as_secs_f64();
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "{}: {status}",
        file.display()
    );
    elapsed
}

fn main() {
    // `cargo test --all-targets` runs benches once as tests: nothing to measure then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    const ROUNDS: usize = 3;
    let dir = tempfile::tempdir().unwrap();
    let sizes = [1usize, 3, 9];
    let mut cases: Vec<Vec<(String, String)>> = sizes
        .iter()
        .map(|&k| {
            let mut v = vec![(format!("many_findings_{k}x"), many_findings(100 * k))];
            v.extend(worst::all(k));
            v
        })
        .collect();
    let outputs: [(&str, &[&str]); 3] = [
        ("human", &[]),
        ("human, all findings", &["--max-findings", "0"]),
        ("json", &["--format", "json"]),
    ];
    println!("flow-dsl validate, minimum of {ROUNDS} runs:");
    for case in 0..cases[0].len() {
        let files: Vec<(String, usize, std::path::PathBuf)> = cases
            .iter_mut()
            .map(|docs| {
                let (name, text) = std::mem::take(&mut docs[case]);
                let path = dir.path().join(format!("{name}.json"));
                std::fs::write(&path, &text).unwrap();
                (name, text.len(), path)
            })
            .collect();
        for (output, args) in outputs {
            let mut per_byte = Vec::new();
            for (k, (name, len, path)) in sizes.iter().zip(&files) {
                // Interleaved with nothing else: one file at a time, best of ROUNDS.
                let best = (0..ROUNDS)
                    .map(|_| run(path, args))
                    .fold(f64::MAX, f64::min);
                let ns = best * 1e9 / *len as f64;
                per_byte.push(ns);
                println!(
                    "  {name:<26} {output:<20} {len:>9} B {:>9.1} ms {ns:>8.1} ns/B ({k}×)",
                    best * 1e3
                );
            }
            println!(
                "  {:<26} {output:<20} time per byte 9×/1×: {:.2}",
                "",
                per_byte[2] / per_byte[0]
            );
        }
    }
}
