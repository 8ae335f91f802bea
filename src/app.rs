//! The shell: context providers, the top bar and the page for the current route.

use leptos::prelude::*;

use crate::handoff::{self, handoff, Build};
use crate::pages;
use crate::routes::Route;
use crate::state::location::{provide_location, replace_soon, use_route};
use crate::state::session::{last_used, provide_session, set_last_used, use_session};

/// The pages one build carries: the page for a route, given whether the route's instance can
/// be shown. Each build (`crate::handoff`: the first view, the full build, the settings)
/// passes its own function; a page it does not name is not linked into that build.
pub type Pages = fn(Route, Gate) -> AnyView;

/// Mounts the full build on the page's body (src/bin/full.rs).
pub fn mount() {
    mount_with(|| view! { <App pages=all_pages extras=pages::bulk::dock /> });
}

/// Mounts the settings build on the page's body (src/bin/settings.rs).
pub fn mount_settings() {
    mount_with(|| view! { <App pages=settings_pages /> });
}

fn mount_with<V: IntoView + 'static>(app: fn() -> V) {
    let Some(body) = document().body() else {
        return;
    };
    handoff::keep_mounted(leptos::mount::mount_to(body, app));
}

#[component]
pub fn App(
    pages: Pages,
    /// What a build adds beside every page, and the contexts its pages use (the full build's
    /// bulk panel and deployment pings: `pages::bulk::dock`).
    #[prop(optional)]
    extras: Option<fn() -> AnyView>,
) -> impl IntoView {
    provide_location();
    provide_session();
    let extras = extras.map(|f| f());
    view! {
        <div class="shell">
            <TopBar />
            <main class="main">
                <CurrentPage pages=pages />
            </main>
            {extras}
        </div>
    }
}

/// Whether an instance's pages can be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// The route names an instance this browser has not saved.
    Unknown,
    /// The instance's key is not at hand (locked, or kept for another tab).
    NeedsKey,
}

/// The settings build's pages: an instance's API access, tags, registries, SSH keys and
/// certificates; anything else hands over.
pub fn settings_pages(route: Route, gate: Gate) -> AnyView {
    match (route, gate) {
        (Route::Tool { inst, name: "tags" }, Gate::Open) => {
            view! { <pages::TagsPage inst=inst /> }.into_any()
        }
        (
            Route::Tool {
                inst,
                name: "admin",
            },
            Gate::Open,
        ) => view! { <pages::AdminPage inst=inst /> }.into_any(),
        (
            Route::Tool {
                inst,
                name: "people",
            },
            Gate::Open,
        ) => view! { <pages::PeoplePage inst=inst /> }.into_any(),
        (
            Route::Tool {
                inst,
                name: "registries",
            },
            Gate::Open,
        ) => view! { <pages::RegistriesPage inst=inst /> }.into_any(),
        (
            Route::Tool {
                inst,
                name: "ssh-keys",
            },
            Gate::Open,
        ) => view! { <pages::SshKeysPage inst=inst /> }.into_any(),
        (
            Route::Tool {
                inst,
                name: "certificates",
            },
            Gate::Open,
        ) => view! { <pages::CertificatesPage inst=inst /> }.into_any(),
        (
            Route::Tool {
                inst,
                name: "notifications",
            },
            Gate::Open,
        ) => view! { <pages::NotificationsPage inst=inst /> }.into_any(),
        (
            Route::Tool {
                inst,
                name: "git-providers",
            },
            Gate::Open,
        ) => view! { <pages::GitProvidersPage inst=inst /> }.into_any(),
        (
            Route::Tool {
                inst,
                name: "servers",
            },
            Gate::Open,
        ) => view! { <pages::ServersPage inst=inst /> }.into_any(),
        _ => handoff(Build::Full),
    }
}

