//! A screen's content: title and flags, data declarations, components.

use std::panic::Location;

use flow_model::{DataSchema, LayoutType};
use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::components::{Child, Component, Form};
use super::error::{BuildFinding, codes};
use super::expr::{Expr, Node};
use super::refs::{DataRef, RefKind, RefTarget, RenderCx, ScreenHandle, Seg};
use super::value::{DataType, DynValue};

/// One declared screen data field.
#[derive(Debug, Clone)]
pub(crate) struct DataDecl {
    pub(crate) key: String,
    pub(crate) schema: DataSchema,
    pub(crate) loc: &'static Location<'static>,
}

/// The content of a screen, reached with [`Flow::at`](super::Flow::at).
///
/// Setters return `&mut Self` so they chain; [`Screen::add`] returns the typed reference of the
/// component it adds (a [`FormRef`](super::FormRef) for inputs).
///
/// ```
/// use flow_dsl::builder::*;
/// let mut flow = Flow::new("7.3");
/// let start = flow.screen("START");
/// let s = flow.at(start);
/// s.title("Sign up").terminal(true);
/// let name = s.add(TextInput::new("name", "Name").required(true));
/// s.child(Footer::new("Done", complete().with("name", &name)));
/// assert!(flow.build().is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct Screen {
    pub(crate) handle: ScreenHandle,
    pub(crate) id: String,
    pub(crate) loc: &'static Location<'static>,
    title: Option<DynValue<String>>,
    terminal: Option<bool>,
    success: Option<bool>,
    refresh_on_back: Option<bool>,
    sensitive: Option<Vec<String>>,
    pub(crate) data: Vec<DataDecl>,
    empty_data: bool,
    children: Vec<Child>,
    extra: Map<String, Value>,
    pub(crate) early: Vec<BuildFinding>,
}

impl Screen {
    pub(crate) fn new(handle: ScreenHandle, id: String, loc: &'static Location<'static>) -> Screen {
        Screen {
            handle,
            id,
            loc,
            title: None,
            terminal: None,
            success: None,
            refresh_on_back: None,
            sensitive: None,
            data: Vec::new(),
            empty_data: false,
            children: Vec::new(),
            extra: Map::new(),
            early: Vec::new(),
        }
    }

    /// This screen's handle (for `navigate`, routes and references).
    pub fn handle(&self) -> ScreenHandle {
        self.handle
    }

    /// The screen id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The top bar title; may be dynamic.
    pub fn title(&mut self, title: impl Into<DynValue<String>>) -> &mut Self {
        self.title = Some(title.into());
        self
    }

    /// Whether the flow can end here (needs a Footer).
    pub fn terminal(&mut self, yes: bool) -> &mut Self {
        self.terminal = Some(yes);
        self
    }

    /// Whether ending here counts as success (3.1+, terminal screens only).
    pub fn success(&mut self, yes: bool) -> &mut Self {
        self.success = Some(yes);
        self
    }

    /// Send a BACK request to the endpoint when leaving this screen backwards.
    pub fn refresh_on_back(&mut self, yes: bool) -> &mut Self {
        self.refresh_on_back = Some(yes);
        self
    }

