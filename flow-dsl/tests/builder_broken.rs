//! A deliberately broken builder chain: `build()` reports every problem at once, each with the
//! file and line of the builder call that created the offending node.

use flow_dsl::builder::*;

/// The finding with `code` whose path starts with `path`.
fn find<'a>(err: &'a BuildError, code: &str, path: &str) -> &'a BuildFinding {
    err.findings
        .iter()
        .find(|f| f.code == code && f.path.starts_with(path))
        .unwrap_or_else(|| panic!("no {code} at {path} in:\n{err}"))
}

fn assert_at(f: &BuildFinding, line: u32) {
    let loc = f.location.unwrap_or_else(|| panic!("no location: {f}"));
    assert_eq!(loc.file(), file!(), "{f}");
    assert_eq!(loc.line(), line, "{f}");
}

#[test]
fn every_finding_with_its_rust_line() {
    let mut other = Flow::new("7.3");
    let (foreign, _) = (other.screen("ELSEWHERE"), line!());

    let mut flow = Flow::new("7.3");
    let start = flow.screen("START");
    let details = flow.screen("DETAILS");
    let (_dup, l_dup) = (flow.screen("START"), line!());

    let s = flow.at(start);
    let name = s.add(TextInput::new("name", "Name"));
    let (agree, _) = (s.add(OptIn::new("agree", "I agree")), line!());
    let (cond, l_if) = (If::new(Expr::<i64>::lit(1).eq(1)), line!());
    s.child(cond.then(TextBody::new("never dynamic")));
    // `age` is declared a number on DETAILS; `agree` is a boolean; `extra` is not declared.
    let nav = navigate(details).with("age", &agree).with("extra", &name);
    let l_nav = line!() - 1;
    s.child(Footer::new("Next", nav));

    let d = flow.at(details);
    d.data::<i64>("age", 30);
    d.data::<String>("city", "Lisbon");
    d.terminal(true);
    let (to_self, l_self) = (navigate(details), line!());
    d.child(EmbeddedLink::new("Again", to_self));
    let (to_foreign, l_foreign) = (complete().with("x", 1), line!());
    d.child(Footer::new("Done", to_foreign));
    let (bad_link, l_bad_link) = (navigate(foreign), line!());
    d.child(EmbeddedLink::new("Elsewhere", bad_link));

    let err = flow.build().expect_err("the flow is broken");
    let text = err.to_string();

    assert_at(find(&err, "DUPLICATE_SCREEN_IDS", "screens[2].id"), l_dup);
    assert_at(
        find(
            &err,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[2].condition",
        ),
        l_if,
    );
    let wrong_type = find(
        &err,
        "INVALID_NAVIGATE_ACTION_PAYLOAD",
        "screens[0].layout.children[3].on-click-action.payload.age",
    );
    assert!(wrong_type.message.contains("boolean"), "{wrong_type}");
    assert_at(wrong_type, l_nav);
    assert_at(
        find(
            &err,
            "INVALID_NAVIGATE_ACTION_PAYLOAD",
            "screens[0].layout.children[3].on-click-action.payload.extra",
        ),
        l_nav,
    );
    let missing = err
        .findings
        .iter()
        .find(|f| f.message.contains("'city'"))
        .unwrap_or_else(|| panic!("missing `city` not reported:\n{text}"));
    assert_at(missing, l_nav);
    assert_at(
        find(
            &err,
            "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
            "screens[1].layout.children[0].on-click-action",
        ),
        l_self,
    );
    assert_at(
        find(
            &err,
            "FLOWDSL_FOREIGN_SCREEN_HANDLE",
            "screens[1].layout.children[2].on-click-action",
        ),
        l_bad_link,
    );
    // The complete action itself is fine: nothing is reported at its line by the builder.
    assert!(
        err.findings
            .iter()
            .filter(|f| f.source == FindingSource::Builder)
            .all(|f| f.location.map(|l| l.line()) != Some(l_foreign)),
        "{text}"
    );

    // Every finding, the validator's included, points into this file.
    for f in &err.findings {
        assert_eq!(f.location.map(|l| l.file()), Some(file!()), "{f}");
    }
    // The report lists them all as `file:line:col: CODE path: message`.
    assert!(text.contains(&format!("{}:{l_nav}:", file!())), "{text}");
    assert!(
        err.findings.iter().filter(|f| f.is_error()).count() >= 7,
        "{text}"
    );
}

#[test]
fn validator_findings_are_located_at_the_component() {
    let mut flow = Flow::new("7.3");
    let s = flow.screen("ONLY");
    // Over Meta's 20-character TextInput label limit, and no terminal screen, no Footer.
    let input = TextInput::new("a", "A label that is much too long");
    let l_input = line!() - 1;
    flow.at(s).child(input);
    let label = flow
        .location_of("screens[0].layout.children[0].label")
        .expect("recorded");
    assert_eq!((label.file(), label.line()), (file!(), l_input));
    let (_, findings) = flow.build_report();
    for f in findings
        .iter()
        .filter(|f| f.path.starts_with("screens[0].layout.children[0]"))
    {
        assert_eq!(
            f.location.map(|l| (l.file(), l.line())),
            Some((file!(), l_input)),
            "{f}"
        );
    }
}

