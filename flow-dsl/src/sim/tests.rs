use serde_json::json;

use super::*;

fn flow(v: Value) -> FlowJson {
    FlowJson::from_value(v).expect("an object")
}

fn two_screens() -> FlowJson {
    flow(json!({"version": "7.3", "screens": [
        {"id": "FIRST", "data": {"greeting": {"type": "string", "__example__": "Hi"},
                                 "show_extra": {"type": "boolean", "__example__": false}},
         "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "TextHeading", "text": "`${data.greeting} ' there'`"},
            {"type": "TextInput", "name": "name", "label": "Name", "required": true, "min-chars": 2, "max-chars": 10},
            {"type": "TextInput", "name": "age", "label": "Age", "input-type": "number"},
            {"type": "TextInput", "name": "extra", "label": "Extra", "visible": "${data.show_extra}"},
            {"type": "If", "condition": "${form.age} > 17", "then": [
                {"type": "TextBody", "text": "Adult"}], "else": [{"type": "TextBody", "text": "Minor"}]},
            {"type": "Switch", "value": "${form.size}", "cases": {"L": [{"type": "TextBody", "text": "Large"}]}},
            {"type": "Dropdown", "name": "size", "label": "Size", "data-source": [
                {"id": "S", "title": "S"}, {"id": "L", "title": "L"}],
             "on-select-action": {"name": "update_data", "payload": {"show_extra": true}}},
            {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate",
                "next": {"type": "screen", "name": "LAST"},
                "payload": {"who": "${form.name}"}}}]}},
        {"id": "LAST", "terminal": true, "data": {"who": {"type": "string", "__example__": "x"}},
         "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "Form", "name": "f", "init-values": {"note": "`'for ' ${data.who}`"}, "children": [
                {"type": "TextArea", "name": "note", "label": "Note"},
                {"type": "OptIn", "name": "ok", "label": "I agree", "required": true},
                {"type": "EmbeddedLink", "text": "Terms", "on-click-action": {"name": "open_url", "url": "https://example.com/t"}},
                {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete",
                    "payload": {"who": "${data.who}", "note": "${form.note}",
                                "first": "${screen.FIRST.form.name}", "size": "${screen.FIRST.form.size}"}}}]}]}}
    ]}))
}

#[test]
fn walks_two_screens_with_every_kind_of_binding() {
    let mut sim = Simulator::new(&two_screens()).unwrap();
    assert_eq!(sim.screen(), "FIRST");
    assert_eq!(sim.texts()[0], "Hi there");
    assert!(sim.texts().contains(&"Minor".to_owned()));
    assert!(sim.component("extra").is_none(), "hidden until update_data");

    let err = sim.tap_footer().unwrap_err().to_string();
    assert_eq!(
        err,
        "Footer disabled: required input 'name' is empty (screen FIRST)"
    );
    let err = sim.fill("name", "A").tap_footer().unwrap_err().to_string();
    assert!(err.contains("needs at least 2 characters"), "{err}");
    let err = sim
        .try_fill("name", "much too long!")
        .unwrap_err()
        .to_string();
    assert!(err.contains("at most 10 characters"), "{err}");
    // The validator's "did you mean" (flow_model::validate::closest_name): one edit away.
    let err = sim.try_fill("nme", "x").unwrap_err().to_string();
    assert!(err.contains("did you mean 'name'"), "{err}");
    assert!(matches!(
        sim.try_fill("extra", "x"),
        Err(SimError::Hidden { .. })
    ));

    sim.fill("name", "Ana")
        .fill("age", "30")
        .select("size", "L");
    assert!(sim.texts().contains(&"Adult".to_owned()));
    assert!(sim.texts().contains(&"Large".to_owned()));
    assert!(sim.component("extra").is_some(), "update_data showed it");
    assert_eq!(sim.data()["show_extra"], true);

    sim.tap_footer().unwrap();
    assert_eq!(sim.screen(), "LAST");
    assert_eq!(sim.data()["who"], "Ana");
    assert_eq!(sim.form()["note"], "for Ana", "init-values evaluated");
    let err = sim.tap_footer().unwrap_err().to_string();
    assert!(err.contains("required opt-in 'ok' is not ticked"), "{err}");
    sim.tap_link("Terms").unwrap();
    assert_eq!(sim.opened_urls(), ["https://example.com/t"]);

    // BACK keeps the first screen's answers; forward again.
    sim.back().unwrap();
    assert_eq!(sim.screen(), "FIRST");
    assert_eq!(sim.form()["name"], "Ana");
    sim.tap_footer().unwrap();
    sim.check("ok").tap_footer().unwrap();
    assert_eq!(
        sim.completion::<Value>().unwrap(),
        json!({"who": "Ana", "note": "for Ana", "first": "Ana", "size": "L"})
    );
    assert!(matches!(sim.tap_footer(), Err(SimError::Finished)));
}

