//! Issue 17, validator side: the five cases the builders, `flow!` and `flow-dsl validate` must
//! agree on, and the table's facts (JSON types, per-branch counting, categories) checked
//! against the parser and the validator.

use flow_model::table::{BranchCounting, CATEGORIES, Certainty, JsonTypes};
use flow_model::validate::{Severity, codes, validate, validate_categories, validate_str};
use flow_model::{COMPONENTS, Component, FlowJson};
use serde_json::{Value, json};

fn screen(id: &str, children: Value) -> Value {
    json!({"id": id, "terminal": true, "layout": {"type": "SingleColumnLayout", "children": children}})
}

fn complete_footer(label: &str) -> Value {
    json!({"type": "Footer", "label": label, "on-click-action": {"name": "complete", "payload": {}}})
}

fn flow(screens: Value) -> Value {
    json!({"version": "7.3", "screens": screens})
}

/// (code, severity, path) of every finding.
fn findings(doc: &Value) -> Vec<(&'static str, Severity, String)> {
    let text = serde_json::to_string_pretty(doc).unwrap();
    validate_str(&text)
        .unwrap()
        .findings
        .into_iter()
        .map(|f| (f.code, f.severity, f.path))
        .collect()
}

fn if_with_footers(cond: &str) -> Value {
    json!({"type": "If", "condition": cond,
        "then": [complete_footer("Yes")], "else": [complete_footer("No")]})
}

fn with_flag(children: Value) -> Value {
    let mut s = screen("START", children);
    s["data"] = json!({"x": {"type": "boolean", "__example__": true}});
    flow(json!([s]))
}

#[test]
fn a_footer_in_both_branches_of_an_if_counts_once() {
    let doc = with_flag(json!([if_with_footers("${data.x}")]));
    assert_eq!(
        findings(&doc),
        [],
        "a Footer per branch is what Meta asks for"
    );

    // Two Ifs, each with a Footer per branch: two Footers show at once.
    let doc = with_flag(json!([
        if_with_footers("${data.x}"),
        if_with_footers("!${data.x}")
    ]));
    let f = findings(&doc);
    assert!(
        f.iter()
            .any(|(c, s, _)| *c == codes::MORE_THAN_ONE_FOOTER && *s == Severity::Error),
        "{f:?}"
    );

    // A Footer in a branch plus one outside.
    let doc = with_flag(json!([
        if_with_footers("${data.x}"),
        complete_footer("Out")
    ]));
    let f = findings(&doc);
    assert!(
        f.iter()
            .any(|(c, _, p)| *c == codes::MORE_THAN_ONE_FOOTER
                && p == "screens[0].layout.children[1]"),
        "{f:?}"
    );

    let spec = flow_model::component_spec("Footer").unwrap();
    assert_eq!(spec.counting, BranchCounting::PerBranch);
    assert_eq!(spec.max_per_screen_code, Some(codes::MAX_FOOTER_PER_SCREEN));
}

#[test]
fn a_screen_id_with_digits_is_an_unconfirmed_warning() {
    let doc = flow(json!([screen("STEP2", json!([complete_footer("Done")]))]));
    let f = findings(&doc);
    assert_eq!(
        f,
        [(
            codes::PATTERN_MISMATCH,
            Severity::Warning,
            "screens[0].id".to_owned()
        )]
    );
    let doc = flow(json!([screen("STEP-2", json!([complete_footer("Done")]))]));
    assert_eq!(findings(&doc)[0].1, Severity::Error);
}

#[test]
fn a_photo_and_a_document_picker_on_one_screen_is_an_error_at_the_second() {
    let doc = flow(json!([screen(
        "START",
        json!([
            {"type": "PhotoPicker", "name": "photo", "label": "Photo"},
            {"type": "DocumentPicker", "name": "doc", "label": "Document"},
            complete_footer("Done")
        ])
    )]));
    let f = findings(&doc);
    assert!(
        f.contains(&(
            codes::LOCAL_MAX_PER_SCREEN,
            Severity::Error,
            "screens[0].layout.children[1]".to_owned()
        )),
        "{f:?}"
    );
}

#[test]
fn categories_are_checked_against_the_table() {
    let v = validate_categories(&["SURVY"]);
    let f: Vec<_> = v.errors().collect();
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].code, f[0].path.as_str()),
        (codes::INVALID_ENUM_VALUE, "categories[0]")
    );
    assert!(
        f[0].message.contains("Did you mean 'SURVEY'?"),
        "{}",
        f[0].message
    );

    assert!(
        validate_categories(&CATEGORIES.iter().map(|c| c.name).collect::<Vec<_>>())
            .errors()
            .next()
            .is_none()
    );
    let shopping = validate_categories(&["SHOPPING"]);
    assert!(!shopping.has_errors());
    assert_eq!(shopping.warnings().count(), 1);
    assert_eq!(
        CATEGORIES
            .iter()
            .filter(|c| c.certainty == Certainty::Unconfirmed)
            .count(),
        1
    );
    let none: [&str; 0] = [];
    assert_eq!(
        validate_categories(&none).codes(),
        [codes::MIN_ITEMS_REQUIRED]
    );
}

