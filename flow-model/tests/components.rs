//! Serde tests per component (spec §C), action (§D), list item, screen data declaration (§E.3)
//! and the document itself (§A/§B): the spec's shapes parse into the typed fields they should,
//! serialize back to the same JSON value with the canonical key order, and what the model does
//! not know (unknown properties, enum values, components, wrongly typed values) survives.

use flow_model::*;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Helpers

fn lit<T>(t: T) -> Option<Dyn<T>> {
    Some(Dyn::Lit(t))
}

fn text(s: &str) -> Option<Dyn<String>> {
    Some(Dyn::Lit(s.to_owned()))
}

fn expr<T>(s: &str) -> Option<Dyn<T>> {
    Some(Dyn::Expr(
        DynExpr::try_new(s.to_owned()).expect("test expressions are dynamic syntax"),
    ))
}

/// A document with one screen holding `children`.
fn doc_with(children: Vec<Value>) -> Value {
    json!({
        "version": "7.3",
        "screens": [{"id": "A", "terminal": true,
                     "layout": {"type": "SingleColumnLayout", "children": children}}]
    })
}

/// Parses one component three ways (from a `Value`; streamed from text inside a document; with
/// `type` moved last, which takes the buffered path) and checks they agree, that it serializes
/// back to the same JSON value, and that a known component serializes `type` first.
fn parse(v: Value) -> Component {
    let from_value: Component = serde_json::from_value(v.clone()).expect("any JSON parses");

    let flow = FlowJson::from_str(&doc_with(vec![v.clone()]).to_string()).expect("document");
    let streamed = flow.screens.as_ref().unwrap()[0].children()[0].clone();
    assert_eq!(streamed, from_value, "streamed parse differs");

    if let Value::Object(m) = &v {
        let mut moved = m.clone();
        if let Some(t) = moved.shift_remove("type") {
            moved.insert("type".to_owned(), t);
            let late: Component = serde_json::from_value(Value::Object(moved)).unwrap();
            assert_eq!(late, from_value, "`type` last parses differently");
        }
    }

    assert_eq!(to_value(&from_value), v, "serialization changed the value");
    if !matches!(from_value, Component::Unknown(_)) {
        let compact = serde_json::to_string(&from_value).unwrap();
        assert!(compact.starts_with(r#"{"type":"#), "type first: {compact}");
    }
    from_value
}

/// The object keys of a serialized value, in order.
fn keys(v: &impl serde::Serialize) -> Vec<String> {
    match to_value(v) {
        Value::Object(m) => m.keys().cloned().collect(),
        other => panic!("not an object: {other}"),
    }
}

fn action(v: Value) -> Action {
    let a = Action::from_json(v.clone()).expect("objects are actions");
    assert_eq!(to_value(&a), v);
    if !matches!(a, Action::Unknown(_)) {
        assert_eq!(keys(&a)[0], "name", "name first");
    }
    a
}

// ---------------------------------------------------------------------------------------------
// §C.1–C.2 text components

#[test]
fn text_heading_and_subheading() {
    let c = parse(json!({"type": "TextHeading", "text": "Welcome", "visible": "${data.show}"}));
    let Component::TextHeading(h) = c else {
        panic!("{c:?}")
    };
    assert_eq!(h.text, text("Welcome"));
    assert_eq!(h.visible, expr("${data.show}"));
    assert!(h.extra.is_empty());

    let c = parse(json!({"type": "TextSubheading", "text": "${data.subtitle}", "visible": false}));
    let Component::TextSubheading(h) = c else {
        panic!("{c:?}")
    };
    assert_eq!(h.text, expr("${data.subtitle}"));
    assert_eq!(h.visible, lit(false));
}

#[test]
fn text_body_and_caption() {
    let c = parse(json!({
        "type": "TextBody",
        "text": ["First paragraph", "Second with **bold**"],
        "font-weight": "bold_italic",
        "strikethrough": "`${form.age} > 18`",
        "markdown": true,
        "visible": true
    }));
    let Component::TextBody(b) = c else {
        panic!("{c:?}")
    };
    assert_eq!(
        b.text,
        lit(StringOrList::Many(vec![
            "First paragraph".into(),
            "Second with **bold**".into()
        ]))
    );
    assert_eq!(b.font_weight, lit(FontWeight::BoldItalic));
    let strike = b.strikethrough.as_ref().unwrap().as_expr().unwrap();
    assert_eq!(strike.kind(), DynKind::Backtick);
    assert_eq!(b.markdown, Some(true));
    assert_eq!(b.visible, lit(true));

    let c = parse(json!({"type": "TextCaption", "text": "Small print", "font-weight": "italic"}));
    let Component::TextCaption(cap) = c else {
        panic!("{c:?}")
    };
    assert_eq!(cap.text, lit(StringOrList::One("Small print".into())));
    assert_eq!(cap.font_weight, lit(FontWeight::Italic));
    assert_eq!(cap.strikethrough, None);
}

#[test]
fn rich_text() {
    let c = parse(json!({
        "type": "RichText",
        "text": ["# Title", "Some *text* and a [link](https://example.com)", "| a | b |\n|---|---|\n| 1 | 2 |"]
    }));
    let Component::RichText(r) = c else {
        panic!("{c:?}")
    };
    let Some(Dyn::Lit(StringOrList::Many(lines))) = &r.text else {
        panic!("{r:?}")
    };
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], "# Title");

    let c = parse(json!({"type": "RichText", "text": "${data.terms}", "visible": "${data.v}"}));
    let Component::RichText(r) = c else {
        panic!("{c:?}")
    };
    assert_eq!(r.text, expr("${data.terms}"));
}

// ---------------------------------------------------------------------------------------------
// §C.3–C.4 text inputs