#[test]
fn input_types_block_the_footer() {
    let f = flow(
        json!({"version": "7.3", "screens": [{"id": "A", "terminal": true,
        "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "TextInput", "name": "email", "label": "E", "input-type": "email"},
            {"type": "TextInput", "name": "phone", "label": "P", "input-type": "phone"},
            {"type": "CheckboxGroup", "name": "c", "label": "C", "min-selected-items": 2, "max-selected-items": 2,
             "data-source": [{"id": "a", "title": "a"}, {"id": "b", "title": "b"}, {"id": "x", "title": "x", "enabled": false}]},
            {"type": "DatePicker", "name": "d", "label": "D", "min-date": "2025-01-01", "unavailable-dates": ["2025-02-02"]},
            {"type": "Footer", "label": "Go", "on-click-action": {"name": "complete", "payload": {"c": "${form.c}"}}}]}}]}),
    );
    let mut sim = Simulator::new(&f).unwrap();
    let err = sim
        .fill("email", "nope")
        .tap_footer()
        .unwrap_err()
        .to_string();
    assert!(err.contains("'email': not a valid email address"), "{err}");
    sim.fill("email", "a@b.co").fill("phone", "12");
    assert!(sim.tap_footer().unwrap_err().to_string().contains("phone"));
    sim.fill("phone", "+44 20 7946 0000").select("c", "a");
    let err = sim.tap_footer().unwrap_err().to_string();
    assert!(err.contains("select at least 2"), "{err}");
    assert!(
        sim.try_select("c", "x")
            .unwrap_err()
            .to_string()
            .contains("disabled")
    );
    assert!(sim.try_select("c", "zz").is_err());
    assert!(sim.try_fill("d", "2024-12-31").is_err());
    assert!(sim.try_fill("d", "2025-02-02").is_err());
    sim.fill("d", "2025-03-01").select("c", "b");
    assert!(sim.try_select("c", "a").is_ok(), "already selected");
    sim.tap_footer().unwrap();
    assert_eq!(sim.completion_json(), Some(&json!({"c": ["a", "b"]})));
}

fn endpoint_flow() -> FlowJson {
    flow(json!({"version": "7.3", "data_api_version": "3.0",
        "routing_model": {"A": ["B"], "B": []},
        "screens": [
            {"id": "A", "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextInput", "name": "q", "label": "Q"},
                {"type": "Footer", "label": "Ask", "on-click-action": {"name": "data_exchange", "payload": {"q": "${form.q}"}}}]}},
            {"id": "B", "terminal": true, "refresh_on_back": true,
             "data": {"answer": {"type": "string", "__example__": "?"}},
             "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextBody", "text": "${data.answer}"},
                {"type": "Footer", "label": "Finish", "on-click-action": {"name": "data_exchange", "payload": {}}}]}}]}))
}

#[test]
fn data_exchange_through_a_closure() {
    let backend = |req: &ExchangeRequest| -> Result<Value, String> {
        Ok(match (req.action.as_str(), req.screen.as_str()) {
            ("data_exchange", "A") => {
                json!({"screen": "B", "data": {"answer": format!("you asked {}", req.data["q"])}})
            }
            ("BACK", _) => json!({"screen": "A", "data": {"refreshed": true}}),
            _ => {
                json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"flow_token": req.flow_token, "ok": true}}}})
            }
        })
    };
    let mut sim = Simulator::builder(&endpoint_flow())
        .endpoint(backend)
        .flow_token("tok")
        .start()
        .unwrap();
    sim.fill("q", "why").tap_footer().unwrap();
    assert_eq!(sim.screen(), "B");
    assert_eq!(sim.texts(), ["you asked \"why\"", "Finish"]);
    sim.back().unwrap();
    assert_eq!(
        sim.data()["refreshed"],
        true,
        "refresh_on_back asked the endpoint"
    );
    sim.tap_footer().unwrap().tap_footer().unwrap();
    assert_eq!(
        sim.completion::<Value>().unwrap(),
        json!({"flow_token": "tok", "ok": true})
    );
    let actions: Vec<&str> = sim.log().iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "data_exchange",
            "BACK",
            "data_exchange",
            "data_exchange",
            "complete"
        ]
    );
}

#[test]
fn routing_model_and_missing_endpoint() {
    let mut sim = Simulator::new(&endpoint_flow()).unwrap();
    let err = sim.tap_footer().unwrap_err();
    assert!(matches!(err, SimError::NoEndpoint { .. }), "{err}");
    let bad =
        |_: &ExchangeRequest| -> Result<Value, String> { Ok(json!({"screen": "A", "data": {}})) };
    let mut sim = Simulator::builder(&endpoint_flow())
        .endpoint(bad)
        .start_screen("B")
        .start()
        .unwrap();
    let err = sim.tap_footer().unwrap_err();
    assert!(err.to_string().contains("no route from B to A"), "{err}");
}

