//! The projects overview: every project with its environments and services counted by kind
//! and status; search (in the URL), sort, create, rename and delete.
//!
//! Built for 10,000 services: the answer is prepared once ([`Overview`]); a keystroke filters
//! the prepared cards and the keyed list only touches the cards that came or went; a refresh
//! that changed nothing touches no card. At most [`PAGE`] cards are drawn at first; scrolling
//! near the end of the list (or "Show more") adds as many again, as a page of its own that
//! the browser lays out and paints apart from the others (main.css).

use std::cell::RefCell;
use std::future::Future as _;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Poll, Waker};
use std::time::Duration;

use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;

use crate::api::{ApiError, Client};
use crate::components::{before_answer, ErrorView, Loading};
use crate::overview::{Details, Hit, Overview, ProjectCard};
use crate::routes::{Route, Sort};
use crate::state::dom::mark_once;
use crate::state::era;
use crate::state::keep;
use crate::state::location::{replace, replace_soon, use_route};
use crate::state::poll::use_poll;
use crate::state::session::{stored_client, use_session};
use crate::state::storage::{self, Area};

/// How often the overview refreshes while visible.
pub const OVERVIEW_REFRESH: Duration = Duration::from_secs(15);

/// At most this many cards are drawn at first (about two screens on a desktop); scrolling near
/// the end, or "Show more", adds as many again.
const PAGE: usize = 24;

/// Cards in the first paint of a load: a desktop screen (3 columns by 4 rows).
const FIRST: usize = 12;

/// How long what `project.one` said of a trimmed project's databases stands before it is
/// asked again (their statuses are not in `project.all` since v0.25).
const DETAILS_EVERY_MS: f64 = 60_000.0;

/// At most this many `project.one` per refresh, this many at a time: no request storm on a
/// large instance (the rest follow in the next refreshes, in list order).
const DETAILS_ROUND: usize = 24;
const DETAILS_IN_FLIGHT: usize = 3;

/// The first round leaves this long after the first answer: once the list is on screen.
const FIRST_ROUND_AFTER: Duration = Duration::from_millis(300);

/// What `project.one` said of the trimmed projects' databases and `deployment.allCentralized`
/// of the services' deployments, and where the rounds stand; kept by the page, so every
/// refresh shows names, statuses and last deployments at once instead of "status unknown".
/// A sorted list, not a hash map: the first view stays small.
#[derive(Default)]
struct DetailCache {
    details: Details,
    /// The key may not read deployments: the cards show none, and they are not asked again.
    no_runs: bool,
    /// Where the next round starts among the trimmed projects, and when the last full pass
    /// began.
    next: usize,
    pass_at: f64,
    busy: bool,
}

type Cache = Rc<RefCell<DetailCache>>;

