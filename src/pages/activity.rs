//! The activity center: every deployment of an instance (`#/i/{inst}/activity`) or of every
//! saved instance (`#/activity`), the running ones on top with their elapsed time, then newest
//! first; filters by status, kind, project and text kept in the URL; deployments per day over
//! 30 days and the slowest services; any deployment's log one click away (its service's
//! Deployments tab). From v0.28.3 one `deployment.allCentralized` per instance; before, composed
//! from each service's deployments, four requests in flight at most; `deployment.queueList`
//! adds the deploys waiting in Dokploy's queue (self-hosted Dokploy cannot cancel them: only its
//! cloud version does, so Skiff does not offer it); from v0.30 `overview.backups` adds the runs
//! of backups and volume backups (a kind of their own in the filter, out of the plots).
//! Refreshed every 5 s while something runs, else every 10 s, not at all while the tab is
//! hidden, and not until the search has rested 1.5 s (a refresh's decoding would delay a key).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::api::{ApiError, Client};
use crate::components::ErrorView;
use crate::model::{DokployVersion, ServiceKind};
use crate::pages::live::{bounded, effect, use_clock, use_kept, use_live, Job};
use crate::routes::Route;
use crate::service_view::activity::{
    backups, centralized, kept, order, places, plots_html, rows_html, waiting, Filter, Haystack,
    Run, Source,
};
use crate::state::era::use_version;
use crate::state::location::{replace, replace_soon, use_route};
use crate::state::session::use_session;

/// Requests in flight at once while composing an older instance's deployments.
const IN_FLIGHT: usize = 4;
/// Rows drawn at first, and added by "Show more".
const PAGE: usize = 100;
/// A refresh waits until the search has had no keystroke for this long: decoding 3,000
/// deployments takes a frame or more, which a key typed meanwhile would wait for.
const QUIET_MS: f64 = 1500.0;

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
    /// Of `total`, the runs of backups.
    backups: usize,
    rows: Vec<Arc<Run>>,
    plots: String,
    /// How many "Show more" adds.
    more: Option<usize>,
}

