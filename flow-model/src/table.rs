//! The version and limits table: which Flow JSON version introduced or removed each component,
//! property and action, which properties are required, and their character limits.
//!
//! This is data, read by the validator and by the `flow!` macro; the typed structs are generated
//! from the same declarations (see `component/defs.rs`), so the table cannot drift from the model.

use crate::version::{V2_1, Version};

/// Whether Meta requires a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Optional in every version.
    Optional,
    /// Required in every version.
    Always,
    /// Required from this version on (optional before).
    Since(Version),
}

/// How certain a rule is (spec marks doubtful facts **UNCONFIRMED**).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    /// Stated by Meta's documentation.
    Confirmed,
    /// Not tied to a Meta page; the validator reports violations as warnings.
    Unconfirmed,
}

/// An action a trigger property accepts, from a version on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowedAction {
    /// The action `name` (`navigate`, `data_exchange`, `complete`, `update_data`, `open_url`).
    pub name: &'static str,
    /// The first version in which this trigger accepts it.
    pub since: Version,
}

/// `action` accepted from `since`.
pub const fn allow(name: &'static str, since: Version) -> AllowedAction {
    AllowedAction { name, since }
}

/// The JSON types a property accepts, as a set (`string | array` for TextBody's `text`).
///
/// Derived from the property's Rust type in the model, so the table cannot disagree with the
/// parser: a value outside the set is kept raw and reported as `INVALID_PROPERTY_TYPE`.
///
/// ```
/// use flow_model::table::JsonTypes;
/// let text = flow_model::component_spec("TextBody").unwrap().prop("text").unwrap();
/// assert_eq!(text.json, JsonTypes::STRING.or(JsonTypes::ARRAY));
/// assert!(text.json.accepts(&serde_json::json!(["a", "b"])));
/// assert!(!text.json.accepts(&serde_json::json!(3)));
/// assert_eq!(text.json.to_string(), "a string or an array");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct JsonTypes(u8);

impl JsonTypes {
    /// No type (the set is empty).
    pub const NONE: JsonTypes = JsonTypes(0);
    /// A JSON string.
    pub const STRING: JsonTypes = JsonTypes(1);
    /// A JSON number.
    pub const NUMBER: JsonTypes = JsonTypes(2);
    /// `true` or `false`.
    pub const BOOLEAN: JsonTypes = JsonTypes(4);
    /// A JSON array.
    pub const ARRAY: JsonTypes = JsonTypes(8);
    /// A JSON object.
    pub const OBJECT: JsonTypes = JsonTypes(16);
    /// Any JSON value (free-form properties).
    pub const ANY: JsonTypes = JsonTypes(1 | 2 | 4 | 8 | 16 | 32);
    const NULL: JsonTypes = JsonTypes(32);
    const NAMES: [(JsonTypes, &'static str, &'static str); 5] = [
        (JsonTypes::STRING, "string", "a string"),
        (JsonTypes::NUMBER, "number", "a number"),
        (JsonTypes::BOOLEAN, "boolean", "a boolean"),
        (JsonTypes::ARRAY, "array", "an array"),
        (JsonTypes::OBJECT, "object", "an object"),
    ];

    /// The union of two sets.
    pub const fn or(self, other: JsonTypes) -> JsonTypes {
        JsonTypes(self.0 | other.0)
    }

    /// Whether every type of `other` is in this set.
    pub const fn contains(self, other: JsonTypes) -> bool {
        self.0 & other.0 == other.0
    }

    /// The type of one JSON value (a one-element set).
    pub fn of(value: &serde_json::Value) -> JsonTypes {
        use serde_json::Value;
        match value {
            Value::Null => JsonTypes::NULL,
            Value::Bool(_) => JsonTypes::BOOLEAN,
            Value::Number(_) => JsonTypes::NUMBER,
            Value::String(_) => JsonTypes::STRING,
            Value::Array(_) => JsonTypes::ARRAY,
            Value::Object(_) => JsonTypes::OBJECT,
        }
    }

    /// The JSON Schema name of `value`'s type: `string`, `number`, `boolean`, `array`,
    /// `object` or `null`.
    pub fn name_of(value: &serde_json::Value) -> &'static str {
        JsonTypes::of(value)
            .names()
            .first()
            .copied()
            .unwrap_or("null")
    }

    /// Whether `value` has one of these types.
    pub fn accepts(self, value: &serde_json::Value) -> bool {
        self.contains(JsonTypes::of(value))
    }

    /// The JSON Schema names in the set (`["string", "array"]`).
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .filter(|(t, _, _)| self.contains(*t))
            .map(|(_, n, _)| *n)
            .collect()
    }
}

