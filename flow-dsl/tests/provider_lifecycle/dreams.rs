//! Dreams, from seed 002 (002_fefe72ac121e1541.txt) and spec/providers.md's notes on it.

use serde_json::{Value, json};

use crate::harness::*;

const KEY: &str = "dreams-secret-key";
// providers.md: "Authorization: AccessKey <key>" (UNCONFIRMED beyond their general API page).
const AUTH: &str = "AccessKey dreams-secret-key";
const WABA: &str = "77001";

/// Seed 002's envelope: `success boolean`, `message string`, `data object`.
fn env(message: &str, data: Value) -> Reply {
    Reply::ok(json!({"success": true, "message": message, "data": data}))
}

#[derive(Default)]
pub struct Dreams {
    pub store: Store,
}

fn detail(f: &StoredFlow) -> Value {
    // Seed 002, "Retrieve Flow Details": id, name, status, categories, json_version,
    // data_api_version, endpoint_uri, preview, whatsapp_business_account, application,
    // health_status, json_content.
    json!({"id": f.id, "name": f.name, "status": f.status, "categories": f.categories,
        "json_version": "7.2", "data_api_version": null, "endpoint_uri": null,
        "preview": {"preview_url": format!("https://business.facebook.com/wa/manage/flows/{}/preview/?token=t", f.id),
                    "expires_at": "2026-12-31T00:00:00+0000"},
        "whatsapp_business_account": null, "application": null, "health_status": null,
        "json_content": []})
}

impl Route for Dreams {
    fn route(&mut self, r: &Recorded, ctx: &Ctx) -> Reply {
        if r.auth() != Some(AUTH) {
            return Reply::Json(
                401,
                json!({"success": false, "message": "Unauthenticated."}),
            );
        }
        let not_found = || Reply::Json(404, json!({"success": false, "message": "Flow not found"}));
        let seg: Vec<&str> = r.path.trim_matches('/').split('/').collect();
        let seg: Vec<&str> = match seg.as_slice() {
            ["api", "whatsapp", w, rest @ ..] if *w == WABA => {
                std::iter::once("api").chain(rest.iter().copied()).collect()
            }
            // Seed 002: "post /whatsapp/{whatsappBusinessAccount}/flows/{flowId}/deprecate".
            ["whatsapp", w, "flows", id, "deprecate"] if *w == WABA => {
                vec!["deprecate", id]
            }
            _ => return Reply::Json(404, json!({"success": false, "message": "no route"})),
        };
        let done = |c: Change, message: &str| match c {
            Change::Done => env(message, json!({})),
            Change::Refused => Reply::Json(
                400,
                json!({"success": false, "message": "Flow is not in the required status"}),
            ),
            Change::Missing => not_found(),
        };
        match (r.method.as_str(), seg.as_slice()) {
            // Seed 002: "get /api/whatsapp/{whatsappBusinessAccount}/flows".
            ("GET", ["api", "flows"]) => {
                let data: Vec<Value> = self.store.flows.iter().map(detail).collect();
                env("", json!(data))
            }
            // Seed 002: "post /api/whatsapp/{whatsappBusinessAccount}/flows", body name,
            // clone_flow_id, endpoint_uri → 200 `id string`.
            ("POST", ["api", "flows"]) => {
                let b = r.json();
                let json = self.store.cloned_json(&b);
                let cats = vec!["OTHER".to_string()];
                let id = self
                    .store
                    .create(b["name"].as_str().unwrap_or(""), cats, json);
                Reply::ok(json!({ "id": id }))
            }
            // Seed 002: "post /api/whatsapp/{whatsappBusinessAccount}/flows/upload-flow-json",
            // body flow_id, file (binary; "the file name must ... end with .json").
            ("POST", ["api", "flows", "upload-flow-json"]) => {
                let id = r.part("flow_id").expect("a `flow_id` part");
                let file = r.part("file").expect("a `file` part");
                if ctx.reject_json {
                    // providers.md: error data uses `validation_errors`.
                    return Reply::Json(
                        422,
                        json!({"success": false, "message": "Flow JSON has validation errors",
                               "data": {"validation_errors": [path_only_validation_error()]}}),
                    );
                }
                if !self.store.upload(&id, file) {
                    return not_found();
                }
                Reply::ok(json!({"success": true, "message": "Uploaded Successfully"}))
            }
            // Seed 002: "post /api/whatsapp/{whatsappBusinessAccount}/flows/send".
            ("POST", ["api", "flows", "send"]) => env("Message sent", json!({})),
            // Seed 002: "get /api/whatsapp/{whatsappBusinessAccount}/flows/{flowId}".
            ("GET", ["api", "flows", id]) => match self.store.get(id) {
                Some(f) => Reply::ok(detail(f)),
                None => not_found(),
            },
            // Seed 002, "Update Flow": "post /api/whatsapp/{whatsappBusinessAccount}/flows/{flowId}".
            ("POST", ["api", "flows", id]) => {
                if !self.store.update(id, &r.json()) {
                    return not_found();
                }
                Reply::ok(detail(self.store.get(id).expect("updated")))
            }
            // Seed 002: "post /api/whatsapp/{whatsappBusinessAccount}/flows/{flowId}/publish".
            ("POST", ["api", "flows", id, "publish"]) => done(
                self.store.apply(id, Op::Publish),
                "Flow published successfully",
            ),
            // Seed 002: "200 Flow deprecated successfully".
            ("POST", ["deprecate", id]) => done(
                self.store.apply(id, Op::Deprecate),
                "Flow deprecated successfully",
            ),
            // Seed 002: "delete /api/whatsapp/{whatsappBusinessAccount}/flows", "Query
            // parameters flowId string Required".
            ("DELETE", ["api", "flows"]) => {
                let id = r.query_value("flowId").unwrap_or("");
                done(
                    self.store.apply(id, Op::Delete),
                    "Flow deleted successfully",
                )
            }
            _ => Reply::Json(404, json!({"success": false, "message": "no route"})),
        }
    }
}

