//! The business RSA key pair: parsing, generation and the public-key check used before upload.
//!
//! All RSA operations run in aws-lc-rs. The `pkcs8` crate is only used to open the
//! `ENCRYPTED PRIVATE KEY` container (PBES2) and to write one.

use std::fmt;
use std::path::Path;

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
use aws_lc_rs::rsa::{
    KeyPair, KeySize, OAEP_SHA256_MGF1SHA256, OaepPrivateDecryptingKey, PrivateDecryptingKey,
    PublicKey,
};
use zeroize::Zeroizing;

use super::pem;

/// Size in bits of the RSA keys WhatsApp accepts for Flows endpoints.
pub const RSA_KEY_BITS: usize = 2048;

/// Why a key could not be read.
///
/// Messages name what was found (PEM label, format) but never include key material.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The input has no `-----BEGIN` line.
    #[error("not a PEM document: found {found}")]
    NotPem {
        /// What the input looked like.
        found: String,
    },
    /// The PEM framing or base64 body is broken.
    #[error("malformed PEM: {0}")]
    MalformedPem(&'static str),
    /// OpenSSL's legacy `Proc-Type: 4,ENCRYPTED` PEM encryption.
    #[error(
        "legacy OpenSSL-encrypted PEM (Proc-Type header) is not supported; convert it with \
         `openssl pkcs8 -topk8 -v2 aes-256-cbc` to an ENCRYPTED PRIVATE KEY"
    )]
    LegacyEncryptedPem,
    /// A PEM block with a label this function does not accept.
    #[error("unsupported PEM block `{label}`: expected {expected}")]
    UnsupportedPem {
        /// The label that was found, e.g. `CERTIFICATE`.
        label: String,
        /// What was expected instead.
        expected: &'static str,
    },
    /// An `ENCRYPTED PRIVATE KEY` was given without a passphrase.
    #[error("the key is an ENCRYPTED PRIVATE KEY; a passphrase is required")]
    PassphraseRequired,
    /// Decrypting an `ENCRYPTED PRIVATE KEY` failed.
    #[error(
        "could not decrypt the ENCRYPTED PRIVATE KEY (wrong passphrase or unsupported scheme): {0}"
    )]
    Decryption(String),
    /// The DER inside the PEM is not a usable RSA key of this kind.
    #[error("the {label} block does not hold a usable RSA key: {reason}")]
    InvalidKey {
        /// The PEM label.
        label: String,
        /// What aws-lc-rs or the parser reported.
        reason: String,
    },
    /// The key has the wrong size.
    #[error("the RSA key has {bits} bits; WhatsApp Flows requires {expected}")]
    WrongSize {
        /// Size found.
        bits: usize,
        /// Size required.
        expected: usize,
    },
    /// The key could not be generated or encoded.
    #[error("key generation or encoding failed: {0}")]
    Generation(String),
    /// Reading a key file failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// The business private key, parsed once and reused for every request.
///
/// Accepts PEM `RSA PRIVATE KEY` (PKCS#1), `PRIVATE KEY` (PKCS#8) and `ENCRYPTED PRIVATE KEY`
/// (PKCS#8 with PBES2: PBKDF2 or scrypt, AES-CBC or DES-EDE3-CBC). Its `Debug` output never
/// shows key material.
///
/// ```
/// use flow_dsl::endpoint::FlowPrivateKey;
///
/// let key = FlowPrivateKey::generate()?;
/// let pem = key.to_pkcs8_pem()?;
/// let again = FlowPrivateKey::from_pem(&pem)?;
/// assert_eq!(again.public_key_pem()?, key.public_key_pem()?);
/// assert_eq!(format!("{key:?}"), "FlowPrivateKey { bits: 2048, .. }");
/// # Ok::<(), flow_dsl::endpoint::KeyError>(())
/// ```
pub struct FlowPrivateKey {
    oaep: OaepPrivateDecryptingKey,
    /// The same key (shared aws-lc handle), kept for exporting the public half and PKCS#8.
    private: PrivateDecryptingKey,
    bits: usize,
}

impl fmt::Debug for FlowPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlowPrivateKey")
            .field("bits", &self.bits)
            .finish_non_exhaustive()
    }
}

