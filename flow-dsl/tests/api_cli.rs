//! `flow-dsl send` and the shared `ProviderArgs`: provider selection from flags and environment.

use crate::common;

use std::process::Command;

use clap::Parser;
use common::*;
use flow_dsl::api::{Provider, ProviderConfig};
use flow_dsl::cli::provider_args::{ProviderArgs, ProviderArgsError};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Parser)]
struct Wrapper {
    #[command(flatten)]
    provider: ProviderArgs,
}

/// Flags, environment, and what is expected.
type Case<'a, T> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, T);

fn args(flags: &[&str]) -> ProviderArgs {
    let mut argv = vec!["test"];
    argv.extend_from_slice(flags);
    Wrapper::try_parse_from(argv).unwrap().provider
}

fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |k| {
        vars.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
    }
}

#[test]
fn each_provider_from_flags_and_env() {
    let cases: Vec<Case<'_, Provider>> = vec![
        (
            vec!["--waba-id", "W", "--phone-number-id", "P"],
            vec![("WHATSAPP_TOKEN", "t")],
            Provider::Meta,
        ),
        (
            vec!["--provider", "turn"],
            vec![("TURN_TOKEN", "t")],
            Provider::Turn,
        ),
        (
            vec!["--provider", "serpro", "--waba-id", "W"],
            vec![("SERPRO_TOKEN", "t")],
            Provider::Serpro,
        ),
        (
            vec!["--provider", "serpro", "--waba-id", "W"],
            vec![("SERPRO_CLIENT_ID", "i"), ("SERPRO_CLIENT_SECRET", "s")],
            Provider::Serpro,
        ),
        (
            vec!["--provider", "dreams", "--waba-id", "W"],
            vec![("DREAMS_ACCESS_KEY", "k")],
            Provider::Dreams,
        ),
        (
            vec!["--provider", "jelou", "--bot-id", "B"],
            vec![("JELOU_CLIENT_ID", "i"), ("JELOU_CLIENT_SECRET", "s")],
            Provider::Jelou,
        ),
    ];
    for (flags, vars, provider) in cases {
        let client = args(&flags).client_with_env(env(&vars)).unwrap();
        assert_eq!(client.provider(), provider, "{flags:?}");
    }
}

#[test]
fn serpro_prefers_a_direct_token() {
    let cfg = args(&["--provider", "serpro", "--waba-id", "W"])
        .config_with_env(env(&[
            ("SERPRO_TOKEN", "t"),
            ("SERPRO_CLIENT_ID", "i"),
            ("SERPRO_CLIENT_SECRET", "s"),
        ]))
        .unwrap();
    let ProviderConfig::Serpro(c) = cfg else {
        panic!()
    };
    assert!(format!("{c:?}").contains("Token("));
}

