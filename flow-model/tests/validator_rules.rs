//! For every rule family: a minimal document that breaks the rule (the expected code is
//! reported at the expected path) and a passing neighbour (no errors at all).

use flow_model::validate::{Severity, validate_str};
use serde_json::{Value, json};

/// A valid two-screen flow (7.3) that each case mutates.
fn base() -> Value {
    json!({
        "version": "7.3",
        "screens": [
            {
                "id": "START",
                "title": "Start",
                "layout": {"type": "SingleColumnLayout", "children": [
                    {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email"},
                    {"type": "Footer", "label": "Next", "on-click-action": {
                        "name": "navigate", "next": {"type": "screen", "name": "END"},
                        "payload": {"email": "${form.email}"}}}
                ]}
            },
            {
                "id": "END",
                "title": "Done",
                "terminal": true,
                "data": {"email": {"type": "string", "__example__": "a@b.c"}},
                "layout": {"type": "SingleColumnLayout", "children": [
                    {"type": "TextBody", "text": "${data.email}"},
                    {"type": "Footer", "label": "Finish", "on-click-action": {
                        "name": "complete", "payload": {"email": "${data.email}"}}}
                ]}
            }
        ]
    })
}

fn with(f: impl FnOnce(&mut Value)) -> Value {
    let mut v = base();
    f(&mut v);
    v
}

fn errors(doc: &Value) -> Vec<(String, String)> {
    let text = serde_json::to_string_pretty(doc).unwrap();
    let v = validate_str(&text).expect("valid JSON");
    v.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.code.to_owned(), f.path.clone()))
        .collect()
}

#[track_caller]
fn expect(doc: Value, code: &str, path: &str) {
    let errs = errors(&doc);
    assert!(
        errs.iter().any(|(c, p)| c == code && p == path),
        "expected {code} at {path}, got {errs:#?}"
    );
}

#[track_caller]
fn clean(doc: Value) {
    let errs = errors(&doc);
    assert!(errs.is_empty(), "expected no errors, got {errs:#?}");
}

fn children(v: &mut Value, screen: usize) -> &mut Vec<Value> {
    v["screens"][screen]["layout"]["children"]
        .as_array_mut()
        .unwrap()
}

#[test]
fn base_document_is_valid() {
    clean(base());
}

// §A: version and top level.
#[test]
fn version_rules() {
    expect(
        with(|v| drop(v.as_object_mut().unwrap().shift_remove("version"))),
        "MISSING_FLOW_JSON_VERSION",
        "version",
    );
    expect(
        with(|v| v["version"] = json!("v2.1")),
        "INVALID_FLOW_JSON_VERSION",
        "version",
    );
    expect(
        with(|v| v["version"] = json!("8.0")),
        "INVALID_FLOW_JSON_VERSION",
        "version",
    );
    expect(
        with(|v| v["data_api_version"] = json!("9.9")),
        "NO_SUPPORTED_DATA_API_VERSION",
        "data_api_version",
    );
    expect(
        with(|v| v["extra_key"] = json!(1)),
        "INVALID_PROPERTY_KEY",
        "extra_key",
    );
    expect(
        with(|v| v["screens"] = json!([])),
        "MIN_ITEMS_REQUIRED",
        "screens",
    );
    // An old but known version is only a warning.
    let text = serde_json::to_string(&with(|v| v["version"] = json!("3.1"))).unwrap();
    let out = validate_str(&text).unwrap();
    assert!(
        out.warnings()
            .any(|f| f.code == "FLOWDSL_VERSION_NOT_PUBLISHABLE")
    );
}

#[test]
fn endpoint_properties() {
    expect(
        with(|v| v["data_api_version"] = json!("3.0")),
        "MISSING_REQUIRED_PROPERTY",
        "routing_model",
    );
    expect(
        with(|v| {
            children(v, 0)[1]["on-click-action"] = json!({"name": "data_exchange", "payload": {}})
        }),
        "MISSING_REQUIRED_PROPERTY",
        "data_api_version",
    );
    expect(
        with(|v| v["data_channel_uri"] = json!("https://x.example")),
        "INVALID_PROPERTY_KEY",
        "data_channel_uri",
    );
    expect(
        with(|v| v["screens"][0]["refresh_on_back"] = json!(true)),
        "INVALID_PROPERTY_VALUE",
        "screens[0].refresh_on_back",
    );
    clean(with(|v| {
        v["data_api_version"] = json!("3.0");
        v["routing_model"] = json!({"START": ["END"], "END": []});
        v["screens"][0]["refresh_on_back"] = json!(true);
    }));
}

