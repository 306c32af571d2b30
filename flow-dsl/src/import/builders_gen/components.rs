//! Components and data declarations as builder calls.

use std::collections::HashMap;

use flow_model::DynExpr;
use serde_json::{Map, Value};

use super::Gen;
use super::Stmt;
use super::actions;
use super::code::Code;
use super::json_code::json;
use super::props;
use crate::builder::Child;
use crate::import::names::snake_case;
use crate::import::rust_lit::{signed_number as num_lit, string as str_lit};
use crate::import::screen_data::{DataField, DataType as Ty};

/// The Rust type of each input's value (what `Screen::add` returns a reference to).
pub(crate) fn input_type(component: &str) -> Option<&'static str> {
    use flow_model::table::InputValue;
    Some(match flow_model::component_spec(component)?.value? {
        InputValue::Text => "String",
        InputValue::TextList => "Vec<String>",
        InputValue::Boolean => "bool",
        InputValue::Media => "Vec<serde_json::Value>",
    })
}

/// Data key → Rust type of its declaration, for references from other screens.
pub(crate) fn data_types(screen: &Map<String, Value>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(Value::Object(d)) = screen.get("data") {
        for f in crate::import::screen_data::fields(d) {
            out.insert(f.key.clone(), data_decl(&f).rust_type);
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
    pub(crate) rust_type: String,
    pub(crate) comments: Vec<String>,
}

/// The declaration of `field`: `s.data::<T>(key, example)` with the Rust type whose schema is
/// exactly the declared one, `data_json` for one its example implies, or the whole schema
/// (`data_schema_json`) when no type does.
pub(crate) fn data_decl(field: &DataField) -> DataDecl {
    let k = str_lit(&field.key);
    let e = &field.example;
    let typed = |ty: &str, example: Code| DataDecl {
        code: Code::call(
            format!("s.data::<{ty}>"),
            vec![Code::atom(k.clone()), example],
        ),
        rust_type: ty.to_owned(),
        comments: Vec::new(),
    };
    let empty = e.as_array().is_some_and(Vec::is_empty);
    let example = match (field.ty, e) {
        (Some(Ty::Str), Value::String(s)) => Some(("String", Code::atom(str_lit(s)))),
        (Some(Ty::Bool), Value::Bool(b)) => Some(("bool", Code::atom(b.to_string()))),
        (Some(Ty::Int), Value::Number(n)) => {
            let lit = num_lit(n);
            let lit = match n.as_i64() {
                Some(i) if i32::try_from(i).is_ok() => lit,
                _ => format!("{lit}_i64"),
            };
            Some(("i64", Code::atom(lit)))
        }
        (Some(Ty::Float), Value::Number(n)) => {
            Some(("f64", Code::atom(format!("{}_f64", num_lit(n)))))
        }
        (Some(Ty::StrList), _) if empty => {
            Some(("Vec<String>", Code::atom("Vec::<String>::new()")))
        }
        (Some(Ty::StrList), Value::Array(items)) => {
            let list = items
                .iter()
                .map(|v| Code::atom(str_lit(v.as_str().unwrap_or_default())))
                .collect();
            Some((
                "Vec<String>",
                Code::brackets("", list).method("map", vec![Code::atom("String::from")]),
            ))
        }
        (Some(Ty::Choices), _) if empty => {
            Some(("Vec<Choice>", Code::atom("Vec::<Choice>::new()")))
        }
        (Some(Ty::Choices), Value::Array(items)) if items.iter().all(plain_choice) => {
            let scope = super::refs::Scope::default();
            props::choices(items, &scope, &|_| None).map(|list| ("Vec<Choice>", list))
        }
        (Some(Ty::Media), Value::Array(items)) => Some((
            "Vec<serde_json::Value>",
            if items.is_empty() {
                Code::atom("Vec::<serde_json::Value>::new()")
            } else {
                Code::brackets("vec!", items.iter().map(json).collect())
            },
        )),
        (Some(Ty::Json), _) => {
            return DataDecl {
                code: Code::call("s.data_json", vec![Code::atom(k), json(e)]),
                rust_type: "serde_json::Value".to_owned(),
                comments: Vec::new(),
            };
        }
        _ => None,
    };
    if let Some((ty, example)) = example {
        return typed(ty, example);
    }
    DataDecl {
        code: Code::call(
            "s.data_schema_json::<serde_json::Value>",
            vec![Code::atom(k), json(&field.schema)],
        ),
        rust_type: "serde_json::Value".to_owned(),
        comments: vec![
            "declared with its whole schema: no Rust type or example implies it exactly".to_owned(),
        ],
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

impl Gen<'_> {
    /// The Rust action for `v`, with this screen's references and the flow's handles.
    fn action_code(&self, v: &Value) -> Option<Code> {
        Some(actions::action(v, &self.scope, &self.handles))
    }

    /// The builder value of component `c` at `path`, with its findings as comments; errors
    /// are appended to `errors` (placed before the enclosing statement).
    pub(crate) fn component(&mut self, c: &Value, path: &str, errors: &mut Vec<String>) -> Code {
        let nested = path != self.stmt_path;
        let (mut comments, errs) = self.findings.take(path, nested);
        errors.extend(errs);
        let code = self.component_code(c, path, errors);
        if is_raw(&code) || matches!(&code, Code::Commented(_, inner) if is_raw(inner)) {
            let (inner, errs) = self.findings.take_under(path, nested);
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
                    props::component_like(ty, b.new_args, c, &self.scope, &action)
                        .unwrap_or_else(|| raw(c, &why_not_typed(ty, b.new_args, obj)))
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
            super::typed_expr::condition(&self.scope, cond)
                .unwrap_or_else(|| Code::call("Expr::<bool>::raw", vec![Code::atom(str_lit(cond))]))
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
        // The declared type of the value, as a person would write the reference.
        let r = self.scope.payload_reference(value);
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

/// Why `Type::new(..)` cannot take the required properties of `obj`.
fn why_not_typed(ty: &str, new_args: &[&str], obj: &Map<String, Value>) -> String {
    let missing: Vec<&str> = new_args
        .iter()
        .copied()
        .filter(|k| !obj.contains_key(*k))
        .collect();
    if missing.is_empty() {
        format!(
            "`{ty}::new` takes {}, and a value here has a shape it does not write exactly",
            new_args.join(", ")
        )
    } else {
        format!(
            "`{ty}::new` requires {}, which this one has not",
            missing.join(", ")
        )
    }
}

/// A component the builders cannot write: `Child::raw(json!(…))`, with why.
fn raw(c: &Value, why: &str) -> Code {
    Code::call("Child::raw", vec![json(c)]).commented(vec![format!("{why}; written as JSON")])
}

/// A top-level component of a screen: `s.child(..)`, `let x = s.add(..)` for inputs, and a
/// Form as `let mut form = s.form(..)` with its inputs added inside.
pub(crate) fn top_level(g: &mut Gen<'_>, c: &Value, path: &str, out: &mut Vec<Stmt>) {
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
        let (comments, errors) = g.findings.take(path, false);
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
fn add(g: &mut Gen<'_>, target: &str, c: &Value, path: &str, out: &mut Vec<Stmt>) {
    let mut errors = Vec::new();
    g.stmt_path = path.to_owned();
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
            let var = g.scope.names.fresh(&snake_case(name));
            g.scope
                .vars
                .insert(("form", name.to_owned()), (var.clone(), ty.to_owned()));
            out.push(Stmt::Let {
                key: g.scope.used_key(&var),
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
