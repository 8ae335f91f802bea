//! Deploy, redeploy, start, stop and reload, for any kind: one request at a time per service,
//! Stop behind a confirmation.

use leptos::prelude::*;

use crate::api::{ApiError, Client};
use crate::components::{ConfirmDialog, ErrorToast, ErrorView};
use crate::model::{ServiceKind, ServiceStatus};
use crate::pages::live::{failure, run_once, use_write};
use crate::service_view::quick_actions;

/// One control action on a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Deploy,
    Redeploy,
    Start,
    Stop,
    Reload,
}

impl Op {
    pub fn label(self) -> &'static str {
        match self {
            Op::Deploy => "Deploy",
            Op::Redeploy => "Redeploy",
            Op::Start => "Start",
            Op::Stop => "Stop",
            Op::Reload => "Reload",
        }
    }
    fn test(self) -> &'static str {
        match self {
            Op::Deploy => "action-deploy",
            Op::Redeploy => "action-redeploy",
            Op::Start => "action-start",
            Op::Stop => "action-stop",
            Op::Reload => "action-reload",
        }
    }
    /// What the user sees after the request succeeded.
    pub fn done(self) -> &'static str {
        match self {
            Op::Deploy => "Deployment queued.",
            Op::Redeploy => "Rebuild queued.",
            Op::Start => "Start requested.",
            Op::Stop => "Stopped.",
            Op::Reload => "Reload requested.",
        }
    }
    /// The actions a kind has in Dokploy.
    pub fn for_kind(kind: ServiceKind) -> Vec<Op> {
        match kind {
            ServiceKind::Application => {
                vec![Op::Deploy, Op::Redeploy, Op::Reload, Op::Start, Op::Stop]
            }
            ServiceKind::Compose => vec![Op::Deploy, Op::Redeploy, Op::Start, Op::Stop],
            _ => vec![Op::Deploy, Op::Reload, Op::Start, Op::Stop],
        }
    }
}

async fn perform(
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

/// The control buttons of one service. `compact` (project rows) shows Deploy plus Start or
/// Stop as the status suggests; otherwise every action the kind has.
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
    #[prop(optional)] compact: bool,
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
    let note = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| {
        if let Some(Ok(())) = act.value().get() {
            if let Some(op) = last.get_untracked() {
                confirm_stop.set(false);
                note.set(Some(op.done()));
                on_done.run(op);
            }
        }
    });
    let id = StoredValue::new(id);
    let fire = move |op: Op| {
        if pending.get_untracked() {
            return;
        }
        last.set(Some(op));
        note.set(None);
        run_once(act, (id.get_value(), app_name.get_untracked(), op));
    };
    let ops = Op::for_kind(kind);
    let button = move |op: Op| {
        let visible = move || {
            if !compact {
                return true;
            }
            let q = quick_actions(status.get().as_ref());
            match op {
                Op::Deploy => q.deploy,
                Op::Start => q.start,
                Op::Stop => q.stop,
                _ => false,
            }
        };
        let class = match op {
            Op::Deploy => "btn btn--small btn--primary",
            Op::Stop => "btn btn--small btn--danger",
            _ => "btn btn--small",
        };
        move || {
            visible().then(|| view! {
            <button class=class data-test=op.test()
                disabled=move || pending.get()
                aria-busy=move || (pending.get() && last.get() == Some(op)).to_string()
                on:click=move |_| if op == Op::Stop { confirm_stop.set(true) } else { fire(op) }>
                {op.label()}
            </button>
        })
        }
    };
    view! {
        <div class="service-actions" data-test="service-actions">
            {ops.into_iter().map(button).collect_view()}
        </div>
        {move || (!compact).then(|| note.get().map(|n| view! { <div class="small service-actions__note" role="status" data-test="action-note">{n}</div> }))}
        {move || failure(act).filter(|_| !confirm_stop.get()).map(|e| view! {
            <div class="service-actions__error" data-test="action-error">
                <ErrorView error=e />
                <button class="btn btn--small btn--ghost" on:click=move |_| act.value().set(None)>"Dismiss"</button>
            </div>
        })}
        {move || confirm_stop.get().then(|| {
            let n = name.get_untracked();
            view! {
                <ConfirmDialog
                    title=format!("Stop {n}?")
                    message=format!("This stops {n}. It stays unreachable until you start or deploy it again.")
                    confirm_label="Stop"
                    pending=Signal::from(pending)
                    on_confirm=Callback::new(move |_| fire(Op::Stop))
                    on_cancel=Callback::new(move |_| confirm_stop.set(false)) />
                <ErrorToast error=Signal::derive(move || failure(act)) />
            }
        })}
    }
}
