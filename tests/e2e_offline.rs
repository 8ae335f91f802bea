//! End-to-end: the last data at once, and offline (issue 21, points 3 and 4).
//!
//! Every list page (overview, project, service, activity, backups) keeps what it drew, per
//! instance, in localStorage (src/kept.rs); the stored bytes hold none of the sandbox's
//! secrets. A returning user with a slow instance sees the last overview at once, marked with
//! its age, then the live one. With the instance unreachable (its requests refused, then the
//! sandbox stopped), the page stays readable, a banner says since when, the actions do
//! nothing, and when the instance is back Skiff notices and refreshes by itself. Removing the
//! instance drops what was kept.

mod common;

use common::*;

/// Every string of `v` under a key that names a secret (passwords, variables, tokens, keys,
/// connection strings), and each value of `KEY=VALUE` lines in them: what must never be kept.
fn secrets_in(v: &Json, under_secret: bool, out: &mut Vec<String>) {
    match v {
        Json::Object(map) => {
            for (k, v) in map {
                let k = k.to_lowercase();
                // `env`, `previewEnv`, `databasePassword`, `buildArgs`, ... (not `environments`,
                // not an id).
                let secret = (k.ends_with("env")
                    || [
                        "password",
                        "secret",
                        "token",
                        "buildargs",
                        "connection",
                        "privatekey",
                        "apikey",
                    ]
                    .iter()
                    .any(|s| k.contains(s)))
                    && !k.ends_with("id");
                secrets_in(v, under_secret || secret, out);
            }
        }
        Json::Array(list) => list.iter().for_each(|v| secrets_in(v, under_secret, out)),
        Json::String(s) if under_secret => {
            for line in s.lines() {
                let value = line.split_once('=').map_or(line, |(_, v)| v).trim();
                if value.chars().count() >= 6 {
                    out.push(value.to_string());
                }
            }
        }
        _ => {}
    }
}

/// Every string of `v` under no secret key: what the pages may show.
fn shown_in(v: &Json, out: &mut Vec<String>) {
    let mut all = Vec::new();
    secrets_in(v, false, &mut all);
    fn walk(v: &Json, out: &mut Vec<String>) {
        match v {
            Json::Object(map) => map.values().for_each(|v| walk(v, out)),
            Json::Array(list) => list.iter().for_each(|v| walk(v, out)),
            Json::String(s) => out.push(s.clone()),
            _ => {}
        }
    }
    let mut every = Vec::new();
    walk(v, &mut every);
    out.extend(every.into_iter().filter(|s| !all.contains(s)));
}

/// The page's instance's kept pages, as stored.
async fn kept(b: &Browser, inst: &str) -> String {
    b.local_storage(&format!("skiff.kept.{inst}"))
        .await
        .unwrap_or_default()
}

/// Waits until page `href` of `inst` is kept.
async fn wait_kept(b: &Browser, inst: &str, href: &str) {
    b.wait_until(&format!(
        "(localStorage.getItem('skiff.kept.{inst}') || '').includes({})",
        json!(format!("{href}\u{1}"))
    ))
    .await;
}

/// Whether a click on `css` opened a dialog, two frames later.
async fn click_opens_dialog(b: &Browser, css: &str) -> bool {
    b.click(css).await;
    b.js(
        "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(!!document.querySelector('[aria-modal=true]')))))",
        vec![],
    )
    .await
        == Json::Bool(true)
}

