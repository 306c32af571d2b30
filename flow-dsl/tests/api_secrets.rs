//! Credentials are never echoed or carried where they do not belong: an answer quoting the token
//! is redacted before it becomes an error, a plan or a lockfile; `user:password@` or a query in
//! the base URL is refused without being shown; a redirect to another origin never carries
//! credentials (every provider's scheme: Bearer, AccessKey, Basic, OAuth client credentials), and
//! plain http off loopback stays refused after a redirect.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use base64::Engine as _;
use common::*;
use flow_dsl::api::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SECRET: &str = "SUPER-SECRET-CREDENTIAL-42";
const OAUTH_TOKEN: &str = "OAUTH-ACCESS-TOKEN-FROM-SERPRO-77";

fn configs(base: &str) -> Vec<(&'static str, ProviderConfig)> {
    vec![
        (
            "meta",
            MetaConfig::new(SECRET)
                .waba_id("W")
                .phone_number_id("P")
                .base_url(base)
                .into(),
        ),
        ("turn", TurnConfig::new(SECRET).base_url(base).into()),
        (
            "serpro-token",
            SerproConfig::with_token(SECRET, "W").base_url(base).into(),
        ),
        (
            "serpro-oauth",
            SerproConfig::with_client_credentials("client-id", SECRET, "W")
                .base_url(base)
                .into(),
        ),
        (
            "dreams",
            DreamsConfig::new(SECRET, "W").base_url(base).into(),
        ),
        (
            "jelou",
            JelouConfig::new("client-id", SECRET, "BOT")
                .base_url(base)
                .into(),
        ),
    ]
}

/// Every form a server may quote a credential in.
fn forbidden() -> Vec<String> {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("client-id:{SECRET}"));
    vec![SECRET.to_owned(), OAUTH_TOKEN.to_owned(), basic]
}

/// The credentials the client of provider `name` holds, in the forms a server may quote.
fn held_by(name: &str) -> Vec<String> {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("client-id:{SECRET}"));
    match name {
        "serpro-oauth" => vec![SECRET.to_owned(), OAUTH_TOKEN.to_owned()],
        "jelou" => vec![SECRET.to_owned(), basic],
        _ => vec![SECRET.to_owned()],
    }
}

fn assert_clean(what: &str, shown: &str) {
    assert_holds_none(what, shown, &forbidden());
}

fn assert_holds_none(what: &str, shown: &str, secrets: &[String]) {
    for f in secrets {
        assert!(
            !shown.contains(f.as_str()),
            "{what} shows a credential ({f}):\n{shown}"
        );
    }
}

/// One call of each kind the provider supports (all fail in these tests).
async fn calls(client: &FlowsClient) -> Vec<Result<(), ApiError>> {
    let send = SendFlow::new(
        "1",
        FlowRef::Name("f".into()),
        "Go",
        "Hi",
        FlowAction::navigate("A"),
    )
    .header("h")
    .footer("f");
    vec![
        client.get_flow("F1", &[]).await.map(drop),
        client.publish("F1").await,
        client.send_flow(&send).await.map(drop),
    ]
}

async fn token_endpoint(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": OAUTH_TOKEN, "expires_in": 3600})),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn answers_quoting_the_credential_are_redacted() {
    let server = MockServer::start().await;
    token_endpoint(&server).await;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("client-id:{SECRET}"));
    let quoting =
        format!("invalid token {SECRET} / {OAUTH_TOKEN} / Basic {basic} / access_token={SECRET}");
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": quoting, "type": "OAuthException", "code": 190}})))
        .mount(&server)
        .await;
    // A 2xx answer that is not JSON: the decode error keeps the (redacted) raw body.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("<html>{quoting}")))
        .mount(&server)
        .await;
    for (name, cfg) in configs(&server.uri()) {
        let client = FlowsClient::with_options(cfg, no_retry()).unwrap();
        for result in calls(&client).await {
            let Err(err) = result else { continue };
            if matches!(
                err,
                ApiError::Unsupported { .. } | ApiError::InvalidRequest(_)
            ) {
                continue;
            }
            let shown = format!(
                "{err} | {err:?} | {:?} | {:?}",
                err.raw_body(),
                std::error::Error::source(&err)
            );
            assert_holds_none(name, &shown, &held_by(name));
            assert!(shown.contains("[REDACTED]"), "{name}: {shown}");
        }
    }
}

