//! The compose page: general (status, source, the compose file), environment, domains,
//! deployments, logs (per service of the file).

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::pages::live::effect;

use super::advanced::AdvancedTab;
use super::backups::BackupsTab;
use super::containers::ContainersTab;
use super::deployments::DeploymentsTab;
use super::domains::DomainsTab;
use super::logs::{LogSource, LogsTab};
use super::schedules::SchedulesTab;
use super::{era_tabs, use_tab, DeleteService, Head, LiveState, MoveService, Place, ServiceHead};
use crate::api::{Client, ComposeUpdate};
use crate::components::{CopyButton, EnvEditor, ErrorView, SaveEnv};
use crate::model::{Compose, ServiceKind, ServiceStatus, SourceType};
use crate::pages::live::{
    failure, no_key, now_ms, run_once, use_client, use_form, use_live, use_write, Live,
};
use crate::service_view::time::ago_of;
use crate::service_view::{deployment_active, deployment_badge, newest_deployment, newest_first};

const TABS: [(&str, &str); 7] = [
    ("general", "General"),
    ("environment", "Environment"),
    ("domains", "Domains"),
    ("deployments", "Deployments"),
    ("logs", "Logs"),
    ("containers", "Containers"),
    ("advanced", "Advanced"),
];

fn busy(c: &Compose) -> bool {
    matches!(c.compose_status, Some(ServiceStatus::Running))
        || c.deployments
            .iter()
            .any(|d| deployment_active(d.status.as_ref()))
}

#[component]
pub fn ComposePage(inst: String, id: String) -> impl IntoView {
    let client = use_client(&inst);
    let tab = use_tab();
    let fast = RwSignal::new(false);
    let following = RwSignal::new(false);
    let cid = id.clone();
    let live: Live<Compose> = use_live(
        client,
        Duration::from_secs(2),
        5,
        fast.into(),
        move |c: Client| {
            let id = cid.clone();
            async move { c.compose_one(&id).await }
        },
    );
    effect(move || {
        let b = following.get() || live.data.with(|c| c.as_ref().is_some_and(busy));
        if fast.get_untracked() != b {
            fast.set(b);
        }
    });
    let head = Signal::derive(move || {
        live.data.with(|c| {
            c.as_ref().map(|c| Head {
                name: c.name.clone(),
                app_name: c.app_name.clone().unwrap_or_default(),
                description: c.description.clone(),
                status: c.compose_status.clone(),
                latest: newest_deployment(&c.deployments),
                place: Place::of(
                    &c.environment,
                    &c.project,
                    c.project_id.as_deref(),
                    c.environment_id.as_deref(),
                ),
            })
        })
    });
    super::provide_in_dokploy(&inst, ServiceKind::Compose, &id, head);
    let inst_s = StoredValue::new(inst.clone());
    let id_s = StoredValue::new(id.clone());
    let back = Signal::derive(move || {
        head.with(|h| {
            h.as_ref()
                .and_then(|h| h.place.project_route(&inst_s.get_value()))
        })
    });
    let refresh = Callback::new(move |_| live.refresh());
    // Tabs are rebuilt only when the tab changes or data first arrives, never on a refresh.
    let has_data = Memo::new(move |_| live.data.with(Option::is_some));
    let name = Signal::derive(move || {
        live.data
            .with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default())
    });
    let version = crate::state::era::use_version(client);
    view! {
        <ServiceHead inst=inst.clone() client=client kind=ServiceKind::Compose id=id.clone() head=head following=following on_done=Callback::new(move |_| live.refresh()) />
        {era_tabs(&inst, ServiceKind::Compose, &id, &TABS, tab, client)}
        <LiveState error=live.error loading=Signal::derive(move || live.loading()) what="Loading the compose service"
            on_retry=refresh back=back has_data=has_data inst=inst.clone() />
        {move || has_data.get().then(|| match tab.get().as_str() {
            "environment" => {
                let save: SaveEnv = Rc::new(move |text: String| {
                    let c = client.get_untracked();
                    let id = id_s.get_value();
                    let create_env_file = live.data.with_untracked(|x| x.as_ref().and_then(|x| x.create_env_file));
                    let era = version.get_untracked().unwrap_or_default();
                    Box::pin(async move {
                        match c {
                            Some(c) => c.compose_save_environment(&id, Some(&text), create_env_file, &era).await,
                            None => Err(no_key()),
                        }
                    })
                });
                view! {
                    <EnvEditor title="Environment variables" test="env"
                        hint="Written to the .env file next to the compose file; use them as ${NAME} in the file."
                        value=Signal::derive(move || live.data.with(|c| c.as_ref().map(|c| c.env.clone().unwrap_or_default())))
                        save=save on_saved=refresh />
                }.into_any()
            }
            "domains" => view! {
                <DomainsTab client=client kind=ServiceKind::Compose id=id_s.get_value()
                    domains=Signal::derive(move || live.data.with(|c| c.as_ref().map(|c| c.domains.clone()))) on_changed=refresh />
            }.into_any(),
            "deployments" => view! {
                <DeploymentsTab inst=inst_s.get_value() client=client kind=ServiceKind::Compose id=id_s.get_value()
                    deployments=Signal::derive(move || live.data.with(|c| c.as_ref().map(|c| c.deployments.clone()))) />
            }.into_any(),
            "advanced" => view! {
                <AdvancedTab client=client kind=ServiceKind::Compose id=id_s.get_value()
                    mounts=Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| a.mounts.clone()).unwrap_or_default())) app=None
                    resources=None swarm=Signal::stored(Vec::new())
                    on_change=Callback::new(move |_| live.refresh()) />
            }.into_any(),
            "containers" => live.data.with_untracked(|a| a.as_ref().map(|a| view! {
                <ContainersTab client=client kind=ServiceKind::Compose app_name=a.app_name.clone().unwrap_or_default()
                    app_type=Some(if a.compose_type.as_deref() == Some("stack") { "stack" } else { "docker-compose" }) server_id=a.server_id.clone() />
            })).into_any(),
            "logs" => {
                let (app_name, compose_type) = live.data.with_untracked(|c| c.as_ref().map(|c| (c.app_name.clone().unwrap_or_default(), c.compose_type.clone())).unwrap_or_default());
                view! { <LogsTab client=client source=LogSource::Compose { id: id_s.get_value(), app_name, compose_type } /> }.into_any()
            }
            "backups" => view! {
                <BackupsTab inst=inst_s.get_value() client=client kind=ServiceKind::Compose id=id_s.get_value()
                    app_name=Signal::derive(move || live.data.with(|c| c.as_ref().and_then(|c| c.app_name.clone()).unwrap_or_default()))
                    database=Signal::derive(String::new)
                    backups=Signal::derive(move || live.data.with(|c| c.as_ref().map(|c| c.backups.clone().unwrap_or_default())))
                    on_changed=refresh />
            }.into_any(),
            "schedules" => view! { <SchedulesTab client=client kind=ServiceKind::Compose id=id_s.get_value() /> }.into_any(),
            _ => view! {
                <div class="stack">
                    {move || live.data.get().map(|c| view! { <ComposeOverview inst=inst_s.get_value() compose=c /> })}
                    <ComposeFileCard client=client live=live />
                    <MoveService client=client kind=ServiceKind::Compose id=id_s.get_value() on_moved=Callback::new(move |_| live.refresh()) />
                    <DeleteService inst=inst_s.get_value() client=client kind=ServiceKind::Compose id=id_s.get_value() name=name back=back />
                </div>
            }.into_any(),
        })}
    }
}

