//! What the checks and the expansion both need: each screen's inputs and data with their value
//! types, and the type of any value expression.

use std::collections::HashMap;

use flow_model::Version;

use crate::ast::{DataTy, Elem, FlowAst, ScreenAst};
use crate::diag::{Diags, Sp, did_you_mean};
use crate::expr::{BinOp, Expr, RefExpr, RefKind};

/// The type of a value, as far as the macro can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Str,
    Int,
    Float,
    Bool,
    StrList,
    Choices,
    Media,
    Json,
    /// Not known (an error was reported, or a JSON field of unknown shape).
    Unknown,
}

impl Ty {
    /// The type of a data declaration.
    pub fn of_data(d: DataTy) -> Ty {
        match d {
            DataTy::Str => Ty::Str,
            DataTy::Int => Ty::Int,
            DataTy::Float => Ty::Float,
            DataTy::Bool => Ty::Bool,
            DataTy::StrList => Ty::StrList,
            DataTy::Choices => Ty::Choices,
            DataTy::Media => Ty::Media,
            DataTy::Json => Ty::Json,
        }
    }

    /// The JSON schema type name, for messages and payload checks.
    pub fn json_name(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Int | Ty::Float => "number",
            Ty::Bool => "boolean",
            Ty::StrList | Ty::Choices | Ty::Media => "array",
            Ty::Json | Ty::Unknown => "any",
        }
    }

    /// Whether a value of type `self` may fill a field declared as `declared`.
    pub fn fits(self, declared: Ty) -> bool {
        let any = |t: Ty| matches!(t, Ty::Json | Ty::Unknown);
        any(self) || any(declared) || self.json_name() == declared.json_name()
    }

    /// The value type of an input component (`None` for components without a value).
    pub fn of_input(component: &str) -> Option<Ty> {
        use flow_model::table::InputValue;
        Some(match flow_model::component_spec(component)?.value? {
            InputValue::Text => Ty::Str,
            InputValue::TextList => Ty::StrList,
            InputValue::Boolean => Ty::Bool,
            InputValue::Media => Ty::Media,
        })
    }

    /// The type of a JSON-like literal example.
    pub fn of_example(e: &Expr) -> Ty {
        match e {
            Expr::Str(_) => Ty::Str,
            Expr::Int(_) => Ty::Int,
            Expr::Float(_) => Ty::Float,
            Expr::Bool(_) => Ty::Bool,
            Expr::List(items, _) => match items.first() {
                Some(Expr::Object(..)) => Ty::Choices,
                _ => Ty::StrList,
            },
            Expr::Object(..) => Ty::Json,
            _ => Ty::Unknown,
        }
    }
}

/// An input of a screen.
#[derive(Debug)]
pub struct Input {
    pub name: String,
    pub ty: Ty,
    pub required: bool,
}

/// A screen's names.
#[derive(Debug)]
pub struct ScreenInfo<'a> {
    pub ast: &'a ScreenAst,
    pub id: String,
    pub inputs: Vec<Input>,
    pub data: Vec<(String, Ty, &'a Expr)>,
}

impl ScreenInfo<'_> {
    /// The input called `name`.
    pub fn input(&self, name: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.name == name)
    }

    /// The data field called `name`.
    pub fn data(&self, name: &str) -> Option<(Ty, &Expr)> {
        self.data
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, t, e)| (*t, *e))
    }
}

/// The whole flow's names.
#[derive(Debug)]
pub struct Model<'a> {
    pub flow: &'a FlowAst,
    pub version: Option<Version>,
    pub screens: Vec<ScreenInfo<'a>>,
    pub index: HashMap<String, usize>,
}

impl<'a> Model<'a> {
    /// Collects screens, inputs and data (first occurrence wins on duplicates; the checks
    /// report them).
    pub fn new(flow: &'a FlowAst) -> Model<'a> {
        let version = flow.version.as_ref().and_then(|v| v.value().parse().ok());
        let mut screens = Vec::new();
        let mut index = HashMap::new();
        for (i, s) in flow.screens.iter().enumerate() {
            let id = s.id_text();
            index.entry(id.clone()).or_insert(i);
            let mut inputs = Vec::new();
            collect_inputs(&s.children, &mut inputs);
            let data = s
                .data
                .iter()
                .map(|d| (d.name.to_string(), Ty::of_data(d.ty), &d.example))
                .collect();
            screens.push(ScreenInfo {
                ast: s,
                id,
                inputs,
                data,
            });
        }
        Model {
            flow,
            version,
            screens,
            index,
        }
    }

    /// The screen whose id is `id`.
    pub fn screen_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Every screen id, for suggestions.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.screens.iter().map(|s| s.id.as_str())
    }

