//! End-to-end: the API access page (`#/i/{inst}/admin`) in headless Chromium against the
//! release build and a sandbox.
//!
//! - A key created in Skiff works in a fresh browser profile; revoking it makes that browser's
//!   next request fail with the 401 explanation.
//! - A member's API access toggles, persists (read back after a reload) and takes effect.
//! - A member (not admin) sees a plain explanation instead of the members list.
//! - A rate-limited key created through the page runs out and the page says why.
//! - A 2024 (Bearer) instance: generating a token revokes Skiff's, the page says so, and a
//!   pasted token reconnects Skiff.

mod common;

use common::*;

/// The sandbox's member "Maya Developer" (API access, limited projects): see sandbox/src/store.rs.
const MEMBER_KEY: &str = "skiff-member-key";
/// The sandbox's member "Sam Viewer" (no API access: refused with 401).
const VIEWER_KEY: &str = "skiff-viewer-key";

fn admin(inst: &str) -> String {
    format!("#/i/{inst}/admin")
}

async fn health(sandbox: &Sandbox, key: &str) -> u16 {
    http(
        sandbox.addr,
        "GET",
        "/api/settings.health",
        &[("x-api-key", key)],
        None,
    )
    .await
    .status
}

/// Creates a key through the dialog and returns the key shown once.
async fn create_key(b: &Browser, name: &str, rate: Option<&str>, shot: Option<&str>) -> String {
    b.click("[data-test=new-key]").await;
    b.type_text("[data-test=key-name]", name).await;
    if let Some(max) = rate {
        b.click("[data-test=key-rate-toggle]").await;
        b.wait_for("[data-test=rate-limit-warning]").await;
        b.type_text("[data-test=key-rate-max]", max).await;
        b.select("[data-test=key-rate-window]", "day").await;
    }
    if let Some(shot) = shot {
        b.screenshot(&format!("{shot}-form")).await;
    }
    b.click("[data-test=create-key]").await;
    let key = b.text("[data-test=created-key]").await;
    if let Some(shot) = shot {
        b.screenshot(&format!("{shot}-created")).await;
    }
    assert!(!key.trim().is_empty(), "the new key is shown");
    key.trim().to_string()
}

#[tokio::test]
async fn created_key_works_elsewhere_until_revoked() {
    let sandbox = Sandbox::start().await;
    let a = Browser::start().await;
    let inst = a.connect(&sandbox).await;
    a.open(&sandbox, &admin(&inst)).await;
    a.wait_for("[data-test=key-list]").await;

    // Name checked before sending.
    a.click("[data-test=new-key]").await;
    a.type_text("[data-test=key-name]", &"x".repeat(33)).await;
    a.click("[data-test=create-key]").await;
    a.wait_for_text("[data-test=key-name-error]", "At most 32")
        .await;
    a.click_text(".dialog button", "Cancel").await;
    a.wait_gone(".dialog").await;

    let key = create_key(&a, "e2e-laptop", None, None).await;
    assert_ne!(key, DEMO_KEY);
    a.wait_for_text(
        "[data-test=created-key-dialog]",
        "it will not be shown again",
    )
    .await;
    a.screenshot("admin-created-key-desktop").await;
    a.click("[data-test=created-done]").await;
    a.wait_gone("[data-test=created-key-dialog]").await;
    a.wait_for("[data-test=key-row][data-key-name=e2e-laptop]")
        .await;
    // Newest first.
    let names = a.texts("[data-test=key-row] td:first-child strong").await;
    assert_eq!(
        names.first().map(String::as_str),
        Some("e2e-laptop"),
        "{names:?}"
    );

    // Skiff said rateLimitEnabled:false: more than Dokploy's default 10 requests go through.
    for i in 0..12 {
        assert_eq!(health(&sandbox, &key).await, 200, "request {}", i + 1);
    }

    // A fresh browser profile connects with the new key and sees its projects.
    let b = Browser::start().await;
    let inst_b = connect(&b, &sandbox.url, &key).await;
    let titles = b.texts("[data-test=project-card] .card__title").await;
    assert!(titles.iter().any(|t| t == "shop"), "{titles:?}");

    // Revoke it in the first browser: the confirmation names the key.
    let row = "[data-test=key-row][data-key-name=e2e-laptop]";
    a.click(&format!("{row} [data-test=delete-key]")).await;
    a.wait_for_text(".dialog", "Delete API key e2e-laptop?")
        .await;
    let confirm = a.attr("[data-test=confirm-button]", "disabled").await;
    assert!(confirm.is_some(), "disabled until the name is typed");
    a.type_text("[data-test=confirm-input]", "e2e-laptop").await;
    a.click("[data-test=confirm-button]").await;
    a.wait_gone(row).await;
    assert_eq!(
        health(&sandbox, &key).await,
        401,
        "a deleted key stops working"
    );
    // The first browser still works with its own key.
    a.wait_for("[data-test=key-list]").await;

    // The other browser's next request fails with the 401 explanation.
    b.open(&sandbox, &format!("#/i/{inst_b}/projects")).await;
    b.reload().await;
    let err = b
        .wait_for_text(".alert--error", "Dokploy refused the API key")
        .await;
    let text = err.text().await.unwrap_or_default();
    assert!(
        text.contains("revoked") && text.contains("rate limit"),
        "{text}"
    );
    b.close().await;
    a.close().await;
}

