//! One project: its environments (a switcher; 2024 instances have one implicit environment),
//! every service of the chosen environment with status and quick actions, the variables the
//! project and the chosen environment share with their services, and the dialogs that create
//! services, create and rename environments, and delete one.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::pages::live::effect;

use super::bulk::ping_key;
use super::live::{
    bounded, failure, no_key, on_success, run_once, use_client, use_clock, use_kept, use_live,
    use_write, Job,
};
use super::project_dialogs::{DeleteProjectDialog, RenameProjectDialog};
use super::service::actions::{perform, StopDialog};
use crate::api::{ApiError, Client, EnvironmentUpdate, ProjectUpdate};
use crate::components::field::inline_select;
use crate::components::{ConfirmDialog, EnvEditor, ErrorToast, ErrorView, Loading, SaveEnv};
use crate::model::{Environment, Project, ServiceKind, ServiceSummary};
use crate::routes::{Route, ServiceQuery};
use crate::service_view::activity::{centralized, newest_each};
use crate::service_view::create::{
    has_database_name, has_root_password, has_user, new_environment, password_from,
    suggest_app_name, validate_environment, ServiceForm, Target,
};
use crate::service_view::{
    any_deploying, chosen_environment, kind_counts, listed, ops_for, rows_html, server_counts,
    sorted_services, Op,
};
use crate::state::dom::{focused_in, refocus};
use crate::state::era::use_version;
use crate::state::location::{navigate, replace_soon, use_route};
use crate::state::ping::use_ping;
use crate::state::session::use_session;

/// Base refresh while something deploys; otherwise every `IDLE_EVERY`-th tick.
const FAST: Duration = Duration::from_secs(2);
const IDLE_EVERY: u64 = 5;
/// The instance's deployments (for each row's last one): every 6 s while something deploys,
/// else every 30 s.
const LAST_EVERY: Duration = Duration::from_secs(6);

