//! The compile-time checks. Every rule and limit comes from flow-model's tables
//! (`COMPONENTS`, `ACTIONS`, `table::limits`, the `PROPS` of each object); nothing is copied here.

use std::collections::{HashMap, HashSet};

use flow_model::table::{Certainty, ComponentSpec, InitValue, PropSpec, limits};
use flow_model::{
    ACTIONS, COMPONENTS, CarouselImage, DataSourceItem, FromJson, KNOWN_DATA_API_VERSIONS,
    KNOWN_FLOW_VERSIONS, NavigationContent, NavigationItem, NavigationStart, Version,
};

use crate::ast::{Attr, Elem, ScreenAst};
use crate::diag::{Diags, Sp, did_you_mean};
use crate::expr::{BinOp, Call, Entry, Expr, RefKind};
use crate::model::{Model, Ty};

/// Screen attributes besides `id` and `data`.
const SCREEN_ATTRS: &[&str] = &[
    "title",
    "terminal",
    "success",
    "refresh_on_back",
    "sensitive",
];

/// A `navigate` found on a screen, checked once every screen is known.
struct Nav<'a> {
    from: usize,
    target: usize,
    payload: Option<&'a Expr>,
    sp: Sp,
    /// `navigate` (false: a `data_exchange` route).
    navigate: bool,
}

/// Runs every check, reporting to `diags`.
pub fn check(m: &Model<'_>, diags: &mut Diags) {
    let flow = m.flow;
    if let Some(v) = &flow.version {
        let text = v.value();
        let known = text
            .parse::<Version>()
            .ok()
            .is_some_and(|v| KNOWN_FLOW_VERSIONS.contains(&v));
        if !known {
            let names: Vec<String> = KNOWN_FLOW_VERSIONS
                .iter()
                .map(ToString::to_string)
                .collect();
            diags.error(
                Sp::one(v.span()),
                format!(
                    "unknown Flow JSON version \"{text}\"; Meta has published {}",
                    names.join(", ")
                ),
            );
        }
    }
    if let Some(v) = &flow.data_api_version {
        let ok = v
            .value()
            .parse::<Version>()
            .ok()
            .is_some_and(|x| KNOWN_DATA_API_VERSIONS.contains(&x));
        if !ok {
            diags.error(
                Sp::one(v.span()),
                format!(
                    "unknown data_api_version \"{}\": Meta documents \"3.0\" and \"4.0\"",
                    v.value()
                ),
            );
        }
    }
    if flow.screens.is_empty() {
        diags.error(
            flow.sp,
            "a flow needs at least one screen: `<Screen id=\"START\" ...> ... </Screen>`",
        );
    }
    if flow.screens.len() > limits::MAX_SCREENS {
        diags.error(
            flow.sp,
            format!(
                "{} screens: a flow has at most {}",
                flow.screens.len(),
                limits::MAX_SCREENS
            ),
        );
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for s in &flow.screens {
        let Some(id) = &s.id else { continue };
        let text = id.value();
        if text.is_empty() || !text.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
            diags.error(
                Sp::one(id.span()),
                format!("invalid screen id \"{text}\": use letters and underscores only"),
            );
        } else if text.eq_ignore_ascii_case("SUCCESS") {
            diags.error(
                Sp::one(id.span()),
                "screen id \"SUCCESS\" is reserved (the endpoint uses it to end the flow)",
            );
        }
        if seen.insert(text.clone(), 0).is_some() {
            diags.error(
                Sp::one(id.span()),
                format!("duplicate screen id \"{text}\""),
            );
        }
    }

    let mut navs = Vec::new();
    let mut any_terminal = false;
    for (i, s) in flow.screens.iter().enumerate() {
        any_terminal |= s.flag("terminal");
        check_screen(m, i, s, &mut navs, diags);
    }
    if !any_terminal && !flow.screens.is_empty() {
        diags.error(
            flow.sp,
            "no terminal screen: mark the screen(s) where the flow ends with `terminal`",
        );
    }
    check_payloads(m, &navs, diags);
    check_cycles(m, &navs, diags);
}