#[test]
fn example_endpoint_walks_the_routing_model() {
    let f = endpoint_flow();
    let mut sim = Simulator::builder(&f)
        .endpoint(ExampleEndpoint::new(f.to_value()))
        .init_with_endpoint()
        .start()
        .unwrap();
    assert_eq!(sim.screen(), "A");
    sim.fill_samples().tap_footer().unwrap();
    assert_eq!(sim.screen(), "B");
    assert_eq!(sim.data()["answer"], "?");
    sim.tap_footer().unwrap();
    assert!(sim.is_complete());
}

#[test]
fn weekdays() {
    assert_eq!(weekday("1970-01-01"), "Thu");
    assert_eq!(weekday("2025-01-06"), "Mon");
    assert_eq!(weekday("2024-02-29"), "Thu");
    assert_eq!(weekday("2000-03-05"), "Sun");
}

#[test]
fn init_answers_that_show_nothing_are_errors() {
    for answer in [
        json!({"screen": "SUCCESS", "data": {}}),
        json!({"screen": "NOPE", "data": {}}),
        json!({"data": {}}),
        json!("not an object"),
    ] {
        let reply = answer.clone();
        let r = Simulator::builder(&endpoint_flow())
            .endpoint(move |_: &ExchangeRequest| Ok(reply.clone()))
            .init_with_endpoint()
            .start();
        assert!(r.is_err(), "{answer}");
    }
    let failing = |_: &ExchangeRequest| -> Result<Value, String> { Err("HTTP 500".into()) };
    let err = Simulator::builder(&endpoint_flow())
        .endpoint(failing)
        .init_with_endpoint()
        .start()
        .unwrap_err();
    assert!(err.to_string().contains("HTTP 500"), "{err}");
}

fn with_pattern(pattern: &str, helper: Option<&str>) -> FlowJson {
    let mut input = json!({"type": "TextInput", "name": "code", "label": "Code",
                           "input-type": "passcode", "pattern": pattern, "required": true});
    if let Some(h) = helper {
        input["helper-text"] = json!(h);
    }
    flow(json!({"version": "7.3", "screens": [
        {"id": "START", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
            input,
            {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete",
                "payload": {"code": "${form.code}"}}}]}}]}))
}

#[test]
fn a_text_not_matching_the_pattern_keeps_the_footer_disabled_with_the_helper_text() {
    let mut sim = Simulator::new(&with_pattern("^[0-9]{4,6}$", Some("4 to 6 digits"))).unwrap();
    let err = sim.fill("code", "123").tap_footer().unwrap_err();
    assert_eq!(
        err.to_string(),
        "Footer disabled: input 'code' is not in the expected format: 4 to 6 digits \
         (pattern ^[0-9]{4,6}$) (screen START)"
    );
    // The input type's own check comes first (a passcode keyboard types digits only).
    let err = sim
        .fill("code", "12a4")
        .tap_footer()
        .unwrap_err()
        .to_string();
    assert!(err.contains("keyboard types only digits"), "{err}");
    sim.fill("code", "1234").tap_footer().unwrap();
    assert_eq!(sim.completion_json(), Some(&json!({"code": "1234"})));
}

#[test]
fn the_pattern_matches_the_whole_text() {
    let mut sim = Simulator::new(&with_pattern("[0-9]{4}", None)).unwrap();
    let err = sim
        .fill("code", "12345")
        .tap_footer()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("input 'code' does not match the pattern [0-9]{4}"),
        "{err}"
    );
    sim.fill("code", "1234").tap_footer().unwrap();
    assert!(sim.is_complete());

    let mut sim = Simulator::builder(&with_pattern("[0-9]{4}", None))
        .pattern_match(PatternMatch::Anywhere)
        .start()
        .unwrap();
    sim.fill("code", "12345").tap_footer().unwrap();
    assert_eq!(sim.completion_json(), Some(&json!({"code": "12345"})));
}

#[test]
fn a_pattern_the_engine_cannot_run_is_a_clear_error() {
    for (pattern, why) in [
        ("([0-9]", "unclosed group"),
        ("^(?=.*1)[0-9]+$", "look-around"),
    ] {
        let mut sim = Simulator::new(&with_pattern(pattern, Some("digits"))).unwrap();
        let err = sim.fill("code", "1234").tap_footer().unwrap_err();
        assert!(
            matches!(&err, SimError::InvalidPattern { name, .. } if name == "code"),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(text.contains("cannot run") && text.contains(why), "{text}");
        assert!(!sim.is_complete());
    }
}

#[test]
fn samples_fill_a_patterned_input_with_a_matching_text() {
    let mut sim = Simulator::new(&with_pattern("^[0-9]{4,6}$", Some("4 to 6 digits"))).unwrap();
    sim.fill_samples().tap_footer().unwrap();
    assert_eq!(sim.completion_json(), Some(&json!({"code": "1111"})));
}
