//! The command palette (`#/find`: Ctrl-K or Cmd-K anywhere, index.html's key listener; the top
//! bar's Find): every instance, project, environment and service of every saved instance, from
//! one `project.all` per instance when it opens (and `project.one` for the first 48 projects
//! whose databases `project.all` gives without their names), matched as you type with no request per
//! keystroke; a service's actions (deploy, logs, variables, its internal host copied). Choosing
//! replaces the palette in the history, so Back returns to where it was opened. The matching
//! is [`crate::palette`].

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use crate::model::Project;
use crate::pages::live::{bounded, Job};
use crate::palette::{self as logic, Entry, Target};
use crate::service_view::Op;
use crate::state::dom::{focused_in, refocus};
use crate::state::session::use_session;
use crate::state::storage::{self, Area};

/// localStorage: the hrefs opened from the palette, newest first.
const RECENT: &str = "skiff.palette.recent";

fn recent() -> Vec<String> {
    storage::get(Area::Local, RECENT)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Opens `href` in place of the palette (Back returns to the page it was opened on).
fn open(href: &str) {
    let mut list = recent();
    logic::remember(&mut list, href);
    if let Ok(t) = serde_json::to_string(&list) {
        let _ = storage::set(Area::Local, RECENT, &t);
    }
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(href);
    }
}

/// Leaves the palette: back to the page it was opened on, or the home page.
fn close() {
    let Some(w) = web_sys::window() else { return };
    match w.history() {
        Ok(h) if h.length().unwrap_or(0) > 1 => {
            let _ = h.back();
        }
        _ => {
            let _ = w.location().replace("#/");
        }
    }
}

/// At most this many projects whose databases `project.all` gives without names are asked with
/// `project.one` when the palette opens (three at a time): no request storm on a large instance.
const FILL_AT_MOST: usize = 48;

/// Whether a project's databases came without names (v0.25+ `project.all`).
fn trimmed(p: &Project) -> bool {
    p.summaries()
        .iter()
        .any(|s| s.kind.is_database() && s.name.is_none() && s.app_name.is_none())
}

