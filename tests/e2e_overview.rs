//! End-to-end: the projects overview keeps its features while built for scale: search in the
//! URL (typing keeps focus and asks the server nothing), sort, counts, create / rename /
//! delete from the cards, a matched service opens its page, 130 projects drawn a page at a time
//! ("Show more" and scrolling), one `project.all` for the first load (prefetched before the app
//! mounts), a refresh that changed nothing touches no card and one that did shows it.

mod common;

use common::*;

async fn titles(b: &Browser) -> Vec<String> {
    b.texts("[data-test=project-card] .card__title").await
}

fn project_all(stats: &Json) -> u64 {
    stats["procedures"]["project.all"].as_u64().unwrap_or(0)
}

#[tokio::test]
async fn search_sort_and_counts_without_refetching() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.wait_for("[data-test=totals]").await;
    let totals = b.text("[data-test=totals]").await;
    assert!(totals.contains("3 projects"), "{totals}");

    let before = project_all(&sandbox.stats().await);
    b.type_text("#project-search", "shop").await;
    b.wait_for_fragment(&format!("#/i/{inst}/projects?q=shop"))
        .await;
    b.wait_until("document.querySelectorAll('[data-test=project-card]').length === 1")
        .await;
    assert_eq!(titles(&b).await, vec!["shop"]);
    // Still the same input, focused: the page was not rebuilt by the keystrokes.
    let focused = b
        .js(
            "return document.activeElement && document.activeElement.id",
            vec![],
        )
        .await;
    assert_eq!(focused, json!("project-search"));
    // A service name finds its project and lists the service.
    b.type_text("#project-search", "monitoring").await;
    b.wait_for_text("[data-test=matched-services]", "monitoring")
        .await;
    assert_eq!(
        project_all(&sandbox.stats().await),
        before,
        "typing asks the server nothing"
    );
    // Nothing matches: said so.
    b.type_text("#project-search", "no-such-thing").await;
    b.wait_for_text(".card.empty", "Nothing matches this search.")
        .await;
    // The empty list takes no room (its pages' negative margin would pull what follows up).
    let margin = b
        .js(
            "return getComputedStyle(document.querySelector('[data-test=project-list]')).marginTop",
            vec![],
        )
        .await;
    assert_eq!(margin, json!("0px"));

    // The search survives a reload (it is in the URL).
    b.open(&sandbox, &format!("#/i/{inst}/projects?q=blog"))
        .await;
    b.reload().await;
    b.wait_until("document.querySelectorAll('[data-test=project-card]').length === 1")
        .await;
    assert_eq!(b.value("#project-search").await, "blog");

    // Sort by name, then by last change; the choice goes into the URL.
    b.open(&sandbox, &format!("#/i/{inst}/projects")).await;
    b.wait_for("[data-test=project-card]").await;
    let by_name = titles(&b).await;
    let mut sorted = by_name.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(by_name, sorted);
    b.select("#project-sort", "recent").await;
    b.wait_for_fragment("sort=recent").await;
    b.close().await;
}

#[tokio::test]
async fn create_rename_and_delete_from_the_overview() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    b.connect(&sandbox).await;
    b.wait_for("[data-test=project-card]").await;

    b.click("[data-test=new-project]").await;
    b.type_text("#project-name", "e2e-overview").await;
    b.type_text("#project-description", "made by e2e_overview")
        .await;
    b.click("[data-test=create-project]").await;
    b.wait_for_text("[data-test=project-card]", "e2e-overview")
        .await;
    assert!(b.page_text().await.contains("made by e2e_overview"));

    // Rename from the card (the list's one click handler finds the card's buttons).
    b.type_text("#project-search", "e2e-overview").await;
    b.wait_until("document.querySelectorAll('[data-test=project-card]').length === 1")
        .await;
    b.click("[data-test=project-card] [data-action=rename]")
        .await;
    b.type_text("#rename-name", "e2e-renamed").await;
    b.click_text(".dialog button", "Save").await;
    b.wait_gone(".dialog").await;
    b.type_text("#project-search", "e2e-renamed").await;
    b.wait_for_text("[data-test=project-card]", "e2e-renamed")
        .await;
    assert!(sandbox
        .projects()
        .await
        .iter()
        .any(|p| p["name"] == "e2e-renamed"));

    // Delete asks for the name.
    b.click("[data-test=project-card] [data-action=delete]")
        .await;
    b.wait_for("[data-test=confirm-input]").await;
    let disabled = b.attr("[data-test=confirm-button]", "disabled").await;
    assert!(disabled.is_some(), "disabled until the name is typed");
    b.type_text("[data-test=confirm-input]", "e2e-renamed")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_for_text(".card.empty", "Nothing matches this search.")
        .await;
    assert!(!sandbox
        .projects()
        .await
        .iter()
        .any(|p| p["name"] == "e2e-renamed"));
    b.close().await;
}

