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

pub mod projects;
pub mod settings;

#[cfg(not(target_arch = "wasm32"))]
pub mod host;
#[cfg(target_arch = "wasm32")]
mod transport;

pub use client::{decode_body, finish, AuthMode, Client, Method, Request, REQUEST_TIMEOUT_SECS};
pub use error::{classify, network_error, ApiError, NetworkCause};
pub use projects::{NewProject, ProjectUpdate};
pub use url::{encode_component, normalize_base_url, origin_of, query_string};

/// `{"<field>": "<id>"}`: the body of most mutations on one service.
pub(crate) fn id_body(field: &str, id: &str) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    map.insert(field.to_string(), serde_json::Value::String(id.to_string()));
    serde_json::Value::Object(map)
}
