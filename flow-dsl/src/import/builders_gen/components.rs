//! Components and data declarations as builder calls.

use std::collections::HashMap;

use flow_model::DynExpr;
use serde_json::{Map, Value};

use super::Gen;
use super::Stmt;
use super::actions;
use super::code::Code;
use super::lit::{json, num_lit, str_lit};
use super::props;
use crate::builder::{Child, Choice, DataType, infer_schema};

/// The Rust type of each input's value (what `Screen::add` returns a reference to).
pub(crate) fn input_type(component: &str) -> Option<&'static str> {
    Some(match component {
        "TextInput" | "TextArea" | "DatePicker" | "CalendarPicker" | "RadioButtonsGroup"
        | "Dropdown" => "String",
        "OptIn" => "bool",
        "CheckboxGroup" | "ChipsSelector" => "Vec<String>",
        "PhotoPicker" | "DocumentPicker" => "Vec<serde_json::Value>",
        _ => return None,
    })
}

/// The JSON path of every component (nested ones included), where findings can be placed.
pub(crate) fn node_paths(children: &[Value], base: &str, out: &mut Vec<String>) {
    for (i, c) in children.iter().enumerate() {
        let path = format!("{base}[{i}]");
        out.push(path.clone());
        let Some(obj) = c.as_object() else { continue };
        for key in ["children", "then", "else"] {
            if let Some(Value::Array(list)) = obj.get(key) {
                node_paths(list, &format!("{path}.{key}"), out);
            }
        }
        if let Some(Value::Object(cases)) = obj.get("cases") {
            for (k, list) in cases {
                if let Value::Array(list) = list {
                    node_paths(list, &format!("{path}.cases.{k}"), out);
                }
            }
        }
    }
}

/// Data key → Rust type of its declaration, for references from other screens.
pub(crate) fn data_types(screen: &Map<String, Value>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(Value::Object(d)) = screen.get("data") {
        for (k, schema) in d {
            let t = data_decl(k, schema)
                .rust_type
                .unwrap_or_else(|| "serde_json::Value".to_owned());
            out.insert(k.clone(), t);
        }
    }
    out
}

/// Input name → Rust type of its value, every input of the screen (nested ones included).
pub(crate) fn form_types(screen: &Map<String, Value>) -> HashMap<String, String> {
    fn walk(list: &[Value], out: &mut HashMap<String, String>) {
        for c in list {
            let Some(obj) = c.as_object() else { continue };
            if let (Some(ty), Some(name)) = (
                obj.get("type").and_then(Value::as_str).and_then(input_type),
                obj.get("name").and_then(Value::as_str),
            ) {
                out.entry(name.to_owned()).or_insert_with(|| ty.to_owned());
            }
            for key in ["children", "then", "else"] {
                if let Some(Value::Array(l)) = obj.get(key) {
                    walk(l, out);
                }
            }
            if let Some(Value::Object(cases)) = obj.get("cases") {
                for l in cases.values() {
                    if let Value::Array(l) = l {
                        walk(l, out);
                    }
                }
            }
        }
    }
    let mut out = HashMap::new();
    if let Some(Value::Array(children)) = screen.get("layout").and_then(|l| l.get("children")) {
        walk(children, &mut out);
    }
    out
}

/// A data declaration: the call, the Rust type of the reference it returns (when typed).
pub(crate) struct DataDecl {
    pub(crate) code: Code,
    pub(crate) rust_type: Option<String>,
    pub(crate) comments: Vec<String>,
}

/// Whether `T`'s schema for `example` (with the example) is exactly `schema`.
fn schema_is<T: DataType>(example: &Value, schema: &Value) -> bool {
    let mut s = T::schema(example);
    s.example = Some(example.clone());
    flow_model::to_value(&s) == *schema
}

