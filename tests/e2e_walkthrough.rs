//! End-to-end tests of what a walk through every page against a real Dokploy v0.30.2 found
//! (issue #17): database statuses and names that `project.all` leaves out, totals under a
//! search, logs under an error, the Swagger link behind a proxy, an application with no
//! source, the deploy note following its deployment, actions that follow the status, and the
//! phone layout. Headless Chromium against the release build and the sandbox, whose
//! `project.all` trims database rows exactly as the recording does.

mod common;

use std::collections::BTreeMap;

use common::*;

/// How many times the sandbox answered `procedure` so far.
async fn open_service(b: &Browser, sandbox: &Sandbox, inst: &str, s: &ServiceRef, tab: &str) {
    b.open(sandbox, &format!("#/i/{inst}/{}/{}/{tab}", s.kind, s.id))
        .await;
    b.wait_for("[data-test=service-title]").await;
}

/// The `data-test` of the buttons under `css`, in order.
async fn buttons(b: &Browser, css: &str) -> Vec<String> {
    let v = b
        .js(
            "return [...document.querySelectorAll(arguments[0] + ' button')].map(e => e.dataset.test);",
            vec![json!(css)],
        )
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// Every service with its status as `project.one` tells it (the truth the overview must show).
async fn every_service(sandbox: &Sandbox) -> Vec<ServiceRef> {
    let mut out = Vec::new();
    for p in sandbox.projects().await {
        let pid = p["projectId"].as_str().unwrap_or_default().to_string();
        let one = sandbox.api(&format!("project.one?projectId={pid}")).await;
        out.extend(services(&[one]));
    }
    out
}

#[tokio::test]
async fn overview_counts_and_finds_the_databases_project_all_trims() {
    let sandbox = Sandbox::start().await;
    // The sandbox's project.all gives databases as bare ids, like v0.30.2's.
    let all = sandbox.projects().await;
    let bare = services(&all)
        .into_iter()
        .filter(|s| !matches!(s.kind.as_str(), "application" | "compose"))
        .collect::<Vec<_>>();
    assert!(
        !bare.is_empty()
            && bare
                .iter()
                .all(|s| s.name.is_empty() && s.status.is_empty())
    );
    let truth = every_service(&sandbox).await;
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &truth {
        let label = match s.status.as_str() {
            "done" => "running",
            "running" => "deploying",
            other => other,
        };
        *by_status.entry(label).or_default() += 1;
    }

    let asked_by_the_test = sandbox.calls("project.one").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.wait_for("[data-test=totals]").await;
    // Every count is true once the databases are filled in; nothing stays "unknown".
    for (label, n) in &by_status {
        b.wait_for_text("[data-test=totals]", &format!("{n} {label}"))
            .await;
    }
    let totals = b.text("[data-test=totals]").await;
    assert!(!totals.contains("unknown"), "{totals}");
    assert!(
        totals.contains(&format!("{} services", truth.len())),
        "{totals}"
    );
    // Bounded: one project.one per project with databases, none for the others.
    let with_dbs = all
        .iter()
        .filter(|p| {
            services(std::slice::from_ref(*p))
                .iter()
                .any(|s| s.name.is_empty())
        })
        .count() as u64;
    assert_eq!(
        sandbox.calls("project.one").await - asked_by_the_test,
        with_dbs
    );

    // A database is found by its name, and the totals count what the search shows.
    let db = truth
        .iter()
        .find(|s| s.kind == "postgres")
        .expect("a demo postgres");
    b.type_text("#project-search", &db.name).await;
    b.wait_for_text("[data-test=matched-services]", &db.name)
        .await;
    let projects = all.len();
    b.wait_for_text("[data-test=totals]", &format!("1 of {projects} projects"))
        .await;
    let totals = b.text("[data-test=totals]").await;
    assert!(totals.contains("match"), "{totals}");
    b.screenshot("walkthrough-search-database").await;
    b.type_text("#project-search", "no-such-thing-anywhere")
        .await;
    b.wait_for_text("[data-test=totals]", &format!("0 of {projects} projects"))
        .await;

    let _ = inst;
    b.close().await;
}

#[tokio::test]
async fn an_error_replaces_the_empty_log_text() {
    let sandbox = Sandbox::start().await;
    let api = sandbox.service("checkout-api").await;
    let stack = every_service(&sandbox)
        .await
        .into_iter()
        .find(|s| s.kind == "compose")
        .expect("a demo compose service");
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;

    sandbox.set_faults("application.readLogs:500:1").await;
    open_service(&b, &sandbox, &inst, &api, "logs").await;
    b.wait_for("[data-test=logs-error]").await;
    let text = b.text("[data-test=logs]").await;
    assert!(!text.contains("No log lines"), "{text}");

    // Compose: the services cannot be listed; the tab says why and what to do.
    sandbox.set_faults("compose.loadServices:500:1").await;
    open_service(&b, &sandbox, &inst, &stack, "logs").await;
    b.wait_for_text(
        "[data-test=logs-services-error]",
        "deploy this service once",
    )
    .await;
    let text = b.text("[data-test=logs]").await;
    assert!(!text.contains("No log lines"), "{text}");
    b.screenshot("walkthrough-compose-logs-error").await;
    sandbox.set_faults("").await;
    b.close().await;
}

#[tokio::test]
async fn the_swagger_link_goes_to_the_dashboard_address() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    // Skiff is served at the root of the origin that also answers the API (a proxy in front
    // of Dokploy): Dokploy's pages are elsewhere, so Skiff asks rather than guess.
    b.open(&sandbox, &format!("#/i/{inst}/admin")).await;
    b.wait_for_text("[data-test=swagger-unknown]", "Set it under")
        .await;
    b.screenshot("walkthrough-swagger-unknown").await;
    assert!(!b.exists("[data-test=swagger-link]").await);

    b.open(&sandbox, "#/instances").await;
    b.click("[data-test=manage]").await;
    b.type_text("[data-test=dashboard-input]", "dokploy.example.com")
        .await;
    b.click("[data-test=dashboard-save]").await;
    b.wait_for_text("[data-test=dashboard-error]", "https://")
        .await;
    b.type_text(
        "[data-test=dashboard-input]",
        "https://dokploy.example.com/dashboard/projects",
    )
    .await;
    b.click("[data-test=dashboard-save]").await;
    // Checked when set: nothing answers there from this (offline) browser; saved all the same.
    b.wait_for_text(
        "[data-test=dashboard-unreachable]",
        "nothing answered at https://dokploy.example.com",
    )
    .await;
    b.screenshot("walkthrough-dashboard-address").await;

    b.open(&sandbox, &format!("#/i/{inst}/admin")).await;
    b.wait_for("[data-test=swagger-link]").await;
    let href = b
        .attr("[data-test=swagger-link]", "href")
        .await
        .unwrap_or_default();
    assert_eq!(href, "https://dokploy.example.com/swagger");
    let rel = b
        .attr("[data-test=swagger-link]", "rel")
        .await
        .unwrap_or_default();
    assert!(
        rel.contains("noopener") && rel.contains("noreferrer"),
        "{rel}"
    );
    b.wait_for_text("[data-test=swagger]", "signed in to Dokploy")
        .await;
    b.close().await;
}