#[tokio::test]
async fn member_api_access_toggles_and_persists() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &admin(&inst)).await;
    // The owner is always allowed (no switch).
    let owner = "[data-test=member-row][data-member='Ada Owner']";
    b.wait_for(&format!("{owner} [data-test=api-always]")).await;
    assert!(
        !b.exists(&format!("{owner} [data-test=perm-canAccessToAPI]"))
            .await
    );

    let sam = "[data-test=member-row][data-member='Sam Viewer']";
    let switch = format!("{sam} [data-test=perm-canAccessToAPI]");
    assert_eq!(
        b.attr(&switch, "aria-checked").await.as_deref(),
        Some("false")
    );
    assert_eq!(health(&sandbox, VIEWER_KEY).await, 401);

    b.click(&switch).await;
    b.wait_for_text(
        &format!("{sam} [data-test=perm-status]"),
        "Saved: API and CLI on",
    )
    .await;
    assert_eq!(
        b.attr(&switch, "aria-checked").await.as_deref(),
        Some("true")
    );
    assert_eq!(
        health(&sandbox, VIEWER_KEY).await,
        200,
        "access granted for real"
    );
    // The rest of Sam's permissions were sent unchanged.
    let users = sandbox.api("user.all").await;
    let sam_row = users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["user"]["firstName"] == "Sam"))
        .cloned()
        .expect("Sam");
    assert_eq!(sam_row["canAccessToAPI"], true);
    assert_eq!(sam_row["canCreateProjects"], false);
    assert_eq!(
        sam_row["accessedServices"].as_array().map(Vec::len),
        Some(1)
    );

    // Read back after a reload.
    b.reload().await;
    b.wait_for(&switch).await;
    assert_eq!(
        b.attr(&switch, "aria-checked").await.as_deref(),
        Some("true")
    );

    // The other permissions, on a phone.
    b.set_viewport(PHONE).await;
    b.click(&format!("{sam} [data-test=member-more]")).await;
    b.wait_for(&format!("{sam} [data-test=perm-canCreateProjects]"))
        .await;
    b.screenshot_full("admin-members-phone").await;
    b.set_viewport(DESKTOP).await;

    b.click(&switch).await;
    b.wait_for_text(
        &format!("{sam} [data-test=perm-status]"),
        "Saved: API and CLI off",
    )
    .await;
    b.reload().await;
    b.wait_for(&switch).await;
    assert_eq!(
        b.attr(&switch, "aria-checked").await.as_deref(),
        Some("false")
    );
    assert_eq!(health(&sandbox, VIEWER_KEY).await, 401);
    b.screenshot_full("admin-desktop").await;
    b.close().await;
}

#[tokio::test]
async fn a_member_sees_an_explanation_not_an_error() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = connect(&b, &sandbox.url, MEMBER_KEY).await;
    b.open(&sandbox, &admin(&inst)).await;
    b.wait_for_text("[data-test=members-denied]", "Only owners and admins")
        .await;
    b.wait_for_text("[data-test=own-access]", "You have API access")
        .await;
    b.wait_for("[data-test=key-row][data-key-name=maya-laptop]")
        .await;
    // Swagger is offered to a member with API access (Skiff served in front of the API here:
    // it asks for Dokploy's address; e2e_walkthrough follows the link once it is set).
    b.wait_for("[data-test=swagger]").await;
    assert!(!b.exists(".alert--error").await, "no error shown");
    b.set_viewport(PHONE).await;
    b.screenshot_full("admin-member-phone").await;
    b.close().await;
}

#[tokio::test]
async fn a_rate_limited_key_runs_out_and_the_page_says_why() {
    let sandbox = Sandbox::start().await;
    // On a phone: the form, the key shown once and the explanation all have to work there.
    let b = Browser::start_with(PHONE).await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &admin(&inst)).await;
    b.wait_for("[data-test=key-list]").await;
    let key = create_key(&b, "e2e-limited", Some("4"), Some("admin-new-key-phone")).await;
    b.click("[data-test=use-key]").await;
    b.wait_for_text("[data-test=key-notice]", "Skiff now uses e2e-limited")
        .await;
    assert_eq!(
        b.local_storage(&format!("skiff.key.{inst}"))
            .await
            .as_deref(),
        Some(key.as_str()),
        "Skiff switched to the new key"
    );
    // Skiff knows which key it uses now.
    b.wait_for("[data-test=key-row][data-key-name=e2e-limited] [data-test=key-in-use]")
        .await;
    // Each load of the page spends requests; the key runs out within a few.
    let mut explained = false;
    for _ in 0..6 {
        b.reload().await;
        b.wait_for("[data-test=key-list], .alert--error").await;
        if b.exists("[data-test=rate-limit-note]").await {
            explained = true;
            break;
        }
    }
    assert!(explained, "the page explains the 401 of an exhausted key");
    let note = b.text("[data-test=rate-limit-note]").await;
    assert!(
        note.contains("4 requests per day") && note.contains("401"),
        "{note}"
    );
    let err = b.text(".alert--error").await;
    assert!(
        err.contains("Dokploy refused the API key") && err.contains("rate limit"),
        "{err}"
    );
    assert_eq!(health(&sandbox, &key).await, 401, "the key really ran out");
    b.screenshot("admin-rate-limited-phone").await;
    b.close().await;
}

#[tokio::test]
async fn legacy_token_rotation_revokes_and_a_pasted_token_reconnects() {
    let sandbox = Sandbox::start_with(&["--legacy"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &admin(&inst)).await;
    b.wait_for("[data-test=legacy-token] [data-test=token-in-use]")
        .await;
    b.screenshot("admin-legacy-desktop").await;

    b.click("[data-test=generate-token]").await;
    b.wait_for_text(".dialog", "Skiff is connected with it")
        .await;
    let name = b.text(".dialog label code").await;
    b.type_text("[data-test=confirm-input]", &name).await;
    b.click("[data-test=confirm-button]").await;
    b.wait_for_text("[data-test=token-revoked]", "revoked")
        .await;
    b.screenshot_full("admin-legacy-revoked-desktop").await;

    let info = http(sandbox.addr, "GET", "/__sandbox/info", &[], None)
        .await
        .json();
    let token = info["token"].as_str().unwrap_or_default().to_string();
    assert!(!token.is_empty() && token != sandbox.key, "rotated: {info}");

    b.type_text("[data-test=paste-token]", &token).await;
    b.click("[data-test=use-pasted-token]").await;
    b.wait_for_text("[data-test=token-notice]", "Skiff now uses the new token")
        .await;
    b.wait_for("[data-test=token-in-use]").await;
    assert_eq!(
        b.local_storage(&format!("skiff.key.{inst}"))
            .await
            .as_deref(),
        Some(token.as_str())
    );
    b.set_viewport(PHONE).await;
    b.screenshot_full("admin-legacy-phone").await;
    b.close().await;
}

#[tokio::test]
async fn a_switch_is_disabled_in_flight_and_a_refusal_is_shown() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &admin(&inst)).await;
    let sam = "[data-test=member-row][data-member='Sam Viewer']";
    let switch = format!("{sam} [data-test=perm-canAccessToAPI]");
    b.wait_for(&switch).await;

    // Slow server: every switch of the member is disabled until the answer.
    sandbox
        .set_faults("user.assignPermissions:latency=2500:1")
        .await;
    b.click(&switch).await;
    b.wait_for(&format!("{switch}[disabled][aria-busy=true]"))
        .await;
    assert!(
        b.exists(&format!("{sam} [data-test=perm-canAccessToAPI][disabled]"))
            .await
    );
    b.wait_for_text(&format!("{sam} [data-test=perm-status]"), "Saved")
        .await;
    assert_eq!(b.attr(&switch, "disabled").await, None);

    // The server refuses: its error is shown and the switch keeps the server's value.
    sandbox.set_faults("user.assignPermissions:500:1").await;
    b.click(&switch).await;
    b.wait_for(&format!("{sam} [data-test=perm-error] .alert--error"))
        .await;
    assert_eq!(
        b.attr(&switch, "aria-checked").await.as_deref(),
        Some("true")
    );
    sandbox.set_faults("").await;
    b.close().await;
}

