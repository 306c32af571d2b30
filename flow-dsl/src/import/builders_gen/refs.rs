//! Bindings (`${data.x}`, `${form.y}`, `${screen.S.form.z}`) and backtick expressions become
//! typed references: the `let` variable of the declaration when it is in scope and of the right
//! type, otherwise the reference taken from the screen's handle.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use super::code::Code;
use crate::import::expr::{self, Ref, RefKind};
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
    /// The block being generated (variable names repeat across screen blocks).
    pub(crate) block: usize,
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
            .or_else(|| super::typed_expr::value(self, text, want))
            .unwrap_or_else(|| {
                Code::call(
                    format!("Expr::<{want}>::raw"),
                    vec![Code::atom(str_lit(text))],
                )
            })
    }

    /// A reference whose type is whatever the declaration says (payload values).
    pub(crate) fn payload_reference(&self, text: &str) -> Code {
        self.binding(text, None).unwrap_or_else(|| {
            Code::call(
                "Expr::<serde_json::Value>::raw",
                vec![Code::atom(str_lit(text))],
            )
        })
    }

    /// How variable `var` of the current block is recorded as read.
    pub(crate) fn used_key(&self, var: &str) -> String {
        format!("{}#{var}", self.block)
    }

    /// Runs `attempt`; when it gives up, the variables it read are unread again (its code is
    /// discarded, so a `let` for them would be unused).
    pub(crate) fn attempt<T>(&self, attempt: impl FnOnce() -> Option<T>) -> Option<T> {
        let before = self.used.borrow().clone();
        let out = attempt();
        if out.is_none() {
            *self.used.borrow_mut() = before;
        }
        out
    }

    fn binding(&self, text: &str, want: Option<&str>) -> Option<Code> {
        let r = expr::binding(text)?;
        // Only an exact round trip may become a typed reference.
        if r.text() != text {
            return None;
        }
        self.ref_code(&r, want, true)
    }

    /// The declared Rust type of what `r` reads (`None` for nested fields and unknown names).
    pub(crate) fn type_of(&self, r: &Ref) -> Option<&str> {
        let screen = r.screen.as_deref().unwrap_or(&self.current);
        let syms = self.screens.get(screen)?;
        if r.path.len() != 1 {
            return None;
        }
        match r.kind {
            RefKind::Data => syms.data_types.get(&r.path[0]),
            RefKind::Form => syms.form_types.get(&r.path[0]),
        }
        .map(String::as_str)
    }

    /// The reference `r` of type `want` (the declared type when `None`): the `let` variable
    /// when in scope and of that type, else taken from the screen handle. `borrow`: as an
    /// argument (`&x`) rather than a method receiver (`x`). `None` when the builders would not
    /// render `r` as written (a `screen.S.…` reference to the current screen).
    pub(crate) fn ref_code(&self, r: &Ref, want: Option<&str>, borrow: bool) -> Option<Code> {
        let screen = match &r.screen {
            // A global reference to the screen itself would render as a local one.
            Some(s) if *s == self.current => return None,
            Some(s) => s.as_str(),
            None => self.current.as_str(),
        };
        let syms = self.screens.get(screen)?;
        let kind = match r.kind {
            RefKind::Data => "data",
            RefKind::Form => "form",
        };
        let declared = self.type_of(r);
        let fields = &r.path[1..];
        if r.screen.is_none()
            && fields.is_empty()
            && let Some((var, ty)) = self.vars.get(&(kind, r.path[0].clone()))
            && want.is_none_or(|w| w == ty)
        {
            self.used.borrow_mut().insert(self.used_key(var));
            return Some(Code::atom(if borrow {
                format!("&{var}")
            } else {
                var.clone()
            }));
        }
        let leaf = want.or(declared).unwrap_or("serde_json::Value");
        let root = if fields.is_empty() {
            leaf
        } else {
            "serde_json::Value"
        };
        let mut code = format!("{}.{kind}::<{root}>({})", syms.handle, str_lit(&r.path[0]));
        for (i, f) in fields.iter().enumerate() {
            let ty = if i + 1 == fields.len() {
                leaf
            } else {
                "serde_json::Value"
            };
            code.push_str(&format!(".field::<{ty}>({})", str_lit(f)));
        }
        Some(Code::atom(code))
    }
}
