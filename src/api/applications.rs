//! `application.*`: read, create, configure, deploy and control applications.

use serde::Serialize;

use super::logs::LogQuery;
use super::{deploy_body, id_body, with, ApiError, Client};
use crate::model::{Application, BuildType, DokployVersion};

/// Body of `application.create`. Set `environment_id` (v0.25+) or `project_id` (legacy).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewApplication {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<String>,
}

/// Body of `application.update`: only the fields that are `Some` change.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationUpdate {
    pub application_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_limit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_reservation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_limit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_deploy: Option<bool>,
}

/// Body of `application.saveEnvironment` (every field is sent; `None` clears it).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationEnvironment {
    pub application_id: String,
    pub env: Option<String>,
    pub build_args: Option<String>,
    pub build_secrets: Option<String>,
    pub create_env_file: bool,
}

/// Body of `application.saveBuildType` (the nullable fields are required: sent as `null`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildSettings {
    pub application_id: String,
    pub build_type: BuildType,
    pub dockerfile: Option<String>,
    pub docker_context_path: Option<String>,
    pub docker_build_stage: Option<String>,
    pub heroku_version: Option<String>,
    pub railpack_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish_directory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_static_spa: Option<bool>,
}

/// Body of `application.saveDockerProvider` (all sent; `None` as `null`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DockerProvider {
    pub application_id: String,
    pub docker_image: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub registry_url: Option<String>,
}

/// Body of `application.saveGitProvider` (a plain git URL, optionally with an SSH key).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GitProvider {
    pub application_id: String,
    pub custom_git_url: Option<String>,
    pub custom_git_branch: String,
    pub custom_git_build_path: Option<String>,
    pub watch_paths: Vec<String>,
    pub enable_submodules: bool,
    #[serde(rename = "customGitSSHKeyId", skip_serializing_if = "Option::is_none")]
    pub custom_git_ssh_key_id: Option<String>,
}

impl Client {
    /// `GET application.one?applicationId=`: with domains, deployments, mounts, ports.
    pub async fn application_one(&self, application_id: &str) -> Result<Application, ApiError> {
        self.get(
            "application.one",
            &[("applicationId", application_id.to_string())],
        )
        .await
    }

    /// `POST application.create`: answers the new application.
    pub async fn application_create(&self, app: &NewApplication) -> Result<Application, ApiError> {
        self.post("application.create", app).await
    }

    /// `POST application.update`.
    pub async fn application_update(&self, update: &ApplicationUpdate) -> Result<(), ApiError> {
        self.post_void("application.update", update).await
    }

    /// `GET application.readTraefikConfig`: the YAML Dokploy wrote for Traefik (routers,
    /// middlewares and the service of this application); `None` when there is no file.
    pub async fn application_traefik(&self, id: &str) -> Result<Option<String>, ApiError> {
        self.get(
            "application.readTraefikConfig",
            &[("applicationId", id.to_string())],
        )
        .await
    }

    /// `POST application.updateTraefikConfig`: the file as typed; Dokploy answers `true`.
    pub async fn application_traefik_save(&self, id: &str, text: &str) -> Result<(), ApiError> {
        let body = with(id_body("applicationId", id), "traefikConfig", text);
        self.post_void("application.updateTraefikConfig", &body)
            .await
    }

    /// `POST application.delete`.
    pub async fn application_delete(&self, application_id: &str) -> Result<(), ApiError> {
        self.post_void(
            "application.delete",
            &id_body("applicationId", application_id),
        )
        .await
    }

    /// `POST application.deploy`: queues a deployment (title/description are v0.25+,
    /// ignored by older servers).
    pub async fn application_deploy(
        &self,
        application_id: &str,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<(), ApiError> {
        let body = deploy_body("applicationId", application_id, title, description);
        self.post_void("application.deploy", &body).await
    }

    /// `POST application.redeploy`: rebuilds without pulling new source.
    pub async fn application_redeploy(
        &self,
        application_id: &str,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<(), ApiError> {
        let body = deploy_body("applicationId", application_id, title, description);
        self.post_void("application.redeploy", &body).await
    }

    /// `POST application.start`.
    pub async fn application_start(&self, application_id: &str) -> Result<(), ApiError> {
        self.post_void(
            "application.start",
            &id_body("applicationId", application_id),
        )
        .await
    }

    /// `POST application.stop`.
    pub async fn application_stop(&self, application_id: &str) -> Result<(), ApiError> {
        self.post_void(
            "application.stop",
            &id_body("applicationId", application_id),
        )
        .await
    }

    /// `POST application.reload` (needs the `appName` too).
    pub async fn application_reload(
        &self,
        application_id: &str,
        app_name: &str,
    ) -> Result<(), ApiError> {
        let body = with(
            id_body("applicationId", application_id),
            "appName",
            app_name,
        );
        self.post_void("application.reload", &body).await
    }

    /// `POST application.saveEnvironment`.
    pub async fn application_save_environment(
        &self,
        env: &ApplicationEnvironment,
    ) -> Result<(), ApiError> {
        self.post_void("application.saveEnvironment", env).await
    }

    /// `POST application.saveBuildType`.
    pub async fn application_save_build_type(&self, build: &BuildSettings) -> Result<(), ApiError> {
        self.post_void("application.saveBuildType", build).await
    }

    /// `POST application.saveDockerProvider`.
    pub async fn application_save_docker_provider(
        &self,
        provider: &DockerProvider,
    ) -> Result<(), ApiError> {
        self.post_void("application.saveDockerProvider", provider)
            .await
    }

    /// `POST application.saveGitProvider` (v0.25.5+; `application.saveGitProdiver`, Dokploy's
    /// old spelling, before).
    pub async fn application_save_git_provider(
        &self,
        provider: &GitProvider,
        era: &DokployVersion,
    ) -> Result<(), ApiError> {
        let name = if era.spells_git_provider() {
            "application.saveGitProvider"
        } else {
            "application.saveGitProdiver"
        };
        self.post_void(name, provider).await
    }

    /// `GET application.readLogs` (v0.26+): the container's recent log text.
    pub async fn application_read_logs(
        &self,
        application_id: &str,
        query: &LogQuery,
    ) -> Result<String, ApiError> {
        query.validate()?;
        let mut params = vec![("applicationId", application_id.to_string())];
        query.params(&mut params);
        self.get("application.readLogs", &params).await
    }
}
