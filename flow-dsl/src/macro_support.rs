//! Helpers used by the code `flow!` generates. Not a public API.

pub use serde;
pub use serde_json;

use flow_model::{
    CalendarMode, CarouselAspectRatio, ErrorMessages, FontWeight, InputType, LabelVariant,
    MediaSize, PhotoSource, ScaleType, SingleOrRange, StringOrList, Weekday,
};

use crate::builder::DynValue;

/// A string literal written in `flow!`, for a property of any text-like or enumerated type.
#[derive(Debug, Clone, Copy)]
pub struct Str(pub &'static str);

/// A list of string literals written in `flow!`.
#[derive(Debug, Clone, Copy)]
pub struct StrList(pub &'static [&'static str]);

/// Property types a string literal can stand for.
pub trait StrLit {
    /// The value the literal denotes.
    fn from_lit(s: &str) -> Self;
}

impl StrLit for String {
    fn from_lit(s: &str) -> Self {
        s.to_owned()
    }
}
impl StrLit for StringOrList {
    fn from_lit(s: &str) -> Self {
        StringOrList::One(s.to_owned())
    }
}
impl StrLit for SingleOrRange<String> {
    fn from_lit(s: &str) -> Self {
        SingleOrRange::Single(s.to_owned())
    }
}
impl StrLit for ErrorMessages {
    fn from_lit(s: &str) -> Self {
        ErrorMessages::One(s.to_owned())
    }
}

macro_rules! enum_lit {
    ($($t:ty),*) => {$(
        impl StrLit for $t {
            fn from_lit(s: &str) -> Self {
                <$t>::parse(s)
            }
        }
    )*};
}
enum_lit!(
    CalendarMode,
    CarouselAspectRatio,
    FontWeight,
    InputType,
    LabelVariant,
    MediaSize,
    PhotoSource,
    ScaleType,
    Weekday
);

impl<T: StrLit> From<Str> for DynValue<T> {
    fn from(s: Str) -> Self {
        DynValue::Lit(T::from_lit(s.0))
    }
}

impl<T: StrLit> From<StrList> for DynValue<Vec<T>> {
    fn from(l: StrList) -> Self {
        DynValue::Lit(l.0.iter().map(|s| T::from_lit(s)).collect())
    }
}

impl From<StrList> for DynValue<StringOrList> {
    fn from(l: StrList) -> Self {
        DynValue::Lit(StringOrList::Many(
            l.0.iter().map(|s| (*s).to_owned()).collect(),
        ))
    }
}

/// Keeps the typed endpoint `flow!` generates for endpoint flows when the `endpoint` feature
/// is on, and drops it otherwise (the macro cannot see this crate's features).
#[cfg(feature = "endpoint")]
#[doc(hidden)]
#[macro_export]
macro_rules! __flow_endpoint_items {
    ($($item:tt)*) => { $($item)* };
}

/// Keeps the typed endpoint `flow!` generates for endpoint flows when the `endpoint` feature
/// is on, and drops it otherwise (the macro cannot see this crate's features).
#[cfg(not(feature = "endpoint"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __flow_endpoint_items {
    ($($item:tt)*) => {};
}

pub use crate::__flow_endpoint_items as endpoint_items;
