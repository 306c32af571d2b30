//! Contract tests for Dreams (seed 002): AccessKey auth, the `{success, message, data}` envelope
//! whose `success` is not trusted, `validations_errors` (sic), the query-parameter delete, the
//! configurable deprecate path and `/flows/send`.

use crate::common;

use common::*;
use flow_dsl::api::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEED: &str = "002_fefe72ac121e1541.txt";
const AUTH: &str = "AccessKey dreams-key";

fn client_with(server: &MockServer, cfg: DreamsConfig) -> FlowsClient {
    FlowsClient::with_options(cfg.base_url(server.uri()), no_retry()).unwrap()
}

fn client(server: &MockServer) -> FlowsClient {
    client_with(server, DreamsConfig::new("dreams-key", "123"))
}

async fn answer(server: &MockServer, m: &str, p: &str, status: u16, body: Value) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

#[test]
fn paths_are_the_seeds() {
    for p in [
        "/api/whatsapp/{whatsappBusinessAccount}/flows/{flowId}/publish",
        "/api/whatsapp/{whatsappBusinessAccount}/flows/send",
        "/api/whatsapp/{whatsappBusinessAccount}/flows",
        "/api/whatsapp/{whatsappBusinessAccount}/flows/{flowId}",
        "/api/whatsapp/{whatsappBusinessAccount}/flows/upload-flow-json",
        "/whatsapp/{whatsappBusinessAccount}/flows/{flowId}/deprecate",
    ] {
        assert_in_seed(SEED, p);
    }
    assert_eq!(
        DreamsConfig::DEFAULT_DEPRECATE_PATH,
        "/whatsapp/{waba}/flows/{flow_id}/deprecate"
    );
}

#[tokio::test]
async fn list_flows_in_envelope() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/api/whatsapp/123/flows", 200, json!({"success": true, "message": "OK", "data": [
        {"id": "F1", "name": "Customer Support Flow", "status": "DRAFT", "categories": ["CUSTOMER_SUPPORT"]}]})).await;
    let page = client(&server)
        .list_flows(&ListFlows::default())
        .await
        .unwrap();
    assert_eq!(page.data[0].name.as_deref(), Some("Customer Support Flow"));
    let r = only_request(&server).await;
    assert_call(&r, "GET", "/api/whatsapp/123/flows", AUTH);
    assert!(query(&r).is_empty());
    assert!(matches!(
        client(&server)
            .list_flows(&ListFlows::default().after("x"))
            .await,
        Err(ApiError::Unsupported { .. })
    ));
}

#[tokio::test]
async fn list_flows_graph_shaped_inside_envelope() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/whatsapp/123/flows",
        200,
        json!({"success": true, "message": "OK", "data": {"data": [{"id": "F1"}, {"id": "F2"}]}}),
    )
    .await;
    assert_eq!(client(&server).list_all_flows().await.unwrap().len(), 2);
}

#[tokio::test]
async fn create_flow_flat_and_enveloped_answers() {
    for body in [
        json!({"id": "original-flow-id"}),
        json!({"success": true, "message": "Flow created successfully", "data": {"id": "original-flow-id"}}),
    ] {
        let server = MockServer::start().await;
        answer(&server, "POST", "/api/whatsapp/123/flows", 200, body).await;
        let req = CreateFlow::new("Customer Support Flow", [Category::CustomerSupport])
            .clone_flow_id("src")
            .endpoint_uri("https://example.com");
        assert_eq!(
            client(&server).create_flow(&req).await.unwrap().id,
            "original-flow-id"
        );
        let r = only_request(&server).await;
        assert_call(&r, "POST", "/api/whatsapp/123/flows", AUTH);
        assert_eq!(
            json_body(&r),
            json!({"name": "Customer Support Flow", "categories": ["CUSTOMER_SUPPORT"], "clone_flow_id": "src", "endpoint_uri": "https://example.com"})
        );
    }
    let server = MockServer::start().await;
    let with_json = CreateFlow::new("x", [Category::Other]).flow_json(FLOW_JSON);
    assert!(matches!(
        client(&server).create_flow(&with_json).await,
        Err(ApiError::Unsupported {
            provider: Provider::Dreams,
            ..
        })
    ));
}

