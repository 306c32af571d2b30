//! What every rule needs to know about the flow, collected in one walk.

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::component::Component;
use crate::flow::FlowJson;
use crate::screen::{DataSchema, Screen};

/// One component with where it sits.
pub(crate) struct Placed<'a> {
    pub component: &'a Component,
    pub path: String,
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

pub(crate) struct ScreenInfo<'a> {
    pub index: usize,
    pub screen: &'a Screen,
    pub path: String,
    /// Every component, depth first, in document order.
    pub components: Vec<Placed<'a>>,
    /// Input name → indexes into `components` (several when duplicated).
    pub inputs: IndexMap<&'a str, Vec<usize>>,
    /// Form names.
    pub forms: Vec<&'a str>,
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
        self.inputs
            .get(name)
            .and_then(|v| v.first())
            .map(|&i| &self.components[i])
    }

    pub fn footers(&self) -> impl Iterator<Item = &Placed<'a>> {
        self.components
            .iter()
            .filter(|p| matches!(p.component, Component::Footer(_)))
    }
}

pub(crate) struct FlowIndex<'a> {
    pub screens: Vec<ScreenInfo<'a>>,
    /// Screen id → position in `screens` (first occurrence).
    pub by_id: HashMap<&'a str, usize>,
    /// Whether the flow has an endpoint (declares `data_api_version`).
    pub has_endpoint: bool,
}

impl<'a> FlowIndex<'a> {
    pub fn new(flow: &'a FlowJson) -> Self {
        let mut screens = Vec::new();
        let mut by_id = HashMap::new();
        for (i, screen) in flow.screens.iter().flatten().enumerate() {
            let path = super::screen_path(i);
            let mut info = ScreenInfo {
                index: i,
                screen,
                path: path.clone(),
                components: Vec::new(),
                inputs: IndexMap::new(),
                forms: Vec::new(),
            };
            let children_path = format!("{path}.layout.children");
            walk(
                screen.children(),
                &children_path,
                None,
                0,
                Parent::Top,
                &mut info.components,
            );
            for (k, p) in info.components.iter().enumerate() {
                if let Some(name) = p.component.input_name() {
                    info.inputs.entry(name).or_default().push(k);
                }
                if let Component::Form(f) = p.component
                    && let Some(n) = f.name.as_deref()
                {
                    info.forms.push(n);
                }
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

fn walk<'a>(
    children: &'a [Component],
    base: &str,
    form: Option<&'a str>,
    if_depth: usize,
    parent: Parent,
    out: &mut Vec<Placed<'a>>,
) {
    for (i, c) in children.iter().enumerate() {
        let path = format!("{base}[{i}]");
        out.push(Placed {
            component: c,
            path: path.clone(),
            form,
            if_depth,
            parent,
        });
        match c {
            Component::Form(f) => {
                if let Some(ch) = &f.children {
                    walk(
                        ch,
                        &format!("{path}.children"),
                        f.name.as_deref().or(Some("")),
                        if_depth,
                        Parent::Form,
                        out,
                    );
                }
            }
            Component::If(x) => {
                if let Some(t) = &x.then {
                    walk(
                        t,
                        &format!("{path}.then"),
                        form,
                        if_depth + 1,
                        Parent::If,
                        out,
                    );
                }
                if let Some(e) = &x.else_ {
                    walk(
                        e,
                        &format!("{path}.else"),
                        form,
                        if_depth + 1,
                        Parent::If,
                        out,
                    );
                }
            }
            Component::Switch(s) => {
                for (k, list) in s.cases.iter().flatten() {
                    walk(
                        list,
                        &format!("{path}.cases.{k}"),
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
