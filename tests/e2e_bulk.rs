//! End-to-end: bulk actions and the ping when a deployment ends (issue #20, points 3 and 5),
//! in headless Chromium against the release build and the sandbox.
//!
//! 1. A project's services chosen ("All in production"), deployed together: the confirmation
//!    lists every one, a double click sends each deploy once, the panel follows each to its
//!    real end (the failing worker fails), Retry sends only the failed one; the tab's title
//!    and icon say a deployment runs, and a notification comes for each end.
//! 2. A reload while a run sends: nothing is sent again; what was not sent waits for Retry.
//! 3. The overview's search across projects, on an older instance: "Choose the N services
//!    found" opens the services page with them chosen; Stop needs its words typed; a refused
//!    request says why and keeps the others going.

mod common;

use common::*;

/// Every service router of Dokploy.
const ROUTERS: [&str; 8] = [
    "application",
    "compose",
    "postgres",
    "mysql",
    "mariadb",
    "mongo",
    "redis",
    "libsql",
];

/// How many `<router>.<procedure>` requests the sandbox had, over every router.
async fn calls_of(sandbox: &Sandbox, procedure: &str) -> u64 {
    let mut n = 0;
    for r in ROUTERS {
        n += sandbox.calls(&format!("{r}.{procedure}")).await;
    }
    n
}

