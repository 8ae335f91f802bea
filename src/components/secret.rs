use leptos::prelude::*;

/// A secret shown masked until revealed, with a copy button.
#[component]
pub fn SecretText(#[prop(into)] value: String) -> impl IntoView {
    let shown = RwSignal::new(false);
    let masked = "•".repeat(value.chars().count().clamp(8, 24));
    let v = value.clone();
    view! {
        <span class="secret">
            <code>{move || if shown.get() { v.clone() } else { masked.clone() }}</code>
            <button class="btn btn--small btn--ghost" on:click=move |_| shown.update(|s| *s = !*s)
                aria-pressed=move || shown.get().to_string()>
                {move || if shown.get() { "Hide" } else { "Show" }}
            </button>
            <CopyButton value=value />
        </span>
    }
}

/// Copies `value` to the clipboard and says so.
#[component]
pub fn CopyButton(
    #[prop(into)] value: String,
    #[prop(optional, into)] label: Option<String>,
) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let label = label.unwrap_or_else(|| "Copy".into());
    let copy = move |_| {
        let ok = web_sys::window()
            .map(|w| w.navigator().clipboard())
            .map(|c| {
                let _ = c.write_text(&value);
                true
            })
            .unwrap_or(false);
        copied.set(Some(ok));
        set_timeout(
            move || {
                let _ = copied.try_set(None);
            },
            std::time::Duration::from_millis(1500),
        );
    };
    view! {
        <button class="btn btn--small" on:click=copy>
            {move || match copied.get() {
                Some(true) => "Copied".to_string(),
                Some(false) => "Copy failed".to_string(),
                None => label.clone(),
            }}
        </button>
    }
}
