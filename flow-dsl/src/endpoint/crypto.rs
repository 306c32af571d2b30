//! Request decryption and response encryption (§H.1 of the spec).
//!
//! Request: base64 → RSA-OAEP-SHA256 (MGF1-SHA256, empty label) unwraps a 128-bit AES key;
//! the flow data is AES-128-GCM with the 16-byte `initial_vector` and the tag in the last
//! 16 bytes. Response: same key, the IV with every bit flipped, empty AAD, base64 of
//! `ciphertext || tag`.
//!
//! RSA runs in aws-lc-rs. AES-GCM runs in the RustCrypto `aes-gcm` crate because WhatsApp
//! uses a 16-byte GCM nonce and aws-lc-rs's AEAD API only takes 12-byte nonces.

use std::fmt;

use aes_gcm::aead::consts::U16;
use aes_gcm::aead::generic_array::GenericArray;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::aes::Aes128;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::keys::FlowPrivateKey;

/// AES-128-GCM with a 16-byte nonce, as WhatsApp uses it.
pub(crate) type Aes128Gcm16 = aes_gcm::AesGcm<Aes128, U16>;

/// Length of the AES key WhatsApp wraps with RSA.
pub const AES_KEY_LEN: usize = 16;
/// Length of the GCM IV WhatsApp sends.
pub const IV_LEN: usize = 16;
/// Length of the GCM tag.
pub const TAG_LEN: usize = 16;

/// The JSON body WhatsApp POSTs to the endpoint.
///
/// ```
/// use flow_dsl::endpoint::EncryptedRequest;
///
/// let body = r#"{"encrypted_flow_data":"AA==","encrypted_aes_key":"AA==","initial_vector":"AA=="}"#;
/// let req: EncryptedRequest = serde_json::from_str(body)?;
/// assert_eq!(req.initial_vector, "AA==");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptedRequest {
    /// Base64 of AES-128-GCM ciphertext followed by the 16-byte tag.
    pub encrypted_flow_data: String,
    /// Base64 of the RSA-OAEP-wrapped AES key.
    pub encrypted_aes_key: String,
    /// Base64 of the 16-byte IV.
    pub initial_vector: String,
}

/// Why a request could not be decrypted (answered with HTTP 421).
///
/// Deliberately coarse: a padding oracle must not learn which step failed beyond what is
/// listed here, and nothing secret is included.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The body is not the expected JSON envelope.
    #[error("the request body is not an encrypted Flows request: {0}")]
    Envelope(String),
    /// A field is not valid base64.
    #[error("`{0}` is not valid base64")]
    Base64(&'static str),
    /// The IV does not have 16 bytes.
    #[error("the initial vector has {0} bytes, expected 16")]
    IvLength(usize),
    /// RSA-OAEP decryption of the AES key failed (wrong key pair or corrupt data).
    #[error("the AES key could not be unwrapped with the private key")]
    KeyUnwrap,
    /// The unwrapped AES key is not 128 bits.
    #[error("the unwrapped AES key has {0} bytes, expected 16")]
    KeyLength(usize),
    /// GCM authentication failed (tampered or truncated data).
    #[error("the flow data failed AES-GCM authentication")]
    Authentication,
    /// Encrypting the response failed.
    #[error("the response could not be encrypted")]
    Encryption,
}

/// The AES key and flipped IV needed to answer one request.
///
/// Its `Debug` output hides the key; the key is wiped when dropped.
#[derive(Clone)]
pub struct ResponseCipher {
    key: Zeroizing<[u8; AES_KEY_LEN]>,
    response_iv: [u8; IV_LEN],
}

impl fmt::Debug for ResponseCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseCipher").finish_non_exhaustive()
    }
}

impl ResponseCipher {
    /// Builds the response cipher from the request's AES key and request IV (the IV is flipped
    /// here).
    pub fn new(key: [u8; AES_KEY_LEN], request_iv: [u8; IV_LEN]) -> Self {
        Self {
            key: Zeroizing::new(key),
            response_iv: request_iv.map(|b| !b),
        }
    }

    /// Encrypts `plaintext` (the response JSON) and returns the base64 body to send.
    ///
    /// # Errors
    /// [`CryptoError::Encryption`] if the AEAD fails (only for absurd lengths).
    pub fn encrypt(&self, plaintext: &[u8]) -> Result<String, CryptoError> {
        let cipher = Aes128Gcm16::new(GenericArray::from_slice(&self.key[..]));
        let sealed = cipher
            .encrypt(GenericArray::from_slice(&self.response_iv), plaintext)
            .map_err(|_| CryptoError::Encryption)?;
        Ok(STANDARD.encode(sealed))
    }

