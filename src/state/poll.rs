//! Polling that pauses while the tab is hidden and backs off after errors.

use std::time::Duration;

use super::timing::backoff;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Whether the page is visible right now.
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.visibility_state() != web_sys::VisibilityState::Hidden)
        .unwrap_or(true)
}

/// A ticking signal for views that refresh themselves.
#[derive(Clone, Copy)]
pub struct Poll {
    /// Bumps on every refresh; resources that track it refetch.
    pub tick: ReadSignal<u64>,
    set_tick: WriteSignal<u64>,
    failures: RwSignal<u32>,
    /// When the last refresh was asked for (ms, `Date.now()`).
    last: StoredValue<f64>,
}

impl Poll {
    /// Refreshes now (e.g. after a write, or a Retry button).
    pub fn refresh(&self) {
        self.last.set_value(js_sys::Date::now());
        self.set_tick.update(|t| *t += 1);
    }
    /// Reports how the last refresh went, for the back-off.
    pub fn report(&self, ok: bool) {
        if ok {
            if self.failures.get_untracked() != 0 {
                self.failures.set(0);
            }
        } else {
            self.failures.update(|f| *f = f.saturating_add(1));
        }
    }
}

/// Starts a poll every `every` while the page is visible; stops when the owner is disposed.
/// A hidden tab makes no requests; becoming visible again refreshes at once.
pub fn use_poll(every: Duration) -> Poll {
    let (tick, set_tick) = signal(0u64);
    let failures = RwSignal::new(0u32);
    let poll = Poll {
        tick,
        set_tick,
        failures,
        last: StoredValue::new(js_sys::Date::now()),
    };
    let alive = StoredValue::new(true);
    on_cleanup(move || alive.set_value(false));

    fn schedule(poll: Poll, every: Duration, alive: StoredValue<bool>) {
        let failures = poll.failures.try_get_untracked().unwrap_or(0);
        let delay = backoff(every, failures, Duration::from_secs(60));
        let cb = Closure::once_into_js(move || {
            if !alive.try_get_value().unwrap_or(false) {
                return;
            }
            // A tab coming back refreshes at once (below); the timer, delayed while the tab was
            // hidden, may fire right after: one refresh is enough.
            let since = js_sys::Date::now() - poll.last.try_get_value().unwrap_or(0.0);
            if page_visible() && since >= every.as_millis() as f64 / 2.0 {
                poll.refresh();
            }
            schedule(poll, every, alive);
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.unchecked_ref(),
                delay.as_millis().min(i32::MAX as u128) as i32,
            );
        }
    }
    schedule(poll, every, alive);

    // Coming back to a hidden tab, or the browser back online: refresh at once rather than at
    // the next tick.
    if let Some(w) = web_sys::window() {
        let back = move || {
            if alive.try_get_value().unwrap_or(false) && page_visible() {
                poll.refresh();
            }
        };
        if let Some(doc) = w.document() {
            super::dom::listen(doc.into(), "visibilitychange", back);
        }
        super::dom::listen(w.into(), "online", back);
    }
    poll
}
