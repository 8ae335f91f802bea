//! End-to-end: a service's Advanced tab (issue #19, points 1-4) in headless Chromium against
//! the release build and the sandbox, whose `storefront` has a volume mount, a file mount, a
//! published port, a redirect and a basic-auth user (sandbox/README.md).
//!
//! 1. Mounts: checked before sending (absolute paths, a path mounted twice), added, a file
//!    mount's content edited, removed after its path is typed; on a database too.
//! 2. Ports: numbers in range and not published twice, added, edited, removed.
//! 3. Redirects: the expression parsed as you type, what it does to an example address, what
//!    Traefik refuses (lookahead) refused, saved.
//! 4. Basic auth: the password never on the page, asked again on edit, removed.
//!
//! And: a failed save keeps the dialog and what was typed; a double click sends once.

mod common;

use common::*;

async fn open_advanced(b: &Browser, sandbox: &Sandbox, inst: &str, s: &ServiceRef) {
    b.open(sandbox, &format!("#/i/{inst}/{}/{}/advanced", s.kind, s.id))
        .await;
    b.wait_for("[data-test=mounts]").await;
}

async fn application(sandbox: &Sandbox, id: &str) -> Json {
    sandbox
        .api(&format!("application.one?applicationId={id}"))
        .await
}

/// Types `word` in the confirm dialog and confirms.
async fn confirm(b: &Browser, word: &str) {
    b.type_text("[data-test=confirm-input]", word).await;
    b.click("[data-test=confirm-button]").await;
    b.wait_gone("[data-test=confirm-input]").await;
}

#[tokio::test]
async fn mounts_are_checked_added_edited_and_removed() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;
    open_advanced(&b, &sandbox, &inst, &app).await;
    b.wait_for_text("[data-test=mounts]", "/app/uploads").await;
    b.screenshot("advanced-desktop").await;

    // Checked before sending: a relative path, then a path already mounted.
    b.click("[data-test=add-mounts]").await;
    b.type_text("[data-test=mount-volume]", "cache-data").await;
    b.type_text("[data-test=mount-path]", "app/cache").await;
    b.click("[data-test=save-mount-dialog]").await;
    b.wait_for_text("[data-test=error-mount-path]", "absolute path")
        .await;
    b.type_text("[data-test=mount-path]", "/app/uploads").await;
    b.click("[data-test=save-mount-dialog]").await;
    b.wait_for_text("[data-test=error-mount-path]", "already uses /app/uploads")
        .await;
    assert_eq!(sandbox.calls("mounts.create").await, 0);

    // A failed save keeps the dialog and what was typed; the retry sends once.
    sandbox.set_faults("mounts.create:500:1.0").await;
    b.type_text("[data-test=mount-path]", "/app/cache").await;
    b.click("[data-test=save-mount-dialog]").await;
    b.wait_for("[data-test=mount-dialog] .alert--error").await;
    assert_eq!(b.value("[data-test=mount-path]").await, "/app/cache");
    assert_eq!(b.value("[data-test=mount-volume]").await, "cache-data");
    sandbox.set_faults("").await;
    let before = sandbox.calls("mounts.create").await;
    b.js(
        "const s = document.querySelector('[data-test=save-mount-dialog]'); s.click(); s.click(); return 1;",
        vec![],
    )
    .await;
    b.wait_gone("[data-test=mount-dialog]").await;
    b.wait_for_text("[data-test=mounts]", "cache-data → /app/cache")
        .await;
    assert_eq!(sandbox.calls("mounts.create").await, before + 1);
    let mounts = application(&sandbox, &app.id).await["mounts"].clone();
    assert!(
        mounts
            .as_array()
            .is_some_and(|m| m.iter().any(|m| m["mountPath"] == "/app/cache"
                && m["volumeName"] == "cache-data"
                && m["type"] == "volume")),
        "{mounts}"
    );

    // A file mount: its content in an editor, saved.
    b.click_in("mount", "extra.conf", "edit-mount").await;
    b.wait_for("[data-test=mount-content]").await;
    b.type_text("[data-test=mount-content]", "gzip on;\n").await;
    b.screenshot("advanced-file-mount").await;
    b.click("[data-test=save-mount-dialog]").await;
    b.wait_gone("[data-test=mount-dialog]").await;
    let mounts = application(&sandbox, &app.id).await["mounts"].clone();
    assert!(
        mounts
            .as_array()
            .is_some_and(|m| m.iter().any(|m| m["content"] == "gzip on;\n")),
        "{mounts}"
    );

    // Removed after its path is typed.
    b.click_in("mount", "/app/cache", "remove-mount").await;
    confirm(&b, "/app/cache").await;
    b.wait_until(
        "!document.querySelector('[data-test=mounts]').textContent.includes('/app/cache')",
    )
    .await;

    // A database has mounts too, and nothing else here.
    let db = sandbox.service("shop-db").await;
    open_advanced(&b, &sandbox, &inst, &db).await;
    assert!(!b.exists("[data-test=ports]").await);
    b.click("[data-test=add-mounts]").await;
    b.select("[data-test=mount-type]", "bind").await;
    b.type_text("[data-test=mount-host]", "/srv/pg-conf").await;
    b.type_text("[data-test=mount-path]", "/etc/postgresql/conf.d")
        .await;
    b.click("[data-test=save-mount-dialog]").await;
    b.wait_for_text(
        "[data-test=mounts]",
        "/srv/pg-conf → /etc/postgresql/conf.d",
    )
    .await;
    b.close().await;
}

