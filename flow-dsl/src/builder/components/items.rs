//! Items inside components: options of list inputs ([`Choice`]), NavigationList items
//! ([`NavItem`]), carousel images and CalendarPicker ranges.

use std::panic::Location;

use flow_model::{
    CarouselImage, DataSchema, DateRange, Dyn, NavigationContent, NavigationItem, NavigationStart,
    SingleOrRange,
};
use serde_json::Value;

use super::builder;
use crate::builder::actions::Action;
use crate::builder::refs::{RenderCx, Seg};
use crate::builder::value::{DataType, DynValue, LitValue};

builder! {
    /// An option of CheckboxGroup, RadioButtonsGroup, Dropdown and ChipsSelector (spec §C.14).
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let c = Choice::new("large", "Large").description("For groups").enabled(true);
    /// # let _ = c;
    /// ```
    Choice / ChoiceOpts => flow_model::DataSourceItem {
        new(id: Lit String = "id", title: Dyn String = "title");
        /// A second line (max 300).
        description: Dyn String = "description";
        /// A third line (max 20).
        metadata: Dyn String = "metadata";
        /// Whether the option can be selected.
        enabled: Dyn bool = "enabled";
        /// Base64 image (5.0+).
        image: Dyn String = "image";
        /// Image description (5.0+).
        alt_text: Dyn String = "alt-text";
        /// 6-digit hex colour (5.0+).
        color: Dyn String = "color";
        /// `update_data` on select (6.0+).
        on_select_action: Act Action = "on-select-action";
        /// `update_data` on unselect (6.0+).
        on_unselect_action: Act Action = "on-unselect-action";
    }
}

impl LitValue for Vec<Choice> {
    type Out = Vec<flow_model::DataSourceItem>;
    fn render_lit(self, cx: &mut RenderCx<'_>) -> Self::Out {
        let mut out = Vec::with_capacity(self.len());
        for (i, c) in self.into_iter().enumerate() {
            cx.push(Seg::Idx(i));
            out.push(c.render(cx));
            cx.pop();
        }
        out
    }
}

/// A bound `data-source`: declared as an array of `{id, title}` objects.
impl DataType for Vec<Choice> {
    fn example_json(&self) -> Value {
        let mut cx = RenderCx::detached();
        Value::Array(
            self.iter()
                .map(|c| flow_model::to_value(c.clone().render(&mut cx)))
                .collect(),
        )
    }
    fn schema(example: &Value) -> DataSchema {
        // With a non-empty example the items follow it (description, image... included).
        DataSchema::choice_list(example)
    }
}

/// A NavigationList item (spec §C.13): `main-content` title is required.
///
/// ```
/// use flow_dsl::builder::*;
/// let item = NavItem::new("plan_a", "Plan A").description("Basic").badge("New");
/// # let _ = item;
/// ```
#[derive(Debug, Clone)]
pub struct NavItem {
    id: String,
    title: DynValue<String>,
    description: Option<DynValue<String>>,
    metadata: Option<DynValue<String>>,
    start: Option<(DynValue<String>, Option<DynValue<String>>)>,
    end: Option<[Option<DynValue<String>>; 3]>,
    badge: Option<DynValue<String>>,
    tags: Option<Vec<String>>,
    on_click_action: Option<Action>,
    loc: &'static Location<'static>,
}

