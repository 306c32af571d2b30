//! The macro's own checks: only what Flow JSON cannot say. Meta's rules (screen ids, terminal
//! screens, counts, limits, versions, required properties, navigation targets and payloads,
//! routing cycles, …) are flow-model's validator's, run on the compile-time document
//! ([`crate::doc`], [`crate::findings`]).
//!
//! What stays here:
//! - names the markup introduces: unknown components, attributes and actions (with "did you
//!   mean"), `then`/`else`/`case` structure, data declared twice;
//! - the Rust types of `data.x`/`form.x`/`screen.ID.…` references and of the expressions built
//!   on them (the expansion calls typed builders);
//! - what the expansion needs written as a literal or in a given shape: item ids, carousel
//!   images, CalendarPicker ranges, data examples, a Form's `init-values`/`error-messages`,
//!   action arguments.

use std::collections::{HashMap, HashSet};

use flow_model::table::{Certainty, ComponentSpec, PropSpec};
use flow_model::{
    ACTIONS, COMPONENTS, CarouselImage, DataSourceItem, FromJson, NavigationContent,
    NavigationItem, NavigationStart,
};

use crate::ast::{Attr, Elem, ScreenAst};
use crate::diag::{Diags, Sp, did_you_mean};
use crate::doc::{RAW_ELEMENT, RAW_PREFIX};
use crate::expr::{Call, Entry, Expr, RefKind};
use crate::model::{Model, Ty};

/// Screen attributes besides `id` and `data`.
const SCREEN_ATTRS: &[&str] = &[
    "title",
    "terminal",
    "success",
    "refresh_on_back",
    "sensitive",
];

/// Runs the macro's own checks, reporting to `diags`.
pub fn check(m: &Model<'_>, diags: &mut Diags) {
    if let Some(rm) = &m.flow.routing_model {
        check_routing_model(rm, diags);
    }
    for a in &m.flow.raw {
        if let Some(v) = &a.value {
            check_literal_json(v, "a `raw:` attribute", true, diags);
        }
    }
    for (i, s) in m.flow.screens.iter().enumerate() {
        check_screen(m, i, s, diags);
    }
}

/// `routing_model={{START: [NEXT], NEXT: []}}`: lists of screen ids (which screens, and the
/// rules on routes, are the validator's).
fn check_routing_model(a: &Attr, diags: &mut Diags) {
    let Some(Expr::Object(entries, _)) = &a.value else {
        return;
    };
    for en in entries {
        match &en.value {
            Expr::List(items, _) => {
                for it in items.iter().filter(|x| !matches!(x, Expr::Word(_))) {
                    diags.error(it.sp(), "expected a screen id such as `DETAILS`");
                }
            }
            other => diags.error(
                other.sp(),
                format!(
                    "expected the list of screens `{}` routes to: `[NEXT]`",
                    en.key
                ),
            ),
        }
    }
}

struct Cx<'m, 'a> {
    m: &'m Model<'a>,
    screen: usize,
}

