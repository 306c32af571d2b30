//! Streaming, lossless reading of model objects.
//!
//! Objects are read key by key straight from the parser; only leaf values go through
//! `serde_json::Value` (then [`FromJson`]), so a typed parse costs about what a `Value` parse
//! costs. Lists of components and screens are streamed element by element.

use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::dynamic::DynExpr;
use crate::json::FromJson;

/// A field type that can be read from any deserializer without failing on well-formed JSON:
/// `Ok(Ok(v))` typed, `Ok(Err(raw))` when the value has another shape.
pub trait ReadField: Sized {
    /// Reads the value.
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Result<Self, Value>, D::Error>;
}

impl<T: FromJson> ReadField for T {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Result<Self, Value>, D::Error> {
        read_value(d).map(T::from_json)
    }
}

thread_local! {
    /// Whether the parse under way met an object that writes a key twice. The typed model
    /// keeps one value per key, so this is how a parse tells the validator that the text is
    /// worth scanning for duplicate keys: the common case (none) costs no second pass.
    static DUPLICATE_SEEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Notes that an object of the current parse writes a key twice.
pub(crate) fn note_duplicate() {
    DUPLICATE_SEEN.with(|d| d.set(true));
}

/// Whether a key was written twice since the last call (and resets the flag).
pub(crate) fn take_duplicate_seen() -> bool {
    DUPLICATE_SEEN.with(|d| d.replace(false))
}

/// A JSON value, read exactly as serde_json reads `Value` (the last of two equal keys wins, in
/// the first one's place), noting keys written twice ([`note_duplicate`]).
pub(crate) struct Json(pub(crate) Value);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
        Ok(Json(Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
        Ok(Json(Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
        Ok(Json(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        Ok(Json(
            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
        Ok(Json(Value::String(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
        Ok(Json(Value::String(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json(Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        Json::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Json(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Json(Value::Array(out)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Json(v) = map.next_value()?;
            if out.insert(key, v).is_some() {
                note_duplicate();
            }
        }
        Ok(Json(Value::Object(out)))
    }
}

/// A [`Json`] value from any deserializer.
pub(crate) fn read_value<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    Json::deserialize(d).map(|j| j.0)
}

/// An object made of properties, read one key at a time.
pub trait ObjectFields {
    /// Reads the property `key` from `d`.
    fn read_field<'de, D: Deserializer<'de>>(&mut self, key: String, d: D) -> Result<(), D::Error>;
}

/// Feeds one map value to [`ObjectFields::read_field`].
pub(crate) struct FieldSeed<'a, T> {
    pub(crate) target: &'a mut T,
    pub(crate) key: String,
}

impl<'de, T: ObjectFields> DeserializeSeed<'de> for FieldSeed<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.target.read_field(self.key, d)
    }
}

/// Reads an already parsed value into an object.
pub(crate) fn read_owned<T: ObjectFields>(target: &mut T, key: String, v: Value) {
    // Every ReadField implementation accepts any well-formed JSON, and a `Value` is always
    // well-formed, so reading from one cannot fail.
    target
        .read_field(key, v)
        .expect("reading a model field from a serde_json::Value is infallible");
}

/// Implements the `Visitor` methods that turn any non-expected JSON shape into `Err(Value)`.
macro_rules! fallback_to_value {
    () => {
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Err(serde_json::Value::Bool(v)))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Err(serde_json::Value::from(v)))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Err(serde_json::Value::from(v)))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Err(serde_json::Number::from_f64(v).map_or(
                serde_json::Value::Null,
                serde_json::Value::Number,
            )))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Err(serde_json::Value::String(v.to_owned())))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Err(serde_json::Value::String(v)))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Err(serde_json::Value::Null))
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Err(serde_json::Value::Null))
        }
    };
}
#[allow(unused_imports)]
pub(crate) use fallback_to_value;

/// Reads the rest of a map access as a JSON object value.
pub(crate) fn rest_of_map<'de, A: MapAccess<'de>>(map: A) -> Result<Value, A::Error> {
    read_value(de::value::MapAccessDeserializer::new(map))
}

/// Reads the rest of a seq access as a JSON array value.
pub(crate) fn rest_of_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Value, A::Error> {
    read_value(de::value::SeqAccessDeserializer::new(seq))
}

/// A streamed list: each element is read with `T`'s lenient `Deserialize`; anything but an
/// array is handed back as a raw value.
pub(crate) fn read_list<'de, D, T>(d: D) -> Result<Result<Vec<T>, Value>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct ListVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Result<Vec<T>, Value>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(item) = seq.next_element::<T>()? {
                out.push(item);
            }
            Ok(Ok(out))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            rest_of_map(map).map(Err)
        }
        fallback_to_value!();
    }
    d.deserialize_any(ListVisitor(std::marker::PhantomData))
}

