//! Verification of `flow_token_signature` (Data API 4.0): a JWT signed with HS256 and the Meta
//! app secret (§H.2 of the spec).
//!
//! Meta documents the algorithm and the key but not the claim names (UNCONFIRMED). This module
//! therefore checks: three base64url parts; header `alg` exactly `HS256`; the HMAC against any
//! configured secret (constant time); the payload is a JSON object; if it has a `flow_token`
//! claim, it equals the request's flow token; if it has `exp` / `nbf` / `iat`, each is an RFC
//! 7519 NumericDate (any JSON number of seconds, fractions allowed: `1700000000`, `1.7e9`,
//! `1700000000.5`) and the current time is within them (60 s leeway; `iat` may not be in the
//! future). A claim of another type (string, boolean, object, null) is a rejection, never a
//! pass.

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
    /// `exp` is in the past, or `nbf` / `iat` in the future.
    #[error("flow_token_signature is expired or not yet valid")]
    Expired,
    /// `exp`, `nbf` or `iat` is not a JSON number (RFC 7519 NumericDate).
    #[error("flow_token_signature claim `{0}` is not a NumericDate (a JSON number of seconds)")]
    InvalidClaim(&'static str),
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
        // The header comes from the decrypted request: an odd `alg` is not echoed into logs.
        Some(other) if other.len() <= 16 && other.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            return Err(TokenSignatureError::Algorithm(other.to_owned()));
        }
        Some(_) => return Err(TokenSignatureError::Algorithm("<unrecognised>".to_owned())),
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
        .map_or(0.0, |d| d.as_secs_f64());
    check_times(&payload, now)
}

/// The time claims of `payload` at `now` (seconds since the epoch).
fn check_times(payload: &Value, now: f64) -> Result<(), TokenSignatureError> {
    let leeway = LEEWAY_SECS as f64;
    if numeric_date(payload, "exp")?.is_some_and(|exp| now > exp + leeway) {
        return Err(TokenSignatureError::Expired);
    }
    for claim in ["nbf", "iat"] {
        if numeric_date(payload, claim)?.is_some_and(|t| now < t - leeway) {
            return Err(TokenSignatureError::Expired);
        }
    }
    Ok(())
}

/// An RFC 7519 NumericDate claim: absent is `None`; any JSON number is seconds (as f64, so
/// `1e3`, `1700000000.0` and integers beyond i64 all compare correctly); anything else is an
/// error.
fn numeric_date(payload: &Value, claim: &'static str) -> Result<Option<f64>, TokenSignatureError> {
    match payload.get(claim) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|t| t.is_finite())
            .map(Some)
            .ok_or(TokenSignatureError::InvalidClaim(claim)),
        Some(_) => Err(TokenSignatureError::InvalidClaim(claim)),
    }
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
    fn time_claims_are_numeric_dates() {
        let now = 1_700_000_000.0;
        let at = |claims: Value| check_times(&claims, now);
        // Any JSON number, fractions and exponents included.
        assert_eq!(
            at(json!({"exp": 1_700_000_000.0 - 61.0})),
            Err(TokenSignatureError::Expired)
        );
        assert_eq!(at(json!({"exp": 1e3})), Err(TokenSignatureError::Expired));
        assert_eq!(
            at(json!({"exp": 1_699_999_000.5})),
            Err(TokenSignatureError::Expired)
        );
        assert_eq!(at(json!({"exp": -1})), Err(TokenSignatureError::Expired));
        assert_eq!(at(json!({"exp": 1.7e9 + 30.0})), Ok(()));
        assert_eq!(
            at(json!({"exp": 1.7e9 - 59.5})),
            Ok(()),
            "within the leeway"
        );
        assert_eq!(at(json!({"exp": u64::MAX})), Ok(()));
        assert_eq!(
            at(json!({"nbf": 1_700_000_100.25})),
            Err(TokenSignatureError::Expired)
        );
        assert_eq!(at(json!({"nbf": 1.7e9 + 30.0, "iat": 1.7e9})), Ok(()));
        assert_eq!(at(json!({"iat": 1.8e9})), Err(TokenSignatureError::Expired));
        // The wrong type is a rejection, never a pass.
        for bad in [
            json!("1700000000"),
            json!(true),
            json!({"t": 1}),
            json!([1]),
            Value::Null,
        ] {
            for claim in ["exp", "nbf", "iat"] {
                assert_eq!(
                    at(json!({ claim: bad.clone() })),
                    Err(TokenSignatureError::InvalidClaim(claim)),
                    "{claim}: {bad}"
                );
            }
        }
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
