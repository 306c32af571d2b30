//! `flow-dsl sandbox` as a process: prints its URL, serves, keeps state in a file, stops cleanly.
#![cfg(all(feature = "cli", unix))]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn flow_dsl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
}

#[tokio::test]
async fn serves_persists_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let mut child = flow_dsl()
        .args([
            "sandbox",
            "--addr",
            "127.0.0.1:0",
            "--token",
            "cli-token",
            "--state",
        ])
        .arg(&state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn flow-dsl");
    let stdout = child.stdout.take().unwrap();
    // The first line names the base URL.
    let first_line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .unwrap()
    .unwrap();
    let base = first_line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {first_line:?}"))
        .to_owned();

    let http = reqwest::Client::new();
    let resp = http
        .post(format!("{base}/v25.0/77/flows"))
        .bearer_auth("cli-token")
        .json(&json!({ "name": "from-cli", "categories": ["OTHER"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let wrong = http
        .get(format!("{base}/77/flows"))
        .bearer_auth("other")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("flow-dsl sandbox did not stop on SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let flows: Vec<_> = saved["flows"].as_object().unwrap().values().collect();
    assert_eq!(flows.len(), 1);
    assert_eq!(flows[0]["name"], "from-cli");
}

#[test]
fn bad_settings_exit_with_code_2() {
    let out = flow_dsl()
        .args(["sandbox", "--addr", "127.0.0.1:0", "--server-error", "2.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("server_error"));
}
