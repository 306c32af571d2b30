//! Contract tests for Turn.io (seed 001): exact requests, the `meta` wrapper, both error shapes.
//! Fixtures are copied from the seed; `fixtures_are_verbatim_from_the_seed` checks it.

use crate::common;

use common::*;
use flow_dsl::api::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEED: &str = "001_f7481d2ed215bcc9.txt";
const AUTH: &str = "Bearer turn-secret-token";

const CREATED: &str = r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 201 }, "id": "1234567890123456", "validation_errors": [] }"#;
const SUCCESS: &str =
    r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 200 }, "success": true }"#;
const UPLOADED: &str = r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 200 }, "success": true, "validation_errors": [] }"#;
const UPLOADED_WITH_ERRORS: &str = r#"{
"success": true,
"validation_errors": [
{
"error": "INVALID_PROPERTY_VALUE",
"error_type": "FLOW_JSON_ERROR",
"message": "Invalid value found for property 'type'.",
"line_start": 10,
"line_end": 10,
"column_start": 21,
"column_end": 34,
"pointers": [
{
"line_start": 10,
"line_end": 10,
"column_start": 21,
"column_end": 34,
"path": "screens[0].layout.children[0].type"
}
]
}
]
}"#;
const LISTED: &str = r#"{
"meta": { "version": "v1", "api_status": "stable", "http_code": 200 },
"data": [
{ "id": "1234567890123456", "name": "Pesquisa de Satisfação", "status": "PUBLISHED", "categories": ["SURVEY"], "validation_errors": [] },
{ "id": "6543210987654321", "name": "Fluxo de Cadastro", "status": "DRAFT", "categories": ["SIGN_UP"], "validation_errors": [] }
]
}"#;
const ASSETS: &str = r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 200 }, "data": [ { "name": "flow.json", "asset_type": "FLOW_JSON", "download_url": "https://scontent.xx.fbcdn.net/m1/v/..." } ] }"#;
const FEATURE_NOT_ENABLED: &str = r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 403 }, "error": { "code": "feature_not_enabled", "message": "The whatsapp_flows_api feature is not enabled for this number", "type": "FeatureNotEnabled" } }"#;
const NOT_SUPPORTED: &str = r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 403 }, "error": { "code": "not_supported", "message": "This operation is not supported for the given number type", "type": "NotSupported" } }"#;
const MISSING_PARAMETERS: &str = r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 400 }, "error": { "code": "missing_parameters", "message": "Missing required parameter: flow_id", "type": "BadRequest" } }"#;
const FLOW_NOT_FOUND: &str = r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 400 }, "errors": [ { "title": "Flow not found", "details": "The specified flow ID does not exist or is not accessible" } ] }"#;
const WABA_NOT_FOUND: &str = r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 400 }, "errors": [ { "title": "WABA not found", "details": "This number is not associated with a WhatsApp Business Account" } ] }"#;
const NOT_DRAFT: &str = r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 400 }, "error": { "code": 100, "message": "Flow is not in DRAFT status", "error_user_title": "Invalid Flow Status", "error_user_msg": "Only flows in DRAFT status can be published", "type": "OAuthException" } }"#;
const HAS_VALIDATION_ERRORS: &str = r#"{ "meta": { "version": "v1", "api_status": "stable", "http_code": 400 }, "error": { "code": 100, "message": "Flow has validation errors", "error_user_title": "Validation Failed", "error_user_msg": "Please fix all validation errors before publishing", "type": "OAuthException" } }"#;
const SEND_EXAMPLE: &str = r#"{
"to": "27123456789",
"type": "interactive",
"interactive": {
"type": "flow",
"header": { "type": "text", "text": "Pesquisa de Satisfação" },
"body": { "text": "Adoraríamos ouvir seu feedback! Por favor, reserve um momento para completar nossa pesquisa." },
"footer": { "text": "Seu feedback nos ajuda a melhorar" },
"action": {
"name": "flow",
"parameters": {
"flow_id": "1234567890123456",
"flow_cta": "Iniciar Pesquisa",
"flow_action": "navigate",
"flow_action_payload": { "screen": "SURVEY_START" },
"flow_message_version": "3",
"mode": "published"
}
}
}
}"#;

#[test]
fn fixtures_are_verbatim_from_the_seed() {
    for f in [
        CREATED,
        SUCCESS,
        UPLOADED,
        UPLOADED_WITH_ERRORS,
        LISTED,
        ASSETS,
        FEATURE_NOT_ENABLED,
        NOT_SUPPORTED,
        MISSING_PARAMETERS,
        FLOW_NOT_FOUND,
        WABA_NOT_FOUND,
        NOT_DRAFT,
        HAS_VALIDATION_ERRORS,
        SEND_EXAMPLE,
    ] {
        assert_in_seed(SEED, f);
    }
}

