//! `#/instances`: every saved instance on one page. Each card fetches its own `project.all`
//! (so all instances load in parallel and one failing instance never holds up the others) and
//! shows its projects and the services that failed or are stopped. Instances are managed here:
//! rename, key and where it is kept, disconnect, remove, export and import of the list.

use std::time::Duration;

use leptos::prelude::*;

use crate::pages::live::effect;

use crate::pages::live::use_act;
use wasm_bindgen::JsCast;

use crate::api::{ApiError, Client, NetworkCause};
use crate::components::{ConfirmDialog, ErrorView, Loading};
use crate::doctor::{self, Reach};
use crate::fleet::{self, InstanceSummary};
use crate::routes::Route;
use crate::state::crypto::{self, Sealed};
use crate::state::instances::{self, Instance, KeyStore};
use crate::state::poll::{use_poll, Poll};
use crate::state::session::{locked_slot, use_session};
use crate::state::storage::{self, Area};

/// Attention rows shown per card before "and N more".
const ATTENTION_SHOWN: usize = 8;
/// Project links shown per card.
const PROJECTS_SHOWN: usize = 6;

#[component]
pub fn InstancesPage() -> impl IntoView {
    let session = use_session();
    let poll = use_poll(Duration::from_secs(30));
    let importing = RwSignal::new(false);
    let export = move |_| download_export(&session.instances());
    view! {
        <div class="page-head">
            <div class="page-head__title">
                <h1>"All instances"</h1>
                <div class="muted small">"Every saved Dokploy instance, its projects, and what failed or stopped."</div>
            </div>
            <div class="page-head__actions">
                <a class="btn" href=Route::AllBackups.href() data-test="all-backups">"Backups"</a>
                <button class="btn" data-test="export" on:click=export
                    disabled=move || session.instances().is_empty()>"Export list"</button>
                <button class="btn" data-test="import-toggle" aria-expanded=move || importing.get().to_string()
                    on:click=move |_| importing.update(|v| *v = !*v)>"Import list"</button>
                <a class="btn btn--primary" href=Route::Connect.href()>"Add instance"</a>
            </div>
        </div>
        {move || importing.get().then(|| view! { <ImportPanel on_done=Callback::new(move |()| importing.set(false)) /> })}
        {move || session.instances().is_empty().then(|| view! {
            <div class="card empty">
                <h2>"No instance yet"</h2>
                <p>"Connect a Dokploy instance with its URL and an API key, or import a list exported from another browser."</p>
                <a class="btn btn--primary" href=Route::Connect.href()>"Connect an instance"</a>
            </div>
        })}
        <div class="fleet">
            <For each=move || session.instances()
                key=|i| serde_json::to_string(i).unwrap_or_else(|_| i.id.clone())
                let:inst>
                <InstanceCard inst=inst poll=poll />
            </For>
        </div>
    }
}

/// One instance: its summary (fetched on its own), or why there is none, and its settings.
#[component]
fn InstanceCard(inst: Instance, poll: Poll) -> impl IntoView {
    let session = use_session();
    let id = inst.id.clone();
    let retry = RwSignal::new(0u32);
    let has_key = {
        let id = id.clone();
        move || session.has_key(&id)
    };
    let summary = LocalResource::new({
        let id = id.clone();
        move || {
            poll.tick.track();
            retry.track();
            let client = session.client(&id);
            async move {
                let c = client?;
                Some(match c.project_all().await {
                    Ok(p) => Ok(fleet::summarize(&p)),
                    Err(e) => Err(explain_unreachable(&c, e).await),
                })
            }
        }
    });
    // Report to the poll's back-off only when every card is fine is overkill; a failing card
    // keeps its own error and retry, and the page refreshes every 30 s while visible.
    let key_store = inst.key_store;
    let projects_href = Route::projects(&id).href();
    let doctor_href = Route::tool(&id, "doctor").href();
    let card_id = id.clone();
    view! {
        <article class="card instance" data-test="instance-card" data-instance=card_id>
            <header class="instance__head">
                <div class="instance__name">
                    <a class="card__title" href=projects_href.clone()>{inst.name.clone()}</a>
                    <div class="card__desc mono">{inst.url.clone()}</div>
                </div>
                <span class="badge badge--plain" title="Where the key is kept">{key_store.label()}</span>
            </header>
            {
                let projects_href = projects_href.clone();
                move || {
                    if !has_key() {
                        return view! { <NoKey key_store=key_store href=projects_href.clone() /> }.into_any();
                    }
                    let doctor_href = doctor_href.clone();
                    let id = id.clone();
                    view! {
                        <Transition fallback=|| view! { <Loading what="Loading projects" /> }>
                            {
                                let id = id.clone();
                                let doctor_href = doctor_href.clone();
                                move || summary.get().map(|r| match r {
                                    None => ().into_any(),
                                    Some(Ok(s)) => view! { <SummaryView inst=id.clone() summary=s /> }.into_any(),
                                    Some(Err(e)) => view! {
                                        <div data-test="instance-error">
                                            <ErrorView error=e on_retry=Callback::new(move |()| retry.update(|n| *n += 1)) />
                                            <a class="small" href=doctor_href.clone()>"Run the connection doctor"</a>
                                        </div>
                                    }.into_any(),
                                })
                            }
                        </Transition>
                    }.into_any()
                }
            }
            <ManageInstance inst=inst.clone() />
        </article>
    }
}

