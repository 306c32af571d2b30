//! Spec §E: data declarations, bindings (`${data.x}`, `${form.x}`, `${screen.S.…}`),
//! If conditions and backtick expressions.

use serde_json::Value;

use super::index::{FlowIndex, ScreenInfo};
use super::path::Path;
use crate::component::Component;
use crate::dynamic::{Binding, DynExpr, DynKind, Reference, references_in};
use crate::screen::{DataMismatch, DataSchema, SchemaItems};
use crate::table::InputValue;
use crate::types::{InputType, SchemaType};
use crate::validate::codes::*;
use crate::validate::context::Cx;
use crate::validate::expr::{self, Ty};
use crate::version::{V4_0, V6_0};

pub(super) fn check_declarations(cx: &mut Cx<'_>, s: &ScreenInfo<'_>) {
    let Some(data) = s.data() else { return };
    let spath = Path::new(&s.path);
    let dpath = spath.key("data");
    for (name, schema) in data {
        let path = dpath.key(name);
        schema_rules(cx, &path, schema, true);
        match &schema.example {
            None => cx.error(
                INVALID_SCREEN_DATA,
                path,
                format!("data field '{name}' has no \"__example__\"; it is mandatory"),
            ),
            Some(ex) => {
                if let Some(problem) = example_mismatch(name, schema, ex) {
                    cx.error(
                        INVALID_SCREEN_DATA,
                        format!("{path}.__example__"),
                        format!("the __example__ of '{name}' does not match its type: {problem}"),
                    );
                }
            }
        }
    }
}

fn schema_rules(cx: &mut Cx<'_>, path: &Path<'_>, schema: &DataSchema, top: bool) {
    match &schema.kind {
        None => cx.error(
            INVALID_SCREEN_DATA,
            format!("{path}.type"),
            "the data declaration has no \"type\" (string, number, boolean, object or array)",
        ),
        Some(SchemaType::Integer) => cx.unconfirmed(
            INVALID_SCREEN_DATA,
            format!("{path}.type"),
            "\"integer\" may not be accepted; declare \"number\"",
        ),
        Some(SchemaType::Unknown(t)) => cx.error(
            INVALID_SCREEN_DATA,
            format!("{path}.type"),
            format!("\"{t}\" is not a data type; use string, number, boolean, object or array"),
        ),
        Some(SchemaType::Object) if schema.properties.is_none() => {
            cx.error(
                INVALID_SCREEN_DATA,
                path,
                "an object declaration needs \"properties\"",
            );
        }
        Some(SchemaType::Array) if schema.items.is_none() => cx.error(
            INVALID_SCREEN_DATA,
            path,
            "an array declaration needs \"items\"",
        ),
        _ => {}
    }
    if !top && schema.example.is_some() {
        cx.error(
            INVALID_SCREEN_DATA,
            format!("{path}.__example__"),
            "__example__ is only allowed at the top level of a data field",
        );
    }
    for (key, v) in &schema.extra {
        let known_json_schema = matches!(
            key.as_str(),
            "description"
                | "enum"
                | "format"
                | "required"
                | "default"
                | "minimum"
                | "maximum"
                | "pattern"
                | "minLength"
                | "maxLength"
        );
        if !known_json_schema {
            cx.warning(
                INVALID_SCREEN_DATA,
                format!("{path}.{key}"),
                format!("\"{key}\" ({v}) is not part of a data declaration and is ignored"),
            );
        }
    }
    let ppath = path.key("properties");
    for (k, p) in schema.properties.iter().flatten() {
        schema_rules(cx, &ppath.key(k), p, false);
    }
    if let Some(SchemaItems::Schema(items)) = &schema.items {
        schema_rules(cx, &path.key("items"), items, false);
    }
}

/// Why example `v` of field `name` does not fit `schema`, if it does not. Keys the
/// declaration does not list are not checked here: only types.
fn example_mismatch(name: &str, schema: &DataSchema, v: &Value) -> Option<String> {
    if v.is_null() {
        return Some("null is not supported; omit the value or use an empty string".to_owned());
    }
    let mut found = Vec::new();
    schema.mismatches(name, v, &mut found);
    found.into_iter().find_map(|m| match m {
        DataMismatch::WrongType {
            path,
            expected,
            found,
        } if path == name => Some(format!("expected {expected}, found {found}")),
        DataMismatch::WrongType {
            path,
            expected,
            found,
        } => Some(format!("{path}: expected {expected}, found {found}")),
        _ => None,
    })
}

