//! Markup → [`FlowAst`]: rstml parses the elements (recovering from errors), this module reads
//! them into the flow's structure. Every problem is reported and parsing goes on, so one typo
//! does not hide the rest.

use proc_macro2::{Delimiter, Ident, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use rstml::node::{KVAttributeValue, KeyedAttributeValue, Node, NodeAttribute, NodeElement};
use rstml::{Parser, ParserConfig};
use syn::Token;
use syn::parse::{ParseStream, Parser as _};

use crate::ast::{Attr, DataDecl, DataTy, Elem, FlowAst, ScreenAst};
use crate::diag::{Diags, Sp, did_you_mean};
use crate::expr::{self, Expr};

/// The marker wrapping brace contents so rstml keeps them verbatim (our value syntax is not
/// Rust: `{navigate(NEXT, {email: form.email})}`).
const RAW: &str = "__flow_raw";

/// How deep elements may nest, `<Flow>` being the first level. A real flow needs about a dozen
/// (Flow, Screen, Form, three Ifs with their branches, a Switch case); rstml, the reading below
/// and the checks all recurse per level, and a proc macro that overflows its stack takes rustc
/// down with it.
pub const MAX_ELEMENT_DEPTH: usize = 32;

/// Parses the macro input; `None` when there is no `<Flow>` element at all.
pub fn parse(input: TokenStream, diags: &mut Diags) -> Option<FlowAst> {
    // Before rstml, which recurses once per element level.
    if let Err((sp, name)) = check_depth(&input) {
        diags.error(
            sp,
            format!(
                "`<{name}>` is nested more than {MAX_ELEMENT_DEPTH} elements deep: flatten the layout (or close an element left open above it)"
            ),
        );
        return None;
    }
    let config = ParserConfig::new()
        .recover_block(true)
        .transform_block(|input| {
            // Token by token: `TokenStream::parse` jumps to an empty buffer, which rstml's
            // `advance_to` rejects.
            let tokens = input.step(|cursor| {
                let mut rest = *cursor;
                let mut tokens = TokenStream::new();
                while let Some((tt, next)) = rest.token_tree() {
                    tokens.extend([tt]);
                    rest = next;
                }
                Ok((tokens, rest))
            })?;
            let raw = Ident::new(RAW, proc_macro2::Span::call_site());
            Ok(Some(quote!(#raw! { #tokens })))
        });
    // rstml 0.12 panics ("No errors allowed") on some malformed attributes such as
    // `text({})`; report that as an error instead of "proc macro panicked".
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Parser::new(config)
            .parse_recoverable(input.clone())
            .split_vec()
    }));
    let Ok((nodes, errors)) = parsed else {
        // Between tags, a parenthesised group can only be a malformed attribute.
        let at = input
            .into_iter()
            .find_map(|tt| match tt {
                proc_macro2::TokenTree::Group(g)
                    if g.delimiter() == proc_macro2::Delimiter::Parenthesis =>
                {
                    Some(g.span())
                }
                _ => None,
            })
            .unwrap_or_else(proc_macro2::Span::call_site);
        diags.error(
            Sp::one(at),
            "could not read the markup: an attribute is malformed (write `name=value` or `name={value}`)",
        );
        return None;
    };
    for e in errors {
        // Only errors stop the full expansion; rstml's warnings are passed through as is.
        if e.level() == proc_macro2_diagnostics::Level::Error {
            diags.tokens(e.emit_as_item_tokens());
        } else {
            diags.passthrough(e.emit_as_item_tokens());
        }
    }
    let mut flow = None;
    for node in nodes {
        match node {
            Node::Element(e) if e.name().to_string() == "Flow" && flow.is_none() => {
                flow = Some(read_flow(e, diags));
            }
            other => diags.error(
                Sp::of(&other.to_token_stream()),
                "expected one `<Flow name=... version=\"...\">` element holding the screens",
            ),
        }
    }
    flow
}

/// Where the markup first nests deeper than [`MAX_ELEMENT_DEPTH`]: the name of the element
/// that goes too deep. One pass over the top-level tokens (elements never sit inside a `{..}`,
/// `[..]` or `(..)` group), without recursion, so any depth is safe to scan. Closing tags close
/// up to the element of the same name (a stray one closes nothing), so the count is never below
/// the depth rstml would build.
fn check_depth(input: &TokenStream) -> Result<(), (Sp, String)> {
    fn punct(t: Option<&TokenTree>, c: char) -> bool {
        matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
    }
    /// The element name starting at `i` (`If`, `a-b`, `a:b`, `a::b`) and the index after it.
    fn name_at(tokens: &[TokenTree], mut i: usize) -> (String, usize) {
        let mut name = String::new();
        while let Some(TokenTree::Ident(id)) = tokens.get(i) {
            name.push_str(&id.to_string());
            i += 1;
            let mut sep = String::new();
            while let Some(TokenTree::Punct(p)) = tokens.get(i)
                && matches!(p.as_char(), '-' | ':')
            {
                sep.push(p.as_char());
                i += 1;
            }
            if sep.is_empty() {
                break;
            }
            name.push_str(&sep);
        }
        (name, i)
    }
    let tokens: Vec<TokenTree> = input.clone().into_iter().collect();
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !punct(tokens.get(i), '<') {
            i += 1;
            continue;
        }
        let next = tokens.get(i + 1);
        if punct(next, '/') {
            // `</Name>` or `</>`: close up to the element of that name.
            let (name, end) = name_at(&tokens, i + 2);
            if let Some(k) = open.iter().rposition(|n| *n == name) {
                open.truncate(k);
            }
            i = end;
        } else if punct(next, '!') {
            // `<!-- .. -->`, `<!DOCTYPE ..>`: no element.
            i += 2;
            while i < tokens.len() && !punct(tokens.get(i), '>') {
                i += 1;
            }
        } else if punct(next, '>') {
            // A fragment `<>`.
            open.push(String::new());
            i += 2;
        } else if let Some(TokenTree::Ident(first)) = next {
            let (name, mut end) = name_at(&tokens, i + 1);
            // To the end of the opening tag; another `<` first means it was never finished.
            while end < tokens.len() && !punct(tokens.get(end), '>') && !punct(tokens.get(end), '<')
            {
                end += 1;
            }
            let self_closing = punct(tokens.get(end), '>') && punct(tokens.get(end - 1), '/');
            if !self_closing {
                open.push(name.clone());
            }
            if open.len() + usize::from(self_closing) > MAX_ELEMENT_DEPTH {
                return Err((Sp::one(first.span()), name));
            }
            i = if punct(tokens.get(end), '>') {
                end + 1
            } else {
                end
            };
        } else {
            i += 1;
        }
    }
    Ok(())
}

