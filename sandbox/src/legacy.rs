//! The APIs before environments: `--era v0.24.12` and `--legacy` (`--era v0.18.4`). Projects hold
//! their services directly (full rows, each with its `projectId`; `project.all`'s applications and
//! compose services with their domains), `*.one` nests `project` instead of `environment`, input
//! issues are zod v3's and error bodies carry no `data`. v0.18.4 authenticates with a bearer token
//! (`auth.get` / `auth.generateToken`) and names the admin (`adminId`); v0.24.12 takes `x-api-key`,
//! names the organization and has users, keys, organizations, backups, schedules and volume
//! backups in its own columns. Answers are the current implementation's (api.rs, backups.rs),
//! projected onto each era's columns (v0.18.4's, plus what v0.24.12 added).

use std::sync::Arc;

use serde_json::{json, Value};

use crate::api::{self, ApiError, Caller, Reply};
use crate::era::Era;
use crate::kind::Kind;
use crate::shapes::{s, Row};
use crate::store::{Member, Store};
use crate::validate::{Procedure, Ty};
use crate::views::Access;
use crate::Shared;

/// Kinds the APIs before environments know (no libsql yet).
pub(crate) const FLAT_KINDS: [Kind; 7] = [
    Kind::Application,
    Kind::Mariadb,
    Kind::Mongo,
    Kind::Mysql,
    Kind::Postgres,
    Kind::Redis,
    Kind::Compose,
];

// ------------------------------------------------------------------ columns: v0.18.4's

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

pub(crate) const MOUNT_KEYS: &[&str] = &[
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

// ------------------------------------------------------------------ columns v0.24.12 added

const APPLICATION_KEYS_V0_24: &[&str] = &[
    "watchPaths",
    "previewCustomCertResolver",
    "previewRequireCollaboratorPermissions",
    "rollbackActive",
    "cleanCache",
    "triggerType",
    "giteaRepository",
    "giteaOwner",
    "giteaBranch",
    "giteaBuildPath",
    "enableSubmodules",
    "railpackVersion",
    "isStaticSpa",
    "giteaId",
];

const COMPOSE_KEYS_V0_24: &[&str] = &[
    "giteaRepository",
    "giteaOwner",
    "giteaBranch",
    "enableSubmodules",
    "isolatedDeploymentsVolume",
    "triggerType",
    "watchPaths",
    "giteaId",
];

/// Every database's swarm settings.
const DATABASE_KEYS_V0_24: &[&str] = &[
    "healthCheckSwarm",
    "restartPolicySwarm",
    "placementSwarm",
    "updateConfigSwarm",
    "rollbackConfigSwarm",
    "modeSwarm",
    "labelsSwarm",
    "networkSwarm",
    "replicas",
];

const DEPLOYMENT_KEYS_V0_24: &[&str] = &[
    "pid",
    "startedAt",
    "finishedAt",
    "scheduleId",
    "backupId",
    "rollbackId",
    "volumeBackupId",
];

const DOMAIN_KEYS_V0_24: &[&str] = &["customCertResolver", "internalPath", "stripPath"];

const PROJECT_KEYS_V0_24: &[&str] = &[
    "projectId",
    "name",
    "description",
    "createdAt",
    "organizationId",
    "env",
];

/// The `member` table of v0.24.12 (no environments, git providers or servers to grant).
const MEMBER_KEYS_V0_24: &[&str] = &[
    "id",
    "organizationId",
    "userId",
    "role",
    "createdAt",
    "teamId",
    "canCreateProjects",
    "canAccessToSSHKeys",
    "canCreateServices",
    "canDeleteProjects",
    "canDeleteServices",
    "canAccessToDocker",
    "canAccessToAPI",
    "canAccessToGitProviders",
    "canAccessToTraefikFiles",
    "accessedProjects",
    "accessedServices",
];

/// The `user` columns v0.24.12 shares with v0.30.2 (it has `name` where v0.30.2 has
/// `firstName` and `lastName`, and the server's settings, see `user_v0_24`).
const USER_KEYS_V0_24: &[&str] = &[
    "id",
    "isRegistered",
    "expirationDate",
    "createdAt2",
    "createdAt",
    "twoFactorEnabled",
    "email",
    "emailVerified",
    "image",
    "banned",
    "banReason",
    "banExpires",
    "updatedAt",
    "role",
    "enablePaidFeatures",
    "allowImpersonation",
    "stripeCustomerId",
    "stripeSubscriptionId",
    "serversQuantity",
];

/// The `apikey` table of v0.24.12 (`userId` where v0.30.2 has `referenceId`, no `configId`).
const API_KEY_KEYS_V0_24: &[&str] = &[
    "id",
    "name",
    "start",
    "prefix",
    "key",
    "refillInterval",
    "refillAmount",
    "lastRefillAt",
    "enabled",
    "rateLimitEnabled",
    "rateLimitTimeWindow",
    "rateLimitMax",
    "requestCount",
    "remaining",
    "lastRequest",
    "expiresAt",
    "createdAt",
    "updatedAt",
    "permissions",
    "metadata",
];

const ORGANIZATION_KEYS_V0_24: &[&str] = &[
    "id",
    "name",
    "slug",
    "logo",
    "createdAt",
    "metadata",
    "ownerId",
];

/// A row's columns in `era`: v0.18.4's, and for v0.24.12 also what it added.
fn columns(
    era: Era,
    base: &'static [&'static str],
    added: &'static [&'static str],
) -> impl Iterator<Item = &'static str> {
    let added: &'static [&'static str] = if era == Era::V0_24_12 { added } else { &[] };
    base.iter().chain(added).copied()
}

