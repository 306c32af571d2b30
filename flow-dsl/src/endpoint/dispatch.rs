//! The endpoint: signature check, decryption, dispatch to per-screen handlers, definition
//! checks, encryption, and the HTTP status of every outcome (§H.3–§H.4 of the spec).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde_json::{Value, json};

use super::crypto::{CryptoError, EncryptedRequest, decrypt_request};
use super::definition::{self, DefinitionError, FlowDefinition, JsonFlowDefinition};
use super::jwt::{self, TokenSignatureError};
use super::keys::FlowPrivateKey;
use super::redact::client_error_key;
use super::request::{Action, ErrorNotification, FlowRequest, RequestShapeError};
use super::response::{FlowResponse, HandlerError};
use crate::webhook::{AppSecret, SignatureError, verify_signature};

/// What a handler resolves to.
pub type HandlerResult = Result<FlowResponse, HandlerError>;

/// The boxed future a [`Handler`] returns.
pub type HandlerFuture = Pin<Box<dyn Future<Output = HandlerResult> + Send + 'static>>;

/// Answers one kind of request. Implemented for every
/// `Fn(FlowRequest) -> impl Future<Output = HandlerResult>`, so async closures and `async fn`s
/// are handlers; implement it on a struct to handle a whole flow in one place (register it with
/// [`EndpointBuilder::fallback`]).
///
/// ```
/// use flow_dsl::endpoint::{FlowRequest, FlowResponse, Handler, HandlerFuture};
///
/// struct Shop;
/// impl Handler for Shop {
///     fn call(&self, req: FlowRequest) -> HandlerFuture {
///         Box::pin(async move {
///             Ok(FlowResponse::next_screen("CART").with("from", req.screen))
///         })
///     }
/// }
/// ```
pub trait Handler: Send + Sync + 'static {
    /// Produces the response to `request`.
    fn call(&self, request: FlowRequest) -> HandlerFuture;
}

impl<F, Fut> Handler for F
where
    F: Fn(FlowRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = HandlerResult> + Send + 'static,
{
    fn call(&self, request: FlowRequest) -> HandlerFuture {
        Box::pin(self(request))
    }
}

type ErrorHook = Box<dyn Fn(&ErrorNotification) + Send + Sync>;

/// A configured data_exchange endpoint, independent of any HTTP framework (see
/// [`crate::endpoint::axum`] for the axum integration).
///
/// ```
/// use flow_dsl::endpoint::{Endpoint, FlowPrivateKey, FlowRequest, FlowResponse, HandlerError};
///
/// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let endpoint = Endpoint::builder(FlowPrivateKey::generate()?)
///     .app_secret("meta-app-secret")
///     .on_init(|_req: FlowRequest| async { Ok(FlowResponse::next_screen("PICK")) })
///     .on_data_exchange("PICK", |req: FlowRequest| async move {
///         if req.flow_token() == "expired" {
///             return Err(HandlerError::invalid_flow_token(Some("This offer has ended")));
///         }
///         Ok(FlowResponse::finish().with("choice", req.data["choice"].clone()))
///     })
///     .build()?;
/// // let reply = endpoint.handle(&raw_body, signature_header).await;
/// # let _ = endpoint; Ok(()) }
/// # demo().unwrap();
/// ```
pub struct Endpoint {
    key: FlowPrivateKey,
    secrets: Vec<AppSecret>,
    verify_token_signature: bool,
    definition: Option<Box<dyn FlowDefinition>>,
    init: Option<Box<dyn Handler>>,
    back: HashMap<String, Box<dyn Handler>>,
    data_exchange: HashMap<String, Box<dyn Handler>>,
    fallback: Option<Box<dyn Handler>>,
    on_error: Option<ErrorHook>,
    log_handler_error_details: bool,
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("key", &self.key)
            .field("app_secrets", &self.secrets.len())
            .field("verify_token_signature", &self.verify_token_signature)
            .field("has_definition", &self.definition.is_some())
            .field("init", &self.init.is_some())
            .field("back", &self.back.keys().collect::<Vec<_>>())
            .field(
                "data_exchange",
                &self.data_exchange.keys().collect::<Vec<_>>(),
            )
            .field("fallback", &self.fallback.is_some())
            .finish_non_exhaustive()
    }
}