fn read_flow(e: NodeElement<rstml::Infallible>, diags: &mut Diags) -> FlowAst {
    let sp = Sp::of(&e.name().to_token_stream());
    let mut flow = FlowAst {
        name: None,
        version: None,
        data_api_version: None,
        categories: Vec::new(),
        endpoint_uri: None,
        routing_model: None,
        raw: Vec::new(),
        screens: Vec::new(),
        sp,
    };
    let mut name_reported = false;
    for a in read_attrs(&e, diags) {
        if a.name == "routing_model" && matches!(a.value, Some(Expr::Object(..))) {
            flow.routing_model = Some(a);
            continue;
        }
        if a.name.starts_with(crate::doc::RAW_PREFIX) && a.value.is_some() {
            flow.raw.push(a);
            continue;
        }
        match (a.name.as_str(), a.value) {
            ("name", Some(Expr::Word(i))) => {
                let text = i.to_string();
                if !text.starts_with("r#") && syn::parse_str::<Ident>(&text).is_err() {
                    name_reported = true;
                    diags.error(
                        Sp::one(i.span()),
                        format!("`{text}` cannot name a type: `name=Survey`"),
                    );
                } else {
                    flow.name = Some(i);
                }
            }
            ("version", Some(Expr::Str(s))) => flow.version = Some(s),
            ("data_api_version", Some(Expr::Str(s))) => flow.data_api_version = Some(s),
            ("endpoint_uri", Some(Expr::Str(s))) if !s.value().trim().is_empty() => {
                flow.endpoint_uri = Some(s)
            }
            ("endpoint_uri", _) => diags.error(
                a.sp,
                "`endpoint_uri` takes the endpoint's URL as a string: \
                 `endpoint_uri=\"https://example.com/flow\"`",
            ),
            ("categories", Some(Expr::List(items, _))) => {
                for item in items {
                    match item {
                        Expr::Word(i) => flow.categories.push(i),
                        other => {
                            diags.error(other.sp(), "expected a category name such as `SURVEY`")
                        }
                    }
                }
            }
            ("routing_model", _) => diags.error(
                a.sp,
                "`routing_model` takes an object of screen lists: `routing_model={{START: [NEXT], NEXT: []}}`",
            ),
            ("name", _) => diags.error(a.sp, "`name` takes a type name: `name=Survey`"),
            ("version" | "data_api_version", _) => diags.error(
                a.sp,
                format!("`{}` takes a string: `{}=\"7.3\"`", a.name, a.name),
            ),
            ("categories", _) => {
                diags.error(a.sp, "`categories` takes a list: `categories=[SURVEY]`")
            }
            (other, _) => diags.error(
                a.sp,
                format!(
                    "unknown attribute `{other}` of Flow{}",
                    did_you_mean(
                        other,
                        [
                            "name",
                            "version",
                            "data_api_version",
                            "categories",
                            "endpoint_uri",
                            "routing_model"
                        ]
                    )
                ),
            ),
        }
    }
    if flow.name.is_none() && !name_reported {
        diags.error(
            sp,
            "missing `name=TypeName` on <Flow>: it names the generated type",
        );
    }
    if flow.version.is_none() {
        diags.error(
            sp,
            "missing `version=\"...\"` on <Flow> (the Flow JSON version, e.g. \"7.3\")",
        );
    }
    for child in e.children {
        match child {
            Node::Element(s) if s.name().to_string() == "Screen" => {
                flow.screens.push(read_screen(s, diags));
            }
            Node::Element(s) => {
                let name = s.name().to_string();
                diags.error(
                    Sp::of(&s.name().to_token_stream()),
                    format!(
                        "unknown element `{name}` in <Flow>: only <Screen> elements go here{}",
                        did_you_mean(&name, ["Screen"])
                    ),
                );
            }
            other => diags.error(
                Sp::of(&other.to_token_stream()),
                "expected a <Screen> element",
            ),
        }
    }
    flow
}