#[tokio::test]
async fn a_matched_service_opens_its_page() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/projects?q=monitoring"))
        .await;
    b.click_text("[data-test=matched-services] a", "monitoring")
        .await;
    b.wait_for_fragment(&format!("#/i/{inst}/compose/")).await;
    b.wait_for_text("main h1", "monitoring").await;
    b.close().await;
}

const CARDS: &str = "document.querySelectorAll('[data-test=project-card]').length";

#[tokio::test]
async fn many_projects_draw_a_page_at_a_time_and_load_once() {
    let sandbox =
        Sandbox::start_with(&["--seed-projects", "130", "--services-per-project", "3"]).await;
    let b = Browser::start().await;
    b.connect(&sandbox).await;
    b.wait_for("[data-test=project-card]").await;
    b.wait_for_text("[data-test=totals]", "130 projects").await;
    // A page of 24 cards (maybe two, when the end of the first is already near the viewport);
    // the first paint draws 12 of them, the rest come right after.
    b.wait_until(&format!("{CARDS} >= 24")).await;
    let first = b.js(&format!("return {CARDS}"), vec![]).await;
    let first = first.as_u64().unwrap_or(0);
    assert!(first == 24 || first == 48, "{first} cards drawn at first");
    // "Show more" (clicked in place: scrolling to it would draw the next page by itself).
    b.wait_for("[data-test=show-more]").await;
    b.js(
        "document.querySelector('[data-test=show-more]').click(); return true",
        vec![],
    )
    .await;
    b.wait_until(&format!("{CARDS} >= {}", first + 24)).await;
    // Scrolling to the end draws the rest, page by page; then there is nothing more to show.
    b.wait_until(&format!(
        "(window.scrollTo(0, document.documentElement.scrollHeight), {CARDS} === 130)"
    ))
    .await;
    assert!(!b.exists("[data-test=show-more]").await);
    // Drawn as pages of 24, each with paint containment: what keeps scrolling smooth
    // (BENCHMARKS.md, "Cards in pages").
    let pages = "return [...document.querySelectorAll('[data-test=project-list] > .card-page')]\
                 .map(p => getComputedStyle(p).contain.includes('paint') ? p.children.length : -1)";
    assert_eq!(b.js(pages, vec![]).await, json!([24, 24, 24, 24, 24, 10]));
    // A search starts again from the first page.
    b.type_text("#project-search", "project-012").await;
    b.wait_until(&format!("{CARDS} === 10")).await;
    assert_eq!(b.js(pages, vec![]).await, json!([10]));

    // A fresh load of the app asks for project.all once (prefetched before the app mounts;
    // the page takes that answer instead of asking again). Counted by the page itself, so a
    // 15 s refresh of the page before the reload cannot blur the count.
    b.reload().await;
    b.wait_for("[data-test=project-card]").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let asked = b
        .js(
            "return performance.getEntriesByType('resource')\
             .filter(e => e.name.includes('/api/')).map(e => e.name.split('/api/')[1])",
            vec![],
        )
        .await;
    let asked: Vec<String> = serde_json::from_value(asked).unwrap_or_default();
    let all = asked
        .iter()
        .filter(|a| a.starts_with("project.all"))
        .count();
    assert_eq!(all, 1, "one project.all for a load: {asked:?}");
    // Besides, a first round of project.one for the databases project.all gives as bare ids
    // (at most 24), one deployment.allCentralized for the cards' last deployments, and
    // nothing else.
    let one = asked
        .iter()
        .filter(|a| a.starts_with("project.one?"))
        .count();
    let runs = asked
        .iter()
        .filter(|a| a.starts_with("deployment.allCentralized"))
        .count();
    assert!(
        one <= 24 && runs == 1 && all + one + runs == asked.len(),
        "{asked:?}"
    );
    b.close().await;
}

