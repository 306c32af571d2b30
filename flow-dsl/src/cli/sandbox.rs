//! `flow-dsl sandbox`: run the Flows API sandbox standalone.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::sandbox::{Auth, Faults, Sandbox, SandboxConfig};

use super::{EXIT_ERROR, EXIT_OK};

/// Run a local emulation of Meta's WhatsApp Flows API (state optionally kept in a file).
///
/// ```
/// use clap::Parser;
/// #[derive(Parser)]
/// struct Cli {
///     #[command(flatten)]
///     args: flow_dsl::cli::sandbox::SandboxArgs,
/// }
/// let cli = Cli::parse_from(["x", "--latency-ms", "100", "--server-error", "0.2", "--seed", "7"]);
/// assert_eq!(cli.args.latency_ms, 100);
/// assert_eq!(cli.args.addr.port(), 8025);
/// ```
#[derive(Debug, Clone, clap::Args)]
pub struct SandboxArgs {
    /// Address to listen on. Keep it on loopback: the sandbox accepts any token by default.
    #[arg(long, default_value = "127.0.0.1:8025")]
    pub addr: SocketAddr,
    /// Keep the state in this JSON file (loaded at start, saved atomically after every change).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Accept only this access token instead of any non-empty one.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "FLOW_DSL_SANDBOX_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Do not require an access token at all.
    #[arg(long, conflicts_with = "token")]
    pub no_auth: bool,
    /// Delay every request by this many milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency_ms: u64,
    /// Probability (0-1) of answering 429 with Retry-After.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub rate_limit: f64,
    /// Probability (0-1) of answering a 5xx.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub server_error: f64,
    /// Probability (0-1) of closing the connection without handling the request.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub drop_connection: f64,
    /// Probability (0-1) of handling the request, then closing the connection without answering.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub drop_response: f64,
    /// Seed for the fault generator (same seed and requests, same faults).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Retry-After seconds sent with injected 429s.
    #[arg(long, default_value_t = 1, value_name = "SECS")]
    pub retry_after: u64,
}

impl SandboxArgs {
    fn config(&self) -> SandboxConfig {
        SandboxConfig {
            addr: self.addr,
            state_file: self.state.clone(),
            faults: Faults {
                latency_ms: self.latency_ms,
                rate_limit: self.rate_limit,
                server_error: self.server_error,
                drop_connection: self.drop_connection,
                drop_response: self.drop_response,
                seed: self.seed,
                retry_after_secs: self.retry_after,
                ..Faults::default()
            },
            auth: match (&self.token, self.no_auth) {
                (_, true) => Auth::Disabled,
                (Some(t), false) => Auth::Token(t.clone()),
                (None, false) => Auth::AnyToken,
            },
            ..SandboxConfig::default()
        }
    }
}

/// Runs the sandbox until Ctrl-C, logging one line per request to stderr.
pub fn run(args: SandboxArgs) -> ExitCode {
    // One line per request (`RUST_LOG` overrides); a no-op if the caller already set a subscriber.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("flow_dsl::sandbox=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    runtime.block_on(serve(args))
}

async fn serve(args: SandboxArgs) -> ExitCode {
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, which is not a loopback address; anyone who can reach it \
             can use the sandbox.",
            args.addr
        );
    }
    let sandbox = match Sandbox::start(args.config()).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let base = sandbox.base_url();
    println!("flow-dsl sandbox: Meta's Flows API emulated at {base} (any /vNN.N prefix works)");
    match &args.state {
        Some(p) => println!("state file: {}", p.display()),
        None => println!("state: in memory only (use --state FILE to keep it)"),
    }
    println!();
    println!("Use it with:");
    println!("  export WHATSAPP_TOKEN=sandbox-token");
    println!("  flow-dsl deploy --base-url {base} --waba-id 1234567890 …");
    println!("  curl -H 'Authorization: Bearer sandbox-token' {base}/v25.0/1234567890/flows");
    println!(
        "Control: {base}/_sandbox/state, {base}/_sandbox/requests, PUT {base}/_sandbox/faults"
    );
    println!("Press Ctrl-C to stop.");
    stop_signal().await;
    println!("stopping…");
    sandbox.shutdown().await;
    ExitCode::from(EXIT_OK)
}

/// Ctrl-C, or SIGTERM on Unix (how CI and process managers stop services).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    r = tokio::signal::ctrl_c() => {
                        if let Err(e) = r {
                            eprintln!("error: cannot wait for Ctrl-C: {e}");
                        }
                    }
                    _ = term.recv() => {}
                }
                return;
            }
            Err(e) => eprintln!("warning: cannot listen for SIGTERM: {e}"),
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {e}");
    }
}
