//! One service, any kind: the page for its kind (application, compose, a database), with the
//! tab in the URL. Shared pieces: the heading with breadcrumbs and actions, tabs, delete.

pub(crate) mod actions;

mod advanced;
mod application;
pub(crate) mod backups;
mod compose;
mod containers;
mod database;
mod deployments;
mod domains;
mod logs;
mod monitoring;
mod previews;
mod runs;
mod schedules;
mod volumes;

use leptos::prelude::*;

use crate::pages::live::effect;

use self::actions::{Op, ServiceActions};
use crate::api::{ApiError, Client};
use crate::components::{
    dashboard_url, ConfirmDialog, DokployLink, ErrorToast, ErrorView, Tab, TabBar,
};
use crate::dashboard::Page;
use crate::model::{DeploymentStatus, Environment, Project, ServiceKind, ServiceStatus};
use crate::pages::live::{failure, run_once, use_fetch, use_kept, use_write};
use crate::routes::Route;
use crate::service_view::status_word;
use crate::state::location::{navigate, use_route};
use crate::state::session::use_session;

/// One service, any kind.
#[component]
pub fn ServicePage(inst: String, kind: String, id: String) -> impl IntoView {
    match ServiceKind::from_router(&kind) {
        Some(ServiceKind::Application) => {
            view! { <application::ApplicationPage inst=inst id=id /> }.into_any()
        }
        Some(ServiceKind::Compose) => view! { <compose::ComposePage inst=inst id=id /> }.into_any(),
        Some(k) => view! { <database::DatabasePage inst=inst kind=k id=id /> }.into_any(),
        None => {
            view! { <crate::pages::NotFound path=format!("/i/{inst}/{kind}/{id}") /> }.into_any()
        }
    }
}

/// The tab in the URL (`""` means the first).
pub(crate) fn use_tab() -> Memo<String> {
    let route = use_route();
    Memo::new(move |_| match route.get() {
        Route::Service { tab, .. } => tab,
        _ => String::new(),
    })
}

/// The deployment opened in the URL (`?deployment=`).
pub(crate) fn use_open_deployment() -> Memo<Option<String>> {
    let route = use_route();
    Memo::new(move |_| match route.get() {
        Route::Service { deployment, .. } => deployment,
        _ => None,
    })
}

/// The tab bar of a service page: `tabs` are (slug, label); the first one is the default.
pub(crate) fn service_tabs(
    inst: &str,
    kind: ServiceKind,
    id: &str,
    tabs: &[(&'static str, &'static str)],
    current: Memo<String>,
) -> impl IntoView {
    let first = tabs.first().map(|t| t.0).unwrap_or("general");
    let list: Vec<Tab> = tabs
        .iter()
        .map(|(slug, label)| Tab {
            slug,
            label,
            short: match *slug {
                "environment" => Some("Env"),
                "deployments" => Some("Deploys"),
                "volumes" => Some("Volumes"),
                "schedules" => Some("Cron"),
                _ => None,
            },
            href: Route::service(
                inst,
                kind.router(),
                id,
                if *slug == first { "" } else { slug },
            )
            .href(),
        })
        .collect();
    let current = Signal::derive(move || {
        let t = current.get();
        if t.is_empty() {
            first.to_string()
        } else {
            t
        }
    });
    view! { <TabBar tabs=list current=current /> }
}

/// The tab bar with the tabs this instance has: `base`, then Backups, Schedules and Volume
/// backups where the kind and the instance's version (asked once) have them.
pub(crate) fn era_tabs(
    inst: &str,
    kind: ServiceKind,
    id: &str,
    base: &'static [(&'static str, &'static str)],
    current: Memo<String>,
    client: Memo<Option<Client>>,
) -> impl IntoView {
    let version = crate::state::era::use_version(client);
    let (inst, id) = (inst.to_string(), id.to_string());
    move || {
        let mut tabs = base.to_vec();
        if let Some(v) = version.get() {
            let db = kind.is_database();
            if (db && kind != ServiceKind::Redis && (kind != ServiceKind::Libsql || v.has_libsql()))
                || (kind == ServiceKind::Redis && v.has_volume_backups())
                || (kind == ServiceKind::Compose && v.has_schedules())
            {
                tabs.push(("backups", "Backups"));
            }
            if !db && v.has_schedules() {
                tabs.push(("schedules", "Schedules"));
            }
            if kind == ServiceKind::Application && v.has_volume_backups() {
                tabs.push(("volumes", "Volume backups"));
            }
        }
        service_tabs(&inst, kind, &id, &tabs, current)
    }
}

