//! How expressions are written as Meta's text (spec §E.4): the binary operators, their text and
//! how tightly they bind. The builders (`flow_dsl::builder::Expr`) and `flow!` both render
//! expressions with these, so the two write the same text for the same expression.
//!
//! ```
//! use flow_model::expr_text::{BinOp, PREC_ATOM};
//!
//! assert_eq!(BinOp::And.text(), "&&");
//! // `a || b && c` needs no parentheses: `&&` binds tighter.
//! assert!(BinOp::And.precedence() > BinOp::Or.precedence());
//! assert!(BinOp::Eq.is_comparison() && !BinOp::Add.is_comparison());
//! assert!(PREC_ATOM > BinOp::Rem.precedence());
//! ```

/// A binary operator Meta documents for conditions and nested expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `||`
    Or,
    /// `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `/`
    Div,
    /// `%`
    Rem,
}

impl BinOp {
    /// The operator as written in Meta's expression text.
    pub const fn text(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }

    /// Binding strength: `||` < `&&` < equality < comparison < `+ -` < `/ %`, all between
    /// [`PREC_CONCAT`] and [`PREC_UNARY`].
    pub const fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq | BinOp::Ne => 3,
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Div | BinOp::Rem => 6,
        }
    }

    /// Comparisons do not chain in Meta's grammar: `(a == b) == c` keeps its parentheses.
    pub const fn is_comparison(self) -> bool {
        matches!(self.precedence(), 3 | 4)
    }
}

/// Binding strength of text joined by juxtaposition (`` `${a} ${b}` ``): the loosest, so any
/// operator inside it is parenthesized.
pub const PREC_CONCAT: u8 = 0;
/// Binding strength of `!e`.
pub const PREC_UNARY: u8 = 7;
/// Binding strength of a literal or reference: never parenthesized.
pub const PREC_ATOM: u8 = 8;
