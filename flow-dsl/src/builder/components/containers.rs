//! Components that hold components: If, Switch, Form.

use std::panic::Location;

use flow_model::Dyn;
use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::{Child, plain_component, render_children, set_extra};
use crate::builder::actions::PayloadValue;
use crate::builder::expr::{Expr, Node};
use crate::builder::refs::{RenderCx, Seg};
use crate::builder::value::{DynValue, dyn_expr};

/// Conditional rendering (4.0+): `then` when the condition holds, `else` otherwise.
///
/// The condition is written without backticks, as Meta requires; it must mention at least one
/// reference (a condition on literals alone is reported by `build()`).
///
/// ```
/// use flow_dsl::builder::*;
/// let mut flow = Flow::new("7.3");
/// let s = flow.screen("S");
/// let vip = flow.at(s).data::<bool>("vip", false);
/// let branch = If::new(&vip)
///     .then(TextBody::new("Welcome back!"))
///     .otherwise(TextBody::new("Hello"));
/// flow.at(s).child(branch);
/// ```
#[derive(Debug, Clone)]
pub struct If {
    condition: Expr<bool>,
    then: Vec<Child>,
    otherwise: Option<Vec<Child>>,
    extra: Option<Box<Map<String, Value>>>,
    loc: &'static Location<'static>,
}

