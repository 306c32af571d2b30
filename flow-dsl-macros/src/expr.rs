//! Values inside attributes: literals, bare words, lists, objects, bindings with operators, and
//! action calls. Parsed from the attribute's tokens with syn, keeping every token's span.
//!
//! ```text
//! value   := or
//! or      := and ("||" and)*          and := cmp ("&&" cmp)*
//! cmp     := sum (("=="|"!="|"<"|"<="|">"|">=") sum)?
//! sum     := prod (("+"|"-") prod)*   prod := unary (("/"|"%") unary)*
//! unary   := "!" unary | atom
//! atom    := string | int | float | true | false | "(" value ")"
//!          | "[" value,* "]" | "{" (key ":" value),* "}"
//!          | form.NAME(.FIELD)* | data.NAME(.FIELD)* | screen.ID.(form|data).NAME(.FIELD)*
//!          | navigate(ID, {..}?) | complete({..}?) | data_exchange({..}?, [ID,*]?)
//!          | update_data({..}) | open_url("..") | IDENT
//! key     := IDENT("-"IDENT)* | string
//! ```

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};
use syn::ext::IdentExt as _;
use syn::parse::{ParseStream, Parser};
use syn::{LitBool, LitFloat, LitInt, LitStr, Token};

use crate::diag::Sp;

/// A binary operator of Meta's expression grammar (flow-model's, so the text is the builders').
pub use flow_model::expr_text::BinOp;

/// `form` or `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Form,
    Data,
}

/// `form.x`, `data.x.y`, `screen.S.form.x`.
#[derive(Debug, Clone)]
pub struct RefExpr {
    pub screen: Option<Ident>,
    pub kind: RefKind,
    pub name: Ident,
    pub path: Vec<Ident>,
    pub sp: Sp,
}

/// A value as written.
#[derive(Debug, Clone)]
pub enum Expr {
    Str(LitStr),
    Int(LitInt),
    Float(LitFloat),
    Bool(LitBool),
    Word(Ident),
    Ref(RefExpr),
    Not(Box<Expr>, Sp),
    Bin(BinOp, Box<Expr>, Box<Expr>, Sp),
    List(Vec<Expr>, Sp),
    Object(Vec<Entry>, Sp),
    Call(Call),
}

/// `key: value` in an object.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_sp: Sp,
    pub value: Expr,
}

/// `navigate(..)`, `complete(..)`…
#[derive(Debug, Clone)]
pub struct Call {
    pub name: Ident,
    pub args: Vec<Expr>,
    pub sp: Sp,
}

impl Expr {
    /// Whether a reference or an operator appears anywhere in the value (so it is not plain
    /// JSON and needs the builder's binding form).
    pub fn has_binding(&self) -> bool {
        match self {
            Expr::Ref(_) | Expr::Not(..) | Expr::Bin(..) => true,
            Expr::List(items, _) => items.iter().any(Expr::has_binding),
            Expr::Object(entries, _) => entries.iter().any(|e| e.value.has_binding()),
            Expr::Str(_)
            | Expr::Int(_)
            | Expr::Float(_)
            | Expr::Bool(_)
            | Expr::Word(_)
            | Expr::Call(_) => false,
        }
    }

    /// The source range of the value.
    pub fn sp(&self) -> Sp {
        match self {
            Expr::Str(l) => Sp::one(l.span()),
            Expr::Int(l) => Sp::one(l.span()),
            Expr::Float(l) => Sp::one(l.span()),
            Expr::Bool(l) => Sp::one(l.span),
            Expr::Word(i) => Sp::one(i.span()),
            Expr::Ref(r) => r.sp,
            Expr::Not(_, s) | Expr::Bin(_, _, _, s) | Expr::List(_, s) | Expr::Object(_, s) => *s,
            Expr::Call(c) => c.sp,
        }
    }

