//! The overview's dialogs: new project, rename, delete (typed confirmation). Only the full
//! build carries them; the first view hands over to it when one is asked for (src/handoff.rs).

use leptos::prelude::*;

use super::live::{failure, on_success, use_act};
use super::projects::{Dialog, DialogCtx};
use crate::api::{ApiError, Client, NewProject, ProjectUpdate};
use crate::components::{ConfirmDialog, ErrorToast, ErrorView};
use crate::state::session::use_session;

/// The dialog for `dialog` ([`super::projects::Dialogs`] of the full build).
pub fn project_dialog(dialog: Dialog, ctx: DialogCtx) -> AnyView {
    let DialogCtx {
        inst,
        client,
        on_close,
        on_done,
    } = ctx;
    match dialog {
        Dialog::New => view! {
            <NewProjectDialog client=client on_close=on_close on_created=on_done />
        }
        .into_any(),
        Dialog::Rename(c) => view! {
            <RenameProjectDialog inst=inst project=(c.id.clone(), c.name.clone(), c.description.clone())
                on_close=on_close on_done=on_done />
        }
        .into_any(),
        Dialog::Delete(c) => view! {
            <DeleteProjectDialog inst=inst id=c.id.clone() name=c.name.clone()
                on_close=on_close on_done=on_done />
        }
        .into_any(),
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
    let create = use_act(move |p: &NewProject| {
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
    on_success(create, on_created);
    let server_error = move || failure(create);
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
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" data-test="create-project"
                        disabled=move || pending.get() aria-busy=move || pending.get().to_string()>"Create project"</button>
                </div>
            </form>
        </div>
    }
}

#[component]
pub(super) fn RenameProjectDialog(
    inst: String,
    project: (String, String, String),
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let (id, old_name, old_desc) = project;
    let name = RwSignal::new(old_name);
    let description = RwSignal::new(old_desc);
    let save = use_act(move |u: &ProjectUpdate| {
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
    on_success(save, on_done);
    let err = move || failure(save);
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
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" disabled=move || pending.get() || name.with(|n| n.trim().is_empty())
                        aria-busy=move || pending.get().to_string()>"Save"</button>
                </div>
            </form>
        </div>
    }
}

/// Deleting a project asks for its name to be typed.
#[component]
pub(super) fn DeleteProjectDialog(
    inst: String,
    id: String,
    name: String,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let remove = use_act(move |id: &String| {
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
    on_success(remove, on_done);
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
        <ErrorToast error=Signal::derive(move || failure(remove)) />
    }
}
