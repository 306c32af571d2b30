//! The `flow!` generator: a Flow JSON document as one `flow!` invocation.
//!
//! It writes what a person would: elements named as in Flow JSON, typed references
//! (`data.name`, `form.email`, `screen.START.form.age`) and expressions instead of `${…}`
//! strings, `data` declarations with Rust types, `If`/`Switch` as elements, action payloads
//! as maps, long option lists one item a line. Whatever `flow!` has no syntax for (an unknown
//! component or property, a value the builders only take in another shape) goes through the
//! `raw:` escape hatch or `<Raw json={..} />` with a comment saying why, so nothing is lost.
//!
//! A reference is typed only when `flow!` can resolve it (the data key is declared on that
//! screen, the input exists there) and an expression only when `flow!` writes it back as the
//! same text ([`expr::render`]); otherwise the string is kept as written.

use std::cell::RefCell;
use std::collections::HashSet;

use flow_model::table::{Certainty, ComponentSpec, JsonTypes, Requirement};
use flow_model::validate::Severity;
use flow_model::{LATEST_FLOW_VERSION, Version};
use serde_json::{Map, Value};

use super::expr::{self, Ex, Ref, RefKind};
use super::findings::{self, Placed};
use super::names::{field_ident, is_ident_text};
use super::rust_lit;
use super::screen_data::{self, DataField};

/// Line width the layout aims at.
const WIDTH: usize = 100;
/// Lists with at least this many objects are written one item a line, aligned as a table.
const TABLE_MIN: usize = 3;

/// What the generator needs to know about the input.
pub(crate) struct Input<'a> {
    /// The document.
    pub json: &'a Value,
    /// The flow's Rust type name.
    pub type_name: &'a str,
    /// The source file, for the header comment.
    pub file_name: Option<&'a str>,
    /// The validator's findings, by node.
    pub placed: &'a Placed,
}

/// What `flow!` can resolve on one screen.
#[derive(Default)]
struct ScreenScope {
    id: String,
    /// Data keys declared with a Rust type.
    data: HashSet<String>,
    /// Input names (components with `name`), at any depth.
    form: HashSet<String>,
}

struct Gen<'a> {
    input: &'a Input<'a>,
    version: Version,
    screens: Vec<ScreenScope>,
    screen: usize,
    out: String,
    /// Per screen, the inputs written as `<Raw>` in this round.
    raw_inputs: Vec<HashSet<String>>,
    /// JSON paths written through `raw:` or `<Raw>` (or lost) in this round.
    raw_paths: RefCell<Vec<String>>,
}

/// The Rust module for `input`: a header comment and the `flow!` invocation.
pub(crate) fn generate(input: &Input<'_>) -> String {
    let json = input.json;
    let version = json
        .get("version")
        .and_then(Value::as_str)
        .and_then(|v| v.parse().ok())
        .unwrap_or(LATEST_FLOW_VERSION);
    let screens = json
        .get("screens")
        .and_then(Value::as_array)
        .map(|list| list.iter().map(scope_of).collect())
        .unwrap_or_default();
    let mut g = Gen {
        input,
        version,
        screens,
        screen: 0,
        out: String::new(),
        raw_inputs: Vec::new(),
        raw_paths: RefCell::new(Vec::new()),
    };
    // An input written as `<Raw>` is not one flow! knows: references to it must stay text,
    // which can make more components raw. Each round only removes names, so this ends.
    loop {
        g.out.clear();
        g.raw_inputs = vec![HashSet::new(); g.screens.len()];
        g.raw_paths.borrow_mut().clear();
        g.header();
        g.flow();
        let mut changed = false;
        for (scope, raw) in g.screens.iter_mut().zip(&g.raw_inputs) {
            for name in raw {
                changed |= scope.form.remove(name);
            }
        }
        if !changed {
            g.raw_errors();
            return g.out;
        }
    }
}

fn scope_of(screen: &Value) -> ScreenScope {
    let mut scope = ScreenScope {
        id: screen
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        ..ScreenScope::default()
    };
    if let Some(Value::Object(data)) = screen.get("data") {
        let fields = screen_data::fields(data);
        if data_writable(&fields) {
            scope.data = fields.into_iter().map(|f| f.key).collect();
        }
    }
    if let Some(children) = screen.pointer("/layout/children") {
        collect_inputs(children, &mut scope.form);
    }
    scope
}

