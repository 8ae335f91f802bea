//! Tags (`#/i/{inst}/tags`, Dokploy v0.29+): the organization's tags with the projects carrying
//! each; create, edit (name, colour) and delete. A project's own tags are chosen on its page
//! ([`TagsDialog`]); the overview filters by one. The rules and the markup are in
//! [`crate::tags`]: the list and the choices are markup with one listener each (a view per row
//! cost the full build 12 KB).

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use crate::api::{ApiError, Client, TagInput};
use crate::components::field::{text_field, Errors};
use crate::components::{ConfirmDialog, ErrorToast, ErrorView};
use crate::pages::live::{failure, no_key, on_success, run_once, use_client, use_fetch, use_write};
use crate::pages::service::backups::{remove_dialog, Removal};
use crate::pages::settings::{settings_head, SettingsNav};
use crate::routes::Route;
use crate::state::dom::{clicked, focus};
use crate::state::era::use_version;
use crate::tags::{carried_by, choices_html, rows_html, toggled, Listed, TagForm, DEFAULT_COLOR};

/// `tag.all`, and with `carriers` the projects carrying each tag (`project.all`; none known when
/// it fails: the tags still show).
async fn load(client: Option<Client>, carriers: bool) -> Result<Listed, ApiError> {
    let c = client.ok_or_else(no_key)?;
    let tags = c.tag_all().await?;
    let carried = match carriers {
        true => c
            .project_all()
            .await
            .map(|p| carried_by(&tags, &p))
            .unwrap_or_default(),
        false => Vec::new(),
    };
    Ok((tags, carried))
}

#[component]
pub fn TagsPage(inst: String) -> impl IntoView {
    let client = use_client(&inst);
    let version = use_version(client);
    let kick = RwSignal::new(0u32);
    let listed = use_fetch(move || {
        kick.track();
        load(client.get(), true)
    });
    let find = move |id: &str| {
        listed.with_untracked(|l| match l {
            Some(Ok((tags, _))) => tags.iter().find(|t| t.tag_id == id).cloned(),
            _ => None,
        })
    };

    // One form for a new tag and for the tag being edited (its id).
    let editing = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let color = RwSignal::new(DEFAULT_COLOR.to_string());
    let reset = move || {
        editing.set(None);
        name.set(String::new());
        color.set(DEFAULT_COLOR.to_string());
    };
    let save = use_write(client, |c: Client, t: TagInput| async move {
        c.tag_save(&t).await
    });
    let pending = save.pending();
    let errors = Errors::new(Signal::derive(move || failure(save)));
    on_success(
        save,
        Callback::new(move |_| {
            reset();
            kick.update(|k| *k += 1);
        }),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = TagForm {
            name: name.get_untracked(),
            color: color.get_untracked(),
        };
        match form.input(editing.get_untracked().as_deref()) {
            Err(errs) => errors.local.set(errs),
            Ok(i) => {
                errors.local.set(Vec::new());
                run_once(save, i);
            }
        }
    };
    let removing = RwSignal::new(None::<String>);
    let on_list = move |ev: leptos::ev::MouseEvent| {
        let Some((action, id)) = clicked(&ev) else {
            return;
        };
        match action.as_str() {
            "retry" => kick.update(|k| *k += 1),
            "edit" => {
                if let Some(t) = find(&id) {
                    let f = TagForm::of(&t);
                    name.set(f.name);
                    color.set(f.color);
                    editing.set(Some(id));
                    errors.local.set(Vec::new());
                    focus("tag-name");
                }
            }
            _ => removing.set(Some(id)),
        }
    };
    let rows = {
        let inst = inst.clone();
        move || listed.with(|l| rows_html(&inst, l.as_ref()))
    };
    // An instance from before tags: said, not asked.
    let old = move || {
        version.with(|v| {
            v.as_ref()
                .filter(|v| !v.has_tags())
                .map(|v| format!("This instance runs Dokploy {v}. Tags arrived in v0.29: update Dokploy to label projects with them."))
        })
    };
    view! {
        {settings_head(&inst, "Tags", "Labels for projects: give a project its tags on its page, and narrow the projects overview to one.")}
        <SettingsNav inst=inst.clone() current="tags" />
        {move || old().map(|text| view! { <p class="card empty" data-test="tags-unsupported">{text}</p> })}
        <section class="card" data-test="tags" hidden=move || old().is_some()>
            <form class="tag-form" novalidate=true data-test="tag-form" on:submit=submit>
                <div class="row u-items-start">
                    {text_field("tag-name", "name", "Tag name", "production", Some("Up to 50 characters: letters, digits, - and _, with spaces and dots between."), errors,
                        move || name.get(), move |v| name.set(v))}
                    <div class="field">
                        <label for="tag-color">"Colour"</label>
                        <input id="tag-color" type="color" class="input-color" data-test="tag-color"
                            prop:value=move || color.get() on:input=move |ev| color.set(event_target_value(&ev)) />
                    </div>
                </div>
                {move || errors.other(&["name"]).map(|e| view! { <ErrorView error=e /> })}
                <div class="row">
                    <button type="submit" class="btn btn--primary" data-test="save-tag" disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()>{move || if editing.with(Option::is_some) { "Save tag" } else { "Create tag" }}</button>
                    <button data-free type="button" class="btn" data-test="cancel-edit" hidden=move || editing.with(Option::is_none)
                        on:click=move |_| { reset(); errors.local.set(Vec::new()); }>"Cancel"</button>
                </div>
            </form>
            <div class="u-mt-16" data-test="tag-list" on:click=on_list inner_html=rows></div>
        </section>
        {move || removing.get().and_then(|id| {
            let (t, carriers) = listed.with_untracked(|l| match l {
                Some(Ok((tags, carried))) => {
                    let i = tags.iter().position(|t| t.tag_id == id)?;
                    Some((tags[i].clone(), carried.get(i).map(Vec::len)))
                }
                _ => None,
            })?;
            let what = Removal {
                title: format!("Delete the tag {}?", t.name),
                message: match carriers {
                    Some(0) => "No project carries it.".to_string(),
                    Some(1) => "It comes off the one project that carries it. The project is not touched.".to_string(),
                    Some(n) => format!("It comes off the {n} projects that carry it. The projects are not touched."),
                    None => "It comes off every project that carries it. The projects are not touched.".to_string(),
                },
                label: "Delete tag",
                word: t.name,
            };
            let close = Callback::new(move |_| removing.set(None));
            let gone = id.clone();
            let done = Callback::new(move |_| {
                removing.set(None);
                if editing.with_untracked(|e| e.as_ref() == Some(&gone)) {
                    reset();
                }
                kick.update(|k| *k += 1);
            });
            Some(remove_dialog(client, id, what, |c: Client, id: String| async move {
                c.tag_remove(&id).await
            }, close, done))
        })}
    }
}

