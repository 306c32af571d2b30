//! Meta's Graph API, from seed 004 (004_4d9bd71350111dfc.txt, the operations a Meta-direct user
//! expects) and spec §G.1 (paths and shapes, which the seed's SDK page does not spell out).

use serde_json::{Map, Value, json};

use crate::harness::*;

const TOKEN: &str = "EAAG-meta-secret-token";
// Spec §G.0: "Auth: `Authorization: Bearer <token>`".
const AUTH: &str = "Bearer EAAG-meta-secret-token";
const WABA: &str = "2000001";
const PHONE: &str = "3000001";

#[derive(Default)]
pub struct Meta {
    pub store: Store,
}

impl Route for Meta {
    fn route(&mut self, r: &Recorded, ctx: &Ctx) -> Reply {
        let seg: Vec<&str> = r.path.trim_matches('/').split('/').collect();
        if seg.first() == Some(&"download") {
            return match self.store.get(seg[1]).and_then(|f| f.json.clone()) {
                Some(j) => Reply::Text(200, "application/json", j),
                None => Reply::Json(404, json!({})),
            };
        }
        if r.auth() != Some(AUTH) {
            // Seed 004: "case 190: Invalid access token".
            return graph_error(401, 190, "Invalid OAuth access token.");
        }
        let errors = if ctx.reject_json {
            json!([seed_validation_error()])
        } else {
            json!([])
        };
        let unknown = || graph_error(400, 100, "Unsupported get request.");
        let Some(("v25.0", rest)) = seg.split_first().map(|(v, r)| (*v, r)) else {
            return graph_error(404, 803, "no route");
        };
        // Spec §G.4: 139002 publishing, 139003 deprecating, 139004 deleting refused.
        let done = |c: Change, refused: i64| match c {
            Change::Done => Reply::ok(json!({"success": true})),
            Change::Refused => graph_error(400, refused, "Flow is not in the required status"),
            Change::Missing => unknown(),
        };
        match (r.method.as_str(), rest) {
            // §G.1 #1: POST /{WABA_ID}/flows: name (unique: "duplicates give error 100"),
            // categories, flow_json (as a string), publish, clone_flow_id, endpoint_uri.
            ("POST", [w, "flows"]) if *w == WABA => {
                let b = r.json();
                let name = b["name"].as_str().unwrap_or("").to_owned();
                if self.store.by_name(&name).is_some() {
                    return graph_error(400, 100, "Invalid parameter");
                }
                let cats = categories(&b);
                let json = b["flow_json"].as_str().map(String::from);
                let id = self.store.create(&name, cats, json);
                Reply::ok(json!({"id": id, "success": true, "validation_errors": errors}))
            }
            // §G.1 #9: GET /{WABA_ID}/flows with Graph paging.
            ("GET", [w, "flows"]) if *w == WABA => {
                let data = self.store.summaries();
                Reply::ok(
                    json!({"data": data, "paging": {"cursors": {"before": "b", "after": "a"}}}),
                )
            }
            // §G.1 #10 / seed 004 `flows.migrate`.
            ("POST", [w, "migrate_flows"]) if *w == WABA => Reply::ok(json!({
                "migrated_flows": [{"source_name": "appointment-booking", "source_id": "111", "migrated_id": "222"}],
                "failed_flows": []})),
            // §G.1 #13.
            ("POST", [p, "messages"]) if *p == PHONE => Reply::ok(json!({
                "messaging_product": "whatsapp", "contacts": [{"input": "1", "wa_id": "1"}],
                "messages": [{"id": "wamid.M1"}]})),
            // §G.1 #8: GET /{FLOW_ID}?fields=…
            ("GET", [id]) => {
                let Some(f) = self.store.get(id) else {
                    return unknown();
                };
                let all = json!({"id": f.id, "name": f.name, "status": f.status,
                    "categories": f.categories, "validation_errors": [], "json_version": "7.2",
                    "preview": {"preview_url": format!("https://business.facebook.com/wa/manage/flows/{id}/preview/?token=m"),
                                "expires_at": "2026-12-31T00:00:00+0000"}});
                let fields = r
                    .query_value("fields")
                    .unwrap_or("id,name,status,categories,validation_errors");
                let mut shown = Map::new();
                for field in fields.split(',') {
                    let key = field.split(['.', '(']).next().unwrap_or(field);
                    if let Some(v) = all.get(key) {
                        shown.insert(key.into(), v.clone());
                    }
                }
                Reply::ok(Value::Object(shown))
            }
            // §G.1 #2: POST /{FLOW_ID} (update metadata).
            ("POST", [id]) => {
                if !self.store.update(id, &r.json()) {
                    return unknown();
                }
                Reply::ok(json!({"success": true}))
            }
            // §G.1 #7: DELETE /{FLOW_ID}, DRAFT only.
            ("DELETE", [id]) => done(self.store.apply(id, Op::Delete), 139004),
            // §G.1 #3: multipart `file`, `name="flow.json"`, `asset_type="FLOW_JSON"`.
            ("POST", [id, "assets"]) => {
                assert_eq!(r.part("name").as_deref(), Some("flow.json"));
                assert_eq!(r.part("asset_type").as_deref(), Some("FLOW_JSON"));
                let file = r.part("file").expect("a `file` part");
                if !self.store.upload(id, file) {
                    return unknown();
                }
                Reply::ok(json!({"success": true, "validation_errors": errors}))
            }
            // §G.1 #4.
            ("GET", [id, "assets"]) => {
                if self.store.get(id).is_none() {
                    return unknown();
                }
                Reply::ok(
                    json!({"data": [{"name": "flow.json", "asset_type": "FLOW_JSON",
                    "download_url": format!("{}/download/{id}", ctx.base)}]}),
                )
            }
            // §G.1 #5 and #6.
            ("POST", [id, "publish"]) => done(self.store.apply(id, Op::Publish), 139002),
            ("POST", [id, "deprecate"]) => done(self.store.apply(id, Op::Deprecate), 139003),
            _ => graph_error(404, 803, "no route"),
        }
    }
}

