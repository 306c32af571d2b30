//! Contract tests for the Meta Graph API provider: the exact request of every operation of spec
//! §G.1/§G.5/§G.6, and the parsing of every documented answer and error.

use crate::common;

use common::*;
use flow_dsl::api::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "EAAG-meta-test-token";
const AUTH: &str = "Bearer EAAG-meta-test-token";

fn client(server: &MockServer) -> FlowsClient {
    FlowsClient::with_options(
        MetaConfig::new(TOKEN)
            .waba_id("WABA1")
            .phone_number_id("PHONE1")
            .base_url(server.uri()),
        no_retry(),
    )
    .unwrap()
}

async fn answer(server: &MockServer, m: &str, p: &str, status: u16, body: Value) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn create_flow_sends_every_field_as_json_and_parses_validation_errors() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v25.0/WABA1/flows",
        200,
        json!({"id": "FLOW1", "success": true, "validation_errors": [validation_error_json()]}),
    )
    .await;
    let req = CreateFlow::new("Booking", [Category::AppointmentBooking, Category::Other])
        .flow_json(FLOW_JSON)
        .publish(true)
        .clone_flow_id("SRC1")
        .endpoint_uri("https://example.com/flow");
    let created = client(&server).create_flow(&req).await.unwrap();
    assert_eq!(created.id, "FLOW1");
    assert!(created.success);
    assert_eq!(created.validation_errors.len(), 1);
    assert_is_seed_validation_error(&created.validation_errors[0]);

    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v25.0/WABA1/flows", AUTH);
    assert!(query(&r).is_empty());
    assert_eq!(
        json_body(&r),
        json!({"name": "Booking", "categories": ["APPOINTMENT_BOOKING", "OTHER"], "flow_json": FLOW_JSON,
               "publish": true, "clone_flow_id": "SRC1", "endpoint_uri": "https://example.com/flow"})
    );
}

#[tokio::test]
async fn create_flow_minimal_omits_optional_fields_and_defaults_success() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v25.0/WABA1/flows",
        200,
        json!({"id": "FLOW2"}),
    )
    .await;
    let created = client(&server)
        .create_flow(&CreateFlow::new("Sign up", [Category::SignUp]))
        .await
        .unwrap();
    assert_eq!(
        created,
        CreatedFlow {
            id: "FLOW2".into(),
            success: true,
            validation_errors: vec![]
        }
    );
    let r = only_request(&server).await;
    assert_eq!(
        json_body(&r),
        json!({"name": "Sign up", "categories": ["SIGN_UP"]})
    );
}

#[tokio::test]
async fn create_flow_refuses_bad_input_without_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    for bad in [
        CreateFlow::new("x", [Category::Other]).publish(true),
        CreateFlow::new("x", []),
        CreateFlow::new("  ", [Category::Other]),
        CreateFlow::new("x", [Category::Other]).flow_json("not json"),
        CreateFlow::new("x", [Category::Other]).flow_json("[1]"),
    ] {
        assert!(
            matches!(c.create_flow(&bad).await, Err(ApiError::InvalidRequest(_))),
            "{bad:?}"
        );
    }
    let no_waba = FlowsClient::new(MetaConfig::new(TOKEN).base_url(server.uri())).unwrap();
    assert!(matches!(
        no_waba
            .create_flow(&CreateFlow::new("x", [Category::Other]))
            .await,
        Err(ApiError::InvalidRequest(_))
    ));
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn update_metadata_posts_only_the_fields_set() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v25.0/FLOW1",
        200,
        json!({"success": true}),
    )
    .await;
    let upd = UpdateMetadata::default()
        .name("New")
        .categories([Category::Survey, Category::Unknown("SHOPPING".into())])
        .endpoint_uri("https://e.example/x")
        .application_id("APP1");
    client(&server)
        .update_metadata("FLOW1", &upd)
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v25.0/FLOW1", AUTH);
    assert_eq!(
        json_body(&r),
        json!({"name": "New", "categories": ["SURVEY", "SHOPPING"], "endpoint_uri": "https://e.example/x", "application_id": "APP1"})
    );
}

