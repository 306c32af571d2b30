//! Screens (spec §B), layouts and screen data declarations (spec §E.3).

use indexmap::IndexMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::component::Component;
use crate::dynamic::Dyn;
use crate::json::FromJson;
use crate::model_macro::model_struct;
use crate::read::PropValue;
use crate::table::p;
use crate::types::{LayoutType, SchemaType};
use crate::version::{V3_1, V5_1};

model_struct! {
    @streamed
    /// A screen of the flow.
    Screen {
        /// Unique id: letters and underscores; `SUCCESS` is reserved.
        id: String = "id" => p().req(),
        /// Top bar title; may be dynamic.
        title: Dyn<String> = "title" => p(),
        /// Whether the flow can end here.
        terminal: bool = "terminal" => p(),
        /// Whether ending here counts as success (3.1+, terminal screens only).
        success: bool = "success" => p().since(V3_1),
        /// Send a BACK request to the endpoint when leaving this screen backwards.
        refresh_on_back: bool = "refresh_on_back" => p(),
        /// Field names masked in the completion summary (5.1+).
        sensitive: Vec<String> = "sensitive" => p().since(V5_1),
        /// Declared dynamic data.
        data: IndexMap<String, DataSchema> = "data" => p(),
        /// The layout.
        layout: Layout = "layout" => p().req(),
    }
}

impl Screen {
    /// The layout's top-level components (empty when there is no typed layout).
    pub fn children(&self) -> &[Component] {
        self.layout
            .as_ref()
            .and_then(|l| l.children.as_deref())
            .unwrap_or(&[])
    }

    /// Whether the screen is terminal.
    pub fn is_terminal(&self) -> bool {
        self.terminal == Some(true)
    }
}

model_struct! {
    @streamed
    /// A screen layout; `SingleColumnLayout` is the only type.
    Layout {
        /// `SingleColumnLayout`.
        kind: LayoutType = "type" => p().req(),
        /// The components, top to bottom.
        children: Vec<Component> = "children" => p().req(),
    }
}

model_struct! {
    /// A JSON-Schema-like declaration of one screen data field (spec §E.3).
    ///
    /// `__example__` is mandatory at the top level of a field and forbidden below it.
    DataSchema {
        /// `string`, `number`, `boolean`, `object` or `array`.
        kind: SchemaType = "type" => p().req(),
        /// For objects: the properties.
        properties: IndexMap<String, DataSchema> = "properties" => p(),
        /// For arrays: the item schema (an object or a boolean).
        items: SchemaItems = "items" => p(),
        /// An example value of the declared type.
        example: Value = "__example__" => p(),
    }
}

/// `items` of an array schema.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaItems {
    /// A schema for every item.
    Schema(Box<DataSchema>),
    /// `true`/`false`.
    Bool(bool),
}

impl Serialize for SchemaItems {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SchemaItems::Schema(d) => d.serialize(s),
            SchemaItems::Bool(b) => s.serialize_bool(*b),
        }
    }
}

impl FromJson for SchemaItems {
    fn from_json(v: Value) -> Result<Self, Value> {
        match v {
            Value::Bool(b) => Ok(SchemaItems::Bool(b)),
            Value::Object(_) => DataSchema::from_json(v).map(|d| SchemaItems::Schema(Box::new(d))),
            other => Err(other),
        }
    }
}

impl PropValue for SchemaItems {}

/// A schema object, or `true`/`false`.
impl crate::table::JsonShape for SchemaItems {
    const JSON: crate::table::JsonTypes =
        crate::table::JsonTypes::OBJECT.or(crate::table::JsonTypes::BOOLEAN);
}

