//! The application page: general (status, source, build, runtime settings), environment,
//! domains, deployments, logs. One `application.one` per refresh serves every tab but logs.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::pages::live::effect;

use super::advanced::{AdvancedTab, AppRows};
use super::containers::ContainersTab;
use super::deployments::DeploymentsTab;
use super::domains::DomainsTab;
use super::logs::{LogSource, LogsTab};
use super::monitoring::MonitoringTab;
use super::previews::PreviewsTab;
use super::schedules::SchedulesTab;
use super::volumes::VolumesTab;
use super::{era_tabs, use_tab, DeleteService, Head, LiveState, MoveService, Place, ServiceHead};
use crate::api::{ApplicationEnvironment, Client};
use crate::components::{CopyButton, DokployLink, EnvEditor, ErrorView, SaveEnv};
use crate::dashboard::Page;
use crate::model::{Application, ServiceKind, ServiceStatus};
use crate::pages::live::{
    failure, no_key, now_ms, run_once, use_client, use_form, use_live, use_write, Form, Live,
};
use crate::service_view::settings::{
    source_summary, BuildForm, RuntimeForm, SourceForm, BUILD_TYPES,
};
use crate::service_view::swarm::present;
use crate::service_view::time::ago_of;
use crate::service_view::{deployment_active, deployment_badge, newest_deployment, newest_first};

const TABS: [(&str, &str); 9] = [
    ("general", "General"),
    ("environment", "Environment"),
    ("domains", "Domains"),
    ("deployments", "Deployments"),
    ("previews", "Previews"),
    ("logs", "Logs"),
    ("containers", "Containers"),
    ("monitoring", "Monitoring"),
    ("advanced", "Advanced"),
];

/// While the app or one of its deployments runs, refresh every 2 s; else every 10 s.
pub(crate) fn busy_app(a: &Application) -> bool {
    matches!(a.application_status, Some(ServiceStatus::Running))
        || a.deployments
            .iter()
            .any(|d| deployment_active(d.status.as_ref()))
}

