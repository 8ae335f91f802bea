//! The container logs of a service (`*.readLogs`): lines, since, search; refreshed while live.

use std::time::Duration;

use leptos::prelude::*;

use crate::pages::live::effect;

use crate::api::{valid_search, ApiError, Client, LogQuery};
use crate::components::{ErrorView, LogView};
use crate::model::{DokployVersion, ServiceKind};
use crate::overview::lower;
use crate::pages::live::{no_key, use_fetch, use_live};
use crate::service_view::compose_container;
use crate::state::era::use_version;

/// Which service's logs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum LogSource {
    Application(String),
    Compose {
        id: String,
        app_name: String,
        compose_type: Option<String>,
    },
    Database(ServiceKind, String),
}

const TAILS: [u32; 4] = [100, 500, 1000, 5000];
const SINCE: [(&str, &str); 7] = [
    ("all", "All time"),
    ("5m", "Last 5 minutes"),
    ("15m", "Last 15 minutes"),
    ("1h", "Last hour"),
    ("6h", "Last 6 hours"),
    ("24h", "Last 24 hours"),
    ("7d", "Last 7 days"),
];

/// Friendlier words for what `readLogs` answers when there is nothing to read.
fn explain(e: &ApiError) -> Option<&'static str> {
    match e {
        ApiError::Server { message, .. } if message.contains("No container") => {
            Some("The service has no running container: deploy or start it, then its logs appear here.")
        }
        ApiError::Server { message, .. } if lower(message).contains("docker") => {
            Some("Dokploy could not reach Docker on its server, so it cannot read container logs.")
        }
        ApiError::NotFound { .. } => Some("This Dokploy version has no log API (it arrived in v0.29); open the logs in Dokploy itself."),
        _ => None,
    }
}

/// What Skiff says where an instance cannot serve logs over HTTP (its version is below `since`),
/// with a link to the service's page in Dokploy, where they are.
pub(crate) fn no_logs_here(version: &DokployVersion, what: &str, since: &str) -> AnyView {
    view! {
        <p class="empty" data-test="logs-unsupported">
            {format!("Dokploy {version} shows {what} only in its own dashboard, over a connection that needs a Dokploy login. ")}
            {super::in_dokploy_link("Open this service in Dokploy")}
            {format!(" to read them; from Dokploy {since} on, Skiff shows them here.")}
        </p>
    }
    .into_any()
}

/// The Logs tab: container logs where the instance serves them (v0.29+), else a sentence saying
/// where to read them, and no request that must fail.
#[component]
pub(crate) fn LogsTab(client: Memo<Option<Client>>, source: LogSource) -> impl IntoView {
    let version = use_version(client);
    move || {
        version.get().map(|v| {
            if v.has_service_logs() {
                view! { <LiveLogs client=client source=source.clone() /> }.into_any()
            } else {
                view! {
                    <section class="card" data-test="logs">
                        <h2 class="card__heading">"Logs"</h2>
                        {no_logs_here(&v, "container logs", "v0.29")}
                    </section>
                }
                .into_any()
            }
        })
    }
}

