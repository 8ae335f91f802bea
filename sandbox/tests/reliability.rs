//! Faults, the hostile (`--seed xss`) data and the static files' security headers: the sandbox
//! parts of Skiff's reliability and security tests (issue 8). Each fault kind is checked for
//! exactly what a client sees; the hostile seed for payloads in every text the dashboard shows.

mod common;

use std::time::{Duration, Instant};

use common::{get, post, request, start, start_default, try_request, KEY};
use serde_json::{json, Value};
use skiff_sandbox::{faults, hostile, Config, SeedOptions};

async fn set_faults(a: std::net::SocketAddr, spec: &str) {
    let body = serde_json::to_vec(&json!({ "faults": spec })).unwrap_or_default();
    let r = request(
        a,
        "POST",
        "/__sandbox/faults",
        &[("Content-Type", "application/json")],
        Some(&body),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn latency_is_capped_at_thirty_seconds_and_specs_round_trip() {
    let f = faults::parse("*:latency=99999:1").expect("parses");
    assert_eq!(f[0].kind, faults::FaultKind::Latency(30_000));
    let f = faults::parse("*:latency=20000,*:latency=20000").expect("parses");
    assert_eq!(
        faults::decide(&f, "project.all").delay_ms,
        30_000,
        "sum capped"
    );
    for kind in [
        "latency=5",
        "500",
        "502",
        "503",
        "truncated",
        "malformed",
        "shape",
        "401",
        "refuse",
        "hang",
        "redirect",
    ] {
        let spec = format!("project.all:{kind}:0.25");
        let parsed = faults::parse(&spec).expect(&spec);
        assert_eq!(faults::render(&parsed), spec);
    }
    assert!(faults::parse("project.all:latency=abc").is_err());
    assert!(faults::parse(":500").is_err());
    assert!(faults::parse("x:500:-0.1").is_err());
}

#[tokio::test]
async fn status_faults_answer_like_dokploy_and_its_proxy() {
    let h = start_default().await;
    let a = h.addr;
    set_faults(a, "project.all:500").await;
    let r = get(a, "/api/project.all", KEY).await;
    assert_eq!(r.status, 500);
    assert!(r
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));
    let body = r.json();
    assert_eq!(body["code"], "INTERNAL_SERVER_ERROR");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(
        body["data"],
        json!({"code": "INTERNAL_SERVER_ERROR", "httpStatus": 500, "path": "project.all", "zodError": null}),
        "Dokploy's tRPC error body"
    );

    for (status, title) in [
        (502, "502 Bad Gateway"),
        (503, "503 Service Temporarily Unavailable"),
    ] {
        set_faults(a, &format!("project.all:{status}")).await;
        let r = get(a, "/api/project.all", KEY).await;
        assert_eq!(r.status, status);
        assert!(r
            .header("content-type")
            .is_some_and(|c| c.starts_with("text/html")));
        let text = r.text();
        assert!(text.contains(&format!("<title>{title}</title>")), "{text}");
        assert!(serde_json::from_slice::<Value>(&r.body).is_err());
    }
}

#[tokio::test]
async fn body_faults_break_the_answer_not_the_status() {
    let h = start_default().await;
    let a = h.addr;
    let full = get(a, "/api/project.all", KEY).await.body;
    assert!(full.len() > 100);

    set_faults(a, "project.all:truncated").await;
    let r = get(a, "/api/project.all", KEY).await;
    assert_eq!(r.status, 200);
    assert!(
        r.body.len() < full.len() && full.starts_with(&r.body),
        "a prefix of the answer"
    );
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());

    set_faults(a, "project.all:malformed").await;
    let r = get(a, "/api/project.all", KEY).await;
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());

    set_faults(a, "project.all:shape,settings.health:shape").await;
    let list = get(a, "/api/project.all", KEY).await.json();
    assert!(list.is_object(), "a list became an object: {list}");
    let obj = get(a, "/api/settings.health", KEY).await.json();
    assert!(obj.is_array(), "an object became a list: {obj}");

    set_faults(a, "").await;
    assert_eq!(get(a, "/api/project.all", KEY).await.body, full, "recovers");
}

