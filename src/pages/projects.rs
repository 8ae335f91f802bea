//! The projects overview: every project with its environments and services counted by kind
//! and status; search (in the URL), sort, create, rename and delete.

use std::time::Duration;

use leptos::prelude::*;

use crate::api::{ApiError, Client, NewProject, ProjectUpdate};
use crate::components::{ConfirmDialog, ErrorView, KindBadge, Loading, StatusBadge};
use crate::overview::{build, search, totals, ProjectCard};
use crate::routes::{Route, Sort};
use crate::state::location::{replace, use_route};
use crate::state::poll::use_poll;
use crate::state::session::use_session;

/// How often the overview refreshes while visible.
pub const OVERVIEW_REFRESH: Duration = Duration::from_secs(15);

/// At most this many cards are drawn at once; "Show more" adds as many again.
const PAGE: usize = 60;

#[component]
pub fn ProjectsPage(inst: String) -> impl IntoView {
    let session = use_session();
    let route = use_route();
    let client = {
        let inst = inst.clone();
        Memo::new(move |_| session.client(&inst))
    };
    let poll = use_poll(OVERVIEW_REFRESH);
    let projects = LocalResource::new(move || {
        poll.tick.track();
        let client = client.get();
        async move {
            match client {
                Some(c) => c.project_all().await,
                None => Err(ApiError::Unauthorized {
                    message: "No key for this instance".into(),
                }),
            }
        }
    });
    // Keep the last good answer, so a failed refresh shows an error beside the data, not instead.
    let cards = RwSignal::new(None::<Vec<ProjectCard>>);
    let error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| {
        if let Some(result) = projects.get() {
            match result {
                Ok(list) => {
                    poll.report(true);
                    error.set(None);
                    cards.set(Some(build(&list)));
                }
                Err(e) => {
                    poll.report(false);
                    error.set(Some(e));
                }
            }
        }
    });

    let query = Memo::new(move |_| match route.get() {
        Route::Projects { q, .. } => q,
        _ => String::new(),
    });
    let sort = Memo::new(move |_| match route.get() {
        Route::Projects { sort, .. } => sort,
        _ => Sort::Name,
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
        shown.set(PAGE);
    });
    let hits =
        Memo::new(move |_| cards.with(|c| c.as_ref().map(|c| search(c, &query.get(), sort.get()))));

    let creating = RwSignal::new(false);
    let after_write = move || poll.refresh();
    let inst_name = session.instance(&inst).map(|i| i.name).unwrap_or_default();
    let inst_for_cards = StoredValue::new(inst.clone());

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
            <select id="project-sort" class="input" style="max-width:180px"
                on:change=move |ev| set_sort(if event_target_value(&ev) == "recent" { Sort::Recent } else { Sort::Name })>
                <option value="name" selected=move || sort.get() == Sort::Name>"Sort by name"</option>
                <option value="recent" selected=move || sort.get() == Sort::Recent>"Sort by last change"</option>
            </select>
        </div>
        {move || error.get().map(|e| view! { <ErrorView error=e on_retry=Callback::new(move |_| poll.refresh()) /> })}
        {move || match (cards.with(|c| c.is_none()), error.with(|e| e.is_none())) {
            (true, true) => view! { <Loading what="Loading projects" /> }.into_any(),
            _ => ().into_any(),
        }}
        <Totals cards=cards />
        {move || hits.get().map(|hits| {
            let total = hits.len();
            if total == 0 {
                return view! {
                    <div class="card empty">
                        {if query.get().is_empty() { "No projects yet. Create one to get started." } else { "Nothing matches this search." }}
                    </div>
                }.into_any();
            }
            let limit = shown.get();
            let list = cards.with(|c| {
                let c = c.as_deref().unwrap_or_default();
                hits.iter().take(limit).map(|h| {
                    let card = c[h.index].clone();
                    let matched: Vec<_> = h.services.iter().map(|&i| card.services[i].clone()).collect();
                    view! { <ProjectCardView inst=inst_for_cards.get_value() card=card matched=matched on_changed=Callback::new(move |_| after_write()) /> }
                }).collect_view()
            });
            view! {
                <div class="grid" data-test="project-list">{list}</div>
                {(total > limit).then(|| view! {
                    <div class="row" style="justify-content:center;margin-top:16px">
                        <button class="btn" on:click=move |_| shown.update(|s| *s += PAGE)>
                            {format!("Show more ({} of {total} shown)", limit)}
                        </button>
                    </div>
                })}
            }.into_any()
        })}
        {move || creating.get().then(|| view! {
            <NewProjectDialog client=client on_close=Callback::new(move |_| creating.set(false))
                on_created=Callback::new(move |_| { creating.set(false); after_write(); }) />
        })}
    }
}

