//! The activity center: every deployment of an instance (`#/i/{inst}/activity`) or of every
//! saved instance (`#/activity`), the running ones on top with their elapsed time, then newest
//! first; filters by status, kind, project and text kept in the URL; deployments per day over
//! 30 days and the slowest services; any deployment's log one click away (its service's
//! Deployments tab). From v0.28.3 one `deployment.allCentralized` per instance; before, composed
//! from each service's deployments, four requests in flight at most; `deployment.queueList`
//! adds the deploys waiting in Dokploy's queue (self-hosted Dokploy cannot cancel them: only its
//! cloud version does, so Skiff does not offer it). Refreshed every 5 s while
//! something runs, else every 10 s, and not at all while the tab is hidden.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::api::{ApiError, Client};
use crate::components::ErrorView;
use crate::model::{DokployVersion, ServiceKind};
use crate::pages::live::{effect, join, use_clock, use_live};
use crate::routes::Route;
use crate::service_view::activity::{
    centralized, order, plots_html, rows_html, waiting, Filter, Run,
};
use crate::state::era::use_version;
use crate::state::location::{replace, replace_soon, use_route};
use crate::state::session::use_session;

/// Requests in flight at once while composing an older instance's deployments.
const IN_FLIGHT: usize = 4;
/// Rows drawn at first, and added by "Show more".
const PAGE: usize = 100;

/// What the center shows under its filters.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    Loading,
    None,
    NoMatch,
    Rows,
}

/// The filtered deployments as the page draws them.
#[derive(Clone, PartialEq)]
struct Page {
    total: usize,
    running: usize,
    rows: Vec<Run>,
    plots: String,
    /// How many "Show more" adds.
    more: Option<usize>,
}

/// Every application's and compose service's deployments, from the services' own lists (before
/// `deployment.allCentralized`).
async fn composed(c: Client, inst: String, name: String) -> Result<Vec<Run>, ApiError> {
    let projects = c.project_all().await?;
    let mut jobs = Vec::new();
    for p in &projects {
        for env in p.all_environments() {
            for s in env.summaries() {
                if matches!(s.kind, ServiceKind::Application | ServiceKind::Compose) {
                    let service = s.display_name().to_string();
                    jobs.push((s.kind, s.id, service, p.name.clone(), env.name.clone()));
                }
            }
        }
    }
    let jobs = Rc::new(RefCell::new(jobs));
    let out = Rc::new(RefCell::new(Vec::new()));
    let lanes: Vec<Pin<Box<dyn Future<Output = ()>>>> = (0..IN_FLIGHT)
        .map(|_| {
            let (jobs, out, c, inst, name) = (
                jobs.clone(),
                out.clone(),
                c.clone(),
                inst.clone(),
                name.clone(),
            );
            Box::pin(async move {
                loop {
                    let next = jobs.borrow_mut().pop();
                    let Some((kind, id, service, project, env)) = next else {
                        break;
                    };
                    let list = if kind == ServiceKind::Application {
                        c.deployment_all(&id).await
                    } else {
                        c.deployment_all_by_compose(&id).await
                    };
                    // A service that fails to answer leaves a gap, not an empty page.
                    for d in list.unwrap_or_default() {
                        let run = Run::new(
                            &inst,
                            &name,
                            kind,
                            id.clone(),
                            service.clone(),
                            project.clone(),
                            env.clone(),
                            d,
                        );
                        out.borrow_mut().push(run);
                    }
                }
            }) as Pin<Box<dyn Future<Output = ()>>>
        })
        .collect();
    join(lanes).await;
    // Every lane has ended: the rows are taken, not copied.
    Ok(out.take())
}

/// An instance's runs, as its era allows.
async fn runs_of(
    c: Client,
    v: DokployVersion,
    inst: String,
    name: String,
) -> Result<Vec<Run>, ApiError> {
    if v.has_centralized_deployments() {
        let list = c.deployments_centralized().await?;
        let mut runs = centralized(&inst, &name, list);
        // The queue adds what waits to start; the page stands without it.
        let jobs = c.deployment_queue().await.unwrap_or_default();
        let queued = waiting(&inst, &name, jobs, &runs);
        runs.extend(queued);
        Ok(runs)
    } else {
        composed(c, inst, name).await
    }
}

