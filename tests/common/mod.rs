//! The end-to-end harness: the real release build of Skiff, served by a real `skiff-sandbox`
//! process, driven in headless Chromium through chromedriver (fantoccini).
//!
//! ```ignore
//! mod common;
//! use common::*;
//!
//! #[tokio::test]
//! async fn deploy_button_deploys() {
//!     let sandbox = Sandbox::start().await;              // or Sandbox::start_with(&["--legacy"]),
//!                                                        // Sandbox::start_with(&["--era", "v0.24.12"])
//!     let b = Browser::start().await;                    // or Browser::start_with(PHONE)
//!     let inst = b.connect(&sandbox).await;              // drives #/connect, waits for the projects
//!     b.open(&sandbox, &format!("#/i/{inst}/project/{id}")).await;
//!     b.click("[data-test=deploy]").await;
//!     b.wait_for_text(".badge", "running").await;
//!     b.screenshot("deploy-done").await;                 // target/screenshots/deploy-done.png
//!     b.close().await;
//! }
//! ```
//!
//! Every process started here (sandbox, chromedriver and the Chromium it starts) is ended when
//! its guard drops, also when the test panics; a panicking test also leaves
//! `target/screenshots/FAILED-<test>.png` and prints the page's text and browser console.
//! Tests run in parallel threads: ports are free ones, every browser has its own profile and its
//! own chromedriver. Helpers panic with a clear message instead of returning errors.
//!
//! Needs the release dist (`SKIFF_DIST`, default `dist/`) and the sandbox binary
//! (`SKIFF_SANDBOX`, default `target/release/skiff-sandbox`): `scripts/test` builds both.
//! Other knobs: `SKIFF_E2E_TIMEOUT` (seconds a wait lasts, default 20), `SKIFF_CHROMIUM`,
//! `SKIFF_CHROMEDRIVER`.

#![allow(dead_code)]

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use fantoccini::elements::Element;
pub use fantoccini::{Client, Locator};
pub use serde_json::{json, Value as Json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};

/// The sandbox's default key (its `--key` default).
pub const DEMO_KEY: &str = "skiff-demo-key";

/// A browser window's inner size in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
}

pub const DESKTOP: Viewport = Viewport {
    width: 1280,
    height: 900,
};
pub const PHONE: Viewport = Viewport {
    width: 390,
    height: 844,
};

// ---------------------------------------------------------------------------------------------
// Paths and settings

/// The repository root (this crate's manifest dir).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Cargo's target dir (`CARGO_TARGET_DIR` or `target/`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                repo_root().join(dir)
            }
        }
        _ => repo_root().join("target"),
    }
}

fn env_path(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                repo_root().join(p)
            }
        })
}

/// The built release dist (`SKIFF_DIST`, default `dist/`); panics if it is not there.
pub fn dist_dir() -> PathBuf {
    let dir = env_path("SKIFF_DIST").unwrap_or_else(|| repo_root().join("dist"));
    if !dir.join("index.html").is_file() {
        panic!(
            "no Skiff build at {} (index.html missing): run scripts/test, or scripts/build \
             (or `trunk build --release --dist DIR` and set SKIFF_DIST=DIR)",
            dir.display()
        );
    }
    dir
}

/// The sandbox binary (`SKIFF_SANDBOX`, default `target/release/skiff-sandbox`).
pub fn sandbox_bin() -> PathBuf {
    let bin = env_path("SKIFF_SANDBOX")
        .unwrap_or_else(|| target_dir().join("release").join("skiff-sandbox"));
    if !bin.is_file() {
        panic!(
            "no sandbox binary at {}: run scripts/test, or `cargo build --release -p skiff-sandbox` \
             (or set SKIFF_SANDBOX)",
            bin.display()
        );
    }
    bin
}

fn tool(var: &str, default: &str, what: &str) -> PathBuf {
    let path = env_path(var).unwrap_or_else(|| PathBuf::from(default));
    if !path.is_file() {
        panic!(
            "{what} not found at {}: run scripts/test (it installs Debian's chromium and \
             chromium-driver), or set {var}",
            path.display()
        );
    }
    path
}

/// How long a wait lasts before the test fails (`SKIFF_E2E_TIMEOUT` seconds, default 20).
pub fn timeout() -> Duration {
    let secs = std::env::var("SKIFF_E2E_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

/// Where screenshots go: `target/screenshots/` (created).
pub fn screenshot_dir() -> PathBuf {
    let dir = target_dir().join("screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// A free TCP port on 127.0.0.1 (free when asked: start the server promptly).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port on 127.0.0.1")
}

fn unique_suffix() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}-{n}-{nanos}", std::process::id())
}

/// The current test's name (libtest names each test's thread after it).
fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("test")
        .rsplit("::")
        .next()
        .unwrap_or("test")
        .to_string()
}

fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Kills a whole process group (the group leader's pid), ignoring errors.
fn kill_group(pgid: u32) {
    if pgid == 0 {
        return;
    }
    let _ = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

// ---------------------------------------------------------------------------------------------
// Plain HTTP (to the sandbox and, from Drop, to chromedriver)

/// An HTTP answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Json {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", excerpt(&self.body, 500)))
    }
}

fn build_request(
    method: &str,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Vec<u8> {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(body) = body {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    if let Some(body) = body {
        bytes.extend_from_slice(body.as_bytes());
    }
    bytes
}

fn parse_response(raw: &[u8]) -> Option<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked")
    });
    if chunked {
        body = decode_chunked(&body);
    }
    Some(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Whether `raw` holds a whole answer (by Content-Length or the last chunk), so a server that
/// keeps the connection open (chromedriver does, despite `Connection: close`) is not waited on.
fn response_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    for line in head.split("\r\n") {
        if let Some(v) = line.strip_prefix("content-length:") {
            return v.trim().parse::<usize>().is_ok_and(|n| body.len() >= n);
        }
        if line.starts_with("transfer-encoding:") && line.contains("chunked") {
            return body.ends_with(b"0\r\n\r\n");
        }
    }
    false
}

fn decode_chunked(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(pos) = data.windows(2).position(|w| w == b"\r\n") {
        let line = String::from_utf8_lossy(&data[..pos]);
        let size =
            usize::from_str_radix(line.split(';').next().unwrap_or("0").trim(), 16).unwrap_or(0);
        data = &data[pos + 2..];
        if size == 0 || data.len() < size {
            break;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[(size + 2).min(data.len())..];
    }
    out
}

/// One HTTP/1.1 request on a fresh connection (async).
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Response {
    let what = format!("{method} http://{addr}{path}");
    let fut = async {
        let mut stream = tokio::net::TcpStream::connect(addr)
            .await
            .unwrap_or_else(|e| panic!("{what}: cannot connect: {e}"));
        let req = build_request(method, &addr.to_string(), path, headers, body);
        stream
            .write_all(&req)
            .await
            .unwrap_or_else(|e| panic!("{what}: write failed: {e}"));
        let mut raw = Vec::new();
        let mut buf = [0u8; 16 * 1024];
        loop {
            let n = stream
                .read(&mut buf)
                .await
                .unwrap_or_else(|e| panic!("{what}: read failed: {e}"));
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
            if response_complete(&raw) {
                break;
            }
        }
        parse_response(&raw).unwrap_or_else(|| {
            panic!(
                "{what}: not an HTTP answer: {}",
                excerpt(&String::from_utf8_lossy(&raw), 300)
            )
        })
    };
    tokio::time::timeout(Duration::from_secs(30), fut)
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer within 30 s"))
}

/// A blocking request with a short timeout, for Drop (no async there). `None` on any failure.
fn blocking_http(port: u16, method: &str, path: &str, body: Option<&str>) -> Option<Response> {
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let mut stream = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(5)))
        .ok()?;
    stream
        .write_all(&build_request(
            method,
            &addr.to_string(),
            path,
            &[],
            body.or(if method == "POST" { Some("{}") } else { None }),
        ))
        .ok()?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if response_complete(&raw) {
            break;
        }
    }
    parse_response(&raw)
}

fn excerpt(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= max {
        t.to_string()
    } else {
        let cut: String = t.chars().take(max).collect();
        format!("{cut}…")
    }
}

// ---------------------------------------------------------------------------------------------
// Sandbox

/// A `skiff-sandbox` process serving the release dist and the API on a free port. Killed on drop.
pub struct Sandbox {
    /// `http://127.0.0.1:PORT` (no trailing slash): Skiff at `/`, the API at `/api`.
    pub url: String,
    pub addr: SocketAddr,
    /// The API key (the Bearer token with `--legacy` / `--era v0.18.4`).
    pub key: String,
    /// `http://127.0.0.1:PORT2` when started with `--api-addr` (API only, other origin).
    pub api_url: Option<String>,
    /// Started with `--legacy` (or `--era v0.18.4`): the key is a Bearer token.
    pub legacy: bool,
    child: Child,
    output: Arc<Mutex<String>>,
}

impl Sandbox {
    /// The demo data, modern API, default key.
    pub async fn start() -> Sandbox {
        Sandbox::start_with(&[]).await
    }

