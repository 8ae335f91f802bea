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
            <button data-free class="btn btn--small btn--ghost" on:click=move |_| shown.update(|s| *s = !*s)
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
        let value = value.clone();
        leptos::task::spawn_local(async move {
            let ok = copy_text(&value).await;
            if copied.try_set(Some(ok)).is_none() {
                set_timeout(
                    move || {
                        let _ = copied.try_set(None);
                    },
                    std::time::Duration::from_millis(1500),
                );
            }
        });
    };
    view! {
        <button data-free class="btn btn--small" on:click=copy>
            {move || match copied.get() {
                Some(true) => "Copied".to_string(),
                Some(false) => "Copy failed".to_string(),
                None => label.clone(),
            }}
        </button>
    }
}

/// Copies through the async clipboard when the page may use it (https or localhost); otherwise
/// (a plain-http address has no `navigator.clipboard`) shows the text in a prompt to copy by hand.
/// True when the text reached the clipboard or was shown.
pub async fn copy_text(value: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if has_clipboard {
        let promise = navigator.clipboard().write_text(value);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    window
        .prompt_with_message_and_default(
            "The browser does not allow copying here: copy it with Ctrl+C / Cmd+C.",
            value,
        )
        .is_ok()
}
