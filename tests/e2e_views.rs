//! End-to-end tests of the project, environment and service views (issue #4) in headless
//! Chromium against the release build and a sandbox: the project view (environments, quick
//! actions, create dialogs with local and server-side validation), the application page (every
//! tab: settings, env editor, domains, deployments with a live log, logs), compose and database
//! pages, deleting, the phone layout, and screenshots of every page at 1280 and 390 px.

mod common;

use std::time::Duration;

use common::*;

fn project_id(projects: &[Json], name: &str) -> String {
    projects
        .iter()
        .find(|p| p.get("name").and_then(Json::as_str) == Some(name))
        .and_then(|p| p.get("projectId").and_then(Json::as_str))
        .unwrap_or_else(|| panic!("no demo project {name}"))
        .to_string()
}

/// How many times the sandbox answered `procedure` so far.
fn row(name: &str) -> String {
    format!("[data-test=service-row][data-name=\"{name}\"]")
}

/// Opens the shared variables behind `button` (editor `test`), types `text` in text mode, takes
/// the screenshot `shot` if asked, and saves.
async fn save_shared_variables(
    b: &Browser,
    button: &str,
    test: &str,
    text: &str,
    shot: Option<&str>,
) {
    b.click(button).await;
    let editor = format!("[data-test={test}]");
    b.click(&format!("{editor} [data-test={test}-text-mode]"))
        .await;
    b.type_text(&format!("{editor} [data-test={test}-text]"), text)
        .await;
    if let Some(name) = shot {
        b.screenshot(name).await;
    }
    b.click(&format!("{editor} [data-test=env-save]")).await;
    b.wait_for(&format!("{editor} [data-test=env-saved]")).await;
}

/// The text of `[data-test={test}]` in the row of service `name`, or null where it has none.
async fn row_text(b: &Browser, name: &str, test: &str) -> Json {
    b.js(
        "const r = document.querySelector(arguments[0]); const l = r && r.querySelector(arguments[1]); return l ? l.textContent : null;",
        vec![json!(row(name)), json!(format!("[data-test={test}]"))],
    )
    .await
}

async fn open_project(b: &Browser, sandbox: &Sandbox, inst: &str, name: &str) {
    let projects = sandbox.projects().await;
    let id = project_id(&projects, name);
    b.open(sandbox, &format!("#/i/{inst}/project/{id}")).await;
    b.wait_for("[data-test=service-row], [data-test=no-services]")
        .await;
}

async fn open_service(b: &Browser, sandbox: &Sandbox, inst: &str, s: &ServiceRef, tab: &str) {
    b.open(sandbox, &format!("#/i/{inst}/{}/{}/{tab}", s.kind, s.id))
        .await;
    b.wait_for("[data-test=service-title]").await;
}

/// Clicks the element `css` several times within one task, as fast as a double click.
async fn rapid_clicks(b: &Browser, css: &str, n: u32) {
    b.wait_for(css).await;
    b.js(
        "const el = document.querySelector(arguments[0]); for (let i = 0; i < arguments[1]; i++) el.click(); return true;",
        vec![json!(css), json!(n)],
    )
    .await;
}

async fn no_sideways_scroll(b: &Browser, what: &str) {
    let wide = b
        .js(
            "return document.documentElement.scrollWidth - window.innerWidth;",
            vec![],
        )
        .await
        .as_i64()
        .unwrap_or(0);
    assert!(
        wide <= 1,
        "{what} scrolls sideways by {wide}px at phone width"
    );
}

// ---------------------------------------------------------------------------------------------
// Project view

#[tokio::test]
async fn project_view_lists_services_and_switches_environments() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_project(&b, &sandbox, &inst, "shop").await;
    assert_eq!(b.text("[data-test=project-title]").await, "shop");
    let rows = b.find_all("[data-test=service-row]").await;
    assert_eq!(rows.len(), 6, "production has six services");
    // Everything runs on Dokploy's own server: no server filter, no server named.
    assert!(!b.exists("[data-test=service-server]").await);
    assert!(!b.exists("[data-test=row-server]").await);
    for (name, kind, status) in [
        ("checkout-api", "application", "Running"),
        ("flaky-worker", "application", "Error"),
        ("monitoring", "compose", "Running"),
        ("shop-db", "postgres", "Running"),
        ("shop-cache", "redis", "Running"),
    ] {
        assert_eq!(b.attr(&row(name), "data-kind").await.as_deref(), Some(kind));
        let st = b
            .text(&format!("{} [data-test=service-status]", row(name)))
            .await;
        assert_eq!(st, status, "{name}");
    }
    // One project.one serves the whole list: no per-service requests.
    for p in [
        "application.one",
        "postgres.one",
        "redis.one",
        "compose.one",
    ] {
        assert_eq!(sandbox.calls(p).await, 0, "{p} was called");
    }
    assert!(sandbox.calls("project.one").await >= 1);

    // The environment switcher: staging, in the URL, surviving a reload.
    b.click_text("[data-test=env-tab]", "staging").await;
    b.wait_for_fragment("env=").await;
    b.wait_until("document.querySelectorAll('[data-test=service-row]').length === 2")
        .await;
    b.wait_for(&row("shop-db-staging")).await;
    b.reload().await;
    b.wait_for(&row("shop-db-staging")).await;
    let current = b.text("[data-test=env-tab][aria-current=page]").await;
    assert!(current.starts_with("staging"), "{current}");
    // A service links to its page, whose breadcrumbs lead back.
    b.click(&format!("{} .service-row__link", row("storefront")))
        .await;
    b.wait_for_text("[data-test=service-title]", "storefront")
        .await;
    let crumbs = b.text("[data-test=crumbs]").await;
    assert!(
        crumbs.contains("shop") && crumbs.contains("staging"),
        "{crumbs}"
    );
    b.click_text("[data-test=crumbs] a", "staging").await;
    b.wait_for(&row("shop-db-staging")).await;
    b.close().await;
}

/// Issue 24: the project page's filter box, type filter and sort, kept in the URL.
#[tokio::test]
async fn a_project_page_filters_and_sorts_its_services_in_the_url() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_project(&b, &sandbox, &inst, "shop").await;
    let shown = "document.querySelectorAll('[data-test=service-row]').length";
    b.wait_until(&format!("{shown} === 6")).await;
    // Every row's kind badge draws its kind's icon (a mask of an inline SVG).
    let icons = b
        .js(
            "return [...document.querySelectorAll('[data-test=service-row]')].map(r => {
               const i = r.querySelector('.badge--kind .kind-icon');
               const ok = i && i.getBoundingClientRect().width > 8
                 && getComputedStyle(i).maskImage.startsWith('url(\"data:image/svg+xml');
               return ok ? i.dataset.kind : 'none';
             }).sort().join(' ');",
            vec![],
        )
        .await;
    assert_eq!(
        icons,
        json!("application application application compose postgres redis")
    );
    // The type filter counts each kind.
    let kinds = b
        .js(
            "return [...document.querySelectorAll('[data-test=service-kind] option')].map((o) => o.textContent);",
            vec![],
        )
        .await;
    let kinds = kinds.to_string();
    assert!(kinds.contains("Any type (6)"), "{kinds}");
    assert!(kinds.contains("Application (3)"), "{kinds}");
    assert!(kinds.contains("PostgreSQL (1)"), "{kinds}");
    // Each application and compose service links its first domain (asked per service: the
    // project's answer has none), and the filter finds a service by any of its domains.
    let link = format!("{} [data-test=row-domain]", row("storefront"));
    b.wait_for_text(&link, "shop.acme.test").await;
    assert_eq!(
        b.attr(&link, "href").await.as_deref(),
        Some("https://shop.acme.test")
    );
    assert_eq!(b.attr(&link, "target").await.as_deref(), Some("_blank"));
    assert!(
        !b.exists(&format!("{} [data-test=row-domain]", row("shop-db")))
            .await
    );
    b.type_text("[data-test=service-filter]", "api.shop.acme")
        .await;
    b.wait_until(&format!("{shown} === 1")).await;
    b.wait_for(&row("checkout-api")).await;
    b.type_text("[data-test=service-filter]", "www.shop").await;
    b.wait_until(&format!("{shown} === 1")).await;
    b.wait_for(&row("storefront")).await;
    b.screenshot("project-filter-domain").await;
    // Text: in the URL, through a reload, and "All shown" chooses only what is shown.
    b.type_text("[data-test=service-filter]", "CACHE").await;
    b.wait_until(&format!("{shown} === 1")).await;
    b.wait_for(&row("shop-cache")).await;
    b.wait_for_fragment("q=CACHE").await;
    b.reload().await;
    b.wait_for(&row("shop-cache")).await;
    b.wait_until(&format!("{shown} === 1")).await;
    assert_eq!(
        b.js(
            "return document.querySelector('[data-test=service-filter]').value;",
            vec![]
        )
        .await,
        json!("CACHE")
    );
    assert_eq!(
        b.text("label:has([data-test=choose-all])").await,
        "All 1 shown"
    );
    // Nothing matches: said, with the way back.
    b.type_text("[data-test=service-filter]", "no such service")
        .await;
    b.wait_for("[data-test=no-match]").await;
    b.screenshot("project-filter-none").await;
    b.click("[data-test=clear-filter]").await;
    b.wait_until(&format!("{shown} === 6")).await;
    // Type: only databases of that kind.
    b.select("[data-test=service-kind]", "postgres").await;
    b.wait_until(&format!("{shown} === 1")).await;
    b.wait_for(&row("shop-db")).await;
    b.wait_for_fragment("kind=postgres").await;
    // Sort by status: the failed service first.
    b.select("[data-test=service-kind]", "").await;
    b.select("[data-test=service-sort]", "status").await;
    b.wait_for_fragment("sort=status").await;
    b.wait_until(&format!("{shown} === 6")).await;
    b.wait_until(
        "document.querySelector('[data-test=service-row]').dataset.name === 'flaky-worker'",
    )
    .await;
    b.screenshot("project-filter-status").await;
    b.reload().await;
    b.wait_until(
        "document.querySelector('[data-test=service-row]')?.dataset.name === 'flaky-worker'",
    )
    .await;
    assert_eq!(
        b.js(
            "return document.querySelector('[data-test=service-sort]').value;",
            vec![]
        )
        .await,
        json!("status")
    );
    // Each application and compose service tells its last deployment (one
    // deployment.allCentralized for the instance); the databases have none.
    b.wait_for(&format!("{} [data-test=last-deploy]", row("flaky-worker")))
        .await;
    assert_eq!(
        row_text(&b, "flaky-worker", "last-deploy").await,
        json!("Failed yesterday")
    );
    let deployed = row_text(&b, "checkout-api", "last-deploy").await;
    assert!(
        deployed
            .as_str()
            .is_some_and(|t| t.starts_with("Deployed ") && t.ends_with(" h ago")),
        "{deployed}"
    );
    assert_eq!(row_text(&b, "shop-db", "last-deploy").await, json!(null));
    assert_eq!(
        sandbox.calls("deployment.all").await,
        0,
        "no request per service"
    );
    // Sorted by the last deployment: the newest first, the never deployed last.
    b.select("[data-test=service-sort]", "deployed").await;
    b.wait_for_fragment("sort=deployed").await;
    b.wait_until(
        "[...document.querySelectorAll('[data-test=service-row]')].slice(0, 3).map(r => r.dataset.name).join() === 'storefront,checkout-api,flaky-worker'",
    )
    .await;
    b.screenshot("project-sort-deployed").await;
    b.select("[data-test=service-sort]", "status").await;
    b.wait_for_fragment("sort=status").await;
    // On a phone: the filter row wraps and nothing scrolls sideways.
    let url = b.fragment().await;
    b.close().await;
    let phone = Browser::start_with(PHONE).await;
    phone.connect(&sandbox).await;
    phone.open(&sandbox, &url).await;
    phone
        .wait_until(
            "document.querySelector('[data-test=service-row]')?.dataset.name === 'flaky-worker'",
        )
        .await;
    no_sideways_scroll(&phone, "the project page's filters").await;
    phone.screenshot("project-filter-phone").await;
    phone.close().await;
}

