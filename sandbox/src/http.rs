//! HTTP: connections, `/api` (auth, CORS, faults, input), control routes and static files.

use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::api::{self, ApiError, Caller, Reply};
use crate::faults::{self, FaultKind};
use crate::shapes::s;
use crate::validate::{self, Method as ProcMethod};
use crate::Shared;

/// Accepts connections; `api_only` listeners answer nothing but `/api` and `/__sandbox`.
pub async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, api_only: bool) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let kill_for_requests = kill.clone();
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let shared = shared.clone();
                let kill = kill_for_requests.clone();
                async move {
                    let resp = handle(shared, req.map(Body::new), api_only, kill).await;
                    Ok::<_, Infallible>(resp)
                }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = conn => {}
                _ = kill.notified() => {}
            }
        });
    }
}

fn security_headers(h: &mut HeaderMap) {
    h.insert("X-Frame-Options", HeaderValue::from_static("DENY"));
    h.insert(
        "Content-Security-Policy",
        HeaderValue::from_static("frame-ancestors 'none'"),
    );
    h.insert(
        "X-Content-Type-Options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        "Referrer-Policy",
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
}

fn response(
    status: u16,
    content_type: Option<&'static str>,
    body: impl Into<Body>,
) -> Response<Body> {
    let mut r = Response::new(body.into());
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    security_headers(r.headers_mut());
    if let Some(ct) = content_type {
        r.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    r
}

fn json_response(status: u16, v: &Value) -> Response<Body> {
    response(
        status,
        Some("application/json"),
        serde_json::to_vec(v).unwrap_or_default(),
    )
}

fn unauthorized() -> Response<Body> {
    response(
        401,
        Some("application/json; charset=utf-8"),
        r#"{"message":"Unauthorized"}"#,
    )
}

/// `zod3`: the older eras' bodies (`Era::zod3`).
fn error_response(e: &ApiError, path: &str, zod3: bool) -> Response<Body> {
    json_response(e.status, &e.body(path, zod3))
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Body>,
    api_only: bool,
    kill: Arc<Notify>,
) -> Response<Body> {
    let path = req.uri().path().to_string();
    if let Some(rest) = path.strip_prefix("/__sandbox/") {
        return control(&shared, rest, req).await;
    }
    if let Some(proc_) = path.strip_prefix("/api/") {
        let proc_ = proc_.trim_end_matches('/').to_string();
        let origin = req
            .headers()
            .get("origin")
            .and_then(|o| o.to_str().ok())
            .map(String::from);
        let cors_ok = matches!((&shared.config.cors_origin, &origin), (Some(a), Some(b)) if a == b);
        let mut resp = api_request(&shared, &proc_, req, cors_ok, &kill).await;
        if cors_ok {
            if let Some(o) = origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
                resp.headers_mut().insert("Access-Control-Allow-Origin", o);
                resp.headers_mut()
                    .insert("Vary", HeaderValue::from_static("Origin"));
            }
        }
        return resp;
    }
    if path == "/api" {
        return json_response(
            404,
            &ApiError::no_procedure().body("", shared.config.era.zod3()),
        );
    }
    if api_only {
        return response(404, Some("text/plain; charset=utf-8"), "Not found");
    }
    static_file(&shared.config.dist, &path).await
}

// ------------------------------------------------------------------ control routes

async fn control(shared: &Arc<Shared>, rest: &str, req: Request<Body>) -> Response<Body> {
    let method = req.method().clone();
    match (method, rest) {
        (Method::GET, "faults") => {
            json_response(200, &json!({"faults": faults::render(&shared.faults())}))
        }
        (Method::POST, "faults") => {
            let body = axum::body::to_bytes(req.into_body(), 1 << 20)
                .await
                .unwrap_or_default();
            let spec = match serde_json::from_slice::<Value>(&body) {
                Ok(v) => v
                    .get("faults")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                Err(_) => String::from_utf8_lossy(&body).trim().to_string(),
            };
            match faults::parse(&spec) {
                Ok(f) => {
                    let rendered = faults::render(&f);
                    *shared.faults() = f;
                    json_response(200, &json!({"faults": rendered}))
                }
                Err(e) => json_response(400, &json!({"error": e})),
            }
        }
        (Method::POST, "reset") => {
            shared.reset();
            json_response(200, &json!({"reset": true}))
        }
        (Method::GET, "docker") => json_response(200, &crate::docker::availability(shared)),
        (Method::POST, "docker") => {
            let body = axum::body::to_bytes(req.into_body(), 1 << 20)
                .await
                .unwrap_or_default();
            let (status, answer) = crate::docker::set_availability(shared, &body);
            json_response(status, &answer)
        }
        (Method::GET, "stats") => {
            let st = shared.stats();
            let elapsed_s = (crate::util::now_ms() - st.since_ms) as f64 / 1000.0;
            json_response(
                200,
                &json!({"total": st.total, "procedures": st.procedures, "missing": st.missing, "since": crate::util::iso(st.since_ms), "elapsedSeconds": elapsed_s}),
            )
        }
        (Method::POST, "stats/reset") => {
            *shared.stats() = crate::Stats {
                since_ms: crate::util::now_ms(),
                ..Default::default()
            };
            json_response(200, &json!({"reset": true}))
        }
        (Method::GET, "info") => {
            let st = shared.lock();
            let failing = st
                .services
                .iter()
                .filter(|(_, svc)| svc.fail_deploy)
                .map(|(id, svc)| json!({"id": id, "name": s(&svc.row, "name"), "kind": svc.kind.router()}))
                .collect::<Vec<_>>();
            json_response(
                200,
                // `token`: the current bearer token of --legacy (it changes with auth.generateToken).
                &json!({
                    "era": shared.config.era.version(),
                    "legacy": shared.config.era == crate::Era::V0_18_4,
                    "key": shared.config.key,
                    "token": st.legacy.token,
                    "failingServices": failing,
                }),
            )
        }
        _ => response(404, Some("text/plain; charset=utf-8"), "Not found"),
    }
}

// ------------------------------------------------------------------ /api

fn authenticate(shared: &Shared, headers: &HeaderMap) -> Option<Caller> {
    let mut st = shared.lock();
    if shared.config.era.bearer() {
        let auth = headers.get("authorization")?.to_str().ok()?;
        let token = auth.strip_prefix("Bearer ")?.trim();
        if token.is_empty() || st.legacy.token.as_deref() != Some(token) {
            return None;
        }
        let user_id = s(&st.owner().row, "userId");
        return Some(Caller {
            user_id,
            owner: true,
        });
    }
    let key = headers.get("x-api-key")?.to_str().ok()?;
    if key.is_empty() {
        return None;
    }
    let entry = st.api_keys.iter_mut().find(|k| k.key == key)?;
    // An expired key is refused like a wrong one (Dokploy: 401). `expiresAt` is written by
    // `iso`, whose fixed-width UTC form orders like the time it names.
    if let Some(expires) = entry.row.get("expiresAt").and_then(Value::as_str) {
        if expires <= crate::util::iso(crate::util::now_ms()).as_str() {
            return None;
        }
    }
    if entry.row.get("rateLimitEnabled").and_then(Value::as_bool) == Some(true) {
        let window = entry
            .row
            .get("rateLimitTimeWindow")
            .and_then(Value::as_u64)
            .unwrap_or(86_400_000);
        let max = entry
            .row
            .get("rateLimitMax")
            .and_then(Value::as_u64)
            .unwrap_or(10);
        if entry.window_start.elapsed() > Duration::from_millis(window) {
            entry.window_start = Instant::now();
            entry.requests = 0;
        }
        if u64::from(entry.requests) >= max {
            return None;
        }
        entry.requests += 1;
    }
    let user_id = entry.user_id.clone();
    let member = st.member_by_user(&user_id)?;
    let role = s(&member.row, "role");
    let owner = role == "owner" || role == "admin";
    let api_access = member.row.get("canAccessToAPI").and_then(Value::as_bool) == Some(true);
    if !owner && !api_access {
        return None;
    }
    Some(Caller { user_id, owner })
}

fn query_pairs(uri: &hyper::Uri) -> Vec<(String, String)> {
    uri.query()
        .map(|q| {
            q.split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (percent_decode(k), percent_decode(v))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                    16,
                ) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn form_to_json(body: &[u8]) -> Value {
    let text = String::from_utf8_lossy(body);
    let mut m = serde_json::Map::new();
    for p in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        m.insert(percent_decode(k), json!(percent_decode(v)));
    }
    Value::Object(m)
}

async fn api_request(
    shared: &Arc<Shared>,
    proc_: &str,
    req: Request<Body>,
    cors_ok: bool,
    kill: &Arc<Notify>,
) -> Response<Body> {
    let zod3 = shared.config.era.zod3();
    if req.method() == Method::OPTIONS {
        if cors_ok {
            let mut r = response(204, None, Body::empty());
            let h = r.headers_mut();
            h.insert(
                "Access-Control-Allow-Methods",
                HeaderValue::from_static("GET, POST, OPTIONS"),
            );
            h.insert(
                "Access-Control-Allow-Headers",
                HeaderValue::from_static("x-api-key, content-type, authorization"),
            );
            h.insert("Access-Control-Max-Age", HeaderValue::from_static("600"));
            return r;
        }
        // Dokploy answers a preflight like any unauthenticated request; with credentials the
        // method simply has no procedure.
        if authenticate(shared, req.headers()).is_some() {
            return error_response(&ApiError::no_procedure(), proc_, zod3);
        }
        return unauthorized();
    }
    if proc_ == "health" && req.method() == Method::GET {
        return json_response(200, &json!({"ok": true}));
    }
    {
        let mut stats = shared.stats();
        stats.total += 1;
        *stats.procedures.entry(proc_.to_string()).or_insert(0) += 1;
    }
    let decision = faults::decide(&shared.faults(), proc_);
    if decision.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(decision.delay_ms)).await;
    }
    match decision.failure {
        Some(FaultKind::Refuse) => {
            kill.notify_one();
            std::future::pending::<()>().await;
        }
        Some(FaultKind::Hang) => std::future::pending::<()>().await,
        Some(FaultKind::Redirect) => {
            // Elsewhere: a client that follows it would carry its key to another origin.
            let mut r = response(307, Some("text/plain; charset=utf-8"), "Temporary Redirect");
            let to = format!("http://redirected.invalid/api/{proc_}");
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(hyper::header::LOCATION, v);
            }
            return r;
        }
        Some(FaultKind::Unauthorized) => return unauthorized(),
        Some(FaultKind::Status500) => {
            let e = ApiError::internal("Sandbox fault: internal server error");
            return error_response(&e, proc_, zod3);
        }
        Some(FaultKind::Invalid(field)) => {
            let issue = json!({
                "code": "custom",
                "path": [field],
                "message": format!("The sandbox rejects this {field} (injected fault)"),
            });
            let e = ApiError::bad_request(vec![issue]);
            return error_response(&e, proc_, zod3);
        }
        Some(FaultKind::Status502) => return response(
            502,
            Some("text/html"),
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        ),
        Some(FaultKind::Status503) => return response(
            503,
            Some("text/html"),
            "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        ),
        _ => {}
    }
    let resp = api_answer(shared, proc_, req).await;
    match decision.failure {
        Some(kind @ (FaultKind::Truncated | FaultKind::Malformed | FaultKind::Shape)) => {
            corrupt(resp, kind).await
        }
        _ => resp,
    }
}

