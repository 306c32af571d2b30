//! Spec §A: version, data API version, endpoint properties, top-level keys, screen count.

use super::index::FlowIndex;
use crate::validate::codes::*;
use crate::validate::context::Cx;
use crate::version::{DataApiVersion, FlowVersion, LATEST_FLOW_VERSION, V3_0};

pub(super) fn check(cx: &mut Cx<'_>, index: &FlowIndex<'_>) {
    let flow = cx.flow;
    match &flow.version {
        None if !flow.extra.contains_key("version") => {
            cx.error(MISSING_FLOW_JSON_VERSION, "version", "the flow has no \"version\"; add \"version\": \"7.3\"");
        }
        None => {}
        Some(FlowVersion::Unknown(v)) => cx.error(
            INVALID_FLOW_JSON_VERSION,
            "version",
            format!("\"{v}\" is not a Flow JSON version; use one of 2.1–7.3 written as MAJOR.MINOR (latest: \"7.3\")"),
        ),
        Some(FlowVersion::Known(v)) => {
            if let Some(oldest) = cx.options.oldest_publishable
                && *v < oldest
            {
                let msg = format!(
                    "version {v} is probably too old to publish: Meta freezes old Flow JSON versions, and publishing a flow with a frozen version fails with error 139002 (\"Versions in Flow JSON file are not available for publishing\"); flows already published keep working. The oldest version known to publish is {oldest} (published third-party documentation; Meta's own table of supported versions could not be confirmed, so this is a warning). Use \"{LATEST_FLOW_VERSION}\", the latest"
                );
                if cx.options.unpublishable_version_is_error {
                    cx.error(UNSUPPORTED_FLOW_JSON_VERSION, "version", msg);
                } else {
                    cx.warning(LOCAL_VERSION_NOT_PUBLISHABLE, "version", msg);
                }
            }
        }
    }

    if let Some(DataApiVersion::Unknown(v)) = &flow.data_api_version {
        cx.error(
            NO_SUPPORTED_DATA_API_VERSION,
            "data_api_version",
            format!("\"{v}\" is not a Data API version; use \"3.0\" or \"4.0\""),
        );
    }
    if flow.data_api_version.is_some()
        && flow.routing_model.is_none()
        && !flow.extra.contains_key("routing_model")
    {
        cx.error(
            MISSING_REQUIRED_PROPERTY,
            "routing_model",
            "routing_model is required for property data_api_version: list, for each screen, the screens it can go forward to",
        );
    }
    let uses_data_exchange = index.screens.iter().any(|s| s.data_exchange);
    if uses_data_exchange
        && flow.data_api_version.is_none()
        && !flow.extra.contains_key("data_api_version")
    {
        cx.error(
            MISSING_REQUIRED_PROPERTY,
            "data_api_version",
            "the flow uses a data_exchange action, which needs an endpoint: add \"data_api_version\": \"3.0\" and a routing_model",
        );
    }

    if let Some(uri) = &flow.data_channel_uri {
        if cx.version >= V3_0 {
            cx.error(
                INVALID_PROPERTY_KEY,
                "data_channel_uri",
                "data_channel_uri was removed in Flow JSON 3.0: set the endpoint with the API field endpoint_uri instead",
            );
        }
        if !(uri.starts_with("https://") && uri.len() > "https://".len()) {
            cx.error(
                INVALID_PROPERTY_VALUE_FORMAT,
                "data_channel_uri",
                format!("\"{uri}\" is not an https:// URL"),
            );
        }
    }

    for (key, value) in &flow.extra {
        let known = crate::flow::FlowJson::PROPS.iter().find(|p| p.name == key);
        if let Some(spec) = known {
            cx.error(
                INVALID_PROPERTY_TYPE,
                key.clone(),
                super::component::wrong_type_message(spec, &"the flow", value),
            );
        } else {
            let names = crate::flow::FlowJson::PROPS.iter().map(|p| p.name);
            cx.error(
                INVALID_PROPERTY_KEY,
                key.clone(),
                format!("\"{key}\" is not a Flow JSON top-level property (additional properties are not allowed).{}", super::hint(key, names)),
            );
        }
    }

    match &flow.screens {
        None if !flow.extra.contains_key("screens") => cx.error(
            MISSING_REQUIRED_PROPERTY,
            "screens",
            "the flow has no \"screens\"",
        ),
        Some(s) if s.is_empty() => cx.error(
            MIN_ITEMS_REQUIRED,
            "screens",
            "a flow needs at least one screen",
        ),
        Some(s) if s.len() > crate::table::limits::MAX_SCREENS => cx.error(
            MAX_SCREENS_NUMBER,
            "screens",
            format!(
                "the flow has {} screens; Meta allows at most {}",
                s.len(),
                crate::table::limits::MAX_SCREENS
            ),
        ),
        _ => {}
    }
}