#[tokio::test]
async fn a_token_endpoint_echoing_the_client_secret_is_redacted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_string(format!("bad client_secret={SECRET}&client_id=client-id")),
        )
        .mount(&server)
        .await;
    let client = FlowsClient::with_options(
        SerproConfig::with_client_credentials("client-id", SECRET, "W").base_url(server.uri()),
        no_retry(),
    )
    .unwrap();
    let err = client.get_flow("F1", &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::Auth { .. }), "{err:?}");
    assert_clean("token error", &format!("{err} {err:?}"));
}

#[test]
fn credentials_or_a_query_in_the_base_url_are_refused_without_echo() {
    for base in [
        "https://user:pa55word-XYZ@graph.example.com",
        "https://pa55word-XYZ@graph.example.com",
        "http://user:pa55word-XYZ@127.0.0.1:9",
        "https://graph.example.com/?access_token=pa55word-XYZ",
        "https://graph.example.com/#pa55word-XYZ",
        "http://user:pa55word-XYZ@10.0.0.1",
        "http://user:pa55word-XYZ@exa mple.com",
    ] {
        for (name, cfg) in configs(base) {
            let err = FlowsClient::new(cfg).unwrap_err();
            assert!(
                matches!(
                    err,
                    ApiError::InvalidUrl { .. } | ApiError::InsecureUrl { .. }
                ),
                "{name} {base}: {err:?}"
            );
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("pa55word-XYZ"), "{name}: {shown}");
        }
    }
}

/// Server `a` redirects every request (307) to server `b`, except the token endpoint when
/// `token_ok`.
async fn redirecting_pair(token_ok: bool) -> (MockServer, MockServer) {
    let (a, b) = (MockServer::start().await, MockServer::start().await);
    if token_ok {
        token_endpoint(&a).await;
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(307).insert_header("location", format!("{}/landed", b.uri())),
        )
        .mount(&a)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "F1", "success": true})),
        )
        .mount(&b)
        .await;
    (a, b)
}

fn carries_credentials(r: &Request) -> bool {
    let mut seen = format!("{} {}", r.url, String::from_utf8_lossy(&r.body));
    for (k, v) in &r.headers {
        seen.push_str(&format!(" {k}: {}", v.to_str().unwrap_or("")));
    }
    r.headers.contains_key("authorization") || forbidden().iter().any(|f| seen.contains(f.as_str()))
}

#[tokio::test]
async fn cross_origin_redirects_are_refused_for_every_auth_scheme() {
    let (a, b) = redirecting_pair(true).await;
    for (name, cfg) in configs(&a.uri()) {
        let client = FlowsClient::with_options(cfg, no_retry()).unwrap();
        for result in calls(&client).await {
            let Err(err) = result else {
                panic!("{name}: a refused redirect must be an error");
            };
            if matches!(
                err,
                ApiError::Unsupported { .. } | ApiError::InvalidRequest(_)
            ) {
                continue;
            }
            assert!(
                matches!(err, ApiError::RedirectRefused { .. }),
                "{name}: {err:?}"
            );
            assert!(err.to_string().contains("another origin"), "{err}");
        }
    }
    let landed = b.received_requests().await.unwrap();
    assert!(
        landed.is_empty(),
        "{} requests reached the other origin",
        landed.len()
    );
}

#[tokio::test]
async fn allowed_cross_origin_redirects_carry_no_credentials() {
    let (a, b) = redirecting_pair(true).await;
    for (name, cfg) in configs(&a.uri()) {
        let client =
            FlowsClient::with_options(cfg, no_retry().follow_cross_origin_redirects(true)).unwrap();
        let _ = calls(&client).await;
        let landed = b.received_requests().await.unwrap();
        assert!(!landed.is_empty(), "{name}: the redirect was followed");
        for r in &landed {
            assert!(!carries_credentials(r), "{name}: {} {:?}", r.url, r.headers);
        }
        b.reset().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "F1"})))
            .mount(&b)
            .await;
    }
}

