//! The navigation graph of a flow: edges, entry screens and cycles (spec §A.4). The validator,
//! the API send check and the endpoint all ask here rather than walking the JSON themselves.

use crate::component::Component;
use crate::flow::FlowJson;
use crate::screen::Screen;

impl Screen {
    /// The target of every `navigate` action on this screen, nested components and
    /// NavigationList items included, in document order (repeats kept).
    ///
    /// ```
    /// let flow = flow_model::FlowJson::from_str(r#"{"version":"7.3","screens":[{"id":"A",
    ///   "layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Go",
    ///   "on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"}}}]}}]}"#).unwrap();
    /// assert_eq!(flow.screens.as_ref().unwrap()[0].navigate_targets(), ["B"]);
    /// ```
    pub fn navigate_targets(&self) -> Vec<&str> {
        fn walk<'a>(list: &'a [Component], out: &mut Vec<&'a str>) {
            for c in list {
                out.extend(c.actions().iter().filter_map(|(_, a)| a.navigate_target()));
                if let Component::NavigationList(n) = c
                    && let Some(items) = n.list_items.as_ref().and_then(|l| l.as_lit())
                {
                    out.extend(
                        items
                            .iter()
                            .filter_map(|i| i.on_click_action.as_ref()?.navigate_target()),
                    );
                }
                for (_, children) in c.child_lists() {
                    walk(children, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.children(), &mut out);
        out
    }
}

impl FlowJson {
    /// The forward edges between screens, as indexes into `screens`: the `routing_model`
    /// when there is one, plus every `navigate` action. Unknown ids and self-edges are left out
    /// (the validator reports them); each edge appears once, sorted.
    pub fn navigation_edges(&self) -> Vec<(usize, usize)> {
        let screens = self.screens.as_deref().unwrap_or(&[]);
        let index_of = |id: &str| screens.iter().position(|s| s.id.as_deref() == Some(id));
        let mut edges = Vec::new();
        for (from, targets) in self.routing_model.iter().flatten() {
            let Some(a) = index_of(from) else { continue };
            edges.extend(targets.iter().filter_map(|t| index_of(t)).map(|b| (a, b)));
        }
        for (a, s) in screens.iter().enumerate() {
            edges.extend(
                s.navigate_targets()
                    .into_iter()
                    .filter_map(index_of)
                    .map(|b| (a, b)),
            );
        }
        edges.retain(|(a, b)| a != b);
        edges.sort_unstable();
        edges.dedup();
        edges
    }

    /// The entry screens: screens no route or navigate action leads to (spec §A.4 rule 4), in
    /// document order. A flow can only be opened (sent with `navigate`) on one of them.
    ///
    /// ```
    /// let flow = flow_model::FlowJson::from_str(r#"{"version":"7.3","screens":[
    ///   {"id":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Go",
    ///     "on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"}}}]}},
    ///   {"id":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[]}}]}"#).unwrap();
    /// assert_eq!(flow.entry_screens(), ["A"]);
    /// ```
    pub fn entry_screens(&self) -> Vec<&str> {
        let screens = self.screens.as_deref().unwrap_or(&[]);
        entry_nodes(screens.len(), &self.navigation_edges())
            .into_iter()
            .filter_map(|i| screens[i].id.as_deref())
            .collect()
    }
}

/// The nodes of a graph of `n` nodes that no edge leads to.
///
/// ```
/// assert_eq!(flow_model::graph::entry_nodes(3, &[(0, 1), (1, 2)]), [0]);
/// ```
pub fn entry_nodes(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut inbound = vec![false; n];
    for &(_, b) in edges {
        if let Some(x) = inbound.get_mut(b) {
            *x = true;
        }
    }
    (0..n).filter(|&i| !inbound[i]).collect()
}

/// A cycle as a list of nodes, if the graph of `n` nodes has one.
///
/// Depth-first search with an explicit stack: a chain of thousands of screens must not be able
/// to overflow the thread's stack.
///
/// ```
/// assert_eq!(flow_model::graph::find_cycle(3, &[(0, 1), (1, 2), (2, 1)]), Some(vec![1, 2]));
/// ```
pub fn find_cycle(n: usize, edges: &[(usize, usize)]) -> Option<Vec<usize>> {
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in edges {
        adj[a].push(b);
    }
    // 0 new, 1 on the current path, 2 done.
    let mut state = vec![0u8; n];
    // The current path: each node with the index of its next edge to follow.
    let mut path: Vec<(usize, usize)> = Vec::new();
    // Where each node on the current path sits in `path`, to cut the cycle out in O(length).
    let mut position = vec![0; n];
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        path.push((start, 0));
        while let Some((v, edge)) = path.last_mut() {
            let Some(&w) = adj[*v].get(*edge) else {
                state[*v] = 2;
                path.pop();
                continue;
            };
            *edge += 1;
            match state[w] {
                1 => return Some(path[position[w]..].iter().map(|&(v, _)| v).collect()),
                0 => {
                    state[w] = 1;
                    position[w] = path.len();
                    path.push((w, 0));
                }
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_cycle;

    #[test]
    fn finds_the_cycle_and_only_a_cycle() {
        assert_eq!(find_cycle(3, &[(0, 1), (1, 2)]), None);
        assert_eq!(
            find_cycle(4, &[(0, 1), (1, 2), (2, 3), (3, 1)]),
            Some(vec![1, 2, 3])
        );
        assert_eq!(find_cycle(2, &[(0, 0)]), Some(vec![0]));
        // A diamond is not a cycle: 3 is reached twice, but never while on the path.
        assert_eq!(find_cycle(4, &[(0, 1), (0, 2), (1, 3), (2, 3)]), None);
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let n = 1_000_000;
        let chain: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        assert_eq!(find_cycle(n, &chain), None);
        let mut back = chain.clone();
        back.push((n - 1, 0));
        assert_eq!(find_cycle(n, &back).map(|c| c.len()), Some(n));
    }
}
