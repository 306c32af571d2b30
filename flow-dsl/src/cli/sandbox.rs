//! `flow-dsl sandbox`: run the Flows API sandbox standalone.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::sandbox::{Auth, Faults, Sandbox, SandboxConfig};

use super::{EXIT_ERROR, EXIT_OK};

/// `println!` that ignores write errors: a closed stdout pipe must not bring the sandbox down.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` that ignores write errors.
macro_rules! esay {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

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
    /// Probability (0-1) of handling the request, then holding the response for --stall-ms.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub stall: f64,
    /// How long a stalled response is held, in milliseconds.
    #[arg(long, default_value_t = 30_000, value_name = "MS")]
    pub stall_ms: u64,
    /// HTTP status of injected server errors (500-599).
    #[arg(long, default_value_t = 500, value_name = "STATUS")]
    pub server_error_status: u16,
    /// Seed for the fault generator (same seed and requests, same faults).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Graph error code of injected 429s (80007 WABA limit, 4 app limit, 130429 throughput).
    #[arg(long, default_value_t = 80_007, value_name = "CODE")]
    pub rate_limit_code: u32,
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
                stall: self.stall,
                stall_ms: self.stall_ms,
                server_error_status: self.server_error_status,
                seed: self.seed,
                retry_after_secs: self.retry_after,
                rate_limit_code: self.rate_limit_code,
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
        .with_ansi(super::stderr_color())
        .try_init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            esay!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    runtime.block_on(serve(args))
}

async fn serve(args: SandboxArgs) -> ExitCode {
    if !args.addr.ip().is_loopback() {
        esay!(
            "warning: listening on {}, which is not a loopback address; anyone who can reach it \
             can use the sandbox.",
            args.addr
        );
    }
    let stop = StopSignal::install();
    let sandbox = match Sandbox::start(args.config()).await {
        Ok(s) => s,
        Err(e) => {
            esay!("error: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let base = sandbox.base_url();
    say!("flow-dsl sandbox: Meta's Flows API emulated at {base} (any /vNN.N prefix works)");
    match &args.state {
        Some(p) => say!("state file: {}", p.display()),
        None => say!("state: in memory only (use --state FILE to keep it)"),
    }
    // Never echo a configured token: show where it comes from instead.
    let token = match (&args.token, args.no_auth) {
        (_, true) => "anything",
        (Some(_), false) => "<the --token value>",
        (None, false) => "sandbox-token",
    };
    say!();
    say!("Use it with:");
    say!("  export WHATSAPP_TOKEN='{token}'");
    // The embedded sandbox's WABA id: with the same --state file, `list` here and there shows
    // the same flows.
    let waba = crate::deploy::SANDBOX_WABA_ID;
    say!("  flow-dsl deploy --base-url {base} --waba-id {waba} …");
    say!("  curl -H \"Authorization: Bearer $WHATSAPP_TOKEN\" {base}/v25.0/{waba}/flows");
    say!("Control: {base}/_sandbox/state, {base}/_sandbox/requests, PUT {base}/_sandbox/faults");
    say!("Press Ctrl-C to stop.");
    stop.wait().await;
    say!("stopping…");
    sandbox.shutdown().await;
    ExitCode::from(EXIT_OK)
}

/// Waits for Ctrl-C, or SIGINT/SIGTERM on Unix (how CI and process managers stop services).
///
/// On Unix the handlers are installed when this is created, before the URL is printed, so a
/// supervisor that signals as soon as it has read the URL does not kill the process outright.
struct StopSignal {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl StopSignal {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signals = match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) {
                (Ok(int), Ok(term)) => Some((int, term)),
                (Err(e), _) | (_, Err(e)) => {
                    esay!("warning: cannot install signal handlers ({e}); using Ctrl-C only");
                    None
                }
            };
            Self { signals }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }

    async fn wait(self) {
        #[cfg(unix)]
        if let Some((mut int, mut term)) = self.signals {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        if let Err(e) = tokio::signal::ctrl_c().await {
            esay!("error: cannot wait for Ctrl-C: {e}");
        }
    }
}