#[test]
fn text_input_every_property() {
    let c = parse(json!({
        "type": "TextInput",
        "name": "email",
        "label": "Email",
        "label-variant": "large",
        "input-type": "email",
        "pattern": "^[a-z]+@example\\.com$",
        "required": "${data.email_required}",
        "min-chars": 5,
        "max-chars": "${data.max}",
        "helper-text": "Your work email",
        "enabled": true,
        "visible": true,
        "init-value": "${screen.START.form.email}",
        "error-message": "Invalid email"
    }));
    let Component::TextInput(t) = c else {
        panic!("{c:?}")
    };
    assert_eq!(t.name.as_deref(), Some("email"));
    assert_eq!(t.label, Some(Dyn::Lit("Email".into())));
    assert_eq!(t.label_variant, lit(LabelVariant::Large));
    assert_eq!(t.input_type, lit(InputType::Email));
    assert_eq!(t.pattern, text("^[a-z]+@example\\.com$"));
    assert_eq!(t.required, expr("${data.email_required}"));
    assert_eq!(t.min_chars, lit(5));
    assert_eq!(t.max_chars, expr("${data.max}"));
    assert_eq!(t.helper_text, text("Your work email"));
    assert_eq!(t.enabled, lit(true));
    assert_eq!(t.visible, lit(true));
    let init = t.init_value.as_ref().unwrap().as_expr().unwrap();
    assert_eq!(
        init.binding(),
        Some(Binding::ScreenForm {
            screen: "START".into(),
            path: vec!["email".into()]
        })
    );
    assert_eq!(t.error_message, text("Invalid email"));
    assert!(t.extra.is_empty());
    // Canonical order: Meta's table order, whatever the input order.
    assert_eq!(
        keys(&t),
        [
            "type",
            "name",
            "label",
            "label-variant",
            "input-type",
            "pattern",
            "required",
            "min-chars",
            "max-chars",
            "helper-text",
            "enabled",
            "visible",
            "init-value",
            "error-message"
        ]
    );
    assert_eq!(Component::TextInput(t).input_name(), Some("email"));
}

#[test]
fn text_area() {
    let c = parse(json!({
        "type": "TextArea", "name": "notes", "label": "${data.notes_label}",
        "label-variant": "large", "required": false, "enabled": "${data.editable}",
        "visible": true, "max-length": 600, "helper-text": "Anything else?",
        "init-value": "None", "error-message": "Too long"
    }));
    let Component::TextArea(t) = c else {
        panic!("{c:?}")
    };
    assert_eq!(t.label, expr("${data.notes_label}"));
    assert_eq!(t.max_length, lit(600));
    assert_eq!(t.enabled, expr("${data.editable}"));
    assert_eq!(t.init_value, text("None"));
    assert_eq!(t.error_message, text("Too long"));
}

// ---------------------------------------------------------------------------------------------
// §C.5–C.7, §C.14 list components and data-source items

#[test]
fn checkbox_group_with_rich_items() {
    let c = parse(json!({
        "type": "CheckboxGroup",
        "name": "toppings",
        "label": "Toppings",
        "description": "Pick up to three",
        "data-source": [
            {"id": "cheese", "title": "Cheese", "description": "Mozzarella", "metadata": "+$1",
             "enabled": true, "image": "iVBORw0KGgo=", "alt-text": "cheese", "color": "FFD700",
             "on-select-action": {"name": "update_data", "payload": {"has_cheese": true}},
             "on-unselect-action": {"name": "update_data", "payload": {"has_cheese": false}}},
            {"id": "ham", "title": "${data.ham_title}", "enabled": "${data.ham_ok}"}
        ],
        "min-selected-items": 1,
        "max-selected-items": 3,
        "required": true,
        "enabled": true,
        "visible": true,
        "on-select-action": {"name": "data_exchange", "payload": {"t": "${form.toppings}"}},
        "on-unselect-action": {"name": "update_data", "payload": {"x": 1}},
        "init-value": ["cheese"],
        "error-message": "Pick one",
        "media-size": "large"
    }));
    let Component::CheckboxGroup(g) = c else {
        panic!("{c:?}")
    };
    assert_eq!(g.label, text("Toppings"));
    assert_eq!(g.min_selected_items, lit(1));
    assert_eq!(g.max_selected_items, lit(3));
    assert_eq!(g.init_value, lit(vec!["cheese".to_owned()]));
    assert_eq!(g.media_size, lit(MediaSize::Large));
    assert!(matches!(g.on_select_action, Some(Action::DataExchange(_))));
    assert!(matches!(g.on_unselect_action, Some(Action::UpdateData(_))));

    let Some(Dyn::Lit(items)) = &g.data_source else {
        panic!("{:?}", g.data_source)
    };
    assert_eq!(items.len(), 2);
    let cheese = &items[0];
    assert_eq!(cheese.id.as_deref(), Some("cheese"));
    assert_eq!(cheese.title, text("Cheese"));
    assert_eq!(cheese.description, text("Mozzarella"));
    assert_eq!(cheese.metadata, text("+$1"));
    assert_eq!(cheese.enabled, lit(true));
    assert_eq!(cheese.image, text("iVBORw0KGgo="));
    assert_eq!(cheese.alt_text, text("cheese"));
    assert_eq!(cheese.color, text("FFD700"));
    let Some(Action::UpdateData(sel)) = cheese.on_select_action.as_deref() else {
        panic!()
    };
    assert_eq!(sel.payload.as_ref().unwrap()["has_cheese"], true);
    assert!(matches!(
        cheese.on_unselect_action.as_deref(),
        Some(Action::UpdateData(_))
    ));
    assert_eq!(items[1].title, expr("${data.ham_title}"));
    assert_eq!(items[1].enabled, expr("${data.ham_ok}"));
    assert!(items.iter().all(|i| i.extra.is_empty()));
}

#[test]
fn radio_buttons_group_bound_to_data() {
    let c = parse(json!({
        "type": "RadioButtonsGroup", "name": "size", "label": "Size",
        "data-source": "${data.sizes}", "init-value": "m",
        "on-select-action": {"name": "update_data", "payload": {"size": "${form.size}"}}
    }));
    let Component::RadioButtonsGroup(r) = c else {
        panic!("{c:?}")
    };
    assert_eq!(r.data_source, expr("${data.sizes}"));
    assert_eq!(r.init_value, lit(StringOrList::One("m".into())));
    let Some(Action::UpdateData(u)) = &r.on_select_action else {
        panic!()
    };
    assert_eq!(
        payload_strings(u.payload.as_ref().unwrap())[0].1,
        "${form.size}"
    );
}

