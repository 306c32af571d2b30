//! Deploy against the in-process sandbox: each plan action, the published-flow policy,
//! adoption, dry runs, local validation, and the reconciliation of ambiguous creates.

use crate::deploy_support;

use deploy_support::*;
use flow_dsl::api::{Category, FlowStatus};
use flow_dsl::deploy::{Action, DeployError, DeployOptions, FlowSource, Step};
use flow_dsl::sandbox::{self, Fault, Faults, Operation};

fn mutating(sb: &sandbox::SandboxHandle) -> usize {
    sb.requests().iter().filter(|r| r.method != "GET").count()
}

#[tokio::test]
async fn update_of_a_draft_uploads_after_checking_its_status() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let d = deployer(&sb, dir.path(), DeployOptions::new("t"));
    d.deploy(&flows(2, 1)).await.unwrap();
    let first_id = read_lock(dir.path(), "t").flows["flow-00"].id.clone();
    sb.clear_requests();

    let mut next = flows(2, 1);
    next[0].document = flow_dsl::deploy::FlowDocument::Text(flow_json(0, 2));
    let plan = d.plan(&next).await.unwrap();
    assert_eq!(
        plan.flows[0].action,
        Action::Update {
            json: true,
            metadata: false
        }
    );
    assert_eq!(plan.flows[1].action, Action::Unchanged);
    let report = d.apply(plan).await.unwrap();
    assert!(report.is_success(), "{report}");
    assert_eq!(report.flows[0].steps, vec![Step::Uploaded]);
    assert_eq!(sb.count(Operation::GetFlow), 1, "status check");
    assert_eq!(sb.count(Operation::UploadAsset), 1);
    assert_eq!(sb.requests().len(), 2);
    let rec = sb.flow(&first_id).unwrap();
    assert_eq!(rec.flow_json.as_deref(), Some(&*next[0].json_text()));
    assert_eq!(rec.status, sandbox::FlowStatus::Draft);

    // A flow left out of the input is reported, never touched.
    let partial = d.plan(&next[..1]).await.unwrap();
    assert_eq!(partial.untracked, ["flow-01"]);
    assert!(partial.to_string().contains("left alone: flow-01"));

    // Reformatting the file changes nothing: the hash is over canonical JSON.
    sb.clear_requests();
    let mut reformatted = next.clone();
    let v: serde_json::Value = serde_json::from_str(&next[0].json_text()).unwrap();
    reformatted[0].document =
        flow_dsl::deploy::FlowDocument::Text(serde_json::to_string(&v).unwrap());
    let plan = d.plan(&reformatted).await.unwrap();
    assert!(plan.is_noop(), "{plan}");

    // A category change is a metadata update.
    let mut recat = next.clone();
    recat[1].categories = vec![Category::Survey];
    let plan = d.plan(&recat).await.unwrap();
    assert_eq!(
        plan.flows[1].action,
        Action::Update {
            json: false,
            metadata: true
        }
    );
    let report = d.apply(plan).await.unwrap();
    assert_eq!(report.flows[1].steps, vec![Step::MetadataUpdated]);
    let id1 = read_lock(dir.path(), "t").flows["flow-01"].id.clone();
    assert_eq!(sb.flow(&id1).unwrap().categories, vec!["SURVEY".to_owned()]);
    sb.shutdown().await;
}

