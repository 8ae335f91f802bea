//! Answers that join rows (project trees, `*.one` with relations), shaped like Dokploy v0.30.2.

use std::collections::HashSet;

use serde_json::{json, Value};

use crate::kind::{Kind, ALL_KINDS};
use crate::shapes::{s, Row};
use crate::store::{Environment, Store};

fn pick(row: &Row, keys: &[&str]) -> Value {
    let mut out = Row::new();
    for k in keys {
        out.insert((*k).into(), row.get(*k).cloned().unwrap_or(Value::Null));
    }
    Value::Object(out)
}

fn with(mut v: Value, key: &str, value: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.insert(key.into(), value);
    }
    v
}

/// Which services a caller sees (None: all of them).
pub type Access = Option<HashSet<String>>;

fn visible(access: &Access, id: &str) -> bool {
    access.as_ref().is_none_or(|a| a.contains(id))
}

fn env_services<'a>(
    st: &'a Store,
    env: &'a Environment,
    kind: Kind,
    access: &'a Access,
) -> impl Iterator<Item = &'a Row> + 'a {
    env.service_ids
        .iter()
        .filter(move |id| visible(access, id))
        .filter_map(move |id| st.services.get(id))
        .filter(move |svc| svc.kind == kind)
        .map(|svc| &svc.row)
}

/// `project.all`: projects with environments holding service stubs, and their tags.
pub fn project_all(st: &Store, projects: &Access, services: &Access) -> Value {
    let mut out = Vec::with_capacity(st.project_order.len());
    for pid in &st.project_order {
        if !visible(projects, pid) {
            continue;
        }
        let Some(p) = st.projects.get(pid) else {
            continue;
        };
        let mut envs = Vec::new();
        for eid in &p.env_ids {
            let Some(env) = st.environments.get(eid) else {
                continue;
            };
            let mut e = pick(&env.row, &["name", "environmentId", "isDefault"]);
            for kind in ALL_KINDS {
                let keys: &[&str] = match kind {
                    Kind::Application => &["applicationId", "name", "applicationStatus"],
                    Kind::Compose => &["composeId", "name", "composeStatus"],
                    other => match other.id_key() {
                        "postgresId" => &["postgresId"],
                        "mysqlId" => &["mysqlId"],
                        "mariadbId" => &["mariadbId"],
                        "mongoId" => &["mongoId"],
                        "redisId" => &["redisId"],
                        _ => &["libsqlId"],
                    },
                };
                let list: Vec<Value> = env_services(st, env, kind, services)
                    .map(|r| pick(r, keys))
                    .collect();
                e = with(e, kind.list_key(), Value::Array(list));
            }
            envs.push(e);
        }
        let mut v = Value::Object(p.row.clone());
        v = with(v, "environments", Value::Array(envs));
        v = with(v, "projectTags", crate::tags::of_project(st, pid));
        out.push(v);
    }
    Value::Array(out)
}

/// Service summary in `project.one` / `environment.byProjectId`.
fn summary(st: &Store, kind: Kind, row: &Row) -> Value {
    let v = match kind {
        Kind::Application => pick(
            row,
            &[
                "name",
                "description",
                "appName",
                "createdAt",
                "serverId",
                "applicationStatus",
                "applicationId",
                "icon",
            ],
        ),
        Kind::Compose => pick(
            row,
            &[
                "name",
                "description",
                "appName",
                "createdAt",
                "serverId",
                "composeId",
                "composeStatus",
            ],
        ),
        _ => pick(
            row,
            &[
                "name",
                "description",
                "appName",
                "createdAt",
                "serverId",
                "applicationStatus",
                kind.id_key(),
            ],
        ),
    };
    with(v, "server", server_of(st, row))
}

