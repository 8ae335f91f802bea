//! Connect to a Dokploy instance: URL and key, checked against the API before anything is saved.

use leptos::prelude::*;

use crate::api::{normalize_base_url, ApiError, AuthMode, Client};
use crate::components::ErrorView;
use crate::routes::Route;
use crate::state::instances::{name_from_url, unique_id, Instance, KeyStore};
use crate::state::location::navigate;
use crate::state::session::use_session;

/// How Skiff should send the key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AuthChoice {
    /// Try `x-api-key`, then `Bearer` if the first is refused.
    Auto,
    Fixed(AuthMode),
}

/// What a successful check found.
#[derive(Clone)]
struct Checked {
    auth: AuthMode,
    version: String,
}

/// Calls the API with the key; with `Auto`, falls back to Bearer (Dokploy before v0.19).
async fn check(url: String, key: String, choice: AuthChoice) -> Result<Checked, ApiError> {
    let first = match choice {
        AuthChoice::Fixed(mode) => mode,
        AuthChoice::Auto => AuthMode::ApiKey,
    };
    let client = Client::new(&url, &key, first);
    match client.dokploy_version().await {
        Ok(v) => Ok(Checked {
            auth: first,
            version: v.to_string(),
        }),
        Err(e) if e.is_auth() && choice == AuthChoice::Auto => {
            let bearer = client.with_auth(AuthMode::Bearer);
            match bearer.dokploy_version().await {
                Ok(v) => Ok(Checked {
                    auth: AuthMode::Bearer,
                    version: v.to_string(),
                }),
                Err(_) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The connect form. Every field keeps what was typed when the check fails.
#[component]
pub fn ConnectPage() -> impl IntoView {
    let session = use_session();
    let url = RwSignal::new(page_origin());
    let key = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let auth = RwSignal::new(AuthChoice::Auto);
    let store = RwSignal::new(KeyStore::Local);
    let url_error = RwSignal::new(None::<String>);
    let key_error = RwSignal::new(None::<String>);
    let saved_error = RwSignal::new(None::<String>);

    let connect = Action::new_local(move |(url, key, choice): &(String, String, AuthChoice)| {
        check(url.clone(), key.clone(), *choice)
    });
    let result = connect.value();
    let pending = connect.pending();

    // Save and open the projects once the check passes.
    Effect::new(move |_| {
        if let Some(Ok(found)) = result.get() {
            let Ok(base) = normalize_base_url(&url.get_untracked()) else {
                return;
            };
            let taken: Vec<String> = session.instances().iter().map(|i| i.id.clone()).collect();
            let display = Some(name.get_untracked().trim().to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| name_from_url(&base));
            let existing = session
                .instances()
                .into_iter()
                .find(|i| i.url == base)
                .map(|i| i.id);
            let id = existing.unwrap_or_else(|| unique_id(&display, &taken));
            let inst = Instance {
                id: id.clone(),
                name: display,
                url: base,
                auth: found.auth,
                key_store: store.get_untracked(),
            };
            match session.save(inst, key.get_untracked().trim()) {
                Ok(()) => navigate(&Route::projects(&id)),
                Err(e) => saved_error.set(Some(e)),
            }
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        saved_error.set(None);
        let typed_url = url.get_untracked().trim().to_string();
        let typed_key = key.get_untracked().trim().to_string();
        let base = match normalize_base_url(&typed_url) {
            Ok(b) => {
                url_error.set(None);
                Some(b)
            }
            Err(e) => {
                url_error.set(Some(e));
                None
            }
        };
        if typed_key.is_empty() {
            key_error.set(Some(
                "Paste an API key (Dokploy: Settings › Profile › API/CLI).".into(),
            ));
        } else if typed_key.chars().any(char::is_whitespace) {
            key_error.set(Some("A key has no spaces: check what was pasted.".into()));
        } else {
            key_error.set(None);
        }
        if let (Some(base), None) = (base, key_error.get_untracked()) {
            connect.dispatch((base, typed_key, auth.get_untracked()));
        }
    };

    let has_instances = move || !session.instances().is_empty();

    view! {
        <div style="max-width:560px;margin:24px auto">
            <h1>"Connect to Dokploy"</h1>
            <p class="muted">
                "Skiff talks to your Dokploy instance's API with an API key. The key is stored in this browser and sent only to that instance."
            </p>
            <form class="card stack" on:submit=submit novalidate=true>
                <div class="field">
                    <label for="connect-url">"Instance URL"</label>
                    <input id="connect-url" name="url" class="input" type="url" inputmode="url" autocomplete="url"
                        placeholder="https://dokploy.example.com"
                        aria-invalid=move || url_error.get().is_some().to_string()
                        prop:value=move || url.get()
                        on:input=move |ev| url.set(event_target_value(&ev)) />
                    <span class="field__hint">"The address you open Dokploy at; Skiff adds /api. Defaults to this page's own address."</span>
                    {move || url_error.get().map(|e| view! { <span class="field__error">{e}</span> })}
                </div>
                <div class="field">
                    <label for="connect-key">"API key"</label>
                    <input id="connect-key" name="key" class="input" type="password" autocomplete="off" spellcheck="false"
                        aria-invalid=move || key_error.get().is_some().to_string()
                        prop:value=move || key.get()
                        on:input=move |ev| key.set(event_target_value(&ev)) />
                    <span class="field__hint">"In Dokploy: Settings › Profile › API/CLI › Generate. Older instances (2024): the token from the same page."</span>
                    {move || key_error.get().map(|e| view! { <span class="field__error">{e}</span> })}
                </div>
                <details>
                    <summary class="small">"More options"</summary>
                    <div class="field" style="margin-top:10px">
                        <label for="connect-name">"Name (optional)"</label>
                        <input id="connect-name" class="input" placeholder="e.g. production"
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="connect-auth">"How to send the key"</label>
                        <select id="connect-auth" class="input" on:change=move |ev| {
                            auth.set(match event_target_value(&ev).as_str() {
                                "apikey" => AuthChoice::Fixed(AuthMode::ApiKey),
                                "bearer" => AuthChoice::Fixed(AuthMode::Bearer),
                                _ => AuthChoice::Auto,
                            })
                        }>
                            <option value="auto">"Detect (x-api-key, then Bearer)"</option>
                            <option value="apikey">{AuthMode::ApiKey.label()}</option>
                            <option value="bearer">{AuthMode::Bearer.label()}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="connect-store">"Keep the key"</label>
                        <select id="connect-store" class="input" on:change=move |ev| {
                            store.set(match event_target_value(&ev).as_str() {
                                "tab" => KeyStore::Tab,
                                _ => KeyStore::Local,
                            })
                        }>
                            <option value="local">{KeyStore::Local.label()}</option>
                            <option value="tab">{KeyStore::Tab.label()}</option>
                        </select>
                        <span class="field__hint">"To lock a key with a passphrase, use All instances after connecting."</span>
                    </div>
                </details>
                {move || result.get().and_then(Result::err).map(|e| view! {
                    <ErrorView error=e />
                    <p class="small">
                        "Not sure why? The connection doctor checks each step and says how to fix it: "
                        <a href=Route::Instances.href()>"All instances › Doctor"</a>"."
                    </p>
                })}
                {move || saved_error.get().map(|e| view! { <div class="alert alert--error">{e}</div> })}
                <div class="row">
                    <button type="submit" class="btn btn--primary" data-test="connect"
                        disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                        {move || if pending.get() { "Checking…" } else { "Connect" }}
                    </button>
                    {move || has_instances().then(|| view! {
                        <a class="btn btn--ghost" href=Route::Instances.href()>"Cancel"</a>
                    })}
                </div>
            </form>
            <p class="small muted" style="margin-top:12px">
                "Running the sandbox (scripts/run)? It prints its demo key in the terminal."
            </p>
        </div>
    }
}