fn check_screen(m: &Model<'_>, i: usize, s: &ScreenAst, diags: &mut Diags) {
    for a in &s.attrs {
        if a.name.starts_with(RAW_PREFIX) {
            if let Some(v) = &a.value {
                check_literal_json(v, "a `raw:` attribute", true, diags);
            }
            continue;
        }
        if !SCREEN_ATTRS.contains(&a.name.as_str()) {
            diags.error(
                a.sp,
                format!(
                    "unknown attribute `{}` of Screen{}",
                    a.name,
                    did_you_mean(&a.name, SCREEN_ATTRS.iter().copied().chain(["id", "data"]))
                ),
            );
            continue;
        }
        match a.name.as_str() {
            "terminal" | "success" | "refresh_on_back" => {
                if !matches!(a.value, None | Some(Expr::Bool(_))) {
                    diags.error(
                        a.value_sp(),
                        format!("`{}` takes `true` or `false`", a.name),
                    );
                }
            }
            "sensitive" => {
                if !matches!(&a.value, Some(Expr::List(items, _)) if items.iter().all(|x| matches!(x, Expr::Str(_))))
                {
                    diags.error(
                        a.value_sp(),
                        "`sensitive` takes a list of field names: `sensitive=[\"password\"]`",
                    );
                }
            }
            _ => {
                if a.value.is_none() {
                    diags.error(
                        a.sp,
                        format!("`{}` needs a value: `{}=\"...\"`", a.name, a.name),
                    );
                }
                if let Some(v) = &a.value {
                    let t = m.type_of(v, i, diags);
                    if !t.fits(Ty::Str) {
                        diags.error(v.sp(), "`title` takes text");
                    }
                }
            }
        }
    }
    let mut names: HashSet<String> = HashSet::new();
    for d in &s.data {
        let n = d.name.to_string();
        if !names.insert(n.clone()) {
            diags.error(
                Sp::one(d.name.span()),
                format!("data `{n}` is declared twice"),
            );
        }
        let declared = Ty::of_data(d.ty);
        let ex = Ty::of_example(&d.example);
        let ok = match declared {
            Ty::Json => !matches!(
                d.example,
                Expr::Ref(_) | Expr::Call(_) | Expr::Word(_) | Expr::Bin(..) | Expr::Not(..)
            ),
            Ty::Float => matches!(ex, Ty::Float | Ty::Int),
            Ty::Media => matches!(&d.example, Expr::List(..)),
            _ => {
                // An empty list is an example of any list type (`Vec<Choice> = []`).
                ex == declared
                    || (matches!(declared, Ty::StrList | Ty::Choices)
                        && matches!(&d.example, Expr::List(l, _) if l.is_empty()))
            }
        };
        if !ok {
            diags.error(
                d.example.sp(),
                format!(
                    "the example of `{}` does not match its declared type",
                    d.name
                ),
            );
        }
        if ok
            && declared == Ty::StrList
            && let Expr::List(items, _) = &d.example
        {
            for it in items.iter().filter(|x| !matches!(x, Expr::Str(_))) {
                diags.error(it.sp(), "a `Vec<String>` example holds strings only");
            }
        }
        if ok && matches!(declared, Ty::Json | Ty::Media) {
            check_literal_json(&d.example, "a data example", false, diags);
        }
        if declared == Ty::Choices
            && let Expr::List(items, _) = &d.example
        {
            let mut cx = Cx { m, screen: i };
            for it in items {
                check_object(&mut cx, it, Obj::ExampleChoice, diags);
            }
        }
    }
    let mut cx = Cx { m, screen: i };
    check_children(&mut cx, &s.children, diags);
}

fn check_children(cx: &mut Cx<'_, '_>, children: &[Elem], diags: &mut Diags) {
    for c in children {
        check_elem(cx, c, diags);
    }
}

/// `<Raw json={{type: "New", ..}} />`: one component written as literal JSON.
fn check_raw_elem(e: &Elem, diags: &mut Diags) {
    match e.attr("json").and_then(|a| a.value.as_ref()) {
        Some(v @ Expr::Object(..)) => check_literal_json(v, "`<Raw json=..>`", true, diags),
        Some(other) => diags.error(
            other.sp(),
            "`json` takes the component as an object: `json={{type: \"New\", text: \"..\"}}`",
        ),
        None => diags.error(
            e.name_sp,
            "<Raw> needs the component: `<Raw json={{type: \"New\", text: \"..\"}} />`",
        ),
    }
    for a in e.attrs.iter().filter(|a| a.name != "json") {
        diags.error(a.sp, format!("<Raw> takes only `json`, not `{}`", a.name));
    }
    if let Some(first) = e.children.first() {
        diags.error(first.name_sp, "<Raw> takes no child elements");
    }
}

