//! The recording fake server and the CLI runner shared by every provider module.
//!
//! The fake knows nothing of the client's types: it receives raw HTTP, records it, and answers
//! through a per-provider `route` written from that provider's seed document. Faults are queued
//! per method and path prefix: answer something else instead, or process the request and lose
//! the answer (the server did it; the client cannot know), or never answer.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// One request as the fake received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn auth(&self) -> Option<&str> {
        self.header("authorization")
    }
    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }
    pub fn json(&self) -> Value {
        assert!(
            self.content_type().starts_with("application/json"),
            "{} {}: content type {:?}, expected application/json",
            self.method,
            self.path,
            self.content_type()
        );
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{} {}: body is not JSON: {e}", self.method, self.path))
    }
    /// The keys of the JSON body object, sorted.
    pub fn json_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .json()
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    }
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    /// `(name, filename, content)` of each multipart part; panics if not multipart.
    pub fn parts(&self) -> Vec<(String, Option<String>, String)> {
        let ct = self.content_type();
        assert!(
            ct.starts_with("multipart/form-data"),
            "{} {}: content type {ct:?}, expected multipart/form-data",
            self.method,
            self.path
        );
        let boundary = ct
            .split("boundary=")
            .nth(1)
            .expect("multipart boundary")
            .trim_matches('"');
        let body = String::from_utf8_lossy(&self.body).into_owned();
        let delimiter = format!("--{boundary}");
        let mut out = Vec::new();
        for part in body.split(delimiter.as_str()).skip(1) {
            if part.starts_with("--") {
                break;
            }
            let Some((head, content)) = part.split_once("\r\n\r\n") else {
                continue;
            };
            let attr = |key: &str| {
                let pat = format!("{key}=\"");
                head.find(&pat).map(|i| {
                    let rest = &head[i + pat.len()..];
                    rest[..rest.find('"').unwrap_or(rest.len())].to_owned()
                })
            };
            let name = attr(" name").or_else(|| attr("name")).unwrap_or_default();
            out.push((
                name,
                attr("filename"),
                content.trim_end_matches("\r\n").to_owned(),
            ));
        }
        out
    }
    /// The multipart part names, in order.
    pub fn part_names(&self) -> Vec<String> {
        self.parts().into_iter().map(|(n, _, _)| n).collect()
    }
    pub fn part(&self, name: &str) -> Option<String> {
        self.parts()
            .into_iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, _, c)| c)
    }
}

/// What the fake answers.
#[derive(Debug, Clone)]
pub enum Reply {
    Json(u16, Value),
    Text(u16, &'static str, String),
    Hang,
}

impl Reply {
    pub fn ok(v: Value) -> Self {
        Reply::Json(200, v)
    }
}

/// How an injected fault behaves.
#[derive(Debug, Clone)]
pub enum FaultKind {
    /// Answer this instead of processing the request.
    Instead(Reply),
    /// Process the request (the server changes its state), then answer this status: a lost answer.
    Lose(u16),
}

#[derive(Debug)]
struct Fault {
    method: String,
    path_prefix: String,
    kind: FaultKind,
    remaining: usize,
}

/// What a route may consult besides the request.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    /// The fake's own base URL (for download URLs).
    pub base: String,
    /// Answer uploads (and creates with JSON) with validation errors.
    pub reject_json: bool,
}

/// A provider, as written from its seed.
pub trait Route: Send + 'static {
    fn route(&mut self, req: &Recorded, ctx: &Ctx) -> Reply;
}

struct Shared {
    log: Mutex<Vec<Recorded>>,
    faults: Mutex<VecDeque<Fault>>,
    route: Mutex<Box<dyn Route>>,
    ctx: Mutex<Ctx>,
}

/// A running fake: records everything, answers through its `Route`.
pub struct Fake {
    pub base: String,
    shared: Arc<Shared>,
    rt: Option<tokio::runtime::Runtime>,
}

