//! "My API keys": the list from `user.get`, creating a key (shown once), switching Skiff to
//! it, and deleting a key.

use leptos::prelude::*;

use crate::pages::live::effect;

use super::{load_record, save_record, set_flash, take_flash};
use crate::admin_logic::{
    self as logic, Expiry, InUse, KeyForm, KeyFormErrors, SkiffKeyRecord, Window,
};
use crate::api::{ApiError, Client};
use crate::components::{ConfirmDialog, CopyButton, ErrorToast, ErrorView};
use crate::model::{ApiKey, CreatedApiKey, Member};
use crate::pages::live::{failure, no_key, now_ms, on_success, use_act};
use crate::state::era::use_version;
use crate::state::instances::KeyStore;
use crate::state::session::use_session;

/// The caller's keys, newest first, with create and delete.
#[component]
pub(super) fn KeysSection(
    inst: String,
    client: Memo<Option<Client>>,
    me: RwSignal<Option<Member>>,
    /// Bumped to reload `user.get` after a write.
    reload: RwSignal<u32>,
) -> impl IntoView {
    let session = use_session();
    let keys = Memo::new(move |_| {
        let mut k = me.with(|m| {
            m.as_ref()
                .map(|m| m.user.api_keys.clone())
                .unwrap_or_default()
        });
        logic::sort_keys_newest_first(&mut k);
        k
    });
    let record = RwSignal::new(load_record(&inst));
    let inst_s = StoredValue::new(inst.clone());
    let in_use = move |k: &ApiKey| -> InUse {
        let rec = record.get();
        session
            .with_key(&inst_s.get_value(), |stored| {
                logic::key_in_use(k, stored, rec.as_ref())
            })
            .unwrap_or(InUse::Unknown)
    };
    let fallback_org =
        Signal::derive(move || me.with(|m| m.as_ref().and_then(|m| m.organization_id.clone())));

    let creating = RwSignal::new(false);
    // The new key, held only while its dialog is open.
    let created = RwSignal::new(None::<CreatedApiKey>);
    let deleting = RwSignal::new(None::<(ApiKey, InUse)>);
    let notice = RwSignal::new(take_flash(&inst));

    let use_key = Callback::new(move |key: CreatedApiKey| {
        let inst = inst_s.get_value();
        let Some(instance) = session.instance(&inst) else {
            return;
        };
        let locked = instance.key_store == KeyStore::Locked;
        let name = key.name.clone().unwrap_or_else(|| "the new key".into());
        match session.save(instance, &key.key) {
            Ok(()) => {
                let rate = (key.rate_limit_enabled == Some(true))
                    .then_some((key.rate_limit_max, key.rate_limit_time_window))
                    .and_then(|(m, w)| Some((m?, w?)));
                let rec =
                    SkiffKeyRecord::new(&key.id, &name, &key.key, rate, key.expires_at.clone());
                save_record(&inst, Some(&rec));
                record.set(Some(rec));
                let text = if locked {
                    format!("Skiff now uses {name} in this tab. The passphrase-locked copy still holds the old key: reconnect this instance on the Instances page to lock the new one.")
                } else {
                    format!("Skiff now uses {name} for this instance.")
                };
                set_flash(&inst, &text);
                notice.set(Some(text));
                created.set(None);
                reload.update(|n| *n += 1);
            }
            Err(e) => notice.set(Some(format!("Skiff could not store the key: {e}"))),
        }
    });

    view! {
        <section class="card admin-section" data-test="keys-section">
            <div class="row row--between admin-section__head">
                <div>
                    <h2>"My API keys"</h2>
                    <p class="muted small">"Keys act as you, with your permissions, in this organization."</p>
                </div>
                <button class="btn btn--primary" data-test="new-key" on:click=move |_| creating.set(true)>"New API key"</button>
            </div>
            {move || notice.get().map(|n| view! {
                <div class="alert alert--ok" role="status" data-test="key-notice">
                    <div class="row row--between">
                        <span>{n}</span>
                        <button class="btn btn--small btn--ghost" on:click=move |_| notice.set(None)>"Dismiss"</button>
                    </div>
                </div>
            })}
            {move || {
                let list = keys.get();
                if list.is_empty() {
                    return view! {
                        <div class="empty" data-test="no-keys">"No API keys yet. Create one for a script, the CLI or another Skiff."</div>
                    }.into_any();
                }
                let now = now_ms();
                let show_start = list.iter().any(|k| k.start.is_some() || k.prefix.is_some());
                let show_note = list.iter().all(|k| k.start.is_none())
                    && in_use_unknown(record, session, &inst_s.get_value());
                view! {
                    <div class="table-wrap">
                        <table class="table table--stack admin-keys" data-test="key-list">
                            <thead><tr>
                                <th>"Name"</th>{show_start.then(|| view! { <th>"Starts with"</th> })}<th>"Created"</th><th>"Expires"</th><th>"Status"</th><th><span class="sr-only">"Actions"</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|k| {
                                    let used = in_use(&k);
                                    view! { <KeyRow key=k used=used now=now show_start=show_start on_delete=Callback::new(move |k: ApiKey| deleting.set(Some((k, used)))) /> }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {show_note.then(|| view! {
                        <p class="small muted admin-note">"Dokploy lists keys without their first characters, so Skiff can tell which key it uses only when it created that key itself (\"Use this key in Skiff\")."</p>
                    })}
                }.into_any()
            }}
        </section>
        {move || creating.get().then(|| view! {
            <NewKeyDialog client=client fallback_org=fallback_org
                on_close=Callback::new(move |_| creating.set(false))
                on_created=Callback::new(move |k: CreatedApiKey| {
                    creating.set(false);
                    created.set(Some(k));
                    reload.update(|n| *n += 1);
                }) />
        })}
        {move || created.get().map(|k| view! {
            <CreatedKeyDialog key=k on_use=use_key on_close=Callback::new(move |_| created.set(None)) />
        })}
        {move || deleting.get().map(|(k, used)| view! {
            <DeleteKeyDialog client=client key=k used=used
                on_close=Callback::new(move |_| deleting.set(None))
                on_done=Callback::new(move |_| {
                    deleting.set(None);
                    if used == InUse::Yes {
                        let inst = inst_s.get_value();
                        save_record(&inst, None);
                        session.forget_key(&inst);
                    } else {
                        reload.update(|n| *n += 1);
                    }
                }) />
        })}
    }
}

/// Whether Skiff cannot tell its own key from the list.
fn in_use_unknown(
    record: RwSignal<Option<SkiffKeyRecord>>,
    session: crate::state::session::Session,
    inst: &str,
) -> bool {
    let rec = record.get();
    !session
        .with_key(inst, |k| rec.as_ref().is_some_and(|r| r.applies_to(k)))
        .unwrap_or(false)
}

/// One key of the list.
#[component]
fn KeyRow(
    key: ApiKey,
    used: InUse,
    now: i64,
    /// Whether the list has a "Starts with" column (Dokploy v0.30 lists no `start`).
    show_start: bool,
    on_delete: Callback<ApiKey>,
) -> impl IntoView {
    let name = key
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "(no name)".into());
    let start = key
        .start
        .clone()
        .or_else(|| key.prefix.clone())
        .filter(|s| !s.is_empty())
        .map(|s| format!("{s}…"))
        .unwrap_or_else(|| "—".into());
    let created = key
        .created_at
        .as_deref()
        .map(logic::format_date)
        .unwrap_or_else(|| "—".into());
    let (expires, expired) = logic::expiry_words(key.expires_at.as_deref(), now);
    let (status, class) = match (key.enabled, expired) {
        (_, true) => ("Expired", "badge badge--error"),
        (Some(false), _) => ("Disabled", "badge"),
        _ => ("Active", "badge badge--running"),
    };
    let limit = (key.rate_limit_enabled == Some(true)).then(|| {
        match (key.rate_limit_max, key.rate_limit_time_window) {
            (Some(m), Some(w)) => format!("Rate limited: {m} requests {}", logic::window_words(w)),
            _ => "Rate limited".to_string(),
        }
    });
    let row_key = key.clone();
    view! {
        <tr data-test="key-row" data-key-name=name.clone()>
            <td data-label="Name">
                <div class="admin-key-name">
                    <strong>{name.clone()}</strong>
                    {(used == InUse::Yes).then(|| view! { <span class="badge badge--kind" data-test="key-in-use">"Skiff uses this key"</span> })}
                </div>
                {limit.map(|l| view! { <div class="small muted">{l}</div> })}
            </td>
            {show_start.then(|| view! { <td data-label="Starts with"><code>{start}</code></td> })}
            <td data-label="Created">{created}</td>
            <td data-label="Expires">{expires}</td>
            <td data-label="Status"><span class=class>{status}</span></td>
            <td class="actions">
                <button class="btn btn--small btn--danger" data-test="delete-key"
                    aria-label=format!("Delete API key {name}")
                    on:click=move |_| on_delete.run(row_key.clone())>"Delete"</button>
            </td>
        </tr>
    }
}

