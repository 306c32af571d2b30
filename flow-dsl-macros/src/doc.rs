//! The Flow JSON document of the markup, built at compile time, with a map from each JSON path
//! to the tokens that wrote it: flow-model's validator runs on it and every finding is reported
//! at its token ([`crate::findings`]). The macro codes no Meta rule of its own.
//!
//! The document is what the expansion's builder calls render (same keys, same bindings, same
//! expression text), so the validator sees at compile time what `build()` sees at run time.
//! A value the macro has already refused (an unknown `data.x`, a malformed action) is still
//! written, and its path is marked *quiet*: the validator's findings there would only repeat
//! the macro's message.

use std::collections::HashMap;

use flow_model::expr_text::{PREC_ATOM, PREC_CONCAT, PREC_UNARY};
use flow_model::{DataSchema, SchemaType};
use serde_json::{Map, Number, Value};

use crate::ast::{Attr, DataTy, Elem, ScreenAst};
use crate::diag::{Diags, Sp};
use crate::expr::{BinOp, Call, Expr, RefKind};
use crate::model::{Model, Ty};

/// The prefix of an attribute the table does not know, written as is: `raw:new-prop={..}`.
pub const RAW_PREFIX: &str = "raw:";

/// The element for a component the table does not know: `<Raw json={{type: "New", ..}} />`.
pub const RAW_ELEMENT: &str = "Raw";

/// Where a JSON path was written: its key (attribute name, element name) and its value.
#[derive(Debug, Clone, Copy)]
pub struct Spot {
    pub key: Sp,
    pub value: Sp,
}

/// The document and where each part came from.
#[derive(Debug)]
pub struct Doc {
    pub json: Value,
    spots: HashMap<String, Spot>,
    /// Paths whose values the macro reported already.
    quiet: Vec<String>,
    /// Paths written through the escape hatch (`raw:` attributes, `<Raw>`).
    raw: Vec<String>,
}

impl Doc {
    /// The spot of `path` or of its closest recorded ancestor, and whether it is the path
    /// itself.
    pub fn locate(&self, path: &str) -> Option<(Spot, bool)> {
        let mut p = path;
        let mut exact = true;
        loop {
            if let Some(s) = self.spots.get(p) {
                return Some((*s, exact));
            }
            if p.is_empty() {
                return None;
            }
            p = parent(p);
            exact = false;
        }
    }

    /// Whether `path` is at or under a quiet path.
    pub fn is_quiet(&self, path: &str) -> bool {
        self.quiet.iter().any(|q| within(path, q))
    }

    /// Whether `path` is at or under a part written through the escape hatch.
    pub fn is_raw(&self, path: &str) -> bool {
        self.raw.iter().any(|q| within(path, q))
    }
}

/// Whether `path` is `base` or under it (on a segment boundary).
fn within(path: &str, base: &str) -> bool {
    path.starts_with(base)
        && (path.len() == base.len() || matches!(path.as_bytes()[base.len()], b'.' | b'['))
}

/// `a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``.
fn parent(p: &str) -> &str {
    match p.rfind(['.', '[']) {
        Some(i) => &p[..i],
        None => "",
    }
}

struct Builder<'m, 'a> {
    m: &'m Model<'a>,
    spots: HashMap<String, Spot>,
    quiet: Vec<String>,
    raw: Vec<String>,
    /// Navigation edges (from, to) by screen index, for the derived routing model.
    edges: Vec<(usize, usize)>,
    screen: usize,
}

