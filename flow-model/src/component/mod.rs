//! Components (spec §C) and the [`Component`] enum.

pub mod defs;

use indexmap::IndexMap;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::read::{
    Json, ObjectFields, PropValue, ReadField, read_list, read_map_of_lists, read_owned,
};
use crate::table::InputValue::{Boolean, Media, Text, TextList};
use crate::table::{BranchCounting, ComponentSpec, PropSpec};
use crate::validate::codes;
use crate::version::*;

macro_rules! components {
    (@counting) => { BranchCounting::Summed };
    (@counting $c:ident) => { BranchCounting::$c };
    ($( $variant:ident {
        since: $since:expr, value: $value:expr, in_if: $in_if:expr, in_switch: $in_switch:expr,
        max: $max:expr, max_code: $code:expr $(, counting: $counting:ident)?
    } ),* $(,)?) => {
        /// A component of a screen's layout.
        ///
        /// Unknown component types (and entries that are not objects with a string `type`) are
        /// kept whole in [`Component::Unknown`], so they survive a round trip and the validator
        /// can report them.
        // Variants are the component structs themselves, not boxes: pattern matching and
        // construction stay plain, and parsing allocates nothing per component beyond its data.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // Variants are kept unboxed so that matching reads like the JSON; see the size test.
        #[allow(clippy::large_enum_variant)]
        pub enum Component {
            $( #[doc = concat!("`", stringify!($variant), "`")] $variant(defs::$variant), )*
            /// Anything else, kept exactly as parsed.
            Unknown(Value),
        }

        /// Every component type Meta documents, with where it may appear and how often.
        pub const COMPONENTS: &[ComponentSpec] = &[
            $( ComponentSpec {
                name: stringify!($variant),
                since: $since,
                value: $value,
                in_if: $in_if,
                in_switch: $in_switch,
                max_per_screen: $max,
                max_per_screen_code: $code,
                counting: components!(@counting $($counting)?),
                props: defs::$variant::PROPS,
            }, )*
        ];

        impl Component {
            /// The `type` string, when there is one.
            pub fn type_name(&self) -> Option<&str> {
                match self {
                    $( Component::$variant(_) => Some(stringify!($variant)), )*
                    Component::Unknown(v) => v.get("type").and_then(Value::as_str),
                }
            }

            /// The table entry of a known component.
            pub fn spec(&self) -> Option<&'static ComponentSpec> {
                // Positions in COMPONENTS, so that the validator's per-component lookups do not
                // compare the type name against every entry.
                #[allow(non_camel_case_types, clippy::enum_variant_names)]
                enum Position { $( $variant, )* }
                match self {
                    $( Component::$variant(_) => Some(&COMPONENTS[Position::$variant as usize]), )*
                    Component::Unknown(_) => None,
                }
            }

            /// The present properties with their table entries.
            pub fn present_props(&self) -> Vec<(&'static PropSpec, &dyn PropValue)> {
                let mut out = Vec::new();
                self.present_props_into(&mut out);
                out
            }

            /// [`Self::present_props`] into `out` (cleared first), to reuse one buffer.
            pub fn present_props_into<'s>(&'s self, out: &mut Vec<(&'static PropSpec, &'s dyn PropValue)>) {
                match self {
                    $( Component::$variant(c) => c.present_props_into(out), )*
                    Component::Unknown(_) => out.clear(),
                }
            }

            /// Properties kept raw: unknown ones and known ones with a wrongly typed value.
            pub fn extra(&self) -> Option<&Map<String, Value>> {
                match self {
                    $( Component::$variant(c) => Some(&c.extra), )*
                    Component::Unknown(_) => None,
                }
            }

            fn empty_of_type(type_name: &str) -> Option<Component> {
                Some(match type_name {
                    $( stringify!($variant) => Component::$variant(Default::default()), )*
                    _ => return None,
                })
            }

            fn read_field<'de, D: Deserializer<'de>>(&mut self, key: String, d: D) -> Result<(), D::Error> {
                match self {
                    $( Component::$variant(c) => c.read_field(key, d), )*
                    Component::Unknown(_) => crate::read::read_value(d).map(drop),
                }
            }
        }

        impl Serialize for Component {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( Component::$variant(c) => c.serialize(s), )*
                    Component::Unknown(v) => v.serialize(s),
                }
            }
        }

        $(
            impl From<defs::$variant> for Component {
                fn from(c: defs::$variant) -> Self {
                    Component::$variant(c)
                }
            }
        )*
    };
}