#[tokio::test]
async fn a_loading_project_keeps_its_layout() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let projects = sandbox.projects().await;
    let id = project_id(&projects, "shop");
    sandbox.set_faults("project.one:latency=2500:1").await;
    b.open(&sandbox, &format!("#/i/{inst}/project/{id}")).await;
    b.wait_for("[data-test=project-skeleton]").await;
    let top =
        "return Math.round(document.querySelector(arguments[0]).getBoundingClientRect().top);";
    let before = b
        .js(top, vec![json!(".service-list")])
        .await
        .as_i64()
        .unwrap_or(0);
    b.screenshot("project-loading").await;
    b.wait_for("[data-test=service-row]").await;
    assert!(!b.exists("[data-test=project-skeleton]").await);
    let after = b
        .js(top, vec![json!("[data-test=service-list]")])
        .await
        .as_i64()
        .unwrap_or(0);
    assert!(
        (after - before).abs() <= 24,
        "the list moved from {before} to {after} px when the project arrived"
    );
    sandbox.set_faults("").await;
}

/// Issue 24 point 5: a service page that waits for its service shows the card it will draw, in
/// grey, with the loading line: the page does not jump when the service arrives.
#[tokio::test]
async fn a_loading_service_keeps_its_layout() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;
    sandbox.set_faults("application.one:latency=2500:1").await;
    b.open(&sandbox, &format!("#/i/{inst}/application/{}", app.id))
        .await;
    b.wait_for("[data-test=service-loading] .spinner-line")
        .await;
    let first_card = "const c = document.querySelector('main .card'); return [c.dataset.test || '', Math.round(c.getBoundingClientRect().top)];";
    let before = b.js(first_card, vec![]).await;
    assert_eq!(before[0], json!("service-loading"), "{before}");
    b.screenshot("service-loading").await;
    b.wait_gone("[data-test=service-loading]").await;
    let after = b.js(first_card, vec![]).await;
    let (top0, top1) = (
        before[1].as_i64().unwrap_or(0),
        after[1].as_i64().unwrap_or(0),
    );
    assert!(
        (top1 - top0).abs() <= 4,
        "the first card moved from {top0} to {top1} px when the service arrived"
    );
    sandbox.set_faults("").await;
}

