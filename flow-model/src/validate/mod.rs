//! The validator: Meta's Flow JSON rules applied locally, all findings in one pass.
//!
//! Each [`Finding`] carries Meta's error code where Meta has one (spec §F.2), a message that
//! says what is wrong and how to fix it, and the JSON path of the offending value. With source
//! text ([`validate_str`]) findings also get line/column spans, in the exact shape of Meta's
//! `validation_errors` ([`Validation::to_validation_errors`]).
//!
//! Rules the spec marks UNCONFIRMED, and advice (such as a version no longer publishable), are
//! [`Severity::Warning`] by default; [`ValidateOptions`] makes them errors or silences them.
//! UNCONFIRMED rules today: the screen-id regex beyond letters and underscores (digits), the
//! 50-components cap (whether nested components count), `integer` as a data type, the `*`
//! operator, `next.type: "plugin"`, If/Switch nested in Switch cases, `sensitive` naming
//! non-inputs, limits printed only by pywa or doubtful in Meta's tables (TextCaption 409,
//! choice `description` 300), properties Meta's tables omit (`enabled` on TextInput, `visible`
//! on Image/ImageCarousel), "every route ends at a terminal screen" (an endpoint may end the
//! flow from any screen with `SUCCESS`), a `navigate` payload key the target does not declare
//! (or of the wrong type) in a flow with an endpoint (the spec states the exact-match rule only
//! without one), and the `SHOPPING` category ([`validate_categories`]).
//!
//! Counts per screen come from the table ([`crate::table::ComponentSpec::count_in`]): a
//! Footer counts once per If branch or Switch case (only one is shown; Meta requires the pair),
//! other components in every branch.
//!
//! Codes invented here (Meta has none for the rule) all start with `FLOWDSL_`
//! ([`codes::LOCAL_CODES`]):
//!
//! | Code | Meaning |
//! |---|---|
//! | `FLOWDSL_NOT_AVAILABLE_IN_VERSION` | component, property, action or syntax newer than the declared version (Meta reports a generic schema error) |
//! | `FLOWDSL_MAX_CHARS_EXCEEDED` | literal text over Meta's character limit |
//! | `FLOWDSL_ITEM_COUNT` | too many options, list items, images or tags |
//! | `FLOWDSL_MAX_COMPONENTS_PER_SCREEN` | per-screen/per-flow counts without a Meta code (pickers, carousels, NavigationList, 50 components) |
//! | `FLOWDSL_COMPONENT_MUST_BE_ALONE` | NavigationList, or RichText (≤ 6.2 alone, ≥ 6.3 with a Footer only) sharing its screen |
//! | `FLOWDSL_COMPONENT_NOT_ALLOWED_HERE` | component not allowed in an If/Switch branch, a nested Form, a nested If's Footer, a terminal screen's NavigationList |
//! | `FLOWDSL_VERSION_NOT_PUBLISHABLE` | known version below the publishable range (warning) |
//! | `FLOWDSL_FLOW_JSON_TOO_LARGE` | document over 10 MB |
//! | `FLOWDSL_ADVICE` | Meta's advice, e.g. no `navigate` in a terminal screen's Footer (warning) |
//!
//! ```
//! use flow_model::validate::validate_str;
//! let text = r#"{"version": "7.3", "screens": [{"id": "START", "layout": {"type": "SingleColumnLayout",
//!   "children": [{"type": "Footer", "label": "Next",
//!     "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "NOPE"}}}]}}]}"#;
//! let v = validate_str(text).unwrap();
//! assert!(v.has_errors());
//! let nav = v.errors().find(|f| f.code == "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME").unwrap();
//! assert_eq!(nav.path, "screens[0].layout.children[0].on-click-action.next.name");
//! let meta = v.to_validation_errors(Some(text));
//! assert!(meta.iter().all(|e| e.line_start.is_some()));
//! ```

pub mod codes;
mod context;
pub mod expr;
mod rules;
pub(crate) use rules::did_you_mean;

use crate::flow::{FlowJson, ParseError};
use crate::source_map::SourceMap;
use crate::validation_error::{Pointer, ValidationError};
use crate::version::{OLDEST_PUBLISHABLE_FLOW_VERSION, Version};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Meta would reject the document (or the rule is configured as an error).
    Error,
    /// Advice, or a rule the spec marks UNCONFIRMED.
    Warning,
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Meta's error code (`INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME`), or a `FLOWDSL_` code.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and how to fix it.
    pub message: String,
    /// JSON path of the offending value (`screens[1].layout.children[3].label`); for a missing
    /// property, the path the property would have.
    pub path: String,
    /// Other places involved (e.g. the first of two duplicate screen ids).
    pub related: Vec<String>,
    /// Whether the rule is UNCONFIRMED in the spec (reported as a warning by default).
    pub unconfirmed: bool,
    /// For the last finding of a code whose findings went over a cap
    /// ([`ValidateOptions::max_findings_per_code`], [`ValidateOptions::max_findings`]): how many
    /// more findings of the code were counted but not kept. `0` for every other finding.
    pub more_like_this: usize,
}

