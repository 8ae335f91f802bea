//! Servers (`#/i/{inst}/servers`): the remote servers Dokploy deploys and builds on, each with
//! its address, SSH key and the services it runs (looked up in every project, a few requests
//! at a time), and its metrics where its monitoring is set up ([`crate::servers`] has the rules
//! and the markup). Adding and setting up a server stays in Dokploy (it runs commands over SSH).

use std::cell::Cell;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ApiError, Client};
use crate::components::DokployLink;
use crate::dashboard::Page;
use crate::model::{Project, ServerSample};
use crate::pages::live::{bounded, use_client, use_fetch, use_list, Job};
use crate::pages::settings::{settings_head, SettingsNav};
use crate::servers::{hosted, metrics_source, server_rows_html, OnServer};
use crate::state::dom::clicked;
use crate::state::era::use_version;

/// `project.one` requests in flight at most while looking for the services on the servers.
const IN_FLIGHT: usize = 3;

/// Samples asked of a server's monitoring (one a minute by default: the last 50 minutes).
const POINTS: u32 = 50;

type Hosted = Arc<BTreeMap<String, Vec<OnServer>>>;
type Metrics = Option<(String, Option<Result<Vec<ServerSample>, ApiError>>)>;

/// The services on each server: every project's `project.one` (`project.all` does not say
/// where a service runs from v0.25); a project that fails to answer is left out.
async fn scan(c: Client) -> Result<Hosted, ApiError> {
    let ids: Vec<String> = c
        .project_all()
        .await?
        .into_iter()
        .map(|p| p.project_id)
        .collect();
    let found = Rc::new(RefCell::new(Vec::<Project>::new()));
    let jobs: Vec<Job> = ids
        .into_iter()
        .map(|id| {
            let (c, found) = (c.clone(), found.clone());
            Box::pin(async move {
                if let Ok(p) = c.project_one(&id).await {
                    found.borrow_mut().push(p);
                }
            }) as Job
        })
        .collect();
    bounded(jobs, IN_FLIGHT).await;
    let projects = found.borrow();
    Ok(Arc::new(hosted(&projects)))
}

#[component]
pub fn ServersPage(inst: String) -> impl IntoView {
    let client = use_client(&inst);
    let version = use_version(client);
    let kick = RwSignal::new(0u32);
    let listed = use_list(client, kick, |c| async move { c.server_all().await });
    // Key names for the rows; a member who may not read the keys sees "Set".
    let keys = use_fetch(move || {
        let c = client.get();
        async move {
            let Some(c) = c else {
                return Arc::new(BTreeMap::new());
            };
            let names = c.ssh_key_all().await.unwrap_or_default();
            Arc::new(
                names
                    .into_iter()
                    .map(|k| (k.ssh_key_id, k.name))
                    .collect::<BTreeMap<_, _>>(),
            )
        }
    });
    let services = RwSignal::new(None::<Result<Hosted, ApiError>>);
    let scanned = Rc::new(Cell::new(false));
    Effect::new(move |_| {
        let any = listed.with(|l| matches!(l, Some(Ok(s)) if !s.is_empty()));
        if !any || scanned.replace(true) {
            return;
        }
        let Some(c) = client.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let found = scan(c).await;
            services.try_set(Some(found));
        });
    });
    let open = RwSignal::new(Metrics::None);
    let read_metrics = move |id: String| {
        let source = listed.with_untracked(|l| match l {
            Some(Ok(list)) => list
                .iter()
                .find(|s| s.server_id == id)
                .and_then(metrics_source),
            _ => None,
        });
        let (Some((url, token)), Some(c)) = (source, client.get_untracked()) else {
            return;
        };
        // v0.18's name of the procedure (`admin.getServerMetrics`).
        let legacy = version.with_untracked(|v| v.as_ref().is_some_and(|v| !v.at_least(0, 19, 0)));
        open.set(Some((id.clone(), None)));
        leptos::task::spawn_local(async move {
            let answer = c.server_metrics(&url, &token, POINTS, legacy).await;
            // Only if that server's metrics are still the ones open.
            let still = open
                .try_with_untracked(|o| o.as_ref().is_some_and(|(at, _)| *at == id))
                .unwrap_or(false);
            if still {
                open.try_set(Some((id, Some(answer))));
            }
        });
    };
    let on_list = move |ev: leptos::ev::MouseEvent| {
        let Some((action, id)) = clicked(&ev) else {
            return;
        };
        match action.as_str() {
            "retry" => kick.update(|k| *k += 1),
            "metrics" if open.with_untracked(|o| o.as_ref().is_some_and(|(at, _)| *at == id)) => {
                open.set(None)
            }
            _ => read_metrics(id),
        }
    };
    let rows = {
        let inst = inst.clone();
        move || {
            let hosted = services.with(|s| s.clone());
            let keys = keys.get().unwrap_or_default();
            // The open metrics are read in place: their samples are not copied for each draw.
            open.with(|m| {
                listed.with(|l| {
                    server_rows_html(
                        l.as_ref(),
                        hosted.as_ref().map(|r| r.as_ref().map(|a| a.as_ref())),
                        &keys,
                        m.as_ref().map(|(id, a)| (id.as_str(), a.as_ref())),
                        &inst,
                        js_sys::Date::now() as i64,
                    )
                })
            })
        }
    };
    view! {
        {settings_head(&inst, "Servers", "The remote servers Dokploy deploys and builds on, what runs on each, and how they are doing.")}
        <SettingsNav inst=inst.clone() current="servers" />
        <section class="card" data-test="servers">
            <p class="small">
                "Adding a server and setting it up (Docker, Traefik, monitoring) happens in Dokploy, which runs the commands over SSH. "
                <DokployLink inst=inst.clone() page=Page::Servers label="Open Servers in Dokploy" />
            </p>
            <div class="u-mt-16" data-test="server-list" on:click=on_list inner_html=rows></div>
        </section>
    }
}
