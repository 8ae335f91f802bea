//! Pages for routes that cannot be shown: unknown paths, unknown or locked instances.

use leptos::prelude::*;

use crate::pages::live::effect;

use crate::pages::live::use_act;

use crate::api::Client;
use crate::components::ErrorView;
use crate::routes::Route;
use crate::state::crypto::{self, Sealed};
use crate::state::instances::{Instance, KeyStore};
use crate::state::session::{locked_slot, use_session};
use crate::state::storage::{self, Area};

/// A path Skiff does not know.
#[component]
pub fn NotFound(path: String) -> impl IntoView {
    view! {
        <div class="card empty">
            <h1>"Nothing here"</h1>
            <p>"Skiff has no page at " <code>{path}</code> "."</p>
            <a class="btn" href="#/">"Go to your projects"</a>
        </div>
    }
}

/// A link to an instance this browser has not saved.
#[component]
pub fn UnknownInstance(id: String) -> impl IntoView {
    view! {
        <div class="card empty">
            <h1>"Unknown instance"</h1>
            <p>"This link points to the instance " <code>{id}</code> ", which is not saved in this browser. Connect to it first, then open the link again."</p>
            <div class="row u-center">
                <a class="btn btn--primary" href=Route::Connect.href()>"Connect an instance"</a>
                <a class="btn" href=Route::Instances.href()>"All instances"</a>
            </div>
        </div>
    }
}

/// An instance whose key is not at hand. A locked key asks for its passphrase (once per tab);
/// a key kept for one tab only, or removed, is pasted again (and checked before it is kept).
#[component]
pub fn KeyNeeded(id: String) -> impl IntoView {
    let session = use_session();
    let Some(inst) = session.instance(&id) else {
        return view! { <UnknownInstance id=id /> }.into_any();
    };
    let sealed = (inst.key_store == KeyStore::Locked)
        .then(|| storage::get(Area::Local, &locked_slot(&id)))
        .flatten()
        .map(|text| Sealed::parse(&text));
    let body = match sealed {
        Some(Ok(sealed)) => view! { <UnlockForm inst=inst.clone() sealed=sealed /> }.into_any(),
        Some(Err(e)) => view! {
            <div class="alert alert--warn">{e}" Paste the key again below."</div>
            <PasteKeyForm inst=inst.clone() />
        }
        .into_any(),
        None => view! { <PasteKeyForm inst=inst.clone() /> }.into_any(),
    };
    let why = match inst.key_store {
        KeyStore::Locked => {
            "Its key is locked with a passphrase. Enter the passphrase to use it in this tab."
        }
        KeyStore::Tab => {
            "Its key was kept for one tab only, so this tab does not have it. Paste the key again."
        }
        KeyStore::Local => {
            "Its key is not in this browser (disconnected or imported). Paste the key to use it."
        }
    };
    view! {
        <div class="card unlock" data-test="key-needed">
            <h1>{if inst.key_store == KeyStore::Locked { "Unlock " } else { "Key needed for " }}{inst.name.clone()}</h1>
            <p class="muted small">{inst.url.clone()}</p>
            <p>{why}</p>
            {body}
            <p class="small u-mt-12">
                <a href=Route::Instances.href()>"All instances"</a>
                " · "
                <a href=Route::Connect.href()>"Connect with a new key"</a>
            </p>
        </div>
    }
    .into_any()
}

/// The passphrase prompt of a locked key. A wrong passphrase says so and keeps the field.
#[component]
fn UnlockForm(inst: Instance, sealed: Sealed) -> impl IntoView {
    let session = use_session();
    let pass = RwSignal::new(String::new());
    let id = inst.id.clone();
    let unlock = use_act(move |pass: &String| {
        let (id, sealed, pass) = (id.clone(), sealed.clone(), pass.clone());
        async move { crypto::open(&id, &sealed, &pass).await }
    });
    let pending = unlock.pending();
    let result = unlock.value();
    let id = inst.id.clone();
    effect(move || {
        if let Some(Ok(key)) = result.get() {
            session.unlock(&id, &key);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = pass.get_untracked();
        if pending.get_untracked() || p.is_empty() {
            return;
        }
        unlock.dispatch(p);
    };
    view! {
        <form class="stack" on:submit=submit>
            <div class="field">
                <label for="unlock-pass">"Passphrase"</label>
                <input id="unlock-pass" class="input" type="password" autocomplete="current-password"
                    autofocus=true data-test="unlock-passphrase"
                    aria-invalid=move || matches!(result.get(), Some(Err(_))).to_string()
                    prop:value=move || pass.get() on:input=move |ev| pass.set(event_target_value(&ev)) />
                {move || match result.get() {
                    Some(Err(e)) => Some(view! { <span class="field__error" data-test="unlock-error" role="alert">{e}</span> }),
                    _ => None,
                }}
            </div>
            <div class="row">
                <button type="submit" class="btn btn--primary" data-test="unlock"
                    disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                    {move || if pending.get() { "Unlocking…" } else { "Unlock" }}
                </button>
            </div>
        </form>
    }
}

/// Pastes a key for a saved instance; it is checked against the instance before it is kept.
#[component]
fn PasteKeyForm(inst: Instance) -> impl IntoView {
    let session = use_session();
    let key = RwSignal::new(String::new());
    let url = inst.url.clone();
    let auth = inst.auth;
    let check = use_act(move |key: &String| {
        let client = Client::new(&url, key, auth);
        async move {
            let v = client.dokploy_version().await?;
            crate::state::era::remember(client.base(), &v);
            Ok(())
        }
    });
    let pending = check.pending();
    let result = check.value();
    let store_error = RwSignal::new(None::<String>);
    let checked_key = RwSignal::new(String::new());
    effect(move || {
        if let Some(Ok(())) = result.get() {
            let mut inst = inst.clone();
            // A locked key whose lock is gone is kept for this tab only.
            if inst.key_store == KeyStore::Locked {
                inst.key_store = KeyStore::Tab;
            }
            if let Err(e) = session.save(inst, &checked_key.get_untracked()) {
                store_error.set(Some(e));
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let k = key.get_untracked().trim().to_string();
        if pending.get_untracked() || k.is_empty() {
            return;
        }
        checked_key.set(k.clone());
        check.dispatch(k);
    };
    view! {
        <form class="stack" on:submit=submit>
            <div class="field">
                <label for="paste-key">"API key"</label>
                <input id="paste-key" class="input" type="password" autocomplete="off" spellcheck="false"
                    data-test="paste-key"
                    prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev)) />
                <span class="field__hint">"In Dokploy: Settings › Profile › API/CLI."</span>
            </div>
            {move || match result.get() {
                Some(Err(e)) => Some(view! { <ErrorView error=e /> }),
                _ => None,
            }}
            {move || store_error.get().map(|e| view! { <div class="alert alert--error">{e}</div> })}
            <div class="row">
                <button type="submit" class="btn btn--primary" data-test="paste-key-save"
                    disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                    {move || if pending.get() { "Checking…" } else { "Use this key" }}
                </button>
            </div>
        </form>
    }
}
