//! Contract tests for SERPRO (seed 000): `/waba/{wabaId}/flows...`, PUT metadata, PUT
//! json-asset, bearer token direct or via OAuth2 client credentials (UNCONFIRMED path).

use crate::common;

use common::*;
use flow_dsl::api::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AUTH: &str = "Bearer serpro-token";

fn client(server: &MockServer) -> FlowsClient {
    FlowsClient::with_options(
        SerproConfig::with_token("serpro-token", "W1").base_url(server.uri()),
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

#[test]
fn paths_are_the_seeds() {
    for p in [
        "https://api.whatsapp.serpro.gov.br/waba/{wabaId}/flows",
        "https://api.whatsapp.serpro.gov.br/waba/{wabaId}/flows/{flowId}",
        "https://api.whatsapp.serpro.gov.br/waba/{wabaId}/flows/{flowId}/json-asset",
        "https://api.whatsapp.serpro.gov.br/waba/{wabaId}/flows/{flowId}/publish",
        "https://api.whatsapp.serpro.gov.br/waba/{wabaId}/flows/{flowId}/deprecate",
    ] {
        assert_in_seed("000_c6e07a5fd66be72e.txt", p);
    }
    assert_eq!(
        SerproConfig::DEFAULT_BASE_URL,
        "https://api.whatsapp.serpro.gov.br"
    );
}

#[tokio::test]
async fn create_flow() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/waba/W1/flows", 200, json!({"id": "F1"})).await;
    let req = CreateFlow::new("Cadastro", [Category::SignUp])
        .clone_flow_id("F0")
        .endpoint_uri("https://e.gov.br/flow");
    assert_eq!(client(&server).create_flow(&req).await.unwrap().id, "F1");
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/waba/W1/flows", AUTH);
    assert_eq!(
        json_body(&r),
        json!({"name": "Cadastro", "categories": ["SIGN_UP"], "clone_flow_id": "F0", "endpoint_uri": "https://e.gov.br/flow"})
    );
}

#[tokio::test]
async fn create_with_json_is_unsupported_and_categories_are_required() {
    let server = MockServer::start().await;
    let c = client(&server);
    let with_json = CreateFlow::new("x", [Category::Other]).flow_json(FLOW_JSON);
    assert!(matches!(
        c.create_flow(&with_json).await,
        Err(ApiError::Unsupported {
            provider: Provider::Serpro,
            ..
        })
    ));
    assert!(matches!(
        c.create_flow(&CreateFlow::new("x", [])).await,
        Err(ApiError::InvalidRequest(_))
    ));
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn update_metadata_is_put() {
    let server = MockServer::start().await;
    answer(
        &server,
        "PUT",
        "/waba/W1/flows/F1",
        200,
        json!({"success": true}),
    )
    .await;
    let upd = UpdateMetadata::default()
        .name("N")
        .categories([Category::Other])
        .endpoint_uri("https://e")
        .application_id("A");
    client(&server).update_metadata("F1", &upd).await.unwrap();
    let r = only_request(&server).await;
    assert_call(&r, "PUT", "/waba/W1/flows/F1", AUTH);
    assert_eq!(
        json_body(&r),
        json!({"name": "N", "categories": ["OTHER"], "endpoint_uri": "https://e", "application_id": "A"})
    );
    let bad = UpdateMetadata::default().categories([]);
    assert!(matches!(
        client(&server).update_metadata("F1", &bad).await,
        Err(ApiError::InvalidRequest(_))
    ));
}

#[tokio::test]
async fn upload_is_put_json_asset_with_three_parts() {
    let server = MockServer::start().await;
    answer(
        &server,
        "PUT",
        "/waba/W1/flows/F1/json-asset",
        200,
        json!({"success": true, "validation_errors": [validation_error_json()]}),
    )
    .await;
    let errors = client(&server)
        .upload_flow_json("F1", FLOW_JSON)
        .await
        .unwrap();
    assert_is_seed_validation_error(&errors[0]);
    let r = only_request(&server).await;
    assert_call(&r, "PUT", "/waba/W1/flows/F1/json-asset", AUTH);
    assert_eq!(
        multipart(&r),
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
async fn download_json_asset() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/waba/W1/flows/F1/json-asset"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(FLOW_JSON, "application/json"))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server).download_flow_json("F1").await.unwrap(),
        FLOW_JSON
    );
    let r = only_request(&server).await;
    assert_call(&r, "GET", "/waba/W1/flows/F1/json-asset", AUTH);
}

#[tokio::test]
async fn publish_deprecate_delete() {
    for (op, m, p) in [
        ("publish", "POST", "/waba/W1/flows/F1/publish"),
        ("deprecate", "POST", "/waba/W1/flows/F1/deprecate"),
        ("delete", "DELETE", "/waba/W1/flows/F1"),
    ] {
        let server = MockServer::start().await;
        answer(&server, m, p, 200, json!({"success": true})).await;
        let c = client(&server);
        match op {
            "publish" => c.publish("F1").await.unwrap(),
            "deprecate" => c.deprecate("F1").await.unwrap(),
            _ => c.delete_flow("F1").await.unwrap(),
        }
        let r = only_request(&server).await;
        assert_call(&r, m, p, AUTH);
        assert_empty_body(&r);
    }
}

#[tokio::test]
async fn get_and_list() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/waba/W1/flows/F1", 200, json!({"id": "F1", "name": "Cadastro", "status": "DRAFT", "categories": ["SIGN_UP"],
        "endpoint_uri": null, "preview": {"preview_url": "https://p", "expires_at": "2025-01-01T00:00:00+0000"}, "validation_errors": []})).await;
    answer(&server, "GET", "/waba/W1/flows", 200, json!({"data": [{"id": "F1", "name": "Cadastro", "status": "DRAFT", "categories": ["SIGN_UP"]}],
        "paging": {"cursors": {"before": "a", "after": "b"}}})).await;
    let c = client(&server);
    let flow = c
        .get_flow("F1", &[FlowField::Preview { invalidate: None }])
        .await
        .unwrap();
    assert_eq!(flow.preview.unwrap().preview_url, "https://p");
    let r = only_request(&server).await;
    assert_call(&r, "GET", "/waba/W1/flows/F1", AUTH);
    assert!(query(&r).is_empty());
    assert!(matches!(
        c.get_flow("F1", &[FlowField::HealthStatus { phone_number: None }])
            .await,
        Err(ApiError::Unsupported { .. })
    ));

    let page = c.list_flows(&ListFlows::default()).await.unwrap();
    assert_eq!(page.data[0].status, Some(FlowStatus::Draft));
    let reqs = requests(&server).await;
    assert_call(&reqs[1], "GET", "/waba/W1/flows", AUTH);
    assert!(query(&reqs[1]).is_empty());
}

