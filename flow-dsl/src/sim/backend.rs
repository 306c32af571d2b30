//! Where `data_exchange`, `INIT` and `BACK` go: a closure, the flow's own examples, or (feature
//! `endpoint`) an in-process `flow_dsl::endpoint::Endpoint` reached through the same
//! encryption the WhatsApp client uses.

use serde::Serialize;
use serde_json::{Map, Value, json};

/// The decrypted request the client sends to the endpoint (spec §H.2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExchangeRequest {
    /// The flow's `data_api_version` (`"3.0"` when absent).
    pub version: String,
    /// `INIT`, `BACK` or `data_exchange`.
    pub action: String,
    /// The screen shown when the request is made (empty for INIT).
    pub screen: String,
    /// The resolved action payload (empty for INIT and BACK).
    pub data: Map<String, Value>,
    /// The flow token the simulated message was sent with.
    pub flow_token: String,
}

/// An endpoint as the simulator sees it: a decrypted request in, the decrypted answer out
/// (`{"screen": …, "data": {…}}`, spec §H.3).
///
/// Any `FnMut(&ExchangeRequest) -> Result<Value, String> + Send` is one:
///
/// ```
/// use flow_dsl::sim::ExchangeRequest;
/// let endpoint = |req: &ExchangeRequest| -> Result<serde_json::Value, String> {
///     Ok(serde_json::json!({"screen": "DONE", "data": {"echo": req.data}}))
/// };
/// # fn takes(_: impl flow_dsl::sim::Backend) {}
/// takes(endpoint);
/// ```
pub trait Backend: Send {
    /// Answers one request; `Err` is what the user sees as a generic error.
    fn exchange(&mut self, request: &ExchangeRequest) -> Result<Value, String>;
}

impl<F: FnMut(&ExchangeRequest) -> Result<Value, String> + Send> Backend for F {
    fn exchange(&mut self, request: &ExchangeRequest) -> Result<Value, String> {
        self(request)
    }
}

/// An endpoint that answers from the flow itself: INIT opens the routing model's entry screen,
/// `data_exchange` ends the flow with `SUCCESS` from a terminal screen and otherwise goes to
/// the first route out of the current screen, with its `__example__` data. BACK refreshes
/// nothing. For previews and smoke tests of endpoint flows without their server.
#[derive(Debug, Clone)]
pub struct ExampleEndpoint {
    flow: Value,
}

impl ExampleEndpoint {
    /// An example endpoint for `flow` (its JSON value).
    pub fn new(flow: Value) -> Self {
        Self { flow }
    }

    fn screen(&self, id: &str) -> Option<&Value> {
        self.flow
            .get("screens")?
            .as_array()?
            .iter()
            .find(|s| s.get("id").and_then(Value::as_str) == Some(id))
    }
}

/// The `__example__` of every field a screen declares.
pub fn example_data(screen: &Value) -> Map<String, Value> {
    screen
        .get("data")
        .and_then(Value::as_object)
        .map(|d| {
            d.iter()
                .filter_map(|(k, schema)| Some((k.clone(), schema.get("__example__")?.clone())))
                .collect()
        })
        .unwrap_or_default()
}

impl Backend for ExampleEndpoint {
    fn exchange(&mut self, req: &ExchangeRequest) -> Result<Value, String> {
        let answer = |id: &str, this: &Self| -> Value {
            let data = this.screen(id).map(example_data).unwrap_or_default();
            json!({"screen": id, "data": data})
        };
        match req.action.as_str() {
            "INIT" => {
                let entry = super::entry_screen(&self.flow)
                    .ok_or_else(|| "the flow has no screens".to_owned())?;
                Ok(answer(&entry, self))
            }
            "BACK" => Ok(json!({"screen": req.screen, "data": {}})),
            _ => {
                let next = self
                    .flow
                    .get("routing_model")
                    .and_then(|r| r.get(&req.screen))
                    .and_then(Value::as_array)
                    .and_then(|routes| routes.first())
                    .and_then(Value::as_str);
                let terminal = self
                    .screen(&req.screen)
                    .and_then(|s| s.get("terminal"))
                    .and_then(Value::as_bool)
                    == Some(true);
                match next {
                    _ if terminal => Ok(
                        json!({"screen": flow_model::table::SUCCESS_SCREEN, "data": {
                        "extension_message_response": {"params": {
                            "flow_token": req.flow_token, "data": req.data}}}}),
                    ),
                    Some(next) => Ok(answer(next, self)),
                    None => Ok(answer(&req.screen, self)),
                }
            }
        }
    }
}