#[tokio::test]
async fn deleting_the_key_skiff_uses_says_so_and_disconnects() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &admin(&inst)).await;
    b.wait_for("[data-test=key-list]").await;
    let key = create_key(&b, "e2e-own", None, None).await;
    b.click("[data-test=use-key]").await;
    let row = "[data-test=key-row][data-key-name=e2e-own]";
    b.wait_for(&format!("{row} [data-test=key-in-use]")).await;
    // The demo key is known not to be Skiff's now: its warning does not mention Skiff.
    b.click("[data-test=key-row][data-key-name=skiff-demo] [data-test=delete-key]")
        .await;
    let text = b.text(".dialog").await;
    assert!(!text.contains("Skiff"), "{text}");
    b.click_text(".dialog button", "Cancel").await;

    b.click(&format!("{row} [data-test=delete-key]")).await;
    b.wait_for_text(".dialog", "Skiff is connected with e2e-own")
        .await;
    b.type_text("[data-test=confirm-input]", "e2e-own").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_for_text("h1", "Key needed").await;
    assert_eq!(b.local_storage(&format!("skiff.key.{inst}")).await, None);
    assert_eq!(health(&sandbox, &key).await, 401);
    assert_eq!(health(&sandbox, DEMO_KEY).await, 200);
    b.close().await;
}

/// Clicks Edit or Delete (`action`) on the Tags page's row of the tag `name`.
async fn tag_action(b: &Browser, name: &str, action: &str) {
    let done = b
        .js(
            "const r = [...document.querySelectorAll('[data-test=tag-row]')] \
               .find(r => r.querySelector('[data-test=tag]').textContent === arguments[0]); \
             if (!r) return false; r.querySelector(`[data-action=${arguments[1]}]`).click(); return true;",
            vec![serde_json::json!(name), serde_json::json!(action)],
        )
        .await;
    assert_eq!(done, Json::Bool(true), "no row for the tag {name}");
}

/// The id of the seeded project named `name`, and the names of its tags (from `project.all`).
async fn project_tags(sandbox: &Sandbox, name: &str) -> (String, Vec<String>) {
    let p = sandbox
        .projects()
        .await
        .into_iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no project {name}"));
    let tags = p["projectTags"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|t| t["tag"]["name"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    (
        p["projectId"].as_str().unwrap_or_default().to_string(),
        tags,
    )
}

/// Tags (Dokploy v0.29+): on the overview's cards, which narrow to a tag in the URL; made,
/// renamed and deleted on the Tags page (a duplicate name said in words, a failed save keeping
/// what was typed, a typed confirmation for a delete); given to a project on its page.
#[tokio::test]
async fn tags_are_made_given_to_projects_and_narrow_the_overview() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;

    // The seeded tags on their cards; a chip narrows the overview to its tag, in the URL.
    b.wait_for_text("[data-test=card-tags]", "production").await;
    b.click_text("[data-test=card-tags] a", "production").await;
    b.wait_for_fragment("tag=production").await;
    b.wait_for_text("[data-test=tag-filter]", "production")
        .await;
    assert!(b.text("[data-test=tag-filter]").await.starts_with("Tagged"));
    b.wait_until("document.querySelectorAll('[data-test=project-card]').length === 1")
        .await;
    assert!(b.text("[data-test=project-card]").await.contains("shop"));
    b.screenshot("tags-overview-narrowed").await;
    b.click_text("[data-test=tag-filter] a", "Show every project")
        .await;
    b.wait_until("document.querySelectorAll('[data-test=project-card]').length > 1")
        .await;

    // The Tags page, reached from the settings' own navigation.
    b.open(&sandbox, &admin(&inst)).await;
    b.click("[data-test=settings-tags]").await;
    b.wait_for_fragment("/tags").await;
    b.wait_for_text("[data-test=tag-list]", "internal-tools")
        .await;
    let rows = b.texts("[data-test=tag-row]").await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].contains("internal") && rows[1].contains("production") && rows[1].contains("shop"),
        "{rows:?}"
    );

    // Checked before sending; a duplicate name said in words, on the field.
    b.type_text("[data-test=tag-name]", ".x").await;
    b.click("[data-test=save-tag]").await;
    b.wait_for_text("[data-test=error-tag-name]", "Letters, digits")
        .await;
    b.type_text("[data-test=tag-name]", "production").await;
    b.click("[data-test=save-tag]").await;
    b.wait_for_text("[data-test=error-tag-name]", "A tag with this name exists")
        .await;

    // A failed save keeps what was typed.
    sandbox.set_faults("tag.create:500:1").await;
    b.type_text("[data-test=tag-name]", "client-a").await;
    b.click("[data-test=save-tag]").await;
    b.wait_for("[data-test=tag-form] .alert--error").await;
    assert_eq!(b.value("[data-test=tag-name]").await, "client-a");
    sandbox.set_faults("").await;
    b.click("[data-test=save-tag]").await;
    b.wait_for_text("[data-test=tag-list]", "client-a").await;
    assert_eq!(
        b.value("[data-test=tag-name]").await,
        "",
        "the form is cleared once saved"
    );

    // Renamed.
    tag_action(&b, "client-a", "edit").await;
    b.wait_for_text("[data-test=save-tag]", "Save tag").await;
    assert_eq!(b.value("[data-test=tag-name]").await, "client-a");
    b.type_text("[data-test=tag-name]", "client-b").await;
    b.click("[data-test=save-tag]").await;
    b.wait_for_text("[data-test=tag-list]", "client-b").await;
    assert!(!b.text("[data-test=tag-list]").await.contains("client-a"));
    b.screenshot("tags-page").await;

    // Given to a project on its page (one request with the whole choice).
    let (shop, _) = project_tags(&sandbox, "shop").await;
    b.open(&sandbox, &format!("#/i/{inst}/project/{shop}"))
        .await;
    b.wait_for_text("[data-test=project-tags]", "production")
        .await;
    b.click("[data-test=edit-project-tags]").await;
    b.wait_for("[data-test=tag-choice]").await;
    b.click_text("[data-test=tag-choice]", "client-b").await;
    b.screenshot("tags-project-dialog").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_gone(".dialog").await;
    b.wait_for_text("[data-test=project-tags]", "client-b")
        .await;
    let (_, tags) = project_tags(&sandbox, "shop").await;
    assert_eq!(tags.len(), 2, "{tags:?}");
    assert!(tags.contains(&"client-b".to_string()) && tags.contains(&"production".to_string()));

    // Deleted with a typed confirmation: it comes off the project.
    b.open(&sandbox, &format!("#/i/{inst}/tags")).await;
    b.wait_for_text("[data-test=tag-list]", "client-b").await;
    tag_action(&b, "client-b", "delete").await;
    b.wait_for_text(".dialog", "It comes off the one project that carries it")
        .await;
    assert!(b
        .attr("[data-test=confirm-button]", "disabled")
        .await
        .is_some());
    b.type_text("[data-test=confirm-input]", "client-b").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_gone(".dialog").await;
    b.wait_until(
        "!document.querySelector('[data-test=tag-list]').textContent.includes('client-b')",
    )
    .await;
    let (_, tags) = project_tags(&sandbox, "shop").await;
    assert_eq!(tags, ["production"]);
    assert!(!b.exists(".alert--error").await, "no error shown");
    b.close().await;
}

