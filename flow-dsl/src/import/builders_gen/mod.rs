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
mod lit;
mod props;
mod refs;

use std::collections::HashMap;

use flow_model::validate::{Finding, Severity};
use serde_json::{Map, Value};

use code::Code;
use lit::{json, str_lit};
use refs::{Scope, ScreenSyms};

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
    /// `let var = with_let;` when `var` is read later, else `without;`.
    Let {
        var: String,
        with_let: Code,
        without: Code,
    },
    /// `let mut form = s.form(name);`, then the statements inside it.
    Open(String),
    /// A `{ … }` block.
    Block(Vec<Stmt>),
}

/// Findings of the validator, by the node (JSON path) they concern.
struct Placed {
    /// Node path → findings (each one used once).
    at: HashMap<String, Vec<Finding>>,
}

impl Placed {
    /// Groups `findings` by the deepest generated node containing their path.
    fn new(findings: &[Finding], nodes: &[String]) -> Placed {
        let mut at: HashMap<String, Vec<Finding>> = HashMap::new();
        for f in findings {
            let owner = nodes
                .iter()
                .filter(|p| contains(p, &f.path))
                .max_by_key(|p| p.len())
                .cloned()
                .unwrap_or_default();
            at.entry(owner).or_default().push(f.clone());
        }
        Placed { at }
    }

    /// The findings of node `path` and of every node inside it (for a node written as JSON).
    fn take_under(&mut self, path: &str) -> (Vec<String>, Vec<String>) {
        let mut inner: Vec<String> = self
            .at
            .keys()
            .filter(|k| contains(path, k))
            .cloned()
            .collect();
        inner.sort();
        let (mut comments, mut errors) = (Vec::new(), Vec::new());
        for k in inner {
            let (c, e) = self.take(&k);
            comments.extend(c);
            errors.extend(e);
        }
        (comments, errors)
    }

    /// The findings of node `path` as comment lines, and the errors as `compile_error!` texts.
    fn take(&mut self, path: &str) -> (Vec<String>, Vec<String>) {
        let mut comments = Vec::new();
        let mut errors = Vec::new();
        for f in self.at.remove(path).unwrap_or_default() {
            let level = match f.severity {
                Severity::Error => "error",
                _ => "warning",
            };
            let text = format!("{} at {}: {}", f.code, display_path(&f.path), f.message);
            comments.push(format!("{level}: {text}"));
            if f.severity == Severity::Error {
                errors.push(text);
            }
        }
        (comments, errors)
    }
}

fn display_path(p: &str) -> &str {
    if p.is_empty() { "the document" } else { p }
}

/// Whether the node at `node` contains the path `path` (segment boundary).
fn contains(node: &str, path: &str) -> bool {
    node.is_empty()
        || (path.starts_with(node)
            && (path.len() == node.len() || matches!(path.as_bytes()[node.len()], b'.' | b'[')))
}