fn client(server: &MockServer) -> FlowsClient {
    FlowsClient::with_options(
        TurnConfig::new("turn-secret-token").base_url(server.uri()),
        no_retry(),
    )
    .unwrap()
}

async fn answer(server: &MockServer, m: &str, p: &str, status: u16, body: &str) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn create_flow() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v1/flows", 201, CREATED).await;
    let created = client(&server)
        .create_flow(
            &CreateFlow::new("Pesquisa de Satisfação", [Category::Survey]).flow_json(FLOW_JSON),
        )
        .await
        .unwrap();
    assert_eq!(
        created,
        CreatedFlow {
            id: "1234567890123456".into(),
            success: true,
            validation_errors: vec![]
        }
    );
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v1/flows", AUTH);
    assert_eq!(
        json_body(&r),
        json!({"name": "Pesquisa de Satisfação", "flow_json": FLOW_JSON, "categories": ["SURVEY"], "publish": false})
    );
}

#[tokio::test]
async fn create_flow_without_categories_lets_turn_default_them() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v1/flows", 201, CREATED).await;
    client(&server)
        .create_flow(&CreateFlow::new("x", []).flow_json(FLOW_JSON).publish(true))
        .await
        .unwrap();
    assert_eq!(
        json_body(&only_request(&server).await),
        json!({"name": "x", "flow_json": FLOW_JSON, "publish": true})
    );
}

#[tokio::test]
async fn create_flow_refusals() {
    let server = MockServer::start().await;
    let c = client(&server);
    assert!(matches!(
        c.create_flow(&CreateFlow::new("x", [Category::Other]))
            .await,
        Err(ApiError::InvalidRequest(_))
    ));
    let cloned = CreateFlow::new("x", [Category::Other])
        .flow_json(FLOW_JSON)
        .clone_flow_id("1");
    assert!(matches!(
        c.create_flow(&cloned).await,
        Err(ApiError::Unsupported {
            provider: Provider::Turn,
            ..
        })
    ));
    let endpoint = CreateFlow::new("x", [Category::Other])
        .flow_json(FLOW_JSON)
        .endpoint_uri("https://e");
    assert!(matches!(
        c.create_flow(&endpoint).await,
        Err(ApiError::Unsupported {
            provider: Provider::Turn,
            ..
        })
    ));
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn update_metadata() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v1/flows/1234567890123456", 200, SUCCESS).await;
    let upd = UpdateMetadata::default()
        .name("Formulário de Feedback do Cliente")
        .categories([Category::CustomerSupport, Category::Survey])
        .application_id("APP");
    client(&server)
        .update_metadata("1234567890123456", &upd)
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v1/flows/1234567890123456", AUTH);
    assert_eq!(
        json_body(&r),
        json!({"name": "Formulário de Feedback do Cliente", "categories": ["CUSTOMER_SUPPORT", "SURVEY"], "application_id": "APP"})
    );
    let endpoint = UpdateMetadata::default().endpoint_uri("https://e");
    assert!(matches!(
        client(&server).update_metadata("1", &endpoint).await,
        Err(ApiError::Unsupported { .. })
    ));
}

#[tokio::test]
async fn upload_sends_only_the_file_part() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v1/flows/1234567890123456/assets",
        200,
        UPLOADED,
    )
    .await;
    let errors = client(&server)
        .upload_flow_json("1234567890123456", FLOW_JSON)
        .await
        .unwrap();
    assert!(errors.is_empty());
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v1/flows/1234567890123456/assets", AUTH);
    assert_eq!(
        multipart(&r),
        vec![Part {
            name: "file".into(),
            filename: Some("flow.json".into()),
            content_type: Some("application/json".into()),
            content: FLOW_JSON.into()
        }]
    );
}

#[tokio::test]
async fn upload_with_validation_errors_is_accepted_and_errors_returned() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v1/flows/1/assets",
        200,
        UPLOADED_WITH_ERRORS,
    )
    .await;
    let errors = client(&server)
        .upload_flow_json("1", FLOW_JSON)
        .await
        .unwrap();
    assert_eq!(errors.len(), 1);
    assert_is_seed_validation_error(&errors[0]);
}

#[tokio::test]
async fn publish_deprecate_delete() {
    for (op, m, p) in [
        ("publish", "POST", "/v1/flows/77/publish"),
        ("deprecate", "POST", "/v1/flows/77/deprecate"),
        ("delete", "DELETE", "/v1/flows/77"),
    ] {
        let server = MockServer::start().await;
        answer(&server, m, p, 200, SUCCESS).await;
        let c = client(&server);
        match op {
            "publish" => c.publish("77").await.unwrap(),
            "deprecate" => c.deprecate("77").await.unwrap(),
            _ => c.delete_flow("77").await.unwrap(),
        }
        let r = only_request(&server).await;
        assert_call(&r, m, p, AUTH);
        assert!(query(&r).is_empty());
        assert_empty_body(&r);
    }
}

