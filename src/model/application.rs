//! Applications and compose services (`application.one`, `compose.one`, their `create`).

use serde::Serialize;

use super::de::{object, open_enum, Present};
use super::deployment::{Deployment, Domain, Mount, Port, Redirect, Security};
use super::project::{Environment, Project};
use super::service::{ServiceKind, ServiceStatus, ServiceSummary};

open_enum! {
    /// Where the code or image comes from (`sourceType`).
    SourceType {
        Github = "github",
        Gitlab = "gitlab",
        Bitbucket = "bitbucket",
        Gitea = "gitea",
        Git = "git",
        Docker = "docker",
        Drop = "drop",
        /// Compose only: the compose file is stored in Dokploy.
        Raw = "raw",
    }
}

impl SourceType {
    /// Human label.
    pub fn label(&self) -> &str {
        match self {
            SourceType::Github => "GitHub",
            SourceType::Gitlab => "GitLab",
            SourceType::Bitbucket => "Bitbucket",
            SourceType::Gitea => "Gitea",
            SourceType::Git => "Git",
            SourceType::Docker => "Docker image",
            SourceType::Drop => "Upload",
            SourceType::Raw => "Raw compose file",
            SourceType::Other(s) => s,
        }
    }
}

open_enum! {
    /// How an application is built (`buildType`).
    BuildType {
        Dockerfile = "dockerfile",
        Nixpacks = "nixpacks",
        Railpack = "railpack",
        HerokuBuildpacks = "heroku_buildpacks",
        PaketoBuildpacks = "paketo_buildpacks",
        Static = "static",
    }
}

impl BuildType {
    /// Human label.
    pub fn label(&self) -> &str {
        match self {
            BuildType::Dockerfile => "Dockerfile",
            BuildType::Nixpacks => "Nixpacks",
            BuildType::Railpack => "Railpack",
            BuildType::HerokuBuildpacks => "Heroku buildpacks",
            BuildType::PaketoBuildpacks => "Paketo buildpacks",
            BuildType::Static => "Static",
            BuildType::Other(s) => s,
        }
    }
}

/// Where a service sits: the nested `environment` (with its `project`) of v0.25+, or the
/// nested `project` of legacy answers.
fn location<'a>(
    environment: &'a Option<Box<Environment>>,
    project: &'a Option<Box<Project>>,
) -> (Option<&'a str>, Option<&'a str>) {
    let proj = environment
        .as_ref()
        .and_then(|e| e.project.as_deref())
        .or(project.as_deref());
    let id = proj
        .map(|p| p.project_id.as_str())
        .or_else(|| environment.as_ref().and_then(|e| e.project_id.as_deref()));
    (id, proj.map(|p| p.name.as_str()))
}

/// An application (`application.one`, `application.create`). Decoded key by key
/// ([`object!`](super::de::object), below).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub application_id: String,
    pub name: String,
    pub app_name: Option<String>,
    pub description: Option<String>,
    pub env: Option<String>,
    pub build_args: Option<String>,
    pub build_secrets: Option<String>,
    pub create_env_file: Option<bool>,
    pub application_status: Option<ServiceStatus>,
    pub source_type: Option<SourceType>,
    pub build_type: Option<BuildType>,
    pub docker_image: Option<String>,
    pub username: Option<String>,
    /// The registry password of a Docker source (kept so saving the provider does not clear it).
    pub password: Option<String>,
    pub registry_url: Option<String>,
    pub repository: Option<String>,
    pub owner: Option<String>,
    pub branch: Option<String>,
    pub build_path: Option<String>,
    pub custom_git_url: Option<String>,
    pub custom_git_branch: Option<String>,
    pub custom_git_build_path: Option<String>,
    #[serde(rename = "customGitSSHKeyId")]
    pub custom_git_ssh_key_id: Option<String>,
    pub watch_paths: Option<Vec<String>>,
    pub enable_submodules: Option<bool>,
    pub dockerfile: Option<String>,
    pub docker_context_path: Option<String>,
    pub docker_build_stage: Option<String>,
    pub heroku_version: Option<String>,
    pub railpack_version: Option<String>,
    pub publish_directory: Option<String>,
    pub is_static_spa: Option<bool>,
    pub command: Option<String>,
    pub replicas: Option<u32>,
    pub memory_reservation: Option<String>,
    pub memory_limit: Option<String>,
    pub cpu_reservation: Option<String>,
    pub cpu_limit: Option<String>,
    pub auto_deploy: Option<bool>,
    pub trigger_type: Option<String>,
    pub created_at: Option<String>,
    /// v0.25+.
    pub environment_id: Option<String>,
    /// Legacy.
    pub project_id: Option<String>,
    pub server_id: Option<String>,
    /// v0.25+ `application.one`: the environment, with its project.
    pub environment: Option<Box<Environment>>,
    /// Legacy `application.one`: the project.
    pub project: Option<Box<Project>>,
    pub domains: Vec<Domain>,
    pub deployments: Vec<Deployment>,
    pub mounts: Vec<Mount>,
    pub ports: Vec<Port>,
    pub redirects: Vec<Redirect>,
    pub security: Vec<Security>,
    /// v0.23+: keep each successful deployment's image to roll back to; v0.26+ in this registry.
    pub rollback_active: Option<bool>,
    pub rollback_registry_id: Option<String>,
    /// Preview deployments of pull requests: on or off, and where they are served.
    pub is_preview_deployments_active: Option<bool>,
    pub preview_wildcard: Option<String>,
    pub preview_port: Option<u32>,
    pub preview_limit: Option<u32>,
    pub preview_https: Option<bool>,
    pub preview_path: Option<String>,
    /// Swarm settings as Dokploy keeps them (JSON), in [`crate::service_view::swarm::SETTINGS`]'s
    /// order: [`Present::Absent`] where the answer has no such field.
    pub health_check_swarm: Present,
    pub restart_policy_swarm: Present,
    pub placement_swarm: Present,
    pub update_config_swarm: Present,
    pub rollback_config_swarm: Present,
    pub mode_swarm: Present,
    pub labels_swarm: Present,
    pub network_swarm: Present,
    pub stop_grace_period_swarm: Present,
    pub endpoint_spec_swarm: Present,
    pub ulimits_swarm: Present,
}