#[tokio::test]
async fn upload_flow_json_is_multipart_with_exact_parts() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v25.0/FLOW1/assets",
        200,
        json!({"success": true, "validation_errors": [validation_error_json()]}),
    )
    .await;
    let errors = client(&server)
        .upload_flow_json("FLOW1", FLOW_JSON)
        .await
        .unwrap();
    assert_eq!(errors.len(), 1);
    assert_is_seed_validation_error(&errors[0]);

    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v25.0/FLOW1/assets", AUTH);
    let parts = multipart(&r);
    assert_eq!(
        parts,
        vec![
            Part {
                name: "file".into(),
                filename: Some("flow.json".into()),
                content_type: Some("application/json".into()),
                content: FLOW_JSON.into()
            },
            Part {
                name: "name".into(),
                filename: None,
                content_type: None,
                content: "flow.json".into()
            },
            Part {
                name: "asset_type".into(),
                filename: None,
                content_type: None,
                content: "FLOW_JSON".into()
            },
        ]
    );
}

#[tokio::test]
async fn upload_flow_json_success_false_is_an_error_with_raw_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v25.0/FLOW1/assets",
        200,
        json!({"success": false}),
    )
    .await;
    let err = client(&server)
        .upload_flow_json("FLOW1", FLOW_JSON)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Unsuccessful { status: 200, .. }),
        "{err:?}"
    );
    assert_eq!(err.raw_body(), Some(r#"{"success":false}"#));
}

#[tokio::test]
async fn list_assets_and_download_without_credentials() {
    let server = MockServer::start().await;
    let download = format!("{}/cdn/flow.json?sig=abc", server.uri());
    answer(
        &server,
        "GET",
        "/v25.0/FLOW1/assets",
        200,
        json!({
            "data": [{"name": "flow.json", "asset_type": "FLOW_JSON", "download_url": download}],
            "paging": {"cursors": {"before": "QVFIU", "after": "QVFIU"}}
        }),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/cdn/flow.json"))
        .respond_with(ResponseTemplate::new(200).set_body_string(FLOW_JSON))
        .mount(&server)
        .await;

    let c = client(&server);
    let assets = c.list_assets("FLOW1").await.unwrap();
    assert_eq!(
        assets,
        vec![FlowAsset {
            name: "flow.json".into(),
            asset_type: "FLOW_JSON".into(),
            download_url: download.clone()
        }]
    );
    let r = only_request(&server).await;
    assert_call(&r, "GET", "/v25.0/FLOW1/assets", AUTH);
    assert_eq!(
        query(&r),
        vec![(
            "fields".to_string(),
            "name,asset_type,download_url".to_string()
        )]
    );

    assert_eq!(c.download_flow_json("FLOW1").await.unwrap(), FLOW_JSON);
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    let dl = &reqs[2];
    assert_eq!(dl.url.path(), "/cdn/flow.json");
    assert_eq!(query(dl), vec![("sig".to_string(), "abc".to_string())]);
    assert_eq!(
        header(dl, "authorization"),
        None,
        "the token must not go to the CDN"
    );
}

#[tokio::test]
async fn publish_deprecate_delete() {
    for (op, m, p) in [
        ("publish", "POST", "/v25.0/F9/publish"),
        ("deprecate", "POST", "/v25.0/F9/deprecate"),
        ("delete", "DELETE", "/v25.0/F9"),
    ] {
        let server = MockServer::start().await;
        answer(&server, m, p, 200, json!({"success": true})).await;
        let c = client(&server);
        match op {
            "publish" => c.publish("F9").await.unwrap(),
            "deprecate" => c.deprecate("F9").await.unwrap(),
            _ => c.delete_flow("F9").await.unwrap(),
        }
        let r = only_request(&server).await;
        assert_call(&r, m, p, AUTH);
        assert!(query(&r).is_empty());
        assert_empty_body(&r);
    }
}

#[tokio::test]
async fn get_flow_with_fields_and_modifiers() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v25.0/FLOW1", 200, json!({
        "id": "FLOW1", "name": "Booking", "status": "PUBLISHED", "categories": ["APPOINTMENT_BOOKING"],
        "validation_errors": [], "json_version": "7.2", "data_api_version": "3.0",
        "endpoint_uri": "https://e.example/flow",
        "preview": {"preview_url": "https://business.facebook.com/wa/manage/flows/FLOW1/preview/?token=t", "expires_at": "2025-01-01T00:00:00+0000"},
        "whatsapp_business_account": {"id": "WABA1", "name": "Shop"},
        "application": {"id": "APP1", "name": "App"},
        "health_status": {"can_send_message": "LIMITED", "entities": [
            {"entity_type": "FLOW", "id": "FLOW1", "can_send_message": "LIMITED",
             "errors": [{"error_code": 139002, "error_description": "Endpoint not available", "possible_solution": "Fix it"}]},
            {"entity_type": "WABA", "id": "WABA1", "can_send_message": "AVAILABLE"}]},
        "updated_at": "2024-05-01T10:00:00+0000",
        "some_future_field": 1
    })).await;
    let fields = [
        FlowField::Id,
        FlowField::Status,
        FlowField::Preview {
            invalidate: Some(true),
        },
        FlowField::HealthStatus {
            phone_number: Some("PHONE1".into()),
        },
        FlowField::Custom("metric.name(ENDPOINT_AVAILABILITY)".into()),
    ];
    let flow = client(&server).get_flow("FLOW1", &fields).await.unwrap();
    assert_eq!(flow.status, Some(FlowStatus::Published));
    assert_eq!(flow.categories, vec![Category::AppointmentBooking]);
    assert_eq!(flow.json_version.as_deref(), Some("7.2"));
    assert!(
        flow.preview
            .as_ref()
            .unwrap()
            .preview_url
            .contains("/preview/")
    );
    let health = flow.health_status.as_ref().unwrap();
    assert_eq!(health.can_send_message, "LIMITED");
    assert_eq!(health.entities[0].errors[0].error_code, json!(139002));
    assert_eq!(flow.extra.get("some_future_field"), Some(&json!(1)));

    let r = only_request(&server).await;
    assert_call(&r, "GET", "/v25.0/FLOW1", AUTH);
    assert_eq!(
        query(&r),
        vec![("fields".to_string(), "id,status,preview.invalidate(true),health_status.phone_number(PHONE1),metric.name(ENDPOINT_AVAILABILITY)".to_string())]
    );
}

