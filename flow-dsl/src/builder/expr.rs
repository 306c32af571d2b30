//! Typed expressions: references, literals and operators, rendered to Flow JSON syntax at
//! `build()` time.
//!
//! An [`Expr<T>`] is an immutable tree behind an `Arc`: cloning is cheap, and one value used in
//! several places (a title, an `If` condition, a payload) renders correctly in each, because the
//! text is produced from the tree for each use, in the context of the screen that uses it.
//!
//! Wrapping depends on where the expression lands:
//! - an `If` condition is written bare (`${form.age} > 18`), as Meta requires;
//! - a property or payload value holding a single reference is written `${form.age}`;
//! - any other property or payload value is a nested expression, wrapped in backticks
//!   (`` `${form.age} > 18` ``).
//!
//! Sub-expressions are parenthesized by precedence, so the output always parses the way the
//! Rust expression reads.
//!
//! ```
//! use flow_dsl::builder::*;
//! let mut flow = Flow::new("7.3");
//! let start = flow.screen("START");
//! let s = flow.at(start);
//! let age = s.data::<i64>("age", 30);
//! let name = s.data::<String>("name", "Ana");
//! let adult = age.ge(18).and(name.ne("root"));
//! s.terminal(true)
//!     .child(TextBody::new(Expr::text("Hello, ") + &name).visible(&adult))
//!     .child(If::new(&adult).then(TextBody::new("Welcome")))
//!     .child(Footer::new("Done", complete()));
//! let json = flow.build().unwrap().to_value();
//! let children = &json["screens"][0]["layout"]["children"];
//! assert_eq!(children[0]["text"], "`'Hello, ' ${data.name}`");
//! assert_eq!(children[0]["visible"], "`${data.age} >= 18 && ${data.name} != 'root'`");
//! assert_eq!(children[1]["condition"], "${data.age} >= 18 && ${data.name} != 'root'");
//! ```

use std::fmt::Write as _;
use std::marker::PhantomData;
use std::ops;
use std::sync::Arc;

use serde_json::Number;

use super::refs::{RefTarget, RenderCx};

pub(crate) use flow_model::expr_text::BinOp;
use flow_model::expr_text::{PREC_ATOM, PREC_CONCAT, PREC_UNARY};

/// The untyped expression tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Ref(RefTarget),
    Str(String),
    Num(Number),
    Bool(bool),
    /// Text written verbatim (escape hatch for hand-written expressions).
    Raw(String),
    Not(Arc<Node>),
    Bin(BinOp, Arc<Node>, Arc<Node>),
    /// String concatenation: members side by side, separated by spaces.
    Concat(Vec<Arc<Node>>),
    /// A misuse found while building the expression (reported at `build()`).
    Invalid(&'static str),
}

impl Node {
    fn precedence(&self) -> u8 {
        match self {
            Node::Bin(op, ..) => op.precedence(),
            Node::Not(_) => PREC_UNARY,
            Node::Concat(_) => PREC_CONCAT,
            // Raw text may hold anything; treat it as loosely bound so it gets parenthesized.
            Node::Raw(_) => PREC_CONCAT,
            _ => PREC_ATOM,
        }
    }

