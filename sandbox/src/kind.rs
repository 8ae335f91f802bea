//! The eight kinds of service Dokploy hosts, and the names each one goes by in the API.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Application,
    Compose,
    Postgres,
    Mysql,
    Mariadb,
    Mongo,
    Redis,
    Libsql,
}

pub const ALL_KINDS: [Kind; 8] = [
    Kind::Application,
    Kind::Compose,
    Kind::Postgres,
    Kind::Mysql,
    Kind::Mariadb,
    Kind::Mongo,
    Kind::Redis,
    Kind::Libsql,
];

impl Kind {
    /// tRPC router name: `postgres` in `/api/postgres.one`.
    pub fn router(self) -> &'static str {
        match self {
            Kind::Application => "application",
            Kind::Compose => "compose",
            Kind::Postgres => "postgres",
            Kind::Mysql => "mysql",
            Kind::Mariadb => "mariadb",
            Kind::Mongo => "mongo",
            Kind::Redis => "redis",
            Kind::Libsql => "libsql",
        }
    }

    pub fn from_router(s: &str) -> Option<Kind> {
        ALL_KINDS.into_iter().find(|k| k.router() == s)
    }

    /// Primary key column: `applicationId`, `postgresId`, ...
    pub fn id_key(self) -> &'static str {
        match self {
            Kind::Application => "applicationId",
            Kind::Compose => "composeId",
            Kind::Postgres => "postgresId",
            Kind::Mysql => "mysqlId",
            Kind::Mariadb => "mariadbId",
            Kind::Mongo => "mongoId",
            Kind::Redis => "redisId",
            Kind::Libsql => "libsqlId",
        }
    }

    /// Key of the list on an environment (and on a legacy project).
    pub fn list_key(self) -> &'static str {
        match self {
            Kind::Application => "applications",
            other => other.router(),
        }
    }

    pub fn status_key(self) -> &'static str {
        match self {
            Kind::Compose => "composeStatus",
            _ => "applicationStatus",
        }
    }

    /// Subject of Dokploy's "... not found" message.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Application => "Application",
            Kind::Compose => "Compose",
            Kind::Postgres => "Postgres",
            Kind::Mysql => "MySql",
            Kind::Mariadb => "Mariadb",
            Kind::Mongo => "Mongo",
            Kind::Redis => "Redis",
            Kind::Libsql => "Libsql",
        }
    }

    pub fn is_database(self) -> bool {
        !matches!(self, Kind::Application | Kind::Compose)
    }

    /// `serviceType` of a mount.
    pub fn service_type(self) -> &'static str {
        self.router()
    }
}
