//! Backups of an instance (`#/i/{inst}/backups`) and of every instance (`#/backups`): the health
//! of every database's backups (the ones needing attention first), recent failed runs, and, per
//! instance, the S3 destinations (add, edit, test, delete).
//!
//! Health is composed from each database's own answer (`<kind>.one` carries its backups and, since
//! v0.22, their runs), three requests in flight at most, kept between visits for a minute; v0.30's
//! `overview.backups` adds the newest runs of every backup and volume backup in one request.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::{ApiError, Client, DestinationInput};
use crate::components::field::{secret_field, select_field, text_field, Errors};
use crate::components::ErrorView;
use crate::model::{BackupRun, DeploymentStatus, Destination, DokployVersion, ServiceKind};
use crate::pages::live::{
    effect, failure, no_key, now_ms, on_success, run_once, use_client, use_fetch, use_kept,
    use_write, ItemDialog,
};
use crate::pages::service::backups::{remove_dialog, Removal};
use crate::routes::Route;
use crate::service_view::backups::{
    masked, provider_label, test_failure_words, verdict, DestinationForm, Health, Verdict,
    PROVIDERS,
};
use crate::service_view::time::{ago_label, date_of, parse_iso};
use crate::state::era::use_version;
use crate::state::session::use_session;

/// Requests in flight at once while composing an instance's health.
const IN_FLIGHT: usize = 3;
/// How long a composed health stays fresh between visits.
const FRESH_MS: i64 = 60_000;

/// One database's backups, judged.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub kind: ServiceKind,
    pub id: String,
    pub name: String,
    pub project: String,
    pub verdict: Verdict,
}

thread_local! {
    /// (instance base URL, when composed, rows) kept between visits.
    static CACHE: RefCell<Vec<(String, i64, Vec<Row>)>> = const { RefCell::new(Vec::new()) };
}

/// Composes the health of `client`'s instance into `rows` (cached rows first), at most
/// [`IN_FLIGHT`] `<kind>.one` at a time. `done` turns true at the end.
fn compose(
    client: Client,
    version: DokployVersion,
    rows: RwSignal<Vec<Row>>,
    error: RwSignal<Option<ApiError>>,
    done: RwSignal<bool>,
) {
    let base = client.base().to_string();
    let cached = CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(b, _, _)| *b == base)
            .map(|(_, t, r)| (*t, r.clone()))
    });
    // Cached rows stay on screen while they are asked again; fresh rows show one by one only
    // when there was nothing to show.
    let partial = cached.is_none();
    if let Some((at, r)) = cached {
        rows.set(r);
        if now_ms() - at < FRESH_MS {
            done.set(true);
            return;
        }
    }
    leptos::task::spawn_local(async move {
        let projects = match client.project_all().await {
            Ok(p) => p,
            Err(e) => {
                let _ = error.try_set(Some(e));
                let _ = done.try_set(true);
                return;
            }
        };
        let queue: VecDeque<(ServiceKind, String, String)> = projects
            .iter()
            .flat_map(|p| {
                p.summaries()
                    .into_iter()
                    .filter(|s| s.kind.is_database() && s.kind != ServiceKind::Redis)
                    .map(move |s| (s.kind, s.id, p.name.clone()))
            })
            .collect();
        let queue = Rc::new(RefCell::new(queue));
        let fresh = Rc::new(RefCell::new(Vec::<Row>::new()));
        let left = Rc::new(RefCell::new(IN_FLIGHT));
        let history = version.has_schedules();
        for _ in 0..IN_FLIGHT {
            let (queue, fresh, left, client, base) = (
                queue.clone(),
                fresh.clone(),
                left.clone(),
                client.clone(),
                base.clone(),
            );
            leptos::task::spawn_local(async move {
                loop {
                    let next = queue.borrow_mut().pop_front();
                    let Some((kind, id, project)) = next else {
                        break;
                    };
                    if let Ok(db) = client.database_one(kind, &id).await {
                        let row = Row {
                            kind,
                            name: if db.name.is_empty() {
                                id.clone()
                            } else {
                                db.name.clone()
                            },
                            id,
                            project,
                            verdict: verdict(&db.backups.unwrap_or_default(), history, now_ms()),
                        };
                        fresh.borrow_mut().push(row);
                        if partial {
                            let mut shown = fresh.borrow().clone();
                            sort_rows(&mut shown);
                            let _ = rows.try_set(shown);
                        }
                    }
                }
                *left.borrow_mut() -= 1;
                if *left.borrow() == 0 {
                    let mut all = fresh.borrow().clone();
                    sort_rows(&mut all);
                    CACHE.with(|c| {
                        let mut c = c.borrow_mut();
                        c.retain(|(b, _, _)| *b != base);
                        c.push((base, now_ms(), all.clone()));
                    });
                    let _ = rows.try_set(all);
                    let _ = done.try_set(true);
                }
            });
        }
    });
}

