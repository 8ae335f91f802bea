//! API access (`#/i/{inst}/admin`): the caller's API keys, who in the organization may use the
//! API, a link to Dokploy's Swagger UI, and the one-token flow of 2024 instances (Bearer).
//! The rules (form, bodies, dates, which key Skiff uses) are in [`crate::admin_logic`].

mod keys;
mod legacy;
mod members;

use leptos::prelude::*;

use crate::pages::live::effect;

use crate::admin_logic::{self as logic, SkiffKeyRecord};
use crate::api::{ApiError, AuthMode};
use crate::components::{dashboard_url, ErrorView, Loading};
use crate::dashboard::Page;
use crate::model::Member;
use crate::pages::live::{no_key, now_ms, use_fetch};
use crate::routes::Route;
use crate::state::session::use_session;
use crate::state::storage::{self, Area};

/// Where Skiff keeps what it knows about the key it created and switched to (never the key).
fn record_slot(inst: &str) -> String {
    format!("skiff.keyrecord.{inst}")
}

pub(super) fn load_record(inst: &str) -> Option<SkiffKeyRecord> {
    storage::get(Area::Local, &record_slot(inst)).and_then(|t| SkiffKeyRecord::from_json(&t))
}

pub(super) fn save_record(inst: &str, record: Option<&SkiffKeyRecord>) {
    match record {
        Some(r) => {
            let _ = storage::set(Area::Local, &record_slot(inst), &r.to_json());
        }
        None => storage::remove(Area::Local, &record_slot(inst)),
    }
}

/// A message that survives the page being mounted anew right after Skiff's key changes (the
/// shell re-renders an instance's page when its session changes): kept for a few seconds.
fn flash_slot(inst: &str) -> String {
    format!("skiff.admin.flash.{inst}")
}

pub(super) fn set_flash(inst: &str, text: &str) {
    let _ = storage::set(
        Area::Session,
        &flash_slot(inst),
        &format!("{}|{text}", now_ms()),
    );
}

/// The flash message of `inst` if it is fresh; it is removed either way.
pub(super) fn take_flash(inst: &str) -> Option<String> {
    let raw = storage::get(Area::Session, &flash_slot(inst))?;
    storage::remove(Area::Session, &flash_slot(inst));
    let (at, text) = raw.split_once('|')?;
    let at: i64 = at.parse().ok()?;
    (now_ms() - at < 10_000).then(|| text.to_string())
}

/// API keys and who may use the API (issue #5).
#[component]
pub fn AdminPage(inst: String) -> impl IntoView {
    let session = use_session();
    let Some(instance) = session.instance(&inst) else {
        return ().into_any();
    };
    let legacy = instance.auth == AuthMode::Bearer;
    view! {
        <div class="page-head">
            <div class="page-head__title">
                <div class="crumbs">{instance.name.clone()}</div>
                <h1>"API access"</h1>
                <p class="muted small admin-lead">
                    {if legacy {
                        "This instance runs Dokploy from before v0.19: one API token per user, sent as a Bearer token."
                    } else {
                        "Your API keys for scripts, the CLI and Skiff, and who in the organization may use the API."
                    }}
                </p>
            </div>
        </div>
        <crate::pages::settings::SettingsNav inst=inst.clone() current="admin" />
        {if legacy {
            view! { <legacy::LegacyTokens inst=inst /> }.into_any()
        } else {
            view! { <KeysAndMembers inst=inst /> }.into_any()
        }}
    }
    .into_any()
}

