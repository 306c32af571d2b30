//! A real browser on the local preview: headless Chromium driven over WebDriver (chromedriver)
//! opens the quickstart flow's page, fills the inputs, taps the Footer, reaches the terminal
//! screen and reads the completion from the page.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium chromium-driver`;
//! `.ci/run` installs them). Without them the test says so and passes, except under `CI`
//! where it fails. `FLOW_DSL_WRITE_SCREENSHOTS=1` also writes the README's screenshots
//! (`docs/images/preview-*.png`).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use flow_dsl::cli::preview::{CHROMIUM_FLAGS, EndpointChoice, PreviewOptions, find_browser};
use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    http: reqwest::Client,
    session: String,
    process: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Driver {
    async fn start(browser: PathBuf, profile: &std::path::Path) -> Driver {
        let port = free_port();
        let process = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = http.get(format!("{base}/status")).send().await
                && r.status().is_success()
            {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not come up");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push("--window-size=1200,1000".into());
        let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": browser, "args": args}}}});
        let r: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {r}"))
            .to_owned();
        Driver {
            http,
            session: format!("{base}/session/{id}"),
            process,
        }
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.session));
        // chromedriver refuses a body on GET and DELETE.
        if method == reqwest::Method::POST {
            req = req.json(&body);
        }
        let r: Value = req.send().await.unwrap().json().await.unwrap();
        r["value"].clone()
    }

    async fn goto(&self, url: &str) {
        let v = self
            .cmd(reqwest::Method::POST, "/url", json!({"url": url}))
            .await;
        assert!(v.is_null(), "navigation to {url} failed: {v}");
    }

    /// The element matching `css`, waiting for the page to draw it.
    async fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let v = self
                .cmd(
                    reqwest::Method::POST,
                    "/element",
                    json!({"using": "css selector", "value": css}),
                )
                .await;
            if let Some(id) = v[ELEMENT].as_str() {
                return id.to_owned();
            }
            assert!(Instant::now() < deadline, "no element {css}: {v}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            json!({}),
        )
        .await;
    }

    async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            json!({"text": text}),
        )
        .await;
    }

    async fn text(&self, css: &str) -> String {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::GET,
            &format!("/element/{id}/text"),
            Value::Null,
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Waits until the text of `css` satisfies `ok`; returns it.
    async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let t = self.text(css).await;
            if ok(&t) {
                return t;
            }
            if Instant::now() > deadline {
                let page = self.cmd(reqwest::Method::GET, "/source", Value::Null).await;
                panic!("{css} stayed {t:?}; page: {page}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn screenshot(&self, file: &str) {
        if std::env::var_os("FLOW_DSL_WRITE_SCREENSHOTS").is_none() {
            return;
        }
        use base64_png::decode;
        let b64 = self
            .cmd(reqwest::Method::GET, "/screenshot", Value::Null)
            .await;
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../docs/images")
            .join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, decode(b64.as_str().unwrap())).unwrap();
    }

    async fn quit(&self) {
        self.cmd(reqwest::Method::DELETE, "", Value::Null).await;
    }
}

/// A tiny standard base64 decoder: the screenshot is the only base64 this test reads.
mod base64_png {
    pub fn decode(s: &str) -> Vec<u8> {
        let val = |c: u8| match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            _ => 63,
        };
        let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=' && c != b'\n').collect();
        let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
        for chunk in bytes.chunks(4) {
            let mut n = 0u32;
            for (i, &c) in chunk.iter().enumerate() {
                n |= u32::from(val(c)) << (18 - 6 * i);
            }
            out.push((n >> 16) as u8);
            if chunk.len() > 2 {
                out.push((n >> 8) as u8);
            }
            if chunk.len() > 3 {
                out.push(n as u8);
            }
        }
        out
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quickstart_in_headless_chromium() {
    let browser = find_browser();
    let driver_installed = Command::new("chromedriver")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let Some(browser) = browser.filter(|_| driver_installed) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium and chromium-driver (see .ci/run)"
        );
        eprintln!("SKIPPED: chromium and chromedriver are not installed");
        return;
    };

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("quickstart.json");
    let flow = flow_dsl_examples::quickstart::feedback_flow()
        .build()
        .unwrap();
    std::fs::write(&file, flow.to_string_pretty()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(flow_dsl::cli::preview::serve(
        listener,
        PreviewOptions {
            path: file,
            endpoint: EndpointChoice::default(),
        },
    ));

    let profile = tempfile::tempdir().unwrap();
    let d = Driver::start(browser, profile.path()).await;
    d.goto(&format!("http://{addr}/")).await;
    d.wait_text("#screen-id", |t| t == "RATE").await;

    // The Footer refuses until the required rating is chosen, and says why.
    d.click("#footer").await;
    let error = d.wait_text("#error", |t| !t.is_empty()).await;
    assert_eq!(
        error,
        "Footer disabled: required input 'rating' is empty (screen RATE)"
    );

    d.click("input[name=rating][value='4']").await;
    d.wait_text("#form", |t| t.contains("\"rating\": \"4\""))
        .await;
    d.type_into("textarea[data-name=comment]", "Friendly staff")
        .await;
    d.click("#title").await; // blur: the page posts the text
    d.wait_text("#form", |t| t.contains("Friendly staff")).await;
    d.screenshot("preview-rate.png").await;

    d.click("#footer").await;
    d.wait_text("#screen-id", |t| t == "THANKS").await;
    let body = d.text("#content").await;
    assert!(
        body.contains("You rated us 4. We read every comment."),
        "{body}"
    );
    d.screenshot("preview-thanks.png").await;

    d.click("#footer").await;
    let shown = d.wait_text("#phone-completion", |t| !t.is_empty()).await;
    let completion: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        completion,
        json!({"rating": "4", "comment": "Friendly staff"})
    );
    d.quit().await;
    server.abort();
}
