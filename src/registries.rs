//! Docker registries and SSH keys as plain data: their forms and checks, and the markup of the
//! settings pages' lists (src/html.rs: every value escaped). Neither list ever holds a
//! secret: a registry's password and a key's private half are not decoded
//! (src/model/registry.rs), and a form's password is sent only when typed.

use crate::api::{ApiError, RegistryInput, SshKeyInput};
use crate::html::{answered, Html};
use crate::model::{Registry, SshKey};
use crate::service_view::backups::FieldError;
use crate::service_view::time::ago_of;

/// The registry form (a new registry or an edited one).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegistryForm {
    pub name: String,
    pub url: String,
    pub username: String,
    /// Typed now; on an edited registry, empty keeps the saved one.
    pub password: String,
    pub prefix: String,
}

impl RegistryForm {
    /// An edited registry's form: everything but its password, which is never read back.
    pub fn of(r: &Registry) -> RegistryForm {
        RegistryForm {
            name: r.registry_name.clone(),
            url: r.registry_url.clone(),
            username: r.username.clone(),
            password: String::new(),
            prefix: r.image_prefix.clone().unwrap_or_default(),
        }
    }

    /// The body of `registry.create` (`registry_id` `None`), `registry.update` or
    /// `registry.testRegistry`, or the fields' errors.
    pub fn input(&self, registry_id: Option<&str>) -> Result<RegistryInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(("registry-name", "Enter a name.".to_string()));
        }
        let url = self.url.trim();
        if let Some(problem) = url_problem(url) {
            errors.push(("registry-url", problem.to_string()));
        }
        let username = self.username.trim();
        if username.is_empty() {
            errors.push(("registry-username", "Enter the username.".to_string()));
        }
        let password = (!self.password.is_empty()).then(|| self.password.clone());
        if password.is_none() && registry_id.is_none() {
            errors.push((
                "registry-password",
                "Enter the password (or an access token).".to_string(),
            ));
        }
        let prefix = self.prefix.trim();
        if prefix.contains(char::is_whitespace) {
            errors.push((
                "registry-prefix",
                "No spaces in an image prefix.".to_string(),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(RegistryInput {
            registry_id: registry_id.map(str::to_string),
            registry_name: name.to_string(),
            registry_url: url.to_string(),
            username: username.to_string(),
            password,
            image_prefix: (!prefix.is_empty()).then(|| prefix.to_string()),
            registry_type: "cloud",
        })
    }
}

/// Why `url` is not a registry address `docker login` takes: a host (with a port and a path
/// if any: `ghcr.io`, `registry.example.com:5000`, `https://index.docker.io/v1/`).
pub fn url_problem(url: &str) -> Option<&'static str> {
    if url.is_empty() {
        return Some("Enter the registry's address (ghcr.io, registry.example.com:5000).");
    }
    if url.contains(char::is_whitespace) {
        return Some("No spaces in an address.");
    }
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    if host.is_empty() || host.starts_with(['/', ':']) || host.contains("://") {
        return Some("An address is a host name, with a port and a path if needed (ghcr.io, registry.example.com:5000).");
    }
    None
}

