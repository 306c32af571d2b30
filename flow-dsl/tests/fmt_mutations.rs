//! Parse → validate → fmt on mutated corpus documents, for a bounded time: the stable, CI-sized
//! sibling of the cargo-fuzz target in `fuzz/` (`cargo +nightly fuzz run parse_validate_fmt`).
//!
//! Byte-level mutations in libFuzzer's style (flip a bit, insert a JSON token or a key the model
//! reads, delete, duplicate or splice a range, cross two documents), from a fixed seed, stacked
//! up to four deep, for `FLOW_DSL_MUTATION_SECONDS` seconds (default 3). For every text:
//! nothing panics; `validate_str` fails exactly when `FlowJson::from_str` does; `format_str`
//! output reads back as the same flow, formats to itself and validates; when fmt refuses a
//! text that parses, it is for a key written twice or an inexact number, and says so.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use flow_dsl::cli::fmt::format_str;
use flow_model::validate::validate_str;
use flow_model::{FlowJson, ParseErrorKind};

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud83d",
    "null",
    "true",
    "-0",
    "1e999",
    "18446744073709551616",
    "0.1000000000000000055511151231257827",
    "\u{1b}",
    "\u{202e}",
    "é",
    "😀",
    "\"type\":",
    "\"name\":",
    "\"id\":",
    "\"screens\":",
    "\"layout\":",
    "\"children\":",
    "\"data\":",
    "\"then\":",
    "\"cases\":",
    "\"next\":",
    "\"payload\":",
    "\"on-click-action\":",
    "\"__example__\":",
    "\"${data.x}\"",
    "\"`${form.a} > 1`\"",
    "\"If\"",
    "\"Switch\"",
    "\"Form\"",
    "\"Footer\"",
    "\"navigate\"",
    "\"screen\"",
];

fn corpus() -> Vec<String> {
    // Small documents: a case costs time in proportion to its size.
    crate::paths::corpus_files()
        .into_iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .filter(|t| t.len() <= 20_000)
        .collect()
}

/// xorshift64*: no dependency, the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One mutation of `text` (bytes; the result need not be UTF-8).
fn mutate(text: &mut Vec<u8>, other: &[u8], rng: &mut Rng) {
    let len = text.len();
    let at = rng.below(len + 1);
    match rng.below(6) {
        0 if len > 0 => {
            let i = at.min(len - 1);
            text[i] ^= 1 << rng.below(8);
        }
        1 => {
            let token = TOKENS[rng.below(TOKENS.len())];
            text.splice(at..at, token.bytes());
        }
        2 => {
            let end = (at + rng.below(64)).min(len);
            text.drain(at..end);
        }
        3 => {
            let end = (at + rng.below(256)).min(len);
            let copy = text[at..end].to_vec();
            let to = rng.below(text.len() + 1);
            text.splice(to..to, copy);
        }
        4 if !other.is_empty() => {
            // Cross over: the head of this document, the tail of another.
            let from = rng.below(other.len());
            text.truncate(at);
            text.extend_from_slice(&other[from..]);
        }
        _ => {
            let end = (at + rng.below(16)).min(len);
            let mut range: Vec<u8> = text[at..end].to_vec();
            range.reverse();
            text.splice(at..end, range);
        }
    }
}

fn check(text: &str) -> Result<(), String> {
    let parsed = FlowJson::from_str(text);
    let validated = validate_str(text);
    match (&parsed, &validated) {
        (Ok(_), Ok(_)) => {}
        (Err(a), Err(b)) if a == b => {}
        _ => return Err(format!("from_str {parsed:?} vs validate_str {validated:?}")),
    }
    if let Ok(v) = &validated {
        let _ = v.to_validation_errors(Some(text));
    }
    match (format_str(text, false), parsed) {
        (Ok(out), Ok(flow)) => {
            let again = FlowJson::from_str(&out).map_err(|e| format!("fmt output: {e}"))?;
            if again != flow {
                return Err("fmt output reads back as another flow".into());
            }
            let twice = format_str(&out, false).map_err(|e| format!("fmt of fmt: {e}"))?;
            if twice != out {
                return Err("fmt output is not a fixed point".into());
            }
            validate_str(&out).map_err(|e| format!("fmt output does not validate: {e}"))?;
        }
        (Err(e), Ok(_)) => {
            let ok = matches!(
                e.kind,
                ParseErrorKind::DuplicateKey | ParseErrorKind::InexactNumber
            );
            if !ok {
                return Err(format!("fmt refused a document that parses: {e}"));
            }
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) => return Err(format!("fmt accepted what the parser refused: {e}")),
    }
    Ok(())
}

#[test]
fn mutated_corpus_through_parse_validate_fmt() {
    let seconds = std::env::var("FLOW_DSL_MUTATION_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let budget = Duration::from_secs_f64(seconds);
    let docs = corpus();
    let mut rng = Rng(0x00F1_0A5E_ED00_2026);
    let start = Instant::now();
    let mut cases = 0usize;
    let mut failures = Vec::new();
    while start.elapsed() < budget && failures.len() < 10 {
        let mut bytes = docs[rng.below(docs.len())].clone().into_bytes();
        let other = docs[rng.below(docs.len())].as_bytes();
        for _ in 0..=rng.below(4) {
            mutate(&mut bytes, other, &mut rng);
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        cases += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| check(&text)))
            .unwrap_or_else(|_| Err("panic".to_owned()));
        if let Err(why) = outcome {
            let shown: String = text.chars().take(300).collect();
            failures.push(format!("case {cases}: {why}\n    input: {shown:?}"));
        }
    }
    eprintln!(
        "{cases} mutated documents in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(cases > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
