//! The acceptance numbers of deploy: requests per flow, wall time, no-op cost, convergence under
//! injected faults with no duplicates and a lockfile that always parses.

use crate::deploy_support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use deploy_support::*;
use flow_dsl::deploy::{Action, DeployOptions};
use flow_dsl::sandbox::{Fault, Faults, Operation};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_flows_one_request_each_then_noop_costs_nothing() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    sb.set_faults(Faults::latency(100)).unwrap();
    let d = deployer(&sb, dir.path(), DeployOptions::new("acc").concurrency(8));
    let fifty = flows(50, 1);

    let started = Instant::now();
    let report = d.deploy(&fifty).await.unwrap();
    let elapsed = started.elapsed();
    println!("first deploy of 50 flows at 100 ms latency, concurrency 8: {elapsed:?}");
    assert!(report.is_success(), "{report}");
    let requests = sb.requests();
    assert_eq!(requests.len(), 50, "exactly one request per new flow");
    assert_eq!(sb.count(Operation::CreateFlow), 50);
    assert_eq!(sb.flows().len(), 50);
    assert!(
        sb.flows().iter().all(|f| f.flow_json.is_some()),
        "create carried the JSON"
    );
    assert!(
        elapsed < Duration::from_secs(5),
        "loose sanity bound: {elapsed:?}"
    );
    assert_eq!(read_lock(dir.path(), "acc").flows.len(), 50);

    sb.clear_requests();
    let started = Instant::now();
    let plan = d.plan(&fifty).await.unwrap();
    assert!(plan.flows.iter().all(|f| f.action == Action::Unchanged));
    let report = d.apply(plan).await.unwrap();
    println!(
        "second (no-op) deploy: {:?}, {} requests",
        started.elapsed(),
        sb.requests().len()
    );
    assert!(report.is_success());
    assert!(sb.requests().len() <= 1, "{:?}", sb.requests());
    assert_eq!(sb.requests().len(), 0);

    // With verify: exactly one list call checks the lockfile against the server.
    sb.clear_requests();
    let verify = deployer(&sb, dir.path(), DeployOptions::new("acc").verify(true));
    let report = verify.deploy(&fifty).await.unwrap();
    assert!(report.is_success());
    assert_eq!(sb.requests().len(), 1, "{:?}", sb.requests());
    assert_eq!(sb.count(Operation::ListFlows), 1);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn converges_under_twenty_percent_faults_without_duplicates() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let names: HashSet<String> = flows(20, 0).into_iter().map(|f| f.name).collect();
    for run in 0..10u32 {
        sb.set_faults(Faults {
            server_error: 0.07,
            drop_connection: 0.04,
            drop_response: 0.05,
            stall: 0.04,
            stall_ms: 1500,
            seed: u64::from(run) + 1,
            ..Faults::default()
        })
        .unwrap();
        // Every run changes half of the flows, so every run sends requests into the faults.
        let batch: Vec<_> = flows(20, 0)
            .into_iter()
            .enumerate()
            .map(|(i, mut f)| {
                let rev = if (i as u32 + run).is_multiple_of(2) {
                    run
                } else {
                    0
                };
                f.document = flow_dsl::deploy::FlowDocument::Text(flow_json(i, rev));
                f
            })
            .collect();
        if run == 4 {
            // A lost lockfile: the flows must be adopted by name, not duplicated.
            std::fs::remove_file(flow_dsl::deploy::lockfile_path(dir.path(), "faults")).ok();
        }
        let d = deployer(&sb, dir.path(), DeployOptions::new("faults").concurrency(8));
        if run == 7 {
            // A crash mid-apply: cancel the deploy future after a moment.
            sb.set_faults(Faults {
                latency_ms: 30,
                ..sb.faults()
            })
            .unwrap();
            sb.clear_requests();
            // Cancel as soon as the sandbox has answered one request, not after a fixed time: on
            // a loaded machine a fixed 50 ms could pass before the first request was even sent.
            let deploy = d.deploy(&batch);
            let first_answer = async {
                while sb.requests().is_empty() {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            };
            let outcome = tokio::time::timeout(Duration::from_secs(30), async {
                tokio::select! {
                    report = deploy => Some(report),
                    () = first_answer => None,
                }
            })
            .await
            .expect("the sandbox answered a request within 30 s");
            assert!(outcome.is_none(), "the deploy was cancelled mid-apply");
            assert!(!sb.requests().is_empty(), "it had started applying");
        } else {
            sb.clear_requests();
            let report = d.deploy(&batch).await.unwrap();
            let faulted = sb
                .requests()
                .iter()
                .filter(|r| r.fault.is_some_and(|f| f != Fault::Pass))
                .count();
            println!(
                "run {run}: {} requests, {faulted} faulted; {} ok, {} failed",
                sb.requests().len(),
                report.flows.iter().filter(|f| f.is_ok()).count(),
                report.failed().count()
            );
        }
        // Whole lockfile after every run, and never a duplicate on the server.
        let lock = read_lock(dir.path(), "faults");
        assert!(lock.flows.keys().all(|k| names.contains(k)));
        let on_server: Vec<String> = sb.flows().into_iter().map(|f| f.name).collect();
        let distinct: HashSet<&String> = on_server.iter().collect();
        assert_eq!(
            distinct.len(),
            on_server.len(),
            "duplicated names: {on_server:?}"
        );
        assert!(
            on_server.len() <= 20,
            "run {run}: {} flows",
            on_server.len()
        );
    }
    // Without faults, one more deploy converges completely.
    sb.clear_faults();
    let last: Vec<_> = flows(20, 99);
    let d = deployer(&sb, dir.path(), DeployOptions::new("faults"));
    let report = d.deploy(&last).await.unwrap();
    assert!(report.is_success(), "{report}");
    assert_eq!(sb.flows().len(), 20);
    let lock = read_lock(dir.path(), "faults");
    assert_eq!(lock.flows.len(), 20);
    for src in &last {
        let id = &lock.flows[&src.name].id;
        let rec = sb.flow(id).expect("locked id exists");
        assert_eq!(rec.name, src.name);
        assert_eq!(rec.flow_json.as_deref(), Some(&*src.json_text()));
    }
    sb.shutdown().await;
}