#[test]
fn global_reference_needs_version_4() {
    let mut flow = Flow::new("3.1");
    let a = flow.screen("A");
    let b = flow.screen("B");
    let name = flow.at(a).add(TextInput::new("name", "Name"));
    flow.at(a).child(Footer::new("Next", navigate(b)));
    let (body, l_body) = (TextBody::new(&name), line!());
    flow.at(b)
        .terminal(true)
        .child(body)
        .child(Footer::new("Done", complete()));
    let err = flow.build().expect_err("global reference in 3.1");
    let f = find(
        &err,
        "FLOWDSL_NOT_AVAILABLE_IN_VERSION",
        "screens[1].layout.children[0].text",
    );
    assert_at(f, l_body);
}

#[test]
fn handle_of_another_flow_cannot_be_filled() {
    let mut one = Flow::new("7.3");
    let mut two = Flow::new("7.3");
    let h = two.screen("X");
    let (screen, line) = (one.at(h), line!());
    screen.title("ignored");
    let err = one.build().expect_err("foreign handle");
    assert_at(find(&err, "FLOWDSL_FOREIGN_SCREEN_HANDLE", ""), line);
}

#[test]
fn explicit_routing_model_must_cover_navigation() {
    let mut flow = Flow::new("7.3");
    flow.data_api_version("3.0");
    let a = flow.screen("A");
    let b = flow.screen("B");
    let c = flow.screen("C");
    let (next, l_nav) = (navigate(b), line!());
    flow.at(a).child(Footer::new("Next", next));
    flow.at(b).child(Footer::new("Next", data_exchange()));
    flow.at(c)
        .terminal(true)
        .child(Footer::new("Done", complete()));
    let l_route = line!() + 1;
    flow.route(a, [c]).route(b, [c]).route(c, [c]);
    let err = flow.build().expect_err("A -> B missing");
    // The validator's finding, at the navigate that has no route, located at its call.
    let f = find(
        &err,
        "INVALID_ROUTING_MODEL",
        "screens[0].layout.children[0].on-click-action",
    );
    assert!(f.message.contains("'A' to screen 'B'"), "{f}");
    assert_eq!(f.source, FindingSource::Validator);
    assert_at(f, l_nav);
    // A routing-model finding points at the `route(..)` call that wrote the entry.
    assert_at(
        find(&err, "INVALID_ROUTING_MODEL", "routing_model.C"),
        l_route,
    );
}

/// A valid flow A → B (B terminal), with both handles.
fn a_to_b() -> (Flow, ScreenHandle, ScreenHandle) {
    let mut flow = Flow::new("7.3");
    let a = flow.screen("A");
    let b = flow.screen("B");
    flow.at(a).child(Footer::new("Next", navigate(b)));
    flow.at(b)
        .terminal(true)
        .child(Footer::new("Done", complete()));
    (flow, a, b)
}

#[test]
fn a_routing_model_without_an_endpoint_is_written_as_given() {
    let (mut flow, a, b) = a_to_b();
    flow.route(a, [b]);
    let json = flow.build().expect("valid");
    let v = json.to_value();
    assert_eq!(v["routing_model"], serde_json::json!({"A": ["B"]}));
    assert!(v.get("data_api_version").is_none());
}

#[test]
fn a_known_top_level_key_given_as_a_prop_is_typed_and_in_canonical_order() {
    let (mut flow, _, _) = a_to_b();
    flow.prop("routing_model", serde_json::json!({"A": ["B"], "B": []}));
    flow.prop("x-tool", "kept");
    let (json, findings) = flow.build_report();
    assert!(
        findings.iter().all(|f| f.code != "INVALID_PROPERTY_TYPE"),
        "{findings:?}"
    );
    let text = json.to_string_compact();
    let at = |k: &str| text.find(k).unwrap_or_else(|| panic!("{k} in {text}"));
    assert!(at("\"version\"") < at("\"routing_model\""), "{text}");
    assert!(at("\"routing_model\"") < at("\"screens\""), "{text}");
    assert!(at("\"screens\"") < at("\"x-tool\""), "{text}");
    assert_eq!(
        json.routing_model.as_ref().map(|m| m.len()),
        Some(2),
        "typed, not kept raw"
    );
    // A known key of the wrong type is still reported.
    let (mut flow, _, _) = a_to_b();
    flow.prop("routing_model", "A -> B");
    let err = flow.build().expect_err("wrong type");
    assert!(err.to_string().contains("INVALID_PROPERTY_TYPE"), "{err}");
}

#[test]
fn nested_nodes_are_located_at_their_own_builder_call() {
    let mut flow = Flow::new("7.3");
    let first = flow.screen("FIRST");
    let second = flow.screen("SECOND");
    flow.at(first).child(Footer::new("Next", navigate(second)));
    let show = flow.at(second).data::<bool>("show", true);
    let a = Choice::new("a", "A");
    let b = Choice::new("b", "B");
    let l_choice_b = line!() - 1;
    let dropdown = Dropdown::new("pick", "Pick", vec![a, b]);
    let l_dropdown = line!() - 1;
    let branch = If::new(&show).then(dropdown);
    let l_if = line!() - 1;
    flow.at(second).terminal(true).child(branch);
    let at = |p: &str| flow.location_of(p).map(|l| (l.file(), l.line()));
    let base = "screens[1].layout.children[0]";
    assert_eq!(at(base), Some((file!(), l_if)));
    assert_eq!(
        at(&format!("{base}.then[0].label")),
        Some((file!(), l_dropdown))
    );
    assert_eq!(
        at(&format!("{base}.then[0].data-source[1].title")),
        Some((file!(), l_choice_b))
    );
    // The first screen's Footer, not anything of the second screen.
    let footer = at("screens[0].layout.children[0].label").expect("recorded");
    assert_ne!(footer.1, l_if);
}
