//! Spec §A.4: the routing model, or (without an endpoint) the graph of navigate actions.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::index::{FlowIndex, NavAt, ScreenInfo};
use super::quoted;
use crate::graph::{entry_nodes, find_cycle};
use crate::table::limits::MAX_ROUTES_PER_SCREEN;
use crate::validate::codes::*;
use crate::validate::context::Cx;

/// Where a navigate action sits in its screen; its path is written only for a finding.
pub(super) struct NavSite<'s, 'a> {
    s: &'s ScreenInfo<'a>,
    component: &'s super::index::Placed<'a>,
    at: NavAt,
}

impl std::fmt::Display for NavSite<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.s.comp_path(self.component);
        match self.at {
            NavAt::Prop(key) => write!(f, "{c}.{key}"),
            NavAt::ListItem(i) => write!(f, "{c}.list-items[{i}].on-click-action"),
        }
    }
}

/// Every navigate action of a screen: (target id, where the action is).
fn navigate_actions<'s, 'a>(
    s: &'s ScreenInfo<'a>,
) -> impl Iterator<Item = (&'a str, NavSite<'s, 'a>)> {
    s.navigates.iter().map(move |&(t, k, at)| {
        (
            t,
            NavSite {
                s,
                component: &s.components[k],
                at,
            },
        )
    })
}

