//! `registry.*`: the organization's Docker registries, where applications' images are pushed
//! and pulled. `registry.create` and `registry.testRegistry` run `docker login` on the server;
//! a refused login answers 400 with Docker's own output, said in words by [`login_failed`].

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::Registry;

/// The body of `registry.create` (no `registry_id`), `registry.update` (with it) and
/// `registry.testRegistry`. On update a `None` password keeps the saved one.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistryInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub registry_name: String,
    pub registry_url: String,
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    pub image_prefix: Option<String>,
    pub registry_type: &'static str,
}

impl Client {
    /// `GET registry.all`. Its rows carry each password; [`Registry`] does not keep it.
    pub async fn registry_all(&self) -> Result<Vec<Registry>, ApiError> {
        self.get("registry.all", &[]).await
    }

    /// `POST registry.create` or, with a `registry_id`, `registry.update`.
    pub async fn registry_save(&self, r: &RegistryInput) -> Result<(), ApiError> {
        let name = match r.registry_id {
            Some(_) => "registry.update",
            None => "registry.create",
        };
        self.post_void(name, r).await.map_err(login_failed)
    }

    /// `POST registry.testRegistry`: logs in with the form's values (nothing is saved).
    pub async fn registry_test(&self, r: &RegistryInput) -> Result<(), ApiError> {
        self.post_void("registry.testRegistry", r)
            .await
            .map_err(login_failed)
    }

    /// `POST registry.testRegistryById`: logs in with a saved registry's own credentials.
    pub async fn registry_test_saved(&self, registry_id: &str) -> Result<(), ApiError> {
        self.post_void(
            "registry.testRegistryById",
            &id_body("registryId", registry_id),
        )
        .await
        .map_err(login_failed)
    }

    /// `POST registry.remove`.
    pub async fn registry_remove(&self, registry_id: &str) -> Result<(), ApiError> {
        self.post_void("registry.remove", &id_body("registryId", registry_id))
            .await
    }
}

/// A refused `docker login` (400 with Docker's output: "Command failed … Error logging in to
/// endpoint … connection refused") as an error on the address field, in words; any other error
/// as it is.
pub fn login_failed(e: ApiError) -> ApiError {
    let ApiError::Invalid { message, .. } = &e else {
        return e;
    };
    let m = message.to_ascii_lowercase();
    if !(m.contains("docker login") || m.contains("logging in") || m.contains("command failed")) {
        return e;
    }
    let why = if m.contains("connection refused") {
        "nothing answered at this address"
    } else if m.contains("no such host") || m.contains("server misbehaving") {
        "this host name does not resolve"
    } else if m.contains("unauthorized") || m.contains("incorrect") || m.contains("denied") {
        "the registry refused this username and password"
    } else if m.contains("timeout") || m.contains("deadline") {
        "the registry did not answer in time"
    } else if m.contains("certificate") || m.contains("x509") || m.contains("tls") {
        "its TLS certificate was not accepted"
    } else {
        "Docker could not log in"
    };
    ApiError::Invalid {
        message: String::new(),
        field_errors: [(
            "registryUrl".to_string(),
            vec![format!(
                "The server could not log in to this registry: {why}. Check the address, the username and the password."
            )],
        )]
        .into(),
        form_errors: Vec::new(),
    }
}
