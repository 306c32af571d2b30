//! Fault injection seen from a reqwest client, and the request log/counters.
#![cfg(feature = "sandbox")]

use std::time::{Duration, Instant};

use flow_dsl::sandbox::{Fault, Faults, Operation, Outcome, Sandbox, SandboxConfig, SandboxHandle};
use serde_json::{Value, json};

const WABA: &str = "123456";

async fn start(faults: Faults) -> SandboxHandle {
    Sandbox::start(SandboxConfig {
        faults,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

async fn create(
    http: &reqwest::Client,
    sb: &SandboxHandle,
    name: &str,
) -> reqwest::Result<reqwest::Response> {
    http.post(format!("{}/v25.0/{WABA}/flows", sb.base_url()))
        .bearer_auth("t")
        .json(&json!({ "name": name, "categories": ["OTHER"] }))
        .send()
        .await
}

async fn list_status(http: &reqwest::Client, sb: &SandboxHandle) -> Option<u16> {
    http.get(format!("{}/v25.0/{WABA}/flows", sb.base_url()))
        .bearer_auth("t")
        .send()
        .await
        .ok()
        .map(|r| r.status().as_u16())
}

#[tokio::test]
async fn latency_delays_every_request() {
    let sb = start(Faults::latency(400)).await;
    let http = client();
    for _ in 0..2 {
        let t = Instant::now();
        assert_eq!(list_status(&http, &sb).await, Some(200));
        assert!(
            t.elapsed() >= Duration::from_millis(400),
            "{:?}",
            t.elapsed()
        );
    }
    sb.clear_faults();
    let t = Instant::now();
    assert_eq!(list_status(&http, &sb).await, Some(200));
    assert!(
        t.elapsed() < Duration::from_millis(400),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let sb = start(Faults {
        retry_after_secs: 3,
        ..Faults::script([Fault::RateLimit])
    })
    .await;
    let http = client();
    let resp = create(&http, &sb, "a").await.unwrap();
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "3");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"]["code"], 80007);
    assert_eq!(body["error"]["is_transient"], true);
    assert!(body["error"]["fbtrace_id"].is_string());
    assert!(sb.flows().is_empty(), "a rate-limited create has no effect");
    assert_eq!(create(&http, &sb, "a").await.unwrap().status(), 200);
    assert_eq!(sb.flows().len(), 1);

    // The application-level limit, code 4.
    sb.set_faults(Faults {
        rate_limit_code: 4,
        ..Faults::script([Fault::RateLimit])
    })
    .unwrap();
    let body: Value = create(&http, &sb, "b").await.unwrap().json().await.unwrap();
    assert_eq!(body["error"]["code"], 4);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("(#4)")
    );
}

#[tokio::test]
async fn server_errors_use_the_configured_status() {
    let sb = start(Faults {
        server_error_status: 503,
        ..Faults::script([Fault::ServerError, Fault::Pass, Fault::ServerError])
    })
    .await;
    let http = client();
    let statuses: Vec<_> = statuses(&http, &sb, 4).await;
    assert_eq!(statuses, [Some(503), Some(200), Some(503), Some(200)]);
    let log = sb.requests();
    assert_eq!(log[0].fault, Some(Fault::ServerError));
    assert_eq!(log[0].status, Some(503));
    assert_eq!(log[1].fault, None);
}

async fn statuses(http: &reqwest::Client, sb: &SandboxHandle, n: usize) -> Vec<Option<u16>> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(list_status(http, sb).await);
    }
    out
}

#[tokio::test]
async fn dropped_connection_is_a_transport_error_without_effect() {
    let sb = start(Faults::script([Fault::DropConnection])).await;
    let http = client();
    let err = create(&http, &sb, "a")
        .await
        .expect_err("connection must be dropped");
    assert!(err.status().is_none(), "{err:?}");
    assert!(sb.flows().is_empty());
    let log = sb.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].outcome, Outcome::DroppedConnection);
    assert_eq!(log[0].status, None);
    // The same client recovers on a fresh connection.
    assert_eq!(create(&http, &sb, "a").await.unwrap().status(), 200);
}

#[tokio::test]
async fn dropped_response_hides_a_successful_create() {
    let sb = start(Faults {
        only: vec![Operation::CreateFlow],
        ..Faults::script([Fault::DropResponse])
    })
    .await;
    let http = client();
    // Listing is not targeted and does not consume the script.
    assert_eq!(list_status(&http, &sb).await, Some(200));
    let err = create(&http, &sb, "ambiguous")
        .await
        .expect_err("response must be dropped");
    assert!(err.status().is_none(), "{err:?}");
    // The create happened: a retry would now hit the duplicate-name error…
    assert_eq!(sb.flows().len(), 1);
    let retry = create(&http, &sb, "ambiguous").await.unwrap();
    assert_eq!(retry.status(), 400);
    assert_eq!(retry.json::<Value>().await.unwrap()["error"]["code"], 100);
    // …and reconciling by listing finds it.
    let listed: Value = http
        .get(format!("{}/{WABA}/flows?fields=name", sb.base_url()))
        .bearer_auth("t")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["data"][0]["name"], "ambiguous");
    let outcomes: Vec<_> = sb.requests().iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [
            Outcome::Responded,
            Outcome::DroppedResponse,
            Outcome::Responded,
            Outcome::Responded
        ]
    );
}

#[tokio::test]
async fn stall_makes_client_timeouts_fire_after_the_effect() {
    let sb = start(Faults {
        stall_ms: 5_000,
        ..Faults::script([Fault::Stall])
    })
    .await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(800))
        .build()
        .unwrap();
    let err = create(&http, &sb, "slow").await.expect_err("must time out");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(sb.flows().len(), 1);
}