#[tokio::test]
async fn services_on_a_remote_server_are_named_and_filtered_by_server() {
    let sandbox = Sandbox::start_with(&["--remote-server"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_project(&b, &sandbox, &inst, "shop").await;
    b.wait_for("[data-test=row-server]").await;
    assert_eq!(
        row_text(&b, "storefront", "row-server").await,
        json!("edge-1")
    );
    assert_eq!(
        row_text(&b, "monitoring", "row-server").await,
        json!("edge-1")
    );
    assert_eq!(row_text(&b, "shop-db", "row-server").await, json!(null));
    let options = b
        .js("return [...document.querySelectorAll('[data-test=service-server] option')].map(o => o.textContent);", vec![])
        .await;
    assert_eq!(
        options,
        json!(["Any server (6)", "Dokploy's own (4)", "edge-1 (2)"])
    );
    let names =
        "[...document.querySelectorAll('[data-test=service-row]')].map(r => r.dataset.name).join()";
    b.select("[data-test=service-server]", "edge-1").await;
    b.wait_for_fragment("server=edge-1").await;
    b.wait_until(&format!("{names} === 'storefront,monitoring'"))
        .await;
    assert_eq!(
        b.text("label:has([data-test=choose-all])").await,
        "All 2 shown"
    );
    b.screenshot("project-server-filter").await;
    b.reload().await;
    b.wait_until(&format!("{names} === 'storefront,monitoring'"))
        .await;
    b.select("[data-test=service-server]", "-").await;
    b.wait_until(&format!(
        "{names} === 'checkout-api,flaky-worker,shop-db,shop-cache'"
    ))
    .await;
    assert!(!b.exists("[data-test=row-server]").await);
    // On a phone: three selects and the box wrap; nothing scrolls sideways.
    let url = b.fragment().await;
    b.close().await;
    let phone = Browser::start_with(PHONE).await;
    phone.connect(&sandbox).await;
    phone.open(&sandbox, &url).await;
    phone.wait_for("[data-test=service-row]").await;
    no_sideways_scroll(&phone, "the project page's server filter").await;
    phone.screenshot("project-server-filter-phone").await;
    phone.close().await;
}

#[tokio::test]
async fn legacy_project_has_no_environment_switcher() {
    let sandbox = Sandbox::start_with(&["--legacy"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let projects = sandbox.projects().await;
    let id = projects[0]["projectId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    b.open(&sandbox, &format!("#/i/{inst}/project/{id}")).await;
    b.wait_for("[data-test=service-row]").await;
    assert!(!b.exists("[data-test=env-switcher]").await);
    assert!(!b.exists("[data-test=new-environment]").await);
    // No deployments listed at once before v0.28.3: no last deployment, no sort by it, and
    // no request per service to make them up.
    let sorts = b
        .js("return [...document.querySelectorAll('[data-test=service-sort] option')].map(o => o.value);", vec![])
        .await;
    assert_eq!(sorts, json!(["", "name", "status", "newest"]));
    assert!(!b.exists("[data-test=last-deploy]").await);
    assert_eq!(sandbox.calls("deployment.allCentralized").await, 0);
    // Services are created on the project itself (projectId), with what 2024 Dokploy requires.
    b.click("[data-test=new-service]").await;
    b.click("[data-test=kind-mysql]").await;
    b.type_text("[data-test=field-name]", "legacy-db").await;
    b.type_text("[data-test=field-databaseName]", "app").await;
    b.type_text("[data-test=field-databaseUser]", "app").await;
    b.click("[data-test=create-service]").await;
    b.wait_gone("[data-test=new-service-dialog]").await;
    b.wait_for(&row("legacy-db")).await;
    // No environment actions, but the project's own variables (`project.update` in 2024 too).
    assert!(!b.exists("[data-test=env-actions]").await);
    save_shared_variables(
        &b,
        "[data-test=project-variables]",
        "project-shared",
        "REGION=eu",
        None,
    )
    .await;
    let project = sandbox.api(&format!("project.one?projectId={id}")).await;
    assert_eq!(project["env"], json!("REGION=eu"));
    b.close().await;
}

#[tokio::test]
async fn deploy_from_the_project_view_sends_one_request() {
    let sandbox = Sandbox::start_with(&["--deploy-step-ms", "1500"]).await;
    let api = sandbox.service("checkout-api").await;
    let before = sandbox
        .api(&format!("deployment.all?applicationId={}", api.id))
        .await
        .as_array()
        .map_or(0, Vec::len);
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_project(&b, &sandbox, &inst, "shop").await;
    let deploy = format!("{} [data-test=action-deploy]", row("checkout-api"));
    rapid_clicks(&b, &deploy, 3).await;
    b.wait_for_text(
        &format!("{} [data-test=service-status]", row("checkout-api")),
        "Deploying",
    )
    .await;
    b.wait_for_text(
        &format!("{} [data-test=service-status]", row("checkout-api")),
        "Running",
    )
    .await;
    assert_eq!(
        sandbox.calls("application.deploy").await,
        1,
        "a triple click deploys once"
    );
    let after = sandbox
        .api(&format!("deployment.all?applicationId={}", api.id))
        .await
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(after, before + 1);
    b.close().await;
}

#[tokio::test]
async fn stop_asks_for_confirmation_and_start_brings_it_back() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_project(&b, &sandbox, &inst, "shop").await;
    let r = row("shop-cache");
    b.click(&format!("{r} [data-test=action-stop]")).await;
    b.wait_for_text(".dialog h2", "Stop shop-cache?").await;
    b.click_text(".dialog button", "Cancel").await;
    b.wait_gone(".dialog").await;
    assert_eq!(sandbox.calls("redis.stop").await, 0, "cancel sends nothing");
    b.click(&format!("{r} [data-test=action-stop]")).await;
    b.click("[data-test=confirm-button]").await;
    b.wait_gone(".dialog").await;
    b.wait_for_text(&format!("{r} [data-test=service-status]"), "Idle")
        .await;
    assert_eq!(sandbox.calls("redis.stop").await, 1);
    // A failed start says which service and what happened, and can be dismissed; the row
    // can act again.
    sandbox.set_faults("redis.start:500:1").await;
    b.click(&format!("{r} [data-test=action-start]")).await;
    b.wait_for("[data-test=action-error]").await;
    let error = b.text("[data-test=action-error]").await;
    assert!(error.starts_with("Start of shop-cache failed."), "{error}");
    b.screenshot("project-row-error").await;
    b.click_text("[data-test=action-error] button", "Dismiss")
        .await;
    b.wait_gone("[data-test=action-error]").await;
    sandbox.set_faults("").await;
    b.click(&format!("{r} [data-test=action-start]")).await;
    b.wait_for_text(&format!("{r} [data-test=service-status]"), "Running")
        .await;
    assert!(!b.exists("[data-test=action-error]").await);
    b.close().await;
}

#[tokio::test]
async fn create_service_dialog_checks_fields_and_shows_server_errors_on_them() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_project(&b, &sandbox, &inst, "shop").await;
    b.click("[data-test=new-service]").await;
    b.wait_for("[data-test=kind-picker]").await;
    b.click("[data-test=kind-postgres]").await;
    // A password is generated for databases.
    assert!(!b
        .value("[data-test=field-databasePassword]")
        .await
        .is_empty());
    // Empty required fields: errors on them, nothing sent.
    b.click("[data-test=create-service]").await;
    for f in ["name", "appName", "databaseName", "databaseUser"] {
        b.wait_for(&format!("[data-test=error-{f}]")).await;
    }
    assert_eq!(sandbox.calls("postgres.create").await, 0);
    // The app name follows the name; Dokploy's patterns are checked before sending.
    b.type_text("[data-test=field-name]", "Orders DB").await;
    assert_eq!(b.value("[data-test=field-appName]").await, "shop-orders-db");
    b.type_text("[data-test=field-databaseName]", "orders")
        .await;
    b.type_text("[data-test=field-databaseUser]", "orders")
        .await;
    b.type_text("[data-test=field-databasePassword]", "bad'quote")
        .await;
    b.click("[data-test=create-service]").await;
    b.wait_for_text(
        "[data-test=error-databasePassword]",
        "Password contains invalid characters",
    )
    .await;
    assert!(!b.exists("[data-test=error-name]").await);
    assert_eq!(sandbox.calls("postgres.create").await, 0);
    // The server rejects a field: its message lands on that field, nothing typed is lost.
    b.type_text("[data-test=field-databasePassword]", "Good_pw_2024")
        .await;
    sandbox
        .set_faults("postgres.create:invalid=databaseName:1")
        .await;
    b.click("[data-test=create-service]").await;
    b.wait_for_text("[data-test=error-databaseName]", "injected")
        .await;
    assert_eq!(sandbox.calls("postgres.create").await, 1);
    assert_eq!(b.value("[data-test=field-name]").await, "Orders DB");
    assert_eq!(
        b.value("[data-test=field-databasePassword]").await,
        "Good_pw_2024"
    );
    b.screenshot("views-create-dialog-error").await;
    // Fixed on the server: created, listed, the dialog closes.
    sandbox.set_faults("").await;
    b.click("[data-test=create-service]").await;
    b.wait_gone("[data-test=new-service-dialog]").await;
    b.wait_for("[data-test=created-note]").await;
    b.wait_for(&row("Orders DB")).await;
    assert_eq!(
        b.attr(&row("Orders DB"), "data-kind").await.as_deref(),
        Some("postgres")
    );
    // And an application, through the kind picker again.
    b.click("[data-test=new-service]").await;
    b.click("[data-test=kind-application]").await;
    b.type_text("[data-test=field-name]", "api-gateway").await;
    b.click("[data-test=create-service]").await;
    b.wait_for(&row("api-gateway")).await;
    b.click_text("[data-test=created-note] a", "Open api-gateway")
        .await;
    b.wait_for_text("[data-test=service-title]", "api-gateway")
        .await;
    b.close().await;
}

#[tokio::test]
async fn create_environment_opens_it() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_project(&b, &sandbox, &inst, "blog").await;
    b.click("[data-test=new-environment]").await;
    b.type_text("[data-test=field-env-name]", "Production")
        .await;
    b.click("[data-test=create-environment]").await;
    b.wait_for_text(
        "[data-test=new-environment-dialog] .field__error",
        "already has",
    )
    .await;
    assert_eq!(sandbox.calls("environment.create").await, 0);
    b.type_text("[data-test=field-env-name]", "qa").await;
    b.click("[data-test=create-environment]").await;
    b.wait_gone("[data-test=new-environment-dialog]").await;
    b.wait_for_text("[data-test=env-tab][aria-current=page]", "qa")
        .await;
    b.wait_for_text("[data-test=no-services]", "No services in qa yet")
        .await;
    assert!(b.fragment().await.contains("env="));
    b.close().await;
}

#[tokio::test]
async fn project_and_environment_variables_save_and_an_environment_is_renamed_and_deleted() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let projects = sandbox.projects().await;
    let pid = project_id(&projects, "blog");
    let qa = sandbox
        .api_post(
            "environment.create",
            json!({"name": "qa", "projectId": pid}),
        )
        .await;
    let eid = qa["environmentId"]
        .as_str()
        .expect("an environment id")
        .to_string();
    open_project(&b, &sandbox, &inst, "blog").await;
    // Project-wide variables.
    save_shared_variables(
        &b,
        "[data-test=project-variables]",
        "project-shared",
        "REGION=eu-west",
        None,
    )
    .await;
    let project = sandbox
        .request("GET", &format!("/api/project.one?projectId={pid}"), None)
        .await
        .json();
    assert_eq!(project["env"], json!("REGION=eu-west"));
    b.click("[data-test=project-variables]").await;
    b.wait_gone("[data-test=project-shared]").await;
    // The default environment shares variables but keeps its name and cannot be deleted.
    b.wait_for("[data-test=env-actions] [data-test=env-variables]")
        .await;
    assert!(!b.exists("[data-test=env-rename]").await);
    assert!(!b.exists("[data-test=env-delete]").await);

    b.click_text("[data-test=env-tab]", "qa").await;
    b.wait_for_text("[data-test=env-tab][aria-current=page]", "qa")
        .await;
    // Shared variables, saved as text.
    save_shared_variables(
        &b,
        "[data-test=env-variables]",
        "env-shared",
        "API_URL=https://api.example.com",
        Some("views-environment-variables-desktop"),
    )
    .await;
    let saved = sandbox
        .request(
            "GET",
            &format!("/api/environment.one?environmentId={eid}"),
            None,
        )
        .await
        .json();
    assert_eq!(saved["env"], json!("API_URL=https://api.example.com"));

    // Rename: a name another environment has is refused before anything is sent.
    b.click("[data-test=env-rename]").await;
    b.type_text("[data-test=field-env-rename]", "production")
        .await;
    b.click("[data-test=save-environment]").await;
    b.wait_for_text(
        "[data-test=rename-environment-dialog] .field__error",
        "already has",
    )
    .await;
    assert_eq!(
        sandbox.calls("environment.update").await,
        1,
        "only the variables' save"
    );
    b.type_text("[data-test=field-env-rename]", "preview").await;
    b.click("[data-test=save-environment]").await;
    b.wait_gone("[data-test=rename-environment-dialog]").await;
    b.wait_for_text("[data-test=env-tab][aria-current=page]", "preview")
        .await;
    b.screenshot("views-environment-actions-desktop").await;

    // Delete: the button waits for the environment's name.
    b.click("[data-test=env-delete]").await;
    let confirm = "[data-test=confirm-button]";
    b.wait_for(confirm).await;
    assert!(
        b.attr(confirm, "disabled").await.is_some(),
        "disabled until the name is typed"
    );
    b.type_text("[data-test=confirm-input]", "preview").await;
    b.click(confirm).await;
    b.wait_for_text("[data-test=env-tab][aria-current=page]", "production")
        .await;
    assert!(!b.fragment().await.contains(&eid));
    let tabs = b
        .js("return [...document.querySelectorAll('[data-test=env-tab]')].map(t => t.firstChild.textContent)", vec![])
        .await;
    assert!(!tabs.to_string().contains("preview"), "{tabs}");
    assert_eq!(sandbox.calls("environment.remove").await, 1);
    b.close().await;
}

#[tokio::test]
async fn a_project_is_renamed_and_deleted_from_its_own_page() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_project(&b, &sandbox, &inst, "blog").await;
    b.click("[data-test=rename-project]").await;
    b.type_text("#rename-name", "journal").await;
    b.click(".dialog [type=submit]").await;
    b.wait_for_text("[data-test=project-title]", "journal")
        .await;
    b.click("[data-test=delete-project]").await;
    b.wait_for("[data-test=confirm-input]").await;
    assert!(
        b.attr("[data-test=confirm-button]", "disabled")
            .await
            .is_some(),
        "disabled until the name is typed"
    );
    b.type_text("[data-test=confirm-input]", "journal").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_for_fragment(&format!("#/i/{inst}/projects")).await;
    b.wait_for("[data-test=project-card]").await;
    let names: Vec<String> = sandbox
        .projects()
        .await
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect();
    assert!(
        !names.iter().any(|n| n == "journal" || n == "blog"),
        "{names:?}"
    );
    b.close().await;
}