/// The registries page's list: name, address, username and image prefix, with Test (where the
/// instance tests a saved registry: `can_test`), Edit and Delete (the list's one click
/// listener reads `data-action` and `data-id`).
pub fn registry_rows_html(all: Option<&Result<Vec<Registry>, ApiError>>, can_test: bool) -> String {
    let mut h = Html::with_capacity(800);
    let Some(list) = answered(&mut h, all, "Loading registries…", true) else {
        return h.finish();
    };
    if list.is_empty() {
        h.raw("<p class=\"empty\" data-test=\"no-registries\">No registries yet. Add one above to push images to it from applications, or to pull private images.</p>");
        return h.finish();
    }
    h.raw("<div class=\"table-wrap table-wrap--flush\"><table class=\"table table--stack\"><thead><tr><th>Name</th><th>Address</th><th>Username</th><th>Image prefix</th><th><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
    for r in list {
        h.raw("<tr data-test=\"registry-row\"><td data-label=\"Name\"><strong>")
            .text(&r.registry_name)
            .raw("</strong></td><td data-label=\"Address\" class=\"mono\">")
            .text(&r.registry_url)
            .raw("</td><td data-label=\"Username\">")
            .text(&r.username)
            .raw("</td><td data-label=\"Image prefix\" class=\"mono\">");
        match r.image_prefix.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => h.text(p),
            None => h.raw("<span class=\"muted\">None</span>"),
        };
        h.raw("</td><td class=\"actions\">");
        for (action, test, label, class) in [
            ("test", "test-registry", "Test", "btn btn--small"),
            ("edit", "edit-registry", "Edit", "btn btn--small"),
            (
                "delete",
                "delete-registry",
                "Delete",
                "btn btn--small btn--danger",
            ),
        ] {
            if action == "test" && !can_test {
                continue;
            }
            h.raw("<button type=\"button\" class=\"")
                .raw(class)
                .raw("\" data-test=\"")
                .raw(test)
                .raw("\" data-action=\"")
                .raw(action)
                .raw("\" data-id=\"")
                .text(&r.registry_id)
                .raw("\">")
                .raw(label)
                .raw("</button> ");
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody></table></div>");
    h.finish()
}

/// The SSH key form: a name, a description, and the pair (pasted, or generated on the server).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SshKeyForm {
    pub name: String,
    pub description: String,
    pub private_key: String,
    pub public_key: String,
}

impl SshKeyForm {
    /// The body of `sshKey.create`, or the fields' errors.
    pub fn input(&self) -> Result<SshKeyInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(("key-name", "Enter a name.".to_string()));
        }
        let private_key = self.private_key.trim();
        if !(private_key.starts_with("-----BEGIN") && private_key.contains("PRIVATE KEY-----")) {
            errors.push((
                "key-private",
                "Paste the private key (from -----BEGIN … PRIVATE KEY----- to its END line), or generate a pair.".to_string(),
            ));
        }
        let public_key = self.public_key.trim();
        if public_key_problem(public_key) {
            errors.push((
                "key-public",
                "Paste the public key (one line: ssh-ed25519 AAAA… or ssh-rsa AAAA…), or generate a pair.".to_string(),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let description = self.description.trim();
        Ok(SshKeyInput {
            name: name.to_string(),
            description: (!description.is_empty()).then(|| description.to_string()),
            // OpenSSH wants the private key's final newline.
            private_key: format!("{private_key}\n"),
            public_key: public_key.to_string(),
            organization_id: None,
        })
    }
}

/// Whether `key` is not an OpenSSH public key line (`<type> <base64> [comment]`).
fn public_key_problem(key: &str) -> bool {
    let mut parts = key.split_whitespace();
    let (Some(kind), Some(data)) = (parts.next(), parts.next()) else {
        return true;
    };
    !(kind.starts_with("ssh-") || kind.starts_with("ecdsa-") || kind.starts_with("sk-"))
        || key.contains('\n')
        || data.len() < 16
        || !data
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// The SSH keys page's list: name and description, the public key (shortened, with Copy:
/// `data-action="copy"`), when made and last used, and Delete.
pub fn key_rows_html(all: Option<&Result<Vec<SshKey>, ApiError>>, now_ms: i64) -> String {
    let mut h = Html::with_capacity(800);
    let Some(list) = answered(&mut h, all, "Loading SSH keys…", true) else {
        return h.finish();
    };
    if list.is_empty() {
        h.raw("<p class=\"empty\" data-test=\"no-ssh-keys\">No SSH keys yet. Generate one above, then add its public key to your git host or server.</p>");
        return h.finish();
    }
    h.raw("<div class=\"table-wrap table-wrap--flush\"><table class=\"table table--stack\"><thead><tr><th>Name</th><th>Public key</th><th>Made</th><th>Last used</th><th><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
    for k in list {
        // One block: the stacked table of a phone lays a cell's children side by side.
        h.raw("<tr data-test=\"ssh-key-row\"><td data-label=\"Name\"><div><strong>")
            .text(&k.name)
            .raw("</strong>");
        if let Some(d) = k.description.as_deref().filter(|d| !d.is_empty()) {
            h.raw("<div class=\"small muted\">").text(d).raw("</div>");
        }
        h.raw("</div></td><td data-label=\"Public key\"><code class=\"key-line\" data-test=\"public-key\" title=\"")
            .text(&k.public_key)
            .raw("\">")
            .text(&shortened(&k.public_key))
            .raw("</code></td><td data-label=\"Made\" class=\"small\">")
            .text(&ago_of(now_ms, &k.created_at))
            .raw("</td><td data-label=\"Last used\" class=\"small\">");
        match k.last_used_at.as_deref() {
            Some(t) => h.text(&ago_of(now_ms, t)),
            None => h.raw("<span class=\"muted\">Never</span>"),
        };
        h.raw("</td><td class=\"actions\"><button type=\"button\" class=\"btn btn--small\" data-test=\"copy-public-key\" data-action=\"copy\" data-id=\"")
            .text(&k.ssh_key_id)
            .raw("\">Copy public key</button> <button type=\"button\" class=\"btn btn--small btn--danger\" data-test=\"delete-ssh-key\" data-action=\"delete\" data-id=\"")
            .text(&k.ssh_key_id)
            .raw("\">Delete</button></td></tr>");
    }
    h.raw("</tbody></table></div>");
    h.finish()
}

/// A public key with its middle elided: `ssh-ed25519 AAAAC3Nz…b9En dokploy`.
pub fn shortened(key: &str) -> String {
    let mut parts = key.split_whitespace();
    let (Some(kind), Some(data)) = (parts.next(), parts.next()) else {
        return key.to_string();
    };
    let comment: Vec<&str> = parts.collect();
    let data = if data.len() > 24 && data.is_ascii() {
        format!("{}…{}", &data[..12], &data[data.len() - 8..])
    } else {
        data.to_string()
    };
    let mut out = format!("{kind} {data}");
    if !comment.is_empty() {
        out.push(' ');
        out.push_str(&comment.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> RegistryForm {
        RegistryForm {
            name: " ghcr ".into(),
            url: "ghcr.io".into(),
            username: "bot".into(),
            password: "s3cret".into(),
            prefix: String::new(),
        }
    }

    #[test]
    fn a_new_registry_needs_every_field_but_the_prefix() {
        let i = form().input(None).unwrap();
        assert_eq!(i.registry_name, "ghcr");
        assert_eq!(i.password.as_deref(), Some("s3cret"));
        assert_eq!(i.image_prefix, None);
        assert_eq!(i.registry_type, "cloud");
        let empty = RegistryForm::default().input(None).unwrap_err();
        let fields: Vec<&str> = empty.iter().map(|e| e.0).collect();
        assert_eq!(
            fields,
            [
                "registry-name",
                "registry-url",
                "registry-username",
                "registry-password"
            ]
        );
    }

    #[test]
    fn an_edited_registry_keeps_its_password_unless_one_is_typed() {
        let r = Registry {
            registry_id: "r1".into(),
            registry_name: "ghcr".into(),
            image_prefix: Some("acme".into()),
            username: "bot".into(),
            registry_url: "ghcr.io".into(),
            registry_type: "cloud".into(),
            created_at: String::new(),
        };
        let f = RegistryForm::of(&r);
        assert_eq!(f.password, "");
        let i = f.input(Some("r1")).unwrap();
        assert_eq!(i.password, None);
        assert_eq!(i.image_prefix.as_deref(), Some("acme"));
        let body = serde_json::to_value(&i).unwrap();
        assert!(body.get("password").is_none(), "{body}");
        assert_eq!(body["registryId"], "r1");
    }

    #[test]
    fn addresses_are_hosts() {
        for ok in [
            "ghcr.io",
            "registry.example.com:5000",
            "https://index.docker.io/v1/",
            "127.0.0.1:5055",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
        for bad in ["", "ghcr .io", "https://", "://x", ":5000"] {
            assert!(url_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn the_list_never_shows_a_password_and_escapes_names() {
        let r = Registry {
            registry_id: "r\"1".into(),
            registry_name: "<b>x</b>".into(),
            username: "bot".into(),
            registry_url: "ghcr.io".into(),
            ..Default::default()
        };
        let list = Ok(vec![r]);
        let html = registry_rows_html(Some(&list), true);
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(html.contains("data-id=\"r&quot;1\""));
        assert!(!html.contains("<b>x"));
        assert!(html.contains("data-action=\"test\""));
        assert!(!registry_rows_html(Some(&list), false).contains("data-action=\"test\""));
        let empty = Ok(Vec::new());
        assert!(registry_rows_html(Some(&empty), true).contains("no-registries"));
        assert!(registry_rows_html(None, false).contains("Loading registries"));
    }

    #[test]
    fn a_key_pair_is_checked_before_it_is_sent() {
        let f = SshKeyForm {
            name: "deploy".into(),
            description: String::new(),
            private_key:
                "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----".into(),
            public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPQplm6hLr0MNOmH0Yme dokploy".into(),
        };
        let i = f.input().unwrap();
        assert!(i.private_key.ends_with("-----\n"));
        assert_eq!(i.description, None);
        let bad = SshKeyForm {
            public_key: "AAAA only".into(),
            private_key: "not a key".into(),
            ..f
        };
        let fields: Vec<&str> = bad.input().unwrap_err().iter().map(|e| e.0).collect();
        assert_eq!(fields, ["key-private", "key-public"]);
    }

    #[test]
    fn a_public_key_is_shortened_in_the_middle() {
        assert_eq!(
            shortened("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPQplm6hLr0MNOmH0YmeOvX6/1uDYOEWsdWlnxzBb9En dokploy"),
            "ssh-ed25519 AAAAC3NzaC1l…nxzBb9En dokploy"
        );
        assert_eq!(shortened("ssh-rsa AAAA"), "ssh-rsa AAAA");
    }
}
