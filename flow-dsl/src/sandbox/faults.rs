//! Fault injection: latency, rate limits, server errors, dropped connections and dropped responses,
//! drawn from a seeded generator or taken from a deterministic script.

use std::collections::VecDeque;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{GraphError, Operation};

/// What the sandbox does to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// Handle the request normally (used in scripts to let a request through).
    Pass,
    /// Answer HTTP 429, Graph error 80007, with `Retry-After` ([`Faults::retry_after_secs`]);
    /// the request has no effect.
    RateLimit,
    /// Answer [`Faults::server_error_status`] (default 500), Graph error 1; no effect.
    ServerError,
    /// Close the connection without handling the request: the client sees a transport error and
    /// nothing changed on the server.
    DropConnection,
    /// Handle the request (its effect is real), then close the connection instead of answering:
    /// the ambiguous case, e.g. a create that succeeded although the client saw an error.
    DropResponse,
    /// Handle the request, then hold the response for [`Faults::stall_ms`] before sending it, so
    /// that client timeouts fire after the effect happened.
    Stall,
}

/// Fault-injection settings. `Faults::default()` injects nothing.
///
/// For each request the sandbox first takes the next entry of [`script`](Self::script), if any;
/// otherwise it draws one number from a generator seeded with [`seed`](Self::seed) and picks a
/// fault according to the probabilities. Setting faults resets the generator, so the same seed and
/// the same request sequence give the same faults. [`latency_ms`](Self::latency_ms) applies to
/// every request that is not a control request.
///
/// ```
/// use flow_dsl::sandbox::{Fault, Faults, Operation};
/// // 20% server errors on creates only, reproducible.
/// let faults = Faults {
///     server_error: 0.2,
///     only: vec![Operation::CreateFlow],
///     seed: 7,
///     ..Faults::default()
/// };
/// assert!(faults.check().is_ok());
/// // The first request is dropped after taking effect, then the rest pass.
/// let scripted = Faults::script([Fault::DropResponse]);
/// assert_eq!(scripted.script, vec![Fault::DropResponse]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Fixed delay before every request is handled, in milliseconds.
    pub latency_ms: u64,
    /// Probability (0–1) of [`Fault::RateLimit`].
    pub rate_limit: f64,
    /// Probability (0–1) of [`Fault::ServerError`].
    pub server_error: f64,
    /// Probability (0–1) of [`Fault::DropConnection`].
    pub drop_connection: f64,
    /// Probability (0–1) of [`Fault::DropResponse`].
    pub drop_response: f64,
    /// Probability (0–1) of [`Fault::Stall`].
    pub stall: f64,
    /// Faults for the next requests, in order, consumed before any probability is drawn.
    pub script: Vec<Fault>,
    /// Seed of the generator behind the probabilities.
    pub seed: u64,
    /// `Retry-After` seconds sent with [`Fault::RateLimit`].
    pub retry_after_secs: u64,
    /// Graph error code of [`Fault::RateLimit`]: 80007 (WABA rate limit, the default), 4
    /// (application request limit), 130429 (Cloud API throughput) or any other code.
    pub rate_limit_code: u32,
    /// HTTP status of [`Fault::ServerError`] (500–599).
    pub server_error_status: u16,
    /// How long [`Fault::Stall`] holds the response, in milliseconds.
    pub stall_ms: u64,
    /// When non-empty, only these operations get faults and consume the script (latency still
    /// applies to all).
    pub only: Vec<Operation>,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            rate_limit: 0.0,
            server_error: 0.0,
            drop_connection: 0.0,
            drop_response: 0.0,
            stall: 0.0,
            script: Vec::new(),
            seed: 0,
            retry_after_secs: 1,
            rate_limit_code: 80_007,
            server_error_status: 500,
            stall_ms: 30_000,
            only: Vec::new(),
        }
    }
}

impl Faults {
    /// No faults except a fixed latency.
    ///
    /// ```
    /// assert_eq!(flow_dsl::sandbox::Faults::latency(100).latency_ms, 100);
    /// ```
    pub fn latency(ms: u64) -> Self {
        Self {
            latency_ms: ms,
            ..Self::default()
        }
    }

    /// A deterministic script: the next requests get these faults, in order, then all pass.
    pub fn script(faults: impl IntoIterator<Item = Fault>) -> Self {
        Self {
            script: faults.into_iter().collect(),
            ..Self::default()
        }
    }

    /// Checks that probabilities are within 0–1 and sum to at most 1, and that the server error
    /// status is a 5xx.
    pub fn check(&self) -> Result<(), String> {
        let probs = [
            ("rate_limit", self.rate_limit),
            ("server_error", self.server_error),
            ("drop_connection", self.drop_connection),
            ("drop_response", self.drop_response),
            ("stall", self.stall),
        ];
        for (name, p) in probs {
            if !(0.0..=1.0).contains(&p) {
                return Err(format!(
                    "{name} must be a probability between 0 and 1, got {p}"
                ));
            }
        }
        let sum: f64 = probs.iter().map(|(_, p)| p).sum();
        if sum > 1.0 + 1e-9 {
            return Err(format!("fault probabilities sum to {sum}, more than 1"));
        }
        if !(500..=599).contains(&self.server_error_status) {
            return Err(format!(
                "server_error_status must be 500-599, got {}",
                self.server_error_status
            ));
        }
        Ok(())
    }
}