fn collect_inputs(list: &Value, out: &mut HashSet<String>) {
    for c in list.as_array().into_iter().flatten() {
        let ty = c.get("type").and_then(Value::as_str).unwrap_or_default();
        if flow_model::component_spec(ty).is_some_and(|s| s.is_input())
            && let Some(name) = c.get("name").and_then(Value::as_str)
        {
            out.insert(name.to_owned());
        }
        for key in ["children", "then", "else"] {
            if let Some(v) = c.get(key) {
                collect_inputs(v, out);
            }
        }
        if let Some(Value::Object(cases)) = c.get("cases") {
            for v in cases.values() {
                collect_inputs(v, out);
            }
        }
    }
}

/// Whether a screen's data can be written as `key: Type = example` declarations.
fn data_writable(fields: &[DataField]) -> bool {
    screen_data::all_typed(fields)
        && fields
            .iter()
            .all(|f| field_ident(&f.key).is_some() && literal(&f.example, false).is_some())
}

impl Gen<'_> {
    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn comments(&mut self, depth: usize, node: &str) {
        let found: Vec<String> = self
            .input
            .placed
            .at(node)
            .into_iter()
            .map(findings::comment)
            .collect();
        for c in found {
            for (k, l) in wrap(&c, WIDTH.saturating_sub(depth * 4 + 6).max(40))
                .iter()
                .enumerate()
            {
                let lead = if k == 0 { "// " } else { "//     " };
                self.line(depth, &format!("{lead}{l}"));
            }
        }
    }

    fn mark_raw(&self, path: String) {
        self.raw_paths.borrow_mut().push(path);
    }

    /// `raw:key={..}` for the value at `path`, which is then raw.
    fn raw_at(&self, path: String, key: &str, v: &Value) -> Option<String> {
        self.mark_raw(path);
        raw_attr(key, v)
    }

    /// flow! reports the validator's findings on raw JSON as warnings (its author went past
    /// the table on purpose). An imported document's errors there are Meta's rejections all
    /// the same, so they become compile errors after the invocation.
    fn raw_errors(&mut self) {
        let raw = self.raw_paths.borrow().clone();
        let errors: Vec<String> = self
            .input
            .placed
            .all
            .iter()
            .filter(|f| {
                f.severity == Severity::Error && raw.iter().any(|r| findings::within(&f.path, r))
            })
            .map(|f| {
                let msg = format!(
                    "{}: {} (at {}, written as raw JSON)",
                    f.code, f.message, f.path
                );
                format!("compile_error!({});", rust_lit::string(&msg))
            })
            .collect();
        if errors.is_empty() {
            return;
        }
        self.out.push_str(
            "\n// Meta rejects these parts kept as raw JSON (flow! reports them as warnings only):\n",
        );
        for e in errors {
            self.line(0, &e);
        }
    }

    fn header(&mut self) {
        let from = self
            .input
            .file_name
            .map_or_else(String::new, |f| format!(" from `{f}`"));
        self.line(
            0,
            &format!(
                "//! `{}`: imported{from} by `flow-dsl import`.",
                self.input.type_name
            ),
        );
        let placed = self.input.placed;
        if placed.has_errors() {
            self.line(0, "//!");
            self.line(
                0,
                "//! The document has validation errors (comments below, where they apply): this code",
            );
            self.line(
                0,
                "//! does not compile until they are fixed, as Meta would reject the flow.",
            );
        }
        self.out.push('\n');
    }

    fn flow(&mut self) {
        let Some(root) = self.input.json.as_object() else {
            return;
        };
        self.line(0, "flow_dsl::flow! {");
        self.comments(1, "");
        let mut attrs = vec![format!("name={}", self.input.type_name)];
        let mut notes = Vec::new();
        for (key, v) in root {
            match (key.as_str(), v) {
                ("screens", Value::Array(_)) => {}
                // flow! derives a routing model for an endpoint flow that gives none; a
                // document without one keeps `data_api_version` raw, so none is added.
                ("data_api_version", Value::String(_)) if !root.contains_key("routing_model") => {
                    notes.push(
                        "`data_api_version` without `routing_model`: raw, so flow! derives none"
                            .to_owned(),
                    );
                    attrs.push(self.raw_at(key.clone(), key, v).unwrap_or_default());
                }
                ("version" | "data_api_version", Value::String(s)) => {
                    attrs.push(format!("{key}={}", rust_lit::string(s)));
                }
                ("routing_model", _) if routing_writable(v) => {
                    attrs.push(format!("routing_model={{{}}}", routing(v)));
                }
                _ => match self.raw_at(key.clone(), key, v) {
                    Some(a) => {
                        notes.push(format!("`{key}`: no flow! attribute, kept as raw JSON"));
                        attrs.push(a);
                    }
                    None => notes.push(format!("`{key}` cannot be written in flow! and is lost")),
                },
            }
        }
        for n in notes {
            self.line(1, &format!("// {n}"));
        }
        self.open(1, "Flow", &attrs, false);
        if let Some(Value::Array(screens)) = root.get("screens") {
            for (i, s) in screens.iter().enumerate() {
                self.screen = i;
                self.screen_elem(s, i);
            }
        }
        self.line(1, "</Flow>");
        self.line(0, "}");
    }

    /// `<Name attrs>` (or `/>`), on one line when it fits, else one attribute a line.
    fn open(&mut self, depth: usize, name: &str, attrs: &[String], close: bool) {
        let end = if close { " />" } else { ">" };
        let one = if attrs.is_empty() {
            format!("<{name}{end}")
        } else {
            format!("<{name} {}{end}", attrs.join(" "))
        };
        if depth * 4 + one.len() <= WIDTH && !one.contains('\n') {
            self.line(depth, &one);
            return;
        }
        self.line(depth, &format!("<{name}"));
        for a in attrs {
            // Continuation lines carry their own relative indentation.
            for l in a.lines() {
                self.line(depth + 1, l);
            }
        }
        self.line(depth, end.trim_start());
    }

    fn screen_elem(&mut self, s: &Value, i: usize) {
        let node = format!("screens[{i}]");
        self.comments(2, &node);
        let Some(obj) = s.as_object() else {
            self.line(
                2,
                "// a screen that is not an object: kept as raw JSON is not possible here",
            );
            return;
        };
        let mut attrs = Vec::new();
        let mut notes = Vec::new();
        let mut children = None;
        // flow! always writes a screen's layout: a document without one cannot be written, and
        // the validator's errors about it must still fail the compile.
        if !obj.contains_key("layout") {
            self.mark_raw(format!("{node}.layout"));
        }
        for (key, v) in obj {
            match (key.as_str(), v) {
                ("id", Value::String(id)) => attrs.push(format!("id={}", rust_lit::string(id))),
                ("terminal" | "success" | "refresh_on_back", Value::Bool(b)) => {
                    attrs.push(if *b {
                        key.clone()
                    } else {
                        format!("{key}=false")
                    });
                }
                ("title", Value::String(t)) => {
                    attrs.push(format!(
                        "title={}",
                        self.text_value(t).unwrap_or_else(|| rust_lit::string(t))
                    ));
                }
                ("sensitive", Value::Array(items)) if items.iter().all(Value::is_string) => {
                    let items: Vec<String> = items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(rust_lit::string)
                        .collect();
                    attrs.push(format!("sensitive={{[{}]}}", items.join(", ")));
                }
                ("data", Value::Object(data)) if data_writable(&screen_data::fields(data)) => {
                    attrs.push(data_decls(&screen_data::fields(data)));
                }
                ("layout", Value::Object(l))
                    if l.get("type") == Some(&Value::String("SingleColumnLayout".into()))
                        && l.len() == 2
                        && l.get("children").is_some_and(Value::is_array) =>
                {
                    children = l.get("children");
                }
                _ => match self.raw_at(format!("{node}.{key}"), key, v) {
                    Some(a) => {
                        notes.push(format!(
                            "`{key}`: no typed flow! form for this value, kept as raw JSON"
                        ));
                        attrs.push(a);
                    }
                    None => notes.push(format!("`{key}` cannot be written in flow! and is lost")),
                },
            }
        }
        for n in notes {
            self.line(2, &format!("// {n}"));
        }
        self.open(2, "Screen", &attrs, false);
        if let Some(Value::Array(list)) = children {
            for (k, c) in list.iter().enumerate() {
                self.component(3, c, &format!("{node}.layout.children[{k}]"));
            }
        }
        self.line(2, "</Screen>");
    }

    fn component(&mut self, depth: usize, c: &Value, node: &str) {
        self.comments(depth, node);
        match self.component_parts(c, node) {
            Ok((name, attrs, notes)) => {
                for n in &notes {
                    self.line(depth, &format!("// {n}"));
                }
                self.element(depth, name, attrs, c, node);
            }
            Err(why) => {
                let mut names = HashSet::new();
                collect_inputs(&Value::Array(vec![c.clone()]), &mut names);
                if let Some(raw) = self.raw_inputs.get_mut(self.screen) {
                    raw.extend(names);
                }
                self.mark_raw(node.to_owned());
                self.line(depth, &format!("// {why}: written as raw JSON"));
                let json = literal(c, true).unwrap_or_else(|| "{}".into());
                self.open(depth, "Raw", &[format!("json={{{json}}}")], true);
            }
        }
    }

    /// The element name, its attributes and notes, or why it must be raw.
    fn component_parts<'c>(
        &self,
        c: &'c Value,
        node: &str,
    ) -> Result<(&'c str, Vec<String>, Vec<String>), String> {
        let obj = c.as_object().ok_or("a component that is not an object")?;
        let ty = obj
            .get("type")
            .and_then(Value::as_str)
            .ok_or("a component without a `type`")?;
        let spec = flow_model::component_spec(ty)
            .ok_or_else(|| format!("`{ty}` is not a component flow! knows"))?;
        self.check_ctor_args(spec, obj)?;
        let mut attrs = Vec::new();
        let mut notes = Vec::new();
        for (key, v) in obj {
            if key == "type" || structural(ty, key) {
                continue;
            }
            // A binding Meta rejects stays raw: the validator's code is then the compile error,
            // rather than flow!'s own type error about the same value.
            let rejected =
                v.is_string()
                    && self.input.placed.all.iter().any(|f| {
                        f.severity == Severity::Error && f.path == format!("{node}.{key}")
                    });
            if let Some(a) = self.prop(spec, key, v).filter(|_| !rejected) {
                attrs.push(a);
                continue;
            }
            // flow! passes these to the builder's constructor: they must be typed.
            if spec.prop(key).is_some_and(|p| {
                p.required != Requirement::Optional
                    && !matches!(p.name, "then" | "cases" | "children")
            }) {
                return Err(format!(
                    "`{key}` has no typed flow! form, and flow! needs it to build the {ty}"
                ));
            }
            match self.raw_at(format!("{node}.{key}"), key, v) {
                Some(a) => {
                    let why = if spec.prop(key).is_some() {
                        "no typed flow! form for this value"
                    } else {
                        "not a property flow! knows"
                    };
                    notes.push(format!("`{key}`: {why}, kept as raw JSON"));
                    attrs.push(a);
                }
                None => return Err(format!("`{key}` cannot be written as a flow! attribute")),
            }
        }
        if ty == "Switch" && !obj.get("cases").is_some_and(Value::is_object) {
            return Err("a Switch without `cases`".into());
        }
        if ty == "Form" && !obj.get("name").is_some_and(Value::is_string) {
            return Err("a Form without a `name` string".into());
        }
        Ok((ty, attrs, notes))
    }

    /// flow! builds each component with a constructor taking the properties Meta requires in
    /// some version; when one is missing and the validator would not report it, flow! cannot
    /// build the component.
    fn check_ctor_args(
        &self,
        spec: &ComponentSpec,
        obj: &Map<String, Value>,
    ) -> Result<(), String> {
        if matches!(spec.name, "If" | "Switch" | "Form") {
            return Ok(());
        }
        for p in spec.props {
            if p.required == Requirement::Optional
                || matches!(p.name, "then" | "cases" | "children")
                || obj.contains_key(p.name)
                || (p.name == "label" && matches!(spec.name, "CheckboxGroup" | "RadioButtonsGroup"))
                || (p.required_in(self.version) && p.certainty == Certainty::Confirmed)
            {
                continue;
            }
            return Err(format!("{} without `{}`", spec.name, p.name));
        }
        Ok(())
    }

    fn element(&mut self, depth: usize, name: &str, attrs: Vec<String>, c: &Value, node: &str) {
        match name {
            "Form" => {
                self.open(depth, name, &attrs, false);
                self.children(depth + 1, c.get("children"), &format!("{node}.children"));
                self.line(depth, "</Form>");
            }
            "If" => {
                self.open(depth, name, &attrs, false);
                self.line(depth + 1, "<then>");
                self.children(depth + 2, c.get("then"), &format!("{node}.then"));
                self.line(depth + 1, "</then>");
                if c.get("else").is_some() {
                    self.line(depth + 1, "<else>");
                    self.children(depth + 2, c.get("else"), &format!("{node}.else"));
                    self.line(depth + 1, "</else>");
                }
                self.line(depth, "</If>");
            }
            "Switch" => {
                self.open(depth, name, &attrs, false);
                if let Some(Value::Object(cases)) = c.get("cases") {
                    for (key, list) in cases {
                        self.line(
                            depth + 1,
                            &format!("<case value={}>", rust_lit::string(key)),
                        );
                        self.children(depth + 2, Some(list), &format!("{node}.cases.{key}"));
                        self.line(depth + 1, "</case>");
                    }
                }
                self.line(depth, "</Switch>");
            }
            _ => self.open(depth, name, &attrs, true),
        }
    }

    fn children(&mut self, depth: usize, list: Option<&Value>, path: &str) {
        for (k, c) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            self.component(depth, c, &format!("{path}[{k}]"));
        }
    }

    /// A typed attribute `key=value` for a known property, or `None` (then raw).
    fn prop(&self, spec: &ComponentSpec, key: &str, v: &Value) -> Option<String> {
        spec.prop(key)?;
        if !is_attr_name(key) {
            return None;
        }
        let value = match v {
            // flow! checks that a Form sets only its inputs (Meta does not): anything else raw.
            Value::Object(o)
                if spec.name == "Form"
                    && matches!(key, "init-values" | "error-messages")
                    && !o.keys().all(|k| {
                        self.screens
                            .get(self.screen)
                            .is_some_and(|s| s.form.contains(k))
                    }) =>
            {
                return None;
            }
            Value::Bool(true) => return Some(key.to_owned()),
            Value::Bool(false) => "false".to_owned(),
            Value::String(s) if spec.name == "If" && key == "condition" => {
                let e = expr::condition(s)?;
                (expr::render(&e) == *s).then_some(())?;
                format!("{{{}}}", self.ex(&e)?)
            }
            Value::String(s) if spec.name == "Switch" && key == "value" => {
                format!("{{{}}}", self.reference(&expr::binding(s)?)?)
            }
            Value::String(s) => match self.dynamic(s) {
                Some(e) => format!("{{{e}}}"),
                // A binding flow! cannot type stays text where the property takes text.
                None if is_dynamic(s) && !spec.prop(key).is_some_and(|p| only_text(p.json)) => {
                    return None;
                }
                None => rust_lit::string(s),
            },
            Value::Number(n) if !rust_lit::is_negative(n) => rust_lit::number(n),
            Value::Object(o)
                if o.get("name").is_some_and(Value::is_string) && key.ends_with("-action") =>
            {
                format!("{{{}}}", self.action(o)?)
            }
            // flow! builds each choice from its `id`: a list with an item without one is raw.
            Value::Array(items)
                if key == "data-source"
                    && !items
                        .iter()
                        .all(|i| i.get("id").is_some_and(Value::is_string)) =>
            {
                return None;
            }
            Value::Array(_) | Value::Object(_) => {
                let lit = self.payload(v, 0)?;
                format!("{{{lit}}}")
            }
            _ => return None,
        };
        Some(format!("{key}={value}"))
    }

    /// A title-like text: a typed reference or expression when the string is one.
    fn text_value(&self, s: &str) -> Option<String> {
        self.dynamic(s).map(|e| format!("{{{e}}}"))
    }

    /// `${…}` or a backtick expression as flow! syntax, when flow! writes it back exactly.
    fn dynamic(&self, s: &str) -> Option<String> {
        if let Some(r) = expr::binding(s) {
            return self.reference(&r);
        }
        let e = expr::backtick(s)?;
        if expr::render_value(&e) != s {
            return None;
        }
        self.ex(&e)
    }

    /// `data.x`, `form.x`, `screen.S.form.x` when flow! can resolve it.
    fn reference(&self, r: &Ref) -> Option<String> {
        let scope = match &r.screen {
            Some(id) => self.screens.iter().find(|s| s.id == *id)?,
            None => self.screens.get(self.screen)?,
        };
        let first = r.path.first()?;
        let known = match r.kind {
            RefKind::Data => scope.data.contains(first),
            RefKind::Form => scope.form.contains(first) && r.path.len() == 1,
        };
        if !known || r.path.len() > 1 {
            return None;
        }
        let mut out = String::new();
        if let Some(id) = &r.screen {
            if !is_ident_text(id) || super::names::is_keyword(id) {
                return None;
            }
            out.push_str(&format!("screen.{id}."));
        }
        out.push_str(match r.kind {
            RefKind::Form => "form",
            RefKind::Data => "data",
        });
        for p in &r.path {
            out.push('.');
            out.push_str(&field_ident(p)?);
        }
        Some(out)
    }

    /// An expression in flow!'s Rust-like syntax.
    fn ex(&self, e: &Ex) -> Option<String> {
        Some(match e {
            Ex::Ref(r) => self.reference(r)?,
            Ex::Str(s) => rust_lit::string(s),
            Ex::Num(n) => n.clone(),
            Ex::Bool(b) => b.to_string(),
            Ex::Not(inner) => format!(
                "!{}",
                self.operand(inner, expr::prec(inner) < flow_model::expr_text::PREC_UNARY)?
            ),
            Ex::Bin(op, a, b) => {
                let p = op.precedence();
                let pa = expr::prec(a);
                let left = self.operand(a, pa < p || (pa == p && op.is_comparison()))?;
                let right = self.operand(b, expr::prec(b) <= p)?;
                format!("{left} {} {right}", op.text())
            }
            Ex::Concat(members) => {
                // flow! joins text with `+` when a side is text: the first pair must show it.
                if !members.iter().take(2).any(|m| matches!(m, Ex::Str(_))) {
                    return None;
                }
                let parts: Option<Vec<String>> = members
                    .iter()
                    .map(|m| self.operand(m, expr::prec(m) < flow_model::expr_text::PREC_ATOM))
                    .collect();
                parts?.join(" + ")
            }
        })
    }

    fn operand(&self, e: &Ex, parens: bool) -> Option<String> {
        let s = self.ex(e)?;
        Some(if parens { format!("({s})") } else { s })
    }

    /// `navigate(NEXT, {..})`, `complete({..})`…
    fn action(&self, o: &Map<String, Value>) -> Option<String> {
        let name = o.get("name")?.as_str()?;
        let payload = match o.get("payload") {
            Some(p @ Value::Object(_)) => Some(self.payload(p, 0)?),
            Some(_) => return None,
            None => None,
        };
        let allowed: &[&str] = match name {
            "navigate" => &["name", "next", "payload"],
            "complete" | "data_exchange" | "update_data" => &["name", "payload"],
            "open_url" => &["name", "url"],
            _ => return None,
        };
        if o.keys().any(|k| !allowed.contains(&k.as_str())) {
            return None;
        }
        let args = match name {
            "navigate" => {
                let next = o.get("next")?.as_object()?;
                if next.len() != 2 || next.get("type")?.as_str()? != "screen" {
                    return None;
                }
                let id = next.get("name")?.as_str()?;
                if !is_ident_text(id) || super::names::is_keyword(id) {
                    return None;
                }
                match payload {
                    Some(p) => format!("{id}, {p}"),
                    None => id.to_owned(),
                }
            }
            "open_url" => rust_lit::string(o.get("url")?.as_str()?),
            _ => payload.unwrap_or_default(),
        };
        Some(format!("{name}({args})"))
    }

    /// A payload or other free JSON: maps and lists, strings that are typed references where
    /// flow! resolves them.
    fn payload(&self, v: &Value, depth: usize) -> Option<String> {
        match v {
            Value::String(s) => Some(match self.dynamic(s) {
                Some(e) => e,
                None => rust_lit::string(s),
            }),
            Value::Array(items) => {
                let parts: Option<Vec<String>> =
                    items.iter().map(|x| self.payload(x, depth + 1)).collect();
                Some(layout_list(parts?, items, depth))
            }
            Value::Object(m) => {
                let parts: Option<Vec<String>> = m
                    .iter()
                    .map(|(k, x)| {
                        // Actions inside items (`on-select-action` of a choice) are calls.
                        let action = match x {
                            Value::Object(o) if k.ends_with("-action") => self.action(o),
                            _ => None,
                        };
                        let v = match action {
                            Some(a) => a,
                            None => self.payload(x, depth + 1)?,
                        };
                        Some(format!("{}: {v}", key_text(k)))
                    })
                    .collect();
                Some(layout_map(parts?, depth))
            }
            other => literal(other, true),
        }
    }
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let cur = lines.last_mut().expect("one line at least");
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_owned());
        } else {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(word);
        }
    }
    lines
}