    /// Writes the bare expression (no backticks).
    pub(crate) fn write(&self, out: &mut String, cx: &mut RenderCx<'_>) {
        match self {
            Node::Ref(r) => r.write(out, cx),
            Node::Str(s) => write_string_literal(out, s),
            Node::Num(n) => {
                let _ = write!(out, "{n}");
            }
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Raw(s) => out.push_str(s),
            Node::Not(n) => {
                out.push('!');
                write_operand(out, n, n.precedence() < PREC_UNARY, cx);
            }
            Node::Bin(op, a, b) => {
                let p = op.precedence();
                let left_parens = a.precedence() < p || (a.precedence() == p && op.is_comparison());
                write_operand(out, a, left_parens, cx);
                out.push(' ');
                out.push_str(op.text());
                out.push(' ');
                write_operand(out, b, b.precedence() <= p, cx);
            }
            Node::Concat(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    write_operand(out, part, part.precedence() < PREC_ATOM, cx);
                }
            }
            Node::Invalid(why) => {
                cx.misuse(why);
                out.push_str("''");
            }
        }
    }

    /// The text of a property or payload value: a lone reference as `${…}`, anything else
    /// wrapped in backticks.
    pub(crate) fn render_value(&self, cx: &mut RenderCx<'_>) -> String {
        let mut out = String::with_capacity(24);
        match self {
            Node::Ref(r) => r.write(&mut out, cx),
            // Raw text is the caller's exact wording: a binding or an already wrapped expression.
            Node::Raw(s) if flow_model::DynExpr::is_dynamic(s) => out.push_str(s),
            _ => {
                out.push('`');
                self.write(&mut out, cx);
                out.push('`');
            }
        }
        out
    }

    /// The text of an `If` condition: never wrapped in backticks.
    pub(crate) fn render_condition(&self, cx: &mut RenderCx<'_>) -> String {
        let mut out = String::with_capacity(24);
        self.write(&mut out, cx);
        out
    }
}

fn write_operand(out: &mut String, n: &Node, parens: bool, cx: &mut RenderCx<'_>) {
    if parens {
        out.push('(');
        n.write(out, cx);
        out.push(')');
    } else {
        n.write(out, cx);
    }
}

/// Single-quoted, with `\`, `'` and the backtick escaped by a backslash.
fn write_string_literal(out: &mut String, s: &str) {
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\\' | '\'' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
}

/// A typed expression over screen data, form values and literals.
///
/// `T` is the type of the value: `String`, `i64`/`f64` (numbers), `bool`, `Vec<String>`, and
/// so on. Operators are only offered where Meta allows them (`lt` on numbers, `and` on
/// booleans, `+` as addition on numbers and as concatenation on strings).
///
/// ```
/// use flow_dsl::builder::Expr;
/// let e = Expr::<i64>::lit(2) + 3;
/// assert_eq!(e.to_string(), "`2 + 3`");
/// let s = Expr::text("a") + "b";
/// assert_eq!(s.to_string(), "`'a' 'b'`");
/// ```
pub struct Expr<T> {
    pub(crate) node: Arc<Node>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for Expr<T> {
    fn clone(&self) -> Self {
        Expr {
            node: Arc::clone(&self.node),
            _type: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Expr<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Expr").field(&self.node).finish()
    }
}

/// Shows the expression as a property value, rendering references as if used on the screen that
/// declared them (for diagnostics; `build()` renders each use in its own context).
impl<T> std::fmt::Display for Expr<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut cx = RenderCx::detached();
        f.write_str(&self.node.render_value(&mut cx))
    }
}

impl<T> Expr<T> {
    pub(crate) fn from_node(node: Node) -> Self {
        Expr {
            node: Arc::new(node),
            _type: PhantomData,
        }
    }

    /// For an input's handle (`${form.name}`), the input's name: the simulator takes handles.
    pub(crate) fn form_input_name(&self) -> Option<&str> {
        match &*self.node {
            Node::Ref(r) if r.kind == super::refs::RefKind::Form => {
                r.path.first().map(String::as_str)
            }
            _ => None,
        }
    }

    fn from_arc(node: Arc<Node>) -> Self {
        Expr {
            node,
            _type: PhantomData,
        }
    }

    /// Expression text written verbatim, for syntax this builder does not model. The text is
    /// used as is in conditions; as a property value it is wrapped in backticks unless it is
    /// already a binding or backtick expression.
    ///
    /// ```
    /// use flow_dsl::builder::Expr;
    /// let e = Expr::<bool>::raw("${form.a} == 'x'");
    /// assert_eq!(e.to_string(), "`${form.a} == 'x'`");
    /// ```
    pub fn raw(text: impl Into<String>) -> Self {
        Self::from_node(Node::Raw(text.into()))
    }

