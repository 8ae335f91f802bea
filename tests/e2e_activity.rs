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

async fn calls(sandbox: &Sandbox, procedure: &str) -> u64 {
    sandbox.stats().await["procedures"][procedure]
        .as_u64()
        .unwrap_or(0)
}

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
    assert!(calls(&sandbox, "deployment.all").await > 0);
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
