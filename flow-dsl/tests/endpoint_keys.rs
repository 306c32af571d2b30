//! PEM formats accepted and refused by `FlowPrivateKey` and `PublicKeyPem`
//! (fixtures in tests/fixtures/keys, made with OpenSSL 3).
#![cfg(feature = "endpoint")]

use flow_dsl::endpoint::{
    ClientSimulator, FlowPrivateKey, KeyError, PublicKeyPem, decrypt_request,
};

const PASS: &str = "flow-dsl-test";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// The public key every 2048-bit fixture shares, as OpenSSL wrote it.
fn expected_public() -> String {
    PublicKeyPem::parse(&fixture("public_spki.pem"))
        .expect("SPKI public key")
        .as_pem()
        .to_owned()
}

/// Proves a parsed key is the right one: a request encrypted to the fixture public key
/// decrypts.
fn assert_usable(key: &FlowPrivateKey) {
    assert_eq!(key.bits(), 2048);
    assert_eq!(key.public_key_pem().expect("public pem"), expected_public());
    let client = ClientSimulator::new(&fixture("public_spki.pem")).expect("client");
    let (req, _) = client
        .encrypt_request(b"{\"action\":\"ping\"}")
        .expect("encrypt");
    let plain = decrypt_request(key, &req).expect("decrypts");
    assert_eq!(&plain.plaintext[..], b"{\"action\":\"ping\"}");
}

#[test]
fn pkcs1_private_key() {
    assert_usable(&FlowPrivateKey::from_pem(&fixture("pkcs1.pem")).expect("PKCS#1"));
}

#[test]
fn pkcs8_private_key() {
    assert_usable(&FlowPrivateKey::from_pem(&fixture("pkcs8.pem")).expect("PKCS#8"));
}

#[test]
fn encrypted_pkcs8_private_keys() {
    for name in ["pkcs8_encrypted_aes256.pem", "pkcs8_encrypted_scrypt.pem"] {
        let pem = fixture(name);
        assert!(
            matches!(
                FlowPrivateKey::from_pem(&pem),
                Err(KeyError::PassphraseRequired)
            ),
            "{name} without passphrase"
        );
        assert!(
            matches!(
                FlowPrivateKey::from_pem_with_passphrase(&pem, "wrong"),
                Err(KeyError::Decryption(_))
            ),
            "{name} with a wrong passphrase"
        );
        let key = FlowPrivateKey::from_pem_with_passphrase(&pem, PASS)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_usable(&key);
    }
}

#[test]
fn key_files_are_read_from_disk() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keys/pkcs8.pem");
    assert_usable(&FlowPrivateKey::from_pem_file(&path, None).expect("from file"));
    let missing = path.with_file_name("does-not-exist.pem");
    assert!(matches!(
        FlowPrivateKey::from_pem_file(&missing, None),
        Err(KeyError::Io { .. })
    ));
}