/// Asks `project.one` for the next [`DETAILS_ROUND`] trimmed projects of `data`
/// ([`DETAILS_IN_FLIGHT`] at a time; a pass over all of them starts at most every
/// [`DETAILS_EVERY_MS`], with one `deployment.allCentralized` for every card's last
/// deployment), then fills their databases and last deployments in `data`. One round at a time.
fn fill_details(
    cache: Cache,
    client: Client,
    data: RwSignal<Option<Arc<Overview>>>,
    kept_as: (String, String),
) {
    let now = js_sys::Date::now();
    let (first, queue) = {
        let mut c = cache.borrow_mut();
        if c.busy || (c.next == 0 && now - c.pass_at < DETAILS_EVERY_MS) {
            return;
        }
        // The first round waits for the list to reach the screen (software raster can take
        // tens of ms after the frame; the answers would compete with it on a small machine).
        let first = c.pass_at == 0.0;
        if c.next == 0 {
            c.pass_at = now;
        }
        let start = c.next;
        // `Some(project)`, or `None` for the deployments (asked first, the queue being popped).
        let mut due: Vec<Option<String>> = data.with_untracked(|d| {
            d.iter()
                .flat_map(|d| d.trimmed())
                .skip(start)
                .take(DETAILS_ROUND)
                .map(|id| Some(id.to_string()))
                .collect()
        });
        c.next = if due.len() < DETAILS_ROUND {
            0
        } else {
            start + DETAILS_ROUND
        };
        if start == 0 && !c.no_runs {
            due.push(None);
        }
        c.busy = !due.is_empty();
        (first, due)
    };
    let queue = Rc::new(RefCell::new(queue));
    let workers = Rc::new(std::cell::Cell::new(DETAILS_IN_FLIGHT));
    let kept_as = Rc::new(kept_as);
    for _ in 0..DETAILS_IN_FLIGHT {
        let (queue, workers, client, cache, kept_as) = (
            queue.clone(),
            workers.clone(),
            client.clone(),
            cache.clone(),
            kept_as.clone(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            if first {
                gloo_timers::future::sleep(FIRST_ROUND_AFTER).await;
            }
            loop {
                let next = queue.borrow_mut().pop();
                let Some(job) = next else { break };
                // What cannot be read now keeps what was known (or "unknown").
                match job {
                    Some(id) => {
                        if let Ok(p) = client.project_one(&id).await {
                            cache.borrow_mut().details.add(p);
                        }
                    }
                    // Only where the instance has them (v0.28.3+, as connecting learned).
                    None if era::known(client.base())
                        .is_some_and(|v| v.has_centralized_deployments()) =>
                    {
                        match client.deployment_marks().await {
                            Ok(marks) => cache.borrow_mut().details.set_runs(marks),
                            Err(ApiError::Forbidden { .. }) => cache.borrow_mut().no_runs = true,
                            Err(_) => {}
                        }
                    }
                    None => {}
                }
            }
            workers.set(workers.get() - 1);
            if workers.get() > 0 {
                return;
            }
            let filled = {
                let mut c = cache.borrow_mut();
                c.busy = false;
                c.details.now = js_sys::Date::now() as i64;
                let filled = data
                    .try_with_untracked(|d| d.as_ref().map(|d| Arc::new(d.refill(&c.details))))
                    .flatten();
                c.details.refilled();
                filled
            };
            // Kept again with the databases' statuses (src/kept.rs), while the page is there.
            if filled.is_some_and(|o| data.try_set(Some(o)).is_none()) {
                keep::save(&kept_as.0, kept_as.1.clone());
            }
        });
    }
}

/// What one `project.all` gives the page: the answer's print and the prepared overview (`None`
/// when the answer is the one printed `previous`), or why there is none.
type Answer = Result<(u64, Option<Arc<Overview>>), ApiError>;

/// Fetches and prepares the overview of `client`'s instance; an answer equal to the last one
/// (`previous`) is neither decoded nor prepared again (a refresh at 10,000 services then does
/// not hold up typing or scrolling).
async fn load(client: Client, previous: Option<u64>, cache: Cache) -> Answer {
    let answer = client.project_all_if_changed(previous).await;
    mark_once("skiff:api-answer");
    let prepared = answer.map(|(print, list)| {
        cache.borrow_mut().details.now = js_sys::Date::now() as i64;
        let list = list.map(|l| Arc::new(Overview::new(l, &cache.borrow().details)));
        (print, list)
    });
    mark_once("skiff:prepared");
    prepared
}

/// The first answer, asked for by [`prefetch`] before the app mounted.
struct Prefetched {
    inst: String,
    answer: Rc<RefCell<Option<Answer>>>,
    waker: Rc<RefCell<Option<Waker>>>,
}

thread_local! {
    static PREFETCH: RefCell<Option<Prefetched>> = const { RefCell::new(None) };
}

/// Starts the overview's `project.all` as soon as the wasm runs (called by `main` before the
/// app mounts), when the page about to open is an instance's projects overview and its key is
/// at hand: the request then travels while the shell is built instead of after it. Usually it
/// is already on its way: index.html sent the same request with the page, and the transport
/// takes that one over (`api::transport`). The page
/// takes this answer for its first load (see [`take_prefetched`]); nothing is asked twice.
pub fn prefetch() {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    // Read straight from storage: the reactive session is built with the app, after this.
    let found = match Route::parse(&hash) {
        Route::Projects { inst, .. } => stored_client(Some(&inst)),
        // `#/` opens the last used instance's overview (see app.rs).
        Route::Home => stored_client(None),
        _ => None,
    };
    let Some((inst, client)) = found else {
        return;
    };
    let answer = Rc::new(RefCell::new(None));
    let waker = Rc::new(RefCell::new(None::<Waker>));
    let (slot, wake) = (answer.clone(), waker.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let a = load(client, None, Cache::default()).await;
        *slot.borrow_mut() = Some(a);
        if let Some(w) = wake.borrow_mut().take() {
            w.wake();
        }
    });
    PREFETCH.with(|p| {
        *p.borrow_mut() = Some(Prefetched {
            inst,
            answer,
            waker,
        })
    });
}

