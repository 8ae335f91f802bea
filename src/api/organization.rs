//! `organization.*`.

use super::{ApiError, Client};
use crate::model::Organization;

impl Client {
    /// `GET organization.active` (v0.30): the organization the key acts in (its id goes in
    /// `user.createApiKey`'s metadata).
    pub async fn organization_active(&self) -> Result<Organization, ApiError> {
        self.get("organization.active", &[]).await
    }

    /// `GET organization.all` (v0.24+): the organizations the caller belongs to.
    pub async fn organization_all(&self) -> Result<Vec<Organization>, ApiError> {
        self.get("organization.all", &[]).await
    }
}
