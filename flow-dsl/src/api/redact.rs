//! Keeps credentials out of everything the client hands back: answer bodies (and so every
//! error, plan and lockfile built from them) and URLs shown to people.
//!
//! A server may quote the credential it received ("invalid token EAAG…"), in raw, JSON-escaped,
//! percent-encoded or Basic (`base64(user:password)`) form. Every form of every configured
//! secret, and of OAuth tokens once fetched, is replaced by [`REDACTED`] as the answer arrives,
//! before anything parses, prints or stores it.

use std::sync::RwLock;

use base64::Engine as _;
use bytes::Bytes;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// What replaces a credential.
pub(crate) const REDACTED: &str = "[REDACTED]";

/// Secrets shorter than this are not searched for: such a string also occurs in ordinary data
/// (a field name, a word), which replacing would corrupt; no provider issues one this short.
pub(crate) const MIN_SECRET_LEN: usize = 8;

/// The forms of the credentials a client holds.
#[derive(Default)]
pub(crate) struct Redactor {
    needles: RwLock<Vec<SecretString>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Redactor([REDACTED])")
    }
}

impl Redactor {
    /// Adds `secret` in all the forms a server might echo it.
    pub fn add(&self, secret: &str) {
        let mut forms = vec![secret.to_owned()];
        if let Ok(json) = serde_json::to_string(secret) {
            forms.push(json[1..json.len() - 1].to_owned());
        }
        forms.push(url::form_urlencoded::byte_serialize(secret.as_bytes()).collect());
        self.add_forms(forms);
    }

    /// Adds a Basic credential: the password alone, and `user:password` raw and in base64.
    pub fn add_basic(&self, user: &str, password: &str) {
        self.add(password);
        let pair = format!("{user}:{password}");
        let b64 = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
        self.add_forms(vec![pair, b64]);
    }

    fn add_forms(&self, forms: Vec<String>) {
        let Ok(mut needles) = self.needles.write() else {
            return;
        };
        for form in forms {
            if form.len() >= MIN_SECRET_LEN && !needles.iter().any(|n| n.expose_secret() == form) {
                needles.push(SecretString::from(form));
            }
        }
        // Longest first, so that a form containing another is replaced whole.
        needles.sort_by_key(|n| std::cmp::Reverse(n.expose_secret().len()));
    }

    /// `body` with every known form of every secret replaced by [`REDACTED`].
    pub fn bytes(&self, body: Bytes) -> Bytes {
        let Ok(needles) = self.needles.read() else {
            return body;
        };
        let mut out: Option<Vec<u8>> = None;
        for needle in needles.iter() {
            let needle = needle.expose_secret().as_bytes();
            let current = out.as_deref().unwrap_or(&body);
            if let Some(replaced) = replace_all(current, needle) {
                out = Some(replaced);
            }
        }
        out.map_or(body, Bytes::from)
    }

    /// `text` with every known form of every secret replaced.
    #[cfg(test)]
    pub fn text(&self, text: &str) -> String {
        let redacted = self.bytes(Bytes::copy_from_slice(text.as_bytes()));
        String::from_utf8_lossy(&redacted).into_owned()
    }
}

fn replace_all(haystack: &[u8], needle: &[u8]) -> Option<Vec<u8>> {
    let first = find(haystack, needle, 0)?;
    let mut out = Vec::with_capacity(haystack.len());
    let mut from = 0;
    let mut at = Some(first);
    while let Some(i) = at {
        out.extend_from_slice(&haystack[from..i]);
        out.extend_from_slice(REDACTED.as_bytes());
        from = i + needle.len();
        at = find(haystack, needle, from);
    }
    out.extend_from_slice(&haystack[from..]);
    Some(out)
}

/// The first `needle` at or after `from`. Bodies can be megabytes (flow JSON downloads): the
/// scan jumps between occurrences of the needle's first byte instead of comparing every window.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut at = from;
    loop {
        let rest = haystack.get(at..)?;
        if rest.len() < needle.len() {
            return None;
        }
        let hit = at + rest.iter().position(|&b| b == first)?;
        if haystack[hit..].starts_with(needle) {
            return Some(hit);
        }
        at = hit + 1;
    }
}

