//! Worst-case documents for the validator and the CLI, each scaled by `n`: what a hostile or
//! badly generated flow does to a validator that is quadratic somewhere (issue 22). Each is
//! written as JSON text, since some (keys written twice) cannot be a `serde_json::Value`.
//!
//! Shared by the flow-model and flow-dsl benches through `#[path]`.

#![allow(dead_code)]

/// `n` screens, each navigating to a misspelt screen id: one "did you mean" per screen,
/// over every screen id.
pub fn bad_targets(n: usize) -> String {
    let screens: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": "SCREEN_{i}", "terminal": true, "layout": {{"type": "SingleColumnLayout",
  "children": [{{"type": "Footer", "label": "Next", "on-click-action": {{"name": "navigate",
  "next": {{"type": "screen", "name": "SCREEN_{i}X"}}, "payload": {{}}}}}}]}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"version": "7.3", "screens": [{}]}}"#,
        screens.join(",\n")
    )
}

/// One screen whose data model writes `n` keys twice.
pub fn duplicate_keys(n: usize) -> String {
    let keys: Vec<String> = (0..n)
        .map(|i| format!(r#""k{i}": {{"type": "string", "__example__": "a"}}, "k{i}": {{"type": "string", "__example__": "b"}}"#))
        .collect();
    format!(
        r#"{{"version": "7.3", "screens": [{{"id": "A", "terminal": true, "data": {{{}}},
  "layout": {{"type": "SingleColumnLayout", "children": [{{"type": "Footer", "label": "Done",
  "on-click-action": {{"name": "complete", "payload": {{}}}}}}]}}}}]}}"#,
        keys.join(",\n")
    )
}

/// `n` components, each with an unknown property (a "did you mean" over the component's
/// properties each).
pub fn unknown_keys(n: usize) -> String {
    let children: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"type": "TextBody", "text": "t", "txet_{i}": "x"}}"#))
        .collect();
    format!(
        r#"{{"version": "7.3", "screens": [{{"id": "A", "terminal": true, "layout":
  {{"type": "SingleColumnLayout", "children": [{},
  {{"type": "Footer", "label": "Done", "on-click-action": {{"name": "complete", "payload": {{}}}}}}]}}}}]}}"#,
        children.join(",\n")
    )
}

/// `n` unknown top-level keys, each 200 characters long with escaped newlines and control
/// characters in them (echoed by every report).
pub fn long_keys_with_newlines(n: usize) -> String {
    let keys: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#""key_{i}\n\u001b[2J\u0007{}": {i}"#,
                "line\\nbreak\\r".repeat(15)
            )
        })
        .collect();
    format!(
        r#"{{"version": "7.3", {}, "screens": [{{"id": "A", "terminal": true, "layout":
  {{"type": "SingleColumnLayout", "children": [{{"type": "Footer", "label": "Done",
  "on-click-action": {{"name": "complete", "payload": {{}}}}}}]}}}}]}}"#,
        keys.join(",\n")
    )
}

/// A flow with a routing model whose one screen id is `n` `${data.x}` bindings long (about
/// 10 bytes each).
pub fn long_binding_id(n: usize) -> String {
    let id = "${data.x}".repeat(n);
    format!(
        r#"{{"version": "7.3", "data_api_version": "3.0", "routing_model": {{"{id}": ["B"], "B": []}},
  "screens": [{{"id": "{id}", "layout": {{"type": "SingleColumnLayout", "children": [
  {{"type": "Footer", "label": "Go", "on-click-action": {{"name": "navigate",
  "next": {{"type": "screen", "name": "B"}}, "payload": {{}}}}}}]}}}},
  {{"id": "B", "terminal": true, "layout": {{"type": "SingleColumnLayout", "children": [
  {{"type": "Footer", "label": "Done", "on-click-action": {{"name": "complete", "payload": {{}}}}}}]}}}}]}}"#
    )
}

/// Every worst case, by name, at scale `k` (1, 3, 9, …): about 100 KB each at `k = 1`.
pub fn all(k: usize) -> Vec<(String, String)> {
    vec![
        (format!("bad_targets_{k}x"), bad_targets(500 * k)),
        (format!("duplicate_keys_{k}x"), duplicate_keys(800 * k)),
        (format!("unknown_keys_{k}x"), unknown_keys(2000 * k)),
        (
            format!("long_keys_newlines_{k}x"),
            long_keys_with_newlines(400 * k),
        ),
        (format!("long_binding_id_{k}x"), long_binding_id(10_000 * k)),
    ]
}