/// Every application's and compose service's deployments, from the services' own lists (before
/// `deployment.allCentralized`).
async fn composed(c: Client, inst: String, name: String) -> Result<Vec<Run>, ApiError> {
    let projects = c.project_all().await?;
    let out = Rc::new(RefCell::new(Vec::new()));
    let mut jobs: Vec<Job> = Vec::new();
    for p in &projects {
        for env in p.all_environments() {
            for s in env.summaries() {
                if !matches!(s.kind, ServiceKind::Application | ServiceKind::Compose) {
                    continue;
                }
                let (c, out, inst, name) = (c.clone(), out.clone(), inst.clone(), name.clone());
                let service = s.display_name().to_string();
                let (kind, id) = (s.kind, s.id);
                let (project, env) = (p.name.clone(), env.name.clone());
                jobs.push(Box::pin(async move {
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
                }));
            }
        }
    }
    bounded(jobs, IN_FLIGHT).await;
    // Every job has ended: the rows are taken, not copied.
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
        let names = places(&list);
        let mut runs = centralized(&inst, &name, list);
        // The runs of backups and volume backups (v0.30+); the page stands without them.
        if v.has_backup_overview() {
            let list = c.overview_backups().await.unwrap_or_default();
            runs.extend(backups(&inst, &name, list, &names));
        }
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
    // When the search last had a keystroke (ms since the epoch).
    let typed = StoredValue::new(0.0f64);
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
                        loop {
                            let wait = typed.try_get_value().unwrap_or(0.0) + QUIET_MS
                                - js_sys::Date::now();
                            if wait <= 0.0 {
                                break;
                            }
                            gloo_timers::future::TimeoutFuture::new(wait as u32 + 1).await;
                        }
                        match v {
                            // Shared, not copied, by the merged list and the rows shown.
                            Some(v) => Ok(runs_of(c, v, id, name)
                                .await?
                                .into_iter()
                                .map(Arc::new)
                                .collect::<Vec<_>>()),
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
    // Counts the merges: a search over earlier runs is not narrowed further.
    let generation = StoredValue::new(0u64);
    let all = Memo::new(move |_| {
        generation.update_value(|g| *g += 1);
        let mut runs: Vec<Arc<Run>> = Vec::new();
        lives.with_value(|l| {
            for (_, live) in l {
                live.data.with(|d| runs.extend(d.iter().flatten().cloned()));
            }
        });
        order(&mut runs);
        runs
    });
    effect(move || {
        let b = all.with(|r| r.first().is_some_and(|r| r.active()));
        if busy.get_untracked() != b {
            busy.set(b);
        }
    });
    let loading = move || lives.with_value(|l| l.iter().any(|(_, live)| live.loading()));
    let failed =
        move || lives.with_value(|l| l.iter().any(|(_, live)| live.error.with(Option::is_some)));
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
        // The few names, each once, before any is copied.
        let mut names: Vec<String> = all.with(|r| {
            let set: std::collections::BTreeSet<&str> =
                r.iter().map(|r| r.project.as_str()).collect();
            set.into_iter()
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect()
        });
        crate::order::sort_by_key(&mut names, |n| crate::overview::lower(n));
        names
    });
    let select = move |id: &'static str,
                       label: &'static str,
                       get: fn(&Filter) -> &String,
                       put: fn(&mut Filter, String),
                       options: Vec<(String, String)>| {
        crate::components::field::inline_select(
            id,
            label,
            options,
            Signal::derive(move || filter.with(|f| get(f).clone())),
            Callback::new(move |v| {
                let mut f = filter.get_untracked();
                put(&mut f, v);
                set(f, false);
            }),
        )
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
    // Backups only where an instance told their runs (v0.30+).
    let has_backups =
        Memo::new(move |_| all.with(|r| r.iter().any(|r| r.source != Source::Deploy)));
    // What the filters leave: the rows shown (cloned, so the clock can tick them), the counts,
    // and the plots' markup; each memo stops a keystroke that changes nothing.
    // Which runs the filters keep (their places in `all`): a keystroke that keeps the same ones
    // stops here.
    // Every run's search text in one string, made once per merge, when first searched or as the
    // search box gets the focus (before the first key, not on it).
    let haystack = Memo::new(move |_| all.with(|r| Haystack::new(r)));
    // A key typed at the end searches only what the previous text kept, as long as the runs
    // are the same ones (`generation`).
    let searched = StoredValue::new(None::<(Filter, u64)>);
    let matched = Memo::new(move |before: Option<&Vec<usize>>| {
        let f = filter.get();
        let words = f.words();
        all.with(|runs| {
            let now = generation.get_value();
            let within = match (before, searched.get_value()) {
                (Some(b), Some((g, at))) if at == now && f.narrows(&g) => Some(b),
                _ => None,
            };
            let out = kept(runs, &f, &words, within.map(|b| &b[..]), &|w| {
                haystack.with(|h| h.matching(w))
            });
            searched.set_value(Some((f.clone(), now)));
            out
        })
    });
    let page = Memo::new(move |_| {
        let n = shown.get();
        all.with(|runs| {
            let list: Vec<&Run> = matched.with(|m| m.iter().map(|&i| &*runs[i]).collect());
            Page {
                total: list.len(),
                running: list.iter().filter(|r| r.active()).count(),
                backups: list.iter().filter(|r| r.source != Source::Deploy).count(),
                rows: matched.with(|m| m.iter().take(n).map(|&i| runs[i].clone()).collect()),
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
    // An instance's activity is kept each time its runs change (not each second a running
    // one ticks); the activity of every instance is not kept.
    let last_time = use_kept(inst.as_deref().unwrap_or_default(), move || {
        all.track();
        inst_s.with_value(Option::is_some) && !loading()
    });
    let plots_html = Memo::new(move |_| page.with(|p| p.plots.clone()));
    // Running rows tick every second.
    let rows_html = Memo::new(move |_| {
        page.with(|p| {
            let t = if p.rows.iter().any(|r| r.active()) {
                now.get()
            } else {
                now.get_untracked()
            };
            rows_html(&p.rows.iter().map(|r| &**r).collect::<Vec<_>>(), several, t)
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
                <input class="input" type="search" spellcheck="false" autocomplete="off" data-test="activity-search" placeholder="Service, project, title…" aria-label="Search deployments"
                    prop:value=move || filter.with(|f| f.q.clone())
                    on:focus=move |_| {
                        // One search for nothing, before the first key: the browser compiles
                        // wasm fully only once it runs hot (V8's tiering), so the first keys
                        // would otherwise search in slower code.
                        let f = Filter { q: "\u{1} \u{1}\u{1}".into(), ..Filter::default() };
                        all.with_untracked(|runs| {
                            kept(runs, &f, &f.words(), None, &|w| {
                                haystack.with_untracked(|h| h.matching(w))
                            })
                        });
                    }
                    on:input=move |ev| {
                        typed.set_value(js_sys::Date::now());
                        let mut f = filter.get_untracked();
                        f.q = event_target_value(&ev);
                        set(f, true);
                    } />
                {select("activity-status", "Status", |f| &f.status, |f, v| f.status = v, status_options)}
                {move || {
                    let mut o = opts(&[
                        ("", "Any kind"),
                        ("application", "Applications"),
                        ("compose", "Compose"),
                    ]);
                    if has_backups.get() {
                        o.push(("backup".into(), "Backups".into()));
                    }
                    select("activity-kind", "Kind", |f| &f.kind, |f, v| f.kind = v, o)
                }}
                {move || {
                    let mut o = vec![(String::new(), "Any project".to_string())];
                    o.extend(projects.get().into_iter().map(|p| (p.clone(), p)));
                    select("activity-project", "Project", |f| &f.project, |f, v| f.project = v, o)
                }}
            </div>
            {move || match shown_state.get() {
                // Before the first answers: what the page showed last time (src/kept.rs).
                Shown::Loading => last_time.before(true, || view! { <p class="small muted">"Reading the deployments…"</p> }.into_any()),
                // Nothing read because the instance failed: what the page showed last time.
                Shown::None if failed() && last_time.has() => last_time.before(false, || ().into_any()),
                Shown::None => view! { <p class="empty" data-test="no-activity">"No deployments yet. Deploy a service and it shows here."</p> }.into_any(),
                Shown::NoMatch => view! {
                    <p class="empty" data-test="no-match">"No deployment matches these filters. "
                        <a href=Route::activity(inst_s.get_value().as_deref()).href()>"Show every deployment"</a></p>
                }.into_any(),
                // Built once while there are rows: a keystroke changes only what its memos
                // say changed (typing a letter every row already matches touches nothing).
                Shown::Rows => view! {
                    <p class="small keep" data-test="activity-count">{move || page.with(|p| {
                        let what = match p.backups {
                            0 => "deployments",
                            b if b == p.total => "backup runs",
                            _ => "deployments and backup runs",
                        };
                        format!("{} {what} · {} running", p.total, p.running)
                    })}</p>
                    <div class="grid-2 activity-plots keep" inner_html=plots_html></div>
                    <div class="table-wrap keep">
                        <table class="table table--stack" data-test="activity-table">
                            <thead><tr><th>"Status"</th><th>"Service"</th><th>"Title"</th><th>"Started"</th><th>"Duration"</th></tr></thead>
                            <tbody inner_html=rows_html></tbody>
                        </table>
                    </div>
                    {move || page.with(|p| p.more).map(|more| view! {
                        <button data-free class="btn" data-test="show-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                            {format!("Show {more} more")}
                        </button>
                    })}
                }.into_any(),
            }}
        </div>
    }
}