/// A cross-origin fetch that got no answer is either a CORS block or a server that is down;
/// the browser hides which. A `no-cors` probe tells them apart (see `crate::doctor`).
async fn explain_unreachable(client: &Client, e: ApiError) -> ApiError {
    match e {
        ApiError::Unreachable {
            cause: NetworkCause::CrossOrigin,
            url,
        } => {
            let probe = format!("{}/{}", client.base(), doctor::PROBE_PROCEDURE);
            match doctor::probe::reach(&probe).await {
                Reach::Answered => ApiError::Unreachable {
                    cause: NetworkCause::CrossOrigin,
                    url,
                },
                _ => ApiError::Unreachable {
                    cause: NetworkCause::Down,
                    url,
                },
            }
        }
        other => other,
    }
}

/// Why a card has no summary: its key is locked or not in this browser.
#[component]
fn NoKey(key_store: KeyStore, href: String) -> impl IntoView {
    let (text, action) = match key_store {
        KeyStore::Locked => (
            "Locked: enter the passphrase to see this instance.",
            "Unlock",
        ),
        KeyStore::Tab => ("The key was kept for another tab only.", "Paste the key"),
        KeyStore::Local => ("No key in this browser.", "Add the key"),
    };
    view! {
        <div class="instance__nokey" data-test="instance-locked">
            <span class="muted">{text}</span>
            <a class="btn btn--small" href=href>{action}</a>
        </div>
    }
}

