//! `flow-dsl init [DIR] [--template survey|booking|endpoint]`: a new crate whose flows are
//! written with `flow!`, validated and written as JSON by build.rs, deployed by `cargo run`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::target::{note, out};
use super::{EXIT_ERROR, EXIT_OK};

/// Create a crate for your flows: `flow!` sources, build.rs, a manifest, a test.
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// Directory of the new crate (created; must be empty if it exists). Default: `.`.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The flow to start from.
    #[arg(long, value_enum, default_value_t = Template::Survey)]
    pub template: Template,
    /// Package name (default: the directory's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Depend on flow-dsl by path (a checkout's `flow-dsl/` directory) instead of by version.
    #[arg(long, env = "FLOW_DSL_PATH", value_name = "DIR")]
    pub flow_dsl_path: Option<PathBuf>,
}

/// A starting flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    /// A one-screen satisfaction survey.
    Survey,
    /// A three-screen appointment booking.
    Booking,
    /// A flow with a data-exchange endpoint (deploys need `ENDPOINT_URI`).
    Endpoint,
}

impl Template {
    /// The flow type name, its module and its source.
    fn flow(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Template::Survey => ("Survey", "survey", SURVEY),
            Template::Booking => ("Booking", "booking", BOOKING),
            Template::Endpoint => ("Quote", "quote", ENDPOINT),
        }
    }
}

/// Runs `flow-dsl init`.
pub fn run(args: InitArgs) -> ExitCode {
    match init(&args) {
        Ok(files) => {
            for f in &files {
                out(&format!("created {}", f.display()));
            }
            let dir = args.dir.display();
            out(&format!(
                "\nnext:\n  cd {dir}\n  cargo build            # build.rs validates the flows and writes flows/*.json\n  \
                 cargo test\n  cargo run --features deploy   # deploys (the embedded sandbox without WHATSAPP_TOKEN)"
            ));
            if args.template == Template::Endpoint {
                out("  (the endpoint flow deploys with ENDPOINT_URI=https://… set)");
            }
            ExitCode::from(EXIT_OK)
        }
        Err(e) => {
            note(&format!("error: {e}"));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Writes the crate; the files created, in order.
pub fn init(args: &InitArgs) -> Result<Vec<PathBuf>, String> {
    let dir = &args.dir;
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty: give a new directory (flow-dsl init my-flows)",
                dir.display()
            ));
        }
    }
    let name = match &args.name {
        Some(n) => n.clone(),
        None => package_name(dir)?,
    };
    if !valid_package_name(&name) {
        return Err(format!(
            "`{name}` is not a valid package name: use letters, digits, `-` and `_`, starting \
             with a letter (--name NAME)"
        ));
    }
    let krate = name.replace('-', "_");
    let dep = dependency_spec(args.flow_dsl_path.as_deref())?;
    let (flow, module, source) = args.template.flow();
    let endpoint = args.template == Template::Endpoint;
    let source_call = if endpoint {
        format!(
            "{flow}::source()\n            // Endpoint flows need their URL (Meta refuses to publish without it).\n            \
             .endpoint_uri(std::env::var(\"ENDPOINT_URI\").unwrap_or_default())"
        )
    } else {
        format!("{flow}::source()")
    };
    let endpoint_uri = if endpoint {
        ",\n      \"endpoint_uri\": \"https://example.com/flows/quote\""
    } else {
        ""
    };
    let category = match args.template {
        Template::Survey => "SURVEY",
        Template::Booking => "APPOINTMENT_BOOKING",
        Template::Endpoint => "LEAD_GENERATION",
    };

    let files: Vec<(String, String)> = vec![
        ("Cargo.toml".into(), cargo_toml(&name, &dep)),
        (".gitignore".into(), GITIGNORE.to_owned()),
        (".cargo/config.toml".into(), CARGO_CONFIG.to_owned()),
        ("build.rs".into(), BUILD_RS.replace("{flow}", flow)),
        ("src/lib.rs".into(), LIB_RS.to_owned()),
        (
            "src/main.rs".into(),
            MAIN_RS
                .replace("{krate}", &krate)
                .replace("{flow}", flow)
                .replace("{source_call}", &source_call),
        ),
        (
            "src/flows/mod.rs".into(),
            FLOWS_MOD
                .replace("{module}", module)
                .replace("{flow}", flow),
        ),
        (format!("src/flows/{module}.rs"), source.to_owned()),
        (
            "flows.json".into(),
            MANIFEST
                .replace("{flow}", flow)
                .replace("{category}", category)
                .replace("{endpoint_uri}", endpoint_uri),
        ),
        (
            "tests/flows.rs".into(),
            TEST_RS.replace("{krate}", &krate).replace("{flow}", flow),
        ),
        ("README.md".into(), README.replace("{name}", &name)),
    ];
    let mut created = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        write_new(&path, &text)?;
        created.push(path);
    }
    Ok(created)
}

