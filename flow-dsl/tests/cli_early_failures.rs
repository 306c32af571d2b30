//! Mistakes the Flows API would report late (category typos, an endpoint flow without its
//! URI, a provider that cannot manage flows) are refused by the CLI before any request; dry
//! runs leave no file behind; `send` has a dry run and the embedded sandbox.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../examples/flows/{name}.json"))
}

fn flow_dsl(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flow-dsl"));
    cmd.current_dir(dir).args(args);
    for var in [
        "WHATSAPP_TOKEN",
        "WHATSAPP_WABA_ID",
        "WHATSAPP_PHONE_NUMBER_ID",
        "JELOU_CLIENT_ID",
        "JELOU_CLIENT_SECRET",
        "JELOU_BOT_ID",
    ] {
        cmd.env_remove(var);
    }
    cmd.output().expect("flow-dsl runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The directory's entries, to check that a command created nothing.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_category_typo_is_refused_with_the_closest_name() {
    let dir = tempfile::tempdir().unwrap();
    let survey = example("survey");
    let o = flow_dsl(
        dir.path(),
        &[
            "deploy",
            "--dry-run",
            "--category",
            "survy",
            survey.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("did you mean `SURVEY`?"),
        "{}",
        stderr(&o)
    );

    std::fs::copy(&survey, dir.path().join("survey.json")).unwrap();
    std::fs::write(
        dir.path().join("flows.json"),
        r#"{"flows": [{"file": "survey.json", "categories": ["LEAD_GEN"]}]}"#,
    )
    .unwrap();
    let o = flow_dsl(
        dir.path(),
        &["deploy", "--dry-run", "--manifest", "flows.json"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("did you mean `LEAD_GENERATION`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_dry_run_creates_no_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example("survey"), dir.path().join("survey.json")).unwrap();
    let o = flow_dsl(
        dir.path(),
        &["deploy", "--dry-run", "--category", "survey", "survey.json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 create"), "{}", stdout(&o));
    assert_eq!(entries(dir.path()), ["survey.json"]);
}

#[test]
fn an_endpoint_flow_needs_its_endpoint_uri_at_plan() {
    let dir = tempfile::tempdir().unwrap();
    let loan = example("loan");
    let loan = loan.to_str().unwrap();
    let o = flow_dsl(dir.path(), &["deploy", "--dry-run", loan]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("FLOWDSL_ENDPOINT_URI_MISSING")
            && stderr(&o).contains("--endpoint-uri"),
        "{}",
        stderr(&o)
    );
    let o = flow_dsl(
        dir.path(),
        &[
            "deploy",
            "--dry-run",
            "--endpoint-uri",
            "https://example.com/flows/loan",
            loan,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn jelou_is_refused_by_management_commands_before_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let survey = example("survey");
    for args in [
        vec!["deploy", "--provider", "jelou", survey.to_str().unwrap()],
        vec!["list", "--provider", "jelou"],
    ] {
        let o = flow_dsl(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("Jelou only sends flows"),
            "{}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("JELOU_CLIENT_ID"), "{}", stderr(&o));
    }
}

#[test]
fn send_has_a_dry_run_and_falls_back_to_the_embedded_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let survey = example("survey");
    let survey = survey.to_str().unwrap();
    let common = [
        "send",
        "--to",
        "5511999999999",
        "--flow-name",
        "survey",
        "--cta",
        "Start",
        "--body",
        "Tell us",
        "--screen",
        "SURVEY_START",
        "--draft",
    ];
    let mut dry: Vec<&str> = common.to_vec();
    dry.extend(["--dry-run", "--flow-json", survey]);
    let o = flow_dsl(dir.path(), &dry);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("\"flow_cta\": \"Start\"") || text.contains("Start"),
        "{text}"
    );
    assert!(text.contains("nothing was sent"), "{text}");
    assert!(entries(dir.path()).is_empty());

    let deployed = flow_dsl(dir.path(), &["deploy", "--category", "survey", survey]);
    assert!(deployed.status.success(), "{}", stderr(&deployed));
    let o = flow_dsl(dir.path(), &common);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("embedded sandbox"), "{}", stderr(&o));
    assert!(stdout(&o).contains("sent via"), "{}", stdout(&o));
}

/// A flow deployed without credentials (the embedded sandbox) is listed by `flow-dsl sandbox`
/// on the same state file, under the WABA id it suggests.
#[test]
fn the_embedded_sandbox_and_flow_dsl_sandbox_share_the_waba_id() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let survey = example("survey");
    let o = flow_dsl(
        dir.path(),
        &["deploy", "--category", "survey", survey.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let mut child = Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
        .current_dir(dir.path())
        .args([
            "sandbox",
            "--addr",
            "127.0.0.1:0",
            "--state",
            ".flow-dsl/sandbox.json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn flow-dsl sandbox");
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let deploy_hint = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("flow-dsl deploy --base-url"))
        .expect("the sandbox prints how to use it");
    let words: Vec<&str> = deploy_hint.split_whitespace().collect();
    let after = |flag: &str| {
        words
            .iter()
            .position(|w| *w == flag)
            .and_then(|i| words.get(i + 1))
            .copied()
            .unwrap_or_else(|| panic!("no {flag} in {deploy_hint:?}"))
    };
    let (base, waba) = (after("--base-url"), after("--waba-id"));
    assert_eq!(waba, flow_dsl::deploy::SANDBOX_WABA_ID);
    let listed = Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
        .current_dir(dir.path())
        .args(["list", "--base-url", base, "--waba-id", waba])
        .env("WHATSAPP_TOKEN", "sandbox-token")
        .output()
        .expect("flow-dsl list");
    let _ = child.kill();
    let _ = child.wait();
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(stdout(&listed).contains("survey"), "{}", stdout(&listed));
}
