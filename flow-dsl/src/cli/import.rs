//! `flow-dsl import FILE.json|- [--as macro|builders] [--name T] [-o FILE.rs] [--force] [--check]`
//! (or `--flow-id ID` with the provider flags): an existing flow becomes a Rust module, through
//! [`crate::import::import`].
//!
//! The Rust goes to standard output, or with `-o` to a file written atomically that is never
//! replaced without `--force`. An invalid flow still imports: its validator findings become
//! comments in the code (which then does not compile), are listed on standard error, and the
//! exit code is 1. `--check` compiles the module (`cli::import_check`) and prints the compiler's
//! errors at the JSON file's lines and columns.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flow_model::SourceMap;
use flow_model::validate::Severity;

use super::target::{TargetArgs, note, resolve_flow, runtime};
use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, escape};
use crate::import::{ImportError, ImportOptions, Imported, Style};

/// Which Rust to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum As {
    /// One `flow!` invocation.
    Macro,
    /// Builder calls (`flow_dsl::builder`).
    Builders,
}

impl From<As> for Style {
    fn from(a: As) -> Style {
        match a {
            As::Macro => Style::Macro,
            As::Builders => Style::Builders,
        }
    }
}

/// Arguments of `flow-dsl import`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = super::provider_args::ENV_HELP)]
pub struct ImportArgs {
    /// The Flow JSON file (`-` reads standard input).
    #[arg(required_unless_present = "flow_id", conflicts_with = "flow_id")]
    pub file: Option<PathBuf>,
    /// Import a deployed flow instead: its current flow.json, downloaded through the API (a flow
    /// id, a lockfile name or a flow name on the server; see the provider flags).
    #[arg(long, value_name = "ID")]
    pub flow_id: Option<String>,
    /// `flow!` (the default) or builder calls.
    #[arg(long = "as", value_enum, default_value_t = As::Macro)]
    pub style: As,
    /// Rust type name of the flow (default: from the file name).
    #[arg(long, value_name = "TypeName")]
    pub name: Option<String>,
    /// Write the module to this file (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE.rs")]
    pub output: Option<PathBuf>,
    /// Replace the `-o` file if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Compile the generated module (`cargo check` in a temporary crate) and print its errors at
    /// the JSON file's lines and columns.
    #[arg(long)]
    pub check: bool,
    /// For `--check`: depend on flow-dsl by path (a checkout's `flow-dsl/` directory); default:
    /// the checkout this tool was built from if it is still there, else the crates.io version.
    #[arg(long, env = "FLOW_DSL_PATH", value_name = "DIR")]
    pub flow_dsl_path: Option<PathBuf>,
    /// Provider, account and embedded sandbox (with `--flow-id`).
    #[command(flatten)]
    pub target: TargetArgs,
}

/// The document to import: its text and how to name it.
struct Input {
    text: String,
    /// Shown in messages (`booking.json`, `<stdin>`, `flow 1234`).
    display: String,
    /// Given to the importer for the default type name.
    file_name: Option<String>,
}

/// Runs `flow-dsl import`. Exit 0 when the module was written (and, with `--check`, compiles);
/// 1 when the input has validator errors or `--check` found compile errors; 2 when there was
/// nothing to import (unreadable, not Flow JSON, bad `--name`, an existing `-o` file).
pub fn run(args: ImportArgs) -> ExitCode {
    ExitCode::from(run_code(&args))
}

fn run_code(args: &ImportArgs) -> u8 {
    let input = match read_input(args) {
        Ok(i) => i,
        Err(e) => {
            note(&format!("error: {e}"));
            return EXIT_ERROR;
        }
    };
    let mut options = ImportOptions::new().style(args.style.into());
    if let Some(n) = &args.name {
        options = options.type_name(n.clone());
    }
    if let Some(f) = &input.file_name {
        options = options.file_name(f.clone());
    }
    let imported = match crate::import::import(&input.text, &options) {
        Ok(i) => i,
        Err(e) => {
            note(&describe_import_error(&input.display, &e));
            return EXIT_ERROR;
        }
    };
    let mut code = report_findings(&input, &imported);
    match &args.output {
        Some(path) => {
            if let Err(e) = write_output(path, imported.rust.as_bytes(), args.force) {
                note(&format!("error: {e}"));
                return EXIT_ERROR;
            }
            note(&format!(
                "wrote {} ({}, {} lines)",
                path.display(),
                imported.type_name,
                imported.rust.lines().count()
            ));
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) ends the output, not the process with a panic.
            let _ = stdout
                .write_all(imported.rust.as_bytes())
                .and_then(|()| stdout.flush());
        }
    }
    if args.check {
        let crate_path = args
            .flow_dsl_path
            .clone()
            .or_else(super::import_check::this_checkout);
        match super::import_check::check(&imported, &input.text, crate_path.as_deref()) {
            Ok(report) => {
                for line in report.render(&input.display) {
                    note(&line);
                }
                if !report.errors.is_empty() {
                    code = EXIT_FINDINGS;
                }
            }
            Err(e) => {
                note(&format!("error: --check: {e}"));
                return EXIT_ERROR;
            }
        }
    }
    code
}