    /// `self == rhs` (same type on both sides).
    pub fn eq(&self, rhs: impl Into<Expr<T>>) -> Expr<bool> {
        self.bin(BinOp::Eq, rhs.into())
    }

    /// `self != rhs`.
    pub fn ne(&self, rhs: impl Into<Expr<T>>) -> Expr<bool> {
        self.bin(BinOp::Ne, rhs.into())
    }

    /// A nested field of an object reference: `${data.user.name}`.
    ///
    /// Only references have fields; on any other expression this is reported by `build()`.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let s = flow.screen("S");
    /// let user = flow.at(s).data_json("user", serde_json::json!({"name": "Ana"}));
    /// let name: Expr<String> = user.field("name");
    /// assert_eq!(name.to_string(), "${data.user.name}");
    /// ```
    pub fn field<U>(&self, name: &str) -> Expr<U> {
        match &*self.node {
            Node::Ref(r) => Expr::from_node(Node::Ref(r.with_field(name))),
            _ => Expr::from_node(Node::Invalid(
                "`field` is only available on references to screen data or form values",
            )),
        }
    }

    /// The same value used as text, e.g. a number inside a concatenation.
    pub fn as_text(&self) -> Expr<String> {
        Expr::from_arc(Arc::clone(&self.node))
    }

    fn bin<U, R>(&self, op: BinOp, rhs: Expr<R>) -> Expr<U> {
        Expr::from_node(Node::Bin(op, Arc::clone(&self.node), rhs.node))
    }
}

impl Expr<String> {
    /// A string literal, to start a concatenation: `Expr::text("Hello, ") + &name`.
    pub fn text(s: impl Into<String>) -> Self {
        Self::from_node(Node::Str(s.into()))
    }

    /// Concatenation of several members (Meta writes them side by side).
    ///
    /// ```
    /// use flow_dsl::builder::Expr;
    /// let e = Expr::concat(["a", "b"]);
    /// assert_eq!(e.to_string(), "`'a' 'b'`");
    /// ```
    pub fn concat<I, P>(parts: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<Expr<String>>,
    {
        let mut members = Vec::new();
        for p in parts {
            push_concat(&mut members, p.into().node);
        }
        Self::from_node(Node::Concat(members))
    }
}

fn push_concat(members: &mut Vec<Arc<Node>>, n: Arc<Node>) {
    match &*n {
        Node::Concat(inner) => members.extend(inner.iter().cloned()),
        _ => members.push(n),
    }
}

/// Types with a numeric value in Flow JSON (`"type": "number"`).
pub trait Numeric {}
impl Numeric for i64 {}
impl Numeric for f64 {}

impl<T: Numeric> Expr<T> {
    /// A number literal.
    pub fn lit(n: T) -> Self
    where
        T: Into<Expr<T>>,
    {
        n.into()
    }

    /// `self < rhs`.
    pub fn lt(&self, rhs: impl Into<Expr<T>>) -> Expr<bool> {
        self.bin(BinOp::Lt, rhs.into())
    }
    /// `self <= rhs`.
    pub fn le(&self, rhs: impl Into<Expr<T>>) -> Expr<bool> {
        self.bin(BinOp::Le, rhs.into())
    }
    /// `self > rhs`.
    pub fn gt(&self, rhs: impl Into<Expr<T>>) -> Expr<bool> {
        self.bin(BinOp::Gt, rhs.into())
    }
    /// `self >= rhs`.
    pub fn ge(&self, rhs: impl Into<Expr<T>>) -> Expr<bool> {
        self.bin(BinOp::Ge, rhs.into())
    }
}

impl Expr<bool> {
    /// A boolean literal.
    pub fn lit(b: bool) -> Self {
        Self::from_node(Node::Bool(b))
    }