/// Builds the document of the flow.
pub fn build(m: &Model<'_>) -> Doc {
    let flow = m.flow;
    let mut b = Builder {
        m,
        spots: HashMap::new(),
        quiet: Vec::new(),
        raw: Vec::new(),
        edges: Vec::new(),
        screen: 0,
    };
    b.spot(String::new(), flow.sp, flow.sp);
    let mut root = Map::new();
    if let Some(v) = &flow.version {
        root.insert("version".into(), Value::String(v.value()));
        b.spot("version".into(), Sp::one(v.span()), Sp::one(v.span()));
    }
    if let Some(v) = &flow.data_api_version {
        root.insert("data_api_version".into(), Value::String(v.value()));
        let sp = Sp::one(v.span());
        b.spot("data_api_version".into(), sp, sp);
    }
    let mut screens = Vec::with_capacity(m.screens.len());
    for (i, s) in m.screens.iter().enumerate() {
        b.screen = i;
        screens.push(b.screen_json(s.ast, &format!("screens[{i}]")));
    }
    if let Some(a) = &flow.routing_model {
        root.insert("routing_model".into(), b.routing(a));
    } else if flow.data_api_version.is_some() {
        let mut model = Map::new();
        for s in &m.screens {
            model.insert(s.id.clone(), Value::Array(Vec::new()));
        }
        for &(from, to) in &b.edges {
            if let Some(Value::Array(list)) = model.get_mut(&m.screens[from].id) {
                let to = Value::String(m.screens[to].id.clone());
                if !list.contains(&to) {
                    list.push(to);
                }
            }
        }
        root.insert("routing_model".into(), Value::Object(model));
    }
    for a in &flow.raw {
        let key = &a.name[RAW_PREFIX.len()..];
        b.raw.push(key.to_owned());
        let v = b.value(a.value.as_ref(), key, a);
        root.insert(key.to_owned(), v);
    }
    root.insert("screens".into(), Value::Array(screens));
    Doc {
        json: Value::Object(root),
        spots: b.spots,
        quiet: b.quiet,
        raw: b.raw,
    }
}

impl Builder<'_, '_> {
    fn spot(&mut self, path: String, key: Sp, value: Sp) {
        self.spots.insert(path, Spot { key, value });
    }

    /// `routing_model={{START: [NEXT], ..}}`: screen ids are bare words.
    fn routing(&mut self, a: &Attr) -> Value {
        self.spot("routing_model".into(), a.sp, a.value_sp());
        let mut model = Map::new();
        let Some(Expr::Object(entries, _)) = &a.value else {
            return Value::Object(model);
        };
        for en in entries {
            let path = format!("routing_model.{}", en.key);
            self.spot(path.clone(), en.key_sp, en.value.sp());
            let targets = match &en.value {
                Expr::List(items, _) => items
                    .iter()
                    .enumerate()
                    .map(|(k, it)| {
                        self.spot(format!("{path}[{k}]"), it.sp(), it.sp());
                        match it {
                            Expr::Word(w) => Value::String(w.to_string()),
                            other => literal(other),
                        }
                    })
                    .collect(),
                _ => Vec::new(),
            };
            model.insert(en.key.clone(), Value::Array(targets));
        }
        Value::Object(model)
    }

    fn screen_json(&mut self, s: &ScreenAst, path: &str) -> Value {
        self.spot(path.to_owned(), s.sp, s.sp);
        let mut out = Map::new();
        if let Some(id) = &s.id {
            out.insert("id".into(), Value::String(id.value()));
            let sp = Sp::one(id.span());
            self.spot(format!("{path}.id"), sp, sp);
        }
        for a in &s.attrs {
            let key = a.name.strip_prefix(RAW_PREFIX).unwrap_or(&a.name);
            let apath = format!("{path}.{key}");
            if key.len() != a.name.len() {
                self.raw.push(apath.clone());
            }
            let v = self.value(a.value.as_ref(), &apath, a);
            out.insert(key.to_owned(), v);
        }
        if s.data_given {
            let mut data = Map::new();
            for d in &s.data {
                let key = d.name.to_string();
                let dpath = format!("{path}.data.{key}");
                let ex = literal(&d.example);
                let mut schema = schema_of(d.ty, &ex);
                schema.example = Some(ex);
                data.insert(key, flow_model::to_value(&schema));
                self.spot(dpath.clone(), Sp::one(d.name.span()), d.example.sp());
                self.spot(
                    format!("{dpath}.__example__"),
                    d.example.sp(),
                    d.example.sp(),
                );
            }
            out.insert("data".into(), Value::Object(data));
        }
        self.spot(format!("{path}.layout"), s.sp, s.sp);
        let children = self.children(&s.children, &format!("{path}.layout.children"));
        let mut layout = Map::new();
        layout.insert("type".into(), "SingleColumnLayout".into());
        layout.insert("children".into(), children);
        out.insert("layout".into(), Value::Object(layout));
        Value::Object(out)
    }