#[tokio::test]
async fn get_flow_full_field_set() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/api/whatsapp/123/flows/F1", 200, json!({
        "id": "F1", "name": "Support", "status": "PUBLISHED", "categories": ["CUSTOMER_SUPPORT"], "json_version": "7.2",
        "data_api_version": "3.0", "endpoint_uri": null, "preview": null, "whatsapp_business_account": {"id": "123"},
        "application": null, "health_status": {"can_send_message": "AVAILABLE", "entities": []}, "json_content": ["{\"version\":\"7.2\"}"]})).await;
    let flow = client(&server)
        .get_flow(
            "F1",
            &[
                FlowField::JsonVersion,
                FlowField::HealthStatus { phone_number: None },
            ],
        )
        .await
        .unwrap();
    assert_eq!(flow.status, Some(FlowStatus::Published));
    assert_eq!(flow.data_api_version.as_deref(), Some("3.0"));
    assert_eq!(flow.health_status.unwrap().can_send_message, "AVAILABLE");
    assert_eq!(flow.extra["json_content"], json!(["{\"version\":\"7.2\"}"]));
    let r = only_request(&server).await;
    assert_call(&r, "GET", "/api/whatsapp/123/flows/F1", AUTH);
    assert!(query(&r).is_empty());
    let refused = client(&server)
        .get_flow(
            "F1",
            &[FlowField::Preview {
                invalidate: Some(true),
            }],
        )
        .await;
    assert!(matches!(refused, Err(ApiError::Unsupported { .. })));
}

#[tokio::test]
async fn update_metadata() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/whatsapp/123/flows/F1",
        200,
        json!({"id": "F1", "name": "New", "status": "DRAFT"}),
    )
    .await;
    let upd = UpdateMetadata::default()
        .name("New")
        .categories([Category::Other])
        .endpoint_uri("https://e");
    client(&server).update_metadata("F1", &upd).await.unwrap();
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/api/whatsapp/123/flows/F1", AUTH);
    assert_eq!(
        json_body(&r),
        json!({"name": "New", "categories": ["OTHER"], "endpoint_uri": "https://e"})
    );
    let app = UpdateMetadata::default().application_id("A");
    assert!(matches!(
        client(&server).update_metadata("F1", &app).await,
        Err(ApiError::Unsupported { .. })
    ));
}

#[tokio::test]
async fn upload_flow_json_multipart_and_both_spellings() {
    for key in ["validations_errors", "validation_errors"] {
        let server = MockServer::start().await;
        answer(&server, "POST", "/api/whatsapp/123/flows/upload-flow-json", 200,
            json!({"success": true, "message": "Uploaded Successfully", "data": {key: [validation_error_json()]}})).await;
        let errors = client(&server)
            .upload_flow_json("F1", FLOW_JSON)
            .await
            .unwrap();
        assert_eq!(errors.len(), 1, "{key}: success true is not trusted alone");
        assert_is_seed_validation_error(&errors[0]);
        let r = only_request(&server).await;
        assert_call(&r, "POST", "/api/whatsapp/123/flows/upload-flow-json", AUTH);
        assert_eq!(
            multipart(&r),
            vec![
                Part {
                    name: "flow_id".into(),
                    filename: None,
                    content_type: None,
                    content: "F1".into()
                },
                Part {
                    name: "file".into(),
                    filename: Some("flow.json".into()),
                    content_type: Some("application/json".into()),
                    content: FLOW_JSON.into()
                },
            ]
        );
    }
}

