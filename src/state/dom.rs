//! Small browser helpers shared by the app: a listener that goes with its owner, and the
//! `performance.mark`s scripts/bench reads.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Calls `f` on every `event` at `target` until the current reactive owner is cleaned up (the
/// page, or the whole app when the first view hands over to the full build: crate::handoff).
pub fn listen(target: web_sys::EventTarget, event: &'static str, f: impl Fn() + 'static) {
    let cb = Closure::<dyn Fn()>::new(f);
    let _ = target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    let func: js_sys::Function = cb.as_ref().clone().unchecked_into();
    // Browser objects are not Send; the app is single-threaded, so wrap them for on_cleanup.
    let held = send_wrapper::SendWrapper::new((target, func, cb));
    on_cleanup(move || {
        let (target, func, _cb) = held.take();
        let _ = target.remove_event_listener_with_callback(event, &func);
    });
}

/// A `performance.mark` for scripts/bench (a no-op cost otherwise).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// [`mark`], the first time only (the page's first load).
pub fn mark_once(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        if p.get_entries_by_name(name).length() == 0 {
            let _ = p.mark(name);
        }
    }
}
