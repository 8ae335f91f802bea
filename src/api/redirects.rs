//! `redirects.*`: an application's redirects (Traefik's `redirectRegex` middleware on its
//! domains).

use serde::Serialize;

use super::{id_body, ApiError, Client};

/// The body of `redirects.create` (with `application_id`) or `redirects.update` (with
/// `redirect_id`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RedirectInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_id: Option<String>,
    pub regex: String,
    pub replacement: String,
    pub permanent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
}

impl Client {
    /// `POST redirects.create` (answers `true`) or, with a `redirect_id`, `redirects.update`.
    pub async fn redirect_save(&self, r: &RedirectInput) -> Result<(), ApiError> {
        let name = match r.redirect_id {
            Some(_) => "redirects.update",
            None => "redirects.create",
        };
        self.post_void(name, r).await
    }

    /// `POST redirects.delete`.
    pub async fn redirect_delete(&self, redirect_id: &str) -> Result<(), ApiError> {
        self.post_void("redirects.delete", &id_body("redirectId", redirect_id))
            .await
    }
}