/// The JSON type name of a declared schema type.
pub(super) fn schema_kind(k: &SchemaType) -> &'static str {
    match k {
        SchemaType::String => "string",
        SchemaType::Number | SchemaType::Integer => "number",
        SchemaType::Boolean => "boolean",
        SchemaType::Object => "object",
        SchemaType::Array => "array",
        SchemaType::Unknown(_) => "unknown",
    }
}

pub(super) fn kinds_match(want: &str, got: &str) -> bool {
    want == "unknown" || got == "unknown" || want.split('|').any(|w| w == got)
}

/// The schema at a data path of a screen.
fn data_schema<'a>(s: &ScreenInfo<'a>, path: &[String]) -> Option<&'a DataSchema> {
    let mut cur = s.data()?.get(&path[0])?;
    for p in &path[1..] {
        cur = match &cur.kind {
            Some(SchemaType::Object) => cur.properties.as_ref()?.get(p)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// The JSON type of a form input's value, when known: the table's, but for what the instance
/// decides (a number TextInput; a CalendarPicker, whose range mode gives an object).
fn input_kind(c: &Component) -> &'static str {
    match c {
        Component::TextInput(t)
            if t.input_type.as_ref().and_then(|t| t.as_lit()) == Some(&InputType::Number) =>
        {
            "number"
        }
        Component::CalendarPicker(_) => "unknown",
        c => c
            .spec()
            .and_then(|s| s.value)
            .map_or("unknown", InputValue::json_type),
    }
}

/// The JSON type a payload value will have, when it can be told.
pub(super) fn value_kind(
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    v: &Value,
) -> Option<&'static str> {
    match v {
        Value::String(t) => match DynExpr::try_new(t.clone()) {
            Err(_) => Some("string"),
            Ok(e) if e.kind() == DynKind::Backtick => None,
            Ok(e) => binding_kind(index, s, &e.binding()?),
        },
        other => Some(crate::table::JsonTypes::name_of(other)),
    }
}

fn binding_kind(index: &FlowIndex<'_>, s: &ScreenInfo<'_>, b: &Binding) -> Option<&'static str> {
    match b {
        Binding::Data(p) => data_schema(s, p)
            .and_then(|d| d.kind.as_ref())
            .map(schema_kind),
        Binding::Form(p) if p.len() == 1 => s.input(&p[0]).map(|i| input_kind(i.component)),
        Binding::ScreenData { screen, path } => index
            .screen(screen)
            .and_then(|o| data_schema(o, path))
            .and_then(|d| d.kind.as_ref())
            .map(schema_kind),
        Binding::ScreenForm { screen, path } if path.len() == 1 => index
            .screen(screen)
            .and_then(|o| o.input(&path[0]))
            .map(|i| input_kind(i.component)),
        _ => None,
    }
}

fn ty_of(kind: Option<&str>) -> Ty {
    match kind {
        Some("number") => Ty::Num,
        Some("string") => Ty::Str,
        Some("boolean") => Ty::Bool,
        _ => Ty::Unknown,
    }
}

/// Where a binding appears: Meta uses different codes for actions and component properties.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Site {
    Property,
    Payload,
}