fn cli(fake: &Fake) -> Cli {
    Cli::new(
        &[
            "--provider",
            "meta",
            "--base-url",
            &fake.base,
            "--waba-id",
            WABA,
            "--phone-number-id",
            PHONE,
        ],
        &[("WHATSAPP_TOKEN", TOKEN)],
        &[TOKEN],
    )
}

#[test]
fn meta_full_lifecycle_through_the_cli() {
    let fake = Fake::start(Meta::default());
    let cli = cli(&fake);
    cli.write("flow.json", &flow_json("How was it?"));
    let flows = format!("/v25.0/{WABA}/flows");

    // Seed 004: `flows.create({name, categories, flowJson: JSON.stringify(flowJson)})`: one
    // request; names are unique per WABA, so no listing first.
    cli.run(&["deploy", "flow.json"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("POST {flows}")]);
    assert_eq!(reqs[0].auth(), Some(AUTH));
    assert_eq!(reqs[0].json_keys(), ["categories", "flow_json", "name"]);
    assert!(
        reqs[0].json()["flow_json"].is_string(),
        "\"flowJson ... encoded as a string\""
    );
    let id1 = cli.id("flow");

    let got = cli.run(&["get", "flow"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("GET /v25.0/{id1}")]);
    assert!(
        reqs[0]
            .query_value("fields")
            .unwrap()
            .contains("json_version")
    );
    assert_eq!(
        serde_json::from_str::<Value>(&got.stdout).unwrap()["json_version"],
        "7.2"
    );

    assert!(cli.run(&["list"]).ok().stdout.contains(&id1));
    assert_eq!(calls(&fake.take()), [format!("GET {flows}")]);

    // Seed 004: `flows.publish(FLOW_ID)`.
    cli.run(&["publish", "flow"]).ok();
    assert_eq!(calls(&fake.take()), [format!("POST /v25.0/{id1}/publish")]);

    cli.run(&["deploy", "flow.json"]).ok();
    assert!(fake.take().is_empty());
    cli.run(&["deploy", "flow.json", "--verify"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("GET {flows}")]);
    // §G.1 #9: "Graph paging (`limit`, `after`, `before`)".
    assert_eq!(reqs[0].query_value("limit"), Some("100"));

    cli.write("flow.json", &flow_json("How was it, really?"));
    cli.run(&["deploy", "flow.json"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("POST {flows}")]);
    assert_eq!(reqs[0].json()["name"], "flow (v2)");
    let id2 = cli.id("flow");

    // Seed 004: `flows.updateMetadata(FLOW_ID, {name, categories})`.
    cli.write(
        "flows.json",
        r#"{"flows": [{"name": "survey", "file": "flow.json", "renamed_from": "flow"}]}"#,
    );
    cli.run(&["deploy", "--manifest", "flows.json"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("POST /v25.0/{id2}")]);
    assert_eq!(reqs[0].json(), json!({"name": "survey (v2)"}));

    // Seed 004: `flows.deprecate(FLOW_ID)`.
    cli.run(&["deprecate", &id1]).ok();
    assert_eq!(
        calls(&fake.take()),
        [format!("POST /v25.0/{id1}/deprecate")]
    );
    cli.run(&["delete", "survey"]).ok();
    assert_eq!(calls(&fake.take()), [format!("DELETE /v25.0/{id2}")]);

    // Seed 004: `flows.getPreviewUrl(FLOW_ID)` → `preview.preview_url`, `preview.expires_at`.
    let preview = cli.run(&["preview", &id1]).ok();
    assert!(preview.stdout.contains("/preview/"));
    assert!(
        preview.stderr.contains("expires at 2026-12-31"),
        "{}",
        preview.stderr
    );
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("GET /v25.0/{id1}")]);
    assert!(reqs[0].query_value("fields").unwrap().contains("preview"));

    // Seed 004: `flows.getAssets(FLOW_ID)`.
    assert!(cli.run(&["assets", &id1]).ok().stdout.contains("FLOW_JSON"));
    assert_eq!(calls(&fake.take()), [format!("GET /v25.0/{id1}/assets")]);
    let dl = cli.run(&["assets", &id1, "--download", "-"]).ok();
    assert!(dl.stdout.contains("How was it?"));
    let reqs = fake.take();
    assert_eq!(reqs[1].auth(), None, "no credential to a download URL");

    // Spec §G.5.
    cli.run(&[
        "send",
        "--to",
        "5511999999999",
        "--flow-id",
        &id1,
        "--cta",
        "Book!",
        "--body",
        "Hi",
        "--screen",
        "START",
        "--flow-token",
        "tok-1",
    ])
    .ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("POST /v25.0/{PHONE}/messages")]);
    let b = reqs[0].json();
    assert_eq!(b["messaging_product"], "whatsapp");
    assert_eq!(b["type"], "interactive");
    let p = &b["interactive"]["action"]["parameters"];
    assert_eq!(p["flow_message_version"], "3");
    assert_eq!(p["flow_id"], id1.as_str());
    assert_eq!(p["flow_token"], "tok-1");
    assert_eq!(p["flow_action_payload"]["screen"], "START");

    // Seed 004: `flows.migrate({sourceWabaId, destinationWabaId, sourceFlowNames})`.
    let migrated = cli
        .run(&["migrate", "--source-waba-id", "111", "appointment-booking"])
        .ok();
    assert!(
        migrated.stdout.contains("111 -> 222  appointment-booking"),
        "{}",
        migrated.stdout
    );
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("POST /v25.0/{WABA}/migrate_flows")]);
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&reqs[0].body)
        .into_owned()
        .collect();
    assert!(
        form.contains(&("source_waba_id".into(), "111".into())),
        "{form:?}"
    );
    assert!(
        form.iter()
            .any(|(k, v)| k == "source_flow_names" && v.contains("appointment-booking"))
    );
}

