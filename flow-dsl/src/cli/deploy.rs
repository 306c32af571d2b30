//! `flow-dsl deploy`: plan → apply flow.json files (or a manifest) against a provider or the
//! embedded sandbox.
//!
//! ```text
//! flow-dsl deploy flows/*.json --dry-run              # what would happen (embedded sandbox)
//! flow-dsl deploy --manifest flows.json --env prod --publish
//! WHATSAPP_TOKEN=... flow-dsl deploy --waba-id 1023 --env prod --json flows/survey.json
//! ```
//! Exit status: 0 all flows deployed, 1 invalid flows or some flow failed (the server's
//! validation errors of an upload count: printed as `file:line:column: server: ...`, and the
//! lockfile does not record that upload), 2 could not run or the deadline passed
//! (`--deadline`, `FLOW_DSL_DEADLINE`, default 300 s).
//!
//! `--json` prints one JSON document on stdout: `{"plan": …, "report": …}` (see
//! [`Plan`](crate::deploy::Plan) and [`DeployReport`](crate::deploy::DeployReport)); with
//! `--dry-run` `{"dry_run": true, "plan": …}`; for flows refused by local validation
//! `{"invalid": [{"name", "origin", "errors": [Meta-shaped validation errors]}]}`. Messages
//! (the target, validation errors) go to stderr; a progress bar too, only on a terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use super::escape::for_terminal;
use super::provider_args::{DEFAULT_DEPLOY_DEADLINE, deadline_message, within};
use super::target::{TargetArgs, note, out, runtime};
use super::{EXIT_ERROR, EXIT_FINDINGS};
use crate::api::Category;
use crate::deploy::{
    DEFAULT_CONCURRENCY, DEFAULT_LOCK_WAIT, DeployError, DeployOptions, Deployer, FlowSource,
    Manifest,
};

/// Deploy flows: create, update, publish; idempotent, with a lockfile per environment.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = super::provider_args::ENV_HELP)]
pub struct DeployArgs {
    /// Flow JSON files; each flow is named after its file stem.
    #[arg(required_unless_present = "manifest", conflicts_with = "manifest")]
    pub files: Vec<PathBuf>,
    /// A JSON manifest listing name, file, categories, endpoint_uri per flow.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Categories of flows given as files (repeatable; default OTHER). Meta's names, any
    /// case: `survey`, `SIGN_UP`, `sign-up`; a typo is refused with the closest name.
    #[arg(long = "category", value_name = "CATEGORY", value_parser = parse_category)]
    pub categories: Vec<Category>,
    /// Data-exchange endpoint URI of flows given as files (endpoint flows need one).
    #[arg(long, value_name = "URL", conflicts_with = "manifest")]
    pub endpoint_uri: Option<String>,
    /// Target, environment and embedded sandbox.
    #[command(flatten)]
    pub target: TargetArgs,
    /// Print the plan only; send nothing that changes anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Publish drafts after uploading (irreversible).
    #[arg(long)]
    pub publish: bool,
    /// Print plan and result as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Flows applied at the same time.
    #[arg(long, default_value_t = DEFAULT_CONCURRENCY, value_name = "N")]
    pub concurrency: usize,
    /// Deploy flows with local validation errors anyway.
    #[arg(long)]
    pub force: bool,
    /// Upload changes to PUBLISHED flows in place (moves them to DRAFT) instead of creating
    /// `NAME (vN)`.
    #[arg(long)]
    pub allow_edit_published: bool,
    /// Check the lockfile against the server's list of flows (one request).
    #[arg(long)]
    pub verify: bool,
    /// Seconds to wait for another deploy of the same environment (same lockfile) to finish.
    #[arg(long, default_value_t = DEFAULT_LOCK_WAIT.as_secs(), value_name = "SECONDS")]
    pub lock_wait: u64,
}

impl DeployArgs {
    fn sources(&self) -> Result<Vec<FlowSource>, DeployError> {
        if let Some(m) = &self.manifest {
            return Manifest::load(m);
        }
        let cats = self.categories.clone();
        // `deploy *.json` also matches the lockfiles this command writes; they are not flows.
        let (locks, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
            self.files.iter().partition(|f| is_lockfile(f));
        for l in &locks {
            note(&format!(
                "skipping {}: it is a deploy lockfile",
                l.display()
            ));
        }
        if files.is_empty() {
            return Err(DeployError::Input {
                path: self.files.first().cloned().unwrap_or_default(),
                reason: "only lockfiles given: name the flow JSON files to deploy".into(),
            });
        }
        files
            .into_iter()
            .map(|f| {
                let src = FlowSource::from_file(f, None, cats.clone())?;
                Ok(match &self.endpoint_uri {
                    Some(u) => src.endpoint_uri(u.clone()),
                    None => src,
                })
            })
            .collect()
    }

    fn options(&self, environment: String) -> DeployOptions {
        let dir = self
            .manifest
            .as_ref()
            .and_then(|m| m.parent())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        let mut o = DeployOptions::new(environment)
            .lockfile_dir(dir)
            .publish(self.publish)
            .force(self.force)
            .allow_edit_published(self.allow_edit_published)
            .concurrency(self.concurrency)
            .verify(self.verify)
            .lock_wait(std::time::Duration::from_secs(self.lock_wait));
        if let Some(l) = &self.target.lockfile {
            o = o.lockfile(l.clone());
        }
        o
    }
}

/// `--category`: [`Category::parse`] (typos refused with a "did you mean").
fn parse_category(s: &str) -> Result<Category, String> {
    Category::parse(s).map_err(|e| e.to_string())
}

/// Whether `path` is named like a lockfile, `flow-dsl.lock.<ENV>.json`.
fn is_lockfile(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("flow-dsl.lock.") && n.ends_with(".json"))
}