/// `form` is the Form enclosing the component the binding belongs to, if any.
fn check_binding(
    cx: &mut Cx<'_>,
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    path: &Path<'_>,
    form: Option<&str>,
    b: &Binding,
    site: Site,
) {
    let missing_code = if site == Site::Payload {
        INVALID_ON_CLICK_ACTION_PAYLOAD
    } else {
        INVALID_SCREEN_DYNAMIC_DATA
    };
    match b {
        Binding::Data(p) => {
            if let Some(array) = through_array(s, p) {
                cx.error(
                    INVALID_SCREEN_DYNAMIC_DATA,
                    path,
                    format!("{} is invalid as '{array}' is an array in the data model: a binding cannot reach inside an array", b.to_text()),
                );
            } else if data_schema(s, p).is_none() && !data_path_declared_loosely(s, p) {
                let names = s
                    .data()
                    .into_iter()
                    .flat_map(|d| d.keys().map(String::as_str));
                cx.error(
                    if site == Site::Payload { INVALID_ON_CLICK_ACTION_PAYLOAD } else { INVALID_SCREEN_DYNAMIC_DATA },
                    path,
                    format!("Missing dynamic data '{}' in the screen data model: declare it in the screen's \"data\".{}", p.join("."), super::hint(&p[0], names)),
                );
            }
        }
        Binding::Form(p) => {
            let name = &p[0];
            let scoped_out = cx.version < V4_0
                && form.is_none()
                && s.input(name).is_some_and(|i| i.form.is_some());
            if scoped_out {
                cx.error(
                    INVALID_ON_CLICK_ACTION_PAYLOAD,
                    path,
                    format!("Missing Form component ${{form.{name}}} for screen '{}': before Flow JSON 4.0 a form binding only works inside the Form that holds the input — move this component into the Form", s.id().unwrap_or_default()),
                );
            } else if s.forms.contains(&name.as_str()) && s.input(name).is_none() {
                cx.error(
                    INVALID_ON_CLICK_ACTION_PAYLOAD,
                    path,
                    format!(
                        "'{name}' is a Form: a Form's own value cannot be bound; bind its inputs"
                    ),
                );
            } else if s.input(name).is_none() {
                cx.error(
                    missing_code,
                    path,
                    format!(
                        "${{form.{name}}} names no input of this screen.{}",
                        super::hint(name, s.inputs.keys().copied())
                    ),
                );
            }
        }
        Binding::ScreenData { screen, path: p } | Binding::ScreenForm { screen, path: p } => {
            if cx.version < V4_0 {
                cx.error(
                    LOCAL_NOT_IN_VERSION,
                    path,
                    format!(
                        "global references (${{screen.{screen}…}}) need Flow JSON 4.0 or later"
                    ),
                );
            }
            let Some(other) = index.screen(screen) else {
                cx.error(
                    INVALID_SCREEN_DATA,
                    path,
                    format!(
                        "Global Dynamic data '{}' does not exist: no screen '{screen}'.{}",
                        b.to_text(),
                        super::hint(screen, index.screens.iter().filter_map(|x| x.id()))
                    ),
                );
                return;
            };
            if other.index == s.index {
                let local = match b {
                    Binding::ScreenForm { .. } => format!("${{form.{}}}", p.join(".")),
                    _ => format!("${{data.{}}}", p.join(".")),
                };
                cx.error(
                    INVALID_SCREEN_DATA,
                    path,
                    format!(
                        "{} refers to the current screen through a global reference; use {local}",
                        b.to_text()
                    ),
                );
                return;
            }
            if let (Binding::ScreenData { .. }, Some(array)) = (b, through_array(other, p)) {
                cx.error(
                    INVALID_SCREEN_DYNAMIC_DATA,
                    path,
                    format!("{} is invalid as '{array}' is defined in an array schema in the data model of screen '{screen}'", b.to_text()),
                );
                return;
            }
            let exists = match b {
                Binding::ScreenForm { .. } => other.input(&p[0]).is_some(),
                _ => data_schema(other, p).is_some() || data_path_declared_loosely(other, p),
            };
            if !exists {
                cx.error(
                    INVALID_SCREEN_DATA,
                    path,
                    format!(
                        "Global Dynamic data '{}' does not exist on screen '{screen}'",
                        b.to_text()
                    ),
                );
            }
        }
    }
}

/// A nested path below an object declared without `properties` (free-form): only the first key
/// can be checked.
fn data_path_declared_loosely(s: &ScreenInfo<'_>, p: &[String]) -> bool {
    let Some(root) = s.data().and_then(|d| d.get(&p[0])) else {
        return false;
    };
    p.len() > 1
        && matches!(
            (&root.kind, &root.properties),
            (Some(SchemaType::Object) | None, None)
        )
}

/// The array a path descends into (`products` in `products.items.title`), if any: bindings cannot
/// index arrays.
fn through_array<'a>(s: &ScreenInfo<'a>, p: &'a [String]) -> Option<&'a str> {
    let mut cur = s.data()?.get(&p[0])?;
    for (i, key) in p.iter().enumerate().skip(1) {
        match &cur.kind {
            Some(SchemaType::Array) => return Some(p[i - 1].as_str()),
            Some(SchemaType::Object) => cur = cur.properties.as_ref()?.get(key)?,
            _ => return None,
        }
    }
    None
}

/// A dynamic property value of a component inside Form `form` (if any).
pub(super) fn check_dyn(
    cx: &mut Cx<'_>,
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    path: &Path<'_>,
    form: Option<&str>,
    e: &DynExpr,
    want: Option<crate::table::JsonTypes>,
) {
    match e.kind() {
        DynKind::Binding => match e.binding() {
            None => cx.error(PATTERN_MISMATCH, path, format!("\"{e}\" is not a valid binding: use ${{data.x}}, ${{form.x}} or ${{screen.ID.form.x}}")),
            Some(b) => {
                check_binding(cx, index, s, path, form, &b, Site::Property);
                if let (Some(want), Some(got)) = (want, binding_kind(index, s, &b))
                    && got != "unknown"
                    && !want.names().contains(&got)
                {
                    let want = want.names().join("|");
                    cx.error(INVALID_SCREEN_DYNAMIC_DATA, path, format!("Expected '{}' to be of type '{want}', but it is declared as {got}", b.to_text()));
                }
            }
        },
        DynKind::Backtick => backtick(cx, index, s, path, form, e.as_str(), Site::Property),
    }
}

