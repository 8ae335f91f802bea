//! End-to-end tests of the project, environment and service views (issue #4) in headless
//! Chromium against the release build and a sandbox.

mod common;

use common::*;

/// The demo service named `name` (first match), read through `project.one` (which, unlike
/// `project.all`, names databases too).
async fn service(sandbox: &Sandbox, name: &str) -> ServiceRef {
    let projects = sandbox.projects().await;
    for p in &projects {
        let pid = p.get("projectId").and_then(Json::as_str).unwrap_or_default();
        let one = sandbox.api(&format!("project.one?projectId={pid}")).await;
        if let Some(found) = services(&[one]).into_iter().find(|s| s.name == name) {
            return found;
        }
    }
    panic!("no demo service {name}")
}

fn project_id(projects: &[Json], name: &str) -> String {
    projects
        .iter()
        .find(|p| p.get("name").and_then(Json::as_str) == Some(name))
        .and_then(|p| p.get("projectId").and_then(Json::as_str))
        .unwrap_or_else(|| panic!("no demo project {name}"))
        .to_string()
}

#[tokio::test]
async fn screenshots_of_every_view() {
    let sandbox = Sandbox::start().await;
    let projects = sandbox.projects().await;
    let shop = project_id(&projects, "shop");
    for (label, viewport) in [("desktop", DESKTOP), ("phone", PHONE)] {
        let b = Browser::start_with(viewport).await;
        let inst = b.connect(&sandbox).await;
        b.open(&sandbox, &format!("#/i/{inst}/project/{shop}")).await;
        b.wait_for("[data-test=service-row]").await;
        b.screenshot_full(&format!("views-project-{label}")).await;
        let web = service(&sandbox, "storefront").await;
        for tab in ["", "environment", "domains", "deployments", "logs"] {
            b.open(&sandbox, &format!("#/i/{inst}/application/{}/{tab}", web.id)).await;
            b.wait_for("[data-test=service-title]").await;
            tokio::time::sleep(std::time::Duration::from_millis(700)).await;
            let t = if tab.is_empty() { "general" } else { tab };
            b.screenshot_full(&format!("views-application-{t}-{label}")).await;
        }
        let pg = service(&sandbox, "shop-db").await;
        b.open(&sandbox, &format!("#/i/{inst}/postgres/{}", pg.id)).await;
        b.wait_for("[data-test=credentials]").await;
        b.screenshot_full(&format!("views-postgres-{label}")).await;
        let mon = service(&sandbox, "monitoring").await;
        b.open(&sandbox, &format!("#/i/{inst}/compose/{}", mon.id)).await;
        b.wait_for("[data-test=compose-file]").await;
        b.screenshot_full(&format!("views-compose-{label}")).await;
        b.close().await;
    }
}