#[component]
fn LiveLogs(client: Memo<Option<Client>>, source: LogSource) -> impl IntoView {
    let tail = RwSignal::new(100u32);
    let since = RwSignal::new("all".to_string());
    let search_input = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let live_on = RwSignal::new(true);
    let service = RwSignal::new(None::<String>);

    // Compose: the services of the file, to pick whose container to read.
    let services = RwSignal::new(None::<Result<Vec<String>, ApiError>>);
    if let LogSource::Compose { id, .. } = &source {
        let id = id.clone();
        let loaded = use_fetch(move || {
            let c = client.get();
            let id = id.clone();
            async move {
                match c {
                    Some(c) => c.compose_load_services(&id).await,
                    None => Err(no_key()),
                }
            }
        });
        effect(move || {
            if let Some(r) = loaded.get() {
                if let Ok(list) = &r {
                    if service.get_untracked().is_none() {
                        service.set(list.first().cloned());
                    }
                }
                services.set(Some(r));
            }
        });
    }
    let is_compose = matches!(source, LogSource::Compose { .. });
    let src = source.clone();
    let logs = use_live(
        client,
        Duration::from_secs(5),
        u64::MAX,
        live_on.into(),
        move |c: Client| {
            let q = LogQuery {
                tail: Some(tail.get()),
                since: Some(since.get()),
                search: Some(search.get()).filter(|s| !s.is_empty()),
            };
            let src = src.clone();
            let svc = service.get();
            async move {
                match src {
                    LogSource::Application(id) => c.application_read_logs(&id, &q).await,
                    LogSource::Database(kind, id) => c.database_read_logs(kind, &id, &q).await,
                    LogSource::Compose {
                        id,
                        app_name,
                        compose_type,
                    } => match svc {
                        Some(s) => {
                            let container =
                                compose_container(&app_name, compose_type.as_deref(), &s);
                            c.compose_read_logs(&id, &container, &q).await
                        }
                        None => Ok(String::new()),
                    },
                }
            }
        },
    );
    let search_error = Memo::new(move |_| {
        (!valid_search(&search_input.get())).then_some("Letters, digits, spaces and . _ - only.")
    });
    let apply_search = move || {
        if search_error.get_untracked().is_none() {
            search.set(search_input.get_untracked().trim().to_string());
        }
    };
    view! {
        <section class="card logs" data-test="logs">
            <div class="row row--between">
                <h2 class="card__heading">"Logs"</h2>
                <label class="check small">
                    <input type="checkbox" data-test="logs-live" prop:checked=move || live_on.get() on:change=move |ev| live_on.set(event_target_checked(&ev)) />
                    "Live (every 5 s)"
                </label>
            </div>
            <form class="logs__controls" on:submit=move |ev| { ev.prevent_default(); apply_search(); }>
                {is_compose.then(|| view! {
                    <div class="field">
                        <label for="logs-service">"Service"</label>
                        {move || match services.get() {
                            None => view! { <span class="small muted">"Loading services…"</span> }.into_any(),
                            Some(Err(_)) => view! { <span class="small muted">"Not available"</span> }.into_any(),
                            Some(Ok(list)) if list.is_empty() => view! { <span class="small muted">"The compose file names no services."</span> }.into_any(),
                            Some(Ok(list)) => view! {
                                <select id="logs-service" class="input" data-test="logs-service" on:change=move |ev| service.set(Some(event_target_value(&ev)))>
                                    {list.into_iter().map(|s| {
                                        let sel = service.get_untracked().as_deref() == Some(s.as_str());
                                        view! { <option value=s.clone() selected=sel>{s.clone()}</option> }
                                    }).collect_view()}
                                </select>
                            }.into_any(),
                        }}
                    </div>
                })}
                <div class="field">
                    <label for="logs-tail">"Lines"</label>
                    <select id="logs-tail" class="input" data-test="logs-tail" on:change=move |ev| tail.set(event_target_value(&ev).parse().unwrap_or(100))>
                        {TAILS.into_iter().map(|t| view! { <option value=t.to_string() selected=move || tail.get() == t>{format!("Last {t}")}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="logs-since">"Since"</label>
                    <select id="logs-since" class="input" data-test="logs-since" on:change=move |ev| since.set(event_target_value(&ev))>
                        {SINCE.into_iter().map(|(v, l)| view! { <option value=v selected=move || since.get() == v>{l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field logs__search">
                    <label for="logs-search">"Search"</label>
                    <div class="input-row">
                        <input id="logs-search" class="input" type="search" data-test="logs-search" placeholder="e.g. error" maxlength="500"
                            aria-invalid=move || search_error.get().is_some().to_string()
                            prop:value=move || search_input.get() on:input=move |ev| search_input.set(event_target_value(&ev)) />
                        <button data-free type="submit" class="btn" data-test="logs-apply" disabled=move || search_error.get().is_some()>"Search"</button>
                    </div>
                    {move || search_error.get().map(|e| view! { <span class="field__error">{e}</span> })}
                </div>
            </form>
            {move || services.get().and_then(Result::err).map(|e| view! {
                <div class="alert alert--info" data-test="logs-services-error">
                    <div class="alert__title">"Skiff cannot list this compose file's services"</div>
                    <div>{format!("Dokploy answered: {e}")}</div>
                    <div>"Dokploy reads the services from the compose file it deployed: deploy this service once (or check its compose file on the General tab), then open Logs again to pick a service."</div>
                </div>
            })}
            {move || logs.error.get().map(|e| {
                let hint = explain(&e);
                view! {
                    <div data-test="logs-error">
                        {hint.map(|h| view! { <div class="alert alert--info"><div class="alert__title">"No logs to show"</div><div>{h}</div></div> })}
                        <ErrorView error=e on_retry=Callback::new(move |_| logs.refresh()) />
                    </div>
                }
            })}
            // An error replaces the log (lines read before it stay, marked by the error above);
            // "No log lines" is said only of an answer that had none.
            {move || {
                let readable = !is_compose || services.with(|s| matches!(s, Some(Ok(l)) if !l.is_empty()));
                readable && (logs.error.with(Option::is_none) || logs.data.with(Option::is_some))
            }.then(|| view! {
                <LogView text=Signal::derive(move || logs.data.get())
                    label="Container log" empty="No log lines for this filter." />
            })}
        </section>
    }
}
