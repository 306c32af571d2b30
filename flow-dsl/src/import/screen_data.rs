//! A screen's `data` declarations as Rust types.
//!
//! `flow!` (`data={ name: String = "Ana" }`) and the builders declare a data field by a Rust
//! type and an example; flow-model turns the pair into the JSON schema
//! ([`DataSchema::of`], [`DataSchema::array_of`], [`DataSchema::choice_list`],
//! [`DataSchema::infer`]). An imported field gets the type whose schema, with its
//! `__example__`, is exactly the one in the file, so the round trip is exact; a field no type
//! reproduces (a `description`, an `items` that disagrees with the example, a missing
//! `__example__`) has no type and the generators write the screen's `data` as raw JSON.

use flow_model::{DataSchema, SchemaType};
use serde_json::{Map, Value};

/// The Rust type of a data field, as `flow!` writes it and the builders' `DataType` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataType {
    /// `String`: `{"type": "string"}`.
    Str,
    /// `i64`: `{"type": "number"}` with a whole example.
    Int,
    /// `f64`: `{"type": "number"}` with a fractional example.
    Float,
    /// `bool`: `{"type": "boolean"}`.
    Bool,
    /// `Vec<String>`: an array of strings.
    StrList,
    /// `Vec<Choice>`: a `data-source` list (`id`, `title`…).
    Choices,
    /// `Vec<Value>`: an array of objects (media, rows).
    Media,
    /// `Value`: any JSON, the schema inferred from the example.
    Json,
}

impl DataType {
    /// The type as written in `flow!`'s `data={ key: Type = example }`.
    pub(crate) fn rust(self) -> &'static str {
        match self {
            DataType::Str => "String",
            DataType::Int => "i64",
            DataType::Float => "f64",
            DataType::Bool => "bool",
            DataType::StrList => "Vec<String>",
            DataType::Choices => "Vec<Choice>",
            DataType::Media => "Vec<Value>",
            DataType::Json => "Value",
        }
    }

    /// flow-model's schema for this type and example (without `__example__`): what `flow!`
    /// and the builders write.
    pub(crate) fn schema(self, example: &Value) -> DataSchema {
        match self {
            DataType::Str => DataSchema::of(SchemaType::String),
            DataType::Int | DataType::Float => DataSchema::of(SchemaType::Number),
            DataType::Bool => DataSchema::of(SchemaType::Boolean),
            DataType::StrList => DataSchema::array_of(example, DataSchema::of(SchemaType::String)),
            DataType::Media => DataSchema::array_of(example, DataSchema::of(SchemaType::Object)),
            DataType::Choices => DataSchema::choice_list(example),
            DataType::Json => DataSchema::infer(example),
        }
    }

    /// The types worth trying for an example, most specific first.
    fn candidates(example: &Value) -> &'static [DataType] {
        match example {
            Value::String(_) => &[DataType::Str, DataType::Json],
            Value::Number(n) if n.is_f64() => &[DataType::Float, DataType::Json],
            Value::Number(_) => &[DataType::Int, DataType::Json],
            Value::Bool(_) => &[DataType::Bool, DataType::Json],
            Value::Array(a) if a.iter().all(Value::is_string) => &[
                DataType::StrList,
                DataType::Choices,
                DataType::Media,
                DataType::Json,
            ],
            Value::Array(a) if a.iter().all(Value::is_object) => {
                &[DataType::Choices, DataType::Media, DataType::Json]
            }
            _ => &[DataType::Json],
        }
    }
}

/// One entry of a screen's `data`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DataField {
    /// The Flow JSON key.
    pub key: String,
    /// The Rust type that reproduces the declaration exactly; `None`: no type does.
    pub ty: Option<DataType>,
    /// The `__example__` (`Value::Null` when missing).
    pub example: Value,
    /// The declaration as written.
    pub schema: Value,
}

/// The type whose schema with `example` is exactly `declared`.
fn fitting_type(declared: &Value, example: &Value) -> Option<DataType> {
    let Value::Object(decl) = declared else {
        return None;
    };
    if !decl.contains_key("__example__") {
        return None;
    }
    DataType::candidates(example).iter().copied().find(|ty| {
        let mut schema = ty.schema(example);
        schema.example = Some(example.clone());
        flow_model::to_value(&schema) == *declared
    })
}

/// The fields of a screen's `data` object, in order, each with the type that reproduces it.
pub(crate) fn fields(data: &Map<String, Value>) -> Vec<DataField> {
    data.iter()
        .map(|(key, schema)| {
            let example = schema.get("__example__").cloned().unwrap_or(Value::Null);
            DataField {
                key: key.clone(),
                ty: fitting_type(schema, &example),
                example,
                schema: schema.clone(),
            }
        })
        .collect()
}

/// Whether every field has a type (the screen's `data` can be written as declarations).
pub(crate) fn all_typed(fields: &[DataField]) -> bool {
    fields.iter().all(|f| f.ty.is_some())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn types_of(data: Value) -> Vec<Option<DataType>> {
        fields(data.as_object().unwrap())
            .into_iter()
            .map(|f| f.ty)
            .collect()
    }

    #[test]
    fn infers_the_type_that_reproduces_the_schema() {
        let data = json!({
            "name": {"type": "string", "__example__": "Ana"},
            "age": {"type": "number", "__example__": 30},
            "price": {"type": "number", "__example__": 9.5},
            "ok": {"type": "boolean", "__example__": false},
            "tags": {"type": "array", "items": {"type": "string"}, "__example__": ["a"]},
            "none": {"type": "array", "items": {"type": "string"}, "__example__": []},
            "choices": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "title": {"type": "string"}}},
                "__example__": [{"id": "a", "title": "A"}]},
            "no_choices": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "title": {"type": "string"}}}, "__example__": []},
            "user": {"type": "object", "properties": {"n": {"type": "number"}},
                "__example__": {"n": 1}},
        });
        assert_eq!(
            types_of(data),
            vec![
                Some(DataType::Str),
                Some(DataType::Int),
                Some(DataType::Float),
                Some(DataType::Bool),
                Some(DataType::StrList),
                Some(DataType::StrList),
                Some(DataType::Choices),
                Some(DataType::Choices),
                Some(DataType::Json),
            ]
        );
    }

    #[test]
    fn what_no_type_reproduces_has_none() {
        let data = json!({
            "described": {"type": "string", "description": "x", "__example__": "a"},
            "no_example": {"type": "string"},
            "mismatch": {"type": "string", "__example__": 3},
            "media": {"type": "array", "items": {"type": "object"}, "__example__": []},
        });
        let got = types_of(data);
        assert_eq!(got[..3], [None, None, None]);
        assert_eq!(got[3], Some(DataType::Media));
        let f = fields(json!({"a": {"type": "string"}}).as_object().unwrap());
        assert!(!all_typed(&f));
        assert_eq!(f[0].example, Value::Null);
    }

    #[test]
    fn type_names_are_what_flow_accepts() {
        assert_eq!(DataType::Choices.rust(), "Vec<Choice>");
        assert_eq!(DataType::Json.rust(), "Value");
    }
}
