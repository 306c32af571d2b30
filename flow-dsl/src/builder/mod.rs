//! Typed builders for Flow JSON: any flow in Rust, navigation safe by construction.
//!
//! - **Screens by handle.** [`Flow::screen`] declares a screen and returns a [`ScreenHandle`];
//!   `navigate` only accepts handles, so its target always exists. A handle from another flow
//!   is reported by `build()`.
//! - **Required properties are constructor arguments** (`TextInput::new(name, label)`,
//!   `Footer::new(label, action)`); the rest are chained setters named after the JSON key.
//! - **Typed references.** Declaring data ([`Screen::data`]) or adding an input
//!   ([`Screen::add`]) returns an [`Expr<T>`] usable in text, `visible`/`enabled`, payloads
//!   and `If` conditions. It renders `${data.x}`, `${form.x}`, or `${screen.S.form.x}` when
//!   used on another screen. Navigate payloads are checked against the target's data.
//! - **`build()`** returns the [`flow_model::FlowJson`] or a [`BuildError`] with every
//!   validator and builder finding, each carrying the Rust location of the builder call that
//!   created the offending node.
//!
//! ```
//! use flow_dsl::builder::*;
//!
//! let mut flow = Flow::new("7.3");
//! let start = flow.screen("START");
//! let thanks = flow.screen("THANKS");
//!
//! let s = flow.at(start);
//! s.title("Feedback");
//! let rating = s.add(RadioButtonsGroup::new("rating", "How was it?", [
//!     Choice::new("good", "Good"),
//!     Choice::new("bad", "Bad"),
//! ]).required(true));
//! let comment = s.add(TextArea::new("comment", "Tell us more").visible(rating.eq("bad")));
//! s.child(Footer::new("Send", navigate(thanks).with("rating", &rating).with("comment", &comment)));
//!
//! let t = flow.at(thanks);
//! let rating = t.data::<String>("rating", "good");
//! let comment = t.data::<String>("comment", "");
//! t.title("Thank you").terminal(true).success(true)
//!     .child(TextBody::new("Thanks for your feedback!"))
//!     .child(Footer::new("Done", complete().with("rating", &rating).with("comment", &comment)));
//!
//! let json = flow.build().unwrap();
//! let v = json.to_value();
//! assert_eq!(v["screens"][0]["layout"]["children"][1]["visible"], "`${form.rating} == 'bad'`");
//! ```

mod actions;
mod components;
mod error;
mod expr;
mod flow;
mod refs;
mod screen;
mod value;

pub use actions::{Action, PayloadValue, complete, data_exchange, navigate, open_url, update_data};
pub use components::{
    BuilderKeys, CalendarPicker, CheckboxGroup, Child, ChipsSelector, Choice, Component,
    DatePicker, DocumentPicker, Dropdown, EmbeddedLink, Footer, Form, If, Image, ImageCarousel,
    NavItem, NavigationList, OptIn, PhotoPicker, RadioButtonsGroup, RichText, Switch, TextArea,
    TextBody, TextCaption, TextHeading, TextInput, TextSubheading, carousel_image, date_range,
    date_range_flags,
};
pub use error::{BuildError, BuildFinding, FindingSource, codes};
pub use expr::{Expr, Numeric};
pub use flow::Flow;
pub(crate) use flow::locate;
pub use refs::{DataRef, FormRef, ScreenHandle};
pub use screen::{FormScope, Screen};
pub use value::{DataType, DynValue, ExprValue, LitValue, infer_schema};

// Enumerations used by setters, so `use flow_dsl::builder::*` is enough to write a flow.
pub use flow_model::{
    CalendarMode, CarouselAspectRatio, FontWeight, InputType, LabelVariant, MediaSize, PhotoSource,
    ScaleType, Weekday,
};