/// Builds an [`Endpoint`].
pub struct EndpointBuilder {
    endpoint: Endpoint,
    definition_json: Option<Value>,
}

impl fmt::Debug for EndpointBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EndpointBuilder")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

/// A configuration mistake found by [`EndpointBuilder::build`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointConfigError {
    /// Token-signature verification needs the app secret.
    #[error("verify_flow_token_signature() needs at least one app_secret()")]
    TokenSignatureWithoutSecret,
    /// The flow definition could not be read.
    #[error("the flow definition cannot be used for checks: {0}")]
    Definition(String),
}

impl EndpointBuilder {
    /// Adds a Meta app secret: requests must then carry a valid `X-Hub-Signature-256` (else
    /// HTTP 432). Call twice while rotating secrets; either is accepted.
    #[must_use]
    pub fn app_secret(mut self, secret: impl Into<Vec<u8>>) -> Self {
        self.endpoint.secrets.push(AppSecret::new(secret));
        self
    }

    /// Requires a valid `flow_token_signature` JWT (HS256 with the app secret, Data API 4.0)
    /// on every request except ping; failures are answered HTTP 432.
    #[must_use]
    pub fn verify_flow_token_signature(mut self) -> Self {
        self.endpoint.verify_token_signature = true;
        self
    }

    /// Checks every response against this Flow JSON: the next screen must exist and be
    /// allowed by `routing_model` from the request's screen, and its data must match the
    /// screen's `data` declaration. Violations are logged and answered HTTP 500 instead of
    /// sending a response the client would reject.
    #[must_use]
    pub fn flow_definition(mut self, flow_json: Value) -> Self {
        self.definition_json = Some(flow_json);
        self
    }

