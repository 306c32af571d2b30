//! Every corpus document survives parse → typed model → serialize with the same JSON value,
//! and canonical output is a fixed point.

mod common;

use flow_model::FlowJson;
use serde_json::Value;

#[test]
fn every_corpus_document_round_trips() {
    let mut failures = Vec::new();
    for (name, path) in common::corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        let flow = match FlowJson::from_str(&text) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{name}: parse error {e}"));
                continue;
            }
        };
        for (label, out) in [
            ("pretty", flow.to_string_pretty()),
            ("compact", flow.to_string_compact()),
        ] {
            let back: Value = serde_json::from_str(&out).unwrap();
            if back != original {
                failures.push(format!(
                    "{name}: {label} output differs from the input value"
                ));
            }
        }
        assert_eq!(flow.to_value(), original, "{name}: to_value");
        let pretty = flow.to_string_pretty();
        // The canonical text is exactly what serde_json's own pretty printer makes of it: the
        // model's writer is a faster writer of the same bytes, not a dialect.
        if serde_json::to_string_pretty(&flow).unwrap() != pretty {
            failures.push(format!("{name}: pretty output differs from serde_json's"));
        }
        if serde_json::to_string(&flow).unwrap() != flow.to_string_compact() {
            failures.push(format!("{name}: compact output differs from serde_json's"));
        }
        let again = FlowJson::from_str(&pretty).unwrap().to_string_pretty();
        if again != pretty {
            failures.push(format!(
                "{name}: canonical pretty output is not a fixed point"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn typed_model_recognises_the_corpus() {
    // Guard against a model that round-trips only because everything lands in `extra`.
    let mut typed = 0usize;
    let mut unknown = 0usize;
    fn walk(cs: &[flow_model::Component], typed: &mut usize, unknown: &mut usize) {
        for c in cs {
            match c {
                flow_model::Component::Unknown(_) => *unknown += 1,
                _ => *typed += 1,
            }
            for (_, l) in c.child_lists() {
                walk(l, typed, unknown);
            }
        }
    }
    for (_, path) in common::corpus_files() {
        let flow = FlowJson::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for s in flow.screens.iter().flatten() {
            walk(s.children(), &mut typed, &mut unknown);
        }
    }
    assert!(typed > 1800, "typed components: {typed}");
    assert!(unknown < 20, "unknown components: {unknown}");
}
