//! Skiff ships in three parts, so that the first view costs a fraction of the whole and the
//! pages an admin opens now and then cost nothing to the others.
//!
//! - `skiff` (src/main.rs, what index.html loads): the shell and the projects overview, the
//!   page a returning user opens. Built by [`mount_first_view`], with [`first_view_pages`] as
//!   its only pages, so nothing else is linked into it.
//! - `skiff-full` (src/bin/full.rs): the rest of Skiff ([`crate::app::all_pages`]): projects,
//!   services, the activity center, backups, the doctor, connecting.
//! - `skiff-settings` (src/bin/settings.rs): the instance's settings
//!   ([`crate::app::settings_pages`]: API access, tags).
//!
//! Trunk builds the last two beside the first (`data-type="worker"`: built, not started);
//! scripts/full.mjs gives them hashed names and writes them into the small loaders
//! `window.skiffFull` and `window.skiffSettings` in index.html.
//!
//! A route a build does not carry shows [`Handoff`]: it waits for the build that carries it
//! ([`Build::of`]; the full build is fetched and compiled in the background once the overview
//! is up and left alone for a moment, so usually already there, and at once by index.html on a
//! first visit or a deep link past the overview), starts it (or, if it ran before on this page,
//! mounts it again), and unmounts its own app, whose owner takes its timers, polls and
//! listeners with it. Every build reads the same URL and browser storage, so it opens the same
//! page with the same instances and keys; from then on it alone runs the page.

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
    /// This build's mount; dropping it unmounts the app and disposes its reactive owner.
    static MOUNTED: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
}

/// The builds a page can be in, besides the first view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    Full,
    Settings,
}

impl Build {
    /// The build that carries `route`'s page.
    pub fn of(route: &Route) -> Build {
        match route {
            Route::Tool { name, .. } if crate::routes::SETTINGS.contains(name) => Build::Settings,
            _ => Build::Full,
        }
    }

    /// Its loader in index.html.
    fn loader(self) -> &'static str {
        match self {
            Build::Full => "skiffFull",
            Build::Settings => "skiffSettings",
        }
    }
}

/// Keeps this build's mount, for [`Handoff`] to unmount when another build takes over.
pub fn keep_mounted(handle: impl Any) {
    MOUNTED.with(|m| *m.borrow_mut() = Some(Box::new(handle)));
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
    keep_mounted(handle);
    schedule_prefetch();
}

/// The first view's pages: an instance's projects overview; anything else hands over.
pub fn first_view_pages(route: Route, gate: Gate) -> AnyView {
    match (route, gate) {
        (Route::Projects { inst, .. }, Gate::Open) => {
            view! { <ProjectsPage inst=inst dialogs=hand_over_dialog /> }.into_any()
        }
        (route, _) => handoff(Build::of(&route)),
    }
}

/// The overview's dialogs are in the full build: note which one was asked for (the full
/// build's overview opens it) and hand over.
fn hand_over_dialog(dialog: Dialog, _ctx: DialogCtx) -> AnyView {
    let _ = storage::set(Area::Session, PENDING_DIALOG, &dialog.pending());
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true">{handoff(Build::Full)}</div>
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
    let when_idle = loader(Build::Full)
        .ok()
        .and_then(|f| js_sys::Reflect::get(&f, &"whenIdle".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(f) = when_idle {
        let ms = JsValue::from_f64(PREFETCH_AFTER.as_millis() as f64);
        let _ = f.call1(&JsValue::NULL, &ms);
    }
}

/// `build`'s loader in index.html (`window.skiffFull`, `window.skiffSettings`).
fn loader(build: Build) -> Result<js_sys::Function, String> {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &build.loader().into()).ok())
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

/// Loads `to` (or takes it prefetched), starts or mounts it again, then unmounts this build's
/// app.
async fn hand_over(to: Build) -> Result<(), String> {
    let ready = call_promise(&loader(to)?)?;
    let start: js_sys::Function = JsFuture::from(ready)
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    // The first start instantiates the compiled module and runs its main, which mounts its
    // app; a later one (the build ran before on this page) calls its `skiff_mount`.
    JsFuture::from(call_promise(&start)?)
        .await
        .map_err(describe)?;
    // Dropped outside the borrow: unmounting runs cleanups that must not find it borrowed.
    let mounted = MOUNTED.with(|m| m.borrow_mut().take());
    drop(mounted);
    Ok(())
}

/// Shown for a page this build does not carry, while the build `to` takes over.
pub fn handoff(to: Build) -> AnyView {
    let failed = RwSignal::new(None::<String>);
    let attempt = move || {
        failed.set(None);
        leptos::task::spawn_local(async move {
            if let Err(e) = hand_over(to).await {
                failed.try_set(Some(e));
            }
        });
    };
    attempt();
    let shown = move || {
        match failed.get() {
        None => view! { <Loading what="Loading Skiff" /> }.into_any(),
        Some(e) => view! {
            <div class="alert alert--error" role="alert" data-test="handoff-error">
                <div class="alert__title">"Skiff could not load this page"</div>
                <div>{format!("Loading the rest of Skiff failed: {e}. Check the connection, then retry; if the site was just updated, reload the page.")}</div>
                <div class="row u-mt-8">
                    <button data-free class="btn btn--small" on:click=move |_| attempt()>"Retry"</button>
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
    };
    shown.into_any()
}