    /// With extra flags, e.g. `&["--legacy"]`, `&["--era", "v0.24.12"]` (x-api-key, like the
    /// default), `&["--faults", "project.all:500:1"]`,
    /// `&["--api-addr", "127.0.0.1:0", "--cors-origin", "http://x"]`, `&["--key", "k"]`.
    /// `--addr 127.0.0.1:0` and `--dist` are added unless given.
    pub async fn start_with(args: &[&str]) -> Sandbox {
        let bin = sandbox_bin();
        let has = |flag: &str| args.iter().any(|a| *a == flag);
        let era = args
            .iter()
            .position(|a| *a == "--era")
            .and_then(|i| args.get(i + 1))
            .copied();
        let mut cmd = Command::new(&bin);
        if !has("--addr") {
            cmd.args(["--addr", "127.0.0.1:0"]);
        }
        if !has("--dist") {
            cmd.arg("--dist").arg(dist_dir());
        }
        cmd.args(args)
            .current_dir(repo_root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let output = Arc::new(Mutex::new(String::new()));
        let stdout = child.stdout.take().expect("sandbox stdout");
        let stderr = child.stderr.take().expect("sandbox stderr");
        {
            let output = output.clone();
            tokio::spawn(async move {
                let mut lines = BufReader::new(stderr).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Ok(mut out) = output.lock() {
                        out.push_str(&line);
                        out.push('\n');
                    }
                }
            });
        }
        let mut lines = BufReader::new(stdout).lines();
        let want_api = has("--api-addr");
        let (mut main, mut api) = (None::<(String, String)>, None::<String>);
        let read = async {
            while main.is_none() || (want_api && api.is_none()) {
                let Ok(Some(line)) = lines.next_line().await else {
                    return false;
                };
                if let Ok(mut out) = output.lock() {
                    out.push_str(&line);
                    out.push('\n');
                }
                if let Some(found) = parse_listening(&line) {
                    main = Some(found);
                } else if let Some(rest) = line.split("API-only listener on ").nth(1) {
                    api = Some(rest.trim().trim_end_matches('/').to_string());
                }
            }
            true
        };
        let started = tokio::time::timeout(Duration::from_secs(15), read).await;
        let Some((url, key)) = main.filter(|_| matches!(started, Ok(true))) else {
            let _ = child.start_kill();
            tokio::time::sleep(Duration::from_millis(200)).await;
            let out = output.lock().map(|o| o.clone()).unwrap_or_default();
            panic!(
                "skiff-sandbox {args:?} did not start (no `listening on` line{}):\n{out}",
                if started.is_err() { " within 15 s" } else { "" }
            );
        };
        {
            let output = output.clone();
            tokio::spawn(async move {
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Ok(mut out) = output.lock() {
                        out.push_str(&line);
                        out.push('\n');
                    }
                }
            });
        }
        let addr: SocketAddr = url
            .trim_start_matches("http://")
            .parse()
            .unwrap_or_else(|e| panic!("sandbox printed an odd address {url:?}: {e}"));
        Sandbox {
            url,
            addr,
            key,
            api_url: api,
            legacy: has("--legacy") || era.map(|e| e.trim_start_matches('v')) == Some("0.18.4"),
            child,
            output,
        }
    }

    /// The URL of a Skiff page: `page("#/i/x/admin")`.
    pub fn page(&self, fragment: &str) -> String {
        format!("{}/{}", self.url, fragment.trim_start_matches('/'))
    }

    /// What the sandbox printed so far (stdout and stderr).
    pub fn output(&self) -> String {
        self.output.lock().map(|o| o.clone()).unwrap_or_default()
    }

    fn auth_header(&self) -> (&'static str, String) {
        if self.legacy {
            ("Authorization", format!("Bearer {}", self.key))
        } else {
            ("x-api-key", self.key.clone())
        }
    }

    /// Any request to the sandbox, with the key.
    pub async fn request(&self, method: &str, path: &str, body: Option<&Json>) -> Response {
        let (name, value) = self.auth_header();
        let body = body.map(|b| b.to_string());
        http(
            self.addr,
            method,
            path,
            &[(name, value.as_str()), ("Accept", "application/json")],
            body.as_deref(),
        )
        .await
    }

    /// `GET /api/{procedure}` (query included, e.g. `application.one?applicationId=X`); panics
    /// unless 2xx.
    pub async fn api(&self, procedure: &str) -> Json {
        let resp = self
            .request("GET", &format!("/api/{procedure}"), None)
            .await;
        if !(200..300).contains(&resp.status) {
            panic!(
                "GET /api/{procedure}: HTTP {}: {}",
                resp.status,
                excerpt(&resp.body, 500)
            );
        }
        if resp.body.trim().is_empty() {
            Json::Null
        } else {
            resp.json()
        }
    }

    /// `POST /api/{procedure}` with a JSON body; panics unless 2xx.
    pub async fn api_post(&self, procedure: &str, body: Json) -> Json {
        let resp = self
            .request("POST", &format!("/api/{procedure}"), Some(&body))
            .await;
        if !(200..300).contains(&resp.status) {
            panic!(
                "POST /api/{procedure}: HTTP {}: {}",
                resp.status,
                excerpt(&resp.body, 500)
            );
        }
        if resp.body.trim().is_empty() {
            Json::Null
        } else {
            resp.json()
        }
    }

    /// Sets the fault spec (`PROCEDURE:KIND:RATE,...`; `""` clears it).
    pub async fn set_faults(&self, spec: &str) {
        let body = json!({ "faults": spec }).to_string();
        let resp = http(self.addr, "POST", "/__sandbox/faults", &[], Some(&body)).await;
        assert!(
            (200..300).contains(&resp.status),
            "setting faults {spec:?}: HTTP {}: {}",
            resp.status,
            resp.body
        );
    }

    /// Back to the seeded data.
    pub async fn reset(&self) {
        let resp = http(self.addr, "POST", "/__sandbox/reset", &[], Some("{}")).await;
        assert!(
            (200..300).contains(&resp.status),
            "reset: HTTP {}: {}",
            resp.status,
            resp.body
        );
    }

    /// `GET /__sandbox/stats`.
    pub async fn stats(&self) -> Json {
        http(self.addr, "GET", "/__sandbox/stats", &[], None)
            .await
            .json()
    }

    /// How many requests `procedure` has answered (`/__sandbox/stats`).
    pub async fn calls(&self, procedure: &str) -> u64 {
        self.stats().await["procedures"][procedure]
            .as_u64()
            .unwrap_or(0)
    }

    /// The seeded projects (`project.all`).
    pub async fn projects(&self) -> Vec<Json> {
        match self.api("project.all").await {
            Json::Array(list) => list,
            other => panic!(
                "project.all is not a list: {}",
                excerpt(&other.to_string(), 300)
            ),
        }
    }

    /// The demo service named `name` (first match), read through `project.one` (which, unlike
    /// `project.all`, names databases too).
    pub async fn service(&self, name: &str) -> ServiceRef {
        for p in self.projects().await {
            let pid = p
                .get("projectId")
                .and_then(Json::as_str)
                .unwrap_or_default();
            let one = self.api(&format!("project.one?projectId={pid}")).await;
            if let Some(found) = services(&[one]).into_iter().find(|s| s.name == name) {
                return found;
            }
        }
        panic!("no demo service {name}")
    }

    /// Ends the process now (it is also killed on drop).
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// `skiff-sandbox listening on http://ADDR (API key: KEY)` → (`http://ADDR`, `KEY`).
pub fn parse_listening(line: &str) -> Option<(String, String)> {
    let rest = line.split("listening on ").nth(1)?;
    let (url, rest) = rest.split_once(' ')?;
    let key = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
    let (_, key) = key.split_once(": ")?;
    Some((
        url.trim_end_matches('/').to_string(),
        key.trim().to_string(),
    ))
}