#[test]
fn dropdown() {
    let c = parse(json!({
        "type": "Dropdown", "name": "city", "label": "City", "required": true,
        "data-source": [{"id": "rio", "title": "Rio"}, {"id": "sp", "title": "São Paulo"}],
        "on-select-action": {"name": "data_exchange", "payload": {"city": "${form.city}"}},
        "init-value": "rio", "error-message": "Choose a city", "enabled": true, "visible": true
    }));
    let Component::Dropdown(d) = c else {
        panic!("{c:?}")
    };
    let Some(Dyn::Lit(items)) = &d.data_source else {
        panic!()
    };
    assert_eq!(items[1].title, text("São Paulo"));
    assert_eq!(d.init_value, text("rio"));
    let Some(Action::DataExchange(x)) = &d.on_select_action else {
        panic!()
    };
    assert_eq!(x.payload.as_ref().unwrap()["city"], "${form.city}");
}

#[test]
fn chips_selector() {
    let c = parse(json!({
        "type": "ChipsSelector", "name": "tags", "label": "Interests",
        "description": "Choose 2 to 4",
        "data-source": [{"id": "a", "title": "Art"}, {"id": "b", "title": "Books", "enabled": false}],
        "min-selected-items": 2, "max-selected-items": 4,
        "required": true, "enabled": true, "visible": true,
        "init-value": ["a"], "error-message": "Too few",
        "on-select-action": {"name": "update_data", "payload": {"n": 1}},
        "on-unselect-action": {"name": "update_data", "payload": {"n": 0}}
    }));
    let Component::ChipsSelector(ch) = c else {
        panic!("{c:?}")
    };
    assert_eq!(ch.label, text("Interests"));
    assert_eq!(ch.min_selected_items, lit(2));
    assert_eq!(ch.init_value, lit(vec!["a".to_owned()]));
    let Some(Dyn::Lit(items)) = &ch.data_source else {
        panic!()
    };
    assert_eq!(items[1].enabled, lit(false));
    assert!(matches!(ch.on_unselect_action, Some(Action::UpdateData(_))));
}

// ---------------------------------------------------------------------------------------------
// §C.8–C.10 Footer, OptIn, EmbeddedLink

#[test]
fn footer_with_navigate() {
    let c = parse(json!({
        "type": "Footer",
        "label": "Continue",
        "left-caption": "Total",
        "right-caption": "${data.total}",
        "enabled": "`${form.age} >= 18`",
        "on-click-action": {
            "name": "navigate",
            "next": {"type": "screen", "name": "DETAILS"},
            "payload": {"age": "${form.age}", "nested": {"list": [1, "${data.x}"]}}
        }
    }));
    let Component::Footer(f) = c else {
        panic!("{c:?}")
    };
    assert_eq!(f.label, text("Continue"));
    assert_eq!(f.left_caption, text("Total"));
    assert_eq!(f.right_caption, expr("${data.total}"));
    assert_eq!(f.center_caption, None);
    let a = f.on_click_action.as_ref().unwrap();
    assert_eq!(a.navigate_target(), Some("DETAILS"));
    let Action::Navigate(n) = a else { panic!() };
    assert_eq!(n.next.as_ref().unwrap().kind, Some(NextType::Screen));
    let strings = payload_strings(n.payload.as_ref().unwrap());
    assert_eq!(
        strings,
        [
            (".age".to_owned(), "${form.age}"),
            (".nested.list[1]".to_owned(), "${data.x}")
        ]
    );
    assert_eq!(
        keys(&f),
        [
            "type",
            "label",
            "on-click-action",
            "left-caption",
            "right-caption",
            "enabled"
        ]
    );
}

#[test]
fn opt_in_with_open_url_and_update_data() {
    let c = parse(json!({
        "type": "OptIn", "name": "tos", "label": "I accept the terms",
        "required": true, "visible": true, "init-value": false,
        "on-click-action": {"name": "open_url", "url": "https://example.com/terms"},
        "on-select-action": {"name": "update_data", "payload": {"accepted": true}},
        "on-unselect-action": {"name": "update_data", "payload": {"accepted": false}}
    }));
    let Component::OptIn(o) = c else {
        panic!("{c:?}")
    };
    assert_eq!(o.label, text("I accept the terms"));
    assert_eq!(o.init_value, lit(false));
    let Some(Action::OpenUrl(u)) = &o.on_click_action else {
        panic!()
    };
    assert_eq!(u.url.as_deref(), Some("https://example.com/terms"));
    let comp = Component::OptIn(o);
    let names: Vec<_> = comp.actions().iter().map(|(k, a)| (*k, a.name())).collect();
    assert_eq!(
        names,
        [
            ("on-click-action", Some("open_url")),
            ("on-select-action", Some("update_data")),
            ("on-unselect-action", Some("update_data"))
        ]
    );
}

#[test]
fn embedded_link() {
    let c = parse(json!({
        "type": "EmbeddedLink", "text": "Read the policy", "visible": "${data.show_link}",
        "on-click-action": {"name": "data_exchange", "payload": {"screen": "POLICY"}}
    }));
    let Component::EmbeddedLink(e) = c else {
        panic!("{c:?}")
    };
    assert_eq!(e.text, text("Read the policy"));
    assert_eq!(e.visible, expr("${data.show_link}"));
    assert!(matches!(e.on_click_action, Some(Action::DataExchange(_))));
}

// ---------------------------------------------------------------------------------------------
// §C.11 DatePicker and CalendarPicker

#[test]
fn date_picker() {
    let c = parse(json!({
        "type": "DatePicker", "name": "when", "label": "Date",
        "min-date": "2024-01-01", "max-date": "${data.max_date}",
        "unavailable-dates": ["2024-12-25", "2025-01-01"],
        "helper-text": "Pick a weekday", "error-message": "Not available",
        "enabled": true, "visible": true, "required": true, "init-value": "2024-06-01",
        "on-select-action": {"name": "data_exchange", "payload": {"date": "${form.when}"}}
    }));
    let Component::DatePicker(d) = c else {
        panic!("{c:?}")
    };
    assert_eq!(d.min_date, text("2024-01-01"));
    assert_eq!(d.max_date, expr("${data.max_date}"));
    assert_eq!(
        d.unavailable_dates,
        lit(vec!["2024-12-25".to_owned(), "2025-01-01".to_owned()])
    );
    assert_eq!(d.init_value, text("2024-06-01"));
    assert!(matches!(d.on_select_action, Some(Action::DataExchange(_))));
}