impl FlowPrivateKey {
    /// Parses an unencrypted PEM private key (PKCS#1 or PKCS#8).
    ///
    /// # Errors
    /// [`KeyError::PassphraseRequired`] for an encrypted key, other [`KeyError`]s for anything
    /// that is not an RSA private key.
    pub fn from_pem(pem_text: &str) -> Result<Self, KeyError> {
        Self::parse(pem_text, None)
    }

    /// Parses a PEM private key, decrypting it with `passphrase` when it is an
    /// `ENCRYPTED PRIVATE KEY` (the passphrase is ignored for unencrypted keys).
    ///
    /// # Errors
    /// [`KeyError::Decryption`] for a wrong passphrase, other [`KeyError`]s as for
    /// [`FlowPrivateKey::from_pem`].
    pub fn from_pem_with_passphrase(
        pem_text: &str,
        passphrase: impl AsRef<[u8]>,
    ) -> Result<Self, KeyError> {
        Self::parse(pem_text, Some(passphrase.as_ref()))
    }

    /// Reads and parses a PEM file; see [`FlowPrivateKey::from_pem_with_passphrase`].
    ///
    /// # Errors
    /// [`KeyError::Io`] when the file cannot be read, else as for parsing.
    pub fn from_pem_file(path: &Path, passphrase: Option<&[u8]>) -> Result<Self, KeyError> {
        let text =
            Zeroizing::new(
                std::fs::read_to_string(path).map_err(|source| KeyError::Io {
                    path: path.display().to_string(),
                    source,
                })?,
            );
        Self::parse(&text, passphrase)
    }

    /// Generates a fresh 2048-bit key pair (the size WhatsApp requires).
    ///
    /// # Errors
    /// [`KeyError::Generation`] if aws-lc-rs fails.
    pub fn generate() -> Result<Self, KeyError> {
        let key = PrivateDecryptingKey::generate(KeySize::Rsa2048)
            .map_err(|e| KeyError::Generation(e.to_string()))?;
        Self::from_decrypting_key(key, "generated")
    }

    fn parse(pem_text: &str, passphrase: Option<&[u8]>) -> Result<Self, KeyError> {
        let block = pem::decode(pem_text)?;
        match block.label.as_str() {
            "PRIVATE KEY" => Self::from_pkcs8_der(&block.der, "PRIVATE KEY"),
            "RSA PRIVATE KEY" => {
                let pair = KeyPair::from_der(&block.der).map_err(|e| KeyError::InvalidKey {
                    label: block.label.clone(),
                    reason: e.to_string(),
                })?;
                let pkcs8: Pkcs8V1Der<'static> =
                    pair.as_der().map_err(|e| KeyError::InvalidKey {
                        label: block.label.clone(),
                        reason: e.to_string(),
                    })?;
                Self::from_pkcs8_der(pkcs8.as_ref(), "RSA PRIVATE KEY")
            }
            "ENCRYPTED PRIVATE KEY" => {
                let passphrase = passphrase.ok_or(KeyError::PassphraseRequired)?;
                let info =
                    pkcs8::EncryptedPrivateKeyInfo::try_from(&block.der[..]).map_err(|e| {
                        KeyError::InvalidKey {
                            label: block.label.clone(),
                            reason: e.to_string(),
                        }
                    })?;
                check_key_derivation(&info.encryption_algorithm).map_err(KeyError::Decryption)?;
                let doc = info
                    .decrypt(passphrase)
                    .map_err(|e| KeyError::Decryption(e.to_string()))?;
                Self::from_pkcs8_der(doc.as_bytes(), "ENCRYPTED PRIVATE KEY")
            }
            other => Err(KeyError::UnsupportedPem {
                label: other.to_owned(),
                expected: "RSA PRIVATE KEY (PKCS#1), PRIVATE KEY (PKCS#8) or ENCRYPTED PRIVATE KEY",
            }),
        }
    }

    fn from_pkcs8_der(der: &[u8], label: &str) -> Result<Self, KeyError> {
        let key = PrivateDecryptingKey::from_pkcs8(der).map_err(|e| KeyError::InvalidKey {
            label: label.to_owned(),
            reason: e.to_string(),
        })?;
        Self::from_decrypting_key(key, label)
    }

