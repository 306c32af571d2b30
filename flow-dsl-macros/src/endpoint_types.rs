//! The typed endpoint of an endpoint flow (`data_api_version`): per screen a `…Data` struct
//! (what the endpoint sends to show it), per screen that calls the endpoint a `…Exchange`
//! struct (what it receives) and a `…Next` enum (the answers `routing_model` allows from
//! there), and `Flow::endpoint(key)`, a builder whose type tracks which required handlers are
//! registered, so a missing one does not compile.
//!
//! Everything is wrapped in `flow_dsl::__private::endpoint_items!`, which drops it when
//! flow-dsl is built without its `endpoint` feature.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::ast::DataTy;
use crate::expand::{field_ident, field_type, unique_field_ident, variant_names, visit_calls};
use crate::expr::Expr;
use crate::model::Model;

/// The routes of the flow as `build()` derives its `routing_model`: `navigate` targets and
/// the screens a `data_exchange` may answer with.
struct Routes {
    /// Per screen, the screens it may go to (without itself), in declaration order.
    out: Vec<BTreeSet<usize>>,
    /// Per screen, whether it has a `data_exchange` action.
    exchanges: Vec<bool>,
}

fn routes(m: &Model<'_>) -> Routes {
    let n = m.screens.len();
    let mut out = vec![BTreeSet::new(); n];
    let mut exchanges = vec![false; n];
    for (i, s) in m.screens.iter().enumerate() {
        visit_calls(&s.ast.children, &mut |call| {
            let targets: Vec<&Expr> = match call.name.to_string().as_str() {
                "navigate" => call.args.first().into_iter().collect(),
                "data_exchange" => {
                    exchanges[i] = true;
                    match call.args.get(1) {
                        Some(Expr::List(items, _)) => items.iter().collect(),
                        _ => Vec::new(),
                    }
                }
                _ => Vec::new(),
            };
            for t in targets {
                if let Expr::Word(w) = t
                    && let Some(t) = m.screen_index(&w.to_string())
                    && t != i
                {
                    out[i].insert(t);
                }
            }
        });
    }
    Routes { out, exchanges }
}

