//! flow-model's validator over the compile-time document: each finding becomes a diagnostic at
//! the token that wrote the offending value, with Meta's code first in the message.
//!
//! - Errors are `compile_error!`s: `INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME: …`.
//! - Warnings (rules the spec marks UNCONFIRMED, advice) never fail a compile: they are
//!   compiler warnings on stable, through a deprecated constant used at the token
//!   ([`Diags::warning`]).
//! - Findings inside a part written through the escape hatch (`raw:` attributes, `<Raw>`) are
//!   warnings too: the author chose to write what this version of the table does not know, and
//!   `build()` still reports them.
//! - Findings at a value the macro already refused are dropped (one message per mistake).

use flow_model::FlowJson;
use flow_model::validate::{Finding, Severity, codes, validate, validate_categories};

use crate::ast::FlowAst;
use crate::diag::{Diags, Sp};
use crate::doc::Doc;

/// Codes about a key rather than its value: reported at the attribute name.
const KEY_CODES: &[&str] = &[codes::INVALID_PROPERTY_KEY, codes::LOCAL_NOT_IN_VERSION];

/// Validates the document and reports every finding to `diags`. Returns the findings it
/// reported (the parity fixtures record their code and JSON path, PARITY.md).
pub fn report(mut doc: Doc, diags: &mut Diags) -> Vec<Finding> {
    let flow = match FlowJson::from_value(std::mem::take(&mut doc.json)) {
        Ok(f) => f,
        // The top level is always an object: nothing else to read.
        Err(_) => return Vec::new(),
    };
    // Only the macro's own errors silence a finding at their token: several findings at one
    // token (an element missing a property and placed where it may not be) are each reported,
    // so the compile names every code `flow-dsl validate` names.
    let macro_errors = diags.starts();
    validate(&flow)
        .findings
        .into_iter()
        .filter(|f| !doc.is_quiet(&f.path) && report_one(&doc, f, &macro_errors, diags))
        .collect()
}

/// Reports `f` at its token; `false` when it has none or the macro said it already there.
fn report_one(
    doc: &Doc,
    f: &Finding,
    macro_errors: &std::collections::HashSet<String>,
    diags: &mut Diags,
) -> bool {
    let Some((spot, exact)) = doc.locate(&f.path) else {
        return false;
    };
    let sp = if exact && !KEY_CODES.contains(&f.code) {
        spot.value
    } else {
        spot.key
    };
    // The macro said it already, at this token: one message per mistake.
    if Diags::reported_in(macro_errors, spot.key) || Diags::reported_in(macro_errors, spot.value) {
        return false;
    }
    let raw = doc.is_raw(&f.path);
    let mut msg = format!("{}: {}", f.code, f.message);
    // Located at `<Flow>` itself: the path says which screen or key.
    if !exact
        && f.path != "screens"
        && doc
            .locate("")
            .is_some_and(|(root, _)| same(root.key, spot.key))
    {
        msg.push_str(&format!(" (at {})", f.path));
    }
    match (f.severity, raw) {
        (Severity::Error, false) => diags.error(sp, msg),
        (Severity::Error, true) => diags.warning(
            sp,
            format!("{msg} [written through the escape hatch: `build()` will refuse it]"),
        ),
        // UNCONFIRMED rules say so in their message.
        (Severity::Warning, _) => diags.warning(sp, msg),
    }
    true
}

/// `categories=[..]` against flow-model's list (the Flows API's, not Flow JSON).
pub fn report_categories(flow: &FlowAst, diags: &mut Diags) {
    let names: Vec<String> = flow.categories.iter().map(ToString::to_string).collect();
    if names.is_empty() {
        return;
    }
    for f in validate_categories(&names).findings {
        let at = f
            .path
            .strip_prefix("categories[")
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| flow.categories.get(i));
        let sp = at.map_or(flow.sp, |i| Sp::one(i.span()));
        let msg = format!("{}: {}", f.code, f.message);
        match f.severity {
            Severity::Error => diags.error(sp, msg),
            Severity::Warning => diags.warning(sp, msg),
        }
    }
}

/// Whether two spans are the same token (see [`Diags::reported_in`]).
fn same(a: Sp, b: Sp) -> bool {
    format!("{:?}", a.lo) == format!("{:?}", b.lo)
}
