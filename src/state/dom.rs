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

/// The `data-action` and `data-id` (or `""`) of the button a click landed on: lists drawn as
/// markup (src/html.rs) have one click listener, which reads them.
pub fn clicked(ev: &web_sys::MouseEvent) -> Option<(String, String)> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let button = target.closest("[data-action]").ok()??;
    Some((
        button.get_attribute("data-action")?,
        button.get_attribute("data-id").unwrap_or_default(),
    ))
}

/// Moves the focus to the element with this id (a form's first field, when a row's Edit fills
/// the form).
pub fn focus(id: &str) {
    if let Some(e) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = e.focus();
    }
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

/// The row (`data-id`) and control (`data-test`) that have the focus, when it is inside `list`
/// (a list drawn as markup, about to be drawn again: [`refocus`]).
pub fn focused_in(list: &web_sys::Element) -> Option<(String, String)> {
    let active = document().active_element()?;
    if !list.contains(Some(&active)) {
        return None;
    }
    let row = active.closest("[data-id]").ok()??;
    Some((
        row.get_attribute("data-id")?,
        active.get_attribute("data-test")?,
    ))
}

/// Puts the focus back on the control `(row id, data-test)` of a redrawn list.
pub fn refocus(list: &web_sys::Element, (id, test): &(String, String)) {
    let css = format!("[data-id=\"{id}\"] [data-test={test}]");
    if let Some(c) = list
        .query_selector(&css)
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = c.focus();
    }
}
