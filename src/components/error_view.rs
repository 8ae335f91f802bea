use leptos::prelude::*;

use crate::api::ApiError;

/// A failure in the user's terms: what happened, what to do, and a Retry button when given.
#[component]
pub fn ErrorView(
    error: ApiError,
    /// Called by the Retry button; no button without it.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let title = error.title();
    let advice = error.advice();
    view! {
        <div class="alert alert--error" role="alert">
            <div class="alert__title">{title}</div>
            <div>{advice}</div>
            {on_retry.map(|retry| view! {
                <div class="row u-mt-8">
                    <button data-free class="btn btn--small" on:click=move |_| retry.run(())>"Retry"</button>
                </div>
            })}
        </div>
    }
}

/// The failure of an action confirmed in a dialog, shown over the page without blocking it.
#[component]
pub fn ErrorToast(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <div class="dialog-backdrop dialog-backdrop--toast">
                    <div class="dialog"><ErrorView error=e /></div>
                </div>
            }
        })
    }
}

/// A loading line that says more when the answer is slow: the second half shows after 1.5 s
/// (main.css, `.spinner-line__slow`: no timer or signal in the wasm).
#[component]
pub fn Loading(#[prop(optional, into)] what: Option<String>) -> impl IntoView {
    let what = what.unwrap_or_else(|| "Loading".into());
    view! {
        <div class="spinner-line" aria-live="polite">
            {what}"…"<span class="spinner-line__slow">" The instance is slow to answer; still waiting."</span>
        </div>
    }
}