/// Every page of Skiff but the settings ([`settings_pages`]).
pub fn all_pages(route: Route, gate: Gate) -> AnyView {
    if let Some(inst) = route.instance() {
        match gate {
            Gate::Unknown => {
                return view! { <pages::UnknownInstance id=inst.to_string() /> }.into_any()
            }
            Gate::NeedsKey => return view! { <pages::KeyNeeded id=inst.to_string() /> }.into_any(),
            Gate::Open => {}
        }
    }
    match route {
        // `#/` with no saved instance.
        Route::Home | Route::Connect => view! { <pages::ConnectPage /> }.into_any(),
        Route::Instances => view! { <pages::InstancesPage /> }.into_any(),
        Route::Find => view! { <pages::PalettePage /> }.into_any(),
        Route::Projects { inst, .. } => {
            view! { <pages::ProjectsPage inst=inst dialogs=pages::project_dialog /> }.into_any()
        }
        Route::Project { inst, id, .. } => {
            view! { <pages::ProjectPage inst=inst id=id /> }.into_any()
        }
        Route::Service { inst, kind, id, .. } => {
            view! { <pages::ServicePage inst=inst kind=kind id=id /> }.into_any()
        }
        Route::Tool {
            inst,
            name: "doctor",
        } => view! { <pages::DoctorPage inst=inst /> }.into_any(),
        Route::Tool {
            inst,
            name: "backups",
        } => view! { <pages::BackupsPage inst=inst /> }.into_any(),
        route @ Route::Tool { .. } => handoff(Build::of(&route)),
        Route::AllBackups => view! { <pages::AllBackupsPage /> }.into_any(),
        Route::Activity { inst, .. } => view! { <pages::ActivityPage inst=inst /> }.into_any(),
        Route::Services { inst, .. } => view! { <pages::ServicesPage inst=inst /> }.into_any(),
        Route::NotFound(raw) => view! { <pages::NotFound path=raw /> }.into_any(),
    }
}

/// The page for the current route; pages of an instance only once that instance is usable.
#[component]
fn CurrentPage(pages: Pages) -> impl IntoView {
    let route = use_route();
    let session = use_session();
    // The page follows the route without what a page reads itself (the overview's search and
    // sort, a project's environment, a service's tab and deployment): typing in the search box or
    // switching tabs must not rebuild the page and refetch its data.
    let page = Memo::new(move |_| {
        route.with(|r| match r {
            Route::Projects { inst, .. } => Route::projects(inst),
            Route::Project { inst, id, .. } => Route::project(inst, id),
            Route::Service { inst, kind, id, .. } => Route::service(inst, kind, id, ""),
            Route::Activity { inst, .. } => Route::activity(inst.as_deref()),
            Route::Services { inst, .. } => Route::Services {
                inst: inst.clone(),
                q: String::new(),
            },
            other => other.clone(),
        })
    });
    // Whether the route's instance is usable; the page is rebuilt only when this or the page
    // changes, not on every change to the saved instances or keys (a key switch keeps the page).
    let gated = Memo::new(move |_| {
        let r = page.get();
        let gate = match r.instance() {
            Some(inst) if session.instance(inst).is_none() => Gate::Unknown,
            // The doctor copes without a key (it skips the key check): let it through.
            Some(inst)
                if !session.has_key(inst) && !matches!(r, Route::Tool { name: "doctor", .. }) =>
            {
                Gate::NeedsKey
            }
            _ => Gate::Open,
        };
        (r, gate)
    });
    move || {
        let (r, gate) = gated.get();
        if let (Some(inst), Gate::Open) = (r.instance(), gate) {
            set_last_used(inst);
        }
        if r == Route::Home {
            // `#/` opens the last used instance's projects.
            let target = untrack(|| {
                last_used()
                    .filter(|id| session.instance(id).is_some())
                    .or_else(|| session.instances().first().map(|i| i.id.clone()))
            });
            if let Some(id) = target {
                // The page opens at once; the address bar follows once it is drawn
                // (`history.replaceState` costs several milliseconds of a cold load in Chrome).
                replace_soon(&Route::projects(&id));
                return ().into_any();
            }
        }
        pages(r, gate)
    }
}

