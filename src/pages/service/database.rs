//! A database page (postgres, mysql, mariadb, mongo, redis, libsql): status and actions,
//! credentials and connection strings (password masked), the external port, environment, logs.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::pages::live::effect;

use super::advanced::AdvancedTab;
use super::backups::BackupsTab;
use super::containers::ContainersTab;
use super::logs::{LogSource, LogsTab};
use super::monitoring::MonitoringTab;
use super::{era_tabs, use_tab, DeleteService, Head, LiveState, MoveService, Place, ServiceHead};
use crate::api::Client;
use crate::components::{CopyButton, EnvEditor, ErrorView, MaskedValue, SaveEnv, SecretText};
use crate::model::{Database, ServiceKind, ServiceStatus};
use crate::pages::live::{
    failure, no_key, run_once, use_client, use_form, use_live, use_write, Live,
};
use crate::service_view::connection::{external, host_of, internal, internal_port, parse_port};
use crate::service_view::swarm::present;
use crate::state::session::use_session;

const TABS: [(&str, &str); 6] = [
    ("general", "General"),
    ("environment", "Environment"),
    ("logs", "Logs"),
    ("containers", "Containers"),
    ("monitoring", "Monitoring"),
    ("advanced", "Advanced"),
];

#[component]
pub fn DatabasePage(inst: String, kind: ServiceKind, id: String) -> impl IntoView {
    let client = use_client(&inst);
    let tab = use_tab();
    let fast = RwSignal::new(false);
    let following = RwSignal::new(false);
    let did = id.clone();
    let live: Live<Database> = use_live(
        client,
        Duration::from_secs(2),
        5,
        fast.into(),
        move |c: Client| {
            let id = did.clone();
            async move { c.database_one(kind, &id).await }
        },
    );
    effect(move || {
        let b = following.get()
            || live.data.with(|d| {
                d.as_ref()
                    .is_some_and(|d| matches!(d.application_status, Some(ServiceStatus::Running)))
            });
        if fast.get_untracked() != b {
            fast.set(b);
        }
    });
    let head = Signal::derive(move || {
        live.data.with(|d| {
            d.as_ref().map(|d| Head {
                name: d.name.clone(),
                app_name: d.app_name.clone().unwrap_or_default(),
                description: d.description.clone(),
                status: d.application_status.clone(),
                latest: None,
                place: Place::of(
                    &d.environment,
                    &d.project,
                    d.project_id.as_deref(),
                    d.environment_id.as_deref(),
                ),
            })
        })
    });
    super::provide_in_dokploy(&inst, kind, &id, head);
    let session = use_session();
    let host = session
        .instance(&inst)
        .map(|i| host_of(&i.url))
        .unwrap_or_default();
    let inst_s = StoredValue::new(inst.clone());
    let id_s = StoredValue::new(id.clone());
    let host_s = StoredValue::new(host);
    let back = Signal::derive(move || {
        head.with(|h| {
            h.as_ref()
                .and_then(|h| h.place.project_route(&inst_s.get_value()))
        })
    });
    let refresh = Callback::new(move |_| live.refresh());
    // Tabs are rebuilt only when the tab changes or data first arrives, never on a refresh.
    let has_data = Memo::new(move |_| live.data.with(Option::is_some));
    let name = Signal::derive(move || {
        live.data
            .with(|d| d.as_ref().map(|d| d.name.clone()).unwrap_or_default())
    });
    view! {
        <ServiceHead inst=inst.clone() client=client kind=kind id=id.clone() head=head following=following on_done=Callback::new(move |_| live.refresh()) />
        {era_tabs(&inst, kind, &id, &TABS, tab, client)}
        <LiveState error=live.error loading=Signal::derive(move || live.loading()) what=format!("Loading the {} database", kind.label())
            on_retry=refresh back=back has_data=has_data inst=inst.clone() />
        {move || has_data.get().then(|| match tab.get().as_str() {
            "environment" => {
                let save: SaveEnv = Rc::new(move |text: String| {
                    let c = client.get_untracked();
                    let id = id_s.get_value();
                    Box::pin(async move {
                        match c {
                            Some(c) => c.database_save_environment(kind, &id, Some(&text)).await,
                            None => Err(no_key()),
                        }
                    })
                });
                view! {
                    <EnvEditor title="Environment variables" test="env"
                        hint="Passed to the database container (e.g. tuning flags). Redeploy to apply."
                        value=Signal::derive(move || live.data.with(|d| d.as_ref().map(|d| d.env.clone().unwrap_or_default())))
                        save=save on_saved=refresh />
                }.into_any()
            }
            "advanced" => view! {
                <AdvancedTab client=client kind=kind id=id_s.get_value()
                    mounts=Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| a.mounts.clone().unwrap_or_default()).unwrap_or_default())) app=None
                    resources=Some(Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| [a.memory_limit.clone(), a.memory_reservation.clone(), a.cpu_limit.clone(), a.cpu_reservation.clone()]).unwrap_or_default())))
                    swarm=Signal::derive(move || live.data.with(|a| a.as_ref().map(|a| present(a.swarm())).unwrap_or_default()))
                    on_change=Callback::new(move |_| live.refresh()) />
            }.into_any(),
            "logs" => view! { <LogsTab client=client source=LogSource::Database(kind, id_s.get_value()) /> }.into_any(),
            "containers" => live.data.with_untracked(|a| a.as_ref().map(|a| view! {
                <ContainersTab client=client kind=kind app_name=a.app_name.clone().unwrap_or_default() app_type=None server_id=a.server_id.clone() />
            })).into_any(),
            "monitoring" => view! { <MonitoringTab client=client app_name=live.data.with_untracked(|a| a.as_ref().and_then(|a| a.app_name.clone()).unwrap_or_default()) /> }.into_any(),
            "backups" => view! {
                <BackupsTab inst=inst_s.get_value() client=client kind=kind id=id_s.get_value()
                    app_name=Signal::derive(move || live.data.with(|d| d.as_ref().and_then(|d| d.app_name.clone()).unwrap_or_default()))
                    database=Signal::derive(move || live.data.with(|d| d.as_ref().and_then(|d| d.database_name.clone()).unwrap_or_default()))
                    backups=Signal::derive(move || live.data.with(|d| d.as_ref().map(|d| d.backups.clone().unwrap_or_default())))
                    on_changed=refresh />
            }.into_any(),
            _ => view! {
                <div class="stack">
                    <Credentials kind=kind live=live />
                    <ExternalAccess client=client kind=kind live=live host=host_s.get_value() />
                    <MoveService client=client kind=kind id=id_s.get_value() on_moved=Callback::new(move |_| live.refresh()) />
                    <DeleteService inst=inst_s.get_value() client=client kind=kind id=id_s.get_value() name=name back=back />
                </div>
            }.into_any(),
        })}
    }
}