    fn children(&mut self, elems: &[Elem], path: &str) -> Value {
        Value::Array(
            elems
                .iter()
                .enumerate()
                .map(|(k, e)| self.component(e, &format!("{path}[{k}]")))
                .collect(),
        )
    }

    fn component(&mut self, e: &Elem, path: &str) -> Value {
        self.spot(path.to_owned(), e.name_sp, e.name_sp);
        if e.name == RAW_ELEMENT {
            self.raw.push(path.to_owned());
            return e.attr("json").map_or(Value::Null, |a| {
                a.value
                    .as_ref()
                    .map_or(Value::Null, |v| self.raw_json(v, path))
            });
        }
        self.spot(format!("{path}.type"), e.name_sp, e.name_sp);
        let mut out = Map::new();
        out.insert("type".into(), Value::String(e.name.clone()));
        for a in &e.attrs {
            let key = a.name.strip_prefix(RAW_PREFIX).unwrap_or(&a.name);
            let apath = format!("{path}.{key}");
            if key.len() != a.name.len() {
                self.raw.push(apath.clone());
            }
            let v = match (e.name.as_str(), key) {
                ("If", "condition") => self.dynamic(a, &apath, true),
                _ => self.value(a.value.as_ref(), &apath, a),
            };
            out.insert(key.to_owned(), v);
        }
        match e.name.as_str() {
            "Form" => {
                let c = self.children(&e.children, &format!("{path}.children"));
                out.insert("children".into(), c);
            }
            "If" => {
                let (mut then, mut other) = (Vec::new(), None::<Vec<&Elem>>);
                for c in &e.children {
                    match c.name.as_str() {
                        "then" => then.extend(&c.children),
                        "else" => other.get_or_insert_with(Vec::new).extend(&c.children),
                        _ => then.push(c),
                    }
                }
                let mut list = |name: &str, elems: Vec<&Elem>, b: &mut Self| {
                    let v: Vec<Value> = elems
                        .iter()
                        .enumerate()
                        .map(|(k, c)| b.component(c, &format!("{path}.{name}[{k}]")))
                        .collect();
                    out.insert(name.to_owned(), Value::Array(v));
                };
                list("then", then, self);
                if let Some(o) = other {
                    list("else", o, self);
                }
            }
            "Switch" => {
                let mut cases = Map::new();
                for c in e.children.iter().filter(|c| c.name == "case") {
                    let Some(Expr::Str(key)) = c.attr("value").and_then(|a| a.value.as_ref())
                    else {
                        continue;
                    };
                    let key = key.value();
                    let cpath = format!("{path}.cases.{key}");
                    self.spot(cpath.clone(), c.name_sp, c.name_sp);
                    let v = self.children(&c.children, &cpath);
                    cases.insert(key, v);
                }
                out.insert("cases".into(), Value::Object(cases));
            }
            _ => {}
        }
        Value::Object(out)
    }

    /// An attribute value (`None`: a flag, `true`).
    fn value(&mut self, v: Option<&Expr>, path: &str, a: &Attr) -> Value {
        self.spot(path.to_owned(), a.sp, a.value_sp());
        match v {
            None => Value::Bool(true),
            Some(v) if a.name.starts_with(RAW_PREFIX) => self.raw_json(v, path),
            Some(v) => self.json(v, path),
        }
    }

    /// Literal JSON through the escape hatch: anything that is not literal is the macro's to
    /// report.
    fn raw_json(&mut self, v: &Expr, path: &str) -> Value {
        if v.has_binding() {
            self.quiet.push(path.to_owned());
        }
        self.json(v, path)
    }