    /// Whether it is a literal (string, number, boolean).
    pub fn is_literal(&self) -> bool {
        matches!(
            self,
            Expr::Str(_) | Expr::Int(_) | Expr::Float(_) | Expr::Bool(_)
        )
    }
}

/// Parses an attribute value: the tokens after `=`. A single `{...}` group is unwrapped.
pub fn parse_value(tokens: TokenStream) -> syn::Result<Expr> {
    parse_expr(unwrap_braces(tokens))
}

/// Parses a value written bare (a `{...}` group is an object).
pub fn parse_expr(inner: TokenStream) -> syn::Result<Expr> {
    let sp = Sp::of(&inner);
    if inner.is_empty() {
        return Err(syn::Error::new(sp.lo, "expected a value"));
    }
    (|input: ParseStream<'_>| {
        let e = parse_or(input)?;
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the value"));
        }
        Ok(e)
    })
    .parse2(inner)
}

/// The contents of a lone `{...}` group, or the tokens themselves.
pub fn unwrap_braces(tokens: TokenStream) -> TokenStream {
    let mut it = tokens.clone().into_iter();
    if let (Some(TokenTree::Group(g)), None) = (it.next(), it.next())
        && g.delimiter() == Delimiter::Brace
    {
        return g.stream();
    }
    tokens
}

fn parse_or(input: ParseStream<'_>) -> syn::Result<Expr> {
    let mut left = parse_and(input)?;
    while input.peek(Token![||]) {
        input.parse::<Token![||]>()?;
        let right = parse_and(input)?;
        left = bin(BinOp::Or, left, right);
    }
    Ok(left)
}

fn parse_and(input: ParseStream<'_>) -> syn::Result<Expr> {
    let mut left = parse_cmp(input)?;
    while input.peek(Token![&&]) {
        input.parse::<Token![&&]>()?;
        let right = parse_cmp(input)?;
        left = bin(BinOp::And, left, right);
    }
    Ok(left)
}

fn parse_cmp(input: ParseStream<'_>) -> syn::Result<Expr> {
    let left = parse_sum(input)?;
    let op = if input.peek(Token![==]) {
        input.parse::<Token![==]>()?;
        BinOp::Eq
    } else if input.peek(Token![!=]) {
        input.parse::<Token![!=]>()?;
        BinOp::Ne
    } else if input.peek(Token![<=]) {
        input.parse::<Token![<=]>()?;
        BinOp::Le
    } else if input.peek(Token![>=]) {
        input.parse::<Token![>=]>()?;
        BinOp::Ge
    } else if input.peek(Token![<]) {
        input.parse::<Token![<]>()?;
        BinOp::Lt
    } else if input.peek(Token![>]) {
        input.parse::<Token![>]>()?;
        BinOp::Gt
    } else {
        return Ok(left);
    };
    let right = parse_sum(input)?;
    Ok(bin(op, left, right))
}

fn parse_sum(input: ParseStream<'_>) -> syn::Result<Expr> {
    let mut left = parse_prod(input)?;
    loop {
        let op = if input.peek(Token![+]) {
            input.parse::<Token![+]>()?;
            BinOp::Add
        } else if input.peek(Token![-]) {
            input.parse::<Token![-]>()?;
            BinOp::Sub
        } else {
            return Ok(left);
        };
        let right = parse_prod(input)?;
        left = bin(op, left, right);
    }
}

fn parse_prod(input: ParseStream<'_>) -> syn::Result<Expr> {
    let mut left = parse_unary(input)?;
    loop {
        let op = if input.peek(Token![/]) {
            input.parse::<Token![/]>()?;
            BinOp::Div
        } else if input.peek(Token![%]) {
            input.parse::<Token![%]>()?;
            BinOp::Rem
        } else {
            return Ok(left);
        };
        let right = parse_unary(input)?;
        left = bin(op, left, right);
    }
}

