//! Spec §A.4: the routing model, or (without an endpoint) the graph of navigate actions.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::index::{FlowIndex, NavAt, ScreenInfo};
use super::quoted;
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
    let mut inbound = vec![0usize; n];
    for &(_, b) in &edges {
        inbound[b] += 1;
    }
    if n > 1 && inbound.iter().all(|&c| c > 0) {
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
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], x: usize) -> usize {
            let mut r = x;
            while p[r] != r {
                r = p[r];
            }
            p[x] = r;
            r
        }
        for &(a, b) in &edges {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            parent[ra] = rb;
        }
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..n {
            let r = find(&mut parent, i);
            groups.entry(r).or_default().push(i);
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

/// A cycle as a list of nodes, if the graph has one.
fn find_cycle(n: usize, edges: &[(usize, usize)]) -> Option<Vec<usize>> {
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in edges {
        adj[a].push(b);
    }
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut stack: Vec<usize> = Vec::new();
    fn dfs(
        v: usize,
        adj: &[Vec<usize>],
        state: &mut [u8],
        stack: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        state[v] = 1;
        stack.push(v);
        for &w in &adj[v] {
            if state[w] == 1 {
                let pos = stack.iter().position(|&x| x == w).unwrap_or(0);
                return Some(stack[pos..].to_vec());
            }
            if state[w] == 0
                && let Some(c) = dfs(w, adj, state, stack)
            {
                return Some(c);
            }
        }
        stack.pop();
        state[v] = 2;
        None
    }
    (0..n).find_map(|v| {
        if state[v] == 0 {
            dfs(v, &adj, &mut state, &mut stack)
        } else {
            None
        }
    })
}