/// A streamed map of lists (Switch `cases`).
#[allow(clippy::type_complexity)]
pub(crate) fn read_map_of_lists<'de, D, T>(
    d: D,
) -> Result<Result<IndexMap<String, Vec<T>>, Value>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Serialize,
{
    struct MapVisitor<T>(std::marker::PhantomData<T>);
    struct ListSeed<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ListSeed<T> {
        type Value = Result<Vec<T>, Value>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            read_list(d)
        }
    }
    impl<'de, T: Deserialize<'de> + Serialize> Visitor<'de> for MapVisitor<T> {
        type Value = Result<IndexMap<String, Vec<T>>, Value>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            // Every case first, each key once with its last value (as serde_json's Value keeps
            // it), then typed only if every case is a list.
            let mut cases: IndexMap<String, Result<Vec<T>, Value>> = IndexMap::new();
            while let Some(key) = map.next_key::<String>()? {
                let item = map.next_value_seed(ListSeed::<T>(std::marker::PhantomData))?;
                if cases.insert(key, item).is_some() {
                    note_duplicate();
                }
            }
            if cases.values().all(Result::is_ok) {
                return Ok(Ok(cases
                    .into_iter()
                    .filter_map(|(k, l)| l.ok().map(|l| (k, l)))
                    .collect()));
            }
            // One case is not a list: keep the whole object raw, in order.
            Ok(Err(Value::Object(
                cases
                    .into_iter()
                    .map(|(k, l)| (k, l.map_or_else(|bad| bad, crate::json::to_value)))
                    .collect(),
            )))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            rest_of_seq(seq).map(Err)
        }
        fallback_to_value!();
    }
    d.deserialize_any(MapVisitor(std::marker::PhantomData))
}

/// What the validator needs to know about any property value, whatever its type.
///
/// Visitor-style so that checking a property allocates nothing.
pub trait PropValue {
    /// Calls `f` with each literal string in the value (checked for length and blankness).
    fn visit_texts(&self, f: &mut dyn FnMut(&str)) {
        let _ = f;
    }
    /// Calls `f` with each dynamic expression in the value.
    fn visit_exprs<'a>(&'a self, f: &mut dyn FnMut(&'a DynExpr)) {
        let _ = f;
    }
    /// Literal strings in the value, collected (owned copies; for tests and tools).
    fn texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.visit_texts(&mut |t| out.push(t.to_owned()));
        out
    }
    /// Dynamic expressions in the value, collected.
    fn exprs(&self) -> Vec<&DynExpr> {
        let mut out = Vec::new();
        self.visit_exprs(&mut |e| out.push(e));
        out
    }
    /// Enum values Meta does not document (`Unknown(_)` variants) in the value.
    fn unknown_enums(&self) -> Vec<&str> {
        Vec::new()
    }
    /// For a property bound to data, the JSON types the bound value may have (the table's
    /// [`PropSpec::json`](crate::table::PropSpec::json)); `None` when anything fits.
    fn binding_kind(&self) -> Option<crate::table::JsonTypes> {
        None
    }
}

mod shapes {
    use super::*;
    use crate::table::{JsonShape, JsonTypes};

    macro_rules! shape {
        ($($t:ty => $j:ident),* $(,)?) => { $( impl JsonShape for $t { const JSON: JsonTypes = JsonTypes::$j; } )* };
    }
    shape!(
        String => STRING,
        bool => BOOLEAN,
        i64 => NUMBER,
        serde_json::Number => NUMBER,
        Value => ANY,
        serde_json::Map<String, Value> => OBJECT,
    );
    /// Only an expression: a string that is a `${…}` binding or a backtick expression.
    impl JsonShape for DynExpr {
        const JSON: JsonTypes = JsonTypes::STRING;
        const DYNAMIC: bool = true;
    }
    impl<T> JsonShape for Vec<T> {
        const JSON: JsonTypes = JsonTypes::ARRAY;
    }
    impl<T> JsonShape for IndexMap<String, T> {
        const JSON: JsonTypes = JsonTypes::OBJECT;
    }
    impl<T: JsonShape> JsonShape for Box<T> {
        const JSON: JsonTypes = T::JSON;
        const DYNAMIC: bool = T::DYNAMIC;
    }
    /// A literal of `T`, or a string holding an expression.
    impl<T: JsonShape> JsonShape for crate::dynamic::Dyn<T> {
        const JSON: JsonTypes = T::JSON.or(JsonTypes::STRING);
        const DYNAMIC: bool = true;
    }
}