#[component]
pub fn ApplicationPage(inst: String, id: String) -> impl IntoView {
    let client = use_client(&inst);
    let tab = use_tab();
    let busy = RwSignal::new(false);
    let following = RwSignal::new(false);
    let aid = id.clone();
    let live: Live<Application> = use_live(
        client,
        Duration::from_secs(2),
        5,
        busy.into(),
        move |c: Client| {
            let id = aid.clone();
            async move { c.application_one(&id).await }
        },
    );
    effect(move || {
        let b = following.get() || live.data.with(|a| a.as_ref().is_some_and(busy_app));
        if busy.get_untracked() != b {
            busy.set(b);
        }
    });
    let head = Signal::derive(move || {
        live.data.with(|a| {
            a.as_ref().map(|a| Head {
                name: a.name.clone(),
                app_name: a.app_name.clone().unwrap_or_default(),
                description: a.description.clone(),
                status: a.application_status.clone(),
                latest: newest_deployment(&a.deployments),
                place: Place::of(
                    &a.environment,
                    &a.project,
                    a.project_id.as_deref(),
                    a.environment_id.as_deref(),
                ),
            })
        })
    });
    super::provide_in_dokploy(&inst, ServiceKind::Application, &id, head);
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
    view! {
        <ServiceHead inst=inst.clone() client=client kind=ServiceKind::Application id=id.clone() head=head following=following
            on_done=Callback::new(move |_| live.refresh()) />
        {era_tabs(&inst, ServiceKind::Application, &id, &TABS, tab, client)}
        <LiveState error=live.error loading=Signal::derive(move || live.loading()) what="Loading the application"
            on_retry=refresh back=back has_data=has_data inst=inst.clone() />
        {move || has_data.get().then(|| match tab.get().as_str() {
            "environment" => view! { <EnvironmentTab client=client live=live /> }.into_any(),
            "domains" => view! {
                <DomainsTab client=client kind=ServiceKind::Application id=id_s.get_value()
                    domains=Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| a.domains.clone()))) on_changed=refresh />
            }.into_any(),
            "deployments" => view! {
                <DeploymentsTab inst=inst_s.get_value() client=client kind=ServiceKind::Application id=id_s.get_value()
                    deployments=Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| a.deployments.clone())))
                    rollbacks=Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| (a.rollback_active.unwrap_or(false), a.rollback_registry_id.is_some())).unwrap_or_default()))
                    on_change=refresh />
            }.into_any(),
            "advanced" => view! {
                <AdvancedTab client=client kind=ServiceKind::Application id=id_s.get_value()
                    mounts=Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| a.mounts.clone()).unwrap_or_default())) app=Some(AppRows {
                    ports: Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| a.ports.clone()).unwrap_or_default())),
                    redirects: Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| a.redirects.clone()).unwrap_or_default())),
                    security: Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| a.security.clone()).unwrap_or_default())),
                })
                    resources=Some(Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| [a.memory_limit.clone(), a.memory_reservation.clone(), a.cpu_limit.clone(), a.cpu_reservation.clone()]).unwrap_or_default())))
                    swarm=Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| present(a.swarm())).unwrap_or_default()))
                    on_change=Callback::new(move |_| live.refresh()) />
            }.into_any(),
            "logs" => view! { <LogsTab client=client source=LogSource::Application(id_s.get_value()) /> }.into_any(),
            "containers" => live.data.with_untracked(|a| a.as_ref().map(|a| view! {
                <ContainersTab client=client kind=ServiceKind::Application app_name=a.app_name.clone().unwrap_or_default() app_type=None server_id=a.server_id.clone() />
            })).into_any(),
            "previews" => view! { <PreviewsTab inst=inst_s.get_value() client=client id=id_s.get_value() app=live /> }.into_any(),
            "monitoring" => view! { <MonitoringTab client=client app_name=live.data.with_untracked(|a| a.as_ref().and_then(|a| a.app_name.clone()).unwrap_or_default()) /> }.into_any(),
            "schedules" => view! { <SchedulesTab client=client kind=ServiceKind::Application id=id_s.get_value() /> }.into_any(),
            "volumes" => view! {
                <VolumesTab client=client kind=ServiceKind::Application id=id_s.get_value()
                    app_name=Signal::derive(move || live.data.with(|a| a.as_ref().and_then(|a| a.app_name.clone()).unwrap_or_default())) />
            }.into_any(),
            _ => view! { <GeneralTab inst=inst_s.get_value() client=client live=live back=back /> }.into_any(),
        })}
    }
}

#[component]
fn GeneralTab(
    inst: String,
    client: Memo<Option<Client>>,
    live: Live<Application>,
    back: Signal<Option<crate::routes::Route>>,
) -> impl IntoView {
    let app = move || live.data.get();
    let name = Signal::derive(move || {
        live.data
            .with(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default())
    });
    let id = live.data.with_untracked(|a| {
        a.as_ref()
            .map(|a| a.application_id.clone())
            .unwrap_or_default()
    });
    let inst2 = inst.clone();
    view! {
        <div class="stack">
            {move || app().map(|a| view! { <Overview inst=inst2.clone() app=a /> })}
            <SourceCard client=client live=live />
            <BuildCard client=client live=live />
            <RuntimeCard client=client live=live />
            <MoveService client=client kind=ServiceKind::Application id=id.clone() on_moved=Callback::new(move |_| live.refresh()) />
            <DeleteService inst=inst.clone() client=client kind=ServiceKind::Application id=id name=name back=back />
        </div>
    }
}