#[tokio::test]
async fn get_flow_without_fields_sends_no_query_and_keeps_unknown_status() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v25.0/FLOW1", 200, json!({"id": "FLOW1", "name": "n", "status": "ARCHIVED", "categories": ["SHOPPING"], "validation_errors": null})).await;
    let flow = client(&server).get_flow("FLOW1", &[]).await.unwrap();
    assert_eq!(flow.status, Some(FlowStatus::Unknown("ARCHIVED".into())));
    assert_eq!(flow.categories, vec![Category::Unknown("SHOPPING".into())]);
    assert!(flow.validation_errors.is_empty());
    assert!(query(&only_request(&server).await).is_empty());
}

#[tokio::test]
async fn list_flows_with_paging_and_all_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/WABA1/flows"))
        .and(wiremock::matchers::query_param("after", "CUR1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "2", "name": "Second", "status": "DRAFT", "categories": ["OTHER"], "validation_errors": []}],
            "paging": {"cursors": {"before": "CUR1", "after": "CUR2"}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/WABA1/flows"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "1", "name": "First", "status": "PUBLISHED", "categories": ["SURVEY"], "validation_errors": []}],
            "paging": {"cursors": {"before": "CUR0", "after": "CUR1"}, "next": "https://graph.facebook.com/v25.0/WABA1/flows?after=CUR1"}
        })))
        .mount(&server)
        .await;
    let c = client(&server);

    let page = c
        .list_flows(&ListFlows::default().limit(1).after("CUR1"))
        .await
        .unwrap();
    assert_eq!(page.data[0].id, "2");
    assert_eq!(page.next_cursor(), None, "no `next`: last page");
    let r = only_request(&server).await;
    assert_call(&r, "GET", "/v25.0/WABA1/flows", AUTH);
    assert_eq!(
        query(&r),
        vec![
            ("limit".to_string(), "1".to_string()),
            ("after".to_string(), "CUR1".to_string())
        ]
    );

    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/WABA1/flows"))
        .and(wiremock::matchers::query_param("after", "CUR1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "2", "name": "Second", "status": "DRAFT"}],
            "paging": {"cursors": {"before": "CUR1", "after": "CUR2"}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/WABA1/flows"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "1", "name": "First", "status": "PUBLISHED"}],
            "paging": {"cursors": {"before": "CUR0", "after": "CUR1"}, "next": "https://graph.facebook.com/next"}
        })))
        .mount(&server)
        .await;
    let all = c.list_all_flows().await.unwrap();
    assert_eq!(
        all.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        ["1", "2"]
    );
    assert_eq!(requests(&server).await.len(), 2);
    assert_eq!(
        c.find_flow_by_name("Second").await.unwrap().map(|f| f.id),
        Some("2".into())
    );
    assert_eq!(c.find_flow_by_name("Nope").await.unwrap(), None);
}