#[test]
fn calendar_picker_single_mode() {
    let c = parse(json!({
        "type": "CalendarPicker", "name": "day", "label": "Day", "mode": "single",
        "helper-text": "Any weekday", "required": true,
        "min-date": "2025-01-01", "max-date": "2025-12-31",
        "include-days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
        "unavailable-dates": ["2025-05-01"], "init-value": "2025-02-03",
        "error-message": "Closed that day"
    }));
    let Component::CalendarPicker(cp) = c else {
        panic!("{c:?}")
    };
    assert_eq!(cp.label, lit(SingleOrRange::Single("Day".to_owned())));
    assert_eq!(cp.mode, lit(CalendarMode::Single));
    assert_eq!(cp.required, lit(SingleOrRange::Single(true)));
    assert_eq!(
        cp.include_days,
        lit(vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri
        ])
    );
}

#[test]
fn calendar_picker_range_mode() {
    let c = parse(json!({
        "type": "CalendarPicker", "name": "stay", "mode": "range",
        "title": "Your stay", "description": "Check-in and check-out",
        "label": {"start-date": "Check-in", "end-date": "Check-out"},
        "helper-text": {"start-date": "From", "end-date": "To"},
        "required": {"start-date": true, "end-date": false},
        "min-days": 1, "max-days": 14,
        "init-value": {"start-date": "2025-03-01", "end-date": "${data.end}"},
        "error-message": {"start-date": "Pick a start", "end-date": "Pick an end"},
        "on-select-action": {"name": "data_exchange", "payload": {"range": "${form.stay}"}}
    }));
    let Component::CalendarPicker(cp) = c else {
        panic!("{c:?}")
    };
    assert_eq!(cp.mode, lit(CalendarMode::Range));
    assert_eq!(cp.title, text("Your stay"));
    assert_eq!(cp.min_days, lit(1));
    assert_eq!(cp.max_days, lit(14));
    let Some(Dyn::Lit(SingleOrRange::Range(label))) = &cp.label else {
        panic!("{:?}", cp.label)
    };
    assert_eq!(label.start_date, Some(Dyn::Lit(json!("Check-in"))));
    assert_eq!(label.end_date, Some(Dyn::Lit(json!("Check-out"))));
    let Some(Dyn::Lit(SingleOrRange::Range(req))) = &cp.required else {
        panic!()
    };
    assert_eq!(req.start_date, Some(Dyn::Lit(json!(true))));
    assert_eq!(req.end_date, Some(Dyn::Lit(json!(false))));
    let Some(Dyn::Lit(SingleOrRange::Range(init))) = &cp.init_value else {
        panic!()
    };
    assert!(matches!(init.end_date, Some(Dyn::Expr(_))));
    // Range labels still feed the text checks.
    let comp = Component::CalendarPicker(cp.clone());
    let texts: Vec<String> = comp
        .present_props()
        .iter()
        .filter(|(p, _)| p.name == "label")
        .flat_map(|(_, v)| v.texts())
        .collect();
    assert_eq!(texts, ["Check-in", "Check-out"]);
}

// ---------------------------------------------------------------------------------------------
// §C.12 Image and ImageCarousel, §C.15 pickers

#[test]
fn image() {
    let c = parse(json!({
        "type": "Image", "src": "iVBORw0KGgoAAAANSUhEUg==", "width": 200, "height": 100,
        "scale-type": "cover", "aspect-ratio": 1.5, "alt-text": "A logo", "visible": true
    }));
    let Component::Image(i) = c else {
        panic!("{c:?}")
    };
    assert_eq!(i.src, text("iVBORw0KGgoAAAANSUhEUg=="));
    assert_eq!(i.width, lit(200));
    assert_eq!(i.scale_type, lit(ScaleType::Cover));
    assert_eq!(
        i.aspect_ratio,
        lit(serde_json::Number::from_f64(1.5).unwrap())
    );
    assert_eq!(i.alt_text, text("A logo"));
}

#[test]
fn image_carousel() {
    let c = parse(json!({
        "type": "ImageCarousel", "aspect-ratio": "16:9", "scale-type": "contain",
        "images": [{"src": "AAAA", "alt-text": "one"}, {"src": "${data.img}", "alt-text": "two"}]
    }));
    let Component::ImageCarousel(ic) = c else {
        panic!("{c:?}")
    };
    assert_eq!(ic.aspect_ratio, lit(CarouselAspectRatio::SixteenByNine));
    let Some(Dyn::Lit(images)) = &ic.images else {
        panic!()
    };
    assert_eq!(images[0].alt_text, text("one"));
    assert_eq!(images[1].src, expr("${data.img}"));

    let c = parse(json!({"type": "ImageCarousel", "images": "${data.images}"}));
    let Component::ImageCarousel(ic) = c else {
        panic!("{c:?}")
    };
    assert_eq!(ic.images, expr("${data.images}"));
}

#[test]
fn photo_and_document_pickers() {
    let c = parse(json!({
        "type": "PhotoPicker", "name": "photos", "label": "Upload photos",
        "description": "Up to 3", "photo-source": "camera_gallery", "max-file-size-kb": 10240,
        "min-uploaded-photos": 1, "max-uploaded-photos": 3, "enabled": true, "visible": true,
        "error-message": {"media_1": "Too blurry"}
    }));
    let Component::PhotoPicker(p) = c else {
        panic!("{c:?}")
    };
    assert_eq!(p.photo_source, lit(PhotoSource::CameraGallery));
    assert_eq!(p.max_file_size_kb, lit(10240));
    assert_eq!(p.max_uploaded_photos, lit(3));
    let Some(Dyn::Lit(ErrorMessages::PerMedia(m))) = &p.error_message else {
        panic!()
    };
    assert_eq!(m["media_1"], "Too blurry");

    let c = parse(json!({
        "type": "DocumentPicker", "name": "docs", "label": "Contract",
        "allowed-mime-types": ["application/pdf", "image/jpeg"],
        "min-uploaded-documents": 1, "max-uploaded-documents": 1,
        "error-message": "${data.doc_error}"
    }));
    let Component::DocumentPicker(d) = c else {
        panic!("{c:?}")
    };
    assert_eq!(
        d.allowed_mime_types,
        lit(vec!["application/pdf".to_owned(), "image/jpeg".to_owned()])
    );
    assert_eq!(d.max_uploaded_documents, lit(1));
    assert_eq!(d.error_message, expr("${data.doc_error}"));
}

