//! `deployment.*`: deployment history and build logs.

use super::{id_body, ApiError, Client};
use crate::model::{Deployment, QueueJob, RunMark, ServiceKind};

impl Client {
    /// `GET deployment.all?applicationId=`: an application's deployments, newest first.
    pub async fn deployment_all(&self, application_id: &str) -> Result<Vec<Deployment>, ApiError> {
        self.get(
            "deployment.all",
            &[("applicationId", application_id.to_string())],
        )
        .await
    }

    /// `GET deployment.allByCompose?composeId=`.
    pub async fn deployment_all_by_compose(
        &self,
        compose_id: &str,
    ) -> Result<Vec<Deployment>, ApiError> {
        self.get(
            "deployment.allByCompose",
            &[("composeId", compose_id.to_string())],
        )
        .await
    }

    /// `GET deployment.allByType?id=&type=` (v0.24+): `type` is `application` or `compose`
    /// here (Dokploy also knows server, schedule, previewDeployment, backup, volumeBackup).
    pub async fn deployment_all_by_type(
        &self,
        kind: ServiceKind,
        id: &str,
    ) -> Result<Vec<Deployment>, ApiError> {
        self.get(
            "deployment.allByType",
            &[("id", id.to_string()), ("type", kind.router().to_string())],
        )
        .await
    }

    /// `GET deployment.allCentralized` (v0.28.3+): every deployment of the organization's
    /// applications and compose services (a member's: theirs), newest first, each naming its
    /// service, environment and project.
    pub async fn deployments_centralized(&self) -> Result<Vec<Deployment>, ApiError> {
        self.get("deployment.allCentralized", &[]).await
    }

    /// The same answer as [`Client::deployments_centralized`], read for the projects overview:
    /// each deployment's service, start and status only ([`RunMark`]).
    pub async fn deployment_marks(&self) -> Result<Vec<RunMark>, ApiError> {
        self.get("deployment.allCentralized", &[]).await
    }

    /// `GET deployment.queueList` (v0.28.3+): the deploy jobs Dokploy holds, newest first.
    pub async fn deployment_queue(&self) -> Result<Vec<QueueJob>, ApiError> {
        self.get("deployment.queueList", &[]).await
    }

    /// `POST rollback.rollback` (v0.23+): the application runs the image this rollback kept
    /// again; Dokploy answers once the service is updated.
    pub async fn rollback(&self, rollback_id: &str) -> Result<(), ApiError> {
        self.post_void("rollback.rollback", &id_body("rollbackId", rollback_id))
            .await
    }

    /// `GET deployment.readLogs?deploymentId=&tail=` (v0.26+): the build log text.
    pub async fn deployment_read_logs(
        &self,
        deployment_id: &str,
        tail: Option<u32>,
    ) -> Result<String, ApiError> {
        let mut params = vec![("deploymentId", deployment_id.to_string())];
        if let Some(t) = tail {
            params.push(("tail", t.clamp(1, 10_000).to_string()));
        }
        self.get("deployment.readLogs", &params).await
    }
}