impl PropValue for String {
    fn visit_texts(&self, f: &mut dyn FnMut(&str)) {
        f(self)
    }
}
impl PropValue for bool {}
impl PropValue for i64 {}
impl PropValue for serde_json::Number {}
impl PropValue for Value {}
impl PropValue for serde_json::Map<String, Value> {}
impl PropValue for DynExpr {
    fn visit_exprs<'a>(&'a self, f: &mut dyn FnMut(&'a DynExpr)) {
        f(self)
    }
}
impl<T: PropValue> PropValue for Box<T> {
    fn visit_texts(&self, f: &mut dyn FnMut(&str)) {
        (**self).visit_texts(f)
    }
    fn visit_exprs<'a>(&'a self, f: &mut dyn FnMut(&'a DynExpr)) {
        (**self).visit_exprs(f)
    }
    fn unknown_enums(&self) -> Vec<&str> {
        (**self).unknown_enums()
    }
    fn binding_kind(&self) -> Option<crate::table::JsonTypes> {
        (**self).binding_kind()
    }
}
impl<T: PropValue> PropValue for Vec<T> {
    fn visit_texts(&self, f: &mut dyn FnMut(&str)) {
        for t in self {
            t.visit_texts(f);
        }
    }
    fn unknown_enums(&self) -> Vec<&str> {
        self.iter().flat_map(PropValue::unknown_enums).collect()
    }
    fn visit_exprs<'a>(&'a self, f: &mut dyn FnMut(&'a DynExpr)) {
        for t in self {
            t.visit_exprs(f);
        }
    }
}
impl<T: PropValue> PropValue for IndexMap<String, T> {
    fn visit_exprs<'a>(&'a self, f: &mut dyn FnMut(&'a DynExpr)) {
        for t in self.values() {
            t.visit_exprs(f);
        }
    }
}
impl<T: PropValue + crate::table::JsonShape> PropValue for crate::dynamic::Dyn<T> {
    fn unknown_enums(&self) -> Vec<&str> {
        match self {
            crate::dynamic::Dyn::Lit(t) => t.unknown_enums(),
            crate::dynamic::Dyn::Expr(_) => Vec::new(),
        }
    }
    fn binding_kind(&self) -> Option<crate::table::JsonTypes> {
        (T::JSON != crate::table::JsonTypes::ANY).then_some(T::JSON)
    }
    fn visit_texts(&self, f: &mut dyn FnMut(&str)) {
        if let crate::dynamic::Dyn::Lit(t) = self {
            t.visit_texts(f)
        }
    }
    fn visit_exprs<'a>(&'a self, f: &mut dyn FnMut(&'a DynExpr)) {
        match self {
            crate::dynamic::Dyn::Lit(t) => t.visit_exprs(f),
            crate::dynamic::Dyn::Expr(e) => f(e),
        }
    }
}

/// A model object streamed from the parser (screens, layouts): `Ok` for an object, the raw value
/// for any other JSON shape.
pub(crate) fn read_object<'de, D, T>(d: D) -> Result<Result<T, Value>, D::Error>
where
    D: Deserializer<'de>,
    T: ObjectFields + Default,
{
    d.deserialize_any(ObjectVisitor::<T>(std::marker::PhantomData))
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);
impl<'de, T: ObjectFields + Default> Visitor<'de> for ObjectVisitor<T> {
    type Value = Result<T, Value>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(FieldSeed {
                target: &mut out,
                key,
            })?;
        }
        Ok(Ok(out))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        rest_of_seq(seq).map(Err)
    }
    fallback_to_value!();
}

/// A streamed list of model objects; if any element is not an object, the whole list is kept raw
/// (in order) so it can be written back unchanged.
pub(crate) fn read_object_list<'de, D, T>(d: D) -> Result<Result<Vec<T>, Value>, D::Error>
where
    D: Deserializer<'de>,
    T: ObjectFields + Default + Serialize,
{
    struct ElemSeed<T>(std::marker::PhantomData<T>);
    impl<'de, T: ObjectFields + Default> DeserializeSeed<'de> for ElemSeed<T> {
        type Value = Result<T, Value>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            read_object(d)
        }
    }
    struct ListVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: ObjectFields + Default + Serialize> Visitor<'de> for ListVisitor<T> {
        type Value = Result<Vec<T>, Value>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element_seed(ElemSeed::<T>(std::marker::PhantomData))? {
                match item {
                    Ok(t) => out.push(t),
                    Err(bad) => {
                        let mut raw: Vec<Value> =
                            out.into_iter().map(crate::json::to_value).collect();
                        raw.push(bad);
                        while let Some(Json(v)) = seq.next_element()? {
                            raw.push(v);
                        }
                        return Ok(Err(Value::Array(raw)));
                    }
                }
            }
            Ok(Ok(out))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            rest_of_map(map).map(Err)
        }
        fallback_to_value!();
    }
    d.deserialize_any(ListVisitor(std::marker::PhantomData))
}