// §A.4: routing.
#[test]
fn routing_model_rules() {
    let endpoint = |rm: Value| {
        with(move |v| {
            v["data_api_version"] = json!("3.0");
            v["routing_model"] = rm;
        })
    };
    expect(
        endpoint(json!({"START": ["END"], "END": ["START"]})),
        "INVALID_ROUTING_MODEL",
        "routing_model.END",
    );
    expect(
        endpoint(json!({"START": ["END", "NOPE"], "END": []})),
        "INVALID_ROUTING_MODEL",
        "routing_model.START[1]",
    );
    expect(
        endpoint(json!({"START": ["START", "END"], "END": []})),
        "INVALID_ROUTING_MODEL",
        "routing_model.START[0]",
    );
    expect(
        endpoint(json!({"START": [], "END": []})),
        "INVALID_ROUTING_MODEL",
        "screens[0].layout.children[1].on-click-action",
    );
    let many: Vec<String> = (0..11).map(|i| format!("S{i}")).collect();
    expect(
        endpoint(json!({"START": many, "END": []})),
        "INVALID_ROUTING_MODEL",
        "routing_model.START",
    );
    // Without an endpoint: the navigate graph must not loop and must be connected.
    expect(
        with(|v| {
            children(v, 1)[1]["on-click-action"] = json!({"name": "navigate", "next": {"type": "screen", "name": "START"}, "payload": {}});
        }),
        "INVALID_ROUTING_MODEL",
        "screens",
    );
    expect(
        with(|v| {
            let extra = v["screens"][1].clone();
            let mut extra = extra;
            extra["id"] = json!("LONELY");
            v["screens"].as_array_mut().unwrap().push(extra);
        }),
        "INVALID_ROUTING_MODEL",
        "screens",
    );
}

// §B: screens.
#[test]
fn screen_rules() {
    expect(
        with(|v| v["screens"][1]["id"] = json!("SUCCESS")),
        "SCREEN_ID_IS_RESERVED_KEYWORD",
        "screens[1].id",
    );
    expect(
        with(|v| v["screens"][1]["id"] = json!("END-1")),
        "PATTERN_MISMATCH",
        "screens[1].id",
    );
    expect(
        with(|v| v["screens"][1]["id"] = json!("START")),
        "DUPLICATE_SCREEN_IDS",
        "screens[1].id",
    );
    expect(
        with(|v| v["screens"][1]["terminal"] = json!(false)),
        "MISSING_TERMINAL_SCREEN",
        "screens",
    );
    expect(
        with(|v| drop(children(v, 1).pop())),
        "MISSING_FOOTER_ON_TERMINAL_SCREEN",
        "screens[1].layout",
    );
    expect(
        with(|v| v["screens"][0]["success"] = json!(true)),
        "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
        "screens[0].success",
    );
    expect(
        with(|v| v["screens"][0]["layout"]["type"] = json!("TwoColumns")),
        "INVALID_ENUM_VALUE",
        "screens[0].layout.type",
    );
    expect(
        with(|v| v["screens"][0]["colour"] = json!("red")),
        "INVALID_PROPERTY_KEY",
        "screens[0].colour",
    );
    clean(with(|v| v["screens"][1]["sensitive"] = json!([])));
}

// §C: generic component rules from the table.
#[test]
fn component_table_rules() {
    expect(
        with(|v| children(v, 0)[0]["label"] = json!("An email label that is far too long")),
        "FLOWDSL_MAX_CHARS_EXCEEDED",
        "screens[0].layout.children[0].label",
    );
    expect(
        with(|v| {
            drop(
                children(v, 0)[0]
                    .as_object_mut()
                    .unwrap()
                    .shift_remove("label"),
            )
        }),
        "MISSING_REQUIRED_PROPERTY",
        "screens[0].layout.children[0].label",
    );
    expect(
        with(|v| children(v, 0)[0]["input-type"] = json!("url")),
        "INVALID_ENUM_VALUE",
        "screens[0].layout.children[0].input-type",
    );
    expect(
        with(|v| children(v, 0)[0]["required"] = json!("yes")),
        "INVALID_PROPERTY_TYPE",
        "screens[0].layout.children[0].required",
    );
    expect(
        with(|v| children(v, 0)[0]["placeholder"] = json!("x")),
        "INVALID_PROPERTY_KEY",
        "screens[0].layout.children[0].placeholder",
    );
    expect(
        with(|v| children(v, 0)[0]["label"] = json!("   ")),
        "PATTERN_MISMATCH",
        "screens[0].layout.children[0].label",
    );
    expect(
        with(|v| children(v, 0).insert(0, json!({"type": "Sparkle"}))),
        "INVALID_PROPERTY_VALUE",
        "screens[0].layout.children[0].type",
    );
    expect(
        with(|v| children(v, 0).insert(0, json!({"text": "x"}))),
        "MISSING_REQUIRED_TYPE_PROPERTY",
        "screens[0].layout.children[0]",
    );
    // Version gating: a component, a property and an action newer than the document.
    expect(
        with(|v| {
            v["version"] = json!("6.0");
            children(v, 0).insert(0, json!({"type": "ChipsSelector", "name": "c", "label": "C", "data-source": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]}));
        }),
        "FLOWDSL_NOT_AVAILABLE_IN_VERSION",
        "screens[0].layout.children[0].type",
    );
    expect(
        with(|v| {
            v["version"] = json!("6.3");
            children(v, 0)[0]["label-variant"] = json!("large");
        }),
        "FLOWDSL_NOT_AVAILABLE_IN_VERSION",
        "screens[0].layout.children[0].label-variant",
    );
    expect(
        with(|v| {
            v["version"] = json!("5.1");
            children(v, 0).insert(0, json!({"type": "EmbeddedLink", "text": "Terms", "on-click-action": {"name": "open_url", "url": "https://x.example"}}));
        }),
        "FLOWDSL_NOT_AVAILABLE_IN_VERSION",
        "screens[0].layout.children[0].on-click-action.name",
    );
}

