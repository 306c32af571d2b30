//! Issue 17, builder side: the builders report the validator's findings, with Meta's codes,
//! at the builder call that made the node; `flow-dsl validate` reports the same codes on the
//! built document; every component builder writes exactly the properties of flow-model's table.

use std::collections::BTreeSet;
use std::panic::Location;
use std::process::Command;

use flow_dsl::builder::*;
use flow_model::validate::{Severity, codes};
use flow_model::{COMPONENTS, LATEST_FLOW_VERSION};

/// (code, severity) of every finding of `flow-dsl validate --format json` on `json`.
fn cli_codes(json: &flow_model::FlowJson, extra_args: &[&str]) -> BTreeSet<(String, Severity)> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flow.json");
    std::fs::write(&file, json.to_string_pretty()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
        .args(["validate", "--format", "json"])
        .args(extra_args)
        .arg(&file)
        .output()
        .unwrap();
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut codes = BTreeSet::new();
    for r in reports.as_array().unwrap() {
        for (key, sev) in [
            ("validation_errors", Severity::Error),
            ("warnings", Severity::Warning),
        ] {
            for e in r[key].as_array().unwrap() {
                codes.insert((e["error"].as_str().unwrap().to_owned(), sev));
            }
        }
    }
    codes
}

fn builder_codes(findings: &[BuildFinding]) -> BTreeSet<(String, Severity)> {
    findings
        .iter()
        .map(|f| (f.code.to_owned(), f.severity))
        .collect()
}

#[track_caller]
fn assert_at(f: &BuildFinding, loc: &Location<'_>) {
    let at = f.location.unwrap_or_else(|| panic!("no location: {f}"));
    assert_eq!((at.file(), at.line()), (loc.file(), loc.line()), "{f}");
}

/// Builds, and checks that `flow-dsl validate` agrees with the builder on every code.
fn build_both(flow: Flow) -> (flow_model::FlowJson, Vec<BuildFinding>) {
    let (json, findings) = flow.build_report();
    assert_eq!(
        builder_codes(&findings),
        cli_codes(&json, &[]),
        "{findings:#?}"
    );
    (json, findings)
}

#[test]
fn a_footer_in_both_branches_of_an_if_is_fine() {
    let mut flow = Flow::new("7.3");
    let s = flow.screen("START");
    let flag = flow.at(s).data::<bool>("yes", true);
    flow.at(s).terminal(true).child(
        If::new(&flag)
            .then(Footer::new("Yes", complete()))
            .otherwise(Footer::new("No", complete())),
    );
    let (_, findings) = build_both(flow.clone());
    assert!(findings.iter().all(|f| !f.is_error()), "{findings:#?}");
    flow.build().expect("a Footer per branch is valid");
}

#[test]
fn a_screen_id_with_digits_is_a_warning_at_the_screen_call() {
    let mut flow = Flow::new("7.3");
    let (s, here) = (flow.screen("STEP2"), Location::caller());
    flow.at(s)
        .terminal(true)
        .child(Footer::new("Done", complete()));
    let (_, findings) = build_both(flow.clone());
    let f = findings
        .iter()
        .find(|f| f.code == codes::PATTERN_MISMATCH)
        .expect("reported");
    assert_eq!(
        (f.severity, f.path.as_str()),
        (Severity::Warning, "screens[0].id")
    );
    assert_at(f, here);
    flow.build().expect("UNCONFIRMED rules do not fail build()");
}

#[test]
fn two_pickers_on_one_screen_point_at_the_second_pickers_constructor() {
    let mut flow = Flow::new("7.3");
    let s = flow.screen("START");
    let photo = PhotoPicker::new("photo", "Photo");
    let (doc, here) = (DocumentPicker::new("doc", "Document"), Location::caller());
    flow.at(s)
        .terminal(true)
        .child(photo)
        .child(doc)
        .child(Footer::new("Done", complete()));
    let (_, findings) = build_both(flow.clone());
    let f = findings
        .iter()
        .find(|f| f.code == codes::LOCAL_MAX_PER_SCREEN)
        .expect("reported");
    assert_eq!(f.path, "screens[0].layout.children[1]");
    assert_at(f, here);
    assert!(flow.build().is_err());
}

#[test]
fn an_unknown_category_is_the_validators_enum_error() {
    let mut flow = Flow::new("7.3");
    let s = flow.screen("START");
    flow.at(s)
        .terminal(true)
        .child(Footer::new("Done", complete()));
    let here = Location::caller();
    flow.categories(["SURVY"]);
    let err = flow.clone().build().expect_err("SURVY is not a category");
    let f = &err.findings[0];
    assert_eq!(
        (f.code, f.path.as_str()),
        (codes::INVALID_ENUM_VALUE, "categories[0]")
    );
    assert!(f.message.contains("SURVEY"), "{f}");
    assert_eq!(f.location.map(|l| l.line()), Some(here.line() + 1));
    assert_eq!(flow.category_names(), ["SURVY"]);
    // The same code from the command line.
    let json = flow.build_unchecked();
    assert!(
        cli_codes(&json, &["--category", "SURVY"])
            .contains(&(codes::INVALID_ENUM_VALUE.to_owned(), Severity::Error))
    );
    assert!(
        !cli_codes(&json, &["--category", "survey"])
            .iter()
            .any(|(_, s)| *s == Severity::Error)
    );
}