    fn from_decrypting_key(key: PrivateDecryptingKey, label: &str) -> Result<Self, KeyError> {
        let bits = key.key_size_bits();
        if bits < RSA_KEY_BITS {
            return Err(KeyError::WrongSize {
                bits,
                expected: RSA_KEY_BITS,
            });
        }
        let private = key.clone();
        let oaep = OaepPrivateDecryptingKey::new(key).map_err(|e| KeyError::InvalidKey {
            label: label.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            oaep,
            private,
            bits,
        })
    }

    /// Size of the RSA modulus in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// RSA-OAEP (SHA-256, MGF1-SHA-256, empty label) decryption of `ciphertext`.
    ///
    /// Returns the plaintext in a buffer that is wiped when dropped.
    pub(crate) fn oaep_decrypt(&self, ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let mut out = Zeroizing::new(vec![0u8; self.oaep.min_output_size()]);
        let len = self
            .oaep
            .decrypt(&OAEP_SHA256_MGF1SHA256, ciphertext, &mut out, None)
            .ok()?
            .len();
        out.truncate(len);
        Some(out)
    }

    /// The public half as an X.509 `SubjectPublicKeyInfo` PEM (`BEGIN PUBLIC KEY`), the form
    /// uploaded to WhatsApp.
    ///
    /// # Errors
    /// [`KeyError::Generation`] if encoding fails.
    pub fn public_key_pem(&self) -> Result<String, KeyError> {
        let public = self.private.public_key();
        let der: PublicKeyX509Der<'static> = public
            .as_der()
            .map_err(|e| KeyError::Generation(e.to_string()))?;
        Ok(pem::encode("PUBLIC KEY", der.as_ref()))
    }

    /// The key as an unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`), wiped when dropped.
    ///
    /// # Errors
    /// [`KeyError::Generation`] if encoding fails.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        let der = self.pkcs8_der()?;
        Ok(Zeroizing::new(pem::encode("PRIVATE KEY", &der)))
    }

    /// The key as an `ENCRYPTED PRIVATE KEY` PEM: PBES2 with PBKDF2-HMAC-SHA256
    /// (`iterations` rounds, random 16-byte salt) and AES-256-CBC.
    ///
    /// # Errors
    /// [`KeyError::Generation`] if encoding or encryption fails.
    pub fn to_encrypted_pkcs8_pem(
        &self,
        passphrase: impl AsRef<[u8]>,
        iterations: u32,
    ) -> Result<Zeroizing<String>, KeyError> {
        use pkcs8::der::Decode as _;
        let der = self.pkcs8_der()?;
        let info = pkcs8::PrivateKeyInfo::from_der(&der)
            .map_err(|e| KeyError::Generation(e.to_string()))?;
        let mut salt = [0u8; 16];
        let mut iv = [0u8; 16];
        aws_lc_rs::rand::fill(&mut salt).map_err(|e| KeyError::Generation(e.to_string()))?;
        aws_lc_rs::rand::fill(&mut iv).map_err(|e| KeyError::Generation(e.to_string()))?;
        let params =
            pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(iterations, &salt, &iv)
                .map_err(|e| KeyError::Generation(e.to_string()))?;
        let doc = info
            .encrypt_with_params(params, passphrase)
            .map_err(|e| KeyError::Generation(e.to_string()))?;
        Ok(Zeroizing::new(pem::encode(
            "ENCRYPTED PRIVATE KEY",
            doc.as_bytes(),
        )))
    }

    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let der: Pkcs8V1Der<'static> = self
            .private
            .as_der()
            .map_err(|e| KeyError::Generation(e.to_string()))?;
        Ok(Zeroizing::new(der.as_ref().to_vec()))
    }
}

/// A checked RSA public key, ready to be uploaded to WhatsApp (§G.1 #11 of the spec).
///
/// ```
/// use flow_dsl::endpoint::{FlowPrivateKey, PublicKeyPem};
///
/// let key = FlowPrivateKey::generate()?;
/// let checked = PublicKeyPem::parse(&key.public_key_pem()?)?;
/// assert_eq!(checked.bits(), 2048);
/// assert!(checked.as_pem().starts_with("-----BEGIN PUBLIC KEY-----"));
/// # Ok::<(), flow_dsl::endpoint::KeyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyPem {
    pem: String,
    bits: usize,
}