/// User, password, database, internal host and the internal connection string.
#[component]
fn Credentials(kind: ServiceKind, live: Live<Database>) -> impl IntoView {
    move || {
        live.data.get().map(|db| {
        let conn = internal(&db, kind);
        let app = db.app_name.clone().unwrap_or_default();
        view! {
            <section class="card" data-test="credentials">
                <h2 class="card__heading">"Internal connection"</h2>
                <p class="small muted">"From other services on the same Dokploy server (the Docker network)."</p>
                <dl class="kv">
                    {db.database_user.clone().filter(|_| kind != ServiceKind::Redis).map(|u| view! { <dt>"User"</dt><dd class="row"><code>{u.clone()}</code><CopyButton value=u /></dd> })}
                    {(kind == ServiceKind::Redis).then(|| view! { <dt>"User"</dt><dd><code>"default"</code></dd> })}
                    <dt>"Password"</dt>
                    <dd data-test="db-password">{match db.database_password.clone().filter(|p| !p.is_empty()) {
                        Some(p) => view! { <SecretText value=p /> }.into_any(),
                        None => view! { <span class="muted">"Not shown by this Dokploy version"</span> }.into_any(),
                    }}</dd>
                    {db.database_root_password.clone().filter(|p| !p.is_empty()).map(|p| view! { <dt>"Root password"</dt><dd><SecretText value=p /></dd> })}
                    {db.database_name.clone().filter(|n| !n.is_empty()).map(|n| view! { <dt>"Database"</dt><dd><code>{n}</code></dd> })}
                    <dt>"Host"</dt><dd class="row"><code>{app.clone()}</code><CopyButton value=app.clone() /></dd>
                    <dt>"Port"</dt><dd><code>{internal_port(kind).map(|p| p.to_string()).unwrap_or_default()}</code></dd>
                    {db.docker_image.clone().map(|i| view! { <dt>"Image"</dt><dd><code>{i}</code></dd> })}
                </dl>
                {conn.map(|c| view! {
                    <div class="field conn">
                        <span class="field__label">"Connection URL"</span>
                        <MaskedValue value=c.url.clone() masked=c.masked() test="internal-url" />
                    </div>
                })}
            </section>
        }
    })
    }
}

