//! Value types shared by several components: text that may be a list, date ranges, list items.

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::action::Action;
use crate::dynamic::Dyn;
use crate::json::FromJson;
use crate::model_macro::model_struct;
use crate::open_enum::open_enum;
use crate::read::PropValue;
use crate::table::p;
use crate::version::{V5_0, V6_0};

/// A string, or (5.1+ for TextBody, TextCaption and RichText) a list of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StringOrList {
    /// One string.
    One(String),
    /// A list of strings (paragraphs, or several selected ids).
    Many(Vec<String>),
}

impl From<&str> for StringOrList {
    fn from(s: &str) -> Self {
        StringOrList::One(s.to_owned())
    }
}

impl Serialize for StringOrList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            StringOrList::One(t) => s.serialize_str(t),
            StringOrList::Many(l) => l.serialize(s),
        }
    }
}

impl FromJson for StringOrList {
    fn from_json(v: Value) -> Result<Self, Value> {
        match v {
            Value::String(s) => Ok(StringOrList::One(s)),
            Value::Array(_) => Vec::<String>::from_json(v).map(StringOrList::Many),
            other => Err(other),
        }
    }
}

impl crate::table::JsonShape for StringOrList {
    const JSON: crate::table::JsonTypes =
        crate::table::JsonTypes::STRING.or(crate::table::JsonTypes::ARRAY);
}
impl crate::table::JsonShape for ErrorMessages {
    const JSON: crate::table::JsonTypes =
        crate::table::JsonTypes::STRING.or(crate::table::JsonTypes::OBJECT);
}
/// The single form's types, or the range form's object.
impl<T: crate::table::JsonShape> crate::table::JsonShape for SingleOrRange<T> {
    const JSON: crate::table::JsonTypes = T::JSON.or(crate::table::JsonTypes::OBJECT);
}

impl PropValue for StringOrList {
    fn visit_texts(&self, f: &mut dyn FnMut(&str)) {
        match self {
            StringOrList::One(s) => f(s),
            StringOrList::Many(l) => l.iter().for_each(|s| f(s)),
        }
    }
}

model_struct! {
    /// `{"start-date": …, "end-date": …}`: CalendarPicker's range-mode form of a property.
    DateRange {
        /// The start date's value.
        start_date: Dyn<Value> = "start-date" => p(),
        /// The end date's value.
        end_date: Dyn<Value> = "end-date" => p(),
    }
}

/// A CalendarPicker property that is a single value in `single` mode or a pair in `range` mode.
#[allow(clippy::large_enum_variant)] // Range holds a DateRange inline, like every model struct.
#[derive(Debug, Clone, PartialEq)]
pub enum SingleOrRange<T> {
    /// The single-mode form.
    Single(T),
    /// The range-mode form (boxed: rare, and it would widen every component).
    Range(Box<DateRange>),
}

impl<T: Serialize> Serialize for SingleOrRange<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SingleOrRange::Single(t) => t.serialize(s),
            SingleOrRange::Range(r) => r.serialize(s),
        }
    }
}

impl<T: FromJson> FromJson for SingleOrRange<T> {
    fn from_json(v: Value) -> Result<Self, Value> {
        match v {
            Value::Object(_) => DateRange::from_json(v).map(|r| SingleOrRange::Range(Box::new(r))),
            other => T::from_json(other).map(SingleOrRange::Single),
        }
    }
}

impl<T: PropValue> PropValue for SingleOrRange<T> {
    fn visit_texts(&self, f: &mut dyn FnMut(&str)) {
        match self {
            SingleOrRange::Single(t) => t.visit_texts(f),
            SingleOrRange::Range(r) => {
                for v in [&r.start_date, &r.end_date].into_iter().flatten() {
                    if let Dyn::Lit(Value::String(s)) = v {
                        f(s);
                    }
                }
            }
        }
    }
}

/// A picker's `error-message`: one message, or (dynamic data only) a map of media id to message.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorMessages {
    /// One message.
    One(String),
    /// Per-media messages.
    PerMedia(serde_json::Map<String, Value>),
}

impl Serialize for ErrorMessages {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ErrorMessages::One(t) => s.serialize_str(t),
            ErrorMessages::PerMedia(m) => m.serialize(s),
        }
    }
}

impl FromJson for ErrorMessages {
    fn from_json(v: Value) -> Result<Self, Value> {
        match v {
            Value::String(s) => Ok(ErrorMessages::One(s)),
            Value::Object(m) => Ok(ErrorMessages::PerMedia(m)),
            other => Err(other),
        }
    }
}

impl PropValue for ErrorMessages {
    fn visit_texts(&self, f: &mut dyn FnMut(&str)) {
        if let ErrorMessages::One(s) = self {
            f(s)
        }
    }
}

macro_rules! prop_value_enums {
    ($($t:ty),*) => { $(
        impl PropValue for $t {
            fn unknown_enums(&self) -> Vec<&str> {
                match self {
                    Self::Unknown(s) => vec![s.as_str()],
                    _ => Vec::new(),
                }
            }
        }
        impl crate::table::JsonShape for $t {
            const JSON: crate::table::JsonTypes = crate::table::JsonTypes::STRING;
        }
    )* };
}

