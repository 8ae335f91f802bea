//! A service's volume backups (v0.24+): each Docker volume copied to a destination on a schedule;
//! add, edit, delete, run now, and the runs with their logs.

use std::time::Duration;

use leptos::prelude::*;

use super::backups::{destination_picker, remove_dialog, use_destinations, Removal};
use super::runs::RunsPanel;
use crate::api::{ApiError, Client, RunsOf};
use crate::components::field::{check_field, cron_field, text_field, Errors};
use crate::components::ErrorView;
use crate::model::{DokployVersion, ServiceKind, VolumeBackup};
use crate::pages::live::{
    failure, on_success, run_once, use_clock, use_live, use_write, ItemDialog,
};
use crate::service_view::backups::masked;
use crate::service_view::backups::when_line;
use crate::service_view::backups::VolumeBackupForm;

#[component]
pub(crate) fn VolumeBackups(
    client: Memo<Option<Client>>,
    version: DokployVersion,
    kind: ServiceKind,
    id: String,
    #[prop(into)] app_name: Signal<String>,
) -> impl IntoView {
    let lid = id.clone();
    let list = use_live(
        client,
        Duration::from_secs(10),
        3,
        Signal::derive(|| false),
        move |c: Client| {
            let id = lid.clone();
            async move { c.volume_backup_list(kind, &id).await }
        },
    );
    let dialog = RwSignal::new(None::<ItemDialog<VolumeBackup>>);
    let done = Callback::new(move |_| {
        dialog.set(None);
        list.refresh();
    });
    let id_s = StoredValue::new(id);
    // `volumeBackups.list` names a destination by id only.
    let dests = use_destinations(client);
    let dest_name = move |id: Option<String>| {
        dests.with(|d| match d {
            Some(Ok(list)) => list
                .iter()
                .find(|x| Some(&x.destination_id) == id.as_ref())
                .map(|x| x.name.clone()),
            _ => None,
        })
    };
    view! {
        <section class="card" data-test="volume-backups">
            <div class="row row--between">
                <h2 class="card__heading">"Volume backups"</h2>
                <button class="btn btn--small" data-test="add-volume-backup" on:click=move |_| dialog.set(Some(ItemDialog::Add))>"Add volume backup"</button>
            </div>
            {list.error_view()}
            {move || list.data.get().map(|l| if l.is_empty() {
                view! { <p class="empty" data-test="no-volume-backups">"No volume backups. They copy a Docker volume (uploads, data folders) to a destination on a schedule."</p> }.into_any()
            } else {
                l.into_iter().map(|vb| {
                    let (e, r) = (vb.clone(), vb.clone());
                    let dest = vb.destination.as_ref().map(|d| d.name.clone()).or_else(|| dest_name(vb.destination_id.clone())).unwrap_or_else(|| "–".into());
                    view! {
                        <VolumeItem client=client version=version.clone() vb=vb dest=dest
                            on_edit=Callback::new(move |_| dialog.set(Some(ItemDialog::Edit(e.clone()))))
                            on_remove=Callback::new(move |_| dialog.set(Some(ItemDialog::Remove(r.clone())))) />
                    }
                }).collect_view().into_any()
            })}
        </section>
        {move || dialog.get().map(|d| match d {
            ItemDialog::Add => view! { <VolumeDialog client=client kind=kind owner_id=id_s.get_value() app_name=app_name.get_untracked() existing=None on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
            ItemDialog::Edit(vb) => view! { <VolumeDialog client=client kind=kind owner_id=id_s.get_value() app_name=app_name.get_untracked() existing=Some(vb) on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
            ItemDialog::Remove(vb) => {
                let what = Removal {
                    title: format!("Delete the volume backup {}?", vb.name),
                    message: "Dokploy stops copying this volume. Copies already in the bucket are kept.".into(),
                    label: "Delete volume backup",
                    word: vb.name.clone(),
                };
                remove_dialog(client, vb.volume_backup_id, what, |c: Client, id: String| async move {
                    c.volume_backup_delete(&id).await
                }, Callback::new(move |_| dialog.set(None)), done)
            }
        })}
    }
}

#[component]
fn VolumeItem(
    client: Memo<Option<Client>>,
    version: DokployVersion,
    vb: VolumeBackup,
    /// The destination's name.
    dest: String,
    on_edit: Callback<()>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let now = use_clock(Duration::from_secs(30));
    let run = use_write(client, |c: Client, id: String| async move {
        c.volume_backup_run(&id).await.map_err(masked)
    });
    let pending = run.pending();
    let open = RwSignal::new(None::<String>);
    let id = vb.volume_backup_id.clone();
    let cron = vb.cron_expression.clone();
    let enabled = vb.enabled.unwrap_or(true);
    view! {
        <article class="item" data-test="volume-backup">
            <div class="row row--between">
                <div>
                    <div class="item__title">{vb.name.clone()} " " <code class="small">{vb.volume_name.clone()}</code></div>
                    <div class="small muted" data-test="volume-when">{move || when_line(&cron, None, now.get())}</div>
                    <div class="small muted">{format!("To {dest} · prefix {} · keeps {}{}", vb.prefix,
                        vb.keep_latest_count.map_or("every copy".to_string(), |k| format!("the latest {k}")),
                        if vb.turn_off.unwrap_or(false) { " · stops the service while copying" } else { "" })}</div>
                </div>
                <span class=if enabled { "badge badge--done" } else { "badge badge--idle" }>{if enabled { "On" } else { "Off" }}</span>
            </div>
            <div class="row u-mt-8">
                <button class="btn btn--small btn--primary" data-test="volume-run" disabled=move || pending.get()
                    aria-busy=move || pending.get().to_string() on:click={let id = id.clone(); move |_| run_once(run, id.clone())}>
                    {move || if pending.get() { "Starting…" } else { "Run now" }}</button>
                <button class="btn btn--small" data-test="edit-volume-backup" on:click=move |_| on_edit.run(())>"Edit"</button>
                <button class="btn btn--small btn--danger" data-test="remove-volume-backup" on:click=move |_| on_remove.run(())>"Delete"</button>
            </div>
            {move || match run.value().get() {
                Some(Err(ApiError::Timeout { .. })) | None | Some(Ok(())) => None,
                Some(Err(e)) => Some(view! { <ErrorView error=e /> }),
            }}
            <RunsPanel client=client version=version of=RunsOf::VolumeBackup id=id watching=Signal::from(pending) open=open />
        </article>
    }
}

#[component]
fn VolumeDialog(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    owner_id: String,
    app_name: String,
    existing: Option<VolumeBackup>,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let form = RwSignal::new(match &existing {
        Some(v) => VolumeBackupForm::of(v),
        None => VolumeBackupForm::new(""),
    });
    let vid = existing.as_ref().map(|v| v.volume_backup_id.clone());
    let save = use_write(
        client,
        move |c: Client, (input, update): (crate::api::VolumeBackupInput, bool)| async move {
            if update {
                c.volume_backup_update(&input).await
            } else {
                c.volume_backup_create(&input).await
            }
        },
    );
    let pending = save.pending();
    on_success(save, on_done);
    let errors = Errors::new(Signal::derive(move || failure(save)));
    let ctx = StoredValue::new((owner_id, app_name, vid.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (owner, app, vid) = ctx.get_value();
        match form
            .get_untracked()
            .input(kind, &owner, &app, vid.as_deref())
        {
            Err(errs) => errors.local.set(errs),
            Ok(input) => {
                errors.local.set(Vec::new());
                run_once(save, (input, vid.is_some()));
            }
        }
    };
    const WIRES: &[&str] = &[
        "name",
        "volumeName",
        "prefix",
        "cronExpression",
        "keepLatestCount",
        "destinationId",
        "serviceName",
    ];
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog dialog--wide" role="dialog" aria-modal="true" novalidate=true on:click=|ev| ev.stop_propagation() on:submit=submit data-test="volume-dialog"
                on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
                <h2>{if vid.is_some() { "Edit volume backup" } else { "Add volume backup" }}</h2>
                <div class="grid-2">
                    {text_field("volume-name", "name", "Name", "uploads", None, errors,
                        move || form.with(|f| f.name.clone()), move |v| form.update(|f| f.name = v))}
                    {text_field("volume-volume", "volumeName", "Docker volume", "app-data", None, errors,
                        move || form.with(|f| f.volume_name.clone()), move |v| form.update(|f| f.volume_name = v))}
                </div>
                {(kind == ServiceKind::Compose).then(|| text_field("volume-service", "serviceName", "Compose service", "web", None, errors,
                    move || form.with(|f| f.service_name.clone()), move |v| form.update(|f| f.service_name = v)))}
                {destination_picker(client, "volume-destination", errors,
                    move || form.with(|f| f.destination_id.clone()), move |v| form.update(|f| f.destination_id = v))}
                {cron_field("volume-cron", "cronExpression", "When", Signal::derive(|| None), errors,
                    move || form.with(|f| f.cron.clone()), move |v| form.update(|f| f.cron = v))}
                <div class="grid-2">
                    {text_field("volume-prefix", "prefix", "Prefix", "volumes", Some("The folder in the bucket."), errors,
                        move || form.with(|f| f.prefix.clone()), move |v| form.update(|f| f.prefix = v))}
                    {text_field("volume-keep", "keepLatestCount", "Keep the latest", "7", Some("Empty: keep all."), errors,
                        move || form.with(|f| f.keep.clone()), move |v| form.update(|f| f.keep = v))}
                </div>
                {check_field("volume-turn-off", "Stop the service while copying (a consistent copy)", move || form.with(|f| f.turn_off), move |v| form.update(|f| f.turn_off = v))}
                {check_field("volume-enabled", "Run on schedule", move || form.with(|f| f.enabled), move |v| form.update(|f| f.enabled = v))}
                {move || errors.other(WIRES).map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" data-test="save-volume-backup" disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()>"Save"</button>
                </div>
            </form>
        </div>
    }
}

/// The Volume backups tab of an application.
#[component]
pub(crate) fn VolumesTab(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    id: String,
    #[prop(into)] app_name: Signal<String>,
) -> impl IntoView {
    let version = crate::state::era::use_version(client);
    move || {
        version.get().map(|v| {
            view! { <VolumeBackups client=client version=v kind=kind id=id.clone() app_name=app_name /> }
        })
    }
}
