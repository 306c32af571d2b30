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
