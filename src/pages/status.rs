//! Pages for routes that cannot be shown: unknown paths, unknown or locked instances.

use leptos::prelude::*;

use crate::routes::Route;

/// A path Skiff does not know.
#[component]
pub fn NotFound(path: String) -> impl IntoView {
    view! {
        <div class="card empty">
            <h1>"Nothing here"</h1>
            <p>"Skiff has no page at " <code>{path}</code> "."</p>
            <a class="btn" href="#/">"Go to your projects"</a>
        </div>
    }
}

/// A link to an instance this browser has not saved.
#[component]
pub fn UnknownInstance(id: String) -> impl IntoView {
    view! {
        <div class="card empty">
            <h1>"Unknown instance"</h1>
            <p>"This link points to the instance " <code>{id}</code> ", which is not saved in this browser. Connect to it first, then open the link again."</p>
            <div class="row" style="justify-content:center">
                <a class="btn btn--primary" href=Route::Connect.href()>"Connect an instance"</a>
                <a class="btn" href=Route::Instances.href()>"All instances"</a>
            </div>
        </div>
    }
}

/// An instance whose key is not at hand: locked with a passphrase, or forgotten.
#[component]
pub fn KeyNeeded(id: String) -> impl IntoView {
    view! {
        <div class="card empty">
            <h1>"Key needed"</h1>
            <p>"The key of " <code>{id}</code> " is locked or was removed from this browser."</p>
            <div class="row" style="justify-content:center">
                <a class="btn btn--primary" href=Route::Instances.href()>"Unlock or reconnect"</a>
            </div>
        </div>
    }
}
