use leptos::html::Pre;
use leptos::prelude::*;

use crate::pages::live::effect;

/// How close to the end (in pixels) still counts as "at the bottom".
const STICK_SLACK: i32 = 24;

/// A terminal-like log: follows new lines while scrolled to the bottom, stays put when the
/// user scrolls up (a button jumps back and follows again).
#[component]
pub fn LogView(
    /// The log text; `None` while it loads.
    #[prop(into)]
    text: Signal<Option<String>>,
    /// Shown when the log is empty.
    #[prop(optional, into)]
    empty: Option<String>,
    /// Accessible name of the log region.
    #[prop(optional, into)]
    label: Option<String>,
) -> impl IntoView {
    let node = NodeRef::<Pre>::new();
    let stick = RwSignal::new(true);
    let to_bottom = move || {
        if let Some(el) = node.get_untracked() {
            el.set_scroll_top(el.scroll_height());
        }
    };
    effect(move || {
        text.track();
        if stick.get_untracked() {
            request_animation_frame(to_bottom);
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = node.get_untracked() {
            let at_bottom =
                el.scroll_top() + el.client_height() >= el.scroll_height() - STICK_SLACK;
            if stick.get_untracked() != at_bottom {
                stick.set(at_bottom);
            }
        }
    };
    let empty = empty.unwrap_or_else(|| "No log lines yet.".into());
    let label = label.unwrap_or_else(|| "Log".into());
    view! {
        <div class="logbox">
            <pre class="log" node_ref=node on:scroll=on_scroll tabindex="0" role="log" aria-label=label data-test="log"
                aria-busy=move || text.with(Option::is_none).to_string()>
                {move || text.with(|t| match t {
                    None => "Loading…".to_string(),
                    Some(t) if t.trim().is_empty() => empty.clone(),
                    Some(t) => t.clone(),
                })}
            </pre>
            {move || (!stick.get()).then(|| view! {
                <button data-free class="btn btn--small logbox__follow" data-test="log-follow"
                    on:click=move |_| { stick.set(true); to_bottom(); }>"↓ Follow"</button>
            })}
        </div>
    }
}
