//! Connect to a Dokploy instance: URL and key, checked against the API before anything is saved.

use leptos::prelude::*;

use crate::pages::live::effect;

use crate::pages::live::use_act;

use super::doctor::DoctorReport;
use crate::api::{normalize_base_url, ApiError, AuthMode, Client};
use crate::components::ErrorView;
use crate::routes::Route;
use crate::state::crypto::{self, Sealed};
use crate::state::era::remember;
use crate::state::instances::{name_from_url, unique_id, Instance, KeyStore};
use crate::state::location::navigate;
use crate::state::session::{locked_slot, use_session};
use crate::state::storage::{self, Area};

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
    /// The key, encrypted, when it is to be locked with a passphrase.
    sealed: Option<Sealed>,
}

/// Why connecting failed: Dokploy's answer, or locking the key.
#[derive(Clone)]
enum ConnectError {
    Api(ApiError),
    Lock(String),
}

/// What the form submits once its fields are valid.
#[derive(Clone)]
struct Attempt {
    id: String,
    base: String,
    key: String,
    choice: AuthChoice,
    /// The passphrase, when the key is to be locked.
    passphrase: Option<String>,
}

/// Checks the key, then locks it when asked (the AES key derivation takes a moment).
async fn connect_and_lock(a: Attempt) -> Result<Checked, ConnectError> {
    let mut found = check(a.base.clone(), a.key.clone(), a.choice)
        .await
        .map_err(ConnectError::Api)?;
    if let Some(pass) = &a.passphrase {
        found.sealed = Some(
            crypto::seal(&a.id, &a.key, pass)
                .await
                .map_err(ConnectError::Lock)?,
        );
    }
    Ok(found)
}

