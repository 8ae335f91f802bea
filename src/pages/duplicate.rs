//! Duplicating an environment (v0.25+), from the project page's environment actions: into a new
//! project with the services chosen, or into a new environment of the same project with its
//! variables. What gets copied is said before anything is sent ([`crate::duplicate`]); the
//! answer's environment opens when it is done.

use leptos::prelude::*;

use super::live::{effect, failure, run_once, use_write};
use crate::api::Client;
use crate::components::ErrorView;
use crate::duplicate::{environment_body, project_body, risky, what_is_copied, Mode};
use crate::model::{Environment, Project};
use crate::routes::Route;
use crate::state::location::navigate;

/// What a duplication sends.
#[derive(Clone)]
enum Write {
    Project(crate::duplicate::DuplicateProject),
    Environment(crate::duplicate::DuplicateEnvironment),
}

#[component]
pub fn DuplicateDialog(
    inst: String,
    client: Memo<Option<Client>>,
    project: Project,
    env: Environment,
    on_close: Callback<()>,
) -> impl IntoView {
    let mode = RwSignal::new(Mode::Project);
    let name = RwSignal::new(format!("{}-copy", project.name));
    let description = RwSignal::new(String::new());
    let services = env.summaries();
    let chosen = RwSignal::new(services.iter().map(|s| s.id.clone()).collect::<Vec<_>>());
    let local = RwSignal::new(Vec::<(&'static str, String)>::new());
    let taken: Vec<String> = project
        .all_environments()
        .into_iter()
        .map(|e| e.name)
        .collect();
    let save = use_write(client, |c: Client, w: Write| async move {
        match w {
            Write::Project(body) => c.project_duplicate(&body).await,
            Write::Environment(body) => c.environment_duplicate(&body).await,
        }
    });
    // Done: the copy's environment opens (the new project's, or the new environment).
    effect(move || {
        if let Some(Ok(copy)) = save.value().get() {
            on_close.run(());
            navigate(&Route::Project {
                inst: inst.clone(),
                id: copy.project_id.clone().unwrap_or_default(),
                env: Some(copy.environment_id.clone()),
                list: Default::default(),
            });
        }
    });
    let env_s = StoredValue::new(env.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let env = env_s.get_value();
        let (n, d) = (name.get_untracked(), description.get_untracked());
        let write = match mode.get_untracked() {
            Mode::Project => {
                project_body(&env, &n, &d, &chosen.get_untracked()).map(Write::Project)
            }
            Mode::Environment => environment_body(&env, &n, &d, &taken).map(Write::Environment),
        };
        match write {
            Err(e) => local.set(e),
            Ok(w) => {
                local.set(Vec::new());
                run_once(save, w);
            }
        }
    };
    let err = move || {
        local
            .with(|l| l.first().map(|e| e.1.clone()))
            .or_else(|| failure(save).and_then(|e| e.field_error("name")))
    };
    let pending = save.pending();
    let env_name = env.name.clone();
    let postgres: Vec<String> = services
        .iter()
        .filter(|s| risky(s.kind))
        .map(|s| s.id.clone())
        .collect();
    let words = move || {
        let (n, pg) = chosen.with(|c| (c.len(), c.iter().any(|id| postgres.contains(id))));
        what_is_copied(mode.get(), &env_name, n, pg)
            .into_iter()
            .map(|w| view! { <li>{w}</li> })
            .collect_view()
    };
    let pick = move |id: String, on: bool| {
        chosen.update(|c| {
            c.retain(|x| *x != id);
            if on {
                c.push(id);
            }
        })
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog dialog--wide" role="dialog" aria-modal="true" aria-labelledby="dup-title" novalidate=true data-test="duplicate-dialog"
                on:click=|ev| ev.stop_propagation() on:submit=submit on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
                <h2 id="dup-title">{format!("Duplicate {} › {}", project.name, env.name)}</h2>
                <fieldset class="tag-choices">
                    <legend class="small">"Into"</legend>
                    <label class="check">
                        <input type="radio" name="dup-mode" data-test="dup-project" prop:checked=move || mode.get() == Mode::Project
                            on:change=move |_| { mode.set(Mode::Project); name.set(format!("{}-copy", project.name)); } />
                        "A new project, with the services I choose"
                    </label>
                    <label class="check">
                        <input type="radio" name="dup-mode" data-test="dup-environment" prop:checked=move || mode.get() == Mode::Environment
                            on:change=move |_| { mode.set(Mode::Environment); name.set(format!("{}-copy", env_s.with_value(|e| e.name.clone()))); } />
                        "A new environment of this project, with its variables"
                    </label>
                </fieldset>
                <div class="field">
                    <label for="dup-name">{move || if mode.get() == Mode::Project { "Name of the new project" } else { "Name of the new environment" }}</label>
                    <input id="dup-name" class="input" data-test="dup-name" aria-invalid=move || err().is_some().to_string()
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    {move || err().map(|e| view! { <span class="field__error" data-test="error-dup-name">{e}</span> })}
                </div>
                <div class="field">
                    <label for="dup-description">"Description (optional)"</label>
                    <input id="dup-description" class="input" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev)) />
                </div>
                {move || (mode.get() == Mode::Project && !services.is_empty()).then(|| view! {
                    <fieldset class="tag-choices" data-test="dup-services">
                        <legend class="small">"Services to copy"</legend>
                        {services.iter().map(|s| {
                            let id = s.id.clone();
                            let id2 = id.clone();
                            let label = format!("{} ({})", s.display_name(), s.kind.label());
                            let warn = risky(s.kind);
                            view! {
                                <label class="check">
                                    <input type="checkbox" data-test="dup-service" prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |ev| pick(id2.clone(), event_target_checked(&ev)) />
                                    {label}
                                    {warn.then(|| view! { <span class="small muted">" (not if it has backups)"</span> })}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                })}
                <ul class="small dup-words" data-test="dup-what">{words}</ul>
                {move || failure(save).filter(|e| e.field_error("name").is_none()).map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" data-test="dup-submit" disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()>"Duplicate"</button>
                </div>
            </form>
        </div>
    }
}
