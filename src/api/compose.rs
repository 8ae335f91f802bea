//! `compose.*`: read, create, configure, deploy and control compose services.

use serde::Serialize;

use super::logs::LogQuery;
use super::{deploy_body, id_body, with, ApiError, Client};
use crate::model::{Compose, DokployVersion, SourceType};

/// Body of `compose.create`. Set `environment_id` (v0.25+) or `project_id` (legacy).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCompose {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// `docker-compose` (default) or `stack`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose_type: Option<String>,
    /// The compose file, for a raw compose service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<String>,
}

/// Body of `compose.update`: only the fields that are `Some` change.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComposeUpdate {
    pub compose_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_type: Option<SourceType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_deploy: Option<bool>,
}

impl Client {
    /// `GET compose.one?composeId=`.
    pub async fn compose_one(&self, compose_id: &str) -> Result<Compose, ApiError> {
        self.get("compose.one", &[("composeId", compose_id.to_string())])
            .await
    }

    /// `POST compose.create`: answers the new compose service.
    pub async fn compose_create(&self, compose: &NewCompose) -> Result<Compose, ApiError> {
        self.post("compose.create", compose).await
    }

    /// `POST compose.update`.
    pub async fn compose_update(&self, update: &ComposeUpdate) -> Result<(), ApiError> {
        self.post_void("compose.update", update).await
    }

    /// `POST compose.delete`; `delete_volumes` also removes its named volumes.
    pub async fn compose_delete(
        &self,
        compose_id: &str,
        delete_volumes: bool,
    ) -> Result<(), ApiError> {
        let body = with(
            id_body("composeId", compose_id),
            "deleteVolumes",
            delete_volumes,
        );
        self.post_void("compose.delete", &body).await
    }

    /// `POST compose.deploy`.
    pub async fn compose_deploy(
        &self,
        compose_id: &str,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<(), ApiError> {
        let body = deploy_body("composeId", compose_id, title, description);
        self.post_void("compose.deploy", &body).await
    }

    /// `POST compose.redeploy`.
    pub async fn compose_redeploy(
        &self,
        compose_id: &str,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<(), ApiError> {
        let body = deploy_body("composeId", compose_id, title, description);
        self.post_void("compose.redeploy", &body).await
    }

    /// `POST compose.start`.
    pub async fn compose_start(&self, compose_id: &str) -> Result<(), ApiError> {
        self.post_void("compose.start", &id_body("composeId", compose_id))
            .await
    }

    /// `POST compose.stop`.
    pub async fn compose_stop(&self, compose_id: &str) -> Result<(), ApiError> {
        self.post_void("compose.stop", &id_body("composeId", compose_id))
            .await
    }

    /// `POST compose.saveEnvironment` (v0.29+); older servers take `env` through `compose.update`
    /// (which answers the row, unread here) and have no `createEnvFile`.
    pub async fn compose_save_environment(
        &self,
        compose_id: &str,
        env: Option<&str>,
        create_env_file: Option<bool>,
        era: &DokployVersion,
    ) -> Result<(), ApiError> {
        let mut body = with(id_body("composeId", compose_id), "env", env);
        if !era.has_compose_save_environment() {
            return self.post_text("compose.update", &body).await.map(drop);
        }
        if let Some(c) = create_env_file {
            body = with(body, "createEnvFile", c);
        }
        self.post_void("compose.saveEnvironment", &body).await
    }

    /// `GET compose.loadServices?composeId=&type=cache`: the service names in the file.
    pub async fn compose_load_services(&self, compose_id: &str) -> Result<Vec<String>, ApiError> {
        self.get(
            "compose.loadServices",
            &[
                ("composeId", compose_id.to_string()),
                ("type", "cache".to_string()),
            ],
        )
        .await
    }

    /// `GET compose.readLogs` (v0.26+): logs of one container (`containerId` as Dokploy
    /// names it, e.g. `<appName>-<service>-`).
    pub async fn compose_read_logs(
        &self,
        compose_id: &str,
        container_id: &str,
        query: &LogQuery,
    ) -> Result<String, ApiError> {
        query.validate()?;
        let mut params = vec![
            ("composeId", compose_id.to_string()),
            ("containerId", container_id.to_string()),
        ];
        query.params(&mut params);
        self.get("compose.readLogs", &params).await
    }
}
