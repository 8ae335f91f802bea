//! The deployments of an application or compose service, and the build log of the one opened
//! (`?deployment=` in the URL), refreshed every 2 s while it runs.

use std::time::Duration;

use leptos::prelude::*;

use super::logs::no_logs_here;
use super::use_open_deployment;
use crate::api::Client;
use crate::components::{figures_table, ConfirmDialog, ErrorToast, LogView};
use crate::model::{Deployment, DeploymentStatus, ServiceKind};
use crate::pages::live::{failure, on_end, on_success, run_once, use_clock, use_live, use_write};
use crate::routes::Route;
use crate::service_view::activity::{bars, figures};
use crate::service_view::time::{ago_label, ago_of, duration_label};
use crate::service_view::{deployment_active, deployment_badge, deployment_duration, newest_first};
use crate::state::era::use_version;

/// Lines of build log fetched every 2 s while it runs (the tail is what a terminal shows), and
/// once it has ended (Dokploy's maximum).
const LIVE_TAIL: u32 = 3000;
const FULL_TAIL: u32 = 10_000;

fn link(inst: &str, kind: ServiceKind, id: &str, tab: &str, deployment: Option<String>) -> String {
    Route::Service {
        inst: inst.to_string(),
        kind: kind.router().to_string(),
        id: id.to_string(),
        tab: tab.into(),
        deployment,
    }
    .href()
}

