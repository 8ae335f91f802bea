//! The six database routers (`postgres`, `mysql`, `mariadb`, `mongo`, `redis`, `libsql`),
//! driven by [`ServiceKind`]: the procedure is `<kind.router()>.<name>` and the id field
//! `kind.id_field()`.

use serde_json::{Map, Value};

use super::logs::LogQuery;
use super::{id_body, with, ApiError, Client};
use crate::model::{CreatedDatabase, Database, ServiceKind};

/// libsql's default image (the create schema's default in v0.30.2).
pub const LIBSQL_DEFAULT_IMAGE: &str = "ghcr.io/tursodatabase/libsql-server:v0.24.32";

/// Input of `<kind>.create`. Which fields are sent depends on the kind:
/// `database_name` (postgres, mysql, mariadb), `database_user` (all but redis),
/// `database_root_password` (mysql, mariadb), `replica_sets` (mongo).
#[derive(Clone, Debug, PartialEq)]
pub struct NewDatabase {
    pub kind: ServiceKind,
    pub name: String,
    /// Defaults to a slug of `name` (older servers and libsql require it).
    pub app_name: Option<String>,
    pub description: Option<String>,
    /// v0.25+.
    pub environment_id: Option<String>,
    /// Legacy.
    pub project_id: Option<String>,
    pub server_id: Option<String>,
    pub docker_image: Option<String>,
    pub database_name: Option<String>,
    pub database_user: Option<String>,
    pub database_password: String,
    pub database_root_password: Option<String>,
    pub replica_sets: Option<bool>,
}

impl NewDatabase {
    /// A new database of `kind` named `name`, other fields empty.
    pub fn new(kind: ServiceKind, name: &str, password: &str) -> Self {
        NewDatabase {
            kind,
            name: name.to_string(),
            app_name: None,
            description: None,
            environment_id: None,
            project_id: None,
            server_id: None,
            docker_image: None,
            database_name: None,
            database_user: None,
            database_password: password.to_string(),
            database_root_password: None,
            replica_sets: None,
        }
    }

    /// The JSON body for this kind.
    pub fn body(&self) -> Value {
        let kind = self.kind;
        let mut m = Map::new();
        let mut put = |k: &str, v: Value| {
            m.insert(k.to_string(), v);
        };
        let opt = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
        put("name", self.name.clone().into());
        let app_name = self
            .app_name
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slug(&self.name));
        put("appName", app_name.into());
        if let Some(e) = &self.environment_id {
            put("environmentId", e.clone().into());
        }
        if let Some(p) = &self.project_id {
            put("projectId", p.clone().into());
        }
        put("databasePassword", self.database_password.clone().into());
        if matches!(
            kind,
            ServiceKind::Postgres | ServiceKind::Mysql | ServiceKind::Mariadb
        ) {
            put("databaseName", opt(&self.database_name));
        }
        if kind != ServiceKind::Redis {
            put("databaseUser", opt(&self.database_user));
        }
        if matches!(kind, ServiceKind::Mysql | ServiceKind::Mariadb) {
            if let Some(r) = &self.database_root_password {
                put("databaseRootPassword", r.clone().into());
            }
        }
        if kind == ServiceKind::Mongo {
            if let Some(r) = self.replica_sets {
                put("replicaSets", r.into());
            }
        }
        if kind == ServiceKind::Libsql {
            // libsql.create requires every field (nullable ones as null).
            put("description", opt(&self.description));
            put("serverId", opt(&self.server_id));
            put(
                "dockerImage",
                self.docker_image
                    .clone()
                    .unwrap_or_else(|| LIBSQL_DEFAULT_IMAGE.to_string())
                    .into(),
            );
            put("sqldNode", "primary".into());
            put("sqldPrimaryUrl", Value::Null);
            put("enableNamespaces", false.into());
        } else {
            if let Some(d) = &self.description {
                put("description", d.clone().into());
            }
            if let Some(s) = &self.server_id {
                put("serverId", s.clone().into());
            }
            if let Some(i) = &self.docker_image {
                put("dockerImage", i.clone().into());
            }
        }
        Value::Object(m)
    }
}

/// A Dokploy-style app name from a display name: lowercase letters, digits and dashes.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "db".to_string()
    } else {
        out.chars().take(50).collect()
    }
}

/// Input of `<kind>.update`: only the fields that are `Some` change.
#[derive(Clone, Debug, PartialEq)]
pub struct DatabaseUpdate {
    pub kind: ServiceKind,
    pub id: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub docker_image: Option<String>,
    pub command: Option<String>,
    pub memory_reservation: Option<String>,
    pub memory_limit: Option<String>,
    pub cpu_reservation: Option<String>,
    pub cpu_limit: Option<String>,
}