#[component]
fn ComposeOverview(inst: String, compose: Compose) -> impl IntoView {
    let now = now_ms();
    let c = compose;
    let source = match &c.source_type {
        Some(SourceType::Raw) => "Compose file written in Dokploy".to_string(),
        Some(SourceType::Git) => format!(
            "{} ({})",
            c.custom_git_url.clone().unwrap_or_default(),
            c.custom_git_branch.clone().unwrap_or_default()
        ),
        Some(s) if c.repository.is_some() => format!(
            "{} {}/{} ({})",
            s.label(),
            c.owner.clone().unwrap_or_default(),
            c.repository.clone().unwrap_or_default(),
            c.branch.clone().unwrap_or_default()
        ),
        Some(s) => s.label().to_string(),
        None => "Not set yet".into(),
    };
    let last = newest_first(c.deployments.clone()).into_iter().next();
    let app_name = c.app_name.clone().unwrap_or_default();
    let deployments_href =
        crate::routes::Route::service(&inst, "compose", &c.compose_id, "deployments").href();
    view! {
        <section class="card" data-test="overview">
            <h2 class="card__heading">"Overview"</h2>
            <dl class="kv">
                <dt>"Source"</dt><dd>{source}</dd>
                {c.compose_path.clone().filter(|_| !matches!(c.source_type, Some(SourceType::Raw))).map(|p| view! { <dt>"Compose path"</dt><dd><code>{p}</code></dd> })}
                <dt>"Type"</dt><dd>{if c.compose_type.as_deref() == Some("stack") { "Docker Stack (Swarm)" } else { "Docker Compose" }}</dd>
                <dt>"Project name"</dt><dd class="row"><code>{app_name.clone()}</code>{(!app_name.is_empty()).then(|| view! { <CopyButton value=app_name.clone() /> })}</dd>
                <dt>"Domains"</dt>
                <dd>{if c.domains.is_empty() { view! { <span class="muted">"None"</span> }.into_any() } else {
                    c.domains.iter().map(|d| { let u = d.url(); if crate::service_view::domain::openable(&u) { view! { <a href=u.clone() target="_blank" rel="noopener noreferrer" class="overview__domain">{u.clone()}</a> }.into_any() } else { view! { <span class="overview__domain">{u}</span> }.into_any() } }).collect_view().into_any()
                }}</dd>
                <dt>"Last deployment"</dt>
                <dd>{match last {
                    Some(d) => {
                        let (word, label) = deployment_badge(d.status.as_ref());
                        view! {
                            <span class=format!("badge badge--{word}")>{label}</span>" "
                            <a href=deployments_href.clone()>{d.title.clone().unwrap_or_else(|| "Deployment".into())}</a>
                            " "<span class="small muted">{d.created_at.as_deref().map(|x| ago_of(now, x)).unwrap_or_default()}</span>
                        }.into_any()
                    }
                    None => view! { <span class="muted">"Never deployed"</span> }.into_any(),
                }}</dd>
            </dl>
        </section>
    }
}

