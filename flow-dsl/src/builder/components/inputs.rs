//! Inputs with a single value: TextInput, TextArea, OptIn, DatePicker, CalendarPicker,
//! PhotoPicker, DocumentPicker.

use flow_model::{
    CalendarMode, ErrorMessages, InputType, LabelVariant, PhotoSource, SingleOrRange, Weekday,
};
use serde_json::Value;

use super::{builder, input_component};

builder! {
    /// A one-line text input; adding it returns a `FormRef<String>`.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let s = flow.screen("S");
    /// let email = flow.at(s).add(
    ///     TextInput::new("email", "Email").input_type(InputType::Email).required(true),
    /// );
    /// assert_eq!(email.to_string(), "${form.email}");
    /// ```
    TextInput => flow_model::TextInput {
        new(name: Lit String = "name", label: Dyn String = "label");
        /// `large` label (7.0+).
        label_variant: Dyn LabelVariant = "label-variant";
        /// Keyboard and validation kind.
        input_type: Dyn InputType = "input-type";
        /// Regex (6.2+); requires `helper-text`.
        pattern: Dyn String = "pattern";
        /// Whether a value is required.
        required: Dyn bool = "required";
        /// Minimum characters.
        min_chars: Dyn i64 = "min-chars";
        /// Maximum characters (default 80).
        max_chars: Dyn i64 = "max-chars";
        /// Helper text (max 80).
        helper_text: Dyn String = "helper-text";
        /// Whether it can be edited (UNCONFIRMED by Meta's table).
        enabled: Dyn bool = "enabled";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Initial value (4.0+, outside a Form).
        init_value: Dyn String = "init-value";
        /// Error text (4.0+, outside a Form, max 30).
        error_message: Dyn String = "error-message";
    }
}

builder! {
    /// A multi-line text input; adding it returns a `FormRef<String>`.
    TextArea => flow_model::TextArea {
        new(name: Lit String = "name", label: Dyn String = "label");
        /// `large` label (7.0+).
        label_variant: Dyn LabelVariant = "label-variant";
        /// Whether a value is required.
        required: Dyn bool = "required";
        /// Whether it can be edited.
        enabled: Dyn bool = "enabled";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Maximum length (default 600).
        max_length: Dyn i64 = "max-length";
        /// Helper text (max 80).
        helper_text: Dyn String = "helper-text";
        /// Initial value (4.0+, outside a Form).
        init_value: Dyn String = "init-value";
        /// Error text (4.0+, outside a Form).
        error_message: Dyn String = "error-message";
    }
}

builder! {
    /// A checkbox with a label and an optional "Read more" action; adding it returns a
    /// `FormRef<bool>`.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let terms = OptIn::new("terms", "I accept the terms")
    ///     .required(true)
    ///     .on_click_action(open_url("https://example.com/terms"));
    /// # let _ = terms;
    /// ```
    OptIn => flow_model::OptIn {
        new(name: Lit String = "name", label: Dyn String = "label");
        /// Whether it must be ticked.
        required: Dyn bool = "required";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// "Read more": `data_exchange`, `navigate`, `open_url` (6.0+).
        on_click_action: Act Action = "on-click-action";
        /// `update_data` on select (6.0+).
        on_select_action: Act Action = "on-select-action";
        /// `update_data` on unselect (6.0+).
        on_unselect_action: Act Action = "on-unselect-action";
        /// Initially ticked (4.0+, outside a Form).
        init_value: Dyn bool = "init-value";
    }
}

builder! {
    /// A date input (`YYYY-MM-DD` from 5.0); adding it returns a `FormRef<String>`.
    DatePicker => flow_model::DatePicker {
        new(name: Lit String = "name", label: Dyn String = "label");
        /// Earliest selectable date.
        min_date: Dyn String = "min-date";
        /// Latest selectable date.
        max_date: Dyn String = "max-date";
        /// Dates that cannot be chosen.
        unavailable_dates: Dyn Vec<String> = "unavailable-dates";
        /// Helper text (max 80).
        helper_text: Dyn String = "helper-text";
        /// Error text (4.0+, outside a Form, max 80).
        error_message: Dyn String = "error-message";
        /// Whether it can be edited.
        enabled: Dyn bool = "enabled";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Whether a date is required.
        required: Dyn bool = "required";
        /// `data_exchange` only.
        on_select_action: Act Action = "on-select-action";
        /// Initial date (4.0+, outside a Form).
        init_value: Dyn String = "init-value";
    }
}