// ---------------------------------------------------------------------------------------------
// §C.13 NavigationList

#[test]
fn navigation_list_items() {
    let c = parse(json!({
        "type": "NavigationList", "name": "menu", "label": "Menu",
        "description": "Choose a section", "media-size": "regular",
        "list-items": [
            {"id": "a",
             "main-content": {"title": "Account", "description": "Your data", "metadata": "3 new"},
             "start": {"image": "iVBORw0KGgo=", "alt-text": "icon"},
             "end": {"title": "10", "description": "items", "metadata": "new"},
             "badge": "New", "tags": ["hot", "sale"],
             "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "ACCOUNT"},
                                 "payload": {}}},
            {"id": "b", "main-content": {"title": "${data.title_b}"},
             "on-click-action": {"name": "data_exchange", "payload": {"item": "b"}}}
        ]
    }));
    let Component::NavigationList(n) = c else {
        panic!("{c:?}")
    };
    assert_eq!(n.media_size, lit(MediaSize::Regular));
    assert_eq!(n.on_click_action, None);
    let Some(Dyn::Lit(items)) = &n.list_items else {
        panic!()
    };
    let a = &items[0];
    let main = a.main_content.as_ref().unwrap();
    assert_eq!(main.title, text("Account"));
    assert_eq!(main.metadata, text("3 new"));
    assert_eq!(a.start.as_ref().unwrap().alt_text, text("icon"));
    assert_eq!(a.end.as_ref().unwrap().title, text("10"));
    assert_eq!(a.badge, text("New"));
    assert_eq!(a.tags, Some(vec!["hot".to_owned(), "sale".to_owned()]));
    assert_eq!(
        a.on_click_action.as_ref().unwrap().navigate_target(),
        Some("ACCOUNT")
    );
    assert_eq!(
        items[1].main_content.as_ref().unwrap().title,
        expr("${data.title_b}")
    );

    let c = parse(
        json!({"type": "NavigationList", "name": "m", "list-items": "${data.items}",
                         "on-click-action": {"name": "data_exchange", "payload": {}}}),
    );
    let Component::NavigationList(n) = c else {
        panic!("{c:?}")
    };
    assert_eq!(n.list_items, expr("${data.items}"));
}

// ---------------------------------------------------------------------------------------------
// §C.16–C.18 If, Switch, Form and nesting

#[test]
fn if_with_nested_if_and_else() {
    let c = parse(json!({
        "type": "If",
        "condition": "${data.is_member} && (${form.age} > 18)",
        "then": [
            {"type": "TextHeading", "text": "Welcome back"},
            {"type": "If", "condition": "${data.vip}",
             "then": [{"type": "TextBody", "text": "VIP"}],
             "else": [{"type": "TextBody", "text": "Regular"}]},
            {"type": "Footer", "label": "Go", "on-click-action": {"name": "complete", "payload": {}}}
        ],
        "else": [
            {"type": "TextInput", "name": "code", "label": "Member code"},
            {"type": "Footer", "label": "Join", "on-click-action": {"name": "complete", "payload": {}}}
        ]
    }));
    let Component::If(i) = &c else {
        panic!("{c:?}")
    };
    assert_eq!(
        i.condition.as_deref(),
        Some("${data.is_member} && (${form.age} > 18)")
    );
    let then = i.then.as_ref().unwrap();
    assert_eq!(then.len(), 3);
    let Component::If(inner) = &then[1] else {
        panic!("{:?}", then[1])
    };
    assert_eq!(inner.else_.as_ref().unwrap().len(), 1);
    assert!(matches!(
        i.else_.as_ref().unwrap()[0],
        Component::TextInput(_)
    ));
    let lists: Vec<String> = c.child_lists().into_iter().map(|(k, _)| k).collect();
    assert_eq!(lists, ["then", "else"]);
    // `else` is written under its JSON name, after `then`.
    assert_eq!(keys(&c), ["type", "condition", "then", "else"]);
}

#[test]
fn switch_cases() {
    let c = parse(json!({
        "type": "Switch",
        "value": "${data.animal}",
        "cases": {
            "cat": [{"type": "TextBody", "text": "Meow"}],
            "dog": [{"type": "TextBody", "text": "Woof"}, {"type": "Image", "src": "AAAA"}],
            "fish": []
        }
    }));
    let Component::Switch(s) = &c else {
        panic!("{c:?}")
    };
    assert_eq!(
        s.value.as_ref().unwrap().binding(),
        Some(Binding::Data(vec!["animal".into()]))
    );
    let cases = s.cases.as_ref().unwrap();
    assert_eq!(
        cases.keys().map(String::as_str).collect::<Vec<_>>(),
        ["cat", "dog", "fish"]
    );
    assert!(matches!(cases["dog"][1], Component::Image(_)));
    let lists: Vec<String> = c.child_lists().into_iter().map(|(k, _)| k).collect();
    assert_eq!(lists, ["cases.cat", "cases.dog", "cases.fish"]);
}

#[test]
fn switch_with_a_case_that_is_not_a_list_is_kept_raw() {
    let v = json!({"type": "Switch", "value": "${data.a}",
                   "cases": {"x": [{"type": "TextBody", "text": "x"}], "y": "oops", "z": []}});
    let c = parse(v.clone());
    let Component::Switch(s) = &c else {
        panic!("{c:?}")
    };
    assert_eq!(s.cases, None);
    assert_eq!(s.extra["cases"], v["cases"]);
}