async fn corrupt(resp: Response<Body>, kind: FaultKind) -> Response<Body> {
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let new: Vec<u8> = match kind {
        FaultKind::Truncated => {
            let full = if bytes.is_empty() {
                b"{\"ok\":true}".to_vec()
            } else {
                bytes.to_vec()
            };
            let cut = (full.len() / 2).max(1);
            full[..cut].to_vec()
        }
        FaultKind::Malformed => b"{\"sandbox\": \"malformed\", oops: [1, 2,, }".to_vec(),
        _ => match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Array(_)) => br#"{"sandboxFault":"shape","items":"not-a-list"}"#.to_vec(),
            Ok(Value::Object(_)) => br#"[{"sandboxFault":"shape"},42,null]"#.to_vec(),
            _ => br#"{"sandboxFault":"shape"}"#.to_vec(),
        },
    };
    let mut r = Response::from_parts(parts, Body::from(new));
    *r.status_mut() = StatusCode::OK;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r.headers_mut().remove(hyper::header::CONTENT_LENGTH);
    r
}

/// Counts an unknown-procedure 404 (`/__sandbox/stats`' `missing`) and answers it.
fn missing(shared: &Shared, proc_: &str) -> Response<Body> {
    *shared.stats().missing.entry(proc_.to_string()).or_insert(0) += 1;
    error_response(&ApiError::no_procedure(), proc_, shared.config.era.zod3())
}

