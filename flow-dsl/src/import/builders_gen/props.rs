//! What Rust value each builder argument takes, and how a JSON value is written as one.
//!
//! A value that does not fit the builder's typed argument exactly (a wrong JSON type, an unknown
//! enum value, a shape the builder does not model) is not forced: the caller writes it with the
//! builder's `prop` escape hatch, which stores it exactly as Flow JSON parsing would.

use serde_json::Value;

use super::code::Code;
use super::refs::Scope;
use crate::import::rust_lit::string as str_lit;
use flow_model::DynExpr;

/// The Rust type a builder argument takes (see `flow_dsl::builder`'s component builders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `Lit String` (names, ids).
    Name,
    /// `Dyn String`.
    Str,
    /// `Dyn StringOrList` (text of TextBody, TextCaption, RichText).
    Text,
    /// `Dyn SingleOrRange<String>` (CalendarPicker).
    Range,
    /// `Dyn SingleOrRange<bool>`.
    BoolRange,
    /// `Dyn ErrorMessages`.
    ErrorMessages,
    /// `Dyn bool`.
    Bool,
    /// `Lit bool`.
    LitBool,
    /// `Dyn i64`.
    Int,
    /// `Dyn` of an open enumeration (`InputType`…).
    Enum(&'static str),
    /// `Dyn Vec<String>`.
    StrList,
    /// `Dyn Vec<Weekday>`.
    Weekdays,
    /// `Dyn Vec<Choice>` (`data-source`).
    Choices,
    /// `Dyn Vec<CarouselImage>` (ImageCarousel `images`).
    Images,
    /// `Dyn Vec<NavItem>` (NavigationList `list-items`; bindings only here).
    NavItems,
    /// An action.
    Action,
    /// Not modelled by a typed setter here: always `prop`.
    Json,
}

/// The kind of property `key` of component `component`.
pub(crate) fn kind(component: &str, key: &str) -> Kind {
    use Kind::*;
    match (component, key) {
        (_, "name") if component != "Image" => Name,
        ("Choice", "id") => Name,
        (_, "visible" | "enabled" | "strikethrough") => Bool,
        ("CalendarPicker", "required") => BoolRange,
        (_, "required") => Bool,
        (_, "markdown") => LitBool,
        ("TextBody" | "TextCaption" | "RichText", "text") => Text,
        ("CalendarPicker", "label" | "helper-text" | "init-value" | "error-message") => Range,
        ("PhotoPicker" | "DocumentPicker", "error-message") => ErrorMessages,
        ("RadioButtonsGroup", "init-value") => Text,
        ("CheckboxGroup" | "ChipsSelector", "init-value") => StrList,
        ("OptIn", "init-value") => Bool,
        (_, "unavailable-dates" | "allowed-mime-types") => StrList,
        (_, "include-days") => Weekdays,
        (_, "data-source") => Choices,
        ("ImageCarousel", "images") => Images,
        ("NavigationList", "list-items") => NavItems,
        (_, k) if k.ends_with("-action") => Action,
        (
            _,
            "min-chars"
            | "max-chars"
            | "max-length"
            | "min-days"
            | "max-days"
            | "max-file-size-kb"
            | "min-uploaded-photos"
            | "max-uploaded-photos"
            | "min-uploaded-documents"
            | "max-uploaded-documents"
            | "min-selected-items"
            | "max-selected-items"
            | "width"
            | "height",
        ) => Int,
        (_, "label-variant") => Enum("LabelVariant"),
        (_, "input-type") => Enum("InputType"),
        (_, "font-weight") => Enum("FontWeight"),
        (_, "media-size") => Enum("MediaSize"),
        (_, "mode") => Enum("CalendarMode"),
        (_, "scale-type") => Enum("ScaleType"),
        ("ImageCarousel", "aspect-ratio") => Enum("CarouselAspectRatio"),
        (_, "photo-source") => Enum("PhotoSource"),
        (
            _,
            "label" | "text" | "title" | "description" | "metadata" | "helper-text" | "pattern"
            | "init-value" | "error-message" | "min-date" | "max-date" | "left-caption"
            | "center-caption" | "right-caption" | "src" | "alt-text" | "image" | "color",
        ) => Str,
        _ => Json,
    }
}