/// A project's tags chosen among the organization's (`tag.bulkAssign`: the choice as a whole,
/// so a failed save loses nothing and a second click sends the same choice).
pub fn tags_dialog(
    inst: &str,
    client: Memo<Option<Client>>,
    project_id: String,
    current: Vec<String>,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> AnyView {
    let listed = use_fetch(move || load(client.get(), false));
    let chosen = RwSignal::new(current);
    let save = use_write(
        client,
        |c: Client, (p, ids): (String, Vec<String>)| async move { c.tag_assign(&p, &ids).await },
    );
    on_success(save, on_done);
    let list = move || {
        listed.with_untracked(|l| match l {
            Some(Ok((tags, _))) => tags.clone(),
            _ => Vec::new(),
        })
    };
    // Drawn once per answer: a box ticked stays as the user left it.
    let manage = Route::tool(inst, "tags").href();
    let choices =
        move || listed.with(|l| choices_html(l.as_ref(), &chosen.get_untracked(), &manage));
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            let id = input.value();
            chosen.update(|c| *c = toggled(c, &id, &list()));
        }
    };
    let confirm = Callback::new(move |_| {
        // The tags that still exist, in the list's order (the current ones while the list is out).
        let l = list();
        let ids = chosen.with_untracked(|c| match l.is_empty() {
            true => c.clone(),
            false => l
                .iter()
                .filter(|t| c.contains(&t.tag_id))
                .map(|t| t.tag_id.clone())
                .collect(),
        });
        run_once(save, (project_id.clone(), ids));
    });
    view! {
        <ConfirmDialog title="Tags of this project" message="Choose the tags it carries: the projects overview can be narrowed to each."
            confirm_label="Save tags" safe=true pending=Signal::from(save.pending())
            on_confirm=confirm on_cancel=on_close>
            <div data-test="project-tags-dialog" on:change=on_change inner_html=choices></div>
        </ConfirmDialog>
        <ErrorToast error=Signal::derive(move || failure(save)) />
    }
    .into_any()
}