#[tokio::test]
async fn the_last_data_shows_at_once_and_stays_readable_offline() {
    let sandbox = Sandbox::start().await;
    let addr = sandbox.addr.to_string();
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let projects = sandbox.projects().await;
    let listed = services(&projects);
    let app = listed
        .iter()
        .find(|s| s.kind == "application")
        .expect("a demo application")
        .clone();
    // A database, named in project.one (project.all gives bare ids since v0.25).
    let mut db = None;
    for p in &projects {
        let one = sandbox
            .api(&format!(
                "project.one?projectId={}",
                p["projectId"].as_str().unwrap_or_default()
            ))
            .await;
        db = db.or_else(|| services(&[one]).into_iter().find(|s| s.kind == "postgres"));
    }
    let db = db.expect("a demo postgres");

    // Every list page, once: each keeps what it drew.
    let pages = [
        format!("#/i/{inst}/projects"),
        format!("#/i/{inst}/project/{}", app.project_id),
        format!("#/i/{inst}/application/{}", app.id),
        format!("#/i/{inst}/{}/{}", db.kind, db.id),
        format!("#/i/{inst}/activity"),
        format!("#/i/{inst}/backups"),
    ];
    for page in &pages {
        b.go(page).await;
        wait_kept(&b, &inst, page).await;
    }
    let stored = kept(&b, &inst).await;
    assert!(
        stored.contains(&app.name),
        "the application is kept by name"
    );
    assert!(
        stored.len() <= 300_000,
        "bounded: {} characters",
        stored.len()
    );

    // None of the sandbox's secrets is in the stored bytes: not a variable's value, a
    // password, a connection string or the key.
    let mut secrets = vec![sandbox.key.clone()];
    secrets_in(&Json::Array(projects.clone()), false, &mut secrets);
    let mut ones = Vec::new();
    for s in [&app, &db] {
        let id_field = match s.kind.as_str() {
            "application" => "applicationId".to_string(),
            k => format!("{k}Id"),
        };
        let one = sandbox
            .api(&format!("{}.one?{id_field}={}", s.kind, s.id))
            .await;
        secrets_in(&one, false, &mut secrets);
        ones.push(one);
    }
    // A variable may hold what the pages show anyway (`API_URL=https://` + a service's
    // domain): that is no secret.
    let mut shown = Vec::new();
    shown_in(&Json::Array(projects.clone()), &mut shown);
    shown_in(&Json::Array(ones), &mut shown);
    for s in listed
        .iter()
        .filter(|s| s.kind == "application" || s.kind == "compose")
    {
        let by = match s.kind.as_str() {
            "application" => format!("domain.byApplicationId?applicationId={}", s.id),
            _ => format!("domain.byComposeId?composeId={}", s.id),
        };
        shown_in(&sandbox.api(&by).await, &mut shown);
    }
    secrets.retain(|s| {
        let host = s
            .trim_start_matches("https://")
            .trim_start_matches("http://");
        !shown.iter().any(|p| p == host)
    });
    secrets.sort();
    secrets.dedup();
    assert!(
        secrets.len() > 5,
        "the sandbox has secrets to look for: {secrets:?}"
    );
    let every_stored = b
        .js(
            "return Object.keys(localStorage).filter(k => k.startsWith('skiff.kept.')).map(k => localStorage.getItem(k)).join('\\n')",
            vec![],
        )
        .await;
    let every_stored = every_stored.as_str().unwrap_or_default();
    for s in &secrets {
        assert!(
            !every_stored.contains(s.as_str()),
            "a secret is kept: {s:?}"
        );
    }

    // A returning user, the instance slow (3 s): the last overview is drawn at once, with its
    // age, then the live one replaces it.
    sandbox.set_faults("project.all:latency=3000:1").await;
    b.go(&format!("#/i/{inst}/activity")).await;
    b.goto(&sandbox.page(&format!("#/i/{inst}/projects"))).await;
    b.wait_for("[data-test=kept] [data-kept-test=project-card]")
        .await;
    b.wait_for_text(".spinner-line", "As of").await;
    assert!(
        !b.exists("[data-test=project-list] [data-test=project-card]")
            .await,
        "the live list is not there yet"
    );
    b.wait_for("[data-test=project-list] [data-test=project-card]")
        .await;
    b.wait_gone("[data-test=kept]").await;
    b.screenshot("kept-overview-live").await;

    // Unreachable (every request refused): the page keeps what it had, a banner says since
    // when, and the actions do nothing.
    sandbox.set_faults("*:refuse:1").await;
    b.reload().await;
    b.wait_for("[data-test=kept] [data-kept-test=project-card]")
        .await;
    let banner = b
        .wait_for_text("[data-test=offline]", "has not answered since")
        .await;
    let text = banner.text().await.unwrap_or_default();
    assert!(text.contains("actions are off"), "{text}");
    assert!(b
        .wait_for_text(".spinner-line", "what this page showed then")
        .await
        .text()
        .await
        .is_ok());
    b.wait_until("document.documentElement.dataset.offline === ''")
        .await;
    assert!(
        !click_opens_dialog(&b, "[data-test=new-project]").await,
        "New project opened a dialog while the instance is unreachable"
    );
    b.screenshot("offline-overview-1280").await;
    b.set_viewport(PHONE).await;
    b.screenshot("offline-overview-390").await;
    b.set_viewport(DESKTOP).await;
    b.js(
        "document.documentElement.dataset.theme = 'dark'; return true;",
        vec![],
    )
    .await;
    b.screenshot("offline-overview-dark").await;
    b.js(
        "delete document.documentElement.dataset.theme; return true;",
        vec![],
    )
    .await;

    // Back: the browser says it is online again; Skiff asks at once and the banner goes.
    sandbox.set_faults("").await;
    b.js("dispatchEvent(new Event('online')); return true;", vec![])
        .await;
    b.wait_gone("[data-test=offline]").await;
    b.wait_for("[data-test=project-list] [data-test=project-card]")
        .await;
    assert!(
        b.js(
            "return !('offline' in document.documentElement.dataset)",
            vec![]
        )
        .await
            == Json::Bool(true)
    );
    assert!(
        click_opens_dialog(&b, "[data-test=new-project]").await,
        "actions are back"
    );
    b.js(
        "document.querySelector('[aria-modal=true] button[data-free]').click(); return true;",
        vec![],
    )
    .await;

    // The sandbox stopped under an open project page: its rows stay, the banner says so, a
    // row's action does nothing; started again, Skiff refreshes by itself.
    let project = format!("#/i/{inst}/project/{}", app.project_id);
    b.go(&project).await;
    b.wait_for("[data-test=service-list] [data-test=service-row]")
        .await;
    sandbox.stop().await;
    b.js("dispatchEvent(new Event('online')); return true;", vec![])
        .await;
    b.wait_for_text("[data-test=offline]", "has not answered since")
        .await;
    assert!(
        b.exists("[data-test=service-list] [data-test=service-row]")
            .await,
        "rows stay"
    );
    let opacity = b
        .js(
            "const x = document.querySelector('[data-test=service-list] button:not([data-free])'); return x ? getComputedStyle(x).opacity : null",
            vec![],
        )
        .await;
    assert_eq!(
        opacity,
        json!("0.5"),
        "the row's actions are drawn disabled"
    );
    b.screenshot("offline-project-1280").await;
    let sandbox = Sandbox::start_with(&["--addr", &addr]).await;
    b.js("dispatchEvent(new Event('online')); return true;", vec![])
        .await;
    b.wait_gone("[data-test=offline]").await;
    b.wait_for("[data-test=service-list] [data-test=service-row]")
        .await;

    // Disconnecting the instance (its key forgotten) drops what was kept of it.
    assert!(!kept(&b, &inst).await.is_empty());
    b.go("#/instances").await;
    b.wait_for("[data-test=instance-summary]").await;
    b.click("[data-test=manage]").await;
    b.click("[data-test=disconnect]").await;
    b.wait_for_text(".dialog", "Disconnect this instance?")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_for("[data-test=instance-locked]").await;
    assert_eq!(
        kept(&b, &inst).await,
        "",
        "kept pages dropped on disconnect"
    );
    drop(sandbox);
}
