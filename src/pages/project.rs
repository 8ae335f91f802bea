use leptos::prelude::*;

/// One project: environments and services (issue #4).
#[component]
pub fn ProjectPage(inst: String, id: String) -> impl IntoView {
    view! { <h1>"Project"</h1><p class="muted">{format!("{inst} / {id}")}</p> }
}
