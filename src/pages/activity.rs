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
use std::task::Poll;
use std::time::Duration;

use leptos::prelude::*;

use crate::api::{ApiError, Client};
use crate::components::{figures_table, ErrorView};
use crate::model::{DokployVersion, ServiceKind};
use crate::pages::live::{effect, use_clock, use_live};
use crate::routes::Route;
use crate::service_view::activity::{
    centralized, filtered, order, per_day, slowest, waiting, Filter, Run,
};
use crate::service_view::time::{ago_label, duration_label};
use crate::service_view::{deployment_badge, deployment_duration};
use crate::state::era::use_version;
use crate::state::location::{replace, replace_soon, use_route};
use crate::state::session::use_session;

/// Requests in flight at once while composing an older instance's deployments.
const IN_FLIGHT: usize = 4;
/// Rows drawn at first, and added by "Show more".
const PAGE: usize = 100;
/// Days in the per-day plot.
const DAYS: usize = 30;

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

/// Every future to its end, concurrently.
async fn join(mut futures: Vec<Pin<Box<dyn Future<Output = ()>>>>) {
    std::future::poll_fn(move |cx| {
        futures.retain_mut(|f| f.as_mut().poll(cx).is_pending());
        if futures.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
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
            {move || {
                let f = filter.get();
                all.with(|runs| {
                    let list = filtered(runs, &f);
                    if list.is_empty() {
                        return if loading() {
                            view! { <p class="small muted">"Reading the deployments…"</p> }.into_any()
                        } else if runs.is_empty() {
                            view! { <p class="empty" data-test="no-activity">"No deployments yet. Deploy a service and it shows here."</p> }.into_any()
                        } else {
                            view! {
                                <p class="empty" data-test="no-match">"No deployment matches these filters. "
                                    <a href=Route::activity(inst_s.get_value().as_deref()).href()>"Show every deployment"</a></p>
                            }.into_any()
                        };
                    }
                    let running = list.iter().filter(|r| r.active()).count();
                    view! {
                        <p class="small" data-test="activity-count">{format!("{} deployments · {running} running", list.len())}</p>
                        {plots(&list, now.get_untracked(), several)}
                        {table(&list, shown.get(), several, now)}
                        {(list.len() > shown.get()).then(|| view! {
                            <button class="btn" data-test="show-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                                {format!("Show {} more", (list.len() - shown.get_untracked()).min(PAGE))}
                            </button>
                        })}
                    }.into_any()
                })
            }}
        </div>
    }
}

/// Where a run's log opens: its service's Deployments tab.
fn log_href(r: &Run) -> String {
    Route::Service {
        inst: r.inst.clone(),
        kind: r.kind.router().to_string(),
        id: r.service_id.clone(),
        tab: "deployments".into(),
        // A job still waiting in the queue has no deployment (nor log) yet.
        deployment: r
            .deployment
            .created_at
            .is_some()
            .then(|| r.deployment.deployment_id.clone()),
    }
    .href()
}

/// The first `n` runs as table rows; the running ones' durations tick.
fn table(list: &[&Run], n: usize, several: bool, now: ReadSignal<i64>) -> AnyView {
    let rows: Vec<_> = list
        .iter()
        .take(n)
        .map(|r| {
            let (word, label) = deployment_badge(r.deployment.status.as_ref());
            let d = r.deployment.clone();
            let started = r.started();
            let place = [
                several.then(|| r.inst_name.clone()),
                Some(r.project.clone()).filter(|p| !p.is_empty()),
                Some(r.environment.clone()).filter(|e| !e.is_empty()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" › ");
            let title = d.title.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| "Deployment".into());
            view! {
                <tr data-test="activity-row" data-status=word>
                    <td data-label="Status"><span class=format!("badge badge--{word}")>{label}</span></td>
                    <td data-label="Service">
                        <a href=log_href(r) data-test="activity-open">{r.service.clone()}</a>
                        <div class="small muted">{place}</div>
                    </td>
                    <td data-label="Title">{title}
                        {d.error_message.clone().filter(|m| !m.is_empty()).map(|m| view! { <div class="small err-text">{m}</div> })}
                    </td>
                    <td data-label="Started" class="small">{move || started.map(|t| ago_label(now.get(), t)).unwrap_or_default()}</td>
                    <td data-label="Duration" class="small">{move || deployment_duration(&d, now.get()).map(duration_label).unwrap_or_else(|| "–".into())}</td>
                </tr>
            }
        })
        .collect();
    view! {
        <div class="table-wrap">
            <table class="table table--stack" data-test="activity-table">
                <thead><tr><th>"Status"</th><th>"Service"</th><th>"Title"</th><th>"Started"</th><th>"Duration"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Deployments per day over 30 days, stacked by outcome, and the slowest services; each with
/// its table behind.
fn plots(list: &[&Run], now: i64, several: bool) -> AnyView {
    let days = per_day(list, now, DAYS);
    let top = days
        .iter()
        .map(|d| d[0] + d[1] + d[2])
        .max()
        .unwrap_or(0)
        .max(1) as i64;
    let mut rects = Vec::new();
    for (i, d) in days.iter().enumerate() {
        let mut y = 100i64;
        for (slot, word) in ["done", "error", "idle"].iter().enumerate() {
            let h = d[slot] as i64 * 96 / top;
            if h > 0 {
                y -= h;
                rects.push(view! { <rect class=format!("bar bar--{word}") x=i * 10 + 1 y=y width="8" height=h /> });
            }
        }
    }
    let total: u32 = days.iter().map(|d| d[0] + d[1] + d[2]).sum();
    let failed: u32 = days.iter().map(|d| d[1]).sum();
    let day_rows: Vec<_> = days
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, d)| d[0] + d[1] + d[2] > 0)
        .map(|(i, d)| {
            let when = match DAYS - 1 - i {
                0 => "today".to_string(),
                1 => "yesterday".to_string(),
                n => format!("{n} days ago"),
            };
            vec![when, d[0].to_string(), d[1].to_string(), d[2].to_string()]
        })
        .collect();
    let slow: Vec<_> = slowest(list, 5)
        .into_iter()
        .map(|(r, ms)| {
            let name = if several {
                format!("{} ({})", r.service, r.inst_name)
            } else {
                r.service.clone()
            };
            view! { <li><span>{name}</span>" "<span class="muted">{format!("median {}", duration_label(ms))}</span></li> }
        })
        .collect();
    view! {
        <div class="grid-2 activity-plots">
            <section class="card" data-test="per-day">
                <h2 class="card__heading">"The last 30 days"</h2>
                <p class="small">{format!("{total} deployments, {failed} failed")}</p>
                <svg class="bars" viewBox="0 0 300 100" preserveAspectRatio="none" role="img"
                    aria-label=format!("Deployments per day over the last 30 days: {total}, of which {failed} failed")>
                    {rects}
                </svg>
                <p class="small muted">"A bar per day, today on the right: green done, red failed, grey cancelled or running."</p>
                {figures_table(vec!["Day", "Done", "Failed", "Other"], day_rows)}
            </section>
            <section class="card" data-test="slowest">
                <h2 class="card__heading">"Slowest to deploy"</h2>
                <p class="small muted">"Median time of each service's successful deployments."</p>
                {if slow.is_empty() {
                    view! { <p class="empty">"No successful deployment to time yet."</p> }.into_any()
                } else {
                    view! { <ol class="slowest">{slow}</ol> }.into_any()
                }}
            </section>
        </div>
    }
    .into_any()
}
