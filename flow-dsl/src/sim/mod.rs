//! Run a flow without a phone: the WhatsApp client's behaviour, headless, for tests and for
//! `flow-dsl preview`.
//!
//! A [`Simulator`] holds one user's session: the screen shown and the screens behind it, each
//! with its `data` (from the `navigate` payload, the endpoint's answer, or the `__example__`s
//! of the first screen) and its form state (from `init-values` / `init-value`). Conditions,
//! bindings (`${data.x}`, `${form.x}`, `${screen.S.form.x}`) and backtick expressions are
//! evaluated by [`flow_model::eval`], the same reading of the text the validator checks.
//!
//! The user's side reads like a test script: [`fill`](Simulator::fill),
//! [`select`](Simulator::select), [`check`](Simulator::check) and the like chain, and the
//! first problem among them comes out of the next tap ([`tap_footer`](Simulator::tap_footer),
//! [`tap_link`](Simulator::tap_link), [`back`](Simulator::back)…). Errors say what the phone
//! would show: "Footer disabled: required input 'email' is empty".
//!
//! ```
//! use flow_dsl::sim::Simulator;
//! use serde::Deserialize;
//!
//! let flow = flow_dsl::model::FlowJson::from_str(r#"{"version": "7.3", "screens": [
//!   {"id": "START", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
//!     {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true},
//!     {"type": "RadioButtonsGroup", "name": "rating", "label": "Rating", "data-source": [
//!       {"id": "good", "title": "Good"}, {"id": "bad", "title": "Bad"}]},
//!     {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete",
//!       "payload": {"email": "${form.email}", "rating": "${form.rating}"}}}]}}]}"#)?;
//!
//! let mut sim = Simulator::new(&flow)?;
//! let err = sim.tap_footer().unwrap_err();
//! assert_eq!(err.to_string(), "Footer disabled: required input 'email' is empty (screen START)");
//!
//! sim.fill("email", "a@b.c").select("rating", "good").tap_footer()?;
//!
//! #[derive(Deserialize)]
//! struct Answers { email: String, rating: String }
//! let answers: Answers = sim.completion()?;
//! assert_eq!((answers.email.as_str(), answers.rating.as_str()), ("a@b.c", "good"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod backend;
mod error;
mod pattern;
mod render;

use std::collections::HashMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use flow_model::eval;
use flow_model::{Binding, FlowJson};

#[cfg(feature = "endpoint")]
pub use backend::EncryptedEndpoint;
pub use backend::{Backend, ExampleEndpoint, ExchangeRequest, example_data};
pub use error::SimError;
pub use pattern::PatternMatch;
pub use render::Rendered;

/// What names an input for [`Simulator::fill`], [`Simulator::select`] and the like: its
/// `name` as text, the handle the builder gave for it (`s.add(TextInput::new(…))`), or the
/// [`Input`] `flow!` generates (`Flow::start_inputs().email`), so a renamed input is a
/// compile error in the test rather than a failed lookup.
pub trait InputName {
    /// The input's `name`; `None` for a handle that is not an input's.
    fn input_name(&self) -> Option<String>;

    /// The screen the input is on, when the handle knows it (a `flow!` [`Input`]): naming it
    /// on another screen is then [`SimError::OtherScreen`] rather than a failed lookup.
    fn input_screen(&self) -> Option<&str> {
        None
    }
}

/// An input of a `flow!` flow, as the macro names it: `Flow::start_inputs().email` is the
/// input `email` of screen `START`, typed by its answer (`String`, `Vec<String>` for a
/// CheckboxGroup, `bool` for an OptIn…). Renaming or removing the input in the flow makes
/// the test that names it fail to compile.
///
/// ```
/// use flow_dsl::sim::{Input, InputName};
/// const EMAIL: Input<String> = Input::new("START", "email");
/// assert_eq!((EMAIL.screen(), EMAIL.name()), ("START", "email"));
/// assert_eq!(EMAIL.input_name().as_deref(), Some("email"));
/// ```
pub struct Input<T> {
    screen: &'static str,
    name: &'static str,
    _answer: std::marker::PhantomData<fn() -> T>,
}

impl<T> Input<T> {
    /// The input `name` of screen `screen` (what `flow!` generates).
    pub const fn new(screen: &'static str, name: &'static str) -> Self {
        Input {
            screen,
            name,
            _answer: std::marker::PhantomData,
        }
    }

    /// The id of the screen the input is on.
    pub const fn screen(&self) -> &'static str {
        self.screen
    }

    /// The input's `name`.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

// By hand: derives would ask `T` for the same traits, and the answer type is only a marker.
impl<T> Clone for Input<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Input<T> {}

impl<T> PartialEq for Input<T> {
    fn eq(&self, other: &Self) -> bool {
        (self.screen, self.name) == (other.screen, other.name)
    }
}

impl<T> Eq for Input<T> {}

impl<T> std::fmt::Debug for Input<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Input({}.{})", self.screen, self.name)
    }
}

impl<T> InputName for Input<T> {
    fn input_name(&self) -> Option<String> {
        Some(self.name.to_owned())
    }

    fn input_screen(&self) -> Option<&str> {
        Some(self.screen)
    }
}

impl<T> InputName for &Input<T> {
    fn input_name(&self) -> Option<String> {
        Some(self.name.to_owned())
    }

    fn input_screen(&self) -> Option<&str> {
        Some(self.screen)
    }
}

impl InputName for &str {
    fn input_name(&self) -> Option<String> {
        Some((*self).to_owned())
    }
}

impl InputName for String {
    fn input_name(&self) -> Option<String> {
        Some(self.clone())
    }
}

impl InputName for &String {
    fn input_name(&self) -> Option<String> {
        Some((*self).clone())
    }
}

impl<T> InputName for &crate::builder::Expr<T> {
    fn input_name(&self) -> Option<String> {
        self.form_input_name().map(str::to_owned)
    }
}

/// One screen as the user has it: its id, data and answers so far.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenState {
    /// The screen id.
    pub id: String,
    /// `${data.*}`.
    pub data: Map<String, Value>,
    /// `${form.*}`: every answered input by name.
    pub form: Map<String, Value>,
}