/// Services counted across all projects.
#[component]
fn Totals(cards: RwSignal<Option<Vec<ProjectCard>>>) -> impl IntoView {
    move || {
        cards.with(|c| {
            c.as_ref().filter(|c| !c.is_empty()).map(|c| {
                let (kinds, status, services) = totals(c);
                view! {
                    <div class="card" style="margin-bottom:16px" data-test="totals">
                        <div class="row row--between">
                            <div><strong>{c.len()}</strong>" projects · "<strong>{services}</strong>" services"</div>
                            <div class="counts">
                                {status.entries().into_iter().map(|(label, word, n)| view! {
                                    <span class=format!("badge badge--{word}")>{format!("{n} {label}")}</span>
                                }).collect_view()}
                            </div>
                        </div>
                        <div class="counts" style="margin-top:8px">
                            {kinds.into_iter().map(|(k, n)| view! {
                                <span class="badge badge--kind">{format!("{n} {}", k.label())}</span>
                            }).collect_view()}
                        </div>
                    </div>
                }
            })
        })
    }
}

/// One project's card, with rename and delete.
#[component]
fn ProjectCardView(
    inst: String,
    card: ProjectCard,
    /// Services that matched the search, listed under the card.
    matched: Vec<crate::model::ServiceSummary>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let href = Route::project(&inst, &card.id).href();
    let menu = RwSignal::new(None::<&'static str>);
    let project = StoredValue::new((card.id.clone(), card.name.clone(), card.description.clone()));
    let envs = card.environments.join(" · ");
    view! {
        <div class="card" data-test="project-card">
            <div class="row row--between" style="align-items:flex-start">
                <a class="card__title" href=href.clone()>{card.name.clone()}</a>
                <div class="row">
                    <button class="btn btn--small btn--ghost" on:click=move |_| menu.set(Some("rename"))>"Rename"</button>
                    <button class="btn btn--small btn--ghost btn--danger" on:click=move |_| menu.set(Some("delete"))>"Delete"</button>
                </div>
            </div>
            {(!card.description.is_empty()).then(|| view! { <div class="card__desc">{card.description.clone()}</div> })}
            {(!envs.is_empty()).then(|| view! { <div class="small muted" style="margin-top:6px">{envs}</div> })}
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
                <ul class="small" style="margin:10px 0 0;padding-left:18px" data-test="matched-services">
                    {matched.iter().map(|s| {
                        let href = Route::service(&inst, s.kind.router(), &s.id, "").href();
                        view! { <li><a href=href>{s.display_name().to_string()}</a>" "<span class="muted">{s.kind.label()}</span>
                            {s.status.as_ref().map(|st| view! { " " <StatusBadge status=st.label().to_string() /> })}</li> }
                    }).collect_view()}
                </ul>
            })}
        </div>
        {move || match menu.get() {
            Some("rename") => view! {
                <RenameProjectDialog inst=inst.clone() project=project.get_value()
                    on_close=Callback::new(move |_| menu.set(None))
                    on_done=Callback::new(move |_| { menu.set(None); on_changed.run(()); }) />
            }.into_any(),
            Some("delete") => view! {
                <DeleteProjectDialog inst=inst.clone() id=project.get_value().0 name=project.get_value().1
                    on_close=Callback::new(move |_| menu.set(None))
                    on_done=Callback::new(move |_| { menu.set(None); on_changed.run(()); }) />
            }.into_any(),
            _ => ().into_any(),
        }}
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
            <div class="dialog-backdrop" style="background:none;pointer-events:none;align-items:flex-end">
                <div class="dialog" style="pointer-events:auto"><ErrorView error=e /></div>
            </div>
        })}
    }
}
