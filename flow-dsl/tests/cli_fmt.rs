//! `flow-dsl fmt`, run as a process: inputs, exit codes, located errors, `--write`, and the whole
//! shared corpus (same JSON value, idempotent byte for byte).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::paths::corpus_files;

const BIN: &str = env!("CARGO_BIN_EXE_flow-dsl");

/// A small, valid, non-canonical document: keys out of order, 4-space indent, an unknown
/// component, an unknown property and an unknown top-level key.
const MESSY: &str = r#"{
    "screens": [
        {
            "layout": {
                "children": [
                    {"label": "Email", "name": "email", "type": "TextInput", "x-note": "kept"},
                    {"type": "Sparkles", "amount": 3},
                    {"on-click-action": {"payload": {"e": "${form.email}"}, "name": "complete"},
                     "label": "Done", "type": "Footer"}
                ],
                "type": "SingleColumnLayout"
            },
            "terminal": true,
            "id": "START"
        }
    ],
    "x-tool": {"b": 1, "a": 2},
    "version": "7.3"
}"#;

const CANONICAL: &str = r#"{
  "version": "7.3",
  "screens": [
    {
      "id": "START",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {
            "type": "TextInput",
            "name": "email",
            "label": "Email",
            "x-note": "kept"
          },
          {
            "type": "Sparkles",
            "amount": 3
          },
          {
            "type": "Footer",
            "label": "Done",
            "on-click-action": {
              "name": "complete",
              "payload": {
                "e": "${form.email}"
              }
            }
          }
        ]
      }
    }
  ],
  "x-tool": {
    "b": 1,
    "a": 2
  }
}
"#;

fn fmt(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .arg("fmt")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the flow-dsl binary runs");
    // The child may exit before reading everything (e.g. argument errors): ignore EPIPE.
    let _ = child.stdin.take().expect("piped stdin").write_all(stdin);
    child.wait_with_output().expect("the flow-dsl binary exits")
}

fn stdout(o: &Output) -> &str {
    std::str::from_utf8(&o.stdout).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn temp_file(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, contents).expect("write temp file");
    p
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

#[test]
fn formats_standard_input() {
    let out = fmt(&[], MESSY.as_bytes());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), CANONICAL);
    assert!(out.stderr.is_empty());

    let dash = fmt(&["-"], MESSY.as_bytes());
    assert_eq!(code(&dash), 0);
    assert_eq!(stdout(&dash), CANONICAL);
}

#[test]
fn formats_a_file_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = temp_file(dir.path(), "flow.json", MESSY);
    let out = fmt(&[s(&p)], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), CANONICAL);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), MESSY);
}

#[test]
fn output_is_idempotent() {
    let once = fmt(&[], MESSY.as_bytes());
    let twice = fmt(&[], &once.stdout);
    assert_eq!(code(&twice), 0);
    assert_eq!(twice.stdout, once.stdout);
    let compact = fmt(&["--compact"], MESSY.as_bytes());
    let compact_twice = fmt(&["--compact"], &compact.stdout);
    assert_eq!(compact_twice.stdout, compact.stdout);
}

#[test]
fn check_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let messy = temp_file(dir.path(), "messy.json", MESSY);
    let canonical = temp_file(dir.path(), "canonical.json", CANONICAL);

    let ok = fmt(&["--check", s(&canonical)], b"");
    assert_eq!(code(&ok), 0, "{}", stderr(&ok));
    assert!(ok.stdout.is_empty() && ok.stderr.is_empty());

    let bad = fmt(&["--check", s(&messy)], b"");
    assert_eq!(code(&bad), 1);
    assert!(bad.stdout.is_empty());
    let err = stderr(&bad);
    assert!(err.contains("messy.json"), "names the file: {err}");
    assert!(err.contains("not in canonical form"), "{err}");

    // Several files: the worst result wins, every offender is named.
    let both = fmt(&["--check", s(&canonical), s(&messy)], b"");
    assert_eq!(code(&both), 1);
    assert!(stderr(&both).contains("messy.json"));
    assert!(!stderr(&both).contains("canonical.json"));

    // A missing final newline is not canonical.
    let no_newline = temp_file(dir.path(), "nl.json", CANONICAL.trim_end());
    assert_eq!(code(&fmt(&["--check", s(&no_newline)], b"")), 1);

    // Standard input can be checked too.
    assert_eq!(code(&fmt(&["--check"], CANONICAL.as_bytes())), 0);
    let stdin_bad = fmt(&["--check", "-"], MESSY.as_bytes());
    assert_eq!(code(&stdin_bad), 1);
    assert!(stderr(&stdin_bad).contains("<stdin>"));

    // Unreadable input beats non-canonical input.
    let missing = dir.path().join("missing.json");
    assert_eq!(code(&fmt(&["--check", s(&messy), s(&missing)], b"")), 2);
}