/// One action the flow performed, for test assertions and the preview's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionRecord {
    /// `navigate`, `data_exchange`, `INIT`, `BACK`, `update_data`, `complete` or `open_url`.
    pub action: String,
    /// The screen it was performed on.
    pub screen: String,
    /// The resolved payload (the URL for `open_url`).
    pub payload: Value,
    /// The endpoint's decrypted answer, for endpoint calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Value>,
}

/// Configures a [`Simulator`] before the flow opens.
pub struct SimulatorBuilder {
    flow: Value,
    data: Option<Map<String, Value>>,
    screen: Option<String>,
    backend: Option<Box<dyn Backend>>,
    init: bool,
    flow_token: String,
    pattern_match: PatternMatch,
}

impl std::fmt::Debug for SimulatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulatorBuilder")
            .field("screen", &self.screen)
            .field("init", &self.init)
            .finish_non_exhaustive()
    }
}

impl SimulatorBuilder {
    /// The first screen's data, as the message's `flow_action_payload.data` gives it
    /// (default: the screen's `__example__`s).
    pub fn initial_data(mut self, data: Value) -> Self {
        self.data = data.as_object().cloned();
        self
    }

    /// Opens this screen instead of the entry screen (`flow_action_payload.screen`).
    pub fn start_screen(mut self, id: impl Into<String>) -> Self {
        self.screen = Some(id.into());
        self
    }

    /// Where `data_exchange`, `INIT` and `BACK` (with `refresh_on_back`) go.
    pub fn endpoint(mut self, backend: impl Backend + 'static) -> Self {
        self.backend = Some(Box::new(backend));
        self
    }

    /// Opens the flow as a message with `flow_action: data_exchange` does: an `INIT` request
    /// to the endpoint chooses the first screen and its data.
    pub fn init_with_endpoint(mut self) -> Self {
        self.init = true;
        self
    }

    /// The flow token sent with every endpoint request (default `"flow-token"`).
    pub fn flow_token(mut self, token: impl Into<String>) -> Self {
        self.flow_token = token.into();
        self
    }

    /// How TextInput `pattern`s are matched (default [`PatternMatch::Whole`]: the whole text,
    /// as native clients' regex `matches` does; whether Meta's clients anchor is UNCONFIRMED).
    pub fn pattern_match(mut self, how: PatternMatch) -> Self {
        self.pattern_match = how;
        self
    }

    /// Opens the flow on its first screen.
    ///
    /// # Errors
    /// [`SimError::CannotStart`] when the flow has no screens or the start screen is unknown;
    /// endpoint errors of the INIT request.
    pub fn start(self) -> Result<Simulator, SimError> {
        let mut sim = Simulator {
            flow: self.flow,
            stack: Vec::new(),
            visited: HashMap::new(),
            backend: self.backend,
            flow_token: self.flow_token,
            completion: None,
            log: Vec::new(),
            pending: None,
            snackbar: None,
            opened_urls: Vec::new(),
            pattern_match: self.pattern_match,
        };
        if self.init {
            let answer = sim.call("INIT", String::new(), Map::new())?;
            sim.apply_answer(answer, true)?;
            return Ok(sim);
        }
        let id = match self.screen {
            Some(id) => id,
            None => entry_screen(&sim.flow)
                .ok_or_else(|| SimError::CannotStart("the flow has no screens".into()))?,
        };
        let screen = sim
            .screen_json(&id)
            .ok_or_else(|| SimError::CannotStart(format!("there is no screen '{id}'")))?;
        let data = self.data.unwrap_or_else(|| example_data(screen));
        sim.enter(id, data);
        Ok(sim)
    }
}

/// One user's session in a flow. See the [module documentation](self).
pub struct Simulator {
    flow: Value,
    /// The screens the user walked through; the last one is shown.
    stack: Vec<ScreenState>,
    /// The last state of screens left, for `${screen.S.…}` references.
    visited: HashMap<String, ScreenState>,
    backend: Option<Box<dyn Backend>>,
    flow_token: String,
    completion: Option<Value>,
    log: Vec<ActionRecord>,
    /// The first error of a chain of `fill`/`select` calls, returned by the next tap.
    pending: Option<SimError>,
    snackbar: Option<String>,
    opened_urls: Vec<String>,
    pattern_match: PatternMatch,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("stack", &self.stack)
            .field("completion", &self.completion)
            .finish_non_exhaustive()
    }
}

/// The screen the flow opens on: the routing model's entry (a screen no route leads to), else
/// the first screen.
pub(crate) fn entry_screen(flow: &Value) -> Option<String> {
    let screens = flow.get("screens")?.as_array()?;
    let ids: Vec<&str> = screens
        .iter()
        .filter_map(|s| s.get("id").and_then(Value::as_str))
        .collect();
    if let Some(model) = flow.get("routing_model").and_then(Value::as_object) {
        let targeted = |id: &str| {
            model
                .values()
                .filter_map(Value::as_array)
                .flatten()
                .any(|t| t.as_str() == Some(id))
        };
        if let Some(id) = ids.iter().find(|id| !targeted(id)) {
            return Some((*id).to_owned());
        }
    }
    ids.first().map(|s| (*s).to_owned())
}

/// The state the preview page draws.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    /// The screen shown.
    pub screen: String,
    /// Its title, evaluated.
    pub title: Option<String>,
    /// Whether it is terminal.
    pub terminal: bool,
    /// Its data.
    pub data: Map<String, Value>,
    /// Its answers.
    pub form: Map<String, Value>,
    /// What it shows.
    pub components: Vec<Rendered>,
    /// Screens behind it.
    pub back_stack: Vec<String>,
    /// The actions performed so far.
    pub log: Vec<ActionRecord>,
    /// The completion payload, once the flow ended.
    pub completion: Option<Value>,
    /// The endpoint's `error_message`, shown as a snackbar.
    pub snackbar: Option<String>,
}