#[tokio::test]
async fn redirect_points_to_another_origin_and_changes_nothing() {
    let h = start_default().await;
    let a = h.addr;
    set_faults(a, "project.create:redirect").await;
    let r = post(
        a,
        "/api/project.create",
        KEY,
        &json!({"name": "redirected"}),
    )
    .await;
    assert_eq!(r.status, 307);
    assert_eq!(
        r.header("location"),
        Some("http://redirected.invalid/api/project.create")
    );
    set_faults(a, "").await;
    let all = get(a, "/api/project.all", KEY).await.json();
    assert!(all
        .as_array()
        .is_some_and(|p| p.iter().all(|p| p["name"] != "redirected")));
}

#[tokio::test]
async fn unauthorized_mid_session_then_the_same_key_works_again() {
    let h = start_default().await;
    let a = h.addr;
    assert_eq!(get(a, "/api/project.all", KEY).await.status, 200);
    set_faults(a, "*:401").await;
    let r = get(a, "/api/project.all", KEY).await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json(),
        json!({"message": "Unauthorized"}),
        "Dokploy's 401 body"
    );
    set_faults(a, "").await;
    assert_eq!(get(a, "/api/project.all", KEY).await.status, 200);
}

#[tokio::test]
async fn refused_and_hanging_requests_get_no_answer_and_change_nothing() {
    let h = start_default().await;
    let a = h.addr;
    let before = get(a, "/api/project.all", KEY).await.json();
    let create = serde_json::to_vec(&json!({"name": "during-fault"})).unwrap_or_default();
    let headers = [("x-api-key", KEY), ("Content-Type", "application/json")];

    set_faults(a, "project.create:refuse").await;
    let r = try_request(a, "POST", "/api/project.create", &headers, Some(&create)).await;
    assert!(r.is_err(), "connection closed without an answer: {r:?}");

    set_faults(a, "project.create:hang").await;
    let hung = tokio::time::timeout(
        Duration::from_millis(500),
        try_request(a, "POST", "/api/project.create", &headers, Some(&create)),
    )
    .await;
    assert!(hung.is_err(), "no answer until the client gives up");

    for kind in ["500", "502", "503", "401"] {
        set_faults(a, &format!("project.create:{kind}")).await;
        let r = post(
            a,
            "/api/project.create",
            KEY,
            &json!({"name": "during-fault"}),
        )
        .await;
        assert_ne!(r.status, 200, "{kind}");
    }
    set_faults(a, "").await;
    assert_eq!(
        get(a, "/api/project.all", KEY).await.json(),
        before,
        "a failed write was never applied"
    );
    // The server is fine once the fault stops, hung connections or not.
    assert_eq!(get(a, "/api/settings.health", KEY).await.status, 200);
}

#[tokio::test]
async fn latency_delays_and_faults_scope_to_their_procedures() {
    let h = start(Config {
        faults: "project.all:latency=300".into(),
        ..Config::default()
    })
    .await;
    let a = h.addr;
    let t = Instant::now();
    assert_eq!(get(a, "/api/project.all", KEY).await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    let t = Instant::now();
    assert_eq!(get(a, "/api/settings.health", KEY).await.status, 200);
    assert!(
        t.elapsed() < Duration::from_millis(300),
        "other procedures are not slowed"
    );

    set_faults(a, "project.*:503").await;
    assert_eq!(get(a, "/api/project.all", KEY).await.status, 503);
    assert_eq!(get(a, "/api/settings.health", KEY).await.status, 200);
    set_faults(a, "*:503").await;
    assert_eq!(get(a, "/api/settings.health", KEY).await.status, 503);
    assert_eq!(get(a, "/api/user.get", KEY).await.status, 503);
    // The app itself still loads: faults are for /api only.
    assert_eq!(request(a, "GET", "/", &[], None).await.status, 200);

    // Plain-text spec, and GET shows what is active.
    let r = request(
        a,
        "POST",
        "/__sandbox/faults",
        &[],
        Some(b"settings.health:502:1"),
    )
    .await;
    assert_eq!(r.status, 200);
    let now = request(a, "GET", "/__sandbox/faults", &[], None)
        .await
        .json();
    assert_eq!(now["faults"], "settings.health:502:1");
    assert_eq!(get(a, "/api/settings.health", KEY).await.status, 502);
    assert_eq!(get(a, "/api/user.get", KEY).await.status, 200);
}

// ------------------------------------------------------------------ hostile seed

fn hostile_config() -> Config {
    Config {
        seed: SeedOptions {
            hostile: true,
            ..SeedOptions::default()
        },
        ..Config::default()
    }
}

/// Every payload is somewhere in `texts`.
fn assert_all_payloads(what: &str, texts: &[String]) {
    let joined = texts.join("\n");
    let missing: Vec<String> = hostile::payloads()
        .into_iter()
        .filter(|p| !joined.contains(p.as_str()))
        .collect();
    assert!(missing.is_empty(), "{what} lacks payloads: {missing:?}");
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, key: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == key {
                        if let Some(s) = x.as_str() {
                            out.push(s.to_string());
                        }
                    }
                    walk(x, key, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, out)),
            _ => {}
        }
    }
    walk(v, key, &mut out);
    out
}

