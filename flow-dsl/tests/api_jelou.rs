//! Contract tests for Jelou (seed 003): send only, Basic auth, flow referred to by slug; every
//! management call is a typed Unsupported error and sends nothing.

use crate::common;

use common::*;
use flow_dsl::api::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEED: &str = "003_651afe2169c88bc6.txt";
const SEED_BODY: &str = r#"{
    "title": "Olá",
    "text": "Complete este fluxo para começar",
    "caption": "Jelou",
    "parameters": {
      "flow_name": "fluxo_de_boas_vindas",
      "flow_cta": "Iniciar Fluxo",
      "flow_action_payload": {
        "screen": "RECOMMEND"
      }
    }
  }"#;

fn client(server: &MockServer) -> FlowsClient {
    FlowsClient::with_options(
        JelouConfig::new("client-id", "client-secret", "BOT_ID").base_url(server.uri()),
        no_retry(),
    )
    .unwrap()
}

fn seed_message() -> SendFlow {
    SendFlow::new(
        "+593987654321",
        FlowRef::Name("fluxo_de_boas_vindas".into()),
        "Iniciar Fluxo",
        "Complete este fluxo para começar",
        FlowAction::navigate("RECOMMEND"),
    )
    .header("Olá")
    .footer("Jelou")
}

#[test]
fn fixture_is_the_seeds() {
    assert_in_seed(SEED, SEED_BODY);
    assert_in_seed(
        SEED,
        "https://api.jelou.ai/v1/bots/BOT_ID/users/593987654321/flow_message",
    );
}

#[tokio::test]
async fn send_flow_matches_the_seed_example() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/bots/BOT_ID/users/593987654321/flow_message"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let sent = client(&server).send_flow(&seed_message()).await.unwrap();
    assert_eq!(sent.id, None);
    assert_eq!(sent.raw, json!({}));
    let r = only_request(&server).await;
    assert_call(
        &r,
        "POST",
        "/v1/bots/BOT_ID/users/593987654321/flow_message",
        &basic("client-id", "client-secret"),
    );
    assert!(query(&r).is_empty());
    assert_eq!(
        json_body(&r),
        serde_json::from_str::<Value>(SEED_BODY).unwrap()
    );
}

#[tokio::test]
async fn reply_context_goes_to_payload() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(""))
        .mount(&server)
        .await;
    let ctx = json!({"order": 42}).as_object().unwrap().clone();
    client(&server)
        .send_flow(&seed_message().reply_context(ctx))
        .await
        .unwrap();
    let body = json_body(&only_request(&server).await);
    assert_eq!(body["payload"], json!({"order": 42}));
}

#[test]
fn basic_helper_is_rfc4648() {
    assert_eq!(
        basic("Aladdin", "open sesame"),
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
}

#[tokio::test]
async fn send_refusals() {
    let server = MockServer::start().await;
    let c = client(&server);
    let base = seed_message;
    for msg in [
        SendFlow {
            flow: FlowRef::Id("1".into()),
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
                data: Some(json!({"a": 1}).as_object().unwrap().clone()),
            },
            ..base()
        },
    ] {
        assert!(
            matches!(
                c.send_flow(&msg).await,
                Err(ApiError::Unsupported {
                    provider: Provider::Jelou,
                    ..
                })
            ),
            "{msg:?}"
        );
    }
    for msg in [
        SendFlow {
            header: None,
            ..base()
        },
        SendFlow {
            footer: None,
            ..base()
        },
        SendFlow {
            to: "+59 39".into(),
            ..base()
        },
        SendFlow {
            to: "+".into(),
            ..base()
        },
    ] {
        assert!(
            matches!(c.send_flow(&msg).await, Err(ApiError::InvalidRequest(_))),
            "{msg:?}"
        );
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn errors_keep_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Bot not found"})))
        .mount(&server)
        .await;
    let err = client(&server)
        .send_flow(&seed_message())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            ApiError::Http {
                provider: Provider::Jelou,
                status: 404,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.raw_body(), Some(r#"{"message":"Bot not found"}"#));
}

#[tokio::test]
async fn every_management_call_is_unsupported() {
    let server = MockServer::start().await;
    let c = client(&server);
    let create = CreateFlow::new("x", [Category::Other]).flow_json(FLOW_JSON);
    let metrics = MetricsQuery::new(MetricName::EndpointRequestCount, Granularity::Day);
    let migrate = MigrateFlows {
        source_waba_id: "1".into(),
        source_flow_names: vec![],
    };
    let template = FlowTemplate::new(
        "n",
        "en",
        "MARKETING",
        "b",
        "t",
        TemplateFlow::Id("1".into()),
    );
    let results = vec![
        ("create_flow", c.create_flow(&create).await.map(drop)),
        (
            "update_metadata",
            c.update_metadata("1", &UpdateMetadata::default().name("n"))
                .await,
        ),
        (
            "upload_flow_json",
            c.upload_flow_json("1", FLOW_JSON).await.map(drop),
        ),
        ("list_assets", c.list_assets("1").await.map(drop)),
        (
            "download_flow_json",
            c.download_flow_json("1").await.map(drop),
        ),
        ("publish", c.publish("1").await),
        ("deprecate", c.deprecate("1").await),
        ("delete_flow", c.delete_flow("1").await),
        ("get_flow", c.get_flow("1", &[]).await.map(drop)),
        (
            "list_flows",
            c.list_flows(&ListFlows::default()).await.map(drop),
        ),
        ("list_flows", c.list_all_flows().await.map(drop)),
        ("list_flows", c.find_flow_by_name("x").await.map(drop)),
        ("migrate_flows", c.migrate_flows(&migrate).await.map(drop)),
        ("metrics", c.metrics("1", &metrics).await.map(drop)),
        (
            "get_business_public_key",
            c.get_business_public_key().await.map(drop),
        ),
        (
            "set_business_public_key",
            c.set_business_public_key("-----BEGIN").await,
        ),
        (
            "create_flow_template",
            c.create_flow_template(&template).await.map(drop),
        ),
        (
            "send_flow_template",
            c.send_flow_template(&SendFlowTemplate::new("1", "n", "en"))
                .await
                .map(drop),
        ),
    ];
    for (op, r) in results {
        let err = r.expect_err(op);
        assert!(
            matches!(&err, ApiError::Unsupported { provider: Provider::Jelou, operation } if operation == op),
            "{op}: {err:?}"
        );
        assert_eq!(err.to_string(), format!("Jelou does not support {op}"));
    }
    assert!(requests(&server).await.is_empty(), "never a silent call");
}