    /// Handles INIT (the flow was opened with `flow_action: data_exchange`).
    #[must_use]
    pub fn on_init<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(FlowRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HandlerResult> + Send + 'static,
    {
        self.endpoint.init = Some(Box::new(handler));
        self
    }

    /// Handles BACK on `screen` (screens with `refresh_on_back: true`).
    #[must_use]
    pub fn on_back<F, Fut>(mut self, screen: impl Into<String>, handler: F) -> Self
    where
        F: Fn(FlowRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HandlerResult> + Send + 'static,
    {
        self.endpoint.back.insert(screen.into(), Box::new(handler));
        self
    }

    /// Handles `data_exchange` actions sent from `screen`.
    #[must_use]
    pub fn on_data_exchange<F, Fut>(mut self, screen: impl Into<String>, handler: F) -> Self
    where
        F: Fn(FlowRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HandlerResult> + Send + 'static,
    {
        self.endpoint
            .data_exchange
            .insert(screen.into(), Box::new(handler));
        self
    }

    /// Handles every INIT / BACK / data_exchange request no specific handler takes (a
    /// [`Handler`] implementation, e.g. one struct for the whole flow).
    #[must_use]
    pub fn fallback(mut self, handler: impl Handler) -> Self {
        self.endpoint.fallback = Some(Box::new(handler));
        self
    }

    /// Logs the text of handler errors (HTTP 500). Off by default: a handler's error often
    /// quotes the request (`data_as` errors name the value that did not fit, `format!`
    /// messages embed user input), and the decrypted request is personal data. Without it the
    /// log says the handler failed and, for a `data_as` error, which kind of mismatch;
    /// [`Endpoint::process`] always returns the full error to the caller.
    #[must_use]
    pub fn log_handler_error_details(mut self, yes: bool) -> Self {
        self.endpoint.log_handler_error_details = yes;
        self
    }

    /// Called with each client error notification before it is acknowledged.
    #[must_use]
    pub fn on_error_notification(
        mut self,
        hook: impl Fn(&ErrorNotification) + Send + Sync + 'static,
    ) -> Self {
        self.endpoint.on_error = Some(Box::new(hook));
        self
    }

    /// Finishes the configuration.
    ///
    /// # Errors
    /// An [`EndpointConfigError`] for inconsistent settings.
    pub fn build(mut self) -> Result<Endpoint, EndpointConfigError> {
        if self.endpoint.verify_token_signature && self.endpoint.secrets.is_empty() {
            return Err(EndpointConfigError::TokenSignatureWithoutSecret);
        }
        if let Some(json) = self.definition_json.take() {
            let def =
                JsonFlowDefinition::from_json(&json).map_err(EndpointConfigError::Definition)?;
            self.endpoint.definition = Some(Box::new(def));
        }
        if self.endpoint.secrets.is_empty() {
            tracing::warn!(
                "flow endpoint built without app_secret(): X-Hub-Signature-256 is not checked"
            );
        }
        Ok(self.endpoint)
    }
}

/// Why a request was not answered with 200; [`EndpointError::status`] gives the HTTP status.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// `X-Hub-Signature-256` check failed: 432.
    #[error("request signature: {0}")]
    Signature(#[from] SignatureError),
    /// The body could not be decrypted: 421.
    #[error("decryption: {0}")]
    Decryption(#[from] CryptoError),
    /// The decrypted JSON is not a Flows request: 400. The error names the field, never its
    /// value.
    #[error("the decrypted request is not valid: {0}")]
    MalformedRequest(RequestShapeError),
    /// `flow_token_signature` check failed: 432.
    #[error("flow token signature: {0}")]
    TokenSignature(#[from] TokenSignatureError),
    /// The handler rejected the flow token: 427.
    #[error("flow token rejected")]
    InvalidFlowToken {
        /// Optional `error_msg` for the user.
        message: Option<String>,
    },
    /// No handler for this action and screen: 500. The message does not quote the action or
    /// the screen (they come from the decrypted request); the fields hold them.
    #[error("no handler for this action and screen")]
    NoHandler {
        /// The request's action.
        action: Action,
        /// The request's screen.
        screen: String,
    },
    /// The handler failed: 500.
    #[error("handler: {0}")]
    Handler(Box<dyn std::error::Error + Send + Sync>),
    /// The response contradicts the flow definition: 500.
    #[error(transparent)]
    Definition(#[from] DefinitionError),
}

impl EndpointError {
    /// The HTTP status to answer with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Signature(_) | Self::TokenSignature(_) => 432,
            Self::Decryption(_) => 421,
            Self::MalformedRequest(_) => 400,
            Self::InvalidFlowToken { .. } => 427,
            Self::NoHandler { .. } | Self::Handler(_) | Self::Definition(_) => 500,
        }
    }

    /// A short name of the error kind, for logs and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Signature(_) => "signature",
            Self::Decryption(_) => "decryption",
            Self::MalformedRequest(_) => "malformed_request",
            Self::TokenSignature(_) => "token_signature",
            Self::InvalidFlowToken { .. } => "invalid_flow_token",
            Self::NoHandler { .. } => "no_handler",
            Self::Handler(_) => "handler",
            Self::Definition(_) => "definition",
        }
    }

    /// What the endpoint logs: the message, except for handler errors whose text may quote
    /// the request (see [`EndpointBuilder::log_handler_error_details`]).
    fn log_message(&self, handler_details: bool) -> String {
        match self {
            Self::Handler(inner) if !handler_details => {
                match inner.downcast_ref::<serde_json::Error>() {
                    Some(e) => format!(
                        "handler: the request data does not fit the handler's type ({:?} error)",
                        e.classify()
                    ),
                    None => "handler failed (details withheld: they may quote request data; \
                             see EndpointBuilder::log_handler_error_details)"
                        .into(),
                }
            }
            _ => self.to_string(),
        }
    }

    /// The HTTP reply for this error (`{"error_msg": …}` for 427 when a message is given).
    pub fn to_reply(&self) -> EndpointReply {
        let body = match self {
            Self::InvalidFlowToken { message: Some(m) } => json!({ "error_msg": m }).to_string(),
            _ => String::new(),
        };
        EndpointReply {
            status: self.status(),
            content_type: if body.is_empty() {
                "text/plain; charset=utf-8"
            } else {
                "application/json"
            },
            body,
        }
    }
}

/// An HTTP answer: status, content type and body (the base64 ciphertext for 200).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointReply {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type` header value.
    pub content_type: &'static str,
    /// Response body.
    pub body: String,
}

impl Endpoint {
    /// Starts configuring an endpoint that decrypts with `key`.
    pub fn builder(key: FlowPrivateKey) -> EndpointBuilder {
        EndpointBuilder {
            endpoint: Endpoint {
                key,
                secrets: Vec::new(),
                verify_token_signature: false,
                definition: None,
                init: None,
                back: HashMap::new(),
                data_exchange: HashMap::new(),
                fallback: None,
                on_error: None,
                log_handler_error_details: false,
            },
            definition_json: None,
        }
    }