#[tokio::test]
async fn a_new_application_says_it_has_no_source_yet() {
    let sandbox = Sandbox::start().await;
    let id = new_application(&sandbox, "fresh-app").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/application/{id}"))
        .await;
    b.wait_for_text("[data-test=overview-source]", "No source yet")
        .await;
    b.wait_for("[data-test=source-none]").await;
    let text = b.page_text().await;
    assert!(!text.contains("Connected through"), "{text}");
    assert!(!text.contains("on branch ."), "{text}");
    // The choices are offered: a Docker image is set from here.
    b.type_text("#docker-image", "nginx:1.27").await;
    b.click("[data-test=source-save]").await;
    b.wait_for_text("[data-test=overview-source]", "Docker image nginx:1.27")
        .await;
    assert!(!b.exists("[data-test=source-none]").await);
    b.close().await;
}

#[tokio::test]
async fn the_deploy_note_follows_its_deployment_and_actions_follow_the_status() {
    let sandbox = Sandbox::start_with(&["--deploy-step-ms", "700"]).await;
    let flaky = sandbox.service("flaky-worker").await;
    let api = sandbox.service("checkout-api").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;

    // A failing deploy: the note goes from queued to failed, beside the Error badge, and the
    // last deployment follows without a manual refresh.
    open_service(&b, &sandbox, &inst, &flaky, "").await;
    b.click(".service-head [data-test=action-deploy]").await;
    b.wait_for("[data-test=action-note]").await;
    b.wait_for("[data-test=action-note][data-state=error]")
        .await;
    b.wait_for_text("[data-test=action-note]", "The deployment failed")
        .await;
    b.wait_for_text(".service-head [data-test=service-status]", "Error")
        .await;
    let overview = b.text("[data-test=overview]").await;
    assert!(overview.contains("Failed"), "{overview}");
    b.screenshot("walkthrough-deploy-failed").await;

    // A deploy that works ends "Deployed.", and a running app offers Redeploy, Reload, Stop.
    open_service(&b, &sandbox, &inst, &api, "").await;
    b.click(".service-head [data-test=action-deploy]").await;
    b.wait_for("[data-test=action-note][data-state=done]").await;
    b.wait_for_text("[data-test=action-note]", "Deployed.")
        .await;
    let head = ".service-head [data-test=service-actions]";
    b.wait_for(&format!("{head} [data-test=action-reload]"))
        .await;
    assert!(b.exists(&format!("{head} [data-test=action-stop]")).await);
    assert!(
        b.exists(&format!("{head} [data-test=action-redeploy]"))
            .await
    );
    assert!(!b.exists(&format!("{head} [data-test=action-start]")).await);
    assert_eq!(sandbox.calls("application.deploy").await, 2);

    // Stopped (idle): Deploy and Start only, in the header and on the project's row alike.
    sandbox
        .api_post("application.stop", json!({"applicationId": api.id}))
        .await;
    b.reload().await;
    b.wait_for_text(".service-head [data-test=service-status]", "Idle")
        .await;
    assert_eq!(
        buttons(&b, head).await,
        vec!["action-deploy", "action-start"]
    );
    b.open(
        &sandbox,
        &format!(
            "#/i/{inst}/project/{}?env={}",
            api.project_id, api.environment_id
        ),
    )
    .await;
    let row = format!(
        "[data-test=service-row][data-name=\"{}\"] [data-test=service-actions]",
        api.name
    );
    b.wait_for(&row).await;
    assert_eq!(
        buttons(&b, &row).await,
        vec!["action-deploy", "action-start"]
    );
    b.close().await;
}