#[tokio::test]
async fn the_oauth_token_request_is_never_redirected() {
    for allow in [false, true] {
        let (a, b) = redirecting_pair(false).await;
        let client = FlowsClient::with_options(
            SerproConfig::with_client_credentials("client-id", SECRET, "W").base_url(a.uri()),
            no_retry().follow_cross_origin_redirects(allow),
        )
        .unwrap();
        let err = client.get_flow("F1", &[]).await.unwrap_err();
        assert!(matches!(err, ApiError::RedirectRefused { .. }), "{err:?}");
        assert_clean("oauth redirect", &format!("{err} {err:?}"));
        assert!(b.received_requests().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn same_origin_redirects_keep_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/OLD"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/v25.0/NEW"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/NEW"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "NEW", "name": "n"})))
        .mount(&server)
        .await;
    let client =
        FlowsClient::with_options(MetaConfig::new(SECRET).base_url(server.uri()), no_retry())
            .unwrap();
    let flow = client.get_flow("OLD", &[]).await.unwrap();
    assert_eq!(flow.id, "NEW");
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2);
    assert!(reqs.iter().all(|r| r.headers.contains_key("authorization")));
}

#[tokio::test]
async fn plain_http_off_loopback_stays_refused_after_a_redirect() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(307).insert_header("location", "http://10.255.255.1:9/steal"),
        )
        .mount(&server)
        .await;
    for allow in [false, true] {
        for (name, cfg) in configs(&server.uri()) {
            let client =
                FlowsClient::with_options(cfg, no_retry().follow_cross_origin_redirects(allow))
                    .unwrap();
            for result in calls(&client).await {
                let Err(err) = result else {
                    panic!("{name}: followed plain http");
                };
                if matches!(
                    err,
                    ApiError::Unsupported { .. } | ApiError::InvalidRequest(_)
                ) {
                    continue;
                }
                // SERPRO's token request is refused earlier: it follows no redirect at all.
                assert!(
                    matches!(err, ApiError::InsecureUrl { .. })
                        || (name == "serpro-oauth"
                            && matches!(err, ApiError::RedirectRefused { .. })),
                    "{name}: {err:?}"
                );
            }
        }
    }
}

fn flow_dsl(dir: &Path, args: &[&str], token: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flow-dsl"));
    cmd.env_clear()
        .current_dir(dir)
        .args(args)
        .env("WHATSAPP_TOKEN", token)
        .env("NO_COLOR", "1");
    cmd.output().expect("flow-dsl runs")
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../examples/flows/{name}.json"))
        .to_string_lossy()
        .into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_never_prints_or_stores_the_token_or_url_credentials() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": format!("Invalid OAuth access token - Cannot parse access token {SECRET}"),
            "type": "OAuthException", "code": 190}})))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let (uri, dir_path, survey) = (server.uri(), dir.path().to_owned(), example("survey"));
    let outputs = tokio::task::spawn_blocking(move || {
        let mut outs = Vec::new();
        for json in [true, false] {
            let mut args = vec!["deploy", &survey, "--base-url", &uri, "--waba-id", "42"];
            if json {
                args.push("--json");
            }
            outs.push(flow_dsl(&dir_path, &args, SECRET));
        }
        // Credentials in the URL are refused, not printed, not stored.
        let with_userinfo = uri.replacen("http://", "http://deployer:pa55word-XYZ@", 1);
        for extra in [None, Some("--json"), Some("--dry-run")] {
            let mut args = vec![
                "deploy",
                &survey,
                "--base-url",
                &with_userinfo,
                "--waba-id",
                "42",
            ];
            args.extend(extra);
            outs.push(flow_dsl(&dir_path, &args, SECRET));
        }
        outs
    })
    .await
    .unwrap();
    for out in &outputs {
        let shown = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.status.success(), "{shown}");
        assert_clean("cli output", &shown);
        assert!(!shown.contains("pa55word-XYZ"), "{shown}");
    }
    let first = format!(
        "{}{}",
        String::from_utf8_lossy(&outputs[0].stdout),
        String::from_utf8_lossy(&outputs[0].stderr)
    );
    assert!(
        first.contains("[REDACTED]"),
        "the error is still shown: {first}"
    );
    // Nothing written anywhere holds a credential.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            assert_clean(&p.display().to_string(), &text);
            assert!(!text.contains("pa55word-XYZ"), "{}: {text}", p.display());
        }
    }
    // The server never saw a request carrying the URL's credentials.
    for r in server.received_requests().await.unwrap() {
        let auth = r
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(!auth.starts_with("Basic"), "{auth}");
    }
}
