//! The quickstart end to end against an in-process sandbox, twice: the first run creates and
//! publishes the flow, the second finds it unchanged and sends no request.

use flow_dsl::api::{FlowStatus, FlowsClient, MetaConfig};
use flow_dsl::deploy::{Action, Step, Target};
use flow_dsl::sandbox::{self, Operation, Sandbox, SandboxConfig};
use flow_dsl_examples::quickstart::{FLOW_NAME, feedback_flow, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quickstart_deploys_publishes_then_finds_nothing_changed() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = || {
        let client =
            FlowsClient::new(MetaConfig::new("t").waba_id("77").base_url(sb.base_url())).unwrap();
        Target::new(client, "meta:77")
    };

    let mut out = Vec::new();
    let first = run(target(), dir.path(), &mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("built quickstart-feedback: 2 screens, 0 errors"),
        "{text}"
    );
    assert!(text.contains("create + publish"), "{text}");
    assert!(text.contains("preview: http://127.0.0.1:"), "{text}");
    let written = std::fs::read_to_string(&first.flow_json).unwrap();
    assert_eq!(
        written.trim_end(),
        feedback_flow().build().unwrap().to_string_pretty()
    );
    assert_eq!(first.plan.flows[0].action, Action::Create);
    let outcome = &first.report.flows[0];
    assert!(matches!(outcome.steps[0], Step::Created { .. }));
    assert_eq!(outcome.steps[1], Step::Published);
    assert_eq!(outcome.status, Some(FlowStatus::Published));
    let id = outcome.id.clone().unwrap();
    let rec = sb.flow(&id).unwrap();
    assert_eq!(rec.name, FLOW_NAME);
    assert_eq!(rec.status, sandbox::FlowStatus::Published);
    assert!(first.preview_url.is_some());

    sb.clear_requests();
    let mut out = Vec::new();
    let second = run(target(), dir.path(), &mut out).await.unwrap();
    assert_eq!(second.plan.flows[0].action, Action::Unchanged);
    assert!(second.report.flows[0].steps.is_empty());
    assert_eq!(second.report.flows[0].id.as_deref(), Some(id.as_str()));
    // Only the preview lookup reached the server: the deploy itself sent nothing.
    assert_eq!(sb.requests().len(), 1, "{:?}", sb.requests());
    assert_eq!(sb.count(Operation::GetFlow), 1);
    assert_eq!(sb.flows().len(), 1);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quickstart_on_the_embedded_sandbox_keeps_state_between_runs() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.json");
    let mut out = Vec::new();
    let first = run(
        Target::embedded_sandbox(Some(&state)).await.unwrap(),
        dir.path(),
        &mut out,
    )
    .await
    .unwrap();
    assert_eq!(first.report.flows[0].status, Some(FlowStatus::Published));
    // A second "process": a new embedded sandbox loading the saved state.
    let second = run(
        Target::embedded_sandbox(Some(&state)).await.unwrap(),
        dir.path(),
        &mut out,
    )
    .await
    .unwrap();
    assert_eq!(second.plan.flows[0].action, Action::Unchanged);
    assert!(dir.path().join("flow-dsl.lock.sandbox.json").exists());
}