/// Knobs for [`validate_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidateOptions {
    /// Report rules the spec marks UNCONFIRMED as errors instead of warnings.
    pub unconfirmed_as_errors: bool,
    /// Drop warnings entirely.
    pub ignore_warnings: bool,
    /// Versions older than this get a "not publishable" warning (spec §A.3, UNCONFIRMED).
    /// `None` disables the check.
    pub oldest_publishable: Option<Version>,
    /// Report a publishing-version problem as an error rather than a warning.
    pub unpublishable_version_is_error: bool,
    /// Findings kept per code ([`DEFAULT_MAX_FINDINGS_PER_CODE`] by default; `None`: all).
    /// Past it, the findings of that code are counted, and one last finding of the code says
    /// how many more there are ("N more like this"). A hostile or broken document (100,000
    /// keys written twice) then costs a report of bounded size, not gigabytes.
    pub max_findings_per_code: Option<usize>,
    /// Findings kept per document ([`DEFAULT_MAX_FINDINGS`] by default; `None`: all), counted
    /// the same way.
    pub max_findings: Option<usize>,
}

/// Default of [`ValidateOptions::max_findings_per_code`].
pub const DEFAULT_MAX_FINDINGS_PER_CODE: usize = 100;

/// Default of [`ValidateOptions::max_findings`].
pub const DEFAULT_MAX_FINDINGS: usize = 1000;

impl ValidateOptions {
    /// The default options without caps on findings: every finding is reported.
    ///
    /// ```
    /// use flow_model::validate::ValidateOptions;
    /// assert_eq!(ValidateOptions::uncapped().max_findings, None);
    /// ```
    pub fn uncapped() -> Self {
        Self {
            max_findings_per_code: None,
            max_findings: None,
            ..Self::default()
        }
    }
}

impl Default for ValidateOptions {
    fn default() -> Self {
        Self {
            unconfirmed_as_errors: false,
            ignore_warnings: false,
            oldest_publishable: Some(OLDEST_PUBLISHABLE_FLOW_VERSION),
            unpublishable_version_is_error: false,
            max_findings_per_code: Some(DEFAULT_MAX_FINDINGS_PER_CODE),
            max_findings: Some(DEFAULT_MAX_FINDINGS),
        }
    }
}

/// The result of validating one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validation {
    /// Every finding, in document order.
    pub findings: Vec<Finding>,
}

impl Validation {
    /// Findings of severity error.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// Findings of severity warning.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The distinct codes reported, sorted (used by snapshot tests).
    pub fn codes(&self) -> Vec<&'static str> {
        let mut c: Vec<_> = self.findings.iter().map(|f| f.code).collect();
        c.sort_unstable();
        c.dedup();
        c
    }

    /// An index of `text` for locating these findings: only their paths (and related ones)
    /// are indexed, so the cost follows the text and the findings, not every path of the
    /// document; `None` without findings.
    ///
    /// ```
    /// use flow_model::validate::validate_str;
    /// let text = r#"{"version": "7.3", "screens": [{"id": "A", "layout": {}}]}"#;
    /// let v = validate_str(text).unwrap();
    /// let map = v.source_map(text).unwrap();
    /// let f = &v.findings[0];
    /// assert!(map.span_or_ancestor(&f.path).is_some());
    /// ```
    pub fn source_map<'t>(&self, text: &'t str) -> Option<SourceMap<'t>> {
        if self.findings.is_empty() {
            return None;
        }
        let paths = self
            .findings
            .iter()
            .flat_map(|f| std::iter::once(&f.path).chain(&f.related))
            .map(String::as_str);
        Some(SourceMap::only(text, paths))
    }

    /// Findings in Meta's `validation_errors` shape, located in `source` when given.
    pub fn to_validation_errors(&self, source: Option<&str>) -> Vec<ValidationError> {
        let map = source.and_then(|text| self.source_map(text));
        self.findings
            .iter()
            .map(|f| f.to_validation_error(map.as_ref()))
            .collect()
    }

    /// Errors and warnings separately, in Meta's shape.
    pub fn split_validation_errors(
        &self,
        source: Option<&str>,
    ) -> (Vec<ValidationError>, Vec<ValidationError>) {
        let map = source.and_then(|text| self.source_map(text));
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for f in &self.findings {
            let e = f.to_validation_error(map.as_ref());
            match f.severity {
                Severity::Error => errors.push(e),
                Severity::Warning => warnings.push(e),
            }
        }
        (errors, warnings)
    }
}

