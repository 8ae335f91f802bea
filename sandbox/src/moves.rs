//! Moving a service elsewhere (`application.move`, `compose.move` and the databases' `move`), like
//! Dokploy: since v0.25 to another environment (`targetEnvironmentId`, v0.30.2, checked against
//! the recordings), from v0.20 to v0.24.12 to another project (`targetProjectId`; the sandbox puts
//! the service in that project's default environment, which the era does not show). v0.18.4 has
//! no move: its contract lacks the procedures, so they answer its unknown-procedure 404.
//!
//! v0.30.2: Dokploy checks the caller (`checkServicePermissionAndAccess` with `service:
//! ["create"]`), then runs one `update ... set "environmentId"` returning the row, and answers
//! the whole updated row. No row updated (an unknown service, or one of another kind) answers
//! 500 `Failed to move application` (`compose`, `postgres`, ...); an unknown target environment
//! fails the foreign key and answers drizzle's message, 500 `Failed query: update "application"
//! set "environmentId" = $1 where ... returning ...` with its parameters. It checks nothing else:
//! neither that the target environment is of the caller's organization nor that a member may see
//! it.
//!
//! v0.24.12 (from its source): the service is looked up (404 `Application not found`, `MySql not
//! found`, ...), then the target project (404 `Project not found`), each checked to be of the
//! caller's organization (the sandbox has one), then the update; the updated row answers, in
//! v0.24.12's columns. A service moved to the project it is in stays where it is.
//!
//! Members need the service among theirs and `canCreateServices` in every era (401 `You don't
//! have access to this service`, `Permission denied`), the sandbox's rule for changing a service
//! (v0.24.12 itself let any member move any service of the organization).

use std::sync::Arc;

use serde_json::{json, Value};

use crate::advanced::{check_service, failed_update, Action};
use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::kind::Kind;
use crate::shapes::{s, Row};
use crate::store::Store;
use crate::Shared;

/// Whether `name` is a service's `move` (the eras' contracts say which ones they have).
pub fn handles(name: &str) -> bool {
    name.split_once('.')
        .is_some_and(|(router, p)| p == "move" && Kind::from_router(router).is_some())
}

// ------------------------------------------------------------------ columns

// The tables' columns in v0.30.2's order, by their names in Postgres, as drizzle's failed-query
// message lists them: the application's `previewCertificateType` is `certificateType`, MySQL's
// and MariaDB's `databaseRootPassword` `rootPassword`, Redis's `databasePassword` `password`.

const APPLICATION_COLUMNS: &str = "applicationId name appName description env previewEnv \
    watchPaths previewBuildArgs previewBuildSecrets previewLabels previewWildcard previewPort \
    previewHttps previewPath certificateType previewCustomCertResolver previewLimit \
    isPreviewDeploymentsActive previewRequireCollaboratorPermissions rollbackActive buildArgs \
    buildSecrets memoryReservation memoryLimit cpuReservation cpuLimit title enabled subtitle \
    command args icon refreshToken sourceType cleanCache repository owner branch buildPath \
    triggerType autoDeploy gitlabProjectId gitlabRepository gitlabOwner gitlabBranch \
    gitlabBuildPath gitlabPathNamespace giteaRepository giteaOwner giteaBranch giteaBuildPath \
    bitbucketRepository bitbucketRepositorySlug bitbucketOwner bitbucketBranch \
    bitbucketBuildPath username password dockerImage registryUrl customGitUrl customGitBranch \
    customGitBuildPath customGitSSHKeyId enableSubmodules dockerfile dockerContextPath \
    dockerBuildStage dropBuildPath healthCheckSwarm restartPolicySwarm placementSwarm \
    updateConfigSwarm rollbackConfigSwarm modeSwarm labelsSwarm networkSwarm \
    stopGracePeriodSwarm endpointSpecSwarm ulimitsSwarm replicas applicationStatus buildType \
    railpackVersion herokuVersion publishDirectory isStaticSpa createEnvFile createdAt \
    registryId rollbackRegistryId environmentId githubId gitlabId giteaId bitbucketId serverId \
    buildServerId buildRegistryId networkIds detachDokployNetwork";

