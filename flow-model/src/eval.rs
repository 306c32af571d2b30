//! Computes the values of bindings, If conditions and backtick expressions (spec §E.4), as the
//! WhatsApp client does at run time.
//!
//! [`validate::expr`](crate::validate::expr) checks an expression's syntax and types; this
//! module evaluates one against concrete data. Both read the text with the same lexer, so an
//! expression the validator accepts is the one evaluated here. Evaluation never fails: a
//! missing binding reads as `null`, division or modulo by zero yields 0 (as Meta documents),
//! and malformed text evaluates to `null` (the validator reports it).
//!
//! ```
//! use flow_model::{Binding, eval};
//! use serde_json::{json, Value};
//!
//! let data = json!({"age": 20, "name": "Ana"});
//! let lookup = |b: &Binding| match b {
//!     Binding::Data(p) => data.get(&p[0]).cloned(),
//!     _ => None,
//! };
//! assert_eq!(eval::condition("${data.age} >= 18 && ${data.name} == 'Ana'", &lookup), true);
//! assert_eq!(eval::dynamic("`'Hello ' ${data.name}`", &lookup), json!("Hello Ana"));
//! assert_eq!(eval::dynamic("`${data.age} + 1`", &lookup), json!(21));
//! assert_eq!(eval::dynamic("${data.name}", &lookup), json!("Ana"));
//! assert_eq!(eval::dynamic("plain", &lookup), json!("plain"));
//! ```

use serde_json::{Map, Number, Value};

use crate::dynamic::{Binding, DynExpr};
use crate::expr_text::{number_text, string_literal};
use crate::validate::expr::{Tok, lex};

/// Default `max-chars` of a TextInput (spec §C.3) when the property is absent.
pub const TEXT_INPUT_DEFAULT_MAX_CHARS: i64 = 80;
/// Default `max-length` of a TextArea (spec §C.4) when the property is absent.
pub const TEXT_AREA_DEFAULT_MAX_LENGTH: i64 = 600;

/// Evaluates an If `condition` to a boolean (a non-boolean result counts by its truthiness).
pub fn condition(text: &str, lookup: &impl Fn(&Binding) -> Option<Value>) -> bool {
    truthy(&evaluate(text, false, lookup))
}

/// Evaluates the inside of a backtick expression (without the backticks).
pub fn backtick(inner: &str, lookup: &impl Fn(&Binding) -> Option<Value>) -> Value {
    evaluate(inner, true, lookup)
}

/// Evaluates a property value as written in Flow JSON: a `${…}` binding gives the bound value,
/// a backtick expression its result, any other string itself.
pub fn dynamic(text: &str, lookup: &impl Fn(&Binding) -> Option<Value>) -> Value {
    if !DynExpr::is_dynamic(text) {
        return Value::String(text.to_owned());
    }
    if let Some(inner) = text.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
        return backtick(inner, lookup);
    }
    match Binding::parse(&text[2..text.len() - 1]) {
        Some(b) => lookup(&b).unwrap_or(Value::Null),
        None => Value::Null,
    }
}

/// Resolves every dynamic string inside a JSON value (an action payload, a data-source):
/// strings are evaluated with [`dynamic`], arrays and objects are walked.
pub fn resolve(value: &Value, lookup: &impl Fn(&Binding) -> Option<Value>) -> Value {
    match value {
        Value::String(s) => dynamic(s, lookup),
        Value::Array(a) => Value::Array(a.iter().map(|v| resolve(v, lookup)).collect()),
        Value::Object(m) => Value::Object(resolve_map(m, lookup)),
        other => other.clone(),
    }
}

/// [`resolve`] for an object.
pub fn resolve_map(
    map: &Map<String, Value>,
    lookup: &impl Fn(&Binding) -> Option<Value>,
) -> Map<String, Value> {
    map.iter()
        .map(|(k, v)| (k.clone(), resolve(v, lookup)))
        .collect()
}