/// Waits until the prefetched answer is in, or `max` at most (at once when nothing was
/// prefetched, or when the instance's pages were kept: src/kept.rs). The first view mounts
/// after this: when the instance answers quickly, the first paint is the list itself, and the
/// answer is not kept waiting behind a paint of the empty shell.
pub async fn prefetch_settled(max: Duration) {
    let Some((answer, waker, kept)) = PREFETCH.with(|p| {
        p.borrow().as_ref().map(|p| {
            let kept = storage::get(Area::Local, &crate::kept::slot(&p.inst)).is_some();
            (p.answer.clone(), p.waker.clone(), kept)
        })
    }) else {
        return;
    };
    // What the overview showed last time is drawn at once, not after waiting for the answer.
    let max = if kept { Duration::ZERO } else { max };
    let mut timeout = std::pin::pin!(gloo_timers::future::sleep(max));
    std::future::poll_fn(move |cx| {
        if answer.borrow().is_some() || timeout.as_mut().poll(cx).is_ready() {
            return Poll::Ready(());
        }
        *waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    })
    .await
}

/// The prefetched first answer for `inst`, once (later loads ask the server themselves).
fn take_prefetched(inst: &str) -> Option<impl std::future::Future<Output = Answer>> {
    let p = PREFETCH.with(|p| p.borrow_mut().take())?;
    if p.inst != inst {
        return None;
    }
    Some(std::future::poll_fn(move |cx| {
        match p.answer.borrow_mut().take() {
            Some(a) => Poll::Ready(a),
            None => {
                *p.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }))
}

/// One drawn card: the prepared card and the services that matched the search.
#[derive(Clone)]
struct Row {
    card: Arc<ProjectCard>,
    matched: Arc<[usize]>,
}

/// Rows are the same when they show the same thing: the same project with the same content
/// (its fingerprint; every answer prepares new cards) and the same matched services.
impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        self.card.fingerprint == other.card.fingerprint
            && self.card.id == other.card.id
            && self.matched == other.matched
    }
}

/// Calls `near` when `el` comes within 400 px of the viewport; looks again whenever what
/// `track` reads changes (an element still in view after the list grew gives no new
/// intersection by itself).
fn watch_near_viewport(
    el: NodeRef<leptos::html::Div>,
    track: impl Fn() + 'static,
    near: impl Fn() + 'static,
) {
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let hit = entries.iter().any(|e| {
            e.dyn_into::<web_sys::IntersectionObserverEntry>()
                .map(|e| e.is_intersecting())
                .unwrap_or(false)
        });
        if hit {
            near();
        }
    });
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin("400px");
    let Ok(observer) =
        web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init)
    else {
        return;
    };
    let observer = StoredValue::new_local((observer, callback));
    Effect::new(move |_| {
        track();
        if let Some(div) = el.get() {
            observer.with_value(|(o, _)| {
                o.unobserve(&div);
                o.observe(&div);
            });
        }
    });
    on_cleanup(move || {
        let _ = observer.try_with_value(|(o, _)| o.disconnect());
    });
}

/// The card button a click landed on: (`data-action`, `data-project`).
fn card_action(ev: &leptos::ev::MouseEvent) -> Option<(String, String)> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let button = target.closest("[data-action]").ok()??;
    Some((
        button.get_attribute("data-action")?,
        button.get_attribute("data-project")?,
    ))
}

/// A dialog of the overview.
#[derive(Clone)]
pub enum Dialog {
    New,
    Rename(Arc<ProjectCard>),
    Delete(Arc<ProjectCard>),
}

/// What a dialog gets from the overview.
#[derive(Clone)]
pub struct DialogCtx {
    pub inst: String,
    pub client: Memo<Option<Client>>,
    /// Closes the dialog (cancel).
    pub on_close: Callback<()>,
    /// Closes the dialog after a change and refreshes the overview.
    pub on_done: Callback<()>,
}

/// Draws the overview's dialogs: the dialogs themselves in the full build
/// (`project_dialogs::project_dialog`), a hand-over to it in the first view (src/handoff.rs),
/// which leaves the dialog's name in [`PENDING_DIALOG`] for the full build to open.
pub type Dialogs = fn(Dialog, DialogCtx) -> AnyView;

/// sessionStorage: the dialog the first view was asked for, opened by the full build.
pub const PENDING_DIALOG: &str = "skiff.overview-dialog";

impl Dialog {
    /// `new`, `rename:ID` or `delete:ID`, for [`PENDING_DIALOG`].
    pub fn pending(&self) -> String {
        match self {
            Dialog::New => "new".into(),
            Dialog::Rename(c) => format!("rename:{}", c.id),
            Dialog::Delete(c) => format!("delete:{}", c.id),
        }
    }

