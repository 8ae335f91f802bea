//! `environment.*` (v0.25+): read, create, update, remove environments of a project.

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::Environment;

/// Body of `environment.create`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewEnvironment {
    pub name: String,
    pub project_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Body of `environment.update`: only the fields that are `Some` change.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentUpdate {
    pub environment_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Environment-wide variables (`KEY=value` lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
}

impl Client {
    /// `GET environment.one?environmentId=`: the environment with its services and project.
    pub async fn environment_one(&self, environment_id: &str) -> Result<Environment, ApiError> {
        self.get(
            "environment.one",
            &[("environmentId", environment_id.to_string())],
        )
        .await
    }

    /// `GET environment.byProjectId?projectId=`.
    pub async fn environment_by_project(
        &self,
        project_id: &str,
    ) -> Result<Vec<Environment>, ApiError> {
        self.get(
            "environment.byProjectId",
            &[("projectId", project_id.to_string())],
        )
        .await
    }

    /// `POST environment.create`: answers the new environment (without services).
    pub async fn environment_create(&self, env: &NewEnvironment) -> Result<Environment, ApiError> {
        self.post("environment.create", env).await
    }

    /// `POST environment.update`.
    pub async fn environment_update(&self, update: &EnvironmentUpdate) -> Result<(), ApiError> {
        self.post_void("environment.update", update).await
    }

    /// `POST environment.duplicate` (v0.25+): a new environment of the project with this one's
    /// variables (not its services); answers it.
    pub async fn environment_duplicate(
        &self,
        body: &crate::duplicate::DuplicateEnvironment,
    ) -> Result<Environment, ApiError> {
        self.post("environment.duplicate", body).await
    }

    /// `POST environment.remove`.
    pub async fn environment_remove(&self, environment_id: &str) -> Result<(), ApiError> {
        self.post_void(
            "environment.remove",
            &id_body("environmentId", environment_id),
        )
        .await
    }
}
