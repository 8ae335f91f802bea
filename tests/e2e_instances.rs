//! End to end: several instances, the connection doctor, locked keys and hosting under a
//! sub-path, in headless Chromium against the release build and real sandboxes.
//!
//! * Cross-origin without CORS: connecting fails, the doctor tells a CORS block from a down
//!   server and writes out the Traefik configuration for this page's origin.
//! * With `--cors-origin`, the same cross-origin connection works and the doctor is all green.
//! * Two instances on the all-instances overview, one of them down: each card on its own.
//! * A key locked with a passphrase is unusable after the tab's storage is gone until the
//!   passphrase is entered (a wrong one is refused).
//! * The dist served under /skiff/ by a plain static server loads, and a deep link reloads.

mod common;

use std::time::{Duration, Instant};

use common::*;

/// A sandbox whose main listener is on a port chosen here, so its origin is known before it
/// starts (for `--cors-origin` of another sandbox).
async fn sandbox_on(port: u16, extra: &[&str]) -> Sandbox {
    let addr = format!("127.0.0.1:{port}");
    let mut args = vec!["--addr", addr.as_str()];
    args.extend_from_slice(extra);
    Sandbox::start_with(&args).await
}

/// Opens the connect page at `app_url`, fills URL and key, and opens "More options".
async fn fill_connect(b: &Browser, app_url: &str, instance_url: &str, key: &str) {
    b.goto(&format!("{}/#/connect", app_url.trim_end_matches('/')))
        .await;
    b.type_text("#connect-url", instance_url).await;
    b.type_text("#connect-key", key).await;
}

