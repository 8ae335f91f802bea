//! The Backups tab of a database or compose service: each backup schedule in words with its next
//! run, destination, prefix and how many to keep; add, edit, delete; "Back up now" followed until
//! it ends, with its log; the backup files in the destination. Volume backups below.

use leptos::prelude::*;

use crate::pages::live::effect;

use super::runs::RunsPanel;
use super::volumes::VolumeBackups;
use crate::api::{ApiError, BackupInput, Client, RunsOf};
use crate::components::field::{check_field, cron_field, select_field, text_field, Errors};
use crate::components::{ConfirmDialog, ErrorToast, ErrorView};
use crate::model::{Backup, Destination, DokployVersion, ServiceKind};
use crate::pages::live::{
    failure, no_key, now_ms, on_success, run_once, use_clock, use_fetch, use_write, ItemDialog,
};
use crate::routes::Route;
use crate::service_view::backups::{
    file_date, files_folder, masked, size_label, when_line, BackupForm, DATABASE_TYPES,
};
use crate::service_view::time::{ago_label, date_of};
use crate::state::era::use_version;

/// The destinations, fetched once for a dialog or a page.
pub(crate) fn use_destinations(
    client: Memo<Option<Client>>,
) -> ReadSignal<Option<Result<Vec<Destination>, ApiError>>> {
    use_fetch(move || {
        let c = client.get();
        async move {
            match c {
                Some(c) => c.destination_all().await,
                None => Err(no_key()),
            }
        }
    })
}

/// What a delete dialog says: its title, what happens, the button, the text to type.
pub(crate) struct Removal {
    pub title: String,
    pub message: String,
    pub label: &'static str,
    pub word: String,
}

