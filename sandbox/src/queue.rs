//! The deployments queue, like Dokploy v0.30.2's self-hosted in-memory queue
//! (`apps/dokploy/server/queues/`): `application.deploy` / `redeploy`, `compose.deploy` /
//! `redeploy` and `previewDeployment.redeploy` add a job (`job-1`, `job-2`, ... from start-up or
//! a reset) instead of deploying at once. Jobs run one at a time (the web server's
//! `buildsConcurrency`, 1 by default), first in first out, and two jobs of the same service
//! (an application and its previews count as one) never run together. A job is `waiting` until it
//! runs, then `active`; when its deploy ends it leaves the queue (`removeOnComplete`,
//! `removeOnFail`). Only a running job has a deployment row and puts its service in `running`,
//! as Dokploy's worker makes both when it takes the job. Removing a service drops its waiting
//! jobs (`cleanQueuesByApplication`). Databases deploy without the queue, as in Dokploy.
//!
//! `deployment.queueList` lists the jobs newest first as the router maps them:
//! `{id, name: "deployments", data, timestamp, processedOn?, state, servicePath: {href, label}}`
//! (what is undefined, `processedOn` of a waiting job, `finishedOn`, `failedReason`, is absent).

use std::sync::Arc;

use serde_json::{json, Value};

use crate::kind::Kind;
use crate::shapes::s;
use crate::store::Store;
use crate::util::now_ms;
use crate::Shared;

/// How many jobs run at once (Dokploy's default `buildsConcurrency`).
pub const CONCURRENCY: usize = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Waiting,
    Active,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            State::Waiting => "waiting",
            State::Active => "active",
        }
    }
}

/// What a job deploys.
#[derive(Clone, Debug)]
pub enum Work {
    /// An application or a compose service: `deploy` or `redeploy` (a rebuild).
    Service {
        kind: Kind,
        id: String,
        title: String,
        description: String,
        redeploy: bool,
    },
    /// A preview deployment's rebuild.
    Preview {
        preview_id: String,
        title: String,
        description: String,
    },
}

#[derive(Clone, Debug)]
pub struct Job {
    pub id: String,
    /// The job's data as the router builds it (`DeploymentJob`).
    pub data: Value,
    pub timestamp: i64,
    pub processed_on: Option<i64>,
    pub state: State,
    /// Jobs of one group run one after the other: `application:<id>` or `compose:<id>`.
    pub group: String,
    pub work: Work,
    /// The deployment row its deploy made, once it runs.
    pub deployment_id: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Queue {
    jobs: Vec<Job>,
    seq: u64,
}

impl Queue {
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    fn add(&mut self, data: Value, group: String, work: Work, now: i64) -> String {
        self.seq += 1;
        let id = format!("job-{}", self.seq);
        self.jobs.push(Job {
            id: id.clone(),
            data,
            timestamp: now,
            processed_on: None,
            state: State::Waiting,
            group,
            work,
            deployment_id: None,
        });
        id
    }

    /// The job leaves the queue (its deploy ended, or it could not run).
    pub fn remove(&mut self, job_id: &str) {
        self.jobs.retain(|j| j.id != job_id);
    }

    /// Drops the waiting jobs of a service (`applicationId` or `composeId` of their data).
    pub fn remove_waiting(&mut self, service_id: &str) {
        self.jobs.retain(|j| {
            j.state == State::Active
                || (j.data.get("applicationId").and_then(Value::as_str) != Some(service_id)
                    && j.data.get("composeId").and_then(Value::as_str) != Some(service_id))
        });
    }

    /// Records the deployment row of running job `job_id`.
    pub fn started(&mut self, job_id: &str, deployment_id: &str) {
        if let Some(j) = self.jobs.iter_mut().find(|j| j.id == job_id) {
            j.deployment_id = Some(deployment_id.to_string());
        }
    }