/// Calls the API with the key; with `Auto`, falls back to Bearer (Dokploy before v0.19).
async fn check(url: String, key: String, choice: AuthChoice) -> Result<Checked, ApiError> {
    let first = match choice {
        AuthChoice::Fixed(mode) => mode,
        AuthChoice::Auto => AuthMode::ApiKey,
    };
    let client = Client::new(&url, &key, first);
    // The answer is the instance's era: kept, so the pages ask no more (state::era).
    match client.dokploy_version().await {
        Ok(v) => {
            remember(client.base(), &v);
            Ok(Checked {
                auth: first,
                sealed: None,
            })
        }
        Err(e) if e.is_auth() && choice == AuthChoice::Auto => {
            let bearer = client.with_auth(AuthMode::Bearer);
            match bearer.dokploy_version().await {
                Ok(v) => {
                    remember(bearer.base(), &v);
                    Ok(Checked {
                        auth: AuthMode::Bearer,
                        sealed: None,
                    })
                }
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
    let passphrase = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let url_error = RwSignal::new(None::<String>);
    let key_error = RwSignal::new(None::<String>);
    let pass_error = RwSignal::new(None::<String>);
    let saved_error = RwSignal::new(None::<String>);
    // The attempt that failed, for the doctor (typed values, never saved).
    let failed = RwSignal::new(None::<Attempt>);

    let connect = use_act(move |a: &Attempt| connect_and_lock(a.clone()));
    let result = connect.value();
    let pending = connect.pending();
    let last = RwSignal::new(None::<Attempt>);

    // Save and open the projects once the check passes; show the doctor when it fails.
    effect(move || match result.get() {
        Some(Ok(found)) => {
            let Some(a) = last.get_untracked() else {
                return;
            };
            let display = Some(name.get_untracked().trim().to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| name_from_url(&a.base));
            let key_store = if found.sealed.is_some() {
                KeyStore::Locked
            } else {
                store.get_untracked()
            };
            let inst = Instance {
                id: a.id.clone(),
                name: display,
                url: a.base.clone(),
                auth: found.auth,
                key_store,
            };
            let saved = session
                .save(inst, &a.key)
                .and_then(|()| match &found.sealed {
                    Some(sealed) => {
                        storage::set(Area::Local, &locked_slot(&a.id), &sealed.to_json())
                    }
                    None => Ok(()),
                });
            match saved {
                Ok(()) => navigate(&Route::projects(&a.id)),
                Err(e) => saved_error.set(Some(e)),
            }
        }
        Some(Err(ConnectError::Api(_))) => failed.set(last.get_untracked()),
        _ => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        saved_error.set(None);
        failed.set(None);
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
        let lock = store.get_untracked() == KeyStore::Locked;
        let pass = passphrase.get_untracked();
        match lock.then(|| crypto::check_new_passphrase(&pass, &confirm.get_untracked())) {
            Some(Err(e)) => pass_error.set(Some(e)),
            _ => pass_error.set(None),
        }
        if let (Some(base), None, None) =
            (base, key_error.get_untracked(), pass_error.get_untracked())
        {
            // Reconnecting to a saved address keeps its id (and its links).
            let existing = session
                .instances()
                .into_iter()
                .find(|i| i.url == base)
                .map(|i| i.id);
            let id = existing.unwrap_or_else(|| {
                let taken: Vec<String> = session.instances().iter().map(|i| i.id.clone()).collect();
                let display = Some(name.get_untracked().trim().to_string())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| name_from_url(&base));
                unique_id(&display, &taken)
            });
            let attempt = Attempt {
                id,
                base,
                key: typed_key,
                choice: auth.get_untracked(),
                passphrase: lock.then_some(pass),
            };
            last.set(Some(attempt.clone()));
            connect.dispatch(attempt);
        }
    };
    // Locking opens the passphrase fields and the section that holds them.
    let locked = move || store.get() == KeyStore::Locked;

    let has_instances = move || !session.instances().is_empty();

    view! {
        <div class="u-narrow">
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
                <details prop:open=move || locked() || pass_error.get().is_some()>
                    <summary class="small">"More options"</summary>
                    <div class="field u-mt-10">
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
                        <select id="connect-store" class="input" data-test="connect-store" on:change=move |ev| {
                            store.set(match event_target_value(&ev).as_str() {
                                "tab" => KeyStore::Tab,
                                "locked" => KeyStore::Locked,
                                _ => KeyStore::Local,
                            })
                        }>
                            <option value="local">{KeyStore::Local.label()}</option>
                            <option value="tab">{KeyStore::Tab.label()}</option>
                            <option value="locked">{KeyStore::Locked.label()}</option>
                        </select>
                        <span class="field__hint">{move || match store.get() {
                            KeyStore::Local => "Stays in this browser until you disconnect.",
                            KeyStore::Tab => "Gone when this tab closes; you paste it again next time.",
                            KeyStore::Locked => "Stored encrypted (AES-GCM); asked for once per tab.",
                        }}</span>
                    </div>
                    {move || locked().then(|| view! {
                        <div class="field">
                            <label for="connect-pass">"Passphrase"</label>
                            <input id="connect-pass" class="input" type="password" autocomplete="new-password"
                                data-test="connect-passphrase"
                                aria-invalid=move || pass_error.get().is_some().to_string()
                                prop:value=move || passphrase.get()
                                on:input=move |ev| { pass_error.set(None); passphrase.set(event_target_value(&ev)) } />
                        </div>
                        <div class="field">
                            <label for="connect-pass2">"Passphrase again"</label>
                            <input id="connect-pass2" class="input" type="password" autocomplete="new-password"
                                data-test="connect-passphrase-confirm"
                                aria-invalid=move || pass_error.get().is_some().to_string()
                                prop:value=move || confirm.get()
                                on:input=move |ev| { pass_error.set(None); confirm.set(event_target_value(&ev)) } />
                            <span class="field__hint">"Skiff cannot recover a forgotten passphrase: you would paste the key again."</span>
                            {move || pass_error.get().map(|e| view! { <span class="field__error">{e}</span> })}
                        </div>
                    })}
                </details>
                {move || result.get().and_then(Result::err).map(|e| match e {
                    ConnectError::Api(e) => view! { <ErrorView error=e /> }.into_any(),
                    ConnectError::Lock(msg) => view! {
                        <div class="alert alert--error" role="alert">
                            <div class="alert__title">"The key works, but could not be locked"</div>
                            <div>{msg}</div>
                        </div>
                    }.into_any(),
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
            {move || failed.get().map(|a| {
                let client = Client::new(&a.base, &a.key, match a.choice {
                    AuthChoice::Fixed(mode) => mode,
                    AuthChoice::Auto => AuthMode::ApiKey,
                });
                view! {
                    <div class="card connect-doctor">
                        <DoctorReport address=a.base.clone() client=Some(client)
                            detect_auth=a.choice == AuthChoice::Auto />
                    </div>
                }
            })}
            <p class="small muted u-mt-12">
                "Running the sandbox (scripts/run)? It prints its demo key in the terminal."
            </p>
        </div>
    }
}