/// Service summary in `environment.one` (no appName).
fn env_one_summary(st: &Store, kind: Kind, row: &Row) -> Value {
    let v = match kind {
        Kind::Application => pick(
            row,
            &[
                "name",
                "applicationId",
                "createdAt",
                "applicationStatus",
                "description",
                "serverId",
                "icon",
            ],
        ),
        Kind::Compose => pick(
            row,
            &[
                "composeId",
                "name",
                "createdAt",
                "composeStatus",
                "description",
                "serverId",
                "icon",
            ],
        ),
        _ => pick(
            row,
            &[
                kind.id_key(),
                "name",
                "createdAt",
                "applicationStatus",
                "description",
                "serverId",
            ],
        ),
    };
    with(v, "server", server_of(st, row))
}

/// A service's `server` as `project.one` and `environment.one` nest it (`with: { server:
/// { columns: { name: true } } }`): `{name}` of the remote server it runs on, or null.
fn server_of(st: &Store, row: &Row) -> Value {
    let id = s(row, "serverId");
    st.servers
        .iter()
        .find(|srv| !id.is_empty() && s(srv, "serverId") == id)
        .map_or(Value::Null, |srv| json!({ "name": s(srv, "name") }))
}

pub fn project_one(st: &Store, pid: &str, services: &Access) -> Option<Value> {
    let p = st.projects.get(pid)?;
    let mut envs = Vec::new();
    for eid in &p.env_ids {
        let Some(env) = st.environments.get(eid) else {
            continue;
        };
        let mut e = Value::Object(env.row.clone());
        for kind in ALL_KINDS {
            let list: Vec<Value> = env_services(st, env, kind, services)
                .map(|r| summary(st, kind, r))
                .collect();
            e = with(e, kind.list_key(), Value::Array(list));
        }
        envs.push(e);
    }
    let v = with(
        Value::Object(p.row.clone()),
        "environments",
        Value::Array(envs),
    );
    Some(with(v, "projectTags", crate::tags::of_project(st, pid)))
}

fn project_row_of_env(st: &Store, env: &Environment) -> Value {
    st.projects
        .get(&s(&env.row, "projectId"))
        .map(|p| Value::Object(p.row.clone()))
        .unwrap_or(Value::Null)
}

pub fn environment_one(st: &Store, eid: &str, services: &Access) -> Option<Value> {
    let env = st.environments.get(eid)?;
    let mut e = pick(
        &env.row,
        &[
            "name",
            "description",
            "environmentId",
            "isDefault",
            "projectId",
            "env",
        ],
    );
    for kind in ALL_KINDS {
        let list: Vec<Value> = env_services(st, env, kind, services)
            .map(|r| env_one_summary(st, kind, r))
            .collect();
        e = with(e, kind.list_key(), Value::Array(list));
    }
    Some(with(e, "project", project_row_of_env(st, env)))
}

pub fn environments_by_project(st: &Store, pid: &str, services: &Access) -> Option<Value> {
    let p = st.projects.get(pid)?;
    let mut out = Vec::new();
    for eid in &p.env_ids {
        let Some(env) = st.environments.get(eid) else {
            continue;
        };
        let mut e = pick(
            &env.row,
            &["name", "description", "environmentId", "isDefault"],
        );
        for kind in ALL_KINDS {
            let list: Vec<Value> = env_services(st, env, kind, services)
                .map(|r| {
                    let v = summary(st, kind, r);
                    if kind == Kind::Compose {
                        with(v, "icon", r.get("icon").cloned().unwrap_or(Value::Null))
                    } else {
                        v
                    }
                })
                .collect();
            e = with(e, kind.list_key(), Value::Array(list));
        }
        out.push(with(e, "project", project_row_of_env(st, env)));
    }
    Some(Value::Array(out))
}

/// The environment of a service, with its project nested (as in `*.one`).
pub fn nested_environment(st: &Store, environment_id: &str) -> Value {
    match st.environments.get(environment_id) {
        Some(env) => with(
            Value::Object(env.row.clone()),
            "project",
            project_row_of_env(st, env),
        ),
        None => Value::Null,
    }
}

/// Deployments of a service, newest first.
pub fn deployments_of(st: &Store, service_id: &str) -> Vec<Value> {
    st.deployments
        .iter()
        .rev()
        .filter(|d| d.service_id == service_id)
        .map(|d| Value::Object(d.row.clone()))
        .collect()
}