fn keys(era: Era, kind: Kind) -> impl Iterator<Item = &'static str> {
    let (base, added) = match kind {
        Kind::Application => (APPLICATION_KEYS, APPLICATION_KEYS_V0_24),
        Kind::Compose => (COMPOSE_KEYS, COMPOSE_KEYS_V0_24),
        Kind::Postgres => (POSTGRES_KEYS, DATABASE_KEYS_V0_24),
        Kind::Mysql => (MYSQL_KEYS, DATABASE_KEYS_V0_24),
        Kind::Mariadb => (MARIADB_KEYS, DATABASE_KEYS_V0_24),
        Kind::Mongo => (MONGO_KEYS, DATABASE_KEYS_V0_24),
        _ => (REDIS_KEYS, DATABASE_KEYS_V0_24),
    };
    columns(era, base, added)
}

/// The row's `keys` (null where it lacks one).
pub(crate) fn pick<'a>(row: &Row, keys: impl IntoIterator<Item = &'a str>) -> Row {
    keys.into_iter()
        .map(|k| (k.to_string(), row.get(k).cloned().unwrap_or(Value::Null)))
        .collect()
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

/// Input validation with zod v3's issues (`"message": "Required"`): types, string lengths,
/// enums and number bounds, and `era`'s swarm settings below the top level.
pub fn validate(era: Era, p: &Procedure, input: &Value) -> Vec<Value> {
    let mut issues = Vec::new();
    let empty = serde_json::Map::new();
    let obj = input.as_object().unwrap_or(&empty);
    for f in p.fields {
        let options: Vec<String> = f.enumeration.iter().map(|e| format!("'{e}'")).collect();
        let options = options.join(" | ");
        let expected = match f.ty {
            _ if !f.enumeration.is_empty() => options.as_str(),
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
                // A swarm setting is checked below the top level too.
                if let Some(z) = crate::swarm::nested(era, f.name) {
                    crate::swarm::check(crate::swarm::Zod::V3, z, v, &[json!(f.name)], &mut issues);
                    continue;
                }
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
                    continue;
                }
                if let Some(text) = v.as_str() {
                    if !f.enumeration.is_empty() {
                        if !f.enumeration.contains(&text) {
                            issues.push(json!({
                                "received": text, "code": "invalid_enum_value",
                                "options": f.enumeration, "path": [f.name],
                                "message": format!("Invalid enum value. Expected {options}, received '{text}'"),
                            }));
                        }
                    } else if let Some(min) = f.min_len.filter(|m| text.chars().count() < *m) {
                        issues.push(json!({
                            "code": "too_small", "minimum": min, "type": "string",
                            "inclusive": true, "exact": false,
                            "message": format!("String must contain at least {min} character(s)"),
                            "path": [f.name],
                        }));
                    }
                    // zod v3's `.regex(containerIdRegex, ...)` of the docker procedures (the
                    // other patterns of these eras are not checked).
                    let container = crate::validate::CONTAINER_PATTERN;
                    if f.pattern == Some(container)
                        && !crate::validate::pattern_matches(container, text)
                    {
                        issues.push(json!({
                            "validation": "regex", "code": "invalid_string",
                            "message": crate::validate::container_message(f.name),
                            "path": [f.name],
                        }));
                    }
                }
                if let Some(n) = v.as_f64() {
                    if let Some(min) = f.minimum.filter(|m| n < *m) {
                        issues.push(json!({
                            "code": "too_small", "minimum": min as i64, "type": "number",
                            "inclusive": true, "exact": false,
                            "message": format!("Number must be greater than or equal to {}", min as i64),
                            "path": [f.name],
                        }));
                    }
                    if let Some(max) = f.maximum.filter(|m| n > *m) {
                        issues.push(json!({
                            "code": "too_big", "maximum": max as i64, "type": "number",
                            "inclusive": true, "exact": false,
                            "message": format!("Number must be less than or equal to {}", max as i64),
                            "path": [f.name],
                        }));
                    }
                }
            }
        }
    }
    issues
}

