//! End-to-end: every era asked only what it has, and every link into Dokploy's own pages at
//! its dashboard's address (issue #23), in headless Chromium against the release build and a
//! sandbox in each API mode.
//!
//! - The dashboard address is checked when set (Skiff's own address refused, whether anything
//!   answers there said), and the Swagger link and a service's "Open in Dokploy" use it.
//! - v0.18.4 (Bearer): revoking the token leaves a card saying what happened and what to do,
//!   with the profile link on the dashboard; a pasted token reconnects and the field empties;
//!   the Logs tab links the service's page in Dokploy (no environment in its path); the version
//!   is learned at connect and asked no more; nothing is asked that the era lacks.
//! - v0.24.12 (x-api-key, no environments): a walk through every page, a key created, a git
//!   source and a compose environment saved under the era's procedure names; the sandbox
//!   counts no request for a procedure the era lacks (`organization.active`, `readLogs`, ...).

mod common;

use common::*;

/// `http://localhost:PORT`: the sandbox under another name, so the dashboard address differs
/// from the origin Skiff is served at (and something answers there).
fn other_origin(sandbox: &Sandbox) -> String {
    format!("http://localhost:{}", sandbox.addr.port())
}

/// Sets instance `inst`'s dashboard address under All instances › Manage.
async fn set_dashboard(b: &Browser, sandbox: &Sandbox, address: &str) {
    b.open(sandbox, "#/instances").await;
    b.click("[data-test=manage]").await;
    b.type_text("[data-test=dashboard-input]", address).await;
    b.click("[data-test=dashboard-save]").await;
}

/// The procedures the sandbox answered "unknown procedure" (404): those the era lacks.
async fn missing(sandbox: &Sandbox) -> Json {
    sandbox.stats().await["missing"].clone()
}

/// Tabs of each service kind (slug, the `data-test` of what it shows) on a 2024 instance:
/// `modern` adds what v0.22 and v0.24 brought (schedules, compose backups, volume backups).
fn tabs(kind: &str, modern: bool) -> Vec<(&'static str, &'static str)> {
    let mut t = match kind {
        "application" => vec![
            ("general", "source"),
            ("environment", "env"),
            ("domains", "domains"),
            ("deployments", "deployments"),
            ("previews", "preview"),
            ("logs", "logs-unsupported"),
            ("containers", "container"),
            ("monitoring", "plot"),
            ("advanced", "traefik-config"),
            ("advanced", "swarm-row"),
        ],
        "compose" => vec![
            ("general", "overview"),
            ("environment", "env"),
            ("domains", "domains"),
            ("deployments", "deployments"),
            ("logs", "logs-unsupported"),
            ("containers", "container"),
            ("advanced", "mounts"),
        ],
        _ => vec![
            ("general", "credentials"),
            ("environment", "env"),
            ("logs", "logs-unsupported"),
            ("containers", "container"),
            ("monitoring", "plot"),
            ("advanced", "mounts"),
            ("backups", "backups"),
        ],
    };
    if modern {
        match kind {
            "application" => t.extend([("schedules", "schedules"), ("volumes", "volume-backups")]),
            "compose" => t.extend([("backups", "backups"), ("schedules", "schedules")]),
            _ => {}
        }
    }
    t
}

/// Every page a user of a 2024 instance sees: the overview, a project, each kind's tabs, the
/// backup health pages and All instances, each waited for until it shows its content.
async fn walk(b: &Browser, sandbox: &Sandbox, inst: &str, modern: bool) {
    b.open(sandbox, &format!("#/i/{inst}")).await;
    b.wait_for("[data-test=project-card]").await;
    let app = sandbox.service("storefront").await;
    b.open(sandbox, &format!("#/i/{inst}/project/{}", app.project_id))
        .await;
    b.wait_for("[data-test=service-list]").await;
    for name in ["storefront", "monitoring", "shop-db"] {
        let s = sandbox.service(name).await;
        for (tab, content) in tabs(&s.kind, modern) {
            open_tab(b, sandbox, inst, &s, tab).await;
            b.wait_for(&format!("[data-test={content}]")).await;
        }
    }
    b.open(sandbox, &format!("#/i/{inst}/backups")).await;
    b.wait_for("[data-test=backup-health]").await;
    b.open(sandbox, "#/backups").await;
    b.wait_for("[data-test=backup-health]").await;
    b.open(sandbox, "#/instances").await;
    b.wait_for("[data-test=instance-summary]").await;
}

async fn open_tab(b: &Browser, sandbox: &Sandbox, inst: &str, s: &ServiceRef, tab: &str) {
    b.open(sandbox, &format!("#/i/{inst}/{}/{}/{tab}", s.kind, s.id))
        .await;
    b.wait_for("[data-test=service-title]").await;
}

