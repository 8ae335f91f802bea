//! Deployments, domains, mounts, ports, redirects and basic-auth users: the rows hanging off a service.

use serde::Serialize;

use super::de::{object, open_enum};

open_enum! {
    /// `status` of a deployment.
    DeploymentStatus {
        Running = "running",
        Done = "done",
        Error = "error",
        Cancelled = "cancelled",
    }
}

/// A deployment row (`deployment.all`, `deployment.allByCompose`, `*.one().deployments`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub deployment_id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<DeploymentStatus>,
    pub log_path: Option<String>,
    pub application_id: Option<String>,
    pub compose_id: Option<String>,
    pub server_id: Option<String>,
    pub is_preview_deployment: bool,
    pub created_at: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub error_message: Option<String>,
    /// v0.24+: set where this deployment's image can be rolled back to.
    pub rollback_id: Option<String>,
    /// `deployment.allCentralized` (v0.28.3+): the service it belongs to, with its place.
    pub application: Option<Box<Owner>>,
    pub compose: Option<Box<Owner>>,
}

object!(Deployment, "a deployment", {
    "deploymentId" => deployment_id: plain,
    "title" => title: plain,
    "description" => description: plain,
    "status" => status: plain,
    "logPath" => log_path: plain,
    "applicationId" => application_id: plain,
    "composeId" => compose_id: plain,
    "serverId" => server_id: plain,
    "isPreviewDeployment" => is_preview_deployment: nullable,
    "createdAt" => created_at: plain,
    "startedAt" => started_at: plain,
    "finishedAt" => finished_at: plain,
    "errorMessage" => error_message: plain,
    "rollbackId" => rollback_id: plain,
    "application" => application: plain,
    "compose" => compose: plain,
});

/// What the projects overview reads of a deployment (`deployment.allCentralized`): whose it is,
/// when it started and how it stands; the rest (the service, environment and project nested in
/// each) is skipped unread, nothing of it allocated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunMark {
    pub application_id: Option<String>,
    pub compose_id: Option<String>,
    pub status: Option<DeploymentStatus>,
    pub created_at: Option<String>,
}

object!(RunMark, "a deployment", {
    "applicationId" => application_id: plain,
    "composeId" => compose_id: plain,
    "status" => status: plain,
    "createdAt" => created_at: plain,
});

/// The service of a deployment, as `deployment.allCentralized` nests it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Owner {
    pub application_id: Option<String>,
    pub compose_id: Option<String>,
    pub name: String,
    /// With its project.
    pub environment: Option<Box<super::Environment>>,
}

object!(Owner, "a service", {
    "applicationId" => application_id: plain,
    "composeId" => compose_id: plain,
    "name" => name: nullable,
    "environment" => environment: plain,
});

open_enum! {
    /// `certificateType` of a domain.
    CertificateType {
        None = "none",
        LetsEncrypt = "letsencrypt",
        Custom = "custom",
    }
}

/// A domain (`domain.byApplicationId`, `domain.byComposeId`, `domain.create`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    pub domain_id: String,
    pub host: String,
    pub path: Option<String>,
    pub port: Option<u32>,
    pub https: bool,
    pub certificate_type: Option<CertificateType>,
    pub custom_cert_resolver: Option<String>,
    pub application_id: Option<String>,
    pub compose_id: Option<String>,
    pub service_name: Option<String>,
    pub domain_type: Option<String>,
    pub internal_path: Option<String>,
    pub strip_path: Option<bool>,
    pub enabled: Option<bool>,
    pub created_at: Option<String>,
}

object!(Domain, "a domain", {
    "domainId" => domain_id: plain,
    "host" => host: nullable,
    "path" => path: plain,
    "port" => port: plain,
    "https" => https: nullable,
    "certificateType" => certificate_type: plain,
    "customCertResolver" => custom_cert_resolver: plain,
    "applicationId" => application_id: plain,
    "composeId" => compose_id: plain,
    "serviceName" => service_name: plain,
    "domainType" => domain_type: plain,
    "internalPath" => internal_path: plain,
    "stripPath" => strip_path: plain,
    "enabled" => enabled: plain,
    "createdAt" => created_at: plain,
});

impl Domain {
    /// `https://host/path` as a user would open it.
    pub fn url(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        let path = self.path.as_deref().unwrap_or("").trim_end_matches('/');
        let path = if path.is_empty() || path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        format!("{scheme}://{}{}", self.host, path)
    }
}