fn backtick(
    cx: &mut Cx<'_>,
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    path: &Path<'_>,
    form: Option<&str>,
    text: &str,
    site: Site,
) {
    if cx.version < V6_0 {
        cx.error(
            LOCAL_NOT_IN_VERSION,
            path,
            "nested expressions in backticks need Flow JSON 6.0 or later",
        );
    }
    let inner = &text[1..text.len() - 1];
    let checked = {
        let resolve = |b: &Binding| ty_of(binding_kind(index, s, b));
        expr::check_backtick(inner, &resolve)
    };
    report_expr(cx, path, &checked);
    for (_, b) in &checked.bindings {
        check_binding(cx, index, s, path, form, b, site);
    }
}

fn report_expr(cx: &mut Cx<'_>, path: &Path<'_>, checked: &expr::Checked) {
    for err in &checked.errors {
        let msg = format!("{} (at character {})", err.message, err.offset + 1);
        if err.unconfirmed {
            cx.unconfirmed(INVALID_PROPERTY_VALUE, path, msg);
        } else {
            cx.error(INVALID_PROPERTY_VALUE, path, msg);
        }
    }
}

/// An If condition.
pub(super) fn check_condition(
    cx: &mut Cx<'_>,
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    path: &Path<'_>,
    form: Option<&str>,
    cond: &str,
) {
    let checked = {
        let resolve = |b: &Binding| ty_of(binding_kind(index, s, b));
        expr::check_condition(cond, &resolve)
    };
    report_expr(cx, path, &checked);
    for (_, b) in &checked.bindings {
        check_binding(cx, index, s, path, form, b, Site::Property);
    }
}

/// Bindings inside an action payload.
pub(super) fn check_payload(
    cx: &mut Cx<'_>,
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    path: &Path<'_>,
    form: Option<&str>,
    payload: &crate::Payload,
) {
    // The same walk as `crate::action::payload_strings`, with paths written only on a finding.
    fn walk(
        cx: &mut Cx<'_>,
        index: &FlowIndex<'_>,
        s: &ScreenInfo<'_>,
        vpath: &Path<'_>,
        form: Option<&str>,
        v: &Value,
    ) {
        match v {
            Value::String(text) if text.contains("${") => {
                check_payload_string(cx, index, s, vpath, form, text);
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(cx, index, s, &vpath.index(i), form, x);
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    walk(cx, index, s, &vpath.key(k), form, x);
                }
            }
            _ => {}
        }
    }
    for (k, v) in payload {
        walk(cx, index, s, &path.key(k), form, v);
    }
}

fn check_payload_string(
    cx: &mut Cx<'_>,
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    vpath: &Path<'_>,
    form: Option<&str>,
    text: &str,
) {
    if DynExpr::is_dynamic(text) && text.starts_with('`') {
        backtick(cx, index, s, vpath, form, text, Site::Payload);
        return;
    }
    for (_, r) in references_in(text) {
        match r {
            Reference::Binding(b) => check_binding(cx, index, s, vpath, form, &b, Site::Payload),
            Reference::Malformed(m) => cx.error(
                PATTERN_MISMATCH,
                vpath,
                format!("\"${{{m}}}\" is not a valid binding"),
            ),
        }
    }
}

/// A data-source bound to screen data needs an array of objects with `id` and `title` (§C.14).
pub(super) fn check_data_source_binding(
    cx: &mut Cx<'_>,
    s: &ScreenInfo<'_>,
    path: &Path<'_>,
    e: &DynExpr,
) {
    let Some(Binding::Data(p)) = e.binding() else {
        return;
    };
    let Some(schema) = data_schema(s, &p) else {
        return;
    };
    let Some(SchemaType::Array) = &schema.kind else {
        return;
    };
    let Some(SchemaItems::Schema(items)) = &schema.items else {
        return;
    };
    for field in ["id", "title"] {
        if !items
            .properties
            .as_ref()
            .is_some_and(|props| props.contains_key(field))
        {
            cx.error(
                INVALID_SCREEN_DYNAMIC_DATA,
                path,
                format!("Data model schema is invalid for '{e}'. Missing schema for {field}: declare items.properties.{field}"),
            );
        }
    }
}