/// Runs `flow-dsl deploy`.
pub fn run(args: DeployArgs) -> ExitCode {
    let sources = match args.sources() {
        Ok(s) => s,
        Err(e) => {
            note(&format!("error: {e}"));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            note(&format!("error: {e}"));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    rt.block_on(deploy(args, sources))
}

async fn deploy(args: DeployArgs, sources: Vec<FlowSource>) -> ExitCode {
    let verb = if args.dry_run {
        "planning against"
    } else {
        "deploying to"
    };
    let (target, environment) = match args.target.resolve_with(verb, args.dry_run).await {
        Ok(t) => t,
        Err(e) => {
            note(&format!("error: {e}"));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let deadline = if target.sandbox().is_some() {
        None
    } else {
        args.target.provider.deadline(DEFAULT_DEPLOY_DEADLINE)
    };
    let deployer = Deployer::new(target, args.options(environment));
    let code = match within(deadline, run_deployer(&args, &deployer, &sources)).await {
        Ok(code) => code,
        Err(()) => {
            note(&format!(
                "error: {}; the lockfile keeps every change the server confirmed",
                deadline_message(deadline.unwrap_or_default())
            ));
            ExitCode::from(EXIT_ERROR)
        }
    };
    deployer.into_target().shutdown().await;
    code
}

async fn run_deployer(args: &DeployArgs, deployer: &Deployer, sources: &[FlowSource]) -> ExitCode {
    // Held from before the plan to the end of the apply, so that a second deploy of this
    // environment waits instead of planning from a lockfile about to change.
    let _held = if args.dry_run {
        None
    } else {
        match deployer.hold().await {
            Ok(h) => Some(h),
            Err(e) => {
                note(&format!("error: {e}"));
                return ExitCode::from(EXIT_ERROR);
            }
        }
    };
    let plan = match deployer.plan(sources).await {
        Ok(p) => p,
        Err(DeployError::Invalid(bad)) => {
            if args.json {
                out(&json!({ "invalid": bad }).to_string());
            }
            for flow in &bad {
                let origin = flow
                    .origin
                    .as_ref()
                    .map_or(flow.name.clone(), |p| p.display().to_string());
                for e in &flow.errors {
                    let at = match (e.line_start, e.column_start) {
                        (Some(l), Some(c)) => format!(":{l}:{c}"),
                        _ => String::new(),
                    };
                    note(&format!("{origin}{at}: {e}"));
                }
            }
            note(&format!(
                "refusing to deploy {} invalid flow(s); fix them or pass --force",
                bad.len()
            ));
            return ExitCode::from(EXIT_FINDINGS);
        }
        Err(e) => {
            note(&format!("error: {e}"));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    if args.dry_run {
        if args.json {
            out(&json!({ "dry_run": true, "plan": plan }).to_string());
        } else {
            out(&for_terminal(&plan.to_string()));
            out("(dry run: nothing was changed)");
        }
        return ExitCode::SUCCESS;
    }
    if !args.json {
        out(&for_terminal(&plan.to_string()));
    }
    let plan_json = args
        .json
        .then(|| serde_json::to_value(&plan).ok())
        .flatten();
    let bar = progress_bar(
        plan.flows
            .iter()
            .filter(|f| f.action.is_mutating() || f.publish)
            .count(),
    );
    let report = match &bar {
        Some(bar) => {
            let tick = |o: &crate::deploy::FlowOutcome| {
                if !o.steps.is_empty() || o.error.is_some() {
                    bar.inc(1);
                    bar.set_message(super::escape::value(&o.remote_name).into_owned());
                }
            };
            deployer.apply_held(plan, Some(&tick)).await
        }
        None => deployer.apply_held(plan, None).await,
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            note(&format!("error: {e}"));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    if args.json {
        out(&json!({ "plan": plan_json, "report": report }).to_string());
    } else {
        out(&for_terminal(&report.to_string()));
    }
    server_findings(&report, sources);
    if report.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FINDINGS)
    }
}

/// The server's validation errors of each flow, one line each on stderr, located like the local
/// validator's: `file:line:column: CODE: message (at path)`. When the server gives a path but
/// no position, the position is found in the text that was uploaded.
fn server_findings(report: &crate::deploy::DeployReport, sources: &[FlowSource]) {
    for o in report
        .flows
        .iter()
        .filter(|o| !o.validation_errors.is_empty())
    {
        let src = sources.iter().find(|s| s.name == o.name);
        let origin = src
            .and_then(|s| s.origin.as_ref())
            .map_or(o.name.clone(), |p| p.display().to_string());
        let text = src.map(|s| s.json_text());
        let map = text.as_deref().map(flow_model::SourceMap::new);
        for e in &o.validation_errors {
            let at = match (e.line_start, e.column_start) {
                (Some(l), Some(c)) => Some((l, c)),
                _ => e
                    .path()
                    .zip(map.as_ref())
                    .and_then(|(path, m)| m.span_or_ancestor(path).map(|s| m.line_col(s.start)))
                    .map(|lc| (lc.line, lc.column)),
            };
            let at = at.map_or(String::new(), |(l, c)| format!(":{l}:{c}"));
            note(&format!("{origin}{at}: server: {e}"));
        }
    }
}

/// A progress bar on stderr, only when stderr is a terminal and there is work to show.
fn progress_bar(len: usize) -> Option<indicatif::ProgressBar> {
    if len == 0 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} flows {elapsed} {msg}")
    {
        bar.set_style(style);
    }
    Some(bar)
}