/// Status, where it comes from, how it is built, its domains and last deployment.
#[component]
fn Overview(inst: String, app: Application) -> impl IntoView {
    let now = now_ms();
    let source = source_summary(&app);
    let last = newest_first(app.deployments.clone()).into_iter().next();
    let app_name = app.app_name.clone().unwrap_or_default();
    let deployments_href =
        crate::routes::Route::service(&inst, "application", &app.application_id, "deployments")
            .href();
    view! {
        <section class="card" data-test="overview">
            <h2 class="card__heading">"Overview"</h2>
            <dl class="kv">
                <dt>"Source"</dt><dd data-test="overview-source">{match source {
                    Some(s) => view! { <span>{s}</span> }.into_any(),
                    None => view! { <span class="muted">"No source yet: choose a Docker image or a Git repository under Source, then deploy."</span> }.into_any(),
                }}</dd>
                <dt>"Build"</dt><dd>{app.build_type.as_ref().map(|b| b.label().to_string()).unwrap_or_else(|| "–".into())}</dd>
                <dt>"Internal host"</dt><dd class="row"><code>{app_name.clone()}</code>{(!app_name.is_empty()).then(|| view! { <CopyButton value=app_name.clone() /> })}</dd>
                <dt>"Replicas"</dt><dd>{app.replicas.unwrap_or(1)}</dd>
                <dt>"Domains"</dt>
                <dd>{if app.domains.is_empty() { view! { <span class="muted">"None"</span> }.into_any() } else {
                    app.domains.iter().map(|d| { let u = d.url(); if crate::service_view::domain::openable(&u) { view! { <a href=u.clone() target="_blank" rel="noopener noreferrer" class="overview__domain">{u.clone()}</a> }.into_any() } else { view! { <span class="overview__domain">{u}</span> }.into_any() } }).collect_view().into_any()
                }}</dd>
                <dt>"Last deployment"</dt>
                <dd>{match last {
                    Some(d) => {
                        let (word, label) = deployment_badge(d.status.as_ref());
                        view! {
                            <span class=format!("badge badge--{word}")>{label}</span>" "
                            <a href=deployments_href.clone()>{d.title.clone().unwrap_or_else(|| "Deployment".into())}</a>
                            " "<span class="small muted">{d.created_at.as_deref().map(|c| ago_of(now, c)).unwrap_or_default()}</span>
                        }.into_any()
                    }
                    None => view! { <span class="muted">"Never deployed"</span> }.into_any(),
                }}</dd>
                {app.created_at.clone().map(|c| view! { <dt>"Created"</dt><dd>{ago_of(now, &c)}</dd> })}
            </dl>
        </section>
    }
}

/// A labelled text input bound to a form field.
fn text_input<T: Clone + PartialEq + Send + Sync + 'static>(
    form: Form<T>,
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id class="input" placeholder=placeholder data-test=format!("field-{id}") autocomplete="off" spellcheck="false"
                prop:value=move || form.get(get).unwrap_or_default()
                on:input=move |ev| { let v = event_target_value(&ev); form.edit(|f| set(f, v)); } />
        </div>
    }
}

/// Save / Discard row of a settings card, with saved feedback and errors.
fn form_actions<T: Clone + PartialEq + Send + Sync + 'static>(
    form: Form<T>,
    server: Signal<Option<T>>,
    pending: Signal<bool>,
    saved: RwSignal<bool>,
    local: RwSignal<Option<String>>,
    error: Signal<Option<crate::api::ApiError>>,
    test: &'static str,
    on_save: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        {move || form.stale(&server.get()).then(|| view! {
            <div class="alert alert--warn small">"Changed on the server while you were editing; saving keeps your version."</div>
        })}
        {move || local.get().map(|e| view! { <div class="field__error" role="alert">{e}</div> })}
        {move || error.get().map(|e| view! { <ErrorView error=e /> })}
        <div class="row form-actions">
            <span class="spacer"></span>
            {move || (saved.get() && !form.dirty()).then(|| view! { <span class="small form-actions__saved" role="status" data-test=format!("{test}-saved")>"Saved."</span> })}
            {move || form.dirty().then(|| view! {
                <button class="btn btn--ghost btn--small" on:click=move |_| { local.set(None); form.reset(server.get_untracked()); }>"Discard"</button>
            })}
            <button class="btn btn--primary" data-test=format!("{test}-save") disabled=move || pending.get() || !form.dirty()
                aria-busy=move || pending.get().to_string() on:click=move |_| on_save()>"Save"</button>
        </div>
    }
}

