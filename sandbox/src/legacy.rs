//! The 2024 API (Dokploy v0.18.4), for `--legacy`: `Authorization: Bearer TOKEN`, flat
//! projects with `adminId` and the services on the project, zod v3 error issues, error bodies
//! without `data`, and `auth.get` / `auth.generateToken`.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::api::{self, ApiError, Caller, Reply};
use crate::kind::Kind;
use crate::shapes::{s, Row};
use crate::store::Store;
use crate::validate::{Procedure, Ty};
use crate::Shared;

/// Kinds the 2024 API knows (no libsql yet).
const LEGACY_KINDS: [Kind; 7] = [
    Kind::Application,
    Kind::Mariadb,
    Kind::Mongo,
    Kind::Mysql,
    Kind::Postgres,
    Kind::Redis,
    Kind::Compose,
];

const APPLICATION_KEYS: &[&str] = &[
    "applicationId",
    "name",
    "appName",
    "description",
    "env",
    "previewEnv",
    "previewBuildArgs",
    "previewWildcard",
    "previewPort",
    "previewHttps",
    "previewPath",
    "previewCertificateType",
    "previewLimit",
    "isPreviewDeploymentsActive",
    "buildArgs",
    "memoryReservation",
    "memoryLimit",
    "cpuReservation",
    "cpuLimit",
    "title",
    "enabled",
    "subtitle",
    "command",
    "refreshToken",
    "sourceType",
    "repository",
    "owner",
    "branch",
    "buildPath",
    "autoDeploy",
    "gitlabProjectId",
    "gitlabRepository",
    "gitlabOwner",
    "gitlabBranch",
    "gitlabBuildPath",
    "gitlabPathNamespace",
    "bitbucketRepository",
    "bitbucketOwner",
    "bitbucketBranch",
    "bitbucketBuildPath",
    "username",
    "password",
    "dockerImage",
    "registryUrl",
    "customGitUrl",
    "customGitBranch",
    "customGitBuildPath",
    "customGitSSHKeyId",
    "dockerfile",
    "dockerContextPath",
    "dockerBuildStage",
    "dropBuildPath",
    "healthCheckSwarm",
    "restartPolicySwarm",
    "placementSwarm",
    "updateConfigSwarm",
    "rollbackConfigSwarm",
    "modeSwarm",
    "labelsSwarm",
    "networkSwarm",
    "replicas",
    "applicationStatus",
    "buildType",
    "herokuVersion",
    "publishDirectory",
    "createdAt",
    "registryId",
    "projectId",
    "githubId",
    "gitlabId",
    "bitbucketId",
    "serverId",
];

const COMPOSE_KEYS: &[&str] = &[
    "composeId",
    "name",
    "appName",
    "description",
    "env",
    "composeFile",
    "refreshToken",
    "sourceType",
    "composeType",
    "repository",
    "owner",
    "branch",
    "autoDeploy",
    "gitlabProjectId",
    "gitlabRepository",
    "gitlabOwner",
    "gitlabBranch",
    "gitlabPathNamespace",
    "bitbucketRepository",
    "bitbucketOwner",
    "bitbucketBranch",
    "customGitUrl",
    "customGitBranch",
    "customGitSSHKeyId",
    "command",
    "composePath",
    "suffix",
    "randomize",
    "isolatedDeployment",
    "composeStatus",
    "projectId",
    "createdAt",
    "githubId",
    "gitlabId",
    "bitbucketId",
    "serverId",
];

const POSTGRES_KEYS: &[&str] = &[
    "postgresId",
    "name",
    "appName",
    "databaseName",
    "databaseUser",
    "databasePassword",
    "description",
    "dockerImage",
    "command",
    "env",
    "memoryReservation",
    "externalPort",
    "memoryLimit",
    "cpuReservation",
    "cpuLimit",
    "applicationStatus",
    "createdAt",
    "projectId",
    "serverId",
];

const MYSQL_KEYS: &[&str] = &[
    "mysqlId",
    "name",
    "appName",
    "description",
    "databaseName",
    "databaseUser",
    "databasePassword",
    "databaseRootPassword",
    "dockerImage",
    "command",
    "env",
    "memoryReservation",
    "memoryLimit",
    "cpuReservation",
    "cpuLimit",
    "externalPort",
    "applicationStatus",
    "createdAt",
    "projectId",
    "serverId",
];

const MARIADB_KEYS: &[&str] = &[
    "mariadbId",
    "name",
    "appName",
    "description",
    "databaseName",
    "databaseUser",
    "databasePassword",
    "databaseRootPassword",
    "dockerImage",
    "command",
    "env",
    "memoryReservation",
    "memoryLimit",
    "cpuReservation",
    "cpuLimit",
    "externalPort",
    "applicationStatus",
    "createdAt",
    "projectId",
    "serverId",
];

