//! One configuration type per provider, plus the client options shared by all of them.
//!
//! Credentials are [`SecretString`]s: they never appear in `Debug` output, logs or errors.

use std::time::Duration;

use secrecy::SecretString;

use super::RetryPolicy;

/// Meta Graph API (direct). Base URL `https://graph.facebook.com`, Graph version `v25.0` by
/// default; both can be changed.
///
/// ```
/// use flow_dsl::api::MetaConfig;
/// let cfg = MetaConfig::new("EAAG...")
///     .waba_id("102290129340398")
///     .phone_number_id("106540352242922")
///     .graph_version("v24.0");
/// assert!(!format!("{cfg:?}").contains("EAAG"));
/// ```
#[derive(Debug, Clone)]
pub struct MetaConfig {
    pub(crate) token: SecretString,
    pub(crate) waba_id: Option<String>,
    pub(crate) phone_number_id: Option<String>,
    pub(crate) graph_version: String,
    pub(crate) base_url: String,
}

impl MetaConfig {
    /// Default Graph API version.
    pub const DEFAULT_GRAPH_VERSION: &'static str = "v25.0";
    /// Default base URL.
    pub const DEFAULT_BASE_URL: &'static str = "https://graph.facebook.com";

    /// A config with a System User (or temporary) access token.
    pub fn new(token: impl Into<SecretString>) -> Self {
        Self {
            token: token.into(),
            waba_id: None,
            phone_number_id: None,
            graph_version: Self::DEFAULT_GRAPH_VERSION.into(),
            base_url: Self::DEFAULT_BASE_URL.into(),
        }
    }
    /// WhatsApp Business Account id (create, list, migrate, templates).
    pub fn waba_id(mut self, id: impl Into<String>) -> Self {
        self.waba_id = Some(id.into());
        self
    }
    /// Phone number id (sending, business public key).
    pub fn phone_number_id(mut self, id: impl Into<String>) -> Self {
        self.phone_number_id = Some(id.into());
        self
    }
    /// Graph version, e.g. `v24.0` (a missing leading `v` is added).
    pub fn graph_version(mut self, v: impl Into<String>) -> Self {
        let v = v.into();
        self.graph_version = if v.starts_with('v') {
            v
        } else {
            format!("v{v}")
        };
        self
    }
    /// Overrides the base URL (without the version), e.g. a sandbox or a test server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
}

/// Turn.io. Base URL `https://whatsapp.turn.io`; the number is implied by the token.
///
/// ```
/// use flow_dsl::api::TurnConfig;
/// let cfg = TurnConfig::new("turn-token");
/// assert!(!format!("{cfg:?}").contains("turn-token"));
/// ```
#[derive(Debug, Clone)]
pub struct TurnConfig {
    pub(crate) token: SecretString,
    pub(crate) base_url: String,
}

impl TurnConfig {
    /// Default base URL.
    pub const DEFAULT_BASE_URL: &'static str = "https://whatsapp.turn.io";

    /// A config with a Turn.io bearer token.
    pub fn new(token: impl Into<SecretString>) -> Self {
        Self {
            token: token.into(),
            base_url: Self::DEFAULT_BASE_URL.into(),
        }
    }
    /// Overrides the base URL (paths start with `/v1`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
}

/// How SERPRO authenticates.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum SerproAuth {
    /// A bearer access token obtained elsewhere.
    Token(SecretString),
    /// OAuth2 client credentials exchanged at `token_path` (default `POST /oauth2/token`,
    /// form `grant_type=client_credentials&client_id=..&client_secret=..`). **UNCONFIRMED**: seen
    /// in third-party code, not in SERPRO's page; the path is configurable.
    ClientCredentials {
        /// Client id.
        client_id: String,
        /// Client secret.
        client_secret: SecretString,
    },
}

/// SERPRO (Brazilian federal government). Base URL `https://api.whatsapp.serpro.gov.br`,
/// WABA id in every path.
///
/// ```
/// use flow_dsl::api::SerproConfig;
/// let cfg = SerproConfig::with_client_credentials("id", "s3cret", "123456");
/// assert!(!format!("{cfg:?}").contains("s3cret"));
/// let cfg = SerproConfig::with_token("tok", "123456");
/// ```
#[derive(Debug, Clone)]
pub struct SerproConfig {
    pub(crate) auth: SerproAuth,
    pub(crate) waba_id: String,
    pub(crate) base_url: String,
    pub(crate) token_path: String,
}

impl SerproConfig {
    /// Default base URL.
    pub const DEFAULT_BASE_URL: &'static str = "https://api.whatsapp.serpro.gov.br";
    /// Default OAuth2 token path (UNCONFIRMED).
    pub const DEFAULT_TOKEN_PATH: &'static str = "/oauth2/token";

    /// Direct bearer token.
    pub fn with_token(token: impl Into<SecretString>, waba_id: impl Into<String>) -> Self {
        Self::with_auth(SerproAuth::Token(token.into()), waba_id)
    }
    /// OAuth2 client credentials; the token is fetched on first use and cached until it expires.
    pub fn with_client_credentials(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
        waba_id: impl Into<String>,
    ) -> Self {
        Self::with_auth(
            SerproAuth::ClientCredentials {
                client_id: client_id.into(),
                client_secret: client_secret.into(),
            },
            waba_id,
        )
    }
    fn with_auth(auth: SerproAuth, waba_id: impl Into<String>) -> Self {
        Self {
            auth,
            waba_id: waba_id.into(),
            base_url: Self::DEFAULT_BASE_URL.into(),
            token_path: Self::DEFAULT_TOKEN_PATH.into(),
        }
    }
    /// Overrides the base URL.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
    /// Overrides the OAuth2 token path (relative to the base URL).
    pub fn token_path(mut self, path: impl Into<String>) -> Self {
        self.token_path = path.into();
        self
    }
}

