//! [`Style::Builders`](super::Style::Builders): Flow JSON → `flow_dsl::builder` calls that
//! build the same document.
//!
//! The output is one module: a unit struct named after the flow with `builder()`, `flow()` and
//! `build()` (the same API as a `flow!` type). Inside `builder()`, screens are declared by
//! handle first, then each screen is filled in its own block: data declarations with Rust types,
//! inputs bound to `let` variables when something reads them, references typed, If / Switch as
//! builder values, option lists as one `Choice` per line.
//!
//! Exactness comes first: a value is written with a typed builder call only when that call
//! produces exactly the input; anything else goes through the builders' escape hatches (`prop`,
//! `Child::raw`, `Action::from_json`, `data_schema_json`) with a comment. The validator's errors
//! become `compile_error!` invocations placed before the statement that creates the offending
//! node, so the generated code does not compile and names Meta's code and the JSON path.

mod actions;
mod code;
mod components;
mod json_code;
mod props;
mod refs;
mod typed_expr;

use std::collections::{HashMap, HashSet};

use flow_model::validate::Severity;
use serde_json::{Map, Value};

use crate::import::rust_lit::string as str_lit;
use code::Code;
use json_code::json;
use refs::{Scope, ScreenSyms};

use super::findings::{self, Placed};
use super::names::{Idents, snake_case};
use super::screen_data;

/// One line or block of `builder()`'s body.
#[derive(Debug)]
enum Stmt {
    /// `// text`.
    Comment(String),
    /// `compile_error!("text");`.
    Error(String),
    /// A blank line between groups.
    Blank,
    /// `code;`.
    Expr(Code),
    /// `let var = with_let;` when `var` is read later (`key` recorded as used), else
    /// `without;`.
    Let {
        var: String,
        key: String,
        with_let: Code,
        without: Code,
    },
    /// `let mut form = s.form(name);`, then the statements inside it.
    Open(String),
    /// A `{ … }` block.
    Block(Vec<Stmt>),
}

/// The validator's findings still to print: each node's are printed once, where the node is
/// written; those inside a node written as JSON go with it.
struct Findings<'a> {
    placed: &'a Placed,
    nodes: Vec<String>,
    done: HashSet<String>,
}

impl Findings<'_> {
    /// The findings of node `path` as comment lines, and the errors as `compile_error!` texts.
    /// `error_comments`: errors are comments too (for a node inside a statement, whose
    /// `compile_error!` stands before the whole statement); otherwise only warnings are.
    fn take(&mut self, path: &str, error_comments: bool) -> (Vec<String>, Vec<String>) {
        let (mut comments, mut errors) = (Vec::new(), Vec::new());
        if self.done.insert(path.to_owned()) {
            for f in self.placed.at(path) {
                let text = findings::comment(f);
                if f.severity == Severity::Error {
                    errors.push(text.clone());
                    if !error_comments {
                        continue;
                    }
                }
                comments.push(text);
            }
        }
        (comments, errors)
    }

    /// The findings of node `path` and of every node inside it (for a node written as JSON).
    fn take_under(&mut self, path: &str, error_comments: bool) -> (Vec<String>, Vec<String>) {
        let inner: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| findings::within(n, path))
            .cloned()
            .collect();
        let (mut comments, mut errors) = (Vec::new(), Vec::new());
        for n in inner {
            let (c, e) = self.take(&n, error_comments);
            comments.extend(c);
            errors.extend(e);
        }
        (comments, errors)
    }
}

