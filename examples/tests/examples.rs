//! The four example flows: zero validator errors, identical to the committed `flows/*.json`,
//! and identical to what the build script wrote into `OUT_DIR`.

use flow_dsl_examples::{all, generated_path};
use pretty_assertions::assert_eq;

#[test]
fn every_example_builds_without_errors() {
    for (name, flow) in all() {
        match flow.build() {
            Ok(json) => assert!(!json.screens.unwrap_or_default().is_empty(), "{name}"),
            Err(e) => panic!("{name}:\n{e}"),
        }
    }
}

#[test]
fn examples_match_committed_json() {
    for (name, flow) in all() {
        let path = format!("{}/flows/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut text = flow.build().expect("valid").to_string_pretty();
        text.push('\n');
        assert_eq!(
            text, committed,
            "{name}: regenerate with FLOW_DSL_UPDATE_FLOWS=1 cargo build -p flow-dsl-examples"
        );
    }
}

#[test]
fn build_script_output_matches() {
    for (name, flow) in all() {
        let written = std::fs::read_to_string(generated_path(name)).expect("written by build.rs");
        let mut text = flow.build().expect("valid").to_string_pretty();
        text.push('\n');
        assert_eq!(text, written, "{name}");
    }
}

#[test]
fn every_example_validates_from_its_text() {
    for (name, _) in all() {
        let text = std::fs::read_to_string(generated_path(name)).expect("written by build.rs");
        let v = flow_model::validate::validate_str(&text).expect("JSON");
        let errors: Vec<String> = v.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn loan_routing_model_is_derived_from_actions() {
    let json = flow_dsl_examples::flows::loan::loan_application()
        .build()
        .expect("valid")
        .to_value();
    assert_eq!(
        json["routing_model"],
        serde_json::json!({"LOAN": ["OFFER"], "OFFER": ["CONFIRM"], "CONFIRM": []})
    );
    assert_eq!(json["data_api_version"], "3.0");
}

#[test]
fn booking_reads_the_name_through_the_global_form() {
    let json = flow_dsl_examples::flows::booking::appointment_booking()
        .build()
        .expect("valid")
        .to_value();
    let summary = &json["screens"][2];
    let payload = &summary["layout"]["children"][3]["on-click-action"]["payload"];
    assert_eq!(payload["name"], "${screen.DETAILS.form.name}");
    assert_eq!(payload["email"], "${data.email}");
    let iff = &json["screens"][0]["layout"]["children"][3];
    assert_eq!(iff["condition"], "${form.department} == 'dentist'");
    assert_eq!(
        json["screens"][0]["layout"]["children"][0]["data-source"],
        "${data.departments}"
    );
}

/// The runnable examples, compiled into this test binary as modules: `cargo test` builds them
/// with the test's features, so running them needs no second `cargo run` build (which compiled
/// flow-dsl and its dependencies again with other features: a minute and gigabytes of target/).
#[path = "../examples/booking.rs"]
mod booking;
#[path = "../examples/deploy_flows.rs"]
mod deploy_flows;
#[path = "../examples/loan.rs"]
mod loan;
#[path = "../examples/signup.rs"]
mod signup;
#[path = "../examples/survey.rs"]
mod survey;

/// The variable that makes [`example_entry_point`] run an example in a child process.
const RUN_EXAMPLE: &str = "FLOW_DSL_RUN_EXAMPLE";

/// Not a test: the entry point of [`run_example`]'s child process (this test binary run again),
/// which runs the example named by `FLOW_DSL_RUN_EXAMPLE` as `cargo run --example` would and
/// exits with its status. Ignored, so a normal run never gets here.
#[test]
#[ignore = "entry point of run_example's child process, not a test"]
fn example_entry_point() {
    let name = std::env::var(RUN_EXAMPLE).expect("run through run_example");
    let ok = match name.as_str() {
        "booking" => {
            booking::main();
            true
        }
        "signup" => {
            signup::main();
            true
        }
        "survey" => {
            survey::main();
            true
        }
        "loan" => loan::main().map_err(|e| eprintln!("{e}")).is_ok(),
        "deploy_flows" => deploy_flows::main() == std::process::ExitCode::SUCCESS,
        other => panic!("no example {other}"),
    };
    // Exit here, before the test harness prints its summary on the example's stdout.
    std::process::exit(if ok { 0 } else { 1 });
}

/// Runs example `name` in a child process in `dir`, as `cargo run --example name` would.
fn run_example(name: &str, dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "examples::example_entry_point",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(RUN_EXAMPLE, name)
        .current_dir(dir)
        .env_remove("WHATSAPP_TOKEN")
        .env_remove("FLOW_DSL_ENV")
        .env_remove("FLOW_DSL_DRY_RUN")
        .env_remove("FLOW_DSL_PUBLISH")
        .output()
        .expect("the test binary runs")
}

#[test]
fn runnable_examples_succeed() {
    for name in ["survey", "booking", "signup", "loan"] {
        let out = run_example(name, std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(&format!("{name}.json")), "{name}: {stdout}");
    }
}

/// `examples/deploy_flows.rs`: `flow!` flows deployed from a two-line main to the embedded
/// sandbox, in a scratch directory (lockfile and sandbox state land there); the second run
/// finds nothing to do.
#[test]
fn deploy_flows_example_deploys_macro_flows_then_does_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = || {
        let out = run_example("deploy_flows", dir.path());
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    };
    let first = run();
    for name in ["Survey", "Booking", "Loan"] {
        assert!(first.contains(name), "{first}");
    }
    assert!(first.contains("all 3 flows ok"), "{first}");
    assert!(dir.path().join("flow-dsl.lock.sandbox.json").is_file());
    let second = run();
    assert_eq!(second.matches("unchanged").count(), 3, "{second}");
}
