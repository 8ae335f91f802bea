//! `settings.*`: version and health, used to probe an instance when signing in.

use super::{ApiError, Client};
use crate::model::{DokployVersion, Health};

impl Client {
    /// `GET settings.getDokployVersion`: `"v0.30.2"`.
    pub async fn dokploy_version(&self) -> Result<DokployVersion, ApiError> {
        self.get("settings.getDokployVersion", &[]).await
    }

    /// `GET settings.health`: `{"status":"ok"}` (needs a valid key; 401 otherwise).
    pub async fn health(&self) -> Result<Health, ApiError> {
        self.get("settings.health", &[]).await
    }
}
