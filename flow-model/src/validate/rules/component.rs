//! Spec §C: components. Generic checks come from the version/limits table (required, version,
//! character limits, blank strings, enums, unknown keys); specific rules follow per component.

use serde_json::{Map, Value};

use super::index::{FastHash, FlowIndex, Parent, Placed, ScreenInfo};
use super::path::Path;
use super::{action, data};
use crate::component::{COMPONENTS, Component};
use crate::dynamic::Dyn;
use crate::read::PropValue;
use crate::table::{BranchCounting, Certainty, ComponentSpec, InitValue, PropSpec, limits};
use crate::types::{CalendarMode, DataSourceItem, MediaSize, SingleOrRange};
use crate::validate::codes::*;
use crate::validate::context::Cx;
use crate::version::{V4_0, V6_0, V6_3};

/// Empty or only whitespace. Runs on every text property, and nearly all of them start with a
/// visible ASCII character, which settles it without `trim`'s Unicode scan from both ends.
fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => text.trim().is_empty(),
    }
}

/// Whether `a` and `b` are the same table entry. `present` lists take their entries from the
/// very table `check_props` walks, so the address settles it without comparing names; the name
/// is the fallback should a table ever be copied.
fn same_prop(a: &PropSpec, b: &PropSpec) -> bool {
    std::ptr::eq(a, b) || a.name == b.name
}