#[tokio::test]
async fn migrate_flows_is_form_encoded_and_parses_failures() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v25.0/WABA1/migrate_flows", 200, json!({
        "migrated_flows": [{"source_name": "appointment-booking", "source_id": "111", "migrated_id": "222"}],
        "failed_flows": [{"source_name": "lead-gen", "error_code": "4233041", "error_message": "Flow with the same name exists in destination WABA"}]
    })).await;
    let res = client(&server)
        .migrate_flows(&MigrateFlows {
            source_waba_id: "SRCWABA".into(),
            source_flow_names: vec!["appointment-booking".into(), "lead-gen".into()],
        })
        .await
        .unwrap();
    assert_eq!(res.migrated_flows[0].migrated_id, "222");
    assert_eq!(res.failed_flows[0].error_code, "4233041");
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v25.0/WABA1/migrate_flows", AUTH);
    assert_eq!(
        form_body(&r),
        vec![
            ("source_waba_id".to_string(), "SRCWABA".to_string()),
            (
                "source_flow_names".to_string(),
                r#"["appointment-booking","lead-gen"]"#.to_string()
            )
        ]
    );
}

#[tokio::test]
async fn migrate_all_flows_omits_names() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v25.0/WABA1/migrate_flows", 200, json!({"migrated_flows": [], "failed_flows": [{"source_name": "x", "error_code": 4233041, "error_message": "m"}]})).await;
    let res = client(&server)
        .migrate_flows(&MigrateFlows {
            source_waba_id: "S".into(),
            source_flow_names: vec![],
        })
        .await
        .unwrap();
    assert_eq!(
        res.failed_flows[0].error_code, "4233041",
        "numeric codes are kept as text"
    );
    assert_eq!(
        form_body(&only_request(&server).await),
        vec![("source_waba_id".to_string(), "S".to_string())]
    );
}

#[tokio::test]
async fn metrics_query_and_answer() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v25.0/FLOW1", 200, json!({"id": "FLOW1", "metric": {
        "granularity": "DAY", "name": "ENDPOINT_REQUEST_COUNT",
        "data_points": [{"timestamp": "2024-01-28T08:00:00+0000", "data": [{"key": "value", "value": 1329}]}]
    }})).await;
    let q = MetricsQuery::new(MetricName::EndpointRequestCount, Granularity::Day)
        .since("2024-01-28")
        .until("2024-01-30");
    let m = client(&server).metrics("FLOW1", &q).await.unwrap();
    assert_eq!(m.name, MetricName::EndpointRequestCount);
    assert_eq!(m.data_points[0].data[0].value, 1329.0);
    let r = only_request(&server).await;
    assert_call(&r, "GET", "/v25.0/FLOW1", AUTH);
    assert_eq!(
        query(&r),
        vec![("fields".to_string(), "metric.name(ENDPOINT_REQUEST_COUNT).granularity(DAY).since(2024-01-28).until(2024-01-30)".to_string())]
    );
    let bad =
        MetricsQuery::new(MetricName::EndpointRequestCount, Granularity::Day).since("28/01/2024");
    assert!(matches!(
        client(&server).metrics("FLOW1", &bad).await,
        Err(ApiError::InvalidRequest(_))
    ));
}

#[tokio::test]
async fn metrics_threshold_error_139006() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v25.0/FLOW1", 400, json!({"error": {"message": "Metrics threshold not reached", "type": "OAuthException", "code": 139006, "fbtrace_id": "X"}})).await;
    let q = MetricsQuery::new(MetricName::EndpointAvailability, Granularity::Lifetime);
    let err = client(&server).metrics("FLOW1", &q).await.unwrap_err();
    assert_eq!(
        err.graph_kind(),
        Some(GraphErrorKind::MetricsThresholdNotReached)
    );
}

