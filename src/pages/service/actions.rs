//! Deploy, redeploy, start, stop and reload, for any kind: the actions the service's status
//! allows (`service_view::ops_for`), one request at a time per service, Stop behind a
//! confirmation; after a deploy, a note that follows the deployment to its end.

use leptos::prelude::*;

use crate::pages::bulk::{ping_key, NotifySwitch};
use crate::pages::live::effect;
use crate::state::ping::use_ping;

use crate::api::{ApiError, Client};
use crate::components::{ConfirmDialog, ErrorToast, ErrorView};
use crate::model::{DeploymentStatus, ServiceKind, ServiceStatus};
use crate::pages::live::{failure, now_ms, run_once, use_write};
pub use crate::service_view::Op;
use crate::service_view::{deploy_note, ops_for, DeployNote};

/// A deploy is followed this long at most (then the note says what it saw last).
const FOLLOW_MS: i64 = 15 * 60 * 1000;

pub(crate) async fn perform(
    c: Client,
    kind: ServiceKind,
    id: String,
    app_name: String,
    op: Op,
) -> Result<(), ApiError> {
    match (op, kind) {
        (Op::Deploy, k) => c.service_deploy(k, &id).await,
        (Op::Redeploy, ServiceKind::Application) => c.application_redeploy(&id, None, None).await,
        (Op::Redeploy, ServiceKind::Compose) => c.compose_redeploy(&id, None, None).await,
        (Op::Redeploy, k) => c.service_deploy(k, &id).await,
        (Op::Start, k) => c.service_start(k, &id).await,
        (Op::Stop, k) => c.service_stop(k, &id).await,
        (Op::Reload, ServiceKind::Application) => c.application_reload(&id, &app_name).await,
        (Op::Reload, ServiceKind::Compose) => c.compose_redeploy(&id, None, None).await,
        (Op::Reload, k) => c.database_reload(k, &id, &app_name).await,
    }
}

/// What a note under the actions says.
#[derive(Clone, Copy, PartialEq)]
enum Note {
    /// A plain acknowledgement (start, stop, reload).
    Done(Op),
    /// A deploy queued at `since` (ms): the note follows the deployment it started
    /// (`deploy_note`).
    Deploy { since: i64 },
}

