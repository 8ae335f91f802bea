//! End to end: Skiff's container (deploy/) without Docker. Debian's nginx runs the repository's
//! `deploy/skiff.conf.template`, rendered as the nginx image's entrypoint renders it (its
//! `${NAME}`s replaced by the values the Dockerfile and `docker run -e` give), inside the http
//! block of the image's own nginx.conf, serving the release dist and forwarding `/api/` to a
//! sandbox that sends no CORS headers (no `--cors-origin`): Skiff works only if nginx makes it
//! one origin.
//!
//! * In Chromium: the connect page offers nginx's own origin; connecting with the demo key
//!   through the forwarded `/api` shows the demo projects; a project opens in the full build;
//!   connecting to a container without `DOKPLOY_URL` says that it is not set.
//! * Over plain HTTP: the security headers on every answer, `no-cache` on index.html and long
//!   immutable caching on the hashed files; the key headers (x-api-key, and Authorization for a
//!   2024 instance) and writes are forwarded; `/swagger` is sent on to Dokploy; with
//!   `DOKPLOY_URL` empty or not an address, `/api/` answers 503 with a JSON message saying so.
//! * The key is never in nginx's access log or error log (at `info`, more than the image's
//!   `notice`).
//!
//! Not covered: the Docker build itself (no Docker here), an https DOKPLOY_URL (TLS, SNI,
//! certificate check) and host names looked up through the container's DNS.
//!
//! Needs nginx (`SKIFF_NGINX`, default `/usr/sbin/nginx`; scripts/setup installs Debian's with
//! the browser): without it the nginx tests are skipped, unless `SKIFF_NEED_BROWSER=1`.

mod common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;

const TEMPLATE: &str = include_str!("../deploy/skiff.conf.template");
const DOCKERFILE: &str = include_str!("../deploy/Dockerfile");

/// What the nginx image's entrypoint writes into `NGINX_LOCAL_RESOLVERS` on a Docker network
/// such as dokploy-network (Docker's own DNS). Never asked here: the sandbox is an IP address.
const DOCKER_DNS: &str = "127.0.0.11";

/// The `Content-Security-Policy` header docs/security.md gives for nginx.
const CSP_HEADER: &str = "frame-ancestors 'none'; object-src 'none'; base-uri 'none'";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The demo projects seeded by sandbox/src/store.rs (`seed_demo`).
const DEMO_PROJECTS: [&str; 3] = ["shop", "blog", "internal-tools"];

// ---------------------------------------------------------------------------------------------
// nginx

/// The nginx binary, or `None` (the test is skipped) when it is missing and
/// `SKIFF_NEED_BROWSER=1` is not set; with it set, a missing nginx fails the test.
fn nginx_bin() -> Option<PathBuf> {
    let bin = std::env::var_os("SKIFF_NGINX")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/sbin/nginx"));
    if bin.is_file() {
        return Some(bin);
    }
    if std::env::var("SKIFF_NEED_BROWSER").as_deref() == Ok("1") {
        panic!(
            "nginx not found at {}: run scripts/setup with SKIFF_NEED_BROWSER=1 (it installs \
             Debian's nginx), or set SKIFF_NGINX",
            bin.display()
        );
    }
    eprintln!(
        "e2e_container: skipped, no nginx at {} (scripts/setup installs it with \
         SKIFF_NEED_BROWSER=1)",
        bin.display()
    );
    None
}

/// The template as the nginx image's entrypoint renders it: every `${NAME}` of a set
/// environment variable replaced by its value (the image runs envsubst with the names of the
/// variables that are set). Panics on a `${NAME}` left over: the Dockerfile would not set it.
fn render(template: &str, env: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in env {
        out = out.replace(&format!("${{{name}}}"), value);
        assert!(
            !out.contains(&format!("${name}")),
            "${name} without braces: write ${{{name}}}"
        );
    }
    if let Some(at) = out.find("${") {
        panic!(
            "the template uses {} which neither the Dockerfile nor the test sets",
            &out[at..out[at..].find('}').map_or(out.len(), |e| at + e + 1)]
        );
    }
    out
}

