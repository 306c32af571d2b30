//! The reference workload of `shared/bench/README.md` (pywa_baseline.py): `n` screens of 20
//! components each, built as JSON text. 100 screens is the 1× document (~1.15 MB pretty).

use serde_json::{Value, json};

fn opts(prefix: &str) -> Value {
    Value::Array(
        (0..5)
            .map(|k| json!({"id": format!("{prefix}{k}"), "title": format!("Option {k}")}))
            .collect(),
    )
}

/// The synthetic flow with `n` screens.
pub fn flow(n: usize) -> Value {
    let mut screens = Vec::with_capacity(n);
    for i in 0..n {
        let last = i == n - 1;
        let mut children = vec![
            json!({"type": "TextHeading", "text": format!("Screen {i}")}),
            json!({"type": "TextBody", "text": "`${data.greeting} ', you are on step ' ${form.in_0}`", "visible": "${data.show_extra}"}),
        ];
        for j in 0..6 {
            children.push(json!({"type": "TextInput", "name": format!("in_{j}"), "label": format!("Field {j}"),
                "input-type": "text", "required": j % 2 == 0, "helper-text": "help"}));
        }
        children.push(
            json!({"type": "TextArea", "name": "notes", "label": "Notes", "max-length": 200}),
        );
        for j in 0..2 {
            children.push(json!({"type": "Dropdown", "name": format!("dd_{j}"), "label": "Pick", "data-source": opts("d")}));
        }
        children.push(json!({"type": "Dropdown", "name": "dyn", "label": "Dynamic", "data-source": "${data.items}"}));
        for j in 0..2 {
            children.push(json!({"type": "CheckboxGroup", "name": format!("cb_{j}"), "label": "Check", "data-source": opts("c")}));
        }
        for j in 0..2 {
            children.push(json!({"type": "RadioButtonsGroup", "name": format!("rb_{j}"), "label": "Radio", "data-source": opts("r")}));
        }
        children.push(json!({"type": "OptIn", "name": "opt_a", "label": "Agree A"}));
        children.push(json!({"type": "OptIn", "name": "opt_b", "label": "Agree B", "visible": "`${form.in_1} == 'yes'`"}));
        children.push(json!({"type": "DatePicker", "name": "when", "label": "Date", "min-date": "2024-01-01"}));
        let action = if last {
            json!({"name": "complete", "payload": {"a": "${form.in_0}"}})
        } else {
            json!({"name": "navigate", "next": {"type": "screen", "name": format!("SCREEN_{}", i + 1)},
                "payload": {"greeting": "${form.in_0}", "show_extra": true, "items": [{"id": "x", "title": "X"}]}})
        };
        children.push(json!({"type": "Footer", "label": if last { "Done" } else { "Next" }, "on-click-action": action}));
        let mut screen = json!({
            "id": format!("SCREEN_{i}"),
            "title": format!("Step {i}"),
            "data": {
                "greeting": {"type": "string", "__example__": "Hello"},
                "show_extra": {"type": "boolean", "__example__": true},
                "items": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"}}},
                          "__example__": [{"id": "a", "title": "A"}]}
            },
            "layout": {"type": "SingleColumnLayout", "children": children}
        });
        if last {
            screen["terminal"] = json!(true);
        }
        screens.push(screen);
    }
    json!({"version": "7.3", "data_api_version": "4.0", "screens": screens})
}
