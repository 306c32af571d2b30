//! `flow-dsl send`: send an interactive flow message through any provider.
//!
//! ```text
//! WHATSAPP_TOKEN=... flow-dsl send --phone-number-id 1065 --to 5511999999999 \
//!     --flow-id 1234 --cta "Book!" --body "Book an appointment" --screen WELCOME \
//!     --flow-json flow.json
//! ```
//! Credentials come from the environment; see [`super::provider_args`].

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::Value;

use super::provider_args::{DEFAULT_DEADLINE, ProviderArgs, deadline_message, within};
use super::target::{note, out};
use super::{EXIT_ERROR, EXIT_FINDINGS};
use crate::api::{ApiError, FlowAction, FlowRef, SendFlow, check_send};
use crate::deploy::Target;

/// Send a flow to a WhatsApp user.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = super::provider_args::ENV_HELP)]
pub struct SendArgs {
    /// Provider, base URL and account ids.
    #[command(flatten)]
    pub provider: ProviderArgs,
    /// Recipient phone number / wa_id.
    #[arg(long)]
    pub to: String,
    /// Flow id.
    #[arg(
        long,
        conflicts_with = "flow_name",
        required_unless_present = "flow_name"
    )]
    pub flow_id: Option<String>,
    /// Flow name (Meta, Turn.io) or Jelou flow slug.
    #[arg(long)]
    pub flow_name: Option<String>,
    /// Button text.
    #[arg(long)]
    pub cta: String,
    /// Body text.
    #[arg(long)]
    pub body: String,
    /// Header text.
    #[arg(long)]
    pub header: Option<String>,
    /// Footer text.
    #[arg(long)]
    pub footer: Option<String>,
    /// Entry screen to open (navigate).
    #[arg(
        long,
        conflicts_with = "data_exchange",
        required_unless_present = "data_exchange"
    )]
    pub screen: Option<String>,
    /// Initial data of the screen, a non-empty JSON object.
    #[arg(long, requires = "screen", conflicts_with = "data_exchange")]
    pub data: Option<String>,
    /// Open with `data_exchange` (the endpoint chooses the first screen).
    #[arg(long)]
    pub data_exchange: bool,
    /// Send the draft instead of the published version.
    #[arg(long)]
    pub draft: bool,
    /// Flow token returned with the completion.
    #[arg(long)]
    pub flow_token: Option<String>,
    /// The flow's JSON file: checks the screen is an entry screen and the data matches it.
    #[arg(long)]
    pub flow_json: Option<PathBuf>,
    /// Jelou: extra context returned with the reply (`payload`), a JSON object.
    #[arg(long, value_name = "JSON")]
    pub payload: Option<String>,
    /// Jelou: the flow `type` query parameter (Jelou's default when absent).
    #[arg(long = "type", value_name = "TYPE")]
    pub flow_type: Option<String>,
    /// Check the message (and `--flow-json`) and print the `interactive` object that would be
    /// sent; send nothing, need no credentials.
    #[arg(long)]
    pub dry_run: bool,
    /// State file of the embedded sandbox used when no credentials are set (Meta, no
    /// `WHATSAPP_TOKEN`, no `--base-url`): the message is recorded there.
    #[arg(long, value_name = "FILE", default_value = super::target::DEFAULT_SANDBOX_STATE)]
    pub sandbox_state: PathBuf,
}

impl SendArgs {
    fn message(&self) -> Result<SendFlow, String> {
        let flow = match (&self.flow_id, &self.flow_name) {
            (Some(id), _) => FlowRef::Id(id.clone()),
            (None, Some(name)) => FlowRef::Name(name.clone()),
            (None, None) => return Err("pass --flow-id or --flow-name".into()),
        };
        let action = match (&self.screen, self.data_exchange) {
            (_, true) => FlowAction::DataExchange,
            (Some(screen), false) => {
                let data = match &self.data {
                    None => None,
                    Some(raw) => match serde_json::from_str::<Value>(raw) {
                        Ok(Value::Object(m)) => Some(m),
                        Ok(_) => return Err("--data must be a JSON object".into()),
                        Err(e) => return Err(format!("--data is not JSON: {e}")),
                    },
                };
                FlowAction::Navigate {
                    screen: screen.clone(),
                    data,
                }
            }
            (None, false) => return Err("pass --screen or --data-exchange".into()),
        };
        let mut msg = SendFlow::new(&self.to, flow, &self.cta, &self.body, action);
        msg.header = self.header.clone();
        msg.footer = self.footer.clone();
        msg.flow_token = self.flow_token.clone();
        msg.flow_type = self.flow_type.clone();
        if let Some(raw) = &self.payload {
            match serde_json::from_str::<Value>(raw) {
                Ok(Value::Object(m)) => msg.reply_context = Some(m),
                Ok(_) => return Err("--payload must be a JSON object".into()),
                Err(e) => return Err(format!("--payload is not JSON: {e}")),
            }
        }
        if self.draft {
            msg = msg.draft();
        }
        Ok(msg)
    }
}