const MONGO_KEYS: &[&str] = &[
    "mongoId",
    "name",
    "appName",
    "description",
    "databaseUser",
    "databasePassword",
    "dockerImage",
    "command",
    "env",
    "memoryReservation",
    "memoryLimit",
    "cpuReservation",
    "cpuLimit",
    "externalPort",
    "applicationStatus",
    "createdAt",
    "projectId",
    "serverId",
    "replicaSets",
];

const REDIS_KEYS: &[&str] = &[
    "redisId",
    "name",
    "appName",
    "description",
    "databasePassword",
    "dockerImage",
    "command",
    "env",
    "memoryReservation",
    "memoryLimit",
    "cpuReservation",
    "cpuLimit",
    "externalPort",
    "createdAt",
    "applicationStatus",
    "projectId",
    "serverId",
];

const DEPLOYMENT_KEYS: &[&str] = &[
    "deploymentId",
    "title",
    "description",
    "status",
    "logPath",
    "applicationId",
    "composeId",
    "serverId",
    "isPreviewDeployment",
    "previewDeploymentId",
    "createdAt",
    "errorMessage",
];

const MOUNT_KEYS: &[&str] = &[
    "mountId",
    "type",
    "hostPath",
    "volumeName",
    "filePath",
    "content",
    "serviceType",
    "mountPath",
    "applicationId",
    "postgresId",
    "mariadbId",
    "mongoId",
    "mysqlId",
    "redisId",
    "composeId",
];

const DOMAIN_KEYS: &[&str] = &[
    "domainId",
    "host",
    "https",
    "port",
    "path",
    "serviceName",
    "domainType",
    "uniqueConfigKey",
    "createdAt",
    "composeId",
    "applicationId",
    "previewDeploymentId",
    "certificateType",
];

fn keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Application => APPLICATION_KEYS,
        Kind::Compose => COMPOSE_KEYS,
        Kind::Postgres => POSTGRES_KEYS,
        Kind::Mysql => MYSQL_KEYS,
        Kind::Mariadb => MARIADB_KEYS,
        Kind::Mongo => MONGO_KEYS,
        _ => REDIS_KEYS,
    }
}