async fn wait_for_instance(b: &Browser) -> String {
    let f = b.wait_for_fragment("#/i/").await;
    b.wait_for("[data-test=project-list], .card.empty").await;
    f.trim_start_matches("#/i/")
        .split(['/', '?'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The level (`pass`, `warn`, `fail`, `skip`) of a doctor finding.
async fn level(b: &Browser, check: &str) -> String {
    b.attr(&format!("[data-test=finding-{check}]"), "data-level")
        .await
        .unwrap_or_default()
}

#[tokio::test]
async fn cross_origin_without_cors_shows_the_cors_finding_and_traefik_config() {
    // Skiff at the main listener; the API also on a second port: another origin, no CORS.
    let sandbox = Sandbox::start_with(&["--api-addr", "127.0.0.1:0"]).await;
    let api = sandbox.api_url.clone().expect("API-only listener");
    let b = Browser::start().await;
    fill_connect(&b, &sandbox.url, &api, &sandbox.key).await;
    b.click("[data-test=connect]").await;

    // The connect error, then the doctor on the typed address.
    b.wait_for(".alert--error").await;
    b.wait_for("[data-test=finding-cors]").await;
    assert_eq!(level(&b, "reachable").await, "pass", "the server is up");
    assert_eq!(level(&b, "cors").await, "fail");
    let cors = b.text("[data-test=finding-cors]").await;
    assert!(cors.contains("blocks"), "{cors}");
    let config = b.text("[data-test=traefik-config]").await;
    for want in [
        "skiff-cors:",
        "accessControlAllowOriginList:",
        &format!("- \"{}\"", sandbox.url),
        "- x-api-key",
        "- content-type",
        "- GET",
        "- POST",
        "- OPTIONS",
        "dokploy-router-app:",
        "- skiff-cors",
    ] {
        assert!(config.contains(want), "{want:?} missing from:\n{config}");
    }
    let fix = b.text("[data-test=traefik-fix]").await;
    assert!(
        fix.contains("dokploy.yml") && fix.contains("Traefik File System"),
        "{fix}"
    );
    assert!(
        fix.contains("/skiff/"),
        "the same-origin alternative: {fix}"
    );
    // Nothing was saved, and the typed values are still there.
    assert_eq!(b.local_storage("skiff.instances.v1").await, None);
    assert_eq!(b.value("#connect-url").await, api);
    b.screenshot("e2e-doctor-cors-desktop").await;
    b.set_viewport(PHONE).await;
    b.screenshot_full("e2e-doctor-cors-phone").await;

    // A server that is down is told apart from a CORS block.
    let down = format!("http://127.0.0.1:{}", free_port());
    fill_connect(&b, &sandbox.url, &down, &sandbox.key).await;
    b.click("[data-test=connect]").await;
    b.wait_for("[data-test=finding-reachable][data-level=fail]")
        .await;
    assert_eq!(level(&b, "cors").await, "skip");
    assert!(!b.exists("[data-test=traefik-config]").await);
    b.close().await;
}

#[tokio::test]
async fn with_cors_origin_it_connects_cross_origin() {
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    let sandbox = sandbox_on(
        port,
        &["--api-addr", "127.0.0.1:0", "--cors-origin", &origin],
    )
    .await;
    assert_eq!(sandbox.url, origin);
    let api = sandbox.api_url.clone().expect("API-only listener");
    let b = Browser::start().await;
    let inst = connect_via(&b, &sandbox.url, &api, &sandbox.key).await;
    assert!(!b.texts("[data-test=project-card]").await.is_empty());

    // The doctor on the saved instance: every check passes.
    b.open(&sandbox, &format!("#/i/{inst}/doctor")).await;
    b.wait_for("[data-test=doctor-summary].alert--ok").await;
    for check in ["address", "reachable", "cors", "api", "key", "version"] {
        assert_eq!(level(&b, check).await, "pass", "{check}");
    }
    // http on loopback: no warning.
    assert_eq!(level(&b, "secure").await, "pass");
    let version = b.text("[data-test=finding-version]").await;
    assert!(version.contains("v0.30.2"), "{version}");
    b.screenshot("e2e-doctor-ok-desktop").await;
    b.close().await;
}

#[tokio::test]
async fn two_instances_on_one_overview_with_one_down() {
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    let first = sandbox_on(port, &[]).await;
    let second = Sandbox::start_with(&["--cors-origin", &origin, "--key", "second-key"]).await;
    let b = Browser::start().await;
    let a = b.connect(&first).await;
    let c = connect_via(&b, &first.url, &second.url, "second-key").await;
    assert_ne!(a, c);

    // Both load; the switcher in the top bar lists both.
    b.open(&first, "#/instances").await;
    b.wait_for(&format!(
        "[data-instance=\"{a}\"] [data-test=instance-summary]"
    ))
    .await;
    b.wait_for(&format!(
        "[data-instance=\"{c}\"] [data-test=instance-summary]"
    ))
    .await;
    let options = b.texts("#instance-switcher option").await;
    assert!(options.len() >= 4, "{options:?}");
    // The seeded demo has a failing application: it is listed, linking to its page.
    let rows = b
        .texts(&format!(
            "[data-instance=\"{a}\"] [data-test=attention-row]"
        ))
        .await;
    assert!(rows.iter().any(|r| r.contains("Failed")), "{rows:?}");
    let href = b
        .attr(
            &format!("[data-instance=\"{a}\"] [data-test=attention-row] a"),
            "href",
        )
        .await
        .unwrap_or_default();
    assert!(href.starts_with(&format!("#/i/{a}/")), "{href}");
    b.screenshot("e2e-instances-desktop").await;

    // The second goes down: its card says so; the first still shows its projects.
    let second_name = second.url.trim_start_matches("http://").to_string();
    second.stop().await;
    b.reload().await;
    b.wait_for(&format!(
        "[data-instance=\"{c}\"] [data-test=instance-error]"
    ))
    .await;
    b.wait_for(&format!(
        "[data-instance=\"{a}\"] [data-test=instance-summary]"
    ))
    .await;
    let err = b
        .text(&format!(
            "[data-instance=\"{c}\"] [data-test=instance-error]"
        ))
        .await;
    assert!(err.contains("Retry"), "{err}");
    // Told apart from a CORS block by the no-cors probe: it is down.
    assert!(err.contains("Cannot reach"), "{err}");
    b.screenshot("e2e-instances-one-down-desktop").await;
    b.set_viewport(PHONE).await;
    b.screenshot_full("e2e-instances-one-down-phone").await;
    let overflow = b
        .js(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            vec![],
        )
        .await;
    assert_eq!(
        overflow.as_i64(),
        Some(0),
        "no sideways scrolling at 390 px"
    );

    // Export holds both instances and no key.
    let exported = b
        .js("return localStorage.getItem('skiff.instances.v1')", vec![])
        .await;
    let text = exported.as_str().unwrap_or_default();
    assert!(
        !text.contains(DEMO_KEY) && !text.contains("second-key"),
        "{text}"
    );

    // Rename and remove (typed confirmation) from the card.
    b.set_viewport(DESKTOP).await;
    let card = format!("[data-instance=\"{c}\"]");
    b.click(&format!("{card} [data-test=manage]")).await;
    b.click(&format!("{card} [data-test=remove]")).await;
    b.type_text("[data-test=confirm-input]", "127.0.0.1").await;
    assert_eq!(
        b.attr("[data-test=confirm-button]", "disabled")
            .await
            .as_deref(),
        Some("true"),
        "a partial name does not confirm"
    );
    b.type_text("[data-test=confirm-input]", &second_name).await;
    b.click("[data-test=confirm-button]").await;
    b.wait_gone(&card).await;
    assert!(b.exists(&format!("[data-instance=\"{a}\"]")).await);

    // Import a list (pasted): the new instance comes without a key and says so.
    b.click("[data-test=import-toggle]").await;
    let list = json!({"skiff": "instances", "version": 1, "instances": [
        {"id": "lab", "name": "Lab", "url": "http://127.0.0.1:9/api", "auth": "ApiKey", "key_store": "Local"}
    ]});
    b.type_text("[data-test=import-text]", &list.to_string())
        .await;
    b.click("[data-test=import]").await;
    let result = b.text("[data-test=import-result]").await;
    assert!(result.contains("Imported 1 instance"), "{result}");
    b.wait_for("[data-instance=lab] [data-test=instance-locked]")
        .await;
    // Importing the same list again adds nothing.
    b.click("[data-test=import]").await;
    b.wait_for_text("[data-test=import-result]", "Nothing new")
        .await;

    // Manage on a phone: rename, key settings, disconnect and remove are all reachable.
    b.set_viewport(PHONE).await;
    let first_card = format!("[data-instance=\"{a}\"]");
    b.click(&format!("{first_card} [data-test=manage]")).await;
    b.type_text(
        &format!("{first_card} [data-test=rename-input]"),
        "Production",
    )
    .await;
    b.click(&format!("{first_card} [data-test=rename]")).await;
    b.wait_for_text(
        &format!("[data-instance=\"{a}\"] .card__title"),
        "Production",
    )
    .await;
    b.click(&format!("{first_card} [data-test=manage]")).await;
    b.wait_for(&format!("{first_card} [data-test=key-save]"))
        .await;
    b.screenshot_full("e2e-instances-manage-phone").await;
    b.close().await;
}

#[tokio::test]
async fn a_locked_key_needs_its_passphrase_after_a_reload() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    fill_connect(&b, &sandbox.url, &sandbox.url, &sandbox.key).await;
    b.click("details summary").await;
    b.select("[data-test=connect-store]", "locked").await;
    // A mismatch is refused before anything is sent or saved.
    b.type_text("[data-test=connect-passphrase]", "correct horse battery")
        .await;
    b.type_text("[data-test=connect-passphrase-confirm]", "correct horse")
        .await;
    b.click("[data-test=connect]").await;
    b.wait_for_text(".field__error", "differ").await;
    assert_eq!(b.local_storage("skiff.instances.v1").await, None);
    b.type_text(
        "[data-test=connect-passphrase-confirm]",
        "correct horse battery",
    )
    .await;
    b.set_viewport(PHONE).await;
    b.screenshot_full("e2e-connect-locked-phone").await;
    b.set_viewport(DESKTOP).await;
    b.click("[data-test=connect]").await;
    let inst = wait_for_instance(&b).await;

    // Only the encrypted form is stored in localStorage.
    let sealed = b
        .local_storage(&format!("skiff.locked.{inst}"))
        .await
        .expect("locked key stored");
    let v: Json = serde_json::from_str(&sealed).expect("sealed key is JSON");
    for field in ["v", "salt", "iv", "data"] {
        assert!(v.get(field).is_some(), "{field} missing in {sealed}");
    }
    assert!(v["iter"].as_u64().unwrap_or(0) >= 600_000, "{sealed}");
    assert!(!sealed.contains(DEMO_KEY));
    assert_eq!(b.local_storage(&format!("skiff.key.{inst}")).await, None);
    let all = b
        .js(
            "return JSON.stringify(Object.assign({}, localStorage))",
            vec![],
        )
        .await;
    assert!(!all.as_str().unwrap_or_default().contains(DEMO_KEY));

    // Same tab, reload: still unlocked.
    b.reload().await;
    b.wait_for("[data-test=project-list]").await;

    // A new tab's storage (sessionStorage cleared): the page asks for the passphrase.
    b.js("sessionStorage.clear(); return true", vec![]).await;
    b.reload().await;
    b.wait_for("[data-test=unlock-passphrase]").await;
    assert!(!b.exists("[data-test=project-list]").await);
    b.screenshot("e2e-unlock-desktop").await;

    // A wrong passphrase is refused, clearly, and can be retried.
    b.type_text("[data-test=unlock-passphrase]", "wrong horse")
        .await;
    b.click("[data-test=unlock]").await;
    let err = b.wait_for("[data-test=unlock-error]").await;
    let msg = err.text().await.unwrap_or_default();
    assert!(msg.contains("Wrong passphrase"), "{msg}");
    b.set_viewport(PHONE).await;
    b.screenshot_full("e2e-unlock-wrong-phone").await;
    b.set_viewport(DESKTOP).await;

    let start = Instant::now();
    b.type_text("[data-test=unlock-passphrase]", "correct horse battery")
        .await;
    b.click("[data-test=unlock]").await;
    b.wait_for("[data-test=project-list]").await;
    eprintln!("unlocking took {:?}", start.elapsed());
    assert_eq!(b.fragment().await, format!("#/i/{inst}/projects"));

    // The overview shows a locked instance as locked, not as an error.
    b.js("sessionStorage.clear(); return true", vec![]).await;
    b.open(&sandbox, "#/instances").await;
    b.reload().await;
    b.wait_for("[data-test=instance-locked]").await;
    assert!(!b.exists("[data-test=instance-error]").await);
    b.close().await;
}

/// A plain static server (Python's http.server) with the dist under `/skiff/`.
struct StaticServer {
    child: tokio::process::Child,
    dir: std::path::PathBuf,
    url: String,
}

impl StaticServer {
    async fn start() -> StaticServer {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("skiff-subpath-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::os::unix::fs::symlink(dist_dir(), dir.join("skiff")).expect("symlink the dist");
        let child = tokio::process::Command::new("python3")
            .args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(&dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 -m http.server");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "python3 http.server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        StaticServer { child, dir, url }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn dist_under_a_sub_path_loads_and_deep_links_reload() {
    let site = StaticServer::start().await;
    let sandbox = Sandbox::start_with(&["--cors-origin", &site.url]).await;
    let app = format!("{}/skiff/", site.url);
    let b = Browser::start().await;
    let inst = connect_via(&b, &app, &sandbox.url, &sandbox.key).await;
    assert!(b.exists(".topbar").await);

    // A deep link to a project reloads in place.
    let project = sandbox.projects().await[0]["projectId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let deep = format!("{app}#/i/{inst}/project/{project}");
    b.goto(&deep).await;
    b.wait_for_fragment(&format!("#/i/{inst}/project/{project}"))
        .await;
    b.wait_for(".crumbs").await;
    b.reload().await;
    b.wait_for(".crumbs").await;
    let here = b.js("return location.href", vec![]).await;
    assert_eq!(here.as_str(), Some(deep.as_str()));

    // Without the trailing slash the server redirects to the directory and Skiff still loads.
    b.goto(&format!("{}/skiff#/instances", site.url)).await;
    b.wait_for("[data-test=instance-card]").await;
    let path = b.js("return location.pathname", vec![]).await;
    assert_eq!(path.as_str(), Some("/skiff/"));
    // Every asset came from the sub-path (no request escaped to the site root).
    let stray = b
        .js(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name))\
             .filter(u => u.origin === location.origin && !u.pathname.startsWith('/skiff/'))\
             .map(u => u.pathname)",
            vec![],
        )
        .await;
    assert_eq!(stray, json!([]), "assets outside /skiff/: {stray}");
    // The favicon is inline (no request; index.html) or else comes from the sub-path too.
    let icon = b
        .js(
            "return document.querySelector('link[rel=icon]').href",
            vec![],
        )
        .await;
    let icon_href = icon.as_str().unwrap_or_default();
    assert!(
        icon_href.starts_with("data:image/svg+xml,") || icon_href.starts_with(&app),
        "favicon {icon}"
    );
    b.screenshot("e2e-subpath-desktop").await;
    b.close().await;
}

#[tokio::test]
async fn disconnect_forgets_the_key_and_remove_forgets_the_instance() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let key_slot = format!("skiff.key.{inst}");
    let stored = |slot: String| format!("return localStorage.getItem('{slot}')");

    // Disconnect: the key is forgotten (after a confirmation), the instance stays.
    b.open(&sandbox, "#/instances").await;
    b.wait_for("[data-test=instance-summary]").await;
    b.click("[data-test=manage]").await;
    b.click("[data-test=disconnect]").await;
    b.wait_for_text(".dialog", "Disconnect this instance?")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_for_text("[data-test=instance-locked]", "No key in this browser")
        .await;
    assert_eq!(b.js(&stored(key_slot.clone()), vec![]).await, Json::Null);
    // Its pages ask for the key again; pasting it brings the projects back.
    b.open(&sandbox, &format!("#/i/{inst}/projects")).await;
    b.wait_for("[data-test=key-needed]").await;
    b.type_text("[data-test=paste-key]", &sandbox.key).await;
    b.click("[data-test=paste-key-save]").await;
    b.wait_for("[data-test=project-card]").await;
    assert_eq!(
        b.js(&stored(key_slot.clone()), vec![]).await,
        json!(sandbox.key)
    );

    // Remove: the name must be typed; then the instance and its key are gone.
    b.open(&sandbox, "#/instances").await;
    b.wait_for("[data-test=instance-summary]").await;
    b.click("[data-test=manage]").await;
    b.click("[data-test=remove]").await;
    b.wait_for("[data-test=confirm-input]").await;
    assert_eq!(
        b.js(
            "return document.querySelector('[data-test=confirm-button]').disabled",
            vec![]
        )
        .await,
        json!(true),
        "nothing typed yet"
    );
    let name = b
        .js(
            "return document.querySelector('.dialog label code').textContent",
            vec![],
        )
        .await;
    b.type_text(
        "[data-test=confirm-input]",
        name.as_str().unwrap_or_default(),
    )
    .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_gone("[data-test=instance-card]").await;
    assert_eq!(b.js(&stored(key_slot), vec![]).await, Json::Null);
    let left = b
        .js("return localStorage.getItem('skiff.instances.v1')", vec![])
        .await;
    assert_eq!(left, json!("[]"), "no instance left");
    b.close().await;
    sandbox.stop().await;
}

/// Polls `script` (which may return a promise) until it returns true.
async fn wait_js(b: &Browser, script: &str, what: &str) {
    let deadline = Instant::now() + timeout();
    while b.js(script, vec![]).await != json!(true) {
        assert!(Instant::now() < deadline, "{what} within {:?}", timeout());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Issue 21 point 5: served under a sub-path, Skiff installs its service worker there (scoped
/// to it) with the release's files and its manifest; with the site gone it still opens, and
/// reads the instance (another origin, never cached); a new release is said once.
#[tokio::test]
async fn a_sub_path_install_opens_with_the_site_gone_and_says_a_new_release() {
    let site = StaticServer::start().await;
    let sandbox = Sandbox::start_with(&["--cors-origin", &site.url]).await;
    let app = format!("{}/skiff/", site.url);
    let b = Browser::start().await;
    connect_via(&b, &app, &sandbox.url, &sandbox.key).await;
    b.wait_until("!!navigator.serviceWorker.controller").await;
    let scope = b
        .js(
            "return navigator.serviceWorker.getRegistration().then(r => r.scope)",
            vec![],
        )
        .await;
    assert_eq!(scope, json!(app));
    // Its files: the first view and the full build kept at install, under the sub-path only.
    let kept = "return caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys())))).then(l => l.flat().map(r => r.url))";
    wait_js(
        &b,
        &format!("{kept}.then(u => u.some(x => /skiff-full-.*_bg\\.wasm$/.test(x)))"),
        "the full build is kept",
    )
    .await;
    let urls = b.js(kept, vec![]).await;
    let urls: Vec<String> = serde_json::from_value(urls).unwrap_or_default();
    assert!(urls.iter().all(|u| u.starts_with(&app)), "{urls:?}");
    assert!(
        urls.iter().any(|u| u.ends_with("/skiff/index.html")),
        "{urls:?}"
    );
    let manifest = b
        .js(
            "return fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())",
            vec![],
        )
        .await;
    assert_eq!(manifest["start_url"], json!("./"));
    assert_eq!(manifest["icons"].as_array().map(Vec::len), Some(2));

    // The site goes away: Skiff opens from its worker and still reads the instance.
    drop(site);
    b.reload().await;
    b.wait_for("[data-test=open-palette]").await;
    b.wait_for("[data-test=project-list]").await;
    let urls: Vec<String> = serde_json::from_value(b.js(kept, vec![]).await).unwrap_or_default();
    assert!(
        urls.iter().all(|u| !u.starts_with(&sandbox.url)),
        "no answer of the instance is kept: {urls:?}"
    );
    assert!(!b.exists("[data-test=release-note]").await);

    // A new release is said on its first load, once.
    b.js(
        "localStorage.setItem('skiff.release', 'an-older-one'); return true;",
        vec![],
    )
    .await;
    b.reload().await;
    b.wait_for_text("[data-test=release-note]", "updated to a new release")
        .await;
    b.screenshot("release-note").await;
    b.reload().await;
    b.wait_for("[data-test=project-list]").await;
    assert!(!b.exists("[data-test=release-note]").await);
    b.close().await;
}