#[component]
pub fn ProjectPage(inst: String, id: String) -> impl IntoView {
    let session = use_session();
    let route = use_route();
    let client = use_client(&inst);
    let busy = RwSignal::new(false);
    let project_id = id.clone();
    let live = use_live(client, FAST, IDLE_EVERY, busy.into(), move |c: Client| {
        let id = project_id.clone();
        async move { c.project_one(&id).await }
    });
    effect(move || {
        let b = live
            .data
            .with(|p| p.as_ref().is_some_and(|p| any_deploying(&p.summaries())));
        if busy.get_untracked() != b {
            busy.set(b);
        }
    });
    // Each application's and compose service's last deployment, from one request for the
    // whole instance where it has one (`deployment.allCentralized`, v0.28.3+); older
    // instances show none rather than asking once per service.
    let version = use_version(client);
    let has_last =
        move || version.with(|v| v.as_ref().is_some_and(|v| v.has_centralized_deployments()));
    let last = use_live(
        client,
        LAST_EVERY,
        IDLE_EVERY,
        busy.into(),
        move |c: Client| {
            let wanted = has_last();
            async move {
                Ok(match wanted {
                    true => newest_each(centralized("", "", c.deployments_centralized().await?)),
                    false => Vec::new(),
                })
            }
        },
    );
    let now = use_clock(Duration::from_secs(60));
    let wanted_env = Memo::new(move |_| match route.get() {
        Route::Project { env, .. } => env,
        _ => None,
    });
    // The list's text, kind and order, kept in the URL.
    // (A closure, not a memo: one more type of memo costs the full build a KB.)
    let query = move || {
        route.with(|r| match r {
            Route::Project { list, .. } => list.clone(),
            _ => ServiceQuery::default(),
        })
    };
    let env_id = Memo::new(move |_| {
        live.data.with(|p| {
            p.as_ref()
                .and_then(|p| chosen_environment(p, wanted_env.get().as_deref()))
        })
    });
    let environment = Memo::new(move |_| {
        let id = env_id.get()?;
        live.data
            .with(|p| p.as_ref().and_then(|p| p.environment(&id)))
    });
    let inst_name = session
        .instance(&inst)
        .map(|i| i.name)
        .unwrap_or_else(|| inst.clone());
    let inst_s = StoredValue::new(inst.clone());
    let project_s = StoredValue::new(id.clone());
    let creating = RwSignal::new(None::<Option<ServiceKind>>);
    let creating_env = RwSignal::new(false);
    let env_panel = RwSignal::new(None::<EnvPanel>);
    let project_vars = RwSignal::new(false);
    let tagging = RwSignal::new(false);
    // Its tags as markup (`crate::tags::chips_html`), on instances that have them.
    let tag_chips = move || {
        live.data.with(|p| {
            p.as_ref().filter(|p| p.project_tags.is_some()).map(|p| {
                crate::tags::chips_html(&inst_s.get_value(), &p.tags().collect::<Vec<_>>())
            })
        })
    };
    let project_dialog = RwSignal::new(None::<ProjectDialog>);
    let created = RwSignal::new(None::<(String, Option<(ServiceKind, String)>)>);
    let every = Memo::new(move |_| {
        environment.with(|e| {
            e.as_ref()
                .map(|e| sorted_services(e.summaries()))
                .unwrap_or_default()
        })
    });
    let no_services = Memo::new(move |_| every.with(Vec::is_empty));
    // Each application's and compose service's domains, asked once per service while the page
    // is open (`domain.byApplicationId` / `byComposeId`, three at a time: project.one has
    // none): the first a link on its row, all of them found by the filter. A refusal leaves
    // the row without one.
    let domains = RwSignal::new(Vec::<(String, Vec<String>)>::new());
    let asked = StoredValue::new(Vec::<String>::new());
    effect(move || {
        let wanted: Vec<(ServiceKind, String)> = every.with(|l| {
            l.iter()
                .filter(|s| matches!(s.kind, ServiceKind::Application | ServiceKind::Compose))
                .filter(|s| asked.with_value(|a| !a.contains(&s.id)))
                .map(|s| (s.kind, s.id.clone()))
                .collect()
        });
        let Some(c) = client.get_untracked().filter(|_| !wanted.is_empty()) else {
            return;
        };
        asked.update_value(|a| a.extend(wanted.iter().map(|(_, id)| id.clone())));
        // The answers land together, in one redraw of the list: a row redrawn under the
        // pointer or the keyboard for every answer would lose what it was doing.
        let got = Rc::new(std::cell::RefCell::new(Vec::new()));
        let jobs = wanted
            .into_iter()
            .map(|(kind, id)| {
                let (c, got) = (c.clone(), got.clone());
                Box::pin(async move {
                    let answer = match kind {
                        ServiceKind::Application => c.domain_by_application(&id).await,
                        _ => c.domain_by_compose(&id).await,
                    };
                    if let Ok(list) = answer {
                        let urls: Vec<String> = list.iter().map(|d| d.url()).collect();
                        got.borrow_mut().push((id, urls));
                    }
                }) as Job
            })
            .collect();
        leptos::task::spawn_local(async move {
            bounded(jobs, 3).await;
            let got = std::mem::take(&mut *got.borrow_mut());
            domains.try_update(|d| {
                for (id, urls) in got {
                    match d.binary_search_by(|(s, _)| s.as_str().cmp(&id)) {
                        Ok(i) => d[i].1 = urls,
                        Err(i) => d.insert(i, (id, urls)),
                    }
                }
            });
        });
    });
    // The services listed: `every` narrowed and ordered by the query.
    let services = Memo::new(move |_| {
        every.with(|l| {
            last.data
                .with(|r| domains.with(|d| listed(l, &query(), r.as_deref().unwrap_or(&[]), d)))
        })
    });
    let narrowed = Memo::new(move |_| {
        let q = query();
        !q.q.is_empty() || !q.kind.is_empty() || !q.server.is_empty()
    });
    let set_query = move |f: &dyn Fn(&mut ServiceQuery)| {
        let mut list = untrack(query);
        f(&mut list);
        replace_soon(&Route::Project {
            inst: inst_s.get_value(),
            id: project_s.get_value(),
            env: wanted_env.get_untracked(),
            list,
        });
    };
    // The services chosen for a bulk action (ids), of the environment shown.
    let selected = RwSignal::new(Vec::<String>::new());
    effect(move || {
        env_id.track();
        selected.set(Vec::new());
    });
    let chosen = Signal::derive(move || {
        let place = live
            .data
            .with(|p| p.as_ref().map(|p| p.name.clone()))
            .unwrap_or_default();
        let place = match environment
            .with(|e| e.as_ref().filter(|e| !e.implicit).map(|e| e.name.clone()))
        {
            Some(env) => format!("{place} › {env}"),
            None => place,
        };
        selected.with(|sel| {
            every.with(|l| {
                l.iter()
                    .filter(|s| sel.contains(&s.id))
                    .map(|s| (s.clone(), place.clone()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let all_chosen = move || {
        services
            .with(|l| selected.with(|sel| !l.is_empty() && l.iter().all(|s| sel.contains(&s.id))))
    };
    // Row actions: the rows acting (id, action), the last failure (what, error), the
    // service whose Stop awaits its confirmation. A row acts once at a time: a double click
    // sends one request.
    let row_busy = RwSignal::new(Vec::<(String, Op)>::new());
    let row_error = RwSignal::new(None::<(String, ApiError)>);
    let stopping = RwSignal::new(None::<ServiceSummary>);
    let (ping, bulk) = (use_ping(), use_context::<super::bulk::Bulk>());
    let run_row = move |s: ServiceSummary, op: Op| {
        if row_busy.with_untracked(|b| b.iter().any(|(id, _)| *id == s.id)) {
            return;
        }
        let name = s.display_name().to_string();
        let failed = format!("{} of {name} failed.", op.label());
        let Some(c) = client.get_untracked() else {
            row_error.set(Some((failed, no_key())));
            return;
        };
        row_busy.update(|b| b.push((s.id.clone(), op)));
        row_error.set(None);
        leptos::task::spawn_local(async move {
            let app = s.app_name.clone().unwrap_or_default();
            let answer = perform(c.clone(), s.kind, s.id.clone(), app, op).await;
            row_busy.try_update(|b| b.retain(|(id, _)| *id != s.id));
            match answer {
                Ok(()) => {
                    stopping.try_set(None);
                    live.refresh();
                    // The tab's title and a notification follow the deploy to its end, on
                    // this page or any other (the bulk panel's follower).
                    if let (true, Some(ping), Some(bulk)) = (op.deploys(), ping, bulk) {
                        ping.running(&ping_key(&s.id), true);
                        bulk.watch(c, s.kind, s.id, name);
                    }
                }
                Err(e) => {
                    row_error.try_set(Some((failed, e)));
                }
            }
        });
    };
    // The list's markup, drawn again when a row or the choice changes; the focus stays on
    // the control it was on.
    let list_ref = NodeRef::<leptos::html::Section>::new();
    effect(move || {
        let now = now.get();
        let html = services.with(|l| {
            row_busy.with(|b| {
                last.data.with(|r| {
                    let r = r.as_deref().unwrap_or(&[]);
                    selected.with(|sel| {
                        domains.with(|d| {
                            inst_s.with_value(|inst| rows_html(l, inst, b, sel, (r, now), d))
                        })
                    })
                })
            })
        });
        if let Some(el) = list_ref.get() {
            let focus = focused_in(&el);
            el.set_inner_html(&html);
            if let Some(f) = focus {
                refocus(&el, &f);
            }
        }
    });
    // Kept once the rows are drawn with their last deployments and domains.
    let kept = use_kept(&inst, move || {
        last.data.track();
        domains.track();
        live.data.with(Option::is_some)
    });
    let env_name = Memo::new(move |_| environment.with(|e| e.as_ref().map(|e| e.name.clone())));
    let title = move || {
        live.data
            .with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default())
    };

    view! {
        <div class="page-head">
            <div class="page-head__title">
                <nav class="crumbs" aria-label="Breadcrumb">
                    <a href=Route::projects(&inst).href()>{inst_name}</a>
                    " › "
                    <a href=Route::projects(&inst).href()>"Projects"</a>
                </nav>
                // Its tags beside its name (no line of their own: the page does not move when they
                // arrive), on instances that have them (v0.29+ nests `projectTags`).
                <div class="title-row">
                    <h1 data-test="project-title">{move || { let t = title(); if t.is_empty() { "Project".to_string() } else { t } }}</h1>
                    <div class="tags" data-test="project-tags"
                        on:click=move |ev| if crate::state::dom::clicked(&ev).is_some_and(|(a, _)| a == "tags") { tagging.set(true) }
                        inner_html=tag_chips></div>
                </div>
                {move || live.data.with(|p| p.as_ref().and_then(|p| p.description.clone()).filter(|d| !d.is_empty()))
                    .map(|d| view! { <p class="muted page-head__desc">{d}</p> })}
            </div>
            <div class="page-head__actions">
                // Instances that keep project-wide variables send the project's `env`.
                {move || live.data.with(|p| p.as_ref().is_some_and(|p| p.env.is_some())).then(|| view! {
                    <button class="btn" data-test="project-variables" aria-expanded=move || project_vars.get().to_string()
                        on:click=move |_| project_vars.update(|v| *v = !*v)>"Project variables"</button>
                })}
                <button class="btn btn--ghost" data-test="rename-project" title="Rename this project" disabled=move || live.data.with(Option::is_none)
                    on:click=move |_| project_dialog.set(Some(ProjectDialog::Rename))>"Rename"</button>
                <button class="btn btn--ghost btn--danger" data-test="delete-project" title="Delete this project and everything in it" disabled=move || live.data.with(Option::is_none)
                    on:click=move |_| project_dialog.set(Some(ProjectDialog::Delete))>"Delete"</button>
                {move || live.data.with(|p| p.as_ref().is_some_and(|p| !p.is_legacy())).then(|| view! {
                    <button class="btn" data-test="new-environment" on:click=move |_| creating_env.set(true)>"New environment"</button>
                })}
                <button class="btn btn--primary" data-test="new-service" disabled=move || environment.with(Option::is_none)
                    on:click=move |_| creating.set(Some(None))>"New service"</button>
            </div>
        </div>
        {move || live.error.get().map(|e| {
            let missing = matches!(e, ApiError::NotFound { .. }) && live.data.with(Option::is_none);
            view! {
                <ErrorView error=e on_retry=Callback::new(move |_| live.refresh()) />
                {missing.then(|| view! { <p><a class="btn" href=Route::projects(&inst_s.get_value()).href()>"Back to projects"</a></p> })}
            }
        })}
        // Before the first answer: what the page showed last time (src/kept.rs), else grey bars.
        {move || live.data.with(Option::is_none).then(|| kept.before(live.error.with(Option::is_none),
            || view! { <Loading what="Loading the project" /> <ListSkeleton /> }.into_any()))}
        {move || project_vars.get().then(|| view! {
            <SharedVariables client=client scope=Shared::Project(project_s.get_value())
                value=Signal::derive(move || live.data.with(|p| p.as_ref().map(|p| p.env.clone().unwrap_or_default())))
                on_saved=Callback::new(move |_| live.refresh()) />
        })}
        <div class="env-bar keep">
        {move || live.data.with(|p| p.as_ref().filter(|p| !p.is_legacy()).map(|p| p.all_environments())).map(|envs| view! {
            <EnvSwitcher inst=inst_s.get_value() project=id.clone() envs=envs current=env_id />
        })}
        // The chosen environment's own actions (an implicit 2024 environment has none).
        {move || environment.with(|e| e.as_ref().filter(|e| !e.implicit).map(|e| (e.is_default, e.description.clone().unwrap_or_default(), e.name.clone())))
            .map(|(is_default, description, name)| view! {
                <div class="row env-actions" data-test="env-actions">
                    <span class="small muted">{description}</span>
                    <span class="row">
                        <button class="btn btn--small" data-test="env-variables"
                            aria-expanded=move || (env_panel.get() == Some(EnvPanel::Variables)).to_string()
                            on:click=move |_| env_panel.update(|p| *p = if *p == Some(EnvPanel::Variables) { None } else { Some(EnvPanel::Variables) })>
                            "Environment variables"
                        </button>
                        <button class="btn btn--small" data-test="env-duplicate" title=format!("Copy the environment {name} into a new project or environment")
                            on:click=move |_| env_panel.set(Some(EnvPanel::Duplicate))>"Duplicate"</button>
                        {(!is_default).then(|| view! {
                            <button class="btn btn--small" data-test="env-rename" title=format!("Rename the environment {name}") on:click=move |_| env_panel.set(Some(EnvPanel::Rename))>"Rename"</button>
                            <button class="btn btn--small btn--danger" data-test="env-delete" title=format!("Delete the environment {name} and its services") on:click=move |_| env_panel.set(Some(EnvPanel::Delete))>"Delete"</button>
                        })}
                    </span>
                </div>
            })}
        </div>
        // Built per environment id and untracked otherwise: a refresh keeps what is being typed.
        {move || env_id.get().and_then(|eid| {
            let panel = env_panel.get()?;
            let env = environment.get_untracked().filter(|e| !e.implicit)?;
            let project = live.data.get_untracked()?;
            let close = Callback::new(move |_| env_panel.set(None));
            Some(match panel {
                EnvPanel::Variables => view! {
                    <SharedVariables client=client scope=Shared::Environment(eid)
                        value=Signal::derive(move || environment.with(|e| e.as_ref().map(|e| e.env.clone().unwrap_or_default())))
                        on_saved=Callback::new(move |_| live.refresh()) />
                }.into_any(),
                EnvPanel::Rename => view! {
                    <EnvironmentDialog client=client project=project editing=env on_close=close
                        on_done=Callback::new(move |_| { env_panel.set(None); live.refresh(); }) />
                }.into_any(),
                EnvPanel::Duplicate => view! {
                    <super::duplicate::DuplicateDialog inst=inst_s.get_value() client=client project=project env=env on_close=close />
                }.into_any(),
                EnvPanel::Delete => view! {
                    <DeleteEnvironmentDialog client=client env=env on_close=close
                        on_done=Callback::new(move |_| {
                            env_panel.set(None);
                            live.refresh();
                            navigate(&Route::Project { inst: inst_s.get_value(), id: project.project_id.clone(), env: None, list: Default::default() });
                        }) />
                }.into_any(),
            })
        })}
        {move || created.get().map(|(name, target)| view! {
            <div class="alert alert--ok" role="status" data-test="created-note">
                <div class="row row--between">
                    <span>{format!("{name} was created.")}</span>
                    <span class="row">
                        {target.map(|(kind, sid)| view! {
                            <a class="btn btn--small" href=Route::service(&inst_s.get_value(), kind.router(), &sid, "").href()>{format!("Open {name}")}</a>
                        })}
                        <button class="btn btn--small btn--ghost" on:click=move |_| created.set(None)>"Dismiss"</button>
                    </span>
                </div>
            </div>
        })}
        {move || env_name.get().map(|env_name| {
            if no_services.get() {
                return view! {
                    <div class="card empty" data-test="no-services">
                        <p>{format!("No services in {env_name} yet.")}</p>
                        <button class="btn btn--primary" on:click=move |_| creating.set(Some(None))>"Create the first service"</button>
                    </div>
                }.into_any();
            }
            let all_label = format!("All in {env_name}");
            view! {
                <div class="row filters service-filters keep" role="search" aria-label="Services">
                    <input class="input" type="search" spellcheck="false" autocomplete="off" data-test="service-filter"
                        placeholder="Name, app name, domain…" aria-label=format!("Filter the services of {env_name}")
                        prop:value=move || query().q
                        on:input=move |ev| { let v = event_target_value(&ev); set_query(&move |q| q.q = v.clone()); } />
                    {move || {
                        let counts = every.with(|l| kind_counts(l));
                        let total: usize = counts.iter().map(|(_, n)| n).sum();
                        let mut options = vec![(String::new(), format!("Any type ({total})"))];
                        options.extend(counts.into_iter().map(|(k, n)| (k.router().to_string(), format!("{} ({n})", k.label()))));
                        inline_select("service-kind", "Type", options, Signal::derive(move || query().kind),
                            Callback::new(move |v: String| set_query(&move |q| q.kind = v.clone())))
                    }}
                    // Where services run on remote servers: which server.
                    {move || {
                        let counts = every.with(|l| server_counts(l));
                        (!counts.is_empty()).then(|| {
                            let total: usize = counts.iter().map(|(_, n)| n).sum();
                            let mut options = vec![(String::new(), format!("Any server ({total})"))];
                            options.extend(counts.into_iter().map(|(place, n)| {
                                let label = if place == ServiceQuery::HOME { "Dokploy's own" } else { place.as_str() };
                                let label = format!("{label} ({n})");
                                (place, label)
                            }));
                            inline_select("service-server", "Server", options, Signal::derive(move || query().server),
                                Callback::new(move |v: String| set_query(&move |q| q.server = v.clone())))
                        })
                    }}
                    {move || {
                        let mut options = vec![
                            (String::new(), "Type, then name".into()),
                            ("name".into(), "Name".into()),
                            ("status".into(), "Status: failed first".into()),
                            ("newest".into(), "Newest first".into()),
                        ];
                        if has_last() {
                            options.push(("deployed".into(), "Recently deployed".into()));
                        }
                        inline_select("service-sort", "Sort", options, Signal::derive(move || query().sort),
                            Callback::new(move |v: String| set_query(&move |q| q.sort = v.clone())))
                    }}
                </div>
                <div class="row bulk-choose keep" hidden=move || services.with(Vec::is_empty)>
                    <label class="check">
                        <input type="checkbox" data-test="choose-all" prop:checked=all_chosen
                            on:change=move |_| {
                                let all = !all_chosen();
                                selected.set(if all { services.with(|l| l.iter().map(|s| s.id.clone()).collect()) } else { Vec::new() });
                            } />
                        {move || if narrowed.get() { format!("All {} shown", services.with(Vec::len)) } else { all_label.clone() }}
                    </label>
                    <super::bulk::BulkBar inst=inst_s.get_value() chosen=chosen on_clear=Callback::new(move |_| selected.set(Vec::new())) />
                </div>
                {move || services.with(Vec::is_empty).then(|| view! {
                    <div class="card empty" data-test="no-match">
                        <p>"No service here matches the filter."</p>
                        <button data-free class="btn" data-test="clear-filter"
                            on:click=move |_| set_query(&|q| { q.q.clear(); q.kind.clear(); q.server.clear(); })>"Show every service"</button>
                    </div>
                })}
                {move || row_error.get().filter(|_| stopping.with(Option::is_none)).map(|(failed, e)| view! {
                    <div class="service-actions__error" data-test="action-error">
                        <p class="small"><strong>{failed}</strong></p>
                        <ErrorView error=e />
                        <button class="btn btn--small btn--ghost" on:click=move |_| row_error.set(None)>"Dismiss"</button>
                    </div>
                })}
                // The rows are markup (service_view::rows_html), with these two listeners for
                // all of them: a keystroke in the filter rewrites text, not 500 components.
                <section class="card service-list keep" data-test="service-list" node_ref=list_ref aria-label=format!("Services in {env_name}") hidden=move || services.with(Vec::is_empty)
                    on:click=move |ev| {
                        let Some((id, test)) = row_target(&ev, "button[data-test]") else { return };
                        let Some(s) = services.with_untracked(|l| l.iter().find(|s| s.id == id).cloned()) else { return };
                        // Only an action the row's status allows, as its buttons were drawn.
                        let op = ops_for(s.kind, s.status.as_ref(), true).into_iter().find(|op| op.test() == test);
                        match op {
                            Some(Op::Stop) => stopping.set(Some(s)),
                            Some(op) => run_row(s, op),
                            None => {}
                        }
                    }
                    on:change=move |ev| {
                        if let Some((id, _)) = row_target(&ev, "input[data-test]") {
                            let on = event_target_checked(&ev);
                            selected.update(|s| if on { if !s.contains(&id) { s.push(id) } } else { s.retain(|x| *x != id) });
                        }
                    }>
                </section>
                {move || stopping.get().map(|s| {
                    let sid = s.id.clone();
                    view! {
                        <StopDialog name=s.display_name().to_string()
                            pending=Signal::derive(move || row_busy.with(|b| b.iter().any(|(id, _)| *id == sid)))
                            error=Signal::derive(move || row_error.with(|e| e.as_ref().map(|(_, e)| e.clone())))
                            on_confirm=Callback::new(move |_| run_row(s.clone(), Op::Stop))
                            on_cancel=Callback::new(move |_| { stopping.set(None); row_error.set(None); }) />
                    }
                })}
            }.into_any()
        })}
        {move || creating.get().and_then(|kind| {
            // Untracked: a refresh must not rebuild the dialog (and lose what was typed).
            let project = live.data.get_untracked()?;
            let env = environment.get_untracked()?;
            Some(view! {
                <NewServiceDialog client=client project=project env=env kind=kind
                    on_close=Callback::new(move |_| creating.set(None))
                    on_created=Callback::new(move |note: (String, Option<(ServiceKind, String)>)| {
                        creating.set(None);
                        created.set(Some(note));
                        live.refresh();
                    }) />
            })
        })}
        // The project itself, renamed or deleted as from the overview.
        {move || tagging.get().then(|| {
            let current = live.data.with_untracked(|p| p.iter().flat_map(|p| p.tags()).map(|t| t.tag_id.clone()).collect());
            crate::pages::tags::tags_dialog(&inst_s.get_value(), client, project_s.get_value(), current,
                Callback::new(move |_| tagging.set(false)),
                Callback::new(move |_| { tagging.set(false); live.refresh(); }))
        })}
        {move || project_dialog.get().and_then(|dialog| {
            let p = live.data.get_untracked()?;
            let close = Callback::new(move |_| project_dialog.set(None));
            Some(match dialog {
                ProjectDialog::Rename => view! {
                    <RenameProjectDialog inst=inst_s.get_value()
                        project=(p.project_id.clone(), p.name.clone(), p.description.clone().unwrap_or_default())
                        on_close=close on_done=Callback::new(move |_| { project_dialog.set(None); live.refresh(); }) />
                }.into_any(),
                ProjectDialog::Delete => view! {
                    <DeleteProjectDialog inst=inst_s.get_value() id=p.project_id.clone() name=p.name.clone()
                        on_close=close on_done=Callback::new(move |_| navigate(&Route::projects(&inst_s.get_value()))) />
                }.into_any(),
            })
        })}
        {move || creating_env.get().then(|| live.data.get_untracked()).flatten().map(|project| view! {
            <EnvironmentDialog client=client project=project
                on_close=Callback::new(move |_| creating_env.set(false))
                on_done=Callback::new(move |created: Option<String>| {
                    creating_env.set(false);
                    live.refresh();
                    navigate(&Route::Project { inst: inst_s.get_value(), id: project_s.get_value(), env: created, list: Default::default() });
                }) />
        })}
    }
}

/// A dialog about the project itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ProjectDialog {
    Rename,
    Delete,
}

/// What is open for the chosen environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EnvPanel {
    Variables,
    Rename,
    Delete,
    Duplicate,
}

/// Where shared variables live: the project's (`project.env`, referred to as
/// `${{project.NAME}}`) or the chosen environment's (`environment.env`, `${{environment.NAME}}`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Shared {
    Project(String),
    Environment(String),
}

/// Shared variables: edited like a service's, saved with `project.update` or
/// `environment.update`; services use them only where they refer to them.
#[component]
fn SharedVariables(
    client: Memo<Option<Client>>,
    scope: Shared,
    #[prop(into)] value: Signal<Option<String>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let (title, test, hint) = match scope {
        Shared::Project(_) => (
            "Project variables",
            "project-shared",
            "Shared by every environment of this project: a service uses one as KEY=${{project.KEY}} in its own variables. Redeploy the services to apply.",
        ),
        Shared::Environment(_) => (
            "Environment variables",
            "env-shared",
            "Shared by the services of this environment: a service uses one as KEY=${{environment.KEY}} in its own variables. Redeploy the services to apply.",
        ),
    };
    let save: SaveEnv = Rc::new(move |text: String| {
        let c = client.get_untracked();
        let scope = scope.clone();
        Box::pin(async move {
            let Some(c) = c else {
                return Err(no_key());
            };
            match scope {
                Shared::Project(project_id) => {
                    c.project_update(&ProjectUpdate {
                        project_id,
                        env: Some(text),
                        ..Default::default()
                    })
                    .await
                }
                Shared::Environment(environment_id) => {
                    c.environment_update(&EnvironmentUpdate {
                        environment_id,
                        env: Some(text),
                        ..Default::default()
                    })
                    .await
                }
            }
        })
    });
    view! {
        <div class="shared-variables" data-test=format!("{test}-panel")>
            <EnvEditor title=title test=test hint=hint value=value save=save on_saved=on_saved />
        </div>
    }
}

/// Deleting an environment deletes its services too: its name must be typed.
#[component]
fn DeleteEnvironmentDialog(
    client: Memo<Option<Client>>,
    env: Environment,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let remove = use_write(client, move |c: Client, id: String| async move {
        c.environment_remove(&id).await
    });
    on_success(remove, on_done);
    let pending = remove.pending();
    let message = match env.service_count() {
        0 => format!(
            "This deletes the environment {} in Dokploy (it has no services). It cannot be undone.",
            env.name
        ),
        1 => format!(
            "This deletes the environment {} and its service in Dokploy. It cannot be undone.",
            env.name
        ),
        n => format!(
            "This deletes the environment {} and its {n} services in Dokploy. It cannot be undone.",
            env.name
        ),
    };
    let id = env.environment_id.clone();
    view! {
        <ConfirmDialog
            title=format!("Delete environment {}?", env.name)
            message=message
            confirm_label="Delete environment"
            type_to_confirm=env.name.clone()
            pending=Signal::from(pending)
            on_confirm=Callback::new(move |_| run_once(remove, id.clone()))
            on_cancel=on_close />
        <ErrorToast error=Signal::derive(move || failure(remove)) />
    }
}

/// The environments of a project as tabs; the chosen one is in the URL (`?env=`).
#[component]
fn EnvSwitcher(
    inst: String,
    project: String,
    envs: Vec<Environment>,
    current: Memo<Option<String>>,
) -> impl IntoView {
    view! {
        <nav class="env-switch" aria-label="Environments" data-test="env-switcher">
            {envs.into_iter().map(|e| {
                let href = Route::Project { inst: inst.clone(), id: project.clone(), env: Some(e.environment_id.clone()), list: Default::default() }.href();
                let eid = e.environment_id.clone();
                let count = e.service_count();
                view! {
                    <a href=href data-test="env-tab" aria-current=move || (current.get().as_deref() == Some(eid.as_str())).then_some("page")>
                        {e.name.clone()}
                        <span class="env-switch__count">{count}</span>
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

/// The kinds offered in the create dialog, with a line each.
const KINDS: [(ServiceKind, &str); 8] = [
    (
        ServiceKind::Application,
        "Build from Git or run a Docker image",
    ),
    (
        ServiceKind::Compose,
        "Several containers from a docker-compose file",
    ),
    (ServiceKind::Postgres, "PostgreSQL database"),
    (ServiceKind::Mysql, "MySQL database"),
    (ServiceKind::Mariadb, "MariaDB database"),
    (ServiceKind::Mongo, "MongoDB database"),
    (ServiceKind::Redis, "Redis key-value store"),
    (ServiceKind::Libsql, "libSQL (SQLite over HTTP)"),
];

/// A fresh random password (letters and digits) from the browser's generator.
fn random_password() -> String {
    let mut bytes = [0u8; 64];
    let ok = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
        .unwrap_or(false);
    if !ok {
        return String::new();
    }
    password_from(&bytes, 24)
}

/// What a create request answers: the new service's id when the server returns it.
async fn create(c: Client, form: ServiceForm, target: Target) -> Result<Option<String>, ApiError> {
    match form.kind {
        ServiceKind::Application => c
            .application_create(&form.application(&target))
            .await
            .map(|a| Some(a.application_id)),
        ServiceKind::Compose => c
            .compose_create(&form.compose(&target))
            .await
            .map(|x| Some(x.compose_id)),
        _ => c
            .database_create(&form.database(&target))
            .await
            .map(|r| r.row().and_then(|d| d.id().map(str::to_string))),
    }
}

/// Creates a service of any kind. Checks the fields like Dokploy before sending; the server's
/// field errors land on their fields; nothing typed is lost when it fails.
#[component]
fn NewServiceDialog(
    client: Memo<Option<Client>>,
    project: Project,
    env: Environment,
    /// Preselected kind (else the dialog starts with the kind picker).
    kind: Option<ServiceKind>,
    on_close: Callback<()>,
    on_created: Callback<(String, Option<(ServiceKind, String)>)>,
) -> impl IntoView {
    let target = if env.implicit {
        Target::Project(project.project_id.clone())
    } else {
        Target::Environment(env.environment_id.clone())
    };
    let project_name = project.name.clone();
    let kind = RwSignal::new(kind);
    let form = RwSignal::new(ServiceForm::new(
        kind.get_untracked().unwrap_or(ServiceKind::Application),
    ));
    let app_touched = RwSignal::new(false);
    let local = RwSignal::new(BTreeMap::<&'static str, String>::new());
    let save = use_write(client, move |c: Client, (f, t): (ServiceForm, Target)| {
        create(c, f, t)
    });
    let pending = save.pending();
    effect(move || {
        if let Some(Ok(id)) = save.value().get() {
            let f = form.get_untracked();
            on_created.run((f.name.trim().to_string(), id.map(|id| (f.kind, id))));
        }
    });
    let pick = move |k: ServiceKind| {
        kind.set(Some(k));
        form.update(|f| {
            let mut fresh = ServiceForm::new(k);
            // Keep what was typed when switching kinds.
            fresh.name = f.name.clone();
            fresh.app_name = f.app_name.clone();
            fresh.description = f.description.clone();
            fresh.database_name = f.database_name.clone();
            fresh.database_user = f.database_user.clone();
            fresh.database_password = f.database_password.clone();
            fresh.root_password = f.root_password.clone();
            if k.is_database() && fresh.database_password.is_empty() {
                fresh.database_password = random_password();
            }
            // 2024 Dokploy requires a root password for MySQL and MariaDB: propose one.
            if has_root_password(k) && fresh.root_password.is_empty() {
                fresh.root_password = random_password();
            }
            *f = fresh;
        });
        local.set(BTreeMap::new());
    };
    // Focus the name as soon as a kind is chosen.
    let name_input = NodeRef::<leptos::html::Input>::new();
    effect(move || {
        if let Some(el) = name_input.get() {
            let _ = el.focus();
        }
    });
    let target_s = StoredValue::new(target);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let problems = f.validate();
        let ok = problems.is_empty();
        local.set(problems);
        if ok {
            run_once(save, (f, target_s.get_value()));
        }
    };
    let error_for = move |field: &'static str| {
        local
            .with(|l| l.get(field).cloned())
            .or_else(|| failure(save).and_then(|e| e.field_error(field)))
    };
    let shown_fields = move || -> Vec<&'static str> {
        let k = form.with(|f| f.kind);
        let mut v = vec!["name", "appName", "description"];
        if has_database_name(k) {
            v.push("databaseName");
        }
        if has_user(k) {
            v.push("databaseUser");
        }
        if k.is_database() {
            v.push("databasePassword");
            v.push("dockerImage");
        }
        if has_root_password(k) {
            v.push("databaseRootPassword");
        }
        if k == ServiceKind::Compose {
            v.push("composeType");
        }
        v
    };
    let other_error = move || {
        failure(save).filter(|e| !shown_fields().iter().any(|f| e.field_error(f).is_some()))
    };
    let env_label = if env.implicit {
        project.name.clone()
    } else {
        format!("{} › {}", project.name, env.name)
    };

    let text_field = move |field: &'static str,
                           label: &'static str,
                           hint: Option<&'static str>,
                           get: fn(&ServiceForm) -> String,
                           set: fn(&mut ServiceForm, String)| {
        let id = format!("new-{field}");
        let err_id = format!("new-{field}-error");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id class="input" data-test=format!("field-{field}") autocomplete="off" spellcheck="false"
                    aria-invalid=move || error_for(field).is_some().to_string() aria-describedby=err_id.clone()
                    prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); } />
                {hint.map(|h| view! { <span class="field__hint">{h}</span> })}
                {move || error_for(field).map(|e| view! { <span class="field__error" id=err_id.clone() data-test=format!("error-{field}")>{e}</span> })}
            </div>
        }
    };

    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog dialog--wide" role="dialog" aria-modal="true" aria-labelledby="new-service-title" novalidate=true
                on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }
                on:click=|ev| ev.stop_propagation() on:submit=submit data-test="new-service-dialog">
                <h2 id="new-service-title">{move || match kind.get() { Some(k) => format!("New {}", k.label()), None => "New service".to_string() }}</h2>
                <p class="small muted">{format!("In {env_label}")}</p>
                {move || match kind.get() {
                    None => view! {
                        <div class="kind-picker" data-test="kind-picker">
                            {KINDS.into_iter().map(|(k, line)| view! {
                                <button type="button" class="kind-picker__item" data-test=format!("kind-{}", k.router()) on:click=move |_| pick(k)>
                                    <strong>{k.label()}</strong>
                                    <span class="small muted">{line}</span>
                                </button>
                            }).collect_view()}
                        </div>
                    }.into_any(),
                    Some(k) => {
                        let project_name = project_name.clone();
                        view! {
                            <button type="button" class="btn btn--small btn--ghost" on:click=move |_| kind.set(None)>"‹ Other kind"</button>
                            <div class="field">
                                <label for="new-name">"Name"</label>
                                <input id="new-name" class="input" data-test="field-name" autocomplete="off" node_ref=name_input
                                    aria-invalid=move || error_for("name").is_some().to_string()
                                    prop:value=move || form.with(|f| f.name.clone())
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        let suggested = suggest_app_name(&project_name, &v);
                                        form.update(|f| {
                                            f.name = v;
                                            if !app_touched.get_untracked() { f.app_name = suggested; }
                                        });
                                    } />
                                {move || error_for("name").map(|e| view! { <span class="field__error" data-test="error-name">{e}</span> })}
                            </div>
                            <div class="field">
                                <label for="new-appName">"App name"</label>
                                <input id="new-appName" class="input mono" data-test="field-appName" autocomplete="off" spellcheck="false" maxlength="80"
                                    aria-invalid=move || error_for("appName").is_some().to_string()
                                    prop:value=move || form.with(|f| f.app_name.clone())
                                    on:input=move |ev| { app_touched.set(true); let v = event_target_value(&ev); form.update(|f| f.app_name = v); } />
                                <span class="field__hint">"The Docker service name (letters, digits, . _ -); Dokploy adds a short suffix."</span>
                                {move || error_for("appName").map(|e| view! { <span class="field__error" data-test="error-appName">{e}</span> })}
                            </div>
                            {text_field("description", "Description (optional)", None, |f| f.description.clone(), |f, v| f.description = v)}
                            {(k == ServiceKind::Compose).then(|| view! {
                                <div class="field">
                                    <label for="new-composeType">"Compose type"</label>
                                    <select id="new-composeType" class="input" on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.compose_type = v); }>
                                        <option value="docker-compose" selected=move || form.with(|f| f.compose_type == "docker-compose")>"Docker Compose"</option>
                                        <option value="stack" selected=move || form.with(|f| f.compose_type == "stack")>"Docker Stack (Swarm)"</option>
                                    </select>
                                </div>
                            })}
                            {has_database_name(k).then(|| text_field("databaseName", "Database name", None, |f| f.database_name.clone(), |f, v| f.database_name = v))}
                            {has_user(k).then(|| text_field("databaseUser", "Database user", None, |f| f.database_user.clone(), |f, v| f.database_user = v))}
                            {k.is_database().then(|| view! {
                                <div class="field">
                                    <label for="new-databasePassword">"Password"</label>
                                    <div class="input-row">
                                        <input id="new-databasePassword" class="input mono" type="text" data-test="field-databasePassword" autocomplete="off" spellcheck="false"
                                            aria-invalid=move || error_for("databasePassword").is_some().to_string()
                                            prop:value=move || form.with(|f| f.database_password.clone())
                                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.database_password = v); } />
                                        <button type="button" class="btn" on:click=move |_| { let p = random_password(); form.update(|f| f.database_password = p); }>"Generate"</button>
                                    </div>
                                    <span class="field__hint">"Generated for you. Avoid $ ! ' \" \\ / and spaces. The service page shows it later."</span>
                                    {move || error_for("databasePassword").map(|e| view! { <span class="field__error" data-test="error-databasePassword">{e}</span> })}
                                </div>
                            })}
                            {has_root_password(k).then(|| text_field("databaseRootPassword", "Root password", Some("Generated for you; same characters as the password."), |f| f.root_password.clone(), |f, v| f.root_password = v))}
                            {k.is_database().then(|| text_field("dockerImage", "Docker image", None, |f| f.docker_image.clone(), |f, v| f.docker_image = v))}
                        }.into_any()
                    }
                }}
                {move || other_error().map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    {move || kind.get().map(|k| view! {
                        <button type="submit" class="btn btn--primary" data-test="create-service"
                            disabled=move || pending.get() aria-busy=move || pending.get().to_string()>{format!("Create {}", k.label())}</button>
                    })}
                </div>
            </form>
        </div>
    }
}