/// The Rust variant of a known enumeration value (`InputType::Email`), or `None` for unknown
/// text (kept through `prop`).
fn enum_variant(ty: &str, s: &str) -> Option<String> {
    use flow_model::*;
    fn known<T: std::fmt::Debug>(ty: &str, v: T, ok: bool) -> Option<String> {
        ok.then(|| format!("{ty}::{v:?}"))
    }
    // One arm per open enumeration of flow-model that the builders take as a Rust enum.
    macro_rules! variants {
        ($($t:ident),*) => {
            match ty {
                $( stringify!($t) => {
                    let v = $t::parse(s);
                    known(ty, v.clone(), v.is_known())
                } )*
                _ => None,
            }
        };
    }
    variants!(
        LabelVariant,
        InputType,
        FontWeight,
        MediaSize,
        CalendarMode,
        ScaleType,
        CarouselAspectRatio,
        PhotoSource,
        Weekday
    )
}

/// An `i64` literal that the `Into<DynValue<i64>>` arguments accept.
fn int_lit(n: &serde_json::Number) -> Option<String> {
    let i = n.as_i64()?;
    Some(if i32::try_from(i).is_ok() {
        i.to_string()
    } else {
        format!("{i}_i64")
    })
}

/// A string literal (not dynamic) or a typed reference of Rust type `want`.
fn str_or_ref(s: &str, want: &str, scope: &Scope) -> Code {
    if DynExpr::is_dynamic(s) {
        scope.reference(s, want)
    } else {
        Code::atom(str_lit(s))
    }
}

/// A non-empty list of string literals as a Rust array.
fn str_array(items: &[Value]) -> Option<Code> {
    if items.is_empty() {
        return None;
    }
    let lits = items
        .iter()
        .map(|v| v.as_str().map(|s| Code::atom(str_lit(s))))
        .collect::<Option<Vec<_>>>()?;
    Some(Code::brackets("", lits))
}

