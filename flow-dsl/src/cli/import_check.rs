//! `flow-dsl import --check`: compiles the imported module and shows the compiler's errors at
//! the JSON file's lines and columns.
//!
//! The module goes into a temporary crate that depends on flow-dsl (as `flow-dsl init` writes
//! it), `cargo check --message-format=json` builds it, and each error is placed in the JSON by
//! the JSON path it concerns: the path of the validator finding whose Meta code the error
//! names, else a path the message quotes, else the nearest path the importer wrote in a comment
//! above the offending line. [`flow_model::SourceMap`] turns the path into a line and column.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;

use flow_model::SourceMap;
use flow_model::validate::{Finding, Severity};
use regex::Regex;

use super::escape;
use crate::import::Imported;

/// Where the module sits in the temporary crate (as the compiler names it).
const MODULE_FILE: &str = "src/imported.rs";

/// A JSON path as the importer and the validator write them: `screens[1].layout.children[3]`.
static JSON_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:screens|routing_model)(?:\[\d+\]|\.[A-Za-z_$][A-Za-z0-9_\-$]*)+")
        .expect("valid regex")
});

/// A word shaped like a Meta error code (`INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME`).
static CODE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b").expect("valid regex"));

/// One compile error, placed in the generated module and, when known, in the JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedError {
    /// The compiler's message (first line).
    pub message: String,
    /// Line and column in the generated module (1-based).
    pub rust_at: (usize, usize),
    /// The JSON path the error concerns.
    pub json_path: Option<String>,
    /// Its line and column in the JSON file (1-based).
    pub json_at: Option<(u32, u32)>,
}

/// What `cargo check` said about the module.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// The errors, in the compiler's order.
    pub errors: Vec<MappedError>,
}

impl CheckReport {
    /// Human lines, `FILE.json:LINE:COL: error: message`, control characters escaped.
    pub fn render(&self, json_file: &str) -> Vec<String> {
        let file = escape::value(json_file);
        let mut lines = Vec::new();
        for e in &self.errors {
            let at = match e.json_at {
                Some((l, c)) => format!("{file}:{l}:{c}"),
                None => file.to_string(),
            };
            lines.push(format!("{at}: error: {}", escape::value(&e.message)));
            if let Some(p) = &e.json_path {
                lines.push(format!("    at {}", escape::path(p)));
            }
            lines.push(format!(
                "    generated code: line {}, column {}",
                e.rust_at.0, e.rust_at.1
            ));
        }
        lines.push(match self.errors.len() {
            0 => "check: the imported code compiles".to_owned(),
            1 => "check: 1 compile error".to_owned(),
            n => format!("check: {n} compile errors"),
        });
        lines
    }
}

/// The flow-dsl checkout this tool was built from, if it is still there (a `cargo install
/// --path` build): `--check` then compiles against the same code.
pub(crate) fn this_checkout() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.join("Cargo.toml").is_file().then_some(dir)
}

/// Compiles `imported` in a temporary crate; the errors placed in `json`.
///
/// # Errors
/// When the crate cannot be written or cargo cannot run or resolve it.
pub fn check(
    imported: &Imported,
    json: &str,
    flow_dsl_path: Option<&Path>,
) -> Result<CheckReport, String> {
    let dep = super::init::dependency_spec(flow_dsl_path)?;
    let tmp = tempfile::Builder::new()
        .prefix("flow-dsl-import-check.")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary crate: {e}"))?;
    let dir = tmp.path();
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))
    };
    write("Cargo.toml", &manifest(&dep))?;
    // Warnings are not what --check reports; the module is compiled as it will be used.
    write(
        "src/lib.rs",
        "#![allow(warnings)]\n#[path = \"imported.rs\"]\npub mod imported;\n",
    )?;
    write(MODULE_FILE, &imported.rust)?;
    let workspace = flow_dsl_path
        .and_then(|p| std::path::absolute(p).ok())
        .and_then(|p| p.parent().map(Path::to_owned));
    // The checkout's lockfile: the versions it was tested with, already built, and offline.
    if let Some(lock) = workspace.as_ref().map(|w| w.join("Cargo.lock"))
        && lock.is_file()
    {
        std::fs::copy(&lock, dir.join("Cargo.lock"))
            .map_err(|e| format!("{}: {e}", lock.display()))?;
    }
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(dir);
    // The checkout's cargo config (profile settings): its dependencies' builds are reused.
    if let Some(config) = workspace.map(|w| w.join(".cargo/config.toml"))
        && config.is_file()
    {
        cmd.arg("--config").arg(config);
    }
    cmd.args(["check", "--message-format=json", "--lib"])
        .env("CARGO_TARGET_DIR", target_dir())
        // Cargo's progress is the user's to see (a first build takes a while).
        .stderr(Stdio::inherit());
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let errors = map_messages(&stdout, &imported.rust, json, &imported.findings);
    if !out.status.success() && errors.is_empty() {
        return Err(format!(
            "cargo check failed before compiling the module ({}; its messages are above)",
            out.status
        ));
    }
    Ok(CheckReport { errors })
}