// ---------------------------------------------------------------------------------------------
// Application page

#[tokio::test]
async fn application_settings_save_and_header_deploys_once() {
    let sandbox = Sandbox::start_with(&["--deploy-step-ms", "1500"]).await;
    let api = sandbox.service("checkout-api").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_service(&b, &sandbox, &inst, &api, "").await;
    b.wait_for_text(
        "[data-test=overview-source]",
        "ghcr.io/acme/checkout-api:1.14.2",
    )
    .await;
    // Source: a new image tag.
    b.type_text("#docker-image", "ghcr.io/acme/checkout-api:1.15.0")
        .await;
    b.click("[data-test=source-save]").await;
    b.wait_for("[data-test=source-saved]").await;
    let one = sandbox
        .api(&format!("application.one?applicationId={}", api.id))
        .await;
    assert_eq!(one["dockerImage"], "ghcr.io/acme/checkout-api:1.15.0");
    // Settings: a bad replica count is refused locally, a good one saved.
    b.type_text("#replicas", "many").await;
    b.click("[data-test=runtime-save]").await;
    b.wait_for_text("[data-test=runtime] .field__error", "Replicas")
        .await;
    b.type_text("#replicas", "3").await;
    b.click("[data-test=runtime-save]").await;
    b.wait_for("[data-test=runtime-saved]").await;
    let one = sandbox
        .api(&format!("application.one?applicationId={}", api.id))
        .await;
    assert_eq!(one["replicas"], 3);
    // Build type: static files from dist/.
    b.select("[data-test=field-build-type]", "static").await;
    b.type_text("#publish", "dist").await;
    b.click("[data-test=build-save]").await;
    b.wait_for("[data-test=build-saved]").await;
    let one = sandbox
        .api(&format!("application.one?applicationId={}", api.id))
        .await;
    assert_eq!(
        (one["buildType"].as_str(), one["publishDirectory"].as_str()),
        (Some("static"), Some("dist"))
    );
    // Header actions: a double click on Deploy deploys once; the status and the note follow
    // the deployment to its end, then Reload (offered while it runs) is there.
    rapid_clicks(&b, ".service-head [data-test=action-deploy]", 2).await;
    b.wait_for_text(".service-head [data-test=service-status]", "Running")
        .await;
    b.wait_for_text("[data-test=action-note]", "Deployed.")
        .await;
    assert_eq!(sandbox.calls("application.deploy").await, 1);
    b.js("window.scrollTo(0, 0); return true;", vec![]).await;
    b.click(".service-head [data-test=action-reload]").await;
    b.wait_for_text("[data-test=action-note]", "Reload requested")
        .await;
    assert_eq!(sandbox.calls("application.reload").await, 1);
    b.close().await;
}