/// Generates the module for the document `doc` (an object).
pub(crate) fn generate(
    doc: &Map<String, Value>,
    placed: &Placed,
    type_name: &str,
    file_name: Option<&str>,
) -> String {
    let errors = placed
        .all
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let mut g = Gen::new(doc, placed);
    let body = g.flow_body(doc);
    let mut out = String::new();
    let source = file_name.map_or_else(String::new, |f| format!(" from `{f}`"));
    out.push_str(&format!(
        "//! The flow `{type_name}`, imported{source} by `flow-dsl import --as builders`.\n"
    ));
    if errors > 0 {
        out.push_str(&format!(
            "//!\n//! The input has {errors} validator error(s): each is a `compile_error!` where it \
             applies,\n//! so this module does not compile until they are fixed.\n"
        ));
    }
    out.push_str("\nuse flow_dsl::builder::*;\n");
    if g.uses_json_macro(&body) {
        out.push_str("use serde_json::json;\n");
    }
    out.push_str(&format!(
        "\n/// The flow{source}.\npub struct {type_name};\n\nimpl {type_name} {{\n"
    ));
    out.push_str(
        "    /// The flow as a builder (to adjust it, or to call `build_report`).\n    \
         pub fn builder() -> Flow {\n",
    );
    print_stmts(&mut out, &body, 8, &g.scope);
    out.push_str("        flow\n    }\n\n");
    out.push_str(
        "    /// The Flow JSON document.\n    pub fn flow() -> flow_dsl::model::FlowJson {\n        \
         Self::builder().build_unchecked()\n    }\n\n",
    );
    out.push_str(
        "    /// The Flow JSON document, validated by flow-model's validator.\n    \
         pub fn build() -> Result<flow_dsl::model::FlowJson, BuildError> {\n        \
         Self::builder().build()\n    }\n}\n",
    );
    out
}

fn print_stmts(out: &mut String, stmts: &[Stmt], indent: usize, scope: &Scope) {
    for s in stmts {
        match s {
            Stmt::Comment(c) => {
                let lines: Vec<String> = c.lines().map(str::to_owned).collect();
                code::push_comment(out, &lines, indent);
            }
            Stmt::Error(e) => {
                Code::call("compile_error!", vec![Code::atom(str_lit(e))])
                    .print_line(out, indent, ";\n");
            }
            Stmt::Blank => out.push('\n'),
            Stmt::Expr(c) => c.print_line(out, indent, ";\n"),
            Stmt::Let {
                var,
                key,
                with_let,
                without,
            } => {
                if scope.used.borrow().contains(key) {
                    let with_let = match with_let {
                        Code::Commented(lines, inner) => {
                            code::push_comment(out, lines, indent);
                            inner
                        }
                        other => other,
                    };
                    code::push_indent(out, indent);
                    let head = format!("let {var} = ");
                    out.push_str(&head);
                    with_let.print_rhs(out, indent, indent + head.len());
                    out.push_str(";\n");
                } else {
                    without.print_line(out, indent, ";\n");
                }
            }
            Stmt::Open(line) => {
                code::push_indent(out, indent);
                out.push_str(line);
                out.push('\n');
            }
            Stmt::Block(inner) => {
                code::push_indent(out, indent);
                out.push_str("{\n");
                print_stmts(out, inner, indent + 4, scope);
                code::push_indent(out, indent);
                out.push_str("}\n");
            }
        }
    }
}

/// Names the generated code uses: a variable named like one would shadow it.
const RESERVED: &[&str] = &[
    "flow",
    "s",
    "form",
    "screen",
    "complete",
    "navigate",
    "data_exchange",
    "update_data",
    "open_url",
    "date_range",
    "date_range_flags",
    "carousel_image",
    "json",
];

/// Generation state.
struct Gen<'a> {
    scope: Scope,
    findings: Findings<'a>,
    /// The path of the component whose statement is being written (its errors need no
    /// comment: the `compile_error!` right before says it).
    stmt_path: String,
    /// Screen id → handle variable.
    handles: HashMap<String, String>,
}