#[tokio::test]
async fn list_as_bare_array() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/waba/W1/flows",
        200,
        json!([{"id": "F1", "name": "A"}, {"id": "F2", "name": "B"}]),
    )
    .await;
    let all = client(&server).list_all_flows().await.unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn graph_error_envelope_and_raw_fallback() {
    let server = MockServer::start().await;
    answer(&server, "DELETE", "/waba/W1/flows/F1", 400, json!({"error": {"message": "Cannot delete", "type": "OAuthException", "code": 139004, "fbtrace_id": "x"}})).await;
    Mock::given(method("POST"))
        .and(path("/waba/W1/flows/F1/publish"))
        .respond_with(ResponseTemplate::new(401).set_body_string("Unauthorized"))
        .mount(&server)
        .await;
    let c = client(&server);
    let err = c.delete_flow("F1").await.unwrap_err();
    assert!(matches!(
        &err,
        ApiError::Graph {
            provider: Provider::Serpro,
            status: 400,
            ..
        }
    ));
    assert_eq!(err.graph_kind(), Some(GraphErrorKind::CannotDelete));
    let err = c.publish("F1").await.unwrap_err();
    assert!(
        matches!(&err, ApiError::Http { provider: Provider::Serpro, status: 401, raw, .. } if raw == "Unauthorized")
    );
}