#[cfg(feature = "endpoint")]
pub use encrypted::EncryptedEndpoint;

#[cfg(feature = "endpoint")]
mod encrypted {
    use std::future::Future;
    use std::pin::pin;
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};

    use serde_json::Value;

    use super::{Backend, ExchangeRequest};
    use crate::endpoint::{ClientSimulator, Endpoint};
    use crate::webhook::sign_body;

    /// An in-process [`Endpoint`] reached the way WhatsApp reaches it: each request is encrypted
    /// with the endpoint's public key ([`ClientSimulator`]), signed with the app secret when one
    /// is given, handed to [`Endpoint::handle`] as the raw HTTP body, and the answer decrypted.
    ///
    /// Handlers run on the calling thread; they may await anything that does not need a tokio
    /// reactor (timers, sockets).
    pub struct EncryptedEndpoint {
        endpoint: Endpoint,
        client: ClientSimulator,
        app_secret: Option<Vec<u8>>,
    }

    impl std::fmt::Debug for EncryptedEndpoint {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("EncryptedEndpoint").finish_non_exhaustive()
        }
    }

    impl EncryptedEndpoint {
        /// Wraps `endpoint`; `public_key_pem` is the key its private key pairs with.
        ///
        /// # Errors
        /// The PEM is not a 2048-bit RSA public key.
        pub fn new(
            endpoint: Endpoint,
            public_key_pem: &str,
        ) -> Result<Self, crate::endpoint::KeyError> {
            Ok(Self {
                endpoint,
                client: ClientSimulator::new(public_key_pem)?,
                app_secret: None,
            })
        }

        /// Signs every request body with the Meta app secret (`X-Hub-Signature-256`).
        pub fn app_secret(mut self, secret: impl Into<Vec<u8>>) -> Self {
            self.app_secret = Some(secret.into());
            self
        }
    }

    impl Backend for EncryptedEndpoint {
        fn exchange(&mut self, request: &ExchangeRequest) -> Result<Value, String> {
            let plain = serde_json::to_vec(request).map_err(|e| e.to_string())?;
            let (encrypted, pending) = self
                .client
                .encrypt_request(&plain)
                .map_err(|e| e.to_string())?;
            let body = serde_json::to_vec(&encrypted).map_err(|e| e.to_string())?;
            let signature = self.app_secret.as_ref().map(|s| sign_body(&body, s));
            let reply = block_on(self.endpoint.handle(&body, signature.as_deref()));
            if reply.status != 200 {
                return Err(format!("the endpoint answered HTTP {}", reply.status));
            }
            let answer = pending
                .decrypt_response(&reply.body)
                .map_err(|e| format!("response-decryption-error: {e}"))?;
            serde_json::from_slice(&answer)
                .map_err(|e| format!("the endpoint's answer is not JSON: {e}"))
        }
    }

    struct ThreadWaker(std::thread::Thread);

    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    /// Runs a future to completion on this thread: the simulator's API is synchronous so a
    /// test reads like a user's taps.
    fn block_on<F: Future>(fut: F) -> F::Output {
        let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut fut = pin!(fut);
        loop {
            if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
                return v;
            }
            std::thread::park();
        }
    }
}