impl<'a> Gen<'a> {
    fn new(doc: &Map<String, Value>, placed: &'a Placed) -> Gen<'a> {
        let nodes = findings::nodes(&Value::Object(doc.clone()));
        let mut scope = Scope::default();
        let mut handles = HashMap::new();
        for reserved in RESERVED {
            scope.names.reserve(reserved);
        }
        if let Some(Value::Array(screens)) = doc.get("screens") {
            for s in screens {
                let Some(s) = s.as_object() else { continue };
                let Some(id) = s.get("id").and_then(Value::as_str) else {
                    continue;
                };
                if handles.contains_key(id) {
                    continue;
                }
                let base = snake_case(id);
                let base = if RESERVED.contains(&base.as_str()) {
                    format!("{base}_screen")
                } else {
                    base
                };
                let var = scope.names.fresh(&base);
                scope.base_names.push(var.clone());
                handles.insert(id.to_owned(), var.clone());
                let syms = ScreenSyms {
                    handle: var,
                    data_types: components::data_types(s),
                    form_types: components::form_types(s),
                };
                scope.screens.insert(id.to_owned(), syms);
            }
        }
        Gen {
            scope,
            findings: Findings {
                placed,
                nodes,
                done: HashSet::new(),
            },
            stmt_path: String::new(),
            handles,
        }
    }

    fn uses_json_macro(&self, body: &[Stmt]) -> bool {
        let mut text = String::new();
        print_stmts(&mut text, body, 0, &self.scope);
        text.contains("json!(")
    }

    /// Findings of node `path`: errors as statements, comments returned.
    fn findings_stmts(&mut self, path: &str, out: &mut Vec<Stmt>) {
        let (comments, errors) = self.findings.take(path, false);
        for c in comments {
            out.push(Stmt::Comment(c));
        }
        for e in errors {
            out.push(Stmt::Error(e));
        }
    }

    fn flow_body(&mut self, doc: &Map<String, Value>) -> Vec<Stmt> {
        let mut out = Vec::new();
        self.findings_stmts("", &mut out);
        let version = match doc.get("version") {
            Some(Value::String(v)) => Code::atom(str_lit(v)),
            _ => Code::atom("\"\""),
        };
        out.push(Stmt::Expr(Code::atom(format!(
            "let mut flow = {}",
            flat(&Code::call("Flow::new", vec![version]))
        ))));
        let mut later = Vec::new();
        for (k, v) in doc {
            match (k.as_str(), v) {
                ("version", Value::String(_)) | ("screens", Value::Array(_)) => {}
                ("data_api_version", Value::String(s)) => out.push(Stmt::Expr(Code::call(
                    "flow.data_api_version",
                    vec![Code::atom(str_lit(s))],
                ))),
                ("routing_model", v) => later.extend(self.routes(v)),
                _ => later.push(Stmt::Expr(Code::call(
                    "flow.prop",
                    vec![Code::atom(str_lit(k)), json(v)],
                ))),
            }
        }
        let screens: &[Value] = match doc.get("screens") {
            Some(Value::Array(s)) => s,
            _ => &[],
        };
        let mut seen = std::collections::HashSet::new();
        for (i, s) in screens.iter().enumerate() {
            let id = s.get("id").and_then(Value::as_str);
            match id {
                Some(id) if seen.insert(id) => {
                    let var = &self.handles[id];
                    out.push(Stmt::Expr(Code::atom(format!(
                        "let {var} = flow.screen({})",
                        str_lit(id)
                    ))));
                }
                _ => {
                    // A second screen with the same id (or none): declared anonymously.
                    let var = format!("screen_{i}");
                    let id = id.unwrap_or("");
                    out.push(Stmt::Expr(Code::atom(format!(
                        "let {var} = flow.screen({})",
                        str_lit(id)
                    ))));
                }
            }
        }
        out.extend(later);
        for (i, s) in screens.iter().enumerate() {
            out.push(Stmt::Blank);
            let handle = match s.get("id").and_then(Value::as_str) {
                Some(id)
                    if self.scope.screens[id].handle == self.handles[id]
                        && first(screens, id) == i =>
                {
                    self.handles[id].clone()
                }
                _ => format!("screen_{i}"),
            };
            let block = self.screen(i, s, &handle);
            out.push(Stmt::Block(block));
        }
        if let Some(v) = doc.get("screens")
            && !v.is_array()
        {
            out.push(Stmt::Comment(
                "`screens` is not a list; written as JSON".to_owned(),
            ));
            out.push(Stmt::Expr(Code::call(
                "flow.prop",
                vec![Code::atom("\"screens\""), json(v)],
            )));
        }
        // A version that is not text: `Flow::new("")`, then the value as given.
        if let Some(v) = doc.get("version")
            && !v.is_string()
        {
            out.push(Stmt::Expr(Code::call(
                "flow.prop",
                vec![Code::atom("\"version\""), json(v)],
            )));
        }
        // Findings inside what was written as JSON (a raw component's children) have no
        // statement of their own: they go here, so none is lost.
        let (comments, errors) = self.findings.take_under("", false);
        if !comments.is_empty() {
            out.push(Stmt::Blank);
        }
        out.extend(comments.into_iter().map(Stmt::Comment));
        out.extend(errors.into_iter().map(Stmt::Error));
        out.push(Stmt::Blank);
        out
    }

    /// `flow.route(from, [to…])` per entry, or the whole model as JSON when an entry names an
    /// unknown screen, repeats a target, or the model is empty (routes are derived otherwise).
    fn routes(&self, v: &Value) -> Vec<Stmt> {
        let typed = || -> Option<Vec<Stmt>> {
            let m = v.as_object().filter(|m| !m.is_empty())?;
            let mut out = Vec::new();
            for (from, to) in m {
                let from = self.handles.get(from)?;
                let to = to.as_array()?;
                let mut targets: Vec<&str> = Vec::new();
                for t in to {
                    let t = t.as_str()?;
                    if targets.contains(&t) {
                        return None;
                    }
                    targets.push(t);
                }
                let to = targets
                    .iter()
                    .map(|t| self.handles.get(*t).map(|h| Code::atom(h.clone())))
                    .collect::<Option<Vec<_>>>()?;
                out.push(Stmt::Expr(Code::call(
                    "flow.route",
                    vec![Code::atom(from.clone()), Code::brackets("", to)],
                )));
            }
            Some(out)
        };
        let why = if v.as_object().is_some_and(Map::is_empty) {
            "an empty routing model: without `route` calls the builder would derive one"
        } else {
            "the routing model as given: an entry names no screen, repeats one, or is not a list"
        };
        typed().unwrap_or_else(|| {
            vec![
                Stmt::Comment(why.into()),
                Stmt::Expr(Code::call(
                    "flow.prop",
                    vec![Code::atom("\"routing_model\""), json(v)],
                )),
            ]
        })
    }

    fn screen(&mut self, i: usize, s: &Value, handle: &str) -> Vec<Stmt> {
        let path = format!("screens[{i}]");
        let mut out = Vec::new();
        let id = s.get("id").and_then(Value::as_str).unwrap_or("");
        out.push(Stmt::Comment(if id.is_empty() {
            format!("{path}, without an id")
        } else {
            format!("Screen {id}")
        }));
        self.findings_stmts(&path, &mut out);
        out.push(Stmt::Expr(Code::atom(format!("let s = flow.at({handle})"))));
        self.scope.current = id.to_owned();
        self.scope.block = i;
        self.scope.vars.clear();
        // Each screen is its own block: names start again from the flow-level ones.
        self.scope.names = Idents::default();
        for n in RESERVED {
            self.scope.names.reserve(n);
        }
        for n in &self.scope.base_names {
            self.scope.names.reserve(n);
        }
        let Some(obj) = s.as_object() else {
            out.push(Stmt::Expr(Code::call(
                "flow.prop",
                vec![Code::atom("\"screens\""), json(s)],
            )));
            return out;
        };
        let mut settings = Code::atom("s");
        let mut calls = 0;
        let mut rest = Vec::new();
        for (k, v) in obj {
            let typed = match (k.as_str(), v) {
                ("id", Value::String(_)) | ("data", _) | ("layout", _) => continue,
                ("title", Value::String(t)) => Some(props::value(
                    props::Kind::Str,
                    &Value::String(t.clone()),
                    &self.scope,
                    &|_| None,
                )),
                ("terminal" | "success" | "refresh_on_back", Value::Bool(b)) => {
                    Some(Some(Code::atom(b.to_string())))
                }
                ("sensitive", Value::Array(items))
                    if items.iter().all(Value::is_string) && !items.is_empty() =>
                {
                    Some(Some(Code::brackets(
                        "",
                        items
                            .iter()
                            .map(|v| Code::atom(str_lit(v.as_str().unwrap_or_default())))
                            .collect(),
                    )))
                }
                _ => None,
            };
            match typed.flatten() {
                Some(arg) => {
                    settings = settings.method(k.clone(), vec![arg]);
                    calls += 1;
                }
                None => rest.push(Stmt::Expr(Code::call(
                    "s.prop",
                    vec![Code::atom(str_lit(k)), json(v)],
                ))),
            }
        }
        if calls > 0 {
            out.push(Stmt::Expr(settings));
        }
        out.extend(rest);
        match obj.get("data") {
            None => {}
            Some(Value::Object(d)) if d.is_empty() => {
                out.push(Stmt::Expr(Code::atom("s.empty_data()")));
            }
            Some(Value::Object(d)) => {
                for field in screen_data::fields(d) {
                    out.push(self.data_decl(&field));
                }
            }
            Some(other) => out.push(Stmt::Expr(Code::call(
                "s.prop",
                vec![Code::atom("\"data\""), json(other)],
            ))),
        }
        match obj.get("layout") {
            Some(Value::Object(l))
                if l.get("type").and_then(Value::as_str) == Some("SingleColumnLayout")
                    && matches!(l.get("children"), Some(Value::Array(_)))
                    && l.len() == 2 =>
            {
                let children = l["children"].as_array().map_or(&[][..], Vec::as_slice);
                let base = format!("{path}.layout.children");
                self.layout(children, &base, &mut out);
            }
            Some(l) => {
                out.push(Stmt::Comment(
                    "a layout the builders do not model; written as JSON".to_owned(),
                ));
                out.push(Stmt::Expr(Code::call(
                    "s.prop",
                    vec![Code::atom("\"layout\""), json(l)],
                )));
            }
            None => {
                // The builder always writes a layout; none in the input is a validator error,
                // reported above.
            }
        }
        out
    }

    fn data_decl(&mut self, field: &screen_data::DataField) -> Stmt {
        let var = self.scope.names.fresh(&snake_case(&field.key));
        let decl = components::data_decl(field);
        self.scope.vars.insert(
            ("data", field.key.clone()),
            (var.clone(), decl.rust_type.clone()),
        );
        let code = decl.code.commented(decl.comments);
        Stmt::Let {
            key: self.scope.used_key(&var),
            var,
            with_let: code.clone(),
            without: code,
        }
    }

    fn layout(&mut self, children: &[Value], base: &str, out: &mut Vec<Stmt>) {
        for (j, c) in children.iter().enumerate() {
            let path = format!("{base}[{j}]");
            components::top_level(self, c, &path, out);
        }
    }
}

/// The index of the first screen with id `id`.
fn first(screens: &[Value], id: &str) -> usize {
    screens
        .iter()
        .position(|s| s.get("id").and_then(Value::as_str) == Some(id))
        .unwrap_or(usize::MAX)
}

fn flat(c: &Code) -> String {
    let mut s = String::new();
    c.print(&mut s, 0, 0);
    s
}

#[cfg(test)]
mod tests {
    use crate::import::{ImportOptions, Style, import};

