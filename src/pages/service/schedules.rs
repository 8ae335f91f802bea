//! The Schedules tab of an application or compose service (v0.22+): cron jobs Dokploy runs in
//! the service's container: command, shell, when (with its zone), on/off; add, edit, delete;
//! "Run now" with the run's log; past runs.

use std::time::Duration;

use leptos::prelude::*;

use crate::pages::live::effect;

use super::backups::{remove_dialog, Removal};
use super::runs::RunsPanel;
use crate::api::{ApiError, Client, RunsOf, ScheduleInput};
use crate::components::field::{check_field, cron_field, select_field, text_field, Errors};
use crate::components::ErrorView;
use crate::model::{DokployVersion, Schedule, ScheduleRun, ServiceKind};
use crate::pages::live::{
    failure, on_success, run_once, use_clock, use_live, use_write, ItemDialog,
};
use crate::service_view::backups::masked;
use crate::service_view::backups::when_line;
use crate::service_view::backups::ScheduleForm;
use crate::state::era::use_version;

#[component]
pub(crate) fn SchedulesTab(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    id: String,
) -> impl IntoView {
    let version = use_version(client);
    let lid = id.clone();
    let list = use_live(
        client,
        Duration::from_secs(10),
        3,
        Signal::derive(|| false),
        move |c: Client| {
            let id = lid.clone();
            async move { c.schedule_list(kind, &id).await }
        },
    );
    let dialog = RwSignal::new(None::<ItemDialog<Schedule>>);
    let done = Callback::new(move |_| {
        dialog.set(None);
        list.refresh();
    });
    let id_s = StoredValue::new(id);
    move || {
        version.get().map(|v| if !v.has_schedules() {
        view! {
            <section class="card" data-test="schedules">
                <h2 class="card__heading">"Schedules"</h2>
                <p class="empty" data-test="schedules-unsupported">{format!("Dokploy {v} has no schedules (cron jobs); they arrived in v0.22. Update Dokploy to use them.")}</p>
            </section>
        }.into_any()
    } else {
        let v2 = v.clone();
        view! {
            <section class="card" data-test="schedules">
                <div class="row row--between">
                    <h2 class="card__heading">"Schedules"</h2>
                    <button class="btn btn--primary btn--small" data-test="add-schedule" on:click=move |_| dialog.set(Some(ItemDialog::Add))>"Add schedule"</button>
                </div>
                {list.error_view()}
                {move || list.data.get().map(|l| if l.is_empty() {
                    view! { <p class="empty" data-test="no-schedules">"No schedules yet. A schedule runs a command in the service's container on a cron schedule (clean-ups, reports, migrations)."</p> }.into_any()
                } else {
                    let v3 = v2.clone();
                    l.into_iter().map(move |s| {
                        let (e, r) = (s.clone(), s.clone());
                        view! {
                            <ScheduleItem client=client version=v3.clone() schedule=s
                                on_edit=Callback::new(move |_| dialog.set(Some(ItemDialog::Edit(e.clone()))))
                                on_remove=Callback::new(move |_| dialog.set(Some(ItemDialog::Remove(r.clone())))) />
                        }
                    }).collect_view().into_any()
                })}
            </section>
            {move || dialog.get().map(|d| match d {
                ItemDialog::Add => view! { <ScheduleDialog client=client kind=kind owner_id=id_s.get_value() existing=None on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
                ItemDialog::Edit(s) => view! { <ScheduleDialog client=client kind=kind owner_id=id_s.get_value() existing=Some(s) on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
                ItemDialog::Remove(s) => {
                    let what = Removal {
                        title: format!("Delete the schedule {}?", s.name),
                        message: "Dokploy stops running this command. Its past runs are deleted with it.".into(),
                        label: "Delete schedule",
                        word: s.name.clone(),
                    };
                    remove_dialog(client, s.schedule_id, what, |c: Client, id: String| async move {
                        c.schedule_delete(&id).await
                    }, Callback::new(move |_| dialog.set(None)), done)
                }
            })}
        }.into_any()
    })
    }
}

#[component]
fn ScheduleItem(
    client: Memo<Option<Client>>,
    version: DokployVersion,
    schedule: Schedule,
    on_edit: Callback<()>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let now = use_clock(Duration::from_secs(30));
    let run = use_write(client, |c: Client, id: String| async move {
        c.schedule_run(&id).await.map_err(masked)
    });
    let pending = run.pending();
    let open = RwSignal::new(None::<String>);
    // A run started here: its runs are followed while it runs, and its log opens when Dokploy
    // names it.
    effect(move || {
        if let Some(Ok(ScheduleRun {
            deployment_id: Some(d),
            ..
        })) = run.value().get()
        {
            open.set(Some(d));
        }
    });
    let id = schedule.schedule_id.clone();
    let cron = schedule.cron_expression.clone();
    let zone = schedule.timezone.clone();
    let enabled = schedule.enabled.unwrap_or(true);
    let shell = schedule.shell_type.clone().unwrap_or_else(|| "bash".into());
    view! {
        <article class="item" data-test="schedule">
            <div class="row row--between">
                <div>
                    <div class="item__title" data-test="schedule-title">{schedule.name.clone()}</div>
                    <div class="small muted" data-test="schedule-when">{move || when_line(&cron, zone.as_deref(), now.get())}</div>
                </div>
                <span class=if enabled { "badge badge--done" } else { "badge badge--idle" }>{if enabled { "On" } else { "Off" }}</span>
            </div>
            <pre class="command" data-test="schedule-line"><span class="muted">{format!("{shell}$ ")}</span>{schedule.command.clone()}</pre>
            {schedule.service_name.clone().filter(|s| !s.is_empty()).map(|s| view! { <div class="small muted">{format!("In the compose service {s}")}</div> })}
            <div class="row u-mt-8">
                <button class="btn btn--small btn--primary" data-test="schedule-run" disabled=move || pending.get()
                    aria-busy=move || pending.get().to_string() on:click={let id = id.clone(); move |_| run_once(run, id.clone())}>
                    {move || if pending.get() { "Running…" } else { "Run now" }}</button>
                <button class="btn btn--small" data-test="edit-schedule" on:click=move |_| on_edit.run(())>"Edit"</button>
                <button class="btn btn--small btn--danger" data-test="remove-schedule" on:click=move |_| on_remove.run(())>"Delete"</button>
            </div>
            {move || run.value().get().map(|r| match r {
                Ok(ScheduleRun { status: Some(s), .. }) if s == "error" => view! {
                    <div class="alert alert--error small" role="alert" data-test="schedule-run-failed">"The command failed: its log is below."</div>
                }.into_any(),
                Ok(_) => view! { <p class="small form-actions__saved" role="status" data-test="schedule-run-done">"Run finished."</p> }.into_any(),
                Err(ApiError::Timeout { .. }) => view! { <p class="small muted" role="status">"Still running on the server; its run shows below."</p> }.into_any(),
                Err(e) => view! { <ErrorView error=e /> }.into_any(),
            })}
            <RunsPanel client=client version=version of=RunsOf::Schedule id=id watching=Signal::from(pending) open=open />
        </article>
    }
}

#[component]
fn ScheduleDialog(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    owner_id: String,
    existing: Option<Schedule>,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let form = RwSignal::new(
        existing
            .as_ref()
            .map_or_else(ScheduleForm::new, ScheduleForm::of),
    );
    let sid = existing.as_ref().map(|s| s.schedule_id.clone());
    let save = use_write(
        client,
        move |c: Client, (input, update): (ScheduleInput, bool)| async move {
            if update {
                c.schedule_update(&input).await
            } else {
                c.schedule_create(&input).await
            }
        },
    );
    let pending = save.pending();
    on_success(save, on_done);
    let errors = Errors::new(Signal::derive(move || failure(save)));
    let ctx = StoredValue::new((owner_id, sid.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (owner, sid) = ctx.get_value();
        match form.get_untracked().input(kind, &owner, sid.as_deref()) {
            Err(errs) => errors.local.set(errs),
            Ok(input) => {
                errors.local.set(Vec::new());
                run_once(save, (input, sid.is_some()));
            }
        }
    };
    let zone = Signal::derive(move || Some(form.with(|f| f.timezone.clone())));
    const WIRES: &[&str] = &[
        "name",
        "cronExpression",
        "command",
        "serviceName",
        "timezone",
        "shellType",
    ];
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog dialog--wide" role="dialog" aria-modal="true" novalidate=true on:click=|ev| ev.stop_propagation() on:submit=submit data-test="schedule-dialog"
                on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
                <h2>{if sid.is_some() { "Edit schedule" } else { "Add schedule" }}</h2>
                {text_field("schedule-name", "name", "Name", "nightly-cleanup", None, errors,
                    move || form.with(|f| f.name.clone()), move |v| form.update(|f| f.name = v))}
                {(kind == ServiceKind::Compose).then(|| text_field("schedule-service", "serviceName", "Compose service", "web", Some("The service whose container runs the command."), errors,
                    move || form.with(|f| f.service_name.clone()), move |v| form.update(|f| f.service_name = v)))}
                <div class="field">
                    <label for="schedule-command">"Command"</label>
                    <textarea id="schedule-command" class="input input--mono" rows="3" data-test="schedule-command" spellcheck="false" placeholder="npm run cleanup"
                        aria-invalid=move || errors.of("schedule-command", "command").is_some().to_string()
                        prop:value=move || form.with(|f| f.command.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.command = v); }></textarea>
                    {move || errors.of("schedule-command", "command").map(|e| view! { <span class="field__error" data-test="error-schedule-command">{e}</span> })}
                </div>
                <div class="grid-2">
                    {select_field("schedule-shell", "shellType", "Shell", vec![("bash".into(), "bash".into()), ("sh".into(), "sh".into())], errors,
                        move || form.with(|f| f.shell.clone()), move |v| form.update(|f| f.shell = v))}
                    {text_field("schedule-zone", "timezone", "Time zone", "UTC", Some("An IANA zone, e.g. Europe/Berlin."), errors,
                        move || form.with(|f| f.timezone.clone()), move |v| form.update(|f| f.timezone = v))}
                </div>
                {cron_field("schedule-cron", "cronExpression", "When", zone, errors,
                    move || form.with(|f| f.cron.clone()), move |v| form.update(|f| f.cron = v))}
                {check_field("schedule-enabled", "Run on schedule", move || form.with(|f| f.enabled), move |v| form.update(|f| f.enabled = v))}
                {move || errors.other(WIRES).map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" data-test="save-schedule" disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()>"Save"</button>
                </div>
            </form>
        </div>
    }
}
