//! [`deploy`] and [`deploy_main`]: a `cargo run` deploy of `flow!` flows in two lines, with the
//! same defaults as `flow-dsl deploy`.

use std::path::Path;
use std::process::ExitCode;

use super::{DeployError, DeployOptions, DeployReport, Deployer, FlowOutcome, FlowSource, Target};

/// Where the embedded sandbox keeps its flows: the same file `flow-dsl` uses, so `flow-dsl list`
/// in the same directory sees what `cargo run` deployed.
pub const SANDBOX_STATE: &str = ".flow-dsl/sandbox.json";

/// Deploys `flows` the way `flow-dsl deploy` does, for a program's `main`:
///
/// - target: Meta when `WHATSAPP_TOKEN` and `WHATSAPP_WABA_ID` are set; otherwise the embedded
///   sandbox with its state in [`SANDBOX_STATE`] (needs the `sandbox` feature; without it,
///   credentials are required);
/// - environment `FLOW_DSL_ENV` (default `sandbox` on the embedded sandbox, `default`
///   elsewhere), lockfile `flow-dsl.lock.<ENV>.json` in the current directory;
/// - `FLOW_DSL_PUBLISH=1` publishes after uploading; `FLOW_DSL_DRY_RUN=1` prints the plan only
///   and writes no file (the report then lists the planned actions, with no step done).
///
/// Each flow is validated once; an invalid flow, a category problem or an endpoint flow with no
/// endpoint URI stops the deploy before any request. The plan and the report go to stdout.
///
/// ```no_run
/// flow_dsl::flow! {
///     <Flow name=Survey version="7.3" categories=[SURVEY]>
///         <Screen id="DONE" terminal>
///             <Footer label="Done" on-click-action={complete({})} />
///         </Screen>
///     </Flow>
/// }
/// #[tokio::main]
/// async fn main() -> Result<(), flow_dsl::deploy::DeployError> {
///     flow_dsl::deploy::deploy([Survey::source()]).await?;
///     Ok(())
/// }
/// ```
pub async fn deploy(
    flows: impl IntoIterator<Item = FlowSource>,
) -> Result<DeployReport, DeployError> {
    let flows: Vec<FlowSource> = flows.into_iter().collect();
    let flag = |k: &str| std::env::var(k).is_ok_and(|v| v == "1" || v == "true");
    let dry_run = flag("FLOW_DSL_DRY_RUN");
    let target = target(dry_run).await?;
    let embedded = target.is_embedded_sandbox();
    eprintln!(
        "{} {}",
        if dry_run {
            "planning against"
        } else {
            "deploying to"
        },
        target.describe()
    );
    let environment = std::env::var("FLOW_DSL_ENV")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| if embedded { "sandbox" } else { "default" }.to_owned());
    let options = DeployOptions::new(environment).publish(flag("FLOW_DSL_PUBLISH"));
    let deployer = Deployer::new(target, options);
    let result = async {
        if dry_run {
            let plan = deployer.plan(&flows).await?;
            println!("{plan}");
            println!("(dry run: nothing was changed)");
            // What the plan would do, with no step done.
            return Ok(DeployReport {
                environment: plan.environment.clone(),
                target: plan.target.clone(),
                lockfile: plan.lockfile.clone(),
                elapsed_ms: 0,
                flows: plan.flows.iter().map(FlowOutcome::planned).collect(),
            });
        }
        let report = deployer.deploy(&flows).await?;
        println!("{report}");
        Ok(report)
    }
    .await;
    if embedded && !dry_run && result.is_ok() {
        eprintln!(
            "the embedded sandbox stopped with this program; its flows stay in {SANDBOX_STATE} \
             (`flow-dsl list`, or `flow-dsl sandbox --state {SANDBOX_STATE}` to browse previews)"
        );
    }
    deployer.into_target().shutdown().await;
    result
}

/// [`deploy`] as a whole `main`: prints what went wrong (every invalid flow's findings) and
/// returns the exit code `flow-dsl deploy` would (0 ok, 1 a flow failed or is invalid, 2 could
/// not run).
///
/// ```no_run
/// # flow_dsl::flow! {
/// #     <Flow name=Survey version="7.3" categories=[SURVEY]>
/// #         <Screen id="DONE" terminal>
/// #             <Footer label="Done" on-click-action={complete({})} />
/// #         </Screen>
/// #     </Flow>
/// # }
/// #[tokio::main]
/// async fn main() -> std::process::ExitCode {
///     flow_dsl::deploy::deploy_main([Survey::source()]).await
/// }
/// ```
pub async fn deploy_main(flows: impl IntoIterator<Item = FlowSource>) -> ExitCode {
    match deploy(flows).await {
        Ok(report) if report.is_success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(DeployError::Invalid(bad)) => {
            for flow in &bad {
                eprintln!("flow `{}` is invalid:", flow.name);
                for e in &flow.errors {
                    eprintln!("  {e}");
                }
            }
            eprintln!("refusing to deploy {} invalid flow(s)", bad.len());
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

async fn target(dry_run: bool) -> Result<Target, DeployError> {
    if let Some(t) = Target::from_env()? {
        return Ok(t);
    }
    let state = Path::new(SANDBOX_STATE);
    #[cfg(feature = "sandbox")]
    {
        if dry_run {
            Target::embedded_sandbox_read_only(state).await
        } else {
            Target::embedded_sandbox(Some(state)).await
        }
    }
    #[cfg(not(feature = "sandbox"))]
    {
        let _ = (dry_run, state);
        Err(DeployError::Config(
            "no WHATSAPP_TOKEN set: set WHATSAPP_TOKEN and WHATSAPP_WABA_ID, or enable \
             flow-dsl's `sandbox` feature to deploy to the embedded sandbox"
                .into(),
        ))
    }
}