/// Keys a container writes as child elements, not attributes.
fn structural(ty: &str, key: &str) -> bool {
    matches!(
        (ty, key),
        ("Form", "children") | ("If", "then" | "else") | ("Switch", "cases")
    )
}

/// Whether a string is meant as a binding or expression (then kept as raw JSON when flow!
/// cannot type it, since a plain string attribute would change its meaning to the checks).
fn is_dynamic(s: &str) -> bool {
    s.starts_with("${") || (s.starts_with('`') && s.ends_with('`') && s.len() > 1)
}

/// Whether a property takes text and nothing else (so a kept binding string is a value the
/// builders take).
fn only_text(t: JsonTypes) -> bool {
    t.contains(JsonTypes::STRING)
        && ![
            JsonTypes::NUMBER,
            JsonTypes::BOOLEAN,
            JsonTypes::ARRAY,
            JsonTypes::OBJECT,
        ]
        .into_iter()
        .any(|o| t.contains(o))
}

/// An attribute name rstml reads: words joined by `-` or `_`.
fn is_attr_name(key: &str) -> bool {
    !key.is_empty()
        && key.split('-').all(|w| {
            !w.is_empty()
                && w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
}

/// `raw:key={json}`, or `None` when the key or value cannot be written.
fn raw_attr(key: &str, v: &Value) -> Option<String> {
    if !is_attr_name(key) {
        return None;
    }
    Some(format!("raw:{key}={{{}}}", literal(v, true)?))
}

/// An object key: bare when flow! reads it back as the same text, else a string literal.
fn key_text(k: &str) -> String {
    if is_attr_name(k)
        && k.split('-')
            .all(|w| w != "_" && !w.starts_with(|c: char| c.is_ascii_digit()))
    {
        k.to_owned()
    } else {
        rust_lit::string(k)
    }
}

/// Literal JSON in flow! syntax; `None` for what it cannot write (negative numbers, and
/// `null` unless `null_ok`).
fn literal(v: &Value, null_ok: bool) -> Option<String> {
    literal_at(v, null_ok, 0)
}

fn literal_at(v: &Value, null_ok: bool, depth: usize) -> Option<String> {
    match v {
        Value::Null => null_ok.then(|| "null".to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) if !rust_lit::is_negative(n) => Some(rust_lit::number(n)),
        Value::Number(_) => None,
        Value::String(s) => Some(rust_lit::string(s)),
        Value::Array(items) => {
            let parts: Option<Vec<String>> = items
                .iter()
                .map(|x| literal_at(x, null_ok, depth + 1))
                .collect();
            Some(layout_list(parts?, items, depth))
        }
        Value::Object(m) => {
            let parts: Option<Vec<String>> = m
                .iter()
                .map(|(k, x)| {
                    Some(format!(
                        "{}: {}",
                        key_text(k),
                        literal_at(x, null_ok, depth + 1)?
                    ))
                })
                .collect();
            Some(layout_map(parts?, depth))
        }
    }
}

/// `[a, b]` on one line when short; a table of objects one a line, aligned by key.
fn layout_list(parts: Vec<String>, items: &[Value], depth: usize) -> String {
    let one = format!("[{}]", parts.join(", "));
    let multi = parts.iter().any(|p| p.contains('\n'));
    let table = items.len() >= TABLE_MIN && items.iter().all(Value::is_object);
    if !multi && !table && one.len() + depth * 4 <= 80 {
        return one;
    }
    let rows = if table && !multi {
        align(&parts)
    } else {
        parts
    };
    let mut out = String::from("[\n");
    for p in rows {
        out.push_str(&indent(&p, 1));
        out.push_str(",\n");
    }
    out.push(']');
    out
}

/// `{k: v}` on one line when short, else a key a line.
fn layout_map(parts: Vec<String>, depth: usize) -> String {
    let one = format!("{{{}}}", parts.join(", "));
    if !parts.iter().any(|p| p.contains('\n')) && one.len() + depth * 4 <= 80 {
        return one;
    }
    let mut out = String::from("{\n");
    for p in parts {
        out.push_str(&indent(&p, 1));
        out.push_str(",\n");
    }
    out.push('}');
    out
}

/// Table rows: pads each `key: value` field so columns line up across rows with the same keys.
fn align(rows: &[String]) -> Vec<String> {
    let split: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| {
            r.strip_prefix('{')
                .and_then(|r| r.strip_suffix('}'))
                .map(|r| split_top(r))
                .unwrap_or_default()
        })
        .collect();
    let cols = split.iter().map(Vec::len).max().unwrap_or(0);
    if split.iter().any(|r| r.len() != cols) || cols == 0 {
        return rows.to_vec();
    }
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            split
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    split
        .iter()
        .map(|r| {
            let mut s = String::from("{");
            for (c, f) in r.iter().enumerate() {
                s.push_str(f);
                if c + 1 < cols {
                    s.push(',');
                    s.push_str(&" ".repeat(widths[c] - f.chars().count() + 1));
                }
            }
            s.push('}');
            s
        })
        .collect()
}

/// Splits `a: 1, b: [1, 2], c: "x, y"` at top-level commas.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start, mut in_str, mut esc) = (0i32, 0, false, false);
    for (i, c) in s.char_indices() {
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' | '{' | '(' => depth += 1,
            ']' | '}' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].trim());
    out
}

fn indent(text: &str, levels: usize) -> String {
    let pad = "    ".repeat(levels);
    text.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `routing_model` whose keys and targets are all plain screen ids.
fn routing_writable(v: &Value) -> bool {
    let id = |s: &str| is_ident_text(s) && !super::names::is_keyword(s);
    // An empty model is kept raw: flow! would complete it with an entry per screen.
    v.as_object().is_some_and(|m| {
        !m.is_empty()
            && m.iter().all(|(k, t)| {
                id(k)
                    && t.as_array()
                        .is_some_and(|l| l.iter().all(|x| x.as_str().is_some_and(id)))
            })
    })
}

fn routing(v: &Value) -> String {
    let entries: Vec<String> = v
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, t)| {
            let targets: Vec<&str> = t
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            format!("{k}: [{}]", targets.join(", "))
        })
        .collect();
    let one = format!("{{{}}}", entries.join(", "));
    if one.len() <= 60 {
        return one;
    }
    let mut out = String::from("{\n");
    for e in entries {
        out.push_str(&format!("    {e},\n"));
    }
    out.push('}');
    out
}