#[test]
fn component_specific_rules() {
    let radio = |n: usize| {
        let items: Vec<Value> = (0..n)
            .map(|i| json!({"id": format!("o{i}"), "title": format!("Option {i}")}))
            .collect();
        json!({"type": "RadioButtonsGroup", "name": "pick", "label": "Pick", "data-source": items})
    };
    expect(
        with(|v| children(v, 0).insert(0, radio(0))),
        "MIN_ITEMS_REQUIRED",
        "screens[0].layout.children[0].data-source",
    );
    expect(
        with(|v| children(v, 0).insert(0, radio(21))),
        "FLOWDSL_ITEM_COUNT",
        "screens[0].layout.children[0].data-source",
    );
    clean(with(|v| children(v, 0).insert(0, radio(20))));
    expect(
        with(|v| {
            children(v, 0)[0]["min-chars"] = json!(9);
            children(v, 0)[0]["max-chars"] = json!(3);
        }),
        "MIN_VALUE_GREATER_THAN_MAX",
        "screens[0].layout.children[0].min-chars",
    );
    expect(
        with(|v| children(v, 0)[0]["pattern"] = json!("[a-z]+")),
        "INVALID_DEPENDENCIES",
        "screens[0].layout.children[0].pattern",
    );
    expect(
        with(|v| children(v, 1)[1]["left-caption"] = json!("Left")),
        "INVALID_DEPENDENCIES",
        "screens[1].layout.children[1].left-caption",
    );
    expect(
        with(|v| {
            children(v, 1)[1]["center-caption"] = json!("C");
            children(v, 1)[1]["left-caption"] = json!("L");
            children(v, 1)[1]["right-caption"] = json!("R");
        }),
        "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
        "screens[1].layout.children[1].center-caption",
    );
    let link = json!({"type": "EmbeddedLink", "text": "More", "on-click-action": {"name": "open_url", "url": "https://x.example"}});
    expect(
        with(|v| {
            for _ in 0..3 {
                children(v, 0).insert(0, link.clone())
            }
        }),
        "MAX_EMBEDDED_LINK_PER_SCREEN",
        "screens[0].layout.children[2]",
    );
    let footer = children(&mut base(), 0)[1].clone();
    expect(
        with(|v| children(v, 0).push(footer)),
        "MAX_FOOTER_PER_SCREEN",
        "screens[0].layout.children[2]",
    );
    expect(
        with(|v| {
            children(v, 0).insert(0, json!({"type": "DatePicker", "name": "d", "label": "Day", "min-date": "01/02/2024"}))
        }),
        "INVALID_PROPERTY_VALUE_FORMAT",
        "screens[0].layout.children[0].min-date",
    );
    expect(
        with(|v| {
            children(v, 0).insert(
                0,
                json!({"type": "PhotoPicker", "name": "p", "label": "Photo"}),
            );
            children(v, 0).insert(
                0,
                json!({"type": "DocumentPicker", "name": "d", "label": "Doc"}),
            );
        }),
        "FLOWDSL_MAX_COMPONENTS_PER_SCREEN",
        "screens[0].layout.children[1]",
    );
    expect(
        with(|v| {
            children(v, 0).insert(0, json!({"type": "PhotoPicker", "name": "p", "label": "Photo", "max-uploaded-photos": 31}))
        }),
        "MAXIMUM_VALUE_REQUIRED",
        "screens[0].layout.children[0].max-uploaded-photos",
    );
    expect(
        with(|v| children(v, 0).insert(0, json!({"type": "RichText", "text": "# Hi"}))),
        "FLOWDSL_COMPONENT_MUST_BE_ALONE",
        "screens[0].layout.children[0]",
    );
}