/// An instance from before tags (v0.24.12): no tags on the cards or the project page, no Tags
/// in the settings' navigation, and the Tags page says why.
#[tokio::test]
async fn an_instance_before_tags_shows_none() {
    let sandbox = Sandbox::start_with(&["--era", "v0.24.12"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.wait_for("[data-test=project-card]").await;
    assert!(!b.exists("[data-test=card-tags]").await);
    b.open(&sandbox, &format!("#/i/{inst}/tags")).await;
    b.wait_for_text("[data-test=tags-unsupported]", "Tags arrived in v0.29")
        .await;
    assert!(
        b.exists("[data-test=settings-tags][hidden]").await,
        "no Tags tab"
    );
    let (shop, _) = project_tags(&sandbox, "shop").await;
    b.open(&sandbox, &format!("#/i/{inst}/project/{shop}"))
        .await;
    b.wait_for("[data-test=project-title]").await;
    b.wait_for("[data-test=service-list]").await;
    assert!(!b.exists("[data-test=edit-project-tags]").await);
    b.close().await;
}

/// Clicks `action` (`data-action`) in the row of `list` (`data-test` of its rows) whose first
/// cell is `name`.
async fn row_action(b: &Browser, rows: &str, name: &str, action: &str) {
    let done = b
        .js(
            "const r = [...document.querySelectorAll(`[data-test=${arguments[0]}]`)] \
               .find(r => r.querySelector('strong').textContent === arguments[1]); \
             if (!r) return false; r.querySelector(`[data-action=${arguments[2]}]`).click(); return true;",
            vec![
                serde_json::json!(rows),
                serde_json::json!(name),
                serde_json::json!(action),
            ],
        )
        .await;
    assert_eq!(done, Json::Bool(true), "no {rows} for {name}");
}

#[tokio::test]
async fn registries_are_added_tested_edited_and_deleted_without_showing_a_password() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &admin(&inst)).await;
    b.click("[data-test=settings-registries]").await;
    b.wait_for_fragment("/registries").await;
    b.wait_for_text("[data-test=registry-list]", "ghcr.io")
        .await;
    let seeded = b.texts("[data-test=registry-row]").await;
    assert_eq!(seeded.len(), 2, "{seeded:?}");

    // Checked before sending.
    b.click("[data-test=save-registry]").await;
    b.wait_for_text(
        "[data-test=error-registry-url]",
        "Enter the registry's address",
    )
    .await;
    assert!(b.exists("[data-test=error-registry-password]").await);

    // A login the server cannot make: said on the address, in words; nothing typed is lost.
    b.type_text("[data-test=registry-name]", "harbor").await;
    b.type_text("[data-test=registry-url]", "unreachable.example.com:9")
        .await;
    b.type_text("[data-test=registry-username]", "robot").await;
    b.type_text("[data-test=registry-password]", "typed-s3cret")
        .await;
    b.type_text("[data-test=registry-prefix]", "team").await;
    b.click("[data-test=test-registry-login]").await;
    b.wait_for_text(
        "[data-test=error-registry-url]",
        "could not log in to this registry: nothing answered at this address",
    )
    .await;
    b.click("[data-test=save-registry]").await;
    b.wait_for_text("[data-test=error-registry-url]", "nothing answered")
        .await;
    assert_eq!(
        b.value("[data-test=registry-password]").await,
        "typed-s3cret"
    );
    assert_eq!(b.value("[data-test=registry-name]").await, "harbor");
    b.screenshot("registries-login-refused").await;

    // Tested, then added.
    b.type_text("[data-test=registry-url]", "harbor.example.com")
        .await;
    b.click("[data-test=test-registry-login]").await;
    b.wait_for_text(
        "[data-test=registry-test-ok]",
        "logged in to harbor.example.com",
    )
    .await;
    b.click("[data-test=save-registry]").await;
    b.wait_for_text("[data-test=registry-list]", "harbor.example.com")
        .await;
    assert_eq!(b.value("[data-test=registry-name]").await, "");
    let all = sandbox.api("registry.all").await;
    let harbor = all
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["registryName"] == "harbor")
        .expect("saved")
        .clone();
    assert_eq!(harbor["password"], "typed-s3cret");
    assert_eq!(harbor["imagePrefix"], "team");

    // A saved registry tested from its row, with its own password (v0.30).
    row_action(&b, "registry-row", "ghcr", "test").await;
    b.wait_for_text(
        "[data-test=registry-row-test]",
        "The server logged in to ghcr.",
    )
    .await;

    // Edited: the password is never read back, and kept unless a new one is typed.
    row_action(&b, "registry-row", "harbor", "edit").await;
    b.wait_for_text("[data-test=save-registry]", "Save registry")
        .await;
    assert_eq!(b.value("[data-test=registry-password]").await, "");
    assert!(b.exists("[data-test=password-kept]").await);
    b.click("[data-test=test-registry-login]").await;
    b.wait_for("[data-test=registry-test-ok]").await;
    b.type_text("[data-test=registry-prefix]", "platform").await;
    b.click("[data-test=save-registry]").await;
    b.wait_for_text("[data-test=registry-list]", "platform")
        .await;
    let all = sandbox.api("registry.all").await;
    let harbor = all
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["registryName"] == "harbor")
        .unwrap()
        .clone();
    assert_eq!(harbor["password"], "typed-s3cret", "kept");
    let text = b.page_text().await;
    for secret in ["typed-s3cret", "ghp_demoBotReadPackages2026"] {
        assert!(!text.contains(secret), "{secret} shown");
    }
    b.screenshot("registries-page").await;

    // Deleted after typing its name.
    row_action(&b, "registry-row", "harbor", "delete").await;
    b.type_text("[data-test=confirm-input]", "harbor").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("![...document.querySelectorAll('[data-test=registry-row]')].some(r => r.textContent.includes('harbor'))")
        .await;
    b.close().await;
}

