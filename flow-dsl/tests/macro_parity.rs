//! One rule engine (issue 17): `flow!` and the validator agree, in both directions.
//!
//! - Every code in `flow_model::validate::codes` shows in a trybuild compile-fail `.stderr`
//!   (`flow-dsl-macros/tests/ui/fail`), at the token that caused it, unless listed in [`NOT_FROM_MARKUP`].
//! - Every compile-fail case that shows codes has, in `tests/fixtures/parity`, the document
//!   the macro built for it as JSON; the validator, given that JSON, reports every code the
//!   `.stderr` shows, and each `(code, JSON path)` the macro reported (the fixture's
//!   `.expect.json` sidecar). Cases that show no code are Rust-level errors, listed in
//!   [`RUST_ONLY_CASES`] with the reason.
//!
//! `flow-dsl-macros/PARITY.md` explains the lists; the fixtures are regenerated as it says.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use flow_model::validate::{Severity, validate_categories, validate_str};

/// Codes the markup cannot produce, with the reason.
const NOT_FROM_MARKUP: &[(&str, &str)] = &[
    (
        "INVALID_FLOW_JSON",
        "text that is not JSON: the macro writes the document",
    ),
    (
        "MISSING_FLOW_JSON_VERSION",
        "`version` is part of the grammar of <Flow>: the macro refuses a flow without it",
    ),
    (
        "UNSUPPORTED_FLOW_JSON_VERSION",
        "only with ValidateOptions::unpublishable_version_is_error; by default an old version \
         is FLOWDSL_VERSION_NOT_PUBLISHABLE, a warning (global_ref_before_4_0 shows it)",
    ),
    (
        "FLOWDSL_FLOW_JSON_TOO_LARGE",
        "checked on source text over 10 MB (validate_str), not on a document",
    ),
    (
        "FLOWDSL_DUPLICATE_KEY",
        "checked on source text; in markup a repeated attribute is a grammar error",
    ),
    (
        "FLOWDSL_ENDPOINT_URI_MISSING",
        "a deploy-time check: the endpoint URI is not part of Flow JSON but of the deploy \
         (FlowSource::endpoint_uri, the manifest, --endpoint-uri)",
    ),
];

/// Compile-fail cases whose errors are the macro's own (no validator code), with the reason.
const RUST_ONLY_CASES: &[(&str, &str)] = &[
    ("data_example_mismatch", "Rust type of a data declaration"),
    ("data_ref_undeclared", "Rust typing of a `data.x` reference"),
    (
        "duplicate_screen_attribute",
        "markup grammar: an attribute twice",
    ),
    ("flag_needs_value", "markup grammar: a value-less attribute"),
    ("flow_name_invalid", "the flow's name is a Rust type name"),
    ("form_ref_unknown", "Rust typing of a `form.x` reference"),
    (
        "form_values_unknown_field",
        "input names in a Form's init-values (typed by the macro)",
    ),
    ("global_ref_current_screen", "Rust typing of `screen.ID.…`"),
    (
        "global_ref_unknown_field",
        "Rust typing of `screen.ID.form.x`",
    ),
    ("global_ref_unknown_screen", "Rust typing of `screen.ID.…`"),
    ("malformed_attribute", "markup grammar"),
    (
        "nesting_too_deep",
        "markup grammar: the macro refuses to recurse past 32 levels",
    ),
    ("unknown_action", "an action name the grammar does not know"),
    (
        "endpoint_uri_value",
        "`endpoint_uri` is a deploy setting, not Flow JSON: the macro checks its Rust literal",
    ),
    (
        "typed_endpoint_missing_data_field",
        "Rust typing of the generated endpoint: an answer struct missing a field",
    ),
    (
        "typed_endpoint_missing_handler",
        "Rust typing of the generated endpoint: a required handler not registered",
    ),
    (
        "typed_endpoint_route_not_allowed",
        "Rust typing of the generated endpoint: no such variant of the screen's Next enum",
    ),
    (
        "typed_endpoint_unknown_screen",
        "Rust typing of the generated endpoint: no handler method for that screen",
    ),
    (
        "typed_endpoint_unsent_payload_field",
        "Rust typing of the generated endpoint: a payload field the action does not send",
    ),
    (
        "typed_endpoint_wrong_field_type",
        "Rust typing of the generated endpoint: a data field of the wrong type",
    ),
    (
        "unknown_component",
        "an element name the grammar does not know",
    ),
    (
        "unknown_property",
        "an attribute name the table does not know",
    ),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The compile-fail cases live with the macro (`flow-dsl-macros/tests/ui`), whose trybuild
/// project has light dev-dependencies.
fn ui_fail() -> PathBuf {
    root().join("../flow-dsl-macros/tests/ui/fail")
}

/// `(case name, .stderr text)` of every compile-fail case.
fn stderr_cases() -> Vec<(String, String)> {
    let dir = ui_fail();
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/ui/fail")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "stderr"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("read .stderr"))
        })
        .collect();
    out.sort();
    out
}