    /// Field names masked in the completion summary (5.1+).
    pub fn sensitive<S: Into<String>>(&mut self, names: impl IntoIterator<Item = S>) -> &mut Self {
        self.sensitive = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Writes `"data": {}` even when nothing is declared (Meta's examples often do).
    pub fn empty_data(&mut self) -> &mut Self {
        self.empty_data = true;
        self
    }

    /// Sets a screen property this builder does not model.
    pub fn prop(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    /// Declares a screen data field with its example and returns a typed reference to it.
    ///
    /// The schema comes from `T` and the example: `String` → `string`, `i64`/`f64` →
    /// `number`, `bool` → `boolean`, `Vec<String>` → array of strings, `Vec<Choice>` →
    /// array of `{id, title}` (a bound `data-source`).
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let s = flow.screen("S");
    /// let name = flow.at(s).data::<String>("name", "Ana");
    /// assert_eq!(name.to_string(), "${data.name}");
    /// ```
    #[track_caller]
    pub fn data<T: DataType>(&mut self, key: &str, example: impl Into<T>) -> DataRef<T> {
        let example = example.into().example_json();
        let mut schema = T::schema(&example);
        schema.example = Some(example);
        self.declare(key, schema, Location::caller())
    }

    /// Declares a field of any JSON shape; the schema is inferred from the example.
    #[track_caller]
    pub fn data_json(&mut self, key: &str, example: Value) -> DataRef<Value> {
        let mut schema = super::value::infer_schema(&example);
        schema.example = Some(example);
        self.declare(key, schema, Location::caller())
    }

    /// Declares a field with an explicit schema (include `__example__` in it), for shapes the
    /// inference does not produce.
    #[track_caller]
    pub fn data_schema<T>(&mut self, key: &str, schema: DataSchema) -> DataRef<T> {
        self.declare(key, schema, Location::caller())
    }

    /// Declares a field with its schema given as JSON (`{"type": …, "__example__": …}`), kept
    /// exactly as parsed, unknown members included: for schemas that neither a Rust type nor
    /// the example implies, such as an imported flow's. A schema that is not a JSON object is
    /// no schema: `build()` reports it (`FLOWDSL_BUILDER_MISUSE`) and nothing is declared.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let s = flow.screen("S");
    /// let schema = serde_json::json!({"type": "string", "__example__": "x", "x-note": 1});
    /// let note = flow.at(s).data_schema_json::<String>("note", schema.clone());
    /// assert_eq!(note.to_string(), "${data.note}");
    /// flow.at(s).terminal(true).child(Footer::new("Done", complete()));
    /// let v = flow.build_unchecked().to_value();
    /// assert_eq!(v["screens"][0]["data"]["note"], schema);
    /// ```
    #[track_caller]
    pub fn data_schema_json<T>(&mut self, key: &str, schema: Value) -> DataRef<T> {
        match <DataSchema as flow_model::FromJson>::from_json(schema) {
            Ok(schema) => self.declare(key, schema, Location::caller()),
            Err(_) => {
                self.early.push(BuildFinding::builder(
                    codes::MISUSE,
                    format!("data.{key}"),
                    format!("the schema of data `{key}` is not a JSON object"),
                    Location::caller(),
                ));
                Expr::from_node(Node::Ref(RefTarget {
                    screen: self.handle,
                    kind: RefKind::Data,
                    path: vec![key.to_owned()],
                }))
            }
        }
    }

    fn declare<T>(
        &mut self,
        key: &str,
        schema: DataSchema,
        loc: &'static Location<'static>,
    ) -> DataRef<T> {
        if self.data.iter().any(|d| d.key == key) {
            self.early.push(BuildFinding::builder(
                codes::DUPLICATE_DATA_KEY,
                format!("data.{key}"),
                format!("screen {} declares data `{key}` twice", self.id),
                loc,
            ));
        } else {
            self.data.push(DataDecl {
                key: key.to_owned(),
                schema,
                loc,
            });
        }
        Expr::from_node(Node::Ref(RefTarget {
            screen: self.handle,
            kind: RefKind::Data,
            path: vec![key.to_owned()],
        }))
    }

    /// Adds a component at the end of the layout and returns its typed reference
    /// (`FormRef<T>` for inputs, `()` otherwise).
    pub fn add<C: Component>(&mut self, component: C) -> C::Ref {
        let r = component.reference(self.handle);
        self.children.push(component.into());
        r
    }

    /// Adds a component at the end of the layout (chainable).
    pub fn child(&mut self, component: impl Into<Child>) -> &mut Self {
        self.children.push(component.into());
        self
    }

    /// Adds a Form named `name` and returns a scope that adds components inside it, with
    /// typed references for its inputs.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("3.1");
    /// let s = flow.screen("S");
    /// let screen = flow.at(s);
    /// screen.terminal(true);
    /// let mut form = screen.form("form");
    /// let name = form.add(TextInput::new("name", "Name"));
    /// form.child(Footer::new("Send", complete().with("name", &name)));
    /// assert!(flow.build().is_ok());
    /// ```
    #[track_caller]
    pub fn form(&mut self, name: impl Into<String>) -> FormScope<'_> {
        self.children.push(Child::Form(Form::new(name)));
        let index = self.children.len() - 1;
        FormScope {
            screen: self,
            index,
        }
    }

    pub(crate) fn render(self, index: usize, cx: &mut RenderCx<'_>) -> flow_model::Screen {
        cx.screen = Some(self.handle.index);
        cx.push(Seg::Key("screens"));
        cx.push(Seg::Idx(index));
        let prev = cx.enter(self.loc);
        let mut s = flow_model::Screen::default();
        s.id = Some(self.id);
        if let Some(t) = self.title {
            cx.push(Seg::Key("title"));
            s.title = Some(t.render(cx));
            cx.pop();
        }
        s.terminal = self.terminal;
        s.success = self.success;
        s.refresh_on_back = self.refresh_on_back;
        s.sensitive = self.sensitive;
        if !self.data.is_empty() || self.empty_data {
            let mut data = IndexMap::with_capacity(self.data.len());
            cx.push(Seg::Key("data"));
            for d in self.data {
                cx.push(Seg::Name(d.key.clone()));
                let p = cx.enter(d.loc);
                cx.leave(p);
                cx.pop();
                data.insert(d.key, d.schema);
            }
            cx.pop();
            s.data = Some(data);
        }
        let mut layout = flow_model::Layout::default();
        layout.kind = Some(LayoutType::SingleColumnLayout);
        cx.push(Seg::Key("layout"));
        cx.push(Seg::Key("children"));
        layout.children = Some(super::components::render_children(self.children, cx));
        cx.pop();
        cx.pop();
        s.layout = Some(layout);
        for (k, v) in self.extra {
            s.set_prop(k, v);
        }
        cx.leave(prev);
        cx.pop();
        cx.pop();
        s
    }
}

/// Adds components inside a Form of a screen (from [`Screen::form`]).
#[derive(Debug)]
pub struct FormScope<'a> {
    screen: &'a mut Screen,
    index: usize,
}

impl FormScope<'_> {
    fn form(&mut self) -> Option<&mut Form> {
        match self.screen.children.get_mut(self.index) {
            Some(Child::Form(f)) => Some(f),
            _ => None,
        }
    }