impl Simulator {
    /// Opens `flow` on its entry screen with the `__example__` data, no endpoint.
    ///
    /// # Errors
    /// [`SimError::CannotStart`] when the flow has no screens.
    pub fn new(flow: &FlowJson) -> Result<Self, SimError> {
        Self::builder(flow).start()
    }

    /// Configures the session (initial data, endpoint, INIT) before opening the flow.
    pub fn builder(flow: &FlowJson) -> SimulatorBuilder {
        Self::builder_from_value(flow.to_value())
    }

    /// [`Simulator::builder`] from the document's JSON value.
    pub fn builder_from_value(flow: Value) -> SimulatorBuilder {
        SimulatorBuilder {
            flow,
            data: None,
            screen: None,
            backend: None,
            init: false,
            flow_token: "flow-token".to_owned(),
            pattern_match: PatternMatch::default(),
        }
    }

    // ----- what the user sees -----

    /// The id of the screen shown.
    pub fn screen(&self) -> &str {
        &self.current().id
    }

    /// The screen shown: id, data and answers.
    pub fn state(&self) -> &ScreenState {
        self.current()
    }

    /// The shown screen's `${data.*}`.
    pub fn data(&self) -> &Map<String, Value> {
        &self.current().data
    }

    /// The shown screen's answers (`${form.*}`).
    pub fn form(&self) -> &Map<String, Value> {
        &self.current().form
    }

    /// The screen's title, evaluated.
    pub fn title(&self) -> Option<String> {
        let title = self.current_json()?.get("title")?.as_str()?;
        Some(eval::display(&eval::dynamic(title, &self.lookup())))
    }

    /// Whether the flow has ended.
    pub fn is_complete(&self) -> bool {
        self.completion.is_some()
    }

    /// Whether the screen shown is terminal.
    pub fn is_terminal(&self) -> bool {
        self.current_json()
            .and_then(|s| s.get("terminal"))
            .and_then(Value::as_bool)
            == Some(true)
    }

