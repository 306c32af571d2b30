//! Which redirects the client follows, and with what.
//!
//! reqwest's own policy would re-send a 307/308 body (SERPRO's OAuth form carries the
//! `client_secret`) to any origin, and follows `http://` to any host, bypassing the
//! "plain http only to loopback" rule. The transport therefore follows redirects itself and
//! asks [`decide`] at every hop:
//!
//! - every hop must pass the http policy ([`check_secure`]);
//! - a request carrying credentials (every provider's auth header: Bearer, AccessKey, Basic,
//!   and the OAuth bearer) follows a redirect within its origin with them; to another origin it
//!   is refused, unless the client allows cross-origin redirects, and then it goes
//!   **without** credentials;
//! - a request carrying no credentials (a download URL) follows redirects anywhere (https);
//! - the OAuth token request, whose body is the credential, follows no redirect at all.

use reqwest::{Method, StatusCode};
use url::Url;

use super::redact::display_url;
use super::transport::check_secure;
use super::{ApiError, Provider};

/// Most redirects followed for one request.
pub(crate) const MAX_REDIRECTS: usize = 5;

/// Whether `status` asks to follow `Location`.
pub(crate) fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// How the next hop is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hop {
    /// The next URL.
    pub url: Url,
    /// The next method: 303 (and 301/302 after a POST) become a GET without body.
    pub method: Method,
    /// Whether the body is sent again (307/308).
    pub keep_body: bool,
    /// Whether the credentials are sent again.
    pub with_credentials: bool,
}

/// A client's redirect settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Policy {
    /// For errors.
    pub provider: Provider,
    /// Follow redirects to another origin (without credentials).
    pub allow_cross_origin: bool,
}

impl Policy {
    /// Decides the hop after `status` with `location` from `current`. `origin` is the URL of
    /// the first request; `credentials` whether the current request carries them.
    pub(crate) fn decide(
        &self,
        origin: &Url,
        current: &Url,
        method: &Method,
        status: u16,
        location: &str,
        credentials: bool,
    ) -> Result<Hop, ApiError> {
        decide(
            *self,
            origin,
            current,
            method,
            (status, location),
            credentials,
        )
    }
}

fn decide(
    Policy {
        provider,
        allow_cross_origin,
    }: Policy,
    origin: &Url,
    current: &Url,
    method: &Method,
    (status, location): (u16, &str),
    credentials: bool,
) -> Result<Hop, ApiError> {
    let refused = |to: String, reason: &str| ApiError::RedirectRefused {
        provider,
        location: to,
        reason: reason.to_owned(),
    };
    let next = current
        .join(location)
        .map_err(|_| refused(String::new(), "the Location header is not a URL"))?;
    check_secure(&next)?;
    let same_origin = next.origin() == origin.origin();
    if credentials && !same_origin && !allow_cross_origin {
        return Err(refused(
            display_url(&next),
            "it leads to another origin and the request carries credentials \
             (allow it with ClientOptions::follow_cross_origin_redirects, which then sends no credentials)",
        ));
    }
    let to_get = status == StatusCode::SEE_OTHER.as_u16()
        || (matches!(status, 301 | 302) && *method == Method::POST);
    Ok(Hop {
        url: next,
        method: if to_get { Method::GET } else { method.clone() },
        keep_body: !to_get,
        with_credentials: credentials && same_origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(location: &str, status: u16, credentials: bool, allow: bool) -> Result<Hop, ApiError> {
        let origin = Url::parse("https://api.example/v1/flows").unwrap();
        let policy = Policy {
            provider: Provider::Meta,
            allow_cross_origin: allow,
        };
        policy.decide(
            &origin,
            &origin,
            &Method::POST,
            status,
            location,
            credentials,
        )
    }

    #[test]
    fn same_origin_keeps_credentials_cross_origin_is_refused_or_stripped() {
        let h = hop("/v1/other", 307, true, false).unwrap();
        assert!(h.with_credentials && h.keep_body && h.method == Method::POST);
        assert!(matches!(
            hop("https://evil.example/x", 307, true, false),
            Err(ApiError::RedirectRefused { .. })
        ));
        // Another port or scheme is another origin.
        assert!(hop("https://api.example:444/x", 308, true, false).is_err());
        let h = hop("https://cdn.example/x", 307, true, true).unwrap();
        assert!(!h.with_credentials);
        let h = hop("https://cdn.example/x", 302, false, false).unwrap();
        assert!(!h.with_credentials && !h.keep_body && h.method == Method::GET);
        let h = hop("/x", 303, true, false).unwrap();
        assert_eq!(h.method, Method::GET);
    }

    #[test]
    fn plain_http_off_loopback_stays_refused() {
        for (creds, allow) in [(true, true), (false, false)] {
            assert!(matches!(
                hop("http://10.1.2.3/x", 307, creds, allow),
                Err(ApiError::InsecureUrl { .. })
            ));
        }
        assert!(hop("http://127.0.0.1:9/x", 307, false, false).is_ok());
    }
}