/// Reads a nested path (`["user", "name"]`) in a JSON object.
pub fn path_in(root: &Map<String, Value>, path: &[String]) -> Option<Value> {
    let (first, rest) = path.split_first()?;
    let mut v = root.get(first)?;
    for p in rest {
        v = v.get(p)?;
    }
    Some(v.clone())
}

/// How the client reads a value as a condition: booleans as they are, `null` and empty
/// strings, zero and empty arrays as false.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(_) => true,
    }
}

/// How a value is shown when concatenated into text: strings bare, whole numbers without a
/// fraction, `null` as nothing.
pub fn display(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

fn number(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Value::Number(Number::from(f as i64))
    } else {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap_or(0.0),
        Value::String(s) => s.trim().parse().unwrap_or(0.0),
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        // Form values are text on the device: `${form.age} == 3` compares the number typed.
        (Value::Number(_), Value::String(s)) | (Value::String(s), Value::Number(_)) => {
            s.trim().parse::<f64>().ok() == Some(as_f64(if a.is_number() { a } else { b }))
        }
        _ => a == b,
    }
}

fn evaluate(text: &str, backtick: bool, lookup: &impl Fn(&Binding) -> Option<Value>) -> Value {
    let mut errors = Vec::new();
    let toks = lex(text, &mut errors);
    if !errors.is_empty() {
        return Value::Null;
    }
    let mut e = Eval {
        text,
        toks,
        pos: 0,
        backtick,
        lookup,
        depth: 0,
    };
    let v = e.or();
    if e.pos < e.toks.len() {
        return Value::Null;
    }
    v
}

/// Same nesting bound as the checker: a condition is user text and the evaluator recurses.
const MAX_NESTING: usize = 128;

struct Eval<'a, F> {
    text: &'a str,
    toks: Vec<(usize, Tok)>,
    pos: usize,
    backtick: bool,
    lookup: &'a F,
    depth: usize,
}