#[tokio::test]
async fn env_editor_masks_secrets_keeps_edits_across_refreshes_and_saves() {
    let sandbox = Sandbox::start().await;
    let web = sandbox.service("storefront").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_service(&b, &sandbox, &inst, &web, "environment").await;
    let editor = "[data-test=env]";
    b.wait_for(&format!("{editor} [data-test=env-row]")).await;
    // Which values are masked.
    let masked: Vec<(String, String)> = {
        let v = b
            .js(
                "return [...document.querySelectorAll('[data-test=env] [data-test=env-row]')].map(r => [r.querySelector('[data-test=env-key]').value, r.querySelector('[data-test=env-value]').type]);",
                vec![],
            )
            .await;
        serde_json::from_value(v).unwrap_or_default()
    };
    let ty = |k: &str| {
        masked
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    assert_eq!(ty("NODE_ENV"), "text");
    assert_eq!(ty("NEXT_PUBLIC_API_URL"), "text");
    assert_eq!(ty("STRIPE_SECRET_KEY"), "password");
    assert_eq!(ty("API_TOKEN"), "password");
    assert_eq!(
        ty("DATABASE_URL"),
        "password",
        "a URL with a password is a secret"
    );
    assert!(
        !b.page_text().await.contains("sk_live_51Hdemo"),
        "no secret shown as text"
    );
    // Reveal one.
    b.click(&format!(
        "{editor} [data-test=env-row]:nth-child(5) [data-test=env-reveal]"
    ))
    .await;
    b.wait_until("document.querySelector('[data-test=env] [data-test=env-row]:nth-child(5) [data-test=env-value]').type === 'text'").await;

    // Edit: change a value, add a secret-looking variable (masked as it is named).
    b.type_text(
        &format!("{editor} [data-test=env-row]:nth-child(1) [data-test=env-value]"),
        "staging-test",
    )
    .await;
    b.click(&format!("{editor} [data-test=env-add]")).await;
    let new_row = format!("{editor} [data-test=env-row]:nth-child(6)");
    b.type_text(&format!("{new_row} [data-test=env-key]"), "NEW_TOKEN")
        .await;
    b.type_text(&format!("{new_row} [data-test=env-value]"), "abc123")
        .await;
    assert_eq!(
        b.attr(&format!("{new_row} [data-test=env-value]"), "type")
            .await
            .as_deref(),
        Some("password")
    );

    // Someone changes the variables on the server; a refresh arrives (Reload refreshes).
    sandbox
        .api_post(
            "application.saveEnvironment",
            json!({"applicationId": web.id, "env": "NODE_ENV=production\nFROM_ELSEWHERE=1", "buildArgs": "NODE_VERSION=22", "buildSecrets": null, "createEnvFile": true}),
        )
        .await;
    b.click(".service-head [data-test=action-reload]").await;
    b.wait_for_text(&format!("{editor} .alert--warn"), "Changed on the server")
        .await;
    assert_eq!(
        b.value(&format!(
            "{editor} [data-test=env-row]:nth-child(1) [data-test=env-value]"
        ))
        .await,
        "staging-test",
        "the edit survived the refresh"
    );
    b.screenshot("views-env-editor-stale").await;

    // Save: the server gets the edit, build args untouched.
    b.click(&format!("{editor} [data-test=env-save]")).await;
    b.wait_for(&format!("{editor} [data-test=env-saved]")).await;
    let one = sandbox
        .api(&format!("application.one?applicationId={}", web.id))
        .await;
    let env = one["env"].as_str().unwrap_or_default().to_string();
    assert!(env.contains("NODE_ENV=staging-test"), "{env}");
    assert!(env.contains("NEW_TOKEN=abc123"), "{env}");
    assert!(env.contains("STRIPE_SECRET_KEY=sk_live_"), "{env}");
    assert!(!env.contains("FROM_ELSEWHERE"), "{env}");
    assert_eq!(one["buildArgs"], "NODE_VERSION=22");

    // Text mode shows everything and saves too.
    b.click(&format!("{editor} [data-test=env-text-mode]"))
        .await;
    let text = b.value("[data-test=env-text]").await;
    assert!(text.contains("NEW_TOKEN=abc123"), "{text}");
    b.type_text("[data-test=env-text]", "A=1\n# note\nB=2")
        .await;
    b.click(&format!("{editor} [data-test=env-save]")).await;
    b.wait_for(&format!("{editor} [data-test=env-saved]")).await;
    let one = sandbox
        .api(&format!("application.one?applicationId={}", web.id))
        .await;
    assert_eq!(one["env"], "A=1\n# note\nB=2");
    b.close().await;
}

#[tokio::test]
async fn domains_are_added_edited_and_removed() {
    let sandbox = Sandbox::start().await;
    let web = sandbox.service("storefront").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_service(&b, &sandbox, &inst, &web, "domains").await;
    b.wait_for("[data-test=domain-row]").await;
    assert_eq!(b.find_all("[data-test=domain-row]").await.len(), 2);
    let link = "[data-test=domain-link]";
    assert_eq!(b.attr(link, "target").await.as_deref(), Some("_blank"));
    assert_eq!(
        b.attr(link, "rel").await.as_deref(),
        Some("noopener noreferrer")
    );
    let href = b.attr(link, "href").await.unwrap_or_default();
    assert!(href.starts_with("https://shop.acme.test"), "{href}");

    b.click("[data-test=add-domain]").await;
    b.click("[data-test=save-domain]").await;
    b.wait_for("[data-test=error-host]").await;
    b.type_text("[data-test=field-host]", "https://New.Shop.acme.test/")
        .await;
    b.click("[data-test=save-domain]").await;
    b.wait_gone("[data-test=domain-dialog]").await;
    b.wait_for_text("[data-test=domain-row]", "https://new.shop.acme.test")
        .await;

    let new_row = "[data-test=domain-row]:nth-child(3)";
    b.wait_for_text(new_row, "new.shop.acme.test").await;
    b.click(&format!("{new_row} [data-test=edit-domain]")).await;
    b.type_text("[data-test=field-port]", "8080").await;
    b.click("[data-test=save-domain]").await;
    b.wait_gone("[data-test=domain-dialog]").await;
    b.wait_for_text(new_row, "8080").await;

    b.click(&format!("{new_row} [data-test=remove-domain]"))
        .await;
    b.wait_for_text(".dialog h2", "Remove new.shop.acme.test?")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("document.querySelectorAll('[data-test=domain-row]').length === 2")
        .await;
    let list = sandbox
        .api(&format!("domain.byApplicationId?applicationId={}", web.id))
        .await;
    assert_eq!(list.as_array().map_or(0, Vec::len), 2);
    b.close().await;
}

#[tokio::test]
async fn failing_deploy_shows_its_log_live_and_ends_in_error() {
    let sandbox = Sandbox::start_with(&["--deploy-step-ms", "2000"]).await;
    let flaky = sandbox.service("flaky-worker").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_service(&b, &sandbox, &inst, &flaky, "deployments").await;
    b.wait_for("[data-test=deployment-row]").await;
    let before = b.find_all("[data-test=deployment-row]").await.len();
    b.click(".service-head [data-test=action-deploy]").await;
    // The new deployment appears running; open it.
    b.wait_for("[data-test=deployment-row][data-status=deploying]")
        .await;
    assert_eq!(
        b.find_all("[data-test=deployment-row]").await.len(),
        before + 1
    );
    b.click("[data-test=deployment-row][data-status=deploying] [data-test=open-deployment]")
        .await;
    b.wait_for_fragment("deployment=").await;
    b.wait_for_text("[data-test=deployment-status]", "Running")
        .await;
    // The log grows while it runs, and follows the tail.
    let lines = |t: String| t.lines().count();
    let first = lines(b.text("[data-test=deployment-log] [data-test=log]").await);
    b.wait_until(&format!(
        "document.querySelector('[data-test=deployment-log] [data-test=log]').innerText.split('\\n').length > {}",
        first + 1
    ))
    .await;
    b.wait_until("(() => { const l = document.querySelector('[data-test=deployment-log] [data-test=log]'); return l.scrollHeight <= l.clientHeight || l.scrollTop + l.clientHeight >= l.scrollHeight - 30; })()").await;
    b.screenshot("views-deployment-running").await;
    // It fails: status, log and the service's status say so.
    b.wait_for_text("[data-test=deployment-status]", "Failed")
        .await;
    b.wait_for_text(
        "[data-test=deployment-log] [data-test=log]",
        "Docker build failed",
    )
    .await;
    b.wait_for_text(".service-head [data-test=service-status]", "Error")
        .await;
    b.screenshot_full("views-deployment-failed").await;
    // Closing keeps the list; the URL drops the deployment.
    b.click("[data-test=close-deployment]").await;
    b.wait_gone("[data-test=deployment-log]").await;
    assert!(!b.fragment().await.contains("deployment="));
    b.close().await;
}

#[tokio::test]
async fn log_view_stops_following_when_scrolled_up() {
    let sandbox = Sandbox::start_with(&["--deploy-step-ms", "500"]).await;
    let api = sandbox.service("checkout-api").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_service(&b, &sandbox, &inst, &api, "logs").await;
    b.select("[data-test=logs-tail]", "1000").await;
    b.wait_until("document.querySelector('[data-test=logs] [data-test=log]').scrollHeight > document.querySelector('[data-test=logs] [data-test=log]').clientHeight").await;
    b.wait_until("(() => { const l = document.querySelector('[data-test=logs] [data-test=log]'); return l.scrollTop + l.clientHeight >= l.scrollHeight - 30; })()").await;
    b.js("document.querySelector('[data-test=logs] [data-test=log]').scrollTop = 0; document.querySelector('[data-test=logs] [data-test=log]').dispatchEvent(new Event('scroll')); return true;", vec![]).await;
    b.wait_for("[data-test=log-follow]").await;
    b.click("[data-test=log-follow]").await;
    b.wait_gone("[data-test=log-follow]").await;
    b.close().await;
}

#[tokio::test]
async fn logs_tab_filters_and_explains_failures() {
    let sandbox = Sandbox::start().await;
    let api = sandbox.service("checkout-api").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_service(&b, &sandbox, &inst, &api, "logs").await;
    b.wait_for_text("[data-test=logs] [data-test=log]", "GET /health")
        .await;
    b.type_text("[data-test=logs-search]", "health").await;
    b.click("[data-test=logs-apply]").await;
    b.wait_until("(() => { const t = document.querySelector('[data-test=logs] [data-test=log]').innerText.trim(); return t.length > 0 && t.split('\\n').every(l => l.includes('/health')); })()").await;
    // A search Dokploy would reject is refused before sending.
    b.type_text("[data-test=logs-search]", "a$b").await;
    assert_eq!(
        b.attr("[data-test=logs-apply]", "disabled")
            .await
            .as_deref(),
        Some("true")
    );
    // Dokploy failing (no Docker answers 500): explained, with Retry, and it recovers.
    sandbox.set_faults("application.readLogs:500:1").await;
    b.type_text("[data-test=logs-search]", "").await;
    b.click("[data-test=logs-apply]").await;
    b.select("[data-test=logs-since]", "1h").await;
    b.wait_for_text("[data-test=logs-error]", "Dokploy failed")
        .await;
    b.screenshot("views-logs-error").await;
    sandbox.set_faults("").await;
    b.click_text("[data-test=logs-error] button", "Retry").await;
    b.wait_gone("[data-test=logs-error]").await;
    b.wait_for_text("[data-test=logs] [data-test=log]", "GET")
        .await;
    b.close().await;
}

// ---------------------------------------------------------------------------------------------
// Compose and databases

#[tokio::test]
async fn compose_page_edits_its_file_env_domains_and_reads_logs() {
    let sandbox = Sandbox::start().await;
    let mon = sandbox.service("monitoring").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_service(&b, &sandbox, &inst, &mon, "").await;
    let file = b.value("[data-test=field-compose-file]").await;
    assert!(file.contains("prometheus"), "{file}");
    b.type_text(
        "[data-test=field-compose-file]",
        "services:\n  web:\n    image: nginx:1.27\n",
    )
    .await;
    b.click("[data-test=compose-file-save]").await;
    b.wait_for("[data-test=compose-file-saved]").await;
    let one = sandbox
        .api(&format!("compose.one?composeId={}", mon.id))
        .await;
    assert_eq!(
        one["composeFile"],
        "services:\n  web:\n    image: nginx:1.27\n"
    );

    b.click("[data-test=tab-environment]").await;
    b.wait_for("[data-test=env] [data-test=env-row]").await;
    assert_eq!(
        b.attr(
            "[data-test=env] [data-test=env-row]:nth-child(1) [data-test=env-value]",
            "type"
        )
        .await
        .as_deref(),
        Some("password"),
        "GRAFANA_PASSWORD is masked"
    );
    b.type_text(
        "[data-test=env] [data-test=env-row]:nth-child(2) [data-test=env-value]",
        "30d",
    )
    .await;
    b.click("[data-test=env] [data-test=env-save]").await;
    b.wait_for("[data-test=env] [data-test=env-saved]").await;
    let one = sandbox
        .api(&format!("compose.one?composeId={}", mon.id))
        .await;
    assert!(one["env"]
        .as_str()
        .unwrap_or_default()
        .contains("RETENTION=30d"));

    b.click("[data-test=tab-domains]").await;
    b.wait_for_text("[data-test=domain-row]", "grafana").await;
    b.click("[data-test=tab-deployments]").await;
    b.wait_for("[data-test=deployment-row]").await;
    b.click("[data-test=tab-logs]").await;
    b.wait_for("[data-test=logs-service]").await;
    b.wait_for_text("[data-test=logs] [data-test=log]", "web-1")
        .await;
    b.close().await;
}

#[tokio::test]
async fn database_page_masks_connection_strings_and_saves_the_external_port() {
    let sandbox = Sandbox::start().await;
    let pg = sandbox.service("shop-db").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_service(&b, &sandbox, &inst, &pg, "").await;
    let internal = b.text("[data-test=internal-url] .masked__text").await;
    assert_eq!(
        internal,
        "postgresql://shop:••••••••@shop-db-7f3k2a:5432/shop"
    );
    assert!(
        !b.page_text().await.contains("Pg_s3cr3t_2024"),
        "the password is masked"
    );
    b.click_text("[data-test=internal-url] button", "Show")
        .await;
    b.wait_for_text(
        "[data-test=internal-url] .masked__text",
        "postgresql://shop:Pg_s3cr3t_2024@shop-db-7f3k2a:5432/shop",
    )
    .await;
    let external = b.text("[data-test=external-url] .masked__text").await;
    assert_eq!(external, "postgresql://shop:••••••••@127.0.0.1:5433/shop");

    b.type_text("[data-test=field-external-port]", "99999")
        .await;
    b.click("[data-test=external-port-save]").await;
    b.wait_for_text("[data-test=external] .field__error", "1 to 65535")
        .await;
    b.type_text("[data-test=field-external-port]", "5544").await;
    b.click("[data-test=external-port-save]").await;
    b.wait_for("[data-test=external-port-saved]").await;
    b.wait_for_text(
        "[data-test=external-url] .masked__text",
        "127.0.0.1:5544/shop",
    )
    .await;
    let one = sandbox
        .api(&format!("postgres.one?postgresId={}", pg.id))
        .await;
    assert_eq!(one["externalPort"], 5544);
    b.type_text("[data-test=field-external-port]", "").await;
    b.click("[data-test=external-port-save]").await;
    b.wait_for("[data-test=external-closed]").await;

    // Other kinds build their own strings.
    let cache = sandbox.service("shop-cache").await;
    open_service(&b, &sandbox, &inst, &cache, "").await;
    b.wait_for_text(
        "[data-test=internal-url] .masked__text",
        "redis://default:••••••••@shop-cache-p2l9sd:6379",
    )
    .await;
    let mongo = sandbox.service("analytics-mongo").await;
    open_service(&b, &sandbox, &inst, &mongo, "").await;
    b.wait_for_text(
        "[data-test=internal-url] .masked__text",
        "mongodb://analytics:••••••••@tools-analytics-mongo-g7u3hq:27017",
    )
    .await;
    let mysql = sandbox.service("blog-mysql").await;
    open_service(&b, &sandbox, &inst, &mysql, "environment").await;
    b.click("[data-test=env] [data-test=env-add]").await;
    b.type_text(
        "[data-test=env] [data-test=env-row]:last-child [data-test=env-key]",
        "MYSQL_MAX_CONNECTIONS",
    )
    .await;
    b.type_text(
        "[data-test=env] [data-test=env-row]:last-child [data-test=env-value]",
        "200",
    )
    .await;
    b.click("[data-test=env] [data-test=env-save]").await;
    b.wait_for("[data-test=env] [data-test=env-saved]").await;
    let one = sandbox
        .api(&format!("mysql.one?mysqlId={}", mysql.id))
        .await;
    assert!(one["env"]
        .as_str()
        .unwrap_or_default()
        .contains("MYSQL_MAX_CONNECTIONS=200"));
    b.click("[data-test=tab-logs]").await;
    b.wait_for_text("[data-test=logs] [data-test=log]", "ready for connections")
        .await;
    b.close().await;
}

#[tokio::test]
async fn deleting_a_service_needs_its_name_and_returns_to_the_project() {
    let sandbox = Sandbox::start().await;
    let n8n = sandbox.service("n8n").await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_service(&b, &sandbox, &inst, &n8n, "").await;
    b.click("[data-test=delete-service]").await;
    assert_eq!(
        b.attr("[data-test=confirm-button]", "disabled")
            .await
            .as_deref(),
        Some("true")
    );
    b.type_text("[data-test=confirm-input]", "n8n").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_for_fragment(&format!("/project/{}", n8n.project_id))
        .await;
    b.wait_for("[data-test=service-row]").await;
    assert!(!b.exists(&row("n8n")).await);
    b.close().await;
}

#[tokio::test]
async fn unknown_service_says_so_with_a_way_back() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/application/doesNotExist123"))
        .await;
    b.wait_for(".alert--error").await;
    b.click_text("a.btn", "Back").await;
    b.wait_for("[data-test=project-list]").await;
    b.close().await;
}

