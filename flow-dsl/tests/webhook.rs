//! Webhook fixtures (tests/fixtures/webhooks) into typed structs, plus signature checks.

use flow_dsl::webhook::{
    AlertState, FlowEvent, WebhookError, WebhookPayload, parse_flow_completions, parse_flow_events,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/webhooks/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// What a typed completion struct for the booking flow looks like.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Booking {
    department: String,
    location: String,
    date: String,
    time: String,
    name: String,
    email: String,
    phone: String,
    #[serde(default)]
    more_details: Option<String>,
    opt_in: bool,
    guests: u32,
}

#[test]
fn nfm_reply_into_a_typed_struct() {
    let done = parse_flow_completions::<Booking>(&fixture("nfm_reply.json")).expect("parses");
    assert_eq!(done.len(), 1);
    let c = &done[0];
    assert_eq!(c.flow_token.as_deref(), Some("booking-7f3a"));
    assert_eq!(c.waba_id, "102290129340398");
    assert_eq!(c.phone_number_id.as_deref(), Some("106540352242922"));
    assert_eq!(c.from, "16315551181");
    assert_eq!(c.profile_name.as_deref(), Some("Kerry Fisher"));
    assert_eq!(
        c.context_message_id.as_deref(),
        Some("wamid.HBgLMTYzMTU1NTExODEVAgARGBI1QjJGRjI0RkE3MTM3QkU0MjQA")
    );
    assert_eq!(c.timestamp.as_deref(), Some("1714510003"));
    assert_eq!(c.reply.body.as_deref(), Some("Sent"));
    assert_eq!(
        c.response,
        Booking {
            department: "beauty".into(),
            location: "1".into(),
            date: "2024-05-02".into(),
            time: "11:30".into(),
            name: "Kerry Fisher".into(),
            email: "kerry@example.com".into(),
            phone: "16315551181".into(),
            more_details: Some(String::new()),
            opt_in: true,
            guests: 2,
        }
    );
}

#[test]
fn nfm_reply_without_flow_token() {
    let done = parse_flow_completions::<Booking>(&fixture("nfm_reply_no_flow_token.json"))
        .expect("parses");
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].flow_token, None);
    assert_eq!(done[0].response.email, "ana@example.com");
    assert_eq!(done[0].response.more_details, None);
}

#[derive(Debug, Deserialize)]
struct Photo {
    file_name: String,
    mime_type: String,
    sha256: String,
    id: String,
}

#[derive(Debug, Deserialize)]
struct Claim {
    claim_type: String,
    photos: Vec<Photo>,
}

#[test]
fn nfm_reply_with_media_among_other_messages() {
    let raw = fixture("nfm_reply_media_and_text.json");
    let done = parse_flow_completions::<Claim>(&raw).expect("parses");
    assert_eq!(done.len(), 1, "the text message is skipped");
    let c = &done[0];
    assert_eq!(c.flow_token.as_deref(), Some("claim-0042"));
    assert_eq!(
        c.profile_name.as_deref(),
        Some("Rui Costa"),
        "contact matched by wa_id"
    );
    assert_eq!(c.response.claim_type, "damage");
    assert_eq!(c.response.photos.len(), 2);
    assert_eq!(c.response.photos[0].file_name, "IMG_0131.jpg");
    assert_eq!(c.response.photos[0].mime_type, "image/jpeg");
    assert_eq!(c.response.photos[1].id, "2056327481497231");
    assert!(c.response.photos[1].sha256.ends_with('='));

    // The same completion as a generic map.
    let generic = parse_flow_completions::<Map<String, Value>>(&raw).expect("parses");
    assert_eq!(generic[0].response["claim_type"], "damage");
    assert!(!generic[0].response.contains_key("flow_token"));
}

#[test]
fn completions_that_do_not_fit_name_the_message() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Wrong {
        missing_field: String,
    }
    match parse_flow_completions::<Wrong>(&fixture("nfm_reply.json")) {
        Err(WebhookError::Completion { message_id, .. }) => {
            assert!(message_id.starts_with("wamid."))
        }
        other => panic!("{other:?}"),
    }
    let mut doc: Value = serde_json::from_slice(&fixture("nfm_reply.json")).expect("json");
    doc["entry"][0]["changes"][0]["value"]["messages"][0]["interactive"]["nfm_reply"]["response_json"] =
        json!("not json");
    let raw = serde_json::to_vec(&doc).expect("json");
    assert!(matches!(
        parse_flow_completions::<Map<String, Value>>(&raw),
        Err(WebhookError::ResponseJson { .. })
    ));
    assert!(matches!(
        parse_flow_completions::<Map<String, Value>>(b"[1,2"),
        Err(WebhookError::Envelope(_))
    ));
    // Flows events are not completions.
    let none = parse_flow_completions::<Map<String, Value>>(&fixture("flows_status_change.json"))
        .expect("parses");
    assert!(none.is_empty());
}