// ------------------------------------------------------------------ rows of an era

fn admin_id(st: &Store) -> String {
    s(&st.owner().row, "id")
}

/// A project without its services: v0.18.4 names the admin, v0.24.12 the organization.
pub(crate) fn project_row(st: &Store, era: Era, row: &Row) -> Row {
    if era == Era::V0_24_12 {
        return pick(row, PROJECT_KEYS_V0_24.iter().copied());
    }
    let mut out = pick(row, ["projectId", "name", "description", "createdAt"]);
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

/// A service row as the era has it (`projectId` instead of `environmentId`).
pub(crate) fn service_row(st: &Store, era: Era, kind: Kind, row: &Row) -> Row {
    let mut out = pick(row, keys(era, kind));
    out.insert("projectId".into(), json!(project_id_of(st, row)));
    out
}

pub(crate) fn deployment_row(era: Era, d: &Row) -> Value {
    Value::Object(pick(
        d,
        columns(era, DEPLOYMENT_KEYS, DEPLOYMENT_KEYS_V0_24),
    ))
}

fn domain_row(era: Era, d: &Row) -> Value {
    Value::Object(pick(d, columns(era, DOMAIN_KEYS, DOMAIN_KEYS_V0_24)))
}

/// A domain in `era`'s columns (v0.30.2: the whole row).
pub(crate) fn domain_in(era: Era, d: &Row) -> Value {
    if era == Era::V0_30_2 {
        Value::Object(d.clone())
    } else {
        domain_row(era, d)
    }
}

fn domains(st: &Store, era: Era, kind: Kind, id: &str) -> Value {
    Value::Array(
        crate::views::domains_of(st, kind, id)
            .iter()
            .filter_map(Value::as_object)
            .map(|d| domain_row(era, d))
            .collect(),
    )
}

fn deployments(st: &Store, era: Era, id: &str) -> Value {
    Value::Array(
        crate::views::deployments_of(st, id)
            .iter()
            .filter_map(Value::as_object)
            .map(|d| deployment_row(era, d))
            .collect(),
    )
}

fn mounts(st: &Store, era: Era, kind: Kind, id: &str) -> Value {
    Value::Array(
        crate::views::mounts_of(st, kind, id)
            .iter()
            .filter_map(Value::as_object)
            .map(|m| crate::advanced::mount_in(era, m))
            .collect(),
    )
}

fn visible(access: &Access, id: &str) -> bool {
    access.as_ref().is_none_or(|a| a.contains(id))
}

/// A project with its services (those of its environments, which these eras do not show), of
/// the services `access` lets the caller see.
fn project_services(
    st: &Store,
    era: Era,
    pid: &str,
    with_domains: bool,
    access: &Access,
) -> Option<Row> {
    let p = st.projects.get(pid)?;
    let mut out = project_row(st, era, &p.row);
    for kind in FLAT_KINDS {
        let list: Vec<Value> = p
            .env_ids
            .iter()
            .filter_map(|e| st.environments.get(e))
            .flat_map(|e| e.service_ids.iter())
            .filter(|sid| visible(access, sid))
            .filter_map(|sid| st.services.get(sid).map(|svc| (sid, svc)))
            .filter(|(_, svc)| svc.kind == kind)
            .map(|(sid, svc)| {
                let mut r = service_row(st, era, kind, &svc.row);
                if with_domains && matches!(kind, Kind::Application | Kind::Compose) {
                    r.insert("domains".into(), domains(st, era, kind, sid));
                }
                Value::Object(r)
            })
            .collect();
        out.insert(kind.list_key().into(), Value::Array(list));
    }
    Some(out)
}

/// `project.all` before environments: the projects `projects` lets the caller see, with their
/// services (full rows) directly on each.
pub fn project_all(st: &Store, era: Era, projects: &Access, services: &Access) -> Value {
    Value::Array(
        st.project_order
            .iter()
            .filter(|pid| visible(projects, pid))
            .filter_map(|pid| project_services(st, era, pid, true, services))
            .map(Value::Object)
            .collect(),
    )
}

/// `K.one`: the row with its project and relations.
pub(crate) fn service_one(st: &Store, era: Era, kind: Kind, id: &str) -> Option<Value> {
    let svc = st.service(kind, id)?;
    let v24 = era == Era::V0_24_12;
    let mut out = service_row(st, era, kind, &svc.row);
    let project = st
        .projects
        .get(&project_id_of(st, &svc.row))
        .map(|p| Value::Object(project_row(st, era, &p.row)))
        .unwrap_or(Value::Null);
    out.insert("project".into(), project);
    out.insert("mounts".into(), mounts(st, era, kind, id));
    out.insert("server".into(), Value::Null);
    let git: &[&str] = match kind {
        Kind::Application => &["registry", "gitlab", "github", "bitbucket"],
        Kind::Compose => &["github", "gitlab", "bitbucket"],
        _ => &[],
    };
    for k in git.iter().chain(if v24 && !git.is_empty() {
        &["gitea", "unauthorizedProvider"][..]
    } else {
        &[]
    }) {
        out.insert((*k).into(), Value::Null);
    }
    if kind == Kind::Application {
        // `registry: true`: the whole row.
        let r = crate::rollbacks::registry_relation(st, &svc.row, "registryId", true);
        out.insert("registry".into(), r);
    }
    match kind {
        Kind::Application | Kind::Compose => {
            out.insert("domains".into(), domains(st, era, kind, id));
            out.insert("deployments".into(), deployments(st, era, id));
            if kind == Kind::Application {
                for (k, list) in crate::advanced::application_lists(st, era, id) {
                    out.insert(k.into(), list);
                }
                out.insert(
                    "previewDeployments".into(),
                    crate::previews::of_application(st, id),
                );
            }
            if v24 {
                out.insert("hasGitProviderAccess".into(), json!(true));
                if kind == Kind::Compose {
                    let backups = crate::backups::flat_service_backups(st, era, kind, id);
                    out.insert("backups".into(), backups);
                }
            }
        }
        Kind::Redis => {}
        _ => {
            let backups = crate::backups::flat_service_backups(st, era, kind, id);
            out.insert("backups".into(), backups);
        }
    }
    Some(Value::Object(out))
}

/// A v0.24.12 user: `name` for the first and last names, and the server's settings, which
/// lived on the owner's user then.
fn user_v0_24(user: &Row) -> Row {
    let mut out = pick(user, USER_KEYS_V0_24.iter().copied());
    let name = format!("{} {}", s(user, "firstName"), s(user, "lastName"));
    out.insert("name".into(), json!(name.trim()));
    let settings = json!({
        "serverIp": null,
        "certificateType": "none",
        "https": false,
        "host": null,
        "letsEncryptEmail": null,
        "sshPrivateKey": null,
        "enableDockerCleanup": false,
        "logCleanupCron": "0 0 * * *",
        "metricsConfig": {
            "server": {
                "port": 4500, "type": "Dokploy", "token": "", "cronJob": "",
                "thresholds": {"cpu": 0, "memory": 0}, "refreshRate": 60, "urlCallback": "",
                "retentionDays": 2,
            },
            "containers": {"services": {"exclude": [], "include": []}, "refreshRate": 60},
        },
        "cleanupCacheApplications": false,
        "cleanupCacheOnPreviews": false,
        "cleanupCacheOnCompose": false,
    });
    if let Value::Object(m) = settings {
        out.extend(m);
    }
    out
}

/// A v0.24.12 key row (`userId` where v0.30.2 has `referenceId`).
pub(crate) fn api_key_v0_24(row: &Row) -> Row {
    let mut out = pick(row, API_KEY_KEYS_V0_24.iter().copied());
    out.insert(
        "userId".into(),
        row.get("referenceId").cloned().unwrap_or(Value::Null),
    );
    out
}

/// The caller's keys as v0.24.12's relations list them: full rows, the key stored hashed.
fn stored_keys_v0_24(st: &Store, user_id: &str) -> Value {
    Value::Array(
        st.api_keys
            .iter()
            .filter(|k| k.user_id == user_id)
            .map(|k| {
                let mut row = api_key_v0_24(&k.row);
                row.insert("key".into(), json!(api::hashed_key(&k.key)));
                Value::Object(row)
            })
            .collect(),
    )
}

/// A membership with its user (`user.all`, `user.one`, `user.get`).
fn member_v0_24(m: &Member, user: Row) -> Value {
    let mut out = pick(&m.row, MEMBER_KEYS_V0_24.iter().copied());
    out.insert("user".into(), Value::Object(user));
    Value::Object(out)
}

pub(crate) fn organization_v0_24(org: &Row) -> Value {
    Value::Object(pick(org, ORGANIZATION_KEYS_V0_24.iter().copied()))
}

fn default_environment(st: &Store, pid: &str) -> Option<String> {
    st.projects
        .get(pid)
        .and_then(|p| p.env_ids.first().cloned())
}

fn input_str(input: &Value, key: &str) -> String {
    api::input_str(input, key)
}

/// The `Json` object of a reply, projected by `f` (other replies as they are).
fn project_reply(reply: Reply, f: impl FnOnce(&Row) -> Value) -> Reply {
    match reply {
        Reply::Json(Value::Object(row)) => Reply::Json(f(&row)),
        other => other,
    }
}

// ------------------------------------------------------------------ procedures

fn service_call(
    shared: &Arc<Shared>,
    era: Era,
    kind: Kind,
    name: &str,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let procedure = name.split_once('.').map_or("", |x| x.1);
    let id = input_str(input, kind.id_key());
    let nf = || ApiError::not_found(format!("{} not found", kind.label()));
    let json = |v: Value| Ok(Reply::Json(v));
    let v24 = era == Era::V0_24_12;
    match procedure {
        "one" => {
            let st = shared.lock();
            json(service_one(&st, era, kind, &id).ok_or_else(nf)?)
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
                Reply::Json(v) => input_str(v, kind.id_key()),
                _ => String::new(),
            };
            let st = shared.lock();
            let svc = st.service(kind, &new_id).ok_or_else(nf)?;
            json(Value::Object(service_row(&st, era, kind, &svc.row)))
        }
        "deploy" | "redeploy" => {
            api::call(shared, name, input, caller)?;
            Ok(Reply::Void)
        }
        "rebuild" => {
            api::call(shared, name, input, caller)?;
            json(json!(true))
        }
        // v0.24.12 answers the service as it found it before the change (its `one` without the
        // git provider's access), a compose service `true`.
        "start" | "stop" | "saveExternalPort" if v24 => {
            let before = if kind == Kind::Compose {
                None
            } else {
                let st = shared.lock();
                Some(service_one(&st, era, kind, &id).ok_or_else(nf)?)
            };
            api::call(shared, name, input, caller)?;
            match before {
                Some(Value::Object(mut v)) => {
                    v.remove("hasGitProviderAccess");
                    v.remove("unauthorizedProvider");
                    json(Value::Object(v))
                }
                _ => json(json!(true)),
            }
        }
        "update" if v24 && kind != Kind::Compose => {
            api::call(shared, name, input, caller)?;
            json(json!(true))
        }
        "start" | "stop" | "update" => {
            api::call(shared, name, input, caller)?;
            let st = shared.lock();
            let svc = st.service(kind, &id).ok_or_else(nf)?;
            json(Value::Object(service_row(&st, era, kind, &svc.row)))
        }
        "delete" | "remove" => {
            let reply = api::call(shared, name, input, caller)?;
            let st = shared.lock();
            Ok(project_reply(reply, |row| {
                Value::Object(service_row(&st, era, kind, row))
            }))
        }
        // The git source, under the name Dokploy gave it before v0.25.5.
        "saveGitProdiver" => api::call(shared, "application.saveGitProvider", input, caller),
        // Answers that are no row (`true`, nothing, a list of names): the current
        // implementation's.
        "saveDockerProvider" | "saveGithubProvider" | "reload" | "saveEnvironment"
        | "saveBuildType" | "saveExternalPort" | "markRunning" | "loadServices" => {
            api::call(shared, name, input, caller)
        }
        _ => Err(ApiError::no_procedure()),
    }
}