struct Cx<'m, 'a> {
    m: &'m Model<'a>,
    screen: usize,
    terminal: bool,
    counts: HashMap<&'static str, (u32, Sp)>,
}

fn check_screen<'a>(
    m: &Model<'a>,
    i: usize,
    s: &'a ScreenAst,
    navs: &mut Vec<Nav<'a>>,
    diags: &mut Diags,
) {
    let terminal = s.flag("terminal");
    for a in &s.attrs {
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
        if let Some(spec) = flow_model::Screen::PROPS.iter().find(|p| p.name == a.name) {
            check_available(m, spec, "Screen", a.sp, diags);
            check_text_limit(spec, a, diags);
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
    if s.flag("success") && !terminal {
        diags.error(
            s.attr("success").map_or(s.sp, |a| a.sp),
            "`success` can only be set on a terminal screen",
        );
    }
    if s.flag("refresh_on_back") && m.flow.data_api_version.is_none() {
        diags.error(
            s.attr("refresh_on_back").map_or(s.sp, |a| a.sp),
            "`refresh_on_back` needs an endpoint flow (`data_api_version` on <Flow>)",
        );
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
                ex == declared
                    || (declared == Ty::StrList
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
            for it in items {
                check_object(m, it, Obj::ExampleChoice, i, diags, None);
            }
        }
    }
    let info = &m.screens[i];
    for (k, a) in info.inputs.iter().enumerate() {
        if info.inputs[..k].iter().any(|b| b.name == a.name) {
            diags.error(
                a.sp,
                format!("duplicate input name \"{}\" on screen {}", a.name, info.id),
            );
        }
    }
    let mut cx = Cx {
        m,
        screen: i,
        terminal,
        counts: HashMap::new(),
    };
    if s.children.len() > limits::MAX_COMPONENTS_PER_SCREEN {
        diags.error(
            s.sp,
            format!(
                "{} components: a screen has at most {}",
                s.children.len(),
                limits::MAX_COMPONENTS_PER_SCREEN
            ),
        );
    }
    check_children(&mut cx, &s.children, Place::Top, 0, navs, diags);
    for c in COMPONENTS {
        if let (Some(max), Some((n, sp))) = (c.max_per_screen, cx.counts.get(c.name))
            && *n > max
        {
            diags.error(
                *sp,
                format!(
                    "{n} {} components on screen {}: at most {max} per screen{}",
                    c.name,
                    info.id,
                    c.max_per_screen_code
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default()
                ),
            );
        }
    }
    if terminal && !cx.counts.contains_key("Footer") {
        diags.error(
            s.attr("terminal").map_or(s.sp, |a| a.sp),
            format!("terminal screen {} has no Footer", info.id),
        );
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Top,
    Form,
    If,
    Switch,
}

fn check_children<'a>(
    cx: &mut Cx<'_, 'a>,
    children: &'a [Elem],
    place: Place,
    if_depth: usize,
    navs: &mut Vec<Nav<'a>>,
    diags: &mut Diags,
) {
    for c in children {
        check_elem(cx, c, place, if_depth, navs, diags);
    }
}

fn check_elem<'a>(
    cx: &mut Cx<'_, 'a>,
    e: &'a Elem,
    place: Place,
    if_depth: usize,
    navs: &mut Vec<Nav<'a>>,
    diags: &mut Diags,
) {
    let Some(spec) = COMPONENTS.iter().find(|c| c.name == e.name) else {
        let hint = match e.name.as_str() {
            "then" | "else" => " (`then`/`else` go directly inside <If>)".to_owned(),
            "case" => " (`case` goes directly inside <Switch>)".to_owned(),
            _ => did_you_mean(&e.name, COMPONENTS.iter().map(|c| c.name)),
        };
        diags.error(e.name_sp, format!("unknown component `{}`{hint}", e.name));
        return;
    };
    let version = cx.m.version;
    if let Some(v) = version
        && v < spec.since
    {
        diags.error(
            e.name_sp,
            format!(
                "{} needs Flow JSON {} or later; this flow declares {v}",
                spec.name, spec.since
            ),
        );
    }
    let allowed_in = match place {
        Place::If => Some(spec.in_if),
        Place::Switch => Some(spec.in_switch),
        _ => None,
    };
    if let Some(allowed) = allowed_in {
        let what = if place == Place::If {
            "an If branch"
        } else {
            "a Switch case"
        };
        match allowed {
            None => diags.error(
                e.name_sp,
                format!("{} is not allowed inside {what}", spec.name),
            ),
            Some(since) if version.is_some_and(|v| v < since) => diags.error(
                e.name_sp,
                format!(
                    "{} inside {what} needs Flow JSON {since} or later",
                    spec.name
                ),
            ),
            _ => {}
        }
    }
    if spec.name == "Form" && place != Place::Top {
        diags.error(
            e.name_sp,
            "a Form can only be at the top of a screen's layout",
        );
    }
    let entry = cx.counts.entry(spec.name).or_insert((0, e.name_sp));
    entry.0 += 1;
    entry.1 = e.name_sp;

    // Attributes.
    for a in &e.attrs {
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
        check_available(cx.m, prop, spec.name, a.sp, diags);
        if prop.outside_form_only && place == Place::Form {
            diags.error(a.sp, format!("`{}` is not allowed on an input inside a Form (use the Form's `init-values`/`error-messages`)", a.name));
        }
        check_text_limit(prop, a, diags);
        check_value(cx, spec, prop, a, navs, diags);
    }
    for p in spec.props {
        if matches!(p.name, "then" | "cases" | "children") {
            continue;
        }
        let required = version.map_or(p.required_in(flow_model::LATEST_FLOW_VERSION), |v| {
            p.required_in(v)
        });
        if required && e.attr(p.name).is_none() {
            diags.error(
                e.name_sp,
                format!(
                    "{} is missing its required property `{}`",
                    spec.name, p.name
                ),
            );
        }
    }

    // Children.
    match spec.name {
        "Form" => check_children(cx, &e.children, Place::Form, if_depth, navs, diags),
        "If" => {
            if if_depth + 1 > limits::MAX_IF_DEPTH {
                diags.error(
                    e.name_sp,
                    format!("If nested more than {} deep", limits::MAX_IF_DEPTH),
                );
            }
            let mut then_count = 0;
            for c in &e.children {
                match c.name.as_str() {
                    "then" | "else" => {
                        if !c.attrs.is_empty() {
                            diags.error(c.attrs[0].sp, format!("<{}> takes no attributes", c.name));
                        }
                        if c.name == "then" {
                            then_count += c.children.len();
                        }
                        check_children(cx, &c.children, Place::If, if_depth + 1, navs, diags);
                    }
                    _ => {
                        then_count += 1;
                        check_elem(cx, c, Place::If, if_depth + 1, navs, diags);
                    }
                }
            }
            if then_count == 0 {
                diags.error(
                    e.name_sp,
                    "an If needs at least one component in its `then` branch",
                );
            }
        }
        "Switch" => {
            if e.children.is_empty() {
                diags.error(
                    e.name_sp,
                    "a Switch needs at least one `<case value=\"...\">`",
                );
            }
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
                if c.children.is_empty() {
                    diags.error(c.name_sp, "a case needs at least one component");
                }
                check_children(cx, &c.children, Place::Switch, if_depth, navs, diags);
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

fn check_available(m: &Model<'_>, p: &PropSpec, owner: &str, sp: Sp, diags: &mut Diags) {
    if let Some(v) = m.version
        && !p.available_in(v)
    {
        let when = match p.until {
            Some(u) if v >= u => format!("was removed in Flow JSON {u}"),
            _ => format!("needs Flow JSON {} or later", p.since),
        };
        diags.error(
            sp,
            format!("`{}` of {owner} {when}; this flow declares {v}", p.name),
        );
    }
}

fn check_text_limit(p: &PropSpec, a: &Attr, diags: &mut Diags) {
    let Some(max) = p.max_chars else { return };
    if p.max_chars_certainty != Certainty::Confirmed {
        return;
    }
    let texts: Vec<&syn::LitStr> = match &a.value {
        Some(Expr::Str(s)) => vec![s],
        Some(Expr::List(items, _)) => items
            .iter()
            .filter_map(|x| if let Expr::Str(s) = x { Some(s) } else { None })
            .collect(),
        _ => Vec::new(),
    };
    for s in texts {
        let n = s.value().chars().count();
        if n > max as usize {
            diags.error(
                Sp::one(s.span()),
                format!("`{}` has {n} characters; Meta allows at most {max}", p.name),
            );
        }
    }
}

/// The value of one component property.
fn check_value<'a>(
    cx: &mut Cx<'_, 'a>,
    spec: &ComponentSpec,
    prop: &PropSpec,
    a: &'a Attr,
    navs: &mut Vec<Nav<'a>>,
    diags: &mut Diags,
) {
    // If's `condition` and Switch's `value` are expressions, checked on their own below.
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
        check_action(cx, prop, call, navs, diags);
        return;
    }
    if typed && check_kind(owner, prop.name, v, None, diags) {
        return;
    }
    match (prop.name, v) {
        ("name", Expr::Str(_)) => {}
        ("name", other) => diags.error(other.sp(), "`name` takes a string"),
        ("data-source", Expr::List(items, _)) => {
            let with_images = items
                .iter()
                .any(|it| matches!(it, Expr::Object(en, _) if en.iter().any(|e| e.key == "image")));
            let range = match spec.name {
                "Dropdown" if with_images => (1, limits::DROPDOWN_OPTIONS_WITH_IMAGES),
                "Dropdown" => limits::DROPDOWN_OPTIONS,
                "ChipsSelector" => limits::CHIPS_OPTIONS,
                _ => limits::CHOICE_OPTIONS,
            };
            check_count(
                spec.name,
                prop.name,
                "options",
                v.sp(),
                items.len(),
                range,
                diags,
            );
            for it in items {
                check_object(cx.m, it, Obj::Choice, i, diags, None);
            }
        }
        ("list-items", Expr::List(items, _)) => {
            let range = limits::NAVIGATION_ITEMS;
            check_count(
                spec.name,
                prop.name,
                "items",
                v.sp(),
                items.len(),
                range,
                diags,
            );
            for it in items {
                check_object(cx.m, it, Obj::ListItem, i, diags, Some((cx, navs)));
            }
        }
        ("images", Expr::List(items, _)) => {
            for it in items {
                check_object(cx.m, it, Obj::CarouselImage, i, diags, None);
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
                if let Some(screen) = cx.m.screens.get(i) {
                    match screen.input(&en.key) {
                        None => diags.error(
                            en.key_sp,
                            format!(
                                "`{}` sets `{}`, which is not an input of this screen{}",
                                prop.name,
                                en.key,
                                did_you_mean(
                                    &en.key,
                                    screen.inputs.iter().map(|x| x.name.as_str())
                                )
                            ),
                        ),
                        Some(input) if prop.name == "init-values" => {
                            check_init_value(&input.component, &en.value, diags);
                        }
                        Some(_) => {}
                    }
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
        (_, Expr::Object(..) | Expr::Word(_) | Expr::Call(_)) => {
            diags.error(v.sp(), format!("unexpected value for `{}`", prop.name));
        }
        _ => {
            let t = cx.m.type_of(v, i, diags);
            if prop.name == "condition" {
                check_condition_ops(v, diags);
            }
            if prop.name == "condition" && v.is_literal() {
                diags.error(
                    v.sp(),
                    "an If condition must use at least one `form.x` or `data.x`",
                );
            }
            if typed && !v.is_literal() {
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

/// The number of items of a literal list against Meta's range for it.
fn check_count(
    component: &str,
    prop: &str,
    what: &str,
    sp: Sp,
    n: usize,
    (min, max): (usize, usize),
    diags: &mut Diags,
) {
    if n < min {
        let found = if n == 0 {
            "none".to_owned()
        } else {
            n.to_string()
        };
        let what = if min == 1 {
            what.strip_suffix('s').unwrap_or(what)
        } else {
            what
        };
        diags.error(
            sp,
            format!("`{prop}` of {component} needs at least {min} {what}, found {found}"),
        );
    } else if n > max {
        diags.error(
            sp,
            format!("`{prop}` of {component} has {n} {what}; Meta allows at most {max}"),
        );
    }
}

/// Meta allows arithmetic only in backtick expressions, never in an If condition.
fn check_condition_ops(v: &Expr, diags: &mut Diags) {
    match v {
        Expr::Bin(op, a, b, sp) => {
            if matches!(op, BinOp::Sub | BinOp::Div | BinOp::Rem)
                || (*op == BinOp::Add
                    && !matches!((&**a, &**b), (Expr::Str(_), _) | (_, Expr::Str(_))))
            {
                diags.error(
                    *sp,
                    "arithmetic is not allowed in an If condition (only in property values)",
                );
            }
            check_condition_ops(a, diags);
            check_condition_ops(b, diags);
        }
        Expr::Not(inner, _) => check_condition_ops(inner, diags),
        _ => {}
    }
}

type NavSink<'c, 'm, 'a, 'n> = Option<(&'c mut Cx<'m, 'a>, &'n mut Vec<Nav<'a>>)>;

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

/// An object literal against the table of its keys.
fn check_object<'a>(
    m: &Model<'_>,
    it: &'a Expr,
    kind: Obj,
    screen: usize,
    diags: &mut Diags,
    mut actions: NavSink<'_, '_, 'a, '_>,
) {
    let (props, what) = (kind.props(), kind.what());
    let Expr::Object(entries, _) = it else {
        diags.error(
            it.sp(),
            format!("expected a {what}: `{{id: \"...\", title: \"...\"}}`"),
        );
        return;
    };
    for en in entries {
        let Some(p) = props.iter().find(|p| p.name == en.key) else {
            diags.error(
                en.key_sp,
                format!(
                    "unknown key `{}` of a {what}{}",
                    en.key,
                    did_you_mean(&en.key, props.iter().map(|p| p.name))
                ),
            );
            continue;
        };
        check_available(m, p, what, en.key_sp, diags);
        let attr = Attr {
            name: en.key.clone(),
            sp: en.key_sp,
            value: Some(en.value.clone()),
        };
        check_text_limit(p, &attr, diags);
        let scalar = matches!(
            en.value,
            Expr::Str(_) | Expr::Int(_) | Expr::Float(_) | Expr::Bool(_)
        );
        // Ids, carousel texts and the parts of a list item have messages of their own below.
        let own = kind.fixed_text(p.name)
            || !p.actions.is_empty()
            || matches!(p.name, "main-content" | "start" | "end" | "tags");
        if scalar && !own && check_kind(Owner::Item(kind), p.name, &en.value, None, diags) {
            continue;
        }
        match (&en.value, p.name) {
            (Expr::Call(call), _) if !p.actions.is_empty() => {
                if let Some((cx, navs)) = actions.as_mut() {
                    check_action(cx, p, call, navs, diags);
                } else {
                    check_action_name(m, p, call, diags);
                }
            }
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
                check_nav_part(m, p.name, en.key_sp, inner, screen, diags);
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
                let t = m.type_of(v, screen, diags);
                check_kind(Owner::Item(kind), p.name, v, Some(t), diags);
            }
            (v, _) => diags.error(v.sp(), format!("unexpected value for `{}`", p.name)),
        }
    }
    for p in props {
        if p.required_in(m.version.unwrap_or(flow_model::LATEST_FLOW_VERSION))
            && p.certainty == Certainty::Confirmed
            && !entries.iter().any(|e| e.key == p.name)
        {
            diags.error(it.sp(), format!("this {what} is missing `{}`", p.name));
        }
    }
    // Meta leaves a list item's `id` unconfirmed, but the builder needs one: never write "".
    if kind == Obj::ListItem && !entries.iter().any(|e| e.key == "id") {
        diags.error(it.sp(), "this list item is missing `id`");
    }
}

/// `main-content`, `start` or `end` of a NavigationList item. The builder binds `main-content`
/// and `start.image`; `start.alt-text` and `end` are plain strings.
fn check_nav_part(
    m: &Model<'_>,
    part: &str,
    part_sp: Sp,
    inner: &[Entry],
    screen: usize,
    diags: &mut Diags,
) {
    let sub = if part == "start" {
        NavigationStart::PROPS
    } else {
        NavigationContent::PROPS
    };
    for e in inner {
        if !sub.iter().any(|s| s.name == e.key) {
            diags.error(
                e.key_sp,
                format!(
                    "unknown key `{}`{}",
                    e.key,
                    did_you_mean(&e.key, sub.iter().map(|s| s.name))
                ),
            );
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
    let needed = match part {
        "main-content" => Some("title"),
        "start" => Some("image"),
        _ => None,
    };
    if let Some(key) = needed
        && !inner.iter().any(|e| e.key == key)
    {
        diags.error(
            part_sp,
            format!("`{part}` of this list item is missing `{key}`"),
        );
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

/// A literal initial value against its input, by the rule the validator uses
/// ([`InitValue`], spec C.18); a binding is left to the validator.
fn check_init_value(component: &str, v: &Expr, diags: &mut Diags) {
    let Some(want) = InitValue::of(component) else {
        return;
    };
    let fits = match want {
        InitValue::Forbidden => {
            diags.error(
                v.sp(),
                format!("a {component} cannot be set through `init-values`"),
            );
            return;
        }
        _ if v.has_binding() => return,
        InitValue::Text => matches!(v, Expr::Str(_)),
        InitValue::TextList => {
            matches!(v, Expr::List(items, _) if items.iter().all(|x| matches!(x, Expr::Str(_))))
        }
    };
    if !fits {
        diags.error(
            v.sp(),
            format!(
                "a {component} takes {} in `init-values`, found {}",
                want.expected(),
                describe(v)
            ),
        );
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

/// The action's name against `ACTIONS` and the trigger's accepted actions; returns whether known.
fn check_action_name(m: &Model<'_>, prop: &PropSpec, call: &Call, diags: &mut Diags) -> bool {
    let name = call.name.to_string();
    let nsp = Sp::one(call.name.span());
    let Some(action) = ACTIONS.iter().find(|a| a.name == name) else {
        diags.error(
            nsp,
            format!(
                "unknown action `{name}`{}",
                did_you_mean(&name, ACTIONS.iter().map(|a| a.name))
            ),
        );
        return false;
    };
    if name == "data_exchange" && m.flow.data_api_version.is_none() {
        diags.error(
            nsp,
            "`data_exchange` needs an endpoint flow: add `data_api_version=\"3.0\"` to <Flow>",
        );
    }
    match prop.actions.iter().find(|a| a.name == name) {
        None => diags.error(
            nsp,
            format!(
                "`{}` does not accept `{name}`; it accepts {}",
                prop.name,
                prop.actions
                    .iter()
                    .map(|a| format!("`{}`", a.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Some(allowed) => {
            if let Some(v) = m.version {
                let since = allowed.since.max(action.since);
                if v < since {
                    diags.error(nsp, format!("`{name}` on `{}` needs Flow JSON {since} or later; this flow declares {v}", prop.name));
                }
            }
        }
    }
    true
}

fn check_action<'a>(
    cx: &mut Cx<'_, 'a>,
    prop: &PropSpec,
    call: &'a Call,
    navs: &mut Vec<Nav<'a>>,
    diags: &mut Diags,
) {
    let m = cx.m;
    if !check_action_name(m, prop, call, diags) {
        return;
    }
    let name = call.name.to_string();
    let here = cx.screen;
    let payload_at = |idx: usize, diags: &mut Diags| -> Option<&'a Expr> {
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
            let target = match call.args.first() {
                Some(Expr::Word(w)) => Some(w),
                Some(other) => {
                    diags.error(
                        other.sp(),
                        "expected the target screen id: `navigate(DETAILS, {..})`",
                    );
                    None
                }
                None => {
                    diags.error(
                        call.sp,
                        "`navigate` needs a target screen: `navigate(DETAILS, {..})`",
                    );
                    None
                }
            };
            let payload = payload_at(1, diags);
            if let Some(w) = target {
                let id = w.to_string();
                match m.screen_index(&id) {
                    None => diags.error(Sp::one(w.span()), format!("unknown screen `{id}` in navigate{}", did_you_mean(&id, m.ids()))),
                    Some(t) if t == here => diags.error(Sp::one(w.span()), format!("navigate from screen {id} to itself; same-screen navigation is not allowed")),
                    Some(t) => navs.push(Nav { from: here, target: t, payload, sp: Sp::one(w.span()), navigate: true }),
                }
            }
            payload
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
                                match m.screen_index(&id) {
                                    None => diags.error(
                                        Sp::one(w.span()),
                                        format!(
                                            "unknown screen `{id}` in data_exchange routes{}",
                                            did_you_mean(&id, m.ids())
                                        ),
                                    ),
                                    Some(t) => navs.push(Nav {
                                        from: here,
                                        target: t,
                                        payload: None,
                                        sp: Sp::one(w.span()),
                                        navigate: false,
                                    }),
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
        "complete" => {
            if !cx.terminal {
                diags.error(Sp::one(call.name.span()), format!("`complete` is only allowed on a terminal screen; screen {} is not terminal", m.screens[here].id));
            }
            payload_at(0, diags)
        }
        "update_data" => payload_at(0, diags),
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

fn check_payloads(m: &Model<'_>, navs: &[Nav<'_>], diags: &mut Diags) {
    let endpoint = m.flow.data_api_version.is_some();
    for nav in navs {
        let target = &m.screens[nav.target];
        let Some(Expr::Object(entries, _)) = nav.payload else {
            continue;
        };
        for en in entries {
            match target.data(&en.key) {
                None => diags.error(
                    en.key_sp,
                    format!(
                        "payload key `{}` is not declared in the data of screen {}{}",
                        en.key,
                        target.id,
                        did_you_mean(&en.key, target.data.iter().map(|(n, _, _)| n.as_str()))
                    ),
                ),
                Some((declared, _)) => {
                    let t = payload_type(m, &en.value, nav.from);
                    if !t.fits(declared) {
                        diags.error(
                            en.value.sp(),
                            format!(
                                "payload key `{}` is a {} but screen {} declares it as {}",
                                en.key,
                                t.json_name(),
                                target.id,
                                declared.json_name()
                            ),
                        );
                    }
                }
            }
        }
        if !endpoint {
            for (k, t, _) in &target.data {
                if !entries.iter().any(|e| &e.key == k) {
                    diags.error(nav.sp, format!("screen {} declares data `{k}` ({}) but this navigate payload does not supply it", target.id, t.json_name()));
                }
            }
        }
    }
    // navigate without a payload object to a screen that declares data.
    if !endpoint {
        for nav in navs.iter().filter(|n| n.navigate && n.payload.is_none()) {
            let target = &m.screens[nav.target];
            if let Some((k, t, _)) = target.data.first() {
                diags.error(
                    nav.sp,
                    format!(
                        "screen {} declares data `{k}` ({}) but this navigate passes no payload",
                        target.id,
                        t.json_name()
                    ),
                );
            }
        }
    }
}

/// At most this many navigation cycles are reported, then one note for the rest.
const MAX_CYCLE_ERRORS: usize = 20;

/// Navigation must not loop: Meta's routing model is acyclic. Each group of screens that loop
/// together (a strongly connected component) is reported once, with one cycle through it, so
/// that a big flow gets a few readable errors rather than one per back edge.
fn check_cycles(m: &Model<'_>, navs: &[Nav<'_>], diags: &mut Diags) {
    let n = m.screens.len();
    let mut edges: Vec<Vec<(usize, Sp)>> = vec![Vec::new(); n];
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for nav in navs {
        if seen.insert((nav.from, nav.target)) {
            edges[nav.from].push((nav.target, nav.sp));
        }
    }
    let mut looping: Vec<Vec<usize>> = strongly_connected(&edges)
        .into_iter()
        .filter(|c| c.len() > 1 || edges[c[0]].iter().any(|(t, _)| *t == c[0]))
        .collect();
    for c in &mut looping {
        c.sort_unstable();
    }
    looping.sort_unstable_by_key(|c| c[0]);
    let mut member = vec![false; n];
    for (k, comp) in looping.iter().enumerate() {
        comp.iter().for_each(|&u| member[u] = true);
        let (path, sp) = cycle_through(comp[0], &edges, &member);
        comp.iter().for_each(|&u| member[u] = false);
        if k == MAX_CYCLE_ERRORS {
            diags.error(
                sp,
                format!(
                    "and {} more navigation cycles; the routing model must not loop",
                    looping.len() - k
                ),
            );
            break;
        }
        let ids: Vec<&str> = path.iter().map(|&i| m.screens[i].id.as_str()).collect();
        let others = comp.len() + 1 - path.len();
        let also = if others > 0 {
            format!(" ({others} more screens loop with these)")
        } else {
            String::new()
        };
        diags.error(
            sp,
            format!(
                "navigation cycle: {}{also}; the routing model must not loop",
                ids.join(" → ")
            ),
        );
    }
}

/// The strongly connected components of the graph (Tarjan's algorithm, iterative so that a
/// long chain of screens cannot overflow the stack).
fn strongly_connected(edges: &[Vec<(usize, Sp)>]) -> Vec<Vec<usize>> {
    const NONE: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low) = (vec![NONE; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut out) = (Vec::new(), Vec::new());
    let mut next = 0;
    // (node, next edge to follow)
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        calls.push((root, 0));
        while let Some(&(u, e)) = calls.last() {
            if e == 0 && index[u] == NONE {
                index[u] = next;
                low[u] = next;
                next += 1;
                stack.push(u);
                on_stack[u] = true;
            }
            if let Some(&(v, _)) = edges[u].get(e) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if index[v] == NONE {
                    calls.push((v, 0));
                } else if on_stack[v] {
                    low[u] = low[u].min(index[v]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[u]);
            }
            if low[u] == index[u] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == u {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}

/// A shortest cycle from `start` back to itself through `member` screens (breadth first), and
/// the span of the navigation that closes it.
fn cycle_through(start: usize, edges: &[Vec<(usize, Sp)>], member: &[bool]) -> (Vec<usize>, Sp) {
    let mut prev: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        for &(v, sp) in &edges[u] {
            if v == start {
                let mut back = Vec::new();
                let mut at = u;
                while at != start {
                    back.push(at);
                    at = prev[&at];
                }
                let mut path = vec![start];
                path.extend(back.into_iter().rev());
                path.push(start);
                return (path, sp);
            }
            if member[v] && !prev.contains_key(&v) {
                prev.insert(v, u);
                queue.push_back(v);
            }
        }
    }
    // A strongly connected component always has a cycle through each of its screens.
    (vec![start], Sp::one(proc_macro2::Span::call_site()))
}