#[test]
fn a_payload_reference_to_an_unknown_namespace_is_a_pattern_mismatch() {
    let doc = flow(json!([screen(
        "START",
        json!([{"type": "Footer", "label": "Done", "on-click-action":
            {"name": "complete", "payload": {"who": "${user.wa_id}"}}}])
    )]));
    let f = findings(&doc);
    assert!(
        f.contains(&(
            codes::PATTERN_MISMATCH,
            Severity::Error,
            "screens[0].layout.children[0].on-click-action.payload.who".to_owned()
        )),
        "{f:?}"
    );
}

#[test]
fn a_navigate_target_that_is_not_a_screen_has_metas_code() {
    let mut start = screen(
        "START",
        json!([{"type": "Footer", "label": "Go", "on-click-action":
            {"name": "navigate", "next": {"type": "screen", "name": "ENDD"}, "payload": {}}}]),
    );
    start["terminal"] = json!(false);
    let doc = flow(json!([
        start,
        screen("END", json!([complete_footer("Done")]))
    ]));
    let f = findings(&doc);
    assert!(
        f.contains(&(
            codes::INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME,
            Severity::Error,
            "screens[0].layout.children[0].on-click-action.next.name".to_owned()
        )),
        "{f:?}"
    );
}

/// A sample value of one JSON type for property `spec`: strings are bindings where the
/// property is dynamic, so they read as an expression rather than a bad literal.
fn sample(t: JsonTypes, dynamic: bool) -> Value {
    match t {
        JsonTypes::STRING if dynamic => json!("${data.x}"),
        JsonTypes::STRING => json!("text"),
        JsonTypes::NUMBER => json!(3),
        JsonTypes::BOOLEAN => json!(true),
        JsonTypes::ARRAY => json!([]),
        _ => json!({}),
    }
}

/// The table's JSON types are what the parser reads: a value of a listed type lands in the
/// typed field, any other is kept raw in `extra` (and reported as INVALID_PROPERTY_TYPE).
#[test]
fn every_property_accepts_exactly_the_json_types_of_the_table() {
    let all = [
        JsonTypes::STRING,
        JsonTypes::NUMBER,
        JsonTypes::BOOLEAN,
        JsonTypes::ARRAY,
        JsonTypes::OBJECT,
    ];
    let mut checked = 0;
    for spec in COMPONENTS {
        for prop in spec.props {
            assert_ne!(prop.json, JsonTypes::NONE, "{}.{}", spec.name, prop.name);
            for t in all {
                let value = sample(t, prop.dynamic);
                let c = Component::from_object(
                    json!({"type": spec.name, (prop.name): value})
                        .as_object()
                        .unwrap()
                        .clone(),
                );
                let raw = c.extra().unwrap().contains_key(prop.name);
                assert_eq!(
                    spec.accepts(prop.name, &value),
                    !raw,
                    "{}.{}",
                    spec.name,
                    prop.name
                );
                assert_eq!(
                    raw,
                    !prop.json.contains(t),
                    "{}.{} given {value}: the table says {}",
                    spec.name,
                    prop.name,
                    prop.json
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 800, "{checked}");
}

#[test]
fn a_wrong_type_message_says_what_the_table_accepts() {
    let doc = flow(json!([screen(
        "START",
        json!([{"type": "TextBody", "text": 3}, complete_footer("Done")])
    )]));
    let text = serde_json::to_string(&doc).unwrap();
    let v = validate_str(&text).unwrap();
    let f = v
        .findings
        .iter()
        .find(|f| f.code == codes::INVALID_PROPERTY_TYPE)
        .unwrap();
    assert!(
        f.message
            .contains("expected a string or an array (or a ${…} binding), found 3"),
        "{}",
        f.message
    );
}

#[test]
fn entry_screens_and_cycles_come_from_one_graph() {
    let nav = |to: &str| {
        json!({"type": "Footer", "label": "Go", "on-click-action":
        {"name": "navigate", "next": {"type": "screen", "name": to}, "payload": {}}})
    };
    let mut a = screen("A", json!([nav("B")]));
    a["terminal"] = json!(false);
    let mut b = screen("B", json!([nav("C")]));
    b["terminal"] = json!(false);
    let doc = flow(json!([a, b, screen("C", json!([complete_footer("Done")]))]));
    let model = FlowJson::from_value(doc).unwrap();
    assert_eq!(model.entry_screens(), ["A"]);
    assert_eq!(model.navigation_edges(), [(0, 1), (1, 2)]);
    assert_eq!(
        flow_model::graph::find_cycle(3, &model.navigation_edges()),
        None
    );
    assert!(!validate(&model).has_errors(), "{:?}", validate(&model));
}
