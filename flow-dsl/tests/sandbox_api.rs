//! The sandbox's Graph API surface, driven with reqwest: lifecycle, every error path, paging,
//! multipart exactness, fields, migration, keys, messages and persistence.
#![cfg(feature = "sandbox")]

use flow_dsl::sandbox::{Auth, FlowStatus, Sandbox, SandboxConfig, SandboxHandle};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

const WABA: &str = "102290129340398";
const VALID: &str = r#"{
  "version": "7.2",
  "screens": [{ "id": "WELCOME", "terminal": true, "layout": { "type": "SingleColumnLayout", "children": [
    { "type": "Footer", "label": "Done", "on-click-action": { "name": "complete", "payload": {} } }
  ] } }]
}"#;
const ENDPOINT_FLOW: &str = r#"{"version":"7.2","data_api_version":"3.0","routing_model":{"A":[]},"screens":[{"id":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Go","on-click-action":{"name":"data_exchange","payload":{}}}]}}]}"#;
const OLD_FLOW: &str = r#"{"version":"2.1","screens":[{"id":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#;

struct Api {
    sb: SandboxHandle,
    http: reqwest::Client,
}

impl Api {
    async fn start() -> Self {
        Self::with(SandboxConfig::default()).await
    }

    async fn with(config: SandboxConfig) -> Self {
        let sb = Sandbox::start(config).await.expect("sandbox starts");
        Self {
            sb,
            http: reqwest::Client::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v25.0{path}", self.sb.base_url())
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> (u16, Value) {
        let resp = req
            .bearer_auth("test-token")
            .send()
            .await
            .expect("response");
        let status = resp.status().as_u16();
        let body = resp.json::<Value>().await.expect("JSON body");
        (status, body)
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(self.http.get(self.url(path))).await
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(self.http.post(self.url(path)).json(&body)).await
    }

    async fn form(&self, path: &str, pairs: &[(&str, &str)]) -> (u16, Value) {
        self.send(self.http.post(self.url(path)).form(pairs)).await
    }

    async fn delete(&self, path: &str) -> (u16, Value) {
        self.send(self.http.delete(self.url(path))).await
    }

    async fn create(&self, name: &str, flow_json: Option<&str>) -> String {
        let mut body = json!({ "name": name, "categories": ["OTHER"] });
        if let Some(j) = flow_json {
            body["flow_json"] = json!(j);
        }
        let (status, v) = self.post(&format!("/{WABA}/flows"), body).await;
        assert_eq!(status, 200, "{v}");
        v["id"].as_str().expect("id").to_owned()
    }

    async fn upload_with(&self, flow: &str, form: Form) -> (u16, Value) {
        self.send(
            self.http
                .post(self.url(&format!("/{flow}/assets")))
                .multipart(form),
        )
        .await
    }

    async fn upload(&self, flow: &str, json: &str) -> (u16, Value) {
        self.upload_with(flow, asset_form(json, "flow.json", "FLOW_JSON"))
            .await
    }
}

fn asset_form(json: &str, name: &str, asset_type: &str) -> Form {
    let file = Part::bytes(json.as_bytes().to_vec())
        .file_name("flow.json")
        .mime_str("application/json")
        .expect("mime");
    Form::new()
        .part("file", file)
        .text("name", name.to_owned())
        .text("asset_type", asset_type.to_owned())
}

/// Asserts a Graph error envelope with this HTTP status and code; returns the `error` object.
fn graph_error(resp: &(u16, Value), status: u16, code: u64) -> Value {
    assert_eq!(resp.0, status, "{}", resp.1);
    let e = &resp.1["error"];
    assert_eq!(e["code"], code, "{}", resp.1);
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(e["type"].as_str().is_some());
    assert!(e["fbtrace_id"].as_str().is_some_and(|t| t.len() >= 8));
    e.clone()
}

#[tokio::test]
async fn full_lifecycle() {
    let api = Api::start().await;
    let id = api.create("signup", None).await;

    let (_, flow) = api.get(&format!("/{id}")).await;
    assert_eq!(flow["status"], "DRAFT");
    assert_eq!(flow["name"], "signup");
    assert_eq!(flow["categories"], json!(["OTHER"]));
    assert_eq!(flow["validation_errors"], json!([]));

    let (status, up) = api.upload(&id, VALID).await;
    assert_eq!(status, 200);
    assert_eq!(up, json!({ "success": true, "validation_errors": [] }));

    // The asset can be listed and downloaded byte for byte.
    let (_, assets) = api.get(&format!("/{id}/assets")).await;
    assert_eq!(assets["data"][0]["name"], "flow.json");
    assert_eq!(assets["data"][0]["asset_type"], "FLOW_JSON");
    let url = assets["data"][0]["download_url"].as_str().unwrap();
    let downloaded = api
        .http
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(downloaded, VALID);

    assert_eq!(
        api.post(&format!("/{id}/publish"), json!({})).await.1,
        json!({ "success": true })
    );
    assert_eq!(api.get(&format!("/{id}")).await.1["status"], "PUBLISHED");
    graph_error(&api.delete(&format!("/{id}")).await, 400, 139004);

    // Editing a published flow moves it back to DRAFT; publishing again works.
    let edited = VALID.replace("7.2", "7.1");
    assert_eq!(api.upload(&id, &edited).await.0, 200);
    assert_eq!(api.sb.flow(&id).unwrap().status, FlowStatus::Draft);
    assert_eq!(
        api.sb.flow(&id).unwrap().published_json.as_deref(),
        Some(VALID)
    );
    assert_eq!(api.post(&format!("/{id}/publish"), json!({})).await.0, 200);
    graph_error(
        &api.post(&format!("/{id}/publish"), json!({})).await,
        400,
        139002,
    );

    assert_eq!(
        api.post(&format!("/{id}/deprecate"), json!({})).await.1,
        json!({ "success": true })
    );
    graph_error(
        &api.post(&format!("/{id}/deprecate"), json!({})).await,
        400,
        139003,
    );
    assert_eq!(api.get(&format!("/{id}")).await.1["status"], "DEPRECATED");
    graph_error(&api.upload(&id, VALID).await, 400, 139001);
    graph_error(
        &api.post(&format!("/{id}"), json!({ "name": "x" })).await,
        400,
        139001,
    );
    graph_error(&api.delete(&format!("/{id}")).await, 400, 139004);

    // A draft can be deleted; afterwards its id is unknown.
    let draft = api.create("scratch", Some(VALID)).await;
    graph_error(
        &api.post(&format!("/{draft}/deprecate"), json!({})).await,
        400,
        139003,
    );
    assert_eq!(
        api.delete(&format!("/{draft}")).await.1,
        json!({ "success": true })
    );
    graph_error(&api.get(&format!("/{draft}")).await, 400, 100);
    assert_eq!(api.sb.flows().len(), 1);
}

#[tokio::test]
async fn paths_work_with_any_version_prefix_or_none() {
    let api = Api::start().await;
    let base = api.sb.base_url();
    for prefix in ["", "/v18.0", "/v25.0", "/v9"] {
        let resp = api
            .http
            .get(format!("{base}{prefix}/{WABA}/flows"))
            .bearer_auth("t")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{prefix}");
    }
    let unknown = api.send(api.http.get(format!("{base}/v25.0/a/b/c"))).await;
    graph_error(&unknown, 400, 2500);
}

#[tokio::test]
async fn create_accepts_form_urlencoded_and_multipart_bodies() {
    let api = Api::start().await;
    let (status, v) = api
        .form(
            &format!("/{WABA}/flows"),
            &[
                ("name", "form"),
                ("categories", r#"["SURVEY","OTHER"]"#),
                ("flow_json", VALID),
                ("publish", "true"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["success"], true);
    assert_eq!(v["validation_errors"], json!([]));
    let flow = api.sb.flow(v["id"].as_str().unwrap()).unwrap();
    assert_eq!(flow.status, FlowStatus::Published);
    assert_eq!(flow.categories, ["SURVEY", "OTHER"]);

    // Multipart text fields, like Meta's Postman collection.
    let form = Form::new()
        .text("name", "multi")
        .text("categories", r#"["LEAD_GENERATION"]"#)
        .text("flow_json", VALID);
    let (status, v) = api
        .send(
            api.http
                .post(api.url(&format!("/{WABA}/flows")))
                .multipart(form),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let flow = api.sb.flow(v["id"].as_str().unwrap()).unwrap();
    assert_eq!(flow.status, FlowStatus::Draft);
    assert_eq!(flow.flow_json.as_deref(), Some(VALID));
}

#[tokio::test]
async fn create_parameter_errors() {
    let api = Api::start().await;
    let path = format!("/{WABA}/flows");
    let cases = [
        json!({ "categories": ["OTHER"] }),
        json!({ "name": "  ", "categories": ["OTHER"] }),
        json!({ "name": "a" }),
        json!({ "name": "a", "categories": [] }),
        json!({ "name": "a", "categories": ["NOT_A_CATEGORY"] }),
        json!({ "name": "a", "categories": "OTHER", "flow_json": {"version": "7.2"} }),
        json!({ "name": "a", "categories": ["OTHER"], "publish": true }),
        json!({ "name": "a", "categories": ["OTHER"], "endpoint_uri": "ftp://x" }),
        json!({ "name": "a", "categories": ["OTHER"], "flow_json": OLD_FLOW, "endpoint_uri": "https://e.example/x" }),
        json!({ "name": "a", "categories": ["OTHER"], "clone_flow_id": "999" }),
        json!({ "name": "a", "categories": ["OTHER"], "publish": "maybe" }),
    ];
    for body in cases {
        let resp = api.post(&path, body.clone()).await;
        assert_eq!(resp.0, 400, "{body} -> {}", resp.1);
        graph_error(&resp, 400, 100);
    }
    // Malformed bodies are Graph errors, not crashes.
    let resp = api
        .send(
            api.http
                .post(api.url(&path))
                .header("content-type", "application/json")
                .body("{"),
        )
        .await;
    graph_error(&resp, 400, 100);
    let resp = api
        .send(
            api.http
                .post(api.url(&path))
                .header("content-type", "text/csv")
                .body("a,b"),
        )
        .await;
    graph_error(&resp, 400, 100);
    assert!(api.sb.flows().is_empty());
}

#[tokio::test]
async fn names_are_unique_per_waba() {
    let api = Api::start().await;
    let first = api.create("dup", None).await;
    let resp = api
        .post(
            &format!("/{WABA}/flows"),
            json!({ "name": "dup", "categories": ["OTHER"] }),
        )
        .await;
    let e = graph_error(&resp, 400, 100);
    assert_eq!(e["error_user_title"], "Flow name not unique");
    assert!(e["error_user_msg"].as_str().unwrap().contains(&first));
    // Another WABA may use the same name.
    let (status, _) = api
        .post(
            "/555/flows",
            json!({ "name": "dup", "categories": ["OTHER"] }),
        )
        .await;
    assert_eq!(status, 200);
    // Renaming onto an existing name is refused too.
    let other = api.create("other", None).await;
    graph_error(
        &api.post(&format!("/{other}"), json!({ "name": "dup" }))
            .await,
        400,
        100,
    );
    assert_eq!(api.sb.flows().len(), 3);
}

#[tokio::test]
async fn validation_errors_block_publishing() {
    let api = Api::start().await;
    let (status, v) = api
        .post(
            &format!("/{WABA}/flows"),
            json!({ "name": "broken", "categories": ["OTHER"], "flow_json": "{\n  \"version\": ", "publish": true }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(v["success"], true);
    let errors = v["validation_errors"].as_array().unwrap();
    assert_eq!(errors[0]["error"], "INVALID_FLOW_JSON");
    assert_eq!(errors[0]["error_type"], "FLOW_JSON_ERROR");
    assert_eq!(errors[0]["line_start"], 2);
    let id = v["id"].as_str().unwrap().to_owned();
    // publish=true with errors leaves a draft.
    assert_eq!(api.sb.flow(&id).unwrap().status, FlowStatus::Draft);
    assert_eq!(
        api.get(&format!("/{id}")).await.1["validation_errors"],
        v["validation_errors"]
    );
    let e = graph_error(
        &api.post(&format!("/{id}/publish"), json!({})).await,
        400,
        139002,
    );
    assert!(
        e["error_user_msg"]
            .as_str()
            .unwrap()
            .contains("validation error")
    );

    let (_, up) = api.upload(&id, r#"{"screens":[]}"#).await;
    let codes: Vec<_> = up["validation_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["error"].clone())
        .collect();
    assert_eq!(
        codes,
        [
            json!("MISSING_FLOW_JSON_VERSION"),
            json!("MIN_ITEMS_REQUIRED")
        ]
    );
    assert_eq!(up["validation_errors"][0]["pointers"][0]["path"], "version");
    graph_error(
        &api.post(&format!("/{id}/publish"), json!({})).await,
        400,
        139002,
    );

    // An endpoint flow also needs endpoint_uri.
    api.upload(&id, ENDPOINT_FLOW).await;
    let e = graph_error(
        &api.post(&format!("/{id}/publish"), json!({})).await,
        400,
        139002,
    );
    assert!(
        e["error_user_msg"]
            .as_str()
            .unwrap()
            .contains("endpoint_uri")
    );
    let (status, _) = api
        .post(
            &format!("/{id}"),
            json!({ "endpoint_uri": "https://ep.example/flow" }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(api.post(&format!("/{id}/publish"), json!({})).await.0, 200);
}

#[tokio::test]
async fn custom_validator_is_used() {
    let config = SandboxConfig {
        validator: std::sync::Arc::new(|text: &str| {
            if text.contains("BAD") {
                vec![flow_dsl::model::ValidationError::new(
                    "INVALID_PROPERTY_VALUE",
                    "bad",
                    "screens[0].id",
                )]
            } else {
                Vec::new()
            }
        }),
        ..SandboxConfig::default()
    };
    let api = Api::with(config).await;
    let id = api.create("v", Some("not even json")).await;
    assert!(api.sb.flow(&id).unwrap().validation_errors.is_empty());
    let (_, up) = api.upload(&id, "BAD").await;
    assert_eq!(
        up["validation_errors"][0]["pointers"][0]["path"],
        "screens[0].id"
    );
}

#[tokio::test]
async fn unknown_flow_ids_give_error_100() {
    let api = Api::start().await;
    let unknown = "1999999999999999";
    let resps = [
        api.get(&format!("/{unknown}")).await,
        api.post(&format!("/{unknown}"), json!({ "name": "x" }))
            .await,
        api.delete(&format!("/{unknown}")).await,
        api.post(&format!("/{unknown}/publish"), json!({})).await,
        api.post(&format!("/{unknown}/deprecate"), json!({})).await,
        api.get(&format!("/{unknown}/assets")).await,
        api.upload(unknown, VALID).await,
    ];
    for r in &resps {
        let e = graph_error(r, 400, 100);
        assert_eq!(e["error_subcode"], 33);
        assert!(e["message"].as_str().unwrap().contains(unknown));
    }
    // A flow id where a WABA id belongs is refused as well.
    let id = api.create("f", None).await;
    graph_error(
        &api.post(
            &format!("/{id}/flows"),
            json!({ "name": "n", "categories": ["OTHER"] }),
        )
        .await,
        400,
        100,
    );
    graph_error(&api.get(&format!("/{id}/flows")).await, 400, 100);
}

#[tokio::test]
async fn access_token_rules() {
    let api = Api::start().await;
    let resp = api
        .http
        .get(api.url(&format!("/{WABA}/flows")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    assert!(resp.headers().contains_key("www-authenticate"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"]["code"], 190);
    assert_eq!(body["error"]["type"], "OAuthException");
    let resp = api
        .http
        .get(api.url(&format!("/{WABA}/flows?access_token=abc")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    let strict = Api::with(SandboxConfig {
        auth: Auth::Token("right".into()),
        ..SandboxConfig::default()
    })
    .await;
    let resp = strict.get(&format!("/{WABA}/flows")).await; // sends "test-token"
    let e = graph_error(&resp, 401, 190);
    assert!(!e.to_string().contains("test-token"));
    let ok = strict
        .http
        .get(strict.url(&format!("/{WABA}/flows")))
        .bearer_auth("right")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    // The control routes hold the same secrets (flows, public keys), so the token guards them.
    let state = format!("{}/_sandbox/state", strict.sb.base_url());
    let denied = strict.http.get(&state).send().await.unwrap();
    assert_eq!(denied.status(), 401);
    let allowed = strict
        .http
        .get(&state)
        .bearer_auth("right")
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 200);
    let state = format!("{}/_sandbox/state", api.sb.base_url());
    assert_eq!(api.http.get(&state).send().await.unwrap().status(), 200);

    let open = Api::with(SandboxConfig {
        auth: Auth::Disabled,
        ..SandboxConfig::default()
    })
    .await;
    let resp = open
        .http
        .get(open.url(&format!("/{WABA}/flows")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn asset_upload_must_be_exact_multipart() {
    let api = Api::start().await;
    let id = api.create("m", None).await;
    let bad_forms = [
        asset_form(VALID, "flow.JSON", "FLOW_JSON"),
        asset_form(VALID, "other.json", "FLOW_JSON"),
        asset_form(VALID, "flow.json", "FLOW_JSON_V2"),
        asset_form(VALID, "flow.json", "flow_json"),
        Form::new()
            .text("name", "flow.json")
            .text("asset_type", "FLOW_JSON"),
        Form::new()
            .part(
                "file",
                Part::bytes(VALID.as_bytes().to_vec()).file_name("flow.json"),
            )
            .text("asset_type", "FLOW_JSON"),
        Form::new()
            .part(
                "file",
                Part::bytes(VALID.as_bytes().to_vec()).file_name("flow.json"),
            )
            .text("name", "flow.json"),
        Form::new()
            .part(
                "file",
                Part::bytes(VALID.as_bytes().to_vec())
                    .file_name("flow.json")
                    .mime_str("text/plain")
                    .unwrap(),
            )
            .text("name", "flow.json")
            .text("asset_type", "FLOW_JSON"),
        Form::new()
            .text("file", VALID.to_owned())
            .text("name", "flow.json")
            .text("asset_type", "FLOW_JSON"),
    ];
    for form in bad_forms {
        graph_error(&api.upload_with(&id, form).await, 400, 100);
    }
    // Not multipart at all.
    let resp = api
        .post(
            &format!("/{id}/assets"),
            json!({ "file": VALID, "name": "flow.json", "asset_type": "FLOW_JSON" }),
        )
        .await;
    graph_error(&resp, 400, 100);
    assert_eq!(api.sb.flow(&id).unwrap().flow_json, None);
    assert_eq!(api.get(&format!("/{id}/assets")).await.1["data"], json!([]));

    // More than 10 MB is refused.
    let big = format!(
        "{{\"version\":\"7.2\",\"pad\":\"{}\"}}",
        "x".repeat(10 * 1024 * 1024)
    );
    graph_error(&api.upload(&id, &big).await, 400, 100);
    // Not UTF-8 is refused.
    let form = Form::new()
        .part(
            "file",
            Part::bytes(vec![0xff, 0xfe, b'{']).file_name("flow.json"),
        )
        .text("name", "flow.json")
        .text("asset_type", "FLOW_JSON");
    graph_error(&api.upload_with(&id, form).await, 400, 100);
    assert_eq!(api.sb.flow(&id).unwrap().flow_json, None);

    // A file part without a content type is accepted, like curl -F file=@flow.json.
    let form = Form::new()
        .part(
            "file",
            Part::bytes(VALID.as_bytes().to_vec()).file_name("flow.json"),
        )
        .text("name", "flow.json")
        .text("asset_type", "FLOW_JSON");
    assert_eq!(api.upload_with(&id, form).await.0, 200);
    assert_eq!(api.sb.flow(&id).unwrap().flow_json.as_deref(), Some(VALID));
}

#[tokio::test]
async fn list_pages_with_graph_cursors() {
    let api = Api::start().await;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(api.create(&format!("flow-{i}"), None).await);
    }
    api.create_in_other_waba().await;
    let newest_first: Vec<String> = ids.iter().rev().cloned().collect();

    let (_, page1) = api.get(&format!("/{WABA}/flows?limit=3")).await;
    let names: Vec<_> = page1["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, newest_first[..3]);
    assert_eq!(page1["data"][0]["status"], "DRAFT");
    assert!(page1["paging"].get("previous").is_none());

    // Follow `next` links to the end.
    let mut seen = names.clone();
    let mut next = page1["paging"]["next"].as_str().map(str::to_owned);
    let mut pages = 1;
    while let Some(url) = next {
        let (_, page) = api.send(api.http.get(&url)).await;
        pages += 1;
        for f in page["data"].as_array().unwrap() {
            seen.push(f["id"].as_str().unwrap().to_owned());
        }
        next = page["paging"]["next"].as_str().map(str::to_owned);
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, newest_first);

    // `before` goes back; `after` continues.
    let after = page1["paging"]["cursors"]["after"].as_str().unwrap();
    let (_, page2) = api
        .get(&format!("/{WABA}/flows?limit=3&after={after}"))
        .await;
    assert_eq!(page2["data"][0]["id"], json!(newest_first[3]));
    let before = page2["paging"]["cursors"]["before"].as_str().unwrap();
    let (_, back) = api
        .get(&format!("/{WABA}/flows?limit=3&before={before}"))
        .await;
    assert_eq!(back["data"], page1["data"]);

    // Default fields and a field selection.
    let (_, all) = api.get(&format!("/{WABA}/flows")).await;
    assert_eq!(all["data"].as_array().unwrap().len(), 7);
    let keys: Vec<_> = all["data"][0]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        keys,
        ["id", "name", "status", "categories", "validation_errors"]
    );
    let (_, slim) = api.get(&format!("/{WABA}/flows?fields=name")).await;
    assert_eq!(slim["data"][0].as_object().unwrap().len(), 2);

    graph_error(&api.get(&format!("/{WABA}/flows?limit=0")).await, 400, 100);
    graph_error(
        &api.get(&format!("/{WABA}/flows?limit=abc")).await,
        400,
        100,
    );
    graph_error(&api.get(&format!("/{WABA}/flows?after=zz")).await, 400, 100);
    let (_, empty) = api.get("/42/flows").await;
    assert_eq!(empty, json!({ "data": [] }));
}

impl Api {
    async fn create_in_other_waba(&self) {
        let (status, _) = self
            .post(
                "/777/flows",
                json!({ "name": "elsewhere", "categories": ["OTHER"] }),
            )
            .await;
        assert_eq!(status, 200);
    }
}

#[tokio::test]
async fn get_fields_preview_health_and_metrics() {
    let api = Api::start().await;
    let id = api.create("fields", Some(ENDPOINT_FLOW)).await;
    api.post(
        &format!("/{id}"),
        json!({ "endpoint_uri": "https://ep.example/x", "application_id": "55" }),
    )
    .await;
    let (status, f) = api
        .get(&format!(
            "/{id}?fields=id,name,json_version,data_api_version,endpoint_uri,whatsapp_business_account,application,updated_at,health_status,preview.invalidate(false)"
        ))
        .await;
    assert_eq!(status, 200, "{f}");
    assert_eq!(f["json_version"], "7.2");
    assert_eq!(f["data_api_version"], "3.0");
    assert_eq!(f["endpoint_uri"], "https://ep.example/x");
    assert_eq!(f["whatsapp_business_account"]["id"], WABA);
    assert_eq!(f["application"]["id"], "55");
    assert_eq!(f["health_status"]["can_send_message"], "AVAILABLE");
    let updated = f["updated_at"].as_str().unwrap();
    assert!(
        updated.len() == 24 && updated.ends_with("+0000"),
        "{updated}"
    );
    assert!(f.get("status").is_none());

    let url = f["preview"]["preview_url"].as_str().unwrap().to_owned();
    assert!(
        f["preview"]["expires_at"]
            .as_str()
            .unwrap()
            .ends_with("+0000")
    );
    let page = api.http.get(&url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("data_api_version"));
    // invalidate(false) keeps the link, invalidate(true) replaces it and kills the old one.
    let (_, same) = api
        .get(&format!("/{id}?fields=preview.invalidate(false)"))
        .await;
    assert_eq!(same["preview"]["preview_url"], json!(url));
    let (_, fresh) = api
        .get(&format!("/{id}?fields=preview.invalidate(true)"))
        .await;
    assert_ne!(fresh["preview"]["preview_url"], json!(url));
    assert_eq!(api.http.get(&url).send().await.unwrap().status(), 404);

    graph_error(
        &api.get(&format!(
            "/{id}?fields=metric.name(ENDPOINT_REQUEST_COUNT).granularity(DAY)"
        ))
        .await,
        400,
        139006,
    );
    graph_error(&api.get(&format!("/{id}?fields=nonsense")).await, 400, 100);
    graph_error(
        &api.get(&format!("/{id}?fields=preview.invalidate(maybe)"))
            .await,
        400,
        100,
    );
    graph_error(&api.get(&format!("/{id}?fields=name(")).await, 400, 100);

    // Health reflects the lifecycle.
    let draft = api.create("blocked-draft", Some("{")).await;
    let (_, h) = api.get(&format!("/{draft}?fields=health_status")).await;
    assert_eq!(h["health_status"]["can_send_message"], "BLOCKED");
    assert!(api.sb.set_flow_status(&id, FlowStatus::Throttled));
    let (_, h) = api.get(&format!("/{id}?fields=health_status,status")).await;
    assert_eq!(h["health_status"]["can_send_message"], "LIMITED");
    assert_eq!(h["status"], "THROTTLED");
}

#[tokio::test]
async fn metadata_updates() {
    let api = Api::start().await;
    let id = api.create("meta", Some(OLD_FLOW)).await;
    let (status, v) = api
        .form(
            &format!("/{id}"),
            &[("categories", "SURVEY,CONTACT_US"), ("name", "meta2")],
        )
        .await;
    assert_eq!((status, v), (200, json!({ "success": true })));
    let flow = api.sb.flow(&id).unwrap();
    assert_eq!(flow.name, "meta2");
    assert_eq!(flow.categories, ["SURVEY", "CONTACT_US"]);
    let e = graph_error(
        &api.post(
            &format!("/{id}"),
            json!({ "endpoint_uri": "https://e.example" }),
        )
        .await,
        400,
        139001,
    );
    assert_eq!(e["error_user_title"], "Specify Endpoint Uri in Flow JSON");
    graph_error(
        &api.post(&format!("/{id}"), json!({ "categories": [] }))
            .await,
        400,
        100,
    );
    graph_error(
        &api.post(&format!("/{id}"), json!({ "name": "" })).await,
        400,
        100,
    );

    // Renaming a published flow makes it a draft; an identical update does not.
    let p = api.create("pub", Some(VALID)).await;
    api.post(&format!("/{p}/publish"), json!({})).await;
    api.post(&format!("/{p}"), json!({ "name": "pub" })).await;
    assert_eq!(api.sb.flow(&p).unwrap().status, FlowStatus::Published);
    api.post(&format!("/{p}"), json!({ "name": "pub-renamed" }))
        .await;
    assert_eq!(api.sb.flow(&p).unwrap().status, FlowStatus::Draft);
}

#[tokio::test]
async fn clone_copies_the_source_json() {
    let api = Api::start().await;
    let src = api.create("src", Some(VALID)).await;
    let (status, v) = api
        .post(
            &format!("/{WABA}/flows"),
            json!({ "name": "copy", "categories": ["OTHER"], "clone_flow_id": src }),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let copy = api.sb.flow(v["id"].as_str().unwrap()).unwrap();
    assert_eq!(copy.flow_json.as_deref(), Some(VALID));
    assert_ne!(copy.id, src);
    let old = api.create("old", Some(OLD_FLOW)).await;
    let resp = api
        .post(
            &format!("/{WABA}/flows"),
            json!({ "name": "c2", "categories": ["OTHER"], "clone_flow_id": old, "endpoint_uri": "https://e.example" }),
        )
        .await;
    graph_error(&resp, 400, 100);
}

#[tokio::test]
async fn migrate_flows_between_wabas() {
    let api = Api::start().await;
    let published = api.create("pub", Some(VALID)).await;
    api.post(&format!("/{published}/publish"), json!({})).await;
    api.create("draft", None).await;
    api.post(
        "/900/flows",
        json!({ "name": "draft", "categories": ["OTHER"] }),
    )
    .await;

    let (status, v) = api
        .form("/900/migrate_flows", &[("source_waba_id", WABA)])
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["migrated_flows"].as_array().unwrap().len(), 1);
    assert_eq!(v["migrated_flows"][0]["source_id"], json!(published));
    let new_id = v["migrated_flows"][0]["migrated_id"].as_str().unwrap();
    assert_eq!(api.sb.flow(new_id).unwrap().status, FlowStatus::Published);
    assert_eq!(v["failed_flows"][0]["source_name"], "draft");
    assert_eq!(v["failed_flows"][0]["error_code"], "4233041");

    let (_, v) = api
        .post(
            &format!("/901/migrate_flows?source_waba_id={WABA}"),
            json!({ "source_flow_names": ["draft"] }),
        )
        .await;
    assert_eq!(v["migrated_flows"][0]["source_name"], "draft");
    assert_eq!(v["failed_flows"], json!([]));
    graph_error(&api.post("/902/migrate_flows", json!({})).await, 400, 100);
}

#[tokio::test]
async fn business_public_key_and_messages() {
    let api = Api::start().await;
    let phone = "106540352242922";
    graph_error(
        &api.get(&format!("/{phone}/whatsapp_business_encryption"))
            .await,
        400,
        100,
    );
    let pem = "-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----";
    let (status, v) = api
        .form(
            &format!("/{phone}/whatsapp_business_encryption"),
            &[("business_public_key", pem)],
        )
        .await;
    assert_eq!((status, v), (200, json!({ "success": true })));
    let (_, key) = api
        .get(&format!("/{phone}/whatsapp_business_encryption"))
        .await;
    assert_eq!(key["business_public_key"], pem);
    assert_eq!(key["business_public_key_signature_status"], "VALID");
    graph_error(
        &api.form(
            &format!("/{phone}/whatsapp_business_encryption"),
            &[("business_public_key", "nope")],
        )
        .await,
        400,
        100,
    );

    let flow = api.create("send-me", Some(VALID)).await;
    let message = |mode: &str| {
        json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "5511999999999",
            "type": "interactive",
            "interactive": { "type": "flow", "body": { "text": "Hi" }, "action": { "name": "flow", "parameters": {
                "flow_message_version": "3", "flow_id": flow, "flow_cta": "Open", "mode": mode,
                "flow_action": "navigate", "flow_action_payload": { "screen": "WELCOME" } } } }
        })
    };
    let (status, v) = api
        .post(&format!("/{phone}/messages"), message("draft"))
        .await;
    assert_eq!(status, 200, "{v}");
    let wamid = v["messages"][0]["id"].as_str().unwrap();
    assert!(wamid.starts_with("wamid."));
    assert_eq!(v["contacts"][0]["wa_id"], "5511999999999");
    // A never-published flow can't be sent in published mode.
    graph_error(
        &api.post(&format!("/{phone}/messages"), message("published"))
            .await,
        400,
        100,
    );
    api.post(&format!("/{flow}/publish"), json!({})).await;
    assert_eq!(
        api.post(&format!("/{phone}/messages"), message("published"))
            .await
            .0,
        200
    );
    // A navigate must open an entry screen of the sent version (flow-model's graph).
    let mut elsewhere = message("published");
    elsewhere["interactive"]["action"]["parameters"]["flow_action_payload"]["screen"] =
        json!("NOPE");
    let (status, v) = api.post(&format!("/{phone}/messages"), elsewhere).await;
    assert_eq!(status, 400, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("entry screens: WELCOME")),
        "{v}"
    );
    api.sb.set_flow_status(&flow, FlowStatus::Blocked);
    graph_error(
        &api.post(&format!("/{phone}/messages"), message("published"))
            .await,
        400,
        132068,
    );
    graph_error(
        &api.post(&format!("/{phone}/messages"), json!({ "to": "1" }))
            .await,
        400,
        100,
    );
    let state = api.sb.state();
    assert_eq!(state.messages.len(), 2);
    assert_eq!(state.messages[0].id, wamid);
    assert_eq!(state.messages[0].phone_number_id, phone);
}

#[tokio::test]
async fn state_persists_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sandbox-state.json");
    let config = || SandboxConfig {
        state_file: Some(file.clone()),
        ..SandboxConfig::default()
    };

    let api = Api::with(config()).await;
    let a = api.create("a", Some(VALID)).await;
    api.post(&format!("/{a}/publish"), json!({})).await;
    let b = api.create("b", Some("{")).await;
    // The file is complete JSON after every change.
    let on_disk: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(on_disk["flows"].as_object().unwrap().len(), 2);
    let before = api.sb.state();
    api.sb.shutdown().await;

    let api = Api::with(config()).await;
    assert_eq!(api.sb.state(), before);
    assert_eq!(api.get(&format!("/{a}")).await.1["status"], "PUBLISHED");
    assert_eq!(
        api.get(&format!("/{b}")).await.1["validation_errors"][0]["error"],
        "INVALID_FLOW_JSON"
    );
    // Ids keep increasing and names stay taken.
    let c = api.create("c", None).await;
    assert!(c != a && c != b);
    graph_error(
        &api.post(
            &format!("/{WABA}/flows"),
            json!({ "name": "a", "categories": ["OTHER"] }),
        )
        .await,
        400,
        100,
    );
    api.sb.shutdown().await;

    std::fs::write(&file, "{ not json").unwrap();
    let err = Sandbox::start(config()).await.unwrap_err();
    assert!(err.to_string().contains("sandbox-state.json"), "{err}");
}

#[tokio::test]
async fn a_change_that_cannot_be_saved_is_refused_and_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let config = || SandboxConfig {
        state_file: Some(file.clone()),
        state_lock_wait: std::time::Duration::ZERO,
        ..SandboxConfig::default()
    };
    let api = Api::with(config()).await;
    let a = api.create("a", Some(VALID)).await;
    // A second sandbox on the same file would overwrite what this one saves.
    let busy = Sandbox::start(config()).await.unwrap_err();
    assert!(busy.to_string().contains("another sandbox"), "{busy}");

    // Renaming onto a directory fails even for root, unlike permissions.
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    let before = api.sb.state();
    let refused = api
        .post(
            &format!("/{WABA}/flows"),
            json!({ "name": "b", "categories": ["OTHER"] }),
        )
        .await;
    let e = graph_error(&refused, 500, 1);
    assert!(
        e["message"].as_str().unwrap().contains("could not save"),
        "{e}"
    );
    assert_eq!(
        api.sb.state(),
        before,
        "the refused change stays out of memory"
    );
    assert_eq!(api.post(&format!("/{a}/publish"), json!({})).await.0, 500);
    assert!(!api.sb.set_flow_status(&a, FlowStatus::Blocked));
    assert_eq!(api.get(&format!("/{a}")).await.1["status"], "DRAFT");
    api.sb.shutdown().await;

    // An unwritable state file is reported at start, with its path.
    let err = Sandbox::start(config()).await.unwrap_err().to_string();
    assert!(err.contains("state.json"), "{err}");
}