/// A rename in the manifest with no lockfile (a fresh checkout, another machine): the flow is
/// found under its old name and renamed, never created a second time.
#[test]
fn meta_rename_without_a_lockfile_adopts_the_old_name() {
    let fake = Fake::start(Meta::default());
    let cli = cli(&fake);
    cli.write("flow.json", &flow_json("Hi"));
    cli.run(&["deploy", "flow.json"]).ok();
    let id = cli.id("flow");
    fake.take();
    std::fs::remove_file(cli.path("flow-dsl.lock.default.json")).unwrap();
    cli.write(
        "flows.json",
        r#"{"flows": [{"name": "survey", "file": "flow.json", "renamed_from": "flow"}]}"#,
    );
    cli.run(&["deploy", "--manifest", "flows.json"]).ok();
    let reqs = fake.take();
    let flows = format!("/v25.0/{WABA}/flows");
    assert!(
        !reqs.iter().any(|r| r.method == "POST" && r.path == flows),
        "no second create: {:?}",
        calls(&reqs)
    );
    let rename = reqs
        .iter()
        .find(|r| r.method == "POST" && r.path == format!("/v25.0/{id}"))
        .expect("a metadata update");
    assert_eq!(rename.json()["name"], "survey");
    assert_eq!(cli.id("survey"), id);
}

#[test]
fn meta_faults() {
    let fake = Fake::start(Meta::default());
    let cli = cli(&fake);
    let flows = format!("/v25.0/{WABA}/flows");
    // providers.md: "Flow creation is not idempotent (a retried create makes a second flow)";
    // seed 004: "case 190: Invalid access token".
    common_faults(
        &fake,
        &cli,
        Faults {
            create_path: &flows,
            get_path: "/v25.0/{id}".into(),
            transient: graph_error(500, 1, "An unknown error occurred"),
            list_prefix: &flows,
            unauthorized: graph_error(401, 190, "Invalid OAuth access token."),
            denied_says: "190",
        },
    );

    // Seed 004: "Check for validation errors even on success": a create answered with
    // validation errors fails the deploy, located, and is not counted as deployed.
    cli.write("other.json", &flow_json("Other"));
    fake.reject_json(true);
    let bad = cli.run(&["deploy", "other.json"]).code(1);
    assert!(
        bad.stderr
            .contains("other.json:10:21: server: INVALID_PROPERTY_VALUE"),
        "{}",
        bad.stderr
    );
    assert_eq!(cli.lock()["flows"]["other"]["hash"], "");
    fake.reject_json(false);
}
