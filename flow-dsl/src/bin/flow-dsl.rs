//! The `flow-dsl` command-line tool; all logic lives in `flow_dsl::cli`.
fn main() -> std::process::ExitCode {
    flow_dsl::cli::main()
}
