//! Binding strings as typed references: `${form.x}`, `${data.y.z}`, `${screen.S.form.x}`, and
//! backtick expressions (`` `'Hi ' ${data.name}` ``) and If conditions as expression trees,
//! which each generator prints in its own syntax (`form.x`, `"Hi " + data.name`).
//!
//! [`render`] writes a tree back as Meta's text the way `flow!` and the builders write it
//! (flow-model's operator table, minimal parentheses, `'…'` strings). A generator uses the
//! typed form only when the rendering is the original text, so the round trip stays exact;
//! anything else (other spacing, redundant parentheses, `*`) stays a string.

use flow_model::Binding;
use flow_model::expr_text::{BinOp, PREC_ATOM, PREC_CONCAT, PREC_UNARY, Token, tokens};

/// What a reference reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefKind {
    /// `form.x`
    Form,
    /// `data.x`
    Data,
}

/// `form.x`, `data.x.y`, `screen.S.form.x`, `screen.S.data.x`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ref {
    /// The screen of a `screen.S.…` reference.
    pub screen: Option<String>,
    /// Form or data.
    pub kind: RefKind,
    /// The name and the nested fields (at least one element).
    pub path: Vec<String>,
}

impl Ref {
    fn from_binding(b: Binding) -> Self {
        match b {
            Binding::Data(path) => Ref {
                screen: None,
                kind: RefKind::Data,
                path,
            },
            Binding::Form(path) => Ref {
                screen: None,
                kind: RefKind::Form,
                path,
            },
            Binding::ScreenData { screen, path } => Ref {
                screen: Some(screen),
                kind: RefKind::Data,
                path,
            },
            Binding::ScreenForm { screen, path } => Ref {
                screen: Some(screen),
                kind: RefKind::Form,
                path,
            },
        }
    }

    /// `${…}` text.
    pub(crate) fn text(&self) -> String {
        let kind = match self.kind {
            RefKind::Form => "form",
            RefKind::Data => "data",
        };
        match &self.screen {
            Some(s) => format!("${{screen.{s}.{kind}.{}}}", self.path.join(".")),
            None => format!("${{{kind}.{}}}", self.path.join(".")),
        }
    }
}

/// An expression tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ex {
    /// A binding.
    Ref(Ref),
    /// `'text'` (unescaped value).
    Str(String),
    /// A number as written (`42`, `1.5`).
    Num(String),
    /// `true` / `false`.
    Bool(bool),
    /// `!e`.
    Not(Box<Ex>),
    /// `a op b`.
    Bin(BinOp, Box<Ex>, Box<Ex>),
    /// Text joined by juxtaposition: `'Hi ' ${data.name}` (two or more members).
    Concat(Vec<Ex>),
}

/// A whole property value that is a single binding: `"${form.email}"`.
pub(crate) fn binding(text: &str) -> Option<Ref> {
    let inner = text.strip_prefix("${")?.strip_suffix('}')?;
    if inner.contains(['}', '{']) {
        return None;
    }
    Binding::parse(inner).map(Ref::from_binding)
}

/// A backtick expression value: `` "`${data.a} + 1`" ``.
pub(crate) fn backtick(text: &str) -> Option<Ex> {
    let inner = text.strip_prefix('`')?.strip_suffix('`')?;
    condition(inner)
}

/// An If condition (bare expression text).
pub(crate) fn condition(text: &str) -> Option<Ex> {
    let toks = lex(text)?;
    let mut p = Parser { toks, at: 0 };
    let e = p.concat()?;
    (p.at == p.toks.len()).then_some(e)
}

/// Meta's text for `e`, as `flow!` and the builders write it.
pub(crate) fn render(e: &Ex) -> String {
    let mut out = String::new();
    write(e, &mut out);
    out
}

/// A backtick value's text: a lone reference is `${…}`, anything else in backticks.
pub(crate) fn render_value(e: &Ex) -> String {
    match e {
        Ex::Ref(r) => r.text(),
        other => format!("`{}`", render(other)),
    }
}

/// How tightly `e` binds (flow-model's table).
pub(crate) fn prec(e: &Ex) -> u8 {
    match e {
        Ex::Concat(_) => PREC_CONCAT,
        Ex::Bin(op, ..) => op.precedence(),
        Ex::Not(_) => PREC_UNARY,
        _ => PREC_ATOM,
    }
}

