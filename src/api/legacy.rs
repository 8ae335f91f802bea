//! The token calls of Dokploy before v0.19 (the 2024 API): `Authorization: Bearer TOKEN`.

use super::{ApiError, Client};
use crate::model::AuthToken;

impl Client {
    /// `POST auth.generateToken` (before v0.19): makes a new token and revokes the old one.
    /// The answer is the row as it was *before* the update, so read the new token with
    /// [`Client::auth_get`].
    pub async fn auth_generate_token(&self) -> Result<AuthToken, ApiError> {
        self.post(
            "auth.generateToken",
            &serde_json::Value::Object(Default::default()),
        )
        .await
    }

    /// `GET auth.get` (before v0.19): the caller's auth row, with the current token.
    pub async fn auth_get(&self) -> Result<AuthToken, ApiError> {
        self.get("auth.get", &[]).await
    }
}
