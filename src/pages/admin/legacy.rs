//! 2024 instances (Dokploy before v0.19): one token per user, read with `auth.get`, replaced by
//! `auth.generateToken`, which revokes the old token at once. When Skiff is connected with that
//! token, Dokploy then refuses it to read the new one back: Skiff says so, and takes the new
//! token pasted from Dokploy's profile page.

use leptos::prelude::*;

use crate::pages::live::effect;

use super::{set_flash, take_flash};
use crate::admin_logic as logic;
use crate::api::{ApiError, AuthMode, Client};
use crate::components::{ConfirmDialog, CopyButton, DokployLink, ErrorToast, ErrorView, Loading};
use crate::dashboard::Page;
use crate::model::AuthToken;
use crate::pages::live::{failure, no_key, use_act, use_fetch};
use crate::state::session::use_session;

/// What generating a token led to.
#[derive(Clone)]
enum Generated {
    /// Read back: the new token (Skiff was connected with another credential).
    Token(String),
    /// The old token is revoked and Dokploy refuses it to read the new one.
    Revoked,
}

#[component]
pub(super) fn LegacyTokens(inst: String) -> impl IntoView {
    let session = use_session();
    let client = {
        let inst = inst.clone();
        Memo::new(move |_| session.client(&inst))
    };
    let reload = RwSignal::new(0u32);
    let res = use_fetch(move || {
        reload.track();
        let client = client.get();
        async move {
            match client {
                Some(c) => c.auth_get().await,
                None => Err(no_key()),
            }
        }
    });
    let row = RwSignal::new(None::<AuthToken>);
    let error = RwSignal::new(None::<ApiError>);
    effect(move || {
        if let Some(r) = res.get() {
            match r {
                Ok(t) => {
                    row.set(Some(t));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let inst_s = StoredValue::new(inst.clone());
    let inst_name = session
        .instance(&inst)
        .map(|i| i.name)
        .unwrap_or_else(|| inst.clone());
    let skiffs = Memo::new(move |_| {
        let shown = row.with(|r| r.as_ref().and_then(|r| r.token.clone()));
        session
            .with_key(&inst_s.get_value(), |k| {
                logic::token_is_skiffs(shown.as_deref(), k)
            })
            .unwrap_or(false)
    });
    let confirming = RwSignal::new(false);
    let generated = RwSignal::new(None::<Generated>);
    let notice = RwSignal::new(take_flash(&inst));

    let generate = use_act(move |_: &()| {
        let client = client.get_untracked();
        let old = row.with_untracked(|r| r.as_ref().and_then(|r| r.token.clone()));
        async move {
            let c = client.ok_or_else(no_key)?;
            // The answer is the row as it was before; the new token is only in auth.get.
            c.auth_generate_token().await?;
            match c.auth_get().await {
                Ok(t) => match t.token.filter(|t| !t.is_empty() && Some(t) != old.as_ref()) {
                    Some(new) => Ok(Generated::Token(new)),
                    None => Ok(Generated::Revoked),
                },
                Err(e) if e.is_auth() => Ok(Generated::Revoked),
                Err(e) => Err(e),
            }
        }
    });
    let pending = generate.pending();
    effect(move || {
        if let Some(Ok(g)) = generate.value().get() {
            confirming.set(false);
            if matches!(g, Generated::Revoked) {
                // Skiff's own token is gone: let the page say so instead of showing it.
                reload.update(|n| *n += 1);
            }
            generated.set(Some(g));
        }
    });

    // Switches Skiff to `token` after checking that Dokploy accepts it.
    let pasted = RwSignal::new(String::new());
    let switch = use_act(move |token: &String| {
        let token = token.trim().to_string();
        let inst = inst_s.get_value();
        let instance = session.instance(&inst);
        async move {
            let instance = instance.ok_or_else(no_key)?;
            let probe = Client::new(&instance.url, &token, AuthMode::Bearer);
            probe.auth_get().await?;
            Ok::<_, ApiError>((instance, token))
        }
    });
    let switching = switch.pending();
    effect(move || {
        if let Some(Ok((instance, token))) = switch.value().get() {
            let inst = inst_s.get_value();
            match session.save(instance, &token) {
                Ok(()) => {
                    generated.set(None);
                    pasted.set(String::new());
                    let text = "Skiff now uses the new token for this instance.";
                    set_flash(&inst, text);
                    notice.set(Some(text.into()));
                    reload.update(|n| *n += 1);
                }
                Err(e) => notice.set(Some(format!("Skiff could not store the token: {e}"))),
            }
        }
    });
    let switch_error = move || failure(switch);

    view! {
        <section class="card admin-section" data-test="legacy-token">
            <h2>"Your API token"</h2>
            <p class="muted small">"Dokploy before v0.19 has one token per user. Generating a new one revokes the old one at once, for every script and browser that uses it."</p>
            {move || notice.get().map(|n| view! { <div class="alert alert--ok" role="status" data-test="token-notice">{n}</div> })}
            {move || error.get().filter(|e| !e.is_auth()).map(|e| view! { <ErrorView error=e on_retry=Callback::new(move |_| reload.update(|n| *n += 1)) /> })}
            {move || error.with(|e| e.as_ref().is_some_and(ApiError::is_auth)).then(|| {
                let here = matches!(generated.get(), Some(Generated::Revoked));
                view! {
                    <div class="alert alert--warn u-mt-12" role="status" data-test=if here { "token-revoked" } else { "token-refused" }>
                        <div class="alert__title">{if here { "Your old token is revoked, and with it Skiff's connection" } else { "Dokploy no longer accepts Skiff's token" }}</div>
                        <div>{if here {
                            "Dokploy made a new token, but shows it only to a signed-in session, not to the token it just revoked."
                        } else {
                            "It was revoked (a new token was generated, here or in Dokploy, which replaces the old one at once), or it is wrong. Dokploy shows the current token only to a signed-in session."
                        }}</div>
                        <div class="u-mt-6">"1. " <DokployLink inst=inst_s.get_value() page=Page::Profile label="Open your profile in Dokploy" /> " and copy the token."</div>
                        <div>"2. Paste it under “Use another token” below: Skiff checks it with Dokploy, then uses it."</div>
                    </div>
                }
            })}
            {move || (row.with(Option::is_none) && error.with(Option::is_none)).then(|| view! { <Loading what="Loading your token" /> })}
            {move || row.get().filter(|_| !error.with(|e| e.as_ref().is_some_and(ApiError::is_auth))).map(|r| view! {
                <dl class="kv admin-kv">
                    <dt>"User"</dt><dd>{r.email.clone().unwrap_or_default()}</dd>
                    <dt>"Role"</dt><dd>{r.rol.clone().unwrap_or_default()}</dd>
                    <dt>"Token"</dt>
                    <dd>
                        {match r.token.clone().filter(|t| !t.is_empty()) {
                            Some(t) => view! {
                                <code data-test="token-masked">{logic::mask(&t)}</code>
                                {move || skiffs.get().then(|| view! { " " <span class="badge badge--kind" data-test="token-in-use">"Skiff uses this token"</span> })}
                            }.into_any(),
                            None => view! { <span class="muted">"None yet"</span> }.into_any(),
                        }}
                    </dd>
                </dl>
                <div class="row u-mt-12">
                    <button class="btn btn--danger" data-test="generate-token" on:click=move |_| confirming.set(true)>"Generate a new token"</button>
                </div>
            })}
        </section>
        {move || generated.get().map(|g| match g {
            Generated::Token(t) => view! {
                <section class="card admin-section" data-test="new-token">
                    <h2>"New token"</h2>
                    <div class="alert alert--warn"><div class="alert__title">"The old token no longer works."</div>
                        <div class="small">"Copy the new one now for your scripts; Dokploy shows it again on its profile page."</div></div>
                    <div class="admin-secret"><code data-test="new-token-value">{t.clone()}</code><CopyButton value=t.clone() label="Copy token" /></div>
                    <div class="row u-mt-12">
                        <button class="btn btn--primary" data-test="use-token" disabled=move || switching.get()
                            aria-busy=move || switching.get().to_string()
                            on:click={ let t = t.clone(); move |_| { if !switching.get_untracked() { switch.dispatch(t.clone()); } } }>"Use this token in Skiff"</button>
                    </div>
                </section>
            }.into_any(),
            Generated::Revoked => ().into_any(),
        })}
        <section class="card admin-section">
            <h2>"Use another token"</h2>
            <form class="admin-paste" novalidate=true on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let t = pasted.get_untracked();
                if !t.trim().is_empty() && !switching.get_untracked() {
                    switch.dispatch(t);
                }
            }>
                <div class="field">
                    <label for="paste-token">"Token from Dokploy (Settings › Profile)"</label>
                    <input id="paste-token" class="input" type="password" autocomplete="off" data-test="paste-token"
                        prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev)) />
                    <span class="field__hint">"Skiff checks it with Dokploy before replacing the token it uses."</span>
                </div>
                {move || switch_error().map(|e| view! { <ErrorView error=e /> })}
                <button type="submit" class="btn" data-test="use-pasted-token"
                    disabled=move || switching.get() || pasted.with(|p| p.trim().is_empty())
                    aria-busy=move || switching.get().to_string()>"Check and use this token"</button>
            </form>
        </section>
        {move || confirming.get().then(|| view! {
            <ConfirmDialog
                title="Generate a new token?"
                message=if skiffs.get_untracked() {
                    "This revokes your current token at once. Skiff is connected with it, so Skiff loses access to this instance until you paste the new token from Dokploy's profile page; scripts using the old token stop working too."
                } else {
                    "This revokes your current token at once: scripts and browsers using it stop working. Skiff will show the new token if Dokploy lets it read it."
                }
                confirm_label="Revoke and generate"
                type_to_confirm=inst_name.clone()
                pending=Signal::from(pending)
                on_confirm=Callback::new(move |_| { if !pending.get_untracked() { generate.dispatch(()); } })
                on_cancel=Callback::new(move |_| confirming.set(false)) />
            <ErrorToast error=Signal::derive(move || failure(generate)) />
        })}
    }
}
