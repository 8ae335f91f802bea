//! Projects and environments in both shapes Dokploy has used:
//! v0.25+ (`project.environments[].applications`) and the flat legacy shape
//! (`project.applications` directly, with `adminId` or `organizationId`).

use serde::{Deserialize, Serialize};

use super::de::{no_shape, object, shape};
use super::service::{ServiceKind, ServiceStatus, ServiceSummary};
use super::tag::{ProjectTag, Tag};

/// A service row as it appears inside a project or environment, any kind, any era.
///
/// Exactly one of the `*_id` fields is set; [`ServiceRow::summary`] turns it into a
/// [`ServiceSummary`]. Fields a given era or endpoint leaves out are `None`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRow {
    pub application_id: Option<String>,
    pub compose_id: Option<String>,
    pub postgres_id: Option<String>,
    pub mysql_id: Option<String>,
    pub mariadb_id: Option<String>,
    pub mongo_id: Option<String>,
    pub redis_id: Option<String>,
    pub libsql_id: Option<String>,
    pub name: Option<String>,
    pub app_name: Option<String>,
    pub description: Option<String>,
    pub created_at: Option<String>,
    /// Applications and databases.
    pub application_status: Option<ServiceStatus>,
    /// Compose.
    pub compose_status: Option<ServiceStatus>,
    pub environment_id: Option<String>,
    /// Legacy rows.
    pub project_id: Option<String>,
    pub server_id: Option<String>,
    /// `project.one`, `environment.one`: the remote server it runs on.
    pub server: Option<ServerRef>,
}

/// A remote server as `project.one` nests it in a service (`{name}`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ServerRef {
    pub name: Option<String>,
}

object!(ServerRef, "a server", {
    "name" => name: plain,
});

object!(ServiceRow, "a service", {
    "applicationId" => application_id: plain,
    "composeId" => compose_id: plain,
    "postgresId" => postgres_id: plain,
    "mysqlId" => mysql_id: plain,
    "mariadbId" => mariadb_id: plain,
    "mongoId" => mongo_id: plain,
    "redisId" => redis_id: plain,
    "libsqlId" => libsql_id: plain,
    "name" => name: plain,
    "appName" => app_name: plain,
    "description" => description: plain,
    "createdAt" => created_at: plain,
    "applicationStatus" => application_status: plain,
    "composeStatus" => compose_status: plain,
    "environmentId" => environment_id: plain,
    "projectId" => project_id: plain,
    "serverId" => server_id: plain,
    "server" => server: plain,
});

impl ServiceRow {
    /// The row's id for the given kind.
    pub fn id(&self, kind: ServiceKind) -> Option<&str> {
        match kind {
            ServiceKind::Application => self.application_id.as_deref(),
            ServiceKind::Compose => self.compose_id.as_deref(),
            ServiceKind::Postgres => self.postgres_id.as_deref(),
            ServiceKind::Mysql => self.mysql_id.as_deref(),
            ServiceKind::Mariadb => self.mariadb_id.as_deref(),
            ServiceKind::Mongo => self.mongo_id.as_deref(),
            ServiceKind::Redis => self.redis_id.as_deref(),
            ServiceKind::Libsql => self.libsql_id.as_deref(),
        }
    }

    /// The uniform summary, or `None` when the row lacks the kind's id.
    pub fn summary(
        &self,
        kind: ServiceKind,
        environment_id: Option<&str>,
    ) -> Option<ServiceSummary> {
        let id = self.id(kind)?.to_string();
        Some(ServiceSummary {
            kind,
            id,
            name: self.name.clone(),
            app_name: self.app_name.clone(),
            status: self
                .application_status
                .clone()
                .or_else(|| self.compose_status.clone()),
            description: self.description.clone(),
            created_at: self.created_at.clone(),
            environment_id: self
                .environment_id
                .clone()
                .or_else(|| environment_id.map(str::to_string)),
            server: self.server.as_ref().and_then(|s| s.name.clone()),
        })
    }
}