#[tokio::test]
async fn ports_redirects_and_basic_auth() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;
    open_advanced(&b, &sandbox, &inst, &app).await;
    b.wait_for("[data-test=port]").await;

    // Ports: in range, not published twice, then added, edited and removed.
    b.click("[data-test=add-ports]").await;
    b.type_text("[data-test=port-published]", "8080").await;
    b.type_text("[data-test=port-target]", "70000").await;
    b.click("[data-test=save-port-dialog]").await;
    b.wait_for_text("[data-test=error-port-target]", "1 to 65535")
        .await;
    b.wait_for_text("[data-test=error-port-published]", "already published")
        .await;
    b.type_text("[data-test=port-published]", "9000").await;
    b.type_text("[data-test=port-target]", "9000").await;
    b.select("[data-test=port-protocol]", "udp").await;
    b.click("[data-test=save-port-dialog]").await;
    b.wait_for_text("[data-test=ports]", "9000 → 9000/udp")
        .await;
    b.click_in("port", "9000", "edit-port").await;
    b.type_text("[data-test=port-target]", "9001").await;
    b.click("[data-test=save-port-dialog]").await;
    b.wait_for_text("[data-test=ports]", "9000 → 9001/udp")
        .await;
    let ports = application(&sandbox, &app.id).await["ports"].clone();
    assert!(
        ports
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["publishedPort"] == 9000
                && p["targetPort"] == 9001
                && p["protocol"] == "udp")),
        "{ports}"
    );
    b.click_in("port", "9000", "remove-port").await;
    confirm(&b, "9000").await;

    // Redirects: parsed as typed, tried on an example, Traefik's limits said.
    b.click("[data-test=add-redirects]").await;
    b.type_text("[data-test=redirect-regex]", "^https://www\\.(.*")
        .await;
    b.wait_for_text("[data-test=redirect-parse]", "does not parse")
        .await;
    b.type_text(
        "[data-test=redirect-regex]",
        "^https://old\\.acme\\.test/(?!keep)(.*)",
    )
    .await;
    b.wait_for_text("[data-test=redirect-parse]", "lookahead")
        .await;
    b.type_text(
        "[data-test=redirect-regex]",
        "^https://old\\.acme\\.test/(.*)",
    )
    .await;
    b.type_text("[data-test=redirect-replacement]", "https://acme.test/${1}")
        .await;
    b.type_text(
        "[data-test=redirect-example]",
        "https://old.acme.test/blog/post",
    )
    .await;
    b.wait_for_text(
        "[data-test=redirect-result]",
        "→ https://acme.test/blog/post",
    )
    .await;
    b.screenshot("advanced-redirect-dialog").await;
    b.type_text("[data-test=redirect-example]", "https://shop.acme.test/")
        .await;
    b.wait_for_text("[data-test=redirect-result]", "Does not match")
        .await;
    b.click("[data-test=save-redirect-dialog]").await;
    b.wait_for_text("[data-test=redirects]", "https://acme.test/${1}")
        .await;
    let redirects = application(&sandbox, &app.id).await["redirects"].clone();
    assert!(
        redirects.as_array().is_some_and(|r| r
            .iter()
            .any(|r| r["replacement"] == "https://acme.test/${1}" && r["permanent"] == false)),
        "{redirects}"
    );

    // Basic auth: the password is never on the page, and asked again on edit.
    b.click("[data-test=add-basic-auth]").await;
    b.type_text("[data-test=auth-user]", "ops").await;
    b.type_text("[data-test=auth-password]", "s3cret-Pass-42")
        .await;
    b.click("[data-test=save-auth-dialog]").await;
    b.wait_for_text("[data-test=basic-auth]", "ops").await;
    b.click_in("user", "ops", "edit-user").await;
    assert_eq!(b.value("[data-test=auth-password]").await, "");
    b.type_text("[data-test=auth-user]", "operator").await;
    b.click("[data-test=save-auth-dialog]").await;
    b.wait_for_text("[data-test=error-auth-password]", "Type the password again")
        .await;
    b.type_text("[data-test=auth-password]", "s3cret-Pass-42")
        .await;
    b.click("[data-test=save-auth-dialog]").await;
    b.wait_for_text("[data-test=basic-auth]", "operator").await;
    let html = b
        .js("return document.documentElement.outerHTML;", vec![])
        .await;
    assert!(
        !html.to_string().contains("s3cret-Pass-42"),
        "a password is on the page"
    );
    let security = application(&sandbox, &app.id).await["security"].clone();
    assert!(
        security.as_array().is_some_and(|s| s
            .iter()
            .any(|s| s["username"] == "operator" && s["password"] == "s3cret-Pass-42")),
        "{security}"
    );
    b.click_in("user", "operator", "remove-user").await;
    confirm(&b, "operator").await;
    b.wait_until(
        "!document.querySelector('[data-test=basic-auth]').textContent.includes('operator')",
    )
    .await;

    b.set_viewport(PHONE).await;
    b.screenshot_full("advanced-phone").await;
    b.close().await;
}

