//! The rules, grouped by spec section. [`index::FlowIndex`] is built once; every rule reads it.

mod action;
mod component;
mod data;
mod index;
mod path;
mod routing;
mod screen;
mod top;

use super::context::Cx;

pub(crate) fn run(cx: &mut Cx<'_>) {
    // Suggestions for at most as many findings as the report keeps (the rest are counted, not
    // shown): a document with 16,000 unknown navigate targets costs 1,000 lookups, not 16,000.
    let budget = cx.options.max_findings.unwrap_or(usize::MAX);
    SUGGESTIONS_LEFT.with(|left| left.set(budget));
    let index = index::FlowIndex::new(cx.flow);
    top::check(cx, &index);
    routing::check(cx, &index);
    screen::check_terminals(cx, &index);
    for s in &index.screens {
        screen::check(cx, &index, s);
        data::check_declarations(cx, s);
        component::check_screen(cx, &index, s);
    }
    component::check_flow_counts(cx, &index);
}

/// Quotes a list of names for messages: `'A', 'B'`.
pub(crate) fn quoted<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

thread_local! {
    /// Lookups [`did_you_mean`] may still make in the current validation ([`run`] sets it).
    static SUGGESTIONS_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

/// The closest name within a small edit distance, for "did you mean" hints; bounded in cost
/// whatever the document holds (see [`crate::suggest`]), and in number per validation.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let left = SUGGESTIONS_LEFT.with(|left| {
        let n = left.get();
        left.set(n.saturating_sub(1));
        n
    });
    if left == 0 {
        return None;
    }
    crate::suggest::closest(wanted, candidates)
}

/// A " (did you mean 'x'?)" suffix, or nothing.
pub(crate) fn hint<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(wanted, candidates)
        .map(|c| format!(" Did you mean '{c}'?"))
        .unwrap_or_default()
}