#[test]
fn refused_private_key_inputs_name_what_was_found() {
    let legacy =
        FlowPrivateKey::from_pem_with_passphrase(&fixture("pkcs1_legacy_encrypted.pem"), PASS);
    assert!(
        matches!(legacy, Err(KeyError::LegacyEncryptedPem)),
        "{legacy:?}"
    );

    match FlowPrivateKey::from_pem(&fixture("certificate.pem")) {
        Err(e @ KeyError::UnsupportedPem { .. }) => {
            assert!(e.to_string().contains("CERTIFICATE"), "{e}")
        }
        other => panic!("certificate: {other:?}"),
    }
    match FlowPrivateKey::from_pem(&fixture("public_spki.pem")) {
        Err(e @ KeyError::UnsupportedPem { .. }) => {
            assert!(e.to_string().contains("`PUBLIC KEY`"), "{e}")
        }
        other => panic!("public key as private: {other:?}"),
    }
    assert!(matches!(
        FlowPrivateKey::from_pem(&fixture("ec_pkcs8.pem")),
        Err(KeyError::InvalidKey { .. })
    ));
    assert!(matches!(
        FlowPrivateKey::from_pem(&fixture("rsa1024_pkcs8.pem")),
        Err(KeyError::InvalidKey { .. } | KeyError::WrongSize { .. })
    ));
    let garbage = std::fs::read(format!(
        "{}/tests/fixtures/keys/garbage.bin",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("garbage fixture");
    let garbage = String::from_utf8_lossy(&garbage);
    assert!(matches!(
        FlowPrivateKey::from_pem(&garbage),
        Err(KeyError::NotPem { .. })
    ));
    assert!(matches!(
        FlowPrivateKey::from_pem(""),
        Err(KeyError::NotPem { .. })
    ));
    let truncated = fixture("pkcs8.pem").replace("-----END PRIVATE KEY-----", "");
    assert!(matches!(
        FlowPrivateKey::from_pem(&truncated),
        Err(KeyError::MalformedPem(_))
    ));
    let corrupt = fixture("pkcs8.pem").replacen("MII", "MIJ", 1);
    assert!(matches!(
        FlowPrivateKey::from_pem(&corrupt),
        Err(KeyError::InvalidKey { .. })
    ));
}

#[test]
fn errors_and_debug_never_show_key_material() {
    let pem = fixture("pkcs8.pem");
    let body_line = pem.lines().nth(1).expect("body line").to_owned();
    let key = FlowPrivateKey::from_pem(&pem).expect("key");
    let shown = format!("{key:?}");
    assert_eq!(shown, "FlowPrivateKey { bits: 2048, .. }");
    let corrupt = pem.replacen("MII", "MIJ", 1);
    let err = FlowPrivateKey::from_pem(&corrupt).unwrap_err();
    assert!(!err.to_string().contains(&body_line[4..20]), "{err}");
}

#[test]
fn public_key_check_for_upload() {
    let spki = PublicKeyPem::parse(&fixture("public_spki.pem")).expect("SPKI");
    let pkcs1 = PublicKeyPem::parse(&fixture("public_pkcs1.pem")).expect("PKCS#1 public");
    assert_eq!(spki, pkcs1, "both normalise to the same SPKI PEM");
    assert_eq!(spki.bits(), 2048);
    assert_eq!(spki.as_pem(), fixture("public_spki.pem"));
    assert!(matches!(
        PublicKeyPem::parse(&fixture("rsa1024_public.pem")),
        Err(KeyError::WrongSize {
            bits: 1024,
            expected: 2048
        })
    ));
    match PublicKeyPem::parse(&fixture("pkcs8.pem")) {
        Err(e @ KeyError::UnsupportedPem { .. }) => {
            assert!(e.to_string().contains("never upload"), "{e}")
        }
        other => panic!("private key as public: {other:?}"),
    }
    assert!(matches!(
        PublicKeyPem::parse(&fixture("certificate.pem")),
        Err(KeyError::UnsupportedPem { .. })
    ));
    assert!(matches!(
        PublicKeyPem::parse("hello"),
        Err(KeyError::NotPem { .. })
    ));
}

/// Key files whose key-derivation settings would hang start-up for minutes, or abort the process
/// on a petabyte allocation, are refused before any derivation runs.
#[test]
fn hostile_key_derivation_settings_are_refused_quickly() {
    let files = [
        // scrypt N = 2^40, r = 8: 128·r·N bytes is a petabyte.
        (
            "scrypt memory",
            "MG8wWwYJKoZIhvcNAQUNME4wLQYJKwYBBAHaRwQLMCAEEAEBAQEBAQEBAQEBAQEBAQECBgEAAAAAAAIBCAIBATAdBglghkgBZQMEASoEEAcHBwcHBwcHBwcHBwcHBwcEEAAAAAAAAAAAAAAAAAAAAAA=",
        ),
        // PBKDF2 with 4,294,967,295 iterations.
        (
            "PBKDF2 iterations",
            "MGgwVAYJKoZIhvcNAQUNMEcwJgYJKoZIhvcNAQUMMBkEEAEBAQEBAQEBAQEBAQEBAQECBQD/////MB0GCWCGSAFlAwQBKgQQBwcHBwcHBwcHBwcHBwcHBwQQAAAAAAAAAAAAAAAAAAAAAA==",
        ),
        // scrypt N = 2^14, r = 8, p = 65,535.
        (
            "scrypt passes",
            "MG0wWQYJKoZIhvcNAQUNMEwwKwYJKwYBBAHaRwQLMB4EEAEBAQEBAQEBAQEBAQEBAQECAkAAAgEIAgMA//8wHQYJYIZIAWUDBAEqBBAHBwcHBwcHBwcHBwcHBwcHBBAAAAAAAAAAAAAAAAAAAAAA",
        ),
    ];
    for (what, body) in files {
        let pem = format!(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n{body}\n-----END ENCRYPTED PRIVATE KEY-----\n"
        );
        match FlowPrivateKey::from_pem_with_passphrase(&pem, "secret") {
            Err(KeyError::Decryption(reason)) => {
                assert!(reason.contains("key file asks"), "{what}: {reason}");
                assert!(reason.contains("re-encrypt"), "{what}: {reason}");
            }
            other => panic!("{what}: expected a refusal, got {other:?}"),
        }
    }
}