#[tokio::test]
async fn upload_clean_and_top_level_errors() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/whatsapp/123/flows/upload-flow-json",
        200,
        json!({"success": true, "message": "Uploaded Successfully"}),
    )
    .await;
    assert!(
        client(&server)
            .upload_flow_json("F1", FLOW_JSON)
            .await
            .unwrap()
            .is_empty()
    );

    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/whatsapp/123/flows/upload-flow-json",
        200,
        json!({"validations_errors": [validation_error_json()]}),
    )
    .await;
    assert_eq!(
        client(&server)
            .upload_flow_json("F1", FLOW_JSON)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn error_envelope_with_validation_errors() {
    let server = MockServer::start().await;
    let body = json!({"success": false, "message": "The given data was invalid.", "data": {"validation_errors": [validation_error_json()]}});
    answer(
        &server,
        "POST",
        "/api/whatsapp/123/flows/upload-flow-json",
        422,
        body.clone(),
    )
    .await;
    let err = client(&server)
        .upload_flow_json("F1", FLOW_JSON)
        .await
        .unwrap_err();
    let ApiError::Dreams {
        status: 422,
        message,
        validation_errors,
        raw,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(message, "The given data was invalid.");
    assert_is_seed_validation_error(&validation_errors[0]);
    assert_eq!(serde_json::from_str::<Value>(raw).unwrap(), body);
}

#[tokio::test]
async fn success_false_with_200_is_an_error() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/whatsapp/123/flows/F1/publish",
        200,
        json!({"success": false, "message": "Flow has validation errors", "data": null}),
    )
    .await;
    let err = client(&server).publish("F1").await.unwrap_err();
    assert!(
        matches!(&err, ApiError::Dreams { status: 200, message, .. } if message == "Flow has validation errors"),
        "{err:?}"
    );
}

#[tokio::test]
async fn non_json_error_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/whatsapp/123/flows"))
        .respond_with(ResponseTemplate::new(500).set_body_string("Server Error"))
        .mount(&server)
        .await;
    let err = client(&server)
        .list_flows(&ListFlows::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.raw_body(), Some("Server Error"));
}

#[tokio::test]
async fn publish_matches_seed_answer() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/whatsapp/123/flows/F1/publish",
        200,
        json!({"success": true, "message": "Flow published successfully", "data": {}}),
    )
    .await;
    client(&server).publish("F1").await.unwrap();
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/api/whatsapp/123/flows/F1/publish", AUTH);
    assert_empty_body(&r);
}

#[tokio::test]
async fn delete_uses_the_flow_id_query_parameter() {
    let server = MockServer::start().await;
    answer(
        &server,
        "DELETE",
        "/api/whatsapp/123/flows",
        200,
        json!({"message": "Flow deleted successfully"}),
    )
    .await;
    client(&server).delete_flow("F 1").await.unwrap();
    let r = only_request(&server).await;
    assert_call(&r, "DELETE", "/api/whatsapp/123/flows", AUTH);
    assert_eq!(query(&r), vec![("flowId".to_string(), "F 1".to_string())]);
    assert_empty_body(&r);
}

#[tokio::test]
async fn deprecate_default_and_configured_paths() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/whatsapp/123/flows/F1/deprecate",
        200,
        json!({"message": "Flow deprecated successfully"}),
    )
    .await;
    client(&server).deprecate("F1").await.unwrap();
    assert_call(
        &only_request(&server).await,
        "POST",
        "/whatsapp/123/flows/F1/deprecate",
        AUTH,
    );

    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/whatsapp/123/flows/F1/deprecate",
        200,
        json!({"message": "Flow deprecated successfully"}),
    )
    .await;
    let c = client_with(
        &server,
        DreamsConfig::new("dreams-key", "123")
            .deprecate_path(DreamsConfig::API_PREFIXED_DEPRECATE_PATH),
    );
    c.deprecate("F1").await.unwrap();
    assert_call(
        &only_request(&server).await,
        "POST",
        "/api/whatsapp/123/flows/F1/deprecate",
        AUTH,
    );

    let bad = client_with(
        &server,
        DreamsConfig::new("k", "123").deprecate_path("/x/{nope}/deprecate"),
    );
    assert!(matches!(
        bad.deprecate("F1").await,
        Err(ApiError::InvalidRequest(_))
    ));
}

