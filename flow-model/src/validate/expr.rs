//! Parser and type checker for If conditions and backtick expressions (spec §E.4).
//!
//! Conditions: `()`, `==` `!=` (same-type operands), `&&` `||` `!` (booleans), `<` `<=` `>`
//! `>=` (numbers), single-quoted strings, numbers, `true`/`false`, `${…}` bindings. At least
//! one operand of a comparison must be dynamic, and a condition of literals alone is invalid.
//! Backtick expressions (6.0+) add `+ - / %` on numbers (`*` is UNCONFIRMED) and string
//! concatenation by juxtaposition: `` `'Hello ' ${form.name}` ``.

use crate::dynamic::Binding;

/// The static type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `true`/`false`, comparisons, logic.
    Bool,
    /// Numbers and arithmetic.
    Num,
    /// Strings and concatenation.
    Str,
    /// A binding whose type is not known statically (form inputs without schema, arrays…).
    Unknown,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Bool => "boolean",
            Ty::Num => "number",
            Ty::Str => "string",
            Ty::Unknown => "unknown",
        }
    }
}

/// A problem in an expression: Meta's condition-parser messages, in our words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// What is wrong.
    pub message: String,
    /// Byte offset in the expression text.
    pub offset: usize,
    /// Whether the rule is UNCONFIRMED (e.g. the `*` operator).
    pub unconfirmed: bool,
}

/// What the checker learned.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The expression's type.
    pub ty: Ty,
    /// Every binding with its byte offset.
    pub bindings: Vec<(usize, Binding)>,
    /// Problems found (empty when valid).
    pub errors: Vec<ExprError>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    LParen,
    RParen,
    Op(&'static str),
    Not,
    Num,
    Str,
    Bool,
    Bind(Option<Binding>, String),
}

pub(crate) fn lex(s: &str, errors: &mut Vec<ExprError>) -> Vec<(usize, Tok)> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    let err = |errors: &mut Vec<ExprError>, offset, m: &str| {
        errors.push(ExprError {
            message: m.to_owned(),
            offset,
            unconfirmed: false,
        })
    };
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'(' => {
                out.push((i, Tok::LParen));
                i += 1
            }
            b')' => {
                out.push((i, Tok::RParen));
                i += 1
            }
            b'$' if b.get(i + 1) == Some(&b'{') => match s[i..].find('}') {
                Some(end) => {
                    let inner = &s[i + 2..i + end];
                    out.push((i, Tok::Bind(Binding::parse(inner), inner.to_owned())));
                    i += end + 1;
                }
                None => {
                    err(
                        errors,
                        i,
                        "unterminated binding: `${` without a closing `}`",
                    );
                    return out;
                }
            },
            b'\'' => {
                i += 1;
                loop {
                    match b.get(i) {
                        None => {
                            err(
                                errors,
                                start,
                                "unbalanced quote: a string literal is not closed",
                            );
                            return out;
                        }
                        Some(b'\\') => i += 2,
                        Some(b'\'') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                out.push((start, Tok::Str));
            }
            b'0'..=b'9' | b'.' => {
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                    i += 1;
                }
                if s[start..i].parse::<f64>().is_err() {
                    err(errors, start, &format!("invalid number `{}`", &s[start..i]));
                }
                out.push((start, Tok::Num));
            }
            _ => {
                let two = s.get(i..i + 2).unwrap_or("");
                let op = match two {
                    "==" | "!=" | "<=" | ">=" | "&&" | "||" => Some(two),
                    _ => None,
                };
                if let Some(op) = op {
                    let op: &'static str = match op {
                        "==" => "==",
                        "!=" => "!=",
                        "<=" => "<=",
                        ">=" => ">=",
                        "&&" => "&&",
                        _ => "||",
                    };
                    out.push((i, Tok::Op(op)));
                    i += 2;
                    continue;
                }
                let one: Option<&'static str> = match c {
                    b'<' => Some("<"),
                    b'>' => Some(">"),
                    b'+' => Some("+"),
                    b'-' => Some("-"),
                    b'/' => Some("/"),
                    b'%' => Some("%"),
                    b'*' => Some("*"),
                    _ => None,
                };
                if let Some(op) = one {
                    out.push((i, Tok::Op(op)));
                    i += 1;
                } else if c == b'!' {
                    out.push((i, Tok::Not));
                    i += 1;
                } else if s[i..].starts_with("true") || s[i..].starts_with("false") {
                    let len = if s[i..].starts_with("true") { 4 } else { 5 };
                    out.push((i, Tok::Bool));
                    i += len;
                } else {
                    let ch = s[i..].chars().next().unwrap_or(' ');
                    err(errors, i, &format!("invalid operand or operator `{ch}`"));
                    i += ch.len_utf8();
                }
            }
        }
    }
    out
}

