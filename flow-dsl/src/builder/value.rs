//! Property values that are a literal or an expression ([`DynValue`]), and the value types that
//! screen data and form values can have ([`DataType`]).

use std::sync::Arc;

use flow_model::{
    CalendarMode, CarouselAspectRatio, CarouselImage, DataSchema, Dyn, DynExpr, ErrorMessages,
    FontWeight, InputType, LabelVariant, MediaSize, PhotoSource, ScaleType, SchemaType,
    SingleOrRange, StringOrList, Weekday,
};
use serde_json::{Map, Number, Value};

use super::expr::{Expr, Node};
use super::refs::RenderCx;

/// A property value: a literal `T`, or an expression (a reference, a comparison, a
/// concatenation…) evaluated on the device.
///
/// Setters take `impl Into<DynValue<T>>`, so they accept the literal (`"Email"`, `true`, `3`)
/// or a typed expression (`&email`, `age.ge(18)`).
///
/// ```
/// use flow_dsl::builder::*;
/// let mut flow = Flow::new("7.3");
/// let s = flow.screen("S");
/// let show = flow.at(s).data::<bool>("show", true);
/// let a = TextInput::new("a", "A").visible(true);
/// let b = TextInput::new("b", "B").visible(&show);
/// # let _ = (a, b);
/// ```
#[derive(Debug, Clone)]
pub enum DynValue<T> {
    /// A literal.
    Lit(T),
    /// An expression.
    Expr(ExprValue),
}

/// The expression inside a [`DynValue::Expr`] (type-erased; the setter checked the type).
#[derive(Debug, Clone)]
pub struct ExprValue(pub(crate) Arc<Node>);

impl<T: LitValue> DynValue<T> {
    pub(crate) fn render(self, cx: &mut RenderCx<'_>) -> Dyn<T::Out> {
        match self {
            DynValue::Lit(t) => Dyn::Lit(t.render_lit(cx)),
            DynValue::Expr(e) => Dyn::Expr(dyn_expr(e.0.render_value(cx))),
        }
    }
}

/// Text produced by [`Node::render_value`] is always `${…}` or backtick-wrapped.
pub(crate) fn dyn_expr(text: String) -> DynExpr {
    match DynExpr::try_new(text) {
        Ok(e) => e,
        Err(text) => DynExpr::try_new(format!("`{text}`"))
            .unwrap_or_else(|_| unreachable!("backtick-wrapped text is dynamic")),
    }
}

impl<T> From<T> for DynValue<T> {
    fn from(t: T) -> Self {
        DynValue::Lit(t)
    }
}
impl<T> From<Expr<T>> for DynValue<T> {
    fn from(e: Expr<T>) -> Self {
        DynValue::Expr(ExprValue(e.node))
    }
}
impl<T> From<&Expr<T>> for DynValue<T> {
    fn from(e: &Expr<T>) -> Self {
        DynValue::Expr(ExprValue(Arc::clone(&e.node)))
    }
}
/// Screen data declared as a JSON [`Value`] can feed a property that takes an object, such as a
/// Form's `init-values` (`"${data.defaults}"`); the validator checks the example is an object.
///
/// ```
/// use flow_dsl::builder::*;
/// let mut flow = Flow::new("7.3");
/// let s = flow.screen("S");
/// let defaults = flow.at(s).data::<serde_json::Value>("defaults", serde_json::json!({"n": "x"}));
/// let v: DynValue<serde_json::Map<String, serde_json::Value>> = (&defaults).into();
/// # let _ = v;
/// ```
impl From<Expr<Value>> for DynValue<Map<String, Value>> {
    fn from(e: Expr<Value>) -> Self {
        DynValue::Expr(ExprValue(e.node))
    }
}
impl From<&Expr<Value>> for DynValue<Map<String, Value>> {
    fn from(e: &Expr<Value>) -> Self {
        DynValue::Expr(ExprValue(Arc::clone(&e.node)))
    }
}
impl From<&str> for DynValue<String> {
    fn from(s: &str) -> Self {
        DynValue::Lit(s.to_owned())
    }
}
impl From<&String> for DynValue<String> {
    fn from(s: &String) -> Self {
        DynValue::Lit(s.clone())
    }
}
impl From<i32> for DynValue<i64> {
    fn from(n: i32) -> Self {
        DynValue::Lit(n.into())
    }
}
impl<T, const N: usize> From<[T; N]> for DynValue<Vec<T>> {
    fn from(items: [T; N]) -> Self {
        DynValue::Lit(items.into())
    }
}
impl<const N: usize> From<[&str; N]> for DynValue<Vec<String>> {
    fn from(items: [&str; N]) -> Self {
        DynValue::Lit(items.iter().map(|s| (*s).to_owned()).collect())
    }
}
impl From<Vec<&str>> for DynValue<Vec<String>> {
    fn from(items: Vec<&str>) -> Self {
        DynValue::Lit(items.into_iter().map(str::to_owned).collect())
    }
}

// Text properties that also accept a list of paragraphs (TextBody, TextCaption, RichText).
impl From<&str> for DynValue<StringOrList> {
    fn from(s: &str) -> Self {
        DynValue::Lit(StringOrList::One(s.to_owned()))
    }
}
impl From<String> for DynValue<StringOrList> {
    fn from(s: String) -> Self {
        DynValue::Lit(StringOrList::One(s))
    }
}
impl From<Vec<String>> for DynValue<StringOrList> {
    fn from(l: Vec<String>) -> Self {
        DynValue::Lit(StringOrList::Many(l))
    }
}
impl<const N: usize> From<[&str; N]> for DynValue<StringOrList> {
    fn from(l: [&str; N]) -> Self {
        DynValue::Lit(StringOrList::Many(
            l.iter().map(|s| (*s).to_owned()).collect(),
        ))
    }
}
impl From<Expr<String>> for DynValue<StringOrList> {
    fn from(e: Expr<String>) -> Self {
        DynValue::Expr(ExprValue(e.node))
    }
}
impl From<&Expr<String>> for DynValue<StringOrList> {
    fn from(e: &Expr<String>) -> Self {
        DynValue::Expr(ExprValue(Arc::clone(&e.node)))
    }
}

