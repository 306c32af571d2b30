//! Runtime support for the typed endpoint `flow!` generates for endpoint flows
//! (`data_api_version`): `Flow::endpoint(key)` gives a builder with one method per screen that
//! calls the endpoint, each taking an `async fn(Ctx, Exchange) -> Result<Next, E>`.
//!
//! The generated builder wraps an [`EndpointBuilder`], so `build()` returns the same
//! [`Endpoint`](super::Endpoint) as the untyped API: same crypto, status codes, signature checks
//! and axum integration. What the types add:
//!
//! - the request `data` is decoded into the screen's `…Exchange` struct (a payload that does not
//!   fit is a handler error, HTTP 500, logged without its values);
//! - the answer is a `…Next` enum whose variants are exactly the screens `routing_model` allows
//!   from there, each carrying that screen's `…Data` struct, so the data always matches the
//!   declaration;
//! - a screen that calls the endpoint without a handler is a compile error at `build()`
//!   (the [`Set`] / [`Missing`] type states).
//!
//! For `<Flow name=Quote ...>` with screens `START`, `OFFER`…, `flow!` generates:
//!
//! | item | what it is |
//! |---|---|
//! | `QuoteOfferData` | `Serialize` struct of screen `OFFER`'s `data` declaration (every field; the client rejects a response lacking one; `Vec<Choice>` fields hold [`ChoiceItem`]s) |
//! | `QuoteStartExchange` | `Deserialize` struct of the payload `START`'s `data_exchange` sends (inputs that are not `required` are `Option`s) |
//! | `QuoteStartNext` | the answers to a `data_exchange` from `START`: one variant per screen `routing_model` allows from there (`Offer(QuoteOfferData)`), `Same(QuoteStartData)`, `Error(String)` (snackbar), and `Close(params)` on terminal screens |
//! | `QuoteInitNext` | the answers to INIT: the entry screens (no route leads to them) |
//! | `QuoteOfferBackNext` | for a `refresh_on_back` screen: the answers to BACK, the screens that route to it |
//! | `Quote::endpoint(key)` → `QuoteEndpoint` | the builder: `on_init` (optional), `on_start`, `on_offer`… for each screen with a `data_exchange`, `on_back_from_offer` for each `refresh_on_back` screen (required: `build()` does not compile without them), `app_secret`, `configure` for the untyped builder's other settings |
//!
//! A screen called `INIT` gets `on_init_screen` (and its INIT answers enum is `…InitRequestNext`).
//! The handlers' error type is anything `Into<HandlerError>`: return
//! [`HandlerError::invalid_flow_token`] for HTTP 427.
//!
//! ```
//! use flow_dsl::endpoint::typed::Ctx;
//! use flow_dsl::endpoint::{FlowPrivateKey, HandlerError};
//! use flow_dsl::flow;
//!
//! flow! {
//!     <Flow name=Quote version="7.3" data_api_version="3.0">
//!         <Screen id="START" title="Your email">
//!             <TextInput name="email" label="Email" input-type="email" required />
//!             <Footer label="Get a quote"
//!                 on-click-action={data_exchange({email: form.email}, [OFFER])} />
//!         </Screen>
//!         <Screen id="OFFER" title="Your quote" terminal success
//!                 data={ price: i64 = 10, currency: String = "EUR" }>
//!             <TextBody text={"Currency: " + data.currency} />
//!             <Footer label="Accept" on-click-action={complete({price: data.price})} />
//!         </Screen>
//!     </Flow>
//! }
//!
//! async fn start(ctx: Ctx, form: QuoteStartExchange) -> Result<QuoteStartNext, HandlerError> {
//!     if ctx.flow_token().is_empty() {
//!         return Err(HandlerError::invalid_flow_token(None));
//!     }
//!     if !form.email.contains('@') {
//!         return Ok(QuoteStartNext::Error("Please check your email".into()));
//!     }
//!     Ok(QuoteStartNext::Offer(QuoteOfferData { price: 12, currency: "EUR".into() }))
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let endpoint = Quote::endpoint(FlowPrivateKey::generate()?)
//!     .app_secret("meta-app-secret")
//!     .on_init(|_ctx: Ctx| async {
//!         Ok::<_, HandlerError>(QuoteInitNext::Start(QuoteStartData {}))
//!     })
//!     .on_start(start)
//!     .build()?; // without `.on_start(..)`: "screen `START` calls the endpoint …"
//! # let _ = endpoint; Ok(()) }
//! ```