/// Generates the module for the document `doc` (an object).
pub(crate) fn generate(
    doc: &Map<String, Value>,
    findings: &[Finding],
    type_name: &str,
    file_name: Option<&str>,
) -> String {
    let mut g = Gen::new(doc, findings);
    let body = g.flow_body(doc);
    let mut out = String::new();
    let source = file_name.map_or_else(String::new, |f| format!(" from `{f}`"));
    out.push_str(&format!(
        "//! The flow `{type_name}`, imported{source} by `flow-dsl import --as builders`.\n"
    ));
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
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
                for line in c.lines() {
                    code::push_indent(out, indent);
                    out.push_str("// ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
            Stmt::Error(e) => {
                Code::call("compile_error!", vec![Code::atom(str_lit(e))])
                    .print_line(out, indent, ";\n");
            }
            Stmt::Blank => out.push('\n'),
            Stmt::Expr(c) => c.print_line(out, indent, ";\n"),
            Stmt::Let {
                var,
                with_let,
                without,
            } => {
                if scope.used.borrow().contains(var) {
                    code::push_indent(out, indent);
                    let head = format!("let {var} = ");
                    out.push_str(&head);
                    with_let.print(out, indent, indent + head.len());
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

/// Generation state.
struct Gen {
    scope: Scope,
    placed: Placed,
    /// Screen id → handle variable.
    handles: HashMap<String, String>,
}

impl Gen {
    fn new(doc: &Map<String, Value>, findings: &[Finding]) -> Gen {
        let mut nodes = vec![String::new()];
        let mut scope = Scope::default();
        let mut handles = HashMap::new();
        // Names the generated code uses: a variable named like them would shadow them.
        for reserved in [
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
        ] {
            scope.taken.insert(reserved.to_owned());
        }
        if let Some(Value::Array(screens)) = doc.get("screens") {
            for (i, s) in screens.iter().enumerate() {
                let path = format!("screens[{i}]");
                nodes.push(path.clone());
                let Some(s) = s.as_object() else { continue };
                if let Some(Value::Array(children)) =
                    s.get("layout").and_then(|l| l.get("children"))
                {
                    components::node_paths(
                        children,
                        &format!("{path}.layout.children"),
                        &mut nodes,
                    );
                }
                let Some(id) = s.get("id").and_then(Value::as_str) else {
                    continue;
                };
                if handles.contains_key(id) {
                    continue;
                }
                let base = ident(id);
                let base = if scope.taken.contains(&base) {
                    format!("{base}_screen")
                } else {
                    base
                };
                let var = unique(&mut scope.taken, &base);
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
            placed: Placed::new(findings, &nodes),
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
        let (comments, errors) = self.placed.take(path);
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
        if !matches!(doc.get("version"), Some(Value::String(_))) {
            if let Some(v) = doc.get("version") {
                out.push(Stmt::Expr(Code::call(
                    "flow.prop",
                    vec![Code::atom("\"version\""), json(v)],
                )));
            }
        }
        // Findings inside what was written as JSON (a raw component's children) have no
        // statement of their own: they go here, so none is lost.
        let mut rest: Vec<String> = self.placed.at.keys().cloned().collect();
        rest.sort();
        if !rest.is_empty() {
            out.push(Stmt::Blank);
        }
        for path in rest {
            self.findings_stmts(&path, &mut out);
        }
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
        typed().unwrap_or_else(|| {
            vec![
                Stmt::Comment(
                    "the routing model as given (not derivable from screen handles)".into(),
                ),
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
        out.push(Stmt::Comment(format!("Screen {id}")));
        self.findings_stmts(&path, &mut out);
        out.push(Stmt::Expr(Code::atom(format!("let s = flow.at({handle})"))));
        self.scope.current = id.to_owned();
        self.scope.vars.clear();
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
                for (key, schema) in d {
                    out.push(self.data_decl(handle, key, schema));
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

    fn data_decl(&mut self, handle: &str, key: &str, schema: &Value) -> Stmt {
        let var = unique(&mut self.scope.taken, &ident(key));
        let decl = components::data_decl(key, schema);
        if let Some(ty) = &decl.rust_type {
            self.scope
                .vars
                .insert(("data", key.to_owned()), (var.clone(), ty.clone()));
        }
        let _ = handle;
        let code = decl.code.commented(decl.comments);
        Stmt::Let {
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

/// A snake_case Rust identifier for a screen id, data key or input name.
// TEMPORARY until h/imp-macro's `import/names.rs` is merged.
fn ident(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                out.push('_');
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
            prev_lower = false;
        }
    }
    let out = out.trim_matches('_').to_owned();
    let out = if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("v_{out}")
    } else {
        out
    };
    if syn_keyword(&out) {
        format!("{out}_")
    } else {
        out
    }
}

fn syn_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
            | "union"
    )
}

/// `base`, or `base_2`, `base_3`… when taken.
fn unique(taken: &mut std::collections::HashSet<String>, base: &str) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}
