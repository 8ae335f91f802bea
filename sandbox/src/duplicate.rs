//! Duplicating (v0.30.2): `project.duplicate` and `environment.duplicate`, from Dokploy's source
//! (`routers/project.ts`, `services/environment.ts`) and the recordings.
//!
//! - `environment.duplicate {environmentId, name, description?}`: a new, empty environment of
//!   the same project (the services are not copied), its `env` the original's, its description
//!   the given one or else the original's; the row answered. An unknown id: 400 `Error
//!   duplicating the environment: Environment not found`; a member needs the environment among
//!   its `accessedEnvironments` (400 `... You are not allowed to duplicate this environment`).
//! - `project.duplicate {sourceEnvironmentId, name, description?, includeServices = true,
//!   selectedServices?: [{id, type}], duplicateInSameProject = false}`: into a new project
//!   (`name`, `description`, env `""`, with its production environment) or, with
//!   `duplicateInSameProject`, into the source environment itself. Each selected service is
//!   copied field for field (status and `createdAt` included) with a fresh id, an `appName` of
//!   the original's without its suffix plus a new one, `name (copy)` in the same project, a new
//!   `refreshToken`; with its mounts, and for an application its domains, ports, redirects and
//!   basic-auth users, for a compose service its domains, for a MariaDB, MongoDB or MySQL its
//!   backups (fresh ids and app names). Preview deployments are not copied. A Postgres with
//!   backups fails as Dokploy's does (it keeps the backup's `appName`, which is unique): 400
//!   `Error duplicating the project: Failed query: insert into "backup" ...` after the copy and
//!   its mounts were made, and whatever was copied before stays (no transaction). The answer is
//!   the target environment: the new project's production environment row, or the source
//!   environment as `environment.one` shows it, read before the copies were made. Unknown
//!   services: `... <Kind> not found`; in the same project an unknown environment: `...
//!   Environment not found`. A member needs `canCreateProjects` (`... unauthorized to access
//!   resource "project"`) and, in the same project, the project among its `accessedProjects`
//!   (`... You don't have access to this project`); a new project is added to its access.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::api::{input_str, ApiError, Caller, Reply};
use crate::kind::Kind;
use crate::shapes::{s, Row};
use crate::store::{self, Service, Store};
use crate::util::{app_suffix, now_ms};
use crate::Shared;

pub fn handles(name: &str) -> bool {
    matches!(name, "project.duplicate" | "environment.duplicate")
}

const BACKUP_COLUMNS: [&str; 20] = [
    "backupId",
    "appName",
    "schedule",
    "enabled",
    "database",
    "prefix",
    "serviceName",
    "destinationId",
    "keepLatestCount",
    "includeEncryptionKey",
    "backupType",
    "databaseType",
    "composeId",
    "postgresId",
    "mariadbId",
    "mysqlId",
    "mongoId",
    "libsqlId",
    "userId",
    "metadata",
];

fn bad(prefix: &str, message: &str) -> ApiError {
    ApiError::new(400, "BAD_REQUEST", format!("{prefix}: {message}"))
}

