//! Whether each instance answers: since when its reads get no answer at all (the network,
//! the server or the way to it down, or no answer in time), cleared by any answer, whatever
//! its status. Every read reports here (api/transport.rs: the pages keep reading; a failed
//! write says so itself); keys.js draws the offline
//! banner from it (told by a `skiff-reach` event on the window when it changes), outside the
//! app: no cost to the first view, and the banner stays while one build hands over to another.
//!
//! Kept in localStorage (`skiff.reach.<address>`: `up`, or the time it stopped answering):
//! the builds share it, a reload keeps "since when", and only an instance that answered
//! before is said to be offline (one that never answered is a connection problem, which the
//! page's error explains).

use super::storage::{self, Area};

fn slot(base: &str) -> String {
    format!("skiff.reach.{base}")
}

/// A request to the instance at `base` got an answer (`true`) or none.
pub fn report(base: &str, answered: bool) {
    let key = slot(base);
    let now = storage::get(Area::Local, &key);
    let next = match (answered, now.as_deref()) {
        (true, Some("up")) | (false, None) => return,
        (false, Some(since)) if since != "up" => return,
        (true, _) => "up".to_string(),
        (false, _) => (js_sys::Date::now() as u64).to_string(),
    };
    let _ = storage::set(Area::Local, &key, &next);
    if let (Some(w), Ok(e)) = (web_sys::window(), web_sys::Event::new("skiff-reach")) {
        let _ = w.dispatch_event(&e);
    }
}

/// Forgets the instance at `base` (it was removed).
pub fn forget(base: &str) {
    storage::remove(Area::Local, &slot(base));
}
