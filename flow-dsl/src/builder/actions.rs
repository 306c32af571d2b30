//! Actions (spec §D): `navigate`, `data_exchange`, `complete`, `update_data`, `open_url`, and
//! their payloads.
//!
//! ```
//! use flow_dsl::builder::*;
//! let mut flow = Flow::new("7.3");
//! let start = flow.screen("START");
//! let done = flow.screen("DONE");
//! let email = flow.at(start).add(TextInput::new("email", "Email"));
//! flow.at(start).child(Footer::new("Next", navigate(done).with("email", &email)));
//! let d = flow.at(done);
//! let email_in = d.data::<String>("email", "a@b.c");
//! d.terminal(true).child(Footer::new("Send", complete().with("email", &email_in).with("source", "bot")));
//! let v = flow.build().unwrap().to_value();
//! let footer = &v["screens"][0]["layout"]["children"][1]["on-click-action"];
//! assert_eq!(footer["next"]["name"], "DONE");
//! assert_eq!(footer["payload"]["email"], "${form.email}");
//! ```

use std::panic::Location;
use std::sync::Arc;

use flow_model::{NextType, Payload};
use serde_json::{Map, Value};

use super::components::Choice;
use super::error::codes;
use super::expr::{Expr, Node};
use super::refs::{RenderCx, ScreenHandle, Seg};
use super::value::DataType;

#[derive(Debug, Clone)]
enum Kind {
    Navigate(ScreenHandle),
    DataExchange(Vec<ScreenHandle>),
    Complete,
    UpdateData,
    OpenUrl(String),
    // Boxed: the model action is large and rarely used, and every trigger property holds an
    // `Option<Action>`.
    Raw(Box<flow_model::Action>),
    /// `from_json` of a value that is not an object: reported when rendered.
    NotAnObject,
}

/// An action, attached to a trigger property (`Footer::new(label, action)`,
/// `.on_select_action(action)`…).
///
/// Made with [`navigate`], [`data_exchange`], [`complete`], [`update_data`] or [`open_url`];
/// payload entries are added with [`Action::with`].
#[derive(Debug, Clone)]
pub struct Action {
    kind: Kind,
    payload: Vec<(String, PayloadValue)>,
    omit_payload: bool,
    loc: &'static Location<'static>,
}

/// Go to screen `to`; the payload becomes its `${data.*}` and is checked against its data
/// declarations by `build()`.
#[track_caller]
pub fn navigate(to: ScreenHandle) -> Action {
    Action::new(Kind::Navigate(to))
}

/// Send the payload to the endpoint. Declare the screens the endpoint may answer with using
/// [`Action::routes_to`], so the routing model can be derived.
#[track_caller]
pub fn data_exchange() -> Action {
    Action::new(Kind::DataExchange(Vec::new()))
}

/// End the flow; the payload reaches the business in the `nfm_reply` webhook.
#[track_caller]
pub fn complete() -> Action {
    Action::new(Kind::Complete)
}

/// Update the current screen's data (6.0+); payload keys are data keys of the screen.
#[track_caller]
pub fn update_data() -> Action {
    Action::new(Kind::UpdateData)
}

/// Open `url` in the device browser (6.0+; EmbeddedLink and OptIn only).
#[track_caller]
pub fn open_url(url: impl Into<String>) -> Action {
    let mut a = Action::new(Kind::OpenUrl(url.into()));
    a.omit_payload = true;
    a
}

impl Action {
    #[track_caller]
    fn new(kind: Kind) -> Action {
        Action {
            kind,
            payload: Vec::new(),
            omit_payload: false,
            loc: Location::caller(),
        }
    }

    /// An action given as a model value, written as is (for actions this builder does not
    /// model).
    #[track_caller]
    pub fn raw(action: flow_model::Action) -> Action {
        Action::new(Kind::Raw(Box::new(action)))
    }

    /// An action given as Flow JSON, kept exactly as parsed (unknown actions and members
    /// included): for what the action builders do not write, such as an imported flow's
    /// `navigate` with an extra member. A value that is not a JSON object is no action; it is
    /// reported by `build()` (`FLOWDSL_BUILDER_MISUSE`) and written as an empty object.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let a = flow.screen("A");
    /// let custom = serde_json::json!({"name": "navigate", "next": {"type": "plugin", "name": "X"}});
    /// flow.at(a).terminal(true).child(Footer::new("Go", Action::from_json(custom.clone())));
    /// let v = flow.build_unchecked().to_value();
    /// assert_eq!(v["screens"][0]["layout"]["children"][0]["on-click-action"], custom);
    /// ```
    #[track_caller]
    pub fn from_json(action: Value) -> Action {
        match <flow_model::Action as flow_model::FromJson>::from_json(action) {
            Ok(a) => Action::new(Kind::Raw(Box::new(a))),
            Err(_) => Action::new(Kind::NotAnObject),
        }
    }

