//! Names in the generated Rust: the flow's type name (from the file name or `--name`) and
//! identifiers for screen ids, form fields and data keys.
//!
//! Flow JSON keys are free text; Rust identifiers are not. A key that is a Rust keyword is
//! written as a raw identifier (`type` → `r#type`, which `flow!` and the builders read back
//! as the plain key); a key that cannot be an identifier at all (`first-name`, `2nd`) has no
//! identifier, and the generators keep it as a string.
//!
//! ```ignore
//! assert_eq!(names::type_name_from_file(Some("health_insurance.json")), "HealthInsurance");
//! assert_eq!(names::field_ident("type").as_deref(), Some("r#type"));
//! assert_eq!(names::field_ident("first-name"), None);
//! ```

use std::collections::HashSet;

use super::ImportError;

/// The type name used when neither `--name` nor a usable file name gives one.
pub(crate) const DEFAULT_TYPE_NAME: &str = "ImportedFlow";

/// Rust's strict and reserved keywords (2024 edition), which need `r#` as identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Whether `s` is an ASCII identifier (`[A-Za-z_][A-Za-z0-9_]*`, not `_` alone), keyword or
/// not. Non-ASCII identifiers are legal Rust but rare in flows and a lint hazard: kept as
/// strings.
pub(crate) fn is_ident_text(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_alphabetic() || c == b'_')
        && s != "_"
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

/// Whether `s` is a Rust keyword (needs `r#`).
pub(crate) fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// The Rust identifier that names the Flow JSON key `key` (a data key, a form field, a screen
/// id): the key itself, `r#key` for a keyword, `None` when no identifier names it.
pub(crate) fn field_ident(key: &str) -> Option<String> {
    if !is_ident_text(key) || NOT_RAW.contains(&key) {
        return None;
    }
    Some(if is_keyword(key) {
        format!("r#{key}")
    } else {
        key.to_owned()
    })
}

/// Splits text into words at non-alphanumerics and lower→upper case changes.
fn words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `health_insurance` / `Health Insurance` / `health-insurance` → `HealthInsurance`.
pub(crate) fn upper_camel(s: &str) -> String {
    words(s)
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            cs.next().map_or_else(String::new, |f| {
                f.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase()
            })
        })
        .collect()
}

/// `HealthInsurance` / `SCREEN_ONE` → `health_insurance` / `screen_one`; a leading digit gets
/// an `s_` prefix and a keyword an `_` suffix, so the result is always a plain identifier.
pub(crate) fn snake_case(s: &str) -> String {
    let w: Vec<String> = words(s).iter().map(|w| w.to_ascii_lowercase()).collect();
    let mut out = w.join("_");
    if out.is_empty() {
        out.push_str("item");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "s_");
    }
    if is_keyword(&out) {
        out.push('_');
    }
    out
}

/// The flow's type name from its file name: the stem in UpperCamelCase (`sign_up.json` →
/// `SignUp`, `2024.json` → `F2024`), or [`DEFAULT_TYPE_NAME`] when the stem has no letters
/// or is just `flow`.
pub(crate) fn type_name_from_file(file_name: Option<&str>) -> String {
    let Some(name) = file_name else {
        return DEFAULT_TYPE_NAME.to_owned();
    };
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base
        .strip_suffix(".json")
        .or_else(|| base.strip_suffix(".JSON"))
        .unwrap_or(base);
    let mut t = upper_camel(stem);
    if t.is_empty() || t == "Flow" {
        return DEFAULT_TYPE_NAME.to_owned();
    }
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        t.insert(0, 'F');
    }
    if is_keyword(&t) {
        t.push_str("Flow");
    }
    t
}

/// Checks a type name given with `--name`: an identifier starting with an uppercase letter,
/// not a keyword.
pub(crate) fn check_type_name(name: &str) -> Result<(), ImportError> {
    let ok = is_ident_text(name) && name.starts_with(|c: char| c.is_ascii_uppercase());
    if ok && !is_keyword(name) {
        Ok(())
    } else {
        Err(ImportError::TypeName(name.to_owned()))
    }
}

/// Hands out identifiers that do not collide: the second `email` becomes `email_2`.
#[derive(Debug, Default)]
pub(crate) struct Idents {
    used: HashSet<String>,
}

impl Idents {
    /// Marks `name` as taken (a name the generated code already uses).
    pub(crate) fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }

    /// `base`, or `base_2`, `base_3`… when taken; marks the result as taken.
    pub(crate) fn fresh(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_come_from_file_stems() {
        assert_eq!(
            type_name_from_file(Some("corpus/x/Health_Insurance.json")),
            "HealthInsurance"
        );
        assert_eq!(type_name_from_file(Some("sign-up flow.json")), "SignUpFlow");
        assert_eq!(type_name_from_file(Some("2024.json")), "F2024");
        assert_eq!(type_name_from_file(Some("flow.json")), DEFAULT_TYPE_NAME);
        assert_eq!(type_name_from_file(Some("---.json")), DEFAULT_TYPE_NAME);
        assert_eq!(type_name_from_file(None), DEFAULT_TYPE_NAME);
        assert_eq!(type_name_from_file(Some("camelCase.json")), "CamelCase");
    }

    #[test]
    fn given_type_names_are_checked() {
        assert!(check_type_name("Booking").is_ok());
        assert!(check_type_name("Booking2_b").is_ok());
        for bad in ["booking", "2Book", "Bo-ok", "", "Self", "Bö"] {
            assert!(
                matches!(check_type_name(bad), Err(ImportError::TypeName(n)) if n == bad),
                "{bad}"
            );
        }
    }

    #[test]
    fn keys_become_identifiers_or_stay_strings() {
        assert_eq!(field_ident("email").as_deref(), Some("email"));
        assert_eq!(field_ident("type").as_deref(), Some("r#type"));
        assert_eq!(field_ident("SCREEN_ONE").as_deref(), Some("SCREEN_ONE"));
        assert_eq!(field_ident("first-name"), None);
        assert_eq!(field_ident("2nd"), None);
        assert_eq!(field_ident("self"), None);
        assert_eq!(field_ident("_"), None);
        assert_eq!(field_ident("ñame"), None);
    }

    #[test]
    fn snake_case_is_always_an_identifier() {
        assert_eq!(snake_case("SCREEN_ONE"), "screen_one");
        assert_eq!(snake_case("welcomeScreen"), "welcome_screen");
        assert_eq!(snake_case("3rd"), "s_3rd");
        assert_eq!(snake_case("TYPE"), "type_");
        assert_eq!(snake_case("--"), "item");
    }

    #[test]
    fn collisions_get_numbered() {
        let mut ids = Idents::default();
        ids.reserve("flow");
        assert_eq!(ids.fresh("flow"), "flow_2");
        assert_eq!(ids.fresh("email"), "email");
        assert_eq!(ids.fresh("email"), "email_2");
        assert_eq!(ids.fresh("email"), "email_3");
    }
}