// ---------------------------------------------------------------------------------------------
// Phone layout and screenshots

#[tokio::test]
async fn screenshots_of_every_view() {
    let sandbox = Sandbox::start().await;
    let web = sandbox.service("storefront").await;
    let pg = sandbox.service("shop-db").await;
    let mon = sandbox.service("monitoring").await;
    let deployment = sandbox
        .api(&format!("deployment.all?applicationId={}", web.id))
        .await[0]["deploymentId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for (label, viewport) in [("desktop", DESKTOP), ("phone", PHONE)] {
        let b = Browser::start_with(viewport).await;
        let inst = b.connect(&sandbox).await;
        open_project(&b, &sandbox, &inst, "shop").await;
        no_sideways_scroll(&b, "the project view").await;
        b.screenshot_full(&format!("views-project-{label}")).await;
        b.click("[data-test=new-service]").await;
        b.wait_for("[data-test=kind-picker]").await;
        b.screenshot(&format!("views-new-service-{label}")).await;
        b.click("[data-test=kind-mysql]").await;
        b.screenshot(&format!("views-new-mysql-{label}")).await;
        b.click_text("[data-test=new-service-dialog] button", "Cancel")
            .await;
        for tab in ["", "environment", "domains", "deployments", "logs"] {
            open_service(&b, &sandbox, &inst, &web, tab).await;
            tokio::time::sleep(Duration::from_millis(600)).await;
            no_sideways_scroll(&b, &format!("the application {tab} tab")).await;
            let t = if tab.is_empty() { "general" } else { tab };
            b.screenshot_full(&format!("views-application-{t}-{label}"))
                .await;
        }
        b.open(
            &sandbox,
            &format!(
                "#/i/{inst}/application/{}/deployments?deployment={deployment}",
                web.id
            ),
        )
        .await;
        b.wait_for_text("[data-test=deployment-log] [data-test=log]", "Docker")
            .await;
        b.screenshot_full(&format!("views-deployment-log-{label}"))
            .await;
        b.open(
            &sandbox,
            &format!("#/i/{inst}/application/{}/domains", web.id),
        )
        .await;
        b.click("[data-test=add-domain]").await;
        b.screenshot(&format!("views-domain-dialog-{label}")).await;
        open_service(&b, &sandbox, &inst, &pg, "").await;
        b.wait_for("[data-test=credentials]").await;
        no_sideways_scroll(&b, "the database page").await;
        b.screenshot_full(&format!("views-postgres-{label}")).await;
        open_service(&b, &sandbox, &inst, &mon, "").await;
        b.wait_for("[data-test=compose-file]").await;
        no_sideways_scroll(&b, "the compose page").await;
        b.screenshot_full(&format!("views-compose-{label}")).await;
        b.close().await;
    }
}

