//! `flow-dsl import` as users run it: a file or standard input to standard output, `-o`
//! (atomic, never over an existing file without `--force`), `--name`, `--as builders`, input
//! that is not Flow JSON (located), an invalid flow (imported, its findings listed, exit 1),
//! `--flow-id` against the embedded sandbox, and `--check` (one nested `cargo check`).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../examples/flows/{name}.json"))
}

fn flow_dsl(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flow-dsl"));
    cmd.current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("WHATSAPP_TOKEN")
        .env_remove("WHATSAPP_WABA_ID")
        .env_remove("FLOW_DSL_PATH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("flow-dsl runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What the library gives for the same input: the command prints exactly that.
fn library(json: &str, style: flow_dsl::import::Style, name: Option<&str>, file: &str) -> String {
    let mut o = flow_dsl::import::ImportOptions::new()
        .style(style)
        .file_name(file);
    if let Some(n) = name {
        o = o.type_name(n);
    }
    flow_dsl::import::import(json, &o).unwrap().rust
}

#[test]
fn a_file_and_standard_input_import_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let survey = example("survey");
    let json = std::fs::read_to_string(&survey).unwrap();

    let from_file = flow_dsl(dir.path(), &["import", survey.to_str().unwrap()], None);
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    let rust = stdout(&from_file);
    assert_eq!(
        rust,
        library(&json, flow_dsl::import::Style::Macro, None, "survey.json")
    );
    assert!(rust.contains("flow!"), "{rust}");
    assert!(
        rust.contains("name=Survey"),
        "type name from the file name: {rust}"
    );

    let from_stdin = flow_dsl(
        dir.path(),
        &["import", "-", "--name", "Satisfaction"],
        Some(&json),
    );
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    let rust = stdout(&from_stdin);
    assert!(rust.contains("name=Satisfaction"), "{rust}");
    assert!(!rust.contains("name=Survey"), "{rust}");

    let builders = flow_dsl(
        dir.path(),
        &["import", survey.to_str().unwrap(), "--as", "builders"],
        None,
    );
    assert!(builders.status.success(), "{}", stderr(&builders));
    assert_eq!(
        stdout(&builders),
        library(
            &json,
            flow_dsl::import::Style::Builders,
            None,
            "survey.json"
        )
    );
    assert!(
        !stdout(&builders).contains("flow!"),
        "{}",
        stdout(&builders)
    );

    let bad_name = flow_dsl(
        dir.path(),
        &["import", "-", "--name", "not a type"],
        Some(&json),
    );
    assert_eq!(bad_name.status.code(), Some(2));
    assert!(
        stderr(&bad_name).contains("not a Rust type name"),
        "{}",
        stderr(&bad_name)
    );
}

#[test]
fn output_files_are_written_whole_and_kept_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let booking = example("booking");
    let b = booking.to_str().unwrap();
    let first = flow_dsl(
        dir.path(),
        &["import", b, "-o", "src/flows/booking.rs"],
        None,
    );
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).is_empty(), "nothing on stdout with -o");
    assert!(
        stderr(&first).contains("wrote src/flows/booking.rs"),
        "{}",
        stderr(&first)
    );
    let path = dir.path().join("src/flows/booking.rs");
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("flow!"), "{written}");

    std::fs::write(&path, "// mine\n").unwrap();
    let refused = flow_dsl(
        dir.path(),
        &["import", b, "-o", "src/flows/booking.rs"],
        None,
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "// mine\n");

    let forced = flow_dsl(
        dir.path(),
        &["import", b, "-o", "src/flows/booking.rs", "--force"],
        None,
    );
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
    let left: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["booking.rs"], "no temporary file left");
}

#[test]
fn input_that_is_not_flow_json_is_refused_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "{\n  \"version\": \"7.0\",\n  \"screens\": [\n    {\"id\": \"A\",, }\n  ]\n}\n";
    let out = flow_dsl(dir.path(), &["import", "-"], Some(broken));
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.contains("<stdin>:4:"), "{err}");

    std::fs::write(dir.path().join("bom.json"), b"\xEF\xBB\xBF{}").unwrap();
    let bom = flow_dsl(dir.path(), &["import", "bom.json"], None);
    assert_eq!(bom.status.code(), Some(2));
    assert!(stderr(&bom).contains("bom.json:1:1"), "{}", stderr(&bom));

    let missing = flow_dsl(dir.path(), &["import", "nope.json"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("cannot read nope.json"),
        "{}",
        stderr(&missing)
    );
}