/// Every panel item's `data-step`, by service name.
async fn steps(b: &Browser) -> Vec<(String, String)> {
    let v = b
        .js(
            "return [...document.querySelectorAll('[data-test=bulk-item]')].map(i => [i.dataset.name, i.dataset.step]);",
            vec![],
        )
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// A stand-in for the browser's notifications (headless Chromium has no one to ask): granted,
/// and every notification recorded in `window.__notes`.
const FAKE_NOTIFICATIONS: &str = "window.__notes = []; \
    window.Notification = class { constructor(t, o) { window.__notes.push(t + ': ' + (o && o.body)); } \
    static get permission() { return 'granted'; } static requestPermission() { return Promise.resolve('granted'); } };";

#[tokio::test]
async fn a_project_is_deployed_together_and_followed_to_the_end() {
    let sandbox = Sandbox::start_with(&["--deploy-step-ms", "300"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let shop = sandbox
        .projects()
        .await
        .into_iter()
        .find(|p| p["name"] == "shop")
        .unwrap();
    let pid = shop["projectId"].as_str().unwrap().to_string();
    b.open(&sandbox, &format!("#/i/{inst}/project/{pid}")).await;
    b.wait_for("[data-test=service-row]").await;
    b.js(FAKE_NOTIFICATIONS, vec![]).await;
    let rows = b.find_all("[data-test=service-row]").await.len();

    // One service, then all of the environment.
    b.click("[data-test=choose-service]").await;
    b.wait_for_text("[data-test=bulk-bar]", "1 service chosen")
        .await;
    b.click("[data-test=choose-all]").await;
    b.wait_for_text("[data-test=bulk-bar]", &format!("{rows} services chosen"))
        .await;

    // The confirmation lists every service.
    b.click("[data-test=bulk-deploy]").await;
    b.wait_for("[data-test=bulk-confirm-list]").await;
    assert_eq!(
        b.find_all("[data-test=bulk-confirm-item]").await.len(),
        rows
    );
    b.screenshot("bulk-confirm").await;

    // Asked for (the panel has the switch too); read as each deployment ends.
    b.js("localStorage.setItem('skiff.notify', 'on')", vec![])
        .await;
    // A double click starts one run.
    b.js(
        "const btn = document.querySelector('[data-test=confirm-button]'); btn.click(); btn.click();",
        vec![],
    )
    .await;
    b.wait_for("[data-test=bulk-panel]").await;
    b.wait_until("document.title.startsWith('▶') && document.querySelector('link[rel=icon]').href.includes('circle')")
        .await;
    b.screenshot("bulk-progress").await;

    // Each service to its real end: the deploys are queued one at a time by Dokploy.
    b.wait_until(
        "[...document.querySelectorAll('[data-test=bulk-item]')].every(i => ['done', 'error'].includes(i.dataset.step))",
    )
    .await;
    let ended = steps(&b).await;
    let failed: Vec<_> = ended.iter().filter(|(_, s)| s == "error").collect();
    assert_eq!(failed.len(), 1, "{ended:?}");
    assert!(failed[0].0.contains("worker"), "{ended:?}");
    // Sent once each, whatever the double click.
    let apps = sandbox.calls("application.deploy").await;
    assert_eq!(
        calls_of(&sandbox, "deploy").await as usize,
        rows,
        "{ended:?}"
    );
    let summary = b.text("[data-test=bulk-summary]").await;
    assert!(
        summary.contains(&format!("{} of {rows} done, 1 failed", rows - 1)),
        "{summary}"
    );
    b.wait_until("document.title === 'Skiff'").await;
    let notes = b.js("return window.__notes", vec![]).await;
    let notes: Vec<String> = serde_json::from_value(notes).unwrap();
    assert_eq!(notes.len(), rows, "{notes:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Deployment failed:") && n.contains("worker")),
        "{notes:?}"
    );
    b.screenshot("bulk-ended").await;

    // Retry sends the failed one again, and only it.
    b.click("[data-test=bulk-retry]").await;
    b.wait_until(&format!(
        "document.querySelector('[data-test=bulk-summary]').textContent.includes('1 failed')"
    ))
    .await;
    b.wait_until(
        "[...document.querySelectorAll('[data-test=bulk-item]')].every(i => ['done', 'error'].includes(i.dataset.step))",
    )
    .await;
    assert_eq!(sandbox.calls("application.deploy").await, apps + 1);

    // Dismissed, it is gone, after a reload too.
    b.click("[data-test=bulk-dismiss]").await;
    b.wait_gone("[data-test=bulk-panel]").await;
    b.reload().await;
    b.wait_for("[data-test=service-row]").await;
    assert!(!b.exists("[data-test=bulk-panel]").await);
}

/// Starts every service of the instance in one bulk run whose starts never answer: the first
/// three stay on their way, the rest wait their turn. Answers how many were chosen.
async fn start_all_hanging(sandbox: &Sandbox, b: &Browser, inst: &str) -> usize {
    let hang: Vec<String> = ROUTERS
        .iter()
        .map(|r| format!("{r}.start:hang:1"))
        .collect();
    sandbox.set_faults(&hang.join(",")).await;
    // Stopped first, so that Start applies to them.
    for s in services(&sandbox.projects().await) {
        let router = s.kind.as_str();
        sandbox
            .api_post(
                &format!("{router}.stop"),
                serde_json::json!({ format!("{router}Id"): s.id }),
            )
            .await;
    }
    b.open(sandbox, &format!("#/i/{inst}/services")).await;
    b.wait_for("[data-test=service-row]").await;
    let total = b.find_all("[data-test=service-row]").await.len();
    assert!(total > 6, "{total}");
    b.click("[data-test=choose-all]").await;
    b.click("[data-test=bulk-start]").await;
    b.wait_for("[data-test=bulk-confirm-list]").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("[...document.querySelectorAll('[data-test=bulk-item]')].some(i => i.dataset.step === 'queued')")
        .await;
    total
}

#[tokio::test]
async fn a_reload_while_sending_sends_nothing_twice() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let total = start_all_hanging(&sandbox, &b, &inst).await;
    b.reload().await;
    b.wait_for("[data-test=bulk-panel]").await;
    b.wait_for_text("[data-test=bulk-summary]", "not sent")
        .await;
    let starts = || calls_of(&sandbox, "start");
    let sent = starts().await;
    assert_eq!(sent, 3, "three in flight at most, of {total}");
    b.screenshot("bulk-after-reload").await;
    // Nothing more goes out on its own.
    b.reload().await;
    b.wait_for_text("[data-test=bulk-summary]", "not sent")
        .await;
    assert_eq!(starts().await, sent);

    // Retry sends what was not sent, and what got no answer.
    let retried = steps(&b).await.iter().filter(|(_, s)| s != "done").count();
    sandbox.set_faults("").await;
    b.click("[data-test=bulk-retry]").await;
    b.wait_until(
        "[...document.querySelectorAll('[data-test=bulk-item]')].every(i => i.dataset.step === 'done')",
    )
    .await;
    assert_eq!(starts().await as usize, sent as usize + retried);
    assert!(b
        .text("[data-test=bulk-summary]")
        .await
        .contains(&format!("{total} of {total} done")));
}