/// How deep `(`, `!`, lists and objects may nest. The parser, the checks and the expansion all
/// recurse, and a proc macro that overflows its stack takes rustc down with it.
const MAX_DEPTH: usize = 64;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts one nesting level for as long as it lives.
struct Nested;

impl Nested {
    fn enter(input: ParseStream<'_>) -> syn::Result<Self> {
        let depth = DEPTH.get() + 1;
        if depth > MAX_DEPTH {
            return Err(input.error(format!(
                "this value nests more than {MAX_DEPTH} levels deep: split it up"
            )));
        }
        DEPTH.set(depth);
        Ok(Nested)
    }
}

impl Drop for Nested {
    fn drop(&mut self) {
        DEPTH.set(DEPTH.get() - 1);
    }
}

fn parse_unary(input: ParseStream<'_>) -> syn::Result<Expr> {
    let _level = Nested::enter(input)?;
    if input.peek(Token![!]) {
        let bang: Token![!] = input.parse()?;
        let inner = parse_unary(input)?;
        let sp = Sp::one(bang.span).to(inner.sp());
        return Ok(Expr::Not(Box::new(inner), sp));
    }
    parse_atom(input)
}

fn bin(op: BinOp, l: Expr, r: Expr) -> Expr {
    let sp = l.sp().to(r.sp());
    Expr::Bin(op, Box::new(l), Box::new(r), sp)
}

fn parse_atom(input: ParseStream<'_>) -> syn::Result<Expr> {
    if input.peek(LitStr) {
        return Ok(Expr::Str(input.parse()?));
    }
    if input.peek(LitInt) {
        return Ok(Expr::Int(input.parse()?));
    }
    if input.peek(LitFloat) {
        return Ok(Expr::Float(input.parse()?));
    }
    if input.peek(LitBool) {
        return Ok(Expr::Bool(input.parse()?));
    }
    if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        let e = parse_or(&content)?;
        if !content.is_empty() {
            return Err(content.error("expected `)`"));
        }
        return Ok(e);
    }
    if input.peek(syn::token::Bracket) {
        let content;
        let b = syn::bracketed!(content in input);
        let items = comma_list(&content, parse_or)?;
        return Ok(Expr::List(items, group_sp(b.span.join())));
    }
    if input.peek(syn::token::Brace) {
        let content;
        let b = syn::braced!(content in input);
        let entries = comma_list(&content, parse_entry)?;
        return Ok(Expr::Object(entries, group_sp(b.span.join())));
    }
    let ident: Ident = input.call(syn::ext::IdentExt::parse_any)?;
    let name = ident.to_string();
    if input.peek(syn::token::Paren) {
        let content;
        let p = syn::parenthesized!(content in input);
        let args = comma_list(&content, parse_or)?;
        let sp = Sp::one(ident.span()).to(Sp::one(p.span.close()));
        return Ok(Expr::Call(Call {
            name: ident,
            args,
            sp,
        }));
    }
    match name.as_str() {
        "form" | "data" if input.peek(Token![.]) => {
            let kind = if name == "form" {
                RefKind::Form
            } else {
                RefKind::Data
            };
            parse_ref(input, None, kind, ident.span())
        }
        "screen" if input.peek(Token![.]) => {
            input.parse::<Token![.]>()?;
            let screen: Ident = input.call(syn::ext::IdentExt::parse_any)?;
            input.parse::<Token![.]>()?;
            let k: Ident = input.call(syn::ext::IdentExt::parse_any)?;
            let kind = match k.to_string().as_str() {
                "form" => RefKind::Form,
                "data" => RefKind::Data,
                _ => {
                    return Err(syn::Error::new(
                        k.span(),
                        "expected `form` or `data` after `screen.ID.`",
                    ));
                }
            };
            parse_ref(input, Some(screen), kind, ident.span())
        }
        _ => Ok(Expr::Word(ident)),
    }
}

