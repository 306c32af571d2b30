//! Backtick expressions and If conditions as typed builder expressions
//! (`age.ge(18).and(name.ne("root"))`, `Expr::text("Hi ") + &name`).
//!
//! Written only when the builders render the tree as exactly the original text (the shared
//! [`expr::render`] follows the builders' layout), and only with operations whose operand types
//! are known; anything else stays `Expr::raw`, which renders the text unchanged.

use flow_model::expr_text::BinOp;

use super::code::Code;
use super::refs::Scope;
use crate::import::expr::{self, Ex};
use crate::import::rust_lit::string as str_lit;

/// An If condition (text without backticks) as a typed `Expr<bool>`.
pub(crate) fn condition(scope: &Scope, text: &str) -> Option<Code> {
    let e = expr::condition(text)?;
    (expr::render(&e) == text).then_some(())?;
    scope
        .attempt(|| code(scope, &e, "bool", top_level_arg(&e)))
        .map(Code::atom)
}

/// A backtick property value as a typed expression of Rust type `want`.
pub(crate) fn value(scope: &Scope, text: &str, want: &str) -> Option<Code> {
    let e = expr::backtick(text)?;
    // A lone reference in backticks renders without them: not this text.
    if matches!(e, Ex::Ref(_)) || expr::render_value(&e) != text {
        return None;
    }
    scope
        .attempt(|| code(scope, &e, want, top_level_arg(&e)))
        .map(Code::atom)
}

/// A whole value needs no parentheses around `!x` or `a + b`.
fn top_level_arg(e: &Ex) -> bool {
    matches!(e, Ex::Concat(_) | Ex::Not(_))
}

/// The Rust type of a literal, or of a reference with a declared type.
fn type_of<'a>(scope: &'a Scope, e: &Ex) -> Option<&'a str> {
    match e {
        Ex::Str(_) | Ex::Concat(_) => Some("String"),
        Ex::Bool(_) | Ex::Not(_) => Some("bool"),
        Ex::Num(n) => Some(if n.contains(['.', 'e', 'E']) {
            "f64"
        } else {
            "i64"
        }),
        Ex::Ref(r) => scope.type_of(r),
        Ex::Bin(op, ..) if is_bool_op(*op) => Some("bool"),
        Ex::Bin(..) => None,
    }
}

fn is_bool_op(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::And
            | BinOp::Or
            | BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
    )
}

/// A number literal the builders print back as `text`.
fn number(text: &str, ty: &str) -> Option<String> {
    match ty {
        "i64" => {
            let n: i64 = text.parse().ok()?;
            (n.to_string() == text).then(|| {
                if i32::try_from(n).is_ok() {
                    text.to_owned()
                } else {
                    format!("{text}_i64")
                }
            })
        }
        "f64" => {
            let n: f64 = text.parse().ok()?;
            let printed = serde_json::Number::from_f64(n)?.to_string();
            (printed == text).then(|| format!("{text}_f64"))
        }
        _ => None,
    }
}

/// Rust code for `e` of type `want`; `arg`: as a method argument (literals and `&x` allowed)
/// rather than a receiver (an `Expr` value).
fn code(scope: &Scope, e: &Ex, want: &str, arg: bool) -> Option<String> {
    Some(match e {
        Ex::Ref(r) => {
            let c = scope.ref_code(r, Some(want), arg)?;
            flat(&c)
        }
        Ex::Str(s) if want == "String" => {
            if arg {
                str_lit(s)
            } else {
                format!("Expr::text({})", str_lit(s))
            }
        }
        Ex::Num(n) if want == "i64" || want == "f64" => {
            let lit = number(n, want)?;
            if arg {
                lit
            } else {
                format!("Expr::<{want}>::lit({lit})")
            }
        }
        Ex::Bool(b) if want == "bool" => {
            if arg {
                b.to_string()
            } else {
                format!("Expr::<bool>::lit({b})")
            }
        }
        Ex::Not(inner) if want == "bool" => {
            let inner = match &**inner {
                Ex::Ref(r) => flat(&scope.ref_code(r, Some("bool"), true)?),
                other => format!("({})", code(scope, other, "bool", false)?),
            };
            if arg {
                format!("!{inner}")
            } else {
                format!("(!{inner})")
            }
        }
        Ex::Bin(op, a, b) if want == "bool" => {
            let (method, ty) = match op {
                BinOp::And => ("and", "bool"),
                BinOp::Or => ("or", "bool"),
                BinOp::Eq | BinOp::Ne => {
                    let ty = operand_type(scope, a, b)?;
                    (if *op == BinOp::Eq { "eq" } else { "ne" }, ty)
                }
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                    let ty = operand_type(scope, a, b)?;
                    if ty != "i64" && ty != "f64" {
                        return None;
                    }
                    let m = match op {
                        BinOp::Lt => "lt",
                        BinOp::Le => "le",
                        BinOp::Gt => "gt",
                        _ => "ge",
                    };
                    (m, ty)
                }
                _ => return None,
            };
            let recv = code(scope, a, ty, false)?;
            let rhs = code(scope, b, ty, true)?;
            format!("{recv}.{method}({rhs})")
        }
        Ex::Concat(members) if want == "String" => {
            let mut out = String::new();
            for (k, m) in members.iter().enumerate() {
                let part = match m {
                    Ex::Str(s) if k == 0 => format!("Expr::text({})", str_lit(s)),
                    Ex::Str(s) => str_lit(s),
                    Ex::Ref(r) => {
                        let ty = scope.type_of(r);
                        if k > 0 && ty == Some("String") {
                            flat(&scope.ref_code(r, Some("String"), true)?)
                        } else {
                            // Any value reads as text in a concatenation.
                            let recv = scope.ref_code(r, ty.or(Some("String")), false)?;
                            format!("{}.as_text()", flat(&recv))
                        }
                    }
                    _ => return None,
                };
                if k > 0 {
                    out.push_str(" + ");
                }
                out.push_str(&part);
            }
            if arg { out } else { format!("({out})") }
        }
        _ => return None,
    })
}

/// The common type of a comparison's operands: a literal's, or a declared reference's.
fn operand_type<'a>(scope: &'a Scope, a: &Ex, b: &Ex) -> Option<&'a str> {
    let literal = |e: &Ex| matches!(e, Ex::Str(_) | Ex::Num(_) | Ex::Bool(_));
    if literal(b) {
        return type_of(scope, b);
    }
    if literal(a) {
        return type_of(scope, a);
    }
    type_of(scope, a).or_else(|| type_of(scope, b))
}

fn flat(c: &Code) -> String {
    let mut s = String::new();
    c.print(&mut s, 0, 0);
    s
}