#[test]
fn compact_output() {
    let out = fmt(&["--compact"], MESSY.as_bytes());
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.ends_with("}\n"));
    assert_eq!(text.matches('\n').count(), 1, "one line: {text}");
    assert!(text.starts_with(r#"{"version":"7.3","screens":[{"id":"START","terminal":true"#));
    let a: Value = serde_json::from_str(text).unwrap();
    let b: Value = serde_json::from_str(MESSY).unwrap();
    assert_eq!(a, b);

    let dir = tempfile::tempdir().unwrap();
    let compact = temp_file(dir.path(), "c.json", text);
    assert_eq!(code(&fmt(&["--check", "--compact", s(&compact)], b"")), 0);
    assert_eq!(code(&fmt(&["--check", s(&compact)], b"")), 1);
}

#[test]
fn non_json_exits_2_with_a_located_message() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"version\": \"7.3\",\n  \"screens\": [{\"id\": \"A\", \"layout\": {\"type\": \"SingleColumnLayout\",\n    \"children\": [{\"type\": \"TextBody\", \"text\": \"hi\"},\n      {\"type\": \"Footer\", \"label\": \"x\",}]}}]}\n";
    let p = temp_file(dir.path(), "broken.json", text);
    let out = fmt(&[s(&p)], b"");
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    // The trailing comma after "x" on line 4: file:line:column, the JSON path, a hint.
    let col = text.lines().nth(3).unwrap().find(",}").unwrap() + 1;
    assert!(
        err.contains(&format!("broken.json:4:{col}")),
        "location in: {err}"
    );
    assert!(err.contains("trailing comma"), "{err}");
    assert!(err.contains("screens[0].layout.children[1]"), "{err}");
    assert!(err.contains("remove the comma"), "{err}");
    // The offending line is quoted.
    assert!(
        err.contains(r#"{"type": "Footer", "label": "x",}"#),
        "{err}"
    );

    // Standard input, unterminated.
    let eof = fmt(&[], b"{\"version\": \"7.3\", \"screens\": [");
    assert_eq!(code(&eof), 2);
    let err = stderr(&eof);
    assert!(err.contains("<stdin>:1:"), "{err}");
    assert!(err.contains("EOF"), "{err}");

    // Not an object, empty input, not UTF-8, a byte order mark, a key written twice.
    for (input, expect) in [
        (&b"[1, 2]"[..], "must be a JSON object"),
        (&b""[..], "the input is empty"),
        (&b"{\"x\": \"\\ud800\"}"[..], "first half of a pair"),
        (&"[".repeat(300).into_bytes()[..], "nests over 128 levels"),
        (&b"{\"version\": \"\xff\"}"[..], "UTF-8"),
        (&b"\xEF\xBB\xBF{}"[..], "byte order mark"),
        (&b"{version: 1}"[..], "double quotes"),
        (
            &b"{\"version\": \"7.3\", \"version\": \"6.0\", \"screens\": []}"[..],
            "<stdin>:1:20: \"version\" is written twice",
        ),
    ] {
        let out = fmt(&[], input);
        assert_eq!(code(&out), 2, "{input:?}");
        assert!(stderr(&out).contains(expect), "{input:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("<stdin>:1:"), "{}", stderr(&out));
    }
}

#[test]
fn a_minified_document_is_excerpted_not_dumped() {
    // One 200 KB line with an error at the end: the report must not print the whole line.
    let big = format!(
        "{{\"version\":\"7.3\",\"screens\":[],\"x\":\"{}\",]",
        "a".repeat(200_000)
    );
    let out = fmt(&[], big.as_bytes());
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.len() < 4_000, "report of {} bytes", err.len());
    let col = big.find(",]").unwrap() + 2;
    assert!(err.contains(&format!("<stdin>:1:{col}")), "{err}");
}

#[test]
fn unreadable_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.json");
    let out = fmt(&[s(&missing)], b"");
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("cannot read") && err.contains("nope.json"),
        "{err}"
    );
    // A directory is not a file.
    assert_eq!(code(&fmt(&[s(dir.path())], b"")), 2);
}