    /// Adds a component inside the Form and returns its typed reference.
    pub fn add<C: Component>(&mut self, component: C) -> C::Ref {
        let r = component.reference(self.screen.handle);
        self.push(component.into());
        r
    }

    /// Adds a component inside the Form (chainable).
    pub fn child(&mut self, component: impl Into<Child>) -> &mut Self {
        self.push(component.into());
        self
    }

    /// The Form's `init-values`: one literal object or a binding of the whole; see
    /// [`Form::init_values`](crate::builder::Form::init_values).
    pub fn init_values(&mut self, v: impl Into<DynValue<Map<String, Value>>>) -> &mut Self {
        let v = v.into();
        self.edit(|f| f.set_init_values(v))
    }

    /// The Form's `error-messages`: one literal object or a binding of the whole.
    pub fn error_messages(&mut self, v: impl Into<DynValue<Map<String, Value>>>) -> &mut Self {
        let v = v.into();
        self.edit(|f| f.set_error_messages(v))
    }

    /// The initial value of one field of the Form, a literal or a binding; see
    /// [`Form::init_value`](crate::builder::Form::init_value).
    #[track_caller]
    pub fn init_value(
        &mut self,
        field: impl Into<String>,
        v: impl Into<crate::builder::PayloadValue>,
    ) -> &mut Self {
        let (field, v, loc) = (field.into(), v.into(), std::panic::Location::caller());
        self.edit(|f| f.set_init_value(field, v, loc))
    }

    /// The error message of one field of the Form, a literal or a binding; see
    /// [`Form::error_message`](crate::builder::Form::error_message).
    #[track_caller]
    pub fn error_message(
        &mut self,
        field: impl Into<String>,
        v: impl Into<crate::builder::PayloadValue>,
    ) -> &mut Self {
        let (field, v, loc) = (field.into(), v.into(), std::panic::Location::caller());
        self.edit(|f| f.set_error_message(field, v, loc))
    }

    fn edit(&mut self, change: impl FnOnce(&mut Form)) -> &mut Self {
        if let Some(f) = self.form() {
            change(f);
        }
        self
    }

    fn push(&mut self, c: Child) {
        // The scope was created right after pushing the Form, and children are only appended,
        // so the index stays valid; fall back to the screen rather than lose the component.
        match self.form() {
            Some(f) => f.children.push(c),
            None => self.screen.children.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::builder::{Flow, Footer, codes, complete};

    #[test]
    fn data_schema_json_keeps_the_schema_and_reports_a_non_object() {
        let mut flow = Flow::new("7.3");
        let s = flow.screen("S");
        let schema = serde_json::json!({"type": "array", "items": true, "__example__": []});
        flow.at(s)
            .data_schema_json::<serde_json::Value>("rows", schema.clone());
        flow.at(s)
            .terminal(true)
            .child(Footer::new("Done", complete()));
        let v = flow.clone().build_unchecked().to_value();
        assert_eq!(v["screens"][0]["data"]["rows"], schema);

        let mut flow = Flow::new("7.3");
        let s = flow.screen("S");
        flow.at(s)
            .data_schema_json::<String>("x", serde_json::json!("string"));
        flow.at(s)
            .terminal(true)
            .child(Footer::new("Done", complete()));
        let err = flow.build().unwrap_err();
        let f = err
            .findings
            .iter()
            .find(|f| f.code == codes::MISUSE)
            .expect("reported");
        assert_eq!(f.path, "screens[0].data.x");
    }
}
