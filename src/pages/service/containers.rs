//! The Containers tab: what Docker runs for the service, as Dokploy reads it
//! (`docker.getContainersByAppNameMatch`; an application's or database's swarm tasks too, with
//! their node), refreshed every 10 s; a container restarted after a confirmation. Dokploy answers
//! an empty list when it cannot reach Docker, so an empty list is explained, not an error.

use std::time::Duration;

use leptos::prelude::*;

use crate::api::Client;
use crate::components::{ConfirmDialog, ErrorToast};
use crate::model::{Container, ServiceKind};
use crate::pages::live::{failure, on_success, run_once, use_live, use_write};

/// Which containers a service has: `app_type` is `docker-compose` or `stack` for a compose.
#[component]
pub(crate) fn ContainersTab(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    app_name: String,
    app_type: Option<&'static str>,
    /// The remote server the service runs on.
    server_id: Option<String>,
) -> impl IntoView {
    let swarm = kind != ServiceKind::Compose;
    let (name, server) = (app_name.clone(), server_id.clone());
    let live = use_live(
        client,
        Duration::from_secs(10),
        1,
        Signal::stored(false),
        move |c: Client| {
            let (name, server) = (name.clone(), server.clone());
            async move {
                let s = server.as_deref();
                let containers = c.containers(&name, app_type, s).await?;
                let tasks = if swarm {
                    c.service_tasks(&name, s).await?
                } else {
                    Vec::new()
                };
                Ok((containers, tasks))
            }
        },
    );
    let version = crate::state::era::use_version(client);
    // Before v0.29 Dokploy restarts only on its own server.
    let remote = server_id.is_some();
    let can_restart = move || !remote || version.get().is_some_and(|v| v.has_remote_restart());
    let server = StoredValue::new(server_id);
    let restart = use_write(client, move |c: Client, id: String| async move {
        c.container_restart(&id, server.get_value().as_deref())
            .await
    });
    let open = RwSignal::new(None::<Container>);
    on_success(
        restart,
        Callback::new(move |_| {
            open.set(None);
            live.refresh();
        }),
    );
    let row = move |c: Container, task: bool| {
        let badge = match c.state.as_str() {
            "running" => "badge badge--running",
            "exited" | "dead" | "failed" | "rejected" => "badge badge--error",
            _ => "badge badge--unknown",
        };
        let status = if task {
            c.current_state.clone()
        } else {
            c.status.clone()
        };
        let detail = [
            c.node.as_deref().map(|n| format!("node {n}")),
            c.error.clone().filter(|e| !e.is_empty()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        let short: String = c.container_id.chars().take(12).collect();
        let target = c.clone();
        view! {
            <div class="advanced-row" data-test=if task { "task" } else { "container" }>
                <div class="advanced-row__text">
                    <span class=badge>{c.state.clone()}</span>" "<code>{c.name.clone()}</code>
                    <div class="small muted">{status}" · "<span class="mono">{short}</span></div>
                    {(!detail.is_empty()).then(|| view! { <div class="small muted">{detail}</div> })}
                </div>
                {(!task && can_restart()).then(|| view! {
                    <button class="btn btn--small" data-test="restart-container" on:click=move |_| open.set(Some(target.clone()))>"Restart"</button>
                })}
            </div>
        }
    };
    view! {
        <section class="card" data-test="containers">
            <h2 class="card__heading">"Containers"</h2>
            <p class="small muted">{if swarm {
                "The containers Docker runs for this service on its server (refreshed every 10 s)."
            } else {
                "The containers of this compose project (refreshed every 10 s)."
            }}</p>
            {live.error_view()}
            {move || match live.data.get() {
                None => view! { <p class="small muted">"Asking Docker…"</p> }.into_any(),
                Some((list, _)) if list.is_empty() => view! {
                    <p class="empty" data-test="no-containers">"Docker reports no container for this service. It has not been deployed, or it is stopped. If it should be running, Dokploy may not reach Docker on its server: Dokploy answers an empty list then."</p>
                }.into_any(),
                Some((list, _)) => list.into_iter().map(|c| row(c, false)).collect_view().into_any(),
            }}
            {move || (!can_restart()).then(|| view! {
                <p class="small muted" data-test="no-remote-restart">"This Dokploy restarts containers only on its own server (v0.29 and later restart them on others): on the service's server, run docker container restart with the id shown."</p>
            })}
        </section>
        {swarm.then(|| view! {
            <section class="card" data-test="tasks">
                <h2 class="card__heading">"Swarm tasks"</h2>
                <p class="small muted">"Each deploy starts new tasks and shuts the old ones down; a failed task says why."</p>
                {move || live.data.get().map(|(_, tasks)| if tasks.is_empty() {
                    view! { <p class="empty">"No tasks."</p> }.into_any()
                } else {
                    tasks.into_iter().map(|c| row(c, true)).collect_view().into_any()
                })}
            </section>
        })}
        {move || open.get().map(|c| {
            let id = c.container_id.clone();
            view! {
                <ConfirmDialog title=format!("Restart {}?", c.name)
                    message="Docker stops and starts this container: it does not answer for a few seconds, and anything it keeps outside its volumes is lost."
                    confirm_label="Restart"
                    pending=Signal::from(restart.pending())
                    on_confirm=Callback::new(move |_| run_once(restart, id.clone()))
                    on_cancel=Callback::new(move |_| open.set(None)) />
                <ErrorToast error=Signal::derive(move || failure::<String, ()>(restart)) />
            }
        })}
    }
}