/// Creates `path` with `text`, atomically; never replaces an existing file.
fn write_new(path: &Path, text: &str) -> Result<(), String> {
    crate::atomic_file::create_new(path, text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The inside of a `flow-dsl = { ... }` dependency: by path (a checkout's `flow-dsl/`
/// directory, checked) or by this tool's version. Shared with `import --check`.
pub(crate) fn dependency_spec(flow_dsl_path: Option<&Path>) -> Result<String, String> {
    match flow_dsl_path {
        Some(p) => {
            let abs = std::path::absolute(p).map_err(|e| format!("{}: {e}", p.display()))?;
            if !abs.join("Cargo.toml").is_file() {
                return Err(format!(
                    "--flow-dsl-path {}: no Cargo.toml there (give the flow-dsl/ directory of a checkout)",
                    p.display()
                ));
            }
            Ok(format!("path = {}", toml_string(&abs.to_string_lossy())))
        }
        None => Ok(format!("version = \"{}\"", env!("CARGO_PKG_VERSION"))),
    }
}

fn package_name(dir: &Path) -> Result<String, String> {
    let abs = std::path::absolute(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    abs.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("cannot name a package after {}: use --name", dir.display()))
}

fn valid_package_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn cargo_toml(name: &str, dep: &str) -> String {
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[features]
# `cargo run --features deploy` (alias: `cargo deploy`) deploys the flows. Without it the crate
# builds only the light part of flow-dsl: builders, flow!, the validator, build.rs helpers; no
# HTTP, TLS, crypto, async runtime or CLI crate.
deploy = ["flow-dsl/deploy", "flow-dsl/sandbox", "dep:tokio"]

[dependencies]
flow-dsl = {{ {dep} }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"], optional = true }}

[build-dependencies]
flow-dsl = {{ {dep} }}

[[bin]]
name = "{name}"
path = "src/main.rs"
required-features = ["deploy"]

# Line tables only: file:line in backtraces, a fraction of the disk and link time.
[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false

# A workspace of its own, also when created inside another one.
[workspace]
"#
    )
}

const GITIGNORE: &str = "/target/
# The embedded sandbox's state (`cargo run --features deploy` without credentials).
/.flow-dsl/
# Advisory locks of deploys; commit the lockfiles themselves (flow-dsl.lock.<ENV>.json).
*.json.lock
";

const CARGO_CONFIG: &str = "[alias]
# `cargo deploy`: build, validate and deploy the flows.
deploy = \"run --features deploy --\"
";

const BUILD_RS: &str = r#"//! Validates every flow and writes it as `flows/NAME.json` (only when it changed), failing the
//! build with the validator's report when a flow is invalid.
//!
//! A build script is a separate program, so it sees `src/flows/` through the one `#[path]`
//! below. (To avoid even that, put the flows in a library crate of their own and use it as
//! a `[build-dependencies]` entry; see flow-dsl's README.)

#[allow(dead_code)]
#[path = "src/flows/mod.rs"]
mod flows;

use flow_dsl::assets::{FlowAssets, build_rs_main};

fn main() {
    println!("cargo:rerun-if-changed=src/flows");
    let assets = FlowAssets::new("flows").source(flows::{flow}::source());
    build_rs_main(&assets);
}
"#;

const LIB_RS: &str = "//! The flows of this crate, written with `flow!` (checked at compile time).

pub mod flows;
";

const MAIN_RS: &str = r#"//! `cargo run --features deploy` (or `cargo deploy`): validates and deploys the flows.
//!
//! To Meta when WHATSAPP_TOKEN and WHATSAPP_WABA_ID are set, otherwise to the embedded sandbox
//! (state in .flow-dsl/sandbox.json). FLOW_DSL_ENV picks the environment (lockfile
//! flow-dsl.lock.<ENV>.json), FLOW_DSL_PUBLISH=1 publishes, FLOW_DSL_DRY_RUN=1 only plans.

use {krate}::flows::{flow};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    flow_dsl::deploy::deploy_main([
        {source_call},
    ])
    .await
}
"#;

const FLOWS_MOD: &str = "//! One module per flow.

mod {module};

pub use {module}::*;
";

const MANIFEST: &str = r#"{
  "flows": [
    {
      "name": "{flow}",
      "file": "flows/{flow}.json",
      "categories": ["{category}"]{endpoint_uri}
    }
  ]
}
"#;

const TEST_RS: &str = r#"//! The flows build and pass the validator (build.rs checks the same on every build).

use {krate}::flows::{flow};

#[test]
fn the_flow_is_valid() {
    let json = {flow}::build().expect("valid flow");
    assert_eq!(json.screens.as_ref().map(Vec::len), Some({flow}::SCREEN_IDS.len()));
    assert!(!{flow}::CATEGORIES.is_empty());
}
"#;

const README: &str = r#"# {name}

WhatsApp Flows written with [flow-dsl](https://crates.io/crates/flow-dsl)'s `flow!`.

- `src/flows/`: the flows. `flow!` checks them at compile time.
- `build.rs`: validates every flow and writes `flows/NAME.json`.
- `flows.json`: the deploy manifest (`flow-dsl deploy --manifest flows.json`).
- `cargo test`: the flows pass the validator.
- `cargo run --features deploy` (or `cargo deploy`): deploys. Without `WHATSAPP_TOKEN` and
  `WHATSAPP_WABA_ID` it uses the embedded sandbox, whose flows stay in `.flow-dsl/`.
  `FLOW_DSL_DRY_RUN=1` plans only; `FLOW_DSL_PUBLISH=1` publishes.
"#;

const SURVEY: &str = r#"use flow_dsl::flow;

flow! {
    <Flow name=Survey version="7.3" categories=[SURVEY]>
        <Screen id="RATE" title="How did we do?">
            <RadioButtonsGroup name="rating" label="Your rating" required data-source={[
                {id: "5", title: "Excellent"},
                {id: "4", title: "Good"},
                {id: "3", title: "Okay"},
                {id: "2", title: "Poor"},
            ]} />
            <TextArea name="comment" label="Anything to add?" />
            <Footer label="Next" on-click-action={navigate(THANKS, {rating: form.rating, comment: form.comment})} />
        </Screen>
        <Screen id="THANKS" title="Thank you" terminal success
            data={ rating: String = "5", comment: String = "Great service" }>
            <TextBody text={"You rated us " + data.rating + "."} />
            <Footer label="Send" on-click-action={complete({rating: data.rating, comment: data.comment})} />
        </Screen>
    </Flow>
}
"#;

const BOOKING: &str = r#"use flow_dsl::flow;

flow! {
    <Flow name=Booking version="7.3" categories=[APPOINTMENT_BOOKING]>
        <Screen id="APPOINTMENT" title="Book an appointment">
            <Dropdown name="department" label="Department" required data-source={[
                {id: "dentist", title: "Dentist"},
                {id: "eyes", title: "Eye care"},
            ]} />
            <CalendarPicker name="date" label="Date" required />
            <Footer label="Continue" on-click-action={navigate(DETAILS, {
                department: form.department, date: form.date,
            })} />
        </Screen>
        <Screen id="DETAILS" title="Your details"
            data={ department: String = "dentist", date: String = "2025-01-06" }>
            <TextInput name="name" label="Name" required />
            <TextInput name="email" label="Email" input-type="email" required />
            <Footer label="Review" on-click-action={navigate(SUMMARY, {
                department: data.department, date: data.date, name: form.name, email: form.email,
            })} />
        </Screen>
        <Screen id="SUMMARY" title="Confirm" terminal success
            data={ department: String = "dentist", date: String = "2025-01-06",
                   name: String = "Ana", email: String = "ana@example.com" }>
            <TextBody text={"Thank you, " + data.name + ". Your visit: " + data.department + " on " + data.date + "."} />
            <Footer label="Book" on-click-action={complete({
                department: data.department, date: data.date, name: data.name, email: data.email,
            })} />
        </Screen>
    </Flow>
}
"#;

const ENDPOINT: &str = r#"use flow_dsl::flow;

// An endpoint flow: the first screen asks the endpoint (data_exchange) for a quote. Deploys
// need the endpoint's URL (ENDPOINT_URI, or "endpoint_uri" in flows.json).
flow! {
    <Flow name=Quote version="7.3" data_api_version="3.0" categories=[LEAD_GENERATION]>
        <Screen id="ASK" title="Get a quote">
            <TextInput name="amount" label="Amount" input-type="number" required />
            <Footer label="See my quote"
                on-click-action={data_exchange({amount: form.amount}, [QUOTE])} />
        </Screen>
        <Screen id="QUOTE" title="Your quote" terminal success data={ monthly: String = "€440.00" }>
            <TextHeading text={"Monthly payment: " + data.monthly} />
            <Footer label="Close" on-click-action={complete({monthly: data.monthly})} />
        </Screen>
    </Flow>
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_checked() {
        assert!(valid_package_name("my-flows"));
        assert!(!valid_package_name("1flows"));
        assert!(!valid_package_name("my flows"));
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string(r#"C:\a "b""#), r#""C:\\a \"b\"""#);
    }

    #[test]
    fn refuses_a_directory_with_files_and_writes_nothing_over_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        let args = InitArgs {
            dir: dir.path().to_owned(),
            template: Template::Survey,
            name: Some("x".into()),
            flow_dsl_path: None,
        };
        let e = init(&args).unwrap_err();
        assert!(e.contains("not empty"), "{e}");
        assert!(!dir.path().join("Cargo.toml").exists());
    }
}
