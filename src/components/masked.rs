use leptos::prelude::*;

use super::CopyButton;

/// A value with a secret inside (a connection string), shown with the secret masked until
/// revealed; Copy copies the real value.
#[component]
pub fn MaskedValue(
    #[prop(into)] value: String,
    /// The same text with the secret replaced by bullets.
    #[prop(into)]
    masked: String,
    #[prop(optional, into)] test: Option<String>,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let v = value.clone();
    view! {
        <div class="masked" data-test=test.unwrap_or_default()>
            <code class="masked__text">{move || if shown.get() { v.clone() } else { masked.clone() }}</code>
            <div class="masked__actions">
                <button data-free class="btn btn--small btn--ghost" aria-pressed=move || shown.get().to_string()
                    on:click=move |_| shown.update(|s| *s = !*s)>
                    {move || if shown.get() { "Hide" } else { "Show" }}
                </button>
                <CopyButton value=value />
            </div>
        </div>
    }
}
