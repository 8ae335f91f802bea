//! Bulk actions: the bar that acts on the services chosen on a page (a project's, the services
//! page), the confirmation that lists every one, and the progress panel that follows each to
//! its real end while the user goes on elsewhere (one run at a time, kept in sessionStorage so
//! a reload shows it again and sends nothing twice: `service_view::bulk`).

use std::time::Duration;

use gloo_timers::future::sleep;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::service::actions::perform;
use crate::api::{ApiError, Client};
use crate::components::ConfirmDialog;
use crate::model::{ServiceKind, ServiceSummary};
use crate::service_view::bulk::{services, watched_end, Item, Run, Step};
use crate::service_view::{newest_deployment, Op};
use crate::state::ping::{provide_ping, use_ping, Ping};
use crate::state::poll::page_visible;
use crate::state::session::{use_session, Session};
use crate::state::storage::{self, Area};

/// sessionStorage: the current run (this tab's).
const SLOT: &str = "skiff.bulk";

/// A followed deployment is looked at this often (a hidden tab: every `HIDDEN`, so a ping
/// still comes).
const FOLLOW: Duration = Duration::from_millis(2500);
const HIDDEN: Duration = Duration::from_secs(10);
/// An unanswered deploy is looked for this many rounds (about a minute), then left unsure.
const UNSURE_ROUNDS: u32 = 24;

/// A single deploy is followed this long after its page went away (ms).
const WATCH_MS: i64 = 45 * 60 * 1000;

/// The app's bulk run.
#[derive(Clone, Copy)]
pub struct Bulk {
    run: RwSignal<Option<Run>>,
    /// Bumped when a run starts or is dismissed: lanes of an older run stop.
    generation: StoredValue<u32>,
    following: StoredValue<bool>,
    /// The page is going away (reloaded, closed): nothing more is sent, and an answer cut off
    /// by it is not recorded (the item stays "on its way", read back as unanswered).
    leaving: StoredValue<bool>,
    /// True while a run sends or follows: a new one waits.
    pub busy: Memo<bool>,
    /// The panel shows the list (or only its heading).
    open: RwSignal<bool>,
    session: Session,
    ping: Option<Ping>,
    /// The ping keys of the single deploys followed here once their page went away.
    watched: StoredValue<Vec<String>>,
}

impl Bulk {
    /// Starts `run`, replacing a finished one.
    fn start(self, run: Run) {
        if self.busy.get_untracked() {
            return;
        }
        self.generation.update_value(|g| *g += 1);
        self.run.set(Some(run));
        self.save();
        self.open.set(true);
        self.send();
    }

    /// Keeps the run in sessionStorage, at once after each change: what a reload reads back
    /// is never behind what was sent.
    fn save(self) {
        self.run.with_untracked(|r| match r {
            Some(r) => {
                let _ = storage::set(Area::Session, SLOT, &r.to_json());
            }
            None => storage::remove(Area::Session, SLOT),
        });
    }

    /// Whether the lanes of run `generation` go on: the run is still that one, the page is not
    /// going away, and the app is still mounted (the settings build may have taken the page
    /// over, src/handoff.rs: the run is then read back from sessionStorage as after a reload).
    fn goes_on(self, generation: u32) -> bool {
        self.generation.try_get_value() == Some(generation)
            && self.leaving.try_get_value() == Some(false)
    }

    /// Starts the lanes that send the waiting items, `IN_FLIGHT` at most at once.
    fn send(self) {
        for _ in 0..crate::service_view::bulk::IN_FLIGHT {
            spawn_local(self.lane(self.generation.get_value()));
        }
    }

