//! The current route, read from the URL's fragment and kept in a signal.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::routes::Route;

#[derive(Clone, Copy)]
struct CurrentRoute(ReadSignal<Route>, WriteSignal<Route>);

fn read_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Tracks `location.hash`; call once, in the app's root.
pub fn provide_location() {
    let (route, set_route) = signal(Route::parse(&read_hash()));
    provide_context(CurrentRoute(route, set_route));
    if let Some(window) = web_sys::window() {
        // Removed with the app (the first-view build unmounts itself when the rest of Skiff
        // takes over: crate::handoff).
        super::dom::listen(window.into(), "hashchange", move || {
            let next = Route::parse(&read_hash());
            if route.get_untracked() != next {
                set_route.set(next);
            }
        });
    }
}

/// The current route (reactive).
pub fn use_route() -> ReadSignal<Route> {
    use_context::<CurrentRoute>()
        .map(|c| c.0)
        .unwrap_or_else(|| signal(Route::Home).0)
}

/// Goes to `route`, adding a history entry.
pub fn navigate(route: &Route) {
    set_hash(route, false);
}

/// Goes to `route`, replacing the current history entry (for redirects and typing in a search box).
pub fn replace(route: &Route) {
    set_hash(route, true);
}

thread_local! {
    /// The URL write [`replace_soon`] has scheduled.
    static PENDING_URL: std::cell::RefCell<Option<leptos::prelude::TimeoutHandle>> =
        const { std::cell::RefCell::new(None) };
}

/// Like [`replace`], for typing in a search box and for the bare address's redirect to the
/// overview: the route (and so the page) changes at once, the URL once typing pauses or the
/// page is drawn. `history.replaceState` costs several milliseconds in Chrome, a good part of
/// a keystroke's frame or of a cold load; nothing is written if the page moved on meanwhile.
pub fn replace_soon(route: &Route) {
    let Some(ctx) = use_context::<CurrentRoute>() else {
        return replace(route);
    };
    set_route(ctx, route);
    let route = route.clone();
    let write = move || {
        PENDING_URL.with(|p| p.borrow_mut().take());
        if ctx.0.try_get_untracked().as_ref() == Some(&route) {
            write_url(&route, true);
        }
    };
    let handle = set_timeout_with_handle(write, std::time::Duration::from_millis(300)).ok();
    if let Some(old) = PENDING_URL.with(|p| std::mem::replace(&mut *p.borrow_mut(), handle)) {
        old.clear();
    }
}

fn set_hash(route: &Route, replace: bool) {
    write_url(route, replace);
    // `set_hash` fires `hashchange`; `replace_state` does not: the route is set here for both.
    if let Some(ctx) = use_context::<CurrentRoute>() {
        set_route(ctx, route);
    }
}

/// Puts `route` in the address bar: a new history entry, or in place of the current one.
fn write_url(route: &Route, replace: bool) {
    let href = route.href();
    let Some(window) = web_sys::window() else {
        return;
    };
    if replace {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&href));
        }
    } else {
        let _ = window.location().set_hash(&href);
    }
}

fn set_route(ctx: CurrentRoute, route: &Route) {
    // Nothing to set once the app is gone (another build took the page over).
    if ctx.0.try_with_untracked(|r| r != route).unwrap_or(false) {
        ctx.1.set(route.clone());
    }
}

/// This page's origin and path (`("https://skiff.example.com", "/skiff/")`), empty outside a
/// browser: where Skiff itself is served, which links into Dokploy must not point at.
pub fn page_place() -> (String, String) {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| {
            (
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default(),
            )
        })
        .unwrap_or_default()
}
