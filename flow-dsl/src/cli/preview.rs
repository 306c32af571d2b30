//! `flow-dsl preview --local FILE.json|DIR`: click through a flow in the browser, locally.
//!
//! The page is a thin view: it draws the [`Snapshot`](crate::sim::Snapshot) the simulator
//! gives and posts what the user does (fill, select, tap) back as JSON; every rule (visibility,
//! required inputs, routing, expressions) runs in [`crate::sim`]. The page's HTML, CSS and
//! JavaScript are compiled into the binary. The file (or the directory's `*.json` files) is
//! watched and reloaded when it changes.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::endpoint::ClientSimulator;
use crate::model::FlowJson;
use crate::sim::{Backend, ExampleEndpoint, ExchangeRequest, SimError, Simulator};

use super::{EXIT_ERROR, EXIT_OK};

const PAGE: &str = include_str!("preview/page.html");

/// Where a local preview sends `data_exchange`.
#[derive(Debug, Clone, Default)]
pub struct EndpointChoice {
    /// The endpoint URL; `None`: the flow's own examples answer ([`ExampleEndpoint`]).
    pub url: Option<String>,
    /// The endpoint's public key (PEM text), to encrypt as the WhatsApp client does.
    pub public_key_pem: Option<String>,
    /// The Meta app secret, to sign requests (`X-Hub-Signature-256`).
    pub app_secret: Option<String>,
}

/// Options of a local preview server.
#[derive(Debug, Clone)]
pub struct PreviewOptions {
    /// A flow.json file, or a directory of them.
    pub path: PathBuf,
    /// Where `data_exchange` goes.
    pub endpoint: EndpointChoice,
}

struct Inner {
    options: PreviewOptions,
    files: Vec<PathBuf>,
    current: usize,
    sim: Option<Simulator>,
    flow: Option<FlowJson>,
    load_error: Option<String>,
    warnings: Vec<String>,
    version: u64,
    stamps: Vec<(PathBuf, Option<SystemTime>)>,
}

type Shared = Arc<Mutex<Inner>>;

fn flow_files(path: &Path) -> Vec<PathBuf> {
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    } else {
        vec![path.to_owned()]
    }
}

fn stamps(files: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>)> {
    files
        .iter()
        .map(|f| {
            (
                f.clone(),
                std::fs::metadata(f).and_then(|m| m.modified()).ok(),
            )
        })
        .collect()
}

impl Inner {
    fn new(options: PreviewOptions) -> Self {
        let mut inner = Inner {
            options,
            files: Vec::new(),
            current: 0,
            sim: None,
            flow: None,
            load_error: None,
            warnings: Vec::new(),
            version: 0,
            stamps: Vec::new(),
        };
        inner.reload();
        inner
    }

    /// Re-reads the file list and the current file, and restarts the simulator.
    fn reload(&mut self) {
        let name = self.files.get(self.current).cloned();
        self.files = flow_files(&self.options.path);
        self.current = name
            .and_then(|n| self.files.iter().position(|f| *f == n))
            .unwrap_or(0);
        self.stamps = stamps(&self.files);
        self.version += 1;
        self.restart(None);
    }

    fn restart(&mut self, screen: Option<String>) {
        self.sim = None;
        self.load_error = None;
        self.warnings.clear();
        let Some(path) = self.files.get(self.current) else {
            self.load_error = Some(format!(
                "no flow.json found at {}",
                self.options.path.display()
            ));
            return;
        };
        let flow = match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| FlowJson::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(f) => f,
            Err(e) => {
                self.load_error = Some(format!("{}: {e}", path.display()));
                return;
            }
        };
        self.warnings = crate::model::validate::validate(&flow)
            .errors()
            .map(ToString::to_string)
            .collect();
        let mut builder = Simulator::builder(&flow).flow_token("preview");
        if flow.data_api_version.is_some() {
            match backend(&self.options.endpoint, &flow) {
                Ok((b, live)) => {
                    builder = builder.endpoint(BoxedBackend(b));
                    if live && screen.is_none() {
                        builder = builder.init_with_endpoint();
                    }
                }
                Err(e) => {
                    self.load_error = Some(e);
                    return;
                }
            }
        }
        if let Some(s) = screen {
            builder = builder.start_screen(s);
        }
        match builder.start() {
            Ok(sim) => self.sim = Some(sim),
            Err(e) => self.load_error = Some(e.to_string()),
        }
        self.flow = Some(flow);
    }

    fn state(&self, action_error: Option<String>) -> Value {
        let screens: Vec<String> = self
            .flow
            .as_ref()
            .and_then(|f| f.screens.as_ref())
            .map(|s| s.iter().filter_map(|s| s.id.clone()).collect())
            .unwrap_or_default();
        json!({
            "version": self.version,
            "files": self.files.iter().map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()).collect::<Vec<_>>(),
            "current": self.current,
            "screens": screens,
            "snapshot": self.sim.as_ref().map(Simulator::snapshot),
            "load_error": self.load_error,
            "warnings": self.warnings,
            "action_error": action_error,
        })
    }
}