#[tokio::test]
async fn ssh_keys_are_generated_added_copied_and_deleted() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/ssh-keys")).await;
    b.wait_for_text("[data-test=ssh-key-list]", "deploy-key")
        .await;
    assert!(!b.page_text().await.contains("PRIVATE KEY"));

    // A pair generated on the server fills the form.
    b.type_text("[data-test=key-name]", "ci-key").await;
    b.click("[data-test=generate-ed25519]").await;
    b.wait_until(
        "document.querySelector('[data-test=key-public]').value.startsWith('ssh-ed25519 ')",
    )
    .await;
    assert!(b
        .value("[data-test=key-private]")
        .await
        .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));
    assert_eq!(b.value("[data-test=key-name]").await, "ci-key");
    b.screenshot("ssh-keys-generated").await;
    b.click("[data-test=save-ssh-key]").await;
    b.wait_for_text("[data-test=ssh-key-list]", "ci-key").await;
    assert_eq!(
        b.value("[data-test=key-private]").await,
        "",
        "the form is cleared"
    );
    assert!(!b.page_text().await.contains("PRIVATE KEY"));

    // A pasted key that is not one is refused before sending.
    b.type_text("[data-test=key-name]", "bad").await;
    b.type_text("[data-test=key-public]", "not a key").await;
    b.click("[data-test=save-ssh-key]").await;
    b.wait_for_text("[data-test=error-key-private]", "Paste the private key")
        .await;
    assert!(b.exists("[data-test=error-key-public]").await);

    // Copy puts the whole public key on the clipboard.
    b.js(
        "navigator.clipboard.writeText = (t) => { window.copiedText = t; return Promise.resolve(); }; return true;",
        vec![],
    )
    .await;
    row_action(&b, "ssh-key-row", "deploy-key", "copy").await;
    b.wait_for_text("[data-test=copied]", "deploy-key").await;
    let copied = b.js("return window.copiedText", vec![]).await;
    let keys = sandbox.api("sshKey.all").await;
    let seeded = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "deploy-key")
        .unwrap()
        .clone();
    assert_eq!(copied, seeded["publicKey"]);
    b.screenshot("ssh-keys-page").await;

    // Deleted after typing its name.
    row_action(&b, "ssh-key-row", "ci-key", "delete").await;
    b.type_text("[data-test=confirm-input]", "ci-key").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("![...document.querySelectorAll('[data-test=ssh-key-row]')].some(r => r.textContent.includes('ci-key'))")
        .await;
    b.close().await;
}

#[tokio::test]
async fn a_member_without_the_permission_is_told_not_failed() {
    let sandbox = Sandbox::start().await;
    for (page, list) in [
        ("registries", "registry-list"),
        ("ssh-keys", "ssh-key-list"),
        ("servers", "server-list"),
        ("notifications", "notification-list"),
    ] {
        let b = Browser::start().await;
        let inst = connect(&b, &sandbox.url, MEMBER_KEY).await;
        b.open(&sandbox, &format!("#/i/{inst}/{page}")).await;
        b.wait_for_text(
            &format!("[data-test={list}] .alert"),
            "grant the permission",
        )
        .await;
        b.close().await;
    }
}

/// The 2024 eras have registries and SSH keys too (no saved-registry test before v0.30, no
/// organization on a v0.18 key).
#[tokio::test]
async fn older_instances_manage_registries_and_ssh_keys() {
    for era in [&["--era", "v0.24.12"][..], &["--legacy"][..]] {
        let sandbox = Sandbox::start_with(era).await;
        let b = Browser::start().await;
        let inst = b.connect(&sandbox).await;
        b.open(&sandbox, &format!("#/i/{inst}/registries")).await;
        b.wait_for_text("[data-test=registry-list]", "ghcr.io")
            .await;
        assert!(
            !b.exists("[data-test=registry-list] [data-action=test]")
                .await,
            "{era:?}: no saved-registry test"
        );
        b.click("[data-test=settings-ssh-keys]").await;
        b.wait_for_text("[data-test=ssh-key-list]", "deploy-key")
            .await;
        b.type_text("[data-test=key-name]", "old-era-key").await;
        b.click("[data-test=generate-ed25519]").await;
        b.wait_until(
            "document.querySelector('[data-test=key-public]').value.startsWith('ssh-ed25519 ')",
        )
        .await;
        b.click("[data-test=save-ssh-key]").await;
        b.wait_for_text("[data-test=ssh-key-list]", "old-era-key")
            .await;
        b.close().await;
    }
}

