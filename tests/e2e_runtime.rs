//! End-to-end: what runs, and how it is set to run (issue #19, points 5-9), in headless
//! Chromium against the release build and the sandbox (seeded containers, figures, previews:
//! sandbox/README.md).
//!
//! 7. Containers: an application's containers and swarm tasks with their node, a compose
//!    project's containers, a restart after a confirmation; with no Docker, a sentence.
//! 8. Monitoring: the recorded figures as plots with their numbers; a service that does not run
//!    and an instance without Docker each say so.
//! 5. Swarm settings: JSON checked against Dokploy's shape before sending, saved, cleared.
//! 6. Traefik: the file read-only with Copy; edited behind the warning; checked first.
//! 9. Previews: each pull request's preview with its domain and deployments, its log, redeploy,
//!    delete after typing the branch; the settings checked and saved.

mod common;

use common::*;

async fn open_tab(b: &Browser, sandbox: &Sandbox, inst: &str, s: &ServiceRef, tab: &str) {
    b.open(sandbox, &format!("#/i/{inst}/{}/{}/{tab}", s.kind, s.id))
        .await;
}

async fn docker(sandbox: &Sandbox, available: bool) {
    let r = sandbox
        .request(
            "POST",
            "/__sandbox/docker",
            Some(&serde_json::json!({ "available": available })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn containers_are_listed_and_restarted_and_figures_plotted() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;

    // 7. An application: its two replicas, and its swarm tasks with their node.
    open_tab(&b, &sandbox, &inst, &app, "containers").await;
    b.wait_for_text("[data-test=containers]", "shop-storefront-x1k2p9.1.")
        .await;
    assert_eq!(b.find_all("[data-test=container]").await.len(), 2);
    b.wait_for_text("[data-test=tasks]", "dokploy-node-1").await;
    b.wait_for_text("[data-test=tasks]", "Shutdown").await;
    b.screenshot("containers-desktop").await;

    // Restarted after a confirmation, once however often it is clicked.
    b.click_in("container", ".1.", "restart-container").await;
    b.wait_for_text(".dialog", "Restart shop-storefront-x1k2p9.1.")
        .await;
    b.js(
        "const s = document.querySelector('[data-test=confirm-button]'); s.click(); s.click(); return 1;",
        vec![],
    )
    .await;
    b.wait_gone("[data-test=confirm-button]").await;
    assert_eq!(sandbox.calls("docker.restartContainer").await, 1);
    b.wait_for_text("[data-test=containers]", "Up Less than a second")
        .await;

    // A compose project's containers.
    let compose = sandbox.service("monitoring").await;
    open_tab(&b, &sandbox, &inst, &compose, "containers").await;
    b.wait_for_text("[data-test=containers]", "shop-monitoring-h5w3ke-grafana-1")
        .await;
    assert!(!b.exists("[data-test=tasks]").await);

    // 8. Monitoring: a plot per figure, with its numbers behind it.
    open_tab(&b, &sandbox, &inst, &app, "monitoring").await;
    b.wait_for("[data-test=plot] svg path").await;
    let titles = b.texts("[data-test=plot] .card__heading").await;
    assert_eq!(titles, ["CPU", "Memory", "Network", "Disk I/O"]);
    let summary = b.text("[data-test=plot-summary]").await;
    assert!(
        summary.contains("now") && summary.contains('%'),
        "{summary}"
    );
    assert!(b.exists("[data-test=plot] table tbody tr").await);
    b.screenshot("monitoring-desktop").await;

    // A service with no running container.
    let idle = sandbox.service("admin-panel").await;
    open_tab(&b, &sandbox, &inst, &idle, "monitoring").await;
    b.wait_for("[data-test=not-running]").await;
    open_tab(&b, &sandbox, &inst, &idle, "containers").await;
    b.wait_for("[data-test=no-containers]").await;

    // An instance whose Dokploy cannot reach Docker: a sentence, not an error page.
    docker(&sandbox, false).await;
    open_tab(&b, &sandbox, &inst, &app, "monitoring").await;
    b.wait_for_text("[data-test=no-docker]", "cannot reach Docker")
        .await;
    open_tab(&b, &sandbox, &inst, &app, "containers").await;
    b.wait_for("[data-test=no-containers]").await;
    assert!(!b.exists(".alert--error").await);
    docker(&sandbox, true).await;
    b.close().await;

    // On a phone: the tabs scroll, the rows stack.
    let phone = Browser::start_with(PHONE).await;
    phone.connect(&sandbox).await;
    open_tab(&phone, &sandbox, &inst, &app, "containers").await;
    phone.wait_for("[data-test=container]").await;
    phone.screenshot("containers-phone").await;
    open_tab(&phone, &sandbox, &inst, &app, "monitoring").await;
    phone.wait_for("[data-test=plot] svg path").await;
    phone.screenshot("monitoring-phone").await;
    phone.close().await;
}

#[tokio::test]
async fn swarm_settings_and_the_traefik_file_are_checked_and_saved() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;
    let one = |id: String| {
        let sandbox = &sandbox;
        async move {
            sandbox
                .api(&format!("application.one?applicationId={id}"))
                .await
        }
    };

    // 5. Every swarm setting of the era, each "Not set" until set.
    open_tab(&b, &sandbox, &inst, &app, "advanced").await;
    b.wait_for("[data-test=swarm]").await;
    assert_eq!(b.find_all("[data-test=swarm-row]").await.len(), 11);

    // Checked against Dokploy's shape before anything is sent.
    b.click("[data-test=edit-healthCheckSwarm]").await;
    b.type_text("[data-test=swarm-value]", r#"{"Interval": "10s"}"#)
        .await;
    b.click("[data-test=save-swarm-dialog]").await;
    b.wait_for_text("[data-test=error-swarm-value]", "Interval must be a number")
        .await;
    b.type_text("[data-test=swarm-value]", r#"{"interval": 1}"#)
        .await;
    b.click("[data-test=save-swarm-dialog]").await;
    b.wait_for_text(
        "[data-test=error-swarm-value]",
        "Docker knows Test, Interval",
    )
    .await;
    assert_eq!(sandbox.calls("application.update").await, 0);

    // Started from the documented shape; a failed save keeps the text; then saved once.
    b.click("[data-test=swarm-example]").await;
    let text = b.value("[data-test=swarm-value]").await;
    assert!(text.contains("\"Interval\": 10000000000"), "{text}");
    b.screenshot("swarm-dialog").await;
    sandbox.set_faults("application.update:500:1.0").await;
    b.click("[data-test=save-swarm-dialog]").await;
    b.wait_for("[data-test=swarm-dialog] .alert--error").await;
    assert_eq!(b.value("[data-test=swarm-value]").await, text);
    sandbox.set_faults("").await;
    let before = sandbox.calls("application.update").await;
    b.js(
        "const s = document.querySelector('[data-test=save-swarm-dialog]'); s.click(); s.click(); return 1;",
        vec![],
    )
    .await;
    b.wait_gone("[data-test=swarm-dialog]").await;
    assert_eq!(sandbox.calls("application.update").await, before + 1);
    b.wait_for_text(
        "[data-test=swarm-healthCheckSwarm]",
        "\"Interval\":10000000000",
    )
    .await;
    let a = one(app.id.clone()).await;
    assert_eq!(
        a["healthCheckSwarm"]["Retries"], 3,
        "{}",
        a["healthCheckSwarm"]
    );

    // Emptied: cleared (null).
    b.click("[data-test=edit-healthCheckSwarm]").await;
    b.type_text("[data-test=swarm-value]", "").await;
    b.click("[data-test=save-swarm-dialog]").await;
    b.wait_gone("[data-test=swarm-dialog]").await;
    b.wait_gone("[data-test=swarm-healthCheckSwarm]").await;
    assert!(one(app.id.clone()).await["healthCheckSwarm"].is_null());

    // A database has them too; a compose service has none.
    let db = sandbox.service("shop-db").await;
    open_tab(&b, &sandbox, &inst, &db, "advanced").await;
    b.wait_for("[data-test=swarm-row]").await;
    b.click("[data-test=edit-labelsSwarm]").await;
    b.type_text("[data-test=swarm-value]", r#"{"team": "data"}"#)
        .await;
    b.click("[data-test=save-swarm-dialog]").await;
    b.wait_for_text("[data-test=swarm-labelsSwarm]", "\"team\":\"data\"")
        .await;
    assert!(!b.exists("[data-test=traefik]").await);
    let compose = sandbox.service("monitoring").await;
    open_tab(&b, &sandbox, &inst, &compose, "advanced").await;
    b.wait_for("[data-test=mounts]").await;
    assert!(!b.exists("[data-test=swarm]").await);

    // 6. The Traefik file: read-only with Copy, edited behind the warning, checked first.
    open_tab(&b, &sandbox, &inst, &app, "advanced").await;
    b.wait_for_text(
        "[data-test=traefik-config]",
        "shop-storefront-x1k2p9-router",
    )
    .await;
    b.screenshot_full("advanced-swarm-traefik").await;
    b.click("[data-test=edit-traefik]").await;
    b.wait_for_text("[data-test=traefik-warning]", "off the network")
        .await;
    let file = b.value("[data-test=traefik-value]").await;
    // Set as a paste would (a typed tab would move the focus).
    b.js(
        "const t = document.querySelector('[data-test=traefik-value]'); t.value = 'http:\\n\\trouters: {}\\n'; \
         t.dispatchEvent(new Event('input', { bubbles: true })); return 1;",
        vec![],
    )
    .await;
    b.click("[data-test=save-traefik-dialog]").await;
    b.wait_for_text(
        "[data-test=error-traefik-value]",
        "Line 2 is indented with a tab",
    )
    .await;
    assert_eq!(sandbox.calls("application.updateTraefikConfig").await, 0);
    let edited = format!("{file}# edited in Skiff\n");
    b.type_text("[data-test=traefik-value]", &edited).await;
    b.screenshot("traefik-dialog").await;
    b.click("[data-test=save-traefik-dialog]").await;
    b.wait_gone("[data-test=traefik-dialog]").await;
    b.wait_for_text("[data-test=traefik-config]", "# edited in Skiff")
        .await;
    let saved = sandbox
        .api(&format!(
            "application.readTraefikConfig?applicationId={}",
            app.id
        ))
        .await;
    assert_eq!(saved.as_str(), Some(edited.as_str()));
}

#[tokio::test]
async fn preview_deployments_are_shown_redeployed_deleted_and_set() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;

    // 9. Each pull request's preview: its title, branch, status, domain.
    open_tab(&b, &sandbox, &inst, &app, "previews").await;
    b.wait_for("[data-test=preview]").await;
    let titles = b.texts("[data-test=preview-title]").await;
    assert_eq!(
        titles,
        ["#43 Round prices half-up", "#42 New checkout flow"]
    );
    b.wait_for_text(
        "[data-test=preview-domain]",
        "preview-shop-storefront-x1k2p9-d4e5f6.preview.acme.test",
    )
    .await;

    // Its deployments, and a deployment's log, in the page.
    b.click_in("preview", "#42", "preview-deployments").await;
    b.wait_for("[data-test=preview] [data-test=deployment-row]")
        .await;
    assert_eq!(b.find_all("[data-test=deployment-row]").await.len(), 2);
    b.screenshot("previews-desktop").await;
    b.click("[data-test=preview] [data-test=open-deployment]")
        .await;
    b.wait_for_fragment("deployment=").await;
    b.wait_for("[data-test=deployment-log]").await;
    assert!(b.fragment().await.contains("/previews"));

    // Redeployed once however often it is clicked.
    b.js(
        "const s = document.querySelector('[data-test=preview-redeploy]'); s.click(); s.click(); return 1;",
        vec![],
    )
    .await;
    b.wait_until("document.querySelectorAll('[data-test=preview]')[0].textContent.includes('Deployments (2)')")
        .await;
    assert_eq!(sandbox.calls("previewDeployment.redeploy").await, 1);

    // Deleted after its branch is typed.
    b.click_in("preview", "#43", "preview-delete").await;
    b.type_text("[data-test=confirm-input]", "fix/price-rounding")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("document.querySelectorAll('[data-test=preview]').length === 1")
        .await;
    let left = sandbox
        .api(&format!("previewDeployment.all?applicationId={}", app.id))
        .await;
    assert_eq!(left.as_array().map(Vec::len), Some(1));

    // The settings: checked, then saved.
    b.type_text("[data-test=preview-limit]", "0").await;
    b.click("[data-test=save-preview-settings]").await;
    b.wait_for("[data-test=error-preview-limit]").await;
    assert_eq!(sandbox.calls("application.update").await, 0);
    b.type_text("[data-test=preview-limit]", "5").await;
    b.type_text("[data-test=preview-wildcard]", "*.pr.acme.test")
        .await;
    b.click("[data-test=save-preview-settings]").await;
    b.wait_for("[data-test=preview-settings-saved]").await;
    let a = sandbox
        .api(&format!("application.one?applicationId={}", app.id))
        .await;
    assert_eq!(a["previewLimit"], 5);
    assert_eq!(a["previewWildcard"], "*.pr.acme.test");
    b.close().await;

    let phone = Browser::start_with(PHONE).await;
    phone.connect(&sandbox).await;
    open_tab(&phone, &sandbox, &inst, &app, "previews").await;
    phone.wait_for("[data-test=preview]").await;
    phone.screenshot("previews-phone").await;
    phone.close().await;

    // v0.24.12 has previews but no redeploy.
    let old = Sandbox::start_with(&["--era", "v0.24.12"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&old).await;
    let app = old.service("storefront").await;
    open_tab(&b, &old, &inst, &app, "previews").await;
    b.wait_for("[data-test=preview]").await;
    assert!(!b.exists("[data-test=preview-redeploy]").await);
    assert!(old.stats().await["missing"].as_object().unwrap().is_empty());
}