impl std::fmt::Debug for JsonTypes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if *self == JsonTypes::ANY {
            return f.write_str("JsonTypes(any)");
        }
        write!(f, "JsonTypes({})", self.names().join(" | "))
    }
}

/// `a string or an array`; `any JSON value` for [`JsonTypes::ANY`].
impl std::fmt::Display for JsonTypes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if *self == JsonTypes::ANY {
            return f.write_str("any JSON value");
        }
        let names: Vec<&str> = Self::NAMES
            .iter()
            .filter(|(t, _, _)| self.contains(*t))
            .map(|(_, _, a)| *a)
            .collect();
        match names.split_last() {
            None if *self == JsonTypes::NULL => f.write_str("null"),
            None => f.write_str("nothing"),
            Some((last, [])) => f.write_str(last),
            Some((last, rest)) => write!(f, "{} or {last}", rest.join(", ")),
        }
    }
}

/// The JSON shape of a model type: which JSON types it reads, and whether it takes a
/// `${…}`/backtick expression in place of a literal. Implemented by every property type, so
/// [`PropSpec::json`] and [`PropSpec::dynamic`] come from the model's own field types.
pub trait JsonShape {
    /// The JSON types a value of this type is read from.
    const JSON: JsonTypes;
    /// Whether a dynamic expression is accepted in place of a literal.
    const DYNAMIC: bool = false;
}

/// One property of a component or object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropSpec {
    /// The JSON key, exactly as Meta spells it (`on-click-action`, `refresh_on_back`).
    pub name: &'static str,
    /// The JSON types the property accepts (a dynamic property also takes a string holding an
    /// expression; see [`PropSpec::dynamic`]).
    pub json: JsonTypes,
    /// Whether the property accepts a `${data.x}` binding or a backtick expression.
    pub dynamic: bool,
    /// The first version that has it.
    pub since: Version,
    /// The version that removed it, if any (exclusive).
    pub until: Option<Version>,
    /// Whether it must be present.
    pub required: Requirement,
    /// Maximum length of a literal string value (characters), if limited.
    pub max_chars: Option<u32>,
    /// Whether `max_chars` is UNCONFIRMED.
    pub max_chars_certainty: Certainty,
    /// Whether the property itself is UNCONFIRMED (e.g. `enabled` on TextInput).
    pub certainty: Certainty,
    /// Only allowed on an input that is not inside a Form (`init-value`, `error-message`).
    pub outside_form_only: bool,
    /// For action triggers: the actions accepted.
    pub actions: &'static [AllowedAction],
}

/// A property declaration whose name the declaring macro fills in.
pub(crate) const fn p() -> PropSpec {
    prop("")
}

/// Starts a property declaration: optional, since 2.1, unlimited. Refine with the const methods.
pub const fn prop(name: &'static str) -> PropSpec {
    PropSpec {
        name,
        json: JsonTypes::ANY,
        dynamic: false,
        since: V2_1,
        until: None,
        required: Requirement::Optional,
        max_chars: None,
        max_chars_certainty: Certainty::Confirmed,
        certainty: Certainty::Confirmed,
        outside_form_only: false,
        actions: &[],
    }
}

impl PropSpec {
    /// Required in every version.
    pub const fn req(mut self) -> Self {
        self.required = Requirement::Always;
        self
    }
    /// Required from `v` on.
    pub const fn req_since(mut self, v: Version) -> Self {
        self.required = Requirement::Since(v);
        self
    }
    /// Introduced in `v`.
    pub const fn since(mut self, v: Version) -> Self {
        self.since = v;
        self
    }
    /// Removed in `v`.
    pub const fn until(mut self, v: Version) -> Self {
        self.until = Some(v);
        self
    }
    /// Literal strings longer than `n` characters are rejected.
    pub const fn max(mut self, n: u32) -> Self {
        self.max_chars = Some(n);
        self
    }
    /// Like [`Self::max`] for a limit the spec marks UNCONFIRMED.
    pub const fn max_unconfirmed(mut self, n: u32) -> Self {
        self.max_chars = Some(n);
        self.max_chars_certainty = Certainty::Unconfirmed;
        self
    }
    /// The property is UNCONFIRMED.
    pub const fn unconfirmed(mut self) -> Self {
        self.certainty = Certainty::Unconfirmed;
        self
    }
    /// Only allowed outside a Form.
    pub const fn outside_form(mut self) -> Self {
        self.outside_form_only = true;
        self
    }
    /// The actions this trigger accepts.
    pub const fn actions(mut self, a: &'static [AllowedAction]) -> Self {
        self.actions = a;
        self
    }

    /// Whether `version` has this property.
    pub fn available_in(&self, version: Version) -> bool {
        version >= self.since && self.until.is_none_or(|u| version < u)
    }

