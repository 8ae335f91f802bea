use leptos::prelude::*;

use crate::routes::Route;
use crate::state::session::use_session;

/// Every saved instance (issue #6 extends this into the all-instances overview).
#[component]
pub fn InstancesPage() -> impl IntoView {
    let session = use_session();
    view! {
        <div class="page-head"><div class="page-head__title"><h1>"All instances"</h1></div>
            <div class="page-head__actions"><a class="btn btn--primary" href=Route::Connect.href()>"Add instance"</a></div></div>
        <div class="grid">
            {move || session.instances().into_iter().map(|i| view! {
                <a class="card card--link" href=Route::projects(&i.id).href()>
                    <div class="card__title">{i.name.clone()}</div>
                    <div class="card__desc">{i.url.clone()}</div>
                </a>
            }).collect_view()}
        </div>
    }
}