object!(Application, "an application", {
    "applicationId" => application_id: plain,
    "name" => name: nullable,
    "appName" => app_name: plain,
    "description" => description: plain,
    "env" => env: plain,
    "buildArgs" => build_args: plain,
    "buildSecrets" => build_secrets: plain,
    "createEnvFile" => create_env_file: plain,
    "applicationStatus" => application_status: plain,
    "sourceType" => source_type: plain,
    "buildType" => build_type: plain,
    "dockerImage" => docker_image: plain,
    "username" => username: plain,
    "password" => password: plain,
    "registryUrl" => registry_url: plain,
    "repository" => repository: plain,
    "owner" => owner: plain,
    "branch" => branch: plain,
    "buildPath" => build_path: plain,
    "customGitUrl" => custom_git_url: plain,
    "customGitBranch" => custom_git_branch: plain,
    "customGitBuildPath" => custom_git_build_path: plain,
    "customGitSSHKeyId" => custom_git_ssh_key_id: plain,
    "watchPaths" => watch_paths: plain,
    "enableSubmodules" => enable_submodules: plain,
    "dockerfile" => dockerfile: plain,
    "dockerContextPath" => docker_context_path: plain,
    "dockerBuildStage" => docker_build_stage: plain,
    "herokuVersion" => heroku_version: plain,
    "railpackVersion" => railpack_version: plain,
    "publishDirectory" => publish_directory: plain,
    "isStaticSpa" => is_static_spa: plain,
    "command" => command: plain,
    "replicas" => replicas: plain,
    "memoryReservation" => memory_reservation: text,
    "memoryLimit" => memory_limit: text,
    "cpuReservation" => cpu_reservation: text,
    "cpuLimit" => cpu_limit: text,
    "autoDeploy" => auto_deploy: plain,
    "triggerType" => trigger_type: plain,
    "createdAt" => created_at: plain,
    "environmentId" => environment_id: plain,
    "projectId" => project_id: plain,
    "serverId" => server_id: plain,
    "environment" => environment: plain,
    "project" => project: plain,
    "domains" => domains: nullable,
    "deployments" => deployments: nullable,
    "mounts" => mounts: nullable,
    "ports" => ports: nullable,
    "redirects" => redirects: nullable,
    "security" => security: nullable,
    "rollbackActive" => rollback_active: plain,
    "rollbackRegistryId" => rollback_registry_id: plain,
    "isPreviewDeploymentsActive" => is_preview_deployments_active: plain,
    "previewWildcard" => preview_wildcard: plain,
    "previewPort" => preview_port: plain,
    "previewLimit" => preview_limit: plain,
    "previewHttps" => preview_https: plain,
    "previewPath" => preview_path: plain,
    "healthCheckSwarm" => health_check_swarm: plain,
    "restartPolicySwarm" => restart_policy_swarm: plain,
    "placementSwarm" => placement_swarm: plain,
    "updateConfigSwarm" => update_config_swarm: plain,
    "rollbackConfigSwarm" => rollback_config_swarm: plain,
    "modeSwarm" => mode_swarm: plain,
    "labelsSwarm" => labels_swarm: plain,
    "networkSwarm" => network_swarm: plain,
    "stopGracePeriodSwarm" => stop_grace_period_swarm: plain,
    "endpointSpecSwarm" => endpoint_spec_swarm: plain,
    "ulimitsSwarm" => ulimits_swarm: plain,
});

