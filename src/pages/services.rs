//! Every service of an instance, across its projects, to choose some for a bulk action: the
//! overview's search links here with its query ("Choose these services"), and the services it
//! found come chosen. The search is the overview's own (`Overview::search`), so both find the
//! same services; databases `project.all` gives as bare ids are filled from `project.one`.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::bulk::BulkBar;
use super::live::{bounded, effect, use_client, Job};
use crate::api::{ApiError, Client};
use crate::components::{ErrorView, Loading};
use crate::model::ServiceSummary;
use crate::overview::{Details, Overview};
use crate::routes::{Route, Sort};
use crate::service_view::bulk::{rows_html, services};
use crate::state::location::{replace_soon, use_route};
use crate::state::session::use_session;
use wasm_bindgen::JsCast;

/// `project.one` requests in flight at most while filling in databases.
const IN_FLIGHT: usize = 3;

/// The instance's projects, prepared as the overview prepares them, and each environment's
/// name by id.
#[derive(Clone)]
struct Data {
    overview: Arc<Overview>,
    envs: Arc<Vec<(String, String)>>,
}

async fn load(c: Client) -> Result<Data, ApiError> {
    let projects = c.project_all().await?;
    let envs: Vec<(String, String)> = projects
        .iter()
        .flat_map(|p| p.all_environments())
        .map(|e| (e.environment_id, e.name))
        .collect();
    let overview = Overview::new(projects, &Details::default());
    let details = Rc::new(RefCell::new(Details::default()));
    let jobs: Vec<Job> = overview
        .trimmed()
        .map(|id| {
            let (c, id, details) = (c.clone(), id.to_string(), details.clone());
            Box::pin(async move {
                // A project that fails to answer keeps its databases unnamed.
                if let Ok(p) = c.project_one(&id).await {
                    details.borrow_mut().add(p);
                }
            }) as Job
        })
        .collect();
    let overview = if jobs.is_empty() {
        overview
    } else {
        bounded(jobs, IN_FLIGHT).await;
        overview.refill(&details.borrow())
    };
    Ok(Data {
        overview: Arc::new(overview),
        envs: Arc::new(envs),
    })
}

/// The services a search finds (every service of a project the search names), each with
/// where it lives, in the overview's order.
fn found(data: &Data, q: &str) -> Vec<(ServiceSummary, String)> {
    let mut out = Vec::new();
    for hit in data.overview.search(q, Sort::Name, "") {
        let card = &data.overview.cards[hit.index];
        let all: Vec<usize>;
        let picked = if hit.services.is_empty() {
            all = (0..card.services.len()).collect();
            &all
        } else {
            &hit.services
        };
        for &i in picked {
            let s = &card.services[i];
            let env = s
                .environment_id
                .as_deref()
                .and_then(|id| data.envs.iter().find(|(e, _)| e == id));
            let place = match env {
                Some((_, env)) => format!("{} › {env}", card.name),
                None => card.name.clone(),
            };
            out.push((s.clone(), place));
        }
    }
    out
}

