//! A minimal, strict PEM (RFC 7468) reader: one labelled block, base64 body, no legacy headers.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::keys::KeyError;

/// One decoded PEM block.
pub(crate) struct PemBlock {
    /// The label between `BEGIN ` and the dashes, e.g. `PRIVATE KEY`.
    pub(crate) label: String,
    /// The decoded DER bytes.
    pub(crate) der: zeroize::Zeroizing<Vec<u8>>,
}

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

/// Decodes the first PEM block of `text`.
///
/// Text before the block (comments some tools write) is ignored. OpenSSL's legacy encrypted
/// PEM (`Proc-Type: 4,ENCRYPTED` headers) is refused with [`KeyError::LegacyEncryptedPem`].
pub(crate) fn decode(text: &str) -> Result<PemBlock, KeyError> {
    let Some(start) = text.find(BEGIN) else {
        return Err(KeyError::NotPem {
            found: describe_non_pem(text),
        });
    };
    let after_begin = &text[start + BEGIN.len()..];
    let Some(label_end) = after_begin.find(DASHES) else {
        return Err(KeyError::MalformedPem(
            "BEGIN line is not terminated by dashes",
        ));
    };
    let label = after_begin[..label_end].trim().to_owned();
    let body_and_rest = &after_begin[label_end + DASHES.len()..];
    let end_marker = format!("{END}{label}{DASHES}");
    let Some(body_end) = body_and_rest.find(&end_marker) else {
        return Err(KeyError::MalformedPem("no matching END line"));
    };
    let body = &body_and_rest[..body_end];
    if body.contains(':') {
        if body.contains("Proc-Type") || body.contains("DEK-Info") {
            return Err(KeyError::LegacyEncryptedPem);
        }
        return Err(KeyError::MalformedPem(
            "unexpected header lines inside the PEM block",
        ));
    }
    let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let der = STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| KeyError::MalformedPem("the PEM body is not valid base64"))?;
    Ok(PemBlock {
        label,
        der: zeroize::Zeroizing::new(der),
    })
}

/// Encodes `der` as PEM with 64-character lines and a trailing newline.
pub(crate) fn encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 2 * label.len() + 40);
    out.push_str(BEGIN);
    out.push_str(label);
    out.push_str(DASHES);
    out.push('\n');
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(END);
    out.push_str(label);
    out.push_str(DASHES);
    out.push('\n');
    out
}

/// A short description of something that is not PEM, without echoing its content.
fn describe_non_pem(text: &str) -> String {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        "empty input".to_owned()
    } else if trimmed.starts_with("ssh-rsa") || trimmed.starts_with("-----BEGIN OPENSSH") {
        "an OpenSSH key".to_owned()
    } else if trimmed.starts_with('{') {
        "JSON (a JWK?)".to_owned()
    } else if trimmed
        .bytes()
        .any(|b| b.is_ascii_control() && !b.is_ascii_whitespace())
    {
        "binary data (DER?)".to_owned()
    } else {
        format!("{} bytes of text without a -----BEGIN line", text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let der = (0u8..=200).collect::<Vec<_>>();
        let pem = encode("PUBLIC KEY", &der);
        assert!(pem.lines().all(|l| l.len() <= 64));
        let block = decode(&format!("comment\n{pem}")).expect("decodes");
        assert_eq!(block.label, "PUBLIC KEY");
        assert_eq!(&block.der[..], &der[..]);
    }

    #[test]
    fn refuses_legacy_encryption_and_garbage() {
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert!(matches!(decode(legacy), Err(KeyError::LegacyEncryptedPem)));
        assert!(matches!(decode(""), Err(KeyError::NotPem { .. })));
        assert!(matches!(
            decode("-----BEGIN X-----\n!!\n-----END X-----"),
            Err(KeyError::MalformedPem(_))
        ));
        assert!(matches!(
            decode("-----BEGIN X-----\nAAAA\n-----END Y-----"),
            Err(KeyError::MalformedPem(_))
        ));
    }
}