    /// The dialog of a card's button (its `data-action`: `rename` or `delete`).
    fn for_card(action: &str, card: Arc<ProjectCard>) -> Option<Dialog> {
        match action {
            "rename" => Some(Dialog::Rename(card)),
            "delete" => Some(Dialog::Delete(card)),
            _ => None,
        }
    }

    /// The dialog a pending name asks for, once the overview has its cards.
    fn from_pending(pending: &str, overview: &Overview) -> Option<Dialog> {
        if pending == "new" {
            return Some(Dialog::New);
        }
        let (action, id) = pending.split_once(':')?;
        Dialog::for_card(action, overview.card(id)?)
    }
}

#[component]
pub fn ProjectsPage(inst: String, dialogs: Dialogs) -> impl IntoView {
    let session = use_session();
    let route = use_route();
    let client = {
        let inst = inst.clone();
        Memo::new(move |_| session.client(&inst))
    };
    let poll = use_poll(OVERVIEW_REFRESH);
    let inst_for_cards = StoredValue::new(inst.clone());
    // What the page showed last time (src/kept.rs), drawn until the first answer; each answer
    // drawn is kept in its place (the counts and the cards drawn).
    let here = move || {
        route.with_untracked(|r| match r {
            Route::Projects { .. } => r.href(),
            _ => Route::projects(&inst_for_cards.get_value()).href(),
        })
    };
    let kept = keep::stored(&inst, &here());
    // Keep the last good answer, so a failed refresh shows an error beside the data, not instead.
    let data = RwSignal::new(None::<Arc<Overview>>);
    let error = RwSignal::new(None::<ApiError>);
    // One `project.all` per refresh (the first one may be the prefetched answer), one at a time:
    // a refresh due while a request is out waits for the next tick, so a hung request still
    // ends in its timeout and says so. The answer is prepared as it arrives and the decoded
    // projects are dropped right after. Plain signals and a task rather than a resource: the
    // first view stays small (src/handoff.rs).
    let first = StoredValue::new_local(take_prefetched(&inst));
    let cache = StoredValue::new_local(Cache::default());
    let in_flight = StoredValue::new(false);
    let print = StoredValue::new(None::<u64>);
    Effect::new(move |_| {
        poll.tick.track();
        let client = client.get();
        if in_flight.get_value() {
            return;
        }
        in_flight.set_value(true);
        let prefetched = first.try_update_value(Option::take).flatten();
        let cache = cache.get_value();
        leptos::task::spawn_local(async move {
            let result = match (prefetched, client.clone()) {
                (Some(p), _) => p.await,
                (None, Some(c)) => load(c, print.get_value(), cache.clone()).await,
                (None, None) => Err(ApiError::Unauthorized {
                    message: "No key for this instance".into(),
                }),
            };
            // The page is gone: nothing to show.
            if in_flight.try_set_value(false).is_some() {
                return;
            }
            match result {
                Ok((p, o)) => {
                    poll.report(true);
                    if error.with_untracked(Option::is_some) {
                        error.set(None);
                    }
                    print.set_value(Some(p));
                    if let Some(o) = o {
                        data.set(Some(o));
                        keep::save(&inst_for_cards.get_value(), here());
                    }
                    // Databases `project.all` gives as bare ids: names and statuses from
                    // `project.one` (the first round once the list is on screen).
                    if let Some(c) = client {
                        let kept_as = (inst_for_cards.get_value(), here());
                        fill_details(cache, c, data, kept_as);
                    }
                }
                Err(e) => {
                    poll.report(false);
                    error.set(Some(e));
                }
            }
        });
    });

    let query = Memo::new(move |_| {
        route.with(|r| match r {
            Route::Projects { q, .. } => q.clone(),
            _ => String::new(),
        })
    });
    let tag = Memo::new(move |_| {
        route.with(|r| match r {
            Route::Projects { tag, .. } => tag.clone(),
            _ => String::new(),
        })
    });
    let sort = Memo::new(move |_| {
        route.with(|r| match r {
            Route::Projects { sort, .. } => *sort,
            _ => Sort::Name,
        })
    });
    let set_query = {
        let inst = inst.clone();
        move |q: String| {
            replace_soon(&Route::Projects {
                inst: inst.clone(),
                q,
                sort: sort.get_untracked(),
                tag: tag.get_untracked(),
            })
        }
    };
    let set_sort = {
        let inst = inst.clone();
        move |s: Sort| {
            replace(&Route::Projects {
                inst: inst.clone(),
                q: query.get_untracked(),
                sort: s,
                tag: tag.get_untracked(),
            })
        }
    };
    // The first load draws one screen of cards ([`FIRST`]) and the rest of the page right
    // after that paint (below, with the first answer): the list shows sooner on a cold load.
    let shown = RwSignal::new(FIRST);
    Effect::new(move |first: Option<()>| {
        query.track();
        tag.track();
        if first.is_some() && shown.get_untracked() != PAGE {
            shown.set(PAGE);
        }
    });
    let hits = Memo::new(move |_| {
        data.with(|d| {
            d.as_ref()
                .map(|d| query.with(|q| tag.with(|t| d.search(q, sort.get(), t))))
        })
    });
    let total = Memo::new(move |_| hits.with(|h| h.as_ref().map(Vec::len)));
    // The drawn cards: a keystroke or a refresh only rewrites the slots whose row changed
    // (see `Row`'s equality), and a refresh that changed nothing touches no card.
    let rows = Memo::new(move |_| {
        data.with(|d| {
            let Some(d) = d else { return Vec::new() };
            hits.with(|h| {
                h.iter()
                    .flatten()
                    .take(shown.get())
                    .map(|h| Row {
                        card: d.cards[h.index].clone(),
                        matched: h.services.as_slice().into(),
                    })
                    .collect::<Vec<_>>()
            })
        })
    });

    // Scrolling near the end of the drawn cards draws the next page.
    let sentinel = NodeRef::<leptos::html::Div>::new();
    let more = move || {
        if total.get_untracked().unwrap_or(0) > shown.get_untracked() {
            shown.update(|s| *s += PAGE);
        }
    };
    watch_near_viewport(
        sentinel,
        move || {
            shown.track();
            total.track();
        },
        more,
    );

    let menu = RwSignal::new(None::<Dialog>);
    // A dialog asked for in the first view, before the full build took over.
    let pending = storage::get(Area::Session, PENDING_DIALOG);
    if pending.is_some() {
        storage::remove(Area::Session, PENDING_DIALOG);
    }
    // Once, when the first answer is in: that dialog, and the rest of the first page of cards
    // after the paint.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(d) = data.get() else {
            return false;
        };
        if let Some(pending) = &pending {
            menu.set(Dialog::from_pending(pending, &d));
        }
        request_animation_frame(move || {
            set_timeout(
                move || {
                    shown.try_update(|s| *s = (*s).max(PAGE));
                },
                Duration::ZERO,
            )
        });
        true
    });
    let inst_name = session.instance(&inst).map(|i| i.name).unwrap_or_default();
    let inst_for_menu = StoredValue::new(inst.clone());

    view! {
        <div class="page-head">
            <div class="page-head__title">
                <div class="crumbs">{inst_name}</div>
                <h1>"Projects"</h1>
            </div>
            <div class="page-head__actions">
                <button class="btn btn--primary" data-test="new-project" on:click=move |_| menu.set(Some(Dialog::New))>"New project"</button>
            </div>
        </div>
        <div class="toolbar">
            <label class="sr-only" for="project-search">"Search"</label>
            <input id="project-search" class="input" type="search" placeholder="Search projects, environments, services"
                prop:value=move || query.get()
                on:input=move |ev| set_query(event_target_value(&ev)) />
            <label class="sr-only" for="project-sort">"Sort"</label>
            <select id="project-sort" class="input u-maxw-180"
                on:change=move |ev| set_sort(if event_target_value(&ev) == "recent" { Sort::Recent } else { Sort::Name })>
                <option value="name" selected=move || sort.get() == Sort::Name>"Sort by name"</option>
                <option value="recent" selected=move || sort.get() == Sort::Recent>"Sort by last change"</option>
            </select>
        </div>
        {move || error.get().map(|e| view! { <ErrorView error=e on_retry=Callback::new(move |_| poll.refresh()) /> })}
        // Before the first answer: what this page showed last time, if it was kept, else a
        // loading line.
        {move || data.with(Option::is_none).then(|| before_answer(&kept, error.with(Option::is_none), || view! { <Loading what="Loading projects" /> }.into_any()))}
        {totals(data, hits, query, tag, inst_for_cards)}
        {move || match total.get() {
            Some(0) => Some(view! {
                <div class="card empty" data-test="no-projects">
                    {move || if query.with(String::is_empty) && tag.with(String::is_empty) {
                        view! {
                            <p>"No projects yet. A project holds your applications and databases."</p>
                            <button class="btn btn--primary" data-test="create-first-project" on:click=move |_| menu.set(Some(Dialog::New))>"Create a project"</button>
                        }.into_any()
                    } else {
                        if query.with(String::is_empty) { "No project carries this tag." } else { "Nothing matches this search." }.into_any()
                    }}
                </div>
            }),
            _ => None,
        }}
        // One click handler for every card's Rename and Delete (a card has no listener of
        // its own, so drawing 60 cards after a keystroke stays cheap).
        <div class="card-pages keep" data-test="project-list" on:click=move |ev| {
            if let Some((action, id)) = card_action(&ev) {
                let card = data.with_untracked(|d| d.as_ref().and_then(|d| d.card(&id)));
                if let Some(dialog) = card.and_then(|card| Dialog::for_card(&action, card)) {
                    menu.set(Some(dialog));
                }
            }
        }>
            // The cards in pages of [`PAGE`], each page its own grid with paint containment
            // (main.css): scrolling, the browser repaints a page near the screen only, and a
            // page appended is laid out alone.
            <For each=move || 0..rows.with(|r| r.len().div_ceil(PAGE))
                key=|p| *p
                children=move |p| view! {
                    <div class="grid card-page">
                        // A slot per drawn card, keyed by position: a keystroke that changes the
                        // cards rewrites the slots' content instead of removing and building
                        // elements, and a slot whose card stayed the same is not touched. Each
                        // card is one `innerHTML`: its markup is written as text with every value
                        // escaped (src/html.rs), a few DOM calls instead of some sixty.
                        <For each=move || p * PAGE..rows.with(Vec::len).min((p + 1) * PAGE)
                            key=|i| *i
                            children=move |i| {
                                // Runs after the list is built and mounted (a microtask): for
                                // scripts/bench.
                                wasm_bindgen_futures::spawn_local(async { mark_once("skiff:list-rendered") });
                                let row = Memo::new(move |_| rows.with(|r| r.get(i).cloned()));
                                let html = move || row.with(|r| {
                                    r.as_ref().map(|r| inst_for_cards.with_value(|inst| r.card.html(inst, &r.matched)))
                                });
                                view! { <div class="card" data-test="project-card" inner_html=html></div> }
                            } />
                    </div>
                } />
        </div>
        <div node_ref=sentinel aria-hidden="true"></div>
        {move || {
            let (total, limit) = (total.get().unwrap_or(0), shown.get());
            (total > limit).then(|| view! {
                <div class="row u-center u-mt-16">
                    <button data-free class="btn" data-test="show-more" on:click=move |_| shown.update(|s| *s += PAGE)>
                        {format!("Show more ({limit} of {total} shown)")}
                    </button>
                </div>
            })
        }}
        {move || menu.get().map(|dialog| dialogs(dialog, DialogCtx {
            inst: inst_for_menu.get_value(),
            client,
            on_close: Callback::new(move |_| menu.set(None)),
            on_done: Callback::new(move |_| { menu.set(None); poll.refresh(); }),
        }))}
    }
}

