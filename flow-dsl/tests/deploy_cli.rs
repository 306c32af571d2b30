//! `flow-dsl deploy` and the flow commands, run as a process: against `--base-url` of an
//! in-process sandbox, and against the embedded sandbox when no credentials are set.

use crate::deploy_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use flow_dsl::sandbox::Operation;
use serde_json::Value;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../examples/flows/{name}.json"))
}

fn flow_dsl(dir: &Path, args: &[&str], token: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flow-dsl"));
    cmd.current_dir(dir).args(args);
    for var in [
        "WHATSAPP_TOKEN",
        "WHATSAPP_WABA_ID",
        "WHATSAPP_PHONE_NUMBER_ID",
    ] {
        cmd.env_remove(var);
    }
    if let Some(t) = token {
        cmd.env("WHATSAPP_TOKEN", t);
    }
    cmd.output().expect("flow-dsl runs")
}

fn stdout_json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_json_against_a_base_url_sends_nothing_that_changes() {
    let sb = deploy_support::sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let (survey, booking) = (example("survey"), example("booking"));
    let args = [
        "deploy",
        survey.to_str().unwrap(),
        booking.to_str().unwrap(),
        "--dry-run",
        "--json",
        "--base-url",
        &sb.base_url(),
        "--waba-id",
        "42",
        "--publish",
    ];
    let dir_path = dir.path().to_owned();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let out = tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        flow_dsl(&dir_path, &a, Some("secret-token-value"))
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = stdout_json(&out);
    assert_eq!(v["dry_run"], true);
    let flows = v["plan"]["flows"].as_array().unwrap();
    assert_eq!(flows.len(), 2);
    assert_eq!(flows[0]["name"], "survey");
    assert_eq!(flows[0]["action"]["kind"], "create");
    assert_eq!(flows[0]["publish"], true);
    assert!(sb.requests().is_empty(), "{:?}", sb.requests());
    assert!(!dir.path().join("flow-dsl.lock.default.json").exists());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !all.contains("secret-token-value"),
        "the token is never printed"
    );

    // The real deploy then creates both with one request each.
    let dir_path = dir.path().to_owned();
    let base = sb.base_url();
    let out = tokio::task::spawn_blocking(move || {
        flow_dsl(
            &dir_path,
            &[
                "deploy",
                survey.to_str().unwrap(),
                booking.to_str().unwrap(),
                "--base-url",
                &base,
                "--waba-id",
                "42",
                "--json",
            ],
            Some("t"),
        )
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = stdout_json(&out);
    assert_eq!(v["report"]["flows"][1]["steps"][0]["step"], "created");
    assert_eq!(sb.count(Operation::CreateFlow), 2);
    assert_eq!(sb.requests().len(), 2);
    assert!(dir.path().join("flow-dsl.lock.default.json").exists());
    sb.shutdown().await;
}

#[test]
fn without_credentials_the_embedded_sandbox_keeps_state_between_runs() {
    let dir = tempfile::tempdir().unwrap();
    let survey = example("survey");
    let s = survey.to_str().unwrap();
    let first = flow_dsl(
        dir.path(),
        &["deploy", s, "--publish", "--json", "--category", "survey"],
        None,
    );
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(
        err.contains(
            "no WHATSAPP_TOKEN set: deploying to the embedded sandbox at http://127.0.0.1:"
        ),
        "{err}"
    );
    assert!(err.contains("state in .flow-dsl/sandbox.json"), "{err}");
    let v = stdout_json(&first);
    assert_eq!(v["report"]["flows"][0]["status"], "PUBLISHED");
    assert!(dir.path().join(".flow-dsl/sandbox.json").exists());
    assert!(dir.path().join("flow-dsl.lock.sandbox.json").exists());

    let second = flow_dsl(
        dir.path(),
        &["deploy", s, "--publish", "--json", "--category", "survey"],
        None,
    );
    let v = stdout_json(&second);
    assert_eq!(v["plan"]["flows"][0]["action"]["kind"], "unchanged");

    let list = flow_dsl(dir.path(), &["list", "--json"], None);
    let v = stdout_json(&list);
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["name"], "survey");

    let preview = flow_dsl(dir.path(), &["preview", "survey"], None);
    assert!(String::from_utf8_lossy(&preview.stdout).contains("/sandbox/preview/"));
    let err = String::from_utf8_lossy(&preview.stderr);
    assert!(err.contains("stops when this command ends"), "{err}");

    let out_file = dir.path().join("downloaded.json");
    let assets = flow_dsl(
        dir.path(),
        &["assets", "survey", "--download", out_file.to_str().unwrap()],
        None,
    );
    assert!(
        assets.status.success(),
        "{}",
        String::from_utf8_lossy(&assets.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&out_file).unwrap(),
        std::fs::read_to_string(&survey).unwrap()
    );
    let to_stdout = flow_dsl(dir.path(), &["assets", "survey", "--download", "-"], None);
    assert!(to_stdout.status.success());
    assert_eq!(
        String::from_utf8_lossy(&to_stdout.stdout),
        std::fs::read_to_string(&survey).unwrap()
    );
    assert!(!dir.path().join("-").exists());

    // A published flow can't be deleted; it can be deprecated, and the lockfile follows.
    let del = flow_dsl(dir.path(), &["delete", "survey"], None);
    assert_eq!(del.status.code(), Some(2));
    let dep = flow_dsl(dir.path(), &["deprecate", "survey"], None);
    assert!(
        dep.status.success(),
        "{}",
        String::from_utf8_lossy(&dep.stderr)
    );
    let lock = std::fs::read_to_string(dir.path().join("flow-dsl.lock.sandbox.json")).unwrap();
    assert!(lock.contains("DEPRECATED"), "{lock}");
}