impl Application {
    /// The swarm settings, in [`crate::service_view::swarm::SETTINGS`]'s order.
    pub fn swarm(&self) -> [&Present; 11] {
        [
            &self.health_check_swarm,
            &self.restart_policy_swarm,
            &self.placement_swarm,
            &self.update_config_swarm,
            &self.rollback_config_swarm,
            &self.mode_swarm,
            &self.labels_swarm,
            &self.network_swarm,
            &self.stop_grace_period_swarm,
            &self.endpoint_spec_swarm,
            &self.ulimits_swarm,
        ]
    }

    /// The project this application belongs to (id, name), whichever era answered.
    pub fn project_ref(&self) -> (Option<&str>, Option<&str>) {
        let (id, name) = location(&self.environment, &self.project);
        (id.or(self.project_id.as_deref()), name)
    }

    /// The uniform list row.
    pub fn summary(&self) -> ServiceSummary {
        ServiceSummary {
            kind: ServiceKind::Application,
            id: self.application_id.clone(),
            name: Some(self.name.clone()),
            app_name: self.app_name.clone(),
            status: self.application_status.clone(),
            description: self.description.clone(),
            created_at: self.created_at.clone(),
            environment_id: self.environment_id.clone(),
            server: None,
        }
    }
}

/// A compose service (`compose.one`, `compose.create`, `compose.update`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Compose {
    pub compose_id: String,
    pub name: String,
    pub app_name: Option<String>,
    pub description: Option<String>,
    pub env: Option<String>,
    pub compose_file: Option<String>,
    pub source_type: Option<SourceType>,
    /// `docker-compose` or `stack`.
    pub compose_type: Option<String>,
    pub compose_status: Option<ServiceStatus>,
    pub repository: Option<String>,
    pub owner: Option<String>,
    pub branch: Option<String>,
    pub custom_git_url: Option<String>,
    pub custom_git_branch: Option<String>,
    pub compose_path: Option<String>,
    pub command: Option<String>,
    pub create_env_file: Option<bool>,
    pub auto_deploy: Option<bool>,
    pub created_at: Option<String>,
    pub environment_id: Option<String>,
    pub project_id: Option<String>,
    pub server_id: Option<String>,
    pub environment: Option<Box<Environment>>,
    pub project: Option<Box<Project>>,
    pub domains: Vec<Domain>,
    pub deployments: Vec<Deployment>,
    pub mounts: Vec<Mount>,
    /// Backups of databases inside the stack (v0.22+).
    #[serde(skip_serializing)]
    pub backups: Option<Vec<super::Backup>>,
}

object!(Compose, "a compose service", {
    "composeId" => compose_id: plain,
    "name" => name: nullable,
    "appName" => app_name: plain,
    "description" => description: plain,
    "env" => env: plain,
    "composeFile" => compose_file: plain,
    "sourceType" => source_type: plain,
    "composeType" => compose_type: plain,
    "composeStatus" => compose_status: plain,
    "repository" => repository: plain,
    "owner" => owner: plain,
    "branch" => branch: plain,
    "customGitUrl" => custom_git_url: plain,
    "customGitBranch" => custom_git_branch: plain,
    "composePath" => compose_path: plain,
    "command" => command: plain,
    "createEnvFile" => create_env_file: plain,
    "autoDeploy" => auto_deploy: plain,
    "createdAt" => created_at: plain,
    "environmentId" => environment_id: plain,
    "projectId" => project_id: plain,
    "serverId" => server_id: plain,
    "environment" => environment: plain,
    "project" => project: plain,
    "domains" => domains: nullable,
    "deployments" => deployments: nullable,
    "mounts" => mounts: nullable,
    "backups" => backups: plain,
});

impl Compose {
    /// The project this service belongs to (id, name), whichever era answered.
    pub fn project_ref(&self) -> (Option<&str>, Option<&str>) {
        let (id, name) = location(&self.environment, &self.project);
        (id.or(self.project_id.as_deref()), name)
    }

    /// The uniform list row.
    pub fn summary(&self) -> ServiceSummary {
        ServiceSummary {
            kind: ServiceKind::Compose,
            id: self.compose_id.clone(),
            name: Some(self.name.clone()),
            app_name: self.app_name.clone(),
            status: self.compose_status.clone(),
            description: self.description.clone(),
            created_at: self.created_at.clone(),
            environment_id: self.environment_id.clone(),
            server: None,
        }
    }
}