/// Picks the option of `select` whose text is `label`.
async fn pick(b: &Browser, select: &str, label: &str) {
    let value = b
        .js(
            "const o = [...document.querySelectorAll(arguments[0] + ' option')].find(o => o.textContent === arguments[1]); return o ? o.value : '';",
            vec![json!(select), json!(label)],
        )
        .await;
    let value = value.as_str().unwrap_or_default().to_string();
    assert!(!value.is_empty(), "no option {label} in {select}");
    b.select(select, &value).await;
}

#[tokio::test]
async fn a_service_moves_to_another_environment() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("admin-panel").await;
    b.open(&sandbox, &format!("#/i/{inst}/application/{}", app.id))
        .await;
    b.click("[data-test=move]").await;
    b.wait_for("[data-test=move-target]").await;
    // Its own environment is not offered; nothing is sent before a target is chosen.
    let options: Vec<String> = serde_json::from_value(
        b.js(
            "return [...document.querySelectorAll('[data-test=move-target] option')].map(o => o.textContent);",
            vec![],
        )
        .await,
    )
    .unwrap_or_default();
    assert!(options.iter().any(|o| o == "shop › staging"), "{options:?}");
    assert!(
        !options
            .iter()
            .any(|o| o == &format!("{} › production", app.project_name)),
        "{options:?}"
    );
    assert!(b
        .attr("[data-test=confirm-move]", "disabled")
        .await
        .is_some());
    pick(&b, "[data-test=move-target]", "shop › staging").await;
    b.screenshot("advanced-move-dialog").await;
    b.js(
        "const s = document.querySelector('[data-test=confirm-move]'); s.click(); s.click(); return 1;",
        vec![],
    )
    .await;
    b.wait_for_text("[data-test=moved]", "Moved to shop › staging")
        .await;
    b.wait_for_text("[data-test=crumbs]", "staging").await;
    assert_eq!(sandbox.calls("application.move").await, 1);
    let one = application(&sandbox, &app.id).await;
    let staging = sandbox
        .projects()
        .await
        .into_iter()
        .filter(|p| p["name"] == "shop")
        .flat_map(|p| p["environments"].as_array().cloned().unwrap_or_default())
        .find(|e| e["name"] == "staging")
        .expect("shop › staging");
    assert_eq!(one["environmentId"], staging["environmentId"]);
    b.close().await;
}

#[tokio::test]
async fn resources_are_read_and_written_in_a_persons_units() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;
    open_advanced(&b, &sandbox, &inst, &app).await;
    b.wait_for("[data-test=resources]").await;
    b.type_text("[data-test=res-memory-limit]", "512 MB").await;
    b.type_text("[data-test=res-memory-reservation]", "1 GB")
        .await;
    b.type_text("[data-test=res-cpu-limit]", "half").await;
    b.click("[data-test=save-resources]").await;
    b.wait_for_text(
        "[data-test=error-res-memory-reservation]",
        "more than the limit",
    )
    .await;
    b.wait_for_text("[data-test=error-res-cpu-limit]", "0.5 for half a CPU")
        .await;
    assert_eq!(sandbox.calls("application.update").await, 0);
    b.type_text("[data-test=res-memory-reservation]", "256m")
        .await;
    b.type_text("[data-test=res-cpu-limit]", "0.5").await;
    b.type_text("[data-test=res-cpu-reservation]", "").await;
    b.click("[data-test=save-resources]").await;
    b.wait_for_text("[data-test=resources-saved]", "Redeploy to apply")
        .await;
    let one = application(&sandbox, &app.id).await;
    assert_eq!(one["memoryLimit"], "536870912");
    assert_eq!(one["memoryReservation"], "268435456");
    assert_eq!(one["cpuLimit"], "500000000");
    assert_eq!(one["cpuReservation"].as_str().unwrap_or_default(), "");
    // Read back in a person's units.
    b.reload().await;
    b.wait_for("[data-test=resources]").await;
    assert_eq!(b.value("[data-test=res-memory-limit]").await, "512 MB");
    assert_eq!(b.value("[data-test=res-cpu-limit]").await, "0.5 CPU");
    b.screenshot("advanced-resources").await;

    // A database's too.
    let db = sandbox.service("shop-db").await;
    open_advanced(&b, &sandbox, &inst, &db).await;
    b.type_text("[data-test=res-memory-limit]", "1.5 GB").await;
    b.click("[data-test=save-resources]").await;
    b.wait_for("[data-test=resources-saved]").await;
    let one = sandbox
        .api(&format!("postgres.one?postgresId={}", db.id))
        .await;
    assert_eq!(one["memoryLimit"], "1610612736");
    b.close().await;
}