open_enum! {
    /// `type` of a mount.
    MountType {
        Bind = "bind",
        Volume = "volume",
        File = "file",
    }
}

/// A mount (`mounts.listByServiceId`, `*.one().mounts`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mount {
    pub mount_id: String,
    #[serde(rename = "type")]
    pub mount_type: Option<MountType>,
    pub host_path: Option<String>,
    pub volume_name: Option<String>,
    pub file_path: Option<String>,
    pub content: Option<String>,
    pub mount_path: Option<String>,
    pub service_type: Option<String>,
}

object!(Mount, "a mount", {
    "mountId" => mount_id: plain,
    "type" => mount_type: plain,
    "hostPath" => host_path: plain,
    "volumeName" => volume_name: plain,
    "filePath" => file_path: plain,
    "content" => content: plain,
    "mountPath" => mount_path: plain,
    "serviceType" => service_type: plain,
});

/// A redirect of an application's domains (`application.one().redirects`): Traefik's
/// `redirectRegex` middleware, a regular expression and its replacement (`${1}` for groups).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Redirect {
    pub redirect_id: String,
    pub regex: String,
    pub replacement: String,
    pub permanent: bool,
}

object!(Redirect, "a redirect", {
    "redirectId" => redirect_id: plain,
    "regex" => regex: nullable,
    "replacement" => replacement: nullable,
    "permanent" => permanent: nullable,
});

/// A basic-auth user of an application (`application.one().security`). Dokploy sends the
/// password too; Skiff does not even read it, so it is never shown back.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Security {
    pub security_id: String,
    pub username: String,
}

object!(Security, "a basic-auth user", {
    "securityId" => security_id: plain,
    "username" => username: nullable,
});

/// A published port of an application (`application.one().ports`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Port {
    pub port_id: String,
    pub published_port: Option<u32>,
    pub target_port: Option<u32>,
    pub protocol: Option<String>,
    pub publish_mode: Option<String>,
    pub application_id: Option<String>,
}

object!(Port, "a port", {
    "portId" => port_id: plain,
    "publishedPort" => published_port: plain,
    "targetPort" => target_port: plain,
    "protocol" => protocol: plain,
    "publishMode" => publish_mode: plain,
    "applicationId" => application_id: plain,
});

/// A preview deployment: an application built from a pull request's branch, at its own domain
/// (`previewDeployment.all`, newest first, with its deployments and domain).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PreviewDeployment {
    pub preview_deployment_id: String,
    pub branch: String,
    pub pull_request_number: Option<String>,
    pub pull_request_url: Option<String>,
    pub pull_request_title: Option<String>,
    /// idle, running, done, error (as an application's status).
    pub preview_status: Option<super::ServiceStatus>,
    pub app_name: Option<String>,
    pub created_at: Option<String>,
    pub domain: Option<Domain>,
    pub deployments: Vec<Deployment>,
}

object!(PreviewDeployment, "a preview deployment", {
    "previewDeploymentId" => preview_deployment_id: plain,
    "branch" => branch: nullable,
    "pullRequestNumber" => pull_request_number: plain,
    "pullRequestURL" => pull_request_url: plain,
    "pullRequestTitle" => pull_request_title: plain,
    "previewStatus" => preview_status: plain,
    "appName" => app_name: plain,
    "createdAt" => created_at: plain,
    "domain" => domain: plain,
    "deployments" => deployments: nullable,
});

/// A deploy job in Dokploy's queue (`deployment.queueList`, v0.28.3+): waiting ones have no
/// deployment row yet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueueJob {
    pub id: String,
    /// `waiting`, `active`, `delayed`, `completed`, `failed`…
    pub state: Option<String>,
    pub data: Option<QueueData>,
}

object!(QueueJob, "a queued job", {
    "id" => id: nullable,
    "state" => state: plain,
    "data" => data: plain,
});

/// What a queued job deploys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueueData {
    pub application_id: Option<String>,
    pub compose_id: Option<String>,
    pub title_log: Option<String>,
    pub description_log: Option<String>,
}

object!(QueueData, "a queued job", {
    "applicationId" => application_id: plain,
    "composeId" => compose_id: plain,
    "titleLog" => title_log: plain,
    "descriptionLog" => description_log: plain,
});