    /// A value inside a property, an item or a payload.
    fn json(&mut self, v: &Expr, path: &str) -> Value {
        match v {
            Expr::List(items, _) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(k, x)| {
                        let p = format!("{path}[{k}]");
                        self.spot(p.clone(), x.sp(), x.sp());
                        self.json(x, &p)
                    })
                    .collect(),
            ),
            Expr::Object(entries, _) => {
                let mut m = Map::new();
                for en in entries {
                    let p = format!("{path}.{}", en.key);
                    self.spot(p.clone(), en.key_sp, en.value.sp());
                    let x = self.json(&en.value, &p);
                    m.insert(en.key.clone(), x);
                }
                Value::Object(m)
            }
            Expr::Call(c) => self.action(c, path),
            Expr::Ref(_) | Expr::Bin(..) | Expr::Not(..) => {
                if !self.types_cleanly(v) {
                    self.quiet.push(path.to_owned());
                }
                Value::String(self.render_value(v))
            }
            Expr::Word(w) if w == "null" => Value::Null,
            Expr::Word(w) => {
                self.quiet.push(path.to_owned());
                Value::String(w.to_string())
            }
            lit => literal(lit),
        }
    }

    /// An If condition (bare) or any other expression attribute.
    fn dynamic(&mut self, a: &Attr, path: &str, bare: bool) -> Value {
        self.spot(path.to_owned(), a.sp, a.value_sp());
        let Some(v) = &a.value else {
            return Value::Bool(true);
        };
        if !self.types_cleanly(v) {
            self.quiet.push(path.to_owned());
        }
        match v {
            Expr::Ref(_) | Expr::Bin(..) | Expr::Not(..) if bare => {
                let mut out = String::new();
                self.write(v, &mut out);
                Value::String(out)
            }
            other => self.json(other, path),
        }
    }

    /// Whether the macro's own type checks accept `v` (else they report it).
    fn types_cleanly(&self, v: &Expr) -> bool {
        let mut quiet = Diags::default();
        self.m.type_of(v, self.screen, &mut quiet);
        quiet.is_empty()
    }

    fn ty(&self, v: &Expr) -> Ty {
        self.m.type_of(v, self.screen, &mut Diags::default())
    }

    fn action(&mut self, c: &Call, path: &str) -> Value {
        let name = c.name.to_string();
        let nsp = Sp::one(c.name.span());
        self.spot(format!("{path}.name"), nsp, nsp);
        let mut out = Map::new();
        out.insert("name".into(), Value::String(name.clone()));
        let payload_at = match name.as_str() {
            "navigate" => 1,
            "complete" | "update_data" | "data_exchange" => 0,
            "open_url" => usize::MAX,
            _ => {
                self.quiet.push(path.to_owned());
                usize::MAX
            }
        };
        match (name.as_str(), c.args.first()) {
            ("navigate", Some(Expr::Word(w))) => {
                let id = w.to_string();
                let sp = Sp::one(w.span());
                self.spot(format!("{path}.next"), sp, sp);
                self.spot(format!("{path}.next.name"), sp, sp);
                let mut next = Map::new();
                next.insert("type".into(), "screen".into());
                next.insert("name".into(), Value::String(id.clone()));
                out.insert("next".into(), Value::Object(next));
                if let Some(t) = self.m.screen_index(&id)
                    && t != self.screen
                {
                    self.edges.push((self.screen, t));
                }
            }
            ("navigate", _) => self.quiet.push(path.to_owned()),
            ("open_url", Some(Expr::Str(s))) => {
                out.insert("url".into(), Value::String(s.value()));
                let sp = Sp::one(s.span());
                self.spot(format!("{path}.url"), sp, sp);
            }
            ("open_url", _) => self.quiet.push(path.to_owned()),
            _ => {}
        }
        // Without an endpoint, "data_api_version" is missing: point at the first action that
        // needs it.
        if name == "data_exchange" && !self.spots.contains_key("data_api_version") {
            self.spot("data_api_version".into(), nsp, nsp);
        }
        if name == "data_exchange"
            && let Some(Expr::List(items, _)) = c.args.get(1)
        {
            for it in items {
                if let Expr::Word(w) = it
                    && let Some(t) = self.m.screen_index(&w.to_string())
                {
                    self.edges.push((self.screen, t));
                }
            }
        }
        match c.args.get(payload_at) {
            Some(p @ Expr::Object(..)) => {
                let ppath = format!("{path}.payload");
                self.spot(ppath.clone(), p.sp(), p.sp());
                let v = self.json(p, &ppath);
                out.insert("payload".into(), v);
            }
            Some(_) => self.quiet.push(path.to_owned()),
            None => {}
        }
        Value::Object(out)
    }

    /// A property or payload value: a lone reference as `${…}`, anything else in backticks.
    fn render_value(&self, v: &Expr) -> String {
        let mut out = String::new();
        if let Expr::Ref(_) = v {
            self.write(v, &mut out);
        } else {
            out.push('`');
            self.write(v, &mut out);
            out.push('`');
        }
        out
    }

    /// Meta's expression text, parenthesized by precedence as the builders write it.
    fn write(&self, v: &Expr, out: &mut String) {
        match v {
            Expr::Ref(r) => {
                out.push_str("${");
                if let Some(s) = &r.screen {
                    out.push_str("screen.");
                    out.push_str(&s.to_string());
                    out.push('.');
                }
                out.push_str(match r.kind {
                    RefKind::Form => "form.",
                    RefKind::Data => "data.",
                });
                out.push_str(&r.name.to_string());
                for f in &r.path {
                    out.push('.');
                    out.push_str(&f.to_string());
                }
                out.push('}');
            }
            Expr::Str(s) => {
                out.push('\'');
                for c in s.value().chars() {
                    if matches!(c, '\\' | '\'' | '`') {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push('\'');
            }
            Expr::Int(i) => out.push_str(i.base10_digits()),
            Expr::Float(f) => out.push_str(f.base10_digits()),
            Expr::Bool(b) => out.push_str(if b.value { "true" } else { "false" }),
            Expr::Not(inner, _) => {
                out.push('!');
                self.operand(inner, self.prec(inner) < PREC_UNARY, out);
            }
            Expr::Bin(BinOp::Add, ..) if self.is_concat(v) => {
                let mut members = Vec::new();
                self.concat_members(v, &mut members);
                for (k, m) in members.iter().enumerate() {
                    if k > 0 {
                        out.push(' ');
                    }
                    self.operand(m, self.prec(m) < PREC_ATOM, out);
                }
            }
            Expr::Bin(op, a, b, _) => {
                let p = op.precedence();
                let pa = self.prec(a);
                self.operand(a, pa < p || (pa == p && op.is_comparison()), out);
                out.push(' ');
                out.push_str(op.text());
                out.push(' ');
                self.operand(b, self.prec(b) <= p, out);
            }
            Expr::Word(w) => out.push_str(&w.to_string()),
            Expr::List(..) | Expr::Object(..) | Expr::Call(_) => out.push_str("''"),
        }
    }

    fn operand(&self, v: &Expr, parens: bool, out: &mut String) {
        if parens {
            out.push('(');
        }
        self.write(v, out);
        if parens {
            out.push(')');
        }
    }

    /// `+` with text on either side joins text (the builders' `concat`).
    fn is_concat(&self, v: &Expr) -> bool {
        matches!(v, Expr::Bin(BinOp::Add, a, b, _) if self.ty(a) == Ty::Str || self.ty(b) == Ty::Str)
    }

    fn concat_members<'e>(&self, v: &'e Expr, out: &mut Vec<&'e Expr>) {
        match v {
            Expr::Bin(BinOp::Add, a, b, _) if self.is_concat(v) => {
                self.concat_members(a, out);
                self.concat_members(b, out);
            }
            other => out.push(other),
        }
    }

    fn prec(&self, v: &Expr) -> u8 {
        match v {
            Expr::Bin(..) if self.is_concat(v) => PREC_CONCAT,
            Expr::Bin(op, ..) => op.precedence(),
            Expr::Not(..) => PREC_UNARY,
            _ => PREC_ATOM,
        }
    }
}

