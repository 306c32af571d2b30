//! HTTP plumbing shared by the providers: URL building, the http:// policy, authentication,
//! retries and one `tracing` span per request. Credentials are attached here and only here.

use std::fmt;
use std::net::IpAddr;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::Mutex;
use tracing::Instrument;
use url::Url;

use super::error::graph_body_is_transient;
use super::redact::{Redactor, display_raw_url, display_url};
use super::redirect::{self, MAX_REDIRECTS};
use super::{ApiError, ClientOptions, Provider, RetryPolicy};

tokio::task_local! {
    /// Set to `true` when a request of the call running in this scope was sent again: the
    /// outcome of an earlier attempt is then unknown (see `FlowsClient::publish`).
    pub(crate) static RETRIED: std::cell::Cell<bool>;
}

/// How a provider authenticates.
pub(crate) enum Auth {
    Bearer(SecretString),
    AccessKey(SecretString),
    Basic {
        user: String,
        password: SecretString,
    },
    ClientCredentials {
        token_url: Url,
        client_id: String,
        client_secret: SecretString,
        cache: Mutex<Option<CachedToken>>,
    },
}

pub(crate) struct CachedToken {
    token: SecretString,
    expires: Instant,
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Auth::Bearer(_) => "Bearer([REDACTED])",
            Auth::AccessKey(_) => "AccessKey([REDACTED])",
            Auth::Basic { .. } => "Basic([REDACTED])",
            Auth::ClientCredentials { .. } => "OAuth2ClientCredentials([REDACTED])",
        })
    }
}

/// A request body; rebuilt for every attempt.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Empty,
    Json(Value),
    Form(Vec<(String, String)>),
    Multipart(Vec<Field>),
}

/// One multipart field.
#[derive(Debug, Clone)]
pub(crate) enum Field {
    Text(&'static str, String),
    File {
        name: &'static str,
        filename: &'static str,
        mime: &'static str,
        bytes: Bytes,
    },
}

impl Field {
    /// The `file` part holding a Flow JSON: filename `flow.json`, type `application/json`.
    pub fn flow_json_file(json: &str) -> Self {
        Field::File {
            name: "file",
            filename: "flow.json",
            mime: "application/json",
            bytes: Bytes::copy_from_slice(json.as_bytes()),
        }
    }
}

/// A request, before authentication.
#[derive(Debug)]
pub(crate) struct Req {
    pub operation: &'static str,
    pub method: Method,
    pub url: Url,
    pub query: Vec<(&'static str, String)>,
    pub body: Body,
    /// Safe to retry: GET, DELETE, publish, deprecate, update, upload. Never create or send.
    pub idempotent: bool,
}

impl Req {
    pub fn new(operation: &'static str, method: Method, url: Url) -> Self {
        let idempotent = method == Method::GET || method == Method::DELETE || method == Method::PUT;
        Self {
            operation,
            method,
            url,
            query: Vec::new(),
            body: Body::Empty,
            idempotent,
        }
    }
    pub fn query(mut self, k: &'static str, v: impl Into<String>) -> Self {
        self.query.push((k, v.into()));
        self
    }
    pub fn json(mut self, v: Value) -> Self {
        self.body = Body::Json(v);
        self
    }
    pub fn form(mut self, f: Vec<(String, String)>) -> Self {
        self.body = Body::Form(f);
        self
    }
    pub fn multipart(mut self, f: Vec<Field>) -> Self {
        self.body = Body::Multipart(f);
        self
    }
    pub fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = yes;
        self
    }
}

/// A received answer (any status).
#[derive(Debug)]
pub(crate) struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
    /// The body as JSON; an empty body is `{}`.
    pub fn json(&self, provider: Provider, operation: &'static str) -> Result<Value, ApiError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Object(Default::default()));
        }
        serde_json::from_slice(&self.body)
            .map_err(|e| self.decode_error(provider, operation, e.to_string()))
    }
    pub fn decode_error(
        &self,
        provider: Provider,
        operation: &'static str,
        reason: String,
    ) -> ApiError {
        ApiError::Decode {
            provider,
            operation,
            status: self.status,
            reason,
            raw: self.text(),
        }
    }
}

/// Parses `raw` into a URL and applies the http:// policy.
pub(crate) fn parse_secure_url(raw: &str) -> Result<Url, ApiError> {
    let url = Url::parse(raw).map_err(|e| ApiError::InvalidUrl {
        url: display_raw_url(raw),
        reason: e.to_string(),
    })?;
    check_secure(&url)?;
    Ok(url)
}

/// `https` anywhere; `http` only to loopback (127.0.0.0/8, ::1, localhost).
pub(crate) fn check_secure(url: &Url) -> Result<(), ApiError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(ApiError::InsecureUrl {
            url: display_url(url),
        }),
        other => Err(ApiError::InvalidUrl {
            url: display_url(url),
            reason: format!("unsupported scheme {other:?}"),
        }),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// The HTTP side of a client: one per `FlowsClient`, shared by its clones.
