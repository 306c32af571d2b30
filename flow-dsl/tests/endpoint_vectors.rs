//! Known-answer vectors of ../shared/vectors/flow-endpoint.json (from pywa's test suite).
//! The file must exist: these tests fail, never skip, when it is missing.
#![cfg(feature = "endpoint")]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use flow_dsl::endpoint::{
    CryptoError, EncryptedRequest, EncryptionMetadata, FlowPrivateKey, MediaError, ResponseCipher,
    decrypt_media, decrypt_request, unwrap_aes_key,
};
use serde_json::Value;

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/vectors/flow-endpoint.json"
);

fn vectors() -> Value {
    let text = std::fs::read_to_string(VECTORS).unwrap_or_else(|e| {
        panic!("known-answer vectors missing at {VECTORS}: {e} (they are required, not optional)")
    });
    serde_json::from_str(&text).expect("vectors file is JSON")
}

fn key(v: &Value) -> FlowPrivateKey {
    FlowPrivateKey::from_pem_with_passphrase(
        v["rsa_private_key_pem"].as_str().expect("pem"),
        v["rsa_private_key_password"].as_str().expect("password"),
    )
    .expect("the vector key (encrypted PKCS#8, DES-EDE3-CBC) parses")
}

fn request(v: &Value) -> EncryptedRequest {
    serde_json::from_value(v["request"].clone()).expect("request envelope")
}

#[test]
fn request_decrypts_to_the_known_plaintext() {
    let v = vectors();
    let decrypted = decrypt_request(&key(&v), &request(&v)).expect("decrypts");
    let json: Value = serde_json::from_slice(&decrypted.plaintext).expect("JSON");
    assert_eq!(json, v["request_decrypted"]);
}

#[test]
fn response_encrypts_to_the_known_ciphertext() {
    let v = vectors();
    let decrypted = decrypt_request(&key(&v), &request(&v)).expect("decrypts");
    let plaintext = v["response_plaintext_json"].as_str().expect("plaintext");
    let body = decrypted
        .cipher
        .encrypt(plaintext.as_bytes())
        .expect("encrypts");
    assert_eq!(
        body,
        v["response_encrypted_b64"].as_str().expect("expected")
    );

    // The same answer from the raw key and IV, through the public constructor.
    let wrapped = STANDARD
        .decode(v["request"]["encrypted_aes_key"].as_str().expect("key"))
        .expect("b64");
    let aes = unwrap_aes_key(&key(&v), &wrapped).expect("unwraps");
    let iv: [u8; 16] = STANDARD
        .decode(v["request"]["initial_vector"].as_str().expect("iv"))
        .expect("b64")
        .try_into()
        .expect("16 bytes");
    let body = ResponseCipher::new(*aes, iv)
        .encrypt(plaintext.as_bytes())
        .expect("encrypts");
    assert_eq!(
        body,
        v["response_encrypted_b64"].as_str().expect("expected")
    );
}

#[test]
fn tampered_request_fails_authentication() {
    let v = vectors();
    let mut req = request(&v);
    let mut data = STANDARD.decode(&req.encrypted_flow_data).expect("b64");
    data[3] ^= 1;
    req.encrypted_flow_data = STANDARD.encode(&data);
    assert_eq!(
        decrypt_request(&key(&v), &req).unwrap_err(),
        CryptoError::Authentication
    );
    let mut req = request(&v);
    let mut wrapped = STANDARD.decode(&req.encrypted_aes_key).expect("b64");
    wrapped[10] ^= 1;
    req.encrypted_aes_key = STANDARD.encode(&wrapped);
    assert_eq!(
        decrypt_request(&key(&v), &req).unwrap_err(),
        CryptoError::KeyUnwrap
    );
}

#[test]
fn wrong_passphrase_is_a_typed_error() {
    let v = vectors();
    let err = FlowPrivateKey::from_pem_with_passphrase(
        v["rsa_private_key_pem"].as_str().expect("pem"),
        "not-pywa",
    )
    .unwrap_err();
    assert!(
        matches!(err, flow_dsl::endpoint::KeyError::Decryption(_)),
        "{err}"
    );
}

fn media(v: &Value) -> (Vec<u8>, EncryptionMetadata, Vec<u8>) {
    let m = &v["media"];
    (
        STANDARD
            .decode(m["cdn_file_b64"].as_str().expect("file"))
            .expect("b64"),
        serde_json::from_value(m["encryption_metadata"].clone()).expect("metadata"),
        STANDARD
            .decode(m["plaintext_b64"].as_str().expect("plain"))
            .expect("b64"),
    )
}

#[test]
fn media_decrypts_to_the_known_plaintext() {
    let v = vectors();
    let (file, meta, plaintext) = media(&v);
    assert_eq!(decrypt_media(&file, &meta).expect("decrypts"), plaintext);
}

#[test]
fn media_checks_hashes_and_hmac() {
    let v = vectors();
    let (file, meta, _) = media(&v);
    let mut tampered = file.clone();
    tampered[0] ^= 1;
    assert_eq!(
        decrypt_media(&tampered, &meta),
        Err(MediaError::EncryptedHash)
    );

    // A file whose outer hash is recomputed still fails the HMAC.
    let sha = |b: &[u8]| STANDARD.encode(sha256(b));
    let forged_meta = EncryptionMetadata {
        encrypted_hash: sha(&tampered),
        ..meta.clone()
    };
    assert_eq!(
        decrypt_media(&tampered, &forged_meta),
        Err(MediaError::Hmac)
    );

    let wrong_plain = EncryptionMetadata {
        plaintext_hash: meta.encrypted_hash.clone(),
        ..meta.clone()
    };
    assert_eq!(
        decrypt_media(&file, &wrong_plain),
        Err(MediaError::PlaintextHash)
    );
    assert_eq!(decrypt_media(&file[..5], &meta), Err(MediaError::TooShort));
    let bad_key = EncryptionMetadata {
        encryption_key: "AAAA".into(),
        ..meta
    };
    assert_eq!(
        decrypt_media(&file, &bad_key),
        Err(MediaError::Metadata("encryption_key"))
    );
}

/// SHA-256 (sha2 is already a dependency of the crate).
fn sha256(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).to_vec()
}
