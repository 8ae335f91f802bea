//! The deployments activity center of Dokploy v0.30.2 (`routers/deployment.ts`,
//! `routers/application.ts`, `routers/compose.ts`, `services/deployment.ts`):
//!
//! - `deployment.allCentralized`: every deployment of the organization's applications and compose
//!   services (not previews' nor backups', schedules' or volume backups' runs), newest first, each
//!   with `application: {applicationId, name, appName, icon, environment: {environmentId, name,
//!   project: {projectId, name}}, server, buildServer}` or `compose: {composeId, name, appName,
//!   icon, environment, server}` (the other null) and its own `server` and `buildServer`. A member
//!   sees the deployments of the services given to them (none given: `[]`).
//! - `deployment.queueList`: the deployments queue (`queue`), `[]` when idle.
//! - `application.killBuild`, `compose.killBuild`: Dokploy runs `pkill -2 -f "docker build"`
//!   (`"docker compose"`) on the server and answers an empty 200 whatever it killed. That ends
//!   every running build of that kind, not only the named service's: an application built by
//!   Docker (`dockerfile`, `nixpacks`, `static`; not one deployed from an image, nor a
//!   `railpack` or buildpacks build, whose commands do not say `docker build`) and its previews,
//!   or a compose service deployed with `docker compose` (not a `stack`). Each deploy fails as
//!   Dokploy's catch ends it: the log gets `\nError occurred ❌, check the logs for details.`,
//!   the deployment `error` with `finishedAt` and no `errorMessage`, the service (or preview)
//!   `error`; its job leaves the queue and the next one starts.
//! - `application.cancelDeployment`, `compose.cancelDeployment`: a self-hosted instance answers
//!   400 `Deployment cancellation only available in cloud version`.
//!
//! Members need the service among theirs for the service's procedures (`deployment` permissions,
//! which members hold); an unknown service answers 404 (`Application not found`, `Compose not
//! found`) after that check.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::advanced::{check_service, Action};
use crate::api::{input_str, service_access, ApiError, Caller, Reply};
use crate::kind::Kind;
use crate::queue::{State, Work};
use crate::shapes::{s, Row};
use crate::store::Store;
use crate::util::{iso, now_ms};
use crate::Shared;

/// The procedures this module answers.
pub fn handles(name: &str) -> bool {
    matches!(
        name,
        "deployment.allCentralized"
            | "deployment.queueList"
            | "application.killBuild"
            | "compose.killBuild"
            | "application.cancelDeployment"
            | "compose.cancelDeployment"
    )
}

fn pick(row: &Row, keys: &[&str]) -> Row {
    keys.iter()
        .map(|k| (k.to_string(), row.get(*k).cloned().unwrap_or(Value::Null)))
        .collect()
}

/// `environment: {environmentId, name, project: {projectId, name}}` of a service.
fn environment(st: &Store, row: &Row) -> Value {
    let Some(env) = st.environments.get(&s(row, "environmentId")) else {
        return Value::Null;
    };
    let mut e = pick(&env.row, &["environmentId", "name"]);
    let project = st
        .projects
        .get(&s(&env.row, "projectId"))
        .map(|p| Value::Object(pick(&p.row, &["projectId", "name"])))
        .unwrap_or(Value::Null);
    e.insert("project".into(), project);
    Value::Object(e)
}

/// The service of a deployment as `allCentralized` nests it.
fn service(st: &Store, kind: Kind, id: &str) -> Value {
    let Some(svc) = st.service(kind, id) else {
        return Value::Null;
    };
    let mut v = pick(&svc.row, &[kind.id_key(), "name", "appName", "icon"]);
    v.insert("environment".into(), environment(st, &svc.row));
    // `server` / `buildServer`: `{serverId, name, serverType}` of a remote server; the sandbox
    // deploys on Dokploy's own.
    v.insert("server".into(), Value::Null);
    if kind == Kind::Application {
        v.insert("buildServer".into(), Value::Null);
    }
    Value::Object(v)
}