/// Replaces `from` by `to`, which must occur exactly once (so a changed template fails here
/// instead of being tested half).
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "expected `{from}` once in deploy/skiff.conf.template"
    );
    text.replacen(from, to, 1)
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// nginx serving the release dist with deploy/skiff.conf.template on a free port; killed
/// (with its worker) on drop, its directory removed.
struct Nginx {
    /// `http://127.0.0.1:PORT`: Skiff at `/`, Dokploy's API forwarded at `/api/`.
    url: String,
    addr: SocketAddr,
    dir: PathBuf,
    child: std::process::Child,
}

impl Nginx {
    /// With `DOKPLOY_URL` set to `dokploy_url` (`""`: as the Dockerfile leaves it).
    async fn start(bin: &Path, dokploy_url: &str) -> Nginx {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "skiff-nginx-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["", "tmp"] {
            std::fs::create_dir_all(dir.join(sub))
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        let port = free_port();
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();

        // The container's conf.d/skiff.conf, with the two lines that are the container's own:
        // its port 80 and where the Dockerfile puts dist/.
        let site = render(
            TEMPLATE,
            &[
                ("DOKPLOY_URL", dokploy_url),
                ("NGINX_LOCAL_RESOLVERS", DOCKER_DNS),
            ],
        );
        let site = replace_once(&site, "listen 80;", &format!("listen {addr};"));
        let site = replace_once(
            &site,
            "root /usr/share/nginx/html;",
            &format!("root {};", dist_dir().display()),
        );
        std::fs::write(dir.join("skiff.conf"), site).expect("write skiff.conf");

        // The nginx image's /etc/nginx/nginx.conf (its log format included), with paths into
        // this directory and the error log at `info`.
        let d = dir.display();
        let user = if running_as_root() { "user root;" } else { "" };
        let main = format!(
            r#"{user}
worker_processes 1;
error_log stderr info;
events {{
    worker_connections 256;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;

    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" '
                    '"$http_user_agent" "$http_x_forwarded_for"';
    access_log {d}/access.log main;

    sendfile on;
    keepalive_timeout 65;

    client_body_temp_path {d}/tmp/body;
    proxy_temp_path {d}/tmp/proxy;
    fastcgi_temp_path {d}/tmp/fastcgi;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;

    include {d}/skiff.conf;
}}
"#
        );
        std::fs::write(dir.join("nginx.conf"), main).expect("write nginx.conf");

        let error_log = std::fs::File::create(dir.join("error.log")).expect("error.log");
        let mut cmd = std::process::Command::new(bin);
        cmd.arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-e")
            .arg("stderr")
            .arg("-g")
            .arg(format!("daemon off; pid {d}/nginx.pid;"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(error_log);
        // Its own process group, so the worker goes with the master.
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let mut nginx = Nginx {
            url: format!("http://{addr}"),
            addr,
            dir,
            child,
        };

        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if tokio::net::TcpStream::connect(addr).await.is_ok() {
                return nginx;
            }
            if let Ok(Some(status)) = nginx.child.try_wait() {
                panic!("nginx exited ({status}):\n{}", nginx.error_log());
            }
            if Instant::now() > deadline {
                panic!(
                    "nginx did not listen on {addr} within 15 s:\n{}",
                    nginx.error_log()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join(name)).unwrap_or_default()
    }

    fn access_log(&self) -> String {
        self.read("access.log")
    }

    fn error_log(&self) -> String {
        self.read("error.log")
    }

    async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        http(self.addr, "GET", path, headers, None).await
    }

    /// Fails if `secret` is in the access log or the error log.
    fn assert_logs_lack(&self, secret: &str) {
        for name in ["access.log", "error.log"] {
            let log = self.read(name);
            assert!(
                !log.contains(secret),
                "nginx's {name} contains the key:\n{log}"
            );
        }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

// ---------------------------------------------------------------------------------------------
// Checks

fn assert_security_headers(resp: &Response, what: &str) {
    for (name, want) in [
        ("content-security-policy", CSP_HEADER),
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
    ] {
        let count = resp
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .count();
        assert_eq!(count, 1, "{name} once on {what}: {:?}", resp.headers);
        assert_eq!(
            resp.header(name),
            Some(want),
            "{name} on {what} (HTTP {}): {:?}",
            resp.status,
            resp.headers
        );
    }
}

/// Whether a file name carries a content hash (`skiff-<hex>_bg.wasm`, `main-<hex>.css`, ...).
fn is_hashed(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "js" | "wasm" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() >= 8 && hash.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
    })
}

fn names(projects: &[Json]) -> Vec<String> {
    let mut names: Vec<String> = projects
        .iter()
        .filter_map(|p| p.get("name").and_then(Json::as_str).map(str::to_string))
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn the_template_logs_no_key_and_uses_only_what_the_dockerfile_sets() {
    for forbidden in [
        "$http_x_api_key",
        "$http_authorization",
        "log_format",
        "access_log",
        "error_log",
    ] {
        assert!(
            !TEMPLATE.contains(forbidden),
            "deploy/skiff.conf.template must not contain {forbidden:?} (logs stay the image's, \
             which name no key)"
        );
    }
    // The two environment names of the template, and where the image gets them.
    let used: Vec<&str> = TEMPLATE
        .match_indices("${")
        .map(|(at, _)| &TEMPLATE[at + 2..at + TEMPLATE[at..].find('}').unwrap_or(2)])
        .collect();
    assert!(!used.is_empty());
    for name in used {
        match name {
            "DOKPLOY_URL" => assert!(DOCKERFILE.contains("DOKPLOY_URL=\"\"")),
            "NGINX_LOCAL_RESOLVERS" => {
                assert!(DOCKERFILE.contains("NGINX_ENTRYPOINT_LOCAL_RESOLVERS=1"))
            }
            other => panic!("${{{other}}} in the template is set by nobody"),
        }
    }
    assert!(DOCKERFILE
        .contains("COPY deploy/skiff.conf.template /etc/nginx/templates/skiff.conf.template"));
    assert!(TEMPLATE.contains("listen 80;") && TEMPLATE.contains("root /usr/share/nginx/html;"));
    assert!(DOCKERFILE.contains("/usr/share/nginx/html/"));
}

#[tokio::test]
async fn skiff_through_nginx_connects_to_its_own_origin() {
    let Some(bin) = nginx_bin() else { return };
    // No --cors-origin: the browser can reach this API only through nginx, on nginx's origin.
    let sandbox = Sandbox::start().await;
    let nginx = Nginx::start(&bin, &sandbox.url).await;
    let unset = Nginx::start(&bin, "").await;
    let b = Browser::start().await;

    // A container without DOKPLOY_URL: connecting to it says so.
    submit_connect(&b, &unset.url, &unset.url, &sandbox.key).await;
    b.wait_for_text(".alert--error", "DOKPLOY_URL is not set")
        .await;

    // The connect page offers the page's own origin as the instance.
    b.goto(&format!("{}/#/connect", nginx.url)).await;
    assert_eq!(b.value("#connect-url").await, nginx.url);

    let inst = connect(&b, &nginx.url, &sandbox.key).await;
    b.wait_for("[data-test=totals]").await;
    let mut titles = b.texts("[data-test=project-card] .card__title").await;
    titles.sort();
    assert_eq!(titles, names(&sandbox.projects().await));
    for name in DEMO_PROJECTS {
        assert!(titles.iter().any(|t| t == name), "{name} in {titles:?}");
    }
    let saved = b
        .local_storage("skiff.instances.v1")
        .await
        .expect("instances saved");
    assert!(saved.contains(&nginx.url), "{saved}");
    assert!(!saved.contains(&sandbox.url), "{saved}");
    b.screenshot("container").await;

    // A project opens in the full build, its wasm served by nginx.
    let first = b.text("[data-test=project-card] .card__title").await;
    b.click_text("[data-test=project-card] .card__title", &first)
        .await;
    b.wait_for_fragment(&format!("#/i/{inst}/project/")).await;
    b.wait_for("[data-test=service-row], [data-test=no-services]")
        .await;
    b.close().await;

    let access = nginx.access_log();
    for want in [
        "GET /api/project.all",
        "HeadlessChrome",
        "_bg.wasm HTTP/1.1\" 200",
    ] {
        assert!(
            access.contains(want),
            "{want:?} not in the access log:\n{access}"
        );
    }
    assert!(
        access.contains("GET /api/project.one?projectId="),
        "the project page's request went through nginx:\n{access}"
    );
    nginx.assert_logs_lack(&sandbox.key);
    unset.assert_logs_lack(&sandbox.key);
}

#[tokio::test]
async fn headers_caching_forwarding_and_no_dokploy_url() {
    let Some(bin) = nginx_bin() else { return };
    let sandbox = Sandbox::start().await;
    let legacy = Sandbox::start_with(&["--legacy"]).await;
    let nginx = Nginx::start(&bin, &sandbox.url).await;
    // A trailing slash is dropped (else every request's path would become "/").
    let legacy_nginx = Nginx::start(&bin, &format!("{}/", legacy.url)).await;
    let unset = Nginx::start(&bin, "").await;
    let no_scheme = Nginx::start(&bin, "dokploy.example.com").await;

    // Skiff's files: the headers on each, no-cache but for the hashed names.
    for path in ["/", "/index.html"] {
        let resp = nginx.get(path, &[]).await;
        assert_eq!(resp.status, 200, "{path}");
        assert_security_headers(&resp, path);
        assert_eq!(resp.header("cache-control"), Some("no-cache"), "{path}");
        assert!(resp.body.contains("<title>Skiff</title>"), "{path}");
    }
    let mut hashed = Vec::new();
    for entry in std::fs::read_dir(dist_dir()).expect("dist") {
        let entry = entry.expect("dist entry");
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("/{name}");
        let resp = nginx.get(&path, &[]).await;
        assert_eq!(resp.status, 200, "{path}");
        assert_security_headers(&resp, &path);
        let want = if is_hashed(&name) {
            IMMUTABLE
        } else {
            "no-cache"
        };
        assert_eq!(resp.header("cache-control"), Some(want), "{path}");
        if name.ends_with(".wasm") {
            assert_eq!(resp.header("content-type"), Some("application/wasm"));
        }
        if is_hashed(&name) {
            hashed.push(name);
        }
    }
    // The first view's JS, wasm and CSS, and the full build's JS, wasm and CSS.
    assert!(hashed.len() >= 6, "hashed files: {hashed:?}");
    let missing = nginx.get("/no-such-file.js", &[]).await;
    assert_eq!(missing.status, 404);
    assert_security_headers(&missing, "a 404");

    // The API through nginx: the key header forwarded, the answer as the sandbox gives it.
    let key = [("x-api-key", sandbox.key.as_str())];
    let direct = sandbox.request("GET", "/api/project.all", None).await;
    let via = nginx.get("/api/project.all", &key).await;
    assert_eq!(via.status, 200, "{}", via.body);
    assert_eq!(
        names(via.json().as_array().expect("a list")),
        names(&sandbox.projects().await)
    );
    assert_eq!(via.header("cache-control"), direct.header("cache-control"));
    assert_security_headers(&via, "/api/project.all");
    let refused = nginx.get("/api/project.all", &[]).await;
    assert_eq!(refused.status, 401, "no key: Dokploy's 401 passes through");
    // A write, with its body.
    let created = http(
        nginx.addr,
        "POST",
        "/api/project.create",
        &key,
        Some(&json!({"name": "via-nginx", "description": ""}).to_string()),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(names(&sandbox.projects().await).contains(&"via-nginx".to_string()));

    // A 2024 instance: the Bearer token in Authorization is forwarded too.
    let bearer = format!("Bearer {}", legacy.key);
    let via = legacy_nginx
        .get("/api/project.all", &[("Authorization", bearer.as_str())])
        .await;
    assert_eq!(via.status, 200, "{}", via.body);
    assert!(via.json().is_array());

    // Swagger is Dokploy's page (it needs the Dokploy login): sent on to Dokploy.
    let swagger = nginx.get("/swagger", &[]).await;
    assert_eq!(swagger.status, 302);
    assert_eq!(
        swagger.header("location"),
        Some(format!("{}/swagger", sandbox.url).as_str())
    );

    // No DOKPLOY_URL (or one that is not an address): Skiff is served, /api/ says why it fails.
    for n in [&unset, &no_scheme] {
        let page = n.get("/", &[]).await;
        assert_eq!(page.status, 200);
        let api = n.get("/api/project.all", &key).await;
        assert_eq!(api.status, 503, "{}", api.body);
        assert_eq!(api.header("content-type"), Some("application/json"));
        let message = api.json()["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(message.contains("DOKPLOY_URL is not set"), "{message}");
        assert_security_headers(&api, "the 503");
        assert_eq!(n.get("/swagger", &[]).await.status, 404);
    }

    for n in [&nginx, &legacy_nginx, &unset, &no_scheme] {
        n.assert_logs_lack(&sandbox.key);
        n.assert_logs_lack(&legacy.key);
    }
    assert!(nginx
        .access_log()
        .contains("\"POST /api/project.create HTTP/1.1\" 200"));
}