impl If {
    /// The JSON keys of the constructor arguments.
    pub const NEW_ARGS: &'static [&'static str] = &["condition"];
    /// Every JSON key this builder writes: `then` by [`If::then`], `else` by [`If::otherwise`].
    pub const PROPS: &'static [&'static str] = &["condition", "then", "else"];

    /// An `If` on `condition`.
    #[track_caller]
    pub fn new(condition: impl Into<Expr<bool>>) -> Self {
        If {
            condition: condition.into(),
            then: Vec::new(),
            otherwise: None,
            extra: None,
            loc: Location::caller(),
        }
    }

    /// Appends a component to the `then` branch.
    pub fn then(mut self, child: impl Into<Child>) -> Self {
        self.then.push(child.into());
        self
    }

    /// Appends a component to the `else` branch.
    pub fn otherwise(mut self, child: impl Into<Child>) -> Self {
        self.otherwise
            .get_or_insert_with(Vec::new)
            .push(child.into());
        self
    }

    /// Sets a property this builder does not model.
    pub fn prop(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        set_extra(&mut self.extra, key, value);
        self
    }

    pub(crate) fn render(self, cx: &mut RenderCx<'_>) -> flow_model::If {
        let prev = cx.enter(self.loc);
        let mut m = flow_model::If::default();
        cx.push(Seg::Key("condition"));
        m.condition = Some(self.condition.node.render_condition(cx));
        cx.pop();
        cx.push(Seg::Key("then"));
        m.then = Some(render_children(self.then, cx));
        cx.pop();
        if let Some(e) = self.otherwise {
            cx.push(Seg::Key("else"));
            m.else_ = Some(render_children(e, cx));
            cx.pop();
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

/// Renders one list of components chosen by a value (4.0+).
///
/// ```
/// use flow_dsl::builder::*;
/// let mut flow = Flow::new("7.3");
/// let s = flow.screen("S");
/// let pet = flow.at(s).data::<String>("pet", "cat");
/// let sw = Switch::new(&pet)
///     .case("cat", TextBody::new("Meow"))
///     .case("dog", TextBody::new("Woof"));
/// flow.at(s).child(sw);
/// ```
#[derive(Debug, Clone)]
pub struct Switch {
    value: Expr<Value>,
    cases: IndexMap<String, Vec<Child>>,
    extra: Option<Box<Map<String, Value>>>,
    loc: &'static Location<'static>,
}

impl Switch {
    /// The JSON keys of the constructor arguments.
    pub const NEW_ARGS: &'static [&'static str] = &["value"];
    /// Every JSON key this builder writes: `cases` by [`Switch::case`].
    pub const PROPS: &'static [&'static str] = &["value", "cases"];

    /// A `Switch` on `value` (a reference, such as `${data.animal}`).
    #[track_caller]
    pub fn new<T>(value: &Expr<T>) -> Self {
        Switch {
            value: Expr::from_node((*value.node).clone()),
            cases: IndexMap::new(),
            extra: None,
            loc: Location::caller(),
        }
    }

    /// Appends a component to the case `key` (creating the case).
    pub fn case(mut self, key: impl Into<String>, child: impl Into<Child>) -> Self {
        self.cases.entry(key.into()).or_default().push(child.into());
        self
    }

    /// Sets a property this builder does not model.
    pub fn prop(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        set_extra(&mut self.extra, key, value);
        self
    }

    pub(crate) fn render(self, cx: &mut RenderCx<'_>) -> flow_model::Switch {
        let prev = cx.enter(self.loc);
        let mut m = flow_model::Switch::default();
        cx.push(Seg::Key("value"));
        if !matches!(&*self.value.node, Node::Ref(_) | Node::Raw(_)) {
            cx.misuse("a Switch value must be a reference to data or a form value");
        }
        m.value = Some(dyn_expr(self.value.node.render_value(cx)));
        cx.pop();
        cx.push(Seg::Key("cases"));
        let mut cases = IndexMap::with_capacity(self.cases.len());
        for (k, list) in self.cases {
            cx.push(Seg::Name(k.clone()));
            cases.insert(k, render_children(list, cx));
            cx.pop();
        }
        cx.pop();
        m.cases = Some(cases);
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

/// Groups inputs (mandatory before 4.0, optional after).
///
/// To get typed references to the inputs inside, fill it through
/// [`Screen::form`](crate::builder::Screen::form).
///
/// ```
/// use flow_dsl::builder::*;
/// let f = Form::new("form").child(TextInput::new("name", "Name"));
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct Form {
    pub(crate) name: String,
    pub(crate) children: Vec<Child>,
    init_values: Option<FieldMap>,
    error_messages: Option<FieldMap>,
    extra: Option<Box<Map<String, Value>>>,
    loc: &'static Location<'static>,
}

impl Form {
    /// The JSON keys of the constructor arguments.
    pub const NEW_ARGS: &'static [&'static str] = &["name"];
    /// Every JSON key this builder writes: `children` by [`Form::child`], the maps by their
    /// whole-map and per-field setters.
    pub const PROPS: &'static [&'static str] =
        &["name", "children", "init-values", "error-messages"];

    /// A Form named `name`.
    #[track_caller]
    pub fn new(name: impl Into<String>) -> Self {
        Form {
            name: name.into(),
            children: Vec::new(),
            init_values: None,
            error_messages: None,
            extra: None,
            loc: Location::caller(),
        }
    }

    /// Appends a component.
    pub fn child(mut self, child: impl Into<Child>) -> Self {
        self.children.push(child.into());
        self
    }

    /// Field name → initial value as one literal object, or a binding of the whole object
    /// (screen data declared as a JSON [`Value`]). Replaces what was set before; see
    /// [`init_value`](Self::init_value) to set fields one at a time.
    pub fn init_values(mut self, v: impl Into<DynValue<Map<String, Value>>>) -> Self {
        self.init_values = Some(FieldMap::Whole(v.into()));
        self
    }

    /// The initial value of one field: a literal, or a reference or expression rendered as
    /// `"${data.x}"` — the common way to prefill a form from the screen's data.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let s = flow.screen("S");
    /// let email = flow.at(s).data::<String>("email", "ana@example.com");
    /// flow.at(s).terminal(true).child(
    ///     Form::new("f")
    ///         .child(TextInput::new("email", "Email"))
    ///         .child(TextInput::new("city", "City"))
    ///         .init_value("email", &email)
    ///         .init_value("city", "Lisbon")
    ///         .child(Footer::new("Done", complete())),
    /// );
    /// let json = flow.build().unwrap();
    /// let form = &flow_model::to_value(&json)["screens"][0]["layout"]["children"][0];
    /// assert_eq!(
    ///     form["init-values"],
    ///     serde_json::json!({"email": "${data.email}", "city": "Lisbon"})
    /// );
    /// ```
    #[track_caller]
    pub fn init_value(mut self, field: impl Into<String>, v: impl Into<PayloadValue>) -> Self {
        FieldMap::set(
            &mut self.init_values,
            field.into(),
            v.into(),
            Location::caller(),
        );
        self
    }

    /// Field name → error message as one literal object, or a binding of the whole object.
    /// Replaces what was set before; see [`error_message`](Self::error_message).
    pub fn error_messages(mut self, v: impl Into<DynValue<Map<String, Value>>>) -> Self {
        self.error_messages = Some(FieldMap::Whole(v.into()));
        self
    }

    /// The error message of one field: a literal, or a binding such as `"${data.email_error}"`
    /// (set by the endpoint after a `data_exchange`).
    #[track_caller]
    pub fn error_message(mut self, field: impl Into<String>, v: impl Into<PayloadValue>) -> Self {
        FieldMap::set(
            &mut self.error_messages,
            field.into(),
            v.into(),
            Location::caller(),
        );
        self
    }

    pub(crate) fn set_init_values(&mut self, v: DynValue<Map<String, Value>>) {
        self.init_values = Some(FieldMap::Whole(v));
    }

    pub(crate) fn set_error_messages(&mut self, v: DynValue<Map<String, Value>>) {
        self.error_messages = Some(FieldMap::Whole(v));
    }

    pub(crate) fn set_init_value(
        &mut self,
        field: String,
        v: PayloadValue,
        loc: &'static Location<'static>,
    ) {
        FieldMap::set(&mut self.init_values, field, v, loc);
    }

    pub(crate) fn set_error_message(
        &mut self,
        field: String,
        v: PayloadValue,
        loc: &'static Location<'static>,
    ) {
        FieldMap::set(&mut self.error_messages, field, v, loc);
    }

    /// Sets a property this builder does not model.
    pub fn prop(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        set_extra(&mut self.extra, key, value);
        self
    }

    pub(crate) fn render(self, cx: &mut RenderCx<'_>) -> flow_model::Form {
        let prev = cx.enter(self.loc);
        let mut m = flow_model::Form::default();
        m.name = Some(self.name);
        cx.push(Seg::Key("children"));
        m.children = Some(render_children(self.children, cx));
        cx.pop();
        if let Some(v) = self.init_values {
            cx.push(Seg::Key("init-values"));
            m.init_values = Some(v.render(cx));
            cx.pop();
        }
        if let Some(v) = self.error_messages {
            cx.push(Seg::Key("error-messages"));
            m.error_messages = Some(v.render(cx));
            cx.pop();
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

plain_component!(If, Switch, Form);

/// A Form's `init-values` or `error-messages`: one literal object or binding for the whole, or
/// set field by field, each field a literal or a binding.
#[derive(Debug, Clone)]
enum FieldMap {
    Whole(DynValue<Map<String, Value>>),
    /// Field, value, and the builder call that set it (where its findings point).
    Fields(Vec<(String, PayloadValue, &'static Location<'static>)>),
}

impl FieldMap {
    /// Sets one field. A literal object set before keeps its other fields; a binding of the
    /// whole object cannot be combined with fields, so it is replaced.
    fn set(
        slot: &mut Option<FieldMap>,
        field: String,
        v: PayloadValue,
        loc: &'static Location<'static>,
    ) {
        let mut fields = match slot.take() {
            Some(FieldMap::Fields(f)) => f,
            Some(FieldMap::Whole(DynValue::Lit(m))) => m
                .into_iter()
                .map(|(k, v)| (k, PayloadValue::from(v), loc))
                .collect(),
            Some(FieldMap::Whole(DynValue::Expr(_))) | None => Vec::new(),
        };
        // Like a map insert: the last value wins, in the field's first position.
        match fields.iter_mut().find(|(k, _, _)| *k == field) {
            Some(slot) => (slot.1, slot.2) = (v, loc),
            None => fields.push((field, v, loc)),
        }
        *slot = Some(FieldMap::Fields(fields));
    }

    fn render(self, cx: &mut RenderCx<'_>) -> Dyn<Map<String, Value>> {
        match self {
            FieldMap::Whole(v) => v.render(cx),
            FieldMap::Fields(fields) => {
                let mut m = Map::with_capacity(fields.len());
                for (k, v, loc) in fields {
                    cx.push(Seg::Name(k.clone()));
                    let prev = cx.enter(loc);
                    let v = v.render(cx);
                    cx.leave(prev);
                    cx.pop();
                    m.insert(k, v);
                }
                Dyn::Lit(m)
            }
        }
    }
}