fn parse_ref(
    input: ParseStream<'_>,
    screen: Option<Ident>,
    kind: RefKind,
    start: Span,
) -> syn::Result<Expr> {
    input.parse::<Token![.]>()?;
    // `r#type` names the key `type`: Flow JSON knows no raw identifiers.
    let name: Ident = input.call(Ident::parse_any)?;
    let name = name.unraw();
    let mut end = name.span();
    let mut path = Vec::new();
    while input.peek(Token![.]) {
        input.parse::<Token![.]>()?;
        let f: Ident = input.call(Ident::parse_any)?;
        let f = f.unraw();
        end = f.span();
        path.push(f);
    }
    Ok(Expr::Ref(RefExpr {
        screen,
        kind,
        name,
        path,
        sp: Sp { lo: start, hi: end },
    }))
}

fn parse_entry(input: ParseStream<'_>) -> syn::Result<Entry> {
    let (key, key_sp) = parse_key(input)?;
    input.parse::<Token![:]>()?;
    let value = parse_or(input)?;
    Ok(Entry { key, key_sp, value })
}

/// A key: `name`, `start-date`, or `"any text"`.
pub fn parse_key(input: ParseStream<'_>) -> syn::Result<(String, Sp)> {
    if input.peek(LitStr) {
        let s: LitStr = input.parse()?;
        return Ok((s.value(), Sp::one(s.span())));
    }
    let first: Ident = input.call(Ident::parse_any)?;
    let first = first.unraw();
    let mut key = first.to_string();
    let mut sp = Sp::one(first.span());
    while input.peek(Token![-]) {
        input.parse::<Token![-]>()?;
        let next: Ident = input.call(Ident::parse_any)?;
        let next = next.unraw();
        key.push('-');
        key.push_str(&next.to_string());
        sp = sp.to(Sp::one(next.span()));
    }
    Ok((key, sp))
}

fn comma_list<T>(
    input: ParseStream<'_>,
    f: fn(ParseStream<'_>) -> syn::Result<T>,
) -> syn::Result<Vec<T>> {
    let mut out = Vec::new();
    while !input.is_empty() {
        out.push(f(input)?);
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(out)
}

fn group_sp(s: Span) -> Sp {
    Sp::one(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn parses_precedence_and_calls() {
        let e = parse_value(quote!({ form.a == "x" && !data.b || data.c > 3 })).unwrap();
        assert!(matches!(e, Expr::Bin(BinOp::Or, ..)));
        let e = parse_value(quote!({ navigate(DETAILS, { email: form.email }) })).unwrap();
        let Expr::Call(c) = e else {
            panic!("not a call")
        };
        assert_eq!(c.name.to_string(), "navigate");
        assert_eq!(c.args.len(), 2);
        let e = parse_value(quote!({ screen.START.form.name })).unwrap();
        assert!(matches!(
            e,
            Expr::Ref(RefExpr {
                screen: Some(_),
                ..
            })
        ));
        let e = parse_value(quote!({{start-date: "a", end-date: "b"}})).unwrap();
        let Expr::Object(entries, _) = e else {
            panic!("not an object")
        };
        assert_eq!(entries[1].key, "end-date");
    }

    #[test]
    fn refuses_deep_nesting_instead_of_overflowing() {
        let deep: TokenStream = format!("{}1{}", "(".repeat(140), ")".repeat(140))
            .parse()
            .unwrap();
        let err = parse_expr(deep).unwrap_err();
        assert!(
            err.to_string().contains("nests more than 64 levels"),
            "{err}"
        );
        let bangs: TokenStream = format!("{}true", "!".repeat(140)).parse().unwrap();
        assert!(parse_expr(bangs).is_err());
        // The counter unwinds: a shallow value parses afterwards on the same thread.
        let ok: TokenStream = "((1))".parse().unwrap();
        assert!(parse_expr(ok).is_ok());
    }

    #[test]
    fn reports_trailing_tokens() {
        assert!(parse_value(quote!({ form.a form.b })).is_err());
        assert!(parse_value(quote!({})).is_err());
    }
}
