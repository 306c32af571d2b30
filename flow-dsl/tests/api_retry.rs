//! Retries: only idempotent calls, with backoff, honouring Retry-After and X-Ratelimit-Reset;
//! create and send are never retried; timeouts are typed.

use crate::common;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::*;
use flow_dsl::api::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn meta(server: &MockServer, options: ClientOptions) -> FlowsClient {
    FlowsClient::with_options(
        MetaConfig::new("tok")
            .waba_id("W")
            .phone_number_id("P")
            .base_url(server.uri()),
        options,
    )
    .unwrap()
}

async fn fail_first(server: &MockServer, m: &str, p: &str, n: u64, failure: ResponseTemplate) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(failure)
        .up_to_n_times(n)
        .mount(server)
        .await;
}

async fn then_ok(server: &MockServer, m: &str, p: &str, body: serde_json::Value) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn status_429_with_retry_after_seconds_then_success() {
    let server = MockServer::start().await;
    fail_first(
        &server,
        "GET",
        "/v25.0/F1",
        1,
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
    )
    .await;
    then_ok(&server, "GET", "/v25.0/F1", json!({"id": "F1"})).await;
    let started = Instant::now();
    let flow = meta(&server, fast_options())
        .get_flow("F1", &[])
        .await
        .unwrap();
    assert_eq!(flow.id, "F1");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After honoured: {:?}",
        started.elapsed()
    );
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_http_date() {
    let server = MockServer::start().await;
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(1));
    fail_first(
        &server,
        "GET",
        "/v25.0/F1",
        1,
        ResponseTemplate::new(503).insert_header("Retry-After", at.as_str()),
    )
    .await;
    then_ok(&server, "GET", "/v25.0/F1", json!({"id": "F1"})).await;
    meta(&server, fast_options())
        .get_flow("F1", &[])
        .await
        .unwrap();
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn turn_x_ratelimit_reset_is_honoured() {
    let server = MockServer::start().await;
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 1;
    let limited = ResponseTemplate::new(429)
        .insert_header("X-Ratelimit-Bucket", "60")
        .insert_header("X-Ratelimit-Limit", "60")
        .insert_header("X-Ratelimit-Remaining", "0")
        .insert_header("X-Ratelimit-Reset", reset.to_string().as_str());
    fail_first(&server, "GET", "/v1/flows", 1, limited).await;
    then_ok(
        &server,
        "GET",
        "/v1/flows",
        json!({"meta": {"http_code": 200}, "data": []}),
    )
    .await;
    let c = FlowsClient::with_options(TurnConfig::new("t").base_url(server.uri()), fast_options())
        .unwrap();
    let started = Instant::now();
    assert!(
        c.list_flows(&ListFlows::default())
            .await
            .unwrap()
            .data
            .is_empty()
    );
    assert!(
        started.elapsed() >= Duration::from_millis(100),
        "waited until the reset"
    );
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn server_error_on_get_is_retried_with_backoff() {
    let server = MockServer::start().await;
    fail_first(
        &server,
        "GET",
        "/v25.0/W/flows",
        2,
        ResponseTemplate::new(503),
    )
    .await;
    then_ok(
        &server,
        "GET",
        "/v25.0/W/flows",
        json!({"data": [{"id": "1"}]}),
    )
    .await;
    assert_eq!(
        meta(&server, fast_options())
            .list_all_flows()
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn retries_are_bounded_and_the_last_answer_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(500).set_body_string("down"))
        .mount(&server)
        .await;
    let opts = fast_options().retry(
        RetryPolicy::default()
            .max_retries(2)
            .initial_backoff(Duration::from_millis(1)),
    );
    let err = meta(&server, opts).delete_flow("F1").await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.raw_body(), Some("down"));
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn idempotent_posts_are_retried() {
    let server = MockServer::start().await;
    fail_first(
        &server,
        "POST",
        "/v25.0/F1/publish",
        1,
        ResponseTemplate::new(502),
    )
    .await;
    then_ok(
        &server,
        "POST",
        "/v25.0/F1/publish",
        json!({"success": true}),
    )
    .await;
    fail_first(
        &server,
        "POST",
        "/v25.0/F1/assets",
        1,
        ResponseTemplate::new(504),
    )
    .await;
    then_ok(
        &server,
        "POST",
        "/v25.0/F1/assets",
        json!({"success": true}),
    )
    .await;
    let c = meta(&server, fast_options());
    c.publish("F1").await.unwrap();
    c.upload_flow_json("F1", FLOW_JSON).await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 4);
    assert_eq!(
        multipart(&reqs[2]),
        multipart(&reqs[3]),
        "the multipart body is rebuilt identically"
    );
}

#[tokio::test]
async fn graph_rate_limit_codes_in_a_400_are_retried() {
    for code in [4, 80007] {
        let server = MockServer::start().await;
        fail_first(
            &server,
            "GET",
            "/v25.0/F1",
            1,
            ResponseTemplate::new(400)
                .set_body_json(json!({"error": {"message": "Too many calls", "code": code}})),
        )
        .await;
        then_ok(&server, "GET", "/v25.0/F1", json!({"id": "F1"})).await;
        meta(&server, fast_options())
            .get_flow("F1", &[])
            .await
            .unwrap();
        assert_eq!(requests(&server).await.len(), 2, "code {code}");
    }
}