/// The compose file: edited here for a raw source; a Git source can switch to one.
#[component]
fn ComposeFileCard(client: Memo<Option<Client>>, live: Live<Compose>) -> impl IntoView {
    let is_raw = Memo::new(move |_| {
        live.data.with(|c| {
            c.as_ref()
                .is_some_and(|c| matches!(c.source_type, Some(SourceType::Raw)))
        })
    });
    let switching = RwSignal::new(false);
    let server = Signal::derive(move || {
        live.data.with(|c| {
            c.as_ref()
                .map(|c| c.compose_file.clone().unwrap_or_default())
        })
    });
    let form = use_form(server);
    let saved = RwSignal::new(false);
    let save = use_write(
        client,
        move |c: Client, (id, file): (String, String)| async move {
            c.compose_update(&ComposeUpdate {
                compose_id: id,
                compose_file: Some(file),
                source_type: Some(SourceType::Raw),
                ..Default::default()
            })
            .await
        },
    );
    let pending = save.pending();
    effect(move || {
        if let Some(Ok(())) = save.value().get() {
            form.saved();
            saved.set(true);
            switching.set(false);
            live.refresh();
        }
    });
    let on_save = move |_| {
        let Some(text) = form.value.get_untracked() else {
            return;
        };
        saved.set(false);
        if let Some(id) = live
            .data
            .with_untracked(|c| c.as_ref().map(|c| c.compose_id.clone()))
        {
            run_once(save, (id, text));
        }
    };
    let editable = move || is_raw.get() || switching.get();
    view! {
        <section class="card" data-test="compose-file">
            <h2 class="card__heading">"Compose file"</h2>
            {move || (!editable()).then(|| view! {
                <p class="small">"This service reads its compose file from its repository. You can write the file here instead (the source becomes \"Raw\")."</p>
                <button class="btn btn--small" on:click=move |_| switching.set(true)>"Write the compose file here"</button>
            })}
            {move || editable().then(|| view! {
                {move || form.stale(&server.get()).then(|| view! { <div class="alert alert--warn small">"Changed on the server while you were editing; saving keeps your version."</div> })}
                <label class="sr-only" for="compose-file">"docker-compose.yml"</label>
                <textarea id="compose-file" class="input compose-file" spellcheck="false" data-test="field-compose-file"
                    prop:value=move || form.value.get().unwrap_or_default()
                    on:input=move |ev| { let v = event_target_value(&ev); form.value.set(Some(v)); }></textarea>
                {move || failure(save).map(|e| view! { <ErrorView error=e /> })}
                <div class="row form-actions">
                    <span class="small muted">"Deploy to apply changes."</span>
                    <span class="spacer"></span>
                    {move || (saved.get() && !form.dirty()).then(|| view! { <span class="small form-actions__saved" role="status" data-test="compose-file-saved">"Saved."</span> })}
                    {move || form.dirty().then(|| view! { <button class="btn btn--ghost btn--small" on:click=move |_| form.reset(server.get_untracked())>"Discard"</button> })}
                    <button class="btn btn--primary" data-test="compose-file-save" disabled=move || pending.get() || !(form.dirty() || switching.get())
                        aria-busy=move || pending.get().to_string() on:click=on_save>"Save"</button>
                </div>
            })}
        </section>
    }
}