#[test]
fn missing_credentials_and_ids_are_named() {
    let cases: Vec<Case<'_, &str>> = vec![
        (vec![], vec![], "WHATSAPP_TOKEN"),
        (vec![], vec![("WHATSAPP_TOKEN", "  ")], "WHATSAPP_TOKEN"),
        (vec!["--provider", "turn"], vec![], "TURN_TOKEN"),
        (
            vec!["--provider", "serpro", "--waba-id", "W"],
            vec![("SERPRO_CLIENT_ID", "i")],
            "SERPRO_CLIENT_SECRET",
        ),
        (
            vec!["--provider", "dreams", "--waba-id", "W"],
            vec![],
            "DREAMS_ACCESS_KEY",
        ),
        (
            vec!["--provider", "jelou", "--bot-id", "B"],
            vec![("JELOU_CLIENT_ID", "i")],
            "JELOU_CLIENT_SECRET",
        ),
    ];
    for (flags, vars, named) in cases {
        let err = args(&flags).client_with_env(env(&vars)).unwrap_err();
        assert!(
            matches!(err, ProviderArgsError::MissingCredential { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains(named), "{err}");
    }
    // Id flags also read WHATSAPP_WABA_ID / JELOU_BOT_ID from the process environment; only
    // check the missing-id error when the test's environment does not set them.
    if std::env::var_os("WHATSAPP_WABA_ID").is_none() {
        let err = args(&["--provider", "dreams"])
            .client_with_env(env(&[("DREAMS_ACCESS_KEY", "k")]))
            .unwrap_err();
        assert!(
            matches!(err, ProviderArgsError::MissingId { .. })
                && err.to_string().contains("--waba-id"),
            "{err}"
        );
    }
    if std::env::var_os("JELOU_BOT_ID").is_none() {
        let err = args(&["--provider", "jelou"])
            .client_with_env(env(&[
                ("JELOU_CLIENT_ID", "i"),
                ("JELOU_CLIENT_SECRET", "s"),
            ]))
            .unwrap_err();
        assert!(matches!(err, ProviderArgsError::MissingId { .. }), "{err}");
    }
    let insecure = args(&["--provider", "turn", "--base-url", "http://example.com"])
        .client_with_env(env(&[("TURN_TOKEN", "t")]))
        .unwrap_err();
    assert!(matches!(
        insecure,
        ProviderArgsError::Api(flow_dsl::api::ApiError::InsecureUrl { .. })
    ));
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_flow-dsl"));
    c.env_clear();
    c
}

#[tokio::test(flavor = "multi_thread")]
async fn send_command_end_to_end() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v24.0/PHONE/messages"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"messages": [{"id": "wamid.CLI"}]})),
        )
        .mount(&server)
        .await;
    let uri = server.uri();
    let out = tokio::task::spawn_blocking(move || {
        bin()
            .env("WHATSAPP_TOKEN", "cli-token")
            .args([
                "send",
                "--base-url",
                &uri,
                "--graph-version",
                "v24.0",
                "--phone-number-id",
                "PHONE",
                "--to",
                "+5511999999999",
            ])
            .args([
                "--flow-id",
                "F1",
                "--cta",
                "Book!",
                "--body",
                "Hello",
                "--header",
                "Head",
                "--screen",
                "WELCOME",
            ])
            .args([
                "--data",
                r#"{"name":"Ann"}"#,
                "--draft",
                "--flow-token",
                "tok",
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("wamid.CLI"));
    let r = only_request(&server).await;
    assert_call(&r, "POST", "/v24.0/PHONE/messages", "Bearer cli-token");
    assert_eq!(
        json_body(&r)["interactive"]["action"]["parameters"],
        json!({"flow_message_version": "3", "flow_id": "F1", "flow_cta": "Book!", "mode": "draft", "flow_token": "tok",
               "flow_action": "navigate", "flow_action_payload": {"screen": "WELCOME", "data": {"name": "Ann"}}})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn send_command_checks_the_entry_screen_and_reports_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("flow.json");
    std::fs::write(&flow, json!({"version": "7.2", "screens": [
        {"id": "A", "layout": {"type": "SingleColumnLayout", "children": [{"type": "Footer", "label": "n",
            "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "B"}, "payload": {}}}]}},
        {"id": "B", "terminal": true}]}).to_string()).unwrap();
    let uri = server.uri();
    let (not_entry, no_token, bad_data) = tokio::task::spawn_blocking(move || {
        let common = |c: &mut Command| {
            c.args([
                "send",
                "--base-url",
                &uri,
                "--phone-number-id",
                "P",
                "--to",
                "1",
                "--flow-id",
                "F",
                "--cta",
                "Go",
                "--body",
                "Hi",
            ]);
        };
        let mut a = bin();
        common(&mut a);
        let not_entry = a
            .env("WHATSAPP_TOKEN", "t")
            .args(["--screen", "B", "--flow-json"])
            .arg(&flow)
            .output()
            .unwrap();
        let mut b = bin();
        common(&mut b);
        let no_token = b.args(["--screen", "A"]).output().unwrap();
        let mut c = bin();
        common(&mut c);
        let bad_data = c
            .env("WHATSAPP_TOKEN", "t")
            .args(["--screen", "A", "--data", "[1]"])
            .output()
            .unwrap();
        (not_entry, no_token, bad_data)
    })
    .await
    .unwrap();
    assert_eq!(
        not_entry.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&not_entry.stderr)
    );
    assert!(String::from_utf8_lossy(&not_entry.stderr).contains("not an entry screen"));
    assert_eq!(no_token.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_token.stderr).contains("WHATSAPP_TOKEN"));
    assert_eq!(bad_data.status.code(), Some(2));
    assert!(requests(&server).await.is_empty(), "nothing sent");
}

/// `--data` only travels with `navigate`: with `--data-exchange` it would be dropped unsent.
#[test]
fn send_refuses_data_with_data_exchange() {
    let out = bin()
        .env_remove("WHATSAPP_TOKEN")
        .args("send --to 1 --flow-id F --cta Go --body Hi --data-exchange".split(' '))
        .args(["--data", r#"{"a":1}"#])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("'--data-exchange' cannot be used with '--data <DATA>'"),
        "{err}"
    );
}
