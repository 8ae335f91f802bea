//! End-to-end basics in headless Chromium against the release build and a sandbox: connecting
//! with the demo key shows the demo projects, a wrong key is explained and loses nothing typed,
//! a reload keeps the session, a phone-sized window has no sideways scrolling, and the harness
//! itself runs several sandboxes and browsers at once.
//!
//! Not covered yet: disconnecting. The UI has no disconnect control so far (the session has
//! `forget_key`, no page calls it); add the test with the control.

mod common;

use common::*;

/// The demo projects seeded by sandbox/src/store.rs (`seed_demo`).
const DEMO_PROJECTS: [&str; 3] = ["shop", "blog", "internal-tools"];

async fn project_titles(b: &Browser) -> Vec<String> {
    b.texts("[data-test=project-card] .card__title").await
}

#[tokio::test]
async fn demo_key_shows_the_demo_projects() {
    let sandbox = Sandbox::start().await;
    assert_eq!(sandbox.key, DEMO_KEY);
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    assert!(!inst.is_empty());
    assert_eq!(
        b.fragment().await,
        format!("#/i/{inst}/projects"),
        "connecting opens the instance's projects"
    );

    let titles = project_titles(&b).await;
    // A card names each environment with its services counted (issue 24).
    b.wait_until("[...document.querySelectorAll('.card')].some(c => c.textContent.includes('production (6) · staging (2)'))")
        .await;
    for name in DEMO_PROJECTS {
        assert!(
            titles.iter().any(|t| t == name),
            "{name} missing from {titles:?}"
        );
    }
    // Every project the API has is on the page, and nothing else.
    let api_names: Vec<String> = sandbox
        .projects()
        .await
        .iter()
        .filter_map(|p| p.get("name").and_then(Json::as_str).map(str::to_string))
        .collect();
    assert_eq!(titles.len(), api_names.len(), "{titles:?} vs {api_names:?}");
    b.wait_for("[data-test=totals]").await;

    // The instance is saved with its key in localStorage.
    let saved = b
        .local_storage("skiff.instances.v1")
        .await
        .expect("instances saved");
    assert!(saved.contains(&sandbox.url), "{saved}");
    assert_eq!(
        b.local_storage(&format!("skiff.key.{inst}"))
            .await
            .as_deref(),
        Some(DEMO_KEY)
    );
    let shot = b.screenshot("e2e-projects-desktop").await;
    assert!(std::fs::metadata(&shot)
        .map(|m| m.len() > 1000)
        .unwrap_or(false));
    b.close().await;
}

#[tokio::test]
async fn wrong_key_explains_401_and_keeps_the_url() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let typed_url = format!("{}/", sandbox.url);
    submit_connect(&b, &sandbox.url, &typed_url, "not-the-key").await;

    let alert = b
        .wait_for_text(".alert--error", "Dokploy refused the API key")
        .await;
    let text = alert.text().await.unwrap_or_default();
    assert!(
        text.contains("Check the API key"),
        "the 401 says what to do: {text}"
    );
    // Nothing typed is lost, nothing is saved, and we stay on the Connect page.
    assert_eq!(b.value("#connect-url").await, typed_url);
    assert_eq!(b.value("#connect-key").await, "not-the-key");
    assert_eq!(b.fragment().await, "#/connect");
    assert_eq!(b.local_storage("skiff.instances.v1").await, None);
    assert!(!b.exists("[data-test=project-list]").await);
    b.screenshot("e2e-connect-401").await;

    // Correcting the key then works.
    b.type_text("#connect-key", &sandbox.key).await;
    b.click("[data-test=connect]").await;
    b.wait_for("[data-test=project-list]").await;
    b.close().await;
}

#[tokio::test]
async fn reload_keeps_you_connected() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;

    b.reload().await;
    b.wait_for("[data-test=project-list]").await;
    assert_eq!(b.fragment().await, format!("#/i/{inst}/projects"));
    assert!(project_titles(&b).await.iter().any(|t| t == "shop"));

    // A fresh load of the bare address goes back to the last instance's projects.
    b.goto(&format!("{}/", sandbox.url)).await;
    b.wait_for_fragment(&format!("#/i/{inst}/projects")).await;
    b.wait_for("[data-test=project-list]").await;
    b.close().await;
}

#[tokio::test]
async fn projects_fit_a_phone() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start_with(PHONE).await;
    assert_eq!(b.viewport().await, (PHONE.width, PHONE.height));
    b.connect(&sandbox).await;
    b.wait_for_text("[data-test=project-card]", "shop").await;
    b.screenshot("e2e-projects-phone").await;
    let overflow = b
        .js(
            "return document.documentElement.scrollWidth - window.innerWidth;",
            vec![],
        )
        .await;
    assert!(
        overflow.as_i64().unwrap_or(0) <= 0,
        "the projects page scrolls sideways on a 390 px phone by {overflow} px"
    );
    b.close().await;
}

#[tokio::test]
async fn several_sandboxes_and_browsers_at_once() {
    let (a, other) = tokio::join!(
        Sandbox::start(),
        Sandbox::start_with(&["--key", "second-key", "--seed-projects", "2"])
    );
    assert_ne!(a.addr, other.addr);
    assert_eq!(other.key, "second-key");
    assert_eq!(other.projects().await.len(), 2);

    let b = Browser::start().await;
    let first = b.connect(&a).await;
    let second = b.connect(&other).await;
    assert_ne!(first, second, "two instances get two ids");
    assert_eq!(project_titles(&b).await.len(), 2);
    let options = b.texts("#instance-switcher option").await;
    assert!(
        options.len() >= 3,
        "both instances are in the switcher: {options:?}"
    );

    // A second browser has its own fresh profile: nothing saved there.
    let fresh = Browser::start_with(PHONE).await;
    fresh.open(&a, "#/").await;
    fresh.wait_for("#connect-url").await;
    assert_eq!(fresh.local_storage("skiff.instances.v1").await, None);
    fresh.close().await;
    b.close().await;
}

#[test]
fn harness_parses_the_sandbox_banner() {
    assert_eq!(
        parse_listening("skiff-sandbox listening on http://127.0.0.1:4567 (API key: abc-1)"),
        Some(("http://127.0.0.1:4567".into(), "abc-1".into()))
    );
    assert_eq!(
        parse_listening("skiff-sandbox listening on http://127.0.0.1:1 (Bearer token: t)"),
        Some(("http://127.0.0.1:1".into(), "t".into()))
    );
    assert_eq!(parse_listening("something else"), None);
    assert_eq!(base64_decode("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
    assert_eq!(base64_decode("aGk").as_deref(), Some(&b"hi"[..]));
}
