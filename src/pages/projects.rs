//! The projects overview: every project with its environments and services counted by kind
//! and status; search (in the URL), sort, create, rename and delete.
//!
//! Built for 10,000 services: the answer is prepared once ([`Overview`]); a keystroke filters
//! the prepared cards and the keyed list only touches the cards that came or went; a refresh
//! that changed nothing touches no card. At most [`PAGE`] cards are drawn at first; scrolling
//! near the end of the list (or "Show more") adds as many again, and off-screen cards skip
//! rendering (main.css).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Poll, Waker};
use std::time::Duration;

use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::CustomAttribute;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;

use crate::api::{ApiError, Client, NewProject, ProjectUpdate};
use crate::components::{ConfirmDialog, ErrorView, KindBadge, Loading};
use crate::overview::{Overview, ProjectCard};
use crate::routes::{Route, Sort};
use crate::state::location::{replace, use_route};
use crate::state::poll::use_poll;
use crate::state::session::{last_used, use_session};

/// How often the overview refreshes while visible.
pub const OVERVIEW_REFRESH: Duration = Duration::from_secs(15);

/// At most this many cards are drawn at first (about two screens on a desktop); scrolling near
/// the end, or "Show more", adds as many again.
const PAGE: usize = 24;

/// A `performance.mark` for scripts/bench, the first time only (the page's first load).
fn mark_once(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        if p.get_entries_by_name(name).length() == 0 {
            let _ = p.mark(name);
        }
    }
}

/// What one `project.all` gives the page: the prepared overview, or why there is none.
type Answer = Result<Arc<Overview>, ApiError>;