fn read_screen(e: NodeElement<rstml::Infallible>, diags: &mut Diags) -> ScreenAst {
    let sp = Sp::of(&e.name().to_token_stream());
    let mut screen = ScreenAst {
        id: None,
        attrs: Vec::new(),
        data: Vec::new(),
        data_given: false,
        children: Vec::new(),
        sp,
    };
    let mut seen_data = false;
    for key in e.attributes() {
        let NodeAttribute::Attribute(kv) = key else {
            diags.error(Sp::of(&key.to_token_stream()), "expected `name=value`");
            continue;
        };
        if kv.key.to_string() == "data" {
            if seen_data {
                diags.error(
                    Sp::of(&kv.key.to_token_stream()),
                    "attribute `data` is given twice",
                );
                continue;
            }
            seen_data = true;
            screen.data_given = true;
            match &kv.possible_value {
                KeyedAttributeValue::Value(v) => {
                    let tokens = expr::unwrap_braces(raw_tokens(value_tokens(&v.value)));
                    screen.data = read_data(tokens, diags);
                }
                _ => diags.error(
                    Sp::of(&kv.key.to_token_stream()),
                    "`data` takes declarations: `data={ email: String = \"a@b.c\" }`",
                ),
            }
            continue;
        }
        let Some(a) = read_attr(key, diags) else {
            continue;
        };
        if (a.name == "id" && screen.id.is_some()) || screen.attrs.iter().any(|b| b.name == a.name)
        {
            diags.error(a.sp, format!("attribute `{}` is given twice", a.name));
            continue;
        }
        if a.name == "id" {
            match a.value {
                Some(Expr::Str(s)) => screen.id = Some(s),
                _ => diags.error(a.sp, "`id` takes a string: `id=\"START\"`"),
            }
        } else {
            screen.attrs.push(a);
        }
    }
    // No check for a missing `id` here: that is Meta's MISSING_REQUIRED_PROPERTY, which the
    // validator reports at `<Screen>` with its code, like every other missing property.
    screen.children = read_children(e.children, diags);
    screen
}

/// `name: Type = example, ...`. Each declaration is read on its own, so one mistake does not
/// hide the others.
fn read_data(tokens: TokenStream, diags: &mut Diags) -> Vec<DataDecl> {
    let mut chunks: Vec<TokenStream> = vec![TokenStream::new()];
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => chunks.push(TokenStream::new()),
            _ => chunks
                .last_mut()
                .into_iter()
                .for_each(|c| c.extend([tt.clone()])),
        }
    }
    let mut out = Vec::new();
    for chunk in chunks.into_iter().filter(|c| !c.is_empty()) {
        match read_decl.parse2(chunk) {
            Ok(d) => out.push(d),
            Err(e) => diags.syn(e),
        }
    }
    out
}