/// The survey with its navigate target misspelt: Meta refuses it.
fn invalid_flow() -> String {
    let json = std::fs::read_to_string(example("booking")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut s = serde_json::to_string_pretty(&v).unwrap();
    let target = v["screens"][1]["id"].as_str().unwrap().to_owned();
    let from = format!("\"name\": \"{target}\"");
    assert!(s.contains(&from), "booking navigates to its second screen");
    s = s.replacen(&from, "\"name\": \"NOWHERE\"", 1);
    s
}

#[test]
fn an_invalid_flow_imports_with_its_findings_listed_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let json = invalid_flow();
    let expected: Vec<&str> = flow_model::validate::validate_str(&json)
        .unwrap()
        .findings
        .iter()
        .filter(|f| f.severity == flow_model::validate::Severity::Error)
        .map(|f| f.code)
        .collect();
    assert!(!expected.is_empty());
    let out = flow_dsl(dir.path(), &["import", "-"], Some(&json));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let rust = stdout(&out);
    assert!(rust.contains("NOWHERE"), "nothing dropped: {rust}");
    let err = stderr(&out);
    for code in &expected {
        assert!(err.contains(code), "{code} listed: {err}");
        assert!(rust.contains(code), "{code} commented in the code: {rust}");
    }
    assert!(err.contains("<stdin>:"), "{err}");
    assert!(err.contains("does not compile until"), "{err}");
}

#[test]
fn a_deployed_flow_imports_by_flow_id_from_the_embedded_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let survey = example("survey");
    let deploy = flow_dsl(
        dir.path(),
        &["deploy", survey.to_str().unwrap(), "--category", "survey"],
        None,
    );
    assert!(deploy.status.success(), "{}", stderr(&deploy));

    let by_name = flow_dsl(dir.path(), &["import", "--flow-id", "survey"], None);
    assert!(by_name.status.success(), "{}", stderr(&by_name));
    assert!(
        stderr(&by_name).contains("no WHATSAPP_TOKEN set: importing from the embedded sandbox"),
        "{}",
        stderr(&by_name)
    );
    let json = std::fs::read_to_string(&survey).unwrap();
    assert_eq!(
        stdout(&by_name),
        library(&json, flow_dsl::import::Style::Macro, None, "survey")
    );

    let lock: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("flow-dsl.lock.sandbox.json")).unwrap(),
    )
    .unwrap();
    let id = lock["flows"]["survey"]["id"].as_str().unwrap().to_owned();
    let by_id = flow_dsl(
        dir.path(),
        &[
            "import",
            "--flow-id",
            &id,
            "--name",
            "Survey",
            "--as",
            "builders",
        ],
        None,
    );
    assert!(by_id.status.success(), "{}", stderr(&by_id));
    // A numeric id names no file: the module says so.
    let no_file = flow_dsl::import::ImportOptions::new()
        .style(flow_dsl::import::Style::Builders)
        .type_name("Survey");
    assert_eq!(
        stdout(&by_id),
        flow_dsl::import::import(&json, &no_file).unwrap().rust
    );

    let unknown = flow_dsl(dir.path(), &["import", "--flow-id", "nope"], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("no flow \"nope\""),
        "{}",
        stderr(&unknown)
    );

    let both = flow_dsl(
        dir.path(),
        &["import", survey.to_str().unwrap(), "--flow-id", "survey"],
        None,
    );
    assert_eq!(both.status.code(), Some(2), "a file or --flow-id, not both");
}

#[test]
fn check_compiles_the_module_and_places_its_errors_in_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let json = invalid_flow();
    std::fs::write(dir.path().join("booking.json"), &json).unwrap();
    // The corpus test's target: the light flow-dsl build is shared.
    let target = crate::paths::target_dir().join("import-corpus/target");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flow-dsl"));
    cmd.current_dir(dir.path())
        .args(["import", "booking.json", "--check", "-o", "booking.rs"])
        .arg("--flow-dsl-path")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_TARGET_DIR", &target)
        // As the corpus test builds in that target: one build of flow-dsl, no incremental state.
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_NET_OFFLINE", "true")
        .env("NO_COLOR", "1");
    eprintln!(
        "cli_import: flow-dsl import --check (nested cargo check, target {})",
        target.display()
    );
    let out = cmd.output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // The misspelt target's line in the JSON.
    let line = json
        .lines()
        .position(|l| l.contains("NOWHERE"))
        .map(|i| i + 1)
        .unwrap();
    let located = format!("booking.json:{line}:");
    assert!(
        err.lines()
            .any(|l| l.starts_with(&located) && l.contains("error")),
        "an error at {located}: {err}"
    );
    assert!(err.contains("compile error"), "{err}");
    assert!(dir.path().join("booking.rs").is_file(), "-o still written");
}