impl Fake {
    pub fn start(route: impl Route) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let shared = Arc::new(Shared {
            log: Mutex::new(Vec::new()),
            faults: Mutex::new(VecDeque::new()),
            route: Mutex::new(Box::new(route)),
            ctx: Mutex::new(Ctx::default()),
        });
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        let base = format!("http://{addr}");
        shared.ctx.lock().unwrap().base = base.clone();
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        rt.spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Self {
            base,
            shared,
            rt: Some(rt),
        }
    }

    /// Every request since the last call.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.shared.log.lock().unwrap())
    }

    /// Queues a fault for the next `times` requests matching `method` and `path_prefix`.
    pub fn fault(&self, method: &str, path_prefix: &str, kind: FaultKind, times: usize) {
        self.shared.faults.lock().unwrap().push_back(Fault {
            method: method.into(),
            path_prefix: path_prefix.into(),
            kind,
            remaining: times,
        });
    }

    /// From now on, uploads are answered with validation errors (or not).
    pub fn reject_json(&self, on: bool) {
        self.shared.ctx.lock().unwrap().reject_json = on;
    }

    pub fn clear_faults(&self) {
        self.shared.faults.lock().unwrap().clear();
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 64 << 20)
        .await
        .unwrap_or_default();
    let query = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let rec = Recorded {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query,
        headers: parts.headers,
        body,
    };
    shared.log.lock().unwrap().push(rec.clone());
    let fault = {
        let mut faults = shared.faults.lock().unwrap();
        let hit = faults
            .iter_mut()
            .find(|f| f.method == rec.method && rec.path.starts_with(&f.path_prefix));
        match hit {
            Some(f) => {
                f.remaining -= 1;
                let kind = f.kind.clone();
                faults.retain(|f| f.remaining > 0);
                Some(kind)
            }
            None => None,
        }
    };
    let ctx = shared.ctx.lock().unwrap().clone();
    let reply = match fault {
        Some(FaultKind::Instead(r)) => r,
        Some(FaultKind::Lose(status)) => {
            let _ = shared.route.lock().unwrap().route(&rec, &ctx);
            Reply::Json(status, serde_json::json!({"message": "upstream failure"}))
        }
        None => shared.route.lock().unwrap().route(&rec, &ctx),
    };
    match reply {
        Reply::Json(status, v) => (
            StatusCode::from_u16(status).unwrap(),
            [(header::CONTENT_TYPE, "application/json")],
            v.to_string(),
        )
            .into_response(),
        Reply::Text(status, ct, text) => (
            StatusCode::from_u16(status).unwrap(),
            [(header::CONTENT_TYPE, ct)],
            text,
        )
            .into_response(),
        Reply::Hang => {
            std::future::pending::<()>().await;
            unreachable!()
        }
    }
}

/// One flow in a fake's store.
#[derive(Debug, Clone)]
pub struct StoredFlow {
    pub id: String,
    pub name: String,
    pub status: String,
    pub categories: Vec<String>,
    pub json: Option<String>,
}

/// The state every fake keeps: its flows.
#[derive(Debug, Default)]
pub struct Store {
    pub flows: Vec<StoredFlow>,
    next: u64,
}

impl Store {
    pub fn create(&mut self, name: &str, categories: Vec<String>, json: Option<String>) -> String {
        self.next += 1;
        let id = format!("{}", 1_000_000_000_000_000 + self.next);
        self.flows.push(StoredFlow {
            id: id.clone(),
            name: name.to_owned(),
            status: "DRAFT".into(),
            categories,
            json,
        });
        id
    }
    pub fn get(&mut self, id: &str) -> Option<&mut StoredFlow> {
        self.flows.iter_mut().find(|f| f.id == id)
    }
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.flows.len();
        self.flows.retain(|f| f.id != id);
        before != self.flows.len()
    }
    pub fn by_name(&self, name: &str) -> Option<&StoredFlow> {
        self.flows.iter().find(|f| f.name == name)
    }
}

/// A validation error in Meta's shape as seed 001 prints it (with line and column).
pub fn seed_validation_error() -> Value {
    serde_json::json!({
        "error": "INVALID_PROPERTY_VALUE",
        "error_type": "FLOW_JSON_ERROR",
        "message": "Invalid value found for property 'type'.",
        "line_start": 10, "line_end": 10, "column_start": 21, "column_end": 34,
        "pointers": [{"line_start": 10, "line_end": 10, "column_start": 21, "column_end": 34,
                      "path": "screens[0].layout.children[0].type"}]
    })
}

/// The same error with a path only: the CLI must find line and column in the uploaded file.
pub fn path_only_validation_error() -> Value {
    serde_json::json!({
        "error": "INVALID_PROPERTY_VALUE",
        "error_type": "FLOW_JSON_ERROR",
        "message": "Invalid value found for property 'type'.",
        "pointers": [{"path": "screens[0].layout.children[0].type"}]
    })
}