#[component]
pub(crate) fn DeploymentsTab(
    inst: String,
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    id: String,
    /// From the service's own answer (`*.one` lists its deployments); `None` while loading.
    #[prop(into)]
    deployments: Signal<Option<Vec<Deployment>>>,
    /// The tab the list is on (a preview's deployments are on `previews`).
    #[prop(default = "deployments")]
    tab: &'static str,
    /// An application's rollback settings (on, and whether it names a registry); `None`
    /// elsewhere.
    #[prop(optional, into)]
    rollbacks: Option<Signal<(bool, bool)>>,
    /// Called after a rollback or after turning rollbacks on.
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let open = use_open_deployment();
    let version = use_version(client);
    let app_id = StoredValue::new(id.clone());
    let write = use_write(
        client,
        move |c: Client, rollback: Option<String>| async move {
            match rollback {
                Some(r) => c.rollback(&r).await,
                None => {
                    c.service_set(
                        ServiceKind::Application,
                        &app_id.get_value(),
                        crate::api::with(
                            serde_json::Value::Object(Default::default()),
                            "rollbackActive",
                            true,
                        ),
                    )
                    .await
                }
            }
        },
    );
    let rolling = RwSignal::new(None::<Deployment>);
    let rolled = RwSignal::new(false);
    on_success(
        write,
        Callback::new(move |_| {
            rolled.set(rolling.get_untracked().is_some());
            rolling.set(None);
            if let Some(c) = on_change {
                c.run(());
            }
        }),
    );
    let can_roll = move || rollbacks.is_some() && version.get().is_some_and(|v| v.has_rollbacks());
    let now = use_clock(Duration::from_secs(1));
    let sorted = Memo::new(move |_| deployments.get().map(newest_first));
    let inst_s = StoredValue::new(inst);
    let id_s = StoredValue::new(id);
    view! {
        {move || open.get().map(|did| {
            let found = {
                let did = did.clone();
                Signal::derive(move || sorted.with(|l| l.as_ref().and_then(|l| l.iter().find(|d| d.deployment_id == did).cloned())))
            };
            view! {
                <DeploymentLog client=client deployment_id=did deployment=found now=now kind=kind service_id=id_s.get_value()
                    close=link(&inst_s.get_value(), kind, &id_s.get_value(), tab, None) />
            }
        })}
        {move || sorted.with(|l| l.as_ref().filter(|l| l.len() > 1).map(|l| plot(l, now.get_untracked())))}
        {move || rollbacks.filter(|_| can_roll()).and_then(|r| {
            let (on, registry) = r.get();
            let need = version.get().is_some_and(|v| v.rollbacks_need_registry());
            (!on).then(|| view! {
                <section class="card" data-test="rollbacks-off">
                    <p>"Rollbacks are off. With them on, Dokploy keeps the image of every successful deployment, and any of them is one click away here."</p>
                    {if registry || !need {
                        view! { <button class="btn" data-test="rollbacks-on" disabled=move || write.pending().get()
                            on:click=move |_| run_once(write, None)>"Turn rollbacks on"</button> }.into_any()
                    } else {
                        view! { <p class="small muted">"They need a registry to keep the images in: add one in Dokploy (Settings › Registry), then choose it in this application's rollback settings there."</p> }.into_any()
                    }}
                </section>
            })
        })}
        {move || rolled.get().then(|| view! { <p class="small ok-text" role="status" data-test="rolled-back">"Rolled back: the service runs that deployment's image again."</p> })}
        {move || rolling.get().map(|d| view! {
            <ConfirmDialog title="Roll back to this deployment?"
                message=format!("Dokploy runs the image that \"{}\" built again, in place of the running one. The environment and settings stay as they are now.", d.title.clone().unwrap_or_else(|| "this deployment".into()))
                confirm_label="Roll back"
                pending=Signal::from(write.pending())
                on_confirm=Callback::new(move |_| run_once(write, d.rollback_id.clone()))
                on_cancel=Callback::new(move |_| rolling.set(None)) />
            <ErrorToast error=Signal::derive(move || failure(write)) />
        })}
        <section class="card" data-test="deployments">
            <h2 class="card__heading">"Deployments"</h2>
            {move || match sorted.get() {
                None => view! { <div class="spinner-line">"Loading deployments…"</div> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <div class="empty" data-test="no-deployments">
                        <p>"No deployments yet. Deploying builds and starts the service."</p>
                        // The page's own Deploy (its guard against a double click, its note
                        // and its ping), pressed from here.
                        <button class="btn btn--primary" data-test="deploy-first" on:click=move |_| {
                            let head = web_sys::window().and_then(|w| w.document()).and_then(|d| {
                                d.query_selector("[data-test=service-actions] [data-test=action-deploy]").ok().flatten()
                            });
                            if let Some(b) = head.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
                                b.click();
                            }
                        }>"Deploy now"</button>
                    </div>
                }.into_any(),
                Some(list) => view! {
                    <div class="table-wrap table-wrap--flush">
                        <table class="table table--stack deployments-table">
                            <thead><tr><th>"Status"</th><th>"Title"</th><th>"Started"</th><th>"Duration"</th><th><span class="sr-only">"Log"</span></th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|d| {
                                    let (word, label) = deployment_badge(d.status.as_ref());
                                    let href = link(&inst_s.get_value(), kind, &id_s.get_value(), tab, Some(d.deployment_id.clone()));
                                    let did = d.deployment_id.clone();
                                    let selected = move || open.get().as_deref() == Some(did.as_str());
                                    let started = d.started_at.clone().or(d.created_at.clone()).unwrap_or_default();
                                    let dd = d.clone();
                                    let started_title = started.clone();
                                    let title = d.title.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| "Deployment".into());
                                    view! {
                                        <tr data-test="deployment-row" data-status=word class:is-selected=selected>
                                            <td data-label="Status"><span class=format!("badge badge--{word}")>{label}</span></td>
                                            <td data-label="Title">
                                                <a href=href.clone() class="deployments-table__title">{title}</a>
                                                {d.description.clone().filter(|s| !s.is_empty()).map(|s| view! { <div class="small muted">{s}</div> })}
                                            </td>
                                            <td data-label="Started" class="small" title=started_title>{move || ago_of(now.get(), &started)}</td>
                                            <td data-label="Duration" class="small">{move || deployment_duration(&dd, now.get()).map(duration_label).unwrap_or_else(|| "–".into())}</td>
                                            <td class="actions">
                                                {(d.rollback_id.is_some() && d.status == Some(DeploymentStatus::Done) && can_roll()).then(|| {
                                                    let d = d.clone();
                                                    view! { <button class="btn btn--small" data-test="roll-back" on:click=move |_| rolling.set(Some(d.clone()))>"Roll back"</button> }
                                                })}
                                                <a class="btn btn--small" href=href data-test="open-deployment">"View log"</a>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// The build log of one deployment: every 2 s while it runs, once more when it ends.
#[component]
fn DeploymentLog(
    client: Memo<Option<Client>>,
    deployment_id: String,
    #[prop(into)] deployment: Signal<Option<Deployment>>,
    now: ReadSignal<i64>,
    close: String,
    kind: ServiceKind,
    service_id: String,
) -> impl IntoView {
    let active = Signal::derive(move || {
        deployment.with(|d| {
            d.as_ref()
                .is_some_and(|d| deployment_active(d.status.as_ref()))
        })
    });
    let version = use_version(client);
    let did = deployment_id.clone();
    let stop = use_write(client, move |c: Client, id: String| async move {
        c.kill_build(kind, &id).await
    });
    let asking = RwSignal::new(false);
    on_success(stop, Callback::new(move |_| asking.set(false)));
    let service_id = StoredValue::new(service_id);
    view! {
        <section class="card deployment-log" data-test="deployment-log" aria-label="Deployment log">
            <div class="row row--between">
                <div class="deployment-log__title">
                    <h2 class="card__heading">{move || deployment.with(|d| d.as_ref().and_then(|d| d.title.clone()).filter(|t| !t.is_empty()).unwrap_or_else(|| "Deployment".into()))}</h2>
                    <div class="row small">
                        {move || deployment.get().map(|d| {
                            let (word, label) = deployment_badge(d.status.as_ref());
                            view! {
                                <span class=format!("badge badge--{word}") data-test="deployment-status">{label}</span>
                                <span class="muted">{move || deployment_duration(&d, now.get()).map(duration_label).unwrap_or_default()}</span>
                            }
                        })}
                        {move || active.get().then(|| view! { <span class="muted">"· live, refreshing every 2 s"</span> })}
                    </div>
                </div>
                <div class="row row--nowrap">
                    {move || (active.get() && version.get().is_some_and(|v| v.has_kill_build())).then(|| view! {
                        <button class="btn btn--small btn--danger" data-test="kill-build" on:click=move |_| asking.set(true)>"Stop the build"</button>
                    })}
                    <a class="btn btn--small" href=close data-test="close-deployment">"Close"</a>
                </div>
            </div>
            {move || deployment.with(|d| d.as_ref().and_then(|d| d.error_message.clone()).filter(|m| !m.is_empty()))
                .map(|m| view! { <div class="alert alert--error small">{m}</div> })}
            {move || version.get().map(|v| if v.has_run_logs() {
                view! { <BuildLog client=client deployment_id=did.clone() active=active /> }.into_any()
            } else {
                no_logs_here(&v, "build logs", "v0.29.5")
            })}
            <p class="small muted">{format!("Deployment {deployment_id}")}</p>
        </section>
        {move || asking.get().then(|| view! {
            <ConfirmDialog title="Stop the build?"
                message=if kind == ServiceKind::Compose {
                    "Dokploy stops every docker compose run on this service's server at this moment, not only this one. The deployment ends as failed; the running containers stay."
                } else {
                    "Dokploy stops every image build on this service's server at this moment, not only this one. The deployment ends as failed; the running containers stay."
                }
                confirm_label="Stop the build"
                pending=Signal::from(stop.pending())
                on_confirm=Callback::new(move |_| run_once(stop, service_id.get_value()))
                on_cancel=Callback::new(move |_| asking.set(false)) />
            <ErrorToast error=Signal::derive(move || failure(stop)) />
        })}
    }
}

/// The build log text (`deployment.readLogs`, v0.29.5+): every 2 s while `active`, once more
/// when it ends.
#[component]
fn BuildLog(
    client: Memo<Option<Client>>,
    deployment_id: String,
    #[prop(into)] active: Signal<bool>,
) -> impl IntoView {
    let log = use_live(
        client,
        Duration::from_secs(2),
        u64::MAX,
        active,
        move |c: Client| {
            let did = deployment_id.clone();
            let tail = if active.get_untracked() {
                LIVE_TAIL
            } else {
                FULL_TAIL
            };
            async move { c.deployment_read_logs(&did, Some(tail)).await }
        },
    );
    // One last read when it finishes, for the final lines.
    on_end(move || active.get(), move || log.refresh());
    view! {
        {log.error_view()}
        <LogView text=log.data label="Build log" empty="The log is empty so far." />
    }
}

/// The newest deployments as bars of their duration, coloured by outcome, with the success
/// rate, median and 90th percentile, and a table of the same for those who would rather read.
fn plot(list: &[Deployment], now: i64) -> AnyView {
    const N: usize = 30;
    let f = figures(list);
    let bars = bars(list, N, now);
    let top = bars.iter().map(|b| b.ms).max().unwrap_or(1).max(1);
    let summary = [
        f.success_percent()
            .map(|p| format!("{p} % succeeded ({} of {})", f.done, f.ended)),
        f.median_ms.map(|m| format!("median {}", duration_label(m))),
        f.p90_ms
            .map(|m| format!("90 % within {}", duration_label(m))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let w = (N * 10) as i64;
    let rects: Vec<_> = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let h = (b.ms * 96 / top).max(2);
            view! {
                <rect class=format!("bar bar--{}", b.word) x=i * 10 + 1 y=100 - h width="8" height=h>
                    <title>{format!("{}: {}", ago_label(now, b.started), duration_label(b.ms))}</title>
                </rect>
            }
        })
        .collect();
    let rows: Vec<_> = bars
        .iter()
        .rev()
        .map(|b| {
            vec![
                ago_label(now, b.started),
                duration_label(b.ms),
                b.word.to_string(),
            ]
        })
        .collect();
    view! {
        <section class="card" data-test="deployment-figures">
            <h2 class="card__heading">{format!("The last {}", bars.len())}</h2>
            <p class="small" data-test="deployment-summary">{summary.clone()}</p>
            <svg class="bars" viewBox=format!("0 0 {w} 100") preserveAspectRatio="none" role="img"
                aria-label=format!("Duration of the last {} deployments, oldest first: {summary}", bars.len())>
                {rects}
            </svg>
            <p class="small muted">"Each bar is a deployment, its height how long it took: green done, red failed, grey cancelled, amber running."</p>
            {figures_table(vec!["Started", "Took", "Outcome"], rows)}
        </section>
    }
    .into_any()
}