/// Services counted across all projects, or across the projects a search found ("2 of 5"):
/// one `innerHTML` written by [`Overview::totals_html`] (a smaller first view than a view tree).
fn totals(
    data: RwSignal<Option<Arc<Overview>>>,
    hits: Memo<Option<Vec<Hit>>>,
    query: Memo<String>,
    tag: Memo<String>,
    inst: StoredValue<String>,
) -> impl IntoView {
    move || {
        data.with(|d| {
            let d = d.as_ref().filter(|d| !d.cards.is_empty())?;
            let tagged = !tag.with(String::is_empty);
            let searching = tagged || !query.with(String::is_empty);
            // The services page searches by text only: no link to it from a tag's projects.
            let choose = match tagged {
                true => String::new(),
                false => Route::Services {
                    inst: inst.get_value(),
                    q: query.get(),
                }
                .href(),
            };
            let all = Route::Projects {
                inst: inst.get_value(),
                q: query.get(),
                sort: Sort::Name,
                tag: String::new(),
            }
            .href();
            let html = tag.with(|t| {
                let tag = tagged.then_some((t.as_str(), all.as_str()));
                hits.with(|h| d.totals_html(h.as_deref().filter(|_| searching), &choose, tag))
            });
            Some(view! { <div class="card u-mb-16 keep" data-test="totals" inner_html=html></div> })
        })
    }
}
