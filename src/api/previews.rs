//! Preview deployments of an application's pull requests (`previewDeployment.*`); their
//! settings are the application's (`application.update`, [`Client::service_set`]).

use super::{id_body, ApiError, Client};
use crate::model::PreviewDeployment;

impl Client {
    /// `GET previewDeployment.all`: newest first, each with its deployments and domain.
    pub async fn previews(&self, application_id: &str) -> Result<Vec<PreviewDeployment>, ApiError> {
        self.get(
            "previewDeployment.all",
            &[("applicationId", application_id.to_string())],
        )
        .await
    }

    /// `POST previewDeployment.redeploy` (v0.27+): builds the pull request's branch again.
    pub async fn preview_redeploy(&self, id: &str) -> Result<(), ApiError> {
        self.post_void(
            "previewDeployment.redeploy",
            &id_body("previewDeploymentId", id),
        )
        .await
    }

    /// `POST previewDeployment.delete`: removes the preview, its domain and containers.
    pub async fn preview_delete(&self, id: &str) -> Result<(), ApiError> {
        self.post_void(
            "previewDeployment.delete",
            &id_body("previewDeploymentId", id),
        )
        .await
    }
}
