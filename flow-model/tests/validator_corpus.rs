//! The validator on real documents: never panics, Meta's valid examples are clean, each Error
//! Codes example reports what it illustrates, and a committed snapshot of the codes per file
//! makes every behaviour change on real documents visible in review.

mod common;

use flow_model::validate::{Severity, validate_str};

fn codes_of(text: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    let v = validate_str(text).expect("corpus files are JSON");
    let mut errors: Vec<_> = v
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code)
        .collect();
    let mut warnings: Vec<_> = v
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| f.code)
        .collect();
    errors.sort_unstable();
    errors.dedup();
    warnings.sort_unstable();
    warnings.dedup();
    (errors, warnings)
}

#[test]
fn corpus_code_snapshot() {
    let mut out = String::new();
    for (name, path) in common::corpus_files() {
        let text = std::fs::read_to_string(path).unwrap();
        let (errors, warnings) = codes_of(&text);
        out.push_str(&format!(
            "{name}\n  errors: {}\n  warnings: {}\n",
            errors.join(" "),
            warnings.join(" ")
        ));
    }
    insta::assert_snapshot!("corpus_codes", out);
}

/// Meta's own examples that are meant to be valid (spec provenance `meta-official` and
/// `meta-docs-mirror`, Error Codes pages excluded).
#[test]
fn metas_valid_examples_have_no_errors() {
    let sources =
        std::fs::read_to_string(common::corpus_dir().join("SOURCES.tsv")).expect("SOURCES.tsv");
    let mut checked = 0;
    for line in sources.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, provenance) = (cols[0], cols[8]);
        if !matches!(provenance, "meta-official" | "meta-docs-mirror")
            || file.to_lowercase().contains("error")
        {
            continue;
        }
        let text = std::fs::read_to_string(common::corpus_dir().join(file)).unwrap();
        let v = validate_str(&text).unwrap();
        let errors: Vec<String> = v.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{file}:\n{}", errors.join("\n"));
        checked += 1;
    }
    assert_eq!(checked, 9);
}

/// Each example of Meta's Error Codes page reports the error it illustrates.
#[test]
fn error_codes_examples_report_their_error() {
    let cases: &[(&str, &str)] = &[
        (
            "limalb01_endpoint-flow/Error_Codes__1.json",
            "MIN_ITEMS_REQUIRED",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__2.json",
            "INVALID_COMPLETE_ACTION",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__3.json",
            "INVALID_SCREEN_DYNAMIC_DATA",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__4.json",
            "INVALID_SCREEN_DYNAMIC_DATA",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__5.json",
            "INVALID_SCREEN_DYNAMIC_DATA",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__6.json",
            "INVALID_SCREEN_DYNAMIC_DATA",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__7.json",
            "INVALID_SCREEN_DYNAMIC_DATA",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__8.json",
            "MAX_FOOTER_PER_SCREEN",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__8.json",
            "INVALID_PROPERTY_VALUE",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__9.json",
            "INVALID_PROPERTY_KEY",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__10.json",
            "MISSING_REQUIRED_PROPERTY",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__11.json",
            "DUPLICATE_FORM_COMPONENT_NAMES",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__11.json",
            "MISSING_REQUIRED_TYPE_PROPERTY",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__12.json",
            "MISSING_FOOTER_ON_TERMINAL_SCREEN",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__13.json",
            "MORE_THAN_ONE_FOOTER",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__14.json",
            "MIN_ITEMS_REQUIRED",
        ),
        (
            "limalb01_endpoint-flow/Error_Codes__15.json",
            "MISSING_FOOTER_IN_SWITCH_BRANCHES",
        ),
        (
            "eudresfs_whatsapp-flows/error-codes__13.json",
            "INVALID_ON_CLICK_ACTION_PAYLOAD",
        ),
    ];
    for (file, code) in cases {
        let text = std::fs::read_to_string(common::corpus_dir().join(file)).unwrap();
        let (errors, _) = codes_of(&text);
        assert!(
            errors.contains(code),
            "{file}: expected {code}, got {errors:?}"
        );
    }
}

/// Replaces nodes of real documents with values of other JSON types: parsing, validation and
/// locating findings must never panic, and the model must still round-trip the mutated text.
#[test]
fn mutated_documents_never_panic() {
    use serde_json::{Value, json};
    fn nodes(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    path.push(k.clone());
                    nodes(x, path, out);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    path.push(i.to_string());
                    nodes(x, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    fn at<'a>(v: &'a mut Value, path: &[String]) -> &'a mut Value {
        path.iter().fold(v, |cur, p| match cur {
            Value::Array(a) => &mut a[p.parse::<usize>().unwrap()],
            other => &mut other[p.as_str()],
        })
    }
    let replacements = [
        json!(null),
        json!(7),
        json!("${data.x}"),
        json!([]),
        json!({}),
        json!({"type": "If"}),
    ];
    let mut runs = 0;
    for (name, path) in common::corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        if text.len() > 20_000 {
            continue;
        }
        let doc: Value = serde_json::from_str(&text).unwrap();
        let mut all = Vec::new();
        nodes(&doc, &mut Vec::new(), &mut all);
        // Skip the root: a document that is not an object is a parse error by design.
        for (k, p) in all.iter().enumerate().skip(1).filter(|(k, _)| k % 5 == 0) {
            let mut mutated = doc.clone();
            *at(&mut mutated, p) = replacements[k % replacements.len()].clone();
            let text = serde_json::to_string_pretty(&mutated).unwrap();
            let v = validate_str(&text).unwrap_or_else(|e| panic!("{name} {p:?}: {e}"));
            let _ = v.to_validation_errors(Some(&text));
            let back: Value = serde_json::from_str(
                &flow_model::FlowJson::from_str(&text)
                    .unwrap()
                    .to_string_compact(),
            )
            .unwrap();
            assert_eq!(back, mutated, "{name} {p:?}: round trip");
            runs += 1;
        }
    }
    assert!(runs > 1000, "{runs}");
}