#[tokio::test]
async fn the_dashboard_address_is_checked_and_links_into_dokploy_use_it() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;

    // Skiff's own address (Skiff at its root) cannot be Dokploy's.
    set_dashboard(&b, &sandbox, &format!("{}/dashboard/projects", sandbox.url)).await;
    b.wait_for_text("[data-test=dashboard-error]", "where this Skiff is served")
        .await;
    let dash = other_origin(&sandbox);
    b.type_text("[data-test=dashboard-input]", &dash).await;
    b.click("[data-test=dashboard-save]").await;
    b.wait_for_text("[data-test=dashboard-saved]", "answered")
        .await;
    b.screenshot("eras-dashboard-checked").await;

    let app = sandbox.service("storefront").await;
    open_tab(&b, &sandbox, &inst, &app, "general").await;
    b.wait_for("[data-test=service-in-dokploy]").await;
    assert_eq!(
        b.attr("[data-test=service-in-dokploy]", "href")
            .await
            .as_deref(),
        Some(
            format!(
                "{dash}/dashboard/project/{}/environment/{}/services/application/{}",
                app.project_id, app.environment_id, app.id
            )
            .as_str()
        )
    );
    assert_eq!(
        b.attr("[data-test=service-in-dokploy]", "target")
            .await
            .as_deref(),
        Some("_blank")
    );
    b.screenshot("eras-open-in-dokploy").await;

    b.open(&sandbox, &format!("#/i/{inst}/admin")).await;
    b.wait_for("[data-test=swagger-link]").await;
    assert_eq!(
        b.attr("[data-test=swagger-link]", "href").await.as_deref(),
        Some(format!("{dash}/swagger").as_str())
    );
    b.close().await;
}