const ALL: Option<Version> = Some(V4_0);

components! {
    TextHeading { since: V2_1, value: None, in_if: ALL, in_switch: ALL, max: None, max_code: None },
    TextSubheading { since: V2_1, value: None, in_if: ALL, in_switch: ALL, max: None, max_code: None },
    TextBody { since: V2_1, value: None, in_if: ALL, in_switch: ALL, max: None, max_code: None },
    TextCaption { since: V2_1, value: None, in_if: ALL, in_switch: ALL, max: None, max_code: None },
    RichText { since: V5_1, value: None, in_if: None, in_switch: None, max: None, max_code: None },
    TextInput { since: V2_1, value: Some(Text), in_if: ALL, in_switch: ALL, max: None, max_code: None },
    TextArea { since: V2_1, value: Some(Text), in_if: ALL, in_switch: ALL, max: None, max_code: None },
    CheckboxGroup { since: V2_1, value: Some(TextList), in_if: ALL, in_switch: ALL, max: None, max_code: None },
    RadioButtonsGroup { since: V2_1, value: Some(Text), in_if: ALL, in_switch: ALL, max: None, max_code: None },
    Dropdown { since: V2_1, value: Some(Text), in_if: ALL, in_switch: ALL, max: None, max_code: None },
    ChipsSelector { since: V6_3, value: Some(TextList), in_if: Some(V7_1), in_switch: Some(V7_1), max: None, max_code: None },
    Footer { since: V2_1, value: None, in_if: ALL, in_switch: ALL, max: Some(1), max_code: Some(codes::MAX_FOOTER_PER_SCREEN), counting: PerBranch },
    OptIn { since: V2_1, value: Some(Boolean), in_if: ALL, in_switch: ALL, max: Some(5), max_code: Some(codes::MAX_OPT_IN_PER_SCREEN) },
    EmbeddedLink { since: V2_1, value: None, in_if: ALL, in_switch: ALL, max: Some(2), max_code: Some(codes::MAX_EMBEDDED_LINK_PER_SCREEN) },
    DatePicker { since: V2_1, value: Some(Text), in_if: ALL, in_switch: ALL, max: None, max_code: None },
    CalendarPicker { since: V6_1, value: Some(Text), in_if: None, in_switch: None, max: None, max_code: None },
    Image { since: V2_1, value: None, in_if: ALL, in_switch: ALL, max: Some(3), max_code: Some(codes::MAX_IMAGE_PER_SCREEN) },
    ImageCarousel { since: V7_1, value: None, in_if: None, in_switch: None, max: Some(2), max_code: None },
    PhotoPicker { since: V4_0, value: Some(Media), in_if: None, in_switch: None, max: Some(1), max_code: None },
    DocumentPicker { since: V4_0, value: Some(Media), in_if: None, in_switch: None, max: Some(1), max_code: None },
    NavigationList { since: V6_2, value: None, in_if: None, in_switch: None, max: Some(2), max_code: None },
    If { since: V4_0, value: None, in_if: ALL, in_switch: None, max: None, max_code: None },
    Switch { since: V4_0, value: None, in_if: ALL, in_switch: None, max: None, max_code: None },
    Form { since: V2_1, value: None, in_if: None, in_switch: None, max: None, max_code: None },
}