fn sort_rows(rows: &mut [Row]) {
    crate::order::sort_by(rows, |a, b| {
        (a.verdict.health, &a.project, &a.name).cmp(&(b.verdict.health, &b.project, &b.name))
    });
}

/// Backups of one instance: health, recent failures, destinations.
#[component]
pub fn BackupsPage(inst: String) -> impl IntoView {
    let session = use_session();
    let name = session
        .instance(&inst)
        .map(|i| i.name.clone())
        .unwrap_or_default();
    let client = use_client(&inst);
    view! {
        <div class="page-head">
            <div class="page-head__title">
                <div class="crumbs">{name}</div>
                <h1>"Backups"</h1>
                <p class="muted small">"Whether every database is backed up, and where the backups go."</p>
            </div>
        </div>
        <div class="stack">
            <InstanceHealth inst=inst.clone() client=client full=true />
            <Destinations client=client />
        </div>
    }
}

/// Backups of every saved instance with a key at hand.
#[component]
pub fn AllBackupsPage() -> impl IntoView {
    let session = use_session();
    let list = session.instances();
    view! {
        <div class="page-head">
            <div class="page-head__title">
                <div class="crumbs">"All instances"</div>
                <h1>"Backups"</h1>
                <p class="muted small">"Every database of every instance: the ones with no backup, or none recent enough, first."</p>
            </div>
        </div>
        <div class="stack">
            {if list.is_empty() {
                view! { <p class="empty">"No instance saved yet. " <a href=Route::Connect.href()>"Connect one"</a> "."</p> }.into_any()
            } else {
                list.into_iter().map(|i| {
                    let client = use_client(&i.id);
                    let has_key = session.has_key(&i.id);
                    view! {
                        <section class="card" data-test="instance-backups">
                            <div class="row row--between">
                                <h2 class="card__heading">{i.name.clone()}</h2>
                                <a class="btn btn--small" href=Route::tool(&i.id, "backups").href()>"Open"</a>
                            </div>
                            {if has_key {
                                view! { <InstanceHealth inst=i.id.clone() client=client full=false /> }.into_any()
                            } else {
                                view! { <p class="small muted">"Its key is locked or kept in another tab: open the instance to unlock it."</p> }.into_any()
                            }}
                        </section>
                    }
                }).collect_view().into_any()
            }}
        </div>
    }
}

