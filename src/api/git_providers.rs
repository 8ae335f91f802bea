//! `gitProvider.*`: the git accounts an organization connected in Dokploy. Connecting one
//! needs OAuth redirects to Dokploy's own address, so Skiff lists and removes them only.

use super::{id_body, ApiError, Client};
use crate::model::GitAccount;

impl Client {
    /// `GET gitProvider.getAll`. Before v0.30 its rows carry each account's secrets;
    /// [`GitAccount`] does not keep them.
    pub async fn git_provider_all(&self) -> Result<Vec<GitAccount>, ApiError> {
        self.get("gitProvider.getAll", &[]).await
    }

    /// `POST gitProvider.remove` (it answers the removed row, which Skiff does not need).
    pub async fn git_provider_remove(&self, git_provider_id: &str) -> Result<(), ApiError> {
        self.post_void(
            "gitProvider.remove",
            &id_body("gitProviderId", git_provider_id),
        )
        .await
    }
}
