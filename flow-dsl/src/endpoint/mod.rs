//! The WhatsApp Flows data_exchange endpoint (§H of the spec), feature `endpoint`.
//!
//! - [`FlowPrivateKey`]: the business RSA key, parsed once (PKCS#1, PKCS#8, encrypted PKCS#8).
//! - [`decrypt_request`] / [`ResponseCipher::encrypt`]: RSA-OAEP-SHA256 + AES-128-GCM with the
//!   flipped IV; [`decrypt_media`] for PhotoPicker / DocumentPicker files.
//! - [`Endpoint`]: signature check (432), decryption (421), ping and error notifications,
//!   per-screen handlers for INIT / BACK / data_exchange, flow-token rejection (427),
//!   `flow_token_signature` verification and optional checks against the flow definition.
//! - [`axum`] (feature `axum`): the HTTP handler, and `axum::serve`, an accept loop with
//!   header, body and idle timeouts, a body size limit and a connection cap (`axum::HttpLimits`).
//! - Logs and `Debug` output never show a value of the decrypted request (personal data): only
//!   the action, known screens, keys, kinds and sizes.
//! - [`typed`]: what the endpoint `flow!` generates for endpoint flows builds on: handlers
//!   that take the screen's payload as a struct and answer only with screens the routing model
//!   allows, with the data they declare, checked by the compiler.
//! - [`ClientSimulator`]: encrypts requests as WhatsApp does, for tests and load tests.
//!
//! ```
//! use flow_dsl::endpoint::{ClientSimulator, Endpoint, FlowPrivateKey, FlowRequest, FlowResponse};
//! use flow_dsl::webhook::sign_body;
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let key = FlowPrivateKey::generate()?;
//! let client = ClientSimulator::new(&key.public_key_pem()?)?;
//! let endpoint = Endpoint::builder(key)
//!     .app_secret("app-secret")
//!     .on_init(|_req: FlowRequest| async { Ok(FlowResponse::next_screen("WELCOME").with("name", "Ana")) })
//!     .build()?;
//!
//! let (request, pending) = client.encrypt_request(
//!     br#"{"version":"3.0","action":"INIT","flow_token":"t-1","data":{}}"#)?;
//! let body = serde_json::to_vec(&request)?;
//! let reply = endpoint.handle(&body, Some(&sign_body(&body, b"app-secret"))).await;
//! assert_eq!(reply.status, 200);
//! let answer: serde_json::Value = serde_json::from_slice(&pending.decrypt_response(&reply.body)?)?;
//! assert_eq!(answer, serde_json::json!({"screen": "WELCOME", "data": {"name": "Ana"}}));
//! # Ok(()) }
//! ```

#[cfg(feature = "axum")]
pub mod axum;
mod crypto;
mod definition;
mod dispatch;
mod jwt;
mod keys;
mod media;
mod pem;
mod redact;
mod request;
mod response;
mod simulator;
pub mod typed;

pub use crypto::{
    AES_KEY_LEN, CryptoError, DecryptedBody, EncryptedRequest, IV_LEN, ResponseCipher, TAG_LEN,
    decrypt_request, unwrap_aes_key,
};
pub use definition::{DefinitionError, DefinitionViolation};
pub use dispatch::{
    Endpoint, EndpointBuilder, EndpointConfigError, EndpointError, EndpointReply, Handler,
    HandlerFuture, HandlerResult,
};
pub use jwt::{TokenSignatureError, sign_flow_token};
pub use keys::{FlowPrivateKey, KeyError, PublicKeyPem, RSA_KEY_BITS};
pub use media::{EncryptionMetadata, MediaError, MediaValue, decrypt_media};
pub use request::{Action, ErrorNotification, FlowRequest, RequestShapeError};
pub use response::{FlowResponse, HandlerError, SUCCESS_SCREEN};
pub use simulator::{ClientSimulator, PendingResponse};
