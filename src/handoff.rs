//! Skiff ships in two parts, so that the first view costs a fraction of the whole.
//!
//! - `skiff` (src/main.rs, what index.html loads): the shell and the projects overview, the
//!   page a returning user opens. Built by [`mount_first_view`], with [`first_view_pages`] as
//!   its only pages, so nothing else is linked into it.
//! - `skiff-full` (src/bin/full.rs): the whole of Skiff ([`crate::app::all_pages`]). Trunk
//!   builds it beside the first (`data-type="worker"`: built, not started), scripts/full.mjs
//!   gives it hashed names and writes them into the small loader `window.skiffFull` in
//!   index.html.
//!
//! Any other route (a project, a service, the admin and doctor pages, connecting, a locked key)
//! shows [`Handoff`]: it waits for the full build (fetched and compiled in the background
//! once the overview is up and left alone for a moment, so usually already there; fetched at
//! once by index.html on a first visit or a deep link past the overview), starts it, and
//! unmounts the first view, whose owner takes its timers, polls and listeners with it. The
//! full build reads the same URL and browser storage, so it opens the same page with the same
//! instances and keys; from then on it alone runs the page.

use std::any::Any;
use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::app::{App, Gate};
use crate::components::Loading;
use crate::pages::{Dialog, DialogCtx, ProjectsPage, PENDING_DIALOG};
use crate::routes::Route;
use crate::state::dom::mark;
use crate::state::storage::{self, Area};

thread_local! {
    /// The first view's mount; dropping it unmounts the view and disposes its reactive owner.
    static FIRST_VIEW: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
}

/// How long the page must be left alone (no scrolling, typing or clicking) after the first
/// view is mounted before the full build is fetched and compiled.
const PREFETCH_AFTER: Duration = Duration::from_secs(2);

/// Mounts the first view on the page's body and schedules the full build's prefetch.
pub fn mount_first_view() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    // index.html's stand-in top bar (drawn while the wasm loaded) gives way to the real one.
    if let Some(boot) = document.get_element_by_id("skiff-boot") {
        boot.remove();
    }
    mark("skiff:mount");
    let handle = leptos::mount::mount_to(body, || view! { <App pages=first_view_pages /> });
    mark("skiff:mounted");
    FIRST_VIEW.with(|f| *f.borrow_mut() = Some(Box::new(handle)));
    schedule_prefetch();
}

/// The first view's pages: an instance's projects overview; anything else hands over.
pub fn first_view_pages(route: Route, gate: Gate) -> AnyView {
    match (route, gate) {
        (Route::Projects { inst, .. }, Gate::Open) => {
            view! { <ProjectsPage inst=inst dialogs=hand_over_dialog /> }.into_any()
        }
        _ => view! { <Handoff /> }.into_any(),
    }
}

/// The overview's dialogs are in the full build: note which one was asked for (the full
/// build's overview opens it) and hand over.
fn hand_over_dialog(dialog: Dialog, _ctx: DialogCtx) -> AnyView {
    let _ = storage::set(Area::Session, PENDING_DIALOG, &dialog.pending());
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true"><Handoff /></div>
        </div>
    }
    .into_any()
}

/// Fetches and compiles the full build once the first view is up and the page has been left
/// alone for [`PREFETCH_AFTER`] (`skiffFull.whenIdle` in index.html: the download and the
/// compilation take CPU a scroll or a keystroke would miss), unless the browser asks to save
/// data (then it loads on the first page that needs it). Errors are reported when the full
/// build is actually needed (it retries).
fn schedule_prefetch() {
    let save_data = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"connection".into()).ok())
        .filter(|c| c.is_object())
        .and_then(|c| js_sys::Reflect::get(&c, &"saveData".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if save_data {
        return;
    }
    let when_idle = loader()
        .ok()
        .and_then(|f| js_sys::Reflect::get(&f, &"whenIdle".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(f) = when_idle {
        let ms = JsValue::from_f64(PREFETCH_AFTER.as_millis() as f64);
        let _ = f.call1(&JsValue::NULL, &ms);
    }
}

/// `window.skiffFull`, the loader in index.html.
fn loader() -> Result<js_sys::Function, String> {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"skiffFull".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| {
            "the page has no loader for the rest of Skiff (index.html is not the one built \
             with this version)"
                .to_string()
        })
}

fn call_promise(f: &js_sys::Function) -> Result<js_sys::Promise, String> {
    f.call0(&JsValue::NULL)
        .map_err(describe)?
        .dyn_into::<js_sys::Promise>()
        .map_err(describe)
}

/// A JS error in a sentence.
fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Loads (or takes the prefetched) full build, starts it, then unmounts the first view.
async fn hand_over() -> Result<(), String> {
    let ready = call_promise(&loader()?)?;
    let start: js_sys::Function = JsFuture::from(ready)
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    // Starting instantiates the compiled module and runs its main, which mounts the full app.
    JsFuture::from(call_promise(&start)?)
        .await
        .map_err(describe)?;
    // Dropped outside the borrow: unmounting runs cleanups that must not find it borrowed.
    let first = FIRST_VIEW.with(|f| f.borrow_mut().take());
    drop(first);
    Ok(())
}

/// Shown for a page the first view does not carry, while the full build takes over.
#[component]
fn Handoff() -> impl IntoView {
    let failed = RwSignal::new(None::<String>);
    let attempt = move || {
        failed.set(None);
        leptos::task::spawn_local(async move {
            if let Err(e) = hand_over().await {
                failed.try_set(Some(e));
            }
        });
    };
    attempt();
    move || {
        match failed.get() {
        None => view! { <Loading what="Loading Skiff" /> }.into_any(),
        Some(e) => view! {
            <div class="alert alert--error" role="alert" data-test="handoff-error">
                <div class="alert__title">"Skiff could not load this page"</div>
                <div>{format!("Loading the rest of Skiff failed: {e}. Check the connection, then retry; if the site was just updated, reload the page.")}</div>
                <div class="row u-mt-8">
                    <button class="btn btn--small" on:click=move |_| attempt()>"Retry"</button>
                    <button class="btn btn--small" on:click=|_| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().reload();
                        }
                    }>"Reload"</button>
                </div>
            </div>
        }
        .into_any(),
    }
    }
}