    async fn lane(self, generation: u32) {
        loop {
            if !self.goes_on(generation) {
                return;
            }
            let Some((i, item, op, inst)) = self
                .run
                .try_update(|r| {
                    let r = r.as_mut()?;
                    let i = r.take()?;
                    Some((i, r.items[i].clone(), r.op, r.inst.clone()))
                })
                .flatten()
            else {
                return;
            };
            self.save();
            let answer = match self.session.client(&inst) {
                None => Err((
                    "The key of this instance is locked: unlock it, then retry.".to_string(),
                    false,
                )),
                Some(c) => {
                    // The deployment a deploy makes is the one after the newest now.
                    let before = if op.deploys() && !item.kind.is_database() {
                        match deployments(&c, &item).await {
                            Ok(b) => Ok(b),
                            Err(e) => Err((
                                format!("Could not read its deployments first: {}", e.title()),
                                false,
                            )),
                        }
                    } else {
                        Ok(None)
                    };
                    match before {
                        Ok(before) => {
                            self.with_item(generation, i, |it| {
                                it.before = before.map(|(id, _)| id)
                            });
                            perform(c, item.kind, item.id.clone(), item.app_name.clone(), op)
                                .await
                                .map_err(|e| (e.title(), unanswered(&e)))
                        }
                        Err(e) => Err(e),
                    }
                }
            };
            if !self.goes_on(generation) {
                return;
            }
            let ok = answer.is_ok();
            self.run.update(|r| {
                if let Some(r) = r {
                    r.answered(i, answer);
                }
            });
            self.save();
            if let Some(p) = self.ping {
                if op.deploys() && ok {
                    p.running(&key(&item), true);
                }
            }
            self.follow();
        }
    }

    fn with_item(self, generation: u32, i: usize, f: impl FnOnce(&mut Item)) {
        if self.generation.try_get_value() == Some(generation) {
            self.run.update(|r| {
                if let Some(item) = r.as_mut().and_then(|r| r.items.get_mut(i)) {
                    f(item);
                }
            });
            self.save();
        }
    }

    /// Follows the run's deploys (one follower at a time) until none is on its way.
    fn follow(self) {
        if self.following.get_value() {
            return;
        }
        self.following.set_value(true);
        spawn_local(async move {
            // Rounds in which only unanswered deploys were followed: they may never show.
            let mut unsure_rounds = 0;
            loop {
                sleep(if page_visible() { FOLLOW } else { HIDDEN }).await;
                // The app is gone: its successor follows the run again.
                let Some(generation) = self.generation.try_get_value() else {
                    return;
                };
                let Some((inst, items)) = self.run.with_untracked(|r| {
                    r.as_ref().map(|r| {
                        let items: Vec<(usize, Item)> = r
                            .followed()
                            .into_iter()
                            .map(|i| (i, r.items[i].clone()))
                            .collect();
                        (r.inst.clone(), items)
                    })
                }) else {
                    break;
                };
                if items.iter().all(|(_, i)| i.step == Step::Unsure) {
                    unsure_rounds += 1;
                }
                if items.is_empty() || unsure_rounds > UNSURE_ROUNDS {
                    break;
                }
                let Some(c) = self.session.client(&inst) else {
                    continue;
                };
                for (i, item) in items {
                    let read = if item.kind.is_database() {
                        c.database_one(item.kind, &item.id)
                            .await
                            .map(|d| (None, d.application_status))
                    } else {
                        deployments(&c, &item).await.map(|l| (l, None))
                    };
                    if self.generation.is_disposed() {
                        return;
                    }
                    // A failed read is tried again next round.
                    let Ok((latest, status)) = read else { continue };
                    let mut ended = None;
                    self.with_item(generation, i, |it| {
                        let was = it.step.clone();
                        it.follow(
                            latest.as_ref().map(|(id, st)| (id.as_str(), st.as_ref())),
                            status.as_ref(),
                        );
                        if it.step != was && it.step.ended() {
                            ended = Some(it.step == Step::Done);
                        }
                    });
                    let Some(p) = self.ping else { continue };
                    match ended {
                        Some(true) => {
                            p.ended(&key(&item), &format!("{} deployed", item.name), true)
                        }
                        Some(false) => p.ended(
                            &key(&item),
                            &format!("{}: the deployment failed", item.name),
                            false,
                        ),
                        None => p.running(&key(&item), true),
                    }
                }
            }
            self.following.set_value(false);
            // Left unsure: the title no longer counts them as running.
            if let Some(p) = self.ping {
                self.run.with_untracked(|r| {
                    for item in r.iter().flat_map(|r| &r.items) {
                        p.running(&key(item), false);
                    }
                });
            }
        });
    }