/// A typed-confirmation dialog that deletes `id` with `remove`, then calls `on_done`.
pub(crate) fn remove_dialog<F, Fut>(
    client: Memo<Option<Client>>,
    id: String,
    what: Removal,
    remove: F,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> AnyView
where
    F: Fn(Client, String) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<(), ApiError>> + 'static,
{
    let remove = use_write(client, remove);
    on_success(remove, on_done);
    view! {
        <ConfirmDialog title=what.title message=what.message confirm_label=what.label
            type_to_confirm=what.word
            pending=Signal::from(remove.pending())
            on_confirm=Callback::new(move |_| run_once(remove, id.clone()))
            on_cancel=on_close />
        <ErrorToast error=Signal::derive(move || failure(remove)) />
    }
    .into_any()
}

/// The destination picker of a backup or volume backup form; the first destination is the
/// default of a new one.
pub(crate) fn destination_picker(
    client: Memo<Option<Client>>,
    id: &'static str,
    errors: Errors,
    get: impl Fn() -> String + Send + Sync + Copy + 'static,
    set: impl Fn(String) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let dests = use_destinations(client);
    effect(move || {
        if let Some(Ok(list)) = dests.get() {
            if let (true, Some(d)) = (untrack(get).is_empty(), list.first()) {
                set(d.destination_id.clone());
            }
        }
    });
    move || {
        match dests.get() {
        None => view! { <div class="spinner-line">"Loading destinations…"</div> }.into_any(),
        Some(Err(e)) => view! { <ErrorView error=e /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <div class="alert alert--warn" data-test="no-destinations">"No destination yet: add one (S3-compatible storage) on the instance's Backups page first."</div>
        }
        .into_any(),
        Some(Ok(list)) => select_field(id, "destinationId", "Destination",
            list.into_iter().map(|d| (d.destination_id, d.name)).collect(), errors, get, set),
    }
    }
}

#[component]
pub(crate) fn BackupsTab(
    inst: String,
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    id: String,
    /// The service's app name (backup files are kept under it).
    #[prop(into)]
    app_name: Signal<String>,
    /// The database's own name (the default of a new backup).
    #[prop(into)]
    database: Signal<String>,
    /// From the service's answer; `None` while loading.
    #[prop(into)]
    backups: Signal<Option<Vec<Backup>>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let version = use_version(client);
    let dialog = RwSignal::new(None::<ItemDialog<Backup>>);
    let done = Callback::new(move |_| {
        dialog.set(None);
        on_changed.run(());
    });
    let id_s = StoredValue::new(id);
    let inst_s = StoredValue::new(inst);
    move || {
        version.get().map(|v| {
            let vol = v.has_volume_backups();
            let v2 = v.clone();
            let db_backups = kind != ServiceKind::Redis;
            view! {
                {db_backups.then(|| view! {
                <section class="card" data-test="backups">
                    <div class="row row--between">
                        <h2 class="card__heading">"Backups"</h2>
                        <button class="btn btn--primary btn--small" data-test="add-backup" on:click=move |_| dialog.set(Some(ItemDialog::Add))>"Add backup"</button>
                    </div>
                    {move || match backups.get() {
                        None => view! { <div class="spinner-line">"Loading backups…"</div> }.into_any(),
                        Some(list) if list.is_empty() => view! {
                            <p class="empty" data-test="no-backups">
                                "No backups yet. A backup copies the database to S3-compatible storage on a schedule. "
                                <a href=Route::tool(&inst_s.get_value(), "backups").href()>"Destinations"</a>
                                " are set up on the Backups page."
                            </p>
                        }.into_any(),
                        Some(list) => list.into_iter().map(|b| {
                            let (e, r) = (b.clone(), b.clone());
                            view! {
                                <BackupItem client=client version=v2.clone() kind=kind backup=b app_name=app_name
                                    on_edit=Callback::new(move |_| dialog.set(Some(ItemDialog::Edit(e.clone()))))
                                    on_remove=Callback::new(move |_| dialog.set(Some(ItemDialog::Remove(r.clone())))) />
                            }
                        }).collect_view().into_any(),
                    }}
                </section>
                })}
                {vol.then(|| view! {
                    <VolumeBackups client=client version=v.clone() kind=kind id=id_s.get_value() app_name=app_name />
                })}
                {move || dialog.get().map(|d| match d {
                    ItemDialog::Add => view! { <BackupDialog client=client kind=kind owner_id=id_s.get_value() existing=None database=database.get_untracked() on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
                    ItemDialog::Edit(b) => view! { <BackupDialog client=client kind=kind owner_id=id_s.get_value() existing=Some(b) database=database.get_untracked() on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
                    ItemDialog::Remove(b) => remove_backup(client, b, Callback::new(move |_| dialog.set(None)), done),
                })}
            }
        })
    }
}

/// One backup schedule: what, where, when; its actions, runs and files.
#[component]
fn BackupItem(
    client: Memo<Option<Client>>,
    version: DokployVersion,
    kind: ServiceKind,
    backup: Backup,
    #[prop(into)] app_name: Signal<String>,
    on_edit: Callback<()>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let now = use_clock(std::time::Duration::from_secs(30));
    let run = use_write(client, move |c: Client, id: String| async move {
        c.backup_run(kind, &id).await.map_err(masked)
    });
    let pending = run.pending();
    let open = RwSignal::new(None::<String>);
    let files = RwSignal::new(false);
    let bid = backup.backup_id.clone();
    let enabled = backup.enabled.unwrap_or(true);
    let schedule = backup.schedule.clone();
    let dest = backup
        .destination
        .as_ref()
        .map(|d| d.name.clone())
        .unwrap_or_else(|| "–".into());
    let keep = backup
        .keep_latest_count
        .map_or("every backup".to_string(), |k| format!("the latest {k}"));
    let history = version.has_schedules();
    let can_list = version.has_backup_files();
    let b2 = backup.clone();
    let v2 = version.clone();
    view! {
        <article class="item" data-test="backup">
            <div class="row row--between">
                <div>
                    <div class="item__title" data-test="backup-when">{move || when_line(&schedule, None, now.get())}</div>
                    <div class="small muted">
                        {format!("To {dest} · {} · keeps {keep}", if backup.prefix.is_empty() { "no prefix".to_string() } else { format!("prefix {}", backup.prefix) })}
                        {backup.service_name.clone().filter(|s| !s.is_empty()).map(|s| format!(" · service {s}"))}
                        {backup.database.clone().filter(|s| !s.is_empty()).map(|s| format!(" · database {s}"))}
                    </div>
                </div>
                <span class=if enabled { "badge badge--done" } else { "badge badge--idle" } data-test="backup-enabled">{if enabled { "On" } else { "Off" }}</span>
            </div>
            <div class="row u-mt-8">
                <button class="btn btn--small btn--primary" data-test="backup-now" disabled=move || pending.get()
                    aria-busy=move || pending.get().to_string()
                    on:click={let bid = bid.clone(); move |_| run_once(run, bid.clone())}>
                    {move || if pending.get() { "Backing up…" } else { "Back up now" }}
                </button>
                {can_list.then(|| view! {
                    <button class="btn btn--small" data-test="backup-files" aria-pressed=move || files.get().to_string()
                        on:click=move |_| files.update(|f| *f = !*f)>"Files"</button>
                })}
                <button class="btn btn--small" data-test="edit-backup" on:click=move |_| on_edit.run(())>"Edit"</button>
                <button class="btn btn--small btn--danger" data-test="remove-backup" on:click=move |_| on_remove.run(())>"Delete"</button>
            </div>
            {move || run.value().get().map(|r| match r {
                Ok(()) => view! { <p class="small form-actions__saved" role="status" data-test="backup-done">"Backup finished and uploaded."</p> }.into_any(),
                Err(ApiError::Timeout { .. }) => view! {
                    <p class="small muted" role="status" data-test="backup-still-running">"The backup is still running on the server (Dokploy answers when it ends); its run shows below."</p>
                }.into_any(),
                Err(e) => view! { <div data-test="backup-failed"><ErrorView error=e /></div> }.into_any(),
            })}
            {history.then(|| view! {
                <RunsPanel client=client version=v2.clone() of=RunsOf::Backup id=backup.backup_id.clone() watching=Signal::from(pending) open=open />
            })}
            {(!history).then(|| view! {
                <p class="small muted">"This Dokploy version keeps no history of backup runs (v0.22 and later do)."</p>
            })}
            {move || files.get().then(|| {
                let folder = files_folder(&version, &app_name.get_untracked(), &b2);
                view! { <BackupFiles client=client destination_id=b2.destination_id.clone().unwrap_or_default() folder=folder /> }
            })}
        </article>
    }
}

/// The files of a backup in its destination (`backup.listBackupFiles`): name, size, date.
#[component]
fn BackupFiles(
    client: Memo<Option<Client>>,
    destination_id: String,
    folder: String,
) -> impl IntoView {
    let f2 = folder.clone();
    let list = use_fetch(move || {
        let c = client.get();
        let (d, f) = (destination_id.clone(), f2.clone());
        async move {
            match c {
                Some(c) => c.backup_files(&d, &f).await.map_err(masked),
                None => Err(no_key()),
            }
        }
    });
    let now = now_ms();
    view! {
        <div class="backup-files" data-test="backup-files-list">
            <p class="small muted">{format!("In the destination's folder {folder}")}</p>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorView error=e /> }.into_any(),
                Ok(files) if files.iter().all(|f| f.is_dir) => view! { <p class="small muted" data-test="no-files">"No backup files there yet."</p> }.into_any(),
                Ok(mut files) => {
                    files.retain(|f| !f.is_dir);
                    crate::order::sort_by(&mut files, |a, b| b.name.cmp(&a.name));
                    view! {
                        <table class="table table--compact">
                            <thead><tr><th>"File"</th><th>"Size"</th><th>"Made"</th></tr></thead>
                            <tbody>
                                {files.into_iter().map(|f| {
                                    let when = file_date(&f.name).map(|t| format!("{} ({})", date_of(t), ago_label(now, t))).unwrap_or_default();
                                    view! { <tr data-test="backup-file"><td><code>{f.name.clone()}</code></td><td>{size_label(f.size)}</td><td>{when}</td></tr> }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            })}
        </div>
    }
}

/// Adds a backup to `owner_id`, or edits `existing`.
#[component]
fn BackupDialog(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    owner_id: String,
    existing: Option<Backup>,
    database: String,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let compose = kind == ServiceKind::Compose;
    let form = RwSignal::new(match &existing {
        Some(b) => BackupForm::of(b),
        None => BackupForm::new(
            if compose { "" } else { &database },
            if compose { "postgres" } else { kind.router() },
            "",
        ),
    });
    let bid = existing.as_ref().map(|b| b.backup_id.clone());
    let save = use_write(
        client,
        move |c: Client, (input, update): (BackupInput, bool)| async move {
            if update {
                c.backup_update(&input).await
            } else {
                c.backup_create(&input).await
            }
        },
    );
    let pending = save.pending();
    on_success(save, on_done);
    let errors = Errors::new(Signal::derive(move || failure(save)));
    let ctx = StoredValue::new((owner_id, bid.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (owner, bid) = ctx.get_value();
        match form.get_untracked().input(kind, &owner, bid.as_deref()) {
            Err(errs) => errors.local.set(errs),
            Ok(input) => {
                errors.local.set(Vec::new());
                run_once(save, (input, bid.is_some()));
            }
        }
    };
    let title = if existing.is_some() {
        "Edit backup"
    } else {
        "Add backup"
    };
    const WIRES: &[&str] = &[
        "schedule",
        "prefix",
        "destinationId",
        "keepLatestCount",
        "database",
        "serviceName",
        "databaseType",
    ];
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog dialog--wide" role="dialog" aria-modal="true" novalidate=true on:click=|ev| ev.stop_propagation() on:submit=submit data-test="backup-dialog"
                on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
                <h2>{title}</h2>
                {destination_picker(client, "backup-destination", errors,
                    move || form.with(|f| f.destination_id.clone()), move |v| form.update(|f| f.destination_id = v))}
                {cron_field("backup-cron", "schedule", "When", Signal::derive(|| None), errors,
                    move || form.with(|f| f.schedule.clone()), move |v| form.update(|f| f.schedule = v))}
                <div class="grid-2">
                    {text_field("backup-prefix", "prefix", "Prefix", "daily", Some("The folder in the bucket."), errors,
                        move || form.with(|f| f.prefix.clone()), move |v| form.update(|f| f.prefix = v))}
                    {text_field("backup-keep", "keepLatestCount", "Keep the latest", "7", Some("Older files are deleted. Empty: keep all."), errors,
                        move || form.with(|f| f.keep.clone()), move |v| form.update(|f| f.keep = v))}
                </div>
                {(kind != ServiceKind::Libsql).then(|| text_field("backup-database", "database", "Database", "app", None, errors,
                    move || form.with(|f| f.database.clone()), move |v| form.update(|f| f.database = v)))}
                {compose.then(|| view! {
                    <div class="grid-2">
                        {text_field("backup-service", "serviceName", "Compose service", "db", Some("The service running the database."), errors,
                            move || form.with(|f| f.service_name.clone()), move |v| form.update(|f| f.service_name = v))}
                        {select_field("backup-type", "databaseType", "Database kind",
                            DATABASE_TYPES.iter().map(|t| (t.to_string(), t.to_string())).collect(), errors,
                            move || form.with(|f| f.database_type.clone()), move |v| form.update(|f| f.database_type = v))}
                    </div>
                    {text_field("backup-user", "metadata", "Database user", "postgres", None, errors,
                        move || form.with(|f| f.database_user.clone()), move |v| form.update(|f| f.database_user = v))}
                })}
                {check_field("backup-enabled-field", "Run on schedule", move || form.with(|f| f.enabled), move |v| form.update(|f| f.enabled = v))}
                {move || errors.other(WIRES).map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" data-test="save-backup" disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()>{if bid.is_some() { "Save" } else { "Add backup" }}</button>
                </div>
            </form>
        </div>
    }
}

/// Deleting a backup schedule (its files stay in the bucket), confirmed by its prefix.
fn remove_backup(
    client: Memo<Option<Client>>,
    backup: Backup,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> AnyView {
    let word = if backup.prefix.trim().is_empty() {
        "delete".to_string()
    } else {
        backup.prefix.clone()
    };
    let what = Removal {
        title: "Delete this backup?".into(),
        message: "Dokploy stops making these backups. Files already in the bucket are kept.".into(),
        label: "Delete backup",
        word,
    };
    remove_dialog(
        client,
        backup.backup_id,
        what,
        |c: Client, id: String| async move { c.backup_remove(&id).await },
        on_close,
        on_done,
    )
}