/// The control buttons of one service (its page's header): the actions its status allows
/// (`ops_for`).
#[component]
pub fn ServiceActions(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    #[prop(into)] id: String,
    /// Shown in the Stop confirmation.
    #[prop(into)]
    name: Signal<String>,
    /// Needed by Reload.
    #[prop(into)]
    app_name: Signal<String>,
    #[prop(into)] status: Signal<Option<ServiceStatus>>,
    /// The newest deployment (id, status), for kinds whose answer lists deployments: the note
    /// after a deploy follows the next one.
    #[prop(optional, into)]
    latest: Signal<Option<(String, Option<DeploymentStatus>)>>,
    /// Set while a deploy started here is on its way, so the page refreshes quickly.
    #[prop(optional)]
    following: Option<RwSignal<bool>>,
    /// Called after a successful action (refresh the data).
    on_done: Callback<Op>,
) -> impl IntoView {
    let act = use_write(
        client,
        move |c: Client, (id, app, op): (String, String, Op)| perform(c, kind, id, app, op),
    );
    let pending = act.pending();
    let last = RwSignal::new(None::<Op>);
    let confirm_stop = RwSignal::new(false);
    let note = RwSignal::new(None::<Note>);
    // The newest deployment when a deploy was clicked, and whether the service was seen
    // deploying since.
    let before = StoredValue::new(None::<String>);
    let seen_running = RwSignal::new(false);
    effect(move || {
        if let Some(Ok(())) = act.value().get() {
            if let Some(op) = last.get_untracked() {
                confirm_stop.set(false);
                note.set(Some(if op.deploys() {
                    Note::Deploy { since: now_ms() }
                } else {
                    Note::Done(op)
                }));
                on_done.run(op);
            }
        }
    });
    effect(move || {
        if matches!(status.get(), Some(ServiceStatus::Running)) && !seen_running.get_untracked() {
            seen_running.set(true);
        }
    });
    // Where the deploy has got to; `None` for other notes.
    let deploy_state = Memo::new(move |_| match note.get() {
        Some(Note::Deploy { .. }) => Some(latest.with(|l| {
            before.with_value(|b| {
                deploy_note(
                    b.as_deref(),
                    l.as_ref().map(|(id, st)| (id.as_str(), st.as_ref())),
                    status.get().as_ref(),
                    seen_running.get(),
                )
            })
        })),
        _ => None,
    });
    if let Some(following) = following {
        effect(move || {
            let on = match (note.get(), deploy_state.get()) {
                (Some(Note::Deploy { since }), Some(d)) => {
                    d.pending() && now_ms() - since < FOLLOW_MS
                }
                _ => false,
            };
            if following.get_untracked() != on {
                following.set(on);
            }
        });
    }
    // The tab's title and a notification follow a deploy seen running here (started here or
    // elsewhere): one key per service, shared with the bulk panel so each ends with one ping.
    if let Some(ping) = use_ping() {
        let key = StoredValue::new(ping_key(&id));
        let seen = StoredValue::new(false);
        effect(move || {
            let st = status.get();
            if matches!(st, Some(ServiceStatus::Running)) {
                seen.set_value(true);
                key.with_value(|k| ping.running(k, true));
            } else if seen.get_value() {
                seen.set_value(false);
                let ok = !matches!(st, Some(ServiceStatus::Error));
                let n = name.get_untracked();
                let what = if ok {
                    format!("{n} deployed")
                } else {
                    format!("{n}: the deployment failed")
                };
                key.with_value(|k| ping.ended(k, &what, ok));
            }
        });
        // Left while it deploys: the dock follows it on, so the ping still comes (what it
        // needs is read here: the cleanup runs as the page goes away).
        let handover = StoredValue::new_local(None::<(Client, String)>);
        effect(move || {
            let c = client.get();
            let n = name.get();
            handover.set_value(c.map(|c| (c, n)));
        });
        let bulk = use_context::<crate::pages::bulk::Bulk>();
        let id = id.clone();
        on_cleanup(move || {
            let watching = seen.try_get_value().unwrap_or(false);
            match (
                watching,
                bulk,
                handover.try_update_value(Option::take).flatten(),
            ) {
                (true, Some(bulk), Some((c, n))) => bulk.watch(c, kind, id, n),
                _ => {
                    let k = ping_key(&id);
                    ping.running(&k, false);
                }
            }
        });
    }
    let id = StoredValue::new(id);
    let fire = move |op: Op| {
        if pending.get_untracked() {
            return;
        }
        last.set(Some(op));
        note.set(None);
        if op.deploys() {
            before.set_value(latest.with_untracked(|l| l.as_ref().map(|(id, _)| id.clone())));
            seen_running.set(false);
        }
        run_once(act, (id.get_value(), app_name.get_untracked(), op));
    };
    let button = move |op: Op| {
        let class = match op {
            Op::Deploy => "btn btn--small btn--primary",
            Op::Stop => "btn btn--small btn--danger",
            _ => "btn btn--small",
        };
        view! {
            <button class=class data-test=op.test()
                disabled=move || pending.get()
                aria-busy=move || (pending.get() && last.get() == Some(op)).to_string()
                on:click=move |_| if op == Op::Stop { confirm_stop.set(true) } else { fire(op) }>
                {op.label()}
            </button>
        }
    };
    let ops = Memo::new(move |_| ops_for(kind, status.get().as_ref(), false));
    view! {
        <div class="service-actions" data-test="service-actions">
            {move || ops.get().into_iter().map(button).collect_view()}
        </div>
        {move || note.get().map(|n| {
            let (text, word) = match n {
                Note::Done(op) => (op.done(), "done"),
                Note::Deploy { .. } => {
                    let d = deploy_state.get().unwrap_or(DeployNote::Queued);
                    (d.text(), d.word())
                }
            };
            let asking = matches!(n, Note::Deploy { .. }) && deploy_state.get().is_some_and(DeployNote::pending);
            view! {
                <div class=format!("small service-actions__note service-actions__note--{word}") role="status" data-test="action-note" data-state=word>{text}</div>
                {asking.then(|| view! { <NotifySwitch /> })}
            }
        })}
        {move || failure(act).filter(|_| !confirm_stop.get()).map(|e| view! {
            <div class="service-actions__error" data-test="action-error">
                <ErrorView error=e />
                <button class="btn btn--small btn--ghost" on:click=move |_| act.value().set(None)>"Dismiss"</button>
            </div>
        })}
        {move || confirm_stop.get().then(|| view! {
            <StopDialog name=name.get_untracked() pending=Signal::from(pending)
                error=Signal::derive(move || failure(act))
                on_confirm=Callback::new(move |_| fire(Op::Stop))
                on_cancel=Callback::new(move |_| confirm_stop.set(false)) />
        })}
    }
}

/// Stop's confirmation, with the failure of the stop over it (a service's header and a project
/// page's rows).
#[component]
pub fn StopDialog(
    name: String,
    pending: Signal<bool>,
    error: Signal<Option<ApiError>>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <ConfirmDialog
            title=format!("Stop {name}?")
            message=format!("This stops {name}. It stays unreachable until you start or deploy it again.")
            confirm_label="Stop"
            pending=pending
            on_confirm=on_confirm
            on_cancel=on_cancel />
        <ErrorToast error=error />
    }
}
