//! The whole flow: screens declared by handle, then filled; `build()` renders, checks and
//! validates.

use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};

use flow_model::validate::{ValidateOptions, validate_categories_with, validate_with};
use flow_model::{DataApiVersion, FlowJson, FlowVersion};
use indexmap::IndexMap;
use serde_json::Value;

use super::error::{BuildError, BuildFinding, codes};
use super::refs::{Record, RenderCx, ScreenHandle, Seg};
use super::screen::Screen;

/// Every `Flow` gets its own id, so a handle from one flow is recognised in another.
static NEXT_FLOW_ID: AtomicU64 = AtomicU64::new(1);

/// A Flow JSON document under construction.
///
/// Screens are declared first with [`Flow::screen`], which returns a [`ScreenHandle`]; only
/// handles can be navigation targets, so a `navigate` always names an existing screen. Content
/// is filled in through [`Flow::at`] (or [`Flow::fill`]).
///
/// ```
/// use flow_dsl::builder::*;
/// let mut flow = Flow::new("7.3");
/// let start = flow.screen("START");
/// let confirm = flow.screen("CONFIRM");
///
/// let s = flow.at(start);
/// s.title("Your details");
/// let email = s.add(TextInput::new("email", "Email").input_type(InputType::Email).required(true));
/// s.child(Footer::new("Next", navigate(confirm).with("email", &email)));
///
/// let c = flow.at(confirm);
/// let email = c.data::<String>("email", "ana@example.com");
/// c.title("Confirm").terminal(true)
///     .child(TextBody::new(Expr::text("We will write to ") + &email))
///     .child(Footer::new("Confirm", complete().with("email", &email)));
///
/// let json = flow.build().expect("valid flow");
/// assert_eq!(json.screens.as_ref().unwrap().len(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct Flow {
    id: u64,
    loc: &'static Location<'static>,
    version: String,
    data_api_version: Option<String>,
    routes: Option<Vec<Route>>,
    screens: Vec<Screen>,
    /// Where misuse through a bad handle goes, so `at` never panics; discarded by `build()`.
    detached: Box<Screen>,
    early: Vec<BuildFinding>,
    extra: serde_json::Map<String, Value>,
    categories: Option<(Vec<String>, &'static Location<'static>)>,
}

#[derive(Debug, Clone)]
struct Route {
    from: ScreenHandle,
    to: Vec<ScreenHandle>,
    loc: &'static Location<'static>,
}

impl Flow {
    /// A flow with Flow JSON `version` (e.g. `"7.3"`).
    #[track_caller]
    pub fn new(version: impl Into<String>) -> Flow {
        let id = NEXT_FLOW_ID.fetch_add(1, Ordering::Relaxed);
        let loc = Location::caller();
        Flow {
            id,
            loc,
            version: version.into(),
            data_api_version: None,
            routes: None,
            screens: Vec::new(),
            detached: Box::new(Screen::new(
                ScreenHandle {
                    flow: id,
                    index: u32::MAX,
                },
                String::new(),
                loc,
            )),
            early: Vec::new(),
            extra: serde_json::Map::new(),
            categories: None,
        }
    }

    /// Makes this an endpoint flow (`"3.0"` or `"4.0"`). The routing model is then derived
    /// from navigate actions and `data_exchange().routes_to(..)`, unless given with
    /// [`Flow::route`].
    pub fn data_api_version(&mut self, v: impl Into<String>) -> &mut Self {
        self.data_api_version = Some(v.into());
        self
    }

