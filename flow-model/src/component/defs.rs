//! Every component of spec §C, declared once: the typed struct, its property table (versions,
//! requirements, character limits, accepted actions) and its per-screen rules all come from here.

use indexmap::IndexMap;
use serde_json::{Map, Number, Value};

use super::Component;
use crate::action::Action;
use crate::dynamic::{Dyn, DynExpr};
use crate::model_macro::model_struct;
use crate::table::{AllowedAction, allow, p};
use crate::types::*;
use crate::version::*;

/// Footer `on-click-action`.
pub const FOOTER_ACTIONS: &[AllowedAction] = &[
    allow("complete", V2_1),
    allow("data_exchange", V2_1),
    allow("navigate", V2_1),
];
/// EmbeddedLink and OptIn `on-click-action`.
pub const LINK_ACTIONS: &[AllowedAction] = &[
    allow("data_exchange", V2_1),
    allow("navigate", V2_1),
    allow("open_url", V6_0),
];
/// NavigationList `on-click-action` (component or item).
pub const NAV_ACTIONS: &[AllowedAction] = &[allow("data_exchange", V2_1), allow("navigate", V2_1)];
/// CheckboxGroup, RadioButtonsGroup, Dropdown `on-select-action`.
pub const SELECT_ACTIONS: &[AllowedAction] =
    &[allow("data_exchange", V2_1), allow("update_data", V6_0)];
/// `on-unselect-action` of list components and OptIn `on-select/unselect-action`.
pub const UPDATE_ONLY: &[AllowedAction] = &[allow("update_data", V6_0)];
/// ChipsSelector `on-select-action`.
pub const CHIPS_SELECT_ACTIONS: &[AllowedAction] =
    &[allow("data_exchange", V6_3), allow("update_data", V7_1)];
/// ChipsSelector `on-unselect-action`.
pub const CHIPS_UNSELECT_ACTIONS: &[AllowedAction] = &[allow("update_data", V7_1)];
/// DatePicker and CalendarPicker `on-select-action`.
pub const DATE_ACTIONS: &[AllowedAction] = &[allow("data_exchange", V2_1)];

model_struct! {
    /// Large heading text (max 80 characters).
    TextHeading tag "type" = "TextHeading" {
        /// The text.
        text: Dyn<String> = "text" => p().req().max(80),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
    }
}

model_struct! {
    /// Subheading text (max 80 characters).
    TextSubheading tag "type" = "TextSubheading" {
        /// The text.
        text: Dyn<String> = "text" => p().req().max(80),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
    }
}

model_struct! {
    /// Body text (max 4096 characters; a list of paragraphs from 5.1).
    TextBody tag "type" = "TextBody" {
        /// The text.
        text: Dyn<StringOrList> = "text" => p().req().max(4096),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Font weight.
        font_weight: Dyn<FontWeight> = "font-weight" => p(),
        /// Strikethrough.
        strikethrough: Dyn<bool> = "strikethrough" => p(),
        /// Markdown subset (5.1+).
        markdown: bool = "markdown" => p().since(V5_1),
    }
}

model_struct! {
    /// Caption text (max 409 characters as printed by Meta; pywa says 4096 — UNCONFIRMED).
    TextCaption tag "type" = "TextCaption" {
        /// The text.
        text: Dyn<StringOrList> = "text" => p().req().max_unconfirmed(409),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Font weight.
        font_weight: Dyn<FontWeight> = "font-weight" => p(),
        /// Strikethrough.
        strikethrough: Dyn<bool> = "strikethrough" => p(),
        /// Markdown subset (5.1+).
        markdown: bool = "markdown" => p().since(V5_1),
    }
}