/// The temporary crate's manifest: flow-dsl, and serde_json, which imported code names for
/// values only JSON can say (`serde_json::Value` data, `json!` payloads).
fn manifest(dep: &str) -> String {
    format!(
        "[package]\nname = \"flow-dsl-import-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
         publish = false\n\n[dependencies]\nflow-dsl = {{ {dep} }}\nserde_json = \"1\"\n\n\
         [workspace]\n"
    )
}

/// `CARGO_TARGET_DIR`, else a cache directory kept between runs (a first check builds
/// flow-dsl, later ones only the module).
fn target_dir() -> PathBuf {
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(t);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("flow-dsl/import-check")
}

/// The error messages of `cargo check --message-format=json` output whose primary span is in
/// the module, placed in `json`.
pub fn map_messages(
    cargo_json: &str,
    rust: &str,
    json: &str,
    findings: &[Finding],
) -> Vec<MappedError> {
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let rust_lines: Vec<&str> = rust.lines().collect();
    let mut used = vec![false; errors.len()];
    let mut mapped = Vec::new();
    for line in cargo_json.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if v["reason"] != "compiler-message" || v["message"]["level"] != "error" {
            continue;
        }
        let msg = &v["message"];
        let Some(span) = msg["spans"].as_array().and_then(|spans| {
            spans
                .iter()
                .find(|s| s["is_primary"] == true && in_module(&s["file_name"]))
        }) else {
            continue;
        };
        let text = msg["message"].as_str().unwrap_or_default();
        let at = |k: &str| span[k].as_u64().unwrap_or(1) as usize;
        let rust_at = (at("line_start"), at("column_start"));
        let commented = commented_path(&rust_lines, rust_at.0);
        let json_path = finding_path(text, &errors, &mut used, commented.as_deref())
            .or_else(|| JSON_PATH.find(text).map(|m| m.as_str().to_owned()))
            .or(commented);
        mapped.push(MappedError {
            message: text.lines().next().unwrap_or_default().to_owned(),
            rust_at,
            json_path,
            json_at: None,
        });
    }
    let map = SourceMap::only(json, mapped.iter().filter_map(|m| m.json_path.as_deref()));
    for m in &mut mapped {
        m.json_at = m
            .json_path
            .as_deref()
            .and_then(|p| map.span_or_ancestor(p))
            .map(|s| map.line_col(s.start))
            .map(|lc| (lc.line, lc.column));
    }
    mapped
}

fn in_module(file_name: &serde_json::Value) -> bool {
    file_name
        .as_str()
        .is_some_and(|f| Path::new(f).ends_with(MODULE_FILE))
}

/// The path of the finding whose code the message names: the one the nearest comment names
/// if it has that code, else the first not yet matched.
fn finding_path(
    message: &str,
    errors: &[&Finding],
    used: &mut [bool],
    commented: Option<&str>,
) -> Option<String> {
    let codes: Vec<&str> = CODE_WORD.find_iter(message).map(|m| m.as_str()).collect();
    let candidates: Vec<usize> = (0..errors.len())
        .filter(|&i| codes.contains(&errors[i].code))
        .collect();
    let pick = candidates
        .iter()
        .copied()
        .find(|&i| commented == Some(errors[i].path.as_str()))
        .or_else(|| candidates.iter().copied().find(|&i| !used[i]))
        .or_else(|| candidates.first().copied())?;
    used[pick] = true;
    Some(errors[pick].path.clone())
}

