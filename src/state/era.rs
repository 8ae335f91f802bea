//! What an instance has: its Dokploy version, asked once per connection
//! (`settings.getDokployVersion`) and kept for the page's life, so pages show only the
//! features the instance has ([`DokployVersion`]'s `has_*`), detected, never asked of the user.

use std::cell::RefCell;

use leptos::prelude::*;

use crate::api::Client;
use crate::model::DokployVersion;

thread_local! {
    /// (instance base URL, version) of every instance asked so far.
    static KNOWN: RefCell<Vec<(String, DokployVersion)>> = const { RefCell::new(Vec::new()) };
}

fn known(base: &str) -> Option<DokployVersion> {
    KNOWN.with(|k| {
        k.borrow()
            .iter()
            .find(|(b, _)| b == base)
            .map(|(_, v)| v.clone())
    })
}

/// The version of the instance `client` talks to: `None` until known. A failed probe counts as
/// the newest era (unknown versions do), and the page's own requests say what went wrong.
pub fn use_version(client: Memo<Option<Client>>) -> RwSignal<Option<DokployVersion>> {
    let version = RwSignal::new(None::<DokployVersion>);
    Effect::new(move |_| {
        let Some(c) = client.get() else {
            return;
        };
        let base = c.base().to_string();
        if let Some(v) = known(&base) {
            version.set(Some(v));
            return;
        }
        leptos::task::spawn_local(async move {
            let v = match c.dokploy_version().await {
                Ok(v) => {
                    KNOWN.with(|k| k.borrow_mut().push((base, v.clone())));
                    v
                }
                Err(_) => DokployVersion::default(),
            };
            let _ = version.try_set(Some(v));
        });
    });
    version
}