/// The Rust argument for `value` of kind `kind`, or `None` when only `prop` writes it exactly.
/// `action` writes actions (it needs the screen handles).
pub(crate) fn value(
    kind: Kind,
    v: &Value,
    scope: &Scope,
    action: &dyn Fn(&Value) -> Option<Code>,
) -> Option<Code> {
    use Kind::*;
    match (kind, v) {
        (Name, Value::String(s)) => Some(Code::atom(str_lit(s))),
        (Str | Range, Value::String(s)) => Some(str_or_ref(s, "String", scope)),
        (Range, Value::Object(m)) => {
            let (start, end) = range_pair(m)?;
            let (start, end) = (start.as_str()?, end.as_str()?);
            // `date_range` writes literal text; a binding inside would parse differently.
            if DynExpr::is_dynamic(start) || DynExpr::is_dynamic(end) {
                return None;
            }
            Some(Code::call(
                "date_range",
                vec![Code::atom(str_lit(start)), Code::atom(str_lit(end))],
            ))
        }
        (BoolRange, Value::Object(m)) => {
            let (start, end) = range_pair(m)?;
            Some(Code::call(
                "date_range_flags",
                vec![
                    Code::atom(start.as_bool()?.to_string()),
                    Code::atom(end.as_bool()?.to_string()),
                ],
            ))
        }
        (Images, Value::Array(items)) if !items.is_empty() => {
            let images = items
                .iter()
                .map(|i| {
                    let m = i.as_object().filter(|m| m.len() == 2)?;
                    let src = m.get("src")?.as_str()?;
                    let alt = m.get("alt-text")?.as_str()?;
                    Some(Code::call(
                        "carousel_image",
                        vec![Code::atom(str_lit(src)), Code::atom(str_lit(alt))],
                    ))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Code::brackets("vec!", images))
        }
        (Text, Value::String(s)) => Some(str_or_ref(s, "String", scope)),
        (Text, Value::Array(items)) => str_array(items),
        (ErrorMessages, Value::String(s)) if !DynExpr::is_dynamic(s) => {
            Some(Code::atom(str_lit(s)))
        }
        (Bool | BoolRange | LitBool, Value::Bool(b)) => Some(Code::atom(b.to_string())),
        (Bool | BoolRange, Value::String(s)) if DynExpr::is_dynamic(s) => {
            Some(scope.reference(s, "bool"))
        }
        (Int, Value::Number(n)) => int_lit(n).map(Code::atom),
        (Int, Value::String(s)) if DynExpr::is_dynamic(s) => Some(scope.reference(s, "i64")),
        (Enum(ty), Value::String(s)) => enum_variant(ty, s).map(Code::atom),
        (StrList, Value::Array(items)) => str_array(items),
        (StrList, Value::String(s)) if DynExpr::is_dynamic(s) => {
            Some(scope.reference(s, "Vec<String>"))
        }
        (Weekdays, Value::Array(items)) if !items.is_empty() => {
            let days = items
                .iter()
                .map(|d| {
                    d.as_str()
                        .and_then(|s| enum_variant("Weekday", s))
                        .map(Code::atom)
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Code::brackets("", days))
        }
        (Choices, Value::Array(items)) => choices(items, scope, action),
        (NavItems, Value::String(s)) if DynExpr::is_dynamic(s) => {
            Some(scope.reference(s, "Vec<NavItem>"))
        }
        (Choices, Value::String(s)) if DynExpr::is_dynamic(s) => {
            Some(scope.reference(s, "Vec<Choice>"))
        }
        (Action, Value::Object(_)) => action(v),
        _ => None,
    }
}

/// `{"start-date": a, "end-date": b}` and nothing else.
fn range_pair(m: &serde_json::Map<String, Value>) -> Option<(&Value, &Value)> {
    (m.len() == 2).then_some(())?;
    Some((m.get("start-date")?, m.get("end-date")?))
}

/// Options as `vec![Choice::new(id, title)…]`, one per line: the table a person would write.
pub(crate) fn choices(
    items: &[Value],
    scope: &Scope,
    action: &dyn Fn(&Value) -> Option<Code>,
) -> Option<Code> {
    if items.is_empty() {
        return Some(Code::atom("Vec::<Choice>::new()"));
    }
    let list = items
        .iter()
        .map(|item| component_like("Choice", &["id", "title"], item, scope, action))
        .collect::<Option<Vec<_>>>()?;
    Some(Code::brackets("vec!", list))
}

/// `Type::new(required…)` then one setter per other key (`prop` for what no setter writes
/// exactly). `None` when a required key is missing or not of its type.
pub(crate) fn component_like(
    ty: &str,
    new_args: &[&str],
    v: &Value,
    scope: &Scope,
    action: &dyn Fn(&Value) -> Option<Code>,
) -> Option<Code> {
    let obj = v.as_object()?;
    let args = new_args
        .iter()
        .map(|k| value(kind(ty, k), obj.get(*k)?, scope, action))
        .collect::<Option<Vec<_>>>()?;
    let mut code = Code::call(format!("{ty}::new"), args);
    for (k, v) in obj {
        if k == "type" && ty != "Choice" || new_args.contains(&k.as_str()) {
            continue;
        }
        code = setter(code, ty, k, v, scope, action);
    }
    Some(code)
}

/// `.key(value)` with the typed setter when it writes `v` exactly, else `.prop("key", json)`.
pub(crate) fn setter(
    code: Code,
    ty: &str,
    key: &str,
    v: &Value,
    scope: &Scope,
    action: &dyn Fn(&Value) -> Option<Code>,
) -> Code {
    let k = kind(ty, key);
    let typed = if k == Kind::Name || k == Kind::Json || !has_setter(ty, key) {
        None
    } else {
        value(k, v, scope, action)
    };
    match typed {
        Some(arg) => code.method(key.replace('-', "_"), vec![arg]),
        None => code.method(
            "prop",
            vec![Code::atom(str_lit(key)), super::json_code::json(v)],
        ),
    }
}

/// Whether the builder of `ty` has a typed setter for `key`.
fn has_setter(ty: &str, key: &str) -> bool {
    if ty == "Choice" {
        return matches!(
            key,
            "description"
                | "metadata"
                | "enabled"
                | "image"
                | "alt-text"
                | "color"
                | "on-select-action"
                | "on-unselect-action"
        );
    }
    crate::builder::Child::BUILDERS
        .iter()
        .find(|b| b.component == ty)
        .is_some_and(|b| b.props.contains(&key) && !b.new_args.contains(&key))
}
