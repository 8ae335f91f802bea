//! What the settings pages share (API access, people, tags, registries, SSH keys, certificates,
//! notifications, git providers, servers: the settings build, src/handoff.rs): their head,
//! their own navigation, and their forms' fields bound to one field of a form held whole in a
//! signal.

use leptos::prelude::*;

use crate::api::{ApiError, Client};
use crate::components::field::Errors;
use crate::pages::live::use_client;
use crate::pages::service::backups::{remove_dialog, Removal};
use crate::routes::Route;
use crate::state::era::use_version;
use crate::state::session::use_session;

/// A settings page's head: the instance, the page's name and what it is for.
pub fn settings_head(inst: &str, title: &'static str, lead: &'static str) -> AnyView {
    let name = use_session()
        .instance(inst)
        .map(|i| i.name)
        .unwrap_or_default();
    view! {
        <div class="page-head">
            <div class="page-head__title">
                <div class="crumbs">{name} " › Settings"</div>
                <h1>{title}</h1>
                <p class="muted small">{lead}</p>
            </div>
        </div>
    }
    .into_any()
}

/// The settings pages' own navigation: API access, People, Tags where the instance has them,
/// Registries, SSH keys, Certificates, Notifications, Git providers, Servers.
#[component]
pub fn SettingsNav(inst: String, current: &'static str) -> impl IntoView {
    let version = use_version(use_client(&inst));
    let at = move |page: &'static str| (page == current).then_some("page");
    let tab = |page: &'static str| Route::tool(&inst, page).href();
    view! {
        <nav class="tabs" aria-label="Settings">
            <a href=tab("admin") aria-current=at("admin")>"API access"</a>
            <a href=tab("people") data-test="settings-people" aria-current=at("people")>"People"</a>
            <a href=tab("tags") data-test="settings-tags" aria-current=at("tags")
                hidden=move || !version.with(|v| v.as_ref().is_some_and(|v| v.has_tags()))>"Tags"</a>
            <a href=tab("registries") data-test="settings-registries" aria-current=at("registries")>"Registries"</a>
            <a href=tab("ssh-keys") data-test="settings-ssh-keys" aria-current=at("ssh-keys")>"SSH keys"</a>
            <a href=tab("certificates") data-test="settings-certificates" aria-current=at("certificates")>"Certificates"</a>
            <a href=tab("notifications") data-test="settings-notifications" aria-current=at("notifications")>"Notifications"</a>
            <a href=tab("git-providers") data-test="settings-git-providers" aria-current=at("git-providers")>"Git providers"</a>
            <a href=tab("servers") data-test="settings-servers" aria-current=at("servers")>"Servers"</a>
        </nav>
    }
}

/// The getter and setter of one text field of `form` (for `text_field` and `secret_field`).
pub fn bind<F: Clone + Send + Sync + 'static>(
    form: RwSignal<F>,
    field: fn(&mut F) -> &mut String,
) -> (
    impl Fn() -> String + Clone + Send + Sync + 'static,
    impl Fn(String) + Clone + Send + Sync + 'static,
) {
    (
        move || {
            let mut v = form.get();
            std::mem::take(field(&mut v))
        },
        move |s: String| form.update(|v| *field(v) = s),
    )
}

/// A multi-line monospace input for a key or a certificate, bound to one field of `form`.
pub fn pem_field<F: Clone + Send + Sync + 'static>(
    id: &'static str,
    wire: &'static str,
    label: &'static str,
    hint: &'static str,
    errors: Errors,
    form: RwSignal<F>,
    field: fn(&mut F) -> &mut String,
) -> AnyView {
    let (get, set) = bind(form, field);
    let err = move || errors.of(id, wire);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea id=id class="input mono" data-test=id rows="5" spellcheck="false" autocomplete="off"
                aria-invalid=move || err().is_some().to_string()
                prop:value=get on:input=move |ev| set(event_target_value(&ev))></textarea>
            <span class="field__hint">{hint}</span>
            {move || err().map(|e| view! { <span class="field__error" data-test=format!("error-{id}")>{e}</span> })}
        </div>
    }
    .into_any()
}

/// The typed-confirmation dialog deleting the row whose id `removing` holds: `what` says what
/// it is (`None`: the row is gone, no dialog), `remove` sends the delete, `done` runs after it
/// (with the id) once the dialog is closed.
pub fn delete_dialog<F, Fut>(
    client: Memo<Option<Client>>,
    removing: RwSignal<Option<String>>,
    what: impl Fn(&str) -> Option<Removal> + Send + Sync + 'static,
    remove: F,
    done: Callback<String>,
) -> impl Fn() -> Option<AnyView> + Send + Sync + 'static
where
    F: Fn(Client, String) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), ApiError>> + 'static,
{
    move || {
        let id = removing.get()?;
        let what = what(&id)?;
        let close = Callback::new(move |_| removing.set(None));
        let gone = id.clone();
        let finished = Callback::new(move |_| {
            removing.set(None);
            done.run(gone.clone());
        });
        Some(remove_dialog(client, id, what, remove, close, finished))
    }
}