#[tokio::test]
async fn phone_pages_fit_and_the_doctor_leads_back_to_its_instance() {
    let sandbox = Sandbox::start().await;
    let api = sandbox.service("checkout-api").await;
    let b = Browser::start_with(PHONE).await;
    let inst = b.connect(&sandbox).await;
    let fits = "document.documentElement.scrollWidth <= window.innerWidth";
    for tab in ["", "logs"] {
        open_service(&b, &sandbox, &inst, &api, tab).await;
        b.wait_for("[data-test=tab-logs]").await;
        // Every tab is whole on screen: none cut at the edge, no hidden scrolling.
        let cut = b
            .js(
                "const w = window.innerWidth; return [...document.querySelectorAll('.tabs a')].filter(a => { const r = a.getBoundingClientRect(); return r.right > w + 0.5 || r.left < -0.5; }).map(a => a.innerText);",
                vec![],
            )
            .await;
        assert_eq!(cut, json!([]), "tabs cut on a phone");
        let nav = b
            .js(
                "const n = document.querySelector('.tabs'); return n.scrollWidth <= n.clientWidth;",
                vec![],
            )
            .await;
        assert_eq!(nav, json!(true), "the tab bar scrolls sideways");
        let rows = b
            .js("return new Set([...document.querySelectorAll('.tabs a')].map(a => Math.round(a.getBoundingClientRect().top))).size;", vec![])
            .await;
        // Up to six tabs share one row; more make even rows of four (an application's eleven:
        // three rows).
        let tabs = b.find_all(".tabs a").await.len();
        assert_eq!(
            rows,
            json!(if tabs <= 6 { 1 } else { tabs.div_ceil(4) }),
            "{tabs} tabs at 390 px"
        );
        assert_eq!(b.js(&format!("return {fits};"), vec![]).await, json!(true));
    }
    b.screenshot("walkthrough-phone-tabs").await;
    // The top bar does not overhang on any page.
    for fragment in [
        format!("#/i/{inst}/projects"),
        format!("#/i/{inst}/admin"),
        format!("#/i/{inst}/doctor"),
        "#/instances".to_string(),
    ] {
        b.open(&sandbox, &fragment).await;
        b.wait_for("main .page-head").await;
        let over = b
            .js(
                "const w = window.innerWidth; return [...document.querySelectorAll('.topbar, .topbar > *')].filter(e => e.getBoundingClientRect().right > w + 0.5).map(e => e.className || e.tagName);",
                vec![],
            )
            .await;
        assert_eq!(over, json!([]), "{fragment}: top bar overhangs");
        let nav = b
            .js("const n = document.querySelector('.topbar__nav'); return n.scrollWidth - n.clientWidth;", vec![])
            .await;
        assert_eq!(nav, json!(0), "{fragment}: the top navigation overhangs");
        assert_eq!(
            b.js(&format!("return {fits};"), vec![]).await,
            json!(true),
            "{fragment}"
        );
    }
    // The doctor's breadcrumb leads to this instance, not to the list of all.
    b.open(&sandbox, &format!("#/i/{inst}/doctor")).await;
    b.wait_for("[data-test=crumbs] a").await;
    let href = b
        .attr("[data-test=crumbs] a", "href")
        .await
        .unwrap_or_default();
    assert!(href.ends_with(&format!("#/i/{inst}/projects")), "{href}");
    b.close().await;
}