#[test]
fn invalid_files_are_refused_with_positions_and_manifests_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.json"),
        "{\n  \"version\": \"7.2\",\n  \"screens\": [{\"id\": \"START\", \"layout\": {\"type\": \"SingleColumnLayout\", \"children\": []}}]\n}\n",
    )
    .unwrap();
    let out = flow_dsl(dir.path(), &["deploy", "bad.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json:3:"), "{err}");
    assert!(err.contains("--force"), "{err}");

    std::fs::copy(example("signup"), dir.path().join("signup.json")).unwrap();
    std::fs::write(
        dir.path().join("flows.json"),
        r#"{"flows": [{"name": "Sign up", "file": "signup.json", "categories": ["SIGN_UP"]}]}"#,
    )
    .unwrap();
    let out = flow_dsl(
        dir.path(),
        &["deploy", "--manifest", "flows.json", "--json"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = stdout_json(&out);
    assert_eq!(v["report"]["flows"][0]["remote_name"], "Sign up");
    let bad_manifest = flow_dsl(dir.path(), &["deploy", "--manifest", "missing.json"], None);
    assert_eq!(bad_manifest.status.code(), Some(2));
}

#[test]
fn upload_public_key_registers_the_pem_on_the_embedded_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let key = flow_dsl::endpoint::FlowPrivateKey::generate().unwrap();
    let pem = key.public_key_pem().unwrap();
    std::fs::write(dir.path().join("public.pem"), &pem).unwrap();
    let out = flow_dsl(dir.path(), &["upload-public-key", "public.pem"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("business public key set (2048 bits)"));
    let state = std::fs::read_to_string(dir.path().join(".flow-dsl/sandbox.json")).unwrap();
    let state: Value = serde_json::from_str(&state).unwrap();
    let keys = state["encryption_keys"].as_object().unwrap();
    assert_eq!(
        keys.values().next().and_then(Value::as_str),
        Some(pem.as_str())
    );

    std::fs::write(dir.path().join("junk.pem"), "not a key").unwrap();
    let bad = flow_dsl(dir.path(), &["upload-public-key", "junk.pem"], None);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn deploy_star_json_skips_lockfiles_and_env_names_stay_file_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example("survey"), dir.path().join("survey.json")).unwrap();
    let first = flow_dsl(dir.path(), &["deploy", "survey.json", "--json"], None);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(dir.path().join("flow-dsl.lock.sandbox.json").exists());

    // What `deploy *.json` expands to once a lockfile exists.
    let again = flow_dsl(
        dir.path(),
        &[
            "deploy",
            "flow-dsl.lock.sandbox.json",
            "survey.json",
            "--json",
        ],
        None,
    );
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{err}");
    assert!(
        err.contains("skipping flow-dsl.lock.sandbox.json: it is a deploy lockfile"),
        "{err}"
    );
    let v = stdout_json(&again);
    assert_eq!(v["plan"]["flows"].as_array().unwrap().len(), 1);
    assert_eq!(v["plan"]["flows"][0]["action"]["kind"], "unchanged");

    let only_lock = flow_dsl(dir.path(), &["deploy", "flow-dsl.lock.sandbox.json"], None);
    assert_eq!(only_lock.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&only_lock.stderr).contains("only lockfiles given"));

    for bad in ["../elsewhere", ".hidden", "a/b", ""] {
        let out = flow_dsl(dir.path(), &["deploy", "survey.json", "--env", bad], None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert!(err.contains("letters, digits"), "{bad}: {err}");
    }
    assert!(!dir.path().join("flow-dsl.lock..hidden.json").exists());
    let staged = flow_dsl(
        dir.path(),
        &["deploy", "survey.json", "--env", "stage-2.eu"],
        None,
    );
    assert!(
        staged.status.success(),
        "{}",
        String::from_utf8_lossy(&staged.stderr)
    );
    assert!(dir.path().join("flow-dsl.lock.stage-2.eu.json").exists());
}

