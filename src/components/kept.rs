//! What a page drew last time (state/keep.rs), drawn while the page asks its instance again
//! or while the instance cannot be reached: marked with its age, its controls disabled.

use leptos::prelude::*;

use super::Loading;
use crate::kept;

/// What a page draws before its first answer: what it showed last time (`kept`, from
/// state/keep.rs) if it was kept, else `loading` (nothing once the page failed: `asking`
/// false, its error shows).
pub fn before_answer(
    kept: &Option<(u64, String)>,
    asking: bool,
    loading: impl FnOnce() -> AnyView,
) -> AnyView {
    match kept {
        Some((at, markup)) => kept_view(*at, markup, asking),
        None if asking => loading(),
        None => ().into_any(),
    }
}

/// "As of 4 min ago…": the age of markup kept `at` (ms since the epoch); `asking`: the page is
/// waiting for an answer (else it failed, and says so above).
pub fn age_text(at: u64, asking: bool) -> String {
    let age = crate::service_view::time::ago_short(js_sys::Date::now() as i64, at as i64);
    match asking {
        true => format!("As of {age}, asking the instance again"),
        false => format!("As of {age}: what this page showed then."),
    }
}

/// The kept markup (its blocks laid out where the live ones go: main.css, `.kept`), under
/// the line of its age (a loading line while `asking`).
fn kept_view(at: u64, markup: &str, asking: bool) -> AnyView {
    let line = age_text(at, asking);
    view! {
        {match asking {
            true => view! { <Loading what=line /> }.into_any(),
            false => view! { <p class="spinner-line">{line}</p> }.into_any(),
        }}
        {kept_markup(markup)}
    }
    .into_any()
}

/// The kept markup alone, its controls disabled (where the page says its age elsewhere).
pub fn kept_markup(markup: &str) -> AnyView {
    view! { <div class="kept" data-test="kept" inner_html=kept::disabled(markup)></div> }.into_any()
}