const COMPOSE_COLUMNS: &str = "composeId name appName description env composeFile refreshToken \
    sourceType composeType repository owner branch autoDeploy gitlabProjectId gitlabRepository \
    gitlabOwner gitlabBranch gitlabPathNamespace bitbucketRepository bitbucketRepositorySlug \
    bitbucketOwner bitbucketBranch giteaRepository giteaOwner giteaBranch customGitUrl \
    customGitBranch customGitSSHKeyId command createEnvFile enableSubmodules composePath suffix \
    randomize isolatedDeployment isolatedDeploymentsVolume triggerType composeStatus icon \
    environmentId createdAt watchPaths githubId gitlabId bitbucketId giteaId serverId \
    serviceNetworks";

const POSTGRES_COLUMNS: &str = "postgresId name appName databaseName databaseUser \
    databasePassword description dockerImage command args env memoryReservation externalPort \
    memoryLimit cpuReservation cpuLimit applicationStatus healthCheckSwarm restartPolicySwarm \
    placementSwarm updateConfigSwarm rollbackConfigSwarm modeSwarm labelsSwarm networkSwarm \
    stopGracePeriodSwarm endpointSpecSwarm ulimitsSwarm replicas createdAt environmentId \
    serverId networkIds detachDokployNetwork";

const MYSQL_COLUMNS: &str = "mysqlId name appName description databaseName databaseUser \
    databasePassword rootPassword dockerImage command args env memoryReservation memoryLimit \
    cpuReservation cpuLimit externalPort applicationStatus healthCheckSwarm restartPolicySwarm \
    placementSwarm updateConfigSwarm rollbackConfigSwarm modeSwarm labelsSwarm networkSwarm \
    stopGracePeriodSwarm endpointSpecSwarm ulimitsSwarm replicas createdAt environmentId \
    serverId networkIds detachDokployNetwork";

const MARIADB_COLUMNS: &str = "mariadbId name appName description databaseName databaseUser \
    databasePassword rootPassword dockerImage command args env memoryReservation memoryLimit \
    cpuReservation cpuLimit externalPort applicationStatus healthCheckSwarm restartPolicySwarm \
    placementSwarm updateConfigSwarm rollbackConfigSwarm modeSwarm labelsSwarm networkSwarm \
    stopGracePeriodSwarm endpointSpecSwarm ulimitsSwarm replicas createdAt environmentId \
    serverId networkIds detachDokployNetwork";

const MONGO_COLUMNS: &str = "mongoId name appName description databaseUser databasePassword \
    dockerImage command args env memoryReservation memoryLimit cpuReservation cpuLimit \
    externalPort applicationStatus healthCheckSwarm restartPolicySwarm placementSwarm \
    updateConfigSwarm rollbackConfigSwarm modeSwarm labelsSwarm networkSwarm \
    stopGracePeriodSwarm endpointSpecSwarm ulimitsSwarm replicas createdAt environmentId \
    serverId replicaSets networkIds detachDokployNetwork";

const REDIS_COLUMNS: &str = "redisId name appName description password dockerImage command \
    args env memoryReservation memoryLimit cpuReservation cpuLimit externalPort createdAt \
    applicationStatus healthCheckSwarm restartPolicySwarm placementSwarm updateConfigSwarm \
    rollbackConfigSwarm modeSwarm labelsSwarm networkSwarm stopGracePeriodSwarm \
    endpointSpecSwarm ulimitsSwarm replicas environmentId serverId networkIds \
    detachDokployNetwork";

const LIBSQL_COLUMNS: &str = "libsqlId name appName description databaseUser databasePassword \
    sqldNode sqldPrimaryUrl enableNamespaces dockerImage command env memoryReservation \
    memoryLimit cpuReservation cpuLimit externalPort externalGRPCPort externalAdminPort \
    applicationStatus healthCheckSwarm restartPolicySwarm placementSwarm updateConfigSwarm \
    rollbackConfigSwarm modeSwarm labelsSwarm networkSwarm stopGracePeriodSwarm \
    endpointSpecSwarm replicas networkIds detachDokployNetwork createdAt environmentId serverId";

