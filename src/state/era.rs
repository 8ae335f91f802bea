//! What an instance has: its Dokploy version, asked once per connection
//! (`settings.getDokployVersion`) and kept for the page's life, so pages show only the
//! features the instance has ([`DokployVersion`]'s `has_*`), detected, never asked of the user.

use std::cell::RefCell;

use leptos::prelude::*;

use crate::api::Client;
use crate::model::DokployVersion;

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
                None => {
                    p.push((base.clone(), Probe::Asked(vec![version])));
                    true
                }
            }
        });
        if ask {
            leptos::task::spawn_local(async move {
                let answer = c.dokploy_version().await;
                let waiting = PROBES.with(|p| {
                    let mut p = p.borrow_mut();
                    let at = p.iter().position(|(b, _)| *b == base)?;
                    let (_, probe) = match &answer {
                        Ok(v) => std::mem::replace(&mut p[at], (base, Probe::Known(v.clone()))),
                        Err(_) => p.remove(at),
                    };
                    match probe {
                        Probe::Asked(w) => Some(w),
                        Probe::Known(_) => None,
                    }
                });
                let v = answer.unwrap_or_default();
                for s in waiting.into_iter().flatten() {
                    let _ = s.try_set(Some(v.clone()));
                }
            });
        }
    });
    version
}
