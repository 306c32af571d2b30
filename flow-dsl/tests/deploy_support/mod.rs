//! Helpers of the `deploy_*` tests: generated flows, a target on an in-process sandbox.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use flow_dsl::api::{Category, ClientOptions, FlowsClient, MetaConfig, RetryPolicy};
use flow_dsl::deploy::{DeployOptions, Deployer, FlowSource, Lockfile, Target};
use flow_dsl::sandbox::{Sandbox, SandboxConfig, SandboxHandle};

/// WABA id used on the sandbox.
pub const WABA: &str = "1234567890";

/// A valid one-screen flow; `rev` changes its content.
pub fn flow_json(i: usize, rev: u32) -> String {
    let doc = serde_json::json!({
        "version": "7.2",
        "screens": [{
            "id": "START",
            "title": format!("Flow {i}"),
            "terminal": true,
            "success": true,
            "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextBody", "text": format!("Hello {i}, revision {rev}")},
                {"type": "Footer", "label": "Done",
                 "on-click-action": {"name": "complete", "payload": {}}}
            ]}
        }]
    });
    serde_json::to_string_pretty(&doc).expect("serializable")
}

/// `n` flows named `flow-00`, `flow-01`, ... at revision `rev`.
pub fn flows(n: usize, rev: u32) -> Vec<FlowSource> {
    (0..n)
        .map(|i| {
            FlowSource::from_text(format!("flow-{i:02}"), flow_json(i, rev), [Category::Other])
        })
        .collect()
}

/// Fast retries and a short timeout, so injected stalls become client timeouts quickly.
pub fn test_options() -> ClientOptions {
    ClientOptions::default()
        .timeout(Duration::from_millis(1000))
        .retry(
            RetryPolicy::default()
                .max_retries(3)
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_millis(50)),
        )
}

/// A sandbox on a free port.
pub async fn sandbox() -> SandboxHandle {
    Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox starts")
}

/// A Meta target on `sandbox`.
pub fn target(sandbox: &SandboxHandle) -> Target {
    let client = FlowsClient::with_options(
        MetaConfig::new("test-token")
            .waba_id(WABA)
            .base_url(sandbox.base_url()),
        test_options(),
    )
    .expect("client");
    Target::new(client, format!("meta:{WABA}"))
}

/// A deployer on `sandbox` with its lockfile in `dir`.
pub fn deployer(sandbox: &SandboxHandle, dir: &Path, options: DeployOptions) -> Deployer {
    Deployer::new(target(sandbox), options.lockfile_dir(dir))
}

/// The lockfile of environment `env` in `dir`, which must exist and parse.
pub fn read_lock(dir: &Path, env: &str) -> Lockfile {
    let path = flow_dsl::deploy::lockfile_path(dir, env);
    Lockfile::read(&path)
        .unwrap_or_else(|e| panic!("lockfile must parse: {e}"))
        .expect("lockfile exists")
}
