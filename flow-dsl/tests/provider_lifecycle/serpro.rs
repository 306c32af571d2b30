//! SERPRO, from seed 000 (000_c6e07a5fd66be72e.txt, Portuguese).

use serde_json::{Value, json};

use crate::harness::*;

const TOKEN: &str = "serpro-secret-token";
// providers.md: "Bearer access token".
const AUTH: &str = "Bearer serpro-secret-token";
const WABA: &str = "55001";

#[derive(Default)]
pub struct Serpro {
    pub store: Store,
}

fn detail(f: &StoredFlow) -> Value {
    // Seed 000: "Por padrão ele retornará os campos id, name, status, categories, endpoint_uri,
    // preview e validation_errors."
    json!({"id": f.id, "name": f.name, "status": f.status, "categories": f.categories,
        "endpoint_uri": null, "validation_errors": [],
        "preview": {"preview_url": format!("https://business.facebook.com/wa/manage/flows/{}/preview/?token=s", f.id),
                    "expires_at": "2026-12-31T00:00:00+0000"}})
}

impl Route for Serpro {
    fn route(&mut self, r: &Recorded, ctx: &Ctx) -> Reply {
        if r.auth() != Some(AUTH) {
            return graph_error(401, 190, "Invalid OAuth access token.");
        }
        let not_found = || graph_error(400, 100, "Unsupported get request.");
        let seg: Vec<&str> = r.path.trim_matches('/').split('/').collect();
        let rest = match seg.as_slice() {
            ["waba", w, "flows", rest @ ..] if *w == WABA => rest,
            _ => return graph_error(404, 803, "no route"),
        };
        // Spec §G.4: 139002 publishing, 139003 deprecating, 139004 deleting refused.
        let done = |c: Change, refused: i64| match c {
            Change::Done => Reply::ok(json!({"success": true})),
            Change::Refused => graph_error(400, refused, "Flow is not in the required status"),
            Change::Missing => not_found(),
        };
        match (r.method.as_str(), rest) {
            // Seed 000, "Criar flow": POST .../waba/{wabaId}/flows; name, categories,
            // clone_flow_id (opcional), endpoint_uri (opcional).
            ("POST", []) => {
                let b = r.json();
                let cats = categories(&b);
                if cats.is_empty() {
                    // "pelo menos um é obrigatório"
                    return graph_error(400, 100, "categories is required");
                }
                let json = self.store.cloned_json(&b);
                let id = self
                    .store
                    .create(b["name"].as_str().unwrap_or(""), cats, json);
                Reply::ok(json!({ "id": id }))
            }
            // Seed 000, "Recuperar lista de flows": GET .../waba/{wabaId}/flows.
            ("GET", []) => {
                let data: Vec<Value> = self.store.flows.iter().map(detail).collect();
                Reply::ok(json!({ "data": data }))
            }
            // Seed 000, "Recuperar detalhes do flow": GET .../flows/{flowId}.
            ("GET", [id]) => match self.store.get(id) {
                Some(f) => Reply::ok(detail(f)),
                None => not_found(),
            },
            // Seed 000, "Atualizar detalhes do flow": Método: PUT.
            ("PUT", [id]) => {
                if !self.store.update(id, &r.json()) {
                    return not_found();
                }
                Reply::ok(json!({"success": true}))
            }
            // Seed 000, "Deletar flow": "Enquanto um fluxo estiver no status DRAFT".
            ("DELETE", [id]) => done(self.store.apply(id, Op::Delete), 139004),
            // Seed 000, "Recuperar o JSON de um flow": GET .../json-asset.
            ("GET", [id, "json-asset"]) => match self.store.get(id).and_then(|f| f.json.clone()) {
                Some(j) => Reply::Text(200, "application/json", j),
                None => not_found(),
            },
            // Seed 000, "Atualizar o JSON de um flow": PUT .../json-asset with name (flow.json),
            // asset_type (FLOW_JSON), file.
            ("PUT", [id, "json-asset"]) => {
                assert_eq!(r.part("name").as_deref(), Some("flow.json"));
                assert_eq!(r.part("asset_type").as_deref(), Some("FLOW_JSON"));
                let file = r.part("file").expect("a `file` part");
                let errors = if ctx.reject_json {
                    json!([path_only_validation_error()])
                } else {
                    json!([])
                };
                if !self.store.upload(id, file) {
                    return not_found();
                }
                Reply::ok(json!({"success": true, "validation_errors": errors}))
            }
            // Seed 000, "Publicar flow": POST .../publish.
            ("POST", [id, "publish"]) => done(self.store.apply(id, Op::Publish), 139002),
            // Seed 000, "Descontinuar flow": POST .../deprecate.
            ("POST", [id, "deprecate"]) => done(self.store.apply(id, Op::Deprecate), 139003),
            _ => graph_error(404, 803, "no route"),
        }
    }
}

