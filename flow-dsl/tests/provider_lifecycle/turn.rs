//! Turn.io, from seed 001 (001_f7481d2ed215bcc9.txt).

use serde_json::{Value, json};

use crate::harness::*;

const TOKEN: &str = "turn-secret-token";
// Seed 001: `-H "Authorization: Bearer <token>"`.
const AUTH: &str = "Bearer turn-secret-token";

/// Seed 001: every answer carries `"meta": {"version": "v1", "api_status": "stable", "http_code": N}`.
fn meta(code: u16) -> Value {
    json!({"version": "v1", "api_status": "stable", "http_code": code})
}

fn ok(code: u16, mut body: Value) -> Reply {
    body["meta"] = meta(code);
    Reply::Json(code, body)
}

#[derive(Default)]
pub struct Turn {
    pub store: Store,
}

impl Route for Turn {
    fn route(&mut self, r: &Recorded, ctx: &Ctx) -> Reply {
        let base = &ctx.base;
        let errors = if ctx.reject_json {
            json!([seed_validation_error()])
        } else {
            json!([])
        };
        let seg: Vec<&str> = r.path.trim_matches('/').split('/').collect();
        if seg.first() == Some(&"download") {
            // The temporary download URL is not Turn's: fetched without credentials.
            let id = seg[1];
            return match self.store.get(id).and_then(|f| f.json.clone()) {
                Some(j) => Reply::Text(200, "application/json", j),
                None => Reply::Json(404, json!({})),
            };
        }
        if r.auth() != Some(AUTH) {
            return ok(
                401,
                json!({"error": {"code": "unauthorized", "message": "Invalid token"}}),
            );
        }
        // Seed 001: 400 `"errors": [{"title": "Flow not found", ...}]`.
        let not_found = || {
            ok(
                400,
                json!({"errors": [{"title": "Flow not found",
                "details": "The specified flow ID does not exist or is not accessible"}]}),
            )
        };
        // Seed 001: 400 `"error": {"code": 100, "message": "Flow is not in DRAFT status", ...}`.
        let not_draft = || {
            ok(
                400,
                json!({"error": {"code": 100, "message": "Flow is not in DRAFT status",
                "error_user_title": "Invalid Flow Status",
                "error_user_msg": "Only flows in DRAFT status can be published", "type": "OAuthException"}}),
            )
        };
        let done = |c: Change| match c {
            Change::Done => ok(200, json!({"success": true})),
            Change::Refused => not_draft(),
            Change::Missing => not_found(),
        };
        match (r.method.as_str(), seg.as_slice()) {
            // Seed 001: "POST https://whatsapp.turn.io/v1/flows" → 201 {meta, id, validation_errors}.
            ("POST", ["v1", "flows"]) => {
                let b = r.json();
                let json = match &b["flow_json"] {
                    Value::String(s) => s.clone(),
                    v => v.to_string(),
                };
                let mut cats = categories(&b);
                if cats.is_empty() {
                    // Seed 001: categories default `["OTHER"]`.
                    cats.push("OTHER".into());
                }
                let id = self
                    .store
                    .create(b["name"].as_str().unwrap_or(""), cats, Some(json));
                ok(201, json!({"id": id, "validation_errors": errors}))
            }
            // Seed 001: "GET https://whatsapp.turn.io/v1/flows" → {meta, data: [...]}.
            ("GET", ["v1", "flows"]) => ok(200, json!({ "data": self.store.summaries() })),
            // Seed 001: "POST https://whatsapp.turn.io/v1/flows/:flow_id" (metadata).
            ("POST", ["v1", "flows", id]) => {
                if !self.store.update(id, &r.json()) {
                    return not_found();
                }
                ok(200, json!({"success": true}))
            }
            // Seed 001: "POST https://whatsapp.turn.io/v1/flows/:flow_id/assets", multipart `file`.
            ("POST", ["v1", "flows", id, "assets"]) => {
                let file = r.part("file").expect("a `file` part");
                if !self.store.upload(id, file) {
                    return not_found();
                }
                ok(200, json!({"success": true, "validation_errors": errors}))
            }
            // Seed 001: "GET https://whatsapp.turn.io/v1/flows/:flow_id/assets".
            ("GET", ["v1", "flows", id, "assets"]) => {
                if self.store.get(id).is_none() {
                    return not_found();
                }
                ok(
                    200,
                    json!({"data": [{"name": "flow.json", "asset_type": "FLOW_JSON",
                    "download_url": format!("{base}/download/{id}")}]}),
                )
            }
            // Seed 001: "Apenas fluxos com status DRAFT podem ser publicados"; "Apenas fluxos no
            // status DRAFT podem ser deletados."
            ("POST", ["v1", "flows", id, "publish"]) => done(self.store.apply(id, Op::Publish)),
            ("POST", ["v1", "flows", id, "deprecate"]) => done(self.store.apply(id, Op::Deprecate)),
            ("DELETE", ["v1", "flows", id]) => done(self.store.apply(id, Op::Delete)),
            // Seed 001: "curl -X POST https://whatsapp.turn.io/v1/messages".
            ("POST", ["v1", "messages"]) => ok(200, json!({"messages": [{"id": "wamid.T1"}]})),
            _ => ok(
                404,
                json!({"error": {"code": "not_found", "message": "no route"}}),
            ),
        }
    }
}

