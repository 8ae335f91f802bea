//! The saved instances and their keys, as reactive state: `provide_session()` / `use_session()`.
//!
//! Instances (without keys) are stored under one localStorage entry. Each key lives apart, in
//! localStorage, sessionStorage or encrypted, as its instance's [`KeyStore`] says, and in memory
//! once read or unlocked. A key is only ever handed to the client of its own instance.

use leptos::prelude::*;

use super::instances::{Instance, KeyStore};
use super::storage::{self, Area};
use crate::api::Client;

const INSTANCES: &str = "skiff.instances.v1";
const LAST_USED: &str = "skiff.last";

fn key_slot(id: &str) -> String {
    format!("skiff.key.{id}")
}

/// Where the encrypted key of a locked instance is stored (localStorage).
pub fn locked_slot(id: &str) -> String {
    format!("skiff.locked.{id}")
}

#[derive(Clone, Copy)]
pub struct Session {
    instances: RwSignal<Vec<Instance>>,
    keys: RwSignal<Keys>,
}

/// The keys at hand, by instance id: a list rather than a hash map (a handful of instances;
/// `HashMap` with its hasher would be the first view's only one).
#[derive(Default)]
struct Keys(Vec<(String, String)>);

impl Keys {
    fn get(&self, id: &str) -> Option<&String> {
        self.0.iter().find(|(i, _)| i == id).map(|(_, key)| key)
    }

    fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    fn insert(&mut self, id: String, key: String) {
        match self.0.iter_mut().find(|(i, _)| *i == id) {
            Some(slot) => slot.1 = key,
            None => self.0.push((id, key)),
        }
    }

    fn remove(&mut self, id: &str) {
        self.0.retain(|(i, _)| i != id);
    }
}