impl PublicKeyPem {
    /// Parses a `PUBLIC KEY` (X.509 SPKI) or `RSA PUBLIC KEY` (PKCS#1) PEM, requires a 2048-bit
    /// RSA key and normalises it to an SPKI `PUBLIC KEY` PEM.
    ///
    /// # Errors
    /// [`KeyError::UnsupportedPem`] for private keys, certificates and other blocks;
    /// [`KeyError::WrongSize`] for keys other than 2048 bits.
    pub fn parse(pem_text: &str) -> Result<Self, KeyError> {
        let block = pem::decode(pem_text)?;
        match block.label.as_str() {
            "PUBLIC KEY" | "RSA PUBLIC KEY" => {}
            other => {
                return Err(KeyError::UnsupportedPem {
                    label: other.to_owned(),
                    expected: if other.contains("PRIVATE") {
                        "a PUBLIC KEY (this is a private key: never upload it)"
                    } else {
                        "PUBLIC KEY (X.509 SubjectPublicKeyInfo) or RSA PUBLIC KEY (PKCS#1)"
                    },
                });
            }
        }
        let key = PublicKey::from_der(&block.der).map_err(|e| KeyError::InvalidKey {
            label: block.label.clone(),
            reason: e.to_string(),
        })?;
        let bits = key.modulus_len() * 8;
        if bits != RSA_KEY_BITS {
            return Err(KeyError::WrongSize {
                bits,
                expected: RSA_KEY_BITS,
            });
        }
        let der: PublicKeyX509Der<'static> = key.as_der().map_err(|e| KeyError::InvalidKey {
            label: block.label.clone(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            pem: pem::encode("PUBLIC KEY", der.as_ref()),
            bits,
        })
    }

    /// Reads a file and checks it with [`PublicKeyPem::parse`].
    ///
    /// # Errors
    /// [`KeyError::Io`] when the file cannot be read, else as for parsing.
    pub fn read(path: &Path) -> Result<Self, KeyError> {
        let text = std::fs::read_to_string(path).map_err(|source| KeyError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    /// The normalised `BEGIN PUBLIC KEY` PEM text.
    pub fn as_pem(&self) -> &str {
        &self.pem
    }

    /// The modulus size in bits (always 2048 once parsed).
    pub fn bits(&self) -> usize {
        self.bits
    }
}

/// PBKDF2 iterations an encrypted key file may ask for (OpenSSL writes 2,048; 10 M is seconds).
const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// Memory scrypt may use, `128 · r · N` bytes (OpenSSL's default setting uses 16 MiB).
const MAX_SCRYPT_MEMORY: u64 = 1 << 30;
/// scrypt passes (`p`), each costing the full memory-hard work again.
const MAX_SCRYPT_PARALLELISM: u16 = 16;

/// Refuses key-derivation settings that would take minutes or abort the process.
///
/// The settings come from the key file and are passed on as they are: 4 billion PBKDF2
/// iterations is a seven-minute hang at start-up, and scrypt with N = 2⁴⁰ asks for a petabyte,
/// which aborts the process (an allocation failure is not a panic that can be caught).
fn check_key_derivation(scheme: &pkcs8::pkcs5::EncryptionScheme<'_>) -> Result<(), String> {
    use pkcs8::pkcs5::{EncryptionScheme, pbes2::Kdf};
    let EncryptionScheme::Pbes2(params) = scheme else {
        return Ok(()); // PBES1 is refused by the decryption itself.
    };
    let fix = "re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`, or make a new one with `flow-dsl keygen --passphrase-env`";
    match &params.kdf {
        Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ITERATIONS => Err(format!(
            "the key file asks for {} PBKDF2 iterations (at most {MAX_PBKDF2_ITERATIONS} are accepted); {fix}",
            p.iteration_count
        )),
        Kdf::Scrypt(p) => {
            let memory = 128u64
                .saturating_mul(u64::from(p.block_size))
                .saturating_mul(p.cost_parameter);
            if memory > MAX_SCRYPT_MEMORY || p.parallelization > MAX_SCRYPT_PARALLELISM {
                Err(format!(
                    "the key file asks scrypt for N = {}, r = {}, p = {} ({memory} bytes of memory; at most {MAX_SCRYPT_MEMORY} bytes and p = {MAX_SCRYPT_PARALLELISM} are accepted); {fix}",
                    p.cost_parameter, p.block_size, p.parallelization
                ))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}
