//! Saved Dokploy instances: what is stored, without keys, and the pure rules around it.

use serde::{Deserialize, Serialize};

use crate::api::AuthMode;
use crate::overview::lower;

/// Where an instance's key is kept in this browser.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum KeyStore {
    /// localStorage: survives restarts (the default).
    #[default]
    Local,
    /// sessionStorage: this tab only, gone when it closes.
    Tab,
    /// localStorage, encrypted with a passphrase (AES-GCM, PBKDF2); unlocked once per tab.
    Locked,
}

impl<'de> Deserialize<'de> for KeyStore {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use KeyStore::*;
        crate::model::de::unit_variant(d, &[("Local", Local), ("Tab", Tab), ("Locked", Locked)])
    }
}

impl KeyStore {
    pub fn label(self) -> &'static str {
        match self {
            KeyStore::Local => "This browser",
            KeyStore::Tab => "This tab only",
            KeyStore::Locked => "Locked with a passphrase",
        }
    }
}

/// One Dokploy instance Skiff knows. Never holds the key: keys live apart, per [`KeyStore`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    /// Short id used in URLs (`#/i/{id}/...`), unique among saved instances.
    pub id: String,
    pub name: String,
    /// Normalised API base, ending in `/api`.
    pub url: String,
    pub auth: AuthMode,
    #[serde(default)]
    pub key_store: KeyStore,
}

/// localStorage: Dokploy's own dashboard address (`https://host`) for instance `id`, when its
/// user set it; Skiff's links into Dokploy (Swagger) go there, else Skiff works it out
/// (`admin_logic::dashboard_origin`). Kept apart from the instance list, which the first view
/// reads on every load.
pub fn dashboard_slot(id: &str) -> String {
    format!("skiff.dashboard.{id}")
}

/// A URL-safe id from a name, unique among `taken`.
pub fn unique_id(name: &str, taken: &[String]) -> String {
    let mut base: String = lower(name.trim())
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while base.contains("--") {
        base = base.replace("--", "-");
    }
    let base = base.trim_matches('-');
    let base = if base.is_empty() { "dokploy" } else { base };
    let base: String = base.chars().take(24).collect();
    if !taken.iter().any(|t| t == &base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken.iter().any(|t| t == c))
        .unwrap_or(base)
}

/// A default display name for an instance URL: its host.
pub fn name_from_url(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if host.is_empty() {
        "Dokploy".into()
    } else {
        host.to_string()
    }
}

/// The instance list as exported to a file: no keys, ever.
pub fn export(instances: &[Instance]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "skiff": "instances",
        "version": 1,
        "instances": instances,
    }))
    .unwrap_or_default()
}

/// Reads an exported list; instances whose id is taken get a fresh one. Keys are never imported.
pub fn import(text: &str, existing: &[Instance]) -> Result<Vec<Instance>, String> {
    #[derive(Deserialize)]
    struct File {
        instances: Vec<Instance>,
    }
    let file: File = serde_json::from_str(text)
        .map_err(|e| format!("This is not a Skiff instance list ({e})."))?;
    let mut taken: Vec<String> = existing.iter().map(|i| i.id.clone()).collect();
    let mut out = Vec::new();
    for mut inst in file.instances {
        if existing.iter().any(|e| e.url == inst.url) {
            continue;
        }
        inst.id = unique_id(&inst.id, &taken);
        taken.push(inst.id.clone());
        out.push(inst);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(id: &str, url: &str) -> Instance {
        Instance {
            id: id.into(),
            name: id.into(),
            url: url.into(),
            auth: AuthMode::ApiKey,
            key_store: KeyStore::Local,
        }
    }

    #[test]
    fn ids_are_url_safe_and_unique() {
        assert_eq!(unique_id("My Lab!", &[]), "my-lab");
        assert_eq!(unique_id("  ", &[]), "dokploy");
        assert_eq!(unique_id("prod", &["prod".into()]), "prod-2");
        assert_eq!(
            unique_id("prod", &["prod".into(), "prod-2".into()]),
            "prod-3"
        );
    }

    #[test]
    fn names_come_from_hosts() {
        assert_eq!(
            name_from_url("https://dokploy.example.com/api"),
            "dokploy.example.com"
        );
        assert_eq!(name_from_url("http://10.0.0.5:3000/api"), "10.0.0.5:3000");
    }

    #[test]
    fn export_has_no_keys_and_imports_back() {
        let list = vec![inst("a", "https://a/api"), inst("b", "https://b/api")];
        let text = export(&list);
        assert!(!text.contains("\"key\"") && !text.contains("secret"));
        let back = import(&text, &[]).unwrap();
        assert_eq!(back, list);
        // Same URLs are skipped; clashing ids are renamed.
        let again = import(&text, &[inst("a", "https://other/api")]).unwrap();
        assert_eq!(again.len(), 2);
        assert_eq!(again[0].id, "a-2");
        assert!(import(&text, &list).unwrap().is_empty());
        assert!(import("{}", &[]).is_err());
    }
}
