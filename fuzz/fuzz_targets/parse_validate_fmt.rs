//! Any text through what `flow-dsl validate` and `flow-dsl fmt` do: parse, locate, validate,
//! format, and the model's promises about the output.
#![no_main]

use flow_model::validate::{self, ValidateOptions, codes};
use flow_model::{FlowJson, SourceMap, changed_numbers, duplicate_keys, inexact_numbers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The CLI decodes bytes to text first (BOM, UTF-16); the model takes `&str`.
    let text = String::from_utf8_lossy(data);
    check(&text);
});

fn check(text: &str) {
    let dups = duplicate_keys(text);
    let all = ValidateOptions::uncapped();
    let located = match validate::validate_str_with(text, &all) {
        Ok(v) => v,
        Err(e) => {
            // Not a document: it must fail the same way whichever entry point read it.
            let _ = e.to_validation_error();
            assert_eq!(FlowJson::from_str(text).err(), Some(e));
            return;
        }
    };
    // Locating through the index of the findings' paths only = through the full index.
    let full = SourceMap::new(text);
    let only = located.source_map(text);
    for f in &located.findings {
        let _ = f.to_string();
        assert_eq!(
            f.to_validation_error(Some(&full)),
            f.to_validation_error(only.as_ref()),
            "{f}"
        );
    }
    // Caps: at most the first 100 of a code plus one "more like this", nothing lost.
    let capped = validate::validate_str(text).expect("parsed once already");
    let counted: usize = capped.findings.iter().map(|f| f.more_like_this.max(1)).sum();
    assert_eq!(counted, located.findings.len());
    assert!(capped.findings.len() <= located.findings.len());

    let flow = FlowJson::from_str(text).expect("validate_str parsed it");
    // validate_str = validate + one finding per key written twice.
    let plain = validate::validate_with(&flow, &all);
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
    // fmt's one-scan check of numbers finds what comparing input and output finds.
    if dups.is_empty() {
        let paths = |v: Vec<flow_model::ChangedNumber>| -> Vec<String> {
            v.into_iter().map(|c| c.path).collect()
        };
        assert_eq!(
            paths(inexact_numbers(text)),
            paths(changed_numbers(text, &pretty))
        );
    }
}
