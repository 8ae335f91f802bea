//! End-to-end: Skiff ships in three builds (src/handoff.rs). A returning user's overview is
//! drawn by the small first view alone; the full build is fetched after the list is up and
//! takes over when a page needs it, leaving one app on the page; the settings build takes over
//! for an instance's settings and hands back, as often as a person goes back and forth; a deep
//! link asks for the build it needs at once; a full build that cannot be loaded is explained,
//! and Retry recovers once it is there again.

mod common;

use common::*;

/// Names of the full build's files the page has fetched so far (JS glue, wasm, stylesheet).
const FULL_FETCHED: &str = "return performance.getEntriesByType('resource')
    .filter(e => /skiff-full-|\\/pages-/.test(e.name))
    .map(e => ({ name: e.name.replace(/^.*\\//, ''), start: e.startTime }))";

#[tokio::test]
async fn the_overview_loads_alone_and_hands_over_to_the_full_build() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    // A returning user: the page loads on the overview.
    b.reload().await;
    b.wait_for("[data-test=project-card]").await;
    // index.html's stand-in page was the overview's, and the first view replaced it.
    let boot = b
        .js(
            "return [document.documentElement.dataset.boot, !!document.getElementById('skiff-boot'), document.querySelectorAll('.shell').length]",
            vec![],
        )
        .await;
    assert_eq!(
        boot,
        json!(["overview", false, 1]),
        "stand-in replaced by one app"
    );
    let rendered = b
        .js(
            "const m = performance.getEntriesByName('skiff:list-rendered')[0]; return m ? m.startTime : null",
            vec![],
        )
        .await;
    let rendered = rendered
        .as_f64()
        .unwrap_or_else(|| panic!("no skiff:list-rendered mark: {rendered}"));
    // Nothing of the full build was asked for before the list was drawn.
    let early: Vec<Json> = b
        .js(FULL_FETCHED, vec![])
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e["start"].as_f64().unwrap_or(0.0) <= rendered)
        .collect();
    assert!(early.is_empty(), "fetched before the list: {early:?}");
    // It is fetched in the background shortly after (so a click finds it ready).
    b.wait_until(
        "performance.getEntriesByType('resource').some(e => /skiff-full-.*_bg\\.wasm$/.test(e.name))",
    )
    .await;

    // A project opens in the full build; the first view is gone, not hidden.
    let first = b.text("[data-test=project-card] .card__title").await;
    b.click_text("[data-test=project-card] .card__title", &first)
        .await;
    b.wait_for_fragment(&format!("#/i/{inst}/project/")).await;
    b.wait_for("[data-test=service-row], [data-test=no-services]")
        .await;
    let shells = b
        .js("return document.querySelectorAll('.shell').length", vec![])
        .await;
    assert_eq!(shells, json!(1), "one app on the page");
    assert!(
        b.js(
            "return [...document.styleSheets].some(s => /\\/pages-[0-9a-f]+\\.css$/.test(s.href || ''))",
            vec![]
        )
        .await
            == json!(true),
        "the full build's stylesheet is loaded"
    );
    // Back on the overview (now drawn by the full build), navigation keeps working.
    b.js("history.back()", vec![]).await;
    b.wait_for_fragment(&format!("#/i/{inst}/projects")).await;
    b.wait_for("[data-test=project-card]").await;

    // The settings open in their own build, fetched only now; the full build gives way, then
    // takes the page back, each as often as a person goes back and forth.
    let settings_fetched = "return performance.getEntriesByType('resource')
        .filter(e => /skiff-settings-.*_bg\\.wasm$/.test(e.name)).length";
    assert_eq!(
        b.js(settings_fetched, vec![]).await,
        json!(0),
        "settings not fetched before"
    );
    for round in 0..2 {
        b.click_text(".topbar__nav a", "Settings").await;
        b.wait_for_fragment(&format!("#/i/{inst}/admin")).await;
        b.wait_for("[data-test=settings-tags]").await;
        b.click("[data-test=settings-tags]").await;
        b.wait_for("[data-test=tag-list] table").await;
        b.click_text(".topbar__nav a", "Projects").await;
        b.wait_for("[data-test=project-card]").await;
        b.click_text("[data-test=project-card] .card__title", &first)
            .await;
        b.wait_for("[data-test=service-row], [data-test=no-services]")
            .await;
        let shells = b
            .js("return document.querySelectorAll('.shell').length", vec![])
            .await;
        assert_eq!(shells, json!(1), "one app on the page after round {round}");
    }
    assert_eq!(
        b.js(settings_fetched, vec![]).await,
        json!(1),
        "the settings fetched once"
    );
    b.close().await;
    sandbox.stop().await;
}

/// A copy of the dist the test may break.
struct DistCopy(std::path::PathBuf);

impl DistCopy {
    fn new() -> DistCopy {
        let dir =
            std::env::temp_dir().join(format!("skiff-dist-{}-{}", std::process::id(), free_port()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        for entry in std::fs::read_dir(dist_dir()).expect("dist/") {
            let entry = entry.expect("dist entry");
            if entry.path().is_file() {
                std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy dist");
            }
        }
        DistCopy(dir)
    }

    /// The full build's wasm.
    fn full_wasm(&self) -> std::path::PathBuf {
        std::fs::read_dir(&self.0)
            .expect("dist copy")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.starts_with("skiff-full-") && name.ends_with("_bg.wasm")
            })
            .expect("the full build's wasm in dist/")
    }
}

impl Drop for DistCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn a_full_build_that_fails_to_load_is_explained_and_retried() {
    let dist = DistCopy::new();
    let dir = dist.0.to_string_lossy().to_string();
    let sandbox = Sandbox::start_with(&["--dist", &dir]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    // The site is updated under the open page's feet: its full build is gone (the server then
    // answers with index.html, as static hosts do).
    let wasm = dist.full_wasm();
    let away = wasm.with_extension("away");
    std::fs::rename(&wasm, &away).expect("move the full wasm away");
    b.reload().await;
    b.wait_for("[data-test=project-card]").await;
    let first = b.text("[data-test=project-card] .card__title").await;
    b.click_text("[data-test=project-card] .card__title", &first)
        .await;
    let error = b
        .wait_for_text("[data-test=handoff-error]", "could not load this page")
        .await;
    let text = error.text().await.unwrap_or_default();
    assert!(text.contains("retry") && text.contains("reload"), "{text}");
    // In words: the server sent a page instead of the code (as after an update), not a
    // WebAssembly error message.
    assert!(
        text.contains("probably replaced by a newer version") && !text.contains("magic"),
        "{text}"
    );
    b.screenshot("e2e-handoff-failed-desktop").await;
    // The URL is kept: Retry (once the files are back) opens the page asked for.
    b.wait_for_fragment(&format!("#/i/{inst}/project/")).await;
    std::fs::rename(&away, &wasm).expect("put the full wasm back");
    b.click_text("[data-test=handoff-error] button", "Retry")
        .await;
    b.wait_for("[data-test=service-row], [data-test=no-services]")
        .await;
    assert!(!b.exists("[data-test=handoff-error]").await);
    b.close().await;
    sandbox.stop().await;
}

#[tokio::test]
async fn a_deep_link_fetches_the_full_build_at_once() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    let projects = sandbox.projects().await;
    let id = projects[0]["projectId"].as_str().expect("a project id");
    // A new page load straight onto a project: index.html asks for the full build while the
    // document is parsed, before the first view's wasm even runs.
    b.open(&sandbox, &format!("#/i/{inst}/project/{id}")).await;
    b.reload().await;
    b.wait_for("[data-test=service-row], [data-test=no-services]")
        .await;
    let order = b
        .js(
            "const m = performance.getEntriesByName('skiff:wasm-start')[0];
             const w = performance.getEntriesByType('resource').find(e => /skiff-full-.*_bg\\.wasm$/.test(e.name));
             return [m ? m.startTime : null, w ? w.startTime : null]",
            vec![],
        )
        .await;
    let (main, full) = (order[0].as_f64(), order[1].as_f64());
    // The stand-in page drew no overview for it (only the top bar's brand).
    let boot = b
        .js(
            "return document.documentElement.dataset.boot || null",
            vec![],
        )
        .await;
    assert_eq!(boot, Json::Null, "no stand-in overview on a deep link");
    assert!(
        matches!((main, full), (Some(m), Some(f)) if f < m),
        "the full build's wasm was asked for before the first view ran: {order}"
    );
    b.close().await;
    sandbox.stop().await;
}

/// The `project.all` requests the page made: [start, end] in ms, and the first view's start.
const OVERVIEW_REQUESTS: &str = "return [performance.getEntriesByType('resource')
        .filter(e => /\\/project\\.all(\\?|$)/.test(e.name))
        .map(e => [e.name.replace(/^https?:\\/\\/[^/]+/, ''), e.startTime]),
    (performance.getEntriesByName('skiff:wasm-start')[0] || {}).startTime, 'skiffEarly' in window]";

/// Reloads the overview and returns the page's `project.all` requests (path, start) and when
/// the first view's wasm started; the sandbox saw exactly one request.
async fn reload_overview(b: &Browser, sandbox: &Sandbox) -> (Vec<(String, f64)>, f64) {
    sandbox.reset().await;
    b.reload().await;
    b.wait_for("[data-test=project-card]").await;
    let seen = b.js(OVERVIEW_REQUESTS, vec![]).await;
    assert_eq!(
        seen[2],
        json!(false),
        "the early request is taken off the page"
    );
    let requests = seen[0]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            (
                r[0].as_str().unwrap_or("").to_string(),
                r[1].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect();
    let main = seen[1].as_f64().expect("a skiff:wasm-start mark");
    (requests, main)
}

/// The full build is fetched once the page is left alone: a person scrolling or typing keeps
/// the CPU (its download and compilation would cost their frames).
#[tokio::test]
async fn the_full_build_waits_until_the_page_is_left_alone() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    b.connect(&sandbox).await;
    sandbox.reset().await;
    b.reload().await;
    b.wait_for("[data-test=project-card]").await;
    let fetched = "return performance.getEntriesByType('resource')\
                   .some(e => /skiff-full-.*_bg\\.wasm$/.test(e.name))";
    // Busy for four seconds: a key every half second.
    for _ in 0..8 {
        b.js(
            "document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Shift' })); return true",
            vec![],
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert_eq!(
        b.js(fetched, vec![]).await,
        json!(false),
        "fetched while busy"
    );
    // Left alone, it comes.
    b.wait_until(&fetched.replacen("return ", "", 1)).await;
    b.close().await;
}

#[tokio::test]
async fn the_overview_request_leaves_with_the_page_and_is_asked_once() {
    // Both auth modes: x-api-key (v0.19+) and a 2024 instance's Bearer token.
    for args in [&[][..], &["--legacy"][..]] {
        let sandbox = Sandbox::start_with(args).await;
        let b = Browser::start().await;
        b.connect(&sandbox).await;
        let (requests, main) = reload_overview(&b, &sandbox).await;
        assert_eq!(requests.len(), 1, "{args:?}: one project.all: {requests:?}");
        assert!(
            requests[0].1 < main,
            "{args:?}: sent by index.html before the wasm ran ({main} ms): {requests:?}"
        );
        assert_eq!(
            sandbox.stats().await["procedures"]["project.all"],
            json!(1),
            "{args:?}: the instance was asked once"
        );
        b.close().await;
        sandbox.stop().await;
    }
}

#[tokio::test]
async fn an_early_request_unlike_skiffs_own_is_dropped_and_skiff_asks_itself() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    // The saved address written by hand with a trailing slash: index.html sends to it as it is
    // (`/api//project.all`), Skiff's client to the address it normalises. Its own request is the
    // one whose answer is shown.
    b.js(
        "const list = JSON.parse(localStorage.getItem('skiff.instances.v1'));
         list.forEach(i => { i.url += '/'; });
         localStorage.setItem('skiff.instances.v1', JSON.stringify(list));",
        vec![],
    )
    .await;
    let (requests, main) = reload_overview(&b, &sandbox).await;
    let paths: Vec<&str> = requests.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["/api//project.all", "/api/project.all"],
        "{requests:?}"
    );
    assert!(
        requests[0].1 < main && requests[1].1 > main,
        "{requests:?} / {main}"
    );
    let cards = b
        .js(
            "return document.querySelectorAll('[data-test=project-card]').length",
            vec![],
        )
        .await;
    assert!(cards.as_u64().unwrap_or(0) > 0, "the list is shown");
    assert!(b.fragment().await.starts_with(&format!("#/i/{inst}")));
    b.close().await;
    sandbox.stop().await;
}