#[tokio::test]
async fn oauth2_client_credentials_token_is_fetched_once_and_used() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "fresh-access-token", "token_type": "Bearer", "expires_in": 3600})))
        .expect(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "POST",
        "/waba/W1/flows/F1/publish",
        200,
        json!({"success": true}),
    )
    .await;
    let c = FlowsClient::with_options(
        SerproConfig::with_client_credentials("cid", "csecret", "W1").base_url(server.uri()),
        no_retry(),
    )
    .unwrap();
    c.publish("F1").await.unwrap();
    c.clone().publish("F1").await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[0].url.path(), "/oauth2/token");
    assert_eq!(
        form_body(&reqs[0]),
        vec![
            ("grant_type".to_string(), "client_credentials".to_string()),
            ("client_id".to_string(), "cid".to_string()),
            ("client_secret".to_string(), "csecret".to_string())
        ]
    );
    assert_eq!(header(&reqs[0], "authorization"), None);
    for r in &reqs[1..] {
        assert_call(
            r,
            "POST",
            "/waba/W1/flows/F1/publish",
            "Bearer fresh-access-token",
        );
    }
    assert!(!format!("{c:?}").contains("fresh-access-token"));
    assert!(!format!("{c:?}").contains("csecret"));
}

#[tokio::test]
async fn oauth2_token_path_is_configurable_and_failures_are_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/v2/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"})))
        .mount(&server)
        .await;
    let c = FlowsClient::with_options(
        SerproConfig::with_client_credentials("cid", "the-client-secret", "W1")
            .base_url(server.uri())
            .token_path("/auth/v2/token"),
        no_retry(),
    )
    .unwrap();
    let err = c.publish("F1").await.unwrap_err();
    assert!(
        matches!(
            &err,
            ApiError::Auth {
                provider: Provider::Serpro,
                status: 401,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("the-client-secret"));
    assert!(!format!("{err:?}").contains("the-client-secret"));
    assert_eq!(
        requests(&server).await.len(),
        1,
        "no API call without a token"
    );
}

#[tokio::test]
async fn a_401_drops_the_cached_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "t1", "expires_in": 3600})),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/waba/W1/flows/F1/publish"))
        .respond_with(ResponseTemplate::new(401).set_body_string("expired"))
        .mount(&server)
        .await;
    let c = FlowsClient::with_options(
        SerproConfig::with_client_credentials("cid", "cs", "W1").base_url(server.uri()),
        no_retry(),
    )
    .unwrap();
    assert!(c.publish("F1").await.is_err());
    assert!(c.publish("F1").await.is_err());
    let token_calls = requests(&server)
        .await
        .iter()
        .filter(|r| r.url.path() == "/oauth2/token")
        .count();
    assert_eq!(token_calls, 2);
}

#[tokio::test]
async fn unsupported_operations() {
    let server = MockServer::start().await;
    let c = client(&server);
    for (r, op) in [
        (c.list_assets("F1").await.map(drop), "list_assets"),
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
            c.send_flow(&SendFlow::new(
                "1",
                FlowRef::Id("F".into()),
                "Go",
                "Hi",
                FlowAction::navigate("A"),
            ))
            .await
            .map(drop),
            "send_flow",
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
                provider: Provider::Serpro,
                operation,
            }) => assert_eq!(operation, op),
            other => panic!("{op}: {other:?}"),
        }
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_wild_token_lifetime_does_not_panic() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "t", "expires_in": u64::MAX})),
        )
        .mount(&server)
        .await;
    answer(
        &server,
        "POST",
        "/waba/W1/flows/F1/publish",
        200,
        json!({"success": true}),
    )
    .await;
    let c = FlowsClient::with_options(
        SerproConfig::with_client_credentials("i", "s", "W1").base_url(server.uri()),
        no_retry(),
    )
    .unwrap();
    c.publish("F1").await.unwrap();
    let bad = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"token": "no access_token key"})),
        )
        .mount(&bad)
        .await;
    let c = FlowsClient::with_options(
        SerproConfig::with_client_credentials("i", "s", "W1").base_url(bad.uri()),
        no_retry(),
    )
    .unwrap();
    let err = c.publish("F1").await.unwrap_err();
    assert!(
        matches!(
            &err,
            ApiError::Decode {
                operation: "oauth2_token",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        !err.raw_body().unwrap().contains("no access_token key"),
        "the token answer is withheld"
    );
}