fn pick(row: &Row, keys: &[&str]) -> Row {
    keys.iter()
        .map(|k| {
            (
                (*k).to_string(),
                row.get(*k).cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

pub fn find(name: &str) -> Option<&'static Procedure> {
    crate::spec::LEGACY_PROCEDURES
        .iter()
        .find(|p| p.name == name)
}

fn received(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Input validation with zod v3's issues (`"message": "Required"`).
pub fn validate(p: &Procedure, input: &Value) -> Vec<Value> {
    let mut issues = Vec::new();
    let empty = serde_json::Map::new();
    let obj = input.as_object().unwrap_or(&empty);
    for f in p.fields {
        let expected = match f.ty {
            Ty::Str => "string",
            Ty::Num | Ty::Int => "number",
            Ty::Bool => "boolean",
            Ty::Arr => "array",
            Ty::Obj => "object",
            Ty::Any => continue,
        };
        match obj.get(f.name) {
            None if f.required => issues.push(json!({
                "code": "invalid_type", "expected": expected, "received": "undefined",
                "path": [f.name], "message": "Required",
            })),
            None => {}
            Some(Value::Null) if f.nullable => {}
            Some(v) => {
                let ok = match f.ty {
                    Ty::Str => v.is_string(),
                    Ty::Num | Ty::Int => v.is_number(),
                    Ty::Bool => v.is_boolean(),
                    Ty::Arr => v.is_array(),
                    Ty::Obj => v.is_object(),
                    Ty::Any => true,
                };
                if !ok {
                    let got = received(v);
                    issues.push(json!({
                        "code": "invalid_type", "expected": expected, "received": got,
                        "path": [f.name], "message": format!("Expected {expected}, received {got}"),
                    }));
                } else if let (Some(min), Some(s)) = (f.min_len, v.as_str()) {
                    if s.chars().count() < min {
                        issues.push(json!({
                            "code": "too_small", "minimum": min, "type": "string",
                            "inclusive": true, "exact": false,
                            "message": format!("String must contain at least {min} character(s)"),
                            "path": [f.name],
                        }));
                    }
                }
            }
        }
    }
    issues
}

fn admin_id(st: &Store) -> String {
    s(&st.owner().row, "id")
}

fn project_row(st: &Store, row: &Row) -> Row {
    let mut out = pick(row, &["projectId", "name", "description", "createdAt"]);
    out.insert("adminId".into(), json!(admin_id(st)));
    out.insert("env".into(), row.get("env").cloned().unwrap_or(json!("")));
    out
}

fn project_id_of(st: &Store, row: &Row) -> String {
    st.environments
        .get(&s(row, "environmentId"))
        .map(|e| s(&e.row, "projectId"))
        .unwrap_or_default()
}

/// A service row as the 2024 API has it (`projectId` instead of `environmentId`).
pub(crate) fn service_row(st: &Store, kind: Kind, row: &Row) -> Row {
    let mut out = pick(row, keys(kind));
    out.insert("projectId".into(), json!(project_id_of(st, row)));
    out
}

fn domains(st: &Store, kind: Kind, id: &str) -> Value {
    Value::Array(
        crate::views::domains_of(st, kind, id)
            .iter()
            .filter_map(Value::as_object)
            .map(|d| Value::Object(pick(d, DOMAIN_KEYS)))
            .collect(),
    )
}

fn deployments(st: &Store, id: &str) -> Value {
    Value::Array(
        crate::views::deployments_of(st, id)
            .iter()
            .filter_map(Value::as_object)
            .map(|d| Value::Object(pick(d, DEPLOYMENT_KEYS)))
            .collect(),
    )
}

fn mounts(st: &Store, kind: Kind, id: &str) -> Value {
    Value::Array(
        crate::views::mounts_of(st, kind, id)
            .iter()
            .filter_map(Value::as_object)
            .map(|m| Value::Object(pick(m, MOUNT_KEYS)))
            .collect(),
    )
}

fn project_services(st: &Store, pid: &str, with_domains: bool) -> Option<Row> {
    let p = st.projects.get(pid)?;
    let mut out = project_row(st, &p.row);
    for kind in LEGACY_KINDS {
        let list: Vec<Value> = p
            .env_ids
            .iter()
            .filter_map(|e| st.environments.get(e))
            .flat_map(|e| e.service_ids.iter())
            .filter_map(|sid| st.services.get(sid).map(|svc| (sid, svc)))
            .filter(|(_, svc)| svc.kind == kind)
            .map(|(sid, svc)| {
                let mut r = service_row(st, kind, &svc.row);
                if with_domains && matches!(kind, Kind::Application | Kind::Compose) {
                    r.insert("domains".into(), domains(st, kind, sid));
                }
                Value::Object(r)
            })
            .collect();
        out.insert(kind.list_key().into(), Value::Array(list));
    }
    Some(out)
}

/// `project.all` of the 2024 API: services (full rows) directly on each project.
pub fn project_all(st: &Store) -> Value {
    Value::Array(
        st.project_order
            .iter()
            .filter_map(|pid| project_services(st, pid, true))
            .map(Value::Object)
            .collect(),
    )
}

fn service_one(st: &Store, kind: Kind, id: &str) -> Option<Value> {
    let svc = st.service(kind, id)?;
    let mut out = service_row(st, kind, &svc.row);
    let project = st
        .projects
        .get(&project_id_of(st, &svc.row))
        .map(|p| Value::Object(project_row(st, &p.row)))
        .unwrap_or(Value::Null);
    out.insert("project".into(), project);
    out.insert("mounts".into(), mounts(st, kind, id));
    out.insert("server".into(), Value::Null);
    match kind {
        Kind::Application => {
            out.insert("domains".into(), domains(st, kind, id));
            out.insert("deployments".into(), deployments(st, id));
            for k in ["redirects", "security", "ports", "previewDeployments"] {
                out.insert(k.into(), json!([]));
            }
            for k in ["registry", "gitlab", "github", "bitbucket"] {
                out.insert(k.into(), Value::Null);
            }
        }
        Kind::Compose => {
            out.insert("domains".into(), domains(st, kind, id));
            out.insert("deployments".into(), deployments(st, id));
            for k in ["github", "gitlab", "bitbucket"] {
                out.insert(k.into(), Value::Null);
            }
        }
        Kind::Redis => {}
        _ => {
            out.insert(
                "backups".into(),
                crate::backups::legacy_service_backups(st, kind, id),
            );
        }
    }
    Some(Value::Object(out))
}

fn default_environment(st: &Store, pid: &str) -> Option<String> {
    st.projects
        .get(pid)
        .and_then(|p| p.env_ids.first().cloned())
}

fn input_str(input: &Value, key: &str) -> String {
    input
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let (router, procedure) = name.split_once('.').unwrap_or((name, ""));
    let json = |v: Value| Ok(Reply::Json(v));
    if let Some(kind) = Kind::from_router(router) {
        let id = input_str(input, kind.id_key());
        let nf = format!("{} not found", kind.label());
        return match procedure {
            "one" => {
                let st = shared.lock();
                json(service_one(&st, kind, &id).ok_or_else(|| ApiError::not_found(nf))?)
            }
            "create" => {
                let pid = input_str(input, "projectId");
                let env = {
                    let st = shared.lock();
                    default_environment(&st, &pid)
                }
                .ok_or_else(|| ApiError::not_found("Project not found"))?;
                let mut modern = input.clone();
                modern["environmentId"] = json!(env);
                let reply = api::call(shared, name, &modern, caller)?;
                if kind.is_database() {
                    return json(json!(true));
                }
                let new_id = match &reply {
                    Reply::Json(v) => v
                        .get(kind.id_key())
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    _ => String::new(),
                };
                let st = shared.lock();
                let svc = st
                    .service(kind, &new_id)
                    .ok_or_else(|| ApiError::not_found(nf))?;
                json(Value::Object(service_row(&st, kind, &svc.row)))
            }
            "deploy" | "redeploy" => {
                api::call(shared, name, input, caller)?;
                Ok(Reply::Void)
            }
            "start" | "stop" | "update" => {
                api::call(shared, name, input, caller)?;
                let st = shared.lock();
                let svc = st
                    .service(kind, &id)
                    .ok_or_else(|| ApiError::not_found(nf))?;
                json(Value::Object(service_row(&st, kind, &svc.row)))
            }
            // Not recorded from a 2024 server: the current implementation answers (Skiff reads
            // none of these answers).
            "saveDockerProvider" | "delete" | "remove" | "reload" | "saveEnvironment"
            | "saveBuildType" | "saveExternalPort" | "loadServices" => {
                api::call(shared, name, input, caller)
            }
            _ => Err(ApiError::no_procedure()),
        };
    }
    // Destinations and database backups (schedules, volume backups and runs came later: their
    // procedures are not in the 2024 contract and answer 404 before getting here).
    if matches!(name.split_once('.'), Some(("destination" | "backup", _))) {
        return crate::backups::call(shared, name, input, caller, true);
    }
    if let Some(("domain", procedure)) = name.split_once('.') {
        return match procedure {
            "byApplicationId" | "byComposeId" => {
                let (kind, key) = if procedure == "byApplicationId" {
                    (Kind::Application, "applicationId")
                } else {
                    (Kind::Compose, "composeId")
                };
                let st = shared.lock();
                json(domains(&st, kind, &input_str(input, key)))
            }
            _ => api::call(shared, name, input, caller),
        };
    }
    match name {
        "settings.getDokployVersion" => json(json!("v0.18.4")),
        "settings.health" => json(json!({"status": "ok"})),
        "user.all" => json(json!([])),
        "project.all" => {
            let st = shared.lock();
            Ok(Reply::Raw(shared.project_all_cached(&st)))
        }
        "project.one" => {
            let st = shared.lock();
            let p = project_services(&st, &input_str(input, "projectId"), false)
                .ok_or_else(|| ApiError::not_found("Project not found"))?;
            json(Value::Object(p))
        }
        "project.create" => {
            let reply = api::call(shared, name, input, caller)?;
            let pid = match &reply {
                Reply::Json(v) => v["project"]["projectId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                _ => String::new(),
            };
            let st = shared.lock();
            let p = st
                .projects
                .get(&pid)
                .ok_or_else(|| ApiError::not_found("Project not found"))?;
            json(Value::Object(project_row(&st, &p.row)))
        }
        "project.update" => {
            api::call(shared, name, input, caller)?;
            let st = shared.lock();
            let p = st
                .projects
                .get(&input_str(input, "projectId"))
                .ok_or_else(|| ApiError::not_found("Project not found"))?;
            json(Value::Object(project_row(&st, &p.row)))
        }
        "project.remove" => {
            let mut st = shared.lock();
            let p = st
                .remove_project(&input_str(input, "projectId"))
                .ok_or_else(|| ApiError::not_found("Project not found"))?;
            crate::store::refresh_owner_access(&mut st);
            json(Value::Object(project_row(&st, &p.row)))
        }
        "deployment.all" | "deployment.allByCompose" => {
            let (kind, key) = if name == "deployment.all" {
                (Kind::Application, "applicationId")
            } else {
                (Kind::Compose, "composeId")
            };
            let st = shared.lock();
            let id = input_str(input, key);
            if st.service(kind, &id).is_none() {
                return Err(ApiError::not_found(format!("{} not found", kind.label())));
            }
            json(deployments(&st, &id))
        }
        "auth.get" => {
            let st = shared.lock();
            let mut row = st.legacy.admin_row.clone();
            row.insert("token".into(), json!(st.legacy.token));
            json(Value::Object(row))
        }
        "auth.generateToken" => {
            let mut st = shared.lock();
            let mut before = st.legacy.admin_row.clone();
            before.insert("token".into(), json!(st.legacy.token));
            let token = crate::util::alnum_from(&mut st.rng, 48);
            st.legacy.token = Some(token);
            json(Value::Object(before))
        }
        _ => Err(ApiError::no_procedure()),
    }
}