    /// The components the screen shows, in order, after If/Switch and `visible`.
    pub fn visible_components(&self) -> Vec<Rendered> {
        let children = self
            .current_json()
            .and_then(|s| s.pointer("/layout/children"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        render::render(children, &self.lookup())
    }

    /// The visible component with `name` (an input) or with this `text`/`label`.
    pub fn component(&self, name_or_text: &str) -> Option<Rendered> {
        self.visible_components().into_iter().find(|c| {
            c.name.as_deref() == Some(name_or_text)
                || c.text("text") == Some(name_or_text)
                || c.text("label") == Some(name_or_text)
        })
    }

    /// Every text the screen shows (headings, bodies, captions, labels), for assertions.
    pub fn texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for c in self.visible_components() {
            for key in ["text", "label"] {
                match c.prop(key) {
                    Some(Value::String(s)) => out.push(s.clone()),
                    Some(Value::Array(a)) => {
                        out.extend(a.iter().filter_map(Value::as_str).map(str::to_owned))
                    }
                    _ => {}
                }
            }
        }
        out
    }

    /// The completion payload, typed: the flow's `…Completion` struct for `flow!` flows, any
    /// `Deserialize` type otherwise (`serde_json::Value` for all of it).
    ///
    /// # Errors
    /// [`SimError::Completion`] before the flow completed, or when the payload does not fit `T`.
    pub fn completion<T: DeserializeOwned>(&self) -> Result<T, SimError> {
        let payload = self.completion.as_ref().ok_or_else(|| {
            SimError::Completion(format!(
                "the flow has not completed; it is on screen {}",
                self.screen()
            ))
        })?;
        serde_json::from_value(payload.clone()).map_err(|e| {
            SimError::Completion(format!("the payload {payload} does not fit the type: {e}"))
        })
    }

    /// The completion payload as JSON, once the flow ended.
    pub fn completion_json(&self) -> Option<&Value> {
        self.completion.as_ref()
    }

    /// Every action performed so far.
    pub fn log(&self) -> &[ActionRecord] {
        &self.log
    }

    /// URLs opened with `open_url`.
    pub fn opened_urls(&self) -> &[String] {
        &self.opened_urls
    }

    /// The last endpoint `error_message` (a snackbar on the phone).
    pub fn snackbar(&self) -> Option<&str> {
        self.snackbar.as_deref()
    }

    /// Everything the preview page draws.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            screen: self.screen().to_owned(),
            title: self.title(),
            terminal: self.is_terminal(),
            data: self.data().clone(),
            form: self.form().clone(),
            components: self.visible_components(),
            back_stack: self.stack[..self.stack.len() - 1]
                .iter()
                .map(|s| s.id.clone())
                .collect(),
            log: self.log.clone(),
            completion: self.completion.clone(),
            snackbar: self.snackbar.clone(),
        }
    }

    /// The first problem of the `fill`/`select`/`check` calls since the last tap, taken out
    /// (the next tap would have returned it).
    pub fn take_error(&mut self) -> Option<SimError> {
        self.pending.take()
    }

    // ----- what the user does -----

    /// Types `text` into a TextInput or TextArea, or picks a date (`YYYY-MM-DD`) in a
    /// DatePicker / CalendarPicker. A problem (no such input, hidden, too long) comes out of
    /// the next tap, or at once from [`Simulator::try_fill`].
    pub fn fill(&mut self, input: impl InputName, text: &str) -> &mut Self {
        let r = self.try_fill(input, text);
        self.defer(r)
    }

    /// [`Simulator::fill`], reporting at once.
    ///
    /// # Errors
    /// The input is not on screen, hidden, disabled, or refuses the text.
    pub fn try_fill(&mut self, input: impl InputName, text: &str) -> Result<(), SimError> {
        let (c, name) = self.input(&input)?;
        let name = name.as_str();
        let reject = |reason: String| SimError::Rejected {
            name: name.to_owned(),
            value: text.to_owned(),
            reason,
        };
        let len = text.chars().count() as i64;
        match c.kind.as_str() {
            "TextInput" => {
                let max = int(c.prop("max-chars")).unwrap_or(eval::TEXT_INPUT_DEFAULT_MAX_CHARS);
                if len > max {
                    return Err(reject(format!("it takes at most {max} characters")));
                }
                let kind = c.text("input-type").unwrap_or("text");
                if matches!(kind, "number" | "passcode")
                    && !text
                        .chars()
                        .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '-')
                {
                    return Err(reject(format!(
                        "a {kind} input's keyboard types only digits"
                    )));
                }
            }
            "TextArea" => {
                let max = int(c.prop("max-length")).unwrap_or(eval::TEXT_AREA_DEFAULT_MAX_LENGTH);
                if len > max {
                    return Err(reject(format!("it takes at most {max} characters")));
                }
            }
            "DatePicker" | "CalendarPicker" => {
                date_allowed(&c, text).map_err(reject)?;
            }
            other => {
                return Err(reject(format!(
                    "a {other} is not typed into; use select/check"
                )));
            }
        }
        self.set_form(name, Value::String(text.to_owned()));
        if c.kind == "DatePicker" || c.kind == "CalendarPicker" {
            self.fire(&c, "on-select-action", None)?;
        }
        Ok(())
    }

    /// Picks a date range in a CalendarPicker in `range` mode.
    pub fn pick_range(&mut self, input: impl InputName, start: &str, end: &str) -> &mut Self {
        let r = (|| {
            let (c, name) = self.input(&input)?;
            let name = name.as_str();
            for d in [start, end] {
                date_allowed(&c, d).map_err(|reason| SimError::Rejected {
                    name: name.to_owned(),
                    value: d.to_owned(),
                    reason,
                })?;
            }
            self.set_form(name, json!({"start_date": start, "end_date": end}));
            self.fire(&c, "on-select-action", None)
        })();
        self.defer(r)
    }

    /// Selects the option with `id` in a Dropdown, RadioButtonsGroup, CheckboxGroup or
    /// ChipsSelector (adding it to the selection for the last two), firing
    /// `on-select-action`.
    pub fn select(&mut self, input: impl InputName, id: &str) -> &mut Self {
        let r = self.try_select(input, id);
        self.defer(r)
    }

    /// [`Simulator::select`], reporting at once.
    ///
    /// # Errors
    /// The input is not on screen, or `id` is not one of its enabled options.
    pub fn try_select(&mut self, input: impl InputName, id: &str) -> Result<(), SimError> {
        let (c, name) = self.input(&input)?;
        let name = name.as_str();
        let reject = |reason: String| SimError::Rejected {
            name: name.to_owned(),
            value: id.to_owned(),
            reason,
        };
        let Some(option) = c.option(id).cloned() else {
            let ids = c.option_ids();
            let hint = error::closest(id, ids.iter().map(String::as_str))
                .map(|d| format!("; did you mean '{d}'?"))
                .unwrap_or_default();
            return Err(reject(format!("the options are {ids:?}{hint}")));
        };
        if option.get("enabled").is_some_and(|e| !eval::truthy(e)) {
            return Err(reject("that option is disabled".into()));
        }
        match c.kind.as_str() {
            "Dropdown" | "RadioButtonsGroup" => {
                self.set_form(name, Value::String(id.to_owned()));
            }
            "CheckboxGroup" | "ChipsSelector" => {
                let mut chosen = self.form_list(name);
                if !chosen.iter().any(|v| v == id) {
                    let max = int(c.prop("max-selected-items"));
                    if max.is_some_and(|m| chosen.len() as i64 >= m) {
                        return Err(reject(format!(
                            "at most {} may be selected",
                            max.unwrap_or_default()
                        )));
                    }
                    chosen.push(id.to_owned());
                }
                self.set_form(name, json!(chosen));
            }
            other => return Err(reject(format!("a {other} has no options to select"))),
        }
        self.fire(&c, "on-select-action", Some(&option))
    }

    /// Removes `id` from a CheckboxGroup or ChipsSelector selection (clears a Dropdown or
    /// RadioButtonsGroup), firing `on-unselect-action` (or `on-select-action` when absent).
    pub fn unselect(&mut self, input: impl InputName, id: &str) -> &mut Self {
        let r = (|| {
            let (c, name) = self.input(&input)?;
            let name = name.as_str();
            let option = c.option(id).cloned();
            match c.kind.as_str() {
                "CheckboxGroup" | "ChipsSelector" => {
                    let chosen: Vec<String> = self
                        .form_list(name)
                        .into_iter()
                        .filter(|v| v != id)
                        .collect();
                    self.set_form(name, json!(chosen));
                }
                _ => {
                    self.current_mut().form.shift_remove(name);
                }
            }
            self.fire_unselect(&c, option.as_ref())
        })();
        self.defer(r)
    }

    /// Ticks an OptIn, firing its `on-select-action`.
    pub fn check(&mut self, input: impl InputName) -> &mut Self {
        self.set_opt_in(&input, true)
    }

    /// Unticks an OptIn, firing its `on-unselect-action`.
    pub fn uncheck(&mut self, input: impl InputName) -> &mut Self {
        self.set_opt_in(&input, false)
    }

    fn set_opt_in(&mut self, input: &dyn InputName, on: bool) -> &mut Self {
        let r = (|| {
            let (c, name) = self.input(input)?;
            let name = name.as_str();
            if c.kind != "OptIn" {
                return Err(SimError::Rejected {
                    name: name.to_owned(),
                    value: on.to_string(),
                    reason: format!("a {} is not ticked; use select/fill", c.kind),
                });
            }
            self.set_form(name, Value::Bool(on));
            if on {
                self.fire(&c, "on-select-action", None)
            } else {
                self.fire_unselect(&c, None)
            }
        })();
        self.defer(r)
    }

    /// Attaches files to a PhotoPicker or DocumentPicker (by file name; the simulator makes
    /// up the media ids).
    pub fn attach(&mut self, input: impl InputName, files: &[&str]) -> &mut Self {
        let r = (|| {
            let (c, name) = self.input(&input)?;
            let name = name.as_str();
            if c.kind != "PhotoPicker" && c.kind != "DocumentPicker" {
                return Err(SimError::Rejected {
                    name: name.to_owned(),
                    value: files.join(", "),
                    reason: format!("a {} takes no files", c.kind),
                });
            }
            let media: Vec<Value> = files
                .iter()
                .enumerate()
                .map(|(i, f)| json!({"media_id": format!("sim-media-{i}"), "file_name": f}))
                .collect();
            self.set_form(name, Value::Array(media));
            Ok(())
        })();
        self.defer(r)
    }

    /// Taps the Footer: checks what the phone checks before enabling it, then runs its action.
    ///
    /// # Errors
    /// The first deferred error of `fill`/`select`; [`SimError::FooterDisabled`] with the
    /// reason; errors of the action (routing, endpoint).
    pub fn tap_footer(&mut self) -> Result<&mut Self, SimError> {
        self.take_pending()?;
        self.not_finished()?;
        let screen = self.screen().to_owned();
        let shown = self.visible_components();
        let footer =
            shown
                .iter()
                .find(|c| c.kind == "Footer")
                .ok_or_else(|| SimError::NoFooter {
                    screen: screen.clone(),
                })?;
        let disabled = |reason: String| SimError::FooterDisabled {
            screen: screen.clone(),
            reason,
        };
        if !footer.flag("enabled", true) {
            return Err(disabled("its 'enabled' is false".into()));
        }
        for c in shown.iter().filter(|c| c.is_input()) {
            self.check_answer(c).map_err(disabled)?;
            let answer = c.name.as_ref().and_then(|n| self.form().get(n));
            pattern::check(&screen, c, answer, self.pattern_match)?;
        }
        let action = footer.prop("on-click-action").cloned().unwrap_or_default();
        self.run(&action, None)?;
        Ok(self)
    }

    /// Taps an EmbeddedLink by its text, or an OptIn's "Read more" by the OptIn's name.
    ///
    /// # Errors
    /// No such link on screen; errors of its action.
    pub fn tap_link(&mut self, text_or_name: &str) -> Result<&mut Self, SimError> {
        self.take_pending()?;
        self.not_finished()?;
        let shown = self.visible_components();
        let links: Vec<&Rendered> = shown
            .iter()
            .filter(|c| {
                (c.kind == "EmbeddedLink" || c.kind == "OptIn")
                    && c.prop("on-click-action").is_some()
            })
            .collect();
        let label = |c: &Rendered| {
            c.name
                .clone()
                .or_else(|| c.text("text").map(str::to_owned))
                .unwrap_or_default()
        };
        let link = links
            .iter()
            .find(|c| {
                c.text("text") == Some(text_or_name) || c.name.as_deref() == Some(text_or_name)
            })
            .ok_or_else(|| SimError::NotOnScreen {
                screen: self.screen().to_owned(),
                what: "link",
                name: text_or_name.to_owned(),
                did_you_mean: error::closest(
                    text_or_name,
                    links
                        .iter()
                        .map(|c| label(c))
                        .collect::<Vec<_>>()
                        .iter()
                        .map(String::as_str),
                ),
            })?;
        let action = link.prop("on-click-action").cloned().unwrap_or_default();
        self.run(&action, None)?;
        Ok(self)
    }

    /// Taps the item `id` of the NavigationList `list`.
    ///
    /// # Errors
    /// No such list or item; errors of its action.
    pub fn tap_item(&mut self, list: &str, id: &str) -> Result<&mut Self, SimError> {
        self.take_pending()?;
        self.not_finished()?;
        let shown = self.visible_components();
        let nav = shown
            .iter()
            .find(|c| c.kind == "NavigationList" && c.name.as_deref() == Some(list))
            .ok_or_else(|| SimError::NotOnScreen {
                screen: self.screen().to_owned(),
                what: "navigation list",
                name: list.to_owned(),
                did_you_mean: None,
            })?;
        let item = nav.option(id).ok_or_else(|| SimError::Rejected {
            name: list.to_owned(),
            value: id.to_owned(),
            reason: format!("the items are {:?}", nav.option_ids()),
        })?;
        let action = item
            .get("on-click-action")
            .or_else(|| nav.prop("on-click-action"))
            .cloned()
            .unwrap_or_default();
        self.run(&action, Some(item))?;
        Ok(self)
    }

    /// The BACK button: returns to the previous screen, first asking the endpoint to refresh
    /// it when the screen left has `refresh_on_back`.
    ///
    /// # Errors
    /// On the first screen; endpoint errors of the BACK request.
    pub fn back(&mut self) -> Result<&mut Self, SimError> {
        self.take_pending()?;
        self.not_finished()?;
        if self.stack.len() < 2 {
            return Err(SimError::NoPreviousScreen(self.screen().to_owned()));
        }
        let leaving = self.screen().to_owned();
        let refresh = self
            .current_json()
            .and_then(|s| s.get("refresh_on_back"))
            .and_then(Value::as_bool)
            == Some(true);
        let mut refreshed = None;
        if refresh {
            let answer = self.call("BACK", leaving.clone(), Map::new())?;
            refreshed = answer.get("data").and_then(Value::as_object).cloned();
        }
        if let Some(left) = self.stack.pop() {
            self.visited.insert(left.id.clone(), left);
        }
        if let Some(data) = refreshed {
            self.current_mut().data.extend(data);
        }
        Ok(self)
    }

    /// Fills every visible, enabled, empty input with a value it accepts (without firing
    /// select actions): a quick way through a form in smoke tests and previews.
    pub fn fill_samples(&mut self) -> &mut Self {
        for c in self.visible_components() {
            let Some(name) = c.name.clone() else { continue };
            let answered = self.form().get(&name).is_some_and(eval::truthy);
            if !c.is_input() || !c.flag("enabled", true) || answered {
                continue;
            }
            if let Some(v) = sample(&c) {
                self.set_form(&name, v);
            }
        }
        self
    }

    // ----- internals -----

    fn current(&self) -> &ScreenState {
        self.stack
            .last()
            .expect("a started simulator always shows a screen")
    }

    fn current_mut(&mut self) -> &mut ScreenState {
        self.stack
            .last_mut()
            .expect("a started simulator always shows a screen")
    }

    fn screen_json(&self, id: &str) -> Option<&Value> {
        self.flow
            .get("screens")?
            .as_array()?
            .iter()
            .find(|s| s.get("id").and_then(Value::as_str) == Some(id))
    }

    fn current_json(&self) -> Option<&Value> {
        self.screen_json(self.screen())
    }

    fn lookup(&self) -> impl Fn(&Binding) -> Option<Value> + '_ {
        move |b: &Binding| {
            let find = |screen: &str| {
                self.stack
                    .iter()
                    .rev()
                    .find(|s| s.id == screen)
                    .or_else(|| self.visited.get(screen))
            };
            match b {
                Binding::Data(p) => eval::path_in(&self.current().data, p),
                Binding::Form(p) => eval::path_in(&self.current().form, p),
                Binding::ScreenData { screen, path } => eval::path_in(&find(screen)?.data, path),
                Binding::ScreenForm { screen, path } => eval::path_in(&find(screen)?.form, path),
            }
        }
    }

    fn defer(&mut self, r: Result<(), SimError>) -> &mut Self {
        if let Err(e) = r {
            self.pending.get_or_insert(e);
        }
        self
    }

    fn take_pending(&mut self) -> Result<(), SimError> {
        self.pending.take().map_or(Ok(()), Err)
    }

    fn not_finished(&self) -> Result<(), SimError> {
        if self.completion.is_some() {
            return Err(SimError::Finished);
        }
        Ok(())
    }

    /// The visible input `input` names (and its name), or why the user cannot reach it.
    fn input(&self, input: &dyn InputName) -> Result<(Rendered, String), SimError> {
        self.not_finished()?;
        let name = input.input_name().ok_or_else(|| SimError::NotOnScreen {
            screen: self.screen().to_owned(),
            what: "input for a handle that is not an input's",
            name: String::new(),
            did_you_mean: None,
        })?;
        let name = name.as_str();
        let screen = self.screen().to_owned();
        if let Some(on) = input.input_screen().filter(|on| *on != screen) {
            return Err(SimError::OtherScreen {
                screen,
                name: name.to_owned(),
                input_screen: on.to_owned(),
            });
        }
        let shown = self.visible_components();
        if let Some(c) = shown
            .iter()
            .find(|c| c.is_input() && c.name.as_deref() == Some(name))
        {
            if !c.flag("enabled", true) {
                return Err(SimError::Disabled {
                    screen,
                    name: name.to_owned(),
                });
            }
            return Ok((c.clone(), name.to_owned()));
        }
        let mut declared = Vec::new();
        let children = self
            .current_json()
            .and_then(|s| s.pointer("/layout/children"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        render::all_inputs(children, None, &mut declared);
        let names: Vec<&str> = declared
            .iter()
            .filter_map(|(c, _)| c.get("name").and_then(Value::as_str))
            .collect();
        if names.contains(&name) {
            return Err(SimError::Hidden {
                screen,
                name: name.to_owned(),
            });
        }
        Err(SimError::NotOnScreen {
            screen,
            what: "input",
            name: name.to_owned(),
            did_you_mean: error::closest(name, names.into_iter()),
        })
    }

    fn set_form(&mut self, name: &str, v: Value) {
        self.current_mut().form.insert(name.to_owned(), v);
    }

    fn form_list(&self, name: &str) -> Vec<String> {
        self.form()
            .get(name)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Runs a component's `on-select-action`, and its option's own one (6.0+).
    fn fire(&mut self, c: &Rendered, key: &str, option: Option<&Value>) -> Result<(), SimError> {
        if let Some(a) = option.and_then(|o| o.get(key)).cloned() {
            self.run(&a, option)?;
        }
        if let Some(a) = c.prop(key).cloned() {
            self.run(&a, option)?;
        }
        Ok(())
    }

    /// `on-unselect-action`, or `on-select-action` when the component has none (spec §C.5).
    fn fire_unselect(&mut self, c: &Rendered, option: Option<&Value>) -> Result<(), SimError> {
        let has_own = c.prop("on-unselect-action").is_some()
            || option.is_some_and(|o| o.get("on-unselect-action").is_some());
        if has_own {
            self.fire(c, "on-unselect-action", option)
        } else {
            self.fire(c, "on-select-action", option)
        }
    }

    /// Why the Footer stays disabled because of input `c`, if it does.
    fn check_answer(&self, c: &Rendered) -> Result<(), String> {
        let name = c.name.clone().unwrap_or_default();
        let value = self.form().get(&name);
        let empty = match value {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.is_empty(),
            Some(Value::Array(a)) => a.is_empty(),
            Some(Value::Bool(b)) => !b,
            _ => false,
        };
        let required = match c.prop("required") {
            // CalendarPicker range mode: `{"start-date": true, "end-date": false}`.
            Some(Value::Object(m)) => m.values().any(eval::truthy),
            other => other.is_some_and(eval::truthy),
        };
        if empty {
            return if required {
                Err(if c.kind == "OptIn" {
                    format!("required opt-in '{name}' is not ticked")
                } else {
                    format!("required input '{name}' is empty")
                })
            } else {
                Ok(())
            };
        }
        let text = value.and_then(Value::as_str).unwrap_or("");
        let chars = text.chars().count() as i64;
        match c.kind.as_str() {
            "TextInput" => {
                if let Some(min) = int(c.prop("min-chars")).filter(|m| chars < *m) {
                    return Err(format!("input '{name}' needs at least {min} characters"));
                }
                let kind = c.text("input-type").unwrap_or("text");
                if let Some(problem) = input_type_problem(kind, text) {
                    return Err(format!("input '{name}': {problem}"));
                }
            }
            "CheckboxGroup" | "ChipsSelector" => {
                let n = value.and_then(Value::as_array).map_or(0, Vec::len) as i64;
                if let Some(min) = int(c.prop("min-selected-items")).filter(|m| n < *m) {
                    return Err(format!("select at least {min} options in '{name}'"));
                }
            }
            "PhotoPicker" | "DocumentPicker" => {
                let n = value.and_then(Value::as_array).map_or(0, Vec::len) as i64;
                let key = if c.kind == "PhotoPicker" {
                    "min-uploaded-photos"
                } else {
                    "min-uploaded-documents"
                };
                if let Some(min) = int(c.prop(key)).filter(|m| n < *m) {
                    return Err(format!("attach at least {min} files to '{name}'"));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Runs one action object; `item` is the list item that triggered it, if any.
    fn run(&mut self, action: &Value, item: Option<&Value>) -> Result<(), SimError> {
        let _ = item;
        let screen = self.screen().to_owned();
        let name = action.get("name").and_then(Value::as_str).unwrap_or("");
        let payload = || -> Map<String, Value> {
            let raw = action
                .get("payload")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            without_nulls(eval::resolve_map(&raw, &self.lookup()))
        };
        match name {
            "navigate" => {
                let target = action
                    .pointer("/next/name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                let payload = payload();
                self.check_route(&screen, &target)?;
                self.record("navigate", &screen, Value::Object(payload.clone()), None);
                self.leave_to(target, payload);
                Ok(())
            }
            "complete" => {
                let payload = Value::Object(payload());
                self.record("complete", &screen, payload.clone(), None);
                self.completion = Some(payload);
                Ok(())
            }
            "data_exchange" => {
                let payload = payload();
                let answer = self.call("data_exchange", screen, payload)?;
                self.apply_answer(answer, false)
            }
            "update_data" => {
                let payload = payload();
                self.record("update_data", &screen, Value::Object(payload.clone()), None);
                self.current_mut().data.extend(payload);
                Ok(())
            }
            "open_url" => {
                let url = action
                    .get("url")
                    .map(|u| eval::resolve(u, &self.lookup()))
                    .map(|u| eval::display(&u))
                    .unwrap_or_default();
                self.record("open_url", &screen, Value::String(url.clone()), None);
                self.opened_urls.push(url);
                Ok(())
            }
            other => Err(SimError::UnknownAction {
                screen,
                name: other.to_owned(),
            }),
        }
    }

    fn check_route(&self, from: &str, to: &str) -> Result<(), SimError> {
        if self.screen_json(to).is_none() {
            return Err(SimError::InvalidTransition(format!(
                "screen {from} navigates to '{to}', which is not a screen of the flow"
            )));
        }
        if let Some(model) = self.flow.get("routing_model").and_then(Value::as_object) {
            let allowed = model
                .get(from)
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|t| t.as_str() == Some(to)));
            if !allowed {
                return Err(SimError::InvalidTransition(format!(
                    "the routing model has no route from {from} to {to}"
                )));
            }
        }
        Ok(())
    }

    fn record(&mut self, action: &str, screen: &str, payload: Value, response: Option<Value>) {
        self.log.push(ActionRecord {
            action: action.to_owned(),
            screen: screen.to_owned(),
            payload,
            response,
        });
    }

    /// Sends one request to the endpoint and returns its answer.
    fn call(
        &mut self,
        action: &str,
        screen: String,
        data: Map<String, Value>,
    ) -> Result<Value, SimError> {
        let request = ExchangeRequest {
            version: self
                .flow
                .get("data_api_version")
                .and_then(Value::as_str)
                .unwrap_or("3.0")
                .to_owned(),
            action: action.to_owned(),
            screen: screen.clone(),
            data,
            flow_token: self.flow_token.clone(),
        };
        let backend = self.backend.as_mut().ok_or_else(|| SimError::NoEndpoint {
            action: action.to_owned(),
            screen: screen.clone(),
        })?;
        let answer = backend
            .exchange(&request)
            .map_err(|message| SimError::Endpoint {
                screen: screen.clone(),
                message,
            })?;
        self.record(
            action,
            &screen,
            Value::Object(request.data),
            Some(answer.clone()),
        );
        Ok(answer)
    }

    /// Shows what the endpoint answered: the next screen, the same screen with new data, or
    /// the end of the flow (`SUCCESS`).
    fn apply_answer(&mut self, answer: Value, init: bool) -> Result<(), SimError> {
        let screen = if init {
            String::new()
        } else {
            self.screen().to_owned()
        };
        let bad = |message: String| SimError::Endpoint {
            screen: screen.clone(),
            message,
        };
        let mut data = answer
            .get("data")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        self.snackbar = data
            .shift_remove("error_message")
            .map(|m| eval::display(&m));
        let target = answer
            .get("screen")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                bad(format!(
                    "the answer {answer} has no \"screen\" (payload-schema-error)"
                ))
            })?
            .to_owned();
        if target == SUCCESS && init {
            return Err(SimError::CannotStart(
                "the endpoint answered INIT with SUCCESS: there is no screen to show".into(),
            ));
        }
        if target == SUCCESS {
            let params = data
                .get("extension_message_response")
                .and_then(|e| e.get("params"))
                .cloned()
                .unwrap_or(Value::Object(data));
            self.record("complete", &screen, params.clone(), None);
            self.completion = Some(params);
            return Ok(());
        }
        if self.screen_json(&target).is_none() {
            return Err(SimError::InvalidTransition(format!(
                "the endpoint answered with screen '{target}', which is not a screen of the flow"
            )));
        }
        if init {
            self.enter(target, data);
        } else if target == screen {
            self.current_mut().data.extend(data);
        } else {
            self.check_route(&screen, &target)?;
            self.leave_to(target, data);
        }
        Ok(())
    }

    /// Moves forward to `id` with `data`.
    fn leave_to(&mut self, id: String, data: Map<String, Value>) {
        let left = self.current().clone();
        self.visited.insert(left.id.clone(), left);
        self.enter(id, data);
    }

    /// Opens screen `id` with `data`; its answers start from `init-values` / `init-value`.
    fn enter(&mut self, id: String, data: Map<String, Value>) {
        self.stack.push(ScreenState {
            id,
            data,
            form: Map::new(),
        });
        let children = self
            .current_json()
            .and_then(|s| s.pointer("/layout/children"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut inputs = Vec::new();
        render::all_inputs(&children, None, &mut inputs);
        let mut form = Map::new();
        {
            let lookup = self.lookup();
            for (c, parent) in &inputs {
                let Some(name) = c.get("name").and_then(Value::as_str) else {
                    continue;
                };
                let from_form = parent
                    .and_then(|f| f.get("init-values"))
                    .map(|v| eval::resolve(v, &lookup))
                    .and_then(|v| v.get(name).cloned());
                let own = c.get("init-value").map(|v| eval::resolve(v, &lookup));
                // An OptIn always has an answer: unticked until the user ticks it.
                let unticked = (c.get("type").and_then(Value::as_str) == Some("OptIn"))
                    .then_some(Value::Bool(false));
                if let Some(v) = from_form.or(own).filter(|v| !v.is_null()).or(unticked) {
                    form.insert(name.to_owned(), v);
                }
            }
        }
        self.current_mut().form = form;
    }
}

use flow_model::table::SUCCESS_SCREEN as SUCCESS;

/// Inputs left empty are left out of a payload rather than sent as `null`, which Flows do not
/// support (spec §E.3).
fn without_nulls(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter().filter(|(_, v)| !v.is_null()).collect()
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Whether a date may be picked: the format, `min-date`/`max-date`, `unavailable-dates`.
fn date_allowed(c: &Rendered, date: &str) -> Result<(), String> {
    let iso = |s: &str| {
        s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    if !iso(date) {
        return Err("dates are picked as YYYY-MM-DD".into());
    }
    let bound = |k: &str| c.text(k).filter(|s| iso(s));
    if let Some(min) = bound("min-date").filter(|m| date < *m) {
        return Err(format!("it is before the min-date {min}"));
    }
    if let Some(max) = bound("max-date").filter(|m| date > *m) {
        return Err(format!("it is after the max-date {max}"));
    }
    if let Some(days) = c.prop("include-days").and_then(Value::as_array) {
        let day = weekday(date);
        if !days.iter().any(|d| d.as_str() == Some(day)) {
            return Err(format!("{day} is not among the include-days"));
        }
    }
    let unavailable = c
        .prop("unavailable-dates")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|d| d.as_str() == Some(date)));
    if unavailable {
        return Err("that date is unavailable".into());
    }
    Ok(())
}

/// The weekday (`Mon`…`Sun`, as `include-days` spells them) of a checked `YYYY-MM-DD` date.
fn weekday(date: &str) -> &'static str {
    let n = |r: std::ops::Range<usize>| date[r].parse::<i64>().unwrap_or(1);
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil); that day was a Thursday.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize]
}

/// What the phone refuses in a TextInput of `input-type` (spec §C.3).
fn input_type_problem(kind: &str, text: &str) -> Option<&'static str> {
    let ok = match kind {
        "email" => text.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
        }),
        "number" => text.trim().parse::<f64>().is_ok(),
        "passcode" => text.chars().all(|c| c.is_ascii_digit()),
        "phone" => {
            text.chars().filter(char::is_ascii_digit).count() >= 5
                && text
                    .chars()
                    .all(|c| c.is_ascii_digit() || "+-() ".contains(c))
        }
        _ => true,
    };
    (!ok).then_some(match kind {
        "email" => "not a valid email address",
        "number" => "not a number",
        "passcode" => "a passcode is digits only",
        _ => "not a valid phone number",
    })
}