#[derive(Debug)]
pub(crate) struct Transport {
    pub provider: Provider,
    http: reqwest::Client,
    base: Url,
    auth: Auth,
    retry: RetryPolicy,
    redactor: Redactor,
    redirects: redirect::Policy,
}

impl Transport {
    pub fn new(
        provider: Provider,
        base: &str,
        auth: Auth,
        options: &ClientOptions,
    ) -> Result<Self, ApiError> {
        let base = parse_secure_url(base)?;
        if base.cannot_be_a_base() {
            return Err(ApiError::InvalidUrl {
                url: display_url(&base),
                reason: "cannot be a base URL".into(),
            });
        }
        refuse_credentials_in_base(&base)?;
        if let Auth::ClientCredentials { token_url, .. } = &auth {
            check_secure(token_url)?;
        }
        let redactor = Redactor::default();
        match &auth {
            Auth::Bearer(t) | Auth::AccessKey(t) => redactor.add(t.expose_secret()),
            Auth::Basic { user, password } => redactor.add_basic(user, password.expose_secret()),
            Auth::ClientCredentials { client_secret, .. } => {
                redactor.add(client_secret.expose_secret());
            }
        }
        let http = reqwest::Client::builder()
            // Redirects are followed by `send_once`, hop by hop, per `redirect::Policy`.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .user_agent(options.user_agent.clone())
            .build()
            .map_err(|source| ApiError::Transport { provider, source })?;
        Ok(Self {
            provider,
            http,
            base,
            auth,
            retry: options.retry.clone(),
            redactor,
            redirects: redirect::Policy {
                provider,
                allow_cross_origin: options.cross_origin_redirects,
            },
        })
    }

    /// `base` + the given path template: `/`-separated, `{name}` placeholders replaced by the
    /// (percent-encoded) value of the same name. Placeholder values must be non-empty.
    pub fn url(&self, template: &str, vars: &[(&str, &str)]) -> Result<Url, ApiError> {
        build_url(&self.base, template, vars)
    }

    /// Sends `req`, retrying idempotent requests per the policy. Returns the last answer,
    /// whatever its status.
    pub async fn execute(&self, req: &Req) -> Result<Resp, ApiError> {
        let span = tracing::info_span!(
            "flows_api",
            provider = %self.provider,
            operation = req.operation,
            method = %req.method,
            path = req.url.path(),
        );
        self.execute_inner(req, true).instrument(span).await
    }

    /// GETs an absolute URL (a temporary download URL) without credentials.
    pub async fn download(&self, operation: &'static str, url: &str) -> Result<Resp, ApiError> {
        let url = parse_secure_url(url)?;
        let req = Req::new(operation, Method::GET, url);
        let span = tracing::info_span!("flows_api", provider = %self.provider, operation, method = "GET", host = req.url.host_str().unwrap_or(""));
        self.execute_inner(&req, false).instrument(span).await
    }

    async fn execute_inner(&self, req: &Req, authenticated: bool) -> Result<Resp, ApiError> {
        let mut attempt = 0u32;
        loop {
            let result = self.send_once(req, authenticated).await;
            let hint = match &result {
                Ok(resp) if req.idempotent && is_retryable(resp) => {
                    Some(super::retry::server_hint(&resp.headers, SystemTime::now()))
                }
                Err(ApiError::Timeout { .. } | ApiError::Transport { .. }) if req.idempotent => {
                    Some(None)
                }
                _ => None,
            };
            let Some(hint) = hint else { return result };
            let Some(delay) = self.retry.delay(attempt, hint) else {
                return result;
            };
            match &result {
                Ok(r) => tracing::warn!(status = r.status, attempt, ?delay, "retrying"),
                Err(e) => tracing::warn!(error = %e, attempt, ?delay, "retrying"),
            }
            tokio::time::sleep(delay).await;
            let _ = RETRIED.try_with(|r| r.set(true));
            attempt += 1;
        }
    }