fn member_list(st: &Store, caller: &Caller, key: &str) -> Vec<String> {
    st.member_by_user(&caller.user_id)
        .and_then(|m| m.row.get(key))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Copies the rows of `rows` that belong to `old` (`key`) for `new`, each with a fresh `id_key`.
fn copy_rows(
    st: &mut Store,
    pick: fn(&mut Store) -> &mut Vec<Row>,
    id_key: &str,
    key: &str,
    old: &str,
    new: &str,
) {
    let copies: Vec<Row> = pick(st)
        .iter()
        .filter(|r| s(r, key) == old)
        .cloned()
        .collect();
    for mut row in copies {
        let id = st.new_id();
        row.insert(id_key.into(), json!(id));
        row.insert(key.into(), json!(new));
        pick(st).push(row);
    }
}

fn duplicate_service(
    st: &mut Store,
    kind: Kind,
    id: &str,
    target_env: &str,
    same_project: bool,
) -> Result<(), String> {
    let (mut row, fail_deploy) = match st.services.get(id) {
        Some(svc) if svc.kind == kind => (svc.row.clone(), svc.fail_deploy),
        _ => return Err(format!("{} not found", kind.label())),
    };
    let new_id = st.new_id();
    let app_name = s(&row, "appName");
    let base = app_name
        .rfind('-')
        .map_or(String::new(), |i| app_name[..i].to_string());
    let suffix = app_suffix(&mut st.rng);
    row.insert(kind.id_key().into(), json!(new_id));
    row.insert("appName".into(), json!(format!("{base}-{suffix}")));
    if same_project {
        row.insert("name".into(), json!(format!("{} (copy)", s(&row, "name"))));
    }
    row.insert("environmentId".into(), json!(target_env));
    if row.contains_key("refreshToken") {
        let token = st.new_id();
        row.insert("refreshToken".into(), json!(token));
    }
    st.services.insert(
        new_id.clone(),
        Service {
            kind,
            row,
            fail_deploy,
        },
    );
    if let Some(e) = st.environments.get_mut(target_env) {
        e.service_ids.push(new_id.clone());
    }
    let key = kind.id_key();
    copy_rows(st, |st| &mut st.mounts, "mountId", key, id, &new_id);
    match kind {
        Kind::Application => {
            copy_rows(st, |st| &mut st.domains, "domainId", key, id, &new_id);
            copy_rows(st, |st| &mut st.ports, "portId", key, id, &new_id);
            copy_rows(st, |st| &mut st.redirects, "redirectId", key, id, &new_id);
            copy_rows(st, |st| &mut st.security, "securityId", key, id, &new_id);
        }
        Kind::Compose => copy_rows(st, |st| &mut st.domains, "domainId", key, id, &new_id),
        Kind::Postgres | Kind::Mariadb | Kind::Mongo | Kind::Mysql => {
            let backups: Vec<Row> = st
                .backups
                .iter()
                .filter(|b| s(b, key) == id)
                .cloned()
                .collect();
            for mut b in backups {
                let backup_id = st.new_id();
                b.insert("backupId".into(), json!(backup_id));
                b.insert(key.into(), json!(new_id));
                if kind == Kind::Postgres {
                    // Dokploy keeps the postgres backup's appName, a unique column.
                    st.touch();
                    return Err(crate::advanced::failed_insert(
                        "backup",
                        &BACKUP_COLUMNS,
                        &b,
                    ));
                }
                let app = st.generated_app_name("backup");
                b.insert("appName".into(), json!(app));
                st.backups.push(b);
            }
        }
        _ => {}
    }
    st.touch();
    Ok(())
}

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let mut st = shared.lock();
    let now = now_ms();
    match name {
        "environment.duplicate" => {
            let prefix = "Error duplicating the environment";
            let id = input_str(input, "environmentId");
            let Some(env) = st.environments.get(&id).map(|e| e.row.clone()) else {
                return Err(bad(prefix, "Environment not found"));
            };
            if !caller.owner && !member_list(&st, caller, "accessedEnvironments").contains(&id) {
                return Err(bad(
                    prefix,
                    "You are not allowed to duplicate this environment",
                ));
            }
            let description = Some(input_str(input, "description"))
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| s(&env, "description"));
            let pid = s(&env, "projectId");
            let eid = st.add_environment(&pid, &input_str(input, "name"), &description, false, now);
            let row = {
                let e = st.environments.get_mut(&eid).expect("just made");
                e.row
                    .insert("env".into(), env.get("env").cloned().unwrap_or(json!("")));
                e.row.clone()
            };
            store::refresh_owner_access(&mut st);
            Ok(Reply::Json(Value::Object(row)))
        }
        "project.duplicate" => {
            let prefix = "Error duplicating the project";
            let flag = |st: &Store, k: &str| {
                st.member_by_user(&caller.user_id)
                    .and_then(|m| m.row.get(k))
                    .and_then(Value::as_bool)
                    == Some(true)
            };
            if !caller.owner && !flag(&st, "canCreateProjects") {
                return Err(bad(prefix, "unauthorized to access resource \"project\""));
            }
            let same = input
                .get("duplicateInSameProject")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let source = input_str(input, "sourceEnvironmentId");
            let (target_env, answer, new_project) = if same {
                let Some(env) = st.environments.get(&source) else {
                    return Err(bad(prefix, "Environment not found"));
                };
                let pid = s(&env.row, "projectId");
                if !caller.owner && !member_list(&st, caller, "accessedProjects").contains(&pid) {
                    return Err(bad(prefix, "You don't have access to this project"));
                }
                let answer =
                    crate::views::environment_one(&st, &source, &None).unwrap_or(Value::Null);
                (source.clone(), answer, None)
            } else {
                let pid = st.add_project(
                    &input_str(input, "name"),
                    input.get("description").cloned().unwrap_or(Value::Null),
                    now,
                );
                let eid =
                    st.add_environment(&pid, "production", "Production environment", true, now);
                let answer = st
                    .environments
                    .get(&eid)
                    .map(|e| Value::Object(e.row.clone()))
                    .unwrap_or(Value::Null);
                (eid, answer, Some(pid))
            };
            let include = input
                .get("includeServices")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            let selected: Vec<(Kind, String)> = input
                .get("selectedServices")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(|x| {
                            let kind = Kind::from_router(x.get("type")?.as_str()?)?;
                            Some((kind, x.get("id")?.as_str()?.to_string()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mut result = Ok(());
            if include {
                for (kind, id) in &selected {
                    result = duplicate_service(&mut st, *kind, id, &target_env, same);
                    if result.is_err() {
                        break;
                    }
                }
            }
            if let Err(message) = result {
                store::refresh_owner_access(&mut st);
                return Err(bad(prefix, &message));
            }
            if let Some(pid) = new_project {
                if !caller.owner {
                    if let Some(m) = st
                        .members
                        .iter_mut()
                        .find(|m| s(&m.row, "userId") == caller.user_id)
                    {
                        if let Some(Value::Array(a)) = m.row.get_mut("accessedProjects") {
                            a.push(json!(pid));
                        }
                    }
                }
            }
            store::refresh_owner_access(&mut st);
            Ok(Reply::Json(answer))
        }
        _ => Err(ApiError::no_procedure()),
    }
}
