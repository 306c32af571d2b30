//! Bindings (`${data.x}`, `${form.y}`, `${screen.S.form.z}`) and backtick expressions become
//! typed references: the `let` variable of the declaration when it is in scope and of the right
//! type, otherwise the reference taken from the screen's handle.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use flow_model::{Binding, DynExpr};

use super::code::Code;
use crate::import::names::Idents;
use crate::import::rust_lit::string as str_lit;

/// What the generated code knows about one screen.
#[derive(Debug, Default)]
pub(crate) struct ScreenSyms {
    /// The handle variable (`welcome`).
    pub(crate) handle: String,
    /// Data key → Rust type of its declaration.
    pub(crate) data_types: HashMap<String, String>,
    /// Input name → Rust type of its value.
    pub(crate) form_types: HashMap<String, String>,
}

/// Symbols of the whole flow and of the screen being generated.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// Screen id → symbols.
    pub(crate) screens: HashMap<String, ScreenSyms>,
    /// The screen being generated.
    pub(crate) current: String,
    /// Variables of the current screen: (`data`|`form`, key) → (variable, Rust type).
    pub(crate) vars: HashMap<(&'static str, String), (String, String)>,
    /// Variables read so far (a declaration nobody reads gets no `let`).
    pub(crate) used: RefCell<HashSet<String>>,
    /// Variable names taken in the current block.
    pub(crate) names: Idents,
    /// The screen handles' names (taken in every block).
    pub(crate) base_names: Vec<String>,
}

impl Scope {
    /// A typed reference for the dynamic text `text` (a binding or backtick expression), of
    /// Rust type `want`. Text that is not one exact binding is kept verbatim
    /// (`Expr::raw`), which renders it unchanged.
    pub(crate) fn reference(&self, text: &str, want: &str) -> Code {
        self.binding(text, Some(want))
            .unwrap_or_else(|| Code::atom(format!("Expr::<{want}>::raw({})", str_lit(text))))
    }

    /// A reference whose type is whatever the declaration says (payload values).
    pub(crate) fn payload_reference(&self, text: &str) -> Code {
        self.binding(text, None).unwrap_or_else(|| {
            Code::atom(format!("Expr::<serde_json::Value>::raw({})", str_lit(text)))
        })
    }

    fn binding(&self, text: &str, want: Option<&str>) -> Option<Code> {
        if !DynExpr::is_dynamic(text) || !text.starts_with("${") {
            return None;
        }
        let b = Binding::parse(&text[2..text.len() - 1])?;
        // Only an exact round trip may become a typed reference.
        if b.to_text() != text {
            return None;
        }
        let (screen, kind, path) = match &b {
            Binding::Data(p) => (self.current.as_str(), "data", p),
            Binding::Form(p) => (self.current.as_str(), "form", p),
            // A global reference to the screen itself would render as a local one.
            Binding::ScreenData { screen, .. } | Binding::ScreenForm { screen, .. }
                if *screen == self.current =>
            {
                return None;
            }
            Binding::ScreenData { screen, path } => (screen.as_str(), "data", path),
            Binding::ScreenForm { screen, path } => (screen.as_str(), "form", path),
        };
        let syms = self.screens.get(screen)?;
        let declared = if kind == "data" {
            syms.data_types.get(&path[0])
        } else {
            syms.form_types.get(&path[0])
        };
        let fields = &path[1..];
        let leaf_type = |fallback: &str| -> String {
            match (want, fields.is_empty(), declared) {
                (Some(w), _, _) => w.to_owned(),
                (None, true, Some(t)) => t.clone(),
                _ => fallback.to_owned(),
            }
        };
        let local = screen == self.current;
        if local
            && fields.is_empty()
            && let Some((var, ty)) = self.vars.get(&(kind, path[0].clone()))
            && want.is_none_or(|w| w == ty)
        {
            self.used.borrow_mut().insert(var.clone());
            return Some(Code::atom(format!("&{var}")));
        }
        let root_type = if fields.is_empty() {
            leaf_type("serde_json::Value")
        } else {
            "serde_json::Value".to_owned()
        };
        let mut code = format!(
            "{}.{kind}::<{root_type}>({})",
            syms.handle,
            str_lit(&path[0])
        );
        for (i, f) in fields.iter().enumerate() {
            let ty = if i + 1 == fields.len() {
                leaf_type("serde_json::Value")
            } else {
                "serde_json::Value".to_owned()
            };
            code.push_str(&format!(".field::<{ty}>({})", str_lit(f)));
        }
        Some(Code::atom(code))
    }
}