impl Finding {
    /// This finding in Meta's shape, with line/column from `map` when given.
    pub fn to_validation_error(&self, map: Option<&SourceMap<'_>>) -> ValidationError {
        let pointer = |path: &str| {
            let mut p = Pointer {
                path: path.to_owned(),
                line_start: None,
                line_end: None,
                column_start: None,
                column_end: None,
            };
            if let Some(span) = map.and_then(|m| m.span_or_ancestor(path)) {
                let (s, e) = map.expect("span came from the map").line_cols(span);
                p.line_start = Some(s.line);
                p.column_start = Some(s.column);
                p.line_end = Some(e.line);
                p.column_end = Some(e.column);
            }
            p
        };
        let first = pointer(&self.path);
        let mut pointers = vec![first.clone()];
        pointers.extend(self.related.iter().map(|r| pointer(r)));
        ValidationError {
            error: self.code.to_owned(),
            error_type: crate::ERROR_TYPE_FLOW_JSON.to_owned(),
            message: self.message.clone(),
            line_start: first.line_start,
            line_end: first.line_end,
            column_start: first.column_start,
            column_end: first.column_end,
            pointers,
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}] {}: {}", self.code, self.path, self.message)
    }
}

/// The candidate closest to `wanted` within a small edit distance (the validator's "did you
/// mean"), for tools that report names against the same tables.
///
/// ```
/// assert_eq!(flow_model::validate::closest_name("DETAIL", ["START", "DETAILS"]), Some("DETAILS"));
/// assert_eq!(flow_model::validate::closest_name("zzz", ["START"]), None);
/// ```
pub fn closest_name<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    rules::did_you_mean(wanted, candidates)
}

/// Validates a document with the default options.
pub fn validate(flow: &FlowJson) -> Validation {
    validate_with(flow, &ValidateOptions::default())
}

/// Validates a document.
pub fn validate_with(flow: &FlowJson, options: &ValidateOptions) -> Validation {
    let mut cx = context::Cx::new(flow, options);
    rules::run(&mut cx);
    cx.finish()
}

/// Parses and validates source text. Text that is not JSON is a [`ParseError`] (Meta reports
/// it as `INVALID_FLOW_JSON`; see [`ParseError`] for the location).
pub fn validate_str(text: &str) -> Result<Validation, ParseError> {
    validate_str_with(text, &ValidateOptions::default())
}

/// Parses and validates source text with options.
pub fn validate_str_with(text: &str, options: &ValidateOptions) -> Result<Validation, ParseError> {
    let (flow, duplicates) = FlowJson::from_str_noting_duplicates(text)?;
    Ok(validate_parsed(&flow, text, duplicates, options))
}

/// Validates `flow`, already parsed from `text`, as [`validate_str_with`] would (the text adds
/// the duplicate-key and size checks) without parsing it again: for callers that keep the
/// typed document, such as deploy.
///
/// ```
/// use flow_model::FlowJson;
/// use flow_model::validate::{ValidateOptions, validate_parsed_with, validate_str};
/// let text = r#"{"version": "7.3", "screens": [], "screens": []}"#;
/// let flow = FlowJson::from_str(text).unwrap();
/// let once = validate_parsed_with(&flow, text, &ValidateOptions::default());
/// assert_eq!(once.findings, validate_str(text).unwrap().findings);
/// ```
pub fn validate_parsed_with(flow: &FlowJson, text: &str, options: &ValidateOptions) -> Validation {
    // Not parsed here, so nothing says whether a key was written twice: scan.
    validate_parsed(flow, text, true, options)
}

fn validate_parsed(
    flow: &FlowJson,
    text: &str,
    may_have_duplicates: bool,
    options: &ValidateOptions,
) -> Validation {
    let mut cx = context::Cx::new(flow, options);
    // The model keeps one value per key, so only the text shows where a key is written twice;
    // the parse says whether it is worth looking.
    if may_have_duplicates {
        duplicate_keys(&mut cx, text);
    }
    rules::run(&mut cx);
    let mut v = cx.finish();
    if text.len() > crate::table::limits::MAX_FLOW_JSON_BYTES {
        v.findings.insert(
            0,
            Finding {
                code: codes::LOCAL_TOO_LARGE,
                severity: Severity::Error,
                message: format!(
                    "the document is {} bytes; Meta accepts at most 10 MB. Move images out of the JSON or split the flow",
                    text.len()
                ),
                path: String::new(),
                related: Vec::new(),
                unconfirmed: false,
                more_like_this: 0,
            },
        );
    }
    v
}