#[test]
fn two_deploys_at_once_on_the_embedded_sandbox_both_stay() {
    let dir = tempfile::tempdir().unwrap();
    let spawn = |name: &str| {
        let file = example(name);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_flow-dsl"));
        cmd.current_dir(dir.path())
            .env_remove("WHATSAPP_TOKEN")
            .args(["deploy", file.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        cmd.spawn().unwrap()
    };
    let (a, b) = (spawn("survey"), spawn("booking"));
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Each run saw the other's flow: neither overwrote the shared state or lockfile.
    let list = stdout_json(&flow_dsl(dir.path(), &["list", "--json"], None));
    let mut names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["booking", "survey"]);
    let lock = std::fs::read_to_string(dir.path().join("flow-dsl.lock.sandbox.json")).unwrap();
    assert!(
        lock.contains("\"survey\"") && lock.contains("\"booking\""),
        "{lock}"
    );
}

#[test]
fn an_unusable_sandbox_state_path_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("not-a-dir"), "").unwrap();
    let survey = example("survey");
    let out = flow_dsl(
        dir.path(),
        &[
            "deploy",
            survey.to_str().unwrap(),
            "--sandbox-state",
            "not-a-dir/state.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not-a-dir"), "{err}");
}

/// A lockfile that can be read (it does not exist yet) but not written: under /proc nothing
/// can be created, even by root, for whom permission bits would not stop the write.
#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_lockfile_stops_the_deploy_before_any_change() {
    let dir = tempfile::tempdir().unwrap();
    let survey = example("survey");
    let lock = "/proc/flow-dsl-test/flow-dsl.lock.json";
    let out = flow_dsl(
        dir.path(),
        &["deploy", survey.to_str().unwrap(), "--lockfile", lock],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(lock), "{err}");
    // Nothing was created that no lockfile would remember.
    let list = stdout_json(&flow_dsl(dir.path(), &["list", "--json"], None));
    assert_eq!(list.as_array().unwrap().len(), 0, "{list}");
}

#[test]
fn flow_commands_keep_a_lockfile_given_with_lockfile_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let survey = example("survey");
    let lock = "locks/dev.json";
    let deployed = flow_dsl(
        dir.path(),
        &[
            "deploy",
            survey.to_str().unwrap(),
            "--publish",
            "--lockfile",
            lock,
        ],
        None,
    );
    assert!(
        deployed.status.success(),
        "{}",
        String::from_utf8_lossy(&deployed.stderr)
    );
    let dep = flow_dsl(
        dir.path(),
        &["deprecate", "survey", "--lockfile", lock],
        None,
    );
    assert!(
        dep.status.success(),
        "{}",
        String::from_utf8_lossy(&dep.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join(lock)).unwrap();
    assert!(text.contains("DEPRECATED"), "{text}");
    assert!(!dir.path().join("flow-dsl.lock.sandbox.json").exists());
}

#[test]
fn a_deploy_that_cannot_get_the_lockfile_lock_says_why_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let survey = example("survey");
    // Another deploy of the `sandbox` environment, as far as the OS lock is concerned.
    let other = std::fs::File::create(dir.path().join("flow-dsl.lock.sandbox.json.lock")).unwrap();
    other.try_lock().unwrap();
    let out = flow_dsl(
        dir.path(),
        &["deploy", survey.to_str().unwrap(), "--lock-wait", "0"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("flow-dsl.lock.sandbox.json")
            && err.contains("another flow-dsl command has been deploying"),
        "{err}"
    );
    // A dry run changes nothing, so it does not need the lock.
    let dry = flow_dsl(
        dir.path(),
        &["deploy", survey.to_str().unwrap(), "--dry-run"],
        None,
    );
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let list = stdout_json(&flow_dsl(dir.path(), &["list", "--json"], None));
    assert_eq!(list.as_array().unwrap().len(), 0, "{list}");
    assert!(!dir.path().join("flow-dsl.lock.sandbox.json").exists());

    drop(other);
    let out = flow_dsl(dir.path(), &["deploy", survey.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
