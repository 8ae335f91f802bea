//! The procedures: `/api/<router>.<procedure>` after authentication and input validation.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::kind::Kind;
use crate::shapes::{self, s, DbSettings, Row};
use crate::store::{self, Store};
use crate::util::{iso, now_ms};
use crate::views::{self, Access};
use crate::Shared;

/// A successful answer.
pub enum Reply {
    Json(Value),
    /// Already serialized JSON (cached `project.all`).
    Raw(Arc<Vec<u8>>),
    /// 200 with an empty body, like Dokploy's void mutations.
    Void,
    /// The answer comes when a run ends (a manual backup, a schedule or volume backup run
    /// now): Dokploy's call blocks until then.
    Later(tokio::sync::oneshot::Receiver<Result<Reply, ApiError>>),
}

/// A tRPC error as Dokploy answers it.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub zod: Value,
    pub issues: Option<Value>,
    /// Unknown procedures carry no `data.path`.
    pub with_path: bool,
}

impl ApiError {
    /// Dokploy's `withPermission(resource, ...)` refusing a role that lacks the permission
    /// (v0.30.2): 401 `unauthorized to access resource "<resource>"`.
    pub fn no_permission(resource: &str) -> Self {
        ApiError::new(
            401,
            "UNAUTHORIZED",
            format!("unauthorized to access resource \"{resource}\""),
        )
    }

    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            zod: Value::Null,
            issues: None,
            with_path: true,
        }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, "NOT_FOUND", message)
    }
    pub fn no_procedure() -> Self {
        ApiError {
            with_path: false,
            ..Self::new(404, "NOT_FOUND", "Not found")
        }
    }
    /// Dokploy's answer for a procedure it does not have.
    pub fn is_no_procedure(&self) -> bool {
        self.status == 404 && !self.with_path
    }
    pub fn bad_request(issues: Vec<Value>) -> Self {
        ApiError {
            zod: crate::validate::flatten_issues(&issues),
            issues: Some(Value::Array(issues)),
            ..Self::new(400, "BAD_REQUEST", "Input validation failed")
        }
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, "INTERNAL_SERVER_ERROR", message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, "FORBIDDEN", message)
    }

    /// The JSON body: `{message, code, data:{code, httpStatus, path, zodError}, issues?}`,
    /// or for the eras before environments (`zod3`) `{message, code[, issues]}`.
    pub fn body(&self, path: &str, zod3: bool) -> Value {
        let mut v = json!({"message": self.message, "code": self.code});
        if !zod3 {
            let mut data = json!({"code": self.code, "httpStatus": self.status});
            if self.with_path {
                data["path"] = json!(path);
            }
            data["zodError"] = self.zod.clone();
            v["data"] = data;
        }
        if let Some(i) = &self.issues {
            v["issues"] = i.clone();
        }
        v
    }
}

/// Who is calling.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: String,
    pub owner: bool,
}