fn read_decl(input: ParseStream<'_>) -> syn::Result<DataDecl> {
    // `r#type: String = ..` declares the key `type`: Flow JSON knows no raw identifiers.
    let name: Ident = input.call(syn::ext::IdentExt::parse_any)?;
    let name = syn::ext::IdentExt::unraw(&name);
    input.parse::<Token![:]>()?;
    let ty: syn::Type = input.parse()?;
    let ty_tokens = ty.to_token_stream();
    let text = ty_tokens.to_string().replace(' ', "");
    let Some((_, data_ty)) = DataTy::NAMES.iter().find(|(n, _)| *n == text) else {
        let names = DataTy::NAMES.iter().map(|(n, _)| *n);
        return Err(syn::Error::new_spanned(
            ty_tokens,
            format!(
                "unsupported data type `{text}`: use one of {}{}",
                names
                    .clone()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                did_you_mean(&text, names)
            ),
        ));
    };
    input.parse::<Token![=]>()?;
    let rest: TokenStream = input.step(|cursor| {
        let mut rest = *cursor;
        let mut tokens = TokenStream::new();
        while let Some((tt, next)) = rest.token_tree() {
            tokens.extend([tt]);
            rest = next;
        }
        Ok((tokens, rest))
    })?;
    let example = expr::parse_expr(rest)?;
    Ok(DataDecl {
        name,
        ty: *data_ty,
        example,
    })
}

fn read_children(nodes: Vec<Node<rstml::Infallible>>, diags: &mut Diags) -> Vec<Elem> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            Node::Element(e) => out.push(read_elem(e, diags)),
            Node::Comment(_) => {}
            other => diags.error(
                Sp::of(&other.to_token_stream()),
                "expected a component element such as `<TextBody text=\"...\" />`; text goes in attributes",
            ),
        }
    }
    out
}

fn read_elem(e: NodeElement<rstml::Infallible>, diags: &mut Diags) -> Elem {
    let name = e.name().to_string();
    let name_sp = Sp::of(&e.name().to_token_stream());
    let attrs = read_attrs(&e, diags);
    let children = read_children(e.children, diags);
    Elem {
        name,
        name_sp,
        attrs,
        children,
    }
}

fn read_attrs(e: &NodeElement<rstml::Infallible>, diags: &mut Diags) -> Vec<Attr> {
    let mut out: Vec<Attr> = Vec::new();
    for a in e.attributes() {
        if let Some(a) = read_attr(a, diags) {
            if out.iter().any(|b| b.name == a.name) {
                diags.error(a.sp, format!("attribute `{}` is given twice", a.name));
                continue;
            }
            out.push(a);
        }
    }
    out
}

fn read_attr(a: &NodeAttribute, diags: &mut Diags) -> Option<Attr> {
    let NodeAttribute::Attribute(kv) = a else {
        diags.error(Sp::of(&a.to_token_stream()), "expected `name=value`");
        return None;
    };
    let name = kv.key.to_string();
    let sp = Sp::of(&kv.key.to_token_stream());
    let value = match &kv.possible_value {
        KeyedAttributeValue::None => None,
        KeyedAttributeValue::Value(v) => {
            match expr::parse_value(raw_tokens(value_tokens(&v.value))) {
                Ok(e) => Some(e),
                Err(e) => {
                    diags.syn(e);
                    return None;
                }
            }
        }
        KeyedAttributeValue::Binding(b) => {
            diags.error(Sp::of(&b.to_token_stream()), "expected `=` and a value");
            return None;
        }
    };
    Some(Attr { name, sp, value })
}

