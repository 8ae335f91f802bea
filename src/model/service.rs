//! The kinds of service Dokploy runs, their status, and a summary row that looks the same
//! whatever API era or endpoint it came from.

use serde::{Deserialize, Serialize};

use super::de::open_enum;

/// The eight kinds of service a Dokploy environment (or legacy project) holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceKind {
    Application,
    Compose,
    Postgres,
    Mysql,
    Mariadb,
    Mongo,
    Redis,
    Libsql,
}

impl ServiceKind {
    /// Every kind, applications first, then compose, then the databases.
    pub const ALL: [ServiceKind; 8] = [
        ServiceKind::Application,
        ServiceKind::Compose,
        ServiceKind::Postgres,
        ServiceKind::Mysql,
        ServiceKind::Mariadb,
        ServiceKind::Mongo,
        ServiceKind::Redis,
        ServiceKind::Libsql,
    ];

    /// The six database kinds.
    pub const DATABASES: [ServiceKind; 6] = [
        ServiceKind::Postgres,
        ServiceKind::Mysql,
        ServiceKind::Mariadb,
        ServiceKind::Mongo,
        ServiceKind::Redis,
        ServiceKind::Libsql,
    ];

    /// Human label, as Dokploy's dashboard writes it.
    pub fn label(self) -> &'static str {
        match self {
            ServiceKind::Application => "Application",
            ServiceKind::Compose => "Compose",
            ServiceKind::Postgres => "PostgreSQL",
            ServiceKind::Mysql => "MySQL",
            ServiceKind::Mariadb => "MariaDB",
            ServiceKind::Mongo => "MongoDB",
            ServiceKind::Redis => "Redis",
            ServiceKind::Libsql => "libSQL",
        }
    }

    /// The tRPC router name (`postgres` in `postgres.one`).
    pub fn router(self) -> &'static str {
        match self {
            ServiceKind::Application => "application",
            ServiceKind::Compose => "compose",
            ServiceKind::Postgres => "postgres",
            ServiceKind::Mysql => "mysql",
            ServiceKind::Mariadb => "mariadb",
            ServiceKind::Mongo => "mongo",
            ServiceKind::Redis => "redis",
            ServiceKind::Libsql => "libsql",
        }
    }

    /// The id field of this kind's rows and of its procedures' inputs (`postgresId`).
    pub fn id_field(self) -> &'static str {
        match self {
            ServiceKind::Application => "applicationId",
            ServiceKind::Compose => "composeId",
            ServiceKind::Postgres => "postgresId",
            ServiceKind::Mysql => "mysqlId",
            ServiceKind::Mariadb => "mariadbId",
            ServiceKind::Mongo => "mongoId",
            ServiceKind::Redis => "redisId",
            ServiceKind::Libsql => "libsqlId",
        }
    }

    /// The key under which a project or environment lists this kind (`applications`, `postgres`).
    pub fn list_field(self) -> &'static str {
        match self {
            ServiceKind::Application => "applications",
            other => other.router(),
        }
    }

    /// The `type` value of `deployment.allByType` and `mounts.listByServiceId`.
    pub fn service_type(self) -> &'static str {
        self.router()
    }

    /// True for the six database kinds.
    pub fn is_database(self) -> bool {
        !matches!(self, ServiceKind::Application | ServiceKind::Compose)
    }

    /// Parses a router name (`"postgres"`), as used in Skiff's URLs.
    pub fn from_router(s: &str) -> Option<ServiceKind> {
        ServiceKind::ALL.into_iter().find(|k| k.router() == s)
    }
}

impl std::fmt::Display for ServiceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

open_enum! {
    /// `applicationStatus` / `composeStatus` of a service.
    ServiceStatus {
        Idle = "idle",
        Running = "running",
        Done = "done",
        Error = "error",
    }
}

impl ServiceStatus {
    /// A short human word for the badge.
    pub fn label(&self) -> &str {
        match self {
            ServiceStatus::Idle => "Idle",
            ServiceStatus::Running => "Deploying",
            ServiceStatus::Done => "Running",
            ServiceStatus::Error => "Error",
            ServiceStatus::Other(s) => s.as_str(),
        }
    }
}

/// One service in a list, the same shape for every kind and API era.
///
/// v0.30.2 `project.all` carries only ids for databases, so `name`, `app_name` and `status`
/// may be missing there; `project.one` and the legacy project rows carry them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub kind: ServiceKind,
    pub id: String,
    pub name: Option<String>,
    pub app_name: Option<String>,
    pub status: Option<ServiceStatus>,
    pub description: Option<String>,
    pub created_at: Option<String>,
    pub environment_id: Option<String>,
    /// The remote server it runs on (`project.one`'s `server: {name}`); `None` on Dokploy's own.
    pub server: Option<String>,
}

impl ServiceSummary {
    /// The best name to show: the name, else the app name, else the id.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .filter(|s| !s.is_empty())
            .or(self.app_name.as_deref().filter(|s| !s.is_empty()))
            .unwrap_or(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in ServiceKind::ALL {
            assert_eq!(ServiceKind::from_router(k.router()), Some(k));
            assert!(k.id_field().ends_with("Id"));
            let json = serde_json::to_string(&k).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", k.router()));
        }
        assert_eq!(
            ServiceKind::DATABASES
                .iter()
                .filter(|k| k.is_database())
                .count(),
            6
        );
        assert_eq!(ServiceKind::from_router("nope"), None);
    }

    #[test]
    fn unknown_status_is_kept() {
        let s: ServiceStatus = serde_json::from_str("\"paused\"").unwrap_or(ServiceStatus::Idle);
        assert_eq!(s, ServiceStatus::Other("paused".into()));
        assert_eq!(s.as_str(), "paused");
        assert_eq!(
            serde_json::to_string(&ServiceStatus::Done).unwrap_or_default(),
            "\"done\""
        );
    }
}
