//! What goes wrong while clicking through a flow, in the words a phone user would use.

/// An action the simulated user could not take, or a flow that broke while running.
///
/// The messages describe what the person holding the phone would see: a disabled Footer, an
/// input that is not on screen, an endpoint that failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The flow cannot start (no screens, unknown first screen).
    #[error("the flow cannot start: {0}")]
    CannotStart(String),
    /// The Footer cannot be tapped.
    #[error("Footer disabled: {reason} (screen {screen})")]
    FooterDisabled {
        /// The screen shown.
        screen: String,
        /// Why, e.g. "required input 'email' is empty".
        reason: String,
    },
    /// The screen has no Footer to tap.
    #[error("screen {screen} shows no Footer")]
    NoFooter {
        /// The screen shown.
        screen: String,
    },
    /// No input (or link, or list) with that name or text is on the screen.
    #[error("screen {screen} shows no {what} '{name}'{}", hint(.did_you_mean))]
    NotOnScreen {
        /// The screen shown.
        screen: String,
        /// "input", "link", "navigation list"…
        what: &'static str,
        /// The name looked for.
        name: String,
        /// The closest name on the screen.
        did_you_mean: Option<String>,
    },
    /// A `flow!` input handle of another screen than the one shown.
    #[error("input '{name}' is on screen {input_screen}, but the phone shows screen {screen}")]
    OtherScreen {
        /// The screen shown.
        screen: String,
        /// The input.
        name: String,
        /// The screen the handle's input is on.
        input_screen: String,
    },
    /// The input exists but is hidden (`visible` is false, or it sits in a branch not shown).
    #[error("input '{name}' is hidden on screen {screen}")]
    Hidden {
        /// The screen shown.
        screen: String,
        /// The input.
        name: String,
    },
    /// The input is greyed out (`enabled` is false).
    #[error("input '{name}' is disabled on screen {screen}")]
    Disabled {
        /// The screen shown.
        screen: String,
        /// The input.
        name: String,
    },
    /// The value cannot be entered in that input (too long, not an option, wrong kind of input).
    #[error("input '{name}' does not accept {value:?}: {reason}")]
    Rejected {
        /// The input.
        name: String,
        /// The value tried.
        value: String,
        /// Why.
        reason: String,
    },
    /// A TextInput's `pattern` the simulator cannot run: a syntax error, or look-around and
    /// backreferences, which the `regex` crate does not have.
    #[error(
        "input '{name}' on screen {screen} has a pattern the simulator cannot run, {pattern:?}: {message}"
    )]
    InvalidPattern {
        /// The screen shown.
        screen: String,
        /// The input.
        name: String,
        /// The pattern as written.
        pattern: String,
        /// The regex engine's reason.
        message: String,
    },
    /// A navigation the flow's routing model does not allow (the client's
    /// `invalid-screen-transition`), or to a screen that does not exist.
    #[error("invalid-screen-transition: {0}")]
    InvalidTransition(String),
    /// A `data_exchange` (or INIT / BACK) with no endpoint attached to the simulator.
    #[error(
        "the flow calls its endpoint ({action} on screen {screen}) but the simulator has none: attach one with SimulatorBuilder::endpoint"
    )]
    NoEndpoint {
        /// `data_exchange`, `INIT` or `BACK`.
        action: String,
        /// The screen shown.
        screen: String,
    },
    /// The endpoint failed or answered something the client cannot use.
    #[error("endpoint error on screen {screen}: {message}")]
    Endpoint {
        /// The screen shown.
        screen: String,
        /// What went wrong.
        message: String,
    },
    /// The flow has ended; nothing more can be tapped.
    #[error("the flow has already completed")]
    Finished,
    /// BACK on the first screen (the phone would close the flow).
    #[error("cannot go back from the first screen {0}: the phone would close the flow")]
    NoPreviousScreen(String),
    /// An action the simulator does not know.
    #[error("unknown action {name:?} on screen {screen}")]
    UnknownAction {
        /// The screen shown.
        screen: String,
        /// The action's name.
        name: String,
    },
    /// [`Simulator::completion`](super::Simulator::completion) before the flow completed, or
    /// a payload that does not fit the requested type.
    #[error("completion: {0}")]
    Completion(String),
}

fn hint(d: &Option<String>) -> String {
    d.as_ref()
        .map(|d| format!("; did you mean '{d}'?"))
        .unwrap_or_default()
}

/// The candidate closest to `name`: the validator's own "did you mean"
/// ([`flow_model::validate::closest_name`]), so the simulator and `flow-dsl validate` suggest
/// the same names.
pub(crate) fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    flow_model::validate::closest_name(name, candidates).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            closest("emal", ["email", "name"].into_iter()),
            Some("email".into())
        );
        assert_eq!(closest("zzzzzz", ["email"].into_iter()), None);
        let e = SimError::FooterDisabled {
            screen: "A".into(),
            reason: "required input 'email' is empty".into(),
        };
        assert_eq!(
            e.to_string(),
            "Footer disabled: required input 'email' is empty (screen A)"
        );
    }
}