#[tokio::test]
async fn certificates_show_their_domain_and_expiry_and_are_added_and_deleted() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/registries")).await;
    b.click("[data-test=settings-certificates]").await;
    b.wait_for_fragment("/certificates").await;
    // The seeded certificate ends 21 days after the sandbox started: flagged.
    b.wait_for_text("[data-test=certificate-list]", "internal.example.com")
        .await;
    b.wait_for_text("[data-test=expiry-warning]", "Expires in")
        .await;

    // Both PEMs checked before sending.
    b.type_text("[data-test=cert-name]", "rec-wave2").await;
    b.type_text("[data-test=cert-data]", "not a certificate")
        .await;
    b.click("[data-test=save-certificate]").await;
    b.wait_for_text("[data-test=error-cert-data]", "PEM").await;
    assert!(b.exists("[data-test=error-cert-key]").await);

    // The recorded certificate, added: its domain and end read from it.
    let rec: Json = serde_json::from_str(
        &std::fs::read_to_string("recordings/dokploy/v0.30.2/certificates.one.json").unwrap(),
    )
    .unwrap();
    let pem = rec["certificateData"].as_str().unwrap();
    b.js(
        "const t = document.querySelector('[data-test=cert-data]'); t.value = arguments[0]; t.dispatchEvent(new Event('input', { bubbles: true })); return true;",
        vec![serde_json::json!(pem)],
    )
    .await;
    b.type_text(
        "[data-test=cert-key]",
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
    )
    .await;
    b.click("[data-test=save-certificate]").await;
    b.wait_for_text("[data-test=certificate-list]", "rec-wave2.localhost")
        .await;
    assert_eq!(
        b.value("[data-test=cert-key]").await,
        "",
        "the form is cleared"
    );
    assert!(!b.page_text().await.contains("PRIVATE KEY"));
    assert!(b
        .text("[data-test=certificate-list]")
        .await
        .contains("2027-01-01"));
    b.screenshot("certificates-page").await;

    // Deleted after typing its name.
    row_action(&b, "certificate-row", "rec-wave2", "delete").await;
    b.type_text("[data-test=confirm-input]", "rec-wave2").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("![...document.querySelectorAll('[data-test=certificate-row]')].some(r => r.textContent.includes('rec-wave2'))")
        .await;
    b.close().await;
}

/// Settings › Git providers: each connected account with its host and who sees it, connecting
/// left to Dokploy with a link there, removed after typing its name.
#[tokio::test]
async fn git_providers_are_listed_linked_to_dokploy_and_removed() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/git-providers")).await;
    b.wait_for_text("[data-test=git-provider-list]", "Skiff Demo GitHub App")
        .await;
    let list = b.text("[data-test=git-provider-list]").await;
    for want in [
        "github.com",
        "skiff-demo-github-app",
        "Acme GitLab",
        "gitlab.com",
        "Everyone in the organization",
        "Only whoever added it",
    ] {
        assert!(list.contains(want), "{want} missing: {list}");
    }
    // Served by the sandbox in front of the API, Skiff cannot know where Dokploy's own pages
    // are: the link says where to set that address.
    assert!(b
        .text("[data-test=connect-in-dokploy]")
        .await
        .contains("Connect an account in Dokploy"),);
    assert!(
        b.exists("[data-test=connect-in-dokploy] [data-test=dokploy-link-unknown]")
            .await
    );
    b.screenshot("git-providers-page").await;

    row_action(&b, "git-provider-row", "Acme GitLab", "remove").await;
    b.wait_for("[data-test=confirm-input]").await;
    b.type_text("[data-test=confirm-input]", "Acme GitLab")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("![...document.querySelectorAll('[data-test=git-provider-row]')].some(r => r.textContent.includes('Acme GitLab'))")
        .await;
    let left = sandbox.api("gitProvider.getAll").await;
    assert_eq!(left.as_array().map(Vec::len), Some(1));
    b.close().await;
}