/// The 15 s refresh: an answer equal to the last one is not decoded again and touches no card;
/// a project made elsewhere (here, straight through the API) shows up at the next one.
#[tokio::test]
async fn a_refresh_keeps_unchanged_cards_and_shows_changes() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    b.connect(&sandbox).await;
    b.wait_for("[data-test=project-card]").await;
    // The databases project.all gives as bare ids are filled in first (their cards change).
    b.wait_until("!document.querySelector('[data-test=totals]').innerText.includes('unknown')")
        .await;
    // A rewritten card would be new nodes: the mark would be gone.
    b.js(
        "document.querySelector('[data-test=project-card] .card__title').dataset.kept = '1'; return true",
        vec![],
    )
    .await;
    let asked = |stats: Json| stats["procedures"]["project.all"].as_u64().unwrap_or(0);
    let before = asked(sandbox.stats().await);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(25);
    while asked(sandbox.stats().await) == before {
        assert!(
            std::time::Instant::now() < deadline,
            "no refresh within 25 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        b.exists("[data-test=project-card] .card__title[data-kept]")
            .await,
        "an unchanged answer rewrote the cards"
    );
    sandbox
        .api_post(
            "project.create",
            json!({ "name": "made-elsewhere", "description": "" }),
        )
        .await;
    // Within the wait's 20 s: the next refresh at most 15 s away.
    b.wait_for_text("[data-test=project-card] .card__title", "made-elsewhere")
        .await;
    b.close().await;
    sandbox.stop().await;
}

/// Each card's last deployment (v0.28.3+, one `deployment.allCentralized` for all cards): its
/// outcome, how long ago and which service, as the instance lists its deployments; a deploy
/// made elsewhere shows on the next load, and "Sort by last change" counts it. (An older era
/// is asked nothing it lacks: e2e_eras.)
#[tokio::test]
async fn cards_show_their_last_deployment() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let line = |project: &str| {
        format!(
            "return [...document.querySelectorAll('[data-test=project-card]')]\
             .filter(c => c.querySelector('.card__title').textContent === '{project}')\
             .map(c => (c.querySelector('[data-test=card-last-deploy]') || {{}}).textContent || '')[0] || ''"
        )
    };
    // What the instance lists: the newest deployment of the shop's services.
    let runs = sandbox.api("deployment.allCentralized").await;
    let newest = runs
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| {
            d.pointer("/application/environment/project/name")
                .or_else(|| d.pointer("/compose/environment/project/name"))
                .and_then(Json::as_str)
                == Some("shop")
        })
        .max_by_key(|d| d["createdAt"].as_str().unwrap_or_default().to_string())
        .cloned()
        .expect("the shop has deployments");
    let service = newest
        .pointer("/application/name")
        .or_else(|| newest.pointer("/compose/name"))
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_string();
    b.wait_until(&format!(
        "({}) !== ''",
        line("shop").trim_start_matches("return ")
    ))
    .await;
    let shop = b.js(&line("shop"), vec![]).await;
    let shop = shop.as_str().unwrap_or_default();
    assert!(
        shop.ends_with(&format!(" ago · {service}"))
            || shop.contains(&format!("just now · {service}")),
        "{shop}"
    );
    b.screenshot("overview-last-deployment").await;

    // A deploy made elsewhere: the blog's card says so at the next load, and it leads the
    // projects sorted by last change.
    let ghost = sandbox.service("ghost").await;
    sandbox
        .api_post("application.deploy", json!({ "applicationId": ghost.id }))
        .await;
    b.open(&sandbox, &format!("#/i/{inst}/projects?sort=recent"))
        .await;
    b.reload().await;
    b.wait_until(&format!(
        "/just now · ghost$/.test({})",
        line("blog").trim_start_matches("return ")
    ))
    .await;
    assert_eq!(titles(&b).await.first().map(String::as_str), Some("blog"));
    b.close().await;
    sandbox.stop().await;
}