/// `deployment.allCentralized` for a caller who sees `access` (None: every service).
pub fn centralized(st: &Store, access: &Option<HashSet<String>>) -> Value {
    if access.as_ref().is_some_and(HashSet::is_empty) {
        return json!([]);
    }
    // The organization's applications and compose services (all of the sandbox's) the caller
    // may see.
    let visible = |kind: Kind, id: &str| {
        st.service(kind, id).is_some() && access.as_ref().is_none_or(|a| a.contains(id))
    };
    let mut rows: Vec<(String, usize, Value)> = Vec::new();
    for (i, d) in st.deployments.iter().enumerate() {
        let app = s(&d.row, "applicationId");
        let compose = s(&d.row, "composeId");
        let (application, compose) = if !app.is_empty() && visible(Kind::Application, &app) {
            (service(st, Kind::Application, &app), Value::Null)
        } else if !compose.is_empty() && visible(Kind::Compose, &compose) {
            (Value::Null, service(st, Kind::Compose, &compose))
        } else {
            continue;
        };
        let mut v = d.row.clone();
        v.insert("application".into(), application);
        v.insert("compose".into(), compose);
        v.insert("server".into(), Value::Null);
        v.insert("buildServer".into(), Value::Null);
        rows.push((s(&d.row, "createdAt"), i, Value::Object(v)));
    }
    // `ORDER BY createdAt DESC` (the later row first among equals).
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    Value::Array(rows.into_iter().map(|r| r.2).collect())
}

/// Whether `pkill -f "docker build"` (`compose`: `"docker compose"`) ends the deploy of job
/// `work`: Docker builds of applications (and their previews), `docker compose` deploys.
fn killed_by(st: &Store, kind: Kind, work: &Work) -> bool {
    let app_builds = |app_id: &str| {
        st.service(Kind::Application, app_id).is_some_and(|a| {
            s(&a.row, "sourceType") != "docker"
                && matches!(
                    s(&a.row, "buildType").as_str(),
                    "dockerfile" | "nixpacks" | "static"
                )
        })
    };
    match (kind, work) {
        (
            Kind::Application,
            Work::Service {
                kind: Kind::Application,
                id,
                ..
            },
        ) => app_builds(id),
        (Kind::Application, Work::Preview { preview_id, .. }) => st
            .previews
            .iter()
            .find(|p| s(p, "previewDeploymentId") == *preview_id)
            .is_some_and(|p| app_builds(&s(p, "applicationId"))),
        (
            Kind::Compose,
            Work::Service {
                kind: Kind::Compose,
                id,
                ..
            },
        ) => st
            .service(Kind::Compose, id)
            .is_some_and(|c| s(&c.row, "composeType") != "stack"),
        _ => false,
    }
}

/// `killDockerBuild(kind)`: ends the running deploys it kills (see the module's notes); returns
/// how many.
pub fn kill_builds(st: &mut Store, kind: Kind) -> usize {
    let victims: Vec<(String, Work, Option<String>)> = st
        .queue
        .jobs()
        .iter()
        .filter(|j| j.state == State::Active && killed_by(st, kind, &j.work))
        .map(|j| (j.id.clone(), j.work.clone(), j.deployment_id.clone()))
        .collect();
    let now = now_ms();
    for (job, work, deployment) in &victims {
        if let Some(d) = st
            .deployments
            .iter_mut()
            .find(|d| Some(s(&d.row, "deploymentId")) == *deployment)
        {
            d.log
                .push_str("\nError occurred ❌, check the logs for details.\n");
            d.row.insert("status".into(), json!("error"));
            d.row.insert("finishedAt".into(), json!(iso(now)));
        }
        match work {
            Work::Service { id, .. } => st.set_status(id, "error"),
            Work::Preview { preview_id, .. } => {
                crate::previews::set_preview_status(st, preview_id, "error")
            }
        }
        st.queue.remove(job);
    }
    st.touch();
    victims.len()
}

/// Answers `name` (one of [`handles`]) as Dokploy v0.30.2 does.
pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let mut st = shared.lock();
    match name {
        "deployment.allCentralized" => {
            let (_, services) = service_access(&st, caller);
            Ok(Reply::Json(centralized(&st, &services)))
        }
        "deployment.queueList" => Ok(Reply::Json(crate::queue::list(&st))),
        _ => {
            let (router, procedure) = name.split_once('.').unwrap_or((name, ""));
            let kind = Kind::from_router(router).ok_or_else(ApiError::no_procedure)?;
            let id = input_str(input, kind.id_key());
            check_service(&st, caller, &id, Action::Read)?;
            if st.service(kind, &id).is_none() {
                return Err(ApiError::not_found(format!("{} not found", kind.label())));
            }
            if procedure == "cancelDeployment" {
                return Err(ApiError::new(
                    400,
                    "BAD_REQUEST",
                    "Deployment cancellation only available in cloud version",
                ));
            }
            kill_builds(&mut st, kind);
            drop(st);
            crate::queue::drain(shared);
            Ok(Reply::Void)
        }
    }
}
