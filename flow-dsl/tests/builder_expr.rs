//! Expressions render valid syntax in every context: bare in `If` conditions, backtick-wrapped
//! in properties and payloads, `${…}` alone for a single reference; precedence is kept with
//! parentheses; one value reused in several places renders correctly in each.

use flow_dsl::builder::*;
use serde_json::{Value, json};

/// A two-screen flow whose first screen holds `children`, built unchecked for inspection.
fn children_of(f: impl FnOnce(&mut Screen, ScreenHandle)) -> Value {
    let mut flow = Flow::new("7.3");
    let a = flow.screen("A");
    let b = flow.screen("B");
    f(flow.at(a), b);
    flow.build_unchecked().to_value()["screens"][0]["layout"]["children"].clone()
}

#[test]
fn precedence_and_wrapping() {
    let c = children_of(|s, _| {
        let x = s.data::<i64>("x", 1);
        let y = s.data::<i64>("y", 2);
        let ok = s.data::<bool>("ok", true);
        let sum_then_compare = (x.clone() + 1).gt(y.clone() - 2);
        let grouped = (x.clone() + y.clone()) / 2;
        let right_assoc = x.clone() - (y.clone() - 1);
        let logic = ok.or(x.lt(3)).and(!&ok);
        s.child(TextBody::new("a").visible(&sum_then_compare))
            .child(TextBody::new(grouped.as_text()))
            .child(TextBody::new(right_assoc.as_text()))
            .child(TextBody::new("b").visible(&logic))
            .child(If::new(&logic).then(TextBody::new("c")))
            .child(TextBody::new("d").visible(&ok))
            .child(If::new(&ok).then(TextBody::new("e")));
    });
    assert_eq!(c[0]["visible"], "`${data.x} + 1 > ${data.y} - 2`");
    assert_eq!(c[1]["text"], "`(${data.x} + ${data.y}) / 2`");
    assert_eq!(c[2]["text"], "`${data.x} - (${data.y} - 1)`");
    assert_eq!(
        c[3]["visible"],
        "`(${data.ok} || ${data.x} < 3) && !${data.ok}`"
    );
    assert_eq!(
        c[4]["condition"],
        "(${data.ok} || ${data.x} < 3) && !${data.ok}"
    );
    assert_eq!(c[5]["visible"], "${data.ok}");
    assert_eq!(c[6]["condition"], "${data.ok}");
}

#[test]
fn comparisons_do_not_chain_without_parentheses() {
    let c = children_of(|s, _| {
        let a = s.data::<bool>("a", true);
        let b = s.data::<bool>("b", false);
        s.child(TextBody::new("x").visible(a.eq(&b).eq(true)));
        s.child(TextBody::new("y").visible(!(a.and(&b))));
    });
    assert_eq!(c[0]["visible"], "`(${data.a} == ${data.b}) == true`");
    assert_eq!(c[1]["visible"], "`!(${data.a} && ${data.b})`");
}

#[test]
fn string_literals_are_quoted_and_escaped() {
    let c = children_of(|s, _| {
        let name = s.data::<String>("name", "Ana");
        s.child(TextBody::new(Expr::text("It's `") + &name));
        s.child(TextBody::new("x").visible(name.eq("O'Brien")));
    });
    assert_eq!(c[0]["text"], "`'It\\'s \\`' ${data.name}`");
    assert_eq!(c[1]["visible"], "`${data.name} == 'O\\'Brien'`");
}

#[test]
fn concatenation_flattens_and_parenthesizes_members() {
    let c = children_of(|s, _| {
        let n = s.data::<i64>("n", 1);
        let first = s.data::<String>("first", "Ana");
        let text = Expr::text("Hi ") + &first + (Expr::text(", total ") + (n + 1).as_text());
        s.child(TextBody::new(text));
    });
    assert_eq!(
        c[0]["text"],
        "`'Hi ' ${data.first} ', total ' (${data.n} + 1)`"
    );
}

#[test]
fn one_value_renders_right_in_every_place() {
    let mut flow = Flow::new("7.3");
    let a = flow.screen("A");
    let b = flow.screen("B");
    let s = flow.at(a);
    let email = s.add(TextInput::new("email", "Email"));
    let filled = email.ne("");
    s.child(TextBody::new("You typed an email").visible(&filled))
        .child(If::new(&filled).then(TextBody::new("ok")))
        .child(Footer::new("Next", navigate(b).with("has_email", &filled)));
    let t = flow.at(b);
    t.data::<bool>("has_email", true);
    t.terminal(true)
        .child(TextBody::new("again").visible(&filled))
        .child(If::new(&filled).then(TextBody::new("ok")))
        .child(Footer::new("Done", complete().with("email", &email)));
    let v = flow.build().expect("valid").to_value();
    let a = &v["screens"][0]["layout"]["children"];
    let b = &v["screens"][1]["layout"]["children"];
    assert_eq!(a[1]["visible"], "`${form.email} != ''`");
    assert_eq!(a[2]["condition"], "${form.email} != ''");
    assert_eq!(
        a[3]["on-click-action"]["payload"]["has_email"],
        "`${form.email} != ''`"
    );
    assert_eq!(b[0]["visible"], "`${screen.A.form.email} != ''`");
    assert_eq!(b[1]["condition"], "${screen.A.form.email} != ''");
    assert_eq!(
        b[2]["on-click-action"]["payload"]["email"],
        "${screen.A.form.email}"
    );
}