// ---------------------------------------------------------------------------------------------
// Browser

/// A headless Chromium session (own chromedriver, own fresh profile). Derefs to
/// [`fantoccini::Client`] for anything the helpers lack. Everything is ended on drop.
pub struct Browser {
    client: Client,
    session_id: String,
    driver_port: u16,
    closed: bool,
    /// Dropped after `Browser::drop` ran: kills chromedriver's process group, removes the profile.
    _driver: DriverGuard,
}

/// chromedriver (in its own process group, with the Chromium it starts) and the profile dir.
struct DriverGuard {
    child: Child,
    pid: u32,
    profile: PathBuf,
}

impl Drop for DriverGuard {
    fn drop(&mut self) {
        kill_group(self.pid);
        let _ = self.child.start_kill();
        let _ = self.child.try_wait();
        remove_dir_quietly(&self.profile);
    }
}

impl Deref for Browser {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Browser {
    /// A desktop-sized (1280x900) window.
    pub async fn start() -> Browser {
        Browser::start_with(DESKTOP).await
    }

    /// A window of this size (e.g. [`PHONE`]).
    pub async fn start_with(viewport: Viewport) -> Browser {
        let mut last_error = String::new();
        for _ in 0..3 {
            match Browser::try_start(viewport).await {
                Ok(b) => {
                    b.set_viewport(viewport).await;
                    return b;
                }
                Err(e) => last_error = e,
            }
        }
        panic!("headless Chromium did not start (3 tries): {last_error}");
    }

    async fn try_start(viewport: Viewport) -> Result<Browser, String> {
        let chromium = tool("SKIFF_CHROMIUM", "/usr/bin/chromium", "chromium");
        let chromedriver = tool(
            "SKIFF_CHROMEDRIVER",
            "/usr/bin/chromedriver",
            "chromedriver",
        );
        let port = free_port();
        let mut cmd = Command::new(&chromedriver);
        cmd.arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so Chromium and its helpers die with it.
            .process_group(0)
            .kill_on_drop(true);
        let driver = cmd
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver.display()))?;
        let profile = std::env::temp_dir().join(format!("skiff-e2e-{}", unique_suffix()));
        // From here on the guard cleans up whatever happens.
        let mut guard = DriverGuard {
            pid: driver.id().unwrap_or(0),
            child: driver,
            profile: profile.clone(),
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            if let Ok(Some(status)) = guard.child.try_wait() {
                return Err(format!("chromedriver exited at once ({status})"));
            }
            if Instant::now() > deadline {
                return Err("chromedriver did not listen within 15 s".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        std::fs::create_dir_all(&profile).map_err(|e| format!("profile dir: {e}"))?;
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--no-first-run".into(),
            "--no-default-browser-check".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-extensions".into(),
            "--disable-breakpad".into(),
            "--disable-crash-reporter".into(),
            "--hide-scrollbars".into(),
            "--mute-audio".into(),
            format!("--user-data-dir={}", profile.display()),
            format!("--window-size={},{}", viewport.width, viewport.height),
        ];
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": chromium, "args": args }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let mut builder =
            fantoccini::ClientBuilder::rustls().map_err(|e| format!("rustls connector: {e}"))?;
        let client = tokio::time::timeout(
            Duration::from_secs(90),
            builder
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}")),
        )
        .await
        .map_err(|_| "no browser session within 90 s".to_string())?
        .map_err(|e| format!("new session: {e}"))?;
        let session_id = client.session_id().await.ok().flatten().unwrap_or_default();
        Ok(Browser {
            client,
            session_id,
            driver_port: port,
            closed: false,
            _driver: guard,
        })
    }