fn cli(fake: &Fake) -> Cli {
    Cli::new(
        &["--provider", "turn", "--base-url", &fake.base],
        &[("TURN_TOKEN", TOKEN)],
        &[TOKEN],
    )
}

#[track_caller]
fn authed(r: &Recorded) {
    assert_eq!(r.auth(), Some(AUTH), "{} {}", r.method, r.path);
}

#[test]
fn turn_full_lifecycle_through_the_cli() {
    let fake = Fake::start(Turn::default());
    let cli = cli(&fake);
    cli.write("flow.json", &flow_json("How was it?"));

    // Deploy new: Turn.io flows are found by listing (no lockfile yet), then one create.
    cli.run(&["deploy", "flow.json"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), ["GET /v1/flows", "POST /v1/flows"]);
    reqs.iter().for_each(authed);
    // Seed 001: body {name, flow_json, categories ["OTHER" default], publish (default false)};
    // `-H "Content-Type: application/json"`.
    let create = &reqs[1];
    assert_eq!(
        create.json_keys(),
        ["categories", "flow_json", "name", "publish"]
    );
    let body = create.json();
    assert_eq!(body["name"], "flow");
    assert_eq!(body["categories"], json!(["OTHER"]));
    assert_eq!(body["publish"], false);
    // "flow_json | object ou string": a string must hold the JSON text.
    let sent: Value = serde_json::from_str(body["flow_json"].as_str().unwrap()).unwrap();
    assert_eq!(sent["version"], "7.2");
    // Seed 001 (list paging): none documented, so no `limit` is sent.
    assert!(reqs[0].query.is_empty(), "{:?}", reqs[0].query);
    let id1 = cli.id("flow");

    // get: Turn.io has no per-flow GET; the list's fields are shown.
    let got = cli.run(&["get", "flow"]).ok();
    assert_eq!(calls(&fake.take()), ["GET /v1/flows"]);
    let shown: Value = serde_json::from_str(&got.stdout).unwrap();
    assert_eq!(shown["id"], id1.as_str());
    assert_eq!(shown["status"], "DRAFT");
    assert!(shown.get("json_version").is_none(), "{shown}");

    let listed = cli.run(&["list"]).ok();
    assert_eq!(calls(&fake.take()), ["GET /v1/flows"]);
    assert!(listed.stdout.contains(&id1), "{}", listed.stdout);

    // Seed 001: "POST https://whatsapp.turn.io/v1/flows/:flow_id/publish".
    cli.run(&["publish", "flow"]).ok();
    let reqs = fake.take();
    expect(&reqs[0], "POST", &format!("/v1/flows/{id1}/publish"));
    authed(&reqs[0]);
    assert_eq!(reqs.len(), 1);
    assert_eq!(cli.lock()["flows"]["flow"]["status"], "PUBLISHED");

    // Unchanged: no request; with --verify exactly one (the list).
    cli.run(&["deploy", "flow.json"]).ok();
    assert!(fake.take().is_empty());
    cli.run(&["deploy", "flow.json", "--verify"]).ok();
    assert_eq!(calls(&fake.take()), ["GET /v1/flows"]);

    // Changed after publishing: a new flow `flow (v2)`, the published one untouched.
    cli.write("flow.json", &flow_json("How was it, really?"));
    cli.run(&["deploy", "flow.json"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), ["POST /v1/flows"]);
    assert_eq!(reqs[0].json()["name"], "flow (v2)");
    let id2 = cli.id("flow");
    assert_ne!(id1, id2);

    // Rename in the manifest: one metadata update in place (seed 001: "name | string | O novo
    // nome para o fluxo"), never a second flow.
    cli.write(
        "flows.json",
        r#"{"flows": [{"name": "survey", "file": "flow.json", "renamed_from": "flow"}]}"#,
    );
    cli.run(&["deploy", "--manifest", "flows.json"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("POST /v1/flows/{id2}")]);
    authed(&reqs[0]);
    assert_eq!(reqs[0].json(), json!({"name": "survey (v2)"}));
    let lock = cli.lock();
    assert!(lock["flows"].get("flow").is_none() && lock["flows"]["survey"]["id"] == id2.as_str());
    cli.run(&["deploy", "--manifest", "flows.json"]).ok();
    assert!(fake.take().is_empty(), "a rename is done once");

    // Seed 001: "POST https://whatsapp.turn.io/v1/flows/:flow_id/deprecate".
    cli.run(&["deprecate", &id1]).ok();
    assert_eq!(
        calls(&fake.take()),
        [format!("POST /v1/flows/{id1}/deprecate")]
    );
    // Seed 001: "DELETE https://whatsapp.turn.io/v1/flows/:flow_id".
    cli.run(&["delete", "survey"]).ok();
    assert_eq!(calls(&fake.take()), [format!("DELETE /v1/flows/{id2}")]);
    assert!(cli.lock()["flows"].get("survey").is_none());

    // Turn.io documents no preview: a clear refusal naming the provider, nothing sent.
    let preview = cli.run(&["preview", &id1]).code(2);
    assert!(
        preview.stderr.contains("Turn.io does not support"),
        "{}",
        preview.stderr
    );
    assert!(fake.take().is_empty());

    // Seed 001: "GET https://whatsapp.turn.io/v1/flows/:flow_id/assets"; the download URL is
    // temporary and not Turn's: fetched without the token.
    let assets = cli.run(&["assets", &id1]).ok();
    assert!(assets.stdout.contains("FLOW_JSON"), "{}", assets.stdout);
    assert_eq!(calls(&fake.take()), [format!("GET /v1/flows/{id1}/assets")]);
    let dl = cli.run(&["assets", &id1, "--download", "-"]).ok();
    assert_eq!(
        serde_json::from_str::<Value>(&dl.stdout).unwrap()["screens"][0]["layout"]["children"][0]["text"],
        "How was it?"
    );
    let reqs = fake.take();
    assert_eq!(
        calls(&reqs),
        [
            format!("GET /v1/flows/{id1}/assets"),
            format!("GET /download/{id1}")
        ]
    );
    assert_eq!(reqs[1].auth(), None, "no credential to a download URL");

    // Seed 001: POST /v1/messages {"to", "type": "interactive", "interactive": {"type": "flow",
    // ... "parameters": {"flow_id", "flow_cta", "flow_action": "navigate",
    // "flow_action_payload": {"screen"}, "flow_message_version": "3", "mode": "published"}}}.
    cli.run(&[
        "send",
        "--to",
        "27123456789",
        "--flow-id",
        &id1,
        "--cta",
        "Start",
        "--body",
        "Hi",
        "--header",
        "Survey",
        "--screen",
        "START",
    ])
    .ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), ["POST /v1/messages"]);
    authed(&reqs[0]);
    let b = reqs[0].json();
    assert_eq!(b["to"], "27123456789");
    assert_eq!(b["type"], "interactive");
    assert_eq!(b["interactive"]["type"], "flow");
    assert_eq!(
        b["interactive"]["header"],
        json!({"type": "text", "text": "Survey"})
    );
    assert_eq!(b["interactive"]["body"]["text"], "Hi");
    let p = &b["interactive"]["action"]["parameters"];
    assert_eq!(b["interactive"]["action"]["name"], "flow");
    assert_eq!(p["flow_id"], id1.as_str());
    assert_eq!(p["flow_cta"], "Start");
    assert_eq!(p["flow_action"], "navigate");
    assert_eq!(p["flow_action_payload"]["screen"], "START");
    assert_eq!(p["flow_message_version"], "3");
    assert_eq!(p["mode"], "published");
}