#[tokio::test]
async fn publish_then_the_published_flow_policy() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let plain = deployer(&sb, dir.path(), DeployOptions::new("t"));
    let publishing = deployer(&sb, dir.path(), DeployOptions::new("t").publish(true));
    let v1 = flows(1, 1);
    plain.deploy(&v1).await.unwrap();

    // Unchanged draft + publish: one publish request.
    sb.clear_requests();
    let plan = publishing.plan(&v1).await.unwrap();
    assert_eq!(plan.flows[0].action, Action::Publish);
    let report = publishing.apply(plan).await.unwrap();
    assert!(report.is_success(), "{report}");
    assert_eq!(sb.requests().len(), 1);
    assert_eq!(sb.count(Operation::Publish), 1);
    let old_id = report.flows[0].id.clone().unwrap();
    assert_eq!(
        sb.flow(&old_id).unwrap().status,
        sandbox::FlowStatus::Published
    );
    assert_eq!(
        read_lock(dir.path(), "t").flows["flow-00"].status,
        FlowStatus::Published
    );

    // Published and unchanged: nothing, even with publish.
    let plan = publishing.plan(&v1).await.unwrap();
    assert!(plan.is_noop(), "{plan}");

    // Published and changed: a new flow `flow-00 (v2)`; the old one untouched.
    let v2 = vec![FlowSource::from_text(
        "flow-00",
        flow_json(0, 2),
        [Category::Other],
    )];
    let plan = plain.plan(&v2).await.unwrap();
    assert_eq!(
        plan.flows[0].action,
        Action::NewVersion {
            from_id: old_id.clone(),
            version: 2
        }
    );
    assert_eq!(plan.flows[0].remote_name, "flow-00 (v2)");
    let report = plain.apply(plan).await.unwrap();
    assert!(report.is_success(), "{report}");
    let new_id = report.flows[0].id.clone().unwrap();
    assert_ne!(new_id, old_id);
    let old = sb.flow(&old_id).unwrap();
    assert_eq!(old.status, sandbox::FlowStatus::Published);
    assert_eq!(old.flow_json.as_deref(), Some(&*v1[0].json_text()));
    let new = sb.flow(&new_id).unwrap();
    assert_eq!(new.name, "flow-00 (v2)");
    assert_eq!(
        new.status,
        sandbox::FlowStatus::Draft,
        "not published without --publish"
    );
    let lock = read_lock(dir.path(), "t");
    assert_eq!(lock.flows["flow-00"].id, new_id);
    assert_eq!(lock.flows["flow-00"].version, 2);
    assert_eq!(lock.flows["flow-00"].previous_versions[0].id, old_id);

    // The v2 draft is then updated in place like any draft.
    let v2b = vec![FlowSource::from_text(
        "flow-00",
        flow_json(0, 3),
        [Category::Other],
    )];
    let plan = publishing.plan(&v2b).await.unwrap();
    assert_eq!(
        plan.flows[0].action,
        Action::Update {
            json: true,
            metadata: false
        }
    );
    let report = publishing.apply(plan).await.unwrap();
    assert_eq!(report.flows[0].steps, vec![Step::Uploaded, Step::Published]);
    assert_eq!(
        sb.flow(&new_id).unwrap().status,
        sandbox::FlowStatus::Published
    );

    // Opt-in: edit the published flow in place (it becomes a DRAFT, keeps its id).
    let editing = deployer(
        &sb,
        dir.path(),
        DeployOptions::new("t").allow_edit_published(true),
    );
    let v2c = vec![FlowSource::from_text(
        "flow-00",
        flow_json(0, 4),
        [Category::Other],
    )];
    let plan = editing.plan(&v2c).await.unwrap();
    assert_eq!(
        plan.flows[0].action,
        Action::EditPublished {
            json: true,
            metadata: false
        }
    );
    let report = editing.apply(plan).await.unwrap();
    assert!(report.is_success(), "{report}");
    assert_eq!(report.flows[0].id.as_deref(), Some(new_id.as_str()));
    assert_eq!(sb.flow(&new_id).unwrap().status, sandbox::FlowStatus::Draft);
    assert_eq!(
        read_lock(dir.path(), "t").flows["flow-00"].status,
        FlowStatus::Draft
    );
    assert_eq!(sb.flows().len(), 2);
    sb.shutdown().await;
}

#[tokio::test]
async fn a_flow_published_by_hand_is_not_edited_through_a_stale_lockfile() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let d = deployer(&sb, dir.path(), DeployOptions::new("t"));
    d.deploy(&flows(1, 1)).await.unwrap();
    let id = read_lock(dir.path(), "t").flows["flow-00"].id.clone();
    target(&sb).client.publish(&id).await.unwrap();
    let report = d.deploy(&flows(1, 2)).await.unwrap();
    assert!(report.is_success(), "{report}");
    assert!(
        report.flows[0].steps.contains(&Step::Superseded),
        "{report}"
    );
    let old = sb.flow(&id).unwrap();
    assert_eq!(old.status, sandbox::FlowStatus::Published);
    assert_eq!(old.flow_json.as_deref(), Some(flow_json(0, 1).as_str()));
    assert_eq!(report.flows[0].remote_name, "flow-00 (v2)");
    sb.shutdown().await;
}