    /// Whether `version` requires this property.
    pub fn required_in(&self, version: Version) -> bool {
        match self.required {
            Requirement::Optional => false,
            Requirement::Always => true,
            Requirement::Since(v) => version >= v,
        }
    }
}

/// How a per-screen maximum counts components inside If branches and Switch cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BranchCounting {
    /// Only one branch of an If (one case of a Switch) is shown, so an If counts as its larger
    /// branch: a Footer in both `then` and `else` counts once (Meta even requires the pair).
    PerBranch,
    /// Every branch counts, added up (the conservative reading where the spec is silent).
    Summed,
}

/// Where a component may appear and how many of it a screen may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComponentSpec {
    /// The `type` string.
    pub name: &'static str,
    /// The version that introduced it.
    pub since: Version,
    /// For an input (a component with a `name` and a value readable as `${form.name}`), what
    /// that value is; `None` for other components.
    pub value: Option<InputValue>,
    /// Allowed in `If` branches from this version (None: never).
    pub in_if: Option<Version>,
    /// Allowed in `Switch` cases from this version (None: never).
    pub in_switch: Option<Version>,
    /// At most this many per screen (counting every If/Switch branch).
    pub max_per_screen: Option<u32>,
    /// Meta's error code for exceeding `max_per_screen`, when it has one (a constant of
    /// [`crate::validate::codes`]; `FLOWDSL_MAX_COMPONENTS_PER_SCREEN` otherwise).
    pub max_per_screen_code: Option<&'static str>,
    /// How `max_per_screen` counts components inside If branches and Switch cases.
    pub counting: BranchCounting,
    /// Its properties (without `type`).
    pub props: &'static [PropSpec],
}

/// What an input's value is in the form (`${form.name}`), by component type.
///
/// ```
/// use flow_model::component_spec;
/// use flow_model::table::InputValue;
/// assert_eq!(component_spec("OptIn").unwrap().value, Some(InputValue::Boolean));
/// assert_eq!(component_spec("TextBody").unwrap().value, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputValue {
    /// Text: TextInput (a number for `input-type: number`), TextArea, Dropdown,
    /// RadioButtonsGroup, DatePicker, CalendarPicker (an object of two dates in range mode).
    Text,
    /// The selected ids: CheckboxGroup, ChipsSelector.
    TextList,
    /// OptIn.
    Boolean,
    /// The picked files, as media objects: PhotoPicker, DocumentPicker.
    Media,
}

impl InputValue {
    /// Its JSON type name (`string`, `array`, `boolean`).
    pub const fn json_type(self) -> &'static str {
        match self {
            InputValue::Text => "string",
            InputValue::TextList | InputValue::Media => "array",
            InputValue::Boolean => "boolean",
        }
    }
}

impl ComponentSpec {
    /// Whether it is an input: it has a `name`, and a value readable as `${form.name}`.
    pub const fn is_input(&self) -> bool {
        self.value.is_some()
    }

    /// The property called `name`.
    pub fn prop(&self, name: &str) -> Option<&'static PropSpec> {
        self.props.iter().find(|p| p.name == name)
    }
}

/// What a Form's `init-values` may give an input (spec C.18); the validator and the `flow!`
/// macro both check initial values with it.
///
/// ```
/// use flow_model::table::InitValue;
/// assert_eq!(InitValue::of("CheckboxGroup"), Some(InitValue::TextList));
/// assert_eq!(InitValue::of("PhotoPicker"), Some(InitValue::Forbidden));
/// assert_eq!(InitValue::of("OptIn"), None); // the spec does not say
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitValue {
    /// A string: text inputs, RadioButtonsGroup, Dropdown, DatePicker.
    Text,
    /// A list of option ids: CheckboxGroup, ChipsSelector.
    TextList,
    /// None at all: pickers cannot be prefilled (`NATIVE_COMPONENT_IN_FORM_INIT_VALUES`).
    Forbidden,
}

impl InitValue {
    /// The rule for an input of component type `component`; `None` where the spec's table does
    /// not list it (OptIn, CalendarPicker), which is then not checked.
    pub fn of(component: &str) -> Option<InitValue> {
        Some(match component {
            "TextInput" | "TextArea" | "RadioButtonsGroup" | "Dropdown" | "DatePicker" => {
                InitValue::Text
            }
            "CheckboxGroup" | "ChipsSelector" => InitValue::TextList,
            "PhotoPicker" | "DocumentPicker" => InitValue::Forbidden,
            _ => return None,
        })
    }

    /// What the input takes, for messages: "a string", "a list of strings (option ids)".
    pub fn expected(self) -> &'static str {
        match self {
            InitValue::Text => "a string",
            InitValue::TextList => "a list of strings (option ids)",
            InitValue::Forbidden => "no initial value",
        }
    }
}

