//! Inputs with options: CheckboxGroup, RadioButtonsGroup, Dropdown, ChipsSelector.
//!
//! Options are a list of [`Choice`]s or a reference to screen data declared with
//! [`Screen::data`](crate::builder::Screen::data)`::<Vec<Choice>>`.

use flow_model::{MediaSize, StringOrList};

use super::items::Choice;
use super::{builder, input_component};

builder! {
    /// Several options, any number selected; adding it returns a `FormRef<Vec<String>>`.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let c = CheckboxGroup::new("topics", "Topics", [Choice::new("a", "A"), Choice::new("b", "B")])
    ///     .min_selected_items(1);
    /// # let _ = c;
    /// ```
    CheckboxGroup => flow_model::CheckboxGroup {
        new(name: Lit String = "name", label: Dyn String = "label", data_source: Dyn Vec<Choice> = "data-source");
        /// Description (4.0+).
        description: Dyn String = "description";
        /// Minimum selections.
        min_selected_items: Dyn i64 = "min-selected-items";
        /// Maximum selections.
        max_selected_items: Dyn i64 = "max-selected-items";
        /// Whether a selection is required.
        required: Dyn bool = "required";
        /// Whether it can be edited.
        enabled: Dyn bool = "enabled";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Action on select.
        on_select_action: Act Action = "on-select-action";
        /// Action on unselect (6.0+).
        on_unselect_action: Act Action = "on-unselect-action";
        /// Initially selected ids (4.0+, outside a Form).
        init_value: Dyn Vec<String> = "init-value";
        /// Error text (4.0+, outside a Form).
        error_message: Dyn String = "error-message";
        /// Option size (5.0+).
        media_size: Dyn MediaSize = "media-size";
    }
}

builder! {
    /// Several options, one selected; adding it returns a `FormRef<String>`.
    RadioButtonsGroup => flow_model::RadioButtonsGroup {
        new(name: Lit String = "name", label: Dyn String = "label", data_source: Dyn Vec<Choice> = "data-source");
        /// Description (4.0+).
        description: Dyn String = "description";
        /// Whether a selection is required.
        required: Dyn bool = "required";
        /// Whether it can be edited.
        enabled: Dyn bool = "enabled";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Action on select.
        on_select_action: Act Action = "on-select-action";
        /// Action on unselect (6.0+).
        on_unselect_action: Act Action = "on-unselect-action";
        /// Initially selected id (4.0+, outside a Form).
        init_value: Dyn StringOrList = "init-value";
        /// Error text (4.0+, outside a Form).
        error_message: Dyn String = "error-message";
        /// Option size (5.0+).
        media_size: Dyn MediaSize = "media-size";
    }
}

macro_rules! without_label {
    ($($name:ident),*) => {$(
        impl $name {
            /// Without a label: only valid before Flow JSON 4.0, which made `label` required.
            #[track_caller]
            pub fn without_label(
                name: impl Into<String>,
                data_source: impl Into<crate::builder::value::DynValue<Vec<Choice>>>,
            ) -> Self {
                let mut c = Self::new(name, "", data_source);
                c.label = None;
                c
            }
        }
    )*};
}
without_label!(CheckboxGroup, RadioButtonsGroup);

builder! {
    /// A drop-down list; adding it returns a `FormRef<String>`.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let s = flow.screen("S");
    /// let slots = flow.at(s).data::<Vec<Choice>>("slots", vec![Choice::new("9", "9:00")]);
    /// let slot = flow.at(s).add(Dropdown::new("slot", "Time", &slots).required(true));
    /// # let _ = slot;
    /// ```
    Dropdown => flow_model::Dropdown {
        new(name: Lit String = "name", label: Dyn String = "label", data_source: Dyn Vec<Choice> = "data-source");
        /// Whether a selection is required.
        required: Dyn bool = "required";
        /// Whether it can be edited.
        enabled: Dyn bool = "enabled";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Action on select.
        on_select_action: Act Action = "on-select-action";
        /// Action on unselect (6.0+).
        on_unselect_action: Act Action = "on-unselect-action";
        /// Initially selected id (outside a Form).
        init_value: Dyn String = "init-value";
        /// Error text (outside a Form).
        error_message: Dyn String = "error-message";
    }
}

builder! {
    /// Chips, several selectable (6.3+); adding it returns a `FormRef<Vec<String>>`.
    ChipsSelector => flow_model::ChipsSelector {
        new(name: Lit String = "name", label: Dyn String = "label", data_source: Dyn Vec<Choice> = "data-source");
        /// Description (max 300).
        description: Dyn String = "description";
        /// Minimum selections.
        min_selected_items: Dyn i64 = "min-selected-items";
        /// Maximum selections.
        max_selected_items: Dyn i64 = "max-selected-items";
        /// Whether a selection is required.
        required: Dyn bool = "required";
        /// Whether it can be edited.
        enabled: Dyn bool = "enabled";
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Initially selected ids (outside a Form).
        init_value: Dyn Vec<String> = "init-value";
        /// Error text (outside a Form).
        error_message: Dyn String = "error-message";
        /// Action on select.
        on_select_action: Act Action = "on-select-action";
        /// Action on unselect (7.1+).
        on_unselect_action: Act Action = "on-unselect-action";
    }
}

input_component!(
    CheckboxGroup => Vec<String>,
    RadioButtonsGroup => String,
    Dropdown => String,
    ChipsSelector => Vec<String>
);