impl ComponentSpec {
    /// Whether `value` is accepted for property `prop` exactly as the parser reads it: a
    /// literal of one of [`PropSpec::json`]'s types (a string holding an expression where the
    /// property is dynamic). `false` for a property this component does not have. For tools
    /// that check values before a document exists, such as the `flow!` macro.
    ///
    /// ```
    /// let footer = flow_model::component_spec("Footer").unwrap();
    /// assert!(footer.accepts("label", &serde_json::json!("Next")));
    /// assert!(footer.accepts("enabled", &serde_json::json!("${form.ok}")));
    /// assert!(!footer.accepts("enabled", &serde_json::json!("yes")));
    /// assert!(!footer.accepts("label", &serde_json::json!(3)));
    /// ```
    pub fn accepts(&self, prop: &str, value: &Value) -> bool {
        if self.prop(prop).is_none() {
            return false;
        }
        let Some(mut c) = Component::empty_of_type(self.name) else {
            return false;
        };
        read_owned(&mut ComponentFields(&mut c), prop.to_owned(), value.clone());
        !c.extra().is_some_and(|e| e.contains_key(prop))
    }

    /// How many of this component `children` (a screen's layout, a Form's children, a branch)
    /// holds, nested ones included, counting If branches and Switch cases as
    /// [`ComponentSpec::counting`] says.
    ///
    /// ```
    /// use flow_model::{component_spec, FlowJson};
    /// let flow = FlowJson::from_str(r#"{"version":"7.3","screens":[{"id":"A","terminal":true,
    ///   "data":{"x":{"type":"boolean","__example__":true}},
    ///   "layout":{"type":"SingleColumnLayout","children":[{"type":"If","condition":"${data.x}",
    ///     "then":[{"type":"Footer","label":"Yes","on-click-action":{"name":"complete"}}],
    ///     "else":[{"type":"Footer","label":"No","on-click-action":{"name":"complete"}}]}]}}]}"#).unwrap();
    /// let children = flow.screens.as_ref().unwrap()[0].children();
    /// assert_eq!(component_spec("Footer").unwrap().count_in(children), 1);
    /// ```
    pub fn count_in(&self, children: &[Component]) -> usize {
        let per_branch = self.counting == BranchCounting::PerBranch;
        let alternatives = |lists: &mut dyn Iterator<Item = &[Component]>| {
            if per_branch {
                lists.map(|l| self.count_in(l)).max().unwrap_or(0)
            } else {
                lists.map(|l| self.count_in(l)).sum()
            }
        };
        children
            .iter()
            .map(|c| {
                let own = usize::from(c.type_name() == Some(self.name));
                own + match c {
                    Component::Form(f) => f.children.as_deref().map_or(0, |l| self.count_in(l)),
                    Component::If(i) => alternatives(
                        &mut [i.then.as_deref(), i.else_.as_deref()]
                            .into_iter()
                            .map(|b| b.unwrap_or(&[])),
                    ),
                    Component::Switch(s) => alternatives(
                        &mut s.cases.iter().flat_map(|m| m.values().map(Vec::as_slice)),
                    ),
                    _ => 0,
                }
            })
            .sum()
    }
}

/// The table entry for a component `type`, if Meta documents it.
pub fn component_spec(type_name: &str) -> Option<&'static ComponentSpec> {
    COMPONENTS.iter().find(|c| c.name == type_name)
}

impl Component {
    /// The input `name`, for components that have one.
    pub fn input_name(&self) -> Option<&str> {
        match self {
            Component::TextInput(c) => c.name.as_deref(),
            Component::TextArea(c) => c.name.as_deref(),
            Component::CheckboxGroup(c) => c.name.as_deref(),
            Component::RadioButtonsGroup(c) => c.name.as_deref(),
            Component::Dropdown(c) => c.name.as_deref(),
            Component::ChipsSelector(c) => c.name.as_deref(),
            Component::OptIn(c) => c.name.as_deref(),
            Component::DatePicker(c) => c.name.as_deref(),
            Component::CalendarPicker(c) => c.name.as_deref(),
            Component::PhotoPicker(c) => c.name.as_deref(),
            Component::DocumentPicker(c) => c.name.as_deref(),
            _ => None,
        }
    }

