//! `security.*`: an application's basic-auth users (Traefik's `basicAuth` middleware on its
//! domains).

use serde::Serialize;

use super::{id_body, ApiError, Client};

/// The body of `security.create` (with `application_id`) or `security.update` (with
/// `security_id`); Dokploy wants the password with every change.
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_id: Option<String>,
    pub username: String,
    pub password: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
}

impl Client {
    /// `POST security.create` (answers `true`) or, with a `security_id`, `security.update`.
    pub async fn security_save(&self, s: &SecurityInput) -> Result<(), ApiError> {
        let name = match s.security_id {
            Some(_) => "security.update",
            None => "security.create",
        };
        self.post_void(name, s).await
    }

    /// `POST security.delete`.
    pub async fn security_delete(&self, security_id: &str) -> Result<(), ApiError> {
        self.post_void("security.delete", &id_body("securityId", security_id))
            .await
    }
}