impl NavItem {
    /// The JSON keys of the constructor arguments (`main-content` through its title).
    pub const NEW_ARGS: &'static [&'static str] = &["id", "main-content"];
    /// Every JSON key this builder writes (`main-content` from the title, `description` and
    /// `metadata`; `start` from `start_image`); tested against flow-model's table.
    pub const PROPS: &'static [&'static str] = &[
        "id",
        "main-content",
        "start",
        "end",
        "badge",
        "tags",
        "on-click-action",
    ];

    /// An item with its id and `main-content` title.
    #[track_caller]
    pub fn new(id: impl Into<String>, title: impl Into<DynValue<String>>) -> Self {
        NavItem {
            id: id.into(),
            title: title.into(),
            description: None,
            metadata: None,
            start: None,
            end: None,
            badge: None,
            tags: None,
            on_click_action: None,
            loc: Location::caller(),
        }
    }
    /// `main-content.description`.
    pub fn description(mut self, v: impl Into<DynValue<String>>) -> Self {
        self.description = Some(v.into());
        self
    }
    /// `main-content.metadata`.
    pub fn metadata(mut self, v: impl Into<DynValue<String>>) -> Self {
        self.metadata = Some(v.into());
        self
    }
    /// `start`: a leading image (base64) with its description.
    pub fn start_image(
        mut self,
        image: impl Into<DynValue<String>>,
        alt_text: Option<&str>,
    ) -> Self {
        self.start = Some((image.into(), alt_text.map(DynValue::from)));
        self
    }
    /// `end`: trailing title, description, metadata.
    pub fn end(
        mut self,
        title: Option<&str>,
        description: Option<&str>,
        metadata: Option<&str>,
    ) -> Self {
        self.end = Some([
            title.map(DynValue::from),
            description.map(DynValue::from),
            metadata.map(DynValue::from),
        ]);
        self
    }
    /// Badge text (max 15; one item per list).
    pub fn badge(mut self, v: impl Into<DynValue<String>>) -> Self {
        self.badge = Some(v.into());
        self
    }
    /// Up to 3 tags.
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }
    /// `navigate` or `data_exchange` when this item is tapped.
    pub fn on_click_action(mut self, a: Action) -> Self {
        self.on_click_action = Some(a);
        self
    }

    fn render(self, cx: &mut RenderCx<'_>) -> NavigationItem {
        let prev = cx.enter(self.loc);
        let dynv = |v: Option<DynValue<String>>, cx: &mut RenderCx<'_>| -> Option<Dyn<String>> {
            v.map(|v| v.render(cx))
        };
        let mut item = NavigationItem::default();
        item.id = Some(self.id);
        let mut main = NavigationContent::default();
        main.title = Some(self.title.render(cx));
        main.description = dynv(self.description, cx);
        main.metadata = dynv(self.metadata, cx);
        item.main_content = Some(main);
        if let Some((image, alt)) = self.start {
            let mut s = NavigationStart::default();
            s.image = Some(image.render(cx));
            s.alt_text = dynv(alt, cx);
            item.start = Some(s);
        }
        if let Some([t, d, m]) = self.end {
            let mut e = NavigationContent::default();
            e.title = dynv(t, cx);
            e.description = dynv(d, cx);
            e.metadata = dynv(m, cx);
            item.end = Some(e);
        }
        item.badge = dynv(self.badge, cx);
        item.tags = self.tags;
        if let Some(a) = self.on_click_action {
            cx.push(Seg::Key("on-click-action"));
            item.on_click_action = Some(a.render(cx));
            cx.pop();
        }
        cx.leave(prev);
        item
    }
}

impl LitValue for Vec<NavItem> {
    type Out = Vec<NavigationItem>;
    fn render_lit(self, cx: &mut RenderCx<'_>) -> Self::Out {
        let mut out = Vec::with_capacity(self.len());
        for (i, c) in self.into_iter().enumerate() {
            cx.push(Seg::Idx(i));
            out.push(c.render(cx));
            cx.pop();
        }
        out
    }
}

/// An ImageCarousel image: base64 `src` and its `alt-text`.
pub fn carousel_image(src: impl Into<String>, alt_text: impl Into<String>) -> CarouselImage {
    let mut c = CarouselImage::default();
    c.src = Some(Dyn::from_text(src.into()));
    c.alt_text = Some(Dyn::from_text(alt_text.into()));
    c
}

/// A CalendarPicker range-mode text value (label, helper text, init value, error message):
/// `{"start-date": start, "end-date": end}`.
pub fn date_range(start: impl Into<String>, end: impl Into<String>) -> SingleOrRange<String> {
    let mut r = DateRange::default();
    r.start_date = Some(Dyn::Lit(Value::String(start.into())));
    r.end_date = Some(Dyn::Lit(Value::String(end.into())));
    SingleOrRange::Range(Box::new(r))
}

/// A CalendarPicker range-mode `required`: `{"start-date": start, "end-date": end}`.
pub fn date_range_flags(start: bool, end: bool) -> SingleOrRange<bool> {
    let mut r = DateRange::default();
    r.start_date = Some(Dyn::Lit(Value::Bool(start)));
    r.end_date = Some(Dyn::Lit(Value::Bool(end)));
    SingleOrRange::Range(Box::new(r))
}
