//! Golden tests: Meta's example flows, and other published flows of the shared corpus, rebuilt
//! with the builders serialize to the same JSON value as the published files (see
//! `golden/README.md` for their provenance).

use flow_dsl::builder::Flow;
use flow_dsl_examples::{corpus_examples, meta_examples};
use pretty_assertions::assert_eq;
use serde_json::Value;

fn expected(file: &str) -> Value {
    let path = format!("{}/tests/golden/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The rebuilt document, unchecked: golden equality is about the JSON produced, whatever the
/// validator thinks of Meta's older examples.
fn rebuilt(flow: &Flow) -> Value {
    flow.clone().build_unchecked().to_value()
}

/// No builder-level finding (payload checks, handles, references) on Meta's own examples.
fn assert_no_builder_errors(flow: &Flow) {
    let (_, findings) = flow.clone().build_report();
    let builder: Vec<_> = findings
        .iter()
        .filter(|f| f.source == flow_dsl::builder::FindingSource::Builder)
        .map(ToString::to_string)
        .collect();
    assert!(builder.is_empty(), "{builder:#?}");
}

#[test]
fn contact_us() {
    let flow = meta_examples::contact_us();
    assert_no_builder_errors(&flow);
    assert_eq!(rebuilt(&flow), expected("contact-us.json"));
}

#[test]
fn agent_connect() {
    let flow = meta_examples::agent_connect();
    assert_no_builder_errors(&flow);
    assert_eq!(rebuilt(&flow), expected("agent-connect.json"));
}

#[test]
fn tour_survey() {
    let flow = meta_examples::tour_survey();
    assert_no_builder_errors(&flow);
    assert_eq!(rebuilt(&flow), expected("survey.json"));
}

#[test]
fn hello_world_postman_and_template_page() {
    let flow = meta_examples::hello_world_postman();
    assert_no_builder_errors(&flow);
    assert_eq!(rebuilt(&flow), expected("postman-hello-world.json"));
    let flow = meta_examples::hello_world_template_page();
    assert_eq!(rebuilt(&flow), expected("template-api-hello-world.json"));
}

#[test]
fn purchase_intent() {
    let flow = meta_examples::purchase_intent();
    assert_no_builder_errors(&flow);
    assert_eq!(rebuilt(&flow), expected("purchase-intent.json"));
}

#[test]
fn seed_001_survey_as_published() {
    let flow = flow_dsl_examples::flows::survey::satisfaction_survey_as_published();
    assert_eq!(rebuilt(&flow), expected("seed001-satisfaction-survey.json"));
    // As published, its only errors are the over-long label (when the validator has that rule).
    let (_, findings) = flow.build_report();
    for f in findings.iter().filter(|f| f.is_error()) {
        assert_eq!(
            (f.code, f.path.as_str()),
            (
                "FLOWDSL_MAX_CHARS_EXCEEDED",
                "screens[0].layout.children[1].label"
            ),
            "{f}"
        );
    }
}

#[test]
fn pywa_sign_up() {
    let flow = corpus_examples::pywa_sign_up();
    assert_eq!(rebuilt(&flow), expected("pywa-sign-up.json"));
    // As published, its routing model lacks LOGIN → SIGN_UP, which LOGIN's "Don't have an
    // account?" link navigates to: the validator's one error, located at that link's builder
    // call, and the only one expected.
    let (_, findings) = flow.build_report();
    let errors: Vec<_> = findings.iter().filter(|f| f.is_error()).collect();
    assert!(
        matches!(
            errors.as_slice(),
            [f] if f.code == flow_model::validate::codes::INVALID_ROUTING_MODEL
                && f.path.starts_with("screens[2].layout")
                && f.message.contains("to screen 'SIGN_UP'")
                && f.location.is_some_and(|l| l.file().ends_with("corpus_examples.rs"))
        ),
        "{errors:#?}"
    );
}
