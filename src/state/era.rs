//! What an instance has: its Dokploy version, learned once per connection (connecting or
//! pasting a key asks `settings.getDokployVersion` anyway and [`remember`]s the answer) and
//! kept in localStorage for an hour, so pages show only the features the instance has
//! ([`DokployVersion`]'s `has_*`), detected, never asked of the user, and ask it nothing it
//! lacks. A version not remembered (or remembered too long ago) is asked once per page life.

use std::cell::RefCell;

use leptos::prelude::*;

use crate::api::Client;
use crate::model::DokployVersion;
use crate::pages::live::now_ms;
use crate::state::storage::{self, Area};

/// How long a remembered version is trusted: an instance upgraded meanwhile (whose renamed
/// procedures Skiff must then call by their new names) is asked again within the hour, or at
/// once when its key is pasted again; the question always succeeds, so asking costs nothing.
const KEEP_MS: i64 = 3_600_000;

/// localStorage: the version of the instance whose API base is `base`, and when it was learned.
fn slot(base: &str) -> String {
    format!("skiff.era.{base}")
}

/// Keeps what connecting to `base` learned, for this page and the next visits; pages waiting
/// for it get it now.
pub fn remember(base: &str, version: &DokployVersion) {
    let _ = storage::set(Area::Local, &slot(base), &version.to_remembered(now_ms()));
    let waiting = PROBES.with(|p| {
        let mut p = p.borrow_mut();
        let known = (base.to_string(), Probe::Known(version.clone()));
        match p.iter().position(|(b, _)| b == base) {
            Some(at) => match std::mem::replace(&mut p[at], known).1 {
                Probe::Asked(w) => w,
                Probe::Known(_) => Vec::new(),
            },
            None => {
                p.push(known);
                Vec::new()
            }
        }
    });
    for s in waiting {
        let _ = s.try_set(Some(version.clone()));
    }
}

/// What connecting to `base` learned, however long ago: enough for what only grows with the
/// version (the first view's overview, which asks no version of its own, shows the cards' last
/// deployments where it was v0.28.3 or later).
pub fn known(base: &str) -> Option<DokployVersion> {
    DokployVersion::remembered(&storage::get(Area::Local, &slot(base))?, now_ms(), i64::MAX)
}

/// Forgets what was learned about `base` (its instance was removed).
pub fn forget(base: &str) {
    storage::remove(Area::Local, &slot(base));
    PROBES.with(|p| p.borrow_mut().retain(|(b, _)| b != base));
}

/// An instance's version: known, or asked and awaited by these signals.
enum Probe {
    Known(DokployVersion),
    Asked(Vec<RwSignal<Option<DokployVersion>>>),
}

thread_local! {
    /// (instance base URL, its probe) of every instance asked so far.
    static PROBES: RefCell<Vec<(String, Probe)>> = const { RefCell::new(Vec::new()) };
}

/// The version of the instance `client` talks to: `None` until known. Every caller shares one
/// request per instance, also those that ask while it is in flight (a service page's tab bar
/// and its tab). A failed probe counts as the newest era (unknown versions do), is not kept
/// (the next page asks again), and the page's own requests say what went wrong.
pub fn use_version(client: Memo<Option<Client>>) -> RwSignal<Option<DokployVersion>> {
    let version = RwSignal::new(None::<DokployVersion>);
    Effect::new(move |_| {
        let Some(c) = client.get() else {
            return;
        };
        let base = c.base().to_string();
        let ask = PROBES.with(|p| {
            let mut p = p.borrow_mut();
            match p.iter_mut().find(|(b, _)| *b == base) {
                Some((_, Probe::Known(v))) => {
                    version.set(Some(v.clone()));
                    false
                }
                Some((_, Probe::Asked(waiting))) => {
                    waiting.push(version);
                    false
                }
                None => match storage::get(Area::Local, &slot(&base))
                    .and_then(|raw| DokployVersion::remembered(&raw, now_ms(), KEEP_MS))
                {
                    Some(v) => {
                        version.set(Some(v.clone()));
                        p.push((base.clone(), Probe::Known(v)));
                        false
                    }
                    None => {
                        p.push((base.clone(), Probe::Asked(vec![version])));
                        true
                    }
                },
            }
        });
        if ask {
            leptos::task::spawn_local(async move {
                match c.dokploy_version().await {
                    Ok(v) => remember(&base, &v),
                    // Not kept: the next page asks again; the waiting pages take the newest era.
                    Err(_) => {
                        let waiting = PROBES.with(|p| {
                            let mut p = p.borrow_mut();
                            let at = p.iter().position(|(b, _)| *b == base)?;
                            match p.remove(at).1 {
                                Probe::Asked(w) => Some(w),
                                Probe::Known(_) => None,
                            }
                        });
                        for s in waiting.into_iter().flatten() {
                            let _ = s.try_set(Some(DokployVersion::default()));
                        }
                    }
                }
            });
        }
    });
    version
}
