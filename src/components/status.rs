use leptos::prelude::*;

/// A status pill; the class follows Dokploy's status words (idle, running, done, error, ...).
#[component]
pub fn StatusBadge(#[prop(into)] status: String) -> impl IntoView {
    let class = format!("badge badge--{}", css_word(&status));
    view! { <span class=class>{status}</span> }
}

/// A status word reduced to characters safe in a class name.
fn css_word(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(20)
        .collect::<String>()
        .to_ascii_lowercase()
}