    /// Follows a single deploy to its end after the page that watched it went away (a deploy
    /// started from a service page, which then was left): the ping still comes. Stops once
    /// another view has pinged it, or after `WATCH_MS`.
    pub fn watch(self, c: Client, kind: ServiceKind, id: String, name: String) {
        let Some(p) = self.ping else { return };
        let key = ping_key(&id);
        if !p.is_running(&key)
            || self
                .watched
                .try_with_value(|w| w.contains(&key))
                .unwrap_or(true)
        {
            return;
        }
        self.watched.update_value(|w| w.push(key.clone()));
        let until = super::live::now_ms() + WATCH_MS;
        spawn_local(async move {
            while super::live::now_ms() < until {
                sleep(if page_visible() { FOLLOW } else { HIDDEN }).await;
                if !p.is_running(&key) {
                    break;
                }
                // A failed read is tried again next round.
                let end = if kind.is_database() {
                    match c.database_one(kind, &id).await {
                        Ok(d) => watched_end(kind, None, d.application_status.as_ref()),
                        Err(_) => None,
                    }
                } else {
                    match newest(&c, kind, &id).await {
                        Ok(Some((_, st))) => watched_end(kind, st.as_ref(), None),
                        _ => None,
                    }
                };
                if let Some(ok) = end {
                    let what = if ok {
                        format!("{name} deployed")
                    } else {
                        format!("{name}: the deployment failed")
                    };
                    p.ended(&key, &what, ok);
                }
            }
            self.watched.try_update_value(|w| w.retain(|k| *k != key));
            // Given up: no longer counted as running (an ended one already is not).
            p.running(&key, false);
        });
    }

    /// Sends the failed, unanswered and unsent items again.
    fn retry(self) {
        self.run.update(|r| {
            if let Some(r) = r {
                r.retry();
            }
        });
        self.save();
        self.send();
    }

    /// Forgets a finished run.
    fn dismiss(self) {
        self.generation.update_value(|g| *g += 1);
        self.run.set(None);
        self.save();
    }
}

/// True when the request may have reached Dokploy all the same: no answer in time, or the
/// fetch cut off (the page reloading aborts it; a dropped connection rejects it).
fn unanswered(e: &ApiError) -> bool {
    matches!(
        e,
        ApiError::Timeout { .. } | ApiError::Aborted | ApiError::Unreachable { .. }
    )
}

/// The ping's key of a service's deploy (the bulk panel's and the service's own actions').
pub fn ping_key(id: &str) -> String {
    format!("deploy:{id}")
}

fn key(item: &Item) -> String {
    ping_key(&item.id)
}

/// The newest deployment of an application or compose service.
async fn deployments(
    c: &Client,
    item: &Item,
) -> Result<Option<(String, Option<crate::model::DeploymentStatus>)>, ApiError> {
    newest(c, item.kind, &item.id).await
}

/// The newest deployment of the application or compose service `id`.
async fn newest(
    c: &Client,
    kind: ServiceKind,
    id: &str,
) -> Result<Option<(String, Option<crate::model::DeploymentStatus>)>, ApiError> {
    let list = match kind {
        ServiceKind::Compose => c.deployment_all_by_compose(id).await?,
        _ => c.deployment_all(id).await?,
    };
    Ok(newest_deployment(&list))
}