#[tokio::test]
async fn business_public_key_get_and_set() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v25.0/PHONE1/whatsapp_business_encryption", 200, json!({
        "business_public_key": "-----BEGIN PUBLIC KEY-----\nAAA\n-----END PUBLIC KEY-----", "business_public_key_signature_status": "VALID"})).await;
    answer(
        &server,
        "POST",
        "/v25.0/PHONE1/whatsapp_business_encryption",
        200,
        json!({"success": true}),
    )
    .await;
    let c = client(&server);
    let key = c.get_business_public_key().await.unwrap();
    assert_eq!(
        key.business_public_key_signature_status.as_deref(),
        Some("VALID")
    );
    let r = only_request(&server).await;
    assert_call(
        &r,
        "GET",
        "/v25.0/PHONE1/whatsapp_business_encryption",
        AUTH,
    );

    let pem = "-----BEGIN PUBLIC KEY-----\nMIIBIjAN+/=\n-----END PUBLIC KEY-----\n";
    c.set_business_public_key(pem).await.unwrap();
    let reqs = requests(&server).await;
    assert_call(
        &reqs[1],
        "POST",
        "/v25.0/PHONE1/whatsapp_business_encryption",
        AUTH,
    );
    assert_eq!(
        form_body(&reqs[1]),
        vec![("business_public_key".to_string(), pem.to_string())]
    );

    assert!(matches!(
        c.set_business_public_key("not a pem").await,
        Err(ApiError::InvalidRequest(_))
    ));
}

#[tokio::test]
async fn business_public_key_data_wrapped_answer() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/v25.0/PHONE1/whatsapp_business_encryption",
        200,
        json!({"data": [{
        "business_public_key": "PEM", "business_public_key_signature_status": "MISMATCH"}]}),
    )
    .await;
    let key = client(&server).get_business_public_key().await.unwrap();
    assert_eq!(key.business_public_key, "PEM");
    assert_eq!(
        key.business_public_key_signature_status.as_deref(),
        Some("MISMATCH")
    );
}

#[tokio::test]
async fn send_flow_navigate_with_data() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v25.0/PHONE1/messages", 200, json!({
        "messaging_product": "whatsapp", "contacts": [{"input": "5511999999999", "wa_id": "5511999999999"}],
        "messages": [{"id": "wamid.HBgL"}]})).await;
    let data = json!({"name": "Ann", "slots": [1, 2]})
        .as_object()
        .unwrap()
        .clone();
    let msg = SendFlow::new(
        "5511999999999",
        FlowRef::Id("FLOW1".into()),
        "Book!",
        "Book now",
        FlowAction::Navigate {
            screen: "WELCOME".into(),
            data: Some(data),
        },
    )
    .header("Appointments")
    .footer("Shop")
    .flow_token("tok-1")
    .draft();
    let sent = client(&server).send_flow(&msg).await.unwrap();
    assert_eq!(sent.id.as_deref(), Some("wamid.HBgL"));
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v25.0/PHONE1/messages", AUTH);
    assert_eq!(
        json_body(&r),
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "5511999999999", "type": "interactive",
               "interactive": {"type": "flow",
                 "header": {"type": "text", "text": "Appointments"}, "body": {"text": "Book now"}, "footer": {"text": "Shop"},
                 "action": {"name": "flow", "parameters": {
                    "flow_message_version": "3", "flow_id": "FLOW1", "flow_cta": "Book!", "mode": "draft", "flow_token": "tok-1",
                    "flow_action": "navigate", "flow_action_payload": {"screen": "WELCOME", "data": {"name": "Ann", "slots": [1, 2]}}}}}})
    );
}

#[tokio::test]
async fn send_flow_by_name_with_data_exchange_has_no_payload() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v25.0/PHONE1/messages",
        200,
        json!({"messages": [{"id": "wamid.2"}]}),
    )
    .await;
    let msg = SendFlow::new(
        "15550001",
        FlowRef::Name("booking".into()),
        "Open",
        "Hi",
        FlowAction::DataExchange,
    );
    client(&server).send_flow(&msg).await.unwrap();
    let body = json_body(&only_request(&server).await);
    assert_eq!(
        body["interactive"],
        json!({"type": "flow", "body": {"text": "Hi"}, "action": {"name": "flow", "parameters": {
            "flow_message_version": "3", "flow_name": "booking", "flow_cta": "Open", "mode": "published", "flow_action": "data_exchange"}}})
    );
}

