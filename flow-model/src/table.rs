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

/// One property of a component or object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropSpec {
    /// The JSON key, exactly as Meta spells it (`on-click-action`, `refresh_on_back`).
    pub name: &'static str,
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

/// Where a component may appear and how many of it a screen may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComponentSpec {
    /// The `type` string.
    pub name: &'static str,
    /// The version that introduced it.
    pub since: Version,
    /// Whether it is an input (has a `name` and a value readable as `${form.name}`).
    pub input: bool,
    /// Allowed in `If` branches from this version (None: never).
    pub in_if: Option<Version>,
    /// Allowed in `Switch` cases from this version (None: never).
    pub in_switch: Option<Version>,
    /// At most this many per screen (counting every If/Switch branch).
    pub max_per_screen: Option<u32>,
    /// Meta's error code for exceeding `max_per_screen`, when it has one.
    pub max_per_screen_code: Option<&'static str>,
    /// Its properties (without `type`).
    pub props: &'static [PropSpec],
}

impl ComponentSpec {
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
}
