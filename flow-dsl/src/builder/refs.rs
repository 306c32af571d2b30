//! Screen handles, typed references to screen data and form values, and the rendering context
//! that turns them into `${data.x}`, `${form.x}` or `${screen.S.form.x}`.
//!
//! A reference remembers the screen that declared it (by handle, not by text), so the binding
//! written depends on where it is used: the local form on its own screen, the global form
//! (Flow JSON 4.0+) anywhere else.
//!
//! ```
//! use flow_dsl::builder::*;
//! let mut flow = Flow::new("7.3");
//! let start = flow.screen("START");
//! let end = flow.screen("END");
//! let email = flow.at(start).add(TextInput::new("email", "Email"));
//! flow.at(start).child(Footer::new("Next", navigate(end)));
//! flow.at(end)
//!     .terminal(true)
//!     .child(TextBody::new(&email))
//!     .child(Footer::new("Done", complete().with("email", &email)));
//! let v = flow.build().unwrap().to_value();
//! assert_eq!(v["screens"][1]["layout"]["children"][0]["text"], "${screen.START.form.email}");
//! ```

use std::panic::Location;

use super::error::{BuildFinding, codes};
use super::expr::{Expr, Node};

/// A screen declared with [`Flow::screen`](super::Flow::screen): the only way to name a
/// navigation target, so a `navigate` can never point at a screen that does not exist.
///
/// Handles are `Copy` and remember their flow; using one with another flow is reported by
/// `build()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScreenHandle {
    pub(crate) flow: u64,
    pub(crate) index: u32,
}

impl ScreenHandle {
    /// A reference to the value of input `name` on this screen, for inputs whose typed
    /// reference is not at hand (inside an `If` built as a value, for instance).
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let s = flow.screen("S");
    /// let email: FormRef<String> = s.form("email");
    /// assert_eq!(email.to_string(), "${form.email}");
    /// ```
    pub fn form<T>(self, name: &str) -> FormRef<T> {
        Expr::from_node(Node::Ref(RefTarget {
            screen: self,
            kind: RefKind::Form,
            path: vec![name.to_owned()],
        }))
    }

    /// A reference to screen data field `name` of this screen, declared elsewhere (the typed
    /// reference returned by [`Screen::data`](super::Screen::data) is preferable).
    pub fn data<T>(self, name: &str) -> DataRef<T> {
        Expr::from_node(Node::Ref(RefTarget {
            screen: self,
            kind: RefKind::Data,
            path: vec![name.to_owned()],
        }))
    }
}

/// A reference to an input's value (`${form.name}`), typed by the input's value type.
pub type FormRef<T> = Expr<T>;
/// A reference to a screen data field (`${data.name}`), typed by its declaration.
pub type DataRef<T> = Expr<T>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefKind {
    Form,
    Data,
}

/// What a reference points at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RefTarget {
    pub(crate) screen: ScreenHandle,
    pub(crate) kind: RefKind,
    pub(crate) path: Vec<String>,
}

impl RefTarget {
    pub(crate) fn with_field(&self, name: &str) -> RefTarget {
        let mut r = self.clone();
        r.path.push(name.to_owned());
        r
    }

    pub(crate) fn write(&self, out: &mut String, cx: &mut RenderCx<'_>) {
        let kind = match self.kind {
            RefKind::Form => "form.",
            RefKind::Data => "data.",
        };
        out.push_str("${");
        let local = match cx.screen {
            None => true,
            Some(current) => {
                if self.screen.flow != cx.flow {
                    cx.finding(
                        codes::FOREIGN_HANDLE,
                        format!(
                            "`{}{}` refers to a screen of another Flow builder",
                            kind,
                            self.path.join(".")
                        ),
                    );
                    true
                } else {
                    self.screen.index == current
                }
            }
        };
        if !local {
            let id = cx
                .screen_ids
                .get(self.screen.index as usize)
                .map(String::as_str)
                .unwrap_or("");
            out.push_str("screen.");
            out.push_str(id);
            out.push('.');
        }
        out.push_str(kind);
        for (i, p) in self.path.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str(p);
        }
        out.push('}');
    }
}

/// One step of a JSON path (`screens[0].layout.children[3].label`).
#[derive(Debug, Clone)]
pub(crate) enum Seg {
    Key(&'static str),
    Name(String),
    Idx(usize),
}

/// What entering a node replaced, restored on leaving it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entered {
    loc: &'static Location<'static>,
    node: u32,
    depth: usize,
}