fn cli(fake: &Fake) -> Cli {
    Cli::new(
        &[
            "--provider",
            "dreams",
            "--base-url",
            &fake.base,
            "--waba-id",
            WABA,
        ],
        &[("DREAMS_ACCESS_KEY", KEY)],
        &[KEY],
    )
}

#[track_caller]
fn authed(r: &Recorded) {
    assert_eq!(r.auth(), Some(AUTH), "{} {}", r.method, r.path);
}

/// The seed's upload: multipart `flow_id` + `file` (a `.json` file name).
#[track_caller]
fn check_upload(r: &Recorded, id: &str) {
    expect(
        r,
        "POST",
        &format!("/api/whatsapp/{WABA}/flows/upload-flow-json"),
    );
    authed(r);
    assert_eq!(r.part_names(), ["flow_id", "file"]);
    assert_eq!(r.part("flow_id").as_deref(), Some(id));
    let (_, filename, _) = r.parts().into_iter().find(|(n, _, _)| n == "file").unwrap();
    assert!(filename.unwrap_or_default().ends_with(".json"));
}

#[test]
fn dreams_full_lifecycle_through_the_cli() {
    let fake = Fake::start(Dreams::default());
    let cli = cli(&fake);
    cli.write("flow.json", &flow_json("How was it?"));
    let flows = format!("/api/whatsapp/{WABA}/flows");

    // Deploy new: list (no lockfile), create (no JSON at create), upload.
    cli.run(&["deploy", "flow.json"]).ok();
    let reqs = fake.take();
    assert_eq!(
        calls(&reqs),
        [
            format!("GET {flows}"),
            format!("POST {flows}"),
            format!("POST {flows}/upload-flow-json")
        ]
    );
    assert!(reqs[0].query.is_empty(), "no undocumented paging parameter");
    authed(&reqs[1]);
    // Seed 002, create body: name, clone_flow_id, endpoint_uri (categories ride along, as
    // the update documents them).
    let keys = reqs[1].json_keys();
    assert!(
        keys.iter()
            .all(|k| ["name", "clone_flow_id", "endpoint_uri", "categories"].contains(&k.as_str())),
        "{keys:?}"
    );
    assert_eq!(reqs[1].json()["name"], "flow");
    let id1 = cli.id("flow");
    check_upload(&reqs[2], &id1);

    // A plain get works and shows what seed 002 documents (json_version included).
    let got = cli.run(&["get", "flow"]).ok();
    assert_eq!(calls(&fake.take()), [format!("GET {flows}/{id1}")]);
    let shown: Value = serde_json::from_str(&got.stdout).unwrap();
    assert_eq!(shown["json_version"], "7.2");
    assert_eq!(shown["status"], "DRAFT");

    let listed = cli.run(&["list"]).ok();
    assert!(listed.stdout.contains(&id1));
    assert_eq!(calls(&fake.take()), [format!("GET {flows}")]);

    cli.run(&["publish", "flow"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("POST {flows}/{id1}/publish")]);
    authed(&reqs[0]);

    cli.run(&["deploy", "flow.json"]).ok();
    assert!(fake.take().is_empty());
    cli.run(&["deploy", "flow.json", "--verify"]).ok();
    assert_eq!(calls(&fake.take()), [format!("GET {flows}")]);

    // Changed after publishing: a copy of the published flow (`clone_flow_id`, seed 002
    // "ID of the existing Flow to clone"), then the new JSON uploaded to it.
    cli.write("flow.json", &flow_json("How was it, really?"));
    cli.run(&["deploy", "flow.json"]).ok();
    let reqs = fake.take();
    assert_eq!(
        calls(&reqs),
        [
            format!("POST {flows}"),
            format!("POST {flows}/upload-flow-json")
        ]
    );
    assert_eq!(reqs[0].json()["clone_flow_id"], id1.as_str());
    assert_eq!(reqs[0].json()["name"], "flow (v2)");
    let id2 = cli.id("flow");
    check_upload(&reqs[1], &id2);

    // Rename: seed 002 "Update Flow" body `name string`.
    cli.write(
        "flows.json",
        r#"{"flows": [{"name": "survey", "file": "flow.json", "renamed_from": "flow"}]}"#,
    );
    cli.run(&["deploy", "--manifest", "flows.json"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("POST {flows}/{id2}")]);
    assert_eq!(reqs[0].json(), json!({"name": "survey (v2)"}));
    assert!(reqs[0].content_type().starts_with("application/json"));

    // Seed 002: deprecate at "/whatsapp/{whatsappBusinessAccount}/flows/{flowId}/deprecate".
    cli.run(&["deprecate", &id1]).ok();
    let reqs = fake.take();
    assert_eq!(
        calls(&reqs),
        [format!("POST /whatsapp/{WABA}/flows/{id1}/deprecate")]
    );
    authed(&reqs[0]);
    // Seed 002: "delete /api/whatsapp/{whatsappBusinessAccount}/flows" with `flowId` in the query.
    cli.run(&["delete", "survey"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("DELETE {flows}")]);
    assert_eq!(reqs[0].query_value("flowId"), Some(id2.as_str()));

    // Seed 002 "preview one of · nullable" in the details.
    let preview = cli.run(&["preview", &id1]).ok();
    assert!(preview.stdout.contains("/preview/"), "{}", preview.stdout);
    assert_eq!(calls(&fake.take()), [format!("GET {flows}/{id1}")]);

    // A manifest `clone_flow_id` (seed 002 "clone_flow_id string Optional ID of the existing
    // Flow to clone"): the copy is created from it, then gets this JSON.
    cli.write(
        "copy.json",
        &format!(
            r#"{{"flows": [{{"name": "copy", "file": "flow.json", "clone_flow_id": "{id1}"}}]}}"#
        ),
    );
    cli.run(&["deploy", "--manifest", "copy.json"]).ok();
    let reqs = fake.take();
    assert_eq!(
        calls(&reqs),
        [
            format!("GET {flows}"),
            format!("POST {flows}"),
            format!("POST {flows}/upload-flow-json")
        ]
    );
    assert_eq!(reqs[1].json()["clone_flow_id"], id1.as_str());
    assert_eq!(reqs[1].json()["name"], "copy");
    check_upload(&reqs[2], &cli.id("copy"));

    // Seed 002 documents no asset listing or download: refused by name, nothing sent.
    let assets = cli.run(&["assets", &id1]).code(2);
    assert!(
        assets.stderr.contains("Dreams does not support"),
        "{}",
        assets.stderr
    );
    assert!(fake.take().is_empty());

    // Seed 002 "Send an interactive flow message": to, flow_id, header_text, body_text,
    // footer_text, flow_cta, screen.
    cli.run(&[
        "send",
        "--to",
        "966500000000",
        "--flow-id",
        &id1,
        "--cta",
        "Start",
        "--body",
        "Hi",
        "--header",
        "Survey",
        "--footer",
        "Thanks",
        "--screen",
        "START",
    ])
    .ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("POST {flows}/send")]);
    authed(&reqs[0]);
    assert_eq!(
        reqs[0].json(),
        json!({"to": "966500000000", "flow_id": id1, "header_text": "Survey",
               "body_text": "Hi", "footer_text": "Thanks", "flow_cta": "Start", "screen": "START"})
    );
}

