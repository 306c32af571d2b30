//! Properties that hold either a literal or a dynamic value (a binding or an expression).
//!
//! Meta lets most properties be "dynamic" (spec §C.0, §E): instead of a literal they hold a
//! binding string such as `"${data.is_visible}"`, `"${form.email}"`,
//! `"${screen.START.form.email}"`, or (6.0+) a backtick expression such as
//! ``"`${form.age} > 18`"``. [`Dyn<T>`] says so in the type.

use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::json::FromJson;

/// A literal value of type `T`, or a dynamic expression evaluated on the device.
///
/// ```
/// use flow_model::{Dyn, FromJson};
/// let lit: Dyn<bool> = Dyn::from_json(serde_json::json!(true)).unwrap();
/// assert_eq!(lit, Dyn::Lit(true));
/// let bound: Dyn<bool> = Dyn::from_json(serde_json::json!("${data.show}")).unwrap();
/// assert!(bound.as_expr().is_some());
/// // "yes" is neither a bool nor a binding: handed back untouched.
/// assert!(Dyn::<bool>::from_json(serde_json::json!("yes")).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Dyn<T> {
    /// A literal.
    Lit(T),
    /// A binding or backtick expression.
    Expr(DynExpr),
}

impl<T> Dyn<T> {
    /// The literal, if this is one.
    pub fn as_lit(&self) -> Option<&T> {
        match self {
            Dyn::Lit(t) => Some(t),
            Dyn::Expr(_) => None,
        }
    }

    /// The expression, if this is one.
    pub fn as_expr(&self) -> Option<&DynExpr> {
        match self {
            Dyn::Lit(_) => None,
            Dyn::Expr(e) => Some(e),
        }
    }
}

impl<T> From<T> for Dyn<T> {
    fn from(t: T) -> Self {
        Dyn::Lit(t)
    }
}

impl From<&str> for Dyn<String> {
    fn from(s: &str) -> Self {
        Dyn::from_text(s.to_owned())
    }
}

impl Dyn<String> {
    /// Classifies a string property: binding/expression syntax becomes [`Dyn::Expr`].
    pub fn from_text(s: String) -> Self {
        match DynExpr::try_new(s) {
            Ok(e) => Dyn::Expr(e),
            Err(s) => Dyn::Lit(s),
        }
    }
}

impl<T: Serialize> Serialize for Dyn<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Dyn::Lit(t) => t.serialize(s),
            Dyn::Expr(e) => s.serialize_str(e.as_str()),
        }
    }
}

impl<T: FromJson> FromJson for Dyn<T> {
    fn from_json(v: Value) -> Result<Self, Value> {
        match v {
            Value::String(s) => match DynExpr::try_new(s) {
                Ok(e) => Ok(Dyn::Expr(e)),
                Err(s) => T::from_json(Value::String(s)).map(Dyn::Lit),
            },
            other => T::from_json(other).map(Dyn::Lit),
        }
    }
}

/// A dynamic value: a single binding `${…}` or a backtick-wrapped expression.
///
/// The text is kept exactly as written; [`DynExpr::kind`] tells which form it has and
/// [`DynExpr::references`] lists the bindings it mentions.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DynExpr(String);

/// The two syntactic forms of a dynamic value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DynKind {
    /// `${data.x}`, `${form.x}`, `${screen.S.form.x}`, `${screen.S.data.x}`.
    Binding,
    /// A nested expression wrapped in backticks (6.0+).
    Backtick,
}

impl DynExpr {
    /// Accepts `s` when it is dynamic syntax, otherwise gives it back.
    pub fn try_new(s: String) -> Result<Self, String> {
        if Self::is_dynamic(&s) {
            Ok(DynExpr(s))
        } else {
            Err(s)
        }
    }

    /// Whether a string property value is dynamic syntax rather than a literal.
    pub fn is_dynamic(s: &str) -> bool {
        let b = s.as_bytes();
        (b.len() >= 3
            && s.starts_with("${")
            && s.ends_with('}')
            && !s[2..s.len() - 1].contains("${"))
            || (b.len() >= 2 && b[0] == b'`' && b[b.len() - 1] == b'`')
    }

    /// The expression text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Which form the expression has.
    pub fn kind(&self) -> DynKind {
        if self.0.starts_with('`') {
            DynKind::Backtick
        } else {
            DynKind::Binding
        }
    }

    /// For a single binding, the binding; `None` for backtick expressions or malformed paths.
    pub fn binding(&self) -> Option<Binding> {
        match self.kind() {
            DynKind::Binding => Binding::parse(&self.0[2..self.0.len() - 1]),
            DynKind::Backtick => None,
        }
    }