fn check_elem(cx: &mut Cx<'_, '_>, e: &Elem, diags: &mut Diags) {
    if e.name == RAW_ELEMENT {
        check_raw_elem(e, diags);
        return;
    }
    let Some(spec) = COMPONENTS.iter().find(|c| c.name == e.name) else {
        let hint = match e.name.as_str() {
            "then" | "else" => " (`then`/`else` go directly inside <If>)".to_owned(),
            "case" => " (`case` goes directly inside <Switch>)".to_owned(),
            _ => did_you_mean(
                &e.name,
                COMPONENTS.iter().map(|c| c.name).chain([RAW_ELEMENT]),
            ),
        };
        diags.error(e.name_sp, format!("unknown component `{}`{hint}", e.name));
        return;
    };

    // Attributes.
    for a in &e.attrs {
        if a.name.starts_with(RAW_PREFIX) {
            if let Some(v) = &a.value {
                check_literal_json(v, "a `raw:` attribute", true, diags);
            }
            continue;
        }
        let prop = match spec.name {
            "If" if a.name == "then" || a.name == "else" => None,
            "Switch" if a.name == "cases" => None,
            "Form" if a.name == "children" => None,
            _ => spec.prop(&a.name),
        };
        let Some(prop) = prop else {
            let names = spec
                .props
                .iter()
                .map(|p| p.name)
                .filter(|n| !matches!(*n, "then" | "else" | "cases" | "children"));
            diags.error(
                a.sp,
                format!(
                    "unknown property `{}` of {}{}",
                    a.name,
                    spec.name,
                    did_you_mean(&a.name, names)
                ),
            );
            continue;
        };
        check_value(cx, spec, prop, a, diags);
    }
    check_constructor_args(cx.m, spec, e, diags);

    // Children.
    match spec.name {
        "Form" => check_children(cx, &e.children, diags),
        "If" => {
            for c in &e.children {
                match c.name.as_str() {
                    "then" | "else" => {
                        if !c.attrs.is_empty() {
                            diags.error(c.attrs[0].sp, format!("<{}> takes no attributes", c.name));
                        }
                        check_children(cx, &c.children, diags);
                    }
                    _ => check_elem(cx, c, diags),
                }
            }
        }
        "Switch" => {
            for c in &e.children {
                if c.name != "case" {
                    diags.error(
                        c.name_sp,
                        format!(
                            "expected `<case value=\"...\">` inside Switch, found `{}`{}",
                            c.name,
                            did_you_mean(&c.name, ["case"])
                        ),
                    );
                    continue;
                }
                if !matches!(
                    c.attr("value").and_then(|a| a.value.as_ref()),
                    Some(Expr::Str(_))
                ) || c.attrs.len() != 1
                {
                    diags.error(
                        c.name_sp,
                        "a case takes exactly one attribute: `value=\"...\"`",
                    );
                }
                // The builders add a case with its first component: an empty one has no call.
                if c.children.is_empty() {
                    diags.error(c.name_sp, "a case needs at least one component");
                }
                check_children(cx, &c.children, diags);
            }
        }
        _ => {
            if let Some(first) = e.children.first() {
                diags.error(
                    first.name_sp,
                    format!("{} takes no child elements", spec.name),
                );
            }
        }
    }
}

/// The builders' constructors take the properties Meta requires in some version
/// ([`crate::expand::ctor_args`]). Where the validator reports a missing one as an error it is
/// left to it; where it does not (required only in later versions, or UNCONFIRMED), the
/// expansion still needs it.
fn check_constructor_args(m: &Model<'_>, spec: &ComponentSpec, e: &Elem, diags: &mut Diags) {
    let version = m.version.unwrap_or(flow_model::LATEST_FLOW_VERSION);
    for name in crate::expand::ctor_args(spec) {
        if e.attr(name).is_some() {
            continue;
        }
        // CheckboxGroup and RadioButtonsGroup have a constructor without a label.
        if name == "label" && matches!(spec.name, "CheckboxGroup" | "RadioButtonsGroup") {
            continue;
        }
        let Some(p) = spec.prop(name) else { continue };
        if p.required_in(version) && p.certainty == Certainty::Confirmed {
            continue;
        }
        diags.error(
            e.name_sp,
            format!(
                "{} is missing `{name}`: flow! builds it with `{}::new`, which takes it",
                spec.name, spec.name
            ),
        );
    }
}

