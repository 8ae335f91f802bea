use leptos::prelude::*;

/// API keys and who may use the API (issue #5).
#[component]
pub fn AdminPage(inst: String) -> impl IntoView {
    view! { <h1>"API access"</h1><p class="muted">{format!("Instance {inst}: coming in this build.")}</p> }
}
