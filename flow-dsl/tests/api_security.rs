//! Credentials never leak (Debug, Display, errors, logs) and plain http:// is refused except to
//! loopback.

use crate::common;

use common::*;
use flow_dsl::api::*;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "SUPER-SECRET-CREDENTIAL-42";

fn configs(base: &str) -> Vec<ProviderConfig> {
    vec![
        MetaConfig::new(SECRET)
            .waba_id("W")
            .phone_number_id("P")
            .base_url(base)
            .into(),
        TurnConfig::new(SECRET).base_url(base).into(),
        SerproConfig::with_token(SECRET, "W").base_url(base).into(),
        SerproConfig::with_client_credentials("id", SECRET, "W")
            .base_url(base)
            .into(),
        DreamsConfig::new(SECRET, "W").base_url(base).into(),
        JelouConfig::new("id", SECRET, "BOT").base_url(base).into(),
    ]
}

#[test]
fn configs_and_clients_never_show_the_secret() {
    for cfg in configs("https://example.com") {
        let dbg = format!("{cfg:?}");
        assert!(!dbg.contains(SECRET), "{dbg}");
        let client = FlowsClient::new(cfg).unwrap();
        let dbg = format!("{client:?} {:?}", client.clone());
        assert!(!dbg.contains(SECRET), "{dbg}");
    }
}

#[tokio::test]
async fn errors_never_show_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/oauth2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": SECRET})))
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}}))).mount(&server).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .mount(&server)
        .await;
    for cfg in configs(&server.uri()) {
        let client = FlowsClient::with_options(cfg, no_retry()).unwrap();
        let provider = client.provider();
        let results = [
            client.get_flow("F1", &[]).await.map(drop),
            client.publish("F1").await,
            client
                .send_flow(
                    &SendFlow::new(
                        "1",
                        FlowRef::Name("f".into()),
                        "Go",
                        "Hi",
                        FlowAction::navigate("A"),
                    )
                    .header("h")
                    .footer("f"),
                )
                .await
                .map(drop),
        ];
        for r in results {
            let err = r.expect_err("every call fails here");
            let shown = format!("{err} {err:?} {:?}", std::error::Error::source(&err));
            assert!(!shown.contains(SECRET), "{provider}: {shown}");
        }
    }
}

#[tokio::test]
async fn a_secret_with_forbidden_header_characters_is_refused_without_echo() {
    let server = MockServer::start().await;
    let client = FlowsClient::with_options(
        MetaConfig::new("bad\ntoken-XYZ").base_url(server.uri()),
        no_retry(),
    )
    .unwrap();
    let err = client.get_flow("F1", &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::InvalidRequest(_)));
    assert!(!format!("{err} {err:?}").contains("token-XYZ"));
    assert!(requests(&server).await.is_empty());
}

#[test]
fn plain_http_is_refused_except_to_loopback() {
    for base in [
        "http://graph.facebook.com",
        "http://10.1.2.3:8080",
        "http://[2001:db8::1]",
        "http://localhost.example.com",
    ] {
        for cfg in configs(base) {
            let err = FlowsClient::new(cfg).unwrap_err();
            assert!(
                matches!(err, ApiError::InsecureUrl { .. }),
                "{base}: {err:?}"
            );
            assert!(err.to_string().contains("http://"));
        }
    }
    for base in [
        "http://127.0.0.1:9",
        "http://127.1.2.3",
        "http://[::1]:8080",
        "http://localhost:3000",
        "https://graph.facebook.com",
    ] {
        for cfg in configs(base) {
            assert!(FlowsClient::new(cfg).is_ok(), "{base}");
        }
    }
    for base in [
        "ftp://example.com",
        "graph.facebook.com",
        "",
        "mailto:a@b.c",
    ] {
        let err = FlowsClient::new(TurnConfig::new("t").base_url(base)).unwrap_err();
        assert!(
            matches!(
                err,
                ApiError::InvalidUrl { .. } | ApiError::InsecureUrl { .. }
            ),
            "{base}: {err:?}"
        );
    }
}

#[test]
fn client_debug_names_provider_and_base_but_no_secret() {
    let c = FlowsClient::new(MetaConfig::new(SECRET).waba_id("W")).unwrap();
    let dbg = format!("{c:?}");
    assert!(
        dbg.contains("Meta")
            && dbg.contains("graph.facebook.com")
            && dbg.contains("Bearer([REDACTED])"),
        "{dbg}"
    );
    assert!(!dbg.contains(SECRET));
}