    /// Sets a top-level property from JSON. A key the model knows (`routing_model`, …) goes
    /// to its typed field and its canonical place in the output, exactly as if parsed; any
    /// other key is written after the known ones and reported by the validator.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let a = flow.screen("A");
    /// flow.at(a).terminal(true).child(Footer::new("Done", complete()));
    /// flow.prop("routing_model", serde_json::json!({"A": []}));
    /// let json = flow.build().unwrap();
    /// let text = json.to_string_compact();
    /// assert!(text.find("routing_model").unwrap() < text.find("screens").unwrap(), "{text}");
    /// ```
    pub fn prop(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    /// The categories the flow is created with (spec §G.1, e.g. `["SURVEY"]`). They are not
    /// part of Flow JSON: `build()` checks them against flow-model's table (an unknown name
    /// is `INVALID_ENUM_VALUE`, located at this call) and [`Flow::category_names`] reads them
    /// back for the Flows API.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let a = flow.screen("A");
    /// flow.at(a).terminal(true).child(Footer::new("Done", complete()));
    /// flow.categories(["SURVY"]);
    /// let err = flow.build().unwrap_err();
    /// assert_eq!(err.findings[0].code, "INVALID_ENUM_VALUE");
    /// assert_eq!(err.findings[0].path, "categories[0]");
    /// ```
    #[track_caller]
    pub fn categories<S: Into<String>>(
        &mut self,
        categories: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        let list = categories.into_iter().map(Into::into).collect();
        self.categories = Some((list, Location::caller()));
        self
    }

    /// The categories given with [`Flow::categories`] (empty when none were).
    pub fn category_names(&self) -> &[String] {
        self.categories.as_ref().map_or(&[], |(c, _)| c.as_slice())
    }

    /// Declares a screen and returns its handle. Screens appear in the document in
    /// declaration order.
    #[track_caller]
    pub fn screen(&mut self, id: impl Into<String>) -> ScreenHandle {
        let id = id.into();
        let loc = Location::caller();
        let handle = ScreenHandle {
            flow: self.id,
            index: u32::try_from(self.screens.len()).unwrap_or(u32::MAX),
        };
        self.screens.push(Screen::new(handle, id, loc));
        handle
    }

    /// The screen behind `handle`, to fill in. A handle from another flow is reported by
    /// `build()` and its content discarded.
    #[track_caller]
    pub fn at(&mut self, handle: ScreenHandle) -> &mut Screen {
        match self.index_of(handle) {
            Some(i) => &mut self.screens[i],
            None => {
                self.early.push(BuildFinding::builder(
                    codes::FOREIGN_HANDLE,
                    String::new(),
                    "this screen handle belongs to another Flow builder; its content is ignored"
                        .to_owned(),
                    Location::caller(),
                ));
                *self.detached = Screen::new(handle, String::new(), self.loc);
                &mut self.detached
            }
        }
    }

    /// Fills the screen behind `handle` with a closure (same as using [`Flow::at`]).
    #[track_caller]
    pub fn fill(&mut self, handle: ScreenHandle, f: impl FnOnce(&mut Screen)) -> &mut Self {
        f(self.at(handle));
        self
    }

    /// Gives the routing model entry of `from` explicitly. Once any route is given, the model is
    /// not derived: it is written as given (with or without an endpoint; the spec allows a
    /// routing model in a flow without `data_api_version`), and the validator checks that it
    /// covers every navigation, reporting at this call.
    #[track_caller]
    pub fn route(
        &mut self,
        from: ScreenHandle,
        to: impl IntoIterator<Item = ScreenHandle>,
    ) -> &mut Self {
        self.routes.get_or_insert_with(Vec::new).push(Route {
            from,
            to: to.into_iter().collect(),
            loc: Location::caller(),
        });
        self
    }

    fn index_of(&self, h: ScreenHandle) -> Option<usize> {
        let i = h.index as usize;
        (h.flow == self.id && i < self.screens.len()).then_some(i)
    }

    /// Builds the document and validates it; on any error, every finding at once.
    ///
    /// Consumes the builder: its strings move into the document rather than being copied.
    /// Clone the `Flow` first to build it twice.
    pub fn build(self) -> Result<FlowJson, BuildError> {
        self.build_with(&ValidateOptions::default())
    }

    /// Like [`Flow::build`] with validator options.
    pub fn build_with(self, options: &ValidateOptions) -> Result<FlowJson, BuildError> {
        let (json, findings, from_validator, record) = self.report_unlocated(options);
        let any_error = findings.iter().any(BuildFinding::is_error)
            || from_validator.iter().any(BuildFinding::is_error);
        if !any_error {
            // Warnings are not returned by `build()`, so locating them would be wasted work.
            return Ok(json);
        }
        Err(BuildError {
            findings: locate_all(&record, findings, from_validator),
        })
    }

    /// The document and every finding (errors and warnings), whether or not it is valid.
    pub fn build_report(self) -> (FlowJson, Vec<BuildFinding>) {
        self.build_report_with(&ValidateOptions::default())
    }

    /// Like [`Flow::build_report`] with validator options.
    pub fn build_report_with(self, options: &ValidateOptions) -> (FlowJson, Vec<BuildFinding>) {
        let (json, findings, from_validator, record) = self.report_unlocated(options);
        (json, locate_all(&record, findings, from_validator))
    }

    /// The document, the builder's own findings (already located), the validator's findings
    /// not yet located, and where each node came from.
    fn report_unlocated(
        self,
        options: &ValidateOptions,
    ) -> (FlowJson, Vec<BuildFinding>, Vec<BuildFinding>, Record) {
        let categories = self.categories.clone();
        let (json, mut findings, record) = self.render(true);
        // Categories are not in the document: checked here, located at `categories(..)`.
        if let Some((names, loc)) = categories {
            for f in validate_categories_with(&names, options).findings {
                let mut f = BuildFinding::from_validator(f);
                f.location = Some(loc);
                findings.push(f);
            }
        }
        let validation = validate_with(&json, options);
        // The builder reports some rules itself, with a precise location; keep one copy.
        let own: std::collections::HashSet<(&str, &str)> =
            findings.iter().map(|b| (b.code, b.path.as_str())).collect();
        let from_validator: Vec<BuildFinding> = validation
            .findings
            .into_iter()
            .filter(|f| !own.contains(&(f.code, f.path.as_str())))
            .map(BuildFinding::from_validator)
            .collect();
        (json, findings, from_validator, record)
    }

    /// The builder call that created the node at JSON `path` (or its closest recorded
    /// ancestor): maps any path — a validator finding, or a `validation_errors` entry returned
    /// by Meta after upload — back to the Rust source.
    ///
    /// Renders a copy of the flow, so it costs about one `build_unchecked`.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let s = flow.screen("S");
    /// let line = line!() + 1;
    /// flow.at(s).child(TextInput::new("a", "A"));
    /// let loc = flow.location_of("screens[0].layout.children[0].label").unwrap();
    /// assert_eq!(loc.line(), line);
    /// ```
    pub fn location_of(&self, path: &str) -> Option<&'static Location<'static>> {
        let (_, _, record) = self.clone().render(true);
        locate(&record.paths(), path)
    }

    /// Every recorded node: its JSON path and the builder call that created it (what
    /// [`location_of`](Self::location_of) searches), for mapping many paths at once.
    pub(crate) fn origins(&self) -> Vec<(String, &'static Location<'static>)> {
        self.clone().render(true).2.paths()
    }

    /// The document without running the validator (builder-level findings are dropped).
    pub fn build_unchecked(self) -> FlowJson {
        self.render(false).0
    }

    /// Renders the document, moving the builder's values into it; `record` keeps where each
    /// node came from (empty otherwise).
    fn render(self, record: bool) -> (FlowJson, Vec<BuildFinding>, Record) {
        let version = FlowVersion::parse(&self.version);
        let ids: Vec<String> = self.screens.iter().map(|s| s.id.clone()).collect();
        let mut cx = RenderCx::new(self.id, &ids);
        if !record {
            cx.record = None;
        }
        cx.loc = self.loc;
        cx.enter(self.loc);
        let mut findings = self.early;
        let mut screens = Vec::with_capacity(self.screens.len());
        for (i, mut s) in self.screens.into_iter().enumerate() {
            for mut f in std::mem::take(&mut s.early) {
                f.path = format!("screens[{i}].{}", f.path);
                findings.push(f);
            }
            screens.push(s.render(i, &mut cx));
        }
        cx.screen = None;

        let mut json = FlowJson::default();
        json.version = Some(version);
        if let Some(v) = &self.data_api_version {
            json.data_api_version = Some(DataApiVersion::parse(v));
        }
        // An endpoint flow needs a routing model (derived when not given); a flow without an
        // endpoint may still give one explicitly, and then it is written as given.
        if self.data_api_version.is_some() || self.routes.is_some() {
            json.routing_model = Some(routing_model(
                self.id,
                self.routes.as_deref(),
                &mut cx,
                &ids,
            ));
        }
        json.screens = Some(screens);
        // Known keys go to their typed field, in canonical order; others are kept as given.
        for (key, value) in self.extra {
            json.set_prop(key, value);
        }
        findings.append(&mut cx.findings);
        let record = cx.record.take().unwrap_or_default();
        (json, findings, record)
    }
}

/// Gives validator findings the builder call that created their node.
fn locate_all(
    record: &Record,
    mut findings: Vec<BuildFinding>,
    mut from_validator: Vec<BuildFinding>,
) -> Vec<BuildFinding> {
    if !from_validator.is_empty() {
        let locations = record.paths();
        let flow = locations.first().map(|(_, l)| *l);
        for f in &mut from_validator {
            f.location = locate(&locations, &f.path).or(flow);
        }
    }
    findings.extend(from_validator);
    findings
}

/// The explicit routing model, or the one derived from the navigation edges. Each explicit
/// route is recorded at its `route(..)` call, so the validator's routing findings
/// (`routing_model.A`) point there.
fn routing_model(
    flow: u64,
    routes: Option<&[Route]>,
    cx: &mut RenderCx<'_>,
    ids: &[String],
) -> IndexMap<String, Vec<String>> {
    let id_of = |h: ScreenHandle| {
        (h.flow == flow)
            .then(|| ids.get(h.index as usize).cloned())
            .flatten()
    };
    let mut model: IndexMap<String, Vec<String>> = IndexMap::new();
    match routes {
        Some(routes) => {
            cx.push(Seg::Key("routing_model"));
            for r in routes {
                let Some(from) = id_of(r.from) else {
                    let prev = cx.enter(r.loc);
                    cx.finding(
                        codes::FOREIGN_HANDLE,
                        "a route starts at a screen of another Flow builder".to_owned(),
                    );
                    cx.leave(prev);
                    continue;
                };
                cx.push(Seg::Name(from.clone()));
                let prev = cx.enter(r.loc);
                let entry = model.entry(from).or_default();
                for t in &r.to {
                    match id_of(*t) {
                        Some(t) if !entry.contains(&t) => entry.push(t),
                        Some(_) => {}
                        None => cx.finding(
                            codes::FOREIGN_HANDLE,
                            "a route leads to a screen of another Flow builder".to_owned(),
                        ),
                    }
                }
                cx.leave(prev);
                cx.pop();
            }
            cx.pop();
        }
        None => {
            for id in ids {
                model.insert(id.clone(), Vec::new());
            }
            for (from, to) in &cx.edges {
                let Some(to_id) = id_of(*to) else { continue };
                if let Some(list) = model.get_mut(&ids[*from as usize])
                    && !list.contains(&to_id)
                {
                    list.push(to_id);
                }
            }
        }
    }
    model
}

/// The builder call of the deepest recorded node containing `path`.
pub(crate) fn locate(
    locations: &[(String, &'static Location<'static>)],
    path: &str,
) -> Option<&'static Location<'static>> {
    locations
        .iter()
        .filter(|(p, _)| {
            path.starts_with(p.as_str())
                && (p.is_empty()
                    || path.len() == p.len()
                    || matches!(path.as_bytes()[p.len()], b'.' | b'['))
        })
        .max_by_key(|(p, _)| p.len())
        .map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_takes_the_deepest_node_on_a_segment_boundary() {
        let flow = Location::caller();
        let screen = Location::caller();
        let child = Location::caller();
        let child10 = Location::caller();
        let recorded = vec![
            (String::new(), flow),
            ("screens[0]".to_owned(), screen),
            ("screens[0].layout.children[1]".to_owned(), child),
            ("screens[0].layout.children[10]".to_owned(), child10),
        ];
        let at = |p: &str| locate(&recorded, p).map(|l| l as *const _);
        assert_eq!(
            at("screens[0].layout.children[1].label"),
            Some(child as *const _)
        );
        // `children[1]` is a prefix of `children[10]` as text, not as a path.
        assert_eq!(
            at("screens[0].layout.children[10]"),
            Some(child10 as *const _)
        );
        assert_eq!(at("screens[0].title"), Some(screen as *const _));
        assert_eq!(at("routing_model.A"), Some(flow as *const _));
    }
}