/// `url` as shown to people and stored in plans and lockfiles: no `user:password@`, and the
/// query (which may carry a token or a signature) shown as `?…`.
pub(crate) fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    let had_query = shown.query().is_some();
    shown.set_query(None);
    shown.set_fragment(None);
    let mut s = shown.to_string();
    if had_query {
        s.push_str("?…");
    }
    s
}

/// A target label with every URL in it passed through [`label_url`]: a library caller's
/// `Target::new(client, "meta:w1@https://user:pw@host")` stores no credentials either.
pub(crate) fn sanitize_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut rest = label;
    while let Some(at) = rest.find("://") {
        let start = rest[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |i| i + 1);
        let end = rest[at..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |i| at + i);
        out.push_str(&rest[..start]);
        out.push_str(&label_url(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A base URL as it goes into a target label (plans, lockfiles): unchanged when it carries
/// nothing secret, so existing lockfiles keep matching; else without userinfo and query.
pub(crate) fn label_url(raw: &str) -> String {
    let raw = raw.trim_end_matches('/');
    if raw.contains(['@', '?', '#']) {
        display_raw_url(raw).trim_end_matches('/').to_owned()
    } else {
        raw.to_owned()
    }
}

/// A URL string that may not parse, made safe to show: any `userinfo@` after the scheme is
/// removed and the query elided.
pub(crate) fn display_raw_url(raw: &str) -> String {
    if let Ok(url) = Url::parse(raw) {
        return display_url(&url);
    }
    let (scheme, rest) = raw.split_once("://").unwrap_or(("", raw));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let sep = if scheme.is_empty() { "" } else { "://" };
    format!("{scheme}{sep}{host}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_secret_is_replaced() {
        let r = Redactor::default();
        r.add("s3cr\"et/+value");
        r.add_basic("client", "pa ss:word!");
        r.add("short");
        let body = concat!(
            r#"{"a":"s3cr\"et/+value","b":"s3cr%22et%2F%2Bvalue","#,
            r#""c":"Basic Y2xpZW50OnBhIHNzOndvcmQh","d":"pa ss:word!","e":"short"}"#
        );
        let out = r.text(body);
        assert_eq!(
            out,
            r#"{"a":"[REDACTED]","b":"[REDACTED]","c":"Basic [REDACTED]","d":"[REDACTED]","e":"short"}"#
        );
        assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
        let untouched = Bytes::from_static(b"nothing to see");
        assert_eq!(r.bytes(untouched.clone()), untouched);
        // Overlapping starts, the needle at both ends, near misses.
        let r = Redactor::default();
        r.add("abcabcabd");
        assert_eq!(
            r.text("abcabcabcabdxabcabcab abcabcabd"),
            "abc[REDACTED]xabcabcab [REDACTED]"
        );
    }

    #[test]
    fn urls_lose_userinfo_and_query() {
        let u = Url::parse("https://user:pw@h.example:8443/v1/x?access_token=abc#f").unwrap();
        assert_eq!(display_url(&u), "https://h.example:8443/v1/x?…");
        assert_eq!(
            display_raw_url("http://user:pw@exa mple/a?t=1"),
            "http://exa mple/a"
        );
        assert_eq!(display_raw_url("not a url"), "not a url");
        assert_eq!(label_url("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
        assert_eq!(sanitize_label("meta:w1"), "meta:w1");
        let cleaned = sanitize_label("meta:w1@http://u:pw@127.0.0.1:8080/?token=x");
        assert!(cleaned.starts_with("meta:w1@http://"), "{cleaned}");
        assert!(
            !cleaned.contains("pw") && !cleaned.contains("token=x"),
            "{cleaned}"
        );
        assert_eq!(
            label_url("http://u:pw@127.0.0.1:8080/"),
            "http://127.0.0.1:8080"
        );
    }
}
