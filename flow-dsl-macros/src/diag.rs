//! Diagnostics: every problem is collected with its span and emitted as one `compile_error!`
//! each, so a single compile reports them all.

use proc_macro2::{Ident, Span, TokenStream};

/// A source range: first and last token (rustc underlines from `lo` to `hi`).
#[derive(Debug, Clone, Copy)]
pub struct Sp {
    pub lo: Span,
    pub hi: Span,
}

impl Sp {
    /// A range of one token.
    pub fn one(s: Span) -> Sp {
        Sp { lo: s, hi: s }
    }

    /// From the first to the last token of `tokens` (call site when empty).
    pub fn of(tokens: &TokenStream) -> Sp {
        let mut it = tokens.clone().into_iter();
        let lo = it.next().map_or_else(Span::call_site, |t| t.span());
        let hi = it.last().map_or(lo, |t| t.span());
        Sp { lo, hi }
    }

    /// From the start of `self` to the end of `other`.
    pub fn to(self, other: Sp) -> Sp {
        Sp {
            lo: self.lo,
            hi: other.hi,
        }
    }
}

/// The collected errors.
#[derive(Debug, Default)]
pub struct Diags {
    errors: Vec<syn::Error>,
    /// Where errors start, by rustc's span identity (see [`Diags::reported_in`]).
    starts: std::collections::HashSet<String>,
    extra: TokenStream,
    warnings: TokenStream,
}

impl Diags {
    /// Records an error over `sp`.
    pub fn error(&mut self, sp: Sp, msg: impl std::fmt::Display) {
        if let Some(k) = span_key(sp.lo) {
            self.starts.insert(k);
        }
        let tokens: TokenStream = [
            proc_macro2::TokenTree::Ident(Ident::new("a", sp.lo)),
            proc_macro2::TokenTree::Ident(Ident::new("b", sp.hi)),
        ]
        .into_iter()
        .collect();
        self.errors.push(syn::Error::new_spanned(tokens, msg));
    }

    /// Records a warning over `sp`: it never fails the compile. Stable Rust has no warning API
    /// for proc macros, so the warning is a deprecated constant used at the token (rustc prints
    /// "use of deprecated constant `…`: <msg>").
    pub fn warning(&mut self, sp: Sp, msg: impl std::fmt::Display) {
        let note = msg.to_string();
        let name = Ident::new("flow_warning", sp.lo);
        self.warnings.extend(quote::quote! {
            const _: () = {
                #[deprecated(note = #note)]
                #[allow(non_upper_case_globals)]
                const flow_warning: () = ();
                #name
            };
        });
    }

    /// The tokens where errors start so far: the macro's own errors, before the validator's
    /// findings are reported (see [`Diags::reported_in`]).
    pub fn starts(&self) -> std::collections::HashSet<String> {
        self.starts.clone()
    }

    /// Whether an error in `starts` (from [`Diags::starts`]) starts at the token of `sp`.
    pub fn reported_in(starts: &std::collections::HashSet<String>, sp: Sp) -> bool {
        span_key(sp.lo).is_some_and(|k| starts.contains(&k))
    }

    /// Records a syn parse error as is.
    pub fn syn(&mut self, e: syn::Error) {
        self.errors.push(e);
    }

    /// Records already rendered error tokens (from rstml's recoverable parser).
    pub fn tokens(&mut self, t: TokenStream) {
        self.extra.extend(t);
    }

    /// Emits tokens (warnings) without counting them as errors.
    pub fn passthrough(&mut self, t: TokenStream) {
        self.warnings.extend(t);
    }

    /// Whether no error was reported.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.extra.is_empty()
    }

    /// One `compile_error!` per error, in source order of reporting.
    pub fn emit(self) -> TokenStream {
        let mut out = self.warnings;
        out.extend(self.extra);
        for e in self.errors {
            out.extend(e.to_compile_error());
        }
        out
    }
}

/// A span's identity. Stable proc macros cannot compare spans; rustc's `Debug` of a span
/// names its bytes in the source (`#0 bytes(120..126)`), which is what is needed. Outside rustc
/// (unit tests) spans carry no position: `None`, and nothing is deduplicated.
fn span_key(s: Span) -> Option<String> {
    let k = format!("{s:?}");
    k.contains("bytes(").then_some(k)
}

/// Suggestions are searched among at most this many candidates. A valid flow stays far below
/// (Meta allows 100 screens, 50 components a screen); past it, the flow is already in error and
/// one search per misspelt name over every candidate would make the macro quadratic.
const MAX_CANDIDATES: usize = 200;

/// `; did you mean `x`?` for the closest candidate, or nothing when none is close (or when
/// there are more than [`MAX_CANDIDATES`] candidates).
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let candidates: Vec<&str> = candidates.into_iter().take(MAX_CANDIDATES + 1).collect();
    if candidates.len() > MAX_CANDIDATES {
        return String::new();
    }
    match flow_model::validate::closest_name(name, candidates) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_name() {
        assert_eq!(
            did_you_mean("DETAIL", ["START", "DETAILS"]),
            "; did you mean `DETAILS`?"
        );
        assert_eq!(did_you_mean("zzz", ["START", "DETAILS"]), "");
        // Thousands of candidates: no search.
        let many: Vec<String> = (0..=MAX_CANDIDATES).map(|i| format!("S{i}")).collect();
        assert_eq!(did_you_mean("S1x", many.iter().map(String::as_str)), "");
        assert_eq!(
            did_you_mean("S1x", many[..MAX_CANDIDATES].iter().map(String::as_str)),
            "; did you mean `S1`?"
        );
        assert_eq!(
            did_you_mean("input-typ", ["input-type", "label"]),
            "; did you mean `input-type`?"
        );
    }
}