struct Parser<'a, F> {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    backtick: bool,
    resolve: &'a F,
    errors: Vec<ExprError>,
    bindings: Vec<(usize, Binding)>,
    end: usize,
    /// Open parentheses and `!`s around the current operand.
    depth: usize,
    /// Past the nesting limit: the rest of the expression is skipped, and says nothing more.
    abandoned: bool,
}

/// Parentheses and `!` nest at most this deep. The parser recurses on them, and a condition is
/// user text: without a bound, a string of a million `(` would overflow the stack.
const MAX_NESTING: usize = 128;

/// A typed operand: its type and whether it is dynamic (mentions a binding).
#[derive(Clone, Copy)]
struct Val {
    ty: Ty,
    dynamic: bool,
}

impl<F: Fn(&Binding) -> Ty> Parser<'_, F> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }
    fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(o, _)| *o)
    }
    fn err(&mut self, m: impl Into<String>) {
        if self.abandoned {
            return;
        }
        let offset = self.offset();
        self.errors.push(ExprError {
            message: m.into(),
            offset,
            unconfirmed: false,
        });
    }

    /// At the nesting limit: reports it and skips the rest of the expression.
    fn too_deep(&mut self) -> Option<Val> {
        if self.depth < MAX_NESTING {
            return None;
        }
        self.err(format!(
            "expression nested more than {MAX_NESTING} levels deep (parentheses and `!`); simplify it"
        ));
        self.pos = self.toks.len();
        self.abandoned = true;
        Some(Val {
            ty: Ty::Unknown,
            dynamic: true,
        })
    }

    fn or(&mut self) -> Val {
        let mut l = self.and();
        while self.peek() == Some(&Tok::Op("||")) {
            self.pos += 1;
            let r = self.and();
            l = self.logic(l, r, "||");
        }
        l
    }
    fn and(&mut self) -> Val {
        let mut l = self.cmp();
        while self.peek() == Some(&Tok::Op("&&")) {
            self.pos += 1;
            let r = self.cmp();
            l = self.logic(l, r, "&&");
        }
        l
    }
    fn logic(&mut self, l: Val, r: Val, op: &str) -> Val {
        for v in [l, r] {
            if !matches!(v.ty, Ty::Bool | Ty::Unknown) {
                self.err(format!(
                    "`{op}` needs boolean operands, found a {}",
                    v.ty.name()
                ));
            }
        }
        Val {
            ty: Ty::Bool,
            dynamic: l.dynamic || r.dynamic,
        }
    }
    fn cmp(&mut self) -> Val {
        let l = self.add();
        let op = match self.peek() {
            Some(Tok::Op(op @ ("==" | "!=" | "<" | "<=" | ">" | ">="))) => *op,
            _ => return l,
        };
        self.pos += 1;
        let r = self.add();
        if !l.dynamic && !r.dynamic {
            self.err(format!("both sides of `{op}` are literals: at least one operand must be dynamic (a `${{…}}` binding)"));
        }
        match op {
            "==" | "!=" => {
                if l.ty != r.ty && l.ty != Ty::Unknown && r.ty != Ty::Unknown {
                    self.err(format!(
                        "`{op}` compares a {} with a {}: both sides must have the same type",
                        l.ty.name(),
                        r.ty.name()
                    ));
                }
            }
            _ => {
                for v in [l, r] {
                    if !matches!(v.ty, Ty::Num | Ty::Unknown) {
                        self.err(format!("`{op}` needs numbers, found a {}", v.ty.name()));
                    }
                }
            }
        }
        Val {
            ty: Ty::Bool,
            dynamic: true,
        }
    }
    fn add(&mut self) -> Val {
        let mut l = self.concat();
        loop {
            let op = match self.peek() {
                Some(Tok::Op(op @ ("+" | "-" | "/" | "%" | "*"))) => *op,
                _ => return l,
            };
            if !self.backtick {
                self.err(format!("arithmetic `{op}` is only allowed in backtick expressions (6.0+), not in If conditions"));
            }
            if op == "*" {
                let offset = self.offset();
                self.errors.push(ExprError {
                    message: "`*` is not among Meta's documented operators (+ - / %)".to_owned(),
                    offset,
                    unconfirmed: true,
                });
            }
            self.pos += 1;
            let r = self.concat();
            for v in [l, r] {
                if !matches!(v.ty, Ty::Num | Ty::Unknown) {
                    self.err(format!("`{op}` needs numbers, found a {}", v.ty.name()));
                }
            }
            l = Val {
                ty: Ty::Num,
                dynamic: l.dynamic || r.dynamic,
            };
        }
    }
    /// Juxtaposed operands concatenate into a string (backtick expressions only).
    fn concat(&mut self) -> Val {
        let mut l = self.unary();
        while self.backtick
            && matches!(
                self.peek(),
                Some(Tok::Str | Tok::Bind(..) | Tok::Num | Tok::Bool | Tok::LParen)
            )
        {
            let r = self.unary();
            l = Val {
                ty: Ty::Str,
                dynamic: l.dynamic || r.dynamic,
            };
        }
        l
    }
    fn unary(&mut self) -> Val {
        match self.peek() {
            Some(Tok::Not) => {
                if let Some(v) = self.too_deep() {
                    return v;
                }
                self.pos += 1;
                self.depth += 1;
                let v = self.unary();
                self.depth -= 1;
                if !matches!(v.ty, Ty::Bool | Ty::Unknown) {
                    self.err("expected single operand to be a boolean after `!`");
                }
                Val {
                    ty: Ty::Bool,
                    dynamic: v.dynamic,
                }
            }
            Some(Tok::Op("-")) => {
                self.pos += 1;
                if self.peek() != Some(&Tok::Num) {
                    self.err("a numerical value is expected to follow the negative sign");
                    return Val {
                        ty: Ty::Num,
                        dynamic: false,
                    };
                }
                self.pos += 1;
                Val {
                    ty: Ty::Num,
                    dynamic: false,
                }
            }
            _ => self.primary(),
        }
    }
    fn primary(&mut self) -> Val {
        let Some((offset, tok)) = self.toks.get(self.pos).cloned() else {
            self.err("missing operand");
            return Val {
                ty: Ty::Unknown,
                dynamic: true,
            };
        };
        self.pos += 1;
        match tok {
            Tok::LParen => {
                if self.peek() == Some(&Tok::RParen) {
                    self.err("empty parentheses");
                    self.pos += 1;
                    return Val {
                        ty: Ty::Unknown,
                        dynamic: true,
                    };
                }
                // Back on the `(` while checking, so a finding points at it.
                self.pos -= 1;
                if let Some(v) = self.too_deep() {
                    return v;
                }
                self.pos += 1;
                self.depth += 1;
                let v = self.or();
                self.depth -= 1;
                if self.peek() == Some(&Tok::RParen) {
                    self.pos += 1;
                } else {
                    self.err("missing closing parenthesis");
                }
                v
            }
            Tok::Num => Val {
                ty: Ty::Num,
                dynamic: false,
            },
            Tok::Str => Val {
                ty: Ty::Str,
                dynamic: false,
            },
            Tok::Bool => Val {
                ty: Ty::Bool,
                dynamic: false,
            },
            Tok::Bind(Some(b), _) => {
                let ty = (self.resolve)(&b);
                self.bindings.push((offset, b));
                Val { ty, dynamic: true }
            }
            Tok::Bind(None, inner) => {
                self.errors.push(ExprError {
                    message: format!("`${{{inner}}}` is not a valid binding"),
                    offset,
                    unconfirmed: false,
                });
                Val {
                    ty: Ty::Unknown,
                    dynamic: true,
                }
            }
            Tok::RParen => {
                self.pos -= 1;
                self.err("unbalanced parenthesis: `)` without `(`");
                self.pos += 1;
                Val {
                    ty: Ty::Unknown,
                    dynamic: true,
                }
            }
            Tok::Op(op) => {
                self.pos -= 1;
                self.err(format!("missing operand before `{op}`"));
                self.pos += 1;
                Val {
                    ty: Ty::Unknown,
                    dynamic: true,
                }
            }
            Tok::Not => Val {
                ty: Ty::Unknown,
                dynamic: true,
            },
        }
    }
}