/// One way a value does not fit a screen's data declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DataMismatch {
    /// A key the declaration does not have (`items[0].zzz`).
    Undeclared {
        /// Where, e.g. `items[0].zzz`.
        path: String,
    },
    /// A declared top-level field the data lacks (only with [`DataFit::Complete`]).
    Missing {
        /// The field.
        path: String,
    },
    /// A value of the wrong JSON type.
    WrongType {
        /// Where.
        path: String,
        /// The declared type (`string`, `number`, `integer`, `boolean`, `object`, `array`).
        expected: &'static str,
        /// The JSON type found (`null` included).
        found: &'static str,
    },
}

impl DataMismatch {
    /// Where the mismatch is.
    pub fn path(&self) -> &str {
        match self {
            DataMismatch::Undeclared { path }
            | DataMismatch::Missing { path }
            | DataMismatch::WrongType { path, .. } => path,
        }
    }
}

/// Whether every declared field must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFit {
    /// Every declared field must be given (opening a screen without an endpoint: a send, a
    /// navigate payload).
    Complete,
    /// Fields may be left out (an endpoint's screen response may update part of the data).
    Partial,
}

impl DataSchema {
    /// The declaration of a bare type: `{"type": "string"}`.
    ///
    /// ```
    /// use flow_model::{DataSchema, SchemaType};
    ///
    /// let d = DataSchema::of(SchemaType::String);
    /// assert_eq!(flow_model::to_value(&d), serde_json::json!({"type": "string"}));
    /// ```
    pub fn of(kind: SchemaType) -> Self {
        Self {
            kind: Some(kind),
            ..Self::default()
        }
    }

    /// An array whose items are inferred from the example's first element, or are
    /// `default_items` when the example is empty (or not an array).
    ///
    /// ```
    /// use flow_model::{DataSchema, SchemaType};
    /// use serde_json::json;
    ///
    /// let d = DataSchema::array_of(&json!([]), DataSchema::of(SchemaType::String));
    /// assert_eq!(flow_model::to_value(&d), json!({"type": "array", "items": {"type": "string"}}));
    /// ```
    pub fn array_of(example: &Value, default_items: DataSchema) -> Self {
        let items = match example.as_array().and_then(|a| a.first()) {
            Some(first) => Self::infer(first),
            None => default_items,
        };
        let mut d = Self::of(SchemaType::Array);
        d.items = Some(SchemaItems::Schema(Box::new(items)));
        d
    }

    /// A list of choices for a `data-source` (`Vec<Choice>` in Rust): items with `id` and
    /// `title` strings, unless a non-empty example says more (description, image…).
    ///
    /// ```
    /// use flow_model::DataSchema;
    /// use serde_json::json;
    ///
    /// let d = DataSchema::choice_list(&json!([]));
    /// assert_eq!(
    ///     flow_model::to_value(&d)["items"]["properties"]["title"],
    ///     json!({"type": "string"})
    /// );
    /// ```
    pub fn choice_list(example: &Value) -> Self {
        let mut item = Self::of(SchemaType::Object);
        item.properties = Some(
            [
                ("id".to_owned(), Self::of(SchemaType::String)),
                ("title".to_owned(), Self::of(SchemaType::String)),
            ]
            .into_iter()
            .collect(),
        );
        Self::array_of(example, item)
    }

    /// The declaration a JSON example implies: strings, numbers, booleans, arrays (items from
    /// the first element, strings when empty) and objects (one property per key). `null` has
    /// no Flow JSON type; it is declared a string.
    ///
    /// ```
    /// use flow_model::DataSchema;
    /// use serde_json::json;
    ///
    /// let d = DataSchema::infer(&json!({"n": 1}));
    /// assert_eq!(
    ///     flow_model::to_value(&d),
    ///     json!({"type": "object", "properties": {"n": {"type": "number"}}})
    /// );
    /// ```
    pub fn infer(example: &Value) -> Self {
        match example {
            Value::String(_) | Value::Null => Self::of(SchemaType::String),
            Value::Number(_) => Self::of(SchemaType::Number),
            Value::Bool(_) => Self::of(SchemaType::Boolean),
            Value::Array(_) => Self::array_of(example, Self::of(SchemaType::String)),
            Value::Object(m) => {
                let mut d = Self::of(SchemaType::Object);
                d.properties = Some(m.iter().map(|(k, v)| (k.clone(), Self::infer(v))).collect());
                d
            }
        }
    }