/// Where a service sits: its project and environment, whichever API era answered.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Place {
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    pub env_id: Option<String>,
    pub env_name: Option<String>,
}

impl Place {
    pub fn of(
        environment: &Option<Box<Environment>>,
        project: &Option<Box<Project>>,
        project_id: Option<&str>,
        env_id: Option<&str>,
    ) -> Place {
        let proj = environment
            .as_ref()
            .and_then(|e| e.project.as_deref())
            .or(project.as_deref());
        Place {
            project_id: proj
                .map(|p| p.project_id.clone())
                .or_else(|| environment.as_ref().and_then(|e| e.project_id.clone()))
                .or_else(|| project_id.map(str::to_string)),
            project_name: proj.map(|p| p.name.clone()),
            env_id: environment
                .as_ref()
                .map(|e| e.environment_id.clone())
                .or_else(|| env_id.map(str::to_string)),
            env_name: environment.as_ref().map(|e| e.name.clone()),
        }
    }

    /// This service's page in Dokploy's own dashboard, where the project is known.
    pub fn dokploy_page(&self, kind: ServiceKind, id: &str) -> Option<Page> {
        Some(Page::Service {
            kind,
            id: id.to_string(),
            project_id: self.project_id.clone()?,
            environment_id: self.env_id.clone(),
        })
    }

    /// The project page, on this service's environment.
    pub fn project_route(&self, inst: &str) -> Option<Route> {
        Some(Route::Project {
            inst: inst.to_string(),
            id: self.project_id.clone()?,
            env: self.env_id.clone(),
            list: Default::default(),
        })
    }
}

/// The service's page in Dokploy, for the links to it from its heading and from the tabs that
/// send the reader there (logs before Dokploy had a log API). Provided by each service page.
#[derive(Clone)]
pub(crate) struct InDokploy {
    pub inst: String,
    pub page: Signal<Option<Page>>,
}

/// Provides [`InDokploy`] for the page of service `id`, whose heading is `head`.
pub(crate) fn provide_in_dokploy(
    inst: &str,
    kind: ServiceKind,
    id: &str,
    head: Signal<Option<Head>>,
) {
    let id = id.to_string();
    provide_context(InDokploy {
        inst: inst.to_string(),
        page: Signal::derive(move || {
            head.with(|h| h.as_ref().and_then(|h| h.place.dokploy_page(kind, &id)))
        }),
    });
}

/// "Open in Dokploy ↗" for the service of this page, once its project is known.
pub(crate) fn in_dokploy_link(label: &'static str) -> impl IntoView {
    let ctx = use_context::<InDokploy>();
    move || {
        let ctx = ctx.clone()?;
        let page = ctx.page.get()?;
        Some(view! { <DokployLink inst=ctx.inst page=page label=label /> })
    }
}

/// What the heading of a service page shows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Head {
    pub name: String,
    pub app_name: String,
    pub description: Option<String>,
    pub status: Option<ServiceStatus>,
    /// The newest deployment (id, status), where the answer lists deployments.
    pub latest: Option<(String, Option<DeploymentStatus>)>,
    pub place: Place,
}