fn write(e: &Ex, out: &mut String) {
    match e {
        Ex::Ref(r) => out.push_str(&r.text()),
        Ex::Str(s) => {
            out.push('\'');
            for c in s.chars() {
                if matches!(c, '\\' | '\'' | '`') {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('\'');
        }
        Ex::Num(n) => out.push_str(n),
        Ex::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Ex::Not(inner) => {
            out.push('!');
            operand(inner, prec(inner) < PREC_UNARY, out);
        }
        Ex::Concat(members) => {
            for (k, m) in members.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                operand(m, prec(m) < PREC_ATOM, out);
            }
        }
        Ex::Bin(op, a, b) => {
            let p = op.precedence();
            let pa = prec(a);
            operand(a, pa < p || (pa == p && op.is_comparison()), out);
            out.push(' ');
            out.push_str(op.text());
            out.push(' ');
            operand(b, prec(b) <= p, out);
        }
    }
}

fn operand(e: &Ex, parens: bool, out: &mut String) {
    if parens {
        out.push('(');
    }
    write(e, out);
    if parens {
        out.push(')');
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Not,
    Op(BinOp),
    Atom(Ex),
}

/// Meta's expression text as this module's tokens, read by flow-model's lexer (the one the
/// validator and the evaluator use); `None` for anything outside the grammar both generators
/// can write (`*`, malformed bindings, text the validator rejects).
fn lex(s: &str) -> Option<Vec<Tok>> {
    let toks = tokens(s)?
        .into_iter()
        .map(|t| match t {
            Token::Open => Tok::Open,
            Token::Close => Tok::Close,
            Token::Not => Tok::Not,
            Token::Op(op) => Tok::Op(op),
            Token::Num(n) => Tok::Atom(Ex::Num(n.to_owned())),
            Token::Str(value) => Tok::Atom(Ex::Str(value)),
            Token::Bool(b) => Tok::Atom(Ex::Bool(b)),
            Token::Binding(b) => Tok::Atom(Ex::Ref(Ref::from_binding(b))),
        })
        .collect();
    Some(toks)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    /// Juxtaposed operands (the loosest binding).
    fn concat(&mut self) -> Option<Ex> {
        let mut members = vec![self.binary(0)?];
        while matches!(self.peek(), Some(Tok::Atom(_) | Tok::Open | Tok::Not)) {
            members.push(self.binary(0)?);
        }
        Some(if members.len() == 1 {
            members.remove(0)
        } else {
            Ex::Concat(members)
        })
    }

    /// Precedence climbing over flow-model's table; comparisons do not chain.
    fn binary(&mut self, min: u8) -> Option<Ex> {
        let mut left = self.unary()?;
        while let Some(Tok::Op(op)) = self.peek() {
            let op = *op;
            let p = op.precedence();
            if p < min {
                break;
            }
            self.at += 1;
            let right = self.binary(p + 1)?;
            if op.is_comparison()
                && matches!(&left, Ex::Bin(o, ..) if o.is_comparison() && o.precedence() == p)
            {
                return None;
            }
            left = Ex::Bin(op, Box::new(left), Box::new(right));
        }
        Some(left)
    }

    fn unary(&mut self) -> Option<Ex> {
        match self.toks.get(self.at).cloned()? {
            Tok::Not => {
                self.at += 1;
                Some(Ex::Not(Box::new(self.unary()?)))
            }
            Tok::Open => {
                self.at += 1;
                let e = self.concat()?;
                (self.peek() == Some(&Tok::Close)).then_some(())?;
                self.at += 1;
                Some(e)
            }
            Tok::Atom(a) => {
                self.at += 1;
                Some(a)
            }
            Tok::Close | Tok::Op(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> Ex {
        Ex::Ref(Ref {
            screen: None,
            kind: RefKind::Data,
            path: vec![name.into()],
        })
    }

    #[test]
    fn bindings_become_references() {
        assert_eq!(
            binding("${screen.START.form.email}"),
            Some(Ref {
                screen: Some("START".into()),
                kind: RefKind::Form,
                path: vec!["email".into()]
            })
        );
        assert_eq!(binding("${data.user.name}").unwrap().path, ["user", "name"]);
        assert_eq!(
            binding("${data.user.name}").unwrap().text(),
            "${data.user.name}"
        );
        assert_eq!(binding("Hello ${data.x}"), None);
        assert_eq!(binding("${data.x} ${data.y}"), None);
        assert_eq!(binding("${other.x}"), None);
    }

    #[test]
    fn expressions_parse_and_render_back() {
        for text in [
            "${data.age} >= 18 && !(${data.name} == 'x' || ${data.age} < 3)",
            "'Hello, ' ${data.name} '!'",
            "${data.a} + ${data.b} * 2",
            "'The sum is ' (${data.a} + ${data.b})",
            "!${form.agree}",
            "(${data.a} - 1) / 2 % 3",
            "'it\\'s' ${data.x}",
        ] {
            match condition(text) {
                Some(e) => assert_eq!(render(&e), text),
                None => assert!(text.contains('*'), "{text}"),
            }
        }
        assert_eq!(
            condition("'Hi ' ${data.name}"),
            Some(Ex::Concat(vec![Ex::Str("Hi ".into()), data("name")]))
        );
        assert_eq!(
            backtick("`${data.a} > 1`"),
            Some(Ex::Bin(
                BinOp::Gt,
                Box::new(data("a")),
                Box::new(Ex::Num("1".into()))
            ))
        );
    }

    #[test]
    fn other_spellings_parse_but_render_differently() {
        let e = condition("(${form.number} == 42)").unwrap();
        assert_eq!(render(&e), "${form.number} == 42");
        let e = condition("${data.a}>1").unwrap();
        assert_eq!(render(&e), "${data.a} > 1");
    }

    #[test]
    fn text_outside_the_grammar_is_refused() {
        for bad in [
            "${data.a",
            "'open",
            "${data.a} ==",
            "foo",
            "1 == 2 == 3",
            "(1",
            "",
        ] {
            assert_eq!(condition(bad), None, "{bad}");
        }
        assert_eq!(render_value(&data("x")), "${data.x}");
        assert_eq!(
            render_value(&Ex::Concat(vec![Ex::Str("a".into()), data("x")])),
            "`'a' ${data.x}`"
        );
    }
}