/// The full build's extras beside every page: the ping (title, icon, notifications) and the
/// bulk run with its panel. Called once by the app (`crate::app::mount`).
pub fn dock() -> AnyView {
    provide_ping();
    let run = RwSignal::new(
        storage::get(Area::Session, SLOT)
            .and_then(|t| Run::from_json(&t))
            .map(Run::restored),
    );
    let bulk = Bulk {
        run,
        busy: Memo::new(move |_| run.with(|r| r.as_ref().is_some_and(|r| !r.finished()))),
        generation: StoredValue::new(0),
        following: StoredValue::new(false),
        leaving: StoredValue::new(false),
        open: RwSignal::new(true),
        session: use_session(),
        ping: use_ping(),
        watched: StoredValue::new(Vec::new()),
    };
    provide_context(bulk);
    // What was read back (on its way: unanswered; waiting: not sent) is what a second reload
    // reads.
    bulk.save();
    if let Some(w) = web_sys::window() {
        crate::state::dom::listen(w.clone().into(), "pagehide", move || {
            bulk.leaving.set_value(true)
        });
        // Back from the browser's page cache: the page stays.
        crate::state::dom::listen(w.into(), "pageshow", move || bulk.leaving.set_value(false));
    }
    bulk.follow();
    view! { <BulkPanel bulk=bulk /> }.into_any()
}

/// The app's bulk run (the full build provides it).
pub fn use_bulk() -> Bulk {
    expect_context::<Bulk>()
}

/// The progress panel: the run's heading and counts, each service with where it has got to,
/// retry for the failed ones, and the notification switch.
#[component]
fn BulkPanel(bulk: Bulk) -> impl IntoView {
    let run = bulk.run;
    let finished = Memo::new(move |_| run.with(|r| r.as_ref().is_some_and(Run::finished)));
    let failed = Memo::new(move |_| run.with(|r| r.as_ref().map_or(0, Run::failed)));
    let paused = Memo::new(move |_| {
        run.with(|r| {
            r.as_ref()
                .is_some_and(|r| r.items.iter().any(|i| i.step == Step::NotSent))
        })
    });
    let shown = Memo::new(move |_| run.with(Option::is_some));
    move || {
        shown.get().then(|| {
            view! {
                <section class="card bulk-panel" data-test="bulk-panel" role="region" aria-label="Bulk action progress" aria-live="polite">
                    <div class="row row--between bulk-panel__head">
                        <strong data-test="bulk-summary">{move || run.with(|r| r.as_ref().map(Run::summary))}</strong>
                        <span class="row">
                            <button data-free class="btn btn--small btn--ghost" data-test="bulk-toggle" aria-expanded=move || bulk.open.get().to_string()
                                on:click=move |_| bulk.open.update(|o| *o = !*o)>{move || if bulk.open.get() { "Hide" } else { "Show" }}</button>
                            {move || finished.get().then(|| view! {
                                <button class="btn btn--small btn--ghost" data-test="bulk-dismiss" on:click=move |_| bulk.dismiss()>"Dismiss"</button>
                            })}
                        </span>
                    </div>
                    {move || bulk.open.get().then(|| view! {
                        {move || paused.get().then(|| view! {
                            <p class="small muted">"The page was reloaded: the services not sent yet wait for you (Retry sends them)."</p>
                        })}
                        <ul class="bulk-list" data-test="bulk-items" inner_html=move || run.with(|r| r.as_ref().map(Run::items_html).unwrap_or_default())></ul>
                        <div class="row bulk-panel__actions">
                            {move || (failed.get() > 0 && !bulk.busy.get()).then(|| view! {
                                <button class="btn btn--small" data-test="bulk-retry" on:click=move |_| bulk.retry()>
                                    {move || format!("Retry {}", services(failed.get()))}
                                </button>
                            })}
                            <NotifySwitch />
                        </div>
                    })}
                </section>
            }
        })
    }
}