/// A 2024 instance (v0.18.4) serves no logs over HTTP: the Logs tab and a deployment's log say
/// where to read them, once, and Skiff asks nothing that must fail (issue #23, point 1).
#[tokio::test]
async fn legacy_logs_say_where_to_read_them_and_ask_nothing() {
    let sandbox = Sandbox::start_with(&["--legacy"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox
        .projects()
        .await
        .iter()
        .flat_map(|p| p["applications"].as_array().cloned().unwrap_or_default())
        .find(|a| a["name"] == "storefront")
        .expect("storefront");
    let id = app["applicationId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    b.open(&sandbox, &format!("#/i/{inst}/application/{id}/logs"))
        .await;
    b.wait_for_text("[data-test=logs-unsupported]", "v0.18.4")
        .await;
    assert!(
        !b.exists("[data-test=log]").await,
        "no log box that never fills"
    );
    b.screenshot("legacy-logs-tab").await;
    let deployments = sandbox
        .api(&format!("deployment.all?applicationId={id}"))
        .await;
    let did = deployments[0]["deploymentId"].as_str().unwrap_or_default();
    b.open(
        &sandbox,
        &format!("#/i/{inst}/application/{id}/deployments?deployment={did}"),
    )
    .await;
    b.wait_for_text(
        "[data-test=deployment-log] [data-test=logs-unsupported]",
        "build logs",
    )
    .await;
    assert!(!b.exists("[data-test=deployment-log] [data-test=log]").await);
    b.screenshot("legacy-deployment-log").await;
    let stats = sandbox.stats().await;
    for p in ["application.readLogs", "deployment.readLogs"] {
        assert_eq!(
            stats["procedures"][p].as_u64().unwrap_or(0),
            0,
            "{p} was asked"
        );
    }
    b.close().await;
}

// ---------------------------------------------------------------------------------------------
// Theme

/// Every visible text whose contrast with what is behind it is under WCAG AA (4.5:1, or 3:1 for
/// large text), as "ratio text (color on background)"; disabled controls and text hidden from
/// sight are exempt, as WCAG says.
const LOW_CONTRAST: &str = r#"
const rgb = (c) => { const m = c.match(/[\d.]+/g) || []; return m.map(Number).concat([1]).slice(0, 4); };
const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
const over = (top, under) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]); };
const behind = (el) => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let base = rgb(getComputedStyle(document.body).backgroundColor);
  if (layers.length && layers[layers.length - 1][3] >= 1) base = layers.pop();
  return layers.reverse().reduce((acc, l) => over(l, acc), base);
};
const out = [];
for (const el of document.querySelectorAll("body *")) {
  if (!el.getClientRects().length || el.closest(".sr-only, [aria-hidden=true], :disabled, svg, option")) continue;
  const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const s = getComputedStyle(el);
  if (s.visibility === "hidden" || Number(s.opacity) === 0) continue;
  const bg = behind(el);
  const fg = over(rgb(s.color), bg);
  const [a, b] = [lum(fg), lum(bg)];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
  const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  if (ratio < need) out.push(`${ratio.toFixed(2)} "${el.textContent.trim().slice(0, 40)}" (${s.color} on rgb(${bg.slice(0, 3).map(Math.round).join(", ")}))`);
}
return [...new Set(out)];
"#;

async fn low_contrast(b: &Browser, page: &str) {
    let found = b.js(LOW_CONTRAST, vec![]).await;
    let found: Vec<String> = serde_json::from_value(found).unwrap_or_default();
    let theme = b
        .js(
            "return document.documentElement.dataset.theme || 'system'",
            vec![],
        )
        .await;
    assert!(found.is_empty(), "{page}, theme {theme}: {found:#?}");
}

#[tokio::test]
async fn the_theme_is_switched_kept_and_every_text_reads_in_both() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let app = sandbox.service("storefront").await;
    let pages = [
        (
            "overview",
            format!("#/i/{inst}/projects"),
            "[data-test=project-card]",
        ),
        (
            "project",
            format!("#/i/{inst}/project/{}", app.project_id),
            "[data-test=service-row]",
        ),
        (
            "service",
            format!("#/i/{inst}/application/{}/general", app.id),
            "[data-test=service-title]",
        ),
    ];
    // And every other kind of page, at 1280 px.
    let db = sandbox.service("shop-db").await;
    let stack = sandbox.service("monitoring").await;
    let more = [
        (
            "deployments",
            format!("#/i/{inst}/application/{}/deployments", app.id),
            "[data-test=deployment-row]",
        ),
        (
            "database",
            format!("#/i/{inst}/postgres/{}/general", db.id),
            "[data-test=service-title]",
        ),
        (
            "compose",
            format!("#/i/{inst}/compose/{}/general", stack.id),
            "[data-test=service-title]",
        ),
        (
            "activity",
            format!("#/i/{inst}/activity"),
            "[data-test=activity-row]",
        ),
        (
            "backups",
            format!("#/i/{inst}/backups"),
            "[data-test=health-row]",
        ),
        (
            "admin",
            format!("#/i/{inst}/admin"),
            "[data-test=key-list], [data-test=no-keys]",
        ),
        (
            "instances",
            "#/instances".to_string(),
            "[data-test=instance-card]",
        ),
    ];
    b.open(&sandbox, &pages[0].1).await;
    b.wait_for("[data-test=theme-switch]").await;
    // The system's (headless Chromium's is light), then light, then dark, kept per browser.
    assert_eq!(
        b.attr("[data-test=theme-switch]", "data-theme")
            .await
            .as_deref(),
        Some("")
    );
    for (theme, bg) in [("light", "rgb(246, 247, 249)"), ("dark", "rgb(14, 17, 22)")] {
        b.click("[data-test=theme-switch]").await;
        b.wait_until(&format!(
            "document.documentElement.dataset.theme === '{theme}'"
        ))
        .await;
        let body = b
            .js(
                "return getComputedStyle(document.body).backgroundColor",
                vec![],
            )
            .await;
        assert_eq!(body, bg, "{theme}");
        for (name, fragment, ready) in pages.iter().chain(&more) {
            b.go(fragment).await;
            b.wait_for(ready).await;
            low_contrast(&b, name).await;
            b.screenshot(&format!("theme-{theme}-{name}")).await;
        }
        b.go(&pages[0].1).await;
        b.wait_for("[data-test=theme-switch]").await;
    }
    // Set before the first paint on the next load (index.html reads it).
    b.reload().await;
    b.wait_until("document.documentElement.dataset.theme === 'dark'")
        .await;
    let label = b
        .attr("[data-test=theme-switch]", "aria-label")
        .await
        .unwrap_or_default();
    assert_eq!(label, "Theme: dark. Switch to the system's");
    // Back to the system's: nothing kept.
    b.click("[data-test=theme-switch]").await;
    b.wait_until("!document.documentElement.hasAttribute('data-theme')")
        .await;
    let kept = b
        .js("return localStorage.getItem('skiff.theme')", vec![])
        .await;
    assert!(kept.is_null(), "{kept}");
    low_contrast(&b, "overview").await;
    b.close().await;

    let phone = Browser::start_with(PHONE).await;
    phone.connect(&sandbox).await;
    phone.open(&sandbox, &pages[0].1).await;
    for theme in ["light", "dark"] {
        // As kept by an earlier visit: read on the next load, before the first paint.
        phone
            .js(
                &format!("localStorage.setItem('skiff.theme', '{theme}')"),
                vec![],
            )
            .await;
        phone.reload().await;
        phone
            .wait_until(&format!(
                "document.documentElement.dataset.theme === '{theme}' && document.querySelector('[data-test=theme-switch][data-theme={theme}]')"
            ))
            .await;
        for (name, fragment, ready) in &pages {
            phone.go(fragment).await;
            phone.wait_for(ready).await;
            low_contrast(&phone, name).await;
            phone
                .screenshot(&format!("theme-{theme}-{name}-phone"))
                .await;
        }
    }
    phone.close().await;
}

/// Duplicating (v0.25+): what gets copied is said first; an environment's chosen services go
/// into a new project, which opens; an environment copied into the same project needs a name of
/// its own.
#[tokio::test]
async fn an_environment_is_duplicated_into_a_new_project_or_environment() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_project(&b, &sandbox, &inst, "blog").await;
    b.click("[data-test=env-duplicate]").await;
    b.wait_for_text("[data-test=dup-what]", "Not copied").await;
    let boxes = b.find_all("[data-test=dup-service]").await.len();
    assert_eq!(boxes, 3, "ghost, its MySQL and MariaDB");
    // Leave MariaDB out.
    b.js(
        "[...document.querySelectorAll('[data-test=dup-services] label')].find(l => l.textContent.includes('MariaDB')).querySelector('input').click(); return true;",
        vec![],
    )
    .await;
    b.wait_for_text("[data-test=dup-what]", "the 2 chosen services")
        .await;
    b.type_text("[data-test=dup-name]", "blog-copy").await;
    b.screenshot("duplicate-dialog").await;
    b.click("[data-test=dup-submit]").await;
    b.wait_for_text("[data-test=project-title]", "blog-copy")
        .await;
    b.wait_for("[data-test=service-row]").await;
    let rows = b.texts("[data-test=service-row]").await.join("\n");
    assert!(rows.contains("ghost"), "{rows}");
    assert!(!rows.contains("MariaDB"), "{rows}");
    let copied = sandbox
        .projects()
        .await
        .into_iter()
        .find(|p| p["name"] == "blog-copy")
        .expect("the new project");
    let env = &copied["environments"][0];
    assert_eq!(env["applications"].as_array().map(Vec::len), Some(1));
    assert_eq!(env["mariadb"].as_array().map(Vec::len), Some(0));

    // Into the same project: a taken name is refused before sending.
    b.click("[data-test=env-duplicate]").await;
    b.click("[data-test=dup-environment]").await;
    b.wait_for_text("[data-test=dup-what]", "variables").await;
    b.type_text("[data-test=dup-name]", "production").await;
    b.click("[data-test=dup-submit]").await;
    b.wait_for_text("[data-test=error-dup-name]", "already")
        .await;
    b.type_text("[data-test=dup-name]", "preview").await;
    b.click("[data-test=dup-submit]").await;
    b.wait_for_text("[data-test=env-tab][aria-current=page]", "preview")
        .await;
    b.close().await;
}