/// Every code string declared in flow-model's `codes.rs`.
fn all_codes() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("../flow-model/src/validate/codes.rs"))
        .expect("codes.rs");
    let mut codes = Vec::new();
    let mut pending = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("pub const") && line.contains(": &str") {
            pending = true;
        }
        if pending && let Some(start) = line.find('"') {
            let rest = &line[start + 1..];
            codes.push(rest[..rest.find('"').unwrap()].to_owned());
            pending = false;
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

/// The codes a `.stderr` shows: `error: CODE: …` and the warnings' `…: CODE: …`.
fn codes_in(stderr: &str, known: &[String]) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut errors = BTreeSet::new();
    let mut warnings = BTreeSet::new();
    for line in stderr.lines() {
        let (set, rest) = if let Some(r) = line.strip_prefix("error: ") {
            (&mut errors, r)
        } else if let Some(r) = line.strip_prefix("warning: use of deprecated constant") {
            (&mut warnings, r.split_once("`: ").map_or("", |(_, m)| m))
        } else {
            continue;
        };
        if let Some((code, _)) = rest.split_once(": ")
            && known.iter().any(|k| k == code)
        {
            set.insert(code.to_owned());
        }
    }
    (errors, warnings)
}

fn fixtures_of(case: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/parity");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.map(|e| e.expect("entry").path())
                .filter(|p| {
                    let n = p.file_name().unwrap().to_string_lossy();
                    !n.ends_with(".expect.json")
                        && (n == format!("{case}.json")
                            || (n.starts_with(&format!("{case}.")) && n.ends_with(".json")))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The `(code, JSON path)` of every finding flow! reports for a fixture's document, from its
/// sidecar `<fixture>.expect.json` (written with the fixture, PARITY.md).
fn expected_at(fixture: &Path) -> Vec<(String, String)> {
    let sidecar = fixture.with_extension("expect.json");
    let text = std::fs::read_to_string(&sidecar)
        .unwrap_or_else(|e| panic!("{}: {e} (see flow-dsl-macros/PARITY.md)", sidecar.display()));
    let list: Vec<serde_json::Value> = serde_json::from_str(&text).expect("sidecar JSON");
    list.iter()
        .map(|e| {
            (
                e["code"].as_str().expect("code").to_owned(),
                e["path"].as_str().expect("path").to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_validator_code_shows_in_a_compile_fail_case() {
    let codes = all_codes();
    assert!(codes.len() > 40, "read {} codes from codes.rs", codes.len());
    let all: String = stderr_cases().into_iter().map(|(_, s)| s).collect();
    let mut missing = Vec::new();
    for code in &codes {
        let excused = NOT_FROM_MARKUP.iter().any(|(c, _)| c == code);
        let shown = all.contains(&format!("{code}: "));
        assert!(
            !(excused && shown),
            "{code} is listed as not reachable from markup but a case shows it"
        );
        if !excused && !shown {
            missing.push(code.as_str());
        }
    }
    assert!(
        missing.is_empty(),
        "codes no compile-fail case shows (add a case to flow-dsl-macros/tests/ui/fail/validator_codes.rs, \
         or list the code in NOT_FROM_MARKUP with the reason): {missing:?}"
    );
}

#[test]
fn the_validator_reports_what_each_compile_fail_case_shows() {
    let codes = all_codes();
    let mut checked = 0;
    for (case, stderr) in stderr_cases() {
        let (errors, warnings) = codes_in(&stderr, &codes);
        let rust_only = RUST_ONLY_CASES.iter().any(|(c, _)| *c == case);
        if errors.is_empty() && warnings.is_empty() {
            assert!(
                rust_only,
                "{case}: its .stderr shows no validator code; list it in RUST_ONLY_CASES with \
                 the reason"
            );
            continue;
        }
        assert!(
            !rust_only,
            "{case} shows validator codes but is listed in RUST_ONLY_CASES"
        );
        let fixtures = fixtures_of(&case);
        assert!(
            !fixtures.is_empty(),
            "{case}: no fixture in tests/fixtures/parity (see flow-dsl-macros/PARITY.md)"
        );
        let (mut got_errors, mut got_warnings) = (BTreeSet::new(), BTreeSet::new());
        let mut expected_codes = BTreeSet::new();
        for f in &fixtures {
            let text = std::fs::read_to_string(f).expect("fixture");
            let v = validate_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            // Each finding flow! reports, at the same JSON path.
            for (code, path) in expected_at(f) {
                assert!(
                    v.findings.iter().any(|x| x.code == code && x.path == path),
                    "{case}: flow! reports {code} at {path}; the validator, given {}, does \
                     not: {:?}",
                    f.display(),
                    v.findings
                        .iter()
                        .map(|x| (x.code, x.path.as_str()))
                        .collect::<Vec<_>>()
                );
                expected_codes.insert(code);
            }
            for finding in &v.findings {
                assert!(
                    !finding.path.is_empty() || finding.code == "INVALID_ROUTING_MODEL",
                    "{}: {finding} has no path",
                    f.display()
                );
                match finding.severity {
                    Severity::Error => got_errors.insert(finding.code.to_owned()),
                    Severity::Warning => got_warnings.insert(finding.code.to_owned()),
                };
            }
        }
        // Categories are a Flows API parameter, not Flow JSON: the same check, on the names.
        let mut category_codes = BTreeSet::new();
        let source =
            std::fs::read_to_string(ui_fail().join(format!("{case}.rs"))).expect("case source");
        for list in source.split("categories=[").skip(1) {
            let names: Vec<&str> = list[..list.find(']').unwrap_or(0)]
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect();
            if names.is_empty() {
                continue;
            }
            for finding in validate_categories(&names).findings {
                category_codes.insert(finding.code.to_owned());
                match finding.severity {
                    Severity::Error => got_errors.insert(finding.code.to_owned()),
                    Severity::Warning => got_warnings.insert(finding.code.to_owned()),
                };
            }
        }
        // The sidecars are the macro's current findings: every code the .stderr shows from
        // the document (categories aside) has its path there, or the fixtures are stale.
        let unlocated: Vec<&String> = errors
            .union(&warnings)
            .filter(|c| !expected_codes.contains(*c) && !category_codes.contains(*c))
            .collect();
        assert!(
            unlocated.is_empty(),
            "{case}: the .stderr shows {unlocated:?}, which no *.expect.json locates \
             (regenerate the fixtures, PARITY.md)"
        );
        let all_got: BTreeSet<String> = got_errors.union(&got_warnings).cloned().collect();
        let lost: Vec<&String> = errors.difference(&got_errors).collect();
        assert!(
            lost.is_empty(),
            "{case}: flow! shows errors {lost:?} that the validator does not report on {}",
            Path::new(&fixtures[0]).display()
        );
        // A finding inside an escape hatch is an error to the validator and a warning to flow!.
        let lost: Vec<&String> = warnings.difference(&all_got).collect();
        assert!(
            lost.is_empty(),
            "{case}: flow! warns {lost:?}, which the validator does not report"
        );
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} cases compared");
}

/// The five cases of issue 17, as `flow-dsl validate` sees the document `flow!` builds for
/// `flow-dsl-macros/tests/ui/fail/one_rule_engine.rs` (whose `.stderr` shows the same, at the tokens).
#[test]
fn flow_dsl_validate_agrees_with_flow_on_the_issue_cases() {
    let file = root().join("tests/fixtures/parity/one_rule_engine.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
        .args(["validate", "--format", "json"])
        .arg(&file)
        .output()
        .expect("run flow-dsl");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let report = &reports[0];
    let codes = |key: &str| -> Vec<(String, String)> {
        report[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["error"].as_str().unwrap().to_owned(),
                    e["pointers"][0]["path"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    let errors = codes("validation_errors");
    let warnings = codes("warnings");
    let has = |set: &[(String, String)], code: &str, path: &str| {
        set.iter().any(|(c, p)| c == code && p == path)
    };
    // A Footer in both branches of an If: fine.
    assert!(
        !errors.iter().any(|(c, _)| c.contains("FOOTER")),
        "{errors:?}"
    );
    // STEP2: a warning (UNCONFIRMED), not an error.
    assert!(
        has(&warnings, "PATTERN_MISMATCH", "screens[0].id"),
        "{warnings:?}"
    );
    assert!(
        !has(&errors, "PATTERN_MISMATCH", "screens[0].id"),
        "{errors:?}"
    );
    // PhotoPicker + DocumentPicker on one screen: an error at the second picker.
    assert!(
        has(
            &errors,
            "FLOWDSL_MAX_COMPONENTS_PER_SCREEN",
            "screens[1].layout.children[1]"
        ),
        "{errors:?}"
    );
    // A payload "${user.wa_id}".
    assert!(
        errors
            .iter()
            .any(|(c, p)| c == "PATTERN_MISMATCH" && p.ends_with("on-click-action.payload.who")),
        "{errors:?}"
    );
    // A bad navigate target.
    assert!(
        has(
            &errors,
            "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
            "screens[0].layout.children[0].then[0].on-click-action.next.name"
        ),
        "{errors:?}"
    );
    assert_eq!(out.status.code(), Some(1));
}