// CalendarPicker properties: single-mode values or `{start-date, end-date}` pairs.
impl From<&str> for DynValue<SingleOrRange<String>> {
    fn from(s: &str) -> Self {
        DynValue::Lit(SingleOrRange::Single(s.to_owned()))
    }
}
impl From<String> for DynValue<SingleOrRange<String>> {
    fn from(s: String) -> Self {
        DynValue::Lit(SingleOrRange::Single(s))
    }
}
impl From<bool> for DynValue<SingleOrRange<bool>> {
    fn from(b: bool) -> Self {
        DynValue::Lit(SingleOrRange::Single(b))
    }
}
impl From<Expr<String>> for DynValue<SingleOrRange<String>> {
    fn from(e: Expr<String>) -> Self {
        DynValue::Expr(ExprValue(e.node))
    }
}
impl From<&Expr<String>> for DynValue<SingleOrRange<String>> {
    fn from(e: &Expr<String>) -> Self {
        DynValue::Expr(ExprValue(Arc::clone(&e.node)))
    }
}
impl From<Expr<bool>> for DynValue<SingleOrRange<bool>> {
    fn from(e: Expr<bool>) -> Self {
        DynValue::Expr(ExprValue(e.node))
    }
}
impl From<&Expr<bool>> for DynValue<SingleOrRange<bool>> {
    fn from(e: &Expr<bool>) -> Self {
        DynValue::Expr(ExprValue(Arc::clone(&e.node)))
    }
}
impl From<&str> for DynValue<ErrorMessages> {
    fn from(s: &str) -> Self {
        DynValue::Lit(ErrorMessages::One(s.to_owned()))
    }
}
impl From<f64> for DynValue<Number> {
    fn from(n: f64) -> Self {
        // A non-finite ratio has no JSON form: write 1, Meta's default.
        DynValue::Lit(Number::from_f64(n).unwrap_or_else(|| Number::from(1)))
    }
}
impl From<i64> for DynValue<Number> {
    fn from(n: i64) -> Self {
        DynValue::Lit(Number::from(n))
    }
}

/// A builder-side literal and the model value it renders to.
pub trait LitValue {
    /// The flow-model type.
    type Out;
    /// Renders the literal (builders nested in it may hold references).
    #[doc(hidden)]
    fn render_lit(self, cx: &mut RenderCx<'_>) -> Self::Out;
}

macro_rules! plain_lit {
    ($($t:ty),* $(,)?) => {$(
        impl LitValue for $t {
            type Out = $t;
            fn render_lit(self, _cx: &mut RenderCx<'_>) -> $t { self }
        }
    )*};
}
plain_lit!(
    String,
    bool,
    i64,
    Number,
    StringOrList,
    InputType,
    LabelVariant,
    FontWeight,
    MediaSize,
    CalendarMode,
    ScaleType,
    CarouselAspectRatio,
    PhotoSource,
    Vec<String>,
    Vec<Weekday>,
    Vec<CarouselImage>,
    SingleOrRange<String>,
    SingleOrRange<bool>,
    ErrorMessages,
    Map<String, Value>,
);

/// A type that screen data and form values can have, with its JSON schema.
///
/// Implemented for `String`, `i64`, `f64`, `bool`, `Vec<String>`, `Vec<Choice>` (a bound
/// `data-source`), `Vec<Value>` (media lists) and `Value` (any JSON, schema inferred from the
/// example).
pub trait DataType {
    /// The example as JSON (`__example__`).
    fn example_json(&self) -> Value;
    /// The schema of a field holding this type, given its example.
    fn schema(example: &Value) -> DataSchema {
        infer_schema(example)
    }
}

impl DataType for String {
    fn example_json(&self) -> Value {
        Value::String(self.clone())
    }
}
impl DataType for i64 {
    fn example_json(&self) -> Value {
        Value::from(*self)
    }
}
impl DataType for f64 {
    fn example_json(&self) -> Value {
        Number::from_f64(*self).map_or(Value::from(0), Value::Number)
    }
}
impl DataType for bool {
    fn example_json(&self) -> Value {
        Value::Bool(*self)
    }
}
impl DataType for Vec<String> {
    fn example_json(&self) -> Value {
        Value::Array(self.iter().cloned().map(Value::String).collect())
    }
    fn schema(example: &Value) -> DataSchema {
        DataSchema::array_of(example, DataSchema::of(SchemaType::String))
    }
}
impl DataType for Vec<Value> {
    fn example_json(&self) -> Value {
        Value::Array(self.clone())
    }
    fn schema(example: &Value) -> DataSchema {
        DataSchema::array_of(example, DataSchema::of(SchemaType::Object))
    }
}
impl DataType for Value {
    fn example_json(&self) -> Value {
        self.clone()
    }
}

/// The schema of a JSON example: strings, numbers, booleans, arrays (items from the first
/// element) and objects (one property per key). `null` has no Flow JSON type; it is declared a
/// string. The same as [`DataSchema::infer`], which `flow!` uses too.
pub fn infer_schema(example: &Value) -> DataSchema {
    DataSchema::infer(example)
}
