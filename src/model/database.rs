//! The six database kinds (postgres, mysql, mariadb, mongo, redis, libsql) in one struct.

use serde::{Deserialize, Serialize};

use super::de::{no_shape, object, shape, Present};
use super::deployment::Mount;
use super::project::{Environment, Project};
use super::service::{ServiceKind, ServiceStatus, ServiceSummary};

/// A database service (`<kind>.one`, `<kind>.create` where it returns the row).
///
/// Exactly one `*_id` field is set; [`Database::kind`] and [`Database::id`] read it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Database {
    pub postgres_id: Option<String>,
    pub mysql_id: Option<String>,
    pub mariadb_id: Option<String>,
    pub mongo_id: Option<String>,
    pub redis_id: Option<String>,
    pub libsql_id: Option<String>,
    pub name: String,
    pub app_name: Option<String>,
    pub description: Option<String>,
    /// postgres, mysql, mariadb.
    pub database_name: Option<String>,
    /// All but redis.
    pub database_user: Option<String>,
    pub database_password: Option<String>,
    /// mysql, mariadb.
    pub database_root_password: Option<String>,
    pub docker_image: Option<String>,
    pub command: Option<String>,
    pub env: Option<String>,
    pub external_port: Option<u32>,
    /// libsql.
    #[serde(rename = "externalGRPCPort")]
    pub external_grpc_port: Option<u32>,
    /// libsql.
    pub external_admin_port: Option<u32>,
    pub application_status: Option<ServiceStatus>,
    pub replicas: Option<u32>,
    pub memory_reservation: Option<String>,
    pub memory_limit: Option<String>,
    pub cpu_reservation: Option<String>,
    pub cpu_limit: Option<String>,
    /// mongo.
    pub replica_sets: Option<bool>,
    /// libsql: `primary` or `replica`.
    pub sqld_node: Option<String>,
    pub created_at: Option<String>,
    pub environment_id: Option<String>,
    pub project_id: Option<String>,
    pub server_id: Option<String>,
    pub environment: Option<Box<Environment>>,
    pub project: Option<Box<Project>>,
    pub mounts: Option<Vec<Mount>>,
    /// Its backup schedules (all kinds but redis).
    #[serde(skip_serializing)]
    pub backups: Option<Vec<super::Backup>>,
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

object!(Database, "a database", {
    "postgresId" => postgres_id: plain,
    "mysqlId" => mysql_id: plain,
    "mariadbId" => mariadb_id: plain,
    "mongoId" => mongo_id: plain,
    "redisId" => redis_id: plain,
    "libsqlId" => libsql_id: plain,
    "name" => name: nullable,
    "appName" => app_name: plain,
    "description" => description: plain,
    "databaseName" => database_name: plain,
    "databaseUser" => database_user: plain,
    "databasePassword" => database_password: plain,
    "databaseRootPassword" => database_root_password: plain,
    "dockerImage" => docker_image: plain,
    "command" => command: plain,
    "env" => env: plain,
    "externalPort" => external_port: plain,
    "externalGRPCPort" => external_grpc_port: plain,
    "externalAdminPort" => external_admin_port: plain,
    "applicationStatus" => application_status: plain,
    "replicas" => replicas: plain,
    "memoryReservation" => memory_reservation: text,
    "memoryLimit" => memory_limit: text,
    "cpuReservation" => cpu_reservation: text,
    "cpuLimit" => cpu_limit: text,
    "replicaSets" => replica_sets: plain,
    "sqldNode" => sqld_node: plain,
    "createdAt" => created_at: plain,
    "environmentId" => environment_id: plain,
    "projectId" => project_id: plain,
    "serverId" => server_id: plain,
    "environment" => environment: plain,
    "project" => project: plain,
    "mounts" => mounts: plain,
    "backups" => backups: plain,
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

impl Database {
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

    /// The kind, from whichever id field is set.
    pub fn kind(&self) -> Option<ServiceKind> {
        ServiceKind::DATABASES
            .into_iter()
            .find(|k| self.id_for(*k).is_some())
    }

    /// The id, whatever the kind.
    pub fn id(&self) -> Option<&str> {
        self.kind().and_then(|k| self.id_for(k))
    }

    fn id_for(&self, kind: ServiceKind) -> Option<&str> {
        match kind {
            ServiceKind::Postgres => self.postgres_id.as_deref(),
            ServiceKind::Mysql => self.mysql_id.as_deref(),
            ServiceKind::Mariadb => self.mariadb_id.as_deref(),
            ServiceKind::Mongo => self.mongo_id.as_deref(),
            ServiceKind::Redis => self.redis_id.as_deref(),
            ServiceKind::Libsql => self.libsql_id.as_deref(),
            _ => None,
        }
    }

    /// The project this database belongs to (id, name), whichever era answered.
    pub fn project_ref(&self) -> (Option<&str>, Option<&str>) {
        let proj = self
            .environment
            .as_ref()
            .and_then(|e| e.project.as_deref())
            .or(self.project.as_deref());
        let id = proj
            .map(|p| p.project_id.as_str())
            .or_else(|| {
                self.environment
                    .as_ref()
                    .and_then(|e| e.project_id.as_deref())
            })
            .or(self.project_id.as_deref());
        (id, proj.map(|p| p.name.as_str()))
    }

    /// The uniform list row (`None` if no id field is set).
    pub fn summary(&self) -> Option<ServiceSummary> {
        let kind = self.kind()?;
        Some(ServiceSummary {
            kind,
            id: self.id_for(kind)?.to_string(),
            name: Some(self.name.clone()),
            app_name: self.app_name.clone(),
            status: self.application_status.clone(),
            description: self.description.clone(),
            created_at: self.created_at.clone(),
            environment_id: self.environment_id.clone(),
            server: None,
        })
    }
}

/// What `<kind>.create` answers: the new row (v0.30.2 postgres, mysql, ...) or just `true`
/// (libsql, and every database in legacy versions: find the id with `project.one`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CreatedDatabase {
    Row(Box<Database>),
    Flag(bool),
}

impl CreatedDatabase {
    /// Decodes the answer `text`, as `serde_json::from_str::<CreatedDatabase>` does (same value,
    /// same error) without the untagged enum's buffering ([`super::de::shape`]).
    pub fn from_json(text: &str) -> Result<CreatedDatabase, serde_json::Error> {
        if let Some(db) = shape::<Box<Database>>(text)? {
            return Ok(CreatedDatabase::Row(db));
        }
        match shape::<bool>(text)? {
            Some(flag) => Ok(CreatedDatabase::Flag(flag)),
            None => Err(no_shape(text, "CreatedDatabase")),
        }
    }

    /// The new row, when the server returned it.
    pub fn row(&self) -> Option<&Database> {
        match self {
            CreatedDatabase::Row(db) => Some(db),
            CreatedDatabase::Flag(_) => None,
        }
    }
}