/// Settings › Servers: each remote server with its address, key and the services on it, its
/// metrics on demand, and a failed read said in words (a member: see
/// `a_member_without_the_permission_is_told_not_failed`).
#[tokio::test]
async fn servers_show_what_runs_on_them_and_their_metrics() {
    let sandbox = Sandbox::start_with(&["--remote-server"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/servers")).await;
    b.wait_for_text("[data-test=server-list]", "build-01").await;
    b.wait_for_text("[data-test=server-list]", "storefront")
        .await;
    let edge = b
        .js(
            "return [...document.querySelectorAll('[data-test=server-row]')].find(r => r.querySelector('h3').textContent === 'edge-1').textContent",
            vec![],
        )
        .await;
    let edge = edge.as_str().unwrap_or_default().to_string();
    for want in [
        "root@203.0.113.20:22",
        "deploy-key",
        "storefront",
        "monitoring",
        "shop › production",
    ] {
        assert!(edge.contains(want), "{want} missing: {edge}");
    }
    assert!(b.page_text().await.contains("Builds images"));

    let metrics = |name: &'static str| {
        format!(
            "[...document.querySelectorAll('[data-test=server-row]')].find(r => r.querySelector('h3').textContent === '{name}').querySelector('[data-action=metrics]').click(); return true;"
        )
    };
    b.js(&metrics("build-01"), vec![]).await;
    b.wait_for_text("[data-test=server-metrics]", "CPU").await;
    assert_eq!(b.find_all(".sparks svg").await.len(), 2);
    assert!(!b.page_text().await.contains("fake-metrics-token"));
    b.screenshot("servers-page").await;

    // A failed read says so on the server and offers another try.
    sandbox.set_faults("server.getServerMetrics:503:1").await;
    b.js(&metrics("edge-1"), vec![]).await;
    b.wait_for("[data-test=metrics-error]").await;
    assert!(
        !b.exists("[data-test=server-metrics]").await,
        "one server's metrics at a time"
    );
    sandbox.set_faults("").await;
    b.click("[data-test=metrics-error] [data-action=metrics-retry]")
        .await;
    b.wait_for_text("[data-test=server-metrics]", "GB").await;
    b.close().await;
}

/// The 2024 eras have git providers and servers too: v0.18.4 answers the providers' secrets,
/// which are never shown, and names the metrics `admin.getServerMetrics`.
#[tokio::test]
async fn older_instances_list_git_providers_and_servers() {
    for era in [&["--era", "v0.24.12"][..], &["--legacy"][..]] {
        let sandbox = Sandbox::start_with(era).await;
        let b = Browser::start().await;
        let inst = b.connect(&sandbox).await;
        b.open(&sandbox, &format!("#/i/{inst}/git-providers")).await;
        b.wait_for_text("[data-test=git-provider-list]", "Acme GitLab")
            .await;
        let text = b.page_text().await;
        assert!(text.contains("gitlab.com"), "{era:?}: {text}");
        for secret in ["fake-", "PRIVATE KEY", "gloas"] {
            assert!(!text.contains(secret), "{era:?} shows {secret}");
        }
        b.click("[data-test=settings-servers]").await;
        b.wait_for_text("[data-test=server-list]", "build-01").await;
        b.click("[data-test=server-list] [data-action=metrics]")
            .await;
        b.wait_for_text("[data-test=server-metrics]", "CPU").await;
        b.close().await;
    }
}

/// Settings › Notifications: a Slack notification added with its events and tested (the
/// sandbox's port 9 refuses, said in words), edited without its webhook shown in the list, an
/// ntfy one's test delivered, and one deleted after typing its name.
#[tokio::test]
async fn notifications_are_added_tested_edited_and_deleted() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/notifications")).await;
    b.wait_for_text("[data-test=notification-list]", "Deploys to #ops")
        .await;
    let list = b.text("[data-test=notification-list]").await;
    assert!(list.contains("Backups on ntfy"), "{list}");
    assert!(
        !list.contains("fake-webhook-secret"),
        "a webhook's secret path is never listed"
    );

    // A Slack notification to an address that refuses: nothing typed is lost.
    b.type_text("[data-test=n-name]", "Releases").await;
    b.type_text(
        "[data-test=n-webhook]",
        "https://hooks.slack.example:9/services/T/B/secret-hook",
    )
    .await;
    b.type_text("[data-test=n-channel]", "#releases").await;
    b.click("[data-test=n-ev-cleanup]").await;
    b.click("[data-test=test-form]").await;
    b.wait_for_text("[data-test=test-failed]", "could not deliver")
        .await;
    assert_eq!(b.value("[data-test=n-name]").await, "Releases");
    b.screenshot("notifications-test-failed").await;
    b.click("[data-test=save-notification]").await;
    b.wait_for_text("[data-test=notification-list]", "Releases")
        .await;
    assert_eq!(
        b.value("[data-test=n-name]").await,
        "",
        "the form is cleared"
    );
    let all = sandbox.api("notification.all").await;
    let made = all
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "Releases")
        .unwrap()
        .clone();
    assert_eq!(made["slack"]["channel"], "#releases");
    assert_eq!(made["dockerCleanup"], true);
    assert_eq!(made["appDeploy"], true, "deploys are on by default");
    assert!(!b
        .text("[data-test=notification-list]")
        .await
        .contains("secret-hook"));

    // Edited: the stored webhook is kept (masked in its field), the channel changed.
    row_action(&b, "notification-row", "Releases", "edit").await;
    b.wait_for_text("[data-test=save-notification]", "Save changes")
        .await;
    assert_eq!(
        b.attr("[data-test=n-webhook]", "type").await.as_deref(),
        Some("password")
    );
    b.type_text("[data-test=n-channel]", "#deploys").await;
    b.click("[data-test=save-notification]").await;
    b.wait_for_text("[data-test=notification-list]", "#deploys")
        .await;
    let all = sandbox.api("notification.all").await;
    let edited = all
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "Releases")
        .unwrap()
        .clone();
    assert_eq!(edited["slack"]["channel"], "#deploys");
    assert_eq!(
        edited["slack"]["webhookUrl"],
        "https://hooks.slack.example:9/services/T/B/secret-hook"
    );

    // A saved one tested from its row.
    row_action(&b, "notification-row", "Backups on ntfy", "test").await;
    b.wait_for_text("[data-test=test-sent]", "Backups on ntfy")
        .await;
    b.screenshot("notifications-page").await;

    // Deleted after typing its name.
    row_action(&b, "notification-row", "Releases", "delete").await;
    b.type_text("[data-test=confirm-input]", "Releases").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("![...document.querySelectorAll('[data-test=notification-row]')].some(r => r.textContent.includes('Releases'))")
        .await;
    b.close().await;
}