    /// Adds a payload entry: a literal, a typed reference or expression, or JSON.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let a = complete().with("rating", 5).with("comment", "great").with("ok", true);
    /// # let _ = a;
    /// ```
    pub fn with(mut self, key: impl Into<String>, value: impl Into<PayloadValue>) -> Self {
        self.payload.push((key.into(), value.into()));
        self
    }

    /// Adds every entry of a JSON object to the payload.
    pub fn payload_json(mut self, entries: Map<String, Value>) -> Self {
        for (k, v) in entries {
            self.payload.push((k, PayloadValue::from(v)));
        }
        self
    }

    /// Writes no `payload` key at all (by default an empty `{}` is written).
    pub fn no_payload(mut self) -> Self {
        self.omit_payload = true;
        self
    }

    /// For `data_exchange`: a screen the endpoint may answer with. Each one becomes an edge of
    /// the derived routing model. Ignored on other actions.
    pub fn routes_to(mut self, screen: ScreenHandle) -> Self {
        if let Kind::DataExchange(r) = &mut self.kind {
            r.push(screen);
        }
        self
    }

    pub(crate) fn render(self, cx: &mut RenderCx<'_>) -> flow_model::Action {
        let prev = cx.enter(self.loc);
        let action = match self.kind {
            Kind::Navigate(to) => {
                let name = target_id(to, cx);
                let mut next = flow_model::Next::default();
                next.kind = Some(NextType::Screen);
                next.name = Some(name);
                let mut n = flow_model::Navigate::default();
                n.next = Some(next);
                n.payload = render_payload(self.payload, self.omit_payload, cx);
                flow_model::Action::Navigate(Box::new(n))
            }
            Kind::DataExchange(routes) => {
                for r in routes {
                    target_id(r, cx);
                }
                let mut d = flow_model::DataExchange::default();
                d.payload = render_payload(self.payload, self.omit_payload, cx);
                flow_model::Action::DataExchange(d)
            }
            Kind::Complete => {
                let mut c = flow_model::Complete::default();
                c.payload = render_payload(self.payload, self.omit_payload, cx);
                flow_model::Action::Complete(c)
            }
            Kind::UpdateData => {
                let mut u = flow_model::UpdateData::default();
                u.payload = render_payload(self.payload, self.omit_payload, cx);
                flow_model::Action::UpdateData(u)
            }
            Kind::OpenUrl(url) => {
                let mut o = flow_model::OpenUrl::default();
                o.url = Some(url);
                flow_model::Action::OpenUrl(o)
            }
            Kind::Raw(a) => *a,
            Kind::NotAnObject => {
                cx.misuse("`Action::from_json` needs a JSON object with a `name`");
                flow_model::Action::Unknown(Map::new())
            }
        };
        cx.leave(prev);
        action
    }
}

/// The id of a target screen, recording the edge; foreign handles and self-navigation (for a
/// `navigate`) are findings.
fn target_id(to: ScreenHandle, cx: &mut RenderCx<'_>) -> String {
    if to.flow != cx.flow || to.index as usize >= cx.screen_ids.len() {
        cx.finding(
                codes::FOREIGN_HANDLE,
                "the target screen handle belongs to another Flow builder; declare the screen with this flow's `screen()`".to_owned(),
            );
        return String::new();
    }
    if let Some(from) = cx.screen {
        cx.edges.push((from, to));
    }
    cx.screen_ids[to.index as usize].clone()
}

fn render_payload(
    payload: Vec<(String, PayloadValue)>,
    omit: bool,
    cx: &mut RenderCx<'_>,
) -> Option<Payload> {
    if omit {
        return None;
    }
    let mut out = Map::with_capacity(payload.len());
    cx.push(Seg::Key("payload"));
    for (k, v) in payload {
        cx.push(Seg::Name(k.clone()));
        let value = v.render(cx);
        cx.pop();
        out.insert(k, value);
    }
    cx.pop();
    Some(out)
}