/// The value of one component property: its grammar, and the Rust type of bindings.
fn check_value(
    cx: &mut Cx<'_, '_>,
    spec: &ComponentSpec,
    prop: &PropSpec,
    a: &Attr,
    diags: &mut Diags,
) {
    let owner = Owner::Component(spec.name);
    let typed = !matches!(spec.name, "If" | "Switch");
    let Some(v) = &a.value else {
        // A flag means `true`: only boolean properties take one.
        if takes(owner, prop.name) & kind::BOOL == 0 {
            diags.error(
                a.sp,
                format!("`{}` needs a value: `{}=...`", a.name, a.name),
            );
        }
        return;
    };
    let i = cx.screen;
    if !prop.actions.is_empty() {
        let Expr::Call(call) = v else {
            diags.error(
                v.sp(),
                format!(
                    "`{}` takes an action: `{{navigate(SCREEN, {{..}})}}`, `{{complete({{..}})}}`…",
                    prop.name
                ),
            );
            return;
        };
        check_action(cx, call, diags);
        return;
    }
    match (prop.name, v) {
        ("name", Expr::Str(_)) => {}
        ("name", other) => diags.error(other.sp(), "`name` takes a string"),
        ("data-source", Expr::List(items, _)) => {
            for it in items {
                check_object(cx, it, Obj::Choice, diags);
            }
        }
        ("list-items", Expr::List(items, _)) => {
            for it in items {
                check_object(cx, it, Obj::ListItem, diags);
            }
        }
        ("images", Expr::List(items, _)) => {
            for it in items {
                check_object(cx, it, Obj::CarouselImage, diags);
            }
        }
        ("data-source" | "list-items" | "images", Expr::Ref(_)) => {
            let t = cx.m.type_of(v, i, diags);
            let want = if prop.name == "data-source" {
                Ty::Choices
            } else {
                Ty::Json
            };
            if !t.fits(want) && t != Ty::Choices {
                diags.error(
                    v.sp(),
                    format!(
                        "`{}` takes a list of options or `data.x` declared as `Vec<Choice>`",
                        prop.name
                    ),
                );
            }
        }
        ("init-values" | "error-messages", Expr::Object(entries, _)) if spec.name == "Form" => {
            // Field by field: literal JSON, or a binding such as `data.email_initial_value`.
            let what = format!("`{}` of a Form", prop.name);
            for en in entries {
                if let Some(screen) = cx.m.screens.get(i)
                    && screen.input(&en.key).is_none()
                {
                    diags.error(
                        en.key_sp,
                        format!(
                            "`{}` sets `{}`, which is not an input of this screen{}",
                            prop.name,
                            en.key,
                            did_you_mean(&en.key, screen.inputs.iter().map(|x| x.name.as_str()))
                        ),
                    );
                }
                if en.value.has_binding() {
                    check_bound_field(cx.m, &en.value, i, &what, prop.name, diags);
                } else if prop.name == "error-messages" && !matches!(en.value, Expr::Str(_)) {
                    diags.error(
                        en.value.sp(),
                        format!("an error message is text, found {}", describe(&en.value)),
                    );
                } else {
                    check_literal_json(&en.value, &what, true, diags);
                }
            }
        }
        (_, Expr::Object(entries, _)) if spec.name == "CalendarPicker" => {
            // The builder writes a range from two literals: text, or flags for `required`.
            let flags = prop.name == "required";
            let mut misspelt = false;
            for en in entries {
                if en.key != "start-date" && en.key != "end-date" {
                    misspelt = true;
                    diags.error(
                        en.key_sp,
                        format!(
                            "expected `start-date` or `end-date`{}",
                            did_you_mean(&en.key, ["start-date", "end-date"])
                        ),
                    );
                    continue;
                }
                match (&en.value, flags) {
                    (Expr::Str(_), false) | (Expr::Bool(_), true) => {}
                    (other, _) => diags.error(
                        other.sp(),
                        format!(
                            "`{}` of a `{}` range must be {} here, found {}",
                            en.key,
                            prop.name,
                            if flags {
                                "`true` or `false`"
                            } else {
                                "a string literal"
                            },
                            describe(other)
                        ),
                    ),
                }
            }
            // A missing flag is `false`; missing text has no value to write (a misspelt key is
            // reported already).
            if !flags && !misspelt {
                for key in ["start-date", "end-date"] {
                    if !entries.iter().any(|e| e.key == key) {
                        diags.error(
                            v.sp(),
                            format!("this `{}` range is missing `{key}`", prop.name),
                        );
                    }
                }
            }
        }
        (_, Expr::List(items, _)) => {
            for it in items {
                if !matches!(it, Expr::Str(_)) {
                    diags.error(it.sp(), "expected a string");
                }
            }
        }
        (_, Expr::Object(..)) if prop.name == "error-message" => {
            check_literal_json(v, "`error-message`", true, diags);
        }
        (_, Expr::Word(_) | Expr::Call(_)) => {
            diags.error(v.sp(), format!("unexpected value for `{}`", prop.name));
        }
        // Literal values (and objects) are the validator's: it knows each property's JSON type.
        (_, Expr::Object(..) | Expr::Str(_) | Expr::Int(_) | Expr::Float(_) | Expr::Bool(_)) => {}
        _ => {
            let t = cx.m.type_of(v, i, diags);
            if typed {
                check_kind(owner, prop.name, v, Some(t), diags);
            }
            if prop.name == "condition" && !t.fits(Ty::Bool) {
                diags.error(
                    v.sp(),
                    format!("`{}` takes a boolean, found a {}", prop.name, t.json_name()),
                );
            }
            if prop.name == "value" && !matches!(v, Expr::Ref(_)) {
                diags.error(v.sp(), "a Switch value must be `form.x` or `data.x`");
            }
        }
    }
}

/// The JSON kinds of value a property takes, as bits.
mod kind {
    pub const TEXT: u8 = 1;
    pub const INT: u8 = 2;
    pub const FLOAT: u8 = 4;
    pub const BOOL: u8 = 8;
    pub const LIST: u8 = 16;
    pub const OBJECT: u8 = 32;
}

/// Whose property: a component's, or a key of an object inside one.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Owner {
    Component(&'static str),
    Item(Obj),
}

