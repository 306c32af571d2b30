//! The send-time check against a flow document: entry screen (no inbound routing edge or
//! navigate action) and the screen's declared data.

use crate::common;

use common::*;
use flow_dsl::api::*;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn doc() -> Value {
    json!({
        "version": "7.2",
        "screens": [
            {"id": "WELCOME", "data": {"name": {"type": "string", "__example__": "Ann"}, "age": {"type": "number", "__example__": 3},
                                      "tags": {"type": "array", "items": {"type": "string"}, "__example__": []}},
             "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "DETAILS"}, "payload": {}}}]}},
            {"id": "PROMO", "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "If", "condition": "true", "then": [
                    {"type": "EmbeddedLink", "text": "Go", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "DETAILS"}, "payload": {}}}]},
                {"type": "Footer", "label": "Again", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "PROMO"}, "payload": {}}}]}},
            {"id": "DETAILS", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}
        ]
    })
}

fn send(screen: &str, data: Option<Value>) -> SendFlow {
    let data = data.map(|d| d.as_object().unwrap().clone());
    SendFlow::new(
        "1",
        FlowRef::Id("F".into()),
        "Go",
        "Hi",
        FlowAction::Navigate {
            screen: screen.into(),
            data,
        },
    )
}

#[test]
fn entry_screens_from_navigate_actions_anywhere_in_the_layout() {
    assert_eq!(
        entry_screens(&doc()),
        vec!["WELCOME".to_string(), "PROMO".to_string()]
    );
}

#[test]
fn entry_screens_from_the_routing_model() {
    let d = json!({"version": "7.2", "data_api_version": "3.0",
        "routing_model": {"A": ["B", "C"], "B": ["C"], "C": []},
        "screens": [{"id": "A"}, {"id": "B"}, {"id": "C", "terminal": true}]});
    assert_eq!(entry_screens(&d), vec!["A".to_string()]);
    assert!(entry_screens(&json!({})).is_empty());
    assert!(entry_screens(&json!({"screens": "nope", "routing_model": [1]})).is_empty());
    assert!(entry_screens(&json!([1, 2])).is_empty());
}

#[test]
fn the_screen_must_exist_and_be_an_entry_screen() {
    assert!(matches!(
        check_send(&send("NOPE", None), &doc()),
        Err(SendCheckError::UnknownScreen { .. })
    ));
    let err = check_send(&send("DETAILS", None), &doc()).unwrap_err();
    assert_eq!(
        err,
        SendCheckError::NotAnEntryScreen {
            screen: "DETAILS".into(),
            entry_screens: vec!["WELCOME".into(), "PROMO".into()]
        }
    );
    assert!(
        check_send(&send("PROMO", None), &doc()).is_ok(),
        "a self-navigation is not an inbound edge"
    );
    assert_eq!(
        check_send(&send("A", None), &json!({"version": "7.2"})),
        Err(SendCheckError::NoScreens)
    );
}

#[test]
fn the_data_must_match_the_declaration() {
    let ok = send(
        "WELCOME",
        Some(json!({"name": "Bo", "age": 4.5, "tags": ["x"]})),
    );
    assert!(check_send(&ok, &doc()).is_ok());
    let missing = check_send(&send("WELCOME", Some(json!({"name": "Bo"}))), &doc()).unwrap_err();
    assert_eq!(
        missing,
        SendCheckError::MissingData {
            screen: "WELCOME".into(),
            keys: vec!["age".into(), "tags".into()]
        }
    );
    let extra = check_send(
        &send(
            "WELCOME",
            Some(json!({"name": "Bo", "age": 1, "tags": [], "x": 1})),
        ),
        &doc(),
    )
    .unwrap_err();
    assert_eq!(
        extra,
        SendCheckError::UndeclaredData {
            screen: "WELCOME".into(),
            keys: vec!["x".into()]
        }
    );
    let typed = check_send(
        &send("WELCOME", Some(json!({"name": 5, "age": 1, "tags": []}))),
        &doc(),
    )
    .unwrap_err();
    assert_eq!(
        typed,
        SendCheckError::DataType {
            screen: "WELCOME".into(),
            key: "name".into(),
            expected: "string".into(),
            found: "number".into()
        }
    );
    assert!(matches!(
        check_send(&send("PROMO", Some(json!({"a": 1}))), &doc()),
        Err(SendCheckError::UndeclaredData { .. })
    ));
    let dx = SendFlow::new(
        "1",
        FlowRef::Id("F".into()),
        "Go",
        "Hi",
        FlowAction::DataExchange,
    );
    assert!(
        check_send(&dx, &doc()).is_ok(),
        "data_exchange: the endpoint picks the screen"
    );
}

#[tokio::test]
async fn send_flow_checked_sends_nothing_on_a_bad_screen() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"messages": [{"id": "wamid.1"}]})),
        )
        .mount(&server)
        .await;
    let c = FlowsClient::with_options(
        MetaConfig::new("t")
            .phone_number_id("P")
            .base_url(server.uri()),
        no_retry(),
    )
    .unwrap();
    let err = c
        .send_flow_checked(&send("DETAILS", None), &doc())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ApiError::SendCheck(SendCheckError::NotAnEntryScreen { .. })
    ));
    assert!(requests(&server).await.is_empty());
    let ok = send("WELCOME", Some(json!({"name": "Bo", "age": 4, "tags": []})));
    assert_eq!(
        c.send_flow_checked(&ok, &doc())
            .await
            .unwrap()
            .id
            .as_deref(),
        Some("wamid.1")
    );
}

#[test]
fn every_corpus_document_is_inspected_without_panicking() {
    let mut seen = 0;
    let mut with_entry = 0;
    for entry in crate::paths::corpus_files() {
        let Ok(text) = std::fs::read_to_string(&entry) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if v.get("screens").is_none() {
            continue;
        }
        seen += 1;
        let entries = entry_screens(&v);
        if !entries.is_empty() {
            with_entry += 1;
            let first = entries[0].clone();
            assert!(!matches!(
                check_send(&send(&first, None), &v),
                Err(SendCheckError::NotAnEntryScreen { .. } | SendCheckError::UnknownScreen { .. })
            ));
        }
    }
    assert!(
        seen >= 100,
        "the corpus must be there (../shared/corpus), found {seen} documents"
    );
    assert!(
        with_entry * 10 >= seen * 9,
        "most real flows have an entry screen: {with_entry}/{seen}"
    );
}