fn single_event(name: &str) -> FlowEvent {
    let mut events = parse_flow_events(&fixture(name)).expect("parses");
    assert_eq!(events.len(), 1, "{name}");
    let ev = events.remove(0);
    assert_eq!(ev.waba_id, "102290129340398");
    assert_eq!(ev.time, Some(1_714_520_000));
    ev.event
}

#[test]
fn flows_status_change() {
    let FlowEvent::FlowStatusChange(c) = single_event("flows_status_change.json") else {
        panic!("wrong variant");
    };
    assert_eq!(c.flow_id, "1163424271346289");
    assert_eq!(c.old_status.as_deref(), Some("DRAFT"));
    assert_eq!(c.new_status, "PUBLISHED");
    assert!(c.message.expect("message").contains("PUBLISHED"));
}

#[test]
fn flows_error_rate_alerts() {
    let FlowEvent::ClientErrorRate(a) = single_event("flows_client_error_rate.json") else {
        panic!("wrong variant");
    };
    assert_eq!(a.alert_state, Some(AlertState::Activated));
    assert_eq!(a.threshold, Some(10.0));
    assert_eq!(a.error_rate, Some(12.5));
    assert_eq!(a.errors.len(), 2);
    assert_eq!(a.errors[0].error_type, "INVALID_SCREEN_TRANSITION");
    assert_eq!(a.errors[0].error_count, Some(33));

    let FlowEvent::EndpointErrorRate(a) = single_event("flows_endpoint_error_rate.json") else {
        panic!("wrong variant");
    };
    assert_eq!(a.alert_state, Some(AlertState::Deactivated));
    assert_eq!(a.errors[0].error_type, "TIMEOUT_ERROR");
    assert_eq!(a.errors[1].error_rate, Some(0.4));
}

#[test]
fn flows_latency_availability_and_expiry() {
    let FlowEvent::EndpointLatency(l) = single_event("flows_endpoint_latency.json") else {
        panic!("wrong variant");
    };
    assert_eq!((l.p50_latency, l.p90_latency), (Some(2100.0), Some(5320.0)));
    assert_eq!(l.requests_count, Some(812));
    assert_eq!(l.threshold, Some(5000.0));

    let FlowEvent::EndpointAvailability(a) = single_event("flows_endpoint_availability.json")
    else {
        panic!("wrong variant");
    };
    assert_eq!(a.availability, Some(72.4));
    assert_eq!(a.threshold, Some(90.0));

    let FlowEvent::FlowVersionExpiryWarning(w) = single_event("flows_version_expiry_warning.json")
    else {
        panic!("wrong variant");
    };
    assert!(w.warning.expect("warning").contains("Flow JSON version"));
}

#[test]
fn unknown_flows_events_are_kept() {
    let FlowEvent::Unknown { event, value } = single_event("flows_unknown_event.json") else {
        panic!("wrong variant");
    };
    assert_eq!(event, "FLOW_QUALITY_SCORE");
    assert_eq!(value["score"], 0.93);
}

#[test]
fn mixed_payloads_split_by_field() {
    let payload = WebhookPayload::from_slice(&fixture("nfm_reply.json")).expect("parses");
    assert!(payload.flow_events().expect("events").is_empty());
    let bad = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
        {"field": "flows", "value": {"event": "FLOW_STATUS_CHANGE", "flow_id": "1"}}]}]});
    let raw = serde_json::to_vec(&bad).expect("json");
    assert!(matches!(
        parse_flow_events(&raw),
        Err(WebhookError::Value { .. })
    ));
}

#[cfg(feature = "endpoint")]
#[test]
fn webhook_signatures_over_the_raw_fixture_bytes() {
    use flow_dsl::webhook::{SignatureError, sign_body, verify_signature};
    let raw = fixture("nfm_reply.json");
    let header = sign_body(&raw, b"current");
    assert_eq!(
        verify_signature(&raw, Some(&header), &["previous", "current"]),
        Ok(())
    );
    assert_eq!(
        verify_signature(&raw, Some(&header), &["previous"]),
        Err(SignatureError::Mismatch)
    );
    let mut reformatted = raw.clone();
    reformatted.push(b'\n');
    assert_eq!(
        verify_signature(&reformatted, Some(&header), &["current"]),
        Err(SignatureError::Mismatch),
        "the signature covers the exact bytes"
    );
    assert_eq!(
        verify_signature(&raw, None, &["current"]),
        Err(SignatureError::Missing)
    );
}