pub(super) fn check(cx: &mut Cx<'_>, index: &FlowIndex<'_>) {
    let ids: Vec<&str> = index.screens.iter().filter_map(|s| s.id()).collect();
    if ids.is_empty() {
        return;
    }
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let explicit = cx.flow.routing_model.as_ref();

    if let Some(model) = explicit {
        let mut invalid = BTreeSet::new();
        for (from, targets) in model {
            let path = format!("routing_model.{from}");
            let Some(&fi) = index.by_id.get(from.as_str()) else {
                invalid.insert(from.as_str());
                continue;
            };
            if targets.len() > MAX_ROUTES_PER_SCREEN {
                cx.error(
                    INVALID_ROUTING_MODEL,
                    path.clone(),
                    format!("screen '{from}' has {} routes; at most {MAX_ROUTES_PER_SCREEN} branches are allowed", targets.len()),
                );
            }
            for (k, to) in targets.iter().enumerate() {
                let tpath = format!("{path}[{k}]");
                match index.by_id.get(to.as_str()) {
                    None => {
                        cx.error(INVALID_ROUTING_MODEL, tpath, format!("Invalid screen found in the routing model: '{to}' is not a screen id.{}", super::hint(to, ids.iter().copied())));
                    }
                    Some(&ti) if ti == fi => {
                        cx.error(
                            INVALID_ROUTING_MODEL,
                            tpath,
                            format!(
                                "screen '{from}' routes to itself; a screen may not route to itself"
                            ),
                        );
                    }
                    Some(&ti) => edges.push((fi, ti)),
                }
            }
        }
        if !invalid.is_empty() {
            cx.error(
                INVALID_ROUTING_MODEL,
                "routing_model",
                format!(
                    "Invalid screens found in the routing model: {}",
                    quoted(invalid)
                ),
            );
        }
        // Sets, not searches of the lists: these checks run once per route or per screen.
        let edge_set: HashSet<(usize, usize)> = edges.iter().copied().collect();
        for &(a, b) in &edges {
            if a < b && edge_set.contains(&(b, a)) {
                let (fa, fb) = (ids_of(index, a), ids_of(index, b));
                cx.error(
                    INVALID_ROUTING_MODEL,
                    format!("routing_model.{fb}"),
                    format!("Backward route from '{fb}' to '{fa}' is not allowed: the route '{fa}' → '{fb}' already lets the user go back"),
                );
            }
        }
        // Meta's own examples list a terminal leaf only as a target (Personalised Offer), so a
        // screen counts as present when it is a key or a target.
        let targets: HashSet<&str> = model.values().flatten().map(String::as_str).collect();
        let missing: Vec<&str> = index
            .screens
            .iter()
            .filter_map(|s| s.id())
            .filter(|id| !model.contains_key(*id) && !targets.contains(id))
            .collect();
        if !missing.is_empty() && index.screens.len() > 1 {
            cx.error(
                INVALID_ROUTING_MODEL,
                "routing_model",
                format!(
                    "Following screens are missing in the routing model: {}",
                    quoted(missing)
                ),
            );
        }
        // A navigate action must follow a direct route.
        for s in &index.screens {
            let Some(from) = s.id() else { continue };
            for (to, path) in navigate_actions(s) {
                let allowed = model.get(from).is_some_and(|t| t.iter().any(|x| x == to));
                if !allowed && index.by_id.contains_key(to) && to != from {
                    cx.error(
                        INVALID_ROUTING_MODEL,
                        path.to_string(),
                        format!("Missing direct route from screen '{from}' to screen '{to}' in the routing model, while it exists in the navigate screen action"),
                    );
                }
            }
        }
    } else {
        for s in &index.screens {
            for (to, _) in navigate_actions(s) {
                if let Some(&ti) = index.by_id.get(to)
                    && ti != s.index
                {
                    edges.push((s.index, ti));
                }
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();

    let n = index.screens.len();
    let source = if explicit.is_some() {
        "routing_model"
    } else {
        "screens"
    };
    // Entry screen: no inbound edge.
    if n > 1 && entry_nodes(n, &edges).is_empty() {
        cx.error(INVALID_ROUTING_MODEL, source, "No entry screen found: every screen is the target of a route, so none can open the flow");
    }
    // Cycles.
    if let Some(cycle) = find_cycle(n, &edges) {
        let names: Vec<&str> = cycle.iter().map(|&i| ids_of(index, i)).collect();
        cx.error(
            INVALID_ROUTING_MODEL,
            source,
            format!(
                "Loop detected in the routing model for screens: {}",
                quoted(names)
            ),
        );
    }
    // Connectivity (undirected).
    if n > 1 {
        let mut sets = DisjointSets::new(n);
        for &(a, b) in &edges {
            sets.union(a, b);
        }
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..n {
            groups.entry(sets.find(i)).or_default().push(i);
        }
        if groups.len() > 1 {
            let main = groups
                .values()
                .max_by_key(|g| (g.len(), std::cmp::Reverse(g[0])))
                .cloned()
                .unwrap_or_default();
            let mut in_main = vec![false; n];
            for &i in &main {
                in_main[i] = true;
            }
            let stray: Vec<&str> = (0..n)
                .filter(|&i| !in_main[i])
                .map(|i| ids_of(index, i))
                .collect();
            // Without a routing model Meta runs the same check over the navigate actions.
            let via = if explicit.is_some() {
                ""
            } else {
                " via navigate actions"
            };
            cx.error(
                INVALID_ROUTING_MODEL,
                source,
                format!("Following screens are not connected with the rest of the screens{via}: {}. All screens should be connected", quoted(stray)),
            );
        }
    }
    // Every route ends at a terminal screen: a screen with no way forward must be terminal.
    if explicit.is_some() {
        let mut has_out = vec![false; n];
        for &(a, _) in &edges {
            has_out[a] = true;
        }
        for s in &index.screens {
            let has_out = has_out[s.index];
            if !has_out && !s.screen.is_terminal() {
                // An endpoint can end the flow from any screen by answering with SUCCESS, so
                // Meta's "every route must end at a terminal screen" cannot be proven statically.
                cx.unconfirmed(
                    INVALID_ROUTING_MODEL,
                    format!("routing_model.{}", s.id().unwrap_or_default()),
                    format!("screen '{}' has no route forward and is not terminal: every route must end at a terminal screen", s.id().unwrap_or_default()),
                );
            }
        }
    }
}

fn ids_of<'a>(index: &FlowIndex<'a>, i: usize) -> &'a str {
    index.screens[i].id().unwrap_or("")
}

/// Union-find with path compression and union by size: near-constant time per operation. A
/// flow's navigation is often one long chain of screens, where a naive union-find walks the
/// whole chain on every lookup (quadratic in the number of screens).
struct DisjointSets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, x: usize) -> usize {
        let mut root = x;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut node = x;
        while self.parent[node] != root {
            node = std::mem::replace(&mut self.parent[node], root);
        }
        root
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        if self.size[ra] > self.size[rb] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[ra] = rb;
        self.size[rb] += self.size[ra];
    }
}

#[cfg(test)]
mod tests {
    use super::DisjointSets;

    #[test]
    fn a_long_chain_does_not_go_quadratic() {
        let n = 1_000_000;
        let chain: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        let mut sets = DisjointSets::new(n);
        for &(a, b) in &chain {
            sets.union(a, b);
        }
        let root = sets.find(0);
        assert!((0..n).all(|i| sets.find(i) == root));
    }
}