#[tokio::test]
async fn seeded_probabilities_are_reproducible() {
    let faults = Faults {
        server_error: 0.3,
        rate_limit: 0.2,
        seed: 1234,
        ..Faults::default()
    };
    let run = || async {
        let sb = start(faults.clone()).await;
        let http = client();
        let statuses = statuses(&http, &sb, 40).await;
        sb.shutdown().await;
        statuses
    };
    let a = run().await;
    let b = run().await;
    assert_eq!(a, b);
    let errors = a.iter().filter(|s| **s != Some(200)).count();
    assert!((8..=32).contains(&errors), "{a:?}");
    assert!(a.contains(&Some(429)) && a.contains(&Some(500)) && a.contains(&Some(200)));
}

#[tokio::test]
async fn request_log_counts_exactly() {
    let sb = start(Faults::default()).await;
    let http = client();
    for i in 0..3 {
        assert_eq!(
            create(&http, &sb, &format!("f{i}")).await.unwrap().status(),
            200
        );
    }
    assert_eq!(list_status(&http, &sb).await, Some(200));
    // Unauthenticated and unknown requests are logged too, with their status.
    let resp = http
        .get(format!("{}/v25.0/{WABA}/flows", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    // Control routes are not.
    let state: Value = http
        .get(format!("{}/_sandbox/state", sb.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["flows"].as_object().unwrap().len(), 3);

    let log = sb.requests();
    assert_eq!(log.len(), 5);
    assert_eq!(sb.count(Operation::CreateFlow), 3);
    assert_eq!(sb.count(Operation::ListFlows), 2);
    assert_eq!(log[0].method, "POST");
    assert_eq!(log[0].path, format!("/v25.0/{WABA}/flows"));
    assert_eq!(log[4].status, Some(401));
    let seqs: Vec<_> = log.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [0, 1, 2, 3, 4]);
    let over_http: Value = http
        .get(format!("{}/_sandbox/requests", sb.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(over_http.as_array().unwrap().len(), 5);
    assert_eq!(over_http[0]["operation"], "create_flow");
    sb.clear_requests();
    assert!(sb.requests().is_empty());
}

#[tokio::test]
async fn faults_can_be_changed_at_runtime_over_http() {
    let sb = start(Faults::default()).await;
    let http = client();
    let url = format!("{}/_sandbox/faults", sb.base_url());
    let resp = http
        .put(&url)
        .json(&json!({ "script": ["rate_limit", "pass", "server_error"], "retry_after_secs": 2 }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        sb.faults().script,
        [Fault::RateLimit, Fault::Pass, Fault::ServerError]
    );
    assert_eq!(
        statuses(&http, &sb, 4).await,
        [Some(429), Some(200), Some(500), Some(200)]
    );

    let bad = http
        .put(&url)
        .json(&json!({ "server_error": 7.0 }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let bad = http.put(&url).body("nope").send().await.unwrap();
    assert_eq!(bad.status(), 400);

    http.put(&url)
        .json(&json!({ "latency_ms": 120 }))
        .send()
        .await
        .unwrap();
    let current: Value = http.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(current["latency_ms"], 120);
    assert_eq!(http.delete(&url).send().await.unwrap().status(), 204);
    assert_eq!(sb.faults(), Faults::default());

    // System transitions through the control API.
    let id = create(&http, &sb, "x")
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resp = http
        .put(format!("{}/_sandbox/flows/{id}/status", sb.base_url()))
        .json(&json!({ "status": "BLOCKED" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    assert_eq!(
        sb.flow(&id).unwrap().status,
        flow_dsl::sandbox::FlowStatus::Blocked
    );
    let resp = http
        .put(format!("{}/_sandbox/flows/{id}/status", sb.base_url()))
        .json(&json!({ "status": "NOPE" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
}

#[tokio::test]
async fn invalid_fault_settings_are_refused() {
    let err = Sandbox::start(SandboxConfig {
        faults: Faults {
            drop_connection: -0.1,
            ..Faults::default()
        },
        ..SandboxConfig::default()
    })
    .await
    .unwrap_err();
    assert!(err.to_string().contains("drop_connection"), "{err}");
    let sb = start(Faults::default()).await;
    assert!(
        sb.set_faults(Faults {
            server_error_status: 200,
            ..Faults::default()
        })
        .is_err()
    );
    assert_eq!(sb.faults(), Faults::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_is_per_request_not_serialised() {
    let sb = start(Faults::latency(100)).await;
    let http = client();
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(8));
    let t = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (http, url, gate) = (
            http.clone(),
            format!("{}/v25.0/{WABA}/flows", sb.base_url()),
            gate.clone(),
        );
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("semaphore open");
            http.post(url)
                .bearer_auth("t")
                .json(&json!({ "name": format!("f{i}"), "categories": ["OTHER"] }))
                .send()
                .await
                .map(|r| r.status().as_u16())
        });
    }
    while let Some(done) = tasks.join_next().await {
        assert_eq!(done.expect("task").expect("response"), 200);
    }
    // 50 requests, 8 at a time, 100 ms each: about 0.7 s; serialised it would be 5 s.
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    assert_eq!(sb.count(Operation::CreateFlow), 50);
    assert_eq!(sb.requests().len(), 50);
    assert_eq!(sb.flows().len(), 50);
}

#[tokio::test]
async fn client_giving_up_during_latency_is_logged_as_cancelled() {
    let sb = start(Faults::latency(1_500)).await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = create(&http, &sb, "late").await.expect_err("must time out");
    assert!(err.is_timeout(), "{err:?}");
    let deadline = Instant::now() + Duration::from_secs(5);
    while sb.requests().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let log = sb.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].outcome, Outcome::Cancelled);
    assert_eq!(log[0].status, None);
    assert!(sb.flows().is_empty(), "cancelled during latency: no effect");
}
