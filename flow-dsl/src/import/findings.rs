//! The validator's findings on the imported document, each placed at the element it concerns,
//! so a generator prints it as a comment right there (`// error INVALID_…: …`).
//!
//! Findings come from flow-model's validator with the options `flow-dsl validate` uses by
//! default; nothing here knows a rule. A finding's path (`screens[1].layout.children[3].label`)
//! goes to the deepest *node* (the flow, a screen, a component: the places a generator writes)
//! that contains it.

use std::collections::BTreeMap;

use flow_model::FlowJson;
use flow_model::validate::{Finding, Severity, ValidateOptions, validate_parsed_with};
use serde_json::Value;

/// Findings grouped by the node path they belong to.
#[derive(Debug, Default)]
pub(crate) struct Placed {
    /// Every finding, in the validator's order.
    pub all: Vec<Finding>,
    by_node: BTreeMap<String, Vec<usize>>,
}

/// Runs the validator on `flow` (parsed from `text`) and places each finding at its node.
pub(crate) fn place(flow: &FlowJson, text: &str, json: &Value) -> Placed {
    let findings = validate_parsed_with(flow, text, &ValidateOptions::default()).findings;
    Placed::new(findings, &nodes(json))
}

impl Placed {
    /// Places `findings` at the deepest of `nodes` containing each one's path (`""`, the flow,
    /// contains every path).
    pub(crate) fn new(findings: Vec<Finding>, nodes: &[String]) -> Self {
        let mut by_node: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (k, f) in findings.iter().enumerate() {
            let node = nodes
                .iter()
                .filter(|n| within(&f.path, n))
                .max_by_key(|n| n.len())
                .cloned()
                .unwrap_or_default();
            by_node.entry(node).or_default().push(k);
        }
        Placed {
            all: findings,
            by_node,
        }
    }

    /// The findings placed at `node`.
    pub(crate) fn at(&self, node: &str) -> Vec<&Finding> {
        self.by_node
            .get(node)
            .map(|ks| ks.iter().map(|&k| &self.all[k]).collect())
            .unwrap_or_default()
    }

    /// Whether any finding is an error.
    pub(crate) fn has_errors(&self) -> bool {
        self.all.iter().any(|f| f.severity == Severity::Error)
    }
}

/// A finding as a one-line comment text (without `//`): `error CODE at path: message`.
pub(crate) fn comment(f: &Finding) -> String {
    let sev = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let more = if f.more_like_this > 0 {
        format!(" (and {} more like this)", f.more_like_this)
    } else {
        String::new()
    };
    let msg = f.message.replace(['\n', '\r'], " ");
    format!("{sev} {} at {}: {msg}{more}", f.code, display_path(&f.path))
}

fn display_path(p: &str) -> &str {
    if p.is_empty() { "the flow" } else { p }
}

/// Whether `path` is `base` or under it, on a segment boundary.
pub(crate) fn within(path: &str, base: &str) -> bool {
    base.is_empty()
        || (path.starts_with(base)
            && (path.len() == base.len() || matches!(path.as_bytes()[base.len()], b'.' | b'[')))
}

/// The node paths of a Flow JSON document: `""`, each screen, each component at any depth
/// (`children`, `then`, `else`, `cases.KEY`), in document order.
pub(crate) fn nodes(json: &Value) -> Vec<String> {
    let mut out = vec![String::new()];
    if let Some(screens) = json.get("screens").and_then(Value::as_array) {
        for (i, s) in screens.iter().enumerate() {
            let sp = format!("screens[{i}]");
            out.push(sp.clone());
            if let Some(c) = s.pointer("/layout/children") {
                components(c, &format!("{sp}.layout.children"), &mut out);
            }
        }
    }
    out
}

fn components(list: &Value, path: &str, out: &mut Vec<String>) {
    let Some(items) = list.as_array() else { return };
    for (k, c) in items.iter().enumerate() {
        let cp = format!("{path}[{k}]");
        out.push(cp.clone());
        for key in ["children", "then", "else"] {
            if let Some(v) = c.get(key) {
                components(v, &format!("{cp}.{key}"), out);
            }
        }
        if let Some(Value::Object(cases)) = c.get("cases") {
            for (key, v) in cases {
                components(v, &format!("{cp}.cases.{key}"), out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn findings_land_on_the_deepest_node() {
        let text = r#"{"version": "7.3", "screens": [{"id": "A", "terminal": true,
          "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "If", "condition": "${data.x}", "then": [
              {"type": "TextInput", "label": "L"}]},
            {"type": "Footer", "label": "Done",
             "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "NOPE"}}}
          ]}}]}"#;
        let flow = FlowJson::from_str(text).unwrap();
        let json: Value = serde_json::from_str(text).unwrap();
        let placed = place(&flow, text, &json);
        assert!(placed.has_errors());
        let footer = placed.at("screens[0].layout.children[1]");
        assert!(
            footer
                .iter()
                .any(|f| f.code == "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME"),
            "{footer:?}"
        );
        let input = placed.at("screens[0].layout.children[0].then[0]");
        assert!(!input.is_empty(), "{:?}", placed.all);
        for f in &placed.all {
            assert!(comment(f).contains(f.code));
        }
    }

    #[test]
    fn nodes_cover_every_nesting() {
        let doc = json!({"screens": [{"layout": {"children": [
            {"type": "Form", "children": [{"type": "TextInput"}]},
            {"type": "Switch", "cases": {"a": [{"type": "TextBody"}]}},
            {"type": "If", "then": [], "else": [{"type": "TextBody"}]}
        ]}}]});
        assert_eq!(
            nodes(&doc),
            [
                "",
                "screens[0]",
                "screens[0].layout.children[0]",
                "screens[0].layout.children[0].children[0]",
                "screens[0].layout.children[1]",
                "screens[0].layout.children[1].cases.a[0]",
                "screens[0].layout.children[2]",
                "screens[0].layout.children[2].else[0]",
            ]
        );
        assert!(within("screens[1].x", "screens[1]"));
        assert!(!within("screens[10]", "screens[1]"));
    }
}