/// A valid flow (Flow JSON 7.2, which Turn.io requires), pretty-printed; `text` varies it.
pub fn flow_json(text: &str) -> String {
    let v = serde_json::json!({
        "version": "7.2",
        "screens": [{
            "id": "START",
            "title": "Survey",
            "terminal": true,
            "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextHeading", "text": text},
                {"type": "Footer", "label": "Send",
                 "on-click-action": {"name": "complete", "payload": {}}}
            ]}
        }]
    });
    serde_json::to_string_pretty(&v).unwrap()
}

/// `line:column` of the first `"type": "TextHeading"` value in `flow_json` text.
pub fn text_heading_at(text: &str) -> String {
    for (i, line) in text.lines().enumerate() {
        if let Some(col) = line.find("\"TextHeading\"") {
            return format!("{}:{}", i + 1, line[..col].chars().count() + 1);
        }
    }
    panic!("no TextHeading")
}

/// The outcome of one CLI run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
    pub fn code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The `flow-dsl` binary, run in its own directory against one fake.
pub struct Cli {
    pub dir: tempfile::TempDir,
    /// Flags selecting the provider (appended to every command).
    pub flags: Vec<String>,
    /// Credential variables.
    pub env: Vec<(String, String)>,
    /// Strings that must never appear in any output.
    pub secrets: Vec<String>,
}

impl Cli {
    pub fn new(flags: &[&str], env: &[(&str, &str)], secrets: &[&str]) -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
            flags: flags.iter().map(|s| s.to_string()).collect(),
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            secrets: secrets.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).expect("write");
    }

    pub fn lock(&self) -> Value {
        let text = std::fs::read_to_string(self.path("flow-dsl.lock.default.json"))
            .expect("lockfile written");
        serde_json::from_str(&text).expect("lockfile JSON")
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(self.dir.path(), args)
    }

    pub fn run_in(&self, dir: &Path, args: &[&str]) -> Run {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_flow-dsl"))
            .current_dir(dir)
            .env_clear()
            .env("NO_COLOR", "1")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .args(args)
            .args(&self.flags)
            .output()
            .expect("run flow-dsl");
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            elapsed: started.elapsed(),
        };
        for s in &self.secrets {
            assert!(
                !run.stdout.contains(s.as_str()) && !run.stderr.contains(s.as_str()),
                "a credential was printed by {args:?}:\n{}\n{}",
                run.stdout,
                run.stderr
            );
        }
        run
    }
}

/// Asserts one request's method and path.
#[track_caller]
pub fn expect(r: &Recorded, method: &str, path: &str) {
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        (method, path),
        "unexpected request {} {}",
        r.method,
        r.path
    );
}

/// Method and path of each request, for messages and whole-sequence checks.
pub fn calls(reqs: &[Recorded]) -> Vec<String> {
    reqs.iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

impl Cli {
    /// The flow id the lockfile records under `name`.
    #[track_caller]
    pub fn id(&self, name: &str) -> String {
        self.lock()["flows"][name]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no {name} in the lockfile"))
            .to_owned()
    }
}

/// The faults every provider must survive, each through the CLI (see [`common_faults`]).
pub struct Faults<'a> {
    /// Where flows are created.
    pub create_path: &'a str,
    /// Where `get ID` goes.
    pub get_path: String,
    /// A transient failure of that `get`.
    pub transient: Reply,
    /// Where `list` goes.
    pub list_prefix: &'a str,
    /// The provider's 401.
    pub unauthorized: Reply,
    /// What the printed 401 must say.
    pub denied_says: &'a str,
}

