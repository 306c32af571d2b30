//! `flow-dsl preview --local`'s JSON API, without a browser: the page's actions drive the
//! simulator, a changed file is reloaded, a broken one is reported, and `--endpoint` reaches a
//! real endpoint over HTTP with the WhatsApp encryption.

use std::time::{Duration, Instant};

use flow_dsl::cli::preview::{EndpointChoice, PreviewOptions, serve};
use flow_dsl::endpoint::{Endpoint, FlowPrivateKey, FlowRequest, FlowResponse};
use serde_json::{Value, json};

fn flow(title: &str) -> String {
    json!({"version": "7.3", "screens": [{"id": "START", "title": title, "terminal": true,
        "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true},
            {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete",
                "payload": {"email": "${form.email}"}}}]}}]})
    .to_string()
}

async fn start(options: PreviewOptions) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, options));
    format!("http://{addr}")
}

async fn action(http: &reqwest::Client, base: &str, body: Value) -> Value {
    http.post(format!("{base}/api/action"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn state(http: &reqwest::Client, base: &str) -> Value {
    http.get(format!("{base}/api/state"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_reload_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flow.json");
    std::fs::write(&file, flow("First")).unwrap();
    let base = start(PreviewOptions {
        path: dir.path().to_owned(),
        endpoint: EndpointChoice::default(),
    })
    .await;
    let http = reqwest::Client::new();

    let page = http.get(&base).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("flow-dsl preview"), "the embedded page");

    let s = state(&http, &base).await;
    assert_eq!(s["files"], json!(["flow.json"]));
    assert_eq!(s["snapshot"]["title"], "First");

    let s = action(&http, &base, json!({"op": "footer"})).await;
    assert_eq!(
        s["action_error"],
        "Footer disabled: required input 'email' is empty (screen START)"
    );
    let s = action(
        &http,
        &base,
        json!({"op": "fill", "name": "email", "value": "a@b.co"}),
    )
    .await;
    assert_eq!(s["snapshot"]["form"], json!({"email": "a@b.co"}));
    let s = action(&http, &base, json!({"op": "footer"})).await;
    assert_eq!(s["snapshot"]["completion"], json!({"email": "a@b.co"}));

    // Watch mode: a changed file restarts the flow.
    let version = s["version"].as_u64().unwrap();
    std::fs::write(&file, flow("Second")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let s = state(&http, &base).await;
        if s["version"].as_u64() > Some(version) {
            assert_eq!(s["snapshot"]["title"], "Second");
            assert!(s["snapshot"]["completion"].is_null(), "a fresh session");
            break;
        }
        assert!(Instant::now() < deadline, "not reloaded: {s}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // A broken file is reported on the page, not a crash.
    std::fs::write(&file, "{\"version\": ").unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let s = state(&http, &base).await;
        if let Some(e) = s["load_error"].as_str() {
            assert!(e.contains("flow.json"), "{e}");
            assert!(s["snapshot"].is_null());
            break;
        }
        assert!(Instant::now() < deadline, "no load error: {s}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoint_over_http_with_encryption() {
    let key = FlowPrivateKey::generate().unwrap();
    let public = key.public_key_pem().unwrap();
    let endpoint = Endpoint::builder(key)
        .app_secret("secret")
        .on_init(|_r: FlowRequest| async {
            Ok(FlowResponse::next_screen("ASK").with("question", "Why?"))
        })
        .on_data_exchange("ASK", |r: FlowRequest| async move {
            Ok(FlowResponse::finish().with("answer", r.data["answer"].clone()))
        })
        .build()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint_url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(
        async move { axum::serve(listener, flow_dsl::endpoint::axum::router(endpoint)).await },
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ask.json");
    std::fs::write(
        &file,
        json!({"version": "7.3", "data_api_version": "3.0", "routing_model": {"ASK": []},
            "screens": [{"id": "ASK", "terminal": true,
                "data": {"question": {"type": "string", "__example__": "?"}},
                "layout": {"type": "SingleColumnLayout", "children": [
                    {"type": "TextHeading", "text": "${data.question}"},
                    {"type": "TextInput", "name": "answer", "label": "Answer"},
                    {"type": "Footer", "label": "Send", "on-click-action": {"name": "data_exchange",
                        "payload": {"answer": "${form.answer}"}}}]}}]})
        .to_string(),
    )
    .unwrap();
    let base = start(PreviewOptions {
        path: file,
        endpoint: EndpointChoice {
            url: Some(endpoint_url),
            public_key_pem: Some(public),
            app_secret: Some("secret".into()),
        },
    })
    .await;
    let http = reqwest::Client::new();
    let s = state(&http, &base).await;
    assert_eq!(s["load_error"], Value::Null, "{s}");
    assert_eq!(
        s["snapshot"]["data"]["question"], "Why?",
        "INIT answered by the endpoint"
    );
    action(
        &http,
        &base,
        json!({"op": "fill", "name": "answer", "value": "Because"}),
    )
    .await;
    let s = action(&http, &base, json!({"op": "footer"})).await;
    assert_eq!(s["action_error"], Value::Null, "{s}");
    assert_eq!(
        s["snapshot"]["completion"],
        json!({"answer": "Because", "flow_token": "preview"})
    );
}

#[test]
fn screenshot_writes_one_png_per_screen() {
    if flow_dsl::cli::preview::find_browser().is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (see .ci/run)"
        );
        eprintln!("SKIPPED: no chromium installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flow.json");
    std::fs::write(&file, flow("Shot")).unwrap();
    let shots = dir.path().join("shots");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
        .arg("preview")
        .arg(&file)
        .arg("--screenshot")
        .arg(&shots)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(shots.join("START.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(String::from_utf8_lossy(&out.stdout).contains("START.png"));
}