    /// Resolves a reference used on screen `current`: the screen it reads and its type.
    /// Problems are reported to `diags`.
    pub fn resolve(&self, r: &RefExpr, current: usize, diags: &mut Diags) -> (usize, Ty) {
        let target = match &r.screen {
            None => current,
            Some(id) => {
                let text = id.to_string();
                let Some(t) = self.screen_index(&text) else {
                    diags.error(
                        Sp::one(id.span()),
                        format!(
                            "unknown screen `{text}` in a global reference{}",
                            did_you_mean(&text, self.ids())
                        ),
                    );
                    return (current, Ty::Unknown);
                };
                if t == current {
                    diags.error(
                        Sp::one(id.span()),
                        format!(
                            "`screen.{text}.…` refers to the current screen; write `{}.{}` instead",
                            kind_name(r.kind),
                            r.name
                        ),
                    );
                }
                t
            }
        };
        let s = &self.screens[target];
        let name = r.name.to_string();
        let where_ = if target == current {
            "this screen".to_owned()
        } else {
            format!("screen {}", s.id)
        };
        let ty = match r.kind {
            RefKind::Form => match s.input(&name) {
                Some(i) => i.ty,
                None => {
                    diags.error(
                        Sp::one(r.name.span()),
                        format!(
                            "`form.{name}`: {where_} has no input named `{name}`{}",
                            did_you_mean(&name, s.inputs.iter().map(|i| i.name.as_str()))
                        ),
                    );
                    Ty::Unknown
                }
            },
            RefKind::Data => match s.data(&name) {
                Some((ty, example)) => {
                    if r.path.is_empty() {
                        ty
                    } else {
                        field_type(example, &r.path)
                    }
                }
                None => {
                    diags.error(
                        Sp::one(r.name.span()),
                        format!(
                            "`data.{name}` is not declared in the data of {where_}{}",
                            did_you_mean(&name, s.data.iter().map(|(n, _, _)| n.as_str()))
                        ),
                    );
                    Ty::Unknown
                }
            },
        };
        (target, ty)
    }

    /// The type of a value expression on screen `current`, reporting misuse.
    pub fn type_of(&self, e: &Expr, current: usize, diags: &mut Diags) -> Ty {
        match e {
            Expr::Str(_) => Ty::Str,
            Expr::Int(_) => Ty::Int,
            Expr::Float(_) => Ty::Float,
            Expr::Bool(_) => Ty::Bool,
            Expr::Ref(r) => self.resolve(r, current, diags).1,
            Expr::Not(inner, _) => {
                let t = self.type_of(inner, current, diags);
                expect(diags, inner.sp(), t, &[Ty::Bool], "`!` needs a boolean");
                Ty::Bool
            }
            Expr::Bin(op, a, b, sp) => {
                let ta = self.type_of(a, current, diags);
                let tb = self.type_of(b, current, diags);
                let known = |t: Ty| t != Ty::Unknown;
                match op {
                    BinOp::And | BinOp::Or => {
                        expect(diags, a.sp(), ta, &[Ty::Bool], "`&&`/`||` need booleans");
                        expect(diags, b.sp(), tb, &[Ty::Bool], "`&&`/`||` need booleans");
                        Ty::Bool
                    }
                    BinOp::Eq | BinOp::Ne => {
                        if known(ta) && known(tb) && ta != tb {
                            diags.error(
                                *sp,
                                format!(
                                    "cannot compare a {} with a {}",
                                    ta.json_name(),
                                    tb.json_name()
                                ),
                            );
                        }
                        Ty::Bool
                    }
                    BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                        for (t, x) in [(ta, a), (tb, b)] {
                            expect(
                                diags,
                                x.sp(),
                                t,
                                &[Ty::Int, Ty::Float],
                                "comparisons need numbers",
                            );
                        }
                        if known(ta) && known(tb) && ta != tb {
                            diags.error(*sp, "both sides of a comparison must be integers (i64) or both decimals (f64)");
                        }
                        Ty::Bool
                    }
                    BinOp::Add if ta == Ty::Str || tb == Ty::Str => Ty::Str,
                    _ => {
                        for (t, x) in [(ta, a), (tb, b)] {
                            expect(
                                diags,
                                x.sp(),
                                t,
                                &[Ty::Int, Ty::Float],
                                "arithmetic needs numbers (`+` also joins text)",
                            );
                        }
                        if known(ta) && known(tb) && ta != tb {
                            diags.error(
                                *sp,
                                "both operands must be integers (i64) or both decimals (f64)",
                            );
                        }
                        ta
                    }
                }
            }
            Expr::Word(w) => {
                diags.error(Sp::one(w.span()), format!("`{w}` is not a value here: write a string, number, boolean, `form.x`, `data.x` or `screen.ID.form.x`"));
                Ty::Unknown
            }
            Expr::List(..) | Expr::Object(..) | Expr::Call(_) => {
                diags.error(
                    e.sp(),
                    "expected an expression (a literal, `form.x`, `data.x`, or operators on them)",
                );
                Ty::Unknown
            }
        }
    }
}

fn kind_name(k: RefKind) -> &'static str {
    match k {
        RefKind::Form => "form",
        RefKind::Data => "data",
    }
}

fn expect(diags: &mut Diags, sp: Sp, t: Ty, allowed: &[Ty], msg: &str) {
    if t != Ty::Unknown && t != Ty::Json && !allowed.contains(&t) {
        diags.error(sp, format!("{msg}, found a {}", t.json_name()));
    }
}

/// The type of `data.x.a.b` from the declaration's example object.
fn field_type(example: &Expr, path: &[proc_macro2::Ident]) -> Ty {
    let mut cur = example;
    for p in path {
        let Expr::Object(entries, _) = cur else {
            return Ty::Json;
        };
        match entries.iter().find(|e| p == &e.key) {
            Some(e) => cur = &e.value,
            None => return Ty::Json,
        }
    }
    match Ty::of_example(cur) {
        Ty::Unknown => Ty::Json,
        t => t,
    }
}

fn collect_inputs(children: &[Elem], out: &mut Vec<Input>) {
    for c in children {
        let number = c.name == "TextInput"
            && matches!(c.attr("input-type").and_then(|a| a.value.as_ref()), Some(Expr::Str(t)) if t.value() == "number");
        if let Some(ty) = Ty::of_input(&c.name).map(|t| if number { Ty::Int } else { t })
            && let Some(Expr::Str(name)) = c.attr("name").and_then(|a| a.value.as_ref())
        {
            out.push(Input {
                name: name.value(),
                ty,
                required: c.attr("required").is_some_and(|a| a.is_true()),
            });
        }
        collect_inputs(&c.children, out);
    }
}