    /// The jobs that may start now, marked active: the first waiting ones whose group is not
    /// running, while fewer than [`CONCURRENCY`] run.
    fn take_next(&mut self, now: i64) -> Vec<Job> {
        let mut started = Vec::new();
        loop {
            let active: Vec<String> = self
                .jobs
                .iter()
                .filter(|j| j.state == State::Active)
                .map(|j| j.group.clone())
                .collect();
            if active.len() >= CONCURRENCY {
                break;
            }
            let Some(job) = self
                .jobs
                .iter_mut()
                .find(|j| j.state == State::Waiting && !active.contains(&j.group))
            else {
                break;
            };
            job.state = State::Active;
            job.processed_on = Some(now);
            started.push(job.clone());
        }
        started
    }
}

/// The job's data (`DeploymentJob`) and group for `work`, as the routers build them; None if
/// the service is gone.
fn job_data(st: &Store, work: &Work) -> Option<(Value, String)> {
    match work {
        Work::Service {
            kind,
            id,
            title,
            description,
            redeploy,
        } => {
            let svc = st.service(*kind, id)?;
            let server = !svc.row.get("serverId").is_none_or(Value::is_null);
            let ty = if *redeploy { "redeploy" } else { "deploy" };
            let data = if *kind == Kind::Compose {
                json!({"composeId": id, "titleLog": title, "type": ty,
                    "applicationType": "compose", "descriptionLog": description, "server": server})
            } else {
                json!({"applicationId": id, "titleLog": title, "descriptionLog": description,
                    "type": ty, "applicationType": "application", "server": server})
            };
            Some((data, format!("{}:{id}", kind.router())))
        }
        Work::Preview {
            preview_id,
            title,
            description,
        } => {
            let preview = st
                .previews
                .iter()
                .find(|p| s(p, "previewDeploymentId") == *preview_id)?;
            let app_id = s(preview, "applicationId");
            let server = st
                .services
                .get(&app_id)
                .is_some_and(|a| !a.row.get("serverId").is_none_or(Value::is_null));
            let data = json!({"applicationId": app_id, "titleLog": title,
                "descriptionLog": description, "type": "redeploy",
                "applicationType": "application-preview", "previewDeploymentId": preview_id,
                "server": server});
            Some((data, format!("application:{app_id}")))
        }
    }
}

/// Adds a job for `work` and starts what may start.
pub fn enqueue(shared: &Arc<Shared>, work: Work) {
    {
        let mut st = shared.lock();
        let Some((data, group)) = job_data(&st, &work) else {
            return;
        };
        st.queue.add(data, group, work, now_ms());
        st.touch();
    }
    drain(shared);
}

/// Starts the jobs that may run now (after a job was added or one ended).
pub fn drain(shared: &Arc<Shared>) {
    loop {
        let next = shared.lock().queue.take_next(now_ms());
        if next.is_empty() {
            return;
        }
        for job in next {
            let started = match &job.work {
                Work::Service {
                    kind,
                    id,
                    title,
                    description,
                    redeploy,
                } => crate::api::begin_deploy(
                    shared,
                    *kind,
                    id,
                    title,
                    description,
                    *redeploy,
                    Some(&job.id),
                ),
                Work::Preview {
                    preview_id,
                    title,
                    description,
                } => {
                    crate::previews::begin_redeploy(shared, preview_id, title, description, &job.id)
                }
            };
            if !started {
                // Dokploy's worker fails the job (the service is gone) and takes the next one.
                shared.lock().queue.remove(&job.id);
            }
        }
    }
}

/// `servicePath` of a job (Dokploy's `resolveServicePath`): the service's page in the
/// dashboard, or `{href: null, label: "—"}` when it is gone.
fn service_path(st: &Store, data: &Value) -> Value {
    let app = data.get("applicationId").and_then(Value::as_str);
    let compose = data.get("composeId").and_then(Value::as_str);
    let (kind, id, label) = match (app, compose) {
        (Some(id), _) => (Kind::Application, id, "Application"),
        (None, Some(id)) => (Kind::Compose, id, "Compose"),
        _ => return json!({"href": null, "label": "—"}),
    };
    let Some(svc) = st.service(kind, id) else {
        return json!({"href": null, "label": "—"});
    };
    let env_id = s(&svc.row, "environmentId");
    let project_id = st
        .environments
        .get(&env_id)
        .map(|e| s(&e.row, "projectId"))
        .unwrap_or_default();
    json!({
        "href": format!(
            "/dashboard/project/{project_id}/environment/{env_id}/services/{}/{id}",
            kind.router()
        ),
        "label": label,
    })
}

/// `deployment.queueList`: the waiting and active jobs, newest first.
pub fn list(st: &Store) -> Value {
    // `getJobs()`: the waiting jobs, then the active ones; then sorted by time, newest first
    // (a stable sort).
    let mut jobs: Vec<&Job> = st
        .queue
        .jobs()
        .iter()
        .filter(|j| j.state == State::Waiting)
        .chain(st.queue.jobs().iter().filter(|j| j.state == State::Active))
        .collect();
    jobs.sort_by_key(|j| std::cmp::Reverse(j.timestamp));
    Value::Array(
        jobs.into_iter()
            .map(|j| {
                let mut row = json!({
                    "id": j.id,
                    "name": "deployments",
                    "data": j.data,
                    "timestamp": j.timestamp,
                    "state": j.state.name(),
                    "servicePath": service_path(st, &j.data),
                });
                if let Some(at) = j.processed_on {
                    row["processedOn"] = json!(at);
                }
                row
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(id: &str) -> Work {
        Work::Service {
            kind: Kind::Application,
            id: id.into(),
            title: "t".into(),
            description: String::new(),
            redeploy: false,
        }
    }

    #[test]
    fn one_at_a_time_and_never_two_of_a_group() {
        let mut q = Queue::default();
        let a1 = q.add(
            json!({"applicationId": "a"}),
            "application:a".into(),
            service("a"),
            1,
        );
        let a2 = q.add(
            json!({"applicationId": "a"}),
            "application:a".into(),
            service("a"),
            2,
        );
        let b = q.add(
            json!({"applicationId": "b"}),
            "application:b".into(),
            service("b"),
            3,
        );
        assert_eq!(
            (a1.as_str(), a2.as_str(), b.as_str()),
            ("job-1", "job-2", "job-3")
        );
        let started: Vec<String> = q.take_next(10).into_iter().map(|j| j.id).collect();
        assert_eq!(started, ["job-1"]);
        assert!(q.take_next(11).is_empty(), "one runs at a time");
        q.remove(&a1);
        // job-2 is of the same group as nothing running now: first in, first out.
        let started: Vec<String> = q.take_next(12).into_iter().map(|j| j.id).collect();
        assert_eq!(started, ["job-2"]);
        q.remove_waiting("b");
        assert_eq!(q.jobs().len(), 1, "b's waiting job is dropped");
        q.remove_waiting("a");
        assert_eq!(q.jobs().len(), 1, "an active job stays");
    }
}