/// Creates a key. Name and rate limit are checked before anything is sent; the organization
/// comes from `organization.active` (v0.28.4+; before, the caller's membership).
#[component]
fn NewKeyDialog(
    client: Memo<Option<Client>>,
    /// The caller's organization from `user.get`, for servers without `organization.active`.
    fallback_org: Signal<Option<String>>,
    on_close: Callback<()>,
    on_created: Callback<CreatedApiKey>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let expiry = RwSignal::new(Expiry::Never);
    let rate_limited = RwSignal::new(false);
    let max = RwSignal::new("1000".to_string());
    let window = RwSignal::new(Window::Day);
    let errors = RwSignal::new(KeyFormErrors::default());

    let version = use_version(client);
    let create = use_act(move |form: &KeyForm| {
        let form = form.clone();
        let client = client.get_untracked();
        let fallback = fallback_org.get_untracked();
        // Before v0.28.4 there is no organization.active: the membership names it.
        let ask =
            version.with_untracked(|v| v.as_ref().is_none_or(|v| v.has_active_organization()));
        async move {
            let c = client.ok_or_else(no_key)?;
            let active = match ask {
                true => c.organization_active().await.map(Some),
                false => Ok(None),
            };
            let org = match active {
                Ok(Some(o)) if !o.id.is_empty() => o.id,
                Ok(_) | Err(ApiError::NotFound { .. }) | Err(ApiError::Decode { .. }) => fallback
                    .filter(|f| !f.is_empty())
                    .ok_or_else(|| ApiError::NotFound {
                        message: "Skiff could not find your organization (organization.active)"
                            .into(),
                    })?,
                Err(e) => return Err(e),
            };
            let body = logic::build_new_key(&form, &org).map_err(|e| ApiError::Invalid {
                message: e.name.or(e.max).unwrap_or_default(),
                field_errors: Default::default(),
                form_errors: Vec::new(),
            })?;
            c.create_api_key(&body).await
        }
    });
    let pending = create.pending();
    effect(move || {
        if let Some(Ok(k)) = create.value().get() {
            on_created.run(k);
        }
    });
    let server_error = move || failure(create);
    let form = move || KeyForm {
        name: name.get_untracked(),
        expiry: expiry.get_untracked(),
        rate_limited: rate_limited.get_untracked(),
        max: max.get_untracked(),
        window: window.get_untracked(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let f = form();
        match logic::build_new_key(&f, "check") {
            Ok(_) => {
                errors.set(KeyFormErrors::default());
                create.dispatch(f);
            }
            Err(e) => errors.set(e),
        }
    };
    let name_len = move || name.with(|n| n.trim().encode_utf16().count());

    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog admin-dialog" role="dialog" aria-modal="true" aria-labelledby="new-key-title"
                on:click=|ev| ev.stop_propagation() on:submit=submit novalidate=true>
                <h2 id="new-key-title">"New API key"</h2>
                <div class="field">
                    <label for="key-name">"Name"</label>
                    <input id="key-name" class="input" data-test="key-name" autocomplete="off" placeholder="e.g. laptop-cli"
                        aria-invalid=move || errors.with(|e| e.name.is_some()).to_string()
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    <span class={move || if name_len() > logic::MAX_KEY_NAME { "field__hint field__error" } else { "field__hint" }}>
                        {move || format!("{} of {} characters", name_len(), logic::MAX_KEY_NAME)}
                    </span>
                    {move || errors.with(|e| e.name.clone())
                        .or_else(|| server_error().and_then(|e| e.field_error("name")))
                        .map(|e| view! { <span class="field__error" data-test="key-name-error">{e}</span> })}
                </div>
                <div class="field">
                    <label for="key-expiry">"Expires"</label>
                    <select id="key-expiry" class="input" data-test="key-expiry"
                        on:change=move |ev| expiry.set(Expiry::parse(&event_target_value(&ev)))>
                        {Expiry::ALL.into_iter().map(|e| view! {
                            <option value=e.value() selected=move || expiry.get() == e>{e.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="check">
                        <input type="checkbox" data-test="key-rate-toggle" prop:checked=move || rate_limited.get()
                            on:change=move |ev| rate_limited.set(event_target_checked(&ev)) />
                        "Limit how often this key can be used"
                    </label>
                    <span class="field__hint">"Off: the key works without limit (Skiff tells Dokploy so; Dokploy's own default would allow only 10 requests a day)."</span>
                </div>
                {move || rate_limited.get().then(|| view! {
                    <div class="admin-rate">
                        <div class="field">
                            <label for="key-rate-max">"Requests"</label>
                            <input id="key-rate-max" class="input" inputmode="numeric" data-test="key-rate-max"
                                aria-invalid=move || errors.with(|e| e.max.is_some()).to_string()
                                prop:value=move || max.get() on:input=move |ev| max.set(event_target_value(&ev)) />
                        </div>
                        <div class="field">
                            <label for="key-rate-window">"Per"</label>
                            <select id="key-rate-window" class="input" data-test="key-rate-window"
                                on:change=move |ev| window.set(Window::parse(&event_target_value(&ev)))>
                                {Window::ALL.into_iter().map(|w| view! {
                                    <option value=w.value() selected=move || window.get() == w>{w.label().trim_start_matches("per ").to_string()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    {move || errors.with(|e| e.max.clone()).map(|e| view! { <span class="field__error" data-test="key-rate-error">{e}</span> })}
                    <div class="alert alert--warn small" data-test="rate-limit-warning">
                        "When the limit is used up, Dokploy answers 401 Unauthorized until the window has passed: exactly what a wrong or deleted key gets. Skiff refreshes open pages every few seconds, so a limited key suits scripts better than Skiff."
                    </div>
                })}
                {move || server_error().filter(|e| e.field_error("name").is_none()).map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" data-test="create-key"
                        disabled=move || pending.get() aria-busy=move || pending.get().to_string()>"Create key"</button>
                </div>
            </form>
        </div>
    }
}

/// The new key, shown this once. The dialog closes only on purpose (no backdrop click).
#[component]
fn CreatedKeyDialog(
    key: CreatedApiKey,
    on_use: Callback<CreatedApiKey>,
    on_close: Callback<()>,
) -> impl IntoView {
    let name = key.name.clone().unwrap_or_default();
    let secret = key.key.clone();
    let limited = (key.rate_limit_enabled == Some(true)).then(|| {
        match (key.rate_limit_max, key.rate_limit_time_window) {
            (Some(m), Some(w)) => format!("{m} requests {}", logic::window_words(w)),
            _ => "a rate limit".to_string(),
        }
    });
    let key_s = StoredValue::new(key);
    view! {
        <div class="dialog-backdrop">
            <div class="dialog admin-dialog" role="dialog" aria-modal="true" aria-labelledby="created-key-title" data-test="created-key-dialog">
                <h2 id="created-key-title">{format!("Key {name} created")}</h2>
                <div class="alert alert--warn">
                    <div class="alert__title">"Copy it now: it will not be shown again."</div>
                    <div class="small">"Dokploy keeps only a hash of the key. If you lose it, delete it and create another."</div>
                </div>
                <div class="admin-secret">
                    <code data-test="created-key">{secret.clone()}</code>
                    <CopyButton value=secret label="Copy key" />
                </div>
                {limited.map(|l| view! {
                    <p class="small muted">{format!("This key is limited to {l}; once used up, Dokploy refuses it with 401 until the window passes.")}</p>
                })}
                <div class="dialog__actions">
                    <button class="btn" data-test="use-key" on:click=move |_| on_use.run(key_s.get_value())>"Use this key in Skiff"</button>
                    <button class="btn btn--primary" data-test="created-done" on:click=move |_| on_close.run(())>"Done, I copied it"</button>
                </div>
            </div>
        </div>
    }
}

/// Deleting a key asks for its name, and says first when it is the key Skiff uses.
#[component]
fn DeleteKeyDialog(
    client: Memo<Option<Client>>,
    key: ApiKey,
    used: InUse,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let name = key
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| key.id.clone());
    let id = key.id.clone();
    let remove = use_act(move |id: &String| {
        let id = id.clone();
        let client = client.get_untracked();
        async move {
            match client {
                Some(c) => c.delete_api_key(&id).await,
                None => Err(no_key()),
            }
        }
    });
    on_success(remove, on_done);
    let pending = remove.pending();
    let message = format!(
        "{} This cannot be undone.",
        logic::delete_warning(used, &name)
    );
    view! {
        <ConfirmDialog
            title=format!("Delete API key {name}?")
            message=message
            confirm_label="Delete key"
            type_to_confirm=name.clone()
            pending=Signal::from(pending)
            on_confirm=Callback::new(move |_| { if !pending.get_untracked() { remove.dispatch(id.clone()); } })
            on_cancel=on_close />
        <ErrorToast error=Signal::derive(move || failure(remove)) />
    }
}