#[test]
fn argument_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let a = temp_file(dir.path(), "a.json", CANONICAL);
    let b = temp_file(dir.path(), "b.json", CANONICAL);
    // Two documents to stdout would be concatenated.
    let out = fmt(&[s(&a), s(&b)], b"");
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("--check, --diff or --write"));
    // --write cannot write back to standard input.
    assert_eq!(code(&fmt(&["--write"], MESSY.as_bytes())), 2);
    // --check and --write exclude each other.
    assert_eq!(code(&fmt(&["--check", "--write", s(&a)], b"")), 2);
}

#[test]
fn write_rewrites_in_place_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let messy = temp_file(dir.path(), "messy.json", MESSY);
    let canonical = temp_file(dir.path(), "canonical.json", CANONICAL);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&messy, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let before_canonical = std::fs::metadata(&canonical).unwrap().modified().unwrap();

    let out = fmt(&["--write", s(&messy), s(&canonical)], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("messy.json"));
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), CANONICAL);
    // An already canonical file is not rewritten.
    assert_eq!(
        std::fs::metadata(&canonical).unwrap().modified().unwrap(),
        before_canonical
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&messy).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "permissions kept");
    }
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // --write --compact.
    let out = fmt(&["--write", "--compact", s(&messy)], b"");
    assert_eq!(code(&out), 0);
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        stdout(&fmt(&["--compact"], MESSY.as_bytes()))
    );

    // A broken file is reported and left as it was; the others are still formatted.
    let broken = temp_file(dir.path(), "broken.json", "{\"version\": }");
    let other = temp_file(dir.path(), "other.json", MESSY);
    let out = fmt(&["--write", s(&broken), s(&other)], b"");
    assert_eq!(code(&out), 2);
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), "{\"version\": }");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), CANONICAL);
}

#[test]
fn write_leaves_read_only_files_and_inexact_numbers_alone() {
    let dir = tempfile::tempdir().unwrap();
    let locked = temp_file(dir.path(), "locked.json", MESSY);
    let mut perms = std::fs::metadata(&locked).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&locked, perms).unwrap();
    let out = fmt(&["--write", s(&locked)], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), MESSY);

    let big = "{\"version\": \"7.3\", \"screens\": [],\n \"n\": 123456789012345678901234567890}";
    let file = temp_file(dir.path(), "big.json", big);
    let out = fmt(&["--write", s(&file)], b"");
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("big.json:2:7"), "{err}");
    assert!(err.contains("1.2345678901234568e+29"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), big);
    // Other spellings of the same value are normal formatting.
    let out = fmt(
        &[],
        b"{\"version\": \"7.3\", \"screens\": [], \"n\": 1e2, \"z\": -0}",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("\"n\": 100.0"), "{}", stdout(&out));
}

#[cfg(unix)]
#[test]
fn write_through_a_symlink_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = temp_file(dir.path(), "target.json", MESSY);
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = fmt(&["--write", s(&link)], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), CANONICAL);
}

fn json(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"))
}

