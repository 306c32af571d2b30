//! `flow-dsl validate` end to end: the whole corpus, exit codes, and output shapes.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::paths::corpus_files;

fn flow_dsl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
}

#[test]
fn whole_corpus_as_json_is_consistent() {
    let files = corpus_files();
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
    let err = String::from_utf8_lossy(&out.stdout);
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
    let err = String::from_utf8_lossy(&out.stdout);
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
    let err = String::from_utf8_lossy(&bom.stdout);
    assert!(
        err.contains("byte order mark") && err.contains("without BOM"),
        "{err}"
    );
    assert!(err.contains("line 1, column 1"), "{err}");

    // Not UTF-8: the line and column of the first bad byte, not just "cannot read".
    let latin1 = b"{\"version\": \"7.3\",\n \"screens\": [{\"id\": \"CAF\xC9\"}]}";
    let human = validate_stdin(&[], latin1);
    assert_eq!(human.status.code(), Some(2));
    let err = String::from_utf8_lossy(&human.stdout);
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
    let err = String::from_utf8_lossy(&out.stdout);
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
    let err = String::from_utf8_lossy(&out.stdout);
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
    let err = String::from_utf8_lossy(&near.stdout);
    assert!(err.contains("DUPLICATE_FORM_COMPONENT_NAMES"), "{err}");
    assert!(
        err.contains("see screens[0].layout.children[0].name"),
        "{err}"
    );
    assert!(!err.contains("(line "), "{err}");

    let far = validate_stdin(&[], doc(40).as_bytes());
    let err = String::from_utf8_lossy(&far.stdout);
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
    let err = String::from_utf8_lossy(&human.stdout);
    assert!(err.contains("line 1, column 32"), "{err}");
    let json = validate_stdin(&["--format", "json"], input.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v[0]["validation_errors"][0]["column_start"], 32);
}

/// `flow-dsl validate --format json ... | head -c 10` must not end in a panic when the reader
/// goes away: the report is cut short, the exit code still reports the findings.
#[test]
fn closed_stdout_is_not_a_panic() {
    let files = corpus_files();
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

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

const BAD: &str = r#"{"version":"7.3","screens":[{"id":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Go","on-click-action":{"name":"navigate","next":{"type":"screen","name":"NOWHERE"},"payload":{}}}]}}]}"#;
const GOOD: &str = r#"{"version":"7.3","screens":[{"id":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#;

/// `flow-dsl validate a.json > report.txt` keeps the report; the tool's own errors (a file it
/// cannot read) stay on stderr. Several files end with a total.
#[test]
fn the_report_goes_to_stdout_with_a_total_and_tool_errors_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.json", BAD);
    let good = write(dir.path(), "good.json", GOOD);
    let out = flow_dsl()
        .arg("validate")
        .args([&bad, &good, &dir.path().join("missing.json")])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.contains("INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME"),
        "{stdout}"
    );
    assert!(stdout.contains("bad.json: 1 error, 0 warnings"), "{stdout}");
    assert!(
        stdout.contains("good.json: 0 errors, 0 warnings"),
        "{stdout}"
    );
    assert!(
        stdout.contains("total: 2 files, 1 error, 0 warnings"),
        "{stdout}"
    );
    assert!(stderr.contains("cannot read") && stderr.contains("missing.json"));
    assert!(!stderr.contains("INVALID_NAVIGATE"), "{stderr}");
}

#[test]
fn a_directory_is_searched_recursively_for_json_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "flows/a.json", BAD);
    write(dir.path(), "flows/nested/deeper/b.json", GOOD);
    write(dir.path(), "flows/notes.txt", "not a flow");
    let out = flow_dsl()
        .arg("validate")
        .arg(dir.path().join("flows"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("a.json: 1 error"), "{stdout}");
    assert!(stdout.contains("b.json: 0 errors"), "{stdout}");
    assert!(stdout.contains("total: 2 files, 1 error"), "{stdout}");
    assert!(!stdout.contains("notes.txt"), "{stdout}");

    let empty = tempfile::tempdir().unwrap();
    let out = flow_dsl()
        .arg("validate")
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no *.json file under"));
}

#[test]
fn deep_input_prints_a_repeated_path_segment_once_with_a_count() {
    let doc = format!(
        r#"{{"version":"7.3","screens":[{{"id":"A","data":{{"x":{{"type":"array","__example__":{}1{}}}}}}}]}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let out = validate_stdin(&[], doc.as_bytes());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("recursion limit") || stdout.contains("128 levels"),
        "{stdout}"
    );
    assert!(stdout.contains("[0]×"), "{stdout}");
    assert!(!stdout.contains("[0][0][0][0]"), "{stdout}");
}