/// The health table of one instance; `full` adds the recent failures and every healthy row.
#[component]
fn InstanceHealth(inst: String, client: Memo<Option<Client>>, full: bool) -> impl IntoView {
    let version = use_version(client);
    let rows = RwSignal::new(Vec::<Row>::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    // Starts once, when the client and the version are known (then it reads nothing more).
    let mut started = false;
    effect(move || {
        if started {
            return;
        }
        if let (Some(c), Some(v)) = (client.get(), version.get()) {
            compose(c, v, rows, error, done);
            started = true;
        }
    });
    // The instance's own page keeps its health table (src/kept.rs) once every database is read.
    let last_time = full.then(|| use_kept(&inst, move || done.get()));
    let inst_s = StoredValue::new(inst);
    let now = now_ms();
    view! {
        <section class=if full { "card" } else { "" } data-test="backup-health">
            {full.then(|| view! { <h2 class="card__heading">"Health"</h2> })}
            {move || error.get().map(|e| view! { <ErrorView error=e /> })}
            {move || {
                let list = rows.get();
                let alarming = list.iter().filter(|r| r.verdict.health.alarming()).count();
                let total = list.len();
                let loading = !done.get();
                if let Some(k) = last_time.filter(|k| total == 0 && loading && k.has()) {
                    return k.before(error.with(Option::is_none), || ().into_any());
                }
                let v = version.get();
                // Before v0.22 Dokploy keeps no runs: "never" would be a guess.
                let no_run = if v.as_ref().is_some_and(|v| !v.has_schedules()) { "not recorded" } else { "never" };
                view! {
                    <p class="small keep" data-test="health-summary">
                        {if total == 0 && loading {
                            "Looking at every database…".to_string()
                        } else if total == 0 {
                            "No databases on this instance.".to_string()
                        } else if alarming == 0 {
                            format!("All {total} databases are backed up within their schedule.")
                        } else {
                            format!("{alarming} of {total} databases need attention.")
                        }}
                        {(loading && total > 0).then_some(" (still looking…)")}
                    </p>
                    {v.filter(|v| !v.has_schedules()).map(|v| view! {
                        <p class="small muted">{format!("Dokploy {v} keeps no history of backup runs (v0.22 and later do): Skiff shows which databases have backups, not when they last ran.")}</p>
                    })}
                    {(total > 0).then(|| view! {
                        <div class="table-wrap table-wrap--flush keep">
                            <table class="table table--stack">
                                <thead><tr><th>"Database"</th><th>"Backups"</th><th>"Last good backup"</th><th>"Schedule"</th></tr></thead>
                                <tbody>
                                    {list.into_iter().filter(|r| full || r.verdict.health != Health::Ok).map(|r| {
                                        let href = Route::service(&inst_s.get_value(), r.kind.router(), &r.id, "backups").href();
                                        let h = r.verdict.health;
                                        let last = r.verdict.last_ok.map(|t| format!("{} ({})", ago_label(now, t), date_of(t))).unwrap_or_else(|| if h == Health::NoBackup { "never" } else { no_run }.into());
                                        let fails = r.verdict.recent_failures;
                                        view! {
                                            <tr data-test="health-row" data-health=h.word()>
                                                <td data-label="Database"><a href=href>{r.name.clone()}</a>{" "}<span class="small muted">{format!("{} · {}", r.kind.label(), r.project)}</span></td>
                                                <td data-label="Backups"><span class=format!("badge badge--{}", h.tone()) data-test="health-word">{h.word()}</span>
                                                    {(fails > 0).then(|| view! { <span class="small muted">{format!(" {fails} failed this week")}</span> })}</td>
                                                <td data-label="Last good backup">{last}</td>
                                                <td data-label="Schedule" class="small">{if r.verdict.schedules.is_empty() { "–".to_string() } else { r.verdict.schedules.clone() }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })}
                }.into_any()
            }}
            {move || (full && version.get().is_some_and(|v| v.has_backup_overview())).then(|| view! { <RecentFailures client=client inst=inst_s.get_value() /> })}
        </section>
    }
}

/// v0.30+: the failed runs among the newest of every backup and volume backup.
#[component]
fn RecentFailures(client: Memo<Option<Client>>, inst: String) -> impl IntoView {
    let runs = use_fetch(move || {
        let c = client.get();
        async move {
            match c {
                Some(c) => c.overview_backups().await,
                None => Err(no_key()),
            }
        }
    });
    let now = now_ms();
    view! {
        <h3 class="u-mt-16">"Recent failed runs"</h3>
        {move || runs.get().map(|r| match r {
            Err(e) => view! { <ErrorView error=e /> }.into_any(),
            Ok(list) => {
                let failed: Vec<BackupRun> = list.into_iter().filter(|r| r.status == Some(DeploymentStatus::Error)).take(10).collect();
                if failed.is_empty() {
                    view! { <p class="small muted" data-test="no-failures">"None: every recent run succeeded."</p> }.into_any()
                } else {
                    view! {
                        <ul class="runs__list" data-test="failures">
                            {failed.into_iter().map(|r| {
                                let what = if r.kind.as_deref() == Some("volumeBackup") { "Volume backup" } else { "Backup" };
                                let owner = r.service_owner_type.as_deref().and_then(ServiceKind::from_router);
                                let when = r.created_at.as_deref().and_then(parse_iso).map(|t| ago_label(now, t)).unwrap_or_default();
                                let name = r.service_name.clone().unwrap_or_default();
                                view! {
                                    <li class="runs__item" data-test="failure">
                                        <span class="badge badge--error">"Failed"</span>
                                        {match (owner, r.service_owner_id.clone()) {
                                            (Some(k), Some(id)) => view! { <a href=Route::service(&inst, k.router(), &id, if k == ServiceKind::Application { "volumes" } else { "backups" }).href()>{name}</a> }.into_any(),
                                            _ => view! { <span>{name}</span> }.into_any(),
                                        }}
                                        <span class="small muted">{format!("{what} to {} · {when}", r.destination_name.clone().unwrap_or_default())}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }
        })}
    }
}

/// The S3 destinations of an instance: list, add, edit, test, delete.
#[component]
fn Destinations(client: Memo<Option<Client>>) -> impl IntoView {
    let kick = RwSignal::new(0u32);
    let list = use_fetch(move || {
        kick.track();
        let c = client.get();
        async move {
            match c {
                Some(c) => c.destination_all().await,
                None => Err(no_key()),
            }
        }
    });
    let dialog = RwSignal::new(None::<ItemDialog<Destination>>);
    let done = Callback::new(move |_| {
        dialog.set(None);
        kick.update(|k| *k += 1);
    });
    view! {
        <section class="card" data-test="destinations">
            <div class="row row--between">
                <h2 class="card__heading">"Destinations"</h2>
                <button class="btn btn--primary btn--small" data-test="add-destination" on:click=move |_| dialog.set(Some(ItemDialog::Add))>"Add destination"</button>
            </div>
            <p class="small muted">"S3-compatible storage where Dokploy puts database and volume backups."</p>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| kick.update(|k| *k += 1)) /> }.into_any(),
                Ok(l) if l.is_empty() => view! { <p class="empty" data-test="no-destinations">"No destinations yet. Add one (Amazon S3, Cloudflare R2, MinIO, …) to start backing up."</p> }.into_any(),
                Ok(l) => view! {
                    <div class="table-wrap table-wrap--flush">
                        <table class="table table--stack">
                            <thead><tr><th>"Name"</th><th>"Provider"</th><th>"Bucket"</th><th>"Endpoint"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                            <tbody>
                                {l.into_iter().map(|d| {
                                    let (e, r, t) = (d.clone(), d.clone(), d.clone());
                                    view! {
                                        <tr data-test="destination-row">
                                            <td data-label="Name">{d.name.clone()}</td>
                                            <td data-label="Provider">{provider_label(d.provider.as_deref().unwrap_or("S3")).to_string()}</td>
                                            <td data-label="Bucket"><code>{d.bucket.clone()}</code>{" "}<span class="small muted">{d.region.clone()}</span></td>
                                            <td data-label="Endpoint" class="small">{d.endpoint.clone()}</td>
                                            <td class="actions">
                                                <TestButton client=client dest=t />
                                                " "
                                                <button class="btn btn--small" data-test="edit-destination" on:click=move |_| dialog.set(Some(ItemDialog::Edit(e.clone())))>"Edit"</button>
                                                " "
                                                <button class="btn btn--small btn--danger" data-test="remove-destination" on:click=move |_| dialog.set(Some(ItemDialog::Remove(r.clone())))>"Delete"</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            })}
        </section>
        {move || dialog.get().map(|d| match d {
            ItemDialog::Add => view! { <DestinationDialog client=client existing=None on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
            ItemDialog::Edit(x) => view! { <DestinationDialog client=client existing=Some(x) on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
            ItemDialog::Remove(x) => {
                let what = Removal {
                    title: format!("Delete the destination {}?", x.name),
                    message: "Backups that use it stop working until they get another destination. The bucket and its files are not touched.".into(),
                    label: "Delete destination",
                    word: x.name.clone(),
                };
                remove_dialog(client, x.destination_id, what, |c: Client, id: String| async move {
                    c.destination_remove(&id).await
                }, Callback::new(move |_| dialog.set(None)), done)
            }
        })}
    }
}

/// What a connection test said, in plain words.
fn test_result(r: &Result<(), ApiError>, bucket: &str) -> (bool, String) {
    match r {
        Ok(()) => (
            true,
            format!("Connected: Dokploy reached the bucket {bucket}."),
        ),
        Err(e) => (false, test_failure_words(e)),
    }
}

/// Tests a saved destination's connection (`destination.testConnection` with its fields).
#[component]
fn TestButton(client: Memo<Option<Client>>, dest: Destination) -> impl IntoView {
    let test = use_write(client, |c: Client, d: DestinationInput| async move {
        c.destination_test(&d).await.map_err(masked)
    });
    let pending = test.pending();
    let bucket = dest.bucket.clone();
    let input = DestinationForm::of(&dest)
        .input(Some(&dest.destination_id))
        .ok();
    let ready = input.is_some();
    view! {
        <button class="btn btn--small" data-test="test-destination" disabled=move || pending.get() || !ready
            aria-busy=move || pending.get().to_string()
            on:click={let input = input.clone(); move |_| if let Some(i) = input.clone() { run_once(test, i) }}>
            {move || if pending.get() { "Testing…" } else { "Test" }}</button>
        {move || test.value().get().map(|r| {
            let (ok, text) = test_result(&r, &bucket);
            view! { <div class=if ok { "small test-ok" } else { "small field__error" } role="status" data-test="test-result">{text}</div> }
        })}
    }
}

#[component]
fn DestinationDialog(
    client: Memo<Option<Client>>,
    existing: Option<Destination>,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let form = RwSignal::new(
        existing
            .as_ref()
            .map_or_else(DestinationForm::new, DestinationForm::of),
    );
    let did = existing.as_ref().map(|d| d.destination_id.clone());
    let save = use_write(
        client,
        move |c: Client, (input, update): (DestinationInput, bool)| async move {
            if update {
                c.destination_update(&input).await
            } else {
                c.destination_create(&input).await.map(drop)
            }
        },
    );
    let test = use_write(client, |c: Client, d: DestinationInput| async move {
        c.destination_test(&d).await.map_err(masked)
    });
    let pending = save.pending();
    let testing = test.pending();
    on_success(save, on_done);
    let errors = Errors::new(Signal::derive(move || failure(save)));
    let did_s = StoredValue::new(did.clone());
    let checked = move || match form.get_untracked().input(did_s.get_value().as_deref()) {
        Err(errs) => {
            errors.local.set(errs);
            None
        }
        Ok(i) => {
            errors.local.set(Vec::new());
            Some(i)
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(i) = checked() {
            run_once(save, (i, did_s.get_value().is_some()));
        }
    };
    const WIRES: &[&str] = &[
        "name",
        "provider",
        "accessKey",
        "secretAccessKey",
        "bucket",
        "region",
        "endpoint",
        "additionalFlags",
    ];
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog dialog--wide" role="dialog" aria-modal="true" novalidate=true on:click=|ev| ev.stop_propagation() on:submit=submit data-test="destination-dialog"
                on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
                <h2>{if did.is_some() { "Edit destination" } else { "Add destination" }}</h2>
                <div class="grid-2">
                    {text_field("dest-name", "name", "Name", "s3-backups", None, errors,
                        move || form.with(|f| f.name.clone()), move |v| form.update(|f| f.name = v))}
                    {select_field("dest-provider", "provider", "Provider",
                        PROVIDERS.iter().map(|(k, l)| (k.to_string(), l.to_string())).collect(), errors,
                        move || form.with(|f| f.provider.clone()), move |v| form.update(|f| f.provider = v))}
                </div>
                <div class="grid-2">
                    {text_field("dest-access-key", "accessKey", "Access key", "AKIA…", None, errors,
                        move || form.with(|f| f.access_key.clone()), move |v| form.update(|f| f.access_key = v))}
                    {secret_field("dest-secret-key", "secretAccessKey", "Secret key", errors,
                        move || form.with(|f| f.secret_access_key.clone()), move |v| form.update(|f| f.secret_access_key = v))}
                </div>
                <div class="grid-2">
                    {text_field("dest-bucket", "bucket", "Bucket", "acme-backups", None, errors,
                        move || form.with(|f| f.bucket.clone()), move |v| form.update(|f| f.bucket = v))}
                    {text_field("dest-region", "region", "Region", "eu-central-1", Some("Empty where the provider has none (R2: auto)."), errors,
                        move || form.with(|f| f.region.clone()), move |v| form.update(|f| f.region = v))}
                </div>
                {text_field("dest-endpoint", "endpoint", "Endpoint", "https://s3.eu-central-1.amazonaws.com", None, errors,
                    move || form.with(|f| f.endpoint.clone()), move |v| form.update(|f| f.endpoint = v))}
                <div class="field">
                    <label for="dest-flags">"Extra rclone flags"</label>
                    <textarea id="dest-flags" class="input input--mono" rows="2" data-test="dest-flags" spellcheck="false" placeholder="--s3-acl=private"
                        prop:value=move || form.with(|f| f.flags.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.flags = v); }></textarea>
                    <span class="field__hint">"One a line; optional (Dokploy v0.29 and later)."</span>
                    {move || errors.of("dest-flags", "additionalFlags").map(|e| view! { <span class="field__error" data-test="error-dest-flags">{e}</span> })}
                </div>
                {move || test.value().get().map(|r| {
                    let (ok, text) = test_result(&r, &form.with_untracked(|f| f.bucket.clone()));
                    view! { <div class=if ok { "alert alert--ok small" } else { "alert alert--error small" } role="status" data-test="test-result">{text}</div> }
                })}
                {move || errors.other(WIRES).map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="button" class="btn" data-test="dialog-test-destination" disabled=move || testing.get()
                        aria-busy=move || testing.get().to_string()
                        on:click=move |_| if let Some(i) = checked() { run_once(test, i) }>{move || if testing.get() { "Testing…" } else { "Test connection" }}</button>
                    <button type="submit" class="btn btn--primary" data-test="save-destination" disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()>"Save"</button>
                </div>
            </form>
        </div>
    }
}
