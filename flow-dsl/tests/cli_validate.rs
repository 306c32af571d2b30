//! `flow-dsl validate` end to end: the whole corpus, exit codes, and output shapes.

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn corpus() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    assert!(
        dir.is_dir(),
        "the shared corpus is missing at {}",
        dir.display()
    );
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert_eq!(out.len(), 175);
    out
}

fn flow_dsl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
}

#[test]
fn whole_corpus_as_json_is_consistent() {
    let files = corpus();
    let out = flow_dsl()
        .arg("validate")
        .arg("--format")
        .arg("json")
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "killed by a signal: {out:?}");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 175);
    let any_errors = reports
        .iter()
        .any(|r| !r["validation_errors"].as_array().unwrap().is_empty());
    assert_eq!(out.status.code(), Some(if any_errors { 1 } else { 0 }));
    for r in reports {
        for e in r["validation_errors"]
            .as_array()
            .unwrap()
            .iter()
            .chain(r["warnings"].as_array().unwrap())
        {
            for k in ["error", "error_type", "message", "pointers"] {
                assert!(e.get(k).is_some(), "{k} missing: {e}");
            }
            assert!(
                e["line_start"].as_u64().is_some(),
                "every corpus finding is located: {e}"
            );
        }
    }
    // Each file on its own gives the exit code its own report implies.
    for (file, r) in files.iter().zip(reports).step_by(9) {
        let code = flow_dsl()
            .arg("validate")
            .arg("--format")
            .arg("json")
            .arg(file)
            .output()
            .unwrap()
            .status
            .code();
        let has = !r["validation_errors"].as_array().unwrap().is_empty();
        assert_eq!(code, Some(if has { 1 } else { 0 }), "{}", file.display());
    }
}

#[test]
fn valid_file_exits_zero_and_reports_warnings_only() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/meta-flows-tools/survey.json");
    let out = flow_dsl()
        .args(["validate", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v[0]["validation_errors"].as_array().unwrap().is_empty());
    // --strict does not turn the publishing-version advice into an error.
    let strict = flow_dsl()
        .args(["validate", "--strict"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(0));
}

#[test]
fn not_json_exits_two_with_location() {
    let out = validate_stdin(&[], b"{\n  \"version\": \"7.3\",\n  \"screens\": [,]\n}");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("INVALID_FLOW_JSON") && err.contains("line 3"),
        "{err}"
    );
}

#[test]
fn standard_input_twice_is_refused() {
    let out = flow_dsl()
        .args(["validate", "-", "-"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("can be read only once"));
}

#[test]
fn unreadable_file_exits_two() {
    let out = flow_dsl()
        .args(["validate", "--format", "json", "/nonexistent/flow.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v[0]["validation_errors"][0]["error"],
        "FLOWDSL_UNREADABLE_FILE"
    );
}

#[test]
fn human_output_underlines_the_offending_value() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/limalb01_endpoint-flow/Error_Codes__3.json");
    let out = flow_dsl().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("INVALID_SCREEN_DYNAMIC_DATA"), "{err}");
    assert!(
        err.contains("${data.screen_title}") && err.contains("screens[0].layout.children[0].text"),
        "{err}"
    );
}

