//! build.rs support: atomic, change-only writes; invalid flows fail with the full report.

use std::time::{Duration, SystemTime};

use flow_dsl::assets::{AssetsError, FlowAssets, FlowSource, write_flows};
use flow_dsl::builder::*;

fn valid() -> Flow {
    let mut flow = Flow::new("7.3");
    let s = flow.screen("DONE");
    flow.at(s)
        .terminal(true)
        .child(Footer::new("Done", complete()));
    flow
}

fn invalid() -> Flow {
    let mut flow = Flow::new("7.3");
    let a = flow.screen("A");
    let b = flow.screen("B");
    flow.at(b).data::<String>("x", "y");
    flow.at(a).child(Footer::new("Next", navigate(b)));
    flow.at(b)
        .terminal(true)
        .child(Footer::new("Done", complete()));
    flow
}

#[test]
fn writes_pretty_canonical_json_once() {
    let dir = tempfile::tempdir().unwrap();
    let flow = valid();
    let first = write_flows(dir.path(), [FlowSource::new("done", &flow)]).unwrap();
    assert!(first[0].changed);
    let text = std::fs::read_to_string(&first[0].path).unwrap();
    assert_eq!(
        text,
        format!("{}\n", flow.clone().build().unwrap().to_string_pretty())
    );
    let mtime = std::fs::metadata(&first[0].path)
        .unwrap()
        .modified()
        .unwrap();

    // Make a rewrite detectable, then write the same content again: the file is not touched.
    std::thread::sleep(Duration::from_millis(20));
    let second = write_flows(dir.path(), [FlowSource::new("done", &flow)]).unwrap();
    assert!(!second[0].changed);
    assert_eq!(
        std::fs::metadata(&first[0].path)
            .unwrap()
            .modified()
            .unwrap(),
        mtime
    );
    assert!(mtime <= SystemTime::now());
    // No temporary files are left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn invalid_flow_fails_with_the_report_and_valid_ones_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let good = valid();
    let bad = invalid();
    let err = FlowAssets::new(dir.path())
        .add("good", &good)
        .add("bad", &bad)
        .write()
        .unwrap_err();
    let report = err.to_string();
    assert!(
        matches!(err, AssetsError::Invalid(ref v) if v.len() == 1),
        "{report}"
    );
    assert!(report.contains("flow `bad` is invalid"), "{report}");
    assert!(
        report.contains("INVALID_NAVIGATE_ACTION_PAYLOAD"),
        "{report}"
    );
    assert!(report.contains("tests/assets.rs:"), "{report}");
    assert!(dir.path().join("good.json").exists());
    assert!(!dir.path().join("bad.json").exists());
}

#[test]
fn documents_are_validated_too_and_names_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let json = valid().build().unwrap();
    let ok = FlowAssets::new(dir.path())
        .add("doc", &json)
        .write()
        .unwrap();
    assert!(ok[0].path.ends_with("doc.json"));
    let err = FlowAssets::new(dir.path())
        .add("../escape", &json)
        .write()
        .unwrap_err();
    assert!(matches!(err, AssetsError::BadName(_)), "{err}");
}