/// The kinds of literal `prop` of `owner` takes, read from flow-model itself: one sample of each
/// kind goes through the model's reader, and the kinds that land in the typed field (rather than
/// in `extra`, where the reader keeps values of the wrong type) are the ones it takes. 0 when
/// no sample fits (Switch's `value`, a binding only).
fn takes(owner: Owner, prop: &'static str) -> u8 {
    use serde_json::{Map, Value, json};
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<(Owner, &'static str), u8>> =
            std::cell::RefCell::new(HashMap::new());
    }
    if let Some(k) = CACHE.with(|c| c.borrow().get(&(owner, prop)).copied()) {
        return k;
    }
    let samples = [
        (kind::TEXT, json!("a")),
        (kind::INT, json!(1)),
        (kind::FLOAT, json!(1.5)),
        (kind::BOOL, json!(true)),
        (kind::LIST, json!([])),
        (kind::OBJECT, json!({})),
    ];
    let mut out = 0;
    for (k, sample) in samples {
        let mut m = Map::new();
        m.insert(prop.to_owned(), sample);
        let kept_apart =
            match owner {
                Owner::Component(c) => {
                    m.insert("type".to_owned(), json!(c));
                    let read = flow_model::Component::from_object(m);
                    read.extra().is_none_or(|e| e.contains_key(prop))
                }
                Owner::Item(obj) => {
                    let v = Value::Object(m);
                    match obj {
                        Obj::Choice | Obj::ExampleChoice => DataSourceItem::from_json(v)
                            .map_or(true, |x| x.extra.contains_key(prop)),
                        Obj::ListItem => NavigationItem::from_json(v)
                            .map_or(true, |x| x.extra.contains_key(prop)),
                        Obj::CarouselImage => {
                            CarouselImage::from_json(v).map_or(true, |x| x.extra.contains_key(prop))
                        }
                    }
                }
            };
        if !kept_apart {
            out |= k;
        }
    }
    CACHE.with(|c| c.borrow_mut().insert((owner, prop), out));
    out
}

/// "text", "an integer or a boolean"… for a set of kinds.
fn kinds_text(k: u8) -> String {
    let mut parts = Vec::new();
    if k & kind::TEXT != 0 {
        parts.push("text");
    }
    match (k & kind::INT != 0, k & kind::FLOAT != 0) {
        (true, true) => parts.push("a number"),
        (true, false) => parts.push("an integer"),
        (false, true) => parts.push("a decimal number"),
        _ => {}
    }
    if k & kind::BOOL != 0 {
        parts.push("`true` or `false`");
    }
    if k & kind::LIST != 0 {
        parts.push("a list");
    }
    if k & kind::OBJECT != 0 {
        parts.push("an object");
    }
    parts.join(" or ")
}

/// The kind of a literal value (`None` for bindings, expressions, words and actions).
fn literal_kind(v: &Expr) -> Option<u8> {
    Some(match v {
        Expr::Str(_) => kind::TEXT,
        Expr::Int(_) => kind::INT,
        Expr::Float(_) => kind::FLOAT,
        Expr::Bool(_) => kind::BOOL,
        Expr::List(..) => kind::LIST,
        Expr::Object(..) => kind::OBJECT,
        _ => return None,
    })
}

/// The kind of a value of type `t` (`None` when the macro cannot tell).
fn ty_kind(t: Ty) -> Option<u8> {
    Some(match t {
        Ty::Str => kind::TEXT,
        Ty::Int => kind::INT,
        Ty::Float => kind::FLOAT,
        Ty::Bool => kind::BOOL,
        Ty::StrList | Ty::Choices | Ty::Media => kind::LIST,
        Ty::Json | Ty::Unknown => return None,
    })
}

/// What a value of kind `k` is, for "found …".
fn kind_found(k: u8, accepted: u8) -> &'static str {
    match k {
        kind::TEXT => "a string",
        kind::INT => "a number",
        // `1.5` where only integers go.
        kind::FLOAT if accepted & kind::INT != 0 => "a decimal number",
        kind::FLOAT => "a number",
        kind::BOOL => "a boolean",
        kind::LIST => "a list",
        _ => "an object",
    }
}

/// Whether a value of kind `k` fits `accepted` (an integer fits where decimals go).
fn kind_fits(k: u8, accepted: u8) -> bool {
    accepted & k != 0 || (k == kind::INT && accepted & kind::FLOAT != 0)
}

