//! Any text through what `flow-dsl validate` and `flow-dsl fmt` do: parse, locate, validate,
//! format, and the model's promises about the output.
#![no_main]

use flow_model::validate::{self, codes};
use flow_model::{FlowJson, SourceMap, changed_numbers, duplicate_keys};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The CLI decodes bytes to text first (BOM, UTF-16); the model takes `&str`.
    let text = String::from_utf8_lossy(data);
    check(&text);
});

fn check(text: &str) {
    let map = SourceMap::new(text);
    let dups = duplicate_keys(text);
    let located = match validate::validate_str(text) {
        Ok(v) => v,
        Err(e) => {
            // Not a document: it must fail the same way whichever entry point read it.
            let _ = e.to_validation_error();
            assert_eq!(FlowJson::from_str(text).err(), Some(e));
            return;
        }
    };
    for f in &located.findings {
        let _ = f.to_string();
        let _ = f.to_validation_error(Some(&map));
    }
    let flow = FlowJson::from_str(text).expect("validate_str parsed it");

    // validate_str = validate + one finding per key written twice.
    let plain = validate::validate(&flow);
    let (dup_findings, rest): (Vec<_>, Vec<_>) = located
        .findings
        .iter()
        .partition(|f| f.code == codes::LOCAL_DUPLICATE_KEY);
    assert!(rest.into_iter().eq(&plain.findings), "validate_str disagrees");
    assert_eq!(dup_findings.len(), dups.len());

    // fmt: canonical output reads back as the same flow and is a fixed point.
    let pretty = flow.to_string_pretty();
    let again = FlowJson::from_str(&pretty).expect("pretty output parses");
    assert!(again == flow, "pretty output reads back as another flow");
    assert_eq!(again.to_string_pretty(), pretty, "pretty output is not a fixed point");
    let _ = flow.to_string_compact();
    let _ = changed_numbers(text, &pretty);
}