#[test]
fn the_publishable_version_warning_says_what_the_rule_is() {
    let old = GOOD.replace("\"7.3\"", "\"3.0\"");
    let out = validate_stdin(&[], old.as_bytes());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("FLOWDSL_VERSION_NOT_PUBLISHABLE"),
        "{stdout}"
    );
    assert!(
        stdout.contains("139002") && stdout.contains("7.3"),
        "{stdout}"
    );
    assert!(!stdout.contains("AWS"), "{stdout}");
}

/// A flow cannot drive the terminal: no ESC, BEL, CR or bidi override from the document
/// reaches the output, even without colour; long values are shortened.
#[test]
fn control_characters_from_the_document_are_escaped_and_long_values_shortened() {
    let doc = GOOD.replacen(
        r#""screens""#,
        &format!(
            r#""\u001b]0;pwned\u0007\u001b[2J\r0 errors\u202e": 1, "k{}": 2, "screens""#,
            "y".repeat(5000)
        ),
        1,
    );
    for format in ["human", "json"] {
        let out = flow_dsl()
            .args(["validate", "--format", format, "-"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(doc.as_bytes())?;
                c.wait_with_output()
            })
            .unwrap();
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains(['\u{1b}', '\u{7}', '\r', '\u{202e}']),
                "{format} {what}: {text:?}"
            );
        }
        if format == "human" {
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(stdout.contains(r"\u{1b}]0;pwned\u{7}"), "{stdout}");
            assert!(!stdout.contains(&"y".repeat(200)), "{stdout}");
            assert!(stdout.contains("characters]"), "{stdout}");
        }
    }
}

#[test]
fn findings_past_the_cap_are_counted_in_one_line() {
    let screens: Vec<String> = (0..150)
        .map(|i| {
            format!(
                r#"{{"id":"S{i}","terminal":true,"layout":{{"type":"SingleColumnLayout","children":[{{"type":"Footer","label":"Go","on-click-action":{{"name":"navigate","next":{{"type":"screen","name":"NOPE{i}"}},"payload":{{}}}}}}]}}}}"#
            )
        })
        .collect();
    let doc = format!(r#"{{"version":"7.3","screens":[{}]}}"#, screens.join(","));
    let out = validate_stdin(&["--format", "json"], doc.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let nav: Vec<_> = v[0]["validation_errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["error"] == "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME")
        .collect();
    assert_eq!(nav.len(), 101);
    assert!(
        nav[100]["message"]
            .as_str()
            .unwrap()
            .starts_with("50 more findings like this"),
        "{}",
        nav[100]
    );
    let human = validate_stdin(&["--max-findings", "10"], doc.as_bytes());
    let stdout = String::from_utf8_lossy(&human.stdout);
    assert!(stdout.contains("140 more findings like this"), "{stdout}");
    let all = validate_stdin(&["--format", "json", "--max-findings", "0"], doc.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let errors = v[0]["validation_errors"].as_array().unwrap().len();
    assert!(errors > 150);
    // The summary counts every finding, shown or not.
    assert!(
        stdout.contains(&format!("<stdin>: {errors} errors")),
        "{stdout}"
    );
}

/// `--watch` validates again after the file changes.
#[test]
fn watch_reports_again_after_a_change() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "flow.json", BAD);
    let mut child = flow_dsl()
        .args(["validate", "--watch"])
        .arg(&file)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // A watchdog: a watch that never reports again must fail the test, not hang it.
    let pid = child.id().to_string();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(60));
        let _ = std::process::Command::new("kill").arg(pid).status();
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut summaries = Vec::new();
    while summaries.len() < 2 {
        let Some(Ok(line)) = lines.next() else { break };
        if line.contains("flow.json: ") && line.contains(" warning") {
            summaries.push(line.clone());
            if summaries.len() == 1 {
                // Make sure the modification time moves even on coarse file systems.
                std::thread::sleep(std::time::Duration::from_millis(1100));
                std::fs::write(&file, GOOD).unwrap();
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(summaries.len(), 2, "{summaries:?}");
    assert!(summaries[0].contains("1 error,"), "{summaries:?}");
    assert!(summaries[1].contains("0 errors"), "{summaries:?}");
}