#[test]
fn turn_faults() {
    let fake = Fake::start(Turn::default());
    let cli = cli(&fake);
    // Turn.io has no per-flow GET: `get` reads the list.
    let id = common_faults(
        &fake,
        &cli,
        Faults {
            create_path: "/v1/flows",
            get_path: "/v1/flows".into(),
            transient: Reply::Json(500, json!({"meta": meta(500)})),
            list_prefix: "/v1/flows",
            unauthorized: Reply::Json(
                401,
                json!({"meta": meta(401), "error": {"code": "unauthorized", "message": "Invalid token"}}),
            ),
            denied_says: "Invalid token",
        },
    );

    // Publishing twice: the second is refused (seed 001: 400 "Flow is not in DRAFT status")
    // and reported as the failure it is.
    cli.run(&["publish", &id]).ok();
    let again = cli.run(&["publish", &id]).code(2);
    assert!(
        again.stderr.contains("Flow is not in DRAFT status"),
        "{}",
        again.stderr
    );
    fake.take();

    // Validation errors in the upload answer (seed 001: "a Meta ainda aceitará o upload mas
    // retornará informações detalhadas sobre os erros"): deploy fails, located, and the
    // lockfile does not count the upload.
    cli.write("other.json", &flow_json("Other"));
    fake.reject_json(true);
    let bad = cli.run(&["deploy", "other.json"]).code(1);
    assert!(
        bad.stderr
            .contains("other.json:10:21: server: INVALID_PROPERTY_VALUE"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("screens[0].layout.children[0].type"));
    assert_eq!(cli.lock()["flows"]["other"]["hash"], "");
    fake.take();
    fake.reject_json(false);
    cli.run(&["deploy", "other.json"]).ok();
    let other = cli.id("other");
    let reqs = fake.take();
    assert_eq!(
        calls(&reqs),
        [
            "GET /v1/flows".to_string(),
            format!("POST /v1/flows/{other}/assets")
        ],
        "the next deploy checks the draft's status, then uploads again"
    );
    // Seed 001: "multipart/form-data: file | arquivo"; name and asset_type are Turn's to set.
    assert_eq!(reqs[1].part_names(), ["file"]);
    authed(&reqs[1]);
}
