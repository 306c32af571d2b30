//! The quickstart: build a two-screen flow with the builders, validate it, write its flow.json,
//! deploy and publish it, and print what happened.
//!
//! [`run`] is the whole program minus target selection, so the tests run it against an
//! in-process sandbox; `examples/quickstart.rs` picks Meta when `WHATSAPP_TOKEN` and
//! `WHATSAPP_WABA_ID` are set, the embedded sandbox otherwise.

use std::io::Write;
use std::path::{Path, PathBuf};

use flow_dsl::api::Category;
use flow_dsl::builder::*;
use flow_dsl::deploy::{DeployOptions, DeployReport, Deployer, FlowSource, Plan, Target};

/// The flow's name on the server.
pub const FLOW_NAME: &str = "quickstart-feedback";

/// A two-screen feedback form: a rating and a comment, then a thank-you screen that shows the
/// answers and completes the flow with them.
pub fn feedback_flow() -> Flow {
    let mut flow = Flow::new("7.2");
    let rate = flow.screen("RATE");
    let thanks = flow.screen("THANKS");

    let s = flow.at(rate);
    s.title("Your feedback");
    s.child(TextHeading::new("How was your visit?"));
    let rating = s.add(
        RadioButtonsGroup::new(
            "rating",
            "Rating",
            vec![
                Choice::new("5", "Excellent"),
                Choice::new("4", "Good"),
                Choice::new("3", "Okay"),
                Choice::new("2", "Poor"),
            ],
        )
        .required(true),
    );
    let comment = s.add(TextArea::new("comment", "Anything to add?"));
    s.child(Footer::new(
        "Continue",
        navigate(thanks)
            .with("rating", &rating)
            .with("comment", &comment),
    ));

    let t = flow.at(thanks);
    let rating = t.data::<String>("rating", "5");
    let comment = t.data::<String>("comment", "Great service");
    t.title("Thank you").terminal(true).success(true);
    t.child(TextBody::new(
        Expr::text("You rated us ") + &rating + ". We read every comment.",
    ));
    t.child(Footer::new(
        "Send",
        complete().with("rating", &rating).with("comment", &comment),
    ));
    flow
}

/// What [`run`] did.
#[derive(Debug)]
pub struct Quickstart {
    /// The flow.json written.
    pub flow_json: PathBuf,
    /// The deploy plan.
    pub plan: Plan,
    /// The deploy result.
    pub report: DeployReport,
    /// The flow's web preview, when the provider gives one.
    pub preview_url: Option<String>,
}

/// Builds, validates, writes `out_dir/FLOW_NAME.json`, deploys and publishes to `target`,
/// printing each step to `out`. The lockfile goes to `out_dir` too.
pub async fn run(
    target: Target,
    out_dir: &Path,
    out: &mut (dyn Write + Send),
) -> Result<Quickstart, Box<dyn std::error::Error + Send + Sync>> {
    // 1. Build: the builders run the validator and refuse a flow with errors.
    let json = feedback_flow().build()?;
    let screens = json.screens.as_ref().map_or(0, Vec::len);
    let validation = flow_dsl::model::validate::validate(&json);
    writeln!(
        out,
        "built {FLOW_NAME}: {screens} screens, {} errors, {} warnings",
        validation.errors().count(),
        validation.warnings().count()
    )?;

    // 2. Write flow.json (atomically: a reader never sees half a file).
    std::fs::create_dir_all(out_dir)?;
    let path = out_dir.join(format!("{FLOW_NAME}.json"));
    let mut text = json.to_string_pretty();
    text.push('\n');
    let mut tmp = tempfile::NamedTempFile::new_in(out_dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.persist(&path).map_err(|e| e.error)?;
    writeln!(out, "wrote {}", path.display())?;

    // 3. Deploy and publish. One lockfile per target kind, so switching from the sandbox to
    //    Meta never mixes their flow ids.
    let environment = if target.sandbox().is_some() {
        "sandbox"
    } else {
        "meta"
    };
    writeln!(out, "deploying to {}", target.describe())?;
    let options = DeployOptions::new(environment)
        .lockfile_dir(out_dir)
        .publish(true);
    let deployer = Deployer::new(target, options);
    let source = FlowSource::from_text(FLOW_NAME, text, [Category::CustomerSupport]);
    let plan = deployer.plan(std::slice::from_ref(&source)).await?;
    writeln!(out, "{plan}")?;
    let report = deployer.apply(plan.clone()).await?;
    writeln!(out, "{report}")?;

    // 4. The preview link.
    let mut preview_url = None;
    if let Some(id) = report.flows.first().and_then(|f| f.id.clone()) {
        match deployer.target().client.preview(&id, false).await {
            Ok(Some(p)) => {
                writeln!(out, "preview: {}", p.preview_url)?;
                if deployer.target().sandbox().is_some() {
                    writeln!(
                        out,
                        "  (the embedded sandbox stops with this program; to keep browsing, run\n   \
                         flow-dsl sandbox --state {} and open the same path on its port)",
                        out_dir.join("sandbox.json").display()
                    )?;
                }
                preview_url = Some(p.preview_url);
            }
            Ok(None) => writeln!(out, "no preview link from this provider")?,
            Err(e) => writeln!(out, "preview unavailable: {e}")?,
        }
    }
    deployer.into_target().shutdown().await;
    if let Some(f) = report.failed().next() {
        return Err(format!("{} failed: {}", f.name, f.error.as_deref().unwrap_or("")).into());
    }
    Ok(Quickstart {
        flow_json: path,
        plan,
        report,
        preview_url,
    })
}