impl<F: Fn(&Binding) -> Option<Value>> Eval<'_, F> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn or(&mut self) -> Value {
        let mut l = self.and();
        while self.peek() == Some(&Tok::Op("||")) {
            self.pos += 1;
            let r = self.and();
            l = Value::Bool(truthy(&l) || truthy(&r));
        }
        l
    }

    fn and(&mut self) -> Value {
        let mut l = self.cmp();
        while self.peek() == Some(&Tok::Op("&&")) {
            self.pos += 1;
            let r = self.cmp();
            l = Value::Bool(truthy(&l) && truthy(&r));
        }
        l
    }

    fn cmp(&mut self) -> Value {
        let l = self.add();
        let op = match self.peek() {
            Some(Tok::Op(op @ ("==" | "!=" | "<" | "<=" | ">" | ">="))) => *op,
            _ => return l,
        };
        self.pos += 1;
        let r = self.add();
        let (x, y) = (as_f64(&l), as_f64(&r));
        Value::Bool(match op {
            "==" => equal(&l, &r),
            "!=" => !equal(&l, &r),
            "<" => x < y,
            "<=" => x <= y,
            ">" => x > y,
            _ => x >= y,
        })
    }

    fn add(&mut self) -> Value {
        let mut l = self.concat();
        loop {
            let op = match self.peek() {
                Some(Tok::Op(op @ ("+" | "-" | "/" | "%" | "*"))) => *op,
                _ => return l,
            };
            self.pos += 1;
            let r = self.concat();
            let (x, y) = (as_f64(&l), as_f64(&r));
            l = number(match op {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                // Meta: division or modulo by zero (or null) yields 0.
                "/" if y == 0.0 => 0.0,
                "%" if y == 0.0 => 0.0,
                "/" => x / y,
                _ => x % y,
            });
        }
    }

    fn concat(&mut self) -> Value {
        let mut l = self.unary();
        let mut joined: Option<String> = None;
        while self.backtick
            && matches!(
                self.peek(),
                Some(Tok::Str | Tok::Bind(..) | Tok::Num | Tok::Bool | Tok::LParen)
            )
        {
            let r = self.unary();
            let s = joined.get_or_insert_with(|| display(&l));
            s.push_str(&display(&r));
        }
        if let Some(s) = joined {
            l = Value::String(s);
        }
        l
    }

    fn unary(&mut self) -> Value {
        match self.peek() {
            Some(Tok::Not) if self.depth < MAX_NESTING => {
                self.pos += 1;
                self.depth += 1;
                let v = self.unary();
                self.depth -= 1;
                Value::Bool(!truthy(&v))
            }
            Some(Tok::Op("-")) => {
                self.pos += 1;
                let v = self.primary();
                number(-as_f64(&v))
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Value {
        let Some((offset, tok)) = self.toks.get(self.pos).cloned() else {
            return Value::Null;
        };
        self.pos += 1;
        match tok {
            Tok::LParen if self.depth < MAX_NESTING => {
                self.depth += 1;
                let v = self.or();
                self.depth -= 1;
                if self.peek() == Some(&Tok::RParen) {
                    self.pos += 1;
                }
                v
            }
            Tok::Num => number_text(&self.text[offset..])
                .parse::<f64>()
                .map_or(Value::Null, number),
            Tok::Str => Value::String(string_literal(&self.text[offset..])),
            Tok::Bool => Value::Bool(self.text[offset..].starts_with("true")),
            Tok::Bind(Some(b), _) => (self.lookup)(&b).unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with(data: Value) -> impl Fn(&Binding) -> Option<Value> {
        move |b| match b {
            Binding::Data(p) | Binding::Form(p) => path_in(data.as_object()?, p),
            _ => None,
        }
    }

    #[test]
    fn conditions() {
        let l = with(json!({"n": 5, "s": "x", "b": true, "o": {"k": 2}}));
        for (c, want) in [
            ("${data.n} > 3", true),
            ("${data.n} >= 6", false),
            ("(${data.n} >= 3) && (${data.s} == 'x')", true),
            ("!${data.b} || ${data.n} != 5", false),
            ("${data.o.k} == 2", true),
            ("${data.missing}", false),
            ("${data.n} > -3", true),
            ("!(${data.b})", false),
        ] {
            assert_eq!(condition(c, &l), want, "{c}");
        }
    }

    #[test]
    fn backticks() {
        let l = with(json!({"a": 7, "b": 2, "name": "Ana", "age": "30"}));
        assert_eq!(backtick("${data.a} + ${data.b}", &l), json!(9));
        assert_eq!(backtick("${data.a} / ${data.b}", &l), json!(3.5));
        assert_eq!(backtick("${data.a} % 0", &l), json!(0));
        assert_eq!(backtick("${data.a} / 0", &l), json!(0));
        assert_eq!(backtick("'Hi ' ${data.name} '!'", &l), json!("Hi Ana!"));
        assert_eq!(backtick("'It\\'s ' ${data.a}", &l), json!("It's 7"));
        assert_eq!(backtick("${data.age} > 18", &l), json!(true));
        assert_eq!(backtick("${data.age} == 30", &l), json!(true));
        assert_eq!(backtick("'unterminated", &l), Value::Null);
    }

    #[test]
    fn payloads_resolve_nested() {
        let l = with(json!({"a": 1, "s": "x"}));
        let p =
            json!({"x": "${data.a}", "list": ["${data.s}", "lit"], "o": {"t": "`${data.a} + 1`"}});
        assert_eq!(
            resolve(&p, &l),
            json!({"x": 1, "list": ["x", "lit"], "o": {"t": 2}})
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let l = with(json!({"b": true}));
        let deep = format!("{}${{data.b}}", "!".repeat(100_000));
        let _ = condition(&deep, &l);
        let deep = format!("{}${{data.b}}{}", "(".repeat(100_000), ")".repeat(100_000));
        let _ = condition(&deep, &l);
    }
}
