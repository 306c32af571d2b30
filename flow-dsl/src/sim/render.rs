//! What a screen shows: its components after `If`/`Switch` branches and `visible` are applied,
//! with every dynamic property evaluated.

use serde::Serialize;
use serde_json::{Map, Value};

use flow_model::Binding;
use flow_model::eval;

/// Components that hold a user's answer under their `name`.
pub(crate) const INPUTS: &[&str] = &[
    "TextInput",
    "TextArea",
    "CheckboxGroup",
    "RadioButtonsGroup",
    "Dropdown",
    "ChipsSelector",
    "OptIn",
    "DatePicker",
    "CalendarPicker",
    "PhotoPicker",
    "DocumentPicker",
];

/// One component as the phone draws it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rendered {
    /// The component type (`TextInput`, `Footer`…).
    pub kind: String,
    /// The input's `name`, for inputs (and NavigationList).
    pub name: Option<String>,
    /// Where it sits in the screen's layout (`children[2].then[0]`).
    pub path: String,
    /// Its properties with bindings and expressions evaluated; actions (`on-*-action`) are
    /// kept as written, and resolved when triggered.
    pub props: Map<String, Value>,
}

impl Rendered {
    /// A property's evaluated value.
    pub fn prop(&self, key: &str) -> Option<&Value> {
        self.props.get(key)
    }

    /// A string property, e.g. `text` or `label`.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.props.get(key).and_then(Value::as_str)
    }

    /// Whether this component holds an answer.
    pub fn is_input(&self) -> bool {
        INPUTS.contains(&self.kind.as_str())
    }

    /// A boolean property with its default (`required` false, `enabled` true…).
    pub fn flag(&self, key: &str, default: bool) -> bool {
        self.props.get(key).map_or(default, eval::truthy)
    }

    /// The option ids of a list input (`data-source`) or NavigationList (`list-items`).
    pub fn option_ids(&self) -> Vec<String> {
        let list = self
            .props
            .get("data-source")
            .or_else(|| self.props.get("list-items"));
        list.and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.get("id").and_then(Value::as_str).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The option (`data-source` or `list-items` item) with `id`.
    pub fn option(&self, id: &str) -> Option<&Value> {
        self.props
            .get("data-source")
            .or_else(|| self.props.get("list-items"))?
            .as_array()?
            .iter()
            .find(|i| i.get("id").and_then(Value::as_str) == Some(id))
    }
}

/// Walks a screen's components: `If`/`Switch` pick their branch, `Form` is transparent,
/// invisible components are dropped.
pub(crate) fn render(
    children: &[Value],
    lookup: &impl Fn(&Binding) -> Option<Value>,
) -> Vec<Rendered> {
    let mut out = Vec::new();
    walk(children, "children", lookup, &mut out);
    out
}

fn walk(
    children: &[Value],
    at: &str,
    lookup: &impl Fn(&Binding) -> Option<Value>,
    out: &mut Vec<Rendered>,
) {
    for (i, c) in children.iter().enumerate() {
        let path = format!("{at}[{i}]");
        let Some(obj) = c.as_object() else { continue };
        let kind = obj.get("type").and_then(Value::as_str).unwrap_or("");
        match kind {
            "If" => {
                let cond = obj.get("condition").and_then(Value::as_str).unwrap_or("");
                let (branch, key) = if eval::condition(cond, lookup) {
                    (obj.get("then"), "then")
                } else {
                    (obj.get("else"), "else")
                };
                if let Some(b) = branch.and_then(Value::as_array) {
                    walk(b, &format!("{path}.{key}"), lookup, out);
                }
            }
            "Switch" => {
                let value = obj.get("value").and_then(Value::as_str).unwrap_or("");
                let key = eval::display(&eval::dynamic(value, lookup));
                if let Some(b) = obj
                    .get("cases")
                    .and_then(|c| c.get(&key))
                    .and_then(Value::as_array)
                {
                    walk(b, &format!("{path}.cases.{key}"), lookup, out);
                }
            }
            "Form" => {
                if let Some(b) = obj.get("children").and_then(Value::as_array) {
                    walk(b, &format!("{path}.children"), lookup, out);
                }
            }
            _ => {
                let mut props = Map::new();
                for (k, v) in obj {
                    if k == "type" {
                        continue;
                    }
                    let v = if k.ends_with("-action") {
                        v.clone()
                    } else {
                        eval::resolve(v, lookup)
                    };
                    props.insert(k.clone(), v);
                }
                if props.get("visible").is_some_and(|v| !eval::truthy(v)) {
                    continue;
                }
                out.push(Rendered {
                    kind: kind.to_owned(),
                    name: obj.get("name").and_then(Value::as_str).map(str::to_owned),
                    path,
                    props,
                });
            }
        }
    }
}

/// A component object as written in Flow JSON.
pub(crate) type Obj = Map<String, Value>;

/// Every input a screen declares, in every branch, with the Form it sits in (if any).
pub(crate) fn all_inputs<'a>(
    children: &'a [Value],
    form: Option<&'a Obj>,
    out: &mut Vec<(&'a Obj, Option<&'a Obj>)>,
) {
    for c in children {
        let Some(obj) = c.as_object() else { continue };
        let kind = obj.get("type").and_then(Value::as_str).unwrap_or("");
        match kind {
            "If" => {
                for key in ["then", "else"] {
                    if let Some(b) = obj.get(key).and_then(Value::as_array) {
                        all_inputs(b, form, out);
                    }
                }
            }
            "Switch" => {
                if let Some(cases) = obj.get("cases").and_then(Value::as_object) {
                    for b in cases.values().filter_map(Value::as_array) {
                        all_inputs(b, form, out);
                    }
                }
            }
            "Form" => {
                if let Some(b) = obj.get("children").and_then(Value::as_array) {
                    all_inputs(b, Some(obj), out);
                }
            }
            k if INPUTS.contains(&k) => out.push((obj, form)),
            _ => {}
        }
    }
}