/// Sends `key` (with Ctrl when `ctrl`) as a keydown to `css` (the document when `None`).
async fn key(b: &Browser, css: Option<&str>, key: &str, ctrl: bool) {
    b.js(
        "const t = arguments[0] ? document.querySelector(arguments[0]) : document; \
         t.dispatchEvent(new KeyboardEvent('keydown', { key: arguments[1], ctrlKey: arguments[2], bubbles: true, cancelable: true })); return true;",
        vec![json!(css), json!(key), json!(ctrl)],
    )
    .await;
}

/// The palette's results, as their names.
async fn palette_labels(b: &Browser) -> Vec<String> {
    b.texts("[data-test=palette-item] .palette__label").await
}

/// Issue 21 point 1: Ctrl-K from the first view opens the command palette (the full build
/// takes over); letters in order find a service, a database among them (named by project.one),
/// Enter opens it in place of the palette; a service's actions open its variables, deploy once
/// however often clicked and copy its internal host; what was opened leads the next time; Esc
/// closes; on a phone it fills the screen.
#[tokio::test]
async fn the_command_palette_finds_and_acts_on_anything() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    key(&b, None, "k", true).await;
    b.wait_for("[data-test=palette-input]").await;
    assert_eq!(b.fragment().await, "#/find");
    b.wait_until("document.activeElement?.dataset.test === 'palette-input'")
        .await;
    b.wait_until("!document.querySelector('.palette__foot').textContent.includes('Reading')")
        .await;
    let first = palette_labels(&b).await;
    assert!(
        first[0].starts_with("127.0.0.1"),
        "the instance first: {first:?}"
    );
    // Letters in order, not a substring; the first hit is chosen.
    b.type_text("[data-test=palette-input]", "chkout").await;
    b.wait_until("document.querySelector('[data-test=palette-item] .palette__label')?.textContent === 'checkout-api'")
        .await;
    b.screenshot("palette-found").await;
    b.js(
        "document.documentElement.dataset.theme = 'dark'; return true;",
        vec![],
    )
    .await;
    b.screenshot("palette-found-dark").await;
    b.js(
        "delete document.documentElement.dataset.theme; return true;",
        vec![],
    )
    .await;
    // A database project.all names only by id.
    b.type_text("[data-test=palette-input]", "shop-db").await;
    b.wait_until("document.querySelector('[data-test=palette-item] .palette__label')?.textContent === 'shop-db'")
        .await;
    b.type_text("[data-test=palette-input]", "chkout").await;
    b.wait_until("document.querySelector('[data-test=palette-item] .palette__label')?.textContent === 'checkout-api'")
        .await;
    key(&b, Some("[data-test=palette-input]"), "Enter", false).await;
    let api = sandbox.service("checkout-api").await;
    b.wait_for_fragment(&format!("/application/{}", api.id))
        .await;
    b.wait_for("[data-test=service-title]").await;

    // The top bar's Find; a service's actions.
    b.click("[data-test=open-palette]").await;
    b.wait_for("[data-test=palette-input]").await;
    b.type_text("[data-test=palette-input]", "storefront").await;
    b.wait_until("document.querySelector('[data-test=palette-item] .palette__label')?.textContent === 'storefront'")
        .await;
    let deploys = sandbox.calls("application.deploy").await;
    b.js(
        "const d = document.querySelector('[data-test=palette-item] [data-test=palette-deploy]'); d.click(); d.click(); return true;",
        vec![],
    )
    .await;
    b.wait_for_text("[data-test=palette-status]", "queued")
        .await;
    assert_eq!(sandbox.calls("application.deploy").await, deploys + 1);
    b.click("[data-test=palette-item] [data-test=palette-host]")
        .await;
    b.wait_for_text("[data-test=palette-status]", "shop-storefront")
        .await;
    b.click("[data-test=palette-item] [data-test=palette-environment]")
        .await;
    let app = sandbox.service("storefront").await;
    b.wait_for_fragment(&format!("/application/{}/environment", app.id))
        .await;

    // What was opened leads; Esc goes back to the page it was opened on.
    b.click("[data-test=open-palette]").await;
    b.wait_for("[data-test=palette-item]").await;
    b.wait_until("document.querySelector('[data-test=palette-item] .palette__label')?.textContent === 'checkout-api'")
        .await;
    key(&b, Some("[data-test=palette-input]"), "Escape", false).await;
    b.wait_for_fragment("/environment").await;
    assert!(b.fragment().await.contains(&format!("#/i/{inst}/")));
    b.close().await;

    let phone = Browser::start_with(PHONE).await;
    phone.connect(&sandbox).await;
    phone.click("[data-test=open-palette]").await;
    phone.wait_for("[data-test=palette-input]").await;
    phone.type_text("[data-test=palette-input]", "shop").await;
    phone.wait_for("[data-test=palette-item]").await;
    let fills = phone
        .js("const r = document.querySelector('[data-test=palette]').getBoundingClientRect(); return r.width >= window.innerWidth - 1 && r.top <= 0;", vec![])
        .await;
    assert_eq!(fills, json!(true), "a full-screen sheet on a phone");
    no_sideways_scroll(&phone, "the palette").await;
    phone.screenshot("palette-phone").await;
    phone.close().await;
}

/// Issue 21 point 2: "?" lists the shortcuts in a dialog that keeps the focus and gives it
/// back; "/" goes to the page's search; "g p" to the projects; "[" and "]" between tabs; none
/// of them while typing in a field.
#[tokio::test]
async fn keyboard_shortcuts_work_outside_fields_and_list_themselves() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    // Typed into a field, they are text.
    b.click("main input[type=search]").await;
    key(&b, Some("main input[type=search]"), "?", false).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!b.exists("[data-test=shortcuts]").await);
    b.js("document.activeElement.blur(); return true;", vec![])
        .await;
    key(&b, None, "?", false).await;
    b.wait_for_text("[data-test=shortcuts]", "Keyboard shortcuts")
        .await;
    b.wait_until("document.activeElement?.textContent === 'Close'")
        .await;
    key(&b, None, "Tab", false).await;
    assert_eq!(
        b.js("return document.activeElement.textContent", vec![])
            .await,
        json!("Close")
    );
    b.screenshot("shortcuts").await;
    key(&b, None, "Escape", false).await;
    b.wait_gone("[data-test=shortcuts]").await;
    key(&b, None, "/", false).await;
    b.wait_until("document.activeElement?.matches('main input[type=search]')")
        .await;
    let app = sandbox.service("storefront").await;
    b.open(&sandbox, &format!("#/i/{inst}/application/{}", app.id))
        .await;
    b.wait_for("[data-test=tab-environment]").await;
    key(&b, None, "]", false).await;
    b.wait_for_fragment("/environment").await;
    key(&b, None, "[", false).await;
    b.wait_until("document.querySelector('[data-test=tab-general]').getAttribute('aria-selected') === 'true'")
        .await;
    key(&b, None, "g", false).await;
    key(&b, None, "p", false).await;
    b.wait_for_fragment(&format!("#/i/{inst}/projects")).await;
    b.close().await;
}

/// A real key press (WebDriver) on the focused element.
async fn press(b: &Browser, k: &str) {
    let el = b
        .client()
        .active_element()
        .await
        .expect("a focused element");
    el.send_keys(k).await.expect("a key press");
}

/// Issue 21 point 2: a dialog takes the focus, keeps it while Tab goes round, closes on Esc and
/// gives the focus back to the button that opened it.
#[tokio::test]
async fn a_dialog_keeps_the_focus_and_gives_it_back() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_project(&b, &sandbox, &inst, "shop").await;
    b.wait_for("[data-test=service-row]").await;
    // The shortcuts module (the dialogs' focus keeper) loads once the page is up.
    b.wait_until("performance.getEntriesByType('resource').some(e => e.name.endsWith('/keys.js'))")
        .await;
    b.click("[data-test=delete-project]").await;
    b.wait_for("[data-test=confirm-input]").await;
    b.wait_until("!!document.activeElement?.closest('[aria-modal=true]')")
        .await;
    // Real key presses (WebDriver), so the browser moves the focus itself.
    for _ in 0..6 {
        press(&b, "\u{E004}").await;
        assert_eq!(
            b.js(
                "return !!document.activeElement?.closest('[aria-modal=true]')",
                vec![]
            )
            .await,
            json!(true),
            "Tab left the dialog"
        );
    }
    press(&b, "\u{E00C}").await;
    b.wait_gone("[data-test=confirm-input]").await;
    b.wait_until("document.activeElement?.dataset.test === 'delete-project'")
        .await;
    assert!(sandbox.projects().await.iter().any(|p| p["name"] == "shop"));
    b.close().await;
}