#[component]
pub fn PalettePage() -> impl IntoView {
    let session = use_session();
    let instances = session.instances();
    let entries = RwSignal::new(
        instances
            .iter()
            .map(|i| logic::instance_entry(&i.id, &i.name))
            .collect::<Vec<Entry>>(),
    );
    let waiting = RwSignal::new(0usize);
    let failed = RwSignal::new(Vec::<String>::new());
    // One project.all per instance with its key at hand, three instances at a time; then the
    // trimmed projects' project.one, three at a time; each instance's entries land at once.
    let jobs: Vec<Job> = instances
        .into_iter()
        .filter_map(|i| session.client(&i.id).map(|c| (i, c)))
        .map(|(i, c)| {
            waiting.update(|n| *n += 1);
            Box::pin(async move {
                match c.project_all().await {
                    Ok(projects) => {
                        // What project.all names lands at once; the databases it gives as bare
                        // ids follow, for the first FILL_AT_MOST such projects.
                        entries.try_update(|e| {
                            e.extend(logic::project_entries(&i.id, &i.name, &projects))
                        });
                        let projects = Rc::new(RefCell::new(projects));
                        let due: Vec<(usize, String)> = projects
                            .borrow()
                            .iter()
                            .enumerate()
                            .filter(|(_, p)| trimmed(p))
                            .take(FILL_AT_MOST)
                            .map(|(n, p)| (n, p.project_id.clone()))
                            .collect();
                        if !due.is_empty() {
                            let fills: Vec<Job> = due
                                .into_iter()
                                .map(|(n, id)| {
                                    let (c, projects) = (c.clone(), projects.clone());
                                    Box::pin(async move {
                                        if let Ok(p) = c.project_one(&id).await {
                                            projects.borrow_mut()[n] = p;
                                        }
                                    }) as Job
                                })
                                .collect();
                            bounded(fills, 3).await;
                            let list = logic::project_entries(&i.id, &i.name, &projects.borrow());
                            entries.try_update(|e| {
                                e.retain(|e| e.inst != i.id || e.target == Target::Instance);
                                e.extend(list);
                            });
                        }
                    }
                    Err(_) => {
                        failed.try_update(|f| f.push(i.name.clone()));
                    }
                }
                waiting.try_update(|n| *n = n.saturating_sub(1));
            }) as Job
        })
        .collect();
    leptos::task::spawn_local(bounded(jobs, 3));

    let query = RwSignal::new(String::new());
    let recent = StoredValue::new(recent());
    let hits = Memo::new(move |_| {
        entries.with(|e| query.with(|q| recent.with_value(|r| logic::search(e, q, r, 20))))
    });
    // Once every entry is in and nothing is typed yet: one search nobody sees, so the wasm's
    // matching code is compiled in full (V8 starts with a quick baseline compile) before the
    // first key, which otherwise ran in the slower code (scripts/bench --only palette).
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || waiting.get() > 0 {
            return done.unwrap_or(false);
        }
        set_timeout(
            move || {
                if query.try_with_untracked(String::is_empty) == Some(true) {
                    entries.try_with_untracked(|e| logic::search(e, "e", &[], 20));
                }
            },
            std::time::Duration::from_millis(50),
        );
        true
    });
    let at = RwSignal::new(0usize);
    Effect::new(move |_| {
        hits.track();
        at.set(0);
    });
    let chosen = move || -> Option<Entry> {
        let i = hits.with(|h| h.get(at.get()).copied())?;
        entries.with(|e| e.get(i).cloned())
    };
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let act = move |e: Entry, action: &'static str| {
        let Target::Service { kind, id, app_name } = e.target.clone() else {
            open(&e.href);
            return;
        };
        let tab = |t: &str| crate::routes::Route::service(&e.inst, kind.router(), &id, t).href();
        match action {
            "deploy" => {
                if busy.get_untracked() {
                    return;
                }
                let Some(c) = session.client(&e.inst) else {
                    return;
                };
                busy.set(true);
                status.set(Some(format!("Deploying {}…", e.label)));
                let (label, app) = (e.label.clone(), app_name.clone().unwrap_or_default());
                leptos::task::spawn_local(async move {
                    let done =
                        crate::pages::service::actions::perform(c, kind, id, app, Op::Deploy).await;
                    busy.try_set(false);
                    status.try_set(Some(match done {
                        Ok(()) => format!("The deploy of {label} is queued."),
                        Err(e) => format!(
                            "The deploy of {label} failed: {}. {}",
                            e.title(),
                            e.advice()
                        ),
                    }));
                });
            }
            "logs" => open(&tab("logs")),
            "environment" => open(&tab("environment")),
            "host" => {
                let host = app_name.unwrap_or_default();
                leptos::task::spawn_local(async move {
                    let ok = crate::components::copy_text(&host).await;
                    status.try_set(Some(if ok {
                        format!("Copied {host}: the host other services on Dokploy's network reach it at.")
                    } else {
                        format!("The browser did not allow copying. The internal host is {host}.")
                    }));
                });
            }
            _ => open(&e.href),
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = hits.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                at.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                at.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" => {
                ev.prevent_default();
                if let Some(e) = chosen() {
                    act(e, "open");
                }
            }
            _ => {}
        }
    };
    // The shown entry in row `n`.
    let entry_at = move |n: usize| -> Option<Entry> {
        let i = hits.with_untracked(|h| h.get(n).copied())?;
        entries.with_untracked(|e| e.get(i).cloned())
    };
    // The row under the pointer or the focus becomes the chosen one.
    let choose = move |t: Option<web_sys::EventTarget>| {
        let n = t.and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if let Some(n) = n
            .and_then(|t| row_of(&t))
            .filter(|n| *n != at.get_untracked())
        {
            at.set(n);
        }
    };
    // The list's markup, drawn again when the results, the chosen row or a deploy's state
    // change; the focus stays on the control it was on.
    let list = NodeRef::<leptos::html::Ul>::new();
    Effect::new(move |_| {
        let html = hits.with(|h| entries.with(|e| logic::rows_html(e, h, at.get(), busy.get())));
        if let Some(el) = list.get() {
            let focus = focused_in(&el);
            el.set_inner_html(&html);
            if let Some(f) = focus {
                refocus(&el, &f);
            }
        }
    });
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(i) = input.get() {
            let _ = i.focus();
        }
    });
    // Esc anywhere in the palette closes it (once: the field's keys bubble here).
    let trap = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            close();
        }
    };
    view! {
        <div class="palette-backdrop" on:click=move |_| close()></div>
        <div class="palette" role="dialog" aria-modal="true" aria-label="Find" data-test="palette" on:keydown=trap>
            <div class="palette__field">
                <input node_ref=input class="input palette__input" type="search" data-test="palette-input"
                    aria-label="Find" aria-controls="palette-list" aria-describedby="palette-count"
                    placeholder="Find an instance, project, environment or service…"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                    on:keydown=on_key />
                <button data-free type="button" class="btn btn--ghost btn--small" data-test="palette-close" on:click=move |_| close()>"Esc"</button>
            </div>
            {move || status.get().map(|s| view! { <p class="small palette__status" role="status" data-test="palette-status">{s}</p> })}
            <p id="palette-count" class="sr-only" aria-live="polite">{move || format!("{} results", hits.with(Vec::len))}</p>
            // The results are markup (palette::rows_html), with one listener for all of them.
            <ul id="palette-list" class="palette__list" aria-label="Results" data-test="palette-results"
                node_ref=list
                on:click=move |ev| {
                    let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
                    let Some(e) = row_of(&target).and_then(entry_at) else { return };
                    let button = target.closest("[data-action]").ok().flatten();
                    if let Some(b) = button {
                        if let Some(action) = b.get_attribute("data-action").as_deref().and_then(logic::action_named) {
                            act(e, action);
                        }
                    } else if target.closest("a").ok().flatten().is_some() {
                        ev.prevent_default();
                        act(e, "open");
                    }
                }
                on:mouseover=move |ev| choose(ev.target())
                on:focusin=move |ev| choose(ev.target())>
            </ul>
            {move || (hits.with(Vec::is_empty) && !query.with(String::is_empty) && waiting.get() == 0).then(|| view! {
                <p class="empty" data-test="palette-none">"Nothing by that name in your instances."</p>
            })}
            <p class="small muted palette__foot">
                {move || if waiting.get() > 0 { "Reading your instances…".to_string() } else { "↑ ↓ to choose, Enter to open, Esc to close".to_string() }}
                {move || failed.with(|f| (!f.is_empty()).then(|| format!(" · Not reachable now: {}", f.join(", "))))}
            </p>
        </div>
    }
}

/// The number of the result row (its `data-id`, written by `palette::rows_html`) that holds
/// `el`.
fn row_of(el: &web_sys::Element) -> Option<usize> {
    el.closest("[data-id]")
        .ok()??
        .get_attribute("data-id")?
        .parse()
        .ok()
}