#[test]
fn a_payload_reference_outside_data_and_form_is_a_pattern_mismatch() {
    let mut flow = Flow::new("7.3");
    let s = flow.screen("START");
    let here = Location::caller();
    let action = complete().with("who", serde_json::json!("${user.wa_id}"));
    flow.at(s).terminal(true).child(Footer::new("Done", action));
    let (_, findings) = build_both(flow);
    let f = findings
        .iter()
        .find(|f| f.code == codes::PATTERN_MISMATCH)
        .expect("reported");
    assert_eq!(
        f.path,
        "screens[0].layout.children[0].on-click-action.payload.who"
    );
    assert_eq!(f.location.map(|l| l.line()), Some(here.line() + 1), "{f}");
}

#[test]
fn navigating_to_the_current_screen_has_metas_code() {
    let mut flow = Flow::new("7.3");
    let a = flow.screen("A");
    let b = flow.screen("B");
    let (to_self, here) = (navigate(a), Location::caller());
    flow.at(a)
        .child(EmbeddedLink::new("Again", to_self))
        .child(Footer::new("Next", navigate(b)));
    flow.at(b)
        .terminal(true)
        .child(Footer::new("Done", complete()));
    let (_, findings) = build_both(flow);
    let f = findings
        .iter()
        .find(|f| f.code == codes::INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME)
        .expect("reported");
    assert_eq!(f.source, FindingSource::Validator);
    assert_at(f, here);
    // The builder has no code of its own for it any more.
    assert!(
        findings
            .iter()
            .all(|f| f.source == FindingSource::Validator)
    );
}

/// Container properties set by methods rather than the constructor, though Meta requires them:
/// a branch or a Form is filled child by child.
const FILLED_BY_METHODS: &[(&str, &str)] =
    &[("If", "then"), ("Switch", "cases"), ("Form", "children")];

#[test]
fn every_builder_writes_exactly_the_properties_of_the_table() {
    let builders: BTreeSet<&str> = Child::BUILDERS.iter().map(|b| b.component).collect();
    let table: BTreeSet<&str> = COMPONENTS.iter().map(|c| c.name).collect();
    assert_eq!(
        builders, table,
        "a component without a builder, or the reverse"
    );
    for b in Child::BUILDERS {
        let spec = flow_model::component_spec(b.component).unwrap();
        let written: BTreeSet<&str> = b.props.iter().copied().collect();
        let known: BTreeSet<&str> = spec.props.iter().map(|p| p.name).collect();
        assert_eq!(
            written, known,
            "{}: builder setters (left) against the table (right)",
            b.component
        );
        assert_eq!(written.len(), b.props.len(), "{}: a key twice", b.component);
        // The constructor takes exactly what Meta requires in the latest version.
        let required: BTreeSet<&str> = spec
            .props
            .iter()
            .filter(|p| p.required_in(LATEST_FLOW_VERSION))
            .map(|p| p.name)
            .filter(|p| !FILLED_BY_METHODS.contains(&(b.component, p)))
            .collect();
        let args: BTreeSet<&str> = b.new_args.iter().copied().collect();
        assert_eq!(args, required, "{}: new() arguments", b.component);
    }
}

/// The typed `api::Category` knows exactly the categories the table confirms; `SHOPPING`
/// (UNCONFIRMED) stays an open `Unknown` value.
#[test]
fn the_api_categories_are_the_tables() {
    use flow_dsl::model::Category;
    use flow_model::table::{CATEGORIES, Certainty};
    for c in CATEGORIES {
        let typed = Category::from(c.name);
        assert_eq!(typed.as_str(), c.name);
        assert_eq!(
            matches!(typed, Category::Unknown(_)),
            c.certainty == Certainty::Unconfirmed,
            "{}",
            c.name
        );
    }
}

/// List-item builders too: `Choice` and `NavItem` write exactly their item's properties, and
/// take the required ones in `new`.
#[test]
fn the_item_builders_write_exactly_their_items_properties() {
    for (name, new_args, props, table) in [
        (
            "Choice",
            Choice::NEW_ARGS,
            Choice::PROPS,
            flow_model::DataSourceItem::PROPS,
        ),
        (
            "NavItem",
            NavItem::NEW_ARGS,
            NavItem::PROPS,
            flow_model::NavigationItem::PROPS,
        ),
    ] {
        let written: BTreeSet<&str> = props.iter().copied().collect();
        let known: BTreeSet<&str> = table.iter().map(|p| p.name).collect();
        assert_eq!(written, known, "{name}");
        let required: BTreeSet<&str> = table
            .iter()
            .filter(|p| p.required_in(LATEST_FLOW_VERSION))
            .map(|p| p.name)
            .collect();
        let args: BTreeSet<&str> = new_args.iter().copied().collect();
        assert_eq!(args, required, "{name}");
    }
}