/// Reads FILE, standard input, or the deployed flow's JSON.
fn read_input(args: &ImportArgs) -> Result<Input, String> {
    if let Some(flow) = &args.flow_id {
        return download(&args.target, flow);
    }
    let path = args.file.as_deref().unwrap_or(Path::new("-"));
    let (bytes, display, file_name) = if path.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        (b, "<stdin>".to_owned(), None)
    } else {
        let b = std::fs::read(path).map_err(|e| {
            format!(
                "cannot read {}: {e}",
                escape::value(&path.display().to_string())
            )
        })?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        (b, path.display().to_string(), name)
    };
    let text = crate::decode::decode(&bytes)
        .map_err(|d| {
            format!(
                "{}:{}:{}: {} ({})",
                escape::value(&display),
                d.parse.line,
                d.parse.column,
                d.parse.message,
                d.help
            )
        })?
        .to_owned();
    Ok(Input {
        text,
        display,
        file_name,
    })
}

/// Downloads the current flow.json of a deployed flow.
fn download(target_args: &TargetArgs, flow: &str) -> Result<Input, String> {
    let rt = runtime()?;
    rt.block_on(async {
        let (target, env) = target_args.resolve("importing from").await?;
        let lockfile = target_args.lockfile(&env);
        let fetched = async {
            let (id, lock_name) = resolve_flow(&target, &lockfile, flow).await?;
            let json = target
                .client
                .download_flow_json(&id)
                .await
                .map_err(|e| super::target::describe_api_error(&e))?;
            // A name (from the lockfile or given) makes a better type name than a numeric id.
            let name = lock_name
                .or_else(|| (!flow.bytes().all(|b| b.is_ascii_digit())).then(|| flow.to_owned()));
            Ok::<_, String>((id, name, json))
        }
        .await;
        target.shutdown().await;
        let (id, name, text) = fetched?;
        Ok(Input {
            text,
            display: format!("flow {id}"),
            file_name: name,
        })
    })
}

/// The error of an input with no flow in it, located.
fn describe_import_error(display: &str, e: &ImportError) -> String {
    match e {
        ImportError::Parse {
            path,
            line,
            column,
            message,
        } => {
            let at = if path.is_empty() {
                String::new()
            } else {
                format!(" at {}", escape::path(path))
            };
            format!(
                "error: {}:{line}:{column}: not a Flow JSON document{at}: {}",
                escape::value(display),
                escape::value(message)
            )
        }
        other => format!("error: {}", escape::value(&other.to_string())),
    }
}

/// Lists the validator's errors on the input (they are comments in the code); the exit code.
fn report_findings(input: &Input, imported: &Imported) -> u8 {
    let errors: Vec<_> = imported
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return EXIT_OK;
    }
    let map = SourceMap::only(&input.text, errors.iter().map(|f| f.path.as_str()));
    for f in &errors {
        let at = map
            .span_or_ancestor(&f.path)
            .map(|s| map.line_col(s.start))
            .map(|lc| format!("{}:{}", lc.line, lc.column))
            .unwrap_or_else(|| "1:1".into());
        note(&format!(
            "{}:{at}: {}: {} ({})",
            escape::value(&input.display),
            f.code,
            escape::value(&f.message),
            escape::path(&f.path)
        ));
    }
    note(&format!(
        "{} validator error{} in the input: imported with {} where {}; the \
         generated code does not compile until {} fixed",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        if errors.len() == 1 {
            "it as a comment"
        } else {
            "them as comments"
        },
        if errors.len() == 1 {
            "it applies"
        } else {
            "they apply"
        },
        if errors.len() == 1 {
            "it is"
        } else {
            "they are"
        },
    ));
    EXIT_FINDINGS
}

/// Writes `bytes` to `path` atomically: replacing an existing file only with `force`, and then
/// through a temporary file and a rename; without it, the new file appears complete or not at
/// all, and a file created meanwhile by someone else is not replaced either.
fn write_output(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    let shown = || escape::value(&path.display().to_string()).into_owned();
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    if force {
        return crate::atomic_file::replace(path, bytes, crate::atomic_file::Durability::Sync)
            .map_err(|e| format!("{}: {e}", shown()));
    }
    crate::atomic_file::create_new(path, bytes).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{} exists: not replaced (add --force to replace it)",
                shown()
            )
        } else {
            format!("{}: {e}", shown())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_output_is_kept_without_force_and_replaced_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("flows/x.rs");
        write_output(&path, b"first", false).unwrap();
        let e = write_output(&path, b"second", false).unwrap_err();
        assert!(e.contains("--force"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        write_output(&path, b"third", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "third");
        // No temporary file is left behind.
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("x.rs")]);
    }

    #[test]
    fn a_parse_error_names_the_file_line_column_and_path() {
        let e = ImportError::Parse {
            path: "screens[0]".into(),
            line: 3,
            column: 7,
            message: "expected `,`\u{1b}[2J".into(),
        };
        let s = describe_import_error("a.json", &e);
        assert!(s.starts_with("error: a.json:3:7: "), "{s}");
        assert!(s.contains("screens[0]"), "{s}");
        assert!(!s.contains('\u{1b}'), "control characters are escaped: {s}");
    }
}
