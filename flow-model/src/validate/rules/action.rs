//! Spec §D: which action each trigger accepts, navigate targets and payloads, complete,
//! update_data and open_url.

use serde_json::Value;

use super::data;
use super::index::{FlowIndex, Placed, ScreenInfo};
use super::path::Path;
use crate::action::{ACTIONS, Action};
use crate::component::Component;
use crate::table::AllowedAction;
use crate::types::NextType;
use crate::validate::codes::*;
use crate::validate::context::Cx;

/// An action of component `holder` (its own, or one of its list items'), at `path`.
pub(super) fn check(
    cx: &mut Cx<'_>,
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    holder: &Placed<'_>,
    path: &Path<'_>,
    action: &Action,
    allowed: &[AllowedAction],
) {
    let allowed_now: Vec<&str> = allowed
        .iter()
        .filter(|a| a.since <= cx.version)
        .map(|a| a.name)
        .collect();
    let name = match action {
        Action::Unknown(map) => {
            match map.get("name") {
                None => cx.error(
                    MISSING_REQUIRED_PROPERTY,
                    format!("{path}.name"),
                    "the action has no \"name\"",
                ),
                Some(Value::String(n)) => cx.error(
                    INVALID_ENUM_VALUE,
                    format!("{path}.name"),
                    format!(
                        "\"{n}\" is not an action; this trigger accepts {}.{}",
                        super::quoted(allowed_now.iter().copied()),
                        super::hint(n, ACTIONS.iter().map(|a| a.name))
                    ),
                ),
                Some(other) => cx.error(
                    INVALID_PROPERTY_TYPE,
                    format!("{path}.name"),
                    format!("\"name\" must be a string, found {other}"),
                ),
            }
            return;
        }
        known => known.name().expect("known actions have a name"),
    };
    let spec = ACTIONS
        .iter()
        .find(|a| a.name == name)
        .expect("known action");
    if spec.since > cx.version {
        cx.error(
            LOCAL_NOT_IN_VERSION,
            format!("{path}.name"),
            format!(
                "the {name} action needs Flow JSON {} or later; this flow declares {}",
                spec.since, cx.version
            ),
        );
    } else if !allowed_now.contains(&name) {
        let later = allowed
            .iter()
            .find(|a| a.name == name)
            .map(|a| format!(" (from {})", a.since))
            .unwrap_or_default();
        cx.error(
            INVALID_ENUM_VALUE,
            format!("{path}.name"),
            format!(
                "{name} is not allowed here{later}; this trigger accepts {}",
                super::quoted(allowed_now.iter().copied())
            ),
        );
    }
    let (present, extra) = match action {
        Action::Navigate(a) => (a.present_props(), &a.extra),
        Action::DataExchange(a) => (a.present_props(), &a.extra),
        Action::Complete(a) => (a.present_props(), &a.extra),
        Action::UpdateData(a) => (a.present_props(), &a.extra),
        Action::OpenUrl(a) => (a.present_props(), &a.extra),
        Action::Unknown(_) => return,
    };
    super::component::check_props(
        cx,
        path,
        spec.props,
        &present,
        extra,
        &format_args!("the {name} action"),
        None,
    );

    let ppath = path.key("payload");
    if let Some(payload) = action.payload() {
        data::check_payload(cx, index, s, &ppath, holder.form, payload);
    }
    match action {
        Action::Complete(c) => {
            if !s.screen.is_terminal() {
                cx.error(
                    INVALID_COMPLETE_ACTION,
                    format!("{path}.name"),
                    format!("complete is only allowed on a terminal screen; mark '{}' \"terminal\": true or navigate to a terminal screen", s.id().unwrap_or_default()),
                );
            }
            if let Some(p) = &c.payload {
                complete_pickers(cx, s, &ppath, p);
            }
        }
        // A Footer's only action is its on-click-action.
        Action::Navigate(n) => {
            let footer_click = matches!(holder.component, Component::Footer(_));
            navigate(cx, index, s, path, footer_click, n);
        }
        Action::UpdateData(u) => {
            for key in u.payload.iter().flat_map(|p| p.keys()) {
                if !s.data().is_some_and(|d| d.contains_key(key)) {
                    cx.error(
                        INVALID_ACTION_PAYLOAD_PROPERTY,
                        format!("{path}.payload.{key}"),
                        format!("update_data sets '{key}', which is not in this screen's data model: declare it in \"data\"{}", super::hint(key, s.data().into_iter().flat_map(|d| d.keys().map(String::as_str)))),
                    );
                }
            }
        }
        Action::OpenUrl(o) => {
            if let Some(url) = &o.url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                cx.error(
                    INVALID_PROPERTY_VALUE_FORMAT,
                    format!("{path}.url"),
                    format!("\"{url}\" is not a URL (https://…)"),
                );
            }
        }
        _ => {}
    }
}