#[component]
pub fn ServicesPage(inst: String) -> impl IntoView {
    let session = use_session();
    let route = use_route();
    let client = use_client(&inst);
    let data = RwSignal::new(None::<Result<Data, ApiError>>);
    let q = Memo::new(move |_| match route.get() {
        Route::Services { q, .. } => q,
        _ => String::new(),
    });
    let selected = RwSignal::new(Vec::<String>::new());
    // Bumped when the boxes change other than by a click on one.
    let redraw = RwSignal::new(0u32);
    let attempt = RwSignal::new(0u32);
    effect(move || {
        attempt.track();
        let Some(c) = client.get() else { return };
        leptos::task::spawn_local(async move {
            let answer = load(c).await;
            // Arriving with a search (from the overview), what it found comes chosen.
            if let (Ok(d), true) = (&answer, data.with_untracked(Option::is_none)) {
                let q = q.get_untracked();
                if !q.is_empty() {
                    let _ = selected.try_set(found(d, &q).into_iter().map(|(s, _)| s.id).collect());
                }
            }
            let _ = data.try_set(Some(answer));
        });
    });
    // A bulk action that ends changes statuses: read them again.
    let busy = super::bulk::use_bulk().busy;
    effect(move || {
        if !busy.get() && data.with_untracked(Option::is_some) {
            attempt.update(|a| *a += 1);
        }
    });
    let list = Memo::new(move |_| {
        data.with(|d| match d {
            Some(Ok(d)) => q.with(|q| found(d, q)),
            _ => Vec::new(),
        })
    });
    let chosen = Signal::derive(move || {
        selected.with(|sel| {
            list.with(|l| {
                l.iter()
                    .filter(|(s, _)| sel.contains(&s.id))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let all_chosen = move || {
        list.with(|l| {
            selected.with(|sel| !l.is_empty() && l.iter().all(|(s, _)| sel.contains(&s.id)))
        })
    };
    let inst_name = session
        .instance(&inst)
        .map(|i| i.name)
        .unwrap_or_else(|| inst.clone());
    let inst_s = StoredValue::new(inst);
    view! {
        <div class="page-head">
            <div class="page-head__title">
                <nav class="crumbs" aria-label="Breadcrumb">
                    <a href=Route::projects(&inst_s.get_value()).href()>{inst_name}</a>
                    " › "
                    <a href=Route::projects(&inst_s.get_value()).href()>"Projects"</a>
                </nav>
                <h1>"Services"</h1>
                <p class="muted small">"Every service of this instance: choose some to deploy, redeploy, start, stop or reload them together."</p>
            </div>
        </div>
        {move || data.with(|d| match d {
            Some(Err(e)) => Some(view! { <ErrorView error=e.clone() on_retry=Callback::new(move |_| attempt.update(|a| *a += 1)) /> }.into_any()),
            None => Some(view! { <Loading what="Loading the services" /> }.into_any()),
            Some(Ok(_)) => None,
        })}
        <div class="toolbar">
            <input class="input" type="search" data-test="services-search" aria-label="Search services"
                placeholder="Search projects, environments, services"
                prop:value=move || q.get()
                on:input=move |ev| replace_soon(&Route::Services { inst: inst_s.get_value(), q: event_target_value(&ev) }) />
            <span class="small muted" data-test="services-count">{move || services(list.with(Vec::len))}</span>
        </div>
        <div class="row bulk-choose">
            <label class="check">
                <input type="checkbox" data-test="choose-all" prop:checked=all_chosen
                    on:change=move |_| {
                        let all = !all_chosen();
                        selected.set(if all { list.with(|l| l.iter().map(|(s, _)| s.id.clone()).collect()) } else { Vec::new() });
                        redraw.update(|r| *r += 1);
                    } />
                "All shown"
            </label>
            <BulkBar inst=inst_s.get_value() chosen=chosen on_clear=Callback::new(move |_| { selected.set(Vec::new()); redraw.update(|r| *r += 1); }) />
        </div>
        {move || (data.with(|d| matches!(d, Some(Ok(_)))) && list.with(Vec::is_empty)).then(|| view! {
            <div class="card empty" data-test="no-services">{move || if q.with(String::is_empty) { "This instance has no services yet." } else { "No service matches this search." }}</div>
        })}
        // Drawn again when the list or "All shown" changes, not when one box is ticked (that
        // would take the keyboard's focus away from it).
        <section class="card service-list" data-test="service-list" aria-label="Services"
            inner_html=move || { redraw.track(); list.with(|l| selected.with_untracked(|sel| rows_html(&inst_s.get_value(), l, sel))) }
            on:change=move |ev| {
                let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
                let (Some(id), on) = (input.get_attribute("data-id"), input.checked()) else { return };
                selected.update(|sel| if on { sel.push(id) } else { sel.retain(|x| *x != id) });
            }></section>
    }
}
