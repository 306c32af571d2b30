//! Decryption of media uploaded through PhotoPicker / DocumentPicker (§H.2 of the spec).
//!
//! The CDN file is `ciphertext || hmac10`. Checks, in order: SHA-256 of the whole file equals
//! `encrypted_hash`; HMAC-SHA256(`hmac_key`, `iv || ciphertext`) truncated to 10 bytes equals
//! the trailing 10 bytes (constant time); AES-256-CBC with PKCS#7 padding; SHA-256 of the
//! plaintext equals `plaintext_hash`. All in aws-lc-rs.

use aws_lc_rs::cipher::{AES_256, DecryptionContext, PaddedBlockDecryptingKey, UnboundCipherKey};
use aws_lc_rs::constant_time::verify_slices_are_equal;
use aws_lc_rs::digest::{SHA256, digest};
use aws_lc_rs::hmac;
use aws_lc_rs::iv::FixedLength;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Length of the truncated HMAC at the end of a media file.
const MAC_LEN: usize = 10;

/// `encryption_metadata` of a media value in a request (all fields base64).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptionMetadata {
    /// SHA-256 of the downloaded file.
    pub encrypted_hash: String,
    /// AES-CBC IV (16 bytes).
    pub iv: String,
    /// AES-256 key.
    pub encryption_key: String,
    /// HMAC-SHA256 key.
    pub hmac_key: String,
    /// SHA-256 of the decrypted file.
    pub plaintext_hash: String,
}

impl std::fmt::Debug for EncryptionMetadata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncryptionMetadata")
            .field("encrypted_hash", &self.encrypted_hash)
            .field("plaintext_hash", &self.plaintext_hash)
            .finish_non_exhaustive()
    }
}

/// One media value of a PhotoPicker / DocumentPicker answer in a request's `data`.
///
/// ```
/// use flow_dsl::endpoint::MediaValue;
///
/// let v: MediaValue = serde_json::from_value(serde_json::json!({
///     "media_id": "m1", "cdn_url": "https://cdn.example/f", "file_name": "a.jpg",
///     "encryption_metadata": {"encrypted_hash": "", "iv": "", "encryption_key": "",
///                             "hmac_key": "", "plaintext_hash": ""}
/// }))?;
/// assert_eq!(v.file_name, "a.jpg");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaValue {
    /// WhatsApp media id.
    pub media_id: String,
    /// Where to download the encrypted file.
    pub cdn_url: String,
    /// Original file name.
    pub file_name: String,
    /// Keys and hashes to decrypt and check it.
    pub encryption_metadata: EncryptionMetadata,
}

/// Why a media file could not be decrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MediaError {
    /// A metadata field is not valid base64 or has the wrong length.
    #[error("encryption_metadata.{0} is not valid (base64, length)")]
    Metadata(&'static str),
    /// The file is shorter than the MAC.
    #[error("the file is too short to hold a MAC")]
    TooShort,
    /// SHA-256 of the file differs from `encrypted_hash`.
    #[error("sha256 of the downloaded file does not match encrypted_hash")]
    EncryptedHash,
    /// The HMAC does not match.
    #[error("the HMAC of the file does not match")]
    Hmac,
    /// AES-CBC decryption or PKCS#7 unpadding failed.
    #[error("AES-256-CBC decryption failed")]
    Decrypt,
    /// SHA-256 of the plaintext differs from `plaintext_hash`.
    #[error("sha256 of the decrypted file does not match plaintext_hash")]
    PlaintextHash,
}

/// Checks and decrypts a downloaded media file.
///
/// ```no_run
/// use flow_dsl::endpoint::{MediaValue, decrypt_media};
/// # fn demo(value: &MediaValue, downloaded: &[u8]) -> Result<(), flow_dsl::endpoint::MediaError> {
/// let bytes = decrypt_media(downloaded, &value.encryption_metadata)?;
/// # let _ = bytes; Ok(()) }
/// ```
///
/// # Errors
/// A [`MediaError`] for the first check that fails.
pub fn decrypt_media(file: &[u8], meta: &EncryptionMetadata) -> Result<Vec<u8>, MediaError> {
    let encrypted_hash = b64(&meta.encrypted_hash, "encrypted_hash")?;
    let iv: [u8; 16] = b64(&meta.iv, "iv")?
        .try_into()
        .map_err(|_| MediaError::Metadata("iv"))?;
    let enc_key = Zeroizing::new(b64(&meta.encryption_key, "encryption_key")?);
    let hmac_key = Zeroizing::new(b64(&meta.hmac_key, "hmac_key")?);
    let plaintext_hash = b64(&meta.plaintext_hash, "plaintext_hash")?;
    if enc_key.len() != 32 {
        return Err(MediaError::Metadata("encryption_key"));
    }
    if file.len() < MAC_LEN {
        return Err(MediaError::TooShort);
    }
    verify_slices_are_equal(digest(&SHA256, file).as_ref(), &encrypted_hash)
        .map_err(|_| MediaError::EncryptedHash)?;
    let (ciphertext, mac) = file.split_at(file.len() - MAC_LEN);
    let key = hmac::Key::new(hmac::HMAC_SHA256, &hmac_key);
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(&iv);
    ctx.update(ciphertext);
    let tag = ctx.sign();
    verify_slices_are_equal(&tag.as_ref()[..MAC_LEN], mac).map_err(|_| MediaError::Hmac)?;
    let cipher_key = UnboundCipherKey::new(&AES_256, &enc_key).map_err(|_| MediaError::Decrypt)?;
    let decrypting =
        PaddedBlockDecryptingKey::cbc_pkcs7(cipher_key).map_err(|_| MediaError::Decrypt)?;
    let mut buf = ciphertext.to_vec();
    let len = decrypting
        .decrypt(&mut buf, DecryptionContext::Iv128(FixedLength::from(iv)))
        .map_err(|_| MediaError::Decrypt)?
        .len();
    buf.truncate(len);
    verify_slices_are_equal(digest(&SHA256, &buf).as_ref(), &plaintext_hash)
        .map_err(|_| MediaError::PlaintextHash)?;
    Ok(buf)
}

fn b64(value: &str, field: &'static str) -> Result<Vec<u8>, MediaError> {
    STANDARD
        .decode(value.trim())
        .map_err(|_| MediaError::Metadata(field))
}