fn navigate(
    cx: &mut Cx<'_>,
    index: &FlowIndex<'_>,
    s: &ScreenInfo<'_>,
    path: &Path<'_>,
    footer_click: bool,
    n: &crate::Navigate,
) {
    let Some(next) = &n.next else { return };
    let npath = path.key("next");
    super::component::check_props(
        cx,
        &npath,
        crate::Next::PROPS,
        &next.present_props(),
        &next.extra,
        &"navigate.next",
        None,
    );
    if let Some(NextType::Plugin) = &next.kind {
        cx.unconfirmed(
            INVALID_ENUM_VALUE,
            format!("{npath}.type"),
            "next.type \"plugin\" is known only from pywa; Meta documents \"screen\"",
        );
    }
    let Some(target) = next.name.as_deref() else {
        return;
    };
    let tpath = npath.key("name");
    let ids = index.screens.iter().filter_map(|x| x.id());
    let Some(t) = index.screen(target) else {
        cx.error(
            INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME,
            tpath,
            format!(
                "Unknown screen ids found: '{target}' is not a screen of this flow.{}",
                super::hint(target, ids)
            ),
        );
        return;
    };
    if Some(target) == s.id() {
        cx.error(
            INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME,
            tpath,
            "Same screen navigation is not allowed: navigate to another screen",
        );
        return;
    }
    if s.screen.is_terminal() && footer_click {
        cx.warning(
            LOCAL_ADVICE,
            path,
            "Meta advises against navigate in a terminal screen's Footer; use complete",
        );
    }
    if let Some(payload) = &n.payload {
        for (key, v) in payload {
            if let Some(name) = picker_ref(s, v) {
                cx.error(
                    INVALID_ON_CLICK_ACTION_PAYLOAD,
                    format!("{path}.payload.{key}"),
                    format!("'{name}' is a media picker; its value cannot be passed in a navigate payload — read it on the next screen with ${{screen.{}.form.{name}}}", s.id().unwrap_or_default()),
                );
            }
        }
    }
    // Without an endpoint the payload must match the target's data model exactly (spec §D).
    // With one, the spec says nothing: a missing key may be meant, but a key the target does
    // not declare, or of the wrong type, is still reported, as UNCONFIRMED.
    let endpoint = index.has_endpoint;
    let report = |cx: &mut Cx<'_>, path: String, message: String| {
        if endpoint {
            cx.unconfirmed(INVALID_NAVIGATE_ACTION_PAYLOAD, path, message);
        } else {
            cx.error(INVALID_NAVIGATE_ACTION_PAYLOAD, path, message);
        }
    };
    let model = t.data();
    let payload = n.payload.as_ref();
    let ppath = path.key("payload");
    match (
        model.filter(|m| !m.is_empty()),
        payload.filter(|p| !p.is_empty()),
    ) {
        (None, Some(_)) => report(
            cx,
            ppath.to_string(),
            format!(
                "No data model is defined in the next screen '{target}': declare its \"data\" or send an empty payload"
            ),
        ),
        (Some(m), p) => {
            for (key, schema) in m {
                match p.and_then(|p| p.get(key)) {
                    None if endpoint => {}
                    None => report(
                        cx,
                        ppath.to_string(),
                        format!(
                            "the payload does not supply '{key}', which screen '{target}' declares in its data model"
                        ),
                    ),
                    Some(v) => {
                        if let Some(want) = schema.kind.as_ref().map(|k| data::schema_kind(k))
                            && let Some(got) = data::value_kind(index, s, v)
                            && !data::kinds_match(want, got)
                        {
                            report(
                                cx,
                                format!("{ppath}.{key}"),
                                format!(
                                    "'{key}' is declared as {want} on screen '{target}' but the payload sends a {got}"
                                ),
                            );
                        }
                    }
                }
            }
            for key in p.into_iter().flat_map(|p| p.keys()) {
                if !m.contains_key(key) {
                    report(
                        cx,
                        format!("{ppath}.{key}"),
                        format!(
                            "'{key}' is not in the data model of screen '{target}'.{}",
                            super::hint(key, m.keys().map(String::as_str))
                        ),
                    );
                }
            }
        }
        (None, None) => {}
    }
}

/// The picker input a payload value binds to (`${form.photo}`), if any.
fn picker_ref<'a>(s: &ScreenInfo<'a>, v: &Value) -> Option<&'a str> {
    let text = v.as_str()?;
    let b = crate::dynamic::DynExpr::try_new(text.to_owned())
        .ok()?
        .binding()?;
    let crate::Binding::Form(path) = b else {
        return None;
    };
    let p = s.input(&path[0])?;
    matches!(
        p.component,
        Component::PhotoPicker(_) | Component::DocumentPicker(_)
    )
    .then(|| p.component.input_name())
    .flatten()
}

fn complete_pickers(
    cx: &mut Cx<'_>,
    s: &ScreenInfo<'_>,
    path: &Path<'_>,
    payload: &crate::Payload,
) {
    let mut pickers = Vec::new();
    for (key, v) in payload {
        if let Some(name) = picker_ref(s, v) {
            pickers.push(key.clone());
            let p = s.input(name).expect("picker_ref found it");
            let max = match p.component {
                Component::PhotoPicker(x) => x.max_uploaded_photos.as_ref(),
                Component::DocumentPicker(x) => x.max_uploaded_documents.as_ref(),
                _ => None,
            };
            let max = max.and_then(|m| m.as_lit()).copied().unwrap_or(30);
            if max > 1 {
                cx.error(
                    INVALID_ON_CLICK_ACTION_PAYLOAD,
                    format!("{path}.{key}"),
                    format!("a complete payload may carry picker '{name}' only if its max-uploaded value is at most 1 (it is {max})"),
                );
            }
        }
    }
    if pickers.len() > 1 {
        cx.error(
            INVALID_ON_CLICK_ACTION_PAYLOAD,
            path,
            "a complete payload may contain only one media picker",
        );
    }
}