/// A struct holding the eight service lists, and its decoder ([`object!`]): the keys given,
/// then the lists' (`null` read as empty).
macro_rules! service_lists {
    ($(#[$meta:meta])* $vis:vis struct $name:ident { $($body:tt)* }
     decoded as $expecting:literal { $($keys:tt)* }) => {
        $(#[$meta])*
        $vis struct $name {
            $($body)*
            pub applications: Vec<ServiceRow>,
            pub compose: Vec<ServiceRow>,
            pub postgres: Vec<ServiceRow>,
            pub mysql: Vec<ServiceRow>,
            pub mariadb: Vec<ServiceRow>,
            pub mongo: Vec<ServiceRow>,
            pub redis: Vec<ServiceRow>,
            pub libsql: Vec<ServiceRow>,
        }

        object!($name, $expecting, {
            $($keys)*
            "applications" => applications: nullable,
            "compose" => compose: nullable,
            "postgres" => postgres: nullable,
            "mysql" => mysql: nullable,
            "mariadb" => mariadb: nullable,
            "mongo" => mongo: nullable,
            "redis" => redis: nullable,
            "libsql" => libsql: nullable,
        });

        impl $name {
            /// The service rows of one kind held directly by this value.
            pub fn rows(&self, kind: ServiceKind) -> &[ServiceRow] {
                match kind {
                    ServiceKind::Application => &self.applications,
                    ServiceKind::Compose => &self.compose,
                    ServiceKind::Postgres => &self.postgres,
                    ServiceKind::Mysql => &self.mysql,
                    ServiceKind::Mariadb => &self.mariadb,
                    ServiceKind::Mongo => &self.mongo,
                    ServiceKind::Redis => &self.redis,
                    ServiceKind::Libsql => &self.libsql,
                }
            }

            fn own_summaries(&self, environment_id: Option<&str>) -> Vec<ServiceSummary> {
                ServiceKind::ALL
                    .into_iter()
                    .flat_map(|kind| {
                        self.rows(kind)
                            .iter()
                            .filter_map(move |row| row.summary(kind, environment_id))
                    })
                    .collect()
            }

            fn own_count(&self) -> usize {
                ServiceKind::ALL.into_iter().map(|k| self.rows(k).len()).sum()
            }
        }
    };
}

service_lists! {
/// An environment (v0.25+): `environment.one`, `environment.byProjectId`, `environment.create`,
/// and the entries of `project.environments`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    pub environment_id: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: Option<String>,
    pub env: Option<String>,
    pub project_id: Option<String>,
    pub is_default: bool,
    /// `environment.one` / `byProjectId` nest the project (without environments).
    pub project: Option<Box<Project>>,
    /// True for the single environment Skiff makes up for a legacy (pre-v0.25) project.
    /// The UI hides the environment switcher for it; its id is the project id and it cannot
    /// be passed to `environment.*` procedures.
    #[serde(skip)]
    pub implicit: bool,
}
decoded as "an environment" {
    "environmentId" => environment_id: plain,
    "name" => name: nullable,
    "description" => description: plain,
    "createdAt" => created_at: plain,
    "env" => env: plain,
    "projectId" => project_id: plain,
    "isDefault" => is_default: nullable,
    "project" => project: plain,
}
}

impl Environment {
    /// Every service in this environment.
    pub fn summaries(&self) -> Vec<ServiceSummary> {
        self.own_summaries(Some(&self.environment_id))
    }

    /// Number of services in this environment.
    pub fn service_count(&self) -> usize {
        self.own_count()
    }
}

service_lists! {
/// A project, either era.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub project_id: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: Option<String>,
    /// v0.24+.
    pub organization_id: Option<String>,
    /// Before v0.19 / the 2024 API.
    pub admin_id: Option<String>,
    pub env: Option<String>,
    /// v0.25+; `None` for a legacy project (its services sit directly on it, in the lists
    /// below, which are empty for a v0.25+ project).
    pub environments: Option<Vec<Environment>>,
    /// v0.29+ (`None` before: the instance has no tags).
    pub project_tags: Option<Vec<ProjectTag>>,
}
decoded as "a project" {
    "projectId" => project_id: plain,
    "name" => name: nullable,
    "description" => description: plain,
    "createdAt" => created_at: plain,
    "organizationId" => organization_id: plain,
    "adminId" => admin_id: plain,
    "env" => env: plain,
    "environments" => environments: plain,
    "projectTags" => project_tags: plain,
}
}

impl Project {
    /// The project's tags (none on an instance before v0.29).
    pub fn tags(&self) -> impl Iterator<Item = &Tag> {
        self.project_tags
            .iter()
            .flatten()
            .filter_map(|t| t.tag.as_ref())
    }