fn value_tokens(v: &KVAttributeValue) -> TokenStream {
    match v {
        KVAttributeValue::Expr(e) => e.to_token_stream(),
        KVAttributeValue::InvalidBraced(b) => {
            let body = &b.body;
            quote!({ #body })
        }
    }
}

/// Undoes the [`RAW`] wrapping: `{ __flow_raw! { tokens } }` → `{ tokens }`.
fn raw_tokens(tokens: TokenStream) -> TokenStream {
    let inner = expr::unwrap_braces(tokens.clone());
    let mut it = inner.clone().into_iter();
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(TokenTree::Ident(i)), Some(TokenTree::Punct(p)), Some(TokenTree::Group(g)), None)
            if i == RAW && p.as_char() == '!' && g.delimiter() == Delimiter::Brace =>
        {
            let stream = g.stream();
            let lo = tokens.clone().into_iter().next();
            // Re-wrap in a group carrying the original braces' span.
            match lo {
                Some(TokenTree::Group(outer)) => {
                    let mut group = proc_macro2::Group::new(Delimiter::Brace, stream);
                    group.set_span(outer.span());
                    TokenStream::from(TokenTree::Group(group))
                }
                _ => stream,
            }
        }
        _ => tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_braced_values() {
        let mut d = Diags::default();
        let f = parse(
            quote!(<Flow name=X version="7.3"><Screen id="A" data={ a: String = "x" }><Footer label="L" on-click-action={complete({a: data.a})} /></Screen></Flow>),
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty());
        assert_eq!(f.screens[0].data.len(), 1);
    }

    #[test]
    fn reads_the_endpoint_uri_and_refuses_an_empty_one() {
        let mut d = Diags::default();
        let f = parse(
            quote!(<Flow name=X version="7.3" data_api_version="3.0" endpoint_uri="https://e.example/f"><Screen id="A" /></Flow>),
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty());
        assert_eq!(f.endpoint_uri.unwrap().value(), "https://e.example/f");
        for bad in [
            quote!(endpoint_uri = ""),
            quote!(endpoint_uri = 3),
            quote!(endpoint_uri),
        ] {
            let mut d = Diags::default();
            let f = parse(
                quote!(<Flow name=X version="7.3" #bad><Screen id="A" /></Flow>),
                &mut d,
            );
            assert!(f.is_some_and(|f| f.endpoint_uri.is_none()));
            let errors = d.emit().to_string();
            assert!(
                errors.contains("`endpoint_uri` takes the endpoint's URL"),
                "{errors}"
            );
        }
    }

    /// A flow whose screen holds `depth` nested `<If>`s around one TextBody.
    fn nested(depth: usize) -> TokenStream {
        format!(
            "<Flow name=X version=\"7.3\"><Screen id=\"A\" terminal>{}<TextBody text=\"x\" />{}<Footer label=\"L\" on-click-action={{complete()}} /></Screen></Flow>",
            "<If condition={data.x}>".repeat(depth),
            "</If>".repeat(depth)
        )
        .parse()
        .unwrap()
    }

    #[test]
    fn refuses_deep_element_nesting_instead_of_overflowing() {
        // rstml alone overflows a default 2 MB thread stack at 300 levels; the scan runs first.
        let (errors, read) = std::thread::spawn(|| {
            let mut d = Diags::default();
            let f = parse(nested(300), &mut d);
            // The deepest allowed markup goes through every pass on the same stack.
            crate::run(nested(29));
            (d.emit().to_string(), f.is_some())
        })
        .join()
        .expect("no stack overflow");
        assert!(!read);
        assert!(
            errors.contains("`<If>` is nested more than 32 elements deep"),
            "{errors}"
        );
        // Flow, Screen and 29 Ifs hold the TextBody at level 32, the deepest allowed.
        let mut d = Diags::default();
        assert!(parse(nested(29), &mut d).is_some());
        assert!(d.is_empty());
        let mut d = Diags::default();
        assert!(parse(nested(30), &mut d).is_none());
        let errors = d.emit().to_string();
        assert!(
            errors.contains("`<TextBody>` is nested more than 32"),
            "{errors}"
        );
    }

    #[test]
    fn depth_scan_follows_closing_tags() {
        // Siblings do not add up, fragments and comments count right, and a stray closing
        // tag closes nothing.
        let siblings: TokenStream = format!(
            "<Flow name=X version=\"7.3\"><Screen id=\"A\">{}</Screen></Flow>",
            "<If condition={data.x}><then><TextBody text=\"x\" /></then></If>".repeat(100)
        )
        .parse()
        .unwrap();
        assert!(check_depth(&siblings).is_ok());
        let other: TokenStream = "<a><!-- \"c\" --><> <b-c:d></b-c:d> </> </a>"
            .parse()
            .unwrap();
        assert!(check_depth(&other).is_ok());
        let stray: TokenStream = format!("{}{}", "</x>".repeat(40), "<a>".repeat(33))
            .parse()
            .unwrap();
        assert!(check_depth(&stray).is_err());
        let unfinished: TokenStream = "<a ".repeat(40).parse().unwrap();
        assert!(check_depth(&unfinished).is_err());
    }
}