    /// Every `${…}` reference in the text, in order, with its byte offset in the text.
    pub fn references(&self) -> Vec<(usize, Reference<'_>)> {
        references_in(&self.0)
    }
}

impl fmt::Debug for DynExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DynExpr({:?})", self.0)
    }
}

impl fmt::Display for DynExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for DynExpr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl FromJson for DynExpr {
    fn from_json(v: Value) -> Result<Self, Value> {
        match v {
            Value::String(s) => DynExpr::try_new(s).map_err(Value::String),
            other => Err(other),
        }
    }
}

/// One `${…}` occurrence in a string: either a well-formed [`Binding`] or unparseable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference<'a> {
    /// A binding whose path could be read.
    Binding(Binding),
    /// The text between `${` and `}` that is not a valid binding path.
    Malformed(&'a str),
}

/// Finds every `${…}` in `text` (bindings embedded in payload strings, titles, expressions).
pub fn references_in(text: &str) -> Vec<(usize, Reference<'_>)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(start) = text[rest..].find("${") {
        let open = rest + start;
        let Some(len) = text[open + 2..].find('}') else {
            out.push((open, Reference::Malformed(&text[open + 2..])));
            break;
        };
        let inner = &text[open + 2..open + 2 + len];
        out.push((
            open,
            Binding::parse(inner).map_or(Reference::Malformed(inner), Reference::Binding),
        ));
        rest = open + 2 + len + 1;
    }
    out
}

/// What a binding reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Binding {
    /// `${data.a.b}`: the current screen's data, with a nested path.
    Data(Vec<String>),
    /// `${form.name}` (optionally with a nested path).
    Form(Vec<String>),
    /// `${screen.ID.data.a}` (4.0+).
    ScreenData {
        /// The screen id.
        screen: String,
        /// The path inside that screen's data.
        path: Vec<String>,
    },
    /// `${screen.ID.form.name}` (4.0+).
    ScreenForm {
        /// The screen id.
        screen: String,
        /// The input name (and nested path).
        path: Vec<String>,
    },
}

impl Binding {
    /// Parses the text between `${` and `}`.
    ///
    /// ```
    /// use flow_model::Binding;
    /// assert_eq!(Binding::parse("form.email"), Some(Binding::Form(vec!["email".into()])));
    /// assert_eq!(
    ///     Binding::parse("screen.START.data.user.name"),
    ///     Some(Binding::ScreenData { screen: "START".into(), path: vec!["user".into(), "name".into()] })
    /// );
    /// assert_eq!(Binding::parse("form."), None);
    /// ```
    pub fn parse(inner: &str) -> Option<Binding> {
        let mut parts = inner.split('.');
        let path = |parts: std::str::Split<'_, char>| -> Option<Vec<String>> {
            let v: Vec<String> = parts.map(str::to_owned).collect();
            let ok = !v.is_empty() && v.iter().all(|p| is_identifier(p));
            ok.then_some(v)
        };
        match parts.next()? {
            "data" => path(parts).map(Binding::Data),
            "form" => path(parts).map(Binding::Form),
            "screen" => {
                let screen = parts.next()?.to_owned();
                if !is_identifier(&screen) {
                    return None;
                }
                match parts.next()? {
                    "data" => path(parts).map(|path| Binding::ScreenData { screen, path }),
                    "form" => path(parts).map(|path| Binding::ScreenForm { screen, path }),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The binding written back as `${…}` text.
    pub fn to_text(&self) -> String {
        match self {
            Binding::Data(p) => format!("${{data.{}}}", p.join(".")),
            Binding::Form(p) => format!("${{form.{}}}", p.join(".")),
            Binding::ScreenData { screen, path } => {
                format!("${{screen.{screen}.data.{}}}", path.join("."))
            }
            Binding::ScreenForm { screen, path } => {
                format!("${{screen.{screen}.form.{}}}", path.join("."))
            }
        }
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        assert!(DynExpr::is_dynamic("${data.x}"));
        assert!(DynExpr::is_dynamic("`${form.a} > 3`"));
        assert!(!DynExpr::is_dynamic("Hello ${data.x}"));
        assert!(!DynExpr::is_dynamic("${data.a} and ${data.b}"));
        assert!(!DynExpr::is_dynamic("plain"));
        assert!(!DynExpr::is_dynamic("`"));
    }

    #[test]
    fn finds_references() {
        let refs = references_in("`'Hi ' ${form.first} ${screen.A.data.x} ${bad.}`");
        assert_eq!(refs.len(), 3);
        assert_eq!(
            refs[0].1,
            Reference::Binding(Binding::Form(vec!["first".into()]))
        );
        assert!(matches!(refs[2].1, Reference::Malformed("bad.")));
    }
}