#[tokio::test]
async fn send_flow_body() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/api/whatsapp/123/flows/send", 200, json!({"success": true, "message": "Message sent", "data": {"messages": [{"id": "wamid.D"}]}})).await;
    let msg = SendFlow::new(
        "966500000000",
        FlowRef::Id("F1".into()),
        "Start",
        "Body",
        FlowAction::navigate("WELCOME"),
    )
    .header("Head")
    .footer("Foot");
    let sent = client(&server).send_flow(&msg).await.unwrap();
    assert_eq!(sent.id.as_deref(), Some("wamid.D"));
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/api/whatsapp/123/flows/send", AUTH);
    assert_eq!(
        json_body(&r),
        json!({"to": "966500000000", "flow_id": "F1", "header_text": "Head", "body_text": "Body", "footer_text": "Foot", "flow_cta": "Start", "screen": "WELCOME"})
    );
}

#[tokio::test]
async fn send_flow_refuses_what_dreams_cannot_carry() {
    let server = MockServer::start().await;
    let c = client(&server);
    let base = || {
        SendFlow::new(
            "1",
            FlowRef::Id("F1".into()),
            "Go",
            "Hi",
            FlowAction::navigate("A"),
        )
    };
    let data = json!({"k": 1}).as_object().unwrap().clone();
    for msg in [
        SendFlow {
            flow: FlowRef::Name("n".into()),
            ..base()
        },
        base().draft(),
        base().flow_token("t"),
        SendFlow {
            action: FlowAction::DataExchange,
            ..base()
        },
        SendFlow {
            action: FlowAction::Navigate {
                screen: "A".into(),
                data: Some(data),
            },
            ..base()
        },
        base().reply_context(Default::default()),
    ] {
        assert!(
            matches!(
                c.send_flow(&msg).await,
                Err(ApiError::Unsupported {
                    provider: Provider::Dreams,
                    ..
                })
            ),
            "{msg:?}"
        );
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn unsupported_operations() {
    let server = MockServer::start().await;
    let c = client(&server);
    for (r, op) in [
        (c.list_assets("F1").await.map(drop), "list_assets"),
        (
            c.download_flow_json("F1").await.map(drop),
            "download_flow_json",
        ),
        (
            c.migrate_flows(&MigrateFlows {
                source_waba_id: "1".into(),
                source_flow_names: vec![],
            })
            .await
            .map(drop),
            "migrate_flows",
        ),
        (
            c.metrics(
                "F1",
                &MetricsQuery::new(MetricName::EndpointRequestCount, Granularity::Day),
            )
            .await
            .map(drop),
            "metrics",
        ),
        (
            c.get_business_public_key().await.map(drop),
            "get_business_public_key",
        ),
        (
            c.set_business_public_key("-----BEGIN").await,
            "set_business_public_key",
        ),
        (
            c.create_flow_template(&FlowTemplate::new(
                "n",
                "en",
                "MARKETING",
                "b",
                "t",
                TemplateFlow::Id("1".into()),
            ))
            .await
            .map(drop),
            "create_flow_template",
        ),
        (
            c.send_flow_template(&SendFlowTemplate::new("1", "n", "en"))
                .await
                .map(drop),
            "send_flow_template",
        ),
    ] {
        match r {
            Err(ApiError::Unsupported {
                provider: Provider::Dreams,
                operation,
            }) => assert_eq!(operation, op),
            other => panic!("{op}: {other:?}"),
        }
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn envelope_without_data_still_yields_its_validation_errors() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/api/whatsapp/123/flows/upload-flow-json", 200,
        json!({"success": true, "message": "Uploaded Successfully", "validations_errors": [validation_error_json()]})).await;
    let errors = client(&server)
        .upload_flow_json("F1", FLOW_JSON)
        .await
        .unwrap();
    assert_eq!(errors.len(), 1);
    assert_is_seed_validation_error(&errors[0]);
}
