//! Provider selection shared by every command that talks to a Flows API (`send`, and the
//! deploy/publish/list/get commands that flatten [`ProviderArgs`]).
//!
//! Credentials come from environment variables only (never flags, so they stay out of shell
//! history and process listings):
//!
//! | Provider | Variables |
//! |---|---|
//! | `meta` | `WHATSAPP_TOKEN`; ids via `--waba-id`/`WHATSAPP_WABA_ID`, `--phone-number-id`/`WHATSAPP_PHONE_NUMBER_ID` |
//! | `turn` | `TURN_TOKEN` |
//! | `serpro` | `SERPRO_TOKEN`, or `SERPRO_CLIENT_ID` + `SERPRO_CLIENT_SECRET` (OAuth2, UNCONFIRMED); WABA via `--waba-id`/`WHATSAPP_WABA_ID` |
//! | `dreams` | `DREAMS_ACCESS_KEY`; WABA via `--waba-id`/`WHATSAPP_WABA_ID` |
//! | `jelou` | `JELOU_CLIENT_ID` + `JELOU_CLIENT_SECRET`; bot via `--bot-id`/`JELOU_BOT_ID` |

use crate::api::{
    ApiError, DreamsConfig, FlowsClient, JelouConfig, MetaConfig, ProviderConfig, SerproConfig,
    TurnConfig,
};

/// Help text listing the credential variables, for commands that flatten [`ProviderArgs`].
pub const ENV_HELP: &str = "Credentials (environment only):
  meta    WHATSAPP_TOKEN  (+ --waba-id/WHATSAPP_WABA_ID, --phone-number-id/WHATSAPP_PHONE_NUMBER_ID)
  turn    TURN_TOKEN
  serpro  SERPRO_TOKEN, or SERPRO_CLIENT_ID + SERPRO_CLIENT_SECRET  (+ --waba-id)
  dreams  DREAMS_ACCESS_KEY  (+ --waba-id)
  jelou   JELOU_CLIENT_ID + JELOU_CLIENT_SECRET  (+ --bot-id/JELOU_BOT_ID)
Deadline: --deadline SECONDS or FLOW_DSL_DEADLINE (default 30, deploy 300; 0 = none)";

/// Which provider to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProviderKind {
    /// Meta Graph API.
    Meta,
    /// Turn.io.
    Turn,
    /// SERPRO.
    Serpro,
    /// Dreams.
    Dreams,
    /// Jelou (send only).
    Jelou,
}

/// Provider flags; flatten into a command with `#[command(flatten)]`.
#[derive(Debug, Clone, clap::Args)]
pub struct ProviderArgs {
    /// Provider to talk to.
    #[arg(long, value_enum, default_value_t = ProviderKind::Meta)]
    pub provider: ProviderKind,
    /// Base URL override (a sandbox, a proxy); plain http:// only to loopback.
    #[arg(long)]
    pub base_url: Option<String>,
    /// WhatsApp Business Account id (Meta, SERPRO, Dreams).
    #[arg(long, env = "WHATSAPP_WABA_ID")]
    pub waba_id: Option<String>,
    /// Phone number id (Meta: sending, business public key).
    #[arg(long, env = "WHATSAPP_PHONE_NUMBER_ID")]
    pub phone_number_id: Option<String>,
    /// Graph API version (Meta).
    #[arg(long, default_value = MetaConfig::DEFAULT_GRAPH_VERSION)]
    pub graph_version: String,
    /// Jelou bot id.
    #[arg(long, env = "JELOU_BOT_ID")]
    pub bot_id: Option<String>,
    /// Dreams deprecate path template (`{waba}`, `{flow_id}`); the documented one lacks `/api`.
    #[arg(long)]
    pub dreams_deprecate_path: Option<String>,
    /// Give up after this many seconds, retries included (0: never). Default 30, `deploy` 300.
    #[arg(long, env = "FLOW_DSL_DEADLINE", value_name = "SECONDS")]
    pub deadline: Option<f64>,
}

/// Default `--deadline` of the single-flow commands and `send`.
pub const DEFAULT_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);
/// Default `--deadline` of `deploy`, which makes several calls per flow.
pub const DEFAULT_DEPLOY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(300);

/// Why a command stopped at its deadline.
pub(crate) fn deadline_message(d: std::time::Duration) -> String {
    format!(
        "no answer within {} s: gave up (raise --deadline or FLOW_DSL_DEADLINE; 0 waits forever)",
        d.as_secs_f64()
    )
}

/// Runs `fut` within `deadline` (`None`: no limit); `Err(())` when time ran out.
pub(crate) async fn within<T>(
    deadline: Option<std::time::Duration>,
    fut: impl std::future::Future<Output = T>,
) -> Result<T, ()> {
    match deadline {
        None => Ok(fut.await),
        Some(d) => tokio::time::timeout(d, fut).await.map_err(drop),
    }
}