/// A value input `c` accepts, for [`Simulator::fill_samples`].
fn sample(c: &Rendered) -> Option<Value> {
    let first_options = |n: usize| -> Vec<Value> {
        c.props
            .get("data-source")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter(|i| i.get("enabled").is_none_or(eval::truthy))
                    .filter_map(|i| i.get("id").cloned())
                    .take(n)
                    .collect()
            })
            .unwrap_or_default()
    };
    let date = || -> Option<String> {
        let candidates = [c.text("min-date"), c.text("max-date")];
        let mut try_dates: Vec<String> = candidates
            .into_iter()
            .flatten()
            .map(str::to_owned)
            .collect();
        // A week of days, so one of them is among any `include-days`.
        try_dates.extend((14..=20).map(|d| format!("2030-01-{d}")));
        try_dates.into_iter().find(|d| date_allowed(c, d).is_ok())
    };
    Some(match c.kind.as_str() {
        "TextInput" => {
            let min = int(c.prop("min-chars")).unwrap_or(0).max(1) as usize;
            let max =
                int(c.prop("max-chars")).unwrap_or(eval::TEXT_INPUT_DEFAULT_MAX_CHARS) as usize;
            let kind = c.text("input-type").unwrap_or("text");
            let fits = |s: &str| {
                let n = s.chars().count();
                n >= min && n <= max && input_type_problem(kind, s).is_none()
            };
            if let Some(s) = c
                .text("pattern")
                .and_then(pattern::sample)
                .filter(|s| fits(s))
            {
                return Some(Value::String(s));
            }
            let base = match kind {
                "email" => "user@example.com".to_owned(),
                "number" => "4".repeat(min.max(2)),
                "phone" => "+15551234567".to_owned(),
                "passcode" => "1".repeat(min.max(4)),
                "password" => format!("Secret{}", "x".repeat(min.saturating_sub(6))),
                _ => format!("Sample{}", "x".repeat(min.saturating_sub(6))),
            };
            Value::String(base.chars().take(max.max(1)).collect())
        }
        "TextArea" => Value::String("Sample text".into()),
        "Dropdown" | "RadioButtonsGroup" => first_options(1).into_iter().next()?,
        "CheckboxGroup" | "ChipsSelector" => {
            let n = int(c.prop("min-selected-items")).unwrap_or(1).max(1) as usize;
            Value::Array(first_options(n))
        }
        "OptIn" => Value::Bool(true),
        "DatePicker" => Value::String(date()?),
        "CalendarPicker" if c.text("mode") == Some("range") => {
            let d = date()?;
            json!({"start_date": d, "end_date": d})
        }
        "CalendarPicker" => Value::String(date()?),
        "PhotoPicker" | "DocumentPicker" => {
            json!([{"media_id": "sim-media-0", "file_name": "sample.jpg"}])
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
