//! One builder per component of spec §C. Required properties are constructor arguments; the
//! others are chained setters named after the JSON key (`input-type` → `.input_type(..)`).
//!
//! Every constructor records its call site (`#[track_caller]`), so `build()` findings point at
//! the Rust line that created the offending component.

mod containers;
mod inputs;
mod items;
mod misc;
mod selection;
mod text;

use std::panic::Location;

use serde_json::{Map, Value};

use super::refs::{RenderCx, ScreenHandle, Seg};

pub use containers::{Form, If, Switch};
pub use inputs::{
    CalendarPicker, DatePicker, DocumentPicker, OptIn, PhotoPicker, TextArea, TextInput,
};
pub use items::{Choice, NavItem, carousel_image, date_range, date_range_flags};
pub use misc::{EmbeddedLink, Footer, Image, ImageCarousel, NavigationList};
pub use selection::{CheckboxGroup, ChipsSelector, Dropdown, RadioButtonsGroup};
pub use text::{RichText, TextBody, TextCaption, TextHeading, TextSubheading};

/// A component that can be added to a screen, a Form or a branch.
///
/// `Ref` is what [`Screen::add`](crate::builder::Screen::add) returns: a typed
/// [`FormRef`](crate::builder::FormRef) for inputs, `()` for the rest.
pub trait Component: Into<Child> {
    /// The typed reference to the component's value.
    type Ref;
    /// The reference to this component's value when it sits on `screen`.
    fn reference(&self, screen: ScreenHandle) -> Self::Ref;
}

/// The storage type of a field kind.
macro_rules! inner_ty {
    (Dyn $t:ty) => { $crate::builder::value::DynValue<$t> };
    (Lit $t:ty) => { $t };
    (Act $t:ty) => { $crate::builder::actions::Action };
}
pub(crate) use inner_ty;

/// Renders one field into its model form (moving its values), tracking the JSON path for
/// findings.
macro_rules! render_field {
    (Dyn, $v:expr, $cx:ident, $key:literal) => {
        $v.map(|v| {
            $cx.push($crate::builder::refs::Seg::Key($key));
            let r = v.render($cx);
            $cx.pop();
            r
        })
    };
    (Lit, $v:expr, $cx:ident, $key:literal) => {
        $v
    };
    (Act, $v:expr, $cx:ident, $key:literal) => {
        $v.map(|a| {
            $cx.push($crate::builder::refs::Seg::Key($key));
            let r = a.render($cx);
            $cx.pop();
            // Large model actions may be boxed (`DataSourceItem`); `into` fits either.
            r.into()
        })
    };
}
pub(crate) use render_field;

/// Declares a component builder: the struct, `new` with the required properties, one setter
/// per optional property, `prop` for unmodelled keys, and rendering to the model struct.
///
/// Optional properties live in a separately allocated struct created by the first setter:
/// builder values stay small (they are moved by every chained call and stored in layouts), and
/// components without optional properties cost no extra allocation.
macro_rules! builder {
    (
        $(#[$m:meta])*
        $name:ident / $opts:ident => $model:path {
            new($( $rf:ident : $rk:ident $rt:ty = $rkey:literal ),* $(,)?);
            $( $(#[$fm:meta])* $f:ident : $k:ident $t:ty = $key:literal; )*
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone)]
        pub struct $name {
            $( $rf: Option<$crate::builder::components::inner_ty!($rk $rt)>, )*
            opts: Option<Box<$opts>>,
            extra: Option<Box<serde_json::Map<String, serde_json::Value>>>,
            loc: &'static std::panic::Location<'static>,
        }

        #[derive(Debug, Clone, Default)]
        struct $opts {
            $( $f: Option<$crate::builder::components::inner_ty!($k $t)>, )*
        }

        impl $name {
            /// The JSON keys of the constructor arguments, in order (for code generators such
            /// as the `flow!` macro: these attributes go to `new`, every other one to the
            /// setter of the same name with `-` replaced by `_`).
            pub const NEW_ARGS: &'static [&'static str] = &[$($rkey),*];

            /// Every JSON key this builder writes, the constructor's first, then one per
            /// setter; tested against flow-model's table ([`Child::BUILDERS`](crate::builder::Child::BUILDERS)).
            pub const PROPS: &'static [&'static str] = &[$($rkey,)* $($key,)*];

            /// Creates the component with the properties Meta requires.
            #[track_caller]
            pub fn new($( $rf: impl Into<$crate::builder::components::inner_ty!($rk $rt)> ),*) -> Self {
                $name {
                    $( $rf: Some($rf.into()), )*
                    opts: None,
                    extra: None,
                    loc: std::panic::Location::caller(),
                }
            }

            $(
                $(#[$fm])*
                #[doc = concat!("\n\nJSON key: `", $key, "`.")]
                pub fn $f(mut self, value: impl Into<$crate::builder::components::inner_ty!($k $t)>) -> Self {
                    self.opts.get_or_insert_with(Default::default).$f = Some(value.into());
                    self
                }
            )*

            /// Sets a property this builder does not model (written after the known ones).
            pub fn prop(mut self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
                self.extra.get_or_insert_with(Default::default).insert(key.into(), value.into());
                self
            }

            /// The call site that created this component.
            pub fn location(&self) -> &'static std::panic::Location<'static> {
                self.loc
            }

            pub(crate) fn render(self, cx: &mut $crate::builder::refs::RenderCx<'_>) -> $model {
                let prev = cx.enter(self.loc);
                let mut m = <$model>::default();
                $( m.$rf = $crate::builder::components::render_field!($rk, self.$rf, cx, $rkey); )*
                if let Some(_opts) = self.opts {
                    let _opts = *_opts;
                    $( m.$f = $crate::builder::components::render_field!($k, _opts.$f, cx, $key); )*
                }
                if let Some(extra) = self.extra {
                    // A known key given through `prop` lands in its typed field, as when parsed.
                    for (k, v) in *extra {
                        m.set_prop(k, v);
                    }
                }
                cx.leave(prev);
                m
            }
        }
    };
}
pub(crate) use builder;

/// `Component` for non-inputs: adding one returns `()`.
macro_rules! plain_component {
    ($($name:ident),*) => {$(
        impl $crate::builder::components::Component for $name {
            type Ref = ();
            fn reference(&self, _screen: $crate::builder::refs::ScreenHandle) {}
        }
    )*};
}
pub(crate) use plain_component;

/// `Component` for inputs: adding one returns a typed reference to its value.
macro_rules! input_component {
    ($($name:ident => $t:ty),*) => {$(
        impl $crate::builder::components::Component for $name {
            type Ref = $crate::builder::refs::FormRef<$t>;
            fn reference(&self, screen: $crate::builder::refs::ScreenHandle) -> Self::Ref {
                screen.form(self.name.as_deref().unwrap_or_default())
            }
        }
    )*};
}
pub(crate) use input_component;

/// The JSON keys one component builder writes (see [`Child::BUILDERS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuilderKeys {
    /// The component `type`.
    pub component: &'static str,
    /// The keys given to `new`, in order.
    pub new_args: &'static [&'static str],
    /// Every key the builder can write (constructor and setters), besides `prop`.
    pub props: &'static [&'static str],
}