/// Fetches and prepares the overview of `client`'s instance.
async fn load(client: Client) -> Answer {
    let answer = client.project_all().await;
    mark_once("skiff:api-answer");
    let prepared = answer.map(|list| Arc::new(Overview::new(list)));
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
/// at hand: the request then travels while the shell is built instead of after it. The page
/// takes this answer for its first load (see [`take_prefetched`]); nothing is asked twice.
pub fn prefetch() {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let session = use_session();
    let inst = match Route::parse(&hash) {
        Route::Projects { inst, .. } => inst,
        // `#/` opens the last used instance's overview (see app.rs).
        Route::Home => match last_used()
            .filter(|id| session.instance(id).is_some())
            .or_else(|| session.instances().first().map(|i| i.id.clone()))
        {
            Some(id) => id,
            None => return,
        },
        _ => return,
    };
    let Some(client) = session.client(&inst) else {
        return;
    };
    let answer = Rc::new(RefCell::new(None));
    let waker = Rc::new(RefCell::new(None::<Waker>));
    let (slot, wake) = (answer.clone(), waker.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let a = load(client).await;
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

impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        Arc::ptr_eq(&self.card, &other.card) && self.matched == other.matched
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

/// A dialog opened from a card.
#[derive(Clone)]
enum Menu {
    Rename(Arc<ProjectCard>),
    Delete(Arc<ProjectCard>),
}

#[component]
pub fn ProjectsPage(inst: String) -> impl IntoView {
    let session = use_session();
    let route = use_route();
    let client = {
        let inst = inst.clone();
        Memo::new(move |_| session.client(&inst))
    };
    let poll = use_poll(OVERVIEW_REFRESH);
    // The answer is prepared as it arrives; the decoded projects are dropped right after.
    let first = StoredValue::new_local(take_prefetched(&inst));
    let answer = LocalResource::new(move || {
        poll.tick.track();
        let client = client.get();
        let prefetched = first.try_update_value(Option::take).flatten();
        async move {
            match (prefetched, client) {
                (Some(p), _) => p.await,
                (None, Some(c)) => load(c).await,
                (None, None) => Err(ApiError::Unauthorized {
                    message: "No key for this instance".into(),
                }),
            }
        }
    });
    // Keep the last good answer, so a failed refresh shows an error beside the data, not instead.
    let data = RwSignal::new(None::<Arc<Overview>>);
    let error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| {
        if let Some(result) = answer.get() {
            match result {
                Ok(o) => {
                    poll.report(true);
                    if error.with_untracked(Option::is_some) {
                        error.set(None);
                    }
                    data.set(Some(o));
                }
                Err(e) => {
                    poll.report(false);
                    error.set(Some(e));
                }
            }
        }
    });

    let query = Memo::new(move |_| {
        route.with(|r| match r {
            Route::Projects { q, .. } => q.clone(),
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
            replace(&Route::Projects {
                inst: inst.clone(),
                q,
                sort: sort.get_untracked(),
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
            })
        }
    };
    let shown = RwSignal::new(PAGE);
    Effect::new(move |_| {
        query.track();
        if shown.get_untracked() != PAGE {
            shown.set(PAGE);
        }
    });
    let hits = Memo::new(move |_| {
        data.with(|d| d.as_ref().map(|d| query.with(|q| d.search(q, sort.get()))))
    });
    let total = Memo::new(move |_| hits.with(|h| h.as_ref().map(Vec::len)));
    // The drawn cards, keyed by project, content and matches: a keystroke or refresh only
    // builds the cards that are new or changed.
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

    let creating = RwSignal::new(false);
    let menu = RwSignal::new(None::<Menu>);
    let after_write = move || poll.refresh();
    let inst_name = session.instance(&inst).map(|i| i.name).unwrap_or_default();
    let inst_for_cards = StoredValue::new(inst.clone());
    let inst_for_menu = StoredValue::new(inst.clone());

    view! {
        <div class="page-head">
            <div class="page-head__title">
                <div class="crumbs">{inst_name}</div>
                <h1>"Projects"</h1>
            </div>
            <div class="page-head__actions">
                <button class="btn btn--primary" data-test="new-project" on:click=move |_| creating.set(true)>"New project"</button>
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
        {move || (data.with(Option::is_none) && error.with(Option::is_none))
            .then(|| view! { <Loading what="Loading projects" /> })}
        <Totals data=data />
        {move || match total.get() {
            Some(0) => Some(view! {
                <div class="card empty">
                    {move || if query.with(String::is_empty) { "No projects yet. Create one to get started." } else { "Nothing matches this search." }}
                </div>
            }),
            _ => None,
        }}
        // One click handler for every card's Rename and Delete (a card has no listener of
        // its own, so drawing 60 cards after a keystroke stays cheap).
        <div class="grid" data-test="project-list" on:click=move |ev| {
            if let Some((action, id)) = card_action(&ev) {
                let card = data.with_untracked(|d| {
                    d.as_ref().and_then(|d| d.cards.iter().find(|c| c.id == id).cloned())
                });
                if let Some(card) = card {
                    menu.set(Some(if action == "delete" { Menu::Delete(card) } else { Menu::Rename(card) }));
                }
            }
        }>
            <For each=move || rows.get()
                key=|r| (r.card.id.clone(), r.card.fingerprint, r.matched.clone())
                children=move |r| {
                    // Runs after the list is built and mounted (a microtask): for scripts/bench.
                    wasm_bindgen_futures::spawn_local(async { mark_once("skiff:list-rendered") });
                    view! { <ProjectCardView inst=inst_for_cards.get_value() row=r /> }
                } />
        </div>
        <div node_ref=sentinel aria-hidden="true"></div>
        {move || {
            let (total, limit) = (total.get().unwrap_or(0), shown.get());
            (total > limit).then(|| view! {
                <div class="row u-center u-mt-16">
                    <button class="btn" data-test="show-more" on:click=move |_| shown.update(|s| *s += PAGE)>
                        {format!("Show more ({limit} of {total} shown)")}
                    </button>
                </div>
            })
        }}
        {move || creating.get().then(|| view! {
            <NewProjectDialog client=client on_close=Callback::new(move |_| creating.set(false))
                on_created=Callback::new(move |_| { creating.set(false); after_write(); }) />
        })}
        {move || menu.get().map(|m| {
            let inst = inst_for_menu.get_value();
            let on_close = Callback::new(move |_| menu.set(None));
            let on_done = Callback::new(move |_| { menu.set(None); after_write(); });
            match m {
                Menu::Rename(c) => view! {
                    <RenameProjectDialog inst=inst project=(c.id.clone(), c.name.clone(), c.description.clone())
                        on_close=on_close on_done=on_done />
                }.into_any(),
                Menu::Delete(c) => view! {
                    <DeleteProjectDialog inst=inst id=c.id.clone() name=c.name.clone()
                        on_close=on_close on_done=on_done />
                }.into_any(),
            }
        })}
    }
}

/// Services counted across all projects.
#[component]
fn Totals(data: RwSignal<Option<Arc<Overview>>>) -> impl IntoView {
    move || {
        data.get().filter(|d| !d.cards.is_empty()).map(|d| {
            view! {
                <div class="card u-mb-16" data-test="totals">
                    <div class="row row--between">
                        <div><strong>{d.cards.len()}</strong>" projects · "<strong>{d.services}</strong>" services"</div>
                        <div class="counts">
                            {d.status.entries().into_iter().map(|(label, word, n)| view! {
                                <span class=format!("badge badge--{word}")>{format!("{n} {label}")}</span>
                            }).collect_view()}
                        </div>
                    </div>
                    <div class="counts u-mt-8">
                        {d.kinds.iter().map(|(k, n)| view! {
                            <span class="badge badge--kind">{format!("{n} {}", k.label())}</span>
                        }).collect_view()}
                    </div>
                </div>
            }
        })
    }
}

/// One project's card: a static view (nothing reactive inside), with rename and delete.
#[component]
fn ProjectCardView(inst: String, row: Row) -> impl IntoView {
    let Row { card, matched } = row;
    let href = Route::project(&inst, &card.id).href();
    let envs = card.environments.join(" · ");
    // `elementtiming` lets scripts/bench see when the list is painted (Element Timing API).
    let title = view! { <a class="card__title" href=href>{card.name.clone()}</a> }
        .attr("elementtiming", "skiff-list");
    let matched: Vec<_> = matched
        .iter()
        .filter_map(|&i| card.services.get(i))
        .collect();
    view! {
        <div class="card" data-test="project-card">
            <div class="row row--between u-items-start">
                {title}
                <div class="row">
                    <button class="btn btn--small btn--ghost" data-action="rename" data-project=card.id.clone()>"Rename"</button>
                    <button class="btn btn--small btn--ghost btn--danger" data-action="delete" data-project=card.id.clone()>"Delete"</button>
                </div>
            </div>
            {(!card.description.is_empty()).then(|| view! { <div class="card__desc">{card.description.clone()}</div> })}
            {(!envs.is_empty()).then(|| view! { <div class="small muted u-mt-6">{envs}</div> })}
            <div class="card__meta">
                {card.kinds.iter().map(|(k, n)| view! { <KindBadge kind=format!("{n} {}", k.label()) /> }).collect_view()}
                {card.kinds.is_empty().then(|| view! { <span class="small muted">"No services"</span> })}
            </div>
            <div class="card__meta">
                {card.status.entries().into_iter().filter(|(_, w, _)| *w != "unknown").map(|(label, word, n)| view! {
                    <span class=format!("badge badge--{word}")>{format!("{n} {label}")}</span>
                }).collect_view()}
            </div>
            {(!matched.is_empty()).then(|| view! {
                <ul class="small u-list-tight" data-test="matched-services">
                    {matched.iter().map(|s| {
                        let href = Route::service(&inst, s.kind.router(), &s.id, "").href();
                        view! { <li><a href=href>{s.display_name().to_string()}</a>" "<span class="muted">{s.kind.label()}</span>
                            {s.status.as_ref().map(|st| view! {
                                " " <span class=format!("badge badge--{}", st.as_str())>{st.label().to_string()}</span>
                            })}</li> }
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// Creates a project; the server's field errors appear on the fields, and nothing typed is lost.
#[component]
fn NewProjectDialog(
    client: Memo<Option<Client>>,
    on_close: Callback<()>,
    on_created: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let local_error = RwSignal::new(None::<String>);
    let create = Action::new_local(move |p: &NewProject| {
        let p = p.clone();
        let client = client.get_untracked();
        async move {
            match client {
                Some(c) => c.project_create(&p).await.map(|_| ()),
                None => Err(ApiError::Unauthorized {
                    message: String::new(),
                }),
            }
        }
    });
    let pending = create.pending();
    Effect::new(move |_| {
        if let Some(Ok(())) = create.value().get() {
            on_created.run(());
        }
    });
    let server_error = move || create.value().get().and_then(Result::err);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            local_error.set(Some("A project needs a name.".into()));
            return;
        }
        local_error.set(None);
        if !pending.get_untracked() {
            let d = description.get_untracked().trim().to_string();
            create.dispatch(NewProject {
                name: n,
                description: (!d.is_empty()).then_some(d),
                env: None,
            });
        }
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog" role="dialog" aria-modal="true" on:click=|ev| ev.stop_propagation() on:submit=submit novalidate=true>
                <h2>"New project"</h2>
                <div class="field">
                    <label for="project-name">"Name"</label>
                    <input id="project-name" class="input" maxlength="100" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                    {move || local_error.get()
                        .or_else(|| server_error().and_then(|e| e.field_error("name")))
                        .map(|e| view! { <span class="field__error">{e}</span> })}
                </div>
                <div class="field">
                    <label for="project-description">"Description (optional)"</label>
                    <input id="project-description" class="input" prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev)) />
                    {move || server_error().and_then(|e| e.field_error("description")).map(|e| view! { <span class="field__error">{e}</span> })}
                </div>
                {move || server_error().filter(|e| e.field_error("name").is_none() && e.field_error("description").is_none())
                    .map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" data-test="create-project"
                        disabled=move || pending.get() aria-busy=move || pending.get().to_string()>"Create project"</button>
                </div>
            </form>
        </div>
    }
}

#[component]
fn RenameProjectDialog(
    inst: String,
    project: (String, String, String),
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let (id, old_name, old_desc) = project;
    let name = RwSignal::new(old_name);
    let description = RwSignal::new(old_desc);
    let save = Action::new_local(move |u: &ProjectUpdate| {
        let u = u.clone();
        let client = session.client(&inst);
        async move {
            match client {
                Some(c) => c.project_update(&u).await,
                None => Err(ApiError::Unauthorized {
                    message: String::new(),
                }),
            }
        }
    });
    let pending = save.pending();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            on_done.run(());
        }
    });
    let err = move || save.value().get().and_then(Result::err);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if name.get_untracked().trim().is_empty() || pending.get_untracked() {
            return;
        }
        let d = description.get_untracked();
        save.dispatch(ProjectUpdate {
            project_id: id.clone(),
            name: Some(name.get_untracked().trim().to_string()),
            description: Some(d),
            ..Default::default()
        });
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog" role="dialog" aria-modal="true" on:click=|ev| ev.stop_propagation() on:submit=submit>
                <h2>"Rename project"</h2>
                <div class="field">
                    <label for="rename-name">"Name"</label>
                    <input id="rename-name" class="input" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    {move || err().and_then(|e| e.field_error("name")).map(|e| view! { <span class="field__error">{e}</span> })}
                </div>
                <div class="field">
                    <label for="rename-description">"Description"</label>
                    <input id="rename-description" class="input" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev)) />
                </div>
                {move || err().filter(|e| e.field_error("name").is_none()).map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" disabled=move || pending.get() || name.with(|n| n.trim().is_empty())
                        aria-busy=move || pending.get().to_string()>"Save"</button>
                </div>
            </form>
        </div>
    }
}

/// Deleting a project asks for its name to be typed.
#[component]
fn DeleteProjectDialog(
    inst: String,
    id: String,
    name: String,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let remove = Action::new_local(move |id: &String| {
        let id = id.clone();
        let client = session.client(&inst);
        async move {
            match client {
                Some(c) => c.project_remove(&id).await,
                None => Err(ApiError::Unauthorized {
                    message: String::new(),
                }),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            on_done.run(());
        }
    });
    let pending = remove.pending();
    view! {
        <ConfirmDialog
            title=format!("Delete project {name}?")
            message=format!("This deletes the project {name} with all its environments and services in Dokploy. It cannot be undone.")
            confirm_label="Delete project"
            type_to_confirm=name.clone()
            pending=Signal::from(pending)
            on_confirm=Callback::new(move |_| { if !pending.get_untracked() { remove.dispatch(id.clone()); } })
            on_cancel=on_close />
        {move || remove.value().get().and_then(Result::err).map(|e| view! {
            <div class="dialog-backdrop dialog-backdrop--toast">
                <div class="dialog"><ErrorView error=e /></div>
            </div>
        })}
    }
}
