//! Deploy through a provider other than Meta (SERPRO, on a mock server): planning lists the
//! flows once and adopts by name; a create carries no JSON there, so it is create + upload.

use crate::deploy_support;

use deploy_support::{flow_json, read_lock};
use flow_dsl::api::{Category, ClientOptions, FlowsClient, RetryPolicy, SerproConfig};
use flow_dsl::deploy::{Action, DeployOptions, Deployer, FlowSource, Step, Target};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answer(server: &MockServer, m: &str, p: &str, body: Value) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn serpro_lists_once_adopts_by_name_and_creates_then_uploads() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/waba/W1/flows",
        json!({"data": [
            {"id": "F9", "name": "old", "status": "DRAFT", "categories": ["OTHER"]}
        ]}),
    )
    .await;
    answer(&server, "POST", "/waba/W1/flows", json!({"id": "F1"})).await;
    let ok = json!({"success": true, "validation_errors": []});
    answer(&server, "PUT", "/waba/W1/flows/F1/json-asset", ok.clone()).await;
    answer(&server, "PUT", "/waba/W1/flows/F9/json-asset", ok).await;

    let client = FlowsClient::with_options(
        SerproConfig::with_token("t", "W1").base_url(server.uri()),
        ClientOptions::default().retry(RetryPolicy::none()),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let deployer = Deployer::new(
        Target::new(client, "serpro:W1"),
        DeployOptions::new("s").lockfile_dir(dir.path()),
    );
    let flows = [
        FlowSource::from_text("new", flow_json(1, 1), [Category::Other]),
        FlowSource::from_text("old", flow_json(2, 1), [Category::Other]),
    ];
    let plan = deployer.plan(&flows).await.unwrap();
    assert_eq!(plan.requests, 1);
    assert_eq!(plan.flows[0].action, Action::Create);
    assert!(matches!(&plan.flows[1].action, Action::Adopt { id, .. } if id == "F9"));

    let report = deployer.apply(plan).await.unwrap();
    assert!(report.is_success(), "{report}");
    assert_eq!(
        report.flows[0].steps,
        vec![Step::Created { id: "F1".into() }, Step::Uploaded]
    );
    assert_eq!(
        report.flows[1].steps,
        vec![Step::Adopted { id: "F9".into() }, Step::Uploaded]
    );
    let reqs = server.received_requests().await.unwrap();
    let calls: Vec<String> = reqs
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(calls.len(), 4, "{calls:?}");
    assert_eq!(
        calls
            .iter()
            .filter(|c| c.as_str() == "GET /waba/W1/flows")
            .count(),
        1
    );
    let create = reqs.iter().find(|r| r.method.as_str() == "POST").unwrap();
    let body: Value = serde_json::from_slice(&create.body).unwrap();
    assert!(
        body.get("flow_json").is_none(),
        "SERPRO takes no JSON at create: {body}"
    );
    let lock = read_lock(dir.path(), "s");
    assert_eq!(lock.flows["new"].id, "F1");
    assert_eq!(lock.flows["old"].id, "F9");
    assert!(lock.flows.values().all(|f| f.hash.starts_with("sha256:")));
}

/// Issue 16: the server's validation errors of a flow built in Rust point at the builder call.
#[tokio::test]
async fn server_validation_errors_map_back_to_the_rust_builder_call() {
    use flow_dsl::api::MetaConfig;
    use flow_dsl::builder::*;

    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v25.0/W1/flows",
        json!({"id": "F1", "success": true, "validation_errors": [{
            "error": "INVALID_PROPERTY_VALUE", "error_type": "FLOW_JSON_ERROR",
            "message": "Invalid value found for property 'text'.",
            "pointers": [{"path": "screens[0].layout.children[0].text"}]}]}),
    )
    .await;
    let mut flow = Flow::new("7.2");
    let start = flow.screen("START");
    flow.at(start).title("Hi").terminal(true);
    let line = line!() + 1;
    flow.at(start).child(TextHeading::new("Hello"));
    flow.at(start).child(Footer::new("Done", complete()));
    let src = FlowSource::new("hello", &flow).categories([Category::Other]);

    let client = FlowsClient::with_options(
        MetaConfig::new("t").waba_id("W1").base_url(server.uri()),
        ClientOptions::default().retry(RetryPolicy::none()),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let deployer = Deployer::new(
        Target::new(client, "meta:W1"),
        DeployOptions::new("r").lockfile_dir(dir.path()),
    );
    let report = deployer.deploy(&[src]).await.unwrap();
    let o = report.flow("hello").unwrap();
    assert!(!o.is_ok(), "{report}");
    let at = o.rust_locations[0].as_deref().expect("located in Rust");
    assert!(at.starts_with(&format!("{}:{line}:", file!())), "{at}");
    assert!(
        report.to_string().contains(&format!("built at {at}")),
        "{report}"
    );
    // Not counted as deployed: the next deploy uploads again.
    assert_eq!(read_lock(dir.path(), "r").flows["hello"].hash, "");
}
