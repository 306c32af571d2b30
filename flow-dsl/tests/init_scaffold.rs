//! `flow-dsl init` end to end: the crate it writes builds offline against this workspace
//! (path dependency, this workspace's Cargo.lock, the same target directory so dependencies
//! are shared), validates its flows from build.rs, passes its own test, deploys to the embedded
//! sandbox with `cargo run`, and with default features compiles no HTTP, TLS, crypto, async
//! runtime or CLI crate.
//!
//! Cargo's output is not captured (it goes to this process's stderr), so a slow first build
//! shows its progress.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::paths::{target_dir, workspace};

/// `flow-dsl init DIR --template T --flow-dsl-path <this crate>`, plus this workspace's lockfile
/// so that `--offline` resolves the versions already built.
fn init(parent: &Path, name: &str, template: &str) -> PathBuf {
    let dir = parent.join(name);
    let out = Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
        .arg("init")
        .arg(&dir)
        .args(["--template", template, "--flow-dsl-path"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run flow-dsl init");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    for file in [
        "Cargo.toml",
        "build.rs",
        "src/flows/mod.rs",
        "flows.json",
        ".gitignore",
        "tests/flows.rs",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing; {stdout}");
    }
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock");
    dir
}

/// `cargo ARGS` in `dir`, offline, with cargo's progress on this process's stderr.
fn cargo(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // The crate sits outside the workspace, so it would not see the workspace's cargo config;
    // its debug-info settings keep the shared dependencies' builds identical (one copy on disk).
    cmd.current_dir(dir)
        .arg("--config")
        .arg(workspace().join(".cargo/config.toml"))
        .args(args)
        .arg("--offline")
        .env("CARGO_TARGET_DIR", target_dir())
        // The scaffold crates are built once per run: incremental state for them and their
        // flow-dsl builds would only add ~0.4 GB to target/.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("WHATSAPP_TOKEN")
        .env_remove("WHATSAPP_WABA_ID")
        .env_remove("FLOW_DSL_ENV")
        .env_remove("FLOW_DSL_DRY_RUN")
        .env_remove("FLOW_DSL_PUBLISH")
        .env_remove("ENDPOINT_URI")
        .stderr(std::process::Stdio::inherit());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    eprintln!(
        "init_scaffold: cargo {} in {}",
        args.join(" "),
        dir.display()
    );
    cmd.output().expect("run cargo")
}

fn ok(out: &Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{what} failed: {stdout}");
    stdout
}

#[test]
fn an_initialised_crate_builds_validates_tests_and_deploys_light_by_default() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = init(tmp.path(), "survey-flows", "survey");

    // Default features: nothing heavy in the dependency graph (build.rs included).
    let tree = ok(
        &cargo(
            &dir,
            &["tree", "-e", "normal,build", "--prefix", "none"],
            &[],
        ),
        "cargo tree",
    );
    let heavy = [
        "reqwest",
        "hyper",
        "rustls",
        "aws-lc-rs",
        "aws-lc-sys",
        "ring",
        "clap",
        "axum",
        "tokio",
        "miette",
    ];
    for line in tree.lines() {
        let krate = line.split_whitespace().next().unwrap_or("");
        assert!(
            !heavy.contains(&krate),
            "default features pull {krate}:\n{tree}"
        );
    }

    // build.rs validates the flow and writes it.
    ok(&cargo(&dir, &["build"], &[]), "cargo build");
    let json = std::fs::read_to_string(dir.join("flows/Survey.json")).expect("written flow");
    assert!(json.contains("\"RATE\""), "{json}");
    ok(&cargo(&dir, &["test"], &[]), "cargo test");

    // `cargo run --features deploy`: the embedded sandbox, a lockfile, then nothing to do.
    let first = ok(
        &cargo(&dir, &["run", "--features", "deploy"], &[]),
        "cargo run",
    );
    assert!(first.contains("created"), "{first}");
    assert!(dir.join("flow-dsl.lock.sandbox.json").is_file());
    assert!(dir.join(".flow-dsl/sandbox.json").is_file());
    let again = ok(
        &cargo(&dir, &["run", "--features", "deploy"], &[]),
        "cargo run again",
    );
    assert!(again.contains("unchanged"), "{again}");

    // The manifest deploys the file build.rs wrote to the same flow: nothing changed either.
    let cli = Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
        .current_dir(&dir)
        .args(["deploy", "--manifest", "flows.json"])
        .env_remove("WHATSAPP_TOKEN")
        .output()
        .expect("flow-dsl deploy");
    let cli_out = String::from_utf8_lossy(&cli.stdout);
    assert!(cli.status.success(), "{cli_out}");
    assert!(cli_out.contains("= 1 unchanged"), "{cli_out}");
}

#[test]
fn an_endpoint_flow_is_refused_before_any_request_until_it_has_an_endpoint_uri() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = init(tmp.path(), "quote-flows", "endpoint");
    let refused = cargo(&dir, &["run", "--features", "deploy"], &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        !dir.join("flow-dsl.lock.sandbox.json").exists(),
        "nothing deployed"
    );
    ok(
        &cargo(
            &dir,
            &["run", "--features", "deploy"],
            &[("ENDPOINT_URI", "https://example.com/flows/quote")],
        ),
        "cargo run with ENDPOINT_URI",
    );
    // A dry run of the booking template writes no file at all.
    let booking = init(tmp.path(), "booking-flows", "booking");
    ok(&cargo(&booking, &["build"], &[]), "cargo build booking");
    let planned = ok(
        &cargo(
            &booking,
            &["run", "--features", "deploy"],
            &[("FLOW_DSL_DRY_RUN", "1")],
        ),
        "dry run",
    );
    assert!(planned.contains("create"), "{planned}");
    assert!(!booking.join(".flow-dsl").exists());
    assert!(!booking.join("flow-dsl.lock.sandbox.json").exists());
}
