//! Git providers (`#/i/{inst}/git-providers`): the GitHub, GitLab, Gitea and Bitbucket
//! accounts connected in Dokploy, each removable after typing its name. Connecting one needs
//! OAuth redirects to Dokploy's own address, so the page says so and links there
//! ([`crate::git_providers`] has the rules and the markup).

use leptos::prelude::*;

use crate::api::Client;
use crate::components::DokployLink;
use crate::dashboard::Page;
use crate::git_providers::provider_rows_html;
use crate::pages::live::{use_client, use_list};
use crate::pages::service::backups::Removal;
use crate::pages::settings::{delete_dialog, settings_head, SettingsNav};
use crate::state::dom::clicked;

#[component]
pub fn GitProvidersPage(inst: String) -> impl IntoView {
    let client = use_client(&inst);
    let kick = RwSignal::new(0u32);
    let listed = use_list(client, kick, |c| async move { c.git_provider_all().await });
    let removing = RwSignal::new(None::<String>);
    let on_list = move |ev: leptos::ev::MouseEvent| {
        let Some((action, id)) = clicked(&ev) else {
            return;
        };
        match action.as_str() {
            "retry" => kick.update(|k| *k += 1),
            _ => removing.set(Some(id)),
        }
    };
    let rows = move || listed.with(|l| provider_rows_html(l.as_ref(), js_sys::Date::now() as i64));
    view! {
        {settings_head(&inst, "Git providers", "The GitHub, GitLab, Gitea and Bitbucket accounts Dokploy deploys private repositories from.")}
        <SettingsNav inst=inst.clone() current="git-providers" />
        <section class="card" data-test="git-providers">
            <p class="small" data-test="connect-in-dokploy">
                "Connecting an account happens in Dokploy: GitHub, GitLab, Gitea and Bitbucket send you back to Dokploy's own address after you allow it, which Skiff cannot receive. "
                <DokployLink inst=inst.clone() page=Page::GitProviders label="Connect an account in Dokploy" />
            </p>
            <div class="u-mt-16" data-test="git-provider-list" on:click=on_list inner_html=rows></div>
        </section>
        {delete_dialog(client, removing, move |id| {
            let p = listed.with_untracked(|l| match l {
                Some(Ok(list)) => list.iter().find(|p| p.git_provider_id == id).cloned(),
                _ => None,
            })?;
            Some(Removal {
                title: format!("Remove the git provider {}?", p.name),
                message: "Applications and compose services that deploy from it lose their source until another is chosen; the account itself stays on the git host.".to_string(),
                label: "Remove git provider",
                word: p.name,
            })
        }, |c: Client, id: String| async move { c.git_provider_remove(&id).await }, Callback::new(move |_| kick.update(|k| *k += 1)))}
    }
}