/// Breadcrumbs (instance › project › environment), the name with kind and status, and the
/// control actions.
#[component]
pub(crate) fn ServiceHead(
    inst: String,
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    id: String,
    /// `None` while loading.
    #[prop(into)]
    head: Signal<Option<Head>>,
    /// Set while a deploy started from the heading is on its way (the page refreshes quickly).
    following: RwSignal<bool>,
    on_done: Callback<Op>,
) -> impl IntoView {
    let session = use_session();
    let inst_name = session
        .instance(&inst)
        .map(|i| i.name)
        .unwrap_or_else(|| inst.clone());
    let inst_s = StoredValue::new(inst.clone());
    let name = Signal::derive(move || {
        head.with(|h| h.as_ref().map(|h| h.name.clone()).unwrap_or_default())
    });
    let app_name = Signal::derive(move || {
        head.with(|h| h.as_ref().map(|h| h.app_name.clone()).unwrap_or_default())
    });
    let status = Signal::derive(move || head.with(|h| h.as_ref().and_then(|h| h.status.clone())));
    let latest = Signal::derive(move || head.with(|h| h.as_ref().and_then(|h| h.latest.clone())));
    // Only where Skiff knows Dokploy's address: the heading has no room for the explanation.
    let ctx = use_context::<InDokploy>();
    // The heading as it was last time (src/kept.rs: names and status, no setting), drawn until
    // the service is read.
    let last_time = use_kept(&inst, move || head.with(Option::is_some));
    let waiting = move || head.with(Option::is_none) && last_time.has();
    view! {
        <div class="page-head service-head">
            {move || waiting().then(|| last_time.markup())}
            <div class="page-head__title keep" hidden=waiting>
                <nav class="crumbs" aria-label="Breadcrumb" data-test="crumbs">
                    <a href=Route::projects(&inst).href()>{inst_name}</a>
                    {move || head.with(|h| h.as_ref().map(|h| h.place.clone())).map(|p| {
                        let inst = inst_s.get_value();
                        let project = p.project_route(&inst);
                        view! {
                            " › "
                            {match (project.clone(), p.project_name.clone()) {
                                (Some(r), Some(n)) => view! { <a href=r.href()>{n}</a> }.into_any(),
                                (Some(r), None) => view! { <a href=r.href()>"Project"</a> }.into_any(),
                                _ => view! { <span>"Project"</span> }.into_any(),
                            }}
                            {p.env_name.clone().map(|e| view! { " › " {match project { Some(r) => view! { <a href=r.href()>{e}</a> }.into_any(), None => view! { <span>{e}</span> }.into_any() }} })}
                        }
                    })}
                </nav>
                <h1 data-test="service-title">{move || { let n = name.get(); if n.is_empty() { kind.label().to_string() } else { n } }}</h1>
                <div class="service-head__meta">
                    <span class="badge badge--kind"><i class="kind-icon" data-kind=kind.router()></i>{kind.label()}</span>
                    {move || head.get().map(|h| {
                        let word = status_word(h.status.as_ref());
                        let label = h.status.as_ref().map(|s| s.label().to_string()).unwrap_or_else(|| "Unknown".into());
                        view! { <span class=format!("badge badge--{word}") data-test="service-status">{label}</span> }
                    })}
                    {move || (!app_name.get().is_empty()).then(|| view! { <code class="small muted" title="App name (the Docker service)">{app_name.get()}</code> })}
                    {move || ctx.clone().and_then(|c| c.page.get().and_then(|p| dashboard_url(&c.inst, &p))).map(|u| view! {
                        <a class="small service-head__dokploy" href=u target="_blank" rel="noopener noreferrer" data-test="service-in-dokploy">"Open in Dokploy ↗"</a>
                    })}
                </div>
                {move || match head.with(|h| h.as_ref().map(|h| h.description.clone().filter(|d| !d.is_empty()))) {
                    Some(Some(d)) => Some(view! { <p class="muted page-head__desc">{d}</p> }.into_any()),
                    Some(None) => None,
                    // Loading: its line kept, in grey (most services have a description).
                    None => Some(view! { <p class="page-head__desc skeleton" aria-hidden="true"><span class="small">"The service's description"</span></p> }.into_any()),
                }}
            </div>
            <div class="page-head__actions service-head__actions">
                <ServiceActions client=client kind=kind id=id name=name app_name=app_name status=status
                    latest=latest following=following on_done=on_done />
            </div>
        </div>
        {move || waiting().then(|| last_time.age(true))}
    }
}

