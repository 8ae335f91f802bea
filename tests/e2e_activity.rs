//! End-to-end: the deployments activity center (issue #20), in headless Chromium against the
//! release build and the sandbox.
//!
//! 1. One instance: every deployment, running ones on top, filters by status, kind, project and
//!    text kept in the URL, a deployment's log one click away; from `deployment.allCentralized`
//!    on v0.30.2, composed from the services' lists on v0.24.12 (no request it lacks).
//! 2. Plots: deployments per day over 30 days and the slowest services, each with its table; a
//!    service's Deployments tab draws its deployments' durations with the success rate.
//!    Every instance at once (`#/activity`), a v0.30.2 and a v0.24.12 sandbox side by side.

mod common;

use common::*;

/// The `data-status` of every row shown.
async fn statuses(b: &Browser) -> Vec<String> {
    let v = b
        .js(
            "return [...document.querySelectorAll('[data-test=activity-row]')].map(r => r.dataset.status);",
            vec![],
        )
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

#[tokio::test]
async fn an_older_instance_is_composed_filtered_and_opens_a_log() {
    let sandbox = Sandbox::start_with(&["--era", "v0.24.12"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/activity")).await;
    b.wait_for("[data-test=activity-row]").await;
    b.wait_for_text("[data-test=activity-table]", "storefront")
        .await;
    // Each row's service has its kind's icon, named for screen readers (issue 24).
    let unnamed = b
        .js(
            "return [...document.querySelectorAll('[data-test=activity-row]')].filter(r => {
               const i = r.querySelector('.kind-icon[role=img]');
               return !i || !['Application', 'Compose'].includes(i.getAttribute('aria-label'))
                 || !getComputedStyle(i).maskImage.startsWith('url(\"data:image/svg+xml');
             }).length;",
            vec![],
        )
        .await;
    assert_eq!(unnamed, json!(0), "rows without a named kind icon");
    assert!(sandbox.calls("deployment.all").await > 0);
    // No backup runs to list before v0.30 (no overview.backups): no such kind offered.
    assert!(
        !b.exists("[data-test=activity-kind] option[value=backup]")
            .await
    );
    assert!(sandbox.stats().await["missing"]
        .as_object()
        .unwrap()
        .is_empty());
    let all = statuses(&b).await;
    assert!(
        all.iter().any(|s| s == "error") && all.iter().any(|s| s == "done"),
        "{all:?}"
    );

    // Filters: in the URL, combined.
    b.select("[data-test=activity-status]", "error").await;
    b.wait_for_fragment("status=error").await;
    b.wait_until("[...document.querySelectorAll('[data-test=activity-row]')].every(r => r.dataset.status === 'error')")
        .await;
    b.select("[data-test=activity-status]", "").await;
    b.type_text("[data-test=activity-search]", "STOREFRONT")
        .await;
    b.wait_for_fragment("q=STOREFRONT").await;
    b.wait_until("[...document.querySelectorAll('[data-test=activity-row]')].every(r => r.textContent.includes('storefront'))")
        .await;
    b.screenshot("activity-v0.24-filtered").await;
    // A reload keeps them.
    b.reload().await;
    b.wait_for("[data-test=activity-row]").await;
    assert_eq!(b.value("[data-test=activity-search]").await, "STOREFRONT");

    // A deployment's log, on its service's Deployments tab.
    b.click("[data-test=activity-open]").await;
    b.wait_for_fragment("deployment=").await;
    b.wait_for("[data-test=deployment-log]").await;
    assert!(b.fragment().await.contains("/deployments"));
}

#[tokio::test]
async fn a_services_deployments_are_drawn_with_their_figures() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;
    b.open(
        &sandbox,
        &format!("#/i/{inst}/application/{}/deployments", app.id),
    )
    .await;
    b.wait_for("[data-test=deployment-figures] svg rect").await;
    let summary = b.text("[data-test=deployment-summary]").await;
    assert!(
        summary.contains("% succeeded") && summary.contains("median"),
        "{summary}"
    );
    let bars = b
        .find_all("[data-test=deployment-figures] svg rect")
        .await
        .len();
    assert_eq!(bars, b.find_all("[data-test=deployment-row]").await.len());
    assert!(
        b.exists("[data-test=deployment-figures] table tbody tr")
            .await
    );
    b.screenshot("deployments-figures").await;
}