/// A 2024 instance offers the providers it has (no ntfy, no custom webhook) and the events it
/// has (no volume or Dokploy backups), and takes a Telegram notification without a topic.
#[tokio::test]
async fn a_2024_instance_has_its_own_providers_and_events() {
    let sandbox = Sandbox::start_with(&["--legacy"]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/notifications")).await;
    b.wait_for_text("[data-test=notification-list]", "Deploys to #ops")
        .await;
    let kinds = b
        .js(
            "return [...document.querySelectorAll('[data-test=n-kind] option')].map(o => o.value).join(',')",
            vec![],
        )
        .await;
    assert_eq!(kinds, "slack,discord,telegram,email");
    assert!(!b.exists("[data-test=n-ev-volume-backup]").await);
    b.select("[data-test=n-kind]", "telegram").await;
    b.wait_for("[data-test=n-bot-token]").await;
    assert!(
        !b.exists("[data-test=n-thread-id]").await,
        "v0.18 has no topics"
    );
    b.type_text("[data-test=n-name]", "Team chat").await;
    b.type_text("[data-test=n-bot-token]", "123456:ABCdef")
        .await;
    b.type_text("[data-test=n-chat-id]", "-100123").await;
    b.click("[data-test=save-notification]").await;
    b.wait_for_text("[data-test=notification-list]", "Team chat")
        .await;
    b.close().await;
}

/// Opens settings page `page` of a new connection to `sandbox` with `key`, and waits for `list`
/// to show `text`.
async fn open_settings(
    b: &Browser,
    sandbox: &Sandbox,
    key: &str,
    page: &str,
    list: &str,
    text: &str,
) -> String {
    let inst = connect(b, &sandbox.url, key).await;
    b.open(sandbox, &format!("#/i/{inst}/{page}")).await;
    b.wait_for_text(&format!("[data-test={list}]"), text).await;
    inst
}

/// Sets where instance `inst`'s Dokploy dashboard is (as All instances › Manage does).
async fn set_dashboard(b: &Browser, inst: &str, address: &str) {
    b.js(
        "localStorage.setItem('skiff.dashboard.' + arguments[0], arguments[1])",
        vec![serde_json::json!(inst), serde_json::json!(address)],
    )
    .await;
}

/// Issue 22, point 8 (v0.30.2): an owner sees members with their role and who may be
/// removed, invites (the link copied), is told a taken address on the field, revokes an
/// invitation and deletes a user after typing their email; the audit log's enterprise check is
/// explained, not failed; a member is told to ask.
#[tokio::test]
async fn people_are_invited_revoked_and_removed() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = open_settings(
        &b,
        &sandbox,
        &sandbox.key,
        "people",
        "person-list",
        "Dev Admin",
    )
    .await;
    set_dashboard(&b, &inst, "https://dokploy.example.com").await;
    let members = b.text("[data-test=person-list]").await;
    assert!(members.contains("The owner cannot be removed"), "{members}");
    assert!(members.contains("Admin"), "{members}");
    b.wait_for_text("[data-test=invitation-list]", "new-hire@example.com")
        .await;
    assert!(b
        .text("[data-test=invitation-list]")
        .await
        .contains("Pending"));
    b.wait_for_text("[data-test=audit-unlicensed]", "enterprise edition")
        .await;
    assert!(!b.exists("[data-test=people-audit] .alert--error").await);

    // Invite: the address lower-cased, the link made and shown.
    b.type_text("[data-test=invite-email]", "Ada@Example.com")
        .await;
    b.select("[data-test=invite-role]", "admin").await;
    b.click("[data-test=send-invite]").await;
    b.wait_for_text(
        "[data-test=invitation-url]",
        "https://dokploy.example.com/invitation?token=",
    )
    .await;
    b.wait_for_text("[data-test=invitation-list]", "ada@example.com")
        .await;
    let invited = sandbox.api("organization.allInvitations").await;
    let ada = invited
        .as_array()
        .and_then(|l| l.iter().find(|i| i["email"] == "ada@example.com"))
        .cloned()
        .expect("the invitation is made");
    assert_eq!(ada["role"], "admin");
    assert!(b
        .text("[data-test=invitation-url]")
        .await
        .ends_with(ada["id"].as_str().unwrap()));
    assert_eq!(b.value("[data-test=invite-email]").await, "");
    b.screenshot("people-invited").await;

    // The same address again: said on the field, the address kept.
    b.type_text("[data-test=invite-email]", "ada@example.com")
        .await;
    b.click("[data-test=send-invite]").await;
    b.wait_for_text(
        "[data-test=error-invite-email]",
        "An invitation has already been sent",
    )
    .await;
    assert_eq!(b.value("[data-test=invite-email]").await, "ada@example.com");

    // Revoke after typing the address.
    row_action(&b, "invitation-row", "new-hire@example.com", "revoke").await;
    b.type_text("[data-test=confirm-input]", "new-hire@example.com")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("![...document.querySelectorAll('[data-test=invitation-row]')].some(r => r.textContent.includes('new-hire@'))")
        .await;

    // Delete a user after typing their email.
    row_action(&b, "person-row", "Dev Admin", "remove").await;
    b.type_text("[data-test=confirm-input]", "dev@example.com")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_for_text("[data-test=person-removed]", "Dev Admin is deleted")
        .await;
    b.wait_until("![...document.querySelectorAll('[data-test=person-row]')].some(r => r.textContent.includes('Dev Admin'))")
        .await;
    let left = sandbox.api("user.all").await;
    assert!(!left.to_string().contains("dev@example.com"));
    b.close().await;

    // A member is told to ask, and Skiff asks Dokploy nothing it would refuse.
    let asked = sandbox.calls("organization.allInvitations").await;
    let b = Browser::start().await;
    let inst = connect(&b, &sandbox.url, MEMBER_KEY).await;
    b.open(&sandbox, &format!("#/i/{inst}/people")).await;
    b.wait_for_text("[data-test=people-denied]", "Only owners and admins")
        .await;
    assert_eq!(sandbox.calls("organization.allInvitations").await, asked);
    b.close().await;
}

/// v0.24.12 lists and revokes invitations but invites from Dokploy's own dashboard only;
/// v0.18.4 invites by email (the link read back from `user.all`) and removes users.
#[tokio::test]
async fn older_instances_have_their_own_people() {
    let sandbox = Sandbox::start_with(&["--era", "v0.24.12"]).await;
    let b = Browser::start().await;
    open_settings(
        &b,
        &sandbox,
        &sandbox.key,
        "people",
        "invitation-list",
        "new-hire@example.com",
    )
    .await;
    b.wait_for_text("[data-test=invite-in-dokploy]", "Invite in Dokploy")
        .await;
    assert!(!b.exists("[data-test=invite-form]").await);
    assert!(!b.exists("[data-test=people-audit]").await);
    b.wait_for_text("[data-test=person-list]", "Dev Admin")
        .await;
    b.close().await;

    let sandbox = Sandbox::start_with(&["--legacy"]).await;
    let b = Browser::start().await;
    let inst = open_settings(
        &b,
        &sandbox,
        &sandbox.key,
        "people",
        "legacy-user-list",
        "new-hire@example.com",
    )
    .await;
    set_dashboard(&b, &inst, "https://dokploy.example.com").await;
    assert!(b
        .text("[data-test=legacy-user-list]")
        .await
        .contains("dev@example.com"));
    b.type_text("[data-test=invite-email]", "grace@example.com")
        .await;
    b.click("[data-test=send-invite]").await;
    b.wait_for_text(
        "[data-test=invitation-url]",
        "https://dokploy.example.com/invitation?token=",
    )
    .await;
    b.wait_for_text("[data-test=legacy-user-list]", "grace@example.com")
        .await;
    b.screenshot("people-2024").await;
    row_action(&b, "legacy-user-row", "grace@example.com", "remove").await;
    b.type_text("[data-test=confirm-input]", "grace@example.com")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("![...document.querySelectorAll('[data-test=legacy-user-row]')].some(r => r.textContent.includes('grace@'))")
        .await;
    b.close().await;
}
