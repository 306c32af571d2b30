//! The `flow-dsl` command-line tool.
//!
//! Each subcommand lives in its own module exposing an `Args` struct (clap) and a `run` function
//! returning the process exit code. This module only dispatches.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod deploy;
pub(crate) mod escape;
mod excerpt;
pub mod flows;
pub mod fmt;
pub mod import;
pub(crate) mod import_check;
pub mod init;
pub mod keygen;
pub mod preview;
pub mod provider_args;
pub mod sandbox;
pub mod send;
pub mod target;
pub mod validate;
mod watch;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the command ran and found a problem (invalid flow, non-canonical file...).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the input could not be read or is not JSON, or the command failed.
pub const EXIT_ERROR: u8 = 2;

/// Write WhatsApp Flows in Rust; validate, format and deploy Flow JSON.
#[derive(Debug, Parser)]
#[command(name = "flow-dsl", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per process: variant sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Print Flow JSON in canonical form; --check, --compact, --write.
    Fmt(fmt::FmtArgs),
    /// Create a crate for your flows: flow! sources, build.rs, a manifest, a test.
    Init(init::InitArgs),
    /// Turn an existing flow.json (a file, stdin or a deployed flow) into Rust: flow! or builders.
    Import(import::ImportArgs),
    /// Check Flow JSON files against Meta's rules; all findings at once.
    Validate(validate::ValidateArgs),
    /// Run a local emulation of Meta's WhatsApp Flows API.
    Sandbox(sandbox::SandboxArgs),
    /// Send a flow to a WhatsApp user (Meta, Turn.io, Dreams, Jelou).
    Send(send::SendArgs),
    /// Generate the RSA key pair of a data_exchange endpoint.
    Keygen(keygen::KeygenArgs),
    /// Deploy flows (plan -> apply, idempotent, lockfile per environment).
    Deploy(deploy::DeployArgs),
    /// Publish a draft (irreversible).
    Publish(flows::FlowArgs),
    /// Deprecate a published flow.
    Deprecate(flows::FlowArgs),
    /// Delete a draft.
    Delete(flows::FlowArgs),
    /// List the account's flows.
    List(flows::ListArgs),
    /// Show a flow's fields.
    Get(flows::GetArgs),
    /// Print a flow's web preview URL, or (--local / a file) click through it in the browser.
    Preview(flows::PreviewArgs),
    /// List a flow's assets, or download its flow.json.
    Assets(flows::AssetsArgs),
    /// Register the endpoint's business public key (PEM) for the phone number.
    UploadPublicKey(flows::UploadKeyArgs),
    /// Copy flows from another WABA of the same business (Meta).
    Migrate(flows::MigrateArgs),
}

/// Whether to colour what goes to stderr: a terminal, and no `NO_COLOR` (https://no-color.org:
/// set and not empty).
pub(crate) fn stderr_color() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether to colour what goes to stdout (the validate report): a terminal, and no `NO_COLOR`.
pub(crate) fn stdout_color() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stdout())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Entry point of the `flow-dsl` binary: parses the command line and runs the command. Exit
/// codes: [`EXIT_OK`], [`EXIT_FINDINGS`] when the command found problems in what it was given
/// (validation errors, a non-canonical file under `fmt --check`, a refused send check), and
/// [`EXIT_ERROR`] for anything else (unreadable input, a failed request).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Fmt(args) => fmt::run(args),
        Command::Init(args) => init::run(args),
        Command::Import(args) => import::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Sandbox(args) => sandbox::run(args),
        Command::Send(args) => send::run(args),
        Command::Keygen(args) => keygen::run(args),
        Command::Deploy(args) => deploy::run(args),
        Command::Publish(args) => flows::run_status(args, flows::StatusChange::Publish),
        Command::Deprecate(args) => flows::run_status(args, flows::StatusChange::Deprecate),
        Command::Delete(args) => flows::run_status(args, flows::StatusChange::Delete),
        Command::List(args) => flows::run_list(args),
        Command::Get(args) => flows::run_get(args),
        Command::Preview(args) => flows::run_preview(args),
        Command::Assets(args) => flows::run_assets(args),
        Command::UploadPublicKey(args) => flows::run_upload_key(args),
        Command::Migrate(args) => flows::run_migrate(args),
    }
}