/// Reports a literal (or, with `ty`, a binding of that type) whose kind `prop` does not take,
/// at the value: "`label` takes text, found a number". Returns whether it reported one.
fn check_kind(
    owner: Owner,
    prop: &'static str,
    v: &Expr,
    ty: Option<Ty>,
    diags: &mut Diags,
) -> bool {
    let accepted = takes(owner, prop);
    let found = match ty {
        Some(t) => ty_kind(t),
        None => literal_kind(v),
    };
    let Some(found) = found else { return false };
    if accepted == 0 || kind_fits(found, accepted) {
        return false;
    }
    let what = kind_found(found, accepted);
    let found = match (ty, v) {
        (Some(_), Expr::Ref(_)) => format!("{}, {what}", describe(v)),
        (Some(_), _) => format!("an expression that gives {what}"),
        _ => what.to_owned(),
    };
    let of = match owner {
        Owner::Component(_) => String::new(),
        Owner::Item(obj) => format!(" of a {}", obj.what()),
    };
    diags.error(
        v.sp(),
        format!("`{prop}`{of} takes {}, found {found}", kinds_text(accepted)),
    );
    true
}

/// The kinds of object literal inside a property value.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Obj {
    /// A `data-source` option.
    Choice,
    /// An option in the example of a `Vec<Choice>` data field: literal values only.
    ExampleChoice,
    /// A NavigationList `list-items` item.
    ListItem,
    /// An ImageCarousel image.
    CarouselImage,
}

impl Obj {
    fn props(self) -> &'static [PropSpec] {
        match self {
            Obj::Choice | Obj::ExampleChoice => DataSourceItem::PROPS,
            Obj::ListItem => NavigationItem::PROPS,
            Obj::CarouselImage => CarouselImage::PROPS,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Obj::Choice | Obj::ExampleChoice => "data-source item",
            Obj::ListItem => "list item",
            Obj::CarouselImage => "carousel image",
        }
    }

    /// Whether the builder takes `key` as a plain string (no binding): item ids and the
    /// carousel's `src` and `alt-text`.
    fn fixed_text(self, key: &str) -> bool {
        key == "id" || self == Obj::CarouselImage
    }
}

/// An object literal inside a property value: the shape the builders take it in (unknown keys,
/// limits and required keys are the validator's).
fn check_object(cx: &mut Cx<'_, '_>, it: &Expr, kind: Obj, diags: &mut Diags) {
    let (props, what) = (kind.props(), kind.what());
    let Expr::Object(entries, _) = it else {
        diags.error(
            it.sp(),
            format!("expected a {what}: `{{id: \"...\", title: \"...\"}}`"),
        );
        return;
    };
    let screen = cx.screen;
    for en in entries {
        // Unknown keys are the validator's (INVALID_PROPERTY_KEY, with its hint).
        let Some(p) = props.iter().find(|p| p.name == en.key) else {
            continue;
        };
        match (&en.value, p.name) {
            (Expr::Call(call), _) if !p.actions.is_empty() => check_action(cx, call, diags),
            (v, _) if !p.actions.is_empty() => diags.error(
                v.sp(),
                format!(
                    "`{}` of a {what} takes an action ({}), found {}",
                    p.name,
                    p.actions
                        .iter()
                        .map(|a| format!("`{}(..)`", a.name))
                        .collect::<Vec<_>>()
                        .join(", "),
                    describe(v)
                ),
            ),
            (Expr::Object(inner, _), "main-content" | "end" | "start") => {
                check_nav_part(cx.m, p.name, inner, screen, diags);
            }
            (v, "main-content" | "end" | "start") => diags.error(
                v.sp(),
                format!(
                    "`{}` of a {what} takes an object such as `{{title: \"...\"}}`, found {}",
                    p.name,
                    describe(v)
                ),
            ),
            (Expr::List(items, _), "tags") => {
                for t in items.iter().filter(|t| !matches!(t, Expr::Str(_))) {
                    diags.error(
                        t.sp(),
                        format!("a tag must be a string literal here, found {}", describe(t)),
                    );
                }
            }
            (v, "tags") => diags.error(
                v.sp(),
                format!(
                    "`tags` of a {what} takes a list of strings: `[\"New\"]`, found {}",
                    describe(v)
                ),
            ),
            (Expr::Str(_), _) => {}
            (v, key) if kind.fixed_text(key) => diags.error(
                v.sp(),
                format!(
                    "`{key}` of a {what} must be a string literal here, found {}",
                    describe(v)
                ),
            ),
            (v, _) if v.is_literal() => {}
            (v @ (Expr::Ref(_) | Expr::Bin(..) | Expr::Not(..)), _)
                if kind == Obj::ExampleChoice =>
            {
                diags.error(
                    v.sp(),
                    format!(
                        "a data example must be literal JSON here, found {}",
                        describe(v)
                    ),
                );
            }
            (v @ (Expr::Ref(_) | Expr::Bin(..) | Expr::Not(..)), _) => {
                let t = cx.m.type_of(v, screen, diags);
                check_kind(Owner::Item(kind), p.name, v, Some(t), diags);
            }
            (v, _) => diags.error(v.sp(), format!("unexpected value for `{}`", p.name)),
        }
    }
    // The builders take an item's id as a constructor argument: never write "".
    if matches!(kind, Obj::ListItem | Obj::Choice) && !entries.iter().any(|e| e.key == "id") {
        diags.error(it.sp(), format!("this {what} is missing `id`"));
    }
}