macro_rules! children {
    ($($name:ident),* $(,)?) => {
        /// Any component, as held in a layout, a Form or a branch.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum Child {
            $( #[doc = concat!("`", stringify!($name), "`")] $name($name), )*
            /// A model component written as is (unknown types, hand-made JSON).
            Raw(Box<flow_model::Component>, &'static Location<'static>),
        }

        $(
            impl From<$name> for Child {
                fn from(c: $name) -> Child {
                    Child::$name(c)
                }
            }
        )*

        impl Child {
            /// Every component builder with the JSON keys it writes, for checking the builders
            /// against flow-model's table (and for code generators).
            ///
            /// ```
            /// use flow_dsl::builder::Child;
            /// let footer = Child::BUILDERS.iter().find(|b| b.component == "Footer").unwrap();
            /// assert_eq!(footer.new_args, ["label", "on-click-action"]);
            /// assert!(footer.props.contains(&"center-caption"));
            /// ```
            pub const BUILDERS: &'static [BuilderKeys] = &[
                $( BuilderKeys { component: stringify!($name), new_args: $name::NEW_ARGS, props: $name::PROPS }, )*
            ];

            pub(crate) fn render(self, cx: &mut RenderCx<'_>) -> flow_model::Component {
                match self {
                    $( Child::$name(c) => flow_model::Component::$name(c.render(cx)), )*
                    Child::Raw(c, loc) => {
                        let prev = cx.enter(loc);
                        cx.leave(prev);
                        *c
                    }
                }
            }
        }
    };
}

children!(
    TextHeading,
    TextSubheading,
    TextBody,
    TextCaption,
    RichText,
    TextInput,
    TextArea,
    CheckboxGroup,
    RadioButtonsGroup,
    Dropdown,
    ChipsSelector,
    Footer,
    OptIn,
    EmbeddedLink,
    DatePicker,
    CalendarPicker,
    Image,
    ImageCarousel,
    PhotoPicker,
    DocumentPicker,
    NavigationList,
    If,
    Switch,
    Form,
);

impl Child {
    /// A component given as a model value (or any JSON object), written as is.
    ///
    /// ```
    /// use flow_dsl::builder::Child;
    /// let c = Child::raw(serde_json::json!({"type": "Sparkles", "amount": 3}));
    /// # let _ = c;
    /// ```
    #[track_caller]
    pub fn raw(value: Value) -> Child {
        let c = match value {
            Value::Object(m) => flow_model::Component::from_object(m),
            other => flow_model::Component::Unknown(other),
        };
        Child::Raw(Box::new(c), Location::caller())
    }
}

impl Component for Child {
    type Ref = ();
    fn reference(&self, _screen: ScreenHandle) {}
}

/// Renders a list of children under `key` (`children`, `then`, `else`).
pub(crate) fn render_children(
    list: Vec<Child>,
    cx: &mut RenderCx<'_>,
) -> Vec<flow_model::Component> {
    let mut out = Vec::with_capacity(list.len());
    for (i, c) in list.into_iter().enumerate() {
        cx.push(Seg::Idx(i));
        out.push(c.render(cx));
        cx.pop();
    }
    out
}

/// Unmodelled properties, shared by the hand-written builders.
pub(crate) fn set_extra(
    extra: &mut Option<Box<Map<String, Value>>>,
    key: impl Into<String>,
    value: impl Into<Value>,
) {
    extra
        .get_or_insert_with(Default::default)
        .insert(key.into(), value.into());
}