    fn builders(json: &str) -> String {
        let o = ImportOptions::new()
            .style(Style::Builders)
            .type_name("Signup");
        import(json, &o).expect("imports").rust
    }

    const SIGNUP: &str = r#"{"version": "7.3", "screens": [
      {"id": "START", "title": "Sign up", "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true},
        {"type": "If", "condition": "${form.email} != ''", "then": [
          {"type": "TextBody", "text": "`'You wrote ' ${form.email}`"}]},
        {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate",
          "next": {"type": "screen", "name": "DONE"}, "payload": {"email": "${form.email}", "n": 3}}}]}},
      {"id": "DONE", "title": "Done", "terminal": true,
       "data": {"email": {"type": "string", "__example__": "a@b.c"},
                "n": {"type": "number", "__example__": 1}},
       "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Footer", "label": "Finish", "on-click-action": {"name": "complete",
          "payload": {"email": "${data.email}"}}}]}}]}"#;

    #[test]
    fn screens_by_handle_typed_data_inputs_and_references() {
        let rust = builders(SIGNUP);
        for want in [
            "let start = flow.screen(\"START\");",
            "let email = s.add(",
            "TextInput::new(\"email\", \"Email\")",
            ".input_type(InputType::Email)",
            "If::new(email.ne(\"\"))",
            "Expr::text(\"You wrote \") + &email",
            "navigate(done).with(\"email\", &email).with(\"n\", 3)",
            "let email = s.data::<String>(\"email\", \"a@b.c\");",
            "s.data::<i64>(\"n\", 1);",
            "complete().with(\"email\", &email)",
            "pub struct Signup;",
        ] {
            assert!(rust.contains(want), "missing `{want}` in:\n{rust}");
        }
        assert!(!rust.contains("compile_error!"), "{rust}");
        assert!(!rust.contains("json!"), "{rust}");
    }

    #[test]
    fn what_no_builder_writes_goes_through_an_escape_hatch_with_a_comment() {
        let json = SIGNUP.replace(
            r#""children": [
        {"type": "Footer", "label": "Finish""#,
            r#""children": [{"type": "Sparkles", "amount": 3},
        {"type": "Footer", "label": "Finish""#,
        );
        let rust = builders(&json);
        assert!(
            rust.contains("// no builder for component `Sparkles`; written as JSON"),
            "{rust}"
        );
        assert!(
            rust.contains(r#"Child::raw(json!({ "type": "Sparkles", "amount": 3 }))"#),
            "{rust}"
        );
        assert!(rust.contains("use serde_json::json;"), "{rust}");
        // An unknown component is also a validator error, placed before its statement.
        let error = rust.find("compile_error!").expect("an error");
        assert!(error < rust.find("Child::raw").unwrap(), "{rust}");
    }

    #[test]
    fn validator_errors_become_compile_errors_where_they_apply() {
        let json = SIGNUP.replace(r#""name": "DONE"}"#, r#""name": "NOWHERE"}"#);
        let rust = builders(&json);
        let at = rust.find("compile_error!").expect("an error");
        let footer = rust.find("Footer::new(").expect("the footer");
        assert!(at < footer, "the error precedes the statement:\n{rust}");
        assert!(
            rust.contains("error INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME at screens[0]"),
            "names Meta's code and the path:\n{rust}"
        );
        assert!(
            rust.contains("Action::from_json"),
            "the unknown target is kept:\n{rust}"
        );
    }

    #[test]
    fn member_order_of_known_properties_does_not_change_the_output() {
        let reordered = SIGNUP
            .replace(
                r#""type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true"#,
                r#""required": true, "label": "Email", "input-type": "email", "name": "email", "type": "TextInput""#,
            )
            .replace(
                r#"{"id": "DONE", "title": "Done", "terminal": true,"#,
                r#"{"terminal": true, "title": "Done", "id": "DONE","#,
            );
        assert_ne!(reordered, SIGNUP);
        assert_eq!(builders(SIGNUP), builders(&reordered));
    }

    #[test]
    fn odd_documents_still_import_with_every_error_as_a_compile_error() {
        for json in [
            r#"{}"#,
            r#"{"version": 7, "screens": "none"}"#,
            r#"{"version": "7.3", "screens": [1, {"id": 2}, {"id": "A", "layout": []}]}"#,
            r#"{"version": "7.3", "screens": [{"id": "A"}, {"id": "A", "title": 3,
                "layout": {"type": "SingleColumnLayout", "children": [7, {"type": "If"},
                {"type": "Switch", "value": "${data.x}", "cases": {"a": []}},
                {"type": "Footer", "label": "x", "on-click-action": "complete"},
                {"type": "Form", "name": "f", "children": [{"type": "TextInput"}]}]}}],
                "routing_model": {"A": ["B", "A", "A"]}, "data_api_version": "3.0"}"#,
        ] {
            let o = ImportOptions::new().style(Style::Builders);
            let out = import(json, &o).expect("an object imports");
            syn::parse_file(&out.rust).unwrap_or_else(|e| panic!("{e}:\n{}", out.rust));
            let errors: Vec<_> = out
                .findings
                .iter()
                .filter(|f| f.severity == flow_model::validate::Severity::Error)
                .collect();
            assert!(!errors.is_empty(), "{json}");
            for f in errors {
                assert!(
                    out.rust.contains(&format!("error {} at", f.code)),
                    "{} missing from:\n{}",
                    f.code,
                    out.rust
                );
            }
        }
    }
}