#[component]
pub fn ActivityPage(inst: Option<String>) -> impl IntoView {
    let session = use_session();
    let route = use_route();
    let filter = Memo::new(move |_| {
        route.with(|r| match r {
            Route::Activity {
                status,
                kind,
                project,
                q,
                ..
            } => Filter {
                status: status.clone(),
                kind: kind.clone(),
                project: project.clone(),
                q: q.clone(),
            },
            _ => Filter::default(),
        })
    });
    let instances: Vec<(String, String)> = session
        .instances()
        .into_iter()
        .filter(|i| inst.as_ref().is_none_or(|id| *id == i.id))
        .map(|i| (i.id, i.name))
        .collect();
    let several = inst.is_none();
    // One poll per instance; the page merges their answers.
    let busy = RwSignal::new(false);
    let lives: Vec<_> = instances
        .iter()
        .map(|(id, name)| {
            let client = Memo::new({
                let id = id.clone();
                move |_| session.client(&id)
            });
            let version = use_version(client);
            let label = name.clone();
            let (id, name) = (id.clone(), name.clone());
            let live = use_live(
                client,
                Duration::from_secs(5),
                2,
                busy.into(),
                move |c: Client| {
                    let v = version.get();
                    let (id, name) = (id.clone(), name.clone());
                    async move {
                        match v {
                            Some(v) => runs_of(c, v, id, name).await,
                            // Asked again once the version is known.
                            None => Err(ApiError::Aborted),
                        }
                    }
                },
            );
            (label, live)
        })
        .collect();
    let lives = StoredValue::new(lives);
    let all = Memo::new(move |_| {
        let mut runs: Vec<Run> = lives.with_value(|l| {
            l.iter()
                .flat_map(|(_, live)| live.data.get().unwrap_or_default())
                .collect()
        });
        order(&mut runs);
        runs
    });
    effect(move || {
        let b = all.with(|r| r.first().is_some_and(Run::active));
        if busy.get_untracked() != b {
            busy.set(b);
        }
    });
    let loading = move || lives.with_value(|l| l.iter().any(|(_, live)| live.loading()));
    let now = use_clock(Duration::from_secs(1));
    let shown = RwSignal::new(PAGE);
    let inst_s = StoredValue::new(inst.clone());
    let set = move |f: Filter, soon: bool| {
        shown.set(PAGE);
        let r = Route::Activity {
            inst: inst_s.get_value(),
            status: f.status,
            kind: f.kind,
            project: f.project,
            q: f.q,
        };
        if soon {
            replace_soon(&r)
        } else {
            replace(&r)
        }
    };
    let projects = Memo::new(move |_| {
        let mut names: Vec<String> = all.with(|r| r.iter().map(|r| r.project.clone()).collect());
        crate::order::sort_by_key(&mut names, |n| crate::overview::lower(n));
        names.dedup();
        names.retain(|n| !n.is_empty());
        names
    });
    let select = move |id: &'static str,
                       label: &'static str,
                       get: fn(&Filter) -> &String,
                       put: fn(&mut Filter, String),
                       options: Vec<(String, String)>| {
        view! {
            <label class="field field--inline" for=id>
                <span>{label}</span>
                <select id=id class="input" data-test=id
                    prop:value=move || filter.with(|f| get(f).clone())
                    on:change=move |ev| {
                        let mut f = filter.get_untracked();
                        put(&mut f, event_target_value(&ev));
                        set(f, false);
                    }>
                    {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let opts = |o: &[(&str, &str)]| -> Vec<(String, String)> {
        o.iter()
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .collect()
    };
    let status_options = opts(&[
        ("", "Any status"),
        ("running", "Running"),
        ("done", "Done"),
        ("error", "Failed"),
        ("cancelled", "Cancelled"),
    ]);
    let kind_options = opts(&[
        ("", "Any kind"),
        ("application", "Applications"),
        ("compose", "Compose"),
    ]);
    // What the filters leave: the rows shown (cloned, so the clock can tick them), the counts,
    // and the plots' markup; each memo stops a keystroke that changes nothing.
    // Which runs the filters keep (their places in `all`): a keystroke that keeps the same ones
    // stops here.
    let matched = Memo::new(move |_| {
        let f = filter.get();
        let words = f.words();
        all.with(|runs| {
            (0..runs.len())
                .filter(|&i| f.matches(&runs[i], &words))
                .collect::<Vec<usize>>()
        })
    });
    let page = Memo::new(move |_| {
        let n = shown.get();
        all.with(|runs| {
            let list: Vec<&Run> = matched.with(|m| m.iter().map(|&i| &runs[i]).collect());
            Page {
                total: list.len(),
                running: list.iter().filter(|r| r.active()).count(),
                rows: list.iter().take(n).map(|r| (*r).clone()).collect(),
                plots: plots_html(&list, now.get_untracked(), several),
                more: (list.len() > n).then(|| (list.len() - n).min(PAGE)),
            }
        })
    });
    let shown_state = Memo::new(move |_| {
        if page.with(|p| p.total > 0) {
            Shown::Rows
        } else if loading() {
            Shown::Loading
        } else if all.with(Vec::is_empty) {
            Shown::None
        } else {
            Shown::NoMatch
        }
    });
    let plots_html = Memo::new(move |_| page.with(|p| p.plots.clone()));
    // Running rows tick every second.
    let rows_html = Memo::new(move |_| {
        page.with(|p| {
            let t = if p.rows.iter().any(Run::active) {
                now.get()
            } else {
                now.get_untracked()
            };
            rows_html(&p.rows.iter().collect::<Vec<_>>(), several, t)
        })
    });
    view! {
        <div data-test="activity">
            <div class="page-head">
                <div class="page-head__title">
                    <div class="crumbs">{if several { "All instances".to_string() } else { instances.first().map(|i| i.1.clone()).unwrap_or_default() }}</div>
                    <h1>"Activity"</h1>
                    <p class="muted small">{if several {
                        "Every deployment of every saved instance, the running ones first."
                    } else {
                        "Every deployment of this instance, the running ones first."
                    }}</p>
                </div>
            </div>
            {lives.with_value(|l| l.iter().map(|(name, live)| {
                let (name, live) = (name.clone(), *live);
                move || live.error.get().map(|e| view! {
                    <div data-test="activity-error">
                        {several.then(|| view! { <p class="small"><strong>{name.clone()}</strong></p> })}
                        <ErrorView error=e on_retry=Callback::new(move |_| live.refresh()) />
                    </div>
                })
            }).collect_view())}
            <div class="row filters">
                <input class="input" type="search" data-test="activity-search" placeholder="Service, project, title…" aria-label="Search deployments"
                    prop:value=move || filter.with(|f| f.q.clone())
                    on:input=move |ev| {
                        let mut f = filter.get_untracked();
                        f.q = event_target_value(&ev);
                        set(f, true);
                    } />
                {select("activity-status", "Status", |f| &f.status, |f, v| f.status = v, status_options)}
                {select("activity-kind", "Kind", |f| &f.kind, |f, v| f.kind = v, kind_options)}
                {move || {
                    let mut o = vec![(String::new(), "Any project".to_string())];
                    o.extend(projects.get().into_iter().map(|p| (p.clone(), p)));
                    select("activity-project", "Project", |f| &f.project, |f, v| f.project = v, o)
                }}
            </div>
            {move || match shown_state.get() {
                Shown::Loading => view! { <p class="small muted">"Reading the deployments…"</p> }.into_any(),
                Shown::None => view! { <p class="empty" data-test="no-activity">"No deployments yet. Deploy a service and it shows here."</p> }.into_any(),
                Shown::NoMatch => view! {
                    <p class="empty" data-test="no-match">"No deployment matches these filters. "
                        <a href=Route::activity(inst_s.get_value().as_deref()).href()>"Show every deployment"</a></p>
                }.into_any(),
                // Built once while there are rows: a keystroke changes only what its memos
                // say changed (typing a letter every row already matches touches nothing).
                Shown::Rows => view! {
                    <p class="small" data-test="activity-count">{move || page.with(|p| format!("{} deployments · {} running", p.total, p.running))}</p>
                    <div class="grid-2 activity-plots" inner_html=plots_html></div>
                    <div class="table-wrap">
                        <table class="table table--stack" data-test="activity-table">
                            <thead><tr><th>"Status"</th><th>"Service"</th><th>"Title"</th><th>"Started"</th><th>"Duration"</th></tr></thead>
                            <tbody inner_html=rows_html></tbody>
                        </table>
                    </div>
                    {move || page.with(|p| p.more).map(|more| view! {
                        <button class="btn" data-test="show-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                            {format!("Show {more} more")}
                        </button>
                    })}
                }.into_any(),
            }}
        </div>
    }
}
