//! Registries (`#/i/{inst}/registries`): the organization's Docker registries; add, test the
//! login, edit (the password only when a new one is typed: the saved one is never read back)
//! and delete. The rules and the list's markup are in [`crate::registries`].

use leptos::prelude::*;

use crate::api::{ApiError, Client, RegistryInput};
use crate::components::field::{secret_field, text_field, Errors};
use crate::components::ErrorView;
use crate::pages::live::{failure, on_success, run_once, use_client, use_list, use_write};
use crate::pages::service::backups::Removal;
use crate::pages::settings::{bind, delete_dialog, settings_head, SettingsNav};
use crate::registries::{registry_rows_html, RegistryForm};
use crate::state::dom::clicked;
use crate::state::era::use_version;

/// What a login test tries: the form's values, or a saved registry with its own password.
#[derive(Clone)]
enum Login {
    Typed(RegistryInput),
    Saved(String),
}

#[component]
pub fn RegistriesPage(inst: String) -> impl IntoView {
    let client = use_client(&inst);
    let version = use_version(client);
    let kick = RwSignal::new(0u32);
    let listed = use_list(client, kick, |c| async move { c.registry_all().await });

    // One form for a new registry and for the one being edited (its id).
    let editing = RwSignal::new(None::<String>);
    let form = RwSignal::new(RegistryForm::default());
    let reset = move || {
        editing.set(None);
        form.set(RegistryForm::default());
    };
    let save = use_write(client, |c: Client, r: RegistryInput| async move {
        c.registry_save(&r).await
    });
    let test = use_write(client, |c: Client, l: Login| async move {
        match l {
            Login::Typed(r) => c.registry_test(&r).await,
            Login::Saved(id) => c.registry_test_saved(&id).await,
        }
    });
    let tested = RwSignal::new(None::<String>);
    let pending = Signal::derive(move || save.pending().get() || test.pending().get());
    // The last of the two to fail speaks on the fields.
    let last_failed = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| last_failed.set(failure(save)));
    Effect::new(move |_| last_failed.set(failure(test)));
    let errors = Errors::new(last_failed.into());
    on_success(
        save,
        Callback::new(move |_| {
            reset();
            tested.set(None);
            kick.update(|k| *k += 1);
        }),
    );
    let checked = move || {
        let f = form.get_untracked();
        let r = f.input(editing.get_untracked().as_deref());
        match &r {
            Err(errs) => errors.local.set(errs.clone()),
            Ok(_) => errors.local.set(Vec::new()),
        }
        r.ok()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tested.set(None);
        if let Some(r) = checked() {
            run_once(save, r);
        }
    };
    // A saved registry's own password, where the instance can test with it (v0.30).
    let saved_test = move || version.with(|v| v.as_ref().is_some_and(|v| v.at_least(0, 30, 0)));
    let on_test = move |_| {
        tested.set(None);
        let f = form.get_untracked();
        let login = match editing.get_untracked() {
            Some(id) if f.password.is_empty() && saved_test() => Some(Login::Saved(id)),
            Some(_) if f.password.is_empty() => {
                errors.local.set(vec![(
                    "registry-password",
                    "Type the password to test the login: Skiff never reads the saved one back."
                        .to_string(),
                )]);
                None
            }
            // A new registry's check, or an edited one with a new password (Dokploy's check
            // wants every field).
            _ => checked().map(|mut r| {
                r.registry_id = None;
                Login::Typed(r)
            }),
        };
        if let Some(login) = login {
            tested.set(Some(f.url.trim().to_string()));
            run_once(test, login);
        }
    };
    let passed = move || {
        (!test.pending().get() && matches!(test.value().get(), Some(Ok(()))))
            .then(|| tested.get())
            .flatten()
    };
    // A saved registry tested from its row: said above the list.
    let row_test = use_write(client, |c: Client, id: String| async move {
        c.registry_test_saved(&id).await
    });
    let row_tested = RwSignal::new(None::<String>);
    let row_result = move || {
        let name = row_tested.get()?;
        if row_test.pending().get() {
            return Some((format!("Logging in to {name}…"), "small"));
        }
        match row_test.value().get()? {
            Ok(()) => Some((
                format!("The server logged in to {name}."),
                "alert alert--ok",
            )),
            Err(e) => Some((
                format!(
                    "{name}: {}",
                    e.field_error("registryUrl").unwrap_or_else(|| e.title())
                ),
                "alert alert--error",
            )),
        }
    };
    let removing = RwSignal::new(None::<String>);
    let on_list = move |ev: leptos::ev::MouseEvent| {
        let Some((action, id)) = clicked(&ev) else {
            return;
        };
        let found = || {
            listed.with_untracked(|l| match l {
                Some(Ok(list)) => list.iter().find(|r| r.registry_id == id).cloned(),
                _ => None,
            })
        };
        match action.as_str() {
            "retry" => kick.update(|k| *k += 1),
            "test" => {
                if let Some(r) = found() {
                    row_tested.set(Some(r.registry_name));
                    run_once(row_test, id);
                }
            }
            "edit" => {
                if let Some(r) = found() {
                    form.set(RegistryForm::of(&r));
                    editing.set(Some(id));
                    errors.local.set(Vec::new());
                    tested.set(None);
                    crate::state::dom::focus("registry-name");
                }
            }
            _ => removing.set(Some(id)),
        }
    };
    let rows = move || {
        let test = saved_test();
        listed.with(|l| registry_rows_html(l.as_ref(), test))
    };
    let (name_get, name_set) = bind(form, |f| &mut f.name);
    let (url_get, url_set) = bind(form, |f| &mut f.url);
    let (user_get, user_set) = bind(form, |f| &mut f.username);
    let (pass_get, pass_set) = bind(form, |f| &mut f.password);
    let (prefix_get, prefix_set) = bind(form, |f| &mut f.prefix);
    view! {
        {settings_head(&inst, "Registries", "Docker registries the server logs in to: applications push their images to one, and pull private images from them.")}
        <SettingsNav inst=inst.clone() current="registries" />
        <section class="card" data-test="registries">
            <form class="settings-form" novalidate=true data-test="registry-form" on:submit=submit>
                <h2>{move || if editing.with(Option::is_some) { "Edit registry" } else { "Add a registry" }}</h2>
                <div class="form-grid">
                    {text_field("registry-name", "registryName", "Name", "ghcr", None, errors, name_get, name_set)}
                    {text_field("registry-url", "registryUrl", "Address", "ghcr.io", Some("A host, with a port and a path if needed."), errors, url_get, url_set)}
                    {text_field("registry-username", "username", "Username", "deploy-bot", None, errors, user_get, user_set)}
                    {secret_field("registry-password", "password", "Password or access token", errors, pass_get, pass_set)}
                    {text_field("registry-prefix", "imagePrefix", "Image prefix (optional)", "my-org", Some("Put before an application's image name when it is pushed."), errors, prefix_get, prefix_set)}
                </div>
                {move || editing.with(Option::is_some).then(|| view! {
                    <p class="small muted" data-test="password-kept">"The saved password is kept unless you type a new one; Skiff never shows it."</p>
                })}
                {move || errors.other(&["registryName", "registryUrl", "username", "password", "imagePrefix"]).map(|e| view! { <ErrorView error=e /> })}
                {move || passed().map(|url| view! {
                    <p class="alert alert--ok" role="status" data-test="registry-test-ok">{format!("The server logged in to {url}.")}</p>
                })}
                <div class="row">
                    <button type="submit" class="btn btn--primary" data-test="save-registry" disabled=move || pending.get()
                        aria-busy=move || save.pending().get().to_string()>{move || if editing.with(Option::is_some) { "Save registry" } else { "Add registry" }}</button>
                    <button type="button" class="btn" data-test="test-registry-login" disabled=move || pending.get()
                        aria-busy=move || test.pending().get().to_string() on:click=on_test>"Test login"</button>
                    <button data-free type="button" class="btn btn--ghost" data-test="cancel-edit" hidden=move || editing.with(Option::is_none)
                        on:click=move |_| { reset(); errors.local.set(Vec::new()); tested.set(None); }>"Cancel"</button>
                </div>
            </form>
            {move || row_result().map(|(text, class)| view! {
                <p class=class role="status" data-test="registry-row-test">{text}</p>
            })}
            <div class="u-mt-16" data-test="registry-list" on:click=on_list inner_html=rows></div>
        </section>
        {delete_dialog(client, removing, move |id| {
            let r = listed.with_untracked(|l| match l {
                Some(Ok(list)) => list.iter().find(|r| r.registry_id == id).cloned(),
                _ => None,
            })?;
            Some(Removal {
                title: format!("Delete the registry {}?", r.registry_name),
                message: "Applications that push to it or pull from it lose its login: choose another registry on them first.".to_string(),
                label: "Delete registry",
                word: r.registry_name,
            })
        }, |c: Client, id: String| async move { c.registry_remove(&id).await }, Callback::new(move |gone: String| {
            if editing.with_untracked(|e| e.as_ref() == Some(&gone)) {
                reset();
            }
            kick.update(|k| *k += 1);
        }))}
    }
}
