//! Where a deploy goes: a [`FlowsClient`] plus a label naming the account, or the embedded
//! sandbox when no credentials are configured.

#[cfg(feature = "sandbox")]
use std::path::{Path, PathBuf};

use super::DeployError;
use crate::api::{FlowsClient, MetaConfig};
#[cfg(feature = "sandbox")]
use crate::sandbox::{Sandbox, SandboxConfig, SandboxHandle};

/// WABA id used on the embedded sandbox (any string works there).
pub const SANDBOX_WABA_ID: &str = "100000000000001";
/// Phone number id used on the embedded sandbox (for the business public key).
pub const SANDBOX_PHONE_NUMBER_ID: &str = "100000000000002";
/// Token sent to the embedded sandbox, which accepts any.
#[cfg(feature = "sandbox")]
const SANDBOX_TOKEN: &str = "sandbox-token";

/// A deploy target.
///
/// The `label` identifies the account (e.g. `meta:102290129340398`); it is stored in the
/// lockfile so that ids recorded for one account are never used against another.
///
/// ```
/// use flow_dsl::api::{FlowsClient, MetaConfig};
/// use flow_dsl::deploy::Target;
/// let client = FlowsClient::new(MetaConfig::new("token").waba_id("123")).unwrap();
/// let target = Target::new(client, "meta:123");
/// assert!(target.sandbox().is_none());
/// ```
#[derive(Debug)]
pub struct Target {
    /// The API client.
    pub client: FlowsClient,
    /// Names the account in the lockfile.
    pub label: String,
    #[cfg(feature = "sandbox")]
    sandbox: Option<(SandboxHandle, Option<PathBuf>)>,
}

impl Target {
    /// A target reached through `client`. The label is printed and stored in lockfiles, so a
    /// URL in it loses its userinfo and query.
    pub fn new(client: FlowsClient, label: impl Into<String>) -> Self {
        Self {
            client,
            label: crate::api::redact::sanitize_label(&label.into()),
            #[cfg(feature = "sandbox")]
            sandbox: None,
        }
    }

    /// Starts the sandbox in this process (needs the `sandbox` feature) (on a free loopback port) and targets it. With
    /// `state_file`, its flows are loaded from and saved to that file, so consecutive runs see
    /// the same flows.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), flow_dsl::deploy::DeployError> {
    /// let target = flow_dsl::deploy::Target::embedded_sandbox(None).await?;
    /// assert!(target.sandbox().unwrap().base_url().starts_with("http://127.0.0.1:"));
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "sandbox")]
    pub async fn embedded_sandbox(state_file: Option<&Path>) -> Result<Self, DeployError> {
        Self::start_embedded(state_file, false).await
    }

    /// The embedded sandbox with the flows of `state_file`, which is read but never created,
    /// locked or written: a dry run's target, which leaves no file behind.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), flow_dsl::deploy::DeployError> {
    /// let dir = tempfile::tempdir().unwrap();
    /// let state = dir.path().join(".flow-dsl/sandbox.json");
    /// let target = flow_dsl::deploy::Target::embedded_sandbox_read_only(&state).await?;
    /// target.shutdown().await;
    /// assert!(!dir.path().join(".flow-dsl").exists());
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "sandbox")]
    pub async fn embedded_sandbox_read_only(state_file: &Path) -> Result<Self, DeployError> {
        Self::start_embedded(Some(state_file), true).await
    }

    #[cfg(feature = "sandbox")]
    async fn start_embedded(
        state_file: Option<&Path>,
        read_only: bool,
    ) -> Result<Self, DeployError> {
        let handle = Sandbox::start(SandboxConfig {
            state_file: state_file.map(Path::to_owned),
            read_only_state: read_only,
            ..SandboxConfig::default()
        })
        .await
        .map_err(|e| DeployError::Sandbox(e.to_string()))?;
        let client = FlowsClient::new(
            MetaConfig::new(SANDBOX_TOKEN)
                .waba_id(SANDBOX_WABA_ID)
                .phone_number_id(SANDBOX_PHONE_NUMBER_ID)
                .base_url(handle.base_url()),
        )?;
        Ok(Self {
            client,
            label: format!("embedded-sandbox:{SANDBOX_WABA_ID}"),
            sandbox: Some((handle, state_file.map(Path::to_owned))),
        })
    }

    /// Meta when `WHATSAPP_TOKEN` and `WHATSAPP_WABA_ID` are set (optionally
    /// `WHATSAPP_PHONE_NUMBER_ID`); `None` when `WHATSAPP_TOKEN` is not set. Needs no
    /// `sandbox` feature.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), flow_dsl::deploy::DeployError> {
    /// match flow_dsl::deploy::Target::from_env()? {
    ///     Some(target) => eprintln!("deploying to {}", target.describe()),
    ///     None => eprintln!("set WHATSAPP_TOKEN and WHATSAPP_WABA_ID"),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<Option<Self>, DeployError> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        match (var("WHATSAPP_TOKEN"), var("WHATSAPP_WABA_ID")) {
            (Some(token), Some(waba)) => {
                let mut config = MetaConfig::new(token).waba_id(waba.clone());
                if let Some(phone) = var("WHATSAPP_PHONE_NUMBER_ID") {
                    config = config.phone_number_id(phone);
                }
                Ok(Some(Self::new(
                    FlowsClient::new(config)?,
                    format!("meta:{waba}"),
                )))
            }
            (Some(_), None) => Err(DeployError::Config(
                "WHATSAPP_TOKEN is set but WHATSAPP_WABA_ID is not".into(),
            )),
            (None, _) => Ok(None),
        }
    }

    /// Meta when `WHATSAPP_TOKEN` and `WHATSAPP_WABA_ID` are set (see [`from_env`](Self::from_env)),
    /// otherwise the embedded sandbox with its state in `state_file`. What the quickstart uses
    /// (needs the `sandbox` feature).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), flow_dsl::deploy::DeployError> {
    /// let target = flow_dsl::deploy::Target::from_env_or_sandbox(".flow-dsl/sandbox.json".as_ref()).await?;
    /// eprintln!("{}", target.describe());
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "sandbox")]
    pub async fn from_env_or_sandbox(state_file: &Path) -> Result<Self, DeployError> {
        match Self::from_env()? {
            Some(target) => Ok(target),
            None => Self::embedded_sandbox(Some(state_file)).await,
        }
    }

    /// The embedded sandbox, when this target is one.
    #[cfg(feature = "sandbox")]
    pub fn sandbox(&self) -> Option<&SandboxHandle> {
        self.sandbox.as_ref().map(|(h, _)| h)
    }

    /// Whether this target is the embedded sandbox.
    pub fn is_embedded_sandbox(&self) -> bool {
        #[cfg(feature = "sandbox")]
        return self.sandbox.is_some();
        #[cfg(not(feature = "sandbox"))]
        false
    }

    /// A sentence saying where deploys go (never containing a credential).
    pub fn describe(&self) -> String {
        #[cfg(feature = "sandbox")]
        match &self.sandbox {
            Some((h, Some(state))) => {
                return format!(
                    "the embedded sandbox at {}; state in {}",
                    h.base_url(),
                    state.display()
                );
            }
            Some((h, None)) => {
                return format!("the embedded sandbox at {} (state in memory)", h.base_url());
            }
            None => {}
        }
        format!("{} ({})", self.client.provider(), self.label)
    }

    /// Stops the embedded sandbox, if any, after its last state was saved.
    pub async fn shutdown(self) {
        #[cfg(feature = "sandbox")]
        if let Some((h, _)) = self.sandbox {
            h.shutdown().await;
        }
    }
}