/// `data={ key: Type = example, .. }`.
fn data_decls(fields: &[DataField]) -> String {
    if fields.is_empty() {
        return "data={}".into();
    }
    let decls: Vec<String> = fields
        .iter()
        .filter_map(|f| {
            let ty = f.ty?;
            Some(format!(
                "{}: {} = {}",
                field_ident(&f.key)?,
                ty.rust(),
                literal(&f.example, false)?
            ))
        })
        .collect();
    let one = format!("data={{ {} }}", decls.join(", "));
    if one.len() <= 70 && !one.contains('\n') {
        return one;
    }
    let mut out = String::from("data={\n");
    for d in decls {
        out.push_str(&indent(&d, 1));
        out.push_str(",\n");
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use crate::import::{ImportOptions, import};

    fn rust(json: &str) -> String {
        import(json, &ImportOptions::new().type_name("Demo"))
            .unwrap()
            .rust
    }

    #[test]
    fn writes_typed_references_declarations_and_actions() {
        let out = rust(
            r#"{"version": "7.3", "screens": [
              {"id": "START", "title": "Hi", "data": {"name": {"type": "string", "__example__": "Ana"}},
               "layout": {"type": "SingleColumnLayout", "children": [
                 {"type": "TextInput", "name": "email", "label": "Email"},
                 {"type": "TextBody", "text": "`'Hello ' ${data.name}`"},
                 {"type": "If", "condition": "${form.email} != ''", "then": [
                   {"type": "TextCaption", "text": "${data.name}"}]},
                 {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate",
                   "next": {"type": "screen", "name": "END"}, "payload": {"email": "${form.email}"}}}]}},
              {"id": "END", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
                 {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete",
                   "payload": {"email": "${screen.START.form.email}"}}}]}}]}"#,
        );
        for want in [
            "<Flow name=Demo version=\"7.3\">",
            "data={ name: String = \"Ana\" }",
            "text={\"Hello \" + data.name}",
            "<If condition={form.email != \"\"}>",
            "<TextCaption text={data.name} />",
            "on-click-action={navigate(END, {email: form.email})}",
            "complete({email: screen.START.form.email})",
        ] {
            assert!(out.contains(want), "missing {want}:\n{out}");
        }
        assert!(!out.contains("raw:"), "{out}");
    }

    #[test]
    fn keeps_what_flow_cannot_type_and_fails_on_errors_there() {
        let out = rust(
            r#"{"version": "7.3", "screens": [{"id": "A", "terminal": true, "x-note": 1,
              "data": {"d": {"type": "string"}},
              "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "Sparkles", "amount": 3},
                {"type": "TextBody", "text": "Hi", "x-hint": [1, 2]},
                {"type": "TextCaption", "text": "${data.d}"},
                {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete"}}]}}]}"#,
        );
        for want in [
            "raw:x-note={1}",
            "raw:data={{d: {type: \"string\"}}}",
            "<Raw json={{type: \"Sparkles\", amount: 3}} />",
            "<TextBody text=\"Hi\" raw:x-hint={[1, 2]} />",
            // `data.d` is not declared, and the builders take no text for `text`: raw.
            "<Raw json={{type: \"TextCaption\", text: \"${data.d}\"}} />",
            "on-click-action={complete()}",
            // The missing `__example__` is kept raw: Meta's error is a compile error.
            "compile_error!(",
        ] {
            assert!(out.contains(want), "missing {want}:\n{out}");
        }
        assert!(out.contains("// error "), "{out}");
    }

    #[test]
    fn long_option_lists_are_tables() {
        let out = rust(
            r#"{"version": "7.3", "screens": [{"id": "A", "terminal": true,
              "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "Dropdown", "name": "c", "label": "C", "data-source": [
                  {"id": "a", "title": "Apple"}, {"id": "bb", "title": "Banana"},
                  {"id": "ccc", "title": "Cherry"}]},
                {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete"}}]}}]}"#,
        );
        assert!(out.contains("{id: \"a\",   title: \"Apple\"},"), "{out}");
        assert!(out.contains("{id: \"ccc\", title: \"Cherry\"},"), "{out}");
    }
}