    /// Nested component lists with their JSON key: `children` (Form), `then`/`else` (If),
    /// `cases.KEY` (Switch).
    pub fn child_lists(&self) -> Vec<(String, &[Component])> {
        match self {
            Component::Form(f) => f
                .children
                .iter()
                .map(|c| ("children".to_owned(), c.as_slice()))
                .collect(),
            Component::If(i) => {
                let mut out = Vec::new();
                if let Some(t) = &i.then {
                    out.push(("then".to_owned(), t.as_slice()));
                }
                if let Some(e) = &i.else_ {
                    out.push(("else".to_owned(), e.as_slice()));
                }
                out
            }
            Component::Switch(s) => s
                .cases
                .iter()
                .flat_map(|m| m.iter().map(|(k, v)| (format!("cases.{k}"), v.as_slice())))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The actions this component holds, with their property name.
    pub fn actions(&self) -> Vec<(&'static str, &crate::Action)> {
        let mut out = Vec::new();
        self.for_each_action(|k, a| out.push((k, a)));
        out
    }

    /// [`Self::actions`] without collecting them: the validator visits every component, and a
    /// list per component was an allocation for each one that holds an action.
    pub(crate) fn for_each_action<'a>(
        &'a self,
        mut f: impl FnMut(&'static str, &'a crate::Action),
    ) {
        macro_rules! push {
            ($c:expr, $($f:ident = $k:literal),*) => {{ $( if let Some(a) = &$c.$f { f($k, a); } )* }};
        }
        match self {
            Component::Footer(c) => push!(c, on_click_action = "on-click-action"),
            Component::EmbeddedLink(c) => push!(c, on_click_action = "on-click-action"),
            Component::OptIn(c) => push!(
                c,
                on_click_action = "on-click-action",
                on_select_action = "on-select-action",
                on_unselect_action = "on-unselect-action"
            ),
            Component::CheckboxGroup(c) => push!(
                c,
                on_select_action = "on-select-action",
                on_unselect_action = "on-unselect-action"
            ),
            Component::RadioButtonsGroup(c) => push!(
                c,
                on_select_action = "on-select-action",
                on_unselect_action = "on-unselect-action"
            ),
            Component::Dropdown(c) => push!(
                c,
                on_select_action = "on-select-action",
                on_unselect_action = "on-unselect-action"
            ),
            Component::ChipsSelector(c) => push!(
                c,
                on_select_action = "on-select-action",
                on_unselect_action = "on-unselect-action"
            ),
            Component::DatePicker(c) => push!(c, on_select_action = "on-select-action"),
            Component::CalendarPicker(c) => push!(c, on_select_action = "on-select-action"),
            Component::NavigationList(c) => push!(c, on_click_action = "on-click-action"),
            _ => {}
        }
    }
}

impl PropValue for Component {}

/// The remaining entries of `map` into `raw`, noting keys written twice.
fn insert_rest<'de, A: MapAccess<'de>>(
    raw: &mut Map<String, Value>,
    mut map: A,
) -> Result<(), A::Error> {
    while let Some((k, Json(v))) = map.next_entry::<String, Json>()? {
        if raw.insert(k, v).is_some() {
            crate::read::note_duplicate();
        }
    }
    Ok(())
}

impl<'de> Deserialize<'de> for Component {
    /// Never fails on well-formed JSON: anything that is not a known component is kept as
    /// [`Component::Unknown`].
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Component;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a component object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Component, A::Error> {
                let Some(first) = map.next_key::<String>()? else {
                    return Ok(Component::Unknown(Value::Object(Map::new())));
                };
                if first == "type" {
                    let Json(ty) = map.next_value()?;
                    if let Some(mut c) = ty.as_str().and_then(Component::empty_of_type) {
                        // The common case: `type` first, so the rest streams into the struct.
                        while let Some(key) = map.next_key::<String>()? {
                            if key == "type" {
                                // `type` written twice: the last one decides, as for any key.
                                crate::read::note_duplicate();
                                let Value::Object(mut raw) = crate::json::to_value(&c) else {
                                    unreachable!("a component serializes to an object")
                                };
                                let Json(ty) = map.next_value()?;
                                raw.insert(key, ty);
                                insert_rest(&mut raw, map)?;
                                return Ok(Component::from_object(raw));
                            }
                            map.next_value_seed(ComponentField {
                                target: &mut c,
                                key,
                            })?;
                        }
                        return Ok(c);
                    }
                    let mut raw = Map::new();
                    raw.insert(first, ty);
                    insert_rest(&mut raw, map)?;
                    // A later `type` may name a known component (the last one decides).
                    return Ok(Component::from_object(raw));
                }
                let mut raw = Map::new();
                let Json(v) = map.next_value()?;
                raw.insert(first, v);
                insert_rest(&mut raw, map)?;
                Ok(Component::from_object(raw))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Component, A::Error> {
                crate::read::rest_of_seq(seq).map(Component::Unknown)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Component, E> {
                Ok(Component::Unknown(Value::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Component, E> {
                Ok(Component::Unknown(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Component, E> {
                Ok(Component::Unknown(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Component, E> {
                Ok(Component::Unknown(
                    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
                ))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Component, E> {
                Ok(Component::Unknown(Value::String(v.to_owned())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Component, E> {
                Ok(Component::Unknown(Value::Null))
            }
        }
        d.deserialize_any(V)
    }
}

impl Component {
    /// Builds a component from an already parsed object whose `type` may be anywhere.
    pub fn from_object(mut raw: Map<String, Value>) -> Component {
        let Some(mut c) = raw
            .get("type")
            .and_then(Value::as_str)
            .and_then(Component::empty_of_type)
        else {
            return Component::Unknown(Value::Object(raw));
        };
        raw.shift_remove("type");
        for (k, v) in raw {
            read_owned(&mut ComponentFields(&mut c), k, v);
        }
        c
    }
}

struct ComponentFields<'a>(&'a mut Component);
impl ObjectFields for ComponentFields<'_> {
    fn read_field<'de, D: Deserializer<'de>>(&mut self, key: String, d: D) -> Result<(), D::Error> {
        self.0.read_field(key, d)
    }
}

struct ComponentField<'a> {
    target: &'a mut Component,
    key: String,
}
impl<'de> de::DeserializeSeed<'de> for ComponentField<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.target.read_field(self.key, d)
    }
}

impl ReadField for Vec<Component> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Result<Self, Value>, D::Error> {
        read_list(d)
    }
}

impl ReadField for IndexMap<String, Vec<Component>> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Result<Self, Value>, D::Error> {
        read_map_of_lists(d)
    }
}

impl crate::table::JsonShape for Component {
    const JSON: crate::table::JsonTypes = crate::table::JsonTypes::OBJECT;
}

#[cfg(test)]
mod tests {
    #[test]
    fn component_size_is_bounded() {
        // Unboxed variants make Vec<Component> wide; keep an eye on it (bench before boxing).
        let size = std::mem::size_of::<super::Component>();
        assert!(size <= 768, "Component is {size} bytes");
    }

    #[test]
    fn spec_is_the_table_entry_of_the_type() {
        for spec in super::COMPONENTS {
            let c = super::Component::empty_of_type(spec.name).unwrap();
            assert_eq!(c.spec().map(|s| s.name), Some(spec.name));
        }
    }
}