#[test]
fn payloads_keep_literal_json_and_nested_references() {
    let c = children_of(|s, next| {
        let name = s.add(TextInput::new("name", "Name"));
        s.child(Footer::new(
            "Go",
            navigate(next)
                .with("n", 3)
                .with("f", true)
                .with("items", vec![Choice::new("x", "X")])
                .with(
                    "who",
                    PayloadValue::object([("name", PayloadValue::from(&name)), ("k", "v".into())]),
                )
                .with("list", PayloadValue::array([PayloadValue::from(&name)])),
        ));
    });
    assert_eq!(
        c[1]["on-click-action"]["payload"],
        json!({
            "n": 3, "f": true, "items": [{"id": "x", "title": "X"}],
            "who": {"name": "${form.name}", "k": "v"}, "list": ["${form.name}"]
        })
    );
}

#[test]
fn data_declarations_have_schemas_and_examples() {
    let mut flow = Flow::new("7.3");
    let a = flow.screen("A");
    let s = flow.at(a);
    s.data::<String>("s", "x");
    s.data::<i64>("n", 2);
    s.data::<bool>("b", true);
    s.data::<Vec<String>>("tags", vec!["a".to_owned()]);
    s.data::<Vec<Choice>>("opts", Vec::new());
    let user = s.data_json("user", json!({"name": "Ana", "age": 3}));
    s.child(TextBody::new(user.field::<String>("name")));
    let v = flow.build_unchecked().to_value();
    let data = &v["screens"][0]["data"];
    assert_eq!(data["s"], json!({"type": "string", "__example__": "x"}));
    assert_eq!(data["n"], json!({"type": "number", "__example__": 2}));
    assert_eq!(data["b"], json!({"type": "boolean", "__example__": true}));
    assert_eq!(
        data["tags"],
        json!({"type": "array", "items": {"type": "string"}, "__example__": ["a"]})
    );
    assert_eq!(
        data["opts"],
        json!({"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}}}, "__example__": []})
    );
    assert_eq!(
        data["user"],
        json!({"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "number"}},
               "__example__": {"name": "Ana", "age": 3}})
    );
    assert_eq!(
        v["screens"][0]["layout"]["children"][0]["text"],
        "${data.user.name}"
    );
}

#[test]
fn misuse_is_a_finding_not_a_panic() {
    let mut flow = Flow::new("7.3");
    let a = flow.screen("A");
    let line = line!() + 1;
    let body = TextBody::new(Expr::text("x").field::<String>("y"));
    flow.at(a)
        .terminal(true)
        .child(body)
        .child(Footer::new("Done", complete()));
    let s = flow.at(a);
    s.data::<String>("d", "1");
    s.data::<String>("d", "2");
    let err = flow.build().expect_err("misuse");
    let f = err
        .findings
        .iter()
        .find(|f| f.code == "FLOWDSL_BUILDER_MISUSE")
        .expect("field on a literal");
    assert_eq!(f.location.map(|l| l.line()), Some(line));
    assert!(
        err.findings
            .iter()
            .any(|f| f.code == "INVALID_SCREEN_DATA" && f.path == "screens[0].data.d")
    );
}

#[test]
fn constructor_arguments_are_the_required_properties() {
    assert_eq!(TextInput::NEW_ARGS, ["name", "label"]);
    assert_eq!(Dropdown::NEW_ARGS, ["name", "label", "data-source"]);
    assert_eq!(Footer::NEW_ARGS, ["label", "on-click-action"]);
    // Every argument is a property Meta requires in the latest version.
    for (args, spec) in [
        (TextInput::NEW_ARGS, "TextInput"),
        (Dropdown::NEW_ARGS, "Dropdown"),
        (Footer::NEW_ARGS, "Footer"),
        (EmbeddedLink::NEW_ARGS, "EmbeddedLink"),
        (CalendarPicker::NEW_ARGS, "CalendarPicker"),
        (NavigationList::NEW_ARGS, "NavigationList"),
        (ImageCarousel::NEW_ARGS, "ImageCarousel"),
    ] {
        let spec = flow_model::component_spec(spec).expect("known component");
        for a in args {
            let p = spec.prop(a).expect("known property");
            assert!(
                p.required_in(flow_model::LATEST_FLOW_VERSION),
                "{} {a}",
                spec.name
            );
        }
    }
}

#[test]
fn a_json_object_in_screen_data_binds_a_forms_init_values() {
    let c = children_of(|s, _| {
        let defaults = s.data::<Value>("defaults", json!({"note": "none"}));
        let messages = s.data::<Value>("messages", json!({"note": "Too long"}));
        let mut form = s.form("f");
        form.init_values(&defaults).error_messages(messages);
        form.child(TextInput::new("note", "Note"));
    });
    assert_eq!(c[0]["init-values"], "${data.defaults}");
    assert_eq!(c[0]["error-messages"], "${data.messages}");
}

#[test]
fn bound_init_values_pass_the_validator() {
    let mut flow = Flow::new("7.3");
    let a = flow.screen("A");
    let s = flow.at(a).terminal(true);
    let defaults = s.data::<Value>("defaults", json!({"note": "none"}));
    let mut form = s.form("f");
    form.init_values(&defaults);
    form.child(TextInput::new("note", "Note"));
    s.child(Footer::new("Done", complete()));
    let built = flow.build().expect("valid");
    assert_eq!(
        built.to_value()["screens"][0]["layout"]["children"][0]["init-values"],
        "${data.defaults}"
    );
}

#[test]
fn init_values_and_error_messages_field_by_field() {
    let mut flow = Flow::new("7.3");
    let a = flow.screen("A");
    let b = flow.screen("B");
    let s = flow.at(a).terminal(true);
    let first = s.data::<String>("first_name", "Ana");
    let subscribed = s.data::<bool>("subscribed", true);
    let email_error = s.data::<String>("email_error", "");
    let mut form = s.form("f");
    form.child(TextInput::new("first_name", "First name"))
        .child(TextInput::new("email", "Email"))
        .child(OptIn::new("news", "News"))
        // A literal object first: fields set afterwards join it, the last value wins.
        .init_values(serde_json::Map::from_iter([
            ("email".to_owned(), json!("old@example.com")),
            ("first_name".to_owned(), json!("x")),
        ]))
        .init_value("first_name", &first)
        .init_value("news", &subscribed)
        .init_value("email", "ana@example.com")
        .error_message("email", &email_error);
    s.child(Footer::new("Next", navigate(b)));
    let mut other = Flow::new("7.3");
    let o = other.screen("O");
    let foreign = other.at(o).data::<String>("z", "z");
    let line = line!() + 5;
    flow.at(b).terminal(true).child(
        Form::new("g")
            .child(TextInput::new("n", "N"))
            .init_value("n", &first)
            .init_value("m", &foreign)
            .child(Footer::new("Done", complete())),
    );
    let (doc, findings) = flow.build_report();
    let v = doc.to_value();
    let form = &v["screens"][0]["layout"]["children"][0];
    assert_eq!(
        form["init-values"],
        json!({"email": "ana@example.com", "first_name": "${data.first_name}", "news": "${data.subscribed}"})
    );
    let keys: Vec<&str> = form["init-values"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["email", "first_name", "news"],
        "first positions kept"
    );
    assert_eq!(
        form["error-messages"],
        json!({"email": "${data.email_error}"})
    );
    // Data of another screen is a global reference; a handle of another builder is a finding
    // at the builder call.
    let g = &v["screens"][1]["layout"]["children"][0];
    assert_eq!(g["init-values"]["n"], "${screen.A.data.first_name}");
    let errors: Vec<_> = findings.iter().filter(|f| f.is_error()).collect();
    assert!(
        errors
            .iter()
            .any(|f| f.code == "FLOWDSL_FOREIGN_SCREEN_HANDLE"),
        "{errors:#?}"
    );
    // The validator also finds `${data.z}` undeclared on B: every finding is at that field
    // and at the builder call.
    for f in &errors {
        assert_eq!(f.path, "screens[1].layout.children[0].init-values.m");
        assert_eq!(f.location.map(|l| l.line()), Some(line));
    }

    // A binding of the whole object cannot be merged with fields: fields replace it.
    let c = children_of(|s, _| {
        let defaults = s.data::<Value>("defaults", json!({"n": "x"}));
        let n = s.data::<String>("n0", "y");
        s.child(
            Form::new("f")
                .child(TextInput::new("n", "N"))
                .init_values(&defaults)
                .init_value("n", &n),
        );
    });
    assert_eq!(c[0]["init-values"], json!({"n": "${data.n0}"}));
}
