//! Browser tests (wasm-bindgen-test in headless Chromium): browser storage, the session's
//! persistence across a reload, and components rendering server text as text.
//! Run by scripts/test: `cargo test --target wasm32-unknown-unknown --test 'wasm_*'`.

#![cfg(target_arch = "wasm32")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use skiff::api::{ApiError, AuthMode};
use skiff::components::ErrorView;
use skiff::state::instances::{Instance, KeyStore};
use skiff::state::session::{last_used, provide_session, use_session};
use skiff::state::storage::{self, Area};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().expect("window")
}

fn local() -> web_sys::Storage {
    window()
        .local_storage()
        .ok()
        .flatten()
        .expect("localStorage")
}

fn tab() -> web_sys::Storage {
    window()
        .session_storage()
        .ok()
        .flatten()
        .expect("sessionStorage")
}

fn clear_storage() {
    let _ = local().clear();
    let _ = tab().clear();
}

fn instance(id: &str, key_store: KeyStore) -> Instance {
    Instance {
        id: id.to_string(),
        name: format!("{id} instance"),
        url: format!("https://{id}.example.com/api"),
        auth: AuthMode::ApiKey,
        key_store,
    }
}

/// A fresh session read from storage, as after a reload, in its own reactive owner.
fn with_fresh_session<R>(f: impl FnOnce(skiff::state::session::Session) -> R) -> R {
    let owner = Owner::new();
    owner.with(|| {
        provide_session();
        f(use_session())
    })
}

fn ids(session: &skiff::state::session::Session) -> Vec<String> {
    session.instances().into_iter().map(|i| i.id).collect()
}

#[wasm_bindgen_test]
fn storage_areas_round_trip() {
    clear_storage();
    assert_eq!(storage::get(Area::Local, "skiff.test"), None);
    storage::set(Area::Local, "skiff.test", "in local").expect("local write");
    storage::set(Area::Session, "skiff.test", "in session").expect("session write");
    assert_eq!(
        storage::get(Area::Local, "skiff.test").as_deref(),
        Some("in local")
    );
    assert_eq!(
        storage::get(Area::Session, "skiff.test").as_deref(),
        Some("in session")
    );
    // The real browser stores agree.
    assert_eq!(
        local().get_item("skiff.test").ok().flatten().as_deref(),
        Some("in local")
    );
    storage::remove(Area::Local, "skiff.test");
    assert_eq!(storage::get(Area::Local, "skiff.test"), None);
    assert_eq!(
        storage::get(Area::Session, "skiff.test").as_deref(),
        Some("in session")
    );
    // Removing what is not there is fine.
    storage::remove(Area::Local, "never-set");
    clear_storage();
}

#[wasm_bindgen_test]
fn session_survives_a_reload_with_keys_where_their_store_says() {
    clear_storage();
    with_fresh_session(|s| {
        assert!(s.instances().is_empty());
        s.save(instance("prod", KeyStore::Local), "prod-key-123")
            .expect("save prod");
        s.save(instance("scratch", KeyStore::Tab), "tab-key-456")
            .expect("save scratch");
        assert!(s.has_key("prod") && s.has_key("scratch"));
        assert!(s.client("prod").is_some());
        assert!(s.client("nope").is_none());
    });

    // The instance list never holds a key; each key is where its KeyStore says.
    let saved = local()
        .get_item("skiff.instances.v1")
        .ok()
        .flatten()
        .expect("instances saved");
    assert!(saved.contains("prod.example.com"), "{saved}");
    assert!(
        !saved.contains("prod-key-123") && !saved.contains("tab-key-456"),
        "keys leaked into the instance list: {saved}"
    );
    assert_eq!(
        local().get_item("skiff.key.prod").ok().flatten().as_deref(),
        Some("prod-key-123")
    );
    assert_eq!(local().get_item("skiff.key.scratch").ok().flatten(), None);
    assert_eq!(
        tab()
            .get_item("skiff.key.scratch")
            .ok()
            .flatten()
            .as_deref(),
        Some("tab-key-456")
    );
    assert_eq!(last_used().as_deref(), Some("scratch"));

    // "Reload": a new session reads everything back, and can forget and remove.
    with_fresh_session(|s| {
        assert_eq!(ids(&s), ["prod", "scratch"]);
        assert!(s.has_key("prod"), "the localStorage key survives");
        assert!(s.has_key("scratch"), "the tab key survives in the same tab");
        s.forget_key("prod");
        assert!(!s.has_key("prod"));
        assert_eq!(
            ids(&s),
            ["prod", "scratch"],
            "forgetting keeps the instance"
        );
        s.remove("scratch");
        assert_eq!(ids(&s), ["prod"]);
    });
    assert_eq!(local().get_item("skiff.key.prod").ok().flatten(), None);
    assert_eq!(tab().get_item("skiff.key.scratch").ok().flatten(), None);

    // A closed tab loses sessionStorage: a Tab key is gone, the instance stays.
    with_fresh_session(|s| {
        s.save(instance("scratch", KeyStore::Tab), "tab-key-456")
            .expect("save again");
    });
    let _ = tab().clear();
    with_fresh_session(|s| {
        assert_eq!(ids(&s), ["prod", "scratch"]);
        assert!(!s.has_key("scratch"));
        assert!(!s.has_key("prod"));
    });
    clear_storage();
}

