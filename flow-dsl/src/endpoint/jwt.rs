//! Verification of `flow_token_signature` (Data API 4.0): a JWT signed with HS256 and the Meta
//! app secret (§H.2 of the spec).
//!
//! Meta documents the algorithm and the key but not the claim names (UNCONFIRMED). This module
//! therefore checks: three base64url parts; header `alg` exactly `HS256`; the HMAC against any
//! configured secret (constant time); the payload is a JSON object; if it has a `flow_token`
//! claim, it equals the request's flow token; if it has `exp` / `nbf`, the current time is
//! within them (60 s leeway).

use std::time::{SystemTime, UNIX_EPOCH};

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::webhook::AppSecret;

const LEEWAY_SECS: i64 = 60;

/// Why a `flow_token_signature` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenSignatureError {
    /// The request carries no `flow_token_signature`.
    #[error("flow_token_signature is missing")]
    Missing,
    /// Not three base64url parts with JSON header and payload.
    #[error("flow_token_signature is not a well-formed JWT")]
    Malformed,
    /// The header's `alg` is not `HS256`.
    #[error("flow_token_signature uses alg `{0}`, only HS256 is accepted")]
    Algorithm(String),
    /// No secret produces the signature.
    #[error("flow_token_signature does not verify with the app secret")]
    Signature,
    /// The signed `flow_token` claim differs from the request's flow token.
    #[error("flow_token_signature was issued for another flow token")]
    TokenMismatch,
    /// `exp` is in the past or `nbf` in the future.
    #[error("flow_token_signature is expired or not yet valid")]
    Expired,
}

/// Verifies a `flow_token_signature` JWT for `flow_token` against the app secrets.
pub(crate) fn verify(
    jwt: &str,
    flow_token: Option<&str>,
    secrets: &[AppSecret],
) -> Result<(), TokenSignatureError> {
    let mut parts = jwt.trim().split('.');
    let (Some(header_b64), Some(payload_b64), Some(sig_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenSignatureError::Malformed);
    };
    let header = decode_json(header_b64)?;
    match header.get("alg").and_then(Value::as_str) {
        Some("HS256") => {}
        Some(other) => return Err(TokenSignatureError::Algorithm(other.to_owned())),
        None => return Err(TokenSignatureError::Malformed),
    }
    let signature = URL_SAFE_NO_PAD
        .decode(sig_b64)
        .map_err(|_| TokenSignatureError::Malformed)?;
    let signed = &jwt.trim().as_bytes()[..header_b64.len() + 1 + payload_b64.len()];
    let mut ok = false;
    for secret in secrets {
        let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_ref());
        ok |= hmac::verify(&key, signed, &signature).is_ok();
    }
    if !ok {
        return Err(TokenSignatureError::Signature);
    }
    let payload = decode_json(payload_b64)?;
    if !payload.is_object() {
        return Err(TokenSignatureError::Malformed);
    }
    if let Some(claim) = payload.get("flow_token")
        && claim.as_str() != flow_token
    {
        return Err(TokenSignatureError::TokenMismatch);
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let expired = payload
        .get("exp")
        .and_then(Value::as_i64)
        .is_some_and(|exp| now > exp.saturating_add(LEEWAY_SECS));
    let early = payload
        .get("nbf")
        .and_then(Value::as_i64)
        .is_some_and(|nbf| now < nbf.saturating_sub(LEEWAY_SECS));
    if expired || early {
        return Err(TokenSignatureError::Expired);
    }
    Ok(())
}

/// Builds an HS256 JWT over `claims` (what Meta sends as `flow_token_signature`); for tests
/// and simulators.
///
/// ```
/// use flow_dsl::endpoint::sign_flow_token;
///
/// let jwt = sign_flow_token(&serde_json::json!({"flow_token": "t-1"}), b"app-secret");
/// assert_eq!(jwt.split('.').count(), 3);
/// ```
pub fn sign_flow_token(claims: &Value, secret: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signing_input = format!("{header}.{payload}");
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    let sig = URL_SAFE_NO_PAD.encode(hmac::sign(&key, signing_input.as_bytes()));
    format!("{signing_input}.{sig}")
}

fn decode_json(part: &str) -> Result<Value, TokenSignatureError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenSignatureError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenSignatureError::Malformed)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn secrets() -> Vec<AppSecret> {
        vec![AppSecret::new("old"), AppSecret::new("new")]
    }

    #[test]
    fn accepts_valid_tokens_with_any_rotating_secret() {
        let jwt = sign_flow_token(&json!({"flow_token": "abc"}), b"new");
        assert_eq!(verify(&jwt, Some("abc"), &secrets()), Ok(()));
        let jwt = sign_flow_token(&json!({"sub": "x"}), b"old");
        assert_eq!(verify(&jwt, Some("abc"), &secrets()), Ok(()));
    }

    #[test]
    fn rejects_bad_tokens() {
        let s = secrets();
        let jwt = sign_flow_token(&json!({"flow_token": "abc"}), b"other");
        assert_eq!(
            verify(&jwt, Some("abc"), &s),
            Err(TokenSignatureError::Signature)
        );
        let jwt = sign_flow_token(&json!({"flow_token": "abc"}), b"new");
        assert_eq!(
            verify(&jwt, Some("xyz"), &s),
            Err(TokenSignatureError::TokenMismatch)
        );
        let jwt = sign_flow_token(&json!({"flow_token": "abc", "exp": 1000}), b"new");
        assert_eq!(
            verify(&jwt, Some("abc"), &s),
            Err(TokenSignatureError::Expired)
        );
        assert_eq!(
            verify("a.b", Some("abc"), &s),
            Err(TokenSignatureError::Malformed)
        );
        assert_eq!(verify("", None, &s), Err(TokenSignatureError::Malformed));
        // alg=none with an empty signature must not pass.
        let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
        let payload = URL_SAFE_NO_PAD.encode(br#"{"flow_token":"abc"}"#);
        assert_eq!(
            verify(&format!("{none_header}.{payload}."), Some("abc"), &s),
            Err(TokenSignatureError::Algorithm("none".into()))
        );
        // A tampered payload under a valid signature fails.
        let jwt = sign_flow_token(&json!({"flow_token": "abc"}), b"new");
        let mut parts: Vec<&str> = jwt.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(br#"{"flow_token":"zzz"}"#);
        parts[1] = &forged;
        assert_eq!(
            verify(&parts.join("."), Some("zzz"), &s),
            Err(TokenSignatureError::Signature)
        );
    }
}