    /// The client side of [`ResponseCipher::encrypt`]: decrypts a base64 response body.
    pub(crate) fn decrypt(&self, body: &str) -> Result<Vec<u8>, CryptoError> {
        let sealed = STANDARD
            .decode(body.trim())
            .map_err(|_| CryptoError::Base64("response body"))?;
        Aes128Gcm16::new(GenericArray::from_slice(&self.key[..]))
            .decrypt(
                GenericArray::from_slice(&self.response_iv),
                sealed.as_slice(),
            )
            .map_err(|_| CryptoError::Authentication)
    }
}

/// A decrypted request body plus the cipher to answer it.
#[derive(Debug)]
pub struct DecryptedBody {
    /// The UTF-8 JSON the client sent (wiped when dropped).
    pub plaintext: Zeroizing<Vec<u8>>,
    /// The cipher for the response.
    pub cipher: ResponseCipher,
}

/// Decrypts an encrypted Flows request with the business private key.
///
/// ```no_run
/// use flow_dsl::endpoint::{EncryptedRequest, FlowPrivateKey, decrypt_request};
///
/// # fn demo(key: &FlowPrivateKey, body: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
/// let req: EncryptedRequest = serde_json::from_slice(body)?;
/// let decrypted = decrypt_request(key, &req)?;
/// let json: serde_json::Value = serde_json::from_slice(&decrypted.plaintext)?;
/// let answer = decrypted.cipher.encrypt(br#"{"data":{"status":"active"}}"#)?;
/// # let _ = (json, answer); Ok(()) }
/// ```
///
/// # Errors
/// A [`CryptoError`] naming the failed step; all of them mean HTTP 421.
pub fn decrypt_request(
    key: &FlowPrivateKey,
    request: &EncryptedRequest,
) -> Result<DecryptedBody, CryptoError> {
    let wrapped_key = decode_b64(&request.encrypted_aes_key, "encrypted_aes_key")?;
    let iv = decode_b64(&request.initial_vector, "initial_vector")?;
    let iv: [u8; IV_LEN] = iv
        .as_slice()
        .try_into()
        .map_err(|_| CryptoError::IvLength(iv.len()))?;
    let data = decode_b64(&request.encrypted_flow_data, "encrypted_flow_data")?;
    if data.len() < TAG_LEN {
        return Err(CryptoError::Authentication);
    }
    let aes_key = unwrap_aes_key(key, &wrapped_key)?;
    let cipher = Aes128Gcm16::new(GenericArray::from_slice(&aes_key[..]));
    let plaintext = cipher
        .decrypt(GenericArray::from_slice(&iv), data.as_slice())
        .map_err(|_| CryptoError::Authentication)?;
    Ok(DecryptedBody {
        plaintext: Zeroizing::new(plaintext),
        cipher: ResponseCipher::new(*aes_key, iv),
    })
}

/// RSA-OAEP-SHA256 unwrapping of the 128-bit AES key (the per-request RSA cost).
///
/// # Errors
/// [`CryptoError::KeyUnwrap`] or [`CryptoError::KeyLength`].
pub fn unwrap_aes_key(
    key: &FlowPrivateKey,
    wrapped: &[u8],
) -> Result<Zeroizing<[u8; AES_KEY_LEN]>, CryptoError> {
    let raw = key.oaep_decrypt(wrapped).ok_or(CryptoError::KeyUnwrap)?;
    let arr: [u8; AES_KEY_LEN] = raw[..]
        .try_into()
        .map_err(|_| CryptoError::KeyLength(raw.len()))?;
    Ok(Zeroizing::new(arr))
}

fn decode_b64(value: &str, field: &'static str) -> Result<Vec<u8>, CryptoError> {
    STANDARD
        .decode(value.trim())
        .map_err(|_| CryptoError::Base64(field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_iv_is_bitwise_not() {
        let c = ResponseCipher::new([7; 16], [0x0f; 16]);
        assert_eq!(c.response_iv, [0xf0; 16]);
        assert_eq!(format!("{c:?}"), "ResponseCipher { .. }");
    }

    #[test]
    fn short_or_bad_fields_fail_without_panicking() {
        let key = FlowPrivateKey::generate().expect("keygen");
        let bad = |data: &str, k: &str, iv: &str| EncryptedRequest {
            encrypted_flow_data: data.into(),
            encrypted_aes_key: k.into(),
            initial_vector: iv.into(),
        };
        let iv16 = STANDARD.encode([0u8; 16]);
        assert_eq!(
            decrypt_request(&key, &bad("AA==", "AA==", "%%")).unwrap_err(),
            CryptoError::Base64("initial_vector")
        );
        assert_eq!(
            decrypt_request(&key, &bad("AA==", "AA==", "AA==")).unwrap_err(),
            CryptoError::IvLength(1)
        );
        assert_eq!(
            decrypt_request(&key, &bad("AA==", "AA==", &iv16)).unwrap_err(),
            CryptoError::Authentication
        );
        let data = STANDARD.encode([0u8; 40]);
        assert_eq!(
            decrypt_request(&key, &bad(&data, "AA==", &iv16)).unwrap_err(),
            CryptoError::KeyUnwrap
        );
    }
}
