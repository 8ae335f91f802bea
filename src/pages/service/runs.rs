//! The runs of a backup, schedule or volume backup (Dokploy keeps them as deployment rows since
//! v0.22): the newest few with their status, and the log of the one opened, followed every 2 s
//! while it runs. Secrets in logs are masked.

use std::time::Duration;

use leptos::prelude::*;

use crate::pages::live::effect;

use crate::api::{Client, RunsOf};
use crate::components::LogView;
use crate::model::{Deployment, DokployVersion};
use crate::pages::live::{on_end, use_clock, use_live};
use crate::service_view::backups::{mask_secrets, masked, run_finished, runs_newest_first};
use crate::service_view::time::{ago_of, duration_label};
use crate::service_view::{deployment_badge, deployment_duration};

/// Runs shown under an item (older ones are in Dokploy's history).
const SHOWN: usize = 5;

/// The runs of `of` `id`, polled every 2 s while one runs or `watching` is on (a run was just
/// started here), else every 20 s. `open` is the run whose log shows.
#[component]
pub(crate) fn RunsPanel(
    client: Memo<Option<Client>>,
    version: DokployVersion,
    of: RunsOf,
    id: String,
    #[prop(into)] watching: Signal<bool>,
    open: RwSignal<Option<String>>,
    /// Called with the newest run whenever the list changes (the caller learns a run's end).
    #[prop(optional)]
    on_runs: Option<Callback<Vec<Deployment>>>,
) -> impl IntoView {
    let fast = RwSignal::new(false);
    let rid = id.clone();
    let runs = use_live(
        client,
        Duration::from_secs(2),
        10,
        Signal::derive(move || fast.get() || watching.get()),
        move |c: Client| {
            let id = rid.clone();
            async move { c.runs_of(of, &id).await.map(|l| runs_newest_first(&l)) }
        },
    );
    // A run started here has ended (its request answered): fetch the list once more, so the
    // run shows with its end status at once.
    on_end(move || watching.get(), move || runs.refresh());
    effect(move || {
        let list = runs.data.get().unwrap_or_default();
        fast.set(list.iter().any(|d| !run_finished(d)));
        if let Some(cb) = on_runs {
            cb.run(list);
        }
    });
    let now = use_clock(Duration::from_secs(1));
    let logs = version.has_run_logs();
    view! {
        <div class="runs" data-test="runs">
            {runs.error_view()}
            {move || runs.data.get().map(|list| if list.is_empty() {
                view! { <p class="small muted" data-test="no-runs">"No runs yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="runs__list">
                        {list.into_iter().take(SHOWN).map(|d| {
                            let (word, label) = deployment_badge(d.status.as_ref());
                            let did = d.deployment_id.clone();
                            let did2 = did.clone();
                            let when = d.started_at.clone().or(d.created_at.clone()).unwrap_or_default();
                            let dd = d.clone();
                            view! {
                                <li class="runs__item" data-test="run">
                                    <span class=format!("badge badge--{word}") data-test="run-status">{label}</span>
                                    <span class="small" title=when.clone()>{let w = when.clone(); move || ago_of(now.get(), &w)}</span>
                                    <span class="small muted">{move || deployment_duration(&dd, now.get()).map(duration_label).unwrap_or_default()}</span>
                                    {logs.then(|| view! {
                                        <button type="button" class="btn btn--small btn--ghost" data-test="run-log"
                                            aria-pressed=move || (open.get().as_deref() == Some(did.as_str())).to_string()
                                            on:click=move |_| open.update(|o| *o = if o.as_deref() == Some(did2.as_str()) { None } else { Some(did2.clone()) })>
                                            "Log"
                                        </button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            {(!logs).then(|| view! {
                <p class="small muted">"This Dokploy version serves run logs only to its own dashboard (over a websocket); open the run there to read its log."</p>
            })}
            {move || open.get().filter(|_| logs).map(|did| {
                let run = Signal::derive({
                    let did = did.clone();
                    move || runs.data.with(|l| l.as_ref().and_then(|l| l.iter().find(|d| d.deployment_id == did).cloned()))
                });
                view! { <RunLog client=client deployment_id=did run=run /> }
            })}
        </div>
    }
}

/// The log of one run, masked, refreshed every 2 s while it runs.
#[component]
fn RunLog(
    client: Memo<Option<Client>>,
    deployment_id: String,
    #[prop(into)] run: Signal<Option<Deployment>>,
) -> impl IntoView {
    let active = Signal::derive(move || run.with(|r| r.as_ref().is_some_and(|r| !run_finished(r))));
    let log = use_live(
        client,
        Duration::from_secs(2),
        u64::MAX,
        active,
        move |c: Client| {
            let did = deployment_id.clone();
            async move {
                c.deployment_read_logs(&did, Some(3000))
                    .await
                    .map(|t| mask_secrets(&t))
                    .map_err(masked)
            }
        },
    );
    on_end(move || active.get(), move || log.refresh());
    view! {
        <div class="runs__log" data-test="run-log-view">
            {log.error_view()}
            <LogView text=log.data label="Run log" empty="The log is empty so far." />
        </div>
    }
}