/// Names an environment of a project (v0.25+): a new one (`environment.create`), or an existing
/// one renamed, its description edited (`environment.update`). `on_done` gets the new
/// environment's id.
#[component]
fn EnvironmentDialog(
    client: Memo<Option<Client>>,
    project: Project,
    /// The environment to rename; `None` for a new one.
    #[prop(optional)]
    editing: Option<Environment>,
    on_close: Callback<()>,
    on_done: Callback<Option<String>>,
) -> impl IntoView {
    let id = editing.as_ref().map(|e| e.environment_id.clone());
    let name = RwSignal::new(editing.as_ref().map(|e| e.name.clone()).unwrap_or_default());
    let description = RwSignal::new(
        editing
            .as_ref()
            .and_then(|e| e.description.clone())
            .unwrap_or_default(),
    );
    let local = RwSignal::new(None::<String>);
    let taken: Vec<String> = project
        .all_environments()
        .into_iter()
        .filter(|e| Some(&e.environment_id) != id.as_ref())
        .map(|e| e.name)
        .collect();
    let save = use_write(client, move |c: Client, write: EnvWrite| async move {
        match write {
            EnvWrite::Create(body) => c
                .environment_create(&body)
                .await
                .map(|env| Some(env.environment_id)),
            EnvWrite::Update(update) => c.environment_update(&update).await.map(|()| None),
        }
    });
    let pending = save.pending();
    effect(move || {
        if let Some(Ok(created)) = save.value().get() {
            on_done.run(created);
        }
    });
    let env_input = NodeRef::<leptos::html::Input>::new();
    effect(move || {
        if let Some(el) = env_input.get() {
            let _ = el.focus();
        }
    });
    let pid = StoredValue::new(project.project_id.clone());
    let id = StoredValue::new(id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked();
        let problem = validate_environment(&n, &taken);
        let ok = problem.is_none();
        local.set(problem);
        if ok {
            let d = description.get_untracked();
            let write = match id.get_value() {
                None => EnvWrite::Create(new_environment(&pid.get_value(), &n, &d)),
                Some(environment_id) => EnvWrite::Update(EnvironmentUpdate {
                    environment_id,
                    name: Some(n.trim().to_string()),
                    description: Some(d.trim().to_string()),
                    env: None,
                }),
            };
            run_once(save, write);
        }
    };
    let err = move || {
        local
            .get()
            .or_else(|| failure(save).and_then(|e| e.field_error("name")))
    };
    let (test, title, field, submit_test, submit_label) = match &editing {
        None => (
            "new-environment-dialog",
            "New environment".to_string(),
            "field-env-name",
            "create-environment",
            "Create environment",
        ),
        Some(e) => (
            "rename-environment-dialog",
            format!("Rename environment {}", e.name),
            "field-env-rename",
            "save-environment",
            "Save",
        ),
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog" role="dialog" aria-modal="true" novalidate=true on:click=|ev| ev.stop_propagation() on:submit=submit data-test=test
                on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
                <h2>{title}</h2>
                <p class="small muted">{format!("In {}", project.name)}</p>
                <div class="field">
                    <label for="env-name">"Name"</label>
                    <input id="env-name" class="input" data-test=field placeholder="staging" node_ref=env_input aria-invalid=move || err().is_some().to_string()
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    {move || err().map(|e| view! { <span class="field__error">{e}</span> })}
                </div>
                <div class="field">
                    <label for="env-description">"Description (optional)"</label>
                    <input id="env-description" class="input" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev)) />
                </div>
                {move || failure(save).filter(|e| e.field_error("name").is_none()).map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" data-test=submit_test disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()>{submit_label}</button>
                </div>
            </form>
        </div>
    }
}