/// The Rust type of a screen data field as the endpoint sends it.
fn data_type(t: DataTy) -> TokenStream {
    let p = quote!(::flow_dsl::__private);
    match t {
        DataTy::Str => quote!(::std::string::String),
        DataTy::Int => quote!(::core::primitive::i64),
        DataTy::Float => quote!(::core::primitive::f64),
        DataTy::Bool => quote!(::core::primitive::bool),
        DataTy::StrList => quote!(::std::vec::Vec<::std::string::String>),
        DataTy::Choices => quote!(::std::vec::Vec<::flow_dsl::endpoint::typed::ChoiceItem>),
        DataTy::Media => quote!(::std::vec::Vec<#p::serde_json::Value>),
        DataTy::Json => quote!(#p::serde_json::Value),
    }
}

/// `OFFER` → `offer` (a method name part).
fn snake(id: &str) -> String {
    field_ident(&id.to_ascii_lowercase())
        .to_string()
        .trim_start_matches("r#")
        .to_owned()
}

/// Fields of a struct: `(json key, rust type)`, deduplicating Rust names as the completion
/// structs do.
fn fields(entries: &[(String, TokenStream)]) -> TokenStream {
    let mut used = std::collections::HashSet::new();
    let mut out = TokenStream::new();
    for (k, ty) in entries {
        let ident = unique_field_ident(k, &mut used);
        let doc = format!("Key `{k}`.");
        out.extend(quote!(#[doc = #doc] #[serde(rename = #k)] pub #ident: #ty,));
    }
    out
}

/// One registered-or-not handler the builder tracks.
struct Slot {
    method: Ident,
    screen: usize,
    back: bool,
    guard: Ident,
    doc: String,
    /// The handler's argument types.
    args: TokenStream,
    /// The handler's answer enum.
    answer: Ident,
    /// The registration on the untyped builder `self.inner`.
    register: TokenStream,
}

/// The typed endpoint items; empty for flows without `data_api_version` or with errors.
pub fn expand(m: &Model<'_>, full: bool) -> TokenStream {
    let flow = m.flow;
    let (Some(name), true, true) = (&flow.name, flow.data_api_version.is_some(), full) else {
        return TokenStream::new();
    };
    let ids: Vec<String> = m.screens.iter().map(|s| s.id.clone()).collect();
    let Some(variants) = variant_names(&ids).into_iter().collect::<Option<Vec<_>>>() else {
        return TokenStream::new();
    };
    let variants: Vec<Ident> = variants
        .iter()
        .map(|v| Ident::new(v, Span::call_site()))
        .collect();
    let name_text = name.to_string();
    let t = quote!(::flow_dsl::endpoint::typed);
    let ep = quote!(::flow_dsl::endpoint);
    let serde = quote!(::flow_dsl::__private::serde);
    let json = quote!(::flow_dsl::__private::serde_json);
    let r = routes(m);
    let data_name = |i: usize| format_ident!("{}{}Data", name, variants[i]);

    let mut items = TokenStream::new();
    let mut exports: Vec<Ident> = Vec::new();

    // One `…Data` struct per screen.
    for (i, s) in m.screens.iter().enumerate() {
        let sname = data_name(i);
        let entries: Vec<(String, TokenStream)> = s
            .ast
            .data
            .iter()
            .map(|d| (d.name.to_string(), data_type(d.ty)))
            .collect();
        let fs = fields(&entries);
        let doc = format!(
            "The data of screen `{}` of [`{name_text}`](super::{name_text}), as the endpoint sends it (every declared field; the client rejects a response that lacks one).",
            s.id
        );
        items.extend(quote! {
            #[doc = #doc]
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, #serde::Serialize, #serde::Deserialize)]
            #[serde(crate = "::flow_dsl::__private::serde")]
            pub struct #sname { #fs }
        });
        exports.push(sname);
    }

    // Answer enums and their conversion to a response.
    let answer_enum = |ename: &Ident, doc: String, targets: &[usize], here: Option<usize>| {
        let mut vars = TokenStream::new();
        let mut arms = TokenStream::new();
        let reserved = ["Same", "Error", "Close"];
        for &tg in targets {
            let v = &variants[tg];
            let v = if here.is_some() && reserved.contains(&v.to_string().as_str()) {
                format_ident!("{}Screen", v)
            } else {
                v.clone()
            };
            let d = data_name(tg);
            let id = &ids[tg];
            let vdoc = format!("Show screen `{id}`.");
            vars.extend(quote!(#[doc = #vdoc] #v(#d),));
            arms.extend(quote!(Self::#v(data) => #t::screen(#id, &data),));
        }
        if let Some(h) = here {
            let d = data_name(h);
            let id = &ids[h];
            let sdoc = format!("Update screen `{id}` (stay on it with new data).");
            let edoc = format!("Stay on screen `{id}` and show the message as a snackbar.");
            vars.extend(
                quote!(#[doc = #sdoc] Same(#d), #[doc = #edoc] Error(::std::string::String),),
            );
            arms.extend(quote! {
                Self::Same(data) => #t::screen(#id, &data),
                Self::Error(message) => ::core::result::Result::Ok(#t::error_message(#id, message)),
            });
            if m.screens[h].ast.flag("terminal") {
                vars.extend(quote! {
                    /// Finish the flow (`SUCCESS`): the params reach the `nfm_reply` webhook,
                    /// with the flow token added.
                    Close(#json::Map<::std::string::String, #json::Value>),
                });
                arms.extend(quote!(Self::Close(params) => ::core::result::Result::Ok(#ep::FlowResponse::Finish { params }),));
            }
        }
        quote! {
            #[doc = #doc]
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
            pub enum #ename { #vars }

            impl #t::Answer for #ename {
                fn into_response(self) -> ::core::result::Result<#ep::FlowResponse, #ep::HandlerError> {
                    match self { #arms }
                }
            }
        }
    };

    let mut slots: Vec<Slot> = Vec::new();

    // INIT: the entry screens (no route leads to them).
    let mut entries: Vec<usize> = (0..ids.len())
        .filter(|&i| !r.out.iter().any(|o| o.contains(&i)))
        .collect();
    if entries.is_empty() {
        entries = (0..ids.len()).collect();
    }
    // A screen called `INIT` has its own `…InitNext`; the INIT answers then take a longer name.
    let init_enum = if variants.iter().any(|v| v == "Init") {
        format_ident!("{}InitRequestNext", name)
    } else {
        format_ident!("{}InitNext", name)
    };
    let init_ids: Vec<&str> = entries.iter().map(|&i| ids[i].as_str()).collect();
    items.extend(answer_enum(
        &init_enum,
        format!(
            "The answers to INIT of [`{name_text}`](super::{name_text}): its entry screens ({}).",
            init_ids.join(", ")
        ),
        &entries,
        None,
    ));
    exports.push(init_enum.clone());

    for (i, s) in m.screens.iter().enumerate() {
        let v = &variants[i];
        let id = &ids[i];
        if r.exchanges[i] {
            // The payload: keys of every data_exchange of the screen; a key only some send is
            // an Option.
            let mut payloads: Vec<Vec<(String, TokenStream)>> = Vec::new();
            visit_calls(&s.ast.children, &mut |call| {
                if call.name != "data_exchange" {
                    return;
                }
                let mut keys = Vec::new();
                if let Some(Expr::Object(es, _)) = call.args.first() {
                    for e in es {
                        keys.push((e.key.clone(), field_type(m, &e.value, i)));
                    }
                }
                payloads.push(keys);
            });
            let mut merged: Vec<(String, TokenStream)> = Vec::new();
            for p in &payloads {
                for (k, ty) in p {
                    if merged.iter().any(|(mk, _)| mk == k) {
                        continue;
                    }
                    let everywhere = payloads.iter().all(|q| q.iter().any(|(qk, _)| qk == k));
                    let is_opt = ty.to_string().starts_with(":: core :: option :: Option");
                    let ty = if everywhere || is_opt {
                        ty.clone()
                    } else {
                        quote!(::core::option::Option<#ty>)
                    };
                    merged.push((k.clone(), ty));
                }
            }
            let xname = format_ident!("{}{}Exchange", name, v);
            let fs = fields(&merged);
            let doc = format!(
                "The payload a `data_exchange` of screen `{id}` sends (inputs that are not `required` are `Option`s; with several actions on the screen, keys that only some send are too)."
            );
            items.extend(quote! {
                #[doc = #doc]
                #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, #serde::Serialize, #serde::Deserialize)]
                #[serde(crate = "::flow_dsl::__private::serde")]
                pub struct #xname { #fs }
            });
            let nname = format_ident!("{}{}Next", name, v);
            let targets: Vec<usize> = r.out[i].iter().copied().collect();
            let allowed: Vec<&str> = targets.iter().map(|&x| ids[x].as_str()).collect();
            items.extend(answer_enum(
                &nname,
                format!(
                    "The answers to a `data_exchange` from screen `{id}`: the screens `routing_model` allows from there ({}), an update of `{id}`, an error message{}.",
                    if allowed.is_empty() { "none".to_owned() } else { allowed.join(", ") },
                    if s.ast.flag("terminal") { ", or finishing the flow" } else { "" }
                ),
                &targets,
                Some(i),
            ));
            exports.push(xname.clone());
            exports.push(nname.clone());
            // `on_init` handles the INIT action; a screen called `INIT` gets `on_init_screen`.
            let method = match snake(id).as_str() {
                "init" => format_ident!("on_init_screen"),
                other => format_ident!("on_{}", other),
            };
            let guard = format_ident!("__{}Handles{}", name, v);
            let mdoc = format!(
                "Handles `data_exchange` from screen `{id}`: `async fn(Ctx, {xname}) -> Result<{nname}, E>`."
            );
            slots.push(Slot {
                method,
                screen: i,
                back: false,
                guard,
                doc: mdoc,
                args: quote!(#t::Ctx, #xname),
                answer: nname,
                register: quote!(#t::on_exchange(self.inner, #id, handler)),
            });
        }
        // BACK from a refresh_on_back screen: the client goes back to a screen routing here.
        if s.ast.flag("refresh_on_back") {
            let preds: Vec<usize> = (0..ids.len()).filter(|&p| r.out[p].contains(&i)).collect();
            if preds.is_empty() {
                continue;
            }
            let bname = format_ident!("{}{}BackNext", name, v);
            let pred_ids: Vec<&str> = preds.iter().map(|&x| ids[x].as_str()).collect();
            items.extend(answer_enum(
                &bname,
                format!(
                    "The answers to BACK from screen `{id}` (`refresh_on_back`): the screens that route to it ({}), with fresh data.",
                    pred_ids.join(", ")
                ),
                &preds,
                None,
            ));
            exports.push(bname.clone());
            let method = format_ident!("on_back_from_{}", snake(id));
            let guard = format_ident!("__{}HandlesBackFrom{}", name, v);
            let mdoc = format!(
                "Handles BACK from screen `{id}` (`refresh_on_back`): `async fn(Ctx) -> Result<{bname}, E>`."
            );
            slots.push(Slot {
                method,
                screen: i,
                back: true,
                guard,
                doc: mdoc,
                args: quote!(#t::Ctx),
                answer: bname,
                register: quote!(#t::on_back(self.inner, #id, handler)),
            });
        }
    }

    // The builder: one type parameter per required handler, `Missing` until registered.
    let builder = format_ident!("{}Endpoint", name);
    let params: Vec<Ident> = (0..slots.len())
        .map(|k| format_ident!("__S{}", k))
        .collect();
    let missing: Vec<TokenStream> = slots.iter().map(|_| quote!(#t::Missing)).collect();
    let mut set_methods = TokenStream::new();
    for (k, s) in slots.iter().enumerate() {
        let state = params
            .iter()
            .enumerate()
            .map(|(j, p)| if j == k { quote!(#t::Set) } else { quote!(#p) });
        let Slot {
            method,
            doc,
            args,
            answer,
            register,
            ..
        } = s;
        set_methods.extend(quote! {
            #[doc = #doc]
            pub fn #method<F, Fut, E>(self, handler: F) -> #builder<#(#state),*>
            where
                F: ::core::ops::Fn(#args) -> Fut + ::core::marker::Send + ::core::marker::Sync + 'static,
                Fut: ::core::future::Future<Output = ::core::result::Result<#answer, E>> + ::core::marker::Send + 'static,
                E: ::core::convert::Into<#ep::HandlerError> + 'static,
            {
                #builder { inner: #register, state: ::core::marker::PhantomData }
            }
        });
    }
    let mut guards = TokenStream::new();
    for s in &slots {
        let g = &s.guard;
        let id = &ids[s.screen];
        let method = &s.method;
        let (message, label) = if s.back {
            (
                format!(
                    "screen `{id}` has `refresh_on_back`, but the endpoint has no BACK handler for it"
                ),
                format!("add `.{method}(...)` before `.build()`"),
            )
        } else {
            (
                format!(
                    "screen `{id}` calls the endpoint (`data_exchange`), but the endpoint has no handler for it"
                ),
                format!("add `.{method}(...)` before `.build()`"),
            )
        };
        let doc = format!("Whether `{method}` was registered (see `{builder}::build`).");
        guards.extend(quote! {
            #[doc = #doc]
            #[diagnostic::on_unimplemented(message = #message, label = #label)]
            pub trait #g {}
            impl #g for #t::Set {}
        });
    }
    let bounds: Vec<TokenStream> = slots
        .iter()
        .zip(&params)
        .map(|(s, p)| {
            // Spanned at the screen id, so "required by this bound" points at the screen.
            let sp = m.screens[s.screen]
                .ast
                .id
                .as_ref()
                .map_or_else(Span::call_site, syn::LitStr::span);
            let mut g = s.guard.clone();
            g.set_span(sp);
            quote_spanned!(sp=> #p: #g)
        })
        .collect();
    let required: Vec<String> = slots.iter().map(|s| format!("`{}`", s.method)).collect();
    let bdoc = format!(
        "The typed endpoint of [`{name_text}`](super::{name_text}), from [`{name_text}::endpoint`](super::{name_text}::endpoint). Required handlers: {}; `build()` does not compile until each is registered.",
        if required.is_empty() {
            "none".to_owned()
        } else {
            required.join(", ")
        }
    );
    let gen_decl = if params.is_empty() {
        TokenStream::new()
    } else {
        quote!(<#(#params = #t::Missing),*>)
    };
    let gen_use = if params.is_empty() {
        TokenStream::new()
    } else {
        quote!(<#(#params),*>)
    };
    let start = if params.is_empty() {
        TokenStream::new()
    } else {
        quote!(<#(#missing),*>)
    };
    let edoc = format!(
        "The typed data_exchange endpoint of this flow, decrypting with `key`: register one handler per screen that calls the endpoint, then `build()` (see [`{builder}`])."
    );
    items.extend(quote! {
        #guards

        #[doc = #bdoc]
        #[derive(::core::fmt::Debug)]
        #[must_use]
        pub struct #builder #gen_decl {
            inner: #ep::EndpointBuilder,
            state: ::core::marker::PhantomData<fn() -> (#(#params,)*)>,
        }

        impl super::#name {
            #[doc = #edoc]
            pub fn endpoint(key: #ep::FlowPrivateKey) -> #builder #start {
                #builder { inner: #ep::Endpoint::builder(key), state: ::core::marker::PhantomData }
            }
        }

        impl #gen_use #builder #gen_use {
            /// Adds a Meta app secret (see `EndpointBuilder::app_secret`).
            pub fn app_secret(mut self, secret: impl ::core::convert::Into<::std::vec::Vec<::core::primitive::u8>>) -> Self {
                self.inner = self.inner.app_secret(secret);
                self
            }

            /// Any other setting of the untyped builder (`verify_flow_token_signature`,
            /// `on_error_notification`, `fallback`…).
            pub fn configure(mut self, f: impl ::core::ops::FnOnce(#ep::EndpointBuilder) -> #ep::EndpointBuilder) -> Self {
                self.inner = f(self.inner);
                self
            }

            /// Handles INIT (the flow was sent with `flow_action: data_exchange`):
            /// `async fn(Ctx) -> Result<…InitNext, E>`. Optional: flows sent with `navigate`
            /// never get INIT.
            pub fn on_init<F, Fut, E>(mut self, handler: F) -> Self
            where
                F: ::core::ops::Fn(#t::Ctx) -> Fut + ::core::marker::Send + ::core::marker::Sync + 'static,
                Fut: ::core::future::Future<Output = ::core::result::Result<#init_enum, E>> + ::core::marker::Send + 'static,
                E: ::core::convert::Into<#ep::HandlerError> + 'static,
            {
                self.inner = #t::on_init(self.inner, handler);
                self
            }

            #set_methods

            /// The endpoint: the same `Endpoint` the untyped builder gives.
            ///
            /// # Errors
            /// An `EndpointConfigError` for inconsistent settings.
            pub fn build(self) -> ::core::result::Result<#ep::Endpoint, #ep::EndpointConfigError>
            where #(#bounds,)*
            {
                self.inner.build()
            }
        }
    });

    let module = format_ident!("__flow_endpoint_{}", name);
    exports.push(builder);
    quote! {
        ::flow_dsl::__private::endpoint_items! {
            #[doc(hidden)]
            #[allow(non_snake_case, non_camel_case_types)]
            mod #module {
                #items
            }
            // Not the user's `use`: unused in a private module, it must not warn.
            #[allow(unused_imports)]
            pub use #module::{#(#exports),*};
        }
    }
}

#[cfg(test)]
mod tests {
    fn expand(src: &str) -> String {
        crate::run(src.parse().expect("tokens")).to_string()
    }

    const ENDPOINT_FLOW: &str = r#"<Flow name=F version="7.3" data_api_version="3.0">
        <Screen id="INIT" title="A">
            <TextInput name="q" label="Q" />
            <Footer label="Go" on-click-action={data_exchange({q: form.q}, [NEXT])} />
        </Screen>
        <Screen id="NEXT" title="B" terminal refresh_on_back data={ n: i64 = 1 }>
            <Footer label="Done" on-click-action={data_exchange({n: data.n}, [])} />
        </Screen>
    </Flow>"#;

    #[test]
    fn names_follow_screens_and_routes() {
        let out = expand(ENDPOINT_FLOW);
        for item in [
            "pub struct FInitData",
            "pub struct FNextData",
            "pub struct FInitExchange",
            "pub enum FInitNext",
            // The screen `INIT` owns `FInitNext`: the INIT answers are renamed.
            "pub enum FInitRequestNext",
            "pub enum FNextBackNext",
            "pub struct FEndpoint",
            "fn on_init <",
            "fn on_init_screen <",
            "fn on_next <",
            "fn on_back_from_next",
        ] {
            assert!(out.contains(item), "missing `{item}`");
        }
        // Only the terminal screen may close the flow.
        assert_eq!(out.matches("Close (:: flow_dsl").count(), 1);
    }

    #[test]
    fn flows_without_an_endpoint_or_with_errors_get_no_endpoint() {
        let plain = expand(
            r#"<Flow name=P version="7.3"><Screen id="A" terminal>
                <Footer label="Done" on-click-action={complete()} /></Screen></Flow>"#,
        );
        assert!(!plain.contains("PEndpoint"));
        let broken = expand(&ENDPOINT_FLOW.replace("[NEXT]", "[NEXTT]"));
        assert!(broken.contains("compile_error"));
        assert!(!broken.contains("FEndpoint"));
    }
}
