//! Helpers shared by the sandbox's integration tests: start a sandbox in-process and talk to it
//! over plain HTTP/1.1.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use skiff_sandbox::{serve, Config, Handle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const KEY: &str = skiff_sandbox::DEMO_KEY;

/// A sandbox on a free port with short deploy phases.
pub async fn start(mut config: Config) -> Handle {
    config.addr = "127.0.0.1:0".parse().expect("addr");
    if config.deploy_step_ms == Config::default().deploy_step_ms {
        config.deploy_step_ms = 30;
    }
    let (_addr, handle) = serve(config).await.expect("sandbox starts");
    handle
}

pub async fn start_default() -> Handle {
    start(Config::default()).await
}

/// The id of the seeded service with this `appName`.
pub fn service_id(h: &Handle, app_name: &str) -> String {
    let st = h.shared.lock();
    st.services
        .iter()
        .find(|(_, s)| s.row.get("appName").and_then(Value::as_str) == Some(app_name))
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no service {app_name}"))
}

/// The repository's copies of real Dokploy recordings, `recordings/dokploy`.
pub fn recordings_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the sandbox crate sits in the repository")
        .join("recordings/dokploy")
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn decode_chunked(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(pos) = data.windows(2).position(|w| w == b"\r\n") {
        let size_line = String::from_utf8_lossy(&data[..pos]);
        let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        data = &data[pos + 2..];
        if size == 0 || data.len() < size {
            break;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[(size + 2).min(data.len())..];
    }
    out
}

/// One request on a fresh connection (`Connection: close`). Errors are connection failures.
pub async fn try_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> std::io::Result<Resp> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        head.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    if let Some(b) = body {
        stream.write_all(b).await?;
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no response head")
        })?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = decode_chunked(&body);
    }
    Ok(Resp {
        status,
        headers,
        body,
    })
}

pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Resp {
    tokio::time::timeout(
        Duration::from_secs(20),
        try_request(addr, method, path, headers, body),
    )
    .await
    .unwrap_or_else(|_| panic!("{method} {path} timed out"))
    .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

/// A call with `auth` (header name, value): a POST of `body` as JSON, or a GET without one.
pub async fn call(
    h: &skiff_sandbox::Handle,
    auth: (&str, &str),
    path: &str,
    body: Option<Value>,
) -> Resp {
    let text = body.map(|b| b.to_string());
    let mut headers = vec![auth];
    if text.is_some() {
        headers.push(("Content-Type", "application/json"));
    }
    let method = if text.is_some() { "POST" } else { "GET" };
    request(
        h.addr,
        method,
        path,
        &headers,
        text.as_deref().map(str::as_bytes),
    )
    .await
}

pub async fn get(addr: SocketAddr, path: &str, key: &str) -> Resp {
    request(addr, "GET", path, &[("x-api-key", key)], None).await
}

pub async fn post(addr: SocketAddr, path: &str, key: &str, body: &Value) -> Resp {
    let b = serde_json::to_vec(body).expect("json");
    request(
        addr,
        "POST",
        path,
        &[("x-api-key", key), ("Content-Type", "application/json")],
        Some(&b),
    )
    .await
}

/// Differences between the shape of `got` and the recorded `want`: same keys, same JSON
/// types, recursively. `null` in the recording matches anything; arrays compare element
/// shapes when both are non-empty.
pub fn shape_diff(want: &Value, got: &Value, path: &str, out: &mut Vec<String>) {
    use Value::*;
    match (want, got) {
        (Null, _) => {}
        // Nullable columns that Dokploy fills only for some services (the image of a
        // docker-sourced application): null in the sandbox is a legitimate value.
        (_, Null) if NULLABLE.iter().any(|k| path.ends_with(k)) => {}
        (Bool(_), Bool(_)) | (Number(_), Number(_)) | (String(_), String(_)) => {}
        (Object(w), Object(g)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => shape_diff(wv, gv, &format!("{path}.{k}"), out),
                    None => out.push(format!("{path}.{k}: missing")),
                }
            }
            for k in g.keys() {
                if !w.contains_key(k) {
                    out.push(format!("{path}.{k}: not in the recording"));
                }
            }
        }
        (Array(w), Array(g)) => {
            if let Some(first) = w.first() {
                for (i, gv) in g.iter().enumerate() {
                    shape_diff(w.get(i).unwrap_or(first), gv, &format!("{path}[{i}]"), out);
                }
            }
        }
        (w, g) => out.push(format!("{path}: recorded {} but got {}", kind(w), kind(g))),
    }
}

/// Fields whose recorded value happened to be set but which are nullable in Dokploy's schema:
/// an application's image, an API key's last use and metadata, and the columns of an
/// `overview.backups` row that one kind of run has and the other lacks.
const NULLABLE: &[&str] = &[
    ".dockerImage",
    ".lastRequest",
    ".metadata",
    ".databaseType",
    ".serviceType",
    ".backupType",
];

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// GETs `path` with the owner's key until `done` holds for its answer (10 s at most); the last
/// answer.
pub async fn poll(h: &Handle, path: &str, done: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..500 {
        last = get(h.addr, path, KEY).await.json();
        if done(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{path} never got there: {last}");
}