fn cli(fake: &Fake) -> Cli {
    Cli::new(
        &[
            "--provider",
            "serpro",
            "--base-url",
            &fake.base,
            "--waba-id",
            WABA,
        ],
        &[("SERPRO_TOKEN", TOKEN)],
        &[TOKEN],
    )
}

#[track_caller]
fn check_upload(r: &Recorded, id: &str) {
    expect(r, "PUT", &format!("/waba/{WABA}/flows/{id}/json-asset"));
    assert_eq!(r.auth(), Some(AUTH));
    let mut names = r.part_names();
    names.sort();
    assert_eq!(names, ["asset_type", "file", "name"]);
}

#[test]
fn serpro_full_lifecycle_through_the_cli() {
    let fake = Fake::start(Serpro::default());
    let cli = cli(&fake);
    cli.write("flow.json", &flow_json("How was it?"));
    let flows = format!("/waba/{WABA}/flows");

    // Seed 000: "Os novos flows são criados no status DRAFT" — create, then PUT the JSON.
    cli.run(&["deploy", "flow.json", "--category", "survey"])
        .ok();
    let reqs = fake.take();
    assert_eq!(
        calls(&reqs)[..2],
        [format!("GET {flows}"), format!("POST {flows}")]
    );
    // Seed 000 documents no list parameter: no `limit`.
    assert!(reqs[0].query.is_empty(), "{:?}", reqs[0].query);
    assert_eq!(reqs[1].auth(), Some(AUTH));
    assert_eq!(
        reqs[1].json(),
        json!({"name": "flow", "categories": ["SURVEY"]})
    );
    let id1 = cli.id("flow");
    assert_eq!(reqs.len(), 3);
    check_upload(&reqs[2], &id1);

    // A plain get asks for no field SERPRO lacks.
    let got = cli.run(&["get", "flow"]).ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs), [format!("GET {flows}/{id1}")]);
    assert!(reqs[0].query.is_empty(), "{:?}", reqs[0].query);
    let shown: Value = serde_json::from_str(&got.stdout).unwrap();
    assert_eq!(shown["categories"], json!(["SURVEY"]));
    assert!(shown.get("json_version").is_none());

    assert!(cli.run(&["list"]).ok().stdout.contains(&id1));
    assert_eq!(calls(&fake.take()), [format!("GET {flows}")]);

    cli.run(&["publish", "flow"]).ok();
    assert_eq!(calls(&fake.take()), [format!("POST {flows}/{id1}/publish")]);

    cli.run(&["deploy", "flow.json", "--category", "survey"])
        .ok();
    assert!(fake.take().is_empty());
    cli.run(&["deploy", "flow.json", "--category", "survey", "--verify"])
        .ok();
    assert_eq!(calls(&fake.take()), [format!("GET {flows}")]);

    // Seed 000, "Publicar flow": "Para atualizar o Flow depois disso, você deve criar um novo
    // flow, especificando o ID do fluxo existente no parâmetro clone_flow_id".
    cli.write("flow.json", &flow_json("How was it, really?"));
    cli.run(&["deploy", "flow.json", "--category", "survey"])
        .ok();
    let reqs = fake.take();
    assert_eq!(calls(&reqs)[0], format!("POST {flows}"));
    assert_eq!(
        reqs[0].json(),
        json!({"name": "flow (v2)", "categories": ["SURVEY"], "clone_flow_id": id1})
    );
    let id2 = cli.id("flow");
    assert_eq!(reqs.len(), 2);
    check_upload(&reqs[1], &id2);

    // Seed 000, "Atualizar detalhes do flow" (PUT): `name string | Nome do fluxo`.
    cli.write(
        "flows.json",
        r#"{"flows": [{"name": "survey", "file": "flow.json", "categories": ["SURVEY"], "renamed_from": "flow", "application_id": "APP1"}]}"#,
    );
    cli.run(&["deploy", "--manifest", "flows.json"]).ok();
    let reqs = fake.take();
    // A metadata change to a draft checks its status first (a flow published by hand since
    // the last deploy is never altered silently).
    assert_eq!(
        calls(&reqs),
        [format!("GET {flows}/{id2}"), format!("PUT {flows}/{id2}")]
    );
    // ... and `application_id string | O ID do aplicativo Meta que será conectado ao Flow`, in
    // the same update.
    assert_eq!(
        reqs[1].json(),
        json!({"name": "survey (v2)", "categories": ["SURVEY"], "application_id": "APP1"})
    );
    cli.run(&["deploy", "--manifest", "flows.json"]).ok();
    assert!(fake.take().is_empty(), "done once");

    cli.run(&["deprecate", &id1]).ok();
    assert_eq!(
        calls(&fake.take()),
        [format!("POST {flows}/{id1}/deprecate")]
    );
    cli.run(&["delete", "survey"]).ok();
    assert_eq!(calls(&fake.take()), [format!("DELETE {flows}/{id2}")]);

    // Seed 000: "preview object | A URL da página de visualização".
    assert!(
        cli.run(&["preview", &id1])
            .ok()
            .stdout
            .contains("/preview/")
    );
    assert_eq!(calls(&fake.take()), [format!("GET {flows}/{id1}")]);

    // Seed 000: the JSON at GET .../json-asset; no asset listing.
    let dl = cli.run(&["assets", &id1, "--download", "-"]).ok();
    assert!(dl.stdout.contains("How was it?"), "{}", dl.stdout);
    assert_eq!(
        calls(&fake.take()),
        [format!("GET {flows}/{id1}/json-asset")]
    );
    let listing = cli.run(&["assets", &id1]).code(2);
    assert!(
        listing
            .stderr
            .contains("SERPRO does not support list_assets"),
        "{}",
        listing.stderr
    );

    // Seed 000 has no sending: refused by name, nothing sent.
    let send = cli
        .run(&[
            "send",
            "--to",
            "5561999999999",
            "--flow-id",
            &id1,
            "--cta",
            "Go",
            "--body",
            "Hi",
            "--screen",
            "START",
        ])
        .code(2);
    assert!(
        send.stderr.contains("SERPRO does not support send_flow"),
        "{}",
        send.stderr
    );
    assert!(fake.take().is_empty());
}

#[test]
fn serpro_faults() {
    let fake = Fake::start(Serpro::default());
    let cli = cli(&fake);
    let flows = format!("/waba/{WABA}/flows");
    common_faults(
        &fake,
        &cli,
        Faults {
            create_path: &flows,
            get_path: format!("{flows}/{{id}}"),
            transient: graph_error(503, 2, "Service temporarily unavailable"),
            list_prefix: &flows,
            unauthorized: graph_error(401, 190, "Invalid OAuth access token."),
            denied_says: "190",
        },
    );

    // Validation errors in the upload's answer, with a path only: located in the file.
    let changed = flow_json("Changed");
    cli.write("flow.json", &changed);
    fake.reject_json(true);
    let bad = cli.run(&["deploy", "flow.json"]).code(1);
    let at = text_heading_at(&changed);
    assert!(
        bad.stderr
            .contains(&format!("flow.json:{at}: server: INVALID_PROPERTY_VALUE")),
        "{}",
        bad.stderr
    );
    assert_eq!(cli.lock()["flows"]["flow"]["hash"], "");
    fake.reject_json(false);
}