#[test]
fn dreams_faults() {
    let fake = Fake::start(Dreams::default());
    let cli = cli(&fake);
    let flows = format!("/api/whatsapp/{WABA}/flows");
    let id = common_faults(
        &fake,
        &cli,
        Faults {
            create_path: &flows,
            get_path: format!("{flows}/{{id}}"),
            transient: Reply::Json(500, json!({"success": false, "message": "Server Error"})),
            list_prefix: &flows,
            unauthorized: Reply::Json(
                401,
                json!({"success": false, "message": "Unauthenticated."}),
            ),
            denied_says: "Unauthenticated.",
        },
    );

    // 422 with `data.validation_errors`: shown with code, path and the line/column found in the
    // uploaded file; deploy fails and the lockfile does not count the upload.
    let before = cli.lock()["flows"]["flow"]["hash"].clone();
    cli.write("flow.json", &flow_json("Changed"));
    fake.reject_json(true);
    let bad = cli.run(&["deploy", "flow.json"]).code(1);
    let at = text_heading_at(&flow_json("Changed"));
    assert!(
        bad.stderr.contains(&format!(
            "flow.json:{at}: server: INVALID_PROPERTY_VALUE: Invalid value found for property 'type'. (at screens[0].layout.children[0].type)"
        )),
        "{}",
        bad.stderr
    );
    // The server refused the upload and keeps the old JSON: so does the lockfile.
    assert_eq!(cli.lock()["flows"]["flow"]["hash"], before);
    fake.reject_json(false);
    fake.take();

    // 200 `success: true` with `validations_errors` (sic, providers.md): still a failure.
    fake.fault(
        "POST",
        &format!("{flows}/upload-flow-json"),
        FaultKind::Instead(Reply::ok(
            json!({"success": true, "message": "Uploaded Successfully",
            "data": {"validations_errors": [seed_validation_error()]}}),
        )),
        1,
    );
    let sic = cli.run(&["deploy", "flow.json"]).code(1);
    assert!(
        sic.stderr
            .contains("flow.json:10:21: server: INVALID_PROPERTY_VALUE"),
        "{}",
        sic.stderr
    );
    assert_eq!(
        cli.lock()["flows"]["flow"]["hash"],
        "",
        "kept as a draft, not in step"
    );
    cli.run(&["deploy", "flow.json"]).ok();
    fake.take();

    // Other wordings are never dropped: a field-error map, and entries that are plain text.
    cli.write("flow.json", &flow_json("Third"));
    fake.fault(
        "POST",
        &format!("{flows}/upload-flow-json"),
        FaultKind::Instead(Reply::Json(
            422,
            json!({"message": "The given data was invalid.",
            "errors": {"file": ["The file must be a file of type: json."]}}),
        )),
        1,
    );
    let fields = cli.run(&["deploy", "flow.json"]).code(1);
    assert!(
        fields
            .stderr
            .contains("The given data was invalid.; file: The file must be a file of type: json.")
            || fields.stdout.contains(
                "The given data was invalid.; file: The file must be a file of type: json."
            ),
        "{}\n{}",
        fields.stdout,
        fields.stderr
    );
    fake.fault(
        "POST",
        &format!("{flows}/upload-flow-json"),
        FaultKind::Instead(Reply::Json(
            422,
            json!({"success": false, "message": "Flow JSON has validation errors",
            "data": {"validation_errors": ["Screen START has no footer"]}}),
        )),
        1,
    );
    let plain = cli.run(&["deploy", "flow.json"]).code(1);
    assert!(
        plain
            .stderr
            .contains("flow.json: server: PROVIDER_VALIDATION_ERROR: Screen START has no footer"),
        "{}",
        plain.stderr
    );
    cli.run(&["deploy", "flow.json"]).ok();
    fake.take();

    // A refusal carrying validation errors, on a command: listed with code and path.
    fake.fault(
        "POST",
        &format!("{flows}/{id}/publish"),
        FaultKind::Instead(Reply::Json(
            422,
            json!({"success": false,
            "message": "Flow JSON has validation errors",
            "data": {"validation_errors": [path_only_validation_error()]}}),
        )),
        1,
    );
    let refused = cli.run(&["publish", &id]).code(2);
    assert!(
        refused.stderr.contains("Flow JSON has validation errors (1 validation error)")
            && refused
                .stderr
                .contains("INVALID_PROPERTY_VALUE: Invalid value found for property 'type'. (at screens[0].layout.children[0].type)"),
        "{}",
        refused.stderr
    );
    assert_eq!(fake.take().len(), 1, "a 422 is not retried");
}
