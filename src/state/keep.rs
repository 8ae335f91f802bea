//! The pages' kept markup in localStorage (src/kept.rs: what is kept and its bounds): saved
//! after a page drew an answer, drawn at once on the next visit.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::storage::{self, Area};
use crate::kept;

/// What page `href` of instance `inst` drew last, and when (ms since the epoch).
pub fn stored(inst: &str, href: &str) -> Option<(u64, String)> {
    let all = storage::get(Area::Local, &kept::slot(inst))?;
    kept::find(&all, href).map(|(at, markup)| (at, markup.to_string()))
}

/// Keeps the blocks the page now shows of class `keep` (in page order, up to
/// [`kept::PAGE_BYTES`]) as page `href` of instance `inst`, once they are drawn (the next
/// frame), unless another page is drawn by then.
pub fn save(inst: &str, href: String) {
    let slot = kept::slot(inst);
    let hash = || window().location().hash().unwrap_or_default();
    let at_call = hash();
    request_animation_frame(move || {
        if hash() != at_call {
            return;
        }
        let Some(list) = document()
            .query_selector_all("main .keep:not(.kept .keep)")
            .ok()
        else {
            return;
        };
        let mut markup = String::new();
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let html = el.outer_html();
                if markup.len() + html.len() > kept::PAGE_BYTES {
                    break;
                }
                markup.push_str(&html);
            }
        }
        let all = storage::get(Area::Local, &slot).unwrap_or_default();
        let at = js_sys::Date::now() as u64;
        if storage::set(Area::Local, &slot, &kept::put(&all, &href, at, &markup)).is_err() {
            // Storage full: this instance's pages are dropped rather than left stale.
            storage::remove(Area::Local, &slot);
        }
    });
}

/// Forgets everything kept of instance `inst` (it was removed, or its key forgotten).
pub fn forget(inst: &str) {
    storage::remove(Area::Local, &kept::slot(inst));
}
