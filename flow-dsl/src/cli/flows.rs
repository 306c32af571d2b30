//! The single-flow commands: `publish`, `deprecate`, `delete`, `list`, `get`, `preview`,
//! `assets`, `upload-public-key`. Each targets a provider or, with no credentials, the embedded
//! sandbox (like `deploy`).
//!
//! `FLOW` is a logical name from the environment's lockfile, a flow id, or a flow name on the
//! server. After `publish`, `deprecate` and `delete` the lockfile entry is kept in step.

use std::future::Future;
use std::path::PathBuf;
use std::process::ExitCode;

use super::provider_args::{DEFAULT_DEADLINE, deadline_message, within};
use super::target::{
    TargetArgs, describe_api_error, note, out, resolve_flow, runtime, update_lock,
};
use super::{EXIT_ERROR, EXIT_OK};
use crate::api::{FlowField, FlowStatus};
use crate::deploy::Target;

/// A command on one flow.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = super::provider_args::ENV_HELP)]
pub struct FlowArgs {
    /// Lockfile name, flow id, or flow name on the server.
    pub flow: String,
    /// Target, environment and embedded sandbox.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// `flow-dsl list`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = super::provider_args::ENV_HELP)]
pub struct ListArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Target, environment and embedded sandbox.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// `flow-dsl get`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = super::provider_args::ENV_HELP)]
pub struct GetArgs {
    /// Lockfile name, flow id, or flow name on the server.
    pub flow: String,
    /// Fields, comma-separated (e.g. `status,preview.invalidate(true),health_status`); default
    /// every documented field.
    #[arg(long, value_delimiter = ',')]
    pub fields: Vec<String>,
    /// Target, environment and embedded sandbox.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// `flow-dsl preview`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = super::provider_args::ENV_HELP)]
pub struct PreviewArgs {
    /// Lockfile name, flow id, or flow name on the server; or, for a local preview, a
    /// flow.json file or a directory of them (an existing path means `--local`).
    pub flow: String,
    /// Ask for a fresh preview URL (the old one stops working).
    #[arg(long)]
    pub invalidate: bool,
    /// Click through FLOW locally in the browser (no credentials, no upload): a page driven by
    /// the simulator, reloaded when the file changes.
    #[arg(long)]
    pub local: bool,
    /// Local preview: address to serve the page on.
    #[arg(long, default_value = "127.0.0.1:8026")]
    pub addr: std::net::SocketAddr,
    /// Local preview: send data_exchange to this endpoint URL (default: the flow's own
    /// `__example__` data answers, following the routing model).
    #[arg(long, value_name = "URL", requires = "public_key")]
    pub endpoint: Option<String>,
    /// Local preview with --endpoint: the endpoint's public key (PEM file), to encrypt as the
    /// WhatsApp client does.
    #[arg(long, value_name = "PEM")]
    pub public_key: Option<std::path::PathBuf>,
    /// Local preview with --endpoint: the Meta app secret, to sign requests.
    #[arg(long, env = "FLOW_DSL_APP_SECRET", hide_env_values = true)]
    pub app_secret: Option<String>,
    /// Local preview: write one PNG per screen into DIR with a headless Chromium, then exit.
    #[arg(long, value_name = "DIR")]
    pub screenshot: Option<std::path::PathBuf>,
    /// Target, environment and embedded sandbox.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// `flow-dsl assets`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = super::provider_args::ENV_HELP)]
pub struct AssetsArgs {
    /// Lockfile name, flow id, or flow name on the server.
    pub flow: String,
    /// Download the current flow.json into this file (`-`: standard output).
    #[arg(long, value_name = "OUT")]
    pub download: Option<PathBuf>,
    /// Target, environment and embedded sandbox.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// `flow-dsl migrate`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = super::provider_args::ENV_HELP)]
pub struct MigrateArgs {
    /// The WABA the flows are copied from (same business); the target's `--waba-id` receives.
    #[arg(long, value_name = "WABA_ID")]
    pub source_waba_id: String,
    /// Names of the flows to copy (at most 100); none copies every flow.
    pub names: Vec<String>,
    /// Target, environment and embedded sandbox.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// `flow-dsl upload-public-key`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = super::provider_args::ENV_HELP)]
pub struct UploadKeyArgs {
    /// PEM file of the endpoint's RSA public key (see `flow-dsl keygen`).
    pub pem_file: PathBuf,
    /// Target, environment and embedded sandbox.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// Resolves the target, runs `f`, prints its error if any, stops the embedded sandbox.
fn with_target<F, Fut>(args: &TargetArgs, f: F) -> ExitCode
where
    F: FnOnce(Target, PathBuf) -> Fut,
    Fut: Future<Output = (Target, Result<(), String>)>,
{
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            note(&format!("error: {e}"));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    rt.block_on(async {
        let (target, env) = match args.resolve("using").await {
            Ok(t) => t,
            Err(e) => {
                note(&format!("error: {e}"));
                return ExitCode::from(EXIT_ERROR);
            }
        };
        let lockfile = args.lockfile(&env);
        // The embedded sandbox answers locally and must save its state: no deadline there.
        let deadline = if target.sandbox().is_some() {
            None
        } else {
            args.provider.deadline(DEFAULT_DEADLINE)
        };
        let result = match within(deadline, f(target, lockfile)).await {
            Ok((target, result)) => {
                target.shutdown().await;
                result
            }
            Err(()) => Err(deadline_message(deadline.unwrap_or_default())),
        };
        match result {
            Ok(()) => ExitCode::from(EXIT_OK),
            Err(e) => {
                note(&format!("error: {e}"));
                ExitCode::from(EXIT_ERROR)
            }
        }
    })
}

/// What a status command does.
#[derive(Debug, Clone, Copy)]
pub enum StatusChange {
    /// Publish a draft.
    Publish,
    /// Deprecate a published flow.
    Deprecate,
    /// Delete a draft.
    Delete,
}

/// Runs `publish`, `deprecate` or `delete`.
pub fn run_status(args: FlowArgs, change: StatusChange) -> ExitCode {
    let flow = args.flow.clone();
    with_target(&args.target, |target, lockfile| async move {
        let result = async {
            let (id, _) = resolve_flow(&target, &lockfile, &flow).await?;
            let (r, status, done) = match change {
                StatusChange::Publish => (
                    target.client.publish(&id).await,
                    Some(FlowStatus::Published),
                    "published",
                ),
                StatusChange::Deprecate => (
                    target.client.deprecate(&id).await,
                    Some(FlowStatus::Deprecated),
                    "deprecated",
                ),
                StatusChange::Delete => (target.client.delete_flow(&id).await, None, "deleted"),
            };
            r.map_err(|e| describe_api_error(&e))?;
            update_lock(&target, &lockfile, &id, status).await;
            out(&format!("{done} {flow} ({id})"));
            Ok(())
        }
        .await;
        (target, result)
    })
}

/// Runs `list`.
pub fn run_list(args: ListArgs) -> ExitCode {
    let json = args.json;
    with_target(&args.target, |target, _| async move {
        let result = async {
            let flows = target
                .client
                .list_all_flows()
                .await
                .map_err(|e| e.to_string())?;
            if json {
                out(&serde_json::to_string_pretty(&flows).map_err(|e| e.to_string())?);
            } else if flows.is_empty() {
                out("no flows");
            } else {
                for f in &flows {
                    out(&format!(
                        "{:<18} {:<10} {}",
                        f.id,
                        f.status.as_ref().map_or("-", |s| s.as_str()),
                        f.name.as_deref().unwrap_or("")
                    ));
                }
            }
            Ok(())
        }
        .await;
        (target, result)
    })
}

/// Maps a field expression of `--fields` to a [`FlowField`].
fn field(expr: &str) -> FlowField {
    match expr.trim() {
        "id" => FlowField::Id,
        "name" => FlowField::Name,
        "status" => FlowField::Status,
        "categories" => FlowField::Categories,
        "validation_errors" => FlowField::ValidationErrors,
        "json_version" => FlowField::JsonVersion,
        "data_api_version" => FlowField::DataApiVersion,
        "endpoint_uri" => FlowField::EndpointUri,
        "preview" => FlowField::Preview { invalidate: None },
        "whatsapp_business_account" => FlowField::WhatsappBusinessAccount,
        "application" => FlowField::Application,
        "health_status" => FlowField::HealthStatus { phone_number: None },
        "updated_at" => FlowField::UpdatedAt,
        other => FlowField::Custom(other.to_owned()),
    }
}

/// Runs `get`.
pub fn run_get(args: GetArgs) -> ExitCode {
    let flow = args.flow.clone();
    let asked = args.fields.clone();
    with_target(&args.target, |target, lockfile| async move {
        let result = async {
            let (id, _) = resolve_flow(&target, &lockfile, &flow).await?;
            // A plain `get` asks each provider for the fields its document lists: Turn.io,
            // SERPRO and Dreams have no `json_version`/`updated_at` to give.
            let (fields, names): (Vec<FlowField>, Vec<String>) = if asked.is_empty() {
                let fields = target.client.documented_fields();
                let names = fields.iter().map(FlowField::to_expr).collect();
                (fields, names)
            } else {
                (asked.iter().map(|f| field(f)).collect(), asked.clone())
            };
            let got = target
                .client
                .get_flow(&id, &fields)
                .await
                .map_err(|e| e.to_string())?;
            let mut shown = serde_json::to_value(&got).map_err(|e| e.to_string())?;
            only_asked_fields(&mut shown, &names);
            out(&serde_json::to_string_pretty(&shown).map_err(|e| e.to_string())?);
            Ok(())
        }
        .await;
        (target, result)
    })
}

/// Keeps `id` and the fields named (`preview.invalidate(true)` names `preview`): the typed
/// [`crate::api::Flow`] shows lists it did not receive as empty, which would read as "no
/// categories" or "no validation errors".
fn only_asked_fields(flow: &mut serde_json::Value, asked: &[String]) {
    if asked.is_empty() {
        return;
    }
    let names: Vec<&str> = asked
        .iter()
        .map(|f| f.split(['.', '(', '{']).next().unwrap_or(f).trim())
        .collect();
    if let Some(map) = flow.as_object_mut() {
        map.retain(|k, _| k == "id" || names.contains(&k.as_str()));
    }
}

/// Runs `migrate` (Meta's `migrate_flows`, seed 004 `flows.migrate`): one line per copied
/// flow (`source id -> new id  name`), then the failures, which make the command fail.
pub fn run_migrate(args: MigrateArgs) -> ExitCode {
    let req = crate::api::MigrateFlows {
        source_waba_id: args.source_waba_id.clone(),
        source_flow_names: args.names.clone(),
    };
    with_target(&args.target, |target, _| async move {
        let result = async {
            let r = target
                .client
                .migrate_flows(&req)
                .await
                .map_err(|e| describe_api_error(&e))?;
            for m in &r.migrated_flows {
                out(&format!(
                    "{} -> {}  {}",
                    m.source_id, m.migrated_id, m.source_name
                ));
            }
            if r.failed_flows.is_empty() {
                return Ok(());
            }
            let failed: Vec<String> = r
                .failed_flows
                .iter()
                .map(|f| format!("{} ({}: {})", f.source_name, f.error_code, f.error_message))
                .collect();
            Err(format!(
                "{} flow(s) not migrated: {}",
                failed.len(),
                failed.join("; ")
            ))
        }
        .await;
        (target, result)
    })
}

/// Runs `preview`.
pub fn run_preview(args: PreviewArgs) -> ExitCode {
    if args.local || args.screenshot.is_some() || std::path::Path::new(&args.flow).exists() {
        return run_local_preview(args);
    }
    let (flow, invalidate) = (args.flow.clone(), args.invalidate);
    with_target(&args.target, |target, lockfile| async move {
        let result = async {
            let (id, _) = resolve_flow(&target, &lockfile, &flow).await?;
            match target.client.preview(&id, invalidate).await {
                Ok(Some(p)) => {
                    out(&p.preview_url);
                    if let Some(exp) = p.expires_at {
                        note(&format!("expires at {exp}"));
                    }
                    short_lived_urls(&target);
                    Ok(())
                }
                Ok(None) => Err(format!(
                    "{} returned no preview for {id}",
                    target.client.provider()
                )),
                Err(e) => Err(e.to_string()),
            }
        }
        .await;
        (target, result)
    })
}

fn run_local_preview(args: PreviewArgs) -> ExitCode {
    let public_key_pem = match &args.public_key {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(t) => Some(t),
            Err(e) => {
                eprintln!("error: {}: {e}", p.display());
                return ExitCode::from(super::EXIT_ERROR);
            }
        },
        None => None,
    };
    let options = super::preview::PreviewOptions {
        path: args.flow.into(),
        endpoint: super::preview::EndpointChoice {
            url: args.endpoint,
            public_key_pem,
            app_secret: args.app_secret,
        },
    };
    super::preview::run(options, args.addr, args.screenshot)
}

/// URLs of the embedded sandbox point at a server that stops with this command: say so, and
/// how to get lasting ones.
fn short_lived_urls(target: &Target) {
    if target.sandbox().is_some() {
        note(&format!(
            "note: the embedded sandbox serving this URL stops when this command ends; for URLs \
             that stay up, run `flow-dsl sandbox --state .flow-dsl/sandbox.json` in another \
             terminal (same flows, same WABA id) and pass its URL to this command: \
             `WHATSAPP_TOKEN=sandbox-token flow-dsl preview FLOW --base-url URL --waba-id {}`",
            crate::deploy::SANDBOX_WABA_ID
        ));
    }
}

/// Runs `assets`.
pub fn run_assets(args: AssetsArgs) -> ExitCode {
    let (flow, download) = (args.flow.clone(), args.download.clone());
    with_target(&args.target, |target, lockfile| async move {
        let result = async {
            let (id, _) = resolve_flow(&target, &lockfile, &flow).await?;
            match download {
                Some(path) => {
                    let json = target
                        .client
                        .download_flow_json(&id)
                        .await
                        .map_err(|e| e.to_string())?;
                    if path.as_os_str() == "-" {
                        let mut stdout = std::io::stdout().lock();
                        let _ = std::io::Write::write_all(&mut stdout, json.as_bytes())
                            .and_then(|()| std::io::Write::flush(&mut stdout));
                    } else {
                        write_atomically(&path, json.as_bytes())
                            .map_err(|e| format!("{}: {e}", path.display()))?;
                        out(&format!("wrote {} ({} bytes)", path.display(), json.len()));
                    }
                }
                None => {
                    let assets = target
                        .client
                        .list_assets(&id)
                        .await
                        .map_err(|e| e.to_string())?;
                    for a in assets {
                        out(&format!("{} {} {}", a.name, a.asset_type, a.download_url));
                    }
                    short_lived_urls(&target);
                }
            }
            Ok(())
        }
        .await;
        (target, result)
    })
}

/// Runs `upload-public-key`.
pub fn run_upload_key(args: UploadKeyArgs) -> ExitCode {
    let key = match crate::endpoint::PublicKeyPem::read(&args.pem_file) {
        Ok(k) => k,
        Err(e) => {
            note(&format!("error: {}: {e}", args.pem_file.display()));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    with_target(&args.target, |target, _| async move {
        let result = target
            .client
            .set_business_public_key(key.as_pem())
            .await
            .map(|()| out(&format!("business public key set ({} bits)", key.bits())))
            .map_err(|e| e.to_string());
        (target, result)
    })
}

/// Temporary file in the same directory, then rename: never a half-written file.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::atomic_file::replace(path, bytes, crate::atomic_file::Durability::Sync)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_shows_only_what_was_asked() {
        let mut v = serde_json::json!({
            "id": "1", "status": "DRAFT", "categories": [], "validation_errors": [],
            "preview": {"preview_url": "u"}
        });
        only_asked_fields(
            &mut v,
            &["status".into(), "preview.invalidate(true)".into()],
        );
        assert_eq!(
            v,
            serde_json::json!({"id": "1", "status": "DRAFT", "preview": {"preview_url": "u"}})
        );
        let mut all = serde_json::json!({"id": "1", "categories": []});
        only_asked_fields(&mut all, &[]);
        assert_eq!(all, serde_json::json!({"id": "1", "categories": []}));
    }
}