/// Table-driven checks of one object's properties.
pub(crate) fn check_props(
    cx: &mut Cx<'_>,
    path: &Path<'_>,
    props: &'static [PropSpec],
    present: &[(&'static PropSpec, &dyn PropValue)],
    extra: &Map<String, Value>,
    what: &dyn std::fmt::Display,
    form: Option<&str>,
) {
    let v = cx.version;
    // `present` lists a subset of `props` in the same (canonical) order, so one cursor finds
    // each present property without searching.
    let mut next = present.iter().peekable();
    for spec in props {
        let has = next.next_if(|(p, _)| same_prop(p, spec)).is_some()
            || (!extra.is_empty() && extra.contains_key(spec.name));
        if !has && spec.required_in(v) && spec.name != "type" {
            let msg = format!("{what} is missing the required property \"{}\"", spec.name);
            if spec.certainty == Certainty::Unconfirmed {
                cx.unconfirmed(
                    MISSING_REQUIRED_PROPERTY,
                    format!("{path}.{}", spec.name),
                    msg,
                );
            } else {
                cx.error(
                    MISSING_REQUIRED_PROPERTY,
                    format!("{path}.{}", spec.name),
                    msg,
                );
            }
        }
    }
    debug_assert!(
        next.next().is_none(),
        "present properties are not in the order of their table"
    );
    for (spec, value) in present {
        // Paths are built only when something is reported: this loop runs for every property.
        let ppath = || format!("{path}.{}", spec.name);
        if !spec.available_in(v) {
            let when = match spec.until {
                Some(u) if v >= u => format!("was removed in {u}"),
                _ => format!("needs Flow JSON {} or later", spec.since),
            };
            let msg = format!(
                "property \"{}\" of {what} {when}; this flow declares {v}",
                spec.name
            );
            if spec.certainty == Certainty::Unconfirmed {
                cx.unconfirmed(LOCAL_NOT_IN_VERSION, ppath(), msg);
            } else {
                cx.error(LOCAL_NOT_IN_VERSION, ppath(), msg);
            }
        }
        if spec.outside_form_only && form.is_some() {
            cx.error(
                INVALID_PROPERTY_KEY,
                ppath(),
                format!("\"{}\" only works on inputs outside a Form; use the Form's init-values / error-messages instead", spec.name),
            );
        }
        // Reported straight from the visit: no list of problems to build for the usual none.
        value.visit_texts(&mut |text| {
            if let Some(max) = spec.max_chars {
                // Byte length bounds the char count from above: skip counting short strings.
                if text.len() > max as usize {
                    let n = text.chars().count();
                    if n > max as usize {
                        let msg = format!(
                            "\"{}\" is {n} characters long; the limit is {max}",
                            spec.name
                        );
                        if spec.max_chars_certainty == Certainty::Unconfirmed {
                            cx.unconfirmed(LOCAL_MAX_CHARS, ppath(), msg);
                        } else {
                            cx.error(LOCAL_MAX_CHARS, ppath(), msg);
                        }
                    }
                }
            }
            if v >= V6_0 && is_blank(text) {
                cx.error(
                    PATTERN_MISMATCH,
                    ppath(),
                    format!(
                        "\"{}\" is empty or blank; from 6.0 string properties may not be blank",
                        spec.name
                    ),
                );
            }
        });
        for e in value.unknown_enums() {
            cx.error(
                INVALID_ENUM_VALUE,
                ppath(),
                format!("\"{e}\" is not a valid value for \"{}\"", spec.name),
            );
        }
    }
    for (key, val) in extra {
        let kpath = format!("{path}.{key}");
        if let Some(spec) = props.iter().find(|p| p.name == key) {
            cx.error(
                INVALID_PROPERTY_TYPE,
                kpath,
                wrong_type_message(spec, what, val),
            );
        } else {
            let names = props.iter().map(|p| p.name);
            cx.error(
                INVALID_PROPERTY_KEY,
                kpath,
                format!("\"{key}\" is not a property of {what} (additional properties are not allowed).{}", super::hint(key, names)),
            );
        }
    }
}

/// "\"label\" of TextInput has the wrong type: expected a string (or a ${…} binding), found 3",
/// from the property's table entry.
pub(crate) fn wrong_type_message(
    spec: &PropSpec,
    what: &dyn std::fmt::Display,
    val: &Value,
) -> String {
    let expected = if spec.dynamic && spec.json != crate::table::JsonTypes::STRING {
        format!("{} (or a ${{…}} binding)", spec.json)
    } else {
        spec.json.to_string()
    };
    let dynamic_hint = if spec.dynamic && val.is_string() {
        " (a string that is not a ${…} binding)"
    } else {
        ""
    };
    format!(
        "\"{}\" of {what} has the wrong type: expected {expected}, found {}{dynamic_hint}",
        spec.name,
        short(val)
    )
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

pub(super) fn check_screen(cx: &mut Cx<'_>, index: &FlowIndex<'_>, s: &ScreenInfo<'_>) {
    let has_form = !s.forms.is_empty();
    // Only the types check_counts looks at: most components are counted by nothing.
    let mut counts: std::collections::HashMap<&str, Vec<&Placed<'_>>, FastHash> =
        std::collections::HashMap::default();
    let mut present = Vec::new();
    for p in &s.components {
        let c = p.component;
        let Some(spec) = c.spec() else {
            check_unknown(cx, s, p);
            continue;
        };
        if spec.max_per_screen.is_some() || spec.name == "RichText" {
            counts.entry(spec.name).or_default().push(p);
        }
        let what = spec.name;
        let cpath = s.comp_path(p);
        let path = Path::new(&cpath);
        if spec.since > cx.version {
            cx.error(
                LOCAL_NOT_IN_VERSION,
                format!("{path}.type"),
                format!(
                    "{what} needs Flow JSON {} or later; this flow declares {}",
                    spec.since, cx.version
                ),
            );
        }
        c.present_props_into(&mut present);
        check_props(
            cx,
            &path,
            spec.props,
            &present,
            c.extra().expect("known component"),
            &what,
            p.form,
        );
        for (prop, value) in &present {
            value.visit_exprs(&mut |e| {
                data::check_dyn(
                    cx,
                    index,
                    s,
                    &path.key(prop.name),
                    p.form,
                    e,
                    value.binding_kind(),
                )
            });
        }
        check_placement(cx, s, p, spec.is_input(), has_form);
        c.for_each_action(|key, a| {
            let allowed = spec.prop(key).map(|p| p.actions).unwrap_or(&[]);
            action::check(cx, index, s, p, &path.key(key), a, allowed);
        });
        check_specific(cx, index, s, p);
    }
    check_counts(cx, s, &counts);
    check_duplicate_names(cx, s);
}

fn check_unknown(cx: &mut Cx<'_>, s: &ScreenInfo<'_>, p: &Placed<'_>) {
    let Component::Unknown(v) = p.component else {
        return;
    };
    let path = s.comp_path(p);
    let Some(obj) = v.as_object() else {
        cx.error(
            INVALID_PROPERTY_TYPE,
            &path,
            format!("a component must be an object, found {}", short(v)),
        );
        return;
    };
    match obj.get("type") {
        None => cx.error(
            MISSING_REQUIRED_TYPE_PROPERTY,
            &path,
            "the component has no \"type\"",
        ),
        Some(Value::String(t)) => cx.error(
            INVALID_PROPERTY_VALUE,
            format!("{path}.type"),
            format!(
                "Invalid value found for property 'type': \"{t}\" is not a component.{}",
                super::hint(t, COMPONENTS.iter().map(|c| c.name))
            ),
        ),
        Some(other) => cx.error(
            INVALID_PROPERTY_TYPE,
            format!("{path}.type"),
            format!("\"type\" must be a string, found {}", short(other)),
        ),
    }
}

fn check_placement(
    cx: &mut Cx<'_>,
    s: &ScreenInfo<'_>,
    p: &Placed<'_>,
    input: bool,
    has_form: bool,
) {
    let c = p.component;
    let path = s.comp_path(p);
    let name = c.type_name().unwrap_or("?");
    let spec = c.spec().expect("known component");
    match p.parent {
        Parent::If => match spec.in_if {
            Some(v) if v <= cx.version => {}
            Some(v) => cx.error(
                LOCAL_NOT_ALLOWED_HERE,
                &path,
                format!("{name} is allowed inside If only from {v}"),
            ),
            None => cx.error(
                LOCAL_NOT_ALLOWED_HERE,
                &path,
                format!("{name} is not allowed inside an If branch"),
            ),
        },
        Parent::Switch => match (spec.in_switch, c) {
            (_, Component::If(_) | Component::Switch(_)) => cx.unconfirmed(
                LOCAL_NOT_ALLOWED_HERE,
                &path,
                format!("{name} is not listed among the components allowed in Switch cases"),
            ),
            (Some(v), _) if v <= cx.version => {}
            (Some(v), _) => cx.error(
                LOCAL_NOT_ALLOWED_HERE,
                &path,
                format!("{name} is allowed inside Switch only from {v}"),
            ),
            (None, _) => cx.error(
                LOCAL_NOT_ALLOWED_HERE,
                &path,
                format!("{name} is not allowed inside a Switch case"),
            ),
        },
        Parent::Form if matches!(c, Component::Form(_)) => {
            cx.error(
                LOCAL_NOT_ALLOWED_HERE,
                &path,
                "a Form cannot contain another Form",
            );
        }
        _ => {}
    }
    if matches!(c, Component::If(_)) && p.if_depth >= limits::MAX_IF_DEPTH {
        cx.error(
            INVALID_PROPERTY_VALUE,
            &path,
            format!("If may nest at most {} levels", limits::MAX_IF_DEPTH),
        );
    }
    if matches!(c, Component::Footer(_)) && p.if_depth > 1 {
        cx.error(
            LOCAL_NOT_ALLOWED_HERE,
            &path,
            "a Footer may only sit in a first-level If, not a nested one",
        );
    }
    if input && p.form.is_none() {
        if cx.version < V4_0 {
            cx.error(
                KEYWORD_ONE_OF,
                &path,
                format!("{name} must be defined inside parent property 'Form' before Flow JSON 4.0: wrap the inputs in a Form"),
            );
        } else if has_form {
            cx.error(
                COMPONENTS_OUTSIDE_FORM,
                &path,
                format!("{name} is outside the screen's Form: when a screen has a Form, every input must be inside it"),
            );
        }
    }
}

fn check_counts(
    cx: &mut Cx<'_>,
    s: &ScreenInfo<'_>,
    counts: &std::collections::HashMap<&str, Vec<&Placed<'_>>, FastHash>,
) {
    for spec in COMPONENTS {
        let Some(found) = counts.get(spec.name) else {
            continue;
        };
        let Some(max) = spec.max_per_screen else {
            continue;
        };
        if spec.name == "Footer" {
            check_footers(cx, s, spec, found);
            continue;
        }
        let n = match spec.counting {
            BranchCounting::Summed => found.len(),
            BranchCounting::PerBranch => spec.count_in(s.screen.children()),
        };
        if n > max as usize {
            let code = spec.max_per_screen_code.unwrap_or(LOCAL_MAX_PER_SCREEN);
            cx.error(
                code,
                s.comp_path(found[max as usize]),
                format!(
                    "the screen has {n} {} components; at most {max} are allowed per screen",
                    spec.name
                ),
            );
        }
    }
    for &(group, max) in limits::SHARED_PER_SCREEN {
        let members: Vec<&Placed<'_>> = s
            .components
            .iter()
            .filter(|p| p.component.type_name().is_some_and(|t| group.contains(&t)))
            .collect();
        if members.len() > max {
            cx.error(
                LOCAL_MAX_PER_SCREEN,
                s.comp_path(members[max]),
                format!(
                    "a screen may hold {max} of {} in total; move the others to their own screens",
                    group.join(" and ")
                ),
            );
        }
    }
    let top: Vec<&Component> = s.screen.children().iter().collect();
    if counts.contains_key("NavigationList") {
        let others = s
            .components
            .iter()
            .filter(|p| !matches!(p.component, Component::NavigationList(_)))
            .count();
        if others > 0 {
            cx.error(
                LOCAL_MUST_BE_ALONE,
                s.comp_path(counts["NavigationList"][0]),
                "NavigationList must be alone on its screen: no other component may share it",
            );
        }
    }
    if let Some(rich) = counts.get("RichText") {
        let others: Vec<&&Component> = top
            .iter()
            .filter(|c| !matches!(c, Component::RichText(_)))
            .collect();
        let only_footer = others.iter().all(|c| matches!(c, Component::Footer(_)));
        if (cx.version < V6_3 && !others.is_empty()) || (cx.version >= V6_3 && !only_footer) {
            let allowed = if cx.version < V6_3 {
                "alone on its screen before 6.3"
            } else {
                "alone on its screen, or with a Footer"
            };
            cx.error(
                LOCAL_MUST_BE_ALONE,
                s.comp_path(rich[0]),
                format!("RichText must be {allowed}"),
            );
        }
    }
}

fn check_footers(
    cx: &mut Cx<'_>,
    s: &ScreenInfo<'_>,
    spec: &ComponentSpec,
    footers: &[&Placed<'_>],
) {
    let top: Vec<&&Placed<'_>> = footers
        .iter()
        .filter(|p| p.parent != Parent::If && p.parent != Parent::Switch)
        .collect();
    let max = spec.max_per_screen.unwrap_or(1) as usize;
    if top.len() > max {
        cx.error(
            spec.max_per_screen_code.unwrap_or(LOCAL_MAX_PER_SCREEN),
            s.comp_path(top[max]),
            "the screen has more than one Footer; at most 1 is allowed",
        );
        return;
    }
    // One branch of an If (one case of a Switch) is shown: Footers in both branches are one.
    if spec.count_in(s.screen.children()) > max {
        let at = top
            .first()
            .copied()
            .copied()
            .unwrap_or(footers[footers.len() - 1]);
        cx.error(
            MORE_THAN_ONE_FOOTER,
            s.comp_path(at),
            "more than one Footer can show at once: a Footer inside an If/Switch and another outside it, or in two Ifs; keep only one per screen",
        );
    }
}

fn check_duplicate_names(cx: &mut Cx<'_>, s: &ScreenInfo<'_>) {
    for (name, (first, more)) in &s.inputs {
        if !more.is_empty() {
            let first = s.comp_path(&s.components[*first]);
            for &k in more {
                cx.error_related(
                    DUPLICATE_FORM_COMPONENT_NAMES,
                    format!("{}.name", s.comp_path(&s.components[k])),
                    vec![format!("{first}.name")],
                    format!("input name '{name}' is used twice on this screen (If/Switch branches and Forms count); names must be unique per screen"),
                );
            }
        }
    }
}

fn check_specific(cx: &mut Cx<'_>, index: &FlowIndex<'_>, s: &ScreenInfo<'_>, p: &Placed<'_>) {
    let cpath = s.comp_path(p);
    let path = &Path::new(&cpath);
    match p.component {
        Component::TextInput(t) => {
            if t.pattern.is_some() {
                if t.helper_text.is_none() {
                    cx.error(
                        INVALID_DEPENDENCIES,
                        format!("{path}.pattern"),
                        "\"pattern\" requires \"helper-text\" explaining the expected format",
                    );
                }
                if let Some(Dyn::Lit(it)) = &t.input_type
                    && !matches!(it.as_str(), "text" | "number" | "password" | "passcode")
                {
                    cx.error(INVALID_PROPERTY_VALUE, format!("{path}.pattern"), format!("\"pattern\" only works with input-type text, number, password or passcode, not {it}"));
                }
            }
            min_max(
                cx,
                path,
                "min-chars",
                lit_i64(&t.min_chars),
                "max-chars",
                lit_i64(&t.max_chars),
            );
        }
        Component::CheckboxGroup(c) => {
            min_max(
                cx,
                path,
                "min-selected-items",
                lit_i64(&c.min_selected_items),
                "max-selected-items",
                lit_i64(&c.max_selected_items),
            );
            data_source(
                cx,
                index,
                s,
                p,
                c.data_source.as_ref(),
                limits::CHOICE_OPTIONS,
                false,
            );
        }
        Component::RadioButtonsGroup(c) => data_source(
            cx,
            index,
            s,
            p,
            c.data_source.as_ref(),
            limits::CHOICE_OPTIONS,
            false,
        ),
        Component::Dropdown(c) => {
            let with_images = lit_items(c.data_source.as_ref())
                .is_some_and(|i| i.iter().any(|x| x.image.is_some()));
            let range = if with_images {
                (1, limits::DROPDOWN_OPTIONS_WITH_IMAGES)
            } else {
                limits::DROPDOWN_OPTIONS
            };
            data_source(cx, index, s, p, c.data_source.as_ref(), range, false);
        }
        Component::ChipsSelector(c) => {
            min_max(
                cx,
                path,
                "min-selected-items",
                lit_i64(&c.min_selected_items),
                "max-selected-items",
                lit_i64(&c.max_selected_items),
            );
            data_source(
                cx,
                index,
                s,
                p,
                c.data_source.as_ref(),
                limits::CHIPS_OPTIONS,
                true,
            );
        }
        Component::Footer(f) => {
            let (l, c, r) = (
                f.left_caption.is_some(),
                f.center_caption.is_some(),
                f.right_caption.is_some(),
            );
            if c && (l || r) {
                cx.error(
                    NOT_KEYWORD_SCHEMA_VALIDATION_FAILED,
                    format!("{path}.center-caption"),
                    "center-caption cannot be combined with left-caption or right-caption",
                );
            } else if l != r {
                let (has, missing) = if l {
                    ("left-caption", "right-caption")
                } else {
                    ("right-caption", "left-caption")
                };
                cx.error(INVALID_DEPENDENCIES, format!("{path}.{has}"), format!("\"{has}\" requires \"{missing}\": use left and right captions together, or center-caption alone"));
            }
        }
        Component::DatePicker(d) => {
            let fmt = if cx.version >= crate::version::V5_0 {
                DateFmt::Iso
            } else {
                DateFmt::Timestamp
            };
            for (k, v) in [("min-date", &d.min_date), ("max-date", &d.max_date)] {
                if let Some(Dyn::Lit(t)) = v {
                    date(cx, &path.key(k), t, fmt);
                }
            }
            if let Some(Dyn::Lit(list)) = &d.unavailable_dates {
                let upath = path.key("unavailable-dates");
                for (i, t) in list.iter().enumerate() {
                    date(cx, &upath.index(i), t, fmt);
                }
            }
        }
        Component::CalendarPicker(c) => {
            let range = matches!(&c.mode, Some(Dyn::Lit(CalendarMode::Range)));
            if !range {
                for (k, present) in [
                    ("title", c.title.is_some()),
                    ("description", c.description.is_some()),
                    ("min-days", c.min_days.is_some()),
                    ("max-days", c.max_days.is_some()),
                ] {
                    if present {
                        cx.error(
                            INVALID_PROPERTY_KEY,
                            format!("{path}.{k}"),
                            format!("\"{k}\" only applies in range mode (\"mode\": \"range\")"),
                        );
                    }
                }
                for (k, pair) in [
                    (
                        "label",
                        matches!(&c.label, Some(Dyn::Lit(SingleOrRange::Range(_)))),
                    ),
                    (
                        "helper-text",
                        matches!(&c.helper_text, Some(Dyn::Lit(SingleOrRange::Range(_)))),
                    ),
                    (
                        "required",
                        matches!(&c.required, Some(Dyn::Lit(SingleOrRange::Range(_)))),
                    ),
                    (
                        "init-value",
                        matches!(&c.init_value, Some(Dyn::Lit(SingleOrRange::Range(_)))),
                    ),
                    (
                        "error-message",
                        matches!(&c.error_message, Some(Dyn::Lit(SingleOrRange::Range(_)))),
                    ),
                ] {
                    if pair {
                        cx.error(INVALID_PROPERTY_TYPE, format!("{path}.{k}"), format!("\"{k}\" is a start-date/end-date pair, which only range mode accepts"));
                    }
                }
            }
            min_max(
                cx,
                path,
                "min-days",
                lit_i64(&c.min_days),
                "max-days",
                lit_i64(&c.max_days),
            );
            for (k, v) in [("min-date", &c.min_date), ("max-date", &c.max_date)] {
                if let Some(Dyn::Lit(t)) = v {
                    date(cx, &path.key(k), t, DateFmt::Iso);
                }
            }
            if let Some(Dyn::Lit(list)) = &c.unavailable_dates {
                let upath = path.key("unavailable-dates");
                for (i, t) in list.iter().enumerate() {
                    date(cx, &upath.index(i), t, DateFmt::Iso);
                }
            }
        }
        Component::ImageCarousel(c) => {
            if let Some(Dyn::Lit(images)) = &c.images {
                let ipath = path.key("images");
                count(cx, &ipath, "images", images.len(), limits::CAROUSEL_IMAGES);
                for (i, img) in images.iter().enumerate() {
                    check_props(
                        cx,
                        &ipath.index(i),
                        crate::types::CarouselImage::PROPS,
                        &img.present_props(),
                        &img.extra,
                        &"a carousel image",
                        None,
                    );
                }
            }
        }
        Component::PhotoPicker(c) => picker(
            cx,
            path,
            [
                ("max-file-size-kb", &c.max_file_size_kb),
                ("min-uploaded-photos", &c.min_uploaded_photos),
                ("max-uploaded-photos", &c.max_uploaded_photos),
            ],
        ),
        Component::DocumentPicker(c) => {
            picker(
                cx,
                path,
                [
                    ("max-file-size-kb", &c.max_file_size_kb),
                    ("min-uploaded-documents", &c.min_uploaded_documents),
                    ("max-uploaded-documents", &c.max_uploaded_documents),
                ],
            );
            if let Some(Dyn::Lit(types)) = &c.allowed_mime_types {
                for (i, t) in types.iter().enumerate() {
                    if !MIME_TYPES.contains(&t.as_str()) {
                        cx.error(
                            INVALID_ENUM_VALUE,
                            format!("{path}.allowed-mime-types[{i}]"),
                            format!(
                                "\"{t}\" is not one of the 24 MIME types DocumentPicker accepts"
                            ),
                        );
                    }
                }
            }
        }
        Component::NavigationList(n) => navigation_list(cx, index, s, p, n),
        Component::If(x) => {
            if let Some(cond) = &x.condition {
                data::check_condition(cx, index, s, &path.key("condition"), p.form, cond);
            }
            match &x.then {
                Some(t) if t.is_empty() => cx.error(
                    MIN_ITEMS_REQUIRED,
                    format!("{path}.then"),
                    "\"then\" needs at least one component",
                ),
                _ => {}
            }
            let has_footer = |l: &Option<Vec<Component>>| {
                l.iter()
                    .flatten()
                    .any(|c| matches!(c, Component::Footer(_)))
            };
            if has_footer(&x.then) != has_footer(&x.else_) {
                cx.error(
                    MISSING_FOOTER_IN_IF_ELSE_BRANCHES,
                    path,
                    "a Footer in one branch of an If must be matched by a Footer in the other branch (add an else with a Footer)",
                );
            }
        }
        Component::Switch(sw) => {
            if let Some(v) = &sw.value
                && v.binding().is_none()
            {
                cx.error(
                    INVALID_PROPERTY_VALUE,
                    format!("{path}.value"),
                    "Switch \"value\" must be a single binding such as \"${data.animal}\"",
                );
            }
            if let Some(cases) = &sw.cases {
                if cases.is_empty() {
                    cx.error(
                        MIN_ITEMS_REQUIRED,
                        format!("{path}.cases"),
                        "\"cases\" must not be empty",
                    );
                }
                let with_footer = cases
                    .values()
                    .filter(|l| l.iter().any(|c| matches!(c, Component::Footer(_))))
                    .count();
                if with_footer > 0 && with_footer < cases.len() {
                    cx.error(
                        MISSING_FOOTER_IN_SWITCH_BRANCHES,
                        format!("{path}.cases"),
                        "a Footer in one Switch case requires a Footer in every case",
                    );
                }
            }
        }
        Component::Form(f) => {
            if let Some(Dyn::Lit(init)) = &f.init_values {
                for (key, value) in init {
                    match s.input(key) {
                        Some(q) => {
                            let kind = q.component.type_name().unwrap_or("component");
                            match InitValue::of(kind) {
                                Some(InitValue::Forbidden) => cx.error(
                                    NATIVE_COMPONENT_IN_FORM_INIT_VALUES,
                                    format!("{path}.init-values.{key}"),
                                    format!(
                                        "'{key}' is a {kind}: pickers cannot be set through init-values"
                                    ),
                                ),
                                Some(want) if !init_value_fits(want, value) => cx.error(
                                    INVALID_PROPERTY_VALUE,
                                    format!("{path}.init-values.{key}"),
                                    format!(
                                        "init-values sets '{key}' to {}, but a {kind} takes {}",
                                        crate::table::JsonTypes::of(value),
                                        want.expected()
                                    ),
                                ),
                                _ => {}
                            }
                        }
                        None => cx.error(
                            INVALID_PROPERTY_VALUE,
                            format!("{path}.init-values.{key}"),
                            format!(
                                "init-values sets '{key}', which is not an input of this Form.{}",
                                super::hint(key, s.inputs.keys().copied())
                            ),
                        ),
                    }
                }
            }
        }
        _ => {}
    }
}

/// Whether a literal initial value fits its input's rule; a binding (`"${data.x}"`) may hold
/// anything.
fn init_value_fits(want: InitValue, value: &serde_json::Value) -> bool {
    use serde_json::Value;
    if value.as_str().is_some_and(|s| s.contains("${")) {
        return true;
    }
    match want {
        InitValue::Text => value.is_string(),
        InitValue::TextList => value
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_string)),
        InitValue::Forbidden => false,
    }
}

const MIME_TYPES: &[&str] = &[
    "application/gzip",
    "application/msword",
    "application/pdf",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/x-7z-compressed",
    "application/zip",
    "image/avif",
    "image/gif",
    "image/heic",
    "image/heif",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/webp",
    "text/plain",
    "video/mp4",
    "video/mpeg",
];

fn lit_i64(v: &Option<Dyn<i64>>) -> Option<i64> {
    v.as_ref().and_then(|d| d.as_lit()).copied()
}

fn lit_items(v: Option<&Dyn<Vec<DataSourceItem>>>) -> Option<&Vec<DataSourceItem>> {
    v.and_then(|d| d.as_lit())
}

fn min_max(
    cx: &mut Cx<'_>,
    path: &Path<'_>,
    min_key: &str,
    min: Option<i64>,
    max_key: &str,
    max: Option<i64>,
) {
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        cx.error(
            MIN_VALUE_GREATER_THAN_MAX,
            format!("{path}.{min_key}"),
            format!("\"{min_key}\" ({a}) is greater than \"{max_key}\" ({b})"),
        );
    }
}

fn count(cx: &mut Cx<'_>, path: &Path<'_>, what: &str, n: usize, (min, max): (usize, usize)) {
    if n < min {
        cx.error(
            MIN_ITEMS_REQUIRED,
            path,
            format!("{n} {what}; at least {min} required"),
        );
    } else if n > max {
        cx.error(
            LOCAL_ITEM_COUNT,
            path,
            format!("{n} {what}; at most {max} allowed"),
        );
    }
}

#[derive(Clone, Copy)]
enum DateFmt {
    Iso,
    Timestamp,
}

fn date(cx: &mut Cx<'_>, path: &Path<'_>, text: &str, fmt: DateFmt) {
    let ok = match fmt {
        DateFmt::Iso => {
            let b = text.as_bytes();
            b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
                && (1..=12).contains(&text[5..7].parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&text[8..10].parse::<u32>().unwrap_or(0))
        }
        DateFmt::Timestamp => !text.is_empty() && text.bytes().all(|c| c.is_ascii_digit()),
    };
    if !ok {
        let want = match fmt {
            DateFmt::Iso => "a \"YYYY-MM-DD\" date (Flow JSON 5.0+)",
            DateFmt::Timestamp => "a millisecond timestamp string (before Flow JSON 5.0)",
        };
        cx.error(
            INVALID_PROPERTY_VALUE_FORMAT,
            path,
            format!("\"{text}\" is not {want}"),
        );
    }
}

fn picker(cx: &mut Cx<'_>, path: &Path<'_>, [size, min, max]: [(&str, &Option<Dyn<i64>>); 3]) {
    let ranges = [
        limits::PICKER_FILE_SIZE_KB,
        limits::PICKER_MIN_UPLOADS,
        limits::PICKER_MAX_UPLOADS,
    ];
    for ((key, v), (lo, hi)) in [size, min, max].into_iter().zip(ranges) {
        if let Some(n) = lit_i64(v) {
            if n < lo {
                cx.error(
                    MINIMUM_VALUE_REQUIRED,
                    format!("{path}.{key}"),
                    format!("\"{key}\" is {n}; the minimum is {lo}"),
                );
            } else if n > hi {
                cx.error(
                    MAXIMUM_VALUE_REQUIRED,
                    format!("{path}.{key}"),
                    format!("\"{key}\" is {n}; the maximum is {hi}"),
                );
            }
        }
    }
    min_max(cx, path, min.0, lit_i64(min.1), max.0, lit_i64(max.1));
}

/// The `data-source` of choice component `p`.
fn data_source(
    cx: &mut Cx<'_>,
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    p: &Placed<'_>,
    ds: Option<&Dyn<Vec<DataSourceItem>>>,
    range: (usize, usize),
    chips: bool,
) {
    let cpath = s.comp_path(p);
    let path = Path::new(&cpath);
    let dpath = path.key("data-source");
    if let Some(Dyn::Expr(e)) = ds {
        data::check_data_source_binding(cx, s, &dpath, e);
    }
    let Some(Dyn::Lit(items)) = ds else { return };
    count(cx, &dpath, "options", items.len(), range);
    let image_limit = if cx.version >= V6_0 {
        limits::ITEM_IMAGE_BYTES.1
    } else {
        limits::ITEM_IMAGE_BYTES.0
    };
    let mut present = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ipath = dpath.index(i);
        item.present_props_into(&mut present);
        check_props(
            cx,
            &ipath,
            DataSourceItem::PROPS,
            &present,
            &item.extra,
            &"a data-source item",
            None,
        );
        for (prop, value) in &present {
            value.visit_exprs(&mut |e| {
                data::check_dyn(
                    cx,
                    index,
                    s,
                    &ipath.key(prop.name),
                    p.form,
                    e,
                    value.binding_kind(),
                )
            });
        }
        if chips {
            for (k, present) in [
                ("image", item.image.is_some()),
                ("description", item.description.is_some()),
                ("metadata", item.metadata.is_some()),
            ] {
                if present {
                    cx.error(
                        INVALID_PROPERTY_KEY,
                        format!("{ipath}.{k}"),
                        format!("ChipsSelector options have no \"{k}\""),
                    );
                }
            }
        }
        if let Some(Dyn::Lit(img)) = &item.image {
            let bytes = img.len() / 4 * 3;
            if bytes > image_limit {
                cx.error(
                    INVALID_PROPERTY_VALUE,
                    format!("{ipath}.image"),
                    format!(
                        "the image is about {} KB; list item images may be at most {} KB",
                        bytes / 1024,
                        image_limit / 1024
                    ),
                );
            }
        }
        if let Some(Dyn::Lit(c)) = &item.color {
            let hex = c.strip_prefix('#').unwrap_or(c);
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                cx.error(
                    INVALID_PROPERTY_VALUE_FORMAT,
                    format!("{ipath}.color"),
                    format!("\"{c}\" is not a 6-digit hex colour"),
                );
            }
        }
        for (key, a) in [
            ("on-select-action", &item.on_select_action),
            ("on-unselect-action", &item.on_unselect_action),
        ] {
            if let Some(a) = a {
                let allowed = DataSourceItem::PROPS
                    .iter()
                    .find(|p| p.name == key)
                    .map(|p| p.actions)
                    .unwrap_or(&[]);
                action::check(cx, index, s, p, &ipath.key(key), a, allowed);
            }
        }
    }
}

