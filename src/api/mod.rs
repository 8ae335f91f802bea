//! The only code that talks HTTP to Dokploy.
//!
//! [`Client`] owns the base URL, key and auth mode; one private `send` adds the auth header,
//! applies [`REQUEST_TIMEOUT_SECS`], aborts the fetch when the future is dropped, and turns
//! non-2xx answers into [`ApiError`] via [`classify`]. Each Dokploy router has its module of
//! `impl Client` methods named `<router>_<procedure>` (`project_all`, `application_deploy`).
//!
//! Request building, URL normalisation and error classification are pure and host-tested;
//! the gloo-net transport is wasm-only, and on the host a scripted responder
//! ([`host`]) stands in for it.

mod client;
mod error;
mod url;

mod logs;

pub mod applications;
pub mod backups;
pub mod certificates;
pub mod compose;
pub mod databases;
pub mod deployments;
pub mod docker;
pub mod domains;
pub mod environments;
pub mod git_providers;
pub mod legacy;
pub mod mounts;
pub mod notifications;
pub mod organization;
pub mod people;
pub mod ports;
pub mod previews;
pub mod projects;
pub mod redirects;
pub mod registries;
pub mod security;
pub mod servers;
pub mod services;
pub mod settings;
pub mod ssh_keys;
pub mod tags;
pub mod users;

#[cfg(not(target_arch = "wasm32"))]
pub mod host;
#[cfg(target_arch = "wasm32")]
mod transport;

pub use applications::{
    ApplicationEnvironment, ApplicationUpdate, BuildSettings, DockerProvider, GitProvider,
    NewApplication,
};
pub use backups::{BackupInput, DestinationInput, RunsOf, ScheduleInput, VolumeBackupInput};
pub use certificates::CertificateInput;
pub use client::{decode_body, finish, AuthMode, Client, Method, Request, REQUEST_TIMEOUT_SECS};
pub use compose::{ComposeUpdate, NewCompose};
pub use databases::{DatabaseUpdate, NewDatabase};
pub use domains::{DomainUpdate, NewDomain};
pub use environments::{EnvironmentUpdate, NewEnvironment};
pub use error::{classify, network_error, ApiError, NetworkCause, REDACTED};
pub use logs::{valid_search, valid_since, LogQuery};
pub use mounts::MountInput;
pub use people::InviteInput;
pub use ports::PortInput;
pub use projects::{NewProject, ProjectUpdate};
pub use redirects::RedirectInput;
pub use registries::RegistryInput;
pub use security::SecurityInput;
pub use ssh_keys::SshKeyInput;
pub use tags::TagInput;
pub use url::{encode_component, normalize_base_url, origin_of, query_string, url_authority};
pub use users::{ApiKeyMetadata, AssignPermissions, NewApiKey};

/// `{"<field>": "<id>"}`: the body of most mutations on one service.
pub(crate) fn id_body(field: &str, id: &str) -> serde_json::Value {
    with(serde_json::Value::Object(Default::default()), field, id)
}

/// `body` (an object) with one more field.
pub(crate) fn with(
    mut body: serde_json::Value,
    key: &str,
    value: impl Into<serde_json::Value>,
) -> serde_json::Value {
    if let serde_json::Value::Object(map) = &mut body {
        map.insert(key.to_string(), value.into());
    }
    body
}

/// Body of `deploy` / `redeploy`: the id, plus title and description when given (v0.25+;
/// older servers ignore them).
pub(crate) fn deploy_body(
    id_field: &str,
    id: &str,
    title: Option<&str>,
    description: Option<&str>,
) -> serde_json::Value {
    let mut body = id_body(id_field, id);
    if let Some(t) = title {
        body = with(body, "title", t);
    }
    if let Some(d) = description {
        body = with(body, "description", d);
    }
    body
}