builder! {
    /// A full calendar, single date or range (6.1+); adding it returns a `FormRef<String>`
    /// (in range mode, use `.field("start-date")`… on it).
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let single = CalendarPicker::new("day", "Day").min_date("2025-01-01");
    /// let range = CalendarPicker::new("stay", date_range("Check-in", "Check-out"))
    ///     .mode(CalendarMode::Range);
    /// # let _ = (single, range);
    /// ```
    CalendarPicker => flow_model::CalendarPicker {
        new(name: Lit String = "name", label: Dyn SingleOrRange<String> = "label");
        /// Title, range mode only (max 80).
        title: Dyn String = "title";
        /// Description, range mode only (max 300).
        description: Dyn String = "description";
        /// Helper text, or a pair.
        helper_text: Dyn SingleOrRange<String> = "helper-text";
        /// Required, or a pair of booleans.
        required: Dyn SingleOrRange<bool> = "required";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Whether it can be edited.
        enabled: Dyn bool = "enabled";
        /// `single` (default) or `range`.
        mode: Dyn CalendarMode = "mode";
        /// Earliest date, `YYYY-MM-DD`.
        min_date: Dyn String = "min-date";
        /// Latest date, `YYYY-MM-DD`.
        max_date: Dyn String = "max-date";
        /// Unavailable dates.
        unavailable_dates: Dyn Vec<String> = "unavailable-dates";
        /// Selectable weekdays.
        include_days: Dyn Vec<Weekday> = "include-days";
        /// Minimum days in a range.
        min_days: Dyn i64 = "min-days";
        /// Maximum days in a range.
        max_days: Dyn i64 = "max-days";
        /// `data_exchange` only.
        on_select_action: Act Action = "on-select-action";
        /// Initial value (outside a Form).
        init_value: Dyn SingleOrRange<String> = "init-value";
        /// Error text (outside a Form, max 80).
        error_message: Dyn SingleOrRange<String> = "error-message";
    }
}

builder! {
    /// Photo upload from camera or gallery (4.0+); adding it returns a `FormRef<Vec<Value>>`.
    PhotoPicker => flow_model::PhotoPicker {
        new(name: Lit String = "name", label: Dyn String = "label");
        /// Description (max 300).
        description: Dyn String = "description";
        /// `camera_gallery` (default), `camera`, `gallery`.
        photo_source: Dyn PhotoSource = "photo-source";
        /// Per-file size limit, 1–25600 KB.
        max_file_size_kb: Dyn i64 = "max-file-size-kb";
        /// Minimum photos, 0–30.
        min_uploaded_photos: Dyn i64 = "min-uploaded-photos";
        /// Maximum photos, 1–30.
        max_uploaded_photos: Dyn i64 = "max-uploaded-photos";
        /// Whether it can be used.
        enabled: Dyn bool = "enabled";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Error text, or per-media messages.
        error_message: Dyn ErrorMessages = "error-message";
    }
}

builder! {
    /// Document upload (4.0+); adding it returns a `FormRef<Vec<Value>>`.
    DocumentPicker => flow_model::DocumentPicker {
        new(name: Lit String = "name", label: Dyn String = "label");
        /// Description (max 300).
        description: Dyn String = "description";
        /// Per-file size limit, 1–25600 KB.
        max_file_size_kb: Dyn i64 = "max-file-size-kb";
        /// Minimum documents, 0–30.
        min_uploaded_documents: Dyn i64 = "min-uploaded-documents";
        /// Maximum documents, 1–30.
        max_uploaded_documents: Dyn i64 = "max-uploaded-documents";
        /// Accepted MIME types.
        allowed_mime_types: Dyn Vec<String> = "allowed-mime-types";
        /// Whether it can be used.
        enabled: Dyn bool = "enabled";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Error text, or per-media messages.
        error_message: Dyn ErrorMessages = "error-message";
    }
}

input_component!(
    TextInput => String,
    TextArea => String,
    OptIn => bool,
    DatePicker => String,
    CalendarPicker => String,
    PhotoPicker => Vec<Value>,
    DocumentPicker => Vec<Value>
);
