//! `project.*`: list, read, create, update, remove projects.

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::{CreatedProject, Project};

/// Body of `project.create`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewProject {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Project-wide environment variables (`KEY=value` lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
}

/// Body of `project.update`: only the fields that are `Some` change.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectUpdate {
    pub project_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
}

impl Client {
    /// `GET project.all`: every project the key can see (v0.30.2 trims database rows to ids).
    pub async fn project_all(&self) -> Result<Vec<Project>, ApiError> {
        self.get("project.all", &[]).await
    }

    /// `GET project.one?projectId=`: one project with names and statuses of its services.
    pub async fn project_one(&self, project_id: &str) -> Result<Project, ApiError> {
        self.get("project.one", &[("projectId", project_id.to_string())])
            .await
    }

    /// `POST project.create`: v0.25+ also creates and returns the default environment.
    pub async fn project_create(&self, project: &NewProject) -> Result<CreatedProject, ApiError> {
        self.post("project.create", project).await
    }

    /// `POST project.update`.
    pub async fn project_update(&self, update: &ProjectUpdate) -> Result<(), ApiError> {
        self.post_void("project.update", update).await
    }

    /// `POST project.remove`: deletes the project and everything in it.
    pub async fn project_remove(&self, project_id: &str) -> Result<(), ApiError> {
        self.post_void("project.remove", &id_body("projectId", project_id))
            .await
    }
}