    /// Handles one HTTP request body with its `X-Hub-Signature-256` header and returns the
    /// reply to send; errors are logged with `tracing` and mapped to their status codes.
    ///
    /// Logs never carry a value of the decrypted request (it is personal data): they name the
    /// action, the screen when this endpoint serves it, the sizes and the error kind.
    pub async fn handle(&self, raw_body: &[u8], signature_header: Option<&str>) -> EndpointReply {
        let mut seen = Seen::default();
        match self
            .process_inner(raw_body, signature_header, &mut seen)
            .await
        {
            Ok(body) => EndpointReply {
                status: 200,
                content_type: "text/plain; charset=utf-8",
                body,
            },
            Err(err) => {
                let error = err.log_message(self.log_handler_error_details);
                let (kind, action, screen) = (err.kind(), seen.action, seen.screen.as_str());
                let (body_bytes, data_keys) = (raw_body.len(), seen.data_keys);
                match err.status() {
                    500 => tracing::error!(
                        kind,
                        action,
                        screen,
                        body_bytes,
                        data_keys,
                        error,
                        "flow endpoint request failed"
                    ),
                    427 => tracing::info!(kind, action, screen, "flow token rejected"),
                    _ => tracing::warn!(
                        kind,
                        action,
                        screen,
                        body_bytes,
                        data_keys,
                        error,
                        "flow endpoint request refused"
                    ),
                }
                err.to_reply()
            }
        }
    }

    /// `screen` when this endpoint knows it (a handler or the flow definition has it), else
    /// its size: an unknown screen id is client input and may be anything.
    fn loggable_screen(&self, screen: &str) -> String {
        let known = self.back.contains_key(screen)
            || self.data_exchange.contains_key(screen)
            || self
                .definition
                .as_ref()
                .is_some_and(|d| d.screen(screen).is_some());
        if known || screen.is_empty() {
            screen.to_owned()
        } else {
            format!("<unknown screen, {} bytes>", screen.len())
        }
    }

    /// Like [`Endpoint::handle`] but returns the typed error instead of a reply.
    ///
    /// # Errors
    /// An [`EndpointError`]; [`EndpointError::status`] is the HTTP status to answer with.
    pub async fn process(
        &self,
        raw_body: &[u8],
        signature_header: Option<&str>,
    ) -> Result<String, EndpointError> {
        self.process_inner(raw_body, signature_header, &mut Seen::default())
            .await
    }