impl DatabaseUpdate {
    /// An update of nothing yet.
    pub fn new(kind: ServiceKind, id: &str) -> Self {
        DatabaseUpdate {
            kind,
            id: id.to_string(),
            name: None,
            description: None,
            docker_image: None,
            command: None,
            memory_reservation: None,
            memory_limit: None,
            cpu_reservation: None,
            cpu_limit: None,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        let mut body = id_body(self.kind.id_field(), &self.id);
        for (k, v) in [
            ("name", &self.name),
            ("description", &self.description),
            ("dockerImage", &self.docker_image),
            ("command", &self.command),
            ("memoryReservation", &self.memory_reservation),
            ("memoryLimit", &self.memory_limit),
            ("cpuReservation", &self.cpu_reservation),
            ("cpuLimit", &self.cpu_limit),
        ] {
            if let Some(v) = v {
                body = with(body, k, v.as_str());
            }
        }
        body
    }
}

/// `<router>.<name>`, e.g. `postgres.one`.
pub fn procedure(kind: ServiceKind, name: &str) -> String {
    format!("{}.{}", kind.router(), name)
}

fn not_a_database(kind: ServiceKind) -> ApiError {
    ApiError::Invalid {
        message: format!("{} is not a database", kind.label()),
        field_errors: Default::default(),
        form_errors: Vec::new(),
    }
}

fn check(kind: ServiceKind) -> Result<(), ApiError> {
    if kind.is_database() {
        Ok(())
    } else {
        Err(not_a_database(kind))
    }
}

impl Client {
    /// `GET <kind>.one?<kind>Id=`.
    pub async fn database_one(&self, kind: ServiceKind, id: &str) -> Result<Database, ApiError> {
        check(kind)?;
        self.get(
            &procedure(kind, "one"),
            &[(kind.id_field(), id.to_string())],
        )
        .await
    }

    /// `POST <kind>.create`: the new row where the server returns it, else `Flag(true)`.
    pub async fn database_create(&self, db: &NewDatabase) -> Result<CreatedDatabase, ApiError> {
        check(db.kind)?;
        let procedure = procedure(db.kind, "create");
        let text = self.post_text(&procedure, &db.body()).await?;
        self.decode_with(&procedure, &text, CreatedDatabase::from_json)
    }

    /// `POST <kind>.update`.
    pub async fn database_update(&self, update: &DatabaseUpdate) -> Result<(), ApiError> {
        check(update.kind)?;
        self.post_void(&procedure(update.kind, "update"), &update.body())
            .await
    }

    /// `POST <kind>.remove`.
    pub async fn database_remove(&self, kind: ServiceKind, id: &str) -> Result<(), ApiError> {
        self.database_action(kind, id, "remove").await
    }

    /// `POST <kind>.deploy`.
    pub async fn database_deploy(&self, kind: ServiceKind, id: &str) -> Result<(), ApiError> {
        self.database_action(kind, id, "deploy").await
    }

    /// `POST <kind>.start`.
    pub async fn database_start(&self, kind: ServiceKind, id: &str) -> Result<(), ApiError> {
        self.database_action(kind, id, "start").await
    }

    /// `POST <kind>.stop`.
    pub async fn database_stop(&self, kind: ServiceKind, id: &str) -> Result<(), ApiError> {
        self.database_action(kind, id, "stop").await
    }

    async fn database_action(
        &self,
        kind: ServiceKind,
        id: &str,
        action: &str,
    ) -> Result<(), ApiError> {
        check(kind)?;
        self.post_void(&procedure(kind, action), &id_body(kind.id_field(), id))
            .await
    }

    /// `POST <kind>.reload` (needs the `appName` too).
    pub async fn database_reload(
        &self,
        kind: ServiceKind,
        id: &str,
        app_name: &str,
    ) -> Result<(), ApiError> {
        check(kind)?;
        let body = with(id_body(kind.id_field(), id), "appName", app_name);
        self.post_void(&procedure(kind, "reload"), &body).await
    }

    /// `POST <kind>.saveEnvironment`.
    pub async fn database_save_environment(
        &self,
        kind: ServiceKind,
        id: &str,
        env: Option<&str>,
    ) -> Result<(), ApiError> {
        check(kind)?;
        let body = with(id_body(kind.id_field(), id), "env", env);
        self.post_void(&procedure(kind, "saveEnvironment"), &body)
            .await
    }

    /// `POST <kind>.saveExternalPort` (`libsql.saveExternalPorts` for libsql); `None`
    /// closes the port.
    pub async fn database_save_external_port(
        &self,
        kind: ServiceKind,
        id: &str,
        port: Option<u16>,
    ) -> Result<(), ApiError> {
        check(kind)?;
        let name = if kind == ServiceKind::Libsql {
            "saveExternalPorts"
        } else {
            "saveExternalPort"
        };
        let body = with(id_body(kind.id_field(), id), "externalPort", port);
        self.post_void(&procedure(kind, name), &body).await
    }

    /// `GET <kind>.readLogs` (v0.26+).
    pub async fn database_read_logs(
        &self,
        kind: ServiceKind,
        id: &str,
        query: &LogQuery,
    ) -> Result<String, ApiError> {
        check(kind)?;
        query.validate()?;
        let mut params = vec![(kind.id_field(), id.to_string())];
        query.params(&mut params);
        self.get(&procedure(kind, "readLogs"), &params).await
    }
}