#[tokio::test]
async fn an_overview_search_chooses_across_projects_on_an_older_instance() {
    let sandbox = Sandbox::start_with(&["--era", "v0.24.12"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/projects?q=db")).await;
    let link = b.wait_for("[data-test=choose-found]").await;
    let label = link.text().await.unwrap();
    assert!(label.starts_with("Choose the "), "{label}");
    b.click("[data-test=choose-found]").await;
    b.wait_for_fragment("/services?q=db").await;
    b.wait_for("[data-test=service-row]").await;
    let rows = b.find_all("[data-test=service-row]").await.len();
    assert!(
        label.contains(&format!("the {rows} services")),
        "{label} / {rows}"
    );
    // They come chosen; the names say where each lives.
    b.wait_for_text("[data-test=bulk-bar]", &format!("{rows} services chosen"))
        .await;
    assert!(b.text("[data-test=service-list]").await.contains("shop"));
    b.wait_until(&format!(
        "document.querySelectorAll('[data-test=choose-service]:checked').length === {rows}"
    ))
    .await;

    // One of them refuses: the others go on, and the panel says why.
    sandbox.set_faults("postgres.stop:500:1").await;
    b.click("[data-test=bulk-stop]").await;
    b.wait_for("[data-test=confirm-input]").await;
    assert_eq!(
        b.attr("[data-test=confirm-button]", "disabled")
            .await
            .as_deref(),
        Some("true")
    );
    // "stop 3 services": the ones not stopped already.
    let words = b.text("label[for=confirm-input] code").await;
    assert!(words.starts_with("stop "), "{words}");
    b.type_text("[data-test=confirm-input]", &words).await;
    b.wait_until("!document.querySelector('[data-test=confirm-button]').disabled")
        .await;
    let class = b
        .attr("[data-test=confirm-button]", "class")
        .await
        .unwrap_or_default();
    assert!(class.contains("btn--danger-solid"), "{class}");
    b.screenshot("bulk-stop-confirm").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until(
        "[...document.querySelectorAll('[data-test=bulk-item]')].every(i => ['done', 'error'].includes(i.dataset.step))",
    )
    .await;
    let ended = steps(&b).await;
    assert!(ended.iter().any(|(_, s)| s == "error"), "{ended:?}");
    assert!(ended.iter().any(|(_, s)| s == "done"), "{ended:?}");
    assert!(b.text("[data-test=bulk-items]").await.contains("Dokploy"));
    b.screenshot("bulk-stop-ended").await;
    // On a phone, the panel sits over the bottom of the page, and the rows still choose.
    b.set_viewport(PHONE).await;
    b.wait_for("[data-test=bulk-panel]").await;
    b.screenshot("bulk-phone").await;
    b.click("[data-test=bulk-toggle]").await;
    b.wait_gone("[data-test=bulk-items]").await;
    b.screenshot("bulk-phone-hidden").await;
}

#[tokio::test]
async fn a_deploy_left_on_its_page_still_pings_when_it_ends() {
    let sandbox = Sandbox::start_with(&["--deploy-step-ms", "1500"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;
    b.open(&sandbox, &format!("#/i/{inst}/application/{}", app.id))
        .await;
    b.wait_for("[data-test=action-deploy]").await;
    b.js(FAKE_NOTIFICATIONS, vec![]).await;
    b.js("localStorage.setItem('skiff.notify', 'on')", vec![])
        .await;
    b.click("[data-test=action-deploy]").await;
    b.wait_until("document.title.startsWith('▶')").await;
    // Off to the activity center (no service actions there): the deploy is still followed.
    b.go(&format!("#/i/{inst}/activity")).await;
    b.wait_for("[data-test=activity]").await;
    assert!(!b.exists("[data-test=service-actions]").await);
    assert!(b
        .js("return document.title", vec![])
        .await
        .as_str()
        .unwrap_or("")
        .starts_with('▶'));
    b.wait_until("document.title === 'Skiff'").await;
    let notes = b.js("return window.__notes", vec![]).await;
    let notes: Vec<String> = serde_json::from_value(notes).unwrap();
    assert_eq!(notes, ["Deployed: storefront deployed"], "{notes:?}");
    assert_eq!(sandbox.calls("application.deploy").await, 1);
}

/// The settings are another build (src/handoff.rs): opening them mid-run unmounts the full
/// build's panel. Nothing breaks, nothing more is sent, and back on the projects the run is
/// read back as after a reload, with Retry.
#[tokio::test]
async fn opening_the_settings_mid_run_sends_nothing_twice() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    start_all_hanging(&sandbox, &b, &inst).await;

    b.click_text(".topbar__nav a", "Settings").await;
    b.wait_for("[data-test=settings-tags]").await;
    assert!(!b.exists("[data-test=bulk-panel]").await);
    b.click_text(".topbar__nav a", "Projects").await;
    b.wait_for("[data-test=bulk-panel]").await;
    b.wait_for_text("[data-test=bulk-summary]", "not sent")
        .await;
    assert_eq!(calls_of(&sandbox, "start").await, 3, "nothing sent twice");

    sandbox.set_faults("").await;
    b.click("[data-test=bulk-retry]").await;
    b.wait_until(
        "[...document.querySelectorAll('[data-test=bulk-item]')].every(i => i.dataset.step === 'done')",
    )
    .await;
}