#[tokio::test]
async fn thirty_days_of_deployments_across_two_instances() {
    let sandbox = Sandbox::start_with(&["--seed-history", "--deploy-step-ms", "4000"]).await;
    // Reached from Skiff at the first one's origin, as through a CORS middleware.
    let old = Sandbox::start_with(&["--era", "v0.24.12", "--cors-origin", &sandbox.url]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;

    // v0.30.2: one allCentralized, not a request per service.
    b.open(&sandbox, &format!("#/i/{inst}/activity")).await;
    b.wait_for("[data-test=activity-row]").await;
    assert_eq!(sandbox.calls("deployment.allCentralized").await, 1);
    assert_eq!(sandbox.calls("deployment.all").await, 0);
    let rows = b.find_all("[data-test=activity-row]").await.len();
    assert!(rows >= 40, "{rows} rows");
    b.wait_for("[data-test=per-day] svg rect").await;
    b.wait_for("[data-test=slowest] li").await;
    b.screenshot("activity-desktop").await;

    // The runs of backups and volume backups (overview.backups), under their own kind; each
    // opens its service's Backups (or Volumes) tab.
    assert_eq!(sandbox.calls("overview.backups").await, 1);
    b.select("[data-test=activity-kind]", "backup").await;
    b.wait_for_fragment("kind=backup").await;
    b.wait_until("[...document.querySelectorAll('[data-test=activity-row]')].every(r => /(Volume backup|Backup) to s3-backups/.test(r.textContent))")
        .await;
    let table = b.text("[data-test=activity-table]").await;
    assert!(
        table.contains("shop-db") && table.contains("Volume backup to s3-backups"),
        "{table}"
    );
    b.screenshot("activity-backups").await;
    let href = b
        .js("return [...document.querySelectorAll('[data-test=activity-open]')].find(a => a.closest('tr').textContent.includes('shop-db')).getAttribute('href');", vec![])
        .await;
    assert!(href.as_str().unwrap_or("").ends_with("/backups"), "{href}");
    b.select("[data-test=activity-kind]", "").await;
    b.wait_until("[...document.querySelectorAll('[data-test=activity-row]')].some(r => !/ to s3-backups/.test(r.textContent))")
        .await;

    // A deploy started elsewhere shows on top while it runs, with its elapsed time.
    let started = sandbox
        .api_post(
            "application.deploy",
            serde_json::json!({ "applicationId": app.id }),
        )
        .await;
    assert!(
        started.is_null() || started == serde_json::json!(true),
        "{started}"
    );
    b.wait_until(
        "document.querySelector('[data-test=activity-row]').dataset.status === 'deploying'",
    )
    .await;
    let first = b.text("[data-test=activity-row]").await;
    assert!(first.contains("storefront"), "{first}");

    // A second deploy waits in Dokploy's queue (one at a time): shown as queued.
    let api = sandbox.service("checkout-api").await;
    sandbox
        .api_post(
            "application.deploy",
            serde_json::json!({ "applicationId": api.id }),
        )
        .await;
    b.wait_until("[...document.querySelectorAll('[data-test=activity-row]')].some(r => r.dataset.status === 'queued' && r.textContent.includes('checkout-api'))")
        .await;
    assert!(sandbox.calls("deployment.queueList").await > 0);

    // Its log, and the build stopped from there (v0.30.2: every build on that server).
    b.click("[data-test=activity-open]").await;
    b.wait_for("[data-test=kill-build]").await;
    b.click("[data-test=kill-build]").await;
    b.wait_for_text(".dialog", "every image build").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_gone("[data-test=kill-build]").await;
    assert_eq!(sandbox.calls("application.killBuild").await, 1);
    b.wait_for_text("[data-test=deployment-status]", "Failed")
        .await;

    // Rollback to an earlier image of an application that keeps them.
    b.open(
        &sandbox,
        &format!("#/i/{inst}/application/{}/deployments", api.id),
    )
    .await;
    b.wait_for("[data-test=roll-back]").await;
    assert!(!b.exists("[data-test=rollbacks-off]").await);
    b.click("[data-test=roll-back]").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_for("[data-test=rolled-back]").await;
    assert_eq!(sandbox.calls("rollback.rollback").await, 1);
    // An application without them says what turning them on needs, and offers it.
    b.open(
        &sandbox,
        &format!("#/i/{inst}/application/{}/deployments", app.id),
    )
    .await;
    b.wait_for("[data-test=rollbacks-off]").await;
    assert!(!b.exists("[data-test=roll-back]").await);

    // Every instance at once: a v0.24.12 one beside it, named on each row.
    let second = connect_via(&b, &sandbox.url, &old.url, "skiff-demo-key").await;
    b.open(&sandbox, "#/activity").await;
    b.wait_until(&format!(
        "[...document.querySelectorAll('[data-test=activity-row]')].some(r => r.textContent.includes('{}'))",
        old.url.trim_start_matches("http://")
    ))
    .await;
    assert!(b.page_text().await.contains("every saved instance"));
    let _ = second;
    assert!(old.stats().await["missing"].as_object().unwrap().is_empty());
    b.close().await;

    let phone = Browser::start_with(PHONE).await;
    phone.connect(&sandbox).await;
    phone.open(&sandbox, &format!("#/i/{inst}/activity")).await;
    phone.wait_for("[data-test=activity-row]").await;
    phone.screenshot("activity-phone").await;
    phone.close().await;
}