/// "Notify me when done": browser notifications, asked for on the first click.
#[component]
pub fn NotifySwitch() -> impl IntoView {
    let Some(ping) = use_ping() else {
        return ().into_any();
    };
    let error = RwSignal::new(None::<String>);
    view! {
        <button class="btn btn--small btn--ghost" data-test="notify-switch" aria-pressed=move || ping.wanted.get().to_string()
            title="A browser notification when each deployment ends, while Skiff is open in a tab"
            on:click=move |_| {
                let on = !ping.wanted.get_untracked();
                spawn_local(async move { error.set(ping.set_wanted(on).await.err()); });
            }>
            {move || if ping.wanted.get() { "Notifications on" } else { "Notify me when done" }}
        </button>
        {move || error.get().map(|e| view! { <span class="small muted" role="alert">{e}</span> })}
    }
    .into_any()
}

/// The bar over a list whose services can be chosen: how many are chosen, the actions, and
/// Clear. `chosen`: each chosen service with where it lives ("Shop › production").
#[component]
pub fn BulkBar(
    inst: String,
    #[prop(into)] chosen: Signal<Vec<(ServiceSummary, String)>>,
    on_clear: Callback<()>,
) -> impl IntoView {
    let bulk = use_bulk();
    let busy = bulk.busy;
    let asked = RwSignal::new(None::<Op>);
    let count = Memo::new(move |_| chosen.with(Vec::len));
    let inst = StoredValue::new(inst);
    let button = move |op: Op| {
        view! {
            <button class=if op == Op::Stop { "btn btn--small btn--danger" } else { "btn btn--small" } data-test=format!("bulk-{}", op.label().to_ascii_lowercase())
                disabled=move || busy.get()
                title=move || if busy.get() { "Wait until the current bulk action has finished (its panel is at the bottom of the page)" } else { "" }
                on:click=move |_| asked.set(Some(op))>{op.label()}</button>
        }
    };
    view! {
        {move || (count.get() > 0).then(|| view! {
            <div class="bulk-bar" data-test="bulk-bar" role="toolbar" aria-label="Act on the chosen services">
                <strong>{move || format!("{} chosen", services(count.get()))}</strong>
                <span class="row">
                    {[Op::Deploy, Op::Redeploy, Op::Start, Op::Stop, Op::Reload].into_iter().map(button).collect_view()}
                    <button class="btn btn--small btn--ghost" data-test="bulk-clear" on:click=move |_| on_clear.run(())>"Clear"</button>
                </span>
            </div>
        })}
        {move || asked.get().map(|op| {
            let (run, skipped) = Run::new(&inst.get_value(), op, chosen.get_untracked());
            let n = run.items.len();
            let verb = op.label();
            let message = if n == 0 {
                format!("{verb} applies to none of the chosen services.")
            } else if op == Op::Stop {
                format!("Stop {}? Their containers stop and they go offline until started again.", services(n))
            } else {
                format!("{verb} {}, {} at a time; the panel at the bottom follows each to its end.", services(n), crate::service_view::bulk::IN_FLIGHT)
            };
            let want = (op == Op::Stop && n > 0).then(|| format!("stop {}", services(n)));
            let confirm_html = run.confirm_html(&skipped);
            let run = StoredValue::new(Some(run));
            view! {
                <ConfirmDialog title=format!("{verb} {}", services(n)) message=message
                    confirm_label=format!("{verb} {}", services(n)) type_to_confirm=want.unwrap_or_default() safe=op != Op::Stop
                    pending=Signal::derive(move || n == 0)
                    on_cancel=Callback::new(move |_| asked.set(None))
                    on_confirm=Callback::new(move |_| {
                        // Taken once: a second click finds nothing to start.
                        if let Some(r) = run.try_update_value(Option::take).flatten() {
                            bulk.start(r);
                        }
                        asked.set(None);
                    })>
                    <div inner_html=confirm_html></div>
                </ConfirmDialog>
            }
        })}
    }
}
