//! Flow categories: the Flows API's `categories` parameter (spec §G.1, "`categories` enum"). Not
//! part of Flow JSON, but the same rule for every caller: `flow!`, the builders, the CLI and
//! the sandbox check a category list here.

use super::{Finding, Severity, codes};

/// The categories Meta documents.
pub const KNOWN_CATEGORIES: &[&str] = &[
    "SIGN_UP",
    "SIGN_IN",
    "APPOINTMENT_BOOKING",
    "LEAD_GENERATION",
    "CONTACT_US",
    "CUSTOMER_SUPPORT",
    "SURVEY",
    "OTHER",
];

/// Categories listed only by AWS's documentation (spec: UNCONFIRMED for Meta): a warning.
pub const UNCONFIRMED_CATEGORIES: &[&str] = &["SHOPPING"];

/// Checks category names; each finding's path is `categories[i]`.
///
/// ```
/// use flow_model::validate::{check_categories, codes};
/// let f = check_categories(&["SURVEY", "SURVY"]);
/// assert_eq!(f.len(), 1);
/// assert_eq!(f[0].code, codes::INVALID_ENUM_VALUE);
/// assert_eq!(f[0].path, "categories[1]");
/// assert!(f[0].message.contains("Did you mean 'SURVEY'?"));
/// ```
pub fn check_categories<S: AsRef<str>>(names: &[S]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let name = name.as_ref();
        if KNOWN_CATEGORIES.contains(&name) {
            continue;
        }
        let unconfirmed = UNCONFIRMED_CATEGORIES.contains(&name);
        let message = if unconfirmed {
            format!(
                "category '{name}' is listed by AWS only; Meta documents {}",
                super::rules::quoted(KNOWN_CATEGORIES.iter().copied())
            )
        } else {
            format!(
                "'{name}' is not a flow category; Meta accepts {}.{}",
                super::rules::quoted(KNOWN_CATEGORIES.iter().copied()),
                super::rules::hint(name, KNOWN_CATEGORIES.iter().copied())
            )
        };
        out.push(Finding {
            code: codes::INVALID_ENUM_VALUE,
            severity: if unconfirmed {
                Severity::Warning
            } else {
                Severity::Error
            },
            message,
            path: format!("categories[{i}]"),
            related: Vec::new(),
            unconfirmed,
        });
    }
    out
}
