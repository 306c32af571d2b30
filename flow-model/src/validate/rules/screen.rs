//! Spec §B: screen ids, terminal and success rules, refresh_on_back, sensitive, layout.

use super::index::{FlowIndex, ScreenInfo};
use super::path::Path;
use crate::component::Component;
use crate::screen::Screen;
use crate::table::limits::MAX_COMPONENTS_PER_SCREEN;
use crate::types::LayoutType;
use crate::validate::codes::*;
use crate::validate::context::Cx;

pub(super) fn check(cx: &mut Cx<'_>, index: &FlowIndex<'_>, s: &ScreenInfo<'_>) {
    let screen = s.screen;
    let path = &s.path;
    check_id(cx, index, s);
    crate::validate::rules::component::check_props(
        cx,
        &Path::new(path),
        Screen::PROPS,
        &screen.present_props(),
        &screen.extra,
        &"screen",
        None,
    );

    if screen.success.is_some() && !screen.is_terminal() {
        cx.error(
            NOT_KEYWORD_SCHEMA_VALIDATION_FAILED,
            format!("{path}.success"),
            "Property 'success' can only be specified on a terminal screen: remove it or set \"terminal\": true",
        );
    }
    if screen.refresh_on_back == Some(true) && cx.flow.data_api_version.is_none() {
        cx.error(
            INVALID_PROPERTY_VALUE,
            format!("{path}.refresh_on_back"),
            "refresh_on_back can only be true in a flow with an endpoint (data_api_version)",
        );
    }
    if screen.is_terminal() {
        if s.footers().next().is_none() {
            cx.error(
                MISSING_FOOTER_ON_TERMINAL_SCREEN,
                format!("{path}.layout"),
                format!(
                    "terminal screen '{}' has no Footer: add a Footer with a complete action",
                    s.id().unwrap_or_default()
                ),
            );
        }
        for p in &s.components {
            if matches!(p.component, Component::NavigationList(_)) {
                cx.error(
                    LOCAL_NOT_ALLOWED_HERE,
                    s.comp_path(p),
                    "NavigationList is not allowed on a terminal screen",
                );
            }
        }
    }
    if let Some(sensitive) = &screen.sensitive {
        for (i, name) in sensitive.iter().enumerate() {
            if !s.inputs.contains_key(name.as_str()) {
                cx.unconfirmed(
                    INVALID_PROPERTY_VALUE,
                    format!("{path}.sensitive[{i}]"),
                    format!(
                        "'{name}' is not an input of this screen.{}",
                        super::hint(name, s.inputs.keys().copied())
                    ),
                );
            }
        }
    }

    match &screen.layout {
        None if !screen.extra.contains_key("layout") => {
            cx.error(
                MISSING_REQUIRED_PROPERTY,
                format!("{path}.layout"),
                "the screen has no \"layout\"",
            );
        }
        None => {}
        Some(layout) => {
            let spath = Path::new(path);
            let lpath = spath.key("layout");
            match &layout.kind {
                Some(LayoutType::Unknown(t)) => cx.error(
                    INVALID_ENUM_VALUE,
                    format!("{lpath}.type"),
                    format!(
                        "layout type \"{t}\" is not valid; SingleColumnLayout is the only layout"
                    ),
                ),
                None if !layout.extra.contains_key("type") => {
                    cx.error(
                        MISSING_REQUIRED_PROPERTY,
                        format!("{lpath}.type"),
                        "the layout has no \"type\": use \"SingleColumnLayout\"",
                    );
                }
                _ => {}
            }
            if layout.children.is_none() && !layout.extra.contains_key("children") {
                cx.error(
                    MISSING_REQUIRED_PROPERTY,
                    format!("{lpath}.children"),
                    "the layout has no \"children\"",
                );
            }
            crate::validate::rules::component::check_props(
                cx,
                &lpath,
                crate::screen::Layout::PROPS,
                &layout.present_props(),
                &layout.extra,
                &"layout",
                None,
            );
            let top = screen.children().len();
            if top > MAX_COMPONENTS_PER_SCREEN {
                cx.unconfirmed(
                    LOCAL_MAX_PER_SCREEN,
                    format!("{lpath}.children"),
                    format!("the screen has {top} components; Meta allows at most {MAX_COMPONENTS_PER_SCREEN} per screen (whether nested ones count is UNCONFIRMED)"),
                );
            }
        }
    }
}

fn check_id(cx: &mut Cx<'_>, index: &FlowIndex<'_>, s: &ScreenInfo<'_>) {
    let spath = Path::new(&s.path);
    let path = spath.key("id");
    // A missing id is reported once, by the screen's property table.
    let Some(id) = s.id() else {
        return;
    };
    if id.is_empty() {
        cx.error(MIN_CHARS_REQUIRED, path, "the screen id is empty");
        return;
    }
    if id.eq_ignore_ascii_case(crate::table::SUCCESS_SCREEN) {
        cx.error(
            SCREEN_ID_IS_RESERVED_KEYWORD,
            path,
            format!(
                "'{id}' is reserved: the endpoint uses SUCCESS to end the flow; rename the screen"
            ),
        );
    }
    let letters_underscores = id.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_');
    let with_digits = id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !letters_underscores {
        if with_digits {
            cx.unconfirmed(PATTERN_MISMATCH, path, format!("screen id '{id}' contains digits; Meta documents ids as alphabets and underscores only"));
        } else {
            cx.error(
                PATTERN_MISMATCH,
                path,
                format!("screen id '{id}' should only consist of alphabets and underscores"),
            );
        }
    }
    if let Some(&first) = index.by_id.get(id)
        && first != s.index
    {
        cx.error_related(
            DUPLICATE_SCREEN_IDS,
            path,
            vec![format!("{}.id", index.screens[first].path)],
            format!(
                "screen id '{id}' is already used by screens[{first}]; screen ids must be unique"
            ),
        );
    }
}

/// Flow-level screen rules: at least one terminal screen, one of them successful.
pub(super) fn check_terminals(cx: &mut Cx<'_>, index: &FlowIndex<'_>) {
    if index.screens.is_empty() {
        return;
    }
    let terminals: Vec<&ScreenInfo<'_>> = index
        .screens
        .iter()
        .filter(|s| s.screen.is_terminal())
        .collect();
    if terminals.is_empty() {
        cx.error(MISSING_TERMINAL_SCREEN, "screens", "no screen is terminal: mark the last screen \"terminal\": true and give it a Footer that completes");
    } else if terminals.iter().all(|s| s.screen.success == Some(false)) {
        cx.error(
            INVALID_PROPERTY_VALUE,
            format!("{}.success", terminals[0].path),
            "every terminal screen has \"success\": false; at least one must end the flow successfully",
        );
    }
}