#[tokio::test]
async fn hostile_seed_puts_payloads_in_every_shown_text() {
    assert!(hostile::payloads().len() >= 20);
    let h = start(hostile_config()).await;
    let a = h.addr;
    let all = get(a, "/api/project.all", KEY).await.json();
    let projects = all.as_array().cloned().unwrap_or_default();
    assert_eq!(projects.len(), hostile::payloads().len());
    let names: Vec<String> = projects
        .iter()
        .map(|p| p["name"].as_str().unwrap_or("").to_string())
        .collect();
    assert_all_payloads("project names", &names);
    assert_all_payloads("project descriptions", &strings(&all, "description"));
    let env_names: Vec<String> = projects
        .iter()
        .flat_map(|p| p["environments"].as_array().cloned().unwrap_or_default())
        .map(|e| e["name"].as_str().unwrap_or("").to_string())
        .collect();
    assert_all_payloads("environment names", &env_names);

    // The first project's first environment has one service of every kind.
    let env = &projects[0]["environments"][0];
    let app_id = env["applications"][0]["applicationId"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let compose_id = env["compose"][0]["composeId"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let pg_id = env["postgres"][0]["postgresId"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        !app_id.is_empty() && !compose_id.is_empty() && !pg_id.is_empty(),
        "{env}"
    );

    let app = get(
        a,
        &format!("/api/application.one?applicationId={app_id}"),
        KEY,
    )
    .await
    .json();
    let app_env = app["env"].as_str().unwrap_or("").to_string();
    assert_all_payloads("env vars", std::slice::from_ref(&app_env));
    assert!(hostile::payloads().contains(&app["name"].as_str().unwrap_or("").to_string()));
    assert!(hostile::payloads().contains(&app["description"].as_str().unwrap_or("").to_string()));
    assert!(hostile::payloads().contains(&app["repository"].as_str().unwrap_or("").to_string()));

    let deps = get(
        a,
        &format!("/api/deployment.all?applicationId={app_id}"),
        KEY,
    )
    .await
    .json();
    assert_all_payloads("deployment titles", &strings(&deps, "title"));
    let dep_id = deps[0]["deploymentId"].as_str().unwrap_or("");
    let log = get(
        a,
        &format!("/api/deployment.readLogs?deploymentId={dep_id}&tail=500"),
        KEY,
    )
    .await
    .json();
    assert_all_payloads("deployment log", &[log.as_str().unwrap_or("").to_string()]);
    let clog = get(
        a,
        &format!("/api/application.readLogs?applicationId={app_id}&tail=100"),
        KEY,
    )
    .await
    .json();
    assert_all_payloads("container log", &[clog.as_str().unwrap_or("").to_string()]);

    let domains = get(
        a,
        &format!("/api/domain.byApplicationId?applicationId={app_id}"),
        KEY,
    )
    .await
    .json();
    let hosts = strings(&domains, "host");
    assert!(
        hosts.len() >= 6 && hosts.iter().all(|h| hostile::payloads().contains(h)),
        "{hosts:?}"
    );

    let pg = get(a, &format!("/api/postgres.one?postgresId={pg_id}"), KEY)
        .await
        .json();
    for field in ["name", "databaseUser", "databasePassword", "dockerImage"] {
        assert!(
            hostile::payloads().contains(&pg[field].as_str().unwrap_or("").to_string()),
            "postgres {field}: {}",
            pg[field]
        );
    }

    let users = get(a, "/api/user.all", KEY).await.json();
    let people: Vec<String> = strings(&users, "firstName")
        .into_iter()
        .chain(strings(&users, "lastName"))
        .chain(strings(&users, "email"))
        .collect();
    assert!(
        people.iter().filter(|p| p.contains("__xss=")).count() >= 12,
        "{people:?}"
    );
    let me = get(a, "/api/user.get", KEY).await.json();
    let key_names = strings(&me["user"]["apiKeys"], "name");
    assert!(
        key_names.iter().filter(|n| n.contains("__xss=")).count() >= 8,
        "{key_names:?}"
    );
    // The owner's own key still works (it is what the e2e tests connect with).
    assert_eq!(get(a, "/api/settings.health", KEY).await.status, 200);
}

#[tokio::test]
async fn seed_flag_on_the_command_line() {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_skiff-sandbox"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--seed",
            "xss",
            "--dist",
            "/nonexistent",
        ])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    use tokio::io::AsyncBufReadExt;
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .expect("prints in time")
        .expect("read")
        .expect("a line");
    let url = line.split_whitespace().nth(3).unwrap_or_default();
    let addr: std::net::SocketAddr = url.trim_start_matches("http://").parse().expect("addr");
    let all = get(addr, "/api/project.all", KEY).await.json();
    assert_eq!(all[0]["name"], hostile::payload(0));
    let _ = child.kill().await;
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_skiff-sandbox"))
        .args(["--seed", "bogus"])
        .output()
        .await
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

// ------------------------------------------------------------------ static headers

#[tokio::test]
async fn static_files_carry_the_pages_policy_and_protective_headers() {
    let dir = std::env::temp_dir().join(format!("skiff-sandbox-csp-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let policy =
        "default-src 'none'; script-src 'self' 'sha256-abc=' 'wasm-unsafe-eval'; object-src 'none'";
    std::fs::write(
        dir.join("index.html"),
        format!("<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" /></head><body></body></html>"),
    )
    .expect("write");
    std::fs::write(dir.join("app.js"), "export default 1;").expect("write");
    let h = start(Config {
        dist: dir.clone(),
        ..Config::default()
    })
    .await;
    for path in ["/", "/index.html", "/app.js", "/some/deep/link"] {
        let r = request(h.addr, "GET", path, &[], None).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(
            r.header("content-security-policy"),
            Some(format!("{policy}; frame-ancestors 'none'").as_str()),
            "{path}"
        );
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{path}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            r.header("cross-origin-opener-policy"),
            Some("same-origin"),
            "{path}"
        );
    }
    // The API keeps Dokploy's own headers.
    let r = get(h.addr, "/api/settings.health", KEY).await;
    assert_eq!(
        r.header("content-security-policy"),
        Some("frame-ancestors 'none'")
    );
    let _ = std::fs::remove_dir_all(&dir);

    assert_eq!(
        skiff_sandbox::http::meta_csp(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"a 'b'; c\">"
        ),
        Some("a 'b'; c".to_string())
    );
    assert_eq!(skiff_sandbox::http::meta_csp("<meta charset=utf-8>"), None);
    // A minified build: attributes reordered, quotes dropped where they can be.
    assert_eq!(
        skiff_sandbox::http::meta_csp(
            "<meta charset=utf-8><meta content=\"a 'b'; c\" http-equiv=Content-Security-Policy><meta content=x name=y>"
        ),
        Some("a 'b'; c".to_string())
    );
}