/// The saved instances, straight from storage.
fn stored_instances() -> Vec<Instance> {
    storage::get(Area::Local, INSTANCES)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// The key of `inst` where its [`KeyStore`] keeps it (a locked one once unlocked in this tab).
fn stored_key(inst: &Instance) -> Option<String> {
    match inst.key_store {
        KeyStore::Local => storage::get(Area::Local, &key_slot(&inst.id)),
        KeyStore::Tab | KeyStore::Locked => storage::get(Area::Session, &key_slot(&inst.id)),
    }
}

/// The client of instance `id`, or of the one `#/` opens (the last used one, else the first
/// saved) when `None`, with its instance's id; read straight from storage without the reactive
/// session: for the projects overview's request, which leaves before the app is built
/// (`pages::prefetch`).
pub fn stored_client(id: Option<&str>) -> Option<(String, Client)> {
    let instances = stored_instances();
    let inst = match id {
        Some(id) => instances.iter().find(|i| i.id == id)?,
        None => last_used()
            .and_then(|last| instances.iter().find(|i| i.id == last))
            .or_else(|| instances.first())?,
    };
    let key = stored_key(inst)?;
    Some((inst.id.clone(), Client::new(&inst.url, &key, inst.auth)))
}

impl Session {
    fn load() -> Session {
        let instances = stored_instances();
        let mut keys = Keys::default();
        for inst in &instances {
            if let Some(key) = stored_key(inst) {
                keys.insert(inst.id.clone(), key);
            }
        }
        Session {
            instances: RwSignal::new(instances),
            keys: RwSignal::new(keys),
        }
    }

    /// Every saved instance (reactive).
    ///
    /// Readers answer as if nothing were saved, and writers work from storage, once the app
    /// that provided the session is gone (another build took the page over, src/handoff.rs)
    /// and a request that answers afterwards still calls them.
    pub fn instances(&self) -> Vec<Instance> {
        self.instances.try_get().unwrap_or_default()
    }

    pub fn instance(&self, id: &str) -> Option<Instance> {
        self.instances
            .try_with(|list| list.iter().find(|i| i.id == id).cloned())
            .flatten()
    }

    /// The saved list to change: the session's, or storage's once the session is gone.
    fn list(&self) -> Vec<Instance> {
        self.instances
            .try_get_untracked()
            .unwrap_or_else(stored_instances)
    }

    /// Whether the key of `id` is at hand (a locked one after unlocking).
    pub fn has_key(&self, id: &str) -> bool {
        self.keys.try_with(|k| k.contains_key(id)).unwrap_or(false)
    }

    /// Runs `f` on the key of `id` without handing the key out (e.g. to recognise it by its
    /// first characters); tracked, `None` when there is no key.
    pub fn with_key<R>(&self, id: &str, f: impl FnOnce(&str) -> R) -> Option<R> {
        self.keys
            .try_with(|k| k.get(id).map(|key| f(key)))
            .flatten()
    }

    /// The client for instance `id`, with its own key; `None` when unknown or locked.
    pub fn client(&self, id: &str) -> Option<Client> {
        let inst = self.instance(id)?;
        let key = self.keys.try_with(|k| k.get(id).cloned()).flatten()?;
        Some(Client::new(&inst.url, &key, inst.auth))
    }

    /// Adds or replaces an instance and stores its key where its [`KeyStore`] says. A locked
    /// instance's encrypted key is stored by the caller (see `state::crypto`); here the key is
    /// only kept in memory for this tab.
    pub fn save(&self, inst: Instance, key: &str) -> Result<(), String> {
        let id = inst.id.clone();
        let mut list = self.list();
        match list.iter_mut().find(|i| i.id == id) {
            Some(slot) => *slot = inst.clone(),
            None => list.push(inst.clone()),
        }
        let text = serde_json::to_string(&list).map_err(|e| e.to_string())?;
        storage::set(Area::Local, INSTANCES, &text)?;
        storage::remove(Area::Local, &key_slot(&id));
        storage::remove(Area::Session, &key_slot(&id));
        match inst.key_store {
            KeyStore::Local => storage::set(Area::Local, &key_slot(&id), key)?,
            KeyStore::Tab | KeyStore::Locked => storage::set(Area::Session, &key_slot(&id), key)?,
        }
        if inst.key_store != KeyStore::Locked {
            storage::remove(Area::Local, &locked_slot(&id));
        }
        self.instances.set(list);
        self.keys.update(|k| {
            k.insert(id.clone(), key.to_string());
        });
        set_last_used(&id);
        Ok(())
    }

    /// Replaces the saved record of an existing instance (e.g. a new name) without touching
    /// its key.
    pub fn update(&self, inst: Instance) -> Result<(), String> {
        let mut list = self.list();
        let Some(slot) = list.iter_mut().find(|i| i.id == inst.id) else {
            return Err("This instance is no longer saved in this browser.".into());
        };
        *slot = inst;
        let text = serde_json::to_string(&list).map_err(|e| e.to_string())?;
        storage::set(Area::Local, INSTANCES, &text)?;
        self.instances.set(list);
        Ok(())
    }

    /// Keeps an unlocked key for this tab only.
    pub fn unlock(&self, id: &str, key: &str) {
        let _ = storage::set(Area::Session, &key_slot(id), key);
        self.keys.update(|k| {
            k.insert(id.to_string(), key.to_string());
        });
    }

    /// Forgets the key of `id` (disconnect) but keeps the instance.
    pub fn forget_key(&self, id: &str) {
        // What its pages showed goes with the key (src/kept.rs).
        super::keep::forget(id);
        storage::remove(Area::Local, &key_slot(id));
        storage::remove(Area::Session, &key_slot(id));
        storage::remove(Area::Local, &locked_slot(id));
        self.keys.update(|k| {
            k.remove(id);
        });
    }

    /// Removes instance `id` and its key.
    pub fn remove(&self, id: &str) {
        self.forget_key(id);
        let mut list = self.list();
        if let Some(gone) = list.iter().find(|i| i.id == id) {
            super::reach::forget(&gone.url);
        }
        list.retain(|i| i.id != id);
        if let Ok(text) = serde_json::to_string(&list) {
            let _ = storage::set(Area::Local, INSTANCES, &text);
        }
        self.instances.set(list);
    }

    /// Adds instances from an import (they come without keys).
    pub fn add_without_keys(&self, new: Vec<Instance>) -> Result<(), String> {
        let mut list = self.list();
        list.extend(new);
        let text = serde_json::to_string(&list).map_err(|e| e.to_string())?;
        storage::set(Area::Local, INSTANCES, &text)?;
        self.instances.set(list);
        Ok(())
    }
}

/// The instance used last, for `#/`.
pub fn last_used() -> Option<String> {
    storage::get(Area::Local, LAST_USED)
}

pub fn set_last_used(id: &str) {
    if last_used().as_deref() != Some(id) {
        let _ = storage::set(Area::Local, LAST_USED, id);
    }
}

pub fn provide_session() {
    provide_context(Session::load());
}

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(Session::load)
}
