//! The `flow-dsl` command-line tool.
//!
//! Each subcommand lives in its own module exposing an `Args` struct (clap) and a `run` function
//! returning the process exit code. This module only dispatches.

pub mod fmt;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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

#[derive(Debug, Subcommand)]
enum Command {
    Fmt(fmt::FmtArgs),
}

/// Entry point of the `flow-dsl` binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Fmt(args) => fmt::run(args),
    }
}