/// Counts, the failed and stopped services, and the projects of one instance.
#[component]
fn SummaryView(inst: String, summary: InstanceSummary) -> impl IntoView {
    let InstanceSummary {
        projects,
        services,
        status,
        attention,
        project_rows,
    } = summary;
    let failed = attention.iter().filter(|a| a.failed).count();
    let stopped = attention.len() - failed;
    let hidden = attention.len().saturating_sub(ATTENTION_SHOWN);
    let more_projects = project_rows.len().saturating_sub(PROJECTS_SHOWN);
    let health = if failed > 0 && stopped > 0 {
        (
            "instance__health instance__health--error",
            format!("{failed} failed · {stopped} stopped"),
        )
    } else if failed > 0 {
        (
            "instance__health instance__health--error",
            format!("{failed} failed"),
        )
    } else if stopped > 0 {
        (
            "instance__health instance__health--idle",
            format!("{stopped} stopped"),
        )
    } else {
        (
            "instance__health instance__health--ok",
            "Nothing failed".to_string(),
        )
    };
    let unknown_note = (status.unknown > 0).then(|| {
        format!(
            "{} database{} without a status in this list (Dokploy's project list does not include it); open a project to see them.",
            status.unknown,
            if status.unknown == 1 { "" } else { "s" }
        )
    });
    let inst2 = inst.clone();
    view! {
        <div class="instance__summary" data-test="instance-summary">
            <div class="row">
                <span class=health.0 data-test="instance-health">{health.1}</span>
                <span class="muted small">{format!(
                    "{projects} project{} · {services} service{}",
                    if projects == 1 { "" } else { "s" },
                    if services == 1 { "" } else { "s" }
                )}</span>
            </div>
            <div class="counts">
                {status.entries().into_iter().map(|(label, word, n)| view! {
                    <span class=format!("badge badge--{word}")>{format!("{n} {label}")}</span>
                }).collect_view()}
            </div>
            {(!attention.is_empty()).then(|| view! {
                <ul class="attention" data-test="attention">
                    {attention.into_iter().take(ATTENTION_SHOWN).map(|a| {
                        let href = Route::service(&inst, a.kind.router(), &a.id, "").href();
                        let (word, label) = if a.failed { ("error", "Failed") } else { ("idle", "Stopped") };
                        view! {
                            <li class="attention__row" data-test="attention-row">
                                <span class=format!("badge badge--{word}")>{label}</span>
                                <a class="attention__name" href=href>{a.name}</a>
                                <span class="muted small attention__where">{format!("{} · {}", a.project, a.kind.label())}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(hidden > 0).then(|| view! { <p class="small muted">{format!("and {hidden} more")}</p> })}
            })}
            {unknown_note.map(|n| view! { <p class="small muted">{n}</p> })}
            {(!project_rows.is_empty()).then(|| view! {
                <div class="instance__projects">
                    {project_rows.into_iter().take(PROJECTS_SHOWN).map(|(pid, name, n)| view! {
                        <a class="chip" href=Route::project(&inst2, &pid).href()>
                            {name}<span class="muted">{n.to_string()}</span>
                        </a>
                    }).collect_view()}
                    {(more_projects > 0).then(|| view! {
                        <a class="chip" href=Route::projects(&inst2).href()>{format!("+{more_projects} more")}</a>
                    })}
                </div>
            })}
        </div>
    }
}

/// Rename, key and where it is kept, disconnect, remove.
#[component]
fn ManageInstance(inst: Instance) -> impl IntoView {
    let session = use_session();
    let id = inst.id.clone();
    let name = RwSignal::new(inst.name.clone());
    let rename_msg = RwSignal::new(None::<Result<String, String>>);
    let confirm = RwSignal::new(None::<&'static str>);

    let rename = {
        let inst = inst.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let new = name.get_untracked().trim().to_string();
            if new.is_empty() {
                rename_msg.set(Some(Err("A name cannot be empty.".into())));
                return;
            }
            let mut updated = inst.clone();
            updated.name = new;
            rename_msg.set(Some(
                session.update(updated).map(|()| "Renamed.".to_string()),
            ));
        }
    };
    let id_disconnect = id.clone();
    let id_remove = id.clone();
    let has_key = {
        let id = id.clone();
        move || session.has_key(&id)
    };
    view! {
        <details class="instance__manage">
            <summary data-test="manage">"Manage"</summary>
            <form class="row instance__rename" on:submit=rename>
                <label class="sr-only" for=format!("rename-{id}")>"Name"</label>
                <input id=format!("rename-{id}") class="input" data-test="rename-input"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="submit" class="btn btn--small" data-test="rename">"Rename"</button>
            </form>
            {move || rename_msg.get().map(|m| match m {
                Ok(t) => view! { <p class="small ok-text">{t}</p> }.into_any(),
                Err(e) => view! { <p class="field__error">{e}</p> }.into_any(),
            })}
            <DashboardForm inst=inst.clone() />
            <KeyForm inst=inst.clone() />
            <div class="row instance__danger">
                {move || has_key().then(|| view! {
                    <button class="btn btn--small" data-test="disconnect"
                        on:click=move |_| confirm.set(Some("disconnect"))>"Disconnect"</button>
                })}
                <button class="btn btn--small btn--danger" data-test="remove"
                    on:click=move |_| confirm.set(Some("remove"))>"Remove"</button>
                <a class="btn btn--small btn--ghost" href=Route::tool(&id, "doctor").href()>"Doctor"</a>
            </div>
        </details>
        {move || match confirm.get() {
            Some("disconnect") => {
                let id = id_disconnect.clone();
                view! {
                    <ConfirmDialog title="Disconnect this instance?"
                        message="Skiff forgets the key in this browser (a locked key too). The instance stays in the list; paste the key to use it again."
                        confirm_label="Disconnect" pending=Signal::derive(|| false)
                        on_confirm=Callback::new(move |()| { session.forget_key(&id); confirm.set(None); })
                        on_cancel=Callback::new(move |()| confirm.set(None)) />
                }.into_any()
            }
            Some(_) => {
                let id = id_remove.clone();
                let name = inst.name.clone();
                let base = Client::new(&inst.url, "", inst.auth).base().to_string();
                view! {
                    <ConfirmDialog title="Remove this instance from Skiff?"
                        message=format!("Skiff forgets {name} and its key in this browser. Nothing changes on the Dokploy server.")
                        confirm_label="Remove" type_to_confirm=name.clone() pending=Signal::derive(|| false)
                        on_confirm=Callback::new(move |()| {
                            session.remove(&id);
                            storage::remove(Area::Local, &instances::dashboard_slot(&id));
                            crate::state::era::forget(&base);
                            confirm.set(None);
                        })
                        on_cancel=Callback::new(move |()| confirm.set(None)) />
                }.into_any()
            }
            None => ().into_any(),
        }}
    }
}

/// What setting the dashboard's address led to.
#[derive(Clone)]
enum DashboardNote {
    Saved(String),
    /// Saved, but nothing answered there from this browser.
    Unreachable(String),
    Invalid(String),
}

/// Where Dokploy's own dashboard is, for Skiff's links into it (Swagger, the profile page, a
/// service's page): worked out from the API's address unless Skiff is served in front of the
/// API; then the user says. A typed address is checked: its form, that it is not Skiff's own,
/// and that something answers there from this browser.
#[component]
fn DashboardForm(inst: Instance) -> impl IntoView {
    let id = inst.id.clone();
    let slot = StoredValue::new(instances::dashboard_slot(&id));
    let value = RwSignal::new(storage::get(Area::Local, &slot.get_value()).unwrap_or_default());
    let note = RwSignal::new(None::<DashboardNote>);
    let check = use_act(|d: &String| {
        let d = d.clone();
        async move { (doctor::probe::reach(&format!("{d}/")).await, d) }
    });
    let checking = check.pending();
    effect(move || {
        if let Some((reach, d)) = check.value().get() {
            note.set(Some(match reach {
                Reach::Answered => DashboardNote::Saved(format!("{d} answered. Links into Dokploy (Swagger, your profile, a service's page) open it.")),
                _ => DashboardNote::Unreachable(format!("Saved, but nothing answered at {d} from this browser just now: the address may be mistyped, the server down or not reachable from this network, or its certificate not trusted here. Open it in a tab to check.")),
            }));
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if checking.get_untracked() {
            return;
        }
        let (page_origin, page_path) = crate::state::location::page_place();
        match crate::dashboard::parse(&value.get_untracked(), &page_origin, &page_path) {
            Ok(Some(d)) => {
                value.set(d.clone());
                match storage::set(Area::Local, &slot.get_value(), &d) {
                    Ok(()) => {
                        note.set(None);
                        check.dispatch(d);
                    }
                    Err(e) => note.set(Some(DashboardNote::Invalid(e))),
                }
            }
            Ok(None) => {
                storage::remove(Area::Local, &slot.get_value());
                note.set(Some(DashboardNote::Saved(
                    "Skiff works the address out from the API's.".into(),
                )));
            }
            Err(e) => note.set(Some(DashboardNote::Invalid(e))),
        }
    };
    view! {
        <form class="instance__dashboard" on:submit=save data-test="dashboard-form">
            <label class="small" for=format!("dashboard-{id}")>"Dokploy dashboard (optional)"</label>
            <div class="row">
                <input id=format!("dashboard-{id}") class="input" data-test="dashboard-input" type="text" inputmode="url"
                    placeholder="https://dokploy.example.com" autocomplete="off" spellcheck="false"
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                <button type="submit" class="btn btn--small" data-test="dashboard-save" disabled=move || checking.get()
                    aria-busy=move || checking.get().to_string()>{move || if checking.get() { "Checking…" } else { "Save" }}</button>
            </div>
            <p class="field__hint">"Where you open Dokploy itself, for links into it (Swagger, your profile, a service's page). Needed when Skiff is served in front of the API (its container, a proxy); leave empty otherwise."</p>
            {move || note.get().map(|m| match m {
                DashboardNote::Saved(t) => view! { <p class="small ok-text" data-test="dashboard-saved">{t}</p> }.into_any(),
                DashboardNote::Unreachable(t) => view! { <p class="small warn-text" data-test="dashboard-unreachable" role="status">{t}</p> }.into_any(),
                DashboardNote::Invalid(e) => view! { <p class="field__error" data-test="dashboard-error">{e}</p> }.into_any(),
            })}
        </form>
    }
}

/// What the key form saves.
#[derive(Clone)]
struct KeyChange {
    key: String,
    store: KeyStore,
    passphrase: Option<String>,
    /// Whether the key is new (then it is checked against the instance first).
    new_key: bool,
}

#[derive(Clone)]
enum KeyError {
    Api(ApiError),
    Other(String),
}

/// A new key and/or another place to keep it; locking asks for a passphrase twice.
#[component]
fn KeyForm(inst: Instance) -> impl IntoView {
    let session = use_session();
    let key = RwSignal::new(String::new());
    let store = RwSignal::new(inst.key_store);
    let pass = RwSignal::new(String::new());
    let pass2 = RwSignal::new(String::new());
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let id = inst.id.clone();

    let action = use_act({
        let inst = inst.clone();
        move |c: &KeyChange| {
            let c = c.clone();
            let inst = inst.clone();
            async move {
                if c.new_key {
                    let client = Client::new(&inst.url, &c.key, inst.auth);
                    let v = client.dokploy_version().await.map_err(KeyError::Api)?;
                    crate::state::era::remember(client.base(), &v);
                }
                let sealed: Option<Sealed> = match &c.passphrase {
                    Some(p) => Some(
                        crypto::seal(&inst.id, &c.key, p)
                            .await
                            .map_err(KeyError::Other)?,
                    ),
                    None => None,
                };
                Ok::<_, KeyError>((c, sealed))
            }
        }
    });
    let pending = action.pending();
    let result = action.value();
    effect({
        let inst = inst.clone();
        move || {
            if let Some(Ok((c, sealed))) = result.get() {
                let mut updated = inst.clone();
                updated.key_store = c.store;
                let done = session.save(updated, &c.key).and_then(|()| match sealed {
                    Some(s) => storage::set(Area::Local, &locked_slot(&inst.id), &s.to_json()),
                    None => Ok(()),
                });
                match done {
                    Ok(()) => {
                        key.set(String::new());
                        pass.set(String::new());
                        pass2.set(String::new());
                        saved.set(true);
                    }
                    Err(e) => form_error.set(Some(e)),
                }
            }
        }
    });
    let submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if pending.get_untracked() {
                return;
            }
            form_error.set(None);
            saved.set(false);
            let typed = key.get_untracked().trim().to_string();
            if typed.chars().any(char::is_whitespace) {
                form_error.set(Some("A key has no spaces: check what was pasted.".into()));
                return;
            }
            let new_key = !typed.is_empty();
            let current = if new_key {
                Some(typed)
            } else {
                session.with_key(&id, str::to_string)
            };
            let Some(k) = current else {
                form_error.set(Some(
                    "The key is not at hand in this tab: unlock the instance first, or paste its key here.".into(),
                ));
                return;
            };
            let s = store.get_untracked();
            let passphrase = if s == KeyStore::Locked {
                let p = pass.get_untracked();
                if let Err(e) = crypto::check_new_passphrase(&p, &pass2.get_untracked()) {
                    form_error.set(Some(e));
                    return;
                }
                Some(p)
            } else {
                None
            };
            action.dispatch(KeyChange {
                key: k,
                store: s,
                passphrase,
                new_key,
            });
        }
    };
    view! {
        <form class="instance__key stack" on:submit=submit>
            <div class="field">
                <label for=format!("key-{id}")>"New API key (optional)"</label>
                <input id=format!("key-{id}") class="input" type="password" autocomplete="off" spellcheck="false"
                    placeholder="Leave empty to keep the current key" data-test="key-input"
                    prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for=format!("store-{id}")>"Keep the key"</label>
                <select id=format!("store-{id}") class="input" data-test="store-select"
                    on:change=move |ev| store.set(match event_target_value(&ev).as_str() {
                        "tab" => KeyStore::Tab,
                        "locked" => KeyStore::Locked,
                        _ => KeyStore::Local,
                    })>
                    {[("local", KeyStore::Local), ("tab", KeyStore::Tab), ("locked", KeyStore::Locked)]
                        .into_iter()
                        .map(|(v, ks)| view! { <option value=v selected=move || store.get() == ks>{ks.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            {move || (store.get() == KeyStore::Locked).then(|| view! {
                <div class="field">
                    <label>"Passphrase"
                        <input class="input" type="password" autocomplete="new-password" data-test="store-passphrase"
                            prop:value=move || pass.get() on:input=move |ev| pass.set(event_target_value(&ev)) />
                    </label>
                    <label>"Passphrase again"
                        <input class="input" type="password" autocomplete="new-password" data-test="store-passphrase-confirm"
                            prop:value=move || pass2.get() on:input=move |ev| pass2.set(event_target_value(&ev)) />
                    </label>
                    <span class="field__hint">"A new passphrase locks the key again; Skiff cannot recover a forgotten one."</span>
                </div>
            })}
            {move || form_error.get().map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
            {move || match result.get() {
                Some(Err(KeyError::Api(e))) => Some(view! { <ErrorView error=e /> }.into_any()),
                Some(Err(KeyError::Other(e))) => Some(view! { <p class="field__error" role="alert">{e}</p> }.into_any()),
                _ => None,
            }}
            {move || saved.get().then(|| view! { <p class="small ok-text" data-test="key-saved">"Saved."</p> })}
            <div class="row">
                <button type="submit" class="btn btn--small" data-test="key-save"
                    disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                    {move || if pending.get() { "Saving…" } else { "Save key settings" }}
                </button>
            </div>
        </form>
    }
}

/// Downloads the instance list (no keys) as `skiff-instances.json`.
fn download_export(list: &[Instance]) {
    let text = instances::export(list);
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download("skiff-instances.json");
        a.click();
    }
    // Revoke after the click has been handled.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(5),
    );
}

/// Reads an exported list from a file or pasted text; imported instances come without keys.
#[component]
fn ImportPanel(on_done: Callback<()>) -> impl IntoView {
    let session = use_session();
    let text = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let read_file = use_act(|file: &web_sys::File| {
        let promise = file.text();
        async move {
            wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_string())
                .ok_or_else(|| "The browser could not read this file.".to_string())
        }
    });
    let do_import = move |t: String| {
        let existing = session.instances();
        let result = instances::import(&t, &existing).and_then(|new| {
            let n = new.len();
            session.add_without_keys(new).map(|()| n)
        });
        message.set(Some(result.map(|n| match n {
            0 => "Nothing new: every instance in this list is already saved.".to_string(),
            1 => "Imported 1 instance. Open it and paste its key to use it.".to_string(),
            n => format!("Imported {n} instances. Open each and paste its key to use it."),
        })));
    };
    effect(move || match read_file.value().get() {
        Some(Ok(t)) => {
            text.set(t.clone());
            do_import(t);
        }
        Some(Err(e)) => message.set(Some(Err(e))),
        None => {}
    });
    let on_file = move |ev: leptos::ev::Event| {
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(f) = file {
            read_file.dispatch(f);
        }
    };
    view! {
        <div class="card import" data-test="import-panel">
            <h2>"Import an instance list"</h2>
            <p class="small muted">"A file from “Export list” in another browser. Keys are never exported: paste each instance's key after importing."</p>
            <div class="field">
                <label for="import-file">"File"</label>
                <input id="import-file" type="file" accept="application/json,.json" data-test="import-file" on:change=on_file />
            </div>
            <div class="field">
                <label for="import-text">"Or paste the list"</label>
                <textarea id="import-text" class="input" rows="6" data-test="import-text" spellcheck="false"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </div>
            {move || message.get().map(|m| match m {
                Ok(t) => view! { <div class="alert alert--ok" data-test="import-result">{t}</div> }.into_any(),
                Err(e) => view! { <div class="alert alert--error" data-test="import-result">{e}</div> }.into_any(),
            })}
            <div class="row">
                <button class="btn btn--primary" data-test="import"
                    disabled=move || text.with(|t| t.trim().is_empty())
                    on:click=move |_| do_import(text.get_untracked())>"Import"</button>
                <button class="btn" on:click=move |_| on_done.run(())>"Close"</button>
            </div>
        </div>
    }
}