/// Dreams (docs.dreams.com.sa). Base URL `https://api.dreams.sa`, `Authorization: AccessKey <key>`
/// (**UNCONFIRMED** beyond their general API page), WABA id in every path.
///
/// ```
/// use flow_dsl::api::DreamsConfig;
/// let cfg = DreamsConfig::new("key", "123")
///     .deprecate_path(DreamsConfig::API_PREFIXED_DEPRECATE_PATH);
/// assert!(!format!("{cfg:?}").contains("\"key\""));
/// ```
#[derive(Debug, Clone)]
pub struct DreamsConfig {
    pub(crate) access_key: SecretString,
    pub(crate) waba_id: String,
    pub(crate) base_url: String,
    pub(crate) deprecate_path: String,
}

impl DreamsConfig {
    /// Default base URL.
    pub const DEFAULT_BASE_URL: &'static str = "https://api.dreams.sa";
    /// The deprecate path exactly as Dreams documents it: without the `/api` prefix every other
    /// endpoint has. `{waba}` and `{flow_id}` are substituted.
    pub const DEFAULT_DEPRECATE_PATH: &'static str = "/whatsapp/{waba}/flows/{flow_id}/deprecate";
    /// The same path with `/api`, in case the documented one is a documentation slip.
    pub const API_PREFIXED_DEPRECATE_PATH: &'static str =
        "/api/whatsapp/{waba}/flows/{flow_id}/deprecate";

    /// A config with an access key and the WhatsApp Business Account id.
    pub fn new(access_key: impl Into<SecretString>, waba_id: impl Into<String>) -> Self {
        Self {
            access_key: access_key.into(),
            waba_id: waba_id.into(),
            base_url: Self::DEFAULT_BASE_URL.into(),
            deprecate_path: Self::DEFAULT_DEPRECATE_PATH.into(),
        }
    }
    /// Overrides the base URL.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
    /// Overrides the deprecate path template (`{waba}`, `{flow_id}` placeholders).
    pub fn deprecate_path(mut self, template: impl Into<String>) -> Self {
        self.deprecate_path = template.into();
        self
    }
}

/// Jelou (send only). Base URL `https://api.jelou.ai`, Basic auth with client id and secret.
///
/// ```
/// use flow_dsl::api::JelouConfig;
/// let cfg = JelouConfig::new("client", "secret!", "BOT_ID");
/// assert!(!format!("{cfg:?}").contains("secret!"));
/// ```
#[derive(Debug, Clone)]
pub struct JelouConfig {
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    pub(crate) bot_id: String,
    pub(crate) base_url: String,
}

impl JelouConfig {
    /// Default base URL.
    pub const DEFAULT_BASE_URL: &'static str = "https://api.jelou.ai";

    /// A config for one bot.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
        bot_id: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            bot_id: bot_id.into(),
            base_url: Self::DEFAULT_BASE_URL.into(),
        }
    }
    /// Overrides the base URL (paths start with `/v1`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
}

/// Any provider's configuration; every config converts into it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ProviderConfig {
    /// Meta Graph API.
    Meta(MetaConfig),
    /// Turn.io.
    Turn(TurnConfig),
    /// SERPRO.
    Serpro(SerproConfig),
    /// Dreams.
    Dreams(DreamsConfig),
    /// Jelou.
    Jelou(JelouConfig),
}

macro_rules! into_provider_config {
    ($($t:ident => $v:ident),+) => {$(
        impl From<$t> for ProviderConfig {
            fn from(c: $t) -> Self {
                ProviderConfig::$v(c)
            }
        }
    )+};
}
into_provider_config!(MetaConfig => Meta, TurnConfig => Turn, SerproConfig => Serpro, DreamsConfig => Dreams, JelouConfig => Jelou);

/// Timeouts, retries and user agent, shared by every provider.
///
/// ```
/// use std::time::Duration;
/// use flow_dsl::api::{ClientOptions, RetryPolicy};
/// let opts = ClientOptions::default()
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::default().max_retries(5));
/// assert_eq!(opts.retry.max_retries, 5);
/// ```
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Total time allowed for one attempt (connect, send, receive).
    pub timeout: Duration,
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Retry policy for idempotent calls.
    pub retry: RetryPolicy,
    /// `User-Agent` header.
    pub user_agent: String,
    /// Follow redirects to another origin, then without credentials. Off by default: such a
    /// redirect is refused with [`ApiError::RedirectRefused`](crate::api::ApiError::RedirectRefused).
    pub cross_origin_redirects: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!("flow-dsl/", env!("CARGO_PKG_VERSION")).into(),
            cross_origin_redirects: false,
        }
    }
}

impl ClientOptions {
    /// Sets the per-attempt timeout.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }
    /// Sets the connect timeout.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }
    /// Sets the retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }
    /// Sets the user agent.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }
    /// Follows redirects to another origin, sending no credentials there (the OAuth token
    /// request is never redirected). Plain `http://` off loopback stays refused.
    pub fn follow_cross_origin_redirects(mut self, yes: bool) -> Self {
        self.cross_origin_redirects = yes;
        self
    }
}
