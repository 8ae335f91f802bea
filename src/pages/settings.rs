//! What the settings pages share (API access, tags, registries, SSH keys: the settings build,
//! src/handoff.rs): their head and their own navigation.

use leptos::prelude::*;

use crate::pages::live::use_client;
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

/// The settings pages' own navigation: API access, Tags where the instance has them,
/// Registries, SSH keys.
#[component]
pub fn SettingsNav(inst: String, current: &'static str) -> impl IntoView {
    let version = use_version(use_client(&inst));
    let at = move |page: &'static str| (page == current).then_some("page");
    let tab = |page: &'static str| Route::tool(&inst, page).href();
    view! {
        <nav class="tabs" aria-label="Settings">
            <a href=tab("admin") aria-current=at("admin")>"API access"</a>
            <a href=tab("tags") data-test="settings-tags" aria-current=at("tags")
                hidden=move || !version.with(|v| v.as_ref().is_some_and(|v| v.has_tags()))>"Tags"</a>
            <a href=tab("registries") data-test="settings-registries" aria-current=at("registries")>"Registries"</a>
            <a href=tab("ssh-keys") data-test="settings-ssh-keys" aria-current=at("ssh-keys")>"SSH keys"</a>
        </nav>
    }
}