    /// Every way `value` (at `path`) does not fit this declaration, appended to `out`. A
    /// declaration without a type, or with one Meta does not document, accepts anything;
    /// `integer` takes whole numbers; objects with `properties` reject undeclared keys.
    pub fn mismatches(&self, path: &str, value: &Value, out: &mut Vec<DataMismatch>) {
        let Some(kind) = &self.kind else { return };
        let ok = match (kind, value) {
            (SchemaType::String, Value::String(_))
            | (SchemaType::Number, Value::Number(_))
            | (SchemaType::Boolean, Value::Bool(_))
            | (SchemaType::Object, Value::Object(_))
            | (SchemaType::Array, Value::Array(_))
            | (SchemaType::Unknown(_), _) => true,
            (SchemaType::Integer, Value::Number(n)) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        };
        if !ok {
            out.push(DataMismatch::WrongType {
                path: path.to_owned(),
                expected: match kind {
                    SchemaType::String => "string",
                    SchemaType::Number => "number",
                    SchemaType::Integer => "integer",
                    SchemaType::Boolean => "boolean",
                    SchemaType::Object => "object",
                    SchemaType::Array | SchemaType::Unknown(_) => "array",
                },
                found: crate::table::JsonTypes::name_of(value),
            });
            return;
        }
        match value {
            Value::Object(map) => {
                let Some(props) = &self.properties else {
                    return;
                };
                for (k, v) in map {
                    let sub = format!("{path}.{k}");
                    match props.get(k) {
                        Some(s) => s.mismatches(&sub, v, out),
                        None => out.push(DataMismatch::Undeclared { path: sub }),
                    }
                }
            }
            Value::Array(items) => {
                if let Some(SchemaItems::Schema(item)) = &self.items {
                    for (i, v) in items.iter().enumerate() {
                        item.mismatches(&format!("{path}[{i}]"), v, out);
                    }
                }
            }
            _ => {}
        }
    }
}

impl Screen {
    /// Every way `data` does not fit this screen's `data` declaration (no declaration: no
    /// field may be given). The one "does a value fit a screen's data" check: sends, endpoint
    /// responses and the sandbox use it.
    ///
    /// ```
    /// use flow_model::{DataFit, DataMismatch, FlowJson};
    /// let flow = FlowJson::from_str(r#"{"version":"7.3","screens":[{"id":"A",
    ///   "data":{"n":{"type":"number","__example__":1}}}]}"#).unwrap();
    /// let a = flow.screen("A").unwrap();
    /// let data = serde_json::json!({"n": "1", "x": true});
    /// assert_eq!(a.data_mismatches(data.as_object().unwrap(), DataFit::Partial), [
    ///     DataMismatch::WrongType { path: "n".into(), expected: "number", found: "string" },
    ///     DataMismatch::Undeclared { path: "x".into() },
    /// ]);
    /// ```
    pub fn data_mismatches(
        &self,
        data: &serde_json::Map<String, Value>,
        fit: DataFit,
    ) -> Vec<DataMismatch> {
        let mut out = Vec::new();
        let decl = self.data.as_ref();
        for (key, value) in data {
            match decl.and_then(|d| d.get(key)) {
                Some(schema) => schema.mismatches(key, value, &mut out),
                None => out.push(DataMismatch::Undeclared { path: key.clone() }),
            }
        }
        if fit == DataFit::Complete {
            for key in decl.into_iter().flat_map(IndexMap::keys) {
                if !data.contains_key(key) {
                    out.push(DataMismatch::Missing { path: key.clone() });
                }
            }
        }
        out
    }
}