fn user_call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let json = |v: Value| Ok(Reply::Json(v));
    // v0.24.12's adminProcedure: the owner only, a bare 401 for the others.
    let owner_only = || {
        if caller.owner {
            Ok(())
        } else {
            Err(ApiError::new(401, "UNAUTHORIZED", "UNAUTHORIZED"))
        }
    };
    match name {
        "user.all" => {
            owner_only()?;
            let st = shared.lock();
            json(Value::Array(
                st.members
                    .iter()
                    .map(|m| member_v0_24(m, user_v0_24(&m.user)))
                    .collect(),
            ))
        }
        "user.one" => {
            let st = shared.lock();
            let id = input_str(input, "userId");
            let m = st
                .member_by_user(&id)
                .ok_or_else(|| ApiError::not_found("User not found in this organization"))?;
            if id != caller.user_id && !caller.owner {
                return Err(ApiError::new(
                    401,
                    "UNAUTHORIZED",
                    "You are not authorized to access this user",
                ));
            }
            json(member_v0_24(m, user_v0_24(&m.user)))
        }
        "user.get" => {
            let st = shared.lock();
            let m = st
                .member_by_user(&caller.user_id)
                .ok_or_else(|| ApiError::not_found("User not found"))?;
            let mut user = user_v0_24(&m.user);
            user.insert("apiKeys".into(), stored_keys_v0_24(&st, &caller.user_id));
            json(member_v0_24(m, user))
        }
        // The caller's user with its (web server) backups and its keys.
        "user.getBackups" => {
            owner_only()?;
            let st = shared.lock();
            let m = st
                .member_by_user(&caller.user_id)
                .ok_or_else(|| ApiError::not_found("User not found"))?;
            let mut user = user_v0_24(&m.user);
            user.insert("backups".into(), json!([]));
            user.insert("apiKeys".into(), stored_keys_v0_24(&st, &caller.user_id));
            json(Value::Object(user))
        }
        // better-auth answers the new key without the metadata it stores (as a JSON string,
        // which `user.get` shows).
        "user.createApiKey" => {
            let reply = api::call(shared, name, input, caller)?;
            let metadata = input
                .get("metadata")
                .filter(|m| !m.is_null())
                .map(|m| json!(m.to_string()))
                .unwrap_or(Value::Null);
            let mut st = shared.lock();
            Ok(project_reply(reply, |row| {
                let id = s(row, "id");
                if let Some(k) = st.api_keys.iter_mut().find(|k| s(&k.row, "id") == id) {
                    k.row.insert("metadata".into(), metadata);
                }
                Value::Object(api_key_v0_24(row))
            }))
        }
        _ => api::call(shared, name, input, caller),
    }
}

