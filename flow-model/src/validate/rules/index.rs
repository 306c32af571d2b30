//! What every rule needs to know about the flow, collected in one walk.

use std::collections::HashMap;
use std::fmt;

use indexmap::IndexMap;

use crate::action::Action;
use crate::component::Component;
use crate::flow::FlowJson;
use crate::screen::{DataSchema, Screen};

/// The validator hashes short names (screen ids, input names) for every component. foldhash is
/// several times faster than SipHash on such keys and still seeded at random, which is all the
/// flood resistance a document-sized map needs.
pub(crate) type FastHash = foldhash::fast::RandomState;

/// One component with where it sits.
pub(crate) struct Placed<'a> {
    pub component: &'a Component,
    /// The enclosing Form/If/Switch (an index into `ScreenInfo::components`), if nested.
    pub up: Option<usize>,
    /// Which list of the enclosing component (or of the layout) holds it, and where.
    pub slot: Slot<'a>,
    /// The enclosing Form's name, if inside one.
    pub form: Option<&'a str>,
    /// Number of enclosing Ifs.
    pub if_depth: usize,
    /// Directly inside an If branch (`Some(depth)`), a Switch case, a Form, or at top level.
    pub parent: Parent,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Parent {
    Top,
    If,
    Switch,
    Form,
}

/// The list a component sits in, with its position there.
#[derive(Clone, Copy)]
pub(crate) enum Slot<'a> {
    /// `layout.children[i]`
    Top(usize),
    /// A Form's `children[i]`
    Children(usize),
    /// An If's `then[i]`
    Then(usize),
    /// An If's `else[i]`
    Else(usize),
    /// A Switch's `cases.KEY[i]`
    Case(&'a str, usize),
}

/// `screens[i]`, written out only when a finding needs it.
#[derive(Clone, Copy)]
pub(crate) struct ScreenPath(pub usize);

impl fmt::Display for ScreenPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "screens[{}]", self.0)
    }
}

/// A component's JSON path (`screens[0].layout.children[2].then[0]`), written from the chain
/// of enclosing components: the index keeps no path strings, since nearly all go unused.
pub(crate) struct CompPath<'s, 'a> {
    s: &'s ScreenInfo<'a>,
    p: &'s Placed<'a>,
}

impl fmt::Display for CompPath<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(up) = self.p.up {
            CompPath {
                s: self.s,
                p: &self.s.components[up],
            }
            .fmt(f)?;
        }
        match self.p.slot {
            Slot::Top(i) => write!(f, "{}.layout.children[{i}]", self.s.path),
            Slot::Children(i) => write!(f, ".children[{i}]"),
            Slot::Then(i) => write!(f, ".then[{i}]"),
            Slot::Else(i) => write!(f, ".else[{i}]"),
            Slot::Case(k, i) => write!(f, ".cases.{k}[{i}]"),
        }
    }
}

impl From<CompPath<'_, '_>> for String {
    fn from(p: CompPath<'_, '_>) -> String {
        p.to_string()
    }
}

impl From<&CompPath<'_, '_>> for String {
    fn from(p: &CompPath<'_, '_>) -> String {
        p.to_string()
    }
}

pub(crate) struct ScreenInfo<'a> {
    pub index: usize,
    pub screen: &'a Screen,
    pub path: ScreenPath,
    /// Every component, depth first, in document order.
    pub components: Vec<Placed<'a>>,
    /// Input name → indexes into `components`: the first, then any duplicates (kept apart so
    /// that the usual unique name allocates nothing).
    pub inputs: IndexMap<&'a str, (usize, Vec<usize>), FastHash>,
    /// Form names.
    pub forms: Vec<&'a str>,
    /// Every navigate action, in document order: (target id, index into `components`, where
    /// in that component).
    pub navigates: Vec<(&'a str, usize, NavAt)>,
    /// Whether an action of this screen (a NavigationList item's included) is a data_exchange.
    pub data_exchange: bool,
}

/// Where a component holds an action: one of its properties, or a NavigationList item.
#[derive(Clone, Copy)]
pub(crate) enum NavAt {
    Prop(&'static str),
    ListItem(usize),
}

impl<'a> ScreenInfo<'a> {
    pub fn id(&self) -> Option<&'a str> {
        self.screen.id.as_deref()
    }

    pub fn data(&self) -> Option<&'a IndexMap<String, DataSchema>> {
        self.screen.data.as_ref()
    }

    /// The component type of input `name`.
    pub fn input(&self, name: &str) -> Option<&Placed<'a>> {
        self.inputs.get(name).map(|&(i, _)| &self.components[i])
    }

    pub fn footers(&self) -> impl Iterator<Item = &Placed<'a>> {
        self.components
            .iter()
            .filter(|p| matches!(p.component, Component::Footer(_)))
    }

    /// The JSON path of `p`, one of this screen's components.
    pub fn comp_path<'s>(&'s self, p: &'s Placed<'a>) -> CompPath<'s, 'a> {
        CompPath { s: self, p }
    }
}