fn navigation_list(
    cx: &mut Cx<'_>,
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    p: &Placed<'_>,
    n: &crate::NavigationList,
) {
    let Some(Dyn::Lit(items)) = &n.list_items else {
        return;
    };
    let cpath = s.comp_path(p);
    let path = Path::new(&cpath);
    let lpath = path.key("list-items");
    count(
        cx,
        &lpath,
        "list items",
        items.len(),
        limits::NAVIGATION_ITEMS,
    );
    let on_component = n.on_click_action.is_some();
    let on_items = items.iter().filter(|i| i.on_click_action.is_some()).count();
    if on_component && on_items > 0 {
        cx.error(
            NOT_KEYWORD_SCHEMA_VALIDATION_FAILED,
            format!("{path}.on-click-action"),
            "set on-click-action on the NavigationList or on every item, never both",
        );
    } else if !on_component && on_items != items.len() {
        cx.error(
            MISSING_REQUIRED_PROPERTY,
            lpath,
            "without a component-level on-click-action, every item needs its own on-click-action",
        );
    }
    let large = matches!(&n.media_size, Some(Dyn::Lit(MediaSize::Large)));
    let badges = items.iter().filter(|i| i.badge.is_some()).count();
    if badges > 1 {
        cx.error(
            INVALID_PROPERTY_VALUE,
            lpath,
            format!("{badges} items have a badge; only one item per list may have one"),
        );
    }
    for (i, item) in items.iter().enumerate() {
        let ipath = lpath.index(i);
        check_props(
            cx,
            &ipath,
            crate::types::NavigationItem::PROPS,
            &item.present_props(),
            &item.extra,
            &"a NavigationList item",
            None,
        );
        let limits_for = |which: &str| {
            if which == "main-content" {
                [30u32, 20, 80]
            } else {
                [10, 10, 10]
            }
        };
        for (which, content) in [("main-content", &item.main_content), ("end", &item.end)] {
            let Some(content) = content else { continue };
            let cpath = ipath.key(which);
            check_props(
                cx,
                &cpath,
                crate::types::NavigationContent::PROPS,
                &content.present_props(),
                &content.extra,
                &which,
                None,
            );
            for ((key, v), max) in [
                ("title", &content.title),
                ("description", &content.description),
                ("metadata", &content.metadata),
            ]
            .into_iter()
            .zip(limits_for(which))
            {
                if let Some(Dyn::Lit(t)) = v
                    && t.chars().count() > max as usize
                {
                    cx.error(
                        LOCAL_MAX_CHARS,
                        format!("{cpath}.{key}"),
                        format!(
                            "\"{key}\" is {} characters long; the limit is {max}",
                            t.chars().count()
                        ),
                    );
                }
            }
            if which == "main-content" && content.title.is_none() {
                cx.error(
                    MISSING_REQUIRED_PROPERTY,
                    format!("{cpath}.title"),
                    "main-content needs a \"title\"",
                );
            }
        }
        if item.end.is_some() && large {
            cx.error(
                NOT_KEYWORD_SCHEMA_VALIDATION_FAILED,
                format!("{ipath}.end"),
                "\"end\" cannot be combined with media-size large",
            );
        }
        if let Some(tags) = &item.tags
            && tags.len() > limits::NAVIGATION_TAGS.0
        {
            cx.error(
                LOCAL_ITEM_COUNT,
                format!("{ipath}.tags"),
                format!(
                    "{} tags; at most {} allowed",
                    tags.len(),
                    limits::NAVIGATION_TAGS.0
                ),
            );
        }
        if let Some(a) = &item.on_click_action {
            action::check(
                cx,
                index,
                s,
                p,
                &ipath.key("on-click-action"),
                a,
                crate::component::defs::NAV_ACTIONS,
            );
        }
    }
}