#[test]
fn navigation_list_rules() {
    let nav = json!({"type": "NavigationList", "name": "menu", "list-items": [
        {"id": "a", "main-content": {"title": "A"}, "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "END"}, "payload": {"email": "x"}}}
    ]});
    let mut ok = base();
    ok["screens"][0]["layout"]["children"] = json!([nav.clone()]);
    clean(ok.clone());
    let mut crowded = ok.clone();
    children(&mut crowded, 0).push(json!({"type": "TextBody", "text": "hi"}));
    expect(
        crowded,
        "FLOWDSL_COMPONENT_MUST_BE_ALONE",
        "screens[0].layout.children[0]",
    );
    let mut both = ok;
    children(&mut both, 0)[0]["on-click-action"] = json!({"name": "data_exchange", "payload": {}});
    expect(
        both,
        "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
        "screens[0].layout.children[0].on-click-action",
    );
}

#[test]
fn form_rules() {
    let in_form = |v: &mut Value| {
        let input = children(v, 0).remove(0);
        children(v, 0).insert(0, json!({"type": "Form", "name": "f", "children": [input]}));
    };
    clean(with(in_form));
    expect(
        with(|v| v["version"] = json!("3.1")),
        "KEYWORD_ONE_OF",
        "screens[0].layout.children[0]",
    );
    expect(
        with(|v| {
            in_form(v);
            children(v, 0).insert(
                0,
                json!({"type": "TextArea", "name": "notes", "label": "Notes"}),
            );
        }),
        "COMPONENTS_OUTSIDE_FORM",
        "screens[0].layout.children[0]",
    );
    expect(
        with(|v| {
            in_form(v);
            children(v, 0)[0]["children"][0]["init-value"] = json!("x");
        }),
        "INVALID_PROPERTY_KEY",
        "screens[0].layout.children[0].children[0].init-value",
    );
    expect(
        with(|v| {
            children(v, 0).insert(
                0,
                json!({"type": "TextArea", "name": "email", "label": "Again"}),
            )
        }),
        "DUPLICATE_FORM_COMPONENT_NAMES",
        "screens[0].layout.children[1].name",
    );
    expect(
        with(|v| {
            children(v, 0).insert(
                0,
                json!({"type": "PhotoPicker", "name": "photo", "label": "Photo"}),
            );
            let input = children(v, 0).remove(1);
            let picker = children(v, 0).remove(0);
            children(v, 0).insert(0, json!({"type": "Form", "name": "f", "init-values": {"photo": "x"}, "children": [input, picker]}));
        }),
        "NATIVE_COMPONENT_IN_FORM_INIT_VALUES",
        "screens[0].layout.children[0].init-values.photo",
    );

    // Initial values have the type of their input (spec C.18); bindings may hold anything.
    let form_with = |init: Value| {
        move |v: &mut Value| {
            let input = children(v, 0).remove(0);
            let tags = json!({"type": "CheckboxGroup", "name": "tags", "label": "Tags",
                              "data-source": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]});
            children(v, 0).insert(
                0,
                json!({"type": "Form", "name": "f", "init-values": init, "children": [input, tags]}),
            );
        }
    };
    clean(with(form_with(
        json!({"email": "a@b.c", "tags": ["a", "b"]}),
    )));
    clean(with(|v| {
        form_with(json!({"email": "${data.e}", "tags": "${data.t}"}))(v);
        v["screens"][0]["data"] = json!({
            "e": {"type": "string", "__example__": "a@b.c"},
            "t": {"type": "array", "items": {"type": "string"}, "__example__": ["a"]}
        });
    }));
    expect(
        with(form_with(json!({"email": 5}))),
        "INVALID_PROPERTY_VALUE",
        "screens[0].layout.children[0].init-values.email",
    );
    expect(
        with(form_with(json!({"tags": "a"}))),
        "INVALID_PROPERTY_VALUE",
        "screens[0].layout.children[0].init-values.tags",
    );
    expect(
        with(form_with(json!({"tags": ["a", 1]}))),
        "INVALID_PROPERTY_VALUE",
        "screens[0].layout.children[0].init-values.tags",
    );
}