#[tokio::test]
async fn a_missing_lockfile_adopts_instead_of_duplicating() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let d = deployer(&sb, dir.path(), DeployOptions::new("t").publish(true));
    d.deploy(&flows(3, 1)).await.unwrap();
    let before = read_lock(dir.path(), "t");
    std::fs::remove_file(flow_dsl::deploy::lockfile_path(dir.path(), "t")).unwrap();
    sb.clear_requests();

    // Optimistic create on Meta: refused as a duplicate, then adopted; the published flows are
    // compared with the server's JSON and left alone.
    let report = d.deploy(&flows(3, 1)).await.unwrap();
    assert!(report.is_success(), "{report}");
    assert_eq!(sb.flows().len(), 3);
    for o in &report.flows {
        assert!(matches!(o.steps[0], Step::Adopted { .. }), "{report}");
        assert!(
            !o.steps.contains(&Step::Uploaded),
            "same content is not uploaded: {report}"
        );
    }
    assert_eq!(sb.count(Operation::UploadAsset), 0);
    assert_eq!(mutating(&sb), 3, "only the three refused creates");
    assert_eq!(read_lock(dir.path(), "t").flows, before.flows);

    // With verify the plan itself shows the adoption.
    std::fs::remove_file(flow_dsl::deploy::lockfile_path(dir.path(), "t")).unwrap();
    let v = deployer(&sb, dir.path(), DeployOptions::new("t").verify(true));
    let plan = v.plan(&flows(3, 1)).await.unwrap();
    assert!(matches!(
        plan.flows[0].action,
        Action::Adopt {
            status: FlowStatus::Published,
            ..
        }
    ));
    sb.shutdown().await;
}

#[tokio::test]
async fn dry_run_plans_without_mutating() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let d = deployer(&sb, dir.path(), DeployOptions::new("t").publish(true));
    let plan = d.plan(&flows(3, 1)).await.unwrap();
    assert!(
        plan.flows
            .iter()
            .all(|f| f.action == Action::Create && f.publish)
    );
    assert_eq!(sb.requests().len(), 0, "planning on Meta needs no request");
    assert!(!flow_dsl::deploy::lockfile_path(dir.path(), "t").exists());
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["flows"][0]["action"]["kind"], "create");
    // With verify: one GET, nothing else.
    let v = deployer(&sb, dir.path(), DeployOptions::new("t").verify(true));
    v.plan(&flows(3, 1)).await.unwrap();
    assert_eq!(mutating(&sb), 0);
    assert_eq!(sb.requests().len(), 1);
    assert!(sb.flows().is_empty());
    sb.shutdown().await;
}

#[tokio::test]
async fn invalid_flows_are_refused_locally_unless_forced() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let broken = r#"{"version": "7.2", "screens": [{"id": "START", "layout": {"type": "SingleColumnLayout", "children": []}}]}"#;
    let mut input = flows(1, 1);
    input.push(FlowSource::from_text("broken", broken, []));
    input.push(FlowSource::from_text("not-json", "{", []));
    let d = deployer(&sb, dir.path(), DeployOptions::new("t").publish(true));
    match d.plan(&input).await {
        Err(DeployError::Invalid(bad)) => {
            let names: Vec<_> = bad.iter().map(|b| b.name.as_str()).collect();
            assert_eq!(names, ["broken", "not-json"]);
            assert!(bad.iter().all(|b| !b.errors.is_empty()));
            assert_eq!(bad[1].errors[0].error, "INVALID_FLOW_JSON");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(sb.requests().len(), 0);

    // Forced: uploaded, the server's validation_errors reported, the flow failed (issue 16:
    // not counted as deployed) and not published.
    let forced = deployer(
        &sb,
        dir.path(),
        DeployOptions::new("t").publish(true).force(true),
    );
    let report = forced.deploy(&input[..2]).await.unwrap();
    let b = report.flow("broken").unwrap();
    assert!(!b.validation_errors.is_empty(), "{report}");
    assert!(
        b.error
            .as_deref()
            .unwrap_or("")
            .contains("the server reported 1 validation error(s)"),
        "{report}"
    );
    assert_eq!(b.status, Some(FlowStatus::Draft));
    assert!(report.flow("flow-00").unwrap().is_ok());
    sb.shutdown().await;
}

#[tokio::test]
async fn ambiguous_creates_are_reconciled_by_name() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let d = deployer(&sb, dir.path(), DeployOptions::new("t"));

    // The create took effect but the answer was lost: found by name, adopted, not re-created.
    sb.set_faults(Faults {
        only: vec![Operation::CreateFlow],
        ..Faults::script([Fault::DropResponse])
    })
    .unwrap();
    let report = d.deploy(&flows(1, 1)).await.unwrap();
    assert!(report.is_success(), "{report}");
    assert_eq!(sb.count(Operation::CreateFlow), 1);
    assert_eq!(sb.count(Operation::ListFlows), 1);
    assert!(matches!(report.flows[0].steps[0], Step::Adopted { .. }));
    assert_eq!(sb.flows().len(), 1);

    // A 5xx without effect: listed, not found, created again.
    sb.clear_requests();
    sb.set_faults(Faults {
        only: vec![Operation::CreateFlow],
        ..Faults::script([Fault::ServerError])
    })
    .unwrap();
    let two = vec![FlowSource::from_text("second", flow_json(7, 1), [])];
    let report = d.deploy(&two).await.unwrap();
    assert!(report.is_success(), "{report}");
    assert_eq!(sb.count(Operation::CreateFlow), 2);
    assert_eq!(sb.count(Operation::ListFlows), 1);
    assert!(matches!(report.flows[0].steps[0], Step::Created { .. }));
    assert_eq!(sb.flows().len(), 2);

    // Rate-limited creates (never retried by the client) wait on the shared gate and go through.
    sb.clear_requests();
    sb.set_faults(Faults {
        only: vec![Operation::CreateFlow],
        retry_after_secs: 0,
        ..Faults::script([Fault::RateLimit, Fault::RateLimit])
    })
    .unwrap();
    let three = vec![FlowSource::from_text("third", flow_json(8, 1), [])];
    let report = d.deploy(&three).await.unwrap();
    assert!(report.is_success(), "{report}");
    assert_eq!(sb.count(Operation::CreateFlow), 3);
    assert_eq!(sb.flows().len(), 3);
    sb.shutdown().await;
}