/// Runs [`Faults`] against `fake` through `cli`:
///
/// - the answer to the create is lost (500, after the server made the flow): the deploy
///   reconciles by listing and never sends a second create;
/// - `get` meets one transient failure and succeeds on the retry;
/// - `list` meets the 401: the message shows what it says, and nothing is retried;
/// - a server that never answers `list` is ended by `--deadline 1`, and by
///   `FLOW_DSL_DEADLINE=1`.
///
/// Returns the flow id deployed. `get_path` may use `{id}`.
pub fn common_faults(fake: &Fake, cli: &Cli, f: Faults<'_>) -> String {
    let Faults {
        create_path,
        get_path,
        transient,
        list_prefix,
        unauthorized,
        denied_says,
    } = f;
    cli.write("flow.json", &flow_json("Hi"));
    fake.fault("POST", create_path, FaultKind::Lose(500), 1);
    cli.run(&["deploy", "flow.json"]).ok();
    let reqs = fake.take();
    let creates = reqs
        .iter()
        .filter(|r| r.method == "POST" && r.path == create_path)
        .count();
    assert_eq!(creates, 1, "{:?}", calls(&reqs));
    let id = cli.id("flow");
    cli.run(&["deploy", "flow.json"]).ok();
    assert!(fake.take().is_empty(), "the adopted flow is in step");

    let get_path = get_path.replace("{id}", &id);
    fake.fault("GET", &get_path, FaultKind::Instead(transient), 1);
    cli.run(&["get", &id]).ok();
    assert_eq!(fake.take().len(), 2, "one retry");

    fake.fault("GET", list_prefix, FaultKind::Instead(unauthorized), 5);
    let denied = cli.run(&["list"]).code(2);
    assert!(
        denied.stderr.contains("401") && denied.stderr.contains(denied_says),
        "{}",
        denied.stderr
    );
    assert_eq!(fake.take().len(), 1, "a 401 is not retried");
    fake.clear_faults();

    fake.fault("GET", list_prefix, FaultKind::Instead(Reply::Hang), 100);
    let hung = cli.run(&["list", "--deadline", "1"]).code(2);
    assert!(
        hung.stderr.contains("no answer within 1 s"),
        "{}",
        hung.stderr
    );
    assert!(hung.elapsed.as_secs() < 15, "{:?}", hung.elapsed);
    let env = Cli {
        dir: tempfile::tempdir().expect("temp dir"),
        flags: cli.flags.clone(),
        env: [
            cli.env.clone(),
            vec![("FLOW_DSL_DEADLINE".into(), "1".into())],
        ]
        .concat(),
        secrets: cli.secrets.clone(),
    };
    let hung = env.run(&["list"]).code(2);
    assert!(
        hung.stderr.contains("no answer within 1 s"),
        "{}",
        hung.stderr
    );
    fake.clear_faults();
    fake.take();
    id
}

/// A status change (or delete) asked of a [`Store`].
#[derive(Debug, Clone, Copy)]
pub enum Op {
    /// DRAFT → PUBLISHED ("Only DRAFT can be published", every seed).
    Publish,
    /// PUBLISHED → DEPRECATED.
    Deprecate,
    /// DRAFT → gone ("Only DRAFT can be ... deleted").
    Delete,
}

/// What became of an [`Op`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Done,
    /// The flow is not in the status the operation needs.
    Refused,
    /// No such flow.
    Missing,
}

impl Store {
    pub fn apply(&mut self, id: &str, op: Op) -> Change {
        let (from, to) = match op {
            Op::Publish => ("DRAFT", "PUBLISHED"),
            Op::Deprecate => ("PUBLISHED", "DEPRECATED"),
            Op::Delete => ("DRAFT", ""),
        };
        match self.get(id) {
            None => Change::Missing,
            Some(f) if f.status != from => Change::Refused,
            Some(_) if to.is_empty() => {
                self.remove(id);
                Change::Done
            }
            Some(f) => {
                f.status = to.into();
                Change::Done
            }
        }
    }

    /// Applies a metadata update's `name`; `false` for an unknown id.
    pub fn update(&mut self, id: &str, body: &Value) -> bool {
        let Some(f) = self.get(id) else { return false };
        if let Some(n) = body["name"].as_str() {
            f.name = n.to_owned();
        }
        true
    }

    /// Stores an uploaded Flow JSON; `false` for an unknown id.
    pub fn upload(&mut self, id: &str, json: String) -> bool {
        let Some(f) = self.get(id) else { return false };
        f.json = Some(json);
        true
    }

    /// List entries in Meta's shape (id, name, status, categories, validation_errors).
    pub fn summaries(&self) -> Vec<Value> {
        self.flows
            .iter()
            .map(|f| {
                serde_json::json!({"id": f.id, "name": f.name, "status": f.status,
                    "categories": f.categories, "validation_errors": []})
            })
            .collect()
    }

    /// The JSON of the flow a create copies (`clone_flow_id`), if any.
    pub fn cloned_json(&mut self, body: &Value) -> Option<String> {
        let from = body["clone_flow_id"].as_str()?.to_owned();
        self.get(&from).and_then(|f| f.json.clone())
    }
}

/// The `categories` of a request body (empty when absent).
pub fn categories(body: &Value) -> Vec<String> {
    body["categories"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Graph's error envelope (spec §G.0), as Meta answers and SERPRO relays it.
pub fn graph_error(status: u16, code: i64, message: &str) -> Reply {
    Reply::Json(
        status,
        serde_json::json!({"error": {"message": message, "type": "OAuthException", "code": code,
            "fbtrace_id": "AbCdEf"}}),
    )
}