    /// `self && rhs`.
    pub fn and(&self, rhs: impl Into<Expr<bool>>) -> Expr<bool> {
        self.bin(BinOp::And, rhs.into())
    }

    /// `self || rhs`.
    pub fn or(&self, rhs: impl Into<Expr<bool>>) -> Expr<bool> {
        self.bin(BinOp::Or, rhs.into())
    }
}

impl ops::Not for Expr<bool> {
    type Output = Expr<bool>;
    fn not(self) -> Expr<bool> {
        Expr::from_node(Node::Not(self.node))
    }
}

impl ops::Not for &Expr<bool> {
    type Output = Expr<bool>;
    fn not(self) -> Expr<bool> {
        Expr::from_node(Node::Not(Arc::clone(&self.node)))
    }
}

impl<R: Into<Expr<bool>>> ops::BitAnd<R> for Expr<bool> {
    type Output = Expr<bool>;
    fn bitand(self, rhs: R) -> Expr<bool> {
        self.and(rhs)
    }
}

impl<R: Into<Expr<bool>>> ops::BitOr<R> for Expr<bool> {
    type Output = Expr<bool>;
    fn bitor(self, rhs: R) -> Expr<bool> {
        self.or(rhs)
    }
}

macro_rules! arithmetic {
    ($($t:ty),*) => {$(
        impl<R: Into<Expr<$t>>> ops::Add<R> for Expr<$t> {
            type Output = Expr<$t>;
            fn add(self, rhs: R) -> Expr<$t> { self.bin(BinOp::Add, rhs.into()) }
        }
        impl<R: Into<Expr<$t>>> ops::Sub<R> for Expr<$t> {
            type Output = Expr<$t>;
            fn sub(self, rhs: R) -> Expr<$t> { self.bin(BinOp::Sub, rhs.into()) }
        }
        impl<R: Into<Expr<$t>>> ops::Div<R> for Expr<$t> {
            type Output = Expr<$t>;
            fn div(self, rhs: R) -> Expr<$t> { self.bin(BinOp::Div, rhs.into()) }
        }
        impl<R: Into<Expr<$t>>> ops::Rem<R> for Expr<$t> {
            type Output = Expr<$t>;
            fn rem(self, rhs: R) -> Expr<$t> { self.bin(BinOp::Rem, rhs.into()) }
        }
    )*};
}
arithmetic!(i64, f64);

/// `+` on text is concatenation (Meta writes the members side by side).
impl<R: Into<Expr<String>>> ops::Add<R> for Expr<String> {
    type Output = Expr<String>;
    fn add(self, rhs: R) -> Expr<String> {
        let mut members = Vec::with_capacity(2);
        push_concat(&mut members, self.node);
        push_concat(&mut members, rhs.into().node);
        Expr::from_node(Node::Concat(members))
    }
}

impl<T> From<&Expr<T>> for Expr<T> {
    fn from(e: &Expr<T>) -> Self {
        e.clone()
    }
}
impl From<&str> for Expr<String> {
    fn from(s: &str) -> Self {
        Expr::text(s)
    }
}
impl From<String> for Expr<String> {
    fn from(s: String) -> Self {
        Expr::text(s)
    }
}
impl From<bool> for Expr<bool> {
    fn from(b: bool) -> Self {
        Expr::<bool>::lit(b)
    }
}
impl From<i64> for Expr<i64> {
    fn from(n: i64) -> Self {
        Expr::from_node(Node::Num(n.into()))
    }
}
impl From<i32> for Expr<i64> {
    fn from(n: i32) -> Self {
        Expr::from_node(Node::Num(i64::from(n).into()))
    }
}
impl From<f64> for Expr<f64> {
    fn from(n: f64) -> Self {
        // Non-finite numbers have no JSON form; they become an Invalid node reported at build().
        match Number::from_f64(n) {
            Some(num) => Expr::from_node(Node::Num(num)),
            None => Expr::from_node(Node::Invalid("NaN and infinite numbers have no JSON form")),
        }
    }
}