/// `s.data::<T>(key, example)` with the Rust type that writes `schema` exactly; a JSON example
/// (`data_json`) or the whole schema (`data_schema_json`) when no Rust type does.
pub(crate) fn data_decl(key: &str, schema: &Value) -> DataDecl {
    let k = str_lit(key);
    let typed = |ty: &str, example: Code| DataDecl {
        code: Code::call(
            format!("s.data::<{ty}>"),
            vec![Code::atom(k.clone()), example],
        ),
        rust_type: Some(ty.to_owned()),
        comments: Vec::new(),
    };
    if let Some(e) = schema.get("__example__") {
        match e {
            Value::String(s) if schema_is::<String>(e, schema) => {
                return typed("String", Code::atom(str_lit(s)));
            }
            Value::Bool(b) if schema_is::<bool>(e, schema) => {
                return typed("bool", Code::atom(b.to_string()));
            }
            Value::Number(n) if n.is_i64() && schema_is::<i64>(e, schema) => {
                let lit = num_lit(n);
                let lit = match n.as_i64() {
                    Some(i) if i32::try_from(i).is_err() => format!("{lit}_i64"),
                    _ => lit,
                };
                return typed("i64", Code::atom(lit));
            }
            Value::Number(n) if n.is_f64() && schema_is::<f64>(e, schema) => {
                return typed("f64", Code::atom(format!("{}_f64", num_lit(n))));
            }
            Value::Array(items)
                if !items.is_empty()
                    && items.iter().all(Value::is_string)
                    && schema_is::<Vec<String>>(e, schema) =>
            {
                let list = items
                    .iter()
                    .map(|v| Code::atom(str_lit(v.as_str().unwrap_or_default())))
                    .collect();
                return typed(
                    "Vec<String>",
                    Code::brackets("", list).method("map", vec![Code::atom("String::from")]),
                );
            }
            Value::Array(items)
                if !items.is_empty()
                    && items.iter().all(plain_choice)
                    && schema_is::<Vec<Choice>>(e, schema) =>
            {
                let scope = super::refs::Scope::default();
                if let Some(list) = props::choices(items, &scope, &|_| None) {
                    return typed("Vec<Choice>", list);
                }
            }
            _ => {}
        }
        let mut inferred = infer_schema(e);
        inferred.example = Some(e.clone());
        if flow_model::to_value(&inferred) == *schema {
            return DataDecl {
                code: Code::call("s.data_json", vec![Code::atom(k), json(e)]),
                rust_type: Some("serde_json::Value".to_owned()),
                comments: Vec::new(),
            };
        }
    }
    DataDecl {
        code: Code::call(
            "s.data_schema_json::<serde_json::Value>",
            vec![Code::atom(k), json(schema)],
        ),
        rust_type: Some("serde_json::Value".to_owned()),
        comments: vec!["the schema is given whole: its example does not imply it".to_owned()],
    }
}

/// An option whose every member a `Choice` literal writes (no bindings, no actions).
fn plain_choice(v: &Value) -> bool {
    v.as_object().is_some_and(|o| {
        o.get("id").is_some_and(Value::is_string)
            && o.get("title").is_some_and(Value::is_string)
            && o.iter().all(|(k, v)| {
                matches!(
                    k.as_str(),
                    "id" | "title" | "description" | "metadata" | "image" | "alt-text" | "color"
                ) && v.as_str().is_some_and(|s| !DynExpr::is_dynamic(s))
                    || k == "enabled" && v.is_boolean()
            })
    })
}

impl Gen {
    /// The Rust action for `v`, with this screen's references and the flow's handles.
    fn action_code(&self, v: &Value) -> Option<Code> {
        Some(actions::action(v, &self.scope, &self.handles))
    }

    /// The builder value of component `c` at `path`, with its findings as comments; errors
    /// are appended to `errors` (placed before the enclosing statement).
    pub(crate) fn component(&mut self, c: &Value, path: &str, errors: &mut Vec<String>) -> Code {
        let (mut comments, errs) = self.placed.take(path);
        errors.extend(errs);
        let code = self.component_code(c, path, errors);
        if is_raw(&code) || matches!(&code, Code::Commented(_, inner) if is_raw(inner)) {
            let (inner, errs) = self.placed.take_under(path);
            comments.extend(inner);
            errors.extend(errs);
        }
        code.commented(comments)
    }