/// Flow-wide counts: ImageCarousel at most 3 per flow.
pub(super) fn check_flow_counts(cx: &mut Cx<'_>, index: &FlowIndex<'_>) {
    let carousels: Vec<(&ScreenInfo<'_>, &Placed<'_>)> = index
        .screens
        .iter()
        .flat_map(|s| s.components.iter().map(move |p| (s, p)))
        .filter(|(_, p)| matches!(p.component, Component::ImageCarousel(_)))
        .collect();
    if carousels.len() > limits::MAX_IMAGE_CAROUSELS_PER_FLOW {
        let (s, p) = carousels[limits::MAX_IMAGE_CAROUSELS_PER_FLOW];
        cx.error(
            LOCAL_MAX_PER_SCREEN,
            s.comp_path(p),
            format!(
                "the flow has {} ImageCarousels; at most {} are allowed per flow",
                carousels.len(),
                limits::MAX_IMAGE_CAROUSELS_PER_FLOW
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_blank;

    #[test]
    fn blank_means_empty_or_unicode_whitespace_only() {
        for blank in ["", " ", "\t\n", "\u{a0}", "\u{2003} \u{3000}"] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for text in ["a", " a", "\u{a0}x", "é", "  -", "x "] {
            assert!(!is_blank(text), "{text:?}");
        }
    }
}