/// The table of `kind` and its columns (v0.30.2).
pub(crate) fn table(kind: Kind) -> (&'static str, Vec<&'static str>) {
    let columns = match kind {
        Kind::Application => APPLICATION_COLUMNS,
        Kind::Compose => COMPOSE_COLUMNS,
        Kind::Postgres => POSTGRES_COLUMNS,
        Kind::Mysql => MYSQL_COLUMNS,
        Kind::Mariadb => MARIADB_COLUMNS,
        Kind::Mongo => MONGO_COLUMNS,
        Kind::Redis => REDIS_COLUMNS,
        Kind::Libsql => LIBSQL_COLUMNS,
    };
    (kind.router(), columns.split_whitespace().collect())
}

// ------------------------------------------------------------------ procedures

/// Answers `name` (`<kind>.move`) as `era` does.
pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let kind = name
        .split_once('.')
        .and_then(|(router, _)| Kind::from_router(router))
        .ok_or_else(ApiError::no_procedure)?;
    let id = input_str(input, kind.id_key());
    let mut st = shared.lock();
    let st = &mut *st;
    check_service(st, caller, &id, Action::Create)?;
    match era {
        Era::V0_30_2 => {
            let target = input_str(input, "targetEnvironmentId");
            to_environment(st, kind, &id, &target).map(Reply::Json)
        }
        Era::V0_24_12 => {
            let target = input_str(input, "targetProjectId");
            to_project(st, era, kind, &id, &target).map(Reply::Json)
        }
        Era::V0_18_4 => Err(ApiError::no_procedure()),
    }
}

/// v0.30.2: the update of the service's `environmentId`, answering the updated row.
fn to_environment(st: &mut Store, kind: Kind, id: &str, target: &str) -> Result<Value, ApiError> {
    if st.service(kind, id).is_none() {
        return Err(ApiError::internal(format!(
            "Failed to move {}",
            kind.router()
        )));
    }
    if !st.environments.contains_key(target) {
        let (table, columns) = table(kind);
        let set: Row = [("environmentId".to_string(), json!(target))]
            .into_iter()
            .collect();
        return Err(ApiError::internal(failed_update(
            table,
            &columns,
            &set,
            kind.id_key(),
            id,
        )));
    }
    st.move_service(id, target);
    let row = st.service(kind, id).map(|svc| svc.row.clone());
    Ok(Value::Object(row.unwrap_or_default()))
}

/// v0.24.12: the service to the target project (its default environment), answering the updated
/// row in the era's columns.
fn to_project(
    st: &mut Store,
    era: Era,
    kind: Kind,
    id: &str,
    target: &str,
) -> Result<Value, ApiError> {
    let svc = st
        .service(kind, id)
        .ok_or_else(|| ApiError::not_found(format!("{} not found", kind.label())))?;
    let not_found = || ApiError::not_found("Project not found");
    let project = st.projects.get(target).ok_or_else(not_found)?;
    let current = st
        .environments
        .get(&s(&svc.row, "environmentId"))
        .map(|e| s(&e.row, "projectId"))
        .unwrap_or_default();
    if current != target {
        // The environment the era's `create` puts a service in.
        let environment = project.env_ids.first().cloned().ok_or_else(not_found)?;
        st.move_service(id, &environment);
    }
    let svc = st.service(kind, id).ok_or_else(not_found)?;
    Ok(Value::Object(crate::legacy::service_row(
        st, era, kind, &svc.row,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::ALL_KINDS;
    use crate::store::{seeded, SeedOptions};
    use std::collections::BTreeSet;

    /// The columns of each table are the keys of the sandbox's rows of that kind (by their names
    /// in the API).
    #[test]
    fn columns_are_the_rows_keys() {
        let st = seeded(&SeedOptions::default(), "k");
        for kind in ALL_KINDS {
            let svc = st
                .services
                .values()
                .find(|svc| svc.kind == kind)
                .expect("a seeded service of each kind");
            let keys: BTreeSet<&str> = svc.row.keys().map(String::as_str).collect();
            let columns: BTreeSet<&str> = table(kind)
                .1
                .into_iter()
                .map(|c| match (kind, c) {
                    (Kind::Application, "certificateType") => "previewCertificateType",
                    (Kind::Mysql | Kind::Mariadb, "rootPassword") => "databaseRootPassword",
                    (Kind::Redis, "password") => "databasePassword",
                    (_, c) => c,
                })
                .collect();
            assert_eq!(keys, columns, "{}", kind.router());
        }
    }
}