/// Checks an If `condition`; `resolve` gives the type of each binding.
///
/// ```
/// use flow_model::validate::expr::{check_condition, Ty};
/// let ok = check_condition("${form.age} > 18 && ${data.vip}", &|_| Ty::Unknown);
/// assert!(ok.errors.is_empty());
/// assert_eq!(ok.ty, Ty::Bool);
/// assert!(!check_condition("573 == 376", &|_| Ty::Unknown).errors.is_empty());
/// assert!(!check_condition("(${data.a}", &|_| Ty::Bool).errors.is_empty());
/// ```
pub fn check_condition(text: &str, resolve: &impl Fn(&Binding) -> Ty) -> Checked {
    check(text, false, resolve)
}

/// Checks the inside of a backtick expression (without the backticks).
pub fn check_backtick(inner: &str, resolve: &impl Fn(&Binding) -> Ty) -> Checked {
    check(inner, true, resolve)
}

fn check(text: &str, backtick: bool, resolve: &impl Fn(&Binding) -> Ty) -> Checked {
    let mut errors = Vec::new();
    let toks = lex(text, &mut errors);
    if toks.is_empty() {
        if errors.is_empty() {
            errors.push(ExprError {
                message: "empty expression".to_owned(),
                offset: 0,
                unconfirmed: false,
            });
        }
        return Checked {
            ty: Ty::Unknown,
            bindings: Vec::new(),
            errors,
        };
    }
    let mut p = Parser {
        toks,
        pos: 0,
        backtick,
        resolve,
        errors,
        bindings: Vec::new(),
        end: text.len(),
        depth: 0,
        abandoned: false,
    };
    let v = p.or();
    if p.pos < p.toks.len() {
        p.err("unexpected token: missing operator between operands, or an unbalanced parenthesis");
    }
    if !backtick {
        if !v.dynamic {
            p.err("the only operand is a literal value: a condition must depend on a binding");
        } else if !matches!(v.ty, Ty::Bool | Ty::Unknown) {
            p.err(format!(
                "a condition must evaluate to a boolean, this one is a {}",
                v.ty.name()
            ));
        }
    }
    Checked {
        ty: v.ty,
        bindings: p.bindings,
        errors: p.errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(s: &str) -> Vec<String> {
        check_condition(s, &|b| match b {
            Binding::Data(p) if p[0] == "n" => Ty::Num,
            Binding::Data(p) if p[0] == "s" => Ty::Str,
            Binding::Data(p) if p[0] == "b" => Ty::Bool,
            _ => Ty::Unknown,
        })
        .errors
        .into_iter()
        .map(|e| e.message)
        .collect()
    }

    #[test]
    fn valid_conditions() {
        for s in [
            "${data.b}",
            "!${data.b}",
            "${data.n} > 3",
            "(${data.n} >= 3) && (${data.s} == 'x')",
            "${data.b} || ${data.n} != 2 && ${form.x} == 'y'",
            "${data.n} > -3",
        ] {
            assert!(errs(s).is_empty(), "{s}: {:?}", errs(s));
        }
    }

    #[test]
    fn invalid_conditions() {
        for s in [
            "",
            "true",
            "573 == 376",
            "(${data.b}",
            "${data.b})",
            "${data.n} ==",
            "${data.n} > 'a'",
            "${data.s} == 3",
            "${data.n} && ${data.b}",
            "()",
            "'abc",
            "${data.n} - 3 > 1",
            "- ${data.n} > 1",
            "${data.n}",
            "${data.b} ${data.b}",
        ] {
            assert!(!errs(s).is_empty(), "{s} should fail");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let ok = format!("{}${{data.b}}{}", "(".repeat(100), ")".repeat(100));
        assert!(errs(&ok).is_empty(), "{:?}", errs(&ok));
        let bangs = format!("{}${{data.b}}", "!".repeat(100));
        assert!(errs(&bangs).is_empty(), "{:?}", errs(&bangs));
        for deep in [
            format!(
                "{}${{data.b}}{}",
                "(".repeat(1_000_000),
                ")".repeat(1_000_000)
            ),
            format!("{}${{data.b}}", "!".repeat(1_000_000)),
            "(!".repeat(500_000),
        ] {
            let e = errs(&deep);
            assert_eq!(e.len(), 1, "{e:?}");
            assert!(e[0].contains("nested more than 128 levels"), "{e:?}");
        }
    }

    #[test]
    fn backtick_expressions() {
        let r = |_: &Binding| Ty::Unknown;
        let c = check_backtick("'Hello ' ${form.first_name}", &r);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.ty, Ty::Str);
        let c = check_backtick("${form.a} + ${form.b} % 2", &r);
        assert!(c.errors.is_empty());
        assert_eq!(c.ty, Ty::Num);
        let c = check_backtick("${form.a} * 2", &r);
        assert!(c.errors.iter().all(|e| e.unconfirmed) && !c.errors.is_empty());
    }
}