#[tokio::test]
async fn a_2024_token_page_says_what_happened_and_links_the_profile() {
    let sandbox = Sandbox::start_with(&["--legacy"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let asked_at_connect = sandbox.calls("settings.getDokployVersion").await;
    assert!(asked_at_connect >= 1);
    let dash = other_origin(&sandbox);
    set_dashboard(&b, &sandbox, &dash).await;
    b.wait_for_text("[data-test=dashboard-saved]", "answered")
        .await;

    // The Logs tab: where the logs are, with the service's page in Dokploy (no environments).
    let app = &sandbox.service("storefront").await;
    open_tab(&b, &sandbox, &inst, &app, "logs").await;
    b.wait_for_text("[data-test=logs-unsupported]", "v0.18.4")
        .await;
    assert_eq!(
        b.attr(
            "[data-test=logs-unsupported] [data-test=dokploy-link]",
            "href"
        )
        .await
        .as_deref(),
        Some(
            format!(
                "{dash}/dashboard/project/{}/services/application/{}",
                app.project_id, app.id
            )
            .as_str()
        )
    );
    b.screenshot("eras-2024-logs-tab").await;
    walk(&b, &sandbox, &inst, false).await;

    // Revoking Skiff's own token: the card says what happened and what to do next.
    b.open(&sandbox, &format!("#/i/{inst}/admin")).await;
    b.wait_for("[data-test=legacy-token] [data-test=token-in-use]")
        .await;
    b.click("[data-test=generate-token]").await;
    let name = b.text(".dialog label code").await;
    b.type_text("[data-test=confirm-input]", &name).await;
    b.click("[data-test=confirm-button]").await;
    let card = "[data-test=legacy-token] [data-test=token-revoked]";
    b.wait_for_text(card, "Paste it under").await;
    assert_eq!(
        b.attr(&format!("{card} [data-test=dokploy-link]"), "href")
            .await
            .as_deref(),
        Some(format!("{dash}/dashboard/settings/profile").as_str())
    );
    b.screenshot("eras-2024-token-revoked").await;

    // A later visit with the revoked token: the same card, told as what Skiff found.
    b.reload().await;
    b.wait_for_text(
        "[data-test=legacy-token] [data-test=token-refused]",
        "no longer accepts Skiff's token",
    )
    .await;
    b.screenshot("eras-2024-token-refused").await;
    b.set_viewport(PHONE).await;
    b.screenshot_full("eras-2024-token-refused-phone").await;
    b.set_viewport(DESKTOP).await;

    // The pasted token reconnects; the field empties and its button waits for another.
    let info = http(sandbox.addr, "GET", "/__sandbox/info", &[], None)
        .await
        .json();
    let token = info["token"].as_str().unwrap_or_default().to_string();
    b.type_text("[data-test=paste-token]", &token).await;
    b.click("[data-test=use-pasted-token]").await;
    b.wait_for_text("[data-test=token-notice]", "Skiff now uses the new token")
        .await;
    b.wait_for("[data-test=token-in-use]").await;
    assert_eq!(b.value("[data-test=paste-token]").await, "");
    assert!(
        b.attr("[data-test=use-pasted-token]", "disabled")
            .await
            .is_some(),
        "the button waits for another token"
    );
    b.screenshot("eras-2024-token-switched").await;

    // Learned at connect: no page asked the version again, nothing the era lacks was asked.
    assert_eq!(
        sandbox.calls("settings.getDokployVersion").await,
        asked_at_connect
    );
    let missing = missing(&sandbox).await;
    assert!(
        missing.as_object().is_some_and(|m| m.is_empty()),
        "asked what v0.18.4 lacks: {missing}"
    );
    b.close().await;
}

#[tokio::test]
async fn a_v0_24_instance_is_asked_only_what_it_has() {
    let sandbox = Sandbox::start_with(&["--era", "v0.24.12"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    assert_eq!(sandbox.calls("settings.getDokployVersion").await, 1);

    walk(&b, &sandbox, &inst, true).await;
    let app = &sandbox.service("storefront").await;
    open_tab(&b, &sandbox, &inst, &app, "logs").await;
    b.wait_for_text("[data-test=logs-unsupported]", "v0.24.12")
        .await;
    b.screenshot("eras-v0.24-logs-tab").await;
    // A deployment's log: where to read it, no log box that never fills.
    let deployments = sandbox
        .api(&format!("deployment.all?applicationId={}", app.id))
        .await;
    let did = deployments[0]["deploymentId"].as_str().unwrap_or_default();
    b.open(
        &sandbox,
        &format!(
            "#/i/{inst}/application/{}/deployments?deployment={did}",
            app.id
        ),
    )
    .await;
    b.wait_for_text(
        "[data-test=deployment-log] [data-test=logs-unsupported]",
        "v0.29.5",
    )
    .await;
    assert!(!b.exists("[data-test=deployment-log] [data-test=log]").await);
    b.screenshot("eras-v0.24-deployment-log").await;

    // The Advanced tab writes there too (v0.24.12's port.create answers `true`, not the row).
    open_tab(&b, &sandbox, &inst, &app, "advanced").await;
    b.click("[data-test=add-ports]").await;
    b.type_text("[data-test=port-published]", "7000").await;
    b.type_text("[data-test=port-target]", "7000").await;
    b.click("[data-test=save-port-dialog]").await;
    b.wait_for_text("[data-test=ports]", "7000 → 7000/tcp")
        .await;

    // A git source: `application.saveGitProdiver`, as Dokploy spelled it before v0.25.5.
    open_tab(&b, &sandbox, &inst, &app, "general").await;
    b.click("[data-test=source-git]").await;
    b.type_text(
        "[data-test=field-git-url]",
        "https://github.com/acme/storefront.git",
    )
    .await;
    b.type_text("[data-test=field-git-branch]", "main").await;
    b.click("[data-test=source-save]").await;
    b.wait_for("[data-test=source-saved]").await;
    assert_eq!(sandbox.calls("application.saveGitProdiver").await, 1);

    // A compose file's environment: `compose.update` before v0.29.
    let compose = &sandbox.service("monitoring").await;
    open_tab(&b, &sandbox, &inst, &compose, "environment").await;
    b.click("[data-test=env] [data-test=env-text-mode]").await;
    b.type_text("[data-test=env] [data-test=env-text]", "MODE=era\n")
        .await;
    b.click("[data-test=env] [data-test=env-save]").await;
    b.wait_for("[data-test=env] [data-test=env-saved]").await;
    let one = sandbox
        .api(&format!("compose.one?composeId={}", compose.id))
        .await;
    assert_eq!(one["env"].as_str(), Some("MODE=era\n"));
    // A move goes to another project (v0.24.12's move takes targetProjectId).
    let admin = &sandbox.service("admin-panel").await;
    open_tab(&b, &sandbox, &inst, &admin, "general").await;
    b.click("[data-test=move]").await;
    b.wait_for("[data-test=move-target]").await;
    let to = b
        .js(
            "const o = document.querySelectorAll('[data-test=move-target] option')[1]; return o.value;",
            vec![],
        )
        .await;
    let to = to.as_str().unwrap_or_default().to_string();
    b.select("[data-test=move-target]", &to).await;
    b.click("[data-test=confirm-move]").await;
    b.wait_for_text("[data-test=moved]", "Moved to").await;
    let one = sandbox
        .api(&format!("application.one?applicationId={}", admin.id))
        .await;
    assert_eq!(one["projectId"].as_str(), Some(to.as_str()));

    // API access: a key made with the membership's organization (no organization.active).
    b.open(&sandbox, &format!("#/i/{inst}/admin")).await;
    b.click("[data-test=new-key]").await;
    b.type_text("[data-test=key-name]", "ci-v024").await;
    b.click("[data-test=create-key]").await;
    b.wait_for("[data-test=created-key]").await;
    b.screenshot("eras-v0.24-key-created").await;

    assert_eq!(
        sandbox.calls("settings.getDokployVersion").await,
        1,
        "the version is learned at connect and remembered"
    );
    let missing = missing(&sandbox).await;
    assert!(
        missing.as_object().is_some_and(|m| m.is_empty()),
        "asked what v0.24.12 lacks: {missing}"
    );
    b.close().await;
}