#[tokio::test]
async fn list_flows_and_get_flow_through_the_list() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v1/flows", 200, LISTED).await;
    let c = client(&server);
    let page = c.list_flows(&ListFlows::default()).await.unwrap();
    assert_eq!(page.paging, None);
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[0].name.as_deref(), Some("Pesquisa de Satisfação"));
    assert_eq!(page.data[0].status, Some(FlowStatus::Published));
    assert_eq!(page.data[1].status, Some(FlowStatus::Draft));
    assert_eq!(page.data[1].categories, vec![Category::SignUp]);
    let r = only_request(&server).await;
    assert_call(&r, "GET", "/v1/flows", AUTH);
    assert!(query(&r).is_empty());

    let flow = c
        .get_flow("6543210987654321", &[FlowField::Status])
        .await
        .unwrap();
    assert_eq!(flow.name.as_deref(), Some("Fluxo de Cadastro"));
    assert!(matches!(
        c.get_flow("0", &[]).await,
        Err(ApiError::FlowNotFound {
            provider: Provider::Turn,
            ..
        })
    ));
    assert!(matches!(
        c.get_flow("1", &[FlowField::Preview { invalidate: None }])
            .await,
        Err(ApiError::Unsupported { .. })
    ));
    assert!(matches!(
        c.list_flows(&ListFlows::default().after("cursor")).await,
        Err(ApiError::Unsupported { .. })
    ));
    // A page size is a hint the one-page answer meets: deploy lists with `limit=100`.
    assert_eq!(
        c.list_flows(&ListFlows::default().limit(5))
            .await
            .unwrap()
            .data
            .len(),
        2
    );
    assert_eq!(c.list_all_flows().await.unwrap().len(), 2);
    assert_eq!(
        c.find_flow_by_name("Fluxo de Cadastro")
            .await
            .unwrap()
            .unwrap()
            .id,
        "6543210987654321"
    );
}

#[tokio::test]
async fn list_assets_and_refuse_insecure_download() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v1/flows/1/assets", 200, ASSETS).await;
    let assets = client(&server).list_assets("1").await.unwrap();
    assert_eq!(assets[0].asset_type, "FLOW_JSON");
    assert_eq!(
        assets[0].download_url,
        "https://scontent.xx.fbcdn.net/m1/v/..."
    );
    assert_call(
        &only_request(&server).await,
        "GET",
        "/v1/flows/1/assets",
        AUTH,
    );

    let server = MockServer::start().await;
    answer(&server, "GET", "/v1/flows/2/assets", 200, r#"{"data":[{"name":"flow.json","asset_type":"FLOW_JSON","download_url":"http://cdn.example.com/f.json"}]}"#).await;
    let err = client(&server).download_flow_json("2").await.unwrap_err();
    assert!(matches!(err, ApiError::InsecureUrl { .. }), "{err:?}");
}

#[tokio::test]
async fn download_flow_json_through_the_asset_url() {
    let server = MockServer::start().await;
    let assets = format!(
        r#"{{"meta":{{"http_code":200}},"data":[{{"name":"flow.json","asset_type":"FLOW_JSON","download_url":"{}/dl/flow.json"}}]}}"#,
        server.uri()
    );
    answer(&server, "GET", "/v1/flows/1/assets", 200, &assets).await;
    Mock::given(method("GET"))
        .and(path("/dl/flow.json"))
        .respond_with(ResponseTemplate::new(200).set_body_string(FLOW_JSON))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server).download_flow_json("1").await.unwrap(),
        FLOW_JSON
    );
    let reqs = requests(&server).await;
    assert_eq!(header(&reqs[1], "authorization"), None);
}

#[tokio::test]
async fn send_flow_matches_the_seed_example() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v1/messages", 200, r#"{"messages":[{"id":"gBEGkYiEB1VXAglK1ZEqA1YKPrU"}],"meta":{"api_status":"stable","version":"v1"}}"#).await;
    let msg = SendFlow::new(
        "27123456789",
        FlowRef::Id("1234567890123456".into()),
        "Iniciar Pesquisa",
        "Adoraríamos ouvir seu feedback! Por favor, reserve um momento para completar nossa pesquisa.",
        FlowAction::navigate("SURVEY_START"),
    )
    .header("Pesquisa de Satisfação")
    .footer("Seu feedback nos ajuda a melhorar");
    let sent = client(&server).send_flow(&msg).await.unwrap();
    assert_eq!(sent.id.as_deref(), Some("gBEGkYiEB1VXAglK1ZEqA1YKPrU"));
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v1/messages", AUTH);
    assert_eq!(
        json_body(&r),
        serde_json::from_str::<Value>(SEND_EXAMPLE).unwrap()
    );

    let dx = SendFlow::new(
        "1",
        FlowRef::Id("1".into()),
        "Go",
        "Hi",
        FlowAction::DataExchange,
    );
    assert!(matches!(
        client(&server).send_flow(&dx).await,
        Err(ApiError::Unsupported {
            provider: Provider::Turn,
            ..
        })
    ));
}