#[test]
fn form_with_children_and_init_values() {
    let c = parse(json!({
        "type": "Form",
        "name": "signup",
        "init-values": {"email": "a@b.c", "toppings": ["cheese"]},
        "error-messages": "${data.errors}",
        "children": [
            {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email"},
            {"type": "Switch", "value": "${data.kind}",
             "cases": {"a": [{"type": "OptIn", "name": "ok", "label": "OK"}]}},
            {"type": "Footer", "label": "Send",
             "on-click-action": {"name": "complete", "payload": {"email": "${form.email}"}}}
        ]
    }));
    let Component::Form(f) = &c else {
        panic!("{c:?}")
    };
    assert_eq!(f.name.as_deref(), Some("signup"));
    let Some(Dyn::Lit(init)) = &f.init_values else {
        panic!()
    };
    assert_eq!(init["toppings"], json!(["cheese"]));
    assert_eq!(f.error_messages, expr("${data.errors}"));
    let children = f.children.as_ref().unwrap();
    let Component::Switch(s) = &children[1] else {
        panic!()
    };
    assert!(matches!(
        s.cases.as_ref().unwrap()["a"][0],
        Component::OptIn(_)
    ));
    // Canonical order puts `children` before the init/error maps.
    assert_eq!(
        keys(&c),
        ["type", "name", "children", "init-values", "error-messages"]
    );
}

// ---------------------------------------------------------------------------------------------
// §D actions

#[test]
fn every_action() {
    let a = action(
        json!({"name": "navigate", "next": {"type": "screen", "name": "B"},
                          "payload": {"x": "${form.x}"}}),
    );
    assert_eq!(a.navigate_target(), Some("B"));
    assert_eq!(a.payload().unwrap()["x"], "${form.x}");

    let a = action(json!({"payload": {"q": 1}, "name": "data_exchange"}));
    let Action::DataExchange(d) = &a else {
        panic!("{a:?}")
    };
    assert_eq!(d.payload.as_ref().unwrap()["q"], 1);
    assert_eq!(keys(&a), ["name", "payload"]);

    let a = action(json!({"name": "complete", "payload": {}}));
    assert!(matches!(a, Action::Complete(_)));

    let a = action(json!({"name": "update_data", "payload": {"show": "`!${data.show}`"}}));
    assert!(matches!(a, Action::UpdateData(_)));

    let a = action(json!({"name": "open_url", "url": "https://example.com"}));
    let Action::OpenUrl(o) = &a else { panic!() };
    assert_eq!(o.url.as_deref(), Some("https://example.com"));
    assert!(a.payload().is_none());

    // `next.type: plugin` (pywa only) and an unknown next type.
    let a = action(json!({"name": "navigate", "next": {"type": "plugin", "name": "P"}}));
    let Action::Navigate(n) = &a else { panic!() };
    assert_eq!(n.next.as_ref().unwrap().kind, Some(NextType::Plugin));
    let a = action(json!({"name": "navigate", "next": {"type": "modal", "name": "P"}}));
    let Action::Navigate(n) = &a else { panic!() };
    assert_eq!(
        n.next.as_ref().unwrap().kind,
        Some(NextType::Unknown("modal".into()))
    );
}

#[test]
fn unknown_and_nameless_actions_are_kept_whole() {
    let a = action(json!({"name": "teleport", "where": "moon"}));
    let Action::Unknown(m) = &a else {
        panic!("{a:?}")
    };
    assert_eq!(m["where"], "moon");
    assert_eq!(a.name(), Some("teleport"));

    let a = action(json!({"payload": {"a": 1}}));
    assert!(matches!(a, Action::Unknown(_)));
    assert_eq!(a.name(), None);

    let a = action(json!({"name": 7, "payload": {}}));
    assert!(matches!(a, Action::Unknown(_)));

    // An action with an unknown extra property keeps it after the known ones.
    let a = action(json!({"x-trace": true, "name": "complete", "payload": {}}));
    let Action::Complete(c) = &a else { panic!() };
    assert_eq!(c.extra["x-trace"], true);
    assert_eq!(keys(&a), ["name", "payload", "x-trace"]);
}

// ---------------------------------------------------------------------------------------------
// §A/§B/§E.3 document, screens and data declarations

#[test]
fn document_and_screen_properties() {
    let text = r#"{
      "x-top": [1, 2],
      "screens": [{
        "layout": {"type": "SingleColumnLayout", "children": []},
        "data": {
          "greeting": {"type": "string", "__example__": "Hello"},
          "count": {"type": "number", "__example__": 3},
          "flag": {"__example__": true, "type": "boolean"},
          "user": {"type": "object", "properties": {
              "name": {"type": "string"},
              "tags": {"type": "array", "items": {"type": "string"}}},
            "__example__": {"name": "Ana", "tags": ["a"]}},
          "items": {"type": "array",
            "items": {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"}}},
            "__example__": [{"id": "1", "title": "One"}]},
          "anything": {"type": "array", "items": true, "__example__": []},
          "odd": {"type": "date", "__example__": "2024-01-01"}
        },
        "sensitive": ["greeting"],
        "refresh_on_back": true,
        "success": true,
        "terminal": true,
        "title": "${data.greeting}",
        "id": "WELCOME"
      }],
      "routing_model": {"WELCOME": []},
      "data_channel_uri": "https://example.com/endpoint",
      "data_api_version": "3.0",
      "version": "7.3"
    }"#;
    let flow = FlowJson::from_str(text).unwrap();
    assert_eq!(flow.version, Some(FlowVersion::Known(Version::new(7, 3))));
    assert_eq!(
        flow.data_api_version,
        Some(DataApiVersion::Known(DATA_API_3_0))
    );
    assert_eq!(
        flow.routing_model.as_ref().unwrap()["WELCOME"],
        Vec::<String>::new()
    );
    assert_eq!(
        flow.data_channel_uri.as_deref(),
        Some("https://example.com/endpoint")
    );
    assert_eq!(flow.extra["x-top"], json!([1, 2]));

    let s = flow.screen("WELCOME").unwrap();
    assert_eq!(s.title, expr("${data.greeting}"));
    assert!(s.is_terminal());
    assert_eq!(s.success, Some(true));
    assert_eq!(s.refresh_on_back, Some(true));
    assert_eq!(s.sensitive, Some(vec!["greeting".to_owned()]));
    assert_eq!(
        s.layout.as_ref().unwrap().kind,
        Some(LayoutType::SingleColumnLayout)
    );

    let data = s.data.as_ref().unwrap();
    assert_eq!(data["greeting"].kind, Some(SchemaType::String));
    assert_eq!(data["greeting"].example, Some(json!("Hello")));
    assert_eq!(data["count"].example, Some(json!(3)));
    assert_eq!(data["flag"].kind, Some(SchemaType::Boolean));
    let user = &data["user"];
    let props = user.properties.as_ref().unwrap();
    assert_eq!(props["name"].kind, Some(SchemaType::String));
    assert_eq!(props["name"].example, None);
    let Some(SchemaItems::Schema(tag_items)) = &props["tags"].items else {
        panic!()
    };
    assert_eq!(tag_items.kind, Some(SchemaType::String));
    assert_eq!(user.example, Some(json!({"name": "Ana", "tags": ["a"]})));
    let Some(SchemaItems::Schema(item)) = &data["items"].items else {
        panic!()
    };
    assert_eq!(item.kind, Some(SchemaType::Object));
    assert_eq!(data["anything"].items, Some(SchemaItems::Bool(true)));
    assert_eq!(data["odd"].kind, Some(SchemaType::Unknown("date".into())));

    // Same value back; canonical key order at every level.
    let original: Value = serde_json::from_str(text).unwrap();
    assert_eq!(flow.to_value(), original);
    assert_eq!(
        keys(&flow),
        [
            "version",
            "data_api_version",
            "routing_model",
            "data_channel_uri",
            "screens",
            "x-top"
        ]
    );
    assert_eq!(
        keys(s),
        [
            "id",
            "title",
            "terminal",
            "success",
            "refresh_on_back",
            "sensitive",
            "data",
            "layout"
        ]
    );
    assert_eq!(keys(&data["flag"]), ["type", "__example__"]);
    assert_eq!(keys(&data["user"]), ["type", "properties", "__example__"]);
    // `__example__` keeps its own key order (free-form JSON).
    let pretty = flow.to_string_pretty();
    assert!(pretty.contains("\"__example__\": {\n"));
    assert!(pretty.find("\"name\": \"Ana\"").unwrap() < pretty.find("\"tags\": [\n").unwrap());
}

#[test]
fn odd_versions_and_empty_documents_are_kept() {
    for (text, version) in [
        (r#"{"version": "v2.1", "screens": []}"#, "v2.1"),
        (r#"{"version": "1.0", "screens": []}"#, "1.0"),
        (r#"{"version": "7.10", "screens": []}"#, "7.10"),
    ] {
        let flow = FlowJson::from_str(text).unwrap();
        let v = flow.version.as_ref().unwrap();
        assert!(!v.is_known(), "{text}");
        assert_eq!(v.as_text(), version);
        assert_eq!(flow.screens, Some(Vec::new()));
        assert_eq!(
            serde_json::from_str::<Value>(&flow.to_string_compact()).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }
    let flow = FlowJson::from_str("{}").unwrap();
    assert_eq!(flow.to_string_pretty(), "{}");
    // A version that is not a string is kept in `extra` under its key.
    let flow = FlowJson::from_str(r#"{"version": 7.3}"#).unwrap();
    assert_eq!(flow.version, None);
    assert_eq!(flow.extra["version"], json!(7.3));
    assert_eq!(flow.to_string_compact(), r#"{"version":7.3}"#);
}

// ---------------------------------------------------------------------------------------------
// Losslessness

#[test]
fn unknown_properties_survive_after_the_known_ones() {
    let c = parse(json!({
        "x-first": 1, "type": "TextInput", "name": "n", "x-mid": {"deep": [1, 2]},
        "label": "L", "zzz": null
    }));
    let Component::TextInput(t) = &c else {
        panic!("{c:?}")
    };
    assert_eq!(
        t.extra.keys().map(String::as_str).collect::<Vec<_>>(),
        ["x-first", "x-mid", "zzz"]
    );
    assert_eq!(
        keys(&c),
        ["type", "name", "label", "x-first", "x-mid", "zzz"]
    );
}

#[test]
fn unknown_enum_values_survive() {
    let c = parse(
        json!({"type": "TextInput", "name": "z", "label": "Zip", "input-type": "zip",
                         "label-variant": "huge"}),
    );
    let Component::TextInput(t) = c else {
        panic!("{c:?}")
    };
    assert_eq!(t.input_type, lit(InputType::Unknown("zip".into())));
    assert_eq!(t.label_variant, lit(LabelVariant::Unknown("huge".into())));

    let c = parse(json!({"type": "TextBody", "text": "t", "font-weight": "heavy"}));
    let Component::TextBody(b) = c else {
        panic!("{c:?}")
    };
    assert_eq!(b.font_weight, lit(FontWeight::Unknown("heavy".into())));

    let c = parse(json!({"type": "CalendarPicker", "name": "d", "label": "D",
                         "mode": "multi", "include-days": ["Mon", "Funday"]}));
    let Component::CalendarPicker(cp) = c else {
        panic!("{c:?}")
    };
    assert_eq!(cp.mode, lit(CalendarMode::Unknown("multi".into())));
    assert_eq!(
        cp.include_days,
        lit(vec![Weekday::Mon, Weekday::Unknown("Funday".into())])
    );

    let c = parse(json!({"type": "Image", "src": "A", "scale-type": "stretch"}));
    let Component::Image(i) = c else {
        panic!("{c:?}")
    };
    assert_eq!(i.scale_type, lit(ScaleType::Unknown("stretch".into())));

    let flow = FlowJson::from_str(
        r#"{"version":"7.3","screens":[{"id":"A","layout":{"type":"TwoColumnLayout","children":[]}}]}"#,
    )
    .unwrap();
    assert_eq!(
        flow.screens.as_ref().unwrap()[0]
            .layout
            .as_ref()
            .unwrap()
            .kind,
        Some(LayoutType::Unknown("TwoColumnLayout".into()))
    );
}

#[test]
fn wrongly_typed_known_properties_land_in_extra_and_are_written_back() {
    let v = json!({
        "type": "TextInput", "name": "n", "label": 42, "required": "yes",
        "max-chars": "80", "visible": null, "input-type": ["email"]
    });
    let c = parse(v.clone());
    let Component::TextInput(t) = &c else {
        panic!("{c:?}")
    };
    assert_eq!(t.name.as_deref(), Some("n"));
    for (field, is_none) in [
        ("label", t.label.is_none()),
        ("required", t.required.is_none()),
        ("max-chars", t.max_chars.is_none()),
        ("visible", t.visible.is_none()),
        ("input-type", t.input_type.is_none()),
    ] {
        assert!(is_none, "{field} should not be typed");
        assert_eq!(t.extra[field], v[field], "{field} kept as written");
    }
    // A binding is not a wrong type: "${data.max}" is typed as an expression.
    let c =
        parse(json!({"type": "TextInput", "name": "n", "label": "L", "max-chars": "${data.max}"}));
    let Component::TextInput(t) = c else { panic!() };
    assert_eq!(t.max_chars, expr("${data.max}"));
    assert!(t.extra.is_empty());
}

#[test]
fn a_list_with_one_bad_item_is_kept_whole_and_in_order() {
    let v = json!({"type": "Dropdown", "name": "d", "label": "D",
                   "data-source": [{"id": "a", "title": "A"}, "oops", {"id": "c", "title": "C"}]});
    let c = parse(v.clone());
    let Component::Dropdown(d) = &c else {
        panic!("{c:?}")
    };
    assert_eq!(d.data_source, None);
    assert_eq!(d.extra["data-source"], v["data-source"]);

    // A data-source item with an unknown property and a wrongly typed title stays typed.
    let c = parse(json!({"type": "Dropdown", "name": "d", "label": "D",
                         "data-source": [{"id": "a", "title": 5, "x-sku": "123"}]}));
    let Component::Dropdown(d) = c else { panic!() };
    let Some(Dyn::Lit(items)) = &d.data_source else {
        panic!()
    };
    assert_eq!(items[0].title, None);
    assert_eq!(items[0].extra["title"], 5);
    assert_eq!(items[0].extra["x-sku"], "123");
}

#[test]
fn unknown_and_malformed_components_are_kept_whole() {
    for v in [
        json!({"type": "Sparkles", "amount": 3, "colors": ["red"]}),
        json!({"amount": 3, "type": "Sparkles"}),
        json!({"label": "no type at all"}),
        json!({"type": 12, "label": "numeric type"}),
        json!({}),
        json!("just a string"),
        json!([1, 2]),
        json!(null),
        json!(7),
    ] {
        let c = parse(v.clone());
        let Component::Unknown(raw) = &c else {
            panic!("{v}: {c:?}")
        };
        assert_eq!(raw, &v);
    }
    let c = parse(json!({"type": "Sparkles"}));
    assert_eq!(c.type_name(), Some("Sparkles"));
    assert!(c.spec().is_none());
}

#[test]
fn a_known_component_whose_children_are_not_a_list_keeps_them() {
    let v = json!({"type": "Form", "name": "f", "children": {"not": "a list"}});
    let c = parse(v.clone());
    let Component::Form(f) = &c else {
        panic!("{c:?}")
    };
    assert_eq!(f.children, None);
    assert_eq!(f.extra["children"], v["children"]);

    // Screens and layouts that are not objects are kept too.
    let text = r#"{"version":"7.3","screens":[{"id":"A","layout":[1]},"not a screen"]}"#;
    let flow = FlowJson::from_str(text).unwrap();
    assert_eq!(flow.screens, None);
    assert_eq!(
        flow.to_value(),
        serde_json::from_str::<Value>(text).unwrap()
    );
}

#[test]
fn every_component_of_the_table_is_covered_here() {
    // The tests above parse each of these; this guards against a new component slipping in
    // without a serde test.
    let tested = [
        "TextHeading",
        "TextSubheading",
        "TextBody",
        "TextCaption",
        "RichText",
        "TextInput",
        "TextArea",
        "CheckboxGroup",
        "RadioButtonsGroup",
        "Dropdown",
        "ChipsSelector",
        "Footer",
        "OptIn",
        "EmbeddedLink",
        "DatePicker",
        "CalendarPicker",
        "Image",
        "ImageCarousel",
        "PhotoPicker",
        "DocumentPicker",
        "NavigationList",
        "If",
        "Switch",
        "Form",
    ];
    let table: Vec<&str> = COMPONENTS.iter().map(|c| c.name).collect();
    assert_eq!(table, tested);
    let actions: Vec<&str> = ACTIONS.iter().map(|a| a.name).collect();
    assert_eq!(
        actions,
        [
            "navigate",
            "data_exchange",
            "complete",
            "update_data",
            "open_url"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Located parse errors

#[test]
fn trailing_comma_inside_a_component_is_located() {
    let text = "{\n  \"version\": \"7.3\",\n  \"screens\": [\n    {\n      \"id\": \"A\",\n      \"layout\": {\n        \"type\": \"SingleColumnLayout\",\n        \"children\": [\n          {\"type\": \"TextBody\", \"text\": \"hi\"},\n          {\"type\": \"Footer\", \"label\": \"Go\",}\n        ]\n      }\n    }\n  ]\n}\n";
    let e = FlowJson::from_str(text).unwrap_err();
    assert_eq!(e.kind, ParseErrorKind::Syntax);
    assert_eq!(e.message, "trailing comma");
    assert_eq!(e.line, 10);
    // serde_json stops on the `}` after the comma.
    let line = text.lines().nth(9).unwrap();
    assert_eq!(e.column, line.find(",}").unwrap() + 2);
    assert_eq!(e.path.as_deref(), Some("screens[0].layout.children[1]"));
    assert!(e.to_string().contains("line 10"), "{e}");
}

#[test]
fn other_parse_errors_are_located() {
    // Missing comma between two screen properties.
    let e = FlowJson::from_str(
        "{\"version\": \"7.3\",\n \"screens\": [{\"id\": \"A\" \"title\": \"T\"}]}",
    )
    .unwrap_err();
    assert_eq!(e.kind, ParseErrorKind::Syntax);
    assert_eq!((e.line, e.column), (2, 25)); // the `"` of "title"
    assert_eq!(e.path.as_deref(), Some("screens[0]"));

    // Truncated text.
    let e = FlowJson::from_str("{\"version\": \"7.3\", \"screens\": [{\"id\": \"A\"").unwrap_err();
    assert_eq!(e.kind, ParseErrorKind::Eof);
    assert_eq!(e.line, 1);

    // Not an object at the top.
    let e = FlowJson::from_str("[]").unwrap_err();
    assert_eq!(e.kind, ParseErrorKind::NotAnObject);
    assert_eq!((e.line, e.column), (1, 1));

    // Trailing garbage after the document.
    let e = FlowJson::from_str("{\"version\": \"7.3\"}\n}").unwrap_err();
    assert_eq!(e.kind, ParseErrorKind::Syntax);
    assert_eq!((e.line, e.column), (2, 1));

    // An unquoted key inside a data declaration.
    let e = FlowJson::from_str(
        "{\"screens\": [{\"id\": \"A\", \"data\": {\"x\": {type: \"string\"}}}]}",
    )
    .unwrap_err();
    assert_eq!(e.message, "key must be a string");
    assert_eq!(e.path.as_deref(), Some("screens[0].data.x"));
}