/// Lets a boxed backend be handed to [`crate::sim::SimulatorBuilder::endpoint`].
struct BoxedBackend(Box<dyn Backend>);

impl Backend for BoxedBackend {
    fn exchange(&mut self, request: &ExchangeRequest) -> Result<Value, String> {
        self.0.exchange(request)
    }
}

/// The backend for a flow; `true` when it is a live endpoint (then INIT opens the flow).
fn backend(choice: &EndpointChoice, flow: &FlowJson) -> Result<(Box<dyn Backend>, bool), String> {
    let Some(url) = &choice.url else {
        return Ok((Box::new(ExampleEndpoint::new(flow.to_value())), false));
    };
    let pem = choice
        .public_key_pem
        .as_deref()
        .ok_or("--endpoint needs --public-key: requests are encrypted with it, as WhatsApp does")?;
    let crypto = ClientSimulator::new(pem).map_err(|e| e.to_string())?;
    Ok((
        Box::new(HttpEndpoint {
            url: url.clone(),
            crypto,
            secret: choice.app_secret.clone(),
            http: reqwest::Client::new(),
        }),
        true,
    ))
}

/// A real endpoint over HTTP, encrypted and signed as the WhatsApp client does it.
struct HttpEndpoint {
    url: String,
    crypto: ClientSimulator,
    secret: Option<String>,
    http: reqwest::Client,
}

impl Backend for HttpEndpoint {
    fn exchange(&mut self, request: &ExchangeRequest) -> Result<Value, String> {
        let plain = serde_json::to_vec(request).map_err(|e| e.to_string())?;
        let (encrypted, pending) = self
            .crypto
            .encrypt_request(&plain)
            .map_err(|e| e.to_string())?;
        let body = serde_json::to_vec(&encrypted).map_err(|e| e.to_string())?;
        let mut req = self
            .http
            .post(&self.url)
            .header(header::CONTENT_TYPE, "application/json")
            .timeout(Duration::from_secs(10));
        if let Some(s) = &self.secret {
            req = req.header(
                "X-Hub-Signature-256",
                crate::webhook::sign_body(&body, s.as_bytes()),
            );
        }
        let send = async move {
            let resp = req.body(body).send().await.map_err(|e| {
                if e.is_timeout() {
                    "timeout_error: no answer within 10 s".to_owned()
                } else {
                    format!("no_http_response_error: {e}")
                }
            })?;
            let status = resp.status().as_u16();
            let text = resp.text().await.map_err(|e| e.to_string())?;
            Ok::<_, String>((status, text))
        };
        let handle = tokio::runtime::Handle::try_current()
            .map_err(|_| "the preview's endpoint client needs a tokio runtime".to_owned())?;
        if handle.runtime_flavor() != tokio::runtime::RuntimeFlavor::MultiThread {
            return Err(
                "the preview's endpoint client needs a multi-threaded tokio runtime".into(),
            );
        }
        let (status, text) = tokio::task::block_in_place(|| handle.block_on(send))?;
        if status != 200 {
            return Err(format!("unexpected_http_status_code: HTTP {status}"));
        }
        let answer = pending
            .decrypt_response(&text)
            .map_err(|e| format!("response-decryption-error: {e}"))?;
        serde_json::from_slice(&answer).map_err(|e| format!("the answer is not JSON: {e}"))
    }
}

/// What the page posts.
#[derive(Debug, Deserialize)]
struct UserAction {
    op: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    index: usize,
}

fn apply(inner: &mut Inner, a: &UserAction) -> Option<String> {
    match a.op.as_str() {
        "restart" => {
            inner.restart(None);
            return None;
        }
        "open_screen" => {
            inner.restart(Some(a.name.clone()));
            return inner.load_error.clone();
        }
        "open_file" => {
            inner.current = a.index.min(inner.files.len().saturating_sub(1));
            inner.restart(None);
            return None;
        }
        _ => {}
    }
    let sim = inner.sim.as_mut()?;
    let result: Result<(), SimError> = match a.op.as_str() {
        "fill" => sim.try_fill(&a.name, &a.value),
        "select" => sim.try_select(&a.name, &a.value),
        "unselect" => take(sim.unselect(&a.name, &a.value)),
        "check" => take(sim.check(&a.name)),
        "uncheck" => take(sim.uncheck(&a.name)),
        "range" => take(sim.pick_range(&a.name, &a.value, &a.end)),
        "attach" => {
            let files: Vec<&str> = a.files.iter().map(String::as_str).collect();
            take(sim.attach(&a.name, &files))
        }
        "footer" => sim.tap_footer().map(|_| ()),
        "link" => sim.tap_link(&a.name).map(|_| ()),
        "item" => sim.tap_item(&a.name, &a.value).map(|_| ()),
        "back" => sim.back().map(|_| ()),
        other => return Some(format!("unknown operation {other:?}")),
    };
    result.err().map(|e| e.to_string())
}

