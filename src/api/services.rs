//! Actions on any service kind, dispatching to the application, compose or database router.

use super::{id_body, with, ApiError, Client};
use crate::model::{DokployVersion, ServiceKind};

impl Client {
    /// Deploy any service (`application.deploy`, `compose.deploy`, `<db>.deploy`).
    pub async fn service_deploy(&self, kind: ServiceKind, id: &str) -> Result<(), ApiError> {
        match kind {
            ServiceKind::Application => self.application_deploy(id, None, None).await,
            ServiceKind::Compose => self.compose_deploy(id, None, None).await,
            db => self.database_deploy(db, id).await,
        }
    }

    /// Start any service.
    pub async fn service_start(&self, kind: ServiceKind, id: &str) -> Result<(), ApiError> {
        match kind {
            ServiceKind::Application => self.application_start(id).await,
            ServiceKind::Compose => self.compose_start(id).await,
            db => self.database_start(db, id).await,
        }
    }

    /// Stop any service.
    pub async fn service_stop(&self, kind: ServiceKind, id: &str) -> Result<(), ApiError> {
        match kind {
            ServiceKind::Application => self.application_stop(id).await,
            ServiceKind::Compose => self.compose_stop(id).await,
            db => self.database_stop(db, id).await,
        }
    }

    /// Delete any service (`application.delete`, `compose.delete` keeping volumes,
    /// `<db>.remove`).
    pub async fn service_delete(&self, kind: ServiceKind, id: &str) -> Result<(), ApiError> {
        match kind {
            ServiceKind::Application => self.application_delete(id).await,
            ServiceKind::Compose => self.compose_delete(id, false).await,
            db => self.database_remove(db, id).await,
        }
    }

    /// `POST <kind>.move` (v0.20+): to environment `target` (v0.25+), or before environments
    /// to project `target`. Dokploy answers the moved row; Skiff reads the service again.
    pub async fn service_move(
        &self,
        kind: ServiceKind,
        id: &str,
        target: &str,
        era: &DokployVersion,
    ) -> Result<(), ApiError> {
        let field = if era.has_environments() {
            "targetEnvironmentId"
        } else {
            "targetProjectId"
        };
        let body = with(id_body(kind.id_field(), id), field, target);
        self.post_void(&format!("{}.move", kind.router()), &body)
            .await
    }

    /// `POST application.killBuild` / `compose.killBuild` (v0.25.8+): Dokploy signals every
    /// `docker build` (compose: `docker compose`) running on the service's server.
    pub async fn kill_build(&self, kind: ServiceKind, id: &str) -> Result<(), ApiError> {
        self.post_void(
            &format!("{}.killBuild", kind.router()),
            &id_body(kind.id_field(), id),
        )
        .await
    }

    /// `POST <kind>.update` of some fields (swarm settings, preview settings): `fields` an
    /// object of them, each as it is (`null` clears one). Dokploy answers `true`.
    pub async fn service_set(
        &self,
        kind: ServiceKind,
        id: &str,
        fields: serde_json::Value,
    ) -> Result<(), ApiError> {
        let body = with(fields, kind.id_field(), id);
        self.post_void(&format!("{}.update", kind.router()), &body)
            .await
    }
}