#[tokio::test]
async fn send_flow_refuses_empty_data_and_missing_fields() {
    let server = MockServer::start().await;
    let c = client(&server);
    let empty = SendFlow::new(
        "1",
        FlowRef::Id("F".into()),
        "Go",
        "Hi",
        FlowAction::Navigate {
            screen: "A".into(),
            data: Some(Default::default()),
        },
    );
    assert!(matches!(
        c.send_flow(&empty).await,
        Err(ApiError::InvalidRequest(_))
    ));
    let no_body = SendFlow::new(
        "1",
        FlowRef::Id("F".into()),
        "Go",
        " ",
        FlowAction::navigate("A"),
    );
    assert!(matches!(
        c.send_flow(&no_body).await,
        Err(ApiError::InvalidRequest(_))
    ));
    let no_screen = SendFlow::new(
        "1",
        FlowRef::Id("F".into()),
        "Go",
        "Hi",
        FlowAction::navigate(""),
    );
    assert!(matches!(
        c.send_flow(&no_screen).await,
        Err(ApiError::InvalidRequest(_))
    ));
    let no_phone =
        FlowsClient::new(MetaConfig::new(TOKEN).waba_id("W").base_url(server.uri())).unwrap();
    assert!(matches!(
        no_phone
            .send_flow(&SendFlow::new(
                "1",
                FlowRef::Id("F".into()),
                "Go",
                "Hi",
                FlowAction::navigate("A")
            ))
            .await,
        Err(ApiError::InvalidRequest(_))
    ));
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn send_time_errors_132068_132069() {
    for (code, kind) in [
        (132068, GraphErrorKind::FlowBlocked),
        (132069, GraphErrorKind::FlowThrottled),
    ] {
        let server = MockServer::start().await;
        answer(&server, "POST", "/v25.0/PHONE1/messages", 400, json!({"error": {"message": "Flow is blocked.", "type": "OAuthException", "code": code, "fbtrace_id": "A"}})).await;
        let msg = SendFlow::new(
            "1",
            FlowRef::Id("F".into()),
            "Go",
            "Hi",
            FlowAction::navigate("A"),
        );
        let err = client(&server).send_flow(&msg).await.unwrap_err();
        assert_eq!(err.graph_kind(), Some(kind));
        assert_eq!(err.status(), Some(400));
    }
}

#[tokio::test]
async fn create_flow_template_with_flow_button() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v25.0/WABA1/message_templates",
        200,
        json!({"id": "TPL1", "status": "PENDING", "category": "MARKETING"}),
    )
    .await;
    let t = FlowTemplate::new(
        "book_now",
        "en_US",
        "MARKETING",
        "Book your slot",
        "Book!",
        TemplateFlow::Id("FLOW1".into()),
    )
    .navigate_screen("WELCOME")
    .icon("PROMOTION");
    let created = client(&server).create_flow_template(&t).await.unwrap();
    assert_eq!(
        created,
        CreatedTemplate {
            id: "TPL1".into(),
            status: Some("PENDING".into()),
            category: Some("MARKETING".into())
        }
    );
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v25.0/WABA1/message_templates", AUTH);
    assert_eq!(
        json_body(&r),
        json!({"name": "book_now", "language": "en_US", "category": "MARKETING", "components": [
            {"type": "BODY", "text": "Book your slot"},
            {"type": "BUTTONS", "buttons": [{"type": "FLOW", "text": "Book!", "flow_id": "FLOW1", "flow_action": "navigate",
                                             "navigate_screen": "WELCOME", "icon": "PROMOTION"}]}]})
    );
    let long = FlowTemplate::new(
        "n",
        "en",
        "MARKETING",
        "b",
        "x".repeat(26),
        TemplateFlow::Name("f".into()),
    );
    assert!(matches!(
        client(&server).create_flow_template(&long).await,
        Err(ApiError::InvalidRequest(_))
    ));
}