/// Issue 24: an empty instance and a service never deployed each offer the button that does
/// the next step.
#[tokio::test]
async fn empty_states_offer_the_next_step() {
    let empty = Sandbox::start_with(&["--seed-projects", "0"]).await;
    let b = Browser::start().await;
    b.connect(&empty).await;
    b.wait_for_text("[data-test=no-projects]", "No projects yet")
        .await;
    b.screenshot("empty-instance").await;
    b.click("[data-test=create-first-project]").await;
    b.wait_for("#project-name").await;
    b.close().await;

    let sandbox = Sandbox::start().await;
    let id = new_application(&sandbox, "never-deployed").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(
        &sandbox,
        &format!("#/i/{inst}/application/{id}/deployments"),
    )
    .await;
    b.wait_for("[data-test=no-deployments] [data-test=deploy-first]")
        .await;
    b.screenshot("never-deployed").await;
    // It presses the page's own Deploy: one request, and the deployment follows.
    b.click("[data-test=deploy-first]").await;
    b.wait_for("[data-test=deployment-row]").await;
    assert_eq!(sandbox.calls("application.deploy").await, 1);
    b.close().await;
}

/// Creates an application with nothing set (no source, never deployed) beside checkout-api;
/// its id.
async fn new_application(sandbox: &Sandbox, name: &str) -> String {
    let env = sandbox.service("checkout-api").await.environment_id;
    let created = sandbox
        .api_post(
            "application.create",
            json!({"name": name, "appName": name, "environmentId": env}),
        )
        .await;
    created["applicationId"]
        .as_str()
        .expect("created")
        .to_string()
}