async fn api_answer(shared: &Arc<Shared>, proc_: &str, req: Request<Body>) -> Response<Body> {
    let era = shared.config.era;
    let zod3 = era.zod3();
    // Dokploy authenticates before it looks the procedure up: an unknown one answers 401
    // without credentials.
    let Some(caller) = authenticate(shared, req.headers()) else {
        return unauthorized();
    };
    let Some(spec) = era.find(proc_) else {
        return missing(shared, proc_);
    };
    let is_get = req.method() == Method::GET || req.method() == Method::HEAD;
    let wants_get = spec.method == ProcMethod::Get;
    if is_get != wants_get {
        return missing(shared, proc_);
    }
    let input = if wants_get {
        let pairs = query_pairs(req.uri());
        if let Some((_, raw)) = pairs.iter().find(|(k, _)| k == "input") {
            serde_json::from_str::<Value>(raw)
                .map(|v| v.get("json").cloned().unwrap_or(v))
                .unwrap_or(Value::Null)
        } else {
            Value::Object(validate::coerce_query(spec, &pairs))
        }
    } else {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|c| c.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = match axum::body::to_bytes(req.into_body(), 16 << 20).await {
            Ok(b) => b,
            Err(_) => return response(400, None, "Invalid JSON"),
        };
        let is_json = content_type.is_empty() || content_type.starts_with("application/json");
        if !is_json && !zod3 {
            let e = ApiError::new(
                415,
                "UNSUPPORTED_MEDIA_TYPE",
                format!(
                    "Unsupported content-type \"{}",
                    content_type.split(';').next().unwrap_or("")
                ),
            );
            return error_response(&e, proc_, zod3);
        }
        if !is_json {
            form_to_json(&body)
        } else if body.iter().all(|b| b.is_ascii_whitespace()) {
            Value::Object(Default::default())
        } else {
            match serde_json::from_slice::<Value>(&body) {
                Ok(v) => v,
                Err(_) => return response(400, None, "Invalid JSON"),
            }
        }
    };
    let mut issues = if zod3 {
        crate::legacy::validate(era, spec, &input)
    } else {
        validate::validate(spec, &input)
    };
    // Refinements the OpenAPI document does not carry.
    crate::ssh_keys::refine(spec, &input, zod3, &mut issues);
    crate::notifications::refine(spec, &input, zod3, &mut issues);
    if !issues.is_empty() {
        return error_response(&ApiError::bad_request(issues), proc_, zod3);
    }
    let mut result = if era.flat() {
        crate::legacy::call(shared, era, proc_, &input, &caller)
    } else {
        api::call(shared, proc_, &input, &caller)
    };
    // A run (a manual backup, ...) answers when it ends, as Dokploy's call blocks until then.
    while let Ok(Reply::Later(rx)) = result {
        result = rx
            .await
            .unwrap_or_else(|_| Err(ApiError::internal("The sandbox stopped while this ran")));
    }
    match result {
        Ok(Reply::Json(v)) => json_response(200, &v),
        Ok(Reply::Raw(bytes)) => response(200, Some("application/json"), bytes.as_ref().clone()),
        Ok(Reply::Void) => response(200, Some("application/json"), Body::empty()),
        Ok(Reply::Later(_)) => unreachable!("awaited above"),
        Err(e) if e.is_no_procedure() => missing(shared, proc_),
        Err(e) => error_response(&e, proc_, zod3),
    }
}