/// A literal as JSON (`null` for what is not one: the macro reports it).
pub fn literal(e: &Expr) -> Value {
    match e {
        Expr::Str(s) => Value::String(s.value()),
        Expr::Int(i) => i
            .base10_parse::<i64>()
            .map(Value::from)
            .or_else(|_| i.base10_parse::<u64>().map(Value::from))
            .unwrap_or_else(|_| number(i.base10_digits())),
        Expr::Float(f) => number(f.base10_digits()),
        Expr::Bool(b) => Value::Bool(b.value),
        Expr::List(items, _) => Value::Array(items.iter().map(literal).collect()),
        Expr::Object(entries, _) => Value::Object(
            entries
                .iter()
                .map(|en| (en.key.clone(), literal(&en.value)))
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn number(digits: &str) -> Value {
    digits
        .parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// The schema the builders declare for a data field of type `ty` with `example` (see
/// `flow_dsl::builder::DataType`): flow-model's, shared by both.
fn schema_of(ty: DataTy, example: &Value) -> DataSchema {
    match ty {
        DataTy::Str => DataSchema::of(SchemaType::String),
        DataTy::Int | DataTy::Float => DataSchema::of(SchemaType::Number),
        DataTy::Bool => DataSchema::of(SchemaType::Boolean),
        DataTy::StrList => DataSchema::array_of(example, DataSchema::of(SchemaType::String)),
        DataTy::Media => DataSchema::array_of(example, DataSchema::of(SchemaType::Object)),
        DataTy::Choices => DataSchema::choice_list(example),
        DataTy::Json => DataSchema::infer(example),
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn doc_of(tokens: proc_macro2::TokenStream) -> Doc {
        let mut diags = Diags::default();
        let flow = crate::parse::parse(tokens, &mut diags).expect("parses");
        assert!(diags.is_empty());
        let model = Model::new(&flow);
        build(&model)
    }

    #[test]
    fn writes_bindings_and_expressions_as_the_builders_do() {
        let doc = doc_of(quote! {
            <Flow name=F version="7.3">
                <Screen id="A" terminal data={ age: i64 = 30, name: String = "Ana" }>
                    <TextBody text={"Hello, " + data.name + "!"}
                              visible={data.age >= 18 && data.name != "root"} />
                    <If condition={data.age >= 18 && !(data.name == "x" || data.age < 3)}>
                        <TextBody text={data.name} />
                    </If>
                    <Footer label="Done" on-click-action={complete()} />
                </Screen>
            </Flow>
        });
        let c = &doc.json["screens"][0]["layout"]["children"];
        assert_eq!(c[0]["text"], "`'Hello, ' ${data.name} '!'`");
        assert_eq!(
            c[0]["visible"],
            "`${data.age} >= 18 && ${data.name} != 'root'`"
        );
        assert_eq!(
            c[1]["condition"],
            "${data.age} >= 18 && !(${data.name} == 'x' || ${data.age} < 3)"
        );
        assert_eq!(c[1]["then"][0]["text"], "${data.name}");
        // `complete()` writes no payload.
        assert!(c[2]["on-click-action"].get("payload").is_none());
        let data = &doc.json["screens"][0]["data"];
        assert_eq!(data["age"]["type"], "number");
        assert_eq!(data["name"]["__example__"], "Ana");
    }

    #[test]
    fn maps_paths_to_tokens_and_marks_what_the_macro_reports() {
        let doc = doc_of(quote! {
            <Flow name=F version="7.3" data_api_version="3.0">
                <Screen id="A" data={}>
                    <TextBody text={data.nope} />
                    <Footer label="Next" on-click-action={data_exchange({}, [B])} />
                </Screen>
                <Screen id="B" terminal>
                    <Footer label="Done" on-click-action={complete({})} />
                </Screen>
            </Flow>
        });
        assert_eq!(doc.json["screens"][0]["data"], serde_json::json!({}));
        assert_eq!(doc.json["routing_model"]["A"][0], "B");
        assert!(doc.is_quiet("screens[0].layout.children[0].text"));
        assert!(!doc.is_quiet("screens[0].layout.children[1]"));
        // A missing property resolves to its element.
        let (_, exact) = doc
            .locate("screens[0].layout.children[1].label.x")
            .expect("an ancestor");
        assert!(!exact);
        assert!(
            doc.locate("screens[1].layout.children[0].on-click-action.payload")
                .is_some()
        );
        assert_eq!(
            doc.json["screens"][1]["layout"]["children"][0]["on-click-action"]["payload"],
            serde_json::json!({})
        );
    }
}