open_enum! {
    /// TextBody / TextCaption `font-weight`.
    FontWeight { Bold = "bold", Italic = "italic", BoldItalic = "bold_italic", Normal = "normal" }
}
open_enum! {
    /// TextInput `input-type`.
    InputType {
        Text = "text", Number = "number", Email = "email", Password = "password",
        Passcode = "passcode", Phone = "phone",
    }
}
open_enum! {
    /// TextInput / TextArea `label-variant` (7.0+).
    LabelVariant { Large = "large" }
}
open_enum! {
    /// `media-size` of list components (5.0+) and NavigationList.
    MediaSize { Regular = "regular", Large = "large" }
}
open_enum! {
    /// CalendarPicker `mode`.
    CalendarMode { Single = "single", Range = "range" }
}
open_enum! {
    /// CalendarPicker `include-days` entries.
    Weekday { Mon = "Mon", Tue = "Tue", Wed = "Wed", Thu = "Thu", Fri = "Fri", Sat = "Sat", Sun = "Sun" }
}
open_enum! {
    /// Image / ImageCarousel `scale-type`.
    ScaleType { Cover = "cover", Contain = "contain" }
}
open_enum! {
    /// ImageCarousel `aspect-ratio`.
    CarouselAspectRatio { FourByThree = "4:3", SixteenByNine = "16:9" }
}
open_enum! {
    /// PhotoPicker `photo-source`.
    PhotoSource { CameraGallery = "camera_gallery", Camera = "camera", Gallery = "gallery" }
}
open_enum! {
    /// Layout `type`; `SingleColumnLayout` is the only one.
    LayoutType { SingleColumnLayout = "SingleColumnLayout" }
}
open_enum! {
    /// `navigate` action `next.type`; `plugin` is known only from pywa (UNCONFIRMED).
    NextType { Screen = "screen", Plugin = "plugin" }
}
open_enum! {
    /// Screen data declaration `type`.
    SchemaType {
        String = "string", Number = "number", Boolean = "boolean", Object = "object",
        Array = "array", Integer = "integer",
    }
}

prop_value_enums!(
    FontWeight,
    InputType,
    LabelVariant,
    MediaSize,
    CalendarMode,
    Weekday,
    ScaleType,
    CarouselAspectRatio,
    PhotoSource,
    LayoutType,
    NextType,
    SchemaType
);

model_struct! {
    /// An option of CheckboxGroup, RadioButtonsGroup, Dropdown and ChipsSelector (spec §C.14).
    DataSourceItem {
        /// The value reported when selected.
        id: String = "id" => p().req(),
        /// The option text.
        title: Dyn<String> = "title" => p().req().max(30),
        /// A second line.
        description: Dyn<String> = "description" => p().max(300),
        /// A third line.
        metadata: Dyn<String> = "metadata" => p().max(20),
        /// Whether the option can be selected.
        enabled: Dyn<bool> = "enabled" => p(),
        /// Base64 image (5.0+).
        image: Dyn<String> = "image" => p().since(V5_0),
        /// Image description (5.0+).
        alt_text: Dyn<String> = "alt-text" => p().since(V5_0),
        /// 6-digit hex colour (5.0+).
        color: Dyn<String> = "color" => p().since(V5_0),
        /// `update_data` on select (6.0+).
        on_select_action: Box<Action> = "on-select-action" => p().since(V6_0).actions(&[crate::table::allow("update_data", V6_0)]),
        /// `update_data` on unselect (6.0+).
        on_unselect_action: Box<Action> = "on-unselect-action" => p().since(V6_0).actions(&[crate::table::allow("update_data", V6_0)]),
    }
}

model_struct! {
    /// NavigationList item `main-content` / `end`.
    NavigationContent {
        /// Title.
        title: Dyn<String> = "title" => p(),
        /// Description.
        description: Dyn<String> = "description" => p(),
        /// Metadata.
        metadata: Dyn<String> = "metadata" => p(),
    }
}

model_struct! {
    /// NavigationList item `start`: a leading image.
    NavigationStart {
        /// Base64 image, at most 100 KB.
        image: Dyn<String> = "image" => p().req(),
        /// Image description.
        alt_text: Dyn<String> = "alt-text" => p(),
    }
}

model_struct! {
    /// A NavigationList item (spec §C.13).
    NavigationItem {
        /// Item id (effectively required; UNCONFIRMED as a formal requirement).
        id: String = "id" => p().req().unconfirmed(),
        /// Title (30), description (20), metadata (80).
        main_content: NavigationContent = "main-content" => p().req(),
        /// Leading image.
        start: NavigationStart = "start" => p(),
        /// Trailing text: title/description/metadata, 10 characters each.
        end: NavigationContent = "end" => p(),
        /// Badge text, max 15; one item per list at most.
        badge: Dyn<String> = "badge" => p().max(15),
        /// Up to 3 tags of 15 characters.
        tags: Vec<String> = "tags" => p().max(15),
        /// `navigate` or `data_exchange`.
        on_click_action: Action = "on-click-action" => p().actions(crate::component::defs::NAV_ACTIONS),
    }
}

model_struct! {
    /// An ImageCarousel image.
    CarouselImage {
        /// Base64 image.
        src: Dyn<String> = "src" => p().req(),
        /// Image description.
        alt_text: Dyn<String> = "alt-text" => p().req(),
    }
}