/// An action and the version that introduced it (spec §D).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionSpec {
    /// The action `name`.
    pub name: &'static str,
    /// The version that introduced it.
    pub since: Version,
    /// Its properties besides `name`.
    pub props: &'static [PropSpec],
}

/// A flow category of the Flows API (`categories` of create and update, spec §G.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategorySpec {
    /// Meta's spelling (`SIGN_UP`).
    pub name: &'static str,
    /// `Unconfirmed` for `SHOPPING`, which only AWS lists.
    pub certainty: Certainty,
}

const fn category(name: &'static str) -> CategorySpec {
    CategorySpec {
        name,
        certainty: Certainty::Confirmed,
    }
}

/// Every flow category (spec §G.1): Meta's eight, and `SHOPPING` (AWS only, UNCONFIRMED for
/// Meta, so the validator only warns about it). Checked by
/// [`validate_categories`](crate::validate::validate_categories).
///
/// ```
/// use flow_model::table::{CATEGORIES, category_spec};
/// assert_eq!(CATEGORIES.len(), 9);
/// assert!(category_spec("SURVEY").is_some());
/// assert!(category_spec("SURVY").is_none());
/// ```
pub const CATEGORIES: &[CategorySpec] = &[
    category("SIGN_UP"),
    category("SIGN_IN"),
    category("APPOINTMENT_BOOKING"),
    category("LEAD_GENERATION"),
    category("CONTACT_US"),
    category("CUSTOMER_SUPPORT"),
    category("SURVEY"),
    category("OTHER"),
    CategorySpec {
        name: "SHOPPING",
        certainty: Certainty::Unconfirmed,
    },
];

/// The table entry of category `name` (exact spelling).
pub fn category_spec(name: &str) -> Option<&'static CategorySpec> {
    CATEGORIES.iter().find(|c| c.name == name)
}

/// The screen id an endpoint answers with to finish a flow (spec §H.3), reserved as a screen id
/// (`SCREEN_ID_IS_RESERVED_KEYWORD`).
pub const SUCCESS_SCREEN: &str = "SUCCESS";

/// Flow-wide limits (spec §B, §C.19).
pub mod limits {
    /// Screens per flow (`MAX_SCREENS_NUMBER`).
    pub const MAX_SCREENS: usize = 100;
    /// Components per screen (whether nested ones count is UNCONFIRMED; we count top level).
    pub const MAX_COMPONENTS_PER_SCREEN: usize = 50;
    /// If nesting depth.
    pub const MAX_IF_DEPTH: usize = 3;
    /// Routing-model branches per screen.
    pub const MAX_ROUTES_PER_SCREEN: usize = 10;
    /// ImageCarousel per flow.
    pub const MAX_IMAGE_CAROUSELS_PER_FLOW: usize = 3;
    /// Flow JSON size in bytes (10 MB).
    pub const MAX_FLOW_JSON_BYTES: usize = 10 * 1024 * 1024;
    /// Options of CheckboxGroup / RadioButtonsGroup.
    pub const CHOICE_OPTIONS: (usize, usize) = (1, 20);
    /// Options of Dropdown (max 100 when any item has an image).
    pub const DROPDOWN_OPTIONS: (usize, usize) = (1, 200);
    /// Dropdown options when an item has an image.
    pub const DROPDOWN_OPTIONS_WITH_IMAGES: usize = 100;
    /// Options of ChipsSelector.
    pub const CHIPS_OPTIONS: (usize, usize) = (2, 20);
    /// Items of NavigationList.
    pub const NAVIGATION_ITEMS: (usize, usize) = (1, 20);
    /// Images of an ImageCarousel.
    pub const CAROUSEL_IMAGES: (usize, usize) = (1, 3);
    /// Tags per NavigationList item, and characters per tag.
    pub const NAVIGATION_TAGS: (usize, usize) = (3, 15);
    /// List item image size in bytes of base64-decoded data before 6.0 / from 6.0.
    pub const ITEM_IMAGE_BYTES: (usize, usize) = (300 * 1024, 100 * 1024);
    /// PhotoPicker/DocumentPicker `max-file-size-kb` range.
    pub const PICKER_FILE_SIZE_KB: (i64, i64) = (1, 25600);
    /// `min-uploaded-*` range.
    pub const PICKER_MIN_UPLOADS: (i64, i64) = (0, 30);
    /// `max-uploaded-*` range.
    pub const PICKER_MAX_UPLOADS: (i64, i64) = (1, 30);
    /// Components that share one per-screen limit (spec §C.15: one media picker per screen,
    /// PhotoPicker and DocumentPicker together).
    pub const SHARED_PER_SCREEN: &[(&[&str], usize)] = &[(&["PhotoPicker", "DocumentPicker"], 1)];
}
