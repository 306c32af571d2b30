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

    /// Every operator.
    pub const ALL: [BinOp; 12] = [
        BinOp::Or,
        BinOp::And,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
        BinOp::Add,
        BinOp::Sub,
        BinOp::Div,
        BinOp::Rem,
    ];

    /// The operator written `text`.
    ///
    /// ```
    /// use flow_model::expr_text::BinOp;
    /// assert_eq!(BinOp::from_text("<="), Some(BinOp::Le));
    /// assert_eq!(BinOp::from_text("*"), None);
    /// ```
    pub fn from_text(text: &str) -> Option<BinOp> {
        BinOp::ALL.into_iter().find(|op| op.text() == text)
    }
}

/// A token of Meta's expression text, as [`tokens`] reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    /// `(`
    Open,
    /// `)`
    Close,
    /// `!`
    Not,
    /// A binary operator (`-` too, which may also be a unary minus).
    Op(BinOp),
    /// A number as written (`42`, `1.5`).
    Num(&'a str),
    /// A `'…'` literal's value (escapes resolved).
    Str(String),
    /// `true` / `false`.
    Bool(bool),
    /// `${…}`.
    Binding(crate::Binding),
}

/// The tokens of `text` (an If condition, or the inside of a backtick expression), read by the
/// lexer the validator and the evaluator use; `None` when the validator would reject the text
/// (an unterminated literal or binding, an unknown character) or it holds what [`Token`] cannot
/// say (a malformed binding, `*`).
///
/// ```
/// use flow_model::expr_text::{BinOp, Token, tokens};
/// let t = tokens("${form.age} >= 18 && 'a\\'b' != ''").unwrap();
/// assert_eq!(t[1], Token::Op(BinOp::Ge));
/// assert_eq!(t[2], Token::Num("18"));
/// assert_eq!(t[4], Token::Str("a'b".into()));
/// assert!(tokens("'open").is_none());
/// ```
pub fn tokens(text: &str) -> Option<Vec<Token<'_>>> {
    use crate::validate::expr::{Tok, lex};
    let mut errors = Vec::new();
    let toks = lex(text, &mut errors);
    if !errors.is_empty() {
        return None;
    }
    toks.into_iter()
        .map(|(offset, tok)| {
            let rest = &text[offset..];
            Some(match tok {
                Tok::LParen => Token::Open,
                Tok::RParen => Token::Close,
                Tok::Not => Token::Not,
                Tok::Op(op) => Token::Op(BinOp::from_text(op)?),
                Tok::Num => Token::Num(number_text(rest)),
                Tok::Str => Token::Str(string_literal(rest)),
                Tok::Bool => Token::Bool(rest.starts_with("true")),
                Tok::Bind(binding, _) => Token::Binding(binding?),
            })
        })
        .collect()
}

/// The number at the start of `s`, as the lexer delimits it.
pub(crate) fn number_text(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The value of the single-quoted literal at the start of `s` (escapes: `\'`, `\\`, `` \` ``).
pub(crate) fn string_literal(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().skip(1);
    while let Some(c) = chars.next() {
        match c {
            '\'' => break,
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Binding strength of text joined by juxtaposition (`` `${a} ${b}` ``): the loosest, so any
/// operator inside it is parenthesized.
pub const PREC_CONCAT: u8 = 0;
/// Binding strength of `!e`.
pub const PREC_UNARY: u8 = 7;
/// Binding strength of a literal or reference: never parenthesized.
pub const PREC_ATOM: u8 = 8;