#[tokio::test]
async fn concurrent_deploys_of_one_environment_keep_every_flow_in_the_lockfile() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let all = flows(6, 1);
    let a = deployer(&sb, dir.path(), DeployOptions::new("t"));
    let b = deployer(&sb, dir.path(), DeployOptions::new("t"));
    // Without the lock both would plan from the same empty lockfile and the last writer would
    // erase the other's three entries.
    let (ra, rb) = tokio::join!(a.deploy(&all[..3]), b.deploy(&all[3..]));
    assert!(ra.unwrap().is_success());
    assert!(rb.unwrap().is_success());
    let lock = read_lock(dir.path(), "t");
    let names: Vec<&str> = lock.flows.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "flow-00", "flow-01", "flow-02", "flow-03", "flow-04", "flow-05"
        ]
    );
    assert_eq!(sb.count(Operation::CreateFlow), 6);
    sb.shutdown().await;
}

#[tokio::test]
async fn a_plan_made_stale_by_another_deploy_is_refused() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let all = flows(2, 1);
    let a = deployer(&sb, dir.path(), DeployOptions::new("t"));
    let b = deployer(&sb, dir.path(), DeployOptions::new("t"));
    let plan = a.plan(&all[..1]).await.unwrap();
    b.deploy(&all[1..]).await.unwrap();
    sb.clear_requests();
    let err = a.apply(plan).await.unwrap_err();
    assert!(matches!(err, DeployError::Lockfile { .. }), "{err:?}");
    assert!(err.to_string().contains("make the plan again"), "{err}");
    assert!(sb.requests().is_empty(), "a refused plan sends nothing");
    assert_eq!(read_lock(dir.path(), "t").flows.len(), 1);

    // Planned again, it applies and both flows are recorded.
    let plan = a.plan(&all[..1]).await.unwrap();
    assert!(a.apply(plan).await.unwrap().is_success());
    assert_eq!(read_lock(dir.path(), "t").flows.len(), 2);
    sb.shutdown().await;
}

#[tokio::test]
async fn a_deploy_waits_for_the_lock_then_gives_up_with_the_reason() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    // Another process's deploy, as far as the OS lock is concerned.
    let other = std::fs::File::create(dir.path().join("flow-dsl.lock.t.json.lock")).unwrap();
    other.try_lock().unwrap();
    let d = deployer(
        &sb,
        dir.path(),
        DeployOptions::new("t").lock_wait(std::time::Duration::from_millis(200)),
    );
    let err = d.deploy(&flows(1, 1)).await.unwrap_err();
    assert!(matches!(err, DeployError::Lockfile { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("another flow-dsl command has been deploying"),
        "{err}"
    );
    assert!(sb.requests().is_empty());
    drop(other);
    assert!(d.deploy(&flows(1, 1)).await.unwrap().is_success());
    sb.shutdown().await;
}
