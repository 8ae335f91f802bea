use leptos::prelude::*;

/// The connection doctor (issue #6).
#[component]
pub fn DoctorPage(inst: String) -> impl IntoView {
    view! { <h1>"Connection doctor"</h1><p class="muted">{format!("Instance {inst}.")}</p> }
}