#[test]
fn if_and_switch_rules() {
    let footer = |label: &str| json!({"type": "Footer", "label": label, "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "END"}, "payload": {"email": "${form.email}"}}});
    expect(
        with(|v| {
            children(v, 0).pop();
            children(v, 0).push(
                json!({"type": "If", "condition": "${form.email} == 'x'", "then": [footer("A")]}),
            );
        }),
        "MISSING_FOOTER_IN_IF_ELSE_BRANCHES",
        "screens[0].layout.children[1]",
    );
    clean(with(|v| {
        children(v, 0).pop();
        children(v, 0).push(json!({"type": "If", "condition": "${form.email} == 'x'", "then": [footer("A")], "else": [footer("B")]}));
    }));
    expect(
        with(|v| {
            children(v, 0).insert(0, json!({"type": "If", "condition": "${form.email} == 'x'", "then": [footer("A")], "else": [footer("B")]}))
        }),
        "MORE_THAN_ONE_FOOTER",
        "screens[0].layout.children[2]",
    );
    expect(
        with(|v| {
            children(v, 0).insert(0, json!({"type": "If", "condition": "573 == 376", "then": [{"type": "TextBody", "text": "x"}]}))
        }),
        "INVALID_PROPERTY_VALUE",
        "screens[0].layout.children[0].condition",
    );
    expect(
        with(|v| {
            children(v, 0).insert(0, json!({"type": "If", "condition": "(${form.email} == 'a'", "then": [{"type": "TextBody", "text": "x"}]}))
        }),
        "INVALID_PROPERTY_VALUE",
        "screens[0].layout.children[0].condition",
    );
    expect(
        with(|v| {
            children(v, 0).insert(
                0,
                json!({"type": "If", "condition": "${form.email} == 'a'", "then": []}),
            )
        }),
        "MIN_ITEMS_REQUIRED",
        "screens[0].layout.children[0].then",
    );
    expect(
        with(|v| {
            children(v, 0).insert(0, json!({"type": "If", "condition": "${form.email} == 'a'", "then": [{"type": "NavigationList", "name": "n", "list-items": []}]}))
        }),
        "FLOWDSL_COMPONENT_NOT_ALLOWED_HERE",
        "screens[0].layout.children[0].then[0]",
    );
    let deep = json!({"type": "If", "condition": "${form.email} == 'a'", "then": [
        {"type": "If", "condition": "${form.email} == 'b'", "then": [
            {"type": "If", "condition": "${form.email} == 'c'", "then": [
                {"type": "If", "condition": "${form.email} == 'd'", "then": [{"type": "TextBody", "text": "deep"}]}]}]}]});
    expect(
        with(|v| children(v, 0).insert(0, deep)),
        "INVALID_PROPERTY_VALUE",
        "screens[0].layout.children[0].then[0].then[0].then[0]",
    );
    expect(
        with(|v| {
            v["screens"][0]["data"] = json!({"kind": {"type": "string", "__example__": "a"}});
            children(v, 0).pop();
            children(v, 0).push(json!({"type": "Switch", "value": "${data.kind}", "cases": {"a": [footer("A")], "b": [{"type": "TextBody", "text": "no footer"}]}}));
        }),
        "MISSING_FOOTER_IN_SWITCH_BRANCHES",
        "screens[0].layout.children[1].cases",
    );
    expect(
        with(|v| {
            children(v, 0).insert(
                0,
                json!({"type": "Switch", "value": "${form.email}", "cases": {}}),
            )
        }),
        "MIN_ITEMS_REQUIRED",
        "screens[0].layout.children[0].cases",
    );
}

// §D: actions.
#[test]
fn action_rules() {
    expect(
        with(|v| children(v, 0)[1]["on-click-action"]["next"]["name"] = json!("ENDD")),
        "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
        "screens[0].layout.children[1].on-click-action.next.name",
    );
    expect(
        with(|v| children(v, 0)[1]["on-click-action"]["next"]["name"] = json!("START")),
        "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
        "screens[0].layout.children[1].on-click-action.next.name",
    );
    expect(
        with(|v| children(v, 0)[1]["on-click-action"] = json!({"name": "complete", "payload": {}})),
        "INVALID_COMPLETE_ACTION",
        "screens[0].layout.children[1].on-click-action.name",
    );
    expect(
        with(|v| {
            children(v, 0).insert(0, json!({"type": "EmbeddedLink", "text": "Done", "on-click-action": {"name": "complete", "payload": {}}}))
        }),
        "INVALID_ENUM_VALUE",
        "screens[0].layout.children[0].on-click-action.name",
    );
    expect(
        with(|v| children(v, 0)[1]["on-click-action"]["name"] = json!("teleport")),
        "INVALID_ENUM_VALUE",
        "screens[0].layout.children[1].on-click-action.name",
    );
    expect(
        with(|v| {
            children(v, 0).insert(0, json!({"type": "EmbeddedLink", "text": "Site", "on-click-action": {"name": "open_url", "url": "https://x.example", "payload": {}}}))
        }),
        "INVALID_PROPERTY_KEY",
        "screens[0].layout.children[0].on-click-action.payload",
    );
    // Navigate payload vs the target's data model (no endpoint).
    expect(
        with(|v| children(v, 0)[1]["on-click-action"]["payload"] = json!({})),
        "INVALID_NAVIGATE_ACTION_PAYLOAD",
        "screens[0].layout.children[1].on-click-action.payload",
    );
    expect(
        with(|v| children(v, 0)[1]["on-click-action"]["payload"]["extra"] = json!("x")),
        "INVALID_NAVIGATE_ACTION_PAYLOAD",
        "screens[0].layout.children[1].on-click-action.payload.extra",
    );
    expect(
        with(|v| children(v, 0)[1]["on-click-action"]["payload"]["email"] = json!(123)),
        "INVALID_NAVIGATE_ACTION_PAYLOAD",
        "screens[0].layout.children[1].on-click-action.payload.email",
    );
    expect(
        with(|v| {
            v["screens"][1]
                .as_object_mut()
                .unwrap()
                .shift_remove("data");
            children(v, 1)[0]["text"] = json!("Thanks");
            children(v, 1)[1]["on-click-action"]["payload"] = json!({});
        }),
        "INVALID_NAVIGATE_ACTION_PAYLOAD",
        "screens[0].layout.children[1].on-click-action.payload",
    );
    // update_data keys must be declared.
    expect(
        with(|v| {
            children(v, 0).insert(0, json!({"type": "OptIn", "name": "ok", "label": "OK", "on-select-action": {"name": "update_data", "payload": {"shown": true}}}));
        }),
        "INVALID_ACTION_PAYLOAD_PROPERTY",
        "screens[0].layout.children[0].on-select-action.payload.shown",
    );
    // Pickers cannot travel in navigate payloads.
    expect(
        with(|v| {
            children(v, 0).insert(
                0,
                json!({"type": "PhotoPicker", "name": "photo", "label": "Photo"}),
            );
            children(v, 0)[2]["on-click-action"]["payload"]["photo"] = json!("${form.photo}");
        }),
        "INVALID_ON_CLICK_ACTION_PAYLOAD",
        "screens[0].layout.children[2].on-click-action.payload.photo",
    );
}

/// The "no navigate in a terminal Footer" advice names the Footer's action, and only it: a
/// navigating EmbeddedLink on the same terminal screen gets none.
#[test]
fn navigate_advice_is_for_the_terminal_footer_only() {
    let advice = |doc: &Value| -> Vec<String> {
        let v = validate_str(&doc.to_string()).unwrap();
        v.findings
            .iter()
            .filter(|f| f.code == "FLOWDSL_ADVICE")
            .map(|f| f.path.clone())
            .collect()
    };
    let footer_navigates = with(|v| {
        children(v, 1)[1]["on-click-action"] =
            json!({"name": "navigate", "next": {"type": "screen", "name": "START"}});
    });
    assert_eq!(
        advice(&footer_navigates),
        ["screens[1].layout.children[1].on-click-action"]
    );
    let link_navigates = with(|v| {
        children(v, 1).push(json!({"type": "EmbeddedLink", "text": "Back",
            "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "START"}}}));
    });
    assert_eq!(advice(&link_navigates), Vec::<String>::new());
}

// §E: dynamic data.
#[test]
fn binding_rules() {
    expect(
        with(|v| children(v, 1)[0]["text"] = json!("${data.mail}")),
        "INVALID_SCREEN_DYNAMIC_DATA",
        "screens[1].layout.children[0].text",
    );
    expect(
        with(|v| children(v, 0)[1]["on-click-action"]["payload"]["email"] = json!("${form.mail}")),
        "INVALID_ON_CLICK_ACTION_PAYLOAD",
        "screens[0].layout.children[1].on-click-action.payload.email",
    );
    expect(
        with(|v| children(v, 1)[0]["text"] = json!("${screen.NOPE.form.email}")),
        "INVALID_SCREEN_DATA",
        "screens[1].layout.children[0].text",
    );
    expect(
        with(|v| children(v, 1)[0]["text"] = json!("${screen.END.data.email}")),
        "INVALID_SCREEN_DATA",
        "screens[1].layout.children[0].text",
    );
    clean(with(|v| {
        children(v, 1)[0]["text"] = json!("${screen.START.form.email}")
    }));
    expect(
        with(|v| {
            v["version"] = json!("3.1");
            children(v, 1)[0]["text"] = json!("${screen.START.form.email}");
        }),
        "FLOWDSL_NOT_AVAILABLE_IN_VERSION",
        "screens[1].layout.children[0].text",
    );
    expect(
        with(|v| children(v, 1)[0]["visible"] = json!("${data.email}")),
        "INVALID_SCREEN_DYNAMIC_DATA",
        "screens[1].layout.children[0].visible",
    );
    expect(
        with(|v| children(v, 1)[0]["text"] = json!("`${data.email} ${data.nope}`")),
        "INVALID_SCREEN_DYNAMIC_DATA",
        "screens[1].layout.children[0].text",
    );
    clean(with(|v| {
        children(v, 1)[0]["text"] = json!("`'Hello ' ${data.email}`")
    }));
    expect(
        with(|v| {
            v["version"] = json!("5.1");
            children(v, 1)[0]["text"] = json!("`'Hello ' ${data.email}`");
        }),
        "FLOWDSL_NOT_AVAILABLE_IN_VERSION",
        "screens[1].layout.children[0].text",
    );
}

#[test]
fn data_declaration_rules() {
    expect(
        with(|v| v["screens"][1]["data"]["email"] = json!({"type": "string"})),
        "INVALID_SCREEN_DATA",
        "screens[1].data.email",
    );
    expect(
        with(|v| v["screens"][1]["data"]["email"] = json!({"type": "string", "__example__": 3})),
        "INVALID_SCREEN_DATA",
        "screens[1].data.email.__example__",
    );
    expect(
        with(|v| v["screens"][1]["data"]["list"] = json!({"type": "array", "__example__": []})),
        "INVALID_SCREEN_DATA",
        "screens[1].data.list",
    );
    expect(
        with(
            |v| v["screens"][1]["data"]["obj"] = json!({"type": "object", "properties": {"a": {"type": "string", "__example__": "x"}}, "__example__": {"a": "x"}}),
        ),
        "INVALID_SCREEN_DATA",
        "screens[1].data.obj.properties.a.__example__",
    );
    expect(
        with(|v| v["screens"][1]["data"]["x"] = json!({"__example__": 1})),
        "INVALID_SCREEN_DATA",
        "screens[1].data.x.type",
    );
}

#[test]
fn all_findings_in_one_pass() {
    let doc = with(|v| {
        v["screens"][1]["id"] = json!("SUCCESS");
        children(v, 0)[0]["label"] = json!("An email label that is far too long");
        children(v, 0)[1]["on-click-action"]["next"]["name"] = json!("NOWHERE");
        v["bogus"] = json!(true);
    });
    let codes: Vec<String> = errors(&doc).into_iter().map(|(c, _)| c).collect();
    for c in [
        "SCREEN_ID_IS_RESERVED_KEYWORD",
        "FLOWDSL_MAX_CHARS_EXCEEDED",
        "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
        "INVALID_PROPERTY_KEY",
    ] {
        assert!(codes.iter().any(|x| x == c), "{c} missing from {codes:?}");
    }
}

#[test]
fn findings_carry_line_and_column_in_metas_shape() {
    let doc = with(|v| children(v, 0)[1]["on-click-action"]["next"]["name"] = json!("NOWHERE"));
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let v = validate_str(&text).unwrap();
    let meta = v.to_validation_errors(Some(&text));
    let e = meta
        .iter()
        .find(|e| e.error == "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME")
        .unwrap();
    let line = text
        .lines()
        .nth(e.line_start.unwrap() as usize - 1)
        .unwrap();
    let col = e.column_start.unwrap() as usize - 1;
    assert_eq!(&line[col..col + "\"NOWHERE\"".len()], "\"NOWHERE\"");
    assert_eq!(
        e.pointers[0].path,
        "screens[0].layout.children[1].on-click-action.next.name"
    );
    let json = serde_json::to_value(e).unwrap();
    for k in [
        "error",
        "error_type",
        "message",
        "line_start",
        "line_end",
        "column_start",
        "column_end",
        "pointers",
    ] {
        assert!(json.get(k).is_some(), "{k} missing in {json}");
    }
}

#[test]
fn a_key_written_twice_is_a_warning_located_at_the_second() {
    use flow_model::validate::{ValidateOptions, validate_str_with};
    // Textual duplicates cannot be built with serde_json::Value: splice them into the text.
    let text = serde_json::to_string_pretty(&base()).unwrap().replacen(
        "\"label\": \"Next\"",
        "\"label\": \"Go\", \"label\": \"Next\"",
        1,
    );
    let v = validate_str(&text).expect("valid JSON");
    let dup: Vec<_> = v
        .findings
        .iter()
        .filter(|f| f.code == "FLOWDSL_DUPLICATE_KEY")
        .collect();
    assert_eq!(dup.len(), 1, "{:#?}", v.findings);
    assert_eq!(dup[0].severity, Severity::Warning);
    assert_eq!(dup[0].path, "screens[0].layout.children[1].label");
    assert!(
        dup[0].message.contains("\"label\" is written twice"),
        "{}",
        dup[0].message
    );
    let at = text.find("\"label\": \"Go\"").unwrap();
    let line = 1 + text[..at].matches('\n').count();
    let column = 1 + text[..at].rsplit('\n').next().unwrap().chars().count();
    let first = format!("first at line {line}, column {column}");
    assert!(dup[0].message.contains(&first), "{}", dup[0].message);
    assert!(!v.has_errors(), "{:#?}", v.findings);

    let strict = ValidateOptions {
        unconfirmed_as_errors: true,
        ..Default::default()
    };
    let v = validate_str_with(&text, &strict).unwrap();
    assert!(v.errors().any(|f| f.code == "FLOWDSL_DUPLICATE_KEY"));
    let quiet = ValidateOptions {
        ignore_warnings: true,
        ..Default::default()
    };
    let v = validate_str_with(&text, &quiet).unwrap();
    assert!(v.findings.iter().all(|f| f.code != "FLOWDSL_DUPLICATE_KEY"));
}

#[test]
fn duplicate_keys_are_found_in_large_objects_and_free_form_json() {
    // A payload with 100 keys (past the short-list size) and one repeated at the end; keys
    // that repeat in *different* objects are not duplicates.
    let mut payload: String = (0..100).map(|i| format!("\"k{i}\": {i}, ")).collect();
    payload.push_str("\"k7\": 0");
    let text = format!(
        r#"{{"version": "7.3", "screens": [{{"id": "A", "data": {{}}}}, {{"id": "B", "x": {{"p": {{{payload}}}}}}}]}}"#
    );
    let dups = flow_model::duplicate_keys(&text);
    assert_eq!(dups.len(), 1, "{dups:#?}");
    assert_eq!(dups[0].path, "screens[1].x.p.k7");
    assert_eq!(dups[0].key, "k7");
    assert_eq!(&text[dups[0].first.start..dups[0].first.end], "\"k7\"");
    assert!(dups[0].first.end < dups[0].second.start);
    // Escaped spellings of the same key are the same key.
    let escaped = flow_model::duplicate_keys(r#"{"a": 1, "\u0061": 2}"#);
    assert_eq!(escaped.len(), 1);
}

#[test]
fn no_did_you_mean_for_names_too_long_to_be_typos() {
    // A 30,000-character target against a 30,000-character id: a plain error, found at once
    // (a full edit-distance table would take seconds).
    let doc = with(|v| {
        v["screens"][0]["layout"]["children"][1]["on-click-action"]["next"]["name"] =
            json!("B".repeat(30_000));
        v["screens"][1]["id"] = json!("A".repeat(30_000));
    });
    let text = serde_json::to_string(&doc).unwrap();
    let v = validate_str(&text).unwrap();
    let nav = v
        .findings
        .iter()
        .find(|f| f.code == "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME")
        .expect("the bad target is reported");
    assert!(!nav.message.contains("Did you mean"), "{}", nav.message);
    // Short names still get their hint.
    let doc = with(|v| {
        v["screens"][0]["layout"]["children"][1]["on-click-action"]["next"]["name"] = json!("ENDD");
    });
    let v = validate_str(&serde_json::to_string(&doc).unwrap()).unwrap();
    assert!(
        v.findings
            .iter()
            .any(|f| f.message.contains("Did you mean 'END'?")),
        "{:#?}",
        v.findings
    );
}

#[test]
fn switch_cases_written_twice_keep_the_last_list() {
    let text = r#"{"version": "7.3", "screens": [{"id": "A", "terminal": true, "layout": {
        "type": "SingleColumnLayout", "children": [
        {"type": "Switch", "value": "${data.k}", "cases": {"a": 1, "a": [{"type": "TextBody", "text": "x"}]}},
        {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]},
        "data": {"k": {"type": "string", "__example__": "a"}}}]}"#;
    let flow = flow_model::FlowJson::from_str(text).unwrap();
    let value: Value = serde_json::from_str(text).unwrap();
    assert_eq!(flow.to_value(), value);
    let v = validate_str(text).unwrap();
    assert!(
        v.findings.iter().all(|f| f.code != "INVALID_PROPERTY_TYPE"),
        "{:#?}",
        v.findings
    );
    assert!(v.findings.iter().any(|f| f.code == "FLOWDSL_DUPLICATE_KEY"));
}