pub fn input_str(input: &Value, key: &str) -> String {
    input
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

pub(crate) fn service_access(st: &Store, caller: &Caller) -> (Access, Access) {
    if caller.owner {
        return (None, None);
    }
    let Some(m) = st.member_by_user(&caller.user_id) else {
        return (Some(HashSet::new()), Some(HashSet::new()));
    };
    let set = |k: &str| -> HashSet<String> {
        m.row
            .get(k)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    (Some(set("accessedProjects")), Some(set("accessedServices")))
}

fn require<T>(v: Option<T>, message: &str) -> Result<T, ApiError> {
    v.ok_or_else(|| ApiError::not_found(message))
}

fn not_found_msg(kind: Kind) -> String {
    format!("{} not found", kind.label())
}

/// Copies the fields of `input` that the row has (never its id) into the row.
pub fn merge(row: &mut Row, input: &Value, id_key: &str) {
    if let Value::Object(m) = input {
        for (k, v) in m {
            if k != id_key && row.contains_key(k) {
                row.insert(k.clone(), v.clone());
            }
        }
    }
}

/// The organization's registries, SSH keys, certificates, git providers, remote servers and
/// notifications (every era), if `router` is one of theirs.
pub(crate) fn settings_call(
    shared: &Arc<Shared>,
    router: &str,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: crate::Era,
) -> Option<Result<Reply, ApiError>> {
    if crate::registries::handles(router) {
        return Some(crate::registries::call(shared, name, input, caller, era));
    }
    if crate::ssh_keys::handles(router) {
        return Some(crate::ssh_keys::call(shared, name, input, caller, era));
    }
    if crate::certificates::handles(router) {
        return Some(crate::certificates::call(shared, name, input, caller, era));
    }
    if crate::git_providers::handles(router) {
        return Some(crate::git_providers::call(shared, name, input, caller, era));
    }
    if crate::servers::handles(router) {
        return Some(crate::servers::call(shared, name, input, caller, era));
    }
    if crate::notifications::handles(router) {
        return Some(crate::notifications::call(shared, name, input, caller, era));
    }
    None
}

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let (router, procedure) = name.split_once('.').unwrap_or((name, ""));
    if crate::moves::handles(name) {
        return crate::moves::call(shared, name, input, caller, crate::Era::V0_30_2);
    }
    if crate::activity::handles(name) {
        return crate::activity::call(shared, name, input, caller);
    }
    if crate::duplicate::handles(name) {
        return crate::duplicate::call(shared, name, input, caller);
    }
    if crate::people::handles(name, crate::Era::V0_30_2) {
        return crate::people::call(shared, name, input, caller, crate::Era::V0_30_2);
    }
    if crate::rollbacks::handles(router) {
        return crate::rollbacks::call(shared, name, input, caller, crate::Era::V0_30_2);
    }
    if crate::docker::handles(name) {
        return crate::docker::call(shared, name, input, caller, crate::Era::V0_30_2);
    }
    if crate::traefik::handles(name) {
        return crate::traefik::call(shared, name, input, caller, crate::Era::V0_30_2);
    }
    if crate::previews::handles(router) {
        return crate::previews::call(shared, name, input, caller, crate::Era::V0_30_2);
    }
    if let Some(kind) = Kind::from_router(router) {
        return service_call(shared, kind, procedure, input, caller);
    }
    if crate::backups::handles(router) {
        return crate::backups::call(shared, name, input, caller, crate::Era::V0_30_2);
    }
    if crate::advanced::handles(router) {
        return crate::advanced::call(shared, name, input, caller, crate::Era::V0_30_2);
    }
    if crate::tags::handles(router) {
        return crate::tags::call(shared, name, input, caller);
    }
    if let Some(reply) = settings_call(shared, router, name, input, caller, crate::Era::V0_30_2) {
        return reply;
    }
    let mut st = shared.lock();
    let (projects_acl, services_acl) = service_access(&st, caller);
    let json = |v: Value| Ok(Reply::Json(v));
    match name {
        "settings.getDokployVersion" => json(json!("v0.30.2")),
        "settings.health" => json(json!({"status": "ok"})),
        "project.all" => {
            if caller.owner {
                return Ok(Reply::Raw(shared.project_all_cached(&st)));
            }
            json(views::project_all(&st, &projects_acl, &services_acl))
        }
        "project.one" => {
            let id = input_str(input, "projectId");
            if projects_acl.as_ref().is_some_and(|a| !a.contains(&id)) {
                return Err(ApiError::not_found("Project not found"));
            }
            json(require(
                views::project_one(&st, &id, &services_acl),
                "Project not found",
            )?)
        }
        "project.create" => {
            if !caller.owner && !member_flag(&st, caller, "canCreateProjects") {
                return Err(ApiError::new(
                    401,
                    "UNAUTHORIZED",
                    "You don't have permission to create projects",
                ));
            }
            let now = now_ms();
            let pid = st.add_project(
                &input_str(input, "name"),
                input.get("description").cloned().unwrap_or(Value::Null),
                now,
            );
            if let Some(env) = input.get("env").and_then(Value::as_str) {
                if let Some(p) = st.projects.get_mut(&pid) {
                    p.row.insert("env".into(), json!(env));
                }
            }
            let eid = st.add_environment(&pid, "production", "Production environment", true, now);
            store::refresh_owner_access(&mut st);
            let project = st
                .projects
                .get(&pid)
                .map(|p| p.row.clone())
                .unwrap_or_default();
            let env = st
                .environments
                .get(&eid)
                .map(|e| e.row.clone())
                .unwrap_or_default();
            json(json!({"project": project, "environment": env}))
        }
        "project.update" => {
            let id = input_str(input, "projectId");
            let p = require(st.projects.get_mut(&id), "Project not found")?;
            merge(&mut p.row, input, "projectId");
            let row = p.row.clone();
            st.touch();
            json(Value::Object(row))
        }
        "project.remove" => {
            let id = input_str(input, "projectId");
            let p = require(st.remove_project(&id), "Project not found")?;
            store::refresh_owner_access(&mut st);
            json(Value::Object(p.row))
        }
        "environment.one" => {
            let id = input_str(input, "environmentId");
            json(require(
                views::environment_one(&st, &id, &services_acl),
                "Environment not found",
            )?)
        }
        "environment.byProjectId" => {
            let id = input_str(input, "projectId");
            json(require(
                views::environments_by_project(&st, &id, &services_acl),
                "Project not found",
            )?)
        }
        "environment.create" => {
            let pid = input_str(input, "projectId");
            require(st.projects.get(&pid), "Project not found")?;
            let eid = st.add_environment(
                &pid,
                &input_str(input, "name"),
                &input_str(input, "description"),
                false,
                now_ms(),
            );
            store::refresh_owner_access(&mut st);
            json(Value::Object(
                st.environments
                    .get(&eid)
                    .map(|e| e.row.clone())
                    .unwrap_or_default(),
            ))
        }
        "environment.update" => {
            let id = input_str(input, "environmentId");
            let e = require(st.environments.get_mut(&id), "Environment not found")?;
            merge(&mut e.row, input, "environmentId");
            let row = e.row.clone();
            st.touch();
            json(Value::Object(row))
        }
        "environment.remove" => {
            let id = input_str(input, "environmentId");
            let is_default = st
                .environments
                .get(&id)
                .and_then(|e| e.row.get("isDefault"))
                .and_then(Value::as_bool);
            match is_default {
                None => Err(ApiError::not_found("Environment not found")),
                Some(true) => Err(ApiError::new(
                    400,
                    "BAD_REQUEST",
                    "You cannot delete the default environment",
                )),
                Some(false) => {
                    let e = require(st.remove_environment(&id), "Environment not found")?;
                    store::refresh_owner_access(&mut st);
                    json(Value::Object(e.row))
                }
            }
        }
        "deployment.all" => {
            let id = input_str(input, "applicationId");
            require(st.service(Kind::Application, &id), "Application not found")?;
            json(Value::Array(views::deployments_of(&st, &id)))
        }
        "deployment.allByCompose" => {
            let id = input_str(input, "composeId");
            require(st.service(Kind::Compose, &id), "Compose not found")?;
            json(Value::Array(views::deployments_of(&st, &id)))
        }
        "deployment.allByType" => {
            let id = input_str(input, "id");
            let ty = input_str(input, "type");
            if ty == "schedule" && st.run_owner(store::RunOwner::Schedule, &id).is_none() {
                return Err(ApiError::not_found("Schedule not found"));
            }
            // `deployments[`${type}Id`] = id`, newest first, with the rollback relation.
            let key = format!("{ty}Id");
            let list: Vec<Value> = st
                .deployments
                .iter()
                .rev()
                .filter(|d| d.row.get(&key).and_then(Value::as_str) == Some(id.as_str()))
                .map(|d| {
                    let mut v = Value::Object(d.row.clone());
                    v["rollback"] = crate::rollbacks::relation(d);
                    v
                })
                .collect();
            json(Value::Array(list))
        }
        "deployment.removeDeployment" => {
            let id = input_str(input, "deploymentId");
            let pos = require(
                st.deployments
                    .iter()
                    .position(|d| s(&d.row, "deploymentId") == id),
                "Deployment not found",
            )?;
            let mut service = st.deployments[pos].service_id.clone();
            if let Some(p) = st
                .previews
                .iter()
                .find(|p| s(p, "previewDeploymentId") == service)
            {
                service = s(p, "applicationId");
            }
            if services_acl.as_ref().is_some_and(|a| !a.contains(&service)) {
                return Err(ApiError::new(
                    401,
                    "UNAUTHORIZED",
                    "You don't have access to this service",
                ));
            }
            let d = st.deployments.remove(pos);
            st.touch();
            json(Value::Object(d.row))
        }
        "deployment.readLogs" => {
            let id = input_str(input, "deploymentId");
            let d = require(
                st.deployments
                    .iter()
                    .find(|d| s(&d.row, "deploymentId") == id),
                "Deployment not found",
            )?;
            // No log file (a deployment that never started): Dokploy answers "".
            if s(&d.row, "logPath").is_empty() {
                return json(json!(""));
            }
            let tail = input.get("tail").and_then(Value::as_u64).unwrap_or(100) as usize;
            json(json!(tail_lines(&d.log, tail)))
        }
        "domain.byApplicationId" => {
            let id = input_str(input, "applicationId");
            json(Value::Array(views::domains_of(&st, Kind::Application, &id)))
        }
        "domain.byComposeId" => {
            let id = input_str(input, "composeId");
            json(Value::Array(views::domains_of(&st, Kind::Compose, &id)))
        }
        "domain.one" => {
            let id = input_str(input, "domainId");
            let d = require(find_domain(&st, &id), "Domain not found")?;
            json(Value::Object(d.clone()))
        }
        "domain.create" => {
            let app = input
                .get("applicationId")
                .and_then(Value::as_str)
                .filter(|x| !x.is_empty());
            let compose = input
                .get("composeId")
                .and_then(Value::as_str)
                .filter(|x| !x.is_empty());
            let (kind, sid) = match (app, compose) {
                (Some(a), _) => (Kind::Application, a.to_string()),
                (None, Some(c)) => (Kind::Compose, c.to_string()),
                (None, None) => {
                    return Err(ApiError::new(
                        400,
                        "BAD_REQUEST",
                        "applicationId or composeId is required",
                    ))
                }
            };
            require(st.service(kind, &sid), &not_found_msg(kind))?;
            let id = st.new_id();
            let key = st.next_domain_key();
            let mut row = shapes::domain_row(&id, &input_str(input, "host"), &iso(now_ms()), key);
            row.insert(kind.id_key().into(), json!(sid));
            if kind == Kind::Compose {
                row.insert("domainType".into(), json!("compose"));
            }
            merge(&mut row, input, "domainId");
            st.domains.push(row.clone());
            st.touch();
            json(Value::Object(row))
        }
        "domain.update" => {
            let id = input_str(input, "domainId");
            let d = require(
                st.domains.iter_mut().find(|d| s(d, "domainId") == id),
                "Domain not found",
            )?;
            let mut clean = input.clone();
            if let Value::Object(m) = &mut clean {
                m.remove("applicationId");
                m.remove("composeId");
            }
            merge(d, &clean, "domainId");
            let row = d.clone();
            st.touch();
            json(Value::Object(row))
        }
        "domain.delete" => {
            let id = input_str(input, "domainId");
            let pos = require(
                st.domains.iter().position(|d| s(d, "domainId") == id),
                "Domain not found",
            )?;
            let row = st.domains.remove(pos);
            // A preview deployment goes with its domain (the foreign key cascades).
            let previews: Vec<String> = st
                .previews
                .iter()
                .filter(|p| s(p, "domainId") == id)
                .map(|p| s(p, "previewDeploymentId"))
                .collect();
            for p in previews {
                st.remove_preview(&p);
            }
            st.touch();
            json(Value::Object(row))
        }
        "organization.active" => json(Value::Object(st.org.clone())),
        "organization.one" => {
            if input_str(input, "organizationId") != st.org_id() {
                return Err(ApiError::forbidden(
                    "You are not a member of this organization",
                ));
            }
            json(Value::Object(st.org.clone()))
        }
        "organization.all" => {
            let members: Vec<Value> = st
                .members
                .iter()
                .map(|m| Value::Object(m.row.clone()))
                .collect();
            let mut org = st.org.clone();
            org.insert("members".into(), Value::Array(members));
            json(json!([org]))
        }
        "user.get" => {
            let m = require(st.member_by_user(&caller.user_id), "User not found")?;
            let keys: Vec<Value> = st
                .api_keys
                .iter()
                .filter(|k| k.user_id == caller.user_id)
                .map(|k| shapes::api_key_summary(&k.row))
                .collect();
            let mut v = m.row.clone();
            v.insert(
                "user".into(),
                Value::Object(shapes::user_brief(&m.user, keys)),
            );
            json(Value::Object(v))
        }
        // adminProcedure: the caller's user with its (web-server) backups and its keys, the
        // keys stored hashed.
        "user.getBackups" => {
            if !caller.owner {
                return Err(ApiError::new(401, "UNAUTHORIZED", "UNAUTHORIZED"));
            }
            let m = require(st.member_by_user(&caller.user_id), "User not found")?;
            let keys: Vec<Value> = st
                .api_keys
                .iter()
                .filter(|k| k.user_id == caller.user_id)
                .map(|k| {
                    let mut row = k.row.clone();
                    row.insert("key".into(), json!(hashed_key(&k.key)));
                    Value::Object(row)
                })
                .collect();
            let mut v = m.user.clone();
            v.insert("backups".into(), json!([]));
            v.insert("apiKeys".into(), Value::Array(keys));
            json(Value::Object(v))
        }
        // Dokploy: members are listed to owners and admins only (`withPermission("member",
        // "read")`, which the member role lacks).
        "user.all" => {
            if !caller.owner {
                return Err(ApiError::no_permission("member"));
            }
            json(Value::Array(
                st.members.iter().map(views::member_with_user).collect(),
            ))
        }
        "user.one" => {
            let id = input_str(input, "userId");
            let m = require(st.member_by_user(&id), "User not found")?;
            json(views::member_with_user(m))
        }
        "user.getPermissions" => {
            let m = require(st.member_by_user(&caller.user_id), "User not found")?;
            json(shapes::permissions(caller.owner, &m.row))
        }
        "user.assignPermissions" => {
            if !caller.owner {
                return Err(ApiError::new(
                    401,
                    "UNAUTHORIZED",
                    "Only the owner can assign permissions",
                ));
            }
            let id = input_str(input, "id");
            let m = require(
                st.members
                    .iter_mut()
                    // Like Dokploy (`WHERE member.userId = id`): `id` is the user id.
                    .find(|m| s(&m.row, "userId") == id),
                "User not found",
            )?;
            merge(&mut m.row, input, "id");
            st.touch();
            Ok(Reply::Void)
        }
        "user.createApiKey" => {
            let enabled = input
                .get("rateLimitEnabled")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            let window = input
                .get("rateLimitTimeWindow")
                .and_then(Value::as_i64)
                .unwrap_or(86_400_000);
            let max = input
                .get("rateLimitMax")
                .and_then(Value::as_i64)
                .unwrap_or(10);
            let expires = input
                .get("expiresIn")
                .and_then(Value::as_i64)
                .map(|secs| json!(iso(now_ms() + secs * 1000)))
                .unwrap_or(Value::Null);
            let row = st.add_api_key(
                &caller.user_id,
                &input_str(input, "name"),
                None,
                input.get("prefix").cloned().unwrap_or(Value::Null),
                enabled,
                window,
                max,
                expires,
                Value::Null,
            );
            json(Value::Object(row))
        }
        "user.deleteApiKey" => {
            let id = input_str(input, "apiKeyId");
            let pos = require(
                st.api_keys.iter().position(|k| {
                    s(&k.row, "id") == id && (caller.owner || k.user_id == caller.user_id)
                }),
                "API key not found",
            )?;
            st.api_keys.remove(pos);
            json(json!(true))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

/// What Dokploy stores of a key: a hash (better-auth's, base64url of SHA-256; the sandbox's is
/// only a stand-in that never shows the key).
pub(crate) fn hashed_key(key: &str) -> String {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut out = String::new();
    for round in 0..4u64 {
        for b in key.bytes() {
            h = (h ^ u64::from(b) ^ round).wrapping_mul(0x100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out.chars().take(43).collect()
}

fn member_flag(st: &Store, caller: &Caller, flag: &str) -> bool {
    st.member_by_user(&caller.user_id)
        .and_then(|m| m.row.get(flag))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn find_domain<'a>(st: &'a Store, id: &str) -> Option<&'a Row> {
    st.domains.iter().find(|d| s(d, "domainId") == id)
}

/// The last `n` lines of a log, each ending with a newline (as `deployment.readLogs?tail=`).
pub fn tail_lines(log: &str, n: usize) -> String {
    let lines: Vec<&str> = log.strip_suffix('\n').unwrap_or(log).split('\n').collect();
    let start = lines.len().saturating_sub(n);
    let mut out = String::new();
    for l in &lines[start..] {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// The service names of a compose file: the keys one level under a top-level `services:`.
pub fn compose_service_names(file: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    let mut indent = None::<usize>;
    for line in file.lines() {
        let body = line.trim_end();
        if body.trim().is_empty() || body.trim_start().starts_with('#') {
            continue;
        }
        let depth = body.len() - body.trim_start().len();
        if depth == 0 {
            inside = body.starts_with("services:");
            indent = None;
            continue;
        }
        if !inside {
            continue;
        }
        let want = *indent.get_or_insert(depth);
        if depth == want {
            if let Some(name) = body.trim().strip_suffix(':') {
                names.push(name.trim_matches(|c| c == '"' || c == '\'').to_string());
            }
        }
    }
    names
}

fn container_log(st: &Store, kind: Kind, row: &Row, tail: usize) -> String {
    let app = s(row, "appName");
    let status = s(row, kind.status_key());
    let base = now_ms() - 600_000;
    let mut lines = Vec::new();
    if status == "idle" {
        return format!("No container or service found for: {app}\n");
    }
    let msgs: &[&str] = match kind {
        Kind::Postgres => &[
            "PostgreSQL init process complete; ready for start up.",
            "LOG:  database system is ready to accept connections",
            "LOG:  checkpoint starting: time",
            "LOG:  checkpoint complete: wrote 42 buffers (0.3%)",
        ],
        Kind::Mysql | Kind::Mariadb => &[
            "[Note] [Entrypoint]: Database files initialized",
            "[System] [MY-010931] ready for connections. Version: '8.0.39'  port: 3306",
        ],
        Kind::Mongo => &["{\"msg\":\"Waiting for connections\",\"attr\":{\"port\":27017}}"],
        Kind::Redis => &[
            "* Ready to accept connections tcp",
            "* Background saving started",
        ],
        Kind::Libsql => &["INFO sqld: listening for HTTP requests on 0.0.0.0:8080"],
        Kind::Compose => &["web-1  | nginx: ready", "web-1  | GET / 200"],
        Kind::Application => &[
            "> start",
            "Listening on http://0.0.0.0:3000",
            "GET /health 200 2ms",
            "GET / 200 18ms",
            "POST /api/cart 201 35ms",
        ],
    };
    if st.hostile {
        return crate::hostile::log_text(&app);
    }
    for i in 0..tail.min(200) {
        let msg = msgs[i % msgs.len()];
        lines.push(format!("{} {msg}", iso(base + i as i64 * 7_000)));
    }
    if status == "error" {
        lines.push(format!(
            "{} Error: process exited with code 1",
            iso(now_ms())
        ));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn service_call(
    shared: &Arc<Shared>,
    kind: Kind,
    procedure: &str,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let id_key = kind.id_key();
    let id = input_str(input, id_key);
    let nf = not_found_msg(kind);
    let mut st = shared.lock();
    let json = |v: Value| Ok(Reply::Json(v));
    let exists = st.service(kind, &id).is_some();
    match procedure {
        "create" => return create_service(&mut st, kind, input, caller),
        "update" if !exists => return Err(update_refused(kind, shared.config.era)),
        "one" | "update" | "delete" | "remove" | "deploy" | "redeploy" | "rebuild" | "start"
        | "stop" | "reload" | "saveEnvironment" | "saveBuildType" | "saveDockerProvider"
        | "saveGitProvider" | "saveGithubProvider" | "saveExternalPort" | "saveExternalPorts"
        | "readLogs" | "markRunning" | "loadServices"
            if !exists =>
        {
            return Err(ApiError::not_found(nf));
        }
        _ => {}
    }
    match procedure {
        "one" => json(require(views::service_one(&st, kind, &id), &nf)?),
        "update" => {
            let parsed = update_input(shared.config.era, kind, input);
            if kind == Kind::Application && shared.config.era == crate::Era::V0_30_2 {
                crate::rollbacks::check_registries(&st, &id, &parsed)?;
            }
            let svc = require(st.services.get_mut(&id), &nf)?;
            merge(&mut svc.row, &parsed, id_key);
            let row = svc.row.clone();
            st.touch();
            if kind == Kind::Compose {
                json(Value::Object(row))
            } else {
                json(json!(true))
            }
        }
        "delete" | "remove" => {
            let svc = require(st.remove_service(&id), &nf)?;
            store::refresh_owner_access(&mut st);
            json(Value::Object(svc.row))
        }
        "deploy" | "redeploy" | "rebuild" => {
            let default_title = if procedure == "deploy" {
                "Manual deployment"
            } else {
                "Rebuild deployment"
            };
            let title = input
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or(default_title)
                .to_string();
            let description = input_str(input, "description");
            drop(st);
            if kind.is_database() {
                start_deploy(shared, kind, &id, &title, &description);
                return Ok(Reply::Void);
            }
            crate::queue::enqueue(
                shared,
                crate::queue::Work::Service {
                    kind,
                    id: id.clone(),
                    title,
                    description,
                    redeploy: procedure != "deploy",
                },
            );
            if kind == Kind::Compose {
                let message = if procedure == "deploy" {
                    "Deployment queued"
                } else {
                    "Redeployment queued"
                };
                return json(json!({"success": true, "message": message, "composeId": id}));
            }
            Ok(Reply::Void)
        }
        "start" | "stop" => {
            let status = if procedure == "start" { "done" } else { "idle" };
            st.set_status(&id, status);
            json(require(views::service_after_action(&st, kind, &id), &nf)?)
        }
        "reload" => {
            st.set_status(&id, "done");
            json(json!(true))
        }
        "markRunning" => {
            st.set_status(&id, "running");
            Ok(Reply::Void)
        }
        "saveEnvironment" => {
            let mut fields = json!({});
            for k in ["env", "buildArgs", "buildSecrets", "createEnvFile"] {
                if let Some(v) = input.get(k) {
                    fields[k] = v.clone();
                }
            }
            st.set(&id, fields);
            json(json!(true))
        }
        "saveBuildType" | "saveDockerProvider" | "saveGitProvider" | "saveGithubProvider"
            if kind == Kind::Application =>
        {
            let source = match procedure {
                "saveDockerProvider" => Some("docker"),
                "saveGitProvider" => Some("git"),
                "saveGithubProvider" => Some("github"),
                _ => None,
            };
            let svc = require(st.services.get_mut(&id), &nf)?;
            merge(&mut svc.row, input, id_key);
            if let Some(src) = source {
                svc.row.insert("sourceType".into(), json!(src));
            }
            st.touch();
            json(json!(true))
        }
        "saveExternalPort" | "saveExternalPorts" if kind.is_database() => {
            let svc = require(st.services.get_mut(&id), &nf)?;
            merge(&mut svc.row, input, id_key);
            st.touch();
            json(json!(true))
        }
        "loadServices" if kind == Kind::Compose => {
            let svc = require(st.service(kind, &id), &nf)?;
            let names = compose_service_names(&s(&svc.row, "composeFile"));
            json(json!(names))
        }
        "readLogs" => {
            let svc = require(st.service(kind, &id), &nf)?;
            if !st.docker.available {
                return crate::docker::logs_without_engine(kind, &s(&svc.row, "appName"));
            }
            let tail = input.get("tail").and_then(Value::as_u64).unwrap_or(100) as usize;
            let log = container_log(&st, kind, &svc.row, tail);
            // Dokploy pipes the container log through a case-insensitive grep for `search`.
            let search = input_str(input, "search").to_lowercase();
            if search.is_empty() {
                json(json!(log))
            } else {
                let hits: String = log
                    .lines()
                    .filter(|l| l.to_lowercase().contains(&search))
                    .map(|l| format!("{l}\n"))
                    .collect();
                json(json!(hits))
            }
        }
        _ => Err(ApiError::no_procedure()),
    }
}

/// What `<kind>.update` of a service that does not exist answers: Dokploy v0.30.2 updates no
/// row and says so (400), the older eras look the service up first (404), except Redis's.
fn update_refused(kind: Kind, era: crate::Era) -> ApiError {
    let message = match kind {
        Kind::Application => "Error updating application",
        Kind::Postgres => "Error updating Postgres",
        Kind::Mysql => "Update: Error updating MySQL",
        Kind::Mariadb => "Update: Error updating Mariadb",
        Kind::Mongo => "Update: Error updating Mongo",
        Kind::Redis => "Error updating Redis",
        Kind::Libsql => "Error updating Libsql",
        Kind::Compose => return ApiError::not_found(not_found_msg(kind)),
    };
    if era.flat() && kind != Kind::Redis {
        return ApiError::not_found(not_found_msg(kind));
    }
    ApiError::new(400, "BAD_REQUEST", message)
}

/// The input of `<kind>.update` as zod hands it on: only the fields of the era's schema, swarm
/// settings without the keys their non-strict objects drop; a database's `appName` is never
/// changed (Dokploy's `update<Kind>ById` leaves it out).
pub(crate) fn update_input(era: crate::Era, kind: Kind, input: &Value) -> Value {
    let name = format!("{}.update", kind.router());
    let Some(spec) = era.find(&name) else {
        return input.clone();
    };
    let mut out = serde_json::Map::new();
    for f in spec.fields {
        let Some(v) = input.get(f.name) else {
            continue;
        };
        if kind.is_database() && f.name == "appName" {
            continue;
        }
        let v = match crate::swarm::nested(era, f.name) {
            Some(z) if !v.is_null() => crate::swarm::output(z, v),
            _ => v.clone(),
        };
        out.insert(f.name.to_string(), v);
    }
    Value::Object(out)
}

fn create_service(
    st: &mut Store,
    kind: Kind,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    if !caller.owner && !member_flag(st, caller, "canCreateServices") {
        return Err(ApiError::new(
            401,
            "UNAUTHORIZED",
            "You don't have permission to create services",
        ));
    }
    let env_id = input_str(input, "environmentId");
    require(st.environments.get(&env_id), "Environment not found")?;
    let name = input_str(input, "name");
    let app_name = input
        .get("appName")
        .and_then(Value::as_str)
        .map(String::from);
    let description = input.get("description").cloned().unwrap_or(Value::Null);
    let db = kind.is_database().then(|| DbSettings {
        database_name: input_str(input, "databaseName"),
        database_user: input_str(input, "databaseUser"),
        database_password: input_str(input, "databasePassword"),
        root_password: input
            .get("databaseRootPassword")
            .and_then(Value::as_str)
            .map(String::from)
            .unwrap_or_else(|| crate::util::alnum_from(&mut st.rng, 16)),
        docker_image: input
            .get("dockerImage")
            .and_then(Value::as_str)
            .unwrap_or(DbSettings::default_image(kind))
            .to_string(),
    });
    let app_name = app_name.map(|a| {
        let suffix = crate::util::app_suffix(&mut st.rng);
        format!("{a}-{suffix}")
    });
    let id = st.add_service(
        kind,
        &env_id,
        &name,
        app_name.as_deref(),
        description,
        db,
        now_ms(),
    );
    let mut extra = json!({});
    for k in [
        "sourceType",
        "composeFile",
        "composeType",
        "serverId",
        "replicaSets",
        "sqldNode",
        "sqldPrimaryUrl",
        "enableNamespaces",
    ] {
        if let Some(v) = input.get(k) {
            extra[k] = v.clone();
        }
    }
    if kind == Kind::Compose && input.get("sourceType").is_none() {
        extra["sourceType"] = json!("github");
    }
    st.set(&id, extra);
    store::refresh_owner_access(st);
    if kind == Kind::Libsql {
        return Ok(Reply::Json(json!(true)));
    }
    let row = st
        .services
        .get(&id)
        .map(|s| s.row.clone())
        .unwrap_or_default();
    Ok(Reply::Json(Value::Object(row)))
}

/// Starts a database's deploy at once (Dokploy deploys databases without the queue): its
/// status goes `running`, then `done` a couple of deploy steps later.
pub fn start_deploy(shared: &Arc<Shared>, kind: Kind, id: &str, title: &str, description: &str) {
    begin_deploy(shared, kind, id, title, description, false, None);
}

/// Runs a deploy (of the queue's job `job`, which leaves the queue when it ends): the
/// deployment row appears as `running`, its log grows line by line, then it ends `done` (or
/// `error` for the services set to fail), and the service status follows. An application with
/// rollbacks gets its rollback (`rollbacks`): v0.30.2 makes it as the build starts and uploads
/// the image to the rollback registry after the build, v0.24.12 after a successful `deploy`.
/// False if the service is gone.
pub fn begin_deploy(
    shared: &Arc<Shared>,
    kind: Kind,
    id: &str,
    title: &str,
    description: &str,
    redeploy: bool,
    job: Option<&str>,
) -> bool {
    let epoch = shared.epoch();
    let era = shared.config.era;
    let (lines, fail, deployment_id) = {
        let mut st = shared.lock();
        let Some(svc) = st.services.get(id) else {
            return false;
        };
        let fail = (svc.fail_deploy || st.fail_all_deploys) && !kind.is_database();
        let app = s(&svc.row, "appName");
        let source = match (s(&svc.row, "sourceType").as_str(), s(&svc.row, "owner")) {
            ("docker", _) => s(&svc.row, "dockerImage"),
            (_, owner) if !owner.is_empty() => {
                format!("github.com/{owner}/{}", s(&svc.row, "repository"))
            }
            _ => format!("{app}.git"),
        };
        st.set_status(id, "running");
        let mut lines = match kind {
            Kind::Compose => store::compose_lines(&app, fail),
            Kind::Application if fail => store::failure_lines(&app, &source),
            Kind::Application => store::success_lines(&app, &source),
            _ => vec![],
        };
        let deployment_id = if kind.is_database() {
            None
        } else {
            let first = format!("{}\n", lines.first().cloned().unwrap_or_default());
            let dep = st.add_deployment(id, title, description, "running", first, now_ms(), None);
            if let Some(j) = job {
                st.queue.started(j, &dep);
            }
            if kind == Kind::Application && era == crate::Era::V0_30_2 {
                if let Some(upload) = crate::rollbacks::on_build(&mut st, era, &dep) {
                    if !fail {
                        lines = crate::rollbacks::with_upload(lines, upload);
                    }
                }
            }
            Some(dep)
        };
        (lines, fail, deployment_id)
    };
    let id = id.to_string();
    let job = job.map(String::from);
    let dep = deployment_id.clone();
    run_deploy(
        shared,
        epoch,
        lines,
        fail,
        deployment_id,
        move |st, status| {
            st.set_status(&id, status);
            if let Some(j) = &job {
                st.queue.remove(j);
            }
            let deployed = kind == Kind::Application && !redeploy && status == "done";
            if let (true, crate::Era::V0_24_12, Some(dep)) = (deployed, era, &dep) {
                crate::rollbacks::on_success(st, era, dep);
            }
        },
    );
    true
}

/// The rest of a deploy, in the background: the log of deployment `deployment_id` grows by
/// `lines` (all but the first, already there) a third of a deploy step apart (a database, which
/// has no deployment row, waits two steps), then the deployment ends `done` (`error` when
/// `fail`) and `finish` sets the status of what was deployed; then the queue's next job starts.
/// Stops if the data is reset meanwhile (`epoch`), or when the deployment is no longer running
/// (`killBuild` ended it).
pub(crate) fn run_deploy(
    shared: &Arc<Shared>,
    epoch: u64,
    lines: Vec<String>,
    fail: bool,
    deployment_id: Option<String>,
    finish: impl FnOnce(&mut Store, &str) + Send + 'static,
) {
    let step = Duration::from_millis(shared.config.deploy_step_ms.max(1));
    let tick = step / 3;
    let shared = shared.clone();
    tokio::spawn(async move {
        if deployment_id.is_none() {
            tokio::time::sleep(step * 2).await;
        }
        for line in lines.iter().skip(1) {
            tokio::time::sleep(tick).await;
            if shared.epoch() != epoch {
                return;
            }
            let mut st = shared.lock();
            if let Some(d) = st
                .deployments
                .iter_mut()
                .find(|d| Some(s(&d.row, "deploymentId")) == deployment_id)
            {
                if s(&d.row, "status") != "running" {
                    return;
                }
                d.log.push_str(line);
                d.log.push('\n');
            }
        }
        tokio::time::sleep(tick).await;
        if shared.epoch() != epoch {
            return;
        }
        let mut st = shared.lock();
        let killed = st.deployments.iter().any(|d| {
            Some(s(&d.row, "deploymentId")) == deployment_id && s(&d.row, "status") != "running"
        });
        if killed {
            return;
        }
        let status = if fail { "error" } else { "done" };
        if let Some(d) = st
            .deployments
            .iter_mut()
            .find(|d| Some(s(&d.row, "deploymentId")) == deployment_id)
        {
            d.row.insert("status".into(), json!(status));
            d.row.insert("finishedAt".into(), json!(iso(now_ms())));
        }
        finish(&mut st, status);
        drop(st);
        crate::queue::drain(&shared);
    });
}
