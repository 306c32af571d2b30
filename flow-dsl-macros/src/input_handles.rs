//! Typed input handles for the simulator: per screen with inputs a `…Inputs` struct whose
//! fields are `flow_dsl::sim::Input<T>` (the input's name and screen, typed by its answer),
//! and `Flow::{screen}_inputs()` to get it, so a test writes
//! `sim.fill(Survey::start_inputs().email, "a@b.c")` and a renamed input does not compile.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::expand::{ty_tokens, unique_field_ident, variant_names};
use crate::model::Model;

/// `StepOne2` → `step_one2`.
fn snake(variant: &str) -> String {
    let mut out = String::new();
    for (i, c) in variant.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The handles of every screen that has inputs (nothing for a flow without a name).
pub fn expand(m: &Model<'_>) -> TokenStream {
    let Some(name) = &m.flow.name else {
        return TokenStream::new();
    };
    let name_text = name.to_string();
    let ids: Vec<String> = m.screens.iter().map(|s| s.id.clone()).collect();
    let variants = variant_names(&ids);
    let mut items = TokenStream::new();
    let mut methods = TokenStream::new();
    for (s, variant) in m.screens.iter().zip(&variants) {
        let Some(variant) = variant else { continue };
        if s.inputs.is_empty() {
            continue;
        }
        let sname = format_ident!("{}{}Inputs", name, variant);
        let id = &s.id;
        let mut used: HashSet<String> = HashSet::new();
        let mut decls = TokenStream::new();
        let mut inits = TokenStream::new();
        for input in &s.inputs {
            let ident = unique_field_ident(&input.name, &mut used);
            let ty = ty_tokens(input.ty);
            let input_name = &input.name;
            let doc = format!("Input `{input_name}`.");
            decls.extend(quote!(#[doc = #doc] pub #ident: ::flow_dsl::sim::Input<#ty>,));
            inits.extend(quote!(#ident: ::flow_dsl::sim::Input::new(#id, #input_name),));
        }
        let doc = format!(
            "The inputs of screen `{id}` of [`{name_text}`], for `flow_dsl::sim::Simulator::fill` and the like."
        );
        items.extend(quote! {
            #[doc = #doc]
            // Fields are the inputs' names as written (`firstName` stays `firstName`).
            #[allow(non_snake_case, non_camel_case_types)]
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy)]
            pub struct #sname { #decls }
        });
        let method = format_ident!("{}_inputs", snake(variant));
        let mdoc = format!(
            "The inputs of screen `{id}`, for the simulator: `sim.fill({name_text}::{method}().…, …)`."
        );
        methods.extend(quote! {
            #[doc = #mdoc]
            pub const fn #method() -> #sname {
                #sname { #inits }
            }
        });
    }
    if methods.is_empty() {
        return items;
    }
    items.extend(quote!(impl #name { #methods }));
    items
}

#[cfg(test)]
mod tests {
    use super::snake;

    #[test]
    fn method_names_from_variants() {
        assert_eq!(snake("Start"), "start");
        assert_eq!(snake("StepOne2"), "step_one2");
        assert_eq!(snake("Screen1"), "screen1");
    }
}