/// Runs `flow-dsl validate <args> -` with `input` on standard input.
fn validate_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = flow_dsl()
        .arg("validate")
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn bytes_that_are_not_json_text_are_located_not_misreported() {
    // A byte order mark: not "expected value" with a trailing-comma hint.
    let bom = validate_stdin(&[], b"\xEF\xBB\xBF{\"version\": \"7.3\", \"screens\": []}");
    assert_eq!(bom.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bom.stderr);
    assert!(
        err.contains("byte order mark") && err.contains("without BOM"),
        "{err}"
    );
    assert!(err.contains("line 1, column 1"), "{err}");

    // Not UTF-8: the line and column of the first bad byte, not just "cannot read".
    let latin1 = b"{\"version\": \"7.3\",\n \"screens\": [{\"id\": \"CAF\xC9\"}]}";
    let human = validate_stdin(&[], latin1);
    assert_eq!(human.status.code(), Some(2));
    let err = String::from_utf8_lossy(&human.stderr);
    assert!(
        err.contains("not valid UTF-8") && err.contains("iconv"),
        "{err}"
    );
    assert!(err.contains("line 2, column 25"), "{err}");

    let json = validate_stdin(&["--format", "json"], latin1);
    assert_eq!(json.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let e = &v[0]["validation_errors"][0];
    assert_eq!(e["error"], "INVALID_FLOW_JSON");
    assert_eq!(
        (e["line_start"].as_u64(), e["column_start"].as_u64()),
        (Some(2), Some(25))
    );
}

#[test]
fn a_minified_document_is_excerpted_under_each_finding() {
    // One long line (as Meta's API returns flows) with a finding near its end: the report shows
    // a window of the line, not the whole line under every finding.
    let filler = "x".repeat(200_000);
    let doc = format!(
        r#"{{"version":"7.3","x-filler":"{filler}","screens":[{{"id":"A","terminal":true,"layout":{{"type":"SingleColumnLayout","children":[{{"type":"Footer","label":"Go","on-click-action":{{"name":"navigate","next":{{"type":"screen","name":"NOWHERE"}},"payload":{{}}}}}}]}}}}]}}"#
    );
    let out = validate_stdin(&[], doc.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.len() < 8_000, "report of {} bytes", err.len());
    assert!(
        err.contains("INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME"),
        "{err}"
    );
    let column = doc.find(r#""NOWHERE""#).unwrap() + 1;
    assert!(err.contains(&format!("<stdin>:1:{column}")), "{err}");
    assert!(err.contains("NOWHERE"), "{err}");

    // Not JSON at the end of the same line: also a window.
    let broken = format!(r#"{{"version":"7.3","x":"{filler}","screens":[1,]}}"#);
    let out = validate_stdin(&[], broken.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.len() < 4_000, "report of {} bytes", err.len());
    assert!(err.contains("INVALID_FLOW_JSON"), "{err}");
}

#[test]
fn related_values_are_underlined_when_near_and_named_with_their_line_when_far() {
    let doc = |fillers: usize| {
        let mut children =
            vec![serde_json::json!({"type": "TextInput", "name": "email", "label": "Email"})];
        children.extend((0..fillers).map(|_| serde_json::json!({"type": "TextBody", "text": "…"})));
        children.push(serde_json::json!({"type": "TextInput", "name": "email", "label": "Again"}));
        children.push(serde_json::json!({"type": "Footer", "label": "Done",
            "on-click-action": {"name": "complete", "payload": {}}}));
        let flow = serde_json::json!({"version": "7.3", "screens": [{"id": "A", "terminal": true,
            "layout": {"type": "SingleColumnLayout", "children": children}}]});
        serde_json::to_string_pretty(&flow).unwrap()
    };
    let near = validate_stdin(&[], doc(1).as_bytes());
    let err = String::from_utf8_lossy(&near.stderr);
    assert!(err.contains("DUPLICATE_FORM_COMPONENT_NAMES"), "{err}");
    assert!(
        err.contains("see screens[0].layout.children[0].name"),
        "{err}"
    );
    assert!(!err.contains("(line "), "{err}");

    let far = validate_stdin(&[], doc(40).as_bytes());
    let err = String::from_utf8_lossy(&far.stderr);
    assert!(
        err.contains("see screens[0].layout.children[0].name (line 12, column 21)"),
        "{err}"
    );
}

#[test]
fn parse_error_columns_count_characters_like_findings() {
    // `é` is one character and two bytes: the `]` is character 32 (byte 33).
    let input = "{\"version\": \"é\", \"screens\": [1,]}";
    let human = validate_stdin(&[], input.as_bytes());
    let err = String::from_utf8_lossy(&human.stderr);
    assert!(err.contains("line 1, column 32"), "{err}");
    let json = validate_stdin(&["--format", "json"], input.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v[0]["validation_errors"][0]["column_start"], 32);
}

/// `flow-dsl validate --format json ... | head -c 10` must not end in a panic when the reader
/// goes away: the report is cut short, the exit code still reports the findings.
#[test]
fn closed_stdout_is_not_a_panic() {
    let files = corpus();
    let mut child = flow_dsl()
        .arg("validate")
        .arg("--format")
        .arg("json")
        .args(&files)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the read end before the report is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}

/// `flow-dsl validate ... 2>&1 | head -1` and the like: a closed stderr cuts the report short
/// but is not a panic (exit 101); the exit code still says there were findings.
#[test]
fn closed_stderr_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"version":"7.3","screens":[{"id":"A","layout":{}}]}"#,
    )
    .unwrap();
    for args in [
        vec!["validate", bad.to_str().unwrap()],
        vec!["fmt", "--check", bad.to_str().unwrap()],
        vec!["validate", "-", "-"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = flow_dsl()
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(writer)
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(matches!(code, Some(1 | 2)), "{args:?}: exit {code:?}");
    }
}