/// Rendering state for one `build()`: where we are, what was found.
#[derive(Debug)]
pub struct RenderCx<'a> {
    pub(crate) flow: u64,
    /// The screen being rendered; `None` for detached rendering (Display, examples).
    pub(crate) screen: Option<u32>,
    pub(crate) screen_ids: &'a [String],
    pub(crate) findings: Vec<BuildFinding>,
    pub(crate) path: Vec<Seg>,
    pub(crate) loc: &'static Location<'static>,
    /// Every node entered, with its builder call: located findings come from here. Not kept
    /// by `build_unchecked`, which reports nothing.
    pub(crate) record: Option<Record>,
    /// The innermost recorded node, and the path length where it starts.
    node: u32,
    node_depth: usize,
    /// Navigation edges (from, to), for the routing model.
    pub(crate) edges: Vec<(u32, ScreenHandle)>,
}

impl<'a> RenderCx<'a> {
    #[track_caller]
    pub(crate) fn new(flow: u64, screen_ids: &'a [String]) -> Self {
        RenderCx {
            flow,
            screen: None,
            screen_ids,
            findings: Vec::new(),
            path: Vec::with_capacity(8),
            loc: Location::caller(),
            record: Some(Record::default()),
            node: NO_NODE,
            node_depth: 0,
            edges: Vec::new(),
        }
    }

    #[track_caller]
    pub(crate) fn detached() -> RenderCx<'static> {
        let mut cx = RenderCx::new(0, &[]);
        cx.record = None;
        cx
    }

    /// The current JSON path as text.
    pub(crate) fn path_string(&self) -> String {
        path_text(&self.path)
    }

    /// Enters a node created at `loc`; returns what [`Self::leave`] restores.
    pub(crate) fn enter(&mut self, loc: &'static Location<'static>) -> Entered {
        let prev = Entered {
            loc: self.loc,
            node: self.node,
            depth: self.node_depth,
        };
        self.loc = loc;
        if let Some(record) = &mut self.record {
            // Enter/leave nest inside push/pop, so the path still starts with the parent's.
            debug_assert!(self.path.len() >= self.node_depth);
            let steps = self.path.get(self.node_depth..).unwrap_or_default();
            self.node = record.node(self.node, steps, loc);
            self.node_depth = self.path.len();
        }
        prev
    }

    pub(crate) fn leave(&mut self, prev: Entered) {
        self.loc = prev.loc;
        self.node = prev.node;
        self.node_depth = prev.depth;
    }

    pub(crate) fn push(&mut self, seg: Seg) {
        self.path.push(seg);
    }

    pub(crate) fn pop(&mut self) {
        self.path.pop();
    }

    /// A builder-level finding at the current path and builder call.
    pub(crate) fn finding(&mut self, code: &'static str, message: String) {
        if self.screen.is_none() && self.flow == 0 {
            // Detached rendering (Display) has nowhere to report to.
            return;
        }
        let path = self.path_string();
        self.findings
            .push(BuildFinding::builder(code, path, message, self.loc));
    }

    pub(crate) fn misuse(&mut self, why: &str) {
        self.finding(codes::MISUSE, why.to_owned());
    }
}

/// A JSON path as text: `screens[0].layout.children[3].label`.
fn path_text(path: &[Seg]) -> String {
    let mut out = String::with_capacity(48);
    append_path(&mut out, path);
    out
}

/// Appends path steps to a path's text.
fn append_path(out: &mut String, path: &[Seg]) {
    use std::fmt::Write;
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Name(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Idx(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
}

/// The JSON path and builder call of every node, kept while rendering so that findings can be
/// located after the builder has been consumed.
///
/// Stored as a tree: each node keeps its parent and only the path steps below the parent, so
/// recording costs one or two segment copies per node, and paths become text only when there is
/// a finding to locate.
#[derive(Debug, Default)]
pub(crate) struct Record {
    segs: Vec<Seg>,
    nodes: Vec<RecNode>,
}

#[derive(Debug, Clone, Copy)]
struct RecNode {
    /// Index of the enclosing node, or `NO_NODE` for the root.
    parent: u32,
    /// The steps from the parent's path to this node's, as a range of `Record::segs`.
    start: u32,
    end: u32,
    loc: &'static Location<'static>,
}

const NO_NODE: u32 = u32::MAX;

impl Record {
    fn node(&mut self, parent: u32, steps: &[Seg], loc: &'static Location<'static>) -> u32 {
        let start = self.segs.len() as u32;
        self.segs.extend_from_slice(steps);
        self.nodes.push(RecNode {
            parent,
            start,
            end: self.segs.len() as u32,
            loc,
        });
        (self.nodes.len() - 1) as u32
    }

    /// Every recorded node's path as text, with its builder call.
    pub(crate) fn paths(&self) -> Vec<(String, &'static Location<'static>)> {
        let mut out: Vec<(String, &'static Location<'static>)> =
            Vec::with_capacity(self.nodes.len());
        for n in &self.nodes {
            // Parents are recorded before their children, so their text is already there.
            let mut text = match out.get(n.parent as usize) {
                Some((p, _)) => p.clone(),
                None => String::new(),
            };
            append_path(&mut text, &self.segs[n.start as usize..n.end as usize]);
            out.push((text, n.loc));
        }
        out
    }
}
