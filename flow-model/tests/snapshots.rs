//! Canonical pretty output of a handful of corpus documents of different shapes, pinned with
//! insta. A change here is a change of the canonical form users' files get rewritten to by
//! `flow-dsl fmt`: review it as such (`INSTA_UPDATE=always cargo test -p flow-model --test
//! snapshots`, then read the `.snap` diff).

use flow_model::FlowJson;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");

/// Canonical pretty text of a corpus document, after checking it keeps the document's value and
/// is a fixed point. A missing corpus fails: it never skips.
fn canonical(rel: &str) -> String {
    let path = std::path::Path::new(CORPUS).join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "corpus file {} is missing ({e}): tests need ../shared beside the project",
            path.display()
        )
    });
    let flow = FlowJson::from_str(&text).expect("corpus documents are JSON objects");
    let pretty = flow.to_string_pretty();
    let original: Value = serde_json::from_str(&text).unwrap();
    let back: Value = serde_json::from_str(&pretty).unwrap();
    assert_eq!(back, original, "{rel}: value changed");
    assert_eq!(
        FlowJson::from_str(&pretty).unwrap().to_string_pretty(),
        pretty,
        "{rel}: not a fixed point"
    );
    pretty
}

/// Meta's own small example (WhatsApp-Flows-Tools): a Form-based contact screen.
#[test]
fn meta_contact_us() {
    insta::assert_snapshot!(canonical("meta-flows-tools/contact-us.json"));
}

/// If with then/else branches (pywa's 4.0 example).
#[test]
fn pywa_if() {
    insta::assert_snapshot!(canonical("pywa/4_0_examples__if_.json"));
}

/// Switch with cases (pywa's 4.0 example).
#[test]
fn pywa_switch() {
    insta::assert_snapshot!(canonical("pywa/4_0_examples__switch.json"));
}

/// An endpoint flow: data_api_version, routing_model, data_exchange.
#[test]
fn endpoint_flow_with_routing_model() {
    insta::assert_snapshot!(canonical("iot-alubee_alubee-whatsapp-flow/leave_flow.json"));
}

/// Version "1.0" and invented component types (PhoneInput, Selector, Button...), kept whole.
#[test]
fn unknown_components_and_version() {
    insta::assert_snapshot!(canonical(
        "agenticlyalive_camila-cadenaf-whatsapp-flow/newagendarsesionflow.json"
    ));
}

/// Version "v2.1", which is not a version: kept as written.
#[test]
fn version_v2_1() {
    insta::assert_snapshot!(canonical(
        "devlooped_whatsapp/Invalid_InvalidVersionFormat.json"
    ));
}

/// Zero screens, compact input.
#[test]
fn zero_screens() {
    insta::assert_snapshot!(canonical("edsonmartins_linktor/client_test.json"));
}
