//! Jelou, from seed 003 (003_651afe2169c88bc6.txt): sending only.

use serde_json::json;

use crate::harness::*;

const CLIENT_ID: &str = "jelou-client";
const SECRET: &str = "jelou-secret-value";
const BOT: &str = "BOT_ID";

#[derive(Default)]
pub struct Jelou;

fn basic() -> String {
    use base64::Engine as _;
    // Seed 003: "Basic authentication using Base64 encoded clientId:clientSecret".
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{SECRET}"))
    )
}

impl Route for Jelou {
    fn route(&mut self, r: &Recorded, _: &Ctx) -> Reply {
        if r.auth() != Some(basic().as_str()) {
            return Reply::Json(401, json!({"message": "Unauthorized"}));
        }
        // Seed 003: "POST /v1/bots/{botId}/users/{userId}/flow_message" → `{}`.
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", p)
                if p.starts_with(&format!("/v1/bots/{BOT}/users/"))
                    && p.ends_with("/flow_message") =>
            {
                Reply::ok(json!({}))
            }
            _ => Reply::Json(404, json!({"message": "Not found"})),
        }
    }
}

fn cli(fake: &Fake) -> Cli {
    Cli::new(
        &[
            "--provider",
            "jelou",
            "--base-url",
            &fake.base,
            "--bot-id",
            BOT,
        ],
        &[
            ("JELOU_CLIENT_ID", CLIENT_ID),
            ("JELOU_CLIENT_SECRET", SECRET),
        ],
        &[SECRET, &basic()["Basic ".len()..]],
    )
}

const SEND: &[&str] = &[
    "send",
    "--to",
    "+593987654321",
    "--flow-name",
    "fluxo_de_boas_vindas",
    "--cta",
    "Iniciar Fluxo",
    "--header",
    "Olá",
    "--body",
    "Complete este fluxo para começar",
    "--footer",
    "Jelou",
    "--screen",
    "RECOMMEND",
];

#[test]
fn jelou_send_through_the_cli() {
    let fake = Fake::start(Jelou);
    let cli = cli(&fake);

    let mut args = SEND.to_vec();
    args.extend(["--payload", r#"{"order": 42}"#, "--type", "standard"]);
    let sent = cli.run(&args).ok();
    assert!(sent.stdout.contains("sent via Jelou"), "{}", sent.stdout);
    let reqs = fake.take();
    // Seed 003: "O botId e o número do destinatário (userId, sem o sinal +) vão ambos na rota."
    assert_eq!(
        calls(&reqs),
        [format!(
            "POST /v1/bots/{BOT}/users/593987654321/flow_message"
        )]
    );
    let r = &reqs[0];
    assert_eq!(r.auth(), Some(basic().as_str()));
    // Seed 003: "--header 'Content-Type: application/json'" and the body of its example; the
    // optional `payload` ("Optional extra context cached and returned with the Flow reply").
    assert_eq!(
        r.json(),
        json!({"title": "Olá", "text": "Complete este fluxo para começar", "caption": "Jelou",
               "parameters": {"flow_name": "fluxo_de_boas_vindas", "flow_cta": "Iniciar Fluxo",
                              "flow_action_payload": {"screen": "RECOMMEND"}},
               "payload": {"order": 42}})
    );
    // Seed 003: "Parâmetros de consulta: type".
    assert_eq!(r.query_value("type"), Some("standard"));

    // Without --type no query parameter (Jelou's default).
    cli.run(SEND).ok();
    assert!(fake.take()[0].query.is_empty());

    // Seed 003: flows are created in Jelou, not through this API: management is refused.
    let list = cli.run(&["list"]).code(2);
    assert!(
        list.stderr.contains("Jelou only sends flows"),
        "{}",
        list.stderr
    );
    assert!(fake.take().is_empty());
}

#[test]
fn jelou_faults() {
    let fake = Fake::start(Jelou);
    let cli = cli(&fake);
    let path = format!("/v1/bots/{BOT}/users/");

    // A send is never retried: a 500 is reported after one request.
    fake.fault(
        "POST",
        &path,
        FaultKind::Instead(Reply::Json(500, json!({"message": "boom"}))),
        1,
    );
    let failed = cli.run(SEND).code(2);
    assert!(failed.stderr.contains("500"), "{}", failed.stderr);
    assert_eq!(fake.take().len(), 1);

    fake.fault(
        "POST",
        &path,
        FaultKind::Instead(Reply::Json(401, json!({"message": "Unauthorized"}))),
        1,
    );
    let denied = cli.run(SEND).code(2);
    assert!(denied.stderr.contains("401"), "{}", denied.stderr);
    assert_eq!(fake.take().len(), 1);

    fake.fault("POST", &path, FaultKind::Instead(Reply::Hang), 10);
    let mut args = SEND.to_vec();
    args.extend(["--deadline", "1"]);
    let hung = cli.run(&args).code(2);
    assert!(
        hung.stderr.contains("no answer within 1 s"),
        "{}",
        hung.stderr
    );
    assert_eq!(fake.take().len(), 1);
}
