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

/// The closest name within a small edit distance, for "did you mean" hints.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Names come from the document: a 30,000-character screen id must not cost a 30,000 ×
    // 30,000 distance table. Nobody mistypes a name that long, so there is no hint for it.
    const LONGEST: usize = 64;
    if wanted.len() > LONGEST {
        return None;
    }
    let wanted_lower = wanted.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.len() > LONGEST {
            continue;
        }
        let d = edit_distance(&wanted_lower, &c.to_lowercase());
        let limit = (wanted.len().max(c.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A " (did you mean 'x'?)" suffix, or nothing.
pub(crate) fn hint<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(wanted, candidates)
        .map(|c| format!(" Did you mean '{c}'?"))
        .unwrap_or_default()
}

/// Levenshtein distance.
pub fn edit_distance(a: &str, b: &str) -> usize {
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