#[test]
fn corpus_formats_to_the_same_value_idempotently() {
    // Through the library function the CLI calls: pretty and compact.
    let mut failures = Vec::new();
    for path in corpus_files() {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let original = json(&text, &name);
        for compact in [false, true] {
            let out = match flow_dsl::cli::fmt::format_str(&text, compact) {
                Ok(o) => o,
                Err(e) => {
                    failures.push(format!("{name}: {e}"));
                    continue;
                }
            };
            if json(&out, &name) != original {
                failures.push(format!("{name} (compact={compact}): JSON value changed"));
            }
            let again = flow_dsl::cli::fmt::format_str(&out, compact).unwrap();
            if again != out {
                failures.push(format!("{name} (compact={compact}): not idempotent"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_through_the_binary() {
    // Every corpus file through the binary in two processes: `--write` on copies, then
    // `--check` on the result (byte-identical: idempotent), and the values compared.
    let files = corpus_files();
    let dir = tempfile::tempdir().unwrap();
    let copies: Vec<(PathBuf, PathBuf)> = files
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let copy = dir.path().join(format!("{i:03}.json"));
            // Written, not copied: the shared corpus is read-only, and fmt keeps off such files.
            std::fs::write(&copy, std::fs::read(p).unwrap()).unwrap();
            (p.clone(), copy)
        })
        .collect();
    let args: Vec<&str> = copies.iter().map(|(_, c)| s(c)).collect();

    let mut write = vec!["--write"];
    write.extend(&args);
    let out = fmt(&write, b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let mut check = vec!["--check"];
    check.extend(&args);
    let out = fmt(&check, b"");
    assert_eq!(code(&out), 0, "fmt of fmt output changed: {}", stderr(&out));

    for (original, copy) in &copies {
        let name = original.display().to_string();
        let a = json(&std::fs::read_to_string(original).unwrap(), &name);
        let b = json(&std::fs::read_to_string(copy).unwrap(), &name);
        assert_eq!(a, b, "{name}: JSON value changed");
    }

    // And a handful printed to standard output, one process each, as a user runs it.
    for (original, copy) in copies.iter().step_by(35) {
        let out = fmt(&[s(original)], b"");
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(
            out.stdout,
            std::fs::read(copy).unwrap(),
            "{}",
            original.display()
        );
    }
}

#[test]
fn a_key_written_twice_is_labelled_as_such_not_as_invalid_json() {
    let out = fmt(
        &[],
        br#"{"version": "7.3", "version": "6.0", "screens": []}"#,
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("fmt::duplicate_key"), "{err}");
    assert!(!err.contains("invalid_json"), "{err}");
    assert!(err.contains("written twice"), "{err}");
}

#[test]
fn diff_shows_what_formatting_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let messy = temp_file(
        dir.path(),
        "messy.json",
        r#"{"screens": [], "version": "7.3"}"#,
    );
    let out = fmt(&["--diff", s(&messy)], b"");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(diff.contains("--- a/") && diff.contains("+++ b/"), "{diff}");
    assert!(
        diff.contains("-{\"screens\": [], \"version\": \"7.3\"}"),
        "{diff}"
    );
    assert!(diff.contains("+  \"version\": \"7.3\","), "{diff}");
    // Unchanged: the file stays as it was.
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        r#"{"screens": [], "version": "7.3"}"#
    );
    let canonical = temp_file(
        dir.path(),
        "canonical.json",
        "{\n  \"version\": \"7.3\",\n  \"screens\": []\n}\n",
    );
    let out = fmt(&["--diff", s(&canonical)], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn syntax_error_excerpts_do_not_pass_control_characters() {
    let out = fmt(
        &[],
        b"{\"version\": \"7.3\",\n \x1b]0;pwned\x07 \"screens\": []}",
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(!err.contains(['\u{1b}', '\u{7}']), "{err:?}");
}

#[test]
fn watch_formats_again_after_a_change() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let file = temp_file(
        dir.path(),
        "flow.json",
        r#"{"screens": [], "version": "7.3"}"#,
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
        .args(["fmt", "--check", "--watch", s(&file)])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A watchdog: a watch that never reports again must fail the test, not hang it.
    let pid = child.id().to_string();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(60));
        let _ = std::process::Command::new("kill").arg(pid).status();
    });
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut reports = 0;
    while reports < 2 {
        let Some(Ok(line)) = lines.next() else { break };
        if line.contains("not in canonical form") {
            reports += 1;
            if reports == 1 {
                std::thread::sleep(std::time::Duration::from_millis(1100));
                std::fs::write(&file, r#"{"version": "7.3",  "screens": []}"#).unwrap();
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(reports, 2);
}