pub(crate) struct FlowIndex<'a> {
    pub screens: Vec<ScreenInfo<'a>>,
    /// Screen id → position in `screens` (first occurrence).
    pub by_id: HashMap<&'a str, usize, FastHash>,
    /// Whether the flow has an endpoint (declares `data_api_version`).
    pub has_endpoint: bool,
}

impl<'a> FlowIndex<'a> {
    pub fn new(flow: &'a FlowJson) -> Self {
        let mut screens = Vec::new();
        let mut by_id = HashMap::default();
        for (i, screen) in flow.screens.iter().flatten().enumerate() {
            let mut info = ScreenInfo {
                index: i,
                screen,
                path: ScreenPath(i),
                components: Vec::with_capacity(screen.children().len()),
                inputs: IndexMap::default(),
                forms: Vec::new(),
                navigates: Vec::new(),
                data_exchange: false,
            };
            walk(
                screen.children(),
                None,
                &Slot::Top,
                None,
                0,
                Parent::Top,
                &mut info.components,
            );
            // Most components are inputs: sized once instead of grown through every power of two.
            info.inputs.reserve(info.components.len());
            for (k, p) in info.components.iter().enumerate() {
                if let Some(name) = p.component.input_name() {
                    info.inputs
                        .entry(name)
                        .and_modify(|(_, more)| more.push(k))
                        .or_insert((k, Vec::new()));
                }
                if let Component::Form(f) = p.component
                    && let Some(n) = f.name.as_deref()
                {
                    info.forms.push(n);
                }
                // Read here, while the screen is in cache, rather than in flow-wide passes of
                // the routing and endpoint rules over every component again.
                note_actions(&mut info.navigates, &mut info.data_exchange, k, p.component);
            }
            if let Some(id) = screen.id.as_deref() {
                by_id.entry(id).or_insert(i);
            }
            screens.push(info);
        }
        Self {
            screens,
            by_id,
            has_endpoint: flow.data_api_version.is_some(),
        }
    }

    pub fn screen(&self, id: &str) -> Option<&ScreenInfo<'a>> {
        self.by_id.get(id).map(|&i| &self.screens[i])
    }
}

fn note_actions<'a>(
    navigates: &mut Vec<(&'a str, usize, NavAt)>,
    data_exchange: &mut bool,
    k: usize,
    c: &'a Component,
) {
    let mut note = |a: &'a Action, at: NavAt| {
        if let Some(t) = a.navigate_target() {
            navigates.push((t, k, at));
        }
        *data_exchange |= a.name() == Some("data_exchange");
    };
    c.for_each_action(|key, a| note(a, NavAt::Prop(key)));
    if let Component::NavigationList(n) = c
        && let Some(items) = n.list_items.as_ref().and_then(|l| l.as_lit())
    {
        for (i, item) in items.iter().enumerate() {
            if let Some(a) = &item.on_click_action {
                note(a, NavAt::ListItem(i));
            }
        }
    }
}

fn walk<'a>(
    children: &'a [Component],
    up: Option<usize>,
    slot: &dyn Fn(usize) -> Slot<'a>,
    form: Option<&'a str>,
    if_depth: usize,
    parent: Parent,
    out: &mut Vec<Placed<'a>>,
) {
    for (i, c) in children.iter().enumerate() {
        let me = Some(out.len());
        out.push(Placed {
            component: c,
            up,
            slot: slot(i),
            form,
            if_depth,
            parent,
        });
        match c {
            Component::Form(f) => {
                if let Some(ch) = &f.children {
                    walk(
                        ch,
                        me,
                        &Slot::Children,
                        f.name.as_deref().or(Some("")),
                        if_depth,
                        Parent::Form,
                        out,
                    );
                }
            }
            Component::If(x) => {
                if let Some(t) = &x.then {
                    walk(t, me, &Slot::Then, form, if_depth + 1, Parent::If, out);
                }
                if let Some(e) = &x.else_ {
                    walk(e, me, &Slot::Else, form, if_depth + 1, Parent::If, out);
                }
            }
            Component::Switch(s) => {
                for (k, list) in s.cases.iter().flatten() {
                    walk(
                        list,
                        me,
                        &|i| Slot::Case(k, i),
                        form,
                        if_depth,
                        Parent::Switch,
                        out,
                    );
                }
            }
            _ => {}
        }
    }
}