/// Answers `name` as `era` (v0.18.4 or v0.24.12) does; only the era's procedures get here.
pub fn call(
    shared: &Arc<Shared>,
    era: Era,
    name: &str,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let (router, procedure) = name.split_once('.').unwrap_or((name, ""));
    let json = |v: Value| Ok(Reply::Json(v));
    if crate::moves::handles(name) {
        return crate::moves::call(shared, name, input, caller, era);
    }
    if crate::docker::handles(name) {
        return crate::docker::call(shared, name, input, caller, era);
    }
    if crate::traefik::handles(name) {
        return crate::traefik::call(shared, name, input, caller, era);
    }
    if crate::previews::handles(router) {
        return crate::previews::call(shared, name, input, caller, era);
    }
    if crate::rollbacks::handles(router) {
        return crate::rollbacks::call(shared, name, input, caller, era);
    }
    if let Some(kind) = Kind::from_router(router) {
        return service_call(shared, era, kind, name, input, caller);
    }
    if crate::backups::handles(router) {
        return crate::backups::call(shared, name, input, caller, era);
    }
    if crate::advanced::handles(router) {
        return crate::advanced::call(shared, name, input, caller, era);
    }
    if name == "admin.getServerMetrics" {
        // v0.18.4's name of `server.getServerMetrics`, with the same input and answers.
        return crate::servers::call(shared, "server.getServerMetrics", input, caller, era);
    }
    if let Some(reply) = api::settings_call(shared, router, name, input, caller, era) {
        return reply;
    }
    if router == "domain" {
        return match procedure {
            "byApplicationId" | "byComposeId" => {
                let (kind, key) = if procedure == "byApplicationId" {
                    (Kind::Application, "applicationId")
                } else {
                    (Kind::Compose, "composeId")
                };
                let st = shared.lock();
                json(domains(&st, era, kind, &input_str(input, key)))
            }
            _ => {
                let reply = api::call(shared, name, input, caller)?;
                Ok(project_reply(reply, |d| domain_row(era, d)))
            }
        };
    }
    if crate::people::handles(name, era) {
        return crate::people::call(shared, name, input, caller, era);
    }
    if router == "user" && era == Era::V0_24_12 {
        return user_call(shared, name, input, caller);
    }
    match name {
        "settings.getDokployVersion" => json(json!(era.version())),
        "settings.health" => json(json!({"status": "not_cloud"})),
        "user.all" => json(json!([])),
        "project.all" => {
            let st = shared.lock();
            if caller.owner {
                return Ok(Reply::Raw(shared.project_all_cached(&st)));
            }
            let (projects, services) = api::service_access(&st, caller);
            json(project_all(&st, era, &projects, &services))
        }
        "project.one" => {
            let st = shared.lock();
            let (projects, services) = api::service_access(&st, caller);
            let pid = input_str(input, "projectId");
            let p = Some(&pid)
                .filter(|pid| visible(&projects, pid))
                .and_then(|pid| project_services(&st, era, pid, false, &services))
                .ok_or_else(|| ApiError::not_found("Project not found"))?;
            json(Value::Object(p))
        }
        "project.create" => {
            let reply = api::call(shared, name, input, caller)?;
            let pid = match &reply {
                Reply::Json(v) => input_str(&v["project"], "projectId"),
                _ => String::new(),
            };
            let st = shared.lock();
            let p = st
                .projects
                .get(&pid)
                .ok_or_else(|| ApiError::not_found("Project not found"))?;
            json(Value::Object(project_row(&st, era, &p.row)))
        }
        "project.update" => {
            api::call(shared, name, input, caller)?;
            let st = shared.lock();
            let p = st
                .projects
                .get(&input_str(input, "projectId"))
                .ok_or_else(|| ApiError::not_found("Project not found"))?;
            json(Value::Object(project_row(&st, era, &p.row)))
        }
        "project.remove" => {
            let mut st = shared.lock();
            let p = st
                .remove_project(&input_str(input, "projectId"))
                .ok_or_else(|| ApiError::not_found("Project not found"))?;
            crate::store::refresh_owner_access(&mut st);
            json(Value::Object(project_row(&st, era, &p.row)))
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
            json(deployments(&st, era, &id))
        }
        // v0.24.12 looks for the runs only (no `Schedule not found`).
        "deployment.allByType" => {
            let list = match api::call(shared, name, input, caller) {
                Ok(Reply::Json(Value::Array(list))) => list,
                Ok(_) => Vec::new(),
                Err(e) if e.status == 404 => Vec::new(),
                Err(e) => return Err(e),
            };
            json(Value::Array(
                list.iter()
                    .filter_map(Value::as_object)
                    .map(|d| {
                        let mut v = deployment_row(era, d);
                        v["rollback"] = d.get("rollback").cloned().unwrap_or(Value::Null);
                        v
                    })
                    .collect(),
            ))
        }
        "organization.all" => {
            let st = shared.lock();
            json(json!([organization_v0_24(&st.org)]))
        }
        // An unknown organization is no row: an empty answer.
        "organization.one" => {
            let st = shared.lock();
            if input_str(input, "organizationId") != st.org_id() {
                return Ok(Reply::Void);
            }
            json(organization_v0_24(&st.org))
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