/// The published port (saveExternalPort) and the URL to reach the database from outside.
#[component]
fn ExternalAccess(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    live: Live<Database>,
    host: String,
) -> impl IntoView {
    let server = Signal::derive(move || {
        live.data.with(|d| {
            d.as_ref()
                .map(|d| d.external_port.map(|p| p.to_string()).unwrap_or_default())
        })
    });
    let form = use_form(server);
    let local = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let save = use_write(
        client,
        move |c: Client, (id, port): (String, Option<u16>)| async move {
            c.database_save_external_port(kind, &id, port).await
        },
    );
    let pending = save.pending();
    effect(move || {
        if let Some(Ok(())) = save.value().get() {
            form.saved();
            saved.set(true);
            live.refresh();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = form.value.get_untracked().unwrap_or_default();
        match parse_port(&text) {
            Err(e) => local.set(Some(e)),
            Ok(port) => {
                local.set(None);
                saved.set(false);
                if let Some(id) = live
                    .data
                    .with_untracked(|d| d.as_ref().and_then(|d| d.id().map(str::to_string)))
                {
                    run_once(save, (id, port));
                }
            }
        }
    };
    let host_s = StoredValue::new(host);
    view! {
        <section class="card" data-test="external">
            <h2 class="card__heading">"External access"</h2>
            <p class="small muted">"Publish a port on the server to reach the database from the internet. Choose a free port and allow it in the firewall."</p>
            <form class="row external__form" on:submit=submit novalidate=true>
                <div class="field external__port">
                    <label for="external-port">"External port"</label>
                    <input id="external-port" class="input" inputmode="numeric" placeholder="not published" data-test="field-external-port"
                        aria-invalid=move || local.get().is_some().to_string()
                        prop:value=move || form.value.get().unwrap_or_default()
                        on:input=move |ev| { let v = event_target_value(&ev); form.value.set(Some(v)); } />
                </div>
                <button type="submit" class="btn btn--primary" data-test="external-port-save" disabled=move || pending.get() || !form.dirty()
                    aria-busy=move || pending.get().to_string()>"Save"</button>
                {move || (saved.get() && !form.dirty()).then(|| view! { <span class="small form-actions__saved" role="status" data-test="external-port-saved">"Saved. Redeploy to apply."</span> })}
            </form>
            {move || local.get().map(|e| view! { <div class="field__error" role="alert">{e}</div> })}
            {move || failure(save).map(|e| view! { <ErrorView error=e /> })}
            {move || live.data.get().map(|db| match external(&db, kind, &host_s.get_value()) {
                Some(c) => view! {
                    <div class="field conn">
                        <span class="field__label">"External URL"</span>
                        <MaskedValue value=c.url.clone() masked=c.masked() test="external-url" />
                    </div>
                }.into_any(),
                None => view! { <p class="small muted" data-test="external-closed">"Not reachable from outside: no port is published."</p> }.into_any(),
            })}
        </section>
    }
}