/// Moving the service to another environment (another project before v0.25; Dokploy v0.20+):
/// the targets are every project's environments, the move is confirmed before it is sent, and
/// the page reads the service again after it.
#[component]
pub(crate) fn MoveService(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    id: String,
    on_moved: Callback<()>,
) -> impl IntoView {
    let version = crate::state::era::use_version(client);
    let here = use_context::<InDokploy>().map(|c| c.page);
    let current = move || match here.and_then(|p| p.get()) {
        Some(Page::Service {
            project_id,
            environment_id,
            ..
        }) => environment_id.unwrap_or(project_id),
        _ => String::new(),
    };
    let open = RwSignal::new(false);
    let target = RwSignal::new(String::new());
    let moved = RwSignal::new(None::<String>);
    let id = StoredValue::new(id);
    let go = use_write(
        client,
        move |c: Client, (to, era): (String, crate::model::DokployVersion)| async move {
            c.service_move(kind, &id.get_value(), &to, &era).await
        },
    );
    let pending = go.pending();
    view! {
        {move || version.get().filter(|v| v.has_move()).map(|v| {
            let envs = v.has_environments();
            view! {
                <section class="card" data-test="move-service">
                    <h2 class="card__heading">{if envs { "Move to another environment" } else { "Move to another project" }}</h2>
                    <p class="small muted">"Dokploy moves the service with its settings, domains, deployments and backups; its containers keep running."</p>
                    {move || moved.get().map(|m| view! { <p class="small ok-text" role="status" data-test="moved">{m}</p> })}
                    <button class="btn" data-test="move" on:click=move |_| { target.set(String::new()); open.set(true); }>"Move…"</button>
                </section>
            }
        })}
        {move || open.get().then(|| {
            let era = version.get_untracked().unwrap_or_default();
            let targets = use_fetch(move || {
                let c = client.get();
                async move {
                    match c {
                        Some(c) => c.project_all().await,
                        None => Err(crate::pages::live::no_key()),
                    }
                }
            });
            let list = Memo::new(move |_| {
                targets.get().and_then(Result::ok).map(|p| crate::service_view::move_targets(&p, &current()))
            });
            effect(move || {
                if let Some(Ok(())) = go.value().get() {
                    let label = list.with_untracked(|l| {
                        l.iter().flatten().find(|(t, _)| *t == target.get_untracked()).map(|(_, n)| n.clone())
                    });
                    open.set(false);
                    go.value().set(None);
                    moved.set(label.map(|l| format!("Moved to {l}.")));
                    on_moved.run(());
                }
            });
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let to = target.get_untracked();
                if !to.is_empty() {
                    run_once(go, (to, era.clone()));
                }
            };
            view! {
                <div class="dialog-backdrop" on:click=move |_| open.set(false)>
                    <form class="dialog" role="dialog" aria-modal="true" data-test="move-dialog" on:click=|ev| ev.stop_propagation() on:submit=submit
                        on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                        <h2>"Move this service"</h2>
                        {move || match (targets.get(), list.get()) {
                            (Some(Err(e)), _) => view! { <ErrorView error=e /> }.into_any(),
                            (_, Some(l)) if l.is_empty() => view! { <p class="empty" data-test="no-targets">"There is nowhere else to move it: create another environment or project first."</p> }.into_any(),
                            (_, Some(l)) => view! {
                                <div class="field">
                                    <label for="move-target">"To"</label>
                                    <select id="move-target" class="input" data-test="move-target" on:change=move |ev| target.set(event_target_value(&ev))>
                                        <option value="" selected=true disabled=true>"Choose…"</option>
                                        {l.into_iter().map(|(v, n)| view! { <option value=v>{n}</option> }).collect_view()}
                                    </select>
                                </div>
                            }.into_any(),
                            _ => view! { <p class="small muted">"Loading the projects…"</p> }.into_any(),
                        }}
                        {move || failure(go).map(|e| view! { <ErrorView error=e /> })}
                        <div class="dialog__actions">
                            <button data-free type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                            <button type="submit" class="btn btn--primary" data-test="confirm-move"
                                disabled=move || pending.get() || target.with(String::is_empty)
                                aria-busy=move || pending.get().to_string()>"Move"</button>
                        </div>
                    </form>
                </div>
            }
        })}
    }
}

