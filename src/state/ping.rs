//! A ping when a deployment ends: while one Skiff started or is watching runs, the tab's title
//! and icon say so ("▶ 2 deploying · Skiff", an amber dot); one that failed while the tab was
//! hidden marks it red until the tab is looked at again; and, if the user opted in, the
//! browser shows a notification when each ends. The full build only (`provide_ping`).

use leptos::prelude::*;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

use super::storage::{self, Area};

/// localStorage: "on" once the user asked for notifications.
const SLOT: &str = "skiff.notify";

/// What is running and what failed unseen, behind the title and the icon.
#[derive(Clone, Copy)]
pub struct Ping {
    /// Keys of the deployments followed now (a service id, a bulk item).
    running: RwSignal<Vec<String>>,
    /// What failed while the tab was hidden.
    failed: RwSignal<Vec<String>>,
    /// The user's choice, as the button shows it.
    pub wanted: RwSignal<bool>,
}

impl Ping {
    /// `key` deploys now (`true`) or no longer (`false`, without a ping: the view went away).
    ///
    /// Every method does nothing once the app that provided the ping is gone (another build
    /// took the page over, src/handoff.rs), whoever still calls it: a view's cleanup, a
    /// request that answers afterwards.
    pub fn running(&self, key: &str, on: bool) {
        let Some(has) = self
            .running
            .try_with_untracked(|r| r.iter().any(|k| k == key))
        else {
            return;
        };
        if on && !has {
            self.running.update(|r| r.push(key.to_string()));
        } else if !on && has {
            self.running.update(|r| r.retain(|k| k != key));
        }
    }

    /// Whether `key` is followed now.
    pub fn is_running(&self, key: &str) -> bool {
        self.running
            .try_with_untracked(|r| r.iter().any(|k| k == key))
            .unwrap_or(false)
    }

    /// `key`'s deployment ended: `what` says how, in a line ("api deployed", "api: the
    /// deployment failed"). Only once per run: a key not running (another view pinged it
    /// already) pings nothing.
    pub fn ended(&self, key: &str, what: &str, ok: bool) {
        if !self.is_running(key) {
            return;
        }
        self.running(key, false);
        if !ok && !super::poll::page_visible() {
            self.failed.update(|f| f.push(what.to_string()));
        }
        // As stored, not as this tab last saw it: another tab may have turned them on.
        let wanted = storage::get(Area::Local, SLOT).as_deref() == Some("on");
        if wanted && permission() == NotificationPermission::Granted {
            let options = NotificationOptions::new();
            options.set_body(what);
            options.set_tag(key);
            let title = if ok { "Deployed" } else { "Deployment failed" };
            let _ = Notification::new_with_options(title, &options);
        }
    }

    /// Turns notifications on (asking the browser) or off. On: the error to show when the
    /// browser refuses.
    pub async fn set_wanted(&self, on: bool) -> Result<(), String> {
        if on && permission() != NotificationPermission::Granted {
            let asked = Notification::request_permission()
                .map_err(|_| "This browser has no notifications.".to_string())?;
            let _ = wasm_bindgen_futures::JsFuture::from(asked).await;
            if permission() != NotificationPermission::Granted {
                return Err(
                    "The browser blocks notifications for this page: allow them in its site settings, then try again."
                        .into(),
                );
            }
        }
        if on {
            storage::set(Area::Local, SLOT, "on")?;
        } else {
            storage::remove(Area::Local, SLOT);
        }
        self.wanted.set(on);
        Ok(())
    }
}

fn permission() -> NotificationPermission {
    if js_sys::Reflect::has(&js_sys::global(), &"Notification".into()).unwrap_or(false) {
        Notification::permission()
    } else {
        NotificationPermission::Denied
    }
}

/// Sets up the title and icon for the whole app; `use_ping` finds it.
pub fn provide_ping() {
    let ping = Ping {
        running: RwSignal::new(Vec::new()),
        failed: RwSignal::new(Vec::new()),
        wanted: RwSignal::new(
            storage::get(Area::Local, SLOT).as_deref() == Some("on")
                && permission() == NotificationPermission::Granted,
        ),
    };
    provide_context(ping);
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let icon = document.query_selector("link[rel=icon]").ok().flatten();
    let plain_icon = icon
        .as_ref()
        .and_then(|i| i.get_attribute("href"))
        .unwrap_or_default();
    super::dom::listen(document.clone().into(), "visibilitychange", move || {
        if super::poll::page_visible() && ping.failed.with_untracked(|f| !f.is_empty()) {
            ping.failed.set(Vec::new());
        }
    });
    let icon = send_wrapper::SendWrapper::new(icon);
    crate::pages::live::effect(move || {
        let running = ping.running.with(Vec::len);
        let failed = ping.failed.with(|f| f.first().cloned());
        let (title, dot) = match (failed, running) {
            (Some(what), _) => (format!("✕ {what} · Skiff"), Some("dc2626")),
            (None, 0) => ("Skiff".to_string(), None),
            (None, n) => (format!("▶ {n} deploying · Skiff"), Some("f59e0b")),
        };
        document.set_title(&title);
        if let Some(icon) = icon.as_ref() {
            let href = match dot {
                Some(colour) => plain_icon.replace(
                    "%3C/svg%3E",
                    &format!("%3Ccircle cx='25' cy='7' r='7' fill='%23{colour}'/%3E%3C/svg%3E"),
                ),
                None => plain_icon.clone(),
            };
            let _ = icon.set_attribute("href", &href);
        }
    });
}

/// The app's ping, in the full build (`None` in the first view, which deploys nothing).
pub fn use_ping() -> Option<Ping> {
    use_context::<Ping>()
}