#[tokio::test]
async fn send_flow_template_with_flow_button_component() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v25.0/PHONE1/messages",
        200,
        json!({"messaging_product": "whatsapp", "messages": [{"id": "wamid.T"}]}),
    )
    .await;
    let msg = SendFlowTemplate::new("5511999999999", "book_now", "en_US")
        .flow_token("tok")
        .flow_action_data(json!({"name": "Ann"}).as_object().unwrap().clone());
    let sent = client(&server).send_flow_template(&msg).await.unwrap();
    assert_eq!(sent.id.as_deref(), Some("wamid.T"));
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v25.0/PHONE1/messages", AUTH);
    assert_eq!(
        json_body(&r),
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "5511999999999", "type": "template",
               "template": {"name": "book_now", "language": {"code": "en_US"}, "components": [
                   {"type": "button", "sub_type": "flow", "index": "0",
                    "parameters": [{"type": "action", "action": {"flow_token": "tok", "flow_action_data": {"name": "Ann"}}}]}]}})
    );
}

#[tokio::test]
async fn graph_error_codes_map_to_kinds_and_keep_status_and_body() {
    let cases = [
        (100, GraphErrorKind::InvalidParameter),
        (190, GraphErrorKind::InvalidToken),
        (10, GraphErrorKind::Permission),
        (4, GraphErrorKind::RateLimited),
        (80007, GraphErrorKind::RateLimited),
        (139000, GraphErrorKind::BlockedByIntegrity),
        (139001, GraphErrorKind::FlowNotUpdatable),
        (139002, GraphErrorKind::PublishFailed),
        (139003, GraphErrorKind::CannotDeprecate),
        (139004, GraphErrorKind::CannotDelete),
        (139005, GraphErrorKind::FlowsOther),
        (139006, GraphErrorKind::MetricsThresholdNotReached),
        (132068, GraphErrorKind::FlowBlocked),
        (132069, GraphErrorKind::FlowThrottled),
        (99999, GraphErrorKind::Other(99999)),
    ];
    for (code, kind) in cases {
        let server = MockServer::start().await;
        let body = json!({"error": {"message": "m", "type": "OAuthException", "code": code, "error_subcode": 2494010,
            "error_user_title": "Title", "error_user_msg": "User msg", "error_data": {"details": "d"}, "fbtrace_id": "Az"}});
        answer(&server, "POST", "/v25.0/F1/publish", 400, body.clone()).await;
        let err = client(&server).publish("F1").await.unwrap_err();
        assert_eq!(err.graph_kind(), Some(kind), "code {code}");
        assert_eq!(err.status(), Some(400));
        assert_eq!(
            serde_json::from_str::<Value>(err.raw_body().unwrap()).unwrap(),
            body
        );
        let ApiError::Graph {
            provider, error, ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(*provider, Provider::Meta);
        assert_eq!(error.error_subcode, Some(2494010));
        assert_eq!(error.error_user_msg.as_deref(), Some("User msg"));
        assert_eq!(error.fbtrace_id.as_deref(), Some("Az"));
        assert!(err.to_string().contains(&code.to_string()));
    }
}

#[tokio::test]
async fn duplicate_name_is_error_100_not_retried() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v25.0/WABA1/flows",
        400,
        json!({"error": {"message": "Invalid parameter", "type": "OAuthException", "code": 100,
        "error_user_msg": "Flow name is not unique", "fbtrace_id": "A"}}),
    )
    .await;
    let err = client(&server)
        .create_flow(&CreateFlow::new("Dup", [Category::Other]))
        .await
        .unwrap_err();
    assert_eq!(err.graph_kind(), Some(GraphErrorKind::InvalidParameter));
    assert!(!err.is_ambiguous());
}

#[tokio::test]
async fn non_graph_error_body_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v25.0/F1"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"))
        .mount(&server)
        .await;
    let err = client(&server).delete_flow("F1").await.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Http {
                status: 502,
                provider: Provider::Meta,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.raw_body(), Some("<html>Bad gateway</html>"));
    assert!(err.is_ambiguous());
}

#[tokio::test]
async fn undecodable_success_answer_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/F1"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    let err = client(&server).get_flow("F1", &[]).await.unwrap_err();
    assert!(
        matches!(err, ApiError::Decode { status: 200, .. }),
        "{err:?}"
    );
    assert_eq!(err.raw_body(), Some("not json"));
    answer(&server, "GET", "/v25.0/F2", 200, json!({"name": "no id"})).await;
    assert!(matches!(
        client(&server).get_flow("F2", &[]).await,
        Err(ApiError::Decode { .. })
    ));
}