    fn component_code(&mut self, c: &Value, path: &str, errors: &mut Vec<String>) -> Code {
        let Some(obj) = c.as_object() else {
            return raw(c, "not a component object");
        };
        let Some(ty) = obj.get("type").and_then(Value::as_str) else {
            return raw(c, "no component `type`");
        };
        match ty {
            "Form" => self
                .form_value(obj, path, errors)
                .unwrap_or_else(|| raw(c, "a Form the builders cannot write exactly")),
            "If" => self
                .if_value(obj, path, errors)
                .unwrap_or_else(|| raw(c, "an If the builders cannot write exactly")),
            "Switch" => self
                .switch_value(obj, path, errors)
                .unwrap_or_else(|| raw(c, "a Switch the builders cannot write exactly")),
            _ => match Child::BUILDERS.iter().find(|b| b.component == ty) {
                Some(b) => {
                    let action = |v: &Value| self.action_code(v);
                    props::component_like(ty, b.new_args, c, &self.scope, &action).unwrap_or_else(
                        || raw(c, "required properties missing or not of their type"),
                    )
                }
                None => raw(c, &format!("no builder for component `{ty}`")),
            },
        }
    }

    fn children(&mut self, list: &[Value], base: &str, errors: &mut Vec<String>) -> Vec<Code> {
        list.iter()
            .enumerate()
            .map(|(i, c)| self.component(c, &format!("{base}[{i}]"), errors))
            .collect()
    }

    fn form_value(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        errors: &mut Vec<String>,
    ) -> Option<Code> {
        let name = obj.get("name")?.as_str()?;
        let children = obj.get("children")?.as_array()?;
        let mut code = Code::call("Form::new", vec![Code::atom(str_lit(name))]);
        for c in self.children(children, &format!("{path}.children"), errors) {
            code = code.method("child", vec![c]);
        }
        for (k, v) in obj {
            match k.as_str() {
                "type" | "name" | "children" => {}
                "init-values" | "error-messages" => {
                    for (method, args) in self.field_map(k, v) {
                        code = code.method(method, args);
                    }
                }
                _ => code = code.method("prop", vec![Code::atom(str_lit(k)), json(v)]),
            }
        }
        Some(code)
    }

    /// A Form's `init-values` / `error-messages` as calls: one per field, or the whole map.
    fn field_map(&self, key: &str, v: &Value) -> Vec<(String, Vec<Code>)> {
        let (one, whole) = if key == "init-values" {
            ("init_value", "init_values")
        } else {
            ("error_message", "error_messages")
        };
        match v {
            Value::Object(m) if !m.is_empty() => m
                .iter()
                .map(|(f, fv)| {
                    (
                        one.to_owned(),
                        vec![
                            Code::atom(str_lit(f)),
                            actions::payload_value(fv, &self.scope),
                        ],
                    )
                })
                .collect(),
            Value::Object(_) => {
                vec![(whole.to_owned(), vec![Code::atom("serde_json::Map::new()")])]
            }
            Value::String(s) if DynExpr::is_dynamic(s) => vec![(
                whole.to_owned(),
                vec![self.scope.reference(s, "serde_json::Value")],
            )],
            _ => vec![("prop".to_owned(), vec![Code::atom(str_lit(key)), json(v)])],
        }
    }

    fn if_value(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        errors: &mut Vec<String>,
    ) -> Option<Code> {
        let cond = obj.get("condition")?.as_str()?;
        let then = obj.get("then")?.as_array()?;
        let cond = if cond.starts_with("${") && DynExpr::is_dynamic(cond) {
            self.scope.reference(cond, "bool")
        } else {
            // Conditions are written without backticks; `raw` keeps the text as is.
            Code::atom(format!("Expr::<bool>::raw({})", str_lit(cond)))
        };
        let mut code = Code::call("If::new", vec![cond]);
        for c in self.children(then, &format!("{path}.then"), errors) {
            code = code.method("then", vec![c]);
        }
        for (k, v) in obj {
            match (k.as_str(), v) {
                ("type" | "condition" | "then", _) => {}
                ("else", Value::Array(list)) if !list.is_empty() => {
                    for c in self.children(list, &format!("{path}.else"), errors) {
                        code = code.method("otherwise", vec![c]);
                    }
                }
                _ => code = code.method("prop", vec![Code::atom(str_lit(k)), json(v)]),
            }
        }
        Some(code)
    }