    /// The fantoccini client, for anything the helpers lack.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Ends the session and chromedriver (drop does it too, less politely).
    pub async fn close(mut self) {
        if !self.closed {
            let _ =
                tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
            self.closed = true;
        }
    }

    /// Fails the test with the page's state: URL, visible text, console, and a screenshot.
    pub async fn fail(&self, what: &str) -> ! {
        let url = self
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let text = self
            .js(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .await
            .as_str()
            .map(str::to_string)
            .unwrap_or_default();
        let shot = match self.client.screenshot().await {
            Ok(png) => {
                let path = screenshot_dir().join(format!("FAILED-{}.png", file_safe(&test_name())));
                let _ = std::fs::write(&path, png);
                format!("\nscreenshot: {}", path.display())
            }
            Err(_) => String::new(),
        };
        self.closed_for_failure();
        panic!(
            "{what}\nat {url}\npage text: {}{shot}\nbrowser console:\n{}",
            excerpt(&text, 1500),
            self.console_logs().join("\n")
        );
    }

    /// Marks that `fail` already reported the page, so drop does not report it again.
    fn closed_for_failure(&self) {
        REPORTED.with(|r| r.set(true));
    }

    // ---- navigation ----

    /// Opens a URL and waits for the load.
    pub async fn goto(&self, url: &str) {
        if let Err(e) = self.client.goto(url).await {
            panic!("cannot open {url}: {e}");
        }
    }

    /// Opens a Skiff page of this sandbox: `b.open(&sandbox, "#/i/x/admin")`.
    pub async fn open(&self, sandbox: &Sandbox, fragment: &str) {
        self.goto(&sandbox.page(fragment)).await;
    }

    /// Reloads the page.
    pub async fn reload(&self) {
        if let Err(e) = self.client.refresh().await {
            panic!("reload failed: {e}");
        }
    }

    /// The current URL's fragment, with its `#` (`""` when none).
    pub async fn fragment(&self) -> String {
        self.client
            .current_url()
            .await
            .ok()
            .and_then(|u| u.fragment().map(|f| format!("#{f}")))
            .unwrap_or_default()
    }

    /// Goes to `fragment` within the same document (the hash router: state kept in the page,
    /// such as a probe or a marker, survives) and waits until the URL shows it.
    pub async fn go(&self, fragment: &str) {
        self.js(
            "location.hash = arguments[0]; return true;",
            vec![json!(fragment)],
        )
        .await;
        self.wait_for_fragment(fragment.trim_start_matches('#'))
            .await;
    }

    /// Waits until the fragment contains `part`.
    pub async fn wait_for_fragment(&self, part: &str) -> String {
        let deadline = Instant::now() + timeout();
        loop {
            let f = self.fragment().await;
            if f.contains(part) {
                return f;
            }
            if Instant::now() > deadline {
                self.fail(&format!(
                    "the URL never reached a fragment containing {part:?} (last: {f:?})"
                ))
                .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    // ---- finding and waiting ----

    /// The first element matching `css` now, if any.
    pub async fn find(&self, css: &str) -> Option<Element> {
        self.client.find(Locator::Css(css)).await.ok()
    }

    /// Every element matching `css` now.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
    }

    /// Whether something matches `css` now.
    pub async fn exists(&self, css: &str) -> bool {
        self.find(css).await.is_some()
    }

    /// Waits for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + timeout();
        loop {
            if let Some(el) = self.find(css).await {
                return el;
            }
            if Instant::now() > deadline {
                self.fail(&format!("nothing matched {css:?} within {:?}", timeout()))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for an element matching `css` whose visible text contains `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Element {
        // One script per poll (not one WebDriver call per element): fast on long lists.
        const FIND: &str = "const [css, text] = arguments; \
            const seen = []; \
            for (const el of document.querySelectorAll(css)) { \
              const t = el.getClientRects().length ? el.innerText : ''; \
              if (t.includes(text)) return { found: el }; \
              seen.push(t); \
            } \
            return { seen };";
        let deadline = Instant::now() + timeout();
        loop {
            let answer = match self
                .client
                .execute(FIND, vec![json!(css), json!(text)])
                .await
            {
                Ok(v) => v,
                Err(e) => self.fail(&format!("looking for {css:?}: {e}")).await,
            };
            if let Some(el) = answer.get("found").and_then(|v| self.element_from_json(v)) {
                return el;
            }
            if Instant::now() > deadline {
                let seen: Vec<String> = answer
                    .get("seen")
                    .and_then(Json::as_array)
                    .map(|a| {
                        a.iter()
                            .map(|t| excerpt(t.as_str().unwrap_or_default(), 200))
                            .collect()
                    })
                    .unwrap_or_default();
                self.fail(&format!(
                    "no {css:?} with the text {text:?} within {:?}; {} matched: {seen:?}",
                    timeout(),
                    seen.len()
                ))
                .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// An element returned by a script (`return someElement`).
    pub fn element_from_json(&self, v: &Json) -> Option<Element> {
        // The W3C web element identifier (chromedriver's older answers used "ELEMENT").
        const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
        let id = v
            .get(ELEMENT_KEY)
            .or_else(|| v.get("ELEMENT"))?
            .as_str()?
            .to_string();
        Some(Element::from_element_id(
            self.client.clone(),
            fantoccini::elements::ElementRef::from(id),
        ))
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + timeout();
        while self.exists(css).await {
            if Instant::now() > deadline {
                self.fail(&format!("{css:?} was still there after {:?}", timeout()))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until a JS expression is truthy, e.g. `"document.querySelectorAll('tr').length > 3"`.
    pub async fn wait_until(&self, expr: &str) {
        let deadline = Instant::now() + timeout();
        let script = format!("return !!({expr});");
        loop {
            if let Ok(Json::Bool(true)) = self.client.execute(&script, vec![]).await {
                return;
            }
            if Instant::now() > deadline {
                self.fail(&format!(
                    "`{expr}` never became true within {:?}",
                    timeout()
                ))
                .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The visible text of the first element matching `css` (waits for it).
    pub async fn text(&self, css: &str) -> String {
        let el = self.wait_for(css).await;
        el.text().await.unwrap_or_default()
    }

    /// The visible texts of every element matching `css` now.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let v = self
            .js(
                "return [...document.querySelectorAll(arguments[0])] \
                 .map(el => el.getClientRects().length ? el.innerText.trim() : '');",
                vec![json!(css)],
            )
            .await;
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|t| t.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The whole page's visible text.
    pub async fn page_text(&self) -> String {
        self.js(
            "return document.body ? document.body.innerText : ''",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// An attribute of the first element matching `css` (waits for the element).
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.wait_for(css).await.attr(name).await.ok().flatten()
    }

    /// The `value` of an input/select/textarea (waits for it).
    pub async fn value(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    // ---- acting ----

    /// Clicks the first element matching `css`, retrying while it is covered or not yet
    /// clickable.
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + timeout();
        loop {
            let el = self.wait_for(css).await;
            match el.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() > deadline => {
                    self.fail(&format!("cannot click {css:?}: {e}")).await
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Clicks the element matching `css` whose text contains `text` (e.g. `("button", "Deploy")`).
    /// Clicks the `button` of the `row` (both `data-test` names) whose text has `text`.
    pub async fn click_in(&self, row: &str, text: &str, button: &str) {
        self.js(
            "[...document.querySelectorAll(`[data-test=${arguments[0]}]`)].find(r => r.textContent.includes(arguments[1])).querySelector(`[data-test=${arguments[2]}]`).click(); return 1;",
            vec![json!(row), json!(text), json!(button)],
        )
        .await;
    }

    pub async fn click_text(&self, css: &str, text: &str) {
        let deadline = Instant::now() + timeout();
        loop {
            let el = self.wait_for_text(css, text).await;
            match el.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() > deadline => {
                    self.fail(&format!("cannot click {css:?} {text:?}: {e}"))
                        .await
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Replaces the value of the input matching `css` with `text`, typed key by key (so the
    /// page sees real input events).
    pub async fn type_text(&self, css: &str, text: &str) {
        let el = self.wait_for(css).await;
        let cleared = self
            .client
            .execute(
                "const el = arguments[0]; el.focus(); el.value = ''; \
                 el.dispatchEvent(new Event('input', { bubbles: true })); return true;",
                vec![serde_json::to_value(&el).unwrap_or(Json::Null)],
            )
            .await;
        if let Err(e) = cleared {
            self.fail(&format!("cannot clear {css:?}: {e}")).await;
        }
        if let Err(e) = el.send_keys(text).await {
            self.fail(&format!("cannot type into {css:?}: {e}")).await;
        }
    }

    /// Picks the `<option value=...>` of the select matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let el = self.wait_for(css).await;
        if let Err(e) = el.select_by_value(value).await {
            self.fail(&format!("cannot select {value:?} in {css:?}: {e}"))
                .await;
        }
    }

    /// Runs JS (a function body: use `return`; `arguments[i]` are the args).
    pub async fn js(&self, script: &str, args: Vec<Json>) -> Json {
        match self.client.execute(script, args).await {
            Ok(v) => v,
            Err(e) => panic!("script failed: {e}\n{script}"),
        }
    }

    /// A localStorage entry.
    pub async fn local_storage(&self, key: &str) -> Option<String> {
        self.js(
            "return window.localStorage.getItem(arguments[0]);",
            vec![json!(key)],
        )
        .await
        .as_str()
        .map(str::to_string)
    }

    /// Saves a PNG of the viewport as `target/screenshots/{name}.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = match self.client.screenshot().await {
            Ok(png) => png,
            Err(e) => panic!("screenshot {name:?} failed: {e}"),
        };
        let path = screenshot_dir().join(format!("{}.png", file_safe(name)));
        std::fs::write(&path, png)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    /// Saves a PNG of the whole page (the window grows to the page's height for the shot).
    pub async fn screenshot_full(&self, name: &str) -> PathBuf {
        let (w, h) = self.viewport().await;
        let full = self
            .js(
                "return Math.ceil(Math.max(document.documentElement.scrollHeight, \
                 document.body ? document.body.scrollHeight : 0));",
                vec![],
            )
            .await
            .as_u64()
            .unwrap_or(h as u64) as u32;
        let tall = full.clamp(h, 8000);
        if tall > h {
            self.set_viewport(Viewport {
                width: w,
                height: tall,
            })
            .await;
        }
        let path = self.screenshot(name).await;
        if tall > h {
            self.set_viewport(Viewport {
                width: w,
                height: h,
            })
            .await;
        }
        path
    }

    /// The inner size (CSS px) of the window now.
    pub async fn viewport(&self) -> (u32, u32) {
        let v = self
            .js("return [window.innerWidth, window.innerHeight];", vec![])
            .await;
        let n = |i: usize| v.get(i).and_then(Json::as_u64).unwrap_or(0) as u32;
        (n(0), n(1))
    }

    /// Resizes the window so that its inner size is `viewport`.
    pub async fn set_viewport(&self, viewport: Viewport) {
        let (mut w, mut h) = (viewport.width, viewport.height);
        for _ in 0..3 {
            if let Err(e) = self.client.set_window_size(w, h).await {
                panic!("cannot resize the window to {w}x{h}: {e}");
            }
            let (iw, ih) = self.viewport().await;
            if (iw, ih) == (viewport.width, viewport.height) || iw == 0 {
                return;
            }
            // Add the window's own chrome (if any) and try again.
            w = (w + viewport.width).saturating_sub(iw);
            h = (h + viewport.height).saturating_sub(ih);
        }
    }

    /// The browser console since the last call (chromedriver's log endpoint).
    pub fn console_logs(&self) -> Vec<String> {
        if self.session_id.is_empty() {
            return Vec::new();
        }
        let path = format!("/session/{}/se/log", self.session_id);
        let Some(resp) = blocking_http(
            self.driver_port,
            "POST",
            &path,
            Some(r#"{"type":"browser"}"#),
        ) else {
            return Vec::new();
        };
        let v: Json = serde_json::from_str(&resp.body).unwrap_or(Json::Null);
        v.get("value")
            .and_then(Json::as_array)
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        format!(
                            "[{}] {}",
                            e.get("level").and_then(Json::as_str).unwrap_or("?"),
                            e.get("message").and_then(Json::as_str).unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    // ---- Skiff ----

    /// Connects to this sandbox through the real Connect page; returns the instance id.
    pub async fn connect(&self, sandbox: &Sandbox) -> String {
        connect(self, &sandbox.url, &sandbox.key).await
    }

    /// Blocking screenshot and page text for a test that panicked elsewhere (from Drop).
    fn report_failure(&self) {
        let base = format!("/session/{}", self.session_id);
        let name = format!("FAILED-{}", file_safe(&test_name()));
        if let Some(resp) =
            blocking_http(self.driver_port, "GET", &format!("{base}/screenshot"), None)
        {
            let v: Json = serde_json::from_str(&resp.body).unwrap_or(Json::Null);
            if let Some(png) = v
                .get("value")
                .and_then(Json::as_str)
                .and_then(base64_decode)
            {
                let path = screenshot_dir().join(format!("{name}.png"));
                if std::fs::write(&path, png).is_ok() {
                    eprintln!("e2e: screenshot of the failed page: {}", path.display());
                }
            }
        }
        let script = json!({
            "script": "return location.href + '\\n' + (document.body ? document.body.innerText : '')",
            "args": [],
        })
        .to_string();
        if let Some(resp) = blocking_http(
            self.driver_port,
            "POST",
            &format!("{base}/execute/sync"),
            Some(&script),
        ) {
            let v: Json = serde_json::from_str(&resp.body).unwrap_or(Json::Null);
            if let Some(text) = v.get("value").and_then(Json::as_str) {
                eprintln!(
                    "e2e: the page when the test failed: {}",
                    excerpt(text, 1500)
                );
            }
        }
        let logs = self.console_logs();
        if !logs.is_empty() {
            eprintln!("e2e: browser console:\n{}", logs.join("\n"));
        }
    }
}

thread_local! {
    /// Set when `Browser::fail` already reported the page for this thread's test.
    static REPORTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.closed && !self.session_id.is_empty() {
            if std::thread::panicking() && !REPORTED.with(|r| r.replace(true)) {
                self.report_failure();
            }
            // End the session politely, so chromedriver closes Chromium itself.
            let _ = blocking_http(
                self.driver_port,
                "DELETE",
                &format!("/session/{}", self.session_id),
                None,
            );
        }
        self.closed = true;
    }
}

fn remove_dir_quietly(dir: &Path) {
    if dir.as_os_str().is_empty() || !dir.exists() {
        return;
    }
    for _ in 0..5 {
        if std::fs::remove_dir_all(dir).is_ok() || !dir.exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Decodes standard or URL-safe base64 (padding optional).
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    }
    let clean: Vec<u8> = s
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c)? << (18 - 6 * i);
        }
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Skiff flows

/// Fills the Connect page (served at `app_url`) with `instance_url` and `key` and submits it;
/// does not wait for the outcome (see [`connect`], or wait for `.alert--error` yourself).
pub async fn submit_connect(b: &Browser, app_url: &str, instance_url: &str, key: &str) {
    b.goto(&format!("{}/#/connect", app_url.trim_end_matches('/')))
        .await;
    b.type_text("#connect-url", instance_url).await;
    b.type_text("#connect-key", key).await;
    b.click("[data-test=connect]").await;
}

/// Connects to the instance at `url` (Skiff served there too) with `key` through the real
/// Connect page, waits for the projects list, and returns the instance id (`#/i/{id}/...`).
pub async fn connect(b: &Browser, url: &str, key: &str) -> String {
    connect_via(b, url, url, key).await
}

/// Like [`connect`], with Skiff served at `app_url` and the instance at `instance_url` (e.g. a
/// sandbox's `api_url`, for cross-origin).
pub async fn connect_via(b: &Browser, app_url: &str, instance_url: &str, key: &str) -> String {
    submit_connect(b, app_url, instance_url, key).await;
    let deadline = Instant::now() + timeout();
    let fragment = loop {
        let f = b.fragment().await;
        if f.starts_with("#/i/") {
            break f;
        }
        if let Some(alert) = b.find(".alert--error").await {
            let text = alert.text().await.unwrap_or_default();
            if !text.trim().is_empty() {
                b.fail(&format!("connecting to {instance_url} failed: {text}"))
                    .await;
            }
        }
        if Instant::now() > deadline {
            b.fail(&format!(
                "connecting to {instance_url} did not open an instance within {:?}",
                timeout()
            ))
            .await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    b.wait_for("[data-test=project-list], .card.empty").await;
    fragment
        .trim_start_matches("#/i/")
        .split(['/', '?'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// One service of the sandbox's `project.all`, for building routes.
#[derive(Clone, Debug)]
pub struct ServiceRef {
    /// The Dokploy router name: `application`, `compose`, `postgres`, ...
    pub kind: String,
    pub id: String,
    pub name: String,
    pub project_id: String,
    pub project_name: String,
    pub environment_id: String,
    /// `applicationStatus` / `composeStatus` when the list has it (`idle`, `running`, `done`,
    /// `error`), else empty.
    pub status: String,
}

/// Every service in a `project.all` answer.
pub fn services(projects: &[Json]) -> Vec<ServiceRef> {
    const KINDS: [(&str, &str); 8] = [
        ("applications", "application"),
        ("compose", "compose"),
        ("postgres", "postgres"),
        ("mysql", "mysql"),
        ("mariadb", "mariadb"),
        ("mongo", "mongo"),
        ("redis", "redis"),
        ("libsql", "libsql"),
    ];
    let s = |v: &Json, k: &str| v.get(k).and_then(Json::as_str).unwrap_or("").to_string();
    let mut out = Vec::new();
    for p in projects {
        // Before v0.25 the project holds the services itself.
        let envs = match p.get("environments").and_then(Json::as_array) {
            Some(envs) => envs.iter().collect(),
            None => vec![p],
        };
        for env in envs {
            for (field, kind) in KINDS {
                let list = env.get(field).and_then(Json::as_array);
                for svc in list.into_iter().flatten() {
                    out.push(ServiceRef {
                        kind: kind.to_string(),
                        id: s(svc, &format!("{kind}Id")),
                        name: s(svc, "name"),
                        project_id: s(p, "projectId"),
                        project_name: s(p, "name"),
                        environment_id: s(env, "environmentId"),
                        status: Some(s(svc, "applicationStatus"))
                            .filter(|st| !st.is_empty())
                            .unwrap_or_else(|| s(svc, "composeStatus")),
                    });
                }
            }
        }
    }
    out
}
