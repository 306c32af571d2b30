//! Code generation: the flow becomes flow-dsl builder calls (the one code path every flow takes),
//! wrapped in the named type with its screen enum and typed completion structs.

use std::collections::HashSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{LitFloat, LitInt, LitStr};

use crate::ast::{Attr, DataTy, Elem};
use crate::check::payload_type;
use crate::diag::{Diags, Sp};
use crate::expr::{BinOp, Call, Expr, RefKind};
use crate::model::{Model, Ty};

/// The path of the builder module.
fn b() -> TokenStream {
    quote!(::flow_dsl::builder)
}

fn p() -> TokenStream {
    quote!(::flow_dsl::__private)
}

/// The generated items. With `full == false` (errors were reported) the builder only declares
/// the screens, so the type and its companions still exist for the IDE without adding
/// follow-up type errors.
pub fn expand(m: &Model<'_>, full: bool) -> TokenStream {
    let flow = m.flow;
    let Some(name) = &flow.name else {
        return TokenStream::new();
    };
    let b = b();
    let p = p();
    let version = flow
        .version
        .as_ref()
        .map_or_else(|| "7.3".to_owned(), LitStr::value);
    let name_text = name.to_string();
    // Each name refers to `flow_model::categories::NAME`, spanned at the user's token: a typo
    // is rustc's "cannot find value", with its "a constant with a similar name exists".
    let categories = &flow.categories;
    let data_api = match &flow.data_api_version {
        Some(v) => {
            let v = v.value();
            quote!(::core::option::Option::Some(#v))
        }
        None => quote!(::core::option::Option::None),
    };
    let (endpoint_uri, set_endpoint_uri) = match &flow.endpoint_uri {
        Some(u) => (
            quote!(::core::option::Option::Some(#u)),
            quote!(.endpoint_uri(#u)),
        ),
        None => (quote!(::core::option::Option::None), quote!()),
    };

    // Screen enum.
    let enum_name = format_ident!("{}Screen", name);
    let ids: Vec<String> = m.screens.iter().map(|s| s.id.clone()).collect();
    let screen_variants = variant_names(&ids);
    let variants: Vec<(Ident, String)> = screen_variants
        .iter()
        .zip(&ids)
        .filter_map(|(v, id)| Some((Ident::new(v.as_ref()?, Span::call_site()), id.clone())))
        .collect();
    let var_idents: Vec<&Ident> = variants.iter().map(|(v, _)| v).collect();
    let var_ids: Vec<&String> = variants.iter().map(|(_, i)| i).collect();
    let var_docs: Vec<String> = var_ids.iter().map(|i| format!("Screen `{i}`.")).collect();

    // Builder body.
    let handles: Vec<Ident> = (0..m.screens.len()).map(handle).collect();
    let mut body = TokenStream::new();
    let version_lit = version.clone();
    let at = flow.sp.lo;
    body.extend(
        quote_spanned!(at=> let mut __flow = ::flow_dsl::builder::Flow::new(#version_lit);),
    );
    if let Some(v) = &flow.data_api_version {
        let v = v.value();
        body.extend(quote!(__flow.data_api_version(#v);));
    }
    for (i, s) in m.screens.iter().enumerate() {
        let h = &handles[i];
        let id = &s.id;
        let at = s.ast.sp.lo;
        body.extend(quote_spanned!(at=> let #h = __flow.screen(#id);));
    }
    for a in &flow.raw {
        let key = &a.name[crate::doc::RAW_PREFIX.len()..];
        let v = a.value.as_ref().map_or_else(|| quote!(true), json);
        body.extend(quote!(__flow.prop(#key, #v);));
    }
    if let Some(Attr {
        value: Some(Expr::Object(entries, _)),
        ..
    }) = &flow.routing_model
    {
        for en in entries {
            let Some(from) = m.screen_index(&en.key).map(handle) else {
                continue;
            };
            let to: Vec<Ident> = match &en.value {
                Expr::List(items, _) => items
                    .iter()
                    .filter_map(|it| match it {
                        Expr::Word(w) => m.screen_index(&w.to_string()).map(handle),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let at = en.key_sp.lo;
            body.extend(quote_spanned!(at=> __flow.route(#from, [#(#to),*]);));
        }
    }
    if full {
        for i in 0..m.screens.len() {
            body.extend(screen_body(m, i));
        }
    }
    body.extend(quote!(__flow));

    // Completion structs: one per terminal screen with a `complete` payload.
    let mut structs = TokenStream::new();
    let mut completions = Vec::new();
    for (i, s) in m.screens.iter().enumerate() {
        let mut fields: Vec<(String, TokenStream)> = Vec::new();
        let mut found = false;
        visit_calls(&s.ast.children, &mut |call| {
            if call.name != "complete" {
                return;
            }
            found = true;
            if let Some(Expr::Object(entries, _)) = call.args.first() {
                for en in entries {
                    if fields.iter().any(|(k, _)| *k == en.key) {
                        continue;
                    }
                    fields.push((en.key.clone(), field_type(m, &en.value, i)));
                }
            }
        });
        let Some(variant) = &screen_variants[i] else {
            continue;
        };
        if !found {
            continue;
        }
        let sname = format_ident!("{}{}Completion", name, variant);
        let doc = format!(
            "The `complete` payload of screen `{}` of [`{name_text}`](super::{name_text}), as received in the `nfm_reply` webhook.",
            s.id
        );
        let mut used = HashSet::new();
        let fs = fields.iter().map(|(k, ty)| {
            let ident = unique_field_ident(k, &mut used);
            let doc = format!("Payload key `{k}`.");
            quote!(#[doc = #doc] #[serde(rename = #k)] pub #ident: #ty,)
        });
        structs.extend(quote! {
            #[doc = #doc]
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, #p::serde::Deserialize)]
            #[serde(crate = "::flow_dsl::__private::serde")]
            pub struct #sname { #(#fs)* }
        });
        completions.push(sname);
    }
    // The builder body and the completion structs go in a module of their own, which sees none
    // of the caller's items: the flow's type (`name=__flow`, `name=str`) or anything else in
    // scope cannot meet the body's locals or the names serde's derive writes bare (`&str`, `u64`).
    let module = format_ident!("__flow_{}", name);
    let mut items = quote! {
        #[doc(hidden)]
        #[allow(non_snake_case)]
        mod #module {
            #[allow(unused_variables, unused_mut, clippy::all)]
            pub(super) fn builder() -> #b::Flow {
                #body
            }

            #structs
        }
    };
    if !completions.is_empty() {
        // In a private module of a binary, a re-export nobody names is an "unused import";
        // the user did not write it, so it must not warn.
        items.extend(quote!(#[allow(unused_imports)] pub use #module::{#(#completions),*};));
    }
    if completions.len() == 1 {
        let alias = format_ident!("{}Completion", name);
        let target = &completions[0];
        if *target != alias {
            let doc =
                format!("The completion payload of [`{name_text}`] (its only completing screen).");
            items.extend(quote!(#[doc = #doc] pub type #alias = #target;));
        }
    }

    let flow_doc = format!("The `{name_text}` flow (Flow JSON {version}), generated by `flow!`.");
    let enum_doc = format!("The screens of [`{name_text}`].");
    quote! {
        #[doc = #flow_doc]
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash, ::core::default::Default)]
        pub struct #name;

        #[doc = #enum_doc]
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        pub enum #enum_name { #( #[doc = #var_docs] #var_idents, )* }

        impl #enum_name {
            /// Every screen, in declaration order.
            pub const ALL: &'static [#enum_name] = &[#(#enum_name::#var_idents),*];
            /// The screen id, as written in Flow JSON.
            pub const fn id(self) -> &'static ::core::primitive::str {
                match self { #(#enum_name::#var_idents => #var_ids,)* }
            }
            /// The screen with this id.
            pub fn from_id(id: &::core::primitive::str) -> ::core::option::Option<#enum_name> {
                match id { #(#var_ids => ::core::option::Option::Some(#enum_name::#var_idents),)* _ => ::core::option::Option::None }
            }
        }

        impl #name {
            /// The flow's name (the type name).
            pub const NAME: &'static ::core::primitive::str = #name_text;
            /// The Flow JSON version.
            pub const VERSION: &'static ::core::primitive::str = #version;
            /// The Data API version, for endpoint flows.
            pub const DATA_API_VERSION: ::core::option::Option<&'static ::core::primitive::str> = #data_api;
            /// The data-exchange endpoint URI given to the Flows API on deploy
            /// (`endpoint_uri="…"` on `<Flow>`), if any.
            pub const ENDPOINT_URI: ::core::option::Option<&'static ::core::primitive::str> = #endpoint_uri;
            /// The categories given to the Flows API when the flow is created.
            pub const CATEGORIES: &'static [::flow_dsl::model::Category] = &[#(::flow_dsl::model::categories::#categories),*];
            /// The screen ids, in declaration order.
            pub const SCREEN_IDS: &'static [&'static ::core::primitive::str] = &[#(#ids),*];

            /// The flow as a builder (to adjust it, or to call `build_report`).
            pub fn builder() -> #b::Flow {
                #module::builder()
            }

            /// The Flow JSON document.
            pub fn flow() -> ::flow_dsl::model::FlowJson {
                Self::builder().build_unchecked()
            }

            /// The flow for build.rs assets and deploy: named after the type, with its
            /// categories and endpoint URI (validated once, where it is written or deployed).
            pub fn source() -> ::flow_dsl::FlowSource {
                ::flow_dsl::FlowSource::new(Self::NAME, Self::builder())
                    .categories(Self::CATEGORIES.iter().cloned())
                    #set_endpoint_uri
            }

            /// The Flow JSON document, validated by flow-model's validator.
            pub fn build() -> ::core::result::Result<::flow_dsl::model::FlowJson, #b::BuildError> {
                Self::builder().build()
            }
        }

        #items
    }
}

fn handle(i: usize) -> Ident {
    format_ident!("__screen_{}", i)
}

/// The enum variant of each screen: its id in PascalCase, with a number from 2 on when ids that
/// differ only in case or underscores would share one (`STEP_ONE`, `STEP__ONE` → `StepOne`,
/// `StepOne2`, in declaration order). A number never takes the plain name of a later screen.
/// `None` for a missing id and for a repeated one (both reported by the checks).
pub(crate) fn variant_names(ids: &[String]) -> Vec<Option<String>> {
    // Sets, not lists: a flow with thousands of screens must not make this quadratic.
    let plain: Vec<String> = ids.iter().map(|id| pascal(id)).collect();
    let all_plain: HashSet<&str> = plain.iter().map(String::as_str).collect();
    let mut seen_ids: HashSet<&str> = HashSet::new();
    let mut used: HashSet<String> = HashSet::new();
    ids.iter()
        .enumerate()
        .map(|(k, id)| {
            if id.is_empty() || !seen_ids.insert(id.as_str()) {
                return None;
            }
            let base = &plain[k];
            let mut name = base.clone();
            let mut n = 2;
            while used.contains(&name) || (name != *base && all_plain.contains(name.as_str())) {
                name = format!("{base}{n}");
                n += 1;
            }
            used.insert(name.clone());
            Some(name)
        })
        .collect()
}

/// `SURVEY_START` → `SurveyStart` (characters that cannot be in a Rust name are dropped; the
/// checks have reported such ids already).
fn pascal(id: &str) -> String {
    let name: String = id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + &c.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) || name == "Self" {
        format!("Screen{name}")
    } else {
        name
    }
}

/// [`field_ident`], numbered from 2 when distinct keys map to a Rust name already `used` in
/// the struct (`a-b`, `a_b` → `a_b`, `a_b_2`).
pub(crate) fn unique_field_ident(key: &str, used: &mut HashSet<String>) -> Ident {
    let mut ident = field_ident(key);
    let base = ident.to_string();
    let mut n = 2;
    while used.contains(&ident.to_string()) {
        ident = Ident::new(&format!("{base}_{n}"), Span::call_site());
        n += 1;
    }
    used.insert(ident.to_string());
    ident
}

pub(crate) fn field_ident(key: &str) -> Ident {
    let mut s: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if syn::parse_str::<Ident>(&s).is_err() {
        s.push('_');
    }
    Ident::new(&s, Span::call_site())
}

/// The Rust type of a completion field.
pub(crate) fn field_type(m: &Model<'_>, v: &Expr, screen: usize) -> TokenStream {
    let p = p();
    let base = match payload_type(m, v, screen) {
        Ty::Str => quote!(::std::string::String),
        Ty::Int => quote!(::core::primitive::i64),
        Ty::Float => quote!(::core::primitive::f64),
        Ty::Bool => quote!(::core::primitive::bool),
        Ty::StrList => quote!(::std::vec::Vec<::std::string::String>),
        Ty::Choices | Ty::Media => quote!(::std::vec::Vec<#p::serde_json::Value>),
        Ty::Json | Ty::Unknown => quote!(#p::serde_json::Value),
    };
    // Inputs that are not required may be left empty: the key can be missing.
    let optional = match v {
        Expr::Ref(r) if r.kind == RefKind::Form => {
            let target = r
                .screen
                .as_ref()
                .and_then(|s| m.screen_index(&s.to_string()))
                .unwrap_or(screen);
            m.screens[target]
                .input(&r.name.to_string())
                .is_none_or(|i| !i.required)
        }
        _ => false,
    };
    if optional {
        quote!(::core::option::Option<#base>)
    } else {
        base
    }
}

pub(crate) fn visit_calls<'a>(children: &'a [Elem], f: &mut dyn FnMut(&'a Call)) {
    fn in_expr<'a>(e: &'a Expr, f: &mut dyn FnMut(&'a Call)) {
        match e {
            Expr::Call(c) => f(c),
            Expr::List(items, _) => items.iter().for_each(|x| in_expr(x, f)),
            Expr::Object(entries, _) => entries.iter().for_each(|x| in_expr(&x.value, f)),
            _ => {}
        }
    }
    for c in children {
        for a in &c.attrs {
            if let Some(v) = &a.value {
                in_expr(v, f);
            }
        }
        visit_calls(&c.children, f);
    }
}

struct Gen<'m, 'a> {
    m: &'m Model<'a>,
    screen: usize,
}

fn screen_body(m: &Model<'_>, i: usize) -> TokenStream {
    let s = &m.screens[i];
    let h = handle(i);
    let g = Gen { m, screen: i };
    let mut out = quote!(let __s = __flow.at(#h););
    for a in &s.ast.attrs {
        let code = match (a.name.as_str(), &a.value) {
            ("title", Some(v)) => {
                let v = g.prop_value("title", v);
                quote!(__s.title(#v);)
            }
            ("terminal" | "success" | "refresh_on_back", _) => {
                let setter = Ident::new(&a.name, Span::call_site());
                let v = a.is_true();
                quote!(__s.#setter(#v);)
            }
            (raw, v) if raw.starts_with(crate::doc::RAW_PREFIX) => {
                let key = &raw[crate::doc::RAW_PREFIX.len()..];
                let v = v.as_ref().map_or_else(|| quote!(true), json);
                quote!(__s.prop(#key, #v);)
            }
            ("sensitive", Some(Expr::List(items, _))) => {
                let items = items.iter().map(|x| match x {
                    Expr::Str(s) => quote!(#s),
                    other => unexpandable(other.sp(), "a sensitive field name"),
                });
                quote!(__s.sensitive([#(#items),*]);)
            }
            _ => TokenStream::new(),
        };
        out.extend(code);
    }
    if s.ast.data_given && s.ast.data.is_empty() {
        out.extend(quote!(__s.empty_data();));
    }
    for d in &s.ast.data {
        let key = d.name.to_string();
        let ty = data_rust_type(d.ty);
        let example = g.data_example(d.ty, &d.example);
        let at = d.name.span();
        out.extend(quote_spanned!(at=> __s.data::<#ty>(#key, #example);));
    }
    for c in &s.ast.children {
        let code = g.component(c);
        out.extend(quote!(__s.child(#code);));
    }
    quote!({ #out })
}

fn data_rust_type(t: DataTy) -> TokenStream {
    let b = b();
    let p = p();
    match t {
        DataTy::Str => quote!(::std::string::String),
        DataTy::Int => quote!(::core::primitive::i64),
        DataTy::Float => quote!(::core::primitive::f64),
        DataTy::Bool => quote!(::core::primitive::bool),
        DataTy::StrList => quote!(::std::vec::Vec<::std::string::String>),
        DataTy::Choices => quote!(::std::vec::Vec<#b::Choice>),
        DataTy::Media => quote!(::std::vec::Vec<#p::serde_json::Value>),
        DataTy::Json => quote!(#p::serde_json::Value),
    }
}

pub(crate) fn ty_tokens(t: Ty) -> TokenStream {
    let b = b();
    let p = p();
    match t {
        Ty::Str => quote!(::std::string::String),
        Ty::Int => quote!(::core::primitive::i64),
        Ty::Float => quote!(::core::primitive::f64),
        Ty::Bool => quote!(::core::primitive::bool),
        Ty::StrList => quote!(::std::vec::Vec<::std::string::String>),
        Ty::Choices => quote!(::std::vec::Vec<#b::Choice>),
        Ty::Media => quote!(::std::vec::Vec<#p::serde_json::Value>),
        Ty::Json | Ty::Unknown => quote!(#p::serde_json::Value),
    }
}

fn int(l: &LitInt) -> TokenStream {
    let lit = LitInt::new(&format!("{}i64", l.base10_digits()), l.span());
    quote!(#lit)
}

fn float(l: &LitFloat) -> TokenStream {
    // `1.` is a valid float token but `1.f64` is not: give it a fractional digit.
    let digits = l.base10_digits();
    let digits = match digits.strip_suffix('.') {
        Some(d) => format!("{d}.0"),
        None => digits.to_owned(),
    };
    let lit = LitFloat::new(&format!("{digits}f64"), l.span());
    quote!(#lit)
}

/// `.prop(key, json)` for each `raw:key=value` of a container (If, Switch, Form), whose
/// builders take keys they do not know that way too.
fn raw_props(e: &Elem) -> TokenStream {
    let mut out = TokenStream::new();
    for a in &e.attrs {
        if let Some(key) = a.name.strip_prefix(crate::doc::RAW_PREFIX) {
            let v = a.value.as_ref().map_or_else(|| quote!(true), json);
            out.extend(quote!(.prop(#key, #v)));
        }
    }
    out
}

/// Constructor arguments: the properties required in some version, `name` then `label` first
/// (the builders' `NEW_ARGS` order).
pub fn ctor_args(spec: &flow_model::table::ComponentSpec) -> Vec<&'static str> {
    use flow_model::table::Requirement;
    let mut req: Vec<&'static str> = spec
        .props
        .iter()
        .filter(|p| p.required != Requirement::Optional)
        .map(|p| p.name)
        .filter(|n| !matches!(*n, "then" | "cases" | "children"))
        .collect();
    let rank = |n: &str| match n {
        "name" => 0,
        "label" => 1,
        _ => 2,
    };
    req.sort_by_key(|n| rank(n));
    req
}

impl Gen<'_, '_> {
    fn component(&self, e: &Elem) -> TokenStream {
        let b = b();
        let at = e.name_sp.lo;
        if e.name == crate::doc::RAW_ELEMENT {
            let v = e.attr("json").and_then(|a| a.value.as_ref()).map(json);
            return quote_spanned!(at=> ::flow_dsl::builder::Child::raw(#v));
        }
        let Some(spec) = flow_model::component_spec(&e.name) else {
            return TokenStream::new();
        };
        let ty = Ident::new(spec.name, e.name_sp.lo);
        match spec.name {
            "If" => {
                let cond = e
                    .attr("condition")
                    .and_then(|a| a.value.as_ref())
                    .map(|v| self.expr(v).0)
                    .unwrap_or_default();
                let mut code = quote_spanned!(at=> ::flow_dsl::builder::If::new(#cond));
                code.extend(raw_props(e));
                for c in &e.children {
                    match c.name.as_str() {
                        "then" => {
                            for x in &c.children {
                                let x = self.component(x);
                                code.extend(quote!(.then(#x)));
                            }
                        }
                        "else" => {
                            for x in &c.children {
                                let x = self.component(x);
                                code.extend(quote!(.otherwise(#x)));
                            }
                        }
                        _ => {
                            let x = self.component(c);
                            code.extend(quote!(.then(#x)));
                        }
                    }
                }
                code
            }
            "Switch" => {
                let v = e
                    .attr("value")
                    .and_then(|a| a.value.as_ref())
                    .map(|v| self.expr(v).0)
                    .unwrap_or_default();
                let mut code = quote_spanned!(at=> ::flow_dsl::builder::Switch::new(&(#v)));
                code.extend(raw_props(e));
                for c in &e.children {
                    let key = match c.attr("value").and_then(|a| a.value.as_ref()) {
                        Some(Expr::Str(s)) => s.value(),
                        _ => continue,
                    };
                    for x in &c.children {
                        let x = self.component(x);
                        code.extend(quote!(.case(#key, #x)));
                    }
                }
                code
            }
            "Form" => {
                let name = e.attr("name").and_then(|a| a.value.as_ref());
                let name = match name {
                    Some(Expr::Str(s)) => quote!(#s),
                    _ => unexpandable(e.name_sp, "a Form without a `name` string"),
                };
                let mut code = quote_spanned!(at=> ::flow_dsl::builder::Form::new(#name));
                code.extend(raw_props(e));
                for a in &e.attrs {
                    if a.name == "name" || a.name.starts_with(crate::doc::RAW_PREFIX) {
                        continue;
                    }
                    // Bindings inside the object: set field by field.
                    if let Some(Expr::Object(entries, _)) = &a.value
                        && matches!(a.name.as_str(), "init-values" | "error-messages")
                        && entries.iter().any(|en| en.value.has_binding())
                    {
                        let one = match a.name.as_str() {
                            "init-values" => quote!(init_value),
                            _ => quote!(error_message),
                        };
                        for en in entries {
                            let k = &en.key;
                            let v = if en.value.has_binding() {
                                self.payload_value(&en.value)
                            } else {
                                json(&en.value)
                            };
                            code.extend(quote!(.#one(#k, #b::PayloadValue::from(#v))));
                        }
                        continue;
                    }
                    let setter = setter(&a.name);
                    let v = match &a.value {
                        Some(v @ Expr::Object(..)) => json_map(v),
                        Some(v) => self.expr(v).0,
                        None => TokenStream::new(),
                    };
                    code.extend(quote!(.#setter(#v)));
                }
                for c in &e.children {
                    let x = self.component(c);
                    code.extend(quote!(.child(#x)));
                }
                code
            }
            _ => {
                let args = ctor_args(spec);
                let without_label = matches!(spec.name, "CheckboxGroup" | "RadioButtonsGroup")
                    && e.attr("label").is_none();
                let mut vals = Vec::new();
                for a in &args {
                    if *a == "label" && without_label {
                        continue;
                    }
                    let v = e
                        .attr(a)
                        .and_then(|x| x.value.as_ref())
                        .map(|v| self.prop_value(a, v))
                        .unwrap_or_default();
                    vals.push(v);
                }
                let ctor = if without_label {
                    quote!(without_label)
                } else {
                    quote!(new)
                };
                let mut code = quote_spanned!(at=> ::flow_dsl::builder::#ty::#ctor(#(#vals),*));
                for a in &e.attrs {
                    if args.contains(&a.name.as_str()) {
                        continue;
                    }
                    if let Some(key) = a.name.strip_prefix(crate::doc::RAW_PREFIX) {
                        let v = a.value.as_ref().map_or_else(|| quote!(true), json);
                        code.extend(quote!(.prop(#key, #v)));
                        continue;
                    }
                    let setter = setter(&a.name);
                    let v = match &a.value {
                        None => quote!(true),
                        Some(v) => self.prop_value(&a.name, v),
                    };
                    code.extend(quote!(.#setter(#v)));
                }
                code
            }
        }
    }

    /// A property value for a setter or constructor argument.
    fn prop_value(&self, prop: &str, v: &Expr) -> TokenStream {
        let b = b();
        let p = p();
        match (prop, v) {
            ("name", Expr::Str(s)) => quote!(#s),
            ("markdown", Expr::Bool(x)) => quote!(#x),
            (_, Expr::Call(c)) => self.action(c),
            ("data-source", Expr::List(items, _)) => {
                let items = items.iter().map(|x| self.choice(x));
                quote!(::std::vec![#(#items),*])
            }
            ("list-items", Expr::List(items, _)) => {
                let items = items.iter().map(|x| self.nav_item(x));
                quote!(::std::vec![#(#items),*])
            }
            ("images", Expr::List(items, _)) => {
                let items = items.iter().map(|x| {
                    let src = obj_str(x, "src");
                    let alt = obj_str(x, "alt-text");
                    quote!(#b::carousel_image(#src, #alt))
                });
                quote!(::std::vec![#(#items),*])
            }
            ("required", Expr::Object(..)) => {
                let s = obj_bool(v, "start-date");
                let e = obj_bool(v, "end-date");
                quote!(#b::date_range_flags(#s, #e))
            }
            ("error-message", Expr::Object(..)) if !has_key(v, "start-date") => {
                let m = json_map(v);
                quote!(::flow_dsl::model::ErrorMessages::PerMedia(#m))
            }
            (_, Expr::Object(..)) => {
                let s = obj_str(v, "start-date");
                let e = obj_str(v, "end-date");
                quote!(#b::date_range(#s, #e))
            }
            (_, Expr::List(items, _)) => {
                let items = items.iter().map(|x| match x {
                    Expr::Str(s) => quote!(#s),
                    other => unexpandable(other.sp(), "a list item that is not a string"),
                });
                quote!(#p::StrList(&[#(#items),*]))
            }
            (_, Expr::Str(s)) => quote!(#p::Str(#s)),
            (_, Expr::Int(i)) => int(i),
            (_, Expr::Float(f)) => float(f),
            (_, Expr::Bool(x)) => quote!(#x),
            _ => self.expr(v).0,
        }
    }

    fn choice(&self, item: &Expr) -> TokenStream {
        let b = b();
        let Expr::Object(entries, _) = item else {
            return unexpandable(item.sp(), "a data-source item");
        };
        let id = obj_str(item, "id");
        let title = entries
            .iter()
            .find(|e| e.key == "title")
            .map(|e| self.prop_value("title", &e.value))
            .unwrap_or_default();
        let mut code = quote!(#b::Choice::new(#id, #title));
        for e in entries {
            if e.key == "id" || e.key == "title" {
                continue;
            }
            let s = setter(&e.key);
            let v = self.prop_value(&e.key, &e.value);
            code.extend(quote!(.#s(#v)));
        }
        code
    }

    fn nav_item(&self, item: &Expr) -> TokenStream {
        let b = b();
        let Expr::Object(entries, _) = item else {
            return unexpandable(item.sp(), "a list item");
        };
        let id = obj_str(item, "id");
        let main = entries
            .iter()
            .find(|e| e.key == "main-content")
            .map(|e| &e.value);
        let title = match main.and_then(|m| find(m, "title")) {
            Some(t) => self.prop_value("title", t),
            None => unexpandable(item.sp(), "a list item without `main-content.title`"),
        };
        let mut code = quote!(#b::NavItem::new(#id, #title));
        if let Some(m) = main {
            for k in ["description", "metadata"] {
                if let Some(v) = find(m, k) {
                    let s = setter(k);
                    let v = self.prop_value(k, v);
                    code.extend(quote!(.#s(#v)));
                }
            }
        }
        for e in entries {
            match e.key.as_str() {
                "start" => {
                    let img = match find(&e.value, "image") {
                        Some(v) => self.prop_value("image", v),
                        None => unexpandable(e.value.sp(), "`start` without `image`"),
                    };
                    let alt = opt_str(&e.value, "alt-text");
                    code.extend(quote!(.start_image(#img, #alt)));
                }
                "end" => {
                    let parts = ["title", "description", "metadata"].map(|k| opt_str(&e.value, k));
                    code.extend(quote!(.end(#(#parts),*)));
                }
                "badge" => {
                    let v = self.prop_value("badge", &e.value);
                    code.extend(quote!(.badge(#v)));
                }
                "tags" => {
                    let items = match &e.value {
                        Expr::List(items, _) => items.iter().map(|x| match x {
                            Expr::Str(s) => quote!(#s),
                            other => unexpandable(other.sp(), "a tag"),
                        }),
                        other => {
                            code.extend(unexpandable(other.sp(), "`tags`"));
                            continue;
                        }
                    };
                    code.extend(quote!(.tags([#(#items),*])));
                }
                "on-click-action" => {
                    let a = match &e.value {
                        Expr::Call(c) => self.action(c),
                        other => unexpandable(other.sp(), "`on-click-action`"),
                    };
                    code.extend(quote!(.on_click_action(#a)));
                }
                _ => {}
            }
        }
        code
    }

    fn action(&self, c: &Call) -> TokenStream {
        let name = c.name.to_string();
        let sp = c.name.span();
        let payload_idx = match name.as_str() {
            "navigate" => 1,
            _ => 0,
        };
        let mut code = match name.as_str() {
            "navigate" => {
                let target = match c.args.first() {
                    Some(Expr::Word(w)) => self.m.screen_index(&w.to_string()).map(handle),
                    _ => None,
                };
                let Some(h) = target else {
                    return TokenStream::new();
                };
                quote_spanned!(sp=> ::flow_dsl::builder::navigate(#h))
            }
            "complete" => quote_spanned!(sp=> ::flow_dsl::builder::complete()),
            "data_exchange" => quote_spanned!(sp=> ::flow_dsl::builder::data_exchange()),
            "update_data" => quote_spanned!(sp=> ::flow_dsl::builder::update_data()),
            _ => {
                let url = c.args.first().cloned();
                return match url {
                    Some(Expr::Str(s)) => quote_spanned!(sp=> ::flow_dsl::builder::open_url(#s)),
                    _ => TokenStream::new(),
                };
            }
        };
        match c.args.get(payload_idx) {
            Some(Expr::Object(entries, _)) => {
                for en in entries {
                    let k = &en.key;
                    let v = self.payload_value(&en.value);
                    code.extend(quote!(.with(#k, #v)));
                }
            }
            // `complete()`: no payload written, not `"payload": {}`.
            _ => code.extend(quote!(.no_payload())),
        }
        if name == "data_exchange"
            && let Some(Expr::List(items, _)) = c.args.get(1)
        {
            for it in items {
                if let Expr::Word(w) = it
                    && let Some(t) = self.m.screen_index(&w.to_string())
                {
                    let h = handle(t);
                    code.extend(quote!(.routes_to(#h)));
                }
            }
        }
        code
    }

    fn payload_value(&self, v: &Expr) -> TokenStream {
        let b = b();
        match v {
            Expr::Str(s) => quote!(#s),
            Expr::Int(i) => int(i),
            Expr::Float(f) => float(f),
            Expr::Bool(x) => quote!(#x),
            Expr::Object(entries, _) => {
                let items = entries.iter().map(|e| {
                    let k = &e.key;
                    let v = self.payload_value(&e.value);
                    quote!((#k, #b::PayloadValue::from(#v)))
                });
                quote!(#b::PayloadValue::object([#(#items),*]))
            }
            Expr::List(items, _) => {
                let items = items.iter().map(|x| {
                    let v = self.payload_value(x);
                    quote!(#b::PayloadValue::from(#v))
                });
                quote!(#b::PayloadValue::array([#(#items),*]))
            }
            other => self.expr(other).0,
        }
    }

    fn data_example(&self, ty: DataTy, e: &Expr) -> TokenStream {
        match (ty, e) {
            (DataTy::Str, Expr::Str(s)) => quote!(#s),
            (DataTy::Int, Expr::Int(i)) => int(i),
            (DataTy::Float, Expr::Float(f)) => float(f),
            (DataTy::Float, Expr::Int(i)) => {
                let lit = LitFloat::new(&format!("{}f64", i.base10_digits()), i.span());
                quote!(#lit)
            }
            (DataTy::Bool, Expr::Bool(b)) => quote!(#b),
            (DataTy::StrList, Expr::List(items, _)) => {
                let items = items.iter().map(|x| match x {
                    Expr::Str(s) => quote!(::std::string::String::from(#s)),
                    other => unexpandable(other.sp(), "a `Vec<String>` item that is not a string"),
                });
                quote!(::std::vec![#(#items),*])
            }
            (DataTy::Choices, Expr::List(items, _)) => {
                let items = items.iter().map(|x| self.choice(x));
                quote!(::std::vec![#(#items),*])
            }
            (DataTy::Media, Expr::List(items, _)) => {
                let items = items.iter().map(json);
                quote!(::std::vec![#(#items),*])
            }
            _ => json(e),
        }
    }

    /// A typed expression: the code and its type.
    fn expr(&self, e: &Expr) -> (TokenStream, Ty) {
        let b = b();
        let mut quiet = Diags::default();
        match e {
            Expr::Str(s) => (quote!(#b::Expr::<::std::string::String>::text(#s)), Ty::Str),
            Expr::Int(i) => {
                let i = int(i);
                (
                    quote!(#b::Expr::<::core::primitive::i64>::from(#i)),
                    Ty::Int,
                )
            }
            Expr::Float(f) => {
                let f = float(f);
                (
                    quote!(#b::Expr::<::core::primitive::f64>::from(#f)),
                    Ty::Float,
                )
            }
            Expr::Bool(x) => (
                quote!(#b::Expr::<::core::primitive::bool>::lit(#x)),
                Ty::Bool,
            ),
            Expr::Ref(r) => {
                let (target, ty0) = self.m.resolve(r, self.screen, &mut quiet);
                let h = handle(target);
                let name = r.name.to_string();
                let kind = match r.kind {
                    RefKind::Form => quote!(form),
                    RefKind::Data => quote!(data),
                };
                if r.path.is_empty() {
                    let t = ty_tokens(ty0);
                    (quote!(#h.#kind::<#t>(#name)), ty0)
                } else {
                    let base_ty = match r.kind {
                        RefKind::Form => ty0,
                        RefKind::Data => self.m.screens[target]
                            .data(&name)
                            .map_or(Ty::Json, |(t, _)| t),
                    };
                    let bt = ty_tokens(base_ty);
                    let mut code = quote!(#h.#kind::<#bt>(#name));
                    let last = r.path.len() - 1;
                    for (i, f) in r.path.iter().enumerate() {
                        let f = f.to_string();
                        let t = if i == last {
                            ty_tokens(ty0)
                        } else {
                            ty_tokens(Ty::Json)
                        };
                        code.extend(quote!(.field::<#t>(#f)));
                    }
                    (code, ty0)
                }
            }
            Expr::Not(inner, _) => {
                let (c, _) = self.expr(inner);
                (quote!(!(#c)), Ty::Bool)
            }
            Expr::Bin(op, l, r, _) => {
                let (a, ta) = self.expr(l);
                let (c, tb) = self.expr(r);
                match op {
                    BinOp::And => (quote!((#a).and(#c)), Ty::Bool),
                    BinOp::Or => (quote!((#a).or(#c)), Ty::Bool),
                    BinOp::Eq => (quote!((#a).eq(#c)), Ty::Bool),
                    BinOp::Ne => (quote!((#a).ne(#c)), Ty::Bool),
                    BinOp::Lt => (quote!((#a).lt(#c)), Ty::Bool),
                    BinOp::Le => (quote!((#a).le(#c)), Ty::Bool),
                    BinOp::Gt => (quote!((#a).gt(#c)), Ty::Bool),
                    BinOp::Ge => (quote!((#a).ge(#c)), Ty::Bool),
                    BinOp::Add if ta == Ty::Str || tb == Ty::Str => (
                        quote!(#b::Expr::<::std::string::String>::concat([(#a).as_text(), (#c).as_text()])),
                        Ty::Str,
                    ),
                    BinOp::Add => (quote!((#a) + (#c)), ta),
                    BinOp::Sub => (quote!((#a) - (#c)), ta),
                    BinOp::Div => (quote!((#a) / (#c)), ta),
                    BinOp::Rem => (quote!((#a) % (#c)), ta),
                }
            }
            _ => (TokenStream::new(), Ty::Unknown),
        }
    }
}

fn setter(prop: &str) -> Ident {
    let s = prop.replace('-', "_");
    syn::parse_str::<Ident>(&s).unwrap_or_else(|_| Ident::new_raw(&s, Span::call_site()))
}

fn find<'e>(obj: &'e Expr, key: &str) -> Option<&'e Expr> {
    match obj {
        Expr::Object(entries, _) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
        _ => None,
    }
}

fn has_key(obj: &Expr, key: &str) -> bool {
    find(obj, key).is_some()
}

/// Code for a value the checks have refused already (the full expansion only runs without
/// errors): a compile error at the value rather than a silent `""`, `null` or nothing.
fn unexpandable(sp: Sp, what: &str) -> TokenStream {
    let msg = format!("flow!: {what} cannot be expanded here");
    let lo = sp.lo;
    quote_spanned!(lo=> ::core::compile_error!(#msg))
}

/// The string literal at `key` (item ids, carousel images, range texts).
fn obj_str(obj: &Expr, key: &str) -> TokenStream {
    match find(obj, key) {
        Some(Expr::Str(s)) => quote!(#s),
        Some(other) => unexpandable(other.sp(), &format!("`{key}`")),
        None => unexpandable(obj.sp(), &format!("an object without `{key}`")),
    }
}

/// The string literal at `key` as an `Option<&str>`, `None` when the key is absent.
fn opt_str(obj: &Expr, key: &str) -> TokenStream {
    match find(obj, key) {
        Some(Expr::Str(s)) => quote!(::core::option::Option::Some(#s)),
        Some(other) => unexpandable(other.sp(), &format!("`{key}`")),
        None => quote!(::core::option::Option::None),
    }
}

/// The boolean literal at `key`; an absent flag is `false`.
fn obj_bool(obj: &Expr, key: &str) -> TokenStream {
    match find(obj, key) {
        Some(Expr::Bool(b)) => quote!(#b),
        Some(other) => unexpandable(other.sp(), &format!("`{key}`")),
        None => quote!(false),
    }
}

/// A JSON value built at run time, without `json!` (cheaper to compile).
fn json(e: &Expr) -> TokenStream {
    let p = p();
    match e {
        Expr::Str(s) => quote!(#p::serde_json::Value::from(#s)),
        Expr::Int(i) => {
            let i = int(i);
            quote!(#p::serde_json::Value::from(#i))
        }
        Expr::Float(f) => {
            let f = float(f);
            quote!(#p::serde_json::Value::from(#f))
        }
        Expr::Bool(b) => quote!(#p::serde_json::Value::Bool(#b)),
        Expr::List(items, _) => {
            let items = items.iter().map(json);
            quote!(#p::serde_json::Value::Array(::std::vec![#(#items),*]))
        }
        Expr::Object(..) => {
            let m = json_map(e);
            quote!(#p::serde_json::Value::Object(#m))
        }
        Expr::Word(w) if w == "null" => quote!(#p::serde_json::Value::Null),
        other => unexpandable(other.sp(), "a value that is not literal JSON"),
    }
}

fn json_map(e: &Expr) -> TokenStream {
    let p = p();
    let Expr::Object(entries, _) = e else {
        return quote!(#p::serde_json::Map::new());
    };
    let inserts = entries.iter().map(|en| {
        let k = &en.key;
        let v = json(&en.value);
        quote!(__m.insert(::std::string::String::from(#k), #v);)
    });
    quote!({ let mut __m = #p::serde_json::Map::new(); #(#inserts)* __m })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_that_share_a_pascal_name_get_numbered_variants() {
        let ids = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let names = variant_names(&ids(&["STEP_ONE", "STEP__ONE", "step_one", "A_B", "a_b"]));
        let names: Vec<&str> = names.iter().map(|n| n.as_deref().unwrap_or("-")).collect();
        assert_eq!(names, ["StepOne", "StepOne2", "StepOne3", "AB", "AB2"]);
        // A repeated id (an error) and a missing one get no variant; a number does not take the
        // plain name of a later screen.
        let names = variant_names(&ids(&["A", "A", "", "a", "SCREEN_A_2", "A2"]));
        let names: Vec<&str> = names.iter().map(|n| n.as_deref().unwrap_or("-")).collect();
        assert_eq!(names, ["A", "-", "-", "A3", "ScreenA2", "A2"]);
    }
}