/// What [`EnvironmentDialog`] sends.
#[derive(Clone, Debug)]
enum EnvWrite {
    Create(crate::api::NewEnvironment),
    Update(EnvironmentUpdate),
}

/// The row (`data-id`) and the `data-test` of the control matching `css` an event came from.
fn row_target(ev: &web_sys::Event, css: &str) -> Option<(String, String)> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let control = target.closest(css).ok()??;
    let row = control.closest("[data-id]").ok()??;
    Some((
        row.get_attribute("data-id")?,
        control.get_attribute("data-test")?,
    ))
}

/// The project page as it will be drawn, in grey bars, while the project loads (the filters and
/// the first rows): the page does not jump when the data arrives.
#[component]
fn ListSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-hidden="true" inert data-test="project-skeleton">
            <div class="env-bar"><span class="badge">"production 0"</span></div>
            <div class="row filters service-filters">
                <input class="input" type="search" tabindex="-1" />
                <span class="btn">"Any type"</span>
                <span class="btn">"Type, then name"</span>
            </div>
            <div class="row bulk-choose"><span class="small">"All in production"</span></div>
            <section class="card service-list">
                {(0..4).map(|_| view! {
                    <div class="service-row">
                        <div class="service-row__name">
                            <span class="card__title">"A service name"</span>
                            <div class="service-row__meta"><span class="badge">"Application"</span><span class="badge">"Running"</span></div>
                        </div>
                        <div class="service-row__actions"><span class="btn btn--small">"Deploy"</span><span class="btn btn--small">"Stop"</span></div>
                    </div>
                }).collect_view()}
            </section>
        </div>
    }
}