/// Runs `flow-dsl send`.
pub fn run(args: SendArgs) -> ExitCode {
    let msg = match args.message() {
        Ok(m) => m,
        Err(e) => {
            note(&format!("error: {e}"));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let doc = match &args.flow_json {
        None => None,
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str::<Value>(&s).map_err(|e| e.to_string()))
        {
            Ok(v) => Some(v),
            Err(e) => {
                note(&format!("error: cannot read {}: {e}", path.display()));
                return ExitCode::from(EXIT_ERROR);
            }
        },
    };
    if args.dry_run {
        return dry_run(&msg, doc.as_ref());
    }
    let embedded = args.provider.wants_embedded(|k| std::env::var(k).ok());
    let client = if embedded {
        None
    } else {
        match args.provider.client() {
            Ok(c) => Some(c),
            Err(e) => {
                note(&format!("error: {e}"));
                return ExitCode::from(EXIT_ERROR);
            }
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            note(&format!("error: cannot start the async runtime: {e}"));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    // No credentials: the embedded sandbox (the flows `deploy` put there), said plainly.
    let target = match client {
        Some(c) => Target::new(c, "send"),
        None => match runtime.block_on(Target::embedded_sandbox(Some(&args.sandbox_state))) {
            Ok(t) => {
                note(&format!(
                    "no WHATSAPP_TOKEN set: sending to the embedded sandbox (state in {}); \
                     nothing reaches WhatsApp",
                    args.sandbox_state.display()
                ));
                t
            }
            Err(e) => {
                note(&format!("error: {e}"));
                return ExitCode::from(EXIT_ERROR);
            }
        },
    };
    let provider = target.client.provider().to_string();
    let deadline = args.provider.deadline(DEFAULT_DEADLINE);
    let result = runtime.block_on(async {
        let r = within(deadline, async {
            match &doc {
                Some(doc) => target.client.send_flow_checked(&msg, doc).await,
                None => target.client.send_flow(&msg).await,
            }
        })
        .await;
        target.shutdown().await;
        r
    });
    let Ok(result) = result else {
        // A send is never retried: whether it went out is unknown.
        note(&format!(
            "error: {} (the message may or may not have been sent)",
            deadline_message(deadline.unwrap_or_default())
        ));
        return ExitCode::from(EXIT_ERROR);
    };
    match result {
        Ok(sent) => {
            match sent.id {
                Some(id) => out(&format!("sent via {provider}: message {id}")),
                None => out(&format!("sent via {provider}")),
            }
            ExitCode::SUCCESS
        }
        Err(ApiError::SendCheck(e)) => {
            note(&format!("error: {e}"));
            ExitCode::from(EXIT_FINDINGS)
        }
        Err(e) => {
            note(&format!("error: {e}"));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// `send --dry-run`: every local check, then the `interactive` object on stdout.
fn dry_run(msg: &SendFlow, doc: Option<&Value>) -> ExitCode {
    let checked = msg.validate().and_then(|()| match doc {
        Some(doc) => check_send(msg, doc).map_err(ApiError::from),
        None => Ok(()),
    });
    if let Err(e) = checked {
        note(&format!("error: {e}"));
        return ExitCode::from(EXIT_FINDINGS);
    }
    match msg.interactive_json() {
        Ok(v) => {
            out(&serde_json::to_string_pretty(&v).unwrap_or_default());
            out("(dry run: nothing was sent)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            note(&format!("error: {e}"));
            ExitCode::from(EXIT_FINDINGS)
        }
    }
}