fn take(sim: &mut Simulator) -> Result<(), SimError> {
    sim.take_error().map_or(Ok(()), Err)
}

/// The preview's HTTP routes (spawns the file watcher: call it inside a tokio runtime).
pub fn router(options: PreviewOptions) -> Router {
    let shared: Shared = Arc::new(Mutex::new(Inner::new(options)));
    // Weak: the watcher ends when the server (and its router) is dropped.
    let watcher = Arc::downgrade(&shared);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(400)).await;
            let Some(shared) = watcher.upgrade() else {
                return;
            };
            let mut inner = shared.lock().unwrap_or_else(|p| p.into_inner());
            let files = flow_files(&inner.options.path);
            if stamps(&files) != inner.stamps {
                inner.reload();
            }
        }
    });
    Router::new()
        .route(
            "/",
            get(|| async { ([(header::CACHE_CONTROL, "no-store")], Html(PAGE)) }),
        )
        .route(
            "/api/state",
            get(|State(s): State<Shared>| async move {
                let inner = s.lock().unwrap_or_else(|p| p.into_inner());
                Json(inner.state(None))
            }),
        )
        .route(
            "/api/action",
            post(
                |State(s): State<Shared>, Json(a): Json<UserAction>| async move {
                    let mut inner = s.lock().unwrap_or_else(|p| p.into_inner());
                    let error = apply(&mut inner, &a);
                    Json(inner.state(error)).into_response()
                },
            ),
        )
        .with_state(shared)
}

/// Serves the preview on `listener` until the process ends (or the future is dropped).
///
/// Call it on a multi-threaded tokio runtime when [`EndpointChoice::url`] is set: requests to
/// the endpoint are made from inside the simulator's synchronous API.
///
/// # Errors
/// I/O errors of the listener.
pub async fn serve(
    listener: tokio::net::TcpListener,
    options: PreviewOptions,
) -> std::io::Result<()> {
    axum::serve(listener, router(options)).await
}

/// `flow-dsl preview --local`: serves the page, or with `screenshot` writes one PNG per screen.
pub fn run(options: PreviewOptions, addr: SocketAddr, screenshot: Option<PathBuf>) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    rt.block_on(async move {
        let bind = if screenshot.is_some() {
            SocketAddr::from(([127, 0, 0, 1], 0))
        } else {
            addr
        };
        let listener = match tokio::net::TcpListener::bind(bind).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on {bind}: {e}");
                return ExitCode::from(EXIT_ERROR);
            }
        };
        let local = listener.local_addr().unwrap_or(bind);
        let screens = screen_ids(&options.path);
        let server = tokio::spawn(serve(listener, options));
        if let Some(dir) = screenshot {
            let result = tokio::task::spawn_blocking(move || {
                screenshots(&format!("http://{local}/"), &screens, &dir)
            })
            .await;
            server.abort();
            return exit(result.map_err(|e| e.to_string()), |written| {
                for w in written {
                    println!("{}", w.display());
                }
            });
        }
        println!(
            "preview on http://{local}/ (Ctrl-C to stop; the file is reloaded when it changes)"
        );
        exit(server.await.map(|r| r.map_err(|e| e.to_string())), |()| {})
    })
}

/// The exit code of a task that may have failed (inner error) or died (outer error).
fn exit<T>(
    result: Result<Result<T, String>, impl std::fmt::Display>,
    ok: impl FnOnce(T),
) -> ExitCode {
    match result {
        Ok(Ok(t)) => {
            ok(t);
            ExitCode::from(EXIT_OK)
        }
        Ok(Err(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_ERROR)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn screen_ids(path: &Path) -> Vec<String> {
    flow_files(path)
        .first()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|t| FlowJson::from_str(&t).ok())
        .and_then(|f| f.screens)
        .map(|s| s.into_iter().filter_map(|s| s.id).collect())
        .unwrap_or_default()
}

/// The installed headless browser, if any.
pub fn find_browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// Chromium's flags for a quiet, offline, throwaway headless run.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

/// One PNG per screen (`DIR/SCREEN_ID.png`), each opened with its example data.
fn screenshots(base: &str, screens: &[String], dir: &Path) -> Result<Vec<PathBuf>, String> {
    let browser = find_browser()
        .ok_or("--screenshot needs a headless Chromium (e.g. `apt-get install chromium`)")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut written = Vec::new();
    for id in screens {
        let out = dir.join(format!("{id}.png"));
        let status = std::process::Command::new(&browser)
            .args(CHROMIUM_FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--window-size=430,800")
            .arg("--virtual-time-budget=4000")
            .arg(format!("--screenshot={}", out.display()))
            .arg(format!("{base}?screen={id}&frame=only"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(|e| format!("{}: {e}", browser.display()))?;
        if !status.success() || !out.is_file() {
            return Err(format!(
                "{} could not screenshot screen {id}",
                browser.display()
            ));
        }
        written.push(out);
    }
    Ok(written)
}