/// The nearest JSON path written in a `//` comment at or above `line` (1-based).
fn commented_path(lines: &[&str], line: usize) -> Option<String> {
    lines[..line.min(lines.len())].iter().rev().find_map(|l| {
        let comment = &l[l.find("//")?..];
        JSON_PATH.find(comment).map(|m| m.as_str().to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: &'static str, path: &str) -> Finding {
        Finding {
            code,
            severity: Severity::Error,
            message: "bad".into(),
            path: path.to_owned(),
            related: Vec::new(),
            unconfirmed: false,
            more_like_this: 0,
        }
    }

    fn message(text: &str, line: usize, col: usize, file: &str) -> String {
        serde_json::json!({
            "reason": "compiler-message",
            "message": {
                "level": "error",
                "message": text,
                "spans": [{
                    "file_name": file, "is_primary": true,
                    "line_start": line, "column_start": col
                }]
            }
        })
        .to_string()
    }

    const JSON: &str = "{\n  \"version\": \"7.0\",\n  \"screens\": [\n    {\"id\": \"A\",\n     \"title\": 5}\n  ]\n}";

    #[test]
    fn an_error_naming_a_finding_code_lands_on_the_finding_path() {
        let findings = [finding("INVALID_PROPERTY_TYPE", "screens[0].title")];
        let out = [
            message(
                "INVALID_PROPERTY_TYPE: title must be a string",
                3,
                5,
                "src/imported.rs",
            ),
            // Another file's errors and non-errors are not the module's.
            message("something", 1, 1, "/elsewhere/lib.rs"),
            r#"{"reason":"build-finished","success":false}"#.to_owned(),
        ]
        .join("\n");
        let m = map_messages(&out, "a\nb\nc\n", JSON, &findings);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].json_path.as_deref(), Some("screens[0].title"));
        assert_eq!(m[0].json_at, Some((5, 15)));
        assert_eq!(m[0].rust_at, (3, 5));
    }

    #[test]
    fn without_a_code_the_nearest_commented_path_above_places_the_error() {
        let rust = "flow! {\n  // screens[0]: the first screen\n  <Screen id=A>\n    bad\n";
        let out = message("expected `>`", 4, 5, "src/imported.rs");
        let m = map_messages(&out, rust, JSON, &[]);
        assert_eq!(m[0].json_path.as_deref(), Some("screens[0]"));
        assert_eq!(m[0].json_at, Some((4, 5)));
        let rendered = CheckReport { errors: m }.render("a.json");
        assert_eq!(rendered[0], "a.json:4:5: error: expected `>`");
        assert_eq!(rendered.last().unwrap(), "check: 1 compile error");
    }

    #[test]
    fn two_errors_with_one_code_take_the_two_findings_in_turn() {
        let findings = [
            finding("DUPLICATE_KEY", "screens[0].id"),
            finding("DUPLICATE_KEY", "screens[0].title"),
        ];
        let out = [
            message("DUPLICATE_KEY here", 1, 1, "src/imported.rs"),
            message("DUPLICATE_KEY there", 2, 1, "src/imported.rs"),
        ]
        .join("\n");
        let m = map_messages(&out, "x\ny\n", JSON, &findings);
        assert_eq!(m[0].json_path.as_deref(), Some("screens[0].id"));
        assert_eq!(m[1].json_path.as_deref(), Some("screens[0].title"));
    }

    #[test]
    fn an_unplaced_error_keeps_its_rust_position() {
        let out = message("mismatched types", 2, 9, "src/imported.rs");
        let m = map_messages(&out, "x\ny\n", JSON, &[]);
        assert_eq!(m[0].json_at, None);
        let r = CheckReport { errors: m }.render("a\u{1b}.json");
        assert!(
            r[0].starts_with("a\\u{1b}.json: error: mismatched types"),
            "{}",
            r[0]
        );
        assert!(r[1].contains("line 2, column 9"), "{}", r[1]);
    }
}