pub fn domains_of(st: &Store, kind: Kind, service_id: &str) -> Vec<Value> {
    let key = kind.id_key();
    st.domains
        .iter()
        .filter(|d| d.get(key).and_then(Value::as_str) == Some(service_id))
        .map(|d| Value::Object(d.clone()))
        .collect()
}

pub fn mounts_of(st: &Store, kind: Kind, service_id: &str) -> Vec<Value> {
    owned_rows(&st.mounts, kind.id_key(), service_id)
}

/// The rows of `rows` whose `key` is `id` (a service's mounts, an application's ports, ...).
pub fn owned_rows(rows: &[Row], key: &str, id: &str) -> Vec<Value> {
    rows.iter()
        .filter(|r| r.get(key).and_then(Value::as_str) == Some(id))
        .map(|r| Value::Object(r.clone()))
        .collect()
}

/// `K.one`: the row with its relations.
pub fn service_one(st: &Store, kind: Kind, id: &str) -> Option<Value> {
    let svc = st.service(kind, id)?;
    let mut v = svc.row.clone();
    let env = nested_environment(st, &s(&svc.row, "environmentId"));
    v.insert("environment".into(), env);
    match kind {
        Kind::Application => {
            v.insert("domains".into(), Value::Array(domains_of(st, kind, id)));
            v.insert("deployments".into(), Value::Array(deployments_of(st, id)));
            v.insert("mounts".into(), Value::Array(mounts_of(st, kind, id)));
            for (k, list) in crate::advanced::application_lists(st, crate::Era::V0_30_2, id) {
                v.insert(k.into(), list);
            }
            v.insert(
                "previewDeployments".into(),
                crate::previews::of_application(st, id),
            );
            for k in [
                "gitlab",
                "github",
                "bitbucket",
                "gitea",
                "server",
                "unauthorizedProvider",
            ] {
                v.insert(k.into(), Value::Null);
            }
            // The registries without their passwords (`columns: {password: false}`).
            for (k, id_key) in [
                ("registry", "registryId"),
                ("buildRegistry", "buildRegistryId"),
                ("rollbackRegistry", "rollbackRegistryId"),
            ] {
                let r = crate::rollbacks::registry_relation(st, &svc.row, id_key, false);
                v.insert(k.into(), r);
            }
            v.insert("hasGitProviderAccess".into(), json!(true));
        }
        Kind::Compose => {
            v.insert("deployments".into(), Value::Array(deployments_of(st, id)));
            v.insert("mounts".into(), Value::Array(mounts_of(st, kind, id)));
            v.insert("domains".into(), Value::Array(domains_of(st, kind, id)));
            for k in [
                "github",
                "gitlab",
                "bitbucket",
                "gitea",
                "server",
                "unauthorizedProvider",
            ] {
                v.insert(k.into(), Value::Null);
            }
            v.insert(
                "backups".into(),
                crate::backups::service_backups(st, kind, id),
            );
            v.insert("hasGitProviderAccess".into(), json!(true));
        }
        _ => {
            v.insert("mounts".into(), Value::Array(mounts_of(st, kind, id)));
            v.insert("server".into(), Value::Null);
            if kind != Kind::Redis {
                v.insert(
                    "backups".into(),
                    crate::backups::service_backups(st, kind, id),
                );
            }
        }
    }
    Some(Value::Object(v))
}

/// What `K.start` / `K.stop` answer: applications drop the git-access fields, compose
/// answers its row, databases their `one`.
pub fn service_after_action(st: &Store, kind: Kind, id: &str) -> Option<Value> {
    match kind {
        Kind::Compose => st
            .service(kind, id)
            .map(|svc| Value::Object(svc.row.clone())),
        Kind::Application => {
            let mut v = service_one(st, kind, id)?;
            if let Value::Object(m) = &mut v {
                m.remove("hasGitProviderAccess");
                m.remove("unauthorizedProvider");
            }
            Some(v)
        }
        _ => service_one(st, kind, id),
    }
}

pub fn member_with_user(m: &crate::store::Member) -> Value {
    with(
        Value::Object(m.row.clone()),
        "user",
        Value::Object(m.user.clone()),
    )
}