    /// One attempt, following redirects as [`redirect::Policy`] allows. The answer's body is
    /// redacted before anyone reads it.
    async fn send_once(&self, req: &Req, authenticated: bool) -> Result<Resp, ApiError> {
        let provider = self.provider;
        let mut url = req.url.clone();
        if !req.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&req.query);
        }
        let origin = url.clone();
        let (mut method, mut with_body, mut credentials) =
            (req.method.clone(), true, authenticated);
        let mut hops = 0;
        loop {
            let mut rb = self.http.request(method.clone(), url.clone());
            if with_body {
                rb = match &req.body {
                    Body::Empty => rb,
                    Body::Json(v) => rb.json(v),
                    Body::Form(f) => rb.form(f),
                    Body::Multipart(fields) => rb.multipart(multipart(fields, provider)?),
                };
            }
            if credentials {
                rb = self.authorize(rb).await?;
            }
            let started = Instant::now();
            let resp = rb.send().await.map_err(|e| transport_error(provider, e))?;
            let status = resp.status();
            let headers = resp.headers().clone();
            let body = resp
                .bytes()
                .await
                .map_err(|e| transport_error(provider, e))?;
            tracing::debug!(
                status = status.as_u16(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "answer"
            );
            let location = headers
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok());
            if let (true, Some(location)) = (redirect::is_redirect(status.as_u16()), location) {
                if hops == MAX_REDIRECTS {
                    return Err(ApiError::RedirectRefused {
                        provider,
                        location: display_raw_url(location),
                        reason: format!("more than {MAX_REDIRECTS} redirects"),
                    });
                }
                let hop = self.redirects.decide(
                    &origin,
                    &url,
                    &method,
                    status.as_u16(),
                    location,
                    credentials,
                )?;
                tracing::debug!(to = %display_url(&hop.url), "following redirect");
                (url, method) = (hop.url, hop.method);
                with_body &= hop.keep_body;
                credentials = hop.with_credentials;
                hops += 1;
                continue;
            }
            if status == StatusCode::UNAUTHORIZED
                && let Auth::ClientCredentials { cache, .. } = &self.auth
            {
                cache.lock().await.take();
            }
            return Ok(Resp {
                status: status.as_u16(),
                headers,
                body: self.redactor.bytes(body),
            });
        }
    }

    async fn authorize(
        &self,
        rb: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, ApiError> {
        Ok(match &self.auth {
            Auth::Bearer(t) => {
                rb.header(reqwest::header::AUTHORIZATION, secret_header("Bearer", t)?)
            }
            Auth::AccessKey(k) => rb.header(
                reqwest::header::AUTHORIZATION,
                secret_header("AccessKey", k)?,
            ),
            Auth::Basic { user, password } => rb.basic_auth(user, Some(password.expose_secret())),
            Auth::ClientCredentials { .. } => {
                let token = self.oauth_token().await?;
                rb.header(
                    reqwest::header::AUTHORIZATION,
                    secret_header("Bearer", &token)?,
                )
            }
        })
    }

    /// The cached OAuth2 token, fetched (client credentials) when missing or about to expire.
    async fn oauth_token(&self) -> Result<SecretString, ApiError> {
        let Auth::ClientCredentials {
            token_url,
            client_id,
            client_secret,
            cache,
        } = &self.auth
        else {
            return Err(ApiError::InvalidRequest("not an OAuth2 client".into()));
        };
        let mut guard = cache.lock().await;
        if let Some(c) = guard.as_ref()
            && c.expires > Instant::now()
        {
            return Ok(c.token.clone());
        }
        let provider = self.provider;
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", client_id.as_str()),
            ("client_secret", client_secret.expose_secret()),
        ];
        let span = tracing::info_span!("flows_api", provider = %provider, operation = "oauth2_token", method = "POST", path = token_url.path());
        let resp = async {
            let r = self
                .http
                .post(token_url.clone())
                .form(&form)
                .send()
                .await
                .map_err(|e| transport_error(provider, e))?;
            let status = r.status().as_u16();
            // The form carries the client secret: it is never re-sent, not even within the
            // origin (the client does not follow redirects by itself).
            if redirect::is_redirect(status) {
                let location = r
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(display_raw_url)
                    .unwrap_or_default();
                return Err(ApiError::RedirectRefused {
                    provider,
                    location,
                    reason: "the token request carries the client secret and is never redirected; \
                             configure the final token URL"
                        .into(),
                });
            }
            let body = r.bytes().await.map_err(|e| transport_error(provider, e))?;
            Ok::<_, ApiError>((status, body))
        }
        .instrument(span)
        .await?;
        let (status, body) = resp;
        if !(200..300).contains(&status) {
            let raw = String::from_utf8_lossy(&self.redactor.bytes(body)).into_owned();
            return Err(ApiError::Auth {
                provider,
                status,
                raw,
            });
        }
        #[derive(Deserialize)]
        struct TokenResponse {
            access_token: String,
            #[serde(default)]
            expires_in: Option<u64>,
        }
        // The raw body holds the token: never put it in an error.
        let parsed: TokenResponse =
            serde_json::from_slice(&body).map_err(|e| ApiError::Decode {
                provider,
                operation: "oauth2_token",
                status,
                reason: e.to_string(),
                raw: "<token response withheld>".into(),
            })?;
        // Capped at a day so a wild `expires_in` cannot overflow the clock.
        let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(300).min(86_400));
        let margin = Duration::from_secs(30).min(lifetime / 2);
        self.redactor.add(&parsed.access_token);
        let token = SecretString::from(parsed.access_token);
        *guard = Some(CachedToken {
            token: token.clone(),
            expires: Instant::now() + lifetime - margin,
        });
        Ok(token)
    }
}

