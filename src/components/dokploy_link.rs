//! Links into Dokploy's own dashboard for one instance: at the address set for it under All
//! instances › Manage, else the API's origin ([`crate::dashboard`]). Where Skiff cannot know
//! the address (served in front of the API), the link's words say where to set it.

use leptos::prelude::*;

use crate::api::origin_of;
use crate::dashboard::{self, Page};
use crate::routes::Route;
use crate::state::instances::dashboard_slot;
use crate::state::location::page_place;
use crate::state::session::use_session;
use crate::state::storage::{self, Area};

/// `page` on instance `inst`'s dashboard, when Skiff knows where that is.
pub fn dashboard_url(inst: &str, page: &Page) -> Option<String> {
    let api = use_session().instance(inst)?.url;
    let set = storage::get(Area::Local, &dashboard_slot(inst));
    let (page_origin, page_path) = page_place();
    dashboard::origin(set.as_deref(), &origin_of(&api), &page_origin, &page_path)
        .map(|o| dashboard::url(&o, page))
}

/// "`label` ↗" opening `page` of Dokploy in a new tab; or, when the dashboard's address is
/// unknown, the label with a link to where it is set.
#[component]
pub fn DokployLink(inst: String, page: Page, #[prop(into)] label: String) -> impl IntoView {
    match dashboard_url(&inst, &page) {
        Some(u) => view! {
            <a href=u target="_blank" rel="noopener noreferrer" data-test="dokploy-link">{label} " ↗"</a>
        }
        .into_any(),
        None => view! {
            <span data-test="dokploy-link-unknown">
                {label} " (Skiff is served in front of this instance's API, so Dokploy itself is elsewhere: set its address under "
                <a href=Route::Instances.href()>"All instances › Manage"</a> " to link it)"
            </span>
        }
        .into_any(),
    }
}