    async fn process_inner(
        &self,
        raw_body: &[u8],
        signature_header: Option<&str>,
        seen: &mut Seen,
    ) -> Result<String, EndpointError> {
        if !self.secrets.is_empty() {
            verify_signature(raw_body, signature_header, &self.secrets)?;
        }
        let envelope: EncryptedRequest =
            serde_json::from_slice(raw_body).map_err(|e| CryptoError::Envelope(e.to_string()))?;
        let decrypted = decrypt_request(&self.key, &envelope)?;
        let request = FlowRequest::from_decrypted(&decrypted.plaintext)
            .map_err(EndpointError::MalformedRequest)?;
        *seen = Seen {
            action: request.action.log_name(),
            screen: self.loggable_screen(&request.screen),
            data_keys: request.data.len(),
        };
        let answer = self.dispatch(request).await?;
        let plaintext =
            serde_json::to_vec(&answer).map_err(|e| EndpointError::Handler(Box::new(e)))?;
        Ok(decrypted.cipher.encrypt(&plaintext)?)
    }

    /// Answers an already decrypted request: ping and error notifications by the library,
    /// the rest by the handlers, with the token-signature and definition checks. Returns the
    /// JSON to encrypt. Useful to unit-test handlers without any cryptography.
    ///
    /// ```
    /// use flow_dsl::endpoint::{Endpoint, FlowPrivateKey, FlowRequest};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let endpoint = Endpoint::builder(FlowPrivateKey::generate()?).build()?;
    /// let ping: FlowRequest = serde_json::from_str(r#"{"version":"3.0","action":"ping"}"#)?;
    /// assert_eq!(endpoint.dispatch(ping).await?, serde_json::json!({"data":{"status":"active"}}));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// An [`EndpointError`] as for [`Endpoint::process`].
    pub async fn dispatch(&self, request: FlowRequest) -> Result<Value, EndpointError> {
        if request.action == Action::Ping {
            return Ok(json!({"data": {"status": "active"}}));
        }
        if self.verify_token_signature {
            let jwt = request
                .flow_token_signature
                .as_deref()
                .ok_or(TokenSignatureError::Missing)?;
            jwt::verify(jwt, request.flow_token.as_deref(), &self.secrets)?;
        }
        if let Some(note) = request.error_notification() {
            tracing::warn!(
                error_key = client_error_key(&note.error_key),
                error_message_bytes = note.error_message.as_ref().map_or(0, String::len),
                screen = self.loggable_screen(&note.screen),
                action = note.action.log_name(),
                "flow client reported an error with a previous response"
            );
            if let Some(hook) = &self.on_error {
                hook(&note);
            }
            return Ok(json!({"data": {"acknowledged": true}}));
        }
        let specific = match request.action {
            Action::Init => self.init.as_ref(),
            Action::Back => self.back.get(&request.screen),
            Action::DataExchange => self.data_exchange.get(&request.screen),
            Action::Ping | Action::Other(_) => None,
        };
        let Some(handler) = specific.or(self.fallback.as_ref()) else {
            return Err(EndpointError::NoHandler {
                action: request.action.clone(),
                screen: request.screen.clone(),
            });
        };
        let flow_token = request.flow_token().to_owned();
        let checked = self.definition.is_some().then(|| request.clone());
        let response = handler.call(request).await.map_err(|e| match e {
            HandlerError::InvalidFlowToken { message } => {
                EndpointError::InvalidFlowToken { message }
            }
            HandlerError::Internal(inner) => EndpointError::Handler(inner),
        })?;
        if let (Some(def), Some(req)) = (&self.definition, &checked) {
            definition::check(def.as_ref(), req, &response)?;
        }
        Ok(response.to_json(&flow_token))
    }
}

/// What [`Endpoint::handle`] may log about the request once it is decrypted.
#[derive(Debug, Default)]
struct Seen {
    action: &'static str,
    screen: String,
    data_keys: usize,
}