#[derive(Debug, Clone)]
enum PV {
    Json(Value),
    Expr(Arc<Node>),
    Object(Vec<(String, PayloadValue)>),
    Array(Vec<PayloadValue>),
}

/// A payload value: JSON, a typed reference or expression, or objects/arrays of those.
///
/// ```
/// use flow_dsl::builder::*;
/// let v = PayloadValue::object([("a", PayloadValue::from(1)), ("b", "x".into())]);
/// let a = complete().with("nested", v);
/// # let _ = a;
/// ```
#[derive(Debug, Clone)]
pub struct PayloadValue {
    value: PV,
}

impl PayloadValue {
    /// An object whose members may be references.
    pub fn object<K: Into<String>>(entries: impl IntoIterator<Item = (K, PayloadValue)>) -> Self {
        PayloadValue {
            value: PV::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect()),
        }
    }

    /// An array whose items may be references.
    pub fn array(items: impl IntoIterator<Item = PayloadValue>) -> Self {
        PayloadValue {
            value: PV::Array(items.into_iter().collect()),
        }
    }

    pub(crate) fn render(self, cx: &mut RenderCx<'_>) -> Value {
        match self.value {
            PV::Json(v) => v,
            PV::Expr(n) => Value::String(n.render_value(cx)),
            PV::Object(entries) => {
                let mut m = Map::with_capacity(entries.len());
                for (k, v) in entries {
                    cx.push(Seg::Name(k.clone()));
                    m.insert(k, v.render(cx));
                    cx.pop();
                }
                Value::Object(m)
            }
            PV::Array(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| {
                        cx.push(Seg::Idx(i));
                        let r = v.render(cx);
                        cx.pop();
                        r
                    })
                    .collect(),
            ),
        }
    }
}

impl From<Value> for PayloadValue {
    fn from(v: Value) -> Self {
        PayloadValue { value: PV::Json(v) }
    }
}
impl From<&str> for PayloadValue {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned()).into()
    }
}
impl From<String> for PayloadValue {
    fn from(s: String) -> Self {
        Value::String(s).into()
    }
}
impl From<bool> for PayloadValue {
    fn from(b: bool) -> Self {
        Value::Bool(b).into()
    }
}
impl From<i64> for PayloadValue {
    fn from(n: i64) -> Self {
        Value::from(n).into()
    }
}
impl From<i32> for PayloadValue {
    fn from(n: i32) -> Self {
        Value::from(n).into()
    }
}
impl From<f64> for PayloadValue {
    fn from(n: f64) -> Self {
        serde_json::Number::from_f64(n)
            .map_or(Value::Null, Value::Number)
            .into()
    }
}
impl<T: DataType> From<Expr<T>> for PayloadValue {
    fn from(e: Expr<T>) -> Self {
        PayloadValue {
            value: PV::Expr(e.node),
        }
    }
}
impl<T: DataType> From<&Expr<T>> for PayloadValue {
    fn from(e: &Expr<T>) -> Self {
        e.clone().into()
    }
}
/// Static options passed to a screen that binds a `data-source`.
impl From<Vec<Choice>> for PayloadValue {
    fn from(items: Vec<Choice>) -> Self {
        let mut cx = RenderCx::detached();
        let rendered: Vec<Value> = items
            .into_iter()
            .map(|c| flow_model::to_value(c.render(&mut cx)))
            .collect();
        Value::Array(rendered).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::{Flow, Footer, codes};

    #[test]
    fn from_json_keeps_an_action_exactly_and_reports_a_non_object() {
        let mut flow = Flow::new("7.3");
        let a = flow.screen("A");
        let custom = serde_json::json!({"name": "complete", "payload": {"x": 1}, "extra": true});
        flow.at(a)
            .terminal(true)
            .child(Footer::new("Go", Action::from_json(custom.clone())));
        let v = flow.clone().build_unchecked().to_value();
        assert_eq!(
            v["screens"][0]["layout"]["children"][0]["on-click-action"],
            custom
        );

        let mut flow = Flow::new("7.3");
        let a = flow.screen("A");
        flow.at(a).terminal(true).child(Footer::new(
            "Go",
            Action::from_json(serde_json::json!("complete")),
        ));
        let err = flow.build().unwrap_err();
        assert!(
            err.findings.iter().any(|f| f.code == codes::MISUSE),
            "{err}"
        );
    }
}