/// `main-content`, `start` or `end` of a NavigationList item. The builder binds `main-content`
/// and `start.image`; `start.alt-text` and `end` are plain strings.
fn check_nav_part(m: &Model<'_>, part: &str, inner: &[Entry], screen: usize, diags: &mut Diags) {
    let sub = if part == "start" {
        NavigationStart::PROPS
    } else {
        NavigationContent::PROPS
    };
    for e in inner {
        if !sub.iter().any(|s| s.name == e.key) {
            continue;
        }
        let fixed = part == "end" || e.key == "alt-text";
        match &e.value {
            Expr::Str(_) => {}
            v @ (Expr::Ref(_) | Expr::Bin(..) | Expr::Not(..)) if !fixed => {
                let t = m.type_of(v, screen, diags);
                if !t.fits(Ty::Str) {
                    diags.error(
                        v.sp(),
                        format!(
                            "`{}` of a list item's `{part}` takes text, found a {}",
                            e.key,
                            t.json_name()
                        ),
                    );
                }
            }
            v => diags.error(
                v.sp(),
                format!(
                    "`{}` of a list item's `{part}` must be {} here, found {}",
                    e.key,
                    if fixed {
                        "a string literal"
                    } else {
                        "text (a string, `data.x` or `form.x`)"
                    },
                    describe(v)
                ),
            ),
        }
    }
}

/// What a value is, for messages: "`data.name`", "a number", "an action `navigate`".
fn describe(v: &Expr) -> String {
    match v {
        Expr::Str(_) => "a string".to_owned(),
        Expr::Int(_) | Expr::Float(_) => "a number".to_owned(),
        Expr::Bool(_) => "a boolean".to_owned(),
        Expr::Word(w) => format!("`{w}`"),
        Expr::Ref(r) => {
            let mut text = match &r.screen {
                Some(s) => format!("screen.{s}."),
                None => String::new(),
            };
            text.push_str(match r.kind {
                RefKind::Form => "form.",
                RefKind::Data => "data.",
            });
            text.push_str(&r.name.to_string());
            for f in &r.path {
                text.push('.');
                text.push_str(&f.to_string());
            }
            format!("`{text}`")
        }
        Expr::Not(..) | Expr::Bin(..) => "an expression".to_owned(),
        Expr::List(..) => "a list".to_owned(),
        Expr::Object(..) => "an object".to_owned(),
        Expr::Call(c) => format!("the action `{}`", c.name),
    }
}

/// A value the builder takes as JSON, as is (data examples, a Form's `init-values`): strings,
/// numbers, booleans, lists and objects of them, and `null` where `null_ok`. Anything else
/// (`data.x`, operators, actions, bare words) is reported, never written as `null`.
fn check_literal_json(v: &Expr, what: &str, null_ok: bool, diags: &mut Diags) {
    match v {
        Expr::Str(_) | Expr::Int(_) | Expr::Float(_) | Expr::Bool(_) => {}
        Expr::Word(w) if w == "null" && null_ok => {}
        Expr::Word(w) if w == "null" => diags.error(
            v.sp(),
            format!("`null` is not allowed in {what}: leave the key out or use an empty string"),
        ),
        Expr::List(items, _) => items
            .iter()
            .for_each(|x| check_literal_json(x, what, null_ok, diags)),
        Expr::Object(entries, _) => entries
            .iter()
            .for_each(|e| check_literal_json(&e.value, what, null_ok, diags)),
        other => diags.error(
            other.sp(),
            format!(
                "{what} must be literal JSON here, found {}",
                describe(other)
            ),
        ),
    }
}

