//! The parsed flow: elements with attributes, before any checking.

use proc_macro2::Ident;
use syn::LitStr;

use crate::diag::Sp;
use crate::expr::Expr;

/// `<Flow ...> screens </Flow>`.
#[derive(Debug)]
pub struct FlowAst {
    pub name: Option<Ident>,
    pub version: Option<LitStr>,
    pub data_api_version: Option<LitStr>,
    pub categories: Vec<Ident>,
    /// `endpoint_uri="https://…"`: the deploy's endpoint URI (not Flow JSON), for `source()`.
    pub endpoint_uri: Option<LitStr>,
    /// `routing_model={{START: [NEXT], NEXT: []}}`, written as is.
    pub routing_model: Option<Attr>,
    /// `raw:key=value` attributes: top-level keys the table does not know.
    pub raw: Vec<Attr>,
    pub screens: Vec<ScreenAst>,
    pub sp: Sp,
}

/// `<Screen id="..." ...> components </Screen>`.
#[derive(Debug)]
pub struct ScreenAst {
    pub id: Option<LitStr>,
    pub attrs: Vec<Attr>,
    pub data: Vec<DataDecl>,
    /// Whether `data=` was written (`data={}` writes `"data": {}`).
    pub data_given: bool,
    pub children: Vec<Elem>,
    pub sp: Sp,
}

impl ScreenAst {
    /// The id text ("" when missing).
    pub fn id_text(&self) -> String {
        self.id.as_ref().map(LitStr::value).unwrap_or_default()
    }

    /// The attribute called `name`.
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// Whether a boolean attribute is set to true (`terminal`, `terminal=true`).
    pub fn flag(&self, name: &str) -> bool {
        self.attr(name).is_some_and(Attr::is_true)
    }
}

/// One `name: Type = example` of a screen's `data` attribute.
#[derive(Debug)]
pub struct DataDecl {
    pub name: Ident,
    pub ty: DataTy,
    pub example: Expr,
}

/// The declared type of a screen data field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataTy {
    Str,
    Int,
    Float,
    Bool,
    StrList,
    Choices,
    Media,
    Json,
}

impl DataTy {
    /// Every type name accepted in a declaration.
    pub const NAMES: &'static [(&'static str, DataTy)] = &[
        ("String", DataTy::Str),
        ("i64", DataTy::Int),
        ("f64", DataTy::Float),
        ("bool", DataTy::Bool),
        ("Vec<String>", DataTy::StrList),
        ("Vec<Choice>", DataTy::Choices),
        ("Vec<Value>", DataTy::Media),
        ("Value", DataTy::Json),
    ];
}

/// A component element (or a structural one: `then`, `else`, `case`).
#[derive(Debug)]
pub struct Elem {
    pub name: String,
    pub name_sp: Sp,
    pub attrs: Vec<Attr>,
    pub children: Vec<Elem>,
}

impl Elem {
    /// The attribute called `name`.
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// `name`, `name=value` or `name={value}`.
#[derive(Debug)]
pub struct Attr {
    pub name: String,
    pub sp: Sp,
    /// `None` for a bare flag (`required`), meaning `true`.
    pub value: Option<Expr>,
}

impl Attr {
    /// The value, with a bare flag read as `true`.
    pub fn is_true(&self) -> bool {
        match &self.value {
            None => true,
            Some(Expr::Bool(b)) => b.value,
            _ => false,
        }
    }

    /// The range to point at for problems with the value (the name for a flag).
    pub fn value_sp(&self) -> Sp {
        self.value.as_ref().map_or(self.sp, Expr::sp)
    }
}