use std::fmt;
use std::future::Future;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::dispatch::HandlerResult;
use super::redact::Redacted;
use super::request::FlowRequest;
use super::response::{FlowResponse, HandlerError};
use flow_model::table::JsonTypes;

pub use super::dispatch::EndpointBuilder;

/// Type state of a required handler that was registered.
#[derive(Debug, Clone, Copy, Default)]
pub struct Set;

/// Type state of a required handler not registered yet; `build()` does not compile while
/// one remains.
#[derive(Debug, Clone, Copy, Default)]
pub struct Missing;

/// What a typed handler knows about the request besides its payload. `Debug` shows sizes,
/// never the token.
///
/// ```
/// use flow_dsl::endpoint::typed::Ctx;
/// use flow_dsl::endpoint::{Action, FlowRequest};
///
/// let req: FlowRequest = serde_json::from_str(
///     r#"{"version":"3.0","action":"INIT","flow_token":"t-1"}"#).unwrap();
/// let (ctx, _) = Ctx::split(req);
/// assert_eq!(ctx.flow_token(), "t-1");
/// assert_eq!(ctx.action(), &Action::Init);
/// ```
#[derive(Clone, PartialEq)]
pub struct Ctx {
    version: String,
    action: super::request::Action,
    screen: String,
    flow_token: Option<String>,
    flow_token_signature: Option<String>,
}

impl fmt::Debug for Ctx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctx")
            .field("action", &self.action)
            .field(
                "flow_token",
                &self.flow_token.as_ref().map(|t| Redacted(t.len())),
            )
            .finish_non_exhaustive()
    }
}

impl Ctx {
    /// Splits a request into its context and its `data`.
    pub fn split(request: FlowRequest) -> (Self, Map<String, Value>) {
        let FlowRequest {
            version,
            action,
            screen,
            data,
            flow_token,
            flow_token_signature,
        } = request;
        (
            Self {
                version,
                action,
                screen,
                flow_token,
                flow_token_signature,
            },
            data,
        )
    }

    /// The flow token given when the flow was sent, or `""`.
    pub fn flow_token(&self) -> &str {
        self.flow_token.as_deref().unwrap_or_default()
    }

    /// The Data API version of the request (`"3.0"`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// What triggered the request.
    pub fn action(&self) -> &super::request::Action {
        &self.action
    }

    /// The screen the request comes from (empty for INIT).
    pub fn screen(&self) -> &str {
        &self.screen
    }

    /// The `flow_token_signature` JWT, when the client sent one (Data API 4.0).
    pub fn flow_token_signature(&self) -> Option<&str> {
        self.flow_token_signature.as_deref()
    }
}

/// A typed answer: the generated `…Next` enums implement it.
pub trait Answer {
    /// The response the endpoint encrypts and sends.
    ///
    /// # Errors
    /// [`HandlerError::Internal`] when the data does not serialise to a JSON object.
    fn into_response(self) -> Result<FlowResponse, HandlerError>;
}

/// One option of a `Vec<Choice>` screen data field (`data-source` of a Dropdown,
/// RadioButtonsGroup…), as the endpoint sends it.
///
/// ```
/// use flow_dsl::endpoint::typed::ChoiceItem;
/// let c = ChoiceItem::new("12", "12 months");
/// assert_eq!(serde_json::to_value(&c).unwrap(), serde_json::json!({"id": "12", "title": "12 months"}));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChoiceItem {
    /// The value the input takes when this option is picked.
    pub id: String,
    /// The text shown.
    pub title: String,
    /// A second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A third line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// Whether the option can be picked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