#[tokio::test]
async fn graph_version_is_configurable_and_ids_are_path_encoded() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v24.0/a%2Fb/publish",
        200,
        json!({"success": true}),
    )
    .await;
    let c = FlowsClient::with_options(
        MetaConfig::new(TOKEN)
            .graph_version("24.0")
            .base_url(format!("{}/", server.uri())),
        no_retry(),
    )
    .unwrap();
    c.publish("a/b").await.unwrap();
    let r = only_request(&server).await;
    assert_eq!(r.url.path(), "/v24.0/a%2Fb/publish");
    assert!(matches!(
        c.publish("").await,
        Err(ApiError::InvalidRequest(_))
    ));
}

/// Deploy runs calls concurrently on a multi-threaded runtime: the client and every operation's
/// future must be `Send` (and the client `Sync`).
#[tokio::test]
async fn client_and_futures_are_send() {
    fn send<T: Send>(_: &T) {}
    fn sync<T: Send + Sync + Clone + 'static>(_: &T) {}
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/v25.0/WABA1/flows",
        200,
        json!({"data": [{"id": "1", "name": "n"}]}),
    )
    .await;
    let c = client(&server);
    sync(&c);
    let req = CreateFlow::new("x", [Category::Other]);
    let msg = SendFlow::new(
        "1",
        FlowRef::Id("F".into()),
        "Go",
        "Hi",
        FlowAction::navigate("A"),
    );
    send(&c.create_flow(&req));
    send(&c.upload_flow_json("1", FLOW_JSON));
    send(&c.list_all_flows());
    send(&c.send_flow(&msg));
    send(&c.download_flow_json("1"));
    let spawned = tokio::spawn({
        let c = c.clone();
        async move { c.find_flow_by_name("n").await }
    });
    assert_eq!(
        spawned.await.unwrap().unwrap().map(|f| f.id),
        Some("1".into())
    );
}

#[tokio::test]
async fn preview_with_invalidate_and_url_parameters() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v25.0/FLOW1", 200, json!({"id": "FLOW1", "preview": {
        "preview_url": "https://business.facebook.com/wa/manage/flows/FLOW1/preview/?token=abc", "expires_at": "2025-02-01T00:00:00+0000"}})).await;
    let preview = client(&server)
        .preview("FLOW1", true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        query(&only_request(&server).await),
        vec![(
            "fields".to_string(),
            "id,preview.invalidate(true)".to_string()
        )]
    );
    let data = json!({"name": "Ann"}).as_object().unwrap().clone();
    let url = preview
        .url_with(&PreviewParams {
            interactive: true,
            flow_token: Some("tok".into()),
            flow_action: Some(FlowAction::Navigate {
                screen: "WELCOME".into(),
                data: Some(data),
            }),
            phone_number: Some("PHONE1".into()),
            debug: true,
        })
        .unwrap();
    let parsed = url::Url::parse(&url).unwrap();
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("token", "abc"),
            ("interactive", "true"),
            ("flow_token", "tok"),
            ("flow_action", "navigate"),
            (
                "flow_action_payload",
                r#"{"screen":"WELCOME","data":{"name":"Ann"}}"#
            ),
            ("phone_number", "PHONE1"),
            ("debug", "true"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert!(matches!(
        preview.url_with(&PreviewParams {
            debug: true,
            ..Default::default()
        }),
        Err(ApiError::InvalidRequest(_))
    ));

    server.reset().await;
    answer(&server, "GET", "/v25.0/FLOW2", 200, json!({"id": "FLOW2"})).await;
    assert_eq!(client(&server).preview("FLOW2", false).await.unwrap(), None);
    assert_eq!(
        query(&only_request(&server).await),
        vec![("fields".to_string(), "id,preview".to_string())]
    );
}

#[tokio::test]
async fn flow_json_over_10_mb_is_refused_before_sending() {
    let server = MockServer::start().await;
    let big = format!(
        "{{\"version\":\"7.2\",\"pad\":\"{}\"}}",
        "x".repeat(10 * 1024 * 1024)
    );
    assert!(matches!(
        client(&server).upload_flow_json("F1", &big).await,
        Err(ApiError::InvalidRequest(_))
    ));
    assert!(requests(&server).await.is_empty());
}