/// Brand, the current instance's sections, and the instance switcher.
#[component]
fn TopBar() -> impl IntoView {
    let route = use_route();
    let session = use_session();
    let current = Memo::new(move |_| {
        route
            .with(|r| r.instance().map(str::to_string))
            .or_else(|| last_used().filter(|id| session.instance(id).is_some()))
            .or_else(|| session.instances().first().map(|i| i.id.clone()))
    });
    let is = move |section: &'static str| {
        move || {
            let on = route.with(|r| {
                matches!(
                    (section, r),
                    (
                        "projects",
                        Route::Projects { .. } | Route::Project { .. } | Route::Service { .. },
                    ) | ("instances", Route::Instances | Route::AllBackups)
                ) || matches!(r, Route::Tool { name, .. } if *name == section
                    || (section == "admin" && crate::routes::SETTINGS.contains(name)))
                    || (section == "activity" && matches!(r, Route::Activity { .. }))
            });
            on.then_some("page")
        }
    };
    // index.html's stand-in draws the same brand (and its favicon the same logo) before the
    // wasm runs: a change here goes there too.
    view! {
        <header class="topbar">
            <a class="topbar__brand" href="#/">
                <svg class="topbar__logo" viewBox="0 0 32 32" aria-hidden="true">
                    <path d="M4 20h24l-4 7H8z" fill="#2563eb" />
                    <path d="M15 4v14H7z" fill="#60a5fa" />
                    <path d="M17 7v11h7z" fill="#93c5fd" />
                </svg>
                "Skiff"
            </a>
            <nav class="topbar__nav" aria-label="Sections">
                {move || current.get().map(|id| view! {
                    <a href=Route::projects(&id).href() aria-current=is("projects")>"Projects"</a>
                    <a href=Route::activity(Some(&id)).href() aria-current=is("activity")>"Activity"</a>
                    <a href=Route::tool(&id, "backups").href() aria-current=is("backups")>"Backups"</a>
                    <a href=Route::tool(&id, "admin").href() aria-current=is("admin")>"Settings"</a>
                })}
                <a href=Route::Instances.href() aria-current=is("instances")>"All instances"</a>
            </nav>
            <div class="topbar__right">
                // The command palette: a page of the full build (Ctrl-K: index.html).
                <a class="btn btn--ghost topbar__find" href="#/find" data-test="open-palette"
                    aria-keyshortcuts="Control+K Meta+K" title="Find anything (Ctrl K)">"Find"</a>
                <ThemeSwitch />
                <InstanceSwitcher current=current />
            </div>
        </header>
    }
}

/// localStorage: the theme chosen in the top bar (`light` or `dark`; absent: the system's).
/// index.html reads it too, before the first paint.
const THEME: &str = "skiff.theme";

/// The top bar's theme switch: the system's, light, dark, in turn; kept per browser. Drawn here
/// as the theme is now; a click is handled by index.html's theme script (it sets the theme,
/// keeps it and changes this button in place: the same faces as `face`), which costs the first
/// view a few hundred bytes where a reactive button cost 2 KB.
#[component]
fn ThemeSwitch() -> impl IntoView {
    let now = crate::state::storage::get(crate::state::storage::Area::Local, THEME)
        .filter(|t| t == "light" || t == "dark")
        .unwrap_or_default();
    let (glyph, label) = face(&now);
    view! {
        <button type="button" class="btn btn--ghost topbar__theme" data-test="theme-switch"
            data-theme=now aria-label=label title=label>
            {glyph}
        </button>
    }
}

/// The theme switch's glyph and name for the theme `t` ("", "light", "dark"), as index.html's
/// theme script draws them too.
fn face(t: &str) -> (&'static str, &'static str) {
    match t {
        "light" => ("☀", "Theme: light. Switch to dark"),
        "dark" => ("☾", "Theme: dark. Switch to the system's"),
        _ => ("◐", "Theme: the system's. Switch to light"),
    }
}

/// Switches to another saved instance, keeping the section when it can.
#[component]
fn InstanceSwitcher(current: Memo<Option<String>>) -> impl IntoView {
    let session = use_session();
    let on_change = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if id == "__add" {
            crate::state::location::navigate(&Route::Connect);
        } else if !id.is_empty() {
            crate::state::location::navigate(&Route::projects(&id));
        }
    };
    view! {
        <label class="sr-only" for="instance-switcher">"Instance"</label>
        <select id="instance-switcher" class="input u-switcher" on:change=on_change
            prop:value=move || current.get().unwrap_or_default()>
            <option value="" disabled=true selected=move || current.get().is_none()>"No instance"</option>
            {move || session.instances().into_iter().map(|i| {
                let selected = current.get().as_deref() == Some(i.id.as_str());
                view! { <option value=i.id.clone() selected=selected>{i.name.clone()}</option> }
            }).collect_view()}
            <option value="__add">"+ Add instance…"</option>
        </select>
    }
}
