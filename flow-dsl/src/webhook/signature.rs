//! `X-Hub-Signature-256` verification (HMAC-SHA256 of the raw body with the Meta app secret).
//!
//! Used for webhooks and for the data_exchange endpoint (§H.1: a failed check is HTTP 432).

use std::fmt;

use aws_lc_rs::hmac;
use zeroize::Zeroizing;

/// Name of the header Meta signs requests with.
pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// A Meta app secret. `Debug` never shows it; it is wiped when dropped.
///
/// ```
/// use flow_dsl::webhook::AppSecret;
///
/// let secret = AppSecret::new("s3cr3t");
/// assert_eq!(format!("{secret:?}"), "AppSecret(<redacted>)");
/// ```
#[derive(Clone)]
pub struct AppSecret(Zeroizing<Vec<u8>>);

impl AppSecret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Self(Zeroizing::new(secret.into()))
    }
}

impl AsRef<[u8]> for AppSecret {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for AppSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppSecret(<redacted>)")
    }
}

/// Why a signature check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// No `X-Hub-Signature-256` header.
    #[error("the X-Hub-Signature-256 header is missing")]
    Missing,
    /// The header is not `sha256=<64 hex digits>`.
    #[error("the X-Hub-Signature-256 header is not `sha256=<hex>`")]
    Malformed,
    /// No configured secret produces this signature.
    #[error("the X-Hub-Signature-256 signature does not match any app secret")]
    Mismatch,
    /// No secret was configured, so nothing can be verified.
    #[error("no app secret is configured")]
    NoSecrets,
}

/// Verifies `X-Hub-Signature-256: sha256=<hex>` over the raw request body, in constant time,
/// against each secret in turn (pass the old and the new secret while rotating).
///
/// ```
/// use flow_dsl::webhook::{sign_body, verify_signature};
///
/// let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
/// let header = sign_body(body, b"new-secret");
/// assert!(verify_signature(body, Some(&header), &["old-secret", "new-secret"]).is_ok());
/// assert!(verify_signature(body, Some(&header), &["old-secret"]).is_err());
/// assert!(verify_signature(body, None, &["new-secret"]).is_err());
/// ```
///
/// # Errors
/// A [`SignatureError`] saying why the body is not authentic.
pub fn verify_signature<S: AsRef<[u8]>>(
    raw_body: &[u8],
    header: Option<&str>,
    secrets: &[S],
) -> Result<(), SignatureError> {
    if secrets.is_empty() {
        return Err(SignatureError::NoSecrets);
    }
    let header = header.ok_or(SignatureError::Missing)?.trim();
    let hex_part = header
        .strip_prefix("sha256=")
        .ok_or(SignatureError::Malformed)?;
    let mut expected = [0u8; 32];
    hex::decode_to_slice(hex_part, &mut expected).map_err(|_| SignatureError::Malformed)?;
    let mut ok = false;
    for secret in secrets {
        let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_ref());
        // Evaluate every secret so the timing does not reveal which one matched.
        ok |= hmac::verify(&key, raw_body, &expected).is_ok();
    }
    if ok {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Computes the `X-Hub-Signature-256` header value Meta would send for `raw_body` (for tests
/// and simulators).
///
/// ```
/// let h = flow_dsl::webhook::sign_body(b"{}", b"secret");
/// assert!(h.starts_with("sha256=") && h.len() == 7 + 64);
/// ```
pub fn sign_body(raw_body: &[u8], secret: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    format!("sha256={}", hex::encode(hmac::sign(&key, raw_body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), RFC-style vector.
        let h = sign_body(b"The quick brown fox jumps over the lazy dog", b"key");
        assert_eq!(
            h,
            "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
        let upper = h.to_uppercase().replace("SHA256=", "sha256=");
        assert!(
            verify_signature(
                b"The quick brown fox jumps over the lazy dog",
                Some(&upper),
                &[b"key"]
            )
            .is_ok()
        );
    }

    #[test]
    fn malformed_headers() {
        let s = [b"k"];
        assert_eq!(
            verify_signature(b"x", Some("sha1=00"), &s),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify_signature(b"x", Some("sha256=zz"), &s),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify_signature(b"x", Some("sha256=00"), &s),
            Err(SignatureError::Malformed)
        );
        let none: [&[u8]; 0] = [];
        assert_eq!(
            verify_signature(b"x", Some("sha256=00"), &none),
            Err(SignatureError::NoSecrets)
        );
    }
}
