use leptos::prelude::*;

/// One service, any kind (issue #4).
#[component]
pub fn ServicePage(inst: String, kind: String, id: String) -> impl IntoView {
    view! { <h1>"Service"</h1><p class="muted">{format!("{inst} / {kind} / {id}")}</p> }
}
