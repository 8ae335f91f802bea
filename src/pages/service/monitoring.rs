//! The Monitoring tab: the figures Dokploy recorded of the service's container
//! (`application.readAppMonitoring`) as plots, each with its figures in a table behind it; where
//! it has none, why, and what to do ([`crate::service_view::monitoring`]).

use std::time::Duration;

use leptos::prelude::*;

use super::in_dokploy_link;
use crate::api::{ApiError, Client};
use crate::components::{figures_table, ErrorView};
use crate::pages::live::{now_ms, use_live};
use crate::service_view::monitoring::{label, no_docker, plots, Plot};
use crate::service_view::time::ago_label;

const W: i64 = 600;
const H: i64 = 120;

#[component]
pub(crate) fn MonitoringTab(client: Memo<Option<Client>>, app_name: String) -> impl IntoView {
    let live = use_live(
        client,
        Duration::from_secs(10),
        1,
        Signal::stored(false),
        move |c: Client| {
            let name = app_name.clone();
            async move { c.app_monitoring(&name).await.map(|v| v.map(|v| plots(&v))) }
        },
    );
    view! {
        <p class="small muted">"Dokploy records these figures (every 1.3 s, the last six minutes) only while its own Monitoring page of this service is open: it reads Docker for a signed-in browser, which Skiff, holding an API key, cannot do. Skiff shows what it recorded last."</p>
        {move || match (live.data.get(), live.error.get()) {
            (Some(Some(p)), _) if !p.is_empty() => p.into_iter().map(plot).collect_view().into_any(),
            (Some(Some(_)), _) => view! {
                <section class="card" data-test="no-figures">
                    <p>"Dokploy has no figures for this service yet."</p>
                    <p class="small muted">"Open its Monitoring page in Dokploy and keep it open a minute: the figures appear here, and stay until Dokploy records new ones."</p>
                    {in_dokploy_link("Open the service in Dokploy")}
                </section>
            }.into_any(),
            (Some(None), _) => view! {
                <p class="empty" data-test="not-running">"No container of this service is running, so there is nothing to measure. Deploy or start it first."</p>
            }.into_any(),
            (None, Some(e)) => problem(e, Callback::new(move |_| live.refresh())),
            (None, None) => view! { <p class="small muted">"Reading the figures…"</p> }.into_any(),
        }}
    }
}

/// Why there are no figures: no Docker, Dokploy Cloud, or another failure.
fn problem(e: ApiError, retry: Callback<()>) -> AnyView {
    if no_docker(&e) {
        return view! {
            <p class="empty" data-test="no-docker">"This Dokploy cannot reach Docker on its server, so it records no figures. Check that Docker runs there (docker info) and that Dokploy's container mounts /var/run/docker.sock."</p>
        }
        .into_any();
    }
    if let ApiError::Unauthorized { message } = &e {
        if message.contains("cloud") {
            return view! {
                <p class="empty" data-test="cloud">"Dokploy Cloud keeps no figures of its own: set up monitoring of your servers in Dokploy's Settings › Monitoring and look at them there."</p>
            }
            .into_any();
        }
    }
    view! { <ErrorView error=e on_retry=retry /> }.into_any()
}

/// One plot: its lines over time, the newest and the highest value, and a table of its figures
/// (a sample of at most 24 rows) for screen readers and those who would rather read.
fn plot(p: Plot) -> AnyView {
    let (t0, t1) = p.span().unwrap_or_default();
    let now = now_ms();
    let unit = p.unit;
    let summary = p
        .lines
        .iter()
        .filter_map(|(name, pts)| {
            let last = pts.last()?.1;
            let peak = pts.iter().map(|x| x.1).max()?;
            Some(format!(
                "{name}: {} now, {} at most",
                label(unit, last),
                label(unit, peak)
            ))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let paths: Vec<_> = (0..p.lines.len())
        .map(|i| view! { <path class=format!("plot__line plot__line--{i}") d=p.path(i, W, H) vector-effect="non-scaling-stroke" /> })
        .collect();
    let first = &p.lines[0].1;
    let step = first.len().div_ceil(24).max(1);
    let rows: Vec<_> = (0..first.len())
        .step_by(step)
        .map(|i| {
            let t = first[i].0;
            let cells = p
                .lines
                .iter()
                .map(|(_, pts)| pts.get(i).map(|x| label(unit, x.1)).unwrap_or_default());
            std::iter::once(ago_label(now, t)).chain(cells).collect()
        })
        .collect();
    let heads = std::iter::once("When")
        .chain(p.lines.iter().map(|(n, _)| *n))
        .collect();
    let legend: Vec<_> = p
        .lines
        .iter()
        .enumerate()
        .map(|(i, (n, _))| view! { <span class=format!("plot__key plot__key--{i}")>{*n}</span> })
        .collect();
    view! {
        <section class="card" data-test="plot">
            <h2 class="card__heading">{p.title}</h2>
            <p class="small muted">{p.what}" "{p.total.map(|t| format!("At most {}.", label(unit, t)))}</p>
            <p class="small" data-test="plot-summary">{summary.clone()}</p>
            <svg class="plot" viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none" role="img" aria-label=format!("{}: {summary}", p.title)>
                {paths}
            </svg>
            <div class="row row--between small muted">
                <span>{ago_label(now, t0)}</span>
                <span class="row">{legend}</span>
                <span>{ago_label(now, t1)}</span>
            </div>
            {figures_table(heads, rows)}
        </section>
    }
    .into_any()
}