#[tokio::test]
async fn error_object_with_string_code() {
    for (body, status, code, message) in [
        (
            FEATURE_NOT_ENABLED,
            403,
            "feature_not_enabled",
            "The whatsapp_flows_api feature is not enabled for this number",
        ),
        (
            NOT_SUPPORTED,
            403,
            "not_supported",
            "This operation is not supported for the given number type",
        ),
        (
            MISSING_PARAMETERS,
            400,
            "missing_parameters",
            "Missing required parameter: flow_id",
        ),
    ] {
        let server = MockServer::start().await;
        answer(&server, "POST", "/v1/flows/1/publish", status, body).await;
        let err = client(&server).publish("1").await.unwrap_err();
        let ApiError::Turn {
            status: s,
            code: c,
            message: m,
            errors,
            raw,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(*s, status);
        assert_eq!(c.as_deref(), Some(code));
        assert_eq!(m.as_deref(), Some(message));
        assert!(errors.is_empty());
        assert_eq!(raw, body);
        assert!(err.to_string().contains(code));
    }
}

#[tokio::test]
async fn errors_array_shape() {
    for (body, title) in [
        (FLOW_NOT_FOUND, "Flow not found"),
        (WABA_NOT_FOUND, "WABA not found"),
    ] {
        let server = MockServer::start().await;
        answer(&server, "DELETE", "/v1/flows/1", 400, body).await;
        let err = client(&server).delete_flow("1").await.unwrap_err();
        let ApiError::Turn {
            status: 400,
            code: None,
            errors,
            raw,
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(errors[0].title, title);
        assert!(errors[0].details.is_some());
        assert_eq!(raw, body);
        assert!(err.to_string().contains(title));
    }
}

#[tokio::test]
async fn numeric_code_is_metas_error_relayed() {
    for (body, message) in [
        (NOT_DRAFT, "Flow is not in DRAFT status"),
        (HAS_VALIDATION_ERRORS, "Flow has validation errors"),
    ] {
        let server = MockServer::start().await;
        answer(&server, "POST", "/v1/flows/1/publish", 400, body).await;
        let err = client(&server).publish("1").await.unwrap_err();
        assert_eq!(err.graph_kind(), Some(GraphErrorKind::InvalidParameter));
        let ApiError::Graph {
            provider: Provider::Turn,
            status: 400,
            error,
            raw,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(error.message, message);
        assert!(error.error_user_title.is_some());
        assert_eq!(error.error_type.as_deref(), Some("OAuthException"));
        assert_eq!(raw, body);
    }
}

#[tokio::test]
async fn unknown_error_body_and_success_false() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v1/flows/1/publish", 500, "oops").await;
    answer(
        &server,
        "POST",
        "/v1/flows/2/publish",
        200,
        r#"{"meta":{"http_code":200},"success":false}"#,
    )
    .await;
    let c = client(&server);
    assert!(matches!(
        c.publish("1").await,
        Err(ApiError::Http {
            status: 500,
            provider: Provider::Turn,
            ..
        })
    ));
    assert!(matches!(
        c.publish("2").await,
        Err(ApiError::Unsuccessful {
            provider: Provider::Turn,
            ..
        })
    ));
}

#[tokio::test]
async fn unsupported_operations_send_nothing() {
    let server = MockServer::start().await;
    let c = client(&server);
    let unsupported = |r: Result<(), ApiError>, op: &str| match r {
        Err(ApiError::Unsupported {
            provider: Provider::Turn,
            operation,
        }) => assert!(operation.starts_with(op), "{operation}"),
        other => panic!("{op}: {other:?}"),
    };
    unsupported(
        c.migrate_flows(&MigrateFlows {
            source_waba_id: "1".into(),
            source_flow_names: vec![],
        })
        .await
        .map(drop),
        "migrate_flows",
    );
    unsupported(
        c.metrics(
            "1",
            &MetricsQuery::new(MetricName::EndpointRequestCount, Granularity::Day),
        )
        .await
        .map(drop),
        "metrics",
    );
    unsupported(
        c.get_business_public_key().await.map(drop),
        "get_business_public_key",
    );
    unsupported(
        c.set_business_public_key("-----BEGIN").await,
        "set_business_public_key",
    );
    unsupported(
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
    );
    unsupported(
        c.send_flow_template(&SendFlowTemplate::new("1", "n", "en"))
            .await
            .map(drop),
        "send_flow_template",
    );
    assert!(requests(&server).await.is_empty());
}