/// A field of a Form's `init-values`/`error-messages` that holds a binding: its references are
/// resolved like any other; error messages must be text. Literals may sit beside bindings in
/// lists and objects, but not `null` (the builder's binding form has no null).
fn check_bound_field(
    m: &Model<'_>,
    v: &Expr,
    screen: usize,
    what: &str,
    prop: &str,
    diags: &mut Diags,
) {
    match v {
        Expr::Ref(_) | Expr::Not(..) | Expr::Bin(..) => {
            let t = m.type_of(v, screen, diags);
            if prop == "error-messages" && t != Ty::Unknown && t != Ty::Str {
                diags.error(
                    v.sp(),
                    format!(
                        "an error message is text, found a {} (declare it as `String`)",
                        t.json_name()
                    ),
                );
            }
        }
        Expr::List(items, _) => items
            .iter()
            .for_each(|x| check_bound_field(m, x, screen, what, prop, diags)),
        Expr::Object(entries, _) => entries
            .iter()
            .for_each(|e| check_bound_field(m, &e.value, screen, what, prop, diags)),
        Expr::Str(_) | Expr::Int(_) | Expr::Float(_) | Expr::Bool(_) => {}
        Expr::Word(w) if w == "null" => diags.error(
            v.sp(),
            format!("`null` cannot sit beside a binding in one field of {what}: leave it out"),
        ),
        other => diags.error(
            other.sp(),
            format!(
                "{what} takes literal JSON or a binding (`data.x`, `form.x`) here, found {}",
                describe(other)
            ),
        ),
    }
}

/// An action's grammar: a known name and the arguments its builder takes. Which trigger
/// accepts it, in which version, and its target and payload against the target's data are the
/// validator's.
fn check_action(cx: &mut Cx<'_, '_>, call: &Call, diags: &mut Diags) {
    let m = cx.m;
    let name = call.name.to_string();
    if !ACTIONS.iter().any(|a| a.name == name) {
        diags.error(
            Sp::one(call.name.span()),
            format!(
                "unknown action `{name}`{}",
                did_you_mean(&name, ACTIONS.iter().map(|a| a.name))
            ),
        );
        return;
    }
    let here = cx.screen;
    let payload_at = |idx: usize, diags: &mut Diags| -> Option<&Expr> {
        match call.args.get(idx) {
            None => None,
            Some(p @ Expr::Object(..)) => Some(p),
            Some(other) => {
                diags.error(other.sp(), "expected a payload object: `{key: value, ...}`");
                None
            }
        }
    };
    let max_args = match name.as_str() {
        "navigate" | "data_exchange" => 2,
        _ => 1,
    };
    if let Some(extra) = call.args.get(max_args) {
        diags.error(extra.sp(), format!("too many arguments for `{name}`"));
    }
    let payload = match name.as_str() {
        "navigate" => {
            match call.args.first() {
                Some(Expr::Word(_)) => {}
                Some(other) => diags.error(
                    other.sp(),
                    "expected the target screen id: `navigate(DETAILS, {..})`",
                ),
                None => diags.error(
                    call.sp,
                    "`navigate` needs a target screen: `navigate(DETAILS, {..})`",
                ),
            }
            payload_at(1, diags)
        }
        "data_exchange" => {
            let payload = payload_at(0, diags);
            match call.args.get(1) {
                None => {}
                Some(Expr::List(items, _)) => {
                    for it in items {
                        match it {
                            Expr::Word(w) => {
                                let id = w.to_string();
                                if m.screen_index(&id).is_none() {
                                    diags.error(
                                        Sp::one(w.span()),
                                        format!(
                                            "unknown screen `{id}` in data_exchange routes{}",
                                            did_you_mean(&id, m.ids())
                                        ),
                                    );
                                }
                            }
                            other => diags.error(other.sp(), "expected a screen id"),
                        }
                    }
                }
                Some(other) => diags.error(
                    other.sp(),
                    "expected the list of screens the endpoint may answer with: `[OFFER]`",
                ),
            }
            payload
        }
        "complete" | "update_data" => payload_at(0, diags),
        _ => {
            match call.args.first() {
                Some(Expr::Str(_)) => {}
                _ => diags.error(
                    call.sp,
                    "`open_url` takes the URL: `open_url(\"https://...\")`",
                ),
            }
            None
        }
    };
    if let Some(Expr::Object(entries, _)) = payload {
        for en in entries {
            check_payload_value(m, &en.value, here, diags);
        }
    }
}

fn check_payload_value(m: &Model<'_>, v: &Expr, screen: usize, diags: &mut Diags) {
    match v {
        Expr::Object(entries, _) => entries
            .iter()
            .for_each(|e| check_payload_value(m, &e.value, screen, diags)),
        Expr::List(items, _) => items
            .iter()
            .for_each(|e| check_payload_value(m, e, screen, diags)),
        other => {
            m.type_of(other, screen, diags);
        }
    }
}

/// The type of a payload value (for target data declarations and completion structs).
pub fn payload_type(m: &Model<'_>, v: &Expr, screen: usize) -> Ty {
    let mut quiet = Diags::default();
    match v {
        Expr::Object(..) => Ty::Json,
        Expr::List(items, _) => match items.first() {
            Some(Expr::Object(..)) => Ty::Json,
            _ => Ty::StrList,
        },
        other => m.type_of(other, screen, &mut quiet),
    }
}