// ------------------------------------------------------------------ static files

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn safe_join(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path);
    let mut p = root.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(x) => p.push(x),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(p)
}

const BUILD_FIRST: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Skiff sandbox</title></head>\
<body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\"><h1>Skiff sandbox</h1>\
<p>The Dokploy-compatible API is running at <code>/api</code>, but there is no Skiff build to serve: \
<code>dist/index.html</code> is missing.</p><p>Build Skiff first (see the README, e.g. <code>trunk build --release</code>), \
or start the sandbox with <code>--dist DIR</code> pointing at a build.</p></body></html>";

/// The policy of a built index.html's `<meta http-equiv="Content-Security-Policy">`, if any, in
/// any attribute order and quoting (a release build's HTML is minified).
pub fn meta_csp(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<meta") {
        let start = from + i;
        let end = start + lower[start..].find('>')?;
        let tag = &lower[start..end];
        let csp = tag.contains("http-equiv=\"content-security-policy\"")
            || tag.contains("http-equiv=content-security-policy");
        if csp {
            let content = tag.find("content=\"")? + "content=\"".len();
            let len = tag[content..].find('"')?;
            return Some(html[start + content..start + content + len].to_string());
        }
        from = end;
    }
    None
}

/// The headers docs/security.md asks a static host to send with Skiff's files: the page's own
/// policy as a header plus `frame-ancestors` (which a `<meta>` cannot carry), no framing, no
/// referrer, no sniffing, its own browsing-context group.
fn static_headers(h: &mut HeaderMap, page_csp: Option<&str>) {
    let csp = match page_csp {
        Some(p) if !p.trim().is_empty() => {
            format!("{}; frame-ancestors 'none'", p.trim().trim_end_matches(';'))
        }
        _ => "frame-ancestors 'none'; object-src 'none'; base-uri 'none'".to_string(),
    };
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert("Content-Security-Policy", v);
    }
    h.insert("Referrer-Policy", HeaderValue::from_static("no-referrer"));
    h.insert(
        "Cross-Origin-Opener-Policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "Permissions-Policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    );
    h.insert("Cache-Control", HeaderValue::from_static("no-cache"));
}

async fn static_file(dist: &Path, url_path: &str) -> Response<Body> {
    let index = dist.join("index.html");
    let page = tokio::fs::read_to_string(&index).await.ok();
    let page_csp = page.as_deref().and_then(meta_csp);
    let finish = |mut r: Response<Body>| {
        static_headers(r.headers_mut(), page_csp.as_deref());
        r
    };
    if let Some(p) = safe_join(dist, url_path) {
        if p.is_file() && p != index {
            if let Ok(bytes) = tokio::fs::read(&p).await {
                return finish(response(200, Some(mime(&p)), bytes));
            }
        }
    }
    match page {
        Some(html) => finish(response(200, Some("text/html; charset=utf-8"), html)),
        None => finish(response(200, Some("text/html; charset=utf-8"), BUILD_FIRST)),
    }
}