/// What the sandbox does with one request.
#[derive(Debug, Clone)]
pub(crate) struct Decision {
    /// The fault drawn (for the log).
    pub(crate) fault: Fault,
    /// Delay before anything else.
    pub(crate) latency: Duration,
    /// What to do after the delay.
    pub(crate) action: Action,
}

/// The effect of a [`Fault`] on one request, with its parameters.
#[derive(Debug, Clone)]
pub(crate) enum Action {
    /// Handle normally.
    Handle,
    /// Answer this error without handling.
    Answer(GraphError),
    /// Close the connection without handling.
    DropConnection,
    /// Handle, then close the connection without answering.
    DropResponse,
    /// Handle, then wait this long before answering.
    Stall(Duration),
}

/// The live fault state: settings, remaining script and generator.
#[derive(Debug)]
pub(crate) struct FaultEngine {
    config: Faults,
    script: VecDeque<Fault>,
    rng: fastrand::Rng,
}

impl FaultEngine {
    pub(crate) fn new(config: Faults) -> Self {
        let mut engine = Self {
            config: Faults::default(),
            script: VecDeque::new(),
            rng: fastrand::Rng::with_seed(0),
        };
        engine.set(config);
        engine
    }

    /// Replaces the settings, the script and reseeds the generator.
    pub(crate) fn set(&mut self, mut config: Faults) {
        // The remaining script lives only in `self.script`; `config.script` stays empty.
        self.script = std::mem::take(&mut config.script).into();
        self.rng = fastrand::Rng::with_seed(config.seed);
        self.config = config;
    }

    /// Current settings, with `script` holding what is left of it.
    pub(crate) fn current(&self) -> Faults {
        Faults {
            script: self.script.iter().copied().collect(),
            ..self.config.clone()
        }
    }

    /// What to do with the next request routed to `op`.
    pub(crate) fn decide(&mut self, op: Operation) -> Decision {
        let fault = self.pick(op);
        let c = &self.config;
        let action = match fault {
            Fault::Pass => Action::Handle,
            Fault::RateLimit => Action::Answer(GraphError::rate_limited(
                c.rate_limit_code,
                c.retry_after_secs,
            )),
            Fault::ServerError => Action::Answer(GraphError::server_error(c.server_error_status)),
            Fault::DropConnection => Action::DropConnection,
            Fault::DropResponse => Action::DropResponse,
            Fault::Stall => Action::Stall(Duration::from_millis(c.stall_ms)),
        };
        Decision {
            fault,
            latency: Duration::from_millis(c.latency_ms),
            action,
        }
    }

    /// The fault for the next request routed to `op`.
    fn pick(&mut self, op: Operation) -> Fault {
        if !self.config.only.is_empty() && !self.config.only.contains(&op) {
            return Fault::Pass;
        }
        if let Some(f) = self.script.pop_front() {
            return f;
        }
        let c = &self.config;
        let table = [
            (c.rate_limit, Fault::RateLimit),
            (c.server_error, Fault::ServerError),
            (c.drop_connection, Fault::DropConnection),
            (c.drop_response, Fault::DropResponse),
            (c.stall, Fault::Stall),
        ];
        if table.iter().all(|(p, _)| *p <= 0.0) {
            return Fault::Pass;
        }
        let mut x = self.rng.f64();
        for (p, fault) in table {
            if x < p {
                return fault;
            }
            x -= p;
        }
        Fault::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_then_pass() {
        let mut e = FaultEngine::new(Faults::script([
            Fault::ServerError,
            Fault::Pass,
            Fault::RateLimit,
        ]));
        let got: Vec<_> = (0..4).map(|_| e.decide(Operation::GetFlow).fault).collect();
        assert_eq!(
            got,
            [
                Fault::ServerError,
                Fault::Pass,
                Fault::RateLimit,
                Fault::Pass
            ]
        );
    }

    #[test]
    fn only_filters_operations_and_keeps_script() {
        let mut e = FaultEngine::new(Faults {
            only: vec![Operation::CreateFlow],
            ..Faults::script([Fault::DropResponse])
        });
        assert_eq!(e.decide(Operation::ListFlows).fault, Fault::Pass);
        assert_eq!(e.current().script, vec![Fault::DropResponse]);
        assert_eq!(e.decide(Operation::CreateFlow).fault, Fault::DropResponse);
    }

    #[test]
    fn seeded_probabilities_are_reproducible_and_roughly_right() {
        let cfg = Faults {
            server_error: 0.2,
            seed: 42,
            ..Faults::default()
        };
        let run = |cfg: &Faults| {
            let mut e = FaultEngine::new(cfg.clone());
            (0..1000)
                .map(|_| e.decide(Operation::GetFlow).fault)
                .collect::<Vec<_>>()
        };
        let a = run(&cfg);
        assert_eq!(a, run(&cfg));
        let errors = a.iter().filter(|f| **f == Fault::ServerError).count();
        assert!((150..250).contains(&errors), "{errors}");
    }

    #[test]
    fn check_rejects_bad_settings() {
        assert!(
            Faults {
                rate_limit: 1.5,
                ..Faults::default()
            }
            .check()
            .is_err()
        );
        assert!(
            Faults {
                rate_limit: 0.6,
                stall: 0.6,
                ..Faults::default()
            }
            .check()
            .is_err()
        );
        assert!(
            Faults {
                server_error_status: 404,
                ..Faults::default()
            }
            .check()
            .is_err()
        );
        assert!(Faults::default().check().is_ok());
    }
}