/// Checks the `categories` a flow is created with (spec §G.1): at least one, each one of
/// [`crate::table::CATEGORIES`]. An unknown name is `INVALID_ENUM_VALUE` at `categories[i]`,
/// with the closest name as a hint; `SHOPPING` (AWS only) is an UNCONFIRMED warning.
///
/// ```
/// let v = flow_model::validate::validate_categories(&["SURVY"]);
/// let f = v.errors().next().unwrap();
/// assert_eq!((f.code, f.path.as_str()), ("INVALID_ENUM_VALUE", "categories[0]"));
/// assert!(f.message.contains("SURVEY"));
/// assert!(!flow_model::validate::validate_categories(&["SURVEY", "OTHER"]).has_errors());
/// ```
pub fn validate_categories<S: AsRef<str>>(categories: &[S]) -> Validation {
    validate_categories_with(categories, &ValidateOptions::default())
}

/// [`validate_categories`] with options (UNCONFIRMED categories as errors, or silenced).
pub fn validate_categories_with<S: AsRef<str>>(
    categories: &[S],
    options: &ValidateOptions,
) -> Validation {
    use crate::table::{CATEGORIES, Certainty, category_spec};
    let empty = FlowJson::default();
    let mut cx = context::Cx::new(&empty, options);
    if categories.is_empty() {
        cx.error(
            codes::MIN_ITEMS_REQUIRED,
            "categories",
            "a flow needs at least one category, e.g. OTHER",
        );
    }
    for (i, c) in categories.iter().enumerate() {
        let c = c.as_ref();
        let path = format!("categories[{i}]");
        match category_spec(c) {
            Some(spec) if spec.certainty == Certainty::Unconfirmed => cx.unconfirmed(
                codes::INVALID_ENUM_VALUE,
                path,
                format!("category {c} is listed by AWS only; Meta may reject it"),
            ),
            Some(_) => {}
            None => cx.error(
                codes::INVALID_ENUM_VALUE,
                path,
                format!(
                    "\"{c}\" is not a flow category; use one of {}.{}",
                    rules::quoted(CATEGORIES.iter().map(|c| c.name)),
                    rules::hint(c, CATEGORIES.iter().map(|c| c.name))
                ),
            ),
        }
    }
    cx.finish()
}

/// `FLOWDSL_DUPLICATE_KEY` for every key written twice in one object. JSON does not say which
/// value counts; serde_json (and so [`FlowJson`]) keeps the last, and what Meta does is
/// UNCONFIRMED, so this is a warning unless UNCONFIRMED rules are errors.
fn duplicate_keys(cx: &mut context::Cx<'_>, text: &str) {
    let dups = crate::source_map::duplicate_keys(text);
    if dups.is_empty() {
        return;
    }
    let lines = crate::source_map::LineIndex::new(text);
    for d in dups {
        let first = lines.line_col(d.first.start);
        cx.unconfirmed(
            codes::LOCAL_DUPLICATE_KEY,
            d.path,
            format!(
                "\"{}\" is written twice in this object (first at line {}, column {}); JSON does \
                 not say which value counts: flow-dsl keeps this last one. Delete the one you do \
                 not mean",
                d.key, first.line, first.column
            ),
        );
    }
}

/// What Meta returns as `validation_errors` for an uploaded text: errors only (no warnings),
/// located in the text; text that is not JSON gives one `INVALID_FLOW_JSON` entry.
///
/// ```
/// let errs = flow_model::validate::meta_validation_errors("{\"version\": \"7.3\", \"screens\": [}");
/// assert_eq!(errs[0].error, "INVALID_FLOW_JSON");
/// assert_eq!(errs[0].line_start, Some(1));
/// ```
pub fn meta_validation_errors(text: &str) -> Vec<ValidationError> {
    match validate_str(text) {
        Ok(v) => v.split_validation_errors(Some(text)).0,
        Err(e) => vec![e.to_validation_error()],
    }
}

impl ParseError {
    /// This parse error as Meta reports it: `INVALID_FLOW_JSON` at the line and column.
    pub fn to_validation_error(&self) -> ValidationError {
        let line = u32::try_from(self.line).unwrap_or(u32::MAX).max(1);
        let column = u32::try_from(self.column).unwrap_or(u32::MAX).max(1);
        let mut v = ValidationError::new(
            codes::INVALID_FLOW_JSON,
            self.to_string(),
            self.path.clone().unwrap_or_default(),
        );
        v.line_start = Some(line);
        v.line_end = Some(line);
        v.column_start = Some(column);
        v.column_end = Some(column.saturating_add(1));
        for p in &mut v.pointers {
            p.line_start = v.line_start;
            p.line_end = v.line_end;
            p.column_start = v.column_start;
            p.column_end = v.column_end;
        }
        v
    }
}