/// Why a client could not be built from flags and environment.
#[derive(Debug, thiserror::Error)]
pub enum ProviderArgsError {
    /// A credential variable is not set.
    #[error("{provider}: set {what}")]
    MissingCredential {
        /// The provider.
        provider: &'static str,
        /// The variable(s) to set.
        what: &'static str,
    },
    /// An id flag is missing.
    #[error("{provider}: pass {what}")]
    MissingId {
        /// The provider.
        provider: &'static str,
        /// The flag (and variable) to set.
        what: &'static str,
    },
    /// The client refused the configuration (bad or insecure base URL).
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl ProviderArgs {
    /// Whether no credentials are configured, so the embedded sandbox is used: Meta (the
    /// default provider), no `WHATSAPP_TOKEN`, no `--base-url`.
    pub fn wants_embedded(&self, env: impl Fn(&str) -> Option<String>) -> bool {
        self.provider == ProviderKind::Meta
            && self.base_url.is_none()
            && env("WHATSAPP_TOKEN").is_none_or(|t| t.trim().is_empty())
    }

    /// The overall deadline of a command: `--deadline` (or `FLOW_DSL_DEADLINE`), else
    /// `default`; `None` for 0 (or a value that is not a finite, non-negative number of seconds,
    /// which clap lets through as a float).
    ///
    /// ```
    /// use std::time::Duration;
    /// use clap::Parser;
    /// use flow_dsl::cli::provider_args::ProviderArgs;
    /// #[derive(Parser)]
    /// struct Cli { #[command(flatten)] p: ProviderArgs }
    /// let cli = Cli::parse_from(["x", "--deadline", "2.5"]);
    /// assert_eq!(cli.p.deadline(Duration::from_secs(30)), Some(Duration::from_millis(2500)));
    /// let cli = Cli::parse_from(["x", "--deadline", "0"]);
    /// assert_eq!(cli.p.deadline(Duration::from_secs(30)), None);
    /// ```
    pub fn deadline(&self, default: std::time::Duration) -> Option<std::time::Duration> {
        match self.deadline {
            None => Some(default),
            Some(s) if s.is_finite() && s > 0.0 => {
                Some(std::time::Duration::from_secs_f64(s.min(1e9)))
            }
            Some(_) => None,
        }
    }

    /// Builds the client from these flags and the process environment.
    pub fn client(&self) -> Result<FlowsClient, ProviderArgsError> {
        self.client_with_env(|k| std::env::var(k).ok())
    }

    /// Builds the client from these flags and `env` (a lookup, for tests and embedding).
    /// Empty variables count as unset.
    pub fn client_with_env(
        &self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<FlowsClient, ProviderArgsError> {
        Ok(FlowsClient::new(self.config_with_env(env)?)?)
    }

    /// The provider configuration these flags and `env` describe.
    pub fn config_with_env(
        &self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ProviderConfig, ProviderArgsError> {
        let var = |k: &str| env(k).filter(|v| !v.trim().is_empty());
        let waba = |provider| {
            self.waba_id.clone().ok_or(ProviderArgsError::MissingId {
                provider,
                what: "--waba-id (or WHATSAPP_WABA_ID)",
            })
        };
        let config: ProviderConfig = match self.provider {
            ProviderKind::Meta => {
                let token = var("WHATSAPP_TOKEN").ok_or(ProviderArgsError::MissingCredential {
                    provider: "meta",
                    what: "WHATSAPP_TOKEN",
                })?;
                let mut c = MetaConfig::new(token).graph_version(self.graph_version.clone());
                if let Some(w) = &self.waba_id {
                    c = c.waba_id(w.clone());
                }
                if let Some(p) = &self.phone_number_id {
                    c = c.phone_number_id(p.clone());
                }
                if let Some(u) = &self.base_url {
                    c = c.base_url(u.clone());
                }
                c.into()
            }
            ProviderKind::Turn => {
                let token = var("TURN_TOKEN").ok_or(ProviderArgsError::MissingCredential {
                    provider: "turn",
                    what: "TURN_TOKEN",
                })?;
                let mut c = TurnConfig::new(token);
                if let Some(u) = &self.base_url {
                    c = c.base_url(u.clone());
                }
                c.into()
            }
            ProviderKind::Serpro => {
                let waba = waba("serpro")?;
                let mut c = match (
                    var("SERPRO_TOKEN"),
                    var("SERPRO_CLIENT_ID"),
                    var("SERPRO_CLIENT_SECRET"),
                ) {
                    (Some(t), _, _) => SerproConfig::with_token(t, waba),
                    (None, Some(id), Some(secret)) => {
                        SerproConfig::with_client_credentials(id, secret, waba)
                    }
                    _ => {
                        return Err(ProviderArgsError::MissingCredential {
                            provider: "serpro",
                            what: "SERPRO_TOKEN, or SERPRO_CLIENT_ID and SERPRO_CLIENT_SECRET",
                        });
                    }
                };
                if let Some(u) = &self.base_url {
                    c = c.base_url(u.clone());
                }
                c.into()
            }
            ProviderKind::Dreams => {
                let key = var("DREAMS_ACCESS_KEY").ok_or(ProviderArgsError::MissingCredential {
                    provider: "dreams",
                    what: "DREAMS_ACCESS_KEY",
                })?;
                let mut c = DreamsConfig::new(key, waba("dreams")?);
                if let Some(u) = &self.base_url {
                    c = c.base_url(u.clone());
                }
                if let Some(p) = &self.dreams_deprecate_path {
                    c = c.deprecate_path(p.clone());
                }
                c.into()
            }
            ProviderKind::Jelou => {
                let (Some(id), Some(secret)) = (var("JELOU_CLIENT_ID"), var("JELOU_CLIENT_SECRET"))
                else {
                    return Err(ProviderArgsError::MissingCredential {
                        provider: "jelou",
                        what: "JELOU_CLIENT_ID and JELOU_CLIENT_SECRET",
                    });
                };
                let bot = self.bot_id.clone().ok_or(ProviderArgsError::MissingId {
                    provider: "jelou",
                    what: "--bot-id (or JELOU_BOT_ID)",
                })?;
                let mut c = JelouConfig::new(id, secret, bot);
                if let Some(u) = &self.base_url {
                    c = c.base_url(u.clone());
                }
                c.into()
            }
        };
        Ok(config)
    }
}
