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
    extra: TokenStream,
    warnings: TokenStream,
}

impl Diags {
    /// Records an error over `sp`.
    pub fn error(&mut self, sp: Sp, msg: impl std::fmt::Display) {
        let tokens: TokenStream = [
            proc_macro2::TokenTree::Ident(Ident::new("a", sp.lo)),
            proc_macro2::TokenTree::Ident(Ident::new("b", sp.hi)),
        ]
        .into_iter()
        .collect();
        self.errors.push(syn::Error::new_spanned(tokens, msg));
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
    let lower = name.to_lowercase();
    let n = name.chars().count();
    let limit = |c: &str| (c.chars().count().max(n) / 3).max(1) + 1;
    let best = candidates
        .into_iter()
        // The distance is at least the length difference: skip what cannot be close, and
        // names too long to be typos, before the quadratic distance.
        .filter(|c| n <= 64 && c.chars().count().abs_diff(n) <= limit(c))
        .map(|c| (distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= limit(c))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((_, c)) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
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