    fn switch_value(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        errors: &mut Vec<String>,
    ) -> Option<Code> {
        let value = obj.get("value")?.as_str()?;
        let cases = obj.get("cases")?.as_object()?;
        if cases
            .values()
            .any(|l| l.as_array().is_none_or(Vec::is_empty))
        {
            return None;
        }
        let r = self.scope.reference(value, "serde_json::Value");
        let r = match r {
            Code::Atom(a) if !a.starts_with('&') => Code::atom(format!("&{a}")),
            other => other,
        };
        let mut code = Code::call("Switch::new", vec![r]);
        for (k, list) in cases {
            let list = list.as_array()?;
            for c in self.children(list, &format!("{path}.cases.{k}"), errors) {
                code = code.method("case", vec![Code::atom(str_lit(k)), c]);
            }
        }
        for (k, v) in obj {
            if !matches!(k.as_str(), "type" | "value" | "cases") {
                code = code.method("prop", vec![Code::atom(str_lit(k)), json(v)]);
            }
        }
        Some(code)
    }
}

/// A component the builders cannot write: `Child::raw(json!(…))`, with why.
fn raw(c: &Value, why: &str) -> Code {
    Code::call("Child::raw", vec![json(c)]).commented(vec![format!("{why}; written as JSON")])
}

/// A top-level component of a screen: `s.child(..)`, `let x = s.add(..)` for inputs, and a
/// Form as `let mut form = s.form(..)` with its inputs added inside.
pub(crate) fn top_level(g: &mut Gen, c: &Value, path: &str, out: &mut Vec<Stmt>) {
    if let Some(obj) = c.as_object()
        && obj.get("type").and_then(Value::as_str) == Some("Form")
        && let Some(name) = obj.get("name").and_then(Value::as_str)
        && let Some(Value::Array(children)) = obj.get("children")
        && !children.is_empty()
        && obj.keys().all(|k| {
            matches!(
                k.as_str(),
                "type" | "name" | "children" | "init-values" | "error-messages"
            )
        })
    {
        let (comments, errors) = g.placed.take(path);
        out.extend(comments.into_iter().map(Stmt::Comment));
        out.extend(errors.into_iter().map(Stmt::Error));
        out.push(Stmt::Open(format!(
            "let mut form = s.form({});",
            str_lit(name)
        )));
        for (i, child) in children.iter().enumerate() {
            let p = format!("{path}.children[{i}]");
            add(g, "form", child, &p, out);
        }
        for (k, v) in obj {
            if k == "init-values" || k == "error-messages" {
                for (method, args) in g.field_map(k, v) {
                    out.push(Stmt::Expr(Code::call(format!("form.{method}"), args)));
                }
            }
        }
        return;
    }
    add(g, "s", c, path, out);
}

/// `let x = target.add(c)` for an input read later, else `target.child(c)`.
fn add(g: &mut Gen, target: &str, c: &Value, path: &str, out: &mut Vec<Stmt>) {
    let mut errors = Vec::new();
    let code = g.component(c, path, &mut errors);
    out.extend(errors.into_iter().map(Stmt::Error));
    let input = c.as_object().and_then(|o| {
        Some((
            input_type(o.get("type")?.as_str()?)?,
            o.get("name")?.as_str()?,
        ))
    });
    let is_builder = !matches!(&code, Code::Commented(_, inner) if is_raw(inner)) && !is_raw(&code);
    match input {
        Some((ty, name)) if is_builder => {
            let var = super::unique(&mut g.scope.taken, &super::ident(name));
            g.scope
                .vars
                .insert(("form", name.to_owned()), (var.clone(), ty.to_owned()));
            out.push(Stmt::Let {
                var,
                with_let: Code::call(format!("{target}.add"), vec![code.clone()]),
                without: Code::call(format!("{target}.child"), vec![code]),
            });
        }
        _ => out.push(Stmt::Expr(Code::call(
            format!("{target}.child"),
            vec![code],
        ))),
    }
}

fn is_raw(c: &Code) -> bool {
    matches!(c, Code::List { head, .. } if head == "Child::raw")
}