#[tokio::test]
async fn create_is_never_retried_and_can_be_reconciled_by_name() {
    for failure in [
        ResponseTemplate::new(500),
        ResponseTemplate::new(503).insert_header("Retry-After", "0"),
        ResponseTemplate::new(429),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v25.0/W/flows"))
            .respond_with(failure)
            .mount(&server)
            .await;
        then_ok(
            &server,
            "GET",
            "/v25.0/W/flows",
            json!({"data": [{"id": "F7", "name": "Survey", "status": "DRAFT"}]}),
        )
        .await;
        let c = meta(&server, fast_options());
        let req = CreateFlow::new("Survey", [Category::Survey]);
        let err = c.create_flow(&req).await.unwrap_err();
        assert_eq!(requests(&server).await.len(), 1, "create sent once");
        if err.status() != Some(429) {
            assert!(err.is_ambiguous(), "{err:?}");
        }
        let found = c.find_flow_by_name(&req.name).await.unwrap();
        assert_eq!(
            found.map(|f| f.id),
            Some("F7".into()),
            "the flow the failed create made is found"
        );
    }
}

#[tokio::test]
async fn send_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let msg = SendFlow::new(
        "1",
        FlowRef::Id("F".into()),
        "Go",
        "Hi",
        FlowAction::navigate("A"),
    );
    assert!(meta(&server, fast_options()).send_flow(&msg).await.is_err());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"error": {"message": "bad", "code": 100}})),
        )
        .mount(&server)
        .await;
    assert!(
        meta(&server, fast_options())
            .get_flow("F1", &[])
            .await
            .is_err()
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_wait_longer_than_allowed_is_not_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = meta(&server, fast_options())
        .get_flow("F1", &[])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn timeouts_are_typed_and_retried_only_when_idempotent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "F1"}))
                .set_delay(Duration::from_millis(500)),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "F1"}))
                .set_delay(Duration::from_millis(500)),
        )
        .mount(&server)
        .await;
    let opts = fast_options().timeout(Duration::from_millis(100)).retry(
        RetryPolicy::default()
            .max_retries(1)
            .initial_backoff(Duration::from_millis(1)),
    );
    let c = meta(&server, opts);
    let err = c.get_flow("F1", &[]).await.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Timeout {
                provider: Provider::Meta
            }
        ),
        "{err:?}"
    );
    assert!(err.is_ambiguous());
    assert_eq!(requests(&server).await.len(), 2);

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "F1"}))
                .set_delay(Duration::from_millis(500)),
        )
        .mount(&server)
        .await;
    let err = c
        .create_flow(&CreateFlow::new("x", [Category::Other]))
        .await
        .unwrap_err();
    assert!(err.is_ambiguous());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_retried_for_gets() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = FlowsClient::with_options(
        MetaConfig::new("tok").base_url(format!("http://127.0.0.1:{port}")),
        fast_options(),
    )
    .unwrap();
    let err = c.get_flow("F1", &[]).await.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Transport {
                provider: Provider::Meta,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_ambiguous());
}

#[tokio::test]
async fn publish_converges_when_a_retry_meets_an_already_published_flow() {
    let server = MockServer::start().await;
    // First attempt: the server publishes but the answer is lost (503); the retry is refused.
    fail_first(
        &server,
        "POST",
        "/v25.0/F1/publish",
        1,
        ResponseTemplate::new(503),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/F1/publish"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": {"message": "Flow is not in DRAFT status", "code": 139002}}),
        ))
        .mount(&server)
        .await;
    then_ok(
        &server,
        "GET",
        "/v25.0/F1",
        json!({"id": "F1", "status": "PUBLISHED"}),
    )
    .await;
    meta(&server, fast_options()).publish("F1").await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_eq!(
        query(&reqs[2]),
        vec![("fields".to_string(), "id,status".to_string())]
    );
}

#[tokio::test]
async fn a_real_publish_refusal_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/F1/publish"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": {"message": "Flow has validation errors", "code": 139002}}),
        ))
        .mount(&server)
        .await;
    then_ok(
        &server,
        "GET",
        "/v25.0/F1",
        json!({"id": "F1", "status": "DRAFT"}),
    )
    .await;
    let err = meta(&server, fast_options())
        .publish("F1")
        .await
        .unwrap_err();
    assert_eq!(err.graph_kind(), Some(GraphErrorKind::PublishFailed));
}

#[tokio::test]
async fn a_refused_deprecate_is_an_error_unless_a_retry_met_the_done_change() {
    // Issue 16: a single attempt refused with 400 (the flow was deprecated before this call)
    // is what the caller must see, not a success.
    let refusal = ResponseTemplate::new(400).set_body_json(json!({"meta": {"http_code": 400},
        "error": {"code": 139003, "message": "Flow is already deprecated"}}));
    let listed =
        json!({"meta": {"http_code": 200}, "data": [{"id": "F1", "status": "DEPRECATED"}]});
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/flows/F1/deprecate"))
        .respond_with(refusal.clone())
        .mount(&server)
        .await;
    then_ok(&server, "GET", "/v1/flows", listed.clone()).await;
    let c = FlowsClient::with_options(TurnConfig::new("t").base_url(server.uri()), fast_options())
        .unwrap();
    let err = c.deprecate("F1").await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(
        requests(&server).await.len(),
        1,
        "no status lookup without a retry"
    );

    // The first attempt's answer is lost (503): the refused retry means it was done.
    let server = MockServer::start().await;
    fail_first(
        &server,
        "POST",
        "/v1/flows/F1/deprecate",
        1,
        ResponseTemplate::new(503),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/v1/flows/F1/deprecate"))
        .respond_with(refusal)
        .mount(&server)
        .await;
    then_ok(&server, "GET", "/v1/flows", listed).await;
    let c = FlowsClient::with_options(TurnConfig::new("t").base_url(server.uri()), fast_options())
        .unwrap();
    c.deprecate("F1").await.unwrap();
}