/// The base URL is printed (plans, `--json`) and stored (lockfiles): credentials in it would
/// leak, and no provider authenticates that way.
fn refuse_credentials_in_base(base: &Url) -> Result<(), ApiError> {
    let reason = if !base.username().is_empty() || base.password().is_some() {
        "it contains user:password@; credentials in the base URL are not used (they would be \
         printed and written to the lockfile): pass them through the provider's token or \
         client-secret settings"
    } else if base.query().is_some() || base.fragment().is_some() {
        "it contains a query or fragment (which may carry a token and would be printed and \
         stored): pass credentials through the provider's token settings"
    } else {
        return Ok(());
    };
    Err(ApiError::InvalidUrl {
        url: display_url(base),
        reason: reason.into(),
    })
}

fn secret_header(scheme: &str, secret: &SecretString) -> Result<HeaderValue, ApiError> {
    let mut v =
        HeaderValue::from_str(&format!("{scheme} {}", secret.expose_secret())).map_err(|_| {
            ApiError::InvalidRequest(
                "the credential contains characters not allowed in an HTTP header".into(),
            )
        })?;
    v.set_sensitive(true);
    Ok(v)
}

fn multipart(fields: &[Field], provider: Provider) -> Result<reqwest::multipart::Form, ApiError> {
    let mut form = reqwest::multipart::Form::new();
    for f in fields {
        form = match f {
            Field::Text(name, value) => form.text(*name, value.clone()),
            Field::File {
                name,
                filename,
                mime,
                bytes,
            } => {
                let part = reqwest::multipart::Part::bytes(bytes.to_vec())
                    .file_name(*filename)
                    .mime_str(mime)
                    .map_err(|source| ApiError::Transport { provider, source })?;
                form.part(*name, part)
            }
        };
    }
    Ok(form)
}

fn transport_error(provider: Provider, e: reqwest::Error) -> ApiError {
    if e.is_timeout() {
        ApiError::Timeout { provider }
    } else {
        ApiError::Transport {
            provider,
            source: e.without_url(),
        }
    }
}

fn is_retryable(resp: &Resp) -> bool {
    matches!(resp.status, 429 | 500 | 502 | 503 | 504)
        || (!resp.is_success() && graph_body_is_transient(&resp.body))
}

pub(crate) fn build_url(
    base: &Url,
    template: &str,
    vars: &[(&str, &str)],
) -> Result<Url, ApiError> {
    let mut url = base.clone();
    {
        let mut segs = url.path_segments_mut().map_err(|()| ApiError::InvalidUrl {
            url: base.to_string(),
            reason: "cannot be a base URL".into(),
        })?;
        segs.pop_if_empty();
        for seg in template.split('/').filter(|s| !s.is_empty()) {
            if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let value = vars
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| *v)
                    .ok_or_else(|| {
                        ApiError::InvalidRequest(format!(
                            "path placeholder {{{name}}} has no value"
                        ))
                    })?;
                if value.trim().is_empty() {
                    return Err(ApiError::InvalidRequest(format!(
                        "{name} must not be empty"
                    )));
                }
                segs.push(value);
            } else {
                segs.push(seg);
            }
        }
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_policy() {
        for ok in [
            "https://graph.facebook.com",
            "http://127.0.0.1:8080",
            "http://127.9.9.9",
            "http://[::1]:3000",
            "http://localhost:1",
            "http://LOCALHOST",
        ] {
            assert!(parse_secure_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://graph.facebook.com",
            "http://10.0.0.1",
            "http://[::2]",
            "http://localhost.evil.com",
        ] {
            assert!(
                matches!(parse_secure_url(bad), Err(ApiError::InsecureUrl { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            parse_secure_url("ftp://x"),
            Err(ApiError::InvalidUrl { .. })
        ));
        assert!(matches!(
            parse_secure_url("not a url"),
            Err(ApiError::InvalidUrl { .. })
        ));
    }

    #[test]
    fn url_templates_encode_values() {
        let base = Url::parse("https://h.example/v25.0/").unwrap();
        let u = build_url(&base, "/{id}/assets", &[("id", "a/b?c")]).unwrap();
        assert_eq!(u.as_str(), "https://h.example/v25.0/a%2Fb%3Fc/assets");
        assert!(matches!(
            build_url(&base, "/{id}", &[("id", " ")]),
            Err(ApiError::InvalidRequest(_))
        ));
        assert!(matches!(
            build_url(&base, "/{id}", &[]),
            Err(ApiError::InvalidRequest(_))
        ));
    }
}