model_struct! {
    /// Markdown text with headings, lists, tables and inline images (5.1+).
    RichText tag "type" = "RichText" {
        /// The markdown; each list item is a paragraph.
        text: Dyn<StringOrList> = "text" => p().req(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
    }
}

model_struct! {
    /// A one-line text input.
    TextInput tag "type" = "TextInput" {
        /// Input name, read as `${form.name}`.
        name: String = "name" => p().req(),
        /// Label (max 20).
        label: Dyn<String> = "label" => p().req().max(20),
        /// `large` label (7.0+).
        label_variant: Dyn<LabelVariant> = "label-variant" => p().since(V7_0),
        /// Keyboard and validation kind.
        input_type: Dyn<InputType> = "input-type" => p(),
        /// Regex (6.2+), requires `helper-text`.
        pattern: Dyn<String> = "pattern" => p().since(V6_2),
        /// Whether a value is required.
        required: Dyn<bool> = "required" => p(),
        /// Minimum characters.
        min_chars: Dyn<i64> = "min-chars" => p(),
        /// Maximum characters (default 80).
        max_chars: Dyn<i64> = "max-chars" => p(),
        /// Helper text (max 80).
        helper_text: Dyn<String> = "helper-text" => p().max(80),
        /// Whether it can be edited (UNCONFIRMED: missing from Meta's TextInput table).
        enabled: Dyn<bool> = "enabled" => p().unconfirmed(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Initial value (4.0+, outside a Form).
        init_value: Dyn<String> = "init-value" => p().since(V4_0).outside_form(),
        /// Error text (4.0+, outside a Form, max 30).
        error_message: Dyn<String> = "error-message" => p().since(V4_0).outside_form().max(30),
    }
}

model_struct! {
    /// A multi-line text input.
    TextArea tag "type" = "TextArea" {
        /// Input name.
        name: String = "name" => p().req(),
        /// Label (max 20).
        label: Dyn<String> = "label" => p().req().max(20),
        /// `large` label (7.0+).
        label_variant: Dyn<LabelVariant> = "label-variant" => p().since(V7_0),
        /// Whether a value is required.
        required: Dyn<bool> = "required" => p(),
        /// Whether it can be edited.
        enabled: Dyn<bool> = "enabled" => p(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Maximum length (default 600).
        max_length: Dyn<i64> = "max-length" => p(),
        /// Helper text (max 80).
        helper_text: Dyn<String> = "helper-text" => p().max(80),
        /// Initial value (4.0+, outside a Form).
        init_value: Dyn<String> = "init-value" => p().since(V4_0).outside_form(),
        /// Error text (4.0+, outside a Form).
        error_message: Dyn<String> = "error-message" => p().since(V4_0).outside_form(),
    }
}

model_struct! {
    /// Several options, any number selected.
    CheckboxGroup tag "type" = "CheckboxGroup" {
        /// Input name.
        name: String = "name" => p().req(),
        /// Options, or a binding to a list in screen data.
        data_source: Dyn<Vec<DataSourceItem>> = "data-source" => p().req(),
        /// Label (max 30; required from 4.0).
        label: Dyn<String> = "label" => p().req_since(V4_0).max(30),
        /// Description (4.0+; max 300, pywa's figure, UNCONFIRMED).
        description: Dyn<String> = "description" => p().since(V4_0).max_unconfirmed(300),
        /// Minimum selections.
        min_selected_items: Dyn<i64> = "min-selected-items" => p(),
        /// Maximum selections.
        max_selected_items: Dyn<i64> = "max-selected-items" => p(),
        /// Whether a selection is required.
        required: Dyn<bool> = "required" => p(),
        /// Whether it can be edited.
        enabled: Dyn<bool> = "enabled" => p(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Action on select.
        on_select_action: Action = "on-select-action" => p().actions(SELECT_ACTIONS),
        /// Action on unselect (6.0+).
        on_unselect_action: Action = "on-unselect-action" => p().since(V6_0).actions(UPDATE_ONLY),
        /// Initially selected ids (4.0+, outside a Form).
        init_value: Dyn<Vec<String>> = "init-value" => p().since(V4_0).outside_form(),
        /// Error text (4.0+, outside a Form).
        error_message: Dyn<String> = "error-message" => p().since(V4_0).outside_form(),
        /// Option size (5.0+).
        media_size: Dyn<MediaSize> = "media-size" => p().since(V5_0),
    }
}

model_struct! {
    /// Several options, one selected.
    RadioButtonsGroup tag "type" = "RadioButtonsGroup" {
        /// Input name.
        name: String = "name" => p().req(),
        /// Options, or a binding.
        data_source: Dyn<Vec<DataSourceItem>> = "data-source" => p().req(),
        /// Label (max 30; required from 4.0).
        label: Dyn<String> = "label" => p().req_since(V4_0).max(30),
        /// Description (4.0+).
        description: Dyn<String> = "description" => p().since(V4_0).max_unconfirmed(300),
        /// Whether a selection is required.
        required: Dyn<bool> = "required" => p(),
        /// Whether it can be edited.
        enabled: Dyn<bool> = "enabled" => p(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Action on select.
        on_select_action: Action = "on-select-action" => p().actions(SELECT_ACTIONS),
        /// Action on unselect (6.0+).
        on_unselect_action: Action = "on-unselect-action" => p().since(V6_0).actions(UPDATE_ONLY),
        /// Initially selected id (a string per the Flow JSON reference; the Components reference prints an array, UNCONFIRMED).
        init_value: Dyn<StringOrList> = "init-value" => p().since(V4_0).outside_form(),
        /// Error text (4.0+, outside a Form).
        error_message: Dyn<String> = "error-message" => p().since(V4_0).outside_form(),
        /// Option size (5.0+).
        media_size: Dyn<MediaSize> = "media-size" => p().since(V5_0),
    }
}

model_struct! {
    /// A drop-down list of options.
    Dropdown tag "type" = "Dropdown" {
        /// Input name.
        name: String = "name" => p().req(),
        /// Label (max 20; pywa says 30).
        label: Dyn<String> = "label" => p().req().max(20),
        /// Options, or a binding.
        data_source: Dyn<Vec<DataSourceItem>> = "data-source" => p().req(),
        /// Whether a selection is required.
        required: Dyn<bool> = "required" => p(),
        /// Whether it can be edited.
        enabled: Dyn<bool> = "enabled" => p(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Action on select.
        on_select_action: Action = "on-select-action" => p().actions(SELECT_ACTIONS),
        /// Action on unselect (6.0+).
        on_unselect_action: Action = "on-unselect-action" => p().since(V6_0).actions(UPDATE_ONLY),
        /// Initially selected id (outside a Form).
        init_value: Dyn<String> = "init-value" => p().since(V4_0).outside_form(),
        /// Error text (outside a Form).
        error_message: Dyn<String> = "error-message" => p().since(V4_0).outside_form(),
    }
}

model_struct! {
    /// Chips, several selectable (6.3+).
    ChipsSelector tag "type" = "ChipsSelector" {
        /// Input name.
        name: String = "name" => p().req(),
        /// Label (max 80).
        label: Dyn<String> = "label" => p().req().max(80),
        /// Options (2–20), or a binding.
        data_source: Dyn<Vec<DataSourceItem>> = "data-source" => p().req(),
        /// Description (max 300).
        description: Dyn<String> = "description" => p().max(300),
        /// Minimum selections.
        min_selected_items: Dyn<i64> = "min-selected-items" => p(),
        /// Maximum selections.
        max_selected_items: Dyn<i64> = "max-selected-items" => p(),
        /// Whether a selection is required.
        required: Dyn<bool> = "required" => p(),
        /// Whether it can be edited.
        enabled: Dyn<bool> = "enabled" => p(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Initially selected ids (outside a Form).
        init_value: Dyn<Vec<String>> = "init-value" => p().outside_form(),
        /// Error text (outside a Form).
        error_message: Dyn<String> = "error-message" => p().outside_form(),
        /// Action on select.
        on_select_action: Action = "on-select-action" => p().actions(CHIPS_SELECT_ACTIONS),
        /// Action on unselect (7.1+).
        on_unselect_action: Action = "on-unselect-action" => p().since(V7_1).actions(CHIPS_UNSELECT_ACTIONS),
    }
}

model_struct! {
    /// The bottom call-to-action button; at most one per screen, required on terminal screens.
    Footer tag "type" = "Footer" {
        /// Button text (max 35).
        label: Dyn<String> = "label" => p().req().max(35),
        /// `complete`, `data_exchange` or `navigate`.
        on_click_action: Action = "on-click-action" => p().req().actions(FOOTER_ACTIONS),
        /// Left caption (max 15), only with `right-caption`.
        left_caption: Dyn<String> = "left-caption" => p().max(15),
        /// Center caption (max 15), alone.
        center_caption: Dyn<String> = "center-caption" => p().max(15),
        /// Right caption (max 15).
        right_caption: Dyn<String> = "right-caption" => p().max(15),
        /// Whether it can be pressed.
        enabled: Dyn<bool> = "enabled" => p(),
    }
}

model_struct! {
    /// A checkbox with a label and an optional "Read more" link; max 5 per screen.
    OptIn tag "type" = "OptIn" {
        /// Input name.
        name: String = "name" => p().req(),
        /// Label (max 120; pywa says 30).
        label: Dyn<String> = "label" => p().req().max(120),
        /// Whether it must be ticked.
        required: Dyn<bool> = "required" => p(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// "Read more": `data_exchange`, `navigate`, `open_url` (6.0+).
        on_click_action: Action = "on-click-action" => p().actions(LINK_ACTIONS),
        /// `update_data` on select (6.0+).
        on_select_action: Action = "on-select-action" => p().since(V6_0).actions(UPDATE_ONLY),
        /// `update_data` on unselect (6.0+).
        on_unselect_action: Action = "on-unselect-action" => p().since(V6_0).actions(UPDATE_ONLY),
        /// Initially ticked (4.0+, outside a Form).
        init_value: Dyn<bool> = "init-value" => p().since(V4_0).outside_form(),
    }
}

model_struct! {
    /// A text link; max 2 per screen.
    EmbeddedLink tag "type" = "EmbeddedLink" {
        /// Link text (max 25; pywa says 35).
        text: Dyn<String> = "text" => p().req().max(25),
        /// `data_exchange`, `navigate`, `open_url` (6.0+).
        on_click_action: Action = "on-click-action" => p().req().actions(LINK_ACTIONS),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
    }
}

model_struct! {
    /// A date input (timestamps before 5.0, `YYYY-MM-DD` from 5.0).
    DatePicker tag "type" = "DatePicker" {
        /// Input name.
        name: String = "name" => p().req(),
        /// Label (max 40).
        label: Dyn<String> = "label" => p().req().max(40),
        /// Earliest selectable date.
        min_date: Dyn<String> = "min-date" => p(),
        /// Latest selectable date.
        max_date: Dyn<String> = "max-date" => p(),
        /// Dates that cannot be chosen.
        unavailable_dates: Dyn<Vec<String>> = "unavailable-dates" => p(),
        /// Helper text (max 80).
        helper_text: Dyn<String> = "helper-text" => p().max(80),
        /// Error text (4.0+, outside a Form, max 80).
        error_message: Dyn<String> = "error-message" => p().since(V4_0).outside_form().max(80),
        /// Whether it can be edited.
        enabled: Dyn<bool> = "enabled" => p(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Whether a date is required.
        required: Dyn<bool> = "required" => p(),
        /// `data_exchange` only.
        on_select_action: Action = "on-select-action" => p().actions(DATE_ACTIONS),
        /// Initial date (4.0+, outside a Form).
        init_value: Dyn<String> = "init-value" => p().since(V4_0).outside_form(),
    }
}

model_struct! {
    /// A full calendar, single date or range (6.1+).
    CalendarPicker tag "type" = "CalendarPicker" {
        /// Input name.
        name: String = "name" => p().req(),
        /// Label (max 40), or `{start-date, end-date}` in range mode.
        label: Dyn<SingleOrRange<String>> = "label" => p().req().max(40),
        /// Title, range mode only (max 80).
        title: Dyn<String> = "title" => p().max(80),
        /// Description, range mode only (max 300).
        description: Dyn<String> = "description" => p().max(300),
        /// Helper text (max 80), or a pair.
        helper_text: Dyn<SingleOrRange<String>> = "helper-text" => p().max(80),
        /// Required, or a pair of booleans.
        required: Dyn<SingleOrRange<bool>> = "required" => p(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Whether it can be edited.
        enabled: Dyn<bool> = "enabled" => p(),
        /// `single` (default) or `range`.
        mode: Dyn<CalendarMode> = "mode" => p(),
        /// Earliest date, `YYYY-MM-DD`.
        min_date: Dyn<String> = "min-date" => p(),
        /// Latest date, `YYYY-MM-DD`.
        max_date: Dyn<String> = "max-date" => p(),
        /// Unavailable dates.
        unavailable_dates: Dyn<Vec<String>> = "unavailable-dates" => p(),
        /// Selectable weekdays.
        include_days: Dyn<Vec<Weekday>> = "include-days" => p(),
        /// Minimum days in a range.
        min_days: Dyn<i64> = "min-days" => p(),
        /// Maximum days in a range.
        max_days: Dyn<i64> = "max-days" => p(),
        /// `data_exchange` only.
        on_select_action: Action = "on-select-action" => p().actions(DATE_ACTIONS),
        /// Initial value (outside a Form).
        init_value: Dyn<SingleOrRange<String>> = "init-value" => p().outside_form(),
        /// Error text (outside a Form, max 80).
        error_message: Dyn<SingleOrRange<String>> = "error-message" => p().outside_form().max(80),
    }
}

model_struct! {
    /// An image from base64 data; max 3 per screen.
    Image tag "type" = "Image" {
        /// Base64 image data.
        src: Dyn<String> = "src" => p().req(),
        /// Width.
        width: Dyn<i64> = "width" => p(),
        /// Height.
        height: Dyn<i64> = "height" => p(),
        /// `cover` or `contain` (default).
        scale_type: Dyn<ScaleType> = "scale-type" => p(),
        /// Aspect ratio (default 1).
        aspect_ratio: Dyn<Number> = "aspect-ratio" => p(),
        /// Image description.
        alt_text: Dyn<String> = "alt-text" => p(),
        /// Whether it is shown (UNCONFIRMED: pywa only).
        visible: Dyn<bool> = "visible" => p().unconfirmed(),
    }
}

model_struct! {
    /// 1–3 swipeable images (7.1+); max 2 per screen, 3 per flow.
    ImageCarousel tag "type" = "ImageCarousel" {
        /// The images.
        images: Dyn<Vec<CarouselImage>> = "images" => p().req(),
        /// `4:3` (default) or `16:9`.
        aspect_ratio: Dyn<CarouselAspectRatio> = "aspect-ratio" => p(),
        /// `contain` (default) or `cover`.
        scale_type: Dyn<ScaleType> = "scale-type" => p(),
        /// Whether it is shown (UNCONFIRMED: pywa only).
        visible: Dyn<bool> = "visible" => p().unconfirmed(),
    }
}

model_struct! {
    /// Photo upload from camera or gallery (4.0+).
    PhotoPicker tag "type" = "PhotoPicker" {
        /// Input name.
        name: String = "name" => p().req(),
        /// Label (max 80).
        label: Dyn<String> = "label" => p().req().max(80),
        /// Description (max 300).
        description: Dyn<String> = "description" => p().max(300),
        /// `camera_gallery` (default), `camera`, `gallery`.
        photo_source: Dyn<PhotoSource> = "photo-source" => p(),
        /// Per-file size limit, 1–25600 KB.
        max_file_size_kb: Dyn<i64> = "max-file-size-kb" => p(),
        /// Minimum photos, 0–30.
        min_uploaded_photos: Dyn<i64> = "min-uploaded-photos" => p(),
        /// Maximum photos, 1–30.
        max_uploaded_photos: Dyn<i64> = "max-uploaded-photos" => p(),
        /// Whether it can be used.
        enabled: Dyn<bool> = "enabled" => p(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Error text, or per-media messages.
        error_message: Dyn<ErrorMessages> = "error-message" => p(),
    }
}

model_struct! {
    /// Document upload (4.0+).
    DocumentPicker tag "type" = "DocumentPicker" {
        /// Input name.
        name: String = "name" => p().req(),
        /// Label (max 80).
        label: Dyn<String> = "label" => p().req().max(80),
        /// Description (max 300).
        description: Dyn<String> = "description" => p().max(300),
        /// Per-file size limit, 1–25600 KB.
        max_file_size_kb: Dyn<i64> = "max-file-size-kb" => p(),
        /// Minimum documents, 0–30.
        min_uploaded_documents: Dyn<i64> = "min-uploaded-documents" => p(),
        /// Maximum documents, 1–30.
        max_uploaded_documents: Dyn<i64> = "max-uploaded-documents" => p(),
        /// Accepted MIME types (24 values).
        allowed_mime_types: Dyn<Vec<String>> = "allowed-mime-types" => p(),
        /// Whether it can be used.
        enabled: Dyn<bool> = "enabled" => p(),
        /// Whether it is shown.
        visible: Dyn<bool> = "visible" => p(),
        /// Error text, or per-media messages.
        error_message: Dyn<ErrorMessages> = "error-message" => p(),
    }
}

model_struct! {
    /// A list of tappable items that navigate (6.2+); alone on its screen.
    NavigationList tag "type" = "NavigationList" {
        /// Component name.
        name: String = "name" => p().req(),
        /// 1–20 items, or a binding.
        list_items: Dyn<Vec<NavigationItem>> = "list-items" => p().req(),
        /// Label (max 80).
        label: Dyn<String> = "label" => p().max(80),
        /// Description (max 300).
        description: Dyn<String> = "description" => p().max(300),
        /// `regular` (default) or `large`.
        media_size: Dyn<MediaSize> = "media-size" => p(),
        /// On the component or on every item, never both.
        on_click_action: Action = "on-click-action" => p().actions(NAV_ACTIONS),
    }
}

model_struct! {
    /// Conditional rendering (4.0+).
    If tag "type" = "If" {
        /// Boolean expression over bindings (no backticks).
        condition: String = "condition" => p().req(),
        /// Components when true (at least 1).
        then: Vec<Component> = "then" => p().req(),
        /// Components when false.
        else_: Vec<Component> = "else" => p(),
    }
}

model_struct! {
    /// Render one of several branches by value (4.0+).
    Switch tag "type" = "Switch" {
        /// A binding such as `${data.animal}`.
        value: DynExpr = "value" => p().req(),
        /// Value → components; must not be empty.
        cases: IndexMap<String, Vec<Component>> = "cases" => p().req(),
    }
}

model_struct! {
    /// Groups inputs (mandatory before 4.0, optional after).
    Form tag "type" = "Form" {
        /// Form name.
        name: String = "name" => p().req(),
        /// The components inside.
        children: Vec<Component> = "children" => p().req(),
        /// Field name → initial value, or a binding.
        init_values: Dyn<Map<String, Value>> = "init-values" => p(),
        /// Field name → error message, or a binding.
        error_messages: Dyn<Map<String, Value>> = "error-messages" => p(),
    }
}