    /// True for the flat pre-v0.25 shape (no `environments`).
    pub fn is_legacy(&self) -> bool {
        self.environments.is_none()
    }

    /// The environments, uniformly: a legacy project yields one implicit environment
    /// (flagged [`Environment::implicit`], id = project id) holding its services.
    pub fn all_environments(&self) -> Vec<Environment> {
        match &self.environments {
            Some(envs) => envs.clone(),
            None => vec![self.implicit_environment()],
        }
    }

    /// Number of environments as the UI shows them (1 for a legacy project).
    pub fn environment_count(&self) -> usize {
        self.environments.as_ref().map_or(1, Vec::len)
    }

    /// The environment with this id (the implicit one for a legacy project's own id).
    pub fn environment(&self, environment_id: &str) -> Option<Environment> {
        match &self.environments {
            Some(envs) => envs
                .iter()
                .find(|e| e.environment_id == environment_id)
                .cloned(),
            None if environment_id == self.project_id => Some(self.implicit_environment()),
            None => None,
        }
    }

    /// The default environment: `isDefault`, else the first; the implicit one for legacy.
    pub fn default_environment(&self) -> Option<Environment> {
        match &self.environments {
            Some(envs) => envs
                .iter()
                .find(|e| e.is_default)
                .or_else(|| envs.first())
                .cloned(),
            None => Some(self.implicit_environment()),
        }
    }

    /// Every service of every environment.
    pub fn summaries(&self) -> Vec<ServiceSummary> {
        match &self.environments {
            Some(envs) => envs.iter().flat_map(Environment::summaries).collect(),
            None => self.own_summaries(None),
        }
    }

    /// Number of services across all environments.
    pub fn service_count(&self) -> usize {
        match &self.environments {
            Some(envs) => envs.iter().map(Environment::service_count).sum(),
            None => self.own_count(),
        }
    }

    fn implicit_environment(&self) -> Environment {
        Environment {
            environment_id: self.project_id.clone(),
            name: "production".to_string(),
            description: None,
            created_at: self.created_at.clone(),
            env: None,
            project_id: Some(self.project_id.clone()),
            is_default: true,
            project: None,
            applications: self.applications.clone(),
            compose: self.compose.clone(),
            postgres: self.postgres.clone(),
            mysql: self.mysql.clone(),
            mariadb: self.mariadb.clone(),
            mongo: self.mongo.clone(),
            redis: self.redis.clone(),
            libsql: self.libsql.clone(),
            implicit: true,
        }
    }
}

/// The answer of `project.create`: v0.25+ returns `{project, environment}` (the default
/// environment created with it), legacy versions return the project row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CreatedProject {
    WithEnvironment {
        project: Project,
        environment: Box<Environment>,
    },
    Flat(Project),
}

/// [`CreatedProject::WithEnvironment`]'s shape, decoded on its own.
#[derive(Deserialize)]
struct WithEnvironment {
    project: Project,
    environment: Box<Environment>,
}

impl CreatedProject {
    /// Decodes the answer `text`, as `serde_json::from_str::<CreatedProject>` does (same value,
    /// same error) without the untagged enum's buffering ([`super::de::shape`]).
    pub fn from_json(text: &str) -> Result<CreatedProject, serde_json::Error> {
        // An untagged enum's struct variant is read from an object only (a struct on its own
        // also from an array of its fields).
        let array = text
            .trim_start_matches([' ', '\n', '\t', '\r'])
            .starts_with('[');
        if !array {
            if let Some(w) = shape::<WithEnvironment>(text)? {
                return Ok(CreatedProject::WithEnvironment {
                    project: w.project,
                    environment: w.environment,
                });
            }
        }
        match shape::<Project>(text)? {
            Some(p) => Ok(CreatedProject::Flat(p)),
            None => Err(no_shape(text, "CreatedProject")),
        }
    }

    /// The created project.
    pub fn project(&self) -> &Project {
        match self {
            CreatedProject::WithEnvironment { project, .. } => project,
            CreatedProject::Flat(p) => p,
        }
    }

    /// The default environment created with it (v0.25+).
    pub fn environment(&self) -> Option<&Environment> {
        match self {
            CreatedProject::WithEnvironment { environment, .. } => Some(environment.as_ref()),
            CreatedProject::Flat(_) => None,
        }
    }
}
