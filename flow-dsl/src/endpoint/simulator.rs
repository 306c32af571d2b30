//! The client side of the protocol, done exactly as WhatsApp does it: for tests, load tests and
//! local development of an endpoint without a phone.

use std::fmt;

use aes_gcm::aead::generic_array::GenericArray;
use aes_gcm::aead::{Aead, KeyInit};
use aws_lc_rs::rsa::{OAEP_SHA256_MGF1SHA256, OaepPublicEncryptingKey, PublicEncryptingKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use super::crypto::{
    AES_KEY_LEN, Aes128Gcm16, CryptoError, EncryptedRequest, IV_LEN, ResponseCipher,
};
use super::keys::{KeyError, PublicKeyPem};
use super::pem;

/// Encrypts requests with a business public key, as the WhatsApp client does.
///
/// ```
/// use flow_dsl::endpoint::{ClientSimulator, FlowPrivateKey, decrypt_request};
///
/// let key = FlowPrivateKey::generate()?;
/// let client = ClientSimulator::new(&key.public_key_pem()?)?;
/// let (request, pending) = client.encrypt_request(br#"{"version":"3.0","action":"ping"}"#)?;
/// let decrypted = decrypt_request(&key, &request)?;
/// assert_eq!(&decrypted.plaintext[..], br#"{"version":"3.0","action":"ping"}"#);
/// let body = decrypted.cipher.encrypt(br#"{"data":{"status":"active"}}"#)?;
/// assert_eq!(pending.decrypt_response(&body)?, br#"{"data":{"status":"active"}}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ClientSimulator {
    public: OaepPublicEncryptingKey,
}

impl fmt::Debug for ClientSimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientSimulator")
            .field("bits", &self.public.key_size_bits())
            .finish()
    }
}

impl ClientSimulator {
    /// Builds a simulator from a `PUBLIC KEY` or `RSA PUBLIC KEY` PEM (2048-bit RSA).
    ///
    /// # Errors
    /// A [`KeyError`] when the PEM is not such a key.
    pub fn new(public_key_pem: &str) -> Result<Self, KeyError> {
        let checked = PublicKeyPem::parse(public_key_pem)?;
        let block = pem::decode(checked.as_pem())?;
        let invalid = |e: aws_lc_rs::error::KeyRejected| KeyError::InvalidKey {
            label: "PUBLIC KEY".to_owned(),
            reason: e.to_string(),
        };
        let public = PublicEncryptingKey::from_der(&block.der).map_err(invalid)?;
        let public = OaepPublicEncryptingKey::new(public).map_err(|e| KeyError::InvalidKey {
            label: "PUBLIC KEY".to_owned(),
            reason: e.to_string(),
        })?;
        Ok(Self { public })
    }

    /// Encrypts `plaintext` (the request JSON) with a fresh AES key and IV.
    ///
    /// # Errors
    /// [`CryptoError::Encryption`] if randomness or a cipher fails.
    pub fn encrypt_request(
        &self,
        plaintext: &[u8],
    ) -> Result<(EncryptedRequest, PendingResponse), CryptoError> {
        let mut key = Zeroizing::new([0u8; AES_KEY_LEN]);
        let mut iv = [0u8; IV_LEN];
        aws_lc_rs::rand::fill(&mut key[..]).map_err(|_| CryptoError::Encryption)?;
        aws_lc_rs::rand::fill(&mut iv).map_err(|_| CryptoError::Encryption)?;
        let mut wrapped = vec![0u8; self.public.ciphertext_size()];
        let wrapped = self
            .public
            .encrypt(&OAEP_SHA256_MGF1SHA256, &key[..], &mut wrapped, None)
            .map_err(|_| CryptoError::Encryption)?;
        let sealed = Aes128Gcm16::new(GenericArray::from_slice(&key[..]))
            .encrypt(GenericArray::from_slice(&iv), plaintext)
            .map_err(|_| CryptoError::Encryption)?;
        let request = EncryptedRequest {
            encrypted_flow_data: STANDARD.encode(sealed),
            encrypted_aes_key: STANDARD.encode(wrapped),
            initial_vector: STANDARD.encode(iv),
        };
        Ok((
            request,
            PendingResponse {
                cipher: ResponseCipher::new(*key, iv),
            },
        ))
    }
}

/// What the client keeps to read the endpoint's answer to one request.
pub struct PendingResponse {
    cipher: ResponseCipher,
}

impl fmt::Debug for PendingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingResponse").finish_non_exhaustive()
    }
}

impl PendingResponse {
    /// Decrypts the endpoint's base64 response body.
    ///
    /// # Errors
    /// [`CryptoError::Base64`] or [`CryptoError::Authentication`].
    pub fn decrypt_response(&self, body: &str) -> Result<Vec<u8>, CryptoError> {
        self.cipher.decrypt(body)
    }
}