/// Docker image or Git repository (other providers are set up in Dokploy and shown as they are).
#[component]
fn SourceCard(client: Memo<Option<Client>>, live: Live<Application>) -> impl IntoView {
    let server = Signal::derive(move || live.data.with(|a| a.as_ref().map(SourceForm::of)));
    let form = use_form(server);
    let saved = RwSignal::new(false);
    let local = RwSignal::new(None::<String>);
    let inst = use_context::<super::InDokploy>().map(|c| c.inst);
    let version = crate::state::era::use_version(client);
    let save = use_write(
        client,
        move |c: Client, (f, app): (SourceForm, Application)| async move {
            if f.provider == "git" {
                let era = version.get_untracked().unwrap_or_default();
                c.application_save_git_provider(&f.git(&app), &era).await
            } else {
                c.application_save_docker_provider(&f.docker(&app.application_id))
                    .await
            }
        },
    );
    let pending = save.pending();
    effect(move || {
        if let Some(Ok(())) = save.value().get() {
            form.saved();
            saved.set(true);
            live.refresh();
        }
    });
    let on_save = move || {
        let Some(f) = form.value.get_untracked() else {
            return;
        };
        if let Some((_, p)) = f.problem() {
            local.set(Some(p));
            return;
        }
        local.set(None);
        saved.set(false);
        if let Some(app) = live.data.get_untracked() {
            run_once(save, (f, app));
        }
    };
    let provider = move || form.get(|f| f.provider.clone()).unwrap_or_default();
    let other_label = move || {
        live.data.with(|a| {
            a.as_ref()
                .and_then(|a| a.source_type.as_ref().map(|s| s.label().to_string()))
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card" data-test="source">
            <h2 class="card__heading">"Source"</h2>
            {move || live.data.with(|a| a.as_ref().is_some_and(|a| source_summary(a).is_none())).then(|| view! {
                <p class="small" data-test="source-none">
                    "No source yet. Choose where Dokploy gets this application from: a Docker image, or a Git repository by URL. "
                    "Repositories from a GitHub, GitLab, Bitbucket or Gitea account are chosen in Dokploy itself: "
                    {inst.clone().map(|i| view! { <DokployLink inst=i page=Page::GitProviders label="connect the account" /> })}
                    ", then " {super::in_dokploy_link("pick the repository on this application's page")} "."
                </p>
            })}
            <div class="segmented" role="radiogroup" aria-label="Source">
                {[("docker", "Docker image"), ("git", "Git repository")].into_iter().map(|(p, l)| view! {
                    <button type="button" role="radio" class="segmented__item" data-test=format!("source-{p}") aria-checked=move || (provider() == p).to_string()
                        on:click=move |_| form.edit(|f| f.provider = p.to_string())>{l}</button>
                }).collect_view()}
                {move || (live.data.with(|a| a.as_ref().map(|a| SourceForm::of(a).provider == "other").unwrap_or(false))).then(|| view! {
                    <button type="button" role="radio" class="segmented__item" aria-checked=move || (provider() == "other").to_string()
                        on:click=move |_| form.edit(|f| f.provider = "other".to_string())>{other_label}</button>
                })}
            </div>
            {move || match provider().as_str() {
                "docker" => view! {
                    {text_input(form, "docker-image", "Image", "nginx:1.27", |f: &SourceForm| f.image.clone(), |f, v| f.image = v)}
                    <div class="grid-2">
                        {text_input(form, "registry-url", "Registry URL (optional)", "ghcr.io", |f: &SourceForm| f.registry_url.clone(), |f, v| f.registry_url = v)}
                        {text_input(form, "registry-user", "Registry user (optional)", "", |f: &SourceForm| f.username.clone(), |f, v| f.username = v)}
                    </div>
                    <div class="field">
                        <label for="registry-password">"Registry password (optional)"</label>
                        <input id="registry-password" class="input" type="password" autocomplete="new-password"
                            prop:value=move || form.get(|f| f.password.clone()).unwrap_or_default()
                            on:input=move |ev| { let v = event_target_value(&ev); form.edit(|f| f.password = v); } />
                    </div>
                }.into_any(),
                "git" => view! {
                    {text_input(form, "git-url", "Repository URL", "https://github.com/acme/app.git", |f: &SourceForm| f.git_url.clone(), |f, v| f.git_url = v)}
                    <div class="grid-2">
                        {text_input(form, "git-branch", "Branch", "main", |f: &SourceForm| f.git_branch.clone(), |f, v| f.git_branch = v)}
                        {text_input(form, "git-path", "Build path", "/", |f: &SourceForm| f.git_build_path.clone(), |f, v| f.git_build_path = v)}
                    </div>
                    <p class="small muted">"Public repositories, or private ones over SSH with a key set up in Dokploy."</p>
                }.into_any(),
                _ => view! {
                    <p class="small" data-test="source-other">{move || live.data.with(|a| a.as_ref().and_then(source_summary).map(|s| format!(
                        "{s}. Change the repository in Dokploy, or switch to a Docker image or Git URL here. ")))} {super::in_dokploy_link("Open this application in Dokploy")}</p>
                }.into_any(),
            }}
            {form_actions(form, server, pending.into(), saved, local, Signal::derive(move || failure(save)), "source", on_save)}
        </section>
    }
}

#[component]
fn BuildCard(client: Memo<Option<Client>>, live: Live<Application>) -> impl IntoView {
    let server = Signal::derive(move || live.data.with(|a| a.as_ref().map(BuildForm::of)));
    let form = use_form(server);
    let saved = RwSignal::new(false);
    let local = RwSignal::new(None::<String>);
    let save = use_write(
        client,
        move |c: Client, (f, id): (BuildForm, String)| async move {
            c.application_save_build_type(&f.settings(&id)).await
        },
    );
    let pending = save.pending();
    effect(move || {
        if let Some(Ok(())) = save.value().get() {
            form.saved();
            saved.set(true);
            live.refresh();
        }
    });
    let on_save = move || {
        let Some(f) = form.value.get_untracked() else {
            return;
        };
        saved.set(false);
        if let Some(id) = live
            .data
            .with_untracked(|a| a.as_ref().map(|a| a.application_id.clone()))
        {
            run_once(save, (f, id));
        }
    };
    let bt = move || form.get(|f| f.build_type.clone()).unwrap_or_default();
    view! {
        <section class="card" data-test="build">
            <h2 class="card__heading">"Build"</h2>
            <div class="field">
                <label for="build-type">"Build type"</label>
                <select id="build-type" class="input" data-test="field-build-type" on:change=move |ev| { let v = event_target_value(&ev); form.edit(|f| f.build_type = v); }>
                    {BUILD_TYPES.into_iter().map(|(v, l)| view! { <option value=v selected=move || bt() == v>{l}</option> }).collect_view()}
                </select>
                {move || live.data.with(|a| a.as_ref().is_some_and(|a| matches!(a.source_type, Some(crate::model::SourceType::Docker))))
                    .then(|| view! { <span class="field__hint">"Docker image sources are pulled, not built: these settings apply once you build from Git."</span> })}
            </div>
            {move || match bt().as_str() {
                "dockerfile" => view! {
                    <div class="grid-2">
                        {text_input(form, "dockerfile", "Dockerfile path", "Dockerfile", |f: &BuildForm| f.dockerfile.clone(), |f, v| f.dockerfile = v)}
                        {text_input(form, "context", "Build context", ".", |f: &BuildForm| f.context_path.clone(), |f, v| f.context_path = v)}
                    </div>
                    {text_input(form, "stage", "Build stage (optional)", "", |f: &BuildForm| f.build_stage.clone(), |f, v| f.build_stage = v)}
                }.into_any(),
                "static" => view! {
                    {text_input(form, "publish", "Publish directory", "dist", |f: &BuildForm| f.publish_directory.clone(), |f, v| f.publish_directory = v)}
                    <label class="check"><input type="checkbox" prop:checked=move || form.get(|f| f.static_spa).unwrap_or(false)
                        on:change=move |ev| { let v = event_target_checked(&ev); form.edit(|f| f.static_spa = v); } />"Single-page app (serve index.html for every path)"</label>
                }.into_any(),
                "heroku_buildpacks" => text_input(form, "heroku", "Heroku stack version", "24", |f: &BuildForm| f.heroku_version.clone(), |f, v| f.heroku_version = v).into_any(),
                "railpack" => text_input(form, "railpack", "Railpack version (optional)", "", |f: &BuildForm| f.railpack_version.clone(), |f, v| f.railpack_version = v).into_any(),
                _ => view! { <p class="small muted">"Detected from the code: no settings needed."</p> }.into_any(),
            }}
            {form_actions(form, server, pending.into(), saved, local, Signal::derive(move || failure(save)), "build", on_save)}
        </section>
    }
}

#[component]
fn RuntimeCard(client: Memo<Option<Client>>, live: Live<Application>) -> impl IntoView {
    let server = Signal::derive(move || live.data.with(|a| a.as_ref().map(RuntimeForm::of)));
    let form = use_form(server);
    let saved = RwSignal::new(false);
    let local = RwSignal::new(None::<String>);
    let save = use_write(
        client,
        move |c: Client, (f, id): (RuntimeForm, String)| async move {
            c.application_update(&f.update(&id)).await
        },
    );
    let pending = save.pending();
    effect(move || {
        if let Some(Ok(())) = save.value().get() {
            form.saved();
            saved.set(true);
            live.refresh();
        }
    });
    let on_save = move || {
        let Some(f) = form.value.get_untracked() else {
            return;
        };
        if let Some((_, p)) = f.problem() {
            local.set(Some(p));
            return;
        }
        local.set(None);
        saved.set(false);
        if let Some(id) = live
            .data
            .with_untracked(|a| a.as_ref().map(|a| a.application_id.clone()))
        {
            run_once(save, (f, id));
        }
    };
    view! {
        <section class="card" data-test="runtime">
            <h2 class="card__heading">"Settings"</h2>
            <div class="grid-2">
                {text_input(form, "app-name", "Name", "", |f: &RuntimeForm| f.name.clone(), |f, v| f.name = v)}
                {text_input(form, "replicas", "Replicas", "1", |f: &RuntimeForm| f.replicas.clone(), |f, v| f.replicas = v)}
            </div>
            {text_input(form, "app-description", "Description", "", |f: &RuntimeForm| f.description.clone(), |f, v| f.description = v)}
            {text_input(form, "command", "Command (overrides the image's)", "", |f: &RuntimeForm| f.command.clone(), |f, v| f.command = v)}
            {form_actions(form, server, pending.into(), saved, local, Signal::derive(move || failure(save)), "runtime", on_save)}
        </section>
    }
}

/// Runtime variables and build-time arguments, each saved on its own (the other sent as it is
/// on the server, so neither is lost).
#[component]
fn EnvironmentTab(client: Memo<Option<Client>>, live: Live<Application>) -> impl IntoView {
    let body = move |env: Option<String>, args: Option<String>| -> Option<ApplicationEnvironment> {
        live.data.with_untracked(|a| {
            a.as_ref().map(|a| ApplicationEnvironment {
                application_id: a.application_id.clone(),
                env: env.or_else(|| a.env.clone()),
                build_args: args.or_else(|| a.build_args.clone()),
                build_secrets: a.build_secrets.clone(),
                create_env_file: a.create_env_file.unwrap_or(true),
            })
        })
    };
    let save_with = move |which: &'static str| -> SaveEnv {
        Rc::new(move |text: String| {
            let b = if which == "env" {
                body(Some(text), None)
            } else {
                body(None, Some(text))
            };
            let c = client.get_untracked();
            Box::pin(async move {
                match (c, b) {
                    (Some(c), Some(b)) => c.application_save_environment(&b).await,
                    _ => Err(no_key()),
                }
            })
        })
    };
    let refresh = Callback::new(move |_| live.refresh());
    view! {
        <div class="stack">
            <EnvEditor title="Environment variables" test="env"
                hint="Available to the running container. Values of names like KEY, SECRET, TOKEN or PASSWORD are masked."
                value=Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| a.env.clone().unwrap_or_default())))
                save=save_with("env") on_saved=refresh />
            <EnvEditor title="Build arguments" test="build-args"
                hint="Passed to the build as --build-arg (not available at run time)."
                value=Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| a.build_args.clone().unwrap_or_default())))
                save=save_with("args") on_saved=refresh />
        </div>
    }
}