/// The v0.19+ page: `user.get` feeds the keys and tells who the caller is.
#[component]
fn KeysAndMembers(inst: String) -> impl IntoView {
    let session = use_session();
    let client = {
        let inst = inst.clone();
        Memo::new(move |_| session.client(&inst))
    };
    let reload = RwSignal::new(0u32);
    let me_res = use_fetch(move || {
        reload.track();
        let client = client.get();
        async move {
            match client {
                Some(c) => c.user_get().await,
                None => Err(no_key()),
            }
        }
    });
    // The last good answer stays while a reload runs or fails.
    let me = RwSignal::new(None::<Member>);
    let me_error = RwSignal::new(None::<ApiError>);
    effect(move || {
        if let Some(result) = me_res.get() {
            match result {
                Ok(m) => {
                    me.set(Some(m));
                    me_error.set(None);
                }
                Err(e) => me_error.set(Some(e)),
            }
        }
    });
    let ready = Memo::new(move |_| me.with(Option::is_some));
    let inst_s = StoredValue::new(inst.clone());

    view! {
        {move || me_error.get().map(|e| view! {
            <RefusalNote inst=inst_s.get_value() error=e.clone() />
            <ErrorView error=e on_retry=Callback::new(move |_| reload.update(|n| *n += 1)) />
        })}
        {move || (!ready.get() && me_error.with(Option::is_none))
            .then(|| view! { <Loading what="Loading your API keys" /> })}
        {move || ready.get().then(|| view! {
            <SelfAccessNote me=me />
            <keys::KeysSection inst=inst_s.get_value() client=client me=me reload=reload />
            <SwaggerCard inst=inst_s.get_value() me=me />
            <members::MembersSection client=client me=me />
        })}
    }
}

/// When Dokploy refuses Skiff's key and Skiff made that key with a rate limit, says so: the
/// 401 of an exhausted key looks exactly like the 401 of a wrong one.
#[component]
fn RefusalNote(inst: String, error: ApiError) -> impl IntoView {
    let session = use_session();
    let why = error
        .is_auth()
        .then(|| load_record(&inst))
        .flatten()
        .filter(|r| {
            session
                .with_key(&inst, |k| r.applies_to(k))
                .unwrap_or(false)
        })
        .and_then(|r| logic::rate_limit_explanation(&r));
    why.map(|text| {
        view! {
            <div class="alert alert--warn" role="status" data-test="rate-limit-note">
                <div class="alert__title">"Skiff's key has probably used up its rate limit"</div>
                <div>{text}</div>
            </div>
        }
    })
}

/// A member without API access is told so plainly.
#[component]
fn SelfAccessNote(me: RwSignal<Option<Member>>) -> impl IntoView {
    move || {
        me.with(|m| {
            m.as_ref()
                .filter(|m| logic::api_access(m) == logic::ApiAccess::Denied)
                .map(|_| {
                    view! {
                        <div class="alert alert--info" data-test="no-api-access">
                            <div class="alert__title">"Your account has no API access in this organization"</div>
                            <div>"Dokploy may refuse the API, the CLI and Swagger to your keys. An owner or admin can turn on API access for you under Settings › Users in Dokploy, or on this page."</div>
                        </div>
                    }
                })
        })
    }
}

/// Dokploy's own API explorer, for whoever may use the API: on Dokploy's dashboard
/// ([`dashboard_url`]: the address set under All instances › Manage, else the API's origin).
#[component]
fn SwaggerCard(inst: String, me: RwSignal<Option<Member>>) -> impl IntoView {
    let allowed = Memo::new(move |_| {
        me.with(|m| {
            m.as_ref()
                .is_some_and(|m| logic::api_access(m) != logic::ApiAccess::Denied)
        })
    });
    let url = dashboard_url(&inst, &Page::Swagger);
    let manage = Route::Instances.href();
    move || {
        allowed.get().then(|| {
            let url = url.clone();
            let manage = manage.clone();
            view! {
                <section class="card admin-section admin-swagger" data-test="swagger">
                    <div class="admin-swagger__text">
                        <h2>"Swagger UI"</h2>
                        <p class="muted small">"Every endpoint of this instance with its parameters, to try calls by hand. It is a page of Dokploy's own dashboard: it needs you signed in to Dokploy in this browser (else Dokploy shows its sign-in page first); paste an API key under Authorize."</p>
                        {match &url {
                            Some(u) => view! { <p class="muted small">"Opens " <code>{u.clone()}</code> ". Not where your Dokploy is? Set its address under " <a href=manage.clone()>"All instances › Manage"</a> "."</p> }.into_any(),
                            None => view! { <p class="small" data-test="swagger-unknown">"Skiff is served in front of this instance's API here, so Dokploy's own dashboard is at another address. Set it under " <a href=manage.clone()>"All instances › Manage › Dokploy dashboard"</a> " to open Swagger from here."</p> }.into_any(),
                        }}
                    </div>
                    {url.map(|u| view! { <a class="btn" href=u target="_blank" rel="noopener noreferrer" data-test="swagger-link">"Open Swagger UI ↗"</a> })}
                </section>
            }
        })
    }
}