impl ChoiceItem {
    /// An option with an id and a title.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            description: None,
            metadata: None,
            enabled: None,
        }
    }

    /// Adds the second line.
    #[must_use]
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Sets whether the option can be picked.
    #[must_use]
    pub fn enabled(mut self, yes: bool) -> Self {
        self.enabled = Some(yes);
        self
    }
}

/// Show `screen` with `data` (a generated `…Data` struct). Used by the generated code.
///
/// # Errors
/// [`HandlerError::Internal`] when `data` does not serialise to an object.
pub fn screen<T: Serialize>(screen: &'static str, data: &T) -> HandlerResult {
    match serde_json::to_value(data)? {
        Value::Object(data) => Ok(FlowResponse::Screen {
            screen: screen.to_owned(),
            data,
        }),
        other => Err(HandlerError::internal(format!(
            "the data of screen `{screen}` must serialise to a JSON object, got {}",
            JsonTypes::name_of(&other)
        ))),
    }
}

/// Stay on `screen` and show `message` as a snackbar. Used by the generated code.
pub fn error_message(screen: &'static str, message: String) -> FlowResponse {
    FlowResponse::next_screen(screen).with_error_message(message)
}

/// Decodes the request's payload into `X`. The error names the kind of mismatch, not the
/// value (the request is personal data and handler errors are logged).
fn decode<X: DeserializeOwned>(request: FlowRequest) -> Result<(Ctx, X), HandlerError> {
    let (ctx, data) = Ctx::split(request);
    let x = serde_json::from_value(Value::Object(data)).map_err(|e| {
        HandlerError::internal(format!(
            "the {} payload does not fit its generated type ({:?} error)",
            ctx.action.log_name(),
            e.classify(),
        ))
    })?;
    Ok((ctx, x))
}

/// Registers a typed handler for `data_exchange` requests from `screen`. Used by the
/// generated code.
pub fn on_exchange<X, N, F, Fut, E>(
    builder: EndpointBuilder,
    screen: &'static str,
    handler: F,
) -> EndpointBuilder
where
    X: DeserializeOwned,
    N: Answer + 'static,
    F: Fn(Ctx, X) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<N, E>> + Send + 'static,
    E: Into<HandlerError> + 'static,
{
    builder.on_data_exchange(screen, move |request| {
        answer(decode(request).map(|(ctx, x)| handler(ctx, x)))
    })
}

/// Registers a typed INIT handler. Used by the generated code.
pub fn on_init<N, F, Fut, E>(builder: EndpointBuilder, handler: F) -> EndpointBuilder
where
    N: Answer + 'static,
    F: Fn(Ctx) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<N, E>> + Send + 'static,
    E: Into<HandlerError> + 'static,
{
    builder.on_init(move |request| answer(Ok(handler(Ctx::split(request).0))))
}

/// Registers a typed BACK handler for `screen`. Used by the generated code.
pub fn on_back<N, F, Fut, E>(
    builder: EndpointBuilder,
    screen: &'static str,
    handler: F,
) -> EndpointBuilder
where
    N: Answer + 'static,
    F: Fn(Ctx) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<N, E>> + Send + 'static,
    E: Into<HandlerError> + 'static,
{
    builder.on_back(screen, move |request| {
        answer(Ok(handler(Ctx::split(request).0)))
    })
}

/// The handler's future seen as an untyped one: the payload was decoded before the call (or
/// failed to), the answer becomes a [`FlowResponse`] after it.
async fn answer<N, E>(
    started: Result<impl Future<Output = Result<N, E>>, HandlerError>,
) -> HandlerResult
where
    N: Answer + 'static,
    E: Into<HandlerError> + 'static,
{
    started?.await.map_err(Into::into)?.into_response()
}