#[wasm_bindgen_test]
fn damaged_storage_means_no_instances_not_a_crash() {
    clear_storage();
    let _ = local().set_item("skiff.instances.v1", "{not json");
    with_fresh_session(|s| assert!(s.instances().is_empty()));
    let _ = local().set_item("skiff.instances.v1", r#"[{"id": 5}]"#);
    with_fresh_session(|s| assert!(s.instances().is_empty()));
    clear_storage();
}

/// Mounts a view into a new div on the page; returns the div (the view stays mounted).
fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let document = window().document().expect("document");
    let div: web_sys::HtmlElement = document
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document
        .body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    let handle = leptos::mount::mount_to(div.clone(), f);
    handle.forget();
    div
}

#[wasm_bindgen_test]
fn error_view_shows_server_html_as_text() {
    let payload = r#"<img src=x onerror="window.__skiffXss=1"><b>boom</b>"#;
    let error = ApiError::Server {
        status: 500,
        message: payload.to_string(),
    };
    let div = mount(move || view! { <ErrorView error=error /> });
    let text = div.text_content().unwrap_or_default();
    assert!(
        text.contains(&format!("Dokploy failed: {payload}")),
        "the message shows verbatim: {text}"
    );
    assert!(
        text.contains("Check the server's logs"),
        "with advice: {text}"
    );
    assert!(div.query_selector("[role=alert]").ok().flatten().is_some());
    assert!(
        div.query_selector("img, b").ok().flatten().is_none(),
        "server HTML became elements: {}",
        div.inner_html()
    );
    assert!(
        div.query_selector("button").ok().flatten().is_none(),
        "no Retry without on_retry"
    );
    let xss = js_sys::Reflect::get(&window(), &"__skiffXss".into()).unwrap_or_default();
    assert!(xss.is_undefined());
}

#[wasm_bindgen_test]
fn error_view_retry_button_calls_back() {
    let clicks = Arc::new(AtomicUsize::new(0));
    let counter = clicks.clone();
    let div = mount(move || {
        let on_retry = Callback::new(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        view! {
            <ErrorView
                error=ApiError::Unauthorized { message: "<script>bad()</script>".into() }
                on_retry=on_retry
            />
        }
    });
    let text = div.text_content().unwrap_or_default();
    assert!(text.contains("Dokploy refused the API key"), "{text}");
    assert!(div.query_selector("script").ok().flatten().is_none());
    let button: web_sys::HtmlElement = div
        .query_selector("button")
        .ok()
        .flatten()
        .expect("a Retry button")
        .unchecked_into();
    assert_eq!(button.text_content().as_deref(), Some("Retry"));
    button.click();
    button.click();
    assert_eq!(clicks.load(Ordering::Relaxed), 2);
}