/// "Danger zone": deleting the service, after its name is typed.
#[component]
pub(crate) fn DeleteService(
    inst: String,
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    id: String,
    #[prop(into)] name: Signal<String>,
    #[prop(into)] back: Signal<Option<Route>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let remove = use_write(client, move |c: Client, id: String| async move {
        c.service_delete(kind, &id).await
    });
    let pending = remove.pending();
    let inst_s = StoredValue::new(inst);
    effect(move || {
        if let Some(Ok(())) = remove.value().get() {
            open.set(false);
            navigate(
                &back
                    .get_untracked()
                    .unwrap_or_else(|| Route::projects(&inst_s.get_value())),
            );
        }
    });
    let id = StoredValue::new(id);
    let what = if kind == ServiceKind::Compose {
        "its containers (named volumes are kept)"
    } else if kind.is_database() {
        "its container and data volume"
    } else {
        "its containers, deployments and domains"
    };
    view! {
        <section class="card danger-zone" data-test="danger-zone">
            <h2 class="card__heading">"Delete this service"</h2>
            <p class="small muted">{format!("Removes the {} and {what} from Dokploy. It cannot be undone.", kind.label())}</p>
            <button class="btn btn--danger" data-test="delete-service" on:click=move |_| open.set(true)>{format!("Delete {}", kind.label())}</button>
        </section>
        {move || open.get().then(|| {
            let n = name.get_untracked();
            view! {
                <ConfirmDialog
                    title=format!("Delete {n}?")
                    message=format!("This deletes {n} and {what}. It cannot be undone.")
                    confirm_label=format!("Delete {}", kind.label())
                    type_to_confirm=n.clone()
                    pending=Signal::from(pending)
                    on_confirm=Callback::new(move |_| run_once(remove, id.get_value()))
                    on_cancel=Callback::new(move |_| open.set(false)) />
                <ErrorToast error=Signal::derive(move || failure(remove)) />
            }
        })}
    }
}

/// The page-level loading and error lines of a service page.
#[component]
pub(crate) fn LiveState(
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(into)] loading: Signal<bool>,
    #[prop(into)] what: String,
    on_retry: Callback<()>,
    /// Where "Back" goes when the service is gone.
    #[prop(into)]
    back: Signal<Option<Route>>,
    #[prop(into)] has_data: Signal<bool>,
    inst: String,
) -> impl IntoView {
    let inst_s = StoredValue::new(inst);
    view! {
        {move || error.get().map(|e| {
            let gone = matches!(e, ApiError::NotFound { .. }) && !has_data.get();
            view! {
                <ErrorView error=e on_retry=on_retry />
                {gone.then(|| view! {
                    <p><a class="btn" href=back.get().unwrap_or_else(|| Route::projects(&inst_s.get_value())).href()>"Back"</a></p>
                })}
            }
        })}
        {move || loading.get().then(|| view! { <LoadingCard what=what.clone() /> })}
    }
}

/// A service page while its service loads: the loading line in a card the size of the first
/// card that replaces it, grey lines where its rows will be, so nothing jumps when it arrives.
#[component]
fn LoadingCard(what: String) -> impl IntoView {
    view! {
        <section class="card service-loading" data-test="service-loading">
            <crate::components::Loading what=what />
            <div class="skeleton" aria-hidden="true" inert>
                {(0..4).map(|_| view! { <div class="row u-mt-8"><span class="small">"Setting of the service"</span><span class="small">"its value here"</span></div> }).collect_view()}
            </div>
        </section>
    }
}
