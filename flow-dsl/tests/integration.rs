//! flow-dsl's integration tests, as one test binary: linking one binary instead of thirty-odd
//! (each with the whole library and its HTTP stack) saves minutes of linking and over a
//! gigabyte of `target/`. Each module is one former test file; a module that needs a feature
//! is compiled only with it (`cargo test -p flow-dsl --features cli --test integration` runs
//! them all; add a module name to filter: `... --test integration api_meta::`).
//!
//! Kept as their own binaries (`[[test]]` in Cargo.toml): `api_tracing` and `endpoint_logs`,
//! which each install the process-wide tracing subscriber, and `provider_lifecycle`.

#[cfg(feature = "client")]
mod common;
// Each feature set uses a part of it.
#[cfg(all(feature = "deploy", feature = "sandbox"))]
mod deploy_support;
#[allow(dead_code)]
mod paths;

#[cfg(feature = "cli")]
mod api_cli;
#[cfg(feature = "client")]
mod api_dreams;
#[cfg(feature = "client")]
mod api_jelou;
#[cfg(feature = "client")]
mod api_meta;
#[cfg(feature = "client")]
mod api_retry;
#[cfg(feature = "cli")]
mod api_secrets;
#[cfg(feature = "client")]
mod api_security;
#[cfg(feature = "client")]
mod api_send_check;
#[cfg(feature = "client")]
mod api_serpro;
#[cfg(feature = "client")]
mod api_turn;
mod assets;
mod builder_broken;
mod builder_expr;
#[cfg(feature = "cli")]
mod cli_early_failures;
#[cfg(feature = "cli")]
mod cli_fmt;
#[cfg(feature = "cli")]
mod cli_import;
#[cfg(feature = "cli")]
mod cli_preview;
#[cfg(feature = "cli")]
mod cli_validate;
#[cfg(all(feature = "deploy", feature = "sandbox"))]
mod deploy_acceptance;
#[cfg(feature = "cli")]
mod deploy_cli;
#[cfg(all(feature = "deploy", feature = "sandbox"))]
mod deploy_lifecycle;
#[cfg(all(feature = "deploy", feature = "sandbox"))]
mod deploy_providers;
#[cfg(feature = "axum")]
mod endpoint_http;
#[cfg(feature = "endpoint")]
mod endpoint_keys;
#[cfg(feature = "axum")]
mod endpoint_limits;
mod endpoint_typed;
#[cfg(feature = "endpoint")]
mod endpoint_vectors;
#[cfg(feature = "cli")]
mod fmt_mutations;
#[cfg(feature = "import")]
mod import_corpus;
#[cfg(feature = "cli")]
mod init_scaffold;
#[cfg(feature = "cli")]
mod macro_parity;
mod one_rule_engine;
#[cfg(feature = "sandbox")]
mod sandbox_api;
#[cfg(feature = "cli")]
mod sandbox_cli;
#[cfg(feature = "sandbox")]
mod sandbox_faults;
mod sim_corpus;
mod webhook;
