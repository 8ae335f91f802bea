//! `project.*`: list, read, create, update, remove projects.

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::{CreatedProject, Environment, Project};

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

    /// `GET project.all`, decoded only when the answer differs from the one whose
    /// [`answer_print`] is `previous`: `(print, None)` when nothing changed. For the projects
    /// overview's refresh: at 10,000 services an unchanged answer (the usual one) then costs a
    /// pass over its bytes instead of decoding and preparing it again on the main thread.
    pub async fn project_all_if_changed(
        &self,
        previous: Option<u64>,
    ) -> Result<(u64, Option<Vec<Project>>), ApiError> {
        let body = self.get_text("project.all", &[]).await?;
        let print = answer_print(&body);
        if previous == Some(print) {
            return Ok((print, None));
        }
        Ok((print, Some(self.decode("project.all", &body)?)))
    }

    /// `GET project.one?projectId=`: one project with names and statuses of its services.
    pub async fn project_one(&self, project_id: &str) -> Result<Project, ApiError> {
        self.get("project.one", &[("projectId", project_id.to_string())])
            .await
    }

    /// `POST project.create`: v0.25+ also creates and returns the default environment.
    pub async fn project_create(&self, project: &NewProject) -> Result<CreatedProject, ApiError> {
        let text = self.post_text("project.create", project).await?;
        self.decode_with("project.create", &text, CreatedProject::from_json)
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

    /// `POST project.duplicate` (v0.25+): copies of an environment's chosen services in a new
    /// project; answers the new project's environment, not a project.
    pub async fn project_duplicate(
        &self,
        body: &crate::duplicate::DuplicateProject,
    ) -> Result<Environment, ApiError> {
        self.post("project.duplicate", body).await
    }
}

/// A fingerprint of an answer's bytes (64-bit FNV-1a), to tell an unchanged answer from a new
/// one without decoding it; a collision would only keep the previous view one refresh longer.
fn answer_print(body: &str) -> u64 {
    body.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
